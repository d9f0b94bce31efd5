//! Where every kind of page lives: the one place the site's URL segments are declared. The
//! model builds its links from these routes, the page registry its output paths, and the
//! resolver the slugs a content page may not take. A leaf: it imports nothing from the crate.

/// Where the pages of one kind are written, relative to the site's root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of its own: `sitemap.xml`, `clanky/atom.xml`.
    File(&'static str),
    /// A section's index page: `oblasti/` is written to `oblasti/index.html`; `""` is the
    /// home page.
    Section(&'static str),
    /// One page per item of a list under a section: `oblasti/{slug}/`; the section `""` puts
    /// the items at the root (content pages: `{slug}/`).
    Item(&'static str),
}

pub const HOME: Route = Route::Section("");
pub const AREAS: Route = Route::Section("oblasti");
pub const AREA: Route = Route::Item("oblasti");
pub const MEASURES: Route = Route::Section("opatreni");
pub const MEASURE: Route = Route::Item("opatreni");
pub const WAVES: Route = Route::Section("vlny");
pub const WAVE: Route = Route::Item("vlny");
pub const ARTICLES: Route = Route::Section("clanky");
pub const ARTICLE: Route = Route::Item("clanky");
/// A content page (`content/pages/*.md`): at the root, under its slug.
pub const PAGE: Route = Route::Item("");
pub const INDICATORS: Route = Route::Section("indikatory");
pub const INDICATOR: Route = Route::Item("indikatory");
pub const FUNDING: Route = Route::Section("financovani");
pub const RISKS: Route = Route::Section("rizika");
pub const TIMELINE: Route = Route::Section("harmonogram");
pub const DOWNLOADS: Route = Route::Section("data");
pub const SEARCH: Route = Route::Section("hledat");
pub const NOT_FOUND: Route = Route::File("404.html");
pub const SITEMAP: Route = Route::File("sitemap.xml");
pub const ARTICLE_FEED: Route = Route::File("clanky/atom.xml");
pub const ROBOTS: Route = Route::File("robots.txt");
pub const CHANGES_FEED: Route = Route::File("vlny/atom.xml");

impl Route {
    /// The address of the page relative to the site's root, as links name it: `oblasti/`,
    /// `oblasti/1-bydleni/`, `sitemap.xml`; `""` for the home page. `slug` is used by
    /// [`Route::Item`] only.
    pub fn dir(self, slug: &str) -> String {
        match self {
            Route::File(file) => file.to_string(),
            Route::Section("") => String::new(),
            Route::Section(section) => format!("{section}/"),
            Route::Item("") => format!("{slug}/"),
            Route::Item(section) => format!("{section}/{slug}/"),
        }
    }

    /// The section the page belongs to, as the navigation marks it: `oblasti`; `""` for the
    /// home page, the pages at the root and the files of their own (feeds, the sitemap).
    pub const fn section(self) -> &'static str {
        match self {
            Route::Section(section) | Route::Item(section) => section,
            Route::File(_) => "",
        }
    }

    /// The output file of the page: `oblasti/1-bydleni/index.html`, `sitemap.xml`.
    pub fn path(self, slug: &str) -> String {
        match self {
            Route::File(file) => file.to_string(),
            _ => format!("{}index.html", self.dir(slug)),
        }
    }
}

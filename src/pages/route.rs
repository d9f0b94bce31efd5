//! Where every kind of page lives: the one place the site's URL segments are declared. A route
//! names its section by a key (`areas`); the site's [`Segments`] say what the key is in its
//! URLs (`oblasti` on a Czech site, `areas` on an English one: the theme's `[route]` texts).
//! The model builds its links from these routes, the page registry its output paths, and the
//! resolver the slugs a content page may not take. A leaf: it imports nothing from the crate.

/// Where the pages of one kind are written, relative to the site's root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of its own at the root: `sitemap.xml`, `404.html`.
    File(&'static str),
    /// A section's feed: `{section}/atom.xml`.
    Feed(&'static str),
    /// A section's index page: `oblasti/` is written to `oblasti/index.html`; `""` is the
    /// home page.
    Section(&'static str),
    /// One page per item of a list under a section: `oblasti/{slug}/`; the section `""` puts
    /// the items at the root (content pages: `{slug}/`).
    Item(&'static str),
    /// A section's index split into pages: the first (slug `""`) is the section's index
    /// `clanky/`, a later one is under its slug, `clanky/strana/2/`.
    Pages(&'static str),
}

pub const HOME: Route = Route::Section("");
pub const AREAS: Route = Route::Section("areas");
pub const AREA: Route = Route::Item("areas");
pub const MEASURES: Route = Route::Section("measures");
pub const MEASURE: Route = Route::Item("measures");
pub const WAVES: Route = Route::Section("waves");
pub const WAVE: Route = Route::Item("waves");
pub const ARTICLES: Route = Route::Pages("articles");
pub const ARTICLE: Route = Route::Item("articles");
/// A content page (`content/pages/*.md`): at the root, under its slug.
pub const PAGE: Route = Route::Item("");
pub const INDICATORS: Route = Route::Section("indicators");
pub const INDICATOR: Route = Route::Item("indicators");
pub const FUNDING: Route = Route::Section("funding");
pub const RISKS: Route = Route::Section("risks");
pub const TIMELINE: Route = Route::Section("timeline");
pub const DOWNLOADS: Route = Route::Section("data");
pub const SEARCH: Route = Route::Section("search");
pub const NOT_FOUND: Route = Route::File("404.html");
pub const SITEMAP: Route = Route::File("sitemap.xml");
pub const ARTICLE_FEED: Route = Route::Feed("articles");
pub const ROBOTS: Route = Route::File("robots.txt");
pub const CHANGES_FEED: Route = Route::Feed("waves");
pub const TAGS: Route = Route::Section("tags");
/// A tag's articles: `stitky/{tag}/`, then `stitky/{tag}/strana/2/`.
pub const TAG: Route = Route::Item("tags");

/// Every section's key with its Czech segment, the default when a theme's texts give none.
/// `data` is the same in every language: the open data's files are under it. `page` is not a
/// section: it names the later pages of a list (`clanky/strana/2/`).
pub const SECTIONS: [(&str, &str); 12] = [
    ("areas", "oblasti"),
    ("measures", "opatreni"),
    ("waves", "vlny"),
    ("articles", "clanky"),
    ("indicators", "indikatory"),
    ("funding", "financovani"),
    ("risks", "rizika"),
    ("timeline", "harmonogram"),
    ("data", "data"),
    ("search", "hledat"),
    ("tags", "stitky"),
    ("page", "strana"),
];

/// The URL segment of each section of one site, in the order of [`SECTIONS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segments(Vec<String>);

impl Default for Segments {
    /// The Czech segments.
    fn default() -> Self {
        Segments(SECTIONS.iter().map(|(_, s)| s.to_string()).collect())
    }
}

impl Segments {
    /// The segments `segment(key)` gives, each section's default when it gives none; `data`
    /// keeps its own.
    pub fn new(mut segment: impl FnMut(&str) -> Option<String>) -> Self {
        Segments(
            SECTIONS
                .iter()
                .map(|&(key, default)| match key {
                    "data" => default.to_string(),
                    _ => segment(key).unwrap_or_else(|| default.to_string()),
                })
                .collect(),
        )
    }

    /// The segment of the section `key`; `""` for the root.
    pub fn get(&self, key: &str) -> &str {
        SECTIONS
            .iter()
            .position(|(k, _)| *k == key)
            .map_or("", |i| &self.0[i])
    }

    /// Gives the section `key` the segment `segment` (a level's declared `segment`).
    pub fn set(&mut self, key: &str, segment: &str) {
        if let Some(i) = SECTIONS.iter().position(|(k, _)| *k == key) {
            self.0[i] = segment.to_string();
        }
    }

    /// Every section's key and segment.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        SECTIONS
            .iter()
            .map(|(k, _)| *k)
            .zip(self.0.iter().map(String::as_str))
    }
}

impl Route {
    /// The address of the page relative to the site's root, as links name it: `oblasti/`,
    /// `oblasti/1-bydleni/`, `sitemap.xml`; `""` for the home page. `slug` is used by
    /// [`Route::Item`] only.
    pub fn dir(self, segments: &Segments, slug: &str) -> String {
        match self {
            Route::File(file) => file.to_string(),
            Route::Feed(key) => format!("{}/atom.xml", segments.get(key)),
            Route::Section("") => String::new(),
            Route::Section(key) => format!("{}/", segments.get(key)),
            Route::Item("") => format!("{slug}/"),
            Route::Item(key) => format!("{}/{slug}/", segments.get(key)),
            Route::Pages(key) if slug.is_empty() => format!("{}/", segments.get(key)),
            Route::Pages(key) => format!("{}/{slug}/", segments.get(key)),
        }
    }

    /// The section the page belongs to, as the navigation marks it: `oblasti`; `""` for the
    /// home page, the pages at the root and the files of their own (feeds, the sitemap).
    pub fn section(self, segments: &Segments) -> &str {
        match self {
            Route::Section(key) | Route::Item(key) | Route::Pages(key) => segments.get(key),
            Route::File(_) | Route::Feed(_) => "",
        }
    }

    /// The output file of the page: `oblasti/1-bydleni/index.html`, `sitemap.xml`.
    pub fn path(self, segments: &Segments, slug: &str) -> String {
        match self {
            Route::File(_) | Route::Feed(_) => self.dir(segments, slug),
            _ => format!("{}index.html", self.dir(segments, slug)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_take_the_sites_segments() {
        let czech = Segments::default();
        assert_eq!(MEASURE.dir(&czech, "1-1-1-1"), "opatreni/1-1-1-1/");
        assert_eq!(CHANGES_FEED.path(&czech, ""), "vlny/atom.xml");
        assert_eq!(AREAS.path(&czech, ""), "oblasti/index.html");
        let english = Segments::new(|key| Some(key.to_string()));
        assert_eq!(MEASURE.dir(&english, "1-1-1-1"), "measures/1-1-1-1/");
        assert_eq!(ARTICLE_FEED.path(&english, ""), "articles/atom.xml");
        assert_eq!(SEARCH.section(&english), "search");
        // The open data stays under data/.
        let renamed = Segments::new(|_| Some("x".into()));
        assert_eq!(DOWNLOADS.dir(&renamed, ""), "data/");
        assert_eq!(PAGE.dir(&english, "o-planu"), "o-planu/");
        assert_eq!(HOME.path(&english, ""), "index.html");
        assert_eq!(ARTICLES.path(&czech, ""), "clanky/index.html");
        assert_eq!(ARTICLES.dir(&czech, "strana/2"), "clanky/strana/2/");
        assert_eq!(TAG.dir(&english, "housing/page/2"), "tags/housing/page/2/");
    }
}

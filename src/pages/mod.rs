//! The page registry: every kind of page the site has, declared once in [`KINDS`] with its
//! route, its template, how many pages of it the site has, whether the sitemap lists it, which
//! facts of the site it reads, and how its context is built. Rendering, the sitemap, the link
//! checker and `serve`'s dependency tracking all ask this table; adding a kind of page means
//! adding a [`PageKind`] and its row (the context and reads live in the module of its family).

mod articles;
mod documents;
mod facts;
mod indicators;
mod plan;
pub mod route;
mod services;
pub(crate) mod views;
mod waves;

pub(crate) use waves::report_context;

use minijinja::Value;

use crate::chart::Charts;
use crate::i18n::Translations;
use crate::model::{
    AreaIx, ArticleIx, IndicatorIx, Link, MeasureIx, PageIx, RichHtml, Site, WaveIx,
};
pub use articles::FEED_ARTICLES;
pub use facts::{Fact, FactRef};
use route::Route;

/// A kind of page. The order is the order pages are listed (and rendered) in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    Home,
    Areas,
    Area,
    Measures,
    Measure,
    Waves,
    Wave,
    /// `clanky/`, `clanky/strana/2/` …: the articles, a page of them at a time.
    Articles,
    Article,
    /// `stitky/`: every tag of the articles with its number of articles.
    Tags,
    /// `stitky/{tag}/`, `stitky/{tag}/strana/2/` …: a tag's articles.
    Tag,
    /// A content page of `content/pages/`.
    Page,
    Indicators,
    Indicator,
    Funding,
    Risks,
    Timeline,
    /// `data/`: the open-data downloads with the description of every column.
    Downloads,
    /// `hledat/`: the search page, with the plan's structured index for readers without
    /// JavaScript.
    Search,
    NotFound,
    Robots,
    /// `sitemap.xml`: every public page, for search engines.
    Sitemap,
    /// `clanky/atom.xml`: the latest articles as an Atom feed.
    ArticleFeed,
    /// `vlny/atom.xml`: each wave's changes to the plan (statuses, values) as an Atom feed.
    ChangesFeed,
}

impl PageKind {
    /// Whether pages of this kind link the waves' printable reports (with their sizes), and so
    /// are rendered once the reports are made.
    pub fn links_reports(self) -> bool {
        matches!(self, PageKind::Home | PageKind::Wave | PageKind::Downloads)
    }
}

/// One page of the site: its kind and, for kinds with a page per item (areas, measures …), the
/// item's index in the current [`Site`]; 0 for kinds with one page. `ix` stays a plain `usize`
/// because one key serves every kind; each kind's functions turn it into the model's typed
/// index (`MeasureIx::new(ix)`, …) where they look the item up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageKey {
    pub kind: PageKind,
    pub ix: usize,
}

/// Hands each fact a page reads to the visitor until it returns true; says whether it did.
pub type Visit<'s, 'v> = &'v mut dyn FnMut(FactRef<'s>) -> bool;

/// What a kind of page builds for one page, besides its path and template.
pub struct PageView<'a> {
    pub title: String,
    pub description: String,
    pub breadcrumbs: Vec<Link>,
    /// The last breadcrumb, naming this page; the title when absent.
    pub crumb: Option<String>,
    pub context: Value,
    /// Markdown content with embeds, given to the template as `content_html` once its
    /// shortcodes are rendered.
    pub content: Option<&'a RichHtml>,
}

/// What building a page's context may use.
pub struct Cx<'a> {
    pub site: &'a Site,
    pub charts: &'a Charts,
    pub tr: &'a Translations,
    /// The waves' printable reports as pages link them, by wave; empty while unknown.
    pub reports: &'a [Option<crate::report::ReportLink>],
}

/// How many pages of a kind the site has.
#[derive(Clone, Copy)]
pub enum Count {
    /// One page, always.
    One,
    /// One page, when the site's base URL is absolute (sitemaps and feeds must name absolute
    /// addresses).
    OneWithAbsoluteBase,
    /// One page per item of a list of the model.
    PerItem(fn(&Site) -> usize),
}

/// Everything the site knows about one kind of page.
pub struct PageSpec {
    pub kind: PageKind,
    pub route: Route,
    pub count: Count,
    /// Whether the site's content has anything for the kind to show: a plan without risks has
    /// no risks page, and so no menu entry, sitemap entry or link to it.
    pub exists: fn(&Site) -> bool,
    /// The item's slug in its route ([`Route::Item`] only).
    pub slug: fn(&Site, usize) -> &str,
    /// The template that renders the page.
    pub template: fn(&Site, usize) -> &str,
    /// Whether the sitemap lists the page (public HTML pages; not feeds or the 404 page).
    pub public: bool,
    /// The facts of the site the page shows, besides the navigation and its templates (which
    /// every page reads).
    pub reads: for<'s, 'v> fn(&'s Site, usize, Visit<'s, 'v>) -> bool,
    /// The page's title, breadcrumbs and context.
    pub view: for<'a> fn(&Cx<'a>, usize, &str) -> PageView<'a>,
}

/// The kind has its pages whatever the content (the home page, search, the measures …).
fn always(_: &Site) -> bool {
    true
}

fn no_slug(_: &Site, _: usize) -> &str {
    ""
}

/// The page reads nothing but the navigation and its templates.
fn reads_nothing(_: &Site, _: usize, _: Visit<'_, '_>) -> bool {
    false
}

/// The page shows the plan (the TOML files) only.
fn reads_plan<'s>(_: &'s Site, _: usize, visit: Visit<'s, '_>) -> bool {
    visit(FactRef::Plan)
}

macro_rules! template {
    ($name:literal) => {{
        fn fixed(_: &Site, _: usize) -> &str {
            $name
        }
        fixed
    }};
}

/// Every kind of page, in the order of [`PageKind`].
pub static KINDS: [PageSpec; 24] = [
    PageSpec {
        kind: PageKind::Home,
        route: route::HOME,
        count: Count::One,
        exists: always,
        slug: no_slug,
        template: template!("index.html"),
        public: true,
        reads: plan::home_reads,
        view: plan::home,
    },
    PageSpec {
        kind: PageKind::Areas,
        route: route::AREAS,
        count: Count::One,
        exists: always,
        slug: no_slug,
        template: template!("areas.html"),
        public: true,
        reads: reads_plan,
        view: plan::areas,
    },
    PageSpec {
        kind: PageKind::Area,
        route: route::AREA,
        count: Count::PerItem(|site| site.areas.len()),
        exists: always,
        slug: |site, ix| &site.areas[AreaIx::new(ix)].slug,
        template: template!("area.html"),
        public: true,
        reads: plan::area_reads,
        view: plan::area,
    },
    PageSpec {
        kind: PageKind::Measures,
        route: route::MEASURES,
        count: Count::One,
        exists: always,
        slug: no_slug,
        template: template!("measures.html"),
        public: true,
        reads: reads_plan,
        view: plan::measures,
    },
    PageSpec {
        kind: PageKind::Measure,
        route: route::MEASURE,
        count: Count::PerItem(|site| site.measures.len()),
        exists: always,
        slug: |site, ix| &site.measures[MeasureIx::new(ix)].slug,
        template: template!("measure.html"),
        public: true,
        reads: plan::measure_reads,
        view: plan::measure,
    },
    PageSpec {
        kind: PageKind::Waves,
        route: route::WAVES,
        count: Count::One,
        exists: waves::exist,
        slug: no_slug,
        template: template!("waves.html"),
        public: true,
        reads: reads_plan,
        view: waves::waves,
    },
    PageSpec {
        kind: PageKind::Wave,
        route: route::WAVE,
        count: Count::PerItem(|site| site.waves.len()),
        exists: always,
        slug: |site, ix| &site.waves[WaveIx::new(ix)].slug,
        template: template!("wave.html"),
        public: true,
        reads: reads_plan,
        view: waves::wave,
    },
    PageSpec {
        kind: PageKind::Articles,
        route: route::ARTICLES,
        count: Count::PerItem(|site| site.article_pages.len()),
        exists: always,
        slug: |site, ix| &site.article_pages[ix].slug,
        template: template!("articles.html"),
        public: true,
        reads: articles::article_page_reads,
        view: articles::articles,
    },
    PageSpec {
        kind: PageKind::Article,
        route: route::ARTICLE,
        count: Count::PerItem(|site| site.articles.len()),
        exists: always,
        slug: |site, ix| &site.articles[ArticleIx::new(ix)].slug,
        template: template!("article.html"),
        public: true,
        reads: articles::article_reads,
        view: articles::article,
    },
    PageSpec {
        kind: PageKind::Tags,
        route: route::TAGS,
        count: Count::One,
        exists: |site| !site.tags.is_empty(),
        slug: no_slug,
        template: template!("tags.html"),
        public: true,
        reads: articles::tags_reads,
        view: articles::tags,
    },
    PageSpec {
        kind: PageKind::Tag,
        route: route::TAG,
        count: Count::PerItem(|site| site.tag_pages.len()),
        exists: always,
        slug: |site, ix| &site.tag_pages[ix].1.slug,
        template: template!("tag.html"),
        public: true,
        reads: articles::tag_reads,
        view: articles::tag,
    },
    PageSpec {
        kind: PageKind::Page,
        route: route::PAGE,
        count: Count::PerItem(|site| site.pages.len()),
        exists: always,
        slug: |site, ix| &site.pages[PageIx::new(ix)].slug,
        template: |site, ix| &site.pages[PageIx::new(ix)].template,
        public: true,
        reads: articles::page_reads,
        view: articles::page,
    },
    PageSpec {
        kind: PageKind::Indicators,
        route: route::INDICATORS,
        count: Count::One,
        exists: indicators::exist,
        slug: no_slug,
        template: template!("indicators.html"),
        public: true,
        reads: reads_plan,
        view: indicators::indicators,
    },
    PageSpec {
        kind: PageKind::Indicator,
        route: route::INDICATOR,
        count: Count::PerItem(|site| site.indicators.len()),
        exists: always,
        slug: |site, ix| &site.indicators[IndicatorIx::new(ix)].id,
        template: template!("indicator.html"),
        public: true,
        reads: reads_plan,
        view: indicators::indicator,
    },
    PageSpec {
        kind: PageKind::Funding,
        route: route::FUNDING,
        count: Count::One,
        exists: documents::funding_exists,
        slug: no_slug,
        template: template!("funding.html"),
        public: true,
        reads: reads_plan,
        view: documents::funding,
    },
    PageSpec {
        kind: PageKind::Risks,
        route: route::RISKS,
        count: Count::One,
        exists: documents::risks_exist,
        slug: no_slug,
        template: template!("risks.html"),
        public: true,
        reads: reads_plan,
        view: documents::risks,
    },
    PageSpec {
        kind: PageKind::Timeline,
        route: route::TIMELINE,
        count: Count::One,
        exists: documents::timeline_exists,
        slug: no_slug,
        template: template!("timeline.html"),
        public: true,
        reads: reads_plan,
        view: documents::timeline,
    },
    PageSpec {
        kind: PageKind::Downloads,
        route: route::DOWNLOADS,
        count: Count::One,
        exists: always,
        slug: no_slug,
        template: template!("data.html"),
        public: true,
        reads: reads_plan,
        view: services::downloads,
    },
    PageSpec {
        kind: PageKind::Search,
        route: route::SEARCH,
        count: Count::One,
        exists: always,
        slug: no_slug,
        template: template!("search.html"),
        public: true,
        reads: reads_plan,
        view: services::search,
    },
    PageSpec {
        kind: PageKind::NotFound,
        route: route::NOT_FOUND,
        count: Count::One,
        exists: always,
        slug: no_slug,
        template: template!("404.html"),
        public: false,
        reads: reads_nothing,
        view: services::not_found,
    },
    PageSpec {
        kind: PageKind::Robots,
        route: route::ROBOTS,
        count: Count::One,
        exists: always,
        slug: no_slug,
        template: template!("robots.txt"),
        public: false,
        reads: reads_nothing,
        view: services::robots,
    },
    PageSpec {
        kind: PageKind::Sitemap,
        route: route::SITEMAP,
        count: Count::OneWithAbsoluteBase,
        exists: always,
        slug: no_slug,
        template: template!("sitemap.xml"),
        public: false,
        reads: services::sitemap_reads,
        view: services::sitemap,
    },
    PageSpec {
        kind: PageKind::ArticleFeed,
        route: route::ARTICLE_FEED,
        count: Count::OneWithAbsoluteBase,
        exists: always,
        slug: no_slug,
        template: template!("atom.xml"),
        public: false,
        reads: articles::articles_reads,
        view: articles::feed,
    },
    PageSpec {
        kind: PageKind::ChangesFeed,
        route: route::CHANGES_FEED,
        count: Count::OneWithAbsoluteBase,
        exists: waves::exist,
        slug: no_slug,
        template: template!("changes.xml"),
        public: false,
        reads: reads_plan,
        view: waves::feed,
    },
];

impl PageKind {
    /// The kind's row of [`KINDS`].
    pub fn spec(self) -> &'static PageSpec {
        &KINDS[self as usize]
    }

    /// How many pages of the kind `site` has: none when its content has nothing for the kind
    /// ([`PageSpec::exists`]) or, for feeds and the sitemap, when the base URL is relative.
    pub fn count(self, site: &Site) -> usize {
        let spec = self.spec();
        if !(spec.exists)(site) {
            return 0;
        }
        match spec.count {
            Count::One => 1,
            Count::OneWithAbsoluteBase => usize::from(site.base.is_absolute()),
            Count::PerItem(count) => count(site),
        }
    }

    /// Whether `site` has a page of the kind, so that menus, lists and links may point to it.
    pub fn exists(self, site: &Site) -> bool {
        self.count(site) > 0
    }
}

/// One page to render: where it goes, with which template, and what it shows.
pub struct Job<'a> {
    pub path: String,
    pub template: String,
    pub view: PageView<'a>,
    /// The page is a draft's (shown only by `serve`, marked as a draft).
    pub draft: bool,
}

impl PageKey {
    /// The page of a kind that has one page.
    pub const fn one(kind: PageKind) -> Self {
        PageKey { kind, ix: 0 }
    }

    /// The page of item `ix` of a kind with a page per item.
    pub const fn item(kind: PageKind, ix: usize) -> Self {
        PageKey { kind, ix }
    }

    fn spec(self) -> &'static PageSpec {
        self.kind.spec()
    }

    /// The output path ("opatreni/1-1-1-1/index.html").
    pub fn path(self, site: &Site) -> String {
        let spec = self.spec();
        spec.route.path(&site.segments, (spec.slug)(site, self.ix))
    }

    /// The name of the template that renders the page.
    pub fn template_name(self, site: &Site) -> &str {
        (self.spec().template)(site, self.ix)
    }

    /// Whether the page is a public HTML page (listed in the sitemap), not a feed or the 404
    /// page.
    pub fn is_public(self) -> bool {
        self.spec().public
    }

    /// The date the sitemap gives for the page: articles are the only pages with one.
    pub fn lastmod(self, site: &Site) -> Option<&str> {
        match self.kind {
            PageKind::Article => Some(site.articles[ArticleIx::new(self.ix)].date_iso.as_str()),
            _ => None,
        }
    }

    /// Hands each fact of the site the page shows to `visit` (the navigation, its template,
    /// then what its kind declares) until `visit` returns true; says whether it did.
    pub fn any_read<'s>(self, site: &'s Site, visit: Visit<'s, '_>) -> bool {
        visit(FactRef::Nav)
            || visit(FactRef::Template(self.template_name(site)))
            || (self.spec().reads)(site, self.ix, visit)
    }

    /// The page's path, template, title, breadcrumbs and context.
    /// Whether the page shows a draft (an article or content page marked `draft = true`).
    pub fn is_draft(self, site: &Site) -> bool {
        match self.kind {
            PageKind::Article => site.articles[ArticleIx::new(self.ix)].draft,
            PageKind::Page => site.pages[PageIx::new(self.ix)].draft,
            _ => false,
        }
    }

    pub fn job<'a>(self, cx: &Cx<'a>) -> Job<'a> {
        let path = self.path(cx.site);
        let view = (self.spec().view)(cx, self.ix, &path);
        Job {
            template: self.template_name(cx.site).to_string(),
            path,
            view,
            draft: self.is_draft(cx.site),
        }
    }
}

/// The URL segments of the site's sections in the language of `tr`: its `[route]` texts, each
/// section's Czech default where they give none.
pub fn segments(tr: &crate::i18n::Translations) -> route::Segments {
    route::Segments::new(|key| tr.get(&format!("route.{key}")).map(str::to_string))
}

/// Every page of the site, in a stable order.
pub fn page_keys(site: &Site) -> Vec<PageKey> {
    KINDS
        .iter()
        .flat_map(|spec| (0..spec.kind.count(site)).map(|ix| PageKey::item(spec.kind, ix)))
        .collect()
}

/// The first segments of the routes the site generates, which a content page's slug may not
/// take.
pub fn reserved_sections(segments: &route::Segments) -> impl Iterator<Item = &str> {
    KINDS.iter().filter_map(move |spec| match spec.route {
        Route::Section(s) | Route::Item(s) | Route::Feed(s) | Route::Pages(s) if !s.is_empty() => {
            Some(segments.get(s))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_order_of_the_kinds() {
        for (i, spec) in KINDS.iter().enumerate() {
            assert_eq!(spec.kind as usize, i, "{:?} is in the wrong row", spec.kind);
        }
    }

    #[test]
    fn no_two_kinds_share_a_route() {
        for (i, a) in KINDS.iter().enumerate() {
            for b in &KINDS[i + 1..] {
                assert_ne!(a.route, b.route, "{:?} and {:?}", a.kind, b.kind);
            }
        }
    }
}

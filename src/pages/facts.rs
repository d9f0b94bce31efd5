//! The facts of the site that pages show, by names that survive rebuilds: what a page kind
//! declares it reads, and what `serve` fingerprints to tell which pages a change makes stale.

/// Something pages show, by a name that survives rebuilds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fact {
    /// The plan, its areas, goals, measures, waves and indicators (the TOML files).
    Plan,
    /// What every page's header and footer show: the site's name, the navigation, the pages.
    Nav,
    /// An article's own text and front matter, by slug.
    Article(String),
    /// Every article as lists show it (title, date, summary, address), in order.
    ArticleList,
    /// The articles on one page of the list of articles (its number, from 1) as lists show
    /// them, and how many pages the list has.
    ArticlesPage(usize),
    /// Every tag with its number of articles.
    Tags,
    /// A tag's articles as lists show them, by the tag's slug.
    Tag(String),
    /// Every article's address and date, in order, as the sitemap lists them.
    ArticleAddresses,
    /// The articles the home page lists.
    LatestArticles,
    /// The articles about a measure, by the measure's ID.
    ArticlesOfMeasure(String),
    /// The articles about an area, by the area's ID.
    ArticlesOfArea(String),
    /// A measure as other pages show it (title, address, current status), by ID.
    Measure(String),
    /// An area as other pages show it (title, address, status counts), by ID.
    Area(String),
    /// A global indicator with its chart, as an embed shows it, by ID.
    Indicator(String),
    /// A page's own text and front matter, by slug.
    Page(String),
    /// A template's source, by name.
    Template(String),
}

/// A [`Fact`] borrowed from the site, so that checking a page against the dirty facts
/// allocates nothing (there may be tens of thousands of pages to check per keystroke).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FactRef<'a> {
    Plan,
    Nav,
    Article(&'a str),
    ArticleList,
    ArticlesPage(usize),
    Tags,
    Tag(&'a str),
    ArticleAddresses,
    LatestArticles,
    ArticlesOfMeasure(&'a str),
    ArticlesOfArea(&'a str),
    Measure(&'a str),
    Area(&'a str),
    Indicator(&'a str),
    Page(&'a str),
    Template(&'a str),
}

impl Fact {
    pub fn as_ref(&self) -> FactRef<'_> {
        match self {
            Fact::Plan => FactRef::Plan,
            Fact::Nav => FactRef::Nav,
            Fact::Article(s) => FactRef::Article(s),
            Fact::ArticleList => FactRef::ArticleList,
            Fact::ArticlesPage(n) => FactRef::ArticlesPage(*n),
            Fact::Tags => FactRef::Tags,
            Fact::Tag(s) => FactRef::Tag(s),
            Fact::ArticleAddresses => FactRef::ArticleAddresses,
            Fact::LatestArticles => FactRef::LatestArticles,
            Fact::ArticlesOfMeasure(s) => FactRef::ArticlesOfMeasure(s),
            Fact::ArticlesOfArea(s) => FactRef::ArticlesOfArea(s),
            Fact::Measure(s) => FactRef::Measure(s),
            Fact::Area(s) => FactRef::Area(s),
            Fact::Indicator(s) => FactRef::Indicator(s),
            Fact::Page(s) => FactRef::Page(s),
            Fact::Template(s) => FactRef::Template(s),
        }
    }
}

impl FactRef<'_> {
    pub fn to_owned(self) -> Fact {
        match self {
            FactRef::Plan => Fact::Plan,
            FactRef::Nav => Fact::Nav,
            FactRef::Article(s) => Fact::Article(s.into()),
            FactRef::ArticleList => Fact::ArticleList,
            FactRef::ArticlesPage(n) => Fact::ArticlesPage(n),
            FactRef::Tags => Fact::Tags,
            FactRef::Tag(s) => Fact::Tag(s.into()),
            FactRef::ArticleAddresses => Fact::ArticleAddresses,
            FactRef::LatestArticles => Fact::LatestArticles,
            FactRef::ArticlesOfMeasure(s) => Fact::ArticlesOfMeasure(s.into()),
            FactRef::ArticlesOfArea(s) => Fact::ArticlesOfArea(s.into()),
            FactRef::Measure(s) => Fact::Measure(s.into()),
            FactRef::Area(s) => Fact::Area(s.into()),
            FactRef::Indicator(s) => Fact::Indicator(s.into()),
            FactRef::Page(s) => Fact::Page(s.into()),
            FactRef::Template(s) => Fact::Template(s.into()),
        }
    }
}

//! Dependency tracking for incremental rebuilds: which facts of the site each page reads, a
//! fingerprint of every fact, and from the two, which pages a change makes stale.
//!
//! A fact is a piece of the inputs that pages show, named by something stable across rebuilds
//! (a slug, an ID, a template name; never an index, which shifts when content is added). After
//! a change the facts whose fingerprint differs are dirty, and a page is rendered again when it
//! reads a dirty fact or did not exist before. Everything here is pure, so it is unit-tested
//! without a file system.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::content::{fingerprint, Content};
use crate::model::{Embed, RichHtml, Site};
use crate::render::theme::Theme;
use crate::render::PageKey;

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
    /// The articles the home page lists.
    LatestArticles,
    /// The articles about a measure, by the measure's ID.
    ArticlesOfMeasure(String),
    /// The articles about an area, by the area's ID.
    ArticlesOfArea(String),
    /// A page's own text and front matter, by slug.
    Page(String),
    /// A template's source, by name.
    Template(String),
}

/// A fingerprint of every fact of one build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts(pub HashMap<Fact, u64>);

impl Facts {
    /// The facts whose fingerprint differs between `self` (before) and `after`, including
    /// facts that appeared or disappeared.
    pub fn dirty(&self, after: &Facts) -> HashSet<Fact> {
        let mut dirty: HashSet<Fact> = after
            .0
            .iter()
            .filter(|(fact, fp)| self.0.get(*fact) != Some(fp))
            .map(|(fact, _)| fact.clone())
            .collect();
        dirty.extend(
            self.0
                .keys()
                .filter(|fact| !after.0.contains_key(*fact))
                .cloned(),
        );
        dirty
    }
}

/// The fingerprint of the plan's TOML files (plan, indicators, areas, waves).
pub fn plan_fingerprint(content: &Content) -> u64 {
    let texts: Vec<&str> = content
        .plan
        .iter()
        .map(|p| p.source.text.as_str())
        .chain(content.indicators.iter().map(|i| i.source.text.as_str()))
        .chain(content.areas.iter().map(|a| a.source.text.as_str()))
        .chain(content.waves.iter().map(|w| w.source.text.as_str()))
        .collect();
    fingerprint(texts)
}

/// What an article list shows of one article.
fn listing(site: &Site, article: usize) -> u64 {
    let a = &site.articles[article];
    fingerprint((&a.slug, &a.title, a.date.iso(), &a.summary))
}

/// Fingerprints every fact of a successful build. `plan` is [`plan_fingerprint`] of the
/// content the site was resolved from; `nav` a fingerprint of the shared page context.
pub fn facts(site: &Site, theme: &Theme, plan: u64, nav: u64) -> Facts {
    let mut facts = HashMap::new();
    facts.insert(Fact::Plan, plan);
    facts.insert(Fact::Nav, nav);
    let listings: Vec<u64> = (0..site.articles.len()).map(|a| listing(site, a)).collect();
    facts.insert(Fact::ArticleList, fingerprint(&listings));
    let latest = &listings[..site.config.latest_articles.min(listings.len())];
    facts.insert(Fact::LatestArticles, fingerprint(latest));
    let of =
        |articles: &[usize]| fingerprint(articles.iter().map(|&a| listings[a]).collect::<Vec<_>>());
    for m in &site.measures {
        facts.insert(Fact::ArticlesOfMeasure(m.id.clone()), of(&m.articles));
    }
    for a in &site.areas {
        facts.insert(Fact::ArticlesOfArea(a.id.clone()), of(&a.articles));
    }
    for a in &site.articles {
        facts.insert(Fact::Article(a.slug.clone()), a.source_hash);
    }
    for p in &site.pages {
        facts.insert(Fact::Page(p.slug.clone()), p.source_hash);
    }
    for (name, file) in &theme.templates {
        facts.insert(Fact::Template(name.clone()), fingerprint(&file.bytes));
    }
    Facts(facts)
}

/// Which templates each template uses, directly or through others (`extends`, `include`,
/// `import`, `from`), itself included.
#[derive(Clone, Debug, Default)]
pub struct TemplateGraph {
    closure: BTreeMap<String, BTreeSet<String>>,
}

/// The template names a template's source refers to; `None` when one reference is not a
/// plain string (`{% include some_variable %}`), so any template may be used.
pub fn template_refs(source: &str) -> Option<Vec<String>> {
    let mut refs = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("%}") else { break };
        let tag = after[..end].trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
        rest = &after[end + 2..];
        let mut words = tag.splitn(2, char::is_whitespace);
        let keyword = words.next().unwrap_or("");
        if !matches!(keyword, "extends" | "include" | "import" | "from") {
            continue;
        }
        let argument = words.next().unwrap_or("").trim_start();
        let argument = argument.strip_prefix('[').unwrap_or(argument);
        // The names: quoted strings at the start of the argument (a list for `include`).
        let mut names = 0;
        let mut arg = argument;
        while let Some(quote) = arg.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let Some(close) = arg[1..].find(quote) else {
                break;
            };
            refs.push(arg[1..1 + close].to_string());
            names += 1;
            arg = arg[close + 2..].trim_start();
            arg = arg.strip_prefix(',').unwrap_or(arg).trim_start();
        }
        if names == 0 {
            return None;
        }
    }
    Some(refs)
}

impl TemplateGraph {
    pub fn new(theme: &Theme) -> Self {
        let all: BTreeSet<String> = theme.templates.keys().cloned().collect();
        let direct: BTreeMap<&str, BTreeSet<String>> = theme
            .templates
            .iter()
            .map(|(name, file)| {
                let refs = std::str::from_utf8(&file.bytes)
                    .ok()
                    .and_then(template_refs)
                    .map(|r| r.into_iter().collect())
                    .unwrap_or_else(|| all.clone());
                (name.as_str(), refs)
            })
            .collect();
        let mut closure = BTreeMap::new();
        for name in theme.templates.keys() {
            let mut seen = BTreeSet::new();
            let mut stack = vec![name.clone()];
            while let Some(t) = stack.pop() {
                if !seen.insert(t.clone()) {
                    continue;
                }
                if let Some(refs) = direct.get(t.as_str()) {
                    stack.extend(refs.iter().cloned());
                }
            }
            closure.insert(name.clone(), seen);
        }
        TemplateGraph { closure }
    }

    /// The templates rendering `name` uses, itself included (just itself when unknown, so a
    /// page whose template is added later is rendered once it exists).
    pub fn uses(&self, name: &str) -> Vec<Fact> {
        match self.closure.get(name) {
            Some(set) => set.iter().map(|t| Fact::Template(t.clone())).collect(),
            None => vec![Fact::Template(name.to_string())],
        }
    }
}

/// The templates the shortcodes of some content render with.
fn embed_templates(content: &RichHtml, graph: &TemplateGraph) -> Vec<Fact> {
    let mut names = BTreeSet::new();
    for e in content.embeds.iter().flatten() {
        names.insert(match e {
            Embed::Measure(_) => "shortcodes/measure.html",
            Embed::IndicatorChart(_) => "shortcodes/indicator.html",
        });
    }
    names.into_iter().flat_map(|n| graph.uses(n)).collect()
}

/// The facts the page `key` of `site` reads.
pub fn reads(site: &Site, key: PageKey, graph: &TemplateGraph) -> Vec<Fact> {
    let mut facts = vec![Fact::Nav];
    facts.extend(graph.uses(&key.template(site)));
    match key {
        PageKey::Home => facts.extend([Fact::Plan, Fact::LatestArticles]),
        PageKey::Area(a) => {
            facts.extend([Fact::Plan, Fact::ArticlesOfArea(site.areas[a].id.clone())])
        }
        PageKey::Measure(m) => facts.extend([
            Fact::Plan,
            Fact::ArticlesOfMeasure(site.measures[m].id.clone()),
        ]),
        PageKey::Areas
        | PageKey::Measures
        | PageKey::Waves
        | PageKey::Wave(_)
        | PageKey::Indicators
        | PageKey::Indicator(_)
        | PageKey::Funding
        | PageKey::Risks
        | PageKey::Timeline => facts.push(Fact::Plan),
        PageKey::Articles => facts.push(Fact::ArticleList),
        PageKey::Article(a) => {
            let article = &site.articles[a];
            facts.push(Fact::Article(article.slug.clone()));
            // Linked measures and areas show their titles and status; embeds their data.
            if !article.measures.is_empty()
                || !article.areas.is_empty()
                || article.content.embeds.iter().any(Option::is_some)
            {
                facts.push(Fact::Plan);
            }
            facts.extend(embed_templates(&article.content, graph));
        }
        PageKey::Page(p) => {
            let page = &site.pages[p];
            facts.extend([Fact::Page(page.slug.clone()), Fact::Plan]);
            facts.extend(embed_templates(&page.content, graph));
        }
        PageKey::NotFound => {}
    }
    facts
}

/// The pages of `site` to render after a change: those reading a dirty fact, and those whose
/// path the previous build did not have.
pub fn stale_pages(
    site: &Site,
    graph: &TemplateGraph,
    dirty: &HashSet<Fact>,
    previous_paths: &HashSet<String>,
) -> Vec<PageKey> {
    crate::render::page_keys(site)
        .into_iter()
        .filter(|&key| {
            (!dirty.is_empty() && reads(site, key, graph).iter().any(|f| dirty.contains(f)))
                || !previous_paths.contains(&key.path(site))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::ThemeFile;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        let mut theme = Theme::default();
        for (name, source) in templates {
            theme.templates.insert(
                name.to_string(),
                ThemeFile {
                    origin: format!("templates/{name}").into(),
                    bytes: source.as_bytes().to_vec(),
                },
            );
        }
        theme
    }

    #[test]
    fn template_references_are_read_from_tags() {
        let refs = |s: &str| template_refs(s);
        assert_eq!(
            refs(r#"{% extends "base.html" %}{% block x %}{% endblock %}"#),
            Some(vec!["base.html".to_string()])
        );
        assert_eq!(
            refs(r#"{%- import 'macros.html' as m -%} {% from "a.html" import b %}"#),
            Some(vec!["macros.html".to_string(), "a.html".to_string()])
        );
        assert_eq!(
            refs(r#"{% include ["x.html", "y.html"] ignore missing %}"#),
            Some(vec!["x.html".to_string(), "y.html".to_string()])
        );
        assert_eq!(refs("{{ page.title }} {% if x %}{% endif %}"), Some(vec![]));
        // A name computed at render time could be any template.
        assert_eq!(refs("{% include page.template %}"), None);
    }

    #[test]
    fn a_template_uses_what_it_extends_imports_and_includes() {
        let graph = TemplateGraph::new(&theme(&[
            ("base.html", r#"{% include "nav.html" %}"#),
            ("nav.html", ""),
            ("macros.html", ""),
            (
                "article.html",
                r#"{% extends "base.html" %}{% import "macros.html" as m %}"#,
            ),
            ("dynamic.html", "{% include name %}"),
        ]));
        let names = |t: &str| {
            graph
                .uses(t)
                .into_iter()
                .map(|f| match f {
                    Fact::Template(n) => n,
                    other => panic!("{other:?}"),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("article.html"),
            ["article.html", "base.html", "macros.html", "nav.html"]
        );
        assert_eq!(names("nav.html"), ["nav.html"]);
        assert_eq!(names("dynamic.html").len(), 5, "a dynamic include uses all");
        assert_eq!(names("missing.html"), ["missing.html"]);
    }

    #[test]
    fn dirty_facts_are_the_changed_added_and_removed_ones() {
        let before = Facts(HashMap::from([
            (Fact::Plan, 1),
            (Fact::Article("a".into()), 2),
            (Fact::Article("gone".into()), 3),
        ]));
        let after = Facts(HashMap::from([
            (Fact::Plan, 1),
            (Fact::Article("a".into()), 20),
            (Fact::Article("new".into()), 4),
        ]));
        let mut dirty: Vec<Fact> = before.dirty(&after).into_iter().collect();
        dirty.sort();
        assert_eq!(
            dirty,
            [
                Fact::Article("a".into()),
                Fact::Article("gone".into()),
                Fact::Article("new".into())
            ]
        );
        assert!(after.dirty(&after).is_empty());
    }
}

//! Dependency tracking for incremental rebuilds: which facts of the site each page reads, a
//! fingerprint of every fact, and from the two, which pages a change makes stale.
//!
//! A fact is a piece of the inputs that pages show, named by something stable across rebuilds
//! (a slug, an ID, a template name; never an index, which shifts when content is added). After
//! a change the facts whose fingerprint differs are dirty, and a page is rendered again when it
//! reads a dirty fact or did not exist before. Everything here is pure, so it is unit-tested
//! without a file system.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::chart::Charts;
use crate::content::{fingerprint, Content};
use crate::model::{ArticleIx, IndicatorIx, Site};
use crate::pages::{page_keys, PageKey};
pub use crate::pages::{Fact, FactRef};
use crate::render::theme::Theme;
use rayon::prelude::*;

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

/// The fingerprint of the plan's TOML files (plan, indicators, areas and their later editions,
/// waves).
pub fn plan_fingerprint(content: &Content) -> u64 {
    let texts: Vec<&str> = content
        .plan
        .iter()
        .map(|p| p.source.text.as_str())
        .chain(content.indicators.iter().map(|i| i.source.text.as_str()))
        .chain(content.areas.iter().map(|a| a.source.text.as_str()))
        .chain(content.editions.iter().map(|a| a.source.text.as_str()))
        .chain(content.waves.iter().map(|w| w.source.text.as_str()))
        .collect();
    fingerprint(texts)
}

/// What an article list or the feed shows of one article.
pub fn listing(site: &Site, article: ArticleIx) -> u64 {
    let a = &site.articles[article];
    fingerprint((
        &a.slug,
        &a.title,
        a.date.iso(),
        &a.summary,
        &a.author,
        &a.tags,
    ))
}

/// Fingerprints every fact of a successful build. `plan` is [`plan_fingerprint`] of the
/// content the site was resolved from; `nav` a fingerprint of the shared page context.
pub fn facts(site: &Site, charts: &Charts, theme: &Theme, plan: u64, nav: u64) -> Facts {
    let mut facts = HashMap::new();
    for m in &site.measures {
        let status = m.latest_status.as_ref().map(|b| b.status);
        let fp = fingerprint((&m.title, &m.href, status));
        facts.insert(Fact::Measure(m.id.clone()), fp);
    }
    for a in &site.areas {
        let fp = fingerprint((
            &a.title,
            &a.href,
            a.measures.len(),
            format!("{:?}", a.status_counts),
        ));
        facts.insert(Fact::Area(a.id.clone()), fp);
    }
    for (i, ind) in IndicatorIx::enumerate(&site.indicators) {
        let fp = fingerprint(format!("{ind:?}{:?}", charts.indicator(i)));
        facts.insert(Fact::Indicator(ind.id.clone()), fp);
    }
    facts.insert(Fact::Plan, plan);
    facts.insert(Fact::Nav, nav);
    facts.extend(listing_facts(site));
    // A page with photos shows their variants, which change with the photo's file.
    for a in &site.articles {
        let fp = if a.cover.is_none() && a.content.images.is_empty() {
            a.source_hash
        } else {
            let uses = a.cover.iter().chain(&a.content.images);
            fingerprint((a.source_hash, site.photos.fingerprint(uses)))
        };
        facts.insert(Fact::Article(a.slug.clone()), fp);
    }
    for p in &site.pages {
        let fp = if p.content.images.is_empty() {
            p.source_hash
        } else {
            let uses = p.content.images.iter();
            fingerprint((p.source_hash, site.photos.fingerprint(uses)))
        };
        facts.insert(Fact::Page(p.slug.clone()), fp);
    }
    for (name, file) in &theme.templates {
        facts.insert(Fact::Template(name.clone()), fingerprint(&file.bytes));
    }
    Facts(facts)
}

/// The facts of how lists show the articles: all of them, the latest, those of each measure
/// and area.
pub fn listing_facts(site: &Site) -> Vec<(Fact, u64)> {
    // By article: `listings[a.get()]` is article `a`'s.
    let listings: Vec<u64> = ArticleIx::all(&site.articles)
        .map(|a| listing(site, a))
        .collect();
    let mut facts = vec![(Fact::ArticleList, fingerprint(&listings))];
    // A page of the list: its articles, and how many pages there are (its pager).
    for page in &site.article_pages {
        let fp = fingerprint((&listings[page.items.clone()], page.of));
        facts.push((Fact::ArticlesPage(page.number), fp));
    }
    let counts: Vec<(&str, &str, usize)> = site
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.slug.as_str(), t.articles.len()))
        .collect();
    facts.push((Fact::Tags, fingerprint(&counts)));
    let addresses: Vec<(&str, String)> = site
        .articles
        .iter()
        .map(|a| (a.slug.as_str(), a.date.iso()))
        .collect();
    facts.push((Fact::ArticleAddresses, fingerprint(&addresses)));
    let latest = &listings[..site.config.latest_articles.min(listings.len())];
    facts.push((Fact::LatestArticles, fingerprint(latest)));
    let of = |articles: &[ArticleIx]| {
        fingerprint(
            articles
                .iter()
                .map(|&a| listings[a.get()])
                .collect::<Vec<_>>(),
        )
    };
    for m in &site.measures {
        facts.push((Fact::ArticlesOfMeasure(m.id.clone()), of(&m.articles)));
    }
    for a in &site.areas {
        facts.push((Fact::ArticlesOfArea(a.id.clone()), of(&a.articles)));
    }
    for t in &site.tags {
        facts.push((
            Fact::Tag(t.slug.clone()),
            fingerprint((&t.name, of(&t.articles))),
        ));
    }
    facts
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
    pub fn uses<'g>(&'g self, name: &'g str) -> impl Iterator<Item = &'g str> {
        let known = self.closure.get(name);
        let unknown = known.is_none().then_some(name);
        known
            .into_iter()
            .flat_map(|set| set.iter().map(String::as_str))
            .chain(unknown)
    }
}

/// Hands each fact the page `key` of `site` reads to `visit`, until `visit` returns true; a
/// template stands for every template it uses. Returns whether `visit` returned true.
pub fn any_read<'s>(
    site: &'s Site,
    key: PageKey,
    graph: &'s TemplateGraph,
    visit: &mut dyn FnMut(FactRef<'s>) -> bool,
) -> bool {
    key.any_read(site, &mut |fact| match fact {
        FactRef::Template(name) => graph.uses(name).any(|t| visit(FactRef::Template(t))),
        fact => visit(fact),
    })
}

/// The facts the page `key` of `site` reads.
pub fn reads(site: &Site, key: PageKey, graph: &TemplateGraph) -> Vec<Fact> {
    let mut facts = Vec::new();
    any_read(site, key, graph, &mut |f| {
        facts.push(f.to_owned());
        false
    });
    facts
}

/// The pages of `site` to render after a change: those reading a dirty fact, and those whose
/// path the previous build did not have.
/// `previous_paths` is `None` when no page can have a new path.
pub fn stale_pages(
    site: &Site,
    graph: &TemplateGraph,
    dirty: &HashSet<Fact>,
    previous_paths: Option<&HashSet<String>>,
) -> Vec<PageKey> {
    let dirty: HashSet<FactRef> = dirty.iter().map(Fact::as_ref).collect();
    let keys = page_keys(site);
    keys.into_par_iter()
        .filter(|&key| {
            (!dirty.is_empty() && any_read(site, key, graph, &mut |f| dirty.contains(&f)))
                || previous_paths.is_some_and(|p| !p.contains(&key.path(site)))
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
        let names = |t: &str| graph.uses(t).map(str::to_string).collect::<Vec<_>>();
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

//! The incremental build behind `milnik serve`. A [`Session`] keeps what a one-off build throws
//! away: the parsed content files, the rendered Markdown bodies, the compiled templates, the
//! charts and the output of the last good build. After a change it reads only the changed files
//! again and renders only the pages whose inputs changed ([`deps`] decides which); a change to
//! the configuration rebuilds everything.
//!
//! A failed rebuild changes nothing: the last good output stays as it was, and the next change
//! (usually the fix) is compared against that good build.

pub mod deps;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use minijinja::Environment;

use crate::build::{site_config, BuildOptions};
use crate::chart::Charts;
use crate::config::BaseUrl;
use crate::content::{self, Content, ContentKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links;
use crate::model::{self, MarkdownCache, Site};
use crate::open_data;
use crate::output::SiteOutput;
use crate::render::{self, theme, theme::Theme};
use crate::search;
use deps::{Fact, Facts, TemplateGraph};

/// A changed input, as the watcher classified it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// `milnik.toml`.
    Config,
    /// A directory of inputs was added, removed or renamed: everything is read again.
    Tree,
    /// A file under `content/`, by its path relative to `content/`.
    Content(PathBuf),
    /// A template of the theme or of the site's `templates/`, by name ("article.html").
    Template(String),
    /// A static file of the theme or of the site's `static/`, by output path ("style.css").
    Static(String),
    /// A translation file (`i18n/*.toml`) of the theme or of the site: every page's texts may
    /// have changed, so everything is rebuilt.
    Translations,
}

/// What a successful rebuild changed in the output.
#[derive(Clone, Debug, Default)]
pub struct Update {
    /// Output files whose bytes changed or that are new, sorted.
    pub changed: Vec<String>,
    /// Output files that no longer exist, sorted.
    pub removed: Vec<String>,
    /// How many pages were rendered.
    pub rendered: usize,
    /// Whether everything was rebuilt (first build, configuration change).
    pub full: bool,
    /// Warnings of the content, as of this build.
    pub warnings: Diagnostics,
    pub took: Duration,
}

impl Update {
    /// Whether only stylesheets changed, so a browser can swap them without reloading.
    pub fn css_only(&self) -> bool {
        !self.changed.is_empty()
            && self.removed.is_empty()
            && self.changed.iter().all(|p| p.ends_with(".css"))
    }
}

/// The last good build.
struct Good {
    site: Site,
    charts: Arc<Charts>,
    env: Arc<Environment<'static>>,
    graph: Arc<TemplateGraph>,
    facts: Facts,
    /// Output paths of pages (as opposed to static files).
    pages: HashSet<String>,
}

/// The inputs of a site held between rebuilds, and its last good build.
pub struct Session {
    options: BuildOptions,
    content: Content,
    /// Content files that do not currently parse, with their problem.
    unreadable: BTreeMap<PathBuf, Diagnostic>,
    /// Problems of the content directory's listing (unknown files), from the last full load.
    listing: Diagnostics,
    theme: Option<Theme>,
    theme_problems: Diagnostics,
    theme_name: String,
    /// The site's language, whose translations the theme holds.
    language: String,
    cache: MarkdownCache,
    good: Option<Good>,
    /// Whether the last rebuild failed; the next one then resolves everything, so that the
    /// problem is reported until it is fixed.
    failing: bool,
    /// Warnings of the last good build.
    warnings: Diagnostics,
    output: Arc<RwLock<SiteOutput>>,
    /// Whether the search index in the output is older than the last good build. Rebuilt whole
    /// on a full build; after an edit, by [`Session::refresh_search_index`] once `serve` is
    /// idle, so that an edit's pages never wait for it.
    search_stale: bool,
    /// Counts index builds, so that an index finished on another thread is published only if
    /// no newer one was started meanwhile.
    search_generation: Arc<std::sync::atomic::AtomicU64>,
}

impl Session {
    /// A session for the site of `options`; nothing is read until [`Session::rebuild_all`].
    pub fn new(options: BuildOptions) -> Self {
        Self::with_output(options, Arc::default())
    }

    /// A session that publishes its builds into `output` (shared with a server).
    pub fn with_output(options: BuildOptions, output: Arc<RwLock<SiteOutput>>) -> Self {
        Session {
            options,
            content: Content::default(),
            unreadable: BTreeMap::new(),
            listing: Diagnostics::default(),
            theme: None,
            theme_problems: Diagnostics::default(),
            theme_name: "default".into(),
            language: crate::i18n::DEFAULT.into(),
            cache: MarkdownCache::default(),
            good: None,
            failing: false,
            warnings: Diagnostics::default(),
            output,
            search_stale: false,
            search_generation: Arc::default(),
        }
    }

    /// The output of the last good build, shared with whoever serves it.
    pub fn output(&self) -> Arc<RwLock<SiteOutput>> {
        Arc::clone(&self.output)
    }

    /// The model of the last good build.
    pub fn site(&self) -> Option<&Site> {
        self.good.as_ref().map(|g| &g.site)
    }

    /// Reads everything again and renders every page.
    pub fn rebuild_all(&mut self) -> Result<Update, Diagnostics> {
        let start = Instant::now();
        let (content, listing) = content::load(&self.options.root);
        self.unreadable.clear();
        self.listing = Diagnostics::default();
        for d in listing.0 {
            if d.severity == crate::diagnostics::Severity::Error {
                self.unreadable.insert(d.file.clone(), d);
            } else {
                self.listing.push(d);
            }
        }
        self.content = content;
        self.reload_theme();
        self.good = None;
        let result = self.rebuild(true, &[]);
        self.failing = result.is_err();
        let mut update = result?;
        update.full = true;
        update.took = start.elapsed();
        Ok(update)
    }

    fn reload_theme(&mut self) {
        // The theme's name comes from the configuration; a broken configuration is reported
        // by the rebuild itself.
        if let Ok(config) = site_config(&self.options) {
            self.theme_name = config.theme;
            self.language = config.language;
        }
        match theme::load(&self.options.root, &self.theme_name, &self.language) {
            Ok(t) => {
                self.theme = Some(t);
                self.theme_problems = Diagnostics::default();
            }
            Err(d) => {
                self.theme = None;
                self.theme_problems = d;
            }
        }
    }

    /// Applies changed inputs: reads the changed files again and renders what they affect.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Update, Diagnostics> {
        let start = Instant::now();
        if changes.contains(&Change::Config)
            || changes.contains(&Change::Tree)
            || changes.contains(&Change::Translations)
            || self.good.is_none()
        {
            return self.rebuild_all();
        }
        let mut plan_changed = false;
        let mut templates_changed = false;
        let mut statics = Vec::new();
        for change in changes {
            match change {
                Change::Config | Change::Tree | Change::Translations => {
                    unreachable!("handled above")
                }
                Change::Content(relative) => {
                    plan_changed |= self.reread_content(relative);
                }
                Change::Template(_) => templates_changed = true,
                Change::Static(name) => statics.push(name.clone()),
            }
        }
        if !plan_changed && !templates_changed && statics.is_empty() {
            if let Some(result) = self.try_article_edit(changes) {
                return result;
            }
        }
        if templates_changed {
            self.reload_theme();
        }
        let statics = self.reread_statics(&statics);
        let result = self.rebuild(plan_changed || templates_changed, &statics);
        self.failing = result.is_err();
        let mut update = result?;
        update.took = start.elapsed();
        Ok(update)
    }

    /// Parses one content file again (or forgets it when it is gone). Returns whether it is a
    /// file of the plan (as opposed to an article or page).
    fn reread_content(&mut self, relative: &Path) -> bool {
        let Some(kind) = content::classify(relative) else {
            return false;
        };
        let shown = Path::new(content::CONTENT_DIR).join(relative);
        let exists = self.options.root.join(&shown).is_file();
        self.content.remove(&shown);
        self.unreadable.remove(&shown);
        if exists {
            match content::parse_one(&self.options.root, relative, kind) {
                Ok(parsed) => self.content.insert(parsed),
                Err(d) => {
                    self.unreadable.insert(shown, d);
                }
            }
        }
        !matches!(kind, ContentKind::Article | ContentKind::Page)
    }

    /// Reads changed static files again; returns each with its new bytes (`None` when gone).
    fn reread_statics(&mut self, names: &[String]) -> Vec<(String, Option<theme::ThemeFile>)> {
        let mut out = Vec::new();
        for name in names {
            match theme::static_file(&self.options.root, &self.theme_name, name) {
                Ok(file) => {
                    if let Some(theme) = &mut self.theme {
                        match &file {
                            Some(f) => {
                                theme.static_files.insert(name.clone(), f.clone());
                            }
                            None => {
                                theme.static_files.remove(name);
                            }
                        }
                    }
                    out.push((name.clone(), file));
                }
                Err(d) => self.theme_problems.push(d),
            }
        }
        out
    }

    /// Resolves the current inputs and renders the pages they make stale (all of them when
    /// `everything`); on success, publishes the result.
    fn rebuild(
        &mut self,
        plan_changed: bool,
        statics: &[(String, Option<theme::ThemeFile>)],
    ) -> Result<Update, Diagnostics> {
        let start = Instant::now();
        let mut problems = Diagnostics::default();
        problems.extend(Diagnostics(self.unreadable.values().cloned().collect()));
        problems.extend(self.theme_problems.clone());
        let config = site_config(&self.options);
        if let Err(d) = &config {
            problems.extend(d.clone());
        }
        if problems.has_errors() {
            return Err(problems.sorted());
        }
        let config = config.expect("checked above");
        let theme = self.theme.as_ref().expect("no theme problems");
        let base = BaseUrl::parse(&config.base_url).expect("checked by site_config");
        let (site, mut diagnostics) = model::resolve_with_cache(
            config,
            base,
            &self.content,
            model::ResolveOptions {
                drafts: self.options.drafts,
            },
            &mut self.cache,
        );
        diagnostics.extend(self.listing.clone());
        diagnostics.extend(theme.warnings.clone());
        let Some(site) = site.filter(|_| !diagnostics.has_errors()) else {
            return Err(diagnostics.sorted());
        };
        // Charts and the template environment depend only on the plan and the templates.
        let reusable = self.good.as_ref().filter(|_| !plan_changed);
        let (charts, env, graph) = match reusable {
            Some(g) => (
                Arc::clone(&g.charts),
                Arc::clone(&g.env),
                Arc::clone(&g.graph),
            ),
            None => (
                Arc::new(Charts::build(&site, &theme.translations)),
                Arc::new(render::environment(theme, render::abbreviations(&site))?),
                Arc::new(TemplateGraph::new(theme)),
            ),
        };
        let plan = deps::plan_fingerprint(&self.content);
        let nav = content::fingerprint(format!(
            "{:?}",
            render::site_context(&site, &theme.translations)
        ));
        let facts = deps::facts(&site, &charts, theme, plan, nav);
        let all_keys = render::page_keys(&site);
        let pages: HashSet<String> = all_keys.iter().map(|k| k.path(&site)).collect();
        let keys = match &self.good {
            Some(good) => {
                deps::stale_pages(&site, &graph, &good.facts.dirty(&facts), Some(&good.pages))
            }
            None => all_keys,
        };
        let mut rendered = render::render_pages(&site, &charts, &env, theme, &keys)?;
        // The open-data downloads come from the plan's files alone.
        let mut pages = pages;
        pages.extend(open_data::paths());
        let data_stale = self
            .good
            .as_ref()
            .is_none_or(|g| g.facts.0.get(&Fact::Plan) != facts.0.get(&Fact::Plan));
        if data_stale {
            rendered.extend(open_data::files(&site, &theme.translations));
        }
        {
            let output = self.output.read().unwrap_or_else(|e| e.into_inner());
            let pending = Pending::new(&rendered, &pages, theme, &output);
            diagnostics.extend(links::check(&site, &self.content, &pending));
        }
        if diagnostics.has_errors() {
            return Err(diagnostics.sorted());
        }

        // Static files: all of them on a full build, else the changed ones.
        let full = self.good.is_none();
        let statics: Vec<(String, Option<&theme::ThemeFile>)> = if full {
            theme
                .static_files
                .iter()
                .map(|(n, f)| (n.clone(), Some(f)))
                .collect()
        } else {
            statics
                .iter()
                .map(|(n, f)| (n.clone(), f.as_ref()))
                .collect()
        };
        let mut clashes = Diagnostics::default();
        for (name, file) in &statics {
            if let Some(file) = file.filter(|_| pages.contains(name)) {
                clashes.push(render::static_file_clash(name, file));
            }
        }
        if clashes.has_errors() {
            return Err(clashes);
        }

        let removed: Vec<String> = match &self.good {
            Some(good) => good.pages.difference(&pages).cloned().collect(),
            None => {
                let output = self.output.read().unwrap_or_else(|e| e.into_inner());
                let mut kept: HashSet<&str> = pages.iter().map(String::as_str).collect();
                kept.extend(statics.iter().map(|(n, _)| n.as_str()));
                output
                    .files
                    .keys()
                    .filter(|p| !kept.contains(p.as_str()))
                    .cloned()
                    .collect()
            }
        };
        let search_stale = full || good_dirty_for_search(self.good.as_ref(), &facts);
        let mut update = self.publish(rendered, statics, removed);
        if full {
            // The first build (and one after a configuration change) has its index at once.
            self.search_generation
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut output = self.output.write().unwrap_or_else(|e| e.into_inner());
            update.changed.extend(search::replace_index(
                &mut output,
                search::index_files(&site),
            ));
            update.changed.sort();
            self.search_stale = false;
        } else {
            self.search_stale |= search_stale;
        }
        update.rendered = keys.len();
        update.warnings = diagnostics.sorted();
        self.warnings = update.warnings.clone();
        let previous = self.good.replace(Good {
            site,
            charts,
            env,
            graph,
            facts,
            pages,
        });
        // Freeing a large model takes milliseconds; the browser need not wait for it.
        std::thread::spawn(move || drop(previous));
        update.took = start.elapsed();
        self.failing = false;
        Ok(update)
    }

    /// Puts rendered pages and static files into the output and takes removed files out;
    /// only files whose bytes changed are touched and reported.
    fn publish(
        &self,
        rendered: Vec<(String, Vec<u8>)>,
        statics: Vec<(String, Option<&theme::ThemeFile>)>,
        mut removed: Vec<String>,
    ) -> Update {
        let mut output = self.output.write().unwrap_or_else(|e| e.into_inner());
        let mut changed = Vec::new();
        for (path, bytes) in rendered {
            if output.files.get(&path) != Some(&bytes) {
                changed.push(path.clone());
                output.files.insert(path, bytes);
            }
        }
        for (name, file) in statics {
            match file {
                Some(f) => {
                    if output.files.get(&name) != Some(&f.bytes) {
                        output.files.insert(name.clone(), f.bytes.clone());
                        changed.push(name);
                    }
                }
                None => removed.push(name),
            }
        }
        removed.retain(|p| output.files.remove(p).is_some());
        changed.sort();
        removed.sort();
        Update {
            changed,
            removed,
            ..Update::default()
        }
    }

    /// Whether the search index is older than the last good build.
    pub fn search_stale(&self) -> bool {
        self.search_stale && self.good.is_some()
    }

    /// Brings the search index up to the last good build. The documents are taken from the
    /// model here; the index is built, and put into the output, on another thread when
    /// `background`, where a newer build's index wins over an older one that finishes later.
    pub fn refresh_search_index(&mut self, background: bool) {
        use std::sync::atomic::Ordering;
        let Some(good) = self.good.as_ref().filter(|_| self.search_stale) else {
            return;
        };
        self.search_stale = false;
        let docs = search::documents(&good.site);
        let generation = self.search_generation.fetch_add(1, Ordering::SeqCst) + 1;
        let latest = Arc::clone(&self.search_generation);
        let output = Arc::clone(&self.output);
        let publish = move || {
            let files = search::files_of(&docs);
            let mut output = output.write().unwrap_or_else(|e| e.into_inner());
            if latest.load(Ordering::SeqCst) == generation {
                search::replace_index(&mut output, files);
            }
        };
        if background {
            std::thread::spawn(publish);
        } else {
            publish();
        }
    }

    /// The common edit, fast: the text or front matter of existing articles, when no list
    /// changes its order or members. Their new versions replace the old ones in the last good
    /// model, without resolving the rest again. `None` when the changes need the full path.
    fn try_article_edit(&mut self, changes: &[Change]) -> Option<Result<Update, Diagnostics>> {
        let start = Instant::now();
        if self.failing || !self.unreadable.is_empty() {
            return None;
        }
        let options = model::ResolveOptions {
            drafts: self.options.drafts,
        };
        let mut edits = Vec::new();
        for change in changes {
            let Change::Content(relative) = change else {
                return None;
            };
            if content::classify(relative) != Some(ContentKind::Article) {
                return None;
            }
            let shown = Path::new(content::CONTENT_DIR).join(relative);
            let file = self
                .content
                .articles
                .iter()
                .find(|a| a.source.path == shown)?;
            let site = &self.good.as_ref()?.site;
            match model::reresolve_article(site, file, options, &mut self.cache) {
                Ok(Some(edit)) => edits.push(edit),
                Ok(None) => return None,
                Err(d) => {
                    self.failing = true;
                    return Some(Err(d));
                }
            }
        }
        let good = self.good.as_mut()?;
        let theme = self.theme.as_ref()?;
        let mut dirty = HashSet::new();
        let mut listing_changed = false;
        let edits_at: Vec<usize> = edits.iter().map(|(ix, _)| *ix).collect();
        for (ix, article) in edits {
            let before = deps::listing(&good.site, ix);
            good.site.articles[ix] = article;
            let a = &good.site.articles[ix];
            good.facts
                .0
                .insert(Fact::Article(a.slug.clone()), a.source_hash);
            dirty.insert(Fact::Article(a.slug.clone()));
            listing_changed |= deps::listing(&good.site, ix) != before;
        }
        if listing_changed {
            for (fact, fp) in deps::listing_facts(&good.site) {
                if good.facts.0.get(&fact) != Some(&fp) {
                    dirty.insert(fact.clone());
                    good.facts.0.insert(fact, fp);
                }
            }
        }
        let keys = deps::stale_pages(&good.site, &good.graph, &dirty, None);
        let rendered = render::render_pages(&good.site, &good.charts, &good.env, theme, &keys)
            .and_then(|rendered| {
                let output = self.output.read().unwrap_or_else(|e| e.into_inner());
                let pending = Pending::new(&rendered, &good.pages, theme, &output);
                let problems =
                    links::check_articles(&good.site, &self.content, &pending, &edits_at);
                drop(output);
                if problems.has_errors() {
                    self.failing = true;
                    Err(problems.sorted())
                } else {
                    Ok(rendered)
                }
            });
        Some(rendered.map(|rendered| {
            self.search_stale = true;
            let mut update = self.publish(rendered, Vec::new(), Vec::new());
            update.rendered = keys.len();
            update.warnings = self.warnings.clone();
            update.took = start.elapsed();
            update
        }))
    }
}

/// Whether a rebuild with these `facts` changes what the search index holds: anything but a
/// template did (content, pages, the plan).
fn good_dirty_for_search(good: Option<&Good>, facts: &deps::Facts) -> bool {
    good.is_none_or(|g| {
        g.facts
            .dirty(facts)
            .iter()
            .any(|f| !matches!(f, Fact::Template(_)))
    })
}

/// The output as it will be once freshly rendered pages are published: the new pages over the
/// last output, without pages that are gone. Links are checked against it before anything is
/// published.
struct Pending<'a> {
    rendered: HashMap<&'a str, &'a [u8]>,
    pages: &'a HashSet<String>,
    theme: &'a Theme,
    output: &'a SiteOutput,
}

impl<'a> Pending<'a> {
    fn new(
        rendered: &'a [(String, Vec<u8>)],
        pages: &'a HashSet<String>,
        theme: &'a Theme,
        output: &'a SiteOutput,
    ) -> Self {
        Pending {
            rendered: rendered
                .iter()
                .map(|(p, b)| (p.as_str(), b.as_slice()))
                .collect(),
            pages,
            theme,
            output,
        }
    }
}

impl links::Files for Pending<'_> {
    fn file(&self, path: &str) -> Option<&[u8]> {
        if let Some(bytes) = self.rendered.get(path) {
            return Some(bytes);
        }
        if let Some(file) = self.theme.static_files.get(path) {
            return Some(&file.bytes);
        }
        self.pages
            .contains(path)
            .then(|| self.output.files.get(path).map(Vec::as_slice))
            .flatten()
    }

    fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.pages.iter().map(String::as_str).collect();
        paths.extend(self.theme.static_files.keys().map(String::as_str));
        paths.sort_unstable();
        paths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/minimal");

    fn copy_site(from: &Path) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = dir.path().join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        dir
    }

    fn start(from: &str) -> (tempfile::TempDir, Session) {
        let dir = copy_site(Path::new(from));
        let mut session = Session::new(BuildOptions::new(dir.path()));
        let update = session.rebuild_all().expect("the fixture builds");
        assert!(update.full && update.rendered > 5);
        (dir, session)
    }

    fn edit(dir: &Path, file: &str, from: &str, to: &str) {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// The incremental output must be exactly what a full build of the same files gives.
    fn assert_same_as_full_build(dir: &Path, session: &mut Session) {
        session.refresh_search_index(false);
        let full = crate::build::render_site(&BuildOptions::new(dir))
            .unwrap_or_else(|e| panic!("{e}"))
            .output;
        let output = session.output();
        let incremental = output.read().unwrap();
        let paths = |o: &SiteOutput| o.files.keys().cloned().collect::<Vec<_>>();
        assert_eq!(paths(&incremental), paths(&full));
        for (path, bytes) in &full.files {
            assert!(
                incremental.files[path] == *bytes,
                "{path} differs from a full build"
            );
        }
    }

    fn content(path: &str) -> Vec<Change> {
        vec![Change::Content(path.into())]
    }

    /// The search index's shard of `term`, as the output holds it.
    fn shard_of(session: &Session, term: &str) -> String {
        let path = format!("{}/t/{}.json", search::INDEX_DIR, search::shard_name(term));
        let output = session.output();
        let output = output.read().unwrap();
        output.get(&path).unwrap_or_default().to_string()
    }

    #[test]
    fn the_search_index_follows_content_edits_but_not_template_edits() {
        let (dir, mut session) = start(MINIMAL);
        assert!(!session.search_stale(), "a full build has its index");
        edit(
            dir.path(),
            "content/articles/prvni-byty.md",
            "39 domácností**.",
            "39 domácností** a zeleninových záhonů.",
        );
        session.apply(&content("articles/prvni-byty.md")).unwrap();
        assert!(session.search_stale());
        assert!(!shard_of(&session, "zelenin").contains("\"zelenin\""));
        session.refresh_search_index(false);
        assert!(!session.search_stale());
        assert!(shard_of(&session, "zelenin").contains("\"zelenin\""));
        assert_same_as_full_build(dir.path(), &mut session);

        // A template shows the same content differently: the index stays as it is.
        let theme = theme::load(dir.path(), "default", "cs").unwrap();
        let article = String::from_utf8(theme.templates["article.html"].bytes.clone()).unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/article.html"),
            article.replacen("</article>", "<p>x</p></article>", 1),
        )
        .unwrap();
        session
            .apply(&[Change::Template("article.html".into())])
            .unwrap();
        assert!(!session.search_stale());
    }

    #[test]
    fn an_article_body_edit_renders_only_that_article() {
        let (dir, mut session) = start(MINIMAL);
        edit(
            dir.path(),
            "content/articles/prvni-byty.md",
            "39 domácností**.",
            "40 domácností**.",
        );
        let update = session.apply(&content("articles/prvni-byty.md")).unwrap();
        assert_eq!(update.rendered, 1);
        assert_eq!(update.changed, ["clanky/prvni-byty/index.html"]);
        assert!(update.removed.is_empty() && !update.full && !update.css_only());
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn an_article_title_edit_renders_the_lists_that_show_it() {
        let (dir, mut session) = start(MINIMAL);
        edit(
            dir.path(),
            "content/articles/prvni-byty.md",
            "První sociální byty jsou obsazené",
            "Sociální byty jsou obsazené",
        );
        let update = session.apply(&content("articles/prvni-byty.md")).unwrap();
        let site = session.site().unwrap();
        let measure = &site.measures[site.articles[0].measures[0]];
        let area = &site.areas[site.articles[0].areas[0]];
        let mut expected = vec![
            "clanky/atom.xml".to_string(),
            "clanky/index.html".into(),
            "clanky/prvni-byty/index.html".into(),
            "index.html".into(),
            format!("oblasti/{}/index.html", area.slug),
            format!("opatreni/{}/index.html", measure.slug),
        ];
        expected.sort();
        assert_eq!(update.changed, expected);
        assert_eq!(update.rendered, expected.len(), "nothing else is rendered");
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn a_wave_edit_renders_the_pages_showing_the_plan_but_not_article_lists() {
        let (dir, mut session) = start(MINIMAL);
        edit(
            dir.path(),
            "content/waves/1-vyhodnoceni.toml",
            "V realizaci (3/6)",
            "Dokončeno",
        );
        let update = session.apply(&content("waves/1-vyhodnoceni.toml")).unwrap();
        assert!(update.changed.contains(&"index.html".to_string()));
        assert!(update
            .changed
            .iter()
            .any(|p| p.starts_with("vlny/") && p.ends_with("/index.html")));
        assert!(update
            .changed
            .iter()
            .any(|p| p.starts_with("opatreni/") && p != "opatreni/index.html"));
        // The article embeds the measure's badge, so its page shows the new status …
        assert!(update
            .changed
            .contains(&"clanky/prvni-byty/index.html".to_string()));
        // … but the article list shows no status and is left alone.
        assert!(update.rendered < session.output().read().unwrap().files.len());
        assert!(!update.changed.contains(&"clanky/index.html".to_string()));
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn a_wave_value_edit_leaves_articles_alone_when_they_show_nothing_of_it() {
        let (dir, mut session) = start(MINIMAL);
        edit(
            dir.path(),
            "content/waves/1-vyhodnoceni.toml",
            "value = 39",
            "value = 42",
        );
        let update = session.apply(&content("waves/1-vyhodnoceni.toml")).unwrap();
        assert!(update.changed.iter().any(|p| p.starts_with("vlny/")));
        assert!(
            !update.changed.iter().any(|p| p.starts_with("clanky/")),
            "{:?}",
            update.changed
        );
        let articles = session.site().unwrap().articles.len();
        let pages = crate::render::page_keys(session.site().unwrap()).len();
        // All but the article pages, the article list, the feed, robots.txt and the 404 page.
        assert_eq!(update.rendered, pages - articles - 4);
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn a_template_edit_renders_the_pages_using_it() {
        let (dir, mut session) = start(MINIMAL);
        let theme = theme::load(dir.path(), "default", "cs").unwrap();
        let mut article = String::from_utf8(theme.templates["article.html"].bytes.clone()).unwrap();
        article = article.replacen("</article>", "<p class=\"test-mark\">x</p></article>", 1);
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/article.html"), article).unwrap();
        let update = session
            .apply(&[Change::Template("article.html".into())])
            .unwrap();
        assert_eq!(update.rendered, session.site().unwrap().articles.len());
        assert_eq!(update.changed, ["clanky/prvni-byty/index.html"]);
        assert_same_as_full_build(dir.path(), &mut session);

        // The base template is used by every page.
        let base = String::from_utf8(theme.templates["base.html"].bytes.clone()).unwrap();
        std::fs::write(
            dir.path().join("templates/base.html"),
            base.replacen("</body>", "<!-- x --></body>", 1),
        )
        .unwrap();
        let update = session
            .apply(&[Change::Template("base.html".into())])
            .unwrap();
        let site = session.site().unwrap();
        let html_pages = crate::render::page_keys(site)
            .into_iter()
            .filter(|k| k.path(site).ends_with(".html"))
            .count();
        assert_eq!(update.rendered, html_pages);
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn a_stylesheet_edit_is_copied_alone() {
        let (dir, mut session) = start(MINIMAL);
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(
            dir.path().join("static/style.css"),
            "body { color: #111 }\n",
        )
        .unwrap();
        let update = session
            .apply(&[Change::Static("style.css".into())])
            .unwrap();
        assert_eq!(update.rendered, 0);
        assert_eq!(update.changed, ["style.css"]);
        assert!(update.css_only());
        assert_same_as_full_build(dir.path(), &mut session);
        // Deleting the override brings the theme's stylesheet back.
        std::fs::remove_file(dir.path().join("static/style.css")).unwrap();
        let update = session
            .apply(&[Change::Static("style.css".into())])
            .unwrap();
        assert_eq!(update.changed, ["style.css"]);
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn a_broken_edit_keeps_the_last_good_output_until_it_is_fixed() {
        let (dir, mut session) = start(MINIMAL);
        let before = session.output().read().unwrap().clone();
        let wave = "content/waves/1-vyhodnoceni.toml";
        let good = std::fs::read_to_string(dir.path().join(wave)).unwrap();
        std::fs::write(dir.path().join(wave), format!("{good}\n[[broken\n")).unwrap();
        let err = session
            .apply(&content("waves/1-vyhodnoceni.toml"))
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("1-vyhodnoceni.toml"), "{text}");
        assert_eq!(*session.output().read().unwrap(), before);

        // Another edit while the wave is broken still reports the wave.
        edit(dir.path(), "content/articles/prvni-byty.md", "39", "41");
        let err = session
            .apply(&content("articles/prvni-byty.md"))
            .unwrap_err();
        assert!(err.to_string().contains("1-vyhodnoceni.toml"));

        std::fs::write(dir.path().join(wave), good).unwrap();
        let update = session.apply(&content("waves/1-vyhodnoceni.toml")).unwrap();
        assert!(update
            .changed
            .contains(&"clanky/prvni-byty/index.html".to_string()));
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn an_article_error_is_reported_until_fixed_even_when_other_articles_change() {
        let (dir, mut session) = start(MINIMAL);
        let article = "content/articles/prvni-byty.md";
        edit(
            dir.path(),
            article,
            "measures = [\"1.1.1.1\"]",
            "measures = [\"1.1.1.9\"]",
        );
        let err = session
            .apply(&content("articles/prvni-byty.md"))
            .unwrap_err();
        assert!(err.to_string().contains("1.1.1.9"), "{err}");
        std::fs::write(
            dir.path().join("content/articles/druhy.md"),
            "+++\ntitle = \"Druhý\"\ndate = 2024-01-01\n+++\n\nText.\n",
        )
        .unwrap();
        let err = session.apply(&content("articles/druhy.md")).unwrap_err();
        assert!(err.to_string().contains("1.1.1.9"), "{err}");
        edit(dir.path(), article, "1.1.1.9", "1.1.1.1");
        session.apply(&content("articles/prvni-byty.md")).unwrap();
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn a_broken_link_is_an_error_in_serve_as_in_build() {
        let (dir, mut session) = start(MINIMAL);
        let before = session.output().read().unwrap().clone();
        let article = "content/articles/prvni-byty.md";
        // Through the fast path for article edits.
        edit(
            dir.path(),
            article,
            "(/opatreni/1-1-1-1/)",
            "(/opatreni/1-1-1-7/)",
        );
        let err = session
            .apply(&content("articles/prvni-byty.md"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("prvni-byty.md:11:")
                && err.contains("`/opatreni/1-1-1-7/` points to a page that does not exist"),
            "{err}"
        );
        assert_eq!(*session.output().read().unwrap(), before);
        // Through a full rebuild: a page linked from the article goes away.
        edit(dir.path(), article, "(/opatreni/1-1-1-7/)", "(/o-planu/)");
        session.apply(&content("articles/prvni-byty.md")).unwrap();
        let page = "content/pages/o-planu.md";
        std::fs::rename(
            dir.path().join(page),
            dir.path().join("content/pages/o-plane.md"),
        )
        .unwrap();
        let err = session
            .apply(&[
                Change::Content("pages/o-planu.md".into()),
                Change::Content("pages/o-plane.md".into()),
            ])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`/o-planu/` points to a page that does not exist"),
            "{err}"
        );
        assert!(err.contains("did you mean `/o-plane/`?"), "{err}");
        edit(dir.path(), article, "(/o-planu/)", "(/o-plane/)");
        session.apply(&content("articles/prvni-byty.md")).unwrap();
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn added_and_deleted_articles_add_and_remove_pages() {
        let (dir, mut session) = start(MINIMAL);
        std::fs::write(
            dir.path().join("content/articles/novy.md"),
            "+++\ntitle = \"Nový článek\"\ndate = 2024-06-01\n+++\n\nText.\n",
        )
        .unwrap();
        let update = session.apply(&content("articles/novy.md")).unwrap();
        assert!(update
            .changed
            .contains(&"clanky/novy/index.html".to_string()));
        assert!(update.changed.contains(&"clanky/index.html".to_string()));
        assert_same_as_full_build(dir.path(), &mut session);

        std::fs::remove_file(dir.path().join("content/articles/novy.md")).unwrap();
        let update = session.apply(&content("articles/novy.md")).unwrap();
        assert_eq!(update.removed, ["clanky/novy/index.html"]);
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn a_page_title_edit_renders_every_page_since_the_footer_lists_pages() {
        let (dir, mut session) = start(MINIMAL);
        let page = "content/pages/o-planu.md";
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        let title_line = text
            .lines()
            .find(|l| l.starts_with("title"))
            .unwrap()
            .to_string();
        edit(dir.path(), page, &title_line, "title = \"O plánu města\"");
        let update = session.apply(&content("pages/o-planu.md")).unwrap();
        assert_eq!(
            update.rendered,
            crate::render::page_keys(session.site().unwrap()).len()
        );
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn a_configuration_change_rebuilds_everything() {
        let (dir, mut session) = start(MINIMAL);
        let config = std::fs::read_to_string(dir.path().join("milnik.toml")).unwrap();
        let title_line = config
            .lines()
            .find(|l| l.starts_with("title"))
            .unwrap()
            .to_string();
        edit(
            dir.path(),
            "milnik.toml",
            &title_line,
            "title = \"Jiný název\"",
        );
        let update = session.apply(&[Change::Config]).unwrap();
        assert!(update.full);
        assert_same_as_full_build(dir.path(), &mut session);
    }

    #[test]
    fn a_translation_edit_rebuilds_everything() {
        let (dir, mut session) = start(MINIMAL);
        std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
        std::fs::write(
            dir.path().join("i18n/cs.toml"),
            "[site]\nskip_link = \"Přejít na obsah\"\n",
        )
        .unwrap();
        let update = session.apply(&[Change::Translations]).unwrap();
        assert!(update.full);
        assert!(update.changed.contains(&"index.html".to_string()));
        let output = session.output();
        let home = String::from_utf8(output.read().unwrap().files["index.html"].clone()).unwrap();
        assert!(home.contains(">Přejít na obsah</a>"), "{home}");
        assert_same_as_full_build(dir.path(), &mut session);

        // A broken translation is reported, and the last good output stays.
        std::fs::write(dir.path().join("i18n/cs.toml"), "[site]\nskip_link = \"x\n").unwrap();
        let Err(d) = session.apply(&[Change::Translations]) else {
            panic!("a broken translation file built")
        };
        assert!(d.to_string().contains("i18n/cs.toml:2:"), "{d}");
        let home = String::from_utf8(output.read().unwrap().files["index.html"].clone()).unwrap();
        assert!(home.contains(">Přejít na obsah</a>"));
    }
}

//! The incremental build behind `milnik serve`. A [`Session`] keeps what a one-off build throws
//! away: the parsed content files, the rendered Markdown bodies, the compiled templates, the
//! charts and the output of the last good build. After a change it reads only the changed files
//! again, renders only the pages whose inputs changed ([`deps`] decides which) and finishes
//! them over the last good output with the pipeline's own finish (only the changed static
//! files; the open data when the plan changed; the search index later, once `serve` is idle);
//! a change to the configuration rebuilds everything. What passed is published into the
//! [`Live`] output the server answers from.
//!
//! A failed rebuild changes nothing: the last good output stays as it was, and the next change
//! (usually the fix) is compared against that good build.

pub mod deps;
mod reports;

pub use reports::ReportsMade;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use minijinja::Environment;

use crate::build::BuildOptions;
use crate::chart::Charts;
use crate::content::{self, Content, ContentKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, MarkdownCache, Site};
use crate::open_data;
use crate::output::{Live, Published, SiteOutput};
use crate::pipeline::{Finish, Generated, Links, Over, Pipeline, Renderer, Statics};
use crate::render::{theme, theme::Theme};
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
    /// A file of the report's template (`report/` of the theme or of the site): the reports
    /// are laid out again; no page changes.
    Report,
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

impl From<Published> for Update {
    fn from(published: Published) -> Self {
        Update {
            changed: published.changed,
            removed: published.removed,
            ..Update::default()
        }
    }
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
    /// The photos processed so far, so that a rebuild reads none again.
    photos: crate::photos::Memory,
    good: Option<Good>,
    /// Whether the last rebuild failed; the next one then resolves everything, so that the
    /// problem is reported until it is fixed.
    failing: bool,
    /// Warnings of the last good build.
    warnings: Diagnostics,
    /// The output of the last good build, which a server may be answering from.
    live: Live,
    /// Whether the search index in the output is older than the last good build. Rebuilt whole
    /// on a full build; after an edit, by [`Session::refresh_search_index`] once `serve` is
    /// idle, so that an edit's pages never wait for it.
    search_stale: bool,
    /// Counts index builds, so that an index finished on another thread is published only if
    /// no newer one was started meanwhile.
    search_generation: Arc<std::sync::atomic::AtomicU64>,
    /// The waves' printable reports: their last links, and whether they are stale.
    reports: reports::Reports,
}

impl Session {
    /// A session for the site of `options`; nothing is read until [`Session::rebuild_all`].
    pub fn new(options: BuildOptions) -> Self {
        Self::with_output(options, Live::default())
    }

    /// A session that publishes its builds into `output` (which a server answers from).
    pub fn with_output(options: BuildOptions, output: Live) -> Self {
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
            photos: crate::photos::Memory::default(),
            good: None,
            failing: false,
            warnings: Diagnostics::default(),
            live: output,
            search_stale: false,
            search_generation: Arc::default(),
            reports: reports::Reports::default(),
        }
    }

    /// The output of the last good build, shared with whoever serves it.
    pub fn output(&self) -> Arc<RwLock<SiteOutput>> {
        self.live.shared()
    }

    /// The model of the last good build.
    pub fn site(&self) -> Option<&Site> {
        self.good.as_ref().map(|g| &g.site)
    }

    /// Reads everything again and renders every page.
    pub fn rebuild_all(&mut self) -> Result<Update, Diagnostics> {
        let start = Instant::now();
        self.reload_content();
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
        if let Ok(config) = Pipeline::new(&self.options).config() {
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
        let mut report_changed = false;
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
                Change::Report => report_changed = true,
            }
        }
        if report_changed {
            // The report's files are part of the theme; no page shows them.
            self.reload_theme();
            self.reports.stale = true;
            if !plan_changed && !templates_changed && statics.is_empty() {
                return Ok(Update {
                    took: start.elapsed(),
                    ..Update::default()
                });
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
        let keys = self.level_keys();
        self.content.remove(&shown);
        self.unreadable.remove(&shown);
        if exists {
            match content::parse_one(&self.options.root, relative, kind, &keys) {
                Ok(parsed) => self.content.insert(parsed),
                Err(d) => {
                    self.unreadable.insert(shown, d);
                }
            }
        }
        if kind == ContentKind::Plan && self.level_keys() != keys {
            // The area files name their tables by the plan's levels: read them again.
            self.reload_content();
        }
        !matches!(kind, ContentKind::Article | ContentKind::Page)
    }

    /// Reads every content file again.
    fn reload_content(&mut self) {
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
    }

    /// The level keys the plan declares, which area files are read with.
    fn level_keys(&self) -> content::LevelKeys {
        content::LevelKeys::of(self.content.plan.as_ref().map(|p| &p.data))
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
        let pipeline = Pipeline::new(&self.options);
        let config = pipeline.config();
        if let Err(d) = &config {
            problems.extend(d.clone());
        }
        if problems.has_errors() {
            return Err(problems.sorted());
        }
        let config = config.expect("checked above");
        let theme = self.theme.as_ref().expect("no theme problems");
        let statuses = crate::values::default_statuses(&theme.translations);
        let (site, mut diagnostics) = pipeline.resolve_with(
            config,
            &self.content,
            &mut self.cache,
            &statuses,
            crate::pages::segments(&theme.translations),
        );
        diagnostics.extend(self.listing.clone());
        diagnostics.extend(theme.warnings.clone());
        let Some(mut site) = site.filter(|_| !diagnostics.has_errors()) else {
            return Err(diagnostics.sorted());
        };
        // A changed photo is a changed static file, which always comes this way.
        diagnostics.extend(pipeline.photos(&mut site, theme, &self.photos));
        if diagnostics.has_errors() {
            return Err(diagnostics.sorted());
        }
        // Charts and the template environment depend only on the plan and the templates.
        let reusable = self.good.as_ref().filter(|_| !plan_changed);
        let (renderer, graph) = match reusable {
            Some(g) => (
                Renderer::with_parts(&site, theme, Arc::clone(&g.env), Arc::clone(&g.charts)),
                Arc::clone(&g.graph),
            ),
            None => (
                Renderer::new(&site, theme)?,
                Arc::new(TemplateGraph::new(theme)),
            ),
        };
        // The pages link the reports as last laid out; new ones follow once saving pauses.
        renderer.set_reports(self.reports.of(&site));
        let plan = deps::plan_fingerprint(&self.content);
        let nav = content::fingerprint(format!("{:?}", renderer.site_value()));
        let facts = deps::facts(&site, &renderer.charts, theme, plan, nav);
        let all_keys = crate::pages::page_keys(&site);
        let pages: HashSet<String> = all_keys.iter().map(|k| k.path(&site)).collect();
        let keys = match &self.good {
            Some(good) => {
                deps::stale_pages(&site, &graph, &good.facts.dirty(&facts), Some(&good.pages))
            }
            None => all_keys,
        };
        let mut made = SiteOutput {
            files: renderer.render(&keys)?.into_iter().collect(),
        };
        // The open-data downloads come from the plan's files alone.
        let mut pages = pages;
        pages.extend(open_data::paths(&site));
        pages.extend(site.photos.variants().map(|v| v.path.clone()));
        pages.extend(self.reports.paths(&site));
        let data_stale = self
            .good
            .as_ref()
            .is_none_or(|g| g.facts.0.get(&Fact::Plan) != facts.0.get(&Fact::Plan));
        let full = self.good.is_none();
        // A report shows the plan's files, the theme's texts and templates and the site's
        // configuration, all of which come through here as a changed plan or a full build.
        self.reports.stale |= full || plan_changed || data_stale;
        let (added, index) = if full {
            (Statics::All, Generated::Stale)
        } else {
            // After an edit the search index is brought up to date once `serve` is idle
            // (`refresh_search_index`), so that the edit's pages never wait for it.
            (Statics::Changed(statics), Generated::Current)
        };
        let finished = pipeline.finish(
            &mut made,
            Finish {
                site: &site,
                theme,
                content: &self.content,
                statics: added,
                index,
                data: if data_stale {
                    Generated::Stale
                } else {
                    Generated::Current
                },
                links: Links::All,
                over: Some(Over {
                    output: &self.live.read(),
                    pages: &pages,
                }),
            },
        );
        diagnostics.extend(finished.diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics.sorted());
        }

        let mut gone: Vec<String> = match &self.good {
            Some(good) => good.pages.difference(&pages).cloned().collect(),
            None => {
                let output = self.live.read();
                output
                    .files
                    .keys()
                    .filter(|p| !pages.contains(*p) && !theme.static_files.contains_key(*p))
                    .cloned()
                    .collect()
            }
        };
        if full {
            // An index still being made for an earlier build is not published over this one's.
            self.search_generation
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            self.search_stale = false;
        } else {
            let deleted = statics.iter().filter(|(_, file)| file.is_none());
            gone.extend(deleted.map(|(name, _)| name.clone()));
            self.search_stale |= good_dirty_for_search(self.good.as_ref(), &facts);
        }
        let mut update = Update::from(self.live.apply(Cow::Owned(made), gone));
        update.rendered = keys.len();
        update.warnings = diagnostics.sorted();
        self.warnings = update.warnings.clone();
        let (env, charts) = renderer.into_parts();
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
        let dir = search::index_dir(&good.site.segments);
        let docs = search::documents(
            &good.site,
            &self
                .theme
                .as_ref()
                .expect("a good build has a theme")
                .translations,
        );
        let generation = self.search_generation.fetch_add(1, Ordering::SeqCst) + 1;
        let latest = Arc::clone(&self.search_generation);
        let live = self.live.clone();
        let publish = move || {
            let files = search::files_of(&docs, &dir);
            live.replace_dir(&dir, files, || latest.load(Ordering::SeqCst) != generation);
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
            despite_body_errors: false,
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
                // Its photos may be new: the photo step runs on the full path.
                Ok(Some((_, article)))
                    if article.cover.is_some() || !article.content.images.is_empty() =>
                {
                    return None
                }
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
        let edits_at: Vec<model::ArticleIx> = edits.iter().map(|(ix, _)| *ix).collect();
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
        let renderer = Renderer::with_parts(
            &good.site,
            theme,
            Arc::clone(&good.env),
            Arc::clone(&good.charts),
        );
        renderer.set_reports(self.reports.of(&good.site));
        let finished = renderer.render(&keys).and_then(|rendered| {
            let mut made = SiteOutput {
                files: rendered.into_iter().collect(),
            };
            let finish = Finish {
                site: &good.site,
                theme,
                content: &self.content,
                statics: Statics::Changed(&[]),
                index: Generated::Current,
                data: Generated::Current,
                links: Links::Articles(&edits_at),
                over: Some(Over {
                    output: &self.live.read(),
                    pages: &good.pages,
                }),
            };
            let problems = Pipeline::new(&self.options)
                .finish(&mut made, finish)
                .diagnostics;
            if problems.has_errors() {
                self.failing = true;
                Err(problems.sorted())
            } else {
                Ok(made)
            }
        });
        Some(finished.map(|made| {
            self.search_stale = true;
            let mut update = Update::from(self.live.apply(Cow::Owned(made), Vec::new()));
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

#[cfg(test)]
mod tests;

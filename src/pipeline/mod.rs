//! The one build pipeline, shared by `build`, `check`, `serve`, `import` and the fuzz targets:
//! settle the configuration, load the content, resolve the model, load the theme, render any
//! set of pages with a [`Renderer`] prepared once per model and theme, and [`Pipeline::finish`]
//! the rendered pages (static files, search index, open data, links). Each step takes plain
//! data and gives plain data back; `build::stages` runs them once for a one-off build,
//! `incremental::Session` keeps their results between saves and runs only what a change needs.

mod finish;

use std::path::PathBuf;
use std::sync::Arc;

use minijinja::{Environment, Value};
use rayon::prelude::*;

use crate::chart::Charts;
use crate::config::{self, BaseUrl, SiteConfig};
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, MarkdownCache, Site};
use crate::pages::route::Segments;
use crate::pages::PageKey;
use crate::progress::Progress;
use crate::render::{self, theme::Theme};
use crate::values::locale::{self, Locale};
use crate::values::{default_statuses, StatusDef};

/// What to build and how: the options every command shares.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The site directory (holds `milnik.toml` and `content/`).
    pub root: PathBuf,
    /// Where the site is written; relative paths are taken from `root`.
    pub output: PathBuf,
    /// Overrides `base_url` from the configuration.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Treat warnings as errors: nothing is written when there is any.
    pub deny_warnings: bool,
    /// Told each stage as the build enters it (for the progress line on a terminal).
    pub progress: Option<Progress>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: PathBuf::from("public"),
            base_url: None,
            drafts: false,
            deny_warnings: false,
            progress: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        if self.output.is_absolute() {
            self.output.clone()
        } else {
            self.root.join(&self.output)
        }
    }
}

/// The steps of a build of the site `options` names.
#[derive(Clone, Copy)]
pub struct Pipeline<'o> {
    options: &'o BuildOptions,
    /// Whether resolve gives the model back when only articles and pages have errors
    /// ([`model::ResolveOptions::despite_body_errors`]): for `check` and `build`, which then
    /// check the links of what resolved and publish nothing.
    despite_body_errors: bool,
}

pub use crate::render::RenderedPage;
pub use finish::{Finish, Finished, Generated, Links, Over, Statics};

impl<'o> Pipeline<'o> {
    pub fn new(options: &'o BuildOptions) -> Self {
        Pipeline {
            options,
            despite_body_errors: false,
        }
    }

    /// A pipeline whose resolve gives the model back when only articles and pages have
    /// errors, so that their links are checked in the same run; what it makes must not be
    /// published when there are errors.
    pub fn reporting_all(options: &'o BuildOptions) -> Self {
        Pipeline {
            options,
            despite_body_errors: true,
        }
    }

    /// Reads `milnik.toml` and settles the base URL (the command line's, else the
    /// configuration's), parsed into [`SiteConfig::base`].
    pub fn config(&self) -> Result<SiteConfig, Diagnostics> {
        let (mut config, config_source) = config::load(&self.options.root)?;
        let base_text = self
            .options
            .base_url
            .clone()
            .unwrap_or_else(|| config.base_url.clone());
        match BaseUrl::parse(&base_text) {
            Ok(base) => config.base = base,
            Err(msg) => {
                let d = if self.options.base_url.is_some() {
                    Diagnostic::error("--base-url", msg)
                } else {
                    let offset = config_source.text.find("base_url").unwrap_or(0);
                    config_source.error_at(offset..offset, msg)
                };
                return Err(Diagnostics(vec![d]));
            }
        }
        config.base_url = base_text;
        Ok(config)
    }

    /// Reads every file under `content/`; the problems of files that do not parse come back
    /// beside what did.
    pub fn load(&self) -> (Content, Diagnostics) {
        content::load(&self.options.root)
    }

    /// Links and checks the content into the model (reusing the Markdown bodies of `cache`).
    pub fn resolve(
        &self,
        config: SiteConfig,
        content: &Content,
        cache: &mut MarkdownCache,
    ) -> (Option<Site>, Diagnostics) {
        let translations =
            render::theme::translations(&self.options.root, &config.theme, &config.language);
        let statuses = default_statuses(&translations);
        self.resolve_with(
            config,
            content,
            cache,
            &statuses,
            crate::pages::segments(&translations),
        )
    }

    /// [`Pipeline::resolve`] for a caller that has the theme already: `theme_statuses` are
    /// the statuses of a plan that declares none ([`default_statuses`] of the theme's texts),
    /// `segments` its sections' URL segments.
    pub fn resolve_with(
        &self,
        config: SiteConfig,
        content: &Content,
        cache: &mut MarkdownCache,
        theme_statuses: &[StatusDef],
        segments: Segments,
    ) -> (Option<Site>, Diagnostics) {
        let base = config.base.clone();
        let options = model::ResolveOptions {
            drafts: self.options.drafts,
            despite_body_errors: self.despite_body_errors,
        };
        model::resolve_with_cache(
            config,
            base,
            content,
            options,
            theme_statuses,
            segments,
            cache,
        )
    }

    /// The photo step: makes ready the photos `site` shows from the theme's and the site's
    /// static files (with the caches on disk and in `memory`) and puts them in `site.photos`.
    pub fn photos(
        &self,
        site: &mut Site,
        theme: &Theme,
        memory: &crate::photos::Memory,
    ) -> Diagnostics {
        let (photos, diagnostics) =
            crate::photos::prepare(site, &theme.static_files, &self.options.root, memory);
        site.photos = photos;
        diagnostics
    }

    /// The theme the configuration names, with the site's own templates, static files and
    /// translations over it.
    pub fn theme(&self, config: &SiteConfig) -> Result<Theme, Diagnostics> {
        render::theme::load(&self.options.root, &config.theme, &config.language)
    }
}

/// The compiled templates and the charts of a [`Renderer`], kept for another model of the
/// same plan and theme.
pub type RendererParts = (Arc<Environment<'static>>, Arc<Charts>);

/// Everything rendering needs that depends only on the model and the theme: the compiled
/// templates, the charts and the context every page shares. `serve` keeps the templates and
/// the charts across edits that change neither.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub env: Arc<Environment<'static>>,
    pub charts: Arc<Charts>,
    site_value: Value,
    /// The language values are written in on every page.
    locale: Arc<Locale>,
    /// Each wave's printable report as the pages link it (by wave), once known: the pages
    /// that link the reports (`pages::LINKS_REPORTS`) are rendered after it is set.
    reports: std::sync::OnceLock<Vec<Option<crate::report::ReportLink>>>,
}

impl<'a> Renderer<'a> {
    /// Compiles the templates and builds the charts.
    pub fn new(site: &'a Site, theme: &'a Theme) -> Result<Self, Diagnostics> {
        let env = render::environment(theme, render::abbreviations(site))?;
        let charts = Charts::build(site, &theme.translations);
        Ok(Self::with_parts(
            site,
            theme,
            Arc::new(env),
            Arc::new(charts),
        ))
    }

    /// A renderer with templates and charts made for an earlier model of the same plan.
    pub fn with_parts(
        site: &'a Site,
        theme: &'a Theme,
        env: Arc<Environment<'static>>,
        charts: Arc<Charts>,
    ) -> Self {
        let locale = Arc::new(Locale::of(
            &theme.translations,
            &site.statuses,
            site.config.currency,
        ));
        let site_value = locale::scope(&locale, || render::site_context(site, &theme.translations));
        Renderer {
            site,
            theme,
            env,
            charts,
            site_value,
            locale,
            reports: std::sync::OnceLock::new(),
        }
    }

    /// Sets the links of the waves' reports for the pages rendered from now on; the first
    /// set stays.
    pub fn set_reports(&self, links: Vec<Option<crate::report::ReportLink>>) {
        let _ = self.reports.set(links);
    }

    /// The links of the waves' reports, by wave (empty while unknown).
    pub fn reports(&self) -> &[Option<crate::report::ReportLink>] {
        self.reports.get().map_or(&[], Vec::as_slice)
    }

    /// The compiled templates and the charts, to be kept for the next model of the same plan.
    pub fn into_parts(self) -> RendererParts {
        (self.env, self.charts)
    }

    /// Runs `f` with values written in the site's language (as on the pages).
    pub fn in_locale<T>(&self, f: impl FnOnce() -> T) -> T {
        locale::scope(&self.locale, f)
    }

    /// The context every page shares (the site's name, navigation, pages).
    pub fn site_value(&self) -> &Value {
        &self.site_value
    }

    /// Renders the pages named by `keys` on all cores and hands each one to `done` the moment
    /// it is finished, in no particular order. The errors of all pages are reported together.
    pub fn render_each(
        &self,
        keys: &[PageKey],
        done: impl Fn(RenderedPage) + Sync,
    ) -> Result<(), Diagnostics> {
        let errors: Vec<(Diagnostic, String)> = keys
            .par_iter()
            .filter_map(|&key| match self.render_one(key) {
                Ok(page) => {
                    done(page);
                    None
                }
                Err(e) => Some(e),
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(render::group_page_errors(errors))
        }
    }

    /// Renders the pages named by `keys` (in parallel), in the order of `keys`.
    pub fn render(&self, keys: &[PageKey]) -> Result<Vec<RenderedPage>, Diagnostics> {
        let rendered: Vec<Result<RenderedPage, (Diagnostic, String)>> =
            keys.par_iter().map(|&key| self.render_one(key)).collect();
        let mut pages = Vec::with_capacity(rendered.len());
        let mut errors = Vec::new();
        for result in rendered {
            match result {
                Ok(page) => pages.push(page),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(pages)
        } else {
            Err(render::group_page_errors(errors))
        }
    }

    /// One page, or its error with the path it would have had.
    fn render_one(&self, key: PageKey) -> Result<RenderedPage, (Diagnostic, String)> {
        locale::scope(&self.locale, || render::render_key(self, key))
    }
}

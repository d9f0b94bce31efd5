//! The staged build, top to bottom: load (config, content) → resolve (link and validate) →
//! render (templates) → write (atomic swap). Each stage is a plain function; this module only
//! runs them in order, times them and stops at the first stage that reports errors.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{self, BaseUrl, SiteConfig};
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Site};
use crate::output::{self, SiteOutput};
use crate::render;

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
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: PathBuf::from("public"),
            base_url: None,
            drafts: false,
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

/// How long each stage took, for `-v`.
#[derive(Clone, Debug, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.0.push((stage, start.elapsed()));
        value
    }
}

/// The outcome of loading and validating a site: the model when valid, and every diagnostic.
pub struct Checked {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

/// Reads `milnik.toml` and settles the base URL (the command line's, else the config's).
pub fn site_config(options: &BuildOptions) -> Result<SiteConfig, Diagnostics> {
    let (mut config, config_source) = config::load(&options.root)?;
    let base_text = options
        .base_url
        .clone()
        .unwrap_or_else(|| config.base_url.clone());
    if let Err(msg) = BaseUrl::parse(&base_text) {
        let d = if options.base_url.is_some() {
            Diagnostic::error("--base-url", msg)
        } else {
            let offset = config_source.text.find("base_url").unwrap_or(0);
            config_source.error_at(offset..offset, msg)
        };
        return Err(Diagnostics(vec![d]));
    }
    config.base_url = base_text;
    Ok(config)
}

/// Stages 1 and 2: load and resolve. Never writes anything.
pub fn check(options: &BuildOptions) -> Checked {
    let mut timings = Timings::default();
    let mut diagnostics = Diagnostics::default();
    let loaded = timings.time("load", || {
        let config = site_config(options);
        let content = content::load(&options.root);
        (config, content)
    });
    let (config, (content, content_diagnostics)) = loaded;
    diagnostics.extend(content_diagnostics);
    // Files that do not parse would only cause a cascade of "does not exist" errors in the
    // resolve stage; report every file's own problems first.
    if diagnostics.has_errors() {
        return Checked {
            site: None,
            diagnostics: diagnostics.sorted(),
            timings,
        };
    }
    let config = match config {
        Ok(c) => c,
        Err(d) => {
            diagnostics.extend(d);
            return Checked {
                site: None,
                diagnostics: diagnostics.sorted(),
                timings,
            };
        }
    };
    let base = BaseUrl::parse(&config.base_url).expect("checked by site_config");
    let (site, resolve_diagnostics) = timings.time("resolve", || {
        model::resolve(
            config,
            base,
            &content,
            model::ResolveOptions {
                drafts: options.drafts,
            },
        )
    });
    diagnostics.extend(resolve_diagnostics);
    let site = if diagnostics.has_errors() { None } else { site };
    Checked {
        site,
        diagnostics: diagnostics.sorted(),
        timings,
    }
}

/// What a successful build did.
pub struct Built {
    pub output: SiteOutput,
    pub warnings: Diagnostics,
    pub timings: Timings,
    pub output_dir: PathBuf,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the site has errors; nothing was written\n\n{0}")]
    Invalid(Diagnostics),
    #[error("cannot write the site to {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Stages 1–3: everything but writing. The output stays in memory.
pub fn render_site(options: &BuildOptions) -> Result<Built, BuildError> {
    let Checked {
        site,
        diagnostics,
        mut timings,
    } = check(options);
    let Some(site) = site else {
        return Err(BuildError::Invalid(diagnostics));
    };
    let output = timings.time("render", || {
        let theme = render::theme::load(&options.root, &site.config.theme)?;
        render::render(&site, &theme)
    });
    let output = output.map_err(|d| {
        let mut all = diagnostics.clone();
        all.extend(d);
        BuildError::Invalid(all.sorted())
    })?;
    Ok(Built {
        output,
        warnings: diagnostics,
        timings,
        output_dir: options.output_dir(),
    })
}

/// The whole build: load, resolve, render, and write atomically.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let mut built = render_site(options)?;
    let dir = built.output_dir.clone();
    built
        .timings
        .time("write", || output::write_atomically(&dir, &built.output))
        .map_err(|source| BuildError::Write {
            path: dir.clone(),
            source,
        })?;
    Ok(built)
}

/// A path for messages: relative to the current directory when possible.
pub fn display_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

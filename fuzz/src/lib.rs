//! The shared harness of milnik's fuzz targets.
//!
//! Every target replaces one file of the fixture site `tests/fixtures/minimal` with the fuzzer's
//! bytes and runs the build pipeline in memory: parse → resolve (link and validate) → render.
//! Errors reported as diagnostics are the expected outcome for most inputs; only a panic (or an
//! abort, a stack overflow, running out of memory or time) is a finding.
//!
//! The fixture is loaded once per process. `Content` is not `Clone`, so instead of loading it
//! again for every input the harness keeps one loaded copy and swaps the fuzzed file in and out:
//! the fuzzed bytes go in through `content::parse_bytes`, and afterwards the original file is
//! parsed again from its bytes kept in memory. No input touches the disk.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use milnik::config::SiteConfig;
use milnik::content::{self, Content, ContentKind};
use milnik::diagnostics::Diagnostics;
use milnik::model::{MarkdownCache, Site};
use milnik::pipeline::{Pipeline, Renderer};
use milnik::render::theme::Theme;

/// The fixture site, loaded once.
struct Fixture {
    config: SiteConfig,
    theme: Theme,
    /// The fixture's content; every input swaps one file of it and restores it afterwards.
    content: Mutex<Content>,
    /// The bytes of the files the targets replace, by path, to restore them without the disk.
    originals: Vec<(&'static str, Vec<u8>)>,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

/// The fixture site's directory.
pub fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal")
}

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(|| {
        // The build parallelises with rayon; one fuzzer process should keep to one core.
        if std::env::var_os("RAYON_NUM_THREADS").is_none() {
            std::env::set_var("RAYON_NUM_THREADS", "1");
        }
        let root = fixture_root();
        let options = milnik::build::BuildOptions::new(&root);
        let pipeline = Pipeline::new(&options);
        let config = pipeline
            .config()
            .unwrap_or_else(|d| panic!("the fixture's milnik.toml does not load:\n{d}"));
        let (content, diagnostics) = content::load(&root);
        assert!(
            !diagnostics.has_errors(),
            "the fixture's content does not load:\n{diagnostics}"
        );
        let theme = pipeline
            .theme(&config)
            .unwrap_or_else(|d| panic!("the fixture's theme does not load:\n{d}"));
        // The unchanged fixture must build, or every input would stop at the same error.
        let (site, diagnostics) =
            pipeline.resolve(config.clone(), &content, &mut MarkdownCache::default());
        let site = site
            .filter(|_| !diagnostics.has_errors())
            .unwrap_or_else(|| panic!("the fixture does not resolve:\n{diagnostics}"));
        if let Err(d) = render_all(&site, &theme) {
            panic!("the fixture does not render:\n{d}");
        }
        let originals = [PLAN, WAVE, ARTICLE]
            .iter()
            .map(|t| {
                let bytes = std::fs::read(root.join(t.shown))
                    .unwrap_or_else(|e| panic!("cannot read the fixture's {}: {e}", t.shown));
                (t.shown, bytes)
            })
            .collect();
        Fixture {
            config,
            theme,
            content: Mutex::new(content),
            originals,
        }
    })
}

/// One file of the fixture that a target replaces.
pub struct Target {
    /// Its path as the build shows it, relative to the site root ("content/plan.toml").
    pub shown: &'static str,
    pub kind: ContentKind,
}

pub const PLAN: Target = Target {
    shown: "content/plan.toml",
    kind: ContentKind::Plan,
};

pub const WAVE: Target = Target {
    shown: "content/waves/1-vyhodnoceni.toml",
    kind: ContentKind::Wave,
};

pub const ARTICLE: Target = Target {
    shown: "content/articles/prvni-byty.md",
    kind: ContentKind::Article,
};

/// What became of one input; for the `replay` example and for statistics, not for the fuzzer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file itself was rejected (not UTF-8, empty, bad TOML, wrong shape).
    ParseError,
    /// The file parsed but the site has errors (broken links, duplicate IDs, ...).
    ResolveError,
    /// The site resolved but the templates reported errors.
    RenderError,
    /// The whole site rendered.
    Rendered,
}

/// Runs the pipeline with `bytes` in place of the target's file. Panics only when milnik does.
pub fn run(target: &Target, bytes: &[u8]) -> Outcome {
    explain(target, bytes).0
}

/// Like [`run`], and also returns the diagnostics that stopped the pipeline, if any.
pub fn explain(target: &Target, bytes: &[u8]) -> (Outcome, Option<Diagnostics>) {
    let fixture = fixture();
    let shown = Path::new(target.shown);
    let parsed = match content::parse_bytes(shown, target.kind, bytes.to_vec()) {
        Ok(parsed) => parsed,
        Err(d) => return (Outcome::ParseError, Some(Diagnostics(vec![d]))),
    };
    let mut content = fixture
        .content
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    content.remove(shown);
    content.insert(parsed);
    let outcome = resolve_and_render(fixture, &content);
    // Put the fixture's own file back for the next input.
    content.remove(shown);
    let original = fixture
        .originals
        .iter()
        .find(|(path, _)| *path == target.shown)
        .map(|(_, bytes)| bytes.clone())
        .expect("every target's file is kept");
    content.insert(
        content::parse_bytes(shown, target.kind, original).expect("the fixture file parses"),
    );
    outcome
}

fn resolve_and_render(fixture: &Fixture, content: &Content) -> (Outcome, Option<Diagnostics>) {
    let options = milnik::build::BuildOptions::new(fixture_root());
    let (site, diagnostics) = Pipeline::new(&options).resolve(
        fixture.config.clone(),
        content,
        &mut MarkdownCache::default(),
    );
    let Some(site) = site.filter(|_| !diagnostics.has_errors()) else {
        return (Outcome::ResolveError, Some(diagnostics));
    };
    match render_all(&site, &fixture.theme) {
        Ok(_) => (Outcome::Rendered, None),
        Err(d) => (Outcome::RenderError, Some(d)),
    }
}

/// Renders every page of the site in memory.
fn render_all(site: &Site, theme: &Theme) -> Result<(), Diagnostics> {
    Renderer::new(site, theme)?
        .render(&milnik::pages::page_keys(site))
        .map(drop)
}

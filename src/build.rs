//! The staged build, top to bottom: load (config, content) → resolve (link and validate) →
//! render (templates; beside it the search index and the open data, and `build` writes the
//! pages as soon as they are rendered) → finish (static files, index and data beside the
//! pages, links) → publish (the rest, and the atomic swap). The stages are the steps of
//! [`Pipeline`]; this module only runs them in order, times them and stops at the first stage
//! that reports errors.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content;
use crate::diagnostics::{suggest, Diagnostic, Diagnostics, Severity};
use crate::model::{self, Site};
use crate::output::{self, Destination, SiteOutput};
use crate::pages::{page_keys, PageKey};
use crate::pipeline::{Finish, Generated, Links, Pipeline, Renderer, Statics};
use crate::progress::Progress;
use crate::render::theme::Theme;

pub use crate::pipeline::BuildOptions;

/// How long each stage took, for `-v`.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    progress: Option<Progress>,
}

impl Timings {
    fn new(options: &BuildOptions) -> Self {
        Timings {
            stages: Vec::new(),
            progress: options.progress.clone(),
        }
    }

    /// One line per stage, for `-v`: "  render      12.3 ms".
    pub fn print(&self) {
        for (stage, took) in &self.stages {
            eprintln!("  {stage:<8} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }

    /// Tells the progress line that `stage` has begun.
    fn enter(&self, stage: &'static str) {
        if let Some(progress) = &self.progress {
            progress.stage(stage);
        }
    }

    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        self.enter(stage);
        let (value, took) = took(f);
        self.stages.push((stage, took));
        value
    }
}

/// The outcome of checking a site: the model and the rendered output when valid, and every
/// diagnostic.
pub struct Checked {
    pub site: Option<Site>,
    pub output: Option<SiteOutput>,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

impl Checked {
    fn failed(diagnostics: Diagnostics, timings: Timings) -> Self {
        Checked {
            site: None,
            output: None,
            diagnostics: diagnostics.sorted(),
            timings,
        }
    }
}

/// Runs `f` and says how long it took.
fn took<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// Stages 1–3 and the checks of the rendered output (links, images, URLs): everything but
/// writing. `milnik check` reports what this finds; `build` writes its output.
pub fn check(options: &BuildOptions) -> Checked {
    stages(options, &output::Memory).0
}

/// What [`check`] does, with the rendered pages sent to `destination` while the search index
/// is computed (with a [`output::Staging`], both cores are busy: one mostly waits on the
/// disk). A failure to write comes back beside the outcome.
fn stages<D: Destination>(
    options: &BuildOptions,
    destination: &D,
) -> (Checked, std::io::Result<()>) {
    let mut timings = Timings::new(options);
    let mut diagnostics = Diagnostics::default();
    // Articles and pages with errors still have their links checked (nothing is published
    // while there are errors): an editor sees every problem of a run at once.
    let pipeline = Pipeline::reporting_all(options);
    let loaded = timings.time("load", || (pipeline.config(), pipeline.load()));
    let (config, (content, content_diagnostics)) = loaded;
    diagnostics.extend(content_diagnostics);
    // Plan, area and wave files that do not parse would only cause a cascade of "does not
    // exist" errors in the resolve stage: report every file's own problems first. An article or
    // page that does not parse is only missing, so the rest of the site is still checked.
    let parse_failed = diagnostics.has_errors();
    let only_bodies_failed = diagnostics
        .0
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .all(|d| {
            ["content/articles", "content/pages"]
                .iter()
                .any(|dir| d.file.starts_with(dir))
        });
    if parse_failed && !only_bodies_failed {
        return (Checked::failed(diagnostics, timings), Ok(()));
    }
    let parse_errors = diagnostics.errors();
    let config = match config {
        Ok(c) => c,
        Err(d) => {
            diagnostics.extend(d);
            return (Checked::failed(diagnostics, timings), Ok(()));
        }
    };
    let (site, resolve_diagnostics) = timings.time("resolve", || {
        pipeline.resolve(config, &content, &mut model::MarkdownCache::default())
    });
    diagnostics.extend(resolve_diagnostics);
    let mut site = match site {
        Some(site) if !diagnostics.has_errors() => site,
        // Rendering still finds template errors, and the finish broken links and images, when
        // only articles or pages are broken.
        Some(site) if parse_failed && diagnostics.errors() == parse_errors => site,
        Some(site) if !parse_failed && model::only_in_bodies(&diagnostics) => site,
        _ => return (Checked::failed(diagnostics, timings), Ok(())),
    };
    timings.enter("render");
    let (theme, theme_took) = took(|| pipeline.theme(&site.config));
    let theme = match theme {
        Ok(theme) => theme,
        Err(d) => {
            diagnostics.extend(d);
            return (Checked::failed(diagnostics, timings), Ok(()));
        }
    };
    diagnostics.extend(theme.warnings.clone());
    if crate::photos::uses(&site).next().is_some() {
        let memory = crate::photos::Memory::default();
        let photos = timings.time("photos", || pipeline.photos(&mut site, &theme, &memory));
        timings.enter("render");
        diagnostics.extend(photos);
    }
    // The search index and the open data are made from the model alone, so they are computed
    // beside rendering. Every page is sent to a thread of its own the moment it is rendered, and
    // so are the index and the data when they are done; with `staging` that thread writes them
    // (on the IO pool) while the rest is still being computed, so both cores stay busy to the
    // end. It gives everything back at the end.
    let (send, received) = std::sync::mpsc::channel::<(Part, output::Batch)>();
    // The reports' own time: they are laid out beside the rendering, so it is part of render's.
    let mut reports_took = None;
    let ((received, written), rendered, render_took, search_took, data_took, write_took) =
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || destination.take_as_sent(received));
            let send_pages = send.clone();
            let render = || {
                took(|| {
                    let missing = missing_page_templates(&site, &content, &theme);
                    if missing.has_errors() {
                        return Err(missing);
                    }
                    let renderer = Renderer::new(&site, &theme)?;
                    let send = |page| {
                        // The receiver only goes when this scope ends.
                        let _ = send_pages.send((Part::Page, vec![page]));
                    };
                    // The printable reports are laid out while the pages that do not link
                    // them are rendered; those that do follow, with the reports' sizes.
                    let (later, first): (Vec<PageKey>, Vec<PageKey>) = page_keys(&site)
                        .into_iter()
                        .partition(|k| k.kind.links_reports());
                    let (rendered, (reports, report_diagnostics)) = rayon::join(
                        || renderer.render_each(&first, send),
                        || {
                            let (made, time) =
                                took(|| crate::report::reports(&renderer, Some(&options.root)));
                            reports_took = (!made.0.is_empty()).then_some(time);
                            made
                        },
                    );
                    renderer.set_reports(crate::report::links(&site, &reports));
                    let _ = send_pages.send((Part::Page, reports));
                    let rendered = rendered.and(renderer.render_each(&later, send));
                    if report_diagnostics.has_errors() {
                        return Err(report_diagnostics);
                    }
                    rendered.map(|()| report_diagnostics)
                })
            };
            let from_model = || {
                rayon::join(
                    || {
                        took(|| {
                            send.send((
                                Part::Index,
                                crate::search::index_files(&site, &theme.translations),
                            ))
                        })
                    },
                    || {
                        took(|| {
                            let data = crate::open_data::files(&site, &theme.translations);
                            send.send((Part::Data, data))
                        })
                    },
                )
            };
            let ((rendered, render_took), ((_, search_took), (_, data_took))) =
                rayon::join(render, from_model);
            drop(send_pages);
            drop(send);
            timings.enter("search");
            let (written, write_took) = took(|| writer.join().expect("the writer does not panic"));
            (
                written,
                rendered,
                render_took,
                search_took,
                data_took,
                write_took,
            )
        });
    timings.stages.push(("render", theme_took + render_took));
    if let Some(took) = reports_took {
        timings.stages.push(("reports", took));
    }
    timings.stages.push(("search", search_took));
    match rendered {
        // The reports' warnings.
        Ok(warnings) => diagnostics.extend(warnings),
        Err(d) => {
            diagnostics.extend(d);
            return (Checked::failed(diagnostics, timings), Ok(()));
        }
    }
    if D::WRITES {
        timings.stages.push(("write 1", write_took));
    }
    let (mut output, index, data) = Part::sort(received);
    timings.stages.push(("data", data_took));
    // Links to an article that did not parse would be reported as broken too.
    let links = if parse_failed {
        Links::Unchecked
    } else {
        timings.enter("links");
        Links::All
    };
    let finish = Finish {
        site: &site,
        theme: &theme,
        content: &content,
        statics: Statics::All,
        index: Generated::Made(index),
        data: Generated::Made(data),
        links,
        over: None,
    };
    let finished = pipeline.finish(&mut output, finish);
    if let Some(took) = finished.links_took {
        timings.stages.push(("links", took));
    }
    diagnostics.extend(finished.diagnostics);
    let ok = !diagnostics.has_errors();
    drop_aside(content);
    let checked = Checked {
        site: ok.then_some(site),
        output: ok.then_some(output),
        diagnostics: diagnostics.sorted(),
        timings,
    };
    (checked, written)
}

/// Drops `value` on a thread of its own. Freeing the content and the model of a
/// 10,000-article site takes about 15 ms on one core, which the build need not wait for: the
/// other core is idle by then, and when the process ends first, the memory goes with it.
pub fn drop_aside<T: Send + 'static>(value: T) {
    // Should no thread be had, the value is dropped here, with the closure that held it.
    let _ = std::thread::Builder::new()
        .name("milnik-drop".into())
        .spawn(move || drop(value));
}

/// What the files sent to the writer are.
enum Part {
    Page,
    Index,
    Data,
}

impl Part {
    /// The pages, the search index and the open data, out of what the writer got.
    fn sort(received: Vec<(Part, output::Batch)>) -> (SiteOutput, output::Batch, output::Batch) {
        let mut pages = SiteOutput::default();
        let (mut index, mut data) = (Vec::new(), Vec::new());
        for (part, files) in received {
            match part {
                Part::Page => pages.files.extend(files),
                Part::Index => index = files,
                Part::Data => data = files,
            }
        }
        (pages, index, data)
    }
}

/// Pages whose front matter names a template that neither the site nor the theme has.
fn missing_page_templates(site: &Site, content: &content::Content, theme: &Theme) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    for page in &site.pages {
        if theme.templates.contains_key(&page.template) {
            continue;
        }
        let message = crate::msg!("template.page_template_missing", name = page.template);
        let mut d = match content.pages.iter().find(|p| p.source.path == page.source) {
            Some(file) => {
                let span = file.source.key_span("template");
                file.source.diagnostic(Severity::Error, span, message)
            }
            None => Diagnostic::error(page.source.clone(), message),
        };
        // Compared without `.html`, which every name shares.
        let stem = |name: &str| name.trim_end_matches(".html").to_string();
        let stems: Vec<String> = theme.templates.keys().map(|n| stem(n)).collect();
        d = d.with_hint(
            match suggest(&stem(&page.template), stems.iter().map(String::as_str)) {
                Some(close) => crate::msg!("hint.did_you_mean", name = format!("{close}.html")),
                None => crate::msg!("template.page_template_missing_hint", name = page.template),
            },
        );
        diagnostics.push(d);
    }
    diagnostics
}

/// Whether these diagnostics stop the build under `options`.
pub fn fails(options: &BuildOptions, diagnostics: &Diagnostics) -> bool {
    diagnostics.has_errors() || (options.deny_warnings && diagnostics.warnings() > 0)
}

/// What a successful build did.
pub struct Built {
    pub output: SiteOutput,
    pub warnings: Diagnostics,
    pub timings: Timings,
    pub output_dir: PathBuf,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    Invalid(Diagnostics),
    Write {
        path: PathBuf,
        /// Shown in the message, in the editor's words (`messages::io_reason`), so not a
        /// `source` that `main` would print again in the system's.
        error: std::io::Error,
    },
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Invalid(diagnostics) => {
                write!(f, "{}\n\n{diagnostics}", crate::msg!("build.has_errors"))
            }
            BuildError::Write { path, error } => f.write_str(&crate::msg!(
                "build.cannot_write",
                dir = display_path(path),
                reason = crate::messages::io_reason(error)
            )),
        }
    }
}

impl std::error::Error for BuildError {}

/// Stages 1–3: everything but writing. The output stays in memory.
pub fn render_site(options: &BuildOptions) -> Result<Built, BuildError> {
    let Checked {
        output,
        diagnostics,
        timings,
        ..
    } = check(options);
    match output {
        Some(output) if !fails(options, &diagnostics) => Ok(Built {
            output,
            warnings: diagnostics,
            timings,
            output_dir: options.output_dir(),
        }),
        _ => Err(BuildError::Invalid(diagnostics)),
    }
}

/// The whole build: load, resolve, render, and write atomically. The pages are written while
/// the search index is computed; nothing replaces the output directory unless every stage
/// passed.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let dir = options.output_dir();
    let write_failed = |error| BuildError::Write {
        path: dir.clone(),
        error,
    };
    let staging = output::Staging::begin(&dir).map_err(write_failed)?;
    let (
        Checked {
            output,
            diagnostics,
            mut timings,
            site,
        },
        written,
    ) = stages(options, &staging);
    drop_aside(site);
    let output = match output {
        Some(output) if !fails(options, &diagnostics) => output,
        _ => return Err(BuildError::Invalid(diagnostics)),
    };
    written.map_err(write_failed)?;
    timings
        .time("write 2", || {
            staging.publish(std::borrow::Cow::Borrowed(&output), Vec::new())
        })
        .map_err(write_failed)?;
    Ok(Built {
        output,
        warnings: diagnostics,
        timings,
        output_dir: dir,
    })
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

//! The printable report of each evaluation wave: a tagged PDF built from the same data as the
//! wave's page, laid out by the theme's Typst template (`report/report.typ`, which a site
//! overrides at the same path), at `<waves>/<wave>/<wave>.pdf`.
//!
//! Typst as a library (`typst`, `typst-pdf`) does the typesetting: it needs no browser, no
//! system fonts and no network, hyphenates Czech, repeats table headers across pages, keeps
//! charts as vectors and writes PDF/UA-1 with the document's language, title, outline and
//! reading order. The parts: [`data`] makes the wave's report context ready for print
//! (narratives as Typst markup from [`markup`], typography), [`world`] is what Typst may read.
//! A report is deterministic: its date is the wave's, its identifier the wave's path.

mod cache;
mod data;
mod markup;
mod world;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use typst::foundations::{Bytes, Datetime, Smart};
use typst_layout::PagedDocument;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity, SourceFile};
use crate::model::{Site, WaveIx};
use crate::pages::Cx;
use crate::pipeline::Renderer;
use crate::render::theme::ThemeFile;
use crate::render::RenderedPage;

pub use markup::string_literal;

/// The template a theme's report starts from, in its `report/` directory.
pub const TEMPLATE: &str = "report.typ";

/// Where the report of `wave` is written: beside its page, named after it
/// ("vlny/prubezne-vyhodnoceni-i/prubezne-vyhodnoceni-i.pdf").
pub fn path(site: &Site, wave: WaveIx) -> String {
    let w = &site.waves[wave];
    let dir = crate::pages::route::WAVE.dir(&site.segments, &w.slug);
    format!("{dir}{}.pdf", w.slug)
}

/// A wave's report as its pages link it: the address and the size in bytes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReportLink {
    pub href: String,
    /// Its file name, for the download.
    pub name: String,
    pub bytes: usize,
}

/// The link of each wave's report among `files` (the step's output), by wave.
pub fn links(site: &Site, files: &[RenderedPage]) -> Vec<Option<ReportLink>> {
    WaveIx::enumerate(&site.waves)
        .map(|(wi, _)| {
            let p = path(site, wi);
            let (_, pdf) = files.iter().find(|(f, _)| *f == p)?;
            Some(link(site, &p, pdf.len()))
        })
        .collect()
}

/// The link to the report at output path `path`, of `bytes` bytes.
pub fn link(site: &Site, path: &str, bytes: usize) -> ReportLink {
    ReportLink {
        href: site.base.link(path),
        name: path.rsplit('/').next().unwrap_or(path).to_string(),
        bytes,
    }
}

/// Whether the site's reports can be made: the theme has a report template.
pub fn enabled(renderer: &Renderer) -> bool {
    renderer.theme.report_files.contains_key(TEMPLATE)
}

/// The report of every wave, laid out one after the other: the build renders pages on the
/// other threads meanwhile, and one report's memoized layout is freed before the next is laid
/// out (the benchmark's build peaked at 1.07 GB with its four reports in parallel, at 0.68 GB
/// so, in the same time). A wave whose report fails gives its diagnostics instead (and the
/// others are still made).
pub fn reports(renderer: &Renderer, root: Option<&Path>) -> (Vec<RenderedPage>, Diagnostics) {
    if !enabled(renderer) {
        return (Vec::new(), Diagnostics::default());
    }
    let jobs = jobs(renderer);
    compile_all(jobs, &renderer.theme.report_files, root, Memo::Forget)
}

/// What laying out one wave's report needs, taken from the model (`jobs`), so that the
/// layout itself ([`compile_all`]) can run where the model is not: on `serve`'s background
/// thread.
pub struct Job {
    /// Where the PDF goes.
    pub path: String,
    /// The theme's report files and `data.json`.
    files: Vec<(String, Bytes)>,
    today: Datetime,
}

/// What to keep of Typst's memoized results once a report is laid out. They are most of the
/// memory a layout takes (about 100 MB for a report of 130 pages) and help only when the same
/// report is laid out again.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Memo {
    /// Nothing, after each report: a build, which lays each out once.
    Forget,
    /// What the last few layouts used ([`KEEP_LAYOUTS`]): `serve`, where a report edited again
    /// is laid out again in a fraction of the time.
    KeepRecent,
}

/// How many layouts an unused memoized result outlives with [`Memo::KeepRecent`].
const KEEP_LAYOUTS: usize = 10;

/// The jobs of the reports the site asks for (`[reports] waves`; none when the theme has no
/// report template).
pub fn jobs(renderer: &Renderer) -> Vec<Job> {
    if !enabled(renderer) {
        return Vec::new();
    }
    reported_waves(renderer.site)
        .map(|wi| job(renderer, wi))
        .collect()
}

/// The waves that get a report, oldest first: all, the newest or none, as `milnik.toml` says.
pub fn reported_waves(site: &Site) -> impl Iterator<Item = WaveIx> + '_ {
    use crate::config::ReportWaves;
    let count = site.waves.len();
    let first = match site.config.reports.waves {
        ReportWaves::All => 0,
        ReportWaves::Latest => count.saturating_sub(1),
        ReportWaves::None => count,
    };
    (first..count).map(WaveIx::new)
}

/// Lays out the reports of `jobs` one after the other: the PDFs that were made, and every problem.
/// With the site's `root`, a report an earlier build made from the same inputs is taken from
/// the cache under it ([`cache`]) instead.
pub fn compile_all(
    jobs: Vec<Job>,
    report_files: &BTreeMap<String, ThemeFile>,
    root: Option<&Path>,
    memo: Memo,
) -> (Vec<RenderedPage>, Diagnostics) {
    let mut keys = Vec::with_capacity(jobs.len());
    let made: Vec<(Option<RenderedPage>, Diagnostics)> = jobs
        .into_iter()
        .map(|job| {
            let key = root.map(|root| (root, cache::key(&job)));
            keys.extend(key.as_ref().map(|(_, key)| key.clone()));
            if let Some(pdf) = key.as_ref().and_then(|(root, key)| cache::read(root, key)) {
                return (Some((job.path, pdf)), Diagnostics::default());
            }
            let (pdf, d) = compile(&job, report_files);
            if memo == Memo::Forget {
                typst::comemo::evict(0);
            }
            if let (Some((root, key)), Some(pdf)) = (&key, &pdf) {
                if d.0.is_empty() {
                    cache::write(root, key, pdf);
                }
            }
            (pdf.map(|pdf| (job.path, pdf)), d)
        })
        .collect();
    if memo == Memo::KeepRecent {
        typst::comemo::evict(KEEP_LAYOUTS);
    }
    if let Some(root) = root {
        cache::keep_only(root, &keys);
    }
    let mut files = Vec::with_capacity(made.len());
    let mut diagnostics = Diagnostics::default();
    for (file, d) in made {
        files.extend(file);
        diagnostics.extend(d);
    }
    (files, diagnostics)
}

/// The job of one wave's report: its data made ready for print beside the theme's files.
fn job(renderer: &Renderer, wi: WaveIx) -> Job {
    let site = renderer.site;
    let theme = renderer.theme;
    let tr = &theme.translations;
    let print = data::Print {
        czech: site.config.language == "cs",
        links: markup::Links {
            base: site.base.is_absolute().then_some(site.base.origin.as_str()),
        },
    };
    let json = renderer.in_locale(|| {
        let cx = Cx {
            site,
            charts: &renderer.charts,
            tr,
            reports: &[],
        };
        let context = crate::pages::report_context(&cx, wi);
        serde_json::to_value(&context).expect("a page context is plain data")
    });
    let mut data = print.data(json, tr);
    if let serde_json::Value::Object(map) = &mut data {
        let site_value = serde_json::to_value(renderer.site_value()).unwrap_or_default();
        map.insert("site".into(), print.typeset(site_value));
        map.insert("language".into(), site.config.language.clone().into());
    }
    let mut files: Vec<(String, Bytes)> = theme
        .report_files
        .iter()
        .map(|(name, f)| (name.clone(), Bytes::new(f.bytes.clone())))
        .collect();
    files.push((
        "data.json".into(),
        Bytes::new(serde_json::to_vec(&data).expect("JSON values serialize")),
    ));
    Job {
        path: path(site, wi),
        files,
        today: wave_date(&site.waves[wi].published),
    }
}

/// The PDF of one report, and what Typst said while making it.
fn compile(
    job: &Job,
    report_files: &BTreeMap<String, ThemeFile>,
) -> (Option<Vec<u8>>, Diagnostics) {
    let world = world::ReportWorld::new(&job.files, job.today);
    let warned = typst::compile::<PagedDocument>(&world);
    let mut diagnostics = Diagnostics::default();
    let mut report = |d: &typst::diag::SourceDiagnostic| {
        diagnostics.push(diagnostic(report_files, &world, d));
    };
    warned.warnings.iter().for_each(&mut report);
    let document = match warned.output {
        Ok(document) => document,
        Err(errors) => {
            errors.iter().for_each(&mut report);
            return (None, diagnostics);
        }
    };
    let options = typst_pdf::PdfOptions {
        // The PDF's identifier and dates come from the wave: two builds give the same bytes.
        ident: Smart::Custom(job.path.clone()),
        creator: Smart::Custom(Some("milnik".into())),
        timestamp: Some(typst_pdf::Timestamp::new_utc(job.today)),
        standards: typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
            .expect("PDF/UA-1 alone is a valid set of standards"),
        ..Default::default()
    };
    match typst_pdf::pdf(&document, &options) {
        Ok(pdf) => (Some(pdf), diagnostics),
        Err(errors) => {
            errors.iter().for_each(&mut report);
            (None, diagnostics)
        }
    }
}

/// The date a report carries: the wave's publication, its first day when only a month or a
/// year is known.
fn wave_date(published: &crate::values::PartialDate) -> Datetime {
    use crate::values::PartialDate;
    let (year, month, day) = match *published {
        PartialDate::Year(y) => (y, 1, 1),
        PartialDate::Month(y, m) => (y, m, 1),
        PartialDate::Day(d) => (d.year, d.month, d.day),
    };
    Datetime::from_ymd(i32::from(year), month, day).expect("a wave's date is a date")
}

/// A diagnostic for what Typst reported: at the file and line of the theme's report file it
/// points into, else at the template.
fn diagnostic(
    report_files: &BTreeMap<String, ThemeFile>,
    world: &world::ReportWorld,
    d: &typst::diag::SourceDiagnostic,
) -> Diagnostic {
    use typst::WorldExt;
    let severity = match d.severity {
        typst::diag::Severity::Error => Severity::Error,
        typst::diag::Severity::Warning => Severity::Warning,
    };
    // Where the problem is; when Typst's own code is at fault (no file), where the template
    // called it.
    let span = std::iter::once(d.span)
        .chain(
            d.trace
                .iter()
                .map(|t| typst::syntax::DiagSpan::from_span(t.span, None)),
        )
        .find(|s| s.id().is_some())
        .unwrap_or(d.span);
    let message = crate::msg!("report.typst", message = d.message);
    let hint = d
        .hints
        .iter()
        .map(|h| h.v.to_string())
        .collect::<Vec<_>>()
        .join("; ");
    let name = span
        .id()
        .map(world::ReportWorld::path_of)
        .unwrap_or_else(|| TEMPLATE.to_string());
    let theme_file = report_files.get(&name);
    let origin: PathBuf = theme_file.map_or_else(|| PathBuf::from(&name), |f| f.origin.clone());
    let located = theme_file
        .and_then(|f| std::str::from_utf8(&f.bytes).ok())
        .zip(world.range(span))
        .map(|(text, range)| {
            SourceFile::new(origin.clone(), text).diagnostic(severity, Some(range), message.clone())
        });
    let d = located.unwrap_or_else(|| {
        let mut plain = Diagnostic::error(origin, message);
        plain.severity = severity;
        plain
    });
    if hint.is_empty() {
        d
    } else {
        d.with_hint(hint)
    }
}

//! `milnik check`: validate the site (load, resolve, render in memory, check links) without
//! writing anything.

use super::{Format, Report};
use crate::build::{self, BuildOptions, Checked};

/// Returns whether the site passes (no errors, and no warnings under `--deny-warnings`);
/// prints every problem and a summary.
pub fn run(options: &BuildOptions, report: Report, verbose: bool) -> anyhow::Result<bool> {
    let Checked {
        site,
        diagnostics,
        timings,
        ..
    } = report.with_progress(options, build::check);
    if verbose {
        timings.print();
    }
    let passed = site.is_some() && !build::fails(options, &diagnostics);
    report.print(&diagnostics, !passed);
    if let (Some(site), true, Format::Human) = (site, passed, report.format) {
        println!(
            "OK: {}, {}, {}, {}, {} checked; {}",
            super::counted(site.areas.len(), "area", "areas"),
            super::counted(site.measures.len(), "measure", "measures"),
            super::counted(site.waves.len(), "wave", "waves"),
            super::counted(site.articles.len(), "article", "articles"),
            super::counted(site.pages.len(), "page", "pages"),
            diagnostics.summary()
        );
    }
    Ok(passed)
}

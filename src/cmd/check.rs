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
            "{}",
            crate::msg!(
                "cli.checked",
                areas = crate::msg_n!("cli.areas", site.areas.len()),
                measures = crate::msg_n!("cli.measures", site.measures.len()),
                waves = crate::msg_n!("cli.waves", site.waves.len()),
                articles = crate::msg_n!("cli.articles", site.articles.len()),
                pages = crate::msg_n!("cli.pages", site.pages.len()),
                summary = diagnostics.summary()
            )
        );
    }
    Ok(passed)
}

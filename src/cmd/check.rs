//! `milnik check`: validate the site without writing anything.

use crate::build::{self, BuildOptions, Checked};

/// Returns whether the site is free of errors; prints every problem and a summary.
pub fn run(options: &BuildOptions, verbose: bool) -> anyhow::Result<bool> {
    let Checked {
        site,
        diagnostics,
        timings,
    } = build::check(options);
    for d in &diagnostics.0 {
        eprintln!("{d}\n");
    }
    if verbose {
        for (stage, took) in &timings.0 {
            eprintln!("  {stage:<8} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    match site {
        Some(site) if !diagnostics.has_errors() => {
            println!(
                "OK: {} areas, {} measures, {} waves, {} articles; {}",
                site.areas.len(),
                site.measures.len(),
                site.waves.len(),
                site.articles.len(),
                diagnostics.summary()
            );
            Ok(true)
        }
        _ => {
            eprintln!("{}", diagnostics.summary());
            Ok(false)
        }
    }
}

//! `milnik build`: build the site into the output directory.

use crate::build::{self, BuildOptions, Built};

/// Builds the site; prints warnings, and the stage timings when `verbose`.
pub fn run(options: &BuildOptions, verbose: bool) -> anyhow::Result<()> {
    let Built {
        output,
        warnings,
        timings,
        output_dir,
    } = build::build(options)?;
    for w in &warnings.0 {
        eprintln!("{w}\n");
    }
    if verbose {
        for (stage, took) in &timings.0 {
            eprintln!("  {stage:<8} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    let pages = output.files.keys().filter(|p| p.ends_with(".html")).count();
    println!(
        "Built {pages} pages ({} files) into {}{}",
        output.files.len(),
        build::display_path(&output_dir),
        if warnings.0.is_empty() {
            String::new()
        } else {
            format!(" with {}", warnings.summary())
        }
    );
    Ok(())
}

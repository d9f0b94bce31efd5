//! `milnik build`: build the site into the output directory.

use super::{Format, Report};
use crate::build::{self, BuildError, BuildOptions, Built};

/// Builds the site; prints the diagnostics, and the stage timings when `verbose`. Returns false
/// when the site has errors (nothing is written then).
pub fn run(options: &BuildOptions, report: Report, verbose: bool) -> anyhow::Result<bool> {
    let Built {
        output,
        warnings,
        timings,
        output_dir,
    } = match report.with_progress(options, build::build) {
        Ok(built) => built,
        Err(BuildError::Invalid(diagnostics)) => {
            report.print(&diagnostics, true);
            if report.format == Format::Human {
                eprintln!(
                    "{}",
                    crate::msg!(
                        "cli.build_stopped",
                        dir = build::display_path(&options.output_dir())
                    )
                );
            }
            return Ok(false);
        }
        Err(other) => return Err(other.into()),
    };
    report.print(&warnings, false);
    if verbose {
        timings.print();
    }
    if report.format == Format::Human {
        let pages = output.files.keys().filter(|p| p.ends_with(".html")).count();
        println!(
            "{}",
            crate::msg_n!(
                "cli.built",
                pages,
                files = crate::msg_n!("cli.files", output.files.len()),
                dir = build::display_path(&output_dir)
            )
        );
    }
    // The process ends next; 21,000 files of a large site freed one by one would delay it.
    build::drop_aside(output);
    Ok(true)
}

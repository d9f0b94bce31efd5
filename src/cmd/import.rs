//! `milnik import wave FILE.csv`: turn a filled-in wave spreadsheet into a wave file. The work
//! is in [`crate::spreadsheet`]; this module prints what happened.

use super::{Format, Report};
use crate::build;
use crate::spreadsheet::{self, ImportOptions};

/// Imports the spreadsheet; prints every problem, or what was written. Returns false (and
/// writes nothing) when any row is wrong.
pub fn wave(options: &ImportOptions, report: Report) -> anyhow::Result<bool> {
    match spreadsheet::import_wave(options) {
        Ok(imported) => {
            report.print(&imported.warnings, false);
            if report.format == Format::Human {
                let rows = &imported.rows;
                println!(
                    "{} {} ({}): {}, {}, {}; {} not filled in skipped",
                    if imported.replaced {
                        "Rewrote"
                    } else {
                        "Created"
                    },
                    build::display_path(&imported.path),
                    imported.meta.title,
                    super::counted(rows.measures(), "measure", "measures"),
                    super::counted(
                        rows.goal_values(),
                        "impact indicator value",
                        "impact indicator values"
                    ),
                    super::counted(
                        rows.indicators.len(),
                        "global indicator value",
                        "global indicator values"
                    ),
                    super::counted(rows.skipped, "row", "rows"),
                );
                if !imported.defaulted.is_empty() {
                    let meta = &imported.meta;
                    let shown: Vec<String> = imported
                        .defaulted
                        .iter()
                        .map(|&key| match key {
                            "id" => format!("id = \"{}\"", meta.id),
                            "title" => format!("title = \"{}\"", meta.title),
                            "published" => format!("published = \"{}\"", meta.published.iso()),
                            "action_plan" => format!(
                                "action_plan = \"{}\"",
                                meta.action_plan.as_deref().unwrap_or_default()
                            ),
                            _ => format!("covers = \"{}\"", meta.covers),
                        })
                        .collect();
                    println!(
                        "Not given on the command line, so set by default (check them in the file): {}",
                        shown.join(", ")
                    );
                }
                if imported.replaced {
                    println!(
                        "Everything else in the file (summaries, comments, keys the spreadsheet has no column for) is as it was; check the changes, then run `milnik check`."
                    );
                } else {
                    println!("Add each goal's summary to the file, then run `milnik check`.");
                }
            }
            Ok(true)
        }
        Err(diagnostics) => {
            report.print(&diagnostics, true);
            if report.format == Format::Human {
                eprintln!("Nothing was written.");
            }
            Ok(false)
        }
    }
}

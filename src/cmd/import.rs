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
                let file = build::display_path(&imported.path);
                let title = &imported.meta.title;
                let measures = crate::msg_n!("cli.measures", rows.measures());
                let goal_values = crate::msg_n!("cli.goal_values", rows.goal_values());
                let indicators = crate::msg_n!("cli.indicator_values", rows.indicators.len());
                let skipped = crate::msg_n!("cli.rows_skipped", rows.skipped);
                let line = if imported.replaced {
                    crate::msg!(
                        "cli.import_rewrote",
                        file,
                        title,
                        measures,
                        goal_values,
                        indicators,
                        skipped
                    )
                } else {
                    crate::msg!(
                        "cli.import_created",
                        file,
                        title,
                        measures,
                        goal_values,
                        indicators,
                        skipped
                    )
                };
                println!("{line}");
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
                        "{}",
                        crate::msg!("cli.import_defaulted", keys = shown.join(", "))
                    );
                }
                if imported.replaced {
                    println!("{}", crate::msg!("cli.import_kept"));
                } else {
                    println!("{}", crate::msg!("cli.import_next"));
                }
            }
            Ok(true)
        }
        Err(diagnostics) => {
            report.print(&diagnostics, true);
            if report.format == Format::Human {
                eprintln!("{}", crate::msg!("cli.nothing_written"));
            }
            Ok(false)
        }
    }
}

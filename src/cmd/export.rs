//! `milnik export wave-template`: write the spreadsheet implementers fill in for the next
//! wave. The layout is [`crate::spreadsheet`]'s; this module writes it where asked.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::{Format, Report};
use crate::build::{self, BuildOptions};
use crate::spreadsheet;

/// Writes the template for the action plan `action_plan` names (by default the one the next
/// wave evaluates) to `output`, or to stdout when there is none. Never replaces an existing
/// file (perhaps someone's filled-in spreadsheet) unless `force`.
pub fn wave_template(
    options: &BuildOptions,
    action_plan: Option<&str>,
    output: Option<&Path>,
    force: bool,
    report: Report,
) -> anyhow::Result<bool> {
    let exported = match spreadsheet::export_template(options, action_plan) {
        Ok(exported) => exported,
        Err(diagnostics) => {
            report.print(&diagnostics, true);
            if report.format == Format::Human {
                eprintln!("No template was written.");
            }
            return Ok(false);
        }
    };
    let template = &exported.template;
    let csv = &template.csv;
    let Some(path) = output else {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`| head`) is the reader's choice, not an error.
        let _ = stdout
            .write_all(csv.as_bytes())
            .and_then(|()| stdout.flush());
        return Ok(true);
    };
    match spreadsheet::write_new(path, csv, force) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => anyhow::bail!(
            "{} already exists; nothing was changed. Add --force to replace it, or choose another file",
            build::display_path(path)
        ),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot write {}", build::display_path(path)))
        }
    }
    if report.format == Format::Human {
        // With several action plans, the summary names the one the template is for, and the
        // import is told the same.
        let (plan, flag) = exported
            .action_plan
            .as_ref()
            .map(|p| {
                (
                    format!(" for {}", p.title),
                    format!(" --action-plan {}", p.id),
                )
            })
            .unwrap_or_default();
        println!(
            "Created {}{plan}: {}, {}, {}.",
            build::display_path(path),
            super::counted(template.measures, "measure", "measures"),
            super::counted(
                template.goal_values,
                "impact indicator",
                "impact indicators"
            ),
            super::counted(template.indicators, "global indicator", "global indicators"),
        );
        println!(
            "Fill in `status` for each measure and `value` for each indicator the wave reports (leave the other rows as they are), then run `milnik import wave {}{flag}`.",
            build::display_path(path)
        );
    }
    Ok(true)
}

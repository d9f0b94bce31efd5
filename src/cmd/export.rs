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
                eprintln!("{}", crate::msg!("cli.no_template"));
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
            "{}",
            crate::msg!("cli.exists_force", file = build::display_path(path))
        ),
        Err(e) => {
            return Err(e)
                .with_context(|| crate::msg!("cli.cannot_write", file = build::display_path(path)))
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
                    crate::msg!("cli.for_plan", title = p.title),
                    format!(" --action-plan {}", p.id),
                )
            })
            .unwrap_or_default();
        println!(
            "{}",
            crate::msg!(
                "cli.export_created",
                file = build::display_path(path),
                plan,
                measures = crate::msg_n!("cli.measures", template.measures),
                goals = crate::msg_n!("cli.goal_indicators", template.goal_values),
                indicators = crate::msg_n!("cli.indicators", template.indicators)
            )
        );
        println!(
            "{}",
            crate::msg!("cli.export_next", file = build::display_path(path), flag)
        );
    }
    Ok(true)
}

//! `milnik export wave-template`: write the spreadsheet implementers fill in for the next
//! wave. The layout is [`crate::spreadsheet`]'s; this module writes it where asked.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::{Format, Report};
use crate::build::{self, BuildOptions};
use crate::spreadsheet;

/// Writes the template to `output`, or to stdout when there is none. Never replaces an
/// existing file (perhaps someone's filled-in spreadsheet) unless `force`.
pub fn wave_template(
    options: &BuildOptions,
    output: Option<&Path>,
    force: bool,
    report: Report,
) -> anyhow::Result<bool> {
    let (csv, [measures, goal_values, indicators]) = match spreadsheet::export_template(options) {
        Ok(template) => template,
        Err(diagnostics) => {
            report.print(&diagnostics, true);
            if report.format == Format::Human {
                eprintln!("The site has errors; no template was written.");
            }
            return Ok(false);
        }
    };
    let Some(path) = output else {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`| head`) is the reader's choice, not an error.
        let _ = stdout
            .write_all(csv.as_bytes())
            .and_then(|()| stdout.flush());
        return Ok(true);
    };
    match spreadsheet::write_new(path, &csv, force) {
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
        println!(
            "Created {}: {measures} measures, {goal_values} impact indicators, {indicators} global indicators.",
            build::display_path(path)
        );
        println!(
            "Fill in a row for each measure and value the wave reports (leave the others empty), then run `milnik import wave {}`.",
            build::display_path(path)
        );
    }
    Ok(true)
}

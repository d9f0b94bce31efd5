//! The command-line commands, one module each; glue between the CLI and the library. This
//! module owns how `build` and `check` print diagnostics.

pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

use std::io::Write;

use crate::diagnostics::Diagnostics;

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// For people: each problem with its line and a caret, then a summary, on stderr.
    #[default]
    Human,
    /// One JSON document on stdout, for editors and scripts.
    Json,
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Colour {
    /// When stderr is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

/// The printing choices of one run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Report {
    pub format: Format,
    pub colour: Colour,
}

impl Report {
    /// Runs a build stage by stage with the progress line on a terminal (human output only),
    /// wiped before anything else is printed.
    fn with_progress<T>(
        &self,
        options: &crate::build::BuildOptions,
        run: impl FnOnce(&crate::build::BuildOptions) -> T,
    ) -> T {
        let line = match self.format {
            Format::Human => crate::progress::ProgressLine::on_terminal(),
            Format::Json => None,
        };
        let options = crate::build::BuildOptions {
            progress: line.as_ref().map(crate::progress::ProgressLine::progress),
            ..options.clone()
        };
        let result = run(&options);
        drop(line);
        result
    }

    fn coloured(&self) -> bool {
        match self.colour {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => crate::diagnostics::stderr_wants_colour(),
        }
    }

    /// Prints every diagnostic and the summary line (when there is anything to say, or
    /// `always`); JSON is printed whole, even when empty.
    pub fn print(&self, diagnostics: &Diagnostics, always: bool) {
        match self.format {
            Format::Json => {
                // A closed pipe (`| head`) is the reader's choice, not an error.
                let _ = writeln!(std::io::stdout().lock(), "{}", diagnostics.to_json());
            }
            Format::Human if always || !diagnostics.0.is_empty() => {
                eprintln!("{}", diagnostics.render(self.coloured()))
            }
            Format::Human => {}
        }
    }
}

//! Problems found in a site's files, each tied to a file, line and column, and their display
//! with the offending line and a caret. Every stage collects diagnostics instead of stopping at
//! the first one, so `milnik check` can report all problems in one run.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user should read it (relative to the site root).
    pub file: PathBuf,
    pub location: Option<Location>,
    /// The text of the offending line, shown with a caret under `location.column`.
    pub source_line: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            location: None,
            source_line: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    fn sort_key(&self) -> (&Path, Option<Location>, Severity) {
        (&self.file, self.location, self.severity)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.file.display())?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some(loc), Some(line)) = (self.location, &self.source_line) {
            let gutter = loc.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n{pad} |\n{gutter} | {line}\n{pad} | ")?;
            // Keep tabs so the caret lines up under the same character.
            for c in line.chars().take(loc.column.saturating_sub(1)) {
                f.write_str(if c == '\t' { "\t" } else { " " })?;
            }
            f.write_str("^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// A text file of the site, kept while loading so byte offsets can be turned into positions.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the site root, for messages.
    pub path: PathBuf,
    pub text: String,
    /// Added to computed line numbers: the number of lines that precede `text` in the real file
    /// (front matter starts after its `+++` line).
    pub line_offset: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
            line_offset: 0,
        }
    }

    /// The 1-based line and column of a byte offset, and the text of that line.
    pub fn locate(&self, offset: usize) -> (Location, String) {
        let offset = offset.min(self.text.len());
        let offset = (0..=offset)
            .rev()
            .find(|&o| self.text.is_char_boundary(o))
            .unwrap_or(0);
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        let line = self.text[..offset].matches('\n').count() + 1 + self.line_offset;
        let column = self.text[line_start..offset].chars().count() + 1;
        let text = self.text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        (Location { line, column }, text)
    }

    pub fn diagnostic(
        &self,
        severity: Severity,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::error(self.path.clone(), message);
        d.severity = severity;
        if let Some(span) = span {
            let (location, line) = self.locate(span.start);
            d.location = Some(location);
            d.source_line = Some(line);
        }
        d
    }

    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Error, Some(span), message)
    }

    /// Turns a TOML error into a diagnostic pointing at the offending value.
    pub fn toml_error(&self, err: &toml::de::Error) -> Diagnostic {
        let message = err.message().trim().to_string();
        let hint = toml_hint(&message);
        let d = self.diagnostic(Severity::Error, err.span(), message);
        match hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }
}

fn toml_hint(message: &str) -> Option<String> {
    if message.starts_with("unknown field") {
        Some("remove the key or fix its spelling; the keys each table accepts are listed in docs/content-model.md".into())
    } else if message.starts_with("missing field") {
        Some("add the key to this table; see docs/content-model.md".into())
    } else if message.contains("invalid string") || message.contains("unterminated") {
        Some("text values must be in double quotes; use \"\"\" for text over several lines".into())
    } else {
        None
    }
}

/// All problems found in one run, sorted by file and position for display.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn errors(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then_with(|| a.message.cmp(&b.message))
        });
        self.0.dedup();
        self
    }

    /// "2 errors, 1 warning".
    pub fn summary(&self) -> String {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        format!(
            "{}, {}",
            n(self.errors(), "error", "errors"),
            n(self.warnings(), "warning", "warnings")
        )
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        write!(f, "{}", self.summary())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let file = SourceFile::new("content/a.toml", "a = 1\nčíslo = x\n");
        let (loc, line) = file.locate(file.text.find('x').unwrap());
        assert_eq!(loc, Location { line: 2, column: 9 });
        assert_eq!(line, "číslo = x");
    }

    #[test]
    fn diagnostics_show_the_line_with_a_caret() {
        let file = SourceFile::new("content/a.toml", "id = \"1\"\nstatus = \"V realizac\"\n");
        let start = file.text.find("\"V").unwrap();
        let d = file
            .error_at(start..start + 5, "unknown status")
            .with_hint("fix it");
        let shown = d.to_string();
        assert_eq!(
            shown,
            "error: content/a.toml:2:10: unknown status\n  |\n2 | status = \"V realizac\"\n  |          ^\n  = hint: fix it"
        );
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("b", "x"));
        all.push(Diagnostic::warning("a", "y"));
        all.push(Diagnostic::error("a", "z"));
        assert_eq!(all.summary(), "2 errors, 1 warning");
        let sorted = all.sorted();
        assert_eq!(sorted.0[0].file, PathBuf::from("a"));
        assert_eq!(sorted.0[0].severity, Severity::Error);
    }
}

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

/// Whether diagnostics printed on stderr should be coloured: it is a terminal, `NO_COLOR` is
/// not set (no-color.org) and the terminal is not "dumb".
pub fn stderr_wants_colour() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// ANSI styles of the terminal output; empty strings when colour is off.
struct Palette {
    severity: &'static str,
    strong: &'static str,
    frame: &'static str,
    hint: &'static str,
    reset: &'static str,
}

impl Palette {
    fn new(colour: bool, severity: Severity) -> Self {
        if !colour {
            return Palette {
                severity: "",
                strong: "",
                frame: "",
                hint: "",
                reset: "",
            };
        }
        Palette {
            severity: match severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
            },
            strong: "\x1b[1m",
            frame: "\x1b[1;34m",
            hint: "\x1b[1;36m",
            reset: "\x1b[0m",
        }
    }
}

impl Diagnostic {
    /// The diagnostic as a person reads it: `error: file:line:column: message`, the offending
    /// line with a caret under the column, and the hint; with ANSI colours when `colour`.
    pub fn render(&self, colour: bool) -> String {
        use fmt::Write;
        let p = Palette::new(colour, self.severity);
        let kind = match self.severity {
            Severity::Error => crate::msg!("summary.error_label"),
            Severity::Warning => crate::msg!("summary.warning_label"),
        };
        let mut f = String::new();
        let _ = write!(
            f,
            "{}{kind}{}: {}{}",
            p.severity,
            p.reset,
            p.strong,
            self.file.display()
        );
        if let Some(loc) = self.location {
            let _ = write!(f, ":{}:{}", loc.line, loc.column);
        }
        let _ = write!(f, "{}: {}", p.reset, self.message);
        if let (Some(loc), Some(line)) = (self.location, &self.source_line) {
            let (line, column) = window(line, loc.column);
            let loc = Location { column, ..loc };
            let gutter = loc.line.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = write!(
                f,
                "\n{}{pad} |\n{gutter} |{} {line}\n{}{pad} |{} ",
                p.frame, p.reset, p.frame, p.reset
            );
            // Keep tabs so the caret lines up under the same character.
            for c in line.chars().take(loc.column.saturating_sub(1)) {
                f.push(if c == '\t' { '\t' } else { ' ' });
            }
            let _ = write!(f, "{}^{}", p.severity, p.reset);
        }
        if let Some(hint) = &self.hint {
            let label = crate::msg!("summary.hint_label");
            // Lines of a long hint stay under its first line.
            let hint = hint.replace(
                '\n',
                &format!("\n{}", " ".repeat(label.chars().count() + 6)),
            );
            let _ = write!(f, "\n  {}= {label}:{} {hint}", p.hint, p.reset);
        }
        f
    }

    /// The diagnostic for editors and scripts (`--format json`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            "file": self.file.to_string_lossy().replace('\\', "/"),
            "line": self.location.map(|l| l.line),
            "column": self.location.map(|l| l.column),
            "message": self.message,
            "hint": self.hint,
            "source_line": self.source_line,
        })
    }
}

/// The characters of a source line shown around the caret; longer lines (minified or
/// generated files) are cut with "…" so a message stays readable.
const SHOWN_CHARS: usize = 150;

/// The part of `line` to show, and the caret's column in it.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= SHOWN_CHARS {
        return (line.to_string(), column);
    }
    let at = column.saturating_sub(1).min(chars.len());
    let start = at
        .saturating_sub(SHOWN_CHARS / 2)
        .min(chars.len() - SHOWN_CHARS);
    let end = start + SHOWN_CHARS;
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, at - start + 1 + usize::from(start > 0))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The closest known name to `wanted`, if it is close enough to be a likely typo.
pub fn suggest<'k>(wanted: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    known
        .into_iter()
        // Optimal string alignment: a swap of two neighbouring letters is one edit, so `titel` is
        // one edit from `title`.
        .map(|k| (strsim::osa_distance(wanted, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min()
        .map(|(_, k)| k)
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

    /// Where `key = …` is written in this TOML text (the first such line), for problems with a
    /// value that carries no span of its own.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if let Some(rest) = trimmed.strip_prefix(key) {
                if rest.trim_start().starts_with('=') {
                    let start = offset + indent;
                    return Some(start..start + key.len());
                }
            }
            offset += line.len();
        }
        None
    }

    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Error, Some(span), message)
    }

    /// Turns a TOML error into a diagnostic pointing at the offending value, in plain words
    /// of the run's language: the parser's own wording never reaches the editor.
    pub fn toml_error(&self, err: &toml::de::Error) -> Diagnostic {
        self.toml_error_worded(err, str::to_string)
    }

    /// [`Self::toml_error`] with the parser's message reworded first (the message and hint
    /// are made from the reworded message): an area file's tables named by the plan's levels.
    pub fn toml_error_worded(
        &self,
        err: &toml::de::Error,
        reword: impl Fn(&str) -> String,
    ) -> Diagnostic {
        let raw = reword(err.message().trim());
        let d = self.diagnostic(Severity::Error, err.span(), String::new());
        let line = d.source_line.clone().unwrap_or_default();
        let (message, hint) = plain_toml(&raw, &line);
        let d = Diagnostic { message, ..d };
        match hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }
}

/// Marks a message milnik wrote itself inside a serde error (`de::Error::custom(own(…))`), so
/// that [`SourceFile::toml_error`] shows it as it is instead of taking it for the parser's.
pub fn own(message: impl Into<String>) -> String {
    format!("{OWN}{}", message.into())
}

/// A serde error's message without the marks of [`own`], for a message that quotes it.
pub fn unmarked(message: &str) -> String {
    message.replace(OWN, " ").trim().to_string()
}

/// Whether a message was marked with [`own`].
pub fn is_own(message: &str) -> bool {
    message.starts_with(OWN)
}

/// [`own`] with a hint of its own.
pub fn own_with_hint(message: impl Into<String>, hint: impl Into<String>) -> String {
    format!("{OWN}{}{OWN}{}", message.into(), hint.into())
}

/// The mark of [`own`]: an invisible separator, never in a parser's message.
const OWN: char = '\u{2063}';

/// "2. 5. 2024", "31.12.2023": a date written the Czech way.
fn is_czech_date(value: &str) -> bool {
    let parts: Vec<&str> = value.trim_matches('"').split('.').map(str::trim).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[2].len() == 4
}

/// "39,5", "1 190,5": a number written with a decimal comma, outside quotes.
fn is_decimal_comma(value: &str) -> bool {
    let value = value.split('#').next().unwrap_or_default().trim();
    value.contains(',')
        && value.starts_with(|c: char| c.is_ascii_digit() || c == '-')
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '-'))
}

/// The words of a message written in backticks, in order.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// What a serde "expected …" names, in the editor's words; none for what has no plain name.
fn expected_plain(expected: &str) -> Option<String> {
    let e = expected.trim();
    let key = if e.contains("text") && e.contains("table") {
        "toml.kind.text_or_table"
    } else if e.contains("string") {
        "toml.kind.text"
    } else if e.contains("sequence") || e.contains("array") || e.contains("tuple") {
        "toml.kind.list"
    } else if e.contains("boolean") {
        "toml.kind.boolean"
    } else if matches!(
        e,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
    ) || e.contains("integer")
    {
        "toml.kind.integer"
    } else if matches!(e, "f32" | "f64") || e.contains("float") || e.contains("number") {
        "toml.kind.number"
    } else if e.starts_with("struct") || e.contains("map") || e.contains("table") {
        "toml.kind.table"
    } else if e.contains("date") {
        "toml.kind.date"
    } else {
        return None;
    };
    Some(kind(key))
}

fn kind(key: &str) -> String {
    match key {
        "toml.kind.text" => crate::msg!("toml.kind.text"),
        "toml.kind.list" => crate::msg!("toml.kind.list"),
        "toml.kind.boolean" => crate::msg!("toml.kind.boolean"),
        "toml.kind.integer" => crate::msg!("toml.kind.integer"),
        "toml.kind.number" => crate::msg!("toml.kind.number"),
        "toml.kind.table" => crate::msg!("toml.kind.table"),
        "toml.kind.text_or_table" => crate::msg!("toml.kind.text_or_table"),
        _ => crate::msg!("toml.kind.date"),
    }
}

/// What a serde "invalid type: …" found, in the editor's words: "integer `3`" → "the number 3".
fn found_plain(found: &str) -> String {
    let found = found.trim();
    let value = found
        .split_once(['`', '"'])
        .map(|(_, v)| v.trim_end_matches(['`', '"']))
        .unwrap_or_default();
    if found.starts_with("integer") || found.starts_with("floating point") {
        crate::msg!("toml.found.number", value)
    } else if found.starts_with("string") {
        crate::msg!("toml.found.text", value)
    } else if found.starts_with("boolean") {
        crate::msg!("toml.found.boolean", value)
    } else if found.starts_with("sequence") {
        crate::msg!("toml.found.list")
    } else if found.starts_with("map") {
        crate::msg!("toml.found.table")
    } else {
        crate::msg!("toml.found.other")
    }
}

/// The item keys of the money tables earlier versions had built in (`financing`, Tabulka 5;
/// `allocation`, Tabulka 6; a wave's `project`, annex A): a plan declares such tables as
/// `[[funding_table]]` now, and an old content file gets a hint saying so rather than only
/// "unknown key".
const RETIRED_TABLES: [&str; 3] = ["financing", "allocation", "project"];

/// Keys earlier versions named otherwise, with their names now: a stated total's `programme`
/// is the `group` of the table's `group_by` column.
const RENAMED_KEYS: [(&str, &str); 1] = [("programme", "group")];

/// The parser's message `raw` about the line `line` as a plain message and hint.
fn plain_toml(raw: &str, line: &str) -> (String, Option<String>) {
    use crate::msg;
    if let Some(own) = raw.strip_prefix(OWN) {
        return match own.split_once(OWN) {
            Some((message, hint)) => (message.to_string(), Some(hint.to_string())),
            None => (own.to_string(), None),
        };
    }
    let (key, value) = match line.split_once('=') {
        Some((k, v)) => (k.trim(), v.trim()),
        None => ("", ""),
    };
    let czech_quotes = value.starts_with(['„', '“', '”', '‚', '‘', '’']);
    let words = quoted(raw);
    if raw.starts_with("duplicate key") || raw.starts_with("duplicate field") {
        let key = words.first().copied().unwrap_or(key);
        return (
            msg!("toml.duplicate_key", key),
            Some(msg!("toml.duplicate_key_hint")),
        );
    }
    if raw.starts_with("unknown field") || raw.starts_with("unknown variant") {
        let field = raw.starts_with("unknown field");
        let (wanted, known) = words.split_first().unwrap_or((&"", &[]));
        let message = if field {
            msg!("toml.unknown_key", key = wanted)
        } else {
            msg!("toml.unknown_value", value = wanted)
        };
        let hint = match suggest(wanted, known.iter().copied()) {
            // The built-in money tables of earlier versions: a site declares its own now.
            _ if field && RETIRED_TABLES.contains(wanted) => {
                msg!("toml.retired_table_hint", key = wanted)
            }
            _ if field
                && RENAMED_KEYS
                    .iter()
                    .any(|(old, new)| old == wanted && known.contains(new)) =>
            {
                let new = RENAMED_KEYS
                    .iter()
                    .find(|(old, _)| old == wanted)
                    .map_or("", |(_, new)| new);
                msg!("toml.renamed_key_hint", key = wanted, new)
            }
            Some(close) => msg!("hint.did_you_mean", name = close),
            None if known.is_empty() => msg!("toml.unknown_key_no_keys"),
            None => {
                let list = known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                if field {
                    msg!("toml.unknown_key_hint", keys = list)
                } else {
                    msg!("toml.unknown_value_hint", values = list)
                }
            }
        };
        return (message, Some(hint));
    }
    if raw.starts_with("missing field") {
        let key = words.first().copied().unwrap_or_default();
        return (
            msg!("toml.missing_key", key),
            Some(msg!("toml.missing_key_hint", key)),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = found_plain(found);
        let message = match expected_plain(expected) {
            Some(expected) => msg!("toml.invalid_type", expected, found),
            None => msg!("toml.invalid_type_other", found),
        };
        let hint = if czech_quotes {
            Some(msg!("toml.hint.czech_quotes"))
        } else if is_czech_date(value) {
            Some(msg!("toml.hint.czech_date"))
        } else if expected.contains("sequence") && rest.starts_with("string") {
            Some(msg!("toml.hint.list", value))
        } else if expected.contains("boolean") {
            Some(msg!("toml.hint.boolean"))
        } else if expected.contains("sequence") && rest.starts_with("map") {
            Some(msg!("toml.hint.table_not_list"))
        } else if expected.contains("string")
            && (rest.starts_with("sequence") || rest.starts_with("map"))
        {
            // Quoting a list would keep its brackets in the text.
            Some(msg!("toml.hint.one_text", key))
        } else if expected.contains("string") && !value.is_empty() {
            Some(msg!("toml.hint.quote", key, value))
        } else {
            None
        };
        return (message, hint);
    }
    if raw.starts_with("invalid value:") || raw.starts_with("invalid length") {
        let expected = raw.rsplit_once(", expected ").map_or("", |(_, e)| e);
        let message = match expected_plain(expected) {
            Some(expected) => msg!("toml.invalid_value", expected),
            None => msg!("toml.unreadable_value"),
        };
        return (message, Some(msg!("toml.see_docs")));
    }
    // The syntax: what the line looks like says more than the parser's words.
    if czech_quotes {
        return (
            msg!("toml.unquoted_text"),
            Some(msg!("toml.hint.czech_quotes")),
        );
    }
    if is_czech_date(value) {
        return (msg!("toml.czech_date"), Some(msg!("toml.hint.czech_date")));
    }
    if is_decimal_comma(value) {
        let value = value.split('#').next().unwrap_or_default().trim();
        return (
            msg!("toml.decimal_comma"),
            Some(msg!("toml.hint.decimal_comma", value)),
        );
    }
    let starts = |p: &str| raw.starts_with(p);
    if starts("string values must be quoted") || starts("invalid unquoted") && !key.is_empty() {
        return (
            msg!("toml.unquoted_text"),
            Some(msg!("toml.hint.quote", key, value)),
        );
    }
    if starts("invalid basic string")
        || starts("invalid literal string")
        || raw.contains("unterminated")
        || starts("missing closing quote")
        || raw.contains("invalid multiline")
    {
        return (
            msg!("toml.unclosed_text"),
            Some(msg!("toml.hint.unclosed_text")),
        );
    }
    if starts("unclosed array table") || starts("unclosed table") || starts("invalid table header")
    {
        return (
            msg!("toml.unclosed_header"),
            Some(msg!("toml.hint.unclosed_header")),
        );
    }
    if starts("unclosed array") || starts("missing comma between array") {
        return (msg!("toml.list"), Some(msg!("toml.hint.list_syntax")));
    }
    if starts("unclosed inline table") || starts("missing comma between key-value") {
        return (
            msg!("toml.inline_table"),
            Some(msg!("toml.hint.inline_table")),
        );
    }
    if starts("unexpected key or value") || starts("unexpected content") {
        return (msg!("toml.extra"), Some(msg!("toml.hint.extra")));
    }
    if starts("key with no value")
        || starts("missing value")
        || starts("missing assignment")
        || starts("invalid key-value pair")
    {
        return (msg!("toml.no_value"), Some(msg!("toml.hint.no_value")));
    }
    if starts("invalid unquoted key")
        || starts("invalid key")
        || starts("unquoted keys cannot be empty")
    {
        return (msg!("toml.bad_key"), Some(msg!("toml.hint.bad_key")));
    }
    if raw.contains("recurs") {
        return (msg!("toml.too_deep"), Some(msg!("toml.hint.unreadable")));
    }
    if raw.contains("date") || raw.contains("time") {
        return (msg!("toml.bad_date"), Some(msg!("toml.hint.czech_date")));
    }
    if raw.contains("number")
        || raw.contains("integer")
        || raw.contains("digit")
        || raw.contains("leading zero")
        || raw.contains("sign")
        || raw.contains("radix")
    {
        return (msg!("toml.bad_number"), Some(msg!("toml.hint.bad_number")));
    }
    (msg!("toml.unreadable"), Some(msg!("toml.hint.unreadable")))
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

    /// "2 errors, 1 warning", in the run's language.
    pub fn summary(&self) -> String {
        crate::msg!(
            "summary.line",
            errors = crate::msg_n!("summary.errors", self.errors()),
            warnings = crate::msg_n!("summary.warnings", self.warnings())
        )
    }
}

impl Diagnostics {
    /// Every diagnostic, a blank line after each, then the summary line.
    pub fn render(&self, colour: bool) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.render(colour));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary());
        out
    }

    /// `{"diagnostics": [...], "errors": 2, "warnings": 1}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "diagnostics": self.0.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
            "errors": self.errors(),
            "warnings": self.warnings(),
        })
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
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
    fn typos_are_one_edit_away() {
        // The distance the hints use: a swapped pair of letters is one edit.
        use strsim::osa_distance as edit_distance;
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("stauts", "status"), 1);
        assert_eq!(edit_distance("base_ulr", "base_url"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(suggest("titel", ["title", "date"]), Some("title"));
    }

    #[test]
    fn hints_name_the_closest_key_or_value() {
        let hint = |m: &str| plain_toml(m, "").1.unwrap_or_default();
        assert_eq!(
            hint("unknown field `stauts`, expected one of `id`, `status`"),
            "did you mean `status`?"
        );
        assert!(hint("unknown field `zzz`, expected one of `id`").contains("`id`"));
        let (message, _) = plain_toml("invalid type: integer `3`, expected a string", "a = 3");
        assert_eq!(
            message,
            "text in double quotes is expected here, not the number 3"
        );
        let (message, _) = plain_toml("something new from the parser", "a = 3");
        assert_eq!(message, "this line cannot be read");
        assert_eq!(plain_toml(&own("mine"), "").0, "mine");
    }

    #[test]
    fn czech_habits_in_toml_get_their_own_hints() {
        let hint = |text: &str| {
            let file = SourceFile::new("a.toml", format!("{text}\n"));
            let err = toml::from_str::<toml::Table>(&file.text).unwrap_err();
            file.toml_error(&err).hint.unwrap_or_default()
        };
        assert!(hint("title = „Bydlení“").contains("straight double quotes"));
        assert!(hint("date = 2. 5. 2024").contains("2024-05-02"));
        assert!(hint("value = 39,5").contains("\"39,5\""));
        assert!(hint("a = 1\na = 2").contains("keep one of the two lines"));
    }

    #[test]
    fn keys_are_found_in_toml_text() {
        let file = SourceFile::new("a.toml", "titles = 1\n  title = \"\"\n");
        assert_eq!(file.key_span("title"), Some(13..18));
        assert_eq!(file.key_span("date"), None);
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("x = {}1{}", "[".repeat(500), "]".repeat(500));
        let file = SourceFile::new("a.toml", line.clone());
        let d = file.error_at(504..505, "too deep").to_string();
        let shown = d.lines().nth(2).unwrap();
        assert!(shown.chars().count() < 160, "{shown}");
        assert!(
            shown.starts_with("1 | …[[[") && shown.ends_with("]]]…"),
            "{shown}"
        );
        let caret = d.lines().nth(3).unwrap();
        let caret_at = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(shown.chars().nth(caret_at), Some('1'), "{d}");
        // Short lines are shown whole.
        assert_eq!(window("a = 1", 5), ("a = 1".to_string(), 5));
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

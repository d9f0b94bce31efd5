//! Wave spreadsheets: the CSV in which implementers report an evaluation wave, one row per
//! measure or indicator value. This module owns the column layout ([`COLUMNS`], [`RowKind`]),
//! the template for the next wave ([`template`], `milnik export wave-template`), and the import
//! of a filled-in file ([`import_wave`], `milnik import wave`): reading it (with or without a
//! BOM, `;` or `,` separated, UTF-8 or windows-1250), parsing Czech numbers and dates,
//! validating every row against the resolved site with one diagnostic per problem, and writing
//! the wave TOML, which is checked with the rest of the site before anything is written.
//!
//! Rows are numbered as a spreadsheet shows them (the header is row 1); a diagnostic's line is
//! that row and its column the character column of the offending cell in the file, so the
//! usual `file:line:column` jumps to it in a text editor.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::build::{self, BuildOptions};
use crate::config::BaseUrl;
use crate::content::schema::AsOfKind;
use crate::content::{self, Content, ContentKind, CONTENT_DIR};
use crate::diagnostics::{suggest, Diagnostic, Diagnostics, Location, Severity, SourceFile};
use crate::model::{self, Observation, Site};
use crate::slug::{fold, slugify};
use crate::values::{Cell, Date, Decimal, PartialDate, Period, Status};

/// The byte-order mark written at the start of the template, so Excel reads it as UTF-8.
pub const BOM: char = '\u{feff}';

/// The separator of the template: what Czech Excel expects when a `.csv` file is opened with
/// a double click (its list separator is `;`, because the decimal separator is `,`).
pub const TEMPLATE_SEPARATOR: u8 = b';';

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

/// A column of the wave spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    Type,
    Id,
    Indicator,
    Name,
    Previous,
    Status,
    Implementer,
    Activity,
    Service,
    Period,
    ProjectImplementer,
    Registration,
    Budget,
    Call,
    Programme,
    Value,
    Region,
    Rank,
    Territory,
    AsOf,
    AsOfKind,
    Note,
}

/// A column: its header text, and whether implementers fill it in (`false` for the columns
/// that say which row it is, which the template fills and the import only reads or ignores).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub col: Col,
    pub key: &'static str,
    pub fill: bool,
}

const fn column(col: Col, key: &'static str, fill: bool) -> Column {
    Column { col, key, fill }
}

/// Every column, in the template's order. docs/content-model.md explains each one.
pub const COLUMNS: [Column; 22] = [
    column(Col::Type, "type", false),
    column(Col::Id, "id", false),
    column(Col::Indicator, "indicator", false),
    column(Col::Name, "name", false),
    column(Col::Previous, "previous", false),
    column(Col::Status, "status", true),
    column(Col::Implementer, "implementer", true),
    column(Col::Activity, "activity", true),
    column(Col::Service, "service", true),
    column(Col::Period, "period", true),
    column(Col::ProjectImplementer, "project_implementer", true),
    column(Col::Registration, "registration", true),
    column(Col::Budget, "budget", true),
    column(Col::Call, "call", true),
    column(Col::Programme, "programme", true),
    column(Col::Value, "value", true),
    column(Col::Region, "region", true),
    column(Col::Rank, "rank", true),
    column(Col::Territory, "territory", true),
    column(Col::AsOf, "as_of", true),
    column(Col::AsOfKind, "as_of_kind", true),
    column(Col::Note, "note", true),
];

impl Col {
    pub fn key(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|c| c.col == self)
            .map(|c| c.key)
            .unwrap_or_default()
    }
}

/// What a row reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// A measure's status and details (`[[goal.measure]]`); `id` is the measure's ID.
    Measure,
    /// An impact indicator's value (`[[goal.value]]`); `id` is the specific goal's ID and
    /// `indicator` the indicator's key.
    GoalValue,
    /// A global indicator's value (`[[indicator]]`); `id` is the indicator's id.
    IndicatorValue,
}

impl RowKind {
    pub const ALL: [RowKind; 3] = [
        RowKind::Measure,
        RowKind::GoalValue,
        RowKind::IndicatorValue,
    ];

    /// The text of the `type` column in the template.
    pub fn key(self) -> &'static str {
        match self {
            RowKind::Measure => "measure",
            RowKind::GoalValue => "goal_value",
            RowKind::IndicatorValue => "indicator_value",
        }
    }

    /// The Czech name also accepted in the `type` column.
    pub fn czech(self) -> &'static str {
        match self {
            RowKind::Measure => "opatření",
            RowKind::GoalValue => "indikátor dopadu",
            RowKind::IndicatorValue => "globální indikátor",
        }
    }

    /// Reads the `type` column: the key or the Czech name, in any case, with or without
    /// diacritics, with `_`, `-` or a space between the words.
    pub fn parse(text: &str) -> Option<Self> {
        let norm = |t: &str| fold(t.trim()).replace(['-', ' '], "_");
        let wanted = norm(text);
        RowKind::ALL
            .into_iter()
            .find(|k| norm(k.key()) == wanted || norm(k.czech()) == wanted)
    }

    /// Whether rows of this kind use the column (the others must leave it empty).
    fn takes(self, col: Col) -> bool {
        match col {
            Col::Type | Col::Id | Col::Name | Col::Previous | Col::Period | Col::AsOf => true,
            Col::Note => true,
            Col::Indicator => self == RowKind::GoalValue,
            Col::Status
            | Col::Implementer
            | Col::Activity
            | Col::Service
            | Col::ProjectImplementer
            | Col::Registration
            | Col::Budget
            | Col::Call
            | Col::Programme => self == RowKind::Measure,
            Col::Value | Col::Region | Col::Rank | Col::Territory => self != RowKind::Measure,
            Col::AsOfKind => self != RowKind::IndicatorValue,
        }
    }

    /// The fill-in columns this kind uses, for hints.
    fn columns_taken(self) -> String {
        COLUMNS
            .iter()
            .filter(|c| c.fill && self.takes(c.col))
            .map(|c| format!("`{}`", c.key))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The spreadsheet's name of a column: A, B, …, Z, AA, AB, …
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

// ---------------------------------------------------------------------------------------------
// Parsing cells
// ---------------------------------------------------------------------------------------------

/// Guesses the separator from the header row: the most frequent of `;`, `,` and tab outside
/// quotes (Czech Excel saves `;`, most other programs `,`). `,` when there is none.
pub fn detect_separator(header_line: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header_line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(sep, _)| *sep == b) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most frequent wins, so a tie goes to `;` (a Czech header has no commas
    // of its own).
    let best = counts.iter().fold(
        (b',', 0),
        |best, &(sep, n)| if n > best.1 { (sep, n) } else { best },
    );
    best.0
}

/// A number as a Czech spreadsheet writes it: "14 964 994,80", "3,5", "1190", "6.88", with
/// spaces or non-breaking spaces between thousands.
pub fn parse_number(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let compact: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\t'))
        .collect();
    if compact.is_empty() {
        return Err("the number is missing".into());
    }
    Decimal::parse(&compact).map_err(|_| format!("`{t}` is not a number"))
}

/// An amount in crowns: a number, optionally followed by "Kč".
pub fn parse_money(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let amount = t
        .strip_suffix("Kč")
        .or_else(|| t.strip_suffix("kč"))
        .or_else(|| t.strip_suffix("CZK"))
        .unwrap_or(t);
    let value = parse_number(amount).map_err(|_| format!("`{t}` is not an amount of money"))?;
    if value.is_negative() {
        return Err(format!("an amount of money cannot be negative (got `{t}`)"));
    }
    Ok(value)
}

/// A date written "30. 4. 2024", "30.4.2024" or "2024-04-30"; a time of day that a
/// spreadsheet adds ("2024-04-30 00:00:00") is dropped.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let date_part = match t.rsplit_once(' ') {
        Some((date, time)) if time.contains(':') => date.trim(),
        _ => t,
    };
    Date::parse(date_part).map_err(|e| {
        if e.contains("is not a date;") || e.contains("not a full date") {
            format!("`{t}` is not a date")
        } else {
            e
        }
    })
}

/// When a measure is carried out: "1. 11. 2022–31. 10. 2025" (en dash, em dash or " - "
/// between the dates), "2023" or "průběžně".
pub fn parse_period(text: &str) -> Result<Period, String> {
    let t = text.trim();
    let bad = || format!("`{t}` is not a period");
    if fold(t) == "prubezne" {
        return Ok(Period::Ongoing);
    }
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        return match PartialDate::parse(t) {
            Ok(PartialDate::Year(y)) => Ok(Period::Year(y)),
            _ => Err(bad()),
        };
    }
    let split = ['–', '—']
        .iter()
        .find_map(|sep| t.split_once(*sep))
        .or_else(|| t.split_once(" - "))
        // "1. 11. 2022-31. 10. 2025": a plain hyphen only between Czech dates (ISO dates have
        // their own hyphens).
        .or_else(|| t.contains('.').then(|| t.split_once('-')).flatten());
    let Some((from, to)) = split else {
        return Err(bad());
    };
    let from = parse_date(from)?;
    let to = parse_date(to)?;
    if to < from {
        return Err(format!(
            "the period ends ({}) before it starts ({})",
            to.czech(),
            from.czech()
        ));
    }
    Ok(Period::Range { from, to })
}

/// One value cell: a number, "n. a." (not available) or "-" (not reported).
pub fn parse_cell(text: &str) -> Result<Cell, String> {
    let t = text.trim();
    let compact: String = t
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if matches!(compact.as_str(), "n.a." | "n.a" | "na" | "n/a") {
        return Ok(Cell::NotAvailable);
    }
    if matches!(t, "-" | "–" | "—") {
        return Ok(Cell::NotReported);
    }
    parse_number(t).map(Cell::Number)
}

/// A value as an implementer writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// "39", "cca 3 100" (approximate), "n. a.", "-".
    Single { cell: Cell, approx: bool },
    /// "12/12/4/22".
    Parts(Vec<Cell>),
}

/// Reads the `value` column: "39", "3,5", "cca 3 100", "12/12/4/22", "n. a.", "-"; a
/// trailing `unit` (the indicator's, e.g. "%") is allowed.
pub fn parse_value(text: &str, unit: Option<&str>) -> Result<Value, String> {
    let t = text.trim();
    let (approx, rest) = match fold(t).strip_prefix("cca") {
        // "cca" is three ASCII letters in the original text too.
        Some(_) => (true, t[3..].trim_start_matches('.').trim()),
        None => (false, t),
    };
    let without_unit = |s: &str| -> String {
        let s = s.trim();
        match unit.filter(|u| !u.is_empty()) {
            Some(u) => s.strip_suffix(u).unwrap_or(s).trim().to_string(),
            None => s.to_string(),
        }
    };
    if rest.contains('/') && !matches!(rest.to_lowercase().as_str(), "n/a") {
        if approx {
            return Err(format!(
                "`{t}`: a value in parts cannot be approximate (cca)"
            ));
        }
        let parts = rest
            .split('/')
            .map(|p| parse_cell(&without_unit(p)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| format!("`{t}` is not a value in parts"))?;
        return Ok(Value::Parts(parts));
    }
    let cell = parse_cell(&without_unit(rest)).map_err(|_| format!("`{t}` is not a number"))?;
    if approx && cell.number().is_none() {
        return Err(format!("`{t}`: only a number can be approximate (cca)"));
    }
    Ok(Value::Single { cell, approx })
}

/// A rank printed after a value: "2", "2." or "2. v ČR" (with where it holds).
pub fn parse_rank(text: &str) -> Result<(u32, Option<String>), String> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rank: u32 = digits.parse().map_err(|_| format!("`{t}` is not a rank"))?;
    let scope = t[digits.len()..].trim_start_matches('.').trim();
    Ok((rank, (!scope.is_empty()).then(|| scope.to_string())))
}

/// How a goal's date is shown: "Data dostupná k" (`available`) or "Stav k" (`state`).
pub fn parse_as_of_kind(text: &str) -> Result<AsOfKind, String> {
    let t = text.trim();
    let f = fold(t);
    let f = f.strip_suffix(" k").unwrap_or(&f).trim();
    match f {
        "available" | "data dostupna" | "dostupna" | "dostupne" => Ok(AsOfKind::Available),
        "state" | "stav" => Ok(AsOfKind::State),
        _ => Err(format!("`{t}` is not a kind of date")),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the file
// ---------------------------------------------------------------------------------------------

/// windows-1250 bytes 0x80–0xFF; `None` where the code page defines no character.
const WINDOWS_1250_HIGH: [Option<char>; 128] = {
    const TABLE: [char; 128] = [
        '\u{20ac}', '\u{fffd}', '\u{201a}', '\u{fffd}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{fffd}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{015a}', '\u{0164}',
        '\u{017d}', '\u{0179}', '\u{fffd}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}',
        '\u{2022}', '\u{2013}', '\u{2014}', '\u{fffd}', '\u{2122}', '\u{0161}', '\u{203a}',
        '\u{015b}', '\u{0165}', '\u{017e}', '\u{017a}', '\u{00a0}', '\u{02c7}', '\u{02d8}',
        '\u{0141}', '\u{00a4}', '\u{0104}', '\u{00a6}', '\u{00a7}', '\u{00a8}', '\u{00a9}',
        '\u{015e}', '\u{00ab}', '\u{00ac}', '\u{00ad}', '\u{00ae}', '\u{017b}', '\u{00b0}',
        '\u{00b1}', '\u{02db}', '\u{0142}', '\u{00b4}', '\u{00b5}', '\u{00b6}', '\u{00b7}',
        '\u{00b8}', '\u{0105}', '\u{015f}', '\u{00bb}', '\u{013d}', '\u{02dd}', '\u{013e}',
        '\u{017c}', '\u{0154}', '\u{00c1}', '\u{00c2}', '\u{0102}', '\u{00c4}', '\u{0139}',
        '\u{0106}', '\u{00c7}', '\u{010c}', '\u{00c9}', '\u{0118}', '\u{00cb}', '\u{011a}',
        '\u{00cd}', '\u{00ce}', '\u{010e}', '\u{0110}', '\u{0143}', '\u{0147}', '\u{00d3}',
        '\u{00d4}', '\u{0150}', '\u{00d6}', '\u{00d7}', '\u{0158}', '\u{016e}', '\u{00da}',
        '\u{0170}', '\u{00dc}', '\u{00dd}', '\u{0162}', '\u{00df}', '\u{0155}', '\u{00e1}',
        '\u{00e2}', '\u{0103}', '\u{00e4}', '\u{013a}', '\u{0107}', '\u{00e7}', '\u{010d}',
        '\u{00e9}', '\u{0119}', '\u{00eb}', '\u{011b}', '\u{00ed}', '\u{00ee}', '\u{010f}',
        '\u{0111}', '\u{0144}', '\u{0148}', '\u{00f3}', '\u{00f4}', '\u{0151}', '\u{00f6}',
        '\u{00f7}', '\u{0159}', '\u{016f}', '\u{00fa}', '\u{0171}', '\u{00fc}', '\u{00fd}',
        '\u{0163}', '\u{02d9}',
    ];
    let mut out = [None; 128];
    let mut i = 0;
    while i < 128 {
        if TABLE[i] != '\u{fffd}' {
            out[i] = Some(TABLE[i]);
        }
        i += 1;
    }
    out
};

/// Text in windows-1250, the code page of Czech Windows (Excel's "CSV (oddělený středníkem)"),
/// or `None` when the bytes use one of the five codes it leaves undefined.
pub fn decode_windows_1250(bytes: &[u8]) -> Option<String> {
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                Some(char::from(b))
            } else {
                WINDOWS_1250_HIGH[usize::from(b - 0x80)]
            }
        })
        .collect()
}

/// One data row of the spreadsheet.
#[derive(Debug)]
struct SheetRow {
    /// As a spreadsheet numbers it (the header is row 1).
    row: usize,
    cells: Vec<String>,
    /// Byte offset of each cell in the text, for pointing at it.
    offsets: Vec<usize>,
}

/// A wave spreadsheet read into rows, before validation.
#[derive(Debug)]
pub struct Sheet {
    source: SourceFile,
    /// The separator found in the header row.
    pub delimiter: u8,
    header: Vec<String>,
    columns: HashMap<Col, usize>,
    rows: Vec<SheetRow>,
    /// Problems that do not stop the import (a file read as windows-1250).
    pub warnings: Diagnostics,
}

/// Where each cell of the record starting at `start` begins, found with the same quoting rules
/// the csv crate follows.
fn cell_offsets(text: &str, start: usize, delimiter: u8, count: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut offsets = Vec::with_capacity(count);
    let mut i = start;
    while offsets.len() < count {
        offsets.push(i.min(bytes.len()));
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') && bytes[i] != delimiter {
            i += 1;
        }
        if bytes.get(i) == Some(&delimiter) {
            i += 1;
        }
    }
    offsets
}

impl Sheet {
    /// Reads the file's bytes; `shown` is its path for messages. Errors are problems with the
    /// file as a whole or its header row.
    pub fn read(shown: &Path, bytes: &[u8]) -> Result<Sheet, Diagnostics> {
        let mut warnings = Diagnostics::default();
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => match decode_windows_1250(bytes) {
                Some(text) => {
                    warnings.push(
                        Diagnostic::warning(shown, "the file is not UTF-8; it was read as windows-1250")
                            .with_hint("check the Czech letters in the new wave file; next time save the spreadsheet as \"CSV UTF-8\""),
                    );
                    text
                }
                None => {
                    return Err(Diagnostics(vec![Diagnostic::error(
                        shown,
                        "the file is neither UTF-8 nor windows-1250 text",
                    )
                    .with_hint("save the spreadsheet as \"CSV UTF-8 (oddělený čárkou)\"")]))
                }
            },
        };
        let text = text.strip_prefix(BOM).map(str::to_owned).unwrap_or(text);
        let source = SourceFile::new(shown, text);
        if source.text.trim().is_empty() {
            return Err(Diagnostics(vec![Diagnostic::error(
                shown,
                "the file is empty",
            )
            .with_hint(
                "export a template with `milnik export wave-template` and fill it in",
            )]));
        }
        let delimiter = detect_separator(source.text.lines().next().unwrap_or_default());
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(source.text.as_bytes());
        let mut rows = Vec::new();
        let mut errors = Diagnostics::default();
        // Line breaks inside quoted cells so far: a spreadsheet shows such a record as one row.
        let mut breaks_inside = 0;
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(err) => {
                    errors.push(Diagnostic::error(
                        shown,
                        format!("cannot read the file as CSV: {err}"),
                    ));
                    break;
                }
            };
            // With CRLF line ends the csv crate's position points at the previous record's
            // "\n", and blank lines before a record are skipped: move to its first cell.
            let mut start = record.position().map_or(0, |p| p.byte() as usize);
            let bytes = source.text.as_bytes();
            while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                start += 1;
            }
            let line = source.text[..start].matches('\n').count() + 1;
            let cells: Vec<String> = record.iter().map(str::to_string).collect();
            let offsets = cell_offsets(&source.text, start, delimiter, cells.len());
            let row = line - breaks_inside;
            breaks_inside += cells.iter().map(|c| c.matches('\n').count()).sum::<usize>();
            rows.push(SheetRow {
                row,
                cells,
                offsets,
            });
        }
        if rows.is_empty() {
            errors.push(Diagnostic::error(shown, "the file has no header row"));
            return Err(errors);
        }
        let header_row = rows.remove(0);
        let header = header_row
            .cells
            .iter()
            .map(|c| c.trim().to_string())
            .collect();
        let mut sheet = Sheet {
            source,
            delimiter,
            header,
            columns: HashMap::new(),
            rows,
            warnings,
        };
        sheet.map_columns(&header_row, &mut errors);
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(sheet)
    }

    /// Finds each known column in the header row; unknown, repeated or missing columns are
    /// errors.
    fn map_columns(&mut self, header_row: &SheetRow, errors: &mut Diagnostics) {
        let keys: Vec<&str> = COLUMNS.iter().map(|c| c.key).collect();
        let all_keys = keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        for (i, name) in self.header.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            let wanted = fold(name).replace([' ', '-'], "_");
            let Some(column) = COLUMNS.iter().find(|c| c.key == wanted) else {
                let hint = match suggest(&wanted, keys.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the columns are {all_keys}; export a fresh template with `milnik export wave-template`"),
                };
                errors.push(
                    self.at(header_row, Some(i), format!("unknown column `{name}`"))
                        .with_hint(hint),
                );
                continue;
            };
            if let Some(&first) = self.columns.get(&column.col) {
                errors.push(
                    self.at(
                        header_row,
                        Some(i),
                        format!(
                            "column `{}` appears twice (also column {})",
                            column.key,
                            column_letter(first)
                        ),
                    )
                    .with_hint("delete one of the two columns"),
                );
                continue;
            }
            self.columns.insert(column.col, i);
        }
        for required in [Col::Type, Col::Id] {
            if !self.columns.contains_key(&required) && !errors.has_errors() {
                errors.push(
                    self.at(header_row, None, format!("the header row has no `{}` column", required.key()))
                        .with_hint(format!("the first row must name the columns: {all_keys}; export a fresh template with `milnik export wave-template`")),
                );
            }
        }
    }

    /// A diagnostic pointing at a cell (or the row's first cell), with the row and the
    /// column's letter and name in the message.
    fn at(&self, row: &SheetRow, index: Option<usize>, message: impl AsRef<str>) -> Diagnostic {
        let offset = index
            .and_then(|i| row.offsets.get(i).copied())
            .or_else(|| row.offsets.first().copied())
            .unwrap_or(0);
        let (location, line) = self.source.locate(offset);
        let place = match index {
            Some(i) => {
                let name = self.header.get(i).map(String::as_str).unwrap_or_default();
                if name.is_empty() {
                    format!("row {}, column {}", row.row, column_letter(i))
                } else {
                    format!("row {}, column {} (`{name}`)", row.row, column_letter(i))
                }
            }
            None => format!("row {}", row.row),
        };
        let mut d = Diagnostic::error(
            self.source.path.clone(),
            format!("{place}: {}", message.as_ref()),
        );
        d.location = Some(Location {
            line: row.row,
            column: location.column,
        });
        d.source_line = Some(line);
        d
    }

    /// The trimmed text of a column in a row; empty when the file has no such column.
    fn cell<'s>(&self, row: &'s SheetRow, col: Col) -> &'s str {
        self.columns
            .get(&col)
            .and_then(|&i| row.cells.get(i))
            .map_or("", |c| c.trim())
    }

    fn index(&self, col: Col) -> Option<usize> {
        self.columns.get(&col).copied()
    }

    /// The number of data rows (the header not counted).
    pub fn rows(&self) -> usize {
        self.rows.len()
    }
}

// ---------------------------------------------------------------------------------------------
// Validating rows against the site
// ---------------------------------------------------------------------------------------------

/// A funded project, from the project columns of a measure row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectRow {
    pub implementer: Option<String>,
    pub registration: String,
    pub budget: Decimal,
    pub call: String,
    pub programme: String,
}

/// A measure row, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureRow {
    pub measure: usize,
    pub status: Status,
    pub implementer: Option<String>,
    pub activity: Option<String>,
    pub service: Option<String>,
    pub period: Option<Period>,
    pub project: Option<ProjectRow>,
    pub note: Option<String>,
}

/// A goal-value or indicator-value row, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueRow {
    /// The impact indicator's key or the global indicator's id.
    pub indicator: String,
    pub value: Value,
    pub region: Option<Cell>,
    pub rank: Option<(u32, Option<String>)>,
    pub period: Option<String>,
    pub territory: Option<String>,
    /// The value's own date (global indicators only; a goal's rows share the goal's date).
    pub as_of: Option<Date>,
    pub note: Option<String>,
}

/// One specific goal's report, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalRows {
    pub goal: usize,
    pub as_of: Date,
    pub as_of_kind: AsOfKind,
    /// In the order of the goal's impact indicators.
    pub values: Vec<ValueRow>,
    /// In plan order.
    pub measures: Vec<MeasureRow>,
}

/// Everything a spreadsheet reports, validated, in plan order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaveRows {
    pub goals: Vec<GoalRows>,
    /// In the order of content/indicators.toml.
    pub indicators: Vec<ValueRow>,
    /// Rows with nothing filled in.
    pub skipped: usize,
}

impl WaveRows {
    pub fn measures(&self) -> usize {
        self.goals.iter().map(|g| g.measures.len()).sum()
    }

    pub fn goal_values(&self) -> usize {
        self.goals.iter().map(|g| g.values.len()).sum()
    }
}

/// What the rows of one specific goal said so far.
#[derive(Default)]
struct GoalAcc {
    first_row: Option<usize>,
    rows: Vec<usize>,
    as_of: Option<(Date, usize)>,
    as_of_bad: bool,
    kind: Option<(AsOfKind, usize)>,
    values: Vec<(usize, ValueRow)>,
    measures: Vec<MeasureRow>,
}

const VALUE_HINT: &str = "write the value in digits with a decimal comma, e.g. `12`, `3 100` or `6,88`; `n. a.` when it is not available, `-` when it is not reported, `cca 3 100` for an estimate, `12/12/4/22` for a value in parts";
const DATE_HINT: &str = "write the date as 30. 4. 2024 or 2024-04-30";

/// Checks every row against the site; returns what the rows report, or every problem found.
pub fn validate(site: &Site, sheet: &Sheet) -> Result<WaveRows, Diagnostics> {
    let mut errors = Diagnostics::default();
    let measure_ids: HashMap<&str, usize> = site
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let goal_ids: HashMap<&str, usize> = site
        .specific_goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let indicator_ids: HashMap<&str, usize> = site
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.id.as_str(), i))
        .collect();
    let mut goals: HashMap<usize, GoalAcc> = HashMap::new();
    let mut indicators: Vec<(usize, ValueRow)> = Vec::new();
    let mut seen: HashMap<(RowKind, String), usize> = HashMap::new();
    let mut skipped = 0;
    let width = sheet.header.len();

    for row in &sheet.rows {
        let col = |c: Col| sheet.cell(row, c);
        let at = |c: Col, message: String| sheet.at(row, sheet.index(c), message);
        let filled: Vec<&Column> = COLUMNS
            .iter()
            .filter(|c| c.fill && !col(c.col).is_empty())
            .collect();
        let all_empty = row.cells.iter().all(|c| c.trim().is_empty());
        if row.cells.len() != width && !all_empty {
            errors.push(
                sheet
                    .at(row, None, format!("the row has {} cells, but the header row has {width}", row.cells.len()))
                    .with_hint(format!(
                        "every row needs as many cells as the header row (separated by `{}`); a value that contains the separator must be in double quotes",
                        char::from(sheet.delimiter)
                    )),
            );
            continue;
        }
        if filled.is_empty() {
            // Not reported in this wave (or a blank line).
            skipped += 1;
            continue;
        }
        let type_text = col(Col::Type);
        let kind_names = RowKind::ALL
            .iter()
            .map(|k| format!("`{}`", k.key()))
            .collect::<Vec<_>>()
            .join(", ");
        if type_text.is_empty() {
            errors.push(
                at(Col::Type, "the row is filled in but has no type".into()).with_hint(
                    format!("write the row's type ({kind_names}) and its `id`, or copy the row from the template"),
                ),
            );
            continue;
        }
        let Some(kind) = RowKind::parse(type_text) else {
            let known: Vec<&str> = RowKind::ALL
                .iter()
                .flat_map(|k| [k.key(), k.czech()])
                .collect();
            let hint = match suggest(type_text, known.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the types are {kind_names} (or in Czech: `opatření`, `indikátor dopadu`, `globální indikátor`)"),
            };
            errors.push(at(Col::Type, format!("unknown row type `{type_text}`")).with_hint(hint));
            continue;
        };
        let id = col(Col::Id);
        if id.is_empty() {
            errors.push(
                at(Col::Id, format!("the {} row has no `id`", kind.key())).with_hint(match kind {
                    RowKind::Measure => "write the measure's ID, e.g. 1.1.1.1",
                    RowKind::GoalValue => "write the specific goal's ID, e.g. 1.1.1, and the indicator's key in `indicator`",
                    RowKind::IndicatorValue => "write the global indicator's id as in content/indicators.toml",
                }),
            );
            continue;
        }
        let mut row_ok = true;
        for c in COLUMNS.iter().filter(|c| !kind.takes(c.col)) {
            if !col(c.col).is_empty() {
                row_ok = false;
                errors.push(
                    at(
                        c.col,
                        format!("column `{}` is not used in {} rows", c.key, kind.key()),
                    )
                    .with_hint(format!(
                        "{} rows take {}; empty this cell, or check that the row's type is right",
                        kind.key(),
                        kind.columns_taken()
                    )),
                );
            }
        }
        let text = |c: Col| -> Option<String> {
            let t = col(c);
            (!t.is_empty()).then(|| t.to_string())
        };
        let dup_key = match kind {
            RowKind::GoalValue => (kind, format!("{id}\u{0}{}", col(Col::Indicator))),
            _ => (kind, id.to_string()),
        };
        let first_seen = seen.get(&dup_key).copied();

        match kind {
            RowKind::Measure => {
                let Some(&measure) = measure_ids.get(id) else {
                    errors.push(unknown_id(site, sheet, row, kind, id));
                    continue;
                };
                if let Some(first) = first_seen {
                    errors.push(
                        at(
                            Col::Id,
                            format!("measure {id} is already reported in row {first}"),
                        )
                        .with_hint("a measure has one row per wave; keep one of the two rows"),
                    );
                    continue;
                }
                seen.insert(dup_key.clone(), row.row);
                let status = match col(Col::Status) {
                    "" => {
                        errors.push(
                            at(Col::Status, format!("measure {id} has no status"))
                                .with_hint("fill in `status` (Nerealizováno, V realizaci, V realizaci (2/6) or Dokončeno), or empty the whole row if the wave does not report the measure"),
                        );
                        None
                    }
                    s => match Status::parse(s) {
                        Ok(status) => Some(status),
                        Err(message) => {
                            let labels = ["Nerealizováno", "V realizaci", "Dokončeno"];
                            let hint = match suggest(s, labels) {
                                Some(close) => format!("did you mean `{close}`?"),
                                None => "write one of Nerealizováno, V realizaci, V realizaci (2/6) (reports used/total) or Dokončeno".into(),
                            };
                            errors.push(at(Col::Status, message).with_hint(hint));
                            None
                        }
                    },
                };
                let period = match text(Col::Period) {
                    None => None,
                    Some(p) => match parse_period(&p) {
                        Ok(period) => Some(period),
                        Err(message) => {
                            errors.push(at(Col::Period, message).with_hint(
                                "write the period as 1. 11. 2022–31. 10. 2025, as a year (2023), or průběžně",
                            ));
                            row_ok = false;
                            None
                        }
                    },
                };
                let project = project_of(sheet, row, &mut errors, &mut row_ok);
                note_goal_date(
                    sheet,
                    row,
                    goals
                        .entry(site.measures[measure].specific_goal)
                        .or_default(),
                    &mut errors,
                );
                if let (Some(status), true) = (status, row_ok) {
                    goals
                        .entry(site.measures[measure].specific_goal)
                        .or_default()
                        .measures
                        .push(MeasureRow {
                            measure,
                            status,
                            implementer: text(Col::Implementer),
                            activity: text(Col::Activity),
                            service: text(Col::Service),
                            period,
                            project,
                            note: text(Col::Note),
                        });
                }
            }
            RowKind::GoalValue => {
                let Some(&goal_ix) = goal_ids.get(id) else {
                    errors.push(unknown_id(site, sheet, row, kind, id));
                    continue;
                };
                let goal = &site.specific_goals[goal_ix];
                let key = col(Col::Indicator);
                let keys: Vec<&str> = goal
                    .impact_indicators
                    .iter()
                    .map(|i| i.key.as_str())
                    .collect();
                if key.is_empty() {
                    errors.push(
                        at(
                            Col::Indicator,
                            format!("the value for specific goal {id} names no indicator"),
                        )
                        .with_hint(format!(
                            "write the key of one of its impact indicators: {}",
                            keys.join(", ")
                        )),
                    );
                    continue;
                }
                let Some(ind_pos) = goal.impact_indicators.iter().position(|i| i.key == key) else {
                    let hint = match suggest(key, keys.iter().copied()) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None if keys.is_empty() => format!("specific goal {id} has no impact indicators; declare them in its area file first"),
                        None => format!("its impact indicators are: {}", keys.join(", ")),
                    };
                    errors.push(
                        at(
                            Col::Indicator,
                            format!("specific goal {id} has no impact indicator `{key}`"),
                        )
                        .with_hint(hint),
                    );
                    continue;
                };
                if let Some(first) = first_seen {
                    errors.push(
                        at(Col::Id, format!("indicator `{key}` of specific goal {id} is already reported in row {first}"))
                            .with_hint("an indicator has one value per wave; keep one of the two rows"),
                    );
                    continue;
                }
                seen.insert(dup_key.clone(), row.row);
                let indicator = &goal.impact_indicators[ind_pos];
                let value = value_of(
                    sheet,
                    row,
                    indicator.unit.as_deref(),
                    Some(&indicator.parts),
                    &mut errors,
                    &mut row_ok,
                );
                let acc = goals.entry(goal_ix).or_default();
                note_goal_date(sheet, row, acc, &mut errors);
                if let (Some(value), true) = (value, row_ok) {
                    acc.values.push((
                        ind_pos,
                        ValueRow {
                            indicator: key.to_string(),
                            value: value.value,
                            region: value.region,
                            rank: value.rank,
                            period: text(Col::Period),
                            territory: text(Col::Territory),
                            as_of: None,
                            note: text(Col::Note),
                        },
                    ));
                }
            }
            RowKind::IndicatorValue => {
                let Some(&ix) = indicator_ids.get(id) else {
                    errors.push(unknown_id(site, sheet, row, kind, id));
                    continue;
                };
                if let Some(first) = first_seen {
                    errors.push(
                        at(
                            Col::Id,
                            format!("global indicator `{id}` is already reported in row {first}"),
                        )
                        .with_hint("an indicator has one value per wave; keep one of the two rows"),
                    );
                    continue;
                }
                seen.insert(dup_key.clone(), row.row);
                let unit = site.indicators[ix].unit.as_deref();
                let value = value_of(sheet, row, unit, None, &mut errors, &mut row_ok);
                let as_of = match text(Col::AsOf) {
                    None => None,
                    Some(t) => match parse_date(&t) {
                        Ok(d) => Some(d),
                        Err(message) => {
                            errors.push(at(Col::AsOf, message).with_hint(DATE_HINT));
                            row_ok = false;
                            None
                        }
                    },
                };
                if let (Some(value), true) = (value, row_ok) {
                    indicators.push((
                        ix,
                        ValueRow {
                            indicator: id.to_string(),
                            value: value.value,
                            region: value.region,
                            rank: value.rank,
                            period: text(Col::Period),
                            territory: text(Col::Territory),
                            as_of,
                            note: text(Col::Note),
                        },
                    ));
                }
            }
        }
    }

    // Each reported goal needs its date.
    let mut reported: Vec<(usize, GoalAcc)> = goals.into_iter().collect();
    reported.sort_by_key(|(goal, _)| *goal);
    let mut out = WaveRows {
        skipped,
        ..WaveRows::default()
    };
    for (goal_ix, mut acc) in reported {
        let Some(first_row) = acc.first_row else {
            continue;
        };
        let goal = &site.specific_goals[goal_ix];
        let Some((as_of, _)) = acc.as_of else {
            if !acc.as_of_bad {
                let row = sheet
                    .rows
                    .iter()
                    .find(|r| r.row == first_row)
                    .expect("a row of the sheet");
                let rows = acc
                    .rows
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                errors.push(
                    sheet
                        .at(row, sheet.index(Col::AsOf), format!("specific goal {} has no `as_of` date", goal.id))
                        .with_hint(format!(
                            "fill in `as_of`, the date the goal's values are valid for (e.g. 30. 4. 2024), on at least one of its rows ({} {rows})",
                            if acc.rows.len() == 1 { "row" } else { "rows" }
                        )),
                );
            }
            continue;
        };
        acc.values.sort_by_key(|(pos, _)| *pos);
        acc.measures.sort_by_key(|m| {
            goal.measures
                .iter()
                .position(|&ix| ix == m.measure)
                .unwrap_or(usize::MAX)
        });
        if acc.values.is_empty() && acc.measures.is_empty() {
            continue;
        }
        out.goals.push(GoalRows {
            goal: goal_ix,
            as_of,
            as_of_kind: acc.kind.map_or(AsOfKind::Available, |(k, _)| k),
            values: acc.values.into_iter().map(|(_, v)| v).collect(),
            measures: acc.measures,
        });
    }
    // Plan order: by area, strategic goal and specific goal as the site lists them.
    let order = plan_order(site);
    out.goals.sort_by_key(|g| {
        order
            .iter()
            .position(|&ix| ix == g.goal)
            .unwrap_or(usize::MAX)
    });
    indicators.sort_by_key(|(ix, _)| *ix);
    out.indicators = indicators.into_iter().map(|(_, v)| v).collect();
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(out)
    }
}

/// The specific goals in plan order.
fn plan_order(site: &Site) -> Vec<usize> {
    site.areas
        .iter()
        .flat_map(|a| &a.strategic_goals)
        .flat_map(|&sg| &site.strategic_goals[sg].specific_goals)
        .copied()
        .collect()
}

/// Records the row's `as_of` and `as_of_kind` for its goal; the rows of a goal must agree.
fn note_goal_date(sheet: &Sheet, row: &SheetRow, acc: &mut GoalAcc, errors: &mut Diagnostics) {
    acc.first_row.get_or_insert(row.row);
    acc.rows.push(row.row);
    let as_of = sheet.cell(row, Col::AsOf);
    if !as_of.is_empty() {
        match parse_date(as_of) {
            Err(message) => {
                acc.as_of_bad = true;
                errors.push(sheet.at(row, sheet.index(Col::AsOf), message).with_hint(DATE_HINT));
            }
            Ok(date) => match acc.as_of {
                Some((first, first_row)) if first != date => errors.push(
                    sheet
                        .at(
                            row,
                            sheet.index(Col::AsOf),
                            format!("`as_of` {} differs from {} in row {first_row} of the same specific goal", date.czech(), first.czech()),
                        )
                        .with_hint("a specific goal's values share one date; make the rows agree, or leave `as_of` empty on all rows but one"),
                ),
                Some(_) => {}
                None => acc.as_of = Some((date, row.row)),
            },
        }
    }
    let kind = sheet.cell(row, Col::AsOfKind);
    if !kind.is_empty() {
        match parse_as_of_kind(kind) {
            Err(message) => errors.push(
                sheet
                    .at(row, sheet.index(Col::AsOfKind), message)
                    .with_hint("write `Data dostupná k` (or `available`) or `Stav k` (or `state`); empty means Data dostupná k"),
            ),
            Ok(k) => match acc.kind {
                Some((first, first_row)) if first != k => errors.push(
                    sheet
                        .at(row, sheet.index(Col::AsOfKind), format!("`as_of_kind` differs from row {first_row} of the same specific goal"))
                        .with_hint("a specific goal's date is shown one way; make the rows agree, or leave `as_of_kind` empty on all rows but one"),
                ),
                Some(_) => {}
                None => acc.kind = Some((k, row.row)),
            },
        }
    }
}

/// The project columns of a measure row: all empty, or a whole project.
fn project_of(
    sheet: &Sheet,
    row: &SheetRow,
    errors: &mut Diagnostics,
    row_ok: &mut bool,
) -> Option<ProjectRow> {
    let cols = [
        Col::ProjectImplementer,
        Col::Registration,
        Col::Budget,
        Col::Call,
        Col::Programme,
    ];
    if cols.iter().all(|&c| sheet.cell(row, c).is_empty()) {
        return None;
    }
    let mut missing = false;
    for c in [Col::Registration, Col::Budget, Col::Call, Col::Programme] {
        if sheet.cell(row, c).is_empty() {
            missing = true;
            *row_ok = false;
            let at = sheet.index(c).or(sheet.index(Col::Registration));
            errors.push(
                sheet
                    .at(row, at, format!("the project has no `{}`", c.key()))
                    .with_hint("a funded project needs `registration`, `budget`, `call` and `programme`; leave all project columns empty when the measure has no project"),
            );
        }
    }
    let budget =
        match parse_money(sheet.cell(row, Col::Budget)) {
            Ok(b) => Some(b),
            Err(_) if sheet.cell(row, Col::Budget).is_empty() => None,
            Err(message) => {
                *row_ok = false;
                errors.push(sheet.at(row, sheet.index(Col::Budget), message).with_hint(
                    "write the budget in crowns with a decimal comma, e.g. 14 964 994,80",
                ));
                None
            }
        };
    if missing {
        return None;
    }
    let text = |c: Col| sheet.cell(row, c).to_string();
    Some(ProjectRow {
        implementer: Some(text(Col::ProjectImplementer)).filter(|t| !t.is_empty()),
        registration: text(Col::Registration),
        budget: budget?,
        call: text(Col::Call),
        programme: text(Col::Programme),
    })
}

struct ParsedValue {
    value: Value,
    region: Option<Cell>,
    rank: Option<(u32, Option<String>)>,
}

/// The value columns of a goal-value or indicator-value row.
fn value_of(
    sheet: &Sheet,
    row: &SheetRow,
    unit: Option<&str>,
    part_labels: Option<&[String]>,
    errors: &mut Diagnostics,
    row_ok: &mut bool,
) -> Option<ParsedValue> {
    let at = |c: Col, message: String| sheet.at(row, sheet.index(c), message);
    let text = sheet.cell(row, Col::Value);
    let value = if text.is_empty() {
        errors.push(
            at(Col::Value, "the value is missing".into()).with_hint(format!(
                "{VALUE_HINT}; or empty the whole row if the wave does not report the indicator"
            )),
        );
        None
    } else {
        match parse_value(text, unit) {
            Ok(value) => Some(value),
            Err(message) => {
                let hint = if text.contains("vs.") {
                    "write only this value here, and the region's value in column `region`"
                        .to_string()
                } else {
                    VALUE_HINT.to_string()
                };
                errors.push(at(Col::Value, message).with_hint(hint));
                None
            }
        }
    };
    if let (Some(Value::Parts(parts)), Some(labels)) = (&value, part_labels) {
        if parts.len() != labels.len() {
            *row_ok = false;
            let message = if labels.is_empty() {
                format!(
                    "`{text}` has {} parts, but the indicator takes a single value",
                    parts.len()
                )
            } else {
                format!(
                    "`{text}` has {} parts, but the indicator has {} ({})",
                    parts.len(),
                    labels.len(),
                    labels.join(" / ")
                )
            };
            errors.push(
                at(Col::Value, message).with_hint("write one number per part, separated by `/`"),
            );
        }
    }
    let region = match sheet.cell(row, Col::Region) {
        "" => None,
        t => match parse_value(t, unit) {
            Ok(Value::Single {
                cell,
                approx: false,
            }) => Some(cell),
            _ => {
                *row_ok = false;
                errors.push(
                    at(Col::Region, format!("`{t}` is not a number"))
                        .with_hint("write the region's value (e.g. MSK's) as a number with a decimal comma, e.g. 2,28"),
                );
                None
            }
        },
    };
    let rank = match sheet.cell(row, Col::Rank) {
        "" => None,
        t => match parse_rank(t) {
            Ok(rank) => Some(rank),
            Err(message) => {
                *row_ok = false;
                errors.push(at(Col::Rank, message).with_hint("write the position as a number, optionally with where it holds, e.g. `2` or `2. v ČR`"));
                None
            }
        },
    };
    Some(ParsedValue {
        value: value?,
        region,
        rank,
    })
}

/// An ID the site does not know, with the closest one or what the column takes.
fn unknown_id(site: &Site, sheet: &Sheet, row: &SheetRow, kind: RowKind, id: &str) -> Diagnostic {
    let (message, known, fallback): (String, Vec<&str>, &str) = match kind {
        RowKind::Measure => (
            format!("measure {id} does not exist in the plan"),
            site.measures.iter().map(|m| m.id.as_str()).collect(),
            "measure IDs have four numbers, like 1.1.1.1; the measures are in content/areas/*.toml and in the exported template",
        ),
        RowKind::GoalValue => (
            format!("specific goal {id} does not exist in the plan"),
            site.specific_goals.iter().map(|g| g.id.as_str()).collect(),
            "goal_value rows give the specific goal's ID (three numbers, like 1.1.1) and the indicator's key in `indicator`",
        ),
        RowKind::IndicatorValue => (
            format!("global indicator `{id}` does not exist"),
            site.indicators.iter().map(|i| i.id.as_str()).collect(),
            "the global indicators are in content/indicators.toml and in the exported template",
        ),
    };
    let other_kind = if site.measures.iter().any(|m| m.id == id) {
        Some(RowKind::Measure)
    } else if site.specific_goals.iter().any(|g| g.id == id) {
        Some(RowKind::GoalValue)
    } else if site.indicators.iter().any(|i| i.id == id) {
        Some(RowKind::IndicatorValue)
    } else {
        None
    };
    let hint = match (other_kind, suggest(id, known.iter().copied())) {
        (Some(other), _) => format!(
            "`{id}` is a {}; such rows have type `{}`",
            match other {
                RowKind::Measure => "measure",
                RowKind::GoalValue => "specific goal",
                RowKind::IndicatorValue => "global indicator",
            },
            other.key()
        ),
        (None, Some(close)) => format!("did you mean `{close}`?"),
        (None, None) => fallback.to_string(),
    };
    sheet.at(row, sheet.index(Col::Id), message).with_hint(hint)
}

// ---------------------------------------------------------------------------------------------
// The template
// ---------------------------------------------------------------------------------------------

/// A value as the site shows it, with plain spaces, for the `previous` column.
fn shown(observation: &Observation) -> String {
    observation.text.replace(['\u{a0}', '\u{202f}'], " ")
}

/// The template CSV for the next wave: a BOM, the header row, then a row per impact indicator
/// and measure of every specific goal in plan order, and a row per global indicator, with
/// `previous` from the latest wave that reports it. Separated by `;`, lines end with CRLF.
pub fn template(site: &Site) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(TEMPLATE_SEPARATOR)
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_string().into_bytes());
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.key).collect();
    writer.write_record(&header).expect("writing to memory");
    let position = |col: Col| COLUMNS.iter().position(|c| c.col == col).expect("a column");
    let mut write = |kind: RowKind, id: &str, indicator: &str, name: &str, previous: &str| {
        let mut record = vec![""; COLUMNS.len()];
        record[position(Col::Type)] = kind.key();
        record[position(Col::Id)] = id;
        record[position(Col::Indicator)] = indicator;
        record[position(Col::Name)] = name;
        record[position(Col::Previous)] = previous;
        writer.write_record(&record).expect("writing to memory");
    };
    for goal_ix in plan_order(site) {
        let goal = &site.specific_goals[goal_ix];
        for indicator in &goal.impact_indicators {
            let previous = goal
                .reports
                .iter()
                .rev()
                .find_map(|&(wave, report)| {
                    site.waves[wave].goal_reports[report]
                        .values
                        .iter()
                        .find(|v| v.indicator.as_deref() == Some(indicator.key.as_str()))
                })
                .map(shown)
                .unwrap_or_default();
            write(
                RowKind::GoalValue,
                &goal.id,
                &indicator.key,
                &indicator.name,
                &previous,
            );
        }
        for &m in &goal.measures {
            let measure = &site.measures[m];
            let previous = measure
                .reports
                .last()
                .map(|&(wave, report, mr)| {
                    site.waves[wave].goal_reports[report].measures[mr]
                        .badge
                        .label
                        .clone()
                })
                .unwrap_or_default();
            write(RowKind::Measure, &measure.id, "", &measure.title, &previous);
        }
    }
    for indicator in &site.indicators {
        let previous = indicator
            .values
            .last()
            .map(|&(wave, ix)| shown(&site.waves[wave].indicator_values[ix]))
            .unwrap_or_default();
        write(
            RowKind::IndicatorValue,
            &indicator.id,
            "",
            &indicator.name,
            &previous,
        );
    }
    let bytes = writer.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("the template is UTF-8")
}

// ---------------------------------------------------------------------------------------------
// The wave TOML
// ---------------------------------------------------------------------------------------------

/// The top-level keys of the new wave.
#[derive(Clone, Debug)]
pub struct WaveMeta {
    pub id: String,
    pub title: String,
    pub published: PartialDate,
    pub covers: String,
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as TOML: an integer or a float when that reads back as the same decimal, else the
/// Czech text in quotes (which keeps trailing zeros: "2,10").
fn toml_decimal(value: Decimal) -> String {
    let text = value.czech().replace(['\u{a0}', ' '], "");
    let Some((int, frac)) = text.split_once(',') else {
        return text;
    };
    let digits = int.trim_start_matches('-').len() + frac.len();
    if frac.ends_with('0') || digits > 15 {
        toml_string(&text)
    } else {
        format!("{int}.{frac}")
    }
}

fn toml_cell(cell: Cell) -> String {
    match cell {
        Cell::Number(d) => toml_decimal(d),
        other => toml_string(&other.czech()),
    }
}

fn toml_period(period: Period) -> String {
    match period {
        Period::Range { from, to } => format!("{{ from = {}, to = {} }}", from.iso(), to.iso()),
        Period::Year(y) => y.to_string(),
        Period::Ongoing => toml_string("průběžně"),
    }
}

fn toml_partial_date(date: PartialDate) -> String {
    match date {
        PartialDate::Year(y) => y.to_string(),
        PartialDate::Month(..) => toml_string(&date.iso()),
        PartialDate::Day(d) => d.iso(),
    }
}

/// Ends `out` with exactly one empty line.
fn blank_line(out: &mut String) {
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.push('\n');
}

/// A comment line (line breaks in the text become spaces).
fn comment(out: &mut String, text: &str) {
    let _ = writeln!(out, "# {}", text.replace(['\r', '\n'], " ").trim_end());
}

fn write_value(out: &mut String, table: &str, v: &ValueRow) {
    let _ = writeln!(out, "[[{table}]]");
    let _ = writeln!(out, "indicator = {}", toml_string(&v.indicator));
    match &v.value {
        Value::Single { cell, approx } => {
            let _ = writeln!(out, "value = {}", toml_cell(*cell));
            if *approx {
                out.push_str("approx = true\n");
            }
        }
        Value::Parts(parts) => {
            let parts: Vec<String> = parts.iter().map(|c| toml_cell(*c)).collect();
            let _ = writeln!(out, "parts = [{}]", parts.join(", "));
        }
    }
    if let Some(region) = v.region {
        let _ = writeln!(out, "region = {}", toml_cell(region));
    }
    if let Some((rank, scope)) = &v.rank {
        let _ = writeln!(out, "rank = {rank}");
        if let Some(scope) = scope {
            let _ = writeln!(out, "rank_scope = {}", toml_string(scope));
        }
    }
    if let Some(as_of) = v.as_of {
        let _ = writeln!(out, "as_of = {}", as_of.iso());
    }
    if let Some(period) = &v.period {
        let _ = writeln!(out, "period = {}", toml_string(period));
    }
    if let Some(territory) = &v.territory {
        let _ = writeln!(out, "territory = {}", toml_string(territory));
    }
    if let Some(note) = &v.note {
        let _ = writeln!(out, "note = {}", toml_string(note));
    }
    out.push('\n');
}

/// The wave file: a header comment, the top-level keys, then one `[[goal]]` per reported
/// specific goal in plan order (under comments naming its area and strategic goal) with its
/// values and measures, then the global indicator values.
pub fn wave_toml(site: &Site, rows: &WaveRows, meta: &WaveMeta, csv_name: &str) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        &format!(
            "{} (imported by `milnik import wave` from {csv_name}).",
            meta.title
        ),
    );
    out.push_str(
        "# Rows of the spreadsheet that were left empty are not in this file. What a spreadsheet\n",
    );
    out.push_str("# cannot hold is added here by hand: the wave's `summary`, each goal's `summary` (\"Shrnutí\n");
    out.push_str("# za rok … a příležitosti v roce …\"), printed titles and labels, months, programmes and\n");
    out.push_str(
        "# stated totals (docs/content-model.md, §2.4). Check the result with `milnik check`.\n\n",
    );
    let _ = writeln!(out, "id = {}", toml_string(&meta.id));
    let _ = writeln!(out, "title = {}", toml_string(&meta.title));
    let _ = writeln!(out, "published = {}", toml_partial_date(meta.published));
    let _ = writeln!(out, "covers = {}", toml_string(&meta.covers));
    let mut area_shown = None;
    let mut strategic_shown = None;
    for g in &rows.goals {
        let goal = &site.specific_goals[g.goal];
        if area_shown != Some(goal.area) {
            area_shown = Some(goal.area);
            let area = &site.areas[goal.area];
            blank_line(&mut out);
            out.push_str(&format!("# {}\n", "=".repeat(93)));
            comment(&mut out, &format!("{} {}", area.id, area.title));
            out.push_str(&format!("# {}\n", "=".repeat(93)));
        }
        if strategic_shown != Some(goal.strategic_goal) {
            strategic_shown = Some(goal.strategic_goal);
            let sg = &site.strategic_goals[goal.strategic_goal];
            let label = format!("Strategický cíl {} ", sg.id);
            let _ = writeln!(
                out,
                "\n# {label}{}",
                "-".repeat(93usize.saturating_sub(label.chars().count()))
            );
        }
        out.push('\n');
        comment(&mut out, &format!("{} {}", goal.id, goal.title));
        out.push_str("[[goal]]\n");
        let _ = writeln!(out, "id = {}", toml_string(&goal.id));
        let _ = writeln!(out, "as_of = {}", g.as_of.iso());
        let kind = match g.as_of_kind {
            AsOfKind::Available => "available",
            AsOfKind::State => "state",
        };
        let _ = writeln!(out, "as_of_kind = {}", toml_string(kind));
        out.push('\n');
        for v in &g.values {
            if let Some(ind) = goal.impact_indicators.iter().find(|i| i.key == v.indicator) {
                comment(&mut out, &ind.name);
            }
            write_value(&mut out, "goal.value", v);
        }
        for m in &g.measures {
            let measure = &site.measures[m.measure];
            comment(&mut out, &format!("{} {}", measure.id, measure.title));
            out.push_str("[[goal.measure]]\n");
            let _ = writeln!(out, "id = {}", toml_string(&measure.id));
            let _ = writeln!(out, "status = {}", toml_string(&m.status.label()));
            for (key, text) in [
                ("implementer", &m.implementer),
                ("activity", &m.activity),
                ("service", &m.service),
            ] {
                if let Some(text) = text {
                    let _ = writeln!(out, "{key} = {}", toml_string(text));
                }
            }
            if let Some(period) = m.period {
                let _ = writeln!(out, "period = {}", toml_period(period));
            }
            if let Some(note) = &m.note {
                let _ = writeln!(out, "note = {}", toml_string(note));
            }
            if let Some(p) = &m.project {
                out.push_str("\n[goal.measure.project]\n");
                if let Some(implementer) = &p.implementer {
                    let _ = writeln!(out, "implementer = {}", toml_string(implementer));
                }
                let _ = writeln!(out, "registration = {}", toml_string(&p.registration));
                let budget = p.budget.with_min_scale(2).czech().replace('\u{a0}', " ");
                let _ = writeln!(out, "budget = {}", toml_string(&budget));
                let _ = writeln!(out, "call = {}", toml_string(&p.call));
                let _ = writeln!(out, "programme = {}", toml_string(&p.programme));
            }
            out.push('\n');
        }
    }
    if !rows.indicators.is_empty() {
        blank_line(&mut out);
        out.push_str(&format!("# {}\n", "=".repeat(93)));
        out.push_str("# Global indicators\n");
        out.push_str(&format!("# {}\n\n", "=".repeat(93)));
        for v in &rows.indicators {
            if let Some(ind) = site.indicators.iter().find(|i| i.id == v.indicator) {
                comment(&mut out, &ind.name);
            }
            write_value(&mut out, "indicator", v);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The commands' work
// ---------------------------------------------------------------------------------------------

/// Resolves the content into the site model, as `milnik check` does.
fn resolve(options: &BuildOptions, content: &Content) -> (Option<Site>, Diagnostics) {
    let config = match build::site_config(options) {
        Ok(config) => config,
        Err(d) => return (None, d),
    };
    let base = BaseUrl::parse(&config.base_url).expect("checked by site_config");
    model::resolve(
        config,
        base,
        content,
        model::ResolveOptions {
            drafts: options.drafts,
        },
    )
}

/// Only the errors among the diagnostics.
fn errors_of(diagnostics: Diagnostics) -> Diagnostics {
    Diagnostics(
        diagnostics
            .0
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    )
    .sorted()
}

/// Loads and resolves the site; its errors (not its warnings) when it has any.
pub fn load_site(options: &BuildOptions) -> Result<(Content, Site), Diagnostics> {
    let (content, diagnostics) = content::load(&options.root);
    let errors = errors_of(diagnostics);
    if errors.has_errors() {
        return Err(errors);
    }
    resolve_loaded(options, content)
}

fn resolve_loaded(
    options: &BuildOptions,
    content: Content,
) -> Result<(Content, Site), Diagnostics> {
    let (site, diagnostics) = resolve(options, &content);
    let errors = errors_of(diagnostics);
    match site {
        Some(site) if !errors.has_errors() => Ok((content, site)),
        _ => Err(errors),
    }
}

/// The template of the site at `options.root`, with the number of rows of each kind.
pub fn export_template(options: &BuildOptions) -> Result<(String, [usize; 3]), Diagnostics> {
    let (_, site) = load_site(options)?;
    let counts = [
        site.measures.len(),
        site.specific_goals
            .iter()
            .map(|g| g.impact_indicators.len())
            .sum(),
        site.indicators.len(),
    ];
    Ok((template(&site), counts))
}

/// What `milnik import wave` was asked to do.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub build: BuildOptions,
    /// The filled-in spreadsheet.
    pub csv: PathBuf,
    pub id: Option<String>,
    pub title: Option<String>,
    /// "2025-06".
    pub published: Option<String>,
    /// "rok 2024".
    pub covers: Option<String>,
    /// Where to write the wave file (default: content/waves/<n>-<slug>.toml under the root).
    pub output: Option<PathBuf>,
    /// Replace an existing file.
    pub force: bool,
}

/// What `milnik import wave` wrote.
#[derive(Debug)]
pub struct Imported {
    pub path: PathBuf,
    pub meta: WaveMeta,
    pub rows: WaveRows,
    /// Keys that were not given on the command line and were filled in by default.
    pub defaulted: Vec<&'static str>,
    /// Problems that did not stop the import.
    pub warnings: Diagnostics,
}

/// "I", "II", … for wave numbers.
pub fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The number a wave file's name starts with ("1-prubezne-vyhodnoceni.toml" → 1).
fn file_number(path: &Path) -> Option<usize> {
    let stem = path.file_stem()?.to_str()?;
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `path` without `.` components ("./content/waves/x.toml" → "content/waves/x.toml").
fn tidy(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// `path` made absolute against the current directory, without touching the disk.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads, validates and writes: the wave file is written only when every row is right and the
/// site with the new wave passes the resolve stage of `milnik check`.
pub fn import_wave(options: &ImportOptions) -> Result<Imported, Diagnostics> {
    let shown_csv = PathBuf::from(build::display_path(&options.csv));
    let bytes = std::fs::read(&options.csv).map_err(|e| {
        Diagnostics(vec![Diagnostic::error(
            &shown_csv,
            format!("cannot read the file: {e}"),
        )])
    })?;
    let (mut content, diagnostics) = content::load(&options.build.root);
    let site_errors = errors_of(diagnostics);
    if site_errors.has_errors() {
        return Err(site_errors);
    }

    // The wave's keys.
    let mut problems = Diagnostics::default();
    let mut defaulted = Vec::new();
    let waves_dir = Path::new(CONTENT_DIR).join("waves");
    let id = match &options.id {
        Some(id) => id.trim().to_string(),
        None => {
            defaulted.push("id");
            roman(content.waves.len() + 1)
        }
    };
    let title = match &options.title {
        Some(title) => title.trim().to_string(),
        None => {
            defaulted.push("title");
            format!("Průběžné vyhodnocení {id}.")
        }
    };
    let published = match &options.published {
        Some(text) => match PartialDate::parse(text) {
            Ok(date) => date,
            Err(message) => {
                problems.push(Diagnostic::error("--published", message).with_hint(
                    "give the month the evaluation is published, e.g. --published 2025-06",
                ));
                PartialDate::Year(0)
            }
        },
        None => {
            defaulted.push("published");
            let today = Date::today();
            PartialDate::Month(today.year, today.month)
        }
    };
    let covers = match &options.covers {
        Some(covers) => covers.trim().to_string(),
        None => {
            defaulted.push("covers");
            format!("rok {}", published.first_day().year.saturating_sub(1))
        }
    };
    if id.is_empty() {
        problems
            .push(Diagnostic::error("--id", "the wave's id is empty").with_hint("e.g. --id II"));
    }
    let slug = slugify(&title);
    if slug.is_empty() {
        problems.push(
            Diagnostic::error(
                "--title",
                format!("cannot make a file name from the title {title:?}"),
            )
            .with_hint("use letters or digits, e.g. --title \"Průběžné vyhodnocení II.\""),
        );
    }

    // Where it goes: the file of the same wave when there is one, else the next number.
    let target = match &options.output {
        Some(path) => path.clone(),
        None => {
            let same = content.waves.iter().map(|w| &w.source.path).find(|p| {
                p.file_stem()
                    .and_then(|s| s.to_str())
                    .map(|s| s.trim_start_matches(|c: char| c.is_ascii_digit()))
                    .and_then(|s| s.strip_prefix('-'))
                    == Some(slug.as_str())
            });
            match same {
                Some(path) => tidy(&options.build.root.join(path)),
                None => {
                    let next = content
                        .waves
                        .iter()
                        .filter_map(|w| file_number(&w.source.path))
                        .max()
                        .unwrap_or(content.waves.len())
                        + 1;
                    tidy(
                        &options
                            .build
                            .root
                            .join(&waves_dir)
                            .join(format!("{next}-{slug}.toml")),
                    )
                }
            }
        }
    };
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{slug}.toml"));
    // The path the site knows the file by, when it is one of its waves.
    let in_site = absolute(&target)
        .strip_prefix(absolute(&options.build.root))
        .ok()
        .filter(|rel| rel.starts_with(&waves_dir))
        .map(Path::to_path_buf);
    let shown_wave = in_site
        .clone()
        .unwrap_or_else(|| waves_dir.join(&file_name));
    if target.exists() {
        if options.force {
            // Replaced: the rest of the site is checked without the old version.
            if let Some(rel) = &in_site {
                content.remove(rel);
            }
        } else {
            problems.push(
                Diagnostic::error(
                    build::display_path(&target),
                    "the wave file already exists; nothing was written",
                )
                .with_hint("add --force to replace it, or give another file with --output"),
            );
        }
    }

    let (content, site) = resolve_loaded(&options.build, content)?;
    if let Some(other) = site.waves.iter().find(|w| w.id == id) {
        problems.push(
            Diagnostic::error(
                "--id",
                format!("the site already has a wave `{id}` ({})", other.title),
            )
            .with_hint(format!(
                "give the new wave another id, e.g. --id {}",
                roman(site.waves.len() + 1)
            )),
        );
    } else if let Some(other) = site.waves.iter().find(|w| w.slug == slug) {
        problems.push(
            Diagnostic::error(
                "--title",
                format!(
                    "the wave {} already has the URL `{slug}` made from this title",
                    other.id
                ),
            )
            .with_hint("give the new wave another title"),
        );
    }

    let sheet = Sheet::read(&shown_csv, &bytes);
    let (rows, warnings) = match sheet {
        Err(d) => {
            problems.extend(d);
            return Err(problems.sorted());
        }
        Ok(sheet) => match validate(&site, &sheet) {
            Ok(rows) => (rows, sheet.warnings),
            Err(d) => {
                problems.extend(sheet.warnings);
                problems.extend(d);
                return Err(problems.sorted());
            }
        },
    };
    if problems.has_errors() {
        return Err(problems.sorted());
    }
    if rows.goals.is_empty() && rows.indicators.is_empty() {
        return Err(Diagnostics(vec![Diagnostic::error(
            &shown_csv,
            "no row is filled in; nothing was written",
        )
        .with_hint(
            "fill in `status` for the measures and `value` for the indicators the wave reports",
        )]));
    }
    let meta = WaveMeta {
        id,
        title,
        published,
        covers,
    };
    let csv_name = options
        .csv
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = wave_toml(&site, &rows, &meta, &csv_name);

    // The new file must pass with the rest of the site before it is written.
    let mut with_wave = content;
    match content::parse_bytes(&shown_wave, ContentKind::Wave, text.clone().into_bytes()) {
        Ok(parsed) => with_wave.insert(parsed),
        Err(d) => return Err(Diagnostics(vec![d])),
    }
    let (_, resolved) = resolve(&options.build, &with_wave);
    let resolved = errors_of(resolved);
    if resolved.has_errors() {
        return Err(resolved);
    }

    write_new(&target, &text, options.force).map_err(|e| {
        Diagnostics(vec![Diagnostic::error(
            build::display_path(&target),
            format!("cannot write the wave file: {e}"),
        )])
    })?;
    Ok(Imported {
        path: target,
        meta,
        rows,
        defaulted,
        warnings,
    })
}

/// Writes `text` to `path`. Without `force` an existing file is never replaced; with it the
/// file is replaced through a temporary file in the same directory, so a failure leaves the old
/// one as it was.
pub fn write_new(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    if force {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&temp, text)?;
        return std::fs::rename(&temp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        });
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes()).inspect_err(|_| {
        let _ = std::fs::remove_file(path);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn numbers_are_read_the_czech_way() {
        assert_eq!(parse_number("14 964 994,80").unwrap(), d("14964994.80"));
        assert_eq!(
            parse_number("14\u{a0}964\u{a0}994,80").unwrap().czech(),
            "14\u{a0}964\u{a0}994,80"
        );
        assert_eq!(parse_number("3,5").unwrap(), d("3.5"));
        assert_eq!(parse_number(" 6.88 ").unwrap(), d("6.88"));
        assert_eq!(parse_number("-2").unwrap(), d("-2"));
        assert_eq!(parse_number("1 190").unwrap(), d("1190"));
        assert_eq!(
            parse_number("dvanáct").unwrap_err(),
            "`dvanáct` is not a number"
        );
        assert!(parse_number("12a").is_err());
        assert!(parse_number("1,2,3").is_err());
        assert!(parse_number("").is_err());
        assert_eq!(parse_money("14 964 994,80 Kč").unwrap(), d("14964994.8"));
        assert!(parse_money("-5").unwrap_err().contains("negative"));
    }

    #[test]
    fn values_read_every_messy_form() {
        let single = |t: &str| match parse_value(t, Some("%")).unwrap() {
            Value::Single { cell, approx } => (cell.czech().replace('\u{a0}', " "), approx),
            other => panic!("{other:?}"),
        };
        assert_eq!(single("39"), ("39".into(), false));
        assert_eq!(single("cca 3 100"), ("3 100".into(), true));
        assert_eq!(single("3,01 %"), ("3,01".into(), false));
        assert_eq!(single("n. a."), ("n. a.".into(), false));
        assert_eq!(single("n.a."), ("n. a.".into(), false));
        assert_eq!(single("-"), ("-".into(), false));
        assert_eq!(
            parse_value("12/12/4/22", None).unwrap(),
            Value::Parts(vec![
                Cell::Number(d("12")),
                Cell::Number(d("12")),
                Cell::Number(d("4")),
                Cell::Number(d("22"))
            ])
        );
        assert_eq!(
            parse_value("dvanáct", None).unwrap_err(),
            "`dvanáct` is not a number"
        );
        assert!(parse_value("cca n. a.", None).is_err());
        assert!(parse_value("12/x", None).is_err());
        assert_eq!(parse_rank("2. v ČR").unwrap(), (2, Some("v ČR".into())));
        assert_eq!(parse_rank("2").unwrap(), (2, None));
        assert!(parse_rank("druhé").is_err());
    }

    #[test]
    fn dates_and_periods_are_read_in_both_notations() {
        assert_eq!(parse_date("30. 4. 2024").unwrap().iso(), "2024-04-30");
        assert_eq!(parse_date("30.4.2024").unwrap().iso(), "2024-04-30");
        assert_eq!(parse_date("30.04.2024").unwrap().iso(), "2024-04-30");
        assert_eq!(parse_date("2024-04-30").unwrap().iso(), "2024-04-30");
        assert_eq!(
            parse_date("2024-04-30 00:00:00").unwrap().iso(),
            "2024-04-30"
        );
        assert_eq!(
            parse_date("4/30/2024").unwrap_err(),
            "`4/30/2024` is not a date"
        );
        assert!(parse_date("31. 4. 2024")
            .unwrap_err()
            .contains("duben has 30 days"));
        assert!(parse_date("2024").is_err());
        assert_eq!(
            parse_period("1. 11. 2022–31. 10. 2025").unwrap(),
            Period::Range {
                from: Date::new(2022, 11, 1).unwrap(),
                to: Date::new(2025, 10, 31).unwrap()
            }
        );
        assert_eq!(
            parse_period("1. 11. 2022 - 31. 10. 2025").unwrap(),
            parse_period("2022-11-01 – 2025-10-31").unwrap()
        );
        assert_eq!(
            parse_period("1.11.2022-31.10.2025").unwrap(),
            parse_period("2022-11-01–2025-10-31").unwrap()
        );
        assert_eq!(parse_period("2023").unwrap(), Period::Year(2023));
        assert_eq!(parse_period("Průběžně").unwrap(), Period::Ongoing);
        assert!(parse_period("brzy").is_err());
        assert!(parse_period("1. 1. 2025–1. 1. 2024")
            .unwrap_err()
            .contains("before it starts"));
        assert_eq!(parse_as_of_kind("Stav k").unwrap(), AsOfKind::State);
        assert_eq!(
            parse_as_of_kind("Data dostupná k").unwrap(),
            AsOfKind::Available
        );
        assert_eq!(parse_as_of_kind("available").unwrap(), AsOfKind::Available);
        assert!(parse_as_of_kind("včera").is_err());
    }

    #[test]
    fn the_separator_is_found_in_the_header_row() {
        assert_eq!(detect_separator("type;id;indicator;name"), b';');
        assert_eq!(detect_separator("type,id,indicator,name"), b',');
        assert_eq!(detect_separator("type\tid\tindicator"), b'\t');
        // Separators inside quotes do not count.
        assert_eq!(detect_separator("\"a,b,c\";\"d,e\";f"), b';');
        assert_eq!(detect_separator("type"), b',');
        // Only the first line is looked at.
        assert_eq!(detect_separator("type;id\n1,2,3,4,5"), b';');
    }

    #[test]
    fn row_kinds_and_column_letters() {
        assert_eq!(RowKind::parse("measure"), Some(RowKind::Measure));
        assert_eq!(RowKind::parse("Opatření"), Some(RowKind::Measure));
        assert_eq!(RowKind::parse("goal value"), Some(RowKind::GoalValue));
        assert_eq!(RowKind::parse("indikator dopadu"), Some(RowKind::GoalValue));
        assert_eq!(
            RowKind::parse("Globální indikátor"),
            Some(RowKind::IndicatorValue)
        );
        assert_eq!(RowKind::parse("opatreni2"), None);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
    }

    #[test]
    fn windows_1250_is_decoded() {
        // "Dokončeno; Průběžně" in windows-1250.
        let bytes = b"Dokon\xe8eno; Pr\xf9b\xec\x9en\xec";
        assert_eq!(decode_windows_1250(bytes).unwrap(), "Dokončeno; Průběžně");
        assert_eq!(decode_windows_1250(b"\x81"), None);
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let text = "\u{feff}type;id;status\r\nmeasure;1.1.1.1;\"V realizaci\r\n(2/6)\"\r\n\r\nmeasure;1.1.1.2;Dokončeno\r\nmeasure;1.1.1.3;x";
        let sheet = Sheet::read(Path::new("a.csv"), text.as_bytes()).unwrap();
        assert_eq!(sheet.delimiter, b';');
        let rows: Vec<usize> = sheet.rows.iter().map(|r| r.row).collect();
        // The quoted line break stays in row 2; the blank line is row 3.
        assert_eq!(rows, [2, 4, 5]);
        let last = &sheet.rows[2];
        let d = sheet.at(last, sheet.index(Col::Status), "bad");
        assert_eq!(
            d.location,
            Some(Location {
                line: 5,
                column: 17
            })
        );
        assert_eq!(d.source_line.as_deref(), Some("measure;1.1.1.3;x"));
        assert_eq!(d.message, "row 5, column C (`status`): bad");
    }

    #[test]
    fn header_problems_are_reported_with_a_suggestion() {
        let err = Sheet::read(Path::new("a.csv"), b"type,id,stauts\n").unwrap_err();
        assert_eq!(err.0.len(), 1, "{err}");
        assert!(
            err.0[0].message.contains("unknown column `stauts`"),
            "{err}"
        );
        assert_eq!(err.0[0].hint.as_deref(), Some("did you mean `status`?"));
        let err = Sheet::read(Path::new("a.csv"), b"id,status\n").unwrap_err();
        assert!(err.0[0].message.contains("no `type` column"), "{err}");
        assert!(Sheet::read(Path::new("a.csv"), b"  \n").is_err());
    }

    #[test]
    fn toml_numbers_keep_what_was_written() {
        assert_eq!(toml_decimal(d("39")), "39");
        assert_eq!(toml_decimal(d("278.7")), "278.7");
        assert_eq!(toml_decimal(d("2.10")), "\"2,10\"");
        assert_eq!(toml_decimal(d("-0.5")), "-0.5");
        assert_eq!(toml_decimal(d("1190")), "1190");
        assert_eq!(toml_string("a \"b\"\n\\"), "\"a \\\"b\\\"\\n\\\\\"");
        assert_eq!(
            toml_period(parse_period("1. 11. 2022–31. 10. 2025").unwrap()),
            "{ from = 2022-11-01, to = 2025-10-31 }"
        );
        assert_eq!(toml_period(Period::Ongoing), "\"průběžně\"");
    }
}

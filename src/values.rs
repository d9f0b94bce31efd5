//! Domain value types as editors write them in TOML and as the site shows them: exact decimals
//! ([`Decimal`]), money ([`Money`]), calendar dates ([`Date`], [`PartialDate`]), implementation
//! periods ([`Period`]), measure statuses ([`Status`]), indicator cells ([`Cell`]) and planned
//! costs ([`Cost`]).
//!
//! Each type validates itself while it is deserialised, so a bad value ("31. 2. 2024", a report
//! count "7/6", a period that ends before it starts) is reported by the TOML layer with the exact
//! line and column of the value. Each type serialises to its Czech display text, so templates
//! never format or compute anything.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::format::{group_thousands, MONTHS, NBSP};

// ---------------------------------------------------------------------------------------------
// Decimal
// ---------------------------------------------------------------------------------------------

/// An exact decimal number as printed in the documents ("174,1", "14 964 994,80", "1 190"),
/// keeping its number of decimal places so "9,20" is not shown as "9,2".
#[derive(Clone, Copy, Debug, Eq)]
pub struct Decimal {
    units: i64,
    scale: u8,
}

const MAX_SCALE: u8 = 6;

impl Decimal {
    pub const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    pub fn from_int(value: i64) -> Self {
        Decimal {
            units: value,
            scale: 0,
        }
    }

    /// Parses "1190", "1 190", "3,01", "6.88", "-2" (spaces, non-breaking spaces and one decimal
    /// separator, comma or dot). Returns a message fit for an editor on failure.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let mut units: i64 = 0;
        let mut scale: u8 = 0;
        let mut seen_separator = false;
        let mut seen_digit = false;
        let mut negative = false;
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '-' | '−' if i == 0 => negative = true,
                ' ' | NBSP | '\u{202f}' if seen_digit && !seen_separator => {}
                ',' | '.' if seen_digit && !seen_separator => seen_separator = true,
                '0'..='9' => {
                    seen_digit = true;
                    if seen_separator {
                        scale += 1;
                        if scale > MAX_SCALE {
                            return Err(format!(
                                "`{trimmed}` has more than {MAX_SCALE} decimal places"
                            ));
                        }
                    }
                    units = units
                        .checked_mul(10)
                        .and_then(|u| u.checked_add(i64::from(c as u8 - b'0')))
                        .ok_or_else(|| format!("`{trimmed}` is too large"))?;
                }
                _ => {
                    return Err(format!(
                        "`{trimmed}` is not a number; write digits with a decimal comma, e.g. `3 100` or `6,88`"
                    ))
                }
            }
        }
        if !seen_digit {
            return Err(format!("`{trimmed}` is not a number"));
        }
        Ok(Decimal {
            units: if negative { -units } else { units },
            scale,
        })
    }

    pub fn is_negative(self) -> bool {
        self.units < 0
    }

    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(i32::from(self.scale))
    }

    /// The same value with at least `scale` decimal places ("14 964 994,8" → "14 964 994,80").
    pub fn with_min_scale(self, scale: u8) -> Self {
        let mut d = self;
        while d.scale < scale {
            match d.units.checked_mul(10) {
                Some(units) => {
                    d.units = units;
                    d.scale += 1;
                }
                None => break,
            }
        }
        d
    }

    /// The digits before and after the decimal point, without sign or grouping.
    fn digits(self) -> (String, String) {
        let digits = self.units.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int_part, frac_part) = padded.split_at(padded.len() - scale);
        (int_part.to_string(), frac_part.to_string())
    }

    /// The number for machines, as CSV and JSON want it: "14964994.80", "-3.5", "1190".
    pub fn plain(self) -> String {
        self.written(&|int| int.to_string(), '.')
    }

    /// Czech display text: "14 964 994,80", "-3,5", "1 190".
    pub fn czech(self) -> String {
        self.written(&group_thousands, ',')
    }

    fn written(self, whole: &dyn Fn(&str) -> String, point: char) -> String {
        let (int_part, frac_part) = self.digits();
        let mut out = String::new();
        if self.units < 0 {
            out.push('-');
        }
        out.push_str(&whole(&int_part));
        if !frac_part.is_empty() {
            out.push(point);
            out.push_str(&frac_part);
        }
        out
    }

    fn widened(self, scale: u8) -> i128 {
        i128::from(self.units) * 10i128.pow(u32::from(scale - self.scale))
    }

    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let sum = self.widened(scale) + other.widened(scale);
        Some(Decimal {
            units: i64::try_from(sum).ok()?,
            scale,
        })
    }

    pub fn checked_neg(self) -> Option<Decimal> {
        Some(Decimal {
            units: self.units.checked_neg()?,
            scale: self.scale,
        })
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.widened(scale).cmp(&other.widened(scale))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.czech())
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.czech())
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number (e.g. 1190, 6.88 or \"14 964 994,80\")")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from_int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        i64::try_from(v)
            .map(Decimal::from_int)
            .map_err(|_| E::custom("number is too large"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::custom("expected a finite number"));
        }
        // Rust prints the shortest text that reads back as the same float: 6.88 → "6.88".
        Decimal::parse(&v.to_string()).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        Decimal::parse(v).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
}

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

/// An amount in Czech crowns, shown with two decimal places: "14 964 994,80 Kč".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub Decimal);

impl Money {
    pub fn czech(self) -> String {
        format!("{}{NBSP}Kč", self.0.with_min_scale(2).czech())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let amount = Decimal::deserialize(d)?;
        if amount.is_negative() {
            return Err(de::Error::custom(format!(
                "an amount of money cannot be negative (got {})",
                amount.czech()
            )));
        }
        Ok(Money(amount))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.czech())
    }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// A calendar date, written in TOML as `2024-04-30` and shown as "30. 4. 2024".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} does not exist"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!(
                "{day}. {month}. {year} is not a date: {} has {} days",
                MONTHS[usize::from(month - 1)],
                days_in_month(year, month)
            ));
        }
        Ok(Date { year, month, day })
    }

    /// Parses ISO `2024-04-30` or Czech `30. 4. 2024`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match PartialDate::parse(text)? {
            PartialDate::Day(date) => Ok(date),
            _ => Err(format!(
                "`{}` is not a full date; write it as 2024-04-30",
                text.trim()
            )),
        }
    }

    /// Czech display: "30. 4. 2024".
    pub fn czech(self) -> String {
        format!("{}. {}. {}", self.day, self.month, self.year)
    }

    /// ISO 8601: "2024-04-30".
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Today's date in UTC, from the system clock (used only to scaffold new articles).
    pub fn today() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Self::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.czech())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match PartialDate::deserialize(d)? {
            PartialDate::Day(date) => Ok(date),
            other => Err(de::Error::custom(format!(
                "`{}` is not a full date; write it as 2024-04-30",
                other.iso()
            ))),
        }
    }
}

/// A date known to the year, the month or the day: "2024", "červen 2024", "30. 6. 2024".
/// Written in TOML as `2024`, `"2024-06"` or `2024-06-30`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartialDate {
    Year(u16),
    Month(u16, u8),
    Day(Date),
}

impl PartialDate {
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let bad = || {
            format!(
                "`{t}` is not a date; write 2024-04-30 (or 2024-06 for a month, 2024 for a year)"
            )
        };
        let num = |s: &str| -> Result<u32, String> {
            let s = s.trim();
            if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse::<u32>().map_err(|_| bad())
        };
        let year = |s: &str| -> Result<u16, String> {
            let y = num(s)?;
            if (1000..=9999).contains(&y) {
                Ok(y as u16)
            } else {
                Err(bad())
            }
        };
        if t.contains('.') {
            // Czech order: "30. 4. 2024".
            let parts: Vec<&str> = t.split('.').collect();
            if parts.len() != 3 {
                return Err(bad());
            }
            let day = num(parts[0])?;
            let month = num(parts[1])?;
            return Date::new(year(parts[2])?, month.min(99) as u8, day.min(99) as u8)
                .map(PartialDate::Day);
        }
        let parts: Vec<&str> = t.split('-').collect();
        match parts.as_slice() {
            [y] => Ok(PartialDate::Year(year(y)?)),
            [y, m] => {
                let month = num(m)?;
                if !(1..=12).contains(&month) {
                    return Err(format!("month {month} does not exist"));
                }
                Ok(PartialDate::Month(year(y)?, month as u8))
            }
            [y, m, d] => Date::new(year(y)?, num(m)?.min(99) as u8, num(d)?.min(99) as u8)
                .map(PartialDate::Day),
            _ => Err(bad()),
        }
    }

    pub fn czech(self) -> String {
        match self {
            PartialDate::Year(y) => y.to_string(),
            PartialDate::Month(y, m) => format!("{} {y}", MONTHS[usize::from(m - 1)]),
            PartialDate::Day(d) => d.czech(),
        }
    }

    pub fn iso(self) -> String {
        match self {
            PartialDate::Year(y) => format!("{y:04}"),
            PartialDate::Month(y, m) => format!("{y:04}-{m:02}"),
            PartialDate::Day(d) => d.iso(),
        }
    }

    /// The first day this date can mean, for ordering ("2024-06" → 1. 6. 2024).
    pub fn first_day(self) -> Date {
        match self {
            PartialDate::Year(year) => Date {
                year,
                month: 1,
                day: 1,
            },
            PartialDate::Month(year, month) => Date {
                year,
                month,
                day: 1,
            },
            PartialDate::Day(d) => d,
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.czech())
    }
}

struct PartialDateVisitor;

impl<'de> Visitor<'de> for PartialDateVisitor {
    type Value = PartialDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2024-04-30, \"2024-06\" or 2024")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
        PartialDate::parse(&v.to_string()).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
        PartialDate::parse(&v.to_string()).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
        PartialDate::parse(v).map_err(E::custom)
    }

    // TOML dates (`2024-04-30` without quotes) arrive as a one-entry map holding their text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PartialDate, A::Error> {
        let Some((_key, text)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("expected a date"));
        };
        if text.contains('T') || text.contains(':') {
            return Err(de::Error::custom(format!(
                "`{text}` has a time of day; write only the date, e.g. 2024-04-30"
            )));
        }
        PartialDate::parse(&text).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PartialDateVisitor)
    }
}

// ---------------------------------------------------------------------------------------------
// Period
// ---------------------------------------------------------------------------------------------

/// When a measure is carried out, as the evaluation prints it: a date range
/// ("1. 11. 2022–31. 10. 2025"), a year ("2023") or "Průběžně" (ongoing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Range { from: Date, to: Date },
    Year(u16),
    Ongoing,
}

impl Period {
    pub fn czech(self) -> String {
        match self {
            Period::Range { from, to } => format!("{}–{}", from.czech(), to.czech()),
            Period::Year(y) => y.to_string(),
            Period::Ongoing => "Průběžně".to_string(),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.czech())
    }
}

struct PeriodVisitor;

impl<'de> Visitor<'de> for PeriodVisitor {
    type Value = Period;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a period: { from = 2022-11-01, to = 2025-10-31 }, a year such as 2023, or \"průběžně\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Period, E> {
        match PartialDate::parse(&v.to_string()).map_err(E::custom)? {
            PartialDate::Year(y) => Ok(Period::Year(y)),
            _ => Err(E::custom("expected a year")),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Period, E> {
        self.visit_i64(v.min(i64::MAX as u64) as i64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Period, E> {
        if crate::slug::fold(v.trim()) == "prubezne" {
            Ok(Period::Ongoing)
        } else {
            Err(E::custom(format!(
                "unknown period `{v}`; write \"průběžně\", a year such as 2023, or {{ from = 2022-11-01, to = 2025-10-31 }}"
            )))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Period, A::Error> {
        let mut from = None;
        let mut to = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "from" => from = Some(map.next_value::<Date>()?),
                "to" => to = Some(map.next_value::<Date>()?),
                other => {
                    return Err(de::Error::custom(format!(
                        "unknown field `{other}` in a period; expected `from` and `to`"
                    )))
                }
            }
        }
        let from = from.ok_or_else(|| de::Error::custom("a period needs `from`"))?;
        let to = to.ok_or_else(|| de::Error::custom("a period needs `to`"))?;
        if to < from {
            return Err(de::Error::custom(format!(
                "the period ends ({}) before it starts ({})",
                to.czech(),
                from.czech()
            )));
        }
        Ok(Period::Range { from, to })
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PeriodVisitor)
    }
}

// ---------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------

/// The three states a measure can be in; badges are coloured by this.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusKind {
    NotStarted,
    InProgress,
    Completed,
}

impl StatusKind {
    pub const ALL: [StatusKind; 3] = [
        StatusKind::NotStarted,
        StatusKind::InProgress,
        StatusKind::Completed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StatusKind::NotStarted => "Nerealizováno",
            StatusKind::InProgress => "V realizaci",
            StatusKind::Completed => "Dokončeno",
        }
    }

    /// Stable key for CSS classes and data files.
    pub fn key(self) -> &'static str {
        match self {
            StatusKind::NotStarted => "not-started",
            StatusKind::InProgress => "in-progress",
            StatusKind::Completed => "completed",
        }
    }
}

/// How many of a project's implementation reports the evaluation drew on: "(2/6)" means the
/// second of six reports was the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReportCount {
    pub used: u8,
    pub total: u8,
}

/// A measure's status in one wave, exactly as the evaluation prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Status {
    pub kind: StatusKind,
    pub reports: Option<ReportCount>,
}

pub const STATUS_EXPECTED: &str =
    "`Nerealizováno`, `V realizaci`, `V realizaci (2/6)` (reports used/total) or `Dokončeno`";

impl Status {
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let folded = crate::slug::fold(t);
        let simple = |kind| {
            Ok(Status {
                kind,
                reports: None,
            })
        };
        match folded.as_str() {
            "nerealizovano" => return simple(StatusKind::NotStarted),
            "v realizaci" => return simple(StatusKind::InProgress),
            "dokonceno" => return simple(StatusKind::Completed),
            _ => {}
        }
        if let Some(rest) = folded.strip_prefix("v realizaci") {
            let inner = rest
                .trim()
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .and_then(|r| r.split_once('/'));
            if let Some((used, total)) = inner {
                let used: u8 = used.trim().parse().map_err(|_| bad_status(t))?;
                let total: u8 = total.trim().parse().map_err(|_| bad_status(t))?;
                if total == 0 || used > total {
                    return Err(format!(
                        "report count {used}/{total} in `{t}` is impossible: the number of reports used cannot exceed the total, which must be at least 1"
                    ));
                }
                return Ok(Status {
                    kind: StatusKind::InProgress,
                    reports: Some(ReportCount { used, total }),
                });
            }
        }
        Err(bad_status(t))
    }

    /// The badge text: "Nerealizováno", "V realizaci", "V realizaci (3/6)", "Dokončeno".
    pub fn label(self) -> String {
        match self.reports {
            Some(r) => format!("{} ({}/{})", self.kind.label(), r.used, r.total),
            None => self.kind.label().to_string(),
        }
    }
}

fn bad_status(text: &str) -> String {
    format!("unknown status `{text}`; expected one of {STATUS_EXPECTED}")
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Status::parse(&text).map_err(de::Error::custom)
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label())
    }
}

// ---------------------------------------------------------------------------------------------
// Indicator cells
// ---------------------------------------------------------------------------------------------

/// One value cell of an indicator table: a number, "n. a." (not available) or "-" (not
/// reported). Written in TOML as a number, `"n. a."` or `"-"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Number(Decimal),
    NotAvailable,
    NotReported,
}

impl Cell {
    pub fn number(self) -> Option<Decimal> {
        match self {
            Cell::Number(d) => Some(d),
            _ => None,
        }
    }

    pub fn czech(self) -> String {
        match self {
            Cell::Number(d) => d.czech(),
            Cell::NotAvailable => "n. a.".to_string(),
            Cell::NotReported => "-".to_string(),
        }
    }
}

struct CellVisitor;

impl Visitor<'_> for CellVisitor {
    type Value = Cell;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, \"n. a.\" (not available) or \"-\" (not reported)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell, E> {
        DecimalVisitor.visit_i64(v).map(Cell::Number)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell, E> {
        DecimalVisitor.visit_u64(v).map(Cell::Number)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell, E> {
        DecimalVisitor.visit_f64(v).map(Cell::Number)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell, E> {
        match v.trim() {
            "n. a." | "n.a." | "n. a" => Ok(Cell::NotAvailable),
            "-" | "–" => Ok(Cell::NotReported),
            other => Decimal::parse(other).map(Cell::Number).map_err(|_| {
                E::custom(format!(
                    "`{other}` is not a value; expected a number, \"n. a.\" (not available) or \"-\" (not reported)"
                ))
            }),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CellVisitor)
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.czech())
    }
}

// ---------------------------------------------------------------------------------------------
// Planned cost
// ---------------------------------------------------------------------------------------------

/// A planned amount as the action plan rounds it: "25 mil. Kč", "6,1 mil. Kč", "30 tis. Kč".
pub fn rounded_czk(amount: Decimal) -> String {
    let value = amount.to_f64();
    let (scaled, unit) = if value.abs() >= 1_000_000.0 {
        (value / 1_000_000.0, "mil.\u{a0}Kč")
    } else if value.abs() >= 1_000.0 {
        (value / 1_000.0, "tis.\u{a0}Kč")
    } else {
        (value, "Kč")
    };
    // At most two decimals, trailing zeros dropped: 6.1 → "6,1", 25.0 → "25".
    let text = format!("{scaled:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let shown = Decimal::parse(text)
        .map(Decimal::czech)
        .unwrap_or_else(|_| text.to_string());
    format!("{shown}{NBSP}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml_value<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        #[derive(Deserialize)]
        struct Wrap<T> {
            v: T,
        }
        toml::from_str::<Wrap<T>>(&format!("v = {text}"))
            .map(|w| w.v)
            .map_err(|e| e.message().to_string())
    }

    #[test]
    fn decimals_keep_what_was_printed() {
        assert_eq!(
            Decimal::parse("14 964 994,80").unwrap().czech(),
            "14\u{a0}964\u{a0}994,80"
        );
        assert_eq!(Decimal::parse("6.88").unwrap().czech(), "6,88");
        assert_eq!(Decimal::parse("1190").unwrap().czech(), "1\u{a0}190");
        assert_eq!(Decimal::parse("-0,5").unwrap().czech(), "-0,5");
        assert_eq!(Decimal::parse("0,05").unwrap().czech(), "0,05");
        assert!(Decimal::parse("12a").is_err());
        assert!(Decimal::parse("").is_err());
        assert!(Decimal::parse("1,2,3").is_err());
        assert_eq!(toml_value::<Decimal>("174.1").unwrap().czech(), "174,1");
        assert_eq!(
            toml_value::<Decimal>("\"3 100\"").unwrap().czech(),
            "3\u{a0}100"
        );
    }

    #[test]
    fn decimals_compare_and_add_across_scales() {
        let a = Decimal::parse("9,2").unwrap();
        let b = Decimal::parse("9,20").unwrap();
        assert_eq!(a, b);
        assert!(Decimal::parse("39").unwrap() < Decimal::parse("40").unwrap());
        let sum = Decimal::parse("143 945 506,20")
            .unwrap()
            .checked_add(Decimal::parse("34 785 322,35").unwrap())
            .unwrap();
        assert_eq!(sum, Decimal::parse("178730828,55").unwrap());
    }

    #[test]
    fn money_always_shows_hellers() {
        assert_eq!(
            Money(Decimal::parse("14964994.8").unwrap()).czech(),
            "14\u{a0}964\u{a0}994,80\u{a0}Kč"
        );
        assert!(toml_value::<Money>("-5")
            .unwrap_err()
            .contains("cannot be negative"));
    }

    #[test]
    fn planned_costs_are_rounded_like_the_plan() {
        assert_eq!(
            rounded_czk(Decimal::from_int(25_000_000)),
            "25\u{a0}mil.\u{a0}Kč"
        );
        assert_eq!(
            rounded_czk(Decimal::from_int(6_100_000)),
            "6,1\u{a0}mil.\u{a0}Kč"
        );
        assert_eq!(
            rounded_czk(Decimal::from_int(30_000)),
            "30\u{a0}tis.\u{a0}Kč"
        );
        assert_eq!(rounded_czk(Decimal::from_int(500)), "500\u{a0}Kč");
    }

    #[test]
    fn dates_are_validated_and_shown_the_czech_way() {
        assert_eq!(Date::parse("2024-04-30").unwrap().czech(), "30. 4. 2024");
        assert_eq!(Date::parse("1. 11. 2022").unwrap().iso(), "2022-11-01");
        assert!(Date::parse("2024-02-31")
            .unwrap_err()
            .contains("únor has 29 days"));
        assert!(Date::parse("31. 2. 2024").is_err());
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-13-01").is_err());
        assert_eq!(
            toml_value::<Date>("2024-04-30").unwrap().czech(),
            "30. 4. 2024"
        );
        assert!(toml_value::<Date>("2024-04-30T10:00:00")
            .unwrap_err()
            .contains("time of day"));
        assert_eq!(Date::from_days_since_epoch(0).iso(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(19_843).iso(), "2024-04-30");
    }

    #[test]
    fn partial_dates_cover_year_month_and_day() {
        assert_eq!(
            toml_value::<PartialDate>("\"2024-06\"").unwrap().czech(),
            "červen 2024"
        );
        assert_eq!(toml_value::<PartialDate>("2023").unwrap().czech(), "2023");
        assert_eq!(
            toml_value::<PartialDate>("2024-06-30").unwrap().czech(),
            "30. 6. 2024"
        );
    }

    #[test]
    fn periods_read_ranges_years_and_ongoing() {
        let p: Period = toml_value("{ from = 2022-11-01, to = 2025-10-31 }").unwrap();
        assert_eq!(p.czech(), "1. 11. 2022–31. 10. 2025");
        assert_eq!(toml_value::<Period>("2023").unwrap().czech(), "2023");
        assert_eq!(
            toml_value::<Period>("\"Průběžně\"").unwrap(),
            Period::Ongoing
        );
        let err = toml_value::<Period>("{ from = 2025-01-01, to = 2024-01-01 }").unwrap_err();
        assert!(
            err.contains("ends (1. 1. 2024) before it starts (1. 1. 2025)"),
            "{err}"
        );
        assert!(toml_value::<Period>("\"brzy\"")
            .unwrap_err()
            .contains("unknown period"));
    }

    #[test]
    fn status_badges_read_as_printed() {
        let label = |s: &str| Status::parse(s).unwrap().label();
        assert_eq!(label("Nerealizováno"), "Nerealizováno");
        assert_eq!(label("V realizaci"), "V realizaci");
        assert_eq!(label("V realizaci (3/6)"), "V realizaci (3/6)");
        assert_eq!(label("v realizaci (0/6)"), "V realizaci (0/6)");
        assert_eq!(label("Dokončeno"), "Dokončeno");
        assert_eq!(
            Status::parse("V realizaci (2/6)").unwrap().kind,
            StatusKind::InProgress
        );
        assert!(Status::parse("V realizac")
            .unwrap_err()
            .contains("expected one of"));
        assert!(Status::parse("V realizaci (7/6)")
            .unwrap_err()
            .contains("7/6"));
        assert!(Status::parse("V realizaci (x/6)").is_err());
    }

    #[test]
    fn cells_read_numbers_and_markers() {
        assert_eq!(toml_value::<Cell>("39").unwrap().czech(), "39");
        assert_eq!(toml_value::<Cell>("\"n. a.\"").unwrap(), Cell::NotAvailable);
        assert_eq!(toml_value::<Cell>("\"-\"").unwrap(), Cell::NotReported);
        assert!(toml_value::<Cell>("\"hodně\"")
            .unwrap_err()
            .contains("not a value"));
    }
}

//! Calendar dates ("30. 4. 2024"), dates known to the month or the year ("červen 2024"), and the
//! implementation periods of measures ("2022–2025", "Průběžně").

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

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
            return Err(crate::msg!("date.no_month", month));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(crate::msg_n!(
                "date.no_day",
                days_in_month(year, month),
                day,
                month,
                year
            ));
        }
        Ok(Date { year, month, day })
    }

    /// Parses ISO `2024-04-30` or Czech `30. 4. 2024`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match PartialDate::parse(text)? {
            PartialDate::Day(date) => Ok(date),
            _ => Err(crate::msg!("date.not_full", text = text.trim())),
        }
    }

    /// The date for readers, in the language being written: "30. 4. 2024".
    pub fn shown(self) -> String {
        super::locale::with(|l| l.date(self))
    }

    /// Czech text for diagnostics: "30. 4. 2024".
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
        s.serialize_str(&self.shown())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match PartialDate::deserialize(d)? {
            PartialDate::Day(date) => Ok(date),
            other => Err(de::Error::custom(crate::diagnostics::own(crate::msg!(
                "date.not_full",
                text = other.iso()
            )))),
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
        let bad = || crate::msg!("date.bad", text = t);
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
                    return Err(crate::msg!("date.no_month", month));
                }
                Ok(PartialDate::Month(year(y)?, month as u8))
            }
            [y, m, d] => Date::new(year(y)?, num(m)?.min(99) as u8, num(d)?.min(99) as u8)
                .map(PartialDate::Day),
            _ => Err(bad()),
        }
    }

    /// The date for readers, in the language being written: "červen 2024", "2023".
    pub fn shown(self) -> String {
        super::locale::with(|l| l.partial_date(self))
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
        s.serialize_str(&self.shown())
    }
}

struct PartialDateVisitor;

impl<'de> Visitor<'de> for PartialDateVisitor {
    type Value = PartialDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2024-04-30, \"2024-06\" or 2024")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
        PartialDate::parse(&v.to_string()).map_err(|m| E::custom(crate::diagnostics::own(m)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
        PartialDate::parse(&v.to_string()).map_err(|m| E::custom(crate::diagnostics::own(m)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
        PartialDate::parse(v).map_err(|m| E::custom(crate::diagnostics::own(m)))
    }

    // TOML dates (`2024-04-30` without quotes) arrive as a one-entry map holding their text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PartialDate, A::Error> {
        let Some((_key, text)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom(crate::diagnostics::own(crate::msg!(
                "date.expected"
            ))));
        };
        if text.contains('T') || text.contains(':') {
            return Err(de::Error::custom(crate::diagnostics::own(crate::msg!(
                "date.time_of_day",
                text
            ))));
        }
        PartialDate::parse(&text).map_err(|m| de::Error::custom(crate::diagnostics::own(m)))
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
    /// Reads a period written as text, as editors write it in a spreadsheet or in TOML:
    /// "průběžně", a year ("2023"), whole years ("2023–2025", "2023-2025", "2023 – 2025"; from
    /// 1 January of the first to 31 December of the last) or two dates ("1. 11. 2022–31. 10.
    /// 2025", "1. 1. 2023 - 31. 12. 2025", "2022-11-01–2025-10-31"), with an en dash, an em dash
    /// or a hyphen between them.
    pub fn parse(text: &str) -> Result<Period, String> {
        Period::parse_with(text, Date::parse)
    }

    /// [`Period::parse`] with `date` reading each of the two dates of a range.
    pub fn parse_with(
        text: &str,
        date: impl Fn(&str) -> Result<Date, String>,
    ) -> Result<Period, String> {
        let t = text.trim();
        let bad = || crate::msg!("period.bad", text = t);
        let is_year = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
        let year = |s: &str| match PartialDate::parse(s) {
            Ok(PartialDate::Year(y)) => Ok(y),
            _ => Err(bad()),
        };
        if crate::slug::fold(t) == "prubezne" {
            return Ok(Period::Ongoing);
        }
        if is_year(t) {
            return year(t).map(Period::Year);
        }
        // Whole years: "2023–2025", "2023-2025", "2023 – 2025".
        if let Some((from, to)) = t.split_once(['–', '—', '-']) {
            let (from, to) = (from.trim(), to.trim());
            if is_year(from) && is_year(to) {
                let (from, to) = (year(from)?, year(to)?);
                return match from.cmp(&to) {
                    std::cmp::Ordering::Greater => Err(crate::msg!("period.backwards", to, from)),
                    std::cmp::Ordering::Equal => Ok(Period::Year(from)),
                    std::cmp::Ordering::Less => Ok(Period::Range {
                        from: Date::new(from, 1, 1)?,
                        to: Date::new(to, 12, 31)?,
                    }),
                };
            }
        }
        let split = ['–', '—']
            .iter()
            .find_map(|sep| t.split_once(*sep))
            .or_else(|| t.split_once(" - "))
            // "1. 11. 2022-31. 10. 2025": a plain hyphen only between Czech dates (ISO dates
            // have their own hyphens).
            .or_else(|| t.contains('.').then(|| t.split_once('-')).flatten());
        let Some((from, to)) = split else {
            return Err(bad());
        };
        let from = date(from)?;
        let to = date(to)?;
        if to < from {
            return Err(crate::msg!(
                "period.backwards",
                to = to.czech(),
                from = from.czech()
            ));
        }
        Ok(Period::Range { from, to })
    }

    /// The period for readers, in the language being written: "1. 11. 2022–31. 10. 2025",
    /// "2023", "Průběžně".
    pub fn shown(self) -> String {
        super::locale::with(|l| l.period(self))
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

struct PeriodVisitor;

impl<'de> Visitor<'de> for PeriodVisitor {
    type Value = Period;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a period: { from = 2022-11-01, to = 2025-10-31 }, a year such as 2023, years such as \"2023–2025\", or \"průběžně\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Period, E> {
        match PartialDate::parse(&v.to_string())
            .map_err(|m| E::custom(crate::diagnostics::own(m)))?
        {
            PartialDate::Year(y) => Ok(Period::Year(y)),
            _ => Err(E::custom(crate::diagnostics::own(crate::msg!(
                "date.expected_year"
            )))),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Period, E> {
        self.visit_i64(v.min(i64::MAX as u64) as i64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Period, E> {
        // The same texts a spreadsheet's `period` column takes ("2023–2025", "1. 1. 2023 - 31.
        // 12. 2025"), so a period copied from one reads the same in the other.
        Period::parse(v).map_err(|message| {
            let own = crate::diagnostics::own;
            if message == crate::msg!("period.bad", text = v.trim()) {
                E::custom(own(crate::msg!("period.unknown", text = v)))
            } else {
                E::custom(own(message))
            }
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Period, A::Error> {
        let mut from = None;
        let mut to = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "from" => from = Some(map.next_value::<Date>()?),
                "to" => to = Some(map.next_value::<Date>()?),
                other => {
                    return Err(de::Error::custom(crate::diagnostics::own(crate::msg!(
                        "period.unknown_key",
                        key = other
                    ))))
                }
            }
        }
        let from = from.ok_or_else(|| {
            de::Error::custom(crate::diagnostics::own(crate::msg!("period.needs_from")))
        })?;
        let to = to.ok_or_else(|| {
            de::Error::custom(crate::diagnostics::own(crate::msg!("period.needs_to")))
        })?;
        if to < from {
            return Err(de::Error::custom(crate::diagnostics::own(crate::msg!(
                "period.backwards",
                to = to.czech(),
                from = from.czech()
            ))));
        }
        Ok(Period::Range { from, to })
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PeriodVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::locale::in_language;
    use crate::values::tests::toml_value;

    #[test]
    fn dates_are_validated_and_shown_the_czech_way() {
        assert_eq!(Date::parse("2024-04-30").unwrap().czech(), "30. 4. 2024");
        assert_eq!(Date::parse("1. 11. 2022").unwrap().iso(), "2022-11-01");
        assert!(Date::parse("2024-02-31")
            .unwrap_err()
            .contains("the month has 29 days"));
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
            in_language("cs", || toml_value::<PartialDate>("\"2024-06\"")
                .unwrap()
                .shown()),
            "červen 2024"
        );
        assert_eq!(
            in_language("cs", || toml_value::<PartialDate>("2023").unwrap().shown()),
            "2023"
        );
        assert_eq!(
            in_language("cs", || toml_value::<PartialDate>("2024-06-30")
                .unwrap()
                .shown()),
            "30. 6. 2024"
        );
    }

    #[test]
    fn periods_read_ranges_years_and_ongoing() {
        let p: Period = toml_value("{ from = 2022-11-01, to = 2025-10-31 }").unwrap();
        assert_eq!(in_language("cs", || p.shown()), "1. 11. 2022–31. 10. 2025");
        assert_eq!(toml_value::<Period>("2023").unwrap(), Period::Year(2023));
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
            .contains("unknown period `brzy`; write \"průběžně\", a year such as 2023, years such as \"2023–2025\""));
        // A content file takes the texts a spreadsheet's `period` column takes.
        let years = Period::Range {
            from: Date::new(2023, 1, 1).unwrap(),
            to: Date::new(2025, 12, 31).unwrap(),
        };
        for text in [
            "\"2023–2025\"",
            "\"2023-2025\"",
            "\"2023 – 2025\"",
            "\"1. 1. 2023 - 31. 12. 2025\"",
            "\"2023-01-01–2025-12-31\"",
        ] {
            assert_eq!(toml_value::<Period>(text).unwrap(), years, "{text}");
        }
        assert_eq!(
            in_language("cs", || years.shown()),
            "1. 1. 2023–31. 12. 2025"
        );
        assert!(toml_value::<Period>("\"2025–2023\"")
            .unwrap_err()
            .contains("the period ends (2023) before it starts (2025)"));
        assert_eq!(Period::parse("2023–2023"), Ok(Period::Year(2023)));
    }
}

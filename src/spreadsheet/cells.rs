//! What a cell of a wave spreadsheet says, read the way Czech implementers write it: numbers
//! with a decimal comma and spaces between thousands, amounts in the site's currency (with its
//! code or symbol, "Kč", "€", or without), dates as "30. 4. 2024",
//! periods, values with "cca" or in parts, ranks and the kind of a goal's date. Each parser
//! takes the cell's text and returns the value or a message for a diagnostic; `period_text` and
//! `money_text` write the cells the template carries forward so that they read back the same.

use crate::content::schema::AsOfKind;
use crate::slug::fold;
use crate::values::{Cell, Currency, Date, Decimal, Period};

/// A number as a Czech spreadsheet writes it: "14 964 994,80", "3,5", "1190", "6.88", with
/// spaces or non-breaking spaces between thousands.
pub fn parse_number(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let compact: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\t'))
        .collect();
    if compact.is_empty() {
        return Err(crate::msg!("import.cell.no_number"));
    }
    Decimal::parse(&compact).map_err(|_| crate::msg!("import.cell.not_number", text = t))
}

/// An amount in the site's currency: a number, optionally after or before the currency's
/// code or symbol ("14 964 994,80 Kč", "25 000 EUR", "€25 000").
pub fn parse_money(text: &str, currency: Currency) -> Result<Decimal, String> {
    let t = text.trim();
    let amount = std::iter::once(currency.code())
        .chain(currency.symbols().iter().copied())
        .find_map(|mark| t.strip_suffix(mark).or_else(|| t.strip_prefix(mark)))
        .unwrap_or(t);
    let value = parse_number(amount).map_err(|_| crate::msg!("import.cell.not_money", text = t))?;
    if value.is_negative() {
        return Err(crate::msg!("import.cell.negative_money", text = t));
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
        let text = date_part.trim();
        if e == crate::msg!("date.bad", text) || e == crate::msg!("date.not_full", text) {
            crate::msg!("import.cell.not_date", text = t)
        } else {
            e
        }
    })
}

/// When a measure is carried out: "1. 11. 2022–31. 10. 2025" (en dash, em dash or " - "
/// between the dates), whole years "2023–2025" (or "2023-2025", "2023 – 2025"), "2023" or
/// "průběžně"; [`Period::parse_with`] with the spreadsheet's dates.
pub fn parse_period(text: &str) -> Result<Period, String> {
    Period::parse_with(text, parse_date)
}

/// A period as the template writes it in the `period` column, which [`parse_period`] reads back
/// as the same period in any site language: "1. 11. 2022–31. 10. 2025", "2023", "průběžně".
pub fn period_text(period: Period) -> String {
    match period {
        Period::Range { from, to } => format!("{}–{}", from.czech(), to.czech()),
        Period::Year(year) => year.to_string(),
        Period::Ongoing => "průběžně".to_string(),
    }
}

/// An amount as the template writes it in the `budget` column, which [`parse_money`] reads back
/// as the same number with the same decimals: "14 964 994,80", with plain spaces.
pub fn money_text(amount: Decimal) -> String {
    amount.czech().replace('\u{a0}', " ")
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
            return Err(crate::msg!("import.cell.parts_approx", text = t));
        }
        let parts = rest
            .split('/')
            .map(|p| parse_cell(&without_unit(p)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| crate::msg!("import.cell.not_parts", text = t))?;
        return Ok(Value::Parts(parts));
    }
    let cell = parse_cell(&without_unit(rest))
        .map_err(|_| crate::msg!("import.cell.not_number", text = t))?;
    if approx && cell.number().is_none() {
        return Err(crate::msg!("import.cell.approx_not_number", text = t));
    }
    Ok(Value::Single { cell, approx })
}

/// A rank printed after a value: "2", "2." or "2. v ČR" (with where it holds).
pub fn parse_rank(text: &str) -> Result<(u32, Option<String>), String> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rank: u32 = digits
        .parse()
        .map_err(|_| crate::msg!("import.cell.not_rank", text = t))?;
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
        _ => Err(crate::msg!("import.cell.not_as_of_kind", text = t)),
    }
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
        let czk = Currency::CZK;
        assert_eq!(
            parse_money("14 964 994,80 Kč", czk).unwrap(),
            d("14964994.8")
        );
        assert_eq!(parse_money("1 190 CZK", czk).unwrap(), d("1190"));
        assert!(parse_money("-5", czk).unwrap_err().contains("negative"));
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!(parse_money("25 000,50 €", eur).unwrap(), d("25000.5"));
        assert_eq!(parse_money("€25 000", eur).unwrap(), d("25000"));
        assert_eq!(parse_money("25 000 EUR", eur).unwrap(), d("25000"));
        assert_eq!(parse_money("25000", eur).unwrap(), d("25000"));
        // The template writes an amount so that it reads back with the same decimals.
        for amount in ["14964994.80", "1190", "0.5"] {
            let written = money_text(d(amount));
            assert_eq!(
                parse_money(&written, czk).unwrap().czech(),
                d(amount).czech()
            );
        }
        assert_eq!(money_text(d("14964994.80")), "14 964 994,80");
        // An amount in another currency than the site's is not taken for one.
        assert!(parse_money("25 000 Kč", eur).is_err());
        assert!(parse_money("25 000 €", czk).is_err());
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
            .contains("the month has 30 days"));
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
        // Whole years, however the dash is typed; the same as their first and last day.
        let years = Period::Range {
            from: Date::new(2023, 1, 1).unwrap(),
            to: Date::new(2025, 12, 31).unwrap(),
        };
        for text in [
            "2023–2025",
            "2023-2025",
            "2023 – 2025",
            "2023 - 2025",
            "2023—2025",
            " 2023 -2025 ",
            "1. 1. 2023 - 31. 12. 2025",
            "1.1.2023–31.12.2025",
        ] {
            assert_eq!(parse_period(text), Ok(years), "{text}");
        }
        assert_eq!(parse_period("2023–2023").unwrap(), Period::Year(2023));
        assert_eq!(
            parse_period("2025–2023").unwrap_err(),
            "the period ends (2023) before it starts (2025)"
        );
        assert_eq!(
            parse_period("2023-05").unwrap_err(),
            "`2023-05` is not a period"
        );
        assert_eq!(
            parse_period(&period_text(years)).unwrap(),
            years,
            "the template writes whole years as two dates that read back the same"
        );
        assert_eq!(parse_period("Průběžně").unwrap(), Period::Ongoing);
        assert!(parse_period("brzy").is_err());
        assert!(parse_period("1. 1. 2025–1. 1. 2024")
            .unwrap_err()
            .contains("before it starts"));
        for period in [
            parse_period("1. 11. 2022–31. 10. 2025").unwrap(),
            Period::Year(2023),
            Period::Ongoing,
        ] {
            assert_eq!(parse_period(&period_text(period)).unwrap(), period);
        }
        assert_eq!(
            period_text(parse_period("2022-11-01–2025-10-31").unwrap()),
            "1. 11. 2022–31. 10. 2025"
        );
        assert_eq!(parse_as_of_kind("Stav k").unwrap(), AsOfKind::State);
        assert_eq!(
            parse_as_of_kind("Data dostupná k").unwrap(),
            AsOfKind::Available
        );
        assert_eq!(parse_as_of_kind("available").unwrap(), AsOfKind::Available);
        assert!(parse_as_of_kind("včera").is_err());
    }
}

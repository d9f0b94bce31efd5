//! IDs that Excel turned into dates. Czech Excel reads a specific goal's ID "3.2.1", typed or
//! opened from a CSV file, as the date 3 February 2001, shows it as "03.02.2001" and saves it
//! so (or "3.2.2001", or in a cell formatted as a number as the date's serial number 36925).
//! [`intended_id`] finds the ID such a cell most likely held, for the hint of the error.

use super::cells::parse_date;
use crate::values::Date;

/// Excel's serial number of 1 January 1970 (its day 1 is 1 January 1900, and it counts a
/// 29 February 1900 that did not exist).
const EXCEL_1970: i64 = 25_569;

/// The years Excel gives a two-digit year: 1930–2029.
const TWO_DIGIT_YEARS: std::ops::RangeInclusive<u16> = 1930..=2029;

/// The ID Excel most likely made the date in `text` of ("03.02.2001" → "3.2.1"), when `text`
/// is a date: "03.02.2001", "3. 2. 2001", "2001-02-03", with or without a time of day, or when
/// `serials` a serial number such as "36925". `None` for anything else.
pub fn intended_id(text: &str, serials: bool) -> Option<String> {
    let t = text.trim();
    let date = match parse_date(t) {
        Ok(date) => date,
        Err(_) if serials && t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit()) => {
            let serial: i64 = t.parse().ok()?;
            Date::from_days_since_epoch(serial - EXCEL_1970)
        }
        Err(_) => return None,
    };
    TWO_DIGIT_YEARS
        .contains(&date.year)
        .then(|| format!("{}.{}.{}", date.day, date.month, date.year % 100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_excel_made_of_ids_give_the_id_back() {
        for (text, id) in [
            ("03.02.2001", "3.2.1"),
            ("3.2.2001", "3.2.1"),
            ("3. 2. 2001", "3.2.1"),
            ("2001-02-03", "3.2.1"),
            ("03.02.2001 0:00", "3.2.1"),
            ("1.1.2001", "1.1.1"),
            ("01.01.2001", "1.1.1"),
            ("12.10.2003", "12.10.3"),
            ("4.2.2010", "4.2.10"),
            ("1.1.1930", "1.1.30"),
            ("36925", "3.2.1"),
            ("36924", "2.2.1"),
            ("36892", "1.1.1"),
        ] {
            assert_eq!(intended_id(text, true).as_deref(), Some(id), "{text}");
        }
        // A serial number only where the ID cannot be a number.
        assert_eq!(intended_id("36925", false), None);
        for text in [
            "3.2.1",
            "1.1.1.1",
            "9.9.9.9",
            "1.1.2030",
            "pocet-exekuci",
            "123",
            "2024",
            "",
        ] {
            assert_eq!(intended_id(text, true), None, "{text}");
        }
    }
}

//! Grouping digits and counting nouns, for diagnostics and the command line. Pure functions,
//! no IO. What readers see is written by `values::locale` in the site's language.
//!
//! The conventions here are Czech: thousands grouped by a non-breaking space ("1 190") and
//! three plural forms (1 / 2–4 / 5 and more).

/// Non-breaking space, used inside numbers and between a number and its unit.
pub const NBSP: char = '\u{a0}';

/// Groups the digits of a non-negative integer written in ASCII by threes with `group`
/// between them: "1190" → "1 190" (a non-breaking space in Czech), "1,190" in English.
pub fn group_thousands(digits: &str, group: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3 * group.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(c);
    }
    out
}

/// Formats an integer the Czech way: "-4 667".
pub fn integer(value: i64) -> String {
    let grouped = group_thousands(&value.unsigned_abs().to_string(), "\u{a0}");
    if value < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Picks the Czech plural form for `count`: `one` for 1, `few` for 2–4, `many` otherwise.
pub fn plural<'a>(count: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match count {
        1 => one,
        2..=4 => few,
        _ => many,
    }
}

/// "3 opatření", "1 článek", "12 článků".
pub fn count_noun(count: u64, one: &str, few: &str, many: &str) -> String {
    format!(
        "{}{NBSP}{}",
        integer(count as i64),
        plural(count, one, few, many)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_with_non_breaking_spaces() {
        assert_eq!(integer(0), "0");
        assert_eq!(integer(999), "999");
        assert_eq!(integer(1190), "1\u{a0}190");
        assert_eq!(integer(178_730_828), "178\u{a0}730\u{a0}828");
        assert_eq!(integer(-4667), "-4\u{a0}667");
    }

    #[test]
    fn plural_forms_follow_czech_rules() {
        assert_eq!(count_noun(1, "článek", "články", "článků"), "1\u{a0}článek");
        assert_eq!(count_noun(3, "článek", "články", "článků"), "3\u{a0}články");
        assert_eq!(count_noun(5, "článek", "články", "článků"), "5\u{a0}článků");
        assert_eq!(count_noun(0, "článek", "články", "článků"), "0\u{a0}článků");
    }
}

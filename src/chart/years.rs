//! Where a period printed in the documents lies on a year axis: "2021" is the middle of 2021,
//! "12/2023" the middle of December, "1. pol. 2021" the middle of the first half, "školní rok
//! 2020/21" the turn of the two years it spans. Periods are free text in the content (they are
//! printed so), so this reads the common forms and gives `None` for a text with no year.

use super::spec::YearPosition;

/// The years a chart's axis may show; a four-digit number outside is no year.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Where `period` lies on the year axis; `None` when it names no year.
pub fn position(period: &str) -> Option<YearPosition> {
    let text = period.to_lowercase();
    let numbers = numbers_in(&text);
    let years: Vec<(usize, i32)> = numbers
        .iter()
        .filter(|(_, digits, n)| *digits == 4 && YEARS.contains(n))
        .map(|&(at, _, n)| (at, n))
        .collect();
    let &(year_at, year) = years.first()?;
    let year_f = f64::from(year);
    // A date "31. 12. 2023" or "31.12.2023": day, month, year in a row.
    if let [.., (_, _, day), (_, _, month), (at, 4, y)] = numbers_before(&numbers, year_at) {
        if *at == year_at && (1..=12).contains(month) && (1..=31).contains(day) {
            let within = (f64::from(*month - 1) + (f64::from(*day) - 0.5) / 31.0) / 12.0;
            return Some(f64::from(*y) + within);
        }
    }
    // A month "12/2023".
    if let [.., (_, _, month), (at, 4, _)] = numbers_before(&numbers, year_at) {
        let between = &text[..year_at];
        if *at == year_at && between.trim_end().ends_with('/') && (1..=12).contains(month) {
            return Some(year_f + (f64::from(*month) - 0.5) / 12.0);
        }
    }
    // A school or financial year "2020/21", "2020/2021": the turn of its two years.
    let after = &text[year_at + 4..];
    if let Some(rest) = after.strip_prefix('/') {
        let next: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let second = match next.len() {
            2 => next.parse::<i32>().ok().map(|n| year - year % 100 + n),
            4 => next.parse().ok(),
            _ => None,
        };
        if second == Some(year + 1) {
            return Some(year_f + 1.0);
        }
    }
    // A span of years "2022–2025": its middle.
    if let [_, (_, last)] = years.as_slice() {
        if *last > year {
            return Some((year_f + f64::from(*last) + 1.0) / 2.0);
        }
    }
    let before = &text[..year_at];
    if let Some(half) = ordinal_before(before, &["pol", "pololetí"]) {
        if (1..=2).contains(&half) {
            return Some(year_f + 0.25 + 0.5 * f64::from(half - 1));
        }
    }
    if let Some(quarter) = ordinal_before(before, &["čtvrtletí", "q"]) {
        if (1..=4).contains(&quarter) {
            return Some(year_f + 0.125 + 0.25 * f64::from(quarter - 1));
        }
    }
    // "konec roku 2023", "end of 2023": its last month.
    if ["konec", "konci", "end of"]
        .iter()
        .any(|w| before.contains(w))
    {
        return Some(year_f + 11.5 / 12.0);
    }
    Some(year_f + 0.5)
}

/// The last year `period` names ("2022–2027" gives 2027).
pub fn last_year(period: &str) -> Option<i32> {
    numbers_in(period)
        .into_iter()
        .rev()
        .find(|(_, digits, n)| *digits == 4 && YEARS.contains(n))
        .map(|(_, _, n)| n)
}

/// The first year `period` names ("2022–2027" gives 2022).
pub fn first_year(period: &str) -> Option<i32> {
    numbers_in(period)
        .into_iter()
        .find(|(_, digits, n)| *digits == 4 && YEARS.contains(n))
        .map(|(_, _, n)| n)
}

/// Every run of digits in `text`: where it starts, how many digits, its value.
fn numbers_in(text: &str) -> Vec<(usize, usize, i32)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if let Ok(n) = text[start..i].parse() {
                out.push((start, i - start, n));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The numbers up to and including the one starting at `at`.
fn numbers_before(numbers: &[(usize, usize, i32)], at: usize) -> &[(usize, usize, i32)] {
    let end = numbers.iter().position(|n| n.0 == at).map_or(0, |i| i + 1);
    &numbers[..end]
}

/// "1. pol. " or "Q3 " before the year: the number written with one of `words`.
fn ordinal_before(before: &str, words: &[&str]) -> Option<i32> {
    let before = before.trim_end();
    for word in words {
        // "1. pol.", "2. pololetí", "3. čtvrtletí"
        let trimmed = before.trim_end_matches('.').trim_end();
        if let Some(rest) = trimmed.strip_suffix(word) {
            let digits: String = rest
                .trim_end()
                .trim_end_matches('.')
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = digits.chars().rev().collect::<String>().parse() {
                return Some(n);
            }
        }
        // "Q3 2023"
        if let Some(rest) = before.strip_suffix(|c: char| c.is_ascii_digit()) {
            if rest.ends_with(word) && *word == "q" {
                return before[rest.len()..].parse().ok();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(period: &str) -> f64 {
        (position(period).unwrap_or(f64::NAN) * 1000.0).round() / 1000.0
    }

    #[test]
    fn printed_periods_find_their_place_on_the_axis() {
        assert_eq!(at("2021"), 2021.5);
        assert_eq!(at("rok 2023"), 2023.5);
        assert_eq!(at("12/2021"), 2021.958);
        assert_eq!(at("1/2024"), 2024.042);
        assert_eq!(at("1. pol. 2021"), 2021.25);
        assert_eq!(at("2. pololetí 2022"), 2022.75);
        assert_eq!(at("školní rok 2020/21"), 2021.0);
        assert_eq!(at("2022/2023"), 2023.0);
        assert_eq!(at("31. 12. 2023"), 2023.999);
        assert_eq!(at("k 1.7.2022"), 2022.501);
        assert_eq!(at("2023–2025"), 2024.5);
        assert_eq!(at("3. čtvrtletí 2023"), 2023.625);
        assert_eq!(at("Q1 2024"), 2024.125);
        assert_eq!(at("konec roku 2023"), 2023.958);
        assert_eq!(position("n. a."), None);
        assert_eq!(position("123"), None);
    }

    #[test]
    fn a_plan_period_gives_its_years() {
        assert_eq!(last_year("2022–2027"), Some(2027));
        assert_eq!(first_year("2022–2027"), Some(2022));
        assert_eq!(last_year("do roku 2030"), Some(2030));
        assert_eq!(last_year("bez data"), None);
    }
}

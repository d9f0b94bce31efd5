//! The Czech rules themselves: which words, numbers, units, abbreviations and dates are bound by
//! a non-breaking space, and when a quote opens. Each rule reads the text around one space, quote
//! or hyphen, as the scanner hands it over; none of them knows about markup.

use super::chars::{EM_DASH, EN_DASH, OPENING_QUOTE};

/// Nominative month names, as in "červen 2024".
pub(crate) const MONTHS: [&str; 12] = [
    "leden",
    "únor",
    "březen",
    "duben",
    "květen",
    "červen",
    "červenec",
    "srpen",
    "září",
    "říjen",
    "listopad",
    "prosinec",
];

/// One-letter prepositions and conjunctions (rule 1).
pub(super) const ONE_LETTER_WORDS: &[u8] = b"ksvzouaiKSVZOUAI";
/// Units and abbreviations bound to the number before them (rule 3).
const UNITS: [&str; 15] = [
    "%", "‰", "Kč", "EUR", "€", "tis.", "mil.", "mld.", "km²", "km", "m²", "ha", "kg", "ks", "osob",
];
/// Scale abbreviations bound to a following currency (rule 3).
const SCALES: [&str; 3] = ["tis.", "mil.", "mld."];
const CURRENCIES: [&str; 3] = ["Kč", "EUR", "€"];
/// Abbreviations bound to the number after them (rule 3).
const REFERENCES: [&str; 5] = ["č.", "Č.", "odst.", "písm.", "§"];
/// Month names in the genitive, as in "1. ledna 2024" (rule 4).
const GENITIVE_MONTHS: [&str; 12] = [
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
];

/// A character of text before some position, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prev {
    /// The start of a block: nothing precedes within the block.
    Start,
    Char(char),
}

pub(super) const BLOCK_START: (Prev, Prev) = (Prev::Start, Prev::Start);

/// What follows a position, for the rules that need a word after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    /// Whitespace, a block boundary, or the end of the page.
    Blank,
    /// Anything else, including an inline tag (its text is assumed to follow).
    Text,
}

/// Whether a one-letter word after `prev` stands alone (rule 1).
pub(super) fn starts_word(prev: Prev) -> bool {
    match prev {
        Prev::Start => true,
        Prev::Char(c) => c.is_whitespace() || matches!(c, '(' | '[' | '"' | OPENING_QUOTE),
    }
}

/// Whether a quote after `prev` may open (rule 5).
pub(super) fn opens_quote(prev: Prev) -> bool {
    match prev {
        Prev::Start => true,
        Prev::Char(c) => {
            c.is_whitespace() || matches!(c, '(' | '[' | '/' | EN_DASH | EM_DASH | OPENING_QUOTE)
        }
    }
}

pub(super) fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || c == ','
}

/// Whether a word or number preceded by `before` stands alone: no letter or digit touches it.
fn is_standalone(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether `tail` starts with `word` ending at a word boundary.
fn word_at(tail: &str, word: &str) -> bool {
    tail.strip_prefix(word)
        .is_some_and(|rest| !rest.chars().next().is_some_and(char::is_alphanumeric))
}

/// Whether `head` ends with one of `words`, standing alone.
fn ends_with_word(head: &str, words: &[&str]) -> bool {
    words
        .iter()
        .any(|word| head.strip_suffix(word).is_some_and(is_standalone))
}

/// Rules 2 and 3 for a space between `head` (the text node up to the space) and `tail`.
#[inline]
pub(super) fn joins_number(head: &str, tail: &str) -> bool {
    let Some(&last) = head.as_bytes().last() else {
        return false;
    };
    if last.is_ascii_digit() {
        return joins_thousands(head, tail)
            || (is_standalone(head.trim_end_matches(is_number_char))
                && UNITS.iter().any(|unit| word_at(tail, unit)));
    }
    // The word after the space is looked at first: it rules out most spaces at once.
    (CURRENCIES.iter().any(|cur| word_at(tail, cur)) && ends_with_word(head, &SCALES))
        || (tail.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && ends_with_word(head, &REFERENCES))
}

/// Rule 2: `head` ends with a group of 1–3 digits that starts a number (it is not the end of a
/// longer number, a decimal part, or part of a word) and `tail` starts with exactly 3 digits.
fn joins_thousands(head: &str, tail: &str) -> bool {
    let digits = head
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .take(4)
        .count();
    if digits > 3 {
        return false;
    }
    let before = &head[..head.len() - digits];
    let starts_number = before
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '.' | ',' | '/' | '_')));
    let next = tail.as_bytes();
    starts_number
        && next.len() >= 3
        && next[..3].iter().all(u8::is_ascii_digit)
        && next.get(3).is_none_or(|b| !b.is_ascii_digit())
}

/// Rule 4 for a space between `head` (the text node up to the space) and `tail`.
#[inline]
pub(super) fn joins_date(head: &str, tail: &str) -> bool {
    if strip_day(head).is_some()
        && (starts_with_month_number(tail) || GENITIVE_MONTHS.iter().any(|m| word_at(tail, m)))
    {
        return true;
    }
    if !starts_with_year(tail) {
        return false;
    }
    let after_month_number = head
        .strip_suffix('.')
        .and_then(|h| strip_number(h, 2))
        .is_some_and(|(rest, month)| {
            (1..=12).contains(&month) && strip_blank(rest).and_then(strip_day).is_some()
        });
    after_month_number
        || GENITIVE_MONTHS.iter().any(|month| {
            head.strip_suffix(month)
                .and_then(strip_blank)
                .and_then(strip_day)
                .is_some()
        })
        || MONTHS.iter().any(|month| ends_with_month_name(head, month))
}

/// Splits a number of 1 to `max` digits, not preceded by another digit, off the end of `text`.
fn strip_number(text: &str, max: usize) -> Option<(&str, u32)> {
    let digits = text
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .take(max + 1)
        .count();
    if digits == 0 || digits > max {
        return None;
    }
    let (rest, number) = text.split_at(text.len() - digits);
    Some((rest, number.parse().ok()?))
}

/// If `text` ends with a standalone day of month "D." (1–31), the text before the day.
fn strip_day(text: &str) -> Option<&str> {
    let (rest, day) = strip_number(text.strip_suffix('.')?, 2)?;
    let standalone = rest
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '.' || c == ','));
    ((1..=31).contains(&day) && standalone).then_some(rest)
}

/// If `text` ends with one whitespace character or non-breaking space entity, the text before it.
fn strip_blank(text: &str) -> Option<&str> {
    if let Some(c) = text.chars().next_back().filter(|c| c.is_whitespace()) {
        return Some(&text[..text.len() - c.len_utf8()]);
    }
    ["&nbsp;", "&#160;", "&#xa0;", "&#xA0;"]
        .iter()
        .find_map(|entity| text.strip_suffix(entity))
}

/// Whether `tail` starts with a month number "M." (1–12) not followed by a digit.
fn starts_with_month_number(tail: &str) -> bool {
    let bytes = tail.as_bytes();
    let digits = bytes
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .take(3)
        .count();
    (1..=2).contains(&digits)
        && tail[..digits]
            .parse::<u32>()
            .is_ok_and(|month| (1..=12).contains(&month))
        && bytes.get(digits) == Some(&b'.')
        && bytes.get(digits + 1).is_none_or(|b| !b.is_ascii_digit())
}

/// Whether `tail` starts with a four-digit year not followed by another digit.
fn starts_with_year(tail: &str) -> bool {
    let bytes = tail.as_bytes();
    bytes.len() >= 4
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes.get(4).is_none_or(|b| !b.is_ascii_digit())
}

/// Whether `head` ends with the standalone word `name`, its first letter possibly capitalised.
fn ends_with_month_name(head: &str, name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let Some(start) = head.strip_suffix(chars.as_str()) else {
        return false;
    };
    let Some(initial) = start.chars().next_back() else {
        return false;
    };
    (initial == first || initial.to_lowercase().eq([first]))
        && is_standalone(&start[..start.len() - initial.len_utf8()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typography::tests::{assert_untouched, typo};

    // Rule 1: one-letter prepositions and conjunctions.

    #[test]
    fn one_letter_preposition_binds_to_the_next_word() {
        assert_eq!(typo("v Ostravě"), "v\u{a0}Ostravě");
        assert_eq!(
            typo("<p>Žijeme v Ostravě.</p>"),
            "<p>Žijeme v\u{a0}Ostravě.</p>"
        );
    }

    #[test]
    fn every_one_letter_word_binds_in_either_case() {
        for letter in ["k", "s", "v", "z", "o", "u", "a", "i"] {
            let upper = letter.to_uppercase();
            assert_eq!(typo(&format!("x {letter} y")), format!("x {letter}\u{a0}y"));
            assert_eq!(typo(&format!("x {upper} y")), format!("x {upper}\u{a0}y"));
        }
    }

    #[test]
    fn capital_one_letter_word_at_block_start_binds() {
        assert_eq!(
            typo("<li>V realizaci (2/6)</li>"),
            "<li>V\u{a0}realizaci (2/6)</li>"
        );
    }

    #[test]
    fn consecutive_one_letter_words_all_bind() {
        assert_eq!(typo("a v domě"), "a\u{a0}v\u{a0}domě");
        assert_eq!(typo("pes a i kočka"), "pes a\u{a0}i\u{a0}kočka");
    }

    #[test]
    fn one_letter_word_after_bracket_or_quote_binds() {
        assert_eq!(typo("(a to)"), "(a\u{a0}to)");
        assert_eq!(typo("[v textu]"), "[v\u{a0}textu]");
        assert_eq!(typo("„v domě“"), "„v\u{a0}domě“");
        assert_eq!(typo("\"v domě\""), "„v\u{a0}domě“");
    }

    #[test]
    fn one_letter_word_after_a_number_binds() {
        assert_eq!(typo("3 a 4"), "3 a\u{a0}4");
    }

    #[test]
    fn letter_ending_a_longer_word_does_not_bind() {
        assert_untouched("Ava b");
        assert_untouched("Praha a");
        assert_untouched("ka b");
    }

    #[test]
    fn other_one_letter_words_do_not_bind() {
        assert_untouched("x y b c e f");
    }

    #[test]
    fn one_letter_word_needs_a_following_word() {
        assert_untouched("<p>pes a </p>");
        assert_untouched("v  domě");
        assert_untouched("v\ndomě");
        assert_untouched("pes a");
    }

    #[test]
    fn one_letter_word_after_non_breaking_space_binds() {
        assert_eq!(typo("x\u{a0}v domě"), "x\u{a0}v\u{a0}domě");
        assert_eq!(typo("x&nbsp;v domě"), "x&nbsp;v\u{a0}domě");
        assert_eq!(typo("x&#160;v domě"), "x&#160;v\u{a0}domě");
    }

    #[test]
    fn one_letter_word_binds_across_a_following_inline_tag() {
        assert_eq!(
            typo("v <a href=\"x\">Ostravě</a>"),
            "v\u{a0}<a href=\"x\">Ostravě</a>"
        );
    }

    #[test]
    fn one_letter_word_inside_inline_tag_binds_to_text_after_it() {
        assert_eq!(typo("před <b>v</b> domě"), "před <b>v</b>\u{a0}domě");
        assert_eq!(
            typo("před <b>v</b><i> domě</i>"),
            "před <b>v</b><i>\u{a0}domě</i>"
        );
    }

    #[test]
    fn one_letter_word_after_inline_tag_boundary_uses_text_before_the_tag() {
        assert_eq!(typo("slovo <em>a to</em>"), "slovo <em>a\u{a0}to</em>");
        assert_untouched("<b>x</b>v domě");
    }

    #[test]
    fn block_tag_is_a_word_boundary() {
        assert_eq!(typo("<p>x</p><p>v domě</p>"), "<p>x</p><p>v\u{a0}domě</p>");
        assert_eq!(typo("slovo<br>v domě"), "slovo<br>v\u{a0}domě");
    }

    #[test]
    fn one_letter_word_before_block_tag_does_not_bind() {
        assert_untouched("<td>a </td><td>b</td>");
    }

    // Rule 2: digit groups.

    #[test]
    fn thousands_groups_are_joined() {
        assert_eq!(typo("1 190"), "1\u{a0}190");
        assert_eq!(typo("cca 3 100 lidí"), "cca 3\u{a0}100 lidí");
        assert_eq!(typo("(1 190)"), "(1\u{a0}190)");
    }

    #[test]
    fn long_number_chain_is_joined_with_decimal_part_and_currency() {
        assert_eq!(typo("14 964 994,80 Kč"), "14\u{a0}964\u{a0}994,80\u{a0}Kč");
    }

    #[test]
    fn four_digit_first_group_is_not_joined() {
        assert_untouched("roku 2023 150 lidí");
        assert_eq!(typo("2023 150 000"), "2023 150\u{a0}000");
    }

    #[test]
    fn group_must_be_exactly_three_digits() {
        assert_untouched("1 19 lidí");
        assert_untouched("12 1234");
    }

    #[test]
    fn digits_after_decimal_point_or_letter_do_not_start_a_number() {
        assert_untouched("2.1.3.4 123 lidí");
        assert_untouched("0,5 100 lidí");
        assert_untouched("A1 190 lidí");
    }

    #[test]
    fn grouped_number_continues_after_existing_non_breaking_space() {
        assert_eq!(typo("1\u{a0}190 200"), "1\u{a0}190\u{a0}200");
        assert_eq!(typo("1&nbsp;190 200"), "1&nbsp;190\u{a0}200");
    }

    // Rule 3: numbers and units, abbreviations and numbers.

    #[test]
    fn number_binds_to_percent() {
        assert_eq!(typo("6,88 %"), "6,88\u{a0}%");
        assert_eq!(typo("10 %, 20 %"), "10\u{a0}%, 20\u{a0}%");
    }

    #[test]
    fn percentages_compared_with_vs_bind_each() {
        assert_eq!(typo("3,01 % vs. 2,28 %"), "3,01\u{a0}% vs. 2,28\u{a0}%");
    }

    #[test]
    fn number_binds_to_each_unit() {
        for unit in UNITS {
            assert_eq!(
                typo(&format!("5 {unit}")),
                format!("5\u{a0}{unit}"),
                "{unit}"
            );
        }
    }

    #[test]
    fn scale_binds_to_number_and_currency() {
        assert_eq!(typo("15 mil. Kč"), "15\u{a0}mil.\u{a0}Kč");
        assert_eq!(typo("5 tis. EUR"), "5\u{a0}tis.\u{a0}EUR");
        assert_eq!(typo("1,5 mld. €"), "1,5\u{a0}mld.\u{a0}€");
    }

    #[test]
    fn unit_must_end_at_a_word_boundary() {
        assert_untouched("5 kgx");
        assert_untouched("5 osobám");
        assert_untouched("5 Kčs");
        assert_untouched("5 hala");
        assert_eq!(typo("10 %."), "10\u{a0}%.");
        assert_eq!(typo("<td>10 %</td>"), "<td>10\u{a0}%</td>");
    }

    #[test]
    fn unit_needs_a_standalone_number() {
        assert_untouched("A4 ks");
        assert_untouched("slovo ks");
    }

    #[test]
    fn reference_abbreviation_binds_to_number() {
        assert_eq!(typo("§ 5"), "§\u{a0}5");
        assert_eq!(typo("usnesení č. 12"), "usnesení č.\u{a0}12");
        assert_eq!(
            typo("podle odst. 3 písm. 2"),
            "podle odst.\u{a0}3 písm.\u{a0}2"
        );
    }

    #[test]
    fn reference_abbreviation_needs_a_number_and_must_stand_alone() {
        assert_untouched("č. x");
        assert_untouched("vč. 5");
        assert_untouched("tis. lidí");
    }

    // Rule 4: dates.

    #[test]
    fn numeric_date_parts_are_bound() {
        assert_eq!(typo("1. 11. 2022"), "1.\u{a0}11.\u{a0}2022");
        assert_eq!(typo("30. 4. 2024"), "30.\u{a0}4.\u{a0}2024");
    }

    #[test]
    fn day_and_month_without_year_are_bound() {
        assert_eq!(typo("do 30. 4. se"), "do 30.\u{a0}4. se");
    }

    #[test]
    fn availability_note_is_fully_bound() {
        assert_eq!(
            typo("Data dostupná k 30. 4. 2024"),
            "Data dostupná k\u{a0}30.\u{a0}4.\u{a0}2024"
        );
    }

    #[test]
    fn day_with_genitive_month_name_is_bound() {
        assert_eq!(typo("1. ledna 2024"), "1.\u{a0}ledna\u{a0}2024");
        assert_eq!(typo("15. září."), "15.\u{a0}září.");
        assert_eq!(typo("2. července 2023"), "2.\u{a0}července\u{a0}2023");
    }

    #[test]
    fn nominative_month_name_binds_to_year() {
        assert_eq!(typo("leden 2024"), "leden\u{a0}2024");
        assert_eq!(typo("Září 2024"), "Září\u{a0}2024");
        assert_eq!(typo("od červenec 2023"), "od červenec\u{a0}2023");
    }

    #[test]
    fn month_name_inside_longer_word_or_without_year_is_not_bound() {
        assert_untouched("prosincem 2024");
        assert_untouched("ledna 2024");
        assert_untouched("leden 24");
        assert_untouched("1. lednový");
    }

    #[test]
    fn impossible_days_and_months_are_not_dates() {
        assert_untouched("100. 5.");
        assert_untouched("32. 1. 2024");
        assert_untouched("1. 13. 2024");
        assert_untouched("0. 1.");
    }

    #[test]
    fn date_range_is_bound_and_dashed() {
        assert_eq!(
            typo("1. 11. 2022-31. 10. 2025"),
            "1.\u{a0}11.\u{a0}2022\u{2013}31.\u{a0}10.\u{a0}2025"
        );
    }

    // Rule 5: quotes.

    #[test]
    fn straight_quotes_become_czech_quotes() {
        assert_eq!(typo("<p>\"Slovo\" a</p>"), "<p>„Slovo“ a</p>");
        assert_eq!(typo("řekl \"ano\"."), "řekl „ano“.");
    }

    #[test]
    fn quote_entities_become_czech_quotes() {
        assert_eq!(typo("&quot;a&quot;"), "„a“");
        assert_eq!(typo("&#34;b&#34;"), "„b“");
        assert_eq!(typo("&#x22;c&#X22;"), "„c“");
    }

    #[test]
    fn quotes_work_across_inline_tags() {
        assert_eq!(typo("\"<em>slovo</em>\""), "„<em>slovo</em>“");
        assert_eq!(
            typo("viz <a href=\"/x\">\"Název\"</a>"),
            "viz <a href=\"/x\">„Název“</a>"
        );
        assert_eq!(
            typo("\"<a href=\"/x\">Název</a>\" dále"),
            "„<a href=\"/x\">Název</a>“ dále"
        );
    }

    #[test]
    fn quote_after_bracket_slash_or_dash_opens() {
        assert_eq!(typo("(\"citace\")"), "(„citace“)");
        assert_eq!(typo("[\"x\"]"), "[„x“]");
        assert_eq!(typo("a/\"b\""), "a/„b“");
        assert_eq!(typo("x –\"y\""), "x –„y“");
    }

    #[test]
    fn quote_not_followed_by_a_word_closes() {
        assert_eq!(typo("x \" y"), "x “ y");
        assert_eq!(typo("<p>\"</p>"), "<p>“</p>");
    }

    #[test]
    fn quote_at_block_start_opens_even_after_text_in_previous_block() {
        assert_eq!(typo("<p>slovo</p><p>\"x\"</p>"), "<p>slovo</p><p>„x“</p>");
    }

    #[test]
    fn apostrophes_are_left_alone() {
        assert_untouched("it's 'x'");
    }

    // Rule 6: dashes.

    #[test]
    fn hyphen_in_year_range_becomes_en_dash() {
        assert_eq!(typo("2022-2027"), "2022\u{2013}2027");
        assert_eq!(typo("<td>2022-2027</td>"), "<td>2022\u{2013}2027</td>");
        assert_eq!(typo("roky 2022-2027."), "roky 2022\u{2013}2027.");
    }

    #[test]
    fn range_in_brackets_or_quotes_becomes_en_dash() {
        assert_eq!(typo("(2022-2027)"), "(2022\u{2013}2027)");
        assert_eq!(typo("\"2022-2027\""), "„2022\u{2013}2027“");
    }

    #[test]
    fn iso_dates_phone_numbers_and_identifiers_keep_hyphens() {
        assert_untouched("2024-05-01");
        assert_untouched("596-283-111");
        assert_untouched("CZ.03.02/22-005");
        assert_untouched("a-1-2");
        assert_untouched("x2022-2027");
        assert_untouched("2022-2027x");
    }

    #[test]
    fn negative_numbers_keep_hyphens() {
        assert_untouched("-5");
        assert_untouched("x -5");
        assert_untouched("<td>-5</td>");
    }

    #[test]
    fn spaced_hyphen_between_words_becomes_bound_en_dash() {
        assert_eq!(typo("slovo - slovo"), "slovo\u{a0}\u{2013} slovo");
        assert_eq!(
            typo("<b>slovo</b> - slovo"),
            "<b>slovo</b>\u{a0}\u{2013} slovo"
        );
    }

    #[test]
    fn hyphen_not_between_words_stays() {
        assert_untouched("<td>-</td>");
        assert_untouched("<td> - </td>");
        assert_untouched("<li>- položka</li>");
        assert_untouched("slovo -slovo");
    }

    #[test]
    fn url_in_text_is_untouched() {
        assert_untouched("<p>web https://www.ostrava.cz/plan-2022-2027/a-1-2?x=1 2</p>");
    }

    // Identifiers that look like numbers.

    #[test]
    fn measure_ids_and_slash_numbers_are_untouched() {
        assert_untouched("<h2>Opatření 2.1.3.4</h2><p>1.1.1.1</p>");
        assert_untouched("12/12/4/22");
    }
}

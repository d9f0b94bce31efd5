//! Texts of charts that are not translations: numbers written in the site's language (through
//! `values::locale`) and labels shortened to fit beside a bar.

use crate::values::Decimal;

/// A number in the site's language with `decimals` places at most (trailing zeros dropped):
/// "6,1" in Czech.
pub(super) fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    Decimal::parse(&text.replace('.', ","))
        .map(|d| d.shown())
        .unwrap_or(text)
}

/// The longest category label drawn beside a bar; the full name is in the table and the
/// description.
pub(super) const LABEL_CHARS: usize = 40;

/// The label cut after a whole word, with an ellipsis, when it is longer than a bar's label may be.
pub(super) fn short_label(text: &str) -> String {
    short_label_to(text, LABEL_CHARS)
}

/// The label cut after a whole word so that it has `max` characters at most, ellipsis included.
pub(super) fn short_label_to(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn czech_numbers_in_chart_text() {
        let _cs = crate::values::locale::entered("cs");
        assert_eq!(number(3.01, 2), "3,01");
        assert_eq!(number(165.0, 2), "165");
        assert_eq!(number(1190.0, 0), "1\u{a0}190");
        assert_eq!(number(0.03, 2), "0,03");
        assert_eq!(number(-2.5, 1), "-2,5");
    }

    #[test]
    fn long_labels_are_shortened() {
        assert_eq!(short_label("Počet bytů"), "Počet bytů");
        let long = "Počet osob, které využily služby kontaktního místa pro bydlení";
        let s = short_label(long);
        assert!(s.ends_with('…') && s.chars().count() <= LABEL_CHARS);
    }
}

//! Character references (`&nbsp;`, `&#160;`, `&quot;`, …) read as the characters they stand
//! for, so that an entity gives the rules the same context as the character itself.

use super::chars::{CLOSING_QUOTE, EM_DASH, EN_DASH, OPAQUE, OPENING_QUOTE};
use crate::html::named_entity;

/// Decodes the character reference starting with the `&` at `at`: the character it stands for
/// ([`OPAQUE`] for a name this module does not know) and the position after its `;`. `None` when
/// the `&` does not start a terminated reference.
#[inline]
pub(super) fn entity_at(src: &str, at: usize) -> Option<(char, usize)> {
    let bytes = src.as_bytes();
    let mut i = at + 1;
    if bytes.get(i) == Some(&b'#') {
        i += 1;
        let radix = if matches!(bytes.get(i), Some(b'x' | b'X')) {
            i += 1;
            16
        } else {
            10
        };
        let digits = i;
        while i - digits < 8 && bytes.get(i).is_some_and(|&b| char::from(b).is_digit(radix)) {
            i += 1;
        }
        if i == digits || bytes.get(i) != Some(&b';') {
            return None;
        }
        let value = u32::from_str_radix(&src[digits..i], radix).ok()?;
        return Some((char::from_u32(value).unwrap_or(OPAQUE), i + 1));
    }
    while i - at <= 32 && bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    if i == at + 1 || bytes.get(i) != Some(&b';') {
        return None;
    }
    // The names every reader of HTML text knows, then those that matter to typography only.
    let c = match &src[at + 1..i] {
        "QUOT" => '"',
        "AMP" => '&',
        "LT" => '<',
        "GT" => '>',
        "ndash" => EN_DASH,
        "mdash" => EM_DASH,
        "bdquo" => OPENING_QUOTE,
        "ldquo" => CLOSING_QUOTE,
        "sect" => '§',
        name => named_entity(name).unwrap_or(OPAQUE),
    };
    Some((c, i + 1))
}

#[cfg(test)]
mod tests {
    use crate::typography::tests::{assert_untouched, typo};

    #[test]
    fn entities_are_kept_verbatim() {
        assert_eq!(typo("R&amp;D a v domě"), "R&amp;D a\u{a0}v\u{a0}domě");
        assert_untouched("5&nbsp;% a&nbsp;b &lt;v&gt; &amp;quot;");
        assert_untouched("AT&T; x");
    }
}

//! Character references (`&amp;`, `&#8222;`, `&#x201C;`): the names every reader of HTML text
//! in milnik knows, and the numbers as [`html_text`](super::html_text) reads them; finding one
//! in a text and decoding a whole text (the report's data and markup read them so too).
//!
//! Czech typography (`crate::typography`) reads references too and shares the table of names
//! ([`named_entity`]). It does not share the reading of numbers, because the two differ in
//! what they accept and sharing would change the output of one: typography takes at most eight
//! digits and no sign, and keeps a number that is no character as an opaque mark, while
//! [`character_reference`] takes what Rust parses as a `u32` within its caller's twelve-byte
//! window (`&#000000065;` and `&#+65;` are "A") and leaves a number that is no character as
//! written.

/// The character a named reference stands for: the five names of XML and `nbsp`, a U+00A0 (a
/// caller that wants a plain space maps it). `None` for any other name, which each caller
/// treats its own way (text extraction keeps it as written, typography as an opaque mark).
#[inline]
pub fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => return None,
    })
}

/// The reference `rest` starts with (`rest` begins with `&`): its character and its length in
/// bytes, `;` included. `None` when the `;` is not within twelve bytes or the name is no
/// [`character_reference`]: the `&` is then text.
#[inline]
pub fn reference_at(rest: &str) -> Option<(char, usize)> {
    // Found as a byte: twelve bytes may end inside a character, where slicing would panic.
    let end = memchr::memchr(b';', &rest.as_bytes()[..rest.len().min(12)])?;
    character_reference(&rest[1..end]).map(|c| (c, end + 1))
}

/// `text` with every character reference it has decoded ([`reference_at`]); an `&` that starts
/// none stays as written.
pub fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match reference_at(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of the reference `&name;` as [`html_text`](super::html_text) reads it: a name
/// of [`named_entity`], or a decimal (`#8222`) or hexadecimal (`#x201C`) number of a
/// character. `None` when it is neither, and the reference stays in the text as written.
#[inline]
pub fn character_reference(name: &str) -> Option<char> {
    if let Some(c) = named_entity(name) {
        return Some(c);
    }
    let code = match name.strip_prefix("#x").or(name.strip_prefix("#X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => name.strip_prefix('#')?.parse().ok()?,
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_by_name_or_number() {
        for (name, c) in [
            ("amp", Some('&')),
            ("nbsp", Some('\u{a0}')),
            ("#8222", Some('„')),
            ("#x201C", Some('“')),
            ("#X201c", Some('“')),
            ("#000000065", Some('A')),
            ("#+65", Some('A')),
            ("AMP", None),
            ("ndash", None),
            ("#xD800", None),
            ("#", None),
            ("#x", None),
            ("", None),
        ] {
            assert_eq!(character_reference(name), c, "{name}");
        }
    }
}

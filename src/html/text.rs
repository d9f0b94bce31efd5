//! The text of an HTML fragment, for the search index and the open data: tags and embed
//! markers dropped, character references decoded, whitespace collapsed in the same pass; and
//! a fragment without its tags, for link texts made from headings.

use super::entity::reference_at;

/// The text of an HTML fragment: tags and embed markers dropped, entities decoded, a line
/// break for each block, runs of spaces collapsed.
pub fn html_text(html: &str) -> String {
    let mut text = Collapsed::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = memchr::memchr3(b'<', b'&', 0, rest.as_bytes()) {
        text.push_str(&rest[..i]);
        rest = &rest[i..];
        match rest.as_bytes()[0] {
            b'<' => {
                let end = memchr::memchr(b'>', rest.as_bytes()).map_or(rest.len(), |e| e + 1);
                let tag = &rest[..end];
                let name = tag.trim_start_matches(['<', '/']);
                let name_len = name
                    .bytes()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(name.len());
                let name = &name[..name_len];
                let block = matches!(
                    name,
                    "p" | "li"
                        | "br"
                        | "tr"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "div"
                        | "table"
                        | "blockquote"
                        | "caption"
                        | "dd"
                        | "dt"
                        | "figcaption"
                );
                if block {
                    text.end_line();
                } else if matches!(name, "td" | "th") {
                    text.push_char(' ');
                }
                rest = &rest[end..];
            }
            b'&' => {
                match reference_at(rest) {
                    Some((c, len)) => {
                        // A non-breaking space is a space between words of the text.
                        text.push_char(if c == '\u{a0}' { ' ' } else { c });
                        rest = &rest[len..];
                    }
                    None => {
                        text.push_char('&');
                        rest = &rest[1..];
                    }
                }
            }
            _ => {
                // An embed marker ("\0embed:3\0"): what it embeds is indexed where it lives.
                let end = rest[1..].find('\u{0}').map_or(rest.len(), |e| e + 2);
                rest = &rest[end..];
            }
        }
    }
    text.push_str(rest);
    text.finish()
}

/// The bytes that may start a whitespace character: ASCII whitespace, and the first bytes in
/// UTF-8 of every other one (U+0085 and U+00A0, U+1680, U+2000–U+205F, U+3000).
const MAY_BE_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let starts = [
        b'\t', b'\n', 0x0b, 0x0c, b'\r', b' ', 0xc2, 0xe1, 0xe2, 0xe3,
    ];
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] = true;
        i += 1;
    }
    table
};

/// Where [`Collapsed::push_str`] stops within a run of words: a byte that may start whitespace
/// ([`MAY_BE_SPACE`]), except a plain space with no such byte after it, which is one space
/// between two words and is copied as it is. Called within a run, never at its first byte.
mod space_stop {
    use super::MAY_BE_SPACE;

    /// Whether the scan stops at `i`.
    pub(super) fn at(bytes: &[u8], i: usize) -> bool {
        MAY_BE_SPACE[usize::from(bytes[i])]
            && !(bytes[i] == b' '
                && bytes
                    .get(i + 1)
                    .is_some_and(|&next| !MAY_BE_SPACE[usize::from(next)]))
    }

    /// The first position from `from` on at which the scan stops, or the length of `bytes`.
    pub(super) fn next(bytes: &[u8], from: usize) -> usize {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::*;
            // SAFETY (for the block): `find_by_blocks` asks only for blocks with `i + 17 <=
            // len`, so both 16-byte loads (at `i` and `i + 1`) stay inside `bytes`.
            crate::scan::find_by_blocks(bytes, from, at, |i| unsafe {
                let load = |p: usize| _mm_loadu_si128(bytes.as_ptr().add(p).cast::<__m128i>());
                let (cur, next) = (load(i), load(i + 1));
                let set = |b: u8| _mm_set1_epi8(b as i8);
                let eq = |v: __m128i, b: u8| _mm_cmpeq_epi8(v, set(b));
                // Signed comparisons: 0xE1–0xE3 are -31..-29.
                let may_be_space = |v: __m128i| {
                    let ascii = _mm_and_si128(
                        _mm_cmpgt_epi8(v, set(b'\t' - 1)),
                        _mm_cmplt_epi8(v, set(b'\r' + 1)),
                    );
                    let lead =
                        _mm_and_si128(_mm_cmpgt_epi8(v, set(0xe0)), _mm_cmplt_epi8(v, set(0xe4)));
                    _mm_or_si128(
                        _mm_or_si128(ascii, eq(v, b' ')),
                        _mm_or_si128(lead, eq(v, 0xc2)),
                    )
                };
                let between_words = _mm_andnot_si128(may_be_space(next), eq(cur, b' '));
                _mm_movemask_epi8(_mm_andnot_si128(between_words, may_be_space(cur)))
            })
        }
        #[cfg(not(target_arch = "x86_64"))]
        crate::scan::find_by_blocks(bytes, from, at)
    }
}

/// Text with its whitespace collapsed as it is pushed: a single space between the words of a
/// line, a single line break between lines that have words, nothing at either end.
struct Collapsed {
    out: String,
    /// Whitespace came after the last word of the current line.
    space: bool,
    /// The current line has a word.
    words: bool,
}

impl Collapsed {
    fn with_capacity(capacity: usize) -> Self {
        Collapsed {
            out: String::with_capacity(capacity),
            space: false,
            words: false,
        }
    }

    /// Pushes text with its whitespace collapsed: runs of words joined by single spaces are
    /// copied whole.
    fn push_str(&mut self, text: &str) {
        let bytes = text.as_bytes();
        // The length of the whitespace character at `i`, 0 when there is none.
        let space_at = |i: usize| -> usize {
            if bytes[i].is_ascii() {
                return 1;
            }
            text[i..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8)
        };
        let mut i = 0;
        while i < bytes.len() {
            let word = i;
            let mut space = 0;
            while i < bytes.len() {
                i = if i == word {
                    // A run starts here: a space at its start is no space between two words.
                    if MAY_BE_SPACE[usize::from(bytes[i])] {
                        i
                    } else {
                        space_stop::next(bytes, i + 1)
                    }
                } else {
                    space_stop::next(bytes, i)
                };
                if i == bytes.len() {
                    break;
                }
                space = space_at(i);
                if space > 0 {
                    break;
                }
                i += 1;
            }
            if i > word {
                if std::mem::take(&mut self.space) {
                    self.out.push(' ');
                }
                self.out.push_str(&text[word..i]);
                self.words = true;
            }
            while space > 0 {
                if bytes[i] == b'\n' {
                    self.end_line();
                } else {
                    self.space = self.words;
                }
                i += space;
                space = match bytes.get(i) {
                    Some(&b) if MAY_BE_SPACE[usize::from(b)] => space_at(i),
                    _ => 0,
                };
            }
        }
    }

    fn push_char(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    fn end_line(&mut self) {
        if std::mem::take(&mut self.words) {
            self.out.push('\n');
        }
        self.space = false;
    }

    fn finish(mut self) -> String {
        if self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out
    }
}

/// `html` without its tags (character references stay as written), runs of ASCII white space collapsed to one space.
pub fn without_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_ascii_whitespace() => {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            c => text.push(c),
        }
    }
    text.truncate(text.trim_end().len());
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::samples::mixed_text;

    #[test]
    fn collapsing_copies_words_and_spaces_like_a_character_at_a_time() {
        // Collapsing worked out a character at a time, for text without line breaks.
        fn by_chars(text: &str) -> String {
            text.split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        }
        let text = mixed_text().replace(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'], " ");
        let mut collapsed = Collapsed::with_capacity(0);
        collapsed.push_str(&text);
        assert_eq!(collapsed.finish(), by_chars(&text));
        // Pushed in pieces that split words and runs of spaces.
        let mut collapsed = Collapsed::with_capacity(0);
        for piece in ["  a b", " c", "d  ", " e f\u{a0}", "g"] {
            collapsed.push_str(piece);
        }
        assert_eq!(collapsed.finish(), "a b cd e f g");
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_text("<p>Tom &amp; <em>Jerry</em>&nbsp;&#8222;ok&#x201C;</p><ul><li>a</li><li>b  c</li></ul>"),
            "Tom & Jerry „ok“\na\nb c"
        );
        assert_eq!(html_text("a\u{0}embed:3\u{0}b &bogus; <"), "ab &bogus;");
    }

    #[test]
    fn every_kind_of_whitespace_collapses_as_a_space_within_a_line() {
        // Non-breaking, em and narrow spaces, a tab, a lone carriage return and a Windows line
        // end; Czech letters (whose UTF-8 starts like some spaces) stay whole.
        assert_eq!(
            html_text("  žluť\u{a0}\u{2003} kůň\tú\u{202f}pěl\r\n\r\n ď\rábel \u{3000}"),
            "žluť kůň ú pěl\nď ábel"
        );
        assert_eq!(html_text("<p> </p>\u{a0}<p>a</p>"), "a");
    }

    #[test]
    fn an_ampersand_that_starts_no_reference_stays_as_written() {
        // Twelve bytes from the `&` end inside the "ž".
        assert_eq!(html_text("<p>&aaaaaaaaaaž; &x</p>"), "&aaaaaaaaaaž; &x");
    }
}

//! The HTML the typography walks through: which elements are transparent, skipped or end a
//! block of text, and where a tag, a comment or a skipped element ends. Only as much of HTML as
//! finding the text of a page needs; attribute values and raw text are stepped over, never read.

/// How an element takes part in the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Element {
    /// Its tags do not interrupt the text around them: `a`, `em`, `span`, ….
    Inline,
    /// Its content is left untouched and it reads as one word of the sentence around it:
    /// `code`, `kbd`, `samp`.
    WordLike,
    /// Its content is left untouched: `pre`, `svg`, `math`.
    Skipped,
    /// Its content is left untouched and is not markup: it ends at the first matching end tag
    /// (`script`, `style`, `textarea`).
    RawText,
    /// Any other element ends a block of text.
    Block,
}

impl Element {
    /// The element a tag name stands for, in any case. Called for every tag of every page, so it
    /// is a `match` over bytes rather than a search through lists of names.
    pub(super) fn of(name: &str) -> Element {
        const LONGEST: usize = 8;
        if name.len() > LONGEST {
            return Element::Block;
        }
        let mut lower = [0u8; LONGEST];
        let lower = &mut lower[..name.len()];
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        match &*lower {
            b"a" | b"abbr" | b"b" | b"bdi" | b"cite" | b"data" | b"dfn" | b"em" | b"i"
            | b"mark" | b"q" | b"s" | b"small" | b"span" | b"strong" | b"sub" | b"sup"
            | b"time" | b"u" | b"wbr" => Element::Inline,
            b"code" | b"kbd" | b"samp" => Element::WordLike,
            b"pre" | b"svg" | b"math" => Element::Skipped,
            b"script" | b"style" | b"textarea" => Element::RawText,
            _ => Element::Block,
        }
    }
}

/// A piece of markup, as far as this module cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Markup<'a> {
    /// A comment, processing instruction, CDATA section, or bogus end tag.
    Comment,
    /// `<!DOCTYPE …>` and other `<!…>` declarations.
    Declaration,
    Start {
        name: &'a str,
        self_closing: bool,
    },
    End(&'a str),
}

/// Parses the markup starting with the `<` at `at`: its kind and the position after it. `None`
/// when the `<` is a literal character of text.
pub(super) fn parse_markup(src: &str, at: usize) -> Option<(Markup<'_>, usize)> {
    let bytes = src.as_bytes();
    let rest = &bytes[at + 1..];
    let after_gt = || src[at..].find('>').map_or(src.len(), |o| at + o + 1);
    match *rest.first()? {
        b'!' if rest.starts_with(b"!--") => {
            let body = at + 4;
            let end = if bytes[body..].starts_with(b">") {
                body + 1
            } else if bytes[body..].starts_with(b"->") {
                body + 2
            } else {
                src[body..].find("-->").map_or(src.len(), |o| body + o + 3)
            };
            Some((Markup::Comment, end))
        }
        b'!' if rest.starts_with(b"![CDATA[") => {
            let end = src[at..].find("]]>").map_or(src.len(), |o| at + o + 3);
            Some((Markup::Comment, end))
        }
        b'!' => Some((Markup::Declaration, after_gt())),
        b'?' => Some((Markup::Comment, after_gt())),
        b'/' if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
            let name_end = name_end(bytes, at + 2);
            let (end, _) = tag_end(bytes, name_end);
            Some((Markup::End(&src[at + 2..name_end]), end))
        }
        b'/' => Some((Markup::Comment, after_gt())),
        b if b.is_ascii_alphabetic() => {
            let name_end = name_end(bytes, at + 1);
            let (end, self_closing) = tag_end(bytes, name_end);
            let name = &src[at + 1..name_end];
            Some((Markup::Start { name, self_closing }, end))
        }
        _ => None,
    }
}

/// The name of the start or end tag beginning with the `<` at `at`, without parsing the rest.
pub(super) fn tag_name_at(src: &str, at: usize) -> Option<&str> {
    let bytes = src.as_bytes();
    let start = if bytes.get(at + 1) == Some(&b'/') {
        at + 2
    } else {
        at + 1
    };
    bytes
        .get(start)
        .is_some_and(u8::is_ascii_alphabetic)
        .then(|| &src[start..name_end(bytes, start)])
}

/// The end of a tag name starting at `start`.
fn name_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        .map_or(bytes.len(), |o| start + o)
}

/// The position after the `>` closing the tag whose attributes start at `i`, and whether the tag
/// ends with `/>`. Quoted attribute values may contain `>`.
fn tag_end(bytes: &[u8], mut i: usize) -> (usize, bool) {
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return (i + 1, bytes[i - 1] == b'/'),
            b'=' => {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                if let Some(&quote @ (b'"' | b'\'')) = bytes.get(i) {
                    i = bytes[i + 1..]
                        .iter()
                        .position(|&b| b == quote)
                        .map_or(bytes.len(), |o| i + 1 + o + 1);
                }
            }
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// The position after the end of the skipped element `name` whose content starts at `from`:
/// after its matching end tag (nested elements of the same name counted), or the end of the page
/// when it is not closed.
#[inline]
pub(super) fn skip_element(src: &str, from: usize, name: &str) -> usize {
    if Element::of(name) == Element::RawText {
        return raw_text_end(src, from, name);
    }
    let mut depth = 1usize;
    let mut i = from;
    while let Some(offset) = src[i..].find('<') {
        let at = i + offset;
        let Some((markup, end)) = parse_markup(src, at) else {
            i = at + 1;
            continue;
        };
        i = end;
        match markup {
            Markup::Start {
                name: inner,
                self_closing: false,
            } => {
                if inner.eq_ignore_ascii_case(name) {
                    depth += 1;
                } else if Element::of(inner) == Element::RawText {
                    i = raw_text_end(src, end, inner);
                }
            }
            Markup::End(inner) if inner.eq_ignore_ascii_case(name) => {
                depth -= 1;
                if depth == 0 {
                    return end;
                }
            }
            _ => {}
        }
    }
    src.len()
}

/// The position after the end tag of the raw-text element `name` (its content starting at
/// `from`), matched case-insensitively; the end of the page when there is none.
fn raw_text_end(src: &str, from: usize, name: &str) -> usize {
    let bytes = src.as_bytes();
    let mut i = from;
    while let Some(offset) = src[i..].find("</") {
        let at = i + offset;
        let name_end = at + 2 + name.len();
        if bytes
            .get(at + 2..name_end)
            .is_some_and(|found| found.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(name_end)
                .is_none_or(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        {
            return tag_end(bytes, name_end).0;
        }
        i = at + 2;
    }
    src.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typography::tests::{assert_untouched, typo};

    #[test]
    fn elements_are_told_apart_by_name_in_any_case() {
        for (name, element) in [
            ("em", Element::Inline),
            ("STRONG", Element::Inline),
            ("Code", Element::WordLike),
            ("PRE", Element::Skipped),
            ("TextArea", Element::RawText),
            ("p", Element::Block),
            ("figcaption", Element::Block),
            ("textareas", Element::Block),
            ("spán", Element::Block),
        ] {
            assert_eq!(Element::of(name), element, "{name}");
        }
    }

    // What is left alone.

    #[test]
    fn code_pre_kbd_and_samp_are_untouched() {
        for tag in ["code", "pre", "kbd", "samp"] {
            let html = format!("<{tag}>v domě \"x\" 2022-2027 1 190</{tag}>");
            assert_untouched(&html);
        }
    }

    #[test]
    fn nested_skipped_elements_skip_to_the_outer_end() {
        assert_eq!(
            typo("<pre><code>v x</code> v x</pre> v x"),
            "<pre><code>v x</code> v x</pre> v\u{a0}x"
        );
        assert_eq!(
            typo("<code>a <code>v x</code> v x</code> v x"),
            "<code>a <code>v x</code> v x</code> v\u{a0}x"
        );
    }

    #[test]
    fn unclosed_skipped_element_skips_to_the_end() {
        assert_untouched("<p>x</p><pre>v domě \"x\" 2022-2027");
        assert_untouched("<script>var a = \"v x\";");
    }

    #[test]
    fn script_and_style_are_untouched_even_with_markup_like_content() {
        assert_eq!(
            typo("<script>if (a < b) { s = \"</p> v x\"; }</script>v x"),
            "<script>if (a < b) { s = \"</p> v x\"; }</script>v\u{a0}x"
        );
        assert_eq!(
            typo("<STYLE>p > a { content: \"v x\" }</Style>v x"),
            "<STYLE>p > a { content: \"v x\" }</Style>v\u{a0}x"
        );
        assert_untouched("<textarea>v domě \"x\"</textarea>");
    }

    #[test]
    fn script_end_tag_must_match_the_whole_name() {
        assert_eq!(
            typo("<script>a = \"</scripts> v x\";</script>v x"),
            "<script>a = \"</scripts> v x\";</script>v\u{a0}x"
        );
    }

    #[test]
    fn svg_and_math_are_untouched() {
        assert_untouched("<svg viewBox=\"0 0 10 10\"><text>v domě \"x\"</text><svg><text>a b</text></svg> v x</svg>");
        assert_untouched("<math><mi>a</mi> <mo>-</mo> <mn>1</mn> v x</math>");
    }

    #[test]
    fn self_closing_svg_does_not_start_a_skipped_region() {
        assert_eq!(typo("<svg/> v x"), "<svg/> v\u{a0}x");
    }

    #[test]
    fn text_after_word_like_skipped_element_is_processed() {
        assert_eq!(
            typo("<code>v x</code> a v domě"),
            "<code>v x</code> a\u{a0}v\u{a0}domě"
        );
        assert_eq!(typo("\"<code>x</code>\" dále"), "„<code>x</code>“ dále");
    }

    #[test]
    fn comments_are_untouched_and_transparent() {
        assert_untouched("<!-- v domě \"x\" 2022-2027 -->");
        assert_untouched("<!-- a > v b -->");
        assert_eq!(typo("<!---->v x"), "<!---->v\u{a0}x");
        assert_eq!(typo("v<!-- x --> domě"), "v<!-- x -->\u{a0}domě");
        assert_untouched("<!-- neuzavřený v x");
    }

    #[test]
    fn doctype_is_untouched() {
        assert_eq!(
            typo("<!DOCTYPE html>\n<p>v x</p>"),
            "<!DOCTYPE html>\n<p>v\u{a0}x</p>"
        );
    }

    #[test]
    fn attributes_are_untouched() {
        assert_eq!(
            typo("<a title=\"v domě &quot;x&quot;\" href=\"/a-1-2/\">v domě</a>"),
            "<a title=\"v domě &quot;x&quot;\" href=\"/a-1-2/\">v\u{a0}domě</a>"
        );
    }

    #[test]
    fn attribute_values_may_contain_greater_than() {
        assert_eq!(
            typo("<a title=\"a > v b\" data-x='1 > 2 000' href=x>v domě</a>"),
            "<a title=\"a > v b\" data-x='1 > 2 000' href=x>v\u{a0}domě</a>"
        );
    }

    #[test]
    fn title_text_is_processed() {
        assert_eq!(
            typo("<title>Plán v Ostravě 2022-2027</title>"),
            "<title>Plán v\u{a0}Ostravě 2022\u{2013}2027</title>"
        );
    }

    #[test]
    fn literal_less_than_in_text_is_text() {
        assert_eq!(typo("x < v b"), "x < v\u{a0}b");
        assert_eq!(typo("1 < 2 000"), "1 < 2\u{a0}000");
    }
}

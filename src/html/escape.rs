//! Escaping text for HTML and SVG: the characters that would be read as markup become entities.

use std::fmt::Write;

/// Escapes text for HTML: `&`, `<`, `>` and both quotes. Unlike minijinja's default it leaves
/// `/` alone, so "V realizaci (3/6)" and URLs stay readable in the page source.
pub fn escape_html(text: &str, out: &mut impl Write) -> std::fmt::Result {
    escape(text, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    })
}

/// Escapes the text of an element, not of an attribute: `&`, `<` and `>` only, quotes as they
/// are. This is how charts-rs writes the labels of a chart, so a label escaped here is found
/// again in the SVG it drew.
pub fn escape_text_node(text: &str, out: &mut impl Write) -> std::fmt::Result {
    escape(text, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    })
}

/// Writes `text` with each byte that `entity` names replaced by that entity.
#[inline]
fn escape(
    text: &str,
    out: &mut impl Write,
    entity: impl Fn(u8) -> Option<&'static str>,
) -> std::fmt::Result {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let Some(entity) = entity(b) else {
            continue;
        };
        out.write_str(&text[last..i])?;
        out.write_str(entity)?;
        last = i + 1;
    }
    out.write_str(&text[last..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str, escape: fn(&str, &mut String) -> std::fmt::Result) -> String {
        let mut out = String::new();
        escape(text, &mut out).unwrap();
        out
    }

    #[test]
    fn html_escapes_markup_and_quotes_but_not_slashes() {
        assert_eq!(
            escaped("<a href=\"x\">Tom & 'Jerry' (3/6)</a>", escape_html),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39; (3/6)&lt;/a&gt;"
        );
    }

    #[test]
    fn a_text_node_keeps_its_quotes() {
        assert_eq!(
            escaped("\"a\" & 'b' < c > d", escape_text_node),
            "\"a\" &amp; 'b' &lt; c &gt; d"
        );
    }
}

//! The contents list of a long page ("Na této stránce"): the template filter `contents`, which
//! a template wraps around the page's sections (`{% filter contents(t("contents.title")) %}`).
//! It lists every `<h2>` with an `id` in them, in order, and puts the list before them; a page
//! with fewer than three such headings is left as it is. After the sections comes a link back
//! to the list. The list is made from the rendered
//! headings, so it always matches the sections the page really has.

use minijinja::value::Value;

use crate::html::escape_html;

/// Fewer sections than this need no list.
const MIN_ENTRIES: usize = 3;

/// The filter: `html` with its contents list before it, headed `title`, and after it a link
/// `back` to the list (none when not given).
pub fn filter(html: Value, title: String, back: Option<String>) -> Value {
    let Some(html) = html.as_str() else {
        return html;
    };
    let entries = headings(html);
    if entries.len() < MIN_ENTRIES {
        return Value::from_safe_string(html.to_string());
    }
    let mut out = String::with_capacity(html.len() + 64 * entries.len());
    out.push_str("<nav class=\"contents\" aria-labelledby=\"na-teto-strance\">\n  <p class=\"contents__title\" id=\"na-teto-strance\">");
    let _ = escape_html(&title, &mut out);
    out.push_str("</p>\n  <ul>");
    for (id, text) in &entries {
        out.push_str("\n    <li><a href=\"#");
        out.push_str(id);
        out.push_str("\">");
        out.push_str(text);
        out.push_str("</a></li>");
    }
    out.push_str("\n  </ul>\n</nav>\n");
    out.push_str(html);
    if let Some(back) = back {
        out.push_str("\n<p class=\"back-to-contents\"><a href=\"#na-teto-strance\">");
        let _ = escape_html(&back, &mut out);
        out.push_str("</a></p>");
    }
    Value::from_safe_string(out)
}

/// The `id` and content of every `<h2 id="…">` in `html`, in order; the content is HTML
/// without its tags (character references and non-breaking spaces stay as they are).
fn headings(html: &str) -> Vec<(&str, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h2") {
        rest = &rest[at + 3..];
        let Some(end) = rest.find('>') else { break };
        let attrs = &rest[..end];
        let body = &rest[end + 1..];
        let Some(close) = body.find("</h2>") else {
            break;
        };
        if let Some(id) = attribute(attrs, "id") {
            let text = crate::html::without_tags(&body[..close]);
            if !text.is_empty() {
                found.push((id, text));
            }
        }
        rest = &body[close..];
    }
    found
}

/// The value of attribute `name` among a tag's attributes, as written (ids need no decoding).
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = attrs.find(&key)? + key.len();
    attrs[start..].split('"').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(html: &str) -> String {
        filter(
            Value::from_safe_string(html.into()),
            "Na této stránce".into(),
            Some("Zpět na obsah stránky".into()),
        )
        .to_string()
    }

    #[test]
    fn three_sections_with_ids_get_a_list_in_order() {
        let html = "<h2 id=\"a\">První</h2><p>x</p><h2>Bez kotvy</h2>\
                    <h2 id=\"b\" class=\"x\"><abbr title=\"Operační program\">OP</abbr> a&nbsp;ty</h2>\
                    <h2 id=\"c\">\n  Třetí &amp; poslední\n</h2>";
        let out = listed(html);
        assert!(out.starts_with("<nav class=\"contents\""), "{out}");
        assert!(out.contains("<li><a href=\"#a\">První</a></li>\n    <li><a href=\"#b\">OP a&nbsp;ty</a></li>\n    <li><a href=\"#c\">Třetí &amp; poslední</a></li>"), "{out}");
        assert!(out.ends_with(&format!(
            "{html}\n<p class=\"back-to-contents\"><a href=\"#na-teto-strance\">Zpět na obsah stránky</a></p>"
        )));
    }

    #[test]
    fn fewer_than_three_sections_need_no_list() {
        let html = "<h2 id=\"a\">A</h2><h2 id=\"b\">B</h2><h3 id=\"c\">C</h3>";
        assert_eq!(listed(html), html);
    }
}

//! Markdown → HTML for narratives, articles and pages (pulldown-cmark). Pure: text in, HTML out.
//! Site-absolute links (`/opatreni/1-1-1-1/`) are prefixed with the base path so a sub-path
//! deploy works; everything else passes through unchanged.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

use crate::config::BaseUrl;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn rebase<'a>(dest: CowStr<'a>, base: &BaseUrl) -> CowStr<'a> {
    if dest.starts_with('/') && !dest.starts_with("//") {
        CowStr::from(base.link(&dest))
    } else {
        dest
    }
}

/// Renders Markdown to HTML.
pub fn to_html(markdown: &str, base: &BaseUrl) -> String {
    let parser = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rebase(dest_url, base),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rebase(dest_url, base),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// Renders one line of Markdown without the surrounding paragraph, for titles and table cells.
pub fn inline_to_html(markdown: &str, base: &BaseUrl) -> String {
    let html = to_html(markdown, base);
    let trimmed = html.trim_end();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|inner| !inner.contains("<p>"))
        .unwrap_or(trimmed)
        .to_string()
}

/// Plain text of Markdown (for meta descriptions and summaries), whitespace collapsed.
pub fn to_plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_links_follow_the_base_path() {
        let base = BaseUrl::parse("https://example.cz/psz/").unwrap();
        let html = to_html(
            "[opatření](/opatreni/1-1-1-1/) a [web](https://www.ostrava.cz/)",
            &base,
        );
        assert!(html.contains(r#"href="/psz/opatreni/1-1-1-1/""#), "{html}");
        assert!(html.contains(r#"href="https://www.ostrava.cz/""#), "{html}");
    }

    #[test]
    fn lists_tables_and_emphasis_render() {
        let base = BaseUrl::parse("/").unwrap();
        let html = to_html(
            "**Bydlení**\n\n- a\n- b\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
            &base,
        );
        assert!(html.contains("<strong>Bydlení</strong>"));
        assert!(html.contains("<li>a</li>"));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn inline_rendering_drops_the_paragraph() {
        let base = BaseUrl::parse("/").unwrap();
        assert_eq!(inline_to_html("*a* & b", &base), "<em>a</em> &amp; b");
        assert_eq!(
            to_plain_text("**Tučně** a [odkaz](/x)\n\n- bod"),
            "Tučně a odkaz bod"
        );
    }
}

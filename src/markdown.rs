//! Markdown → HTML for narratives, articles and pages (pulldown-cmark). Pure: text in, HTML out.
//! Site-absolute links (`/opatreni/1-1-1-1/`) are prefixed with the base path so a sub-path
//! deploy works, and abbreviations defined in the plan become `<abbr title="…">` in running text
//! (not in code, not in image descriptions).

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::config::BaseUrl;

/// The plan's abbreviations, longest first so "OSPOD" wins over "SPOD".
#[derive(Clone, Debug, Default)]
pub struct Abbreviations(Vec<(String, String)>);

impl Abbreviations {
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut list: Vec<(String, String)> = pairs
            .into_iter()
            .filter(|(abbr, _)| !abbr.is_empty())
            .collect();
        list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        Abbreviations(list)
    }

    fn at(&self, text: &str, i: usize) -> Option<&(String, String)> {
        let before = text[..i].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            return None;
        }
        self.0.iter().find(|(abbr, _)| {
            text[i..].starts_with(abbr.as_str())
                && !text[i + abbr.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
        })
    }

    /// Escapes `text` for HTML and wraps every abbreviation in `<abbr title="…">`. Returns None
    /// when the text has no abbreviation (so callers can keep it as plain text).
    pub fn mark(&self, text: &str) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 32);
        let mut last = 0;
        let mut found = false;
        let mut i = 0;
        while i < text.len() {
            if let Some((abbr, meaning)) = self.at(text, i) {
                push_escaped(&mut out, &text[last..i]);
                out.push_str("<abbr title=\"");
                push_escaped(&mut out, meaning);
                out.push_str("\">");
                push_escaped(&mut out, abbr);
                out.push_str("</abbr>");
                i += abbr.len();
                last = i;
                found = true;
            } else {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if !found {
            return None;
        }
        push_escaped(&mut out, &text[last..]);
        Some(out)
    }
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

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
pub fn to_html(markdown: &str, base: &BaseUrl, abbreviations: &Abbreviations) -> String {
    // Inside code and image descriptions, text must stay as it is.
    let mut verbatim = 0usize;
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
        }) => {
            verbatim += 1;
            Event::Start(Tag::Image {
                link_type,
                dest_url: rebase(dest_url, base),
                title,
                id,
            })
        }
        Event::Start(Tag::CodeBlock(kind)) => {
            verbatim += 1;
            Event::Start(Tag::CodeBlock(kind))
        }
        Event::End(end @ (TagEnd::Image | TagEnd::CodeBlock)) => {
            verbatim = verbatim.saturating_sub(1);
            Event::End(end)
        }
        Event::Text(text) if verbatim == 0 => match abbreviations.mark(&text) {
            Some(html) => Event::InlineHtml(CowStr::from(html)),
            None => Event::Text(text),
        },
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
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
            &Abbreviations::default(),
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
            &Abbreviations::default(),
        );
        assert!(html.contains("<strong>Bydlení</strong>"));
        assert!(html.contains("<li>a</li>"));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn plain_text_for_descriptions() {
        assert_eq!(
            to_plain_text("**Tučně** a [odkaz](/x)\n\n- bod"),
            "Tučně a odkaz bod"
        );
    }

    #[test]
    fn abbreviations_are_explained_in_running_text_only() {
        let base = BaseUrl::parse("/").unwrap();
        let abbrs = Abbreviations::new([
            (
                "SPOD".to_string(),
                "Sociálně-právní ochrana dětí".to_string(),
            ),
            (
                "OSPOD".to_string(),
                "Orgán sociálně-právní ochrany dětí".to_string(),
            ),
            (
                "OPZ+".to_string(),
                "Operační program Zaměstnanost plus".to_string(),
            ),
        ]);
        let html = to_html(
            "Výzva OPZ+ a OSPOD, ne SPODNÍ.\n\n```\nOPZ+\n```\n",
            &base,
            &abbrs,
        );
        assert!(html.contains(r#"Výzva <abbr title="Operační program Zaměstnanost plus">OPZ+</abbr> a <abbr title="Orgán sociálně-právní ochrany dětí">OSPOD</abbr>, ne SPODNÍ."#), "{html}");
        assert!(
            html.contains("<code>OPZ+\n</code>"),
            "code stays as it is: {html}"
        );
        assert_eq!(abbrs.mark("bez zkratek"), None);
    }
}

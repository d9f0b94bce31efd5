//! The narratives of a report, from the HTML milnik's Markdown renderer writes (with Czech
//! typography applied) to Typst markup that the report's template puts in with
//! `eval(text, mode: "markup")`.
//!
//! Hand-written: it reads only the small, well-formed HTML of `markdown.rs` (paragraphs,
//! emphasis, links, lists, headings, tables, quotes, code, `<abbr>`), which no HTML-to-Typst
//! crate exists for; a general HTML parser would add a large dependency to undo what our own
//! renderer just did. Every character of text is escaped where Typst would read it as markup,
//! so a narrative can never run code, open a comment or turn `--` into a dash: what the city
//! wrote is what is printed.

use std::fmt::Write;

use crate::html::reference_at;

/// How the report links a site-relative address (`/opatreni/1-1-1-1/`): the site's absolute
/// base URL, or `None` when the site has none (the link text stays, without a link).
pub struct Links<'a> {
    pub base: Option<&'a str>,
}

impl Links<'_> {
    fn absolute(&self, href: &str) -> Option<String> {
        if href.starts_with("http://")
            || href.starts_with("https://")
            || href.starts_with("mailto:")
        {
            return Some(href.to_string());
        }
        if href.starts_with('#') {
            return None;
        }
        let base = self.base?;
        Some(format!(
            "{}/{}",
            base.trim_end_matches('/'),
            href.trim_start_matches('/')
        ))
    }
}

/// Typst markup for an HTML fragment. Headings in it (`<h2>`–`<h6>`) become headings below
/// `level`, the level of the section the fragment stands in, keeping their relative depth, and
/// stay out of the contents.
pub fn from_html(html: &str, level: u8, links: &Links) -> String {
    let (html, notes) = footnote_definitions(html, level, links);
    let mut w = Writer {
        out: String::with_capacity(html.len() + html.len() / 4),
        stack: Vec::new(),
        level,
        top_heading: None,
        links,
        table: None,
        skip_until: None,
        raw: false,
        notes,
    };
    let mut rest = html.as_ref();
    while let Some(i) = rest.find(['<', '&', '\0']) {
        w.text(&rest[..i]);
        rest = &rest[i..];
        match rest.as_bytes()[0] {
            b'<' => {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                w.tag(&rest[..end]);
                rest = &rest[end..];
            }
            b'&' => match reference_at(rest) {
                Some((c, len)) => {
                    w.text(c.encode_utf8(&mut [0; 4]));
                    rest = &rest[len..];
                }
                None => {
                    w.text("&");
                    rest = &rest[1..];
                }
            },
            _ => {
                // An embed marker ("\0embed:3\0"): an embed is a page's widget, not print.
                let end = rest[1..].find('\0').map_or(rest.len(), |e| e + 2);
                rest = &rest[end..];
            }
        }
    }
    w.text(rest);
    let out = w.out.trim().to_string();
    out
}

/// What an open element becomes when it closes.
enum Open {
    /// Closes with `]` (a function call's content block), and a `;` ends the call so that text
    /// after it is never read as code (`#strong[a].b`).
    Call,
    /// Closes a list or enum: `)`.
    List,
    /// An item of a list: `]`, then a comma.
    Item,
    /// A block that ends with a paragraph break.
    Block,
    /// A link: closes like a call. When its text is its address (a bare URL in the text), the
    /// text is set apart from the language around it: Czech repeats a hyphen at the start of
    /// the next line, which would change the address a reader copies from the page.
    Link { start: usize, href: String },
    /// Nothing to close (`<span>`, `<abbr>`, a link without an address).
    Nothing,
}

/// A table being read: its rows of cells (each cell already markup) and how many header rows.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    header_rows: usize,
    in_head: bool,
    cell: Option<String>,
}

struct Writer<'a> {
    out: String,
    stack: Vec<(String, Open)>,
    level: u8,
    top_heading: Option<u8>,
    links: &'a Links<'a>,
    table: Option<Table>,
    /// An element whose content is not printed (an inline SVG, a script) until it closes.
    skip_until: Option<String>,
    /// Inside `<code>`: text goes into a string literal.
    raw: bool,
    /// The text's footnotes: each definition's anchor and its markup, printed where it is
    /// referred to as a Typst footnote (numbered through the report, at the page's foot).
    notes: Vec<(String, String)>,
}

impl Writer<'_> {
    /// Where text goes: the open table cell, else the output.
    fn sink(&mut self) -> &mut String {
        match &mut self.table {
            Some(Table { cell: Some(c), .. }) => c,
            _ => &mut self.out,
        }
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() || self.skip_until.is_some() {
            return;
        }
        if self.table.as_ref().is_some_and(|t| t.cell.is_none()) {
            // Whitespace between rows and cells.
            return;
        }
        if self.raw {
            let literal = string_literal(text);
            self.push(&literal[1..literal.len() - 1]);
            return;
        }
        let sink = self.sink();
        for c in text.chars() {
            match c {
                '\n' | '\r' | '\t' | ' ' => {
                    if !sink.ends_with([' ', '\n', '[', '(']) && !sink.is_empty() {
                        sink.push(' ');
                    }
                }
                '\\' | '#' | '*' | '_' | '`' | '$' | '@' | '<' | '>' | '[' | ']' | '~' | '='
                | '-' | '+' | '/' | '\'' | '"' | ':' | '.' => {
                    sink.push('\\');
                    sink.push(c);
                }
                c => sink.push(c),
            }
        }
    }

    fn push(&mut self, s: &str) {
        self.sink().push_str(s);
    }

    fn paragraph_break(&mut self) {
        let sink = self.sink();
        while sink.ends_with(' ') {
            sink.pop();
        }
        if !sink.is_empty() && !sink.ends_with("\n\n") && !sink.ends_with('[') {
            sink.push_str(if sink.ends_with('\n') { "\n" } else { "\n\n" });
        }
    }

    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with("</");
        let inner = tag
            .trim_start_matches(['<', '/'])
            .trim_end_matches(['>', '/']);
        let name_len = inner
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(inner.len());
        let name = inner[..name_len].to_ascii_lowercase();
        if let Some(skipped) = &self.skip_until {
            if closing && *skipped == name {
                self.skip_until = None;
            }
            return;
        }
        if self.table_tag(&name, closing) {
            return;
        }
        if closing {
            self.close(&name);
            return;
        }
        let open = match name.as_str() {
            "p" | "div" | "section" | "figure" | "details" => {
                self.paragraph_break();
                Open::Block
            }
            "br" => {
                self.push(" \\\n");
                return;
            }
            "hr" => {
                self.paragraph_break();
                self.push("#line(length: 100%)\n\n");
                return;
            }
            "strong" | "b" => self.call("#strong["),
            "em" | "i" | "cite" => self.call("#emph["),
            "sup" if attribute(inner, "class").as_deref() == Some("footnote-reference") => {
                let anchor = attribute(inner, "id");
                let note = anchor
                    .as_deref()
                    .and_then(|id| id.strip_prefix("fnref-"))
                    .and_then(|a| self.notes.iter().find(|(n, _)| n == a));
                match note {
                    Some((_, markup)) => {
                        let call = format!("#footnote[{markup}];");
                        self.push(&call);
                        self.skip_until = Some(name);
                        return;
                    }
                    None => self.call("#super["),
                }
            }
            "sup" => self.call("#super["),
            "sub" => self.call("#sub["),
            "code" => {
                self.raw = true;
                self.call("#raw(block: false, \"")
            }
            "blockquote" => {
                self.paragraph_break();
                self.call("#quote(block: true)[")
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let n = name.as_bytes()[1] - b'0';
                let top = *self.top_heading.get_or_insert(n);
                let level = self.level + 1 + n.saturating_sub(top);
                self.paragraph_break();
                self.call(&format!("#heading(level: {level}, outlined: false)["))
            }
            "ul" | "ol" => {
                self.paragraph_break();
                let start = attribute(inner, "start").and_then(|s| s.parse::<u32>().ok());
                let call = match (name.as_str(), start) {
                    ("ol", Some(n)) => format!("#enum(start: {n}, "),
                    ("ol", None) => "#enum(".to_string(),
                    _ => "#list(".to_string(),
                };
                self.push(&call);
                Open::List
            }
            "li" => {
                self.push("[");
                Open::Item
            }
            "a" => match attribute(inner, "href").and_then(|h| self.links.absolute(&h)) {
                Some(href) => {
                    self.push(&format!("#link({})[", string_literal(&href)));
                    let start = self.sink().len();
                    Open::Link { start, href }
                }
                None => Open::Nothing,
            },
            "img" => {
                // A photo in a narrative is shown on the web page; the report names it.
                if let Some(alt) = attribute(inner, "alt").filter(|a| !a.is_empty()) {
                    self.push("#emph[");
                    self.text(&alt);
                    self.push("];");
                }
                return;
            }
            "svg" | "script" | "style" | "template" => {
                self.skip_until = Some(name.clone());
                return;
            }
            _ => Open::Nothing,
        };
        if !is_void(&name) {
            self.stack.push((name, open));
        }
    }

    fn call(&mut self, opening: &str) -> Open {
        self.push(opening);
        Open::Call
    }

    fn close(&mut self, name: &str) {
        let Some(at) = self.stack.iter().rposition(|(n, _)| n == name) else {
            return;
        };
        while self.stack.len() > at {
            let (name, open) = self.stack.pop().expect("within the stack");
            match open {
                Open::Call if name == "code" => {
                    self.raw = false;
                    self.push("\");");
                }
                Open::Call => {
                    let sink = self.sink();
                    while sink.ends_with(' ') {
                        sink.pop();
                    }
                    sink.push_str("];");
                    if name.starts_with('h') || name == "blockquote" {
                        self.push("\n\n");
                    }
                }
                Open::Link { start, href } => {
                    let sink = self.sink();
                    while sink.ends_with(' ') {
                        sink.pop();
                    }
                    let text: String = unescaped(&sink[start.min(sink.len())..]);
                    if text == href || Some(text.as_str()) == href.strip_prefix("mailto:") {
                        sink.insert_str(start, "#text(lang: \"und\", hyphenate: false)[");
                        sink.push(']');
                    }
                    sink.push_str("];");
                }
                Open::List => {
                    self.push(")\n\n");
                }
                Open::Item => {
                    let sink = self.sink();
                    while sink.ends_with([' ', '\n']) {
                        sink.pop();
                    }
                    sink.push_str("], ");
                }
                Open::Block => self.paragraph_break(),
                Open::Nothing => {}
            }
        }
    }
}

impl Writer<'_> {
    /// Reads the tags of a table; `true` when `name` was one of them. Cells keep their markup;
    /// the table is written when it closes, its header rows repeated on every page it spans.
    fn table_tag(&mut self, name: &str, closing: bool) -> bool {
        match (name, closing) {
            ("table", false) => {
                self.paragraph_break();
                self.table = Some(Table::default());
            }
            ("table", true) => {
                if let Some(table) = self.table.take() {
                    let table = table_markup(table);
                    self.push(&table);
                }
            }
            ("thead", open) => {
                if let Some(t) = &mut self.table {
                    t.in_head = !open;
                }
            }
            ("tbody" | "tfoot", _) => {}
            ("tr", false) => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                    if t.in_head {
                        t.header_rows += 1;
                    }
                }
            }
            ("tr", true) => {}
            ("td" | "th", false) => {
                if let Some(t) = &mut self.table {
                    t.cell = Some(String::new());
                }
            }
            ("td" | "th", true) => {
                if let Some(t) = &mut self.table {
                    let cell = t.cell.take().unwrap_or_default();
                    match t.rows.last_mut() {
                        Some(row) => row.push(cell),
                        None => t.rows.push(vec![cell]),
                    }
                }
            }
            ("caption", false) if self.table.is_some() => {
                self.skip_until = Some("caption".into());
            }
            _ => return false,
        }
        true
    }
}

/// `#table(…)` for the rows read: as many columns as the widest row, the header rows in
/// `table.header` (repeated on each page), short rows filled with empty cells.
fn table_markup(table: Table) -> String {
    let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return String::new();
    }
    let mut out = format!("#table(columns: {columns},");
    let row = |out: &mut String, cells: &[String]| {
        for i in 0..columns {
            let cell = cells.get(i).map_or("", |c| c.trim());
            let _ = write!(out, " [{cell}],");
        }
    };
    let header_rows = table.header_rows.min(table.rows.len());
    if header_rows > 0 {
        out.push_str(" table.header(");
        for cells in &table.rows[..header_rows] {
            row(&mut out, cells);
        }
        out.push_str("),");
    }
    for cells in &table.rows[header_rows..] {
        row(&mut out, cells);
    }
    out.push_str(")\n\n");
    out
}

/// The HTML without its footnote definitions (`markdown.rs` writes each as
/// `<div class="footnote-definition" id="fn-…">`, its number first), and each definition's
/// anchor with its text as markup.
fn footnote_definitions<'h>(
    html: &'h str,
    level: u8,
    links: &Links,
) -> (std::borrow::Cow<'h, str>, Vec<(String, String)>) {
    const START: &str = "<div class=\"footnote-definition\" id=\"fn-";
    if !html.contains(START) {
        return (std::borrow::Cow::Borrowed(html), Vec::new());
    }
    let mut kept = String::with_capacity(html.len());
    let mut notes = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(START) {
        kept.push_str(&rest[..at]);
        let after = &rest[at + START.len()..];
        let anchor = after.split('"').next().unwrap_or_default().to_string();
        // The definition ends at the `</div>` that closes it (its text may hold other blocks).
        let mut depth = 0usize;
        let mut end = after.len();
        let mut from = 0;
        while let Some(i) = after[from..].find("div") {
            let i = from + i;
            if after[..i].ends_with("</") {
                if depth == 0 {
                    end = after[i..].find('>').map_or(after.len(), |e| i + e + 1);
                    break;
                }
                depth -= 1;
            } else if after[..i].ends_with('<') {
                depth += 1;
            }
            from = i + 3;
        }
        let body = &after[..end];
        let body = body.find('>').map_or(body, |i| &body[i + 1..]);
        // Its number (the label) is Typst's to print; the closing `</div>` ends the body.
        let body = body
            .find("</sup>")
            .map_or(body, |i| &body[i + "</sup>".len()..]);
        let body = body.strip_suffix("</div>").unwrap_or(body);
        notes.push((anchor, from_html(body, level, links)));
        rest = &after[end..];
    }
    kept.push_str(rest);
    (std::borrow::Cow::Owned(kept), notes)
}

/// Elements that have no closing tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "meta" | "link" | "input" | "wbr"
    )
}

/// The value of `name="…"` in a tag's inside, with its character references decoded.
fn attribute(inner: &str, name: &str) -> Option<String> {
    let mut rest = inner;
    loop {
        let at = rest.find(name)?;
        let before = rest[..at].chars().next_back();
        let after = &rest[at + name.len()..];
        if before.is_some_and(char::is_whitespace) {
            if let Some(value) = after.strip_prefix("=\"") {
                let end = value.find('"')?;
                return Some(crate::html::html_text(&value[..end]));
            }
        }
        rest = after;
    }
}

/// Text written by [`Writer::text`] read back: its escapes undone.
fn unescaped(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut chars = markup.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// A Typst string literal of `text`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::syntax::{parse, SyntaxKind, SyntaxNode};

    const NO_LINKS: Links = Links { base: None };

    /// Whether Typst reads `markup` without an error.
    fn parses(markup: &str) -> bool {
        parse(markup).errors_and_warnings().0.is_empty()
    }

    /// The text Typst reads from `markup` when it is plain text: its words, escapes and spaces;
    /// anything that would be markup (strong, a comment, a dash shorthand) fails the test.
    fn read_back(markup: &str) -> String {
        fn walk(node: &SyntaxNode, out: &mut String) {
            match node.kind() {
                SyntaxKind::Markup => node.children().for_each(|c| walk(c, out)),
                SyntaxKind::Text => out.push_str(node.leaf_text()),
                SyntaxKind::Space => out.push(' '),
                SyntaxKind::Escape => out.push_str(&node.leaf_text()[1..]),
                other => panic!("{other:?}: {}", node.full_text()),
            }
        }
        let root = parse(markup);
        assert!(parses(markup), "{markup}");
        let mut out = String::new();
        walk(&root, &mut out);
        out
    }

    #[test]
    fn every_character_of_text_is_printed_as_written() {
        let text = r#"Index 174,1 * 2 = 348 -- or 2022-2027; _a_ #b $c$ @d <e> [f] `g` ~h //i /*j*/ \k 'l' "m" + n: 1. o... http://x.cz"#;
        let html = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let markup = from_html(&format!("<p>{html}</p>"), 1, &NO_LINKS);
        assert_eq!(read_back(&markup), text);
    }

    #[test]
    fn line_starts_are_never_headings_or_lists() {
        for text in [
            "= Nadpis",
            "- položka",
            "+ bod",
            "/ pojem: výklad",
            "1. bod",
        ] {
            let markup = from_html(&format!("<p>a<br>{text}</p>"), 1, &NO_LINKS);
            let root = parse(&markup);
            let kinds: Vec<SyntaxKind> = root.children().map(|c| c.kind()).collect();
            for kind in [
                SyntaxKind::Heading,
                SyntaxKind::ListItem,
                SyntaxKind::EnumItem,
                SyntaxKind::TermItem,
            ] {
                assert!(!kinds.contains(&kind), "{text:?} gave {kinds:?}: {markup}");
            }
        }
    }

    #[test]
    fn emphasis_links_lists_and_headings_become_their_typst_forms() {
        let html = "<h3>Co naleznete?</h3>\n<p>Text s <strong>tučným</strong> a <em>kurzívou</em>, \
                    <a href=\"/opatreni/1-1-1-1/\">odkaz</a>.</p>\n<ul>\n<li>první</li>\n<li>druhá</li>\n</ul>";
        let links = Links {
            base: Some("https://plan.ostrava.cz"),
        };
        let markup = from_html(html, 1, &links);
        assert_eq!(
            markup,
            "#heading(level: 2, outlined: false)[Co naleznete?];\n\n\
             Text s #strong[tučným]; a #emph[kurzívou];, \
             #link(\"https://plan.ostrava.cz/opatreni/1-1-1-1/\")[odkaz];\\.\n\n\
             #list([první], [druhá], )"
        );
        assert!(parses(&markup), "{markup}");
        // Without an absolute base the link text stays, without a link.
        let plain = from_html("<p><a href=\"/x/\">odkaz</a></p>", 1, &NO_LINKS);
        assert_eq!(plain, "odkaz");
        // A bare address is not set as Czech: a break at its hyphen must not repeat it.
        let url = "https://www.socialni-zaclenovani.cz/pracovni-skupina/";
        let bare = from_html(
            &format!("<p>(viz <a href=\"{url}\">{url}</a>)</p>"),
            1,
            &links,
        );
        assert_eq!(
            bare,
            "(viz #link(\"https://www.socialni-zaclenovani.cz/pracovni-skupina/\")\
             [#text(lang: \"und\", hyphenate: false)[https\\:\\/\\/www\\.socialni\\-zaclenovani\\.cz\
             \\/pracovni\\-skupina\\/]];)"
        );
        assert!(parses(&bare), "{bare}");
    }

    #[test]
    fn tables_keep_their_header_row_and_cells() {
        let html = "<table>\n<thead>\n<tr>\n<th>Rok</th>\n<th>Počet</th>\n</tr>\n</thead>\n\
                    <tbody>\n<tr>\n<td>2023</td>\n<td><strong>310</strong></td>\n</tr>\n</tbody>\n</table>";
        let markup = from_html(html, 1, &NO_LINKS);
        assert_eq!(
            markup,
            "#table(columns: 2, table.header( [Rok], [Počet],), [2023], [#strong[310];],)"
        );
        assert!(parses(&markup), "{markup}");
    }

    #[test]
    fn footnotes_are_printed_where_they_are_referred_to() {
        // As `markdown.rs` writes "Index vzrostl.[^z]\n\n[^z]: Zdroj: *Policie ČR*".
        let html = "<p>Index vzrostl.<sup class=\"footnote-reference\" id=\"fnref-ab-z\">\
                    <a href=\"#fn-ab-z\">1</a></sup></p>\n<div class=\"footnote-definition\" \
                    id=\"fn-ab-z\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-ab-z\">\
                    1</a></sup>\n<p>Zdroj: <em>Policie ČR</em></p>\n</div>\n<p>Další odstavec.</p>";
        let markup = from_html(html, 1, &NO_LINKS);
        assert_eq!(
            markup,
            "Index vzrostl\\.#footnote[Zdroj\\: #emph[Policie ČR];];\n\nDalší odstavec\\."
        );
        assert!(parses(&markup), "{markup}");
    }

    #[test]
    fn code_is_a_string_and_markers_and_svg_are_left_out() {
        let html =
            "<p>Klíč <code>status = \"x\\y\"</code>\0embed:1\0<svg><text>1</text></svg>.</p>";
        let markup = from_html(html, 1, &NO_LINKS);
        assert_eq!(
            markup,
            "Klíč #raw(block: false, \"status = \\\"x\\\\y\\\"\");\\."
        );
        assert!(parses(&markup), "{markup}");
    }
}

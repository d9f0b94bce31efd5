//! Markdown → HTML for narratives, articles and pages (pulldown-cmark). Pure: text in, HTML out.
//! Site-absolute links (`/opatreni/1-1-1-1/`) are prefixed with the base path so a sub-path
//! deploy works, and abbreviations defined in the plan become `<abbr title="…">` in running text
//! (not in code, not in image descriptions). In an article or a page, an image that points
//! into the site becomes a marker ([`photo_marker`]) with its [`Image`] beside it: the photo
//! step (`crate::photos`) knows its sizes only after the static files are read, and the
//! renderer puts its `<img>` there.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::config::BaseUrl;

/// The plan's abbreviations, longest first so "OSPOD" wins over "SPOD".
#[derive(Clone, Debug, Default, Hash)]
pub struct Abbreviations {
    /// (abbreviation, meaning), longest first.
    list: Vec<(String, String)>,
    /// For each first byte, the positions in `list` of the abbreviations starting with it.
    by_first_byte: Vec<Vec<usize>>,
    /// Whether any abbreviation starts with a byte: the scan passes over every other byte with
    /// this one look-up.
    starts: Vec<bool>,
    /// The lowest and the highest byte an abbreviation starts with: bytes outside are passed
    /// over sixteen at a time (abbreviations start with capitals, which are rare in text).
    start_range: (u8, u8),
}

impl Abbreviations {
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut list: Vec<(String, String)> = pairs
            .into_iter()
            .filter(|(abbr, _)| !abbr.is_empty())
            .collect();
        list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut by_first_byte = vec![Vec::new(); 256];
        for (n, (abbr, _)) in list.iter().enumerate() {
            by_first_byte[usize::from(abbr.as_bytes()[0])].push(n);
        }
        let starts: Vec<bool> = by_first_byte.iter().map(|at| !at.is_empty()).collect();
        let start_bytes = (0..=u8::MAX).filter(|&b| starts[usize::from(b)]);
        let start_range = (
            start_bytes.clone().min().unwrap_or(0),
            start_bytes.max().unwrap_or(0),
        );
        Abbreviations {
            list,
            by_first_byte,
            starts,
            start_range,
        }
    }

    /// The first position from `from` on whose byte an abbreviation starts with, or the end.
    fn next_start(&self, bytes: &[u8], from: usize) -> usize {
        let mut i = from;
        #[cfg(target_arch = "x86_64")]
        while i + 16 <= bytes.len() {
            use std::arch::x86_64::*;
            let (low, high) = self.start_range;
            // SAFETY: `i + 16 <= len`, so the unaligned 16-byte load stays inside `bytes`.
            let mut in_range = unsafe {
                let v = _mm_loadu_si128(bytes.as_ptr().add(i).cast::<__m128i>());
                // `v - low <= high - low` as unsigned bytes: `min` leaves it as it is.
                let shifted = _mm_sub_epi8(v, _mm_set1_epi8(low as i8));
                let below = _mm_min_epu8(shifted, _mm_set1_epi8(high.wrapping_sub(low) as i8));
                _mm_movemask_epi8(_mm_cmpeq_epi8(shifted, below))
            };
            while in_range != 0 {
                let at = i + in_range.trailing_zeros() as usize;
                if self.starts[usize::from(bytes[at])] {
                    return at;
                }
                in_range &= in_range - 1;
            }
            i += 16;
        }
        bytes[i..]
            .iter()
            .position(|&b| self.starts[usize::from(b)])
            .map_or(bytes.len(), |offset| i + offset)
    }

    fn at(&self, text: &str, i: usize) -> Option<&(String, String)> {
        let candidates = self.by_first_byte.get(usize::from(text.as_bytes()[i]))?;
        if candidates.is_empty() {
            return None;
        }
        let before_is_word = match i.checked_sub(1).map(|b| text.as_bytes()[b]) {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            Some(_) => text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric),
        };
        if before_is_word {
            return None;
        }
        candidates.iter().map(|&n| &self.list[n]).find(|(abbr, _)| {
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
        if self.list.is_empty() {
            return None;
        }
        // Made at the first abbreviation: most text has none.
        let mut marked: Option<String> = None;
        let mut last = 0;
        let mut i = 0;
        // Only the bytes an abbreviation starts with are looked at. Such a byte is never the
        // continuation of a UTF-8 character, so each stop is at a character boundary.
        let bytes = text.as_bytes();
        loop {
            let at = self.next_start(bytes, i);
            if at == bytes.len() {
                break;
            }
            if let Some((abbr, meaning)) = self.at(text, at) {
                let out = marked.get_or_insert_with(|| String::with_capacity(text.len() + 64));
                push_escaped(out, &text[last..at]);
                out.push_str("<abbr title=\"");
                push_escaped(out, meaning);
                out.push_str("\">");
                push_escaped(out, abbr);
                out.push_str("</abbr>");
                i = at + abbr.len();
                last = i;
            } else {
                i = at + 1;
            }
        }
        let mut out = marked?;
        push_escaped(&mut out, &text[last..]);
        Some(out)
    }
}

fn push_escaped(out: &mut String, text: &str) {
    crate::html::escape_html(text, out).expect("writing to a String cannot fail");
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
    render(markdown, base, abbreviations, false).html
}

/// The names of the shortcodes articles and pages may use.
pub const SHORTCODES: [&str; 2] = ["measure", "indicator"];

/// An embed written in Markdown as `{{< name argument >}}`, e.g. `{{< measure 1.1.1.1 >}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortcode {
    pub name: String,
    pub argument: String,
    /// Byte range of the whole shortcode in the Markdown.
    pub span: std::ops::Range<usize>,
    /// Alone in its paragraph: the marker replaces the paragraph, so block content (a chart)
    /// may go there.
    pub block: bool,
}

/// Something in a body that cannot be read (a shortcode, a link or image Markdown did not
/// recognise), with where it is and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortcodeError {
    pub span: std::ops::Range<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// HTML with a marker where each shortcode goes, the shortcodes in order, and the links that
/// point into the site.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WithEmbeds {
    pub html: String,
    pub shortcodes: Vec<Shortcode>,
    pub errors: Vec<ShortcodeError>,
    pub links: Vec<LocalLink>,
    /// Byte offsets of tables written without a `: caption` paragraph.
    pub uncaptioned_tables: Vec<usize>,
    /// The images that point into the site, in the order of their markers.
    pub images: Vec<Image>,
}

/// An image written in an article's or page's Markdown (`![Poradna](/obrazky/poradna.jpg)`)
/// whose file is part of the site; its place in the HTML is [`photo_marker`] of its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// The address as written, before the base path is added.
    pub target: String,
    /// The description (alt text), as plain text.
    pub alt: String,
    pub title: String,
    /// Inside a link: the photo is not wrapped in a link to its original.
    pub in_link: bool,
    /// The `<img>` Markdown would have written, for an image that is no photo (an SVG, a file
    /// that does not exist).
    pub plain_html: String,
    /// Byte range of the image in the Markdown.
    pub span: std::ops::Range<usize>,
}

/// The marker of image `i` in [`WithEmbeds::html`] (no Markdown input can produce it, as for
/// [`embed_marker`]).
pub fn photo_marker(i: usize) -> String {
    format!("\u{0}photo:{i}\u{0}")
}

/// A link or image in Markdown whose target is part of the site (`/opatreni/1-1-1-1/`,
/// `../o-planu/`, `#cile`, `/soubory/zprava.pdf`), kept so the build can check that it exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalLink {
    /// As written, before the base path is added.
    pub target: String,
    pub image: bool,
    /// Byte range of the link in the Markdown.
    pub span: std::ops::Range<usize>,
}

/// Whether a link target leaves the site: it has a scheme (`https:`, `mailto:`, `tel:`) or is
/// protocol-relative (`//example.cz`).
pub fn is_external(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    let scheme_end = target.find(':');
    scheme_end.is_some_and(|end| {
        let scheme = &target[..end];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !scheme.contains('/')
    })
}

/// The marker of shortcode `i` in [`WithEmbeds::html`]. No Markdown input can produce it:
/// pulldown-cmark replaces NUL characters of its input with U+FFFD.
pub fn embed_marker(i: usize) -> String {
    format!("\u{0}embed:{i}\u{0}")
}

/// Renders Markdown to HTML, leaving a marker for each `{{< … >}}` shortcode in running text
/// (not in code or image descriptions).
pub fn to_html_with_embeds(
    markdown: &str,
    base: &BaseUrl,
    abbreviations: &Abbreviations,
) -> WithEmbeds {
    render(markdown, base, abbreviations, true)
}

/// Links and images that stayed text because their address has a space
/// (`![Poradna](/obrazky/Fotka poradny.JPG)`): Markdown ends an address at a space, so the
/// reader would see the brackets. Each becomes an error at its place in the source.
fn unread_links(text: &str, source: &str, offset: usize, errors: &mut Vec<ShortcodeError>) {
    let mut from = 0;
    while let Some(at) = text[from..].find("](").map(|i| from + i) {
        from = at + 2;
        let Some(open) = text[..at].rfind('[') else {
            continue;
        };
        let Some(close) = text[at + 2..].find(')').map(|i| at + 2 + i) else {
            continue;
        };
        let address = &text[at + 2..close];
        if !address.trim().contains(char::is_whitespace) || address.contains('\n') {
            continue;
        }
        let image = text[..open].ends_with('!');
        let start = if image { open - 1 } else { open };
        let written = &text[start..=close];
        let span_start = source[offset.min(source.len())..]
            .find(written)
            .map_or(offset, |i| offset + i);
        let tidy: String = address
            .trim()
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-");
        errors.push(ShortcodeError {
            span: span_start..span_start + written.len(),
            message: if image {
                crate::msg!("markdown.image_space", address = address.trim())
            } else {
                crate::msg!("markdown.link_space", address = address.trim())
            },
            hint: Some(crate::msg!(
                "markdown.space_hint",
                tidy,
                text = &text[start..at + 1],
                address = address.trim()
            )),
        });
        from = close + 1;
    }
}

/// Splits `text` (found at `offset` in the Markdown) at its shortcodes: literal pieces and the
/// shortcodes, in order.
fn split_shortcodes(
    text: &str,
    source: &str,
    offset: usize,
    found: &mut Vec<Shortcode>,
    errors: &mut Vec<ShortcodeError>,
) -> Vec<Result<String, usize>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    // Where to look for the shortcode's text in the source, to report its position.
    let mut source_from = offset;
    while let Some(open) = rest.find("{{<") {
        let at = source[source_from.min(source.len())..]
            .find("{{<")
            .map_or(offset, |i| source_from + i);
        let Some(close) = rest[open..].find(">}}").map(|i| open + i) else {
            errors.push(ShortcodeError {
                span: at..at + 3,
                message: crate::msg!("markdown.unclosed"),
                hint: Some(crate::msg!("markdown.unclosed_hint")),
            });
            break;
        };
        if open > 0 {
            pieces.push(Ok(rest[..open].to_string()));
        }
        let inner = rest[open + 3..close].trim();
        let len = close + 3 - open;
        source_from = at + len;
        let mut words = inner.splitn(2, char::is_whitespace);
        let name = words.next().unwrap_or("").to_string();
        let argument = words
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .to_string();
        let span = at..at + len;
        if name.is_empty() || argument.is_empty() || argument.contains(char::is_whitespace) {
            errors.push(ShortcodeError {
                span,
                message: crate::msg!("markdown.malformed", found = &rest[open..close + 3]),
                hint: Some(crate::msg!("markdown.malformed_hint")),
            });
        } else {
            pieces.push(Err(found.len()));
            found.push(Shortcode {
                name,
                argument,
                span,
                block: false,
            });
        }
        rest = &rest[close + 3..];
    }
    if !rest.is_empty() {
        pieces.push(Ok(rest.to_string()));
    }
    pieces
}

fn render(
    markdown: &str,
    base: &BaseUrl,
    abbreviations: &Abbreviations,
    embeds: bool,
) -> WithEmbeds {
    let mut pass = Pass {
        markdown,
        base,
        abbreviations,
        embeds,
        verbatim: 0,
        events: Vec::new(),
        result: WithEmbeds::default(),
        table_starts: Vec::new(),
        image: None,
        in_links: 0,
        pending: None,
    };
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        pass.push(event, range);
    }
    pass.flush();
    let Pass {
        events,
        mut result,
        table_starts,
        ..
    } = pass;
    let events = block_shortcodes(events, &mut result);
    let events = caption_tables(events, &table_starts, &mut result);
    // A whole article or page: its headings get anchors (one document per page, so they
    // cannot clash with another Markdown text's).
    let events = if embeds { heading_ids(events) } else { events };
    let events = footnotes(events, markdown);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    result.html = out;
    result
}

/// Anchors every page of the default theme has around its content (the skip link's target,
/// the header search, the contents list): a heading named "Obsah" becomes `obsah-1`.
const PAGE_IDS: [&str; 3] = ["obsah", "hledat-na-webu", "na-teto-strance"];

/// Gives every heading without an `{#id}` one made from its text ("Jak číst první vyhodnocení"
/// → `jak-cist-prvni-vyhodnoceni`), numbered from `-1` when the text repeats, so a section can
/// be linked and listed in the page's contents.
fn heading_ids(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut taken: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .chain(PAGE_IDS.iter().map(|id| id.to_string()))
        .collect();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            for event in &events[i + 1..] {
                match event {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    // Text with abbreviations marked: its text, spaces kept.
                    Event::InlineHtml(html) => {
                        let mut in_tag = false;
                        text.extend(html.chars().filter(|&c| {
                            let keep = !in_tag && c != '<';
                            in_tag = (in_tag || c == '<') && c != '>';
                            keep
                        }));
                    }
                    _ => {}
                }
            }
            let base = crate::slug::slugify(&text);
            let base = if base.is_empty() {
                "h".to_string()
            } else {
                base
            };
            let mut id = base.clone();
            let mut n = 0;
            while taken.contains(&id) {
                n += 1;
                id = format!("{base}-{n}");
            }
            taken.insert(id.clone());
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        }
        i += 1;
    }
    events
}

/// Footnotes that link both ways: the reference to its note, the note's number back to the
/// reference. Their anchors carry a hash of the Markdown, so several texts with footnotes on
/// one page (an indicator's comments) do not share anchors; numbers follow the order of the
/// first reference, as in the text.
fn footnotes<'e>(events: Vec<Event<'e>>, markdown: &str) -> Vec<Event<'e>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::FootnoteReference(_)))
    {
        return events;
    }
    // FNV-1a: a stable, short name for this text (no crate needed for six lines).
    let hash = markdown.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let mut numbers: Vec<CowStr<'e>> = Vec::new();
    let mut number = |label: &CowStr<'e>| match numbers.iter().position(|l| l == label) {
        Some(i) => i + 1,
        None => {
            numbers.push(label.clone());
            numbers.len()
        }
    };
    let anchor = |label: &str| format!("{hash:08x}-{}", crate::slug::slugify(label));
    events
        .into_iter()
        .map(|event| match event {
            Event::FootnoteReference(label) => {
                let (n, a) = (number(&label), anchor(&label));
                Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\" id=\"fnref-{a}\"><a href=\"#fn-{a}\">{n}</a></sup>"
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (n, a) = (number(&label), anchor(&label));
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"fn-{a}\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-{a}\">{n}</a></sup>\n"
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::from("</div>\n")),
            other => other,
        })
        .collect()
}

/// The pass over the parser's events: merges consecutive text, marks abbreviations and
/// shortcodes in it, rebases links, and notes links and tables for the checks after it.
struct Pass<'a, 'r> {
    markdown: &'a str,
    base: &'r BaseUrl,
    abbreviations: &'r Abbreviations,
    /// Whether shortcodes are looked for.
    embeds: bool,
    /// Inside code and image descriptions, text must stay as it is.
    verbatim: usize,
    events: Vec<Event<'a>>,
    result: WithEmbeds,
    table_starts: Vec<usize>,
    /// The image being read (its first event's place in `events`, and the image so far).
    image: Option<(usize, Image)>,
    /// How many links the parser is inside.
    in_links: usize,
    /// Consecutive text events, merged so a shortcode split by the parser is seen whole.
    /// Borrowed from the source when the parser could, owned (and grown in place) once merged.
    pending: Option<(Cow<'a, str>, usize)>,
}

impl<'a> Pass<'a, '_> {
    /// Takes the parser's next event, found at `range` in the Markdown.
    fn push(&mut self, event: Event<'a>, range: Range<usize>) {
        let event = if self.verbatim == 0 {
            match self.merge_text(event, range.start) {
                Some(event) => event,
                None => return,
            }
        } else {
            event
        };
        self.flush();
        if let Event::Start(Tag::Table(_)) = &event {
            self.table_starts.push(range.start);
        }
        self.note_link(&event, range.clone());
        if self.embeds {
            self.note_image(&event, range);
        }
        let event = self.rebased(event);
        let ends_image = matches!(event, Event::End(TagEnd::Image));
        self.events.push(event);
        if ends_image && self.embeds {
            self.end_image();
        }
    }

    /// Follows the images of an article or page: their description is taken down, and one
    /// without a description is an error.
    fn note_image(&mut self, event: &Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Link { .. }) => self.in_links += 1,
            Event::End(TagEnd::Link) => self.in_links = self.in_links.saturating_sub(1),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let image = Image {
                    target: dest_url.to_string(),
                    alt: String::new(),
                    title: title.to_string(),
                    in_link: self.in_links > 0,
                    plain_html: String::new(),
                    span: range,
                };
                self.image = Some((self.events.len(), image));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, image)) = &mut self.image {
                    image.alt.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, image)) = &mut self.image {
                    image.alt.push(' ');
                }
            }
            _ => {}
        }
    }

    /// The image whose last event was just pushed: reported without a description, and when it
    /// points into the site, replaced by its marker.
    fn end_image(&mut self) {
        let Some((at, mut image)) = self.image.take() else {
            return;
        };
        if image.alt.trim().is_empty() {
            self.result.errors.push(ShortcodeError {
                span: image.span.clone(),
                message: crate::msg!("markdown.no_alt", target = image.target),
                hint: Some(crate::msg!("markdown.no_alt_hint")),
            });
        }
        if image.target.is_empty() || is_external(&image.target) {
            return;
        }
        html::push_html(&mut image.plain_html, self.events.drain(at..));
        self.events
            .push(Event::InlineHtml(CowStr::from(photo_marker(
                self.result.images.len(),
            ))));
        self.result.images.push(image);
    }

    /// Adds a text event (at `start`) to the pending text; gives back any other event.
    fn merge_text(&mut self, event: Event<'a>, start: usize) -> Option<Event<'a>> {
        match (&event, &mut self.pending) {
            (Event::Text(text), Some((t, _))) => {
                t.to_mut().push_str(text);
                None
            }
            (Event::Text(_), None) => {
                let Event::Text(text) = event else {
                    unreachable!("matched as text")
                };
                let text = match text {
                    CowStr::Borrowed(s) => Cow::Borrowed(s),
                    other => Cow::Owned(other.into_string()),
                };
                self.pending = Some((text, start));
                None
            }
            // `{{<measure 1.1.1.1>}}` without spaces reads as an HTML tag after `{{`.
            (Event::InlineHtml(html), Some((t, _))) if self.embeds && t.ends_with("{{") => {
                t.to_mut().push_str(html);
                None
            }
            _ => Some(event),
        }
    }

    /// Turns the pending text into events: its abbreviations marked, its shortcodes markers.
    fn flush(&mut self) {
        let Some((text, offset)) = self.pending.take() else {
            return;
        };
        if self.embeds && text.contains("](") {
            unread_links(&text, self.markdown, offset, &mut self.result.errors);
        }
        let abbreviations = self.abbreviations;
        let text_event = |text: CowStr<'a>| match abbreviations.mark(&text) {
            Some(html) => Event::InlineHtml(CowStr::from(html)),
            None => Event::Text(text),
        };
        if self.embeds && text.contains("{{<") {
            let pieces = split_shortcodes(
                &text,
                self.markdown,
                offset,
                &mut self.result.shortcodes,
                &mut self.result.errors,
            );
            self.events
                .extend(pieces.into_iter().map(|piece| match piece {
                    Ok(text) => text_event(CowStr::from(text)),
                    Err(i) => Event::InlineHtml(CowStr::from(embed_marker(i))),
                }));
        } else {
            self.events.push(text_event(CowStr::from(text)));
        }
    }

    /// Notes a link or image to a local target, for the link check.
    fn note_link(&mut self, event: &Event<'a>, range: Range<usize>) {
        if let Event::Start(
            Tag::Link {
                link_type,
                dest_url,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                ..
            },
        ) = event
        {
            if *link_type != LinkType::Email && !dest_url.is_empty() && !is_external(dest_url) {
                self.result.links.push(LocalLink {
                    target: dest_url.to_string(),
                    image: matches!(event, Event::Start(Tag::Image { .. })),
                    span: range,
                });
            }
        }
    }

    /// The event with its link or image rebased; counts the code blocks and image
    /// descriptions it enters and leaves.
    fn rebased(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: rebase(dest_url, self.base),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.verbatim += 1;
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: rebase(dest_url, self.base),
                    title,
                    id,
                })
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.verbatim += 1;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(end @ (TagEnd::Image | TagEnd::CodeBlock)) => {
                self.verbatim = self.verbatim.saturating_sub(1);
                Event::End(end)
            }
            other => other,
        }
    }
}

/// A paragraph that holds one shortcode and nothing else becomes the shortcode alone.
fn block_shortcodes<'e>(events: Vec<Event<'e>>, result: &mut WithEmbeds) -> Vec<Event<'e>> {
    let mut out_events = Vec::with_capacity(events.len());
    for event in events {
        out_events.push(event);
        // Three events in, the last three may be that paragraph.
        let n = out_events.len();
        if n >= 3 {
            if let (
                Event::Start(Tag::Paragraph),
                Event::InlineHtml(html),
                Event::End(TagEnd::Paragraph),
            ) = (&out_events[n - 3], &out_events[n - 2], &out_events[n - 1])
            {
                if let Some(index) = marker_index(html) {
                    result.shortcodes[index].block = true;
                    let html = html.clone();
                    out_events.truncate(n - 3);
                    out_events.push(Event::Html(html));
                }
            }
        }
    }
    out_events
}

/// Whether the paragraph starting at `events[at]` is a caption (`: Počet klientů podle roku`):
/// its first event without the colon, and the place of its end. Nothing is moved, so text
/// that is no caption costs one look at its first event.
fn caption_paragraph<'e>(events: &[Event<'e>], at: usize) -> Option<(Event<'e>, usize)> {
    if !matches!(events.get(at), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    let first = match events.get(at + 1)? {
        Event::Text(t) => Event::Text(CowStr::from(t.strip_prefix(':')?.trim_start().to_string())),
        Event::InlineHtml(h) => {
            Event::InlineHtml(CowStr::from(h.strip_prefix(':')?.trim_start().to_string()))
        }
        _ => return None,
    };
    let end = at
        + events[at..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))?;
    Some((first, end))
}

/// Moves `event` out of the list of events being rearranged, leaving a placeholder.
fn take<'e>(event: &mut Event<'e>) -> Event<'e> {
    std::mem::replace(event, Event::SoftBreak)
}

/// Moves the events of the caption paragraph that [`caption_paragraph`] found at `at` out of
/// `events`, its first one replaced by `first`; returns them and the place after the paragraph.
fn take_caption<'e>(
    events: &mut [Event<'e>],
    at: usize,
    (first, end): (Event<'e>, usize),
) -> (Vec<Event<'e>>, usize) {
    let mut inner: Vec<Event<'e>> = events[at + 1..end].iter_mut().map(take).collect();
    inner[0] = first;
    (inner, end + 1)
}

/// Gives each table the caption written as a paragraph starting with `:` right after it (or
/// right before it), as in Pandoc. A table without one gets no caption and is reported in
/// [`WithEmbeds::uncaptioned_tables`]: a table needs a caption to be accessible. The events
/// are moved, not copied.
fn caption_tables<'e>(
    mut events: Vec<Event<'e>>,
    table_starts: &[usize],
    result: &mut WithEmbeds,
) -> Vec<Event<'e>> {
    if table_starts.is_empty() {
        return events;
    }
    let mut out: Vec<Event<'e>> = Vec::with_capacity(events.len() + 2);
    let mut table = 0;
    let mut i = 0;
    while i < events.len() {
        // A caption paragraph before a table: held back until the table starts.
        if let Some(found) = caption_paragraph(&events, i) {
            let next = found.1 + 1;
            if matches!(events.get(next), Some(Event::Start(Tag::Table(_)))) {
                let (caption, _) = take_caption(&mut events, i, found);
                out.push(take(&mut events[next]));
                push_caption(&mut out, caption);
                table += 1;
                i = next + 1;
                continue;
            }
        }
        if let Event::Start(Tag::Table(_)) = &events[i] {
            let end = i + events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Table)))
                .unwrap_or(events.len() - i - 1);
            out.push(take(&mut events[i]));
            match caption_paragraph(&events, end + 1) {
                Some(found) => {
                    let (caption, next) = take_caption(&mut events, end + 1, found);
                    push_caption(&mut out, caption);
                    out.extend(events[i + 1..=end].iter_mut().map(take));
                    i = next;
                }
                None => {
                    result
                        .uncaptioned_tables
                        .push(table_starts.get(table).copied().unwrap_or(0));
                    out.extend(events[i + 1..=end].iter_mut().map(take));
                    i = end + 1;
                }
            }
            table += 1;
            continue;
        }
        out.push(take(&mut events[i]));
        i += 1;
    }
    out
}

fn push_caption<'e>(out: &mut Vec<Event<'e>>, caption: Vec<Event<'e>>) {
    let mut html_text = String::new();
    html::push_html(&mut html_text, caption.into_iter());
    out.push(Event::Html(CowStr::from(format!(
        "<caption>{}</caption>",
        html_text.trim()
    ))));
}

/// Puts the HTML of each embed where its marker is, in one pass over the page (a body with
/// hundreds of embeds must not be copied once per embed). A marker without HTML stays.
pub fn replace_markers<'e>(html: &str, embed: impl Fn(usize) -> Option<&'e str>) -> String {
    replace_markers_of(html, "\u{0}embed:", embed)
}

/// [`replace_markers`] for the markers of images ([`photo_marker`]).
pub fn replace_photo_markers<'e>(html: &str, photo: impl Fn(usize) -> Option<&'e str>) -> String {
    replace_markers_of(html, "\u{0}photo:", photo)
}

fn replace_markers_of<'e>(
    html: &str,
    open: &str,
    embed: impl Fn(usize) -> Option<&'e str>,
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        let Some(end) = after.find('\u{0}') else {
            rest = &rest[start..];
            break;
        };
        let marker = &rest[start..start + open.len() + end + 1];
        let index = marker[open.len()..marker.len() - 1].parse().ok();
        match index.and_then(&embed) {
            Some(replacement) => out.push_str(replacement),
            None => out.push_str(marker),
        }
        rest = &rest[start + marker.len()..];
    }
    out.push_str(rest);
    out
}

fn marker_index(html: &str) -> Option<usize> {
    html.strip_prefix("\u{0}embed:")?
        .strip_suffix('\u{0}')?
        .parse()
        .ok()
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
    fn markers_are_replaced_in_one_pass() {
        let html = format!(
            "<p>a{}b{}c{}</p>",
            embed_marker(0),
            embed_marker(1),
            embed_marker(2)
        );
        let out = replace_markers(&html, |i| ["X", "", "Z"].get(i).copied().filter(|_| i != 1));
        assert_eq!(out, format!("<p>aXb{}cZ</p>", embed_marker(1)));
        assert_eq!(replace_markers("\u{0}embed:", |_| Some("X")), "\u{0}embed:");
    }

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
    fn a_colon_paragraph_after_or_before_a_table_becomes_its_caption() {
        let table = "| Rok | Klienti |\n|---|---|\n| 2023 | 1190 |\n";
        let after = embeds(&format!("{table}\n: Klienti *podle* roku\n\nDalší text."));
        assert!(
            after
                .html
                .starts_with("<table><caption>Klienti <em>podle</em> roku</caption><thead>"),
            "{}",
            after.html
        );
        assert!(after.html.contains("<p>Další text.</p>"));
        assert!(
            !after.html.contains("<p>:"),
            "the caption paragraph is gone"
        );
        assert!(after.uncaptioned_tables.is_empty());

        let before = embeds(&format!(": Klienti podle roku\n\n{table}"));
        assert!(before
            .html
            .starts_with("<table><caption>Klienti podle roku</caption>"));
        assert!(before.uncaptioned_tables.is_empty());

        // A colon paragraph away from any table stays a paragraph.
        let alone = embeds(": jen text\n");
        assert_eq!(alone.html, "<p>: jen text</p>\n");
    }

    #[test]
    fn a_table_without_a_caption_is_reported_where_it_starts() {
        let md = "Úvod.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n| C |\n|---|\n| 3 |\n\n: Druhá\n";
        let out = embeds(md);
        assert_eq!(out.uncaptioned_tables, [md.find("| A").unwrap()]);
        assert_eq!(out.html.matches("<caption>").count(), 1);
    }

    fn embeds(md: &str) -> WithEmbeds {
        to_html_with_embeds(md, &BaseUrl::parse("/").unwrap(), &Abbreviations::default())
    }

    #[test]
    fn links_and_images_with_a_space_in_their_address_are_errors() {
        let md = "Text.\n\n![Foto](/obrazky/Moje foto.jpg) a [zpráva](soubory/Zpráva 2023.pdf).";
        let out = embeds(md);
        let found: Vec<(&str, &str)> = out
            .errors
            .iter()
            .map(|e| (&md[e.span.clone()], e.message.as_str()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "![Foto](/obrazky/Moje foto.jpg)");
        assert!(found[0].1.starts_with("this image is not shown"));
        assert_eq!(found[1].0, "[zpráva](soubory/Zpráva 2023.pdf)");
        assert!(found[1].1.starts_with("this link is not shown"));
        // In angle brackets the address may have spaces: Markdown reads it, nothing to report.
        let out = embeds("![Foto](</obrazky/Moje foto.jpg>) and [a](b) (c d)");
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert!(
            out.images[0]
                .plain_html
                .starts_with("<img src=\"/obrazky/Moje%20foto.jpg\""),
            "{:?}",
            out.images
        );
    }

    #[test]
    fn images_of_the_site_become_markers_and_every_image_needs_a_description() {
        let md = "![Poradna *U mostu*](/obrazky/poradna.jpg \"Foto: MMO\")\n\n\
                  [![Mapa](mapa.png)](/o-planu/) ![Logo](https://example.cz/logo.png)\n\n\
                  ![](/obrazky/bez-popisu.jpg)";
        let out = embeds(md);
        let images: Vec<(&str, &str, &str, bool)> = out
            .images
            .iter()
            .map(|i| {
                (
                    i.target.as_str(),
                    i.alt.as_str(),
                    i.title.as_str(),
                    i.in_link,
                )
            })
            .collect();
        assert_eq!(
            images,
            [
                (
                    "/obrazky/poradna.jpg",
                    "Poradna U mostu",
                    "Foto: MMO",
                    false
                ),
                ("mapa.png", "Mapa", "", true),
                ("/obrazky/bez-popisu.jpg", "", "", false),
            ]
        );
        assert!(out.html.starts_with(&format!("<p>{}</p>", photo_marker(0))));
        assert!(out
            .html
            .contains(&format!("<a href=\"/o-planu/\">{}</a>", photo_marker(1))));
        // An image elsewhere on the web stays as Markdown writes it.
        assert!(out
            .html
            .contains("<img src=\"https://example.cz/logo.png\" alt=\"Logo\" />"));
        assert_eq!(
            out.images[0].plain_html,
            "<img src=\"/obrazky/poradna.jpg\" alt=\"Poradna U mostu\" title=\"Foto: MMO\" />"
        );
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        assert_eq!(
            &md[out.errors[0].span.clone()],
            "![](/obrazky/bez-popisu.jpg)"
        );
        assert!(out.errors[0]
            .message
            .contains("has no description (alt text)"));
        let filled = replace_photo_markers(&out.html, |i| ["A", "B", "C"].get(i).copied());
        assert!(filled.starts_with("<p>A</p>"), "{filled}");
    }

    #[test]
    fn shortcodes_leave_markers_and_know_where_they_are() {
        let md = "Úvod.\n\nStav: {{< measure 1.1.1.1 >}} a dál.\n\n{{< indicator pocet-bytu >}}\n";
        let out = embeds(md);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(out.shortcodes.len(), 2);
        let (m, i) = (&out.shortcodes[0], &out.shortcodes[1]);
        assert_eq!(
            (m.name.as_str(), m.argument.as_str(), m.block),
            ("measure", "1.1.1.1", false)
        );
        assert_eq!(&md[m.span.clone()], "{{< measure 1.1.1.1 >}}");
        assert_eq!(
            (i.name.as_str(), i.argument.as_str(), i.block),
            ("indicator", "pocet-bytu", true)
        );
        assert_eq!(&md[i.span.clone()], "{{< indicator pocet-bytu >}}");
        assert!(
            out.html
                .contains(&format!("<p>Stav: {} a dál.</p>", embed_marker(0))),
            "{}",
            out.html
        );
        // A shortcode alone in its paragraph replaces the paragraph (a figure cannot be in a <p>).
        assert!(
            out.html.contains(&format!("\n{}", embed_marker(1))),
            "{}",
            out.html
        );
        assert!(!out.html.contains(&format!("<p>{}", embed_marker(1))));
    }

    #[test]
    fn shortcodes_in_code_stay_literal() {
        let out = embeds("`{{< measure 1.1.1.1 >}}`\n\n```\n{{< measure 1 >}}\n```\n");
        assert!(out.shortcodes.is_empty() && out.errors.is_empty());
        assert!(
            out.html
                .contains("<code>{{&lt; measure 1.1.1.1 &gt;}}</code>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn shortcodes_without_spaces_and_quoted_arguments() {
        let out = embeds("A {{<measure 2.1.1.1>}} b {{< measure \"3.1.1.1\" >}}");
        let args: Vec<&str> = out.shortcodes.iter().map(|s| s.argument.as_str()).collect();
        assert_eq!(args, ["2.1.1.1", "3.1.1.1"]);
        assert!(!out.html.contains("<measure"), "{}", out.html);
    }

    #[test]
    fn malformed_shortcodes_are_errors_with_position() {
        let md = "Text\n\nvíce {{< measure >}} a {{< indicator x";
        let out = embeds(md);
        assert_eq!(out.errors.len(), 2, "{:?}", out.errors);
        assert_eq!(&md[out.errors[0].span.clone()], "{{< measure >}}");
        assert!(out.errors[1].message.contains("not closed"));
        assert_eq!(&md[out.errors[1].span.clone()], "{{<");
        // Narratives (not articles) keep the text as written.
        let plain = to_html(
            "{{< measure 1 >}}",
            &BaseUrl::parse("/").unwrap(),
            &Abbreviations::default(),
        );
        assert!(plain.contains("{{&lt; measure 1 &gt;}}"), "{plain}");
    }

    #[test]
    fn plain_text_for_descriptions() {
        assert_eq!(
            to_plain_text("**Tučně** a [odkaz](/x)\n\n- bod"),
            "Tučně a odkaz bod"
        );
    }

    #[test]
    fn abbreviations_are_found_at_every_position_of_a_long_text() {
        let abbrs = Abbreviations::new([
            ("OSPOD".to_string(), "orgán".to_string()),
            ("APK".to_string(), "agentura".to_string()),
        ]);
        // Capitals that start no abbreviation, Czech letters and a near miss around it, so that
        // the abbreviation falls at every place of the sixteen-byte blocks and after them.
        let filler = "Ostrava, Česko a ZAPK žije. ";
        for n in 0..40 {
            let before: String = filler.chars().cycle().take(n).collect();
            let text = format!("{before} OSPOD {filler}APK");
            let marked = abbrs.mark(&text).expect("two abbreviations");
            assert_eq!(marked.matches("<abbr").count(), 2, "{marked}");
            assert!(
                marked.contains(r#"<abbr title="orgán">OSPOD</abbr>"#),
                "{marked}"
            );
            assert!(
                marked.ends_with(r#"<abbr title="agentura">APK</abbr>"#),
                "{marked}"
            );
            assert_eq!(abbrs.mark(&format!("{before} žádná")), None);
        }
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

    #[test]
    fn headings_of_an_article_get_anchors_made_from_their_text() {
        let html = to_html_with_embeds(
            "## Jak číst první vyhodnocení\n\n## Čísla\n\n## Čísla\n\n### Vlastní {#moje}\n\n## `kód` a OPZ+\n\n## Obsah\n",
            &BaseUrl::parse("/").unwrap(),
            &Abbreviations::new([("OPZ+".to_string(), "Operační program Zaměstnanost plus".to_string())]),
        )
        .html;
        assert!(
            html.contains("<h2 id=\"jak-cist-prvni-vyhodnoceni\">"),
            "{html}"
        );
        assert!(
            html.contains("<h2 id=\"cisla\">Čísla</h2>\n<h2 id=\"cisla-1\">"),
            "{html}"
        );
        assert!(html.contains("<h3 id=\"moje\">"), "{html}");
        assert!(html.contains("<h2 id=\"kod-a-opz\">"), "{html}");
        // The page's own anchors are not taken: the skip link's target stays unique.
        assert!(html.contains("<h2 id=\"obsah-1\">Obsah</h2>"), "{html}");
        // Other Markdown (summaries, descriptions) shares its page with others: no anchors.
        let short = to_html(
            "## Čísla\n",
            &BaseUrl::parse("/").unwrap(),
            &Abbreviations::default(),
        );
        assert_eq!(short, "<h2>Čísla</h2>\n");
    }

    #[test]
    fn a_footnote_and_its_reference_link_to_each_other() {
        let md = "Zdroj údajů[^pcr] a další.\n\n[^pcr]: Policie České republiky\n";
        let html = to_html(md, &BaseUrl::parse("/").unwrap(), &Abbreviations::default());
        let hash = "103e338f";
        assert_eq!(
            html,
            format!(
                "<p>Zdroj údajů<sup class=\"footnote-reference\" id=\"fnref-{hash}-pcr\"><a href=\"#fn-{hash}-pcr\">1</a></sup> a další.</p>\n\
                 <div class=\"footnote-definition\" id=\"fn-{hash}-pcr\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-{hash}-pcr\">1</a></sup>\n\
                 <p>Policie České republiky</p>\n</div>\n"
            )
        );
        // Another text's footnote with the same label gets other anchors.
        let other = to_html(
            "Jinde[^pcr].\n\n[^pcr]: Jiný zdroj\n",
            &BaseUrl::parse("/").unwrap(),
            &Abbreviations::default(),
        );
        assert!(!other.contains(hash), "{other}");
    }
}

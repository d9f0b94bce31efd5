//! Every internal link, anchor and embedded resource in a built site points at something that
//! exists, also when the site is published under a sub-path.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::*;
use milnik::build::{self, BuildOptions};

/// A start tag of an HTML document: its name, its attributes and the line it starts on.
pub struct Tag {
    pub name: String,
    /// Attribute names lower-cased, values with character references decoded.
    pub attributes: Vec<(String, String)>,
    pub line: usize,
}

impl Tag {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of an HTML document, in order. Comments, doctypes, end tags and the text of
/// `<script>`, `<style>`, `<textarea>` and `<title>` are skipped, so text that merely looks like
/// markup (escaped code in an article, say) is not taken for a link.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let mut counted = 0; // bytes[..counted] have been counted into `line`
    let skip_past = |from: usize, needle: &str| {
        html[from..]
            .find(needle)
            .map_or(html.len(), |p| from + p + needle.len())
    };
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        line += bytecount(&bytes[counted..start], b'\n');
        counted = start;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = skip_past(start + 4, "-->");
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?") {
            i = skip_past(start + 1, ">");
            continue;
        }
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            i = start + 1; // a stray `<` in text
            continue;
        }
        let (tag, end) = parse_start_tag(html, start, line);
        i = end;
        if matches!(tag.name.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{}", tag.name);
            i = html[end..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |p| end + p);
        }
        tags.push(tag);
    }
    tags
}

fn bytecount(bytes: &[u8], byte: u8) -> usize {
    bytes.iter().filter(|&&b| b == byte).count()
}

/// Parses the start tag beginning at `html[start] == '<'`; returns it and the index after it.
fn parse_start_tag(html: &str, start: usize, line: usize) -> (Tag, usize) {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    let name_end = html[i..]
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .map_or(html.len(), |p| i + p);
    let name = html[i..name_end].to_ascii_lowercase();
    i = name_end;
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let attr_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
            .map_or(html.len(), |p| i + p);
        let attr = html[i..attr_end].to_ascii_lowercase();
        i = attr_end;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let raw = if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i] as char;
                let end = html[i + 1..].find(quote).map_or(html.len(), |p| i + 1 + p);
                let raw = &html[i + 1..end];
                i = (end + 1).min(html.len());
                raw
            } else {
                let end = html[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |p| i + p);
                let raw = &html[i..end];
                i = end;
                raw
            };
            value = decode_references(raw);
        }
        if attr.is_empty() {
            i += 1; // not an attribute name: step over the odd character
            continue;
        }
        attributes.push((attr, value));
    }
    (
        Tag {
            name,
            attributes,
            line,
        },
        (i + 1).min(html.len()),
    )
}

/// Decodes the character references that can occur in attribute values of generated HTML.
pub fn decode_references(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::new();
    let mut rest = raw;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
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

/// The URL path a generated file is published at, under the site's `base_path` (`/` or `/psz/`):
/// `opatreni/x/index.html` → `/psz/opatreni/x/`.
fn url_of(file: &str, base_path: &str) -> String {
    let page = file.strip_suffix("index.html").unwrap_or(file);
    format!("{base_path}{page}")
}

/// Resolves the path part of a reference against the URL path of the page it is on, as a
/// browser does (RFC 3986 section 5.2, dot segments removed).
fn resolve_path(page_url: &str, reference: &str) -> String {
    let joined = if reference.is_empty() {
        page_url.to_owned()
    } else if reference.starts_with('/') {
        reference.to_owned()
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |p| p + 1)];
        format!("{dir}{reference}")
    };
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = joined.split('/').skip(1).collect();
    for (index, part) in parts.iter().enumerate() {
        let last = index + 1 == parts.len();
        match *part {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            other => segments.push(other),
        }
    }
    format!("/{}", segments.join("/"))
}

/// The URLs a tag refers to, as (attribute, value) pairs: `href` (also SVG's `xlink:href`),
/// `src`, and every candidate of `srcset`.
fn references(tag: &Tag) -> Vec<(&str, String)> {
    let mut found = Vec::new();
    for (name, value) in &tag.attributes {
        match name.as_str() {
            "href" | "xlink:href" | "src" | "poster" => found.push((name.as_str(), value.clone())),
            "srcset" => {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        found.push((name.as_str(), url.to_owned()));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Every broken reference of the HTML pages among `files` (relative path → bytes), for a site
/// published under `base_path` (`/`, or a sub-path like `/psz/`), as `file:line: ... (why)`.
///
/// Checked: `href`, `src`, `srcset` and `poster` of every element, whether absolute (`/psz/x/`),
/// relative (`../x/`, resolved against the page's own URL) or only a fragment (`#id`). A path
/// must lie under `base_path` and name a generated file (`x/` is `x/index.html`; `x` is accepted
/// when `x/index.html` exists, as hosts redirect it), and a fragment must be the `id` of an element
/// of the target page. Links to other sites (`http:`, `https:`, `//host`), `mailto:`, `tel:` and
/// inline `data:` URLs are not checked; any other scheme is reported. `404.html` is served at
/// every missing URL, whatever its depth, so it may use no relative path at all.
pub fn broken_links(files: &BTreeMap<String, Vec<u8>>, base_path: &str) -> Vec<String> {
    assert!(base_path.starts_with('/') && base_path.ends_with('/'));
    let is_page = |path: &str| path.ends_with(".html") || path.ends_with(".svg");
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut tags_of: BTreeMap<&str, Vec<Tag>> = BTreeMap::new();
    for (path, bytes) in files.iter().filter(|(p, _)| is_page(p.as_str())) {
        let text = String::from_utf8_lossy(bytes);
        let tags = start_tags(&text);
        let set = tags
            .iter()
            .filter_map(|t| t.attribute("id"))
            .map(str::to_owned)
            .collect();
        ids.insert(path, set);
        tags_of.insert(path, tags);
    }
    let mut broken = Vec::new();
    for (path, tags) in tags_of.iter().filter(|(p, _)| p.ends_with(".html")) {
        let page_url = url_of(path, base_path);
        for tag in tags {
            for (attribute, value) in references(tag) {
                let reference = value.trim();
                let mut report = |why: String| {
                    broken.push(format!(
                        "{path}:{}: <{} {attribute}=\"{value}\"> {why}",
                        tag.line, tag.name
                    ))
                };
                let lower = reference.to_ascii_lowercase();
                if reference.starts_with("//")
                    || ["http:", "https:", "mailto:", "tel:", "data:"]
                        .iter()
                        .any(|scheme| lower.starts_with(scheme))
                {
                    continue;
                }
                if let Some(colon) = reference.find(':') {
                    let scheme = &reference[..colon];
                    if !scheme.contains(['/', '?', '#']) {
                        report(format!("(unexpected scheme `{scheme}:`)"));
                        continue;
                    }
                }
                if reference.is_empty() {
                    report("(empty)".into());
                    continue;
                }
                let (before_fragment, fragment) = match reference.split_once('#') {
                    Some((before, fragment)) => (before, Some(fragment)),
                    None => (reference, None),
                };
                let url_path = before_fragment.split('?').next().unwrap_or("");
                if *path == "404.html" && !url_path.is_empty() && !url_path.starts_with('/') {
                    report(
                        "(404.html is served at every missing URL, so its links cannot be relative)"
                            .into(),
                    );
                    continue;
                }
                let target_url = resolve_path(&page_url, url_path);
                let Some(in_site) = target_url.strip_prefix(base_path) else {
                    report(format!(
                        "(leads to {target_url}, outside the site's base path {base_path})"
                    ));
                    continue;
                };
                let Some(in_site) = percent_decode(in_site) else {
                    report("(bad percent-encoding)".into());
                    continue;
                };
                let target = if in_site.is_empty() || in_site.ends_with('/') {
                    format!("{in_site}index.html")
                } else if !files.contains_key(&in_site)
                    && files.contains_key(&format!("{in_site}/index.html"))
                {
                    format!("{in_site}/index.html")
                } else {
                    in_site
                };
                if !files.contains_key(&target) {
                    report(format!("(no file {target})"));
                    continue;
                }
                let Some(fragment) = fragment else { continue };
                let Some(fragment) = percent_decode(fragment) else {
                    report("(bad percent-encoding in the fragment)".into());
                    continue;
                };
                // An empty fragment and `#top` (when no element has that id) mean the top of the
                // page in the HTML standard ("scroll to the fragment"), so they need no element.
                if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
                    continue;
                }
                if let Some(target_ids) = ids.get(target.as_str()) {
                    if !target_ids.contains(&fragment) {
                        report(format!("(no element with id `{fragment}` in {target})"));
                    }
                }
            }
        }
    }
    broken
}

/// Fails with the list of broken references when there is any (see [`broken_links`]).
pub fn assert_links_resolve(files: &BTreeMap<String, Vec<u8>>, base_path: &str) {
    let broken = broken_links(files, base_path);
    assert!(
        broken.is_empty(),
        "{} broken links (site published under {base_path}):\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// The bundled site built with `base_url` set to an address with a sub-path.
fn with_sub_path(root: &std::path::Path) -> BuildOptions {
    BuildOptions {
        base_url: Some("https://example.cz/psz/".into()),
        ..options(root)
    }
}

#[test]
fn fixture_site_has_no_broken_internal_links() {
    let opts = options(&fixture("minimal"));
    let built = build::render_site(&opts).unwrap();
    assert_links_resolve(&built.output.files, &site_base_path(&opts));
}

#[test]
fn bundled_site_has_no_broken_internal_links() {
    let opts = options(&repo_root());
    let built = build::render_site(&opts).unwrap();
    assert_links_resolve(&built.output.files, &site_base_path(&opts));
}

#[test]
fn fixture_site_has_no_broken_links_under_a_sub_path() {
    let opts = with_sub_path(&fixture("minimal"));
    assert_eq!(site_base_path(&opts), "/psz/");
    let built = build::render_site(&opts).unwrap();
    assert_links_resolve(&built.output.files, "/psz/");
}

#[test]
fn bundled_site_has_no_broken_links_under_a_sub_path() {
    let opts = with_sub_path(&repo_root());
    let built = build::render_site(&opts).unwrap();
    assert_links_resolve(&built.output.files, "/psz/");
}

/// The checker itself finds each kind of broken reference, and accepts the good ones.
#[test]
fn the_link_checker_finds_what_is_broken() {
    let page = |html: &str| html.as_bytes().to_vec();
    let files: BTreeMap<String, Vec<u8>> = [
        (
            "index.html",
            page(concat!(
                "<!doctype html><title>a <a href=\"/nowhere/\"> in a title is text</title>\n",
                "<a href=\"/psz/opatreni/\">ok</a> <a href=\"/psz/opatreni/#seznam\">ok</a>\n",
                "<a href=\"opatreni/1/\">ok, relative</a> <a href=\"#top\">ok</a> <a href=\"#\">ok</a>\n",
                "<a href=\"/psz/opatreni\">ok, redirected</a> <a href='#uvod'>ok</a>\n",
                "<a href=\"https://example.cz/\">external</a> <a href=\"mailto:a@b.cz\">mail</a>\n",
                "<img src=\"data:image/png;base64,AA==\" alt=\"\"> <img src=\"/psz/a%20b.png\" alt=\"\">\n",
                "<!-- <a href=\"/psz/commented-out/\"> -->\n",
                "<script>const a = '<a href=\"/nowhere/\">';</script>\n",
                "<h2 id=\"uvod\">Úvod</h2><p>&lt;a href=\"/psz/escaped/\"&gt;</p>\n",
                "<a href=\"/opatreni/\">1 ignores the base path</a>\n",
                "<a href=\"/psz/chybi/\">2 missing page</a>\n",
                "<a href=\"#chybi\">3 missing fragment</a>\n",
                "<a href=\"/psz/opatreni/#chybi\">4 missing fragment elsewhere</a>\n",
                "<img src=\"/psz/chybi.png\" alt=\"5 missing image\">\n",
                "<a href=\"opatreni/2/\">6 missing relative</a>\n",
                "<a href=\"../../\">7 above the base path</a>\n",
                "<a href=\"javascript:void(0)\">8 script</a>\n",
                "<img srcset=\"/psz/a%20b.png 1x, /psz/chybi-2x.png 2x\" alt=\"9\">\n",
            )),
        ),
        (
            "opatreni/index.html",
            page("<ul id=\"seznam\"><li><a href=\"1/\">ok</a> <a href=\"../\">ok</a></ul>"),
        ),
        (
            "opatreni/1/index.html",
            page("<a href=\"../../opatreni/#seznam\">ok</a> <a href=\"./#x\">10</a>"),
        ),
        (
            "404.html",
            page("<link href=\"/psz/style.css\"><a href=\"opatreni/\">11 relative on 404</a>"),
        ),
        ("a b.png", Vec::new()),
        ("style.css", Vec::new()),
    ]
    .into_iter()
    .map(|(path, bytes)| (path.to_owned(), bytes))
    .collect();
    let broken = broken_links(&files, "/psz/");
    let expected = [
        "404.html:1: <a href=\"opatreni/\"> (404.html is served at every missing URL",
        "index.html:10: <a href=\"/opatreni/\"> (leads to /opatreni/, outside the site's base path /psz/)",
        "index.html:11: <a href=\"/psz/chybi/\"> (no file chybi/index.html)",
        "index.html:12: <a href=\"#chybi\"> (no element with id `chybi` in index.html)",
        "index.html:13: <a href=\"/psz/opatreni/#chybi\"> (no element with id `chybi` in opatreni/index.html)",
        "index.html:14: <img src=\"/psz/chybi.png\"> (no file chybi.png)",
        "index.html:15: <a href=\"opatreni/2/\"> (no file opatreni/2/index.html)",
        "index.html:16: <a href=\"../../\"> (leads to /, outside the site's base path /psz/)",
        "index.html:17: <a href=\"javascript:void(0)\"> (unexpected scheme `javascript:`)",
        "index.html:18: <img srcset=\"/psz/chybi-2x.png\"> (no file chybi-2x.png)",
        "opatreni/1/index.html:1: <a href=\"./#x\"> (no element with id `x` in opatreni/1/index.html)",
    ];
    assert_eq!(
        broken.len(),
        expected.len(),
        "found:\n{}",
        broken.join("\n")
    );
    for (found, expected) in broken.iter().zip(expected) {
        assert!(
            found.starts_with(expected),
            "{found}\ndoes not start with\n{expected}"
        );
    }
}

//! What a public site publishes beside its pages — sitemap.xml, robots.txt, the Atom feed of
//! articles, the 404 page, canonical and Open Graph metadata, the favicon — and the structure
//! every page must have to be accessible: one `<h1>`, headings without jumps, tables with a
//! caption and header cells. Checked on the bundled site and on a fixture under a sub-path.

use std::collections::BTreeSet;

use milnik::build::{self, BuildOptions, Built};

use crate::support::*;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

fn built_under_sub_path() -> Built {
    let opts = BuildOptions {
        base_url: Some("https://example.cz/psz/".into()),
        ..options(&fixture("minimal"))
    };
    build::render_site(&opts).unwrap()
}

fn bundled() -> Built {
    build::render_site(&options(&repo_root())).unwrap()
}

fn text(built: &Built, path: &str) -> String {
    String::from_utf8(built.output.files[path].clone()).unwrap()
}

/// The public HTML pages of a build: every `.html` file but the 404 page.
fn public_pages(built: &Built) -> BTreeSet<String> {
    built
        .output
        .files
        .keys()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .cloned()
        .collect()
}

/// The absolute address of an output file under `base`.
fn address(base: &str, path: &str) -> String {
    format!("{base}{}", path.trim_end_matches("index.html"))
}

/// A W3C date or date-time as sitemaps and Atom use them (`2024-06-20`, `2024-06-20T00:00:00Z`).
fn is_w3c_date(text: &str, with_time: bool) -> bool {
    let (date, time) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()));
    let time_ok = match time {
        None => !with_time,
        Some(t) => t.len() == 9 && t.ends_with('Z') && t.as_bytes()[2] == b':',
    };
    date_ok && time_ok
}

fn assert_sitemap_lists_every_page(built: &Built, base: &str) {
    let xml = text(built, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP_NS));
    let mut listed = BTreeSet::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url", "only <url> inside <urlset>");
        assert_eq!(url.tag_name().namespace(), Some(SITEMAP_NS));
        let children: Vec<_> = url.children().filter(|n| n.is_element()).collect();
        let loc = children
            .iter()
            .find(|n| n.has_tag_name((SITEMAP_NS, "loc")))
            .and_then(|n| n.text())
            .expect("every <url> has a <loc>");
        assert!(loc.starts_with(base), "{loc} is not under {base}");
        assert!(loc.len() < 2048, "a <loc> is under 2,048 characters");
        for child in &children {
            let name = child.tag_name().name();
            assert!(
                ["loc", "lastmod", "changefreq", "priority"].contains(&name),
                "<{name}> is not a sitemap element"
            );
            if name == "lastmod" {
                assert!(is_w3c_date(child.text().unwrap(), false), "{loc}: lastmod");
            }
        }
        assert!(listed.insert(loc.to_string()), "{loc} is listed twice");
    }
    let expected: BTreeSet<String> = public_pages(built)
        .iter()
        .map(|p| address(base, p))
        .collect();
    assert_eq!(
        listed, expected,
        "the sitemap lists exactly the public pages"
    );
    assert!(!xml.contains("404"), "the 404 page is not in the sitemap");
}

/// The Atom child element `name` of `node`, which must exist.
fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|n| n.has_tag_name((ATOM_NS, name)))
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
}

fn assert_feed_is_valid_atom(built: &Built, base: &str) {
    let xml = text(built, "clanky/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM_NS, "feed")));
    for required in ["id", "title", "updated"] {
        assert!(!child(feed, required).text().unwrap_or("").is_empty());
    }
    assert!(is_w3c_date(child(feed, "updated").text().unwrap(), true));
    let self_link = feed
        .children()
        .find(|n| n.has_tag_name((ATOM_NS, "link")) && n.attribute("rel") == Some("self"))
        .expect("the feed links to itself");
    assert_eq!(
        self_link.attribute("href"),
        Some(format!("{base}clanky/atom.xml").as_str())
    );
    // Atom needs an author on the feed or on every entry.
    assert!(!child(child(feed, "author"), "name")
        .text()
        .unwrap()
        .is_empty());
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM_NS, "entry")))
        .collect();
    let articles: Vec<&String> = built
        .output
        .files
        .keys()
        .filter(|p| {
            p.starts_with("clanky/") && p.ends_with("/index.html") && *p != "clanky/index.html"
        })
        .collect();
    assert_eq!(
        entries.len(),
        articles.len().min(milnik::pages::FEED_ARTICLES)
    );
    let mut ids = BTreeSet::new();
    for entry in entries {
        let id = child(entry, "id").text().unwrap();
        assert!(ids.insert(id), "entry ids are unique");
        assert!(id.starts_with(base));
        let page = format!("{}index.html", &id[base.len()..]);
        assert!(built.output.files.contains_key(&page), "{id} is a page");
        assert!(!child(entry, "title").text().unwrap().is_empty());
        assert!(is_w3c_date(child(entry, "updated").text().unwrap(), true));
        let alternate = child(entry, "link");
        assert_eq!(alternate.attribute("href"), Some(id));
    }
}

#[test]
fn the_sitemap_lists_every_public_page_under_a_sub_path() {
    assert_sitemap_lists_every_page(&built_under_sub_path(), "https://example.cz/psz/");
}

#[test]
fn the_bundled_sitemap_lists_every_public_page() {
    let built = bundled();
    assert_sitemap_lists_every_page(&built, "https://psz.ostrava.cz/");
    assert!(built
        .output
        .files
        .contains_key("prohlaseni-o-pristupnosti/index.html"));
}

#[test]
fn the_article_feed_is_atom_under_a_sub_path() {
    assert_feed_is_valid_atom(&built_under_sub_path(), "https://example.cz/psz/");
    assert_feed_is_valid_atom(&bundled(), "https://psz.ostrava.cz/");
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let robots = text(&built_under_sub_path(), "robots.txt");
    assert!(robots.starts_with("User-agent: *\n"), "{robots}");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://example.cz/psz/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn a_base_url_without_a_host_warns_and_publishes_no_sitemap_or_feed() {
    let opts = BuildOptions {
        base_url: Some("/psz/".into()),
        ..options(&fixture("minimal"))
    };
    let built = build::render_site(&opts).unwrap();
    assert!(!built.output.files.contains_key("sitemap.xml"));
    assert!(!built.output.files.contains_key("clanky/atom.xml"));
    assert!(!text(&built, "robots.txt").contains("Sitemap:"));
    assert!(built
        .warnings
        .0
        .iter()
        .any(|d| d.message.contains("has no scheme and host")));
}

/// The value of `<meta name|property="key" content="...">` in a page.
fn meta<'a>(html: &'a str, attribute: &str, key: &str) -> Option<&'a str> {
    let marker = format!("<meta {attribute}=\"{key}\" content=\"");
    let start = html.find(&marker)? + marker.len();
    Some(&html[start..start + html[start..].find('"')?])
}

#[test]
fn every_page_has_its_canonical_address_description_and_open_graph_tags() {
    let base = "https://example.cz/psz/";
    let built = built_under_sub_path();
    for path in public_pages(&built) {
        let html = text(&built, &path);
        let canonical = format!(r#"<link rel="canonical" href="{}">"#, address(base, &path));
        assert!(html.contains(&canonical), "{path}: {canonical}");
        let description = meta(&html, "name", "description").expect("a description");
        assert!(description.chars().count() > 20, "{path}: {description}");
        assert_eq!(meta(&html, "property", "og:description"), Some(description));
        assert!(meta(&html, "property", "og:title").is_some_and(|t| !t.is_empty()));
        assert_eq!(
            meta(&html, "property", "og:url"),
            Some(address(base, &path).as_str())
        );
        assert!(html.contains(r#"<link rel="icon" href="/psz/favicon.svg" type="image/svg+xml">"#));
        assert!(html.contains(r#"type="application/atom+xml""#));
        assert!(html.contains("<html lang=\"cs\">"), "{path}");
    }
    assert!(built.output.files.contains_key("favicon.svg"));
    let article = text(&built, "clanky/prvni-byty/index.html");
    assert_eq!(meta(&article, "property", "og:type"), Some("article"));
}

#[test]
fn the_404_page_is_a_real_page_kept_out_of_search_engines() {
    let built = built_under_sub_path();
    let html = text(&built, "404.html");
    assert!(html.contains("<h1>"));
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(!html.contains(r#"rel="canonical""#));
    assert!(
        html.contains(r#"href="/psz/""#),
        "it links home under the sub-path"
    );
}

/// Headings in document order as levels (1–6), outside `<svg>` (charts have their own titles).
fn heading_levels(html: &str) -> Vec<u8> {
    let mut levels = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        rest = &rest[at + 2..];
        if let Some(&digit) = rest.as_bytes().first() {
            let next = rest.as_bytes().get(1).copied();
            if (b'1'..=b'6').contains(&digit) && matches!(next, Some(b'>' | b' ')) {
                levels.push(digit - b'0');
            }
        }
    }
    levels
}

fn assert_page_structure(built: &Built) {
    let mut problems = Vec::new();
    for path in built.output.files.keys().filter(|p| p.ends_with(".html")) {
        let html = text(built, path);
        let levels = heading_levels(&html);
        let h1s = levels.iter().filter(|&&l| l == 1).count();
        if h1s != 1 {
            problems.push(format!("{path}: {h1s} <h1> elements"));
        }
        if levels.first() != Some(&1) {
            // The footer's h2 comes after main; the first heading must be the page's h1.
            problems.push(format!("{path}: the first heading is not <h1>: {levels:?}"));
        }
        for pair in levels.windows(2) {
            if pair[1] > pair[0] + 1 {
                problems.push(format!(
                    "{path}: heading jumps from h{} to h{}",
                    pair[0], pair[1]
                ));
            }
        }
        for (i, table) in html.split("<table").skip(1).enumerate() {
            let table = &table[..table.find("</table>").unwrap_or(table.len())];
            let inside = table
                .split_once('>')
                .map_or("", |(_, rest)| rest.trim_start());
            if !inside.starts_with("<caption") {
                problems.push(format!("{path}: table {} has no <caption> first", i + 1));
            }
            if !table.contains("<th") {
                problems.push(format!("{path}: table {} has no header cells", i + 1));
            }
        }
        for landmark in ["<header", "<nav", "<main id=\"obsah\"", "<footer"] {
            if !html.contains(landmark) {
                problems.push(format!("{path}: no {landmark}>"));
            }
        }
        if !html.contains("class=\"skip-link\" href=\"#obsah\"") {
            problems.push(format!("{path}: no skip link"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_bundled_page_has_one_h1_ordered_headings_and_captioned_tables() {
    assert_page_structure(&bundled());
}

#[test]
fn every_fixture_page_has_one_h1_ordered_headings_and_captioned_tables() {
    assert_page_structure(&built_under_sub_path());
    let three = build::render_site(&options(&fixture("three-waves"))).unwrap();
    assert_page_structure(&three);
}

#[test]
fn czech_pages_are_typeset_in_text_but_not_in_attributes() {
    let built = bundled();
    let html = raw_page(&built, "clanky/kontaktni-misto-pro-bydleni/index.html");
    // In text: after one-letter prepositions, inside numbers and dates.
    assert!(html.contains("<h1>Kontaktní místo pro bydlení má už 1\u{a0}190 klientů</h1>"));
    assert!(html.contains("V\u{a0}Ostravě je první adresou"));
    assert!(html.contains("do 30.\u{a0}dubna\u{a0}2024 prošlo 1\u{a0}190 klientů"));
    // Attributes keep the text as written.
    let description = meta(&html, "name", "description").unwrap();
    assert!(
        description.contains("k 30. 4. 2024 už 1 190 klientů"),
        "{description}"
    );
    // Badges read the same everywhere, bound together.
    assert!(html.contains(">V\u{a0}realizaci (3/6)</span>"));
}

#[test]
fn an_english_site_is_not_given_czech_typography() {
    let site = site_copy("minimal");
    edit(
        site.path(),
        "milnik.toml",
        "title =",
        "language = \"en\"\ntitle =",
    );
    english_links(site.path());
    let built = build::render_site(&options(site.path())).unwrap();
    let html = raw_page(&built, "measures/1-1-1-1/index.html");
    // The plan's own statuses are content, shown as written; the Czech content is not typeset.
    assert!(html.contains(">V realizaci (3/6)</span>"), "{html}");
    assert!(html.contains("s podporou"), "{html}");
    assert!(!html.contains("s\u{a0}podporou"), "{html}");
    // Amounts, periods and dates are written the English way.
    assert!(html.contains("CZK\u{a0}"), "{html}");
    for czech in ["Kč", "Průběžně", "mil."] {
        assert!(!html.contains(czech), "{czech} in {html}");
    }
}

#[test]
fn a_plan_without_statuses_of_its_own_uses_the_themes_in_its_language() {
    let site = site_copy("minimal");
    let root = site.path();
    edit(root, "milnik.toml", "title =", "language = \"en\"\ntitle =");
    english_links(root);
    // The plan declares none: the English theme's statuses are the ones wave files write.
    let plan = std::fs::read_to_string(root.join("content/plan.toml")).unwrap();
    let start = plan.find("[[status]]").unwrap();
    let end = plan.find("# The projects each evaluation lists").unwrap();
    assert!(
        !plan[start..end].contains("[[abbreviation]]"),
        "only statuses are cut"
    );
    std::fs::write(
        root.join("content/plan.toml"),
        format!("{}{}", &plan[..start], &plan[end..]),
    )
    .unwrap();
    let wave = "content/waves/1-vyhodnoceni.toml";
    edit(root, wave, "\"V realizaci (3/6)\"", "\"In progress (3/6)\"");
    edit(root, wave, "\"Nerealizováno\"", "\"Cancelled\"");
    let built = build::render_site(&options(root)).unwrap();
    let measure = raw_page(&built, "measures/1-1-1-1/index.html");
    assert!(measure.contains(">In progress (3/6)</span>"), "{measure}");
    let cancelled = raw_page(&built, "measures/1-1-1-2/index.html");
    assert!(
        cancelled.contains("<span class=\"badge badge--cancelled\">Cancelled</span>"),
        "{cancelled}"
    );
    // A kind the wave uses gets its row in the status chart; kinds nobody uses do not.
    let wave_page = raw_page(&built, "evaluations/prubezne-vyhodnoceni-i/index.html");
    assert!(wave_page.contains(">Cancelled</th>"), "{wave_page}");
    assert!(!wave_page.contains(">Postponed</th>"), "{wave_page}");
    // The home page counts it too, and leaves out the kinds no measure has.
    let home = raw_page(&built, "index.html");
    assert!(
        home.contains("<span class=\"badge badge--cancelled\">Cancelled</span> <strong>1</strong>"),
        "{home}"
    );
    assert!(!home.contains(">Postponed</span>"), "{home}");
    // Czech words of the theme's statuses are not accepted on an English site.
    edit(root, wave, "\"Cancelled\"", "\"Zrušeno\"");
    let shown = build::check(&options(root)).diagnostics.to_string();
    assert!(
        shown.contains("unknown status `Zrušeno`; expected one of `Not started`, `In progress`, `In progress (2/6)` (reports used/total), `Completed`"),
        "{shown}"
    );
}

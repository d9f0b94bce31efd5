//! Charts in built sites: every inline SVG is well-formed XML with an accessible name and a
//! description, is followed by its data table, survives markup characters in content, and
//! matches its snapshot (tests/snapshots/*.svg; `MILNIK_UPDATE_SNAPSHOTS=1` rewrites them after
//! a deliberate change, which the diff then shows).

use std::collections::BTreeMap;

use crate::support::*;
use milnik::build::{self, Built};

/// Every `<svg …>…</svg>` in a page, in order.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..]
            .find("</svg>")
            .map(|e| start + e + "</svg>".len())
            .expect("an <svg> is closed");
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// Checks one SVG: well-formed, `role="img"`, a non-empty `<title>` and `<desc>` as its first
/// children. Returns (title, desc).
fn check_svg(page: &str, svg: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{page}: a chart is not well-formed XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{page}");
    assert_eq!(root.attribute("role"), Some("img"), "{page}: {svg}");
    assert!(
        root.attribute("viewBox").is_some(),
        "{page}: scales by its viewBox"
    );
    let mut children = root.children().filter(|n| n.is_element());
    let title = children.next().expect("a first child");
    let desc = children.next().expect("a second child");
    assert_eq!(title.tag_name().name(), "title", "{page}");
    assert_eq!(desc.tag_name().name(), "desc", "{page}");
    let (t, d) = (
        title.text().unwrap_or_default().to_string(),
        desc.text().unwrap_or_default().to_string(),
    );
    assert!(
        !t.trim().is_empty() && !d.trim().is_empty(),
        "{page}: {svg}"
    );
    (t, d)
}

/// Checks every chart of every page; returns the number of charts per page.
fn check_site(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        let found = svgs(html);
        for svg in &found {
            check_svg(path, svg);
            // The same data as a table after the picture (drawn for the column and for a
            // phone) in its figure.
            let after = &html[html.find(svg).unwrap() + svg.len()..];
            let figure = &after[..after.find("</figure>").unwrap()];
            let Some(at) = figure.find("<details class=\"chart__data\">") else {
                panic!("{path}: a chart is not followed by its data table");
            };
            let next = &figure[at..];
            let table = &next[..next.find("</details>").unwrap()];
            assert!(table.contains("<caption>") && table.contains("<th scope=\"col\">"));
        }
        counts.insert(path.clone(), found.len());
    }
    counts
}

fn ostrava() -> Built {
    build::render_site(&options(&repo_root())).unwrap()
}

#[test]
fn every_chart_of_the_bundled_site_is_valid_and_described() {
    let built = ostrava();
    let counts = check_site(&built.output.files);
    let at_least_one = |path: &str| {
        assert!(
            counts.get(path).copied().unwrap_or(0) >= 1,
            "{path} has no chart"
        );
    };
    at_least_one("vlny/prubezne-vyhodnoceni-i/index.html");
    at_least_one("financovani/index.html");
    at_least_one("rizika/index.html");
    for area in ["bydleni", "prevence-kriminality", "rodina", "zdravi"] {
        at_least_one(&format!("oblasti/{area}/index.html"));
    }
    let indicator_pages: Vec<&String> = built
        .output
        .files
        .keys()
        .filter(|p| p.starts_with("indikatory/") && p.matches('/').count() == 2)
        .collect();
    assert_eq!(indicator_pages.len(), 11, "{indicator_pages:?}");
    for p in indicator_pages {
        at_least_one(p);
    }
    let areas = built
        .output
        .files
        .keys()
        .filter(|p| p.starts_with("oblasti/") && p.matches('/').count() == 2)
        .count();
    assert_eq!(areas, 6);
    for (path, _) in built
        .output
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("oblasti/") && p.matches('/').count() == 2)
    {
        at_least_one(path);
    }
}

#[test]
fn chart_descriptions_say_what_the_chart_shows() {
    let built = ostrava();
    let wave = raw_page(&built, "vlny/prubezne-vyhodnoceni-i/index.html");
    let (title, desc) = check_svg("vlny/prubezne-vyhodnoceni-i", svgs(&wave)[0]);
    assert_eq!(title, "Opatření podle stavu realizace – celý plán");
    assert_eq!(
        desc,
        "Stav 47\u{a0}opatření (celý plán) podle hodnocení Průběžné vyhodnocení I.: nerealizováno 15, v realizaci 31, dokončeno 1."
    );
    let area = raw_page(&built, "oblasti/bydleni/index.html");
    let descs: Vec<String> = svgs(&area)
        .iter()
        .map(|s| check_svg("bydleni", s).1)
        .collect();
    assert!(
        descs.iter().any(|d| d.contains("39 z 40 (97\u{a0}%)")),
        "{descs:#?}"
    );
    assert!(
        descs.iter().any(|d| d.contains("53 z 50 (106\u{a0}%)")),
        "over 100 % is shown as such: {descs:#?}"
    );
    let risks = raw_page(&built, "rizika/index.html");
    let (_, desc) = check_svg("rizika", svgs(&risks)[0]);
    assert!(
        desc.contains(
            "R2 Nedostatek finančních prostředků – pravděpodobnost 3, dopad 5, významnost 15"
        ),
        "{desc}"
    );
}

#[test]
fn chart_numbers_are_czech() {
    let built = ostrava();
    let html = raw_page(&built, "indikatory/podil-uchazecu-12-mesicu/index.html");
    let svg = svgs(&html)[0];
    assert!(svg.contains(">3,01<"), "{svg}");
    assert!(!svg.contains(">3.01<"), "{svg}");
    // Years on the time axis keep their digits as written.
    assert!(svg.contains(">2021</text>"), "{svg}");
    assert!(!svg.contains("2\u{a0}021"), "{svg}");
}

/// The `x` of the `<text>` whose content is `content`.
fn text_x(svg: &str, content: &str) -> f64 {
    let end = svg
        .find(&format!(">{content}</text>"))
        .unwrap_or_else(|| panic!("no text {content:?} in {svg}"));
    let start = svg[..end].rfind("<text").unwrap();
    let tag = &svg[start..end];
    let x = tag
        .split(" x=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    x.parse().unwrap()
}

#[test]
fn indicator_charts_show_time_as_it_passed() {
    let built = ostrava();
    let flats = raw_page(&built, "indikatory/pocet-socialnich-bytu/index.html");
    let narrow = svgs(&flats)[1];
    for svg in [svgs(&flats)[0], narrow] {
        // One band per year from the baseline's to the plan's final year, spaced evenly: 2023
        // is as far from 2021 as 2027 from 2025.
        let xs: Vec<f64> = (2021..=2027).map(|y| text_x(svg, &y.to_string())).collect();
        let gaps: Vec<f64> = xs.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|g| (g - gaps[0]).abs() < 0.2), "{gaps:?}");
        // The target (a red diamond) stands in 2027, the plan's final year.
        let diamond = svg
            .split("<path d=\"M")
            .find(|p| p.contains("fill=\"#B3261E\""))
            .expect("a target diamond");
        let x: f64 = diamond.split(' ').next().unwrap().parse().unwrap();
        assert!((x - xs[6]).abs() < 0.2, "{x} vs {}", xs[6]);
        // The value axis says what it counts, and the change of method is marked.
        assert!(svg.contains(">počet bytů</text>"), "{svg}");
        assert!(svg.contains(">změna metodiky</text>"), "{svg}");
        // 589 and 310 are counted differently: no solid line joins them; the old count goes
        // on, dotted, to 526.
        assert!(
            !svg.contains("fill=\"none\" stroke=\"#1D5FA8\" stroke-width=\"3\"/>"),
            "{svg}"
        );
        assert!(svg.contains(">526</text>") && svg.contains("stroke-dasharray=\"2,4\""));
    }
    let page = page(&built, "indikatory/pocet-socialnich-bytu/index.html");
    assert!(
        page.contains("Červený kosočtverec: očekáváno v roce 2027 – minimálně 700."),
        "{page}"
    );
    assert!(page.contains(
        "Svislá čárkovaná čára: od hodnoty za 2023 se indikátor počítá jinak. Od roku 2022 mapuje město sociální byty podle nových kritérií"
    ));
    assert!(
        page.contains("konec roku 2023 (původní metoda)</th><td data-label=\"Ostrava\">526</td>"),
        "{page}"
    );
    assert!(page.contains("Změna metodiky:</strong> Od roku 2022"));

    // A rank target is stated, not drawn against the index.
    let crime = raw_page(&built, "indikatory/index-kriminality/index.html");
    assert!(!svgs(&crime)[0].contains("#B3261E"), "no target is drawn");
    assert!(svgs(&crime)[0].contains(">trestné činy na 10 000 obyvatel</text>"));
    assert!(visible_text(&crime).replace('\u{a0}', " ").contains(
        "cíl se týká pořadí, graf ukazuje hodnotu indikátoru. Hodnoty s pořadím: 174,1, 2. v ČR (2021); 278,7, 2. v ČR (2023)."
    ));
    // A percentage's axis says of what.
    let jobs = raw_page(&built, "indikatory/podil-uchazecu-12-mesicu/index.html");
    assert!(svgs(&jobs)[0].contains(">% obyvatel 15–64 let</text>"));
}

#[test]
fn markup_in_content_cannot_break_a_chart() {
    let site = site_copy("minimal");
    let root = site.path();
    let area = root.join("content/areas/1-bydleni.toml");
    let text = std::fs::read_to_string(&area).unwrap();
    let edited = text
        .replacen(
            "title = \"Bydlení\"",
            "title = \"Bydlení & <domov> \\\"ven\\\"\"",
            1,
        )
        .replace(
            "name = \"Počet zabydlených domácností\"",
            "name = \"Domácnosti <zabydlené> & podpořené\"",
        );
    assert_ne!(text, edited, "the fixture has the names this test edits");
    std::fs::write(&area, edited).unwrap();
    let built = build(root).unwrap();
    let counts = check_site(&built.output.files);
    // The slug follows the new title.
    let html = raw_page(&built, "oblasti/bydleni-domov-ven/index.html");
    assert!(
        counts["oblasti/bydleni-domov-ven/index.html"] >= 2,
        "{html}"
    );
    assert!(
        html.contains("Domácnosti &lt;zabydlené&gt; &amp; podpořené"),
        "{html}"
    );
    assert!(
        html.contains("oblast 1 Bydlení &amp; &lt;domov&gt;"),
        "{html}"
    );
}

#[test]
fn charts_match_their_snapshots() {
    let built = ostrava();
    let minimal = build::render_site(&options(&fixture("minimal"))).unwrap();
    let cases = [
        (
            "status-home.svg",
            raw_page(&minimal, "vlny/prubezne-vyhodnoceni-i/index.html"),
            0,
        ),
        (
            "indicator-social-flats.svg",
            raw_page(&built, "indikatory/pocet-socialnich-bytu/index.html"),
            0,
        ),
        (
            "indicator-with-region.svg",
            raw_page(&built, "indikatory/podil-uchazecu-12-mesicu/index.html"),
            0,
        ),
        // Each chart is drawn for the column, then for a phone.
        (
            "indicator-social-flats-narrow.svg",
            raw_page(&built, "indikatory/pocet-socialnich-bytu/index.html"),
            1,
        ),
        (
            "goal-progress-bydleni.svg",
            raw_page(&built, "oblasti/bydleni/index.html"),
            4,
        ),
        (
            "goal-progress-bydleni-narrow.svg",
            raw_page(&built, "oblasti/bydleni/index.html"),
            5,
        ),
        ("risk-matrix.svg", raw_page(&built, "rizika/index.html"), 0),
        (
            "funding-by-area.svg",
            raw_page(&built, "financovani/index.html"),
            0,
        ),
    ];
    let dir = repo_root().join("tests/snapshots");
    let update = std::env::var_os("MILNIK_UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for (name, html, index) in &cases {
        let svg = svgs(html)[*index].to_string() + "\n";
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with MILNIK_UPDATE_SNAPSHOTS=1",
                path.display()
            )
        });
        if expected != svg {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "charts differ from their snapshots: {stale:?}; if the change is intended, run \
         MILNIK_UPDATE_SNAPSHOTS=1 cargo test --test testsuite charts and review the diff"
    );
}

//! Real web-quality tools run against the built site: the Nu Html Checker (vnu) for HTML and SVG
//! validity, axe-core in Chromium for accessibility (WCAG 2.1 A and AA), and a browser smoke test
//! (console, network, navigation by clicking) of the site published under a sub-path.
//!
//! Java and the pinned npm packages of `tools/web/` are installed by `scripts/web-tools`, which
//! `scripts/test` runs first. A missing tool fails the test with a message saying so; the Chromium
//! tests may be skipped explicitly with `MILNIK_SKIP_BROWSER_TESTS=1`, as in browser.rs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{json, Value};

use crate::browser::{self, Browser, Page};
use crate::links::{decode_references, start_tags};
use crate::support::*;
use milnik::build::{self, BuildOptions};

/// The Nu Html Checker, from the npm package `vnu-jar`.
const VNU_JAR: &str = "tools/web/node_modules/vnu-jar/build/dist/vnu.jar";
/// axe-core, from the npm package `axe-core`.
const AXE_JS: &str = "tools/web/node_modules/axe-core/axe.min.js";
/// The WCAG levels the site must meet, as axe-core tags.
const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/// How many offending elements of one violation the failure message shows.
const NODES_SHOWN: usize = 3;
/// The sub-path the smoke test publishes the site under.
const SUB_PATH_BASE_URL: &str = "https://example.cz/psz/";

/// A page with known faults, to prove that each check sees what it must report: invalid HTML
/// (`<p>` closed around a `<div>`), no `lang`, an image without `alt` that does not exist, text
/// in too little contrast, and a script error.
const FAULTY_PAGE: &str = "<!DOCTYPE html>
<html>
<head><meta charset=\"utf-8\"><title>Chybná stránka</title></head>
<body>
<main>
<h1>Chybná stránka</h1>
<p><div>blok v odstavci</div></p>
<img src=\"chybi.png\">
<p style=\"color: #bbb; background: #fff\">Světle šedý text</p>
<script>console.error('chyba ze skriptu');</script>
</main>
</body>
</html>
";

/// A directory holding [`FAULTY_PAGE`] as `faulty/index.html`.
fn faulty_site() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("milnik-web-faulty-")
        .tempdir()
        .unwrap();
    std::fs::create_dir(dir.path().join("faulty")).unwrap();
    std::fs::write(dir.path().join("faulty/index.html"), FAULTY_PAGE).unwrap();
    dir
}

/// Where one page of a page type is found in the built site.
enum At {
    /// This page (a site path such as `oblasti/`; `` for the home page).
    Path(&'static str),
    /// The first page, in file-name order, one level below this listing (`oblasti/bydleni/`).
    FirstUnder(&'static str),
    /// A URL that names no page: the site's 404 page is served there, with status 404.
    Missing,
}

/// The page types of the bundled Ostrava site: every template a reader can reach. Adding a page
/// type (a search page, say) is one more line here.
const OSTRAVA_PAGE_TYPES: &[(&str, At)] = &[
    ("home", At::Path("")),
    ("areas", At::Path("oblasti/")),
    // Specific goals are sections with anchors on the area page.
    ("area", At::FirstUnder("oblasti/")),
    ("measures", At::Path("opatreni/")),
    ("measure", At::FirstUnder("opatreni/")),
    ("indicators", At::Path("indikatory/")),
    ("indicator", At::FirstUnder("indikatory/")),
    ("waves", At::Path("vlny/")),
    ("wave", At::FirstUnder("vlny/")),
    ("funding", At::Path("financovani/")),
    ("risks", At::Path("rizika/")),
    ("timeline", At::Path("harmonogram/")),
    ("search", At::Path("hledat/")),
    ("open data downloads", At::Path("data/")),
    ("articles", At::Path("clanky/")),
    ("article", At::FirstUnder("clanky/")),
    ("tags", At::Path("stitky/")),
    ("tag", At::FirstUnder("stitky/")),
    ("about the plan", At::Path("o-planu/")),
    (
        "accessibility statement",
        At::Path("prohlaseni-o-pristupnosti/"),
    ),
    ("missing page (404)", At::Missing),
];

/// One page to visit: its page type and its site path (relative to the base path).
struct PageToVisit {
    kind: &'static str,
    site_path: String,
    /// Whether it is the 404 page, which must come with status 404.
    missing: bool,
}

/// Resolves [`OSTRAVA_PAGE_TYPES`] against the files of a build; fails when a page type has no
/// page, so a renamed or lost page type cannot pass unnoticed.
fn ostrava_pages(files: &BTreeMap<String, Vec<u8>>) -> Vec<PageToVisit> {
    OSTRAVA_PAGE_TYPES
        .iter()
        .map(|(kind, at)| {
            let site_path = match at {
                At::Path(path) => {
                    let file = format!("{path}index.html");
                    assert!(
                        files.contains_key(&file),
                        "page type `{kind}`: the build has no {file}"
                    );
                    path.to_string()
                }
                At::FirstUnder(listing) => files
                    .keys()
                    .filter_map(|file| {
                        let slug = file.strip_prefix(listing)?.strip_suffix("/index.html")?;
                        (!slug.is_empty() && !slug.contains('/'))
                            .then(|| format!("{listing}{slug}/"))
                    })
                    .next()
                    .unwrap_or_else(|| {
                        panic!(
                            "page type `{kind}`: the build has no page {listing}<slug>/index.html"
                        )
                    }),
                At::Missing => {
                    assert!(files.contains_key("404.html"), "the build has no 404.html");
                    "tahle-stranka-neexistuje/".to_string()
                }
            };
            PageToVisit {
                kind,
                site_path,
                missing: matches!(at, At::Missing),
            }
        })
        .collect()
}

/// A built site on disk, in a temporary directory removed on drop.
pub struct SiteOnDisk {
    pub dir: tempfile::TempDir,
    pub files: BTreeMap<String, Vec<u8>>,
    pub base_path: String,
}

impl SiteOnDisk {
    /// Renders the site of `options` and writes every output file into a temporary directory.
    pub fn build(options: &BuildOptions) -> SiteOnDisk {
        let built = build::render_site(options)
            .unwrap_or_else(|e| panic!("building {} failed: {e}", options.root.display()));
        let dir = tempfile::Builder::new()
            .prefix("milnik-web-")
            .tempdir()
            .unwrap();
        for (path, bytes) in &built.output.files {
            let target = dir.path().join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(&target, bytes).unwrap();
        }
        SiteOnDisk {
            dir,
            files: built.output.files,
            base_path: site_base_path(options),
        }
    }

    /// The text of the first `<h1>` of a built page, as a reader sees it.
    fn h1_of(&self, file: &str) -> String {
        let html = String::from_utf8_lossy(&self.files[file]);
        let start = html
            .find("<h1")
            .unwrap_or_else(|| panic!("{file} has no <h1>"));
        let inner_start = start + html[start..].find('>').unwrap() + 1;
        let end = inner_start + html[inner_start..].find("</h1>").unwrap();
        normalize_space(&decode_references(&visible_text(&html[inner_start..end])))
    }
}

fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The path of a tool installed by `scripts/web-tools`; fails, saying how to install it, when
/// it is missing.
fn web_tool(relative: &str) -> PathBuf {
    let path = repo_root().join(relative);
    assert!(
        path.is_file(),
        "{relative} is missing: run scripts/web-tools (scripts/test runs it), which installs the \
         npm packages pinned in tools/web/package-lock.json"
    );
    path
}

/// Runs the Nu Html Checker on every HTML and SVG file under `dir`; returns its errors as
/// `file:line:col: message` (file relative to `dir`), sorted.
fn vnu_errors(dir: &Path) -> Vec<String> {
    let jar = web_tool(VNU_JAR);
    let dir = dir.canonicalize().unwrap();
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args([
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            "--also-check-svg",
        ])
        .arg(&dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run java ({e}): run scripts/web-tools (scripts/test runs it), which \
                 installs Java (Debian's default-jre-headless)"
            )
        });
    // vnu writes its JSON report to stderr and exits with 1 when it found errors.
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report: Value = serde_json::from_str(stderr.trim()).unwrap_or_else(|e| {
        panic!(
            "vnu did not give a JSON report ({e}; exit {}):\nstderr: {stderr}\nstdout: {}",
            output.status,
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let prefix = format!("file:{}/", dir.display());
    let mut errors: Vec<String> = report["messages"]
        .as_array()
        .expect("vnu's report has a `messages` array")
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("?");
            let file = url.strip_prefix(&prefix).unwrap_or(url);
            let line = m["lastLine"].as_u64().unwrap_or(0);
            let column = m["firstColumn"].as_u64().or(m["lastColumn"].as_u64());
            let message = m["message"].as_str().unwrap_or("?");
            let mut text = match column {
                Some(column) => format!("{file}:{line}:{column}: {message}"),
                None => format!("{file}:{line}: {message}"),
            };
            if m["type"] != "error" {
                text.push_str(&format!(" ({})", m["type"].as_str().unwrap_or("?")));
            }
            if let Some(extract) = m["extract"].as_str() {
                let extract: String = normalize_space(extract).chars().take(120).collect();
                text.push_str(&format!("\n    {extract}"));
            }
            text
        })
        .collect();
    errors.sort();
    if errors.is_empty() && !output.status.success() {
        panic!(
            "vnu failed ({}) without reporting an error:\n{stderr}",
            output.status
        );
    }
    errors
}

fn assert_valid(options: &BuildOptions) {
    let start = Instant::now();
    let site = SiteOnDisk::build(options);
    let errors = vnu_errors(site.dir.path());
    eprintln!(
        "vnu checked {} in {:?}",
        options.root.display(),
        start.elapsed()
    );
    assert!(
        errors.is_empty(),
        "the Nu Html Checker found {} errors in the build of {}:\n{}",
        errors.len(),
        options.root.display(),
        errors.join("\n")
    );
}

#[test]
fn the_html_checker_reports_errors_with_their_place() {
    let dir = faulty_site();
    let errors = vnu_errors(dir.path());
    assert!(
        errors.iter().any(|e| e.starts_with("faulty/index.html:7:")
            && e.contains("No \u{201c}p\u{201d} element in scope")),
        "vnu should report the </p> after the <div> on line 7, but reported:\n{}",
        errors.join("\n")
    );
}

#[test]
fn bundled_site_is_valid_html() {
    assert_valid(&options(&repo_root()));
}

#[test]
fn fixture_site_is_valid_html() {
    assert_valid(&options(&fixture("minimal")));
}

#[test]
fn lists_in_pages_are_valid_html() {
    // Two articles, one on a page: the list and the tag's list have a second page and pagers.
    let site = site_copy("minimal");
    edit(
        site.path(),
        "milnik.toml",
        "publisher",
        "articles_per_page = 1\npublisher",
    );
    let first =
        std::fs::read_to_string(site.path().join("content/articles/prvni-byty.md")).unwrap();
    let second = first.replacen("2024-05-02", "2024-01-15", 1);
    std::fs::write(site.path().join("content/articles/druhy.md"), second).unwrap();
    let built = build(site.path()).unwrap();
    assert!(built
        .output
        .files
        .contains_key("stitky/bydleni/strana/2/index.html"));
    assert_valid(&options(site.path()));
}

/// Feeds, sitemaps and SVG files are parsed by programs that stop at the first XML error.
#[test]
fn xml_outputs_are_well_formed() {
    for opts in [options(&repo_root()), options(&fixture("minimal"))] {
        let built = build::render_site(&opts).unwrap();
        let mut checked = 0;
        for (path, bytes) in &built.output.files {
            if !(path.ends_with(".xml") || path.ends_with(".svg")) {
                continue;
            }
            let text =
                std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"));
            if let Err(e) = roxmltree::Document::parse(text) {
                panic!("{path} is not well-formed XML: {e}");
            }
            checked += 1;
        }
        eprintln!(
            "{checked} XML files of {} are well-formed",
            opts.root.display()
        );
    }
}

/// Runs axe-core on the page with the WCAG 2.1 A/AA rules; returns its violations.
fn axe_violations(page: &mut Page, axe_source: &str) -> Vec<Value> {
    // The script ends in an expression whose value is not needed (and is not serializable).
    page.eval(&format!("{axe_source}\n;0"));
    let tags = serde_json::to_string(WCAG_TAGS).unwrap();
    let result = page.eval(&format!(
        "axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags} }}, resultTypes: ['violations'] }})
            .then(result => result.violations.map(v => ({{
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map(n => ({{
                    target: n.target.flat().join(' '),
                    html: n.html,
                }})),
            }})))"
    ));
    result.as_array().cloned().unwrap_or_else(|| {
        panic!("axe.run gave no list of violations: {result}");
    })
}

/// One violation as the failure message shows it: rule, impact, help, the first offending
/// elements.
fn describe_violation(violation: &Value) -> String {
    let nodes = violation["nodes"].as_array().map_or(&[][..], Vec::as_slice);
    let mut text = format!(
        "  {} ({}): {} — {} element(s)",
        violation["id"].as_str().unwrap_or("?"),
        violation["impact"].as_str().unwrap_or("?"),
        violation["help"].as_str().unwrap_or("?"),
        nodes.len()
    );
    for node in nodes.iter().take(NODES_SHOWN) {
        let html: String = node["html"]
            .as_str()
            .unwrap_or("")
            .chars()
            .take(120)
            .collect();
        text.push_str(&format!(
            "\n      {}  {}",
            node["target"].as_str().unwrap_or("?"),
            normalize_space(&html)
        ));
    }
    if nodes.len() > NODES_SHOWN {
        text.push_str(&format!("\n      … and {} more", nodes.len() - NODES_SHOWN));
    }
    text
}

#[test]
fn bundled_site_has_no_accessibility_violations() {
    if browser::skip_browser_tests("bundled_site_has_no_accessibility_violations") {
        return;
    }
    let axe_source = std::fs::read_to_string(web_tool(AXE_JS)).unwrap();
    let start = Instant::now();
    let site = SiteOnDisk::build(&options(&repo_root()));
    let origin = serve_directory(site.dir.path(), &site.base_path);
    let browser = Browser::launch();

    // First prove that axe runs and reports: the faulty page breaks these rules.
    let faulty = faulty_site();
    let faulty_origin = serve_directory(faulty.path(), "/");
    let mut page = browser.open(&format!("{faulty_origin}/faulty/"));
    let found: Vec<String> = axe_violations(&mut page, &axe_source)
        .iter()
        .map(|v| v["id"].as_str().unwrap_or("?").to_owned())
        .collect();
    for rule in ["html-has-lang", "image-alt", "color-contrast"] {
        assert!(
            found.iter().any(|id| id == rule),
            "axe-core should report `{rule}` on the faulty page, but reported {found:?}"
        );
    }
    drop(page);

    let mut report = Vec::new();
    let mut violations_found = 0;
    for visit in ostrava_pages(&site.files) {
        let url = format!("{origin}{}{}", site.base_path, visit.site_path);
        let mut page = browser.open(&url);
        let violations = axe_violations(&mut page, &axe_source);
        if !violations.is_empty() {
            violations_found += violations.len();
            report.push(format!(
                "{} {}{}:",
                visit.kind, site.base_path, visit.site_path
            ));
            report.extend(violations.iter().map(describe_violation));
        }
    }
    eprintln!(
        "axe-core checked {} page types in {:?}",
        OSTRAVA_PAGE_TYPES.len(),
        start.elapsed()
    );
    assert!(
        report.is_empty(),
        "axe-core found {violations_found} WCAG 2.1 A/AA violations (rule (impact): help — \
         elements; then selector and markup of the first {NODES_SHOWN}):\n{}",
        report.join("\n")
    );
}

/// Everything that went wrong while `page` was open: console errors, uncaught exceptions,
/// browser log errors and failed requests. `expected_404` is the URL of a document that is
/// meant to come with status 404 (the site's 404 page); that response, and the browser's log
/// line about it, are not problems, but its absence is.
fn page_problems(page: &Page, expected_404: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    problems.extend(
        page.console_errors()
            .into_iter()
            .map(|e| format!("console error: {e}")),
    );
    let mut saw_404 = false;
    for failed in page.failed_requests() {
        if Some(failed.url.as_str()) == expected_404
            && failed.resource_type == "Document"
            && failed.problem == "HTTP 404"
        {
            saw_404 = true;
            continue;
        }
        problems.push(format!("failed request: {failed}"));
    }
    for entry in page.log_errors() {
        let about_expected_404 = entry.source == "network"
            && entry.url.as_deref() == expected_404
            && expected_404.is_some();
        if !about_expected_404 {
            problems.push(format!("browser log: {entry}"));
        }
    }
    if let (Some(url), false) = (expected_404, saw_404) {
        problems.push(format!("{url} did not answer with status 404"));
    }
    problems
}

/// Presses and releases a key in the page, as a keyboard does.
fn press_key(page: &mut Page, key: &str, code: u32) {
    for kind in ["rawKeyDown", "keyUp"] {
        page.call(
            "Input.dispatchKeyEvent",
            json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code}),
        );
    }
    if key == "Enter" {
        // Enter on a link activates it through a `char` event.
        page.call(
            "Input.dispatchKeyEvent",
            json!({"type": "char", "text": "\r", "key": key, "code": key, "windowsVirtualKeyCode": code}),
        );
    }
}

/// The page types whose tables must fit a phone's screen without scrolling sideways.
const PHONE_TABLE_PAGES: [&str; 7] = [
    "area",
    "measure",
    "indicators",
    "indicator",
    "wave",
    "funding",
    "risks",
];

/// What `script` (an expression giving one finding per line) finds on the page in a phone's
/// viewport `width` CSS pixels wide.
fn phone_findings(page: &mut Page, width: u32, script: &str) -> Vec<String> {
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": true}),
    );
    // Folded sections (a wave's goal reports, chart data) are measured open: a table must fit
    // when a reader opens it.
    page.eval("document.querySelectorAll('details').forEach(d => d.open = true)");
    let found = page.eval(script);
    page.call("Emulation.clearDeviceMetricsOverride", json!({}));
    found
        .as_str()
        .unwrap_or("")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The tables that are wider than a viewport `width` CSS pixels wide or scroll sideways in
/// their own box, each named by its class and caption.
fn wide_tables(page: &mut Page, width: u32) -> Vec<String> {
    phone_findings(
        page,
        width,
        r#"(() => [...document.querySelectorAll('main table')]
            .filter(t => t.scrollWidth > t.clientWidth + 1
                || t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(t => 'table.' + t.className + ' "' + (t.caption ? t.caption.textContent.trim().slice(0, 50) : '')
                + '" is ' + t.scrollWidth + ' px wide')
            .join('\n'))()"#,
    )
}

/// The chart texts drawn smaller than 11 CSS px in a viewport `width` CSS pixels wide, each
/// with its size.
fn small_chart_texts(page: &mut Page, width: u32) -> Vec<String> {
    phone_findings(
        page,
        width,
        r#"(() => [...document.querySelectorAll('main svg text')]
            .filter(t => t.getBoundingClientRect().width > 0)
            .map(t => [t, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])
            .filter(([, size]) => size < 11)
            .slice(0, 5)
            .map(([t, size]) => '"' + t.textContent.trim().slice(0, 30) + '" at ' + size.toFixed(1) + ' px')
            .join('\n'))()"#,
    )
}

/// What makes the page wider than a viewport `width` CSS pixels wide, or `None` when it fits.
/// Wide data tables scroll inside their own box, which WCAG allows; the page itself must not.
fn horizontal_overflow(page: &mut Page, width: u32) -> Option<String> {
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": false}),
    );
    let found = page.eval(
        r#"(() => {
            const doc = document.documentElement;
            if (doc.scrollWidth <= doc.clientWidth) return '';
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 1)
                .filter(e => !e.parentElement.closest('table, svg, pre'))
                .slice(0, 3)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                    + ' "' + e.textContent.trim().slice(0, 40) + '" (' + Math.round(e.getBoundingClientRect().right) + ' px)');
            return 'the page is ' + doc.scrollWidth + ' px wide: ' + wide.join(', ');
        })()"#,
    );
    page.call("Emulation.clearDeviceMetricsOverride", json!({}));
    let text = found.as_str().unwrap_or("").to_owned();
    (!text.is_empty()).then_some(text)
}

#[test]
fn pages_work_in_the_browser_under_a_sub_path() {
    if browser::skip_browser_tests("pages_work_in_the_browser_under_a_sub_path") {
        return;
    }
    let start = Instant::now();
    let site = SiteOnDisk::build(&BuildOptions {
        base_url: Some(SUB_PATH_BASE_URL.into()),
        ..options(&repo_root())
    });
    assert_eq!(site.base_path, "/psz/");
    let origin = serve_directory(site.dir.path(), "/psz/");
    let browser = Browser::launch();

    // First prove that the problems of a page are seen: the faulty page has a script error and
    // an image that does not exist.
    let faulty = faulty_site();
    let faulty_origin = serve_directory(faulty.path(), "/");
    let mut page = browser.open(&format!("{faulty_origin}/faulty/"));
    page.settle();
    let seen = page_problems(&page, None).join("\n");
    assert!(
        seen.contains("console error: chyba ze skriptu")
            && seen.contains(&format!(
                "failed request: Image {faulty_origin}/faulty/chybi.png: HTTP 404"
            )),
        "the faulty page's script error and missing image should be reported, but got:\n{seen}"
    );
    drop(page);

    let mut problems = Vec::new();

    // Every page type loads without an error in the console, the log or the network.
    for visit in ostrava_pages(&site.files) {
        let url = format!("{origin}/psz/{}", visit.site_path);
        let mut page = browser.open(&url);
        page.settle();
        let h1 = page.eval("document.querySelector('h1')?.textContent.trim() || ''");
        if h1 == "" {
            problems.push(format!("{} {url}: no <h1> shown", visit.kind));
        }
        let expected_404 = visit.missing.then_some(url.as_str());
        for problem in page_problems(&page, expected_404) {
            problems.push(format!("{} {url}: {problem}", visit.kind));
        }
        // On a phone (375 CSS px), the data tables of the pages residents read most are
        // cards, not tables to scroll sideways.
        if PHONE_TABLE_PAGES.contains(&visit.kind) {
            for table in wide_tables(&mut page, 375) {
                problems.push(format!("{} {url}: at 375 px wide, {table}", visit.kind));
            }
        }
        // Charts are drawn for a phone's width too: no text of theirs under 11 px there.
        for text in small_chart_texts(&mut page, 375) {
            problems.push(format!(
                "{} {url}: at 375 px wide, chart text {text}",
                visit.kind
            ));
        }
        // On a desktop (1280), a tablet (768), zoomed to 200 % (a 1280 px window is 640 CSS px
        // wide), on a phone (375) and at 400 % (320 px, the reflow width of WCAG 1.4.10),
        // nothing may need a horizontal scroll bar of the page.
        for width in [1280, 768, 640, 375, 320] {
            if let Some(overflow) = horizontal_overflow(&mut page, width) {
                problems.push(format!(
                    "{} {url}: at {width} px wide, {overflow}",
                    visit.kind
                ));
            }
        }
    }

    // On a phone (375 × 812 CSS px) the home page answers "how is it going?" on its first
    // screen: the latest evaluation and the measures by status, numbers included.
    let mut page = browser.open(&format!("{origin}/psz/"));
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": true}),
    );
    let first_screen = page.eval(
        r#"(() => {
            const legend = document.querySelector('.status-legend');
            const latest = document.querySelector('#stav + p');
            if (!legend || !latest) return 'no status summary';
            const bottom = Math.round(legend.getBoundingClientRect().bottom + scrollY);
            return bottom <= innerHeight ? 'ok' : 'the status counts end at ' + bottom + ' px';
        })()"#,
    );
    if first_screen.as_str() != Some("ok") {
        problems.push(format!("home page at 375 × 812: {first_screen}"));
    }
    drop(page);

    // A keyboard user's first Tab lands on the visible skip link, with a focus outline, and
    // Enter takes them to the content.
    let mut page = browser.open(&format!("{origin}/psz/"));
    press_key(&mut page, "Tab", 9);
    let focused = page.eval(
        r#"(() => {
            const e = document.activeElement;
            const r = e.getBoundingClientRect();
            const style = getComputedStyle(e);
            return [e.className, r.left >= 0 && r.top >= 0 && r.width > 0,
                    style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2].join(' ');
        })()"#,
    );
    if focused.as_str() != Some("skip-link true true") {
        problems.push(format!(
            "the first Tab should focus the skip link, on screen with an outline; got {focused}"
        ));
    }
    press_key(&mut page, "Enter", 13);
    let target = page.eval("location.hash");
    if target.as_str() != Some("#obsah") {
        problems.push(format!(
            "Enter on the skip link should go to #obsah; got {target}"
        ));
    }
    drop(page);

    // A reader clicks from the home page to the measures, opens one, and goes back.
    let home = format!("{origin}/psz/");
    let list_url = format!("{origin}/psz/opatreni/");
    let list_h1 = site.h1_of("opatreni/index.html");
    let measure_href = start_tags(&String::from_utf8_lossy(&site.files["opatreni/index.html"]))
        .into_iter()
        .filter(|tag| tag.name == "a")
        .filter_map(|tag| tag.attribute("href").map(str::to_owned))
        .find(|href| {
            href.strip_prefix("/psz/opatreni/")
                .and_then(|slug| slug.strip_suffix('/'))
                .is_some_and(|slug| !slug.is_empty() && !slug.contains('/'))
        })
        .expect("the measures list links to a measure at /psz/opatreni/<slug>/");
    let measure_file = format!("{}index.html", measure_href.strip_prefix("/psz/").unwrap());
    let measure_h1 = site.h1_of(&measure_file);
    let mut page = browser.open(&home);
    let shown = |page: &mut Page| {
        let h1 = page.eval("document.querySelector('h1')?.textContent || ''");
        (page.url(), normalize_space(h1.as_str().unwrap_or("")))
    };

    page.click_and_wait("a[href=\"/psz/opatreni/\"]");
    assert_eq!(
        shown(&mut page),
        (list_url.clone(), list_h1.clone()),
        "clicking the link to the measures on the home page"
    );
    page.click_and_wait(&format!("main a[href=\"{measure_href}\"]"));
    assert_eq!(
        shown(&mut page),
        (format!("{origin}{measure_href}"), measure_h1),
        "clicking a measure in the list"
    );
    page.back();
    assert_eq!(
        shown(&mut page),
        (list_url, list_h1),
        "going back from the measure"
    );
    for problem in page_problems(&page, None) {
        problems.push(format!(
            "navigating home → measures → measure → back: {problem}"
        ));
    }

    eprintln!(
        "browser smoke test of {} page types took {:?}",
        OSTRAVA_PAGE_TYPES.len(),
        start.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} problems in the browser (site under /psz/):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

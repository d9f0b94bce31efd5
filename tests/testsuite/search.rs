//! Site search: the index files, the page that works without JavaScript, and searching the
//! built site in Chromium for words without diacritics, for measure IDs and for inflected words.

use std::time::Duration;

use serde_json::{json, Value};

use crate::browser::{self, Browser, Page};
use crate::support::*;
use crate::web::SiteOnDisk;
use milnik::build::BuildOptions;
use milnik::model::Site;

fn ostrava() -> (milnik::build::Built, Site) {
    let options = options(&repo_root());
    let built = milnik::build::render_site(&options).expect("the bundled site builds");
    let checked = milnik::build::check(&options);
    (built, checked.site.expect("the bundled site resolves"))
}

fn json_file(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("the build has no {path}"));
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

#[test]
fn the_index_holds_every_measure_goal_and_article_with_its_badge() {
    let _cs = crate::support::czech();
    let (built, site) = ostrava();
    let files = &built.output.files;
    let meta = json_file(files, "hledat/index/meta.json");
    let docs = meta["docs"].as_u64().unwrap() as usize;
    let expected = site.areas.len()
        + site.specific_goals.len()
        + site.measures.len()
        + site.indicators.len()
        + site.waves.len()
        + site.articles.len()
        + site.pages.len();
    assert_eq!(docs, expected);
    let fragments: Vec<Value> = (0..docs)
        .map(|d| {
            json_file(
                files,
                &format!("hledat/index/{}", milnik::search::doc_file(d)),
            )
        })
        .collect();
    for m in &site.measures {
        let f = fragments
            .iter()
            .find(|f| f["href"] == m.href.as_str())
            .unwrap_or_else(|| panic!("measure {} is not in the index", m.id));
        assert_eq!(f["kind"], "measure");
        assert_eq!(f["id"], m.id.as_str());
        assert_eq!(f["title"], m.title.as_str());
        let badge = m.latest_status.as_ref().map(|b| b.status.shown());
        assert_eq!(
            f["badge"]["label"].as_str(),
            badge.as_deref(),
            "badge of {}",
            m.id
        );
    }
    for g in &site.specific_goals {
        assert!(
            fragments
                .iter()
                .any(|f| f["href"] == g.href.as_str() && f["kind"] == "goal"),
            "specific goal {} is not in the index",
            g.id
        );
    }
    for a in &site.articles {
        assert!(fragments.iter().any(|f| f["href"] == a.href.as_str()));
    }
    // Every shard meta.json names exists, and nothing else does.
    let shards: Vec<&str> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let on_disk: Vec<&str> = files
        .keys()
        .filter_map(|p| p.strip_prefix("hledat/index/t/")?.strip_suffix(".json"))
        .collect();
    assert_eq!(shards, on_disk);
    // A measure's ID is a term of its own shard, pointing at the measure with the top score.
    let id_shard = json_file(files, "hledat/index/t/2_2e.json");
    let postings = id_shard["2.1.3.4"].as_array().expect("2.1.3.4 is indexed");
    let measure_doc = fragments
        .iter()
        .position(|f| f["id"] == "2.1.3.4" && f["kind"] == "measure")
        .unwrap();
    let best = postings
        .chunks(2)
        .max_by_key(|p| p[1].as_u64().unwrap())
        .unwrap();
    assert_eq!(best[0].as_u64().unwrap() as usize, measure_doc);
}

#[test]
fn the_search_page_offers_the_whole_plan_without_javascript() {
    let (built, site) = ostrava();
    let html = page(&built, "hledat/index.html");
    assert!(
        html.contains(r#"<form class="search-form" action="/hledat/" method="get" role="search""#)
    );
    assert!(html.contains(r#"name="q""#));
    for m in &site.measures {
        assert!(
            html.contains(&format!(r#"<a href="{}">"#, m.href)),
            "the search page does not link measure {}",
            m.id
        );
    }
    for g in &site.specific_goals {
        assert!(html.contains(&format!(r#"<a href="{}">"#, g.href)));
    }
    for a in &site.areas {
        assert!(html.contains(&format!(r#"<a href="{}">"#, a.href)));
    }
    // Every other page has the search box in its header, sending the query to the search page.
    let measure = page(&built, "opatreni/1-1-1-1/index.html");
    assert!(measure
        .contains(r#"<form class="site-search" action="/hledat/" method="get" role="search""#));
    assert!(
        !html.contains("site-search"),
        "the search page has its own form"
    );
}

/// Runs a query on the search page as a reader does (typing, then Enter) and returns the
/// results as shown: kind, title, href, badge, marked words and snippet.
fn search(page: &mut Page, origin: &str, query: &str) -> Value {
    page.goto(&format!("{origin}/psz/hledat/"));
    page.wait_until(
        "document.getElementById('hledani-bez-js').hidden",
        Duration::from_secs(10),
        "search.js to start",
    );
    page.eval(&format!(
        "(() => {{ document.getElementById('vysledky').removeAttribute('aria-busy'); \
         const i = document.getElementById('hledany-vyraz'); i.value = {q}; \
         i.form.requestSubmit(); }})()",
        q = json!(query)
    ));
    page.wait_until(
        "document.getElementById('vysledky').getAttribute('aria-busy') === 'false'",
        Duration::from_secs(10),
        "the search to finish",
    );
    page.eval(
        "({ status: document.getElementById('stav-hledani').textContent, \
            url: location.search, \
            results: [...document.querySelectorAll('#seznam-vysledku > li')].map(li => ({ \
              kind: li.querySelector('.search-kind').textContent, \
              title: li.querySelector('h3').textContent, \
              href: li.querySelector('h3 a').getAttribute('href'), \
              badge: li.querySelector('.badge') && li.querySelector('.badge').textContent, \
              marks: [...li.querySelectorAll('mark')].map(m => m.textContent), \
              snippet: (li.querySelector('.search-snippet') || {}).textContent || '' })) })",
    )
}

fn marks(found: &Value) -> Vec<String> {
    found["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["marks"].as_array().unwrap().iter())
        .map(|m| m.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn searching_the_built_site_in_the_browser() {
    if browser::skip_browser_tests("searching_the_built_site_in_the_browser") {
        return;
    }
    let site = SiteOnDisk::build(&BuildOptions {
        base_url: Some("https://example.cz/psz/".into()),
        ..options(&repo_root())
    });
    let origin = serve_directory(site.dir.path(), "/psz/");
    let browser = Browser::launch();
    let mut page = browser.open(&format!("{origin}/psz/hledat/"));

    // Without diacritics: "bydleni" finds "Bydlení", the area first.
    let found = search(&mut page, &origin, "bydleni");
    let results = found["results"].as_array().unwrap();
    assert!(results.len() >= 5, "{found:#}");
    assert_eq!(results[0]["title"], "1 Bydlení", "{found:#}");
    assert_eq!(results[0]["kind"], "Tematická oblast 1");
    assert!(
        marks(&found)
            .iter()
            .any(|m| m == "bydlení" || m == "Bydlení"),
        "{found:#}"
    );
    assert!(found["status"].as_str().unwrap().starts_with("Nalezen"));
    assert_eq!(
        found["url"], "?q=bydleni",
        "the query is kept in the address"
    );

    // A measure's ID finds that measure first, with its kind and status badge.
    let found = search(&mut page, &origin, "2.1.3.4");
    let first = &found["results"][0];
    assert_eq!(first["href"], "/psz/opatreni/2-1-3-4/", "{found:#}");
    assert_eq!(first["kind"], "Opatření 2.1.3.4");
    assert!(
        first["badge"].as_str().is_some_and(|b| !b.is_empty()),
        "{found:#}"
    );
    // A goal's ID finds the goal first, then its measures.
    let found = search(&mut page, &origin, "3.1.1");
    assert_eq!(
        found["results"][0]["kind"], "Specifický cíl 3.1.1",
        "{found:#}"
    );
    assert_eq!(
        found["results"][1]["kind"]
            .as_str()
            .map(|k| k.starts_with("Opatření 3.1.1.")),
        Some(true),
        "{found:#}"
    );

    // Inflected forms: the query's form need not be the text's.
    for (query, other_forms) in [
        ("dluhy", &["dluhů", "dluhu", "dluhem"][..]),
        (
            "domovník",
            &["domovníky", "domovníků", "domovníkům", "domovníka"],
        ),
        ("byty", &["bytů", "bytu", "bytech", "byt"]),
    ] {
        let found = search(&mut page, &origin, query);
        let marked: Vec<String> = marks(&found).iter().map(|m| m.to_lowercase()).collect();
        assert!(
            other_forms.iter().any(|f| marked.iter().any(|m| m == f)),
            "searching `{query}` marked none of {other_forms:?}: {marked:?}"
        );
    }

    // Typing shows results without pressing Enter.
    page.eval(
        "(() => { const i = document.getElementById('hledany-vyraz'); i.value = 'zdravi'; \
         i.dispatchEvent(new Event('input')); })()",
    );
    page.wait_until(
        "document.querySelectorAll('#seznam-vysledku > li').length > 0 && \
         document.getElementById('stav-hledani').textContent.includes('zdravi')",
        Duration::from_secs(10),
        "results while typing",
    );

    // Nothing found says so; the plan overview stays below.
    let found = search(&mut page, &origin, "xyzzyx");
    assert_eq!(found["results"].as_array().unwrap().len(), 0);
    assert!(found["status"].as_str().unwrap().contains("nic nenašli"));

    // Following a result opens its page.
    let found = search(&mut page, &origin, "2.1.3.4");
    assert_eq!(found["results"][0]["href"], "/psz/opatreni/2-1-3-4/");
    page.click_and_wait("#seznam-vysledku > li h3 a");
    assert!(page.url().ends_with("/psz/opatreni/2-1-3-4/"));

    assert_eq!(page.console_errors(), Vec::<String>::new());
    assert!(
        page.failed_requests().is_empty(),
        "{:?}",
        page.failed_requests()
    );
}

#[test]
fn search_js_splits_and_stems_text_as_milnik_does() {
    if browser::skip_browser_tests("search_js_splits_and_stems_text_as_milnik_does") {
        return;
    }
    let (_, site) = ostrava();
    let site_dir = SiteOnDisk::build(&options(&repo_root()));
    let origin = serve_directory(site_dir.dir.path(), "/");
    let browser = Browser::launch();
    let mut page = browser.open(&format!("{origin}/hledat/"));
    page.wait_until(
        "typeof window.milnikSearch === 'object'",
        Duration::from_secs(10),
        "search.js to start",
    );
    let mut texts: Vec<String> = vec![
        "Opatření 2.1.3.4, cíl 1.1.1. V roce 2023 (1.a) 3,01 % vs. 2,28 %".into(),
        "ŽLUŤOUČKÝ kůň úpěl ďábelské ódy; Łódź, Straße, naïve café".into(),
        "domovníci-preventisté, dluhů, bytech, rodinám, sociálních, exekucí".into(),
    ];
    for m in &site.measures {
        texts.push(format!("{} {}", m.title, m.description_text));
    }
    for g in &site.specific_goals {
        texts.push(g.title.clone());
    }
    for text in &texts {
        let rust: Vec<(String, String)> = milnik::search::terms(text)
            .into_iter()
            .map(|t| (t.folded, t.stem))
            .collect();
        let js = page.eval(&format!(
            "window.milnikSearch.terms({}).map(t => [t.folded, t.stem])",
            json!(text)
        ));
        let js: Vec<(String, String)> = serde_json::from_value(js).unwrap();
        assert_eq!(js, rust, "terms of {text:?}");
        for (_, stem) in &rust {
            let name = page.eval(&format!("window.milnikSearch.shardName({})", json!(stem)));
            assert_eq!(name, milnik::search::shard_name(stem), "shard of {stem}");
        }
    }
}

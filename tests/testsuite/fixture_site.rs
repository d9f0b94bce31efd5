//! The pages built from tests/fixtures/minimal: what a reader sees on each page type, drafts,
//! base URLs with a sub-path, and byte-identical rebuilds.

use crate::support::*;
use milnik::build::{self, BuildOptions};

#[test]
fn every_page_type_is_generated() {
    let built = build::render_site(&options(&fixture("minimal"))).unwrap();
    for path in [
        "index.html",
        "oblasti/index.html",
        "oblasti/bydleni/index.html",
        "opatreni/index.html",
        "opatreni/1-1-1-1/index.html",
        "opatreni/1-1-1-2/index.html",
        "vlny/index.html",
        "vlny/prubezne-vyhodnoceni-i/index.html",
        "clanky/index.html",
        "clanky/prvni-byty/index.html",
        "o-planu/index.html",
        "404.html",
        "style.css",
    ] {
        assert!(built.output.files.contains_key(path), "{path} missing");
    }
}

#[test]
fn measure_page_shows_card_status_and_links() {
    let built = build::render_site(&options(&fixture("minimal"))).unwrap();
    let html = page(&built, "opatreni/1-1-1-1/index.html");
    let text = visible_text(&html);
    assert!(
        html.contains(r#"<span class="badge badge--in-progress">V realizaci (3/6)</span>"#),
        "{html}"
    );
    for shown in [
        "Opatření 1.1.1.1 Zajištění sociálních bytů",
        "Statutární město Zkušebnice",
        "Projektová aktivita",
        "1. 11. 2022–31. 10. 2025",
        "CZ.03.02.01/00/22_018/0001145",
        "14 964 994,80 Kč",
        "Předpokládané náklady 25 mil. Kč",
        "Zabydleno bylo 39 domácností.",
        "První sociální byty jsou obsazené",
    ] {
        assert!(text.contains(shown), "`{shown}` not on the page:\n{text}");
    }
    assert!(
        html.contains("<li>ve spolupráci s obvody,</li>"),
        "description bullets render as a list"
    );
    assert!(
        html.contains(r#"href="/opatreni/1-1-1-2/">Opatření 1.1.1.2</a>"#),
        "related measure is linked"
    );
    assert!(
        html.contains(r#"href="/oblasti/bydleni/#cil-1-1-1""#),
        "breadcrumb to the specific goal"
    );
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains(r#"<html lang="cs">"#));
}

#[test]
fn a_cost_covered_by_another_measure_links_to_it() {
    let built = build::render_site(&options(&fixture("minimal"))).unwrap();
    let html = page(&built, "opatreni/1-1-1-2/index.html");
    assert!(
        html.contains(r#"Viz <a href="/opatreni/1-1-1-1/">opatření 1.1.1.1</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<span class="badge badge--not-started">Nerealizováno</span>"#));
}

#[test]
fn area_page_shows_goals_progress_values_and_badges() {
    let built = build::render_site(&options(&fixture("minimal"))).unwrap();
    let html = page(&built, "oblasti/bydleni/index.html");
    let text = visible_text(&html);
    assert!(html.contains(r#"id="cil-1-1-1""#));
    for shown in [
        "Specifický cíl 1.1.1: Do roku 2025 bude zabydleno 40 domácností",
        "Data dostupná k 30. 4. 2024",
        "39 z 40 (97 %)",
        "12/22",
        "praktický lékař: 12",
        "stomatolog: 22",
        "V realizaci (3/6)",
        "Nerealizováno",
    ] {
        assert!(
            text.contains(shown),
            "`{shown}` not on the area page:\n{text}"
        );
    }
}

#[test]
fn home_page_counts_measures_by_status() {
    let built = build::render_site(&options(&fixture("minimal"))).unwrap();
    let html = page(&built, "index.html");
    let text = visible_text(&html);
    assert!(
        text.contains("Poslední vyhodnocení: Průběžné vyhodnocení I. (červen 2024)."),
        "{text}"
    );
    assert!(text.contains("Stav 2 opatření:"), "{text}");
    // Each status with its count, as a legend under the bar; a status no measure has is left
    // out, and the bar's parts are as wide as their shares.
    for row in [
        r#"<span class="badge badge--in-progress">V realizaci</span> <strong>1</strong>"#,
        r#"<span class="badge badge--not-started">Nerealizováno</span> <strong>1</strong>"#,
        r#"<span class="status-bar__part badge--in-progress" style="width: 50.00%">"#,
    ] {
        assert!(html.contains(row), "{row} missing:\n{html}");
    }
    assert!(!html.contains(">Dokončeno</span> <strong>"), "{html}");
    // The status comes before the areas.
    assert!(html.find("id=\"stav\"").unwrap() < html.find("id=\"oblasti\"").unwrap());
    assert!(
        text.contains("První sociální byty jsou obsazené"),
        "latest articles are listed"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let built = build::render_site(&options(&fixture("minimal"))).unwrap();
    assert!(!built.output.files.contains_key("clanky/koncept/index.html"));
    assert!(!page(&built, "clanky/index.html").contains("Rozpracovaný článek"));
    let with_drafts = build::render_site(&BuildOptions {
        drafts: true,
        ..options(&fixture("minimal"))
    })
    .unwrap();
    assert!(with_drafts
        .output
        .files
        .contains_key("clanky/koncept/index.html"));
}

#[test]
fn every_internal_link_follows_a_base_url_with_a_sub_path() {
    let opts = BuildOptions {
        base_url: Some("https://example.cz/psz/".into()),
        ..options(&fixture("minimal"))
    };
    let built = build::render_site(&opts).unwrap();
    for (path, bytes) in &built.output.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::str::from_utf8(bytes).unwrap();
        for part in html.split("href=\"").skip(1) {
            let href = &part[..part.find('"').unwrap()];
            if href.starts_with('/') {
                assert!(
                    href.starts_with("/psz/"),
                    "{path}: link {href} ignores the base path"
                );
            }
        }
    }
    let article = page(&built, "clanky/prvni-byty/index.html");
    assert!(
        article.contains(r#"<a href="/psz/opatreni/1-1-1-1/">opatření</a>"#),
        "Markdown links are rebased"
    );
    assert!(article
        .contains(r#"<link rel="canonical" href="https://example.cz/psz/clanky/prvni-byty/">"#));
    assert!(article.contains(r#"href="/psz/style.css""#));
}

#[test]
fn two_builds_give_identical_output() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for out in [a.path(), b.path()] {
        let opts = BuildOptions {
            output: out.join("public"),
            ..options(&fixture("minimal"))
        };
        build::build(&opts).unwrap();
    }
    let first = read_tree(&a.path().join("public"));
    assert!(!first.is_empty());
    assert_eq!(first, read_tree(&b.path().join("public")));
}

#[test]
fn a_successful_build_replaces_stale_files() {
    let site = site_copy("minimal");
    let public = site.path().join("public");
    std::fs::create_dir_all(public.join("stara-stranka")).unwrap();
    std::fs::write(public.join("stara-stranka/index.html"), "stará").unwrap();
    build(site.path()).unwrap();
    assert!(!public.join("stara-stranka").exists());
    assert!(public.join("opatreni/1-1-1-1/index.html").exists());
}

#[test]
fn a_project_reported_by_two_waves_is_counted_once_with_its_latest_budget() {
    let _cs = crate::support::czech();
    let site = site_copy("minimal");
    let root = site.path();
    let first = std::fs::read_to_string(root.join("content/waves/1-vyhodnoceni.toml")).unwrap();
    let second = first
        .replace("id = \"I\"", "id = \"II\"")
        .replace("Průběžné vyhodnocení I.", "Průběžné vyhodnocení II.")
        .replace("published = \"2024-06\"", "published = \"2025-06\"")
        .replace("14 964 994,80", "15 000 000,00")
        .replace("V realizaci (3/6)", "V realizaci (5/6)");
    std::fs::write(root.join("content/waves/2-vyhodnoceni.toml"), second).unwrap();
    let checked = build::check(&options(root));
    let model = checked.site.expect("two waves are valid");
    let totals: Vec<(String, String)> = model.funding[0]
        .project_totals
        .iter()
        .map(|t| (t.label.clone().unwrap_or("(all)".into()), t.amount.shown()))
        .collect();
    assert_eq!(
        totals,
        [
            (
                "OPZ+".to_string(),
                "15\u{a0}000\u{a0}000,00\u{a0}Kč".to_string()
            ),
            (
                "(all)".to_string(),
                "15\u{a0}000\u{a0}000,00\u{a0}Kč".to_string()
            )
        ]
    );
    let projects = model.funding[0]
        .tables
        .iter()
        .find(|t| model.funding_tables[t.table].key == "projekty")
        .expect("the projects table");
    assert_eq!(projects.rows.len(), 2, "each wave's list keeps its own row");
    // The measure page shows its status in every wave, the latest as its badge.
    let built = build::render_site(&options(root)).unwrap();
    let text = visible_text(&page(&built, "opatreni/1-1-1-1/index.html"));
    assert!(
        text.contains(
            "Stručně Stav V realizaci (5/6) podle dokumentu Průběžné vyhodnocení II. (červen 2025)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Průběžné vyhodnocení I. červen 2024 V realizaci (3/6)"),
        "{text}"
    );
    assert!(
        text.contains("Průběžné vyhodnocení II. červen 2025 V realizaci (5/6)"),
        "{text}"
    );
}

#[test]
fn an_article_embeds_a_measure_badge_with_a_shortcode() {
    let built = build::render_site(&options(&fixture("minimal"))).unwrap();
    let html = page(&built, "clanky/prvni-byty/index.html");
    assert!(
        html.contains(
            r#"Stav opatření: <span class="embed-measure"><a href="/opatreni/1-1-1-1/"><span class="measure-id">1.1.1.1</span> Zajištění sociálních bytů"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="badge badge--in-progress">V realizaci (3/6)</span></span>."#),
        "{html}"
    );
    assert!(!html.contains("{{<") && !html.contains('\u{0}'), "{html}");
}

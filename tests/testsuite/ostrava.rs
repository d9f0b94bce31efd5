//! The bundled Ostrava site: the pages and facts the plan's readers rely on.

use crate::support::*;
use milnik::build::{self, BuildOptions};
use milnik::values::StatusKind;

fn ostrava() -> milnik::build::Built {
    build::render_site(&options(&repo_root())).expect("the bundled site builds")
}

#[test]
fn area_one_has_every_measure_page() {
    let built = ostrava();
    for id in [
        "1-1-1-1", "1-1-2-1", "1-1-3-1", "1-2-1-1", "1-3-1-1", "1-3-1-2",
    ] {
        assert!(
            built
                .output
                .files
                .contains_key(&format!("opatreni/{id}/index.html")),
            "{id}"
        );
    }
    assert!(built
        .output
        .files
        .contains_key("oblasti/bydleni/index.html"));
    assert!(built.output.files.contains_key("index.html"));
}

#[test]
fn measure_1_1_1_1_shows_its_wave_one_status_implementer_and_period() {
    let text = visible_text(&page(&ostrava(), "opatreni/1-1-1-1/index.html"));
    for shown in [
        "V realizaci (3/6)",
        "Statutární město Ostrava",
        "1. 11. 2022–31. 10. 2025",
        "Průběžné vyhodnocení I.",
    ] {
        assert!(text.contains(shown), "`{shown}` missing:\n{text}");
    }
}

#[test]
fn area_page_shows_39_of_40_for_goal_1_1_1() {
    let text = visible_text(&page(&ostrava(), "oblasti/bydleni/index.html"));
    assert!(text.contains("39 z 40"), "{text}");
    assert!(text.contains("53 z 50 (106 %) – cíl splněn"), "{text}");
    assert!(text.contains("1 190"), "{text}");
}

#[test]
fn the_bundled_site_builds_byte_identically_twice() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for out in [a.path(), b.path()] {
        build::build(&BuildOptions {
            output: out.join("public"),
            ..options(&repo_root())
        })
        .unwrap();
    }
    assert_eq!(
        read_tree(&a.path().join("public")),
        read_tree(&b.path().join("public"))
    );
}

/// Every measure of the action plan with its status and period as Průběžné vyhodnocení I.
/// prints them (annex B), read off the seed by hand; "-" where it prints no period.
const WAVE_I: [(&str, &str, &str); 47] = [
    ("1.1.1.1", "V realizaci (3/6)", "1. 11. 2022–31. 10. 2025"),
    ("1.1.2.1", "V realizaci (3/6)", "1. 11. 2022–31. 10. 2025"),
    ("1.1.3.1", "V realizaci (3/6)", "1. 11. 2022–31. 10. 2025"),
    ("1.2.1.1", "V realizaci (3/6)", "1. 11. 2022–31. 10. 2025"),
    ("1.3.1.1", "Nerealizováno", "-"),
    ("1.3.1.2", "Nerealizováno", "-"),
    ("2.1.1.1", "V realizaci (1/6)", "1. 7. 2023–30. 6. 2026"),
    ("2.1.1.2", "V realizaci (0/6)", "1. 10. 2023–30. 9. 2026"),
    ("2.1.1.3", "V realizaci (0/6)", "1. 10. 2023–30. 9. 2026"),
    ("2.1.2.1", "V realizaci (2/6)", "1. 2. 2023–31. 1. 2026"),
    ("2.1.3.1", "V realizaci (0/6)", "1. 9. 2023–31. 8. 2026"),
    ("2.1.3.2", "Nerealizováno", "-"),
    ("2.1.3.3", "Nerealizováno", "-"),
    ("2.1.3.4", "V realizaci (0/6)", "1. 10. 2023–30. 9. 2026"),
    ("2.1.3.5", "Nerealizováno", "-"),
    ("3.1.1.1", "Nerealizováno", "-"),
    ("3.1.1.2", "Nerealizováno", "-"),
    ("3.1.1.3", "V realizaci (0/6)", "1. 10. 2023–30. 6. 2026"),
    ("3.1.1.4", "Nerealizováno", "-"),
    ("3.1.1.5", "V realizaci (2/6)", "1. 1. 2023–31. 12. 2025"),
    ("3.1.1.6", "V realizaci", "1. 1. 2022–31. 12. 2026"),
    ("3.1.1.7", "Nerealizováno", "-"),
    ("3.1.2.1", "V realizaci", "Průběžně"),
    ("3.1.2.2", "V realizaci", "Průběžně"),
    ("3.2.1.1", "V realizaci (1/6)", "1. 7. 2023–30. 6. 2026"),
    ("3.2.1.2", "V realizaci (1/6)", "1. 7. 2023–30. 6. 2026"),
    ("3.2.1.3", "V realizaci (1/6)", "1. 7. 2023–30. 6. 2026"),
    ("3.2.2.1", "Nerealizováno", "Průběžně"),
    ("4.1.1.1", "V realizaci (1/6)", "1. 7. 2023–30. 6. 2026"),
    ("4.1.2.1", "V realizaci (1/6)", "1. 7. 2023–30. 6. 2026"),
    ("4.1.2.2", "Nerealizováno", "-"),
    ("4.1.2.3", "Nerealizováno", "-"),
    ("4.1.3.1", "V realizaci", "Průběžně"),
    ("4.2.1.1", "V realizaci", "1. 9. 2022–31. 12. 2026"),
    ("4.2.1.2", "Nerealizováno", "-"),
    ("4.2.1.3", "Nerealizováno", "-"),
    ("4.2.1.4", "V realizaci", "1. 1. 2024–31. 12. 2024"),
    ("5.1.1.1", "V realizaci (0/6)", "1. 1. 2024–31. 12. 2025"),
    ("5.2.1.1", "V realizaci", "Průběžně"),
    ("5.2.2.1", "V realizaci", "Průběžně"),
    ("6.1.1.1", "Nerealizováno", "-"),
    ("6.1.1.2", "Dokončeno", "2023"),
    ("6.2.1.1", "V realizaci (1/6)", "1. 9. 2023–31. 8. 2026"),
    ("6.2.1.2", "V realizaci (2/6)", "1. 2. 2023–31. 1. 2026"),
    ("6.2.2.1", "V realizaci (1/6)", "1. 7. 2023–30. 6. 2026"),
    ("6.2.3.1", "V realizaci (1/6)", "1. 5. 2023–30. 4. 2026"),
    ("6.2.3.2", "V realizaci (0/6)", "1. 10. 2023–30. 9. 2026"),
];

fn ostrava_model() -> milnik::model::Site {
    build::check(&options(&repo_root()))
        .site
        .expect("the bundled content is valid")
}

#[test]
fn the_bundled_plan_has_every_area_goal_and_measure() {
    let site = ostrava_model();
    let areas: Vec<(&str, &str)> = site
        .areas
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    assert_eq!(
        areas,
        [
            ("1", "Bydlení"),
            ("2", "Prevence kriminality"),
            ("3", "Zaměstnanost a dluhová problematika"),
            ("4", "Rodina"),
            ("5", "Participace"),
            ("6", "Zdraví"),
        ]
    );
    let strategic: Vec<&str> = site.strategic_goals.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        strategic,
        ["1.1", "1.2", "1.3", "2.1", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2"]
    );
    let specific: Vec<&str> = site.specific_goals.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        specific,
        [
            "1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.3.1", "2.1.1", "2.1.2", "2.1.3", "3.1.1",
            "3.1.2", "3.2.1", "3.2.2", "4.1.1", "4.1.2", "4.1.3", "4.2.1", "5.1.1", "5.2.1",
            "5.2.2", "6.1.1", "6.2.1", "6.2.2", "6.2.3",
        ]
    );
    let measures: Vec<&str> = site.measures.iter().map(|m| m.id.as_str()).collect();
    let expected: Vec<&str> = WAVE_I.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(measures, expected);
    assert!(
        site.measures.iter().all(|m| m.editions[0]
            .funding
            .iter()
            .any(|r| site.funding_tables[r.table].key == "financovani")),
        "every measure has its Tabulka 5 row"
    );
}

#[test]
fn wave_one_reports_every_measure_as_printed() {
    let _cs = crate::support::czech();
    let site = ostrava_model();
    let wave = &site.waves[0];
    let mut seen = 0;
    for report in &wave.goal_reports {
        for mr in &report.measures {
            let id = site.measures[mr.measure].id.as_str();
            let (_, status, period) = WAVE_I.iter().find(|(m, _, _)| *m == id).unwrap();
            assert_eq!(mr.badge.status.shown(), *status, "status of {id}");
            let shown = mr.period.map(|p| p.shown()).unwrap_or_else(|| "-".into());
            assert_eq!(shown, *period, "period of {id}");
            seen += 1;
        }
    }
    assert_eq!(seen, 47);
    assert_eq!(site.status_counts.total, 47);
    assert_eq!(site.status_counts.not_reported, 0);
    assert_eq!(site.status_counts.of(StatusKind::Done), 1);
    assert_eq!(site.status_counts.of(StatusKind::NotStarted), 15);
    assert_eq!(site.status_counts.of(StatusKind::InProgress), 31);
}

#[test]
fn every_specific_goal_has_its_wave_one_values_and_date() {
    let _cs = crate::support::czech();
    let site = ostrava_model();
    let wave = &site.waves[0];
    assert_eq!(wave.goal_reports.len(), 23);
    let state: Vec<&str> = wave
        .goal_reports
        .iter()
        .filter(|r| r.as_of_kind == "state")
        .map(|r| site.specific_goals[r.specific_goal].id.as_str())
        .collect();
    assert_eq!(
        state,
        ["1.3.1", "3.1.2", "3.2.2", "4.1.3", "4.2.1", "5.2.1", "5.2.2", "6.1.1"]
    );
    for r in &wave.goal_reports {
        let expected = if r.as_of_kind == "state" {
            "31. 12. 2023"
        } else {
            "30. 4. 2024"
        };
        assert_eq!(r.as_of.czech(), expected);
        assert!(
            !r.values.is_empty(),
            "goal {} has values",
            site.specific_goals[r.specific_goal].id
        );
    }
    let composite = wave
        .goal_reports
        .iter()
        .flat_map(|r| &r.values)
        .find(|v| v.text.shown() == "12/12/4/22")
        .expect("the composite value of 6.2.1");
    let labels: Vec<&str> = composite.parts.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels.len(), 4);
    assert!(labels.iter().all(|l| !l.is_empty()));
}

#[test]
fn the_eleven_global_indicators_with_their_trends() {
    let _cs = crate::support::czech();
    let site = ostrava_model();
    assert_eq!(site.indicators.len(), 11);
    let trends: Vec<(String, &str)> = site
        .indicators
        .iter()
        .map(|i| {
            (
                i.baseline.text.shown(),
                i.trend.as_ref().map_or("", |t| t.key),
            )
        })
        .collect();
    let trends: Vec<(&str, &str)> = trends.iter().map(|(t, k)| (t.as_str(), *k)).collect();
    assert_eq!(
        trends,
        [
            ("21", "meets"),
            ("11", "unknown"),
            ("589", "misses"),
            ("cca 3\u{a0}100", "unknown"),
            ("174,1, 2. v ČR", "misses"),
            ("244", "misses"),
            ("3,01\u{a0}% vs. 2,28\u{a0}%", "meets"),
            ("13,45\u{a0}% vs. 9,2\u{a0}%", "meets"),
            ("4\u{a0}667", "misses"),
            ("199", "misses"),
            ("7,57\u{a0}% vs. 4,14\u{a0}%", "meets"),
        ]
    );
}

#[test]
fn kpsv_totals_are_recomputed_from_the_rows() {
    let _cs = crate::support::czech();
    let site = ostrava_model();
    let f = &site.funding[0];
    let t = site
        .funding_tables
        .iter()
        .position(|t| t.key == "projekty-kpsv")
        .expect("annex A is a declared table");
    assert_eq!(
        f.tables.iter().find(|r| r.table == t).unwrap().rows.len(),
        20
    );
    let sums: Vec<(&str, String, usize)> = f
        .project_totals
        .iter()
        .map(|s| {
            (
                s.label.as_deref().unwrap_or("(all)"),
                s.amount.shown(),
                s.count,
            )
        })
        .collect();
    let kc = |t: &str| format!("{}\u{a0}Kč", t.replace(' ', "\u{a0}"));
    assert_eq!(
        sums,
        [
            ("IROP", kc("34 785 322,35"), 2),
            ("OPZ+", kc("143 945 506,16"), 18),
            ("(all)", kc("178 730 828,51"), 20),
        ]
    );
    // Annex A prints 143 945 506,20 and 178 730 828,50: kept as printed, flagged as not matching.
    let stated: Vec<(String, bool)> = site.waves[0]
        .table_totals
        .iter()
        .filter(|(table, _)| *table == t)
        .map(|(_, t)| (t.stated.shown(), t.matches))
        .collect();
    assert_eq!(
        stated,
        [
            (kc("143 945 506,20"), false),
            (kc("34 785 322,35"), true),
            (kc("178 730 828,50"), false)
        ]
    );
    // The KPSV+ allocation (Tabulka 6) against the action plan's 222,9 and 175 mil. Kč.
    let alloc: Vec<(&str, String)> = f
        .allocation_totals
        .iter()
        .map(|s| (s.label.as_deref().unwrap_or("(all)"), s.amount.shown()))
        .collect();
    assert_eq!(
        alloc,
        [
            ("IROP", kc("175 000 000,00")),
            ("OPZ+", kc("222 900 000,00")),
            ("(all)", kc("397 900 000,00"))
        ]
    );
    let alokace = site
        .funding_tables
        .iter()
        .find(|t| t.key == "alokace")
        .unwrap();
    assert_eq!(alokace.stated_totals.len(), 3);
    assert!(alokace.stated_totals.iter().all(|t| t.matches));
}

#[test]
fn check_passes_clean_and_the_seeds_disagreements_warn_once_unacknowledged() {
    // Every disagreement of the seeds carries an `acknowledged`: the site checks clean.
    let checked = build::check(&options(&repo_root()));
    assert_eq!(checked.diagnostics.errors(), 0, "{}", checked.diagnostics);
    assert_eq!(checked.diagnostics.warnings(), 0, "{}", checked.diagnostics);
    // Without the acknowledgements, each is a warning again.
    let site = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &site.path().join("content"));
    std::fs::copy(
        repo_root().join("milnik.toml"),
        site.path().join("milnik.toml"),
    )
    .unwrap();
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(site.path().join("content")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with("acknowledged = "))
                .collect();
            removed += text.lines().count() - kept.len();
            std::fs::write(entry.path(), kept.join("\n") + "\n").unwrap();
        }
    }
    assert_eq!(removed, 8);
    let checked = build::check(&options(site.path()));
    assert_eq!(checked.diagnostics.errors(), 0, "{}", checked.diagnostics);
    let warnings: Vec<String> = checked
        .diagnostics
        .0
        .iter()
        .map(|d| d.message.replace('\u{a0}', " "))
        .collect();
    assert_eq!(
        warnings,
        [
            "specific goal 1.1.1 is stated to have 2 measures but 1 are listed",
            "the plan is stated to have 48 measures but the areas list 47",
            "the title printed for measure 2.1.3.5 is the title of measure 2.1.3.3",
            "the title printed for measure 4.2.1.4 is the title of measure 4.2.1.1",
            "the title printed for measure 5.2.2.1 is the title of measure 5.2.1.1",
            "the title printed for specific goal 6.2.3 is the title of specific goal 6.2.1",
            "stated total \"Celkem OPZ+\" is 143 945 506,20 Kč but the rows add up to 143 945 506,16 Kč",
            "stated total \"Celkem KPSV+\" is 178 730 828,50 Kč but the rows add up to 178 730 828,51 Kč",
        ],
        "each of these is a disagreement in the seeds, explained in docs/content-notes.md"
    );
}

#[test]
fn the_article_embeds_a_badge_and_an_indicator_chart() {
    let html = page(&ostrava(), "clanky/kontaktni-misto-pro-bydleni/index.html");
    assert!(
        html.contains(r#"<span class="measure-id">1.1.2.1</span> Zajištění vzniku Kontaktního místa pro bydlení</a> <span class="badge badge--in-progress">V realizaci (3/6)</span>"#),
        "{html}"
    );
    // The chart stands where its paragraph was, not inside a <p>.
    assert!(html.contains(r#"<div class="embed-indicator">"#), "{html}");
    assert!(
        !html.contains(r#"<p><div class="embed-indicator">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<figure class="chart" id="graf-pocet-socialnich-bytu-1">"#),
        "{html}"
    );
    assert!(
        html.contains("<title>Počet sociálních bytů</title>"),
        "{html}"
    );
}

#[test]
fn the_social_flats_indicator_does_not_meet_its_trend() {
    let html = page(&ostrava(), "indikatory/pocet-socialnich-bytu/index.html");
    let text = visible_text(&html);
    assert!(
        html.contains(r#"<span class="trend trend--misses">Neodpovídá očekávanému trendu</span>"#),
        "{html}"
    );
    assert!(html.contains(r#"role="img""#) && html.contains("<desc>Počet sociálních bytů: výchozí hodnota 589 (1. pol. 2021), aktuální 310 (Průběžné vyhodnocení I., 2023), očekávaná hodnota nebo trend 2027: minimálně 700; neodpovídá očekávanému trendu. Od hodnoty za 2023 se indikátor počítá jinak. Od roku 2022 mapuje město sociální byty podle nových kritérií"), "{html}");
    for shown in ["589", "310", "Minimálně 700"] {
        assert!(text.contains(shown), "{shown}: {text}");
    }
}

#[test]
fn every_status_badge_links_to_the_legend_that_says_what_it_means() {
    let built = ostrava();
    let about = page(&built, "o-planu/index.html");
    // The legend: each of the plan's statuses with its meaning; "(2/6)" is explained as the
    // report the evaluation drew on, not as a share done.
    for part in [
        "<h2 id=\"stavy\">Co znamenají stavy</h2>",
        "<span class=\"badge badge--not-started\">Nerealizováno</span></dt>\n    <dd>Opatření zatím nebylo zahájeno.</dd>",
        "<span class=\"badge badge--in-progress\">V realizaci (2/6)</span></dt>",
        "„(2/6)“ je druhá ze šesti zpráv. Neříká, jaká část opatření je hotová.",
        "<span class=\"badge badge--done\">Dokončeno</span></dt>",
        "<span class=\"badge badge--not-reported\">Bez hodnocení</span></dt>",
    ] {
        assert!(about.contains(part), "the legend lacks {part}:\n{about}");
    }
    // The badges of the wave, the measure pages and the lists link to it.
    let wave = page(&built, "vlny/prubezne-vyhodnoceni-i/index.html");
    assert!(
        wave.contains(
            "<a class=\"badge badge--in-progress\" href=\"/o-planu/#stavy\">V realizaci (3/6)</a>"
        ),
        "{wave}"
    );
    assert!(
        !wave.contains("<span class=\"badge badge--in-progress\">"),
        "{wave}"
    );
    let measure = page(&built, "opatreni/1-1-1-1/index.html");
    assert!(measure.contains("class=\"badge badge--in-progress\" href=\"/o-planu/#stavy\""));
    let home = page(&built, "index.html");
    assert!(home.contains("<a class=\"badge badge--done\" href=\"/o-planu/#stavy\">Dokončeno</a>"));
}

/// The `href`s of the contents list ("Na této stránce") of `html`, in order.
fn contents_links(html: &str) -> Vec<String> {
    let Some(start) = html.find("<nav class=\"contents\"") else {
        return Vec::new();
    };
    let list = &html[start..start + html[start..].find("</nav>").unwrap()];
    list.split("href=\"#")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn long_pages_open_with_a_contents_list_of_their_sections() {
    let built = ostrava();
    let wave = page(&built, "vlny/prubezne-vyhodnoceni-i/index.html");
    assert_eq!(
        contents_links(&wave),
        [
            "zmeny", "shrnuti", "oblast-1", "oblast-2", "oblast-3", "oblast-4", "oblast-5",
            "oblast-6"
        ]
    );
    assert!(
        wave.contains("<li><a href=\"#oblast-3\">3 Zaměstnanost a dluhová problematika</a></li>")
    );
    // The about page lists its Markdown sections too: their headings get anchors.
    let about = page(&built, "o-planu/index.html");
    let links = contents_links(&about);
    assert_eq!(
        links[..4],
        [
            "jak-je-plan-usporadan",
            "prubezna-vyhodnoceni",
            "jak-cist-prvni-vyhodnoceni",
            "stavy"
        ]
    );
    for (path, html) in [
        ("wave", &wave),
        ("about", &about),
        ("funding", &page(&built, "financovani/index.html")),
        ("area", &page(&built, "oblasti/bydleni/index.html")),
    ] {
        let links = contents_links(html);
        assert!(links.len() >= 3, "{path} has a contents list:\n{html}");
        for id in links {
            assert!(
                html.contains(&format!(" id=\"{id}\"")),
                "{path}: #{id} is on the page"
            );
        }
    }
    // A short page needs none.
    assert!(contents_links(&page(&built, "rizika/index.html")).is_empty());
}

#[test]
fn the_areas_list_shows_how_each_area_and_goal_is_doing() {
    let built = ostrava();
    let text = visible_text(&page(&built, "oblasti/index.html"));
    // Area 1: six measures, two not started (goal 1.3.1), four in progress (one per goal).
    assert!(
        text.contains("1 Bydlení Opatření: 6 Nerealizováno 2 V realizaci 4 Strategický cíl 1.1"),
        "{text}"
    );
    assert!(
        text.contains("sociálního pracovníka V realizaci 1 Specifický cíl 1.1.2"),
        "{text}"
    );
    assert!(
        text.contains("bytů sociálního určení Nerealizováno 2 2 Prevence kriminality Opatření: 9"),
        "{text}"
    );
}

#[test]
fn the_data_page_names_the_licence_and_how_current_the_data_is() {
    let built = ostrava();
    let text = visible_text(&page(&built, "data/index.html"));
    assert!(
        text.contains("Licence: Creative Commons Uveďte původ 4.0 Mezinárodní (CC-BY-4.0)."),
        "{text}"
    );
    assert!(
        text.contains(
            "Data odpovídají stavu podle dokumentu Průběžné vyhodnocení I. (červen 2024)."
        ),
        "{text}"
    );
    let package: serde_json::Value =
        serde_json::from_slice(&built.output.files["data/datapackage.json"]).unwrap();
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(
        package["licenses"][0]["path"],
        "https://creativecommons.org/licenses/by/4.0/deed.cs"
    );
}

#[test]
fn the_schedule_marks_the_latest_and_the_next_evaluation() {
    let built = ostrava();
    let text = visible_text(&page(&built, "harmonogram/index.html"));
    assert!(
        text.contains("Podzim 2024 Poslední vyhodnocení: Průběžné vyhodnocení I. (červen 2024)"),
        "{text}"
    );
    assert!(text.contains("Podzim 2025 Další vyhodnocení"), "{text}");
    assert_eq!(text.matches("Další vyhodnocení").count(), 1, "{text}");
    // The year month by month opens with the evaluation's question (the wave's
    // `months_intro`), before January.
    assert!(
        text.contains("Spolupráce měsíc po měsíci (Průběžné vyhodnocení I.) Jak vypadal rok spolupráce mezi Agenturou a Ostravou v uplynulém roce? Krátký přehled toho podstatného naleznete na následujících řádcích. leden 2023"),
        "{text}"
    );
}

#[test]
fn a_footnote_and_its_reference_link_to_each_other() {
    let built = ostrava();
    let html = page(&built, "indikatory/index-kriminality/index.html");
    let reference = html
        .split("<sup class=\"footnote-reference\" id=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("a footnote reference in {html}"));
    let note = reference.replacen("fnref-", "fn-", 1);
    assert!(
        html.contains(&format!("<a href=\"#{note}\">1</a>")),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "<div class=\"footnote-definition\" id=\"{note}\"><sup class=\"footnote-definition-label\"><a href=\"#{reference}\">1</a></sup>"
        )),
        "{html}"
    );
}

#[test]
fn the_funding_page_opens_with_a_summary_and_counts_each_measure_once_by_source() {
    let built = ostrava();
    let html = page(&built, "financovani/index.html");
    let text = visible_text(&html);
    assert!(
        text.contains(
            "Souhrn Předpokládané náklady (akční plán) 593 960 000,00 Kč opatření s uvedenou částkou: 40 \
             Alokace KPSV+ 397 900 000,00 Kč \
             Rozpočty projektů KPSV+ 178 730 828,51 Kč projektů: 20; 45 % alokace"
        ),
        "{text}"
    );
    // The districts' budgets, printed in the singular and the plural, are one source
    // (`[[funding_source]]` in plan.toml): four measures name it.
    assert!(
        text.contains("Rozpočet městského obvodu 4 105 000 000,00 Kč"),
        "{text}"
    );
    assert!(!text.contains("Rozpočty městských obvodů"), "{text}");
    // The by-source chart adds up to the planned costs: 172,9 + 6,03 + 415,03 = 593,96 mil. Kč.
    assert!(
        html.contains(
            "OPZ+ 172,9 mil. Kč; Rozpočet města 6,03 mil. Kč; Více zdrojů současně 415,03 mil. Kč."
        ),
        "{html}"
    );
}

#[test]
fn an_indicator_page_opens_with_its_latest_value_expectation_and_trend() {
    let built = ostrava();
    let text = visible_text(&page(&built, "indikatory/pocet-socialnich-bytu/index.html"));
    assert!(
        text.contains(
            "Počet sociálních bytů Poslední hodnota 310 (2023) · očekáváno v roce 2027: Minimálně 700 · Neodpovídá očekávanému trendu"
        ),
        "{text}"
    );
    // Wave I gives "n. a.": the latest known value is still the baseline's.
    let text = visible_text(&page(
        &built,
        "indikatory/pocet-segregovanych-zsj/index.html",
    ));
    assert!(
        text.contains(
            "Počáteční hodnota 11 (2020) · očekáváno v roce 2027: Pokles · Nelze posoudit"
        ),
        "{text}"
    );
}

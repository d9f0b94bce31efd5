//! A plan's whole life, on tests/fixtures/ostrava-ap2: the bundled Ostrava content plus Akční
//! plán II. (`content/action-plans/II/`) and waves II (2025, evaluating Akční plán I.) and III
//! (2026, evaluating Akční plán II.), with fictitious values marked as test data.
//!
//! It proves that:
//! - what was published stays as published: wave I's page and its rows of the history dataset
//!   are byte for byte those of the bundled site;
//! - each wave counts the measures in force in the action plan it evaluates;
//! - a measure completed in wave II and not reported in wave III stays completed;
//! - a measure cancelled in Akční plán II. is shown cancelled, with its date, reason and
//!   replacement; one that ended with Akční plán I. is not in wave III and is listed as ended;
//! - new measures and a new specific goal of Akční plán II. appear where they belong and not in
//!   the waves before it; a carried-over measure shows its cost in each plan;
//! - progress is computed against the target of the plan each wave evaluates.

use std::sync::OnceLock;

use crate::support::*;
use milnik::build::{self, Built};
use milnik::model::changes::StatusMove;
use milnik::model::{MeasureIx, Site, StatusInWave, WaveIx};
use milnik::values::StatusKind;

struct Sites {
    bundled: Built,
    ap2: Built,
    model: Site,
    warnings: Vec<String>,
}

fn sites() -> &'static Sites {
    static SITES: OnceLock<Sites> = OnceLock::new();
    SITES.get_or_init(|| {
        let dir = ostrava_ap2();
        let checked = build::check(&options(dir.path()));
        let shown = checked.diagnostics.to_string();
        let warnings = checked
            .diagnostics
            .0
            .iter()
            .map(|d| d.message.clone())
            .collect();
        Sites {
            bundled: build::render_site(&options(&repo_root())).unwrap(),
            ap2: build::render_site(&options(dir.path())).unwrap(),
            model: checked
                .site
                .unwrap_or_else(|| panic!("the fixture is valid:\n{shown}")),
            warnings,
        }
    })
}

fn measure(site: &Site, id: &str) -> MeasureIx {
    site.measure_ixs()
        .find(|&m| site.measures[m].id == id)
        .unwrap_or_else(|| panic!("no measure {id}"))
}

fn text(built: &Built, path: &str) -> String {
    visible_text(&page(built, path))
}

#[test]
fn the_fixture_checks_without_warnings() {
    let s = sites();
    // The bundled site's disagreements are acknowledged (the first action plan's count too, now
    // that there are two); nothing about Akční plán II. or waves II and III.
    assert!(s.warnings.is_empty(), "{:#?}", s.warnings);
    assert!(
        !s.warnings.iter().any(|w| w.contains("Akční plán II.")
            || w.contains("wave II")
            || w.contains("wave III")),
        "{:#?}",
        s.warnings
    );
}

#[test]
fn wave_i_stays_exactly_as_published() {
    let s = sites();
    let path = "vlny/prubezne-vyhodnoceni-i/index.html";
    assert_eq!(
        s.bundled.output.get(path).unwrap(),
        s.ap2.output.get(path).unwrap(),
        "wave I's page changed when Akční plán II. and waves II–III were added"
    );
    // Its rows of the history dataset too.
    let rows = |built: &Built| -> Vec<String> {
        raw_page(built, "data/stavy-opatreni.csv")
            .lines()
            .filter(|l| l.starts_with("I,"))
            .map(str::to_string)
            .collect()
    };
    let (before, after) = (rows(&s.bundled), rows(&s.ap2));
    assert_eq!(before.len(), 47);
    assert_eq!(before, after);
}

#[test]
fn each_wave_counts_the_measures_of_the_plan_it_evaluates() {
    let site = &sites().model;
    let plans: Vec<(&str, &str, usize)> = site
        .waves
        .iter()
        .map(|w| {
            (
                w.id.as_str(),
                site.plan.action_plans[w.action_plan].id.as_str(),
                w.status_counts.total,
            )
        })
        .collect();
    // 47 in Akční plán I.; 49 in II. (1.3.1.2 ended, 1.1.1.2, 3.1.1.8 and 6.2.4.1 are new).
    assert_eq!(plans, [("I", "I", 47), ("II", "I", 47), ("III", "II", 49)]);
    let iii = &site.waves[2].status_counts;
    // The one done in wave I, reported again, and 1.1.2.1, done in wave II and carried.
    assert_eq!(iii.of(StatusKind::Done), 2);
    assert_eq!(iii.of(StatusKind::Cancelled), 1);
    assert_eq!(iii.not_reported, 0);
    // The home page says so.
    let home = text(&sites().ap2, "index.html");
    assert!(home.contains("Stav 49 opatření:"), "{home}");
}

#[test]
fn a_measure_completed_in_wave_ii_stays_completed_in_wave_iii() {
    let s = sites();
    let site = &s.model;
    let m = measure(site, "1.1.2.1");
    match site.status(m, WaveIx::new(2)) {
        StatusInWave::Carried { badge, since } => {
            assert_eq!(badge.kind, StatusKind::Done);
            assert_eq!(since, WaveIx::new(1));
        }
        other => panic!("1.1.2.1 in wave III: {other:?}"),
    }
    assert_eq!(
        site.measures[m].latest_status.as_ref().map(|b| b.kind),
        Some(StatusKind::Done)
    );
    let page = text(&s.ap2, "opatreni/1-1-2-1/index.html");
    assert!(
        page.contains("Průběžné vyhodnocení III. (říjen 2026) : Dokončeno (stav převzatý z dokumentu Průběžné vyhodnocení II.)"),
        "{page}"
    );
    // Wave III's changes do not call it "no longer assessed".
    assert!(!site.waves[2]
        .changes
        .statuses
        .iter()
        .any(|c| c.measure == m));
    let row = raw_page(&s.ap2, "data/stavy-opatreni.csv")
        .lines()
        .find(|l| l.starts_with("III,1.1.2.1,"))
        .unwrap()
        .to_string();
    assert!(row.starts_with("III,1.1.2.1,II,Dokončeno,done,"), "{row}");
    assert!(row.ends_with(",II"), "carried from wave II: {row}");
}

#[test]
fn a_cancelled_measure_is_shown_cancelled_with_its_reason_and_replacement() {
    let s = sites();
    let site = &s.model;
    let m = measure(site, "3.1.1.7");
    assert!(matches!(
        site.status(m, WaveIx::new(2)),
        StatusInWave::Cancelled(b) if b.kind == StatusKind::Cancelled
    ));
    // Before its cancellation (wave II, under Akční plán I.) it was reported as usual.
    assert!(matches!(
        site.status(m, WaveIx::new(1)),
        StatusInWave::Reported(_)
    ));
    let card = text(&s.ap2, "opatreni/3-1-1-7/index.html");
    for expected in [
        "Stručně Stav Zrušeno",
        "Opatření bylo zrušeno 31. 3. 2026 (Akční plán II.).",
        "Důvod zrušení Projekt nezískal financování",
        "Nahrazuje ho Opatření 3.1.1.8 .",
        "Akční plány, které opatření obsahují: Akční plán I., Akční plán II.",
    ] {
        assert!(card.contains(expected), "`{expected}` in {card}");
    }
    assert!(page_contains_link(
        &s.ap2,
        "opatreni/3-1-1-7/index.html",
        "/opatreni/3-1-1-8/"
    ));
    // Lists keep it, with its badge.
    let list = page(&s.ap2, "opatreni/index.html");
    let item = list
        .split("<li>")
        .find(|li| li.contains(">3.1.1.7<"))
        .unwrap();
    assert!(
        item.contains("<a class=\"badge badge--cancelled\" href=\"/o-planu/#stavy\">Zrušeno</a>"),
        "{item}"
    );
    // The wave III change list says so.
    let change = site.waves[2]
        .changes
        .statuses
        .iter()
        .find(|c| c.measure == m)
        .unwrap();
    assert_eq!(
        change.to.as_ref().map(|b| b.kind),
        Some(StatusKind::Cancelled)
    );
    assert!(raw_page(&s.ap2, "data/stavy-opatreni.csv")
        .lines()
        .any(|l| l.starts_with("III,3.1.1.7,II,Zrušeno,cancelled,")));
}

fn page_contains_link(built: &Built, path: &str, href: &str) -> bool {
    page(built, path).contains(&format!("href=\"{href}\""))
}

#[test]
fn a_measure_that_ended_with_action_plan_i_leaves_the_later_waves() {
    let s = sites();
    let site = &s.model;
    let m = measure(site, "1.3.1.2");
    assert_eq!(site.status(m, WaveIx::new(2)), StatusInWave::NotInForce);
    let change = site.waves[2]
        .changes
        .statuses
        .iter()
        .find(|c| c.measure == m)
        .unwrap();
    assert_eq!(change.movement, StatusMove::Ended);
    let card = text(&s.ap2, "opatreni/1-3-1-2/index.html");
    assert!(card.contains("Stručně Stav Ukončeno"), "{card}");
    assert!(
        card.contains("Opatření skončilo s koncem období 2023–2025 (Akční plán I.); navazující akční plán ho už neobsahuje."),
        "{card}"
    );
    assert!(
        card.contains("Průběžné vyhodnocení III. (říjen 2026) : Není v hodnoceném akčním plánu – ukončeno s akčním plánem"),
        "{card}"
    );
    // Its area lists it as ended; wave III's page does not list it at all.
    let area = text(&s.ap2, "oblasti/bydleni/index.html");
    assert!(
        area.contains("1.3.1.2 Vytvoření sociálního bydlení v lokalitě Cihelní Ukončeno"),
        "{area}"
    );
    // On wave III's page it is only in the list of changes.
    let wave = page(&s.ap2, "vlny/prubezne-vyhodnoceni-iii/index.html");
    assert_eq!(wave.matches("href=\"/opatreni/1-3-1-2/\"").count(), 1);
    assert!(!raw_page(&s.ap2, "data/stavy-opatreni.csv").contains("\nIII,1.3.1.2,"));
}

#[test]
fn the_new_measures_and_goal_of_action_plan_ii_appear_only_from_wave_iii() {
    let s = sites();
    let site = &s.model;
    for id in ["1.1.1.2", "3.1.1.8", "6.2.4.1"] {
        let m = measure(site, id);
        assert_eq!(
            site.measures[m].lifecycle.action_plans.len(),
            1,
            "{id} is in Akční plán II. only"
        );
        assert_eq!(site.status(m, WaveIx::new(0)), StatusInWave::NotInForce);
        assert_eq!(site.status(m, WaveIx::new(1)), StatusInWave::NotInForce);
        assert!(site.status(m, WaveIx::new(2)).in_force());
        let change = site.waves[2]
            .changes
            .statuses
            .iter()
            .find(|c| c.measure == m)
            .unwrap();
        assert_eq!(change.movement, StatusMove::Added, "{id}");
        for wave in ["prubezne-vyhodnoceni-i", "prubezne-vyhodnoceni-ii"] {
            let html = page(&s.ap2, &format!("vlny/{wave}/index.html"));
            assert!(!html.contains(&format!(">{id}<")), "{id} on {wave}");
        }
        let card = text(
            &s.ap2,
            &format!("opatreni/{}/index.html", id.replace('.', "-")),
        );
        assert!(card.contains("Karta opatření (Akční plán II.)"), "{card}");
        assert!(
            card.contains("Opatření poprvé uvádí Akční plán II. (2026–2027)."),
            "{card}"
        );
    }
    let health = text(&s.ap2, "oblasti/zdravi/index.html");
    assert!(
        health.contains("Specifický cíl 6.2.4: Do roku 2027 se 50 lidí bez domova zapojí do programu terénní zdravotní péče"),
        "{health}"
    );
    assert!(!page(&s.ap2, "vlny/prubezne-vyhodnoceni-ii/index.html").contains("6.2.4"));
}

#[test]
fn a_carried_over_measure_shows_its_cost_in_each_action_plan() {
    let s = sites();
    let site = &s.model;
    let m = &site.measures[measure(site, "1.1.1.1")];
    assert_eq!(m.editions.len(), 2);
    assert_eq!(m.editions[1].changed, ["schedule", "expected_cost"]);
    assert_eq!(m.schedule, "2026–2027");
    let card = text(&s.ap2, "opatreni/1-1-1-1/index.html");
    assert!(
        card.contains("Akční plán I. (2023–2025) 25 mil. Kč 2022–2025"),
        "{card}"
    );
    assert!(
        card.contains("Akční plán II. (2026–2027) 30 mil. Kč 2026–2027 Statutární město Ostrava, nestátní neziskové organizace harmonogram, předpokládané náklady"),
        "{card}"
    );
    // The bundled site, with one action plan, has no such table.
    assert!(!page_contains_text(
        &s.bundled,
        "opatreni/1-1-1-1/index.html",
        "Opatření v jednotlivých akčních plánech"
    ));
}

fn page_contains_text(built: &Built, path: &str, wanted: &str) -> bool {
    text(built, path).contains(wanted)
}

#[test]
fn progress_is_measured_against_the_target_of_the_plan_each_wave_evaluates() {
    let site = &sites().model;
    let goal = site
        .specific_goals
        .iter()
        .position(|g| g.id == "1.1.1")
        .unwrap();
    let housed: Vec<(u32, String)> = site
        .waves
        .iter()
        .map(|w| {
            let report = w
                .goal_reports
                .iter()
                .find(|r| r.specific_goal.get() == goal)
                .unwrap();
            let p = &report.progress[0];
            (p.percent, p.target.to_string())
        })
        .collect();
    // 39 of 40 and 45 of 40 under Akční plán I., 52 of 60 under Akční plán II.
    assert_eq!(
        housed,
        [(97, "40".into()), (112, "40".into()), (86, "60".into())]
    );
    let wave_iii = text(&sites().ap2, "vlny/prubezne-vyhodnoceni-iii/index.html");
    assert!(wave_iii.contains("52 z 60 (86 %)"), "{wave_iii}");
    // Its table names the target Akční plán I. had; wave I's and II's tables do not.
    assert!(
        wave_iii.contains("zabydlených do sociálních bytů 60 (Akční plán I.: 40) 52"),
        "{wave_iii}"
    );
    let wave_ii = text(&sites().ap2, "vlny/prubezne-vyhodnoceni-ii/index.html");
    assert!(
        wave_ii.contains("zabydlených do sociálních bytů 40 45"),
        "{wave_ii}"
    );
}

#[test]
fn a_global_indicator_gets_a_value_in_every_wave() {
    let site = &sites().model;
    let index = site
        .indicators
        .iter()
        .find(|i| i.id == "index-socialniho-vylouceni")
        .unwrap();
    let waves: Vec<usize> = index.values.iter().map(|&(w, _)| w.get()).collect();
    assert_eq!(waves, [0, 1, 2]);
    let numbers: Vec<Option<milnik::values::Decimal>> = index
        .values
        .iter()
        .map(|&(w, v)| {
            site.waves[w].indicator_values[v]
                .value
                .and_then(|c| c.number())
        })
        .collect();
    let d = |t: &str| Some(milnik::values::Decimal::parse(t).unwrap());
    assert_eq!(numbers, [d("20"), d("19"), d("18")]);
    let card = text(
        &sites().ap2,
        "indikatory/index-socialniho-vylouceni/index.html",
    );
    assert!(card.contains("Průběžné vyhodnocení III."), "{card}");
}

#[test]
fn the_changes_feed_names_new_and_ended_measures() {
    let feed = raw_page(&sites().ap2, "vlny/atom.xml");
    assert!(feed.contains("nově v akčním plánu"), "{feed}");
    assert!(feed.contains("ukončeno s akčním plánem"), "{feed}");
}

/// The rows of every table with this caption (their text, cell by cell), in page order.
fn table_rows(html: &str, caption: &str) -> Vec<Vec<String>> {
    html.split(&format!("<caption>{caption}</caption>"))
        .skip(1)
        .map(|rest| {
            rest[..rest.find("</table>").unwrap()]
                .split("<tr")
                .skip(2)
                .map(|row| visible_text(&format!("<tr{row}")))
                .collect()
        })
        .collect()
}

#[test]
fn each_action_plan_has_its_own_money_and_action_plan_i_keeps_its_sums() {
    let s = sites();
    let bundled = page(&s.bundled, "financovani/index.html");
    let ap2 = page(&s.ap2, "financovani/index.html");
    for heading in [
        "Podle tematických oblastí – Akční plán I.",
        "Podle tematických oblastí – Akční plán II.",
    ] {
        assert!(visible_text(&ap2).contains(heading), "`{heading}`");
    }
    // Akční plán I.'s sums per area are the bundled site's, to the crown.
    let caption = "Předpokládané náklady, alokace KPSV+ a rozpočty projektů podle oblastí";
    let before = table_rows(&bundled, caption);
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].len(), 6);
    let after = table_rows(&ap2, caption);
    assert_eq!(after.len(), 2, "a table per action plan: {after:#?}");
    assert_eq!(before[0], after[0]);
    // Akční plán II.'s own rows: 1.1.1.1 (30 mil.) and 1.1.1.2 (12 mil.) in area 1.
    assert!(
        after[1][0].starts_with("1 Bydlení 42 000 000,00 Kč"),
        "{:?}",
        after[1]
    );
    // Its allocation total is checked against its own rows.
    let site = &s.model;
    let alokace = site
        .funding_tables
        .iter()
        .position(|t| t.key == "alokace")
        .unwrap();
    let totals: Vec<(usize, bool)> = site.funding_tables[alokace]
        .stated_totals
        .iter()
        .map(|t| (t.action_plan.unwrap().get(), t.matches))
        .collect();
    assert_eq!(totals.iter().filter(|(p, _)| *p == 1).count(), 1);
    assert!(totals.iter().any(|&(p, matches)| p == 1 && matches));
    let ii = &site.funding[1];
    assert_eq!(
        ii.allocation_totals.last().unwrap().amount.0,
        milnik::values::Decimal::parse("35 000 000").unwrap()
    );
    // The financing table's dataset has a row per action plan and measure's row.
    let csv = raw_page(&s.ap2, "data/financovani.csv");
    assert!(csv.contains("\n1.1.1.1,1,I,"), "{csv}");
    assert!(
        csv.contains("\n1.1.1.1,1,II,Aktivita,30000000,,2 roky,OPZ+; Rozpočet města\r\n"),
        "{csv}"
    );
    assert!(!csv.contains("\n1.3.1.2,1,II,"));
}

#[test]
fn a_further_action_plan_and_wave_leave_every_published_wave_as_it_was() {
    // Akční plán III. (carrying two measures over) and wave IV entered as §9 of
    // docs/content-model.md says; waves I–III were published before.
    let dir = ostrava_ap2();
    let root = dir.path();
    let plan = root.join("content/plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        format!("{text}\n[[action_plan]]\nid = \"III\"\ntitle = \"Akční plán III.\"\nperiod = \"2027\"\n"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/action-plans/III")).unwrap();
    std::fs::write(
        root.join("content/action-plans/III/1-bydleni.toml"),
        "id = \"1\"\n\n[[strategic_goal]]\nid = \"1.1\"\n\n[[strategic_goal.specific_goal]]\nid = \"1.1.1\"\n\n\
         [[strategic_goal.specific_goal.measure]]\nid = \"1.1.1.1\"\ncontinues = true\nexpected_cost = { amount = 20000000 }\n\n\
         [[strategic_goal.specific_goal.measure]]\nid = \"1.1.1.2\"\ncontinues = true\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/waves/4-prubezne-vyhodnoceni-iv.toml"),
        "id = \"IV\"\ntitle = \"Průběžné vyhodnocení IV.\"\npublished = \"2027-10\"\ncovers = \"rok 2026\"\n\n\
         [[goal]]\nid = \"1.1.1\"\nas_of = 2027-04-30\nas_of_kind = \"state\"\n\n\
         [[goal.measure]]\nid = \"1.1.1.1\"\nstatus = \"Dokončeno\"\n\n\
         [[goal.measure]]\nid = \"1.1.1.2\"\nstatus = \"V realizaci\"\n",
    )
    .unwrap();
    let later = build::render_site(&options(root)).expect("the site with Akční plán III. builds");
    let model = build::check(&options(root)).site.unwrap();
    assert_eq!(model.waves[3].status_counts.total, 2);
    for wave in ["i", "ii", "iii"] {
        let path = format!("vlny/prubezne-vyhodnoceni-{wave}/index.html");
        assert_eq!(
            sites().ap2.output.get(&path).unwrap(),
            later.output.get(&path).unwrap(),
            "{path} changed"
        );
    }
    // The history dataset's rows of the published waves stay too.
    let published = |built: &Built| -> Vec<String> {
        raw_page(built, "data/stavy-opatreni.csv")
            .lines()
            .filter(|l| !l.starts_with("IV,"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(published(&sites().ap2), published(&later));
}

#[test]
fn a_card_worded_anew_keeps_the_earlier_wording_on_its_page() {
    let s = sites();
    let m = &s.model.measures[measure(&s.model, "2.1.2.1")];
    assert_eq!(
        m.target_group,
        "Obyvatelé sociálně vyloučených lokalit a jejich sousedé"
    );
    assert_eq!(m.editions[1].changed, ["target_group"]);
    let card = text(&s.ap2, "opatreni/2-1-2-1/index.html");
    assert!(
        card.contains("Znění karty podle dokumentu Akční plán I. Cílová skupina Viz cílová skupina tematické oblasti"),
        "{card}"
    );
    assert!(card.contains("Akční plán II. (2026–2027)"), "{card}");
    // A measure whose texts did not change has no such note.
    let unchanged = text(&s.ap2, "opatreni/1-1-1-1/index.html");
    assert!(
        !unchanged.contains("Znění karty podle dokumentu"),
        "{unchanged}"
    );
}

#[test]
fn search_results_say_a_measure_ended() {
    let s = sites();
    let _cs = czech();
    let tr = milnik::render::theme::builtin_translations("cs");
    let docs = milnik::search::documents(&s.model, &tr);
    let badge = |id: &str| {
        docs.iter()
            .find(|d| d.id.as_deref() == Some(id))
            .and_then(|d| d.badge.as_ref())
            .map(|b| (b.label.clone(), b.key))
    };
    assert_eq!(badge("1.3.1.2"), Some(("Ukončeno".to_string(), "ended")));
    assert_eq!(badge("3.1.1.7"), Some(("Zrušeno".to_string(), "cancelled")));
    assert_eq!(badge("1.1.2.1"), Some(("Dokončeno".to_string(), "done")));
}

//! Comparison across several evaluation waves, on tests/fixtures/three-waves (fictitious data
//! made for this purpose: three waves, I → II → III, in which every kind of movement occurs).
//!
//! It proves that:
//! - the model compares each wave with the one before it, item by item: every measure whose
//!   status moved (forward, back, changed, newly reported, no longer reported), every impact-
//!   indicator and global-indicator value that rose, fell, changed, appeared or went missing,
//!   and the counts of what stayed the same; the first wave has nothing to compare with;
//! - every measure's status history and every global indicator's history run through all three
//!   waves, with the same movements as the waves' change lists;
//! - the wave pages show each change with its previous and new state and its label;
//! - a measure page lists its status in every wave, in order, with the movement labels;
//! - a global indicator page has an accessible chart over all waves that leaves a gap ("n. a.")
//!   out instead of drawing it as zero, and a history table with every wave and its movement.

use crate::support::*;
use milnik::build::{self, Built};
use milnik::model::changes::{StatusMove, ValueMove};
use milnik::model::{Site, WaveIx};

const FIXTURE: &str = "three-waves";

fn site() -> Site {
    let checked = build::check(&options(&fixture(FIXTURE)));
    let shown = checked.diagnostics.to_string();
    checked
        .site
        .unwrap_or_else(|| panic!("the fixture is valid:\n{shown}"))
}

fn rendered() -> Built {
    build::render_site(&options(&fixture(FIXTURE))).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The designed changes (see the comments at the top of the fixture's files)
// ---------------------------------------------------------------------------------------------

/// (measure, previous status, new status, movement); `None` is "not reported".
type StatusRow = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    StatusMove,
);

/// (specific goal or global indicator id, indicator name, previous text, new text, movement).
type ValueRow = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    ValueMove,
);

const MEASURE_TITLES: [(&str, &str); 7] = [
    ("1.1.1.1", "Zajištění sociálních bytů"),
    (
        "1.1.1.2",
        "Podpora sociálního pracovníka v zabydlených domácnostech",
    ),
    ("1.1.1.3", "Mapování bytového fondu obvodů"),
    ("1.1.2.1", "Kontaktní místo pro bydlení"),
    ("1.1.2.2", "Terénní poradenství v lokalitách"),
    ("1.1.2.3", "Informační kampaň o sociálním bydlení"),
    ("1.1.2.4", "Vzdělávání pracovníků kontaktního místa"),
];

const IN_PROGRESS: Option<&str> = Some("V realizaci");
const NOT_STARTED: Option<&str> = Some("Nerealizováno");
const COMPLETED: Option<&str> = Some("Dokončeno");

/// Wave II against wave I.
fn statuses_ii() -> Vec<StatusRow> {
    vec![
        (
            "1.1.1.1",
            Some("V realizaci (1/6)"),
            Some("V realizaci (3/6)"),
            StatusMove::Forward,
        ),
        ("1.1.1.2", NOT_STARTED, IN_PROGRESS, StatusMove::Forward),
        ("1.1.1.3", COMPLETED, IN_PROGRESS, StatusMove::Back),
        // 1.1.2.1 stays "V realizaci".
        ("1.1.2.2", None, NOT_STARTED, StatusMove::NewlyReported),
        // 1.1.2.3 is not reported: its "Dokončeno" from wave I stands (a terminal status).
        (
            "1.1.2.4",
            Some("V realizaci (2/6)"),
            Some("V realizaci (2/4)"),
            StatusMove::Changed,
        ),
    ]
}

/// Wave III against wave II.
fn statuses_iii() -> Vec<StatusRow> {
    vec![
        (
            "1.1.1.1",
            Some("V realizaci (3/6)"),
            Some("V realizaci (5/6)"),
            StatusMove::Forward,
        ),
        ("1.1.1.2", IN_PROGRESS, COMPLETED, StatusMove::Forward),
        // 1.1.1.3 stays "V realizaci".
        ("1.1.2.1", IN_PROGRESS, NOT_STARTED, StatusMove::Back),
        ("1.1.2.2", NOT_STARTED, None, StatusMove::NoLongerReported),
        // 1.1.2.3 is reported "Dokončeno" again: the status it carried.
        (
            "1.1.2.4",
            Some("V realizaci (2/4)"),
            Some("V realizaci (1/4)"),
            StatusMove::Back,
        ),
    ]
}

const HOUSED: &str = "Počet zabydlených domácností";
const FLATS_SET_ASIDE: &str = "Počet vyčleněných sociálních bytů";
const REGISTERED: &str = "Počet osob registrovaných u lékaře";
const CLIENTS: &str = "Počet klientů kontaktního místa";
const APPLICATIONS: &str = "Počet podaných žádostí o sociální bydlení";
const INQUIRIES: &str = "Počet provedených sociálních šetření";
const SOCIAL_FLATS: &str = "Počet sociálních bytů";
const UNEMPLOYED: &str = "Podíl uchazečů o zaměstnání v evidenci 12+ měsíců";

/// Impact-indicator values, wave II against wave I, in the order wave II gives them.
fn goal_values_ii() -> Vec<ValueRow> {
    vec![
        ("1.1.1", HOUSED, Some("39"), Some("45"), ValueMove::Rose),
        // FLATS_SET_ASIDE stays 30.
        (
            "1.1.1",
            REGISTERED,
            Some("12/22"),
            Some("15/20"),
            ValueMove::Changed,
        ),
        ("1.1.2", CLIENTS, Some("180"), Some("150"), ValueMove::Fell),
        (
            "1.1.2",
            APPLICATIONS,
            Some("n. a."),
            Some("60"),
            ValueMove::New,
        ),
        // INQUIRIES stays 25.
    ]
}

/// Impact-indicator values, wave III against wave II: wave III's values in its order, then the
/// value it no longer gives at all.
fn goal_values_iii() -> Vec<ValueRow> {
    vec![
        // HOUSED stays 45.
        (
            "1.1.1",
            FLATS_SET_ASIDE,
            Some("30"),
            Some("34"),
            ValueMove::Rose,
        ),
        (
            "1.1.1",
            REGISTERED,
            Some("15/20"),
            Some("17/25"),
            ValueMove::Rose,
        ),
        (
            "1.1.2",
            CLIENTS,
            Some("150"),
            Some("n. a."),
            ValueMove::Missing,
        ),
        (
            "1.1.2",
            APPLICATIONS,
            Some("60"),
            Some("55"),
            ValueMove::Fell,
        ),
        ("1.1.2", INQUIRIES, Some("25"), None, ValueMove::Missing),
    ]
}

fn global_values_ii() -> Vec<ValueRow> {
    vec![
        (
            "pocet-socialnich-bytu",
            SOCIAL_FLATS,
            Some("310"),
            Some("n. a."),
            ValueMove::Missing,
        ),
        (
            "podil-uchazecu-12-mesicu",
            UNEMPLOYED,
            Some("3,1\u{a0}% vs. 2,3\u{a0}%"),
            Some("2,6\u{a0}% vs. 2,2\u{a0}%"),
            ValueMove::Fell,
        ),
    ]
}

fn global_values_iii() -> Vec<ValueRow> {
    vec![
        (
            "pocet-socialnich-bytu",
            SOCIAL_FLATS,
            Some("n. a."),
            Some("420"),
            ValueMove::New,
        ),
        (
            "podil-uchazecu-12-mesicu",
            UNEMPLOYED,
            Some("2,6\u{a0}% vs. 2,2\u{a0}%"),
            Some("2,9\u{a0}% vs. 2,1\u{a0}%"),
            ValueMove::Rose,
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// The model's change lists as plain rows
// ---------------------------------------------------------------------------------------------

/// A status change as the model gives it: (measure, previous badge, new badge, movement).
type ModelStatusRow = (String, Option<String>, Option<String>, StatusMove);

/// A value change as the model gives it: (goal or indicator id, name, from, to, movement).
type ModelValueRow = (String, String, Option<String>, Option<String>, ValueMove);

/// (wave, badge label, movement) of a measure's status history.
type HistoryRow = (usize, Option<String>, Option<StatusMove>);

fn status_rows(site: &Site, wave: usize) -> Vec<ModelStatusRow> {
    let _cs = crate::support::czech();
    site.waves[wave]
        .changes
        .statuses
        .iter()
        .map(|c| {
            (
                site.measures[c.measure].id.clone(),
                c.from.as_ref().map(|b| b.status.shown()),
                c.to.as_ref().map(|b| b.status.shown()),
                c.movement,
            )
        })
        .collect()
}

fn goal_value_rows(site: &Site, wave: usize) -> Vec<ModelValueRow> {
    let _cs = crate::support::czech();
    site.waves[wave]
        .changes
        .goal_values
        .iter()
        .map(|c| {
            assert_eq!(c.global, None, "{} is an impact indicator", c.name);
            let goal = c.goal.expect("an impact indicator belongs to a goal");
            (
                site.specific_goals[goal].id.clone(),
                c.name.clone(),
                c.from.as_ref().map(|t| t.shown()),
                c.to.as_ref().map(|t| t.shown()),
                c.movement,
            )
        })
        .collect()
}

fn global_value_rows(site: &Site, wave: usize) -> Vec<ModelValueRow> {
    let _cs = crate::support::czech();
    site.waves[wave]
        .changes
        .indicator_values
        .iter()
        .map(|c| {
            assert_eq!(c.goal, None, "{} is a global indicator", c.name);
            let i = c
                .global
                .expect("a global indicator value names its indicator");
            (
                site.indicators[i].id.clone(),
                c.name.clone(),
                c.from.as_ref().map(|t| t.shown()),
                c.to.as_ref().map(|t| t.shown()),
                c.movement,
            )
        })
        .collect()
}

fn owned_statuses(rows: Vec<StatusRow>) -> Vec<ModelStatusRow> {
    rows.into_iter()
        .map(|(id, from, to, m)| {
            (
                id.to_string(),
                from.map(str::to_string),
                to.map(str::to_string),
                m,
            )
        })
        .collect()
}

fn owned_values(rows: Vec<ValueRow>) -> Vec<ModelValueRow> {
    rows.into_iter()
        .map(|(scope, name, from, to, m)| {
            (
                scope.to_string(),
                name.to_string(),
                from.map(str::to_string),
                to.map(str::to_string),
                m,
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading rendered pages
// ---------------------------------------------------------------------------------------------

/// Visible text without the spaces that tags leave inside brackets and before punctuation:
/// "39 z 40 ( <a>Specifický cíl 1.1.1</a> )" reads "(Specifický cíl 1.1.1)".
fn tidy(html: &str) -> String {
    visible_text(html)
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" :", ":")
        .replace(" ,", ",")
}

/// Every `<tag …>…</tag>` element of `html` whose opening tag starts with `open`, in order
/// (elements of that kind must not nest).
fn elements<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let end = rest[start..]
            .find(close)
            .map(|i| start + i + close.len())
            .unwrap_or_else(|| panic!("{open} is not closed"));
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

/// The cells of each body row of a table (header rows, those in `<thead>`, are left out).
fn body_rows(table: &str) -> Vec<Vec<String>> {
    let body = table.split_once("<tbody>").map_or(table, |(_, body)| body);
    elements(body, "<tr", "</tr>")
        .into_iter()
        .map(|row| {
            let mut cells = Vec::new();
            let mut rest = row;
            loop {
                let next = ["<th ", "<th>", "<td ", "<td>"]
                    .iter()
                    .filter_map(|t| rest.find(t).map(|i| (i, &t[1..3])))
                    .min();
                let Some((start, tag)) = next else { break };
                let close = format!("</{tag}>");
                let end = start + rest[start..].find(&close).expect("cell is closed");
                cells.push(tidy(&rest[start..end]));
                rest = &rest[end + close.len()..];
            }
            cells
        })
        .collect()
}

fn table_with_caption<'a>(html: &'a str, caption: &str) -> &'a str {
    elements(html, "<table", "</table>")
        .into_iter()
        .find(|t| t.contains(&format!("<caption>{caption}</caption>")))
        .unwrap_or_else(|| panic!("no table captioned `{caption}`:\n{html}"))
}

fn title_of(id: &str) -> &'static str {
    MEASURE_TITLES
        .iter()
        .find(|(m, _)| *m == id)
        .map(|(_, t)| *t)
        .unwrap()
}

/// What a status-change row of a wave page should show.
fn shown_status_row((id, from, to, m): &StatusRow) -> Vec<String> {
    let badge = |b: &Option<&str>| b.unwrap_or("Bez hodnocení").to_string();
    vec![
        format!("{id} {}", title_of(id)),
        badge(from),
        badge(to),
        status_move_text(*m).to_string(),
    ]
}

/// How the Czech theme words a status movement (`change.status.*` in cs.toml).
fn status_move_text(m: StatusMove) -> &'static str {
    match m {
        StatusMove::Forward => "posun vpřed",
        StatusMove::Back => "návrat zpět",
        StatusMove::Changed => "změna",
        StatusMove::NewlyReported => "nově hodnoceno",
        StatusMove::NoLongerReported => "již nehodnoceno",
        StatusMove::Added => "nově v akčním plánu",
        StatusMove::Ended => "ukončeno s akčním plánem",
    }
}

/// How the Czech theme words a value movement (`change.value.*` in cs.toml).
fn value_move_text(m: ValueMove) -> &'static str {
    match m {
        ValueMove::Rose => "vzrostla",
        ValueMove::Fell => "klesla",
        ValueMove::Changed => "změnila se",
        ValueMove::New => "nová hodnota",
        ValueMove::Missing => "hodnota chybí",
    }
}

/// What a value-change row of a wave page should show.
fn shown_value_row((scope, name, from, to, m): &ValueRow, goal: bool) -> Vec<String> {
    let text = |v: &Option<&str>| v.unwrap_or("–").replace('\u{a0}', " ");
    let name = if goal {
        format!("{name} (Specifický cíl {scope})")
    } else {
        name.to_string()
    };
    vec![name, text(from), text(to), value_move_text(*m).to_string()]
}

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

#[test]
fn the_fixture_is_valid_and_has_three_waves_in_order() {
    let checked = build::check(&options(&fixture(FIXTURE)));
    let shown = checked.diagnostics.to_string();
    assert_eq!(checked.diagnostics.errors(), 0, "{shown}");
    // Its only warnings: waves I and III leave one measure unreported, on purpose (the "newly
    // reported" and "no longer reported" changes), and `check` lists them. Wave II does not
    // report 1.1.2.3 either, but that measure is done since wave I, which stands.
    let warnings: Vec<String> = checked
        .diagnostics
        .0
        .iter()
        .map(|d| format!("{}: {}", d.file.display(), d.message))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/waves/1-vlna-i.toml: wave I does not report 1 of the measures in force in Akční plán I.: 1.1.2.2",
            "content/waves/3-vlna-iii.toml: wave III does not report 1 of the measures in force in Akční plán I.: 1.1.2.2",
        ],
        "{shown}"
    );
    let site = checked.site.expect("valid");
    let waves: Vec<(&str, &str)> = site
        .waves
        .iter()
        .map(|w| (w.id.as_str(), w.title.as_str()))
        .collect();
    assert_eq!(
        waves,
        [
            ("I", "Průběžné vyhodnocení I."),
            ("II", "Průběžné vyhodnocení II."),
            ("III", "Průběžné vyhodnocení III."),
        ]
    );
}

#[test]
fn the_first_wave_has_nothing_to_compare_with() {
    let site = site();
    let first = &site.waves[0].changes;
    assert_eq!(first.previous, None);
    assert!(first.statuses.is_empty(), "{:?}", first.statuses);
    assert!(first.goal_values.is_empty(), "{:?}", first.goal_values);
    assert!(
        first.indicator_values.is_empty(),
        "{:?}",
        first.indicator_values
    );
    assert_eq!(first.unchanged_statuses, 0);
    assert_eq!(first.unchanged_values, 0);

    let built = rendered();
    let html = page(&built, "vlny/prubezne-vyhodnoceni-i/index.html");
    assert!(
        visible_text(&html).contains("Toto je první vyhodnocení plánu, není tedy s čím srovnávat."),
        "{html}"
    );
    assert!(!html.contains(r#"<table class="changes">"#), "{html}");
}

#[test]
fn wave_ii_is_compared_with_wave_i_item_by_item() {
    let site = site();
    let changes = &site.waves[1].changes;
    assert_eq!(changes.previous, Some(WaveIx::new(0)));
    assert_eq!(status_rows(&site, 1), owned_statuses(statuses_ii()));
    assert_eq!(goal_value_rows(&site, 1), owned_values(goal_values_ii()));
    assert_eq!(
        global_value_rows(&site, 1),
        owned_values(global_values_ii())
    );
    // 1.1.2.1 keeps "V realizaci", 1.1.2.3 "Dokončeno".
    assert_eq!(changes.unchanged_statuses, 2);
    // "Počet vyčleněných sociálních bytů" stays 30 and "Počet provedených sociálních šetření"
    // stays 25.
    assert_eq!(changes.unchanged_values, 2);
}

#[test]
fn wave_iii_is_compared_with_wave_ii_item_by_item() {
    let site = site();
    let changes = &site.waves[2].changes;
    assert_eq!(changes.previous, Some(WaveIx::new(1)));
    assert_eq!(status_rows(&site, 2), owned_statuses(statuses_iii()));
    assert_eq!(goal_value_rows(&site, 2), owned_values(goal_values_iii()));
    assert_eq!(
        global_value_rows(&site, 2),
        owned_values(global_values_iii())
    );
    // 1.1.1.3 keeps "V realizaci", 1.1.2.3 "Dokončeno".
    assert_eq!(changes.unchanged_statuses, 2);
    // "Počet zabydlených domácností" stays 45.
    assert_eq!(changes.unchanged_values, 1);
}

#[test]
fn every_measure_has_its_status_in_all_three_waves_with_the_movements_of_the_wave_lists() {
    let _cs = crate::support::czech();
    let site = site();
    type Entry = (Option<&'static str>, Option<StatusMove>);
    let expected: [(&str, [Entry; 3]); 7] = [
        (
            "1.1.1.1",
            [
                (Some("V realizaci (1/6)"), None),
                (Some("V realizaci (3/6)"), Some(StatusMove::Forward)),
                (Some("V realizaci (5/6)"), Some(StatusMove::Forward)),
            ],
        ),
        (
            "1.1.1.2",
            [
                (NOT_STARTED, None),
                (IN_PROGRESS, Some(StatusMove::Forward)),
                (COMPLETED, Some(StatusMove::Forward)),
            ],
        ),
        (
            "1.1.1.3",
            [
                (COMPLETED, None),
                (IN_PROGRESS, Some(StatusMove::Back)),
                (IN_PROGRESS, None),
            ],
        ),
        (
            "1.1.2.1",
            [
                (IN_PROGRESS, None),
                (IN_PROGRESS, None),
                (NOT_STARTED, Some(StatusMove::Back)),
            ],
        ),
        (
            "1.1.2.2",
            [
                (None, None),
                (NOT_STARTED, Some(StatusMove::NewlyReported)),
                (None, Some(StatusMove::NoLongerReported)),
            ],
        ),
        (
            "1.1.2.3",
            [(COMPLETED, None), (COMPLETED, None), (COMPLETED, None)],
        ),
        (
            "1.1.2.4",
            [
                (Some("V realizaci (2/6)"), None),
                (Some("V realizaci (2/4)"), Some(StatusMove::Changed)),
                (Some("V realizaci (1/4)"), Some(StatusMove::Back)),
            ],
        ),
    ];
    let ids: Vec<&str> = site.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, expected.map(|(id, _)| id));
    for (m, (id, entries)) in site.measures.iter().zip(expected) {
        let history: Vec<HistoryRow> = m
            .status_history
            .iter()
            .map(|h| {
                (
                    h.wave.get(),
                    h.badge.as_ref().map(|b| b.status.shown()),
                    h.movement,
                )
            })
            .collect();
        let wanted: Vec<HistoryRow> = entries
            .iter()
            .enumerate()
            .map(|(w, (badge, movement))| (w, badge.map(str::to_string), *movement))
            .collect();
        assert_eq!(history, wanted, "status history of {id}");
        // The history and the waves' change lists tell the same story.
        for (w, (_, movement)) in entries.iter().enumerate().skip(1) {
            let listed = site.waves[w]
                .changes
                .statuses
                .iter()
                .find(|c| site.measures[c.measure].id == id)
                .map(|c| c.movement);
            assert_eq!(listed, *movement, "{id} in wave {}", site.waves[w].id);
        }
        assert_eq!(
            m.latest_status.as_ref().map(|b| b.status.shown()),
            entries[2].0.map(String::from),
            "{id}'s current badge is its wave III status"
        );
    }
}

#[test]
fn every_global_indicator_has_a_value_in_all_three_waves_with_gap_and_movements() {
    let _cs = crate::support::czech();
    let site = site();
    type Entry = (
        Option<&'static str>,
        Option<ValueMove>,
        Option<&'static str>,
    );
    let expected: [(&str, [Entry; 3]); 2] = [
        (
            "pocet-socialnich-bytu",
            [
                (Some("310"), None, Some("misses")),
                (Some("n. a."), Some(ValueMove::Missing), Some("unknown")),
                (Some("420"), Some(ValueMove::New), Some("misses")),
            ],
        ),
        (
            "podil-uchazecu-12-mesicu",
            [
                (Some("3,1\u{a0}% vs. 2,3\u{a0}%"), None, Some("misses")),
                (
                    Some("2,6\u{a0}% vs. 2,2\u{a0}%"),
                    Some(ValueMove::Fell),
                    Some("meets"),
                ),
                (
                    Some("2,9\u{a0}% vs. 2,1\u{a0}%"),
                    Some(ValueMove::Rose),
                    Some("misses"),
                ),
            ],
        ),
    ];
    let ids: Vec<&str> = site.indicators.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, expected.map(|(id, _)| id));
    for (ind, (id, entries)) in site.indicators.iter().zip(expected) {
        let history: Vec<(Option<String>, Option<ValueMove>, Option<&str>)> = ind
            .history
            .iter()
            .map(|h| {
                (
                    h.value
                        .map(|v| site.waves[h.wave].indicator_values[v].text.shown()),
                    h.movement,
                    h.trend.as_ref().map(|t| t.key),
                )
            })
            .collect();
        let wanted: Vec<(Option<String>, Option<ValueMove>, Option<&str>)> = entries
            .iter()
            .map(|(text, movement, trend)| (text.map(str::to_string), *movement, *trend))
            .collect();
        assert_eq!(history, wanted, "history of {id}");
        assert_eq!(
            ind.history.iter().map(|h| h.wave.get()).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The wave pages
// ---------------------------------------------------------------------------------------------

fn assert_wave_page_shows(
    built: &Built,
    slug: &str,
    previous: &str,
    unchanged: (usize, usize),
    statuses: Vec<StatusRow>,
    goal_values: Vec<ValueRow>,
    global_values: Vec<ValueRow>,
) {
    let path = format!("vlny/{slug}/index.html");
    let html = page(built, &path);
    let text = visible_text(&html);
    assert!(
        text.contains(&format!("Srovnání s vyhodnocením {previous}")),
        "{path}: {text}"
    );
    assert!(
        text.contains(&format!(
            "Opatření se stejným stavem: {}; hodnot indikátorů beze změny: {}.",
            unchanged.0, unchanged.1
        )),
        "{path}: {text}"
    );
    let tables = [
        (
            "Opatření, jejichž stav se změnil",
            statuses.iter().map(shown_status_row).collect::<Vec<_>>(),
        ),
        (
            "Indikátory dopadu cílů: hodnoty, které se změnily",
            goal_values
                .iter()
                .map(|v| shown_value_row(v, true))
                .collect(),
        ),
        (
            "Globální indikátory: hodnoty, které se změnily",
            global_values
                .iter()
                .map(|v| shown_value_row(v, false))
                .collect(),
        ),
    ];
    for (caption, rows) in tables {
        assert_eq!(
            body_rows(table_with_caption(&html, caption)),
            rows,
            "{path}: {caption}"
        );
    }
    // Each changed measure links to its page.
    for (id, ..) in &statuses {
        let href = format!(r#"href="/opatreni/{}/""#, id.replace('.', "-"));
        assert!(html.contains(&href), "{path}: no link {href}");
    }
    // Each global indicator links to its own page.
    for (id, ..) in &global_values {
        let href = format!(r#"href="/indikatory/{id}/""#);
        assert!(html.contains(&href), "{path}: no link {href}");
    }
}

#[test]
fn the_wave_ii_page_shows_every_change_since_wave_i() {
    let built = rendered();
    assert_wave_page_shows(
        &built,
        "prubezne-vyhodnoceni-ii",
        "Průběžné vyhodnocení I. (červen 2024)",
        (2, 2),
        statuses_ii(),
        goal_values_ii(),
        global_values_ii(),
    );
}

#[test]
fn the_wave_iii_page_shows_every_change_since_wave_ii() {
    let built = rendered();
    assert_wave_page_shows(
        &built,
        "prubezne-vyhodnoceni-iii",
        "Průběžné vyhodnocení II. (červen 2025)",
        (2, 1),
        statuses_iii(),
        goal_values_iii(),
        global_values_iii(),
    );
}

// ---------------------------------------------------------------------------------------------
// The measure pages
// ---------------------------------------------------------------------------------------------

fn status_history_items(built: &Built, measure: &str) -> Vec<String> {
    let path = format!("opatreni/{}/index.html", measure.replace('.', "-"));
    let html = page(built, &path);
    let list = elements(&html, r#"<ol class="status-history""#, "</ol>");
    assert_eq!(list.len(), 1, "{path} has one status history:\n{html}");
    elements(list[0], "<li", "</li>")
        .into_iter()
        .map(tidy)
        .collect()
}

#[test]
fn a_measure_page_lists_its_status_in_all_three_waves_in_order() {
    let built = rendered();
    assert_eq!(
        status_history_items(&built, "1.1.1.1"),
        [
            "Průběžné vyhodnocení I. (červen 2024): V realizaci (1/6)",
            "Průběžné vyhodnocení II. (červen 2025): V realizaci (3/6) – posun vpřed",
            "Průběžné vyhodnocení III. (červen 2026): V realizaci (5/6) – posun vpřed",
        ]
    );
    assert_eq!(
        status_history_items(&built, "1.1.1.3"),
        [
            "Průběžné vyhodnocení I. (červen 2024): Dokončeno",
            "Průběžné vyhodnocení II. (červen 2025): V realizaci – návrat zpět",
            "Průběžné vyhodnocení III. (červen 2026): V realizaci",
        ]
    );
    // A wave that does not report a completed measure keeps its status, and says where from.
    assert_eq!(
        status_history_items(&built, "1.1.2.3"),
        [
            "Průběžné vyhodnocení I. (červen 2024): Dokončeno",
            "Průběžné vyhodnocení II. (červen 2025): Dokončeno (stav převzatý z dokumentu Průběžné vyhodnocení I.)",
            "Průběžné vyhodnocení III. (červen 2026): Dokončeno",
        ]
    );
    assert_eq!(
        status_history_items(&built, "1.1.2.2"),
        [
            "Průběžné vyhodnocení I. (červen 2024): Bez hodnocení",
            "Průběžné vyhodnocení II. (červen 2025): Nerealizováno – nově hodnoceno",
            "Průběžné vyhodnocení III. (červen 2026): Bez hodnocení – již nehodnoceno",
        ]
    );
    assert_eq!(
        status_history_items(&built, "1.1.2.4"),
        [
            "Průběžné vyhodnocení I. (červen 2024): V realizaci (2/6)",
            "Průběžné vyhodnocení II. (červen 2025): V realizaci (2/4) – změna",
            "Průběžné vyhodnocení III. (červen 2026): V realizaci (1/4) – návrat zpět",
        ]
    );
    // The page opens with the latest wave's status, naming the wave.
    let html = page(&built, "opatreni/1-1-1-1/index.html");
    assert!(
        visible_text(&html).contains(
            "Stručně Stav V realizaci (5/6) podle dokumentu Průběžné vyhodnocení III. (červen 2026)"
        ),
        "{html}"
    );
    // A status carried from an earlier wave names the wave that reported it.
    let html = page(&built, "opatreni/1-1-2-3/index.html");
    assert!(
        visible_text(&html).contains(
            "Stručně Stav Dokončeno podle dokumentu Průběžné vyhodnocení III. (červen 2026)"
        ),
        "{html}"
    );
}

#[test]
fn a_measure_page_opens_with_what_happened_before_the_plans_card() {
    let built = rendered();
    let text = visible_text(&page(&built, "opatreni/1-1-1-1/index.html"));
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` in {text}"))
    };
    // The latest wave's finding leads; earlier waves' findings stay in the history, each once.
    let latest = "Poslední zjištění Shrnutí: Specifický cíl 1.1.1 – Průběžné vyhodnocení III.; \
                  data dostupná k 30. 4. 2026 Zabydleno bylo stále 45 domácností.";
    assert!(at(latest) < at("Karta opatření"), "{text}");
    assert!(at("Karta opatření") < at("Zabydleno bylo 45 domácností."));
    for finding in [
        "Zabydleno bylo stále 45 domácností.",
        "Zabydleno bylo 45 domácností.",
        "Zabydleno bylo 39 domácností.",
    ] {
        assert_eq!(
            text.matches(finding).count(),
            1,
            "`{finding}` once in {text}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The global indicator pages
// ---------------------------------------------------------------------------------------------

/// The value of attribute `name` in the opening tag `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    tag[start..].split('"').next()
}

/// One run of a line series as drawn: its path and its points (x, y, value label).
#[derive(Debug)]
struct Run {
    path: String,
    points: Vec<(f64, f64, String)>,
}

/// The runs of the first line series of an indicator chart. Each run is drawn as one group
/// (`<g class="run" data-series="0">`) with its line (a path, when it joins two points or
/// more) and each point's circle followed by its value label.
fn first_series_runs(svg: &str) -> Vec<Run> {
    let groups = elements(svg, r#"<g class="run" data-series="0">"#, "</g>");
    assert!(!groups.is_empty(), "no line series in:\n{svg}");
    groups
        .into_iter()
        .map(|g| {
            let path = elements(g, "<path", "/>")
                .first()
                .and_then(|p| attr(p, "d"))
                .unwrap_or("")
                .to_string();
            let labels = elements(g, "<text", "</text>");
            let points = elements(g, "<circle", "/>")
                .into_iter()
                .zip(labels)
                .map(|(c, t)| {
                    let (x, y) = (attr(c, "cx").unwrap(), attr(c, "cy").unwrap());
                    (x.parse().unwrap(), y.parse().unwrap(), visible_text(t))
                })
                .collect();
            Run { path, points }
        })
        .collect()
}

/// The `x` of the year `year` written under the time axis (the middle of its band).
fn year_x(svg: &str, year: &str) -> f64 {
    let text = elements(svg, "<text", "</text>")
        .into_iter()
        .find(|t| t.ends_with(&format!(">{year}</text>")))
        .unwrap_or_else(|| panic!("no year {year} on the axis: {svg}"));
    attr(text, "x").unwrap().parse().unwrap()
}

#[test]
fn a_global_indicator_chart_covers_every_wave_and_leaves_the_gap_out() {
    let built = rendered();
    let html = page(&built, "indikatory/pocet-socialnich-bytu/index.html");
    let figure = elements(
        &html,
        r#"<figure class="chart" id="graf-pocet-socialnich-bytu">"#,
        "</figure>",
    );
    assert_eq!(figure.len(), 1, "the indicator page has its chart:\n{html}");
    let figure = figure[0];
    let svg = elements(figure, "<svg", "</svg>");
    assert_eq!(
        svg.len(),
        2,
        "the chart is inline SVG, drawn for the column and a phone"
    );
    assert!(svg[1].contains("viewBox=\"0 0 360 "), "{}", svg[1]);
    let svg = svg[0];
    let open = &svg[..svg.find('>').unwrap()];
    assert!(open.contains(r#"role="img""#), "{open}");
    assert!(
        svg.contains("<title>Počet sociálních bytů</title>"),
        "{svg}"
    );
    let desc = elements(svg, "<desc>", "</desc>");
    assert_eq!(desc.len(), 1, "{svg}");
    let desc = visible_text(desc[0]);
    assert!(
        desc.contains("aktuální 420 (Průběžné vyhodnocení III., 2025)"),
        "the description names the latest value, not the gap: {desc}"
    );
    assert!(
        desc.ends_with("Hodnoty, které nejsou k dispozici, jsou v grafu vynechány."),
        "the description says the gap is left out: {desc}"
    );

    // In the data table each point is named by the period its value is for (a wave without a
    // value: the period the wave evaluates), not by when the wave was published.
    let categories = [
        "1. pol. 2021 (výchozí)",
        "2023 (Vlna I)",
        "rok 2024 (Vlna II)",
        "2025 (Vlna III)",
    ];
    // The time axis has every year from the baseline's to the plan's last, 2027.
    for year in 2021..=2027 {
        year_x(svg, &year.to_string());
    }
    assert_eq!(
        body_rows(figure),
        [
            vec![categories[0], "589"],
            vec![categories[1], "310"],
            vec![categories[2], "n. a."],
            vec![categories[3], "420"],
            vec!["Očekávaná hodnota/trend", "Minimálně 700"],
        ],
        "the chart's data table"
    );

    // The line is broken at wave II: two runs, the baseline and wave I joined by a line, and
    // wave III on its own. Only the three numbers are drawn: nothing at zero for "n. a.".
    let runs = first_series_runs(svg);
    assert_eq!(runs.len(), 2, "the line breaks at the gap: {runs:?}");
    let labels: Vec<Vec<&str>> = runs
        .iter()
        .map(|r| r.points.iter().map(|p| p.2.as_str()).collect())
        .collect();
    assert_eq!(labels, [vec!["589", "310"], vec!["420"]], "{runs:?}");
    assert!(
        runs[0].path.contains('l') || runs[0].path.contains('L'),
        "the first run is a line: {runs:?}"
    );
    assert!(
        !runs[1].path.contains('l') && !runs[1].path.contains('L'),
        "the lone point after the gap is joined to nothing: {runs:?}"
    );
    // Each point stands in the year its value is for: 2023 and 2025 in the middle of their
    // years, the first half of 2021 a quarter of a year before the middle of 2021.
    let xs: Vec<f64> = runs
        .iter()
        .flat_map(|r| r.points.iter().map(|p| p.0))
        .collect();
    let band = year_x(svg, "2022") - year_x(svg, "2021");
    assert!((xs[1] - year_x(svg, "2023")).abs() < 0.2, "{xs:?}");
    assert!((xs[2] - year_x(svg, "2025")).abs() < 0.2, "{xs:?}");
    assert!(
        (xs[0] - (year_x(svg, "2021") - band / 4.0)).abs() < 0.2,
        "{xs:?}"
    );
    // Higher values are drawn higher up (smaller y): 589 above 420 above 310.
    let ys: Vec<f64> = runs
        .iter()
        .flat_map(|r| r.points.iter().map(|p| p.1))
        .collect();
    assert!(ys[0] < ys[2] && ys[2] < ys[1], "{ys:?}");
}

#[test]
fn a_global_indicator_history_table_lists_every_wave_with_its_movement() {
    let built = rendered();
    let html = page(&built, "indikatory/pocet-socialnich-bytu/index.html");
    assert_eq!(
        body_rows(table_with_caption(&html, "Hodnoty indikátoru v čase")),
        [
            vec![
                "Počáteční hodnota",
                "589 1. pol. 2021, Zkušebnice",
                "–",
                "–"
            ],
            vec![
                "Průběžné vyhodnocení I. červen 2024",
                "310 2023, Zkušebnice",
                "–",
                "Neodpovídá očekávanému trendu",
            ],
            vec![
                "Průběžné vyhodnocení II. červen 2025",
                "n. a.",
                "hodnota chybí",
                "Nelze posoudit",
            ],
            vec![
                "Průběžné vyhodnocení III. červen 2026",
                "420 2025, Zkušebnice",
                "nová hodnota",
                "Neodpovídá očekávanému trendu",
            ],
        ]
    );

    let html = page(&built, "indikatory/podil-uchazecu-12-mesicu/index.html");
    assert_eq!(
        body_rows(table_with_caption(&html, "Hodnoty indikátoru v čase")),
        [
            vec![
                "Počáteční hodnota",
                "3,01 % vs. 2,28 % 12/2021, Zkušebnice vs. MSK",
                "–",
                "–",
            ],
            vec![
                "Průběžné vyhodnocení I. červen 2024",
                "3,1 % vs. 2,3 % 12/2023, Zkušebnice vs. MSK",
                "–",
                "Neodpovídá očekávanému trendu",
            ],
            vec![
                "Průběžné vyhodnocení II. červen 2025",
                "2,6 % vs. 2,2 % 12/2024, Zkušebnice vs. MSK",
                "klesla",
                "Odpovídá očekávanému trendu",
            ],
            vec![
                "Průběžné vyhodnocení III. červen 2026",
                "2,9 % vs. 2,1 % 12/2025, Zkušebnice vs. MSK",
                "vzrostla",
                "Neodpovídá očekávanému trendu",
            ],
        ]
    );
}

#[test]
fn a_region_indicator_chart_draws_both_lines_over_every_wave() {
    let built = rendered();
    let html = page(&built, "indikatory/podil-uchazecu-12-mesicu/index.html");
    let figure = elements(
        &html,
        r#"<figure class="chart" id="graf-podil-uchazecu-12-mesicu">"#,
        "</figure>",
    );
    assert_eq!(figure.len(), 1, "{html}");
    let figure = figure[0];
    let svg = elements(figure, "<svg", "</svg>")[0];
    assert!(svg[..svg.find('>').unwrap()].contains(r#"role="img""#));
    assert!(
        svg.contains("<title>Podíl uchazečů o zaměstnání v evidenci 12+ měsíců</title>"),
        "{svg}"
    );
    let desc = visible_text(elements(svg, "<desc>", "</desc>")[0]);
    assert!(
        desc.contains("aktuální 2,9 % vs. 2,1 % (Průběžné vyhodnocení III., 12/2025)"),
        "{desc}"
    );
    assert!(!desc.contains("vynechány"), "nothing is left out: {desc}");
    assert!(
        svg.contains(">Zkušebnice</text>") && svg.contains(">MSK</text>"),
        "legend: {svg}"
    );
    assert_eq!(
        body_rows(figure),
        [
            vec!["12/2021 (výchozí)", "3,01 % vs. 2,28 %", "2,28"],
            vec!["12/2023 (Vlna I)", "3,1 % vs. 2,3 %", "2,3"],
            vec!["12/2024 (Vlna II)", "2,6 % vs. 2,2 %", "2,2"],
            vec!["12/2025 (Vlna III)", "2,9 % vs. 2,1 %", "2,1"],
            vec![
                "Očekávaná hodnota/trend",
                "Pokles pod krajskou hodnotu",
                "–"
            ],
        ]
    );
    let runs = first_series_runs(svg);
    let labels: Vec<Vec<&str>> = runs
        .iter()
        .map(|r| r.points.iter().map(|p| p.2.as_str()).collect())
        .collect();
    assert_eq!(
        labels,
        [vec!["3,01", "3,1", "2,6", "2,9"]],
        "one unbroken line through the baseline and all three waves"
    );
}

#[test]
fn a_measure_page_table_has_a_row_per_wave_in_order() {
    let built = rendered();
    let html = page(&built, "opatreni/1-1-2-3/index.html");
    let table = table_with_caption(&html, "Stav opatření v jednotlivých vlnách vyhodnocení");
    let rows: Vec<(String, String)> = body_rows(table)
        .into_iter()
        .map(|cells| (cells[0].clone(), cells[1].clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Průběžné vyhodnocení I. červen 2024".to_string(),
                "Dokončeno".to_string()
            ),
            // Not reported by wave II: its "Dokončeno" of wave I stands.
            (
                "Průběžné vyhodnocení II. červen 2025".to_string(),
                "Dokončeno (stav z předchozího vyhodnocení)".to_string()
            ),
            (
                "Průběžné vyhodnocení III. červen 2026".to_string(),
                "Dokončeno".to_string()
            ),
        ]
    );
}

/// The Atom feed of plan changes has one entry per wave, newest first, and each entry lists
/// exactly the wave's status changes, with the previous and the new status.
#[test]
fn the_changes_feed_has_an_entry_per_wave_with_its_status_changes() {
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let built = rendered();
    let xml = String::from_utf8(built.output.files["vlny/atom.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .collect();
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.children()
                .find(|n| n.has_tag_name((ATOM, "title")))
                .and_then(|t| t.text())
                .unwrap()
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Průběžné vyhodnocení III.: co se změnilo",
            "Průběžné vyhodnocení II.: co se změnilo",
            "Průběžné vyhodnocení I.: co se změnilo",
        ]
    );
    let status = |s: Option<&str>| s.unwrap_or("Bez hodnocení").to_string();
    for (entry, expected) in entries.iter().zip([statuses_iii(), statuses_ii()]) {
        let content = entry
            .children()
            .find(|n| n.has_tag_name((ATOM, "content")))
            .unwrap();
        assert_eq!(content.attribute("type"), Some("xhtml"));
        let items: Vec<String> = content
            .descendants()
            .filter(|n| n.has_tag_name((XHTML, "li")))
            .map(|li| {
                li.descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect()
            })
            .filter(|text: &String| text.contains(" → ") && text.starts_with("1.1."))
            .filter(|text| MEASURE_TITLES.iter().any(|(id, _)| text.starts_with(id)))
            .collect();
        let wanted: Vec<String> = expected
            .iter()
            .map(|(id, from, to, _)| {
                format!("{id} {}: {} → {}", title_of(id), status(*from), status(*to))
            })
            .collect();
        assert_eq!(items.len(), wanted.len(), "{items:#?}");
        for (item, want) in items.iter().zip(&wanted) {
            assert!(item.starts_with(want), "{item} should start with {want}");
        }
        // Links inside an entry are absolute, since feed readers show it on their own.
        for a in content
            .descendants()
            .filter(|n| n.has_tag_name((XHTML, "a")))
        {
            assert!(a
                .attribute("href")
                .unwrap()
                .starts_with("https://example.cz/"));
        }
    }
    let first = entries[2]
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>();
    assert!(first.contains("První vyhodnocení plánu"), "{first}");
}

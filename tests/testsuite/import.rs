//! Editors' spreadsheets in: `milnik export wave-template` writes the CSV implementers fill in,
//! `milnik import wave` turns a filled-in one into a wave file. Run on copies of the bundled
//! Ostrava site, with files made the way implementers make them (Czech Excel: `;`, a BOM,
//! decimal commas, "30. 4. 2024"), and with mistakes in them.

use std::collections::HashMap;
use std::path::Path;

use milnik::build;
use milnik::model::{Observation, Site};
use milnik::spreadsheet::{parse_period, COLUMNS};

use crate::bad_input::assert_snapshot;
use crate::support::*;

/// A private copy of the bundled Ostrava site (content, configuration and its own texts; the
/// theme is the built-in default).
pub(crate) fn ostrava_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &dir.path().join("content"));
    copy_tree(&repo_root().join("i18n"), &dir.path().join("i18n"));
    std::fs::copy(
        repo_root().join("milnik.toml"),
        dir.path().join("milnik.toml"),
    )
    .unwrap();
    dir
}

pub(crate) fn model(root: &Path) -> Site {
    let checked = build::check(&options(root));
    checked
        .site
        .unwrap_or_else(|| panic!("the site checks:\n{}", checked.diagnostics))
}

/// The template's rows (header first), read as a spreadsheet program would.
pub(crate) fn read_csv(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

pub(crate) fn write_csv(rows: &[Vec<String>], delimiter: u8, crlf: bool) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// Exports the template of the site at `root` and reads it back.
pub(crate) fn exported_template(root: &Path) -> Vec<Vec<String>> {
    let (ok, out, err) = run_cli(&["export", "wave-template"], root);
    assert!(ok, "{err}");
    read_csv(&out, b';')
}

/// The position of a column in the template.
pub(crate) fn col(key: &str) -> usize {
    COLUMNS.iter().position(|c| c.key == key).unwrap()
}

/// Measure IDs in plan order, from the model.
fn measures_in_plan_order(site: &Site) -> Vec<String> {
    site.areas
        .iter()
        .flat_map(|a| &a.strategic_goals)
        .flat_map(|&sg| &site.strategic_goals[sg].specific_goals)
        .flat_map(|&g| &site.specific_goals[g].measures)
        .map(|&m| site.measures[m].id.clone())
        .collect()
}

pub(crate) fn import_args<'a>(file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "import",
        "wave",
        file,
        "--id",
        "II",
        "--title",
        "Průběžné vyhodnocení II.",
        "--published",
        "2025-06",
        "--covers",
        "rok 2024",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn the_template_has_a_row_for_every_measure_and_indicator_in_plan_order() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let site = model(root);
    let (ok, out, err) = run_cli(
        &["export", "wave-template", "--output", "sablona.csv"],
        root,
    );
    assert!(ok, "{err}");
    assert!(out.contains("Created sablona.csv: 47 measures"), "{out}");
    assert!(
        out.contains("then run `milnik import wave sablona.csv`."),
        "{out}"
    );
    let bytes = std::fs::read(root.join("sablona.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf"),
        "the template starts with a BOM"
    );
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.split_inclusive('\n').all(|l| l.ends_with("\r\n")),
        "CRLF line ends"
    );
    // Without --output the same bytes go to stdout.
    let (_, stdout, _) = run_cli(&["export", "wave-template"], root);
    assert_eq!(stdout, text);

    // A site in Czech gets Czech headers and row types (a site in English their keys:
    // `an_english_site_gets_english_headers_and_either_language_imports`).
    let rows = read_csv(&text, b';');
    // The fixed columns, then the columns of annex A, the funding table the waves give.
    let header: Vec<&str> = COLUMNS
        .iter()
        .map(|c| c.czech)
        .chain(PROJECT_COLUMNS)
        .collect();
    assert_eq!(rows[0], header);
    assert_eq!(
        &header[..6],
        [
            "Typ",
            "ID",
            "Indikátor",
            "Název",
            "Minulé vyhodnocení",
            "Stav"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let of_type = |t: &str| rows.iter().filter(|r| r[0] == t).count();
    let impact_indicators: usize = site
        .specific_goals
        .iter()
        .map(|g| g.impact_indicators.len())
        .sum();
    assert_eq!(of_type("opatření"), 47);
    assert_eq!(of_type("indikátor dopadu"), impact_indicators);
    assert_eq!(of_type("globální indikátor"), 11);
    // Wave I's 20 projects, each under its measure's row.
    assert_eq!(of_type("projekty-kpsv"), 20);
    assert_eq!(rows.len(), 1 + 47 + impact_indicators + 11 + 20);

    // Plan order: measures as the plan lists them, each goal's indicators before its
    // measures, the global indicators last.
    let measure_ids: Vec<&String> = rows
        .iter()
        .filter(|r| r[0] == "opatření")
        .map(|r| &r[1])
        .collect();
    let expected = measures_in_plan_order(&site);
    assert_eq!(measure_ids, expected.iter().collect::<Vec<_>>());
    assert_eq!(
        rows[1][..3],
        ["indikátor dopadu", "1.1.1", "zabydlene-domacnosti"]
    );
    assert_eq!(rows[3][..2], ["opatření", "1.1.1.1"]);
    assert!(rows[rows.len() - 11..]
        .iter()
        .all(|r| r[0] == "globální indikátor"));

    // `previous` is the latest wave's value; a measure's details are carried forward from its
    // last report; every other column to fill is empty.
    let find = |id: &str, indicator: &str| {
        rows.iter()
            .find(|r| r[1] == id && r[2] == indicator)
            .unwrap_or_else(|| panic!("no row {id} {indicator}"))
    };
    let measure = find("1.1.1.1", "");
    assert_eq!(
        measure[col("name")],
        "Zajištění sociálních bytů včetně podpory zabydlených domácností"
    );
    assert_eq!(measure[col("previous")], "V realizaci (3/6)");
    assert_eq!(find("1.1.2", "klienti")[col("previous")], "1 190");
    assert_eq!(
        find("6.2.1", "registrace-primarni-pece")[col("previous")],
        "12/12/4/22"
    );
    assert_eq!(
        find("index-kriminality", "")[col("previous")],
        "278,7, 2. v ČR"
    );
    assert_eq!(
        find("pocet-segregovanych-zsj", "")[col("previous")],
        "n. a."
    );
    let measure = find("2.1.1.1", "");
    for (key, carried) in [
        (
            "implementer",
            "Statutární město Ostrava (Mariánské Hory a Hulváky)",
        ),
        ("activity", "Projektová aktivita"),
        ("period", "1. 7. 2023–30. 6. 2026"),
    ] {
        assert_eq!(measure[col(key)], carried, "{key} of 2.1.1.1");
    }
    // The measure's project follows its row, in annex A's columns.
    let at = rows
        .iter()
        .position(|r| r[0] == "opatření" && r[1] == "2.1.1.1")
        .unwrap();
    let project = &rows[at + 1];
    assert_eq!(project[..2], ["projekty-kpsv", "2.1.1.1"]);
    assert_eq!(
        project[COLUMNS.len()..],
        [
            "Statutární město Ostrava – Mariánské Hory a Hulváky",
            "CZ.03.02.01/00/22_018/0001145",
            "14 964 994,80",
            "018 OPZ+",
            "OPZ+",
        ]
    );
    for row in &rows[1..] {
        for c in COLUMNS.iter().filter(|c| c.fill) {
            if row[0] == "opatření" && CARRIED.contains(&c.key) {
                continue;
            }
            assert_eq!(row[col(c.key)], "", "{} of {} is empty", c.key, row[1]);
        }
        if row[0] == "opatření" {
            assert_carried_from_last_report(&site, row);
        }
        if row[0] != "projekty-kpsv" {
            assert!(row[COLUMNS.len()..].iter().all(String::is_empty), "{row:?}");
        }
    }

    // A filled-in spreadsheet is never overwritten by accident.
    std::fs::write(root.join("sablona.csv"), "vyplněno").unwrap();
    let (ok, _, err) = run_cli(
        &["export", "wave-template", "--output", "sablona.csv"],
        root,
    );
    assert!(!ok);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(root.join("sablona.csv")).unwrap(),
        "vyplněno"
    );
    let (ok, _, err) = run_cli(
        &[
            "export",
            "wave-template",
            "--output",
            "sablona.csv",
            "--force",
        ],
        root,
    );
    assert!(ok, "{err}");
    assert_eq!(
        std::fs::read_to_string(root.join("sablona.csv")).unwrap(),
        text
    );
}

/// The columns a measure's row carries forward from its last report.
const CARRIED: [&str; 4] = ["implementer", "activity", "service", "period"];

/// The headers of the columns of Ostrava's annex A (`projekty-kpsv`) in the template.
pub(crate) const PROJECT_COLUMNS: [&str; 5] = [
    "projekty-kpsv: Realizátor",
    "projekty-kpsv: Registrační číslo projektu",
    "projekty-kpsv: Rozpočet",
    "projekty-kpsv: Výzva",
    "projekty-kpsv: Program",
];

/// The template's row of a measure holds what its last report says, in cells the import reads
/// back as the same values; a measure no wave reported has them empty.
fn assert_carried_from_last_report(site: &Site, row: &[String]) {
    let id = &row[1];
    let m = site.measure_ixs().find(|&m| site.measures[m].id == *id);
    let last = site.last_report(m.unwrap()).map(|(_, report)| report);
    let text = |key: &str| Some(row[col(key)].clone()).filter(|t| !t.is_empty());
    let Some(report) = last else {
        assert!(CARRIED.iter().all(|k| text(k).is_none()), "{id}: {row:?}");
        return;
    };
    assert_eq!(
        text("implementer"),
        report.implementer,
        "implementer of {id}"
    );
    assert_eq!(text("activity"), report.activity, "activity of {id}");
    assert_eq!(text("service"), report.service, "service of {id}");
    let period = text("period").map(|p| parse_period(&p).unwrap());
    assert_eq!(period, report.period, "period of {id}");
}

/// Fills the template the way an implementer does in Czech Excel: a few rows, Czech numbers
/// and dates, the rest left empty.
pub(crate) fn filled_in_czech_excel(rows: &mut [Vec<String>]) {
    let mut fill = |id: &str, indicator: &str, cells: &[(&str, &str)]| {
        let row = rows
            .iter_mut()
            .find(|r| r[1] == id && r[2] == indicator)
            .unwrap_or_else(|| panic!("no row {id} {indicator}"));
        for (key, value) in cells {
            row[col(key)] = value.to_string();
        }
    };
    fill(
        "1.1.1",
        "zabydlene-domacnosti",
        &[("value", "41"), ("as_of", "30. 4. 2025")],
    );
    fill(
        "1.1.1.1",
        "",
        &[
            ("status", "Dokončeno"),
            ("implementer", "Statutární město Ostrava"),
            ("activity", "Projektová aktivita"),
            ("period", "1. 11. 2022–31. 10. 2025"),
        ],
    );
    fill(
        "2.1.1.1",
        "",
        &[
            ("status", "V realizaci (4/6)"),
            (
                "implementer",
                "Statutární město Ostrava (Mariánské Hory a Hulváky)",
            ),
            ("activity", "Projektová aktivita"),
            ("period", "1. 7. 2023–30. 6. 2026"),
            ("as_of", "31. 12. 2024"),
            ("as_of_kind", "Stav k"),
        ],
    );
    fill("2.1.1", "domovnici-preventiste", &[("value", "cca 27")]);
    fill(
        "6.2.1",
        "registrace-primarni-pece",
        &[("value", "13/12/5/24"), ("as_of", "2025-04-30")],
    );
    fill(
        "podil-uchazecu-12-mesicu",
        "",
        &[
            ("value", "2,05"),
            ("region", "1,98"),
            ("period", "12/2024"),
            ("territory", "Ostrava vs. MSK"),
        ],
    );
    fill(
        "index-kriminality",
        "",
        &[("value", "250,5"), ("rank", "3. v ČR"), ("period", "2024")],
    );
}

#[test]
fn a_czech_excel_file_becomes_a_wave_that_checks_and_shows_on_the_measure_page() {
    let _cs = crate::support::czech();
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let mut rows = exported_template(root);
    filled_in_czech_excel(&mut rows);
    let text = format!("\u{feff}{}", write_csv(&rows, b';', true));
    std::fs::write(root.join("vyplneno.csv"), text).unwrap();

    let (ok, out, err) = run_cli(&import_args("vyplneno.csv", &[]), root);
    assert!(ok, "{err}");
    assert!(
        out.contains("Created content/waves/2-prubezne-vyhodnoceni-ii.toml"),
        "{out}"
    );
    assert!(
        out.contains("2 measures, 3 impact indicator values, 2 global indicator values"),
        "{out}"
    );
    let wave_file = root.join("content/waves/2-prubezne-vyhodnoceni-ii.toml");
    let toml_text = std::fs::read_to_string(&wave_file).unwrap();
    assert!(toml_text.starts_with(
        "# Průběžné vyhodnocení II. (imported by `milnik import wave` from vyplneno.csv)."
    ));
    // 2.1.1.1 is reported: its project, carried forward under it, is the wave's too.
    assert!(
        toml_text.contains("[[goal.measure.funding.projekty-kpsv]]\nrealizator = \"Statutární město Ostrava – Mariánské Hory a Hulváky\"\nregistrace = \"CZ.03.02.01/00/22_018/0001145\"\nrozpocet = \"14 964 994,80\"\nvyzva = \"018 OPZ+\"\nprogram = \"OPZ+\"\n"),
        "{toml_text}"
    );
    // The other projects' measures are not reported: their rows are not given again.
    assert_eq!(toml_text.matches("projekty-kpsv").count(), 1, "{toml_text}");
    assert!(toml_text.contains("as_of_kind = \"state\""), "{toml_text}");
    // With one action plan, every wave evaluates it: the file does not name it.
    assert!(!toml_text.contains("action_plan"), "{toml_text}");

    let (ok, out, err) = run_cli(&["check"], root);
    assert!(ok, "{err}");
    assert!(out.contains("2 waves"), "{out}");

    let site = model(root);
    let wave = &site.waves[1];
    assert_eq!(wave.id, "II");
    assert_eq!(wave.covers, "rok 2024");
    // Goals in plan order, each with its date.
    let goals: Vec<(&str, String, &str)> = wave
        .goal_reports
        .iter()
        .map(|r| {
            (
                site.specific_goals[r.specific_goal].id.as_str(),
                r.as_of.czech(),
                as_of_text(r.as_of_kind),
            )
        })
        .collect();
    assert_eq!(
        goals,
        [
            ("1.1.1", "30. 4. 2025".to_string(), "Data dostupná k"),
            ("2.1.1", "31. 12. 2024".to_string(), "Stav k"),
            ("6.2.1", "30. 4. 2025".to_string(), "Data dostupná k"),
        ]
    );
    let report = &wave.goal_reports[1];
    let measure = &report.measures[0];
    assert_eq!(measure.badge.status.shown(), "V realizaci (4/6)");
    let projects = &measure.funding[0];
    assert_eq!(site.funding_tables[projects.table].key, "projekty-kpsv");
    assert_eq!(
        projects.rows[0].cells[2],
        milnik::model::funding_tables::FundingCell::Money(milnik::values::Money(
            milnik::values::Decimal::parse("14964994.80").unwrap()
        ))
    );
    assert_eq!(report.values[0].text.shown(), "cca 27");
    assert_eq!(wave.goal_reports[2].values[0].text.shown(), "13/12/5/24");
    let texts: Vec<String> = wave
        .indicator_values
        .iter()
        .map(|v| v.text.shown())
        .collect();
    assert_eq!(texts, ["250,5, 3. v ČR", "2,05\u{a0}% vs. 1,98\u{a0}%"]);

    // The measure page shows the new status next to the first wave's.
    let built = build::render_site(&options(root)).expect("the site builds");
    let page = visible_text(&page(&built, "opatreni/1-1-1-1/index.html"));
    for shown in ["Dokončeno", "Průběžné vyhodnocení II.", "V realizaci (3/6)"] {
        assert!(page.contains(shown), "`{shown}` missing:\n{page}");
    }
}

#[test]
fn a_template_filled_with_wave_one_imports_as_the_same_wave() {
    let _cs = crate::support::czech();
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let site = model(root);
    let one = &site.waves[0];
    let mut rows = exported_template(root);

    // Every measure and value of wave I, written into the template as an implementer would.
    let value_cells = |v: &Observation| -> Vec<(&'static str, String)> {
        let mut cells = Vec::new();
        let value = if !v.parts.is_empty() {
            v.parts
                .iter()
                .map(|p| p.value.czech())
                .collect::<Vec<_>>()
                .join("/")
        } else {
            let cell = v.value.unwrap().czech();
            if v.text.shown().starts_with("cca ") {
                format!("cca {cell}")
            } else {
                cell
            }
        };
        cells.push(("value", value));
        if let Some(region) = v.region {
            cells.push(("region", region.czech()));
        }
        if let Some(rank) = v.rank {
            let marker = format!(", {rank}.");
            let text = v.text.shown();
            let scope = text.split_once(&marker).map_or("", |(_, s)| s.trim());
            cells.push(("rank", format!("{rank}. {scope}").trim().to_string()));
        }
        if let Some(period) = &v.period {
            cells.push(("period", period.clone()));
        }
        if let Some(territory) = &v.territory {
            cells.push(("territory", territory.clone()));
        }
        if let Some(as_of) = v.as_of {
            cells.push(("as_of", as_of.czech()));
        }
        cells
    };
    let mut filled: HashMap<(String, String), Vec<(&'static str, String)>> = HashMap::new();
    for report in &one.goal_reports {
        let goal = &site.specific_goals[report.specific_goal];
        let date = vec![
            ("as_of", report.as_of.czech()),
            ("as_of_kind", as_of_text(report.as_of_kind).to_string()),
        ];
        for v in &report.values {
            let mut cells = value_cells(v);
            cells.extend(date.clone());
            filled.insert((goal.id.clone(), v.indicator.clone().unwrap()), cells);
        }
        for m in &report.measures {
            let mut cells = vec![("status", m.badge.status.shown())];
            for (key, text) in [
                ("implementer", &m.implementer),
                ("activity", &m.activity),
                ("service", &m.service),
            ] {
                if let Some(text) = text {
                    cells.push((key, text.clone()));
                }
            }
            if let Some(period) = m.period {
                cells.push(("period", period.shown()));
            }
            // Its projects are the rows under it, carried forward from wave I as they are.
            cells.extend(date.clone());
            filled.insert((site.measures[m.measure].id.clone(), String::new()), cells);
        }
    }
    for v in &one.indicator_values {
        filled.insert(
            (v.indicator.clone().unwrap(), String::new()),
            value_cells(v),
        );
    }
    let expected_rows = filled.len();
    for row in rows.iter_mut().skip(1) {
        if let Some(cells) = filled.remove(&(row[1].clone(), row[2].clone())) {
            for (key, value) in cells {
                row[col(key)] = value;
            }
        }
    }
    assert!(
        filled.is_empty(),
        "rows missing from the template: {filled:?}"
    );
    // This time as a spreadsheet program outside Czech Excel saves it: commas, no BOM, LF.
    std::fs::write(root.join("vlna-i.csv"), write_csv(&rows, b',', false)).unwrap();

    // The site has wave I: the same data again is refused, which already says the spreadsheet
    // holds exactly wave I.
    let (ok, _, err) = run_cli(&import_args("vlna-i.csv", &[]), root);
    assert!(!ok);
    assert!(
        err.contains("this spreadsheet's data is already wave I (Průběžné vyhodnocení I., content/waves/1-prubezne-vyhodnoceni.toml)"),
        "{err}"
    );
    // Imported into the site without wave I's file, it gives wave I back, field by field.
    let original = model(root);
    std::fs::remove_file(root.join("content/waves/1-prubezne-vyhodnoceni.toml")).unwrap();
    let (ok, out, err) = run_cli(
        &[
            "import",
            "wave",
            "vlna-i.csv",
            "--id",
            "I",
            "--title",
            "Průběžné vyhodnocení I.",
            "--published",
            "2024-06",
            "--covers",
            "rok 2023",
        ],
        root,
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("Created content/waves/1-prubezne-vyhodnoceni-i.toml"),
        "{out}"
    );
    let again = model(root);
    assert_eq!(again.waves.len(), 1);
    let (one, two) = (&original.waves[0], &again.waves[0]);
    assert_eq!(one.id, "I");
    assert_eq!(two.id, "I");
    let reported: usize = two
        .goal_reports
        .iter()
        .map(|r| r.values.len() + r.measures.len())
        .sum();
    assert_eq!(reported + two.indicator_values.len(), expected_rows);

    assert_eq!(one.goal_reports.len(), two.goal_reports.len());
    for (a, b) in one.goal_reports.iter().zip(&two.goal_reports) {
        let id = &again.specific_goals[a.specific_goal].id;
        assert_eq!(a.specific_goal, b.specific_goal);
        assert_eq!(
            (a.as_of, a.as_of_kind),
            (b.as_of, b.as_of_kind),
            "date of {id}"
        );
        assert_eq!(a.values.len(), b.values.len(), "values of {id}");
        // The import writes a goal's values in the order of its impact indicators.
        for x in &a.values {
            let y = b.values.iter().find(|y| y.indicator == x.indicator);
            assert_same_value(x, y.unwrap_or_else(|| panic!("{:?} of {id}", x.indicator)));
        }
        assert_eq!(a.measures.len(), b.measures.len(), "measures of {id}");
        for (x, y) in a.measures.iter().zip(&b.measures) {
            let id = &again.measures[x.measure].id;
            assert_eq!(x.measure, y.measure);
            assert_eq!(x.badge, y.badge, "status of {id}");
            assert_eq!(x.implementer, y.implementer, "implementer of {id}");
            assert_eq!(x.activity, y.activity, "activity of {id}");
            assert_eq!(x.service, y.service, "service of {id}");
            assert_eq!(x.period, y.period, "period of {id}");
            // Its projects (annex A's rows), cell by cell, amounts with their decimals.
            let rows = |r: &milnik::model::MeasureReport| {
                r.funding
                    .iter()
                    .flat_map(|f| {
                        f.rows
                            .iter()
                            .map(move |row| (f.table, format!("{:?}", row.cells)))
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(rows(x), rows(y), "projects of {id}");
        }
    }
    assert_eq!(one.indicator_values.len(), two.indicator_values.len());
    for (x, y) in one.indicator_values.iter().zip(&two.indicator_values) {
        assert_same_value(x, y);
        assert_eq!(x.as_of, y.as_of);
    }
    assert_eq!(one.status_counts, two.status_counts);
}

fn assert_same_value(x: &Observation, y: &Observation) {
    let id = x.indicator.as_deref().unwrap_or_default();
    assert_eq!(x.indicator, y.indicator);
    assert_eq!(x.text, y.text, "text of {id}");
    assert_eq!(x.value, y.value, "value of {id}");
    assert_eq!(
        x.value.map(|v| v.czech()),
        y.value.map(|v| v.czech()),
        "decimals of {id}"
    );
    assert_eq!(x.region, y.region, "region of {id}");
    assert_eq!(x.rank, y.rank, "rank of {id}");
    let parts = |o: &Observation| {
        o.parts
            .iter()
            .map(|p| (p.label.clone(), p.value))
            .collect::<Vec<_>>()
    };
    assert_eq!(parts(x), parts(y), "parts of {id}");
    assert_eq!(x.period, y.period, "period of {id}");
    assert_eq!(x.territory, y.territory, "territory of {id}");
}

#[test]
fn a_file_with_mistakes_reports_every_row_and_writes_nothing() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let fixture = fixture("import");
    std::fs::copy(fixture.join("chyby.csv"), root.join("chyby.csv")).unwrap();
    let before = read_tree(&root.join("content"));

    let (ok, out, err) = run_cli(&import_args("chyby.csv", &[]), root);
    assert!(!ok);
    assert!(out.is_empty(), "{out}");
    assert_snapshot(&fixture.join("chyby.snap"), &err);
    for expected in [
        "chyby.csv:6:9: row 6, column B (`id`): measure 9.9.9.9 does not exist in the plan",
        "row 7, column K (`value`): `dvanáct` is not a number",
        "row 8, column F (`status`): unknown status `Probíhá`",
        "row 9, column O (`as_of`): 31. 4. 2025 is not a date: the month has 30 days",
        "row 10, column B (`id`): measure 1.1.1.1 is already reported in row 3",
        "row 11, column A (`type`): unknown row type `opatreni2`",
        "row 12, column C (`indicator`): specific goal 1.3.1 has no impact indicator `byty-socialni`",
        "row 13: the row has 10 cells, but the header row has 22",
        "row 14, column T (`projekty-kpsv.rozpocet`): `15 mil.` is not an amount of money",
        "row 14, column S (`projekty-kpsv.registrace`): the row has no `projekty-kpsv.registrace`, which identifies a row of table `projekty-kpsv` across waves",
        "row 15, column O (`as_of`): specific goal 2.1.2 has no `as_of` date",
        "row 17, column K (`value`): `11,9 % vs. 8,1 %` is not a number",
        "12 errors, 0 warnings",
        "Nothing was written.",
    ] {
        assert!(err.contains(expected), "`{expected}` missing:\n{err}");
    }
    // The good rows (2, 3, 16) and the untouched ones (4, 5) are not reported.
    for row in [2, 3, 4, 5, 16] {
        assert!(
            !err.contains(&format!("row {row},")),
            "row {row} reported:\n{err}"
        );
    }
    assert_eq!(read_tree(&root.join("content")), before, "content/ changed");

    // The same problems for editors, as JSON: line = the spreadsheet's row.
    let (ok, out, _) = run_cli(&import_args("chyby.csv", &["--format", "json"]), root);
    assert!(!ok);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["errors"], 12);
    let lines: Vec<u64> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [6, 7, 8, 9, 10, 11, 12, 13, 14, 14, 15, 17]);
    assert_eq!(read_tree(&root.join("content")), before, "content/ changed");
}

/// The same mistakes for a Czech site's editors: every row's message and hint in Czech, the
/// columns named as the file names them.
#[test]
fn a_file_with_mistakes_is_reported_in_czech_on_a_czech_site() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let fixture = fixture("import");
    std::fs::copy(fixture.join("chyby.csv"), root.join("chyby.csv")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_milnik"))
        .args(import_args("chyby.csv", &[]))
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("MILNIK_LANG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_snapshot(&fixture.join("chyby.cs.snap"), &err);
    assert!(err.contains("12 chyb, 0 varování"), "{err}");
}

#[test]
fn an_existing_wave_is_rewritten_only_with_its_id_and_force_and_keeps_what_was_written_by_hand() {
    let _cs = crate::support::czech();
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let mut rows = exported_template(root);
    filled_in_czech_excel(&mut rows);
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();
    let (ok, _, err) = run_cli(&import_args("vyplneno.csv", &[]), root);
    assert!(ok, "{err}");
    let path = root.join("content/waves/2-prubezne-vyhodnoceni-ii.toml");
    let imported = std::fs::read_to_string(&path).unwrap();

    // The editor adds the wave's summary, a goal's summary and comments by hand.
    let by_hand = [
        (
            "covers = \"rok 2024\"\n",
            "covers = \"rok 2024\"\n\n# Manažerské shrnutí, doplněno ručně.\nsummary = \"\"\"\nVlna II. ukazuje první výsledky projektů.\n\"\"\"\n",
        ),
        (
            "[[goal]]\nid = \"1.1.1\"\n",
            "[[goal]]\nid = \"1.1.1\"\nsummary = \"Zabydleno 41 domácností.\"\n",
        ),
        (
            "status = \"Dokončeno\"\n",
            "status = \"Dokončeno\" # ověřeno telefonicky\n",
        ),
    ];
    let mut before = imported.clone();
    for (from, to) in by_hand {
        assert_eq!(before.matches(from).count(), 1, "{from}\n{imported}");
        before = before.replacen(from, to, 1);
    }
    std::fs::write(&path, &before).unwrap();

    // A corrected spreadsheet for the same wave: a status and a value change, and the row of
    // a global indicator is left empty.
    let row = rows.iter_mut().find(|r| r[1] == "1.1.1.1").unwrap();
    row[col("status")] = "V realizaci (5/6)".into();
    let row = rows
        .iter_mut()
        .find(|r| r[1] == "1.1.1" && r[2] == "zabydlene-domacnosti")
        .unwrap();
    row[col("value")] = "43".into();
    let row = rows
        .iter_mut()
        .find(|r| r[1] == "index-kriminality")
        .unwrap();
    for key in ["value", "rank", "period"] {
        row[col(key)] = String::new();
    }
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();

    // Without --force: one message, whose hints agree.
    let (ok, _, err) = run_cli(&import_args("vyplneno.csv", &[]), root);
    assert!(!ok);
    assert!(
        err.contains("error: --id: the site already has a wave `II` (Průběžné vyhodnocení II., content/waves/2-prubezne-vyhodnoceni-ii.toml)\n  = hint: to rewrite wave II from this spreadsheet, add --force (what was written by hand, such as the summaries, is kept); for a new wave, give another id, e.g. --id III"),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

    // --force without --id would replace a wave chosen by default.
    let (ok, out, err) = run_cli(&["import", "wave", "vyplneno.csv", "--force"], root);
    assert!(!ok);
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err,
        "error: --force: --force rewrites an existing wave and needs --id to name it; nothing was written\n  = hint: name the wave to rewrite, e.g. --id II --force (what was written by hand, such as the summaries, is kept); without --force, the spreadsheet becomes a new wave\n\n1 error, 0 warnings\nNothing was written.\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

    // --id II --force: the spreadsheet's keys change, everything else is as the editor left it.
    let (ok, out, err) = run_cli(
        &["import", "wave", "vyplneno.csv", "--id", "II", "--force"],
        root,
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("Rewrote content/waves/2-prubezne-vyhodnoceni-ii.toml (Průběžné vyhodnocení II.): 2 measures, 3 impact indicator values, 1 global indicator value;"),
        "{out}"
    );
    assert!(
        !out.contains("set by default"),
        "the wave keeps its own title, dates and action plan: {out}"
    );
    assert!(
        err.contains("warning: content/waves/2-prubezne-vyhodnoceni-ii.toml: kept what this spreadsheet does not report: global indicator value `index-kriminality`\n  = hint: rewriting a wave changes and adds what the spreadsheet reports and deletes nothing; delete them from the file if the wave no longer reports them"),
        "{err}"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    let expected = before
        .replacen(
            "status = \"Dokončeno\" # ověřeno telefonicky",
            "status = \"V realizaci (5/6)\" # ověřeno telefonicky",
            1,
        )
        .replacen(
            "indicator = \"zabydlene-domacnosti\"\nvalue = 41\n",
            "indicator = \"zabydlene-domacnosti\"\nvalue = 43\n",
            1,
        );
    assert_ne!(expected, before);
    assert_eq!(after, expected, "before:\n{before}\nafter:\n{after}");
    if std::env::var_os("MILNIK_SHOW_MERGE").is_some() {
        println!("----- before\n{before}\n----- after\n{after}");
    }
    let site = model(root);
    assert_eq!(site.waves.len(), 2);
    let wave = &site.waves[1];
    assert_eq!(wave.title, "Průběžné vyhodnocení II.");
    assert_eq!(
        wave.goal_reports[0].measures[0].badge.status.shown(),
        "V realizaci (5/6)"
    );
    assert!(wave.goal_reports[0].summary_html.is_some());
    assert!(wave.summary_html.is_some());

    // A wave id the site already has, given by mistake for a new wave.
    let (ok, _, err) = run_cli(
        &[
            "import",
            "wave",
            "vyplneno.csv",
            "--id",
            "I",
            "--title",
            "Jiná vlna",
            "--published",
            "2025-06",
            "--covers",
            "rok 2024",
        ],
        root,
    );
    assert!(!ok);
    assert!(
        err.contains("error: --id: the site already has a wave `I` (Průběžné vyhodnocení I., content/waves/1-prubezne-vyhodnoceni.toml)\n  = hint: to rewrite wave I from this spreadsheet, add --force (what was written by hand, such as the summaries, is kept); for a new wave, give another id, e.g. --id III"),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");

    // --output onto another wave's file is not a way round --id.
    let (ok, _, err) = run_cli(
        &[
            "import",
            "wave",
            "vyplneno.csv",
            "--id",
            "III",
            "--force",
            "--output",
            "content/waves/1-prubezne-vyhodnoceni.toml",
        ],
        root,
    );
    assert!(!ok);
    assert!(
        err.contains("error: content/waves/1-prubezne-vyhodnoceni.toml: the file is wave I (Průběžné vyhodnocení I.); nothing was written\n  = hint: to rewrite wave I from this spreadsheet, run with --id I --force and without --output"),
        "{err}"
    );
    // Nor beside the wave it rewrites.
    let (ok, _, err) = run_cli(
        &[
            "import",
            "wave",
            "vyplneno.csv",
            "--id",
            "II",
            "--force",
            "--output",
            "content/waves/3-kopie.toml",
        ],
        root,
    );
    assert!(!ok);
    assert!(
        err.contains("error: --output: wave II is rewritten in its own file, content/waves/2-prubezne-vyhodnoceni-ii.toml, not in content/waves/3-kopie.toml\n  = hint: leave out --output, or give a file outside content/waves to see the result first"),
        "{err}"
    );
    // An existing file that is no wave is replaced only with --force (and so with --id).
    std::fs::write(root.join("nahled.toml"), "x").unwrap();
    let (ok, _, err) = run_cli(
        &["import", "wave", "vyplneno.csv", "--output", "nahled.toml"],
        root,
    );
    assert!(!ok);
    assert!(
        err.contains("error: nahled.toml: the file already exists; nothing was written\n  = hint: give another file with --output, or add --id III --force to replace it"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn the_same_spreadsheet_imported_again_is_refused_and_nothing_is_written() {
    let _cs = crate::support::czech();
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let mut rows = exported_template(root);
    filled_in_czech_excel(&mut rows);
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();
    let (ok, _, err) = run_cli(&import_args("vyplneno.csv", &[]), root);
    assert!(ok, "{err}");
    let waves = || {
        let mut names: Vec<String> = std::fs::read_dir(root.join("content/waves"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = waves();
    assert_eq!(before.len(), 2, "{before:?}");

    // Run again as a coordinator would, with the defaults: it would have become wave III,
    // published this month, shown as the latest.
    let (ok, _, err) = run_cli(&["import", "wave", "vyplneno.csv"], root);
    assert!(!ok, "{err}");
    assert!(
        err.contains("error: vyplneno.csv: this spreadsheet's data is already wave II (Průběžné vyhodnocení II., content/waves/2-prubezne-vyhodnoceni-ii.toml): every status and value is the same; nothing was written"),
        "{err}"
    );
    assert!(err.contains("run again with --id II --force"), "{err}");
    // One message, not a pile of hints that contradict each other.
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert_eq!(waves(), before);

    // A spreadsheet with one status changed is a new evaluation's data.
    let row = rows.iter_mut().find(|r| r[1] == "1.1.1.1").unwrap();
    row[col("status")] = "V realizaci (5/6)".into();
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();
    let (ok, _, err) = run_cli(
        &[
            "import",
            "wave",
            "vyplneno.csv",
            "--id",
            "III",
            "--published",
            "2026-06",
        ],
        root,
    );
    assert!(ok, "{err}");
    assert_eq!(waves().len(), 3);
}

#[test]
fn a_row_left_as_the_template_carried_it_is_not_reported_but_an_edited_one_needs_a_status() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let mut rows = exported_template(root);
    let position = |rows: &[Vec<String>], id: &str| rows.iter().position(|r| r[1] == id).unwrap();
    let (reported, carried, edited) = (
        position(&rows, "1.1.1.1"),
        position(&rows, "2.1.1.1"),
        position(&rows, "2.1.1.2"),
    );
    // 2.1.1.1 keeps the details wave I reported, its project under it, and no status: it is
    // not in the new wave.
    let project = carried + 1;
    assert_eq!(rows[project][0], "projekty-kpsv");
    assert_eq!(
        rows[project][COLUMNS.len() + 1],
        "CZ.03.02.01/00/22_018/0001145"
    );
    rows[reported][col("status")] = "Dokončeno".into();
    rows[reported][col("as_of")] = "30. 4. 2025".into();
    // 2.1.1.2 gets a new implementer but no status: a mistake; so is a new budget for the
    // project of 2.1.1.1, which the wave does not report.
    rows[edited][col("implementer")] = "Nový realizátor".into();
    rows[project][COLUMNS.len() + 2] = "15 000 000,00".into();
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();
    let (ok, _, err) = run_cli(&import_args("vyplneno.csv", &[]), root);
    assert!(!ok);
    for expected in [
        format!(
            "row {}, column F (`Stav`): measure 2.1.1.2 has no status",
            edited + 1
        ),
        format!(
            "row {}, column B (`ID`): the row of table `projekty-kpsv` is for measure 2.1.1.1, but no `measure` row of the spreadsheet reports that measure",
            project + 1
        ),
    ] {
        assert!(err.contains(&expected), "`{expected}` missing:\n{err}");
    }
    assert!(
        err.contains("if the wave does not report the measure, leave the row as the template wrote it, or empty it"),
        "{err}"
    );
    // Its goal has no other row to give the date.
    assert!(err.contains("3 errors, 0 warnings"), "{err}");

    // Put back as the template wrote them, the rows are not reported either.
    rows[edited][col("implementer")] = "Statutární město Ostrava (Poruba)".into();
    rows[project][COLUMNS.len() + 2] = "14 964 994,80".into();
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();
    let (ok, out, err) = run_cli(&import_args("vyplneno.csv", &[]), root);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!(
            "1 measure, 0 impact indicator values, 0 global indicator values; {} rows not filled in skipped",
            rows.len() - 2
        )),
        "{out}"
    );
    let site = model(root);
    let measures: Vec<&str> = site.waves[1].goal_reports[0]
        .measures
        .iter()
        .map(|m| site.measures[m.measure].id.as_str())
        .collect();
    assert_eq!(site.waves[1].goal_reports.len(), 1);
    assert_eq!(measures, ["1.1.1.1"]);
}

/// windows-1250 bytes of `text` (what Czech Excel writes for "CSV (oddělený středníkem)").
fn windows_1250(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1250.encode(text);
    assert!(!unmappable, "{text} is not all in windows-1250");
    bytes.into_owned()
}

#[test]
fn a_spreadsheet_saved_as_windows_1250_is_read_with_a_warning() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let mut rows = exported_template(root);
    filled_in_czech_excel(&mut rows);
    std::fs::write(
        root.join("vyplneno.csv"),
        windows_1250(&write_csv(&rows, b';', true)),
    )
    .unwrap();
    let (ok, _, err) = run_cli(&import_args("vyplneno.csv", &[]), root);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning: vyplneno.csv: the file is not UTF-8; it was read as windows-1250"),
        "{err}"
    );
    let site = model(root);
    let measure = &site.waves[1].goal_reports[1].measures[0];
    assert_eq!(
        measure.implementer.as_deref(),
        Some("Statutární město Ostrava (Mariánské Hory a Hulváky)")
    );
}

/// `text` as Excel's "Unicode Text" saves it: UTF-16 with a byte-order mark, little-endian as
/// Windows writes it, or big-endian.
fn utf_16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

#[test]
fn a_unicode_text_file_in_utf_16_imports_as_the_same_wave_as_csv_utf_8() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let mut rows = exported_template(root);
    filled_in_czech_excel(&mut rows);
    // The same spreadsheet saved as "CSV UTF-8" and as "Unicode Text" (tab-separated), each
    // under the same name in a folder of its own, since the wave file names the spreadsheet.
    let unicode_text = write_csv(&rows, b'\t', true);
    let saved = [
        (
            "csv-utf-8",
            format!("\u{feff}{}", write_csv(&rows, b';', true)).into_bytes(),
        ),
        ("utf-16-le", utf_16(&unicode_text, false)),
        ("utf-16-be", utf_16(&unicode_text, true)),
    ];
    let mut waves = Vec::new();
    for (dir, bytes) in &saved {
        std::fs::create_dir(root.join(dir)).unwrap();
        let csv = format!("{dir}/vyplneno.csv");
        let output = format!("{dir}/vlna.toml");
        std::fs::write(root.join(&csv), bytes).unwrap();
        let (ok, out, err) = run_cli(&import_args(&csv, &["--output", &output]), root);
        assert!(ok, "{dir}: {err}");
        assert!(err.is_empty(), "{dir}: no warning expected:\n{err}");
        assert!(
            out.contains("2 measures, 3 impact indicator values, 2 global indicator values"),
            "{dir}: {out}"
        );
        waves.push(std::fs::read_to_string(root.join(&output)).unwrap());
    }
    assert!(
        waves[0].contains("Statutární město Ostrava (Mariánské Hory a Hulváky)"),
        "{}",
        waves[0]
    );
    assert_eq!(waves[1], waves[0], "UTF-16 LE gives another wave file");
    assert_eq!(waves[2], waves[0], "UTF-16 BE gives another wave file");
}

/// Imports the fixture `file`, which cannot be read as text: one error, which says how to save
/// the spreadsheet instead, and nothing written.
fn assert_unreadable(file: &str, expected: &str) {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let fixture = fixture("import");
    std::fs::copy(fixture.join(file), root.join(file)).unwrap();
    let before = read_tree(&root.join("content"));
    let (ok, out, err) = run_cli(&import_args(file, &[]), root);
    assert!(!ok);
    assert!(out.is_empty(), "{out}");
    let snapshot = Path::new(file).with_extension("snap");
    assert_snapshot(&fixture.join(snapshot), &err);
    assert!(err.contains(expected), "`{expected}` missing:\n{err}");
    assert!(err.contains("save the spreadsheet as \"CSV UTF-8"), "{err}");
    assert!(err.contains("1 error, 0 warnings"), "{err}");
    assert_eq!(read_tree(&root.join("content")), before, "content/ changed");
}

#[test]
fn a_broken_utf_16_file_is_refused_with_how_to_save_it() {
    // "Unicode Text" cut off in the middle of its last character.
    assert_unreadable(
        "poskozeny-utf16.csv",
        "error: poskozeny-utf16.csv: the file starts as UTF-16 text (Excel's \"Unicode Text\") but is not valid UTF-16",
    );
}

#[test]
fn a_workbook_instead_of_a_csv_file_is_refused_with_how_to_save_it() {
    // An .xlsx file is a ZIP archive: bytes that no text encoding milnik reads can decode.
    assert_unreadable(
        "sesit.xlsx",
        "error: sesit.xlsx: the file is neither UTF-8 nor windows-1250 text",
    );
}

#[test]
fn the_docs_and_the_help_describe_every_column_and_command() {
    let doc = std::fs::read_to_string(repo_root().join("docs/content-model.md")).unwrap();
    let section = doc
        .split_once("## 8. Importing a wave from a spreadsheet")
        .expect("docs/content-model.md §8")
        .1;
    for column in &COLUMNS {
        assert!(
            section.contains(&format!("| `{}` |", column.key)),
            "column `{}` is not in the table of docs/content-model.md §8",
            column.key
        );
    }
    let (ok, out, _) = run_cli(&["--help"], &repo_root());
    assert!(ok);
    assert!(out.contains("import") && out.contains("export"), "{out}");
    let (ok, out, _) = run_cli(&["import", "wave", "--help"], &repo_root());
    assert!(ok);
    for option in [
        "--id",
        "--title",
        "--published",
        "--covers",
        "--action-plan",
        "--output",
        "--force",
    ] {
        assert!(out.contains(option), "`{option}` missing:\n{out}");
    }
    assert!(out.contains("nothing is written"), "{out}");
    let (ok, out, _) = run_cli(&["export", "wave-template", "--help"], &repo_root());
    assert!(ok);
    for option in ["--action-plan", "--output", "--force"] {
        assert!(out.contains(option), "`{option}` missing:\n{out}");
    }
}

/// How the Czech theme words what a goal's date is of (`as_of.*` in cs.toml), as editors
/// write it in the spreadsheet.
fn as_of_text(kind: &str) -> &'static str {
    match kind {
        "available" => "Data dostupná k",
        "state" => "Stav k",
        other => panic!("unknown as-of kind {other}"),
    }
}

#[test]
fn ids_excel_turned_into_dates_are_named_with_the_id_they_were() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let mut rows = exported_template(root);
    filled_in_czech_excel(&mut rows);
    // Czech Excel opened the CSV and made dates of the goals' IDs: 1.1.1 shown as a date,
    // 6.2.1 as another, 2.1.1 as the serial number of 2 January 2001 in a cell formatted as a
    // number; and a goal the plan does not have.
    let mut mangle = |id: &str, indicator: &str, text: &str| {
        let row = rows
            .iter_mut()
            .find(|r| r[1] == id && r[2] == indicator)
            .unwrap();
        row[1] = text.into();
    };
    mangle("1.1.1", "zabydlene-domacnosti", "01.01.2001");
    mangle("6.2.1", "registrace-primarni-pece", "6.2.2001");
    mangle("2.1.1", "domovnici-preventiste", "36893");
    let row = rows
        .iter_mut()
        .find(|r| r[1] == "1.1.1" && r[2] == "socialni-byty")
        .unwrap();
    row[1] = "09.09.2009".into();
    row[col("value")] = "40".into();
    let line = |text: &str| rows.iter().position(|r| r[1] == text).unwrap() + 1;
    let (first, second, third, fourth) = (
        line("01.01.2001"),
        line("6.2.2001"),
        line("36893"),
        line("09.09.2009"),
    );
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();
    let before = read_tree(&root.join("content"));
    let (ok, _, err) = run_cli(&import_args("vyplneno.csv", &[]), root);
    assert!(!ok);
    for expected in [
        format!("row {first}, column B (`ID`): `01.01.2001` is a date, not a specific goal ID\n"),
        "  = hint: Excel turned the ID 1.1.1 into this date: format the `ID` column as text (Format Cells → Text), write 1.1.1 again and save\n".to_string(),
        format!("row {second}, column B (`ID`): `6.2.2001` is a date, not a specific goal ID\n"),
        "  = hint: Excel turned the ID 6.2.1 into this date: format the `ID` column as text (Format Cells → Text), write 6.2.1 again and save\n".to_string(),
        format!("row {third}, column B (`ID`): `36893` is a date, not a specific goal ID\n"),
        "  = hint: Excel turned the ID 2.1.1 into this date: format the `ID` column as text (Format Cells → Text), write 2.1.1 again and save\n".to_string(),
        format!("row {fourth}, column B (`ID`): `09.09.2009` is a date, not a specific goal ID\n"),
        "  = hint: Excel turns IDs like 9.9.9 into dates, but the plan has no specific goal 9.9.9 either; format the `ID` column as text (Format Cells → Text) and copy the ID from the exported template\n".to_string(),
    ] {
        assert!(err.contains(&expected), "`{expected}` missing:\n{err}");
    }
    assert!(err.contains("Nothing was written."), "{err}");
    assert_eq!(read_tree(&root.join("content")), before, "content/ changed");
}

#[test]
fn periods_of_whole_years_are_read_however_the_dash_is_typed() {
    let _cs = crate::support::czech();
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let mut rows = exported_template(root);
    filled_in_czech_excel(&mut rows);
    let row = rows.iter_mut().find(|r| r[1] == "1.1.1.1").unwrap();
    row[col("period")] = "2023–2025".into();
    let row = rows.iter_mut().find(|r| r[1] == "2.1.1.1").unwrap();
    row[col("period")] = "2023 - 2026".into();
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();
    let (ok, _, err) = run_cli(&import_args("vyplneno.csv", &[]), root);
    assert!(ok, "{err}");
    let wave =
        std::fs::read_to_string(root.join("content/waves/2-prubezne-vyhodnoceni-ii.toml")).unwrap();
    assert!(
        wave.contains("id = \"1.1.1.1\"\nstatus = \"Dokončeno\"\nimplementer = \"Statutární město Ostrava\"\nactivity = \"Projektová aktivita\"\nperiod = { from = 2023-01-01, to = 2025-12-31 }\n"),
        "{wave}"
    );
    assert!(
        wave.contains("period = { from = 2023-01-01, to = 2026-12-31 }"),
        "{wave}"
    );
    // A wave file written by hand may say it the same way.
    let edited = wave.replacen(
        "period = { from = 2023-01-01, to = 2025-12-31 }",
        "period = \"2023-2025\"",
        1,
    );
    std::fs::write(
        root.join("content/waves/2-prubezne-vyhodnoceni-ii.toml"),
        edited,
    )
    .unwrap();
    let site = model(root);
    let measure = &site.waves[1].goal_reports[0].measures[0];
    assert_eq!(
        measure.period.map(|p| p.shown()).as_deref(),
        Some("1. 1. 2023–31. 12. 2025")
    );
}

#[test]
fn an_english_site_gets_english_headers_and_either_language_imports() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let config = std::fs::read_to_string(root.join("milnik.toml")).unwrap();
    std::fs::write(
        root.join("milnik.toml"),
        format!("language = \"en\"\n{config}"),
    )
    .unwrap();
    let rows = exported_template(root);
    // The fixed columns by their keys; annex A's columns as the table declares them.
    let keys: Vec<&str> = COLUMNS
        .iter()
        .map(|c| c.key)
        .chain(PROJECT_COLUMNS)
        .collect();
    assert_eq!(rows[0], keys);
    assert_eq!(rows[3][..2], ["measure", "1.1.1.1"]);

    // The same spreadsheet with Czech headers, typed carelessly, imports as the same wave.
    let mut english = rows.clone();
    filled_in_czech_excel(&mut english);
    let mut czech = english.clone();
    czech[0] = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| match i % 3 {
            0 => c.czech.to_uppercase(),
            1 => milnik::slug::fold(c.czech),
            _ => c.czech.to_string(),
        })
        // Annex A's columns by their keys, the other way the import reads them.
        .chain(
            ["realizator", "registrace", "rozpocet", "vyzva", "program"]
                .map(|key| format!("projekty-kpsv.{key}")),
        )
        .collect();
    let wave_of = |rows: &[Vec<String>], id: &str| {
        std::fs::write(root.join("vlna.csv"), write_csv(rows, b';', true)).unwrap();
        let output = format!("{id}.toml");
        let (ok, _, err) = run_cli(
            &[
                "import",
                "wave",
                "vlna.csv",
                "--id",
                "II",
                "--published",
                "2025-06",
                "--output",
                &output,
            ],
            root,
        );
        assert!(ok, "{err}");
        std::fs::read_to_string(root.join(output)).unwrap()
    };
    assert_eq!(wave_of(&czech, "cs"), wave_of(&english, "en"));
}

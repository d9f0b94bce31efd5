//! The spreadsheet round trip follows the action plan the next wave evaluates, on
//! tests/fixtures/ostrava-ap2 (Akční plán I. and II., waves I–III): the template lists what
//! that plan has in force, with each measure's details carried forward from its last report,
//! and the import checks every row against that plan and names it in the wave file.
//!
//! Two edits are made to the fixture here, as test data: wave III reports a period and a
//! project for 2.1.1.1 (so the next template has them to carry forward), and Akční plán II.
//! states only one of specific goal 1.1.1's two impact indicators of Akční plán I.

use std::path::Path;

use milnik::values::Date;

use crate::import::{col, model, ostrava_copy, read_csv, write_csv};
use crate::support::*;

const WAVE_III: &str = "content/waves/3-prubezne-vyhodnoceni-iii.toml";

/// The ostrava-ap2 site with the two edits above.
fn site() -> tempfile::TempDir {
    let dir = ostrava_ap2();
    let root = dir.path();
    edit(
        root,
        WAVE_III,
        "activity = \"Projektová aktivita\"\n\n[[goal.measure]]\nid = \"2.1.1.2\"",
        "activity = \"Projektová aktivita\"
period = { from = 2026-07-01, to = 2027-12-31 }

[[goal.measure.funding.projekty-kpsv]]
realizator = \"Statutární město Ostrava – Mariánské Hory a Hulváky\"
registrace = \"CZ.03.02.01/00/22_018/0009999\"
rozpocet = \"9 876 543,21\"
vyzva = \"105 OPZ+\"
program = \"OPZ+\"

[[goal.measure]]
id = \"2.1.1.2\"",
    );
    edit(
        root,
        "content/action-plans/II/1-bydleni.toml",
        "[[strategic_goal.specific_goal.impact_indicator]]
key = \"socialni-byty\"
name = \"Počet vytvořených sociálních bytů\"
target = 40
",
        "",
    );
    dir
}

/// Exports the template for `--action-plan` `plan` (none: the default) into `file`; returns
/// the command's summary and the rows (header first).
fn export(root: &Path, plan: Option<&str>, file: &str) -> (String, Vec<Vec<String>>) {
    let mut args = vec!["export", "wave-template", "--output", file];
    if let Some(plan) = plan {
        args.extend(["--action-plan", plan]);
    }
    let (ok, out, err) = run_cli(&args, root);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    (out, read_csv(&text, b';'))
}

/// The index of the row of `id` (and `indicator`) in `rows`; its spreadsheet row is one more.
fn position(rows: &[Vec<String>], id: &str, indicator: &str) -> Option<usize> {
    rows.iter().position(|r| r[1] == id && r[2] == indicator)
}

/// Fills the cells of the row of `id` (and `indicator`).
fn fill(rows: &mut [Vec<String>], id: &str, indicator: &str, cells: &[(&str, &str)]) {
    let i = position(rows, id, indicator).unwrap_or_else(|| panic!("no row {id} {indicator}"));
    for (key, value) in cells {
        rows[i][col(key)] = value.to_string();
    }
}

/// The arguments of an import of `file` as wave IV, published in June 2027, with `extra`.
fn import_iv<'a>(file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "import",
        "wave",
        file,
        "--id",
        "IV",
        "--title",
        "Průběžné vyhodnocení IV.",
        "--published",
        "2027-06",
        "--covers",
        "rok 2026",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn the_template_for_action_plan_ii_has_its_measures_and_targets_and_carries_details_forward() {
    let site_dir = site();
    let root = site_dir.path();
    let site = model(root);
    let plan_ii = site.plan.action_plan_ix("II").unwrap();
    let (out, rows) = export(root, Some("II"), "sablona.csv");

    // Measures: none that ended with Akční plán I. (1.3.1.2) or that Akční plán II. cancels
    // (3.1.1.7); the new ones of Akční plán II. where the plan lists them.
    let measures: Vec<&str> = rows
        .iter()
        .filter(|r| r[0] == "opatření")
        .map(|r| r[1].as_str())
        .collect();
    for gone in ["1.3.1.2", "3.1.1.7"] {
        assert!(!measures.contains(&gone), "{gone} is in the template");
    }
    for new in ["1.1.1.2", "3.1.1.8", "6.2.4.1"] {
        assert!(measures.contains(&new), "{new} is not in the template");
    }
    assert_eq!(
        measures.len(),
        48,
        "49 listed by Akční plán II., one cancelled"
    );
    let at = |id: &str| measures.iter().position(|m| *m == id).unwrap();
    assert!(at("1.1.1.1") < at("1.1.1.2") && at("1.1.1.2") < at("1.1.2.1"));

    // Impact indicators as Akční plán II. states them: 1.1.1 without `socialni-byty`, and the
    // new goal 6.2.4 with its indicator, before its measure.
    let values: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r[0] == "indikátor dopadu")
        .map(|r| (r[1].as_str(), r[2].as_str()))
        .collect();
    assert!(values.contains(&("1.1.1", "zabydlene-domacnosti")));
    assert!(!values.contains(&("1.1.1", "socialni-byty")));
    assert!(
        position(&rows, "6.2.4", "zapojeni-do-pece").unwrap()
            < position(&rows, "6.2.4.1", "").unwrap()
    );
    let stated: usize = site
        .specific_goals
        .iter()
        .filter(|g| {
            g.measures
                .iter()
                .any(|&m| site.measures[m].lifecycle.in_plan(plan_ii))
        })
        .map(|g| g.indicators_in(plan_ii).len())
        .sum();
    assert_eq!(values.len(), stated);
    assert!(
        out.contains(&format!(
            "Created sablona.csv for Akční plán II.: 48 measures, {stated} impact indicators, 11 global indicators."
        )),
        "{out}"
    );
    assert!(
        out.contains("then run `milnik import wave sablona.csv --action-plan II`."),
        "{out}"
    );

    // 2.1.1.1's details come from its last report (wave III), its status stays to be filled.
    let row = &rows[position(&rows, "2.1.1.1", "").unwrap()];
    for (key, carried) in [
        ("previous", "V realizaci (4/6)"),
        ("status", ""),
        (
            "implementer",
            "Statutární město Ostrava (Mariánské Hory a Hulváky)",
        ),
        ("activity", "Projektová aktivita"),
        ("period", "1. 7. 2026–31. 12. 2027"),
        ("as_of", ""),
    ] {
        assert_eq!(row[col(key)], carried, "{key} of 2.1.1.1");
    }
    // Under it, its projects: wave I's and wave III's, each as the latest wave gives it.
    let at = position(&rows, "2.1.1.1", "").unwrap();
    let projects: Vec<(&str, &str)> = rows[at + 1..]
        .iter()
        .take_while(|r| r[0] == "projekty-kpsv")
        .map(|r| (r[1].as_str(), r[r.len() - 3].as_str()))
        .collect();
    assert_eq!(
        projects,
        [("2.1.1.1", "14 964 994,80"), ("2.1.1.1", "9 876 543,21")]
    );
    // A measure no wave reported with details has nothing carried.
    let new = &rows[position(&rows, "6.2.4.1", "").unwrap()];
    assert_eq!(new[col("implementer")], "");

    // Akční plán I.'s template has what Akční plán II. dropped, and not what it added.
    let (out, rows) = export(root, Some("I"), "sablona-i.csv");
    assert!(
        out.contains("Created sablona-i.csv for Akční plán I.: 47 measures"),
        "{out}"
    );
    assert!(position(&rows, "1.3.1.2", "").is_some());
    assert!(position(&rows, "3.1.1.7", "").is_some());
    assert!(position(&rows, "1.1.1", "socialni-byty").is_some());
    assert!(position(&rows, "1.1.1.2", "").is_none());
    assert!(position(&rows, "6.2.4", "zapojeni-do-pece").is_none());

    // Without --action-plan: the plan a wave published this month would evaluate.
    let expected = if Date::today().year >= 2026 {
        "II"
    } else {
        "I"
    };
    let (_, by_default) = export(root, None, "sablona-default.csv");
    let (_, named) = export(root, Some(expected), "sablona-named.csv");
    assert_eq!(by_default, named);
}

#[test]
fn a_template_for_action_plan_ii_imports_as_a_wave_that_evaluates_it() {
    let site_dir = site();
    let root = site_dir.path();
    let (_, mut rows) = export(root, Some("II"), "sablona.csv");
    let as_of = ("as_of", "30. 4. 2027");
    fill(
        &mut rows,
        "1.1.1",
        "zabydlene-domacnosti",
        &[("value", "58")],
    );
    fill(
        &mut rows,
        "1.1.1.2",
        "",
        &[("status", "V realizaci"), as_of],
    );
    // Only the status is new: the carried details are kept as the template wrote them.
    fill(
        &mut rows,
        "2.1.1.1",
        "",
        &[("status", "V realizaci (5/6)"), as_of],
    );
    fill(
        &mut rows,
        "6.2.4",
        "zapojeni-do-pece",
        &[("value", "31"), as_of],
    );
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();

    let (ok, out, err) = run_cli(&import_iv("vyplneno.csv", &["--action-plan", "II"]), root);
    assert!(ok, "{err}");
    assert!(
        out.contains("Created content/waves/4-prubezne-vyhodnoceni-iv.toml"),
        "{out}"
    );
    assert!(
        out.contains("2 measures, 2 impact indicator values, 0 global indicator values"),
        "{out}"
    );
    let text =
        std::fs::read_to_string(root.join("content/waves/4-prubezne-vyhodnoceni-iv.toml")).unwrap();
    assert!(
        text.contains("covers = \"rok 2026\"\naction_plan = \"II\"\n"),
        "{text}"
    );
    assert!(
        text.contains("period = { from = 2026-07-01, to = 2027-12-31 }"),
        "{text}"
    );
    // The measure is reported: its projects, carried forward under it, are the wave's.
    assert!(
        text.contains(
            "registrace = \"CZ.03.02.01/00/22_018/0009999\"\nrozpocet = \"9 876 543,21\""
        ),
        "{text}"
    );

    let (ok, out, err) = run_cli(&["check"], root);
    assert!(ok, "{err}");
    assert!(out.contains("4 waves"), "{out}");
    let site = model(root);
    let (three, four) = (&site.waves[2], &site.waves[3]);
    assert_eq!(four.id, "IV");
    assert_eq!(site.plan.action_plans[four.action_plan].id, "II");
    let m = site
        .measure_ixs()
        .find(|&m| site.measures[m].id == "2.1.1.1")
        .unwrap();
    let (_, before) = site
        .measure_report(m, site.wave_ixs().nth(2).unwrap())
        .unwrap();
    let (_, after) = site
        .measure_report(m, site.wave_ixs().nth(3).unwrap())
        .unwrap();
    assert_eq!(three.id, "III");
    assert_eq!(
        after.badge.status.content_text(&site.statuses),
        "V realizaci (5/6)"
    );
    assert_eq!(after.implementer, before.implementer);
    assert_eq!(after.activity, before.activity);
    assert_eq!(after.period, before.period);
    // Wave III's project is given again by wave IV, as it was.
    let cells = |r: &milnik::model::MeasureReport| {
        r.funding
            .iter()
            .flat_map(|f| f.rows.iter().map(|row| format!("{:?}", row.cells)))
            .collect::<Vec<_>>()
    };
    let (p, q) = (cells(before), cells(after));
    assert!(q.contains(&p[0]), "{p:?} in {q:?}");
}

#[test]
fn a_row_the_action_plan_does_not_have_is_refused_with_its_row_and_column() {
    let site_dir = site();
    let root = site_dir.path();
    let before = read_tree(&root.join("content"));

    // Last period's spreadsheet, filled in for a wave that evaluates Akční plán II.
    let (_, mut rows) = export(root, Some("I"), "sablona-i.csv");
    let as_of = ("as_of", "30. 4. 2027");
    fill(
        &mut rows,
        "1.1.1.1",
        "",
        &[("status", "V realizaci (6/6)"), as_of],
    );
    fill(&mut rows, "1.1.1", "socialni-byty", &[("value", "12")]);
    fill(&mut rows, "1.3.1.2", "", &[("status", "Dokončeno"), as_of]);
    let indicator_row = position(&rows, "1.1.1", "socialni-byty").unwrap() + 1;
    let measure_row = position(&rows, "1.3.1.2", "").unwrap() + 1;
    std::fs::write(root.join("vlna-iv.csv"), write_csv(&rows, b';', true)).unwrap();
    // Named, and by default for a wave published in 2027.
    for extra in [&["--action-plan", "II"][..], &[]] {
        let (ok, out, err) = run_cli(&import_iv("vlna-iv.csv", extra), root);
        assert!(!ok);
        assert!(out.is_empty(), "{out}");
        for expected in [
            format!("row {measure_row}, column B (`ID`): measure 1.3.1.2 is not in Akční plán II., which this wave evaluates"),
            "= hint: it ended with Akční plán I.; delete its row, or import with --action-plan I".to_string(),
            format!("row {indicator_row}, column C (`Indikátor`): impact indicator `socialni-byty` of specific goal 1.1.1 is not in Akční plán II., which this wave evaluates"),
            "2 errors, 0 warnings".to_string(),
            "Nothing was written.".to_string(),
        ] {
            assert!(err.contains(&expected), "`{expected}` missing:\n{err}");
        }
    }
    assert_eq!(read_tree(&root.join("content")), before, "content/ changed");

    // And the other way round: the new measure and goal of Akční plán II. in a wave that
    // evaluates Akční plán I.
    let (_, mut rows) = export(root, Some("II"), "sablona-ii.csv");
    fill(
        &mut rows,
        "1.1.1.2",
        "",
        &[("status", "Nerealizováno"), as_of],
    );
    fill(
        &mut rows,
        "6.2.4",
        "zapojeni-do-pece",
        &[("value", "3"), as_of],
    );
    let measure_row = position(&rows, "1.1.1.2", "").unwrap() + 1;
    let goal_row = position(&rows, "6.2.4", "zapojeni-do-pece").unwrap() + 1;
    std::fs::write(root.join("vlna-iv.csv"), write_csv(&rows, b';', true)).unwrap();
    let (ok, _, err) = run_cli(&import_iv("vlna-iv.csv", &["--action-plan", "I"]), root);
    assert!(!ok);
    for expected in [
        format!("row {measure_row}, column B (`ID`): measure 1.1.1.2 is not in Akční plán I., which this wave evaluates"),
        format!("row {goal_row}, column B (`ID`): specific goal 6.2.4 is not in Akční plán I., which this wave evaluates"),
        "= hint: it is new in Akční plán II.; delete its row, or import with --action-plan II".to_string(),
        "2 errors, 0 warnings".to_string(),
    ] {
        assert!(err.contains(&expected), "`{expected}` missing:\n{err}");
    }
    assert_eq!(read_tree(&root.join("content")), before, "content/ changed");
}

#[test]
fn an_action_plan_the_plan_does_not_declare_is_refused() {
    let site_dir = site();
    let root = site_dir.path();
    let declared = "= hint: the action plans are `I` (Akční plán I.) and `II` (Akční plán II.), as content/plan.toml declares them; e.g. --action-plan II";
    let (ok, out, err) = run_cli(
        &[
            "export",
            "wave-template",
            "--action-plan",
            "IX",
            "--output",
            "sablona.csv",
        ],
        root,
    );
    assert!(!ok);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("error: --action-plan: action plan IX does not exist in the plan"),
        "{err}"
    );
    assert!(err.contains(declared), "{err}");
    assert!(err.contains("No template was written."), "{err}");
    assert!(!root.join("sablona.csv").exists());

    let (_, rows) = export(root, Some("II"), "sablona.csv");
    std::fs::write(root.join("vlna-iv.csv"), write_csv(&rows, b';', true)).unwrap();
    let before = read_tree(&root.join("content"));
    let (ok, _, err) = run_cli(&import_iv("vlna-iv.csv", &["--action-plan", "IX"]), root);
    assert!(!ok);
    assert!(
        err.contains("error: --action-plan: action plan IX does not exist in the plan"),
        "{err}"
    );
    assert!(err.contains(declared), "{err}");
    assert!(err.contains("Nothing was written."), "{err}");
    assert_eq!(read_tree(&root.join("content")), before, "content/ changed");

    // A plan with one action plan says so.
    let bundled = ostrava_copy();
    let (ok, _, err) = run_cli(
        &["export", "wave-template", "--action-plan", "II"],
        bundled.path(),
    );
    assert!(!ok);
    assert!(
        err.contains(
            "= hint: the plan has one action plan, `I` (Akční plán I.); leave out --action-plan"
        ),
        "{err}"
    );
}

//! The rows of a funding table the waves give, through the wave spreadsheet: the template
//! carries each measure's rows forward under its row, in the table's own columns; a filled-in
//! row becomes `[[goal.measure.funding.<key>]]` of the new wave; rewriting the wave keeps what
//! was added by hand; mistakes are named by row and column. On the three-waves fixture with
//! the `dotace` table of `funding_tables.rs` (P-1 given by waves I and II, P-2 by wave II).

use crate::funding_tables::site_with_wave_rows;
use crate::import::{read_csv, write_csv};
use crate::support::*;

const IV: [&str; 11] = [
    "import",
    "wave",
    "vlna.csv",
    "--id",
    "IV",
    "--title",
    "Průběžné vyhodnocení IV.",
    "--published",
    "2027-06",
    "--covers",
    "rok 2026",
];

/// The exported template, read back.
fn template(root: &std::path::Path) -> Vec<Vec<String>> {
    let (ok, out, err) = run_cli(&["export", "wave-template"], root);
    assert!(ok, "{err}");
    read_csv(&out, b';')
}

fn position(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The row of type `kind` for `id` (the first one, or the one whose `column` is `value`).
fn row_of(rows: &mut [Vec<String>], kind: &str, id: &str, with: Option<(usize, &str)>) -> usize {
    rows.iter()
        .position(|r| r[0] == kind && r[1] == id && with.is_none_or(|(c, v)| r[c] == v))
        .unwrap_or_else(|| panic!("no {kind} row for {id}"))
}

#[test]
fn the_template_carries_a_measures_rows_and_the_import_writes_the_changed_ones() {
    let dir = site_with_wave_rows();
    let root = dir.path();
    let mut rows = template(root);
    let header = rows[0].clone();
    // The table's columns follow the fixed ones, headed by the table's key and each column's
    // printed name.
    assert_eq!(
        header[header.len() - 3..],
        [
            "dotace: Číslo projektu",
            "dotace: Program",
            "dotace: Rozpočet"
        ]
    );
    let (number, budget) = (
        position(&header, "dotace: Číslo projektu"),
        position(&header, "dotace: Rozpočet"),
    );
    let status = position(&header, "Stav");
    let as_of = position(&header, "Datum údajů");
    // Under 1.1.1.1's row, P-1 as wave II (the latest to give it) gives it; under 1.1.1.2's,
    // P-2. Each once, though P-1 was given twice.
    let m1 = row_of(&mut rows, "opatření", "1.1.1.1", None);
    assert_eq!(rows[m1 + 1][0], "dotace");
    assert_eq!(rows[m1 + 1][1], "1.1.1.1");
    assert_eq!(
        rows[m1 + 1][number..=budget],
        ["P-1", "OPZ+", "1 200"],
        "{:?}",
        rows[m1 + 1]
    );
    assert_eq!(rows[m1 + 2][0], "opatření");
    let p2 = row_of(&mut rows, "dotace", "1.1.1.2", None);
    assert_eq!(rows[p2][number..=budget], ["P-2", "IROP", "500,50"]);
    assert_eq!(rows.iter().filter(|r| r[0] == "dotace").count(), 2);

    // Measure 1.1.1.1 reported: P-1's budget changed, a new project P-3 under it; P-2 left as
    // the template carried it (not given again).
    rows[m1][status] = "Dokončeno".into();
    rows[m1][as_of] = "31. 3. 2027".into();
    rows[m1 + 1][budget] = "1 300,00".into();
    let mut p3 = rows[m1 + 1].clone();
    p3[number] = "P-3".into();
    p3[budget] = "250 Kč".into();
    rows.insert(m1 + 2, p3);
    std::fs::write(root.join("vlna.csv"), write_csv(&rows, b';', true)).unwrap();
    let (ok, out, err) = run_cli(&IV, root);
    assert!(ok, "{out}\n{err}");
    let path = root.join("content/waves/4-prubezne-vyhodnoceni-iv.toml");
    let wave = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{out}"));
    let part = "\n\n[[goal.measure.funding.dotace]]\ncislo = \"P-1\"\nprogram = \"OPZ+\"\nrozpocet = \"1 300,00\"\n\n[[goal.measure.funding.dotace]]\ncislo = \"P-3\"\nprogram = \"OPZ+\"\nrozpocet = \"250\"\n";
    assert!(wave.contains(part), "the wave file lacks {part}:\n{wave}");
    assert!(!wave.contains("P-2"), "{wave}");
    // The sums count P-1 as wave IV gives it, P-3, and P-2 as wave II gave it.
    // (Wave IV reports one measure: the site warns about the others, which is right.)
    let built = build(root).unwrap_or_else(|e| panic!("{e:?}"));
    let funding = page(&built, "financovani/index.html");
    for part in [
        "<caption>Podpořené projekty (Průběžné vyhodnocení IV.)</caption>",
        "<th scope=\"row\">OPZ+</th><td data-label=\"Počet řádků\">2</td><td class=\"money\" data-label=\"Rozpočet\">1 550,00 Kč</td>",
        "<th scope=\"row\">Celkem</th><td data-label=\"Počet řádků\">3</td><td class=\"money\" data-label=\"Rozpočet\">2 050,50 Kč</td>",
    ] {
        assert!(funding.contains(part), "the funding page lacks {part}:\n{funding}");
    }

    // Rewritten with --force: a row's key added by hand stays, a row added by hand is kept
    // and named.
    let by_hand = wave
        .replace(
            "cislo = \"P-3\"\n",
            "cislo = \"P-3\"\ncounted = false # by hand\n",
        )
        .replace(
            "rozpocet = \"250\"\n",
            "rozpocet = \"250\"\n\n[[goal.measure.funding.dotace]]\ncislo = \"P-8\"\nprogram = \"IROP\"\nrozpocet = 8\n",
        );
    std::fs::write(&path, &by_hand).unwrap();
    rows[m1 + 2][budget] = "300".into();
    std::fs::write(root.join("vlna.csv"), write_csv(&rows, b';', true)).unwrap();
    let mut args = IV.to_vec();
    args.push("--force");
    let (ok, out, err) = run_cli(&args, root);
    assert!(ok, "{out}\n{err}");
    assert!(
        err.contains("row P-8 of table `dotace` of measure 1.1.1.1"),
        "{err}"
    );
    let merged = std::fs::read_to_string(&path).unwrap();
    assert!(
        merged.contains(
            "cislo = \"P-3\"\ncounted = false # by hand\nprogram = \"OPZ+\"\nrozpocet = \"300\"\n"
        ),
        "{merged}"
    );
    assert!(merged.contains("cislo = \"P-8\""), "{merged}");
}

#[test]
fn mistakes_in_a_tables_rows_are_named_by_row_and_column() {
    let dir = site_with_wave_rows();
    let root = dir.path();
    let mut rows = template(root);
    let header = rows[0].clone();
    let (number, budget) = (
        position(&header, "dotace: Číslo projektu"),
        position(&header, "dotace: Rozpočet"),
    );
    let (status, service) = (position(&header, "Stav"), position(&header, "Typ služby"));
    let as_of = position(&header, "Datum údajů");
    let m1 = row_of(&mut rows, "opatření", "1.1.1.1", None);
    rows[m1][status] = "Dokončeno".into();
    rows[m1][as_of] = "31. 3. 2027".into();
    let blank = |id: &str, n: &str, b: &str| {
        let mut r = vec![String::new(); header.len()];
        r[0] = "dotace".into();
        r[1] = id.into();
        r[number] = n.into();
        r[budget] = b.into();
        r
    };
    let extra = vec![
        // An amount that is not one.
        blank("1.1.1.1", "P-4", "hodně"),
        // No project number.
        blank("1.1.1.1", "", "10"),
        // P-7 twice in the same spreadsheet.
        blank("1.1.1.1", "P-7", "10"),
        blank("1.1.1.1", "P-7", "20"),
        // A measure no measure row reports.
        blank("1.1.1.3", "P-5", "10"),
        // A column of measure rows filled in on a table row.
        {
            let mut r = blank("1.1.1.1", "P-6", "10");
            r[service] = "Azylový dům".into();
            r
        },
    ];
    let first_extra = rows.len() + 1;
    rows.extend(extra);
    // A table's column filled in on a measure row.
    rows[m1][budget] = "5".into();
    std::fs::write(root.join("vlna.csv"), write_csv(&rows, b';', true)).unwrap();
    let before = read_tree(&root.join("content"));
    let (ok, out, err) = run_cli(&IV, root);
    assert!(!ok, "{out}");
    let budget_letter = milnik::spreadsheet::column_letter(budget);
    let number_letter = milnik::spreadsheet::column_letter(number);
    let service_letter = milnik::spreadsheet::column_letter(service);
    let r = |n: usize| first_extra + n;
    for expected in [
        format!("row {}, column {budget_letter} (`dotace: Rozpočet`): column `dotace: Rozpočet` is not used in measure rows", m1 + 1),
        format!("row {}, column {budget_letter} (`dotace: Rozpočet`): `hodně` is not an amount of money", r(0)),
        format!("row {}, column {number_letter} (`dotace: Číslo projektu`): the row has no `dotace: Číslo projektu`, which identifies a row of table `dotace` across waves", r(1)),
        format!("row {}, column {number_letter} (`dotace: Číslo projektu`): `dotace: Číslo projektu` P-7 of table `dotace` is already given in row {}", r(3), r(2)),
        format!("row {}, column B (`ID`): the row of table `dotace` is for measure 1.1.1.3, but no `measure` row of the spreadsheet reports that measure", r(4)),
        format!("row {}, column {service_letter} (`Typ služby`): column `Typ služby` is not used in dotace rows", r(5)),
        "6 errors".to_string(),
    ] {
        assert!(err.contains(&expected), "`{expected}` missing:\n{err}");
    }
    assert!(err.contains("hint: dotace rows take `dotace: Číslo projektu`, `dotace: Program`, `dotace: Rozpočet`"), "{err}");
    assert_eq!(read_tree(&root.join("content")), before, "content/ changed");
}

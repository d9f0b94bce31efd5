//! A funding table whose rows the evaluations give (`rows_from = "wave"`): a town whose
//! evaluation lists the projects behind its measures, with its own columns, in each wave. Built
//! on a copy of tests/fixtures/three-waves with such a table declared and rows in two waves: a
//! project listed again by the second wave (same number, a new budget) counts once, as the
//! second wave gives it.

use crate::support::*;
use milnik::build::Built;

const TABLE: &str = r#"
[[funding_table]]
key = "dotace"
title = "Podpořené projekty"
rows_from = "wave"
unique_by = "cislo"
group_by = "program"

[[funding_table.column]]
key = "cislo"
name = "Číslo projektu"

[[funding_table.column]]
key = "program"
name = "Program"

[[funding_table.column]]
key = "rozpocet"
name = "Rozpočet"
kind = "money"
"#;

/// Inserts `rows` before the report of measure `before` in wave file `wave`: the rows belong to
/// the measure reported just above it.
fn add_rows(site: &std::path::Path, wave: &str, before: &str, rows: &str) {
    let anchor = format!("[[goal.measure]]\nid = \"{before}\"");
    edit(
        site,
        &format!("content/waves/{wave}"),
        &anchor,
        &format!("{rows}\n{anchor}"),
    );
}

fn append(path: &std::path::Path, text: &str) {
    let mut all = std::fs::read_to_string(path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

fn site_with_wave_rows() -> tempfile::TempDir {
    let dir = site_copy("three-waves");
    let root = dir.path();
    append(&root.join("content/plan.toml"), TABLE);
    add_rows(
        root,
        "1-vlna-i.toml",
        "1.1.1.2",
        "[[goal.measure.funding.dotace]]\ncislo = \"P-1\"\nprogram = \"OPZ+\"\nrozpocet = 1000\n",
    );
    append(
        &root.join("content/waves/1-vlna-i.toml"),
        "\n[[stated_total]]\nlabel = \"Projekty celkem\"\ntable = \"dotace\"\namount = 1000\n",
    );
    add_rows(
        root,
        "2-vlna-ii.toml",
        "1.1.1.2",
        "[[goal.measure.funding.dotace]]\ncislo = \"P-1\"\nprogram = \"OPZ+\"\nrozpocet = 1200\n",
    );
    add_rows(
        root,
        "2-vlna-ii.toml",
        "1.1.1.3",
        "[goal.measure.funding.dotace]\ncislo = \"P-2\"\nprogram = \"IROP\"\nrozpocet = \"500,50\"\n",
    );
    append(
        &root.join("content/waves/2-vlna-ii.toml"),
        "\n[[stated_total]]\nlabel = \"Projekty celkem\"\ntable = \"dotace\"\namount = 1700.50\n",
    );
    dir
}

/// The site built; the stated totals agree with the rows (the fixture's own warnings, about
/// measures its waves leave unreported, stay).
fn built(dir: &tempfile::TempDir) -> Built {
    let built = build(dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let warnings = built.warnings.to_string();
    assert!(!warnings.contains("Projekty celkem"), "{warnings}");
    assert_eq!(built.warnings.0.len(), 2, "{warnings}");
    built
}

#[test]
fn the_waves_give_the_rows_of_a_declared_table_and_a_project_listed_again_counts_once() {
    let dir = site_with_wave_rows();
    let built = built(&dir);
    let funding = page(&built, "financovani/index.html");
    for part in [
        "<h2 id=\"dotace\">Podpořené projekty</h2>",
        // One list per wave, each with the wave's stated total checked.
        "<caption>Podpořené projekty (Průběžné vyhodnocení I.)</caption>",
        "<caption>Podpořené projekty (Průběžné vyhodnocení II.)</caption>",
        "<td data-label=\"Číslo projektu\">P-2</td><td data-label=\"Program\">IROP</td><td data-label=\"Rozpočet\" class=\"money\">500,50 Kč</td>",
        // The sums count P-1 once, with wave II's budget.
        "<th scope=\"row\">OPZ+</th><td data-label=\"Počet řádků\">1</td><td class=\"money\" data-label=\"Rozpočet\">1 200,00 Kč</td>",
        "<th scope=\"row\">Celkem</th><td data-label=\"Počet řádků\">2</td><td class=\"money\" data-label=\"Rozpočet\">1 700,50 Kč</td>",
        "se stejnou hodnotou ve sloupci „Číslo projektu“",
    ] {
        assert!(funding.contains(part), "the funding page lacks {part}:\n{funding}");
    }
    assert_eq!(funding.matches("Projekty celkem").count(), 2, "{funding}");
    assert!(!funding.contains("mismatch"), "{funding}");
    // The measure's page: its rows in each wave.
    let measure = built
        .output
        .files
        .keys()
        .find(|p| p.starts_with("opatreni/1-1-1-1"))
        .expect("the page of 1.1.1.1")
        .clone();
    let measure = page(&built, &measure);
    for wave in ["I.", "II."] {
        assert!(
            measure.contains(&format!(
                "<caption>Podpořené projekty (Průběžné vyhodnocení {wave})</caption>"
            )),
            "{measure}"
        );
    }
    // The open data: a row per wave's row, with the wave.
    let rows = raw_page(&built, "data/dotace.csv");
    assert!(
        rows.contains("measure_id,area_id,action_plan_id,wave_id,cislo,program,rozpocet\r\n1.1.1.1,1,1,I,P-1,OPZ+,1000\r\n1.1.1.1,1,1,II,P-1,OPZ+,1200\r\n1.1.1.2,1,1,II,P-2,IROP,500.50\r\n"),
        "{rows}"
    );
}

#[test]
fn a_waves_report_prints_its_rows_of_a_declared_table_as_an_annex() {
    let dir = site_with_wave_rows();
    let built = built(&dir);
    let text =
        words(&built.output.files["vlny/prubezne-vyhodnoceni-ii/prubezne-vyhodnoceni-ii.pdf"]);
    // Annexes lettered as they appear: the table, then the measures.
    assert!(text.contains("Příloha A: Podpořené projekty"), "{text}");
    assert!(text.contains("Příloha B: Vyhodnocení opatření"), "{text}");
    for part in [
        "P-1",
        "P-2",
        "1 200,00 Kč",
        "500,50 Kč",
        "1 700,50 Kč",
        "Projekty celkem",
    ] {
        assert!(text.contains(part), "the annex lacks {part}: {text}");
    }
    // Wave II's own rows only: wave I's budget of P-1 is not in it.
    assert!(!text.contains("1 000,00 Kč"), "{text}");
}

/// The community plan with amounts written as its document prints them: an estimate, an
/// amount given in another activity's row, a row outside the totals, and a column of amounts
/// rounded to thousands.
fn community_plan_with_printed_amounts() -> tempfile::TempDir {
    let dir = site_copy("komunitni-plan");
    let root = dir.path();
    edit(
        root,
        "content/plan.toml",
        "key = \"rok_2026\"\nname = \"2026\"\nkind = \"money\"\n",
        "key = \"rok_2026\"\nname = \"2026\"\nkind = \"money\"\nrounded = true\n",
    );
    edit(
        root,
        "content/areas/1-seniori.toml",
        "zdroj = \"Rozpočet obce\"\nrok_2025 = 3200\n",
        "zdroj = \"Rozpočet obce\"\nrok_2025 = { amount = 3200, approx = true }\n",
    );
    append(
        &root.join("content/areas/2-rodiny.toml"),
        "\n[[opatreni.aktivita.funding.rozpocet]]\nzdroj = \"Rozpočet obce\"\nrok_2025 = { same_as = \"1.1.a\" }\n\n[[opatreni.aktivita.funding.rozpocet]]\nzdroj = \"Dotace kraje\"\nrok_2025 = 9000\ncounted = false\n",
    );
    dir
}

#[test]
fn amounts_are_printed_as_the_document_prints_them_and_summed_only_where_it_sums_them() {
    let dir = community_plan_with_printed_amounts();
    let (ok, stdout, stderr) = run_cli(&["check", "--deny-warnings"], dir.path());
    assert!(ok, "{stdout}{stderr}");
    let built = build(dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let funding = page(&built, "financovani/index.html");
    for part in [
        // An estimate, summed as it is.
        "<td data-label=\"2025\" class=\"money\">Přibližně 3 200,00 €</td>",
        // Rounded as the document prints the column.
        "<td data-label=\"2026\" class=\"money\">12 tis. €</td>",
        // Another activity's amount: a link to it, nothing summed here.
        "<td data-label=\"2025\" class=\"money\"><a href=\"/kpss/aktivity/1-1-a/\">Viz aktivita 1.1.a</a></td>",
        // Printed, outside the sums.
        "<td data-label=\"2025\" class=\"money\">9 000,00 € <span class=\"note\">(nezapočteno do součtů)</span></td>",
        // The sums are as before: 3 200 counted once, the link and the row outside the sums
        // add nothing, though the same_as row counts as a row.
        "<th scope=\"row\">Rozpočet obce</th><td data-label=\"Počet řádků\">3</td><td class=\"money\" data-label=\"2025\">27 200,00 €</td>",
        "<th scope=\"row\">Celkem</th><td data-label=\"Počet řádků\">4</td><td class=\"money\" data-label=\"2025\">33 200,00 €</td>",
    ] {
        assert!(funding.contains(part), "the funding page lacks {part}:\n{funding}");
    }
    // The sums per priority: the rows span both.
    for part in [
        "<caption>Rozpočet aktivit na roky 2025–2026: součty za priority</caption>",
        "<a href=\"/kpss/priority/seniori/\">1 Senioři</a></th><td data-label=\"Počet řádků\">3</td><td class=\"money\" data-label=\"2025\">33 200,00 €</td>",
        "<a href=\"/kpss/priority/rodiny-s-detmi/\">2 Rodiny s dětmi</a></th><td data-label=\"Počet řádků\">1</td><td class=\"money\" data-label=\"2025\">0,00 €</td>",
    ] {
        assert!(funding.contains(part), "the funding page lacks {part}:\n{funding}");
    }
    // The stated total still agrees: the row outside the sums is left out of it too.
    assert!(!funding.contains("mismatch"), "{funding}");
    let rows = raw_page(&built, "data/rozpocet.csv");
    assert!(
        rows.starts_with("\u{feff}measure_id,area_id,action_plan_id,zdroj,rok_2025,rok_2025_same_as,rok_2026,poskytovatele,counted\r\n"),
        "{rows}"
    );
    assert!(
        rows.contains("\r\n2.1.b,2,2025,Rozpočet obce,,1.1.a,,,true\r\n"),
        "{rows}"
    );
    assert!(
        rows.contains("\r\n2.1.b,2,2025,Dotace kraje,9000,,,,false\r\n"),
        "{rows}"
    );
    assert!(
        rows.contains("\r\n1.2.a,1,2025,Rozpočet obce,3200,,,,true\r\n"),
        "{rows}"
    );
}

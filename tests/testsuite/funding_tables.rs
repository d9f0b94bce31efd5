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

pub(crate) fn site_with_wave_rows() -> tempfile::TempDir {
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
    // Search finds the measure by its rows' text: the fixture names IROP nowhere else.
    let terms: String = built
        .output
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("hledat/index/t/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(terms.contains("\"irop\""), "{terms}");
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
    // Annex B lists each measure's rows under it, a line per row.
    assert!(
        text.contains(
            "Podpořené projekty: Číslo projektu: P-2, Program: IROP, Rozpočet: 500,50 Kč"
        ),
        "{text}"
    );
    // Wave II's own rows only: wave I's budget of P-1 is not in it.
    assert!(!text.contains("1 000,00 Kč"), "{text}");
}

/// The site in `dir` checked clean (`check --deny-warnings`) and built, with its funding page.
fn checked_funding_page(dir: &tempfile::TempDir) -> (Built, String) {
    let (ok, stdout, stderr) = run_cli(&["check", "--deny-warnings"], dir.path());
    assert!(ok, "{stdout}{stderr}");
    let built = build(dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let funding = page(&built, "financovani/index.html");
    (built, funding)
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
    let (built, funding) = checked_funding_page(&dir);
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

const ROLE_TABLES: &str = r#"
[[funding_source]]
name = "Dotace kraje"
also = ["krajská dotace"]

[[funding_table]]
key = "naklady"
title = "Předpokládané náklady"
role = "planned"
group_by = "zdroje"

[[funding_table.column]]
key = "naklad"
name = "Náklad"
kind = "money"

[[funding_table.column]]
key = "zdroje"
name = "Zdroje"
kind = "list"

[[stated_total]]
label = "Z dotace kraje celkem"
table = "naklady"
group = "Dotace kraje"
amount = 84500

[[funding_table]]
key = "alokace"
title = "Alokace programů"
role = "allocation"
group_by = "program"

[[funding_table.column]]
key = "program"
name = "Program"

[[funding_table.column]]
key = "castka"
name = "Alokace"
kind = "money"
"#;

/// The community plan with its planned costs, programme allocations and funded projects in
/// tables of its own columns, each declared with the role the funding page's summary reads.
fn community_plan_with_roles() -> tempfile::TempDir {
    let dir = site_copy("komunitni-plan");
    let root = dir.path();
    let plan = root.join("content/plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    // The tables before the levels, where plan.toml keeps its funding tables; the projects'
    // table is the wave-given one above, with its role.
    let projects = TABLE.replace("rows_from", "role = \"projects\"\nrows_from");
    std::fs::write(
        &plan,
        text.replacen(
            "[[level]]",
            &format!("{ROLE_TABLES}{projects}\n[[level]]"),
            1,
        ),
    )
    .unwrap();
    // Each row belongs to the item above it: inserted before the next item, or appended.
    edit(
        root,
        "content/areas/1-seniori.toml",
        "[[opatreni.aktivita]]\nid = \"1.1.b\"",
        "[opatreni.aktivita.funding.naklady]\nnaklad = 48000\nzdroje = [\"Rozpočet obce\", \"dotace kraje\"]\n\n[opatreni.aktivita.funding.alokace]\nprogram = \"IROP\"\ncastka = 50000\n\n[[opatreni.aktivita]]\nid = \"1.1.b\"",
    );
    append(
        &root.join("content/areas/1-seniori.toml"),
        "\n[opatreni.aktivita.funding.naklady]\nnaklad = 3200\nzdroje = [\"rozpočet obce\"]\n",
    );
    edit(
        root,
        "content/areas/2-rodiny.toml",
        "[[opatreni.aktivita]]\nid = \"2.1.b\"",
        "[opatreni.aktivita.funding.naklady]\nnaklad = 36500\nzdroje = [\"krajská dotace\"]\n\n[opatreni.aktivita.funding.alokace]\nprogram = \"OPZ+\"\ncastka = 40000\n\n[[opatreni.aktivita]]\nid = \"2.1.b\"",
    );
    append(
        &root.join("content/areas/2-rodiny.toml"),
        "\n[opatreni.aktivita.funding.naklady]\nnaklad = { same_as = \"2.1.a\" }\nzdroje = [\"Dotace kraje\"]\n\n[opatreni.aktivita.funding.alokace]\nprogram = \"OPZ+\"\ncastka = 10000\ncounted = false\n",
    );
    edit(
        root,
        "content/waves/1-vyhodnoceni-2025.toml",
        "implementer = \"Pečovatelská služba obce\"\n",
        "implementer = \"Pečovatelská služba obce\"\n\n[goal.measure.funding.dotace]\ncislo = \"P-1\"\nprogram = \"IROP\"\nrozpocet = 30000\n",
    );
    dir
}

#[test]
fn tables_with_a_role_feed_the_funding_summary_and_the_sums_by_area_and_by_source() {
    let dir = community_plan_with_roles();
    let (built, funding) = checked_funding_page(&dir);
    for part in [
        // The summary: planned costs (the link to another activity's amount has none), the
        // counted allocations, the projects' budgets and their share of the allocation.
        "<dt>Předpokládané náklady (akční plán)</dt><dd class=\"money\">87 700,00 €</dd><dd class=\"note\">aktivit s uvedenou částkou: 3</dd>",
        "<dt>Alokace</dt><dd class=\"money\">90 000,00 €</dd>",
        "<dt>Rozpočty projektů</dt><dd class=\"money\">30 000,00 €</dd><dd class=\"note\">projektů: 1; 33 % alokace</dd>",
        // By priority, named as the plan names its top level.
        "<caption>Předpokládané náklady, alokace a rozpočty projektů podle priorit</caption>",
        "<thead><tr><th scope=\"col\">Priorita</th><th scope=\"col\">Předpokládané náklady (akční plán)</th><th scope=\"col\">Alokace</th><th scope=\"col\">Rozpočty projektů</th></tr></thead>",
        "<td class=\"money\" data-label=\"Předpokládané náklady (akční plán)\">51 200,00 €<br><span class=\"note\">aktivit s uvedenou částkou: 2</span></td>\n        <td class=\"money\" data-label=\"Alokace\">50 000,00 €</td>\n        <td class=\"money\" data-label=\"Rozpočty projektů\">30 000,00 €<br><span class=\"note\">projektů: 1</span></td>",
        "<td class=\"money\" data-label=\"Alokace\">40 000,00 €</td>",
        "<figure class=\"chart\" id=\"graf-financovani-oblasti\">",
        // By source: "rozpočet obce" and "krajská dotace" (another name of the source) are
        // counted with the sources as the plan names them; the chart counts each row once.
        "<th scope=\"row\">Dotace kraje</th><td data-label=\"Počet opatření\">3</td><td class=\"money\" data-label=\"Předpokládané náklady těchto opatření\">84 500,00 €</td>",
        "<th scope=\"row\">Rozpočet obce</th><td data-label=\"Počet opatření\">2</td><td class=\"money\" data-label=\"Předpokládané náklady těchto opatření\">51 200,00 €</td>",
        "<tr><th scope=\"row\">Více zdrojů současně</th><td data-label=\"Částka\">48 000,00 €</td></tr>",
        // The stated total of one source (of the list column the table groups by) agrees.
        "<th scope=\"row\">Z dotace kraje celkem</th>\n      <td class=\"money\" data-label=\"Uvedeno v dokumentu\">84 500,00 €</td>\n      <td class=\"money\" data-label=\"Součet řádků\">84 500,00 €</td>",
    ] {
        assert!(funding.contains(part), "the funding page lacks {part}:\n{funding}");
    }
    // A table with a role is summed by priority in the page's section, not again under it;
    // the planned table's sums are the summary and the section by source; the projects' sums
    // are the table's own.
    assert!(
        !funding.contains("Předpokládané náklady: součty za"),
        "{funding}"
    );
    assert!(
        !funding.contains("Předpokládané náklady: součty řádků"),
        "{funding}"
    );
    assert!(
        funding.contains("Podpořené projekty: součty řádků"),
        "{funding}"
    );
    // The activity's page opens with its project's budget, from the projects' table.
    let activity = visible_text(&page(&built, "aktivity/1-1-a/index.html"));
    assert!(
        activity.contains("rozpočet projektu: 30 000,00 €"),
        "{activity}"
    );
    assert!(
        !funding.contains("Rozpočty projektů podle programu"),
        "{funding}"
    );
    assert!(!funding.contains("mismatch"), "{funding}");
}

#[test]
fn a_plan_with_only_planned_costs_has_no_empty_allocation_or_project_columns() {
    let dir = community_plan_with_roles();
    let root = dir.path();
    edit(root, "content/plan.toml", "role = \"allocation\"\n", "");
    edit(root, "content/plan.toml", "role = \"projects\"\n", "");
    let built = build(root).unwrap_or_else(|e| panic!("{e:?}"));
    let funding = page(&built, "financovani/index.html");
    assert!(
        funding.contains("<thead><tr><th scope=\"col\">Priorita</th><th scope=\"col\">Předpokládané náklady (akční plán)</th></tr></thead>"),
        "{funding}"
    );
    assert!(!funding.contains("<dt>Alokace</dt>"), "{funding}");
    assert!(!funding.contains("<dt>Rozpočty projektů</dt>"), "{funding}");
}

#[test]
fn a_list_column_groups_a_tables_sums_with_a_row_under_each_of_its_values() {
    let dir = community_plan_with_roles();
    let root = dir.path();
    edit(root, "content/plan.toml", "role = \"planned\"\n", "");
    let built = build(root).unwrap_or_else(|e| panic!("{e:?}"));
    let funding = page(&built, "financovani/index.html");
    for part in [
        // "dotace kraje" and "krajská dotace" counted as "Dotace kraje"; 1.1.a under both
        // of its sources, once in the overall sum.
        "<th scope=\"row\">Dotace kraje</th><td data-label=\"Počet řádků\">3</td><td class=\"money\" data-label=\"Náklad\">84 500,00 €</td>",
        "<th scope=\"row\">Rozpočet obce</th><td data-label=\"Počet řádků\">2</td><td class=\"money\" data-label=\"Náklad\">51 200,00 €</td>",
        "<th scope=\"row\">Celkem</th><td data-label=\"Počet řádků\">4</td><td class=\"money\" data-label=\"Náklad\">87 700,00 €</td>",
    ] {
        assert!(funding.contains(part), "the funding page lacks {part}:\n{funding}");
    }
    // Without the role, no section by source.
    assert!(!funding.contains("id=\"zdroje\""), "{funding}");
}

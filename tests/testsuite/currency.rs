//! A site's currency (`currency` in milnik.toml): every amount on the pages, in the charts and
//! in the open data is written in it, by the language's patterns for it, and no page of a site
//! in euros names crowns.

use crate::support::*;

/// The minimal fixture with `currency = "EUR"` and, when given, a language, and a table of
/// planned costs with a row of 1.1.1.1 (15 mil.).
fn site_in_euros(language: Option<&str>) -> tempfile::TempDir {
    let site = site_copy("minimal");
    let plan = site.path().join("content/plan.toml");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    text.push_str(
        "\n[[funding_table]]\nkey = \"financovani\"\ntitle = \"Financování opatření\"\nrole = \"planned\"\ngroup_by = \"zdroje\"\ncolumn = [\n  { key = \"naklady\", name = \"Náklady\", kind = \"money\", rounded = true },\n  { key = \"obdobi\", name = \"Období\" },\n  { key = \"zdroje\", name = \"Zdroje\", kind = \"list\" },\n]\n",
    );
    std::fs::write(&plan, text).unwrap();
    edit(
        site.path(),
        "content/areas/1-bydleni.toml",
        "related = [\"1.1.1.2\"]\n",
        "related = [\"1.1.1.2\"]\n\n[strategic_goal.specific_goal.measure.funding.financovani]\nnaklady = 15000000\nobdobi = \"3 roky\"\nzdroje = [\"OPZ+\"]\n",
    );
    let language = language.map_or(String::new(), |l| format!("\nlanguage = \"{l}\""));
    edit(
        site.path(),
        "milnik.toml",
        "publisher = \"Zkušební město\"",
        &format!("publisher = \"Zkušební město\"\ncurrency = \"EUR\"{language}"),
    );
    if !language.is_empty() {
        english_links(site.path());
    }
    site
}

/// Every text file of the output (pages, feeds, the open data, the search index) that names
/// crowns.
fn files_naming_crowns(built: &milnik::build::Built) -> Vec<String> {
    built
        .output
        .files
        .iter()
        .filter_map(|(path, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            ["Kč", "CZK", "czk"]
                .iter()
                .any(|crowns| text.contains(crowns))
                .then(|| path.clone())
        })
        .collect()
}

#[test]
fn a_czech_site_in_euros_writes_every_amount_in_euros() {
    let site = site_in_euros(None);
    let built = build(site.path()).unwrap();
    assert!(built.warnings.0.is_empty(), "{}", built.warnings);

    let measure = visible_text(&page(&built, "opatreni/1-1-1-1/index.html"));
    for shown in [
        "14 964 994,80 €",
        "Předpokládané náklady 25 mil. €",
        "15 mil. € 3 roky",
    ] {
        assert!(
            measure.contains(shown),
            "`{shown}` not on the page:\n{measure}"
        );
    }
    let funding = page(&built, "financovani/index.html");
    assert!(
        funding.contains("Předpokládané náklady podle částí plánu (mil. €)"),
        "{funding}"
    );
    assert!(funding.contains("1 Bydlení 15 mil. €"), "{funding}");
    // The columns of amounts are named after the currency, and say so.
    let measures = raw_page(&built, "data/opatreni.csv");
    assert!(measures.contains(",expected_cost_eur,"), "{measures}");
    let data = page(&built, "data/index.html");
    assert!(data.contains("<code>expected_cost_eur</code>"));
    assert!(
        data.contains("Předpokládané náklady v € jako číslo"),
        "{data}"
    );
    // A declared table's money column keeps its key, and its meaning names the currency.
    assert!(data.contains("Rozpočet (v €)"), "{data}");

    assert_eq!(files_naming_crowns(&built), Vec::<String>::new());
}

#[test]
fn an_english_site_in_euros_writes_the_euro_sign_first() {
    let site = site_in_euros(Some("en"));
    let built = build(site.path()).unwrap();
    assert!(built.warnings.0.is_empty(), "{}", built.warnings);
    let measure = visible_text(&page(&built, "measures/1-1-1-1/index.html"));
    for shown in ["€14,964,994.80", "€25 million", "€15 million 3 roky"] {
        assert!(
            measure.contains(shown),
            "`{shown}` not on the page:\n{measure}"
        );
    }
    let funding = page(&built, "funding/index.html");
    assert!(funding.contains("(EUR million)"), "{funding}");
    assert_eq!(files_naming_crowns(&built), Vec::<String>::new());
}

#[test]
fn a_site_without_a_currency_is_in_crowns() {
    let built = milnik::build::render_site(&options(&fixture("minimal"))).unwrap();
    let measure = visible_text(&page(&built, "opatreni/1-1-1-1/index.html"));
    assert!(measure.contains("14 964 994,80 Kč"), "{measure}");
    assert!(raw_page(&built, "data/opatreni.csv").contains(",expected_cost_czk,"));
}

//! Every bad-input fixture in tests/fixtures/errors: the build fails with the expected message
//! (file:line:column and what was wrong), `check` reports the same, and the previous `public/`
//! is left exactly as it was.

use std::path::Path;
use std::process::{Command, Output};

use serde::Deserialize;

use crate::support::*;
use milnik::build;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)]
    description: String,
    /// The mistake is reported as a warning: the build succeeds and says so.
    #[serde(default)]
    warning: bool,
    edit: Vec<Edit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    /// Text to replace; empty to create (or empty out) the file with `replace` as its content.
    find: String,
    replace: String,
    /// Save the edited file in this legacy encoding instead of UTF-8 (`windows-1250`).
    #[serde(default)]
    encoding: Option<String>,
}

/// Czech letters in windows-1250, the encoding Czech Windows editors used to save in.
fn windows_1250(text: &str) -> Vec<u8> {
    const TABLE: [(char, u8); 30] = [
        ('á', 0xE1),
        ('č', 0xE8),
        ('ď', 0xEF),
        ('é', 0xE9),
        ('ě', 0xEC),
        ('í', 0xED),
        ('ň', 0xF2),
        ('ó', 0xF3),
        ('ř', 0xF8),
        ('š', 0x9A),
        ('ť', 0x9D),
        ('ú', 0xFA),
        ('ů', 0xF9),
        ('ý', 0xFD),
        ('ž', 0x9E),
        ('Á', 0xC1),
        ('Č', 0xC8),
        ('Ď', 0xCF),
        ('É', 0xC9),
        ('Ě', 0xCC),
        ('Í', 0xCD),
        ('Ň', 0xD2),
        ('Ó', 0xD3),
        ('Ř', 0xD8),
        ('Š', 0x8A),
        ('Ť', 0x8D),
        ('Ú', 0xDA),
        ('Ů', 0xD9),
        ('Ý', 0xDD),
        ('Ž', 0x8E),
    ];
    let mut out = Vec::new();
    for c in text.chars() {
        match TABLE.iter().find(|(k, _)| *k == c) {
            Some((_, b)) => out.push(*b),
            None if c.is_ascii() => out.push(c as u8),
            None => out.push(b'?'),
        }
    }
    out
}

fn apply(root: &Path, name: &str, edit: &Edit) {
    let file = root.join(&edit.file);
    let text = if edit.find.is_empty() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        edit.replace.clone()
    } else {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains(&edit.find),
            "{name}: `{}` not found in {}",
            edit.find,
            edit.file
        );
        text.replacen(&edit.find, &edit.replace, 1)
    };
    let bytes = match edit.encoding.as_deref() {
        None => text.into_bytes(),
        Some("windows-1250") => windows_1250(&text),
        Some(other) => panic!("{name}: unknown encoding {other}"),
    };
    std::fs::write(&file, bytes).unwrap();
}

/// Runs the real binary on the site, as an editor would.
pub fn milnik(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_milnik"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("MILNIK_LANG")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Compares `actual` with the snapshot file; `MILNIK_BLESS=1` writes it instead.
pub fn assert_snapshot(path: &Path, actual: &str) {
    if std::env::var_os("MILNIK_BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run the tests with MILNIK_BLESS=1 to write it, then review it",
            path.display()
        )
    });
    assert_eq!(
        actual,
        expected,
        "the output differs from {}; if the change is intended, run with MILNIK_BLESS=1",
        path.display()
    );
}

fn run_case(name: &str) {
    let dir = fixture("errors");
    let case: Case =
        toml::from_str(&std::fs::read_to_string(dir.join(format!("{name}.toml"))).unwrap())
            .unwrap();
    let site = site_copy("minimal");
    let root = site.path();
    let first = milnik(root, &["build"]);
    assert!(first.status.success(), "{name}: {}", stderr(&first));
    let before = read_tree(&root.join("public"));
    for edit in &case.edit {
        apply(root, name, edit);
    }

    // `check` reports the mistake; its whole output is the snapshot.
    let check = milnik(root, &["check"]);
    let shown = stderr(&check);
    assert_snapshot(&dir.join(format!("{name}.snap")), &shown);
    assert!(
        !shown.contains("\x1b["),
        "{name}: colour when not on a terminal"
    );
    let first_diagnostic = shown.split("\n\n").next().unwrap_or_default().to_string();
    // The fixture site is Czech, so are its messages.
    let kind = if case.warning {
        "varování: "
    } else {
        "chyba: "
    };
    // A fixture that makes the site English (or names a language milnik has no messages
    // in) reads English.
    let english = if case.warning { "warning: " } else { "error: " };
    assert!(
        shown.contains(kind) || shown.contains(english),
        "{name}: no {kind}in\n{shown}"
    );

    let build = milnik(root, &["build"]);
    if case.warning {
        assert!(check.status.success(), "{name}: a warning fails check");
        assert!(build.status.success(), "{name}: a warning fails the build");
        assert!(
            stderr(&build).contains(&first_diagnostic),
            "{name}: build does not show the warning"
        );
        // With --deny-warnings the same warning fails, and public/ is kept.
        let before = read_tree(&root.join("public"));
        let strict = milnik(root, &["build", "--deny-warnings"]);
        assert_eq!(strict.status.code(), Some(1), "{name}: --deny-warnings");
        assert_eq!(
            read_tree(&root.join("public")),
            before,
            "{name}: public/ changed"
        );
        let strict = milnik(root, &["check", "--deny-warnings"]);
        assert_eq!(
            strict.status.code(),
            Some(1),
            "{name}: check --deny-warnings"
        );
        return;
    }
    assert_eq!(
        check.status.code(),
        Some(1),
        "{name}: check must exit with 1"
    );
    assert_eq!(
        build.status.code(),
        Some(1),
        "{name}: build must exit with 1"
    );
    assert!(
        stderr(&build).contains(&first_diagnostic),
        "{name}: build shows something else than check:\n{}",
        stderr(&build)
    );
    assert_eq!(
        read_tree(&root.join("public")),
        before,
        "{name}: public/ changed after a failed build"
    );
    // The library reports the same through `check`, as `serve` does.
    let checked = build::check(&options(root));
    assert!(
        checked.diagnostics.has_errors(),
        "{name}: check found no error"
    );
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { run_case(stringify!($name)); })*

        #[test]
        fn every_fixture_has_a_test() {
            let listed = [$(stringify!($name)),*];
            for entry in std::fs::read_dir(fixture("errors")).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "toml") {
                    let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
                    assert!(listed.contains(&stem.as_str()), "fixture {stem} is not listed in bad_input.rs");
                }
            }
        }
    };
}

cases!(
    acknowledged_difference_beside_a_new_one,
    acknowledged_empty,
    acknowledged_without_a_difference,
    action_plan_id_twice,
    action_plan_missing,
    action_plan_period_beside_declared,
    action_plan_period_missing,
    action_plan_unknown_in_wave,
    action_plan_without_files,
    article_dated_in_the_future,
    article_saved_as_windows_1250,
    article_with_empty_title,
    article_without_title,
    articles_per_page_zero,
    axis_label_empty,
    copied_goal_title,
    copied_measure_title,
    cover_missing,
    cover_without_alt,
    currency_not_iso,
    czech_date_in_front_matter,
    czech_quotes_around_text,
    data_license_not_a_web_address,
    data_license_without_title,
    dataset_name_not_a_slug,
    dataset_name_taken,
    dataset_unknown,
    decimal_comma_in_number,
    duplicate_article_url,
    duplicate_id,
    duplicate_key,
    edition_cancelled_measure_continues,
    edition_continues_a_new_measure,
    edition_for_the_first_plan,
    edition_measure_without_continues,
    edition_new_measure_incomplete,
    edition_plan_not_declared,
    edition_unknown_key,
    empty_article,
    empty_wave_file,
    file_outside_the_content_model,
    funding_amount_same_as_unknown_item,
    funding_amount_unknown_key,
    funding_amount_with_amount_and_same_as,
    funding_column_key_not_a_key,
    funding_column_key_reserved,
    funding_column_rounded_not_money,
    funding_column_unknown,
    funding_money_not_an_amount,
    funding_row_counted_not_a_boolean,
    funding_rows_of_the_plan_in_a_wave,
    funding_rows_of_the_waves_in_an_item_file,
    funding_retired_financing_table,
    funding_source_named_twice,
    funding_table_description_not_text,
    funding_table_group_by_not_text,
    funding_table_key_of_a_dataset,
    funding_table_not_declared,
    funding_table_role_twice,
    funding_table_role_unknown,
    funding_table_role_without_money,
    funding_table_rows_from_unknown,
    funding_table_unique_by_in_the_plan,
    funding_table_unique_by_not_a_column,
    funding_table_without_columns,
    id_not_in_level_pattern,
    image_address_with_space,
    image_without_alt,
    impossible_date,
    level_count_out_of_range,
    level_id_pattern_unknown,
    level_key_not_a_key,
    level_key_reserved,
    level_key_twice,
    level_segment_not_a_url_segment,
    level_segment_on_a_group_level,
    level_separator_not_punctuation,
    level_table_misplaced,
    level_table_named_by_role,
    level_two_item_under_another_top,
    level_two_misspelt_key,
    link_to_missing_anchor,
    link_to_missing_measure_page,
    malformed_front_matter,
    malformed_toml,
    malformed_translation_file,
    measure_id_with_trailing_dot,
    measure_row_printed_twice,
    measure_under_wrong_goal,
    method_change_on_baseline,
    method_change_on_goal_value,
    method_change_without_note,
    missing_download,
    missing_field,
    missing_front_matter,
    missing_image,
    misspelt_front_matter_key,
    misspelt_translation_key,
    negative_budget,
    page_slug_of_a_section,
    page_slug_of_the_search_page,
    page_with_missing_template,
    period_ends_before_it_starts,
    photo_unreadable,
    relative_image_path,
    relative_link_to_missing_page,
    replaced_by_unknown,
    report_count_over_total,
    reports_unknown_key,
    reports_waves_unknown,
    risk_significance_not_product,
    route_segment_not_a_url_segment,
    route_segment_taken_twice,
    schedule_evaluation_not_a_boolean,
    shortcode_with_two_arguments,
    slug_escaping_the_output,
    slug_with_windows_separator,
    specific_goal_under_wrong_strategic_goal,
    stated_goal_measure_count,
    stated_plan_measure_count,
    stated_total_not_given_by_rows,
    stated_total_of_a_funding_table_differs,
    stated_total_of_an_undeclared_table,
    stated_total_of_an_unknown_action_plan,
    stated_total_of_wave_rows_in_the_plan,
    stated_total_programme_renamed,
    status_declared_twice,
    status_detail_not_declared,
    status_in_an_area_file,
    status_label_with_brackets,
    status_meaning_not_text,
    status_percent_over_100,
    status_unknown_kind,
    table_without_caption,
    template_syntax_error,
    template_unknown_translation_key,
    template_unknown_variable,
    text_instead_of_list,
    translation_missing_key,
    unclosed_front_matter,
    unclosed_shortcode,
    unknown_area_in_article,
    unknown_config_key,
    unknown_goal_in_wave,
    unknown_indicator_in_shortcode,
    unknown_indicator_in_wave,
    unknown_key,
    unknown_language,
    unknown_measure_in_article,
    unknown_measure_in_shortcode,
    unknown_shortcode,
    unknown_status,
    unknown_theme,
    wave_leaves_measure_unreported,
    wave_months_intro_not_text,
    wave_report_text_empty,
    wave_report_unknown_key,
    wave_reports_measure_not_in_its_plan,
    wave_retired_project_table,
    wave_saved_as_windows_1250,
    wave_total_names_an_action_plan,
    wave_total_of_retired_projects_table,
    wave_value_for_unknown_indicator_key,
    wrong_type,
    yaml_front_matter,
);

#[test]
fn check_reports_every_file_that_does_not_parse() {
    let site = site_copy("minimal");
    let root = site.path();
    edit(
        root,
        "content/areas/1-bydleni.toml",
        "related = [\"1.1.1.2\"]",
        "related = [\"1.1.1.2\"]\nbudget = 5",
    );
    edit(
        root,
        "content/waves/1-vyhodnoceni.toml",
        "status = \"Nerealizováno\"",
        "status = 5",
    );
    edit(
        root,
        "content/articles/prvni-byty.md",
        "tags = [\"bydlení\"]",
        "tags = \"bydlení\"",
    );
    let checked = build::check(&options(root));
    let shown = checked.diagnostics.to_string();
    assert_eq!(checked.diagnostics.errors(), 3, "{shown}");
    let areas = shown.find("unknown key `budget`").expect("area error");
    let articles = shown
        .find("content/articles/prvni-byty.md:6:8")
        .expect("article error");
    // A status the plan does not declare is found when the site is resolved, after the files
    // parse; a status that is not text at all is the wave file's own problem.
    let waves = shown
        .find("content/waves/1-vyhodnoceni.toml:36:10: text in double quotes is expected here")
        .expect("wave error");
    assert!(
        areas < articles && articles < waves,
        "sorted by file:\n{shown}"
    );
    assert!(shown.ends_with("3 errors, 0 warnings"), "{shown}");
}

#[test]
fn check_reports_every_broken_reference() {
    let site = site_copy("minimal");
    let root = site.path();
    edit(
        root,
        "content/waves/1-vyhodnoceni.toml",
        "id = \"1.1.1.2\"",
        "id = \"1.1.1.7\"",
    );
    edit(
        root,
        "content/articles/prvni-byty.md",
        "areas = [\"1\"]",
        "areas = [\"9\"]",
    );
    edit(
        root,
        "content/areas/1-bydleni.toml",
        "related = [\"1.1.1.2\"]",
        "related = [\"1.1.3\"]",
    );
    let checked = build::check(&options(root));
    let shown = checked.diagnostics.to_string();
    assert_eq!(checked.diagnostics.errors(), 3, "{shown}");
    assert!(
        shown.contains("content/areas/1-bydleni.toml:39:12: `related` names 1.1.3"),
        "{shown}"
    );
    assert!(
        shown.contains("content/articles/prvni-byty.md:8:10: thematic area `9` does not exist"),
        "{shown}"
    );
    assert!(
        shown.contains("content/waves/1-vyhodnoceni.toml:35:6: measure 1.1.1.7 does not exist"),
        "{shown}"
    );
}

/// Five mistakes in one article, of every kind a check finds (IDs, a shortcode, a link, an
/// image), are five diagnostics of one run: the links and images of an article are checked
/// even when its IDs are wrong.
#[test]
fn five_mistakes_in_one_article_are_five_diagnostics_of_one_check() {
    let site = site_copy("minimal");
    let root = site.path();
    edit(
        root,
        "content/articles/prvni-byty.md",
        "tags = [\"bydlení\"]",
        "tags = [\"bydlení\"]\nmeasures = [\"1.1.1.9\"]\nareas = [\"8\"]",
    );
    edit(
        root,
        "content/articles/prvni-byty.md",
        "measures = [\"1.1.1.1\"]\nareas = [\"1\"]\n",
        "",
    );
    edit(
        root,
        "content/articles/prvni-byty.md",
        "Více na stránce",
        "[Plán](/opatreni/9-9-9-9/) a {{< mesure 1.1.1.1 >}}\n\n![Dům](/obrazky/nvy-dum.jpg)\n\nVíce na stránce",
    );
    let check = milnik(root, &["check"]);
    let shown = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{shown}");
    assert!(shown.ends_with("5 chyb, 0 varování\n"), "{shown}");
    for expected in [
        "prvni-byty.md:7:13: ",
        "`1.1.1.9`",
        "prvni-byty.md:8:10: ",
        "`8`",
        "odkaz `/opatreni/9-9-9-9/`",
        "obrázek `/obrazky/nvy-dum.jpg`",
        "`mesure`",
    ] {
        assert!(shown.contains(expected), "no {expected} in\n{shown}");
    }
}

/// `--lang en` and `MILNIK_LANG=en` give English messages on a Czech site; without them the
/// site's language (Czech) is used.
#[test]
fn the_language_of_messages_follows_the_flag_the_variable_and_the_site() {
    let site = site_copy("minimal");
    let root = site.path();
    edit(
        root,
        "content/articles/prvni-byty.md",
        "tags = [\"bydlení\"]",
        "tags = \"bydlení\"",
    );
    let czech = stderr(&milnik(root, &["check"]));
    assert!(
        czech.contains("chyba: ") && czech.ends_with("1 chyba, 0 varování\n"),
        "{czech}"
    );
    let flag = stderr(&milnik(root, &["check", "--lang", "en"]));
    assert!(
        flag.contains("error: ") && flag.ends_with("1 error, 0 warnings\n"),
        "{flag}"
    );
    assert!(
        flag.contains("a list in square brackets is expected here"),
        "{flag}"
    );
    let variable = Command::new(env!("CARGO_BIN_EXE_milnik"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .env("MILNIK_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(stderr(&variable), flag);
    // An English site reads English.
    edit(
        root,
        "milnik.toml",
        "title = ",
        "language = \"en\"\ntitle = ",
    );
    let english = stderr(&milnik(root, &["check"]));
    assert!(english.contains("error: "), "{english}");
}

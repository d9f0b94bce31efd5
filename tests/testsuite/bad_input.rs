//! Every bad-input fixture in tests/fixtures/errors: the build fails with the expected message
//! (file:line:column and what was wrong), `check` reports the same, and the previous `public/`
//! is left exactly as it was.

use serde::Deserialize;

use crate::support::*;
use milnik::build::{self, BuildError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)]
    description: String,
    /// The mistake is reported as a warning: the build succeeds and says so.
    #[serde(default)]
    warning: bool,
    expected: Vec<String>,
    edit: Vec<Edit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    find: String,
    replace: String,
}

fn run_case(name: &str) {
    let path = fixture("errors").join(format!("{name}.toml"));
    let case: Case = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let site = site_copy("minimal");
    let root = site.path();
    build(root).expect("the unmodified fixture builds");
    let before = read_tree(&root.join("public"));

    for edit in &case.edit {
        let file = root.join(&edit.file);
        if edit.find.is_empty() {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &edit.replace).unwrap();
        } else {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                text.contains(&edit.find),
                "{name}: `{}` not found in {}",
                edit.find,
                edit.file
            );
            std::fs::write(&file, text.replacen(&edit.find, &edit.replace, 1)).unwrap();
        }
    }

    if case.warning {
        let built = build(root)
            .unwrap_or_else(|e| panic!("{name}: a warning must not fail the build: {e}"));
        // Fixtures are written with plain spaces; messages use non-breaking ones in numbers.
        let shown = built.warnings.to_string().replace('\u{a0}', " ");
        for expected in &case.expected {
            assert!(
                shown.contains(expected.as_str()),
                "{name}: expected `{expected}` in:\n{shown}"
            );
        }
        assert!(shown.contains("warning: "), "{name}: {shown}");
        return;
    }
    let err = match build(root) {
        Err(BuildError::Invalid(d)) => d,
        Err(other) => panic!("{name}: expected invalid content, got {other}"),
        Ok(_) => panic!("{name}: the build should have failed"),
    };
    let shown = err.to_string().replace('\u{a0}', " ");
    for expected in &case.expected {
        assert!(
            shown.contains(expected.as_str()),
            "{name}: expected `{expected}` in:\n{shown}"
        );
    }
    assert_eq!(
        read_tree(&root.join("public")),
        before,
        "{name}: public/ changed after a failed build"
    );

    let checked = build::check(&options(root));
    assert!(
        checked.diagnostics.has_errors(),
        "{name}: check found no error"
    );
    let shown_by_check = checked.diagnostics.to_string().replace('\u{a0}', " ");
    for expected in &case.expected {
        assert!(
            shown_by_check.contains(expected.as_str()),
            "{name}: check lacks `{expected}`"
        );
    }
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
    malformed_toml,
    unknown_key,
    missing_field,
    duplicate_id,
    unknown_measure_in_article,
    unknown_goal_in_wave,
    measure_under_wrong_goal,
    malformed_front_matter,
    missing_front_matter,
    unknown_status,
    impossible_date,
    unknown_indicator_in_wave,
    measure_row_printed_twice,
    measure_id_with_trailing_dot,
    copied_measure_title,
    copied_goal_title,
    stated_goal_measure_count,
    stated_plan_measure_count,
    stated_total_not_given_by_rows,
    unknown_measure_in_shortcode,
    unknown_shortcode,
    unclosed_shortcode,
);

fn edit(root: &std::path::Path, file: &str, find: &str, replace: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(find), "`{find}` not in {file}");
    std::fs::write(&path, text.replacen(find, replace, 1)).unwrap();
}

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
        "status = \"Zahájeno\"",
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
    let areas = shown.find("unknown field `budget`").expect("area error");
    let articles = shown
        .find("content/articles/prvni-byty.md:6:8")
        .expect("article error");
    let waves = shown.find("unknown status `Zahájeno`").expect("wave error");
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

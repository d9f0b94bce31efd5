//! `milnik init`: a new site in either language that checks without a warning, builds, says
//! nothing of Ostrava, and (in English) has no Czech outside its content; and a directory that
//! is not empty is left alone.

use crate::support::*;

/// Every word of the built site's pages, feeds and data that a reader sees.
fn visible_words(out: &std::path::Path) -> Vec<(String, String)> {
    let mut words = Vec::new();
    for (path, bytes) in read_tree(out) {
        if !(path.ends_with(".html")
            || path.ends_with(".xml")
            || path.ends_with(".csv")
            || path.ends_with(".json"))
        {
            continue;
        }
        // Charts are left out: their year axis runs to the new plan's last year (2028), which
        // passes 2027. What they say in words is in their data tables and notes, checked here.
        let html = String::from_utf8_lossy(&bytes);
        let mut without_charts = String::with_capacity(html.len());
        let mut rest: &str = &html;
        while let Some(start) = rest.find("<svg") {
            without_charts.push_str(&rest[..start]);
            rest = rest[start..]
                .find("</svg>")
                .map_or("", |end| &rest[start + end + 6..]);
        }
        without_charts.push_str(rest);
        let text = visible_text(&without_charts);
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() {
                words.push((path.clone(), word.to_string()));
            }
        }
    }
    words
}

fn init_site(language: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("novy-plan");
    let (ok, stdout, stderr) = run_cli(
        &["init", dir.to_str().unwrap(), "--language", language],
        parent.path(),
    );
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("Created a new site in"), "{stdout}");
    (parent, dir)
}

#[test]
fn a_new_site_checks_without_a_warning_and_builds_in_both_languages() {
    for language in ["cs", "en"] {
        let (_parent, dir) = init_site(language);
        let (ok, stdout, stderr) = run_cli(&["check", "--deny-warnings"], &dir);
        assert!(ok, "{language}: {stdout}{stderr}");
        assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
        let (ok, stdout, stderr) = run_cli(&["build"], &dir);
        assert!(ok, "{language}: {stdout}{stderr}");
        let out = dir.join("public");
        assert!(out.join("index.html").exists());
        // Nothing of the bundled site's plan.
        for (path, word) in visible_words(&out) {
            for ostrava in ["KPSV", "Ostrava", "začleňování", "2027"] {
                assert!(!word.contains(ostrava), "{language}: `{word}` in {path}");
            }
        }
    }
}

#[test]
fn a_new_english_site_has_no_czech_outside_its_content() {
    let (_parent, dir) = init_site("en");
    let (ok, stdout, stderr) = run_cli(&["build"], &dir);
    assert!(ok, "{stdout}{stderr}");
    let out = dir.join("public");
    let czech = "ěščřžýáíéůúňťďĚŠČŘŽÝÁÍÉŮÚŇŤĎ";
    for (path, word) in visible_words(&out) {
        assert!(
            !word.chars().any(|c| czech.contains(c)),
            "a Czech word `{word}` in {path}"
        );
    }
    // Its addresses are English, its amounts in euros.
    assert!(out.join("measures/1-1-1/index.html").exists());
    let measure = std::fs::read_to_string(out.join("measures/1-1-1/index.html")).unwrap();
    assert!(
        visible_text(&measure).contains("Expected costs €48 thousand"),
        "{}",
        visible_text(&measure)
    );
}

#[test]
fn init_leaves_a_directory_with_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("milnik.toml"), "title = \"Můj web\"\n").unwrap();
    let (ok, _, stderr) = run_cli(&["init", "."], dir.path());
    assert!(!ok);
    assert!(
        stderr.contains(
            ". is not empty: milnik init writes a new site into an empty or new directory"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("milnik.toml")).unwrap(),
        "title = \"Můj web\"\n"
    );
}

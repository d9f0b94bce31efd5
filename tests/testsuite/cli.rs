//! The command line: help, exit statuses, and `new article`.

use crate::support::*;

#[test]
fn help_lists_the_commands_and_options() {
    let (ok, out, _) = run_cli(&["--help"], &repo_root());
    assert!(ok);
    for word in [
        "build", "check", "serve", "new", "import", "export", "init", "--root",
    ] {
        assert!(out.contains(word), "`{word}` missing from --help:\n{out}");
    }
    let (ok, out, _) = run_cli(&["new", "article", "--help"], &repo_root());
    assert!(ok);
    assert!(out.contains("never overwrites"), "{out}");
}

/// Each command lists the options it uses and no other, and refuses the others.
#[test]
fn each_command_takes_only_its_own_options() {
    let help = |args: &[&str]| {
        let (ok, out, err) = run_cli(args, &repo_root());
        assert!(ok, "{err}");
        out
    };
    let build = help(&["build", "--help"]);
    for word in [
        "--output",
        "--base-url",
        "--deny-warnings",
        "--verbose",
        "--format",
    ] {
        assert!(
            build.contains(word),
            "`{word}` missing from build --help:\n{build}"
        );
    }
    assert!(
        !build.contains("--drafts"),
        "build never publishes drafts:\n{build}"
    );
    let check = help(&["check", "--help"]);
    assert!(
        check.contains("--drafts") && !check.contains("--output"),
        "{check}"
    );
    let serve = help(&["serve", "--help"]);
    for word in [
        "--output",
        "--drafts",
        "--base-url",
        "--deny-warnings",
        "--format",
    ] {
        assert!(
            !serve.contains(word),
            "serve does not use `{word}`:\n{serve}"
        );
    }
    let new = help(&["new", "article", "--help"]);
    assert!(!new.contains("--output"), "{new}");
    // An option a command does not use is an error, not silently ignored.
    let site = site_copy("minimal");
    let (ok, _, err) = run_cli(
        &["new", "article", "Titulek", "--output", "x.md"],
        site.path(),
    );
    assert!(!ok);
    assert!(err.contains("--output"), "{err}");
    assert!(!site.path().join("x.md").exists());
    let (ok, _, err) = run_cli(&["build", "--drafts"], site.path());
    assert!(!ok, "{err}");
}

#[test]
fn build_fails_with_file_line_and_column_and_exit_status_1() {
    let site = site_copy("minimal");
    let root = site.path();
    let (ok, out, err) = run_cli(&["build"], root);
    assert!(ok, "{out}{err}");
    assert!(out.contains("Built"), "{out}");
    let before = read_tree(&root.join("public"));
    let area = root.join("content/areas/1-bydleni.toml");
    let text = std::fs::read_to_string(&area).unwrap();
    std::fs::write(
        &area,
        text.replace("title = \"Bydlení\"", "title = Bydlení"),
    )
    .unwrap();
    let (ok, _, err) = run_cli(&["build"], root);
    assert!(!ok);
    assert!(err.contains("content/areas/1-bydleni.toml:2:9"), "{err}");
    assert_eq!(read_tree(&root.join("public")), before);
    let (ok, _, err) = run_cli(&["check"], root);
    assert!(!ok);
    assert!(err.contains("1 error, 0 warnings"), "{err}");
}

#[test]
fn root_and_output_options_choose_the_directories() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("web");
    let (ok, _, err) = run_cli(
        &[
            "build",
            "--root",
            fixture("minimal").to_str().unwrap(),
            "--output",
            target.to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert!(ok, "{err}");
    assert!(target.join("index.html").exists());
}

#[test]
fn new_article_scaffolds_a_draft_and_never_overwrites() {
    let site = site_copy("minimal");
    let root = site.path();
    let (ok, out, err) = run_cli(
        &[
            "new",
            "article",
            "Kontaktní místo slaví rok",
            "--date",
            "2024-10-01",
        ],
        root,
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("content/articles/kontaktni-misto-slavi-rok.md"),
        "{out}"
    );
    let path = root.join("content/articles/kontaktni-misto-slavi-rok.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Kontaktní místo slaví rok\"\ndate = 2024-10-01\n"),
        "{text}"
    );
    // The scaffold is valid content: the site still checks, and the draft stays unpublished.
    let (ok, _, err) = run_cli(&["check"], root);
    assert!(ok, "{err}");
    std::fs::write(&path, "upraveno").unwrap();
    let (ok, _, err) = run_cli(&["new", "article", "Kontaktní místo slaví rok"], root);
    assert!(!ok);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "upraveno");
}

#[test]
fn check_gives_json_for_editors() {
    let site = site_copy("minimal");
    let root = site.path();
    edit(
        root,
        "content/waves/1-vyhodnoceni.toml",
        "status = \"V realizaci (3/6)\"",
        "stauts = \"V realizaci (3/6)\"",
    );
    let (ok, out, err) = run_cli(&["check", "--format", "json"], root);
    assert!(!ok);
    assert!(err.is_empty(), "json goes to stdout alone: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 0);
    let d = &json["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "content/waves/1-vyhodnoceni.toml");
    assert_eq!(d["line"], 23);
    assert_eq!(d["column"], 1);
    assert_eq!(d["hint"], "did you mean `status`?");
    assert_eq!(d["source_line"], "stauts = \"V realizaci (3/6)\"");

    let (ok, out, _) = run_cli(&["check", "--format", "json"], &fixture("minimal"));
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let site = site_copy("minimal");
    let root = site.path();
    edit(
        root,
        "content/articles/prvni-byty.md",
        "areas = [\"1\"]",
        "areas = [\"7\"]",
    );
    let (_, _, plain) = run_cli(&["check"], root);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let (_, _, coloured) = run_cli(&["check", "--color", "always"], root);
    assert!(
        coloured.contains("\u{1b}[1;31merror\u{1b}[0m"),
        "{coloured:?}"
    );
    // Without the escape codes it is the same text.
    let mut stripped = String::new();
    let mut rest = coloured.as_str();
    while let Some(at) = rest.find('\u{1b}') {
        stripped.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find('m').unwrap() + 1..];
    }
    stripped.push_str(rest);
    assert_eq!(stripped, plain);
}

#[test]
fn check_reports_a_broken_article_and_the_rest_of_the_site_in_one_run() {
    let site = site_copy("minimal");
    let root = site.path();
    std::fs::write(
        root.join("content/articles/rozbity.md"),
        "+++\ntitle = \"Bez konce\n+++\n",
    )
    .unwrap();
    edit(
        root,
        "content/articles/prvni-byty.md",
        "measures = [\"1.1.1.1\"]",
        "measures = [\"1.1.1.8\"]",
    );
    let (ok, _, err) = run_cli(&["check"], root);
    assert!(!ok);
    let first = err
        .find("content/articles/prvni-byty.md:7:13: measure `1.1.1.8` does not exist")
        .expect(&err);
    let second = err.find("content/articles/rozbity.md:2:").expect(&err);
    assert!(first < second, "sorted by file: {err}");
    assert!(err.trim_end().ends_with("2 errors, 0 warnings"), "{err}");
}

#[test]
fn commands_outside_a_site_refuse_and_write_nothing() {
    let empty = tempfile::tempdir().unwrap();
    let hint = "`milnik init DIR` starts a new site";
    for args in [
        &["new", "article", "Nová poradna"][..],
        &["build"],
        &["check"],
        &["serve", "--port", "0"],
        &["export", "wave-template"],
    ] {
        let (ok, _, err) = run_cli(args, empty.path());
        assert!(!ok, "{args:?} succeeded outside a site");
        assert!(
            err.contains("error: this folder is not a milnik site: it has no milnik.toml")
                && err.contains(hint),
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing is written outside a site"
    );
    let (ok, _, err) = run_cli(&["check", "--root", "nikde"], empty.path());
    assert!(!ok);
    assert!(err.contains("error: nikde is not a milnik site"), "{err}");
}

#[test]
fn summaries_count_in_english_singular_and_plural() {
    let (ok, out, err) = run_cli(&["check"], &repo_root());
    assert!(ok, "{err}");
    assert!(
        out.contains("OK: 6 areas, 47 measures, 1 wave, 1 article, 2 pages checked;"),
        "{out}"
    );
}

//! The command line: help, exit statuses, and `new article`.

use crate::support::*;

#[test]
fn help_lists_the_commands_and_options() {
    let (ok, out, _) = run_cli(&["--help"], &repo_root());
    assert!(ok);
    for word in [
        "build",
        "check",
        "new",
        "--root",
        "--output",
        "--base-url",
        "--drafts",
        "--verbose",
    ] {
        assert!(out.contains(word), "`{word}` missing from --help:\n{out}");
    }
    let (ok, out, _) = run_cli(&["new", "article", "--help"], &repo_root());
    assert!(ok);
    assert!(out.contains("never overwrites"), "{out}");
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

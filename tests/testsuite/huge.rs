//! Inputs far outside what an editor would write: deeply nested Markdown builds, deeply nested
//! TOML fails with a short message; neither overflows the stack. (Sizes and timings of the
//! really large cases, a 50 MB article and 100,000 measures, are in docs/robustness.md, from
//! `python3 bench/huge.py`.)

use crate::support::*;

fn write_article(root: &std::path::Path, body: &str) {
    let text = format!("+++\ntitle = \"Hluboko\"\ndate = 2024-05-03\n+++\n\n{body}\n");
    std::fs::write(root.join("content/articles/hluboko.md"), text).unwrap();
}

#[test]
fn deeply_nested_markdown_builds() {
    let depth = 20_000;
    for body in [
        format!("{}x", "- ".repeat(depth)),
        format!("{}x", "> ".repeat(depth)),
        format!("{}x{}", "*_".repeat(depth), "_*".repeat(depth)),
        format!("{}x{}", "[".repeat(depth), "](/)".repeat(depth)),
    ] {
        let site = site_copy("minimal");
        write_article(site.path(), &body);
        let built = build(site.path()).unwrap_or_else(|e| panic!("{}: {e}", &body[..10]));
        assert!(built.output.files.contains_key("clanky/hluboko/index.html"));
    }
}

#[test]
fn deeply_nested_toml_is_an_error_with_a_short_message() {
    let site = site_copy("minimal");
    let plan = site.path().join("content/plan.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let depth = 100_000;
    std::fs::write(
        &plan,
        format!("x = {}1{}\n{text}", "[".repeat(depth), "]".repeat(depth)),
    )
    .unwrap();
    let (ok, _, err) = run_cli(&["check"], site.path());
    assert!(!ok);
    assert!(err.contains("content/plan.toml:1:"), "{err}");
    assert!(err.contains("nested too deeply"), "{err}");
    assert!(
        err.len() < 1000,
        "the 200,000-character line is cut: {} bytes",
        err.len()
    );
}

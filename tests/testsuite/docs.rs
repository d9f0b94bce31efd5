//! The examples in docs/content-model.md stay true: every complete example of a file kind
//! parses with the current schema (so a renamed or removed key breaks this test, not editors).

use milnik::config::SiteConfig;
use milnik::content::schema::{
    AreaEditionFile, AreaFile, ArticleFrontMatter, IndicatorsFile, PageFrontMatter, PlanFile,
    WaveFile,
};
use milnik::content::split_front_matter;

use crate::support::repo_root;

/// Code blocks of a language, in document order (a block in a list item is indented; its
/// closing fence is too).
fn blocks<'a>(doc: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    doc.split(fence.as_str())
        .skip(1)
        .map(|rest| {
            let mut end = 0;
            for line in rest.split_inclusive('\n') {
                if line.trim() == "```" {
                    break;
                }
                end += line.len();
            }
            &rest[..end]
        })
        .collect()
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, text: &str) {
    if let Err(e) = toml::from_str::<T>(text) {
        panic!("the documented example of {what} does not parse: {e}\n{text}");
    }
}

#[test]
fn every_documented_file_example_parses() {
    let doc = std::fs::read_to_string(repo_root().join("docs/content-model.md")).unwrap();
    let mut seen = Vec::new();
    for block in blocks(&doc, "toml") {
        let first = block.lines().next().unwrap_or_default();
        // A complete example starts with a comment naming only its file; fragments say more.
        let Some(kind) = first.strip_prefix("# ").filter(|k| !k.contains(' ')) else {
            continue;
        };
        match kind {
            "milnik.toml" => parse::<SiteConfig>(kind, block),
            "content/plan.toml" => parse::<PlanFile>(kind, block),
            "content/indicators.toml" => parse::<IndicatorsFile>(kind, block),
            k if k.starts_with("content/areas/") => parse::<AreaFile>(kind, block),
            k if k.starts_with("content/waves/") => parse::<WaveFile>(kind, block),
            k if k.starts_with("content/action-plans/") => parse::<AreaEditionFile>(kind, block),
            _ => continue,
        }
        seen.push(kind.split('/').nth(1).unwrap_or(kind).to_string());
    }
    for block in blocks(&doc, "markdown") {
        let (front, _) =
            split_front_matter(block).expect("documented Markdown files have front matter");
        if front.contains("date =") {
            parse::<ArticleFrontMatter>("an article", front);
            seen.push("article".into());
        } else {
            parse::<PageFrontMatter>("a page", front);
            seen.push("page".into());
        }
    }
    for kind in [
        "milnik.toml",
        "plan.toml",
        "indicators.toml",
        "areas",
        "action-plans",
        "waves",
        "article",
        "page",
    ] {
        assert!(
            seen.iter().any(|s| s == kind),
            "no complete example of {kind} in the docs; found {seen:?}"
        );
    }
}

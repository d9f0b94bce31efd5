//! `milnik init DIR [--language cs|en]`: writes a small working site to start a new plan from —
//! configuration, a plan with one area, two specific goals and three measures, its statuses, one
//! evaluation, one global indicator, one article and one page, every key explained in a comment.
//! The files are `init/<language>/`, built into the binary; `check --deny-warnings` passes on
//! each (a test keeps it so). It writes only into an empty or new directory.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// The languages a site can be started in.
pub const LANGUAGES: [&str; 2] = ["cs", "en"];

/// A starter site: each file's path relative to the site's root, and its text.
type Starter = &'static [(&'static str, &'static str)];

macro_rules! starter {
    ($lang:literal: $($path:literal),+ $(,)?) => {
        &[$(($path, include_str!(concat!("init/", $lang, "/", $path)))),+]
    };
}

const CZECH: Starter = starter!("cs":
    "milnik.toml",
    "content/plan.toml",
    "content/indicators.toml",
    "content/areas/1-pece-o-seniory.toml",
    "content/waves/1-vyhodnoceni-2025.toml",
    "content/articles/vikendova-pece.md",
    "content/pages/o-planu.md",
);

const ENGLISH: Starter = starter!("en":
    "milnik.toml",
    "content/plan.toml",
    "content/indicators.toml",
    "content/areas/1-care-for-older-people.toml",
    "content/waves/1-evaluation-2025.toml",
    "content/articles/weekend-care.md",
    "content/pages/about.md",
);

/// Writes the starter site in `language` into `dir` (created when missing); returns the files
/// written. Refuses a directory that has anything in it, so nothing is ever overwritten.
pub fn init(dir: &Path, language: &str) -> anyhow::Result<Vec<PathBuf>> {
    let files = match language {
        "cs" => CZECH,
        "en" => ENGLISH,
        other => bail!(
            "{}",
            crate::msg!(
                "cli.init_language",
                language = other,
                languages = crate::msg!(
                    "list.or",
                    items = LANGUAGES[..LANGUAGES.len() - 1].join(", --language "),
                    last = format!("--language {}", LANGUAGES[LANGUAGES.len() - 1])
                )
            )
        ),
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| crate::msg!("cli.cannot_read", file = dir.display()))?;
        if entries.next().is_some() {
            bail!("{}", crate::msg!("cli.init_not_empty", dir = dir.display()));
        }
    }
    let mut written = Vec::new();
    for (relative, text) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| crate::msg!("cli.cannot_create", file = parent.display()))?;
        }
        std::fs::write(&path, text)
            .with_context(|| crate::msg!("cli.cannot_write", file = path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starters_have_the_same_kinds_of_file() {
        let kinds = |s: Starter| -> Vec<String> {
            s.iter()
                .map(|(p, _)| p.rsplit_once('/').map_or(*p, |(dir, _)| dir).to_string())
                .collect()
        };
        assert_eq!(kinds(CZECH), kinds(ENGLISH));
    }

    #[test]
    fn init_refuses_a_directory_with_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
        let err = init(dir.path(), "cs").unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "keep me"
        );
        assert!(!dir.path().join("milnik.toml").exists());
    }

    #[test]
    fn init_refuses_a_language_it_has_no_starter_in() {
        let dir = tempfile::tempdir().unwrap();
        let err = init(&dir.path().join("site"), "de")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "there is no starter site in `de`: use --language cs or --language en"
        );
        assert!(!dir.path().join("site").exists());
    }
}

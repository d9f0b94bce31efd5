//! `milnik new article "Název"`: scaffold an article for communications staff.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::slug::slugify;
use crate::values::Date;

/// The text of a new article: front matter with every key explained, and a short body.
pub fn article_template(title: &str, date: Date) -> String {
    let escaped = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"+++
title = "{escaped}"
date = {date}
# Who wrote it (shown under the title).
author = ""
# One or two sentences for lists and previews.
summary = ""
tags = []
# Measures the article is about, by ID, e.g. ["1.1.2.1"]; the measure pages link back here.
measures = []
# Thematic areas the article is about, by number, e.g. ["1"].
areas = []
# The site leaves a draft out until you delete this line; `milnik serve` shows it, marked "Koncept".
draft = true
+++

Sem napište úvodní odstavec článku.

## Mezititulek

Text článku v Markdownu: **tučně**, *kurzívou*, [odkaz](https://www.ostrava.cz/), seznamy:

- první bod
- druhý bod
"#,
        date = date.iso()
    )
}

/// Creates `content/articles/<slug>.md` under `root`; never overwrites an existing file.
pub fn article(root: &Path, title: &str, date: Date) -> anyhow::Result<PathBuf> {
    let slug = slugify(title);
    if slug.is_empty() {
        bail!("{}", crate::msg!("cli.no_slug", title));
    }
    let dir = root.join("content").join("articles");
    std::fs::create_dir_all(&dir)
        .with_context(|| crate::msg!("cli.cannot_create", file = dir.display()))?;
    let path = dir.join(format!("{slug}.md"));
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!(
                "{}",
                crate::msg!("cli.article_exists", file = path.display())
            )
        }
        Err(e) => {
            return Err(e).with_context(|| crate::msg!("cli.cannot_create", file = path.display()))
        }
    };
    file.write_all(article_template(title, date).as_bytes())
        .with_context(|| crate::msg!("cli.cannot_write", file = path.display()))?;
    Ok(path)
}

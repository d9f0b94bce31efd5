//! Finding a theme's templates and static files, and the site's overrides of them.
//!
//! A theme is `templates/` (minijinja), `static/` (copied as-is) and `report/` (the Typst
//! template of the waves' printable reports, `crate::report`) under `themes/<name>/` in the
//! site directory. The default theme is also compiled into milnik, so a site without a `themes/`
//! directory still builds. A site overrides any theme file by putting its own at the same
//! relative path in its own `templates/`, `static/` or `report/` (the Zola and Hugo
//! convention).
//!
//! The theme's UI strings are `i18n/<language>.toml` files; the site's `i18n/` changes single
//! texts or adds a language. They are merged and checked by [`crate::i18n`]; the theme holds the
//! site's language, ready for templates and for the Rust code that writes page titles.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{self, TranslationFile, Translations};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A file of the theme or of the site's overrides, with the path it came from.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    /// Where it came from, relative to the site root, for messages ("themes/default/templates/base.html").
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct Theme {
    /// By template name ("measure.html").
    pub templates: BTreeMap<String, ThemeFile>,
    /// By output path ("style.css").
    pub static_files: BTreeMap<String, ThemeFile>,
    /// The printable report's template and what it imports (fonts, images), by path in
    /// `report/` ("report.typ").
    pub report_files: BTreeMap<String, ThemeFile>,
    /// The UI strings in the site's language.
    pub translations: Translations,
    /// Problems that do not stop the build: skipped files, unused translation keys.
    pub warnings: Diagnostics,
}

fn relative_name(path: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = path.iter().map(|p| p.to_str()).collect();
    Some(parts?.join("/"))
}

/// Adds every file under `dir` to `into`, keyed by its path relative to `dir`.
fn add_dir(
    root: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, ThemeFile>,
    diagnostics: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                diagnostics.push(Diagnostic::error(
                    dir.strip_prefix(root).unwrap_or(dir),
                    crate::msg!(
                        "theme.unlistable",
                        reason = crate::messages::walk_reason(&err)
                    ),
                ));
                continue;
            }
        };
        let origin = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.file_type().is_symlink() {
            diagnostics.push(
                Diagnostic::warning(origin, crate::msg!("theme.symlink"))
                    .with_hint(crate::msg!("theme.symlink_hint")),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(name) = entry.path().strip_prefix(dir).ok().and_then(relative_name) else {
            diagnostics.push(
                Diagnostic::warning(origin, crate::msg!("theme.bad_name"))
                    .with_hint(crate::msg!("theme.bad_name_hint")),
            );
            continue;
        };
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                into.insert(name, ThemeFile { origin, bytes });
            }
            Err(err) => diagnostics.push(Diagnostic::error(
                origin,
                crate::msg!(
                    "content.unreadable",
                    reason = crate::messages::io_reason(&err)
                ),
            )),
        }
    }
}

/// Points at `theme = …` in the configuration and lists the themes there are.
fn theme_not_found(root: &Path, name: &str) -> Diagnostic {
    let config = crate::config::CONFIG_FILE;
    let message = crate::msg!("theme.not_found", name);
    let mut d = match std::fs::read_to_string(root.join(config)) {
        Ok(text) => {
            let source = crate::diagnostics::SourceFile::new(config, text);
            source.diagnostic(
                crate::diagnostics::Severity::Error,
                source.key_span("theme"),
                message,
            )
        }
        Err(_) => Diagnostic::error(config, message),
    };
    let mut themes = vec!["default".to_string()];
    if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
        themes.extend(
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().into_string().ok()),
        );
    }
    themes.sort();
    themes.dedup();
    let list = themes
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    d = d.with_hint(crate::msg!("theme.not_found_hint", list, name));
    d
}

fn add_embedded(dir: &Dir<'static>, prefix: &str, into: &mut BTreeMap<String, ThemeFile>) {
    let Some(sub) = dir.get_dir(prefix) else {
        return;
    };
    let mut stack = vec![sub];
    while let Some(d) = stack.pop() {
        for file in d.files() {
            if let Some(name) = file
                .path()
                .strip_prefix(prefix)
                .ok()
                .and_then(relative_name)
            {
                into.insert(
                    name,
                    ThemeFile {
                        origin: Path::new("themes/default").join(file.path()),
                        bytes: file.contents().to_vec(),
                    },
                );
            }
        }
        stack.extend(d.dirs());
    }
}

/// The translation files of milnik's built-in default theme, by language.
pub fn builtin_translation_files() -> BTreeMap<String, TranslationFile> {
    let mut files = BTreeMap::new();
    add_embedded(&DEFAULT_THEME, i18n::DIR, &mut files);
    translation_files(files).collect()
}

/// The translations of milnik's built-in default theme alone, without a site (for tests and
/// benchmarks). Here rather than in [`crate::i18n`] because the theme owns the built-in files.
/// Panics when a built-in file of the language is broken.
/// The site's texts in `language`: the built-in default theme's, the theme's and the site's
/// `i18n/` merged key by key; `None` (with the reason in `diagnostics`) when a file does not
/// parse or the language has none.
fn load_translations(
    root: &Path,
    theme_dir: &Path,
    language: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Translations> {
    // Translations merge key by key: the built-in default theme's, the theme's, the site's.
    let mut i18n_layers: Vec<BTreeMap<String, ThemeFile>> = vec![BTreeMap::new()];
    add_embedded(&DEFAULT_THEME, i18n::DIR, &mut i18n_layers[0]);
    if theme_dir.is_dir() {
        let mut files = BTreeMap::new();
        add_dir(root, &theme_dir.join(i18n::DIR), &mut files, diagnostics);
        i18n_layers.push(files);
    }
    let mut files = BTreeMap::new();
    add_dir(root, &root.join(i18n::DIR), &mut files, diagnostics);
    i18n_layers.push(files);
    let mut translations: BTreeMap<String, Vec<TranslationFile>> = BTreeMap::new();
    for layer in i18n_layers {
        for (language, file) in translation_files(layer) {
            translations.entry(language).or_default().push(file);
        }
    }
    match i18n::load(&translations, language, |languages| {
        language_not_found(root, language, languages)
    }) {
        Ok(loaded) => {
            diagnostics.extend(loaded.warnings);
            Some(loaded.translations)
        }
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    }
}

/// The site's texts alone, for the stages before the theme is loaded (the statuses of a plan
/// that declares none are worded by them). A problem with them falls back on the built-in
/// texts; [`load`] reports it.
pub fn translations(root: &Path, name: &str, language: &str) -> Translations {
    let theme_dir = root.join("themes").join(name);
    load_translations(root, &theme_dir, language, &mut Diagnostics::default()).unwrap_or_else(
        || {
            let files = builtin_translation_files();
            let language = if files.contains_key(language) {
                language
            } else {
                i18n::DEFAULT
            };
            builtin_translations(language)
        },
    )
}

pub fn builtin_translations(language: &str) -> Translations {
    let files = builtin_translation_files();
    let layers: Vec<&TranslationFile> = files.get(language).into_iter().collect();
    Translations::merged(language, &layers)
        .unwrap_or_else(|d| panic!("built-in {language}.toml: {d}"))
}

/// The translation files among the files of an `i18n/` directory, by language ("cs.toml" is
/// `cs`); other files are not translations and are left alone.
fn translation_files(
    files: BTreeMap<String, ThemeFile>,
) -> impl Iterator<Item = (String, TranslationFile)> {
    files.into_iter().filter_map(|(name, file)| {
        let language = name.strip_suffix(".toml")?;
        let ThemeFile { origin, bytes } = file;
        (!language.is_empty() && !language.contains('/'))
            .then(|| (language.to_string(), TranslationFile { origin, bytes }))
    })
}

/// Points at `language = …` in the configuration and lists the languages there are.
fn language_not_found(root: &Path, name: &str, languages: &[&str]) -> Diagnostic {
    let config = crate::config::CONFIG_FILE;
    let message = crate::msg!("theme.no_language", name);
    let d = match std::fs::read_to_string(root.join(config)) {
        Ok(text) => {
            let source = crate::diagnostics::SourceFile::new(config, text);
            source.diagnostic(
                crate::diagnostics::Severity::Error,
                source.key_span("language"),
                message,
            )
        }
        Err(_) => Diagnostic::error(config, message),
    };
    let list = languages
        .iter()
        .map(|l| format!("`{l}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let listing = crate::msg!("theme.languages_are", list, name);
    d.with_hint(
        match crate::diagnostics::suggest(name, languages.iter().copied()) {
            Some(close) => crate::msg!("theme.language_close", close, listing),
            None => listing,
        },
    )
}

/// Loads theme `name` for the site at `root` in `language`, with the site's overrides applied.
pub fn load(root: &Path, name: &str, language: &str) -> Result<Theme, Diagnostics> {
    let mut theme = Theme::default();
    let mut diagnostics = Diagnostics::default();
    let theme_dir = root.join("themes").join(name);
    if let Some(translations) = load_translations(root, &theme_dir, language, &mut diagnostics) {
        theme.translations = translations;
    }
    if theme_dir.is_dir() {
        add_dir(
            root,
            &theme_dir.join("templates"),
            &mut theme.templates,
            &mut diagnostics,
        );
        add_dir(
            root,
            &theme_dir.join("static"),
            &mut theme.static_files,
            &mut diagnostics,
        );
        add_dir(
            root,
            &theme_dir.join("report"),
            &mut theme.report_files,
            &mut diagnostics,
        );
    } else if name == "default" {
        add_embedded(&DEFAULT_THEME, "templates", &mut theme.templates);
        add_embedded(&DEFAULT_THEME, "static", &mut theme.static_files);
        add_embedded(&DEFAULT_THEME, "report", &mut theme.report_files);
    } else {
        diagnostics.push(theme_not_found(root, name));
    }
    add_dir(
        root,
        &root.join("templates"),
        &mut theme.templates,
        &mut diagnostics,
    );
    add_dir(
        root,
        &root.join("static"),
        &mut theme.static_files,
        &mut diagnostics,
    );
    add_dir(
        root,
        &root.join("report"),
        &mut theme.report_files,
        &mut diagnostics,
    );
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        theme.warnings = diagnostics;
        Ok(theme)
    }
}

/// Reads one static file `name` ("style.css") again, for `serve`: the site's own `static/`
/// first, then the theme's. `None` when neither has it any more.
pub fn static_file(root: &Path, theme: &str, name: &str) -> Result<Option<ThemeFile>, Diagnostic> {
    if !crate::output::is_contained(name) {
        return Ok(None);
    }
    let theme_dir = root.join("themes").join(theme);
    for dir in [root.join("static"), theme_dir.join("static")] {
        let path = dir.join(name);
        // Like a full load (which walks without following links), only regular files count.
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if !is_file {
            continue;
        }
        let origin = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        return match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(ThemeFile { origin, bytes })),
            Err(err) => Err(Diagnostic::error(
                origin,
                crate::msg!(
                    "content.unreadable",
                    reason = crate::messages::io_reason(&err)
                ),
            )),
        };
    }
    if theme == "default" && !theme_dir.is_dir() {
        return Ok(DEFAULT_THEME
            .get_file(format!("static/{name}"))
            .map(|file| ThemeFile {
                origin: Path::new("themes/default").join(file.path()),
                bytes: file.contents().to_vec(),
            }));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_languages_are_complete() {
        let cs = builtin_translations("cs");
        let en = builtin_translations("en");
        assert_eq!(cs.text("locale"), "cs_CZ");
        assert_eq!(en.text("locale"), "en_GB");
        let files = builtin_translation_files();
        let all: BTreeMap<String, Vec<TranslationFile>> = files
            .into_iter()
            .map(|(lang, file)| (lang, vec![file]))
            .collect();
        for language in all.keys() {
            let loaded = i18n::load(&all, language, |_| {
                unreachable!("every language has a file")
            })
            .unwrap_or_else(|d| panic!("{d}"));
            assert!(
                loaded.warnings.0.is_empty(),
                "{language}: {}",
                loaded.warnings
            );
        }
    }
}

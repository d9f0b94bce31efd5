use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;

/// One use of a message in the code: its key, whether it is counted, its placeholder names.
#[derive(Debug)]
struct Use {
    key: String,
    counted: bool,
    names: BTreeSet<String>,
    at: String,
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The arguments of a macro call starting at `text` (just after its `(`), split at top-level
/// commas, up to the closing parenthesis.
fn arguments(text: &str) -> Vec<String> {
    let mut depth = 0usize;
    let mut args = vec![String::new()];
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            args.last_mut().unwrap().push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '\'' => {
                // A char literal ('a', '\n', '"'), or a lifetime: keep it as it is.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') || rest.chars().nth(1) == Some('\'') {
                    args.last_mut().unwrap().push(c);
                    for _ in 0..rest.find('\'').map_or(0, |i| i + 1) {
                        args.last_mut().unwrap().push(chars.next().unwrap());
                    }
                    continue;
                }
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return args,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                args.push(String::new());
                continue;
            }
            _ => {}
        }
        args.last_mut().unwrap().push(c);
    }
    panic!("unclosed macro call: {}", &text[..text.len().min(80)]);
}

fn uses() -> Vec<Use> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut out = Vec::new();
    for file in files {
        if file.ends_with("messages/mod.rs") || file.ends_with("messages/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (macro_name, counted) in [("msg!(", false), ("msg_n!(", true)] {
            for (at, _) in text.match_indices(macro_name) {
                // `msg!(` inside `msg_n!(`? No: the names differ before `!`.
                if text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let args = arguments(&text[at + macro_name.len()..]);
                let key = args[0].trim();
                let line = text[..at].matches('\n').count() + 1;
                let place = format!("{}:{line}", file.display());
                assert!(
                    key.starts_with('"') && key.ends_with('"'),
                    "{place}: the key must be a literal"
                );
                let skip = if counted { 2 } else { 1 };
                let names = args[skip..]
                    .iter()
                    .map(|a| a.trim())
                    .filter(|a| !a.is_empty())
                    .map(|a| {
                        let name = a.split('=').next().unwrap().trim();
                        assert!(
                            name.chars().all(|c| c.is_alphanumeric() || c == '_'),
                            "{place}: argument `{a}` is not `name = value`"
                        );
                        name.to_string()
                    })
                    .collect();
                out.push(Use {
                    key: key.trim_matches('"').to_string(),
                    counted,
                    names,
                    at: place,
                });
            }
        }
    }
    out
}

/// Every key of a catalogue without plural forms, with the placeholders of its texts.
fn keys(catalogue: &Catalogue) -> BTreeMap<String, (bool, BTreeSet<String>)> {
    let mut out: BTreeMap<String, (bool, BTreeSet<String>)> = BTreeMap::new();
    for (key, text) in catalogue.texts() {
        let (key, counted) = match key.rsplit_once('.') {
            Some((base, form)) if i18n::PLURAL_FORMS.contains(&form) => (base.to_string(), true),
            _ => (key.clone(), false),
        };
        let entry = out.entry(key).or_default();
        entry.0 |= counted;
        entry
            .1
            .extend(i18n::placeholders(text).into_iter().map(str::to_string));
    }
    out
}

#[test]
fn every_key_in_code_is_in_every_catalogue() {
    let uses = uses();
    assert!(uses.len() > 10, "no messages found");
    let mut problems = Vec::new();
    for (lang, code, _) in LANGUAGES {
        let catalogue = catalogue(lang);
        let known = keys(catalogue);
        for u in &uses {
            match known.get(&u.key) {
                None => problems.push(format!("{}: `{}` is not in {code}.toml", u.at, u.key)),
                Some((counted, names)) => {
                    if *counted != u.counted {
                        problems.push(format!(
                            "{}: `{}` is {}counted in {code}.toml",
                            u.at,
                            u.key,
                            if *counted { "" } else { "not " }
                        ));
                    }
                    let mut given = u.names.clone();
                    if u.counted {
                        given.insert("count".into());
                    }
                    if *names != given {
                        problems.push(format!(
                            "{}: `{}` in {code}.toml uses {names:?}, the code gives {given:?}",
                            u.at, u.key
                        ));
                    }
                }
            }
        }
        for key in known.keys() {
            if !uses.iter().any(|u| &u.key == key) {
                problems.push(format!("`{key}` in {code}.toml is used nowhere"));
            }
        }
        // Plural texts have the forms of their language.
        for (key, text) in catalogue.texts() {
            if let Some((_, form)) = key.rsplit_once('.') {
                if i18n::PLURAL_FORMS.contains(&form) && !catalogue.rule.uses(form) {
                    problems.push(format!("`{key}` in {code}.toml: {code} has no `{form}`"));
                }
            }
            assert!(!text.is_empty(), "`{key}` in {code}.toml is empty");
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn languages_are_read_from_codes_and_locales() {
    assert_eq!(Lang::parse("cs"), Some(Lang::Cs));
    assert_eq!(Lang::parse("cs_CZ.UTF-8"), Some(Lang::Cs));
    assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
    assert_eq!(Lang::parse("de"), None);
}

#[test]
fn plural_forms_follow_the_language() {
    let cs = catalogue(Lang::Cs);
    let en = catalogue(Lang::En);
    assert_eq!(cs.plural("summary.errors", 1, &[]), "1 chyba");
    assert_eq!(cs.plural("summary.errors", 3, &[]), "3 chyby");
    assert_eq!(cs.plural("summary.errors", 5, &[]), "5 chyb");
    assert_eq!(en.plural("summary.errors", 1, &[]), "1 error");
    assert_eq!(en.plural("summary.errors", 0, &[]), "0 errors");
}

#[test]
fn the_site_language_is_the_default_and_flags_win() {
    let dir = std::env::temp_dir().join(format!("milnik-lang-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("milnik.toml"),
        "title = \"x\"\nlanguage = \"en\"\n",
    )
    .unwrap();
    assert_eq!(choose(Some("cs"), None, &dir), Lang::Cs);
    if std::env::var_os(ENV).is_none() {
        assert_eq!(choose(None, None, &dir), Lang::En);
        assert_eq!(choose(None, Some("cs"), &dir), Lang::Cs);
        std::fs::write(dir.join("milnik.toml"), "title = \"x\"\n").unwrap();
        assert_eq!(choose(None, None, &dir), Lang::Cs);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

//! What milnik says to the people who run it, in their language: every diagnostic's message and
//! hint, the summary and progress lines, `serve`'s terminal lines and browser overlay, and the
//! messages of `import`, `export`, `new` and `init`.
//!
//! The texts are a catalogue per language, `src/messages/<language>.toml`, compiled into the
//! binary: tables of keyed texts with `{name}` placeholders, plural texts as tables of `one`,
//! `few` and `many` chosen with [`PluralRule`]. They are not the theme's translations: a theme
//! is about what readers see, these are the tool's own words, which must exist before any
//! theme or even `milnik.toml` could be read, and which a site must not be able to change.
//!
//! Code writes a message with [`msg!`](crate::msg) (`msg!("ids.duplicate", id = id, file =
//! other)`) or, for a count, [`msg_n!`](crate::msg_n) (`msg_n!("summary.errors", n)`); both
//! give a `String` in the language of this run. The language is one per process, like a
//! terminal's locale: the binary chooses it once ([`choose`]: `--lang`, else `MILNIK_LANG`,
//! else `language` in `milnik.toml`, else the system's `LANG`, else English) and sets it with
//! [`set_language`]. The library's default is English, so tests and other callers that set
//! nothing read English. A site language with no catalogue (say `de`) gets English.
//!
//! A test (`every_key_in_code_is_in_every_catalogue`) reads `src/**/*.rs` for the keys and
//! placeholder names of every `msg!`/`msg_n!` and fails when a catalogue lacks a key, has one
//! no code uses, or names other placeholders. To add a message: write the call, add the key to
//! `en.toml` and `cs.toml` under the module's table, run the test.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use crate::i18n::{self, PluralRule};

mod io;
pub use io::{cause_reason, io_reason, walk_reason};

/// A language milnik's messages are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Cs,
}

/// Every language with a catalogue, with its code and its file.
pub const LANGUAGES: [(Lang, &str, &str); 2] = [
    (Lang::En, "en", include_str!("en.toml")),
    (Lang::Cs, "cs", include_str!("cs.toml")),
];

/// The environment variable that picks the language (as `--lang` does).
pub const ENV: &str = "MILNIK_LANG";

impl Lang {
    pub fn code(self) -> &'static str {
        LANGUAGES.iter().find(|l| l.0 == self).unwrap().1
    }

    /// The language of a code: "cs", "cs_CZ.UTF-8", "en-GB"; none when milnik has no
    /// catalogue for it.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let base = code.split(['_', '-', '.', '@']).next().unwrap_or_default();
        LANGUAGES.iter().find(|l| l.1 == base).map(|l| l.0)
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language of every message from now on, for the whole process.
pub fn set_language(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The language messages are written in now.
pub fn language() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Cs,
        _ => Lang::En,
    }
}

/// The language of a run at `root`: `flag` (`--lang`), else `MILNIK_LANG`, else the site's
/// `language` in `milnik.toml` (Czech when it names none), else the system's `LANG` (when
/// `milnik.toml` cannot be read), else English. A named language without a catalogue is
/// English.
///
/// `site` is the language of a site the command is about to make (`init --language`), which
/// stands for `milnik.toml`'s.
pub fn choose(flag: Option<&str>, site: Option<&str>, root: &Path) -> Lang {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(code) = flag.map(str::to_string).or_else(|| env(ENV)) {
        return Lang::parse(&code).unwrap_or(Lang::En);
    }
    if let Some(code) = site.map(str::to_string).or_else(|| site_language(root)) {
        return Lang::parse(&code).unwrap_or(Lang::En);
    }
    let system = env("LC_ALL")
        .or_else(|| env("LC_MESSAGES"))
        .or_else(|| env("LANG"));
    system.and_then(|l| Lang::parse(&l)).unwrap_or(Lang::En)
}

/// The `language` of the site's `milnik.toml` (the configuration's default when the file has
/// none); none when the file cannot be read or parsed.
fn site_language(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    match table.get("language") {
        Some(toml::Value::String(code)) => Some(code.clone()),
        Some(_) => None,
        None => Some(i18n::DEFAULT.to_string()),
    }
}

/// The texts of one language.
pub struct Catalogue {
    pub lang: Lang,
    rule: PluralRule,
    /// Every text by its dotted key; plural forms as `key.one`, `key.few`, `key.many`.
    texts: BTreeMap<String, String>,
}

impl Catalogue {
    fn parse(lang: Lang, text: &str) -> Catalogue {
        let table: toml::Table =
            toml::from_str(text).unwrap_or_else(|e| panic!("messages/{}.toml: {e}", lang.code()));
        let mut texts = BTreeMap::new();
        flatten("", &table, &mut texts);
        Catalogue {
            lang,
            rule: PluralRule::of(lang.code()),
            texts,
        }
    }

    /// Every key with its text; plural forms as `key.one` etc.
    pub fn texts(&self) -> &BTreeMap<String, String> {
        &self.texts
    }

    /// The text of `key` with its placeholders filled in; the key itself when the catalogue
    /// lacks it (which the catalogue test prevents).
    pub fn text(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        match self.texts.get(key) {
            Some(text) => fill(key, text, args),
            None => {
                debug_assert!(false, "message `{key}` is in no catalogue");
                key.to_string()
            }
        }
    }

    /// The plural form of `key` for `count`, with `{count}` and the other placeholders filled
    /// in.
    pub fn plural(&self, key: &str, count: u64, args: &[(&str, &dyn Display)]) -> String {
        let form = self.rule.form(count);
        let text = [form, "many", "one"]
            .iter()
            .find_map(|f| self.texts.get(&format!("{key}.{f}")));
        let Some(text) = text else {
            debug_assert!(false, "message `{key}` has no plural forms");
            return key.to_string();
        };
        let number = count.to_string();
        let mut all: Vec<(&str, &dyn Display)> = vec![("count", &number)];
        all.extend_from_slice(args);
        fill(key, text, &all)
    }
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let key = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(text) => {
                out.insert(key, text.clone());
            }
            toml::Value::Table(table) => flatten(&key, table, out),
            other => panic!("messages: `{key}` is {other}, not a text"),
        }
    }
}

fn fill(key: &str, text: &str, args: &[(&str, &dyn Display)]) -> String {
    let shown: Vec<(&str, String)> = args.iter().map(|(n, v)| (*n, v.to_string())).collect();
    let shown: Vec<(&str, &str)> = shown.iter().map(|(n, v)| (*n, v.as_str())).collect();
    i18n::fill_args(key, text, &shown)
}

/// The catalogue of a language, parsed once.
pub fn catalogue(lang: Lang) -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static CS: OnceLock<Catalogue> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::Cs => &CS,
    };
    cell.get_or_init(|| {
        let text = LANGUAGES.iter().find(|l| l.0 == lang).unwrap().2;
        Catalogue::parse(lang, text)
    })
}

/// The text of `key` in the language of this run; what [`msg!`](crate::msg) calls.
pub fn text(key: &str, args: &[(&str, &dyn Display)]) -> String {
    catalogue(language()).text(key, args)
}

/// The plural text of `key` for `count` in the language of this run; what
/// [`msg_n!`](crate::msg_n) calls.
pub fn plural(key: &str, count: u64, args: &[(&str, &dyn Display)]) -> String {
    catalogue(language()).plural(key, count, args)
}

/// Items as "a, b or c" in the language of this run (`list.or`); one item as it is.
pub fn or_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            crate::msg!("list.or", items = rest.join(", "), last)
        }
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A message of the catalogue in the language of this run: `msg!("key")`,
/// `msg!("key", name = value, other)` (`other` is `other = other`). Values are anything
/// `Display`.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident $(= $value:expr)?)* $(,)?) => {
        $crate::messages::text($key, &[$((stringify!($name), &$crate::msg!(@value $name $(= $value)?) as &dyn ::std::fmt::Display)),*])
    };
    (@value $name:ident = $value:expr) => { $value };
    (@value $name:ident) => { $name };
}

/// A counted message: `msg_n!("key", count, name = value, …)`, the plural form the count
/// takes with `{count}` filled in.
#[macro_export]
macro_rules! msg_n {
    ($key:literal, $count:expr $(, $name:ident $(= $value:expr)?)* $(,)?) => {
        $crate::messages::plural($key, ($count) as u64, &[$((stringify!($name), &$crate::msg!(@value $name $(= $value)?) as &dyn ::std::fmt::Display)),*])
    };
}

#[cfg(test)]
mod tests;

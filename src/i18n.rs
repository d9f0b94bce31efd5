//! The theme's UI strings in the site's language ([`Translations`]): loading the translation
//! files, checking them against the default language, looking keys up, choosing plural forms and
//! filling in `{placeholders}`. The template function `t(…)` and the Rust code that writes page
//! titles, breadcrumbs, descriptions and chart texts both read them from here.
//!
//! A translation file is `i18n/<language>.toml`: tables of texts, used as dotted keys
//! (`[nav] areas = "Oblasti"` is `nav.areas`). A table whose keys are `one`, `few` and `many` is
//! one text in plural forms, chosen by a count with the language's [`PluralRule`]. A text may
//! hold `{name}` placeholders, filled in by whoever uses it; `{{` and `}}` are literal braces.
//!
//! The files of one language are merged key by key, later over earlier: milnik's built-in
//! default theme, the site's theme (`themes/<name>/i18n/`) and the site (`i18n/` at its root).
//! So a site changes one text by putting only that key in its own file. Czech ([`DEFAULT`]) is
//! the reference: every other language must have all of its keys, and a key Czech does not
//! have is reported as probably misspelt.
//!
//! How values are written (numbers, dates, money) is a language's `[format]` texts, which
//! `values::locale` reads. Its `[format.currency.<code>]` tables are the only keys a language
//! may have that the default language lacks: a site adds one for a currency the theme does
//! not write.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::diagnostics::{suggest, Diagnostic, Diagnostics, Severity, SourceFile};

/// The default language, and the reference every translation is checked against.
pub const DEFAULT: &str = "cs";

/// The directory of translation files, in a theme and at the site root.
pub const DIR: &str = "i18n";

/// How many forms a noun takes after a number, and which one a count gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralRule {
    /// Czech and Slovak: 1 → `one`, 2–4 → `few`, anything else → `many`.
    OneFewMany,
    /// English and most others: 1 → `one`, anything else → `many`.
    OneMany,
}

/// The plural forms, by the key of the form in a translation file.
pub const PLURAL_FORMS: [&str; 3] = ["one", "few", "many"];

impl PluralRule {
    pub fn of(language: &str) -> PluralRule {
        match language {
            "cs" | "sk" => PluralRule::OneFewMany,
            _ => PluralRule::OneMany,
        }
    }

    /// The form a count takes: `one`, `few` or `many`.
    pub fn form(self, count: u64) -> &'static str {
        match (self, count) {
            (_, 1) => "one",
            (PluralRule::OneFewMany, 2..=4) => "few",
            _ => "many",
        }
    }

    /// Whether the language has this form.
    pub fn uses(self, form: &str) -> bool {
        match self {
            PluralRule::OneFewMany => PLURAL_FORMS.contains(&form),
            PluralRule::OneMany => form == "one" || form == "many",
        }
    }
}

/// The last segment of a key when it names a plural form (`count.measures.few` → `few`).
fn plural_form(key: &str) -> Option<&str> {
    let last = key.rsplit('.').next()?;
    (key.contains('.') && PLURAL_FORMS.contains(&last)).then_some(last)
}

/// Where a language's tables of money patterns per currency are: `format.currency.EUR.money`.
pub(crate) const CURRENCY_TABLES: &str = "format.currency.";

/// Whether `key` is a text of a currency's table (`format.currency.<ISO code>.<money|
/// money_thousands|money_millions|unit>`), which a site may add for any currency in any
/// language: the check accepts such keys though the default language lacks them.
fn is_currency_key(key: &str) -> bool {
    let Some((code, leaf)) = key
        .strip_prefix(CURRENCY_TABLES)
        .and_then(|r| r.split_once('.'))
    else {
        return false;
    };
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && matches!(
            leaf,
            "money" | "money_thousands" | "money_millions" | "unit"
        )
}

/// The UI strings of one language, merged from every file that has them.
#[derive(Clone, Debug)]
pub struct Translations {
    language: String,
    rule: PluralRule,
    /// Every text by its dotted key; plural forms as `key.one`, `key.few`, `key.many`.
    texts: BTreeMap<String, String>,
}

impl Default for Translations {
    fn default() -> Self {
        Translations {
            language: DEFAULT.to_string(),
            rule: PluralRule::of(DEFAULT),
            texts: BTreeMap::new(),
        }
    }
}

/// Why a key has no text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// No such key; with the closest key there is.
    Unknown(Option<String>),
    /// The key has plural forms and no count was given.
    NeedsCount,
}

impl Translations {
    /// Translations from `(key, text)` pairs, for tests and for building from files.
    pub fn from_texts(
        language: &str,
        texts: impl IntoIterator<Item = (String, String)>,
    ) -> Translations {
        Translations {
            language: language.to_string(),
            rule: PluralRule::of(language),
            texts: texts.into_iter().collect(),
        }
    }

    /// The texts of `language` merged from its files (bottom layer first), without checking
    /// them against the default language: for the built-in theme's translations alone. A file
    /// that does not parse is an error.
    pub fn merged(
        language: &str,
        layers: &[&TranslationFile],
    ) -> Result<Translations, Diagnostics> {
        let merged = merge(layers)?;
        Ok(Translations::from_texts(
            language,
            merged.into_iter().map(|(k, v)| (k, v.text)),
        ))
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    pub fn rule(&self) -> PluralRule {
        self.rule
    }

    /// Every key, sorted; plural forms as `key.one` etc.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }

    /// The text of a key without plural forms, if the language has it: for texts that may or
    /// may not be given. Unlike [`Translations::lookup`], a missing key costs nothing (no
    /// "did you mean" is looked for).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(String::as_str)
    }

    /// The text of a key; with `count`, the plural form the count takes when the key has plural
    /// forms (a key without them ignores the count).
    pub fn lookup(&self, key: &str, count: Option<u64>) -> Result<&str, LookupError> {
        if let Some(text) = self.texts.get(key) {
            return Ok(text);
        }
        let has_forms = PLURAL_FORMS
            .iter()
            .any(|f| self.texts.contains_key(&format!("{key}.{f}")));
        if has_forms {
            let Some(count) = count else {
                return Err(LookupError::NeedsCount);
            };
            let form = self.rule.form(count);
            // Every file is checked to have the forms of its language; should one be missing
            // anyway, `many` stands in for it.
            return [form, "many", "one"]
                .iter()
                .find_map(|f| self.texts.get(&format!("{key}.{f}")))
                .map(String::as_str)
                .ok_or(LookupError::Unknown(None));
        }
        let keys = self.lookup_keys();
        let close = suggest(key, keys.iter().map(String::as_str)).map(str::to_string);
        Err(LookupError::Unknown(close))
    }

    /// The keys a lookup accepts: texts, and plural keys without their form.
    fn lookup_keys(&self) -> Vec<String> {
        let mut keys: BTreeSet<String> = BTreeSet::new();
        for key in self.texts.keys() {
            match plural_form(key) {
                Some(form) => keys.insert(key[..key.len() - form.len() - 1].to_string()),
                None => keys.insert(key.clone()),
            };
        }
        keys.into_iter().collect()
    }

    /// The text of a key milnik itself uses. Every such key is in the default theme's
    /// `cs.toml`, and every language is checked to have them all; a missing one is a bug of
    /// milnik (tests fail), and gives the key itself in a release build.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.lookup(key, None) {
            Ok(text) => text,
            Err(e) => {
                debug_assert!(false, "translation `{key}`: {e:?}");
                key
            }
        }
    }

    /// The text of a key with its placeholders filled in from `args`.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill_args(key, self.text(key), args)
    }

    /// The plural form of `key` for `count`, with `{count}` (its digits grouped by the
    /// language's `format.digit_group`) and the other placeholders filled in: "3 opatření",
    /// "1 measure".
    pub fn plural(&self, key: &str, count: u64, args: &[(&str, &str)]) -> String {
        let text: &str = match self.lookup(key, Some(count)) {
            Ok(text) => text,
            Err(e) => {
                debug_assert!(false, "translation `{key}`: {e:?}");
                key
            }
        };
        let group = self
            .texts
            .get("format.digit_group")
            .map_or("\u{a0}", String::as_str);
        let number = crate::format::group_thousands(&count.to_string(), group);
        let mut all: Vec<(&str, &str)> = vec![("count", &number)];
        all.extend_from_slice(args);
        fill_args(key, text, &all)
    }
}

/// `text` with its placeholders filled in from `args`; `key` names it in the debug assertion
/// that every placeholder has a value.
pub(crate) fn fill_args(key: &str, text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let result = fill(
        text,
        |literal, out| out.push_str(literal),
        |name, out| match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                out.push_str(value);
                true
            }
            None => false,
        },
        &mut out,
    );
    if let Err(name) = result {
        debug_assert!(false, "translation `{key}` needs `{name}`");
    }
    out
}

/// One piece of a text: literal text, or a placeholder's name.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Splits a text into literal pieces and `{name}` placeholders; `{{` and `}}` are literal
/// braces, and a brace that starts no placeholder is literal too.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b @ (b'{' | b'}') if bytes.get(i + 1) == Some(&b) => {
                out.push(Piece::Text(&text[start..=i]));
                i += 2;
                start = i;
            }
            b'{' => {
                let close = text[i + 1..].find('}').map(|c| i + 1 + c);
                match close.filter(|&c| is_name(&text[i + 1..c])) {
                    Some(c) => {
                        if start < i {
                            out.push(Piece::Text(&text[start..i]));
                        }
                        out.push(Piece::Placeholder(&text[i + 1..c]));
                        i = c + 1;
                        start = i;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    if start < text.len() {
        out.push(Piece::Text(&text[start..]));
    }
    out
}

/// The placeholders a text uses, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    pieces(text)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Placeholder(name) => Some(name),
            Piece::Text(_) => None,
        })
        .collect()
}

/// Writes `text` into `out`: literal pieces through `literal`, placeholders through `arg`,
/// which returns false when it has no value for the name. Fails with the first such name.
pub fn fill<'t>(
    text: &'t str,
    mut literal: impl FnMut(&str, &mut String),
    mut arg: impl FnMut(&str, &mut String) -> bool,
    out: &mut String,
) -> Result<(), &'t str> {
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => literal(t, out),
            Piece::Placeholder(name) => {
                if !arg(name, out) {
                    return Err(name);
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/// A translation file as read: where it came from (relative to the site root) and its bytes.
/// Its own type rather than the theme's file type, so that this module does not depend on the
/// theme that reads the files: the theme hands them over.
#[derive(Clone, Debug)]
pub struct TranslationFile {
    /// Where it came from, relative to the site root, for messages ("i18n/cs.toml").
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

/// A text as read from a file, with the file it came from.
#[derive(Clone, Debug)]
struct Entry {
    text: String,
    /// Index of the layer (file) it came from.
    layer: usize,
}

/// The texts of one language by dotted key, each with the layer it came from.
type Merged = BTreeMap<String, Entry>;

/// A value of a translation file: a text or a table of them.
enum Node {
    Text(String),
    Table(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text in quotes or a table of texts")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Text(v))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Node>()? {
                    entries.push((key, value));
                }
                Ok(Node::Table(entries))
            }
        }
        d.deserialize_any(NodeVisitor)
    }
}

fn flatten(prefix: &str, node: Node, into: &mut Vec<(String, String)>) {
    match node {
        Node::Text(text) => into.push((prefix.to_string(), text)),
        Node::Table(entries) => {
            for (key, value) in entries {
                let full = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&full, value, into);
            }
        }
    }
}

/// One file's texts by dotted key.
fn parse(file: &TranslationFile) -> Result<(SourceFile, Vec<(String, String)>), Diagnostic> {
    let Ok(text) = String::from_utf8(file.bytes.clone()) else {
        return Err(
            Diagnostic::error(file.origin.clone(), crate::msg!("content.not_utf8"))
                .with_hint(crate::msg!("content.not_utf8_hint")),
        );
    };
    let source = SourceFile::new(file.origin.clone(), text);
    let table: Node = match toml::from_str(&source.text) {
        Ok(node) => node,
        Err(err) => return Err(source.toml_error(&err)),
    };
    let mut texts = Vec::new();
    flatten("", table, &mut texts);
    Ok((source, texts))
}

/// The merged texts of one language's files (bottom layer first), each with its layer.
fn merge(layers: &[&TranslationFile]) -> Result<BTreeMap<String, Entry>, Diagnostics> {
    let mut merged = BTreeMap::new();
    let mut diagnostics = Diagnostics::default();
    for (layer, file) in layers.iter().enumerate() {
        match parse(file) {
            Ok((_, texts)) => {
                for (key, text) in texts {
                    merged.insert(key, Entry { text, layer });
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(merged)
    }
}

/// Where `a.b.c = …` is set in a TOML text: a `c` line under `[a.b]`, a `b.c` line under
/// `[a]`, or an `a.b.c` line at the top.
fn key_span(text: &str, dotted: &str) -> Option<Range<usize>> {
    let clean = |s: &str| {
        s.split('.')
            .map(|p| p.trim().trim_matches('"'))
            .collect::<Vec<_>>()
            .join(".")
    };
    let mut table = String::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(header) = trimmed.strip_prefix('[') {
            if let Some(end) = header.find(']') {
                table = clean(&header[..end]);
            }
        } else if let Some((key, _)) = trimmed.split_once('=') {
            let key_text = key.trim_end();
            let full = if table.is_empty() {
                clean(key_text)
            } else {
                format!("{table}.{}", clean(key_text))
            };
            if full == dotted {
                let start = offset + indent;
                return Some(start..start + key_text.len());
            }
        }
        offset += line.len();
    }
    None
}

/// A diagnostic pointing at `key` in `file` (at the file when the key's line is not found).
fn at_key(file: &TranslationFile, key: &str, severity: Severity, message: String) -> Diagnostic {
    let text = String::from_utf8_lossy(&file.bytes).into_owned();
    let span = key_span(&text, key);
    SourceFile::new(file.origin.clone(), text).diagnostic(severity, span, message)
}

/// The result of loading a language: its translations and the warnings about its files.
pub struct Loaded {
    pub translations: Translations,
    pub warnings: Diagnostics,
}

/// How many missing keys an error lists before it says how many more there are.
const LISTED: usize = 20;

/// Loads `language` from `files` (each language's files, bottom layer first), checked against
/// the default language. `unknown_language` makes the error for a language without a file.
pub fn load(
    files: &BTreeMap<String, Vec<TranslationFile>>,
    language: &str,
    unknown_language: impl FnOnce(&[&str]) -> Diagnostic,
) -> Result<Loaded, Diagnostics> {
    let Some(own) = files.get(language) else {
        let languages: Vec<&str> = files.keys().map(String::as_str).collect();
        return Err(Diagnostics(vec![unknown_language(&languages)]));
    };
    let own_layers: Vec<&TranslationFile> = own.iter().collect();
    let reference_layers: Vec<&TranslationFile> = files
        .get(DEFAULT)
        .map(|f| f.iter().collect())
        .unwrap_or_default();
    let (merged, reference) = merge_with_reference(language, &own_layers, &reference_layers)?;
    let mut warnings = Diagnostics::default();
    match &reference {
        Some(reference) => {
            let layers = Layers {
                own: &own_layers,
                reference: &reference_layers,
            };
            if let Some(error) = missing_keys(language, &merged, reference, &layers) {
                return Err(Diagnostics(vec![error]));
            }
            check_keys(language, &merged, reference, &layers, &mut warnings);
        }
        None => check_site_keys(&own_layers, &mut warnings),
    }
    Ok(Loaded {
        translations: Translations::from_texts(
            language,
            merged.into_iter().map(|(k, e)| (k, e.text)),
        ),
        warnings,
    })
}

/// The files of the language being loaded and of the default language, bottom layer first.
struct Layers<'a> {
    own: &'a [&'a TranslationFile],
    reference: &'a [&'a TranslationFile],
}

/// The merged texts of `language` and, unless it is the default language, of the default
/// language to check them against; every file that does not parse is an error.
fn merge_with_reference(
    language: &str,
    own_layers: &[&TranslationFile],
    reference_layers: &[&TranslationFile],
) -> Result<(Merged, Option<Merged>), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let merged = merge(own_layers);
    let reference = if language == DEFAULT {
        None
    } else {
        Some(merge(reference_layers))
    };
    let merged = match merged {
        Ok(m) => m,
        Err(d) => {
            diagnostics.extend(d);
            BTreeMap::new()
        }
    };
    let reference = match reference {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(d)) => {
            diagnostics.extend(d);
            None
        }
    };
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok((merged, reference))
}

/// The error listing the keys of the default language that `language` lacks (the plural forms
/// it has no use for aside), pointing at the file where they should go; `None` when none lacks.
fn missing_keys(
    language: &str,
    merged: &Merged,
    reference: &Merged,
    layers: &Layers,
) -> Option<Diagnostic> {
    let rule = PluralRule::of(language);
    // The site's own file of the language is where the missing texts go; without one,
    // the theme's.
    let site_file = layers.own.iter().rev().find(|f| f.origin.starts_with(DIR));
    let top = site_file
        .or(layers.own.last())
        .expect("a language has at least one file");
    let missing: Vec<&str> = reference
        .keys()
        .filter(|k| !merged.contains_key(*k))
        .filter(|k| plural_form(k).is_none_or(|f| rule.uses(f)))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut list: Vec<String> = missing
        .iter()
        .take(LISTED)
        .map(|k| format!("`{k}`"))
        .collect();
    if missing.len() > LISTED {
        list.push(crate::msg_n!(
            "translations.and_more",
            missing.len() - LISTED
        ));
    }
    // Where the default text of the first missing key is.
    let reference_file = layers.reference[reference[missing[0]].layer].origin.clone();
    let hint = if site_file.is_some() {
        crate::msg!("translations.missing_here", file = reference_file.display())
    } else {
        crate::msg!(
            "translations.missing_add",
            file = reference_file.display(),
            language
        )
    };
    Some(
        Diagnostic::error(
            top.origin.clone(),
            crate::msg_n!(
                "translations.missing",
                missing.len(),
                keys = list.join(", ")
            ),
        )
        .with_hint(hint),
    )
}

/// Warns about every text of `language` that is never used: a key the default language does
/// not have, a plural form the language does not take, or a placeholder nobody fills in.
fn check_keys(
    language: &str,
    merged: &Merged,
    reference: &Merged,
    layers: &Layers,
    warnings: &mut Diagnostics,
) {
    let rule = PluralRule::of(language);
    let known: Vec<&str> = reference.keys().map(String::as_str).collect();
    for (key, entry) in merged {
        let form = plural_form(key);
        if reference.contains_key(key) && form.is_none_or(|f| rule.uses(f)) {
            check_placeholders(key, entry, reference, layers.own, warnings);
            continue;
        }
        if is_currency_key(key) {
            continue;
        }
        let file = layers.own[entry.layer];
        let d = match form {
            Some(f) if !rule.uses(f) => at_key(
                file,
                key,
                Severity::Warning,
                crate::msg!("translations.unused_form", key, language, form = f),
            )
            .with_hint(crate::msg!("translations.unused_form_hint", language)),
            _ => {
                let d = at_key(
                    file,
                    key,
                    Severity::Warning,
                    crate::msg!("translations.unknown_key", key),
                );
                match suggest(key, known.iter().copied()) {
                    Some(close) => d.with_hint(crate::msg!("hint.did_you_mean", name = close)),
                    None => d.with_hint(crate::msg!(
                        "translations.keys_are",
                        file = layers
                            .reference
                            .last()
                            .map_or_else(|| "cs.toml".into(), |f| f.origin.display().to_string())
                    )),
                }
            }
        };
        warnings.push(d);
    }
}

/// For the default language itself: a site's file that changes texts of the theme may
/// misspell a key, which would then add a text nobody uses. (A key the site adds for its own
/// templates is fine, so only one close to a theme's key is reported.)
fn check_site_keys(own_layers: &[&TranslationFile], warnings: &mut Diagnostics) {
    let site_layer = own_layers
        .iter()
        .position(|f| f.origin.starts_with(DIR))
        .filter(|&i| i > 0);
    let Some(site_layer) = site_layer else {
        return;
    };
    let below = merge(&own_layers[..site_layer]).unwrap_or_default();
    let known: Vec<&str> = below.keys().map(String::as_str).collect();
    let site_file = own_layers[site_layer];
    let Ok((_, texts)) = parse(site_file) else {
        return;
    };
    for (key, _) in texts {
        if below.contains_key(&key) || is_currency_key(&key) {
            continue;
        }
        if let Some(close) = suggest(&key, known.iter().copied()) {
            warnings.push(
                at_key(
                    site_file,
                    &key,
                    Severity::Warning,
                    crate::msg!("translations.not_theme_key", key),
                )
                .with_hint(crate::msg!("hint.did_you_mean", name = close)),
            );
        }
    }
}

/// Placeholders milnik fills in for a key though the default language's text need not use
/// them: a date may name its month (`{month_name}`) where Czech writes its number.
const OFFERED: [(&str, &[&str]); 1] = [("format.date", &["day", "month", "month_name", "year"])];

/// Warns about a placeholder the default language's text of the key does not have (and milnik
/// does not offer, [`OFFERED`]): nobody fills it in, and the page fails to render.
fn check_placeholders(
    key: &str,
    entry: &Entry,
    reference: &BTreeMap<String, Entry>,
    layers: &[&TranslationFile],
    warnings: &mut Diagnostics,
) {
    // Plural forms are compared with every form of the default text, and `{count}` is theirs.
    let base = plural_form(key).map(|f| &key[..key.len() - f.len() - 1]);
    let mut known: BTreeSet<&str> = BTreeSet::new();
    match base {
        Some(base) => {
            known.insert("count");
            for f in PLURAL_FORMS {
                if let Some(e) = reference.get(&format!("{base}.{f}")) {
                    known.extend(placeholders(&e.text));
                }
            }
        }
        None => {
            if let Some(e) = reference.get(key) {
                known.extend(placeholders(&e.text));
            }
            for (_, names) in OFFERED.iter().filter(|(k, _)| *k == key) {
                known.extend(names.iter().copied());
            }
        }
    }
    for name in placeholders(&entry.text) {
        if known.contains(name) {
            continue;
        }
        let list = known
            .iter()
            .map(|k| format!("`{{{k}}}`"))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(
            at_key(
                layers[entry.layer],
                key,
                Severity::Warning,
                crate::msg!(
                    "translations.unknown_placeholder",
                    key,
                    name = format!("{{{name}}}")
                ),
            )
            .with_hint(if list.is_empty() {
                crate::msg!("translations.no_placeholders")
            } else {
                crate::msg!("translations.placeholders", list)
            }),
        );
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(origin: &str, text: &str) -> TranslationFile {
        TranslationFile {
            origin: origin.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    const CS: &str = r#"
locale = "cs_CZ"
[nav]
areas = "Oblasti"
measures = "Opatření"
[home]
intro = "Stav {count} opatření podle vyhodnocení {wave}."
[count.measures]
one = "{count} opatření"
few = "{count} opatření"
many = "{count} opatření"
[count.articles]
one = "{count} článek"
few = "{count} články"
many = "{count} článků"
"#;

    const EN: &str = r#"
locale = "en_GB"
[nav]
areas = "Areas"
measures = "Measures"
[home]
intro = "Status of {count} measures by the evaluation {wave}."
[count.measures]
one = "{count} measure"
many = "{count} measures"
[count.articles]
one = "{count} article"
many = "{count} articles"
"#;

    fn files(pairs: &[(&str, &[(&str, &str)])]) -> BTreeMap<String, Vec<TranslationFile>> {
        pairs
            .iter()
            .map(|(lang, layers)| {
                (
                    lang.to_string(),
                    layers.iter().map(|(o, t)| file(o, t)).collect(),
                )
            })
            .collect()
    }

    fn unknown(languages: &[&str]) -> Diagnostic {
        Diagnostic::error("milnik.toml", format!("unknown; have {languages:?}"))
    }

    fn load_ok(files: &BTreeMap<String, Vec<TranslationFile>>, language: &str) -> Loaded {
        load(files, language, unknown).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn plural_rules() {
        let cs = PluralRule::of("cs");
        let forms: Vec<&str> = [0, 1, 2, 3, 4, 5, 11, 22, 101].map(|n| cs.form(n)).to_vec();
        assert_eq!(
            forms,
            ["many", "one", "few", "few", "few", "many", "many", "many", "many"]
        );
        let en = PluralRule::of("en");
        let forms: Vec<&str> = [0, 1, 2, 5].map(|n| en.form(n)).to_vec();
        assert_eq!(forms, ["many", "one", "many", "many"]);
        assert!(cs.uses("few") && !en.uses("few") && en.uses("one"));
    }

    #[test]
    fn placeholders_are_filled_and_braces_can_be_escaped() {
        assert_eq!(
            pieces("a {b} {{c}} {d"),
            [
                Piece::Text("a "),
                Piece::Placeholder("b"),
                Piece::Text(" {"),
                Piece::Text("c}"),
                Piece::Text(" {d"),
            ]
        );
        assert_eq!(placeholders("{a}, {b_2} a { c }"), ["a", "b_2"]);
        let t = Translations::from_texts(
            "cs",
            [("x".to_string(), "Stav {count} ({wave}) {{x}}".to_string())],
        );
        assert_eq!(
            t.format("x", &[("count", "5"), ("wave", "I.")]),
            "Stav 5 (I.) {x}"
        );
        let mut out = String::new();
        let missing = fill("a {b}", |l, o| o.push_str(l), |_, _| false, &mut out);
        assert_eq!(missing, Err("b"));
    }

    #[test]
    fn keys_are_dotted_and_plurals_follow_the_language() {
        let all = files(&[("cs", &[("cs.toml", CS)]), ("en", &[("en.toml", EN)])]);
        let cs = load_ok(&all, "cs").translations;
        assert_eq!(cs.text("nav.areas"), "Oblasti");
        assert_eq!(cs.text("locale"), "cs_CZ");
        assert_eq!(cs.plural("count.articles", 1, &[]), "1 článek");
        assert_eq!(cs.plural("count.articles", 3, &[]), "3 články");
        assert_eq!(cs.plural("count.articles", 5, &[]), "5 článků");
        assert_eq!(cs.plural("count.articles", 1190, &[]), "1\u{a0}190 článků");
        let en = load_ok(&all, "en");
        assert!(en.warnings.0.is_empty(), "{}", en.warnings);
        let en = en.translations;
        assert_eq!(en.plural("count.articles", 1, &[]), "1 article");
        assert_eq!(en.plural("count.articles", 3, &[]), "3 articles");
        assert_eq!(
            en.lookup("count.articles", None),
            Err(LookupError::NeedsCount)
        );
        assert_eq!(
            en.lookup("nav.area", None),
            Err(LookupError::Unknown(Some("nav.areas".into())))
        );
        assert_eq!(
            en.lookup("count.article", Some(2)),
            Err(LookupError::Unknown(Some("count.articles".into())))
        );
        assert_eq!(
            en.format("home.intro", &[("count", "2"), ("wave", "I")]),
            "Status of 2 measures by the evaluation I."
        );
    }

    #[test]
    fn later_files_change_single_keys() {
        let all = files(&[(
            "cs",
            &[
                ("themes/default/i18n/cs.toml", CS),
                ("i18n/cs.toml", "[nav]\nareas = \"Témata\"\n"),
            ],
        )]);
        let loaded = load_ok(&all, "cs");
        assert!(loaded.warnings.0.is_empty());
        let cs = loaded.translations;
        assert_eq!(cs.text("nav.areas"), "Témata");
        assert_eq!(cs.text("nav.measures"), "Opatření");
    }

    #[test]
    fn a_misspelt_key_in_a_site_override_is_a_warning() {
        let all = files(&[(
            "cs",
            &[
                ("themes/default/i18n/cs.toml", CS),
                ("i18n/cs.toml", "[nav]\narea = \"Témata\"\n"),
            ],
        )]);
        let loaded = load_ok(&all, "cs");
        let shown = loaded.warnings.to_string();
        assert!(shown.contains("i18n/cs.toml:2:1"), "{shown}");
        assert!(shown.contains("did you mean `nav.areas`?"), "{shown}");
    }

    #[test]
    fn a_language_without_a_file_is_an_error_listing_the_languages() {
        let all = files(&[("cs", &[("cs.toml", CS)]), ("en", &[("en.toml", EN)])]);
        let Err(d) = load(&all, "de", unknown) else {
            panic!("de loaded")
        };
        assert!(d.to_string().contains(r#"["cs", "en"]"#), "{d}");
    }

    #[test]
    fn missing_keys_are_an_error_listing_them() {
        let partial = EN.replace("measures = \"Measures\"\n", "").replace(
            "[count.articles]\none = \"{count} article\"\nmany = \"{count} articles\"\n",
            "",
        );
        let all = files(&[
            ("cs", &[("themes/default/i18n/cs.toml", CS)]),
            ("de", &[("i18n/de.toml", &partial)]),
        ]);
        let Err(d) = load(&all, "de", unknown) else {
            panic!("loaded")
        };
        let shown = d.to_string();
        assert!(shown.contains("i18n/de.toml"), "{shown}");
        assert!(
            shown.contains("lacks 3 keys of the default language: `count.articles.many`, `count.articles.one`, `nav.measures`"),
            "{shown}"
        );
        // `few` is not missing: German counts take one or many.
        assert!(!shown.contains("few"), "{shown}");
        assert!(shown.contains("themes/default/i18n/cs.toml"), "{shown}");
    }

    #[test]
    fn extra_keys_are_warnings_with_a_suggestion() {
        let extra = format!("{EN}\n[nav2]\nareas = \"x\"\n[home2]\nintro_text = \"x\"\n");
        let extra = extra.replace(
            "[count.measures]\n",
            "[count.measures]\nfew = \"{count} measures\"\n",
        );
        let all = files(&[
            ("cs", &[("cs.toml", CS)]),
            ("en", &[("i18n/en.toml", &extra)]),
        ]);
        let loaded = load_ok(&all, "en");
        let shown = loaded.warnings.to_string();
        assert!(
            shown.contains("`nav2.areas` is not a key of the default language"),
            "{shown}"
        );
        assert!(shown.contains("did you mean `nav.areas`?"), "{shown}");
        assert!(shown.contains("i18n/en.toml:17:1"), "{shown}");
        assert!(shown.contains("has no `few` plural form"), "{shown}");
        assert_eq!(loaded.warnings.warnings(), 3, "{shown}");
    }

    #[test]
    fn a_site_may_add_the_patterns_of_a_currency_in_any_language() {
        let chf = "[format.currency.CHF]\nmoney = \"{amount} Fr.\"\nunit = \"Fr.\"\n";
        // The theme has crowns; the site adds Swiss francs, a key close to the crowns' one.
        let czk = "\n[format.currency.CZK]\nmoney = \"{amount} Kč\"\nunit = \"Kč\"\n";
        let (cs, en) = (format!("{CS}{czk}"), format!("{EN}{czk}"));
        let all = files(&[
            (
                "cs",
                &[("themes/default/i18n/cs.toml", &cs), ("i18n/cs.toml", chf)],
            ),
            (
                "en",
                &[("themes/default/i18n/en.toml", &en), ("i18n/en.toml", chf)],
            ),
        ]);
        for language in ["cs", "en"] {
            let loaded = load_ok(&all, language);
            assert!(loaded.warnings.0.is_empty(), "{}", loaded.warnings);
            assert_eq!(loaded.translations.text("format.currency.CHF.unit"), "Fr.");
        }
        // Anything else under `format.currency` is still a key nobody uses.
        let typo = files(&[
            ("cs", &[("cs.toml", CS)]),
            (
                "en",
                &[(
                    "i18n/en.toml",
                    &format!("{EN}\n[format.currency.CHF]\nmony = \"x\"\n"),
                )],
            ),
        ]);
        assert_eq!(load_ok(&typo, "en").warnings.warnings(), 1);
    }

    #[test]
    fn an_unknown_placeholder_is_a_warning() {
        let bad = EN.replace("by the evaluation {wave}", "by the evaluation {wav}");
        let all = files(&[("cs", &[("cs.toml", CS)]), ("en", &[("en.toml", &bad)])]);
        let shown = load_ok(&all, "en").warnings.to_string();
        assert!(shown.contains("`home.intro` uses `{wav}`"), "{shown}");
        assert!(shown.contains("`{count}`, `{wave}`"), "{shown}");
    }

    #[test]
    fn a_file_that_is_not_toml_or_not_texts_is_a_located_error() {
        let all = files(&[
            ("cs", &[("cs.toml", CS)]),
            ("en", &[("i18n/en.toml", "[nav]\nareas = \"Areas\nx = 1\n")]),
        ]);
        let d = load(&all, "en", unknown).err().unwrap().to_string();
        assert!(d.contains("i18n/en.toml:2:"), "{d}");
        let all = files(&[
            ("cs", &[("cs.toml", CS)]),
            ("en", &[("i18n/en.toml", "[nav]\nareas = 5\n")]),
        ]);
        let d = load(&all, "en", unknown).err().unwrap().to_string();
        assert!(d.contains("i18n/en.toml:2:"), "{d}");
        assert!(d.contains("a text in quotes or a table of texts"), "{d}");
    }

    #[test]
    fn keys_are_found_in_their_table() {
        let text = "locale = \"x\"\n[nav]\nareas = \"a\"\n[count.measures]\none = \"b\"\n";
        assert_eq!(key_span(text, "locale"), Some(0..6));
        let at = |k| key_span(text, k).map(|r| text[..r.start].matches('\n').count() + 1);
        assert_eq!(at("nav.areas"), Some(3));
        assert_eq!(at("count.measures.one"), Some(5));
        assert_eq!(at("nav.one"), None);
    }
}

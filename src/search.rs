//! Site search: the index written at build time under `hledat/index/`, which the theme's
//! `search.js` queries in the browser, with no server.
//!
//! This module owns what is searchable (one [`SearchDoc`] per area, specific goal, measure,
//! global indicator, wave, article and page, made from the model), how text becomes terms
//! ([`terms`]: case and diacritics folded, Czech endings stripped by [`stem`], measure IDs kept
//! whole), and the files of the index. `search.js` repeats [`terms`] and [`shard_name`] in
//! JavaScript; a browser test checks that both give the same terms.
//!
//! Why not pagefind, the static-search library the issue suggested: measured here with
//! pagefind 1.6.0 through its Rust API (November 2026), indexing 10,000 pages took about 30 s
//! and 3.1 GB of memory, against a whole milnik build of such a site in well under a second; it
//! added 123 crates and 14 MB to the binary, and it has no Czech stemmer. This index is
//! built in milliseconds from the model, stems Czech, and ranks a measure first for its ID.
//!
//! The files, all JSON:
//! - `meta.json`: the number of documents and the names of the term shards that exist, read
//!   first so that the browser never asks for a missing file;
//! - `t/<shard>.json`: the terms starting with the same two characters, each with a flat list
//!   of `document, score` pairs, by document;
//! - `d/<n / 100>/<n>.json`: document `n`: its address, title, kind, ID, status badge and plain
//!   text for the snippet, fetched only for the results shown. A hundred to a directory: two
//!   threads creating files in one directory of 10,000 wait on its lock, which cost 7 % of a
//!   10,000-article build (perf).
//!
//! A query loads `meta.json`, one shard per word and one document per result shown, so what
//! the browser fetches grows with the query, not with the site.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::html::html_text;
use crate::model::{Badge, Site};
use crate::output::SiteOutput;
use crate::slug::fold;

/// Where the index is written, below the search page `hledat/`.
pub const INDEX_DIR: &str = "hledat/index";

/// Documents per directory under `d/` (told to `search.js` in `meta.json`).
pub const DOCS_PER_DIR: usize = 100;

/// The file of document `n`, relative to [`INDEX_DIR`].
pub fn doc_file(n: usize) -> String {
    format!("d/{}/{n}.json", n / DOCS_PER_DIR)
}

/// What kind of page a search result is, shown above its title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Area,
    Goal,
    Measure,
    Indicator,
    Wave,
    Article,
    Page,
}

impl DocKind {
    pub const ALL: [DocKind; 7] = [
        DocKind::Area,
        DocKind::Goal,
        DocKind::Measure,
        DocKind::Indicator,
        DocKind::Wave,
        DocKind::Article,
        DocKind::Page,
    ];

    /// The stable name, also the last part of its translation key `search.kind.<name>`.
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Area => "area",
            DocKind::Goal => "goal",
            DocKind::Measure => "measure",
            DocKind::Indicator => "indicator",
            DocKind::Wave => "wave",
            DocKind::Article => "article",
            DocKind::Page => "page",
        }
    }
}

/// How much a hit counts by where it is: a measure's ID above its title above its lead text
/// above the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Id,
    Title,
    Lead,
    Body,
}

impl Field {
    fn weight(self) -> u32 {
        match self {
            Field::Id => 64,
            Field::Title => 16,
            Field::Lead => 4,
            Field::Body => 1,
        }
    }
}

/// One searchable page (or, for a specific goal, the anchor of its section).
#[derive(Debug, PartialEq)]
pub struct SearchDoc {
    pub kind: DocKind,
    pub href: String,
    pub title: String,
    /// The measure's, goal's or area's ID ("2.1.3.4"), matched before anything else.
    pub id: Option<String>,
    pub badge: Option<Badge>,
    /// A summary or description, counted above the body.
    pub lead: String,
    pub body: String,
}

/// The searchable documents of a site, in the order of the plan, then articles and pages.
pub fn documents(site: &Site) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let latest_report =
        |reports: &[(usize, usize)]| reports.last().map(|&(w, r)| &site.waves[w].goal_reports[r]);
    for area in &site.areas {
        let mut body = html_text(area.goals_intro_html.as_deref().unwrap_or_default());
        for &sg in &area.strategic_goals {
            let sg = &site.strategic_goals[sg];
            push_text(&mut body, &format!("{} {}", sg.id, sg.title));
        }
        docs.push(SearchDoc {
            kind: DocKind::Area,
            href: area.href.clone(),
            title: format!("{} {}", area.id, area.title),
            id: Some(area.id.clone()),
            badge: None,
            lead: html_text(&area.target_group_html),
            body,
        });
        for &sg in &area.strategic_goals {
            for &g in &site.strategic_goals[sg].specific_goals {
                let goal = &site.specific_goals[g];
                let mut body = String::new();
                for ind in &goal.impact_indicators {
                    push_text(&mut body, &ind.name);
                }
                if let Some(report) = latest_report(&goal.reports) {
                    push_text(
                        &mut body,
                        &html_text(report.summary_html.as_deref().unwrap_or_default()),
                    );
                }
                docs.push(SearchDoc {
                    kind: DocKind::Goal,
                    href: goal.href.clone(),
                    title: goal.title.clone(),
                    id: Some(goal.id.clone()),
                    badge: None,
                    lead: html_text(&goal.expected_impact_html),
                    body,
                });
            }
        }
    }
    for m in &site.measures {
        let mut body = String::new();
        for text in [&m.target_group, &m.responsible, &m.schedule]
            .into_iter()
            .chain(&m.output_indicators)
            .chain(&m.funding_sources)
        {
            push_text(&mut body, text);
        }
        if let Some(&(w, g, r)) = m.reports.last() {
            let report = &site.waves[w].goal_reports[g].measures[r];
            for text in [&report.implementer, &report.activity, &report.service]
                .into_iter()
                .flatten()
            {
                push_text(&mut body, text);
            }
            if let Some(p) = &report.project {
                push_text(&mut body, &p.registration);
            }
            if let Some(note) = &report.note_html {
                push_text(&mut body, &html_text(note));
            }
        }
        docs.push(SearchDoc {
            kind: DocKind::Measure,
            href: m.href.clone(),
            title: m.title.clone(),
            id: Some(m.id.clone()),
            badge: m.latest_status.clone(),
            lead: m.description_text.clone(),
            body,
        });
    }
    for ind in &site.indicators {
        let mut body = String::new();
        for note in &ind.notes_html {
            push_text(&mut body, &html_text(note));
        }
        docs.push(SearchDoc {
            kind: DocKind::Indicator,
            href: ind.href.clone(),
            title: ind.name.clone(),
            id: None,
            badge: None,
            lead: ind.expected_text.clone(),
            body,
        });
    }
    for wave in &site.waves {
        let mut body = html_text(wave.summary_html.as_deref().unwrap_or_default());
        for p in &wave.programmes {
            push_text(&mut body, &p.title);
            push_text(&mut body, &html_text(&p.text_html));
        }
        for month in &wave.months {
            push_text(&mut body, &html_text(&month.text_html));
        }
        docs.push(SearchDoc {
            kind: DocKind::Wave,
            href: wave.href.clone(),
            title: wave.title.clone(),
            id: None,
            badge: None,
            lead: wave.covers.clone(),
            body,
        });
    }
    // Most of a large site: the one part worth spreading over the cores.
    docs.par_extend(site.articles.par_iter().map(|a| {
        let mut body = html_text(&a.content.html);
        for tag in &a.tags {
            push_text(&mut body, tag);
        }
        SearchDoc {
            kind: DocKind::Article,
            href: a.href.clone(),
            title: a.title.clone(),
            id: None,
            badge: None,
            lead: a.summary.clone().unwrap_or_default(),
            body,
        }
    }));
    for p in &site.pages {
        docs.push(SearchDoc {
            kind: DocKind::Page,
            href: p.href.clone(),
            title: p.title.clone(),
            id: None,
            badge: None,
            lead: p.description.clone().unwrap_or_default(),
            body: html_text(&p.content.html),
        });
    }
    docs
}

fn push_text(into: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !into.is_empty() {
        into.push('\n');
    }
    into.push_str(text);
}

// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

/// Words too common to help find anything (after folding): prepositions, conjunctions and the
/// like. One-letter words are dropped anyway. `search.js` has the same list.
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "ale"
            | "aby"
            | "byl"
            | "byla"
            | "bylo"
            | "by"
            | "ci"
            | "do"
            | "dle"
            | "jak"
            | "jako"
            | "je"
            | "jeho"
            | "jejich"
            | "jen"
            | "jsou"
            | "ke"
            | "ktera"
            | "ktere"
            | "ktery"
            | "na"
            | "nebo"
            | "od"
            | "po"
            | "pri"
            | "pro"
            | "se"
            | "si"
            | "ta"
            | "tak"
            | "take"
            | "to"
            | "tj"
            | "ve"
            | "za"
            | "ze"
            | "the"
            | "and"
            | "of"
    )
}

/// A term found in text: its folded form as written and its stem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// Lower-case, diacritics removed: "bydleni".
    pub folded: String,
    /// What is indexed: the stem of a word ("bydln"), an ID or number as it is ("2.1.3.4").
    pub stem: String,
}

/// Splits text into its terms, in order. A term is a run of letters and digits; digits joined
/// by dots ("1.1.2.1") stay one term, so a measure's ID is found whole. Words are folded
/// (lower case, no diacritics) and stemmed; one-character terms and stop words are dropped.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    each_term(text, &mut Stemmer::default(), |folded, stem| {
        out.push(Term {
            folded: folded.to_string(),
            stem: stem.to_string(),
        })
    });
    out
}

/// Calls `visit(folded word, stem)` for each term of `text`, as [`terms`] lists them, without
/// allocating per word.
fn each_term(text: &str, stemmer: &mut Stemmer, mut visit: impl FnMut(&str, &str)) {
    let folded = fold(text);
    for word in words(&folded) {
        if word.chars().nth(1).is_none() || is_stop_word(word) {
            continue;
        }
        if word.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            visit(word, word);
        } else {
            visit(word, stemmer.stem(word));
        }
    }
}

/// [`char::is_alphanumeric`], answered without Unicode's tables for the Latin letters of Czech
/// and the languages around it (the tables' look-up was a tenth of splitting text into words).
fn is_word_char(c: char) -> bool {
    match c {
        '\u{c0}'..='\u{17f}' => !matches!(c, '×' | '÷'),
        _ => c.is_alphanumeric(),
    }
}

/// The length in bytes of the character at `i` when it is a letter or digit ([`is_word_char`]),
/// else 0. Told from its bytes for ASCII and the two-byte Latin letters of Czech (U+00C0–U+017F,
/// led by 0xC3–0xC5); anything else is decoded.
#[inline]
fn word_char_len(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    match bytes[i] {
        b if b.is_ascii() => usize::from(b.is_ascii_alphanumeric()),
        // × and ÷, the only two characters of U+00C0–U+00FF that are not letters.
        0xc3 if matches!(bytes.get(i + 1), Some(0x97 | 0xb7)) => 0,
        0xc3..=0xc5 => 2,
        _ => other_word_char_len(text, i),
    }
}

/// [`word_char_len`] for a character it cannot tell from its first byte.
#[cold]
fn other_word_char_len(text: &str, i: usize) -> usize {
    let c = text[i..]
        .chars()
        .next()
        .expect("called at a character boundary");
    if is_word_char(c) {
        c.len_utf8()
    } else {
        0
    }
}

/// The length in bytes of the UTF-8 character whose first byte is `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// The words of folded text: IDs ("1.1.2.1": ASCII digits joined by single dots) or runs of
/// letters and digits. `search.js` splits with the regular expression
/// `[0-9]+(?:\.[0-9]+)+|[\p{L}\p{N}]+`, which this mirrors. Every byte of every document passes
/// through here, so it steps over bytes ([`word_char_len`], [`run_stop`]) and decodes only the
/// characters it cannot tell from their first byte.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // The first letter or digit.
        let start = loop {
            let b = *bytes.get(i)?;
            if word_char_len(text, i) > 0 {
                break i;
            }
            i += utf8_len(b);
        };
        let mut end = start;
        // An ID: digits, then at least one ".digits".
        if bytes[start].is_ascii_digit() {
            let digits = |from: usize| {
                bytes[from..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count()
            };
            end += digits(start);
            let mut groups = 0;
            while bytes.get(end) == Some(&b'.') {
                let more = digits(end + 1);
                if more == 0 {
                    break;
                }
                end += 1 + more;
                groups += 1;
            }
            if groups > 0 {
                i = end;
                return Some(&text[start..end]);
            }
        }
        // A run of letters and digits: up to the next byte that may end it, then that
        // character decides.
        loop {
            let stop = run_stop::next(bytes, end);
            end = match bytes.get(stop) {
                None => stop,
                Some(b) if b.is_ascii() => stop,
                // The second byte of × or ÷: the word ends before its first.
                Some(0x80..=0xbf) => stop - 1,
                Some(_) => match word_char_len(text, stop) {
                    0 => stop,
                    len => {
                        end = stop + len;
                        continue;
                    }
                },
            };
            break;
        }
        i = end;
        Some(&text[start..end])
    })
}

/// Where a run of letters and digits may end, for [`words`]: the bytes that are neither ASCII
/// letters and digits nor part of a two-byte Latin letter of U+00C0–U+017F, and the second byte
/// of × and ÷. A word is found sixteen bytes at a time rather than a character at a time.
mod run_stop {
    /// Whether the byte at `i` may end a run.
    pub(super) fn at(bytes: &[u8], i: usize) -> bool {
        match bytes[i] {
            b if b.is_ascii() => !b.is_ascii_alphanumeric(),
            0x97 | 0xb7 => i > 0 && bytes[i - 1] == 0xc3,
            0x80..=0xbf | 0xc3..=0xc5 => false,
            _ => true,
        }
    }

    /// The first position from `from` on at which a run may end, or the length of `bytes`.
    pub(super) fn next(bytes: &[u8], from: usize) -> usize {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::*;
            // SAFETY (for the block): `find_by_blocks` asks only for blocks with `i >= 1` and
            // `i + 17 <= len`, so both 16-byte loads (at `i - 1` and `i`) stay inside `bytes`.
            crate::scan::find_by_blocks(bytes, from, at, |i| unsafe {
                let load = |p: usize| _mm_loadu_si128(bytes.as_ptr().add(p).cast::<__m128i>());
                let (prev, cur) = (load(i - 1), load(i));
                let set = |b: u8| _mm_set1_epi8(b as i8);
                // Signed comparisons: bytes from 0x80 up are negative.
                let within = |v: __m128i, lo: u8, hi: u8| {
                    _mm_and_si128(
                        _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                        _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                    )
                };
                let lower = _mm_or_si128(cur, set(0x20));
                let ascii_word = _mm_or_si128(within(lower, b'a', b'z'), within(cur, b'0', b'9'));
                // 0x80–0xBF (continuation bytes) are -128..-65; 0xC3–0xC5 are -61..-59.
                let continuation = _mm_cmplt_epi8(cur, set(0xc0));
                let latin = _mm_and_si128(
                    _mm_cmpgt_epi8(cur, set(0xc2)),
                    _mm_cmplt_epi8(cur, set(0xc6)),
                );
                let word = _mm_or_si128(ascii_word, _mm_or_si128(continuation, latin));
                let sign = _mm_or_si128(
                    _mm_cmpeq_epi8(cur, set(0x97)),
                    _mm_cmpeq_epi8(cur, set(0xb7)),
                );
                let times_or_divide = _mm_and_si128(sign, _mm_cmpeq_epi8(prev, set(0xc3)));
                _mm_movemask_epi8(_mm_or_si128(
                    _mm_andnot_si128(word, set(0xff)),
                    times_or_divide,
                ))
            })
        }
        #[cfg(not(target_arch = "x86_64"))]
        crate::scan::find_by_blocks(bytes, from, at)
    }
}

/// A light Czech stemmer on a folded word (no diacritics): strips case endings and
/// possessive suffixes, then evens out the consonant changes of inflection, so that "byty",
/// "bytů" and "bytem" all become "byt", and "dluhy" and "dluhů" become "dluh". It follows the
/// light stemmer of Dolamic and Savoy (2009), adapted to words without diacritics. Never
/// shortens a word below three letters.
pub fn stem(word: &str) -> String {
    Stemmer::default().work_out(word)
}

/// [`stem`] with its buffer kept between words, remembering the stems it has worked out.
#[derive(Default)]
struct Stemmer {
    chars: Vec<char>,
    /// Stems already worked out, by folded word: text repeats its words, so most are looked up.
    known: FxHashMap<String, String>,
    /// Where in `terms` the terms of each word as written in a document are, so that a word met
    /// again is neither folded nor stemmed again: text repeats its words, and folding the whole
    /// text took a third of indexing. Looked up once per word of every document, so a word met
    /// before costs this one lookup.
    by_word: FxHashMap<Box<str>, u32>,
    /// The terms of the words in `by_word`; each stem is shared ([`Stems::intern`]).
    terms: Vec<Box<[Arc<str>]>>,
    stems: Stems,
}

/// One shared copy of each stem, so that a document's terms are counted by address.
#[derive(Default)]
struct Stems(rustc_hash::FxHashSet<Arc<str>>);

impl Stems {
    fn intern(&mut self, stem: &str) -> Arc<str> {
        match self.0.get(stem) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Arc<str> = stem.into();
                self.0.insert(shared.clone());
                shared
            }
        }
    }
}

/// Whether `s` ends with the ASCII `suffix`.
fn ends(s: &[char], suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s[s.len() - suffix.len()..]
            .iter()
            .zip(suffix.bytes())
            .all(|(&c, b)| c == char::from(b))
}

impl Stemmer {
    /// The stems [`each_term`] gives for `word`, one word of unfolded text as [`words`] splits
    /// it. Folding never joins or splits words, as a word's characters stay letters or digits
    /// and a separator stays a separator; what folding does inside the word ("İ" becomes two
    /// characters) is handled by splitting the folded word again.
    fn stems_of(&mut self, word: &str) -> &[Arc<str>] {
        if let Some(&known) = self.by_word.get(word) {
            return &self.terms[known as usize];
        }
        let mut found = Vec::new();
        each_term(word, self, |_, stem| found.push(stem.to_string()));
        let found: Box<[Arc<str>]> = found.iter().map(|s| self.stems.intern(s)).collect();
        let place = self.terms.len();
        self.terms.push(found);
        self.by_word.insert(word.into(), place as u32);
        &self.terms[place]
    }

    fn stem(&mut self, word: &str) -> &str {
        if !self.known.contains_key(word) {
            let stem = self.work_out(word);
            self.known.insert(word.to_string(), stem);
        }
        &self.known[word]
    }

    fn work_out(&mut self, word: &str) -> String {
        let s = &mut self.chars;
        s.clear();
        s.extend(word.chars());
        let len = s.len();
        let any = |s: &[char], suffixes: &[&str]| suffixes.iter().any(|suf| ends(s, suf));
        // Case endings, longest first.
        let cut = if len > 7 && any(s, &["atech"]) {
            5
        } else if len > 6 && any(s, &["etem", "atum"]) {
            4
        } else if len > 5
            && any(
                s,
                &[
                    "ech", "ich", "eho", "emi", "emu", "ete", "eti", "iho", "imi", "imu", "ach",
                    "ata", "aty", "ych", "ama", "ami", "ove", "ovi", "ymi",
                ],
            )
        {
            3
        } else if len > 4
            && any(
                s,
                &[
                    "em", "es", "im", "um", "at", "am", "os", "us", "ym", "mi", "ou",
                ],
            )
        {
            2
        } else if len > 3 && matches!(s[len - 1], 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
            1
        } else {
            0
        };
        s.truncate(len - cut);
        // Possessives: "Novákov", "matčin".
        if s.len() > 5 && any(s, &["ov", "in"]) {
            s.truncate(s.len() - 2);
        }
        // Consonant changes: "-ct" and "-st" at the end become "ck" and "sk", "c" "k", "z" "h";
        // a mobile "e" before the last consonant goes ("bydlen" → "bydln").
        let n = s.len();
        if any(s, &["ct", "st", "c"]) {
            s[n - 1] = 'k';
        } else if ends(s, "z") {
            s[n - 1] = 'h';
        } else if n > 3 && s[n - 2] == 'e' {
            s.remove(n - 2);
        }
        s.iter().collect()
    }
}

/// The shard file a term is in: its first two characters, with anything but ASCII letters and
/// digits spelled as `_` and its code point in hex ("1.1.1.1" → "1_2e").
pub fn shard_name(term: &str) -> String {
    let mut name = String::new();
    for c in term.chars().take(2) {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else {
            name.push_str(&format!("_{:x}", c as u32));
        }
    }
    name
}

// ---------------------------------------------------------------------------------------------
// Index files
// ---------------------------------------------------------------------------------------------

/// The terms of one document with their scores, by term.
fn doc_terms(doc: &SearchDoc, stemmer: &mut Stemmer) -> Vec<(Arc<str>, u32)> {
    // Keyed by address: the stemmer hands out one copy of each stem.
    let mut scores: FxHashMap<*const u8, (Arc<str>, u32)> = FxHashMap::default();
    let mut add = |text: &str, field: Field| {
        for word in words(text) {
            for stem in stemmer.stems_of(word) {
                scores
                    .entry(stem.as_ptr())
                    .or_insert_with(|| (stem.clone(), 0))
                    .1 += field.weight();
            }
        }
    };
    if let Some(id) = &doc.id {
        add(id, Field::Id);
    }
    add(&doc.title, Field::Title);
    add(&doc.lead, Field::Lead);
    add(&doc.body, Field::Body);
    // In no particular order: the postings list each term's documents in document order
    // whatever the order of a document's terms.
    scores.into_values().collect()
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    docs_per_dir: usize,
    shards: Vec<&'a str>,
}

/// What a document's file holds besides its text, which [`fragment_json`] adds.
#[derive(Serialize)]
struct Fragment<'a> {
    href: &'a str,
    title: &'a str,
    kind: DocKind,
    id: Option<&'a str>,
    badge: Option<FragmentBadge<'a>>,
}

#[derive(Serialize)]
struct FragmentBadge<'a> {
    label: &'a str,
    key: &'a str,
}

/// The index files of a site: `(output path, bytes)`, in a stable order.
pub fn index_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    files_of(&documents(site))
}

/// The index files of these documents (see [`index_files`]). Needs no [`Site`], so `serve`
/// can build the index on another thread from the documents of one build.
pub fn files_of(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    let per_doc: Vec<Vec<(Arc<str>, u32)>> = docs
        .par_iter()
        .map_init(Stemmer::default, |stemmer, doc| doc_terms(doc, stemmer))
        .collect();
    // term → flat list of (document, score), documents ascending. A term is found by the
    // address of its shared text first: one stemmer's copies of a stem are one, so the text
    // is hashed once per stemmer rather than once per document.
    let mut postings: Vec<(&str, Vec<u32>)> = Vec::new();
    let mut by_text: FxHashMap<&str, usize> = FxHashMap::default();
    let mut by_address: FxHashMap<*const u8, usize> = FxHashMap::default();
    for (d, terms) in per_doc.iter().enumerate() {
        for (term, score) in terms {
            let place = *by_address.entry(term.as_ptr()).or_insert_with(|| {
                *by_text.entry(term).or_insert_with(|| {
                    postings.push((term, Vec::new()));
                    postings.len() - 1
                })
            });
            let list = &mut postings[place].1;
            list.push(d as u32);
            list.push(*score);
        }
    }
    let mut shards: BTreeMap<String, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (term, list) in postings {
        shards
            .entry(shard_name(term))
            .or_default()
            .insert(term, list);
    }
    let mut files = Vec::with_capacity(shards.len() + docs.len() + 1);
    let meta = Meta {
        version: 2,
        docs: docs.len(),
        docs_per_dir: DOCS_PER_DIR,
        shards: shards.keys().map(String::as_str).collect(),
    };
    files.push((format!("{INDEX_DIR}/meta.json"), json(&meta)));
    files.extend(
        shards
            .par_iter()
            .map(|(name, terms)| (format!("{INDEX_DIR}/t/{name}.json"), json(terms)))
            .collect::<Vec<_>>(),
    );
    files.extend(
        docs.par_iter()
            .enumerate()
            .map(|(i, doc)| (format!("{INDEX_DIR}/{}", doc_file(i)), fragment_json(doc)))
            .collect::<Vec<_>>(),
    );
    files
}

/// Puts a new index into `output` in place of the one it has: files of the old index that the
/// new one lacks go, files whose bytes changed are replaced. Returns the paths that changed
/// or went.
pub fn replace_index(output: &mut SiteOutput, files: Vec<(String, Vec<u8>)>) -> Vec<String> {
    let prefix = format!("{INDEX_DIR}/");
    let new: std::collections::HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut touched: Vec<String> = output
        .files
        .keys()
        .filter(|p| p.starts_with(&prefix) && !new.contains(p.as_str()))
        .cloned()
        .collect();
    for gone in &touched {
        output.files.remove(gone);
    }
    for (path, bytes) in files {
        if output.files.get(&path) != Some(&bytes) {
            touched.push(path.clone());
            output.files.insert(path, bytes);
        }
    }
    touched
}

/// Adds the index files made by [`index_files`] to the rendered `output`. A file the output
/// already has (a static file of the theme or the site at the same path) is an error.
pub fn add_index(
    files: Vec<(String, Vec<u8>)>,
    output: &mut SiteOutput,
    root: &Path,
) -> Diagnostics {
    let mut clashes = Diagnostics::default();
    for (path, bytes) in files {
        if output.files.contains_key(&path) {
            clashes.push(Diagnostic::error(
                root.join("static").join(&path),
                format!(
                    "`{path}` is a file of the search index; a static file cannot have its path"
                ),
            ));
            continue;
        }
        output.files.insert(path, bytes);
    }
    clashes
}

/// Document `doc`'s file: its [`Fragment`] and then `text`, its lead and body on separate
/// lines, as serde_json would write the field. The text is most of the index's bytes (60 MB
/// for 10,000 articles) and serde_json escapes it a byte at a time, so it is escaped here
/// sixteen bytes at a time.
fn fragment_json(doc: &SearchDoc) -> Vec<u8> {
    let fragment = Fragment {
        href: &doc.href,
        title: &doc.title,
        kind: doc.kind,
        id: doc.id.as_deref(),
        badge: doc.badge.as_ref().map(|b| FragmentBadge {
            label: &b.label,
            key: b.key,
        }),
    };
    let mut out = Vec::with_capacity(doc.lead.len() + doc.body.len() + 256);
    serde_json::to_writer(&mut out, &fragment).expect("index data serializes");
    debug_assert_eq!(out.last(), Some(&b'}'));
    out.pop();
    out.extend_from_slice(b",\"text\":\"");
    push_json_escaped(&mut out, &doc.lead);
    if !doc.lead.is_empty() && !doc.body.is_empty() {
        out.extend_from_slice(b"\\n");
    }
    push_json_escaped(&mut out, &doc.body);
    out.extend_from_slice(b"\"}");
    out
}

/// Appends `text` escaped as the inside of a JSON string, byte for byte as serde_json escapes
/// it: `"` and `\\` with a backslash, the control characters with a short escape or `\\u00xx`.
fn push_json_escaped(out: &mut Vec<u8>, text: &str) {
    let needs_escape = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Sixteen bytes at a time while none of them needs escaping (the compiler checks the
        // sixteen in parallel, since nothing stops the fold early).
        if let Some(chunk) = bytes.get(i..i + 16) {
            if !chunk.iter().fold(false, |any, &b| any | needs_escape(b)) {
                i += 16;
                continue;
            }
        }
        let b = bytes[i];
        if needs_escape(b) {
            out.extend_from_slice(&bytes[copied..i]);
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[usize::from(b >> 4)]);
                    out.push(HEX[usize::from(b & 0xf)]);
                }
            }
            copied = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[copied..]);
}

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("index data serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::samples::mixed_text;

    fn stems(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|t| t.stem).collect()
    }

    #[test]
    fn inflected_forms_share_a_stem() {
        for group in [
            &["byty", "bytů", "bytem", "byt"][..],
            &["dluhy", "dluhů", "dluh", "dluhem"],
            &["domovník", "domovníka", "domovníci", "domovníkem"],
            &["bydlení", "bydlením", "Bydlení"],
            &["sociální", "sociálních", "sociálním"],
            &["rodina", "rodiny", "rodinám", "rodinách"],
            &["exekuce", "exekucí"],
        ] {
            let first = stems(group[0]);
            for word in &group[1..] {
                assert_eq!(stems(word), first, "{word} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn diacritics_and_case_do_not_matter() {
        assert_eq!(stems("bydleni"), stems("Bydlení"));
        assert_eq!(stems("DOMOVNIK"), stems("domovník"));
        assert_eq!(stems("zadluzenost"), stems("zadluženost"));
    }

    #[test]
    fn ids_stay_whole_and_numbers_are_not_stemmed() {
        assert_eq!(stems("Opatření 2.1.3.4."), ["opatrn", "2.1.3.4"]);
        assert_eq!(stems("(1.1.1.1, 1.1.2)"), ["1.1.1.1", "1.1.2"]);
        assert_eq!(stems("v roce 2023."), ["rok", "2023"]);
        assert_eq!(stems("1.a"), Vec::<String>::new());
    }

    #[test]
    fn short_and_stop_words_are_dropped() {
        assert_eq!(stems("a v i k"), Vec::<String>::new());
        assert_eq!(stems("pro rodiny a děti"), ["rodin", "det"]);
    }

    #[test]
    fn stems_are_never_shorter_than_three_letters() {
        for word in ["oko", "ulice", "byty", "dům", "ovce", "osy"] {
            let s = stem(&fold(word));
            assert!(s.chars().count() >= 3, "{word} → {s}");
        }
    }

    #[test]
    fn a_document_is_scored_on_the_terms_of_its_whole_text() {
        // Words are looked up as written; the scores must be those of folding the whole text.
        let texts = [
            "Opatření 1.1.2.1: BYDLENÍ v Ostravě, byty, bytů a bytem.",
            "İSTANBUL–Ostrava 2022–2027; DOMOVNÍK „domovník“ domovníkem (č. 12)",
            "ŽLUŤOUČKÝ kůň úpěl ďábelské ódy, 1.2 a 1.2.3 i 3,5 %",
        ];
        let doc = SearchDoc {
            kind: DocKind::Article,
            href: "/clanky/x/".into(),
            title: texts[0].into(),
            id: Some("1.1.2.1".into()),
            badge: None,
            lead: texts[1].into(),
            body: texts.join("\n"),
        };
        let mut expected: BTreeMap<String, u32> = BTreeMap::new();
        for (text, field) in [
            ("1.1.2.1".to_string(), Field::Id),
            (doc.title.clone(), Field::Title),
            (doc.lead.clone(), Field::Lead),
            (doc.body.clone(), Field::Body),
        ] {
            for term in terms(&text) {
                *expected.entry(term.stem).or_default() += field.weight();
            }
        }
        let mut stemmer = Stemmer::default();
        // Twice with one stemmer: the second pass reads every word from what it remembers.
        for _ in 0..2 {
            let got: BTreeMap<String, u32> = doc_terms(&doc, &mut stemmer)
                .into_iter()
                .map(|(term, score)| (term.to_string(), score))
                .collect();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn word_characters_are_the_letters_and_digits_of_unicode() {
        for c in (0..0x600).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_or_ids() {
        // What `words` steps over bytes to find, worked out a character at a time.
        fn by_chars(text: &str) -> Vec<&str> {
            let mut out = Vec::new();
            let mut rest = text;
            while let Some(start) = rest.find(is_word_char) {
                rest = &rest[start..];
                let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
                let mut end = digits(rest);
                let mut id = false;
                while end > 0 && rest[end..].starts_with('.') && digits(&rest[end + 1..]) > 0 {
                    end += 1 + digits(&rest[end + 1..]);
                    id = true;
                }
                if !id {
                    end = rest.find(|c| !is_word_char(c)).unwrap_or(rest.len());
                }
                out.push(&rest[..end]);
                rest = &rest[end..];
            }
            out
        }
        let text = mixed_text();
        assert_eq!(words(&text).collect::<Vec<_>>(), by_chars(&text));
        assert_eq!(
            words("Opatření 1.1.2.1: a×b 2.3. ª").collect::<Vec<_>>(),
            ["Opatření", "1.1.2.1", "a", "b", "2.3", "ª"]
        );
    }

    #[test]
    fn a_document_file_is_the_json_of_its_fields_and_text() {
        let mut text: String = (0u8..0x80).map(char::from).collect();
        text.push_str(&mixed_text());
        text.push_str(" \"quoted\" back\\slash „Czech“");
        let badge = Badge::of(crate::values::Status::parse("V realizaci (2/6)").unwrap());
        for (lead, body, id, badge) in [
            (text.as_str(), text.as_str(), Some("1.1.2.1"), Some(badge)),
            ("", text.as_str(), None, None),
            (text.as_str(), "", None, None),
            ("", "", None, None),
        ] {
            let doc = SearchDoc {
                kind: DocKind::Measure,
                href: "/opatreni/1-1-2-1/".into(),
                title: "Domovník \"v\" domě".into(),
                id: id.map(String::from),
                badge: badge.clone(),
                lead: lead.into(),
                body: body.into(),
            };
            let mut joined = doc.lead.clone();
            push_text(&mut joined, &doc.body);
            // Each field as serde_json writes it, in the order of the struct.
            let badge = doc.badge.as_ref().map(|b| FragmentBadge {
                label: &b.label,
                key: b.key,
            });
            let fields: [(&str, Vec<u8>); 6] = [
                ("href", serde_json::to_vec(&doc.href).unwrap()),
                ("title", serde_json::to_vec(&doc.title).unwrap()),
                ("kind", serde_json::to_vec(&doc.kind).unwrap()),
                ("id", serde_json::to_vec(&doc.id).unwrap()),
                ("badge", serde_json::to_vec(&badge).unwrap()),
                ("text", serde_json::to_vec(&joined).unwrap()),
            ];
            let mut expected = b"{".to_vec();
            for (n, (key, value)) in fields.iter().enumerate() {
                if n > 0 {
                    expected.push(b',');
                }
                expected.extend(format!("\"{key}\":").bytes());
                expected.extend(value);
            }
            expected.push(b'}');
            let written = fragment_json(&doc);
            let first_difference = written.iter().zip(&expected).position(|(a, b)| a != b);
            assert!(
                written == expected,
                "differs from byte {first_difference:?} (lengths {} and {})",
                written.len(),
                expected.len()
            );
        }
    }

    #[test]
    fn shard_names_are_safe_file_names() {
        assert_eq!(shard_name("bydln"), "by");
        assert_eq!(shard_name("1.1.1.1"), "1_2e");
        assert_eq!(shard_name("ø"), "_f8");
        assert_eq!(shard_name("x"), "x");
    }
}

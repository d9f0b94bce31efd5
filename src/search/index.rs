//! The files of the index: each document's terms scored by the field they are in, the
//! postings of each term grouped into shards by its first two characters, `meta.json`, and
//! putting them into a build's output.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::documents::{documents, SearchDoc};
use super::json::fragment_json;
use super::words::{words, WordStems};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Translations;
use crate::model::Site;
use crate::output::SiteOutput;
use crate::pages::route::{self, Segments};

/// Where the index is written: below the search page, `hledat/index` on a Czech site.
pub fn index_dir(segments: &Segments) -> String {
    format!("{}index", route::SEARCH.dir(segments, ""))
}

/// Documents per directory under `d/` (told to `search.js` in `meta.json`).
pub const DOCS_PER_DIR: usize = 100;

/// The file of document `n`, relative to the [`index_dir`].
pub fn doc_file(n: usize) -> String {
    format!("d/{}/{n}.json", n / DOCS_PER_DIR)
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

/// The terms of one document with their scores, by term.
fn doc_terms(doc: &SearchDoc, stems: &mut WordStems) -> Vec<(Arc<str>, u32)> {
    // Keyed by address: `stems` hands out one copy of each stem.
    let mut scores: FxHashMap<*const u8, (Arc<str>, u32)> = FxHashMap::default();
    let mut add = |text: &str, field: Field| {
        for word in words(text) {
            for stem in stems.stems_of(word) {
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

/// The index files of a site: `(output path, bytes)`, in a stable order.
pub fn index_files(site: &Site, tr: &Translations) -> Vec<(String, Vec<u8>)> {
    files_of(&documents(site, tr), &index_dir(&site.segments))
}

/// The index files of these documents (see [`index_files`]). Needs no [`Site`], so `serve`
/// can build the index on another thread from the documents of one build.
pub fn files_of(docs: &[SearchDoc], dir: &str) -> Vec<(String, Vec<u8>)> {
    let per_doc: Vec<Vec<(Arc<str>, u32)>> = docs
        .par_iter()
        .map_init(WordStems::default, |stems, doc| doc_terms(doc, stems))
        .collect();
    // term → flat list of (document, score), documents ascending. A term is found by the
    // address of its shared text first: the copies of a stem from one `WordStems` are one, so
    // the text is hashed once per `WordStems` (one per thread) rather than once per document.
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
    files.push((format!("{dir}/meta.json"), json(&meta)));
    files.extend(
        shards
            .par_iter()
            .map(|(name, terms)| (format!("{dir}/t/{name}.json"), json(terms)))
            .collect::<Vec<_>>(),
    );
    files.extend(
        docs.par_iter()
            .enumerate()
            .map(|(i, doc)| (format!("{dir}/{}", doc_file(i)), fragment_json(doc)))
            .collect::<Vec<_>>(),
    );
    files
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
            clashes.push(
                Diagnostic::error(
                    root.join("static").join(&path),
                    crate::msg!("search.static_clash", path),
                )
                .with_hint(crate::msg!("template.static_clash_hint")),
            );
            continue;
        }
        output.files.insert(path, bytes);
    }
    clashes
}

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("index data serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{terms, DocKind};

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
        let mut stems = WordStems::default();
        // Twice with one memory: the second pass reads every word from what it remembers.
        for _ in 0..2 {
            let got: BTreeMap<String, u32> = doc_terms(&doc, &mut stems)
                .into_iter()
                .map(|(term, score)| (term.to_string(), score))
                .collect();
            assert_eq!(got, expected);
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

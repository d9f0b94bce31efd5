//! `bench search`: how big the search index is, and how much of it the browser fetches for a
//! query, on the bundled Ostrava site and on generated sites.
//!
//! A query fetches `meta.json`, the term shard of each of its words and the document file of
//! each result shown (the first 20). This replays that for a set of queries against the built
//! index, with the matching rules of `search.js` (a term equal to a word's stem, or starting
//! with a stem of three or more letters; every word must match), and adds up the bytes. Which
//! 20 documents are shown depends on the ranking, which this does not replay; it takes the
//! first 20 matches, so the figure is the size of a typical page of results.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use milnik::build::{self, BuildOptions};

/// The queries replayed: words without diacritics, inflected forms, IDs, two-word queries.
pub const QUERIES: &[&str] = &[
    "bydleni",
    "dluhy",
    "domovník",
    "byty",
    "2.1.3.4",
    "sociální služby",
    "zdravi deti",
];

/// Results the search page shows at first.
const SHOWN: usize = 20;

pub struct Report {
    pub site: String,
    pub pages: usize,
    pub documents: usize,
    pub files: usize,
    pub total_bytes: usize,
    pub meta_bytes: usize,
    pub largest_shard: usize,
    /// (query, results, bytes fetched).
    pub queries: Vec<(String, usize, usize)>,
}

pub fn measure(name: &str, root: &Path) -> anyhow::Result<Report> {
    let built = build::render_site(&BuildOptions::new(root))
        .map_err(|e| anyhow::anyhow!("building {}: {e}", root.display()))?;
    let files = &built.output.files;
    let prefix = format!("{}/", milnik::search::index_dir(&Default::default()));
    let index: BTreeMap<&str, &Vec<u8>> = files
        .iter()
        .filter(|(p, _)| p.starts_with(&prefix))
        .map(|(p, b)| (&p[prefix.len()..], b))
        .collect();
    let meta: serde_json::Value = serde_json::from_slice(index["meta.json"])?;
    let documents = meta["docs"].as_u64().unwrap_or(0) as usize;
    let mut queries = Vec::new();
    for query in QUERIES {
        let words = milnik::search::terms(query);
        let mut bytes = index["meta.json"].len();
        let mut matching: Option<BTreeSet<u64>> = None;
        for word in &words {
            let shard = format!("t/{}.json", milnik::search::shard_name(&word.stem));
            let mut docs = BTreeSet::new();
            if let Some(file) = index.get(shard.as_str()) {
                bytes += file.len();
                let terms: BTreeMap<String, Vec<u64>> = serde_json::from_slice(file)?;
                for (term, postings) in terms {
                    let prefix_match =
                        word.stem.chars().count() >= 3 && term.starts_with(&word.stem);
                    if term == word.stem || prefix_match {
                        docs.extend(postings.chunks(2).map(|p| p[0]));
                    }
                }
            }
            matching = Some(match matching {
                None => docs,
                Some(before) => before.intersection(&docs).copied().collect(),
            });
        }
        let matching = matching.unwrap_or_default();
        for doc in matching.iter().take(SHOWN) {
            bytes += index[milnik::search::doc_file(*doc as usize).as_str()].len();
        }
        queries.push((query.to_string(), matching.len(), bytes));
    }
    Ok(Report {
        site: name.to_string(),
        pages: files.keys().filter(|p| p.ends_with(".html")).count(),
        documents,
        files: index.len(),
        total_bytes: index.values().map(|b| b.len()).sum(),
        meta_bytes: index["meta.json"].len(),
        largest_shard: index
            .iter()
            .filter(|(p, _)| p.starts_with("t/"))
            .map(|(_, b)| b.len())
            .max()
            .unwrap_or(0),
        queries,
    })
}

/// Bytes in kB or MB, as the README's tables show them.
pub fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.1} kB", bytes as f64 / 1e3)
    }
}

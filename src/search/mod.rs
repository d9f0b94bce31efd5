//! Site search: the index written at build time under `hledat/index/`, which the theme's
//! `search.js` queries in the browser, with no server.
//!
//! This module owns what is searchable (one [`SearchDoc`] per area, specific goal, measure,
//! global indicator, wave, article and page, made from the model: `documents.rs`), how text
//! becomes terms ([`terms`]: case and diacritics folded, measure IDs kept whole, `words.rs`;
//! Czech endings stripped by [`stem()`], `stem.rs`), and the files of the index (the term shards
//! and postings, `index.rs`; each document's file, `json.rs`). `search.js` repeats [`terms`]
//! and [`shard_name`] in JavaScript; a browser test checks that both give the same terms.
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

mod documents;
mod index;
mod json;
mod stem;
mod words;

pub use documents::{documents, DocKind, SearchDoc};
pub use index::{add_index, doc_file, files_of, index_dir, index_files, shard_name, DOCS_PER_DIR};
pub use stem::stem;
pub use words::{terms, Term};

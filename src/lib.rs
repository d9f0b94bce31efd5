//! milnik: a static site generator that publishes a city's strategic plan (areas → strategic goals
//! → specific goals → measures) and its evaluation waves as a public Czech website.
//!
//! The build is staged, and every command runs the same stages through [`pipeline::Pipeline`]:
//! it settles the configuration, [`content::load`]s `content/` into raw, span-carrying structs,
//! resolves them ([`model::resolve`]) into a read-only [`model::Site`] and loads the theme; a
//! [`pipeline::Renderer`] renders any set of the pages the registry ([`pages`]) lists;
//! [`pipeline::Pipeline::finish`] adds the static files, the search index and the open data and
//! checks the links; an [`output::Destination`] puts the result in place ([`output::Staging`]
//! on disk beside the old site, swapped in; [`output::Live`] in `serve`'s memory).
//! [`build::build`] runs the stages once; [`incremental::Session`] keeps their results for
//! `serve`. `docs/architecture.md` describes the whole.

// Diagnostics travel only on the error path, where their size costs nothing measurable;
// boxing every one would add noise to every fallible function of the loader and renderer.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod chart;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod disk;
pub mod format;
pub mod html;
pub mod i18n;
pub mod incremental;
pub mod links;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod open_data;
pub mod output;
pub mod pages;
pub mod photos;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod report;
mod scan;
pub mod search;
pub mod serve;
pub mod slug;
pub mod spreadsheet;
pub mod typography;
pub mod values;

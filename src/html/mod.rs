//! HTML as text: escaping text into HTML ([`escape_html`], [`escape_text_node`]).
//!
//! A leaf: it imports nothing from the crate, so Markdown, rendering, charts and the server can
//! all use it without importing one another.

mod escape;

pub use escape::{escape_html, escape_text_node};

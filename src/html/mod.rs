//! HTML as text: escaping text into HTML ([`escape_html`], [`escape_text_node`]), reading the
//! text back out of HTML ([`html_text`]), and the character references both meet
//! ([`named_entity`]).
//!
//! A leaf: it imports nothing from the crate but the byte scanner `crate::scan`, so Markdown,
//! rendering, charts, open data, typography and search can all use it without importing one
//! another.

mod entity;
mod escape;
mod text;

pub use entity::{character_reference, decode_references, named_entity, reference_at};
pub use escape::{escape_html, escape_text_node};
pub use text::{html_text, without_tags};

//! The characters the typography writes and reads: Czech quotes, dashes, and the stand-in for
//! text the rules must not look into.

pub(super) use crate::format::NBSP;

pub(super) const OPENING_QUOTE: char = '\u{201e}';
pub(super) const CLOSING_QUOTE: char = '\u{201c}';
pub(super) const EN_DASH: char = '\u{2013}';
pub(super) const EM_DASH: char = '\u{2014}';
/// Stands for a character the rules never look for: the content of a skipped word-like element
/// (`<code>…</code>` reads as a word) and an entity the typography does not decode.
pub(super) const OPAQUE: char = '\u{fffc}';

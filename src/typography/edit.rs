//! The changes the scan decides, and the page they make: each replaces one character or one
//! entity by one character, so the output is allocated once at its exact size.

use std::borrow::Cow;

/// Replacement of the source bytes `start..end` (one character or one entity) by `with`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Edit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) with: char,
}

/// Builds the output from the source and the edits, which are in order and do not overlap.
#[inline]
pub(super) fn apply<'a>(src: &'a str, edits: &[Edit]) -> Cow<'a, str> {
    if edits.is_empty() {
        return Cow::Borrowed(src);
    }
    let len = edits.iter().fold(src.len(), |len, edit| {
        len - (edit.end - edit.start) + edit.with.len_utf8()
    });
    let mut out = String::with_capacity(len);
    let mut copied = 0;
    for edit in edits {
        out.push_str(&src[copied..edit.start]);
        out.push(edit.with);
        copied = edit.end;
    }
    out.push_str(&src[copied..]);
    debug_assert_eq!(out.len(), len);
    Cow::Owned(out)
}

//! Czech typography applied to the text of rendered HTML pages.
//!
//! [`czech_html`] is a post-pass over a finished page. It changes text content only — never
//! markup, attribute values, comments, or anything inside `code`, `pre`, `kbd`, `samp`, `script`,
//! `style`, `textarea`, `svg` and `math` — and applies these rules:
//!
//! 1. a one-letter preposition or conjunction (k, s, v, z, o, u, a, i, either case) is bound to the
//!    next word by a non-breaking space: "v Ostravě";
//! 2. the thousands groups of a number are bound together: "14 964 994,80";
//! 3. a number is bound to its unit ("6,88 %", "15 mil. Kč") and a reference abbreviation to its
//!    number ("§ 5", "č. 12");
//! 4. the parts of a date are bound together: "1. 11. 2022", "1. ledna 2024", "leden 2024";
//! 5. straight double quotes become Czech quotes „…“;
//! 6. the hyphen of a numeric range becomes an en dash ("2022–2027"), and a hyphen spaced between
//!    words becomes an en dash bound to the word before it ("slovo – slovo").
//!
//! Non-breaking spaces, quotes and dashes are written as literal characters; every other byte is
//! kept as it was, entities included. `&nbsp;` and `&quot;` (and their numeric forms) are read as
//! the characters they stand for, so they give context like the characters themselves.
//!
//! Inline elements (`a`, `em`, `span`, …) are transparent: the text before such a tag is the
//! context of the text after it, so `v <a>Ostravě</a>` and `"<em>slovo</em>"` come out right. A
//! skipped `code`, `kbd` or `samp` element reads as one word of the sentence around it. Any other
//! tag ends a block. Rules that read ahead (numbers, units, dates) stay within one text node.
//!
//! The page is scanned once, jumping between the few bytes that can start markup or a change
//! (`<`, `&`, space, `"`, `-`). Each change replaces one character (or one entity) by one
//! character; changes are collected in page order and applied at the end into an output allocated
//! once at its exact size — or not at all when the page needs no change. Every decision looks at a
//! bounded neighbourhood of its trigger, except the scans over a run of digits or a numeric token,
//! which stop at the next space, tag or hyphen, so the pass is linear in the page size.
//!
//! The pass is idempotent: its decisions read the text as it is after the changes already made
//! (a converted quote counts as „ or “, a space made non-breaking is still whitespace), and no
//! rule undoes another, so running it over its own output changes nothing.

use std::borrow::Cow;

use crate::format::{MONTHS, NBSP};
use crate::html::named_entity;

const OPENING_QUOTE: char = '\u{201e}';
const CLOSING_QUOTE: char = '\u{201c}';
const EN_DASH: char = '\u{2013}';
const EM_DASH: char = '\u{2014}';
/// Stands for a character the rules never look for: the content of a skipped word-like element
/// (`<code>…</code>` reads as a word) and an entity this module does not decode.
const OPAQUE: char = '\u{fffc}';

/// How an element takes part in the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    /// Its tags do not interrupt the text around them: `a`, `em`, `span`, ….
    Inline,
    /// Its content is left untouched and it reads as one word of the sentence around it:
    /// `code`, `kbd`, `samp`.
    WordLike,
    /// Its content is left untouched: `pre`, `svg`, `math`.
    Skipped,
    /// Its content is left untouched and is not markup: it ends at the first matching end tag
    /// (`script`, `style`, `textarea`).
    RawText,
    /// Any other element ends a block of text.
    Block,
}

impl Element {
    /// The element a tag name stands for, in any case. Called for every tag of every page, so it
    /// is a `match` over bytes rather than a search through lists of names.
    fn of(name: &str) -> Element {
        const LONGEST: usize = 8;
        if name.len() > LONGEST {
            return Element::Block;
        }
        let mut lower = [0u8; LONGEST];
        let lower = &mut lower[..name.len()];
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        match &*lower {
            b"a" | b"abbr" | b"b" | b"bdi" | b"cite" | b"data" | b"dfn" | b"em" | b"i"
            | b"mark" | b"q" | b"s" | b"small" | b"span" | b"strong" | b"sub" | b"sup"
            | b"time" | b"u" | b"wbr" => Element::Inline,
            b"code" | b"kbd" | b"samp" => Element::WordLike,
            b"pre" | b"svg" | b"math" => Element::Skipped,
            b"script" | b"style" | b"textarea" => Element::RawText,
            _ => Element::Block,
        }
    }
}

/// One-letter prepositions and conjunctions (rule 1).
const ONE_LETTER_WORDS: &[u8] = b"ksvzouaiKSVZOUAI";
/// Units and abbreviations bound to the number before them (rule 3).
const UNITS: [&str; 15] = [
    "%", "‰", "Kč", "EUR", "€", "tis.", "mil.", "mld.", "km²", "km", "m²", "ha", "kg", "ks", "osob",
];
/// Scale abbreviations bound to a following currency (rule 3).
const SCALES: [&str; 3] = ["tis.", "mil.", "mld."];
const CURRENCIES: [&str; 3] = ["Kč", "EUR", "€"];
/// Abbreviations bound to the number after them (rule 3).
const REFERENCES: [&str; 5] = ["č.", "Č.", "odst.", "písm.", "§"];
/// Month names in the genitive, as in "1. ledna 2024" (rule 4).
const GENITIVE_MONTHS: [&str; 12] = [
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
];

/// Where the scan stops: markup, entities, quotes and hyphens, and the spaces a rule may bind.
/// Most spaces of a page cannot be bound by any rule, and stopping at each of them took half
/// the time of the pass (perf), so a space counts only next to a byte that [`Scanner::space`]
/// acts on: after a one-letter word, a digit, a period or a tag (the word may end the text
/// before it), or before a digit or a hyphen. Stopping at more spaces than that changes nothing.
mod triggers {
    /// Bytes that always stop the scan.
    fn is_mark(b: u8) -> bool {
        matches!(b, b'<' | b'&' | b'"' | b'-')
    }

    fn binds_after(b: u8) -> bool {
        super::ONE_LETTER_WORDS.contains(&b) || matches!(b, b'>' | b'.' | b'0'..=b'9')
    }

    fn binds_before(b: u8) -> bool {
        matches!(b, b'-' | b'0'..=b'9')
    }

    /// Whether the scan stops at `at`.
    pub(super) fn at(bytes: &[u8], at: usize) -> bool {
        let b = bytes[at];
        is_mark(b)
            || (b == b' '
                && (at == 0
                    || binds_after(bytes[at - 1])
                    || bytes.get(at + 1).is_some_and(|&n| binds_before(n))))
    }

    /// The first position from `from` on at which the scan stops.
    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    pub(super) fn next(bytes: &[u8], from: usize) -> Option<usize> {
        (from..bytes.len()).find(|&i| at(bytes, i))
    }

    /// The first position from `from` on at which the scan stops, sixteen bytes at a time with
    /// SSE2 (part of every x86-64 processor). `#[inline]`: inlined into the loop of
    /// [`czech_html`](super::czech_html) it costs 7 % fewer instructions of the whole pass
    /// (callgrind); without the hint, whether the compiler inlines it depends on how it groups
    /// the crate's modules into codegen units, which changes when other modules are added.
    #[cfg(target_arch = "x86_64")]
    #[inline]
    pub(super) fn next(bytes: &[u8], from: usize) -> Option<usize> {
        use std::arch::x86_64::*;
        let mut i = from;
        if i == 0 && !bytes.is_empty() {
            if at(bytes, 0) {
                return Some(0);
            }
            i = 1;
        }
        // Each block reads the byte before it and the byte after it.
        while i + 17 <= bytes.len() {
            // SAFETY: `i - 1 >= 0` and `i + 17 <= len`, so the three 16-byte loads (at `i - 1`,
            // `i`, `i + 1`) stay inside `bytes`; the loads are unaligned ones.
            let mask = unsafe {
                let load = |p: usize| _mm_loadu_si128(bytes.as_ptr().add(p).cast::<__m128i>());
                let (prev, cur, next) = (load(i - 1), load(i), load(i + 1));
                let eq = |v: __m128i, b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
                let or = |a: __m128i, b: __m128i| _mm_or_si128(a, b);
                // Signed comparison: bytes from 0x80 up are negative, so never digits.
                let digit = |v: __m128i| {
                    _mm_and_si128(
                        _mm_cmpgt_epi8(v, _mm_set1_epi8(b'0' as i8 - 1)),
                        _mm_cmplt_epi8(v, _mm_set1_epi8(b'9' as i8 + 1)),
                    )
                };
                let marks = or(
                    or(eq(cur, b'<'), eq(cur, b'&')),
                    or(eq(cur, b'"'), eq(cur, b'-')),
                );
                // Setting bit 0x20 lower-cases a letter; only `K` and `k` become `k`, etc.
                let lower = or(prev, _mm_set1_epi8(0x20));
                let mut after = or(or(eq(prev, b'>'), eq(prev, b'.')), digit(prev));
                for &letter in b"ksvzouai" {
                    after = or(after, eq(lower, letter));
                }
                let before = or(eq(next, b'-'), digit(next));
                let spaces = _mm_and_si128(eq(cur, b' '), or(after, before));
                _mm_movemask_epi8(or(marks, spaces))
            };
            if mask != 0 {
                return Some(i + mask.trailing_zeros() as usize);
            }
            i += 16;
        }
        (i..bytes.len()).find(|&p| at(bytes, p))
    }
}

/// Applies Czech typographic rules to the text content of an HTML page (see the module
/// documentation for the rules and what is left alone).
///
/// Returns [`Cow::Borrowed`] with the input itself when no rule applies, so pages that need no
/// change are not copied; otherwise the changed page, allocated once. Applying the function to its
/// own output returns that output unchanged.
pub fn czech_html(html: &str) -> Cow<'_, str> {
    let mut scanner = Scanner {
        src: html,
        edits: Vec::new(),
        node_start: 0,
        carried: BLOCK_START,
    };
    scanner.run();
    apply(html, &scanner.edits)
}

/// Replacement of the source bytes `start..end` (one character or one entity) by `with`.
#[derive(Debug, Clone, Copy)]
struct Edit {
    start: usize,
    end: usize,
    with: char,
}

/// Builds the output from the source and the edits, which are in order and do not overlap.
fn apply<'a>(src: &'a str, edits: &[Edit]) -> Cow<'a, str> {
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

/// A character of text before some position, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// The start of a block: nothing precedes within the block.
    Start,
    Char(char),
}

const BLOCK_START: (Prev, Prev) = (Prev::Start, Prev::Start);

/// What follows a position, for the rules that need a word after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Whitespace, a block boundary, or the end of the page.
    Blank,
    /// Anything else, including an inline tag (its text is assumed to follow).
    Text,
}

struct Scanner<'a> {
    src: &'a str,
    /// Changes decided so far, in page order.
    edits: Vec<Edit>,
    /// Start of the current text node (the end of the last markup).
    node_start: usize,
    /// The last and second-to-last characters of the text before the current node, carried
    /// across inline tags; reset to [`BLOCK_START`] by block boundaries.
    carried: (Prev, Prev),
}

impl Scanner<'_> {
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut i = 0;
        while let Some(at) = triggers::next(bytes, i) {
            i = match bytes[at] {
                b'<' => self.markup(at),
                b'&' => self.ampersand(at),
                b'"' => self.quote(at, at + 1),
                b' ' => self.space(at),
                _ => self.hyphen(at),
            };
        }
    }

    /// Handles the markup starting at `at` (or a literal `<` of text) and returns where to go on.
    fn markup(&mut self, at: usize) -> usize {
        let Some((markup, end)) = parse_markup(self.src, at) else {
            return at + 1;
        };
        // The text before a comment or an inline tag goes on after it; anything else starts a
        // new block or reads as one word.
        let (carried, next) = match markup {
            Markup::Comment => (self.before(at), end),
            Markup::Declaration => (BLOCK_START, end),
            Markup::End(name) if Element::of(name) == Element::Inline => (self.before(at), end),
            Markup::End(_) => (BLOCK_START, end),
            Markup::Start { name, self_closing } => match Element::of(name) {
                Element::Inline => (self.before(at), end),
                Element::Block => (BLOCK_START, end),
                _ if self_closing => (BLOCK_START, end),
                Element::WordLike => (
                    (Prev::Char(OPAQUE), Prev::Char(OPAQUE)),
                    skip_element(self.src, end, name),
                ),
                Element::Skipped | Element::RawText => {
                    (BLOCK_START, skip_element(self.src, end, name))
                }
            },
        };
        self.carried = carried;
        self.node_start = next;
        next
    }

    /// Handles a character reference: a quote entity is a quote; any other is stepped over.
    fn ampersand(&mut self, at: usize) -> usize {
        match entity_at(self.src, at) {
            Some(('"', end)) => self.quote(at, end),
            Some((_, end)) => end,
            None => at + 1,
        }
    }

    /// Rule 5: the straight quote at `at..end` opens when it follows a boundary and precedes a
    /// word, and closes otherwise.
    fn quote(&mut self, at: usize, end: usize) -> usize {
        let opening = opens_quote(self.before(at).0) && self.next(end) == Next::Text;
        self.edit(
            at,
            end,
            if opening {
                OPENING_QUOTE
            } else {
                CLOSING_QUOTE
            },
        );
        end
    }

    /// Rules 1–4 and the spaced dash of rule 6, for the space at `at`.
    fn space(&mut self, at: usize) -> usize {
        let bytes = self.src.as_bytes();
        if bytes.get(at + 1) == Some(&b'-')
            && bytes.get(at + 2) == Some(&b' ')
            && matches!(self.before(at).0, Prev::Char(c) if !c.is_whitespace())
            && self.next(at + 3) == Next::Text
        {
            self.edit(at, at + 1, NBSP);
            self.edit(at + 1, at + 2, EN_DASH);
            return at + 2;
        }
        if self.follows_one_letter_word(at) || self.binds_number_or_date(at) {
            self.edit(at, at + 1, NBSP);
        }
        at + 1
    }

    /// Rule 6: the hyphen at `at` between two digits of a numeric token becomes an en dash.
    fn hyphen(&mut self, at: usize) -> usize {
        let bytes = self.src.as_bytes();
        if at > self.node_start
            && bytes[at - 1].is_ascii_digit()
            && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
            && self.is_numeric_range(at)
        {
            self.edit(at, at + 1, EN_DASH);
        }
        at + 1
    }

    fn edit(&mut self, start: usize, end: usize, with: char) {
        debug_assert!(self.edits.last().is_none_or(|last| last.end <= start));
        self.edits.push(Edit { start, end, with });
    }

    /// Rule 1: the space at `at` follows a standalone one-letter word and precedes a word.
    fn follows_one_letter_word(&self, at: usize) -> bool {
        if at > self.node_start && !ONE_LETTER_WORDS.contains(&self.src.as_bytes()[at - 1]) {
            return false;
        }
        let (last, before_last) = self.before(at);
        let is_one_letter_word = matches!(last, Prev::Char(c)
            if c.is_ascii() && ONE_LETTER_WORDS.contains(&(c as u8)));
        is_one_letter_word && starts_word(before_last) && self.next(at + 1) == Next::Text
    }

    /// Rules 2–4 for the space at `at`, which read the current text node only.
    fn binds_number_or_date(&self, at: usize) -> bool {
        let head = &self.src[self.node_start..at];
        let tail = &self.src[at + 1..];
        // Every rule needs a digit or a period before the space, or a digit after it (units,
        // currencies and months follow a number or an abbreviation ending in a period): most
        // spaces are passed over here.
        let last = head.as_bytes().last().copied().unwrap_or(b' ');
        let first = tail.as_bytes().first().copied().unwrap_or(b' ');
        if !(last.is_ascii_digit() || last == b'.' || first.is_ascii_digit()) {
            return false;
        }
        joins_number(head, tail) || joins_date(head, tail)
    }

    /// Whether the token around the hyphen at `at` is a numeric range: digits, `.` and `,` with
    /// this one hyphen, optionally wrapped in brackets or quotes, or followed by punctuation.
    fn is_numeric_range(&self, at: usize) -> bool {
        let mut p = at;
        let mut in_number = true;
        while let Some((c, start)) = self.char_before(p) {
            if c.is_whitespace() {
                break;
            }
            if in_number && is_number_char(c) {
                p = start;
            } else if matches!(c, '(' | '[' | '"' | OPENING_QUOTE) {
                in_number = false;
                p = start;
            } else {
                return false;
            }
        }
        let bytes = self.src.as_bytes();
        let mut i = at + 1;
        let mut in_number = true;
        while let Some(&b) = bytes.get(i) {
            if b == b'<' {
                break;
            }
            let (c, end) = if b == b'&' {
                entity_at(self.src, i).unwrap_or(('&', i + 1))
            } else {
                let c = self.src[i..].chars().next().unwrap_or(OPAQUE);
                (c, i + c.len_utf8())
            };
            if c.is_whitespace() {
                break;
            }
            if in_number && is_number_char(c) {
                // Still inside the number.
            } else if matches!(
                c,
                ')' | ']' | '"' | CLOSING_QUOTE | '.' | ',' | ':' | ';' | '!' | '?'
            ) {
                in_number = false;
            } else {
                return false;
            }
            i = end;
        }
        true
    }

    /// The character that ends at `p` within the current text node and where it starts, as the
    /// rules see it: changed if an edit changed it, decoded if it is an entity.
    fn char_before(&self, p: usize) -> Option<(char, usize)> {
        if p <= self.node_start {
            return None;
        }
        if let Some(edit) = self
            .edits
            .iter()
            .rev()
            .take_while(|edit| edit.end >= p)
            .find(|edit| edit.end == p)
        {
            return Some((edit.with, edit.start));
        }
        let bytes = self.src.as_bytes();
        if bytes[p - 1] == b';' {
            let from = p.saturating_sub(12).max(self.node_start);
            if let Some(offset) = bytes[from..p - 1].iter().rposition(|&b| b == b'&') {
                let amp = from + offset;
                if let Some((c, end)) = entity_at(self.src, amp) {
                    if end == p {
                        return Some((c, amp));
                    }
                }
            }
        }
        let c = self.src[self.node_start..p].chars().next_back()?;
        Some((c, p - c.len_utf8()))
    }

    /// The last two characters of text before `at`, looking across inline tags into the carried
    /// context when the current node has fewer.
    fn before(&self, at: usize) -> (Prev, Prev) {
        match self.char_before(at) {
            None => self.carried,
            Some((last, start)) => match self.char_before(start) {
                None => (Prev::Char(last), self.carried.0),
                Some((before_last, _)) => (Prev::Char(last), Prev::Char(before_last)),
            },
        }
    }

    /// What follows at `i`: a tag counts as text when it is inline (its text continues the
    /// sentence) and as blank when it ends the block.
    fn next(&self, i: usize) -> Next {
        let is_blank = match self.src.as_bytes().get(i) {
            None => true,
            Some(b'<') => tag_name_at(self.src, i).is_some_and(|name| {
                !matches!(Element::of(name), Element::Inline | Element::WordLike)
            }),
            Some(b'&') => entity_at(self.src, i).is_some_and(|(c, _)| c.is_whitespace()),
            Some(_) => self.src[i..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace),
        };
        if is_blank {
            Next::Blank
        } else {
            Next::Text
        }
    }
}

/// Whether a one-letter word after `prev` stands alone (rule 1).
fn starts_word(prev: Prev) -> bool {
    match prev {
        Prev::Start => true,
        Prev::Char(c) => c.is_whitespace() || matches!(c, '(' | '[' | '"' | OPENING_QUOTE),
    }
}

/// Whether a quote after `prev` may open (rule 5).
fn opens_quote(prev: Prev) -> bool {
    match prev {
        Prev::Start => true,
        Prev::Char(c) => {
            c.is_whitespace() || matches!(c, '(' | '[' | '/' | EN_DASH | EM_DASH | OPENING_QUOTE)
        }
    }
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || c == ','
}

/// Whether a word or number preceded by `before` stands alone: no letter or digit touches it.
fn is_standalone(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether `tail` starts with `word` ending at a word boundary.
fn word_at(tail: &str, word: &str) -> bool {
    tail.strip_prefix(word)
        .is_some_and(|rest| !rest.chars().next().is_some_and(char::is_alphanumeric))
}

/// Whether `head` ends with one of `words`, standing alone.
fn ends_with_word(head: &str, words: &[&str]) -> bool {
    words
        .iter()
        .any(|word| head.strip_suffix(word).is_some_and(is_standalone))
}

/// Rules 2 and 3 for a space between `head` (the text node up to the space) and `tail`.
fn joins_number(head: &str, tail: &str) -> bool {
    let Some(&last) = head.as_bytes().last() else {
        return false;
    };
    if last.is_ascii_digit() {
        return joins_thousands(head, tail)
            || (is_standalone(head.trim_end_matches(is_number_char))
                && UNITS.iter().any(|unit| word_at(tail, unit)));
    }
    // The word after the space is looked at first: it rules out most spaces at once.
    (CURRENCIES.iter().any(|cur| word_at(tail, cur)) && ends_with_word(head, &SCALES))
        || (tail.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && ends_with_word(head, &REFERENCES))
}

/// Rule 2: `head` ends with a group of 1–3 digits that starts a number (it is not the end of a
/// longer number, a decimal part, or part of a word) and `tail` starts with exactly 3 digits.
fn joins_thousands(head: &str, tail: &str) -> bool {
    let digits = head
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .take(4)
        .count();
    if digits > 3 {
        return false;
    }
    let before = &head[..head.len() - digits];
    let starts_number = before
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '.' | ',' | '/' | '_')));
    let next = tail.as_bytes();
    starts_number
        && next.len() >= 3
        && next[..3].iter().all(u8::is_ascii_digit)
        && next.get(3).is_none_or(|b| !b.is_ascii_digit())
}

/// Rule 4 for a space between `head` (the text node up to the space) and `tail`.
fn joins_date(head: &str, tail: &str) -> bool {
    if strip_day(head).is_some()
        && (starts_with_month_number(tail) || GENITIVE_MONTHS.iter().any(|m| word_at(tail, m)))
    {
        return true;
    }
    if !starts_with_year(tail) {
        return false;
    }
    let after_month_number = head
        .strip_suffix('.')
        .and_then(|h| strip_number(h, 2))
        .is_some_and(|(rest, month)| {
            (1..=12).contains(&month) && strip_blank(rest).and_then(strip_day).is_some()
        });
    after_month_number
        || GENITIVE_MONTHS.iter().any(|month| {
            head.strip_suffix(month)
                .and_then(strip_blank)
                .and_then(strip_day)
                .is_some()
        })
        || MONTHS.iter().any(|month| ends_with_month_name(head, month))
}

/// Splits a number of 1 to `max` digits, not preceded by another digit, off the end of `text`.
fn strip_number(text: &str, max: usize) -> Option<(&str, u32)> {
    let digits = text
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .take(max + 1)
        .count();
    if digits == 0 || digits > max {
        return None;
    }
    let (rest, number) = text.split_at(text.len() - digits);
    Some((rest, number.parse().ok()?))
}

/// If `text` ends with a standalone day of month "D." (1–31), the text before the day.
fn strip_day(text: &str) -> Option<&str> {
    let (rest, day) = strip_number(text.strip_suffix('.')?, 2)?;
    let standalone = rest
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '.' || c == ','));
    ((1..=31).contains(&day) && standalone).then_some(rest)
}

/// If `text` ends with one whitespace character or non-breaking space entity, the text before it.
fn strip_blank(text: &str) -> Option<&str> {
    if let Some(c) = text.chars().next_back().filter(|c| c.is_whitespace()) {
        return Some(&text[..text.len() - c.len_utf8()]);
    }
    ["&nbsp;", "&#160;", "&#xa0;", "&#xA0;"]
        .iter()
        .find_map(|entity| text.strip_suffix(entity))
}

/// Whether `tail` starts with a month number "M." (1–12) not followed by a digit.
fn starts_with_month_number(tail: &str) -> bool {
    let bytes = tail.as_bytes();
    let digits = bytes
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .take(3)
        .count();
    (1..=2).contains(&digits)
        && tail[..digits]
            .parse::<u32>()
            .is_ok_and(|month| (1..=12).contains(&month))
        && bytes.get(digits) == Some(&b'.')
        && bytes.get(digits + 1).is_none_or(|b| !b.is_ascii_digit())
}

/// Whether `tail` starts with a four-digit year not followed by another digit.
fn starts_with_year(tail: &str) -> bool {
    let bytes = tail.as_bytes();
    bytes.len() >= 4
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes.get(4).is_none_or(|b| !b.is_ascii_digit())
}

/// Whether `head` ends with the standalone word `name`, its first letter possibly capitalised.
fn ends_with_month_name(head: &str, name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let Some(start) = head.strip_suffix(chars.as_str()) else {
        return false;
    };
    let Some(initial) = start.chars().next_back() else {
        return false;
    };
    (initial == first || initial.to_lowercase().eq([first]))
        && is_standalone(&start[..start.len() - initial.len_utf8()])
}

/// A piece of markup, as far as this module cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Markup<'a> {
    /// A comment, processing instruction, CDATA section, or bogus end tag.
    Comment,
    /// `<!DOCTYPE …>` and other `<!…>` declarations.
    Declaration,
    Start {
        name: &'a str,
        self_closing: bool,
    },
    End(&'a str),
}

/// Parses the markup starting with the `<` at `at`: its kind and the position after it. `None`
/// when the `<` is a literal character of text.
fn parse_markup(src: &str, at: usize) -> Option<(Markup<'_>, usize)> {
    let bytes = src.as_bytes();
    let rest = &bytes[at + 1..];
    let after_gt = || src[at..].find('>').map_or(src.len(), |o| at + o + 1);
    match *rest.first()? {
        b'!' if rest.starts_with(b"!--") => {
            let body = at + 4;
            let end = if bytes[body..].starts_with(b">") {
                body + 1
            } else if bytes[body..].starts_with(b"->") {
                body + 2
            } else {
                src[body..].find("-->").map_or(src.len(), |o| body + o + 3)
            };
            Some((Markup::Comment, end))
        }
        b'!' if rest.starts_with(b"![CDATA[") => {
            let end = src[at..].find("]]>").map_or(src.len(), |o| at + o + 3);
            Some((Markup::Comment, end))
        }
        b'!' => Some((Markup::Declaration, after_gt())),
        b'?' => Some((Markup::Comment, after_gt())),
        b'/' if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
            let name_end = name_end(bytes, at + 2);
            let (end, _) = tag_end(bytes, name_end);
            Some((Markup::End(&src[at + 2..name_end]), end))
        }
        b'/' => Some((Markup::Comment, after_gt())),
        b if b.is_ascii_alphabetic() => {
            let name_end = name_end(bytes, at + 1);
            let (end, self_closing) = tag_end(bytes, name_end);
            let name = &src[at + 1..name_end];
            Some((Markup::Start { name, self_closing }, end))
        }
        _ => None,
    }
}

/// The name of the start or end tag beginning with the `<` at `at`, without parsing the rest.
fn tag_name_at(src: &str, at: usize) -> Option<&str> {
    let bytes = src.as_bytes();
    let start = if bytes.get(at + 1) == Some(&b'/') {
        at + 2
    } else {
        at + 1
    };
    bytes
        .get(start)
        .is_some_and(u8::is_ascii_alphabetic)
        .then(|| &src[start..name_end(bytes, start)])
}

/// The end of a tag name starting at `start`.
fn name_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        .map_or(bytes.len(), |o| start + o)
}

/// The position after the `>` closing the tag whose attributes start at `i`, and whether the tag
/// ends with `/>`. Quoted attribute values may contain `>`.
fn tag_end(bytes: &[u8], mut i: usize) -> (usize, bool) {
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return (i + 1, bytes[i - 1] == b'/'),
            b'=' => {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                if let Some(&quote @ (b'"' | b'\'')) = bytes.get(i) {
                    i = bytes[i + 1..]
                        .iter()
                        .position(|&b| b == quote)
                        .map_or(bytes.len(), |o| i + 1 + o + 1);
                }
            }
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// The position after the end of the skipped element `name` whose content starts at `from`:
/// after its matching end tag (nested elements of the same name counted), or the end of the page
/// when it is not closed.
fn skip_element(src: &str, from: usize, name: &str) -> usize {
    if Element::of(name) == Element::RawText {
        return raw_text_end(src, from, name);
    }
    let mut depth = 1usize;
    let mut i = from;
    while let Some(offset) = src[i..].find('<') {
        let at = i + offset;
        let Some((markup, end)) = parse_markup(src, at) else {
            i = at + 1;
            continue;
        };
        i = end;
        match markup {
            Markup::Start {
                name: inner,
                self_closing: false,
            } => {
                if inner.eq_ignore_ascii_case(name) {
                    depth += 1;
                } else if Element::of(inner) == Element::RawText {
                    i = raw_text_end(src, end, inner);
                }
            }
            Markup::End(inner) if inner.eq_ignore_ascii_case(name) => {
                depth -= 1;
                if depth == 0 {
                    return end;
                }
            }
            _ => {}
        }
    }
    src.len()
}

/// The position after the end tag of the raw-text element `name` (its content starting at
/// `from`), matched case-insensitively; the end of the page when there is none.
fn raw_text_end(src: &str, from: usize, name: &str) -> usize {
    let bytes = src.as_bytes();
    let mut i = from;
    while let Some(offset) = src[i..].find("</") {
        let at = i + offset;
        let name_end = at + 2 + name.len();
        if bytes
            .get(at + 2..name_end)
            .is_some_and(|found| found.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(name_end)
                .is_none_or(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        {
            return tag_end(bytes, name_end).0;
        }
        i = at + 2;
    }
    src.len()
}

/// Decodes the character reference starting with the `&` at `at`: the character it stands for
/// ([`OPAQUE`] for a name this module does not know) and the position after its `;`. `None` when
/// the `&` does not start a terminated reference.
///
/// The names are [`named_entity`]'s and a few more; numbers are read here, with rules of their
/// own (see `crate::html`'s entity module for why they are not shared with text extraction).
fn entity_at(src: &str, at: usize) -> Option<(char, usize)> {
    let bytes = src.as_bytes();
    let mut i = at + 1;
    if bytes.get(i) == Some(&b'#') {
        i += 1;
        let radix = if matches!(bytes.get(i), Some(b'x' | b'X')) {
            i += 1;
            16
        } else {
            10
        };
        let digits = i;
        while i - digits < 8 && bytes.get(i).is_some_and(|&b| char::from(b).is_digit(radix)) {
            i += 1;
        }
        if i == digits || bytes.get(i) != Some(&b';') {
            return None;
        }
        let value = u32::from_str_radix(&src[digits..i], radix).ok()?;
        return Some((char::from_u32(value).unwrap_or(OPAQUE), i + 1));
    }
    while i - at <= 32 && bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    if i == at + 1 || bytes.get(i) != Some(&b';') {
        return None;
    }
    // The names every reader of HTML text knows, then those that matter to typography only.
    let c = match &src[at + 1..i] {
        "QUOT" => '"',
        "AMP" => '&',
        "LT" => '<',
        "GT" => '>',
        "ndash" => EN_DASH,
        "mdash" => EM_DASH,
        "bdquo" => OPENING_QUOTE,
        "ldquo" => CLOSING_QUOTE,
        "sect" => '§',
        name => named_entity(name).unwrap_or(OPAQUE),
    };
    Some((c, i + 1))
}

#[cfg(test)]
mod tests {
    use super::triggers;

    #[test]
    fn elements_are_told_apart_by_name_in_any_case() {
        for (name, element) in [
            ("em", Element::Inline),
            ("STRONG", Element::Inline),
            ("Code", Element::WordLike),
            ("PRE", Element::Skipped),
            ("TextArea", Element::RawText),
            ("p", Element::Block),
            ("figcaption", Element::Block),
            ("textareas", Element::Block),
            ("spán", Element::Block),
        ] {
            assert_eq!(Element::of(name), element, "{name}");
        }
    }

    #[test]
    fn the_scan_stops_where_a_rule_may_apply_and_at_every_mark() {
        let text =
            "Ve dnech 3 v Ostravě - 12 000 Kč, č. 5 a <b>s</b> \"xy\" 2022-2027 &amp; x. y >z ž";
        // Every start offset, so that each byte is seen both in a block and in the tail.
        for from in 0..text.len() {
            let scalar = (from..text.len()).find(|&p| triggers::at(text.as_bytes(), p));
            assert_eq!(triggers::next(text.as_bytes(), from), scalar, "from {from}");
        }
        let stops: Vec<usize> = (0..text.len())
            .filter(|&p| triggers::at(text.as_bytes(), p))
            .collect();
        // The space between "Ve" and "dnech" is passed over; those next to "3" and after "v" are not.
        assert!(!stops.contains(&2));
        assert!([8, 10, 12].iter().all(|p| stops.contains(p)));
    }

    use super::*;

    fn typo(html: &str) -> String {
        czech_html(html).into_owned()
    }

    /// Asserts that `html` comes out exactly as it went in, without a copy.
    fn assert_untouched(html: &str) {
        let out = czech_html(html);
        assert!(
            matches!(out, Cow::Borrowed(_)),
            "expected no change, got {out:?}"
        );
        assert_eq!(out, html);
    }

    // Rule 1: one-letter prepositions and conjunctions.

    #[test]
    fn one_letter_preposition_binds_to_the_next_word() {
        assert_eq!(typo("v Ostravě"), "v\u{a0}Ostravě");
        assert_eq!(
            typo("<p>Žijeme v Ostravě.</p>"),
            "<p>Žijeme v\u{a0}Ostravě.</p>"
        );
    }

    #[test]
    fn every_one_letter_word_binds_in_either_case() {
        for letter in ["k", "s", "v", "z", "o", "u", "a", "i"] {
            let upper = letter.to_uppercase();
            assert_eq!(typo(&format!("x {letter} y")), format!("x {letter}\u{a0}y"));
            assert_eq!(typo(&format!("x {upper} y")), format!("x {upper}\u{a0}y"));
        }
    }

    #[test]
    fn capital_one_letter_word_at_block_start_binds() {
        assert_eq!(
            typo("<li>V realizaci (2/6)</li>"),
            "<li>V\u{a0}realizaci (2/6)</li>"
        );
    }

    #[test]
    fn consecutive_one_letter_words_all_bind() {
        assert_eq!(typo("a v domě"), "a\u{a0}v\u{a0}domě");
        assert_eq!(typo("pes a i kočka"), "pes a\u{a0}i\u{a0}kočka");
    }

    #[test]
    fn one_letter_word_after_bracket_or_quote_binds() {
        assert_eq!(typo("(a to)"), "(a\u{a0}to)");
        assert_eq!(typo("[v textu]"), "[v\u{a0}textu]");
        assert_eq!(typo("„v domě“"), "„v\u{a0}domě“");
        assert_eq!(typo("\"v domě\""), "„v\u{a0}domě“");
    }

    #[test]
    fn one_letter_word_after_a_number_binds() {
        assert_eq!(typo("3 a 4"), "3 a\u{a0}4");
    }

    #[test]
    fn letter_ending_a_longer_word_does_not_bind() {
        assert_untouched("Ava b");
        assert_untouched("Praha a");
        assert_untouched("ka b");
    }

    #[test]
    fn other_one_letter_words_do_not_bind() {
        assert_untouched("x y b c e f");
    }

    #[test]
    fn one_letter_word_needs_a_following_word() {
        assert_untouched("<p>pes a </p>");
        assert_untouched("v  domě");
        assert_untouched("v\ndomě");
        assert_untouched("pes a");
    }

    #[test]
    fn one_letter_word_after_non_breaking_space_binds() {
        assert_eq!(typo("x\u{a0}v domě"), "x\u{a0}v\u{a0}domě");
        assert_eq!(typo("x&nbsp;v domě"), "x&nbsp;v\u{a0}domě");
        assert_eq!(typo("x&#160;v domě"), "x&#160;v\u{a0}domě");
    }

    #[test]
    fn one_letter_word_binds_across_a_following_inline_tag() {
        assert_eq!(
            typo("v <a href=\"x\">Ostravě</a>"),
            "v\u{a0}<a href=\"x\">Ostravě</a>"
        );
    }

    #[test]
    fn one_letter_word_inside_inline_tag_binds_to_text_after_it() {
        assert_eq!(typo("před <b>v</b> domě"), "před <b>v</b>\u{a0}domě");
        assert_eq!(
            typo("před <b>v</b><i> domě</i>"),
            "před <b>v</b><i>\u{a0}domě</i>"
        );
    }

    #[test]
    fn one_letter_word_after_inline_tag_boundary_uses_text_before_the_tag() {
        assert_eq!(typo("slovo <em>a to</em>"), "slovo <em>a\u{a0}to</em>");
        assert_untouched("<b>x</b>v domě");
    }

    #[test]
    fn block_tag_is_a_word_boundary() {
        assert_eq!(typo("<p>x</p><p>v domě</p>"), "<p>x</p><p>v\u{a0}domě</p>");
        assert_eq!(typo("slovo<br>v domě"), "slovo<br>v\u{a0}domě");
    }

    #[test]
    fn one_letter_word_before_block_tag_does_not_bind() {
        assert_untouched("<td>a </td><td>b</td>");
    }

    // Rule 2: digit groups.

    #[test]
    fn thousands_groups_are_joined() {
        assert_eq!(typo("1 190"), "1\u{a0}190");
        assert_eq!(typo("cca 3 100 lidí"), "cca 3\u{a0}100 lidí");
        assert_eq!(typo("(1 190)"), "(1\u{a0}190)");
    }

    #[test]
    fn long_number_chain_is_joined_with_decimal_part_and_currency() {
        assert_eq!(typo("14 964 994,80 Kč"), "14\u{a0}964\u{a0}994,80\u{a0}Kč");
    }

    #[test]
    fn four_digit_first_group_is_not_joined() {
        assert_untouched("roku 2023 150 lidí");
        assert_eq!(typo("2023 150 000"), "2023 150\u{a0}000");
    }

    #[test]
    fn group_must_be_exactly_three_digits() {
        assert_untouched("1 19 lidí");
        assert_untouched("12 1234");
    }

    #[test]
    fn digits_after_decimal_point_or_letter_do_not_start_a_number() {
        assert_untouched("2.1.3.4 123 lidí");
        assert_untouched("0,5 100 lidí");
        assert_untouched("A1 190 lidí");
    }

    #[test]
    fn grouped_number_continues_after_existing_non_breaking_space() {
        assert_eq!(typo("1\u{a0}190 200"), "1\u{a0}190\u{a0}200");
        assert_eq!(typo("1&nbsp;190 200"), "1&nbsp;190\u{a0}200");
    }

    // Rule 3: numbers and units, abbreviations and numbers.

    #[test]
    fn number_binds_to_percent() {
        assert_eq!(typo("6,88 %"), "6,88\u{a0}%");
        assert_eq!(typo("10 %, 20 %"), "10\u{a0}%, 20\u{a0}%");
    }

    #[test]
    fn percentages_compared_with_vs_bind_each() {
        assert_eq!(typo("3,01 % vs. 2,28 %"), "3,01\u{a0}% vs. 2,28\u{a0}%");
    }

    #[test]
    fn number_binds_to_each_unit() {
        for unit in UNITS {
            assert_eq!(
                typo(&format!("5 {unit}")),
                format!("5\u{a0}{unit}"),
                "{unit}"
            );
        }
    }

    #[test]
    fn scale_binds_to_number_and_currency() {
        assert_eq!(typo("15 mil. Kč"), "15\u{a0}mil.\u{a0}Kč");
        assert_eq!(typo("5 tis. EUR"), "5\u{a0}tis.\u{a0}EUR");
        assert_eq!(typo("1,5 mld. €"), "1,5\u{a0}mld.\u{a0}€");
    }

    #[test]
    fn unit_must_end_at_a_word_boundary() {
        assert_untouched("5 kgx");
        assert_untouched("5 osobám");
        assert_untouched("5 Kčs");
        assert_untouched("5 hala");
        assert_eq!(typo("10 %."), "10\u{a0}%.");
        assert_eq!(typo("<td>10 %</td>"), "<td>10\u{a0}%</td>");
    }

    #[test]
    fn unit_needs_a_standalone_number() {
        assert_untouched("A4 ks");
        assert_untouched("slovo ks");
    }

    #[test]
    fn reference_abbreviation_binds_to_number() {
        assert_eq!(typo("§ 5"), "§\u{a0}5");
        assert_eq!(typo("usnesení č. 12"), "usnesení č.\u{a0}12");
        assert_eq!(
            typo("podle odst. 3 písm. 2"),
            "podle odst.\u{a0}3 písm.\u{a0}2"
        );
    }

    #[test]
    fn reference_abbreviation_needs_a_number_and_must_stand_alone() {
        assert_untouched("č. x");
        assert_untouched("vč. 5");
        assert_untouched("tis. lidí");
    }

    // Rule 4: dates.

    #[test]
    fn numeric_date_parts_are_bound() {
        assert_eq!(typo("1. 11. 2022"), "1.\u{a0}11.\u{a0}2022");
        assert_eq!(typo("30. 4. 2024"), "30.\u{a0}4.\u{a0}2024");
    }

    #[test]
    fn day_and_month_without_year_are_bound() {
        assert_eq!(typo("do 30. 4. se"), "do 30.\u{a0}4. se");
    }

    #[test]
    fn availability_note_is_fully_bound() {
        assert_eq!(
            typo("Data dostupná k 30. 4. 2024"),
            "Data dostupná k\u{a0}30.\u{a0}4.\u{a0}2024"
        );
    }

    #[test]
    fn day_with_genitive_month_name_is_bound() {
        assert_eq!(typo("1. ledna 2024"), "1.\u{a0}ledna\u{a0}2024");
        assert_eq!(typo("15. září."), "15.\u{a0}září.");
        assert_eq!(typo("2. července 2023"), "2.\u{a0}července\u{a0}2023");
    }

    #[test]
    fn nominative_month_name_binds_to_year() {
        assert_eq!(typo("leden 2024"), "leden\u{a0}2024");
        assert_eq!(typo("Září 2024"), "Září\u{a0}2024");
        assert_eq!(typo("od červenec 2023"), "od červenec\u{a0}2023");
    }

    #[test]
    fn month_name_inside_longer_word_or_without_year_is_not_bound() {
        assert_untouched("prosincem 2024");
        assert_untouched("ledna 2024");
        assert_untouched("leden 24");
        assert_untouched("1. lednový");
    }

    #[test]
    fn impossible_days_and_months_are_not_dates() {
        assert_untouched("100. 5.");
        assert_untouched("32. 1. 2024");
        assert_untouched("1. 13. 2024");
        assert_untouched("0. 1.");
    }

    #[test]
    fn date_range_is_bound_and_dashed() {
        assert_eq!(
            typo("1. 11. 2022-31. 10. 2025"),
            "1.\u{a0}11.\u{a0}2022\u{2013}31.\u{a0}10.\u{a0}2025"
        );
    }

    // Rule 5: quotes.

    #[test]
    fn straight_quotes_become_czech_quotes() {
        assert_eq!(typo("<p>\"Slovo\" a</p>"), "<p>„Slovo“ a</p>");
        assert_eq!(typo("řekl \"ano\"."), "řekl „ano“.");
    }

    #[test]
    fn quote_entities_become_czech_quotes() {
        assert_eq!(typo("&quot;a&quot;"), "„a“");
        assert_eq!(typo("&#34;b&#34;"), "„b“");
        assert_eq!(typo("&#x22;c&#X22;"), "„c“");
    }

    #[test]
    fn quotes_work_across_inline_tags() {
        assert_eq!(typo("\"<em>slovo</em>\""), "„<em>slovo</em>“");
        assert_eq!(
            typo("viz <a href=\"/x\">\"Název\"</a>"),
            "viz <a href=\"/x\">„Název“</a>"
        );
        assert_eq!(
            typo("\"<a href=\"/x\">Název</a>\" dále"),
            "„<a href=\"/x\">Název</a>“ dále"
        );
    }

    #[test]
    fn quote_after_bracket_slash_or_dash_opens() {
        assert_eq!(typo("(\"citace\")"), "(„citace“)");
        assert_eq!(typo("[\"x\"]"), "[„x“]");
        assert_eq!(typo("a/\"b\""), "a/„b“");
        assert_eq!(typo("x –\"y\""), "x –„y“");
    }

    #[test]
    fn quote_not_followed_by_a_word_closes() {
        assert_eq!(typo("x \" y"), "x “ y");
        assert_eq!(typo("<p>\"</p>"), "<p>“</p>");
    }

    #[test]
    fn quote_at_block_start_opens_even_after_text_in_previous_block() {
        assert_eq!(typo("<p>slovo</p><p>\"x\"</p>"), "<p>slovo</p><p>„x“</p>");
    }

    #[test]
    fn apostrophes_are_left_alone() {
        assert_untouched("it's 'x'");
    }

    // Rule 6: dashes.

    #[test]
    fn hyphen_in_year_range_becomes_en_dash() {
        assert_eq!(typo("2022-2027"), "2022\u{2013}2027");
        assert_eq!(typo("<td>2022-2027</td>"), "<td>2022\u{2013}2027</td>");
        assert_eq!(typo("roky 2022-2027."), "roky 2022\u{2013}2027.");
    }

    #[test]
    fn range_in_brackets_or_quotes_becomes_en_dash() {
        assert_eq!(typo("(2022-2027)"), "(2022\u{2013}2027)");
        assert_eq!(typo("\"2022-2027\""), "„2022\u{2013}2027“");
    }

    #[test]
    fn iso_dates_phone_numbers_and_identifiers_keep_hyphens() {
        assert_untouched("2024-05-01");
        assert_untouched("596-283-111");
        assert_untouched("CZ.03.02/22-005");
        assert_untouched("a-1-2");
        assert_untouched("x2022-2027");
        assert_untouched("2022-2027x");
    }

    #[test]
    fn negative_numbers_keep_hyphens() {
        assert_untouched("-5");
        assert_untouched("x -5");
        assert_untouched("<td>-5</td>");
    }

    #[test]
    fn spaced_hyphen_between_words_becomes_bound_en_dash() {
        assert_eq!(typo("slovo - slovo"), "slovo\u{a0}\u{2013} slovo");
        assert_eq!(
            typo("<b>slovo</b> - slovo"),
            "<b>slovo</b>\u{a0}\u{2013} slovo"
        );
    }

    #[test]
    fn hyphen_not_between_words_stays() {
        assert_untouched("<td>-</td>");
        assert_untouched("<td> - </td>");
        assert_untouched("<li>- položka</li>");
        assert_untouched("slovo -slovo");
    }

    #[test]
    fn url_in_text_is_untouched() {
        assert_untouched("<p>web https://www.ostrava.cz/plan-2022-2027/a-1-2?x=1 2</p>");
    }

    // Identifiers that look like numbers.

    #[test]
    fn measure_ids_and_slash_numbers_are_untouched() {
        assert_untouched("<h2>Opatření 2.1.3.4</h2><p>1.1.1.1</p>");
        assert_untouched("12/12/4/22");
    }

    // What is left alone.

    #[test]
    fn code_pre_kbd_and_samp_are_untouched() {
        for tag in ["code", "pre", "kbd", "samp"] {
            let html = format!("<{tag}>v domě \"x\" 2022-2027 1 190</{tag}>");
            assert_untouched(&html);
        }
    }

    #[test]
    fn nested_skipped_elements_skip_to_the_outer_end() {
        assert_eq!(
            typo("<pre><code>v x</code> v x</pre> v x"),
            "<pre><code>v x</code> v x</pre> v\u{a0}x"
        );
        assert_eq!(
            typo("<code>a <code>v x</code> v x</code> v x"),
            "<code>a <code>v x</code> v x</code> v\u{a0}x"
        );
    }

    #[test]
    fn unclosed_skipped_element_skips_to_the_end() {
        assert_untouched("<p>x</p><pre>v domě \"x\" 2022-2027");
        assert_untouched("<script>var a = \"v x\";");
    }

    #[test]
    fn script_and_style_are_untouched_even_with_markup_like_content() {
        assert_eq!(
            typo("<script>if (a < b) { s = \"</p> v x\"; }</script>v x"),
            "<script>if (a < b) { s = \"</p> v x\"; }</script>v\u{a0}x"
        );
        assert_eq!(
            typo("<STYLE>p > a { content: \"v x\" }</Style>v x"),
            "<STYLE>p > a { content: \"v x\" }</Style>v\u{a0}x"
        );
        assert_untouched("<textarea>v domě \"x\"</textarea>");
    }

    #[test]
    fn script_end_tag_must_match_the_whole_name() {
        assert_eq!(
            typo("<script>a = \"</scripts> v x\";</script>v x"),
            "<script>a = \"</scripts> v x\";</script>v\u{a0}x"
        );
    }

    #[test]
    fn svg_and_math_are_untouched() {
        assert_untouched("<svg viewBox=\"0 0 10 10\"><text>v domě \"x\"</text><svg><text>a b</text></svg> v x</svg>");
        assert_untouched("<math><mi>a</mi> <mo>-</mo> <mn>1</mn> v x</math>");
    }

    #[test]
    fn self_closing_svg_does_not_start_a_skipped_region() {
        assert_eq!(typo("<svg/> v x"), "<svg/> v\u{a0}x");
    }

    #[test]
    fn text_after_word_like_skipped_element_is_processed() {
        assert_eq!(
            typo("<code>v x</code> a v domě"),
            "<code>v x</code> a\u{a0}v\u{a0}domě"
        );
        assert_eq!(typo("\"<code>x</code>\" dále"), "„<code>x</code>“ dále");
    }

    #[test]
    fn comments_are_untouched_and_transparent() {
        assert_untouched("<!-- v domě \"x\" 2022-2027 -->");
        assert_untouched("<!-- a > v b -->");
        assert_eq!(typo("<!---->v x"), "<!---->v\u{a0}x");
        assert_eq!(typo("v<!-- x --> domě"), "v<!-- x -->\u{a0}domě");
        assert_untouched("<!-- neuzavřený v x");
    }

    #[test]
    fn doctype_is_untouched() {
        assert_eq!(
            typo("<!DOCTYPE html>\n<p>v x</p>"),
            "<!DOCTYPE html>\n<p>v\u{a0}x</p>"
        );
    }

    #[test]
    fn attributes_are_untouched() {
        assert_eq!(
            typo("<a title=\"v domě &quot;x&quot;\" href=\"/a-1-2/\">v domě</a>"),
            "<a title=\"v domě &quot;x&quot;\" href=\"/a-1-2/\">v\u{a0}domě</a>"
        );
    }

    #[test]
    fn attribute_values_may_contain_greater_than() {
        assert_eq!(
            typo("<a title=\"a > v b\" data-x='1 > 2 000' href=x>v domě</a>"),
            "<a title=\"a > v b\" data-x='1 > 2 000' href=x>v\u{a0}domě</a>"
        );
    }

    #[test]
    fn title_text_is_processed() {
        assert_eq!(
            typo("<title>Plán v Ostravě 2022-2027</title>"),
            "<title>Plán v\u{a0}Ostravě 2022\u{2013}2027</title>"
        );
    }

    #[test]
    fn entities_are_kept_verbatim() {
        assert_eq!(typo("R&amp;D a v domě"), "R&amp;D a\u{a0}v\u{a0}domě");
        assert_untouched("5&nbsp;% a&nbsp;b &lt;v&gt; &amp;quot;");
        assert_untouched("AT&T; x");
    }

    #[test]
    fn literal_less_than_in_text_is_text() {
        assert_eq!(typo("x < v b"), "x < v\u{a0}b");
        assert_eq!(typo("1 < 2 000"), "1 < 2\u{a0}000");
    }

    // Non-ASCII text.

    #[test]
    fn multibyte_characters_around_changes_are_preserved() {
        assert_eq!(typo("ž v ž"), "ž v\u{a0}ž");
        assert_eq!(typo("🙂 \"ž\" a 😀"), "🙂 „ž“ a\u{a0}😀");
        assert_eq!(typo("ž 2022-2027 ž"), "ž 2022\u{2013}2027 ž");
        assert_eq!(typo("„ž“ 1 190 ž"), "„ž“ 1\u{a0}190 ž");
        assert_eq!(typo("😀 - 😀"), "😀\u{a0}\u{2013} 😀");
        assert_untouched("ž2022-2027 🙂v x ž§ 5");
    }

    #[test]
    fn multibyte_letter_before_one_letter_word_blocks_it() {
        assert_untouched("žv domě");
        assert_untouched("😀v domě");
    }

    // Whole pages.

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="cs">
<head>
<meta charset="utf-8">
<title>Plán rozvoje v Ostravě 2022-2027</title>
<style>p > a::after { content: "v a"; }</style>
<script type="application/ld+json">{"name": "v domě", "range": "2022-2027"}</script>
</head>
<body>
<!-- "komentář" v domě 2022-2027 -->
<nav><a href="/plan-2022-2027/" title="Plán &quot;v&quot; 2022-2027">Plán</a></nav>
<main>
<h1>Opatření 2.1.3.4 a 1.1.1.1</h1>
<p>Data dostupná k 30. 4. 2024. Rozpočet 14 964 994,80 Kč, tj. cca 3 100 tis. Kč ročně.</p>
<p>"Citace" a <em>"zdůraznění"</em> v <a href="/x">Ostravě</a> (a to v letech 2022-2027).</p>
<ul><li>V realizaci (2/6)</li><li>Podíl 3,01 % vs. 2,28 %</li><li>Termín 1. 11. 2022-31. 10. 2025</li></ul>
<table><tr><td>-</td><td>15 mil. Kč</td><td>§ 5 odst. 2</td></tr></table>
<pre><code>v domě "x" 2022-2027</code></pre>
<p>Telefon 596-283-111, web https://www.ostrava.cz/plan-2022-2027, ID CZ.03.02/22-005, 12/12/4/22.</p>
<p>slovo - slovo, leden 2024, 1. ledna 2024 &amp; &nbsp;v domě &quot;ž&quot; 🙂</p>
</main>
</body>
</html>
"#;

    #[test]
    fn realistic_page_gets_every_rule() {
        let out = typo(PAGE);
        for expected in [
            "<title>Plán rozvoje v\u{a0}Ostravě 2022\u{2013}2027</title>",
            "k\u{a0}30.\u{a0}4.\u{a0}2024.",
            "14\u{a0}964\u{a0}994,80\u{a0}Kč",
            "3\u{a0}100\u{a0}tis.\u{a0}Kč",
            "<p>„Citace“ a\u{a0}<em>„zdůraznění“</em> v\u{a0}<a href=\"/x\">Ostravě</a>",
            "(a\u{a0}to v\u{a0}letech 2022\u{2013}2027)",
            "<li>V\u{a0}realizaci (2/6)</li>",
            "3,01\u{a0}% vs. 2,28\u{a0}%",
            "1.\u{a0}11.\u{a0}2022\u{2013}31.\u{a0}10.\u{a0}2025",
            "<td>-</td><td>15\u{a0}mil.\u{a0}Kč</td><td>§\u{a0}5 odst.\u{a0}2</td>",
            "slovo\u{a0}\u{2013} slovo, leden\u{a0}2024, 1.\u{a0}ledna\u{a0}2024",
            "&amp; &nbsp;v\u{a0}domě „ž“ 🙂",
        ] {
            assert!(out.contains(expected), "missing {expected:?} in\n{out}");
        }
        for unchanged in [
            "<style>p > a::after { content: \"v a\"; }</style>",
            "{\"name\": \"v domě\", \"range\": \"2022-2027\"}",
            "<!-- \"komentář\" v domě 2022-2027 -->",
            "<a href=\"/plan-2022-2027/\" title=\"Plán &quot;v&quot; 2022-2027\">",
            "Opatření 2.1.3.4 a\u{a0}1.1.1.1",
            "<pre><code>v domě \"x\" 2022-2027</code></pre>",
            "Telefon 596-283-111, web https://www.ostrava.cz/plan-2022-2027, ID CZ.03.02/22-005, 12/12/4/22.",
        ] {
            assert!(out.contains(unchanged), "missing {unchanged:?} in\n{out}");
        }
    }

    #[test]
    fn applying_twice_equals_applying_once() {
        let once = typo(PAGE);
        assert_untouched(&once);
        for html in [
            "\"\"x\" a \"",
            "x\"a b",
            "slovo - - slovo - a - b",
            "2023 150 000 1 190 200",
            "(\"2022-2027\") 1. 11. 2022-31. 10. 2025",
            "<b>v</b> <i>a</i> <em>\"</em>x\"",
            "a&nbsp;- b &quot; &quot;x",
        ] {
            let once = typo(html);
            assert_eq!(typo(&once), once, "input {html:?}");
        }
    }

    #[test]
    fn generated_fragment_mixes_are_idempotent_and_keep_markup() {
        const PIECES: [&str; 40] = [
            "v",
            "a",
            "K",
            "i",
            "ž",
            "🙂",
            "slovo",
            "2022",
            "1",
            "190",
            "30.",
            "4.",
            "ledna",
            "leden",
            "2024",
            "%",
            "Kč",
            "mil.",
            "§",
            "č.",
            "-",
            "\"",
            "&quot;",
            "&nbsp;",
            "&amp;",
            "(",
            ")",
            "„",
            "–",
            "<em>",
            "</em>",
            "<a href=\"/a-1 \\\">x\">",
            "</a>",
            "<p>",
            "</p>",
            "<br>",
            "<code>v \"x\"</code>",
            "<!-- v x -->",
            "\u{a0}",
            "< ",
        ];
        const SEPARATORS: [&str; 4] = [" ", " ", "", "\n"];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % bound
        };
        for _ in 0..2_000 {
            let mut html = String::new();
            for _ in 0..next(12) + 1 {
                html.push_str(PIECES[next(PIECES.len())]);
                html.push_str(SEPARATORS[next(SEPARATORS.len())]);
            }
            let once = typo(&html);
            assert_eq!(typo(&once), once, "input {html:?}");
            let kept = |text: &str| text.matches("<code>v \"x\"</code>").count();
            assert_eq!(kept(&once), kept(&html), "input {html:?}");
        }
    }

    #[test]
    fn page_with_nothing_to_change_is_returned_without_copy() {
        assert_untouched(
            "<!DOCTYPE html><html><head><title>Plán</title></head>\
             <body><p>Strategický plán města.</p><p>Opatření 2.1.3.4, 12/12/4/22.</p></body></html>",
        );
        assert_untouched("");
    }

    #[test]
    fn pathological_input_is_handled_in_linear_time() {
        let hyphens = "1-".repeat(200_000);
        assert_untouched(&hyphens);
        let digits = "1.".repeat(200_000);
        assert_eq!(typo(&format!("{digits}1 %")), format!("{digits}1\u{a0}%"));
        let tags = "<b>".repeat(100_000) + "v x";
        assert!(typo(&tags).ends_with("v\u{a0}x"));
    }
}

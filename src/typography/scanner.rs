//! The single pass over a page: jumps from trigger to trigger, steps over markup and skipped
//! elements, keeps the text before the current position as the rules' context (across inline
//! tags), and asks the rules what to change at each space, quote and hyphen.

use super::chars::{CLOSING_QUOTE, EN_DASH, NBSP, OPAQUE, OPENING_QUOTE};
use super::edit::Edit;
use super::entity::entity_at;
use super::markup::{parse_markup, skip_element, tag_name_at, Element, Markup};
use super::rules::{
    is_number_char, joins_date, joins_number, opens_quote, starts_word, Next, Prev, BLOCK_START,
    ONE_LETTER_WORDS,
};
use super::triggers;

/// The changes Czech typography makes to `html`, in page order and not overlapping.
#[inline]
pub(super) fn edits(html: &str) -> Vec<Edit> {
    let mut scanner = Scanner {
        src: html,
        edits: Vec::new(),
        node_start: 0,
        carried: BLOCK_START,
    };
    scanner.run();
    scanner.edits
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

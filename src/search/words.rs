//! Text into terms: the words of a text (runs of letters and digits, measure IDs whole), folded
//! to lower case without diacritics, stop words dropped, and stemmed (`stem.rs`). What
//! [`terms`] gives, `search.js` gives for a query.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::stem::Stemmer;
use crate::slug::fold;

/// Words too common to help find anything (after folding): prepositions, conjunctions and the
/// like. One-letter words are dropped anyway. `search.js` has the same list.
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "ale"
            | "aby"
            | "byl"
            | "byla"
            | "bylo"
            | "by"
            | "ci"
            | "do"
            | "dle"
            | "jak"
            | "jako"
            | "je"
            | "jeho"
            | "jejich"
            | "jen"
            | "jsou"
            | "ke"
            | "ktera"
            | "ktere"
            | "ktery"
            | "na"
            | "nebo"
            | "od"
            | "po"
            | "pri"
            | "pro"
            | "se"
            | "si"
            | "ta"
            | "tak"
            | "take"
            | "to"
            | "tj"
            | "ve"
            | "za"
            | "ze"
            | "the"
            | "and"
            | "of"
    )
}

/// A term found in text: its folded form as written and its stem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// Lower-case, diacritics removed: "bydleni".
    pub folded: String,
    /// What is indexed: the stem of a word ("bydln"), an ID or number as it is ("2.1.3.4").
    pub stem: String,
}

/// Splits text into its terms, in order. A term is a run of letters and digits; digits joined
/// by dots ("1.1.2.1") stay one term, so a measure's ID is found whole. Words are folded
/// (lower case, no diacritics) and stemmed; one-character terms and stop words are dropped.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    each_term(text, &mut Stemmer::default(), |folded, stem| {
        out.push(Term {
            folded: folded.to_string(),
            stem: stem.to_string(),
        })
    });
    out
}

/// Calls `visit(folded word, stem)` for each term of `text`, as [`terms`] lists them, without
/// allocating per word.
fn each_term(text: &str, stemmer: &mut Stemmer, mut visit: impl FnMut(&str, &str)) {
    let folded = fold(text);
    for word in words(&folded) {
        if word.chars().nth(1).is_none() || is_stop_word(word) {
            continue;
        }
        if word.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            visit(word, word);
        } else {
            visit(word, stemmer.stem(word));
        }
    }
}

/// [`char::is_alphanumeric`], answered without Unicode's tables for the Latin letters of Czech
/// and the languages around it (the tables' look-up was a tenth of splitting text into words).
fn is_word_char(c: char) -> bool {
    match c {
        '\u{c0}'..='\u{17f}' => !matches!(c, '×' | '÷'),
        _ => c.is_alphanumeric(),
    }
}

/// The length in bytes of the character at `i` when it is a letter or digit ([`is_word_char`]),
/// else 0. Told from its bytes for ASCII and the two-byte Latin letters of Czech (U+00C0–U+017F,
/// led by 0xC3–0xC5); anything else is decoded.
#[inline]
fn word_char_len(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    match bytes[i] {
        b if b.is_ascii() => usize::from(b.is_ascii_alphanumeric()),
        // × and ÷, the only two characters of U+00C0–U+00FF that are not letters.
        0xc3 if matches!(bytes.get(i + 1), Some(0x97 | 0xb7)) => 0,
        0xc3..=0xc5 => 2,
        _ => other_word_char_len(text, i),
    }
}

/// [`word_char_len`] for a character it cannot tell from its first byte.
#[cold]
fn other_word_char_len(text: &str, i: usize) -> usize {
    let c = text[i..]
        .chars()
        .next()
        .expect("called at a character boundary");
    if is_word_char(c) {
        c.len_utf8()
    } else {
        0
    }
}

/// The length in bytes of the UTF-8 character whose first byte is `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// The words of folded text: IDs ("1.1.2.1": ASCII digits joined by single dots) or runs of
/// letters and digits. `search.js` splits with the regular expression
/// `[0-9]+(?:\.[0-9]+)+|[\p{L}\p{N}]+`, which this mirrors. Every byte of every document passes
/// through here, so it steps over bytes ([`word_char_len`], [`run_stop`]) and decodes only the
/// characters it cannot tell from their first byte. `#[inline]`, as the indexer that calls it
/// for every field of every document is in another module.
#[inline]
pub(super) fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // The first letter or digit.
        let start = loop {
            let b = *bytes.get(i)?;
            if word_char_len(text, i) > 0 {
                break i;
            }
            i += utf8_len(b);
        };
        let mut end = start;
        // An ID: digits, then at least one ".digits".
        if bytes[start].is_ascii_digit() {
            let digits = |from: usize| {
                bytes[from..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count()
            };
            end += digits(start);
            let mut groups = 0;
            while bytes.get(end) == Some(&b'.') {
                let more = digits(end + 1);
                if more == 0 {
                    break;
                }
                end += 1 + more;
                groups += 1;
            }
            if groups > 0 {
                i = end;
                return Some(&text[start..end]);
            }
        }
        // A run of letters and digits: up to the next byte that may end it, then that
        // character decides.
        loop {
            let stop = run_stop::next(bytes, end);
            end = match bytes.get(stop) {
                None => stop,
                Some(b) if b.is_ascii() => stop,
                // The second byte of × or ÷: the word ends before its first.
                Some(0x80..=0xbf) => stop - 1,
                Some(_) => match word_char_len(text, stop) {
                    0 => stop,
                    len => {
                        end = stop + len;
                        continue;
                    }
                },
            };
            break;
        }
        i = end;
        Some(&text[start..end])
    })
}

/// Where a run of letters and digits may end, for [`words`]: the bytes that are neither ASCII
/// letters and digits nor part of a two-byte Latin letter of U+00C0–U+017F, and the second byte
/// of × and ÷. A word is found sixteen bytes at a time rather than a character at a time.
mod run_stop {
    use crate::scan::find_by_blocks;

    /// Whether the byte at `i` may end a run.
    pub(super) fn at(bytes: &[u8], i: usize) -> bool {
        match bytes[i] {
            b if b.is_ascii() => !b.is_ascii_alphanumeric(),
            0x97 | 0xb7 => i > 0 && bytes[i - 1] == 0xc3,
            0x80..=0xbf | 0xc3..=0xc5 => false,
            _ => true,
        }
    }

    /// The first position from `from` on at which a run may end, or the length of `bytes`.
    pub(super) fn next(bytes: &[u8], from: usize) -> usize {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::*;
            // SAFETY (for the block): `find_by_blocks` asks only for blocks with `i >= 1` and
            // `i + 17 <= len`, so both 16-byte loads (at `i - 1` and `i`) stay inside `bytes`.
            find_by_blocks(bytes, from, at, |i| unsafe {
                let load = |p: usize| _mm_loadu_si128(bytes.as_ptr().add(p).cast::<__m128i>());
                let (prev, cur) = (load(i - 1), load(i));
                let set = |b: u8| _mm_set1_epi8(b as i8);
                // Signed comparisons: bytes from 0x80 up are negative.
                let within = |v: __m128i, lo: u8, hi: u8| {
                    _mm_and_si128(
                        _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                        _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                    )
                };
                let lower = _mm_or_si128(cur, set(0x20));
                let ascii_word = _mm_or_si128(within(lower, b'a', b'z'), within(cur, b'0', b'9'));
                // 0x80–0xBF (continuation bytes) are -128..-65; 0xC3–0xC5 are -61..-59.
                let continuation = _mm_cmplt_epi8(cur, set(0xc0));
                let latin = _mm_and_si128(
                    _mm_cmpgt_epi8(cur, set(0xc2)),
                    _mm_cmplt_epi8(cur, set(0xc6)),
                );
                let word = _mm_or_si128(ascii_word, _mm_or_si128(continuation, latin));
                let sign = _mm_or_si128(
                    _mm_cmpeq_epi8(cur, set(0x97)),
                    _mm_cmpeq_epi8(cur, set(0xb7)),
                );
                let times_or_divide = _mm_and_si128(sign, _mm_cmpeq_epi8(prev, set(0xc3)));
                _mm_movemask_epi8(_mm_or_si128(
                    _mm_andnot_si128(word, set(0xff)),
                    times_or_divide,
                ))
            })
        }
        #[cfg(not(target_arch = "x86_64"))]
        find_by_blocks(bytes, from, at)
    }
}

/// The stems of each word as written in a document, remembered between documents so that a
/// word met again is neither folded nor stemmed again: text repeats its words, and folding the
/// whole text took a third of indexing.
#[derive(Default)]
pub(super) struct WordStems {
    stemmer: Stemmer,
    /// Where in `terms` the terms of each word as written in a document are. Looked up once
    /// per word of every document, so a word met before costs this one lookup.
    by_word: FxHashMap<Box<str>, u32>,
    /// The terms of the words in `by_word`; each stem is shared ([`Stems::intern`]).
    terms: Vec<Box<[Arc<str>]>>,
    stems: Stems,
}

impl WordStems {
    /// The stems [`each_term`] gives for `word`, one word of unfolded text as [`words`] splits
    /// it. Folding never joins or splits words, as a word's characters stay letters or digits
    /// and a separator stays a separator; what folding does inside the word ("İ" becomes two
    /// characters) is handled by splitting the folded word again. `#[inline]`: called for each
    /// word by the indexer in another module, and mostly one lookup.
    #[inline]
    pub(super) fn stems_of(&mut self, word: &str) -> &[Arc<str>] {
        if let Some(&known) = self.by_word.get(word) {
            return &self.terms[known as usize];
        }
        let mut found = Vec::new();
        each_term(word, &mut self.stemmer, |_, stem| {
            found.push(stem.to_string())
        });
        let found: Box<[Arc<str>]> = found.iter().map(|s| self.stems.intern(s)).collect();
        let place = self.terms.len();
        self.terms.push(found);
        self.by_word.insert(word.into(), place as u32);
        &self.terms[place]
    }
}

/// One shared copy of each stem, so that a document's terms are counted by address.
#[derive(Default)]
struct Stems(rustc_hash::FxHashSet<Arc<str>>);

impl Stems {
    fn intern(&mut self, stem: &str) -> Arc<str> {
        match self.0.get(stem) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Arc<str> = stem.into();
                self.0.insert(shared.clone());
                shared
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::samples::mixed_text;

    fn stems(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|t| t.stem).collect()
    }

    #[test]
    fn diacritics_and_case_do_not_matter() {
        assert_eq!(stems("bydleni"), stems("Bydlení"));
        assert_eq!(stems("DOMOVNIK"), stems("domovník"));
        assert_eq!(stems("zadluzenost"), stems("zadluženost"));
    }

    #[test]
    fn ids_stay_whole_and_numbers_are_not_stemmed() {
        assert_eq!(stems("Opatření 2.1.3.4."), ["opatrn", "2.1.3.4"]);
        assert_eq!(stems("(1.1.1.1, 1.1.2)"), ["1.1.1.1", "1.1.2"]);
        assert_eq!(stems("v roce 2023."), ["rok", "2023"]);
        assert_eq!(stems("1.a"), Vec::<String>::new());
    }

    #[test]
    fn short_and_stop_words_are_dropped() {
        assert_eq!(stems("a v i k"), Vec::<String>::new());
        assert_eq!(stems("pro rodiny a děti"), ["rodin", "det"]);
    }

    #[test]
    fn word_characters_are_the_letters_and_digits_of_unicode() {
        for c in (0..0x600).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_or_ids() {
        // What `words` steps over bytes to find, worked out a character at a time.
        fn by_chars(text: &str) -> Vec<&str> {
            let mut out = Vec::new();
            let mut rest = text;
            while let Some(start) = rest.find(is_word_char) {
                rest = &rest[start..];
                let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
                let mut end = digits(rest);
                let mut id = false;
                while end > 0 && rest[end..].starts_with('.') && digits(&rest[end + 1..]) > 0 {
                    end += 1 + digits(&rest[end + 1..]);
                    id = true;
                }
                if !id {
                    end = rest.find(|c| !is_word_char(c)).unwrap_or(rest.len());
                }
                out.push(&rest[..end]);
                rest = &rest[end..];
            }
            out
        }
        let text = mixed_text();
        assert_eq!(words(&text).collect::<Vec<_>>(), by_chars(&text));
        assert_eq!(
            words("Opatření 1.1.2.1: a×b 2.3. ª").collect::<Vec<_>>(),
            ["Opatření", "1.1.2.1", "a", "b", "2.3", "ª"]
        );
    }
}

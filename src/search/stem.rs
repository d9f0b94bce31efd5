//! The Czech stemmer: inflected forms of a folded word ("byty", "bytů", "bytem") to one stem
//! ("byt"), so that a query finds the other forms of its words.
//!
//! Written by hand because no crate fits: the Snowball stemmers of `rust-stemmers` have no
//! Czech, and this one must work on words already folded (no diacritics) and stay short enough
//! for `search.js` to repeat it rule for rule on the words of a query, since a query finds a
//! page only when both sides give the same stem.

use rustc_hash::FxHashMap;

/// A light Czech stemmer on a folded word (no diacritics): strips case endings and
/// possessive suffixes, then evens out the consonant changes of inflection, so that "byty",
/// "bytů" and "bytem" all become "byt", and "dluhy" and "dluhů" become "dluh". It follows the
/// light stemmer of Dolamic and Savoy (2009), adapted to words without diacritics. Never
/// shortens a word below three letters.
pub fn stem(word: &str) -> String {
    Stemmer::default().work_out(word)
}

/// [`stem`] with its buffer kept between words, remembering the stems it has worked out.
#[derive(Default)]
pub(super) struct Stemmer {
    chars: Vec<char>,
    /// Stems already worked out, by folded word: text repeats its words, so most are looked up.
    known: FxHashMap<String, String>,
}

/// Whether `s` ends with the ASCII `suffix`.
fn ends(s: &[char], suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s[s.len() - suffix.len()..]
            .iter()
            .zip(suffix.bytes())
            .all(|(&c, b)| c == char::from(b))
}

impl Stemmer {
    /// The stem of a folded word, worked out once per word.
    pub(super) fn stem(&mut self, word: &str) -> &str {
        if !self.known.contains_key(word) {
            let stem = self.work_out(word);
            self.known.insert(word.to_string(), stem);
        }
        &self.known[word]
    }

    fn work_out(&mut self, word: &str) -> String {
        let s = &mut self.chars;
        s.clear();
        s.extend(word.chars());
        let len = s.len();
        let any = |s: &[char], suffixes: &[&str]| suffixes.iter().any(|suf| ends(s, suf));
        // Case endings, longest first.
        let cut = if len > 7 && any(s, &["atech"]) {
            5
        } else if len > 6 && any(s, &["etem", "atum"]) {
            4
        } else if len > 5
            && any(
                s,
                &[
                    "ech", "ich", "eho", "emi", "emu", "ete", "eti", "iho", "imi", "imu", "ach",
                    "ata", "aty", "ych", "ama", "ami", "ove", "ovi", "ymi",
                ],
            )
        {
            3
        } else if len > 4
            && any(
                s,
                &[
                    "em", "es", "im", "um", "at", "am", "os", "us", "ym", "mi", "ou",
                ],
            )
        {
            2
        } else if len > 3 && matches!(s[len - 1], 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
            1
        } else {
            0
        };
        s.truncate(len - cut);
        // Possessives: "Novákov", "matčin".
        if s.len() > 5 && any(s, &["ov", "in"]) {
            s.truncate(s.len() - 2);
        }
        // Consonant changes: "-ct" and "-st" at the end become "ck" and "sk", "c" "k", "z" "h";
        // a mobile "e" before the last consonant goes ("bydlen" → "bydln").
        let n = s.len();
        if any(s, &["ct", "st", "c"]) {
            s[n - 1] = 'k';
        } else if ends(s, "z") {
            s[n - 1] = 'h';
        } else if n > 3 && s[n - 2] == 'e' {
            s.remove(n - 2);
        }
        s.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::terms;
    use crate::slug::fold;

    fn stems(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|t| t.stem).collect()
    }

    #[test]
    fn inflected_forms_share_a_stem() {
        for group in [
            &["byty", "bytů", "bytem", "byt"][..],
            &["dluhy", "dluhů", "dluh", "dluhem"],
            &["domovník", "domovníka", "domovníci", "domovníkem"],
            &["bydlení", "bydlením", "Bydlení"],
            &["sociální", "sociálních", "sociálním"],
            &["rodina", "rodiny", "rodinám", "rodinách"],
            &["exekuce", "exekucí"],
        ] {
            let first = stems(group[0]);
            for word in &group[1..] {
                assert_eq!(stems(word), first, "{word} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn stems_are_never_shorter_than_three_letters() {
        for word in ["oko", "ulice", "byty", "dům", "ovce", "osy"] {
            let s = stem(&fold(word));
            assert!(s.chars().count() >= 3, "{word} → {s}");
        }
    }
}

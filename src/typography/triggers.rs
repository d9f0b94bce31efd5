//! Where the scan stops: markup, entities, quotes and hyphens, and the spaces a rule may bind.
//! Most spaces of a page cannot be bound by any rule, and stopping at each of them took half
//! the time of the pass (perf), so a space counts only next to a byte that
//! [`Scanner::space`](super::scanner::Scanner::space) acts on: after a one-letter word, a digit, a period or a tag (the word may end the text
//! before it), or before a digit or a hyphen. Stopping at more spaces than that changes nothing.

/// Bytes that always stop the scan.
fn is_mark(b: u8) -> bool {
    matches!(b, b'<' | b'&' | b'"' | b'-')
}

fn binds_after(b: u8) -> bool {
    super::rules::ONE_LETTER_WORDS.contains(&b) || matches!(b, b'>' | b'.' | b'0'..=b'9')
}

fn binds_before(b: u8) -> bool {
    matches!(b, b'-' | b'0'..=b'9')
}

/// Whether the scan stops at `at`.
#[inline]
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
/// SSE2 (part of every x86-64 processor).
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

#[cfg(test)]
mod tests {
    use crate::typography::triggers;

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
}

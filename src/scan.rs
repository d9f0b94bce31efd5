//! Finding the first byte that matches, sixteen at a time.
//!
//! The text scanners that every byte of a site passes through (collapsing the whitespace of a
//! page's text in [`crate::html`], splitting it into words for the search index) stop only at a
//! few kinds of byte. Each gives [`find_by_blocks`] its test for one position and, on x86-64, an
//! SSE2 test for sixteen positions at once; this module owns the walk over the blocks and the
//! tail they leave. It imports nothing from the crate.

/// The first position from `from` on at which `at(bytes, i)` holds, or the length of `bytes`.
/// On x86-64, `block(i)` answers for the sixteen positions from `i` at once (bit `n` for
/// `i + n`, with SSE2, part of every x86-64 processor); it is asked only for `i >= 1` and
/// `i + 17 <= bytes.len()`, so it may read the byte before and the byte after its sixteen.
#[cfg(target_arch = "x86_64")]
pub(crate) fn find_by_blocks(
    bytes: &[u8],
    from: usize,
    at: fn(&[u8], usize) -> bool,
    block: impl Fn(usize) -> i32,
) -> usize {
    let mut i = from;
    if i == 0 {
        if bytes.is_empty() || at(bytes, 0) {
            return 0;
        }
        i = 1;
    }
    while i + 17 <= bytes.len() {
        let mask = block(i);
        if mask != 0 {
            return i + mask.trailing_zeros() as usize;
        }
        i += 16;
    }
    (i..bytes.len())
        .find(|&p| at(bytes, p))
        .unwrap_or(bytes.len())
}

/// [`find_by_blocks`] a byte at a time, on processors other than x86-64. `#[inline]` as its
/// callers are in other modules (the x86-64 version, being generic, is compiled in each).
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn find_by_blocks(bytes: &[u8], from: usize, at: fn(&[u8], usize) -> bool) -> usize {
    (from..bytes.len())
        .find(|&p| at(bytes, p))
        .unwrap_or(bytes.len())
}

/// Text for the tests of the scanners built on [`find_by_blocks`].
#[cfg(test)]
pub(crate) mod samples {
    /// Text that mixes every character from U+0000 to U+0600 (letters, digits, punctuation,
    /// ×, ÷, ª, spaces of every kind) with IDs, numbers and Czech words.
    pub(crate) fn mixed_text() -> String {
        let mut text = String::from("Opatření 1.1.2.1: 2.3. a 4.x, 5..6 İSTANBUL ŽLUŤOUČKÝ×kůň ");
        for c in (0..0x600).filter_map(char::from_u32) {
            text.push(c);
            if (c as u32).is_multiple_of(7) {
                text.push_str(" 12.5 ");
            }
            if (c as u32).is_multiple_of(11) {
                text.push_str("\u{a0}  ");
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the byte at `i` is an ASCII digit: a test that stops rarely, in blocks and tail.
    fn digit(bytes: &[u8], i: usize) -> bool {
        bytes[i].is_ascii_digit()
    }

    #[test]
    fn blocks_and_tail_find_what_a_byte_at_a_time_finds() {
        let text = samples::mixed_text();
        let bytes = &text.as_bytes()[..300];
        for from in 0..=bytes.len() {
            let expected = (from..bytes.len())
                .find(|&p| digit(bytes, p))
                .unwrap_or(bytes.len());
            #[cfg(target_arch = "x86_64")]
            let found = find_by_blocks(bytes, from, digit, |i| {
                (0..16).fold(0, |mask, n| mask | i32::from(digit(bytes, i + n)) << n)
            });
            #[cfg(not(target_arch = "x86_64"))]
            let found = find_by_blocks(bytes, from, digit);
            assert_eq!(found, expected, "from {from}");
        }
    }
}

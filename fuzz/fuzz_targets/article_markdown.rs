//! Arbitrary bytes as `content/articles/prvni-byty.md` of the fixture site, through
//! load, resolve and render. See `src/lib.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    milnik_fuzz::run(&milnik_fuzz::ARTICLE, data);
});

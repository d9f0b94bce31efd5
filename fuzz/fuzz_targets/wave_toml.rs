//! Arbitrary bytes as `content/waves/1-vyhodnoceni.toml` of the fixture site, through
//! load, resolve and render. See `src/lib.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    milnik_fuzz::run(&milnik_fuzz::WAVE, data);
});

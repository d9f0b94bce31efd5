//! Runs files through a fuzz target's harness without libFuzzer, with ordinary panics and
//! backtraces: `cargo run --example replay -- <target> <file>...`. Prints each file's outcome, so
//! it also tells how deep into the pipeline a corpus gets. With `MILNIK_FUZZ_VERBOSE=1` it also
//! prints the diagnostics that stopped each file.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let target = match args.next().as_deref() {
        Some("plan_toml") => milnik_fuzz::PLAN,
        Some("wave_toml") => milnik_fuzz::WAVE,
        Some("article_markdown") => milnik_fuzz::ARTICLE,
        _ => {
            eprintln!("usage: replay plan_toml|wave_toml|article_markdown <file>...");
            return ExitCode::FAILURE;
        }
    };
    let verbose = std::env::var_os("MILNIK_FUZZ_VERBOSE").is_some();
    let mut counts = std::collections::BTreeMap::new();
    for path in args {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let (outcome, diagnostics) = milnik_fuzz::explain(&target, &bytes);
        println!("{path}: {outcome:?}");
        if let (true, Some(d)) = (verbose, diagnostics) {
            println!("{d}");
        }
        *counts.entry(format!("{outcome:?}")).or_insert(0usize) += 1;
    }
    for (outcome, n) in counts {
        println!("{outcome}: {n}");
    }
    ExitCode::SUCCESS
}

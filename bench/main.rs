//! milnik's benchmarks (see bench/README.md): `cargo run --release --example bench -- <command>`.

mod generate;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a generated site: the bundled Ostrava content plus N articles.
    Generate {
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        #[arg(long, default_value = "target/bench-site")]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

fn main() -> anyhow::Result<()> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match Cli::parse().command {
        Command::Generate {
            articles,
            out,
            seed,
        } => {
            let files = generate::site(&repo, &out, articles, seed)?;
            println!("{} articles written under {}", files.len(), out.display());
        }
    }
    Ok(())
}

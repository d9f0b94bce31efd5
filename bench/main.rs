//! milnik's benchmarks (see bench/README.md): `cargo run --release --example bench -- <command>`.

mod compare;
mod generate;
mod measure;
mod report;
mod search;
mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a generated site: the bundled Ostrava content (or a synthetic plan of M measures
    /// and W waves) plus N articles.
    Generate {
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Measures of a synthetic plan; 0 keeps the bundled Ostrava plan and waves.
        #[arg(long, default_value_t = 0)]
        measures: usize,
        /// Evaluation waves of the synthetic plan (only with --measures).
        #[arg(long, default_value_t = 0)]
        waves: usize,
        #[arg(long, default_value = "target/bench-site")]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time `milnik serve` from saving a file to the reload message, on a generated site.
    Serve {
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Edits per kind; the median is reported.
        #[arg(long, default_value_t = 15)]
        runs: usize,
    },
    /// Size of the search index, and the bytes a query fetches, on the Ostrava site and on
    /// generated sites of N articles.
    Search {
        #[arg(long, value_delimiter = ',', default_values_t = [1_000, 10_000])]
        articles: Vec<usize>,
    },
    /// Clean full builds by milnik, Hugo, Zola (when on PATH) and a lower bound on generated
    /// sites, the Ostrava site's build and `serve`'s rebuilds, as one Markdown table.
    Compare {
        #[command(flatten)]
        options: compare::Options,
    },
    /// Lay out each wave's printable report of the site in ROOT by itself (no cache), RUNS
    /// times, and print the median per wave.
    Report {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Used by `compare`: read the inputs, write files of the sizes milnik wrote.
    #[command(hide = true)]
    LowerBound {
        #[command(flatten)]
        args: compare::LowerBoundArgs,
    },
}

fn main() -> anyhow::Result<()> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match Cli::parse().command {
        Command::Generate {
            articles,
            measures,
            waves,
            out,
            seed,
        } => {
            let size = generate::Size {
                measures,
                waves,
                articles,
            };
            let files = generate::site_sized(&repo, &out, &size, seed)?;
            println!("{} articles written under {}", files.len(), out.display());
        }
        Command::Serve { articles, runs } => {
            let milnik = release_binary(&repo)?;
            let rows = serve::run(&repo, &milnik, articles, runs);
            serve::print_table(&rows);
        }
        Command::Search { articles } => {
            let mut reports = vec![search::measure("Ostrava", &repo)?];
            for n in articles {
                let dir = repo.join(format!("target/bench-search-{n}"));
                generate::site(&repo, &dir, n, 1)?;
                reports.push(search::measure(&format!("Ostrava + {n} articles"), &dir)?);
            }
            println!("| site | pages | documents | index files | index size | meta.json | largest shard |");
            println!("|---|---:|---:|---:|---:|---:|---:|");
            for r in &reports {
                println!(
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    r.site,
                    r.pages,
                    r.documents,
                    r.files,
                    search::size(r.total_bytes),
                    search::size(r.meta_bytes),
                    search::size(r.largest_shard)
                );
            }
            println!();
            print!("| query |");
            for r in &reports {
                print!(" {} |", r.site);
            }
            println!();
            print!("|---|");
            for _ in &reports {
                print!("---:|");
            }
            println!();
            for (q, query) in search::QUERIES.iter().enumerate() {
                print!("| `{query}` |");
                for r in &reports {
                    let (_, results, bytes) = &r.queries[q];
                    print!(" {} ({results} results) |", search::size(*bytes));
                }
                println!();
            }
        }
        Command::Compare { options } => compare::run(&repo, &options)?,
        Command::Report { root, runs } => report::run(&root, runs)?,
        Command::LowerBound { args } => compare::lower_bound(&args)?,
    }
    Ok(())
}

/// Builds milnik in release mode and returns the binary's path.
fn release_binary(repo: &std::path::Path) -> anyhow::Result<PathBuf> {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "milnik"])
        .current_dir(repo)
        .status()?;
    anyhow::ensure!(status.success(), "cargo build --release failed");
    Ok(repo.join("target/release/milnik"))
}

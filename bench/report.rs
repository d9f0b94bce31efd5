//! `bench report`: the time to lay out each wave's printable report (issue 28), alone.
//!
//! A build lays the reports out beside the pages on the same threads, so its `-v` figure for
//! them includes whatever page rendering those threads picked up while waiting. This loads and
//! resolves a site once, then lays out each wave's report by itself, without the cache,
//! `runs` times (forgetting Typst's memoized results between them), and prints the median per wave: the figure to compare templates and changes by.

use std::path::Path;
use std::time::{Duration, Instant};

use milnik::build::BuildOptions;
use milnik::model::MarkdownCache;
use milnik::pipeline::{Pipeline, Renderer};
use milnik::report::Memo;

/// Prints, per wave, its report's path and size and the median time over `runs`.
pub fn run(root: &Path, runs: usize) -> anyhow::Result<()> {
    let options = BuildOptions::new(root);
    let pipeline = Pipeline::new(&options);
    let config = pipeline.config().map_err(|d| anyhow::anyhow!("{d:?}"))?;
    let (content, _) = pipeline.load();
    let (site, diagnostics) = pipeline.resolve(config, &content, &mut MarkdownCache::default());
    let site = site.ok_or_else(|| anyhow::anyhow!("the site does not resolve: {diagnostics:?}"))?;
    let theme = pipeline
        .theme(&site.config)
        .map_err(|d| anyhow::anyhow!("{d:?}"))?;
    let renderer = Renderer::new(&site, &theme).map_err(|d| anyhow::anyhow!("{d:?}"))?;
    let files = &renderer.theme.report_files;
    let waves = milnik::report::jobs(&renderer).len();
    // Per wave: the times of its runs (its share of making the data, then its layout).
    let mut times = vec![Vec::new(); waves];
    let mut made_of = vec![(String::new(), 0usize, Duration::ZERO); waves];
    for _ in 0..runs {
        let started = Instant::now();
        let jobs = milnik::report::jobs(&renderer);
        let data = started.elapsed() / waves.max(1) as u32;
        for (w, job) in jobs.into_iter().enumerate() {
            let started = Instant::now();
            let (made, diagnostics) =
                milnik::report::compile_all(vec![job], files, None, Memo::Forget);
            times[w].push(data + started.elapsed());
            anyhow::ensure!(
                !diagnostics.has_errors(),
                "the report failed: {diagnostics:?}"
            );
            let (path, pdf) = made.first().ok_or_else(|| anyhow::anyhow!("no report"))?;
            made_of[w] = (path.clone(), pdf.len(), data);
        }
    }
    println!("| report | PDF size | its data | median | runs |");
    println!("|---|---:|---:|---:|---|");
    let mut total = Duration::ZERO;
    for (w, times) in times.iter_mut().enumerate() {
        times.sort();
        let median = times[times.len() / 2];
        total += median;
        let (path, bytes, data) = &made_of[w];
        let all: Vec<String> = times.iter().map(|t| ms(*t)).collect();
        println!(
            "| `{path}` | {:.1} kB | {} | {} | {} |",
            *bytes as f64 / 1000.0,
            ms(*data),
            ms(median),
            all.join(", ")
        );
    }
    println!("| all ({waves}) | | | {} | |", ms(total));
    Ok(())
}

fn ms(t: Duration) -> String {
    format!("{:.0} ms", t.as_secs_f64() * 1000.0)
}

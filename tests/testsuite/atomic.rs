//! Nothing lost: a build killed at any moment (SIGKILL as in a crash, SIGINT as in Ctrl-C)
//! leaves the output directory holding the previous site or the new one, whole, and the next
//! build cleans up after it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// A site big enough that writing it takes a while: the minimal fixture and many articles.
fn big_site(articles: usize) -> tempfile::TempDir {
    let site = site_copy("minimal");
    let dir = site.path().join("content/articles/archiv");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..articles {
        let text = format!(
            "+++\ntitle = \"Zpráva číslo {i}\"\ndate = 2024-01-{:02}\nmeasures = [\"1.1.1.1\"]\n+++\n\n{}",
            i % 28 + 1,
            "Odstavec o bydlení a **sociální práci** s [odkazem](/opatreni/1-1-1-1/).\n\n".repeat(20)
        );
        std::fs::write(dir.join(format!("zprava-{i}.md")), text).unwrap();
    }
    site
}

fn build_with(root: &Path, base: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_milnik"))
        .args(["--root"])
        .arg(root)
        .args(["build", "--base-url", base])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site() {
    let site = big_site(600);
    let root = site.path();
    let public = root.join("public");
    let bases = ["https://a.example/", "https://b.example/"];
    // The two complete sites, and how long a build takes.
    let mut trees = Vec::new();
    let mut took = Duration::ZERO;
    for base in bases {
        let start = Instant::now();
        assert!(build_with(root, base).wait().unwrap().success());
        took = took.max(start.elapsed());
        trees.push(read_tree(&public));
    }
    assert_ne!(trees[0], trees[1]);
    let mut current = 1;
    let rounds = 12;
    let (mut old, mut new) = (0, 0);
    for round in 0..rounds {
        let target = 1 - current;
        let mut child = build_with(root, bases[target]);
        // Spread the kills over the whole build, the writing and the swap included.
        std::thread::sleep(took.mul_f64(round as f64 / rounds as f64 * 1.5));
        if round % 2 == 0 {
            child.kill().unwrap();
        } else {
            Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .unwrap();
        }
        child.wait().unwrap();
        let now = read_tree(&public);
        current = trees.iter().position(|t| *t == now).unwrap_or_else(|| {
            panic!(
                "round {round}: public/ is neither the old nor the new site ({} files)",
                now.len()
            )
        });
        if current == target {
            new += 1;
        } else {
            old += 1;
        }
    }
    eprintln!("after the kills: the old site {old} times, the new one {new} times");
    // The next build succeeds and leaves no working directories behind.
    assert!(build_with(root, bases[0]).wait().unwrap().success());
    assert_eq!(read_tree(&public), trees[0]);
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        // The cache of reports and photos stays on purpose (deleting it only slows a build).
        .filter(|n| n.contains("milnik-") && n != ".milnik-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

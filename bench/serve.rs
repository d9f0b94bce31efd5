//! The `serve` latency benchmark: on a generated site, the time from saving a file to the
//! reload message leaving `milnik serve`, seen by a client subscribed to its live-reload
//! events, as an editor's browser is. Reports medians over repeated edits, next to the time of
//! a full `milnik build` of the same site.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::generate;

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_serve(milnik: &Path, site: &Path) -> Server {
    let mut child = Command::new(milnik)
        .args(["serve", "--port", "0", "--root"])
        .arg(site)
        // The URL is read from serve's first line, in English whatever the site's language.
        .env("MILNIK_LANG", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("milnik serve starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line
                .strip_prefix("Serving the site at ")
                .and_then(|r| r.split_whitespace().next())
            {
                let _ = tx.send(url.to_string());
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("serve prints its URL");
    Server { child, url }
}

/// Subscribes to the live-reload events; every `data:` line of a `reload` event arrives on the
/// channel with the moment it was read.
fn subscribe(url: &str) -> mpsc::Receiver<(Instant, String)> {
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut stream = TcpStream::connect(&host).expect("connect to serve");
    write!(
        stream,
        "GET /__milnik/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut event = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let now = Instant::now();
            let l = line.trim_end();
            if let Some(name) = l.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = l.strip_prefix("data: ") {
                if event == "reload" && tx.send((now, data.to_string())).is_err() {
                    return;
                }
                if event == "error" {
                    eprintln!("serve reported an error: {data}");
                }
            }
        }
    });
    rx
}

/// Saves by writing a temporary file and renaming it over the original, as many editors do.
fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        "{}.tmp.{}",
        path.file_name().unwrap().to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Applies `edit(i)` `runs` times, each time waiting for the reload message that names `page`
/// (or all pages); returns the milliseconds from just before the save to the message.
fn time_edits(
    events: &mpsc::Receiver<(Instant, String)>,
    runs: usize,
    page: &str,
    mut edit: impl FnMut(usize),
) -> Vec<f64> {
    let mut times = Vec::new();
    for i in 0..runs {
        while events.try_recv().is_ok() {}
        let start = Instant::now();
        edit(i);
        loop {
            let (at, data) = events
                .recv_timeout(Duration::from_secs(60))
                .expect("a reload message within 60 s");
            if data.contains(page) || data.contains("\"all\":true") {
                times.push(at.duration_since(start).as_secs_f64() * 1000.0);
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    times
}

fn full_build(milnik: &Path, site: &Path, runs: usize) -> Vec<f64> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(milnik)
                .arg("--root")
                .arg(site)
                .args(["build", "--output", "/tmp/milnik-bench-full-build"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

/// One row of the result table.
pub struct Row {
    pub what: String,
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    pub runs: usize,
}

/// Prints the rows as a Markdown table.
pub fn print_table(rows: &[Row]) {
    println!("| what | median | min | max | runs |");
    println!("|---|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {:.1} ms | {:.1} ms | {:.1} ms | {} |",
            r.what, r.median_ms, r.min_ms, r.max_ms, r.runs
        );
    }
}

fn row(what: &str, times: Vec<f64>) -> Row {
    Row {
        what: what.to_string(),
        runs: times.len(),
        min_ms: times.iter().copied().fold(f64::INFINITY, f64::min),
        max_ms: times.iter().copied().fold(0.0, f64::max),
        median_ms: crate::measure::median(times),
    }
}

pub fn run(repo: &Path, milnik: &Path, articles: usize, runs: usize) -> Vec<Row> {
    let site = repo.join(format!("target/bench-serve-{articles}"));
    let files = generate::site(repo, &site, articles, 1).expect("generate the site");
    let pages = articles + 77;
    eprintln!(
        "generated {articles} articles ({pages} pages) in {}",
        site.display()
    );

    let server = start_serve(milnik, &site);
    let events = subscribe(&server.url);
    std::thread::sleep(Duration::from_millis(500));

    // 1. An article's text.
    let article: PathBuf = files[files.len() / 2].clone();
    let slug = article.file_stem().unwrap().to_string_lossy().into_owned();
    let page = format!("/clanky/{slug}/");
    let original = std::fs::read_to_string(&article).unwrap();
    let body_edit = time_edits(&events, runs, &page, |i| {
        save(
            &article,
            &format!("{original}\nDoplněno při úpravě č. {i}.\n"),
        );
    });

    // 2. An article's title, which also changes the lists that show it.
    let title_edit = time_edits(&events, runs, &page, |i| {
        save(
            &article,
            &original.replacen("title = \"", &format!("title = \"Úprava {i}: "), 1),
        );
    });
    save(&article, &original);

    // 3. The article template, used by every article page.
    let theme_article = repo.join("themes/default/templates/article.html");
    let template = std::fs::read_to_string(theme_article).unwrap();
    let override_dir = site.join("templates");
    std::fs::create_dir_all(&override_dir).unwrap();
    let template_path = override_dir.join("article.html");
    std::fs::write(&template_path, &template).unwrap();
    std::thread::sleep(Duration::from_millis(2000));
    while events.try_recv().is_ok() {}
    let template_edit = time_edits(&events, runs.min(7), &page, |i| {
        save(
            &template_path,
            &template.replacen("</article>", &format!("<!-- úprava {i} --></article>"), 1),
        );
    });
    drop(server);

    let full = full_build(milnik, &site, 3);
    vec![
        row(
            &format!("article text edit → reload message ({pages} pages)"),
            body_edit,
        ),
        row(
            &format!("article title edit → reload message ({pages} pages)"),
            title_edit,
        ),
        row(
            &format!("article template edit → reload message ({pages} pages)"),
            template_edit,
        ),
        row(
            &format!("full `milnik build` of the same site ({pages} pages)"),
            full,
        ),
    ]
}

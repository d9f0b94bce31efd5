//! `milnik serve` end to end: the real binary on a private copy of a fixture site, driven over
//! raw HTTP, its Server-Sent Events stream, signals, and (for live reload) headless Chromium.
//!
//! Every test starts its own serve on port 0 (any free port), so the tests can run in parallel.
//! Every wait has a deadline, and every failure message carries serve's stdout and stderr.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::browser::{self, Browser};
use crate::support::{repo_root, site_copy};

/// How long serve may take to build the site and announce its address.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the watcher gets after the announcement before the first edit (it starts watching
/// right after printing the address).
const WATCHER_SETTLE: Duration = Duration::from_millis(300);
/// Timeout of one plain HTTP request.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an edit may take to show up as an event or in the browser.
const EDIT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long serve may take to stop after Ctrl-C.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);

const ARTICLE: &str = "content/articles/prvni-byty.md";
const ARTICLE_URL: &str = "/clanky/prvni-byty/";
const TITLE: &str = "První sociální byty jsou obsazené";
const WAVE: &str = "content/waves/1-vyhodnoceni.toml";
/// What serve prints on stderr after every failed rebuild.
const FAILED: &str = "the last good version of the site is still served";

/// A running `milnik serve` on a site; killed on drop.
struct Serve {
    child: Child,
    /// "http://127.0.0.1:PORT/", as serve announced it.
    url: String,
    /// "127.0.0.1:PORT".
    addr: String,
    /// Stdout lines as they arrive; disconnected once serve closed its stdout.
    lines: Receiver<String>,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts `milnik --root <root> serve --port 0`, waits for `Serving the site at <url>`, then
    /// gives the watcher a moment to start.
    fn start(root: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_milnik"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .env("NO_COLOR", "1")
            .env("MILNIK_LANG", "en")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start milnik serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (sender, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let log = Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                log.lock().unwrap().push_str(&format!("{line}\n"));
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let err = child.stderr.take().unwrap();
        let log = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(err);
            let mut chunk = [0u8; 4096];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                log.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        });
        // From here on, `Drop` kills serve whatever happens.
        let mut serve = Serve {
            child,
            url: String::new(),
            addr: String::new(),
            lines,
            stdout,
            stderr,
        };
        let started = Instant::now();
        let line = serve.wait_for_line(
            |line| line.starts_with("Serving the site at "),
            START_TIMEOUT,
            "the `Serving the site at` line",
        );
        let url = line["Serving the site at ".len()..]
            .split_whitespace()
            .next()
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        let addr = url
            .strip_prefix("http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected URL {url:?} in {line:?}"));
        assert!(
            addr.starts_with("127.0.0.1:") && !addr.ends_with(":0"),
            "serve announced {url}"
        );
        serve.url = url.to_owned();
        serve.addr = addr.to_owned();
        eprintln!(
            "serve announced {} after {:?}",
            serve.url,
            started.elapsed()
        );
        std::thread::sleep(WATCHER_SETTLE);
        serve
    }

    /// Serve's output so far, for failure messages.
    fn logs(&self) -> String {
        format!(
            "--- serve stdout ---\n{}--- serve stderr ---\n{}--- end ---",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }

    /// The next stdout line satisfying `wanted`; panics at the deadline or when serve exits.
    fn wait_for_line(
        &mut self,
        wanted: impl Fn(&str) -> bool,
        timeout: Duration,
        what: &str,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if wanted(&line) => return line,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "serve did not print {what} within {timeout:?}\n{}",
                        self.logs()
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    // Give stderr's reader a moment to collect the last words.
                    let status = self.child.wait();
                    std::thread::sleep(Duration::from_millis(100));
                    panic!(
                        "serve closed its stdout ({status:?}) before printing {what}\n{}",
                        self.logs()
                    )
                }
            }
        }
    }

    /// Waits until `text` occurs at least `count` times in serve's stderr.
    fn wait_for_stderr(&self, text: &str, count: usize, what: &str) {
        let start = Instant::now();
        while self.stderr.lock().unwrap().matches(text).count() < count {
            if start.elapsed() > EDIT_TIMEOUT {
                panic!(
                    "serve did not report {what} ({text:?} {count}×) within {EDIT_TIMEOUT:?}\n{}",
                    self.logs()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// A full URL for `path` ("/clanky/x/").
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `GET target` with `Connection: close`, written by hand.
    fn get(&self, target: &str) -> Answer {
        self.request(&format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    /// Sends `request` as it is and reads the answer until serve closes the connection.
    fn request(&self, request: &str) -> Answer {
        let first_line = request.lines().next().unwrap_or("").to_owned();
        let mut stream = TcpStream::connect(&self.addr).unwrap_or_else(|e| {
            panic!(
                "cannot connect to serve at {}: {e}\n{}",
                self.addr,
                self.logs()
            )
        });
        stream.set_read_timeout(Some(HTTP_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(HTTP_TIMEOUT)).unwrap();
        stream
            .write_all(request.as_bytes())
            .unwrap_or_else(|e| panic!("sending `{first_line}` failed: {e}\n{}", self.logs()));
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap_or_else(|e| {
            panic!(
                "reading the answer to `{first_line}` failed: {e}; got so far:\n{}\n{}",
                String::from_utf8_lossy(&raw),
                self.logs()
            )
        });
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| {
            panic!(
                "incomplete answer to `{first_line}`: {text:?}\n{}",
                self.logs()
            )
        });
        let status = head
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status in the answer to `{first_line}`: {head:?}"));
        Answer {
            request: first_line,
            status,
            head: head.to_owned(),
            body: body.to_owned(),
        }
    }

    /// Sends SIGINT (what Ctrl-C sends) and waits for serve to exit.
    fn interrupt(&mut self) -> ExitStatus {
        let pid = self.child.id();
        let kill = Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(kill.success(), "kill -INT {pid} failed: {kill}");
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for serve") {
                return status;
            }
            if Instant::now() > deadline {
                panic!(
                    "serve did not exit within {STOP_TIMEOUT:?} of SIGINT\n{}",
                    self.logs()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until serve's stdout is closed and every line has been read; returns all of it.
    fn all_stdout(&self) -> String {
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(_) => {}
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "serve's stdout stayed open after it exited\n{}",
                        self.logs()
                    )
                }
            }
        }
        self.stdout.lock().unwrap().clone()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP answer, the body decoded lossily.
struct Answer {
    /// The request line, for messages.
    request: String,
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn describe(&self) -> String {
        let body: String = self.body.chars().take(600).collect();
        format!("`{}` answered:\n{}\n\n{body}", self.request, self.head)
    }
}

/// One Server-Sent Event; `name` is "message" when the event had no `event:` field.
#[derive(Debug)]
struct SseEvent {
    name: String,
    data: String,
}

/// A subscription to `/__milnik/events`, read on a thread.
struct Events {
    events: Receiver<SseEvent>,
}

impl Events {
    /// Connects and reads the response head; once this returns, serve has registered the
    /// subscriber (it registers before writing the head).
    fn subscribe(serve: &Serve) -> Events {
        let stream = TcpStream::connect(&serve.addr)
            .unwrap_or_else(|e| panic!("cannot connect to serve: {e}\n{}", serve.logs()));
        stream.set_read_timeout(Some(HTTP_TIMEOUT)).unwrap();
        (&stream)
            .write_all(
                format!(
                    "GET /__milnik/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
                    serve.addr
                )
                .as_bytes(),
            )
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            let n = reader.read_line(&mut line).unwrap_or_else(|e| {
                panic!(
                    "reading the event stream's head failed: {e}: {head}\n{}",
                    serve.logs()
                )
            });
            assert!(
                n > 0,
                "event stream closed in its head: {head}\n{}",
                serve.logs()
            );
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/event-stream"),
            "{head}"
        );
        // Events may be far apart (pings come every 15 s); the thread ends when serve does.
        reader.get_ref().set_read_timeout(None).unwrap();
        let (sender, events) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            let mut data = String::new();
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if line.is_empty() {
                    if !name.is_empty() || !data.is_empty() {
                        let event = SseEvent {
                            name: if name.is_empty() {
                                "message".into()
                            } else {
                                std::mem::take(&mut name)
                            },
                            data: std::mem::take(&mut data),
                        };
                        if sender.send(event).is_err() {
                            break;
                        }
                    }
                } else if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim_start().to_owned();
                } else if let Some(value) = line.strip_prefix("data:") {
                    if !data.is_empty() {
                        data.push('\n');
                    }
                    data.push_str(value.strip_prefix(' ').unwrap_or(value));
                }
                // `retry:` and `: ping` comments carry no event.
            }
        });
        Events { events }
    }

    /// The next event satisfying `wanted`, within `timeout`; the events skipped on the way are
    /// named in the failure message.
    fn wait_for(
        &self,
        serve: &Serve,
        wanted: impl Fn(&SseEvent) -> bool,
        timeout: Duration,
        what: &str,
    ) -> (SseEvent, Duration) {
        let start = Instant::now();
        let mut skipped = Vec::new();
        loop {
            let left = timeout.saturating_sub(start.elapsed());
            match self.events.recv_timeout(left) {
                Ok(event) if wanted(&event) => return (event, start.elapsed()),
                Ok(event) => skipped.push(event),
                Err(e) => panic!(
                    "no {what} within {timeout:?} ({e:?}); other events: {skipped:?}\n{}",
                    serve.logs()
                ),
            }
        }
    }

    /// Every event arriving within `period`.
    fn collect_for(&self, period: Duration) -> Vec<SseEvent> {
        let deadline = Instant::now() + period;
        let mut seen = Vec::new();
        while let Ok(event) = self
            .events
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            seen.push(event);
        }
        seen
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `text` with `from` replaced by `to`, which must occur exactly once.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} once in:\n{text}");
    text.replacen(from, to, 1)
}

/// Saves `contents` the way many editors do: into a hidden temporary file beside `path`, then
/// renamed over it.
fn save_by_rename(path: &Path, contents: &str) {
    let name = path.file_name().unwrap().to_str().unwrap();
    let temp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&temp, contents).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

/// A JS string literal.
fn js(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn marker() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("milnik-secret-{}-{nanos}", std::process::id())
}

#[test]
fn serve_answers_only_files_inside_the_site() {
    let site = site_copy("minimal");
    let outside = tempfile::tempdir().unwrap();
    let marker = marker();
    let outside_secret = outside.path().join("secret.txt");
    std::fs::write(&outside_secret, format!("{marker}\n")).unwrap();
    // Beside milnik.toml: in the site directory, but not part of the site's output.
    std::fs::write(site.path().join("secret.txt"), format!("{marker}\n")).unwrap();
    std::fs::create_dir(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(&outside_secret, site.path().join("static/leak.txt")).unwrap();
    let outside_name = outside.path().file_name().unwrap().to_str().unwrap();

    let serve = Serve::start(site.path());

    let check_refused = |target: &str| {
        let answer = serve.get(target);
        assert!(
            matches!(answer.status, 400 | 403 | 404),
            "{target:?} must not be served: {}",
            answer.describe()
        );
        for leaked in [marker.as_str(), "root:x:"] {
            assert!(
                !answer.head.contains(leaked) && !answer.body.contains(leaked),
                "{target:?} leaked {leaked:?}: {}",
                answer.describe()
            );
        }
        answer.status
    };
    let mut statuses = Vec::new();
    for target in [
        "/../secret.txt".to_owned(),
        "/%2e%2e/secret.txt".to_owned(),
        "/%2E%2E%2Fsecret.txt".to_owned(),
        "/..%2f..%2fetc/passwd".to_owned(),
        "/../../../../etc/passwd".to_owned(),
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_owned(),
        // The real way from the site to the outside secret: both are in the temp directory.
        format!("/../{outside_name}/secret.txt"),
        format!("/%2e%2e/{outside_name}/secret.txt"),
        "/secret.txt".to_owned(),
        "/milnik.toml".to_owned(),
        "/content/plan.toml".to_owned(),
        "/leak.txt".to_owned(),
        "/static/leak.txt".to_owned(),
        "//etc/passwd".to_owned(),
        "/%5c..%5csecret.txt".to_owned(),
        "/..\\secret.txt".to_owned(),
        "http://127.0.0.1/../secret.txt".to_owned(),
    ] {
        statuses.push((target.clone(), check_refused(&target)));
    }
    eprintln!("refused: {statuses:?}");

    // The ordinary pages, with their types.
    let home = serve.get("/");
    assert_eq!(home.status, 200, "{}", home.describe());
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8"),
        "{}",
        home.describe()
    );
    assert!(
        home.body.contains("/__milnik/live.js"),
        "{}",
        home.describe()
    );
    let css = serve.get("/style.css");
    assert_eq!(css.status, 200, "{}", css.describe());
    assert_eq!(
        css.header("content-type"),
        Some("text/css; charset=utf-8"),
        "{}",
        css.describe()
    );
    let article = serve.get(ARTICLE_URL);
    assert_eq!(article.status, 200, "{}", article.describe());
    assert_eq!(
        article.header("content-type"),
        Some("text/html; charset=utf-8"),
        "{}",
        article.describe()
    );
    assert!(article.body.contains(TITLE), "{}", article.describe());
    let redirect = serve.get("/clanky/prvni-byty");
    assert_eq!(redirect.status, 301, "{}", redirect.describe());
    assert_eq!(
        redirect.header("location"),
        Some(ARTICLE_URL),
        "{}",
        redirect.describe()
    );
    let missing = serve.get("/neexistuje/");
    assert_eq!(missing.status, 404, "{}", missing.describe());
    assert!(
        missing.body.contains("Stránka nenalezena"),
        "{}",
        missing.describe()
    );
    // The site's own 404 page (with its stylesheet), not serve's fallback page.
    assert!(
        missing.body.contains("/style.css"),
        "{}",
        missing.describe()
    );

    // A link to the outside added while serving (the incremental path) is not served either.
    // A real file written after it tells when the watcher has handled both.
    std::os::unix::fs::symlink(&outside_secret, site.path().join("static/leak2.txt")).unwrap();
    std::fs::write(site.path().join("static/sentinel.txt"), "sentinel\n").unwrap();
    let start = Instant::now();
    loop {
        let answer = serve.get("/sentinel.txt");
        if answer.status == 200 {
            assert_eq!(answer.body, "sentinel\n", "{}", answer.describe());
            break;
        }
        assert!(
            start.elapsed() < EDIT_TIMEOUT,
            "static/sentinel.txt, written while serving, was not served within {EDIT_TIMEOUT:?}: {}\n{}",
            answer.describe(),
            serve.logs()
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    for target in ["/leak2.txt", "/static/leak2.txt", "/leak.txt"] {
        check_refused(target);
    }
}

#[test]
fn drafts_are_previewed_with_a_marker_and_never_built() {
    let site = site_copy("minimal");
    let draft = site.path().join("content/articles/koncept.md");
    std::fs::write(
        &draft,
        "+++\ntitle = \"Připravovaný článek\"\ndate = 2024-05-01\ndraft = true\n+++\n\nText v přípravě.\n",
    )
    .unwrap();
    let serve = Serve::start(site.path());
    let events = Events::subscribe(&serve);
    // The draft is previewed, marked on its page and in the list.
    let page = serve.get("/clanky/koncept/");
    assert_eq!(page.status, 200, "{}", page.describe());
    assert!(
        page.body.contains("<strong>Koncept</strong>"),
        "{}",
        page.describe()
    );
    let list = serve.get("/clanky/");
    assert!(
        list.body
            .contains("Připravovaný článek</a> <strong class=\"draft-badge\">Koncept</strong>"),
        "{}",
        list.describe()
    );
    // A published article carries no marker.
    assert!(!serve.get(ARTICLE_URL).body.contains("Koncept"));
    // A new draft written while serve runs is previewed without a restart.
    std::fs::write(
        site.path().join("content/articles/dalsi-koncept.md"),
        "+++\ntitle = \"Další koncept\"\ndate = 2024-05-01\ndraft = true\n+++\n\nText.\n",
    )
    .unwrap();
    // The reload that names the new page: writing the file may first be seen as an empty
    // new file, whose rebuild reloads without it.
    events.wait_for(
        &serve,
        |e| e.name == "reload" && e.data.contains("/clanky/dalsi-koncept/"),
        EDIT_TIMEOUT,
        "reload after a new draft",
    );
    let page = serve.get("/clanky/dalsi-koncept/");
    assert_eq!(page.status, 200, "{}", page.describe());
    assert!(page.body.contains("<strong>Koncept</strong>"));
    // Published: the marker goes.
    std::fs::write(&draft, read(&draft).replace("draft = true\n", "")).unwrap();
    events.wait_for(
        &serve,
        |e| e.name == "reload" && e.data.contains("/clanky/koncept/"),
        EDIT_TIMEOUT,
        "reload after publishing the draft",
    );
    assert!(!serve
        .get("/clanky/koncept/")
        .body
        .contains("<strong>Koncept</strong>"));
    drop(serve);
    // `build` leaves the remaining draft out.
    let built = crate::support::build(site.path()).unwrap();
    assert!(built.output.files.contains_key("clanky/koncept/index.html"));
    assert!(!built
        .output
        .files
        .contains_key("clanky/dalsi-koncept/index.html"));
    assert!(!crate::support::page(&built, "clanky/index.html").contains("Další koncept"));
}

#[test]
fn serve_counts_pages_as_build_does_and_prints_each_warning_once() {
    let site = site_copy("minimal");
    // (Serve shows the fixture's draft too, which build leaves out.)
    std::fs::remove_file(site.path().join("content/articles/koncept.md")).unwrap();
    // An article dated in the future: a warning.
    let article = site.path().join(ARTICLE);
    std::fs::write(&article, read(&article).replace("2024-05-02", "2099-05-02")).unwrap();
    let (ok, out, err) = crate::support::run_cli(&["build", "--output", "../web"], site.path());
    assert!(ok, "{err}");
    let built = out
        .lines()
        .find_map(|l| l.strip_prefix("Built ")?.split(" pages").next())
        .unwrap_or_else(|| panic!("{out}"))
        .to_string();
    let mut serve = Serve::start(site.path());
    let events = Events::subscribe(&serve);
    let stdout = serve.stdout.lock().unwrap().clone();
    assert!(
        stdout.contains(&format!("Built {built} pages in ")),
        "build said {built} pages\n{}",
        serve.logs()
    );
    serve.wait_for_stderr("is in the future", 1, "the warning");
    // An edit that changes nothing about the warning: it is not printed again.
    std::fs::write(
        &article,
        read(&article).replace("Více na stránce", "Více najdete na stránce"),
    )
    .unwrap();
    events.wait_for(
        &serve,
        |e| e.name == "reload",
        EDIT_TIMEOUT,
        "reload after the edit",
    );
    serve.wait_for_line(
        |l| l.starts_with("Rebuilt in "),
        EDIT_TIMEOUT,
        "the rebuild line",
    );
    std::thread::sleep(Duration::from_millis(200));
    let stderr = serve.stderr.lock().unwrap().clone();
    assert_eq!(
        stderr.matches("is in the future").count(),
        1,
        "{}",
        serve.logs()
    );
}

#[test]
fn serve_rebuilds_and_stops_cleanly_on_ctrl_c() {
    let site = site_copy("minimal");
    let mut serve = Serve::start(site.path());
    let events = Events::subscribe(&serve);

    let article = site.path().join(ARTICLE);
    let original = read(&article);
    std::fs::write(
        &article,
        replaced(&original, "Více na stránce", "Podrobnosti na stránce"),
    )
    .unwrap();
    let (event, took) = events.wait_for(
        &serve,
        |e| e.name == "reload" && e.data.contains(ARTICLE_URL),
        EDIT_TIMEOUT,
        "reload event naming the article",
    );
    eprintln!("reload event {:?} after {took:?}", event.data);
    let data: serde_json::Value = serde_json::from_str(&event.data)
        .unwrap_or_else(|e| panic!("reload data is not JSON ({e}): {}", event.data));
    assert_eq!(data["all"], false, "{data}");
    assert_eq!(data["css"], false, "{data}");
    let page = serve.get(ARTICLE_URL);
    assert_eq!(page.status, 200, "{}", page.describe());
    assert!(
        page.body.contains("Podrobnosti na stránce"),
        "the rebuilt article lacks the edit: {}",
        page.describe()
    );
    assert!(
        !page.body.contains("Více na stránce"),
        "{}",
        page.describe()
    );

    // Anything else the save caused, reported (not asserted), so the noise check below only
    // sees what the noise files cause.
    let late = events.collect_for(Duration::from_millis(300));
    if !late.is_empty() {
        eprintln!("more events after one save: {late:?}");
    }

    // Editors' swap and backup files are not content.
    let dir = site.path().join("content/articles");
    std::fs::write(dir.join(".prvni-byty.md.swp"), "b0VIM 9.0 swap\n").unwrap();
    std::fs::write(dir.join("prvni-byty.md~"), &original).unwrap();
    let noise = events.collect_for(Duration::from_millis(500));
    assert!(
        noise.is_empty(),
        "swap/backup files caused events: {noise:?}\n{}",
        serve.logs()
    );

    let status = serve.interrupt();
    let stdout = serve.all_stdout();
    assert!(
        status.success(),
        "serve exited with {status} after SIGINT\n{}",
        serve.logs()
    );
    assert!(
        stdout.lines().any(|l| l == "Stopped."),
        "no `Stopped.` after SIGINT\n{}",
        serve.logs()
    );
    assert!(
        !site.path().join("public").exists(),
        "serve wrote the site to disk"
    );
}

#[test]
fn editing_in_the_browser_preview() {
    if browser::skip_browser_tests("editing_in_the_browser_preview") {
        return;
    }
    let site = site_copy("minimal");
    let serve = Serve::start(site.path());
    let browser = Browser::launch();
    let url = serve.url(ARTICLE_URL);
    let mut page = browser.open(&url);
    let h1 = "document.querySelector('h1').textContent";
    let shown = page.eval(h1);
    assert!(
        shown.as_str().is_some_and(|t| t.contains(TITLE)),
        "h1 is {shown}"
    );
    // Let the page's EventSource connect (it starts before the load event).
    std::thread::sleep(Duration::from_millis(300));

    let article = site.path().join(ARTICLE);
    let original = read(&article);
    let edited_title = "Sociální byty jsou obsazené – upraveno";
    let edited = replaced(
        &original,
        &format!("title = \"{TITLE}\""),
        &format!("title = \"{edited_title}\""),
    );
    save_by_rename(&article, &edited);
    let took = wait(
        &mut page,
        &serve,
        &format!("{h1}.includes({})", js(edited_title)),
        "the h1 to show the edited title",
    );
    eprintln!("edited title shown after {took:?}");
    assert_eq!(page.url(), url, "the test did not navigate");

    // A broken wave file: the error is shown over the last good page.
    let wave = site.path().join(WAVE);
    let wave_text = read(&wave);
    std::fs::write(&wave, format!("{wave_text}\n[[broken\n")).unwrap();
    let took = wait(
        &mut page,
        &serve,
        "document.getElementById('milnik-error-overlay') !== null && \
         document.getElementById('milnik-error-overlay').textContent.includes('1-vyhodnoceni.toml')",
        "the error overlay naming 1-vyhodnoceni.toml",
    );
    let overlay = page.eval("document.getElementById('milnik-error-overlay').textContent");
    eprintln!("error overlay shown after {took:?}: {overlay}");
    let shown = page.eval(h1);
    assert!(
        shown.as_str().is_some_and(|t| t.contains(edited_title)),
        "under the overlay the h1 is {shown}"
    );

    // Fixing: the article changes once more while the wave is still broken (a rebuild that
    // still fails), then the wave is restored. The overlay goes and the page shows the article
    // as it is now, with the change made while the site was broken.
    serve.wait_for_stderr(FAILED, 1, "the failed rebuild");
    let fixed_title = "Sociální byty jsou obsazené – opraveno";
    save_by_rename(
        &article,
        &replaced(
            &edited,
            &format!("title = \"{edited_title}\""),
            &format!("title = \"{fixed_title}\""),
        ),
    );
    serve.wait_for_stderr(
        FAILED,
        2,
        "the rebuild after the article save, still failing",
    );
    std::fs::write(&wave, &wave_text).unwrap();
    let took = wait(
        &mut page,
        &serve,
        &format!(
            "document.getElementById('milnik-error-overlay') === null && \
             document.querySelector('h1') !== null && {h1}.includes({})",
            js(fixed_title)
        ),
        "the overlay to go and the h1 to show the title saved while fixing",
    );
    eprintln!("overlay gone and page updated after {took:?}");
    assert_eq!(page.url(), url);

    let errors = page.console_errors();
    assert!(
        errors.is_empty(),
        "console errors in the preview: {errors:?}\n{}",
        serve.logs()
    );
}

#[test]
fn a_css_change_swaps_the_stylesheet_without_reload() {
    if browser::skip_browser_tests("a_css_change_swaps_the_stylesheet_without_reload") {
        return;
    }
    let site = site_copy("minimal");
    // The site has its own static/ (empty) already; the override file is created while serving.
    std::fs::create_dir(site.path().join("static")).unwrap();
    let serve = Serve::start(site.path());
    let browser = Browser::launch();
    let mut page = browser.open(&serve.url("/"));
    std::thread::sleep(Duration::from_millis(300));
    page.eval("window.__milnik_marker = 1");
    let before = page.eval("getComputedStyle(document.body).outlineColor");
    assert_ne!(before, "rgb(1, 2, 3)");

    let theme_css = read(&repo_root().join("themes/default/static/style.css"));
    std::fs::write(
        site.path().join("static/style.css"),
        format!("{theme_css}\nbody {{ outline: 3px solid rgb(1, 2, 3); }}\n"),
    )
    .unwrap();
    let took = wait(
        &mut page,
        &serve,
        "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
        "the new stylesheet to apply",
    );
    eprintln!("stylesheet applied after {took:?}");
    assert_eq!(
        page.eval("window.__milnik_marker === 1"),
        true,
        "the page was reloaded instead of swapping the stylesheet; last event: {}",
        page.eval("JSON.stringify(window.__milnik && window.__milnik.lastEvent)")
    );
    assert_eq!(page.eval("window.__milnik.lastEvent.css"), true);
    let errors = page.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn scroll_position_survives_a_reload() {
    if browser::skip_browser_tests("scroll_position_survives_a_reload") {
        return;
    }
    let site = site_copy("minimal");
    let article = site.path().join(ARTICLE);
    let mut text = read(&article);
    for i in 1..=200 {
        text.push_str(&format!(
            "\nOdstavec číslo {i}, aby byl článek dost dlouhý na posouvání stránky.\n"
        ));
    }
    std::fs::write(&article, &text).unwrap();
    let serve = Serve::start(site.path());
    let browser = Browser::launch();
    let url = serve.url(ARTICLE_URL);
    let mut page = browser.open(&url);
    std::thread::sleep(Duration::from_millis(300));

    let height = page.eval("document.documentElement.scrollHeight - window.innerHeight");
    assert!(
        height.as_f64().is_some_and(|h| h > 2000.0),
        "the page cannot scroll to 1500: {height}"
    );
    page.eval("window.scrollTo(0, 1500)");
    wait(
        &mut page,
        &serve,
        "Math.abs(window.scrollY - 1500) < 2",
        "the page to scroll to 1500",
    );
    page.eval("window.__before_reload = 1");

    std::fs::write(
        &article,
        replaced(
            &text,
            "Do sociálních bytů se nastěhovalo **39",
            "Do sociálních bytů se přistěhovalo **39",
        ),
    )
    .unwrap();
    let took = wait(
        &mut page,
        &serve,
        "window.__before_reload === undefined && document.readyState === 'complete' && \
         document.body.textContent.includes('se přistěhovalo 39')",
        "the page to reload with the edit",
    );
    eprintln!("reloaded after {took:?}");
    let took = wait(
        &mut page,
        &serve,
        "Math.abs(window.scrollY - 1500) < 50",
        "the scroll position to be restored",
    );
    eprintln!("scroll restored {took:?} after the reload");
    assert_eq!(page.url(), url);
    let errors = page.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// `page.wait_until(expression)` for an edit; on timeout the panic names what the page showed
/// and serve's output.
fn wait(page: &mut browser::Page, serve: &Serve, expression: &str, what: &str) -> Duration {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        page.wait_until(expression, EDIT_TIMEOUT, what)
    }));
    match result {
        Ok(took) => took,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{message}\n{}", serve.logs())
        }
    }
}

//! The preview server end to end, over a real socket: what a browser (or anything else that
//! connects) gets, byte by byte where it matters.

use super::super::live::SCRIPT_TAG;
use super::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::Instant;

const TIMEOUT: Duration = Duration::from_secs(10);

fn start(files: &[(&str, &str)]) -> (SocketAddr, Arc<Live>) {
    let mut site = SiteOutput::default();
    for (path, body) in files {
        site.files.insert((*path).into(), body.as_bytes().to_vec());
    }
    let live = Live::new();
    let (server, fell_back) = Server::bind(
        IpAddr::from([127, 0, 0, 1]),
        0,
        Arc::new(RwLock::new(site)),
        Arc::clone(&live),
    )
    .unwrap();
    assert!(!fell_back);
    let addr = server.local_addr();
    thread::spawn(move || server.run());
    (addr, live)
}

fn start_site() -> (SocketAddr, Arc<Live>) {
    start(&[
        (
            "index.html",
            "<!doctype html><html><body><h1>Úvod</h1></body></html>",
        ),
        ("a/index.html", "<html><body>A</body></html>"),
        ("style.css", "body { color: red }"),
        ("404.html", "<html><body>Nenalezeno 404</body></html>"),
    ])
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Reads one response; the body by its Content-Length (none for HEAD).
fn read_answer(reader: &mut BufReader<TcpStream>, head_request: bool) -> Answer {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "closed: {head}");
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let status = head[9..12].parse().unwrap();
    let mut answer = Answer {
        status,
        head,
        body: String::new(),
    };
    let length: usize = answer.header("content-length").unwrap().parse().unwrap();
    if !head_request {
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        answer.body = String::from_utf8(body).unwrap();
    }
    answer
}

fn get(addr: SocketAddr, request: &str) -> Answer {
    let mut stream = connect(addr);
    stream.write_all(request.as_bytes()).unwrap();
    read_answer(&mut BufReader::new(stream), request.starts_with("HEAD "))
}

fn get_path(addr: SocketAddr, path: &str) -> Answer {
    get(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

#[test]
fn the_server_serves_the_site_from_memory() {
    let (addr, _live) = start_site();

    let home = get_path(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        home.body,
        format!("<!doctype html><html><body><h1>Úvod</h1>{SCRIPT_TAG}</body></html>")
    );

    let redirect = get_path(addr, "/a?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/a/?x=1"));
    // `"`, `<` and `>` must be percent-encoded in a request target, as browsers do: hyper
    // refuses them with 400 before the handler. (The hand-written server redirected.)
    let tricky = get_path(addr, "/a?\"><b>x</b>");
    assert_eq!(tricky.status, 400);
    assert!(!tricky.body.contains("<b>"), "{}", tricky.body);
    // What hyper lets through is escaped in the page of the redirect.
    let quoted = get_path(addr, "/a?x='&y");
    assert_eq!(quoted.status, 301);
    assert_eq!(quoted.header("location"), Some("/a/?x='&y"));
    assert!(quoted.body.contains("/a/?x=&#39;&amp;y"), "{}", quoted.body);
    assert_eq!(
        get_path(addr, "/a/").body,
        format!("<html><body>A{SCRIPT_TAG}</body></html>")
    );

    let css = get_path(addr, "/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.body, "body { color: red }");

    let missing = get_path(addr, "/nope/");
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .body
            .starts_with("<html><body>Nenalezeno 404<script"),
        "{}",
        missing.body
    );
    assert!(missing.body.contains("/__milnik/live.js"));

    let script = get_path(addr, "/__milnik/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(script.body, LIVE_JS);

    let absolute = get(
        addr,
        &format!("GET http://{addr}/a/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(absolute.status, 200);
}

#[test]
fn nothing_outside_the_site_is_served() {
    let (addr, _live) = start_site();
    let secret = std::fs::read_to_string("Cargo.toml").unwrap();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2FCargo.toml",
        "/a/..%2f..%2fCargo.toml",
        "/a%5c..%5cCargo.toml",
        "/%00",
    ] {
        let answer = get_path(addr, path);
        assert_eq!(answer.status, 403, "{path}");
        assert!(answer.body.contains("Access denied"), "{path}");
        assert!(!answer.body.contains("[package]"), "{path}");
        assert!(!answer.body.contains("root:"), "{path}");
    }
    for path in ["/Cargo.toml", "//etc/passwd", "/%252e%252e/Cargo.toml"] {
        let answer = get_path(addr, path);
        assert_eq!(answer.status, 404, "{path}");
        assert!(
            !answer.body.contains(secret.lines().next().unwrap()),
            "{path}"
        );
    }
    assert_eq!(get_path(addr, "relative").status, 400);
}

#[test]
fn methods_heads_and_keep_alive() {
    let (addr, _live) = start_site();

    let post = get(
        addr,
        &format!("POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 3\r\n\r\nabc"),
    );
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    assert_eq!(post.header("connection"), Some("close"));

    let head = get(
        addr,
        &format!("HEAD / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(head.status, 200);
    let full = get_path(addr, "/");
    assert_eq!(
        head.header("content-length"),
        Some(full.body.len().to_string().as_str())
    );

    // Two requests on one connection; the HEAD answer must not carry a body, or the second
    // answer would not parse.
    let mut stream = connect(addr);
    stream
        .write_all(format!("HEAD /style.css HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let first = read_answer(&mut reader, true);
    assert_eq!(first.status, 200);
    assert_eq!(first.header("connection"), Some("keep-alive"));
    stream
        .write_all(format!("GET /a/ HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .unwrap();
    let second = read_answer(&mut reader, false);
    assert_eq!(second.status, 200);
    assert!(second.body.contains("A<script"));
    // Pipelined: both requests at once.
    stream
        .write_all(
            format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\nGET /style.css HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
    assert_eq!(read_answer(&mut reader, false).status, 200);
    let last = read_answer(&mut reader, false);
    assert_eq!(last.body, "body { color: red }");
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).unwrap();
    assert!(
        rest.is_empty(),
        "the server closes after `Connection: close`"
    );
}

#[test]
fn malformed_requests_get_400() {
    let (addr, _live) = start_site();
    for request in [
        "GET /\r\n\r\n".to_owned(),
        "GET / HTTP/2.0\r\n\r\n".to_owned(),
        "GET  / HTTP/1.1\r\n\r\n".to_owned(),
        "GET / HTTP/1.1\r\nNo colon\r\n\r\n".to_owned(),
        "GET / HTTP/1.1\r\nBad name: x\r\n\r\n".to_owned(),
        "GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n".to_owned(),
        "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n".to_owned(),
        format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD)),
        format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD)),
    ] {
        let answer = get(addr, &request);
        assert_eq!(
            answer.status,
            400,
            "{:?}",
            &request[..request.len().min(40)]
        );
        assert_eq!(answer.header("connection"), Some("close"));
    }
}

#[test]
fn an_empty_site_answers_503_with_the_script() {
    let (addr, live) = start(&[]);
    live.error("content/x.md:1:1: chyba");
    for path in ["/", "/clanky/"] {
        let answer = get_path(addr, path);
        assert_eq!(answer.status, 503);
        assert!(answer.body.contains(SCRIPT_TAG), "{}", answer.body);
    }
}

#[test]
fn a_missing_page_without_404_html_still_gets_the_script() {
    let (addr, _live) = start(&[("index.html", "<p>x")]);
    let answer = get_path(addr, "/chybi");
    assert_eq!(answer.status, 404);
    assert!(answer.body.contains("Page not found"));
    assert!(answer.body.contains("/__milnik/live.js"));
}

/// An event stream's body, read through its chunked transfer coding: hyper sends a body
/// of unknown length in chunks (the hand-written server before it wrote the events as they
/// were and closed the connection at the end).
struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    /// The next chunk's text; empty once the stream has ended.
    fn next_chunk(&mut self) -> String {
        let mut size = String::new();
        if self.reader.read_line(&mut size).unwrap() == 0 {
            return String::new();
        }
        let size = usize::from_str_radix(size.trim_end(), 16)
            .unwrap_or_else(|_| panic!("not a chunk size: {size:?}"));
        let mut chunk = vec![0; size + 2];
        self.reader.read_exact(&mut chunk).unwrap();
        assert!(chunk.ends_with(b"\r\n"), "{chunk:?}");
        chunk.truncate(size);
        String::from_utf8(chunk).unwrap()
    }
}

/// Reads from an event stream until `wanted` has arrived; returns everything read.
fn read_until(stream: &mut EventStream, seen: &mut String, wanted: &str) {
    while !seen.contains(wanted) {
        let chunk = stream.next_chunk();
        assert!(!chunk.is_empty(), "stream closed before {wanted:?}: {seen}");
        seen.push_str(&chunk);
    }
}

fn subscribe(addr: SocketAddr) -> (EventStream, String) {
    let mut stream = connect(addr);
    stream
        .write_all(format!("GET /__milnik/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut seen = String::new();
    while !seen.ends_with("\r\n\r\n") {
        assert!(reader.read_line(&mut seen).unwrap() > 0, "closed: {seen}");
    }
    assert!(seen.contains("Transfer-Encoding: chunked\r\n"), "{seen}");
    let mut stream = EventStream { reader };
    read_until(&mut stream, &mut seen, "retry: 500\n\n");
    assert!(seen.starts_with("HTTP/1.1 200 OK\r\n"), "{seen}");
    assert!(
        seen.contains("Content-Type: text/event-stream\r\n"),
        "{seen}"
    );
    assert!(seen.contains("Cache-Control: no-store\r\n"), "{seen}");
    assert!(
        !seen.to_ascii_lowercase().contains("content-length"),
        "{seen}"
    );
    (stream, seen)
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn browsers_hear_of_rebuilds_and_errors() {
    let (addr, live) = start_site();
    let (mut stream, mut seen) = subscribe(addr);
    wait_for("the subscriber", || live.subscribers() == 1);

    live.reload(&["a/index.html".into()], false);
    read_until(&mut stream, &mut seen, "}\n\n");
    let event = seen.split("retry: 500\n\n").nth(1).unwrap();
    assert!(event.starts_with("event: reload\ndata: {"), "{event}");
    assert!(event.contains(r#""paths":["/a/"]"#), "{event}");
    assert!(event.contains(r#""css":false"#), "{event}");

    live.error("x.toml:1:2: chyba");
    read_until(&mut stream, &mut seen, "event: error\n");
    read_until(&mut stream, &mut seen, "chyba\"}\n\n");

    // A browser connecting later gets the error at once.
    let (mut late, mut late_seen) = subscribe(addr);
    read_until(&mut late, &mut late_seen, "chyba\"}\n\n");
    assert!(
        late_seen.ends_with(",\"message\":\"x.toml:1:2: chyba\"}\n\n")
            && late_seen.contains("retry: 500\n\nevent: error\ndata: {\"heading\":"),
        "{late_seen}"
    );
    wait_for("two subscribers", || live.subscribers() == 2);

    // A successful rebuild clears it for later browsers.
    live.reload(&["style.css".into()], true);
    read_until(&mut late, &mut late_seen, r#""css":true}"#);
    let (mut third, mut third_seen) = subscribe(addr);
    live.reload(&["index.html".into()], false);
    read_until(&mut third, &mut third_seen, "}\n\n");
    assert!(!third_seen.contains("event: error"), "{third_seen}");
    assert!(third_seen.contains(r#""paths":["/"]"#), "{third_seen}");

    // Browsers that go away are forgotten.
    drop(stream);
    drop(late);
    drop(third);
    wait_for("no subscribers", || live.subscribers() == 0);
}

#[test]
fn a_taken_port_falls_back_to_another() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let (server, fell_back) = Server::bind(
        IpAddr::from([127, 0, 0, 1]),
        port,
        Arc::default(),
        Live::new(),
    )
    .unwrap();
    assert!(fell_back);
    assert_ne!(server.local_addr().port(), port);
}

//! The preview HTTP server of `milnik serve` and its live-reload hub.
//!
//! [`Server`] answers HTTP/1.1 requests from the in-memory [`SiteOutput`] of the last good build,
//! never from the disk, so nothing outside the site can be served whatever the request says.
//! [`resolve_target`] maps a request target to an output path and refuses anything that could
//! mean another file (dot segments, backslashes, NUL, broken percent-encoding). Every HTML
//! response gets a small script ([`inject_live_reload`], `live.js`) that subscribes to
//! `/__milnik/events`, a Server-Sent Events stream fed by [`Live`]: after a rebuild the browser
//! reloads the page (or only its stylesheets) when it changed, and after a failed rebuild it
//! shows the error over the last good version of the page.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::thread;
use std::time::Duration;

use crate::output::SiteOutput;

/// The browser side of live reload, served at [`LIVE_JS_PATH`].
const LIVE_JS: &str = include_str!("live.js");
/// Reserved output paths (as [`resolve_target`] returns them); they shadow the site's own files.
const LIVE_JS_PATH: &str = "__milnik/live.js";
const EVENTS_PATH: &str = "__milnik/events";
/// What [`inject_live_reload`] inserts.
const SCRIPT_TAG: &str = "<script src=\"/__milnik/live.js\"></script>";

/// The most a request line and its headers may take together.
const MAX_HEAD: usize = 16 * 1024;
/// How long a connection may stay idle between requests (or stall within one).
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a write may stall before the client is given up.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How often an idle event stream sends a comment, so dead clients are noticed.
const PING_INTERVAL: Duration = Duration::from_secs(15);
/// How many ports after the requested one [`Server::bind`] tries before any free port.
const FALLBACK_PORTS: u16 = 20;
/// Above this many changed files a reload event says "all" instead of listing them.
const MAX_LISTED_PATHS: usize = 200;

/// The live-reload hub: browsers subscribed over Server-Sent Events, and the current build error.
pub struct Live {
    state: Mutex<LiveState>,
}

#[derive(Default)]
struct LiveState {
    subscribers: Vec<Subscriber>,
    /// The error of the last rebuild, until a rebuild succeeds.
    error: Option<String>,
    next_id: u64,
}

/// One connected browser: the channel its event-stream thread writes out. An empty message
/// means the browser closed the connection.
struct Subscriber {
    id: u64,
    sender: Sender<String>,
}

impl LiveState {
    /// Queues `event` for every subscriber, forgetting those whose connection has ended.
    fn broadcast(&mut self, event: &str) {
        self.subscribers
            .retain(|s| s.sender.send(event.to_owned()).is_ok());
    }
}

impl Live {
    pub fn new() -> Arc<Live> {
        Arc::new(Live {
            state: Mutex::new(LiveState::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, LiveState> {
        // The state stays consistent even if a holder panicked: every change is one push,
        // retain or assignment.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A successful rebuild: clears any error and tells browsers which pages changed. `changed`
    /// are output paths ("clanky/x/index.html", "style.css"), sent as URL paths ("/clanky/x/",
    /// "/style.css"); more than 200 are sent as `"all": true` instead. `css_only` = only
    /// stylesheets changed, so browsers can swap them without reloading.
    pub fn reload(&self, changed: &[String], css_only: bool) {
        let event = reload_event(changed, css_only);
        let mut state = self.lock();
        state.error = None;
        state.broadcast(&event);
    }

    /// A failed rebuild: remembers `message` (plain text, the diagnostics with
    /// file:line:column) and sends it to every browser; a browser that connects later gets it
    /// at once.
    pub fn error(&self, message: &str) {
        let event = error_event(message);
        let mut state = self.lock();
        state.error = Some(message.to_owned());
        state.broadcast(&event);
    }

    /// How many browsers are connected (for tests and the benchmark).
    pub fn subscribers(&self) -> usize {
        self.lock().subscribers.len()
    }

    /// Registers a browser. The current error, if any, is already queued on the receiver, so a
    /// browser cannot miss an error that happens while it connects.
    fn subscribe(&self) -> (u64, Sender<String>, Receiver<String>) {
        let (sender, receiver) = mpsc::channel();
        let mut state = self.lock();
        let id = state.next_id;
        state.next_id += 1;
        if let Some(message) = &state.error {
            let _ = sender.send(error_event(message));
        }
        state.subscribers.push(Subscriber {
            id,
            sender: sender.clone(),
        });
        (id, sender, receiver)
    }

    fn unsubscribe(&self, id: u64) {
        self.lock().subscribers.retain(|s| s.id != id);
    }
}

/// `event: reload` with `{"paths": [...], "all": false, "css": false}`.
fn reload_event(changed: &[String], css_only: bool) -> String {
    let all = changed.len() > MAX_LISTED_PATHS;
    let paths: Vec<String> = if all {
        Vec::new()
    } else {
        changed.iter().map(|p| url_path(p)).collect()
    };
    // Written by hand to keep the documented key order (`json!` sorts keys).
    let paths = serde_json::to_string(&paths).unwrap_or_else(|_| "[]".into());
    format!("event: reload\ndata: {{\"paths\":{paths},\"all\":{all},\"css\":{css_only}}}\n\n")
}

/// `event: error` with `{"message": "..."}`. JSON keeps the message on one line, as SSE needs.
fn error_event(message: &str) -> String {
    let data = serde_json::json!({ "message": message });
    format!("event: error\ndata: {data}\n\n")
}

/// The URL path a browser shows for an output path: "index.html" → "/", "a/index.html" →
/// "/a/", anything else gets a leading slash ("404.html" → "/404.html").
fn url_path(output: &str) -> String {
    if output == "index.html" {
        "/".to_owned()
    } else if let Some(dir) = output.strip_suffix("/index.html") {
        format!("/{dir}/")
    } else {
        format!("/{output}")
    }
}

/// The preview server: a bound listener and what it serves.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    site: Arc<Site>,
}

/// What every connection thread shares.
struct Site {
    output: Arc<RwLock<SiteOutput>>,
    live: Arc<Live>,
}

impl Server {
    /// Binds `addr:port`; when that port is taken, tries the next 20 ports, then any free port
    /// (port 0). Returns the server and whether it fell back to another port.
    pub fn bind(
        addr: IpAddr,
        port: u16,
        output: Arc<RwLock<SiteOutput>>,
        live: Arc<Live>,
    ) -> io::Result<(Server, bool)> {
        let site = Arc::new(Site { output, live });
        let mut last_taken = None;
        let candidates = std::iter::once(port).chain(
            (1..=FALLBACK_PORTS)
                .filter_map(|i| port.checked_add(i))
                .filter(|_| port != 0),
        );
        for candidate in candidates {
            match TcpListener::bind(SocketAddr::new(addr, candidate)) {
                Ok(listener) => {
                    return Server::new(listener, site).map(|s| (s, candidate != port));
                }
                Err(err) if is_taken(&err) => last_taken = Some(err),
                Err(err) => return Err(err),
            }
        }
        match (TcpListener::bind(SocketAddr::new(addr, 0)), last_taken) {
            (Ok(listener), _) => Server::new(listener, site).map(|s| (s, true)),
            (Err(_), Some(taken)) => Err(taken),
            (Err(err), None) => Err(err),
        }
    }

    fn new(listener: TcpListener, site: Arc<Site>) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        Ok(Server {
            listener,
            addr,
            site,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Accepts connections until the process ends; one thread per connection (browsers hold
    /// connections open).
    pub fn run(self) {
        for stream in self.listener.incoming() {
            match stream {
                Ok(stream) => {
                    let site = Arc::clone(&self.site);
                    // When no thread can be started the closure, and with it the connection,
                    // is dropped: the browser sees a closed connection and retries.
                    let _ = thread::Builder::new()
                        .name("milnik-http".into())
                        .spawn(move || site.connection(stream));
                }
                // Out of file descriptors and the like: wait for connections to end.
                Err(_) => thread::sleep(Duration::from_millis(50)),
            }
        }
    }
}

/// Whether a bind error means "try another port": taken, or (Windows, excluded ranges) denied.
fn is_taken(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::AddrInUse | io::ErrorKind::PermissionDenied
    )
}

/// Why a request target is not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 403: a dot segment, NUL or another control character, a backslash, broken
    /// percent-encoding or a path that is not UTF-8 once decoded.
    Forbidden,
    /// 400: neither origin-form (`/path`) nor absolute-form (`http://host/path`).
    BadRequest,
}

/// A request target taken apart.
#[derive(Debug, PartialEq, Eq)]
struct Target<'a> {
    /// The output path to look up ("index.html", "a/b/index.html", "a/b").
    file: String,
    /// The decoded path without leading, trailing or repeated slashes ("a/b"; "" for "/").
    path: String,
    /// Whether the path ended with a slash (so `file` is the directory's index.html).
    dir: bool,
    /// The query without its `?`, kept for redirects.
    query: Option<&'a str>,
}

/// How a request target maps to a file of the site: `/` → `index.html`, `/a/b/` →
/// `a/b/index.html`, `/a/b` → `a/b` (the server redirects to `/a/b/` when only
/// `a/b/index.html` exists). The query and fragment are dropped, the path is percent-decoded,
/// and repeated slashes count as one.
pub fn resolve_target(target: &str) -> Result<String, Refusal> {
    parse_target(target).map(|t| t.file)
}

fn parse_target(target: &str) -> Result<Target<'_>, Refusal> {
    let target = target.split_once('#').map_or(target, |(t, _)| t);
    let target = origin_form(target).ok_or(Refusal::BadRequest)?;
    let (raw, query) = match target.split_once('?') {
        Some((raw, query)) => (raw, Some(query)),
        None => (target, None),
    };
    if !raw.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let decoded = String::from_utf8(percent_decode(raw)?).map_err(|_| Refusal::Forbidden)?;
    if decoded.contains(|c: char| c == '\\' || c.is_control()) {
        return Err(Refusal::Forbidden);
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Err(Refusal::Forbidden);
    }
    let path = segments.join("/");
    let dir = decoded.ends_with('/');
    let file = match (path.is_empty(), dir) {
        (true, _) => "index.html".to_owned(),
        (false, true) => format!("{path}/index.html"),
        (false, false) => path.clone(),
    };
    Ok(Target {
        file,
        path,
        dir,
        query,
    })
}

/// The origin-form part (`/path?query`) of a target; absolute-form (`http://host/path`) loses
/// its scheme and authority. `None` for anything else (`*`, authority-form).
fn origin_form(target: &str) -> Option<&str> {
    if target.starts_with('/') {
        return Some(target);
    }
    let scheme_end = target.find("://")?;
    let scheme = &target[..scheme_end];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = &target[scheme_end + 3..];
    match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => Some(&rest[i..]),
        // `http://host?q` or `http://host`: the path is "/"; the query is not worth keeping.
        _ => Some("/"),
    }
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits is refused.
fn percent_decode(raw: &str) -> Result<Vec<u8>, Refusal> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refusal::Forbidden)?;
            let hex = std::str::from_utf8(hex).map_err(|_| Refusal::Forbidden)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Refusal::Forbidden);
            }
            out.push(u8::from_str_radix(hex, 16).map_err(|_| Refusal::Forbidden)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// Percent-encodes a decoded path for a `Location` header: everything but unreserved
/// characters, sub-delimiters, `:`, `@` and `/`.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `Content-Type` of an output path, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = match name.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => return "application/octet-stream",
    };
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Inserts the live-reload script tag before the last `</body>` (or at the end when there is
/// none).
pub fn inject_live_reload(html: &[u8]) -> Vec<u8> {
    inject(html, SCRIPT_TAG)
}

fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = last_body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Where the last `</body>` tag (any case, `</body >` too) starts.
fn last_body_end(html: &[u8]) -> Option<usize> {
    const END: &[u8] = b"</body";
    (0..html.len().saturating_sub(END.len() - 1))
        .rev()
        .find(|&i| {
            html[i..i + END.len()].eq_ignore_ascii_case(END)
                && matches!(
                    html.get(i + END.len()),
                    Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')
                )
        })
}

/// A request as far as the server cares.
struct Request {
    method: String,
    target: String,
    /// The client wants the connection closed after this request (`Connection: close`, or
    /// HTTP/1.0 without keep-alive).
    close: bool,
    /// The request has a body, which is not read: the connection is closed after it.
    body: bool,
}

/// A request line or header that cannot be understood, or too long: answered with 400.
struct Malformed;

/// How a line of the request head ended.
enum Line {
    Complete,
    /// The connection ended (or timed out) first.
    End,
    /// [`MAX_HEAD`] was used up first.
    TooLong,
}

/// Reads one line (without its CRLF) into `line`, taking at most `budget` bytes from it.
fn read_line(reader: &mut impl BufRead, budget: &mut usize, line: &mut Vec<u8>) -> Line {
    line.clear();
    let read = reader.by_ref().take(*budget as u64).read_until(b'\n', line);
    let n = match read {
        Ok(n) => n,
        // Idle timeout, reset: nothing to answer.
        Err(_) => return Line::End,
    };
    *budget -= n;
    if line.last() != Some(&b'\n') {
        return if *budget == 0 {
            Line::TooLong
        } else {
            Line::End
        };
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Line::Complete
}

/// Reads the next request's line and headers. `Ok(None)`: the connection ended (or idled
/// out) between or within requests.
fn read_request(reader: &mut impl BufRead) -> Result<Option<Request>, Malformed> {
    let mut budget = MAX_HEAD;
    let mut line = Vec::new();
    // Empty lines before a request line are allowed (RFC 9112, 2.2).
    loop {
        match read_line(reader, &mut budget, &mut line) {
            Line::Complete if line.is_empty() => continue,
            Line::Complete => break,
            Line::End => return Ok(None),
            Line::TooLong => return Err(Malformed),
        }
    }
    let request_line = std::str::from_utf8(&line).map_err(|_| Malformed)?;
    if request_line.chars().any(|c| c.is_control()) {
        return Err(Malformed);
    }
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Malformed);
    };
    if method.is_empty() || !method.bytes().all(is_token) || target.is_empty() {
        return Err(Malformed);
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(Malformed),
    };
    let mut request = Request {
        method: method.to_owned(),
        target: target.to_owned(),
        close: http10,
        body: false,
    };
    let mut content_length: Option<u64> = None;
    loop {
        match read_line(reader, &mut budget, &mut line) {
            Line::Complete if line.is_empty() => break,
            Line::Complete => {}
            Line::End => return Ok(None),
            Line::TooLong => return Err(Malformed),
        }
        // Obsolete line folding, control characters: refused (RFC 9112, 5.2).
        if line[0] == b' ' || line[0] == b'\t' {
            return Err(Malformed);
        }
        if line.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
            return Err(Malformed);
        }
        let colon = line.iter().position(|&b| b == b':').ok_or(Malformed)?;
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.is_empty() || !name.iter().copied().all(is_token) {
            return Err(Malformed);
        }
        let value = String::from_utf8_lossy(value);
        let value = value.trim_matches([' ', '\t']);
        if name.eq_ignore_ascii_case(b"connection") {
            for option in value.split(',').map(str::trim) {
                if option.eq_ignore_ascii_case("close") {
                    request.close = true;
                } else if option.eq_ignore_ascii_case("keep-alive") && http10 {
                    request.close = false;
                }
            }
        } else if name.eq_ignore_ascii_case(b"content-length") {
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Malformed);
            }
            let length: u64 = value.parse().map_err(|_| Malformed)?;
            if content_length.is_some_and(|l| l != length) {
                return Err(Malformed);
            }
            content_length = Some(length);
            request.body |= length > 0;
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            request.body = true;
        }
    }
    Ok(Some(request))
}

/// A character of an HTTP token (method, header name).
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A response with a body of known length.
struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
    allow: bool,
}

impl Response {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type,
            body,
            location: None,
            allow: false,
        }
    }

    fn html(status: u16, body: Vec<u8>) -> Response {
        Response::new(status, "text/html; charset=utf-8", body)
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// A minimal Czech HTML page, for errors the site has no page for.
fn simple_page(title: &str, text: &str) -> Vec<u8> {
    format!(
        "<!doctype html>\n<html lang=\"cs\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{text}</p>\n</body>\n</html>\n"
    )
    .into_bytes()
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::html::escape_html(text, &mut out).expect("writing to a String cannot fail");
    out
}

/// Writes `response`; the body only for GET.
fn write_response(
    mut stream: &TcpStream,
    response: &Response,
    head: bool,
    close: bool,
) -> io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    if let Some(location) = &response.location {
        out.push_str(&format!("Location: {location}\r\n"));
    }
    if response.allow {
        out.push_str("Allow: GET, HEAD\r\n");
    }
    out.push_str(if close {
        "Connection: close\r\n\r\n"
    } else {
        "Connection: keep-alive\r\n\r\n"
    });
    let mut out = out.into_bytes();
    if !head {
        out.extend_from_slice(&response.body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

/// What to do with the connection after a response.
enum Next {
    KeepAlive,
    Close,
    /// The request was for the event stream, which takes the connection over.
    Events,
}

impl Site {
    /// Serves one connection: requests one after another until it closes, idles out, asks to
    /// close, or becomes an event stream.
    fn connection(&self, stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let _ = stream.set_nodelay(true);
        let mut reader = BufReader::new(&stream);
        loop {
            let next = match read_request(&mut reader) {
                Ok(Some(request)) => self.answer(&request, &stream),
                Ok(None) => return,
                Err(Malformed) => {
                    let body = simple_page("Chybný požadavek", "Požadavku server nerozumí.");
                    let _ = write_response(&stream, &Response::html(400, body), false, true);
                    Ok(Next::Close)
                }
            };
            match next {
                Ok(Next::KeepAlive) => {}
                Ok(Next::Close) => {
                    close_gently(&stream);
                    return;
                }
                Ok(Next::Events) => {
                    drop(reader);
                    self.events(stream);
                    return;
                }
                Err(_) => return,
            }
        }
    }

    /// Answers one request.
    fn answer(&self, request: &Request, stream: &TcpStream) -> io::Result<Next> {
        let close = request.close || request.body;
        let head = request.method == "HEAD";
        let next = if close { Next::Close } else { Next::KeepAlive };
        if request.method != "GET" && !head {
            let body = simple_page(
                "Metoda není povolena",
                "Náhled webu odpovídá jen na požadavky GET a HEAD.",
            );
            let mut response = Response::html(405, body);
            response.allow = true;
            write_response(stream, &response, false, close)?;
            return Ok(next);
        }
        let target = match parse_target(&request.target) {
            Ok(target) => target,
            Err(Refusal::Forbidden) => {
                let body = simple_page("Přístup odepřen", "Tuto adresu náhled webu neposkytuje.");
                write_response(stream, &Response::html(403, body), head, close)?;
                return Ok(next);
            }
            Err(Refusal::BadRequest) => {
                let body = simple_page("Chybný požadavek", "Požadavku server nerozumí.");
                write_response(stream, &Response::html(400, body), head, true)?;
                return Ok(Next::Close);
            }
        };
        if target.file == EVENTS_PATH && !head {
            return Ok(Next::Events);
        }
        let response = self.lookup(&target);
        write_response(stream, &response, head, close)?;
        Ok(next)
    }

    /// The response for a well-formed target: the file, a redirect, or a 404/503 page.
    fn lookup(&self, target: &Target) -> Response {
        if target.file == LIVE_JS_PATH {
            return Response::new(200, content_type(LIVE_JS_PATH), LIVE_JS.as_bytes().to_vec());
        }
        if target.file == EVENTS_PATH {
            // HEAD of the event stream: its headers, without the stream.
            return Response::new(200, "text/event-stream", Vec::new());
        }
        let output = self.output.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(bytes) = output.files.get(&target.file) {
            let kind = content_type(&target.file);
            let body = if kind.starts_with("text/html") {
                inject_live_reload(bytes)
            } else {
                bytes.clone()
            };
            return Response::new(200, kind, body);
        }
        if !target.dir
            && output
                .files
                .contains_key(&format!("{}/index.html", target.path))
        {
            let mut location = format!("/{}/", percent_encode_path(&target.path));
            if let Some(query) = target.query {
                location.push('?');
                location.push_str(query);
            }
            // The query is the client's text: escaped, it cannot add markup to the body.
            let shown = escape_html(&location);
            let body = format!(
                "<!doctype html>\n<title>Přesměrování</title>\n<a href=\"{shown}\">{shown}</a>\n"
            );
            let mut response = Response::html(301, body.into_bytes());
            response.location = Some(location);
            return response;
        }
        if output.files.is_empty() {
            // The first build failed: this page carries the overlay that shows why.
            let body = simple_page(
                "Web se zatím nepodařilo sestavit",
                "Po opravě chyby se stránka obnoví sama.",
            );
            return Response::html(503, inject_live_reload(&body));
        }
        // A browser on a missing page reloads when the site's 404 page changes.
        let tag = "<script src=\"/__milnik/live.js\" data-milnik-page=\"/404.html\"></script>";
        let body = match output.files.get("404.html") {
            Some(page) => inject(page, tag),
            None => inject(
                &simple_page("Stránka nenalezena", "Tato stránka na webu není."),
                tag,
            ),
        };
        Response::html(404, body)
    }

    /// Serves the event stream on `stream` until the browser goes away.
    fn events(&self, stream: TcpStream) {
        let (id, sender, receiver) = self.live.subscribe();
        // The browser never sends anything more; a thread blocked on reading notices at once
        // when it closes the connection, so the subscriber count stays true.
        if let Ok(mut watch) = stream.try_clone() {
            let _ = thread::Builder::new()
                .name("milnik-events".into())
                .spawn(move || {
                    let mut buffer = [0u8; 512];
                    loop {
                        match watch.read(&mut buffer) {
                            Ok(0) => break,
                            Ok(_) => {}
                            Err(e)
                                if matches!(
                                    e.kind(),
                                    io::ErrorKind::WouldBlock
                                        | io::ErrorKind::TimedOut
                                        | io::ErrorKind::Interrupted
                                ) => {}
                            Err(_) => break,
                        }
                    }
                    let _ = sender.send(String::new());
                });
        }
        let _ = stream_events(&stream, &receiver);
        self.live.unsubscribe(id);
        let _ = stream.shutdown(Shutdown::Both);
    }
}

/// Writes the event-stream headers, then every event received, with a ping when idle.
fn stream_events(mut stream: &TcpStream, receiver: &Receiver<String>) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n",
    )?;
    stream.flush()?;
    loop {
        match receiver.recv_timeout(PING_INTERVAL) {
            Ok(event) if event.is_empty() => return Ok(()),
            Ok(event) => stream.write_all(event.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

/// Closes a connection after its last response without losing that response: a close with
/// unread request bytes pending would reset the connection.
fn close_gently(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    let mut left: usize = 64 * 1024;
    let mut reader = stream;
    while left > 0 {
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn targets_map_to_site_paths_or_are_refused() {
        use Refusal::{BadRequest, Forbidden};
        let cases: &[(&str, Result<&str, Refusal>)] = &[
            ("/", Ok("index.html")),
            ("/style.css", Ok("style.css")),
            ("/clanky/x/", Ok("clanky/x/index.html")),
            ("/clanky/x", Ok("clanky/x")),
            ("/clanky/x/?a=1&b=%2e%2e", Ok("clanky/x/index.html")),
            ("/clanky/x#nahoru", Ok("clanky/x")),
            ("/?q=1#f", Ok("index.html")),
            ("/%C4%8Dl%C3%A1nky/", Ok("články/index.html")),
            ("/a%20b.pdf", Ok("a b.pdf")),
            ("/a+b", Ok("a+b")),
            ("//etc/passwd", Ok("etc/passwd")),
            ("/a//b/", Ok("a/b/index.html")),
            ("/a%2Fb", Ok("a/b")),
            ("/%252e%252e/", Ok("%2e%2e/index.html")),
            ("/..", Err(Forbidden)),
            ("/../etc/passwd", Err(Forbidden)),
            ("/a/../b", Err(Forbidden)),
            ("/./a", Err(Forbidden)),
            ("/a/.", Err(Forbidden)),
            ("/%2e%2e/", Err(Forbidden)),
            ("/%2E%2E%2Fetc%2Fpasswd", Err(Forbidden)),
            ("/a/..%2f..%2fb", Err(Forbidden)),
            ("/.%2e/x", Err(Forbidden)),
            ("/a\\b", Err(Forbidden)),
            ("/a%5cb", Err(Forbidden)),
            ("/a%5C..%5Cb", Err(Forbidden)),
            ("/%00", Err(Forbidden)),
            ("/a%0a", Err(Forbidden)),
            ("/%ff", Err(Forbidden)),
            ("/%C4", Err(Forbidden)),
            ("/%", Err(Forbidden)),
            ("/%2", Err(Forbidden)),
            ("/%zz", Err(Forbidden)),
            ("/%+1", Err(Forbidden)),
            ("http://127.0.0.1:1111/a/", Ok("a/index.html")),
            ("HTTP://localhost/a/b?x", Ok("a/b")),
            ("http://127.0.0.1:1111", Ok("index.html")),
            ("http://127.0.0.1:1111?x=1", Ok("index.html")),
            ("http://127.0.0.1:1111/../etc/passwd", Err(Forbidden)),
            ("a/b", Err(BadRequest)),
            ("*", Err(BadRequest)),
            ("127.0.0.1:1111", Err(BadRequest)),
            ("file:///etc/passwd", Err(BadRequest)),
            ("?x", Err(BadRequest)),
        ];
        for (target, expected) in cases {
            let got = resolve_target(target);
            assert_eq!(got.as_deref().map_err(|r| *r), *expected, "{target:?}");
        }
    }

    #[test]
    fn redirect_targets_keep_the_query() {
        let t = parse_target("/a/b?x=1").unwrap();
        assert_eq!(
            (t.path.as_str(), t.dir, t.query),
            ("a/b", false, Some("x=1"))
        );
        assert_eq!(percent_encode_path("články/a b"), "%C4%8Dl%C3%A1nky/a%20b");
    }

    #[test]
    fn content_types_follow_the_extension() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("a/B.HTML", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("chart.svg", "image/svg+xml"),
            ("data.json", "application/json"),
            ("sitemap.xml", "application/xml"),
            ("feed.atom", "application/atom+xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("data/opatreni.csv", "text/csv; charset=utf-8"),
            ("logo.png", "image/png"),
            ("foto.jpg", "image/jpeg"),
            ("foto.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("favicon.ico", "image/x-icon"),
            ("plan.pdf", "application/pdf"),
            ("data.zip", "application/zip"),
            ("font.woff2", "font/woff2"),
            ("x.wasm", "application/wasm"),
            ("LICENSE", "application/octet-stream"),
            ("a.b/c", "application/octet-stream"),
            ("x.unknown", "application/octet-stream"),
        ];
        for (path, expected) in cases {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let inject = |html: &str| String::from_utf8(inject_live_reload(html.as_bytes())).unwrap();
        assert_eq!(
            inject("<p>a</p></body></html>"),
            format!("<p>a</p>{SCRIPT_TAG}</body></html>")
        );
        assert_eq!(
            inject("<pre>&lt;/body&gt;</pre></BODY>\n</HTML>"),
            format!("<pre>&lt;/body&gt;</pre>{SCRIPT_TAG}</BODY>\n</HTML>")
        );
        assert_eq!(
            inject("<p></body></p>\n</Body >"),
            format!("<p></body></p>\n{SCRIPT_TAG}</Body >")
        );
        assert_eq!(inject("<p>a</p>"), format!("<p>a</p>{SCRIPT_TAG}"));
        assert_eq!(inject("</bodyx>"), format!("</bodyx>{SCRIPT_TAG}"));
        assert_eq!(inject(""), SCRIPT_TAG);
    }

    #[test]
    fn events_name_changed_pages_by_url() {
        let changed =
            ["index.html", "clanky/x/index.html", "style.css", "404.html"].map(String::from);
        let event = reload_event(&changed, false);
        let data = event
            .strip_prefix("event: reload\ndata: ")
            .and_then(|e| e.strip_suffix("\n\n"))
            .unwrap();
        let data: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(
            data,
            serde_json::json!({
                "paths": ["/", "/clanky/x/", "/style.css", "/404.html"],
                "all": false,
                "css": false,
            })
        );
        let many: Vec<String> = (0..201).map(|i| format!("p{i}/index.html")).collect();
        assert!(reload_event(&many, true).contains(r#""all":true"#));
        assert!(reload_event(&many[..200], true).contains(r#""all":false"#));
        let error = error_event("a.toml:1:2: chyba\n  | řádek");
        assert_eq!(error.matches('\n').count(), 3, "one data line: {error}");
        assert!(error.contains(r#"{"message":"a.toml:1:2: chyba\n  | řádek"}"#));
    }

    // End to end, over a real socket.

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
        let tricky = get_path(addr, "/a?\"><b>x</b>");
        assert_eq!(tricky.status, 301);
        assert!(!tricky.body.contains("<b>"), "{}", tricky.body);
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
            assert!(answer.body.contains("Přístup odepřen"), "{path}");
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
        assert!(answer.body.contains("Stránka nenalezena"));
        assert!(answer.body.contains("/__milnik/live.js"));
    }

    /// Reads from an event stream until `wanted` has arrived; returns everything read.
    fn read_until(reader: &mut impl Read, seen: &mut String, wanted: &str) {
        let mut buffer = [0u8; 1024];
        while !seen.contains(wanted) {
            let n = reader.read(&mut buffer).unwrap();
            assert!(n > 0, "stream closed before {wanted:?}: {seen}");
            seen.push_str(std::str::from_utf8(&buffer[..n]).unwrap());
        }
    }

    fn subscribe(addr: SocketAddr) -> (TcpStream, String) {
        let mut stream = connect(addr);
        stream
            .write_all(format!("GET /__milnik/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .unwrap();
        let mut seen = String::new();
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
            late_seen.ends_with(
                "retry: 500\n\nevent: error\ndata: {\"message\":\"x.toml:1:2: chyba\"}\n\n"
            ),
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
}

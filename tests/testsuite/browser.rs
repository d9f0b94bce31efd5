//! End-to-end browser harness: owns a headless Chromium process (Debian's `/usr/bin/chromium`)
//! with a throwaway profile, and drives its tabs over the Chrome DevTools Protocol (CDP).
//!
//! Every `Browser` has its own profile directory and its own debugging port, so tests using it
//! can run in parallel. Every wait has a deadline and fails with a message saying what it waited for.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// Where Debian's package (installed by `scripts/test`) puts the Chromium launcher; the
/// environment variable `MILNIK_CHROMIUM` names another Chromium (or Chrome) to use.
const CHROMIUM: &str = "/usr/bin/chromium";

/// The Chromium the browser tests run: `MILNIK_CHROMIUM`, else Debian's.
fn chromium() -> std::path::PathBuf {
    std::env::var_os("MILNIK_CHROMIUM")
        .filter(|p| !p.is_empty())
        .map_or_else(|| CHROMIUM.into(), Into::into)
}
/// How long Chromium gets to start and announce its debugging port.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
/// How long one CDP command (including an awaited `eval`) may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a page gets to fire its load event.
const LOAD_TIMEOUT: Duration = Duration::from_secs(30);
/// Timeout of plain HTTP requests and of the WebSocket handshake.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
/// Granularity of socket reads, so deadlines are checked even when Chromium is silent.
const READ_TIMEOUT: Duration = Duration::from_millis(200);
/// How often `wait_until` re-evaluates its expression.
const POLL_INTERVAL: Duration = Duration::from_millis(25);
/// How long `Drop` waits for Chromium to exit after `Browser.close` before killing it.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

const MISSING_CHROMIUM: &str = "Chromium is not installed: run scripts/test, which installs it \
     (apt-get install chromium), set MILNIK_CHROMIUM to the Chromium or Chrome to use, or set \
     MILNIK_SKIP_BROWSER_TESTS=1 to skip browser tests explicitly";

/// True when browser tests are explicitly switched off with `MILNIK_SKIP_BROWSER_TESTS=1`; then it
/// also reports the skipped test `name` on stderr. Browser tests start with
/// `if browser::skip_browser_tests("name") { return; }`.
pub fn skip_browser_tests(name: &str) -> bool {
    let skip = std::env::var("MILNIK_SKIP_BROWSER_TESTS").is_ok_and(|value| value == "1");
    if skip {
        eprintln!("SKIPPED (MILNIK_SKIP_BROWSER_TESTS=1): {name}");
    }
    skip
}

/// A running headless Chromium with a fresh profile; killed and cleaned up on drop.
pub struct Browser {
    child: Child,
    /// The debugging port Chromium chose (0 until it announced it).
    port: u16,
    /// Path of the browser-level WebSocket, e.g. `/devtools/browser/<uuid>`.
    browser_ws_path: String,
    /// Holds the profile (`user-data/`) and Chromium's stderr (`chromium-stderr.log`).
    dir: tempfile::TempDir,
}

impl Browser {
    /// Launches headless Chromium. Fails with a clear message (naming `scripts/test`, which
    /// installs it) when it is missing.
    pub fn launch() -> Browser {
        let chromium = chromium();
        if !chromium.exists() {
            panic!("{}: {MISSING_CHROMIUM}", chromium.display());
        }
        let dir = tempfile::Builder::new()
            .prefix("milnik-chromium-")
            .tempdir()
            .expect("create a temporary directory for Chromium");
        let user_data = dir.path().join("user-data");
        std::fs::create_dir(&user_data).expect("create Chromium's profile directory");
        let stderr = File::create(dir.path().join("chromium-stderr.log"))
            .expect("create the file for Chromium's stderr");
        let child = Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", user_data.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
        // From here on, `Drop` kills Chromium whatever happens.
        let mut browser = Browser {
            child,
            port: 0,
            browser_ws_path: String::new(),
            dir,
        };
        let active_port = user_data.join("DevToolsActivePort");
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some((port, path)) = read_active_port(&active_port) {
                browser.port = port;
                browser.browser_ws_path = path;
                return browser;
            }
            if let Ok(Some(status)) = browser.child.try_wait() {
                panic!(
                    "Chromium exited ({status}) before announcing its debugging port; its stderr:\n{}",
                    browser.stderr()
                );
            }
            if Instant::now() > deadline {
                panic!(
                    "Chromium did not write {} within {STARTUP_TIMEOUT:?}; its stderr:\n{}",
                    active_port.display(),
                    browser.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Opens a new tab (page target) at `url` and waits until its load event fired.
    pub fn open(&self, url: &str) -> Page {
        // The tab starts blank; navigating only after the domains are enabled means the load
        // event cannot slip by before we listen for it.
        let target = http_request(self.port, "PUT", "/json/new?about:blank");
        let ws_url = target["webSocketDebuggerUrl"]
            .as_str()
            .unwrap_or_else(|| panic!("PUT /json/new gave no webSocketDebuggerUrl: {target}"));
        let stream = connect(self.port);
        let (ws, _response) = tungstenite::client(ws_url, stream)
            .unwrap_or_else(|e| panic!("WebSocket handshake with {ws_url} failed: {e}"));
        ws.get_ref()
            .set_read_timeout(Some(READ_TIMEOUT))
            .expect("set the read timeout of the page socket");
        let mut page = Page {
            ws,
            next_id: 0,
            console_errors: Vec::new(),
            log_errors: Vec::new(),
            requests: HashMap::new(),
            failed_requests: Vec::new(),
            loaded: HashSet::new(),
            network_idle: HashSet::new(),
            navigations: Vec::new(),
        };
        page.call("Page.enable", json!({}));
        page.call("Page.setLifecycleEventsEnabled", json!({ "enabled": true }));
        page.call("Runtime.enable", json!({}));
        page.call("Network.enable", json!({}));
        page.call("Log.enable", json!({}));
        page.goto(url);
        page
    }

    /// What Chromium has written to stderr so far.
    fn stderr(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromium-stderr.log"))
            .unwrap_or_else(|e| format!("(cannot read Chromium's stderr: {e})"))
    }

    /// Asks Chromium to quit over the browser WebSocket; best effort, errors are ignored.
    fn request_close(&self) {
        if self.port == 0 {
            return;
        }
        let url = format!("ws://127.0.0.1:{}{}", self.port, self.browser_ws_path);
        let Ok(stream) = TcpStream::connect_timeout(&local(self.port), HTTP_TIMEOUT) else {
            return;
        };
        let _ = stream.set_read_timeout(Some(HTTP_TIMEOUT));
        let _ = stream.set_write_timeout(Some(HTTP_TIMEOUT));
        if let Ok((mut ws, _)) = tungstenite::client(url, stream) {
            let close = json!({ "id": 1, "method": "Browser.close" }).to_string();
            let _ = ws.send(Message::text(close));
        }
    }
}

impl Drop for Browser {
    /// Closes Chromium (gracefully if it listens, else by killing it), waits for it, and lets the
    /// temporary directory with the profile be removed.
    fn drop(&mut self) {
        self.request_close();
        let deadline = Instant::now() + CLOSE_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => return,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => break,
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One tab, driven over its own DevTools WebSocket.
pub struct Page {
    ws: WebSocket<TcpStream>,
    /// Id of the next CDP command.
    next_id: u64,
    /// Uncaught exceptions and `console.error` calls, in order.
    console_errors: Vec<String>,
    /// Error-level entries of the browser's own log (`Log.entryAdded`), in order.
    log_errors: Vec<LogEntry>,
    /// URL of every request seen, by CDP request id.
    requests: HashMap<String, String>,
    /// Requests answered with an HTTP error status or failing in the network, in order.
    failed_requests: Vec<FailedRequest>,
    /// Loader ids (one per document) whose load event fired.
    loaded: HashSet<String>,
    /// Loader ids whose document saw no network activity for 500 ms (the `networkIdle` event).
    network_idle: HashSet<String>,
    /// Every cross-document navigation of the main frame, in order.
    navigations: Vec<Navigation>,
}

/// A request that did not succeed, as seen by the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedRequest {
    pub url: String,
    /// The CDP resource type: `Document`, `Stylesheet`, `Image`, `Script`, `Fetch`, ...
    pub resource_type: String,
    /// `HTTP 404` for an error status, else the network error (`net::ERR_CONNECTION_REFUSED`).
    pub problem: String,
}

impl std::fmt::Display for FailedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.resource_type, self.url, self.problem)
    }
}

/// An error-level entry of the browser's log (`Log.entryAdded`), such as a resource that failed
/// to load or a blocked request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// Where it comes from: `network`, `security`, `rendering`, `javascript`, ...
    pub source: String,
    pub text: String,
    /// The URL the entry is about, if any.
    pub url: Option<String>,
}

impl std::fmt::Display for LogEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}", self.source, self.text)?;
        if let Some(url) = &self.url {
            write!(f, " ({url})")?;
        }
        Ok(())
    }
}

/// A committed cross-document navigation of the main frame.
#[derive(Clone, Debug)]
struct Navigation {
    loader: String,
    /// Restored from the back/forward cache: the document is not loaded again, so no load event.
    from_cache: bool,
}

impl Page {
    /// Evaluates a JS expression in the page (Runtime.evaluate with returnByValue and
    /// awaitPromise) and returns its value as serde_json::Value; a thrown exception is a panic
    /// with the exception text. `undefined` is `Null`; `NaN`, `Infinity`, `-0` and bigints come
    /// back as strings.
    pub fn eval(&mut self, expression: &str) -> Value {
        self.try_eval(expression)
            .unwrap_or_else(|e| panic!("evaluating `{expression}` threw: {e}"))
    }

    /// Polls `expression` (every ~25 ms) until it evaluates to JS `true`, or panics after
    /// `timeout` with `what` and the last value seen in the message. Returns the elapsed time.
    /// An exception counts as "not yet" (an element may not exist yet).
    pub fn wait_until(&mut self, expression: &str, timeout: Duration, what: &str) -> Duration {
        let start = Instant::now();
        loop {
            let last = match self.try_eval(expression) {
                Ok(Value::Bool(true)) => return start.elapsed(),
                Ok(value) => value.to_string(),
                Err(exception) => format!("exception {exception}"),
            };
            if start.elapsed() >= timeout {
                panic!(
                    "timed out after {timeout:?} waiting for {what}: `{expression}` last gave {last}"
                );
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Navigates (Page.navigate) and waits for the load event.
    /// A same-document navigation (only the `#fragment` changes) has no load event and returns
    /// as soon as Chromium did it.
    pub fn goto(&mut self, url: &str) {
        let result = self.call("Page.navigate", json!({ "url": url }));
        if let Some(error) = result["errorText"].as_str().filter(|e| !e.is_empty()) {
            panic!("navigating to {url} failed: {error}");
        }
        let Some(loader) = result["loaderId"].as_str() else {
            return;
        };
        let loader = loader.to_owned();
        let deadline = Instant::now() + LOAD_TIMEOUT;
        while !self.loaded.contains(&loader) {
            let message = self.read_message(deadline, &format!("the load event of {url}"));
            self.record_event(&message);
        }
    }

    /// The current URL (location.href).
    pub fn url(&mut self) -> String {
        match self.eval("location.href") {
            Value::String(url) => url,
            other => panic!("location.href is not a string: {other}"),
        }
    }

    /// Uncaught exceptions (`Runtime.exceptionThrown`) and `console.error` calls seen so far,
    /// oldest first. Events arrive while the page is driven (`eval`, `wait_until`, `goto`, ...).
    pub fn console_errors(&self) -> Vec<String> {
        self.console_errors.clone()
    }

    /// Error-level entries of the browser's log seen so far, oldest first.
    pub fn log_errors(&self) -> Vec<LogEntry> {
        self.log_errors.clone()
    }

    /// Requests answered with a status of 400 or more, and requests that failed in the network
    /// (refused, aborted, blocked), seen so far, oldest first.
    pub fn failed_requests(&self) -> Vec<FailedRequest> {
        self.failed_requests.clone()
    }

    /// Waits until the current document had no network activity for 500 ms (Chromium's
    /// `networkIdle` lifecycle event), so that requests made after the load event (late images,
    /// fetches) and their failures have been seen. A document restored from the back/forward
    /// cache makes no requests and returns at once.
    pub fn settle(&mut self) {
        let Some(navigation) = self.navigations.last().cloned() else {
            return;
        };
        if navigation.from_cache {
            return;
        }
        let deadline = Instant::now() + LOAD_TIMEOUT;
        while !self.network_idle.contains(&navigation.loader) {
            let message = self.read_message(deadline, "the network to become idle");
            self.record_event(&message);
        }
    }

    /// Clicks the centre of the first visible element matching the CSS `selector` with the
    /// mouse, as a person would: it is scrolled into view first, and must not be covered by
    /// another element. Does not wait for anything the click starts.
    pub fn click(&mut self, selector: &str) {
        let selector_js = serde_json::to_string(selector).unwrap();
        let found = self.eval(&format!(
            "(() => {{
                const all = [...document.querySelectorAll({selector_js})];
                if (all.length === 0) return 'no element matches';
                const element = all.find(e => e.getClientRects().length > 0
                    && getComputedStyle(e).visibility !== 'hidden');
                if (!element) return all.length + ' elements match, none is visible';
                element.scrollIntoView({{ block: 'center', inline: 'center', behavior: 'instant' }});
                const rect = element.getBoundingClientRect();
                const x = rect.left + rect.width / 2;
                const y = rect.top + rect.height / 2;
                const hit = document.elementFromPoint(x, y);
                if (!hit || !(element === hit || element.contains(hit))) {{
                    return 'it is covered by ' + (hit ? hit.outerHTML.slice(0, 200) : 'nothing');
                }}
                return [x, y];
            }})()"
        ));
        let (Some(x), Some(y)) = (found[0].as_f64(), found[1].as_f64()) else {
            panic!("cannot click `{selector}`: {found}");
        };
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            );
        }
    }

    /// Clicks the first visible element matching `selector` (see [`Page::click`]) and waits
    /// until the new document it navigates to has loaded.
    pub fn click_and_wait(&mut self, selector: &str) {
        let before = self.navigations.len();
        self.click(selector);
        self.wait_for_navigation(
            before,
            &format!("the page that a click on `{selector}` opens"),
        );
    }

    /// Goes back in the history (`history.back()`) and waits until the previous document is
    /// shown again, whether loaded anew or restored from the back/forward cache.
    pub fn back(&mut self) {
        let before = self.navigations.len();
        self.eval("history.back()");
        self.wait_for_navigation(before, "the previous page after history.back()");
    }

    /// Waits for a main-frame navigation after the first `before` ones to commit and its
    /// document to load (or to come back from the back/forward cache).
    fn wait_for_navigation(&mut self, before: usize, what: &str) {
        let deadline = Instant::now() + LOAD_TIMEOUT;
        loop {
            if let Some(navigation) = self.navigations.get(before..).and_then(<[_]>::last) {
                if navigation.from_cache || self.loaded.contains(&navigation.loader) {
                    return;
                }
            }
            let message = self.read_message(deadline, what);
            self.record_event(&message);
        }
    }

    /// `eval`, with a thrown exception as `Err(description)`.
    /// A page that reloads while the expression runs (live reload) is an `Err` too, so that
    /// `wait_until` tries again in the new document.
    fn try_eval(&mut self, expression: &str) -> Result<Value, String> {
        let params =
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true });
        let result = match self.try_call("Runtime.evaluate", params.clone()) {
            Ok(result) => result,
            Err(error) if error["message"] == "Inspected target navigated or closed" => {
                return Err("the page navigated while it was evaluated".into())
            }
            Err(error) => panic!("Chromium refused Runtime.evaluate {params}: {error}"),
        };
        if let Some(details) = result.get("exceptionDetails") {
            return Err(describe_exception(details));
        }
        let object = &result["result"];
        Ok(if let Some(value) = object.get("value") {
            value.clone()
        } else if let Some(value) = object["unserializableValue"].as_str() {
            Value::String(value.to_owned())
        } else {
            Value::Null
        })
    }

    /// Sends one CDP command and returns its result, recording the events that arrive meanwhile.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params.clone())
            .unwrap_or_else(|error| panic!("Chromium refused {method} {params}: {error}"))
    }

    /// `call`, with Chromium's refusal as `Err(error)`.
    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let command = json!({ "id": id, "method": method, "params": params }).to_string();
        self.ws
            .send(Message::text(command))
            .unwrap_or_else(|e| panic!("sending {method} to Chromium failed: {e}"));
        let deadline = Instant::now() + CALL_TIMEOUT;
        loop {
            let mut message = self.read_message(deadline, &format!("the answer to {method}"));
            if message["id"].as_u64() == Some(id) {
                if let Some(error) = message.get_mut("error") {
                    return Err(error.take());
                }
                return Ok(message["result"].take());
            }
            self.record_event(&message);
        }
    }

    /// The next JSON message from Chromium; panics at `deadline`, naming what it waited for.
    fn read_message(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        loop {
            match self.ws.read() {
                Ok(Message::Text(text)) => {
                    return serde_json::from_str(text.as_str()).unwrap_or_else(|e| {
                        panic!("Chromium sent invalid JSON ({e}): {}", text.as_str())
                    })
                }
                Ok(Message::Close(frame)) => {
                    panic!("Chromium closed the page socket while waiting for {waiting_for}: {frame:?}")
                }
                Ok(_) => {} // ping, pong, binary: nothing CDP needs
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    if Instant::now() > deadline {
                        panic!("Chromium did not deliver {waiting_for} in time");
                    }
                }
                Err(e) => {
                    panic!("reading from Chromium failed while waiting for {waiting_for}: {e}")
                }
            }
        }
    }

    /// Keeps what the tests care about from an event (a message without an id).
    fn record_event(&mut self, message: &Value) {
        let params = &message["params"];
        match message["method"].as_str() {
            Some("Page.lifecycleEvent") => {
                let set = match params["name"].as_str() {
                    Some("load") => &mut self.loaded,
                    Some("networkIdle") => &mut self.network_idle,
                    _ => return,
                };
                if let Some(loader) = params["loaderId"].as_str() {
                    set.insert(loader.to_owned());
                }
            }
            Some("Page.frameNavigated") if params["frame"].get("parentId").is_none() => {
                if let Some(loader) = params["frame"]["loaderId"].as_str() {
                    self.navigations.push(Navigation {
                        loader: loader.to_owned(),
                        from_cache: params["type"] == "BackForwardCacheRestore",
                    });
                }
            }
            Some("Network.requestWillBeSent") => {
                if let (Some(id), Some(url)) = (
                    params["requestId"].as_str(),
                    params["request"]["url"].as_str(),
                ) {
                    self.requests.insert(id.to_owned(), url.to_owned());
                }
            }
            Some("Network.responseReceived") => {
                let status = params["response"]["status"].as_u64().unwrap_or(0);
                if status >= 400 {
                    self.failed_requests.push(FailedRequest {
                        url: params["response"]["url"].as_str().unwrap_or("?").to_owned(),
                        resource_type: params["type"].as_str().unwrap_or("?").to_owned(),
                        problem: format!("HTTP {status}"),
                    });
                }
            }
            Some("Network.loadingFailed") => {
                let url = params["requestId"]
                    .as_str()
                    .and_then(|id| self.requests.get(id))
                    .map_or("?", String::as_str);
                let mut problem = params["errorText"].as_str().unwrap_or("failed").to_owned();
                if let Some(reason) = params["blockedReason"].as_str() {
                    problem.push_str(&format!(" (blocked: {reason})"));
                }
                if params["canceled"] == true {
                    problem.push_str(" (canceled)");
                }
                self.failed_requests.push(FailedRequest {
                    url: url.to_owned(),
                    resource_type: params["type"].as_str().unwrap_or("?").to_owned(),
                    problem,
                });
            }
            Some("Log.entryAdded") if params["entry"]["level"] == "error" => {
                let entry = &params["entry"];
                self.log_errors.push(LogEntry {
                    source: entry["source"].as_str().unwrap_or("?").to_owned(),
                    text: entry["text"].as_str().unwrap_or("").to_owned(),
                    url: entry["url"].as_str().map(str::to_owned),
                });
            }
            Some("Runtime.exceptionThrown") => {
                let details = &params["exceptionDetails"];
                let mut error = describe_exception(details);
                if let Some(url) = details["url"].as_str().filter(|u| !u.is_empty()) {
                    let line = details["lineNumber"].as_u64().unwrap_or(0) + 1;
                    error.push_str(&format!(" (at {url}:{line})"));
                }
                self.console_errors.push(error);
            }
            Some("Runtime.consoleAPICalled") if params["type"] == "error" => {
                let args = params["args"].as_array().map(Vec::as_slice).unwrap_or(&[]);
                let text: Vec<String> = args.iter().map(describe_remote_object).collect();
                self.console_errors.push(text.join(" "));
            }
            _ => {}
        }
    }
}

impl Drop for Page {
    /// Closes the tab; best effort, as the browser may already be gone.
    fn drop(&mut self) {
        self.next_id += 1;
        let close = json!({ "id": self.next_id, "method": "Page.close" }).to_string();
        let _ = self.ws.send(Message::text(close));
        let _ = self.ws.close(None);
        let _ = self.ws.flush();
    }
}

/// Reads `DevToolsActivePort` (first line the port, second the browser WebSocket path), or
/// `None` while Chromium has not (completely) written it.
fn read_active_port(file: &Path) -> Option<(u16, String)> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut lines = text.lines();
    let port = lines.next()?.trim().parse().ok().filter(|&p| p != 0)?;
    let path = lines.next()?.trim();
    path.starts_with("/devtools/browser/")
        .then(|| (port, path.to_owned()))
}

fn local(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// A TCP connection to Chromium's debugging port, with timeouts so nothing blocks forever.
fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect_timeout(&local(port), HTTP_TIMEOUT)
        .unwrap_or_else(|e| panic!("cannot connect to Chromium on 127.0.0.1:{port}: {e}"));
    stream.set_read_timeout(Some(HTTP_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(HTTP_TIMEOUT)).unwrap();
    stream.set_nodelay(true).unwrap();
    stream
}

/// One hand-written HTTP/1.1 request to Chromium's DevTools HTTP endpoint; returns the JSON body.
fn http_request(port: u16, method: &str, path: &str) -> Value {
    let mut stream = connect(port);
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .unwrap_or_else(|e| panic!("{method} {path} to Chromium failed: {e}"));
    // Read until the whole body (per Content-Length) is there, or the server closed.
    let mut response = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(body) = complete_body(&response) {
            let text = String::from_utf8_lossy(body);
            let status = String::from_utf8_lossy(&response[..response.len().min(12)]).into_owned();
            if !status.starts_with("HTTP/1.1 200") {
                panic!(
                    "{method} {path} to Chromium answered: {}",
                    String::from_utf8_lossy(&response)
                );
            }
            return serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{method} {path} gave invalid JSON ({e}): {text}"));
        }
        match stream.read(&mut chunk) {
            Ok(0) => panic!(
                "Chromium closed the connection during {method} {path}: {}",
                String::from_utf8_lossy(&response)
            ),
            Ok(n) => response.extend_from_slice(&chunk[..n]),
            Err(e) => panic!("reading the answer to {method} {path} failed: {e}"),
        }
    }
}

/// The body of an HTTP response once headers and `Content-Length` bytes of body are complete.
fn complete_body(response: &[u8]) -> Option<&[u8]> {
    let end = response.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let headers = String::from_utf8_lossy(&response[..end]);
    let length: usize = headers
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    response.get(end..end + length)
}

/// "Uncaught Error: boom" and the like, from CDP `ExceptionDetails`.
fn describe_exception(details: &Value) -> String {
    let text = details["text"].as_str().unwrap_or("exception");
    let exception = &details["exception"];
    match exception["description"].as_str() {
        Some(description) => format!("{text} {description}"),
        None if exception.get("value").is_some() => format!("{text} {}", exception["value"]),
        None => text.to_owned(),
    }
}

/// A console argument as text: strings as they are, other values as JSON or their description.
fn describe_remote_object(object: &Value) -> String {
    match object.get("value") {
        Some(Value::String(text)) => text.clone(),
        Some(value) => value.to_string(),
        None => object["unserializableValue"]
            .as_str()
            .or(object["description"].as_str())
            .or(object["type"].as_str())
            .unwrap_or("?")
            .to_owned(),
    }
}

/// Serves `html` for every path (except a 404 for `/favicon.ico`) on 127.0.0.1:<free port>,
/// from a background thread; returns the base URL `http://127.0.0.1:<port>`.
fn serve(html: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // One thread per connection: Chromium opens speculative connections that may never
            // send a request, and must not block the next one.
            std::thread::spawn(move || answer(stream, html));
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn answer(mut stream: TcpStream, html: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut request = Vec::new();
    let mut chunk = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&chunk[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let (status, body) = if path == "/favicon.ico" {
        ("404 Not Found", "")
    } else {
        ("200 OK", html)
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes());
}

#[test]
fn chromium_evaluates_and_waits() {
    if skip_browser_tests("chromium_evaluates_and_waits") {
        return;
    }
    let base = serve(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Start</title></head>\
         <body><h1>Ahoj</h1>\
         <script>setTimeout(() => { document.title = \"Changed\"; }, 200);</script>\
         </body></html>",
    );
    let browser = Browser::launch();
    let mut page = browser.open(&format!("{base}/"));
    assert_eq!(page.url(), format!("{base}/"));
    assert_eq!(
        page.eval("document.querySelector('h1').textContent"),
        "Ahoj"
    );
    assert_eq!(page.eval("1 + 1"), 2);
    assert_eq!(
        page.eval("Promise.resolve({a: [1, 'b']})"),
        json!({ "a": [1, "b"] })
    );
    assert_eq!(page.eval("undefined"), Value::Null);
    page.wait_until(
        "document.title === 'Changed'",
        Duration::from_secs(10),
        "the title to change",
    );
    assert!(
        page.console_errors().is_empty(),
        "{:?}",
        page.console_errors()
    );

    page.eval("console.error('x')");
    assert_eq!(page.console_errors(), ["x"]);
    page.eval("setTimeout(() => { throw new Error('boom'); }, 0); 0");
    // Uncaught exceptions arrive as events, recorded while the page is being driven.
    page.wait_until(
        "new Promise(r => setTimeout(() => r(true), 50))",
        Duration::from_secs(5),
        "a tick",
    );
    let errors = page.console_errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[1].contains("Error: boom"), "{errors:?}");

    let thrown = page.try_eval("null.x").unwrap_err();
    assert!(thrown.contains("TypeError"), "{thrown}");

    page.goto(&format!("{base}/second?q=1#top"));
    assert_eq!(page.url(), format!("{base}/second?q=1#top"));
    assert_eq!(page.eval("document.readyState"), "complete");
    page.goto(&format!("{base}/second?q=1#bottom"));
    assert_eq!(page.url(), format!("{base}/second?q=1#bottom"));

    // A second tab of the same browser is independent.
    let mut other = browser.open(&format!("{base}/other"));
    assert_eq!(
        other.eval("document.querySelector('h1').textContent"),
        "Ahoj"
    );
    assert!(other.console_errors().is_empty());
}

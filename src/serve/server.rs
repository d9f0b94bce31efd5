//! The preview HTTP server of `milnik serve`.
//!
//! [`Server`] answers HTTP/1.1 requests from the in-memory [`SiteOutput`] of the last good
//! build, never from the disk, so nothing outside the site can be served whatever the request
//! says: [`resolve_target`](super::target::resolve_target) maps a request target to an output
//! path or refuses it. Every HTML response carries the live-reload script, and
//! `/__milnik/events` is the event stream of [`Live`].
//!
//! Why axum, on hyper and tokio: it is well kept, and it is what Zola and mdBook serve their
//! previews with, so parsing requests, keep-alive, pipelining and streaming are theirs to get
//! right. The preview is local and serves one person's browser, so its runtime is one thread
//! (the one that calls [`Server::run`]) beside serve's own watcher and rebuild threads, which
//! reach it only through [`Live`]'s queues and the output's lock. One handler answers every
//! request, so that the refusals of `resolve_target` apply to all of them, the reserved
//! `/__milnik/` paths included. The connections are driven by hyper's HTTP/1 builder rather
//! than `axum::serve`, which has no settings: header names go out in their usual case
//! (`Content-Type`), as they always have, and a connection idle for 30 s is closed.

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{
    HeaderMap, HeaderValue, ALLOW, CACHE_CONTROL, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE,
    LOCATION, TRANSFER_ENCODING, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{Method, StatusCode, Uri, Version};
use axum::response::Response;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

use super::live::{inject, inject_live_reload, Live, EVENTS_PATH, LIVE_JS, LIVE_JS_PATH};
use super::mime::content_type;
use super::target::{parse_target, percent_encode_path, Refusal, Target};
use crate::output::SiteOutput;

/// The most a request line and its headers may take together.
const MAX_HEAD: usize = 16 * 1024;
/// How long a connection may stay idle between requests (or take to send a request's head).
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How many ports after the requested one [`Server::bind`] tries before any free port.
const FALLBACK_PORTS: u16 = 20;

/// The preview server: a bound listener, the runtime that will serve it, and what it serves.
pub struct Server {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    runtime: tokio::runtime::Runtime,
    site: Arc<Site>,
}

/// What every request is answered from.
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
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        listener.set_nonblocking(true)?;
        let listener = {
            let _runtime = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        Ok(Server {
            listener,
            addr,
            runtime,
            site,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves connections on this thread until the process ends.
    pub fn run(self) {
        let app = Router::new().fallback(answer).with_state(self.site);
        self.runtime.block_on(accept(self.listener, app));
    }
}

/// Whether a bind error means "try another port": taken, or (Windows, excluded ranges) denied.
fn is_taken(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::AddrInUse | io::ErrorKind::PermissionDenied
    )
}

/// Accepts connections, each served by a task of its own (browsers hold connections open).
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait for connections to end.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            // A connection that breaks or idles out just ends; the browser opens another.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(IDLE_TIMEOUT)
                .title_case_headers(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Answers every request. hyper has already answered what it cannot parse (a broken request
/// line or header, a version other than HTTP/1.0 and 1.1, a request target with characters
/// that must be percent-encoded) with 400 and closed the connection.
async fn answer(
    State(site): State<Arc<Site>>,
    method: Method,
    version: Version,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    // The request target, absolute-form included, as hyper parsed it: the client's text but for
    // a fragment, which `parse_target` would drop too, and the case of an `http://` scheme.
    let target = uri.to_string();
    let head = method == Method::HEAD;
    let mut close = wants_close(version, &headers) || has_body(&headers);
    let reply = if head_len(&method, &target, &headers) > MAX_HEAD {
        // hyper takes heads of up to about 400 KiB; the preview keeps its own limit.
        close = true;
        bad_request()
    } else if method != Method::GET && !head {
        let body = simple_page(
            &crate::msg!("serve.page.method_title"),
            &crate::msg!("serve.page.method_text"),
        );
        let mut reply = Reply::html(StatusCode::METHOD_NOT_ALLOWED, body);
        reply.allow = true;
        reply
    } else {
        match parse_target(&target) {
            Ok(target) if target.file == EVENTS_PATH && !head => return site.events(),
            Ok(target) => site.lookup(&target),
            Err(Refusal::Forbidden) => {
                let body = simple_page(
                    &crate::msg!("serve.page.forbidden_title"),
                    &crate::msg!("serve.page.forbidden_text"),
                );
                Reply::html(StatusCode::FORBIDDEN, body)
            }
            Err(Refusal::BadRequest) => {
                close = true;
                bad_request()
            }
        }
    };
    reply.into_response(head, close)
}

/// Whether the client wants the connection closed after this request: `Connection: close`, or
/// HTTP/1.0 without `Connection: keep-alive` (as hyper decides it).
fn wants_close(version: Version, headers: &HeaderMap) -> bool {
    let options: Vec<&str> = headers
        .get_all(CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let has = |wanted: &str| options.iter().any(|o| o.eq_ignore_ascii_case(wanted));
    has("close") || (version == Version::HTTP_10 && !has("keep-alive"))
}

/// Whether the request has a body. It is not read, so the connection is closed after the answer.
fn has_body(headers: &HeaderMap) -> bool {
    let length = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    headers.contains_key(TRANSFER_ENCODING) || length.is_some_and(|l| l > 0)
}

/// About how many bytes the request line and headers took (as "NAME: value\r\n" each).
fn head_len(method: &Method, target: &str, headers: &HeaderMap) -> usize {
    let line = method.as_str().len() + 1 + target.len() + " HTTP/1.1\r\n".len();
    let fields: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + 2 + value.len() + 2)
        .sum();
    line + fields + 2
}

/// A response with a body of known length.
struct Reply {
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
    allow: bool,
}

impl Reply {
    fn new(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type,
            body,
            location: None,
            allow: false,
        }
    }

    fn html(status: StatusCode, body: Vec<u8>) -> Reply {
        Reply::new(status, "text/html; charset=utf-8", body)
    }

    /// The response; the body only for GET (its length for HEAD too).
    fn into_response(self, head: bool, close: bool) -> Response {
        let length = self.body.len();
        let mut response = Response::new(if head {
            Body::empty()
        } else {
            Body::from(self.body)
        });
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        common_headers(headers);
        // Made of a percent-encoded path and a query that hyper has checked, so it is a valid
        // header value.
        if let Some(location) = self.location.and_then(|l| HeaderValue::try_from(l).ok()) {
            headers.insert(LOCATION, location);
        }
        if self.allow {
            headers.insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        // hyper closes the connection after a response that says so (and says so itself when
        // the client asked).
        let connection = if close { "close" } else { "keep-alive" };
        headers.insert(CONNECTION, HeaderValue::from_static(connection));
        response
    }
}

/// What every response says: nothing is cached (every rebuild may change any file), and the
/// type is the one given.
fn common_headers(headers: &mut HeaderMap) {
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

fn bad_request() -> Reply {
    let body = simple_page(
        &crate::msg!("serve.page.bad_request_title"),
        &crate::msg!("serve.page.bad_request_text"),
    );
    Reply::html(StatusCode::BAD_REQUEST, body)
}

/// A minimal HTML page in the language of the messages, for errors the site has no page for.
fn simple_page(title: &str, text: &str) -> Vec<u8> {
    let lang = crate::messages::language().code();
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
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

impl Site {
    /// The response for a well-formed target: the file, a redirect, or a 404/503 page.
    fn lookup(&self, target: &Target) -> Reply {
        if target.file == LIVE_JS_PATH {
            let body = LIVE_JS.as_bytes().to_vec();
            return Reply::new(StatusCode::OK, content_type(LIVE_JS_PATH), body);
        }
        if target.file == EVENTS_PATH {
            // HEAD of the event stream: its headers, without the stream.
            return Reply::new(StatusCode::OK, "text/event-stream", Vec::new());
        }
        let output = self.output.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(bytes) = output.files.get(&target.file) {
            let kind = content_type(&target.file);
            let body = if kind.starts_with("text/html") {
                inject_live_reload(bytes)
            } else {
                bytes.clone()
            };
            return Reply::new(StatusCode::OK, kind, body);
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
                "<!doctype html>\n<title>{}</title>\n<a href=\"{shown}\">{shown}</a>\n",
                crate::msg!("serve.page.redirect")
            );
            let mut reply = Reply::html(StatusCode::MOVED_PERMANENTLY, body.into_bytes());
            reply.location = Some(location);
            return reply;
        }
        if output.files.is_empty() {
            // The first build failed: this page carries the overlay that shows why.
            let body = simple_page(
                &crate::msg!("serve.page.not_built_title"),
                &crate::msg!("serve.page.not_built_text"),
            );
            return Reply::html(StatusCode::SERVICE_UNAVAILABLE, inject_live_reload(&body));
        }
        // A browser on a missing page reloads when the site's 404 page changes.
        let tag = "<script src=\"/__milnik/live.js\" data-milnik-page=\"/404.html\"></script>";
        let body = match output.files.get("404.html") {
            Some(page) => inject(page, tag),
            None => inject(
                &simple_page(
                    &crate::msg!("serve.page.not_found_title"),
                    &crate::msg!("serve.page.not_found_text"),
                ),
                tag,
            ),
        };
        Reply::html(StatusCode::NOT_FOUND, body)
    }

    /// The event stream of a new browser, open until the browser goes away; it has no length,
    /// so hyper sends it in chunks, and the connection ends with it.
    fn events(&self) -> Response {
        let mut response = Response::new(Body::from_stream(self.live.events()));
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
        common_headers(headers);
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
        response
    }
}

#[cfg(test)]
mod tests;

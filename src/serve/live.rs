//! Live reload: the hub that tells subscribed browsers about rebuilds and errors ([`Live`]),
//! the Server-Sent Events stream each browser reads ([`Live::events`]), and the script tag
//! every HTML response of the preview gets ([`inject_live_reload`]).
//!
//! The script (`live.js`) subscribes to `/__milnik/events`: after a rebuild the browser reloads
//! the page (or only its stylesheets) when it changed, and after a failed rebuild it shows the
//! error over the last good version of the page. The hub is called from serve's rebuild thread
//! and never waits: each browser has a queue that its stream, on the server's runtime, empties.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use futures_util::Stream;
use tokio::sync::mpsc;

/// The browser side of live reload, served at [`LIVE_JS_PATH`].
pub(super) const LIVE_JS: &str = include_str!("live.js");
/// Reserved output paths (as [`resolve_target`](super::target::resolve_target) returns them);
/// they shadow the site's own files.
pub(super) const LIVE_JS_PATH: &str = "__milnik/live.js";
pub(super) const EVENTS_PATH: &str = "__milnik/events";
/// What [`inject_live_reload`] inserts.
pub(super) const SCRIPT_TAG: &str = "<script src=\"/__milnik/live.js\"></script>";
/// Above this many changed files a reload event says "all" instead of listing them.
const MAX_LISTED_PATHS: usize = 200;
/// How often an idle event stream sends a comment, so dead clients are noticed.
const PING_INTERVAL: Duration = Duration::from_secs(15);
/// How many events may wait for a browser that does not read them; one that falls further
/// behind is dropped (its stream ends, and its `EventSource` connects again).
const BACKLOG: usize = 64;
/// What every event stream starts with: how soon the browser reconnects when it ends.
const RETRY: &[u8] = b"retry: 500\n\n";

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

/// One connected browser: the queue its event stream sends out.
struct Subscriber {
    id: u64,
    sender: mpsc::Sender<Bytes>,
}

impl LiveState {
    /// Queues `event` for every subscriber, forgetting those whose stream has ended or who fell
    /// [`BACKLOG`] events behind.
    fn broadcast(&mut self, event: String) {
        let event = Bytes::from(event);
        self.subscribers
            .retain(|s| s.sender.try_send(event.clone()).is_ok());
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
        state.broadcast(event);
    }

    /// A failed rebuild: remembers `message` (plain text, the diagnostics with
    /// file:line:column) and sends it to every browser; a browser that connects later gets it
    /// at once.
    pub fn error(&self, message: &str) {
        let event = error_event(message);
        let mut state = self.lock();
        state.error = Some(message.to_owned());
        state.broadcast(event);
    }

    /// How many browsers are connected (for tests and the benchmark).
    pub fn subscribers(&self) -> usize {
        self.lock().subscribers.len()
    }

    /// A new browser's event stream: `retry`, the current error if there is one, then every
    /// event as it comes, and a `: ping` comment after [`PING_INTERVAL`] without one. The
    /// browser is subscribed when this returns, so it cannot miss an event that happens while
    /// the response starts; it stays subscribed until the stream is dropped, which the server
    /// does when the browser closes the connection.
    pub(super) fn events(
        self: &Arc<Self>,
    ) -> impl Stream<Item = Result<Bytes, Infallible>> + Send + 'static {
        let subscription = self.subscribe();
        futures_util::stream::unfold(subscription, |mut subscription| async move {
            let next = tokio::time::timeout(PING_INTERVAL, subscription.receiver.recv()).await;
            let chunk = match next {
                Ok(Some(event)) => event,
                // Dropped by the hub: the stream ends and the browser connects again.
                Ok(None) => return None,
                Err(_idle) => Bytes::from_static(b": ping\n\n"),
            };
            Some((Ok(chunk), subscription))
        })
    }

    fn subscribe(self: &Arc<Self>) -> Subscription {
        let (sender, receiver) = mpsc::channel(BACKLOG);
        let mut state = self.lock();
        let id = state.next_id;
        state.next_id += 1;
        // The queue is new and empty: these cannot fail.
        let _ = sender.try_send(Bytes::from_static(RETRY));
        if let Some(message) = &state.error {
            let _ = sender.try_send(Bytes::from(error_event(message)));
        }
        state.subscribers.push(Subscriber { id, sender });
        Subscription {
            id,
            receiver,
            live: Arc::clone(self),
        }
    }
}

/// A subscribed browser's end of its queue; dropping it unsubscribes the browser.
struct Subscription {
    id: u64,
    receiver: mpsc::Receiver<Bytes>,
    live: Arc<Live>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.live.lock().subscribers.retain(|s| s.id != self.id);
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

/// `event: error` with `{"heading": "...", "note": "...", "message": "..."}`: the diagnostics
/// and the overlay's heading and note in the language of the messages. JSON keeps the message
/// on one line, as SSE needs.
fn error_event(message: &str) -> String {
    let json = |text: &str| serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
    // Written by hand to keep the message last (`json!` sorts keys).
    format!(
        "event: error\ndata: {{\"heading\":{},\"note\":{},\"message\":{}}}\n\n",
        json(&crate::msg!("serve.overlay_heading")),
        json(&crate::msg!("serve.overlay_note")),
        json(message)
    )
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

/// Inserts the live-reload script tag before the last `</body>` (or at the end when there is
/// none).
pub fn inject_live_reload(html: &[u8]) -> Vec<u8> {
    inject(html, SCRIPT_TAG)
}

/// Inserts `tag` before the last `</body>` (or at the end when there is none).
pub(super) fn inject(html: &[u8], tag: &str) -> Vec<u8> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(error.contains(r#""message":"a.toml:1:2: chyba\n  | řádek""#));
        assert!(error.contains(r#""heading":"#) && error.contains(r#""note":"#));
    }
}

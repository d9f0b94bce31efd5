//! Live reload: the hub that tells subscribed browsers about rebuilds and errors ([`Live`]),
//! the events it sends, and the script tag every HTML response of the preview gets.
//!
//! Every HTML response gets a small script ([`inject_live_reload`], `live.js`) that subscribes
//! to `/__milnik/events`, a Server-Sent Events stream fed by [`Live`]: after a rebuild the
//! browser reloads the page (or only its stylesheets) when it changed, and after a failed
//! rebuild it shows the error over the last good version of the page.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The browser side of live reload, served at [`LIVE_JS_PATH`].
pub(super) const LIVE_JS: &str = include_str!("live.js");
/// Reserved output paths (as [`super::target::resolve_target`] returns them); they shadow the site's own files.
pub(super) const LIVE_JS_PATH: &str = "__milnik/live.js";
pub(super) const EVENTS_PATH: &str = "__milnik/events";
/// What [`inject_live_reload`] inserts.
pub(super) const SCRIPT_TAG: &str = "<script src=\"/__milnik/live.js\"></script>";
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
    pub(super) fn subscribe(&self) -> (u64, Sender<String>, Receiver<String>) {
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

    pub(super) fn unsubscribe(&self, id: u64) {
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

/// Inserts the live-reload script tag before the last `</body>` (or at the end when there is
/// none).
pub fn inject_live_reload(html: &[u8]) -> Vec<u8> {
    inject(html, SCRIPT_TAG)
}

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
        assert!(error.contains(r#"{"message":"a.toml:1:2: chyba\n  | řádek"}"#));
    }
}

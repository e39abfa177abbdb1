//! Live reload: the server-sent-events stream at `/__blomma/events`, the hub that fans
//! build events out to every open tab, the `live.js` client script, and injecting that
//! script into HTML.
//!
//! Events (each `data:` is one line of JSON):
//! - `hello` on connect: `{"build": id, "errors": n}`; a tab that sees a different build id
//!   after reconnecting reloads (it missed a build, or the server restarted).
//! - `reload`: `{"build": id, "changed": [...]}`; reload keeping the scroll position.
//! - `css`: same fields; only stylesheets changed, swap them without a reload.
//! - `errors`: `{"build": id, "errors": [...]}`; show the error overlay.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Request, Response, StatusCode};

use super::overlay::json_string;
use super::server::State;

/// The client script served at `/__blomma/live.js`.
pub(crate) const LIVE_JS: &str = include_str!("live.js");

/// The tag inserted before `</body>` of every served HTML file.
pub(crate) const SCRIPT_TAG: &str = "<script src=\"/__blomma/live.js\"></script>";

/// Comment lines sent this often keep proxies from closing the stream and notice gone tabs.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// At most this many live-reload connections at once (each holds a thread).
const MAX_CLIENTS: usize = 64;

/// Inserts [`SCRIPT_TAG`] before the last `</body` (any case), or appends it.
pub(crate) fn inject_script(html: &[u8]) -> Vec<u8> {
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A build event for the open tabs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LiveEvent<'a> {
    /// Reload the page (keeping the scroll position).
    Reload {
        /// The new build's id.
        build: &'a str,
        /// Output paths that changed.
        changed: &'a [String],
    },
    /// Only stylesheets changed: swap them in place.
    Css {
        /// The new build's id.
        build: &'a str,
        /// Output paths that changed.
        changed: &'a [String],
    },
    /// The content has errors: show the overlay.
    Errors {
        /// The id of the build still being served.
        build: &'a str,
        /// The errors, already as a JSON array.
        errors_json: &'a str,
    },
}

impl LiveEvent<'_> {
    /// The event in SSE wire format.
    pub(crate) fn encode(&self) -> String {
        match self {
            LiveEvent::Reload { build, changed } => sse("reload", &build_and_paths(build, changed)),
            LiveEvent::Css { build, changed } => sse("css", &build_and_paths(build, changed)),
            LiveEvent::Errors { build, errors_json } => sse(
                "errors",
                &format!(
                    "{{\"build\":{},\"errors\":{errors_json}}}",
                    json_string(build)
                ),
            ),
        }
    }
}

fn build_and_paths(build: &str, changed: &[String]) -> String {
    let paths: Vec<String> = changed.iter().map(|p| json_string(p)).collect();
    format!(
        "{{\"build\":{},\"changed\":[{}]}}",
        json_string(build),
        paths.join(",")
    )
}

fn sse(event: &str, data: &str) -> String {
    // `data` is single-line JSON (json_string escapes line breaks).
    format!("event: {event}\ndata: {data}\n\n")
}

/// Fans events out to every connected live-reload client.
pub(crate) struct Hub {
    inner: Mutex<HubInner>,
}

struct HubInner {
    clients: Vec<Sender<Arc<str>>>,
    closed: bool,
}

impl Hub {
    /// A hub with no clients.
    pub(crate) fn new() -> Hub {
        Hub {
            inner: Mutex::new(HubInner {
                clients: Vec::new(),
                closed: false,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HubInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a client; `None` when the hub is full or closed.
    fn subscribe(&self) -> Option<Receiver<Arc<str>>> {
        let mut inner = self.lock();
        inner
            .clients
            .retain(|c| c.send(Arc::from(": ping\n\n")).is_ok());
        if inner.closed || inner.clients.len() >= MAX_CLIENTS {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        inner.clients.push(tx);
        Some(rx)
    }

    /// Sends an event to every client, forgetting clients that are gone.
    pub(crate) fn broadcast(&self, event: &LiveEvent<'_>) {
        let message: Arc<str> = Arc::from(event.encode());
        self.lock()
            .clients
            .retain(|c| c.send(Arc::clone(&message)).is_ok());
    }

    /// Disconnects every client and refuses new ones (server stopping).
    pub(crate) fn close_all(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        inner.clients.clear();
    }
}

/// Answers `GET /__blomma/events` with an endless event stream on its own thread.
pub(crate) fn serve_events(request: Request, state: &Arc<State>) {
    let Some(rx) = state.hub.subscribe() else {
        let response = Response::from_string("503 Too many live-reload connections\n")
            .with_status_code(StatusCode(503));
        let _ = request.respond(response);
        return;
    };
    let state = Arc::clone(state);
    let spawned = std::thread::Builder::new()
        .name("blomma-sse".into())
        .spawn(move || {
            // Subscribed before reading the build id, so no event can fall between the two.
            let hello = sse(
                "hello",
                &format!(
                    "{{\"build\":{},\"errors\":{}}}",
                    json_string(&state.build_id()),
                    state.errors().len()
                ),
            );
            let version = request.http_version().clone();
            let mut writer = request.into_writer();
            let head = format!(
                "HTTP/{}.{} 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                 Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n\
                 retry: 1000\n\n{hello}",
                version.0, version.1
            );
            if stream_events(&mut writer, &head, &rx).is_err() {
                // The tab went away; nothing to do.
            }
        });
    if let Err(e) = spawned {
        eprintln!("blomma serve: could not start a live-reload thread: {e}");
    }
}

fn stream_events(
    writer: &mut dyn Write,
    head: &str,
    rx: &Receiver<Arc<str>>,
) -> std::io::Result<()> {
    writer.write_all(head.as_bytes())?;
    writer.flush()?;
    loop {
        let message = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => Arc::from(": keep-alive\n\n"),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        writer.write_all(message.as_bytes())?;
        writer.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_last_body() {
        let out = inject_script(b"<html><body><p>x</p></BODY></html>");
        let out = String::from_utf8_lossy(&out);
        assert_eq!(
            out,
            format!("<html><body><p>x</p>{SCRIPT_TAG}</BODY></html>")
        );
        let out = inject_script(b"<p>fragment");
        assert!(String::from_utf8_lossy(&out).ends_with(SCRIPT_TAG));
        let out = inject_script(b"<body><pre>&lt;/body&gt;</pre></body>");
        assert!(String::from_utf8_lossy(&out).ends_with(&format!("{SCRIPT_TAG}</body>")));
    }

    #[test]
    fn events_are_single_line_json() {
        let changed = vec!["a\nb.html".to_string()];
        let text = LiveEvent::Reload {
            build: "b1",
            changed: &changed,
        }
        .encode();
        assert_eq!(
            text,
            "event: reload\ndata: {\"build\":\"b1\",\"changed\":[\"a\\nb.html\"]}\n\n"
        );
        let text = LiveEvent::Errors {
            build: "b1",
            errors_json: "[]",
        }
        .encode();
        assert_eq!(
            text,
            "event: errors\ndata: {\"build\":\"b1\",\"errors\":[]}\n\n"
        );
    }

    #[test]
    fn hub_drops_gone_clients_and_closes() {
        let hub = Hub::new();
        let rx = hub.subscribe();
        assert!(rx.is_some());
        drop(rx);
        let rx2 = hub.subscribe();
        assert_eq!(hub.lock().clients.len(), 1);
        hub.broadcast(&LiveEvent::Css {
            build: "2",
            changed: &[],
        });
        let got = rx2.as_ref().map(|r| r.try_recv().map(|m| m.to_string()));
        assert!(matches!(got, Some(Ok(ref s)) if s.starts_with("event: css")));
        hub.close_all();
        assert!(hub.subscribe().is_none());
    }
}

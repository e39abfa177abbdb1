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

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::http::{self, Reply};
use super::overlay::json_string;

/// The client script served at `/__blomma/live.js`.
pub(crate) const LIVE_JS: &str = include_str!("live.js");

/// The tag inserted before `</body>` of every served HTML file.
pub(crate) const SCRIPT_TAG: &str = "<script src=\"/__blomma/live.js\"></script>";

/// Comment lines sent this often keep proxies from closing the stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// At most this many live-reload connections at once (each holds two threads).
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
    clients: HashMap<u64, Sender<Message>>,
    next_id: u64,
    closed: bool,
}

/// What a live-reload connection's thread is told.
enum Message {
    /// Send these bytes (an event or a comment).
    Send(Arc<str>),
    /// The tab closed its side of the connection: stop.
    Gone,
}

/// One live-reload client's place in the [`Hub`]; dropping it frees the place.
pub(crate) struct Subscription {
    hub: Arc<Hub>,
    id: u64,
    rx: Receiver<Message>,
    tx: Sender<Message>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.lock().clients.remove(&self.id);
    }
}

impl Hub {
    /// A hub with no clients.
    pub(crate) fn new() -> Hub {
        Hub {
            inner: Mutex::new(HubInner {
                clients: HashMap::new(),
                next_id: 0,
                closed: false,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HubInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a client of `hub`; `None` when the hub is full or closed. The place is
    /// held until the [`Subscription`] is dropped.
    pub(crate) fn subscribe(hub: &Arc<Hub>) -> Option<Subscription> {
        let mut inner = hub.lock();
        if inner.closed || inner.clients.len() >= MAX_CLIENTS {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        let id = inner.next_id;
        inner.next_id += 1;
        inner.clients.insert(id, tx.clone());
        Some(Subscription {
            hub: Arc::clone(hub),
            id,
            rx,
            tx,
        })
    }

    /// Sends an event to every client.
    pub(crate) fn broadcast(&self, event: &LiveEvent<'_>) {
        let message: Arc<str> = Arc::from(event.encode());
        for client in self.lock().clients.values() {
            let _ = client.send(Message::Send(Arc::clone(&message)));
        }
    }

    /// Disconnects every client and refuses new ones (server stopping).
    pub(crate) fn close_all(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        for client in inner.clients.values() {
            let _ = client.send(Message::Gone);
        }
    }

    /// Number of connected clients.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().clients.len()
    }
}

/// Answers `GET /__blomma/events`: a 503 when there are too many live-reload clients, else an
/// endless event stream on the connection (which it takes over). `status` gives the current
/// build id and number of errors; it is asked after subscribing, so no event can fall
/// between the two.
pub(crate) fn serve_events(hub: &Arc<Hub>, status: impl FnOnce() -> (String, usize)) -> Reply {
    let Some(subscription) = Hub::subscribe(hub) else {
        return Reply::Response(http::text(503, "503 Too many live-reload connections\n"));
    };
    let (build_id, errors) = status();
    let hello = sse(
        "hello",
        &format!(
            "{{\"build\":{},\"errors\":{}}}",
            json_string(&build_id),
            errors
        ),
    );
    Reply::Takeover(Box::new(move |stream| {
        stream_events(stream, &hello, subscription)
    }))
}

/// Streams events to one tab until it leaves, a write fails, or the server stops. The tab's
/// place in the hub is freed as soon as it closes its side: a second thread reads the
/// connection and reports the end of it.
fn stream_events(stream: TcpStream, hello: &str, subscription: Subscription) {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
         Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n\
         retry: 1000\n\n{hello}"
    );
    if let Ok(reading) = stream.try_clone() {
        let gone = subscription.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("blomma-sse-read".into())
            .spawn(move || watch_for_close(reading, &gone));
        if let Err(e) = spawned {
            eprintln!("blomma serve: could not watch a live-reload connection: {e}");
        }
    }
    let _ = write_events(&mut &stream, &head, &subscription.rx);
    // Ends the reading thread too.
    let _ = stream.shutdown(Shutdown::Both);
}

/// Reads (and ignores) whatever the tab sends until the connection ends, then says so.
fn watch_for_close(mut stream: TcpStream, gone: &Sender<Message>) {
    let mut sink = [0u8; 512];
    loop {
        match stream.read(&mut sink) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let _ = gone.send(Message::Gone);
}

fn write_events(writer: &mut dyn Write, head: &str, rx: &Receiver<Message>) -> std::io::Result<()> {
    writer.write_all(head.as_bytes())?;
    writer.flush()?;
    loop {
        let message = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(Message::Send(message)) => message,
            Ok(Message::Gone) | Err(RecvTimeoutError::Disconnected) => return Ok(()),
            Err(RecvTimeoutError::Timeout) => Arc::from(": keep-alive\n\n"),
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
    fn hub_frees_places_of_dropped_subscriptions_and_closes() {
        let hub = Arc::new(Hub::new());
        let first = Hub::subscribe(&hub);
        assert!(first.is_some());
        drop(first);
        assert_eq!(hub.len(), 0);
        let second = Hub::subscribe(&hub).expect("a place");
        assert_eq!(hub.len(), 1);
        hub.broadcast(&LiveEvent::Css {
            build: "2",
            changed: &[],
        });
        let got = match second.rx.try_recv() {
            Ok(Message::Send(m)) => m.to_string(),
            _ => String::new(),
        };
        assert!(got.starts_with("event: css"), "{got}");
        let full: Vec<_> = (1..MAX_CLIENTS)
            .filter_map(|_| Hub::subscribe(&hub))
            .collect();
        assert_eq!(full.len(), MAX_CLIENTS - 1);
        assert!(Hub::subscribe(&hub).is_none(), "full");
        drop(full);
        hub.close_all();
        assert!(matches!(second.rx.try_recv(), Ok(Message::Gone)));
        assert!(Hub::subscribe(&hub).is_none(), "closed");
    }
}

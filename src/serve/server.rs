//! The HTTP side: binding (with "port taken → next free port"), the shared in-memory site,
//! and answering requests (the wire protocol is `http.rs`). Only GET and HEAD are served,
//! only to requests naming an allowed host; every response comes from the in-memory map or
//! from this module's own endpoints under `/__blomma/`. A built file other than an HTML
//! page may be asked for in part (`Range`, `range.rs`).

use std::collections::HashMap;
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};

use anyhow::Context as _;

use super::host::HostPolicy;
use super::http::{self, Reply, Request, Response};
use super::live::{self, Hub};
use super::path::{self, RequestPath};
use super::range;
use super::{overlay, ErrorView};
use crate::output::OutputFile;

/// How many ports after the requested one are tried when it is taken.
const PORT_ATTEMPTS: u16 = 50;

/// Prefix of the server's own endpoints.
const INTERNAL: &str = "__blomma";

/// One successful build, as served. HTML files already carry the live-reload script.
/// Paths are shared (`Arc<str>`), so that a patched copy of ten thousand files costs no
/// allocation per file.
pub(crate) struct Site {
    files: HashMap<Arc<str>, Arc<[u8]>>,
}

impl Site {
    /// An empty site (before the first successful build).
    pub(crate) fn empty() -> Site {
        Site {
            files: HashMap::new(),
        }
    }

    /// Builds the served map from the builder's output, injecting the live-reload script
    /// into every HTML file. Paths are normalised to have no leading '/' or "./".
    pub(crate) fn from_files(files: Vec<OutputFile>) -> Site {
        let mut map = HashMap::with_capacity(files.len());
        for file in files {
            let key = normalize_key(&file.path);
            let Some(bytes) = in_memory(file) else {
                continue;
            };
            let bytes = if is_html(&key) {
                live::inject_script(&bytes)
            } else {
                bytes
            };
            map.insert(Arc::from(key), Arc::from(bytes));
        }
        Site { files: map }
    }

    /// A copy of this site with `put` added or replaced and `removed` taken out, and the
    /// output paths whose bytes actually changed.
    pub(crate) fn patched(&self, put: Vec<OutputFile>, removed: &[String]) -> (Site, Vec<String>) {
        let mut files = self.files.clone();
        let mut changed = Vec::new();
        for key in removed.iter().map(|p| normalize_key(p)) {
            if files.remove(key.as_str()).is_some() {
                changed.push(key);
            }
        }
        for file in put {
            let key = normalize_key(&file.path);
            let Some(bytes) = in_memory(file) else {
                continue;
            };
            let bytes: Arc<[u8]> = if is_html(&key) {
                Arc::from(live::inject_script(&bytes))
            } else {
                Arc::from(bytes)
            };
            if files
                .get(key.as_str())
                .is_none_or(|old| old[..] != bytes[..])
            {
                changed.push(key.clone());
                files.insert(Arc::from(key), bytes);
            }
        }
        changed.sort();
        changed.dedup();
        (Site { files }, changed)
    }

    /// Output paths that differ between `self` (old) and `new`: added, removed or changed.
    pub(crate) fn diff(&self, new: &Site) -> Vec<String> {
        let mut changed: Vec<String> = new
            .files
            .iter()
            .filter(|(k, v)| self.files.get(*k).is_none_or(|old| old[..] != v[..]))
            .map(|(k, _)| k.to_string())
            .chain(
                self.files
                    .keys()
                    .filter(|k| !new.files.contains_key(*k))
                    .map(|k| k.to_string()),
            )
            .collect();
        changed.sort();
        changed
    }

    /// Number of files.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    fn get(&self, key: &str) -> Option<&Arc<[u8]>> {
        self.files.get(key)
    }
}

/// The bytes of a built file: a builder hands them in memory; a copied file is read now,
/// and one that cannot be read is reported and left out.
fn in_memory(file: OutputFile) -> Option<Vec<u8>> {
    match file.content {
        crate::output::Content::Bytes(b) => Some(b),
        crate::output::Content::Copy(from) => match std::fs::read(&from) {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("blomma serve: cannot read {}: {e}", from.display());
                None
            }
        },
    }
}

fn normalize_key(path: &str) -> String {
    path.replace('\\', "/")
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn is_html(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// Everything the HTTP threads and the rebuild thread share.
pub(crate) struct State {
    site: RwLock<Arc<Site>>,
    errors: RwLock<Arc<Vec<ErrorView>>>,
    build_id: RwLock<String>,
    /// Live-reload clients.
    pub(crate) hub: Arc<Hub>,
    /// The `Host` names answered.
    hosts: HostPolicy,
    /// The base path, percent-encoded for a `Location` header.
    base_location: String,
    base_segments: Vec<String>,
    stopping: AtomicBool,
    stop_signal: (Mutex<bool>, Condvar),
}

impl State {
    /// Fresh state: empty site, no errors; answering requests for the `hosts`.
    pub(crate) fn new(base_path: String, hosts: HostPolicy) -> State {
        State {
            hosts,
            site: RwLock::new(Arc::new(Site::empty())),
            errors: RwLock::new(Arc::new(Vec::new())),
            build_id: RwLock::new(String::from("none")),
            hub: Arc::new(Hub::new()),
            base_location: path::encode_segments(&path::base_segments(&base_path), true),
            base_segments: path::base_segments(&base_path),
            stopping: AtomicBool::new(false),
            stop_signal: (Mutex::new(false), Condvar::new()),
        }
    }

    /// The site being served.
    pub(crate) fn site(&self) -> Arc<Site> {
        Arc::clone(&self.site.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Swaps in a new site atomically.
    pub(crate) fn set_site(&self, site: Site, build_id: String) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
        *self.build_id.write().unwrap_or_else(|e| e.into_inner()) = build_id;
    }

    /// Current content errors (empty when the last build succeeded).
    pub(crate) fn errors(&self) -> Arc<Vec<ErrorView>> {
        Arc::clone(&self.errors.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Replaces the current errors.
    pub(crate) fn set_errors(&self, errors: Vec<ErrorView>) {
        *self.errors.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(errors);
    }

    /// Identifier of the build being served (changes with every successful build).
    pub(crate) fn build_id(&self) -> String {
        self.build_id
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Whether a stop was requested.
    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Marks the server as stopping and wakes everything waiting; returns false if it already
    /// was stopping.
    pub(crate) fn request_stop(&self) -> bool {
        if self.stopping.swap(true, Ordering::SeqCst) {
            return false;
        }
        self.hub.close_all();
        let (lock, cvar) = &self.stop_signal;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        cvar.notify_all();
        true
    }

    /// Blocks until [`State::request_stop`] has been called.
    pub(crate) fn wait_for_stop(&self) {
        let (lock, cvar) = &self.stop_signal;
        let mut stopped = lock.lock().unwrap_or_else(|e| e.into_inner());
        while !*stopped {
            stopped = cvar.wait(stopped).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Binds `ip:port`, or the next free port after it when it is taken (saying so).
pub(crate) fn bind(ip: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    if port == 0 {
        return TcpListener::bind((ip, 0)).with_context(|| format!("could not bind {ip}"));
    }
    let last = port.saturating_add(PORT_ATTEMPTS);
    for candidate in port..=last {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => {
                if candidate != port {
                    eprintln!("Port {port} is in use; using port {candidate} instead.");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("could not bind {}", SocketAddr::new(ip, candidate)))
            }
        }
    }
    anyhow::bail!("ports {port} to {last} on {ip} are all in use")
}

/// The URL to print: loopback for unspecified addresses, brackets for IPv6, encoded base path.
pub(crate) fn display_url(addr: SocketAddr, base_path: &str) -> String {
    let host = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    let base = path::encode_segments(&path::base_segments(base_path), true);
    format!("http://{host}:{}{base}", addr.port())
}

/// Answers one request.
pub(crate) fn handle(request: &Request, state: &Arc<State>) -> Reply {
    let target = match path::parse_request_target(&request.target) {
        Ok(t) => t,
        Err(reason) => return Reply::Response(text(400, &format!("400 Bad Request: {reason}\n"))),
    };
    if let Err(refusal) = check_host(request, state) {
        return Reply::Response(refusal);
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let mut response = text(405, "405 Method Not Allowed\n");
        response.headers.push(("Allow", "GET, HEAD".to_string()));
        return Reply::Response(response);
    }
    if target.segments.first().map(String::as_str) == Some(INTERNAL) {
        return internal(request, &target, state);
    }
    Reply::Response(range::apply(request, route(&target, state)))
}

/// Refuses requests for names other than this server's (DNS rebinding): the host is the
/// authority of an absolute-form target, else the `Host` header, which HTTP/1.1 requires.
/// An HTTP/1.0 request without `Host` is answered: browsers always send it.
fn check_host(request: &Request, state: &State) -> Result<(), Response> {
    let host = match path::authority(&request.target) {
        Some(authority) => authority,
        None => match request.host.as_deref() {
            Some(host) => host,
            None if request.minor_version == 0 => return Ok(()),
            None => {
                return Err(text(
                    400,
                    "400 Bad Request: HTTP/1.1 requires a Host header\n",
                ))
            }
        },
    };
    if state.hosts.allows(host) {
        return Ok(());
    }
    let mut shown: String = host.chars().filter(|c| !c.is_control()).take(100).collect();
    if shown.len() < host.len() {
        shown.push('…');
    }
    Err(text(
        403,
        &format!(
            "403 Forbidden: this development server answers only to localhost, 127.0.0.1 and \
             [::1] (and its --bind address), not to the host \"{shown}\". This keeps other \
             web sites from reading it through DNS rebinding. To open the site under another \
             name, start it with `blomma serve --allowed-host NAME`.\n"
        ),
    ))
}

/// The server's own endpoints under `/__blomma/`.
fn internal(request: &Request, target: &RequestPath, state: &Arc<State>) -> Reply {
    let name = if target.segments.len() == 2 {
        target.segments[1].as_str()
    } else {
        ""
    };
    Reply::Response(match name {
        "live.js" => bytes_response(
            200,
            "text/javascript; charset=utf-8",
            live::LIVE_JS.as_bytes().into(),
        ),
        "errors.json" => {
            let json = overlay::errors_json(&state.errors());
            bytes_response(200, "application/json", json.into_bytes().into())
        }
        "events" if !request.is_head() => {
            return live::serve_events(&state.hub, || (state.build_id(), state.errors().len()))
        }
        "events" => bytes_response(200, "text/event-stream", Vec::new().into()),
        _ => text(404, "404 Not Found\n"),
    })
}

type Body = Response;

/// Maps a checked path to a response from the in-memory site.
fn route(target: &RequestPath, state: &State) -> Body {
    let base = &state.base_segments;
    let under_base =
        target.segments.len() >= base.len() && target.segments[..base.len()] == base[..];
    if !under_base {
        if target.segments.is_empty() {
            // "/" → the base path (302: the base path may differ next run).
            return redirect(302, &state.base_location, None);
        }
        return not_found(state);
    }
    let rel = &target.segments[base.len()..];
    if rel.is_empty() && !target.trailing_slash && !base.is_empty() {
        return redirect(301, &target.encoded(true), target.query.as_deref());
    }
    let joined = rel.join("/");
    let key = if rel.is_empty() {
        "index.html".to_string()
    } else if target.trailing_slash {
        format!("{joined}/index.html")
    } else {
        joined.clone()
    };
    let site = state.site();
    if let Some(bytes) = site.get(&key) {
        let mut response = bytes_response(200, content_type(&key), Arc::clone(bytes));
        // Not an HTML page: its live-reload script changes its length from build to build.
        if !is_html(&key) {
            let (name, value) = range::ACCEPT_RANGES;
            response.headers.push((name, value.to_string()));
        }
        return response;
    }
    if !target.trailing_slash && site.get(&format!("{joined}/index.html")).is_some() {
        return redirect(301, &target.encoded(true), target.query.as_deref());
    }
    not_found(state)
}

fn not_found(state: &State) -> Body {
    let site = state.site();
    match site.get("404.html") {
        Some(bytes) => bytes_response(404, "text/html; charset=utf-8", Arc::clone(bytes)),
        None => {
            let page = live::inject_script(
                b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>404 Not Found</title></head>\
                  <body><h1>404 Not Found</h1><p>No file at this address in the built site.</p></body></html>",
            );
            bytes_response(404, "text/html; charset=utf-8", page.into())
        }
    }
}

fn redirect(status: u16, location: &str, query: Option<&str>) -> Body {
    let location = match query {
        Some(q) => format!("{location}?{q}"),
        None => location.to_string(),
    };
    let mut response = text(status, &format!("Moved to {location}\n"));
    response.headers.push(("Location", location));
    response
}

fn text(status: u16, body: &str) -> Body {
    http::text(status, body)
}

fn bytes_response(status: u16, content_type: &str, bytes: Arc<[u8]>) -> Body {
    Response {
        status,
        headers: vec![
            ("Content-Type", content_type.to_string()),
            ("Cache-Control", "no-store".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
        ],
        body: bytes,
        span: None,
    }
}

/// The `Content-Type` for an output path, by extension.
pub(crate) fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputFile;

    fn site(files: &[(&str, &str)]) -> Site {
        Site::from_files(
            files
                .iter()
                .map(|(p, b)| OutputFile::bytes(p.to_string(), b.as_bytes().to_vec()))
                .collect(),
        )
    }

    fn state_with(base: &str, files: &[(&str, &str)]) -> State {
        let state = State::new(base.to_string(), HostPolicy::Any);
        state.set_site(site(files), "x".into());
        state
    }

    fn get(state: &State, raw: &str) -> (u16, Option<String>, Vec<u8>) {
        let target = match path::parse_request_target(raw) {
            Ok(t) => t,
            Err(_) => return (400, None, Vec::new()),
        };
        let response = route(&target, state);
        let location = response
            .headers
            .iter()
            .find(|(name, _)| *name == "Location")
            .map(|(_, value)| value.clone());
        (response.status, location, response.body.to_vec())
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("m.wasm"), "application/wasm");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("i.svg"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
        assert_eq!(content_type("dir.d/noext"), "application/octet-stream");
    }

    #[test]
    fn routes_under_base_path() {
        let state = state_with(
            "/hv/",
            &[
                ("index.html", "<body>home</body>"),
                ("lan/index.html", "<body>lan</body>"),
                ("404.html", "<body>missing</body>"),
                ("css/site.css", "body{}"),
            ],
        );
        assert_eq!(
            get(&state, "/"),
            (302, Some("/hv/".into()), b"Moved to /hv/\n".to_vec())
        );
        assert_eq!(get(&state, "/hv").1.as_deref(), Some("/hv/"));
        let (status, _, body) = get(&state, "/hv/");
        assert_eq!(status, 200);
        assert!(String::from_utf8_lossy(&body).contains("home"));
        assert!(String::from_utf8_lossy(&body).contains("/__blomma/live.js"));
        let (status, location, _) = get(&state, "/hv/lan?x=1");
        assert_eq!((status, location.as_deref()), (301, Some("/hv/lan/?x=1")));
        assert_eq!(get(&state, "/hv/css/site.css").2, b"body{}");
        let (status, _, body) = get(&state, "/hv/nope");
        assert_eq!(status, 404);
        assert!(String::from_utf8_lossy(&body).contains("missing"));
        assert_eq!(get(&state, "/lan/").0, 404);
        assert_eq!(get(&state, "/hv/../hv/").0, 400);
        let state = state_with("/hälsa/", &[("index.html", "x")]);
        assert_eq!(get(&state, "/").1.as_deref(), Some("/h%C3%A4lsa/"));
        assert_eq!(get(&state, "/h%C3%A4lsa/").0, 200);
    }

    #[test]
    fn diff_lists_added_removed_changed() {
        let old = site(&[("a.html", "1"), ("b.css", "x"), ("c.txt", "gone")]);
        let new = site(&[("a.html", "1"), ("b.css", "y"), ("d.txt", "new")]);
        assert_eq!(old.diff(&new), ["b.css", "c.txt", "d.txt"]);
    }

    #[test]
    fn keys_are_normalised() {
        let s = site(&[("/a/./b.txt", "1"), ("c\\d.txt", "2")]);
        assert!(s.get("a/b.txt").is_some());
        assert!(s.get("c/d.txt").is_some());
    }

    #[test]
    fn urls() {
        let addr: SocketAddr = ([127, 0, 0, 1], 1111).into();
        assert_eq!(
            display_url(addr, "/some/path/"),
            "http://127.0.0.1:1111/some/path/"
        );
        assert_eq!(display_url(addr, "/"), "http://127.0.0.1:1111/");
        let any: SocketAddr = ([0, 0, 0, 0], 80).into();
        assert_eq!(
            display_url(any, "/hälsa/"),
            "http://127.0.0.1:80/h%C3%A4lsa/"
        );
    }
}

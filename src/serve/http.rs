//! The wire side of the dev server: accepting connections, reading request heads (parsed by
//! `httparse`), and writing responses, with a thread per connection.
//!
//! Every connection has its own thread (up to [`Limits::max_connections`]), a deadline for
//! each request head, an idle timeout between requests and a write timeout, so a client that
//! stops reading (or never finishes a request) holds only its own thread, and only until the
//! timeout ends it. The accept loop never reads from or waits on a client. What a request
//! means is the business of the handler (`server.rs`).

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The largest request head accepted (request line plus headers).
const MAX_HEAD: usize = 16 * 1024;

/// The most headers a request may have.
const MAX_HEADERS: usize = 64;

/// Request bodies up to this size are read and thrown away, so the connection can be reused;
/// a larger (or chunked) body ends the connection after the response.
const MAX_DISCARDED_BODY: u64 = 64 * 1024;

/// Bodies up to this size go out in the same write as the head.
const COALESCE: usize = 16 * 1024;

/// Timeouts and the connection cap.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Longest time from the first byte of a request head to its end.
    pub(crate) head_timeout: Duration,
    /// Longest wait for the next request on a kept-alive connection.
    pub(crate) idle_timeout: Duration,
    /// Longest a single write may make no progress before the client is dropped.
    pub(crate) write_timeout: Duration,
    /// Most connections served at once; more are answered 503 and closed.
    pub(crate) max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            head_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            write_timeout: Duration::from_secs(20),
            max_connections: 256,
        }
    }
}

/// The parts of a request head the server uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// The method, as sent (e.g. "GET").
    pub(crate) method: String,
    /// The raw request target (ASCII).
    pub(crate) target: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub(crate) minor_version: u8,
    /// The `Host` header, if there was one.
    pub(crate) host: Option<String>,
    /// The `Range` header, if there was one (several are joined by commas, as one list).
    pub(crate) range: Option<String>,
    /// Whether an `If-Range` header was sent.
    pub(crate) if_range: bool,
    /// Whether the client wants the connection kept open after the response.
    keep_alive: bool,
    /// The request body, which the server never uses.
    body: BodyLength,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyLength {
    Known(u64),
    /// `Transfer-Encoding` was given.
    Unknown,
}

impl Request {
    /// Whether the response carries no body (HEAD).
    pub(crate) fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

/// A complete response; `Content-Length` and `Connection` are added when it is written.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    /// Status code.
    pub(crate) status: u16,
    /// Further headers.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The body (also the length announced for HEAD).
    pub(crate) body: Arc<[u8]>,
    /// The part of `body` that is sent (a range request's), or all of it; the bytes stay
    /// shared with the served site, not copied.
    pub(crate) span: Option<std::ops::Range<usize>>,
}

impl Response {
    /// The bytes sent: the body, or its part in `span`.
    pub(crate) fn sent(&self) -> &[u8] {
        self.span
            .clone()
            .and_then(|span| self.body.get(span))
            .unwrap_or(&self.body)
    }
}

/// What the handler wants done with a request.
pub(crate) enum Reply {
    /// Send this response.
    Response(Response),
    /// Hand the connection over (an endless event stream); it is not used for anything else
    /// afterwards.
    Takeover(Box<dyn FnOnce(TcpStream) + Send>),
}

/// A request head the server cannot use; answered and then the connection is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum BadRequest {
    /// 400 with this reason.
    Malformed(&'static str),
    /// 431: the head is too large.
    TooLarge,
}

impl BadRequest {
    fn response(&self) -> Response {
        match self {
            BadRequest::Malformed(reason) => text(400, &format!("400 Bad Request: {reason}\n")),
            BadRequest::TooLarge => text(431, "431 Request Header Fields Too Large\n"),
        }
    }
}

/// A plain-text response.
pub(crate) fn text(status: u16, body: &str) -> Response {
    Response {
        status,
        headers: vec![
            ("Content-Type", "text/plain; charset=utf-8".to_string()),
            ("Cache-Control", "no-store".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
        ],
        body: body.as_bytes().into(),
        span: None,
    }
}

/// The connections being served, so that stopping can close them all.
#[derive(Default)]
pub(crate) struct Connections {
    inner: Mutex<Open>,
    emptied: Condvar,
}

#[derive(Default)]
struct Open {
    next_id: u64,
    streams: HashMap<u64, TcpStream>,
    closed: bool,
}

/// Removes its connection from [`Connections`] when the connection's thread ends.
struct Registration {
    connections: Arc<Connections>,
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut open = self.connections.lock();
        open.streams.remove(&self.id);
        if open.streams.is_empty() {
            self.connections.emptied.notify_all();
        }
    }
}

/// Why a connection was not registered.
enum Refused {
    /// At the connection cap.
    Full,
    /// The server is stopping (or the stream could not be cloned).
    Closed,
}

impl Connections {
    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts a new connection in, unless the cap is reached or the server is stopping.
    fn register(self: &Arc<Self>, stream: &TcpStream, max: usize) -> Result<Registration, Refused> {
        let mut open = self.lock();
        if open.closed {
            return Err(Refused::Closed);
        }
        if open.streams.len() >= max {
            return Err(Refused::Full);
        }
        let clone = stream.try_clone().map_err(|_| Refused::Closed)?;
        let id = open.next_id;
        open.next_id += 1;
        open.streams.insert(id, clone);
        Ok(Registration {
            connections: Arc::clone(self),
            id,
        })
    }

    /// Refuses new connections and shuts every open one down, which wakes their threads.
    pub(crate) fn close_all(&self) {
        let mut open = self.lock();
        open.closed = true;
        for stream in open.streams.values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    /// Waits until every connection's thread has let go of it, or `timeout` has passed.
    pub(crate) fn wait_until_empty(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let mut open = self.lock();
        while !open.streams.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            open = self
                .emptied
                .wait_timeout(open, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// Accepts connections until `stopping()` is true (checked after every accept; wake the loop
/// with [`wake`]). Each connection is served on its own thread by `handler`.
pub(crate) fn accept_loop<H>(
    listener: TcpListener,
    connections: Arc<Connections>,
    limits: Limits,
    handler: Arc<H>,
    stopping: impl Fn() -> bool,
) where
    H: Fn(&Request) -> Reply + Send + Sync + 'static,
{
    for stream in listener.incoming() {
        if stopping() {
            break;
        }
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                // Out of file descriptors and the like: do not spin.
                if e.kind() != ErrorKind::Interrupted {
                    std::thread::sleep(Duration::from_millis(20));
                }
                continue;
            }
        };
        let registration = match connections.register(&stream, limits.max_connections) {
            Ok(registration) => registration,
            Err(Refused::Full) => {
                refuse_busy(&stream);
                continue;
            }
            Err(Refused::Closed) => continue,
        };
        let handler = Arc::clone(&handler);
        let spawned = std::thread::Builder::new()
            .name("blomma-http".into())
            .spawn(move || {
                serve_connection(stream, limits, &*handler);
                drop(registration);
            });
        if let Err(e) = spawned {
            eprintln!("blomma serve: could not start a connection thread: {e}");
        }
    }
}

/// Wakes an [`accept_loop`] listening on `addr` by connecting to it.
pub(crate) fn wake(addr: SocketAddr) {
    let mut target = addr;
    if target.ip().is_unspecified() {
        target.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let _ = TcpStream::connect_timeout(&target, Duration::from_secs(1));
}

/// Answers 503 without waiting for the client: the write either fits in the socket's buffer
/// at once or is dropped.
fn refuse_busy(stream: &TcpStream) {
    let response = text(503, "503 Service Unavailable: too many open connections\n");
    if stream.set_nonblocking(true).is_ok() {
        let _ = (&*stream).write_all(&encode_head(&response, false, false, true));
    }
}

/// Serves requests on one connection until it closes, times out, or is taken over.
pub(crate) fn serve_connection(
    stream: TcpStream,
    limits: Limits,
    handler: &dyn Fn(&Request) -> Reply,
) {
    if stream
        .set_write_timeout(Some(limits.write_timeout))
        .is_err()
    {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut buffered = Vec::new();
    let mut first = true;
    loop {
        let request = match read_request(&stream, &mut buffered, &limits, first) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(bad) => {
                let _ = write_response(&stream, &bad.response(), false, false);
                return linger(&stream);
            }
        };
        first = false;
        let body_read = discard_body(&stream, &mut buffered, request.body, &limits);
        let keep_alive = request.keep_alive && body_read;
        match handler(&request) {
            Reply::Response(response) => {
                let written = write_response(&stream, &response, request.is_head(), keep_alive);
                if written.is_err() {
                    return;
                }
                if !keep_alive {
                    if !body_read {
                        linger(&stream);
                    }
                    return;
                }
            }
            Reply::Takeover(take) => {
                let _ = stream.set_read_timeout(None);
                return take(stream);
            }
        }
    }
}

/// Reads the next request head. `Ok(None)`: the client closed the connection, went quiet, or
/// did not finish the head in time; nothing is to be answered.
fn read_request(
    stream: &TcpStream,
    buffered: &mut Vec<u8>,
    limits: &Limits,
    first: bool,
) -> Result<Option<Request>, BadRequest> {
    let mut started = (!buffered.is_empty()).then(Instant::now);
    let mut chunk = [0u8; 4096];
    loop {
        if !buffered.is_empty() {
            if let Some((request, len)) = parse_head(buffered)? {
                buffered.drain(..len);
                return Ok(Some(request));
            }
            if buffered.len() >= MAX_HEAD {
                return Err(BadRequest::TooLarge);
            }
        }
        let timeout = match started {
            None if first => limits.head_timeout,
            None => limits.idle_timeout,
            Some(start) => limits.head_timeout.saturating_sub(start.elapsed()),
        };
        if timeout.is_zero() || stream.set_read_timeout(Some(timeout)).is_err() {
            return Ok(None);
        }
        match (&*stream).read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                started.get_or_insert_with(Instant::now);
                buffered.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return Ok(None),
        }
    }
}

/// Parses a request head; `Ok(None)` when more bytes are needed.
fn parse_head(bytes: &[u8]) -> Result<Option<(Request, usize)>, BadRequest> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let len = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(BadRequest::TooLarge),
        Err(_) if request_line_has_non_ascii(bytes) => return Err(NON_ASCII),
        Err(httparse::Error::Version) => {
            return Err(BadRequest::Malformed(
                "only HTTP/1.0 and HTTP/1.1 are spoken here",
            ))
        }
        Err(_) => return Err(BadRequest::Malformed("the request head is malformed")),
    };
    let (Some(method), Some(target), Some(minor_version)) =
        (parsed.method, parsed.path, parsed.version)
    else {
        return Err(BadRequest::Malformed("the request line is incomplete"));
    };
    if !target.is_ascii() {
        return Err(NON_ASCII);
    }
    let mut host = None;
    let mut range: Option<String> = None;
    let mut if_range = false;
    let mut connection = String::new();
    let mut body = BodyLength::Known(0);
    for header in parsed.headers.iter() {
        let value = std::str::from_utf8(header.value)
            .map_err(|_| BadRequest::Malformed("a header value is not UTF-8"))?
            .trim();
        let name = header.name;
        if name.eq_ignore_ascii_case("host") {
            if host.replace(value.to_string()).is_some() {
                return Err(BadRequest::Malformed("more than one Host header"));
            }
        } else if name.eq_ignore_ascii_case("range") {
            range = Some(match range {
                Some(before) => format!("{before}, {value}"),
                None => value.to_string(),
            });
        } else if name.eq_ignore_ascii_case("if-range") {
            if_range = true;
        } else if name.eq_ignore_ascii_case("connection") {
            connection.push_str(&value.to_ascii_lowercase());
            connection.push(',');
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            body = BodyLength::Unknown;
        } else if name.eq_ignore_ascii_case("content-length") && body != BodyLength::Unknown {
            let n = value
                .parse()
                .map_err(|_| BadRequest::Malformed("Content-Length is not a number"))?;
            body = BodyLength::Known(n);
        }
    }
    let tokens: Vec<&str> = connection.split(',').map(str::trim).collect();
    let keep_alive = minor_version == 1 && !tokens.contains(&"close");
    Ok(Some((
        Request {
            method: method.to_string(),
            target: target.to_string(),
            minor_version,
            host,
            range,
            if_range,
            keep_alive,
            body,
        },
        len,
    )))
}

const NON_ASCII: BadRequest = BadRequest::Malformed(
    "characters outside ASCII in the request line must be percent-encoded \
     (e.g. /l%C3%A4n/ for /län/)",
);

fn request_line_has_non_ascii(bytes: &[u8]) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .find(|line| !line.iter().all(|b| b.is_ascii_whitespace()))
        .is_some_and(|line| !line.is_ascii())
}

/// Reads and drops a small request body so the connection can carry the next request;
/// false when the body is too large, chunked or incomplete (the connection must then end).
fn discard_body(
    stream: &TcpStream,
    buffered: &mut Vec<u8>,
    body: BodyLength,
    limits: &Limits,
) -> bool {
    let BodyLength::Known(len) = body else {
        return false;
    };
    if len > MAX_DISCARDED_BODY {
        return false;
    }
    let mut left = usize::try_from(len).unwrap_or(usize::MAX);
    let from_buffer = left.min(buffered.len());
    buffered.drain(..from_buffer);
    left -= from_buffer;
    if left == 0 {
        return true;
    }
    if stream.set_read_timeout(Some(limits.head_timeout)).is_err() {
        return false;
    }
    let mut chunk = [0u8; 4096];
    while left > 0 {
        match (&*stream).read(&mut chunk[..left.min(4096)]) {
            Ok(0) => return false,
            Ok(n) => left -= n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    true
}

/// Closes a connection that may still have unread request bytes: stops sending, then reads
/// for a moment, so that the client sees the response rather than a reset.
fn linger(stream: &TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err()
        || stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .is_err()
    {
        return;
    }
    let mut sink = [0u8; 4096];
    let mut left = 256 * 1024usize;
    while left > 0 {
        match (&*stream).read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// Writes `response` (its head only for HEAD requests).
fn write_response(
    stream: &TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut out = stream;
    let inline = !head_only && response.sent().len() <= COALESCE;
    out.write_all(&encode_head(response, head_only, keep_alive, inline))?;
    if !head_only && !inline {
        out.write_all(response.sent())?;
    }
    out.flush()
}

/// The status line and headers (and the body too when `with_body`).
fn encode_head(response: &Response, head_only: bool, keep_alive: bool, with_body: bool) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        // Values come from this server, but a line break would split the response.
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: {}\r\n\r\n",
        response.sent().len(),
        if keep_alive { "keep-alive" } else { "close" }
    ));
    let mut bytes = head.into_bytes();
    if with_body && !head_only {
        bytes.extend_from_slice(response.sent());
    }
    bytes
}

/// The reason phrase of the status codes this server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, TcpListener};
    use std::sync::mpsc;

    fn parse(raw: &str) -> Result<Option<(Request, usize)>, BadRequest> {
        parse_head(raw.as_bytes())
    }

    #[test]
    fn parses_heads() {
        let (r, len) = parse("GET /a?b HTTP/1.1\r\nHost: localhost:1\r\n\r\nrest")
            .ok()
            .flatten()
            .expect("complete");
        assert_eq!(len, 40);
        assert_eq!(
            (r.method.as_str(), r.target.as_str(), r.minor_version),
            ("GET", "/a?b", 1)
        );
        assert_eq!(r.host.as_deref(), Some("localhost:1"));
        assert!(r.keep_alive);
        assert_eq!(parse("GET / HTTP/1.1\r\nHost: x\r\n"), Ok(None));
        let (r, _) = parse("GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n")
            .ok()
            .flatten()
            .expect("complete");
        assert!(!r.keep_alive);
        let (r, _) = parse("GET / HTTP/1.0\r\n\r\n")
            .ok()
            .flatten()
            .expect("complete");
        assert!(!r.keep_alive && r.host.is_none());
    }

    #[test]
    fn rejects_bad_heads() {
        assert_eq!(parse("GET /län/ HTTP/1.1\r\n\r\n"), Err(NON_ASCII));
        assert_eq!(parse_head(b"GET /l\xe4n/ HTTP/1.1\r\n\r\n"), Err(NON_ASCII));
        assert_eq!(parse_head(b"GET /l\xe4n/ HTTP/1.1\r\n"), Err(NON_ASCII));
        assert!(matches!(
            parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
            Err(BadRequest::Malformed(_))
        ));
        assert!(matches!(
            parse("GET / HTTP/2.0\r\n\r\n"),
            Err(BadRequest::Malformed(_))
        ));
        let many: String = (0..100).map(|i| format!("X-{i}: y\r\n")).collect();
        assert_eq!(
            parse(&format!("GET / HTTP/1.1\r\n{many}\r\n")),
            Err(BadRequest::TooLarge)
        );
    }

    #[test]
    fn heads_carry_length_and_connection() {
        let response = text(404, "nope");
        let head = String::from_utf8(encode_head(&response, true, false, true)).expect("ascii");
        assert!(head.starts_with("HTTP/1.1 404 Not Found\r\n"), "{head}");
        assert!(head.contains("Content-Length: 4\r\nConnection: close\r\n\r\n"));
        assert!(head.ends_with("\r\n\r\n"), "HEAD has no body");
        let mut evil = text(200, "x");
        evil.headers
            .push(("Location", "/a\r\nSet-Cookie: x".into()));
        let head = String::from_utf8(encode_head(&evil, false, true, true)).expect("ascii");
        assert!(!head.contains("Set-Cookie"), "{head}");
        assert!(head.ends_with("keep-alive\r\n\r\nx"), "{head}");
    }

    /// A client that asks for a large response and never reads is dropped once a write
    /// makes no progress for the write timeout; its thread is free again.
    #[test]
    fn stalled_readers_are_dropped_by_the_write_timeout() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut client = TcpStream::connect(addr).expect("connect");
        client
            .write_all(b"GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .expect("send");
        let (server_side, _) = listener.accept().expect("accept");
        let limits = Limits {
            write_timeout: Duration::from_millis(200),
            ..Limits::default()
        };
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            let big: Arc<[u8]> = vec![b'x'; 32 * 1024 * 1024].into();
            serve_connection(server_side, limits, &|_: &Request| {
                Reply::Response(Response {
                    status: 200,
                    headers: Vec::new(),
                    body: Arc::clone(&big),
                    span: None,
                })
            });
            let _ = done.send(());
        });
        assert!(
            finished.recv_timeout(Duration::from_secs(30)).is_ok(),
            "the connection thread never gave up on the stalled client"
        );
        // The client gets less than the whole body before the connection ends.
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut got = Vec::new();
        let _ = client.read_to_end(&mut got);
        assert!(got.len() < 32 * 1024 * 1024, "{}", got.len());
    }
}

//! Test support: a fake `SiteBuilder` that renders a temp folder, a raw-socket HTTP client
//! (so request targets go out byte for byte, unnormalised) and an SSE reader.

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use blomma::OutputFile;
use blomma::{BuildResult, ChangeKind, ErrorView, ServeOptions, Server, SiteBuilder};

/// Generous upper bound for anything the watcher has to do.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Renders `content/**.md` to `…/index.html` pages and copies `static/**` as is.
/// A line containing `{{bad` is a content error; a file `content/FAIL` is a tool error.
pub struct FakeBuilder {
    root: PathBuf,
    /// Every `changes` list the builder was called with.
    pub calls: Arc<Mutex<Vec<Vec<ChangeKind>>>>,
}

impl FakeBuilder {
    pub fn new(root: &Path) -> (FakeBuilder, Arc<Mutex<Vec<Vec<ChangeKind>>>>) {
        let calls = Arc::new(Mutex::new(Vec::new()));
        (
            FakeBuilder {
                root: root.to_path_buf(),
                calls: Arc::clone(&calls),
            },
            calls,
        )
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl SiteBuilder for FakeBuilder {
    fn build(&mut self, changes: &[ChangeKind]) -> anyhow::Result<BuildResult> {
        self.calls
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?
            .push(changes.to_vec());
        let content = self.root.join("content");
        if content.join("FAIL").exists() {
            anyhow::bail!("fake tool failure: content/FAIL exists");
        }
        let mut files = vec![OutputFile::bytes(
            "404.html".into(),
            b"<html><body><h1>Sidan finns inte</h1></body></html>".to_vec(),
        )];
        let mut errors = Vec::new();
        let mut sources = Vec::new();
        walk(&content, &mut sources)?;
        for src in sources {
            let rel = src
                .strip_prefix(&content)?
                .to_string_lossy()
                .replace('\\', "/");
            let Some(stem) = rel.strip_suffix(".md") else {
                continue;
            };
            // Files may vanish between listing and reading while the test edits them.
            let Ok(text) = std::fs::read_to_string(&src) else {
                continue;
            };
            for (i, line) in text.lines().enumerate() {
                if let Some(col) = line.find("{{bad") {
                    errors.push(ErrorView {
                        file: format!("content/{rel}"),
                        line: i + 1,
                        column: line[..col].chars().count() + 1,
                        message: "unknown shortcode `bad` <b>not bold</b>".into(),
                        source_line: line.to_string(),
                        help: Some("remove it".into()),
                        width: "{{bad".len(),
                    });
                }
            }
            let out = if stem == "index" {
                "index.html".to_string()
            } else if let Some(dir) = stem.strip_suffix("/index") {
                format!("{dir}/index.html")
            } else {
                format!("{stem}/index.html")
            };
            let html = format!(
                "<!doctype html><html><head><link rel=\"stylesheet\" href=\"/style.css\"></head>\
                 <body><main>{}</main></body></html>",
                escape(&text)
            );
            files.push(OutputFile::bytes(out, html.into_bytes()));
        }
        let statics = self.root.join("static");
        let mut assets = Vec::new();
        walk(&statics, &mut assets)?;
        for src in assets {
            let rel = src
                .strip_prefix(&statics)?
                .to_string_lossy()
                .replace('\\', "/");
            let Ok(bytes) = std::fs::read(&src) else {
                continue;
            };
            files.push(OutputFile::bytes(rel, bytes));
        }
        if errors.is_empty() {
            Ok(BuildResult::Ok {
                files,
                changed: Vec::new(),
            })
        } else {
            Ok(BuildResult::ContentErrors(errors))
        }
    }
}

/// A temp site with a home page and a stylesheet, served on an ephemeral loopback port.
pub struct TestSite {
    // Fields drop in order: stop the server before its folder is deleted.
    pub server: Server,
    pub dir: tempfile::TempDir,
    pub calls: Arc<Mutex<Vec<Vec<ChangeKind>>>>,
}

impl TestSite {
    pub fn start() -> TestSite {
        Self::start_with(
            "/",
            &[
                ("content/index.md", "Hej världen\n"),
                ("static/style.css", "body{}"),
            ],
        )
    }

    pub fn start_with(base_path: &str, files: &[(&str, &str)]) -> TestSite {
        Self::start_with_options(base_path, files, |_| {})
    }

    /// Like [`TestSite::start_with`], with a last say over the server's options.
    pub fn start_with_options(
        base_path: &str,
        files: &[(&str, &str)],
        adjust: impl FnOnce(&mut ServeOptions),
    ) -> TestSite {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("site.toml"), "title = \"test\"\n").expect("site.toml");
        std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET\n").expect("secret");
        for dir_name in ["content", "static", "templates", "data"] {
            std::fs::create_dir_all(dir.path().join(dir_name)).expect("mkdir");
        }
        for (path, text) in files {
            write(dir.path(), path, text);
        }
        let (builder, calls) = FakeBuilder::new(dir.path());
        let mut opts = ServeOptions {
            root: dir.path().to_path_buf(),
            port: 0,
            base_path: base_path.to_string(),
            ..ServeOptions::default()
        };
        adjust(&mut opts);
        let server = Server::start(opts, Box::new(builder)).expect("server starts");
        TestSite { dir, server, calls }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        write(self.dir.path(), rel, text);
    }

    pub fn get(&self, target: &str) -> Resp {
        request(self.addr(), "GET", target)
    }

    pub fn build_count(&self) -> usize {
        self.calls.lock().map(|c| c.len()).unwrap_or(0)
    }
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, text).expect("write");
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request with a raw request target and reads the whole response.
pub fn request(addr: SocketAddr, method: &str, target: &str) -> Resp {
    let body = if method == "POST" || method == "PUT" {
        "x=1"
    } else {
        ""
    };
    let req = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    send(addr, req.as_bytes())
}

/// A GET of `target` with the given `Host` header (none when `host` is `None`), over
/// HTTP/1.`minor`.
pub fn get_with_host(addr: SocketAddr, target: &str, host: Option<&str>, minor: u8) -> Resp {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    let req = format!("GET {target} HTTP/1.{minor}\r\n{host}Connection: close\r\n\r\n");
    send(addr, req.as_bytes())
}

/// Sends `raw` as is and reads the whole response; panics when the server closes the
/// connection without answering.
pub fn send(addr: SocketAddr, raw_request: &[u8]) -> Resp {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    stream.write_all(raw_request).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response (the server closed the connection without one)");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body,
    }
}

/// Polls `f` every 10 ms until it returns `Some`, or panics after [`TIMEOUT`].
pub fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A live-reload client reading `/__blomma/events`.
pub struct Sse {
    reader: BufReader<TcpStream>,
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: String,
}

impl Sse {
    /// Connects and returns once the `hello` event arrived.
    pub fn connect(addr: SocketAddr) -> (Sse, Event) {
        match Sse::try_connect(addr) {
            Ok(connected) => connected,
            Err(status) => panic!("live-reload connection refused with status {status}"),
        }
    }

    /// Connects; `Err(status)` when the server answers with anything but 200.
    pub fn try_connect(addr: SocketAddr) -> Result<(Sse, Event), u16> {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
        stream
            .write_all(format!("GET /__blomma/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").as_bytes())
            .expect("send");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status");
        let code = status
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status code");
        if code != 200 {
            return Err(code);
        }
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut saw_type = false;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("header");
            if line == "\r\n" {
                break;
            }
            if line
                .to_ascii_lowercase()
                .starts_with("content-type: text/event-stream")
            {
                saw_type = true;
            }
        }
        assert!(saw_type, "SSE content type");
        let mut sse = Sse { reader };
        let hello = sse.next_event().expect("hello event");
        assert_eq!(hello.name, "hello");
        Ok((sse, hello))
    }

    /// Ends the client's sending side (a FIN) but keeps the socket open for reading.
    pub fn shutdown_write(&self) {
        self.reader
            .get_ref()
            .shutdown(std::net::Shutdown::Write)
            .expect("shutdown");
    }

    /// The next event (comments and `retry:` skipped); `None` on timeout or close.
    pub fn next_event(&mut self) -> Option<Event> {
        let mut name = String::from("message");
        let mut data = String::new();
        let mut any = false;
        loop {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if any {
                    return Some(Event { name, data });
                }
                continue;
            }
            if line.starts_with(':') {
                continue;
            }
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
                any = true;
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
                any = true;
            }
        }
    }

    /// Reads events until one called `name`; panics on timeout.
    pub fn expect(&mut self, name: &str) -> Event {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            match self.next_event() {
                Some(e) if e.name == name => return e,
                Some(_) => continue,
                None => break,
            }
        }
        panic!("no `{name}` event");
    }
}

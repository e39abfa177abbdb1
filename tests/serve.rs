//! End-to-end tests of `blomma::serve` over real HTTP on loopback ports.

mod support;

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use blomma::{ChangeKind, ServeOptions, Server};
use support::{get_with_host, request, send, wait_for, Sse, TestSite};

#[test]
fn serves_pages_with_the_live_script() {
    let site = TestSite::start();
    let resp = site.get("/");
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(resp.header("Cache-Control"), Some("no-store"));
    let body = resp.text();
    assert!(body.contains("Hej världen"), "{body}");
    assert!(
        body.contains("<script src=\"/__blomma/live.js\"></script></body>"),
        "{body}"
    );

    let js = site.get("/__blomma/live.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("EventSource"));
    assert!(!js.text().contains("innerHTML"));

    let css = site.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.text(), "body{}");

    let errors = site.get("/__blomma/errors.json");
    assert_eq!(errors.status, 200);
    assert_eq!(errors.header("Content-Type"), Some("application/json"));
    assert_eq!(errors.text(), "{\"errors\":[]}");
}

#[test]
fn edits_show_up_after_rebuild() {
    let site = TestSite::start();
    site.write("content/index.md", "Nytt innehåll\n");
    wait_for("edited text", || {
        site.get("/").text().contains("Nytt innehåll").then_some(())
    });
    // A new file in a new folder.
    site.write("content/lan/vasterbotten.md", "Västerbotten\n");
    wait_for("new page", || {
        (site.get("/lan/vasterbotten/").status == 200).then_some(())
    });
    let calls = site.calls.lock().map(|c| c.clone()).unwrap_or_default();
    assert!(
        calls[0].is_empty(),
        "first build is a full build: {calls:?}"
    );
    assert!(calls.iter().any(|c| c.iter().any(|k| matches!(k,
        ChangeKind::Content(p) if p.contains(&PathBuf::from("content/index.md"))))));
}

#[test]
fn content_errors_show_overlay_data_and_recover() {
    let site = TestSite::start();
    let (mut sse, hello) = Sse::connect(site.addr());
    assert!(hello.data.contains("\"errors\":0"), "{}", hello.data);

    site.write("content/index.md", "Rad ett\nText {{bad}} här\n");
    let event = sse.expect("errors");
    assert!(
        event.data.contains("\"file\":\"content/index.md\""),
        "{}",
        event.data
    );
    assert!(
        event.data.contains("\"line\":2,\"column\":6"),
        "{}",
        event.data
    );
    // Markup in messages travels escaped.
    assert!(
        event.data.contains("\\u003cb\\u003enot bold"),
        "{}",
        event.data
    );

    let errors = site.get("/__blomma/errors.json").text();
    assert!(errors.contains("content/index.md"), "{errors}");
    assert!(
        errors.contains("\"source_line\":\"Text {{bad}} här\""),
        "{errors}"
    );
    assert!(errors.contains("\"help\":\"remove it\""), "{errors}");
    // The last good build is still served.
    assert!(site.get("/").text().contains("Hej världen"));

    site.write("content/index.md", "Fixat\n");
    let event = sse.expect("reload");
    assert!(event.data.contains("index.html"), "{}", event.data);
    assert_eq!(site.get("/__blomma/errors.json").text(), "{\"errors\":[]}");
    assert!(site.get("/").text().contains("Fixat"));
}

#[test]
fn tool_errors_are_reported_and_the_server_keeps_running() {
    let site = TestSite::start();
    let (mut sse, _) = Sse::connect(site.addr());
    site.write("content/FAIL", "");
    let event = sse.expect("errors");
    assert!(event.data.contains("fake tool failure"), "{}", event.data);
    assert_eq!(site.get("/").status, 200);
    std::fs::remove_file(site.path("content/FAIL")).expect("rm");
    sse.expect("reload");
    assert_eq!(site.get("/__blomma/errors.json").text(), "{\"errors\":[]}");
}

#[test]
fn errors_present_at_startup_are_served_to_new_pages() {
    let site = TestSite::start_with("/", &[("content/index.md", "{{bad}}\n")]);
    let resp = site.get("/");
    assert_eq!(resp.status, 404);
    assert!(
        resp.text().contains("/__blomma/live.js"),
        "overlay script even on 404"
    );
    assert!(site
        .get("/__blomma/errors.json")
        .text()
        .contains("content/index.md"));
    let (_sse, hello) = Sse::connect(site.addr());
    assert!(hello.data.contains("\"errors\":1"), "{}", hello.data);
}

#[test]
fn css_only_changes_send_css_events() {
    let site = TestSite::start();
    let (mut sse, _) = Sse::connect(site.addr());
    site.write("static/style.css", "body{color:red}");
    let event = sse.next_event().expect("an event");
    assert_eq!(event.name, "css", "{event:?}");
    assert!(event.data.contains("style.css"));
    site.write("content/index.md", "Ändrad\n");
    assert_eq!(sse.next_event().expect("an event").name, "reload");
}

#[test]
fn deletes_and_renames_files_and_folders() {
    let site = TestSite::start_with(
        "/",
        &[
            ("content/index.md", "Hem\n"),
            ("content/a.md", "Sida A\n"),
            ("content/lan/norr.md", "Norr\n"),
            ("content/lan/syd.md", "Syd\n"),
        ],
    );
    assert_eq!(site.get("/a/").status, 200);
    assert_eq!(site.get("/lan/norr/").status, 200);

    std::fs::rename(site.path("content/a.md"), site.path("content/b.md")).expect("rename");
    wait_for("renamed page", || {
        (site.get("/b/").status == 200).then_some(())
    });
    assert_eq!(site.get("/a/").status, 404);

    std::fs::remove_file(site.path("content/b.md")).expect("rm");
    wait_for("deleted page", || {
        (site.get("/b/").status == 404).then_some(())
    });

    std::fs::rename(site.path("content/lan"), site.path("content/region")).expect("mv dir");
    wait_for("moved folder", || {
        (site.get("/region/syd/").status == 200).then_some(())
    });
    assert_eq!(site.get("/lan/norr/").status, 404);
    let calls = site.calls.lock().map(|c| c.clone()).unwrap_or_default();
    let saw_both = calls.iter().any(|c| {
        c.iter().any(|k| matches!(k, ChangeKind::Content(p)
            if p.contains(&PathBuf::from("content/lan")) && p.contains(&PathBuf::from("content/region"))))
    });
    assert!(saw_both, "folder rename lists both names: {calls:?}");

    // Files in the moved folder are still watched under the new name.
    site.write("content/region/syd.md", "Syd, ändrad\n");
    wait_for("edit in moved folder", || {
        site.get("/region/syd/")
            .text()
            .contains("Syd, ändrad")
            .then_some(())
    });
    let calls = site.calls.lock().map(|c| c.clone()).unwrap_or_default();
    assert!(
        calls
            .iter()
            .any(|c| c.iter().any(|k| matches!(k, ChangeKind::Content(p)
        if p.contains(&PathBuf::from("content/region/syd.md"))))),
        "{calls:?}"
    );

    // Deleting a whole folder.
    std::fs::remove_dir_all(site.path("content/region")).expect("rm -r");
    wait_for("deleted folder", || {
        (site.get("/region/syd/").status == 404).then_some(())
    });
}

#[test]
fn editor_scratch_files_are_ignored() {
    let site = TestSite::start();
    let (mut sse, _) = Sse::connect(site.addr());
    for junk in [
        "content/.index.md.swp",
        "content/index.md~",
        "content/#index.md#",
        "content/.#index.md",
        "content/4913",
        "content/x.tmp",
        "content/.DS_Store",
    ] {
        site.write(junk, "junk");
    }
    // A real edit afterwards: the build it triggers must not mention any scratch file.
    site.write("content/index.md", "Riktig ändring\n");
    sse.expect("reload");
    let calls = site.calls.lock().map(|c| c.clone()).unwrap_or_default();
    let listed = format!("{calls:?}");
    for needle in ["swp", "~", "#", "4913", ".tmp", "DS_Store"] {
        assert!(!listed.contains(needle), "{needle} in {listed}");
    }
    assert!(
        calls.iter().skip(1).all(|c| !c.is_empty()),
        "only real changes trigger builds: {listed}"
    );
}

#[test]
fn traversal_never_leaves_the_built_site() {
    let site = TestSite::start();
    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/..%2f..%2fetc%2fpasswd",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/static/../../secret.txt",
        "/..\\secret.txt",
        "/%2e%2e%5csecret.txt",
        "/secret.txt%00.html",
        "/%c0%ae%c0%ae/secret.txt",
        "//etc/passwd",
        "/./../secret.txt",
        "/content/index.md",
        "/site.toml",
        "/secret.txt",
        "http://evil.example/../secret.txt",
    ] {
        let resp = site.get(target);
        assert!(
            resp.status == 400 || resp.status == 404,
            "{target}: status {}",
            resp.status
        );
        let text = resp.text();
        assert!(!text.contains("TOP-SECRET"), "{target}: {text}");
        assert!(!text.contains("root:x:"), "{target}: {text}");
        assert!(!text.contains("[package]"), "{target}: {text}");
        assert!(!text.contains("title = "), "{target}: {text}");
    }
    // Encoded traversal is rejected outright, not merely missed.
    for target in ["/%2e%2e/", "/..%2f", "/%252e%252e/", "/../Cargo.toml"] {
        assert_eq!(site.get(target).status, 400, "{target}");
    }
}

#[test]
fn only_get_and_head() {
    let site = TestSite::start();
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let resp = request(site.addr(), method, "/");
        assert_eq!(resp.status, 405, "{method}");
        assert_eq!(resp.header("Allow"), Some("GET, HEAD"), "{method}");
    }
    let get = site.get("/");
    let head = request(site.addr(), "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("Content-Length"),
        Some(get.body.len().to_string().as_str())
    );
    assert_eq!(
        head.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
}

#[test]
fn not_found_and_directory_redirects() {
    let site = TestSite::start_with(
        "/",
        &[
            ("content/index.md", "Hem\n"),
            ("content/om/index.md", "Om oss\n"),
        ],
    );
    let resp = site.get("/finns-inte");
    assert_eq!(resp.status, 404);
    assert!(resp.text().contains("Sidan finns inte"));
    assert_eq!(
        resp.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );

    let resp = site.get("/om?x=1");
    assert_eq!(resp.status, 301);
    assert_eq!(resp.header("Location"), Some("/om/?x=1"));
    assert_eq!(site.get("/om/").status, 200);
    assert!(site.get("/om/index.html").text().contains("Om oss"));
    assert_eq!(site.get("/__blomma/nope").status, 404);
}

#[test]
fn serves_under_a_base_path() {
    let site = TestSite::start_with(
        "/some/path",
        &[
            ("content/index.md", "Hem\n"),
            ("static/style.css", "body{}"),
        ],
    );
    assert!(
        site.server.url().ends_with("/some/path/"),
        "{}",
        site.server.url()
    );
    let resp = site.get("/");
    assert_eq!(resp.status, 302);
    assert_eq!(resp.header("Location"), Some("/some/path/"));
    assert_eq!(
        site.get("/some/path").header("Location"),
        Some("/some/path/")
    );
    assert!(site.get("/some/path/").text().contains("Hem"));
    assert_eq!(site.get("/some/path/style.css").status, 200);
    assert_eq!(site.get("/style.css").status, 404);
    assert_eq!(site.get("/__blomma/live.js").status, 200);
}

#[test]
fn taken_port_moves_to_the_next_free_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let (builder, _) = support::FakeBuilder::new(dir.path());
    let opts = ServeOptions {
        root: dir.path().to_path_buf(),
        port,
        ..ServeOptions::default()
    };
    let server = Server::start(opts, Box::new(builder)).expect("start");
    assert!(server.local_addr().port() > port);
    assert!(server.local_addr().ip().is_loopback());
    assert_eq!(request(server.local_addr(), "GET", "/nope").status, 404);
}

#[test]
fn stalled_readers_cost_only_themselves() {
    let site = TestSite::start();
    let big = vec![b'x'; 6 * 1024 * 1024];
    std::fs::write(site.path("static/big.bin"), &big).expect("big file");
    wait_for("the big file", || {
        let head = request(site.addr(), "HEAD", "/big.bin");
        (head.header("Content-Length") == Some(big.len().to_string().as_str())).then_some(())
    });

    // More clients than the old server had workers ask for the big file and never read.
    let stalled: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut stream = TcpStream::connect(site.addr()).expect("connect");
            let req = format!("GET /big.bin HTTP/1.1\r\nHost: {}\r\n\r\n", site.addr());
            stream.write_all(req.as_bytes()).expect("send");
            stream
        })
        .collect();
    // Each of them is being answered, so each is stuck in the middle of the big file ...
    for (i, stream) in stalled.iter().enumerate() {
        stream
            .set_read_timeout(Some(support::TIMEOUT))
            .expect("timeout");
        let mut first = [0u8; 1];
        assert!(
            matches!(stream.peek(&mut first), Ok(1)),
            "stalled client {i} was never answered"
        );
    }
    // ... and everybody else is still served, the big file included.
    let page = site.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Hej världen"));
    let (_sse, _) = Sse::connect(site.addr());
    let file = site.get("/big.bin");
    assert_eq!(file.status, 200);
    assert_eq!(file.body.len(), big.len());
    drop(stalled);
}

#[test]
fn host_header_must_name_this_server() {
    let site = TestSite::start();
    let addr = site.addr();
    let port = addr.port();
    for host in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "localhost".to_string(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("app.localhost:{port}"),
    ] {
        let resp = get_with_host(addr, "/", Some(&host), 1);
        assert_eq!(resp.status, 200, "Host: {host}");
        assert!(resp.text().contains("Hej världen"), "Host: {host}");
    }
    // Names an attacker's DNS can point at 127.0.0.1 (DNS rebinding).
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("[::2]:{port}"),
    ] {
        for target in [
            "/",
            "/style.css",
            "/__blomma/events",
            "/__blomma/errors.json",
        ] {
            let resp = get_with_host(addr, target, Some(&host), 1);
            assert_eq!(resp.status, 403, "Host: {host}, {target}");
            let text = resp.text();
            assert!(text.contains("--allowed-host"), "{text}");
            assert!(!text.contains("Hej världen") && !text.contains("body{}"));
        }
    }
    // An absolute-form target names the host itself.
    let resp = send(
        addr,
        format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(resp.status, 403);
    // HTTP/1.1 requires a Host header; HTTP/1.0 clients (never browsers) may omit it.
    assert_eq!(get_with_host(addr, "/", None, 1).status, 400);
    assert_eq!(get_with_host(addr, "/", None, 0).status, 200);
}

#[test]
fn allowed_hosts_and_deliberate_non_loopback_binds() {
    let site = TestSite::start_with_options("/", &[("content/index.md", "Hem\n")], |o| {
        o.allowed_hosts = vec!["blomma.lan".into(), ".test.lan".into()];
    });
    let addr = site.addr();
    for host in [
        "blomma.lan",
        "BLOMMA.lan:8080",
        "a.test.lan",
        "b.a.test.lan:1",
    ] {
        assert_eq!(
            get_with_host(addr, "/", Some(host), 1).status,
            200,
            "{host}"
        );
    }
    for host in ["evil.example", "test.lan.evil.example", "xblomma.lan"] {
        assert_eq!(
            get_with_host(addr, "/", Some(host), 1).status,
            403,
            "{host}"
        );
    }
    assert_eq!(get_with_host(addr, "/", Some("localhost"), 1).status, 200);

    // Bound to all interfaces on purpose: the names the site is reached by are unknown.
    let open = TestSite::start_with_options("/", &[("content/index.md", "Hem\n")], |o| {
        o.bind = "0.0.0.0".parse().expect("ip");
    });
    let loopback = SocketAddr::from(([127, 0, 0, 1], open.addr().port()));
    let resp = get_with_host(loopback, "/", Some("evil.example"), 1);
    assert_eq!(resp.status, 200);
    assert!(resp.text().contains("Hem"));
}

#[cfg(unix)]
#[test]
fn serve_command_line_names_allowed_hosts() {
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};

    let dir = tempfile::tempdir().expect("tempdir");
    support::write(
        dir.path(),
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    );
    support::write(
        dir.path(),
        "content/_index.md",
        "---\ntitle: Hej\n---\nHej\n",
    );
    // Starts `blomma serve` with `args`; returns it, its address and what it printed.
    /// Kills the server also when an assertion fails.
    struct KillOnDrop(Child);
    impl Drop for KillOnDrop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let start = |args: &[&str]| -> (KillOnDrop, SocketAddr, Vec<String>) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_blomma"))
            .arg("serve")
            .arg("--root")
            .arg(dir.path())
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stderr.take().expect("stderr");
        let child = KillOnDrop(child);
        let mut printed = Vec::new();
        let mut addr = None;
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("line");
            if let Some(url) = line.split(" at ").nth(1) {
                let parsed: SocketAddr = url
                    .trim_start_matches("http://")
                    .trim_end_matches('/')
                    .parse()
                    .expect("address in URL");
                addr = Some(parsed);
            }
            let done = line == "Press Ctrl-C to stop.";
            printed.push(line);
            if done {
                break;
            }
        }
        match addr {
            Some(addr) => (child, addr, printed),
            None => panic!("no URL printed: {printed:?}"),
        }
    };
    let stop = |child: KillOnDrop| drop(child);
    let (child, addr, printed) = start(&["--bind", "0.0.0.0"]);
    assert!(
        printed.iter().any(|l| l.contains("any Host")),
        "{printed:?}"
    );
    assert_eq!(
        get_with_host(addr, "/", Some("evil.example"), 1).status,
        200
    );
    stop(child);

    let (child, addr, printed) =
        start(&["--allowed-host", "blomma.lan", "--allowed-host", "x.lan"]);
    assert!(
        printed.iter().all(|l| !l.contains("any Host")),
        "{printed:?}"
    );
    for host in ["blomma.lan", "x.lan", "localhost"] {
        assert_eq!(
            get_with_host(addr, "/", Some(host), 1).status,
            200,
            "{host}"
        );
    }
    assert_eq!(
        get_with_host(addr, "/", Some("evil.example"), 1).status,
        403
    );
    stop(child);
}

#[test]
fn live_reload_slots_are_freed_when_clients_leave() {
    let site = TestSite::start();
    let clients: Vec<(Sse, _)> = (0..64).map(|_| Sse::connect(site.addr())).collect();
    assert_eq!(
        Sse::try_connect(site.addr()).err(),
        Some(503),
        "64 live-reload clients at most"
    );
    // They leave: each ends its side of the connection (the FIN a closing tab sends). The
    // sockets stay open and would still accept bytes, so writing to them succeeds; only the
    // server's reading side can tell that they left.
    let half_closed: Vec<Sse> = clients
        .into_iter()
        .map(|(sse, _)| {
            sse.shutdown_write();
            sse
        })
        .collect();
    let (_sse, hello) = wait_for("a free live-reload slot", || {
        Sse::try_connect(site.addr()).ok()
    });
    assert_eq!(hello.name, "hello");
    drop(half_closed);
}

/// A `method` request for `target` with the header lines `headers` (each ending in CRLF).
fn with_headers(site: &TestSite, method: &str, target: &str, headers: &str) -> support::Resp {
    let host = site.addr();
    let raw =
        format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n");
    send(site.addr(), raw.as_bytes())
}

/// A browser seeking in a PDF or a video asks for a range of the file: one range is
/// answered 206 with its bytes and `Content-Range`, a range past the end 416, several
/// ranges, a malformed one or an `If-Range` get the whole file; HEAD answers as GET. An
/// HTML page carries the live-reload script, which changes its length from build to
/// build: it offers no ranges and is served whole.
#[test]
fn range_requests_get_a_files_part_and_html_pages_whole() {
    let site = TestSite::start_with(
        "/",
        &[
            ("content/index.md", "Hem\n"),
            ("static/filer/rapport.pdf", "0123456789"),
        ],
    );
    let whole = site.get("/filer/rapport.pdf");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("Accept-Ranges"), Some("bytes"));
    assert_eq!(whole.text(), "0123456789");
    for (range, content_range, part) in [
        ("bytes=2-5", "bytes 2-5/10", "2345"),
        ("bytes=7-", "bytes 7-9/10", "789"),
        ("bytes=-3", "bytes 7-9/10", "789"),
        ("bytes=5-99", "bytes 5-9/10", "56789"),
    ] {
        let resp = with_headers(
            &site,
            "GET",
            "/filer/rapport.pdf",
            &format!("Range: {range}\r\n"),
        );
        assert_eq!(resp.status, 206, "{range}");
        assert_eq!(resp.header("Content-Range"), Some(content_range), "{range}");
        assert_eq!(resp.text(), part, "{range}");
        assert_eq!(
            resp.header("Content-Length"),
            Some(part.len().to_string().as_str())
        );
        assert_eq!(resp.header("Content-Type"), Some("application/pdf"));
        assert_eq!(resp.header("Accept-Ranges"), Some("bytes"));
    }
    let head = with_headers(&site, "HEAD", "/filer/rapport.pdf", "Range: bytes=2-5\r\n");
    assert_eq!(head.status, 206);
    assert_eq!(head.header("Content-Range"), Some("bytes 2-5/10"));
    assert_eq!(head.header("Content-Length"), Some("4"));
    assert!(head.body.is_empty(), "HEAD has no body");

    for method in ["GET", "HEAD"] {
        let past = with_headers(&site, method, "/filer/rapport.pdf", "Range: bytes=10-\r\n");
        assert_eq!(past.status, 416, "{method}");
        assert_eq!(past.header("Content-Range"), Some("bytes */10"), "{method}");
    }

    for headers in [
        "Range: bytes=0-1, 4-5\r\n",
        "Range: bytes=0-1\r\nRange: bytes=4-5\r\n",
        "Range: bytes=5-1\r\n",
        "Range: sidor=1-2\r\n",
        "Range: bytes=2-5\r\nIf-Range: \"x\"\r\n",
    ] {
        let resp = with_headers(&site, "GET", "/filer/rapport.pdf", headers);
        assert_eq!(resp.status, 200, "{headers}");
        assert_eq!(resp.text(), "0123456789", "{headers}");
        assert_eq!(resp.header("Content-Range"), None, "{headers}");
    }

    let page = site.get("/");
    assert_eq!(page.header("Accept-Ranges"), None);
    let resp = with_headers(&site, "GET", "/", "Range: bytes=0-3\r\n");
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("Content-Range"), None);
    assert_eq!(resp.body, page.body);
}

#[test]
fn raw_utf8_in_the_request_line_is_a_bad_request() {
    let site = TestSite::start_with("/", &[("content/län/index.md", "Län\n")]);
    assert_eq!(site.get("/l%C3%A4n/").status, 200);
    let host = site.addr();
    for raw in [
        format!("GET /län/ HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes(),
        [
            b"GET /l".as_slice(),
            &[0xE4],
            format!("n/ HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        ]
        .concat(),
    ] {
        let resp = send(site.addr(), &raw);
        assert_eq!(resp.status, 400, "{}", String::from_utf8_lossy(&raw));
        assert!(resp.text().contains("percent-encoded"), "{}", resp.text());
    }
}

#[test]
fn save_to_reload_latency() {
    let site = TestSite::start();
    let (mut sse, _) = Sse::connect(site.addr());
    let mut samples = Vec::new();
    for i in 0..10 {
        let start = Instant::now();
        site.write("content/index.md", &format!("Version {i}\n"));
        sse.expect("reload");
        samples.push(start.elapsed());
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "save-to-reload latency over {} saves: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        samples.len(),
        ms(samples[0]),
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() - 1])
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_leaves_no_files() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().expect("tempdir");
    support::write(
        dir.path(),
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    );
    support::write(
        dir.path(),
        "content/_index.md",
        "---\ntitle: Hej\n---\nHej\n",
    );
    let list = |p: &std::path::Path| {
        let mut names = Vec::new();
        let mut stack = vec![p.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("read_dir") {
                let path = e.expect("entry").path();
                if path.is_dir() {
                    stack.push(path.clone());
                }
                names.push(path);
            }
        }
        names.sort();
        names
    };
    let before = list(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_blomma"))
        .arg("serve")
        .arg("--root")
        .arg(dir.path())
        .args(["--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("server output").expect("line");
        if let Some(rest) = line.split(" at ").nth(1) {
            break rest.to_string();
        }
    };
    let addr: std::net::SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("address in URL");
    assert_eq!(request(addr, "GET", "/").status, 200);
    let (_sse, _) = Sse::connect(addr); // an open live-reload connection must not block exit

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "server did not stop"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(exit.success(), "{exit:?}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l == "Stopped."), "{rest:?}");
    assert_eq!(list(dir.path()), before, "no files left behind");
    assert!(std::net::TcpStream::connect(addr).is_err(), "port released");
}

/// The real blomma builder behind the server: a site made by `blomma init`.
mod real {
    use super::support::{request, wait_for, write};
    use blomma::BuildOptions;
    use blomma::ServeBuilder as Builder;
    use blomma::{ServeOptions, Server};
    use std::path::Path;

    fn init_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_blomma"))
            .arg("init")
            .arg(&root)
            .status()
            .expect("blomma init");
        assert!(status.success());
        dir
    }

    fn start(root: &Path) -> Server {
        let opts = BuildOptions {
            root: root.to_path_buf(),
            output: root.join("public"),
            base_url: Some("http://127.0.0.1:0/".into()),
            drafts: false,
            search_index: true,
        };
        Server::start(
            ServeOptions {
                root: root.to_path_buf(),
                bind: "127.0.0.1".parse().expect("ip"),
                port: 0,
                base_path: "/".into(),
                allowed_hosts: Vec::new(),
            },
            Box::new(Builder::new(opts)),
        )
        .expect("server starts")
    }

    fn get(server: &Server, path: &str) -> (u16, String) {
        let r = request(server.local_addr(), "GET", path);
        (r.status, r.text())
    }

    /// The files a clean build of `root` at `base_url` produces, as the server would serve
    /// them.
    fn clean_build(root: &Path, base_url: &str) -> Vec<(String, Vec<u8>)> {
        let opts = BuildOptions {
            root: root.to_path_buf(),
            output: root.join("public"),
            base_url: Some(base_url.into()),
            drafts: false,
            search_index: true,
        };
        let sink = blomma::MemorySink::default();
        blomma::build(&opts, &sink)
            .map_err(|_| "build failed")
            .expect("clean build");
        sink.into_files()
            .into_iter()
            .map(|f| {
                let bytes = f.read().expect("read");
                (f.path, bytes)
            })
            .collect()
    }

    /// The body of a response, decoding `Transfer-Encoding: chunked`.
    fn dechunk(r: &super::support::Resp) -> String {
        if r.header("Transfer-Encoding") != Some("chunked") {
            return String::from_utf8_lossy(&r.body).into_owned();
        }
        let mut out = Vec::new();
        let mut rest: &[u8] = &r.body;
        while let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = std::str::from_utf8(&rest[..i]).expect("chunk size");
            let n = usize::from_str_radix(size.trim(), 16).expect("chunk size");
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[i + 2..i + 2 + n]);
            rest = rest.get(i + 2 + n + 2..).unwrap_or(&[]);
        }
        String::from_utf8(out).expect("UTF-8 page")
    }

    #[test]
    fn edit_error_recover_rename_and_equal_to_a_clean_build() {
        let dir = init_site();
        let root = dir.path().join("site");
        let server = start(&root);
        let (status, home) = get(&server, "/");
        assert_eq!(status, 200);
        assert!(home.contains("Folkhälsoarbetet i länet"), "{home}");

        // An edit shows up.
        write(
            &root,
            "content/om.md",
            "---\ntitle: Om oss\n---\n\nNy text om webbplatsen.\n",
        );
        wait_for("edited page", || {
            get(&server, "/om/")
                .1
                .contains("Ny text om webbplatsen")
                .then_some(())
        });

        // A content error is listed with file and line; the last good page stays served.
        write(
            &root,
            "content/om.md",
            "---\ntitle: Om oss\nsumary: fel\n---\n\nText.\n",
        );
        let errors = wait_for("errors", || {
            let (_, body) = get(&server, "/__blomma/errors.json");
            body.contains("content/om.md").then_some(body)
        });
        assert!(errors.contains("\"line\":3"), "{errors}");
        assert!(
            errors.contains("summary"),
            "the hint names the field: {errors}"
        );
        assert!(get(&server, "/om/").1.contains("Ny text om webbplatsen"));

        // Fixing it clears the errors.
        write(
            &root,
            "content/om.md",
            "---\ntitle: Om oss\n---\n\nRättad text.\n",
        );
        wait_for("recovered", || {
            let (_, body) = get(&server, "/__blomma/errors.json");
            (body == "{\"errors\":[]}" && get(&server, "/om/").1.contains("Rättad text"))
                .then_some(())
        });

        // Rename: the old URL disappears, the new one appears.
        std::fs::rename(root.join("content/om.md"), root.join("content/om-oss.md"))
            .expect("rename");
        wait_for("renamed", || {
            (get(&server, "/om-oss/").0 == 200 && get(&server, "/om/").0 == 404).then_some(())
        });

        // What the server serves equals a clean build of the same files, once the search
        // index (rebuilt after the pages) has caught up.
        // The server's pages name the address it really listens on.
        let clean = clean_build(&root, &format!("http://{}/", server.local_addr()));
        let meta = clean
            .iter()
            .find(|(p, _)| p == "sok/index/meta.json")
            .map(|(_, b)| b.clone())
            .expect("the clean build has a search index");
        wait_for("search index", || {
            (request(server.local_addr(), "GET", "/sok/index/meta.json").body == meta).then_some(())
        });
        for (path, bytes) in clean {
            let served = request(server.local_addr(), "GET", &format!("/{path}"));
            assert_eq!(served.status, 200, "{path}");
            if path.ends_with(".html") {
                let text = dechunk(&served);
                let without_script =
                    text.replace("<script src=\"/__blomma/live.js\"></script>", "");
                assert_eq!(without_script, String::from_utf8_lossy(&bytes), "{path}");
            } else {
                assert_eq!(served.body, bytes, "{path}");
            }
        }
    }

    /// `blomma serve` on a taken port moves to the next one, prints the address it really
    /// uses, and the site's absolute URLs (canonical, sitemap, Atom) name that address. Like
    /// `build`, it prints to standard error only.
    #[cfg(unix)]
    #[test]
    fn serve_on_a_taken_port_prints_and_links_the_address_it_really_uses() {
        use std::io::{BufRead, BufReader, Read};
        use std::process::{Child, Command, Stdio};

        struct KillOnDrop(Child);
        impl Drop for KillOnDrop {
            fn drop(&mut self) {
                let _ = self.0.kill();
                let _ = self.0.wait();
            }
        }
        let dir = init_site();
        let root = dir.path().join("site");
        let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = taken.local_addr().expect("addr").port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_blomma"))
            .arg("serve")
            .arg("--root")
            .arg(&root)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stderr = child.stderr.take().expect("stderr");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut child = KillOnDrop(child);
        let mut printed = Vec::new();
        for line in BufReader::new(stderr).lines() {
            let line = line.expect("line");
            let done = line == "Press Ctrl-C to stop.";
            printed.push(line);
            if done {
                break;
            }
        }
        let url = printed
            .iter()
            .find_map(|l| l.split(" at ").nth(1))
            .unwrap_or_else(|| panic!("no URL printed: {printed:?}"))
            .to_string();
        let addr: std::net::SocketAddr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("address in URL");
        assert_ne!(addr.port(), port, "{printed:?}");
        let moved = format!("using port {} instead", addr.port());
        assert!(printed.iter().any(|l| l.contains(&moved)), "{printed:?}");

        let base = format!("http://{addr}/");
        let wrong = format!("127.0.0.1:{port}/");
        let home = dechunk(&request(addr, "GET", "/"));
        assert!(
            home.contains(&format!("<link rel=\"canonical\" href=\"{base}\">")),
            "{home}"
        );
        for path in ["/", "/sitemap.xml", "/atom.xml"] {
            let text = dechunk(&request(addr, "GET", path));
            assert!(text.contains(&base), "{path} does not name {base}:\n{text}");
            assert!(!text.contains(&wrong), "{path} names {wrong}:\n{text}");
        }

        // Nothing went to standard output.
        let _ = child.0.kill();
        let _ = child.0.wait();
        let mut out = String::new();
        stdout.read_to_string(&mut out).expect("read stdout");
        assert_eq!(out, "", "serve printed to standard output");
        let build = Command::new(env!("CARGO_BIN_EXE_blomma"))
            .arg("build")
            .arg("--root")
            .arg(&root)
            .output()
            .expect("build");
        assert!(build.status.success());
        assert!(build.stdout.is_empty(), "build printed to standard output");
        assert!(String::from_utf8_lossy(&build.stderr).contains("built "));
        drop(taken);
    }
}

/// The dev server shows the warnings of its build in the terminal, as `build` does.
#[cfg(unix)]
#[test]
fn serve_prints_warnings_in_the_terminal() {
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};

    struct KillOnDrop(Child);
    impl Drop for KillOnDrop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    support::write(
        root,
        "site.toml",
        "title = \"Varningar\"\nbase_url = \"https://example.org/\"\n",
    );
    support::write(
        root,
        "content/_index.md",
        "---\ntitle: Start\n---\n\nHej.\n",
    );
    support::write(
        root,
        "content/ensam.md",
        "---\ntitle: Ensam\n---\n\n![](/bilder/saknas.png)\n",
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_blomma"))
        .args([
            "serve",
            "--color",
            "never",
            "--port",
            &port.to_string(),
            "--root",
        ])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let _child = KillOnDrop(child);
    let mut printed = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("line");
        let done = line == "Press Ctrl-C to stop.";
        printed.push(line);
        if done {
            break;
        }
    }
    let text = printed.join("\n");
    assert!(
        text.contains("content/ensam.md:2:1: warning: no other page links to this page"),
        "{text}"
    );
    assert!(
        text.contains("content/ensam.md:5:5: warning: image `/bilder/saknas.png` has no alt text"),
        "{text}"
    );
}

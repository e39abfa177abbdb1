//! `blomma check --external` against an HTTP server the test starts on 127.0.0.1: every
//! kind of answer, located messages, the exit status, the cache, the skip list, drafts and
//! the "no network" status.

use crate::support::{assert_contains, assert_lacks, Run, TestSite, BIN};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The requests the server saw: (method, path).
type Log = Arc<Mutex<Vec<(String, String)>>>;

/// A tiny HTTP server: `/ok` 200, `/flyttad` 301 → `/ok`, `/tillfallig` 302 → `ok`,
/// `/vanta` 429 with `Retry-After: 1` the first time and 200 after, `/borta` 410,
/// `/serverfel` 500,
/// `/langsam` never answers, `/bara-get` 405 to HEAD and 200 to GET, anything else 404.
fn start_server() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a test port");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    let log: Log = Arc::default();
    let seen = Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || answer(stream, &seen));
        }
    });
    (base, log)
}

fn answer(mut stream: TcpStream, log: &Log) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let path = words.next().unwrap_or("").to_string();
    let asked_before = {
        let mut log = log.lock().expect("the log");
        let before = log.iter().any(|(_, p)| *p == path);
        log.push((method.clone(), path.clone()));
        before
    };
    let (status, extra) = match (method.as_str(), path.as_str()) {
        (_, "/ok") => ("200 OK", ""),
        (_, "/vanta") if !asked_before => ("429 Too Many Requests", "Retry-After: 1\r\n"),
        (_, "/vanta") => ("200 OK", ""),
        (_, "/flyttad") => ("301 Moved Permanently", "Location: /ok\r\n"),
        (_, "/tillfallig") => ("302 Found", "Location: ok\r\n"),
        (_, "/borta") => ("410 Gone", ""),
        (_, "/serverfel") => ("500 Internal Server Error", ""),
        (_, "/langsam") => {
            std::thread::sleep(Duration::from_secs(4));
            return;
        }
        ("HEAD", "/bara-get") => ("405 Method Not Allowed", "Allow: GET\r\n"),
        (_, "/bara-get") => ("200 OK", ""),
        _ => ("404 Not Found", ""),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

/// The address of a port on 127.0.0.1 where nothing listens (bound, then closed).
fn closed_port() -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a test port");
    let addr = l.local_addr().expect("its address");
    drop(l);
    format!("http://{addr}")
}

/// A copy of a fixture with `{{BASE}}` and `{{CLOSED}}` replaced in every file.
fn site(fixture: &str, base: &str, closed: &str) -> TestSite {
    let site = TestSite::fixture(fixture);
    for (rel, bytes) in site.root_files() {
        let text = String::from_utf8_lossy(&bytes);
        if text.contains("{{") {
            let text = text.replace("{{BASE}}", base).replace("{{CLOSED}}", closed);
            site.write(&rel, &text);
        }
    }
    // A template fixture has `site.toml.in` (so that no other test builds it unfilled).
    let template = site.root().join("site.toml.in");
    std::fs::rename(&template, site.root().join("site.toml")).expect("a site.toml.in");
    site
}

/// `blomma check --external` in the site root, without the proxy settings of the
/// environment (a proxy would not reach the test's server on 127.0.0.1).
fn check_external(site: &TestSite) -> Run {
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(["check", "--external"]).current_dir(site.root());
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().expect("run the blomma binary");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn requests(log: &Log, path: &str) -> Vec<String> {
    let log = log.lock().expect("the log");
    log.iter()
        .filter(|(_, p)| p == path)
        .map(|(m, _)| m.clone())
        .collect()
}

#[test]
fn external_links_are_requested_and_each_failure_is_located_where_it_is_written() {
    let (base, log) = start_server();
    let closed = closed_port();
    let site = site("external-links", &base, &closed);
    let run = check_external(&site);
    run.assert_code(1);
    let err = &run.stderr;
    assert_contains(
        err,
        &format!("content/_index.md:6:11: warning: `{base}/flyttad` has moved permanently to `{base}/ok`"),
    );
    assert_contains(
        err,
        &format!("content/_index.md:8:9: broken link: `{base}/borta` answers 410 Gone\n"),
    );
    assert_contains(err, "also written at content/om.md:18:10");
    assert_contains(
        err,
        &format!(
            "content/_index.md:10:9: broken link: `{base}/saknas.png` answers 404 Not Found\n"
        ),
    );
    assert_contains(err, "also written at content/om.md:4:21");
    assert_contains(
        err,
        &format!("content/lan/dalarna/_index.md:3:21: `{base}/serverfel` answers 500 Internal Server Error, a server error (may be temporary)\n"),
    );
    assert_contains(err, "also written at content/om.md:6:13");
    assert_contains(
        err,
        &format!(
            "content/om.md:8:11: `{base}/langsam` did not answer within 1 s (may be temporary)\n"
        ),
    );
    assert_contains(
        err,
        &format!(
            "content/om.md:10:10: `{closed}/x` cannot be reached: the connection was refused\n"
        ),
    );
    assert_contains(
        err,
        "error: 5 external links failed (11 external addresses: 10 checked, 0 from the last 24 hours, 1 skipped)",
    );
    // Each failing address is reported once, however often it is written.
    assert_eq!(err.matches(&format!("`{base}/borta`")).count(), 1, "{err}");
    // HEAD, then GET where HEAD is not allowed; working links say nothing.
    assert_eq!(requests(&log, "/bara-get"), ["HEAD", "GET"]);
    assert_lacks(err, "/bara-get");
    assert_lacks(err, "content/_index.md:4:");
    // A temporary redirect is fine.
    assert_eq!(requests(&log, "/tillfallig"), ["HEAD"]);
    assert_lacks(err, "/tillfallig");
    // A 429 is asked again once after its Retry-After.
    assert_eq!(requests(&log, "/vanta"), ["HEAD", "GET"]);
    assert_lacks(err, "/vanta");
    // The skip list, drafts and code are not requested.
    assert!(requests(&log, "/hoppa-over/a").is_empty());
    assert!(requests(&log, "/utkast").is_empty());
    assert!(requests(&log, "/kod").is_empty());
}

#[test]
fn good_answers_are_cached_for_a_day_and_failures_are_asked_again() {
    let (base, log) = start_server();
    let site = site("external-links", &base, &closed_port());
    check_external(&site).assert_code(1);
    assert_eq!(
        requests(&log, "/ok").len(),
        3,
        "HEAD /ok, and again after /flyttad and /tillfallig"
    );
    let read = |rel: &str| std::fs::read_to_string(site.root().join(rel)).unwrap_or_default();
    let cache = read(".blomma-cache/links.json");
    assert_contains(&cache, &format!("\"{base}/ok\""));
    assert_lacks(&cache, "/borta");
    let ignore = read(".blomma-cache/.gitignore");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");

    log.lock().expect("the log").clear();
    let run = check_external(&site);
    run.assert_code(1);
    for good in ["/ok", "/flyttad", "/tillfallig", "/bara-get", "/vanta"] {
        assert!(requests(&log, good).is_empty(), "{good} was asked again");
    }
    assert_eq!(requests(&log, "/borta"), ["HEAD"]);
    assert_eq!(requests(&log, "/serverfel"), ["HEAD"]);
    // The warning of a moved address comes back from the cache.
    run.assert_stderr_contains(&format!(
        "content/_index.md:6:11: warning: `{base}/flyttad` has moved permanently to `{base}/ok`"
    ));
    run.assert_stderr_contains(
        "(11 external addresses: 5 checked, 5 from the last 24 hours, 1 skipped)",
    );
}

#[test]
fn with_no_host_reachable_check_says_no_network_once_and_exits_3() {
    let site = site("external-links-offline", "", &closed_port());
    let run = check_external(&site);
    run.assert_code(3);
    assert_eq!(
        run.stderr
            .matches("no network: external links were not checked")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert_lacks(&run.stderr, "cannot be reached");
}

#[test]
fn a_site_whose_links_work_passes_and_check_without_external_requests_nothing() {
    let (base, log) = start_server();
    let site = TestSite::fixture("minimal");
    site.write(
        "content/om.md",
        &format!("---\ntitle: Om\n---\n[Fungerar]({base}/ok)\n"),
    );
    site.check().assert_ok();
    assert!(log.lock().expect("the log").is_empty());
    check_external(&site)
        .assert_ok()
        .assert_stderr_contains("ok: 1 external address: 1 checked");
}

#[test]
fn check_settings_in_site_toml_are_checked_with_a_suggestion() {
    let site = TestSite::fixture("minimal");
    site.write(
        "site.toml",
        "title = \"x\"\nbase_url = \"https://example.org/\"\n\n[check]\nexternal_timout = 5\n",
    );
    site.check()
        .assert_code(2)
        .assert_stderr_contains("site.toml:5:1: unknown key `external_timout` in site.toml")
        .assert_stderr_contains("did you mean `external_timeout`?");
    site.write(
        "site.toml",
        "title = \"x\"\nbase_url = \"https://example.org/\"\n\n[check]\nexternal_timeout = 0\nskip = [\"example.org/*\"]\n",
    );
    site.check()
        .assert_code(2)
        .assert_stderr_contains(
            "site.toml:5:1: external_timeout `0` must be a whole number of seconds, 1 or more",
        )
        .assert_stderr_contains(
            "site.toml:6:1: skip pattern `example.org/*` must start with https://, http:// or *",
        );
}

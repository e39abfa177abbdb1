//! One external address checked over HTTP (ureq, synchronous, rustls): HEAD first, GET
//! when the server does not answer HEAD properly, redirects followed here one hop at a
//! time so that a permanent move (301, 308) can be told from a temporary one, and a
//! `429 Too Many Requests` retried once after its `Retry-After`.

use std::time::Duration;

/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 10;

/// The longest `Retry-After` (seconds) a check waits for before asking once more.
const MAX_RETRY_AFTER: u64 = 30;

/// What the final address answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// A success (2xx), perhaps after redirects.
    Ok,
    /// A client error such as 404 or 410: the link is broken.
    Broken(u16),
    /// A server error (5xx): broken now, perhaps only for a while.
    ServerError(u16),
    /// 401 or 403 to both HEAD and GET: the server does not let a link checker see it.
    Refused(u16),
    /// 429 twice, or a `Retry-After` too long to wait for.
    TooManyRequests,
    /// No answer in time. `connecting` when the connection itself was not made.
    TimedOut {
        /// The timeout struck while resolving the name or connecting.
        connecting: bool,
    },
    /// The host name was not found or the connection was refused or unroutable.
    Unreachable(String),
    /// Anything else: a TLS failure, a protocol error, a bad address, a redirect loop.
    Failed(String),
    /// Not requested: the client cannot check such an address (the reason says why).
    Unsupported(String),
}

/// The result of checking one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked {
    /// What the address (after its redirects) answered.
    pub verdict: Verdict,
    /// Where the address has moved for good: the target of the permanent redirects
    /// (301, 308) it starts with, if any.
    pub moved_to: Option<String>,
}

impl Checked {
    fn new(verdict: Verdict, moved_to: Option<String>) -> Self {
        Self { verdict, moved_to }
    }
}

/// A status line and the headers a check needs.
#[derive(Debug)]
struct Reply {
    status: u16,
    location: Option<String>,
    retry_after: Option<u64>,
}

/// The HTTP client of a link check; shared by all worker threads.
#[derive(Debug)]
pub(crate) struct Client {
    agent: ureq::Agent,
}

impl Client {
    /// A client whose every step (name lookup, connecting, sending, waiting for the
    /// answer) may take at most `timeout`.
    pub(crate) fn new(timeout: Duration) -> Self {
        let t = Some(timeout);
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_resolve(t)
            .timeout_connect(t)
            .timeout_send_request(t)
            .timeout_recv_response(t)
            .user_agent(format!("blomma/{} (link check)", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: config.into(),
        }
    }

    /// Checks one address: follows its redirects and says what the last one answered.
    pub(crate) fn check(&self, url: &str) -> Checked {
        if let Some(host) = non_ascii_host(url) {
            return Checked::new(
                Verdict::Unsupported(format!(
                    "its host name `{host}` is not ASCII, which blomma cannot look up"
                )),
                None,
            );
        }
        let mut current = encode(url);
        let mut moved_to = None;
        let mut only_permanent = true;
        for _ in 0..=MAX_REDIRECTS {
            let reply = match self.fetch(&current) {
                Ok(r) => r,
                Err(v) => return Checked::new(v, moved_to),
            };
            if !(300..400).contains(&reply.status) || reply.status == 304 {
                return Checked::new(verdict_of(reply.status), moved_to);
            }
            let Some(location) = reply.location else {
                let msg = format!("redirect ({}) without a Location header", reply.status);
                return Checked::new(Verdict::Failed(msg), moved_to);
            };
            let next = encode(&join(&current, &location));
            only_permanent &= matches!(reply.status, 301 | 308);
            if only_permanent {
                moved_to = Some(next.clone());
            }
            current = next;
        }
        let msg = format!("more than {MAX_REDIRECTS} redirects");
        Checked::new(Verdict::Failed(msg), moved_to)
    }

    /// HEAD, then GET when HEAD is refused, not allowed or fails; a 429 is asked again
    /// once after its `Retry-After`.
    fn fetch(&self, url: &str) -> Result<Reply, Verdict> {
        let reply = match self.request(true, url) {
            Ok(r) if matches!(r.status, 400 | 401 | 403 | 405 | 501) => self.request(false, url),
            Err(Verdict::Failed(_)) => self.request(false, url),
            other => other,
        }?;
        if reply.status != 429 {
            return Ok(reply);
        }
        match reply.retry_after {
            Some(secs) if secs <= MAX_RETRY_AFTER => {
                std::thread::sleep(Duration::from_secs(secs));
                match self.request(false, url)? {
                    r if r.status == 429 => Err(Verdict::TooManyRequests),
                    r => Ok(r),
                }
            }
            _ => Err(Verdict::TooManyRequests),
        }
    }

    /// One request; the body of a GET is never read.
    fn request(&self, head: bool, url: &str) -> Result<Reply, Verdict> {
        let req = if head {
            self.agent.head(url)
        } else {
            self.agent.get(url)
        };
        let resp = req
            .header("Accept", "*/*")
            .call()
            .map_err(verdict_of_error)?;
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        Ok(Reply {
            status: resp.status().as_u16(),
            location: header("location"),
            retry_after: header("retry-after").and_then(|v| v.trim().parse().ok()),
        })
    }
}

/// What a final status means for the link.
fn verdict_of(status: u16) -> Verdict {
    match status {
        200..=299 | 304 => Verdict::Ok,
        401 | 403 => Verdict::Refused(status),
        429 => Verdict::TooManyRequests,
        500..=599 => Verdict::ServerError(status),
        _ => Verdict::Broken(status),
    }
}

/// What a failed request means for the link.
fn verdict_of_error(e: ureq::Error) -> Verdict {
    use std::io::ErrorKind as K;
    use ureq::Timeout as T;
    match e {
        ureq::Error::HostNotFound => Verdict::Unreachable("the host name was not found".into()),
        ureq::Error::ConnectionFailed => Verdict::Unreachable("no connection could be made".into()),
        ureq::Error::Timeout(t) => Verdict::TimedOut {
            connecting: matches!(t, T::Resolve | T::Connect),
        },
        ureq::Error::Io(io) => match io.kind() {
            K::ConnectionRefused => Verdict::Unreachable("the connection was refused".into()),
            K::NetworkUnreachable | K::HostUnreachable | K::AddrNotAvailable | K::NotFound => {
                Verdict::Unreachable(format!("the host cannot be reached ({io})"))
            }
            K::TimedOut | K::WouldBlock => Verdict::TimedOut { connecting: false },
            // The standard library's name lookup fails with an uncategorised error that
            // only its text tells apart ("failed to lookup address information: …").
            _ if io.to_string().contains("lookup address") => {
                Verdict::Unreachable("the host name was not found".into())
            }
            _ => Verdict::Failed(format!("the connection failed: {io}")),
        },
        ureq::Error::Http(_) | ureq::Error::BadUri(_) => {
            Verdict::Failed("it is not a valid address".into())
        }
        ureq::Error::Tls(m) => Verdict::Failed(format!("the secure connection failed: {m}")),
        ureq::Error::Rustls(e) => Verdict::Failed(format!("the secure connection failed: {e}")),
        other => Verdict::Failed(other.to_string()),
    }
}

/// The host of an absolute address, lower-cased (`example.org:8080`).
pub(crate) fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.to_ascii_lowercase()
}

/// The host when it has characters outside ASCII (an internationalised domain name,
/// which the HTTP client cannot look up without its `xn--` form).
fn non_ascii_host(url: &str) -> Option<String> {
    let host = host_of(url);
    (!host.is_ascii()).then_some(host)
}

/// Characters percent-encoded before a request: controls, space and the characters an
/// address may not hold as they are; `%` stays, so an encoded address is not encoded twice.
const ENCODE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// The address as sent: `å` and other non-ASCII characters of the path and query are
/// percent-encoded (UTF-8), as a browser does.
fn encode(url: &str) -> String {
    percent_encoding::utf8_percent_encode(url, ENCODE).to_string()
}

/// A `Location` resolved against the address that sent it: absolute, scheme-relative
/// (`//host/p`), absolute-path (`/p`) or relative (`p`, `?q`).
fn join(base: &str, location: &str) -> String {
    let location = location.trim();
    if crate::linkcheck::collect::is_external(location) {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(r) = location.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    let path = &rest[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    if location.starts_with('/') {
        format!("{origin}{location}")
    } else if location.starts_with('?') {
        format!("{origin}{path}{location}")
    } else {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{origin}{dir}/{location}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_address_that_sent_them() {
        let base = "https://a.example/x/y?q=1";
        assert_eq!(join(base, "https://b.example/"), "https://b.example/");
        assert_eq!(join(base, "//c.example/z"), "https://c.example/z");
        assert_eq!(join(base, "/z"), "https://a.example/z");
        assert_eq!(join(base, "z"), "https://a.example/x/z");
        assert_eq!(join(base, "?r=2"), "https://a.example/x/y?r=2");
        assert_eq!(join("http://a.example", "z"), "http://a.example/z");
    }

    #[test]
    fn swedish_letters_are_encoded_once() {
        assert_eq!(
            encode("https://a.example/län/sök?q=å%20ä"),
            "https://a.example/l%C3%A4n/s%C3%B6k?q=%C3%A5%20%C3%A4"
        );
    }

    #[test]
    fn hosts_are_compared_without_case_user_or_path() {
        assert_eq!(host_of("https://u@Ex.ORG:8080/a?b"), "ex.org:8080");
        assert_eq!(host_of("http://ex.org"), "ex.org");
    }
}

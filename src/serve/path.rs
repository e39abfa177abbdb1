//! Request-target parsing: percent-decoding exactly once, rejecting anything that could step
//! outside the site (`..`, backslashes, NUL, encoded separators, double encoding) and
//! normalising what is left into path segments. Pure functions, unit-tested here.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// A request target that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestPath {
    /// Decoded, normalised segments (no empty, `.` or `..` segments).
    pub(crate) segments: Vec<String>,
    /// Whether the decoded path ended with '/' (or was just "/").
    pub(crate) trailing_slash: bool,
    /// The raw query string, without '?', if any.
    pub(crate) query: Option<String>,
}

impl RequestPath {
    /// The normalised path re-encoded for a `Location` header: starts with exactly one '/',
    /// so it can never become a protocol-relative URL.
    pub(crate) fn encoded(&self, trailing_slash: bool) -> String {
        encode_segments(&self.segments, trailing_slash)
    }
}

/// Characters percent-encoded in a path segment of a `Location` header.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Joins segments into an absolute, percent-encoded URL path.
pub(crate) fn encode_segments(segments: &[String], trailing_slash: bool) -> String {
    let mut out = String::from("/");
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(seg, SEGMENT));
    }
    if trailing_slash && !segments.is_empty() {
        out.push('/');
    }
    out
}

/// Parses a raw HTTP request target. `Err` carries a short reason for a 400 response.
pub(crate) fn parse_request_target(raw: &str) -> Result<RequestPath, &'static str> {
    // Absolute-form ("http://host/path") is allowed by HTTP/1.1; keep only its path.
    let raw = strip_absolute_form(raw)?;
    if !raw.starts_with('/') {
        return Err("the request target must start with '/'");
    }
    let raw = raw.split('#').next().unwrap_or_default();
    let (raw_path, query) = match raw.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (raw, None),
    };
    if raw_path.contains('\\') || raw_path.chars().any(char::is_control) {
        return Err("backslashes and control characters are not allowed in paths");
    }
    let lower = raw_path.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|enc| lower.contains(enc)) {
        return Err("encoded '/', '\\' or NUL are not allowed in paths");
    }
    let decoded = percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| "the path is not valid UTF-8 once decoded")?;
    if decoded.contains('\\') || decoded.chars().any(char::is_control) {
        return Err("backslashes and control characters are not allowed in paths");
    }
    if has_percent_escape(&decoded) {
        return Err("double-encoded paths are not allowed");
    }
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err("'..' is not allowed in paths"),
            _ => segments.push(seg.to_string()),
        }
    }
    let trailing_slash = decoded.ends_with('/');
    Ok(RequestPath {
        segments,
        trailing_slash,
        query,
    })
}

/// The authority (`host[:port]`) of an absolute-form target (`http://host/path`), which
/// names the host instead of the `Host` header; `None` for the usual `/path` form.
pub(crate) fn authority(raw: &str) -> Option<&str> {
    let scheme_len = ["http://", "https://"].iter().find_map(|scheme| {
        raw.get(..scheme.len())
            .filter(|p| p.eq_ignore_ascii_case(scheme))
            .map(|_| scheme.len())
    })?;
    raw[scheme_len..].split(['/', '?', '#']).next()
}

/// Removes `scheme://authority` from an absolute-form target.
fn strip_absolute_form(raw: &str) -> Result<&str, &'static str> {
    let lower_prefix: String = raw.chars().take(8).collect::<String>().to_ascii_lowercase();
    let rest = if lower_prefix.starts_with("http://") {
        &raw[7..]
    } else if lower_prefix.starts_with("https://") {
        &raw[8..]
    } else {
        return Ok(raw);
    };
    match rest.find('/') {
        Some(i) => Ok(&rest[i..]),
        None if !rest.is_empty() => Ok("/"),
        None => Err("the request target has no host"),
    }
}

/// Whether `s` still contains a `%XX` escape (i.e. it was encoded twice).
fn has_percent_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
}

/// Normalises the configured base path to "/" or "/a/b/" and checks it.
pub(crate) fn normalize_base_path(base: &str) -> anyhow::Result<String> {
    let trimmed = base.trim();
    if trimmed.contains('\\') || trimmed.chars().any(char::is_control) {
        anyhow::bail!("base path {base:?} may not contain backslashes or control characters");
    }
    let mut segments = Vec::new();
    for seg in trimmed.split('/') {
        match seg {
            "" | "." => {}
            ".." => anyhow::bail!("base path {base:?} may not contain '..'"),
            s if s.contains(['?', '#']) => {
                anyhow::bail!("base path {base:?} may not contain '?' or '#'")
            }
            s => segments.push(s.to_string()),
        }
    }
    if segments.is_empty() {
        return Ok("/".to_string());
    }
    // Accept a base path given percent-encoded as well as plain.
    let decoded: Vec<String> = segments
        .iter()
        .map(|s| {
            percent_decode_str(s)
                .decode_utf8()
                .map(|d| d.into_owned())
                .map_err(|_| anyhow::anyhow!("base path {base:?} is not valid UTF-8"))
        })
        .collect::<anyhow::Result<_>>()?;
    if decoded.iter().any(|s| s == ".." || s.contains(['/', '\\'])) {
        anyhow::bail!("base path {base:?} may not contain encoded '/', '\\' or '..'");
    }
    Ok(format!("/{}/", decoded.join("/")))
}

/// The base path's segments ("/a/b/" → ["a", "b"]).
pub(crate) fn base_segments(base: &str) -> Vec<String> {
    base.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_of_absolute_form_targets() {
        assert_eq!(authority("http://evil.example/x"), Some("evil.example"));
        assert_eq!(authority("HTTPS://[::1]:80?q"), Some("[::1]:80"));
        assert_eq!(authority("http://"), Some(""));
        assert_eq!(authority("/http://evil.example/"), None);
        assert_eq!(authority("/"), None);
    }

    fn ok(raw: &str) -> RequestPath {
        match parse_request_target(raw) {
            Ok(p) => p,
            Err(e) => panic!("{raw:?} rejected: {e}"),
        }
    }

    #[test]
    fn plain_paths() {
        let p = ok("/lan/vasterbotten/");
        assert_eq!(p.segments, ["lan", "vasterbotten"]);
        assert!(p.trailing_slash);
        assert_eq!(p.query, None);
        let p = ok("/");
        assert!(p.segments.is_empty());
        assert!(p.trailing_slash);
        let p = ok("/a.css?v=3");
        assert_eq!(p.segments, ["a.css"]);
        assert!(!p.trailing_slash);
        assert_eq!(p.query.as_deref(), Some("v=3"));
    }

    #[test]
    fn decodes_once_and_normalises() {
        let p = ok("/l%C3%A4n//./v%C3%A4sterbotten/");
        assert_eq!(p.segments, ["län", "västerbotten"]);
        assert_eq!(p.encoded(true), "/l%C3%A4n/v%C3%A4sterbotten/");
        assert_eq!(ok("/100%25-sure").segments, ["100%-sure"]);
        assert_eq!(ok("/a%20b").segments, ["a b"]);
    }

    #[test]
    fn rejects_traversal_and_encodings() {
        for raw in [
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/",
            "/%2E%2E/Cargo.toml",
            "/..%2f",
            "/..%2F..%2Fetc",
            "/%252e%252e/",
            "/%25%32%65%25%32%65/",
            "/a%5c..%5cb",
            "/a\\..\\b",
            "/a%00.html",
            "/.%2e/x",
            "/%c0%ae%c0%ae/",
            "relative",
            "*",
        ] {
            assert!(parse_request_target(raw).is_err(), "{raw:?} accepted");
        }
    }

    #[test]
    fn absolute_form_keeps_only_the_path() {
        assert_eq!(ok("http://localhost:1111/a/b").segments, ["a", "b"]);
        assert!(ok("http://localhost:1111").segments.is_empty());
        assert!(parse_request_target("http://x/../y").is_err());
    }

    #[test]
    fn redirect_targets_cannot_escape_the_host() {
        // "//evil.example/" must not become a protocol-relative Location.
        let p = ok("//evil.example/x");
        assert_eq!(p.encoded(true), "/evil.example/x/");
        let p = ok("/a%3Fb");
        assert_eq!(p.encoded(false), "/a%3Fb");
    }

    #[test]
    fn base_paths() -> anyhow::Result<()> {
        assert_eq!(normalize_base_path("/")?, "/");
        assert_eq!(normalize_base_path("")?, "/");
        assert_eq!(normalize_base_path("/some/path")?, "/some/path/");
        assert_eq!(normalize_base_path("some/path/")?, "/some/path/");
        assert_eq!(normalize_base_path("/h%C3%A4lsa/")?, "/hälsa/");
        assert!(normalize_base_path("/a/../b").is_err());
        assert!(normalize_base_path("/a%2fb").is_err());
        assert_eq!(base_segments("/some/path/"), ["some", "path"]);
        assert!(base_segments("/").is_empty());
        Ok(())
    }
}

//! `blomma check --external`: every external address of the site requested over HTTP,
//! each problem reported at the file, line and column where the address is written.
//!
//! The steps: [`collect`] finds the addresses and where they are written (one entry per
//! address, with every place that uses it); addresses matching a `[check] skip` pattern
//! ([`skip_matches`]) and those the [`cache`] saw answer well in the last 24 hours are left
//! out; the rest go through a bounded [`pool`] of threads (8 requests at a time, at most 2
//! per host) to the [`client`]. A broken link (404, 410, any other 4xx but 401, 403 and
//! 429), a server error (5xx), a timeout and a host that cannot be reached are errors; a
//! permanent redirect (301, 308), a server that refuses link checkers (401, 403), one
//! that asks to slow down (429) and a host name that is not ASCII are warnings.
//!
//! No network: when every address that was requested failed before any server answered
//! (the name was not found, the connection was refused or unroutable, or connecting timed
//! out), the check says so once and reports nothing else ([`Report::no_network`]).

pub(crate) mod cache;
pub(crate) mod client;
pub(crate) mod collect;
pub(crate) mod pool;

use crate::config::Check;
use crate::diagnostics::{Diagnostic, Diagnostics};
use client::{Checked, Verdict};
use collect::LinkUse;
use std::path::Path;
use std::time::Duration;

/// Requests running at a time.
pub(crate) const THREADS: usize = 8;

/// Requests running at a time to one host.
pub(crate) const PER_HOST: usize = 2;

/// What a check of the external links found.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Broken links and links that could not be checked, located where they are written.
    pub errors: Vec<Diagnostic>,
    /// Moved and unverifiable links; their messages start with `warning: `.
    pub warnings: Vec<Diagnostic>,
    /// No server answered any request: nothing was really checked.
    pub no_network: bool,
    /// Distinct addresses found.
    pub addresses: usize,
    /// Addresses requested now.
    pub requested: usize,
    /// Addresses that answered well in the last 24 hours, not requested again.
    pub from_cache: usize,
    /// Addresses matching a `[check] skip` pattern.
    pub skipped: usize,
    /// Why the cache could not be written, if it could not.
    pub cache_error: Option<String>,
}

impl Report {
    /// What standard error shows: the located warnings and errors, then one line of
    /// counts; or the single "no network" line.
    pub(crate) fn render(&self) -> String {
        if self.no_network {
            return format!(
                "no network: external links were not checked (none of the {} addresses could be reached)\n",
                self.requested
            );
        }
        let mut all = Diagnostics::new();
        all.extend(self.warnings.iter().cloned());
        all.extend(self.errors.iter().cloned());
        let mut out = String::new();
        for d in all.into_sorted() {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        if let Some(e) = &self.cache_error {
            out.push_str(&format!(
                "warning: the link cache was not saved: {}\n",
                crate::diagnostics::escape_controls(e)
            ));
        }
        let n = self.errors.len();
        let counts = format!(
            "{} external address{}: {} checked, {} from the last 24 hours, {} skipped",
            self.addresses,
            if self.addresses == 1 { "" } else { "es" },
            self.requested,
            self.from_cache,
            self.skipped
        );
        if n > 0 {
            out.push_str(&format!(
                "error: {n} external link{} failed ({counts})\n",
                if n == 1 { "" } else { "s" }
            ));
        } else {
            out.push_str(&format!("ok: {counts}\n"));
        }
        out
    }
}

/// Checks the external links of the site at `root` with the settings of `[check]`;
/// drafts count only when `drafts` is set. Prints one line before the requests start.
pub(crate) fn check_external(
    root: &Path,
    settings: &Check,
    drafts: bool,
) -> anyhow::Result<Report> {
    let links = collect::collect(root, drafts)?;
    let now = cache::now();
    let mut cache = cache::Cache::load(root, now);
    let mut report = Report {
        addresses: links.len(),
        ..Report::default()
    };
    let mut to_check: Vec<(&str, &[LinkUse])> = Vec::new();
    for (url, uses) in &links {
        if settings.skip.iter().any(|p| skip_matches(p, url)) {
            report.skipped += 1;
        } else if let Some(entry) = cache.get(url) {
            report.from_cache += 1;
            if let Some(to) = &entry.moved_to {
                report.warnings.push(moved(url, to, uses));
            }
        } else {
            to_check.push((url, uses));
        }
    }
    report.requested = to_check.len();
    if to_check.is_empty() {
        return Ok(report);
    }
    eprintln!(
        "checking {} external address{} ({THREADS} at a time, at most {PER_HOST} per host)…",
        to_check.len(),
        if to_check.len() == 1 { "" } else { "es" }
    );
    let timeout = settings.external_timeout;
    let client = client::Client::new(Duration::from_secs(timeout));
    let results = pool::run_all(
        &to_check,
        THREADS,
        PER_HOST,
        |(url, _)| client::host_of(url),
        |(url, _)| client.check(url),
    );
    if results.iter().all(is_unreachable) {
        report.no_network = true;
        return Ok(report);
    }
    for ((url, uses), checked) in to_check.iter().zip(results) {
        if checked.verdict == Verdict::Ok {
            let entry = cache::Entry {
                checked: now,
                moved_to: checked.moved_to.clone(),
            };
            cache.insert(url.to_string(), entry);
            if let Some(to) = &checked.moved_to {
                report.warnings.push(moved(url, to, uses));
            }
        } else {
            cache.remove(url);
            let (warning, d) = problem(url, &checked, timeout, uses);
            if warning {
                report.warnings.push(d);
            } else {
                report.errors.push(d);
            }
        }
    }
    if let Err(e) = cache.save() {
        report.cache_error = Some(format!("{e:#}"));
    }
    Ok(report)
}

/// True when the request failed before any server answered it.
fn is_unreachable(c: &Checked) -> bool {
    matches!(
        c.verdict,
        Verdict::Unreachable(_) | Verdict::TimedOut { connecting: true }
    )
}

/// True when `url` matches the skip `pattern`: the whole address (without `#fragment`),
/// where each `*` stands for any run of characters (`/` included) and every other
/// character for itself.
pub(crate) fn skip_matches(pattern: &str, url: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = url.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for p in middle {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// The warning for an address that has moved for good.
fn moved(url: &str, to: &str, uses: &[LinkUse]) -> Diagnostic {
    located(
        uses,
        format!("warning: `{url}` has moved permanently to `{to}`"),
        "write the new address in place of the old one".to_string(),
    )
}

/// (is a warning, the diagnostic) for an address that did not answer well.
fn problem(url: &str, c: &Checked, timeout: u64, uses: &[LinkUse]) -> (bool, Diagnostic) {
    let via = match &c.moved_to {
        Some(to) => format!(" (after a permanent redirect to `{to}`)"),
        None => String::new(),
    };
    let skip_help = format!("add a pattern such as \"{url}\" to `skip` under `[check]` in site.toml to stop checking it");
    let (warning, message, help) = match &c.verdict {
        Verdict::Broken(s) => (
            false,
            format!("broken link: `{url}` answers {}{via}", status_text(*s)),
            "correct the address, link to an archived copy, or remove the link".to_string(),
        ),
        Verdict::ServerError(s) => (
            false,
            format!(
                "`{url}` answers {}{via}, a server error (may be temporary)",
                status_text(*s)
            ),
            "check again later; if it persists, correct or remove the link".to_string(),
        ),
        Verdict::TimedOut { .. } => (
            false,
            format!("`{url}` did not answer within {timeout} s{via} (may be temporary)"),
            "check again later, or raise `external_timeout` under `[check]` in site.toml"
                .to_string(),
        ),
        Verdict::Unreachable(why) => (
            false,
            format!("`{url}` cannot be reached{via}: {why}"),
            "check the host name and port in the address".to_string(),
        ),
        Verdict::Failed(why) => (
            false,
            format!("`{url}` could not be checked{via}: {why}"),
            skip_help,
        ),
        Verdict::Refused(s) => (
            true,
            format!(
                "warning: `{url}` was not checked{via}: the server refuses link checkers ({})",
                status_text(*s)
            ),
            format!("open it in a browser; if it works, {skip_help}"),
        ),
        Verdict::Unsupported(why) => (
            true,
            format!("warning: `{url}` was not checked{via}: {why}"),
            "write the host name in its ASCII (xn--) form to have it checked".to_string(),
        ),
        Verdict::TooManyRequests => (
            true,
            format!("warning: `{url}` was not checked{via}: the server asked to wait (429 Too Many Requests)"),
            "check again later".to_string(),
        ),
        Verdict::Ok => (true, format!("`{url}` is fine"), String::new()),
    };
    (warning, located(uses, message, help))
}

/// `404 Not Found`.
fn status_text(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(r) => format!("{status} {r}"),
        None => status.to_string(),
    }
}

/// A diagnostic at the first place that writes the address; the help names the others.
fn located(uses: &[LinkUse], message: String, help: String) -> Diagnostic {
    let Some(first) = uses.first() else {
        return Diagnostic::whole_file("content", message).with_help(help);
    };
    let mut others: Vec<String> = uses[1..]
        .iter()
        .map(|u| {
            let p = u.file.line_col(u.offset);
            format!("{}:{}:{}", u.file.rel_path, p.line, p.column)
        })
        .collect();
    others.dedup();
    let d = Diagnostic::at(&first.file, first.offset, first.len, message);
    let here = format!("{}:{}:{}", d.file, d.line, d.column);
    others.retain(|o| *o != here);
    let help = match (help.is_empty(), others.is_empty()) {
        (_, true) => help,
        (true, false) => format!("also written at {}", others.join(", ")),
        (false, false) => format!("{help}; also written at {}", others.join(", ")),
    };
    if help.is_empty() {
        d
    } else {
        d.with_help(help)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_patterns_match_whole_addresses_with_stars() {
        let m = skip_matches;
        assert!(m("https://example.org/*", "https://example.org/a/b?c"));
        assert!(!m("https://example.org/*", "https://example.org.evil/a"));
        assert!(m("https://example.org/a", "https://example.org/a"));
        assert!(!m("https://example.org/a", "https://example.org/ab"));
        assert!(m("*.pdf", "http://x.example/doc.pdf"));
        assert!(m("https://*.example/*/x", "https://a.b.example/p/q/x"));
        assert!(!m("https://*.example/*/x", "https://a.example/x"));
    }
}

//! Which `Host` names the dev server answers to, so that a page on another site cannot read
//! it through DNS rebinding (the model is Vite's `server.allowedHosts`).
//!
//! A browser always sends the name from the address bar in `Host`. A rebinding attack makes
//! an attacker's own name resolve to 127.0.0.1, so its requests arrive here with that name;
//! answering only to names that mean "this machine" or that the user listed stops it. Names
//! are compared without the port and without regard to case. `localhost` and every name
//! under `.localhost` always mean loopback (RFC 6761, and browsers resolve them so), so they
//! are allowed. Pure functions, unit-tested here.

use std::net::IpAddr;

/// Which `Host` headers are accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HostPolicy {
    /// Any name: the user bound a non-loopback address on purpose and listed no names.
    Any,
    /// Only these names (lowercase, without port; IPv6 addresses in brackets). A name that
    /// starts with '.' allows every name under it, and the name itself.
    Names(Vec<String>),
}

impl HostPolicy {
    /// The policy for a server bound to `bind` with the user's extra names `allowed` (from
    /// `--allowed-host`): the loopback names, the bind address and `allowed`; any name when
    /// `bind` is not a loopback address and `allowed` is empty.
    pub(crate) fn new(bind: IpAddr, allowed: &[String]) -> HostPolicy {
        if !bind.is_loopback() && allowed.is_empty() {
            return HostPolicy::Any;
        }
        let mut names: Vec<String> = ["localhost", ".localhost", "127.0.0.1", "[::1]"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if !bind.is_unspecified() {
            names.push(ip_name(bind));
        }
        names.extend(allowed.iter().map(|a| a.trim().to_ascii_lowercase()));
        names.retain(|n| !n.is_empty() && n != ".");
        names.sort();
        names.dedup();
        HostPolicy::Names(names)
    }

    /// Whether a request naming `host` (a `Host` header value or the authority of an
    /// absolute-form target, with or without port) is answered.
    pub(crate) fn allows(&self, host: &str) -> bool {
        let names = match self {
            HostPolicy::Any => return true,
            HostPolicy::Names(names) => names,
        };
        let Some(name) = host_name(host) else {
            return false;
        };
        names.iter().any(|allowed| match allowed.strip_prefix('.') {
            Some(parent) => {
                name == parent
                    || name
                        .strip_suffix(parent)
                        .is_some_and(|rest| rest.ends_with('.'))
            }
            None => name == *allowed,
        })
    }
}

/// How an address is written in a `Host` header: IPv6 in brackets.
fn ip_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    }
}

/// The name part of a `Host` value, lowercase, without the port and a trailing dot; `None`
/// when it is not a plausible host (empty, user info, bad port, unclosed bracket).
fn host_name(host: &str) -> Option<String> {
    let host = host.trim();
    if host.is_empty() || host.contains(['@', '/', ' ']) {
        return None;
    }
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let rest = &host[end + 1..];
        let port = match rest.strip_prefix(':') {
            Some(port) => Some(port),
            None if rest.is_empty() => None,
            None => return None,
        };
        // Written the canonical way, so that "[0:0::1]" matches "[::1]".
        let ip: std::net::Ipv6Addr = host[1..end].parse().ok()?;
        (format!("[{ip}]"), port)
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name.to_string(), Some(port)),
            None => (host.to_string(), None),
        }
    };
    if port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return None;
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(bind: &str, allowed: &[&str]) -> HostPolicy {
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        HostPolicy::new(bind.parse().expect("ip"), &allowed)
    }

    #[test]
    fn loopback_binds_answer_loopback_names_only() {
        let p = policy("127.0.0.1", &[]);
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "app.localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost",
            "127.0.0.1.nip.io",
            "[::2]:1111",
            "[::1",
            "[::1]x",
            "localhost:99999",
            "localhost:x",
            "user@localhost",
            "",
            ":1111",
        ] {
            assert!(!p.allows(bad), "{bad}");
        }
    }

    #[test]
    fn the_bind_address_and_listed_names_are_allowed() {
        let p = policy("127.0.0.2", &["Blomma.LAN", ".test.lan"]);
        for ok in [
            "127.0.0.2:1",
            "blomma.lan",
            "test.lan",
            "a.test.lan",
            "a.b.test.lan:80",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in ["xtest.lan", "test.lan.evil", "blomma.lan.evil", "127.0.0.3"] {
            assert!(!p.allows(bad), "{bad}");
        }
        assert!(policy("::1", &[]).allows("[::1]:80"));
    }

    #[test]
    fn non_loopback_binds_allow_any_name_unless_names_are_listed() {
        assert_eq!(policy("0.0.0.0", &[]), HostPolicy::Any);
        assert_eq!(policy("192.168.1.5", &[]), HostPolicy::Any);
        assert!(policy("::", &[]).allows("whatever.example"));
        let p = policy("192.168.1.5", &["pc.lan"]);
        assert!(p.allows("pc.lan:1111"));
        assert!(p.allows("192.168.1.5:1111"));
        assert!(!p.allows("evil.example"));
        let p = policy("0.0.0.0", &["pc.lan"]);
        assert!(!p.allows("0.0.0.0"));
    }
}

//! Plain scalars read as serde_yaml 0.9 read them: nulls, booleans, integers, floats.

/// True for a plain scalar that means null.
pub(super) fn is_null(t: &str) -> bool {
    matches!(t, "" | "~" | "null" | "Null" | "NULL")
}

/// A boolean in one of its three casings.
pub(super) fn parse_bool(t: &str) -> Option<bool> {
    match t {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer as serde_yaml 0.9 read one: decimal (no leading zero), `0x`, `0o`, `0b`,
/// with an optional sign.
pub(super) fn parse_int(t: &str) -> Option<i128> {
    let (neg, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if rest.starts_with(['+', '-']) || rest.is_empty() {
        return None;
    }
    let n = if let Some(h) = rest.strip_prefix("0x") {
        i128::from_str_radix(h, 16).ok()
    } else if let Some(o) = rest.strip_prefix("0o") {
        i128::from_str_radix(o, 8).ok()
    } else if let Some(b) = rest.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()
    } else if rest.len() > 1 && rest.starts_with('0') {
        None
    } else if rest.bytes().all(|c| c.is_ascii_digit()) {
        rest.parse().ok()
    } else {
        None
    }?;
    if rest[2.min(rest.len())..].starts_with(['+', '-']) {
        return None;
    }
    Some(if neg { -n } else { n })
}

/// A float as serde_yaml 0.9 read one.
pub(super) fn parse_float(t: &str) -> Option<f64> {
    let rest = t.strip_prefix('+').unwrap_or(t);
    if rest.starts_with(['+', '-']) && t.starts_with('+') {
        return None;
    }
    match rest {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let digits_only = {
        let s = rest.strip_prefix('-').unwrap_or(rest);
        s.len() > 1 && s.starts_with('0') && s.bytes().all(|c| c.is_ascii_digit())
    };
    if digits_only {
        return None;
    }
    rest.parse::<f64>().ok().filter(|f| f.is_finite())
}

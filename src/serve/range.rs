//! Range requests on the files the dev server serves (RFC 9110 §14), so that a browser can
//! seek in a PDF or a video: one range (`bytes=a-b`, `a-`, `-n`) is answered 206 with
//! `Content-Range`; a range past the end 416 with `Content-Range: bytes */len`; several
//! ranges, a malformed header or an `If-Range` (the server sends no validators that it
//! could match) get the whole file, 200, which RFC 9110 allows (a server may ignore
//! `Range`). Only responses that offer ranges (`Accept-Ranges: bytes`, which the router
//! puts on built files but not on the HTML pages, whose injected live-reload script
//! changes their length) are cut. HEAD is answered as GET would be, without the body.

use http_range_header::RangeUnsatisfiableError;

use super::http::{self, Request, Response};

/// The header on responses that accept a range.
pub(super) const ACCEPT_RANGES: (&str, &str) = ("Accept-Ranges", "bytes");

/// What a `Range` header selects of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selected {
    /// The whole file (no usable single range).
    Whole,
    /// These bytes.
    Part(std::ops::Range<usize>),
    /// Nothing: the range starts past the end.
    Unsatisfiable,
}

/// `response` cut to the range `request` asks for, when it offers ranges (see the module's
/// documentation); otherwise as it is.
pub(super) fn apply(request: &Request, mut response: Response) -> Response {
    let offers = response.status == 200
        && response
            .headers
            .iter()
            .any(|(name, value)| (*name, value.as_str()) == ACCEPT_RANGES);
    let Some(value) = request.range.as_deref() else {
        return response;
    };
    if !offers || request.if_range {
        return response;
    }
    let len = response.body.len();
    match select(value, len) {
        Selected::Whole => response,
        Selected::Part(span) => {
            response.status = 206;
            let range = format!("bytes {}-{}/{len}", span.start, span.end - 1);
            response.headers.push(("Content-Range", range));
            response.span = Some(span);
            response
        }
        Selected::Unsatisfiable => {
            let mut refusal = http::text(
                416,
                &format!("416 Range Not Satisfiable: the file has {len} bytes\n"),
            );
            refusal
                .headers
                .push(("Content-Range", format!("bytes */{len}")));
            refusal
                .headers
                .push((ACCEPT_RANGES.0, ACCEPT_RANGES.1.to_string()));
            refusal
        }
    }
}

/// What the `Range` header `value` selects of a file of `len` bytes.
fn select(value: &str, len: usize) -> Selected {
    let ranges = http_range_header::parse_range_header(value).and_then(|parsed| {
        if parsed.len() == 1 {
            parsed.validate(len as u64)
        } else {
            Ok(Vec::new())
        }
    });
    match ranges.as_deref() {
        Ok([one]) => {
            let start = usize::try_from(*one.start());
            let end = usize::try_from(*one.end());
            match (start, end) {
                (Ok(start), Ok(end)) if end < len => Selected::Part(start..end + 1),
                _ => Selected::Whole,
            }
        }
        // Several ranges, or a file of no bytes.
        Ok(_) => Selected::Whole,
        Err(RangeUnsatisfiableError::Unsatisfiable) => Selected::Unsatisfiable,
        // Malformed, or more than this server takes on.
        Err(_) => Selected::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges_are_cut_and_clamped() {
        assert_eq!(select("bytes=0-3", 10), Selected::Part(0..4));
        assert_eq!(select("bytes=4-", 10), Selected::Part(4..10));
        assert_eq!(select("bytes=-3", 10), Selected::Part(7..10));
        assert_eq!(select("bytes=5-99", 10), Selected::Part(5..10));
        assert_eq!(select("bytes=-99", 10), Selected::Part(0..10));
        assert_eq!(select("bytes=9-9", 10), Selected::Part(9..10));
    }

    #[test]
    fn past_the_end_is_unsatisfiable() {
        assert_eq!(select("bytes=10-", 10), Selected::Unsatisfiable);
        assert_eq!(select("bytes=10-20", 10), Selected::Unsatisfiable);
        assert_eq!(select("bytes=-0", 10), Selected::Unsatisfiable);
    }

    #[test]
    fn several_or_malformed_ranges_get_the_whole_file() {
        for value in [
            "bytes=0-1, 4-5",
            "bytes=5-1",
            "bytes=abc",
            "items=0-1",
            "bytes=",
            "bytes=--1",
        ] {
            assert_eq!(select(value, 10), Selected::Whole, "{value}");
        }
        assert_eq!(select("bytes=-5", 0), Selected::Whole);
    }
}

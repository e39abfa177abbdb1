//! The card files `d/<n>.json`: what a result shows before its page is
//! opened (URL, title, date), [`CARDS_PER_FILE`] pages a file, in page order.
//!
//! The snippet is not here: `search.js` takes it from the result's own HTML
//! page, which it fetches for the results on screen (and which the reader
//! then opens from the cache). The index thus holds no second copy of the
//! site's text, and a build writes a few hundred small files for the results
//! instead of one per page: a file costs the file system more than its bytes,
//! once when it is written and again when the next build replaces it.

use super::chunks::push_json_str;
use super::SearchDoc;

/// Pages per card file: page `i` is entry `i % CARDS_PER_FILE` of file
/// `i / CARDS_PER_FILE` (`pf` in `meta.json`; search.js reads it). A card is
/// about 100 bytes, so a file is 1–2 KB gzip and the ten results of a query
/// fetch at most ten of them.
pub(crate) const CARDS_PER_FILE: usize = 32;

/// Path of card file `j` under the index folder (search.js computes the same).
pub(crate) fn card_file_path(j: usize) -> String {
    format!("d/{j}.json")
}

/// The JSON of a card file: an array of `{"u": url, "t": title, "d": date}`,
/// one per page of `docs` in order, `d` left out when there is no date. The
/// kind and county of a page are in `meta.json` (`dk`, `dc`).
pub(crate) fn file_json(docs: &[&SearchDoc<'_>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len() * 128);
    out.push(b'[');
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"u\":");
        push_json_str(&mut out, &d.url);
        out.extend_from_slice(b",\"t\":");
        push_json_str(&mut out, &d.title);
        if let Some(date) = &d.date {
            out.extend_from_slice(b",\"d\":");
            push_json_str(&mut out, date);
        }
        out.push(b'}');
    }
    out.push(b']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn cards_carry_url_title_and_date_escaped() {
        let a = SearchDoc {
            url: "/a/".into(),
            title: Cow::Borrowed("Citat \"så\" <b>"),
            date: Some("2023-05-04".into()),
            ..SearchDoc::default()
        };
        let b = SearchDoc {
            url: "/b/".into(),
            title: Cow::Borrowed("Utan datum"),
            ..SearchDoc::default()
        };
        let json: serde_json::Value =
            serde_json::from_slice(&file_json(&[&a, &b])).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!([
                {"u": "/a/", "t": "Citat \"så\" <b>", "d": "2023-05-04"},
                {"u": "/b/", "t": "Utan datum"}
            ])
        );
    }
}

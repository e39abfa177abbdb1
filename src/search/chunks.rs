//! The term chunks `t/<n>.json`: the index entries, sorted by key and cut into
//! files of about [`TARGET_CHUNK_BYTES`], so that a query fetches only the one
//! or two files that hold its words.
//!
//! Entries are stem groups: all words with the same folded Snowball stem
//! (`levnadsvan`: levnadsvana, levnadsvanor, levnadsvanorna; `far`: far, får)
//! under that stem as key, so that the exact form, the folded forms and the
//! other inflections of a query word are found in one place. A chunk is
//! `{"g": [group, …]}` with
//!
//! ```text
//! group = [key, [word, …], compound postings, compound title, compound headings]
//! word  = [word, postings, title, headings]
//! ```
//!
//! The compound lists hold the pages of the compounds that have this stem as
//! a part (`folkhälsoarbete` under `hals`); trailing empty lists are left out.
//! Postings are written with [`encode`](super::encode): for every page, in
//! page order, `(gap << 4) | level` where `gap` is the distance to the
//! previous page minus one and `level` (1–15) is the BM25 term-frequency
//! weight `tf·(k1+1)/(tf+k1·(1−b+b·len/avglen))` scaled to 15 with
//! `k1 = 1.2`, `b = 0.5`; level 0 marks text that nearly every page of the
//! page's kind shares (module `invert`), which the client weighs little. The title and heading lists hold the gaps of the
//! pages whose title (headings) contain the word.

use std::borrow::Cow;

use super::encode::push_num;
use super::invert::{Posting, IN_HEADING, IN_TITLE, SHARED};

/// Aimed-at size of one chunk file, in bytes of JSON. One key is never split
/// over two chunks, so a very frequent word can make a larger chunk.
pub(crate) const TARGET_CHUNK_BYTES: usize = 16 * 1024;

const K1: f32 = 1.2;
/// Milder than the textbook 0.75: a documentation site mixes short role pages that cite a
/// report with the long page that is the report, and the long page should not lose.
const B: f32 = 0.5;
/// Highest term-frequency level.
const LEVELS: f32 = 15.0;

/// Page lengths for BM25.
pub(crate) struct Lengths {
    /// `k1·(1−b+b·len/avglen)` of each page.
    norm: Vec<f32>,
}

impl Lengths {
    /// BM25 length norms of pages of `doc_len` words.
    pub(crate) fn new(doc_len: &[u32]) -> Self {
        let total: u64 = doc_len.iter().map(|&l| u64::from(l)).sum();
        let avg = (total as f32 / doc_len.len().max(1) as f32).max(1.0);
        Lengths {
            norm: doc_len
                .iter()
                .map(|&l| K1 * (1.0 - B + B * l as f32 / avg))
                .collect(),
        }
    }

    /// The term-frequency level of `p`: 1–15, or 0 for shared text of the page's
    /// kind ([`SHARED`]), which the client weighs little.
    #[inline]
    fn level(&self, p: &Posting) -> u64 {
        if p.flags & SHARED != 0 {
            return 0;
        }
        let tf = f32::from(p.tf);
        let norm = self.norm.get(p.doc as usize).copied().unwrap_or(K1);
        // tf·(k1+1)/(tf+norm) scaled from (0, k1+1) to (0, LEVELS).
        (LEVELS * tf / (tf + norm)).round().clamp(1.0, LEVELS) as u64
    }
}

/// Scratch buffers for [`group_entry`] and [`merge_postings`].
#[derive(Default)]
pub(crate) struct Scratch {
    title: Vec<u8>,
    head: Vec<u8>,
    /// Per page: count and flags (merging many lists).
    dense: Vec<(u32, u8)>,
}

/// Writes `"postings","title","headings"` for `list` (each but the first
/// with a leading comma), leaving out trailing empty lists when `trim` is
/// set.
fn push_lists(
    out: &mut Vec<u8>,
    list: &[Posting],
    len: &Lengths,
    trim: bool,
    scratch: &mut Scratch,
) {
    let title = &mut scratch.title;
    let head = &mut scratch.head;
    title.clear();
    head.clear();
    out.push(b'"');
    let mut prev: i64 = -1;
    let mut prev_t: i64 = -1;
    let mut prev_h: i64 = -1;
    for p in list {
        let doc = i64::from(p.doc);
        let gap = (doc - prev - 1) as u64;
        push_num(out, (gap << 4) | len.level(p));
        prev = doc;
        if p.flags & IN_TITLE != 0 {
            push_num(title, (doc - prev_t - 1) as u64);
            prev_t = doc;
        }
        if p.flags & IN_HEADING != 0 {
            push_num(head, (doc - prev_h - 1) as u64);
            prev_h = doc;
        }
    }
    out.push(b'"');
    if !trim || !head.is_empty() {
        out.extend_from_slice(b",\"");
        out.extend_from_slice(title);
        out.extend_from_slice(b"\",\"");
        out.extend_from_slice(head);
        out.push(b'"');
    } else if !title.is_empty() {
        out.extend_from_slice(b",\"");
        out.extend_from_slice(title);
        out.push(b'"');
    }
}

/// Appends a JSON string. Words are alphanumeric and need no escaping, but
/// stay safe for anything.
pub(super) fn push_json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x30 && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else if serde_json::to_writer(&mut *out, s).is_err() {
        out.extend_from_slice(b"\"\"");
    }
}

/// The JSON array of a stem group: `key`, its words with their posting
/// lists (in the given order), and the postings of the compounds that have
/// the stem as a part.
pub(crate) fn group_entry<'a>(
    key: &str,
    words: impl Iterator<Item = (&'a str, &'a [Posting])>,
    comp: &[Posting],
    len: &Lengths,
    scratch: &mut Scratch,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"[");
    push_json_str(&mut out, key);
    out.extend_from_slice(b",[");
    for (i, (w, list)) in words.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        push_json_str(&mut out, w);
        out.push(b',');
        push_lists(&mut out, list, len, true, scratch);
        out.push(b']');
    }
    out.push(b']');
    if !comp.is_empty() {
        out.push(b',');
        push_lists(&mut out, comp, len, true, scratch);
    }
    out.push(b']');
    out
}

/// Merges sorted posting lists of pages below `n_docs`, adding the counts
/// of pages found in several.
pub(crate) fn merge_postings<'a>(
    lists: &[&'a [Posting]],
    n_docs: usize,
    scratch: &mut Scratch,
) -> Cow<'a, [Posting]> {
    match lists {
        [] => Cow::Borrowed(&[]),
        [one] => Cow::Borrowed(one),
        _ => {
            let total: usize = lists.iter().map(|l| l.len()).sum();
            let mut out = Vec::with_capacity(total.min(n_docs));
            if total * 8 >= n_docs {
                // Many postings: count per page, then read the pages in order.
                let dense = &mut scratch.dense;
                dense.clear();
                dense.resize(n_docs, (0, 0));
                for l in lists {
                    for p in *l {
                        if let Some(d) = dense.get_mut(p.doc as usize) {
                            d.1 = if d.0 == 0 {
                                p.flags
                            } else {
                                merge_flags(d.1, p.flags)
                            };
                            d.0 += u32::from(p.tf);
                        }
                    }
                }
                for (doc, &(tf, flags)) in dense.iter().enumerate() {
                    if tf > 0 {
                        out.push(Posting {
                            doc: doc as u32,
                            tf: tf.min(u32::from(u16::MAX)) as u16,
                            flags,
                        });
                    }
                }
            } else {
                for l in lists {
                    out.extend_from_slice(l);
                }
                out.sort_unstable_by_key(|p| p.doc);
                out.dedup_by(|b, a| {
                    if a.doc == b.doc {
                        a.tf = a.tf.saturating_add(b.tf);
                        a.flags = merge_flags(a.flags, b.flags);
                        true
                    } else {
                        false
                    }
                });
            }
            Cow::Owned(out)
        }
    }
}

/// The flags of a page found in two lists: in a title or heading when either says
/// so, shared text only when both are.
fn merge_flags(a: u8, b: u8) -> u8 {
    ((a | b) & !SHARED) | (a & b & SHARED)
}

/// Packs groups (sorted by key, as `(key, JSON)`) into chunks; returns, for
/// each chunk, its first key (empty for the first chunk) and its JSON.
pub(crate) fn pack<'a>(
    groups: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Vec<(String, Vec<u8>)> {
    let mut chunks = Vec::new();
    let mut json: Vec<u8> = Vec::new();
    let mut first = "";
    let finish = |json: &mut Vec<u8>, first: &str, chunks: &mut Vec<(String, Vec<u8>)>| {
        json.extend_from_slice(b"]}");
        let start = if chunks.is_empty() {
            String::new()
        } else {
            first.to_string()
        };
        chunks.push((start, std::mem::take(json)));
    };
    for (key, entry) in groups {
        if !json.is_empty() && json.len() + entry.len() > TARGET_CHUNK_BYTES {
            finish(&mut json, first, &mut chunks);
        }
        if json.is_empty() {
            json.reserve(TARGET_CHUNK_BYTES + entry.len() + 16);
            json.extend_from_slice(b"{\"g\":[");
            first = key;
        } else {
            json.push(b',');
        }
        json.extend_from_slice(entry);
    }
    if !json.is_empty() || chunks.is_empty() {
        if json.is_empty() {
            json.extend_from_slice(b"{\"g\":[");
        }
        finish(&mut json, first, &mut chunks);
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::encode::decode;

    fn p(doc: u32, tf: u16, flags: u8) -> Posting {
        Posting { doc, tf, flags }
    }

    #[test]
    fn group_lists_are_gap_coded() {
        let len = Lengths::new(&[10, 10, 10, 10]);
        let list = [p(0, 1, IN_TITLE), p(3, 5, 0)];
        let json = group_entry(
            "far",
            [("får", &list[..])].into_iter(),
            &[],
            &len,
            &mut Scratch::default(),
        );
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap_or_default();
        assert_eq!(v[0], "far");
        assert_eq!(v.as_array().map(Vec::len), Some(2), "no compound lists");
        let w = &v[1][0];
        assert_eq!(w[0], "får");
        let post = decode(w[1].as_str().unwrap_or_default());
        assert_eq!(post.len(), 2);
        assert_eq!(post[0] >> 4, 0);
        assert_eq!(post[1] >> 4, 2);
        assert!(post[1] & 15 > post[0] & 15);
        assert_eq!(decode(w[2].as_str().unwrap_or_default()), vec![0]);
        // No heading list: trimmed.
        assert_eq!(w.as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn group_with_compounds_only() {
        let len = Lengths::new(&[10, 10]);
        let comp = [p(1, 1, IN_HEADING)];
        let json = group_entry(
            "folk",
            std::iter::empty(),
            &comp,
            &len,
            &mut Scratch::default(),
        );
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap_or_default();
        assert_eq!(v[1], serde_json::json!([]));
        assert_eq!(decode(v[2].as_str().unwrap_or_default()).len(), 1);
        assert_eq!(v[3], "");
        assert_eq!(decode(v[4].as_str().unwrap_or_default()), vec![1]);
    }

    #[test]
    fn merge_adds_counts() {
        let a = [p(1, 1, 0), p(4, 2, IN_TITLE)];
        let b = [p(2, 1, 0), p(4, 3, IN_HEADING)];
        let want = [p(1, 1, 0), p(2, 1, 0), p(4, 5, IN_TITLE | IN_HEADING)];
        let mut scratch = Scratch::default();
        // Sparse (sorting) and dense (counting) merges agree.
        assert_eq!(merge_postings(&[&a, &b], 1000, &mut scratch).as_ref(), want);
        assert_eq!(merge_postings(&[&a, &b], 5, &mut scratch).as_ref(), want);
        assert!(matches!(
            merge_postings(&[&a], 5, &mut scratch),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn packing_starts_new_chunks() {
        let big = vec![b'x'; TARGET_CHUNK_BYTES / 2];
        let entries: [(&str, &[u8]); 4] = [("a", &big), ("b", &big), ("c", &big), ("d", b"[]")];
        let chunks = pack(entries.into_iter());
        let keys: Vec<&str> = chunks.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(keys, ["", "b", "c"]);
        assert!(chunks[2].1.ends_with(b",[]]}"));
        let empty = pack(std::iter::empty());
        assert_eq!(empty, vec![(String::new(), b"{\"g\":[]}".to_vec())]);
    }
}

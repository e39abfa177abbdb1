//! Building the inverted index: which word occurs how often in which page.
//!
//! Pages are split into as many contiguous parts as there are worker threads;
//! each part counts its words with a per-page map, numbers them in a
//! per-part vocabulary and appends (word, page) records, which a counting
//! sort turns into posting lists; the parts are then merged in page order, so
//! that every posting list comes out sorted by page. Maps are keyed by
//! [`word_hash`] to stay small and cache-friendly.

use std::borrow::Cow;

use rayon::prelude::*;

use super::docfile::Segmented;
use super::tokenize::{for_each_word, id_map, word_hash, IdMap};
use super::SearchDoc;

/// Posting flag: the word occurs in the page title.
pub(crate) const IN_TITLE: u8 = 1;
/// Posting flag: the word occurs in a heading of the page.
pub(crate) const IN_HEADING: u8 = 2;

/// One page in which a word occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Posting {
    /// Page number (position in URL order).
    pub(crate) doc: u32,
    /// Number of occurrences in title and text.
    pub(crate) tf: u16,
    /// [`IN_TITLE`] | [`IN_HEADING`].
    pub(crate) flags: u8,
}

/// The inverted index of all pages.
pub(crate) struct Inverted {
    /// The distinct words (lowercase, not folded).
    pub(crate) terms: Vec<Box<str>>,
    /// All posting lists, one after the other (word by word, each sorted by
    /// page).
    postings: Vec<Posting>,
    /// Where each word's postings start in `postings` (one more entry than
    /// words).
    start: Vec<u32>,
    /// Number of words of each page (title and text).
    pub(crate) doc_len: Vec<u32>,
}

impl Inverted {
    /// The pages of word `t`, sorted.
    pub(crate) fn list(&self, t: usize) -> &[Posting] {
        &self.postings[self.start[t] as usize..self.start[t + 1] as usize]
    }
}

/// The index of one part of the pages: as `Inverted`, with local word numbers.
struct Part {
    vocab: IdMap<u32>,
    terms: Vec<Box<str>>,
    postings: Vec<Posting>,
    start: Vec<u32>,
    doc_len: Vec<u32>,
}

impl Part {
    fn list(&self, t: usize) -> &[Posting] {
        &self.postings[self.start[t] as usize..self.start[t + 1] as usize]
    }
}

/// Inverts `docs` (already in page-number order); `segs[i]` tells which
/// section texts of page `i` are missing from its `text` and must be read too.
pub(crate) fn invert(docs: &[&SearchDoc], segs: &[Segmented<'_>]) -> Inverted {
    let threads = rayon::current_num_threads().max(1);
    let per = docs.len().div_ceil(threads).max(1);
    let parts: Vec<Part> = docs
        .par_chunks(per)
        .zip(segs.par_chunks(per))
        .enumerate()
        .map(|(i, (docs, segs))| invert_part((i * per) as u32, docs, segs))
        .collect();
    merge(parts)
}

/// Per-page counts: word hash → (count, flags, word).
type Local<'a> = IdMap<(u32, u8, Cow<'a, str>)>;

fn count<'a>(local: &mut Local<'a>, text: &'a str, flags: u8, tf: u32) -> u32 {
    let mut n = 0;
    for_each_word(text, |w| {
        n += 1;
        let e = local.entry(word_hash(&w)).or_insert_with(|| (0, 0, w));
        e.0 += tf;
        e.1 |= flags;
    });
    n
}

fn invert_part(first: u32, docs: &[&SearchDoc], segs: &[Segmented<'_>]) -> Part {
    let mut vocab: IdMap<u32> = id_map(1 << 15);
    let mut terms: Vec<Box<str>> = Vec::with_capacity(1 << 15);
    // (word, posting) in page order.
    let mut recs: Vec<(u32, Posting)> = Vec::with_capacity(docs.len() * 512);
    let mut doc_len = Vec::with_capacity(docs.len());
    let mut local: Local<'_> = id_map(1024);
    for (j, (d, seg)) in docs.iter().zip(segs).enumerate() {
        let doc = first + j as u32;
        local.clear();
        let mut len = count(&mut local, &d.text, 0, 1);
        for h in seg.missing.iter().filter_map(|&h| d.headings.get(h)) {
            len += count(&mut local, &h.text, 0, 1);
        }
        len += count(&mut local, &d.title, IN_TITLE, 1);
        for h in &d.headings {
            count(&mut local, &h.title, IN_HEADING, 0);
        }
        for (h, (tf, flags, w)) in local.drain() {
            let id = *vocab.entry(h).or_insert_with(|| {
                terms.push(Box::from(w.as_ref()));
                (terms.len() - 1) as u32
            });
            recs.push((
                id,
                Posting {
                    doc,
                    tf: tf.clamp(1, u32::from(u16::MAX)) as u16,
                    flags,
                },
            ));
        }
        doc_len.push(len.max(1));
    }
    // Counting sort by word: the pages of each word stay in order.
    let mut start = vec![0u32; terms.len() + 1];
    for (t, _) in &recs {
        start[*t as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut fill = start.clone();
    let mut postings = vec![
        Posting {
            doc: 0,
            tf: 0,
            flags: 0
        };
        recs.len()
    ];
    for (t, p) in recs {
        let at = &mut fill[t as usize];
        postings[*at as usize] = p;
        *at += 1;
    }
    Part {
        vocab,
        terms,
        postings,
        start,
        doc_len,
    }
}

fn merge(parts: Vec<Part>) -> Inverted {
    // Global word numbers: the first part's, then new words of later parts.
    let mut vocab: IdMap<u32> = id_map(0);
    let mut terms: Vec<Box<str>> = Vec::new();
    // For each global word, its local number in each part (or u32::MAX).
    let mut local_ids: Vec<Vec<u32>> = Vec::with_capacity(parts.len());
    let mut parts = parts;
    for (pi, part) in parts.iter_mut().enumerate() {
        if pi == 0 {
            vocab = std::mem::take(&mut part.vocab);
            terms = std::mem::take(&mut part.terms);
            local_ids.push((0..terms.len() as u32).collect());
            continue;
        }
        let mut ids = vec![u32::MAX; terms.len()];
        let mut part_terms: Vec<Option<Box<str>>> = std::mem::take(&mut part.terms)
            .into_iter()
            .map(Some)
            .collect();
        for (&h, &lid) in &part.vocab {
            match vocab.get(&h) {
                Some(&g) => ids[g as usize] = lid,
                None => {
                    vocab.insert(h, terms.len() as u32);
                    terms.push(part_terms[lid as usize].take().unwrap_or_default());
                    ids.push(lid);
                }
            }
        }
        local_ids.push(ids);
    }
    let total: usize = parts.iter().map(|p| p.postings.len()).sum();
    let mut postings = Vec::with_capacity(total);
    let mut start = Vec::with_capacity(terms.len() + 1);
    start.push(0u32);
    for g in 0..terms.len() {
        for (part, ids) in parts.iter().zip(&local_ids) {
            if let Some(&lid) = ids.get(g) {
                if lid != u32::MAX {
                    postings.extend_from_slice(part.list(lid as usize));
                }
            }
        }
        start.push(postings.len() as u32);
    }
    let doc_len = parts
        .iter()
        .flat_map(|p| p.doc_len.iter().copied())
        .collect();
    Inverted {
        terms,
        postings,
        start,
        doc_len,
    }
}

//! Building the inverted index: which word occurs how often in which page.
//!
//! Pages are split into a few contiguous parts per worker thread; each part
//! numbers its words in a per-part vocabulary (a small open-addressing table
//! keyed by the word's exact [`Key`], which holds the word's counts in the
//! page being read too, so that a word occurrence costs one multiply and,
//! mostly, one cache line), and appends (word, page) records, which a
//! counting sort turns into posting lists; the parts are then merged in page
//! order, so that every posting list comes out sorted by page. Words are
//! numbered in order of first occurrence, so the numbering does not depend
//! on hash order.

use rayon::prelude::*;

use super::tokenize::{for_each_word, fx_hash, fx_map, prefetch, FxMap, Key, Word};
use super::SearchDoc;

/// Posting flag: the word occurs in the page title.
pub(crate) const IN_TITLE: u8 = 1;
/// Posting flag: the word occurs in a heading of the page.
pub(crate) const IN_HEADING: u8 = 2;
/// Posting flag: the word occurs in the page only in text that nearly every page
/// of its kind has ([`Boilerplate`]); it weighs little.
pub(crate) const SHARED: u8 = 4;
/// Counting flag: an occurrence outside shared text (never in a posting).
const OWN: u8 = 8;

/// A text is shared by a kind when at least this share of the kind's pages have
/// it …
const SHARED_SHARE: f64 = 0.8;
/// … and the kind has at least this many pages (fewer pages tell nothing).
const SHARED_MIN_PAGES: usize = 10;
/// Longer texts are not looked at: generated text is short.
const SHARED_MAX_BYTES: usize = 1000;

/// The body texts (a record's pieces: its summary, each text from its front matter,
/// the text before its first heading, each section's text) that nearly every page
/// of a kind has word for word: text the tool (or an author's template) writes
/// alike on every page of the kind, such as "Avsiktsförklaring: Uppgift saknas" on
/// county pages nobody has written about. A page that has a word only there is not
/// about it: the word's posting is marked [`SHARED`]. Pages of the kind that say
/// something of their own about the word keep it as it is, unlike a down-weighting
/// by how many pages of a kind have a word, which would also hit the one county
/// that writes about its declaration. Whole pieces rather than sentences: finding
/// them costs one hash a piece, where cutting every text into sentences made the
/// index four times slower.
pub(crate) struct Boilerplate {
    /// Hashes of (kind, text) of the shared texts.
    set: FxMap<u64, ()>,
    /// Kind of each page (in page order).
    kind_of: Vec<usize>,
}

impl Boilerplate {
    /// Finds the shared texts of `docs` (in page order), whose kinds are
    /// `kind_of` (below `n_kinds`).
    pub(crate) fn find(docs: &[&SearchDoc<'_>], kind_of: &[usize], n_kinds: usize) -> Self {
        let mut size = vec![0usize; n_kinds];
        for &k in kind_of {
            size[k] += 1;
        }
        let counted = |k: usize| size[k] >= SHARED_MIN_PAGES;
        let counts: FxMap<u64, u32> = docs
            .par_iter()
            .zip(kind_of)
            .filter(|(_, &k)| counted(k))
            .fold(
                || fx_map::<u64, u32>(64),
                |mut acc, (d, &k)| {
                    let mut mine: Vec<u64> = body(d).filter_map(|s| text_key(k, s)).collect();
                    mine.sort_unstable();
                    mine.dedup();
                    for h in mine {
                        *acc.entry(h).or_default() += 1;
                    }
                    acc
                },
            )
            .reduce(
                || fx_map(0),
                |mut a, b| {
                    for (h, n) in b {
                        *a.entry(h).or_default() += n;
                    }
                    a
                },
            );
        // A hash holds its kind in its low bits (see `text_key`).
        let set = counts
            .into_iter()
            .filter(|&(h, n)| {
                let k = (h % 64) as usize;
                k < n_kinds && counted(k) && f64::from(n) >= SHARED_SHARE * size[k] as f64
            })
            .map(|(h, _)| (h, ()))
            .collect();
        Boilerplate {
            set,
            kind_of: kind_of.to_vec(),
        }
    }

    /// No shared text at all.
    #[cfg(test)]
    pub(crate) fn none(n_docs: usize) -> Self {
        Boilerplate {
            set: fx_map(0),
            kind_of: vec![0; n_docs],
        }
    }

    /// Whether `text` of a page of kind `k` is shared text.
    fn has(&self, k: usize, text: &str) -> bool {
        text_key(k, text).is_some_and(|h| self.set.contains_key(&h))
    }
}

/// The body texts of a page (its summary, front matter texts and sections' texts,
/// not the title or headings).
fn body<'d>(d: &'d SearchDoc<'_>) -> impl Iterator<Item = &'d str> {
    d.intro
        .iter()
        .map(|p| &**p)
        .chain(d.headings.iter().map(|h| &*h.text))
}

/// The key of a body text of a page of kind `k`: a hash with the kind in its low six
/// bits, or `None` for a text that is never taken for shared text (a single word, or
/// a long one).
fn text_key(k: usize, s: &str) -> Option<u64> {
    let s = s.trim();
    if s.len() > SHARED_MAX_BYTES || !s.contains(' ') || k >= 64 {
        return None;
    }
    Some((fx_hash(s.as_bytes()) & !63) | k as u64)
}

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
    /// The posting list of each word, sorted by page. One allocation per word
    /// rather than one for all: [`merge`] can then free each part as soon as it
    /// is copied (see there).
    lists: Vec<Box<[Posting]>>,
    /// Number of words of each page (title and text).
    pub(crate) doc_len: Vec<u32>,
}

impl Inverted {
    /// The pages of word `t`, sorted.
    pub(crate) fn list(&self, t: usize) -> &[Posting] {
        &self.lists[t]
    }
}

/// The index of one part of the pages: as `Inverted`, with local word numbers.
struct Part {
    /// [`Key`] of each word.
    keys: Vec<Key>,
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

/// Parts per thread that [`invert`] splits the pages into. The index is built
/// alongside the rendering of the pages: with one part per thread, the last
/// part could keep one core busy after the rendering is done while the other
/// waits; smaller parts even out. Each part has its own vocabulary, merged
/// at the end, so there are only a few.
const PARTS_PER_THREAD: usize = 8;

/// Fewest pages in a part.
const MIN_PART: usize = 256;

/// Inverts `docs` (already in page-number order), in parts on all threads; words
/// that a page has only in the `shared` text of its kind are marked [`SHARED`].
pub(crate) fn invert(docs: &[&SearchDoc<'_>], shared: &Boilerplate) -> Inverted {
    let threads = rayon::current_num_threads().max(1);
    let per = docs
        .len()
        .div_ceil(threads * PARTS_PER_THREAD)
        .max(MIN_PART);
    invert_in_parts(docs, per, shared)
}

/// [`invert`] with parts of `per` pages.
fn invert_in_parts(docs: &[&SearchDoc<'_>], per: usize, shared: &Boilerplate) -> Inverted {
    let per = per.max(1);
    let parts: Vec<Part> = docs
        .par_chunks(per)
        .enumerate()
        .map(|(i, docs)| invert_part((i * per) as u32, docs, shared))
        .collect();
    merge(parts)
}

/// One slot of a part's word table: a word and its counts in the page being
/// read.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// The word; `Key(0, _)` marks an empty slot (no key starts with 0).
    key: Key,
    /// The word's number in the part.
    id: u32,
    /// 1 + the page (within the part) the counts are of.
    stamp: u32,
    /// Occurrences (below [`FLAG_SHIFT`]) and [`IN_TITLE`] | [`IN_HEADING`]
    /// (from it).
    counts: u32,
}

/// Where the flags start in [`Slot::counts`].
const FLAG_SHIFT: u32 = 28;
/// The occurrences in [`Slot::counts`].
const TF_MASK: u32 = (1 << FLAG_SHIFT) - 1;

/// The vocabulary of one part, and the counts of the page being read.
///
/// An open-addressing table with linear probing, at most half full, keyed
/// by the word's [`Key`] (exact, and read from the text without a copy),
/// holds each word's number and its counts for the current page, so that a
/// word occurrence costs one multiply and, mostly, one cache line, and no
/// word is allocated more than once per part.
struct Counter {
    slots: Vec<Slot>,
    /// The slot of each word number.
    slot_of: Vec<u32>,
    terms: Vec<Box<str>>,
    /// Words of the current page, in order of first occurrence: the first
    /// `seen`, in a list as long as the vocabulary plus one.
    touched: Vec<u32>,
    seen: usize,
    /// 1 + the current page within the part.
    page: u32,
    /// What an occurrence adds to [`Slot::counts`] in the text being read.
    add: u32,
}

impl Counter {
    fn new() -> Self {
        Counter {
            slots: vec![Slot::default(); 1 << 11],
            slot_of: Vec::with_capacity(1 << 10),
            terms: Vec::with_capacity(1 << 10),
            touched: vec![0],
            seen: 0,
            page: 0,
            add: 0,
        }
    }

    /// Counts the words of `text` in the current page with `flags`; returns
    /// the number of words.
    fn count(&mut self, text: &str, flags: u8) -> u32 {
        // One occurrence, and the flags (in one number with the occurrences,
        // which cannot reach bit 28).
        self.add = (u32::from(flags) << FLAG_SHIFT) | 1;
        // Inlined into the scanner's fast path: this runs once a word.
        for_each_word(
            text,
            #[inline(always)]
            |w| {
                let mask = self.slots.len() - 1;
                let mut i = w.key.hash() as usize & mask;
                loop {
                    let k = self.slots[i].key;
                    if k.same(w.key) {
                        break;
                    }
                    if k.0 == 0 {
                        i = self.insert(i, w);
                        break;
                    }
                    i = (i + 1) & mask;
                }
                let Some(s) = self.slots.get_mut(i) else {
                    return;
                };
                // The first occurrence in the page resets the counts and
                // adds the word to the page's list, without a branch (which
                // occurrence is the first is hard to predict): the list has
                // room for every word of the part.
                let first = s.stamp != self.page;
                if let Some(t) = self.touched.get_mut(self.seen) {
                    *t = s.id;
                }
                self.seen += usize::from(first);
                let old = std::hint::select_unpredictable(first, 0, s.counts);
                s.counts = (old + (self.add & TF_MASK)) | (self.add & !TF_MASK);
                s.stamp = self.page;
            },
        )
    }

    /// Puts the new word `w` into the empty slot `i`; returns its slot
    /// (another one if the table grew).
    #[inline(never)]
    fn insert(&mut self, i: usize, w: Word<'_>) -> usize {
        let id = self.terms.len();
        self.slots[i] = Slot {
            key: w.key,
            id: id as u32,
            ..Slot::default()
        };
        self.slot_of.push(i as u32);
        self.terms.push(Box::from(w.to_lowercase()));
        self.touched.push(0);
        if self.terms.len() * 2 > self.slots.len() {
            self.grow();
        }
        self.slot_of[id] as usize
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = size - 1;
        for s in old.into_iter().filter(|s| s.key.0 != 0) {
            let mut i = s.key.hash() as usize & mask;
            while self.slots[i].key.0 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
            self.slot_of[s.id as usize] = i as u32;
        }
    }
}

/// The texts of `d` in order, each with its flags.
fn texts<'d>(d: &'d SearchDoc<'_>) -> impl Iterator<Item = (&'d str, u8)> {
    let intro = d.intro.iter().map(|p| (&**p, 0));
    let sections = d
        .headings
        .iter()
        .flat_map(|h| [(&*h.title, IN_HEADING), (&*h.text, 0)]);
    std::iter::once((&*d.title, IN_TITLE))
        .chain(intro)
        .chain(sections)
}

/// Counts the words of `text` (with `flags`) of page `doc`, as shared text or as
/// the page's own; returns the number of words.
fn count_text(c: &mut Counter, shared: &Boilerplate, doc: usize, text: &str, flags: u8) -> u32 {
    let k = shared.kind_of.get(doc).copied().unwrap_or(0);
    if flags != 0 || shared.set.is_empty() {
        return c.count(text, flags | OWN);
    }
    c.count(text, if shared.has(k, text) { SHARED } else { OWN })
}

/// The flags of a posting from those of its occurrences: shared only when no
/// occurrence was in text of the page's own.
fn posting_flags(counted: u32) -> u8 {
    let f = counted as u8;
    if f & OWN != 0 {
        f & !(SHARED | OWN)
    } else {
        f
    }
}

fn invert_part(first: u32, docs: &[&SearchDoc<'_>], shared: &Boilerplate) -> Part {
    let mut c = Counter::new();
    // (word, posting) in page order.
    let mut recs: Vec<(u32, Posting)> = Vec::with_capacity(docs.len() * 512);
    let mut doc_len = Vec::with_capacity(docs.len());
    for (j, d) in docs.iter().enumerate() {
        let doc = first + j as u32;
        c.page = j as u32 + 1;
        c.seen = 0;
        // Starts loading the next page's texts into the caches.
        for (text, _) in docs.get(j + 1).into_iter().flat_map(|d| texts(d)) {
            prefetch(text);
        }
        let len: u32 = texts(d)
            .map(|(text, flags)| count_text(&mut c, shared, doc as usize, text, flags))
            .sum();
        let (slots, slot_of) = (&c.slots, &c.slot_of);
        recs.extend(c.touched[..c.seen].iter().map(|&id| {
            let n = slots[slot_of[id as usize] as usize];
            (
                id,
                Posting {
                    doc,
                    tf: (n.counts & TF_MASK).clamp(1, u32::from(u16::MAX)) as u16,
                    flags: posting_flags(n.counts >> FLAG_SHIFT),
                },
            )
        }));
        doc_len.push(len.max(1));
    }
    let keys = c.slot_of.iter().map(|&i| c.slots[i as usize].key).collect();
    let terms = c.terms;
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
        keys,
        terms,
        postings,
        start,
        doc_len,
    }
}

/// The parts as one index: global word numbers (the first part's, then the new
/// words of later parts in their order), each word's list the parts' lists in
/// part order.
///
/// Each word's list is allocated at its exact length first, then filled part by
/// part, and each part is dropped as soon as it is copied. The parts' postings
/// and the merged ones (16 MB each at 10 000 pages) are thus never all held at
/// once, which made the peak memory of the whole build: the index is built
/// while the pages render, with the whole site in memory.
fn merge(mut parts: Vec<Part>) -> Inverted {
    let (terms, local_ids) = global_words(&mut parts);
    let doc_len = parts
        .iter()
        .flat_map(|p| p.doc_len.iter().copied())
        .collect();
    let mut len = vec![0usize; terms.len()];
    for (part, ids) in parts.iter().zip(&local_ids) {
        for (g, &lid) in ids.iter().enumerate() {
            if lid != u32::MAX {
                len[g] += part.list(lid as usize).len();
            }
        }
    }
    let mut lists: Vec<Vec<Posting>> = len.into_iter().map(Vec::with_capacity).collect();
    for (part, ids) in parts.into_iter().zip(local_ids) {
        for (g, &lid) in ids.iter().enumerate() {
            if lid != u32::MAX {
                lists[g].extend_from_slice(part.list(lid as usize));
            }
        }
    }
    Inverted {
        terms,
        lists: lists.into_iter().map(Vec::into_boxed_slice).collect(),
        doc_len,
    }
}

/// The words of all parts, numbered globally (the first part's, then new words
/// of later parts in their order; taken out of the parts), and for each part the
/// local number of each global word (`u32::MAX` where the part lacks it; the
/// list ends at the last word the part has).
fn global_words(parts: &mut [Part]) -> (Vec<Box<str>>, Vec<Vec<u32>>) {
    let mut vocab: FxMap<Key, u32> = fx_map(parts.first().map_or(0, |p| p.terms.len()) * 2);
    let mut terms: Vec<Box<str>> = Vec::new();
    let mut local_ids: Vec<Vec<u32>> = Vec::with_capacity(parts.len());
    for part in parts.iter_mut() {
        let mut ids = vec![u32::MAX; terms.len()];
        let part_terms = std::mem::take(&mut part.terms);
        for (lid, (&key, t)) in part.keys.iter().zip(part_terms).enumerate() {
            let next = terms.len() as u32;
            let g = *vocab.entry(key).or_insert(next);
            if g == next {
                terms.push(t);
                ids.push(lid as u32);
            } else {
                ids[g as usize] = lid as u32;
            }
        }
        local_ids.push(ids);
    }
    (terms, local_ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::doc;

    /// The result does not depend on how the pages are split into parts and
    /// between threads: postings stay in page order and every page has its
    /// length.
    #[test]
    fn the_split_between_threads_does_not_show() {
        let docs: Vec<_> = (0..11)
            .map(|i| {
                let text = if i % 3 == 0 { "ord tre" } else { "ord" };
                doc(&format!("/p{i:02}/"), "T", "sida", None, text)
            })
            .collect();
        let refs: Vec<&SearchDoc<'_>> = docs.iter().collect();
        let run = |threads: usize, per: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            pool.install(|| {
                let inv = invert_in_parts(&refs, per, &Boilerplate::none(refs.len()));
                let mut lists: Vec<(String, Vec<u32>)> = (0..inv.terms.len())
                    .map(|t| {
                        let docs = inv.list(t).iter().map(|p| p.doc).collect();
                        (inv.terms[t].to_string(), docs)
                    })
                    .collect();
                lists.sort();
                (lists, inv.doc_len.clone())
            })
        };
        let one = run(1, docs.len());
        assert_eq!(one.1.len(), docs.len());
        let tre = one.0.iter().find(|(w, _)| w == "tre").map(|l| l.1.clone());
        assert_eq!(tre, Some(vec![0, 3, 6, 9]));
        for threads in [1, 2, 3] {
            for per in [1, 2, 4, 5] {
                assert_eq!(run(threads, per), one, "{threads} threads, {per} a part");
            }
        }
        assert_eq!(invert(&refs, &Boilerplate::none(refs.len())).doc_len, one.1);
    }
}

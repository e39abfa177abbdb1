//! The site search: a static, chunked full-text index for Swedish content and
//! the data that the browser script `search.js` reads.
//!
//! [`build_index`] turns the resolved pages ([`SearchDoc`], never HTML) into
//! files below one folder (e.g. `sok/index/`):
//!
//! * `meta.json` — read first: the format version, a version string for
//!   cache busting, the number of pages, the first key of every term chunk,
//!   the folding table, the facets (module `facets`: each with its label and
//!   values, a value with its label and its pages, gap-coded), and the words
//!   too common to be worth fetching;
//! * `t/<n>.json` — term chunks (module `chunks`): stem groups (all words
//!   with the same folded Snowball stem, with their posting lists, and the
//!   compounds that have the stem as a part), sorted by key; a query fetches
//!   only the chunks that hold its words;
//! * `d/<n>.json` — card files of [`CARDS_PER_FILE`] pages each (module
//!   `cards`): the URL, title and date a result shows, fetched only for the
//!   results on screen. The snippet comes from the result's own HTML page,
//!   which the script fetches and reads (its `main` element, sections by
//!   their headings' ids), so the index holds no second copy of the text.
//!
//! Swedish is handled at build time where it is cheap: words are folded
//! (`värmland` → `varmland`, module `tokenize`), stemmed with Snowball
//! Swedish (module `swedish`), and compounds are split against the site's
//! own vocabulary (module `compound`), so that `hälsa` finds
//! `folkhälsoarbete`. The client repeats the folding and stemming on the
//! query and ranks exact form > folded form > stem > compound part > prefix,
//! with BM25 weights and a boost for title and heading matches.

pub mod facets;
pub(crate) mod records;

mod cards;
mod chunks;
mod compound;
mod encode;
mod invert;
mod swedish;
mod tokenize;

#[cfg(test)]
mod bench;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::output::OutputFile;

pub use crate::record::{FacetTag, SearchHeading};
pub(crate) use cards::{card_file_path, CARDS_PER_FILE};
use chunks::{Lengths, Scratch};
use compound::Lexicon;
pub(crate) use facets::Facet;
pub use facets::{facets, FacetSpec};
use swedish::Swedish;
use tokenize::{fold, fold_char, fx_hash, fx_map};

/// One page to index, built from the resolved content (never from HTML). Texts are
/// borrowed from the resolved site where they can be, so that records cost no copy of
/// the pages' text.
#[derive(Clone, Debug, Default)]
pub struct SearchDoc<'a> {
    /// Root-relative URL including the base path, e.g. `/some/path/lan/vasterbotten/`.
    pub url: String,
    /// Page title.
    pub title: Cow<'a, str>,
    /// Machine kind: `malomrade`, `lan`, `aktor`, `forum`, `forumdel`, a document's own
    /// kind (`declaration`, `report`, `presentation`, `other`) or `sida`. Sentences that
    /// nearly every page of a kind has weigh little (module `invert`).
    pub kind: Cow<'a, str>,
    /// The page's values of the facets (type of page, county, …), see [`facets`](mod@facets).
    pub facets: Vec<FacetTag<'a>>,
    /// Date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The text before the first section, in pieces read in order: the summary, the
    /// texts of the front matter, the body's text before its first heading. Plain
    /// text, no markup.
    pub intro: Vec<Cow<'a, str>>,
    /// The sections of the page, in order.
    pub headings: Vec<SearchHeading<'a>>,
}

/// Version of the index format, in `meta.json` as `format`.
pub(crate) const FORMAT: u32 = 4;

/// A word in at least this share of pages is listed as common in the meta
/// file; the client skips fetching it when the query has other words.
const COMMON_SHARE: f64 = 0.4;
/// Common words are only listed for sites with at least this many pages.
const COMMON_MIN_DOCS: usize = 40;
/// At most this many common words are listed.
const COMMON_MAX: usize = 100;

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    v: String,
    n: usize,
    chunks: Vec<&'a str>,
    fold: BTreeMap<String, String>,
    facets: Vec<MetaFacet<'a>>,
    common: Vec<&'a str>,
    pf: usize,
}

/// A facet in `meta.json`: `{"name", "label", "card", "values": [[label, pages]…]}`,
/// the pages of a value gap-coded (module `encode`) in page order.
#[derive(Serialize)]
struct MetaFacet<'a> {
    name: &'a str,
    label: &'a str,
    card: bool,
    values: Vec<(&'a str, String)>,
}

/// Builds the search index of `docs` as files below `dir` (e.g.
/// `sok/index`), in memory: `meta.json` first, then the term chunks and the
/// card files in number order. Pages are numbered in URL order; the output
/// is deterministic for the same input.
/// `facets` are of `docs` (made by [`facets()`]).
pub fn build_index(docs: &[SearchDoc<'_>], facets: &[Facet], dir: &str) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    let put = |f: OutputFile| -> Result<(), std::convert::Infallible> {
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(f);
        Ok(())
    };
    let Ok(()) = write_index(docs, facets, dir, &put);
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_by_cached_key(|f| file_rank(&f.path));
    files
}

/// Sort key of an index file: `meta.json`, then term chunks, then card files, each
/// by number.
fn file_rank(path: &str) -> (u8, usize) {
    let number = |p: &str| {
        p.rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".json"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    if path.ends_with("meta.json") {
        (0, 0)
    } else if path.contains("/t/") || path.starts_with("t/") {
        (1, number(path))
    } else {
        (2, number(path))
    }
}

/// Builds the search index of `docs` as files below `dir` (e.g. `sok/index`)
/// and hands each file to `put` as soon as it is made, from several threads
/// (the card files first, then the term chunks). `meta.json` comes
/// last, as it names the version of all the others. `facets` are of `docs`
/// (made by [`facets()`]).
pub(crate) fn write_index<E: Send>(
    docs: &[SearchDoc<'_>],
    facets: &[Facet],
    dir: &str,
    put: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let dir = dir.trim_matches('/');
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let (docs, page_of) = in_url_order(docs);
    let n = docs.len();
    let meta_facets = meta_facets(facets, &page_of);
    let (kind_codes, kinds) = kind_codes(&docs);

    // The card files, then the inverted index.
    let docs_version = write_cards(&docs, &prefix, put)?;
    let shared = invert::Boilerplate::find(&docs, &kind_codes, kinds);
    let inv = invert::invert(&docs, &shared);
    let info = folded_words(&inv);
    let (by_stem, group_of, mut groups) = stem_groups(&inv, &info);

    // Compounds: (part group, word) pairs; first parts that are no words of
    // their own are learned from the vocabulary first.
    let mut lex = Lexicon::new(
        info.iter()
            .zip(&group_of)
            .map(|((f, _), &g)| (f.as_str(), g)),
        groups.iter().enumerate().map(|(g, (k, _))| (*k, g as u32)),
    );
    let candidates: Vec<&str> = info
        .par_iter()
        .flat_map_iter(|(f, _)| {
            let mut out = Vec::new();
            lex.unknown_firsts(f, &mut out);
            out
        })
        .collect();
    lex.learn(candidates);
    let mut parts = compound_parts(&lex, &info, &group_of);
    add_learned_groups(&mut groups, lex.learned(), &mut parts);
    parts.par_sort_unstable();
    let comp_range = compound_ranges(&parts, groups.len());

    let words = Words {
        inv: &inv,
        by_stem: &by_stem,
        groups: &groups,
        parts: &parts,
        comp_range: &comp_range,
    };
    let (bounds, chunk_json): (Vec<String>, Vec<Vec<u8>>) = words.chunks(n).into_iter().unzip();
    let version = write_chunks(chunk_json, &prefix, put, docs_version)?;
    let meta = Meta {
        format: FORMAT,
        v: format!("{version:016x}"),
        n,
        chunks: bounds.iter().map(String::as_str).collect(),
        fold: fold_table(&inv),
        facets: meta_facets,
        common: common_words(&inv, n),
        pf: CARDS_PER_FILE,
    };
    put(OutputFile::bytes(
        format!("{prefix}meta.json"),
        serde_json::to_vec(&meta).unwrap_or_default(),
    ))
}

/// The records in URL order (pages are numbered so), and the page number of each record.
fn in_url_order<'d, 'a>(docs: &'d [SearchDoc<'a>]) -> (Vec<&'d SearchDoc<'a>>, Vec<u32>) {
    let mut order: Vec<u32> = (0..docs.len() as u32).collect();
    order.sort_by(|&a, &b| docs[a as usize].url.cmp(&docs[b as usize].url));
    let mut page_of = vec![0u32; docs.len()];
    for (page, &i) in order.iter().enumerate() {
        page_of[i as usize] = page as u32;
    }
    let docs = order.iter().map(|&i| &docs[i as usize]).collect();
    (docs, page_of)
}

/// Facets, with their pages by page number.
fn meta_facets<'f>(facets: &'f [Facet], page_of: &[u32]) -> Vec<MetaFacet<'f>> {
    facets
        .iter()
        .map(|f| MetaFacet {
            name: f.name,
            label: &f.label,
            card: f.on_card,
            values: f
                .values
                .iter()
                .map(|v| (v.label.as_str(), page_list(&v.pages, page_of)))
                .collect(),
        })
        .collect()
}

/// Each record's kind as a number, kinds numbered by first appearance (for the texts a
/// kind shares), and the number of kinds.
fn kind_codes(docs: &[&SearchDoc<'_>]) -> (Vec<usize>, usize) {
    let mut kinds: Vec<&str> = Vec::new();
    let codes = docs
        .iter()
        .map(|d| {
            kinds.iter().position(|&k| k == d.kind).unwrap_or_else(|| {
                kinds.push(&d.kind);
                kinds.len() - 1
            })
        })
        .collect();
    (codes, kinds.len())
}

/// Writes the card files (in parallel) and returns their share of the version.
fn write_cards<E: Send>(
    docs: &[&SearchDoc<'_>],
    prefix: &str,
    put: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<u64, E> {
    docs.par_chunks(CARDS_PER_FILE)
        .enumerate()
        .map(|(j, group)| {
            let f = OutputFile::bytes(
                format!("{prefix}{}", card_file_path(j)),
                cards::file_json(group),
            );
            let h = file_hash(&f);
            put(f).map(|()| h)
        })
        .try_reduce(|| 0, |a, b| Ok(a.wrapping_add(b)))
}

/// Each word's folded form and folded stem.
fn folded_words(inv: &invert::Inverted) -> Vec<(String, String)> {
    let sv = Swedish::new();
    inv.terms
        .par_iter()
        .map(|t| {
            let stem = sv.stem(t);
            (fold(t).into_owned(), fold(stem).into_owned())
        })
        .collect()
}

/// A stem group's key (the folded stem) and its words' range in the words by stem.
type Group<'a> = (&'a str, std::ops::Range<usize>);

/// Stem groups: words with the same folded stem, by folded form. Returns the words in
/// stem order, each word's group and the groups.
fn stem_groups<'i>(
    inv: &invert::Inverted,
    info: &'i [(String, String)],
) -> (Vec<u32>, Vec<u32>, Vec<Group<'i>>) {
    let prefix8 = |s: &str| {
        let mut b = [0u8; 8];
        let n = s.len().min(8);
        b[..n].copy_from_slice(&s.as_bytes()[..n]);
        u64::from_be_bytes(b)
    };
    let mut order: Vec<(u64, u32)> = info
        .par_iter()
        .enumerate()
        .map(|(t, (_, stem))| (prefix8(stem), t as u32))
        .collect();
    order.par_sort_unstable_by(|a, b| {
        let (x, y) = (a.1 as usize, b.1 as usize);
        a.0.cmp(&b.0)
            .then_with(|| info[x].1.cmp(&info[y].1))
            .then_with(|| info[x].0.cmp(&info[y].0))
            .then_with(|| inv.terms[x].cmp(&inv.terms[y]))
    });
    let by_stem: Vec<u32> = order.into_iter().map(|(_, t)| t).collect();
    let mut group_of = vec![0u32; inv.terms.len()];
    let mut groups: Vec<Group<'i>> = Vec::new();
    let mut start = 0;
    for i in 1..=by_stem.len() {
        let key = &info[by_stem[start] as usize].1;
        if i == by_stem.len() || info[by_stem[i] as usize].1 != *key {
            for &t in &by_stem[start..i] {
                group_of[t as usize] = groups.len() as u32;
            }
            groups.push((key.as_str(), start..i));
            start = i;
        }
    }
    (by_stem, group_of, groups)
}

/// The (part group, word) pairs of the compounds among the words.
fn compound_parts(lex: &Lexicon, info: &[(String, String)], group_of: &[u32]) -> Vec<(u32, u32)> {
    info.par_iter()
        .zip(group_of)
        .enumerate()
        .flat_map_iter(|(t, ((f, _), &own))| {
            let mut out = Vec::new();
            if f.len() >= 5 {
                lex.parts(f, &mut out);
                out.sort_unstable();
                out.dedup();
                out.retain(|&g| g != own);
            }
            out.into_iter().map(move |g| (g, t as u32))
        })
        .collect()
}

/// Learned first parts become groups without words, in key order; the parts' group
/// numbers follow.
fn add_learned_groups<'a>(
    groups: &mut Vec<Group<'a>>,
    learned: &'a [String],
    parts: &mut [(u32, u32)],
) {
    if learned.is_empty() {
        return;
    }
    groups.extend(learned.iter().map(|k| (k.as_str(), 0..0)));
    let mut order: Vec<u32> = (0..groups.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| groups[a as usize].0.cmp(groups[b as usize].0));
    let mut new_id = vec![0u32; groups.len()];
    for (new, &old) in order.iter().enumerate() {
        new_id[old as usize] = new as u32;
    }
    *groups = order.iter().map(|&g| groups[g as usize].clone()).collect();
    for p in parts.iter_mut() {
        p.0 = new_id[p.0 as usize];
    }
}

/// Each group's range of the (sorted) compound parts.
fn compound_ranges(parts: &[(u32, u32)], groups: usize) -> Vec<std::ops::Range<usize>> {
    let mut comp_range = vec![0..0; groups];
    let mut s = 0;
    for i in 1..=parts.len() {
        if i == parts.len() || parts[i].0 != parts[s].0 {
            comp_range[parts[s].0 as usize] = s..i;
            s = i;
        }
    }
    comp_range
}

/// The words of the index, grouped by stem, with their compounds.
struct Words<'w, 'g> {
    inv: &'w invert::Inverted,
    by_stem: &'w [u32],
    groups: &'w [Group<'g>],
    parts: &'w [(u32, u32)],
    comp_range: &'w [std::ops::Range<usize>],
}

impl Words<'_, '_> {
    /// Group entries as JSON, packed into chunks in key order: each chunk's bound and
    /// bytes. `n` is the number of pages.
    fn chunks(&self, n: usize) -> Vec<(String, Vec<u8>)> {
        let inv = self.inv;
        let len = Lengths::new(&inv.doc_len);
        let group_json: Vec<Vec<u8>> = self
            .groups
            .par_iter()
            .zip(self.comp_range)
            .map_init(Scratch::default, |scratch, ((key, range), comp)| {
                let words = self.by_stem[range.clone()]
                    .iter()
                    .map(|&t| (inv.terms[t as usize].as_ref(), inv.list(t as usize)));
                let lists: Vec<&[_]> = self.parts[comp.clone()]
                    .iter()
                    .map(|&(_, t)| inv.list(t as usize))
                    .collect();
                let comp = chunks::merge_postings(&lists, n, scratch).into_owned();
                chunks::group_entry(key, words, &comp, &len, scratch)
            })
            .collect();
        chunks::pack(
            self.groups
                .iter()
                .zip(&group_json)
                .map(|((k, _), j)| (*k, j.as_slice())),
        )
    }
}

/// Writes the term chunks in order and returns the version with their share added.
fn write_chunks<E: Send>(
    chunk_json: Vec<Vec<u8>>,
    prefix: &str,
    put: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
    mut version: u64,
) -> Result<u64, E> {
    for (i, bytes) in chunk_json.into_iter().enumerate() {
        let f = OutputFile::bytes(format!("{prefix}t/{i}.json"), bytes);
        version = version.wrapping_add(file_hash(&f));
        put(f)?;
    }
    Ok(version)
}

/// How the words' letters beyond ASCII fold (for the query side), where they do.
fn fold_table(inv: &invert::Inverted) -> BTreeMap<String, String> {
    let mut fold_table = BTreeMap::new();
    let mut seen = fx_map::<char, ()>(64);
    for t in inv.terms.iter().filter(|t| !t.is_ascii()) {
        for c in t.chars().filter(|c| !c.is_ascii()) {
            if seen.insert(c, ()).is_none() {
                let mut f = String::new();
                fold_char(c, &mut f);
                if f.chars().ne([c]) || ('\u{c0}'..='\u{24f}').contains(&c) {
                    fold_table.insert(c.to_string(), f);
                }
            }
        }
    }
    fold_table
}

/// The words on a large share of the pages, most common first.
fn common_words(inv: &invert::Inverted, n: usize) -> Vec<&str> {
    let mut common: Vec<(usize, &str)> = Vec::new();
    if n >= COMMON_MIN_DOCS {
        for (i, t) in inv.terms.iter().enumerate() {
            let p = inv.list(i);
            if p.len() as f64 >= COMMON_SHARE * n as f64 {
                common.push((p.len(), t));
            }
        }
    }
    common.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    common.truncate(COMMON_MAX);
    common.into_iter().map(|c| c.1).collect()
}

/// A file's share of the index version: the version is the wrapping sum over
/// all files, so it does not depend on the order they are made in.
fn file_hash(f: &OutputFile) -> u64 {
    fx_hash(f.in_memory().unwrap_or_default()) ^ fx_hash(f.path.as_bytes()).rotate_left(17)
}

/// The gap-coded page numbers (module `encode`) of the records `records`, whose
/// page numbers are `page_of`, in page order.
fn page_list(records: &[u32], page_of: &[u32]) -> String {
    let mut pages: Vec<u32> = records
        .iter()
        .filter_map(|&r| page_of.get(r as usize).copied())
        .collect();
    pages.sort_unstable();
    pages.dedup();
    let mut out = Vec::with_capacity(pages.len());
    let mut prev: i64 = -1;
    for p in pages {
        encode::push_num(&mut out, (i64::from(p) - prev - 1) as u64);
        prev = i64::from(p);
    }
    String::from_utf8(out).unwrap_or_default()
}

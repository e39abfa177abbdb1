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
pub mod records;

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

pub use cards::{card_file_path, CARDS_PER_FILE};
use chunks::{Lengths, Scratch};
use compound::Lexicon;
pub use facets::{facets, Facet, FacetSpec, FacetTag, FacetValue};
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

/// One section of a page.
#[derive(Clone, Debug, Default)]
pub struct SearchHeading<'a> {
    /// The heading's `id` (anchor) in the page.
    pub id: Cow<'a, str>,
    /// The heading text.
    pub title: Cow<'a, str>,
    /// The plain text of the section.
    pub text: Cow<'a, str>,
}

/// Version of the index format, in `meta.json` as `format`.
pub const FORMAT: u32 = 4;

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
pub fn write_index<E: Send>(
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

    // Pages are numbered in URL order.
    let mut order: Vec<u32> = (0..docs.len() as u32).collect();
    order.sort_by(|&a, &b| docs[a as usize].url.cmp(&docs[b as usize].url));
    let mut page_of = vec![0u32; docs.len()];
    for (page, &i) in order.iter().enumerate() {
        page_of[i as usize] = page as u32;
    }
    let docs: Vec<&SearchDoc<'_>> = order.iter().map(|&i| &docs[i as usize]).collect();
    let n = docs.len();

    // Facets, with their pages by page number.
    let meta_facets: Vec<MetaFacet<'_>> = facets
        .iter()
        .map(|f| MetaFacet {
            name: f.name,
            label: &f.label,
            card: f.on_card,
            values: f
                .values
                .iter()
                .map(|v| (v.label.as_str(), page_list(&v.pages, &page_of)))
                .collect(),
        })
        .collect();
    // Kinds by first appearance, for the texts a kind shares.
    let mut kinds: Vec<&str> = Vec::new();
    let kind_codes: Vec<usize> = docs
        .iter()
        .map(|d| {
            kinds.iter().position(|&k| k == d.kind).unwrap_or_else(|| {
                kinds.push(&d.kind);
                kinds.len() - 1
            })
        })
        .collect();

    // The card files, then the inverted index.
    let docs_version = docs
        .par_chunks(CARDS_PER_FILE)
        .enumerate()
        .map(|(j, group)| {
            let f = OutputFile::bytes(
                format!("{prefix}{}", card_file_path(j)),
                cards::file_json(group),
            );
            let h = file_hash(&f);
            put(f).map(|()| h)
        })
        .try_reduce(|| 0, |a, b| Ok(a.wrapping_add(b)))?;
    let shared = invert::Boilerplate::find(&docs, &kind_codes, kinds.len());
    let inv = invert::invert(&docs, &shared);

    // Words: folded form and folded stem.
    let sv = Swedish::new();
    let info: Vec<(String, String)> = inv
        .terms
        .par_iter()
        .map(|t| {
            let stem = sv.stem(t);
            (fold(t).into_owned(), fold(stem).into_owned())
        })
        .collect();

    // Stem groups: words with the same folded stem, by folded form.
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
    let mut groups: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
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
    let mut parts: Vec<(u32, u32)> = info
        .par_iter()
        .zip(&group_of)
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
        .collect();
    // Learned first parts become groups without words, in key order.
    if !lex.learned().is_empty() {
        groups.extend(lex.learned().iter().map(|k| (k.as_str(), 0..0)));
        let mut order: Vec<u32> = (0..groups.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| groups[a as usize].0.cmp(groups[b as usize].0));
        let mut new_id = vec![0u32; groups.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        groups = order.iter().map(|&g| groups[g as usize].clone()).collect();
        for p in &mut parts {
            p.0 = new_id[p.0 as usize];
        }
    }
    parts.par_sort_unstable();
    let mut comp_range = vec![0..0; groups.len()];
    let mut s = 0;
    for i in 1..=parts.len() {
        if i == parts.len() || parts[i].0 != parts[s].0 {
            comp_range[parts[s].0 as usize] = s..i;
            s = i;
        }
    }

    // Group entries as JSON, packed into chunks in key order.
    let len = Lengths::new(&inv.doc_len);
    let group_json: Vec<Vec<u8>> = groups
        .par_iter()
        .zip(&comp_range)
        .map_init(Scratch::default, |scratch, ((key, range), comp)| {
            let words = by_stem[range.clone()]
                .iter()
                .map(|&t| (inv.terms[t as usize].as_ref(), inv.list(t as usize)));
            let lists: Vec<&[_]> = parts[comp.clone()]
                .iter()
                .map(|&(_, t)| inv.list(t as usize))
                .collect();
            let comp = chunks::merge_postings(&lists, n, scratch).into_owned();
            chunks::group_entry(key, words, &comp, &len, scratch)
        })
        .collect();
    let chunk_list = chunks::pack(
        groups
            .iter()
            .zip(&group_json)
            .map(|((k, _), j)| (*k, j.as_slice())),
    );

    // Term chunks.
    let (bounds, chunk_json): (Vec<String>, Vec<Vec<u8>>) = chunk_list.into_iter().unzip();
    let mut version = docs_version;
    for (i, bytes) in chunk_json.into_iter().enumerate() {
        let f = OutputFile::bytes(format!("{prefix}t/{i}.json"), bytes);
        version = version.wrapping_add(file_hash(&f));
        put(f)?;
    }

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

    let meta = Meta {
        format: FORMAT,
        v: format!("{version:016x}"),
        n,
        chunks: bounds.iter().map(String::as_str).collect(),
        fold: fold_table,
        facets: meta_facets,
        common: common.iter().map(|c| c.1).collect(),
        pf: CARDS_PER_FILE,
    };
    put(OutputFile::bytes(
        format!("{prefix}meta.json"),
        serde_json::to_vec(&meta).unwrap_or_default(),
    ))
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

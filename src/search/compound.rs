//! Splitting Swedish compounds against the site's own vocabulary.
//!
//! Swedish writes compounds as one word (`folkhälsoarbete`), so a search for
//! `hälsa` would not find it by whole words or stems. At build time every
//! long word of the vocabulary is split into parts that are themselves words
//! or stems of the vocabulary, allowing the linking letters of
//! `LINKING` (module `swedish`): `folk|hälso|arbete`, where `hälso`
//! is `häls-` (the stem of `hälsa`) plus the linking `-o-`. The word's
//! postings are then also filed under each part's stem key as "compound
//! part" matches. Everything happens on folded forms (see
//! [`fold`](super::tokenize::fold)).

use super::swedish::{INFLECTION_ENDINGS, LINKING, NOT_HEADS};
use super::tokenize::{id_map, word_hash, IdMap};

/// Shortest first part of a compound, in characters (before a linking letter
/// is removed it must still be at least this long).
const MIN_MODIFIER: usize = 3;
/// Shortest last part (head) of a compound, in characters.
const MIN_HEAD: usize = 4;
/// Deepest recursion (a compound has at most `MAX_DEPTH + 1` parts).
const MAX_DEPTH: usize = 3;
/// A first part that is not a word of its own is learned when at least this
/// many words consist of it and a known word (`folk` from `folkhälsa`,
/// `folkhälsan`).
const LEARN_MIN_WORDS: usize = 2;
/// Size of the prefilter of [`Lexicon`]: 2^22 bits = 512 KiB.
const SEEN_BITS: u32 = 22;

/// Character boundaries of `f` (byte offsets; for ASCII simply 0..len).
fn char_bounds(f: &str) -> Vec<usize> {
    if f.is_ascii() {
        (0..f.len()).collect()
    } else {
        f.char_indices().map(|(i, _)| i).collect()
    }
}

/// The vocabulary seen from the compound splitter, on folded forms. Parts
/// are returned as stem group numbers; learned first parts get the numbers
/// after the groups of the vocabulary.
pub(crate) struct Lexicon {
    /// A bit per hash value (top bits) of every key of `words` and `stems`:
    /// most candidate parts are ruled out here without touching the maps.
    seen: Vec<u64>,
    /// Folded word → stem group of the word.
    words: IdMap<u32>,
    /// Folded stem key → stem group.
    stems: IdMap<u32>,
    /// Number of stem groups of the vocabulary.
    groups: u32,
    /// Learned first parts, numbered from `groups` on.
    learned: Vec<String>,
}

impl Lexicon {
    /// A lexicon of `(folded word, its stem group)` and `(stem key, group)`.
    pub(crate) fn new<'a>(
        words: impl ExactSizeIterator<Item = (&'a str, u32)>,
        stems: impl ExactSizeIterator<Item = (&'a str, u32)>,
    ) -> Self {
        let mut w = id_map(words.len());
        for (f, g) in words {
            w.entry(word_hash(f)).or_insert(g);
        }
        let mut s = id_map(stems.len() + 64);
        let mut groups = 0;
        for (k, g) in stems {
            s.insert(word_hash(k), g);
            groups = groups.max(g + 1);
        }
        let mut lex = Lexicon {
            seen: vec![0; 1 << (SEEN_BITS - 6)],
            words: w,
            stems: s,
            groups,
            learned: Vec::new(),
        };
        let keys: Vec<u64> = lex.words.keys().chain(lex.stems.keys()).copied().collect();
        for h in keys {
            lex.mark(h);
        }
        lex
    }

    #[inline]
    fn mark(&mut self, h: u64) {
        let bit = h >> (64 - SEEN_BITS);
        self.seen[(bit >> 6) as usize] |= 1 << (bit & 63);
    }

    #[inline]
    fn maybe(&self, h: u64) -> bool {
        let bit = h >> (64 - SEEN_BITS);
        self.seen[(bit >> 6) as usize] & (1 << (bit & 63)) != 0
    }

    /// The learned first parts; part number `groups + i` is `learned()[i]`.
    pub(crate) fn learned(&self) -> &[String] {
        &self.learned
    }

    fn known_first(&self, m: &str) -> Option<u32> {
        let h = word_hash(m);
        if !self.maybe(h) {
            return None;
        }
        self.stems.get(&h).or_else(|| self.words.get(&h)).copied()
    }

    fn modifier(&self, m: &str, chars: usize) -> Option<u32> {
        if chars < MIN_MODIFIER {
            return None;
        }
        if let Some(g) = self.known_first(m) {
            return Some(g);
        }
        let last = m.chars().next_back()?;
        if chars > MIN_MODIFIER && LINKING.contains(&last) {
            return self.known_first(&m[..m.len() - last.len_utf8()]);
        }
        None
    }

    fn head(&self, rest: &str, chars: usize) -> Option<u32> {
        if chars < MIN_HEAD {
            return None;
        }
        let h = word_hash(rest);
        if !self.maybe(h) {
            return None;
        }
        let g = self.words.get(&h).copied()?;
        if INFLECTION_ENDINGS.contains(&rest) || NOT_HEADS.contains(&rest) {
            return None;
        }
        Some(g)
    }

    /// Appends to `out` the unknown first parts `m` of the folded word `f` =
    /// `m` + a known word (a linking `s` removed).
    pub(crate) fn unknown_firsts<'f>(&self, f: &'f str, out: &mut Vec<&'f str>) {
        if f.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        let bounds = char_bounds(f);
        let n = bounds.len();
        for (k, &at) in bounds.iter().enumerate().skip(MIN_MODIFIER) {
            if n - k < MIN_HEAD {
                break;
            }
            let (m, rest) = f.split_at(at);
            if self.head(rest, n - k).is_some() && self.modifier(m, k).is_none() {
                out.push(m.strip_suffix('s').unwrap_or(m));
            }
        }
    }

    /// Learns the first parts found by [`Lexicon::unknown_firsts`] in at
    /// least [`LEARN_MIN_WORDS`] words.
    pub(crate) fn learn(&mut self, mut candidates: Vec<&str>) {
        candidates.sort_unstable();
        let mut i = 0;
        while i < candidates.len() {
            let mut j = i + 1;
            while j < candidates.len() && candidates[j] == candidates[i] {
                j += 1;
            }
            let m = candidates[i];
            if j - i >= LEARN_MIN_WORDS && m.chars().count() >= MIN_MODIFIER {
                let h = word_hash(m);
                if !self.stems.contains_key(&h) && !self.words.contains_key(&h) {
                    self.mark(h);
                    self.stems
                        .insert(h, self.groups + self.learned.len() as u32);
                    self.learned.push(m.to_string());
                }
            }
            i = j;
        }
    }

    /// Appends to `out` the stem groups of the parts of the folded word `f`
    /// (possibly including the word's own group, which the caller drops).
    /// Returns whether `f` was split.
    pub(crate) fn parts(&self, f: &str, out: &mut Vec<u32>) -> bool {
        if f.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
        let bounds = char_bounds(f);
        if bounds.len() >= MIN_MODIFIER + MIN_HEAD && self.split(f, &bounds, 0, out) {
            return true;
        }
        // A lone first part, as in "hälso- och sjukvård": hälso → häls(a).
        if let Some(last @ ('o' | 'u')) = f.chars().next_back() {
            if bounds.len() > MIN_MODIFIER {
                let base = &f[..f.len() - last.len_utf8()];
                if let Some(&g) = self.stems.get(&word_hash(base)) {
                    out.push(g);
                    return true;
                }
            }
        }
        false
    }

    fn split(&self, f: &str, bounds: &[usize], depth: usize, out: &mut Vec<u32>) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let n = bounds.len();
        for k in MIN_MODIFIER..=n.saturating_sub(MIN_HEAD) {
            let at = bounds[k];
            let rest = &f[at..];
            let rest_chars = n - k;
            let head = self.head(rest, rest_chars);
            if head.is_none() && rest_chars < MIN_MODIFIER + MIN_HEAD {
                continue;
            }
            let Some(first) = self.modifier(&f[..at], k) else {
                continue;
            };
            let mark = out.len();
            out.push(first);
            let rest_bounds: Vec<usize> = bounds[k..].iter().map(|b| b - at).collect();
            if let Some(h) = head {
                out.push(h);
                // The head may itself be a compound (hälsoarbete).
                let inner = out.len();
                if !self.split(rest, &rest_bounds, depth + 1, out) {
                    out.truncate(inner);
                }
                return true;
            }
            if self.split(rest, &rest_bounds, depth + 1, out) {
                return true;
            }
            out.truncate(mark);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (folded word, folded stem) pairs; groups are numbered by stem.
    const VOCAB: &[(&str, &str)] = &[
        ("folk", "folk"),
        ("halsa", "hals"),
        ("halsan", "halsan"),
        ("arbete", "arbet"),
        ("levnad", "levnad"),
        ("vanor", "van"),
        ("kommun", "kommun"),
        ("erna", "ern"),
        ("ingen", "ingen"),
    ];

    fn lexicon(vocab: &[(&'static str, &'static str)]) -> (Lexicon, Vec<&'static str>) {
        let mut stems: Vec<&str> = vocab.iter().map(|v| v.1).collect();
        stems.sort_unstable();
        stems.dedup();
        let group = |s: &str| stems.iter().position(|&x| x == s).unwrap_or(0) as u32;
        let lex = Lexicon::new(
            vocab
                .iter()
                .map(|&(w, s)| (w, group(s)))
                .collect::<Vec<_>>()
                .into_iter(),
            stems
                .iter()
                .map(|&s| (s, group(s)))
                .collect::<Vec<_>>()
                .into_iter(),
        );
        (lex, stems)
    }

    fn parts(lex: &Lexicon, names: &[&str], f: &str) -> Vec<String> {
        let mut out = Vec::new();
        lex.parts(f, &mut out);
        let mut v: Vec<String> = out
            .into_iter()
            .map(|g| {
                let g = g as usize;
                names
                    .get(g)
                    .map_or_else(|| lex.learned()[g - names.len()].clone(), |s| s.to_string())
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn splits_with_linking_letters() {
        let (lex, names) = lexicon(VOCAB);
        assert_eq!(
            parts(&lex, &names, "folkhalsoarbete"),
            ["arbet", "folk", "hals"]
        );
        assert_eq!(parts(&lex, &names, "levnadsvanor"), ["levnad", "van"]);
        assert_eq!(parts(&lex, &names, "halso"), ["hals"]);
        assert!(parts(&lex, &names, "arbetet").is_empty());
    }

    #[test]
    fn does_not_split_inflections_or_function_words() {
        let (mut lex, names) = lexicon(VOCAB);
        assert!(parts(&lex, &names, "kommunerna").is_empty());
        lex.learn(vec!["utveckl", "utveckl"]);
        assert!(parts(&lex, &names, "utvecklingen").is_empty());
    }

    #[test]
    fn learns_first_parts_that_are_no_words() {
        let (mut lex, names) =
            lexicon(&[("halsa", "hals"), ("halsan", "halsan"), ("arbete", "arbet")]);
        assert!(parts(&lex, &names, "landshalsa").is_empty());
        let mut cands = Vec::new();
        for w in ["folkhalsa", "folkhalsan", "landshalsa"] {
            lex.unknown_firsts(w, &mut cands);
        }
        lex.learn(cands);
        assert_eq!(parts(&lex, &names, "folkhalsa"), ["folk", "hals"]);
        // "land(s)" was seen once only.
        assert!(parts(&lex, &names, "landshalsa").is_empty());
    }
}

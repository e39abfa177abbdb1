//! Splitting text into words and folding words for accent-insensitive matching.
//!
//! The rules here are mirrored exactly by `search.js` (functions `words` and
//! `fold`), so that a query word and an indexed word meet on the same key:
//!
//! * text is lowercased first (Unicode default lowercasing);
//! * a word is a maximal run of alphabetic or numeric characters (Rust
//!   `char::is_alphanumeric`, in JavaScript `[\p{Alphabetic}\p{N}]`) plus the
//!   combining diacritical marks U+0300–U+036F; a decomposed `a` + ring is
//!   composed to `å` (the client normalises queries to NFC);
//! * words longer than [`MAX_WORD_CHARS`] characters are dropped;
//! * folding maps Latin letters with diacritics to ASCII (`å`→`a`, `ö`→`o`,
//!   `é`→`e`, `æ`→`ae`) and drops combining marks; the exact mapping of every
//!   non-ASCII character of the vocabulary is written to `meta.json` so that
//!   the client folds the same way.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Words longer than this (in characters) are not indexed (URLs, hashes, junk).
pub(crate) const MAX_WORD_CHARS: usize = 40;

/// A small, fast, non-cryptographic hasher (the "Fx" hash of rustc) for the
/// string-keyed maps of the index builder.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weakly mixed, and hashbrown picks
        // buckets by the low bits: rotate the well-mixed high bits down (as
        // rustc-hash 2 does).
        self.hash.rotate_left(26)
    }
}

/// `HashMap` with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A new empty [`FxMap`] with room for `capacity` entries.
pub(crate) fn fx_map<K, V>(capacity: usize) -> FxMap<K, V> {
    FxMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// A well-mixed 64-bit hash of a word. The index builder keys its maps by
/// this hash alone (with [`IdMap`]), which keeps the maps small and spares
/// string comparisons; two different words with the same 64-bit hash (odds
/// about 10⁻⁹ for a million words) would share one entry.
#[inline]
pub(crate) fn word_hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.add(s.len() as u64);
    // murmur3's finaliser, so that every bit depends on every input bit.
    let mut x = h.hash;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Hasher for keys that are already hashes ([`word_hash`]).
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `HashMap` keyed by [`word_hash`] values.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// A new empty [`IdMap`] with room for `capacity` entries.
pub(crate) fn id_map<V>(capacity: usize) -> IdMap<V> {
    IdMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// Hash of a byte string (used for the cache-busting version of the index).
pub(crate) fn fx_hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// True for the combining diacritical marks U+0300–U+036F.
#[inline]
fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Classes of ASCII bytes: 0 separator, 1 lowercase letter or digit, 2
/// uppercase letter.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            1
        } else if c.is_ascii_uppercase() {
            2
        } else {
            0
        };
        b += 1;
    }
    t
};

/// How a non-ASCII character takes part in words.
#[derive(PartialEq, Eq)]
enum Kind {
    /// Not part of a word.
    Other,
    /// A letter or digit that lowercasing leaves alone.
    Lower,
    /// A letter that lowercasing changes.
    Upper,
    /// A combining mark.
    Mark,
}

/// [`Kind`] of the two-byte UTF-8 characters U+0080–U+07FF (Latin, Greek,
/// Cyrillic …), as 0 Other, 1 Lower, 2 Upper, 3 Mark.
fn two_byte_kinds() -> &'static [u8; 2048] {
    static TABLE: OnceLock<[u8; 2048]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0u8; 2048];
        for (cp, slot) in t.iter_mut().enumerate().skip(0x80) {
            if let Some(c) = char::from_u32(cp as u32) {
                *slot = match kind_slow(c) {
                    Kind::Other => 0,
                    Kind::Lower => 1,
                    Kind::Upper => 2,
                    Kind::Mark => 3,
                };
            }
        }
        t
    })
}

/// The [`Kind`] of the character starting at byte `i` of `text` (not ASCII),
/// and its length in bytes.
#[inline]
fn kind_at(text: &str, i: usize, table: &[u8; 2048]) -> (Kind, usize) {
    let b = text.as_bytes();
    if (0xc2..=0xdf).contains(&b[i]) && i + 1 < b.len() {
        let cp = (usize::from(b[i] & 0x1f) << 6) | usize::from(b[i + 1] & 0x3f);
        let k = match table[cp] {
            1 => Kind::Lower,
            2 => Kind::Upper,
            3 => Kind::Mark,
            _ => Kind::Other,
        };
        return (k, 2);
    }
    match text[i..].chars().next() {
        Some(c) => (kind_slow(c), c.len_utf8()),
        None => (Kind::Other, 1),
    }
}

fn kind_slow(c: char) -> Kind {
    match c {
        c if is_mark(c) => Kind::Mark,
        c if c.is_alphanumeric() => {
            let mut lc = c.to_lowercase();
            if lc.len() == 1 && lc.next() == Some(c) {
                Kind::Lower
            } else {
                Kind::Upper
            }
        }
        _ => Kind::Other,
    }
}

/// Calls `f` with every word of `text`, lowercased.
///
/// Words are borrowed from `text` when they are lowercase already, and
/// lowercased (and composed: `a` + U+030A → `å`) into an owned string
/// otherwise.
pub(crate) fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>)) {
    let bytes = text.as_bytes();
    let table = two_byte_kinds();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        // Skip to the start of a word.
        let b = bytes[i];
        if b < 0x80 {
            if ASCII_CLASS[usize::from(b)] == 0 {
                i += 1;
                continue;
            }
        } else {
            let (k, len) = kind_at(text, i, table);
            if k == Kind::Other {
                i += len;
                continue;
            }
        }
        let start = i;
        let mut lower = true;
        let mut mark = false;
        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                match ASCII_CLASS[usize::from(b)] {
                    0 => break,
                    2 => lower = false,
                    _ => {}
                }
                i += 1;
            } else {
                let (k, len) = kind_at(text, i, table);
                match k {
                    Kind::Other => break,
                    Kind::Upper => lower = false,
                    Kind::Mark => mark = true,
                    Kind::Lower => {}
                }
                i += len;
            }
        }
        let w = &text[start..i];
        if w.len() > MAX_WORD_CHARS && w.chars().count() > MAX_WORD_CHARS {
            continue;
        }
        if lower && !mark {
            f(Cow::Borrowed(w));
        } else {
            let mut s = String::with_capacity(w.len());
            for c in w.chars() {
                if c.is_ascii() {
                    s.push(c.to_ascii_lowercase());
                } else {
                    s.extend(c.to_lowercase());
                }
            }
            f(Cow::Owned(if mark { compose(&s) } else { s }))
        }
    }
}

/// The words of `text` (lowercased, composed), as owned strings.
#[cfg(test)]
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.into_owned()));
    out
}

/// Composes a lowercase base letter followed by a combining mark into one
/// character where Swedish and its neighbours need it; other marks stay.
fn compose(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut prev: Option<char> = None;
    for c in word.chars() {
        if is_mark(c) {
            if let Some(p) = prev {
                if let Some(composed) = compose_pair(p, c) {
                    prev = Some(composed);
                    continue;
                }
                out.push(p);
            }
            prev = None;
            out.push(c);
            continue;
        }
        if let Some(p) = prev {
            out.push(p);
        }
        prev = Some(c);
    }
    if let Some(p) = prev {
        out.push(p);
    }
    out
}

fn compose_pair(base: char, mark: char) -> Option<char> {
    Some(match (base, mark) {
        ('a', '\u{30a}') => 'å',
        ('a', '\u{308}') => 'ä',
        ('o', '\u{308}') => 'ö',
        ('u', '\u{308}') => 'ü',
        ('e', '\u{308}') => 'ë',
        ('i', '\u{308}') => 'ï',
        ('y', '\u{308}') => 'ÿ',
        ('e', '\u{301}') => 'é',
        ('a', '\u{301}') => 'á',
        ('i', '\u{301}') => 'í',
        ('o', '\u{301}') => 'ó',
        ('u', '\u{301}') => 'ú',
        ('e', '\u{300}') => 'è',
        ('a', '\u{300}') => 'à',
        ('e', '\u{302}') => 'ê',
        ('a', '\u{302}') => 'â',
        ('o', '\u{302}') => 'ô',
        ('n', '\u{303}') => 'ñ',
        ('a', '\u{303}') => 'ã',
        ('o', '\u{303}') => 'õ',
        ('c', '\u{327}') => 'ç',
        _ => return None,
    })
}

/// True for the Latin-script blocks whose letters are folded to ASCII.
#[inline]
fn is_latin(c: char) -> bool {
    ('\u{c0}'..='\u{24f}').contains(&c) || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

/// The folded form of one non-ASCII character of a lowercase word: ASCII for
/// Latin letters with diacritics, nothing for combining marks, else itself.
pub(crate) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
    } else if is_mark(c) {
    } else if is_latin(c) {
        let before = out.len();
        if let Some(s) = deunicode::deunicode_char(c) {
            for b in s.bytes() {
                if b.is_ascii_alphanumeric() {
                    out.push(char::from(b.to_ascii_lowercase()));
                }
            }
        }
        if out.len() == before {
            out.push(c);
        }
    } else {
        out.push(c);
    }
}

/// Folds a lowercase word for accent-insensitive matching: `värmland` →
/// `varmland`, `får` → `far`. ASCII words are returned as they are.
pub(crate) fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_char(c, &mut out);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_punctuation_and_lowercases() {
        assert_eq!(
            words("Hälso- och sjukvård, 2023! Västerbottens län."),
            vec!["hälso", "och", "sjukvård", "2023", "västerbottens", "län"]
        );
    }

    #[test]
    fn lowercases_like_std() {
        for s in ["Västerbotten ÅÄÖ éÉ ÜBER", "İstanbul ǅ Ωmega abc"] {
            let joined: Vec<String> = s.to_lowercase().split(' ').map(String::from).collect();
            assert_eq!(words(s), joined);
        }
    }

    #[test]
    fn composes_decomposed_letters() {
        assert_eq!(
            words("Va\u{308}rmland Sko\u{308}vde"),
            vec!["värmland", "skövde"]
        );
        assert_eq!(words("ga\u{30a}r"), vec!["går"]);
    }

    #[test]
    fn drops_overlong_words() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("kort {long} ord")), vec!["kort", "ord"]);
        let ok = "ä".repeat(MAX_WORD_CHARS);
        assert_eq!(words(&ok).len(), 1);
    }

    #[test]
    fn folds_swedish_letters() {
        assert_eq!(fold("värmland"), "varmland");
        assert_eq!(fold("får"), "far");
        assert_eq!(fold("öckerö"), "ockero");
        assert_eq!(fold("café"), "cafe");
        assert_eq!(fold("æble"), "aeble");
        assert_eq!(fold("folkhälsa"), "folkhalsa");
        assert!(matches!(fold("folk"), Cow::Borrowed(_)));
        // Non-Latin scripts stay as they are.
        assert_eq!(fold("мир"), "мир");
    }

    #[test]
    fn fx_hash_differs_for_different_input() {
        assert_ne!(fx_hash(b"abc"), fx_hash(b"abd"));
        assert_ne!(fx_hash(b""), fx_hash(b"\0"));
    }
}

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

/// The "Fx" hash of rustc (version 1) for [`fx_hash`] only: the version of the index
/// files is made with it, so it stays as it was (the maps use `rustc-hash`).
#[derive(Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }

    /// Eight bytes at a time, the last ones padded with zeros.
    fn add_bytes(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

/// `HashMap` with the hasher of `rustc-hash` (measured against the Fx hasher of our
/// own that it replaces: no difference at 10 000 pages, see `benches/README.md`).
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A new empty [`FxMap`] with room for `capacity` entries.
pub(crate) fn fx_map<K, V>(capacity: usize) -> FxMap<K, V> {
    FxMap::with_capacity_and_hasher(capacity, rustc_hash::FxBuildHasher)
}

/// A well-mixed 64-bit hash of a word. The compound splitter keys its maps
/// by this hash alone (with [`IdMap`]), which keeps the maps small and spares
/// string comparisons; two different words with the same 64-bit hash (odds
/// about 10⁻⁹ for a million words) would share one entry.
///
/// Words are short, so the hash reads them with a few (overlapping)
/// unaligned loads and mixes with folded 128-bit multiplies (as wyhash does),
/// without a loop or a copy for words of up to 16 bytes.
#[inline]
pub(crate) fn word_hash(s: &str) -> u64 {
    let b = s.as_bytes();
    let n = b.len();
    let mut seed = S2 ^ (n as u64);
    let (x, y) = if n <= 16 {
        if n >= 8 {
            (read8(b, 0), read8(b, n - 8))
        } else if n >= 4 {
            (u64::from(read4(b, 0)), u64::from(read4(b, n - 4)))
        } else if n > 0 {
            let x = (u64::from(b[0]) << 16) | (u64::from(b[n / 2]) << 8) | u64::from(b[n - 1]);
            (x, 0)
        } else {
            (0, 0)
        }
    } else {
        let mut i = 0;
        while i + 16 < n {
            seed = mum(read8(b, i) ^ S0, read8(b, i + 8) ^ seed);
            i += 16;
        }
        (read8(b, n - 16), read8(b, n - 8))
    };
    mum(mum(x ^ S0, y ^ seed) ^ S1, S2 ^ (n as u64))
}

/// Mixing constants of [`word_hash`] and [`Key`] (those of wyhash).
const S0: u64 = 0xa076_1d64_78bd_642f;
const S1: u64 = 0xe703_7ed1_a0b4_28db;
const S2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// Folded 64 × 64 → 128-bit multiply: the xor of the two halves.
#[inline]
fn mum(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline]
fn read8(b: &[u8], i: usize) -> u64 {
    let mut buf = [0u8; 8];
    buf.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(buf)
}

#[inline]
fn read4(b: &[u8], i: usize) -> u32 {
    let mut buf = [0u8; 4];
    buf.copy_from_slice(&b[i..i + 4]);
    u32::from_le_bytes(buf)
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
/// Four independent Fx lanes over 32-byte blocks, so that hashing the tens of
/// megabytes of a large index is not one long chain of multiplies.
pub(crate) fn fx_hash(bytes: &[u8]) -> u64 {
    let mut lanes = [FxHasher::default(); 4];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(word);
            lane.add(u64::from_le_bytes(buf));
        }
    }
    let mut h = FxHasher::default();
    for lane in &lanes {
        h.add(lane.hash);
    }
    h.add_bytes(blocks.remainder());
    h.add(bytes.len() as u64);
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

/// A word's identity while the index counts words: for a word of up to 16
/// bytes, its lowercase bytes themselves (zero-padded, in two little-endian
/// halves: exact, and read from the text with two loads); for a longer word,
/// a hash of its bytes and [`Key::LONG`]. No word has a zero byte, so padding
/// cannot make two words equal, and no word of up to 16 bytes has
/// `Key::LONG` as its second half (eight `0xFF` bytes are not UTF-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub(crate) struct Key(pub(crate) u64, pub(crate) u64);

impl Key {
    /// Second half of the key of a word longer than 16 bytes.
    const LONG: u64 = u64::MAX;

    /// The key of `word` (already lowercase).
    pub(crate) fn of(word: &str) -> Key {
        let b = word.as_bytes();
        let half = |at: usize| {
            let mut buf = [0u8; 16];
            let rest = b.get(at..).unwrap_or_default();
            let n = rest.len().min(16);
            buf[..n].copy_from_slice(&rest[..n]);
            (read8(&buf, 0), read8(&buf, 8))
        };
        if b.len() <= 16 {
            let (lo, hi) = half(0);
            Key(lo, hi)
        } else {
            Key::long(b.len(), (0..b.len()).step_by(16).map(half))
        }
    }

    /// The key of a word of `n` bytes longer than 16: a hash of its bytes
    /// in 16-byte pieces (the last one zero-padded), never zero (which marks
    /// an empty slot of a table of keys). Two long words with the same hash
    /// (odds about 10⁻⁹ for a million words) would count as one.
    #[inline(always)]
    fn long(n: usize, pieces: impl Iterator<Item = (u64, u64)>) -> Key {
        let mut h = S2 ^ n as u64;
        for (lo, hi) in pieces {
            h = mum(lo ^ h ^ S0, hi ^ S1);
        }
        Key(h.max(1), Key::LONG)
    }

    /// `self == other`, without a branch between the halves.
    #[inline(always)]
    pub(crate) fn same(self, other: Key) -> bool {
        (self.0 ^ other.0) | (self.1 ^ other.1) == 0
    }

    /// A well-mixed hash of the key (one multiply): short keys are the
    /// word's bytes, and long ones are a hash already.
    #[inline(always)]
    pub(crate) fn hash(self) -> u64 {
        mum(self.0 ^ S0, self.1 ^ S1)
    }
}

/// Masks of the bytes of a word of `n` bytes in the two halves of its
/// [`Key`], for `n` up to 16.
const KEY_MASKS: [(u64, u64); 17] = {
    /// The low `n` (at most 8) bytes of a `u64`.
    const fn low_bytes(n: usize) -> u64 {
        if n >= 8 {
            u64::MAX
        } else {
            (1 << (8 * n)) - 1
        }
    }
    let mut t = [(0, 0); 17];
    let mut n = 0;
    while n <= 16 {
        t[n] = (low_bytes(n), low_bytes(n.saturating_sub(8)));
        n += 1;
    }
    t
};

/// `x` with its ASCII uppercase letters lowercased, eight bytes at once
/// (other bytes, including those of UTF-8 sequences, are left alone).
#[inline(always)]
fn ascii_lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = x & !HIGH;
    // High bit of each byte set when its low seven bits are at least `A`,
    // and when they are past `Z` (no carry crosses bytes).
    let ge_a = low7 + ONES * u64::from(0x80 - b'A');
    let gt_z = low7 + ONES * u64::from(0x7f - b'Z');
    let upper = ge_a & !gt_z & !x & HIGH;
    x | (upper >> 2)
}

/// A word found by [`for_each_word`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word<'a> {
    /// The lowercase word's [`Key`].
    pub(crate) key: Key,
    /// The text the word is in (the word as it stands in the text, whole
    /// UTF-8 characters, or lowercased already: its only uppercase letters
    /// are ASCII), and where (cut only when the word is needed as a string,
    /// which is rare).
    text: &'a [u8],
    at: usize,
    end: usize,
}

impl<'a> Word<'a> {
    /// A word that is lowercase already.
    #[inline]
    fn lowercase(text: &'a str) -> Self {
        Word {
            key: Key::of(text),
            text: text.as_bytes(),
            at: 0,
            end: text.len(),
        }
    }

    /// The word, lowercased.
    pub(crate) fn to_lowercase(self) -> Cow<'a, str> {
        let w = String::from_utf8_lossy(self.text.get(self.at..self.end).unwrap_or_default());
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            w
        }
    }
}

/// The [`Key`] of the word of `n` bytes (ASCII letters and digits and
/// lowercase Latin-1 letters) at `s` (below 64) of `low`, the lowercased
/// block the word starts in and the next one, when it has at most 32 bytes.
#[inline(always)]
fn key_at(low: &[[u8; 64]; 2], s: usize, n: usize) -> Option<Key> {
    let low = low.as_flattened();
    let s = s & 63;
    if n <= 16 {
        let (m0, m1) = *KEY_MASKS.get(n)?;
        let b = &low[s..s + 16];
        Some(Key(read8(b, 0) & m0, read8(b, 8) & m1))
    } else {
        let (m0, m1) = *KEY_MASKS.get(n - 16)?;
        let b = &low[s..s + 32];
        let first = (read8(b, 0), read8(b, 8));
        let second = (read8(b, 16) & m0, read8(b, 24) & m1);
        Some(Key::long(n, [first, second].into_iter()))
    }
}

/// Asks the processor to start loading the first 128 bytes of `text` into
/// its caches, so that scanning it later does not wait for memory (the
/// texts of a page are separate allocations, which the processor cannot
/// foresee).
#[inline(always)]
pub(crate) fn prefetch(text: &str) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let p = text.as_ptr().cast::<i8>();
        // SAFETY: a prefetch is only a hint: it reads nothing into the
        // program and never faults, whatever the address (here one in or
        // just past `text`); SSE is part of the x86-64 baseline.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(p);
            _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(64));
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = text;
}

/// Calls `f` with every word of `text` ([`Word`]: its lowercase [`Key`], and
/// the word); returns the number of words.
///
/// The key of a word of up to 32 bytes of ASCII letters and digits and
/// lowercase Latin-1 letters (nearly every word) is read with two or four
/// loads from a lowercased copy of the block it starts in and the next one;
/// other words are lowercased (and composed: `a` + U+030A → `å`) into a
/// buffer that is reused from word to word, so that no word is allocated.
///
/// The text is read 64 bytes at a time into its lowercased copy and bit
/// masks (16 bytes per step with SSE2, or eight with [`classify8`]) of the
/// bytes that are ASCII letters or digits or not ASCII, of the uppercase
/// ASCII letters, of the non-ASCII bytes and of the non-ASCII bytes that are
/// not part of a lowercase Latin-1 letter. The candidate words are the runs of the first mask: their first and last
/// bytes are two more masks, whose bits are taken in order with bit scans,
/// so that finding a word costs a few instructions and no branch per byte.
/// A run whose non-ASCII characters are all lowercase Latin-1 letters (`å`,
/// `ä`, `ö`, `é`; most words have none) is one word that needs at most its
/// ASCII letters lowercased. Runs are bounded by ASCII separators, which end
/// a word under every rule, so any other run (and one longer than a block)
/// can be read on its own by the exact per-character rules
/// ([`words_in_run`]).
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(Word<'_>)) -> u32 {
    let bytes = text.as_bytes();
    // Words handed to `f` on the fast path (in a register) and the others.
    let mut count = 0u32;
    let mut slow_count = 0u32;
    let n = bytes.len();
    let mut buf = String::new();
    let blocks = n.div_ceil(64);
    let mut prev = Masks::default();
    // The block being read and the next one, lowercased.
    let mut low = [[0u8; 64]; 2];
    let mut m = block_masks(bytes, 0, &mut low[0]);
    // A run that began in the block before: its start, and whether it has
    // uppercase ASCII, other non-ASCII bytes, and its Latin-1 bytes so far.
    let mut open: Option<OpenRun> = None;
    for blk in 0..blocks {
        let next = next_block(bytes, (blk + 1) * 64, &mut low[1]);
        let base = blk * 64;
        let w = m.word;
        let block = Block::new(base, &prev, &m, &next);
        let mut starts = w & !((w << 1) | u64::from(open.is_some()));
        let mut ends = w & !((w >> 1) | ((next.word & 1) << 63));
        if let Some(run) = open.take() {
            if ends == 0 {
                // The whole block is inside the run: longer than a word.
                open = Some((run.0, run.1, true, run.3));
            } else {
                let e = ends.trailing_zeros();
                ends &= ends - 1;
                // (The slow paths call `f` through `dyn`, so that it is
                // inlined only into the loop below.)
                let mut f = slow(&mut f, &mut slow_count);
                close_run(text, run, block, e, &mut buf, &mut f);
            }
        }
        while starts != 0 {
            let s = starts.trailing_zeros();
            starts &= starts - 1;
            if ends == 0 {
                // The run goes on into the next block.
                open = Some(block.open_at(s));
                break;
            }
            let e = ends.trailing_zeros();
            ends &= ends - 1;
            let at = base + s as usize;
            let end = base + e as usize + 1;
            let range = span(s, e);
            if block.other & range == 0 {
                if let Some(key) = key_at(&low, s as usize, end - at) {
                    count += 1;
                    f(Word {
                        key,
                        text: bytes,
                        at,
                        end,
                    });
                    continue;
                }
            }
            slow_word(
                &text[at..end],
                block,
                range,
                &mut buf,
                &mut slow(&mut f, &mut slow_count),
            );
        }
        prev = m;
        m = next;
        low[0] = low[1];
    }
    if let Some((s, ..)) = open {
        any_run(&text[s..], &mut buf, &mut slow(&mut f, &mut slow_count));
    }
    count + slow_count
}

/// The [`Masks`] of the block at `at` (its lowercased bytes into `low`), or none
/// after the end of the text.
#[inline(always)]
fn next_block(bytes: &[u8], at: usize, low: &mut [u8; 64]) -> Masks {
    if at < bytes.len() {
        block_masks(bytes, at, low)
    } else {
        *low = [0; 64];
        Masks::default()
    }
}

/// A run of word bytes that began in an earlier block: its start, whether it
/// has uppercase ASCII, other non-ASCII bytes, and its Latin-1 bytes so far.
type OpenRun = (usize, bool, bool, u32);

/// What [`close_run`] and [`slow_word`] need of the block being read: where it
/// starts in the text, and its masks of uppercase ASCII letters, of non-ASCII
/// bytes and of the non-ASCII bytes that are no lowercase Latin-1 letter.
#[derive(Clone, Copy)]
struct Block {
    base: usize,
    upper: u64,
    high: u64,
    other: u64,
}

impl Block {
    /// The block at `base` with masks `m`, between the blocks `prev` and `next` (a
    /// Latin-1 letter's two bytes may straddle a block boundary).
    #[inline(always)]
    fn new(base: usize, prev: &Masks, m: &Masks, next: &Masks) -> Block {
        let latin1 = (m.lead & ((m.cont >> 1) | (next.cont << 63)))
            | (m.cont & ((m.lead << 1) | (prev.lead >> 63)));
        Block {
            base,
            upper: m.upper,
            high: m.high,
            other: m.high & !latin1,
        }
    }

    /// The run that starts at bit `s` and goes on into the next block.
    #[inline(always)]
    fn open_at(self, s: u32) -> OpenRun {
        let rest = u64::MAX << s;
        (
            self.base + s as usize,
            self.upper & rest != 0,
            self.other & rest != 0,
            (self.high & rest).count_ones(),
        )
    }
}

/// Hands on the words of the run `open` that ends at bit `e` of `block`.
#[inline(always)]
fn close_run(
    text: &str,
    open: OpenRun,
    block: Block,
    e: u32,
    buf: &mut String,
    f: &mut impl FnMut(&str),
) {
    let (s, upper, odd, high) = open;
    let range = u64::MAX >> (63 - e);
    let run = &text[s..block.base + e as usize + 1];
    if odd || block.other & range != 0 {
        any_run(run, buf, f);
    } else {
        let chars = run.len() - (high + (block.high & range).count_ones()) as usize / 2;
        let upper = upper || block.upper & range != 0;
        lowercase_word(run, upper, chars, buf, f);
    }
}

/// Hands on a run within one block (bits `range` of `block`) that is no word
/// of the fast path: one with uppercase letters or other non-ASCII characters,
/// or too long for a key. Kept out of the hot loop (most words take the fast path).
#[inline(never)]
fn slow_word(word: &str, block: Block, range: u64, buf: &mut String, f: &mut impl FnMut(&str)) {
    if block.other & range != 0 {
        words_in_run(word, buf, f);
        return;
    }
    // Two bytes a character for the Latin-1 letters (counted only
    // for long words: no word has more characters than bytes).
    if word.len() > MAX_WORD_CHARS
        && word.len() - (block.high & range).count_ones() as usize / 2 > MAX_WORD_CHARS
    {
        return;
    }
    f(ascii_lowered(word, block.upper & range != 0, buf));
}

/// The bits `s..=e` of a block's masks.
#[inline(always)]
fn span(s: u32, e: u32) -> u64 {
    (u64::MAX >> (63 - e)) & (u64::MAX << s)
}

/// `f` as a trait object taking lowercase words, for the calls of
/// [`for_each_word`] off its fast path, which it counts in `count`.
fn slow<'f, F: FnMut(Word<'_>)>(f: &'f mut F, count: &'f mut u32) -> impl FnMut(&str) + 'f {
    let f: &'f mut dyn FnMut(Word<'_>) = f;
    move |w: &str| {
        *count += 1;
        f(Word::lowercase(w));
    }
}

/// Hands `word` (ASCII letters and digits and lowercase Latin-1 letters,
/// `chars` characters) to `f`, its ASCII letters lowercased when `upper`,
/// unless it is too long.
#[inline]
fn lowercase_word(
    word: &str,
    upper: bool,
    chars: usize,
    buf: &mut String,
    f: &mut impl FnMut(&str),
) {
    if chars <= MAX_WORD_CHARS {
        f(ascii_lowered(word, upper, buf));
    }
}

/// `word` with its ASCII letters lowercased (in `buf`) when `upper`, else
/// `word` itself.
#[inline(always)]
fn ascii_lowered<'a>(word: &'a str, upper: bool, buf: &'a mut String) -> &'a str {
    if upper {
        buf.clear();
        buf.push_str(word);
        buf.make_ascii_lowercase();
        buf
    } else {
        word
    }
}

/// A run of letters, digits and non-ASCII characters that crossed a block of
/// [`for_each_word`]: its words by the general rules.
fn any_run(run: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
    if run.is_ascii() {
        let upper = run.bytes().any(|b| b.is_ascii_uppercase());
        lowercase_word(run, upper, run.len(), buf, f);
    } else {
        words_in_run(run, buf, f);
    }
}

/// Bit masks of 64 bytes of text, see [`block_masks`].
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
struct Masks {
    /// ASCII letters and digits, and non-ASCII bytes.
    word: u64,
    /// ASCII uppercase letters.
    upper: u64,
    /// Non-ASCII bytes.
    high: u64,
    /// `0xC3` bytes, which lead a Latin-1 letter.
    lead: u64,
    /// `0x9F`–`0xBF` but `0xB7`: after a lead, a lowercase Latin-1 letter
    /// (U+00DF–U+00FF but U+00F7).
    cont: u64,
}

/// The [`Masks`] of the 64 bytes of `bytes` from `at` (bit `k` for byte
/// `at + k`; bytes past the end count as separators), and the bytes with
/// their ASCII letters lowercased in `lower` (bytes past the end as zeros).
#[inline(always)]
fn block_masks(bytes: &[u8], at: usize, lower: &mut [u8; 64]) -> Masks {
    if let Some(block) = bytes.get(at..at + 64) {
        masks64(block, lower)
    } else {
        let mut buf = [0u8; 64];
        let rest = bytes.get(at..).unwrap_or_default();
        buf[..rest.len()].copy_from_slice(rest);
        masks64(&buf, lower)
    }
}

/// The [`Masks`] of a block of 64 bytes, and the block lowercased (ASCII
/// letters) in `lower`, 16 bytes a step with SSE2 (part of every x86-64
/// processor).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn masks64(block: &[u8], lower: &mut [u8; 64]) -> Masks {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8,
        _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_storeu_si128,
    };
    let mut m = Masks::default();
    for (k, (chunk, out)) in block
        .chunks_exact(16)
        .zip(lower.chunks_exact_mut(16))
        .take(4)
        .enumerate()
    {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64
        // processor has these instructions; the unaligned load reads the 16
        // bytes of `chunk` and the unaligned store writes the 16 bytes of
        // `out`, which `chunks_exact(16)` and `chunks_exact_mut(16)`
        // guarantee.
        let c: [i32; 5] = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let within = |lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(lo.wrapping_sub(1) as i8)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(hi.wrapping_add(1) as i8)),
                )
            };
            let upper = within(b'A', b'Z');
            _mm_storeu_si128(
                out.as_mut_ptr().cast::<__m128i>(),
                _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))),
            );
            let alnum = _mm_or_si128(_mm_or_si128(within(b'0', b'9'), upper), within(b'a', b'z'));
            let cont = _mm_andnot_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(0xb7_u8 as i8)),
                within(0x9f, 0xbf),
            );
            [
                _mm_movemask_epi8(alnum),
                _mm_movemask_epi8(upper),
                _mm_movemask_epi8(v),
                _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0xc3_u8 as i8))),
                _mm_movemask_epi8(cont),
            ]
        };
        let bits = |x: i32| u64::from(x as u16) << (16 * k);
        m.word |= bits(c[0] | c[2]);
        m.upper |= bits(c[1]);
        m.high |= bits(c[2]);
        m.lead |= bits(c[3]);
        m.cont |= bits(c[4]);
    }
    m
}

/// The [`Masks`] of a block of 64 bytes, and the block lowercased (ASCII
/// letters) in `lower`, eight bytes a step ([`classify8`]).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn masks64_swar(block: &[u8], lower: &mut [u8; 64]) -> Masks {
    let mut m = Masks::default();
    for (k, (chunk, out)) in block
        .chunks_exact(8)
        .zip(lower.chunks_exact_mut(8))
        .take(8)
        .enumerate()
    {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(chunk);
        let x = u64::from_le_bytes(buf);
        out.copy_from_slice(&ascii_lower8(x).to_le_bytes());
        let c = classify8(x);
        m.word |= u64::from(c[0]) << (8 * k);
        m.upper |= u64::from(c[1]) << (8 * k);
        m.high |= u64::from(c[2]) << (8 * k);
        m.lead |= u64::from(c[3]) << (8 * k);
        m.cont |= u64::from(c[4]) << (8 * k);
    }
    m
}

/// The [`Masks`] of a block of 64 bytes, and the block lowercased.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn masks64(block: &[u8], lower: &mut [u8; 64]) -> Masks {
    masks64_swar(block, lower)
}

/// Classifies eight bytes at once (SWAR): bit `k` of the results is set
/// when byte `k` is an ASCII letter or digit or not ASCII; an ASCII
/// uppercase letter; not ASCII; `0xC3`; in `0x9F`–`0xBF` but not `0xB7`.
#[inline]
fn classify8(x: u64) -> [u8; 5] {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let high = x & HIGH;
    let low7 = x & !HIGH;
    // High bit of each byte set when its low seven bits exceed `c` (no carry
    // crosses bytes: at most 0x7f + 0x7f).
    let gt = |c: u8| (low7 + ONES * u64::from(0x7f - c)) & HIGH;
    // High bit of each byte set when its low seven bits equal `c`.
    let eq = |c: u8| {
        let v = low7 ^ (ONES * u64::from(c));
        !((v + ONES * 0x7f) | v) & HIGH
    };
    let digit = gt(b'0' - 1) & !gt(b'9');
    let upper = gt(b'A' - 1) & !gt(b'Z') & !high;
    let lower = gt(b'a' - 1) & !gt(b'z');
    let lead = eq(0x43) & high;
    let cont = gt(0x1e) & !gt(0x3f) & !eq(0x37) & high;
    [
        pack(high | digit | upper | lower),
        pack(upper),
        pack(high),
        pack(lead),
        pack(cont),
    ]
}

/// Gathers the high bits of the eight bytes of `m` into one byte.
#[inline]
fn pack(m: u64) -> u8 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The per-character word rules on a run of [`for_each_word`] that has
/// non-ASCII characters (the run may hold several words, or none, when it
/// has non-ASCII punctuation or spaces).
fn words_in_run(text: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
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
        let mut ascii = true;
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
                ascii = false;
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
        if !ascii && w.len() > MAX_WORD_CHARS && w.chars().count() > MAX_WORD_CHARS
            || ascii && w.len() > MAX_WORD_CHARS
        {
            continue;
        }
        if lower && !mark {
            f(w);
            continue;
        }
        buf.clear();
        if ascii {
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            for c in w.chars() {
                if c.is_ascii() {
                    buf.push(c.to_ascii_lowercase());
                } else {
                    buf.extend(c.to_lowercase());
                }
            }
            if mark {
                *buf = compose(buf);
            }
        }
        f(buf);
    }
}

/// The words of `text` (lowercased, composed), as owned strings.
#[cfg(test)]
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| {
        assert_eq!(w.key, Key::of(&w.to_lowercase()), "key of {w:?}");
        out.push(w.to_lowercase().into_owned());
    });
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

    /// The per-character rules on the whole text, as before the bit masks.
    fn reference(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = String::new();
        words_in_run(text, &mut buf, &mut |w: &str| out.push(w.to_string()));
        out
    }

    #[test]
    fn masks_agree_with_per_character_rules() {
        let palette = [
            "a", "b", "z", "A", "Z", "0", "9", " ", ".", "-", "\n", "ä", "Ä", "å", "Ö", "ß", "÷",
            "é", "É", "\u{a0}", "–", "«", "a\u{30a}", "o\u{308}", "мир", "Ω", "İ", "ǅ", "ª", "@",
            "[", "`", "{", "/", ":", "\u{7f}", "€", "𝔘",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..6000 {
            let len = 1 + round % 300;
            let mut text = String::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly letters, so that long words occur too.
                let k = (x % 97) as usize;
                text.push_str(if k < palette.len() {
                    palette[k]
                } else {
                    ["e", "k", "ö"][k % 3]
                });
            }
            assert_eq!(words(&text), reference(&text), "{text:?}");
        }
        let long = format!("{} {} {}", "x".repeat(40), "y".repeat(41), "ö".repeat(41));
        assert_eq!(words(&long), reference(&long));
        assert_eq!(words(&long).len(), 1);
    }

    /// A word's key is the same however the word is written and wherever it
    /// stands (the fast path reads it from the text; `words` checks it against
    /// `Key::of` for every word), and different words have different keys.
    #[test]
    fn keys_are_the_same_for_the_same_word_and_differ_between_words() {
        let mut seen = std::collections::HashMap::new();
        for a in ["a", "b", "ä", "å", "ö", "x", "1"] {
            for n in 1..=40 {
                for w in [
                    a.repeat(n),
                    format!("{}b", a.repeat(n)),
                    format!("b{}", a.repeat(n)),
                ] {
                    if w.chars().count() > MAX_WORD_CHARS {
                        continue;
                    }
                    let key = Key::of(&w);
                    assert!(key.0 != 0, "{w:?}");
                    if let Some(other) = seen.insert(key, w.clone()) {
                        assert_eq!(other, w, "same key");
                    }
                    // Upper case, at the start, the end and inside a text,
                    // and across the blocks of 64 bytes.
                    let upper = w.to_uppercase();
                    for pad in [0, 1, 15, 47, 60, 63, 64] {
                        let text = format!("{} {upper}. {w}", "-".repeat(pad));
                        let found: Vec<Key> = {
                            let mut out = Vec::new();
                            for_each_word(&text, |x| out.push(x.key));
                            out
                        };
                        assert_eq!(found, [key, key], "{text:?}");
                    }
                }
            }
        }
    }

    /// The SSE2 masks and the portable ones agree on every byte value in every
    /// position.
    #[test]
    fn block_masks_agree_with_the_portable_ones() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..2000 {
            let mut block = [0u8; 64];
            for (i, b) in block.iter_mut().enumerate() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = if round < 4 {
                    (round * 64 + i) as u8
                } else {
                    (x >> 24) as u8
                };
            }
            let (mut a, mut b) = ([0u8; 64], [0u8; 64]);
            assert_eq!(
                masks64(&block, &mut a),
                masks64_swar(&block, &mut b),
                "{block:?}"
            );
            assert_eq!(a, b, "{block:?}");
            let lowered: Vec<u8> = block.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(a.to_vec(), lowered, "{block:?}");
        }
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
    fn word_hash_tells_words_apart() {
        let mut seen = std::collections::HashSet::new();
        let mut words = vec![String::new()];
        for a in ["a", "b", "ä", "å", "ö", "x", "1"] {
            for n in 1..=40 {
                words.push(a.repeat(n));
                words.push(format!("{}b", a.repeat(n)));
                words.push(format!("b{}", a.repeat(n)));
            }
        }
        words.sort();
        words.dedup();
        for w in &words {
            assert!(seen.insert(word_hash(w)), "collision for {w:?}");
        }
        // Low and high bits both vary (the maps use both).
        let low: std::collections::HashSet<u64> =
            words.iter().map(|w| word_hash(w) & 0xff).collect();
        let high: std::collections::HashSet<u64> =
            words.iter().map(|w| word_hash(w) >> 57).collect();
        assert!(low.len() > 100 && high.len() > 60);
    }

    #[test]
    fn fx_hash_differs_for_different_input() {
        assert_ne!(fx_hash(b"abc"), fx_hash(b"abd"));
        assert_ne!(fx_hash(b""), fx_hash(b"\0"));
        let long: Vec<u8> = (0..100u8).collect();
        let mut other = long.clone();
        other[40] = 0;
        assert_ne!(fx_hash(&long), fx_hash(&other));
    }
}

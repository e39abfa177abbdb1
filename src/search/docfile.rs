//! The per-page files `d/<n>.json`: what a result shows (URL, title, kind,
//! county, date) and the page text cut into sections, from which the client
//! picks the snippet and the section (`url#heading-id`) of the best match.
//!
//! They are fetched only for the results on screen, so the rest of the index
//! stays small.

use super::SearchDoc;

/// Longest stored text of one section, in characters (snippets beyond it
/// fall back to the start of the section). A word that crosses the limit is
/// kept whole.
const MAX_SECTION_CHARS: usize = 6_000;
/// Longest stored text of one page, in characters.
const MAX_PAGE_CHARS: usize = 24_000;

/// Bytes that end a plain run when copying text into a JSON string.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x21 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[0x7f] = true;
    t
};

/// Writes text into a JSON string with whitespace and control characters
/// squashed to single spaces, up to a number of characters.
struct Squash<'o> {
    out: &'o mut Vec<u8>,
    chars: usize,
    max: usize,
    space: bool,
    done: bool,
}

impl<'o> Squash<'o> {
    fn new(out: &'o mut Vec<u8>, max: usize) -> Self {
        Squash {
            out,
            chars: 0,
            max,
            space: false,
            done: max == 0,
        }
    }

    fn push(&mut self, s: &str) {
        let bytes = s.as_bytes();
        // Separate pieces by a space.
        self.space |= self.chars > 0;
        let mut i = 0;
        while i < bytes.len() && !self.done {
            let b = bytes[i];
            if b <= 0x20 || b == 0x7f {
                self.space = self.chars > 0;
                i += 1;
                continue;
            }
            if self.space {
                if self.chars >= self.max {
                    self.done = true;
                    break;
                }
                self.out.push(b' ');
                self.chars += 1;
                self.space = false;
            }
            if b == b'"' || b == b'\\' {
                self.out.push(b'\\');
                self.out.push(b);
                self.chars += 1;
                i += 1;
                continue;
            }
            let run = plain_run(&bytes[i..], self.max - self.chars.min(self.max));
            let piece = &bytes[i..i + run];
            self.out.extend_from_slice(piece);
            self.chars += count_chars(piece);
            i += run;
            if self.chars > self.max.saturating_add(100) {
                // One overlong "word": cut it at a character boundary.
                let over = self.chars - self.max;
                let mut cut = self.out.len();
                let mut n = 0;
                while n < over && cut > 0 {
                    cut -= 1;
                    if self.out[cut] & 0xc0 != 0x80 {
                        n += 1;
                    }
                }
                self.out.truncate(cut);
                self.chars = self.max;
                self.done = true;
            }
        }
    }
}

/// Number of characters of UTF-8 `bytes`: the bytes that are not
/// continuation bytes (`10xxxxxx`, below -64 as `i8`), counted 32 at a time in
/// a loop the compiler turns into vector instructions.
#[inline]
fn count_chars(bytes: &[u8]) -> usize {
    let mut cont = 0;
    let mut blocks = bytes.chunks_exact(32);
    for b in &mut blocks {
        let mut n = 0u8;
        for &c in b {
            n += u8::from((c as i8) < -0x40);
        }
        cont += usize::from(n);
    }
    cont += blocks
        .remainder()
        .iter()
        .filter(|&&c| (c as i8) < -0x40)
        .count();
    bytes.len() - cont
}

/// Length of the run at the start of `bytes` (which starts with a byte
/// that is copied as it is) that can be copied as it is: words with single
/// spaces between them, no other whitespace, no control characters and
/// nothing to escape. Single spaces are taken only within the first
/// `budget` bytes (a character takes at least one byte, so every space
/// taken comes before the character limit, as [`Squash::push`] requires);
/// past it the run ends at the end of the word.
#[inline]
fn plain_run(bytes: &[u8], budget: usize) -> usize {
    let n = bytes.len();
    let mut j = 0;
    loop {
        // 32 bytes, then eight, at a time while they are all plain.
        // `bytes[j - 1]` is never a space here, so a space at `j` follows a
        // word.
        while j + 32 <= n.min(budget) {
            let mut b32 = [0u8; 32];
            b32.copy_from_slice(&bytes[j..j + 32]);
            if !plain32(&b32) {
                break;
            }
            j += 32;
        }
        while j + 8 <= n.min(budget) {
            let mut b8 = [0u8; 8];
            b8.copy_from_slice(&bytes[j..j + 8]);
            if !plain8(u64::from_le_bytes(b8)) {
                break;
            }
            j += 8;
        }
        let Some(&c) = bytes.get(j) else {
            return j;
        };
        if !SPECIAL[usize::from(c)] {
            j += 1;
        } else if c == b' '
            && j < budget
            && bytes.get(j + 1).is_some_and(|&d| !SPECIAL[usize::from(d)])
        {
            j += 2;
        } else {
            return j;
        }
    }
}

/// [`plain8`] for 32 bytes, written as loops without branches that the
/// compiler turns into vector instructions.
#[inline]
fn plain32(b: &[u8; 32]) -> bool {
    let mut bad = 0u8;
    for &c in b {
        bad |=
            u8::from(c < 0x20) | u8::from(c == b'"') | u8::from(c == b'\\') | u8::from(c == 0x7f);
    }
    for i in 0..31 {
        bad |= u8::from(b[i] == b' ') & u8::from(b[i + 1] == b' ');
    }
    bad == 0 && b[31] != b' '
}

/// True when the eight bytes of `x` (in memory order) can be copied as they
/// are after a word: no control characters, quotes, backslashes or DEL, no
/// two spaces in a row and no space in the last byte (SWAR, exact per byte).
#[inline]
fn plain8(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ascii = !x & HIGH;
    let low7 = x & !HIGH;
    // High bit set where the low seven bits equal `c`.
    let eq = |c: u8| !((low7 ^ (ONES * u64::from(c))) + ONES * 0x7f) & HIGH;
    let below_space = !((low7 + ONES * (0x7f - 0x1f)) & HIGH) & HIGH;
    let space = eq(b' ') & ascii;
    let bad = (below_space | eq(b'"') | eq(b'\\') | eq(0x7f)) & ascii;
    bad == 0 && space & (space << 8) == 0 && space >> 63 == 0
}

fn push_json_str(out: &mut Vec<u8>, s: &str) {
    if serde_json::to_writer(&mut *out, s).is_err() {
        out.extend_from_slice(b"\"\"");
    }
}

/// The JSON of a page file: the array of [`doc_json`] of `docs`, with their
/// kind and county codes.
pub(crate) fn file_json(docs: &[&SearchDoc<'_>], kinds: &[usize], counties: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    out.push(b'[');
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        doc_json_into(&mut out, d, kinds[i], counties[i]);
    }
    out.push(b']');
    out
}

/// The JSON of the page file of `doc`:
/// `{"u": url, "t": title, "k": kind, "c": county, "d": date, "s": segments}`
/// where `k` indexes `meta.kinds`, `c` is 1 + the index in `meta.counties`
/// (0 for none), `d` is left out when there is no date, and `s` lists
/// `[heading id, heading title, text]`, the first being the intro with empty
/// id and title.
#[cfg(test)]
pub(crate) fn doc_json(doc: &SearchDoc<'_>, kind: usize, county: usize) -> Vec<u8> {
    let mut out = Vec::new();
    doc_json_into(&mut out, doc, kind, county);
    out
}

/// Appends [`doc_json`] of `doc` to `out`.
fn doc_json_into(out: &mut Vec<u8>, doc: &SearchDoc<'_>, kind: usize, county: usize) {
    let text_len: usize = doc.intro.iter().map(|p| p.len()).sum::<usize>()
        + doc
            .headings
            .iter()
            .map(|h| h.id.len() + h.title.len() + h.text.len() + 8)
            .sum::<usize>();
    out.reserve(text_len.min(4 * MAX_PAGE_CHARS) + 256);
    out.extend_from_slice(b"{\"u\":");
    push_json_str(out, &doc.url);
    out.extend_from_slice(b",\"t\":");
    push_json_str(out, &doc.title);
    out.extend_from_slice(format!(",\"k\":{kind},\"c\":{county}").as_bytes());
    if let Some(d) = &doc.date {
        out.extend_from_slice(b",\"d\":");
        push_json_str(out, d);
    }
    out.extend_from_slice(b",\"s\":[[\"\",\"\",\"");
    let mut left = MAX_PAGE_CHARS;
    let mut w = Squash::new(out, MAX_SECTION_CHARS);
    for piece in &doc.intro {
        w.push(piece);
    }
    left = left.saturating_sub(w.chars);
    out.extend_from_slice(b"\"]");
    for h in &doc.headings {
        out.extend_from_slice(b",[");
        push_json_str(out, &h.id);
        out.extend_from_slice(b",\"");
        Squash::new(out, usize::MAX).push(&h.title);
        out.extend_from_slice(b"\",\"");
        let mut w = Squash::new(out, MAX_SECTION_CHARS.min(left));
        w.push(&h.text);
        left = left.saturating_sub(w.chars);
        out.extend_from_slice(b"\"]");
    }
    out.extend_from_slice(b"]}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squashed(s: &str, max: usize) -> String {
        let mut out = Vec::new();
        Squash::new(&mut out, max).push(s);
        String::from_utf8(out).unwrap_or_default()
    }

    /// The rules of [`Squash::push`] one byte at a time, for comparison.
    fn squashed_slowly(s: &str, max: usize) -> String {
        let mut out = String::new();
        let mut chars = 0;
        let mut space = false;
        if max == 0 {
            return out;
        }
        for word in s.split(|c: char| (c as u32) <= 0x20 || c == '\u{7f}') {
            if word.is_empty() {
                continue;
            }
            if space {
                if chars >= max {
                    break;
                }
                out.push(' ');
                chars += 1;
            }
            for c in word.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
                chars += 1;
            }
            space = true;
            if chars > max + 100 {
                out = out
                    .chars()
                    .take(out.chars().count() - (chars - max))
                    .collect();
                break;
            }
        }
        out
    }

    #[test]
    fn squash_agrees_with_slow_rules() {
        let palette = [
            "a", "ö", " ", "  ", "\n", "\"", "\\", "\u{7f}", "\t", "xyz", "é", ".",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..4000 {
            let mut text = String::new();
            for _ in 0..(round % 120) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let k = (x % 40) as usize;
                text.push_str(palette.get(k).copied().unwrap_or("w"));
            }
            let max = [0, 1, 5, 17, 40, 1000][round % 6];
            assert_eq!(
                squashed(&text, max),
                squashed_slowly(&text, max),
                "{text:?} {max}"
            );
        }
    }

    #[test]
    fn plain32_agrees_with_its_rules() {
        let palette = [
            b'a', b'a', b'a', b'a', b' ', b'"', b'\\', b'\n', 0x7f, 0xc3, 0xb6, b'z',
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut seen = [0usize; 2];
        for _ in 0..20_000 {
            let mut b = [0u8; 32];
            for c in &mut b {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly letters, so that plain blocks occur.
                *c = if x % 16 < 13 {
                    b'a'
                } else {
                    palette[(x >> 8) as usize % palette.len()]
                };
            }
            let slow = b
                .iter()
                .all(|&c| c >= 0x20 && c != b'"' && c != b'\\' && c != 0x7f)
                && b.windows(2).all(|w| w != b"  ")
                && b[31] != b' ';
            assert_eq!(plain32(&b), slow, "{b:?}");
            seen[usize::from(slow)] += 1;
        }
        assert!(seen[0] > 100 && seen[1] > 100, "{seen:?}");
    }

    #[test]
    fn counts_characters() {
        for s in [
            "",
            "a",
            "åäö",
            "abcdefgh",
            "ååååååååå x",
            "𝔘 € é a",
            "x\u{7f}\u{80}",
            &"åäö abc ".repeat(9),
            &"𝔘€é".repeat(11),
        ] {
            assert_eq!(count_chars(s.as_bytes()), s.chars().count(), "{s:?}");
        }
    }

    #[test]
    fn squash_escapes_and_cuts() {
        assert_eq!(squashed("  a\n\t b  \"c\" \\ ", 100), r#"a b \"c\" \\"#);
        assert_eq!(squashed("ett två tre fyra", 7), "ett två");
        assert_eq!(squashed("åäö åäö", 5), "åäö åäö");
        assert_eq!(squashed(&"x".repeat(500), 10).len(), 10);
        assert_eq!(squashed("abc", 0), "");
    }
    use crate::search::SearchHeading;

    fn doc(
        intro: &[&'static str],
        headings: &[(&'static str, &'static str, &'static str)],
    ) -> SearchDoc<'static> {
        SearchDoc {
            url: "/a/".into(),
            title: "A".into(),
            kind: "sida".into(),
            kind_label: "Sida".into(),
            county: None,
            date: None,
            intro: intro.iter().map(|&p| p.into()).collect(),
            headings: headings
                .iter()
                .map(|&(id, title, text)| SearchHeading {
                    id: id.into(),
                    title: title.into(),
                    text: text.into(),
                })
                .collect(),
        }
    }

    #[test]
    fn intro_and_sections_are_stored_apart() {
        let d = doc(
            &["Inledning om  hälsa."],
            &[
                ("mal", "Mål", "Första målet är bra."),
                ("slut", "Slut", "Det slutar här."),
            ],
        );
        let json: serde_json::Value =
            serde_json::from_slice(&doc_json(&d, 1, 2)).unwrap_or_default();
        assert_eq!(json["s"][0][2], "Inledning om hälsa.");
        assert_eq!(
            json["s"][1],
            serde_json::json!(["mal", "Mål", "Första målet är bra."])
        );
        assert_eq!(
            json["s"][2],
            serde_json::json!(["slut", "Slut", "Det slutar här."])
        );
        assert_eq!(json["k"], 1);
        assert_eq!(json["c"], 2);
    }

    #[test]
    fn intro_pieces_are_joined_by_one_space() {
        let d = doc(&["Sammanfattning.", "", "Text\n\nmed  \"luft\"."], &[]);
        let json = String::from_utf8(doc_json(&d, 0, 0)).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"u":"/a/","t":"A","k":0,"c":0,"s":[["","","Sammanfattning. Text med \"luft\"."]]}"#
        );
    }
}

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

/// A page cut into the text outside its sections (the "intro") and its
/// sections.
pub(crate) struct Segmented<'a> {
    /// Pieces of the page text outside the sections, in order.
    pub(crate) outside: Vec<&'a str>,
    /// Indices of the headings whose text was not found in the page text.
    pub(crate) missing: Vec<usize>,
}

/// Cuts the page text into the intro and the sections. Section texts are
/// looked up in order in `doc.text`; the text outside them is the intro (a
/// heading title just before its section is left out of the intro).
pub(crate) fn segment(doc: &SearchDoc) -> Segmented<'_> {
    let text = doc.text.as_str();
    let mut cursor = 0;
    let mut outside: Vec<&str> = Vec::new();
    let mut missing = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        let body = h.text.trim();
        if body.is_empty() {
            continue;
        }
        match find(&text[cursor..], body) {
            Some(pos) => {
                let start = cursor + pos;
                let gap = text[cursor..start].trim_end();
                let gap = gap.strip_suffix(h.title.trim()).unwrap_or(gap);
                outside.push(gap);
                cursor = start + body.len();
            }
            None => missing.push(i),
        }
    }
    outside.push(&text[cursor..]);
    Segmented { outside, missing }
}

/// `haystack.find(needle)`, faster for the long needles of section texts:
/// candidates are found with `memchr` on the needle's first character.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    let first = needle.chars().next()?;
    let mut from = 0;
    while let Some(i) = haystack[from..].find(first) {
        let at = from + i;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + first.len_utf8();
    }
    None
}

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

/// True when `bytes` has no byte that [`Squash`] would change: no control
/// characters, quotes or backslashes, and no two spaces in a row.
fn plain(bytes: &[u8]) -> bool {
    let special = bytes.iter().fold(0u32, |acc, &b| {
        acc | u32::from(b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f)
    });
    special == 0 && !bytes.windows(2).any(|w| w == b"  ")
}

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
        // Fast path: nothing to squash or escape, and short enough.
        if !self.done
            && bytes.len() <= self.max.saturating_sub(self.chars + 1)
            && bytes.first().is_some_and(|&b| b > 0x20)
            && bytes.last().is_some_and(|&b| b > 0x20)
            && plain(bytes)
        {
            if self.space {
                self.out.push(b' ');
                self.chars += 1;
            }
            self.space = false;
            self.out.extend_from_slice(bytes);
            self.chars += bytes.iter().filter(|&&c| c & 0xc0 != 0x80).count();
            return;
        }
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
            let run = bytes[i..]
                .iter()
                .position(|&c| SPECIAL[usize::from(c)])
                .unwrap_or(bytes.len() - i);
            let piece = &bytes[i..i + run];
            self.out.extend_from_slice(piece);
            self.chars += piece.iter().filter(|&&c| c & 0xc0 != 0x80).count();
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

fn push_json_str(out: &mut Vec<u8>, s: &str) {
    if serde_json::to_writer(&mut *out, s).is_err() {
        out.extend_from_slice(b"\"\"");
    }
}

/// The JSON of the page file of `doc`:
/// `{"u": url, "t": title, "k": kind, "c": county, "d": date, "s": segments}`
/// where `k` indexes `meta.kinds`, `c` is 1 + the index in `meta.counties`
/// (0 for none), `d` is left out when there is no date, and `s` lists
/// `[heading id, heading title, text]`, the first being the intro with empty
/// id and title.
pub(crate) fn doc_json(
    doc: &SearchDoc,
    seg: &Segmented<'_>,
    kind: usize,
    county: usize,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(doc.text.len() + 256);
    out.extend_from_slice(b"{\"u\":");
    push_json_str(&mut out, &doc.url);
    out.extend_from_slice(b",\"t\":");
    push_json_str(&mut out, &doc.title);
    out.extend_from_slice(format!(",\"k\":{kind},\"c\":{county}").as_bytes());
    if let Some(d) = &doc.date {
        out.extend_from_slice(b",\"d\":");
        push_json_str(&mut out, d);
    }
    out.extend_from_slice(b",\"s\":[[\"\",\"\",\"");
    let mut left = MAX_PAGE_CHARS;
    let mut w = Squash::new(&mut out, MAX_SECTION_CHARS);
    for piece in &seg.outside {
        w.push(piece);
    }
    left = left.saturating_sub(w.chars);
    out.extend_from_slice(b"\"]");
    for h in &doc.headings {
        out.extend_from_slice(b",[");
        push_json_str(&mut out, &h.id);
        out.extend_from_slice(b",\"");
        Squash::new(&mut out, usize::MAX).push(&h.title);
        out.extend_from_slice(b"\",\"");
        let mut w = Squash::new(&mut out, MAX_SECTION_CHARS.min(left));
        w.push(&h.text);
        left = left.saturating_sub(w.chars);
        out.extend_from_slice(b"\"]");
    }
    out.extend_from_slice(b"]}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squashed(s: &str, max: usize) -> String {
        let mut out = Vec::new();
        Squash::new(&mut out, max).push(s);
        String::from_utf8(out).unwrap_or_default()
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

    fn doc(text: &str, headings: &[(&str, &str, &str)]) -> SearchDoc {
        SearchDoc {
            url: "/a/".into(),
            title: "A".into(),
            kind: "sida".into(),
            kind_label: "Sida".into(),
            county: None,
            date: None,
            text: text.into(),
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
    fn intro_is_text_outside_sections() {
        let d = doc(
            "Inledning om  hälsa.\nMål\nFörsta målet är bra.\nSlut\nDet slutar här.",
            &[
                ("mal", "Mål", "Första målet är bra."),
                ("slut", "Slut", "Det slutar här."),
            ],
        );
        let s = segment(&d);
        assert!(s.missing.is_empty());
        let json: serde_json::Value =
            serde_json::from_slice(&doc_json(&d, &s, 1, 2)).unwrap_or_default();
        assert_eq!(json["s"][0][2], "Inledning om hälsa.");
        assert_eq!(
            json["s"][1],
            serde_json::json!(["mal", "Mål", "Första målet är bra."])
        );
        assert_eq!(json["k"], 1);
        assert_eq!(json["c"], 2);
    }

    #[test]
    fn missing_section_text_is_reported() {
        let d = doc(
            "Bara inledning.",
            &[("x", "X", "Text som inte finns i sidan.")],
        );
        let s = segment(&d);
        assert_eq!(s.missing, vec![0]);
        let json = String::from_utf8(doc_json(&d, &s, 0, 0)).unwrap_or_default();
        assert!(json.contains("Text som inte finns i sidan."));
        assert!(json.starts_with(r#"{"u":"/a/","t":"A","k":0,"c":0,"s":[["","","Bara"#));
    }
}

//! Code highlighting with syntect, emitting CSS classes (`hl-…`) instead of inline styles
//! so pages work under a strict Content-Security-Policy; the light and dark stylesheets
//! are generated from syntect's themes, with colours adjusted to WCAG AA contrast.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights code blocks; cheap to create, shares one loaded syntax set.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Highlighter;

impl Highlighter {
    /// A highlighter (the syntax definitions load on first use).
    pub(crate) fn new() -> Self {
        Highlighter
    }

    /// The HTML of one fenced code block in language `lang` (may be empty).
    pub(crate) fn code_block(&self, code: &str, lang: &str) -> String {
        let lang_attr = if lang.is_empty() {
            String::new()
        } else {
            format!(" data-lang=\"{}\"", super::escape_attr(lang))
        };
        let inner = if lang.is_empty() {
            super::escape_attr(code)
        } else {
            self.highlight(code, lang)
                .unwrap_or_else(|| super::escape_attr(code))
        };
        format!("<pre class=\"code\"{lang_attr} tabindex=\"0\"><code>{inner}</code></pre>\n")
    }

    /// What syntect's `ClassedHTMLGenerator` makes of `code`, line by line, with each
    /// line's result looked up in [`LineCache`] first.
    fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let set = syntaxes();
        let syntax = set.find_syntax_by_token(lang)?;
        let mut at = LineState {
            parse: ParseState::new(syntax),
            scopes: ScopeStack::new(),
        };
        let mut open_spans: isize = 0;
        let mut html = String::with_capacity(code.len() * 2);
        LINES.with(|cache| {
            let mut cache = cache.borrow_mut();
            for line in LinesWithEndings::from(code) {
                let done = cache.line(syntax, line, &at).or_else(|| {
                    let before = at.clone();
                    let ops = at.parse.parse_line(line, set).ok()?;
                    let (out, delta) =
                        line_tokens_to_classed_spans(line, &ops, STYLE, &mut at.scopes).ok()?;
                    let done = Highlighted {
                        html: out,
                        delta,
                        after: at.clone(),
                    };
                    cache.store(syntax, line, before, &done);
                    Some(done)
                })?;
                html.push_str(&done.html);
                open_spans += done.delta;
                at = done.after;
            }
            Some(())
        })?;
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Some(html)
    }
}

/// Where syntect's parser is between two lines: its parse state and the scopes open in
/// the HTML.
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    parse: ParseState,
    scopes: ScopeStack,
}

/// One highlighted line: its HTML, the change in open `<span>`s and the state after it.
#[derive(Clone)]
struct Highlighted {
    html: String,
    delta: isize,
    after: LineState,
}

/// Highlighted lines by their text, syntax and the state before them: highlighting a
/// line is a pure function of those, and syntect takes several microseconds a line,
/// while code blocks on a site repeat many lines (front matter and configuration
/// examples, the same keys and values). One cache per thread, emptied when full.
#[derive(Default)]
struct LineCache {
    lines: HashMap<Box<str>, Vec<(usize, LineState, Highlighted)>>,
    entries: usize,
}

/// Lines longer than this are not cached (they seldom repeat).
const CACHED_LINE_MAX: usize = 160;
/// The cache of a thread is emptied when it holds this many lines.
const CACHED_LINES_MAX: usize = 50_000;

impl LineCache {
    fn line(&self, syntax: &SyntaxReference, line: &str, at: &LineState) -> Option<Highlighted> {
        let id = syntax_id(syntax);
        self.lines
            .get(line)?
            .iter()
            .find(|(s, before, _)| *s == id && before == at)
            .map(|(_, _, done)| done.clone())
    }

    fn store(
        &mut self,
        syntax: &SyntaxReference,
        line: &str,
        before: LineState,
        done: &Highlighted,
    ) {
        if line.len() > CACHED_LINE_MAX {
            return;
        }
        if self.entries >= CACHED_LINES_MAX {
            self.lines.clear();
            self.entries = 0;
        }
        self.entries += 1;
        self.lines
            .entry(line.into())
            .or_default()
            .push((syntax_id(syntax), before, done.clone()));
    }
}

/// A syntax of the one loaded syntax set, by its address (the set lives as long as the
/// process).
fn syntax_id(syntax: &SyntaxReference) -> usize {
    std::ptr::from_ref(syntax) as usize
}

thread_local! {
    static LINES: RefCell<LineCache> = RefCell::new(LineCache::default());
}

/// The stylesheet for highlighted code: light (`dark == false`) or dark scheme. Computed
/// once per process: the themes take a few milliseconds to load.
pub(crate) fn highlight_css(dark: bool) -> String {
    static CSS: OnceLock<[String; 2]> = OnceLock::new();
    let both = CSS.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        [stylesheet(&themes, false), stylesheet(&themes, true)]
    });
    both[usize::from(dark)].clone()
}

fn stylesheet(themes: &ThemeSet, dark: bool) -> String {
    let (name, bg) = if dark {
        ("base16-ocean.dark", (0x1b, 0x1f, 0x24))
    } else {
        ("InspiredGitHub", (0xf6, 0xf8, 0xfa))
    };
    let Some(theme) = themes.themes.get(name) else {
        return String::new();
    };
    let css = css_for_theme_with_class_style(theme, STYLE).unwrap_or_default();
    adjust_colours(&css, bg)
}

/// Drops background colours and raises every text colour to 4.5:1 against `bg`.
fn adjust_colours(css: &str, bg: (u8, u8, u8)) -> String {
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let t = line.trim_start();
        if t.starts_with("background-color") {
            continue;
        }
        if let Some(hex) = t.strip_prefix("color: #").and_then(|r| r.get(..6)) {
            if let Some(c) = parse_hex(hex) {
                let c = ensure_contrast(c, bg, 4.6);
                out.push_str(&format!(" color: #{:02x}{:02x}{:02x};\n", c.0, c.1, c.2));
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn parse_hex(h: &str) -> Option<(u8, u8, u8)> {
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

fn luminance(c: (u8, u8, u8)) -> f64 {
    let ch = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
}

/// WCAG contrast ratio of two colours.
pub(crate) fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

fn ensure_contrast(mut c: (u8, u8, u8), bg: (u8, u8, u8), ratio: f64) -> (u8, u8, u8) {
    let towards_white = luminance(bg) < 0.5;
    for _ in 0..64 {
        if contrast(c, bg) >= ratio {
            break;
        }
        let step = |v: u8| {
            if towards_white {
                v.saturating_add(((255 - v) / 8).max(1))
            } else {
                v.saturating_sub((v / 8).max(1))
            }
        };
        c = (step(c.0), step(c.1), step(c.2));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_css_meets_contrast() {
        for (dark, bg) in [(false, (0xf6, 0xf8, 0xfa)), (true, (0x1b, 0x1f, 0x24))] {
            let css = highlight_css(dark);
            assert!(css.contains(".hl-"), "classes present");
            assert!(!css.contains("background-color"));
            for hex in css.split("color: #").skip(1).filter_map(|r| r.get(..6)) {
                let c = parse_hex(hex).expect("hex colour");
                assert!(contrast(c, bg) >= 4.5, "#{hex} on dark={dark}");
            }
        }
    }

    /// syntect's own generator, which `highlight` must equal.
    fn reference(code: &str, lang: &str) -> Option<String> {
        let set = syntaxes();
        let syntax = set.find_syntax_by_token(lang)?;
        let mut gen = syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(gen.finalize())
    }

    #[test]
    fn cached_lines_give_what_syntect_gives() {
        // The same lines in different states: inside and outside a block comment, a
        // string and a YAML block scalar, in several languages, twice over so that the
        // second round comes from the cache.
        let blocks = [
            ("rust", "let x = 1;\n/*\nlet x = 1;\n*/\nlet x = 1;\n"),
            ("rust", "/* open\nlet x = 1;\n"),
            ("rust", "let x = 1;\n"),
            (
                "yaml",
                "nyckel: värde\ntext: |\n  nyckel: värde\nlista:\n  - nyckel: värde\n",
            ),
            ("yaml", "nyckel: värde\n"),
            ("sh", "echo \"a\"\ncat <<EOF\necho \"a\"\nEOF\necho \"a\"\n"),
            ("json", "{\"a\": [1, 2]}\n"),
            ("python", "x = 1\n\"\"\"\nx = 1\n\"\"\"\nx = 1"),
            ("html", "<p>x = 1</p>\n<script>\nx = 1\n</script>\n"),
        ];
        let h = Highlighter::new();
        for round in 0..2 {
            for (lang, code) in blocks {
                let want = reference(code, lang);
                assert!(want.is_some(), "{lang} is known");
                assert_eq!(
                    h.highlight(code, lang),
                    want,
                    "{lang} round {round}: {code:?}"
                );
            }
        }
    }
}

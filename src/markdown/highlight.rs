//! Code highlighting with syntect, emitting CSS classes (`hl-…`) instead of inline styles
//! so pages work under a strict Content-Security-Policy; the light and dark stylesheets
//! are generated from syntect's themes, with colours adjusted to WCAG AA contrast.

use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights code blocks; cheap to create, shares one loaded syntax set.
#[derive(Debug, Default, Clone, Copy)]
pub struct Highlighter;

impl Highlighter {
    /// A highlighter (the syntax definitions load on first use).
    pub fn new() -> Self {
        Highlighter
    }

    /// The HTML of one fenced code block in language `lang` (may be empty).
    pub fn code_block(&self, code: &str, lang: &str) -> String {
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

    fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let set = syntaxes();
        let syntax = set.find_syntax_by_token(lang)?;
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(gen.finalize())
    }
}

/// The stylesheet for highlighted code: light (`dark == false`) or dark scheme. Computed
/// once per process: the themes take a few milliseconds to load.
pub fn highlight_css(dark: bool) -> String {
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
}

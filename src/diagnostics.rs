//! Author-facing diagnostics: what is wrong, where (file, line, column), the source line,
//! and a hint such as the nearest valid name.
//!
//! Stages push [`Diagnostic`]s into a [`Diagnostics`] collector and keep going, so one run
//! reports every error. Tool errors (I/O, template engine) are `anyhow::Error`s instead.

use crate::source::SourceFile;
use std::fmt;

/// One problem in the site's input, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root.
    pub file: String,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The offending source line, if there is one.
    pub source_line: Option<String>,
    /// Width of the underlined part, in characters.
    pub width: usize,
    /// A hint: the nearest valid names, or what is expected.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a byte offset of a source file, underlining `len` bytes.
    pub fn at(file: &SourceFile, offset: usize, len: usize, message: impl Into<String>) -> Self {
        let pos = file.line_col(offset);
        let end = (offset + len).min(file.text().len());
        let width = file
            .text()
            .get(offset.min(end)..end)
            .map_or(1, |s| s.chars().count().max(1));
        Self {
            file: file.rel_path.clone(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
            source_line: Some(file.line_text(pos.line).to_string()),
            width,
            help: None,
        }
    }

    /// A diagnostic about a whole file that has no usable text (bad name, not UTF-8).
    pub fn whole_file(rel_path: &str, message: impl Into<String>) -> Self {
        Self {
            file: rel_path.to_string(),
            line: 1,
            column: 1,
            message: message.into(),
            source_line: None,
            width: 1,
            help: None,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a "did you mean" hint when there are candidates.
    pub fn with_suggestions(self, candidates: &[String]) -> Self {
        match did_you_mean(candidates) {
            Some(h) => self.with_help(h),
            None => self,
        }
    }
}

/// One diagnostic where a stage reports a list (a file can have many mistakes), so that
/// `?` carries a single one into a list.
impl From<Diagnostic> for Vec<Diagnostic> {
    fn from(d: Diagnostic) -> Self {
        vec![d]
    }
}

/// Formats `did you mean `a`, `b`?` for a list of candidate names.
pub(crate) fn did_you_mean(candidates: &[String]) -> Option<String> {
    if candidates.is_empty() {
        return None;
    }
    let names: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
    Some(format!("did you mean {}?", names.join(", ")))
}

/// Author text made safe for a terminal: every C0 and C1 control character except tab
/// (ESC, NUL, CR, DEL, …) is written as a Rust-style escape such as `\u{1b}`, so a
/// diagnostic never sends raw control sequences to the terminal. Other text is unchanged.
pub(crate) fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_escaped) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    std::borrow::Cow::Owned(out)
}

/// True for the characters [`escape_controls`] escapes.
fn is_escaped(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// The blanks that put a caret under the 1-based `column` of `src` once the line is shown
/// through [`escape_controls`]: tabs are kept, an escaped character counts as its escape.
pub(crate) fn caret_lead(src: &str, column: usize) -> String {
    let mut out = String::new();
    for c in src.chars().take(column.saturating_sub(1)) {
        match c {
            '\t' => out.push('\t'),
            c if is_escaped(c) => {
                let mut e = String::new();
                push_escaped(&mut e, c);
                out.push_str(&" ".repeat(e.len()));
            }
            _ => out.push(' '),
        }
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    if is_escaped(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// When diagnostics are coloured: the global `--color` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard error is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour (also into a pipe), even with `NO_COLOR`.
    Always,
    /// Never colour.
    Never,
}

/// The choice of the command line (0 auto, 1 always, 2 never).
static COLOR: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Sets how diagnostics are coloured for the rest of the run (from `--color`).
pub(crate) fn set_color(choice: ColorChoice) {
    let v = match choice {
        ColorChoice::Auto => 0,
        ColorChoice::Always => 1,
        ColorChoice::Never => 2,
    };
    COLOR.store(v, std::sync::atomic::Ordering::Relaxed);
}

/// True when diagnostics written to standard error are coloured: `--color always`, or
/// `--color auto` (the default) with standard error a terminal and `NO_COLOR` unset or
/// empty (<https://no-color.org>).
pub(crate) fn color_enabled() -> bool {
    use std::io::IsTerminal;
    let choice = match COLOR.load(std::sync::atomic::Ordering::Relaxed) {
        1 => ColorChoice::Always,
        2 => ColorChoice::Never,
        _ => ColorChoice::Auto,
    };
    decide_color(
        choice,
        std::env::var_os("NO_COLOR").as_deref(),
        std::io::stderr().is_terminal(),
    )
}

/// Whether to colour, given the choice, the value of `NO_COLOR` and whether standard
/// error is a terminal.
fn decide_color(choice: ColorChoice, no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => no_color.is_none_or(|v| v.is_empty()) && terminal,
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The build fails (shown without a label, as every error always was).
    Error,
    /// The build succeeds unless `--deny-warnings` (labelled `warning:`, in yellow).
    Warning,
}

/// The styles of a coloured diagnostic.
struct Styles {
    location: anstyle::Style,
    gutter: anstyle::Style,
    caret: anstyle::Style,
    help: anstyle::Style,
}

impl Styles {
    fn new(color: bool, severity: Severity) -> Self {
        use anstyle::{AnsiColor, Style};
        if !color {
            let plain = Style::new();
            return Self {
                location: plain,
                gutter: plain,
                caret: plain,
                help: plain,
            };
        }
        let caret = match severity {
            Severity::Error => AnsiColor::Red,
            Severity::Warning => AnsiColor::Yellow,
        };
        Self {
            location: Style::new().bold(),
            gutter: AnsiColor::Blue.on_default().bold(),
            caret: caret.on_default().bold(),
            help: AnsiColor::Cyan.on_default().bold(),
        }
    }
}

impl Diagnostic {
    /// The one renderer of diagnostics, for `build` and `check`, the dev server's terminal
    /// and its browser overlay: `path:line:column: message`, the source line with carets
    /// under the part that is wrong, and `= help: …`. With `color`, ANSI styles are added
    /// around the same text. Author text goes through [`escape_controls`].
    pub fn render(&self, color: bool) -> String {
        self.render_as(Severity::Error, color)
    }

    /// [`Diagnostic::render`] for an error or a warning: a warning's message starts with
    /// `warning:` (yellow, as its carets, when coloured), after the place as compilers
    /// write it (`content/om.md:3:1: warning: …`).
    pub fn render_as(&self, severity: Severity, color: bool) -> String {
        use std::fmt::Write as _;
        let st = Styles::new(color, severity);
        let (loc, loc_end) = (st.location.render(), st.location.render_reset());
        let mut out = String::new();
        let file = escape_controls(&self.file);
        let message = escape_controls(&self.message);
        let message = match severity {
            Severity::Error => message.into_owned(),
            Severity::Warning => {
                let (c, c_end) = (st.caret.render(), st.caret.render_reset());
                format!("{c}warning:{c_end} {message}")
            }
        };
        let _ = match (self.file.is_empty(), self.line) {
            (true, _) if severity == Severity::Error => {
                writeln!(out, "{loc}error:{loc_end} {message}")
            }
            (true, _) => writeln!(out, "{message}"),
            (false, 0) => writeln!(out, "{loc}{file}:{loc_end} {message}"),
            (false, line) => writeln!(
                out,
                "{loc}{file}:{line}:{}:{loc_end} {message}",
                self.column
            ),
        };
        if let Some(src) = &self.source_line {
            let (g, g_end) = (st.gutter.render(), st.gutter.render_reset());
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "{g}{num} |{g_end} {}", escape_controls(src));
            let lead = caret_lead(src, self.column);
            let (c, c_end) = (st.caret.render(), st.caret.render_reset());
            let carets = "^".repeat(self.width.max(1));
            let _ = writeln!(out, "{g}{pad} |{g_end} {lead}{c}{carets}{c_end}");
        }
        if let Some(help) = &self.help {
            let (h, h_end) = (st.help.render(), st.help.render_reset());
            let _ = writeln!(out, "  {h}= help:{h_end} {}", escape_controls(help));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The collector every stage writes into.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collector.
    pub(crate) fn new() -> Self {
        Self::default()
    }
    /// Records many.
    pub(crate) fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }
    /// The diagnostics sorted by file, line and column, duplicates removed.
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.items.dedup();
        self.items
    }
}

/// Located errors carried through a stage that reports tool errors as `anyhow::Error`
/// (the theme's files); [`crate::build::BuildError`] turns it back into content errors.
#[derive(Debug)]
pub(crate) struct DiagnosticsError(pub Vec<Diagnostic>);

impl fmt::Display for DiagnosticsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DiagnosticsError {}

/// Renders a list of diagnostics as standard error shows them (coloured as
/// [`color_enabled`] says), with a closing count.
pub(crate) fn render_all(diags: &[Diagnostic]) -> String {
    render_all_with(diags, color_enabled())
}

/// [`render_all`] with colour on or off.
pub(crate) fn render_all_with(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.render(color));
        out.push('\n');
    }
    let n = diags.len();
    out.push_str(&format!(
        "error: the site has {n} error{}; nothing was written\n",
        if n == 1 { "" } else { "s" }
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn renders_path_line_column_source_and_help() {
        let f = SourceFile::new(
            "content/x.md".into(),
            PathBuf::from("x"),
            "---\ntarget_areas: [levnadsvana]\n---\n".into(),
        );
        let off = f.text().find("levnadsvana").unwrap_or(0);
        let d = Diagnostic::at(&f, off, 11, "unknown target area `levnadsvana`")
            .with_suggestions(&["levnadsvanor".into()]);
        let text = d.to_string();
        assert_eq!(
            text,
            "content/x.md:2:16: unknown target area `levnadsvana`\n2 | target_areas: [levnadsvana]\n  |                ^^^^^^^^^^^\n  = help: did you mean `levnadsvanor`?\n"
        );
    }

    #[test]
    fn colour_follows_the_flag_no_color_and_the_terminal() {
        use std::ffi::OsStr;
        let set = Some(OsStr::new("1"));
        assert!(decide_color(ColorChoice::Auto, None, true));
        assert!(!decide_color(ColorChoice::Auto, set, true), "NO_COLOR");
        assert!(decide_color(ColorChoice::Auto, Some(OsStr::new("")), true));
        assert!(!decide_color(ColorChoice::Auto, None, false), "a pipe");
        assert!(decide_color(ColorChoice::Always, set, false));
        assert!(!decide_color(ColorChoice::Never, None, true));
    }

    #[test]
    fn coloured_text_is_the_plain_text_with_styles_around() {
        let f = SourceFile::new(
            "content/x.md".into(),
            PathBuf::from("x"),
            "---\nlevel: lokal\n---\n".into(),
        );
        let off = f.text().find("lokal").unwrap_or(0);
        let d =
            Diagnostic::at(&f, off, 5, "`lokal` is not a level").with_help("did you mean `local`?");
        let plain = d.render(false);
        let coloured = d.render(true);
        assert!(!plain.contains('\u{1b}'), "{plain:?}");
        assert!(coloured.contains("\u{1b}[1m"), "{coloured:?}");
        let mut stripped = String::new();
        let mut rest = coloured.as_str();
        while let Some(i) = rest.find('\u{1b}') {
            stripped.push_str(&rest[..i]);
            let after = &rest[i..];
            rest = after.find('m').map_or("", |m| &after[m + 1..]);
        }
        stripped.push_str(rest);
        assert_eq!(stripped, plain);
    }

    #[test]
    fn control_characters_are_escaped_and_the_caret_follows() {
        let f = SourceFile::new(
            "content/a\u{1b}[31m.md".into(),
            PathBuf::from("x"),
            "title: \u{1b}[2Jx\u{0}\n".into(),
        );
        let off = f.text().find('x').unwrap_or(0);
        let text = Diagnostic::at(&f, off, 1, "bad `\u{1b}[2J`").to_string();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{0}'),
            "{text:?}"
        );
        assert_eq!(
            text,
            "content/a\\u{1b}[31m.md:1:12: bad `\\u{1b}[2J`\n1 | title: \\u{1b}[2Jx\\u{0}\n  |                 ^\n"
        );
    }
}

//! The parser's syntax errors said in the author's words: what happened, at the character
//! that caused it, and what to write instead. The parser's own wording ("while parsing a
//! block mapping, did not find expected key") names YAML's grammar, not the mistake, so
//! each message is recognised and the line around it is looked at to find the mistake an
//! author makes: a value starting with `{` or `[`, a quote not closed, `: ` inside a
//! value, a tab or a list item at the wrong indentation.

use super::tree::Offsets;
use super::YamlError;
use saphyr_parser::ScanError;
use std::ops::Range;

/// What to tell the author: the message, a hint, and where (when not at the parser's
/// position).
struct Worded {
    message: String,
    help: Option<String>,
    at: Option<usize>,
}

impl Worded {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            help: Some(help.into()),
            at: None,
        }
    }

    fn at(mut self, at: usize) -> Self {
        self.at = Some(at);
        self
    }
}

/// A syntax error of the parser, said as the author would understand it.
pub(super) fn syntax_error(yaml: &str, offsets: &Offsets, e: &ScanError) -> YamlError {
    let marker = offsets.at(e.marker().index()).min(yaml.len());
    let info = e.info();
    let worded = reword(yaml, marker, info).unwrap_or(Worded {
        message: info.to_string(),
        help: None,
        at: None,
    });
    let at = worded.at.unwrap_or(marker);
    let mut err = YamlError::new(one_char(yaml, at), worded.message);
    err.help = worded.help;
    err.syntax = true;
    err
}

/// The span of the character at `at` (empty at the end of the text).
fn one_char(yaml: &str, at: usize) -> Range<usize> {
    let end = yaml
        .get(at..)
        .and_then(|t| t.chars().next())
        .map_or(at, |c| at + c.len_utf8());
    at..end
}

/// The author's words for the parser's message `info` at byte `at`, when known.
fn reword(yaml: &str, at: usize, info: &str) -> Option<Worded> {
    if info.contains("tab") || info.contains("valid YAML whitespace") {
        return Some(tab(yaml, at));
    }
    if info.contains("quoted scalar") && !info.contains("trailing content") {
        return Some(unclosed_quote(yaml, at));
    }
    if info.contains("trailing content after") {
        return Some(after_quote(yaml, at));
    }
    if info.contains("',' or '}'") {
        return Some(unclosed_flow(yaml, at, '{'));
    }
    if info.contains("',' or ']'") {
        return Some(unclosed_flow(yaml, at, '['));
    }
    if info.contains("did not find expected key")
        || info.contains("did not find expected '-' indicator")
    {
        return Some(misplaced_line(yaml, at));
    }
    if info.contains("mapping values are not allowed") {
        return Some(key_value_not_allowed(yaml, at));
    }
    if info.contains("block sequence entries are not allowed") {
        return Some(Worded::new(
            "a list item `- ` cannot follow a key on the same line",
            "write the items on the lines below the key, one `- item` per line and indented, or put a text that starts with `-` in quotes",
        ));
    }
    other(yaml, at, info)
}

/// Messages about single characters and limits.
fn other(yaml: &str, at: usize, info: &str) -> Option<Worded> {
    if info.contains("control character") || info.contains("invalid character") {
        return Some(Worded::new(
            "a control character is not allowed in YAML",
            "remove it, or write it as an escape inside double quotes (`\"\\e\"`)",
        ));
    }
    if info.contains("recursion limit") {
        return Some(Worded::new(
            "lists and mappings nest too deep here",
            "write the values with fewer levels",
        ));
    }
    if info.contains("unknown anchor") {
        return Some(Worded::new(
            "a value starting with `*` refers to an anchor (`&name`), and there is none of that name",
            "to write text that starts with `*`, put it in quotes",
        ));
    }
    if info.contains("unexpected character") {
        let c = yaml.get(at..).and_then(|t| t.chars().next()).unwrap_or('?');
        return Some(Worded::new(
            format!("a value cannot start with `{c}` in YAML"),
            format!("put the value in quotes: `\"{c}…\"`"),
        ));
    }
    None
}

/// The line around byte `at`: its start and its text without the line break.
fn line_at(yaml: &str, at: usize) -> (usize, &str) {
    let at = at.min(yaml.len());
    let start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = yaml[start..].find('\n').map_or(yaml.len(), |i| start + i);
    (start, yaml[start..end].trim_end_matches('\r'))
}

/// The offset in `line` where the value of a `key: value` or `- value` line starts.
fn value_start(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    if let Some(item) = rest.strip_prefix("- ") {
        let skipped = item.len() - item.trim_start().len();
        return Some(indent + 2 + skipped);
    }
    let colon = rest.find(": ")?;
    let after = &rest[colon + 2..];
    Some(indent + colon + 2 + (after.len() - after.trim_start().len()))
}

/// The text of a value in quotes, as the author could write it.
fn quoted(value: &str) -> String {
    let value = value.trim();
    if value.chars().count() > 40 {
        return "\"…\"".to_string();
    }
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

/// The key of a `key: value` line, for an example.
fn key_of(line: &str) -> &str {
    let rest = line.trim_start();
    let rest = rest.strip_prefix("- ").unwrap_or(rest);
    rest.find(": ").map_or("title", |i| rest[..i].trim())
}

/// What a value starting with `{` or `[` is read as.
fn flow_name(open: char) -> (&'static str, char) {
    if open == '{' {
        ("a YAML mapping", '}')
    } else {
        ("a YAML list", ']')
    }
}

/// A value in `{ }` or `[ ]` on the line at `at` that the parser stopped behind: text
/// after its closing bracket, as in `summary: {x: y} och mer`.
fn flow_value_on_line(yaml: &str, at: usize) -> Option<Worded> {
    let (start, line) = line_at(yaml, at);
    let v = value_start(line)?;
    let open = line[v..]
        .chars()
        .next()
        .filter(|c| matches!(c, '{' | '['))?;
    let (what, close) = flow_name(open);
    Some(
        Worded::new(
            format!("a value starting with `{open}` is read as {what}, and text after its closing `{close}` is not allowed"),
            format!(
                "to write text, put the whole value in quotes: `{}: {}`",
                key_of(line),
                quoted(&line[v..])
            ),
        )
        .at(start + v),
    )
}

/// A `{ }` or `[ ]` value not closed: located at its opening bracket, the nearest one
/// that starts a value on a line at or before `at`.
fn unclosed_flow(yaml: &str, at: usize, open: char) -> Worded {
    let (what, close) = flow_name(open);
    let mut end = at.min(yaml.len());
    loop {
        let (start, line) = line_at(yaml, end);
        if let Some(v) = value_start(line).filter(|&v| line[v..].starts_with(open)) {
            return Worded::new(
                format!("a value starting with `{open}` is read as {what}, and this one is not closed with `{close}`"),
                format!(
                    "to write text, put it in quotes: `{}: {}`; for {what}, end it with `{close}`",
                    key_of(line),
                    quoted(&line[v..])
                ),
            )
            .at(start + v);
        }
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    let noun = if open == '{' { "a mapping" } else { "a list" };
    Worded::new(
        format!("{noun} in `{open} {close}` is not closed"),
        format!("end it with `{close}`"),
    )
}

/// The parser found a line that fits no mapping or list above it.
fn misplaced_line(yaml: &str, at: usize) -> Worded {
    if let Some(w) = flow_value_on_line(yaml, at) {
        return w;
    }
    if let Some(w) = text_after_quote(yaml, at) {
        return w;
    }
    let (start, line) = line_at(yaml, at);
    let indent = line.len() - line.trim_start().len();
    if line.trim_start().starts_with('-') {
        return Worded::new(
            "this list item `- ` is not at the indentation of a list",
            "start every `- ` of one list in the same column, indented under its key (`tags:` and then `  - a`, `  - b`)",
        )
        .at(start + indent);
    }
    Worded::new(
        "this line is not indented like the lines above it",
        "keys of one mapping start in the same column; indent a line only under a key that ends in `:`",
    )
    .at(start + indent)
}

/// `: ` where a new `key: value` cannot start: inside a value, or on a line indented
/// under a key that already has a value.
fn key_value_not_allowed(yaml: &str, at: usize) -> Worded {
    let (start, line) = line_at(yaml, at);
    let colon = at.saturating_sub(start);
    let first = value_start(line).filter(|&v| v <= colon);
    if let Some(v) = first {
        return Worded::new(
            "`: ` inside a value is read as the start of a new `key: value`",
            format!(
                "put the value in quotes: `{}: {}`",
                key_of(line),
                quoted(&line[v..])
            ),
        );
    }
    let help = match line_above(yaml, start) {
        Some(above) if indent_of(above) < indent_of(line) => format!(
            "this line is indented deeper than `{}` above it, so it is read as part of that value; start the keys of one mapping in the same column",
            above.trim()
        ),
        _ => "check the indentation: keys of one mapping start in the same column, and a value with `: ` in it needs quotes".to_string(),
    };
    Worded::new("a `key: value` is not allowed here", help)
}

/// The nearest line above the line starting at `start` that is not empty or a comment.
fn line_above(yaml: &str, start: usize) -> Option<&str> {
    yaml.get(..start)?
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// The number of spaces before the text of a line.
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A tab where YAML wants spaces: located at the first tab in the indentation (or after
/// a `:`) from the line of `at` on.
fn tab(yaml: &str, at: usize) -> Worded {
    let (start, _) = line_at(yaml, at);
    let mut offset = start;
    for line in yaml[start..].split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Worded::new(
                "a tab is used for indentation; YAML allows only spaces there",
                "replace the tab with spaces (most editors do this when set to indent with spaces)",
            )
            .at(offset + i);
        }
        if let Some(i) = line.find(":\t") {
            return Worded::new(
                "a tab follows the `:`; YAML wants a space there",
                "write a space after the `:` instead of the tab",
            )
            .at(offset + i + 1);
        }
        offset += line.len();
    }
    Worded::new(
        "a tab is used where YAML allows only spaces",
        "replace the tab with spaces",
    )
}

/// A quote opened at `at` and not closed.
fn unclosed_quote(yaml: &str, at: usize) -> Worded {
    let (start, line) = line_at(yaml, at);
    let quote = yaml
        .get(at..)
        .and_then(|t| t.chars().next())
        .filter(|c| matches!(c, '"' | '\''))
        .or_else(|| {
            value_start(line)
                .and_then(|v| line[v..].chars().next().filter(|c| *c == '"' || *c == '\''))
        })
        .unwrap_or('"');
    let at = if yaml[at..].starts_with(quote) {
        at
    } else {
        value_start(line).map_or(at, |v| start + v)
    };
    Worded::new(
        format!("the quote `{quote}` that starts this value is not closed"),
        format!("end the text with `{quote}` on the same line, or remove the opening quote"),
    )
    .at(at)
}

/// Text after the closing quote of a quoted value, as in `title: "Om" oss`.
fn text_after_quote(yaml: &str, at: usize) -> Option<Worded> {
    let (_, line) = line_at(yaml, at);
    let v = value_start(line)?;
    let quote = line[v..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    Some(Worded::new(
        format!("text after the closing quote `{quote}` is not allowed"),
        format!(
            "put the whole value in quotes, or remove the quotes: `{}: {}`",
            key_of(line),
            quoted(&line[v..].replace(quote, ""))
        ),
    ))
}

/// [`text_after_quote`], where the parser says so itself.
fn after_quote(yaml: &str, at: usize) -> Worded {
    text_after_quote(yaml, at).unwrap_or_else(|| {
        Worded::new(
            "text after a closing quote is not allowed",
            "put the whole value in quotes, or remove the quotes",
        )
    })
}

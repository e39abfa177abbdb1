//! The only module that knows which YAML parser blomma uses (`saphyr-parser`, a maintained
//! YAML 1.2 parser that reports the span of every event).
//!
//! YAML is read in two steps. [`parse_tree`] turns the text into a [`Node`] tree where every
//! value knows its byte span; a key written twice in one mapping and aliases that expand
//! beyond [`ALIAS_BUDGET`] values are located errors there. [`from_str`] then reads the tree
//! into a typed value with a deserializer that does not stop at the first mistake: an
//! unknown field, a value of the wrong type or an unknown name is recorded and reading
//! goes on, so one run reports every error of a file, each at its value and in the
//! author's words ("`number` must be a whole number, not `tre`").
//!
//! Scalars are read as serde_yaml 0.9 read them, so every file means what it meant
//! before: a text field takes any scalar as written (`title: 2024` is the text `2024`,
//! `yes` and `on` stay texts, dates such as `2020-06-01` are texts); numbers are plain
//! decimal, `0x`, `0o` or `0b` integers (`012` is the text `012`, not octal); booleans are
//! `true`/`false` in three casings; `~`, `null` and an empty value are null.

mod access;
mod budgets;
mod de;
mod messages;
mod recover;
mod scalars;
mod syntax;
mod tree;

pub use budgets::{ALIAS_BUDGET, MAX_DEPTH};
pub use de::DeError;
pub use tree::parse_tree;

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use serde::de::DeserializeOwned;
use std::ops::Range;

/// One YAML value with its byte span in the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the value is.
    pub kind: Kind,
    /// Its bytes in the YAML text (for a mapping or list, from its first to its last byte).
    pub span: Range<usize>,
}

/// The kinds of YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A scalar as written; `plain` when it is not quoted and not a block scalar.
    Scalar {
        /// The text of the scalar.
        text: String,
        /// True for an unquoted scalar (only those can be numbers, booleans or null).
        plain: bool,
    },
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in the order written.
    Map(Vec<(Node, Node)>),
    /// A stand-in for a value that was wrong or missing, so that reading can go on.
    Poison,
}

/// A YAML error located in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The bytes the error is about, in the YAML text.
    pub span: Range<usize>,
    /// What is wrong, in the author's words.
    pub message: String,
    /// A hint: the nearest valid names, or what to write.
    pub help: Option<String>,
    /// For a duplicate key: the key and the byte offset of its first occurrence.
    pub earlier: Option<(String, usize)>,
    /// True for an error of the YAML syntax itself (shown after "invalid front matter: "
    /// or "invalid data table: ").
    pub syntax: bool,
    /// True when the error is about the document as a whole (a missing top-level field):
    /// it is then shown at the opening `---`.
    pub whole: bool,
}

impl YamlError {
    /// An error at `span` saying `message`.
    pub(super) fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            help: None,
            earlier: None,
            syntax: false,
            whole: false,
        }
    }

    /// The error with a hint.
    pub(super) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The error as a diagnostic in `file`, whose YAML text starts at byte `base`. `what`
    /// names the YAML for syntax errors: "invalid {what}: …" (`front matter`, `data table`).
    pub fn diagnostic(&self, file: &SourceFile, base: usize, what: &str) -> Diagnostic {
        let message = if self.syntax {
            format!("invalid {what}: {}", self.message)
        } else {
            self.message.clone()
        };
        if self.whole {
            let mut d = Diagnostic::at(file, 0, 3, message);
            d.help = self.help.clone();
            return d;
        }
        let start = base + self.span.start;
        let text = file.text();
        let line_end = text
            .get(start..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| start + i);
        let end = (base + self.span.end).min(line_end).max(start);
        let mut d = Diagnostic::at(file, start, (end - start).max(1), message);
        d.help = match &self.earlier {
            Some((key, at)) => Some(format!(
                "`{key}` is already set on line {}; keep one of the two",
                file.line_col(base + at).line
            )),
            None => self.help.clone(),
        };
        d
    }
}

/// Reads YAML into `T`; an empty document is read as an empty mapping. Every mistake is
/// reported: the error list is never empty.
pub fn from_str<T: DeserializeOwned>(yaml: &str) -> Result<T, Vec<YamlError>> {
    recover::read(parse_tree(yaml)?, yaml)
}

/// Reads a YAML data table as JSON for templates.
pub fn to_json(yaml: &str) -> Result<serde_json::Value, Vec<YamlError>> {
    from_str(yaml)
}

/// `deserialize_with` for an optional free-form field such as `extra`. A key written twice
/// is already refused when the tree is built ([`parse_tree`]), at any depth.
pub fn unique_json<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    <Option<serde_json::Value> as serde::Deserialize>::deserialize(d)
}

#[cfg(test)]
mod tests;

//! The wording of errors: the parser's messages and serde's names for values, said in
//! the author's words.

use super::de::De;
use super::tree::Offsets;
use super::{Kind, YamlError};
use saphyr_parser::ScanError;
use serde::de;

/// YAML allows no control characters but tab and line ends (and NEL) in its text; an
/// escape such as `"\e"` inside double quotes is the way to write one.
pub(super) fn control_character(yaml: &str) -> Option<YamlError> {
    let (i, c) = yaml
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))?;
    let mut e = YamlError::new(
        i..i + c.len_utf8(),
        format!(
            "control character U+{:04X} is not allowed in YAML",
            u32::from(c)
        ),
    )
    .help("remove it, or write it as an escape inside double quotes (`\"\\e\"`)");
    e.syntax = true;
    Some(e)
}

/// A syntax error of the parser, said as the author would understand it where the
/// parser's words are technical.
pub(super) fn syntax_error(yaml: &str, offsets: &Offsets, e: &ScanError) -> YamlError {
    let at = offsets.at(e.marker().index());
    let end = yaml[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    let info = e.info();
    let (message, help) = if info.contains("mapping values are not allowed") {
        (
            "a `key: value` is not allowed here",
            Some("check the indentation: keys of one mapping start in the same column, and a value with `: ` in it needs quotes"),
        )
    } else if info.contains("control character") || info.contains("invalid character") {
        (
            "a control character is not allowed in YAML",
            Some("remove it, or write it as an escape inside double quotes (`\"\\e\"`)"),
        )
    } else if info.contains("did not find expected ',' or ']'") {
        (
            "a list in `[ ]` is not closed",
            Some("end the list with `]` on the same line, or write one `- item` per line"),
        )
    } else if info.contains("did not find expected ',' or '}'") {
        ("a mapping in `{ }` is not closed", Some("end it with `}`"))
    } else if info.contains("recursion limit") {
        (
            "lists and mappings nest too deep here",
            Some("write the values with fewer levels"),
        )
    } else if info.contains("tab") {
        ("a tab is used for indentation", Some("indent with spaces"))
    } else {
        ("", None)
    };
    let message = if message.is_empty() {
        info.to_string()
    } else {
        message.to_string()
    };
    let mut err = YamlError::new(at..end, message);
    err.help = help.map(str::to_string);
    err.syntax = true;
    err
}

/// serde's name for a value, in the author's words.
pub(super) fn unexpected(u: de::Unexpected<'_>) -> String {
    use de::Unexpected as U;
    match u {
        U::Seq => "a list".into(),
        U::Map => "a mapping".into(),
        U::Unit | U::Option => "empty".into(),
        U::Bool(b) => format!("`{b}`"),
        U::Unsigned(n) => format!("`{n}`"),
        U::Signed(n) => format!("`{n}`"),
        U::Float(n) => format!("`{n}`"),
        U::Str(s) => format!("`{s}`"),
        U::Char(c) => format!("`{c}`"),
        other => other.to_string(),
    }
}

impl De<'_> {
    /// Records "`antagen` is not a status; use one of: draft, adopted, revised".
    pub(super) fn unknown_name(&self, names: &[&str]) {
        let list = names.join(", ");
        let noun = self.field.map_or("a valid value".to_string(), |f| {
            let f = f.replace('_', " ");
            let article = if f.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {f}")
        });
        let (message, near) = match &self.node.kind {
            Kind::Scalar { text, .. } => (
                format!("`{text}` is not {noun}; use one of: {list}"),
                crate::suggest::nearest(text, names.iter().copied()),
            ),
            _ => (
                format!(
                    "{} must be one of: {list}, not {}",
                    self.label(),
                    self.what()
                ),
                Vec::new(),
            ),
        };
        self.record(message, crate::diagnostics::did_you_mean(&near));
    }
}

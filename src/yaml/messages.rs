//! The wording of errors: the parser's messages and serde's names for values, said in
//! the author's words.

use super::de::De;
use super::{Kind, YamlError};
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

/// The hint for a value in `{ }` or `[ ]` (as `written`) where a text is wanted: to put
/// it in quotes (for `[`, also what it was read as; the message says so for `{`). None for other values.
pub(super) fn flow_as_text(field: Option<&str>, written: &str) -> Option<String> {
    let open = written.chars().next().filter(|c| matches!(c, '{' | '['))?;
    let example = if written.contains('\n') || written.chars().count() > 40 {
        format!("\"{open}…\"")
    } else if written.contains('"') {
        format!("'{}'", written.replace('\'', "''"))
    } else {
        format!("\"{written}\"")
    };
    let example = match field {
        Some(f) => format!("{f}: {example}"),
        None => example,
    };
    let quotes = format!("to write text, put it in quotes: `{example}`");
    Some(if open == '[' {
        format!("a value starting with `[` is read as a YAML list; {quotes}")
    } else {
        quotes
    })
}

//! The only module that knows which YAML crate blomma uses (serde_yaml today), so that
//! swapping it touches one file. Errors come back with a 1-based line and column
//! relative to the YAML text and a message without serde_yaml's location suffix.

use serde::de::DeserializeOwned;

/// A YAML error located in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the YAML text (0 when unknown).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The message, without location.
    pub message: String,
}

/// Deserialises YAML into `T`; an empty document is read as an empty mapping.
pub fn from_str<T: DeserializeOwned>(yaml: &str) -> Result<T, YamlError> {
    let text = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        YamlError {
            line,
            column,
            message: strip_location(&e.to_string()),
        }
    })
}

/// Reads a YAML data table as JSON for templates; errors give (message, line).
pub fn to_json(yaml: &str) -> Result<serde_json::Value, (String, usize)> {
    from_str::<serde_json::Value>(yaml).map_err(|e| (e.message, e.line.max(1)))
}

/// Removes every ` at line N column M` serde_yaml puts into its messages: those numbers
/// are relative to the YAML block, and the diagnostic carries the file's own position.
fn strip_location(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n = digits(after);
        let tail = &after[n..];
        match tail.strip_prefix(" column ") {
            Some(c) if n > 0 => rest = &c[digits(c)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn errors_carry_line_and_column() {
        let e = from_str::<BTreeMap<String, String>>("a: b\nc: [d\n").err();
        let e = e.expect("malformed YAML fails");
        assert!(e.line >= 2, "{e:?}");
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }

    #[test]
    fn every_relative_location_is_removed() {
        assert_eq!(
            strip_location("did not find expected ',' at line 3 column 7, while parsing a flow sequence at line 2 column 5"),
            "did not find expected ',', while parsing a flow sequence"
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            y.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        assert!(from_str::<serde_json::Value>(&y).is_err());
    }
}

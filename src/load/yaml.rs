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
    /// For a duplicate key: the key and the 1-based line of its first occurrence (the
    /// error's own `line` and `column` then point at the second).
    pub duplicate: Option<(String, usize)>,
}

/// Deserialises YAML into `T`; an empty document is read as an empty mapping.
///
/// A key written twice in one mapping is an error at any depth: typed fields through
/// serde's own check, free-form maps (`extra`, data tables) through [`unique_json`].
pub fn from_str<T: DeserializeOwned>(yaml: &str) -> Result<T, YamlError> {
    let text = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = strip_location(&e.to_string());
        let duplicate = duplicate_key(&message)
            .and_then(|key| locate_duplicate(text, line, column, &key).map(|at| (key, at)));
        match duplicate {
            Some((key, (first, (line, column)))) => YamlError {
                line,
                column,
                message,
                duplicate: Some((key, first)),
            },
            None => YamlError {
                line,
                column,
                message,
                duplicate: None,
            },
        }
    })
}

/// Reads a YAML data table as JSON for templates; errors give (message, line).
pub fn to_json(yaml: &str) -> Result<serde_json::Value, (String, usize)> {
    from_str::<UniqueJson>(yaml)
        .map(|v| v.0)
        .map_err(|e| match &e.duplicate {
            Some((key, first)) => (
                format!("duplicate key `{key}`: it is already set on line {first}"),
                e.line,
            ),
            None => (e.message, e.line.max(1)),
        })
}

/// A free-form YAML value read as JSON, refusing a key written twice in any of its
/// mappings (plain `serde_json::Value` keeps the last one silently).
struct UniqueJson(serde_json::Value);

impl<'de> serde::Deserialize<'de> for UniqueJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // serde_yaml's own `Value` rejects duplicate keys; JSON is what templates get.
        let v = <serde_yaml::Value as serde::Deserialize>::deserialize(d)?;
        serde_json::to_value(v)
            .map(UniqueJson)
            .map_err(serde::de::Error::custom)
    }
}

/// `deserialize_with` for an optional free-form field such as `extra`: like
/// `Option<serde_json::Value>`, but a key written twice is an error.
pub fn unique_json<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    Ok(<Option<UniqueJson> as serde::Deserialize>::deserialize(d)?.map(|v| v.0))
}

/// The key named by serde's "duplicate field `k`" or serde_yaml's "duplicate entry with
/// key \"k\"".
fn duplicate_key(msg: &str) -> Option<String> {
    if let Some(rest) = msg.split("duplicate field `").nth(1) {
        return rest.split('`').next().map(str::to_string);
    }
    let rest = msg.split("duplicate entry with key ").nth(1)?;
    let rest = rest.trim();
    let key = match rest.strip_prefix('"') {
        Some(r) => r.rsplit_once('"').map_or(r, |(k, _)| k),
        None => rest,
    };
    Some(key.to_string())
}

/// serde_yaml places a duplicate-key error at the start of the mapping (line, column).
/// Finds the key's first and second occurrence among that mapping's own keys (lines
/// indented like its first key): returns the first's line and the second's (line, column),
/// all 1-based. `None` for a mapping written inline (`{a: 1, a: 2}`).
fn locate_duplicate(
    yaml: &str,
    line: usize,
    column: usize,
    key: &str,
) -> Option<(usize, (usize, usize))> {
    let indent = column.checked_sub(1)?;
    let mut found: Vec<usize> = Vec::new();
    for (i, text) in yaml.lines().enumerate().skip(line.checked_sub(1)?) {
        let n = i + 1;
        let at: String = text.chars().skip(indent).collect();
        let lead: String = text.chars().take(indent).collect();
        let content = text.trim_start();
        if n > line && !content.is_empty() && !content.starts_with('#') {
            if lead.chars().any(|c| c != ' ') {
                break;
            }
            if at.starts_with(' ') {
                continue;
            }
        }
        if starts_with_key(&at, key) {
            found.push(n);
            if let [first, second] = found[..] {
                return Some((first, (second, column)));
            }
        }
    }
    None
}

/// True when a line (from its key's column) is `key:` or `"key":` or `'key':`.
fn starts_with_key(at: &str, key: &str) -> bool {
    [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .any(|k| {
            at.strip_prefix(k.as_str())
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
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
    fn duplicate_keys_at_any_depth_point_at_the_second() {
        let y = "title: a\nextra:\n  a: 1\n  b:\n    c: 1\n    # note\n    c: 2\n  a: 3\n";
        let e = from_str::<serde_json::Value>(y).err();
        assert!(
            e.is_none(),
            "plain JSON keeps the last, which is why extra needs more"
        );
        let e = to_json(y).err().unwrap_or_default();
        assert_eq!(e.1, 7, "{e:?}");
        assert!(
            e.0.contains("duplicate key `c`") && e.0.contains("line 5"),
            "{e:?}"
        );
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct S {
            title: String,
            #[serde(default, deserialize_with = "unique_json")]
            extra: Option<serde_json::Value>,
        }
        let e = from_str::<S>("title: a\nextra:\n  x: 1\n  'x': 2\n").err();
        let e = e.expect("duplicate in extra fails");
        assert_eq!((e.line, e.column), (4, 3), "{e:?}");
        assert_eq!(e.duplicate, Some(("x".to_string(), 3)));
        let e = from_str::<S>("title: a\nextra: {}\ntitle: b\n").err();
        let e = e.expect("duplicate field fails");
        assert_eq!(e.line, 3, "{e:?}");
        assert_eq!(e.duplicate, Some(("title".to_string(), 1)));
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

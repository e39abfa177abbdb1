//! The only module that knows which YAML parser blomma uses (`saphyr-parser`, a maintained
//! YAML 1.2 parser that reports the span of every event).
//!
//! YAML is read in two steps. [`parse_tree`] turns the text into a [`Node`] tree where every
//! value knows its byte span; a key written twice in one mapping and aliases that expand
//! beyond [`ALIAS_BUDGET`](budgets::ALIAS_BUDGET) values are located errors there. [`from_str`] then reads the tree
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

pub(crate) use tree::parse_tree;

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use serde::de::DeserializeOwned;
use std::ops::Range;

/// One YAML value with its byte span in the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// What the value is.
    pub kind: Kind,
    /// Its bytes in the YAML text (for a mapping or list, from its first to its last byte).
    pub span: Range<usize>,
}

/// The kinds of YAML value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
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
pub(crate) fn from_str<T: DeserializeOwned>(yaml: &str) -> Result<T, Vec<YamlError>> {
    recover::read(parse_tree(yaml)?, yaml)
}

/// Reads a YAML data table as JSON for templates.
pub fn to_json(yaml: &str) -> Result<serde_json::Value, Vec<YamlError>> {
    from_str(yaml)
}

/// `deserialize_with` for an optional free-form field such as `extra`. A key written twice
/// is already refused when the tree is built ([`parse_tree`]), at any depth.
pub(crate) fn unique_json<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    <Option<serde_json::Value> as serde::Deserialize>::deserialize(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use serde::de::DeserializeOwned;
    use std::collections::BTreeMap;
    use std::fmt;

    fn errors<T: DeserializeOwned + fmt::Debug>(yaml: &str) -> Vec<YamlError> {
        from_str::<T>(yaml).err().unwrap_or_default()
    }

    #[test]
    fn errors_carry_their_span() {
        let y = "a: b\nc: [d\n";
        let e = errors::<BTreeMap<String, String>>(y);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].span.start >= y.find('[').unwrap_or(0), "{e:?}");
    }

    #[test]
    fn duplicate_keys_at_any_depth_point_at_the_second() {
        let y = "title: a\nextra:\n  a: 1\n  b:\n    c: 1\n    # note\n    c: 2\n  a: 3\n";
        let e = to_json(y).err().unwrap_or_default();
        assert_eq!(e.len(), 2, "both duplicates are reported: {e:?}");
        let second_c = y.rfind("c: 2").unwrap_or(0);
        assert_eq!(e[0].span.start, second_c, "{e:?}");
        assert_eq!(e[0].earlier, y.find("c: 1").map(|at| ("c".to_string(), at)));
        assert_eq!(e[0].message, "duplicate key `c`");
        assert_eq!(e[1].span.start, y.rfind("a: 3").unwrap_or(0), "{e:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let flow = format!("a: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let block: String = (0..300)
            .map(|i| format!("{}a:\n", "  ".repeat(i)))
            .collect();
        for y in [flow, block] {
            let e = errors::<serde_json::Value>(&y);
            assert!(e[0].message.contains("nest too deep here"), "{e:?}");
        }
    }

    #[test]
    fn syntax_errors_name_what_was_read() {
        let text = "namn: A\n  epost: a@x.se\n";
        let file = SourceFile::new("data/k.yaml".into(), "k".into(), text.into());
        let e = errors::<serde_json::Value>(text);
        let d = e[0].diagnostic(&file, 0, "data table");
        assert_eq!(
            d.message,
            "invalid data table: a `key: value` is not allowed here"
        );
        assert_eq!((d.line, d.column), (2, 8), "{d}");
    }

    #[test]
    fn scalars_read_as_serde_yaml_read_them() {
        let y = "a: yes\nb: on\nc: 012\nd: 0o17\ne: 2020-06-01\nf: ~\ng: True\nh: 1.5\ni: '5'\nj: 0x1F\nk: -3\n";
        let v = to_json(y).unwrap_or_default();
        let want = serde_json::json!({
            "a": "yes", "b": "on", "c": "012", "d": 15, "e": "2020-06-01", "f": null,
            "g": true, "h": 1.5, "i": "5", "j": 31, "k": -3
        });
        assert_eq!(v, want);
    }

    #[test]
    fn alias_bomb_is_refused_and_says_what_the_author_did() {
        let mut y = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            y.push_str(&format!(
                "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = n;
        }
        let e = errors::<serde_json::Value>(&y);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.starts_with("too many aliases (`*"), "{e:?}");
        assert_eq!(&y[e[0].span.start..e[0].span.start + 1], "*");
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct S {
        number: u32,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        status: Option<crate::model::Status>,
    }

    #[test]
    fn every_mistake_of_a_document_is_reported_at_once() {
        let y = "titel: A\ntags: [a, [b]]\nstatus: antagen\n";
        let e = errors::<S>(y);
        let msgs: Vec<&str> = e.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "unknown field `titel`",
                "each item of `tags` must be a text, not a list",
                "`antagen` is not a status; use one of: draft, adopted, revised",
                "missing required field `number`",
            ],
            "{e:?}"
        );
        assert_eq!(e[0].help.as_deref(), Some("did you mean `title`?"));
        assert!(e[3].whole, "{e:?}");
    }

    #[test]
    fn wrong_types_are_said_in_words() {
        let e = errors::<S>("number: tre\n");
        assert_eq!(e[0].message, "`number` must be a whole number, not `tre`");
        assert_eq!(e[0].span, 8..11);
        let e = errors::<S>("number: -1\n");
        assert_eq!(
            e[0].message,
            "`number` must be a whole number from 0 to 4294967295, not `-1`"
        );
        let e = errors::<S>("number: 1\ntitle: [a]\n");
        assert_eq!(e[0].message, "`title` must be a text, not a list");
        let e = errors::<S>("number: 1\nstatus: adoptd\n");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `adopted`?"));
    }
}

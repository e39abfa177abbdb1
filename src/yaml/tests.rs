//! Unit tests of the YAML reader.

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

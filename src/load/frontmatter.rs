//! Front matter: splitting the `---` block off a file, reading it into its kind's typed
//! struct ([`crate::kinds::frontmatter`]; unknown fields rejected with the nearest known
//! name), and locating the values of references inside the block so later stages can
//! point at them.

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::yaml;

/// The parts of a file: the YAML block and the Markdown body, with their byte offsets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split<'a> {
    /// The YAML text (empty without front matter).
    pub yaml: &'a str,
    /// Byte offset of the YAML text in the file.
    pub yaml_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits a file into front matter and body.
pub(crate) fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text();
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Ok(Split {
            yaml: "",
            yaml_offset: 0,
            body: text,
            body_offset: 0,
        });
    }
    let yaml_offset = (first_end + 1).min(text.len());
    let mut pos = yaml_offset;
    for line in text[yaml_offset..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let body_offset = pos + line.len();
            return Ok(Split {
                yaml: &text[yaml_offset..pos],
                yaml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos += line.len();
    }
    Err(Diagnostic::at(
        file,
        0,
        3,
        "unclosed front matter: the opening `---` has no closing `---` line",
    )
    .with_help("end the front matter with a line that holds only `---`"))
}

/// Reads the YAML of `split` into `T`, turning every error into a diagnostic located in
/// the file: one run reports all the mistakes of a front matter.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    split: &Split<'_>,
) -> Result<T, Vec<Diagnostic>> {
    yaml::from_str::<T>(split.yaml).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.diagnostic(file, split.yaml_offset, "front matter"))
            .collect()
    })
}

/// True when the top-level mapping of `yaml` gives `key` a non-empty value.
pub(crate) fn has_text(yaml: &str, key: &str) -> bool {
    let Ok(tree) = yaml::parse_tree(yaml) else {
        return true;
    };
    let yaml::Kind::Map(entries) = &tree.kind else {
        return true;
    };
    entries.iter().any(|(k, v)| {
        matches!(&k.kind, yaml::Kind::Scalar { text, .. } if text == key)
            && !matches!(&v.kind, yaml::Kind::Scalar { text, .. } if text.trim().is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::forum::ForumFm;
    use crate::kinds::frontmatter::locate_value;
    use crate::kinds::page::PageFm;
    use std::path::PathBuf;

    fn first<T>(r: Result<T, Vec<Diagnostic>>) -> Diagnostic {
        let ds = r.err().unwrap_or_default();
        assert!(!ds.is_empty(), "the front matter fails");
        ds.into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::whole_file("-", "-"))
    }

    fn file(t: &str) -> SourceFile {
        SourceFile::new("content/x.md".into(), PathBuf::from("x"), t.into())
    }

    #[test]
    fn splits_front_matter_and_body() {
        let f = file("---\ntitle: A\n---\n# Body\n");
        let s = split(&f).expect("splits");
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "# Body\n");
        assert!(split(&file("---\ntitle: A\n")).is_err());
        let plain = file("# no fm\n");
        let none = split(&plain).expect("ok");
        assert_eq!((none.yaml, none.body), ("", "# no fm\n"));
    }

    #[test]
    fn unknown_field_points_at_the_file_line_and_suggests() {
        let f = file("---\ntitle: A\nsumary: B\n---\n");
        let s = split(&f).expect("splits");
        let d = first(parse::<PageFm>(&f, &s));
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn nested_unknown_field_is_located() {
        let f = file("---\ntitle: F\ndate: 2023-11-30\nprogram:\n  - title: X\n    speakers:\n      - name: A\n        countyy: varmland\n---\n");
        let s = split(&f).expect("splits");
        let d = first(parse::<ForumFm>(&f, &s));
        assert_eq!(d.line, 8, "{d}");
        assert_eq!(d.help.as_deref(), Some("did you mean `county`?"), "{d}");
    }

    #[test]
    fn invalid_date_and_missing_field() {
        let f = file("---\ntitle: F\ndate: 2023-13-30\n---\n");
        let s = split(&f).expect("splits");
        let d = first(parse::<ForumFm>(&f, &s));
        assert_eq!(d.line, 3, "{d}");
        assert!(d.message.contains("2023-13-30"), "{d}");
        let f = file("---\ntitle: F\n---\n");
        let s = split(&f).expect("splits");
        let d = first(parse::<ForumFm>(&f, &s));
        assert!(d.message.contains("`date`"), "{d}");
    }

    #[test]
    fn duplicate_keys_in_extra_and_fields_are_located() {
        let f = file("---\ntitle: A\nextra:\n  färg: röd\n  färg: blå\n---\n");
        let s = split(&f).expect("splits");
        let d = first(parse::<PageFm>(&f, &s));
        assert_eq!((d.line, d.column, d.width), (5, 3, 4), "{d}");
        assert!(d.message.contains("duplicate key `färg`"), "{d}");
        assert!(d.help.as_deref().unwrap_or("").contains("line 4"), "{d}");
        let f = file("---\ntitle: A\nsummary: B\ntitle: C\n---\n");
        let s = split(&f).expect("splits");
        let d = first(parse::<PageFm>(&f, &s));
        assert_eq!((d.line, d.column), (4, 1), "{d}");
        assert!(d.help.as_deref().unwrap_or("").contains("line 2"), "{d}");
    }

    #[test]
    fn locates_values_under_their_key() {
        let y = "title: levnadsvanor\ntarget_areas: [a, levnadsvanor]\ncommitments:\n  - role: kommunen\n    items: [x]\n  - role: kommunen\n";
        let first = locate_value(y, "target_areas", "levnadsvanor", 0).unwrap_or(0);
        assert_eq!(&y[first - 3..first], "a, ");
        let second = locate_value(y, "role", "kommunen", 1).unwrap_or(0);
        assert!(second > locate_value(y, "role", "kommunen", 0).unwrap_or(usize::MAX));
        assert_eq!(locate_value(y, "role", "kommunen", 2), None);
    }
}

//! Front matter: splitting the `---` block off a file, reading it into one typed struct per
//! collection (unknown fields rejected with the nearest known name), and locating the
//! values of references inside the block so later stages can point at them.

use super::yaml;
use crate::diagnostics::Diagnostic;
use crate::model::{Audience, Date, DocKind, Level, PartialDate, Status};
use crate::source::SourceFile;
use crate::suggest::nearest;
use serde::Deserialize;

/// The parts of a file: the YAML block and the Markdown body, with their byte offsets.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML text (empty without front matter).
    pub yaml: &'a str,
    /// Byte offset of the YAML text in the file.
    pub yaml_offset: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    /// True when the file had a front-matter block.
    pub has_front_matter: bool,
}

/// Splits a file into front matter and body.
pub fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text();
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Ok(Split {
            yaml: "",
            yaml_offset: 0,
            body: text,
            body_offset: 0,
            has_front_matter: false,
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
                has_front_matter: true,
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

/// Fields every page may carry.
pub trait Common {
    /// `title`.
    fn title(&self) -> Option<&str>;
    /// `summary`.
    fn summary(&self) -> Option<&str>;
    /// `draft`.
    fn draft(&self) -> bool;
    /// `updated`.
    fn updated(&self) -> Option<Date>;
    /// `weight`.
    fn weight(&self) -> Option<i64>;
    /// `extra`.
    fn extra(&self) -> Option<&serde_json::Value>;
}

macro_rules! front_matter {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(missing_docs)]
        pub struct $name {
            #[serde(default)] pub title: Option<String>,
            #[serde(default)] pub summary: Option<String>,
            #[serde(default)] pub draft: bool,
            #[serde(default)] pub updated: Option<Date>,
            #[serde(default)] pub weight: Option<i64>,
            #[serde(default, deserialize_with = "super::yaml::unique_json")] pub extra: Option<serde_json::Value>,
            $($(#[$fm])* pub $f: $t,)*
        }
        impl Common for $name {
            fn title(&self) -> Option<&str> { self.title.as_deref() }
            fn summary(&self) -> Option<&str> { self.summary.as_deref() }
            fn draft(&self) -> bool { self.draft }
            fn updated(&self) -> Option<Date> { self.updated }
            fn weight(&self) -> Option<i64> { self.weight }
            fn extra(&self) -> Option<&serde_json::Value> { self.extra.as_ref() }
        }
    };
}

front_matter!(
    /// An ordinary page, the home page or a collection's `_index.md`.
    PageFm {
        #[serde(default)] audience: Audience,
    }
);
front_matter!(
    /// `malomraden/<slug>.md`.
    TargetAreaFm {
        number: u32,
        #[serde(default)] focus_areas: Vec<FocusAreaFm>,
    }
);
front_matter!(
    /// `aktorer/<slug>.md`.
    ActorFm {
        level: Level,
        #[serde(default)] responsibilities: Vec<String>,
        #[serde(default)] target_areas: Vec<String>,
    }
);
front_matter!(
    /// `lan/<slug>/_index.md`.
    CountyFm {
        #[serde(default)] code: Option<String>,
        #[serde(default)] organisations: Vec<OrganisationFm>,
        #[serde(default)] structures: Vec<StructureFm>,
        #[serde(default)] declaration: Option<DeclarationFm>,
        #[serde(default)] declaration_source: Option<String>,
    }
);
front_matter!(
    /// `lan/<slug>/<doc>.md`.
    DocumentFm {
        kind: DocKind,
        #[serde(default)] adopted: Option<Date>,
        #[serde(default)] status: Option<Status>,
        #[serde(default)] signatories: Vec<String>,
        #[serde(default)] target_areas: Vec<String>,
        #[serde(default)] commitments: Vec<CommitmentFm>,
        #[serde(default)] source: Option<String>,
        #[serde(default)] published: Option<PartialDate>,
        #[serde(default)] publisher: Option<String>,
        #[serde(default)] series: Option<String>,
    }
);
front_matter!(
    /// `forum/<slug>/_index.md`.
    ForumFm {
        date: Date,
        #[serde(default)] venue: Option<String>,
        #[serde(default)] organiser: Option<String>,
        #[serde(default)] participants: Option<u32>,
        #[serde(default)] program: Vec<ProgramItemFm>,
    }
);
front_matter!(
    /// `forum/<slug>/<part>.md`.
    PartFm {
        #[serde(default)] target_areas: Vec<String>,
        #[serde(default)] counties: Vec<String>,
        #[serde(default)] actors: Vec<String>,
    }
);

/// `declaration:` of a county (v2): the only value is `none`, a statement that the
/// county has no declaration of intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeclarationFm {
    /// The county has stated that it has no declaration.
    None,
}

/// A focus area as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FocusAreaFm {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
}

/// An organisation as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct OrganisationFm {
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// A structure as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct StructureFm {
    pub name: String,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub groups: Vec<GroupFm>,
}

/// A group as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct GroupFm {
    pub name: String,
    #[serde(default)]
    pub members: Vec<PersonFm>,
}

/// A person as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PersonFm {
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub county: Option<String>,
}

/// A commitment as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct CommitmentFm {
    pub role: String,
    #[serde(default)]
    pub items: Vec<String>,
}

/// A program item as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ProgramItemFm {
    #[serde(default)]
    pub time: Option<String>,
    pub title: String,
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub speakers: Vec<PersonFm>,
}

/// Reads the YAML of `split` into `T`, turning errors into diagnostics located in the file.
pub fn parse<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    yaml::from_str::<T>(split.yaml).map_err(|e| yaml_diagnostic(file, split, &e))
}

fn yaml_diagnostic(file: &SourceFile, split: &Split<'_>, e: &yaml::YamlError) -> Diagnostic {
    let first_line = file.line_col(split.yaml_offset).line;
    let (line, column) = if e.line == 0 {
        (file.line_col(0).line, 1)
    } else {
        (first_line + e.line - 1, e.column.max(1))
    };
    let offset = file.offset_of(line, column);
    if let Some((key, first)) = &e.duplicate {
        let prefix = path_prefix(&e.message);
        return Diagnostic::at(
            file,
            offset,
            key.len().max(1),
            format!("{prefix}duplicate key `{key}`"),
        )
        .with_help(format!(
            "`{key}` is already set on line {}; keep one of the two",
            first_line + first - 1
        ));
    }
    if e.message.contains("control characters are not allowed") {
        if let Some((i, c)) = split
            .yaml
            .char_indices()
            .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            return Diagnostic::at(
                file,
                split.yaml_offset + i,
                c.len_utf8(),
                format!(
                    "invalid front matter: control character U+{:04X} is not allowed in YAML",
                    u32::from(c)
                ),
            )
            .with_help("remove it, or write it as an escape inside double quotes (`\"\\e\"`)");
        }
    }
    if let Some(name) = crate::config::unknown_name(&e.message) {
        let expected = expected_names(&e.message);
        let key_off = find_on_line(file, line, &name).unwrap_or(offset);
        let prefix = path_prefix(&e.message);
        let d = Diagnostic::at(
            file,
            key_off,
            name.len(),
            format!("{prefix}unknown field `{name}`"),
        );
        let near = nearest(&name, expected.iter().map(String::as_str));
        return match crate::diagnostics::did_you_mean(&near) {
            Some(h) => d.with_help(h),
            None => d.with_help(format!("known fields here: {}", expected.join(", "))),
        };
    }
    if let Some(field) = e
        .message
        .split("missing field `")
        .nth(1)
        .and_then(|r| r.split('`').next())
    {
        let prefix = path_prefix(&e.message);
        let (off, len) = if e.line == 0 || prefix.is_empty() {
            (0, 3)
        } else {
            (offset, 1)
        };
        return Diagnostic::at(
            file,
            off,
            len,
            format!("{prefix}missing required field `{field}`"),
        )
        .with_help(format!("add `{field}:` to the front matter"));
    }
    // serde_yaml locates errors raised by a value's own Deserialize (an invalid date) at
    // the enclosing mapping; point at the value itself when it is written out.
    let (offset, width) = match e
        .message
        .split('`')
        .nth(1)
        .filter(|_| e.message.contains("invalid date"))
    {
        Some(v) => split
            .yaml
            .find(v)
            .map_or((offset, 1), |i| (split.yaml_offset + i, v.len())),
        None => (offset, 1),
    };
    let mut d = Diagnostic::at(
        file,
        offset,
        width,
        format!("invalid front matter: {}", e.message),
    );
    if e.message.contains("unknown variant") {
        if let Some(exp) = e.message.split("expected ").nth(1) {
            d = d.with_help(format!("expected {exp}"));
        }
        d.message = format!(
            "invalid value: {}",
            e.message.split(", expected").next().unwrap_or(&e.message)
        );
    }
    d
}

/// The `program[0].speakers[1]: ` prefix serde_yaml puts on nested errors, if any.
fn path_prefix(msg: &str) -> String {
    match msg.find(": ") {
        Some(i) if !msg[..i].contains(' ') => msg[..i + 2].to_string(),
        _ => String::new(),
    }
}

fn expected_names(msg: &str) -> Vec<String> {
    let Some(rest) = msg
        .split("expected one of ")
        .nth(1)
        .or_else(|| msg.split("expected ").nth(1))
    else {
        return Vec::new();
    };
    rest.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

fn find_on_line(file: &SourceFile, line: usize, needle: &str) -> Option<usize> {
    let start = file.line_start(line);
    file.line_text(line).find(needle).map(|i| start + i)
}

/// Finds the byte offset (in the YAML text) of the `nth` occurrence of `value` written
/// under `key`: a whole-token match whose nearest preceding `key:` is `key`.
pub fn locate_value(yaml: &str, key: &str, value: &str, nth: usize) -> Option<usize> {
    if value.is_empty() {
        return None;
    }
    let is_tok = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut seen = 0;
    for (i, _) in yaml.match_indices(value) {
        let before = yaml[..i].chars().next_back();
        let after = yaml[i + value.len()..].chars().next();
        if before.is_some_and(is_tok) || after.is_some_and(is_tok) {
            continue;
        }
        if owner_key(&yaml[..i]) == Some(key) {
            if seen == nth {
                return Some(i);
            }
            seen += 1;
        }
    }
    None
}

fn owner_key(before: &str) -> Option<&str> {
    let bytes = before.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        if bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1].is_ascii_whitespace()) {
            let mut j = i;
            while j > 0 && (bytes[j - 1].is_ascii_alphanumeric() || bytes[j - 1] == b'_') {
                j -= 1;
            }
            if j < i && !bytes[j].is_ascii_digit() {
                return Some(&before[j..i]);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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
        assert!(!split(&file("# no fm\n")).expect("ok").has_front_matter);
    }

    #[test]
    fn unknown_field_points_at_the_file_line_and_suggests() {
        let f = file("---\ntitle: A\nsumary: B\n---\n");
        let s = split(&f).expect("splits");
        let d = parse::<PageFm>(&f, &s).expect_err("unknown field fails");
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn nested_unknown_field_is_located() {
        let f = file("---\ntitle: F\ndate: 2023-11-30\nprogram:\n  - title: X\n    speakers:\n      - name: A\n        countyy: varmland\n---\n");
        let s = split(&f).expect("splits");
        let d = parse::<ForumFm>(&f, &s).expect_err("fails");
        assert_eq!(d.line, 8, "{d}");
        assert_eq!(d.help.as_deref(), Some("did you mean `county`?"), "{d}");
    }

    #[test]
    fn invalid_date_and_missing_field() {
        let f = file("---\ntitle: F\ndate: 2023-13-30\n---\n");
        let s = split(&f).expect("splits");
        let d = parse::<ForumFm>(&f, &s).expect_err("fails");
        assert_eq!(d.line, 3, "{d}");
        assert!(d.message.contains("2023-13-30"), "{d}");
        let f = file("---\ntitle: F\n---\n");
        let s = split(&f).expect("splits");
        let d = parse::<ForumFm>(&f, &s).expect_err("fails");
        assert!(d.message.contains("`date`"), "{d}");
    }

    #[test]
    fn duplicate_keys_in_extra_and_fields_are_located() {
        let f = file("---\ntitle: A\nextra:\n  färg: röd\n  färg: blå\n---\n");
        let s = split(&f).expect("splits");
        let d = parse::<PageFm>(&f, &s).expect_err("duplicate in extra fails");
        assert_eq!((d.line, d.column, d.width), (5, 3, 4), "{d}");
        assert!(d.message.contains("duplicate key `färg`"), "{d}");
        assert!(d.help.as_deref().unwrap_or("").contains("line 4"), "{d}");
        let f = file("---\ntitle: A\nsummary: B\ntitle: C\n---\n");
        let s = split(&f).expect("splits");
        let d = parse::<PageFm>(&f, &s).expect_err("duplicate field fails");
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

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

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// How many values aliases (`*name`) may add to one document in all. An alias repeats
/// its anchor's whole value, so nested aliases grow exponentially ("billion laughs").
pub const ALIAS_BUDGET: usize = 100_000;

/// How deep lists and mappings may nest (serde_yaml allowed 128 too); deeper nesting is
/// an error, not a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// How many times [`from_str`] reads a tree again after a mistake it cannot read past.
const MAX_PASSES: usize = 32;

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
    fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            help: None,
            earlier: None,
            syntax: false,
            whole: false,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
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
    let mut tree = parse_tree(yaml)?;
    let mut errors: Vec<Recorded> = Vec::new();
    for _ in 0..MAX_PASSES {
        let sink = RefCell::new(Vec::new());
        let result = T::deserialize(De::root(&tree, &sink));
        for r in sink.into_inner() {
            if !errors.contains(&r) {
                errors.push(r);
            }
        }
        let e = match result {
            Ok(v) if errors.is_empty() => return Ok(v),
            Ok(_) => break,
            Err(e) => e,
        };
        let path = e.path.clone().unwrap_or_default();
        let follows_on = e.poisoned || errors.iter().any(|r| r.path == path);
        if !follows_on {
            errors.push(Recorded {
                path: path.clone(),
                error: e.located(),
            });
        }
        if e.poisoned || !patch(&mut tree, &path, e.missing) {
            break;
        }
    }
    if errors.is_empty() {
        errors.push(Recorded {
            path: Vec::new(),
            error: YamlError::new(0..0, "this YAML cannot be read"),
        });
    }
    Err(errors.into_iter().map(|r| r.error).collect())
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

/// Byte offsets of the characters of a text (the parser counts characters), plus its end.
struct Offsets(Vec<usize>);

impl Offsets {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        Self(v)
    }
    fn at(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .or(self.0.last())
            .copied()
            .unwrap_or(0)
    }
    fn span(&self, s: Span) -> Range<usize> {
        self.at(s.start.index())..self.at(s.end.index())
    }
}

/// A list or mapping being built.
enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        start: usize,
        anchor: usize,
    },
}

/// Builds the tree of one YAML document.
struct Builder<'a> {
    yaml: &'a str,
    offsets: Offsets,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    aliased: usize,
    documents: usize,
    errors: Vec<YamlError>,
}

/// Parses YAML text into a [`Node`] tree. Errors: the syntax (at the first mistake), a
/// key written twice in one mapping (each one), aliases beyond [`ALIAS_BUDGET`], more than
/// one document.
pub fn parse_tree(yaml: &str) -> Result<Node, Vec<YamlError>> {
    if yaml.trim().is_empty() {
        return Ok(Node {
            kind: Kind::Map(Vec::new()),
            span: 0..0,
        });
    }
    if let Some(e) = control_character(yaml) {
        return Err(vec![e]);
    }
    let mut b = Builder {
        yaml,
        offsets: Offsets::new(yaml),
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        aliased: 0,
        documents: 0,
        errors: Vec::new(),
    };
    for event in Parser::new_from_str(yaml) {
        match event {
            Ok((ev, span)) => {
                if let Err(e) = b.event(ev, span) {
                    b.errors.push(e);
                    return Err(b.errors);
                }
            }
            Err(e) => {
                b.errors.push(syntax_error(yaml, &b.offsets, &e));
                return Err(b.errors);
            }
        }
    }
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    Ok(b.root.unwrap_or(Node {
        kind: Kind::Map(Vec::new()),
        span: 0..0,
    }))
}

impl Builder<'_> {
    fn event(&mut self, ev: Event<'_>, span: Span) -> Result<(), YamlError> {
        let at = self.offsets.span(span);
        match ev {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(
                        YamlError::new(at, "a second YAML document starts here").help(
                            "a file holds one document; remove the `---` line or split the file",
                        ),
                    );
                }
            }
            Event::Scalar(text, style, anchor, _) => {
                let node = Node {
                    kind: Kind::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                    span: at,
                };
                self.add(node, anchor);
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.stack.len() >= MAX_DEPTH => {
                return Err(YamlError::new(
                    at,
                    format!("lists and mappings nest too deep here (more than {MAX_DEPTH} levels)"),
                )
                .help("write the values with fewer levels"));
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq {
                items: Vec::new(),
                start: at.start,
                anchor,
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map {
                entries: Vec::new(),
                key: None,
                start: at.start,
                anchor,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let end = at.end.max(at.start);
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        start,
                        anchor,
                    }) => (
                        Node {
                            span: start..trim_end(self.yaml, start, end),
                            kind: Kind::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        entries,
                        start,
                        anchor,
                        ..
                    }) => (
                        Node {
                            span: start..trim_end(self.yaml, start, end),
                            kind: Kind::Map(entries),
                        },
                        anchor,
                    ),
                    None => return Ok(()),
                };
                self.add(node, anchor);
            }
            Event::Alias(id) => {
                let Some(value) = self.anchors.get(&id) else {
                    return Ok(());
                };
                self.aliased += count(value);
                if self.aliased > ALIAS_BUDGET {
                    let name = self.yaml.get(at.clone()).unwrap_or("*").trim();
                    return Err(YamlError::new(
                        at.clone(),
                        format!(
                            "too many aliases (`{name}`) expand here: each repeats the whole value of its anchor, and together they would make more than {ALIAS_BUDGET} values"
                        ),
                    )
                    .help("write the values out, or use fewer aliases of aliases"));
                }
                let mut node = value.clone();
                node.span = at;
                self.add(node, 0);
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Places a finished value into the list or mapping being built, or as the root.
    fn add(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => {
                    if let Kind::Scalar { text, .. } = &node.kind {
                        let earlier = entries.iter().find(
                            |(k, _)| matches!(&k.kind, Kind::Scalar { text: t, .. } if t == text),
                        );
                        if let Some((first, _)) = earlier {
                            let mut e = YamlError::new(
                                node.span.clone(),
                                format!("duplicate key `{text}`"),
                            );
                            e.earlier = Some((text.clone(), first.span.start));
                            self.errors.push(e);
                        }
                    }
                    *key = Some(node);
                }
            },
        }
    }
}

/// YAML allows no control characters but tab and line ends (and NEL) in its text; an
/// escape such as `"\e"` inside double quotes is the way to write one.
fn control_character(yaml: &str) -> Option<YamlError> {
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

/// The end of a block collection's span without the line breaks and comments after it.
fn trim_end(yaml: &str, start: usize, end: usize) -> usize {
    let text = yaml.get(start..end).unwrap_or("");
    start + text.trim_end().len()
}

/// The number of values in a node (itself included).
fn count(node: &Node) -> usize {
    1 + match &node.kind {
        Kind::Seq(items) => items.iter().map(count).sum(),
        Kind::Map(entries) => entries.iter().map(|(k, v)| count(k) + count(v)).sum(),
        Kind::Scalar { .. } | Kind::Poison => 0,
    }
}

/// A syntax error of the parser, said as the author would understand it where the
/// parser's words are technical.
fn syntax_error(yaml: &str, offsets: &Offsets, e: &ScanError) -> YamlError {
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

/// A step from a node to one of its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg {
    /// The key of the n-th entry of a mapping.
    Key(usize),
    /// The value of the n-th entry of a mapping.
    Val(usize),
    /// The n-th item of a list.
    Item(usize),
}

/// An error recorded while reading, with the node it is about.
#[derive(Debug, Clone, PartialEq)]
struct Recorded {
    path: Vec<Seg>,
    error: YamlError,
}

/// Puts a stand-in where reading stopped: a missing field gets a [`Kind::Poison`] value,
/// any other failing value becomes one. False when there is nothing to patch.
fn patch(tree: &mut Node, path: &[Seg], missing: Option<&'static str>) -> bool {
    let mut node = tree;
    for seg in path {
        node = match (seg, &mut node.kind) {
            (Seg::Item(i), Kind::Seq(items)) => match items.get_mut(*i) {
                Some(n) => n,
                None => return false,
            },
            (Seg::Val(i), Kind::Map(entries)) => match entries.get_mut(*i) {
                Some(e) => &mut e.1,
                None => return false,
            },
            (Seg::Key(i), Kind::Map(entries)) => match entries.get_mut(*i) {
                Some(e) => &mut e.0,
                None => return false,
            },
            _ => return false,
        };
    }
    match (missing, &mut node.kind) {
        (Some(field), Kind::Map(entries)) => {
            let key = Node {
                kind: Kind::Scalar {
                    text: field.to_string(),
                    plain: true,
                },
                span: node.span.start..node.span.start,
            };
            let value = Node {
                kind: Kind::Poison,
                span: node.span.clone(),
            };
            entries.push((key, value));
            true
        }
        (_, Kind::Poison) => false,
        _ => {
            node.kind = Kind::Poison;
            true
        }
    }
}

/// An error while reading a tree: where it happened (filled in by the innermost node it
/// passes), what it says, and whether it is a missing field.
#[derive(Debug)]
pub struct DeError {
    path: Option<Vec<Seg>>,
    span: Range<usize>,
    message: String,
    help: Option<String>,
    missing: Option<&'static str>,
    /// True when the message still needs the field's name in front (`must be …`).
    bare: bool,
    /// True when it happened inside a stand-in: a consequence of an earlier error.
    poisoned: bool,
    root: bool,
}

impl DeError {
    fn msg(message: String, bare: bool) -> Self {
        Self {
            path: None,
            span: 0..0,
            message,
            help: None,
            missing: None,
            bare,
            poisoned: false,
            root: false,
        }
    }

    fn located(&self) -> YamlError {
        let mut e = YamlError::new(self.span.clone(), self.message.clone());
        e.help = self.help.clone();
        e.whole = self.root && self.missing.is_some();
        e
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::msg(msg.to_string(), false)
    }

    fn missing_field(field: &'static str) -> Self {
        let mut e = Self::msg(format!("missing required field `{field}`"), false);
        e.help = Some(format!("add `{field}:` to the front matter"));
        e.missing = Some(field);
        e
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::msg(format!("must be {exp}, not {}", unexpected(unexp)), true)
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::msg(format!("must be {exp}, not {}", unexpected(unexp)), true)
    }
}

/// serde's name for a value, in the author's words.
fn unexpected(u: de::Unexpected<'_>) -> String {
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

/// A node being read, with the way to it, the name of the field it is the value of, and
/// where recovered errors go.
#[derive(Clone)]
struct De<'a> {
    node: &'a Node,
    path: Vec<Seg>,
    field: Option<&'a str>,
    item: bool,
    sink: &'a RefCell<Vec<Recorded>>,
    poisoned: bool,
}

static POISON: Node = Node {
    kind: Kind::Poison,
    span: 0..0,
};

impl<'a> De<'a> {
    fn root(node: &'a Node, sink: &'a RefCell<Vec<Recorded>>) -> Self {
        Self {
            node,
            path: Vec::new(),
            field: None,
            item: false,
            sink,
            poisoned: false,
        }
    }

    fn child(&self, node: &'a Node, seg: Seg, field: Option<&'a str>) -> Self {
        let mut path = self.path.clone();
        path.push(seg);
        Self {
            node,
            path,
            field: field.or(self.field),
            item: matches!(seg, Seg::Item(_)),
            sink: self.sink,
            poisoned: self.poisoned || matches!(node.kind, Kind::Poison),
        }
    }

    /// "`number`" or "each item of `target_areas`", for the start of a message.
    fn label(&self) -> String {
        match (self.field, self.item) {
            (Some(f), false) => format!("`{f}`"),
            (Some(f), true) => format!("each item of `{f}`"),
            (None, true) => "each item".into(),
            (None, false) => "the front matter".into(),
        }
    }

    /// Records an error about this node that reading can go past.
    fn record(&self, message: String, help: Option<String>) {
        if self.poisoned {
            return;
        }
        let mut error = YamlError::new(self.node.span.clone(), message);
        error.help = help;
        error.whole = self.path.is_empty() && self.node.span.is_empty();
        self.sink.borrow_mut().push(Recorded {
            path: self.path.clone(),
            error,
        });
    }

    /// Records "… must be X, not Y" for this node.
    fn wrong(&self, expected: &str) {
        let msg = format!("{} must be {expected}, not {}", self.label(), self.what());
        self.record(msg, None);
    }

    /// This node in words, for "not …".
    fn what(&self) -> String {
        match &self.node.kind {
            Kind::Scalar { text, plain } if *plain && is_null(text) => "empty".into(),
            Kind::Scalar { text, .. } => format!("`{text}`"),
            Kind::Seq(_) => "a list".into(),
            Kind::Map(_) => "a mapping".into(),
            Kind::Poison => "missing".into(),
        }
    }

    /// Locates an error coming out of this node, unless a node inside did already.
    fn finish<T>(&self, r: Result<T, DeError>) -> Result<T, DeError> {
        r.map_err(|mut e| {
            if e.path.is_none() {
                e.path = Some(self.path.clone());
                e.span = self.node.span.clone();
                e.root = self.path.is_empty();
                if e.bare {
                    e.message = format!("{} {}", self.label(), e.message);
                    e.bare = false;
                }
            }
            e.poisoned |= self.poisoned;
            e
        })
    }

    fn plain(&self) -> Option<&'a str> {
        match &self.node.kind {
            Kind::Scalar { text, plain: true } => Some(text),
            _ => None,
        }
    }

    fn is_empty_value(&self) -> bool {
        self.plain().is_some_and(|t| t.is_empty() || is_null(t))
    }

    fn int(&self, min: i128, max: i128) -> Option<i128> {
        let n = self.plain().and_then(parse_int)?;
        if n < min || n > max {
            let range = if min == 0 {
                format!("a whole number from 0 to {max}")
            } else {
                format!("a whole number from {min} to {max}")
            };
            self.record(format!("{} must be {range}, not `{n}`", self.label()), None);
            return Some(0);
        }
        Some(n)
    }
}

fn is_null(t: &str) -> bool {
    matches!(t, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(t: &str) -> Option<bool> {
    match t {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer as serde_yaml 0.9 read one: decimal (no leading zero), `0x`, `0o`, `0b`,
/// with an optional sign.
fn parse_int(t: &str) -> Option<i128> {
    let (neg, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if rest.starts_with(['+', '-']) || rest.is_empty() {
        return None;
    }
    let n = if let Some(h) = rest.strip_prefix("0x") {
        i128::from_str_radix(h, 16).ok()
    } else if let Some(o) = rest.strip_prefix("0o") {
        i128::from_str_radix(o, 8).ok()
    } else if let Some(b) = rest.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()
    } else if rest.len() > 1 && rest.starts_with('0') {
        None
    } else if rest.bytes().all(|c| c.is_ascii_digit()) {
        rest.parse().ok()
    } else {
        None
    }?;
    if rest[2.min(rest.len())..].starts_with(['+', '-']) {
        return None;
    }
    Some(if neg { -n } else { n })
}

/// A float as serde_yaml 0.9 read one.
fn parse_float(t: &str) -> Option<f64> {
    let rest = t.strip_prefix('+').unwrap_or(t);
    if rest.starts_with(['+', '-']) && t.starts_with('+') {
        return None;
    }
    match rest {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let digits_only = {
        let s = rest.strip_prefix('-').unwrap_or(rest);
        s.len() > 1 && s.starts_with('0') && s.bytes().all(|c| c.is_ascii_digit())
    };
    if digits_only {
        return None;
    }
    rest.parse::<f64>().ok().filter(|f| f.is_finite())
}

macro_rules! int_method {
    ($name:ident, $visit:ident, $t:ty) => {
        fn $name<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
            let r = match self.int(<$t>::MIN as i128, <$t>::MAX as i128) {
                Some(n) => v.$visit(n as $t),
                None => {
                    if !matches!(self.node.kind, Kind::Poison) {
                        self.wrong("a whole number");
                    }
                    v.$visit(0)
                }
            };
            self.finish(r)
        }
    };
}

impl<'de> de::Deserializer<'de> for De<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Poison => v.visit_unit(),
            Kind::Seq(items) => v.visit_seq(Items::new(&self, items)),
            Kind::Map(entries) => v.visit_map(Entries::new(&self, entries, None)),
            Kind::Scalar { text, plain: false } => v.visit_str(text),
            Kind::Scalar { text, plain: true } => {
                if is_null(text) {
                    v.visit_unit()
                } else if let Some(b) = parse_bool(text) {
                    v.visit_bool(b)
                } else if let Some(n) = parse_int(text) {
                    match (u64::try_from(n), i64::try_from(n)) {
                        (Ok(u), _) => v.visit_u64(u),
                        (_, Ok(i)) => v.visit_i64(i),
                        _ => v.visit_i128(n),
                    }
                } else if let Some(f) = parse_float(text) {
                    v.visit_f64(f)
                } else {
                    v.visit_str(text)
                }
            }
        };
        self.finish(r)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match self.plain().and_then(parse_bool) {
            Some(b) => v.visit_bool(b),
            None => {
                if !matches!(self.node.kind, Kind::Poison) {
                    self.wrong("`true` or `false`");
                }
                v.visit_bool(false)
            }
        };
        self.finish(r)
    }

    int_method!(deserialize_i8, visit_i8, i8);
    int_method!(deserialize_i16, visit_i16, i16);
    int_method!(deserialize_i32, visit_i32, i32);
    int_method!(deserialize_i64, visit_i64, i64);
    int_method!(deserialize_u8, visit_u8, u8);
    int_method!(deserialize_u16, visit_u16, u16);
    int_method!(deserialize_u32, visit_u32, u32);
    int_method!(deserialize_u64, visit_u64, u64);

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match self.plain().and_then(parse_float) {
            Some(f) => v.visit_f64(f),
            None => {
                if !matches!(self.node.kind, Kind::Poison) {
                    self.wrong("a number");
                }
                v.visit_f64(0.0)
            }
        };
        self.finish(r)
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Scalar { text, .. } => v.visit_str(text),
            Kind::Poison => v.visit_str(""),
            _ => {
                self.wrong("a text");
                v.visit_str("")
            }
        };
        self.finish(r)
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let none = matches!(self.node.kind, Kind::Poison) || self.is_empty_value();
        let r = if none {
            v.visit_none()
        } else {
            v.visit_some(self.clone())
        };
        self.finish(r)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = v.visit_unit();
        self.finish(r)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        let r = v.visit_newtype_struct(self.clone());
        self.finish(r)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Seq(items) => v.visit_seq(Items::new(&self, items)),
            Kind::Poison => v.visit_seq(Items::new(&self, &[])),
            _ if self.is_empty_value() => v.visit_seq(Items::new(&self, &[])),
            _ => {
                self.wrong("a list");
                v.visit_seq(Items::new(&self, &[]))
            }
        };
        self.finish(r)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Map(entries) => v.visit_map(Entries::new(&self, entries, None)),
            Kind::Poison => v.visit_map(Entries::new(&self, &[], None)),
            _ if self.is_empty_value() => v.visit_map(Entries::new(&self, &[], None)),
            _ => {
                self.wrong("a mapping (`key: value` lines)");
                v.visit_map(Entries::new(&self, &[], None))
            }
        };
        self.finish(r)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let r = match &self.node.kind {
            Kind::Map(entries) => v.visit_map(Entries::new(&self, entries, Some(fields))),
            Kind::Poison => v.visit_map(Stand::new(&self, fields)),
            _ if self.is_empty_value() => v.visit_map(Entries::new(&self, &[], Some(fields))),
            _ => {
                self.wrong("a mapping (`key: value` lines)");
                v.visit_map(Stand::new(&self, fields))
            }
        };
        self.finish(r)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let first = variants.first().copied().unwrap_or("");
        let r = match &self.node.kind {
            Kind::Scalar { text, .. } if variants.contains(&text.as_str()) => {
                v.visit_enum(text.as_str().into_deserializer())
            }
            Kind::Poison => v.visit_enum(first.into_deserializer()),
            _ => {
                self.unknown_name(variants);
                v.visit_enum(first.into_deserializer())
            }
        };
        self.finish(r)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = v.visit_unit();
        self.finish(r)
    }
}

impl De<'_> {
    /// Records "`antagen` is not a status; use one of: draft, adopted, revised".
    fn unknown_name(&self, names: &[&str]) {
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

/// The items of a list being read.
struct Items<'a, 'b> {
    parent: &'b De<'a>,
    items: &'a [Node],
    next: usize,
}

impl<'a, 'b> Items<'a, 'b> {
    fn new(parent: &'b De<'a>, items: &'a [Node]) -> Self {
        Self {
            parent,
            items,
            next: 0,
        }
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(node) = self.items.get(self.next) else {
            return Ok(None);
        };
        let i = self.next;
        self.next += 1;
        // An error a value's own `Deserialize` raises after reading (an invalid date) is
        // located at that value too.
        let child = self.parent.child(node, Seg::Item(i), None);
        child.finish(seed.deserialize(child.clone())).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

/// The entries of a mapping being read; for a struct, unknown keys are recorded and
/// skipped.
struct Entries<'a, 'b> {
    parent: &'b De<'a>,
    entries: &'a [(Node, Node)],
    fields: Option<&'static [&'static str]>,
    next: usize,
    value: Option<usize>,
}

impl<'a, 'b> Entries<'a, 'b> {
    fn new(
        parent: &'b De<'a>,
        entries: &'a [(Node, Node)],
        fields: Option<&'static [&'static str]>,
    ) -> Self {
        Self {
            parent,
            entries,
            fields,
            next: 0,
            value: None,
        }
    }

    /// True when entry `i` can be read; otherwise records why not.
    fn known(&self, i: usize, key: &Node) -> bool {
        let Some(fields) = self.fields else {
            return true;
        };
        let name = match &key.kind {
            Kind::Scalar { text, .. } => text.as_str(),
            _ => "",
        };
        if fields.contains(&name) {
            return true;
        }
        let de = self.parent.child(key, Seg::Key(i), None);
        let near = crate::suggest::nearest(name, fields.iter().copied());
        let help = crate::diagnostics::did_you_mean(&near)
            .unwrap_or_else(|| format!("known fields here: {}", fields.join(", ")));
        de.record(format!("unknown field `{name}`"), Some(help));
        false
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        while let Some((key, _)) = self.entries.get(self.next) {
            let i = self.next;
            self.next += 1;
            if self.known(i, key) {
                self.value = Some(i);
                return seed
                    .deserialize(self.parent.child(key, Seg::Key(i), None))
                    .map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let i = self.value.take().unwrap_or(0);
        let (key, value) = match self.entries.get(i) {
            Some((k, v)) => (k, v),
            None => (&POISON, &POISON),
        };
        let field = match &key.kind {
            Kind::Scalar { text, .. } => Some(text.as_str()),
            _ => None,
        };
        let mut child = self.parent.child(value, Seg::Val(i), field);
        child.item = false;
        child.finish(seed.deserialize(child.clone()))
    }
}

/// A struct read from a stand-in: every field is a stand-in too.
struct Stand<'a, 'b> {
    parent: &'b De<'a>,
    fields: &'static [&'static str],
    next: usize,
}

impl<'a, 'b> Stand<'a, 'b> {
    fn new(parent: &'b De<'a>, fields: &'static [&'static str]) -> Self {
        Self {
            parent,
            fields,
            next: 0,
        }
    }
}

impl<'de> de::MapAccess<'de> for Stand<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(name) = self.fields.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        seed.deserialize(de::value::BorrowedStrDeserializer::<DeError>::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let mut child = self.parent.child(&POISON, Seg::Val(usize::MAX), None);
        child.poisoned = true;
        seed.deserialize(child)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

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
            y.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
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

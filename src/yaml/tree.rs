//! The tree of one YAML document, built from the parser's events: every value with its
//! byte span, keys written twice and budget overruns as located errors.

use super::budgets::{check_depth, AliasBudget};
use super::messages::control_character;
use super::syntax::syntax_error;
use super::{Kind, Node, YamlError};
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;
use std::ops::Range;

/// Byte offsets of the characters of a text (the parser counts characters), plus its end.
pub(super) struct Offsets(Vec<usize>);

impl Offsets {
    /// The offsets of `text`.
    pub(super) fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        Self(v)
    }
    /// The byte offset of character `char_index` (the end for one past it).
    pub(super) fn at(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .or(self.0.last())
            .copied()
            .unwrap_or(0)
    }
    /// The bytes of a parser span.
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
    aliases: AliasBudget,
    documents: usize,
    errors: Vec<YamlError>,
}

/// Parses YAML text into a [`Node`] tree. Errors: the syntax (at the first mistake), a
/// key written twice in one mapping (each one), aliases beyond [`ALIAS_BUDGET`](super::budgets::ALIAS_BUDGET), more than
/// one document.
pub(crate) fn parse_tree(yaml: &str) -> Result<Node, Vec<YamlError>> {
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
        aliases: AliasBudget::default(),
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
    /// Takes one parser event at `span`.
    fn event(&mut self, ev: Event<'_>, span: Span) -> Result<(), YamlError> {
        let at = self.offsets.span(span);
        match ev {
            Event::DocumentStart(_) => self.document(at)?,
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
            Event::SequenceStart(anchor, _) => {
                check_depth(self.stack.len(), at.clone())?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: at.start,
                    anchor,
                });
            }
            Event::MappingStart(anchor, _) => {
                check_depth(self.stack.len(), at.clone())?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    start: at.start,
                    anchor,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(at),
            Event::Alias(id) => self.alias(id, at)?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Counts a document start: a file holds one document.
    fn document(&mut self, at: Range<usize>) -> Result<(), YamlError> {
        self.documents += 1;
        if self.documents <= 1 {
            return Ok(());
        }
        Err(YamlError::new(at, "a second YAML document starts here")
            .help("a file holds one document; remove the `---` line or split the file"))
    }

    /// Finishes the list or mapping being built, which ends at `at`.
    fn close(&mut self, at: Range<usize>) {
        let end = at.end.max(at.start);
        let (kind, start, anchor) = match self.stack.pop() {
            Some(Frame::Seq {
                items,
                start,
                anchor,
            }) => (Kind::Seq(items), start, anchor),
            Some(Frame::Map {
                entries,
                start,
                anchor,
                ..
            }) => (Kind::Map(entries), start, anchor),
            None => return,
        };
        let node = Node {
            span: start..trim_end(self.yaml, start, end),
            kind,
        };
        self.add(node, anchor);
    }

    /// Repeats the value of anchor `id` at `at`, within the alias budget.
    fn alias(&mut self, id: usize, at: Range<usize>) -> Result<(), YamlError> {
        let Some(value) = self.anchors.get(&id) else {
            return Ok(());
        };
        let name = self.yaml.get(at.clone()).unwrap_or("*").trim();
        self.aliases.charge(value, name, at.clone())?;
        let mut node = value.clone();
        node.span = at;
        self.add(node, 0);
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

/// The end of a block collection's span without the line breaks and comments after it.
fn trim_end(yaml: &str, start: usize, end: usize) -> usize {
    let text = yaml.get(start..end).unwrap_or("");
    start + text.trim_end().len()
}

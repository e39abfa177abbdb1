//! Reading past mistakes: the way to a node, the errors recorded on the way, and the
//! stand-ins put where reading stopped so that the next pass gets further.

use super::budgets::MAX_PASSES;
use super::de::De;
use super::{Kind, Node, YamlError};
use serde::de::DeserializeOwned;
use std::cell::RefCell;

/// Reads `tree` (of the text `yaml`) into `T`, again and again with a stand-in where reading stopped, until
/// every mistake is recorded. The error list is never empty.
pub(super) fn read<T: DeserializeOwned>(mut tree: Node, yaml: &str) -> Result<T, Vec<YamlError>> {
    let mut errors: Vec<Recorded> = Vec::new();
    for _ in 0..MAX_PASSES {
        let sink = RefCell::new(Vec::new());
        let result = T::deserialize(De::root(&tree, yaml, &sink));
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

/// A step from a node to one of its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seg {
    /// The key of the n-th entry of a mapping.
    Key(usize),
    /// The value of the n-th entry of a mapping.
    Val(usize),
    /// The n-th item of a list.
    Item(usize),
}

/// An error recorded while reading, with the node it is about.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Recorded {
    /// The way to the node.
    pub(super) path: Vec<Seg>,
    /// The error.
    pub(super) error: YamlError,
}

/// Puts a stand-in where reading stopped: a missing field gets a [`Kind::Poison`] value,
/// any other failing value becomes one. False when there is nothing to patch.
pub(super) fn patch(tree: &mut Node, path: &[Seg], missing: Option<&'static str>) -> bool {
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

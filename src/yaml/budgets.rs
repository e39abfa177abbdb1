//! The limits that keep a hostile or mistaken YAML text from exhausting memory or the
//! stack: how far aliases may expand, how deep values may nest, how often a file is read
//! again after a mistake.

use super::{Kind, Node, YamlError};
use std::ops::Range;

/// How many values aliases (`*name`) may add to one document in all. An alias repeats
/// its anchor's whole value, so nested aliases grow exponentially ("billion laughs").
pub(crate) const ALIAS_BUDGET: usize = 100_000;

/// How deep lists and mappings may nest (serde_yaml allowed 128 too); deeper nesting is
/// an error, not a stack overflow.
pub(crate) const MAX_DEPTH: usize = 128;

/// How many times [`from_str`](super::from_str) reads a tree again after a mistake it cannot read past.
pub(super) const MAX_PASSES: usize = 32;

/// Refuses a list or mapping starting at `at` when `depth` values already enclose it.
pub(super) fn check_depth(depth: usize, at: Range<usize>) -> Result<(), YamlError> {
    if depth < MAX_DEPTH {
        return Ok(());
    }
    Err(YamlError::new(
        at,
        format!("lists and mappings nest too deep here (more than {MAX_DEPTH} levels)"),
    )
    .help("write the values with fewer levels"))
}

/// The values aliases have added to one document so far.
#[derive(Debug, Default)]
pub(super) struct AliasBudget {
    used: usize,
}

impl AliasBudget {
    /// Charges an alias `name` written at `at` that repeats `value`; an error once the
    /// aliases of the document add more than [`ALIAS_BUDGET`] values.
    pub(super) fn charge(
        &mut self,
        value: &Node,
        name: &str,
        at: Range<usize>,
    ) -> Result<(), YamlError> {
        self.used += count(value);
        if self.used <= ALIAS_BUDGET {
            return Ok(());
        }
        Err(YamlError::new(
            at,
            format!(
                "too many aliases (`{name}`) expand here: each repeats the whole value of its anchor, and together they would make more than {ALIAS_BUDGET} values"
            ),
        )
        .help("write the values out, or use fewer aliases of aliases"))
    }
}

/// The number of values in a node (itself included).
fn count(node: &Node) -> usize {
    1 + match &node.kind {
        Kind::Seq(items) => items.iter().map(count).sum(),
        Kind::Map(entries) => entries.iter().map(|(k, v)| count(k) + count(v)).sum(),
        Kind::Scalar { .. } | Kind::Poison => 0,
    }
}

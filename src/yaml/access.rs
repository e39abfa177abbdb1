//! The lists and mappings being read: items, entries (unknown keys recorded and skipped)
//! and the stand-in struct read from a value that was wrong or missing.

use super::de::{De, DeError, POISON};
use super::recover::Seg;
use super::{Kind, Node};
use serde::de::{self, DeserializeSeed};

/// The items of a list being read.
pub(super) struct Items<'a, 'b> {
    parent: &'b De<'a>,
    items: &'a [Node],
    next: usize,
}

impl<'a, 'b> Items<'a, 'b> {
    /// A reader of these values.
    pub(super) fn new(parent: &'b De<'a>, items: &'a [Node]) -> Self {
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
pub(super) struct Entries<'a, 'b> {
    parent: &'b De<'a>,
    entries: &'a [(Node, Node)],
    fields: Option<&'static [&'static str]>,
    next: usize,
    value: Option<usize>,
}

impl<'a, 'b> Entries<'a, 'b> {
    /// A reader of these values.
    pub(super) fn new(
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
pub(super) struct Stand<'a, 'b> {
    parent: &'b De<'a>,
    fields: &'static [&'static str],
    next: usize,
}

impl<'a, 'b> Stand<'a, 'b> {
    /// A reader of these values.
    pub(super) fn new(parent: &'b De<'a>, fields: &'static [&'static str]) -> Self {
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

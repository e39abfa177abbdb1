//! Typed indices into the resolved [`crate::kinds::Site`]: an `Id<County>` can only come
//! from resolving a reference, and can never be mixed up with an `Id<Actor>`.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// Marker for the entity types an [`Id`] can point to.
pub(crate) trait Kind {}

/// Index of a resolved entity of kind `K`.
pub(crate) struct Id<K: Kind> {
    index: u32,
    _kind: PhantomData<fn() -> K>,
}

impl<K: Kind> Id<K> {
    /// Wraps an index; only `resolve` and `site` create ids.
    pub(crate) fn new(index: usize) -> Self {
        Self {
            index: index as u32,
            _kind: PhantomData,
        }
    }
    /// The index into the site's list of `K`.
    pub(crate) fn index(self) -> usize {
        self.index as usize
    }
}

impl<K: Kind> Clone for Id<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: Kind> Copy for Id<K> {}
impl<K: Kind> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}
impl<K: Kind> Eq for Id<K> {}
impl<K: Kind> PartialOrd for Id<K> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<K: Kind> Ord for Id<K> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}
impl<K: Kind> Hash for Id<K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}
impl<K: Kind> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.index)
    }
}

//! The interface strings of the chosen language (the theme's string tables), and how a
//! key is looked up. A leaf module: render and search both label things with it.

use std::collections::BTreeMap;

/// Interface strings of the chosen language.
pub(crate) type Strings = BTreeMap<String, String>;

/// Looks a key up, falling back to the key itself so a missing string is visible, not fatal.
pub(crate) fn tr(t: &Strings, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

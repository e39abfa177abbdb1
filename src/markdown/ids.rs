//! Unique ids on a page: the ids the theme's templates write themselves (reserved, so a
//! heading `## Main` never takes `main` from `<main id="main">`), the ids an author wrote
//! by hand (`{#id}` on a heading, `id="…"` in raw HTML; two of one are an error), heading
//! ids made from the text, and footnote ids, which give way to everything else.

use std::collections::{BTreeSet, HashMap, HashSet};

/// Ids a page's templates write themselves. Made from the template sources by
/// [`ReservedIds::from_templates`]: every literal `id="x"`, and for an id with a template
/// expression in it (`id="sec-structure-{{ i }}"`) the literal text before it as a prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReservedIds {
    exact: BTreeSet<String>,
    prefixes: BTreeSet<String>,
}

impl ReservedIds {
    /// The ids written in these template sources.
    pub(crate) fn from_templates<'a>(sources: impl IntoIterator<Item = &'a str>) -> Self {
        let mut out = ReservedIds::default();
        for text in sources {
            for value in attribute_values(text, "id") {
                match value.0.find(['{']) {
                    Some(0) => {}
                    Some(i) => {
                        out.prefixes.insert(value.0[..i].to_string());
                    }
                    None if !value.0.is_empty() => {
                        out.exact.insert(value.0.to_string());
                    }
                    None => {}
                }
            }
        }
        out
    }

    /// Why the theme already uses `id`, if it does.
    pub(crate) fn clash(&self, id: &str) -> Option<String> {
        if self.exact.contains(id) {
            return Some(format!(
                "the theme's page template has an element with id `{id}`"
            ));
        }
        self.prefixes
            .iter()
            .find(|p| id.starts_with(p.as_str()))
            .map(|p| format!("the theme's page template makes ids starting with `{p}`"))
    }
}

/// The values of `name="…"` (or `'…'`, or unquoted) attributes in HTML or template text,
/// with their byte offsets.
pub(super) fn attribute_values<'t>(text: &'t str, name: &str) -> Vec<(&'t str, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(name).map(|i| i + from) {
        from = i + name.len();
        let before_ok = i > 0 && bytes[i - 1].is_ascii_whitespace();
        if !before_ok {
            continue;
        }
        let rest = &text[from..];
        let trimmed = rest.trim_start();
        let Some(after_eq) = trimmed.strip_prefix('=') else {
            continue;
        };
        let value = after_eq.trim_start();
        let start = text.len() - value.len();
        let (v, off) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => match value[1..].find(q) {
                Some(end) => (&value[1..1 + end], start + 1),
                None => continue,
            },
            Some(_) => {
                let end = value
                    .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .unwrap_or(value.len());
                (&value[..end], start)
            }
            None => continue,
        };
        out.push((v, off));
    }
    out
}

/// An id the author wrote that cannot stay: a duplicate, or one the theme uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdError {
    /// Byte offset of the id in the file.
    pub offset: usize,
    /// Its length.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// The ids of one page as they are handed out.
#[derive(Debug, Default)]
pub(super) struct PageIds<'r> {
    reserved: Option<&'r ReservedIds>,
    /// Every id taken on the page, and for generated bases the next number to try.
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl<'r> PageIds<'r> {
    pub(super) fn new(reserved: &'r ReservedIds) -> Self {
        PageIds {
            reserved: Some(reserved),
            ..Default::default()
        }
    }

    /// Records an id the author wrote at `offset` (in the file); returns an error when the
    /// page has it already or the theme uses it.
    pub(super) fn written(&mut self, id: &str, offset: usize) -> Option<IdError> {
        if let Some(why) = self.reserved.and_then(|r| r.clash(id)) {
            return Some(IdError {
                offset,
                len: id.len().max(1),
                message: format!("id `{id}` is taken: {why}"),
                help: "choose another id; links to it would land on the theme's element"
                    .to_string(),
            });
        }
        if !self.taken.insert(id.to_string()) {
            return Some(IdError {
                offset,
                len: id.len().max(1),
                message: format!("duplicate id `{id}`: it is written earlier on this page"),
                help: "every id on a page must be unique; links to it land on the first one"
                    .to_string(),
            });
        }
        None
    }

    /// A free id made from `base`: `base`, else `base-1`, `base-2`, …; a base inside a
    /// prefix the theme reserves gets `avsnitt-` in front.
    pub(super) fn generate(&mut self, base: &str) -> String {
        let mut base = base.to_string();
        while self
            .reserved
            .is_some_and(|r| r.prefixes.iter().any(|p| base.starts_with(p.as_str())))
        {
            base = format!("avsnitt-{base}");
        }
        let free = |me: &Self, id: &str| {
            !me.taken.contains(id) && me.reserved.is_none_or(|r| !r.exact.contains(id))
        };
        let mut id = base.clone();
        if !free(self, &id) {
            let mut n = self.next.get(&base).copied().unwrap_or(1);
            loop {
                id = format!("{base}-{n}");
                n += 1;
                if free(self, &id) {
                    break;
                }
            }
            self.next.insert(base, n);
        }
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_ids_are_literal_or_prefixes() {
        let r = ReservedIds::from_templates([
            r#"<main id="main"><h3 id="sec-structure-{{ i }}"></h3><h2 id="{{ g.id }}">"#,
        ]);
        assert!(r.clash("main").is_some());
        assert!(r.clash("sec-structure-2").is_some());
        assert!(r.clash("sec-structures").is_none());
        assert!(r.clash("a").is_none());
    }

    #[test]
    fn generated_ids_avoid_reserved_and_taken_ones() {
        let r = ReservedIds::from_templates([r#"<p id="main"></p><p id='x-{{ n }}'>"#]);
        let mut ids = PageIds::new(&r);
        assert_eq!(ids.generate("main"), "main-1");
        assert_eq!(ids.generate("main"), "main-2");
        assert_eq!(ids.generate("x-1"), "avsnitt-x-1");
        assert_eq!(ids.generate("a"), "a");
        assert_eq!(ids.generate("a"), "a-1");
    }
}

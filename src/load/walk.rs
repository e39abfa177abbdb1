//! Walks `content/` and classifies each file by where it sits: which collection, which
//! county or forum, which slug. Classification is a pure function of the relative path.

use crate::config::Collections;
pub use crate::slug::{is_valid_slug, suggest_slug};
use std::path::Path;

/// What a content file is, decided from its path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// `content/_index.md`.
    Home,
    /// The `_index.md` of a collection folder: the intro of its list page.
    CollectionIndex(Collection),
    /// `malomraden/<slug>.md`.
    TargetArea(String),
    /// `aktorer/<slug>.md`.
    Actor(String),
    /// `lan/<slug>/_index.md`.
    County(String),
    /// `lan/<county>/<doc>.md`.
    Document {
        /// County slug.
        county: String,
        /// Document slug.
        slug: String,
    },
    /// `forum/<slug>/_index.md`.
    Forum(String),
    /// `begrepp/<slug>.md` (v2).
    Term(String),
    /// `forum/<forum>/<part>.md`.
    Part {
        /// Forum slug.
        forum: String,
        /// Part slug.
        slug: String,
    },
    /// Any other Markdown file; `path` is without `.md` and `/_index`.
    Page {
        /// URL path under the base (`om`, `guide/skriva`).
        path: String,
        /// True for `_index.md`.
        is_section: bool,
    },
    /// A non-Markdown file, copied as it is.
    Asset,
}

pub use crate::kinds::Collection;

pub use crate::folder::{files, is_ignored, Entry};

/// Every file under `content/`, sorted, skipping hidden and editor temporary files; see
/// [`files`]. The site root is `content`'s parent.
pub fn walk(content: &Path) -> anyhow::Result<Vec<Entry>> {
    let root = content.parent().unwrap_or(content);
    files(content, root)
}

/// Classifies a path relative to `content/`; `Err` explains why the path is not allowed.
pub fn classify(rel: &str, c: &Collections) -> Result<EntryKind, String> {
    let Some(stem_path) = rel.strip_suffix(".md") else {
        return Ok(EntryKind::Asset);
    };
    let parts: Vec<&str> = stem_path.split('/').collect();
    for (i, p) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if !(is_valid_slug(p) || (last && *p == "_index")) {
            let what = if last { "file name" } else { "folder name" };
            let fix = suggest_slug(p);
            return Err(format!(
                "{what} `{p}` is not a valid slug: use lower-case ASCII letters, digits and `-` (rename it to `{fix}`)"
            ));
        }
    }
    let coll = |name: &str| Collection::of_folder(name, c);
    let s = |x: &str| x.to_string();
    match parts.as_slice() {
        ["_index"] => Ok(EntryKind::Home),
        [first, rest @ ..] if coll(first).is_some() => {
            let k = coll(first).unwrap_or(Collection::TargetAreas);
            classify_collection(k, first, rest)
        }
        _ => {
            let is_section = parts.last() == Some(&"_index");
            let path = if is_section {
                parts[..parts.len() - 1].join("/")
            } else {
                parts.join("/")
            };
            Ok(EntryKind::Page {
                path: s(&path),
                is_section,
            })
        }
    }
}

fn classify_collection(k: Collection, folder: &str, rest: &[&str]) -> Result<EntryKind, String> {
    let s = |x: &str| x.to_string();
    match (k, rest) {
        (_, ["_index"]) => Ok(EntryKind::CollectionIndex(k)),
        (Collection::TargetAreas, [slug]) => Ok(EntryKind::TargetArea(s(slug))),
        (Collection::Actors, [slug]) => Ok(EntryKind::Actor(s(slug))),
        (Collection::Glossary, [slug]) => Ok(EntryKind::Term(s(slug))),
        (Collection::Counties, [county, "_index"]) => Ok(EntryKind::County(s(county))),
        (Collection::Counties, [county, doc]) => Ok(EntryKind::Document {
            county: s(county),
            slug: s(doc),
        }),
        (Collection::Forums, [forum, "_index"]) => Ok(EntryKind::Forum(s(forum))),
        (Collection::Forums, [forum, part]) => Ok(EntryKind::Part {
            forum: s(forum),
            slug: s(part),
        }),
        (Collection::TargetAreas | Collection::Actors | Collection::Glossary, _) => Err(format!(
            "`{folder}/` holds one file per entry: expected `{folder}/<slug>.md`"
        )),
        (Collection::Counties, [_]) => Err(format!(
            "a county is a folder: expected `{folder}/<county>/_index.md` or `{folder}/<county>/<document>.md`"
        )),
        (Collection::Forums, [_]) => Err(format!(
            "a forum is a folder: expected `{folder}/<forum>/_index.md` or `{folder}/<forum>/<part>.md`"
        )),
        _ => Err(format!("`{folder}/` allows only one level of folders")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(rel: &str) -> Result<EntryKind, String> {
        classify(rel, &Collections::default())
    }

    #[test]
    fn classifies_the_contract_paths() {
        assert_eq!(k("_index.md"), Ok(EntryKind::Home));
        assert_eq!(
            k("malomraden/levnadsvanor.md"),
            Ok(EntryKind::TargetArea("levnadsvanor".into()))
        );
        assert_eq!(
            k("lan/vasterbotten/_index.md"),
            Ok(EntryKind::County("vasterbotten".into()))
        );
        assert_eq!(
            k("lan/vasterbotten/avsikt.md"),
            Ok(EntryKind::Document {
                county: "vasterbotten".into(),
                slug: "avsikt".into()
            })
        );
        assert_eq!(
            k("forum/df/samtal.md"),
            Ok(EntryKind::Part {
                forum: "df".into(),
                slug: "samtal".into()
            })
        );
        assert_eq!(
            k("om.md"),
            Ok(EntryKind::Page {
                path: "om".into(),
                is_section: false
            })
        );
        assert_eq!(
            k("guide/_index.md"),
            Ok(EntryKind::Page {
                path: "guide".into(),
                is_section: true
            })
        );
        assert_eq!(k("lan/vasterbotten/karta.png"), Ok(EntryKind::Asset));
    }

    #[test]
    fn rejects_bad_names_and_places() {
        let e = k("malomraden/Levnadsvanor.md").err().unwrap_or_default();
        assert!(e.contains("`levnadsvanor`"), "{e}");
        assert!(k("lan/vasterbotten.md").is_err());
        assert!(k("malomraden/a/b.md").is_err());
        assert_eq!(suggest_slug("Västra Götaland"), "vastra-gotaland");
    }
}

//! Walks `content/` and classifies each file by where it sits: which collection, which
//! county or forum, which slug. Classification is a pure function of the relative path.

use crate::config::Collections;
pub(crate) use crate::slug::{is_valid_slug, suggest_slug};
use std::path::Path;

/// What a content file is, decided from its path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// `content/_index.md`.
    Home,
    /// The `_index.md` of a collection folder: the intro of its list page.
    CollectionIndex(Collection),
    /// A file of a content kind, at the place the kind declares.
    Kind(KindTag, Slot),
    /// A non-Markdown file, copied as it is.
    Asset,
}

pub(crate) use crate::kinds::Collection;
use crate::kinds::{KindTag, Place, Slot};

pub(crate) use crate::folder::{files, Entry};

/// Every file under `content/`, sorted, skipping hidden and editor temporary files; see
/// [`files`]. The site root is `content`'s parent.
pub(crate) fn walk(content: &Path) -> anyhow::Result<Vec<Entry>> {
    let root = content.parent().unwrap_or(content);
    files(content, root)
}

/// Classifies a path relative to `content/`; `Err` explains why the path is not allowed.
pub(crate) fn classify(rel: &str, c: &Collections) -> Result<EntryKind, String> {
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
    match parts.as_slice() {
        ["_index"] => Ok(EntryKind::Home),
        [first, rest @ ..] => match Collection::of_folder(first, c) {
            Some(k) => classify_collection(k, first, rest),
            None => Ok(page(&parts)),
        },
        [] => Ok(page(&parts)),
    }
}

/// An ordinary page: the kind whose place is [`Place::Pages`].
fn page(parts: &[&str]) -> EntryKind {
    let section = parts.last() == Some(&"_index");
    let path = if section {
        parts[..parts.len() - 1].join("/")
    } else {
        parts.join("/")
    };
    let tag = KindTag::ALL
        .into_iter()
        .find(|k| k.place() == Place::Pages)
        .unwrap_or(KindTag::ALL[0]);
    EntryKind::Kind(
        tag,
        Slot {
            parent: String::new(),
            slug: path,
            section,
        },
    )
}

/// A file in collection `k`'s folder: the kind whose place in `k` fits `rest`, else an
/// error that says what the collection's places are.
fn classify_collection(k: Collection, folder: &str, rest: &[&str]) -> Result<EntryKind, String> {
    if rest == ["_index"] {
        return Ok(EntryKind::CollectionIndex(k));
    }
    let kinds: Vec<KindTag> = KindTag::ALL
        .into_iter()
        .filter(|t| t.place().collection() == Some(k))
        .collect();
    if let Some((tag, slot)) = kinds
        .iter()
        .find_map(|t| t.place().slot(rest).map(|s| (*t, s)))
    {
        return Ok(EntryKind::Kind(tag, slot));
    }
    let noun =
        |p: fn(Collection) -> Place| kinds.iter().find(|t| t.place() == p(k)).map(|t| t.noun());
    match (noun(Place::File), noun(Place::Folder), noun(Place::InFolder)) {
        (Some(_), _, _) => Err(format!(
            "`{folder}/` holds one file per entry: expected `{folder}/<slug>.md`"
        )),
        (_, Some(entity), Some(child)) if rest.len() == 1 => Err(format!(
            "a {entity} is a folder: expected `{folder}/<{entity}>/_index.md` or `{folder}/<{entity}>/<{child}>.md`"
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

    fn kind(tag: KindTag, parent: &str, slug: &str, section: bool) -> Result<EntryKind, String> {
        Ok(EntryKind::Kind(
            tag,
            Slot {
                parent: parent.into(),
                slug: slug.into(),
                section,
            },
        ))
    }

    #[test]
    fn classifies_the_contract_paths() {
        assert_eq!(k("_index.md"), Ok(EntryKind::Home));
        assert_eq!(
            k("malomraden/levnadsvanor.md"),
            kind(KindTag::TargetArea, "", "levnadsvanor", false)
        );
        assert_eq!(
            k("lan/vasterbotten/_index.md"),
            kind(KindTag::County, "", "vasterbotten", true)
        );
        assert_eq!(
            k("lan/vasterbotten/avsikt.md"),
            kind(KindTag::Document, "vasterbotten", "avsikt", false)
        );
        assert_eq!(
            k("forum/df/samtal.md"),
            kind(KindTag::Part, "df", "samtal", false)
        );
        assert_eq!(k("om.md"), kind(KindTag::Page, "", "om", false));
        assert_eq!(k("guide/_index.md"), kind(KindTag::Page, "", "guide", true));
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

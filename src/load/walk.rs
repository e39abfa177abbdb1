//! Walks `content/` and classifies each file by where it sits: which collection, which
//! county or forum, which slug. Classification is a pure function of the relative path.

use crate::config::Collections;
use std::path::{Path, PathBuf};

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

/// A file found under `content/` (or under `static/`, `templates/`, a theme).
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the walked folder, `/`-separated.
    pub rel: String,
    /// Absolute path (of the link itself when the file is reached through one).
    pub abs: PathBuf,
    /// Why this path cannot be used (a link out of the site, a dangling link, a link
    /// loop, a FIFO), as a message for the author; `None` for a usable file.
    pub problem: Option<String>,
}

/// Every file under `content/`, sorted, skipping hidden and editor temporary files; see
/// [`files`]. The site root is `content`'s parent.
pub fn walk(content: &Path) -> anyhow::Result<Vec<Entry>> {
    let root = content.parent().unwrap_or(content);
    files(content, root)
}

/// Every file under `dir`, sorted by name, skipping hidden and editor temporary files.
///
/// A symbolic link is followed when what it points to is inside the site `root`; a link
/// that leads out of the site, a dangling link, a link loop and anything that is neither
/// a file nor a folder (a FIFO, a socket) come back as entries with a
/// [`problem`](Entry::problem), so that the caller reports them where it reports the
/// file's other errors. Nothing is skipped without a word.
pub fn files(dir: &Path, root: &Path) -> anyhow::Result<Vec<Entry>> {
    use anyhow::Context;
    let mut out = Vec::new();
    if std::fs::symlink_metadata(dir).is_err() {
        return Ok(out);
    }
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot read {}", root.display()))?;
    // The folder itself may be a link (`static -> ../shared`): the same rule applies.
    if let Ok(target) = dir.canonicalize() {
        if dir.is_symlink() && !target.starts_with(&root) {
            out.push(entry(
                dir,
                dir.to_path_buf(),
                Some(outside_problem(&target)),
            ));
            return Ok(out);
        }
    }
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if is_ignored(&e.file_name().to_string_lossy()) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            match e.path().canonicalize() {
                Ok(target) if !target.starts_with(&root) => {
                    outside.borrow_mut().push((e.path().to_path_buf(), target));
                    false
                }
                _ => true,
            }
        });
    for e in walker {
        let (path, problem) = match e {
            Ok(e) if e.file_type().is_dir() => continue,
            Ok(e) if e.file_type().is_file() => (e.path().to_path_buf(), None),
            Ok(e) => (
                e.path().to_path_buf(),
                Some("it is not a regular file (a FIFO, socket or device)".to_string()),
            ),
            Err(err) => {
                let Some(path) = err.path().map(Path::to_path_buf) else {
                    return Err(err).with_context(|| format!("cannot read {}", dir.display()));
                };
                let problem = walk_problem(&err, &path);
                (path, Some(problem))
            }
        };
        out.push(entry(dir, path, problem));
    }
    for (link, target) in outside.into_inner() {
        out.push(entry(dir, link, Some(outside_problem(&target))));
    }
    Ok(out)
}

fn outside_problem(target: &Path) -> String {
    format!(
        "the symbolic link points to `{}`, outside the site; blomma follows only links into the site's own folder",
        target.display()
    )
}

fn entry(dir: &Path, path: PathBuf, problem: Option<String>) -> Entry {
    let rel = path
        .strip_prefix(dir)
        .unwrap_or(&path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    Entry {
        rel,
        abs: path,
        problem,
    }
}

/// What went wrong at `path` while walking, for the author.
fn walk_problem(err: &walkdir::Error, path: &Path) -> String {
    if err.loop_ancestor().is_some() {
        return "the symbolic link leads back to a folder that holds it (a loop)".to_string();
    }
    if path.is_symlink() && !path.exists() {
        let target = std::fs::read_link(path).unwrap_or_default();
        return format!(
            "the symbolic link points to `{}`, which does not exist",
            target.display()
        );
    }
    match err.io_error() {
        Some(io) => format!("cannot read it: {io}"),
        None => format!("cannot read it: {err}"),
    }
}

/// True for names an editor or the OS leaves behind, and hidden files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// True for a valid slug: lower-case ASCII letters, digits and `-`, not empty.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The slug an invalid name probably meant (`Västerbotten` → `vasterbotten`).
pub fn suggest_slug(s: &str) -> String {
    let folded = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
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

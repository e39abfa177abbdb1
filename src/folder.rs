//! Every file under a folder, safely: symbolic links followed only inside the site,
//! hidden and editor files skipped, every unusable path reported. A leaf module: load walks
//! `content/` with it, render the template and static folders.

use std::path::{Path, PathBuf};

/// A file found under `content/` (or under `static/`, `templates/`, a theme).
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Path relative to the walked folder, `/`-separated.
    pub rel: String,
    /// Absolute path (of the link itself when the file is reached through one).
    pub abs: PathBuf,
    /// Why this path cannot be used (a link out of the site, a dangling link, a link
    /// loop, a FIFO), as a message for the author; `None` for a usable file.
    pub problem: Option<String>,
}

/// Every file under `dir`, sorted by name, skipping hidden and editor temporary files.
///
/// A symbolic link is followed when what it points to is inside the site `root`; a link
/// that leads out of the site, a dangling link, a link loop and anything that is neither
/// a file nor a folder (a FIFO, a socket) come back as entries with a
/// [`problem`](Entry::problem), so that the caller reports them where it reports the
/// file's other errors. Nothing is skipped without a word.
pub(crate) fn files(dir: &Path, root: &Path) -> anyhow::Result<Vec<Entry>> {
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
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

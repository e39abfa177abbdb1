//! Which folder a build may replace: the output path with every symbolic link resolved,
//! never the site or its sources, never a file, and only a folder that is missing, empty or
//! a previous blomma output unless `--force` says otherwise.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

/// The file every output of `blomma build` holds, so that the next build knows the folder
/// is blomma's to replace.
pub(crate) const MARKER: &str = ".blomma-output";

/// What the marker file says to whoever opens it.
pub(super) const MARKER_TEXT: &str =
    "This folder is the output of `blomma build`. The next build replaces it whole:\n\
     keep no files of your own here.\n";

/// The folders of a site that no build ever replaces, not even with `--force`.
const SOURCES: [&str; 6] = ["content", "static", "templates", "themes", "data", ".git"];

/// Files every earlier blomma output (before the marker existed) holds: the home page, the
/// sitemap, the search script and the search index's table of contents.
const LEGACY_FINGERPRINT: [&str; 4] = [
    "index.html",
    "sitemap.xml",
    "search.js",
    "sok/index/meta.json",
];

/// Why a build refuses its output folder (exit status 2). Nothing was touched.
#[derive(Debug, thiserror::Error)]
#[error("the output folder {shown} {reason}")]
pub(crate) struct Refused {
    /// The output as the user gave it.
    shown: String,
    /// What is wrong and how to proceed, in words.
    reason: String,
}

impl Refused {
    fn new(shown: &Path, reason: impl Into<String>) -> Self {
        Refused {
            shown: shown.display().to_string(),
            reason: reason.into(),
        }
    }
}

/// An output folder a build may replace: every check passed.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The output as the user gave it, for messages.
    pub(super) shown: PathBuf,
    /// The real folder: absolute, every symbolic link resolved. The build replaces this.
    pub(super) real: PathBuf,
    /// `--force`: a non-empty folder blomma did not make may be replaced.
    force: bool,
}

impl Target {
    /// Checks `output` for a build of the site at `root`: it must not be the site, a parent
    /// of it or inside its sources (not even with `force`), must not be a file, and must be
    /// missing, empty, a previous blomma output, or (with `force`) any other folder.
    /// A symbolic link is resolved and the rules apply to the folder it points to.
    pub(crate) fn claim(root: &Path, output: &Path, force: bool) -> Result<Target, Refused> {
        let real = real_path(output)?;
        check_not_protected(root, output, &real)?;
        let target = Target {
            shown: output.to_path_buf(),
            real,
            force,
        };
        target.check_contents()?;
        Ok(target)
    }

    /// Like [`Target::claim`] for a tool that has no site root: only the rules about links,
    /// files and the contents of the folder apply.
    pub(crate) fn claim_without_site(output: &Path, force: bool) -> Result<Target, Refused> {
        let target = Target {
            shown: output.to_path_buf(),
            real: real_path(output)?,
            force,
        };
        target.check_contents()?;
        Ok(target)
    }

    /// The real folder the build replaces (links resolved).
    pub(crate) fn real(&self) -> &Path {
        &self.real
    }

    /// Refuses a file, or a non-empty folder blomma did not make (unless forced). Run again
    /// once the build holds the output's lock, as another process may have changed it.
    pub(super) fn check_contents(&self) -> Result<(), Refused> {
        let refuse = |reason: String| Err(Refused::new(&self.shown, reason));
        if std::fs::symlink_metadata(&self.real).is_ok_and(|m| m.file_type().is_symlink()) {
            return refuse(format!(
                "became a symbolic link ({}) while the build started; run the build again",
                self.real.display()
            ));
        }
        let meta = match std::fs::metadata(&self.real) {
            Ok(m) => m,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
            Err(e) => return refuse(format!("cannot be read ({e})")),
        };
        if !meta.is_dir() {
            return refuse(format!(
                "{}is a file, not a folder; blomma leaves it as it is, even with --force. \
                 Choose a folder with --output",
                self.via_link()
            ));
        }
        if self.real.join(MARKER).is_file() {
            return Ok(());
        }
        let entries = match list(&self.real) {
            Ok(e) => e,
            Err(e) => return refuse(format!("{}cannot be read ({e})", self.via_link())),
        };
        if entries.is_empty() || is_legacy_output(&self.real) || self.force {
            return Ok(());
        }
        refuse(format!(
            "{}is not empty and was not made by blomma (it has no `{MARKER}` file); it holds {}. \
             A build replaces the whole folder, so blomma leaves it as it is. Choose a new or \
             empty folder with --output, empty this one, or pass --force to replace it and \
             everything in it",
            self.via_link(),
            sample(&entries)
        ))
    }

    /// "(which is /real/path) " when the output is reached through a symbolic link.
    fn via_link(&self) -> String {
        let lexical = absolute(&self.shown);
        if lexical == self.real {
            String::new()
        } else {
            format!("(which is {}) ", self.real.display())
        }
    }
}

/// The names in a folder, sorted.
fn list(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<std::io::Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}

/// A few names of a folder, for a message: "`.htaccess`, `index.html` and 3 more".
fn sample(names: &[String]) -> String {
    const SHOWN: usize = 4;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    match names.len().saturating_sub(SHOWN) {
        0 => quoted.join(", "),
        more => format!("{} and {more} more", quoted.join(", ")),
    }
}

/// True for an output of a blomma from before the marker: it holds every file of
/// [`LEGACY_FINGERPRINT`]. The build then marks it, so this is needed once per output.
fn is_legacy_output(dir: &Path) -> bool {
    LEGACY_FINGERPRINT.iter().all(|f| dir.join(f).is_file())
}

/// `p` made absolute against the current folder, without touching the file system.
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// `..` and `.` removed by spelling alone; only for parts of a path that do not exist
/// (which therefore cannot be symbolic links).
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The folder `output` names, absolute and with every symbolic link resolved. A link to
/// nothing, or a path through a file, is refused.
fn real_path(output: &Path) -> Result<PathBuf, Refused> {
    let abs = absolute(output);
    match std::fs::symlink_metadata(&abs) {
        Ok(meta) => {
            return std::fs::canonicalize(&abs).map_err(|e| {
                if meta.file_type().is_symlink() {
                    let to = std::fs::read_link(&abs).unwrap_or_default();
                    Refused::new(
                        output,
                        format!(
                            "is a symbolic link to {}, which does not exist ({e}); create \
                             that folder or remove the link",
                            to.display()
                        ),
                    )
                } else {
                    Refused::new(output, format!("cannot be resolved ({e})"))
                }
            });
        }
        Err(e) if e.kind() == ErrorKind::NotFound || e.kind() == ErrorKind::NotADirectory => {}
        Err(e) => return Err(Refused::new(output, format!("cannot be read ({e})"))),
    }
    // The output does not exist: resolve the nearest ancestor that does.
    for ancestor in abs.ancestors().skip(1) {
        let Ok(meta) = std::fs::metadata(ancestor) else {
            continue;
        };
        if !meta.is_dir() {
            return Err(Refused::new(
                output,
                format!(
                    "cannot be created: {} is a file, not a folder; blomma leaves it as it \
                     is. Choose a folder with --output",
                    ancestor.display()
                ),
            ));
        }
        let base = std::fs::canonicalize(ancestor)
            .map_err(|e| Refused::new(output, format!("cannot be resolved ({e})")))?;
        let rest = abs.strip_prefix(ancestor).unwrap_or(&abs);
        return Ok(normalise(&base.join(rest)));
    }
    Ok(normalise(&abs))
}

/// A path resolved as far as it exists (see [`real_path`]), or spelled out when it cannot be.
fn resolved(p: &Path) -> PathBuf {
    real_path(p).unwrap_or_else(|_| normalise(&absolute(p)))
}

/// Refuses the site root, a parent of it, a folder of its sources or anything inside one,
/// and the user's home folder: no build replaces those, not even with `--force`.
fn check_not_protected(root: &Path, shown: &Path, real: &Path) -> Result<(), Refused> {
    let real_root = resolved(root);
    let even = "which blomma never replaces, even with --force. Choose a folder such as";
    let suggestion = real_root.join("public");
    if real_root.starts_with(real) {
        let what = if real_root == real {
            "the site itself"
        } else {
            "a parent of the site"
        };
        return Err(Refused::new(
            shown,
            format!(
                "is {what} ({}), {even} {}",
                real.display(),
                suggestion.display()
            ),
        ));
    }
    for name in SOURCES {
        for source in [real_root.join(name), resolved(&root.join(name))] {
            let relation = if real == source {
                "is"
            } else if real.starts_with(&source) {
                "is inside"
            } else if source.starts_with(real) {
                "holds"
            } else {
                continue;
            };
            return Err(Refused::new(
                shown,
                format!(
                    "{relation} the site's `{name}/` ({}), {even} {}",
                    source.display(),
                    suggestion.display()
                ),
            ));
        }
    }
    if let Some(home) = std::env::home_dir().map(|h| resolved(&h)) {
        if home.starts_with(real) {
            return Err(Refused::new(
                shown,
                format!(
                    "is or holds the home folder {}, {even} {}",
                    home.display(),
                    suggestion.display()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_the_site_or_its_sources() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("mkdir");
        let claim = |out: &Path| Target::claim(&root, out, true);
        assert!(claim(&root).is_err());
        assert!(claim(dir.path()).is_err());
        assert!(claim(&root.join("content/x")).is_err());
        assert!(claim(&root.join("themes")).is_err());
        assert!(claim(&root.join("public/../content")).is_err());
        assert!(claim(&root.join("public")).is_ok());
    }

    #[test]
    fn names_a_few_entries() {
        let names: Vec<String> = ["a", "b", "c", "d", "e", "f"].map(String::from).to_vec();
        assert_eq!(sample(&names), "`a`, `b`, `c`, `d` and 2 more");
        assert_eq!(sample(&names[..2]), "`a`, `b`");
    }
}

//! The built site as a list of files, and writing it atomically: everything goes into a
//! temporary folder beside the output, which then replaces the output in two renames, so a
//! failed or interrupted build leaves the previous output exactly as it was.

use anyhow::{bail, Context};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a file of the output holds.
#[derive(Debug, Clone)]
pub enum Content {
    /// Bytes produced by the build.
    Bytes(Vec<u8>),
    /// A file copied as it is.
    Copy(PathBuf),
}

/// One file of the output.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output root, `/`-separated.
    pub path: String,
    /// Its content.
    pub content: Content,
}

impl OutputFile {
    /// A generated file.
    pub fn bytes(path: String, bytes: Vec<u8>) -> Self {
        Self {
            path,
            content: Content::Bytes(bytes),
        }
    }
    /// A copied file.
    pub fn copy(path: String, from: PathBuf) -> Self {
        Self {
            path,
            content: Content::Copy(from),
        }
    }
    /// The bytes (reading a copied file).
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match &self.content {
            Content::Bytes(b) => Ok(b.clone()),
            Content::Copy(p) => std::fs::read(p),
        }
    }
}

/// Refuses output folders whose replacement would destroy what an author wrote.
pub fn check_output_dir(root: &Path, output: &Path) -> anyhow::Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalise(&p)
    };
    let (root, out) = (abs(root), abs(output));
    if root.starts_with(&out) {
        bail!(
            "the output folder {} contains the site itself; choose a folder such as {}",
            output.display(),
            root.join("public").display()
        );
    }
    for name in ["content", "templates", "static", "data", "themes", ".git"] {
        if out.starts_with(root.join(name)) {
            bail!("the output folder {} is inside the site's `{name}/`, which blomma never overwrites", output.display());
        }
    }
    Ok(())
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Writes `files` to `output`, replacing it only once everything is written.
pub fn write_atomically(output: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.blomma-new-{pid}"));
    let old = parent.join(format!(".{name}.blomma-old-{pid}"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)
            .with_context(|| format!("cannot remove {}", tmp.display()))?;
    }
    let result = write_tree(&tmp, files);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if output.exists() {
        std::fs::rename(output, &old).with_context(|| {
            format!("cannot move the previous output {} aside", output.display())
        })?;
    }
    if let Err(e) = std::fs::rename(&tmp, output) {
        if old.exists() {
            let _ = std::fs::rename(&old, output);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove the previous output {}", old.display()))?;
    }
    Ok(())
}

fn write_tree(dir: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    let mut dirs = BTreeSet::new();
    for f in files {
        if f.path.split('/').any(|s| s == ".." || s.is_empty()) {
            bail!("refusing to write outside the output: {}", f.path);
        }
        if let Some((d, _)) = f.path.rsplit_once('/') {
            dirs.insert(d);
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for d in &dirs {
        std::fs::create_dir_all(dir.join(d))
            .with_context(|| format!("cannot create {}", dir.join(d).display()))?;
    }
    files.par_iter().try_for_each(|f| {
        let to = dir.join(&f.path);
        match &f.content {
            Content::Bytes(b) => std::fs::write(&to, b).map(|_| ()),
            Content::Copy(from) => std::fs::copy(from, &to).map(|_| ()),
        }
        .with_context(|| format!("cannot write {}", to.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_the_site_or_its_sources() {
        let root = Path::new("/tmp/site");
        assert!(check_output_dir(root, Path::new("/tmp/site")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/site/content/x")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/site/public")).is_ok());
    }

    #[test]
    fn replaces_the_whole_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("stale")).expect("mkdir");
        write_atomically(
            &out,
            &[OutputFile::bytes("a/index.html".into(), b"hej".to_vec())],
        )
        .expect("writes");
        assert_eq!(
            std::fs::read(out.join("a/index.html")).expect("read"),
            b"hej"
        );
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "no temporary folders left");
    }
}

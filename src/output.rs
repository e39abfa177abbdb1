//! The built site as a list of files, and writing it atomically: everything goes into a
//! temporary folder beside the output, which then replaces the output in two renames, so a
//! failed or interrupted build leaves the previous output exactly as it was.

use anyhow::{bail, Context};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

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

/// Where a build puts its files as they are produced: straight into a folder (so a
/// large site is never held in memory), or into memory (`check`, `serve`).
pub trait Sink: Sync {
    /// Stores one file.
    fn put(&self, file: OutputFile) -> anyhow::Result<()>;
}

/// Keeps the files in memory.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: std::sync::Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files stored so far, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut v = self
            .files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        v.sort_by(|a, b| a.path.cmp(&b.path));
        v
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    }
}

/// Writes each file into a folder as soon as it is produced.
#[derive(Debug)]
pub struct DirSink {
    dir: PathBuf,
    count: AtomicUsize,
    pages: AtomicUsize,
    /// Folders known to exist (relative paths), so each is created once, not looked up
    /// again for every file in it.
    folders: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl DirSink {
    fn ensure_folder(&self, rel: &str) -> anyhow::Result<()> {
        let known = |rel: &str| {
            self.folders
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains(rel)
        };
        if known(rel) {
            return Ok(());
        }
        let path = self.dir.join(rel);
        // Most folders are new and their parent exists: one mkdir instead of a lookup and a
        // mkdir.
        match std::fs::create_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(_) => std::fs::create_dir_all(&path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        }
        self.folders
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(rel.to_string());
        Ok(())
    }

    /// Files written so far: (all, HTML pages).
    pub fn counts(&self) -> (usize, usize) {
        (self.count.load(Relaxed), self.pages.load(Relaxed))
    }
}

impl Sink for DirSink {
    fn put(&self, f: OutputFile) -> anyhow::Result<()> {
        if f.path.split('/').any(|s| s == ".." || s.is_empty()) {
            bail!("refusing to write outside the output: {}", f.path);
        }
        let to = self.dir.join(&f.path);
        if let Some((folder, _)) = f.path.rsplit_once('/') {
            self.ensure_folder(folder)?;
        }
        match &f.content {
            Content::Bytes(b) => std::fs::write(&to, b).map(|_| ()),
            Content::Copy(from) => std::fs::copy(from, &to).map(|_| ()),
        }
        .with_context(|| format!("cannot write {}", to.display()))?;
        self.count.fetch_add(1, Relaxed);
        if f.path.ends_with(".html") {
            self.pages.fetch_add(1, Relaxed);
        }
        Ok(())
    }
}

/// Builds into a temporary folder beside `output` through `produce`, and replaces
/// `output` with it only when `produce` succeeded; otherwise `output` is left untouched.
/// Returns `produce`'s value and the counts (files, pages) written.
pub fn replace_atomically<T>(
    output: &Path,
    produce: impl FnOnce(&DirSink) -> anyhow::Result<T>,
) -> anyhow::Result<(T, (usize, usize))> {
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
    std::fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let sink = DirSink {
        dir: tmp.clone(),
        count: AtomicUsize::new(0),
        pages: AtomicUsize::new(0),
        folders: Default::default(),
    };
    let value = match produce(&sink) {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    swap(output, &tmp, &old)?;
    Ok((value, sink.counts()))
}

/// Writes `files` to `output`, replacing it only once everything is written.
pub fn write_atomically(output: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    replace_atomically(output, |sink| {
        files.par_iter().try_for_each(|f| sink.put(f.clone()))
    })
    .map(|_| ())
}

fn swap(output: &Path, tmp: &Path, old: &Path) -> anyhow::Result<()> {
    if output.exists() {
        std::fs::rename(output, old).with_context(|| {
            format!("cannot move the previous output {} aside", output.display())
        })?;
    }
    if let Err(e) = std::fs::rename(tmp, output) {
        if old.exists() {
            let _ = std::fs::rename(old, output);
        }
        let _ = std::fs::remove_dir_all(tmp);
        return Err(e)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    if old.exists() {
        remove_tree(old)
            .with_context(|| format!("cannot remove the previous output {}", old.display()))?;
    }
    Ok(())
}

/// Removes a folder and everything in it, the entries of every folder in parallel (a
/// site has thousands of files, and one folder such as the search index can hold most of
/// them). Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
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

//! The built site as a list of files, and writing it safely. A build writes only into a
//! folder that is missing, empty or a previous blomma output ([`Target`]: links resolved,
//! the site and its sources never); it writes everything into a temporary folder beside the
//! output, marks it, and exchanges it with the output in one atomic step
//! ([`replace_atomically`]), so a failed or interrupted build leaves the previous output
//! exactly as it was and a reader never finds the output missing. One build at a time per
//! output, under a lock file beside it.

mod claim;
mod lock;
mod swap;

use claim::MARKER_TEXT;
pub(crate) use claim::{Refused, Target, MARKER};

use anyhow::{bail, Context};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// What a file of the output holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Bytes produced by the build.
    Bytes(Vec<u8>),
    /// A file copied as it is.
    Copy(PathBuf),
}

/// One file of the output: the one file type of the pipeline, made by render and search,
/// written by [`DirSink`], kept in memory by [`MemorySink`] and served by `serve`.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The bytes, without copying generated ones (reading a copied file).
    pub fn into_bytes(self) -> std::io::Result<Vec<u8>> {
        match self.content {
            Content::Bytes(b) => Ok(b),
            Content::Copy(p) => std::fs::read(p),
        }
    }
    /// The bytes of a generated file; `None` for a copied one.
    pub fn in_memory(&self) -> Option<&[u8]> {
        match &self.content {
            Content::Bytes(b) => Some(b),
            Content::Copy(_) => None,
        }
    }
    /// The same file with its bytes in memory (a copied file read now).
    pub fn loaded(self) -> std::io::Result<Self> {
        match self.content {
            Content::Bytes(_) => Ok(self),
            Content::Copy(p) => Ok(Self::bytes(self.path, std::fs::read(p)?)),
        }
    }
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
pub(crate) struct DirSink {
    dir: PathBuf,
    count: AtomicUsize,
    pages: AtomicUsize,
    /// Folders known to exist (relative paths), so each is created once, not looked up
    /// again for every file in it.
    folders: std::sync::Mutex<std::collections::HashSet<String>>,
    /// Files copied from the site: output path → the site's file, to name that file when
    /// it collides with a folder of the output.
    copies: std::sync::Mutex<std::collections::HashMap<String, PathBuf>>,
}

/// A file of the site that cannot go into the output: unreadable, or its output path
/// collides with a folder of the site. Reported like a content error, located at the file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub(crate) struct SiteFileError {
    /// The site's file, as the build found it (under the site root).
    pub path: PathBuf,
    /// What is wrong with it, in one sentence.
    pub message: String,
}

impl DirSink {
    fn ensure_folder(&self, rel: &str) -> std::io::Result<()> {
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
            Err(_) => std::fs::create_dir_all(&path)?,
        }
        self.folders
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(rel.to_string());
        Ok(())
    }

    /// Files written so far: (all, HTML pages).
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.count.load(Relaxed), self.pages.load(Relaxed))
    }
}

impl DirSink {
    fn new(dir: PathBuf) -> Self {
        DirSink {
            dir,
            count: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            folders: Default::default(),
            copies: Default::default(),
        }
    }

    /// The site's file copied to the output path `rel`, if one was.
    fn copied_to(&self, rel: &str) -> Option<PathBuf> {
        self.copies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(rel)
            .cloned()
    }

    /// Why writing `f` failed, naming the site's file when one is the cause: a copied file
    /// that cannot be read, a copied file where the output needs a folder, or a folder of
    /// the output where a file is copied.
    fn explain(&self, f: &OutputFile, e: std::io::Error) -> anyhow::Error {
        if let Content::Copy(from) = &f.content {
            if let Err(read) = std::fs::File::open(from) {
                return SiteFileError {
                    path: from.clone(),
                    message: format!("cannot read this file to copy it into the output: {read}"),
                }
                .into();
            }
            if self.dir.join(&f.path).is_dir() {
                return SiteFileError {
                    path: from.clone(),
                    message: format!(
                        "this file would be copied to `{}` in the output, where the site \
                         also has a folder `{}/`; rename or move the file",
                        f.path, f.path
                    ),
                }
                .into();
            }
        }
        let mut prefix = f.path.as_str();
        while let Some((folder, _)) = prefix.rsplit_once('/') {
            if let Some(from) = self.copied_to(folder) {
                return SiteFileError {
                    path: from,
                    message: format!(
                        "this file would be copied to `{folder}` in the output, where the site \
                         also needs a folder `{folder}/` (for `{}`); rename or move the file",
                        f.path
                    ),
                }
                .into();
            }
            prefix = folder;
        }
        anyhow::Error::new(e).context(format!(
            "cannot write `{}` into the new output {}",
            f.path,
            self.dir.display()
        ))
    }
}

impl Sink for DirSink {
    fn put(&self, f: OutputFile) -> anyhow::Result<()> {
        if f.path.split('/').any(|s| s == ".." || s.is_empty()) {
            bail!("refusing to write outside the output: {}", f.path);
        }
        let to = self.dir.join(&f.path);
        if let Content::Copy(from) = &f.content {
            self.copies
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(f.path.clone(), from.clone());
        }
        let written = match f.path.rsplit_once('/') {
            Some((folder, _)) => self.ensure_folder(folder),
            None => Ok(()),
        }
        .and_then(|()| match &f.content {
            Content::Bytes(b) => std::fs::write(&to, b),
            Content::Copy(from) => std::fs::copy(from, &to).map(|_| ()),
        });
        if let Err(e) = written {
            return Err(self.explain(&f, e));
        }
        self.count.fetch_add(1, Relaxed);
        if f.path.ends_with(".html") {
            self.pages.fetch_add(1, Relaxed);
        }
        Ok(())
    }
}

/// Builds into a temporary folder beside the output through `produce`, marks it as
/// blomma's, and exchanges it with the output only when `produce` succeeded; otherwise the
/// output is left untouched. Holds the output's lock throughout (waiting for another build
/// that holds it), checks the output again under the lock (a [`Refused`] error then), and
/// first removes what killed builds left. Returns `produce`'s value and the counts (files,
/// pages) written.
pub(crate) fn replace_atomically<T>(
    target: &Target,
    produce: impl FnOnce(&DirSink) -> anyhow::Result<T>,
) -> anyhow::Result<(T, (usize, usize))> {
    let real = target.real();
    let (parent, name) = match (real.parent(), real.file_name()) {
        (Some(p), Some(n)) => (p, n.to_string_lossy().into_owned()),
        _ => bail!("the output folder {} has no parent folder", real.display()),
    };
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    let _lock = lock::OutputLock::acquire(&parent.join(swap::lock_name(&name)), &target.shown)?;
    target.check_contents()?;
    swap::remove_leftovers(parent, &name)?;
    let (new, old) = swap::temporary_names(&name, std::process::id());
    let (tmp, old) = (parent.join(new), parent.join(old));
    std::fs::create_dir(&tmp)
        .with_context(|| format!("cannot create the temporary folder {}", tmp.display()))?;
    let (value, counts) = write_new(&tmp, produce)?;
    if let Err(e) = swap::replace(real, &tmp, &old) {
        if tmp.exists() {
            let _ = swap::remove_tree(&tmp);
        }
        return Err(e);
    }
    Ok((value, counts))
}

/// Runs `produce` into the new folder `tmp` and marks it as blomma's output; removes `tmp`
/// again when that fails.
fn write_new<T>(
    tmp: &Path,
    produce: impl FnOnce(&DirSink) -> anyhow::Result<T>,
) -> anyhow::Result<(T, (usize, usize))> {
    let sink = DirSink::new(tmp.to_path_buf());
    let written = produce(&sink).and_then(|v| {
        let marker = tmp.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT)
            .with_context(|| format!("cannot write {}", marker.display()))?;
        Ok(v)
    });
    match written {
        Ok(v) => Ok((v, sink.counts())),
        Err(e) => {
            let _ = swap::remove_tree(tmp);
            Err(e)
        }
    }
}

/// Writes `files` to `output` (missing, empty or a previous blomma output), replacing it
/// only once everything is written.
pub fn write_atomically(output: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    let target = Target::claim_without_site(output, false)?;
    replace_atomically(&target, |sink| {
        files.par_iter().try_for_each(|f| sink.put(f.clone()))
    })
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_site_file_that_cannot_be_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sink = DirSink::new(dir.path().to_path_buf());
        let gone = dir.path().join("static/gone.css");
        let err = sink
            .put(OutputFile::copy("gone.css".into(), gone.clone()))
            .expect_err("nothing to copy");
        let site_file = err
            .downcast_ref::<SiteFileError>()
            .expect("a site file error");
        assert_eq!(site_file.path, gone);
        assert!(site_file.message.starts_with("cannot read this file"));
    }

    #[test]
    fn replaces_the_whole_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("stale")).expect("mkdir");
        std::fs::write(out.join(MARKER), MARKER_TEXT).expect("mark");
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

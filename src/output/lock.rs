//! One build at a time per output folder: a lock file `.NAME.blomma-lock` beside the output,
//! held with the operating system's file lock (released by the kernel even when a build is
//! killed), holding the PID of the build for the message another build shows while it waits.
//! The holder removes the file when it is done, so no lock file stays beside the output.

use anyhow::Context;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock of one output folder, held until dropped.
#[derive(Debug)]
pub(super) struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Takes the lock at `path`, waiting (with a message on standard error naming `shown`)
    /// while another build holds it.
    pub(super) fn acquire(path: &Path, shown: &Path) -> anyhow::Result<OutputLock> {
        let mut told = false;
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .with_context(|| format!("cannot create the lock file {}", path.display()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !told {
                        eprintln!(
                            "waiting for another blomma build{} writing to {}…",
                            holder(&mut file),
                            shown.display()
                        );
                        told = true;
                    }
                    file.lock()
                        .with_context(|| format!("cannot lock {}", path.display()))?;
                }
                Err(TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", path.display()))
                }
            }
            // The build that held the lock removes its file when done; a lock on a removed
            // file guards nothing, so take the lock again on the file now at `path`.
            if is_same_file(&file, path) {
                let mut lock = OutputLock {
                    file,
                    path: path.to_path_buf(),
                };
                lock.write_pid()?;
                return Ok(lock);
            }
        }
    }

    fn write_pid(&mut self) -> anyhow::Result<()> {
        self.file
            .set_len(0)
            .and_then(|()| self.file.rewind())
            .and_then(|()| writeln!(self.file, "{}", std::process::id()))
            .with_context(|| format!("cannot write the lock file {}", self.path.display()))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked: a build waiting on this file sees it gone and locks
        // the next one. The lock itself is released when the file closes.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// " (process 1234)" from a lock file's content, or nothing.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    match text.trim().parse::<u32>() {
        Ok(pid) => format!(" (process {pid})"),
        Err(_) => String::new(),
    }
}

/// True when `path` still names the file `file` has open.
#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the path still names it.
#[cfg(not(unix))]
fn is_same_file(_file: &File, _path: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_no_file_left() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(".public.blomma-lock");
        let lock = OutputLock::acquire(&path, Path::new("public")).expect("lock");
        let other = File::open(&path).expect("open");
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(lock);
        assert!(!path.exists());
    }
}

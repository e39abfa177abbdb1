//! Putting a finished output in place and cleaning up: one atomic exchange of the new
//! folder with the old one (so a reader never finds the output missing), and the removal of
//! the temporary folders of builds that were killed.

use anyhow::Context;
use rayon::prelude::*;
use std::path::Path;

/// The temporary folders of a build into the output called `name`, for the build `pid`:
/// the new site while it is written, and the old one while it is removed.
pub(super) fn temporary_names(name: &str, pid: u32) -> (String, String) {
    let [new, old] = temporary_prefixes(name);
    (format!("{new}{pid}"), format!("{old}{pid}"))
}

/// The names of [`temporary_names`] without the PID.
fn temporary_prefixes(name: &str) -> [String; 2] {
    [
        format!(".{name}.blomma-new-"),
        format!(".{name}.blomma-old-"),
    ]
}

/// The file beside the output that builds into it lock.
pub(super) fn lock_name(name: &str) -> String {
    format!(".{name}.blomma-lock")
}

/// Puts the finished site `new` in place of `output` (a real folder, no link), then removes
/// the previous output. `old` is the name used only where an exchange is not available.
pub(super) fn replace(output: &Path, new: &Path, old: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(output) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return std::fs::rename(new, output).with_context(|| {
                format!(
                    "cannot move the new site {} to {}",
                    new.display(),
                    output.display()
                )
            });
        }
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read {}", output.display()));
        }
        Ok(_) => {}
    }
    let previous = if exchange(new, output)? {
        // The previous output is now where the new one was written.
        new
    } else {
        two_renames(output, new, old)?;
        old
    };
    remove_tree(previous).with_context(|| {
        format!(
            "the new site is in place, but the previous output could not be removed from {}",
            previous.display()
        )
    })
}

/// Exchanges two folders in one step. `Ok(false)` where the system or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> anyhow::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(std::io::Error::from(e)).with_context(|| {
            format!(
                "cannot exchange the new site {} with {}",
                a.display(),
                b.display()
            )
        }),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

/// The fallback of [`exchange`]: the output moves aside, the new site moves in. Between the
/// two renames the output is missing for a moment.
fn two_renames(output: &Path, new: &Path, old: &Path) -> anyhow::Result<()> {
    std::fs::rename(output, old).with_context(|| {
        format!(
            "cannot move the previous output {} aside to {}",
            output.display(),
            old.display()
        )
    })?;
    if let Err(e) = std::fs::rename(new, output) {
        let _ = std::fs::rename(old, output);
        return Err(e).with_context(|| {
            format!(
                "cannot move the new site {} to {}",
                new.display(),
                output.display()
            )
        });
    }
    Ok(())
}

/// Removes the temporary folders that builds into the output `name` in `parent` left when
/// they were killed: those whose process is gone (or is this one: an earlier process with
/// the same number). Folders of a build still running are kept.
pub(super) fn remove_leftovers(parent: &Path, name: &str) -> anyhow::Result<()> {
    let prefixes = temporary_prefixes(name);
    let entries = std::fs::read_dir(parent).with_context(|| {
        format!(
            "cannot list {} for leftovers of killed builds",
            parent.display()
        )
    })?;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
            .and_then(|rest| rest.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && is_running(pid) {
            continue;
        }
        let path = entry.path();
        let removed = match entry.file_type() {
            Ok(t) if t.is_dir() => remove_tree(&path),
            _ => std::fs::remove_file(&path),
        };
        removed.with_context(|| {
            format!(
                "cannot remove {}, left by a build that was killed",
                path.display()
            )
        })?;
    }
    Ok(())
}

/// True while the process `pid` exists (or cannot be told apart from one that does).
#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

/// Elsewhere, every build is taken as running: leftovers are kept rather than risked.
#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    true
}

/// Removes a folder and everything in it, the entries of every folder in parallel (a
/// site has thousands of files, and one folder such as the search index can hold most of
/// them). Symbolic links are removed, never followed.
pub(super) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
        return std::fs::remove_file(dir);
    }
    remove_folder(dir)
}

/// [`remove_tree`] of a folder known not to be a link (every entry is looked at without
/// following links).
fn remove_folder(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_folder(&e.path())
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
    fn removes_links_not_what_they_point_to() {
        let dir = tempfile::tempdir().expect("tempdir");
        let kept = dir.path().join("kept");
        std::fs::create_dir_all(&kept).expect("mkdir");
        std::fs::write(kept.join("a"), "a").expect("write");
        let gone = dir.path().join("gone");
        std::fs::create_dir_all(&gone).expect("mkdir");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&kept, gone.join("link")).expect("symlink");
            let top = dir.path().join("top");
            std::os::unix::fs::symlink(&kept, &top).expect("symlink");
            remove_tree(&top).expect("remove the link");
            assert!(!top.exists());
        }
        remove_tree(&gone).expect("remove");
        assert!(!gone.exists());
        assert!(kept.join("a").is_file());
    }

    #[test]
    fn exchanges_two_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (out, new, old) = (
            dir.path().join("o"),
            dir.path().join("n"),
            dir.path().join("x"),
        );
        for (d, f) in [(&out, "old.txt"), (&new, "new.txt")] {
            std::fs::create_dir_all(d).expect("mkdir");
            std::fs::write(d.join(f), "").expect("write");
        }
        replace(&out, &new, &old).expect("replace");
        assert!(out.join("new.txt").is_file());
        assert!(!new.exists() && !old.exists());
    }
}

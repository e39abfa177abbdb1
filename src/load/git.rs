//! When a content file last changed: from git, read in one pass over the history, or
//! from the file's modification time when the site is not in a git repository.

use crate::model::Date;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Last-change dates by path relative to the site root.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    by_path: HashMap<String, Date>,
}

impl Changes {
    /// The date of the last commit touching `rel` (path relative to the site root).
    pub(crate) fn get(&self, rel: &str) -> Option<Date> {
        self.by_path.get(rel).copied()
    }
}

/// One `git log` over `content/`; empty when git is missing or the root is not in a repository.
pub(crate) fn last_changed(root: &Path) -> Changes {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            "content",
        ])
        .output();
    let Ok(out) = out else {
        return Changes::default();
    };
    if !out.status.success() {
        return Changes::default();
    }
    parse_log(&String::from_utf8_lossy(&out.stdout))
}

fn parse_log(log: &str) -> Changes {
    let mut by_path = HashMap::new();
    let mut current: Option<Date> = None;
    for line in log.lines() {
        if let Some(d) = line.strip_prefix('\0') {
            current = Date::parse(d.trim());
        } else if !line.is_empty() {
            if let Some(d) = current {
                by_path.entry(line.to_string()).or_insert(d);
            }
        }
    }
    Changes { by_path }
}

/// The modification date of a file (UTC).
pub(crate) fn file_date(path: &Path) -> Option<Date> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Date::from_unix_days((secs / 86_400) as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_wins() {
        let log =
            "\u{0}2024-05-02\n\ncontent/a.md\n\n\u{0}2023-01-01\n\ncontent/a.md\ncontent/b.md\n";
        let c = parse_log(log);
        assert_eq!(
            c.get("content/a.md").map(|d| d.to_string()).as_deref(),
            Some("2024-05-02")
        );
        assert_eq!(
            c.get("content/b.md").map(|d| d.to_string()).as_deref(),
            Some("2023-01-01")
        );
    }
}

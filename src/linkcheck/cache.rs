//! The link cache, `.blomma-cache/links.json` under the site root: the addresses that
//! answered well, with the time they were checked (and where they have moved, so that the
//! warning comes back from the cache too). An entry is trusted for [`MAX_AGE`]; failures
//! are never stored, so a broken link is asked again on every check.
//!
//! The folder holds a `.gitignore` of `*`, so it stays out of git whatever the site's own
//! `.gitignore` says. A cache that cannot be read is ignored and written anew.

use anyhow::Context as _;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The folder under the site root that `blomma check` keeps its cache in (git-ignored by
/// the `.gitignore` of `init`, and by a `.gitignore` of its own).
pub(crate) const DIR: &str = ".blomma-cache";

/// The file in it.
pub(crate) const FILE: &str = "links.json";

/// How long a good answer is trusted: 24 hours.
pub(crate) const MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// One address that answered well.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Entry {
    /// When it was checked, in seconds since 1970 (UTC).
    pub checked: u64,
    /// Where it has moved for good, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
}

/// The file's contents.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct CacheFile {
    /// Format version, 1.
    version: u32,
    /// Address → entry.
    links: BTreeMap<String, Entry>,
}

/// The link cache of a site.
#[derive(Debug)]
pub(crate) struct Cache {
    path: PathBuf,
    links: BTreeMap<String, Entry>,
}

/// Seconds since 1970 now.
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// Reads the cache of the site at `root`, keeping only the entries younger than
    /// [`MAX_AGE`] at `now`. A missing or unreadable cache is an empty one.
    pub(crate) fn load(root: &Path, now: u64) -> Self {
        let path = root.join(DIR).join(FILE);
        let file: CacheFile = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .filter(|f: &CacheFile| f.version == 1)
            .unwrap_or_default();
        let links = file
            .links
            .into_iter()
            .filter(|(_, e)| e.checked <= now && now - e.checked < MAX_AGE.as_secs())
            .collect();
        Self { path, links }
    }

    /// The fresh entry of an address.
    pub(crate) fn get(&self, url: &str) -> Option<&Entry> {
        self.links.get(url)
    }

    /// Records an address that answered well.
    pub(crate) fn insert(&mut self, url: String, entry: Entry) {
        self.links.insert(url, entry);
    }

    /// Forgets an address (it failed this time).
    pub(crate) fn remove(&mut self, url: &str) {
        self.links.remove(url);
    }

    /// Writes the cache: into a temporary file beside it, then renamed over it, so a
    /// check that is interrupted leaves the old cache or the new one, never half of one.
    pub(crate) fn save(&self) -> anyhow::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(&ignore, "# blomma's link cache; not part of the site\n*\n")
                .with_context(|| format!("cannot write {}", ignore.display()))?;
        }
        let file = CacheFile {
            version: 1,
            links: self.links.clone(),
        };
        let text = serde_json::to_string_pretty(&file).context("cannot encode the cache")?;
        let tmp = dir.join(format!("{FILE}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &self.path).with_context(|| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot replace {}", self.path.display())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_live_a_day_and_the_folder_ignores_itself() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut c = Cache::load(dir.path(), 1_000_000);
        let entry = |checked| Entry {
            checked,
            moved_to: None,
        };
        c.insert("https://old.example/".into(), entry(1_000_000 - 86_400));
        c.insert("https://new.example/".into(), entry(1_000_000 - 86_399));
        c.save().expect("the cache is written");
        let c = Cache::load(dir.path(), 1_000_000);
        assert!(c.get("https://old.example/").is_none());
        assert!(c.get("https://new.example/").is_some());
        let ignore = std::fs::read_to_string(dir.path().join(DIR).join(".gitignore"));
        assert!(ignore.unwrap_or_default().lines().any(|l| l == "*"));
    }
}

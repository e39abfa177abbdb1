//! Watching the site's sources: `content/`, `templates/`, `themes/`, `static/`, `data/` and
//! `site.toml` under the root. Raw notify events are debounced (a batch closes after
//! [`QUIET`] without events, or [`MAX_WAIT`] after it opened), editors' temporary and swap
//! files are ignored, and what is left is classified by the pure function [`classify`].

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::ChangeKind;

/// Folders under the root that are watched recursively.
pub(crate) const WATCHED_DIRS: [&str; 5] = ["content", "templates", "themes", "static", "data"];

/// The configuration file under the root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

/// A batch closes after this long without new events. Editors write a save as a burst of
/// events (temporary file, rename, attributes) well inside this.
pub(crate) const QUIET: Duration = Duration::from_millis(25);

/// A batch closes after this long without new events when the last one was a file closed
/// after writing: the file is complete, and what else an editor does for a save (attributes,
/// a rename) follows within a millisecond. Saves in place end so; a rename or deletion
/// (an atomic save, `git checkout`) still waits for [`QUIET`].
pub(crate) const SETTLE: Duration = Duration::from_millis(5);

/// A batch closes at the latest this long after its first event (steady streams of events).
pub(crate) const MAX_WAIT: Duration = Duration::from_millis(500);

/// Classifies changed paths (absolute under `root`, or relative to it) into the kinds of
/// change the builder cares about.
///
/// Paths outside the watched folders, and editors' temporary, swap and hidden files (`.swp`,
/// `.swx`, `~`, `#x#`, `.#x`, `4913`, `.tmp`, `.DS_Store`, any dot-file or dot-folder…), are
/// dropped. The result has at most one entry per kind, in the order Config, Theme, Template,
/// Data, Content, Static; the paths inside `Content` and `Static` are relative to `root`,
/// sorted and without duplicates. An empty result means nothing relevant changed.
pub(crate) fn classify(root: &Path, paths: &[PathBuf]) -> Vec<ChangeKind> {
    let (mut config, mut theme, mut template, mut data) = (false, false, false, false);
    let mut content: Vec<PathBuf> = Vec::new();
    let mut statics: Vec<PathBuf> = Vec::new();
    for path in paths {
        let rel = if path.is_absolute() {
            match path.strip_prefix(root) {
                Ok(rel) => rel,
                Err(_) => continue,
            }
        } else {
            path.as_path()
        };
        let mut parts = Vec::new();
        for component in rel.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_string_lossy()),
                Component::CurDir => {}
                // `..`, roots and prefixes never name a watched file.
                _ => {
                    parts.clear();
                    break;
                }
            }
        }
        let Some(first) = parts.first() else { continue };
        if parts.len() == 1 && first == CONFIG_FILE {
            config = true;
            continue;
        }
        let Some(name) = parts.last() else { continue };
        if parts.len() > 1 && (is_ignored_name(name) || parts.iter().any(|p| p.starts_with('.'))) {
            continue;
        }
        let clean: PathBuf = parts.iter().map(|p| p.as_ref()).collect();
        match first.as_ref() {
            "content" => content.push(clean),
            "static" => statics.push(clean),
            "templates" => template = true,
            "themes" => theme = true,
            "data" => data = true,
            _ => {}
        }
    }
    let mut kinds = Vec::new();
    if config {
        kinds.push(ChangeKind::Config);
    }
    if theme {
        kinds.push(ChangeKind::Theme);
    }
    if template {
        kinds.push(ChangeKind::Template);
    }
    if data {
        kinds.push(ChangeKind::Data);
    }
    for (list, make) in [
        (
            content,
            ChangeKind::Content as fn(Vec<PathBuf>) -> ChangeKind,
        ),
        (statics, ChangeKind::Static),
    ] {
        let mut list = list;
        if !list.is_empty() {
            list.sort();
            list.dedup();
            kinds.push(make(list));
        }
    }
    kinds
}

/// Whether a file name belongs to an editor's or the OS's scratch files rather than the site:
/// hidden files (`.foo`, which covers vim's `.x.swp`, emacs' `.#x` and `.DS_Store`), vim swap
/// files (`.swp`, `.swo`, `.swx`) and its write test file `4913`, backups ending in `~`, emacs
/// autosaves `#x#`, `.tmp` files, Kate's `.kate-swp`, JetBrains' `___jb_tmp___`/`___jb_old___`
/// and Chrome's `.crswap`.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        || (name.len() >= 2 && name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".kate-swp",
            ".crswap",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

/// Paths gathered from one debounced burst of events.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    /// Every path named by an event.
    pub(crate) paths: Vec<PathBuf>,
    /// The watcher lost events (queue overflow): only a full build is safe.
    pub(crate) rescan: bool,
}

/// The notify watcher plus its event channel.
pub(crate) struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
    rx: Receiver<notify::Result<Event>>,
    watched: HashSet<&'static str>,
}

impl Watcher {
    /// Starts watching `root` (not recursively, for `site.toml` and for the watched folders
    /// appearing or disappearing) and each watched folder that exists (recursively).
    pub(crate) fn new(root: &Path) -> anyhow::Result<Watcher> {
        let (tx, rx) = mpsc::channel();
        let mut inner = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })
        .context("could not start the file watcher")?;
        inner
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("could not watch {}", root.display()))?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            inner,
            rx,
            watched: HashSet::new(),
        };
        watcher.sync_watches();
        Ok(watcher)
    }

    /// Adds recursive watches for watched folders that appeared, forgets ones that vanished.
    fn sync_watches(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            if exists && !self.watched.contains(dir) {
                match self.inner.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => eprintln!("blomma serve: cannot watch {}: {e}", path.display()),
                }
            } else if !exists && self.watched.remove(dir) {
                let _ = self.inner.unwatch(&path);
            }
        }
    }

    /// Waits up to `idle` for a relevant event; if one comes, keeps collecting until the
    /// burst is over. `Ok(None)` on timeout, `Err` when the watcher is gone.
    pub(crate) fn next_batch(&mut self, idle: Duration) -> Result<Option<Batch>, ()> {
        let quiet = Quiet {
            quiet: QUIET,
            settle: SETTLE,
        };
        let batch = collect_batch(&self.rx, idle, quiet, MAX_WAIT)?;
        if batch.is_some() {
            self.sync_watches();
        }
        Ok(batch)
    }
}

/// How long a batch waits for more events after the last one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quiet {
    /// After most events.
    pub(crate) quiet: Duration,
    /// After a file closed after writing (see [`SETTLE`]).
    pub(crate) settle: Duration,
}

/// The debounce: waits up to `idle` for the first relevant event, then collects until no
/// relevant event came for `quiet.quiet` (`quiet.settle` after a file closed after writing),
/// or `max_wait` after the first. Irrelevant events (files merely opened or read, as the
/// builder does) neither open nor extend a batch.
pub(crate) fn collect_batch(
    rx: &Receiver<notify::Result<Event>>,
    idle: Duration,
    quiet: Quiet,
    max_wait: Duration,
) -> Result<Option<Batch>, ()> {
    let idle_deadline = Instant::now() + idle;
    let mut batch = Batch::default();
    let mut opened: Option<Instant> = None;
    let mut last = Instant::now();
    let mut wait = quiet.quiet;
    loop {
        let deadline = match opened {
            None => idle_deadline,
            Some(first) => (last + wait).min(first + max_wait),
        };
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        match rx.recv_timeout(deadline - now) {
            Ok(event) => {
                let written = is_written(&event);
                if let Some((paths, rescan)) = useful(event) {
                    wait = if written { quiet.settle } else { quiet.quiet };
                    batch.paths.extend(paths);
                    batch.rescan |= rescan;
                    last = Instant::now();
                    opened.get_or_insert(last);
                }
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) if opened.is_none() => return Err(()),
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    Ok(opened.map(|_| batch))
}

/// Whether the event is a file closed after writing.
fn is_written(event: &notify::Result<Event>) -> bool {
    matches!(
        event,
        Ok(Event {
            kind: EventKind::Access(AccessKind::Close(AccessMode::Write)),
            ..
        })
    )
}

/// The paths an event contributes and whether it asks for a rescan; `None` if irrelevant.
fn useful(event: notify::Result<Event>) -> Option<(Vec<PathBuf>, bool)> {
    match event {
        Ok(event) => {
            let rescan = event.need_rescan();
            let relevant = match event.kind {
                // Opening or reading a file (the builder does) changes nothing; a file closed
                // after writing does.
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                EventKind::Access(_) => false,
                _ => true,
            };
            match (relevant, rescan) {
                (true, _) => Some((event.paths, rescan)),
                (false, true) => Some((Vec::new(), true)),
                (false, false) => None,
            }
        }
        Err(e) => {
            eprintln!("blomma serve: file watcher error: {e}");
            if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                eprintln!("  (raise fs.inotify.max_user_watches, or changes may be missed)");
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    #[test]
    fn classifies_by_folder() {
        let root = p("/site");
        let kinds = classify(
            &root,
            &[
                p("/site/content/lan/index.md"),
                p("/site/static/css/site.css"),
                p("/site/templates/page.html"),
                p("/site/themes/blomma/templates/base.html"),
                p("/site/data/lan.csv"),
                p("/site/site.toml"),
                p("/site/content/lan/index.md"),
                p("/site/public/index.html"),
                p("/elsewhere/content/a.md"),
                p("/site/README.md"),
            ],
        );
        assert_eq!(
            kinds,
            vec![
                ChangeKind::Config,
                ChangeKind::Theme,
                ChangeKind::Template,
                ChangeKind::Data,
                ChangeKind::Content(vec![p("content/lan/index.md")]),
                ChangeKind::Static(vec![p("static/css/site.css")]),
            ]
        );
    }

    #[test]
    fn relative_paths_are_relative_to_root() {
        assert_eq!(
            classify(&p("/site"), &[p("content/a.md"), p("./static/b.png")]),
            vec![
                ChangeKind::Content(vec![p("content/a.md")]),
                ChangeKind::Static(vec![p("static/b.png")]),
            ]
        );
        assert!(classify(&p("/site"), &[p("../content/a.md")]).is_empty());
    }

    #[test]
    fn ignores_editor_files() {
        let root = p("/site");
        let junk = [
            "/site/content/.index.md.swp",
            "/site/content/index.md.swp",
            "/site/content/index.md.swx",
            "/site/content/index.md~",
            "/site/content/#index.md#",
            "/site/content/.#index.md",
            "/site/content/4913",
            "/site/content/index.md.tmp",
            "/site/content/.DS_Store",
            "/site/static/.hidden",
            "/site/content/.git/objects/ab",
            "/site/templates/base.html.kate-swp",
            "/site/data/x.csv___jb_tmp___",
            "/site/site.toml~",
            "/site/.site.toml.swp",
        ];
        let paths: Vec<PathBuf> = junk.iter().map(|s| p(s)).collect();
        assert_eq!(classify(&root, &paths), vec![]);
        assert!(!is_ignored_name("index.md"));
        assert!(!is_ignored_name("49130.png"));
        assert!(!is_ignored_name("#hashtag.md"));
    }

    #[test]
    fn folder_rename_lists_both_names() {
        let root = p("/site");
        let kinds = classify(
            &root,
            &[p("/site/content/lan/norr"), p("/site/content/lan/nord")],
        );
        assert_eq!(
            kinds,
            vec![ChangeKind::Content(vec![
                p("content/lan/nord"),
                p("content/lan/norr")
            ])]
        );
    }

    #[test]
    fn watched_folders_themselves() {
        let root = p("/site");
        assert_eq!(
            classify(
                &root,
                &[p("/site/content"), p("/site/static"), p("/site/data")]
            ),
            vec![
                ChangeKind::Data,
                ChangeKind::Content(vec![p("content")]),
                ChangeKind::Static(vec![p("static")]),
            ]
        );
        assert!(classify(&root, &[p("/site"), p("/site/other.toml")]).is_empty());
    }

    fn ev(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(p(path)))
    }

    fn modify(path: &str) -> notify::Result<Event> {
        ev(
            EventKind::Modify(notify::event::ModifyKind::Data(
                notify::event::DataChange::Any,
            )),
            path,
        )
    }

    const MS: Duration = Duration::from_millis(1);

    /// The same wait after every event.
    fn q(quiet: Duration) -> Quiet {
        Quiet {
            quiet,
            settle: quiet,
        }
    }

    fn closed(path: &str) -> notify::Result<Event> {
        ev(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            path,
        )
    }

    /// Sends `later` after 300 ms, then collects the batch `events` open.
    fn batch_before(events: Vec<notify::Result<Event>>, later: &str, quiet: Quiet) -> Vec<PathBuf> {
        let (tx, rx) = mpsc::channel();
        for e in events {
            let _ = tx.send(e);
        }
        let later = later.to_string();
        let feeder = std::thread::spawn(move || {
            std::thread::sleep(300 * MS);
            let _ = tx.send(modify(&later));
        });
        let batch = collect_batch(&rx, 100 * MS, quiet, 60_000 * MS);
        let _ = feeder.join();
        batch.ok().flatten().map(|b| b.paths).unwrap_or_default()
    }

    #[test]
    fn a_file_written_and_closed_ends_its_batch_without_the_whole_quiet() {
        let quiet = Quiet {
            quiet: 10_000 * MS,
            settle: 20 * MS,
        };
        // A save in place: the rebuild starts once the file is closed.
        let saved = vec![modify("/s/content/a.md"), closed("/s/content/a.md")];
        assert_eq!(
            batch_before(saved, "/s/content/b.md", quiet),
            [p("/s/content/a.md"), p("/s/content/a.md")]
        );
        // Without the close (a rename, a deletion), the batch waits for the quiet and takes
        // in what comes next.
        let renamed = vec![modify("/s/content/a.md")];
        assert_eq!(
            batch_before(renamed, "/s/content/b.md", quiet),
            [p("/s/content/a.md"), p("/s/content/b.md")]
        );
    }

    #[test]
    fn a_burst_becomes_one_batch() {
        let (tx, rx) = mpsc::channel();
        for name in ["/s/content/a.md", "/s/content/b.md", "/s/content/a.md"] {
            let _ = tx.send(modify(name));
        }
        let batch = collect_batch(&rx, 100 * MS, q(20 * MS), 500 * MS);
        let batch = batch.ok().flatten().map(|b| b.paths);
        assert_eq!(
            batch,
            Some(vec![
                p("/s/content/a.md"),
                p("/s/content/b.md"),
                p("/s/content/a.md")
            ])
        );
    }

    #[test]
    fn reads_do_not_open_a_batch() {
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(ev(
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            "/s/content/a.md",
        ));
        let _ = tx.send(ev(EventKind::Access(AccessKind::Read), "/s/content/a.md"));
        let _ = tx.send(Err(notify::Error::generic("boom")));
        assert!(matches!(
            collect_batch(&rx, 30 * MS, q(10 * MS), 100 * MS),
            Ok(None)
        ));
        let _ = tx.send(ev(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "/s/content/a.md",
        ));
        let batch = collect_batch(&rx, 30 * MS, q(10 * MS), 100 * MS)
            .ok()
            .flatten();
        assert_eq!(batch.map(|b| b.paths), Some(vec![p("/s/content/a.md")]));
    }

    #[test]
    fn rescan_and_disconnect() {
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(Ok(
            Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan)
        ));
        drop(tx);
        let batch = collect_batch(&rx, 30 * MS, q(10 * MS), 100 * MS)
            .ok()
            .flatten();
        assert!(batch.is_some_and(|b| b.rescan));
        assert!(collect_batch(&rx, 30 * MS, q(10 * MS), 100 * MS).is_err());
    }

    #[test]
    fn a_steady_stream_is_cut_at_max_wait() {
        let (tx, rx) = mpsc::channel();
        let feeder = std::thread::spawn(move || {
            for i in 0..40 {
                if tx.send(modify(&format!("/s/content/{i}.md"))).is_err() {
                    break;
                }
                std::thread::sleep(5 * MS);
            }
        });
        let start = Instant::now();
        let batch = collect_batch(&rx, 100 * MS, q(30 * MS), 60 * MS)
            .ok()
            .flatten();
        let took = start.elapsed();
        let _ = feeder.join();
        assert!(batch.is_some_and(|b| !b.paths.is_empty() && b.paths.len() < 40));
        assert!(took < 190 * MS, "{took:?}");
    }
}

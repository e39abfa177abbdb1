//! The watch-and-rebuild loop: runs the builder on each debounced batch of changes, swaps the
//! new site in, keeps serving the last good site on errors, reports to the terminal and tells
//! the open tabs what to do (`reload`, `css` or `errors`).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::live::LiveEvent;
use super::overlay::{errors_json_array, format_terminal, tool_error_view};
use super::server::{Site, State};
use super::watch::{classify, Watcher};
use super::{BuildResult, ChangeKind, ErrorView, SiteBuilder};

/// How often the loop looks at the stop flag while no files change.
const IDLE_POLL: Duration = Duration::from_millis(200);

/// How long no change must arrive before the builder's background work (the search index)
/// runs, so that a burst of saves does not pay for it each time.
const BACKGROUND_AFTER: Duration = Duration::from_millis(100);

/// Owns the builder and drives rebuilds.
pub(crate) struct Rebuilder {
    root: PathBuf,
    builder: Box<dyn SiteBuilder>,
    state: Arc<State>,
    /// Distinguishes this server run in build ids, so tabs reload after a restart.
    epoch: u128,
    builds: u64,
}

impl Rebuilder {
    /// A rebuilder for the site at `root` (canonical).
    pub(crate) fn new(
        root: PathBuf,
        builder: Box<dyn SiteBuilder>,
        state: Arc<State>,
    ) -> Rebuilder {
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Rebuilder {
            root,
            builder,
            state,
            epoch,
            builds: 0,
        }
    }

    /// The first, full build.
    pub(crate) fn initial_build(&mut self) {
        self.rebuild(&[], "initial build");
    }

    /// Rebuilds on every batch of relevant changes until the server stops.
    pub(crate) fn run(mut self, mut watcher: Watcher) {
        let mut background = false;
        while !self.state.is_stopping() {
            let wait = if background {
                BACKGROUND_AFTER
            } else {
                IDLE_POLL
            };
            let batch = match watcher.next_batch(wait) {
                Ok(Some(batch)) => batch,
                Ok(None) => {
                    if background {
                        background = false;
                        self.background();
                    }
                    continue;
                }
                Err(()) => {
                    eprintln!("blomma serve: the file watcher stopped; no more rebuilds");
                    break;
                }
            };
            if self.state.is_stopping() {
                break;
            }
            if batch.rescan {
                self.rebuild(&[], "file events were lost; full rebuild");
                background = true;
                continue;
            }
            let changes = classify(&self.root, &batch.paths);
            if changes.is_empty() {
                continue;
            }
            let what = describe(&changes);
            self.rebuild(&changes, &what);
            background = true;
        }
    }

    /// Runs the builder's deferred work and swaps its files in without reloading the tabs.
    fn background(&mut self) {
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.builder.background()));
        match outcome {
            Ok(None) => {}
            Ok(Some(Ok(BuildResult::Patch { put, removed }))) => {
                let (site, changed) = self.state.site().patched(put, &removed);
                let build = self.state.build_id();
                self.state.set_site(site, build);
                eprintln!(
                    "search index updated in {} ms ({} file{} changed)",
                    started.elapsed().as_millis(),
                    changed.len(),
                    if changed.len() == 1 { "" } else { "s" }
                );
            }
            Ok(Some(Ok(BuildResult::Ok { files, .. }))) => {
                let build = self.state.build_id();
                self.state.set_site(Site::from_files(files), build);
            }
            Ok(Some(Ok(BuildResult::ContentErrors(_)))) => {}
            Ok(Some(Err(e))) => eprintln!("error: search index: {e:#}"),
            Err(_) => eprintln!("error: the search index builder panicked"),
        }
    }

    fn rebuild(&mut self, changes: &[ChangeKind], what: &str) {
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.builder.build(changes)));
        let elapsed = started.elapsed();
        match outcome {
            Ok(Ok(BuildResult::Ok { files, changed })) => {
                let new_site = Site::from_files(files);
                let changed = if changed.is_empty() {
                    self.state.site().diff(&new_site)
                } else {
                    changed
                };
                self.succeeded(new_site, changed, what, elapsed)
            }
            Ok(Ok(BuildResult::Patch { put, removed })) => {
                let (new_site, changed) = self.state.site().patched(put, &removed);
                self.succeeded(new_site, changed, what, elapsed)
            }
            Ok(Ok(BuildResult::ContentErrors(errors))) => {
                let count = errors.len();
                eprint!("{}", format_terminal(&errors));
                eprintln!(
                    "{what}: {count} content error{} (still serving the last good build)",
                    if count == 1 { "" } else { "s" }
                );
                self.failed(errors);
            }
            Ok(Err(e)) => {
                let text = format!("{e:#}");
                eprintln!("error: {}", crate::diagnostics::escape_controls(&text));
                eprintln!("{what}: build failed (still serving the last good build)");
                self.failed(vec![tool_error_view(format!("{e:#}"))]);
            }
            Err(_) => {
                eprintln!("{what}: the builder panicked (still serving the last good build)");
                self.failed(vec![tool_error_view(
                    "the site builder panicked".to_string(),
                )]);
            }
        }
    }

    fn succeeded(&mut self, new_site: Site, changed: Vec<String>, what: &str, elapsed: Duration) {
        let had_errors = !self.state.errors().is_empty();
        let first = self.builds == 0;
        let pages = new_site.len();
        self.builds += 1;
        let build = format!("{:x}-{}", self.epoch, self.builds);
        self.state.set_site(new_site, build.clone());
        self.state.set_errors(Vec::new());

        let ms = elapsed.as_millis();
        if first {
            eprintln!("Built {pages} files in {ms} ms.");
        } else if changed.is_empty() && !had_errors {
            eprintln!("{what}: rebuilt in {ms} ms, no output changed.");
            return;
        } else {
            eprintln!(
                "{what}: rebuilt in {ms} ms, {} file{} changed.",
                changed.len(),
                if changed.len() == 1 { "" } else { "s" }
            );
        }
        let css_only = !had_errors
            && !changed.is_empty()
            && changed
                .iter()
                .all(|p| p.to_ascii_lowercase().ends_with(".css"));
        let event = if css_only {
            LiveEvent::Css {
                build: &build,
                changed: &changed,
            }
        } else {
            LiveEvent::Reload {
                build: &build,
                changed: &changed,
            }
        };
        self.state.hub.broadcast(&event);
    }

    fn failed(&mut self, errors: Vec<ErrorView>) {
        let errors_json = errors_json_array(&errors);
        self.state.set_errors(errors);
        self.state.hub.broadcast(&LiveEvent::Errors {
            build: &self.state.build_id(),
            errors_json: &errors_json,
        });
    }
}

/// A short description of a batch for the terminal, e.g. "content/a.md changed".
fn describe(changes: &[ChangeKind]) -> String {
    let mut names: Vec<String> = Vec::new();
    for change in changes {
        match change {
            ChangeKind::Content(paths) | ChangeKind::Static(paths) => {
                names.extend(paths.iter().map(|p| p.display().to_string()));
            }
            ChangeKind::Template => names.push("templates".into()),
            ChangeKind::Theme => names.push("themes".into()),
            ChangeKind::Data => names.push("data".into()),
            ChangeKind::Config => names.push("site.toml".into()),
        }
    }
    match names.len() {
        0 => "change".to_string(),
        1..=3 => format!("{} changed", names.join(", ")),
        n => format!("{}, … ({n} paths) changed", names[..2].join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_batches() {
        assert_eq!(
            describe(&[ChangeKind::Content(vec![PathBuf::from("content/a.md")])]),
            "content/a.md changed"
        );
        assert_eq!(
            describe(&[ChangeKind::Config, ChangeKind::Template]),
            "site.toml, templates changed"
        );
        let many: Vec<PathBuf> = (0..5)
            .map(|i| PathBuf::from(format!("content/{i}.md")))
            .collect();
        assert_eq!(
            describe(&[ChangeKind::Content(many)]),
            "content/0.md, content/1.md, … (5 paths) changed"
        );
    }
}

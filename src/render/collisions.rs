//! One output path, one file: every file a build writes passes through [`Claims`], which
//! refuses a second file at a path already written (a content file or a static file over a
//! generated file or another page, two content files with one URL) with an error naming
//! both. The list is what the build actually writes, so a new generated file is covered
//! without a list kept by hand.

use super::pages::{self, Job};
use crate::diagnostics::Diagnostic;
use crate::kinds::Site;
use crate::output::{Content, OutputFile, Sink};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where a file of the output comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// A file of the site copied as it is (path relative to the root).
    Author(String),
    /// A page rendered from a content file (path relative to the root).
    Page(String),
    /// A page or file blomma makes itself (lists, feeds, the search index, the theme).
    Generated,
}

impl Origin {
    /// The file to blame for a collision, if an author wrote it.
    fn source(&self) -> Option<&str> {
        match self {
            Origin::Author(s) | Origin::Page(s) => Some(s),
            Origin::Generated => None,
        }
    }

    fn describe(&self, path: &str) -> String {
        match self {
            Origin::Author(s) => format!("`{s}`"),
            Origin::Page(s) => format!("the page of `{s}`"),
            Origin::Generated if path.ends_with(".html") => {
                format!("the page `{path}` that blomma generates")
            }
            Origin::Generated => format!("the file `{path}` that blomma generates"),
        }
    }

    /// Author files first, then pages, then generated files: the order of blame.
    fn rank(&self) -> u8 {
        match self {
            Origin::Author(_) => 0,
            Origin::Page(_) => 1,
            Origin::Generated => 2,
        }
    }
}

/// A [`Sink`] in front of another that lets one file through per output path and records
/// every other file for that path as a collision.
pub(crate) struct Claims<'a> {
    inner: &'a dyn Sink,
    root: PathBuf,
    pages: HashMap<String, String>,
    seen: Mutex<HashMap<String, Origin>>,
    errors: Mutex<Vec<Diagnostic>>,
}

impl<'a> Claims<'a> {
    /// Guards `inner` for a build of `site` whose root is `root`.
    pub(crate) fn new(inner: &'a dyn Sink, root: &Path, site: &Site) -> Self {
        Claims {
            inner,
            root: root.to_path_buf(),
            pages: page_sources(site),
            seen: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// True when a file was written at `path` (relative to the output folder).
    pub(crate) fn has(&self, path: &str) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains_key(path)
    }

    /// The collisions found, one diagnostic each, located at the author's file.
    pub(crate) fn into_errors(self) -> Vec<Diagnostic> {
        self.errors
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn origin(&self, f: &OutputFile) -> Origin {
        match &f.content {
            Content::Copy(p) => {
                let rel = p.strip_prefix(&self.root).unwrap_or(p);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                Origin::Author(rel)
            }
            Content::Bytes(_) => match self.pages.get(&f.path) {
                Some(s) => Origin::Page(s.clone()),
                None => Origin::Generated,
            },
        }
    }
}

impl Sink for Claims<'_> {
    fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        let origin = self.origin(&file);
        let first = {
            let mut seen = self
                .seen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match seen.get(&file.path) {
                Some(first) => Some(first.clone()),
                None => {
                    seen.insert(file.path.clone(), origin.clone());
                    None
                }
            }
        };
        match first {
            None => self.inner.put(file),
            Some(first) => {
                let d = collision(&file.path, &first, &origin);
                self.errors
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(d);
                Ok(())
            }
        }
    }
}

/// The error for two files at one output path, at the file an author can rename (the same
/// whichever of the two was written first).
fn collision(path: &str, a: &Origin, b: &Origin) -> Diagnostic {
    let (keep, blame) = if (b.rank(), b.source()) < (a.rank(), a.source()) {
        (a, b)
    } else {
        (b, a)
    };
    let (keep, blame) = match blame.source() {
        Some(_) => (keep, blame),
        None => (blame, keep),
    };
    let file = blame.source().unwrap_or(path);
    Diagnostic::whole_file(
        file,
        format!(
            "{} and {} would both be written to `{path}`",
            blame.describe(path),
            keep.describe(path)
        ),
    )
    .with_help(format!(
        "rename or move `{file}`: one output path holds one file, and a site's own file never replaces a page or a file that blomma generates"
    ))
}

/// The output path of every page rendered from a content file → that file.
fn page_sources(site: &Site) -> HashMap<String, String> {
    pages::jobs(site)
        .into_iter()
        .filter_map(|job| {
            let source = job_source(site, job)?;
            (!source.is_empty()).then(|| {
                let out = pages::out_path(site, &pages::job_url(site, job));
                (out, source.to_string())
            })
        })
        .collect()
}

fn job_source(site: &Site, job: Job) -> Option<&str> {
    Some(job.source_meta(site)?.source.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_author_file_is_blamed_whichever_came_first() {
        let author = Origin::Author("static/sitemap.xml".into());
        let generated = Origin::Generated;
        for (a, b) in [(&author, &generated), (&generated, &author)] {
            let d = collision("sitemap.xml", a, b);
            assert_eq!(d.file, "static/sitemap.xml");
            assert_eq!(
                d.message,
                "`static/sitemap.xml` and the file `sitemap.xml` that blomma generates would both be written to `sitemap.xml`"
            );
        }
        let page = Origin::Page("content/om.md".into());
        let asset = Origin::Author("static/om/index.html".into());
        for (a, b) in [(&page, &asset), (&asset, &page)] {
            let d = collision("om/index.html", a, b);
            assert_eq!(d.file, "static/om/index.html");
            assert!(d.message.contains("the page of `content/om.md`"), "{d}");
        }
    }
}

//! `@/` links in Markdown bodies: every target file and `#fragment` is checked against
//! the pages the build will write, and each link gets its final URL (the body's slots are
//! filled with them when the page is rendered, `PageMeta::html`).

use crate::config::Config;
use crate::data::Tables;
use crate::diagnostics::Diagnostic;
use crate::load::Loaded;
use crate::markdown::Body;
use crate::source::SourceFile;
use crate::suggest::nearest;
use std::collections::HashMap;

struct Target<'a> {
    url: String,
    anchors: Option<&'a Body>,
}

/// Every content path a link may name, with its URL and headings.
pub(super) struct Targets<'a> {
    by_path: HashMap<String, Target<'a>>,
    drafts: &'a std::collections::HashSet<String>,
    /// The path of `base_url`, put in front of links from the site's root.
    base: String,
    broken: &'a std::collections::HashSet<String>,
}

impl crate::kinds::refs::LinkUrls for Targets<'_> {
    fn urls(&self, source: &SourceFile, body: &Body, diags: &mut Vec<Diagnostic>) -> Vec<String> {
        self.urls_of(source, body, diags)
    }
}

impl<'a> Targets<'a> {
    /// Collects the targets of a loaded site.
    pub(super) fn new(config: &Config, tables: &Tables, loaded: &'a Loaded) -> Self {
        let base = &config.base_path;
        let c = &config.collections;
        let mut by_path = HashMap::new();
        let mut add = |path: String, url: String, body: Option<&'a Body>| {
            by_path.insert(path, Target { url, anchors: body });
        };
        add(
            "_index.md".into(),
            base.clone(),
            loaded.home.as_ref().map(|f| &*f.body),
        );
        for folder in crate::kinds::Collection::ALL.map(|k| k.folder(c)) {
            add(
                format!("{folder}/_index.md"),
                format!("{base}{folder}/"),
                None,
            );
        }
        for (k, f) in &loaded.collection_index {
            let folder = k.folder(c);
            add(
                format!("{folder}/_index.md"),
                format!("{base}{folder}/"),
                Some(&*f.body),
            );
        }
        // An official target area that the site renamed (a file with its number under
        // another name) has no page under its official slug.
        let numbered: std::collections::HashSet<u32> = loaded
            .kinds
            .target_areas
            .iter()
            .map(|(_, f)| f.fm.number)
            .collect();
        for t in tables
            .target_areas
            .iter()
            .filter(|t| !numbered.contains(&t.number))
        {
            add(
                format!("{}/{}.md", c.target_areas(), t.slug),
                format!("{base}{}/{}/", c.target_areas(), t.slug),
                None,
            );
        }
        for t in &tables.counties {
            add(
                format!("{}/{}/_index.md", c.counties(), t.slug),
                format!("{base}{}/{}/", c.counties(), t.slug),
                None,
            );
        }
        // Every content file of every kind, at the place its kind declares.
        for (file, url, body) in loaded.kinds.targets(c) {
            add(file, format!("{base}{url}"), Some(body));
        }
        Targets {
            by_path,
            drafts: &loaded.drafts,
            base: base.clone(),
            broken: &loaded.broken,
        }
    }

    fn urls_of(
        &self,
        source: &SourceFile,
        body: &Body,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<String> {
        for e in &body.id_errors {
            diags.push(
                Diagnostic::at(source, e.offset, e.len, e.message.clone())
                    .with_help(e.help.clone()),
            );
        }
        if body.links.is_empty() {
            return Vec::new();
        }
        let mut urls = Vec::with_capacity(body.links.len());
        for link in &body.links {
            if link.site_root {
                urls.push(format!("{}{}", self.base, &link.target[1..]));
                continue;
            }
            match self.resolve(link, source) {
                Ok(url) => urls.push(url),
                Err(d) => {
                    diags.push(d);
                    urls.push("#".into());
                }
            }
        }
        urls
    }

    fn resolve(
        &self,
        link: &crate::markdown::BodyLink,
        file: &SourceFile,
    ) -> Result<String, Diagnostic> {
        let path = link.target.trim_start_matches('/');
        let Some(t) = self.by_path.get(path) else {
            // The file is there but has errors of its own, already reported.
            if self.broken.contains(path) {
                return Ok("#".into());
            }
            let msg = if self.drafts.contains(path) {
                format!("link to `@/{path}`, which is a draft left out of this build")
            } else {
                format!("broken link: no content file `{path}`")
            };
            let near = nearest(path, self.by_path.keys().map(String::as_str));
            let d = Diagnostic::at(file, link.offset, 2 + link.target.len(), msg);
            return Err(
                d.with_suggestions(&near.iter().map(|n| format!("@/{n}")).collect::<Vec<_>>())
            );
        };
        let Some(frag) = &link.fragment else {
            return Ok(t.url.clone());
        };
        let ok = t.anchors.is_some_and(|b| b.has_anchor(frag));
        if ok {
            return Ok(format!("{}#{frag}", t.url));
        }
        let frag_offset = link.offset + 3 + link.target.len();
        let mut d = Diagnostic::at(
            file,
            frag_offset,
            frag.len().max(1),
            format!("broken link: `{path}` has no heading with id `{frag}`"),
        );
        let ids: Vec<&str> = t
            .anchors
            .map(|b| b.toc.iter().map(|h| h.id.as_str()).collect())
            .unwrap_or_default();
        let near = nearest(frag, ids.iter().copied());
        d = match crate::diagnostics::did_you_mean(
            &near.iter().map(|n| format!("#{n}")).collect::<Vec<_>>(),
        ) {
            Some(h) => d.with_help(h),
            None if ids.is_empty() => d.with_help("that page has no headings"),
            None => d.with_help(format!(
                "its headings: {}",
                ids.iter()
                    .map(|i| format!("#{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        Err(d)
    }
}

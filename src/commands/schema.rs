//! `blomma schema [--out DIR]`: writes the JSON Schemas of the front matter (see
//! [`crate::schema`]) for editors, one file per kind.

use super::Outcome;
use crate::cli::SchemaArgs;
use crate::config::BuildOptions;
use crate::schema::{schemas, Slugs};
use anyhow::Context;
use std::path::Path;

/// Runs `schema`.
pub fn run(a: &SchemaArgs) -> Outcome {
    let root = super::site_root(a.root.as_deref());
    let out = a.out.clone().unwrap_or_else(|| root.join("schemas"));
    let slugs = site_slugs(&root);
    if !slugs.from_site {
        eprintln!(
            "warning: the site's content could not be read (run `blomma check`), so the \
             schemas suggest the official target-area slugs instead of the site's own"
        );
    }
    match write(&out, &slugs) {
        Ok(n) => {
            eprintln!("wrote {n} JSON Schemas to {}", out.display());
            Outcome::Success
        }
        Err(e) => {
            let text = format!("{e:#}");
            eprintln!("error: {}", crate::diagnostics::escape_controls(&text));
            Outcome::UsageError
        }
    }
}

/// The slugs of the site at `root`: its own when its content loads, else those of the
/// tables (the site's `data/` files or the built-in ones), else none.
pub fn site_slugs(root: &Path) -> Slugs {
    let opts = BuildOptions {
        output: root.join("public"),
        root: root.to_path_buf(),
        base_url: None,
        drafts: true,
        search_index: false,
    };
    let mut timings = crate::build::Timings::default();
    if let Ok(site) = crate::build::resolve_site(&opts, &mut timings) {
        return Slugs {
            counties: site.counties.iter().map(|c| c.row.slug.clone()).collect(),
            target_areas: site.target_areas.iter().map(|t| t.slug.clone()).collect(),
            actors: site.actors.iter().map(|a| a.slug.clone()).collect(),
            from_site: true,
        };
    }
    match crate::data::load(root) {
        Ok(t) => Slugs {
            counties: t.counties.into_iter().map(|c| c.slug).collect(),
            target_areas: t.target_areas.into_iter().map(|t| t.slug).collect(),
            actors: Vec::new(),
            from_site: false,
        },
        Err(_) => Slugs::default(),
    }
}

/// Writes every schema into `out` (created if missing); returns how many. Each file is
/// written whole to a temporary name and renamed, so an editor never reads half a schema.
pub fn write(out: &Path, slugs: &Slugs) -> anyhow::Result<usize> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let all = schemas(slugs);
    for k in &all {
        let path = out.join(k.file);
        let tmp = out.join(format!(".{}.tmp", k.file));
        let mut text = serde_json::to_string_pretty(&k.schema)
            .with_context(|| format!("cannot serialise the schema {}", k.file))?;
        text.push('\n');
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(all.len())
}

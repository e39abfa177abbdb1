//! `blomma schema [--out DIR]`: writes the JSON Schemas of the front matter (see
//! [`crate::schema`]) for editors, one file per kind.

use super::Outcome;
use crate::cli::SchemaArgs;
use crate::config::BuildOptions;
use crate::schema::{schemas, Slugs};
use anyhow::Context;
use std::path::Path;

/// Runs `schema`.
pub(crate) fn run(a: &SchemaArgs) -> Outcome {
    let root = super::site_root(a.root.as_deref());
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| root.join(super::init::SCHEMA_DIR));
    let slugs = site_slugs(&root);
    if !slugs.from_site {
        eprintln!(
            "warning: the site's content could not be read (run `blomma check`), so the \
             schemas suggest the official target-area slugs instead of the site's own"
        );
    }
    let written = write(&out, &slugs).and_then(|n| {
        write_front_matter_cms(&root, &slugs, true)?;
        Ok(n)
    });
    match written {
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
pub(crate) fn site_slugs(root: &Path) -> Slugs {
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
pub(crate) fn write(out: &Path, slugs: &Slugs) -> anyhow::Result<usize> {
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

/// Writes `frontmatter.json` (Front Matter CMS content types, see
/// [`crate::frontmatter_cms`]) at the site's `root`. With `refresh`, only a file that is
/// already there is brought up to date: blomma's own content types, field groups and page
/// folders are replaced, everything else in it is kept.
pub(crate) fn write_front_matter_cms(
    root: &Path,
    slugs: &Slugs,
    refresh: bool,
) -> anyhow::Result<()> {
    use crate::frontmatter_cms::{config, merge, FILE};
    let path = root.join(FILE);
    let collections = crate::config::load(root, None)
        .map(|c| c.collections)
        .unwrap_or_default();
    let generated = config(&schemas(slugs), &collections, &root.join("content"));
    let value = match std::fs::read_to_string(&path) {
        Ok(text) => {
            let old: serde_json::Value = serde_json::from_str(&text).with_context(|| {
                format!("{} is not valid JSON; it was left as it is", path.display())
            })?;
            merge(old, &generated)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !refresh => generated,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let mut text =
        serde_json::to_string_pretty(&value).with_context(|| format!("cannot serialise {FILE}"))?;
    text.push('\n');
    let tmp = root.join(format!(".{FILE}.tmp"));
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
}

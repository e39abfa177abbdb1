//! Finding the templates, static files and interface strings of a build: the built-in
//! default theme (embedded in the binary), overridden file by file by the site's
//! `themes/<name>/` and then by its `templates/` and `static/`.

use crate::diagnostics::{Diagnostic, DiagnosticsError};
use anyhow::Context as _;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The built-in default theme.
pub(crate) static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub(crate) enum StaticSource {
    /// Embedded in the binary.
    Embedded(&'static [u8]),
    /// A file of the site.
    Disk(PathBuf),
}

/// The theme layers of one build.
#[derive(Debug, Default)]
pub(crate) struct ThemeFiles {
    /// Template name → source text.
    pub templates: BTreeMap<String, String>,
    /// Output path → source, later layers win.
    pub statics: BTreeMap<String, StaticSource>,
    /// Interface strings.
    pub strings: BTreeMap<String, String>,
    /// Paths (relative to `static/`) of the site's static files that replace a theme's
    /// file of the same name: allowed, and announced by the build.
    pub overridden: Vec<String>,
}

/// Collects the layers for a site root. Files that cannot be used (unreadable, not UTF-8
/// templates, links out of the site) fail with a [`DiagnosticsError`] naming each.
pub(crate) fn collect(
    root: &Path,
    theme: Option<&str>,
    language: &str,
) -> anyhow::Result<ThemeFiles> {
    let mut out = ThemeFiles::default();
    embedded(&THEME, "templates", &mut |rel, bytes| {
        out.templates
            .insert(rel.to_string(), String::from_utf8_lossy(bytes).into_owned());
    });
    embedded(&THEME, "static", &mut |rel, bytes| {
        out.statics
            .insert(rel.to_string(), StaticSource::Embedded(bytes));
    });
    let strings_path = format!("strings/{language}.toml");
    if let Some(f) = THEME.get_file(&strings_path) {
        merge_strings(
            &mut out.strings,
            f.contents_utf8().unwrap_or(""),
            "(built-in theme)",
        )?;
    }
    let mut layers: Vec<PathBuf> = Vec::new();
    if let Some(name) = theme {
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            layers.push(dir);
        } else if name != "default" {
            anyhow::bail!("theme `{name}` not found: expected a folder themes/{name}/");
        }
    }
    let mut errors = Vec::new();
    for layer in &layers {
        disk_layer(root, &layer.join("templates"), &mut out, true, &mut errors)?;
        disk_layer(root, &layer.join("static"), &mut out, false, &mut errors)?;
        let s = layer.join(&strings_path);
        if std::fs::symlink_metadata(&s).is_ok() {
            let rel = relative(root, &s);
            match crate::read::read_text(&rel, &s, crate::read::NO_LIMIT) {
                Ok(text) => merge_strings(&mut out.strings, &text, &rel)?,
                Err(d) => errors.push(d),
            }
        }
    }
    disk_layer(root, &root.join("templates"), &mut out, true, &mut errors)?;
    disk_layer(root, &root.join("static"), &mut out, false, &mut errors)?;
    if !errors.is_empty() {
        return Err(DiagnosticsError(errors).into());
    }
    Ok(out)
}

fn merge_strings(
    into: &mut BTreeMap<String, String>,
    text: &str,
    origin: &str,
) -> anyhow::Result<()> {
    let table: BTreeMap<String, String> =
        toml::from_str(text).with_context(|| format!("cannot read interface strings {origin}"))?;
    into.extend(table);
    Ok(())
}

fn embedded(dir: &'static Dir<'static>, sub: &str, f: &mut dyn FnMut(&str, &'static [u8])) {
    let Some(d) = dir.get_dir(sub) else { return };
    let mut stack = vec![d];
    while let Some(d) = stack.pop() {
        for file in d.files() {
            let p = file.path().to_string_lossy().replace('\\', "/");
            let rel = p.strip_prefix(&format!("{sub}/")).unwrap_or(&p);
            f(rel, file.contents());
        }
        stack.extend(d.dirs());
    }
}

fn disk_layer(
    root: &Path,
    dir: &Path,
    out: &mut ThemeFiles,
    templates: bool,
    errors: &mut Vec<Diagnostic>,
) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let site_static = !templates && dir == root.join("static");
    for e in crate::folder::files(dir, root)? {
        let rel_root = relative(root, &e.abs);
        if let Some(problem) = &e.problem {
            errors.push(Diagnostic::whole_file(
                &rel_root,
                format!("cannot use `{rel_root}`: {problem}"),
            ));
            continue;
        }
        if templates {
            match crate::read::read_text(&rel_root, &e.abs, crate::read::NO_LIMIT) {
                Ok(text) => {
                    out.templates.insert(e.rel, text);
                }
                Err(d) => errors.push(d),
            }
            continue;
        }
        if let Err(d) = crate::read::check_readable(&rel_root, &e.abs) {
            errors.push(d);
            continue;
        }
        let previous = out
            .statics
            .insert(e.rel.clone(), StaticSource::Disk(e.abs.clone()));
        if site_static && previous.is_some() {
            out.overridden.push(e.rel);
        }
    }
    Ok(())
}

/// `abs` relative to the site root, `/`-separated, for messages.
fn relative(root: &Path, abs: &Path) -> String {
    abs.strip_prefix(root)
        .unwrap_or(abs)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

//! Finding the templates, static files and interface strings of a build: the built-in
//! default theme (embedded in the binary), overridden file by file by the site's
//! `themes/<name>/` and then by its `templates/` and `static/`.

use anyhow::Context as _;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The built-in default theme.
pub static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// Embedded in the binary.
    Embedded(&'static [u8]),
    /// A file of the site.
    Disk(PathBuf),
}

/// The theme layers of one build.
#[derive(Debug, Default)]
pub struct ThemeFiles {
    /// Template name → source text.
    pub templates: BTreeMap<String, String>,
    /// Output path → source, later layers win.
    pub statics: BTreeMap<String, StaticSource>,
    /// Interface strings.
    pub strings: BTreeMap<String, String>,
}

/// Collects the layers for a site root.
pub fn collect(root: &Path, theme: Option<&str>, language: &str) -> anyhow::Result<ThemeFiles> {
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
    for layer in &layers {
        disk_layer(&layer.join("templates"), &mut out, true)?;
        disk_layer(&layer.join("static"), &mut out, false)?;
        let s = layer.join(&strings_path);
        if let Ok(text) = std::fs::read_to_string(&s) {
            merge_strings(&mut out.strings, &text, &s.display().to_string())?;
        }
    }
    disk_layer(&root.join("templates"), &mut out, true)?;
    disk_layer(&root.join("static"), &mut out, false)?;
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

fn disk_layer(dir: &Path, out: &mut ThemeFiles, templates: bool) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.with_context(|| format!("cannot read {}", dir.display()))?;
        if !e.file_type().is_file()
            || crate::load::walk::is_ignored(&e.file_name().to_string_lossy())
        {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap_or(e.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if templates {
            let text = std::fs::read_to_string(e.path())
                .with_context(|| format!("cannot read template {}", e.path().display()))?;
            out.templates.insert(rel, text);
        } else {
            out.statics
                .insert(rel, StaticSource::Disk(e.path().to_path_buf()));
        }
    }
    Ok(())
}

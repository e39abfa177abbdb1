//! `blomma init DIR`: a new site with a little example content that builds as it is.

use super::Outcome;
use crate::cli::InitArgs;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    ("site.toml", "title = \"Folkhälsoarbetet i länet\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\ntheme = \"default\"\n\n[collections]\ntarget_areas = \"malomraden\"\nactors = \"aktorer\"\ncounties = \"lan\"\nforums = \"forum\"\n\n[accessibility]\npublisher = \"Exempelorganisationen\"\ncontact = \"webb@example.org\"\nshortcomings = []\nreviewed = \"2026-01-01\"\n"),
    ("content/_index.md", "---\ntitle: Folkhälsoarbetet i länet\nsummary: Samordning för en god och jämlik hälsa.\n---\n\nVälkommen! Läs om [levnadsvanor](@/malomraden/levnadsvanor.md) eller om [länet](@/lan/vasterbotten/_index.md). [Om webbplatsen](/om/) berättar vem som står bakom sidorna.\n"),
    ("content/malomraden/levnadsvanor.md", "---\nnumber: 6\ntitle: Levnadsvanor\nsummary: Alkohol, tobak, spel, matvanor och fysisk aktivitet.\n---\n\n## Varför levnadsvanor\n\nLevnadsvanor påverkar hälsan genom hela livet.\n"),
    ("content/aktorer/lansstyrelsen.md", "---\ntitle: Länsstyrelsen\nlevel: regional\nsummary: Statens företrädare i länet.\nresponsibilities:\n  - Samordna det regionala folkhälsoarbetet\ntarget_areas: [levnadsvanor]\n---\n\nLänsstyrelsen är statens företrädare i länet.\n"),
    ("content/lan/vasterbotten/_index.md", "---\ncode: \"24\"\norganisations:\n  - name: Länsstyrelsen Västerbotten\n    role: lansstyrelsen\n---\n\n## Samverkan i länet\n\nHär beskriver ni hur länet samordnar folkhälsoarbetet.\n"),
    ("content/om.md", "---\ntitle: Om webbplatsen\n---\n\nDen här webbplatsen byggs med blomma. Skriv Markdown under `content/` och kör `blomma build`.\n"),
];

/// Where `blomma` is installed from by the publishing recipes (`cargo install --locked
/// --git`). Written into each recipe as a variable that a site can change.
pub(crate) const BLOMMA_GIT_URL: &str = "https://github.com/blomma-ssg/blomma.git";

/// Lines `init` adds to a site's `.gitignore`.
const GITIGNORE: &str = include_str!("recipes/gitignore");

/// VS Code settings: the YAML extension, and the JSON Schemas of the front matter in
/// `schemas/` (which `blomma schema` writes); `@SCHEMAS@` stands for the kinds' files.
const VSCODE_SETTINGS: &str = include_str!("recipes/vscode-settings.json");

/// The VS Code settings, with each kind's schema file mapped to the files of the kind
/// under the default folders (the ordinary pages last: theirs is the widest pattern).
fn vscode_settings() -> String {
    use crate::kinds::{KindTag, Place};
    let mut kinds = KindTag::ALL.to_vec();
    kinds.sort_by_key(|k| k.place() == Place::Pages);
    let lines: Vec<String> = kinds
        .iter()
        .map(|k| {
            let folder = k.place().collection().map_or("", |c| c.default_folder());
            let files = match k.place() {
                Place::File(_) => format!("\"content/{folder}/[!_]*.md\""),
                Place::Folder(_) => format!("\"content/{folder}/*/_index.md\""),
                Place::InFolder(_) => format!("\"content/{folder}/*/[!_]*.md\""),
                Place::Pages => "[\"content/*.md\", \"content/*/_index.md\"]".to_string(),
            };
            format!("\"./{SCHEMA_DIR}/{}\": {files}", k.schema_file())
        })
        .collect();
    VSCODE_SETTINGS.replace("@SCHEMAS@", &lines.join(",\n    "))
}

/// The folder of the JSON Schemas that the VS Code settings point to, under the site's
/// root; git-tracked, so that a colleague's clone has them too.
pub(crate) const SCHEMA_DIR: &str = "schemas";

/// What `init` writes besides the example site.
#[derive(Debug, Clone, Copy)]
struct Extras {
    /// The publishing recipes.
    ci: bool,
    /// The editor set-up: VS Code settings, JSON Schemas, Front Matter CMS content types.
    editor: bool,
}

/// The publishing recipes, written unless `--no-ci`: GitHub Pages and GitLab Pages.
const RECIPES: &[(&str, &str)] = &[
    (
        ".github/workflows/pages.yml",
        include_str!("recipes/github-pages.yml"),
    ),
    (".gitlab-ci.yml", include_str!("recipes/gitlab-ci.yml")),
];

/// Runs `init`.
pub(crate) fn run(a: &InitArgs) -> Outcome {
    let extras = Extras {
        ci: !a.no_ci,
        editor: !a.no_editor,
    };
    match init(&a.dir, extras) {
        Ok(()) => {
            eprintln!(
                "created a new site in {}; build it with `blomma build --root {}`",
                a.dir.display(),
                a.dir.display()
            );
            Outcome::Success
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            Outcome::UsageError
        }
    }
}

/// True for what a freshly created repository may already hold: `.git`, a README, a
/// licence and a `.gitignore` (any extension: `README.md`, `LICENSE.txt`).
fn may_be_there(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(&*name, ".git" | ".gitignore")
        || matches!(stem.as_str(), "README" | "LICENCE" | "LICENSE")
}

/// What of `dir` stops `init`: anything besides what [`may_be_there`] allows.
fn other_entries(dir: &Path) -> anyhow::Result<Vec<String>> {
    use anyhow::Context;
    let mut others = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let name = entry
            .with_context(|| format!("cannot read {}", dir.display()))?
            .file_name();
        if !may_be_there(&name) {
            others.push(name.to_string_lossy().into_owned());
        }
    }
    others.sort();
    Ok(others)
}

fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Adds the lines of [`GITIGNORE`] that an existing `.gitignore` lacks, at its end; writes
/// the file when there is none.
fn extend_gitignore(path: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    let old = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return write_new(path, GITIGNORE),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let have: std::collections::HashSet<&str> = old.lines().map(str::trim).collect();
    let missing: Vec<&str> = GITIGNORE
        .lines()
        .filter(|l| l.starts_with('#') || !have.contains(l.trim()))
        .collect();
    if missing.iter().all(|l| l.starts_with('#')) {
        return Ok(());
    }
    let mut text = old;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    for l in missing {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Writes the editor set-up into the new site at `dir`: the VS Code settings, the JSON
/// Schemas they point to (with the site's own slugs) and `frontmatter.json`.
fn write_editor_files(dir: &Path) -> anyhow::Result<()> {
    write_new(&dir.join(".vscode/settings.json"), &vscode_settings())?;
    let slugs = super::schema::site_slugs(dir);
    super::schema::write(&dir.join(SCHEMA_DIR), &slugs)?;
    super::schema::write_front_matter_cms(dir, &slugs, false)
}

fn init(dir: &Path, extras: Extras) -> anyhow::Result<()> {
    if dir.exists() {
        let others = other_entries(dir)?;
        if !others.is_empty() {
            anyhow::bail!(
                "{} is not empty (it holds {}); blomma init writes only into a missing or empty folder, \
                 or a new clone (.git, README, LICENSE, .gitignore), and never overwrites files",
                dir.display(),
                others.join(", ")
            );
        }
    }
    for (rel, text) in FILES {
        write_new(&dir.join(rel), text)?;
    }
    if extras.editor {
        write_editor_files(dir)?;
    }
    if extras.ci {
        for (rel, text) in RECIPES {
            write_new(
                &dir.join(rel),
                &text.replace("@BLOMMA_GIT@", BLOMMA_GIT_URL),
            )?;
        }
    }
    extend_gitignore(&dir.join(".gitignore"))
}

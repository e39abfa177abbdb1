//! `blomma init DIR`: a new site with a little example content that builds as it is.

use super::Outcome;
use crate::cli::InitArgs;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    ("site.toml", "title = \"Folkhälsoarbetet i länet\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\ntheme = \"default\"\n\n[collections]\ntarget_areas = \"malomraden\"\nactors = \"aktorer\"\ncounties = \"lan\"\nforums = \"forum\"\n\n[accessibility]\npublisher = \"Exempelorganisationen\"\ncontact = \"webb@example.org\"\nshortcomings = []\nreviewed = \"2026-01-01\"\n"),
    ("content/_index.md", "---\ntitle: Folkhälsoarbetet i länet\nsummary: Samordning för en god och jämlik hälsa.\n---\n\nVälkommen! Läs om [levnadsvanor](@/malomraden/levnadsvanor.md) eller om [länet](@/lan/vasterbotten/_index.md).\n"),
    ("content/malomraden/levnadsvanor.md", "---\nnumber: 6\ntitle: Levnadsvanor\nsummary: Alkohol, tobak, spel, matvanor och fysisk aktivitet.\n---\n\n## Varför levnadsvanor\n\nLevnadsvanor påverkar hälsan genom hela livet.\n"),
    ("content/aktorer/lansstyrelsen.md", "---\ntitle: Länsstyrelsen\nlevel: regional\nsummary: Statens företrädare i länet.\nresponsibilities:\n  - Samordna det regionala folkhälsoarbetet\ntarget_areas: [levnadsvanor]\n---\n\nLänsstyrelsen är statens företrädare i länet.\n"),
    ("content/lan/vasterbotten/_index.md", "---\ncode: \"24\"\norganisations:\n  - name: Länsstyrelsen Västerbotten\n    role: lansstyrelsen\n---\n\n## Samverkan i länet\n\nHär beskriver ni hur länet samordnar folkhälsoarbetet.\n"),
    ("content/om.md", "---\ntitle: Om webbplatsen\n---\n\nDen här webbplatsen byggs med blomma. Skriv Markdown under `content/` och kör `blomma build`.\n"),
];

/// Runs `init`.
pub fn run(a: &InitArgs) -> Outcome {
    match init(&a.dir) {
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

fn init(dir: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        anyhow::bail!(
            "{} already exists and is not empty; blomma init never overwrites files",
            dir.display()
        );
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

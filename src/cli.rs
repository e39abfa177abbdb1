//! The command line (clap derive): `build`, `check`, `serve`, `init`, `new`, `schema`,
//! `completions`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// blomma: a static-site generator for Swedish public-health coordination sites.
#[derive(Debug, Parser)]
#[command(name = "blomma", version, about, long_about = None)]
pub struct Cli {
    /// Colour in error messages: auto (when standard error is a terminal and NO_COLOR is
    /// not set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = crate::diagnostics::ColorChoice::Auto)]
    pub color: crate::diagnostics::ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Whether the command is the long-running dev server (`serve`), which rebuilds
    /// again and again, rather than a command that runs once.
    pub fn is_dev_server(&self) -> bool {
        matches!(self.command, Command::Serve(_))
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Validate everything and write nothing.
    Check(CheckArgs),
    /// Build, serve on 127.0.0.1 and rebuild on every change.
    Serve(ServeArgs),
    /// Create a new site with a little example content.
    ///
    /// Also writes a .gitignore, VS Code settings and, unless --no-ci, publishing recipes
    /// for GitHub Pages and GitLab Pages.
    Init(InitArgs),
    /// Write a new content file, e.g. `blomma new declaration lan/dalarna/avsikt-2025`.
    ///
    /// The file has the required fields of its kind and the optional ones as comments.
    /// Kinds: target-area (malomrade), actor (aktor), county (lan), declaration
    /// (avsiktsforklaring), document (dokument, report), forum, forum-part (forumdel), page
    /// (sida). The file comes from the site's archetypes/KIND.md if there is one (Tera
    /// variables: title, date, and by kind number, code, name, short_name, forum), else
    /// from the built-in archetype. An existing file is never overwritten.
    New(NewArgs),
    /// Write JSON Schemas of the front matter of each kind, for editors.
    ///
    /// One file per kind (target-area.json, actor.json, county.json, document.json,
    /// forum.json, forum-part.json, page.json, glossary.json), with descriptions in
    /// Swedish and the slugs of the site's counties, target areas and actor roles, into
    /// schemas/ (where `init` put them). A frontmatter.json (Front Matter CMS) is brought
    /// up to date too, keeping every setting blomma did not write.
    Schema(SchemaArgs),
    /// Print a shell completion script.
    ///
    /// E.g. `blomma completions bash > ~/.local/share/bash-completion/completions/blomma`.
    Completions(CompletionsArgs),
}

/// Flags of `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to write: target-area, actor, county, declaration, document, forum, forum-part
    /// or page (Swedish names work too: malomrade, aktor, lan, avsiktsforklaring, dokument,
    /// forumdel, sida).
    pub kind: String,
    /// The file under content/, without .md; the collection folder may be left out
    /// (`dalarna/avsikt-2025` for a declaration is `lan/dalarna/avsikt-2025`).
    pub path: String,
    /// The site's folder (default: the nearest folder holding site.toml, from the current
    /// folder upward).
    #[arg(long)]
    pub root: Option<PathBuf>,
}

/// Flags of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The site's folder (default: the nearest folder holding site.toml, from the current
    /// folder upward).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Where to write the schemas (default: schemas/ under the root).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Flags of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

/// Flags of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (default: the nearest folder holding site.toml, from the current
    /// folder upward, as git and cargo search).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Where to write the site (default: public/ under the root): a missing or empty
    /// folder, or an earlier output of blomma. A symbolic link is followed to its folder.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Override base_url of site.toml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked draft: true.
    #[arg(long)]
    pub drafts: bool,
    /// Print the time each stage took.
    #[arg(long)]
    pub timings: bool,
    /// Replace a non-empty output folder that blomma did not make, deleting what it holds.
    ///
    /// Without it, a build writes only into a folder that is missing, empty or an earlier
    /// output of blomma (marked with a `.blomma-output` file). Even with it, blomma never
    /// replaces the site, a parent of it, its content/, static/, templates/, themes/, data/
    /// or .git, the home folder, or a file.
    #[arg(long)]
    pub force: bool,
    /// Fail on warnings as on errors (exit status 1, nothing written, the previous output
    /// stays); also `[check] deny_warnings = true` in site.toml.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Leave out the search index (for measuring what it costs; the search page then
    /// finds nothing).
    #[arg(long, hide = true)]
    pub no_search_index: bool,
}

/// Flags of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder (default: the nearest folder holding site.toml, from the current
    /// folder upward, as git and cargo search).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Also request every external link (http, https); exit status 3 when no host could
    /// be reached at all (no network).
    #[arg(long)]
    pub external: bool,
    /// Include pages marked draft: true.
    #[arg(long)]
    pub drafts: bool,
    /// Fail on warnings as on errors (exit status 1); also `[check] deny_warnings = true`
    /// in site.toml.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Flags of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (default: the nearest folder holding site.toml, from the current
    /// folder upward, as git and cargo search).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Address to bind. A non-loopback address (e.g. 0.0.0.0) also answers requests for
    /// any host name, unless --allowed-host is given.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Include pages marked draft: true.
    #[arg(long)]
    pub drafts: bool,
    // The help text shows `[::1]` as written, so it is not an intra-doc link.
    #[allow(rustdoc::broken_intra_doc_links)]
    /// Another host name the site may be opened under (besides localhost, 127.0.0.1, [::1]
    /// and the --bind address); '.lan' allows every name under lan. Repeatable.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
}

/// Flags of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create, or `.`: a missing or empty folder, or a new clone that holds
    /// only .git, a README, a LICENSE and a .gitignore.
    pub dir: PathBuf,
    /// Leave out the publishing recipes (.github/workflows/pages.yml for GitHub Pages,
    /// .gitlab-ci.yml for GitLab Pages).
    #[arg(long)]
    pub no_ci: bool,
    /// Leave out the editor set-up (.vscode/settings.json, the JSON Schemas in schemas/
    /// and frontmatter.json for Front Matter CMS).
    #[arg(long)]
    pub no_editor: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

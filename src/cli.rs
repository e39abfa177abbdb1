//! The command line (clap derive): `build`, `check`, `serve`, `init`.

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
    Init(InitArgs),
}

/// Flags of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
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
    /// Leave out the search index (for measuring what it costs; the search page then
    /// finds nothing).
    #[arg(long, hide = true)]
    pub no_search_index: bool,
}

/// Flags of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Also request every external link (http, https); exit status 3 when no host could
    /// be reached at all (no network).
    #[arg(long)]
    pub external: bool,
    /// Include pages marked draft: true.
    #[arg(long)]
    pub drafts: bool,
}

/// Flags of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
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
    /// Another host name the site may be opened under (besides localhost, 127.0.0.1, [::1]
    /// and the --bind address); '.lan' allows every name under lan. Repeatable.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
}

/// Flags of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create.
    pub dir: PathBuf,
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

//! Glue between the command line and the pipeline: each command calls the stages and
//! reports; `main` turns the [`Outcome`] into the exit status.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod schema;
pub(crate) mod serve;

use crate::build::BuildError;
use crate::cli::{Cli, Command};
use crate::diagnostics::render_all;
use std::path::{Path, PathBuf};

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the content (or a template) has errors.
    ContentErrors,
    /// Exit 2: the command line or the configuration is wrong.
    UsageError,
    /// Exit 3: `check --external` could reach no host, so the links were not checked.
    NoNetwork,
}

impl Outcome {
    /// The process exit status.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::ContentErrors => 1,
            Outcome::UsageError => 2,
            Outcome::NoNetwork => 3,
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Outcome {
    crate::diagnostics::set_color(cli.color);
    match cli.command {
        Command::Build(a) => build::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Init(a) => init::run(&a),
        Command::New(a) => new::run(&a),
        Command::Schema(a) => schema::run(&a),
        Command::Completions(a) => completions(a.shell),
    }
}

/// Writes the completion script of `shell` to standard output.
fn completions(shell: clap_complete::Shell) -> Outcome {
    use clap::CommandFactory;
    clap_complete::generate(shell, &mut Cli::command(), "blomma", &mut std::io::stdout());
    Outcome::Success
}

/// The site's root: `given` (`--root`), else the nearest folder holding `site.toml` from the
/// current folder upward (as `..`, `../..`), else the current folder, whose missing
/// `site.toml` is then reported as usual.
pub(crate) fn site_root(given: Option<&Path>) -> PathBuf {
    if let Some(root) = given {
        return root.to_path_buf();
    }
    let Ok(cwd) = std::env::current_dir() else {
        return PathBuf::from(".");
    };
    for (up, dir) in cwd.ancestors().enumerate() {
        if dir.join("site.toml").is_file() {
            return match up {
                0 => PathBuf::from("."),
                _ => PathBuf::from(vec![".."; up].join("/")),
            };
        }
    }
    PathBuf::from(".")
}

/// Says once, on standard error, that the site is in a shallow git clone, whose few
/// commits make the "senast ändrad" (last changed) dates unreliable.
pub(crate) fn warn_if_shallow_clone(root: &Path) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--is-shallow-repository"])
        .stderr(std::process::Stdio::null())
        .output();
    if out.is_ok_and(|o| o.status.success() && o.stdout.trim_ascii() == b"true") {
        eprintln!(
            "warning: the site is in a shallow git clone, so the \"senast ändrad\" dates \
             (last changed) of pages are unreliable; fetch the whole history with \
             `git fetch --unshallow` (in CI: fetch-depth: 0 on GitHub, GIT_DEPTH: 0 on GitLab)"
        );
    }
}

/// Prints the warnings of a build to standard error (summed up past
/// [`crate::warnings::SHOWN_PER_KIND`] of a kind). With `deny` and at least one warning,
/// also says that they fail the run, and returns false.
pub(crate) fn report_warnings(w: &crate::warnings::Warnings, deny: bool, written: &str) -> bool {
    if w.is_empty() {
        return true;
    }
    eprint!("{}", w.render(crate::diagnostics::color_enabled()));
    if deny {
        eprintln!(
            "error: the site has {}, and --deny-warnings (or `[check] deny_warnings`) makes              them errors; {written}",
            w.count()
        );
        return false;
    }
    true
}

/// Prints a failed build's errors to standard error and picks the outcome.
pub(crate) fn report(e: BuildError) -> Outcome {
    match e {
        BuildError::Config(d) => {
            eprint!(
                "{}",
                render_all(&d).replace("the site has", "site.toml has")
            );
            Outcome::UsageError
        }
        BuildError::Content(d) => {
            let mut d2 = crate::diagnostics::Diagnostics::new();
            d2.extend(d);
            eprint!("{}", render_all(&d2.into_sorted()));
            Outcome::ContentErrors
        }
        BuildError::Tool(e) => {
            let text = format!("{e:#}");
            eprintln!("error: {}", crate::diagnostics::escape_controls(&text));
            Outcome::ContentErrors
        }
    }
}

//! Glue between the command line and the pipeline: each command calls the stages and
//! reports; `main` turns the [`Outcome`] into the exit status.

pub mod build;
pub mod check;
pub mod init;
pub mod serve;

use crate::build::BuildError;
use crate::cli::{Cli, Command};
use crate::diagnostics::render_all;

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
    }
}

/// Prints a failed build's errors to standard error and picks the outcome.
pub fn report(e: BuildError) -> Outcome {
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

//! The `blomma` binary: parse the command line, run, map the outcome to an exit status.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = blomma::cli::Cli::parse();
    ExitCode::from(blomma::commands::run(cli).code())
}

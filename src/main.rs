//! The `blomma` binary: parse the command line, run, map the outcome to an exit status.

use clap::Parser;
use std::process::ExitCode;

/// A build allocates and frees millions of small strings from many threads; mimalloc does
/// that with far less time in the allocator than glibc's malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = blomma::cli::Cli::parse();
    ExitCode::from(blomma::commands::run(cli).code())
}

//! The `blomma` command line with the system allocator instead of mimalloc, so that
//! `heaptrack` (which wraps `malloc`) sees every allocation of a build:
//!
//! ```sh
//! cargo build --release --example sysalloc
//! heaptrack target/release/examples/sysalloc build --root /tmp/corpus-10k --output /dev/shm/out
//! heaptrack_print --print-peaks 1 heaptrack.sysalloc.*.zst
//! ```

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = blomma::Cli::parse();
    ExitCode::from(blomma::run(cli).code())
}

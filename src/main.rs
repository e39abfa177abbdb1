//! The `blomma` binary: parse the command line, run, map the outcome to an exit status.

use clap::Parser;
use std::process::ExitCode;

/// A build allocates and frees millions of small strings from many threads; mimalloc does
/// that with far less time in the allocator than glibc's malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of `mimalloc.h` (v2 and v3), which `libmimalloc-sys` does not
/// name: how many milliseconds mimalloc keeps freed memory before it returns it to the
/// system (1 000 by default in mimalloc v3, the version `libmimalloc-sys` builds).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The purge delay of a command that runs once, in milliseconds. At 10 000 pages: the
/// default 1 000 gave a peak of 311-317 MB, 10 gave 299-300 MB, 2 gives 295-298 MB, 0 the
/// same but 0.1-0.2 s more system time (benches/README.md, eleventh session).
const PURGE_DELAY_MS: std::ffi::c_long = 2;

/// The purge delay of the dev server: never. Each rebuild frees and allocates again much
/// of what the last one did; memory returned to the system in between (after 2 ms, or
/// after mimalloc's default second while the author reads the page) had to be returned
/// at the start of the next rebuild (`madvise`) and faulted in again, a quarter of a
/// title edit's time at 10 000 pages. The server keeps its peak instead (+95 MB of
/// 520 MB at 10 000 pages; benches/README.md, "A title edit under 100 ms, every save").
const SERVE_PURGE_DELAY_MS: std::ffi::c_long = -1;

fn main() -> ExitCode {
    let cli = blomma::Cli::parse();
    // A build frees large blocks (the search index's parts, rendered pages) while the
    // whole site is in memory; kept for a second, they raised the peak of a 10 000-page
    // build above 300 MiB. The dev server keeps them for its next rebuild.
    let delay = if cli.is_dev_server() {
        SERVE_PURGE_DELAY_MS
    } else {
        PURGE_DELAY_MS
    };
    // SAFETY: `mi_option_set` is not thread safe; parsing the command line starts no
    // thread, so this runs before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
    ExitCode::from(blomma::run(cli).code())
}

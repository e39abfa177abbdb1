//! Times the search index alone (records, word counts, chunks; no file is
//! written) on a site, on one thread by default, so that changes to the index
//! can be compared without the noise of the rest of the build:
//!
//! ```sh
//! cargo run --release --example index_profile -- ROOT [REPS] [THREADS]
//! ```
//!
//! Prints one line per repetition: the time to make the records, the time of
//! the whole index (records included) and the bytes of the index files.
use blomma::BuildOptions;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| ".".into());
    let reps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let threads: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let opts = BuildOptions {
        root: root.into(),
        output: "/dev/null".into(),
        base_url: None,
        drafts: false,
        search_index: true,
    };
    for t in blomma::dev::profile_index(&opts, reps, threads)? {
        println!(
            "records {:.1} ms, total {:.1} ms, {} bytes",
            t.records.as_secs_f64() * 1e3,
            t.total.as_secs_f64() * 1e3,
            t.bytes
        );
    }
    Ok(())
}

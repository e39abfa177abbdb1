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
use blomma::build::{resolve_site, Timings};
use blomma::config::BuildOptions;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

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
    let mut timings = Timings::default();
    let site = resolve_site(&opts, &mut timings)
        .map_err(|_| anyhow::anyhow!("the site has errors: run `blomma check`"))?;
    let theme = blomma::render::templates::collect(
        &opts.root,
        site.config.theme.as_deref(),
        site.config.language.code(),
    )?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    pool.install(|| {
        for _ in 0..reps {
            let start = Instant::now();
            let docs = blomma::search::records::records(&site, &theme.strings);
            let records = start.elapsed();
            let bytes = AtomicUsize::new(0);
            let facets = blomma::search::records::facets(&docs, &theme.strings);
            let Ok(()) = blomma::search::write_index(&docs, &facets, "sok/index", &|f| {
                bytes.fetch_add(f.in_memory().map_or(0, <[u8]>::len), Ordering::Relaxed);
                Ok::<(), std::convert::Infallible>(())
            });
            println!(
                "records {:.1} ms, total {:.1} ms, {} bytes",
                records.as_secs_f64() * 1e3,
                start.elapsed().as_secs_f64() * 1e3,
                bytes.load(Ordering::Relaxed)
            );
        }
    });
    Ok(())
}

//! Pieces of the pipeline for the programs in `examples/` (profilers, the generator of the
//! county map's data, a search-only site). Not a stable interface: hidden from the docs,
//! and only what those programs need.

pub use crate::render::svg::{county_map_geometry, geometry_json};
pub use crate::search::{build_index, facets, FacetSpec, FacetTag, SearchDoc, SearchHeading};

use crate::config::BuildOptions;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// One repetition of [`profile_index`].
#[derive(Debug, Clone, Copy)]
pub struct IndexTiming {
    /// Making the search records.
    pub records: Duration,
    /// The whole index, records included.
    pub total: Duration,
    /// Bytes of the index files.
    pub bytes: usize,
}

/// Times the search index alone (records, word counts, chunks; no file written) of the
/// site at `opts.root`, `reps` times on a pool of `threads` threads.
pub fn profile_index(
    opts: &BuildOptions,
    reps: usize,
    threads: usize,
) -> anyhow::Result<Vec<IndexTiming>> {
    let mut timings = crate::build::Timings::default();
    let site = crate::build::resolve_site(opts, &mut timings)
        .map_err(|_| anyhow::anyhow!("the site has errors: run `blomma check`"))?;
    let theme = crate::render::templates::collect(
        &opts.root,
        site.config.theme.as_deref(),
        site.config.language.code(),
    )?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    Ok(pool.install(|| {
        (0..reps)
            .map(|_| {
                let start = Instant::now();
                let docs = crate::search::records::records(&site, &theme.strings);
                let records = start.elapsed();
                let bytes = AtomicUsize::new(0);
                let facets = crate::search::records::facets(&docs, &theme.strings);
                let Ok(()) = crate::search::write_index(&docs, &facets, "sok/index", &|f| {
                    bytes.fetch_add(f.in_memory().map_or(0, <[u8]>::len), Ordering::Relaxed);
                    Ok::<(), std::convert::Infallible>(())
                });
                IndexTiming {
                    records,
                    total: start.elapsed(),
                    bytes: bytes.load(Ordering::Relaxed),
                }
            })
            .collect()
    }))
}

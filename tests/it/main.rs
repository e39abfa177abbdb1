//! Integration tests of `blomma`: the real binary on fixture sites under `tests/fixtures/`
//! and on the example site at the repository root.
//!
//! Run with `cargo test --test it`. Snapshots live in `tests/it/snapshots/`; to update them
//! after an intended change run `INSTA_UPDATE=always cargo test --test it` and review the diff.
//! The sample outputs in the authoring guide (`content/guide/`) are produced by `guide`; after
//! an intended change run `BLESS=1 cargo test --test it guide` and review the diff.

mod boundaries;
mod build;
mod cli;
mod content_v2;
mod county_links;
mod errors;
mod external_links;
// The synthetic site of the benchmarks (an example, not a binary that `cargo install` would
// install), included so that tests can write one without running cargo.
#[path = "../../examples/gen-site.rs"]
mod gen_site;
mod glossary;
mod guide;
mod input;
mod layout;
mod links;
mod output;
mod sanitize;
mod schema;
mod search;
mod snapshots;
mod support;
mod warnings;

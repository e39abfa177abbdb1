//! Integration tests of `blomma`: the real binary on fixture sites under `tests/fixtures/`
//! and on the example site at the repository root.
//!
//! Run with `cargo test --test it`. Snapshots live in `tests/it/snapshots/`; to update them
//! after an intended change run `INSTA_UPDATE=always cargo test --test it` and review the diff.

mod build;
mod content_v2;
mod county_links;
mod errors;
mod glossary;
mod input;
mod layout;
mod links;
mod output;
mod sanitize;
mod search;
mod snapshots;
mod support;

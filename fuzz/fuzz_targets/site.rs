//! A whole small site, built through every stage (config, tables, load, resolve, render,
//! search index) into memory. The input is up to five files separated by NUL bytes: the
//! first is `site.toml` (a minimal valid one when empty); each other one is its path on
//! the first line (`content/…`, `data/…`, `static/…`; anything else goes under
//! `content/`) and the file's bytes after it. Drafts are built when the input starts
//! with `#drafts`. The files are written to a fresh folder (in /dev/shm where there is
//! one); a build must end in a site or in diagnostics, never in a panic.
//! The logic is `blomma::fuzzing::site_input`, in the main crate (tested and linted with it).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| blomma::fuzzing::site_input(data));

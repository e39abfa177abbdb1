//! `site.toml`: the input is the file's text; it is parsed alone and again with its first
//! line as a command-line `--base-url`. A config or diagnostics, never a panic.
//! The logic is `blomma::fuzzing::site_toml_input`, in the main crate (tested and linted with it).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| blomma::fuzzing::site_toml_input(data));

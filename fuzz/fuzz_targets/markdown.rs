//! Markdown rendering with code highlighting. First byte even: the rest is a whole
//! Markdown body (rendered, links filled, plain text taken). First byte odd: the rest is
//! the code of a fenced block, highlighted in the language the byte picks.
//! The logic is `blomma::fuzzing::markdown_input`, in the main crate (tested and linted with it).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| blomma::fuzzing::markdown_input(data));

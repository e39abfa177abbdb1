//! Front matter of every collection kind: the first byte picks the file's place
//! (`blomma::fuzzing::FRONT_MATTER_PATHS`: target area, actor role, county, county
//! document, forum, forum part, page, home, collection index, section), the rest is the
//! file's text. Reading it must give a parsed file or a diagnostic, never a panic.
//! The logic is `blomma::fuzzing::front_matter_input`, in the main crate (tested and linted with it).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| blomma::fuzzing::front_matter_input(data));

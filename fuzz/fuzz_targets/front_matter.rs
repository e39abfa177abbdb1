//! Front matter of every collection kind: the first byte picks the file's place
//! (`blomma::fuzzing::FRONT_MATTER_PATHS`: target area, actor role, county, county
//! document, forum, forum part, page, home, collection index, section), the rest is the
//! file's text. Reading it must give a parsed file or a diagnostic, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let _ = blomma::fuzzing::front_matter(kind, &text);
});

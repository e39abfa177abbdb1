//! `site.toml`: the input is the file's text; it is parsed alone and again with its first
//! line as a command-line `--base-url`. A config or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = blomma::fuzzing::site_toml(&text, None);
    let first_line = text.lines().next().unwrap_or("");
    let _ = blomma::fuzzing::site_toml(&text, Some(first_line));
});

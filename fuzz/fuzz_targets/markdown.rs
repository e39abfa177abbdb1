//! Markdown rendering with code highlighting. First byte even: the rest is a whole
//! Markdown body (rendered, links filled, plain text taken). First byte odd: the rest is
//! the code of a fenced block, highlighted in the language the byte picks.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Languages syntect knows (and a few it does not), so the highlighter's grammars run.
const LANGS: &[&str] = &[
    "rust", "python", "js", "toml", "yaml", "sh", "html", "css", "json", "sql", "c", "xml", "md",
    "diff", "java", "ruby", "go", "latex", "r", "text", "okänt", "",
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    if mode % 2 == 0 {
        let _ = blomma::fuzzing::markdown(&text);
    } else {
        let lang = LANGS[usize::from(mode >> 1) % LANGS.len()];
        let _ = blomma::fuzzing::highlight(&text, lang);
    }
});

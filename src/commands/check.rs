//! `blomma check`: every stage up to rendering, in memory; writes nothing.

use super::{report, Outcome};
use crate::cli::CheckArgs;
use crate::config::BuildOptions;

/// Runs `check`.
pub fn run(a: &CheckArgs) -> Outcome {
    let root = super::site_root(a.root.as_deref());
    let opts = BuildOptions {
        output: root.join("public"),
        root,
        base_url: None,
        drafts: a.drafts,
        search_index: true,
    };
    let sink = crate::output::MemorySink::default();
    match crate::build::build(&opts, &sink) {
        Ok(_) => {
            let files = sink.into_files();
            let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
            if a.external {
                eprintln!("note: external links were not checked: this build has no network access to the hosts they name");
            }
            eprintln!("ok: {pages} pages, no errors");
            Outcome::Success
        }
        Err(e) => report(e),
    }
}

//! `blomma check`: every stage up to rendering, in memory; writes nothing.

use super::{report, Outcome};
use crate::cli::CheckArgs;
use crate::config::BuildOptions;

/// Runs `check`.
pub(crate) fn run(a: &CheckArgs) -> Outcome {
    let root = super::site_root(a.root.as_deref());
    let opts = BuildOptions {
        output: root.join("public"),
        root: root.clone(),
        base_url: None,
        drafts: a.drafts,
        search_index: true,
    };
    let sink = crate::output::MemorySink::default();
    match crate::build::build(&opts, &sink) {
        Ok(built) => {
            let files = sink.into_files();
            let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
            let deny = a.deny_warnings || built.site.config.check.deny_warnings;
            if !super::report_warnings(&built.warnings, deny, "the check failed") {
                return Outcome::ContentErrors;
            }
            if built.warnings.is_empty() {
                eprintln!("ok: {pages} pages, no errors");
            } else {
                eprintln!("ok: {pages} pages, no errors, {}", built.warnings.count());
            }
            if a.external {
                return external(a, &root, &built.site.config.check);
            }
            Outcome::Success
        }
        Err(e) => report(e),
    }
}

/// `--external`: requests every external link of the site (see [`crate::linkcheck`]).
fn external(a: &CheckArgs, root: &std::path::Path, settings: &crate::config::Check) -> Outcome {
    match crate::linkcheck::check_external(root, settings, a.drafts) {
        Ok(report) => {
            eprint!("{}", report.render());
            if report.no_network {
                Outcome::NoNetwork
            } else if report.errors.is_empty() {
                Outcome::Success
            } else {
                Outcome::ContentErrors
            }
        }
        Err(e) => {
            let text = format!("{e:#}");
            eprintln!("error: {}", crate::diagnostics::escape_controls(&text));
            Outcome::ContentErrors
        }
    }
}

//! `blomma build`: run the pipeline and write the output atomically.

use super::{report, Outcome};
use crate::cli::BuildArgs;
use crate::config::BuildOptions;
use crate::output;

/// The options of a build from its flags.
pub fn options(a: &BuildArgs) -> BuildOptions {
    BuildOptions {
        root: a.root.clone(),
        output: a.output.clone().unwrap_or_else(|| a.root.join("public")),
        base_url: a.base_url.clone(),
        drafts: a.drafts,
    }
}

/// Runs `build`.
pub fn run(a: &BuildArgs) -> Outcome {
    let opts = options(a);
    if let Err(e) = output::check_output_dir(&opts.root, &opts.output) {
        eprintln!("error: {e:#}");
        return Outcome::UsageError;
    }
    let start = std::time::Instant::now();
    let mut built = match crate::build::build(&opts) {
        Ok(b) => b,
        Err(e) => return report(e),
    };
    if let Err(e) = output::write_atomically(&opts.output, &built.files) {
        eprintln!("error: {e:#}");
        return Outcome::ContentErrors;
    }
    built.timings.mark("write");
    let pages = built
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();
    eprintln!(
        "built {pages} pages ({} files) into {} in {:.0} ms",
        built.files.len(),
        opts.output.display(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    if a.timings {
        eprint!("{}", built.timings.report());
    }
    Outcome::Success
}

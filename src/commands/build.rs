//! `blomma build`: run the pipeline and write the output atomically.

use super::{report, Outcome};
use crate::build::BuildError;
use crate::cli::BuildArgs;
use crate::config::BuildOptions;
use crate::diagnostics::Diagnostic;
use crate::output;
use std::path::Path;

/// The options of a build from its flags, for the site at `root`.
pub(crate) fn options(a: &BuildArgs, root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: a.output.clone().unwrap_or_else(|| root.join("public")),
        base_url: a.base_url.clone(),
        drafts: a.drafts,
        search_index: !a.no_search_index,
    }
}

/// A tool error caused by a file of the site (see [`output::SiteFileError`]) as a content
/// error located at that file; any other error as it is.
fn locate(e: BuildError, root: &Path) -> BuildError {
    let BuildError::Tool(err) = e else { return e };
    let Some(site_file) = err
        .chain()
        .find_map(|c| c.downcast_ref::<output::SiteFileError>())
    else {
        return BuildError::Tool(err);
    };
    let rel = site_file.path.strip_prefix(root).unwrap_or(&site_file.path);
    let rel = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    BuildError::Content(vec![Diagnostic::whole_file(&rel, &site_file.message)])
}

/// Runs `build`.
pub(crate) fn run(a: &BuildArgs) -> Outcome {
    let opts = options(a, &super::site_root(a.root.as_deref()));
    let target = match output::Target::claim(&opts.root, &opts.output, a.force) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::UsageError;
        }
    };
    let start = std::time::Instant::now();
    // The build writes straight into a temporary folder; it replaces the output only
    // when every stage succeeded.
    let mut failure = None;
    let mut denied = false;
    let result = output::replace_atomically(&target, |sink| {
        let built = crate::build::build(&opts, sink).map_err(|e| {
            failure = Some(locate(e, &opts.root));
            anyhow::anyhow!("the build failed")
        })?;
        // Warnings made errors fail the build before the output is replaced.
        let deny = a.deny_warnings || built.site.config.check.deny_warnings;
        if !super::report_warnings(&built.warnings, deny, "nothing was written") {
            denied = true;
            anyhow::bail!("the build failed");
        }
        Ok(built)
    });
    if denied {
        return Outcome::ContentErrors;
    }
    let (mut built, (files, pages)) = match (result, failure) {
        (_, Some(e)) => return report(e),
        (Err(e), None) if e.is::<output::Refused>() => {
            eprintln!("error: {e}");
            return Outcome::UsageError;
        }
        (Err(e), None) => {
            eprintln!("error: {e:#}");
            return Outcome::ContentErrors;
        }
        (Ok(v), None) => v,
    };
    built.timings.mark("write");
    super::warn_if_shallow_clone(&opts.root);
    eprintln!(
        "built {pages} pages ({files} files) into {} in {:.0} ms",
        opts.output.display(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    if a.timings {
        eprint!("{}", built.timings.report());
    }
    Outcome::Success
}

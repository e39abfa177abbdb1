//! The whole pipeline as a flat list of stages, shared by `build`, `check` and `serve`:
//! config → tables → load (+ Markdown) → resolve → render → search. Returns the files of
//! the site in memory; writing them is the caller's business.

use crate::config::{self, BuildOptions, Config};
use crate::diagnostics::{Diagnostic, DiagnosticsError};
use crate::kinds::Site;
use crate::output::Sink;
use crate::{data, load, render, resolve, search};
use std::time::{Duration, Instant};

/// Why a build produced no site.
#[derive(Debug)]
pub enum BuildError {
    /// `site.toml` is wrong (exit status 2).
    Config(Vec<Diagnostic>),
    /// The content has errors (exit status 1).
    Content(Vec<Diagnostic>),
    /// Something else failed: I/O, a template (exit status 1).
    Tool(anyhow::Error),
}

impl From<anyhow::Error> for BuildError {
    /// Located errors that travelled as an `anyhow::Error` ([`DiagnosticsError`]) are
    /// content errors again; anything else is a tool error.
    fn from(e: anyhow::Error) -> Self {
        match e.downcast::<DiagnosticsError>() {
            Ok(d) => BuildError::Content(d.0),
            Err(e) => BuildError::Tool(e),
        }
    }
}

/// Per-stage wall-clock times and resident memory, for `--timings`.
#[derive(Debug, Default)]
pub(crate) struct Timings {
    /// (stage, milliseconds, resident memory in MB after it, when known).
    stages: Vec<(&'static str, f64, Option<u64>)>,
    last: Option<Instant>,
}

/// A line of `/proc/self/status` in MB (`VmRSS`: resident now, `VmHWM`: peak); `None`
/// where there is no such file.
fn memory_mb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

impl Timings {
    fn start() -> Self {
        Timings {
            stages: Vec::new(),
            last: Some(Instant::now()),
        }
    }
    /// Records the time since the previous mark under `name`.
    pub(crate) fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        if let Some(l) = self.last {
            self.stages
                .push((name, (now - l).as_secs_f64() * 1000.0, memory_mb("VmRSS:")));
        }
        self.last = Some(now);
    }
    /// Records a duration measured inside a stage (work that ran alongside others).
    pub(crate) fn note(&mut self, name: &'static str, d: std::time::Duration) {
        self.stages.push((name, d.as_secs_f64() * 1000.0, None));
    }
    /// One line per stage (with the resident memory after it), then the peak memory.
    pub(crate) fn report(&self) -> String {
        let mut out: String = self
            .stages
            .iter()
            .map(|(n, ms, mb)| match mb {
                Some(mb) => format!("  {n:<10} {ms:>8.1} ms  {mb:>6} MB resident\n"),
                None => format!("  {n:<10} {ms:>8.1} ms\n"),
            })
            .collect();
        if let Some(peak) = memory_mb("VmHWM:") {
            out.push_str(&format!("  peak memory {peak} MB\n"));
        }
        out
    }
}

/// A resolved site whose files went to a [`Sink`].
pub struct Built {
    /// The resolved site.
    pub(crate) site: Site,
    /// Stage times.
    pub(crate) timings: Timings,
    /// What the author should fix, though the build succeeded.
    pub(crate) warnings: crate::warnings::Warnings,
}

/// Reads the configuration, applying the command line's base URL.
pub(crate) fn read_config(opts: &BuildOptions) -> Result<Config, BuildError> {
    config::load(&opts.root, opts.base_url.as_deref()).map_err(BuildError::Config)
}

/// Loads and resolves the site without rendering it.
pub(crate) fn resolve_site(opts: &BuildOptions, timings: &mut Timings) -> Result<Site, BuildError> {
    let config = read_config(opts)?;
    let tables = data::load(&opts.root);
    timings.mark("config");
    let (loaded, mut diags) = load::load(&opts.root, &config, opts.drafts)?;
    timings.mark("load");
    // A broken data table and broken content are reported together.
    let tables = match tables {
        Ok(t) => t,
        Err(more) => {
            diags.extend(more);
            return Err(BuildError::Content(diags));
        }
    };
    let site = resolve::resolve(config, tables, loaded);
    timings.mark("resolve");
    match site {
        Ok(site) if diags.is_empty() => Ok(site),
        Ok(_) => Err(BuildError::Content(diags)),
        Err(more) => {
            diags.extend(more);
            Err(BuildError::Content(diags))
        }
    }
}

/// What runs on the other core while the pages render: the search index (unless it is
/// switched off), then the warnings that do not depend on the output. Returns the
/// index's time, and the warnings found with the time they took.
fn alongside_rendering<'s>(
    opts: &BuildOptions,
    site: &'s Site,
    theme: &render::templates::ThemeFiles,
    sink: &dyn Sink,
) -> (
    anyhow::Result<Duration>,
    (crate::warnings::Early<'s>, Duration),
) {
    let start = Instant::now();
    let indexed = if opts.search_index {
        let docs = search::records::records(site, &theme.strings);
        let facets = search::records::facets(&docs, &theme.strings);
        search::write_index(&docs, &facets, "sok/index", &|f| sink.put(f)).map(|()| start.elapsed())
    } else {
        Ok(start.elapsed())
    };
    let start = Instant::now();
    let templates = theme.templates.values().map(String::as_str);
    let early = crate::warnings::Early::collect(&opts.root, site, templates);
    (indexed, (early, start.elapsed()))
}

/// Runs every stage, handing every file of the site to `sink` as it is produced.
pub fn build(opts: &BuildOptions, sink: &dyn Sink) -> Result<Built, BuildError> {
    let mut timings = Timings::start();
    let config = read_config(opts)?;
    let theme =
        render::templates::collect(&opts.root, config.theme.as_deref(), config.language.code())
            .map_err(BuildError::from);
    // Errors in the theme's files and in the content are reported together.
    let (site, theme) = match (resolve_site(opts, &mut timings), theme) {
        (Ok(site), Ok(theme)) => (site, theme),
        (Err(BuildError::Content(mut d)), Err(BuildError::Content(more))) => {
            d.extend(more);
            return Err(BuildError::Content(d));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    for rel in &theme.overridden {
        let rel = crate::diagnostics::escape_controls(rel);
        eprintln!("note: static/{rel} replaces the theme's file of the same name");
    }
    // Every file goes through the guard, so two files at one output path are refused.
    let claims = render::collisions::Claims::new(sink, &opts.root, &site);
    let sink: &dyn Sink = &claims;
    let (rendered, (indexed, early)) = rayon::join(
        || render::render_site(&site, &theme, sink),
        || alongside_rendering(opts, &site, &theme, sink),
    );
    rendered?;
    let (index_time, early_time) = (indexed?, early.1);
    timings.mark("render");
    timings.note("  (of which the search index, alongside)", index_time);
    timings.note("  (of which warnings, alongside)", early_time);
    let warnings = early.0.finish(&|path| claims.has(path));
    let collisions = claims.into_errors();
    if !collisions.is_empty() {
        return Err(BuildError::Content(collisions));
    }
    timings.mark("warnings");
    Ok(Built {
        site,
        timings,
        warnings,
    })
}

//! `blomma serve`: build the site in memory, serve it on 127.0.0.1 under the `base_url`
//! path, and rebuild on every change (see [`crate::serve`]).

use super::Outcome;
use crate::build::BuildError;
use crate::cli::ServeArgs;
use crate::config::BuildOptions;
use crate::serve::{BuildResult, ChangeKind, ErrorView, OutputFile, ServeOptions, SiteBuilder};

/// Builds the real site for the dev server.
pub struct Builder {
    opts: BuildOptions,
}

impl Builder {
    /// A builder for a site root; `base_url` is rewritten to the local address.
    pub fn new(opts: BuildOptions) -> Self {
        Builder { opts }
    }
}

impl SiteBuilder for Builder {
    fn build(&mut self, _changes: &[ChangeKind]) -> anyhow::Result<BuildResult> {
        let sink = crate::output::MemorySink::default();
        match crate::build::build(&self.opts, &sink) {
            Ok(_) => {
                let files = sink
                    .into_files()
                    .iter()
                    .map(|f| {
                        Ok(OutputFile {
                            path: f.path.clone(),
                            bytes: f.read()?,
                        })
                    })
                    .collect::<std::io::Result<Vec<_>>>()?;
                Ok(BuildResult::Ok {
                    files,
                    changed: Vec::new(),
                })
            }
            Err(BuildError::Content(d) | BuildError::Config(d)) => Ok(BuildResult::ContentErrors(
                d.into_iter()
                    .map(|d| ErrorView {
                        file: d.file,
                        line: d.line,
                        column: d.column,
                        message: d.message,
                        source_line: d.source_line.unwrap_or_default(),
                        help: d.help,
                    })
                    .collect(),
            )),
            Err(BuildError::Tool(e)) => Err(e),
        }
    }
}

/// Runs `serve`.
pub fn run(a: &ServeArgs) -> Outcome {
    let mut opts = BuildOptions {
        root: a.root.clone(),
        output: a.root.join("public"),
        base_url: None,
        drafts: a.drafts,
    };
    let config = match crate::build::read_config(&opts) {
        Ok(c) => c,
        Err(e) => return super::report(e),
    };
    let host = match a.bind {
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        std::net::IpAddr::V4(ip) => ip.to_string(),
    };
    opts.base_url = Some(format!("http://{host}:{}{}", a.port, config.base_path));
    let serve_opts = ServeOptions {
        root: a.root.clone(),
        bind: a.bind,
        port: a.port,
        base_path: config.base_path,
    };
    match crate::serve::serve(serve_opts, Box::new(Builder::new(opts))) {
        Ok(()) => Outcome::Success,
        Err(e) => {
            eprintln!("error: {e:#}");
            Outcome::UsageError
        }
    }
}

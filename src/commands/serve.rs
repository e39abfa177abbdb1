//! `blomma serve`: build the site in memory, serve it on 127.0.0.1 under the `base_url`
//! path, and rebuild on every change (see [`crate::serve`]).

use super::Outcome;
use crate::build::BuildError;
use crate::cli::ServeArgs;
use crate::config::BuildOptions;
use crate::incremental::{Changes, Incremental, Output};
use crate::output::OutputFile;
use crate::serve::{BuildResult, ChangeKind, ErrorView, ServeOptions, SiteBuilder};

/// Builds the real site for the dev server, incrementally (see [`crate::incremental`]).
pub struct Builder {
    site: Incremental,
    /// The options it was made with, for [`SiteBuilder::listening_on`].
    opts: BuildOptions,
    /// The warnings last shown in the terminal, so that a rebuild shows them again only
    /// when they changed.
    shown: crate::warnings::Warnings,
}

impl Builder {
    /// A builder for a site root; `base_url` is rewritten to the local address.
    pub fn new(opts: BuildOptions) -> Self {
        Builder {
            site: Incremental::new(opts.clone()),
            opts,
            shown: Default::default(),
        }
    }
}

impl Builder {
    /// Prints the warnings of the last build to the terminal when they differ from the
    /// ones shown before (all of them, as `build` shows them, or that there are none now).
    fn show_warnings(&mut self) {
        let now = self.site.warnings();
        if *now == self.shown {
            return;
        }
        if now.is_empty() {
            eprintln!("no warnings now");
        } else {
            eprint!("{}", now.render(crate::diagnostics::color_enabled()));
            eprintln!("{}", now.count());
        }
        self.shown = now.clone();
    }
}

/// `base_url` with its scheme, host and port replaced by the server's: the site's path stays.
fn local_base_url(base_url: &str, addr: std::net::SocketAddr) -> String {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    let path = base_url[after_scheme..]
        .find('/')
        .map_or("/", |i| &base_url[after_scheme + i..]);
    format!("http://{addr}{path}")
}

/// What the watcher saw, in the terms of the incremental builder.
fn changes(kinds: &[ChangeKind]) -> Changes {
    let mut c = Changes {
        everything: kinds.is_empty(),
        ..Changes::default()
    };
    for k in kinds {
        match k {
            ChangeKind::Content(paths) => c.content.extend(paths.iter().cloned()),
            ChangeKind::Template | ChangeKind::Theme | ChangeKind::Static(_) => c.theme = true,
            ChangeKind::Data => c.data = true,
            ChangeKind::Config => c.config = true,
        }
    }
    c
}

fn served(files: Vec<OutputFile>) -> std::io::Result<Vec<OutputFile>> {
    files.into_iter().map(OutputFile::loaded).collect()
}

fn result(output: Output) -> anyhow::Result<BuildResult> {
    Ok(match output {
        Output::Full(files) => BuildResult::Ok {
            files: served(files)?,
            changed: Vec::new(),
        },
        Output::Patch { put, removed } => BuildResult::Patch {
            put: served(put)?,
            removed,
        },
    })
}

impl SiteBuilder for Builder {
    fn listening_on(&mut self, addr: std::net::SocketAddr) {
        let Some(base_url) = &self.opts.base_url else {
            return;
        };
        let local = local_base_url(base_url, addr);
        if local != *base_url {
            self.opts.base_url = Some(local);
            self.site = Incremental::new(self.opts.clone());
        }
    }

    fn build(&mut self, kinds: &[ChangeKind]) -> anyhow::Result<BuildResult> {
        match self.site.build(&changes(kinds)) {
            Ok(output) => {
                // A patch is served first; its warnings come with the search index.
                if matches!(output, Output::Full(_)) {
                    self.show_warnings();
                }
                result(output)
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
                        width: d.width,
                    })
                    .collect(),
            )),
            Err(BuildError::Tool(e)) => Err(e),
        }
    }

    /// The search index, then the warnings: both wait until the pages are served.
    fn background(&mut self) -> Option<anyhow::Result<BuildResult>> {
        let index = self.site.search_index().map(result);
        self.show_warnings();
        index
    }
}

/// Runs `serve`.
pub(crate) fn run(a: &ServeArgs) -> Outcome {
    let root = super::site_root(a.root.as_deref());
    let mut opts = BuildOptions {
        root: root.clone(),
        output: root.join("public"),
        base_url: None,
        drafts: a.drafts,
        search_index: true,
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
        root,
        bind: a.bind,
        port: a.port,
        base_path: config.base_path,
        allowed_hosts: a.allowed_hosts.clone(),
    };
    match crate::serve::serve(serve_opts, Box::new(Builder::new(opts))) {
        Ok(()) => Outcome::Success,
        Err(e) => {
            eprintln!("error: {e:#}");
            Outcome::UsageError
        }
    }
}

#[cfg(test)]
mod tests {
    use super::local_base_url;

    #[test]
    fn the_local_base_url_keeps_the_path_and_takes_the_address() {
        let addr = "127.0.0.1:1112".parse().expect("an address");
        assert_eq!(
            local_base_url("http://127.0.0.1:1111/some/path/", addr),
            "http://127.0.0.1:1112/some/path/"
        );
        assert_eq!(
            local_base_url("http://127.0.0.1:1111/", addr),
            "http://127.0.0.1:1112/"
        );
        let v6 = "[::1]:1112".parse().expect("an address");
        assert_eq!(
            local_base_url("http://[::1]:1111/a/", v6),
            "http://[::1]:1112/a/"
        );
    }
}

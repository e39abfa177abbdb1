//! The development server behind `blomma serve`.
//!
//! This module owns everything between "a site can be built" and "the author sees it in a
//! browser": binding a loopback port, serving the built site **from memory** under the site's
//! base path (a thread per connection, with timeouts, so a stalled client holds up no one
//! else; only to requests that name this server, against DNS rebinding), watching the source folders for changes (debounced, with editors' temporary files
//! ignored), classifying those changes for the builder, rebuilding, and telling open browser
//! tabs to reload (server-sent events plus the small `live.js` script it injects into HTML).
//! It also owns how content errors are shown while serving: in the terminal and as an overlay
//! in the browser, while the last good build keeps being served.
//!
//! It does not know how a site is built: the main crate implements [`SiteBuilder`] and hands it
//! to [`serve`]. Nothing is read from the output folder and nothing is written to disk, so only
//! files the builder produced can ever be served.

mod host;
mod http;
mod live;
mod overlay;
mod path;
mod range;
mod rebuild;
mod server;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::Context as _;

use crate::output::OutputFile;

/// A content error to show in the browser overlay and terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorView {
    /// The source file, relative to the site root (e.g. "content/lan/index.md").
    pub file: String,
    /// 1-based line number; 0 when unknown.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when unknown.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The text of the offending source line (without its line break); may be empty.
    pub source_line: String,
    /// An optional hint on how to fix it.
    pub help: Option<String>,
    /// How many characters from `column` are underlined (at least 1).
    pub width: usize,
}

/// The outcome of one build that did not fail for tool reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildResult {
    /// The site built: the complete output, and which output paths changed.
    Ok {
        /// Every file of the built site (the whole site, not only the changed files).
        files: Vec<OutputFile>,
        /// Output paths whose bytes changed since the previous build; empty means unknown, in
        /// which case the server compares the new output with the previous one itself.
        changed: Vec<String>,
    },
    /// The site built incrementally: only these files are new or changed, and these paths
    /// are gone; every other file stays as it was.
    Patch {
        /// New or changed files.
        put: Vec<OutputFile>,
        /// Output paths that no longer exist.
        removed: Vec<String>,
    },
    /// The content has errors; the server keeps serving the last good build.
    ContentErrors(Vec<ErrorView>),
}

/// What changed on disk, classified by the pure function [`classify`](watch::classify).
///
/// Paths are relative to the site root (e.g. `content/lan/index.md`, `static/css/site.css`).
/// A path may name a folder (a folder created, deleted or renamed, including the old and the
/// new name of a moved folder): treat it as "everything under this folder".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// Files or folders under `content/` were created, edited, deleted or renamed.
    Content(Vec<PathBuf>),
    /// Something under `templates/` changed.
    Template,
    /// Files or folders under `static/` changed.
    Static(Vec<PathBuf>),
    /// Something under `data/` changed.
    Data,
    /// `site.toml` changed.
    Config,
    /// Something under `themes/` changed.
    Theme,
}

/// Builds the site on request; implemented by the main crate.
pub trait SiteBuilder: Send {
    /// Builds the site. `changes` lists what changed since the previous call; it is empty on
    /// the first call and whenever a full build is wanted (e.g. the watcher lost events).
    ///
    /// Return `Err` only for tool errors (I/O, bugs); content problems belong in
    /// [`BuildResult::ContentErrors`].
    fn build(&mut self, changes: &[ChangeKind]) -> anyhow::Result<BuildResult>;

    /// Told the address the server really listens on, once, before the first build: the
    /// port may be another than the one asked for (taken, or 0), and the site's absolute
    /// URLs (canonical, Atom, sitemap) should name the real one.
    fn listening_on(&mut self, _addr: SocketAddr) {}

    /// Work a build left for later (the search index), done while no changes are waiting;
    /// `None` when there is none. Its result is swapped in without reloading the tabs.
    fn background(&mut self) -> Option<anyhow::Result<BuildResult>> {
        None
    }
}

/// How to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// The site's root folder (the one holding `site.toml`).
    pub root: PathBuf,
    /// Address to bind; 127.0.0.1 unless told otherwise.
    pub bind: IpAddr,
    /// Port to try first (default 1111); if it is taken the next free one is used. 0 lets the
    /// system pick any free port.
    pub port: u16,
    /// URL path the site lives under: "/" or "/some/path/".
    pub base_path: String,
    /// Further names the site may be opened under (`Host` header), besides `localhost`,
    /// `127.0.0.1`, `[::1]` and the bind address; a name starting with '.' also allows every
    /// name under it. Requests naming any other host get a 403 (DNS rebinding), unless
    /// `bind` is not a loopback address and this list is empty: then every name is allowed.
    pub allowed_hosts: Vec<String>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            base_path: "/".to_string(),
            allowed_hosts: Vec::new(),
        }
    }
}

/// Builds the site, serves it with live reload, and blocks until Ctrl-C (or SIGTERM/SIGHUP),
/// then stops cleanly.
pub(crate) fn serve(opts: ServeOptions, builder: Box<dyn SiteBuilder>) -> anyhow::Result<()> {
    let server = Server::start(opts, builder)?;
    let stopper = server.stopper();
    ctrlc::set_handler(move || stopper.stop()).context("could not install the Ctrl-C handler")?;
    eprintln!("Press Ctrl-C to stop.");
    server.wait();
    eprintln!("Stopped.");
    Ok(())
}

/// A running development server: the accept thread (and a thread per open connection) plus
/// the watch-and-rebuild thread.
///
/// [`serve`] is this plus a Ctrl-C handler; tests and embedders use it directly. Dropping it
/// stops the server and waits for its threads.
pub struct Server {
    addr: SocketAddr,
    url: String,
    stopper: Stopper,
    threads: Vec<JoinHandle<()>>,
}

/// A cloneable handle that stops a [`Server`] from any thread (e.g. a signal handler).
#[derive(Clone)]
pub struct Stopper {
    state: Arc<server::State>,
    connections: Arc<http::Connections>,
    addr: SocketAddr,
}

impl Stopper {
    /// Asks the server to stop; returns at once. Calling it again does nothing.
    pub fn stop(&self) {
        if self.state.request_stop() {
            self.connections.close_all();
            http::wake(self.addr);
        }
    }
}

/// How long stopping waits for connection threads to notice their sockets were shut down.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

impl Server {
    /// Binds the port, runs the first (full) build, starts watching and serving, and prints the
    /// URL. Returns once the site is being served.
    pub fn start(opts: ServeOptions, mut builder: Box<dyn SiteBuilder>) -> anyhow::Result<Server> {
        let root = opts
            .root
            .canonicalize()
            .with_context(|| format!("site folder {} not found", opts.root.display()))?;
        let base_path = path::normalize_base_path(&opts.base_path)?;
        let listener = server::bind(opts.bind, opts.port)?;
        let addr = listener
            .local_addr()
            .context("could not read the bound address")?;
        builder.listening_on(addr);
        let hosts = host::HostPolicy::new(opts.bind, &opts.allowed_hosts);
        let state = Arc::new(server::State::new(base_path.clone(), hosts.clone()));

        // Watch before the first build so that nothing saved during it is missed.
        let watcher = watch::Watcher::new(&root)?;
        let mut rebuilder = rebuild::Rebuilder::new(root.clone(), builder, Arc::clone(&state));
        rebuilder.initial_build();

        let connections = Arc::new(http::Connections::default());
        let mut threads = vec![spawn_accept_loop(
            listener,
            Arc::clone(&connections),
            Arc::clone(&state),
        )?];
        threads.push(
            std::thread::Builder::new()
                .name("blomma-watch".into())
                .spawn(move || rebuilder.run(watcher))
                .context("could not start the watcher thread")?,
        );

        let url = server::display_url(addr, &base_path);
        eprintln!("Serving {} at {url}", root.display());
        if addr.ip().is_unspecified() {
            eprintln!(
                "Listening on all interfaces: other machines on the network can see the site."
            );
        }
        match &hosts {
            host::HostPolicy::Any => eprintln!(
                "Answering requests for any Host name, because {} is not a loopback address \
                 (limit them with --allowed-host NAME).",
                opts.bind
            ),
            host::HostPolicy::Names(_) if !opts.allowed_hosts.is_empty() => eprintln!(
                "Also answering requests for: {}",
                opts.allowed_hosts.join(", ")
            ),
            host::HostPolicy::Names(_) => {}
        }
        Ok(Server {
            addr,
            url,
            stopper: Stopper {
                state,
                connections,
                addr,
            },
            threads,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's URL, including the base path (e.g. `http://127.0.0.1:1111/some/path/`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A handle that can stop this server from another thread.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// Blocks until [`Stopper::stop`] is called, then waits for the server's threads to end.
    pub fn wait(self) {
        self.stopper.state.wait_for_stop();
        // Drop joins the threads.
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stopper.stop();
        for handle in self.threads.drain(..) {
            if handle.join().is_err() {
                eprintln!("blomma serve: a server thread panicked while stopping");
            }
        }
        self.stopper.connections.wait_until_empty(STOP_GRACE);
    }
}

/// Starts the thread that accepts connections and serves each on a thread of its own.
fn spawn_accept_loop(
    listener: std::net::TcpListener,
    connections: Arc<http::Connections>,
    state: Arc<server::State>,
) -> anyhow::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("blomma-accept".into())
        .spawn(move || {
            let handler = {
                let state = Arc::clone(&state);
                Arc::new(move |request: &http::Request| server::handle(request, &state))
            };
            http::accept_loop(
                listener,
                connections,
                http::Limits::default(),
                handler,
                || state.is_stopping(),
            );
        })
        .context("could not start the HTTP thread")
}

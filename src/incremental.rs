//! Incremental rebuilds for the dev server: the same stages as `build`, with state kept
//! between builds so that a saved file costs a fraction of a whole build.
//!
//! * **Load** keeps every parsed file ([`load::Cache`]); only new and changed files are
//!   read and parsed again.
//! * **Resolve** runs over the whole (cached) content, so every reference and `@/` link is
//!   checked exactly as in a clean build; it shares the parsed bodies instead of copying them.
//! * **Render** renders only the pages whose output can have changed (`affected`): the
//!   pages of the changed files, and when what other pages show of them changed (title,
//!   summary, dates, references…), the pages that show them and the lists and indexes.
//!   A template change re-renders the pages whose template uses it; a change to
//!   `site.toml` or `data/` rebuilds everything.
//! * **Search**: the index covers every page and takes longer than the pages, so it is
//!   rebuilt separately ([`Incremental::search_index`]), after the changed pages are served.
//!
//! The result equals a clean build's (tested in `tests/it/incremental.rs`).

use crate::build::BuildError;
use crate::config::{BuildOptions, Config};
use crate::data::Tables;
use crate::kinds::{Collection, Entity, Site};
use crate::load::{self, Stamps};
use crate::output::{MemorySink, OutputFile};
use crate::render::pages::{self, Job};
use crate::render::templates::{self, ThemeFiles};
use crate::render::{self, Renderer};
use crate::{data, resolve, search};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// What changed since the previous build, as the watcher saw it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Changes {
    /// Rebuild everything (first build, lost events).
    pub everything: bool,
    /// `site.toml`.
    pub config: bool,
    /// `data/`.
    pub data: bool,
    /// `templates/`, `themes/` or `static/`.
    pub theme: bool,
    /// Paths under `content/` (relative to the root, files or folders).
    pub content: Vec<PathBuf>,
}

/// The outcome of a successful build.
#[derive(Debug)]
pub(crate) enum Output {
    /// The whole site.
    Full(Vec<OutputFile>),
    /// Files to add or replace, and output paths to remove.
    Patch {
        /// New or changed files.
        put: Vec<OutputFile>,
        /// Paths that are no longer part of the site.
        removed: Vec<String>,
    },
}

/// The last successful build.
struct Good {
    site: Arc<Site>,
    keys: Keys,
    stamps: Stamps,
    /// Output paths of the pages, generated files, theme files and assets.
    outputs: HashSet<String>,
    /// Output paths of the search index.
    index_outputs: HashSet<String>,
}

/// A site kept between builds.
pub(crate) struct Incremental {
    opts: BuildOptions,
    cache: load::Cache,
    config: Option<Config>,
    tables: Option<Tables>,
    theme: Option<ThemeFiles>,
    tera: Option<Arc<tera::Tera>>,
    good: Option<Good>,
    index_pending: bool,
    /// Everything must be rendered at the next successful build (a change to `site.toml`
    /// or `data/` since the last good build, even if builds failed in between).
    render_all: bool,
    /// The theme of the last good build, when the theme changed since.
    theme_before: Option<ThemeFiles>,
    /// The warnings of the last successful build, once asked for.
    warnings: crate::warnings::Warnings,
    /// The last successful build came after `warnings` were collected.
    warnings_pending: bool,
    /// The site before the last build, freed with the search index (see [`Incremental::retire`]).
    retired: Option<Arc<Site>>,
}

impl Incremental {
    /// A builder for the site described by `opts`; nothing is read yet.
    pub(crate) fn new(opts: BuildOptions) -> Self {
        Incremental {
            opts,
            cache: load::Cache::default(),
            config: None,
            tables: None,
            theme: None,
            tera: None,
            good: None,
            index_pending: false,
            render_all: true,
            theme_before: None,
            warnings: Default::default(),
            warnings_pending: false,
            retired: None,
        }
    }

    /// The warnings of the last successful build (see [`crate::warnings`]), collected on
    /// the first call after it: the dev server asks once the pages are served, so that
    /// collecting them does not delay the reload.
    pub(crate) fn warnings(&mut self) -> &crate::warnings::Warnings {
        if self.warnings_pending {
            if let (Some(good), Some(theme)) = (&self.good, &self.theme) {
                self.warnings = crate::warnings::collect(
                    &self.opts.root,
                    &good.site,
                    theme.templates.values().map(String::as_str),
                    &|p| good.outputs.contains(p),
                );
                self.warnings_pending = false;
            }
        }
        &self.warnings
    }

    /// Builds after `changes`. A first build, a lost-events build and a change to
    /// `site.toml` or `data/` build everything (search index included); otherwise only
    /// what the changes can affect is rendered, and the search index waits for
    /// [`Incremental::search_index`].
    ///
    /// A change remembered here is not lost when the build fails: the next successful
    /// build still renders what it affects.
    pub(crate) fn build(&mut self, changes: &Changes) -> Result<Output, BuildError> {
        self.note(changes);
        let (config, tables) = self.settings()?;
        let (site, stamps) = self.load_and_resolve(config, tables, changes)?;
        let theme = self
            .theme
            .as_ref()
            .ok_or_else(|| BuildError::Tool(anyhow::anyhow!("the theme was not collected")))?;
        let tera = match &self.tera {
            Some(t) => Arc::clone(t),
            None => Arc::new(render::templates_of(theme, &site)?),
        };
        self.tera = Some(Arc::clone(&tera));
        let renderer = Renderer::with_templates(&site, theme, tera);
        let all_jobs = pages::jobs(&site);

        let previous = match self.good.take() {
            Some(g) if !self.render_all => g,
            _ => {
                let (good, files) =
                    full_build(&self.opts.root, &site, &renderer, &all_jobs, theme, stamps)?;
                self.good = Some(good);
                self.warnings_pending = true;
                self.index_pending = false;
                self.render_all = false;
                self.theme_before = None;
                return Ok(Output::Full(files));
            }
        };
        let old_theme = self.theme_before.take();
        let plan = plan(
            previous,
            &site,
            &stamps,
            &all_jobs,
            theme,
            old_theme.as_ref(),
        );
        let put = render_patch(
            &renderer,
            &site,
            theme,
            &all_jobs,
            &plan,
            old_theme.is_some(),
        )?;
        let Plan {
            keys,
            outputs,
            removed,
            index_outputs,
            old_site,
            ..
        } = plan;
        self.good = Some(Good {
            site,
            keys,
            stamps,
            outputs,
            index_outputs,
        });
        self.index_pending = true;
        self.warnings_pending = true;
        self.retire(old_site);
        Ok(Output::Patch { put, removed })
    }

    /// Keeps the site of the previous build until the search index is rebuilt, and frees
    /// the one kept before it on a thread of its own: freeing ten thousand pages takes
    /// milliseconds and a core, which the pages waiting to be served need more.
    fn retire(&mut self, old: Arc<Site>) {
        if let Some(older) = self.retired.replace(old) {
            std::thread::spawn(move || drop(older));
        }
    }

    /// The configuration and data tables (read again only after they changed), with the
    /// theme collected; notes when the theme's templates now write other ids.
    fn settings(&mut self) -> Result<(Config, Tables), BuildError> {
        let config = match &self.config {
            Some(c) => c.clone(),
            None => crate::build::read_config(&self.opts)?,
        };
        self.config = Some(config.clone());
        let tables = match &self.tables {
            Some(t) => t.clone(),
            None => data::load(&self.opts.root).map_err(BuildError::Content)?,
        };
        self.tables = Some(tables.clone());
        if self.theme.is_none() {
            self.theme = Some(templates::collect(
                &self.opts.root,
                config.theme.as_deref(),
                config.language.code(),
            )?);
        }

        // Heading ids avoid the ids the templates write: when those changed, any body
        // may have other ids now (the cache parses them again), so every page is rendered.
        if let (Some(before), Some(now)) = (&self.theme_before, &self.theme) {
            let ids = |t: &ThemeFiles| {
                crate::markdown::ReservedIds::from_templates(
                    t.templates.values().map(String::as_str),
                )
            };
            if ids(before) != ids(now) {
                self.render_all = true;
            }
        }
        Ok((config, tables))
    }

    /// Loads what changed (the rest from the cache) and resolves the whole site.
    fn load_and_resolve(
        &mut self,
        config: Config,
        tables: Tables,
        changes: &Changes,
    ) -> Result<(Arc<Site>, Stamps), BuildError> {
        let (loaded, mut diags, stamps) =
            self.cache
                .load(&self.opts.root, &config, self.opts.drafts, &changes.content)?;
        match resolve::resolve_in_place(config, tables, loaded) {
            Ok(site) if diags.is_empty() => Ok((Arc::new(site), stamps)),
            Ok(_) => Err(BuildError::Content(diags)),
            Err(more) => {
                diags.extend(more);
                Err(BuildError::Content(diags))
            }
        }
    }

    /// Forgets what `changes` make stale, and remembers what the next successful build must
    /// render because of them.
    fn note(&mut self, changes: &Changes) {
        if changes.everything || changes.config {
            self.config = None;
            self.cache = load::Cache::default();
            self.theme = None;
        }
        if changes.everything || changes.config || changes.data || self.good.is_none() {
            self.tables = None;
            self.tera = None;
            self.render_all = true;
        }
        if changes.theme {
            if self.theme_before.is_none() {
                self.theme_before = self.theme.take();
            }
            self.theme = None;
            self.tera = None;
        }
        for p in &changes.content {
            self.cache.forget(p);
        }
    }

    /// Rebuilds the search index of the last successful build, if it is out of date.
    pub(crate) fn search_index(&mut self) -> Option<Output> {
        if let Some(old) = self.retired.take() {
            std::thread::spawn(move || drop(old));
        }
        if !self.index_pending {
            return None;
        }
        self.index_pending = false;
        let theme = self.theme.as_ref()?;
        let good = self.good.as_mut()?;
        let files = index_files(&good.site, theme);
        let now: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let removed = good
            .index_outputs
            .iter()
            .filter(|p| !now.contains(*p))
            .cloned()
            .collect();
        good.index_outputs = now;
        Some(Output::Patch {
            put: files,
            removed,
        })
    }
}

/// Everything of a site, search index included, and what the next build keeps of it.
fn full_build(
    root: &std::path::Path,
    site: &Arc<Site>,
    renderer: &Renderer<'_>,
    all_jobs: &[Job],
    theme: &ThemeFiles,
    stamps: Stamps,
) -> Result<(Good, Vec<OutputFile>), BuildError> {
    let keys = Keys::new(site);
    let outputs = output_paths(site, all_jobs, theme);
    let mut files = full_output(site, renderer, all_jobs, theme)?;
    let index = index_files(site, theme);
    let index_outputs = index.iter().map(|f| f.path.clone()).collect();
    files.extend(index);
    let files = without_collisions(root, site, files)?;
    let good = Good {
        site: Arc::clone(site),
        keys,
        stamps,
        outputs,
        index_outputs,
    };
    Ok((good, files))
}

/// What a rebuild renders and keeps, worked out from the previous good build.
struct Plan {
    /// The keys of the new site.
    keys: Keys,
    /// Output paths of the new site (but the search index).
    outputs: HashSet<String>,
    /// Output paths that are gone.
    removed: Vec<String>,
    /// The jobs to render, in the order of all jobs.
    jobs: Vec<Job>,
    /// Whether what other pages show of a changed file changed.
    reshaped: bool,
    /// The source paths that changed.
    changed_sources: HashSet<String>,
    /// Output paths of the search index, as last written.
    index_outputs: HashSet<String>,
    /// The previous site, to be freed.
    old_site: Arc<Site>,
}

/// Plans a rebuild of `site` after the previous good build `previous`; `old_theme` is the
/// theme before, when it changed.
fn plan(
    previous: Good,
    site: &Site,
    stamps: &Stamps,
    all_jobs: &[Job],
    theme: &ThemeFiles,
    old_theme: Option<&ThemeFiles>,
) -> Plan {
    let changed = changed_sources(&previous.stamps, stamps);
    // Edits that change nothing other pages show keep every id, URL and list as it was.
    let same_shapes = only_bodies_changed(&previous.site, &previous.keys, site, &changed);
    let reshaped = same_shapes.is_none();
    let Good {
        keys: old_keys,
        outputs: old_outputs,
        index_outputs,
        site: old_site,
        stamps: old_stamps,
    } = previous;
    let (keys, outputs, removed, mut jobs) = match same_shapes {
        Some(own) => (old_keys, old_outputs, Vec::new(), own),
        None if same_keys(&old_site, &old_keys, site, (&old_stamps, stamps), &changed) => {
            let jobs = affected(&old_site, &old_keys, site, &old_keys, &changed);
            debug_assert!(old_keys == Keys::new(site), "the keys were kept");
            let outputs = if same_urls(&old_site, &old_keys, site, &changed) {
                debug_assert!(old_outputs == output_paths(site, all_jobs, theme));
                old_outputs
            } else {
                output_paths(site, all_jobs, theme)
            };
            (old_keys, outputs, Vec::new(), jobs)
        }
        None => {
            let keys = Keys::new(site);
            let jobs = affected(&old_site, &old_keys, site, &keys, &changed);
            let outputs = output_paths(site, all_jobs, theme);
            let removed = old_outputs
                .iter()
                .filter(|p| !outputs.contains(*p))
                .cloned()
                .collect();
            (keys, outputs, removed, jobs)
        }
    };
    if let Some(old) = old_theme {
        jobs.extend(jobs_for_theme(old, theme, all_jobs));
    }
    Plan {
        keys,
        outputs,
        removed,
        jobs: in_build_order(jobs, all_jobs),
        reshaped,
        changed_sources: changed,
        index_outputs,
        old_site,
    }
}

/// `jobs` in the order of all jobs, so a rebuild renders in the same order as a build.
fn in_build_order(jobs: Vec<Job>, all_jobs: &[Job]) -> Vec<Job> {
    let wanted: HashSet<Job> = jobs.into_iter().collect();
    all_jobs
        .iter()
        .copied()
        .filter(|j| wanted.contains(j))
        .collect()
}

/// The files a planned rebuild writes: its pages, the feeds when a page was reshaped, the
/// theme's files and generated styles when the theme changed, and changed assets.
fn render_patch(
    renderer: &Renderer<'_>,
    site: &Site,
    theme: &ThemeFiles,
    all_jobs: &[Job],
    plan: &Plan,
    theme_changed: bool,
) -> anyhow::Result<Vec<OutputFile>> {
    let sink = MemorySink::default();
    // The feeds list every page; they are written while the pages render (on the other
    // core, as the A–Ö index takes longest). The highlighting styles change only with
    // the theme.
    let (rendered, generated) = rayon::join(
        || renderer.render_jobs(&plan.jobs, &sink),
        || match (theme_changed, plan.reshaped) {
            (true, _) => renderer.generated_files(all_jobs),
            (false, true) => render::feeds::feeds(site, all_jobs, &theme.strings),
            (false, false) => Vec::new(),
        },
    );
    rendered?;
    let mut put = sink.into_files();
    put.extend(generated);
    if theme_changed {
        put.extend(render::theme_files(theme));
    }
    put.extend(
        site.assets
            .iter()
            .filter(|(rel, _)| plan.changed_sources.contains(&format!("content/{rel}")))
            .map(|(rel, abs)| OutputFile::copy(rel.clone(), abs.clone())),
    );
    Ok(put)
}

/// The files, or the collisions among them as content errors (see
/// [`render::collisions`]).
fn without_collisions(
    root: &std::path::Path,
    site: &Site,
    files: Vec<OutputFile>,
) -> Result<Vec<OutputFile>, BuildError> {
    let sink = MemorySink::default();
    let claims = render::collisions::Claims::new(&sink, root, site);
    for f in files {
        crate::output::Sink::put(&claims, f)?;
    }
    let errors = claims.into_errors();
    if errors.is_empty() {
        Ok(sink.into_files())
    } else {
        Err(BuildError::Content(errors))
    }
}

/// Every file of a build but the search index.
fn full_output(
    site: &Site,
    renderer: &Renderer<'_>,
    jobs: &[Job],
    theme: &ThemeFiles,
) -> anyhow::Result<Vec<OutputFile>> {
    let sink = MemorySink::default();
    renderer.render_jobs(jobs, &sink)?;
    let mut files = sink.into_files();
    files.extend(renderer.generated_files(jobs));
    files.extend(render::theme_files(theme));
    files.extend(render::asset_files(site));
    Ok(files)
}

fn index_files(site: &Site, theme: &ThemeFiles) -> Vec<OutputFile> {
    let docs = search::records::records(site, &theme.strings);
    let facets = search::records::facets(&docs, &theme.strings);
    search::build_index(&docs, &facets, "sok/index")
}

/// Output paths of everything but the search index.
fn output_paths(site: &Site, jobs: &[Job], theme: &ThemeFiles) -> HashSet<String> {
    let mut out: HashSet<String> = jobs
        .iter()
        .map(|j| pages::out_path(site, &pages::job_url(site, *j)))
        .collect();
    for f in [
        "highlight-light.css",
        "highlight-dark.css",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
    ] {
        out.insert(f.to_string());
    }
    out.extend(theme.statics.keys().cloned());
    out.extend(site.assets.iter().map(|(rel, _)| rel.clone()));
    out
}

/// Source paths (`content/…`) added, removed or changed between two loads.
fn changed_sources(old: &Stamps, new: &Stamps) -> HashSet<String> {
    let mut out: HashSet<String> = new
        .iter()
        .filter(|(rel, s)| old.get(*rel) != Some(*s))
        .map(|(rel, _)| format!("content/{rel}"))
        .collect();
    out.extend(
        old.keys()
            .filter(|rel| !new.contains_key(*rel))
            .map(|rel| format!("content/{rel}")),
    );
    out
}

/// One thing of a site whose change the dev server follows: the home page, a
/// collection's intro, or an entity of a content kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ent {
    Home,
    Intro(Collection),
    E(Entity),
}

/// Stable names of a site's entities (ids change when entities come and go; these do not).
#[derive(PartialEq)]
struct Keys {
    by_key: HashMap<String, Ent>,
    key_of_ent: HashMap<Ent, String>,
    key_of_source: HashMap<String, String>,
}

impl Keys {
    fn new(site: &Site) -> Keys {
        let mut k = Keys {
            by_key: HashMap::new(),
            key_of_ent: HashMap::new(),
            key_of_source: HashMap::new(),
        };
        let mut add = |key: String, ent: Ent, source: &str| {
            if !source.is_empty() {
                k.key_of_source.insert(source.to_string(), key.clone());
            }
            k.key_of_ent.insert(ent, key.clone());
            k.by_key.insert(key, ent);
        };
        add("home".into(), Ent::Home, &site.home.meta.source);
        for (c, m) in &site.collection_intro {
            add(format!("intro:{}", c.key()), Ent::Intro(*c), &m.source);
        }
        for e in Entity::all(site) {
            let source = e.meta(site).map_or("", |m| m.source.as_str());
            add(e.key(site), Ent::E(e), source);
        }
        k
    }

    fn key_of(&self, ent: Ent) -> Option<&str> {
        self.key_of_ent.get(&ent).map(String::as_str)
    }
}

/// True when `old_keys` are also the keys of `new`, so they need not be made again (ten
/// thousand names cost milliseconds): no source file came or went (`stamps`, old and new),
/// every entity has the same id and source file as before, and each changed file's entity
/// kept its key. Keys are made of slugs and paths, and one that is made of another entity's
/// (a document's county, a part's forum) changes only with that entity's key, so the
/// changed files' keys stand for all.
fn same_keys(
    old: &Site,
    old_keys: &Keys,
    new: &Site,
    stamps: (&Stamps, &Stamps),
    changed: &HashSet<String>,
) -> bool {
    let (old_stamps, new_stamps) = stamps;
    if old_stamps.len() != new_stamps.len()
        || new_stamps.keys().any(|k| !old_stamps.contains_key(k))
    {
        return false;
    }
    let (old_all, new_all) = (Entity::all(old), Entity::all(new));
    fn source<'a>(site: &'a Site, e: &Entity) -> Option<&'a str> {
        e.meta(site).map(|m| m.source.as_str())
    }
    if old_all != new_all || old_all.iter().any(|e| source(old, e) != source(new, e)) {
        return false;
    }
    let intro_sources = |site: &Site| -> Vec<(Collection, String)> {
        let mut v: Vec<(Collection, String)> = site
            .collection_intro
            .iter()
            .map(|(c, m)| (*c, m.source.clone()))
            .collect();
        v.sort();
        v
    };
    if old.home.meta.source != new.home.meta.source || intro_sources(old) != intro_sources(new) {
        return false;
    }
    changed.iter().all(|source| {
        let Some(key) = old_keys.key_of_source.get(source) else {
            return true;
        };
        match old_keys.by_key.get(key) {
            Some(Ent::E(e)) => e.key(new) == *key,
            Some(_) => true,
            None => false,
        }
    })
}

/// True when the pages of the changed files have the URLs they had, so that the output
/// paths of `old` are those of `new` (given [`same_keys`]).
fn same_urls(old: &Site, keys: &Keys, new: &Site, changed: &HashSet<String>) -> bool {
    changed.iter().all(|source| {
        let Some(ent) = keys
            .key_of_source
            .get(source)
            .and_then(|k| keys.by_key.get(k))
        else {
            return true;
        };
        let job = job_of(*ent);
        job.url(old) == job.url(new)
    })
}

/// What other pages can show of an entity: everything but its body (see
/// [`crate::kinds::PageKind::shape`]).
fn shape(site: &Site, ent: Ent) -> String {
    match ent {
        Ent::Home => format!("{:?}", crate::kinds::strip_body(&site.home.meta)),
        Ent::Intro(k) => format!(
            "{:?}",
            site.collection_intro.get(&k).map(crate::kinds::strip_body)
        ),
        Ent::E(e) => e.shape(site),
    }
}

/// The page of an entity.
fn job_of(ent: Ent) -> Job {
    match ent {
        Ent::Home => Job::Home,
        Ent::Intro(c) => Job::List(c),
        Ent::E(e) => Job::Entity(e),
    }
}

/// The entities whose pages show something of `ent`, as its kind declares them
/// ([`crate::kinds::PageKind::shown_on`]). Lists over a whole collection are not included
/// (see [`pages::site_pages`]).
fn neighbours(site: &Site, ent: Ent) -> Vec<Ent> {
    let shown_on = match ent {
        Ent::Home => Vec::new(),
        Ent::Intro(c) => c.members(site),
        Ent::E(e) => e.shown_on(site),
    };
    shown_on.into_iter().map(Ent::E).collect()
}

/// The jobs of `new` whose output can differ from `old`'s after the files `changed`
/// (source paths) changed.
fn affected(
    old: &Site,
    old_keys: &Keys,
    new: &Site,
    new_keys: &Keys,
    changed: &HashSet<String>,
) -> Vec<Job> {
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    for source in changed {
        keys.extend(old_keys.key_of_source.get(source).map(String::as_str));
        keys.extend(new_keys.key_of_source.get(source).map(String::as_str));
    }
    let mut out: HashSet<Job> = HashSet::new();
    let mut reshaped = false;
    for key in keys {
        let o = old_keys.by_key.get(key).copied();
        let n = new_keys.by_key.get(key).copied();
        if let Some(n) = n {
            out.insert(job_of(n));
        }
        let same = match (o, n) {
            (Some(o), Some(n)) => shape(old, o) == shape(new, n),
            _ => false,
        };
        if same {
            continue;
        }
        reshaped = true;
        if let Some(n) = n {
            out.extend(neighbours(new, n).into_iter().map(job_of));
        }
        if let Some(o) = o {
            for e in neighbours(old, o) {
                let moved = old_keys
                    .key_of(e)
                    .and_then(|k| new_keys.by_key.get(k).copied());
                out.extend(moved.map(job_of));
            }
        }
    }
    if reshaped {
        // The site's own pages list whole collections (the few that do not cost nothing).
        out.extend(pages::site_pages(new));
    }
    out.into_iter().collect()
}

/// The pages of the changed files when only their bodies changed: every changed file was
/// and still is an entity, and what other pages show of it is the same. `None` otherwise.
fn only_bodies_changed(
    old: &Site,
    old_keys: &Keys,
    new: &Site,
    changed: &HashSet<String>,
) -> Option<Vec<Job>> {
    let mut jobs = Vec::new();
    for source in changed {
        let o = old_keys.key_of_source.get(source)?;
        let o = *old_keys.by_key.get(o)?;
        let n = find_by_source(new, source)?;
        if shape(old, o) != shape(new, n) {
            return None;
        }
        jobs.push(job_of(n));
    }
    Some(jobs)
}

/// The entity of a source file, by a scan (for a few files, cheaper than an index).
fn find_by_source(site: &Site, source: &str) -> Option<Ent> {
    if site.home.meta.source == source {
        return Some(Ent::Home);
    }
    if let Some((k, _)) = site
        .collection_intro
        .iter()
        .find(|(_, m)| m.source == source)
    {
        return Some(Ent::Intro(*k));
    }
    Entity::all(site)
        .into_iter()
        .find(|e| e.meta(site).is_some_and(|m| m.source == source))
        .map(Ent::E)
}

/// Jobs whose template is one of the changed templates or uses one (`extends`, `include`,
/// `import`); every job when the interface strings changed.
fn jobs_for_theme(old: &ThemeFiles, new: &ThemeFiles, all: &[Job]) -> Vec<Job> {
    if old.strings != new.strings {
        return all.to_vec();
    }
    let mut dirty: HashSet<&str> = HashSet::new();
    for (name, text) in &new.templates {
        if old.templates.get(name) != Some(text) {
            dirty.insert(name);
        }
    }
    for name in old.templates.keys() {
        if !new.templates.contains_key(name) {
            dirty.insert(name);
        }
    }
    // Spread to the templates that use a dirty one, until nothing changes.
    loop {
        let before = dirty.len();
        for (name, text) in &new.templates {
            if !dirty.contains(name.as_str()) && dirty.iter().any(|d| uses(text, d)) {
                dirty.insert(name);
            }
        }
        if dirty.len() == before {
            break;
        }
    }
    all.iter()
        .copied()
        .filter(|j| dirty.contains(pages::template_of(*j)))
        .collect()
}

/// True when a template's text names another template in a tag (`{% extends "base.html" %}`).
fn uses(text: &str, name: &str) -> bool {
    text.contains(&format!("\"{name}\"")) || text.contains(&format!("'{name}'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// A copy of the example site at the repository root.
    fn example_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
        copy_tree(&repo.join("content"), &dir.path().join("content"));
        dir
    }

    fn copy_tree(from: &Path, to: &Path) {
        for e in walkdir::WalkDir::new(from) {
            let e = e.expect("walk");
            let rel = e.path().strip_prefix(from).expect("prefix");
            if e.file_type().is_dir() {
                std::fs::create_dir_all(to.join(rel)).expect("mkdir");
            } else {
                std::fs::copy(e.path(), to.join(rel)).expect("copy");
            }
        }
    }

    type Files = BTreeMap<String, Vec<u8>>;

    fn apply(state: &mut Files, out: Output) {
        match out {
            Output::Full(files) => {
                state.clear();
                for f in files {
                    let bytes = f.read().expect("read");
                    state.insert(f.path, bytes);
                }
            }
            Output::Patch { put, removed } => {
                for p in removed {
                    state.remove(&p);
                }
                for f in put {
                    let bytes = f.read().expect("read");
                    state.insert(f.path, bytes);
                }
            }
        }
    }

    /// Every file of the last good build rendered from scratch (pages, index, assets).
    fn rendered_from_scratch(inc: &Incremental) -> Files {
        let good = inc.good.as_ref().expect("a good build");
        let theme = inc.theme.as_ref().expect("theme");
        let renderer = Renderer::new(&good.site, theme).expect("renderer");
        let jobs = pages::jobs(&good.site);
        let mut files = full_output(&good.site, &renderer, &jobs, theme).expect("render");
        files.extend(index_files(&good.site, theme));
        let mut out = Files::new();
        apply(&mut out, Output::Full(files));
        out
    }

    fn clean_build(root: &Path) -> Files {
        let sink = MemorySink::default();
        crate::build::build(&options(root), &sink)
            .map_err(|_| "clean build failed")
            .expect("clean build");
        let mut out = Files::new();
        apply(&mut out, Output::Full(sink.into_files()));
        out
    }

    /// Asserts the served files equal a clean build's, naming the files that differ.
    fn assert_same_as_clean_build(root: &Path, state: &Files, what: &str) {
        let clean = clean_build(root);
        let differ = differing(&clean, state);
        assert!(differ.is_empty(), "{what}: these files differ: {differ:?}");
    }

    /// Paths whose files differ between two builds (or exist in one only).
    fn differing<'a>(a: &'a Files, b: &'a Files) -> Vec<&'a String> {
        let mut out: Vec<&String> = a
            .keys()
            .chain(b.keys())
            .filter(|k| a.get(*k) != b.get(*k))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn options(root: &Path) -> BuildOptions {
        BuildOptions {
            root: root.to_path_buf(),
            output: root.join("public"),
            base_url: None,
            drafts: false,
            search_index: true,
        }
    }

    /// Builds after a change and checks the served files equal a full render.
    fn step(inc: &mut Incremental, state: &mut Files, changes: Changes, what: &str) {
        match inc.build(&changes) {
            Ok(out) => apply(state, out),
            Err(BuildError::Content(d) | BuildError::Config(d)) => {
                let msgs: Vec<String> = d
                    .iter()
                    .map(|d| format!("{}: {}", d.file, d.message))
                    .collect();
                panic!("{what}: the build failed: {msgs:?}")
            }
            Err(BuildError::Tool(e)) => panic!("{what}: the build failed: {e:#}"),
        }
        if let Some(out) = inc.search_index() {
            apply(state, out);
        }
        let expected = rendered_from_scratch(inc);
        let differ = differing(&expected, state);
        assert!(
            differ.is_empty(),
            "{what}: these files differ from a full build: {differ:?}"
        );
    }

    /// An incremental builder of the site at `root` after its first build, and the files
    /// it served.
    fn first_build(root: &Path) -> (Incremental, Files) {
        let mut inc = Incremental::new(options(root));
        let mut state = Files::new();
        step(&mut inc, &mut state, Changes::default(), "first build");
        (inc, state)
    }

    /// Adds a broken `@/` link to `content/om.md`; returns its path and its text before.
    fn break_a_link(root: &Path) -> (PathBuf, String) {
        let om = root.join("content/om.md");
        let original = std::fs::read_to_string(&om).expect("read");
        std::fs::write(&om, format!("{original}\n[trasig](@/finns-inte.md)\n")).expect("write");
        (om, original)
    }

    /// Gives the site its own target-area table (one name changed); returns the change.
    fn override_a_data_table(root: &Path) -> Changes {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let table = std::fs::read_to_string(repo.join("data/target-areas.csv")).expect("table");
        std::fs::create_dir_all(root.join("data")).expect("mkdir");
        std::fs::write(
            root.join("data/target-areas.csv"),
            table.replacen("Det tidiga livets villkor", "Det tidiga livet", 1),
        )
        .expect("write");
        Changes {
            data: true,
            ..Changes::default()
        }
    }

    fn content_change(rel: &str) -> Changes {
        Changes {
            content: vec![PathBuf::from(rel)],
            ..Changes::default()
        }
    }

    /// Replaces the front matter's `title:` line (or adds one), and appends a paragraph.
    fn edits(text: &str) -> Vec<(&'static str, String)> {
        let titled: Vec<String> = text
            .lines()
            .map(|l| {
                if l.starts_with("title:") {
                    "title: Ändrad titel".to_string()
                } else {
                    l.to_string()
                }
            })
            .collect();
        let title_edit = if text.contains("\ntitle:") {
            titled.join("\n") + "\n"
        } else {
            text.replacen("---\n", "---\ntitle: Ny titel\n", 1)
        };
        let mut out = vec![
            ("body", format!("{text}\nEtt nytt stycke.\n")),
            ("title", title_edit),
        ];
        // A county's own länsstyrelse or region taking another role: the role every
        // county page's official bodies lead to may change with it.
        if text.contains("role: regionen") {
            out.push(("roles", text.replace("role: regionen", "role: kommunen")));
        }
        out
    }

    /// Writes the site's own copy of a theme template with `extra` at the start of its
    /// content block, and returns the change the watcher reports for it.
    fn override_template(root: &Path, name: &str, extra: &str) -> Changes {
        std::fs::create_dir_all(root.join("templates")).expect("mkdir");
        let theme = templates::THEME
            .get_file(format!("templates/{name}"))
            .and_then(|f| f.contents_utf8())
            .expect("theme template");
        let own = theme.replace(
            "{% block content %}",
            &format!("{{% block content %}}{extra}"),
        );
        std::fs::write(root.join("templates").join(name), own).expect("write");
        Changes {
            theme: true,
            ..Changes::default()
        }
    }

    #[test]
    fn every_edit_of_the_example_site_equals_a_full_build() {
        let dir = example_site();
        let root = dir.path();
        let (mut inc, mut state) = first_build(root);
        assert_same_as_clean_build(root, &state, "the first build equals a clean build");
        // Every kind has a content file in the example site, so every kind's edits are
        // tried below.
        let site = &inc.good.as_ref().expect("a good build").site;
        let kinds: HashSet<std::mem::Discriminant<Entity>> = Entity::all(site)
            .into_iter()
            .filter(|e| e.meta(site).is_some_and(|m| !m.source.is_empty()))
            .map(|e| std::mem::discriminant(&e))
            .collect();
        assert_eq!(
            kinds.len(),
            Entity::KINDS,
            "a kind without a file in the example"
        );

        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| e.path().to_path_buf())
            .collect();
        files.sort();
        assert!(files.len() > 20, "the example site has its pages");
        for abs in &files {
            let rel = abs
                .strip_prefix(root)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            let original = std::fs::read_to_string(abs).expect("read");
            for (kind, edited) in edits(&original) {
                std::fs::write(abs, &edited).expect("write");
                step(
                    &mut inc,
                    &mut state,
                    content_change(&rel),
                    &format!("{kind} of {rel}"),
                );
                std::fs::write(abs, &original).expect("restore");
                step(
                    &mut inc,
                    &mut state,
                    content_change(&rel),
                    &format!("restoring {rel}"),
                );
            }
        }
        assert_same_as_clean_build(root, &state, "after the edits, a clean build is the same");
    }

    #[test]
    fn edits_made_while_the_site_has_errors_are_all_picked_up() {
        let dir = example_site();
        let root = dir.path();
        let (mut inc, mut state) = first_build(root);

        // A broken reference fails the build; meanwhile another file changes.
        let (om, original) = break_a_link(root);
        assert!(
            matches!(
                inc.build(&content_change("content/om.md")),
                Err(BuildError::Content(_))
            ),
            "a broken link fails the build"
        );
        let ny = root.join("content/ny.md");
        std::fs::write(&ny, "---\ntitle: Ny\n---\n\nSkriven medan felet fanns.\n").expect("write");
        assert!(
            inc.build(&content_change("content/ny.md")).is_err(),
            "still broken"
        );

        // Fixing it builds both changes, as a clean build would.
        std::fs::write(&om, format!("{original}\nRättad.\n")).expect("write");
        step(
            &mut inc,
            &mut state,
            content_change("content/om.md"),
            "fixed",
        );
        let page = String::from_utf8_lossy(&state["ny/index.html"]).into_owned();
        assert!(page.contains("Skriven medan felet fanns"), "{page}");
        assert!(String::from_utf8_lossy(&state["om/index.html"]).contains("Rättad"));
        assert_same_as_clean_build(root, &state, "the same as a clean build");

        // A change to site.toml rebuilds everything.
        let toml = std::fs::read_to_string(root.join("site.toml")).expect("site.toml");
        std::fs::write(
            root.join("site.toml"),
            toml.replacen("title = \"", "title = \"Ny: ", 1),
        )
        .expect("write");
        let config = Changes {
            config: true,
            ..Changes::default()
        };
        step(&mut inc, &mut state, config, "site.toml");
        assert_same_as_clean_build(root, &state, "after site.toml, the same as a clean build");

        // A site's own data table overriding the official one rebuilds everything.
        let data = override_a_data_table(root);
        step(&mut inc, &mut state, data, "data/");
        assert_same_as_clean_build(root, &state, "after data/, the same as a clean build");
    }

    #[test]
    fn template_and_data_changes_made_while_the_site_has_errors_are_not_lost() {
        let dir = example_site();
        let root = dir.path();
        let (mut inc, mut state) = first_build(root);

        let (om, original) = break_a_link(root);
        assert!(
            inc.build(&content_change("content/om.md")).is_err(),
            "broken link"
        );

        // While it is broken, a template and a data table change.
        let theme = override_template(root, "page.html", "<!-- egen mall -->");
        assert!(inc.build(&theme).is_err(), "still broken");
        let data = override_a_data_table(root);
        assert!(inc.build(&data).is_err(), "still broken");

        // The fix alone is the next change; both earlier changes still show.
        std::fs::write(&om, &original).expect("restore");
        step(
            &mut inc,
            &mut state,
            content_change("content/om.md"),
            "fixed",
        );
        let html = String::from_utf8_lossy(&state["om/index.html"]).into_owned();
        assert!(html.contains("<!-- egen mall -->"), "{html}");
        assert_same_as_clean_build(root, &state, "after the fix, the same as a clean build");
    }

    #[test]
    fn creating_deleting_and_moving_files_equals_a_full_build() {
        let dir = example_site();
        let root = dir.path();
        let (mut inc, mut state) = first_build(root);
        add_and_delete_a_page_and_a_document(root, &mut inc, &mut state);
        add_and_move_a_folder(root, &mut inc, &mut state);
        // A template of the site's own overriding the theme's.
        let theme = override_template(root, "page.html", "<!-- egen mall -->");
        step(&mut inc, &mut state, theme, "template override");
        let html = String::from_utf8_lossy(&state["handbok/index.html"]).into_owned();
        assert!(html.contains("<!-- egen mall -->"), "{html}");
        assert_same_as_clean_build(root, &state, "after the changes, a clean build is the same");
    }

    /// A new ordinary page and a new county document, built, then deleted again.
    fn add_and_delete_a_page_and_a_document(root: &Path, inc: &mut Incremental, state: &mut Files) {
        // A new ordinary page and a new county document.
        std::fs::write(
            root.join("content/ny-sida.md"),
            "---\ntitle: Ny sida\n---\n\nText.\n",
        )
        .expect("write");
        step(inc, state, content_change("content/ny-sida.md"), "new page");
        assert!(state.contains_key("ny-sida/index.html"));
        let county = std::fs::read_dir(root.join("content/lan"))
            .expect("lan")
            .filter_map(Result::ok)
            .find(|e| e.path().is_dir())
            .expect("a county folder")
            .path();
        let doc = county.join("ny-rapport.md");
        std::fs::write(
            &doc,
            "---\ntitle: Ny rapport\nkind: report\ntarget_areas: [levnadsvanor]\n---\n\nText.\n",
        )
        .expect("write");
        let doc_rel = doc
            .strip_prefix(root)
            .expect("prefix")
            .to_string_lossy()
            .into_owned();
        step(inc, state, content_change(&doc_rel), "new document");

        // Deleting them again.
        std::fs::remove_file(&doc).expect("rm");
        step(inc, state, content_change(&doc_rel), "deleted document");
        std::fs::remove_file(root.join("content/ny-sida.md")).expect("rm");
        step(
            inc,
            state,
            content_change("content/ny-sida.md"),
            "deleted page",
        );
        assert!(!state.contains_key("ny-sida/index.html"));
    }

    /// A new folder with a section and a page, then the whole folder moved.
    fn add_and_move_a_folder(root: &Path, inc: &mut Incremental, state: &mut Files) {
        // A new folder, then the whole folder moved.
        std::fs::create_dir_all(root.join("content/mapp")).expect("mkdir");
        std::fs::write(
            root.join("content/mapp/_index.md"),
            "---\ntitle: Mapp\n---\n",
        )
        .expect("write");
        std::fs::write(
            root.join("content/mapp/sida.md"),
            "---\ntitle: Sida\n---\n\nText.\n",
        )
        .expect("write");
        step(inc, state, content_change("content/mapp"), "new folder");
        assert!(state.contains_key("mapp/sida/index.html"));
        std::fs::rename(root.join("content/mapp"), root.join("content/handbok")).expect("mv");
        let moved = Changes {
            content: vec![
                PathBuf::from("content/mapp"),
                PathBuf::from("content/handbok"),
            ],
            ..Changes::default()
        };
        step(inc, state, moved, "moved folder");
        assert!(state.contains_key("handbok/sida/index.html"));
        assert!(!state.keys().any(|k| k.starts_with("mapp/")));
    }

    #[test]
    fn a_template_that_takes_a_heading_id_renames_it_on_every_page() {
        let dir = example_site();
        let root = dir.path();
        let (mut inc, mut state) = first_build(root);
        // The county template (not the ordinary page's) now writes the id that the
        // heading "Det här saknas" of om.md had.
        let theme = override_template(root, "county.html", "<p id=\"det-har-saknas\" hidden></p>");
        step(&mut inc, &mut state, theme, "a template with a new id");
        let html = String::from_utf8_lossy(&state["om/index.html"]).into_owned();
        assert!(html.contains("<h2 id=\"det-har-saknas-1\">"), "{html}");
        assert_same_as_clean_build(root, &state, "after the template change");
    }

    #[test]
    fn template_uses_are_found_in_quotes() {
        assert!(uses("{% extends \"base.html\" %}", "base.html"));
        assert!(uses("{% import 'macros.html' as m %}", "macros.html"));
        assert!(!uses("base.html is mentioned in a comment", "base.html"));
    }
}

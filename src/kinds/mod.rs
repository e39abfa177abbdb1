//! Content kinds: one module per kind of page an author writes (target area, actor role,
//! county, county document, forum, forum part, ordinary page). Each module says, for its
//! kind, what the rest of the pipeline needs to know to put it on the site: its URL, its
//! template, its page fields, its breadcrumbs and its view (the `page` variable of its
//! template), and for a collection its list page.
//!
//! The pipeline's stages ask the kinds through [`PageKind`] (one implementation per kind)
//! and [`Entity`] (one value per page of a kind, with one `match` generated for all kinds
//! by the `entities!` macro); the collections with a folder in `site.toml` are [`Collection`]s.
//! See `src/lib.rs` for why it is a trait and an enum rather than a registry of boxed
//! descriptors.

pub(crate) mod actor;
pub(crate) mod county;
pub(crate) mod document;
pub(crate) mod forum;
pub(crate) mod frontmatter;
pub(crate) mod glossary;
pub(crate) mod page;
pub(crate) mod part;
pub(crate) mod refs;
mod site;
pub(crate) mod target_area;
pub(crate) mod view;

pub(crate) use crate::config::Collection;
use crate::config::Collections;
use crate::diagnostics::Diagnostic;
use crate::kinds::view::{Link, Views};
use crate::model::{Id, Kind, PageMeta};
use crate::record::Record;
use crate::strings::Strings;
pub(crate) use actor::Actor;
pub(crate) use county::{County, DeclarationState, Person};
pub(crate) use document::Document;
pub(crate) use forum::Forum;
pub(crate) use frontmatter::LoadedFile;
pub(crate) use glossary::Term;
pub(crate) use page::Page;
pub(crate) use part::Part;
pub(crate) use site::{Backlinks, OfficialBody, PageTree, Ref, Site};
pub(crate) use target_area::TargetArea;

/// A kind of entity with a page of its own: everything the renderer, the sitemap and the
/// collision check need to know about its pages.
pub(crate) trait PageKind: Kind + Sized {
    /// The template that renders its pages.
    const TEMPLATE: &'static str;
    /// How many entities of this kind the site has (their ids are `0..count`).
    fn count(site: &Site) -> usize;
    /// The root-relative URL of one entity's page.
    fn url(site: &Site, id: Id<Self>) -> String;
    /// The page fields the author wrote, if the entity has a content file.
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta>;
    /// Breadcrumbs from the home page to the page's parent.
    fn crumbs(v: &Views<'_>, id: Id<Self>) -> Vec<Link>;
    /// The `page` variable of its template.
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value;
    /// A stable name of the entity that does not change when ids do (`ta:<slug>`): the
    /// dev server follows an entity from one build to the next by it.
    fn key(site: &Site, id: Id<Self>) -> String;
    /// What other pages can show of the entity: everything but its body, as text. Two
    /// entities with the same shape look the same everywhere but on their own page.
    fn shape(site: &Site, id: Id<Self>) -> String;
    /// The pages that show something of the entity (its title, URL, summary, dates, its
    /// references): the other end of every reference in either direction, breadcrumbs
    /// and previous/next links. Not its own page, and not the site pages that list whole
    /// collections (`render::pages::site_pages`), which the dev server always renders
    /// again when a shape changes. This is what the kind's pages depend on, declared
    /// next to the views that read it.
    fn shown_on(site: &Site, id: Id<Self>) -> Vec<Entity>;
    /// The entity's search record: its title and texts, its kind's facet value and its
    /// other facet values, and what weighs them; `None` keeps the page out of search.
    /// `search::records` only drives these.
    fn record<'a>(site: &'a Site, t: &Strings, id: Id<Self>) -> Option<Record<'a>>;
    /// The references the entity's front matter makes to other entities: `out(named,
    /// field, at, sub)` for each, in the order of its fields ([`crate::kinds::Ref`] says
    /// what `at` and `sub` are). [`crate::resolve`] turns them round into the
    /// cross-links of the pages they name ([`crate::kinds::Backlinks`]). Most kinds name
    /// none.
    fn refer(
        _site: &Site,
        _id: Id<Self>,
        _out: &mut dyn FnMut(Entity, &'static str, usize, usize),
    ) {
    }
    /// True for the kind whose records come after every other kind's (the ordinary
    /// pages): the order of the records numbers the pages of the search index.
    const RECORD_LAST: bool = false;
    /// Its values in the search's kind facet (its records' `kind`), and where they go
    /// among the other kinds' values on the search page.
    const KIND_FACET: KindFacet;
    /// For the kind that heads a collection (its files are the collection's
    /// `<slug>.md` or `<slug>/_index.md`): the own fields of the collection's list page
    /// (the `page` variable without the page fields). `None` for the other kinds.
    fn list_view(
        _v: &Views<'_>,
        _extras: &crate::kinds::view::Extras,
    ) -> Option<serde_json::Value> {
        None
    }
    /// For the kind that heads a collection: false when the list page exists only when
    /// the site has entities of the kind or an `_index.md` for the collection (the
    /// glossary, v2, so that a site without one is built as before).
    const LIST_WHEN_EMPTY: bool = true;
    /// Rewrites the HTML of a body on any page (the glossary marks the first use of each
    /// term); most kinds leave it as it is.
    fn mark_body(_site: &Site, html: String) -> String {
        html
    }
}

/// A kind's values in the search's kind facet, in the order the search page lists them,
/// and the kind's place among the kinds there (values of a lower place come first).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindFacet {
    /// The kind's place among the kinds (target areas 10, counties 20, …).
    pub place: u32,
    /// The values its records take (`lan`; a county document's four kinds).
    pub values: &'static [&'static str],
}

impl KindFacet {
    /// The rank of `value` in the kind facet: by the kind's place, then by its order in
    /// `values`; a value the kind does not list comes after the kind's listed ones.
    pub(crate) fn rank(&self, value: &str) -> u32 {
        let at = self.values.iter().position(|v| *v == value);
        self.place * 100 + at.map_or(99, |i| i as u32)
    }
}

/// Where a kind's content files sit under `content/`: [`crate::load`] classifies every
/// file by the places the kinds declare, so a new kind adds no arm there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// One file per entity: `<folder>/<slug>.md`.
    File(Collection),
    /// One folder per entity: `<folder>/<slug>/_index.md`.
    Folder(Collection),
    /// A file in an entity's folder: `<folder>/<parent>/<slug>.md`.
    InFolder(Collection),
    /// Any other Markdown file (the ordinary pages): `<path>.md` or `<path>/_index.md`.
    Pages,
}

impl Place {
    /// True when the kind's files are the entities of collection `c` itself (not files
    /// inside an entity's folder): the kind heads the collection and has its list page.
    pub(crate) fn heads(self, c: Collection) -> bool {
        matches!(self, Place::File(k) | Place::Folder(k) if k == c)
    }

    /// The collection whose folder holds the files, if any.
    pub(crate) fn collection(self) -> Option<Collection> {
        match self {
            Place::File(c) | Place::Folder(c) | Place::InFolder(c) => Some(c),
            Place::Pages => None,
        }
    }

    /// Where a file sits when its path, after the collection's folder, is `rest`.
    pub(crate) fn slot(self, rest: &[&str]) -> Option<Slot> {
        let slot = |parent: &str, slug: &str, section| Slot {
            parent: parent.to_string(),
            slug: slug.to_string(),
            section,
        };
        match (self, rest) {
            (Place::File(_), [slug]) if *slug != "_index" => Some(slot("", slug, false)),
            (Place::Folder(_), [slug, "_index"]) => Some(slot("", slug, true)),
            (Place::InFolder(_), [parent, slug]) if *slug != "_index" => {
                Some(slot(parent, slug, false))
            }
            _ => None,
        }
    }

    /// The file's path under `content/` and its page's path under the base URL.
    pub(crate) fn paths(self, c: &Collections, slot: &Slot) -> (String, String) {
        let (s, p) = (&slot.slug, &slot.parent);
        match self {
            Place::File(k) => (
                format!("{}/{s}.md", k.folder(c)),
                format!("{}/{s}/", k.folder(c)),
            ),
            Place::Folder(k) => (
                format!("{}/{s}/_index.md", k.folder(c)),
                format!("{}/{s}/", k.folder(c)),
            ),
            Place::InFolder(k) => (
                format!("{}/{p}/{s}.md", k.folder(c)),
                format!("{}/{p}/{s}/", k.folder(c)),
            ),
            Place::Pages if slot.section => (format!("{s}/_index.md"), format!("{s}/")),
            Place::Pages => (format!("{s}.md"), format!("{s}/")),
        }
    }
}

/// Where one content file sits, read from its path by a kind's [`Place`]: the slug of the
/// folder it is in (for [`Place::InFolder`]), its own slug (for ordinary pages, the path
/// without `.md` and `/_index`) and whether it is a folder's `_index.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The slug of the entity whose folder holds the file (empty when none).
    pub parent: String,
    /// The file's own slug, or an ordinary page's path.
    pub slug: String,
    /// True for an `_index.md`.
    pub section: bool,
}

impl From<Slot> for String {
    fn from(s: Slot) -> String {
        s.slug
    }
}

impl From<Slot> for (String, String) {
    fn from(s: Slot) -> (String, String) {
        (s.parent, s.slug)
    }
}

impl From<Slot> for (String, bool) {
    fn from(s: Slot) -> (String, bool) {
        (s.slug, s.section)
    }
}

impl Slot {
    /// The slot of a key (the inverse of the `From<Slot>` conversions).
    pub fn of<K: Into<Slot> + Clone>(key: &K) -> Slot {
        key.clone().into()
    }
}

impl From<String> for Slot {
    fn from(slug: String) -> Slot {
        Slot {
            parent: String::new(),
            slug,
            section: false,
        }
    }
}

impl From<(String, String)> for Slot {
    fn from((parent, slug): (String, String)) -> Slot {
        Slot {
            parent,
            slug,
            section: false,
        }
    }
}

impl From<(String, bool)> for Slot {
    fn from((slug, section): (String, bool)) -> Slot {
        Slot {
            parent: String::new(),
            slug,
            section,
        }
    }
}

/// A front-matter field that names entities of another kind by slug (`county: dalarna`,
/// `target_areas: [levnadsvanor]`), wherever it appears in the front matter (also inside
/// lists of mappings, such as the `speakers` of a forum's program). The kinds declare
/// theirs, so that the references of a file whose front matter has other errors are
/// still checked in the same run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RefField {
    /// The YAML key.
    pub key: &'static str,
    /// The kind it names.
    pub to: KindTag,
}

impl RefField {
    /// The field `key`, naming entities of kind `to`.
    pub(crate) const fn new(key: &'static str, to: KindTag) -> Self {
        RefField { key, to }
    }
}

/// How `blomma new` writes a file of a kind ([`ContentKind::NEW`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewFile {
    /// The names `blomma new` knows the kind by; the first is its archetype's file name.
    pub names: &'static [&'static str],
    /// The built-in archetype (a site's `archetypes/<name>.md` overrides it).
    pub archetype: &'static str,
    /// An example path under the kind's folder, for messages (`dalarna/avsikt-2025`).
    pub example: &'static str,
}

/// One loaded content file of kind `K`: where it sits and what it holds.
pub(crate) type LoadedOf<K> = (
    <K as ContentKind>::Key,
    std::sync::Arc<crate::kinds::LoadedFile<<K as ContentKind>::Fm>>,
);

/// A kind whose entities come from content files: where they live, what their front
/// matter is, which of its fields name other entities, how it is resolved, and what
/// `blomma schema` calls it. [`crate::load`] and [`crate::resolve`] only ask these.
pub(crate) trait ContentKind: PageKind + Send + Sync + 'static {
    /// The front matter, as the loader reads it (and `blomma schema` describes it).
    type Fm: serde::de::DeserializeOwned
        + crate::kinds::frontmatter::Common
        + schemars::JsonSchema
        + std::fmt::Debug
        + Clone
        + Send
        + Sync
        + 'static;
    /// What identifies a loaded file within the kind (a slug; for a file in a folder, the
    /// folder's slug and its own).
    type Key: From<Slot> + Into<Slot> + Clone + std::fmt::Debug + Send + Sync + 'static;
    /// Where its files are.
    const PLACE: Place;
    /// What one entity is called in messages (`county`, `forum part`).
    const NOUN: &'static str;
    /// True when its files must have a `title`.
    const TITLED: bool;
    /// Its JSON Schema's file name and title (`blomma schema`).
    const SCHEMA: (&'static str, &'static str);
    /// Its reference fields.
    const REFS: &'static [RefField] = &[];
    /// What `blomma new` needs to write files of the kind: one entry per archetype (a
    /// county document has two, declaration and other document).
    const NEW: &'static [NewFile] = &[];
    /// Resolves the loaded files of the kind into its entities, in id order.
    fn resolve(
        cx: &crate::kinds::refs::Cx<'_>,
        loaded: &[LoadedOf<Self>],
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Self>;
}

/// Calls [`KindVisitor::visit`] once per kind, in declaration order; for code that does
/// the same for every kind's types (`blomma schema`).
pub(crate) trait KindVisitor {
    /// Visits kind `K`.
    fn visit<K: ContentKind>(&mut self);
}

/// A kind as a variant of [`Entity`] (implemented for every kind by `entities!`).
pub(crate) trait Variant: Kind + Sized {
    /// The entity of the page with this id.
    fn entity(id: Id<Self>) -> Entity;
    /// The id, when the entity is of this kind.
    fn id_of(e: Entity) -> Option<Id<Self>>;
}

/// Declares [`Entity`], one variant per [`PageKind`], the per-kind storage of loaded files
/// ([`LoadedKinds`]) and of resolved entities ([`Entities`]), and the methods that dispatch
/// to the kind of each variant. A new kind is one more name in the invocation below.
macro_rules! entities {
    ($($kind:ident => $field:ident),* $(,)?) => {
        // Every kind's type can be the `K` of a typed [`Id`].
        $( impl Kind for $kind {} )*

        /// One page of a content kind.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Entity {
            $(
                #[doc = concat!("A page of kind [`", stringify!($kind), "`].")]
                $kind(Id<$kind>),
            )*
        }

        /// A content kind, without an entity.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum KindTag {
            $(
                #[doc = concat!("Kind [`", stringify!($kind), "`].")]
                $kind,
            )*
        }

        /// The entities of every kind, one vector per kind in id order ([`Site`] derefs to it).
        #[derive(Debug, Default)]
        pub(crate) struct Entities {
            $(
                #[doc = concat!("The entities of kind [`", stringify!($kind), "`].")]
                pub $field: Vec<$kind>,
            )*
        }

        /// The loaded, unresolved files of every kind.
        #[derive(Debug, Default)]
        pub(crate) struct LoadedKinds {
            $(
                #[doc = concat!("The files of kind [`", stringify!($kind), "`].")]
                pub $field: Vec<LoadedOf<$kind>>,
            )*
        }

        /// One loaded file of some kind.
        #[derive(Debug, Clone)]
        pub(crate) enum LoadedOne {
            $(
                #[doc = concat!("A file of kind [`", stringify!($kind), "`].")]
                $kind(LoadedOf<$kind>),
            )*
        }

        $(
            impl Variant for $kind {
                fn entity(id: Id<Self>) -> Entity {
                    Entity::$kind(id)
                }
                fn id_of(e: Entity) -> Option<Id<Self>> {
                    match e {
                        Entity::$kind(id) => Some(id),
                        _ => None,
                    }
                }
            }
        )*


        impl KindTag {
            /// Every kind, in declaration order.
            pub(crate) const ALL: [KindTag; Entity::KINDS] = [$(KindTag::$kind),*];
            /// Where its files are.
            pub(crate) fn place(self) -> Place {
                match self { $( KindTag::$kind => <$kind as ContentKind>::PLACE, )* }
            }
            /// What one entity is called in messages.
            pub(crate) fn noun(self) -> &'static str {
                match self { $( KindTag::$kind => <$kind as ContentKind>::NOUN, )* }
            }
            /// The file name of its JSON Schema (`blomma schema`).
            pub(crate) fn schema_file(self) -> &'static str {
                match self { $( KindTag::$kind => <$kind as ContentKind>::SCHEMA.0, )* }
            }
            /// How `blomma new` writes files of the kind.
            pub(crate) fn new_files(self) -> &'static [NewFile] {
                match self { $( KindTag::$kind => <$kind as ContentKind>::NEW, )* }
            }
            /// Its reference fields.
            pub(crate) fn refs(self) -> &'static [RefField] {
                match self { $( KindTag::$kind => <$kind as ContentKind>::REFS, )* }
            }
            /// Parses one file of the kind with the loader's `parse`.
            pub(crate) fn parse(
                self,
                slot: Slot,
                p: &impl ParseKind,
            ) -> Result<LoadedOne, Vec<Diagnostic>> {
                match self {
                    $( KindTag::$kind => Ok(LoadedOne::$kind((slot.into(), p.parse_kind::<$kind>()?))), )*
                }
            }
        }

        impl LoadedOne {
            /// True when the file is a draft.
            pub(crate) fn draft(&self) -> bool {
                use crate::kinds::frontmatter::Common;
                match self { $( LoadedOne::$kind((_, f)) => f.fm.draft(), )* }
            }
        }

        impl LoadedKinds {
            /// Adds one loaded file.
            pub(crate) fn push(&mut self, one: LoadedOne) {
                match one { $( LoadedOne::$kind(x) => self.$field.push(x), )* }
            }
            /// Takes out the file whose path relative to the site root is `source`.
            pub(crate) fn remove(&mut self, source: &str) {
                $( self.$field.retain(|(_, f)| f.file.rel_path != source); )*
            }
            /// Every file's path under `content/` and its page's path under the base
            /// URL, with its body: the targets of `@/` links.
            pub(crate) fn targets(&self, c: &Collections) -> Vec<(String, String, &crate::markdown::Body)> {
                let mut v = Vec::new();
                $(
                    for (key, f) in &self.$field {
                        let (file, url) = <$kind as ContentKind>::PLACE.paths(c, &Slot::of(key));
                        v.push((file, url, &*f.body));
                    }
                )*
                v
            }
        }

        impl Entities {
            /// Resolves every kind's files, kind by kind in declaration order.
            pub(crate) fn resolve(
                cx: &crate::kinds::refs::Cx<'_>,
                loaded: &LoadedKinds,
                diags: &mut Vec<Diagnostic>,
            ) -> Entities {
                Entities { $( $field: <$kind as ContentKind>::resolve(cx, &loaded.$field, diags), )* }
            }
        }

        /// A page body's HTML, as every kind's [`PageKind::mark_body`] rewrites it.
        pub(crate) fn mark_body(site: &Site, html: String) -> String {
            let mut html = html;
            $( html = $kind::mark_body(site, html); )*
            html
        }

        /// Visits every kind in declaration order (see [`KindVisitor`]).
        pub(crate) fn visit_kinds(v: &mut impl KindVisitor) {
            $( v.visit::<$kind>(); )*
        }

        /// What the kinds add to the collections of `site.toml` ([`Collection`], in
        /// [`crate::config`]): which list pages a site has, what they list and show, from
        /// the kind that heads each collection ([`Place::heads`]).
        impl Collection {
            /// True when the site has the collection's list page (see
            /// [`PageKind::LIST_WHEN_EMPTY`]).
            pub(crate) fn has_list(self, site: &Site) -> bool {
                $(
                    if <$kind as ContentKind>::PLACE.heads(self) && !$kind::LIST_WHEN_EMPTY {
                        return $kind::count(site) > 0 || site.collection_intro.contains_key(&self);
                    }
                )*
                true
            }

            /// The entities the collection's `_index.md` introduces, kind by kind: the
            /// list page shows its title, and so do the breadcrumbs of every page in
            /// the collection.
            pub(crate) fn members(self, site: &Site) -> Vec<Entity> {
                let mut v = Vec::new();
                $(
                    if <$kind as ContentKind>::PLACE.collection() == Some(self) {
                        v.extend((0..$kind::count(site)).map(|i| Entity::$kind(Id::new(i))));
                    }
                )*
                v
            }

            /// The list page's own fields (the `page` variable without the page fields),
            /// from the module of the kind that heads the collection.
            pub(crate) fn list_view(
                self,
                v: &Views<'_>,
                extras: &crate::kinds::view::Extras,
            ) -> serde_json::Value {
                $(
                    if <$kind as ContentKind>::PLACE.heads(self) {
                        if let Some(view) = $kind::list_view(v, extras) {
                            return view;
                        }
                    }
                )*
                serde_json::Value::Null
            }
        }

        impl Entity {
            /// How many kinds there are.
            pub(crate) const KINDS: usize = [$(stringify!($kind)),*].len();

            /// Every page of every kind, kind by kind in declaration order, each kind in
            /// id order.
            pub(crate) fn all(site: &Site) -> Vec<Entity> {
                let mut v = Vec::new();
                $( v.extend((0..$kind::count(site)).map(|i| Entity::$kind(Id::new(i)))); )*
                v
            }
            /// The page's URL.
            pub(crate) fn url(self, site: &Site) -> String {
                match self { $( Entity::$kind(id) => $kind::url(site, id), )* }
            }
            /// The page's template.
            pub(crate) fn template(self) -> &'static str {
                match self { $( Entity::$kind(_) => $kind::TEMPLATE, )* }
            }
            /// The page fields the author wrote, if any.
            pub(crate) fn meta(self, site: &Site) -> Option<&PageMeta> {
                match self { $( Entity::$kind(id) => $kind::meta(site, id), )* }
            }
            /// Breadcrumbs from home to the page's parent.
            pub(crate) fn crumbs(self, v: &Views<'_>) -> Vec<Link> {
                match self { $( Entity::$kind(id) => $kind::crumbs(v, id), )* }
            }
            /// The `page` variable of the page's template.
            pub(crate) fn view(self, v: &Views<'_>) -> serde_json::Value {
                match self { $( Entity::$kind(id) => $kind::view(v, id), )* }
            }
            /// The entity's stable name (see [`PageKind::key`]).
            pub(crate) fn key(self, site: &Site) -> String {
                match self { $( Entity::$kind(id) => $kind::key(site, id), )* }
            }
            /// What other pages can show of the entity (see [`PageKind::shape`]).
            pub(crate) fn shape(self, site: &Site) -> String {
                match self { $( Entity::$kind(id) => $kind::shape(site, id), )* }
            }
            /// The pages that show something of the entity (see [`PageKind::shown_on`]).
            pub(crate) fn shown_on(self, site: &Site) -> Vec<Entity> {
                match self { $( Entity::$kind(id) => $kind::shown_on(site, id), )* }
            }
            /// The entity's search record (see [`PageKind::record`]).
            pub(crate) fn record<'a>(self, site: &'a Site, t: &Strings) -> Option<Record<'a>> {
                match self { $( Entity::$kind(id) => $kind::record(site, t, id), )* }
            }
            /// The references it makes (see [`PageKind::refer`]).
            pub(crate) fn refer(self, site: &Site, out: &mut dyn FnMut(Entity, &'static str, usize, usize)) {
                match self { $( Entity::$kind(id) => $kind::refer(site, id, out), )* }
            }
            /// The rank of its record's kind `value` in the kind facet ([`PageKind::KIND_FACET`]).
            pub(crate) fn kind_rank(self, value: &str) -> u32 {
                match self { $( Entity::$kind(_) => $kind::KIND_FACET.rank(value), )* }
            }

            /// True when its records come last (see [`PageKind::RECORD_LAST`]).
            pub(crate) fn record_last(self) -> bool {
                match self { $( Entity::$kind(_) => $kind::RECORD_LAST, )* }
            }
        }
    };
}

entities!(
    TargetArea => target_areas,
    Actor => actors,
    County => counties,
    Document => documents,
    Forum => forums,
    Part => parts,
    Page => pages,
    Term => terms,
);

/// Page fields without the body, for [`PageKind::shape`].
pub(crate) fn strip_body(m: &PageMeta) -> PageMeta {
    let mut m = m.clone();
    m.body = Default::default();
    m.link_urls.clear();
    m
}

/// An entity as text with its page fields stripped of the body, for [`PageKind::shape`].
pub(crate) fn without_body<T: Clone + std::fmt::Debug>(
    e: &T,
    meta: impl FnOnce(&mut T) -> &mut PageMeta,
) -> String {
    let mut e = e.clone();
    let m = meta(&mut e);
    *m = strip_body(m);
    format!("{e:?}")
}

/// Constructors of [`Entity`] from plain indices, for the kinds' `shown_on`.
pub(crate) mod ent {
    use super::*;
    /// A target area.
    pub(crate) fn ta(i: usize) -> Entity {
        Entity::TargetArea(Id::new(i))
    }
    /// An actor role.
    pub(crate) fn actor(i: usize) -> Entity {
        Entity::Actor(Id::new(i))
    }
    /// A county.
    pub(crate) fn county(i: usize) -> Entity {
        Entity::County(Id::new(i))
    }
    /// A county document.
    pub(crate) fn doc(i: usize) -> Entity {
        Entity::Document(Id::new(i))
    }
    /// A forum.
    pub(crate) fn forum(i: usize) -> Entity {
        Entity::Forum(Id::new(i))
    }
    /// A forum part.
    pub(crate) fn part(i: usize) -> Entity {
        Entity::Part(Id::new(i))
    }
    /// An ordinary page.
    pub(crate) fn page(i: usize) -> Entity {
        Entity::Page(Id::new(i))
    }
    /// The indices of typed ids.
    pub(crate) fn ids<K: Kind>(v: &[Id<K>]) -> impl Iterator<Item = usize> + '_ {
        v.iter().map(|x| x.index())
    }
}

/// Parses the front matter and body of one file as the kind `K` asks: the loader's side
/// of [`crate::kinds::KindTag::parse`].
pub(crate) trait ParseKind {
    /// The file's content as kind `K`.
    fn parse_kind<K: ContentKind>(
        &self,
    ) -> Result<std::sync::Arc<LoadedFile<K::Fm>>, Vec<crate::diagnostics::Diagnostic>>;
}

#[cfg(test)]
mod tests {
    use crate::kinds::view::Extras;
    use crate::kinds::view::Views;
    use crate::render::pages::jobs;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// The section of `docs/TEMPLATE-CONTEXT.md` under `### {kind}`, up to the next heading.
    fn section<'a>(doc: &'a str, kind: &str) -> Option<&'a str> {
        let start = doc.find(&format!("\n### {kind}\n"))? + kind.len() + 6;
        let end = doc[start..].find("\n#").map_or(doc.len(), |e| start + e);
        Some(&doc[start..end])
    }

    /// True when the text names `field` as a documented field: `` `field` ``,
    /// `` `field: …` `` or `` `field.…` ``.
    fn names(text: &str, field: &str) -> bool {
        [" ", "`", ":", "."]
            .iter()
            .any(|end| text.contains(&format!("`{field}{end}")))
    }

    /// Every field of every page's view of the example site, and the page fields of the
    /// common table, are documented in `docs/TEMPLATE-CONTEXT.md` under the page's kind,
    /// so the document cannot drift from the views.
    #[test]
    fn template_context_documents_every_field_of_every_view() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::config::load(root, None).expect("site.toml");
        let tables = crate::data::load(root).expect("tables");
        let (loaded, diags) = crate::load::load(root, &config, false).expect("load");
        assert!(diags.is_empty(), "the example site loads");
        let site = crate::resolve::resolve(config, tables, loaded).expect("the example site");
        let theme = crate::render::templates::collect(
            root,
            site.config.theme.as_deref(),
            site.config.language.code(),
        )
        .expect("theme");
        let views = Views {
            site: &site,
            t: &theme.strings,
        };
        let doc = std::fs::read_to_string(root.join("docs/TEMPLATE-CONTEXT.md")).expect("doc");
        let common: BTreeSet<&str> = [
            "title",
            "url",
            "permalink",
            "summary",
            "kind",
            "content_html",
            "toc",
            "updated",
            "extra",
            "source_path",
        ]
        .into();
        let mut fields: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for job in jobs(&site) {
            let page = views.build(job, &Extras::default()).page;
            let kind = page["kind"].as_str().expect("kind").to_string();
            let keys = page.as_object().expect("an object").keys().cloned();
            fields.entry(kind).or_default().extend(keys);
        }
        let mut missing = Vec::new();
        for (kind, keys) in &fields {
            assert!(
                doc.contains(&format!("| `{kind}` |")),
                "kind `{kind}` is not in the table of kinds"
            );
            let text = section(&doc, kind).unwrap_or("");
            for key in keys.iter().filter(|k| !common.contains(k.as_str())) {
                if !names(text, key) {
                    missing.push(format!("{kind}.{key}"));
                }
            }
        }
        for key in common {
            assert!(doc.contains(&format!("| `page.{key}` |")), "page.{key}");
        }
        assert!(missing.is_empty(), "undocumented fields: {missing:?}");
    }
}

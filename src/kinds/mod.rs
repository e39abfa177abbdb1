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

pub mod actor;
pub mod county;
pub mod document;
pub mod forum;
pub mod glossary;
pub mod page;
pub mod part;
pub mod target_area;

use crate::config::Collections;
use crate::model::{Actor, County, Document, Forum, Id, Kind, Page, PageMeta, Part, TargetArea};
use crate::render::context::{Link, Views};
use crate::site::Site;
use glossary::Term;

/// A kind of entity with a page of its own: everything the renderer, the sitemap and the
/// collision check need to know about its pages.
pub trait PageKind: Kind + Sized {
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
}

/// Declares [`Entity`], one variant per [`PageKind`], and the methods that dispatch to the
/// kind of each variant. A new kind is one more name in the invocation below.
macro_rules! entities {
    ($($kind:ident),* $(,)?) => {
        /// One page of a content kind.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Entity {
            $(
                #[doc = concat!("A page of kind [`", stringify!($kind), "`].")]
                $kind(Id<$kind>),
            )*
        }

        impl Entity {
            /// How many kinds there are.
            pub const KINDS: usize = [$(stringify!($kind)),*].len();

            /// Every page of every kind, kind by kind in declaration order, each kind in
            /// id order.
            pub fn all(site: &Site) -> Vec<Entity> {
                let mut v = Vec::new();
                $( v.extend((0..$kind::count(site)).map(|i| Entity::$kind(Id::new(i)))); )*
                v
            }
            /// The page's URL.
            pub fn url(self, site: &Site) -> String {
                match self { $( Entity::$kind(id) => $kind::url(site, id), )* }
            }
            /// The page's template.
            pub fn template(self) -> &'static str {
                match self { $( Entity::$kind(_) => $kind::TEMPLATE, )* }
            }
            /// The page fields the author wrote, if any.
            pub fn meta(self, site: &Site) -> Option<&PageMeta> {
                match self { $( Entity::$kind(id) => $kind::meta(site, id), )* }
            }
            /// Breadcrumbs from home to the page's parent.
            pub fn crumbs(self, v: &Views<'_>) -> Vec<Link> {
                match self { $( Entity::$kind(id) => $kind::crumbs(v, id), )* }
            }
            /// The `page` variable of the page's template.
            pub fn view(self, v: &Views<'_>) -> serde_json::Value {
                match self { $( Entity::$kind(id) => $kind::view(v, id), )* }
            }
            /// The entity's stable name (see [`PageKind::key`]).
            pub fn key(self, site: &Site) -> String {
                match self { $( Entity::$kind(id) => $kind::key(site, id), )* }
            }
            /// What other pages can show of the entity (see [`PageKind::shape`]).
            pub fn shape(self, site: &Site) -> String {
                match self { $( Entity::$kind(id) => $kind::shape(site, id), )* }
            }
            /// The pages that show something of the entity (see [`PageKind::shown_on`]).
            pub fn shown_on(self, site: &Site) -> Vec<Entity> {
                match self { $( Entity::$kind(id) => $kind::shown_on(site, id), )* }
            }
        }
    };
}

entities!(TargetArea, Actor, County, Document, Forum, Part, Page, Term);

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

/// The collections whose folder `site.toml` names under `[collections]`; each has a list
/// page at its folder's URL, introduced by the folder's `_index.md` when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Collection {
    /// Target areas.
    TargetAreas,
    /// Actor roles.
    Actors,
    /// Counties.
    Counties,
    /// Forums.
    Forums,
    /// Glossary terms (v2).
    Glossary,
}

impl Collection {
    /// Every collection, in the order of their list pages in the sitemap.
    pub const ALL: [Collection; 5] = [
        Collection::TargetAreas,
        Collection::Actors,
        Collection::Counties,
        Collection::Forums,
        Collection::Glossary,
    ];

    /// The collection's key under `[collections]` in `site.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Collection::TargetAreas => "target_areas",
            Collection::Actors => "actors",
            Collection::Counties => "counties",
            Collection::Forums => "forums",
            Collection::Glossary => "glossary",
        }
    }

    /// The collection's folder under `content/`, as the site names it.
    pub fn folder(self, c: &Collections) -> &str {
        match self {
            Collection::TargetAreas => &c.target_areas,
            Collection::Actors => &c.actors,
            Collection::Counties => &c.counties,
            Collection::Forums => &c.forums,
            Collection::Glossary => &c.glossary,
        }
    }

    /// The collection whose folder is `name`, if any.
    pub fn of_folder(name: &str, c: &Collections) -> Option<Collection> {
        Collection::ALL.into_iter().find(|k| k.folder(c) == name)
    }

    /// The UI string naming the collection in the navigation (and its list page's
    /// breadcrumb when the folder has no `_index.md`).
    pub fn nav_key(self) -> &'static str {
        match self {
            Collection::TargetAreas => "nav_target_areas",
            Collection::Actors => "nav_actors",
            Collection::Counties => "nav_counties",
            Collection::Forums => "nav_forums",
            Collection::Glossary => "nav_glossary",
        }
    }

    /// The UI string that titles the list page when the folder has no `_index.md`.
    pub fn list_title_key(self) -> &'static str {
        match self {
            Collection::Counties => "overview_title",
            other => other.nav_key(),
        }
    }

    /// The list page's `page.kind`.
    pub fn list_kind(self) -> &'static str {
        match self {
            Collection::TargetAreas => "target_area_list",
            Collection::Actors => "actor_list",
            Collection::Counties => "county_overview",
            Collection::Forums => "forum_list",
            Collection::Glossary => "glossary",
        }
    }

    /// The list page's template.
    pub fn list_template(self) -> &'static str {
        match self {
            Collection::TargetAreas => "target_areas.html",
            Collection::Actors => "actors.html",
            Collection::Counties => "counties.html",
            Collection::Forums => "forums.html",
            Collection::Glossary => "glossary.html",
        }
    }

    /// True when the site has the collection's list page: always, but for the glossary
    /// (v2), whose list exists only when the site has terms or a `_index.md` for it, so
    /// that a site without a glossary is built as before.
    pub fn has_list(self, site: &Site) -> bool {
        match self {
            Collection::Glossary => {
                !site.terms.is_empty() || site.collection_intro.contains_key(&self)
            }
            _ => true,
        }
    }

    /// The entities the collection's `_index.md` introduces: the list page shows its
    /// title, and so do the breadcrumbs of every page in the collection.
    pub fn members(self, site: &Site) -> Vec<Entity> {
        let all = |n: usize, f: fn(usize) -> Entity| (0..n).map(f).collect::<Vec<_>>();
        match self {
            Collection::TargetAreas => all(site.target_areas.len(), ent::ta),
            Collection::Actors => all(site.actors.len(), ent::actor),
            Collection::Counties => {
                let mut v = all(site.counties.len(), ent::county);
                v.extend(all(site.documents.len(), ent::doc));
                v
            }
            Collection::Forums => {
                let mut v = all(site.forums.len(), ent::forum);
                v.extend(all(site.parts.len(), ent::part));
                v
            }
            Collection::Glossary => (0..site.terms.len())
                .map(|i| Entity::Term(Id::new(i)))
                .collect(),
        }
    }

    /// The list page's own fields (the `page` variable without the page fields), from the
    /// module of the collection's kind.
    pub fn list_view(
        self,
        v: &Views<'_>,
        extras: &crate::render::pages::Extras,
    ) -> serde_json::Value {
        match self {
            Collection::TargetAreas => target_area::list_view(v, extras),
            Collection::Actors => actor::list_view(v),
            Collection::Counties => county::list_view(v, extras),
            Collection::Forums => forum::list_view(v),
            Collection::Glossary => glossary::list_view(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::render::context::Views;
    use crate::render::pages::{jobs, Extras};
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

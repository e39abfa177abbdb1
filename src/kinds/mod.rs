//! Content kinds: one module per kind of page an author writes (target area, actor role,
//! county, county document, forum, forum part, ordinary page). Each module says, for its
//! kind, what the rest of the pipeline needs to know to put it on the site: its URL, its
//! template, its page fields, its breadcrumbs and its view (the `page` variable of its
//! template), and for a collection its list page.
//!
//! The pipeline's stages ask the kinds through [`PageKind`] (one implementation per kind)
//! and [`Entity`] (one value per page of a kind, with one `match` generated for all kinds
//! by [`entities!`]); the collections with a folder in `site.toml` are [`Collection`]s.
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
        }
    };
}

entities!(TargetArea, Actor, County, Document, Forum, Part, Page, Term);

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

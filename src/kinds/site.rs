//! The frozen, resolved site: every entity by typed id, their URLs and the two-way
//! cross-links. Every later stage (render, search, output) only reads it.

use crate::config::Config;
use crate::data::Tables;
use crate::kinds::{
    Actor, County, DeclarationState, Document, Entity, Forum, Page, PageKind, Part, TargetArea,
    Variant,
};
use crate::model::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// The resolved site.
#[derive(Debug)]
pub(crate) struct Site {
    /// Configuration.
    pub config: Config,
    /// Official and site tables.
    pub tables: Tables,
    /// The home page.
    pub home: Page,
    /// Intros of the collection list pages, by collection.
    pub collection_intro: HashMap<crate::kinds::Collection, PageMeta>,
    /// The entities of every content kind, one vector per kind in id order (target
    /// areas in number order, actor roles by level, weight and title, counties in table
    /// order, forums newest first, glossary terms in A–Ö order); `site.counties` and the
    /// like reach them through `Deref`.
    pub entities: crate::kinds::Entities,
    /// Files copied as they are: (output path, source).
    pub assets: Vec<(String, PathBuf)>,
    /// Two-way cross-links.
    pub links: Backlinks,
    /// Ordinary pages by folder: section path → indices of the pages directly in it.
    pub page_tree: PageTree,
}

impl std::ops::Deref for Site {
    type Target = crate::kinds::Entities;
    fn deref(&self) -> &crate::kinds::Entities {
        &self.entities
    }
}

impl std::ops::DerefMut for Site {
    fn deref_mut(&mut self) -> &mut crate::kinds::Entities {
        &mut self.entities
    }
}

/// Folder structure of the ordinary pages, so lookups stay linear in the site's size.
#[derive(Debug, Default)]
pub(crate) struct PageTree {
    /// Section path → index of its `_index.md` page.
    pub sections: HashMap<String, usize>,
    /// Folder path → indices of the pages directly inside it.
    pub children: HashMap<String, Vec<usize>>,
}

impl PageTree {
    /// Indexes the ordinary pages.
    pub(crate) fn new(pages: &[Page]) -> Self {
        let mut t = PageTree::default();
        for (i, p) in pages.iter().enumerate() {
            if p.is_section {
                t.sections.insert(p.path.clone(), i);
            }
            if let Some((parent, _)) = p.path.rsplit_once('/') {
                t.children.entry(parent.to_string()).or_default().push(i);
            }
        }
        t
    }
}

/// Cross-links: every reference an entity's front matter makes ([`crate::kinds::PageKind::refer`],
/// declared by the kind that holds it), turned round and kept by the entity it names.
/// What a page shows of them is derived in its kind's module (a county's forums, with
/// who represented it there, from the parts naming it and the forums' speakers).
#[derive(Debug, Default)]
pub(crate) struct Backlinks {
    /// Entity → the references that name it, kind by kind in the order of the kinds'
    /// list, each kind in id order, each entity's in the order of its fields.
    pub refs: HashMap<Entity, Vec<Ref>>,
    /// County → its länsstyrelse and region from the official table, with the actor role
    /// each holds on this site.
    pub county_bodies: Vec<[OfficialBody; 2]>,
}

/// One reference, as the entity it names keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ref {
    /// The entity whose front matter makes it.
    pub from: Entity,
    /// The front-matter field it is in (`target_areas`, `speakers`).
    pub field: &'static str,
    /// Its position in the field (the entry of a list), 0 for a single value.
    pub at: usize,
    /// Its position within that entry (the speaker of a program item), else 0.
    pub sub: usize,
}

impl Backlinks {
    /// The references that name `to`.
    pub(crate) fn to(&self, to: Entity) -> &[Ref] {
        self.refs.get(&to).map_or(&[], Vec::as_slice)
    }

    /// The entities of kind `K` whose field `field` names `to`, in order, each with the
    /// reference's positions (see [`Ref`]).
    pub(crate) fn from<'a, K: Variant>(
        &'a self,
        to: Entity,
        field: &'a str,
    ) -> impl Iterator<Item = (Id<K>, usize, usize)> + 'a {
        self.to(to)
            .iter()
            .filter(move |r| r.field == field)
            .filter_map(|r| Some((K::id_of(r.from)?, r.at, r.sub)))
    }

    /// The ids of the entities of kind `K` whose field `field` names `to`, in order.
    pub(crate) fn ids<K: Variant>(&self, to: Entity, field: &str) -> Vec<Id<K>> {
        self.from::<K>(to, field).map(|(id, ..)| id).collect()
    }
}

/// One of a county's official bodies (its länsstyrelse or region, named in the county
/// table) and where it leads on this site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OfficialBody {
    /// The actor role it holds: the role the county's `organisations` give an
    /// organisation of this name, else the role the other counties give their body of
    /// this kind most often, else the role page with a conventional slug
    /// (`lansstyrelsen`, `region`, `regionen`) if the site has one; `None` otherwise.
    pub role: Option<Id<Actor>>,
    /// The county's `organisations` entry with this name, if there is one.
    pub organisation: Option<usize>,
}

impl Site {
    /// Root-relative URL of a path under the base (`lan/` → `/base/lan/`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base_path, path)
    }

    /// Absolute URL of a root-relative URL.
    pub(crate) fn permalink(&self, url: &str) -> String {
        let host = self
            .config
            .base_url
            .strip_suffix(&self.config.base_path)
            .unwrap_or(&self.config.base_url);
        format!("{host}{url}")
    }

    /// URL of a target area (see [`crate::kinds::target_area`]).
    pub(crate) fn target_area_url(&self, id: Id<TargetArea>) -> String {
        TargetArea::url(self, id)
    }
    /// URL of an actor role (see [`crate::kinds::actor`]).
    pub(crate) fn actor_url(&self, id: Id<Actor>) -> String {
        Actor::url(self, id)
    }
    /// URL of a county (see [`crate::kinds::county`]).
    pub(crate) fn county_url(&self, id: Id<County>) -> String {
        County::url(self, id)
    }
    /// URL of a county document (see [`crate::kinds::document`]).
    pub(crate) fn document_url(&self, id: Id<Document>) -> String {
        Document::url(self, id)
    }
    /// URL of a forum (see [`crate::kinds::forum`]).
    pub(crate) fn forum_url(&self, id: Id<Forum>) -> String {
        Forum::url(self, id)
    }
    /// URL of a forum part (see [`crate::kinds::part`]).
    pub(crate) fn part_url(&self, id: Id<Part>) -> String {
        Part::url(self, id)
    }
    /// URL of an ordinary page.
    pub(crate) fn page_url(&self, p: &Page) -> String {
        if p.path.is_empty() {
            self.url("")
        } else {
            self.url(&format!("{}/", p.path))
        }
    }
    /// URL of a collection's list page.
    pub(crate) fn collection_url(&self, folder: &str) -> String {
        self.url(&format!("{folder}/"))
    }

    /// The `_index.md` page of a folder of ordinary pages.
    pub(crate) fn section(&self, path: &str) -> Option<&Page> {
        self.page_tree.sections.get(path).map(|i| &self.pages[*i])
    }

    /// Indices of the ordinary pages directly inside a folder.
    pub(crate) fn children(&self, path: &str) -> &[usize] {
        self.page_tree.children.get(path).map_or(&[], Vec::as_slice)
    }

    /// What is known about a county's declaration: the status of its declarations, its
    /// statement that it has none, or nothing.
    pub(crate) fn county_declaration(&self, id: Id<County>) -> DeclarationState<'_> {
        if let Some(s) = self.county_status(id) {
            return DeclarationState::Declared(s);
        }
        match &self.counties[id.index()].stated_none {
            Some(n) => DeclarationState::None(n.source.as_deref()),
            None => DeclarationState::Unknown,
        }
    }

    /// Declaration status of a county: the most advanced of its declarations.
    pub(crate) fn county_status(&self, id: Id<County>) -> Option<Status> {
        let rank = |s: Status| match s {
            Status::Draft => 1,
            Status::Adopted => 2,
            Status::Revised => 3,
        };
        crate::kinds::county::documents(self, id)
            .iter()
            .map(|d| &self.documents[d.index()])
            .filter(|d| d.kind == DocKind::Declaration)
            .filter_map(|d| d.status)
            .max_by_key(|s| rank(*s))
    }
}

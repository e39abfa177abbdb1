//! Forums, `<forums>/<slug>/_index.md`: events with a program, newest first, and a list
//! page.

use crate::kinds::view::view;
use crate::kinds::view::*;
use crate::kinds::{Actor, County, Part, Person, Site};
use crate::model::*;
use serde::Serialize;

impl super::PageKind for Forum {
    fn list_view(v: &Views<'_>, _extras: &Extras) -> Option<serde_json::Value> {
        Some(list_view(v))
    }
    const KIND_FACET: super::KindFacet = super::KindFacet {
        place: 40,
        values: &["forum"],
    };
    fn refer(
        site: &Site,
        id: Id<Self>,
        out: &mut dyn FnMut(super::Entity, &'static str, usize, usize),
    ) {
        let f = &site.forums[id.index()];
        if let Some(o) = f.organiser {
            out(super::Entity::Actor(o), "organiser", 0, 0);
        }
        for (k, item) in f.program.iter().enumerate() {
            for (j, s) in item.speakers.iter().enumerate() {
                if let Some(c) = s.county {
                    out(super::Entity::County(c), "speakers", k, j);
                }
            }
        }
    }
    fn record<'a>(
        site: &'a Site,
        _: &crate::strings::Strings,
        id: Id<Self>,
    ) -> Option<crate::record::Record<'a>> {
        // Found also by its venue, program and speakers.
        let f = &site.forums[id.index()];
        let mut extra = vec![f.venue.clone().unwrap_or_default()];
        for p in &f.program {
            extra.push(p.title.clone());
            extra.extend(p.speakers.iter().map(|s| {
                format!(
                    "{} {} {}",
                    s.name,
                    s.title.clone().unwrap_or_default(),
                    s.organisation.clone().unwrap_or_default()
                )
            }));
        }
        let mut r = crate::record::Record::new(&f.meta, "forum", "kind_forum");
        r.date = Some(f.date.to_string());
        r.extra = extra.join(". ");
        Some(r)
    }
    const TEMPLATE: &'static str = "forum.html";
    fn count(site: &Site) -> usize {
        site.forums.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let f = &site.forums[id.index()];
        site.url(&format!("{}/{}/", site.config.collections.forums(), f.slug))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.forums[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, _: Id<Self>) -> Vec<Link> {
        vec![v.home_crumb(), v.list_crumb(super::Collection::Forums)]
    }
    fn shown_on(site: &Site, id: Id<Self>) -> Vec<super::Entity> {
        use super::ent;
        let i = id.index();
        let mut out = Vec::new();
        let f = &site.forums[i];
        out.extend(ent::ids(&f.parts).map(ent::part));
        out.extend(f.organiser.map(|o| ent::actor(o.index())));
        // The counties it lists among their forums: named by its parts, or by its
        // speakers.
        for p in &f.parts {
            out.extend(ent::ids(&site.parts[p.index()].counties).map(ent::county));
        }
        for s in f.program.iter().flat_map(|item| &item.speakers) {
            out.extend(s.county.map(|c| ent::county(c.index())));
        }
        for p in &f.parts {
            let part = &site.parts[p.index()];
            out.extend(ent::ids(&part.actors).map(ent::actor));
            out.extend(ent::ids(&part.target_areas).map(ent::ta));
        }
        out
    }
    fn key(site: &Site, id: Id<Self>) -> String {
        format!("forum:{}", site.forums[id.index()].slug)
    }
    fn shape(site: &Site, id: Id<Self>) -> String {
        super::without_body(&site.forums[id.index()], |f| &mut f.meta)
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.forum_page(id)
    }
}

/// An entry of the list of forums.
#[derive(Serialize)]
struct ForumItem<'a> {
    #[serde(flatten)]
    card: Card<'a>,
    date: Date,
    venue: Option<&'a str>,
}

/// The list page's own fields: every forum, newest first.
#[derive(Serialize)]
struct ForumList<'a> {
    items: Vec<ForumItem<'a>>,
}

/// The list page's own fields: every forum, newest first.
pub(crate) fn list_view(v: &Views<'_>) -> serde_json::Value {
    let s = v.site;
    let items = (0..s.forums.len())
        .map(|i| {
            let f = &s.forums[i];
            ForumItem {
                card: Card {
                    title: &f.meta.title,
                    url: s.forum_url(Id::new(i)),
                    summary: f.meta.summary.as_deref(),
                },
                date: f.date,
                venue: f.venue.as_deref(),
            }
        })
        .collect();
    serde_json::to_value(ForumList { items }).unwrap_or_default()
}

/// The extra fields of a forum's page.
#[derive(Serialize)]
struct ForumView<'a> {
    date: Date,
    venue: Option<&'a str>,
    organiser: Option<Link>,
    participants: Option<u32>,
    program: Vec<ProgramItemView<'a>>,
    parts: Vec<Card<'a>>,
    counties: Vec<CountyLink>,
}

/// One item of a forum's program.
#[derive(Serialize)]
struct ProgramItemView<'a> {
    time: Option<&'a str>,
    title: &'a str,
    part: Option<Link>,
    speakers: Vec<PersonView>,
}

impl Views<'_> {
    /// The view of a forum's page.
    pub(crate) fn forum_page(&self, id: Id<Forum>) -> serde_json::Value {
        let s = self.site;
        let f = &s.forums[id.index()];
        let base = PageBase::new(s, "forum", s.forum_url(id), &f.meta);
        let program = f
            .program
            .iter()
            .map(|p| ProgramItemView {
                time: p.time.as_deref(),
                title: &p.title,
                part: p.part.map(|x| self.part(x)),
                speakers: p.speakers.iter().map(|x| self.person(x)).collect(),
            })
            .collect();
        let parts = f
            .parts
            .iter()
            .map(|p| Card {
                title: &s.parts[p.index()].meta.title,
                url: s.part_url(*p),
                summary: s.parts[p.index()].meta.summary.as_deref(),
            })
            .collect();
        let mut counties: Vec<Id<County>> = f
            .program
            .iter()
            .flat_map(|p| p.speakers.iter().filter_map(|x| x.county))
            .collect();
        counties.extend(
            f.parts
                .iter()
                .flat_map(|p| s.parts[p.index()].counties.iter().copied()),
        );
        counties.sort();
        counties.dedup();
        let v = ForumView {
            date: f.date,
            venue: f.venue.as_deref(),
            organiser: f.organiser.map(|o| self.actor(o)),
            participants: f.participants,
            program,
            parts,
            counties: counties.into_iter().map(|c| self.county(c)).collect(),
        };
        view(base, v)
    }
}

impl super::ContentKind for Forum {
    type Fm = ForumFm;
    type Key = String;
    const PLACE: super::Place = super::Place::Folder(super::Collection::Forums);
    const NOUN: &'static str = "forum";
    const TITLED: bool = true;
    const SCHEMA: (&'static str, &'static str) = ("forum.json", "Forum");
    const NEW: &'static [super::NewFile] = &[super::NewFile {
        names: &["forum"],
        archetype: include_str!("../commands/archetypes/forum.md"),
        example: "dialogforum-2025",
    }];
    const REFS: &'static [super::RefField] = &[
        super::RefField::new("organiser", super::KindTag::Actor),
        super::RefField::new("county", super::KindTag::County),
    ];
    fn resolve(
        cx: &crate::kinds::refs::Cx<'_>,
        loaded: &[super::LoadedOf<Self>],
        diags: &mut Vec<crate::diagnostics::Diagnostic>,
    ) -> Vec<Self> {
        let mut forums = Vec::new();
        for (i, (slug, f)) in loaded.iter().enumerate() {
            let mut r = crate::kinds::refs::Refs::new(f, diags);
            let organiser =
                f.fm.organiser
                    .as_ref()
                    .and_then(|o| r.one("organiser", o, &cx.actors));
            let part_index = &cx.parts[i];
            let program =
                f.fm.program
                    .iter()
                    .map(|p| ProgramItem {
                        time: p.time.clone(),
                        title: p.title.clone(),
                        part: p.part.as_ref().and_then(|s| r.one("part", s, part_index)),
                        speakers: crate::kinds::refs::people(&p.speakers, &mut r, &cx.counties),
                    })
                    .collect();
            let meta = cx.meta(f, slug, r.diags);
            forums.push(Forum {
                slug: slug.clone(),
                date: f.fm.date,
                venue: f.fm.venue.clone(),
                organiser,
                participants: f.fm.participants,
                program,
                parts: Vec::new(),
                meta,
            });
        }
        forums
    }
}

super::frontmatter::front_matter!(
    /// `forum/<slug>/_index.md`.
    ForumFm {
        #[schemars(description = "Dag då forumet hölls, ÅÅÅÅ-MM-DD.")] date: Date,
        #[schemars(description = "Plats.")] #[serde(default)] venue: Option<String>,
        #[schemars(description = "Arrangerande aktörsroll (dess slug).")] #[serde(default)] organiser: Option<String>,
        #[schemars(description = "Antal deltagare, ett heltal.")] #[serde(default)] participants: Option<u32>,
        #[schemars(description = "Programmets punkter i tidsordning.")] #[serde(default)] program: Vec<ProgramItemFm>,
    }
);

/// A program item as written.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
#[schemars(description = "En punkt i forumets program.")]
pub(crate) struct ProgramItemFm {
    #[serde(default)]
    #[schemars(description = "Tid, t.ex. 09.30.")]
    pub time: Option<String>,
    #[schemars(description = "Programpunktens rubrik.")]
    pub title: String,
    #[serde(default)]
    #[schemars(description = "Forumdelen som punkten hör till (dess slug).")]
    pub part: Option<String>,
    #[serde(default)]
    #[schemars(description = "Talare.")]
    pub speakers: Vec<super::frontmatter::PersonFm>,
}

/// A forum event.
#[derive(Debug, Clone)]
pub(crate) struct Forum {
    /// Slug.
    pub slug: String,
    /// Date.
    pub date: Date,
    /// Venue.
    pub venue: Option<String>,
    /// Organising actor role.
    pub organiser: Option<Id<Actor>>,
    /// Number of participants.
    pub participants: Option<u32>,
    /// The program.
    pub program: Vec<ProgramItem>,
    /// Its parts, in order.
    pub parts: Vec<Id<Part>>,
    /// Page fields.
    pub meta: PageMeta,
}

/// One item of a forum's program.
#[derive(Debug, Clone)]
pub(crate) struct ProgramItem {
    /// Time, as written (`10:15`).
    pub time: Option<String>,
    /// Title.
    pub title: String,
    /// The part page documenting it.
    pub part: Option<Id<Part>>,
    /// Speakers.
    pub speakers: Vec<Person>,
}

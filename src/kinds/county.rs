//! Counties (län), `<counties>/<slug>/_index.md`: every county of the official table has a
//! page, with or without a content folder; the list page is the national overview (map and
//! county × target area table).

use crate::kinds::actor::OrganisationView;
use crate::kinds::view::*;
use crate::kinds::view::{view, Extras};
use crate::kinds::{Actor, Document, Forum, Part, Site, TargetArea};
use crate::model::*;
use crate::strings::tr;
use serde::Serialize;
use std::collections::BTreeSet;

impl super::PageKind for County {
    fn list_view(v: &Views<'_>, extras: &Extras) -> Option<serde_json::Value> {
        Some(list_view(v, extras))
    }
    const KIND_FACET: super::KindFacet = super::KindFacet {
        place: 20,
        values: &["lan"],
    };
    fn refer(
        site: &Site,
        id: Id<Self>,
        out: &mut dyn FnMut(super::Entity, &'static str, usize, usize),
    ) {
        for (k, o) in site.counties[id.index()].organisations.iter().enumerate() {
            out(super::Entity::Actor(o.role), "organisations", k, 0);
        }
    }
    fn record<'a>(
        site: &'a Site,
        t: &crate::strings::Strings,
        id: Id<Self>,
    ) -> Option<crate::record::Record<'a>> {
        let c = &site.counties[id.index()];
        let mut extra = vec![
            c.row.name.clone(),
            c.row.seat.clone(),
            c.row.lansstyrelse_name.clone(),
            c.row.region_name.clone(),
        ];
        extra.extend(c.municipalities.iter().map(|(_, n)| n.clone()));
        // What is known about its declaration, as the page's badge says it: a piece of
        // its own, which weighs little where nearly every county has the same one.
        let state_tag = crate::kinds::county::declaration_tag(site.county_declaration(id), t);
        let state_text = format!("{}: {}.", tr(t, "county_status"), state_tag.label);
        // A county without a page of its own is still found by its name and facts.
        let (summary, sections) = c.meta.as_ref().map_or((None, &[][..]), |m| {
            (m.summary.as_deref(), &m.body.sections[..])
        });
        Some(crate::record::Record {
            title: &c.row.name,
            summary,
            sections,
            kind: "lan",
            label: "kind_county".into(),
            date: None,
            extra: extra.join(". "),
            after: Some(state_text),
            more_sections: record_sections(c, t),
            facets: vec![crate::kinds::county::county_tag(c), state_tag],
        })
    }
    const TEMPLATE: &'static str = "county.html";
    fn count(site: &Site) -> usize {
        site.counties.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let c = &site.counties[id.index()];
        site.url(&format!(
            "{}/{}/",
            site.config.collections.counties(),
            c.row.slug
        ))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        site.counties[id.index()].meta.as_ref()
    }
    fn crumbs(v: &Views<'_>, _: Id<Self>) -> Vec<Link> {
        vec![v.home_crumb(), v.list_crumb(super::Collection::Counties)]
    }
    fn shown_on(site: &Site, id: Id<Self>) -> Vec<super::Entity> {
        use super::ent;
        let i = id.index();
        let mut out = Vec::new();
        let c = &site.counties[i];
        out.extend(ent::ids(&documents(site, id)).map(ent::doc));
        out.extend(forums(site, id).iter().map(|(f, _)| ent::forum(f.index())));
        out.extend(
            (0..site.parts.len())
                .filter(|p| site.parts[*p].counties.iter().any(|x| x.index() == i))
                .map(ent::part),
        );
        out.extend(c.organisations.iter().map(|o| ent::actor(o.role.index())));
        for d in &documents(site, id) {
            let doc = &site.documents[d.index()];
            out.extend(doc.commitments.iter().map(|c| ent::actor(c.role.index())));
        }
        out.extend(
            declared_target_areas(site, id)
                .iter()
                .map(|t| ent::ta(t.index())),
        );
        out.extend(
            document_target_areas(site, id)
                .iter()
                .map(|t| ent::ta(t.index())),
        );
        out.extend(ent::ids(&parts(site, id)).map(ent::part));
        let bodies = &site.links.county_bodies[i];
        out.extend(
            bodies
                .iter()
                .filter_map(|b| b.role)
                .map(|r| ent::actor(r.index())),
        );
        // A county's own entry for its länsstyrelse or region decides the role the
        // other counties' bodies lead to when theirs say nothing.
        if bodies.iter().any(|b| b.organisation.is_some()) {
            out.extend((0..site.counties.len()).map(ent::county));
        }
        out
    }
    fn key(site: &Site, id: Id<Self>) -> String {
        format!("county:{}", site.counties[id.index()].row.slug)
    }
    fn shape(site: &Site, id: Id<Self>) -> String {
        let mut c = site.counties[id.index()].clone();
        c.meta = c.meta.as_ref().map(super::strip_body);
        format!("{c:?}")
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.county_page(id)
    }
}

/// The list page's own fields: the national overview.
pub(crate) fn list_view(v: &Views<'_>, extras: &Extras) -> serde_json::Value {
    v.overview(extras)
}

/// The national overview (the counties' list page).
#[derive(Serialize)]
struct Overview<'a> {
    map_svg_html: &'a str,
    legend: Vec<LegendEntry>,
    counties: Vec<OverviewCounty>,
    table: OverviewTable,
}

/// One declaration state in the map's legend.
#[derive(Serialize)]
struct LegendEntry {
    status: &'static str,
    label: String,
    css_class: String,
    count: usize,
}

/// A county on the overview.
#[derive(Serialize)]
struct OverviewCounty {
    #[serde(flatten)]
    county: CountyLink,
    status: &'static str,
    status_label: String,
    has_content: bool,
}

/// The county × target area table.
#[derive(Serialize)]
struct OverviewTable {
    caption: String,
    target_areas: Vec<TargetAreaLink>,
    rows: Vec<OverviewRow>,
    others: Vec<CountyLink>,
}

/// One county's row of the table.
#[derive(Serialize)]
struct OverviewRow {
    county: CountyLink,
    status: &'static str,
    status_label: String,
    cells: Vec<bool>,
}

/// The extra fields of a county's page.
#[derive(Serialize)]
struct CountyView<'a> {
    code: &'a str,
    letter_code: &'a str,
    iso_code: &'a str,
    name: &'a str,
    short_name: &'a str,
    seat: &'a str,
    lansstyrelse_name: &'a str,
    region_name: &'a str,
    region_note: Option<&'a str>,
    municipalities: Vec<Municipality<'a>>,
    municipality_count: usize,
    has_content: bool,
    organisations_by_role: Vec<RoleOrganisations<'a>>,
    structures: Vec<StructureView<'a>>,
    declarations: Vec<crate::kinds::document::DeclarationView<'a>>,
    documents: Vec<DocLink>,
    forums: Vec<CountyForum<'a>>,
    target_areas: Vec<TargetAreaLink>,
    status: &'static str,
    status_label: String,
    declaration_source: Option<&'a str>,
    lansstyrelse: BodyView<'a>,
    region: BodyView<'a>,
    county_info_url: Option<String>,
}

/// A municipality of the county.
#[derive(Serialize)]
struct Municipality<'a> {
    code: &'a str,
    name: &'a str,
}

/// The county's organisations holding one role.
#[derive(Serialize)]
struct RoleOrganisations<'a> {
    role: Link,
    organisations: Vec<OrganisationView<'a>>,
}

/// A coordination structure.
#[derive(Serialize)]
struct StructureView<'a> {
    name: &'a str,
    purpose: Option<&'a str>,
    groups: Vec<GroupView<'a>>,
}

/// A group of a coordination structure.
#[derive(Serialize)]
struct GroupView<'a> {
    name: &'a str,
    members: Vec<PersonView>,
}

/// A forum where the county was represented.
#[derive(Serialize)]
struct CountyForum<'a> {
    title: String,
    url: String,
    date: Date,
    via: Vec<String>,
    speakers: Vec<&'a str>,
    parts: Vec<Link>,
}

/// The county's länsstyrelse or region.
#[derive(Serialize)]
struct BodyView<'a> {
    name: &'a str,
    role: Option<Link>,
    url: Option<&'a str>,
}

impl<'s> Views<'s> {
    /// The view of the national overview: the map, the legend and the county × target area table.
    pub(crate) fn overview(&self, extras: &Extras) -> serde_json::Value {
        let s = self.site;
        let tas: Vec<_> = (0..s.target_areas.len())
            .map(|i| self.ta(Id::new(i)))
            .collect();
        let mut rows = Vec::new();
        let mut others = Vec::new();
        let mut counties = Vec::new();
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for ci in 0..s.counties.len() {
            let id = Id::new(ci);
            let (status, status_label) = self.county_status(id);
            *counts.entry(status).or_default() += 1;
            // A row of dashes for a county nobody has written about would read as "covers
            // none of the target areas"; such counties are named below the table instead.
            if s.county_declaration(id) == DeclarationState::Unknown {
                others.push(self.county(id));
            } else {
                let covered = declared_target_areas(s, id);
                let cells: Vec<bool> = (0..s.target_areas.len())
                    .map(|t| covered.contains(&Id::new(t)))
                    .collect();
                rows.push(OverviewRow {
                    county: self.county(id),
                    status,
                    status_label: status_label.clone(),
                    cells,
                });
            }
            counties.push(OverviewCounty {
                county: self.county(id),
                status,
                status_label,
                has_content: s.counties[ci].meta.is_some(),
            });
        }
        let legend = DeclarationState::ALL
            .iter()
            .map(|st| LegendEntry {
                status: st,
                label: tr(self.t, &format!("status_{st}")),
                css_class: format!("status-{st}"),
                count: counts.get(st).copied().unwrap_or(0),
            })
            .collect();
        let v = Overview {
            map_svg_html: &extras.map_svg,
            legend,
            counties,
            table: OverviewTable {
                caption: tr(self.t, "table_caption"),
                target_areas: tas,
                rows,
                others,
            },
        };
        serde_json::to_value(v).unwrap_or_default()
    }

    /// The view of a county's page.
    pub(crate) fn county_page(&self, id: Id<County>) -> serde_json::Value {
        let s = self.site;
        let c = &s.counties[id.index()];
        let url = s.county_url(id);
        let base = match &c.meta {
            Some(m) => {
                let mut b = PageBase::new(s, "county", url, m);
                if m.title.is_empty() || c.meta.as_ref().is_some_and(|m| m.source.is_empty()) {
                    b.title = c.row.name.clone();
                }
                b
            }
            None => PageBase::generated(s, "county", url, c.row.name.clone()),
        };
        let docs = &documents(s, id);
        let is_declaration =
            |d: &&Id<Document>| s.documents[d.index()].kind == DocKind::Declaration;
        let [lansstyrelse, region] = &s.links.county_bodies[id.index()];
        let (status, status_label) = self.county_status(id);
        let r = &c.row;
        let v = CountyView {
            code: &r.scb_code,
            letter_code: &r.letter_code,
            iso_code: &r.iso_3166_2,
            name: &r.name,
            short_name: &r.short_name,
            seat: &r.seat,
            lansstyrelse_name: &r.lansstyrelse_name,
            region_name: &r.region_name,
            region_note: (!r.region_note.is_empty()).then_some(r.region_note.as_str()),
            municipalities: c
                .municipalities
                .iter()
                .map(|(code, name)| Municipality { code, name })
                .collect(),
            municipality_count: c.municipalities.len(),
            has_content: c.meta.is_some(),
            organisations_by_role: self.organisations_by_role(c),
            structures: self.structures(c),
            declarations: docs
                .iter()
                .filter(is_declaration)
                .map(|d| self.declaration(*d))
                .collect(),
            documents: docs
                .iter()
                .filter(|d| !is_declaration(d))
                .map(|d| self.doc(*d))
                .collect(),
            forums: self.county_forums(id),
            target_areas: document_target_areas(s, id)
                .iter()
                .map(|t| self.ta(*t))
                .collect(),
            status,
            status_label,
            declaration_source: match s.county_declaration(id) {
                DeclarationState::None(source) => source,
                _ => None,
            },
            lansstyrelse: self.official_body(c, &r.lansstyrelse_name, lansstyrelse),
            region: self.official_body(c, &r.region_name, region),
            county_info_url: s.config.county_info_url(r),
        };
        view(base, v)
    }

    /// A county's länsstyrelse or region as its page shows it.
    fn official_body(
        &self,
        c: &'s County,
        name: &'s str,
        b: &crate::kinds::OfficialBody,
    ) -> BodyView<'s> {
        let org = b.organisation.map(|i| &c.organisations[i]);
        BodyView {
            name,
            role: b.role.map(|r| self.actor(r)),
            url: org.and_then(|o| o.url.as_deref()),
        }
    }

    /// A county's organisations grouped by the role they hold.
    fn organisations_by_role(&self, c: &'s County) -> Vec<RoleOrganisations<'s>> {
        let mut by_role: Vec<(Id<Actor>, Vec<OrganisationView<'s>>)> = Vec::new();
        for o in &c.organisations {
            let entry = OrganisationView {
                name: &o.name,
                url: o.url.as_deref(),
            };
            match by_role.iter_mut().find(|(r, _)| *r == o.role) {
                Some((_, v)) => v.push(entry),
                None => by_role.push((o.role, vec![entry])),
            }
        }
        by_role.sort_by_key(|(r, _)| *r);
        by_role
            .into_iter()
            .map(|(r, organisations)| RoleOrganisations {
                role: self.actor(r),
                organisations,
            })
            .collect()
    }

    /// A county's coordination structures.
    fn structures(&self, c: &'s County) -> Vec<StructureView<'s>> {
        c.structures
            .iter()
            .map(|st| StructureView {
                name: &st.name,
                purpose: st.purpose.as_deref(),
                groups: st
                    .groups
                    .iter()
                    .map(|g| GroupView {
                        name: &g.name,
                        members: g.members.iter().map(|p| self.person(p)).collect(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The forums where a county was represented, with its speakers and parts there.
    fn county_forums(&self, id: Id<County>) -> Vec<CountyForum<'s>> {
        let s = self.site;
        let parts = parts(s, id);
        forums(s, id)
            .into_iter()
            .map(|(f, via)| {
                let l = self.forum(f);
                let parts = parts
                    .iter()
                    .filter(|p| s.parts[p.index()].forum == f)
                    .map(|p| self.part(*p))
                    .collect();
                let mut speakers: Vec<&str> = Vec::new();
                for x in s.forums[f.index()].program.iter().flat_map(|i| &i.speakers) {
                    if x.county == Some(id) && !speakers.contains(&x.name.as_str()) {
                        speakers.push(&x.name);
                    }
                }
                CountyForum {
                    title: l.title,
                    url: l.url,
                    date: s.forums[f.index()].date,
                    via,
                    speakers,
                    parts,
                }
            })
            .collect()
    }
}

impl super::ContentKind for County {
    type Fm = CountyFm;
    type Key = String;
    const PLACE: super::Place = super::Place::Folder(super::Collection::Counties);
    const NOUN: &'static str = "county";
    const TITLED: bool = false;
    const SCHEMA: (&'static str, &'static str) = ("county.json", "Län");
    const NEW: &'static [super::NewFile] = &[super::NewFile {
        names: &["county", "lan"],
        archetype: include_str!("../commands/archetypes/county.md"),
        example: "dalarna",
    }];
    const REFS: &'static [super::RefField] = &[
        super::RefField::new("role", super::KindTag::Actor),
        super::RefField::new("county", super::KindTag::County),
    ];
    fn resolve(
        cx: &crate::kinds::refs::Cx<'_>,
        loaded: &[super::LoadedOf<Self>],
        diags: &mut Vec<crate::diagnostics::Diagnostic>,
    ) -> Vec<Self> {
        let tables = cx.tables;
        let mut counties: Vec<County> = tables
            .counties
            .iter()
            .map(|row| County {
                row: row.clone(),
                municipalities: tables
                    .municipalities
                    .iter()
                    .filter(|m| m.county_code == row.scb_code)
                    .map(|m| (m.code.clone(), m.name.clone()))
                    .collect(),
                organisations: Vec::new(),
                structures: Vec::new(),
                stated_none: None,
                meta: None,
            })
            .collect();
        for (slug, f) in loaded {
            let Some(id) = crate::kinds::refs::county_folder(slug, f, &cx.counties, diags) else {
                continue;
            };
            resolve_county(cx, &mut counties[id.index()], f, diags);
        }
        counties
    }
}

/// Fills a county of the table from its content file.
fn resolve_county(
    cx: &crate::kinds::refs::Cx<'_>,
    county: &mut County,
    f: &crate::kinds::LoadedFile<CountyFm>,
    diags: &mut Vec<crate::diagnostics::Diagnostic>,
) {
    let mut r = crate::kinds::refs::Refs::new(f, diags);
    if let Some(code) = &f.fm.code {
        if *code != county.row.scb_code {
            let name = county.row.name.clone();
            let expected = county.row.scb_code.clone();
            r.error(
                "code",
                code,
                format!("county code `{code}` does not match {name}"),
                Some(format!("{name} has SCB code \"{expected}\"")),
            );
        }
    }
    county.organisations =
        f.fm.organisations
            .iter()
            .filter_map(|o| {
                let role = r.one("role", &o.role, &cx.actors)?;
                Some(Organisation {
                    name: o.name.clone(),
                    role,
                    url: o.url.clone(),
                })
            })
            .collect();
    county.structures =
        f.fm.structures
            .iter()
            .map(|s| Structure {
                name: s.name.clone(),
                purpose: s.purpose.clone(),
                groups: s
                    .groups
                    .iter()
                    .map(|g| Group {
                        name: g.name.clone(),
                        members: crate::kinds::refs::people(&g.members, &mut r, &cx.counties),
                    })
                    .collect(),
            })
            .collect();
    county.stated_none = stated_none(f, &mut r);
    county.meta = Some(cx.meta(f, &county.row.name, r.diags));
}

/// The sections the county page renders from its front matter, under the headings and
/// anchors of `templates/county.html`: its organisations and its coordination structures.
/// As sections, their headings count as such, so a page with a coordination structure
/// is about "samverkansstrukturer" more than a page that only mentions the word.
fn record_sections<'a>(
    c: &County,
    t: &crate::strings::Strings,
) -> Vec<crate::record::SearchHeading<'a>> {
    let mut out = Vec::new();
    if !c.organisations.is_empty() {
        let names: Vec<&str> = c.organisations.iter().map(|o| o.name.as_str()).collect();
        out.push(crate::record::SearchHeading {
            id: std::borrow::Cow::Borrowed("sec-organisations"),
            title: std::borrow::Cow::Owned(tr(t, "county_organisations")),
            text: std::borrow::Cow::Owned(names.join(". ")),
        });
    }
    if !c.structures.is_empty() {
        let mut text = Vec::new();
        for s in &c.structures {
            text.push(s.name.clone());
            text.extend(s.purpose.clone());
            for g in &s.groups {
                text.push(g.name.clone());
                text.extend(
                    g.members.iter().map(|m| {
                        format!("{} {}", m.name, m.organisation.clone().unwrap_or_default())
                    }),
                );
            }
        }
        out.push(crate::record::SearchHeading {
            id: std::borrow::Cow::Borrowed("sec-structures"),
            title: std::borrow::Cow::Owned(tr(t, "county_structures")),
            text: std::borrow::Cow::Owned(text.join(". ")),
        });
    }
    out
}

/// What a county's page shows of the references that name it: its documents (their
/// `county`), in id order.
pub(crate) fn documents(site: &Site, id: Id<County>) -> Vec<Id<Document>> {
    site.links.ids(super::Entity::County(id), "county")
}

/// The target areas its declarations cover.
pub(crate) fn declared_target_areas(site: &Site, id: Id<County>) -> BTreeSet<Id<TargetArea>> {
    documents(site, id)
        .into_iter()
        .map(|d| &site.documents[d.index()])
        .filter(|d| d.kind == DocKind::Declaration)
        .flat_map(|d| d.target_areas.iter().copied())
        .collect()
}

/// The target areas any of its documents names.
pub(crate) fn document_target_areas(site: &Site, id: Id<County>) -> BTreeSet<Id<TargetArea>> {
    documents(site, id)
        .into_iter()
        .flat_map(|d| site.documents[d.index()].target_areas.iter().copied())
        .collect()
}

/// The forums where it was represented, in id order, each with who or what represented
/// it: the titles of the parts naming it (`counties`), then its speakers there.
pub(crate) fn forums(site: &Site, id: Id<County>) -> Vec<(Id<Forum>, Vec<String>)> {
    let e = super::Entity::County(id);
    let mut list = Vec::new();
    for p in site.links.ids::<Part>(e, "counties") {
        let p = &site.parts[p.index()];
        add_via(&mut list, p.forum, p.meta.title.clone());
    }
    for (f, k, j) in site.links.from::<Forum>(e, "speakers") {
        let name = &site.forums[f.index()].program[k].speakers[j].name;
        add_via(&mut list, f, name.clone());
    }
    list.sort_by_key(|(f, _)| *f);
    list
}

/// Adds `via` to the forum's entry of `list`, once.
fn add_via(list: &mut Vec<(Id<Forum>, Vec<String>)>, forum: Id<Forum>, via: String) {
    match list.iter_mut().find(|(f, _)| *f == forum) {
        Some((_, v)) => {
            if !v.contains(&via) {
                v.push(via);
            }
        }
        None => list.push((forum, vec![via])),
    }
}

/// The forum parts where it took part: parts naming it (`counties`) and parts of program
/// items with a speaker from it, in forum order, each forum's in its own order.
pub(crate) fn parts(site: &Site, id: Id<County>) -> Vec<Id<Part>> {
    let e = super::Entity::County(id);
    let mut list = site.links.ids::<Part>(e, "counties");
    for (f, k, _) in site.links.from::<Forum>(e, "speakers") {
        list.extend(site.forums[f.index()].program[k].part);
    }
    list.sort_by_key(|p| {
        let forum = site.parts[p.index()].forum;
        let pos = site.forums[forum.index()].parts.iter().position(|x| x == p);
        (forum, pos)
    });
    list.dedup();
    list
}

super::frontmatter::front_matter!(
    /// `lan/<slug>/_index.md`.
    CountyFm {
        #[schemars(description = "Länets SCB-kod, två siffror inom citattecken (\"24\").")] #[serde(default)] code: Option<String>,
        #[schemars(description = "Organisationer i länets folkhälsoarbete och deras aktörsroller.")] #[serde(default)] organisations: Vec<OrganisationFm>,
        #[schemars(description = "Länets samverkansstrukturer med grupper och ledamöter.")] #[serde(default)] structures: Vec<StructureFm>,
        #[schemars(description = "none: länet har ingen avsiktsförklaring.")] #[serde(default)] declaration: Option<DeclarationFm>,
        #[schemars(description = "Källa (webbadress) till uppgiften att länet saknar avsiktsförklaring.")] #[serde(default)] declaration_source: Option<String>,
    }
);

/// `declaration:` of a county (v2): the only value is `none`, a statement that the
/// county has no declaration of intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(description = "none: länet har ingen avsiktsförklaring.")]
pub(crate) enum DeclarationFm {
    /// The county has stated that it has no declaration.
    #[schemars(description = "Länet har ingen avsiktsförklaring.")]
    None,
}

/// An organisation as written.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
#[schemars(description = "En organisation i länet och dess aktörsroll.")]
pub(crate) struct OrganisationFm {
    #[schemars(description = "Organisationens namn.")]
    pub name: String,
    #[schemars(description = "Organisationens aktörsroll (dess slug under aktörerna).")]
    pub role: String,
    #[serde(default)]
    #[schemars(description = "Organisationens webbadress.")]
    pub url: Option<String>,
}

/// A structure as written.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
#[schemars(description = "En samverkansstruktur i länet.")]
pub(crate) struct StructureFm {
    #[schemars(description = "Strukturens namn.")]
    pub name: String,
    #[serde(default)]
    #[schemars(description = "Vad strukturen är till för.")]
    pub purpose: Option<String>,
    #[serde(default)]
    #[schemars(description = "Grupper inom strukturen.")]
    pub groups: Vec<GroupFm>,
}

/// A group as written.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
#[schemars(description = "En grupp inom en struktur.")]
pub(crate) struct GroupFm {
    #[schemars(description = "Gruppens namn.")]
    pub name: String,
    #[serde(default)]
    #[schemars(description = "Gruppens ledamöter.")]
    pub members: Vec<super::frontmatter::PersonFm>,
}

/// A county's `declaration: none` (v2), with its source; `declaration_source` alone is an
/// error, since it would be a source for nothing.
pub(crate) fn stated_none(
    f: &super::LoadedFile<CountyFm>,
    r: &mut super::refs::Refs<'_, CountyFm>,
) -> Option<StatedNone> {
    let source = f.fm.declaration_source.clone();
    match (f.fm.declaration, source) {
        (Some(crate::kinds::county::DeclarationFm::None), source) => Some(StatedNone { source }),
        (None, Some(src)) => {
            r.error(
                "declaration_source",
                &src,
                "`declaration_source` without `declaration: none`".into(),
                Some("add `declaration: none` if the source says the county has no declaration; otherwise remove `declaration_source`".into()),
            );
            None
        }
        (None, None) => None,
    }
}

/// A county: the official facts, and the author's content if there is any.
#[derive(Debug, Clone)]
pub(crate) struct County {
    /// Row of the official table.
    pub row: crate::rows::CountyRow,
    /// Municipalities (code, name) of the county, in table order.
    pub municipalities: Vec<(String, String)>,
    /// The author's organisations.
    pub organisations: Vec<Organisation>,
    /// Coordination structures.
    pub structures: Vec<Structure>,
    /// Set when the county's `_index.md` states that it has no declaration
    /// (`declaration: none`); without it and without declaration documents, whether the
    /// county has one is not known.
    pub stated_none: Option<StatedNone>,
    /// Page fields; `None` when the county has no content folder yet.
    pub meta: Option<PageMeta>,
}

/// A county's statement that it has no declaration of intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StatedNone {
    /// Where that is stated (`declaration_source`).
    pub source: Option<String>,
}

/// What is known about a county's declaration of intent: three states a reader must be
/// able to tell apart (contract v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeclarationState<'a> {
    /// The county has declaration documents; the most advanced status counts.
    Declared(Status),
    /// The county states that it has none, perhaps with a source.
    None(Option<&'a str>),
    /// Nothing is known: the site neither has a declaration nor a statement.
    Unknown,
}

impl DeclarationState<'_> {
    /// Machine name, also the CSS class suffix: `adopted`, `revised`, `draft`, `none` or
    /// `unknown`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DeclarationState::Declared(s) => s.as_str(),
            DeclarationState::None(_) => "none",
            DeclarationState::Unknown => "unknown",
        }
    }

    /// Every machine name, in the order of the map's legend.
    pub(crate) const ALL: [&'static str; 5] = ["adopted", "revised", "draft", "none", "unknown"];
}

/// An organisation in a county holding an actor role.
#[derive(Debug, Clone)]
pub(crate) struct Organisation {
    /// Name.
    pub name: String,
    /// The role it holds.
    pub role: Id<Actor>,
    /// Its web site.
    pub url: Option<String>,
}

/// A coordination structure (samverkansstruktur).
#[derive(Debug, Clone)]
pub(crate) struct Structure {
    /// Name.
    pub name: String,
    /// Its purpose.
    pub purpose: Option<String>,
    /// Groups and their members.
    pub groups: Vec<Group>,
}

/// A group inside a structure.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// Name.
    pub name: String,
    /// Members.
    pub members: Vec<Person>,
}

/// The county tag of county `c`.
pub(crate) fn county_tag(c: &County) -> crate::record::FacetTag<'_> {
    crate::record::FacetTag::new(
        crate::record::FACET_COUNTY,
        &*c.row.short_name,
        &*c.row.short_name,
        0,
    )
}

/// The declaration-state tag of a county: its declaration's status, "ingen
/// avsiktsförklaring" or "uppgift saknas", in the order of the map's legend.
pub(crate) fn declaration_tag<'a>(
    state: DeclarationState<'_>,
    t: &crate::strings::Strings,
) -> crate::record::FacetTag<'a> {
    let st = state.as_str();
    let rank = DeclarationState::ALL
        .iter()
        .position(|&s| s == st)
        .unwrap_or(DeclarationState::ALL.len());
    crate::record::FacetTag::new(
        crate::record::FACET_DECLARATION,
        st,
        crate::strings::tr(t, &format!("status_{st}")),
        rank as u32,
    )
}

/// A named person (member or speaker).
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// Name.
    pub name: String,
    /// Title or position.
    pub title: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// County the person represents.
    pub county: Option<Id<County>>,
}

//! County documents, `<counties>/<county>/<doc>.md`: declarations of intent, reports,
//! presentations; listed on their county's page, no list page of their own.

use crate::kinds::view::view;
use crate::kinds::view::*;
use crate::kinds::{Actor, County, Site, TargetArea};
use crate::model::*;
use crate::strings::tr;
use serde::Serialize;

impl super::PageKind for Document {
    const KIND_FACET: super::KindFacet = super::KindFacet {
        place: 60,
        values: &["declaration", "report", "presentation", "other"],
    };
    fn refer(
        site: &Site,
        id: Id<Self>,
        out: &mut dyn FnMut(super::Entity, &'static str, usize, usize),
    ) {
        let d = &site.documents[id.index()];
        out(super::Entity::County(d.county), "county", 0, 0);
        for (k, t) in d.target_areas.iter().enumerate() {
            out(super::Entity::TargetArea(*t), "target_areas", k, 0);
        }
        for (k, c) in d.commitments.iter().enumerate() {
            out(super::Entity::Actor(c.role), "commitments", k, 0);
        }
    }
    fn record<'a>(
        site: &'a Site,
        t: &crate::strings::Strings,
        id: Id<Self>,
    ) -> Option<crate::record::Record<'a>> {
        // Found also by its signatories, commitments, county and kind.
        let d = &site.documents[id.index()];
        let mut extra = d.signatories.clone();
        extra.extend(d.commitments.iter().flat_map(|c| c.items.iter().cloned()));
        let county = &site.counties[d.county.index()];
        extra.push(county.row.short_name.clone());
        let label = format!("doc_{}", d.kind.as_str());
        // What kind of document it is ("Rapport", "Avsiktsförklaring") is part of what
        // readers type.
        extra.insert(0, tr(t, &label));
        // The facet groups documents by their own kind (a declaration is no report).
        let mut r = crate::record::Record::new(&d.meta, d.kind.as_str(), "");
        r.label = label.into();
        r.date = d.own_date().map(|x| x.to_string());
        r.extra = extra.join(". ");
        r.facets = std::iter::once(crate::kinds::county::county_tag(county))
            .chain(super::target_area::target_area_tags(site, &d.target_areas))
            .collect();
        Some(r)
    }
    const TEMPLATE: &'static str = "document.html";
    fn count(site: &Site) -> usize {
        site.documents.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let d = &site.documents[id.index()];
        let c = &site.counties[d.county.index()];
        site.url(&format!(
            "{}/{}/{}/",
            site.config.collections.counties(),
            c.row.slug,
            d.slug
        ))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.documents[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, id: Id<Self>) -> Vec<Link> {
        let cl = v.county(v.site.documents[id.index()].county);
        vec![
            v.home_crumb(),
            v.list_crumb(super::Collection::Counties),
            Link {
                title: cl.name,
                url: cl.url,
            },
        ]
    }
    fn shown_on(site: &Site, id: Id<Self>) -> Vec<super::Entity> {
        use super::ent;
        let i = id.index();
        let mut out = Vec::new();
        let d = &site.documents[i];
        out.push(ent::county(d.county.index()));
        out.extend(ent::ids(&d.target_areas).map(ent::ta));
        out.extend(d.commitments.iter().map(|c| ent::actor(c.role.index())));
        out
    }
    fn key(site: &Site, id: Id<Self>) -> String {
        let d = &site.documents[id.index()];
        let county = &site.counties[d.county.index()].row.slug;
        format!("doc:{county}/{}", d.slug)
    }
    fn shape(site: &Site, id: Id<Self>) -> String {
        super::without_body(&site.documents[id.index()], |d| &mut d.meta)
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.document_page(id)
    }
}

/// What one actor role undertakes in a document.
#[derive(Serialize)]
pub(crate) struct CommitmentView<'a> {
    role: Link,
    items: &'a [String],
}

/// A declaration as its county's page lists it.
#[derive(Serialize)]
pub(crate) struct DeclarationView<'a> {
    #[serde(flatten)]
    doc: DocLink,
    adopted: Option<Date>,
    signatories: &'a [String],
    target_areas: Vec<TargetAreaLink>,
    commitments: Vec<CommitmentView<'a>>,
}

/// The extra fields of a county document's page.
#[derive(Serialize)]
struct DocumentView<'a> {
    county: CountyLink,
    doc_kind: &'static str,
    doc_kind_label: String,
    status: Option<&'static str>,
    status_label: Option<String>,
    adopted: Option<Date>,
    published: Option<PartialDate>,
    publisher: Option<&'a str>,
    series: Option<&'a str>,
    signatories: &'a [String],
    target_areas: Vec<TargetAreaLink>,
    commitments: Vec<CommitmentView<'a>>,
    source: Option<&'a str>,
}

impl<'s> Views<'s> {
    /// A document's commitments with their roles.
    pub(crate) fn commitments(&self, d: &'s Document) -> Vec<CommitmentView<'s>> {
        d.commitments
            .iter()
            .map(|c| CommitmentView {
                role: self.actor(c.role),
                items: &c.items,
            })
            .collect()
    }

    /// A declaration as its county's page lists it: its link, dates, signatories, target
    /// areas and commitments.
    pub(crate) fn declaration(&self, id: Id<Document>) -> DeclarationView<'s> {
        let d = &self.site.documents[id.index()];
        DeclarationView {
            doc: self.doc(id),
            adopted: d.adopted,
            signatories: &d.signatories,
            target_areas: d.target_areas.iter().map(|t| self.ta(*t)).collect(),
            commitments: self.commitments(d),
        }
    }

    /// The view of a county document's page.
    pub(crate) fn document_page(&self, id: Id<Document>) -> serde_json::Value {
        let s = self.site;
        let d = &s.documents[id.index()];
        let base = PageBase::new(s, "document", s.document_url(id), &d.meta);
        let v = DocumentView {
            county: self.county(d.county),
            doc_kind: d.kind.as_str(),
            doc_kind_label: tr(self.t, &format!("doc_{}", d.kind.as_str())),
            status: d.status.map(Status::as_str),
            status_label: d
                .status
                .map(|st| tr(self.t, &format!("status_{}", st.as_str()))),
            adopted: d.adopted,
            published: d.published,
            publisher: d.publisher.as_deref(),
            series: d.series.as_deref(),
            signatories: &d.signatories,
            target_areas: d.target_areas.iter().map(|t| self.ta(*t)).collect(),
            commitments: self.commitments(d),
            source: d.source_url.as_deref(),
        };
        view(base, v)
    }
}

impl super::ContentKind for Document {
    type Fm = DocumentFm;
    type Key = (String, String);
    const PLACE: super::Place = super::Place::InFolder(super::Collection::Counties);
    const NOUN: &'static str = "document";
    const TITLED: bool = true;
    const SCHEMA: (&'static str, &'static str) =
        ("document.json", "Länsdokument (t.ex. avsiktsförklaring)");
    const NEW: &'static [super::NewFile] = &[
        super::NewFile {
            names: &["declaration", "avsiktsforklaring"],
            archetype: include_str!("../commands/archetypes/declaration.md"),
            example: "dalarna/avsikt-2025",
        },
        super::NewFile {
            names: &["document", "dokument", "report", "rapport"],
            archetype: include_str!("../commands/archetypes/document.md"),
            example: "dalarna/rapport-2025",
        },
    ];
    const REFS: &'static [super::RefField] = &[
        super::RefField::new("target_areas", super::KindTag::TargetArea),
        super::RefField::new("role", super::KindTag::Actor),
    ];
    fn resolve(
        cx: &crate::kinds::refs::Cx<'_>,
        loaded: &[super::LoadedOf<Self>],
        diags: &mut Vec<crate::diagnostics::Diagnostic>,
    ) -> Vec<Self> {
        use rayon::prelude::*;
        let documents = loaded.par_iter().map(|((county_slug, slug), f)| {
            let mut diags = Vec::new();
            let Some(county) =
                crate::kinds::refs::county_folder(county_slug, f, &cx.counties, &mut diags)
            else {
                return (None, diags);
            };
            let mut r = crate::kinds::refs::Refs::new(f, &mut diags);
            check_document(f, &mut r);
            let target_areas = r.many("target_areas", &f.fm.target_areas, &cx.target_areas);
            let commitments =
                f.fm.commitments
                    .iter()
                    .filter_map(|c| {
                        Some(Commitment {
                            role: r.one("role", &c.role, &cx.actors)?,
                            items: c.items.clone(),
                        })
                    })
                    .collect();
            let meta = cx.meta(f, slug, r.diags);
            let doc = Document {
                county,
                slug: slug.clone(),
                kind: f.fm.kind,
                adopted: f.fm.adopted,
                status: f.fm.status,
                signatories: f.fm.signatories.clone(),
                target_areas,
                commitments,
                source_url: f.fm.source.clone(),
                published: f.fm.published,
                publisher: f.fm.publisher.clone(),
                series: f.fm.series.clone(),
                meta,
            };
            (Some(doc), diags)
        });
        crate::kinds::refs::gather(documents, diags)
    }
}

super::frontmatter::front_matter!(
    /// `lan/<slug>/<doc>.md`.
    DocumentFm {
        #[schemars(description = "Slags dokument: declaration (avsiktsförklaring), report (rapport), presentation eller other (annat).")] kind: DocKind,
        #[schemars(description = "Dag då dokumentet antogs, ÅÅÅÅ-MM-DD.")] #[serde(default)] adopted: Option<Date>,
        #[schemars(description = "Avsiktsförklaringens status: draft (utkast), adopted (antagen) eller revised (reviderad).")] #[serde(default)] status: Option<Status>,
        #[schemars(description = "De organisationer som har undertecknat.")] #[serde(default)] signatories: Vec<String>,
        #[schemars(description = "Målområden som dokumentet tar upp (deras slugs).")] #[serde(default)] target_areas: Vec<String>,
        #[schemars(description = "Vad varje aktörsroll åtar sig.")] #[serde(default)] commitments: Vec<CommitmentFm>,
        #[schemars(description = "Webbadress till originaldokumentet.")] #[serde(default)] source: Option<String>,
        #[schemars(description = "Publiceringsdatum: ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM eller ÅÅÅÅ när källan inte anger mer.")] #[serde(default)] published: Option<PartialDate>,
        #[schemars(description = "Utgivare.")] #[serde(default)] publisher: Option<String>,
        #[schemars(description = "Utgivarens serie och nummer (Rapport 2020:16).")] #[serde(default)] series: Option<String>,
    }
);

/// A commitment as written.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
#[schemars(description = "Vad en aktörsroll åtar sig.")]
pub(crate) struct CommitmentFm {
    #[schemars(description = "Aktörsrollen som åtar sig något (dess slug).")]
    pub role: String,
    #[serde(default)]
    #[schemars(description = "Åtagandena, ett per rad.")]
    pub items: Vec<String>,
}

/// A declaration of intent needs a `status`.
pub(crate) fn check_document(
    f: &super::LoadedFile<DocumentFm>,
    r: &mut super::refs::Refs<'_, DocumentFm>,
) {
    if f.fm.kind != DocKind::Declaration {
        return;
    }
    // An adopted declaration whose date is not known may leave out `adopted`: inventing a
    // date would be worse than saying it is missing (the theme says so).
    if f.fm.status.is_none() {
        let off = r.offset("kind", "declaration");
        r.diags.push(
            crate::diagnostics::Diagnostic::at(
                &f.file,
                off,
                "declaration".len(),
                "a declaration needs a `status`",
            )
            .with_help("add `status: draft`, `status: adopted` or `status: revised`"),
        );
    }
}

/// A county's declaration, report, presentation or other document.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// The county it belongs to.
    pub county: Id<County>,
    /// Slug (file name).
    pub slug: String,
    /// Kind.
    pub kind: DocKind,
    /// Adoption date.
    pub adopted: Option<Date>,
    /// Status (declarations).
    pub status: Option<Status>,
    /// Who signed.
    pub signatories: Vec<String>,
    /// Target areas covered.
    pub target_areas: Vec<Id<TargetArea>>,
    /// Commitments by actor role.
    pub commitments: Vec<Commitment>,
    /// Where the original is published.
    pub source_url: Option<String>,
    /// When the original was published or adopted (v2 `published`), as precisely as the
    /// source says.
    pub published: Option<PartialDate>,
    /// Who published it (v2 `publisher`).
    pub publisher: Option<String>,
    /// The publisher's series and number, e.g. `Rapport 2020:16` (v2 `series`).
    pub series: Option<String>,
    /// Page fields.
    pub meta: PageMeta,
}

impl Document {
    /// The document's own date: `published`, else `adopted`. Never the date of the
    /// file's last change, which is not the document's date.
    pub(crate) fn own_date(&self) -> Option<PartialDate> {
        self.published.or(self.adopted.map(PartialDate::from))
    }
}

/// What one actor role undertakes in a document.
#[derive(Debug, Clone)]
pub(crate) struct Commitment {
    /// The role.
    pub role: Id<Actor>,
    /// The undertakings.
    pub items: Vec<String>,
}

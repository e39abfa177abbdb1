//! The resolved content model: target areas, actor roles, counties, county documents,
//! forums, forum parts and ordinary pages, connected by typed [`Id`]s.
//!
//! Values of these types exist only after `resolve` has checked every reference; the
//! front matter as written (with slugs as plain strings) lives in `load::frontmatter`.

mod date;
mod ids;

pub(crate) use date::{Date, PartialDate};
pub(crate) use ids::{Id, Kind};

use crate::markdown::Body;
use crate::rows::CountyRow;

/// Fields every page carries.
#[derive(Debug, Clone)]
pub(crate) struct PageMeta {
    /// The title.
    pub title: String,
    /// One sentence about the page.
    pub summary: Option<String>,
    /// Last change: front matter `updated`, else git, else the file time.
    pub updated: Option<Date>,
    /// Ordering weight.
    pub weight: Option<i64>,
    /// The author's own fields.
    pub extra: serde_json::Value,
    /// Source file path relative to the root (`content/…`).
    pub source: String,
    /// The rendered body as loaded (shared with the loaded file: its HTML still has the
    /// `@/` link slots when it has links; use [`PageMeta::html`]).
    pub body: std::sync::Arc<Body>,
    /// The URLs of the body's `@/` links, in order.
    pub link_urls: Vec<String>,
}

impl PageMeta {
    /// The body's final HTML: its `@/` links are filled in here, when the page is
    /// rendered, so that a site's bodies are not held twice (as loaded and as filled).
    pub(crate) fn html(&self) -> std::borrow::Cow<'_, str> {
        if self.body.links.is_empty() {
            std::borrow::Cow::Borrowed(&self.body.html)
        } else {
            std::borrow::Cow::Owned(self.body.fill_links(&self.link_urls))
        }
    }
}

/// Level of an actor role.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(description = "Aktörsrollens nivå.")]
pub(crate) enum Level {
    /// National (Folkhälsomyndigheten, SKR).
    #[schemars(description = "Nationell (Folkhälsomyndigheten, SKR).")]
    National,
    /// Regional (länsstyrelsen, regionen).
    #[schemars(description = "Regional (länsstyrelsen, regionen).")]
    Regional,
    /// Local (kommunen).
    #[schemars(description = "Lokal (kommunen).")]
    Local,
}

impl Level {
    /// Machine name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Regional => "regional",
            Level::Local => "local",
        }
    }
}

/// Kind of a county document.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(description = "Slags länsdokument.")]
pub(crate) enum DocKind {
    /// A declaration of intent (avsiktsförklaring).
    #[schemars(description = "En avsiktsförklaring.")]
    Declaration,
    /// A report.
    #[schemars(description = "En rapport.")]
    Report,
    /// A presentation.
    #[schemars(description = "En presentation.")]
    Presentation,
    /// Anything else.
    #[schemars(description = "Något annat.")]
    Other,
}

impl DocKind {
    /// Machine name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DocKind::Declaration => "declaration",
            DocKind::Report => "report",
            DocKind::Presentation => "presentation",
            DocKind::Other => "other",
        }
    }
}

/// Status of a declaration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(description = "Avsiktsförklaringens status.")]
pub(crate) enum Status {
    /// Being written.
    #[schemars(description = "Utkast, under arbete.")]
    Draft,
    /// Adopted.
    #[schemars(description = "Antagen.")]
    Adopted,
    /// Adopted and later revised.
    #[schemars(description = "Antagen och senare reviderad.")]
    Revised,
}

impl Status {
    /// Machine name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Adopted => "adopted",
            Status::Revised => "revised",
        }
    }
}

/// One of the national target areas (målområden).
#[derive(Debug, Clone)]
pub(crate) struct TargetArea {
    /// Slug.
    pub slug: String,
    /// Its number, 1..n.
    pub number: u32,
    /// Focus areas.
    pub focus_areas: Vec<FocusArea>,
    /// Page fields; `source` is empty when the page comes from the built-in table only.
    pub meta: PageMeta,
}

/// A focus area of a target area.
#[derive(Debug, Clone)]
pub(crate) struct FocusArea {
    /// Title.
    pub title: String,
    /// Optional description.
    pub summary: Option<String>,
}

/// An actor role (Länsstyrelsen, Regionen, …).
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    /// Slug.
    pub slug: String,
    /// National, regional or local.
    pub level: Level,
    /// What the role is responsible for.
    pub responsibilities: Vec<String>,
    /// Target areas the role names.
    pub target_areas: Vec<Id<TargetArea>>,
    /// Page fields.
    pub meta: PageMeta,
}

/// A county: the official facts, and the author's content if there is any.
#[derive(Debug, Clone)]
pub(crate) struct County {
    /// Row of the official table.
    pub row: CountyRow,
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

/// One part of a forum's documentation.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// The forum.
    pub forum: Id<Forum>,
    /// Slug.
    pub slug: String,
    /// Target areas discussed.
    pub target_areas: Vec<Id<TargetArea>>,
    /// Counties concerned.
    pub counties: Vec<Id<County>>,
    /// Actor roles concerned.
    pub actors: Vec<Id<Actor>>,
    /// Page fields.
    pub meta: PageMeta,
}

/// Who an ordinary page is written for (v2 `audience`).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(description = "Vilka sidan är skriven för.")]
pub(crate) enum Audience {
    /// The site's readers (the default).
    #[schemars(description = "Webbplatsens läsare (standard).")]
    #[default]
    Readers,
    /// The site's authors (an authoring guide): built and linked from its own section, but
    /// left out of search, the A–Ö index, the home page's lists and the feed.
    #[schemars(description = "Webbplatsens skribenter: en guide, utanför sökningen och A–Ö.")]
    Authors,
}

impl Audience {
    /// Machine name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Audience::Readers => "readers",
            Audience::Authors => "authors",
        }
    }
}

/// An ordinary page (or a folder's `_index.md`, or the home page).
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// Path under `content/` without `.md` and without `/_index` (`om`, `guide`; empty for home).
    pub path: String,
    /// True for a folder's `_index.md`.
    pub is_section: bool,
    /// Who the page is written for.
    pub audience: Audience,
    /// Page fields.
    pub meta: PageMeta,
}

impl Kind for TargetArea {}
impl Kind for Actor {}
impl Kind for County {}
impl Kind for Document {}
impl Kind for Forum {}
impl Kind for Part {}
impl Kind for Page {}

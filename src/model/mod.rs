//! What every kind of the content model shares: typed [`Id`]s, dates, a page's fields
//! ([`PageMeta`]) and the vocabularies of the front matter (levels, document kinds,
//! statuses, audiences). Each kind's own resolved type (`County`, `Forum`, …) lives in its
//! module of [`crate::kinds`], next to its front matter type; values of those types exist
//! only after `resolve` has checked every reference.

mod date;
mod ids;

pub(crate) use date::{Date, PartialDate};
pub(crate) use ids::{Id, Kind};

use crate::markdown::Body;

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

//! The front matter types of the kinds: the fields every page may carry ([`Common`],
//! written once by `front_matter!`), each kind's struct (unknown fields rejected with the
//! nearest known name), the pieces they share, and a loaded file with its typed front
//! matter ([`LoadedFile`]). [`crate::load`] splits and parses a file into them.

use crate::markdown::Body;
use crate::model::{Audience, Date, DocKind, Level, PartialDate, Status};
use crate::source::SourceFile;
use crate::yaml;
use serde::Deserialize;
use std::sync::Arc;

/// A parsed file: its source, its front matter and its rendered body.
#[derive(Debug, Clone)]
pub(crate) struct LoadedFile<T> {
    /// The source.
    pub file: Arc<SourceFile>,
    /// Byte offset of the YAML block.
    pub yaml_offset: usize,
    /// Length of the YAML block.
    pub yaml_len: usize,
    /// The typed front matter.
    pub fm: T,
    /// The rendered body (shared with the resolved page, so neither copy is made twice).
    pub body: Arc<Body>,
    /// Last change from git or the file time, when front matter has no `updated`.
    pub changed: Option<Date>,
}

impl<T> LoadedFile<T> {
    /// The YAML text of the front matter.
    pub(crate) fn yaml(&self) -> &str {
        self.file
            .text()
            .get(self.yaml_offset..self.yaml_offset + self.yaml_len)
            .unwrap_or("")
    }
}

/// Fields every page may carry.
pub(crate) trait Common {
    /// `title`.
    fn title(&self) -> Option<&str>;
    /// `summary`.
    fn summary(&self) -> Option<&str>;
    /// `draft`.
    fn draft(&self) -> bool;
    /// `updated`.
    fn updated(&self) -> Option<Date>;
    /// `weight`.
    fn weight(&self) -> Option<i64>;
    /// `extra`.
    fn extra(&self) -> Option<&serde_json::Value>;
}

macro_rules! front_matter {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[allow(missing_docs)]
        pub(crate) struct $name {
            #[schemars(description = "Sidans rubrik.")] #[serde(default)] pub title: Option<String>,
            #[schemars(description = "En mening om sidan; visas i listor, sökresultat och delningar.")] #[serde(default)] pub summary: Option<String>,
            #[schemars(description = "true: sidan är ett utkast och kommer bara med i bygget med --drafts.")] #[serde(default)] pub draft: bool,
            #[schemars(description = "Senast ändrad i sak, ÅÅÅÅ-MM-DD.")] #[serde(default)] pub updated: Option<Date>,
            #[schemars(description = "Ordning i listor: ett lägre tal kommer först.")] #[serde(default)] pub weight: Option<i64>,
            #[schemars(description = "Egna fält för webbplatsens mallar, fritt innehåll.")] #[serde(default, deserialize_with = "crate::yaml::unique_json")] pub extra: Option<serde_json::Value>,
            $($(#[$fm])* pub $f: $t,)*
        }
        impl Common for $name {
            fn title(&self) -> Option<&str> { self.title.as_deref() }
            fn summary(&self) -> Option<&str> { self.summary.as_deref() }
            fn draft(&self) -> bool { self.draft }
            fn updated(&self) -> Option<Date> { self.updated }
            fn weight(&self) -> Option<i64> { self.weight }
            fn extra(&self) -> Option<&serde_json::Value> { self.extra.as_ref() }
        }
    };
}

front_matter!(
    /// An ordinary page, the home page or a collection's `_index.md`.
    PageFm {
        #[schemars(description = "Vilka sidan är skriven för: readers (läsarna, standard) eller authors (en guide för skribenter).")] #[serde(default)] audience: Audience,
    }
);
front_matter!(
    /// `malomraden/<slug>.md`.
    TargetAreaFm {
        #[schemars(description = "Målområdets nummer, 1–8 för de officiella; ett högre tal lägger till ett eget målområde. Numret är målområdets identitet.")] #[schemars(range(min = 1))] number: u32,
        #[schemars(description = "Fokusområden inom målområdet.")] #[serde(default)] focus_areas: Vec<FocusAreaFm>,
    }
);
front_matter!(
    /// `aktorer/<slug>.md`.
    ActorFm {
        #[schemars(description = "Aktörens nivå: national (nationell), regional eller local (lokal).")] level: Level,
        #[schemars(description = "Aktörens ansvar, ett per rad.")] #[serde(default)] responsibilities: Vec<String>,
        #[schemars(description = "Målområden som aktören arbetar med (deras slugs).")] #[serde(default)] target_areas: Vec<String>,
    }
);
front_matter!(
    /// `lan/<slug>/_index.md`.
    CountyFm {
        #[schemars(description = "Länets SCB-kod, två siffror inom citattecken (\"24\").")] #[serde(default)] code: Option<String>,
        #[schemars(description = "Organisationer i länets folkhälsoarbete och deras aktörsroller.")] #[serde(default)] organisations: Vec<OrganisationFm>,
        #[schemars(description = "Länets samverkansstrukturer med grupper och ledamöter.")] #[serde(default)] structures: Vec<StructureFm>,
        #[schemars(description = "none: länet har ingen avsiktsförklaring.")] #[serde(default)] declaration: Option<DeclarationFm>,
        #[schemars(description = "Källa (webbadress) till uppgiften att länet saknar avsiktsförklaring.")] #[serde(default)] declaration_source: Option<String>,
    }
);
front_matter!(
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
front_matter!(
    /// `forum/<slug>/_index.md`.
    ForumFm {
        #[schemars(description = "Dag då forumet hölls, ÅÅÅÅ-MM-DD.")] date: Date,
        #[schemars(description = "Plats.")] #[serde(default)] venue: Option<String>,
        #[schemars(description = "Arrangerande aktörsroll (dess slug).")] #[serde(default)] organiser: Option<String>,
        #[schemars(description = "Antal deltagare, ett heltal.")] #[serde(default)] participants: Option<u32>,
        #[schemars(description = "Programmets punkter i tidsordning.")] #[serde(default)] program: Vec<ProgramItemFm>,
    }
);
front_matter!(
    /// `forum/<slug>/<part>.md`.
    PartFm {
        #[schemars(description = "Målområden som delen tar upp (deras slugs).")] #[serde(default)] target_areas: Vec<String>,
        #[schemars(description = "Län som deltog i delen (deras slugs).")] #[serde(default)] counties: Vec<String>,
        #[schemars(description = "Aktörsroller som deltog i delen (deras slugs).")] #[serde(default)] actors: Vec<String>,
    }
);

/// `declaration:` of a county (v2): the only value is `none`, a statement that the
/// county has no declaration of intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(description = "none: länet har ingen avsiktsförklaring.")]
pub(crate) enum DeclarationFm {
    /// The county has stated that it has no declaration.
    #[schemars(description = "Länet har ingen avsiktsförklaring.")]
    None,
}

/// A focus area as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
#[schemars(description = "Ett fokusområde inom målområdet.")]
pub(crate) struct FocusAreaFm {
    #[schemars(description = "Fokusområdets rubrik.")]
    pub title: String,
    #[serde(default)]
    #[schemars(description = "En kort beskrivning av fokusområdet.")]
    pub summary: Option<String>,
}

/// An organisation as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
#[schemars(description = "En grupp inom en struktur.")]
pub(crate) struct GroupFm {
    #[schemars(description = "Gruppens namn.")]
    pub name: String,
    #[serde(default)]
    #[schemars(description = "Gruppens ledamöter.")]
    pub members: Vec<PersonFm>,
}

/// A person as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
#[schemars(description = "En person.")]
pub(crate) struct PersonFm {
    #[schemars(description = "Personens namn.")]
    pub name: String,
    #[serde(default)]
    #[schemars(description = "Personens titel eller roll.")]
    pub title: Option<String>,
    #[serde(default)]
    #[schemars(description = "Personens organisation.")]
    pub organisation: Option<String>,
    #[serde(default)]
    #[schemars(description = "Personens län (dess slug).")]
    pub county: Option<String>,
}

/// A commitment as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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

/// A program item as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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
    pub speakers: Vec<PersonFm>,
}

/// Finds the byte offset (in the YAML text) of the `nth` scalar `value` written as the
/// value of a key `key`, or as an item of its list, in document order.
pub(crate) fn locate_value(yaml: &str, key: &str, value: &str, nth: usize) -> Option<usize> {
    let tree = yaml::parse_tree(yaml).ok()?;
    let mut found = Vec::new();
    values_under(&tree, key, value, &mut found);
    let at = found.get(nth).copied()?;
    // A quoted value starts after its quote.
    Some(at + usize::from(yaml[at..].starts_with(['"', '\''])))
}

fn values_under(node: &yaml::Node, key: &str, value: &str, found: &mut Vec<usize>) {
    let is = |n: &yaml::Node| matches!(&n.kind, yaml::Kind::Scalar { text, .. } if text == value);
    match &node.kind {
        yaml::Kind::Map(entries) => {
            for (k, v) in entries {
                let named = matches!(&k.kind, yaml::Kind::Scalar { text, .. } if text == key);
                if named {
                    match &v.kind {
                        yaml::Kind::Seq(items) => {
                            found.extend(items.iter().filter(|i| is(i)).map(|i| i.span.start))
                        }
                        _ if is(v) => found.push(v.span.start),
                        _ => {}
                    }
                }
                values_under(v, key, value, found);
            }
        }
        yaml::Kind::Seq(items) => {
            for i in items {
                values_under(i, key, value, found);
            }
        }
        yaml::Kind::Scalar { .. } | yaml::Kind::Poison => {}
    }
}

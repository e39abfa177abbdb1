//! The front matter types of the kinds: the fields every page may carry ([`Common`],
//! written once by `front_matter!`), each kind's struct (unknown fields rejected with the
//! nearest known name), the pieces they share, and a loaded file with its typed front
//! matter ([`LoadedFile`]). [`crate::load`] splits and parses a file into them.

use crate::markdown::Body;
use crate::model::Date;
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
        #[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[allow(missing_docs)]
        pub(crate) struct $name {
            #[schemars(description = "Sidans rubrik.")] #[serde(default)] pub title: Option<String>,
            #[schemars(description = "En mening om sidan; visas i listor, sökresultat och delningar.")] #[serde(default)] pub summary: Option<String>,
            #[schemars(description = "true: sidan är ett utkast och kommer bara med i bygget med --drafts.")] #[serde(default)] pub draft: bool,
            #[schemars(description = "Senast ändrad i sak, ÅÅÅÅ-MM-DD.")] #[serde(default)] pub updated: Option<$crate::model::Date>,
            #[schemars(description = "Ordning i listor: ett lägre tal kommer först.")] #[serde(default)] pub weight: Option<i64>,
            #[schemars(description = "Egna fält för webbplatsens mallar, fritt innehåll.")] #[serde(default, deserialize_with = "crate::yaml::unique_json")] pub extra: Option<serde_json::Value>,
            $($(#[$fm])* pub $f: $t,)*
        }
        impl $crate::kinds::frontmatter::Common for $name {
            fn title(&self) -> Option<&str> { self.title.as_deref() }
            fn summary(&self) -> Option<&str> { self.summary.as_deref() }
            fn draft(&self) -> bool { self.draft }
            fn updated(&self) -> Option<$crate::model::Date> { self.updated }
            fn weight(&self) -> Option<i64> { self.weight }
            fn extra(&self) -> Option<&serde_json::Value> { self.extra.as_ref() }
        }
    };
}
/// Declares a kind's front matter struct with the fields every page may carry
/// ([`Common`]) and the kind's own: `front_matter!(/// doc\n CountyFm { …fields })`.
pub(crate) use front_matter;

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

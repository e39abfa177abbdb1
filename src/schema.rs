//! JSON Schemas of the front matter, one per content kind, for editors (`blomma schema`).
//!
//! The schemas are generated from the front-matter structs the loader reads
//! (each kind's [`crate::kinds::ContentKind::Fm`]) with schemars, so
//! they cannot drift from what the loader accepts: a field the loader refuses
//! (`deny_unknown_fields`) is refused by the schema (`additionalProperties: false`), an
//! enum is an `enum`. The descriptions are in Swedish, for the authors. Fields that name a
//! county or a target area list the slugs the site uses ([`Slugs`]).

use crate::kinds::{ContentKind, KindVisitor};
use crate::model::{Date, PartialDate};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};
use std::borrow::Cow;

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "Ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-03-14.",
        })
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$" },
                { "type": "integer", "minimum": 1000, "maximum": 9999 },
            ],
            "description": "Ett datum som ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM eller ÅÅÅÅ när källan inte anger mer.",
        })
    }
}

/// The slugs that front-matter fields may name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Slugs {
    /// County slugs (`vasterbotten`).
    pub counties: Vec<String>,
    /// Target-area slugs (`levnadsvanor`).
    pub target_areas: Vec<String>,
    /// Actor-role slugs (`lansstyrelsen`), known only when the site's content was read.
    pub actors: Vec<String>,
    /// True when the slugs are the site's own (its content was read): the schemas then
    /// allow only them (`enum`); otherwise the target areas are the official table's and
    /// only suggested (`examples`), since a site may rename its target areas.
    pub from_site: bool,
}

/// One kind's schema: the file it is written to and the schema itself.
#[derive(Debug, Clone)]
pub(crate) struct KindSchema {
    /// The file name under the schema folder (`document.json`).
    pub file: &'static str,
    /// The JSON Schema (draft 7, which the VS Code YAML extension reads).
    pub schema: Value,
}

/// The schema of every kind of content file, with the slugs of `slugs` filled in.
pub(crate) fn schemas(slugs: &Slugs) -> Vec<KindSchema> {
    /// Collects the schema of each kind, in the kinds' order.
    struct Each<'a>(&'a Slugs, Vec<KindSchema>);
    impl KindVisitor for Each<'_> {
        fn visit<K: ContentKind>(&mut self) {
            let (file, title) = K::SCHEMA;
            self.1.push(kind::<K::Fm>(file, title, self.0));
        }
    }
    let mut each = Each(slugs, Vec::new());
    crate::kinds::visit_kinds(&mut each);
    each.1
}

/// The schema of `T`, titled `title`, with enums made plain and slugs filled in.
fn kind<T: JsonSchema>(file: &'static str, title: &str, slugs: &Slugs) -> KindSchema {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    plain_enums(&mut schema);
    fill_slugs(&mut schema, slugs);
    if let Value::Object(o) = &mut schema {
        o.insert("title".into(), Value::String(format!("{title}: framsida")));
        o.insert(
            "description".into(),
            Value::String(format!(
                "Framsidan (front matter) i en innehållsfil av slaget {}. Skapad av `blomma schema`.",
                title.to_lowercase()
            )),
        );
    }
    KindSchema { file, schema }
}

/// Turns every `oneOf` whose members are all constants (a Rust enum with documented
/// variants) into a plain `enum`, keeping the variants' descriptions as
/// `enumDescriptions` for the editor's completion list.
fn plain_enums(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some((values, descriptions)) = o.get("oneOf").and_then(constants) {
                o.remove("oneOf");
                o.insert("type".into(), Value::String("string".into()));
                o.insert("enum".into(), Value::Array(values));
                o.insert("enumDescriptions".into(), Value::Array(descriptions));
            }
            o.values_mut().for_each(plain_enums);
        }
        Value::Array(a) => a.iter_mut().for_each(plain_enums),
        _ => {}
    }
}

/// The values and descriptions of a `oneOf` made only of `const` members.
fn constants(one_of: &Value) -> Option<(Vec<Value>, Vec<Value>)> {
    let members = one_of.as_array()?;
    let mut values = Vec::new();
    let mut descriptions = Vec::new();
    for m in members {
        values.push(m.get("const")?.clone());
        descriptions.push(m.get("description").cloned().unwrap_or(Value::Null));
    }
    Some((values, descriptions))
}

/// Which slugs a field of this name takes, if it names a county, target area or actor,
/// and whether only they are allowed: the counties always (a site cannot rename them),
/// the others when they are the site's own.
fn slugs_of<'a>(field: &str, slugs: &'a Slugs) -> Option<(&'a [String], bool)> {
    let (list, strict) = match field {
        "county" | "counties" => (&slugs.counties, true),
        "target_areas" => (&slugs.target_areas, slugs.from_site),
        "actors" | "role" | "organiser" => (&slugs.actors, slugs.from_site),
        _ => return None,
    };
    (!list.is_empty()).then_some((list.as_slice(), strict))
}

/// Adds the slugs to every property that names a county, target area or actor role:
/// `enum` when they are the site's own, else `examples`. For a list, to its items.
fn fill_slugs(v: &mut Value, slugs: &Slugs) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Object(props)) = o.get_mut("properties") {
                for (name, prop) in props.iter_mut() {
                    if let Some((list, strict)) = slugs_of(name, slugs) {
                        add_slugs(prop, list, strict);
                    }
                }
            }
            o.values_mut().for_each(|x| fill_slugs(x, slugs));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| fill_slugs(x, slugs)),
        _ => {}
    }
}

/// Puts `list` on a property's schema, or on its `items` for a list.
fn add_slugs(prop: &mut Value, list: &[String], strict: bool) {
    let Value::Object(o) = prop else { return };
    if let Some(items) = o.get_mut("items") {
        return add_slugs(items, list, strict);
    }
    let mut values: Vec<Value> = list.iter().map(|s| Value::String(s.clone())).collect();
    if strict {
        if allows_null(o) {
            values.push(Value::Null);
        }
        o.insert("enum".into(), Value::Array(values));
    } else {
        o.insert("examples".into(), Value::Array(values));
    }
}

/// True when a schema's `type` allows `null` (an optional field).
fn allows_null(o: &Map<String, Value>) -> bool {
    match o.get("type") {
        Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
        Some(t) => t == "null",
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(from_site: bool) -> Slugs {
        Slugs {
            counties: vec!["dalarna".into(), "gotland".into()],
            target_areas: vec!["levnadsvanor".into()],
            actors: vec![],
            from_site,
        }
    }

    fn doc() -> Value {
        schemas(&slugs(true))
            .into_iter()
            .find(|k| k.file == "document.json")
            .map(|k| k.schema)
            .unwrap_or_default()
    }

    #[test]
    fn status_is_a_plain_enum_with_swedish_descriptions() {
        let d = doc();
        let status = &d["definitions"]["Status"];
        assert_eq!(
            status["enum"],
            serde_json::json!(["draft", "adopted", "revised"])
        );
        assert_eq!(status["enumDescriptions"][1], "Antagen.");
    }

    #[test]
    fn site_slugs_are_an_enum_official_ones_examples() {
        let strict = doc();
        assert_eq!(
            strict["properties"]["target_areas"]["items"]["enum"],
            serde_json::json!(["levnadsvanor"])
        );
        let loose = schemas(&slugs(false))
            .into_iter()
            .find(|k| k.file == "document.json")
            .map(|k| k.schema)
            .unwrap_or_default();
        assert_eq!(
            loose["properties"]["target_areas"]["items"]["examples"],
            serde_json::json!(["levnadsvanor"])
        );
        assert!(loose["properties"]["target_areas"]["items"]
            .get("enum")
            .is_none());
    }
}

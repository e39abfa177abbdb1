//! Front Matter CMS content types (`frontmatter.json`), for authors who edit in VS Code
//! with the Front Matter CMS extension (<https://frontmatter.codes>): one content type per
//! kind, with a form field for every front-matter field, and the page folders of the
//! site's collections.
//!
//! The fields are made from the JSON Schemas of [`crate::schema`] (themselves generated
//! from the loader's types), so they cannot drift from what the loader accepts: an enum
//! becomes a `choice`, a list of slugs a multiple `choice`, a list of texts a `list`, a
//! date a `datetime` written as `ÅÅÅÅ-MM-DD`, a list of mappings a `block` with a field
//! group, and anything free-form (`extra`) a `json` field.
//!
//! Front Matter CMS finds a file's content type from the page folder with the longest path
//! that the file's path contains, when that folder has one content type
//! (`ArticleHelper.getContentType` and `Folders.getPageFolderByFilePath` in
//! `estruyf/vscode-front-matter`); a `*` in a folder's path stands for each subfolder. A
//! county's `_index.md` and its documents share a folder, as do a forum's `_index.md` and
//! its parts: the folders (`lan/*`) get the type of the files in them (`document`,
//! `forum-part`), and each existing `_index.md` of a county or forum is a page folder of
//! its own (`lan/dalarna/_index.md`, longer, so it wins for that file) with the county or
//! forum type, closed to new content. Front Matter CMS expands no `*` to a file (a
//! wildcard matching files stands for their folder), so these are listed one by one; a
//! county started later gets its entry from `blomma schema`.

use crate::config::Collections;
use crate::kinds::{Collection, KindTag, Place};
use crate::schema::KindSchema;
use serde_json::{json, Map, Value};
use std::path::Path;

/// The keys of `frontmatter.json` that blomma writes, each a list of entries named by
/// the given key.
const OWN: [(&str, &str); 3] = [
    ("frontMatter.taxonomy.contentTypes", "name"),
    ("frontMatter.taxonomy.fieldGroups", "id"),
    ("frontMatter.content.pageFolders", "path"),
];

/// The file name, at the site's root.
pub(crate) const FILE: &str = "frontmatter.json";

/// The navigation labels of the default theme's Swedish strings, which title the page
/// folders (Front Matter CMS shows them in its dashboard).
const SV_STRINGS: &str = include_str!("../themes/default/strings/sv.toml");

/// The label of `collection` in the Swedish navigation, or its key when it has none.
fn folder_title(collection: Collection) -> String {
    let key = collection.nav_key();
    toml::from_str::<toml::Table>(SV_STRINGS)
        .ok()
        .and_then(|t| t.get(key).and_then(|v| v.as_str()).map(str::to_string))
        .unwrap_or_else(|| key.to_string())
}

/// The content type made from the schema file `file`, and the folders (under
/// `content/`, `*` for each subfolder) whose files are of that type, from the place the
/// kind declares. A kind with one folder per entity (`<folder>/<slug>/_index.md`) shares
/// its folders with the kind inside them, which gets them; it gets each of its existing
/// `_index.md` files under `content` instead.
fn place(
    file: &str,
    c: &Collections,
    content: &Path,
) -> Option<(&'static str, Vec<(String, String)>)> {
    let tag = KindTag::ALL.into_iter().find(|t| t.schema_file() == file)?;
    let name = match tag.place() {
        Place::Pages => "default",
        _ => tag.schema_file().trim_end_matches(".json"),
    };
    let folders = match tag.place() {
        Place::Pages => vec![("Sidor".to_string(), String::new())],
        Place::File(col) => vec![(folder_title(col), col.folder(c).to_string())],
        Place::Folder(col) => index_files(col, c, content),
        Place::InFolder(col) => vec![(folder_title(col), format!("{}/*", col.folder(c)))],
    };
    Some((name, folders))
}

/// The `_index.md` files of the entities of `collection` (one folder each) that exist
/// under `content`, sorted, each with a title for Front Matter CMS's dashboard.
fn index_files(collection: Collection, c: &Collections, content: &Path) -> Vec<(String, String)> {
    let folder = collection.folder(c);
    let Ok(entries) = std::fs::read_dir(content.join(folder)) else {
        return Vec::new();
    };
    let mut slugs: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().join("_index.md").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    slugs.sort();
    let title = folder_title(collection);
    slugs
        .into_iter()
        .map(|slug| {
            (
                format!("{title}: {slug}"),
                format!("{folder}/{slug}/_index.md"),
            )
        })
        .collect()
}

/// The whole `frontmatter.json` for the kinds of `schemas`, with the folders of
/// `collections` that exist under `content` (Front Matter CMS complains about a page
/// folder that does not exist; `blomma schema` adds a collection's folder once it does).
pub(crate) fn config(schemas: &[KindSchema], collections: &Collections, content: &Path) -> Value {
    let mut types = Vec::new();
    let mut folders = Vec::new();
    let mut groups = Vec::new();
    for k in schemas {
        let Some((name, places)) = place(k.file, collections, content) else {
            continue;
        };
        let mut cx = Cx {
            root: &k.schema,
            kind: name,
            groups: &mut groups,
        };
        let fields = cx.fields(&k.schema);
        types.push(json!({
            "name": name,
            "pageBundle": false,
            "fileType": "md",
            "clearEmpty": true,
            "fields": fields,
        }));
        for (title, sub) in places {
            if !content.join(sub.trim_end_matches("/*")).exists() {
                continue;
            }
            let path = if sub.is_empty() {
                "[[workspace]]/content".to_string()
            } else {
                format!("[[workspace]]/content/{sub}")
            };
            let mut folder = json!({ "title": title, "path": path, "contentTypes": [name] });
            if sub.ends_with(".md") {
                // A file standing as a folder for its own type: nothing is created in it.
                folder["disableCreation"] = Value::Bool(true);
            }
            folders.push(folder);
        }
    }
    json!({
        "$schema": "https://frontmatter.codes/frontmatter.schema.json",
        "frontMatter.content.publicFolder": "static",
        "frontMatter.taxonomy.contentTypes": types,
        "frontMatter.taxonomy.fieldGroups": groups,
        "frontMatter.content.pageFolders": folders,
    })
}

/// `existing` (a `frontmatter.json` as found) brought up to date with `generated`: in
/// each list blomma writes, its own entries (by name, id or path) are replaced and added,
/// every other entry and every other setting is kept as the author or Front Matter CMS
/// wrote it.
pub(crate) fn merge(existing: Value, generated: &Value) -> Value {
    let Value::Object(mut out) = existing else {
        return generated.clone();
    };
    for (key, id) in OWN {
        let new = generated[key].as_array().cloned().unwrap_or_default();
        let mut list: Vec<Value> = out
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for entry in new {
            match list.iter_mut().find(|e| e[id] == entry[id]) {
                Some(old) => *old = entry,
                None => list.push(entry),
            }
        }
        out.insert(key.into(), Value::Array(list));
    }
    for (key, value) in generated.as_object().into_iter().flatten() {
        out.entry(key.clone()).or_insert_with(|| value.clone());
    }
    Value::Object(out)
}

/// The schema being turned into fields, and the field groups made on the way.
struct Cx<'a> {
    root: &'a Value,
    kind: &'static str,
    groups: &'a mut Vec<Value>,
}

impl Cx<'_> {
    /// The fields of an object schema's properties, required ones marked.
    fn fields(&mut self, object: &Value) -> Vec<Value> {
        let required: Vec<&str> = object["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(props) = object["properties"].as_object() else {
            return Vec::new();
        };
        let mut names: Vec<&String> = props.keys().collect();
        // The title and summary first, then the required fields, then the rest A–Z.
        names.sort_by_key(|n| {
            let n = n.as_str();
            (n != "title", n != "summary", !required.contains(&n), n)
        });
        names
            .into_iter()
            .map(|name| {
                let prop = &props[name.as_str()];
                self.field(name, prop, required.contains(&name.as_str()))
            })
            .collect()
    }

    /// One field: its form type from the property's schema, with the description, the
    /// default and whether it is required.
    fn field(&mut self, name: &str, prop: &Value, required: bool) -> Value {
        let (resolved, def) = self.resolve(prop);
        let mut f = Map::new();
        f.insert("title".into(), Value::String(name.replace('_', " ")));
        f.insert("name".into(), Value::String(name.into()));
        self.form(name, &resolved, def.as_deref(), &mut f);
        if let Some(d) = prop["description"]
            .as_str()
            .or(resolved["description"].as_str())
        {
            f.insert("description".into(), Value::String(d.into()));
        }
        match &prop["default"] {
            Value::Null => {}
            Value::Array(a) if a.is_empty() => {}
            d => {
                f.insert("default".into(), d.clone());
            }
        }
        if required {
            f.insert("required".into(), Value::Bool(true));
        }
        Value::Object(f)
    }

    /// Sets the form type of a field (and its choices, sub-fields or group).
    fn form(&mut self, name: &str, s: &Value, def: Option<&str>, f: &mut Map<String, Value>) {
        let kind = |t: &str| Value::String(t.into());
        if def == Some("Date") {
            f.insert("type".into(), kind("datetime"));
            f.insert("dateFormat".into(), kind("yyyy-MM-dd"));
        } else if let Some(choices) = choices(s) {
            f.insert("type".into(), kind("choice"));
            f.insert("choices".into(), choices);
        } else if has_type(s, "boolean") {
            f.insert("type".into(), kind("boolean"));
        } else if has_type(s, "integer") || has_type(s, "number") {
            f.insert("type".into(), kind("number"));
            f.insert(
                "numberOptions".into(),
                json!({ "isDecimal": !has_type(s, "integer") }),
            );
        } else if has_type(s, "array") {
            self.array(name, s, f);
        } else if has_type(s, "object") && s["properties"].is_object() {
            f.insert("type".into(), kind("fields"));
            f.insert("fields".into(), Value::Array(self.fields(s)));
        } else if has_type(s, "string") || def == Some("PartialDate") {
            f.insert("type".into(), kind("string"));
        } else {
            f.insert("type".into(), kind("json"));
        }
    }

    /// A list: a multiple choice of slugs or names, a list of texts, or a block of
    /// mappings with a field group of their own.
    fn array(&mut self, name: &str, s: &Value, f: &mut Map<String, Value>) {
        let (items, _) = self.resolve(&s["items"]);
        if let Some(choices) = choices(&items) {
            f.insert("type".into(), "choice".into());
            f.insert("choices".into(), choices);
            f.insert("multiple".into(), Value::Bool(true));
        } else if items["properties"].is_object() {
            let id = format!("{}-{}", self.kind, name.replace('_', "-"));
            let fields = self.fields(&items);
            if !self.groups.iter().any(|g| g["id"] == id.as_str()) {
                let mut group = json!({ "id": id, "fields": fields });
                // The first text field names each item in the form's list.
                let label = fields.iter().find(|x| x["type"] == "string");
                if let Some(name) = label.and_then(|x| x["name"].as_str()) {
                    group["labelField"] = Value::String(name.into());
                }
                self.groups.push(group);
            }
            f.insert("type".into(), "block".into());
            f.insert("fieldGroup".into(), Value::String(id));
        } else if has_type(&items, "string") {
            f.insert("type".into(), "list".into());
        } else {
            f.insert("type".into(), "json".into());
        }
    }

    /// The schema a property stands for, through `$ref`, `allOf: [ref]` and `anyOf: [ref,
    /// null]`, with the name of the definition it refers to.
    fn resolve(&self, prop: &Value) -> (Value, Option<String>) {
        if let Some(r) = prop["$ref"].as_str() {
            let name = r.rsplit('/').next().unwrap_or("").to_string();
            let def = self.root["definitions"][&name].clone();
            let (inner, deeper) = self.resolve(&def);
            return (inner, deeper.or(Some(name)));
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            let Some(members) = prop[key].as_array() else {
                continue;
            };
            let not_null: Vec<&Value> = members.iter().filter(|m| m["type"] != "null").collect();
            if let [only] = not_null.as_slice() {
                return self.resolve(only);
            }
        }
        (prop.clone(), None)
    }
}

/// The choices of an enum schema, without `null`.
fn choices(s: &Value) -> Option<Value> {
    let values: Vec<Value> = s["enum"]
        .as_array()?
        .iter()
        .filter(|v| !v.is_null())
        .cloned()
        .collect();
    Some(Value::Array(values))
}

/// True when a schema's `type` is or includes `t`.
fn has_type(s: &Value, t: &str) -> bool {
    match &s["type"] {
        Value::String(x) => x == t,
        Value::Array(a) => a.iter().any(|x| x == t),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{schemas, Slugs};

    fn types() -> Value {
        let slugs = Slugs {
            counties: vec!["dalarna".into()],
            target_areas: vec!["levnadsvanor".into()],
            actors: vec!["lansstyrelsen".into()],
            from_site: true,
        };
        let dir = std::env::temp_dir();
        config(&schemas(&slugs), &Collections::default(), &dir)
    }

    fn field<'a>(v: &'a Value, kind: &str, name: &str) -> &'a Value {
        v["frontMatter.taxonomy.contentTypes"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["name"] == kind))
            .and_then(|t| t["fields"].as_array())
            .and_then(|f| f.iter().find(|f| f["name"] == name))
            .unwrap_or(&Value::Null)
    }

    #[test]
    fn enums_slugs_dates_and_lists_get_their_form_types() {
        let v = types();
        let status = field(&v, "document", "status");
        assert_eq!(status["type"], "choice");
        assert_eq!(status["choices"], json!(["draft", "adopted", "revised"]));
        let areas = field(&v, "document", "target_areas");
        assert_eq!(
            (&areas["type"], &areas["multiple"]),
            (&json!("choice"), &json!(true))
        );
        assert_eq!(areas["choices"], json!(["levnadsvanor"]));
        assert_eq!(field(&v, "document", "adopted")["type"], "datetime");
        assert_eq!(field(&v, "document", "kind")["required"], true);
        assert_eq!(field(&v, "document", "signatories")["type"], "list");
        assert_eq!(field(&v, "document", "extra")["type"], "json");
        assert_eq!(field(&v, "target-area", "number")["type"], "number");
        let commitments = field(&v, "document", "commitments");
        assert_eq!(commitments["type"], "block");
        assert_eq!(commitments["fieldGroup"], "document-commitments");
    }

    #[test]
    fn merge_replaces_blommas_entries_and_keeps_the_authors() {
        let generated = json!({
            "frontMatter.taxonomy.contentTypes": [{ "name": "document", "fields": [1] }],
            "frontMatter.content.publicFolder": "static",
        });
        let existing = json!({
            "frontMatter.taxonomy.contentTypes": [
                { "name": "document", "fields": [0] },
                { "name": "egen", "fields": [] },
            ],
            "frontMatter.preview.host": "http://localhost:1111",
        });
        let merged = merge(existing, &generated);
        assert_eq!(
            merged["frontMatter.taxonomy.contentTypes"],
            json!([{ "name": "document", "fields": [1] }, { "name": "egen", "fields": [] }])
        );
        assert_eq!(merged["frontMatter.preview.host"], "http://localhost:1111");
        assert_eq!(merged["frontMatter.content.publicFolder"], "static");
    }
}

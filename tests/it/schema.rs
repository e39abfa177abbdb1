//! `blomma schema`: the JSON Schemas of the front matter accept every content file of the
//! example site and reject the mistakes authors make.

use crate::support::{TestSite, BIN};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The example site (the repository root).
fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `blomma schema --root <root> --out <out>` and asserts it succeeded.
fn write_schemas(root: &Path, out: &Path) {
    let o = Command::new(BIN)
        .arg("schema")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run the blomma binary");
    assert!(
        o.status.success(),
        "blomma schema failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A validator for the schema file `name` in `dir`.
fn validator(dir: &Path, name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(dir.join(name)).expect("a schema file was written");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

/// The schema file of a content file, by its path under `content/` (the example site's
/// collection folders).
fn schema_of(rel: &str) -> &'static str {
    let parts: Vec<&str> = rel.split('/').collect();
    let index = rel.ends_with("_index.md");
    match (parts.as_slice(), index) {
        (["malomraden", _], false) => "target-area.json",
        (["aktorer", _], false) => "actor.json",
        (["begrepp", _], false) => "glossary.json",
        (["lan", _, _], true) => "county.json",
        (["lan", _, _], false) => "document.json",
        (["forum", _, _], true) => "forum.json",
        (["forum", _, _], false) => "forum-part.json",
        _ => "page.json",
    }
}

/// The front matter of a content file as JSON, read by blomma's own YAML reader.
fn front_matter(text: &str) -> Value {
    let rest = text
        .strip_prefix("---\n")
        .expect("the file starts with ---");
    let end = rest.find("\n---").expect("the front matter ends with ---");
    blomma::yaml_to_json(&rest[..end + 1]).expect("the front matter is YAML")
}

/// Every `.md` file under `dir`, as paths relative to `base`.
fn markdown_files(base: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read content folder") {
        let path = entry.expect("read content folder").path();
        if path.is_dir() {
            markdown_files(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path.strip_prefix(base).expect("under content/");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The error messages of `instance` against `v`.
fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| e.to_string()).collect()
}

#[test]
fn every_example_content_file_matches_the_schema_of_its_kind() {
    let out = TestSite::empty();
    let root = example_root();
    write_schemas(&root, out.root());
    let content = root.join("content");
    let mut files = Vec::new();
    markdown_files(&content, &content, &mut files);
    files.sort();
    assert!(files.len() > 50, "the example site has its content");
    let mut kinds_seen = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for rel in &files {
        let text = std::fs::read_to_string(content.join(rel)).expect("read content file");
        let schema = schema_of(rel);
        kinds_seen.insert(schema);
        let errs = errors(&validator(out.root(), schema), &front_matter(&text));
        if !errs.is_empty() {
            failures.push(format!("{rel} ({schema}): {}", errs.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        kinds_seen.len(),
        8,
        "every kind is exercised: {kinds_seen:?}"
    );
}

#[test]
fn the_schemas_reject_the_known_mistakes() {
    let out = TestSite::empty();
    write_schemas(&example_root(), out.root());
    let doc = validator(out.root(), "document.json");
    let good = serde_json::json!({
        "title": "Avsiktsförklaring", "kind": "declaration", "status": "adopted",
        "adopted": "2024-05-02", "target_areas": ["levnadsvanor"]
    });
    assert!(errors(&doc, &good).is_empty(), "{:?}", errors(&doc, &good));
    let mut wrong_status = good.clone();
    wrong_status["status"] = "antagen".into();
    assert!(
        !doc.is_valid(&wrong_status),
        "a status that is not draft/adopted/revised"
    );
    let mut unknown = good.clone();
    unknown["författare"] = "Anna".into();
    assert!(!doc.is_valid(&unknown), "an unknown field");
    let mut misspelt_area = good.clone();
    misspelt_area["target_areas"] = serde_json::json!(["levnadsvana"]);
    assert!(!doc.is_valid(&misspelt_area), "a misspelt target-area slug");

    let ta = validator(out.root(), "target-area.json");
    assert!(ta.is_valid(&serde_json::json!({"number": 6, "title": "Levnadsvanor"})));
    assert!(
        !ta.is_valid(&serde_json::json!({"number": "sex", "title": "Levnadsvanor"})),
        "a number written as text"
    );

    let part = validator(out.root(), "forum-part.json");
    assert!(part.is_valid(&serde_json::json!({"title": "Samtal", "counties": ["dalarna"]})));
    assert!(
        !part.is_valid(&serde_json::json!({"title": "Samtal", "counties": ["dalarnna"]})),
        "a misspelt county slug"
    );
}

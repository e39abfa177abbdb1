//! The site search index as a reader meets it through the search page: what the filters
//! offer (issue 14, point 5). How results rank is tested on the engine in `tests/js/` and
//! on the example site by `tests/browser/recall.mjs`.

use crate::support::TestSite;
use serde_json::Value;

/// The search index's `meta.json` of a built fixture site.
fn search_meta(fixture: &str) -> serde_json::Value {
    let site = TestSite::fixture(fixture);
    site.build().assert_ok();
    serde_json::from_str(&site.file("sok/index/meta.json")).expect("meta.json is JSON")
}

/// The facet named `name` of `meta`.
fn facet<'a>(meta: &'a Value, name: &str) -> &'a Value {
    meta["facets"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["name"] == name))
        .unwrap_or_else(|| panic!("no facet {name} in {meta}"))
}

/// The value labels of a facet.
fn labels(facet: &Value) -> Vec<String> {
    facet["values"]
        .as_array()
        .map(|vs| {
            vs.iter()
                .map(|v| v[0].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The URLs of the pages of a facet value, read from the card files.
fn value_urls(site: &TestSite, facet: &Value, label: &str) -> Vec<String> {
    let cards: Vec<Value> = (0..)
        .map_while(|j| {
            let rel = format!("sok/index/d/{j}.json");
            site.exists(&rel)
                .then(|| serde_json::from_str::<Value>(&site.file(&rel)).expect("card JSON"))
        })
        .flat_map(|f| f.as_array().cloned().unwrap_or_default())
        .collect();
    let value = facet["values"]
        .as_array()
        .and_then(|vs| vs.iter().find(|v| v[0] == label))
        .unwrap_or_else(|| panic!("no value {label} in {facet}"));
    // Gap-coded page numbers (src/search/encode.rs).
    const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let (mut acc, mut prev, mut out) = (0i64, -1i64, Vec::new());
    for c in value[1].as_str().unwrap_or("").chars() {
        let d = ALPHABET.find(c).expect("a digit") as i64;
        if d >= 32 {
            acc = acc * 32 + d - 32;
            continue;
        }
        prev += acc * 32 + d + 1;
        acc = 0;
        out.push(cards[prev as usize]["u"].as_str().unwrap_or("").to_string());
    }
    out
}

/// County pages can be narrowed to one of the three declaration states of issue 14
/// point 2: a declaration (by its status), "ingen avsiktsförklaring" and "uppgift saknas".
#[test]
fn county_pages_are_filtered_by_what_is_known_of_their_declaration() {
    let site = TestSite::fixture("declaration-states");
    site.build().assert_ok();
    let meta: Value = serde_json::from_str(&site.file("sok/index/meta.json")).expect("JSON");
    let f = facet(&meta, "declaration");
    assert_eq!(f["label"], "Avsiktsförklaring");
    assert_eq!(
        labels(f),
        ["Antagen", "Ingen avsiktsförklaring", "Uppgift saknas"],
        "in the order of the map's legend"
    );
    assert_eq!(value_urls(&site, f, "Antagen"), ["/lan/vasterbotten/"]);
    assert_eq!(
        value_urls(&site, f, "Ingen avsiktsförklaring"),
        ["/lan/dalarna/"]
    );
    let unknown = value_urls(&site, f, "Uppgift saknas");
    assert!(
        unknown.contains(&"/lan/gotland/".to_string()),
        "{unknown:?}"
    );
    assert_eq!(unknown.len(), 19, "the other counties: {unknown:?}");
    // Only county pages have a declaration state.
    assert!(unknown.iter().all(|u| u.starts_with("/lan/")));
}

/// Target areas are a facet of their own, over the target-area pages and the documents
/// that cover them; with `language = "en"`, the legends and the records' labels come
/// from the English strings.
#[test]
fn target_areas_are_a_facet_and_labels_follow_the_sites_language() {
    let site = TestSite::fixture("declaration-states");
    let toml = std::fs::read_to_string(site.root().join("site.toml"))
        .expect("site.toml")
        .replace("language = \"sv\"", "language = \"en\"");
    site.write("site.toml", &toml);
    site.build().assert_ok();
    let meta: Value = serde_json::from_str(&site.file("sok/index/meta.json")).expect("JSON");
    let legends: Vec<&str> = meta["facets"]
        .as_array()
        .map(|fs| fs.iter().filter_map(|f| f["label"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        legends,
        [
            "Type of page",
            "County",
            "Target area",
            "Declaration of intent"
        ]
    );
    let areas = facet(&meta, "target_area");
    assert_eq!(labels(areas).len(), 8, "{areas}");
    let covered: Vec<Vec<String>> = labels(areas)
        .iter()
        .map(|l| value_urls(&site, areas, l))
        .collect();
    // The declaration covers one area: listed there with the area's own page.
    let with_doc: Vec<&Vec<String>> = covered
        .iter()
        .filter(|u| u.contains(&"/lan/vasterbotten/avsiktsforklaring/".to_string()))
        .collect();
    assert_eq!(with_doc.len(), 1, "{covered:?}");
    assert!(
        with_doc[0].iter().any(|u| u.starts_with("/malomraden/")),
        "{covered:?}"
    );
    assert_eq!(labels(facet(&meta, "declaration"))[2], "Not known");
    // The target-area records say "Target area 1", not "Målområde 1".
    let chunks: String = (0..)
        .map_while(|i| {
            let rel = format!("sok/index/t/{i}.json");
            site.exists(&rel).then(|| site.file(&rel))
        })
        .collect();
    assert!(
        chunks.contains("[\"target\","),
        "no word `target` in the index"
    );
}

/// The kind filter files every page under its kind's label: a declaration is an
/// "Avsiktsförklaring", not a "Rapport" because a report happened to come first.
#[test]
fn the_kind_filter_uses_each_documents_own_kind() {
    let meta = search_meta("document-dates");
    let kinds = labels(facet(&meta, "kind"));
    let labels: Vec<&str> = kinds.iter().map(String::as_str).collect();
    assert!(labels.contains(&"Avsiktsförklaring"), "{kinds:?}");
    assert!(labels.contains(&"Rapport"), "{kinds:?}");
    // Each label once: no two kinds of the filter read the same.
    let mut unique = labels.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), labels.len(), "{kinds:?}");
}

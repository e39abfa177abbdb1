//! The site search index as a reader meets it through the search page: what the filters
//! offer (issue 14, point 5). How results rank is tested on the engine in `tests/js/` and
//! on the example site by `tests/browser/recall.mjs`.

use crate::support::TestSite;

/// The search index's `meta.json` of a built fixture site.
fn search_meta(fixture: &str) -> serde_json::Value {
    let site = TestSite::fixture(fixture);
    site.build().assert_ok();
    serde_json::from_str(&site.file("sok/index/meta.json")).expect("meta.json is JSON")
}

/// The kind filter files every page under its kind's label: a declaration is an
/// "Avsiktsförklaring", not a "Rapport" because a report happened to come first.
#[test]
fn the_kind_filter_uses_each_documents_own_kind() {
    let meta = search_meta("document-dates");
    let kinds: Vec<(String, String)> = meta["kinds"]
        .as_array()
        .expect("kinds")
        .iter()
        .map(|k| {
            (
                k[0].as_str().unwrap_or("").into(),
                k[1].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let labels: Vec<&str> = kinds.iter().map(|k| k.1.as_str()).collect();
    assert!(labels.contains(&"Avsiktsförklaring"), "{kinds:?}");
    assert!(labels.contains(&"Rapport"), "{kinds:?}");
    // Each label once: no two kinds of the filter read the same.
    let mut unique = labels.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), labels.len(), "{kinds:?}");
}

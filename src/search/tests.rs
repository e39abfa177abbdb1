//! Tests of [`build_index`] on small sites: file layout, meta, entries.

use serde_json::Value;

use super::encode::decode;
use super::{build_index, facets, Facet, FacetSpec, FacetTag, SearchDoc, SearchHeading};

pub(crate) fn doc(
    url: &str,
    title: &str,
    kind: &'static str,
    county: Option<&str>,
    text: &str,
) -> SearchDoc<'static> {
    SearchDoc {
        url: url.into(),
        title: title.to_string().into(),
        kind: kind.into(),
        facets: std::iter::once(FacetTag::new(
            "kind",
            kind,
            match kind {
                "lan" => "Län",
                "malomrade" => "Målområde",
                _ => "Sida",
            },
            0,
        ))
        .chain(county.map(|c| FacetTag::new("county", c.to_string(), c.to_string(), 0)))
        .collect(),
        date: None,
        intro: vec![text.to_string().into()],
        headings: Vec::new(),
    }
}

/// The kind and county facets of `docs`.
pub(crate) fn kind_and_county(docs: &[SearchDoc<'_>]) -> Vec<Facet> {
    let spec = |name, label: &str| FacetSpec {
        name,
        label: label.into(),
        on_card: true,
    };
    facets(&[spec("kind", "Typ av sida"), spec("county", "Län")], docs)
}

/// The built index, read back.
struct Built {
    files: Vec<crate::output::OutputFile>,
    meta: Value,
}

impl Built {
    fn new(docs: &[SearchDoc<'_>]) -> Built {
        let files = build_index(docs, &kind_and_county(docs), "sok/index/");
        let meta = files
            .iter()
            .find(|f| f.path == "sok/index/meta.json")
            .and_then(|f| serde_json::from_slice(f.in_memory().unwrap_or_default()).ok())
            .unwrap_or_default();
        Built { files, meta }
    }

    fn json(&self, path: &str) -> Value {
        self.files
            .iter()
            .find(|f| f.path == path)
            .and_then(|f| serde_json::from_slice(f.in_memory().unwrap_or_default()).ok())
            .unwrap_or_default()
    }

    fn chunk_of(&self, key: &str) -> Value {
        let bounds: Vec<&str> = self.meta["chunks"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let i = bounds.partition_point(|b| *b <= key).saturating_sub(1);
        self.json(&format!("sok/index/t/{i}.json"))
    }

    /// The group entry of stem key `key`.
    fn group(&self, key: &str) -> Value {
        let chunk = self.chunk_of(key);
        chunk["g"]
            .as_array()
            .and_then(|a| a.iter().find(|g| g[0] == key))
            .cloned()
            .unwrap_or_default()
    }

    /// The word entry of `word` (found in the group of its stem).
    fn word(&self, word: &str) -> Value {
        let sv = super::swedish::Swedish::new();
        let key = super::tokenize::fold(sv.stem(word)).into_owned();
        self.group(&key)[1]
            .as_array()
            .and_then(|a| a.iter().find(|e| e[0] == word))
            .cloned()
            .unwrap_or_default()
    }

    /// Pages of the word `word` (exact form).
    fn word_docs(&self, word: &str) -> Vec<u64> {
        docs_of(&self.word(word)[1])
    }

    /// Pages of compounds with the stem key `key` as a part.
    fn compound_docs(&self, key: &str) -> Vec<u64> {
        docs_of(&self.group(key)[2])
    }
}

fn docs_of(list: &Value) -> Vec<u64> {
    let mut prev: i64 = -1;
    decode(list.as_str().unwrap_or_default())
        .into_iter()
        .map(|v| {
            prev += (v >> 4) as i64 + 1;
            prev as u64
        })
        .collect()
}

fn site() -> Vec<SearchDoc<'static>> {
    vec![
        doc(
            "/b/lan/vasterbotten/",
            "Västerbotten",
            "lan",
            Some("Västerbotten"),
            "Länet arbetar med folkhälsa och levnadsvanor. Folkhälsan är god.",
        ),
        doc(
            "/b/malomraden/levnadsvanor/",
            "Levnadsvanor",
            "malomrade",
            None,
            "Levnadsvanor påverkar hälsan. Goda levnadsvanor.",
        ),
        doc(
            "/b/sida/far/",
            "Om far",
            "sida",
            None,
            "En far och hans barn.",
        ),
        doc(
            "/b/sida/far2/",
            "Får",
            "sida",
            Some("Stockholm"),
            "Ett får betar. Hälsa är viktigt.",
        ),
        doc(
            "/b/sida/arbete/",
            "Arbete",
            "sida",
            Some("Stockholm"),
            "Folkhälsoarbete i hälso- och sjukvården. Arbete pågår.",
        ),
    ]
}

#[test]
fn layout_and_meta() {
    let b = Built::new(&site());
    assert_eq!(b.files[0].path, "sok/index/meta.json");
    assert_eq!(b.meta["format"], super::FORMAT);
    assert_eq!(b.meta["n"], 5);
    assert_eq!(b.meta["chunks"][0], "");
    // Pages in URL order: lan/vasterbotten, malomraden/levnadsvanor, sida/arbete, sida/far,
    // sida/far2; a facet's values with their pages, gap-coded.
    assert_eq!(
        b.meta["facets"],
        serde_json::json!([
            {"name": "kind", "label": "Typ av sida", "card": true,
             "values": [["Län", "0"], ["Målområde", "1"], ["Sida", "200"]]},
            {"name": "county", "label": "Län", "card": true,
             "values": [["Stockholm", "21"], ["Västerbotten", "0"]]},
        ])
    );
    assert_eq!(b.meta["fold"]["å"], "a");
    assert_eq!(b.meta["fold"]["ä"], "a");
    assert_eq!(b.meta["v"].as_str().map(str::len), Some(16));
    assert_eq!(b.meta["pf"], super::CARDS_PER_FILE);
    // Every page has its card, in page order.
    let urls: Vec<Value> = (0..5usize.div_ceil(super::CARDS_PER_FILE))
        .flat_map(|j| {
            let file = b.json(&format!("sok/index/{}", super::card_file_path(j)));
            file.as_array().cloned().unwrap_or_default()
        })
        .map(|d| d["u"].clone())
        .collect();
    assert_eq!(
        urls,
        [
            "/b/lan/vasterbotten/",
            "/b/malomraden/levnadsvanor/",
            "/b/sida/arbete/",
            "/b/sida/far/",
            "/b/sida/far2/"
        ]
    );
    let d = &b.json("sok/index/d/0.json")[0];
    assert_eq!(d["u"], "/b/lan/vasterbotten/");
    assert_eq!(d["t"], "Västerbotten");
}

#[test]
fn exact_and_folded_words_share_a_group() {
    let b = Built::new(&site());
    assert_eq!(b.word_docs("far"), vec![3]);
    assert_eq!(b.word_docs("får"), vec![4]);
    let words: Vec<String> = b.group("far")[1]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e[0].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(words, ["far", "får"]);
}

#[test]
fn stems_and_compounds() {
    let b = Built::new(&site());
    // levnadsvanor (pages 0, 1) is in the group of "levnadsvana".
    assert_eq!(b.word_docs("levnadsvanor"), vec![0, 1]);
    assert_eq!(b.group("levnadsvan")[1][0][0], "levnadsvanor");
    // hälsa: group "hals" holds hälsa (page 4) and, as compound parts,
    // folkhälsa, folkhälsoarbete, hälso- (pages 0, 2). ("hälsan" keeps its
    // "-an" in Snowball Swedish.)
    assert_eq!(b.word_docs("hälsa"), vec![4]);
    assert_eq!(b.compound_docs("hals"), vec![0, 2]);
    // arbete is a part of folkhälsoarbete.
    assert_eq!(b.compound_docs("arbet"), vec![2]);
}

#[test]
fn headings_and_titles_are_flagged() {
    let mut d = doc(
        "/x/",
        "Titel om tobak",
        "sida",
        None,
        "Inledning. Alkohol och spel.",
    );
    d.headings.push(SearchHeading {
        id: "alkohol".into(),
        title: "Alkohol".into(),
        text: "Text om alkohol.".into(),
    });
    let b = Built::new(&[d]);
    let e = b.word("alkohol");
    assert_eq!(e[2], "", "alkohol is not in the title");
    assert_eq!(e[3], "0", "alkohol is in a heading of page 0");
    let e = b.word("tobak");
    assert_eq!(e[2], "0", "tobak is in the title");
    assert_eq!(e.as_array().map(Vec::len), Some(3));
    // The index keeps no copy of the text: the snippet comes from the page.
    let card = &b.json("sok/index/d/0.json")[0];
    assert_eq!(
        card,
        &serde_json::json!({"u": "/x/", "t": "Titel om tobak"})
    );
    assert!(b.files.iter().all(
        |f| !String::from_utf8_lossy(f.in_memory().unwrap_or_default()).contains("Inledning")
    ));
}

#[test]
fn empty_site_has_meta_and_one_chunk() {
    let b = Built::new(&[]);
    assert_eq!(b.meta["n"], 0);
    assert_eq!(b.files.len(), 2);
    assert_eq!(b.json("sok/index/t/0.json"), serde_json::json!({"g": []}));
}

#[test]
fn output_is_deterministic() {
    let a = build_index(&site(), &kind_and_county(&site()), "sok/index");
    let mut rev = site();
    rev.reverse();
    let b = build_index(&rev, &kind_and_county(&rev), "sok/index");
    assert_eq!(a, b);
}

#[test]
fn many_pages_make_many_chunks_in_key_order() {
    let docs = super::bench::synthetic(300, 200);
    let b = Built::new(&docs);
    let bounds: Vec<String> = b.meta["chunks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(bounds.len() > 3);
    assert!(bounds.windows(2).all(|w| w[0] < w[1]));
    // Every word is in the group of its folded stem, in the chunk that key
    // points to.
    let sv = super::swedish::Swedish::new();
    for (i, _) in bounds.iter().enumerate() {
        let chunk = b.json(&format!("sok/index/t/{i}.json"));
        for g in chunk["g"].as_array().into_iter().flatten() {
            let key = g[0].as_str().unwrap_or_default();
            let at = bounds.partition_point(|x| x.as_str() <= key) - 1;
            assert_eq!(at, i, "{key} in chunk {i}, looked up in {at}");
            for e in g[1].as_array().into_iter().flatten() {
                let w = e[0].as_str().unwrap_or_default();
                assert_eq!(super::tokenize::fold(sv.stem(w)), key);
            }
        }
    }
    assert!(!b.meta["common"]
        .as_array()
        .map(Vec::is_empty)
        .unwrap_or(true));
}

/// The level (0–15) of each page of a word's postings.
fn levels_of(list: &Value) -> Vec<u64> {
    decode(list.as_str().unwrap_or_default())
        .into_iter()
        .map(|v| v & 15)
        .collect()
}

#[test]
fn a_text_every_county_page_has_weighs_little_but_a_county_own_text_does_not() {
    let mut docs: Vec<SearchDoc<'static>> = (0..11)
        .map(|i| {
            doc(
                &format!("/lan/{i:02}/"),
                &format!("Län {i}"),
                "lan",
                None,
                "Uppgift saknas. Webbplatsen har inga uppgifter om länets avsiktsförklaring.",
            )
        })
        .collect();
    docs.push(doc(
        "/lan/99/",
        "Värmland",
        "lan",
        None,
        "Länet skriver en avsiktsförklaring.",
    ));
    let b = Built::new(&docs);
    let entry = b.word("avsiktsförklaring");
    assert_eq!(b.word_docs("avsiktsförklaring").len(), 12, "still found");
    let levels = levels_of(&entry[1]);
    assert_eq!(&levels[..11], &[0; 11], "shared text: level 0");
    assert!(levels[11] > 0, "the county's own text keeps its weight");
    // Fewer pages of a kind than that tell nothing: nothing is shared.
    let b = Built::new(&docs[6..]);
    assert!(levels_of(&b.word("avsiktsförklaring")[1])
        .iter()
        .all(|&l| l > 0));
}

//! Search facets: the ways a reader can narrow the results (type of page,
//! county, target area, declaration state), as data.
//!
//! A record says which values it has ([`FacetTag`](crate::record::FacetTag), any number per facet); a
//! [`FacetSpec`] says what a facet is called and whether a result's line shows
//! it; [`facets`] gathers the two into [`Facet`]s, `{name, label, values,
//! pages}`, which the index writes into `meta.json` and `search.js` filters and
//! counts by without knowing any facet by name. A new facet is a spec and the
//! tags of the records that have it.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::SearchDoc;

/// What a facet is called and how it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetSpec {
    /// Machine name, e.g. `kind`, as in [`FacetTag::facet`](crate::record::FacetTag::facet).
    pub name: &'static str,
    /// The legend above its values, from the UI strings, e.g. `Typ av sida`.
    pub label: String,
    /// Whether a result's line shows the page's values of this facet (the type of
    /// page and the county do; the target areas would crowd it).
    pub on_card: bool,
}

/// A facet with its values and the pages of each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facet {
    /// Machine name.
    pub name: &'static str,
    /// Legend.
    pub label: String,
    /// Whether a result's line shows it.
    pub on_card: bool,
    /// The values that some page has, in the order shown.
    pub values: Vec<FacetValue>,
}

/// One value of a [`Facet`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue {
    /// Machine value.
    pub value: String,
    /// Display label.
    pub label: String,
    /// The records that have it: indices into the records given to [`facets`],
    /// ascending.
    pub pages: Vec<u32>,
}

/// The facets of `specs` over the records `docs`, from the records' tags, in the
/// order of `specs`. Tags of a facet without a spec are left out, as are facets no
/// record has.
pub fn facets(specs: &[FacetSpec], docs: &[SearchDoc<'_>]) -> Vec<Facet> {
    specs
        .iter()
        .filter_map(|spec| {
            // (rank, label, value) → pages.
            let mut values: Vec<(u32, &str, &str, Vec<u32>)> = Vec::new();
            let mut index: HashMap<&str, usize> = HashMap::new();
            for (i, d) in docs.iter().enumerate() {
                for tag in d.facets.iter().filter(|t| t.facet == spec.name) {
                    let at = *index.entry(&tag.value).or_insert_with(|| {
                        values.push((tag.rank, &tag.label, &tag.value, Vec::new()));
                        values.len() - 1
                    });
                    let pages = &mut values[at].3;
                    if pages.last() != Some(&(i as u32)) {
                        pages.push(i as u32);
                    }
                }
            }
            values.sort_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| swedish_cmp(a.1, b.1))
                    .then_with(|| a.2.cmp(b.2))
            });
            (!values.is_empty()).then(|| Facet {
                name: spec.name,
                label: spec.label.clone(),
                on_card: spec.on_card,
                values: values
                    .into_iter()
                    .map(|(_, label, value, pages)| FacetValue {
                        value: value.to_string(),
                        label: label.to_string(),
                        pages,
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Compares in Swedish alphabetical order (… x, y, z, å, ä, ö).
pub(crate) fn swedish_cmp(a: &str, b: &str) -> Ordering {
    swedish_order(a).cmp(&swedish_order(b))
}

/// Sort key for Swedish alphabetical order.
fn swedish_order(s: &str) -> Vec<u32> {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' => u32::from('z') + 1,
            'ä' | 'æ' => u32::from('z') + 2,
            'ö' | 'ø' => u32::from('z') + 3,
            c => {
                let mut f = String::new();
                super::tokenize::fold_char(c, &mut f);
                f.chars().next().map_or(u32::from(c), u32::from)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::FacetTag;

    fn tagged(url: &str, tags: Vec<FacetTag<'static>>) -> SearchDoc<'static> {
        SearchDoc {
            url: url.into(),
            facets: tags,
            ..SearchDoc::default()
        }
    }

    #[test]
    fn values_in_rank_then_swedish_order_with_their_pages() {
        let county = |v: &'static str| FacetTag::new("county", v, v, 0);
        let ta = |n: u32| FacetTag::new("ta", format!("{n}"), format!("Område {n}"), n);
        let docs = [
            tagged("/a/", vec![county("Örebro"), ta(2), ta(1)]),
            tagged("/b/", vec![county("Västerbotten")]),
            tagged(
                "/c/",
                vec![county("Örebro"), ta(2), FacetTag::new("x", "x", "x", 0)],
            ),
            tagged("/d/", vec![]),
        ];
        let specs = [
            FacetSpec {
                name: "ta",
                label: "Målområde".into(),
                on_card: false,
            },
            FacetSpec {
                name: "county",
                label: "Län".into(),
                on_card: true,
            },
            FacetSpec {
                name: "nobody",
                label: "Ingen".into(),
                on_card: false,
            },
        ];
        let got = facets(&specs, &docs);
        assert_eq!(got.len(), 2, "a facet no page has is left out");
        let view = |f: &Facet| -> Vec<(String, Vec<u32>)> {
            f.values
                .iter()
                .map(|v| (v.label.clone(), v.pages.clone()))
                .collect()
        };
        assert_eq!(got[0].name, "ta");
        assert_eq!(
            view(&got[0]),
            [
                ("Område 1".into(), vec![0]),
                ("Område 2".into(), vec![0, 2])
            ]
        );
        assert_eq!(
            view(&got[1]),
            [
                ("Västerbotten".into(), vec![1]),
                ("Örebro".into(), vec![0, 2])
            ]
        );
    }
}

//! The A–Ö index: every page grouped by initial letter in Swedish alphabetical order
//! (… X, Y, Z, Å, Ä, Ö), so it works without JavaScript as the search fallback.

use crate::collate::{collation_key, letter_id, letter_of};
use crate::kinds::view::Views;
use crate::model::{Audience, Id};
use crate::strings::tr;
use serde::Serialize;

/// One letter's group.
#[derive(Debug, Serialize)]
pub(crate) struct Group {
    /// The letter (`Å`, or `0–9`).
    pub letter: String,
    /// Anchor id.
    pub id: String,
    /// Pages.
    pub items: Vec<Item>,
}

/// One entry.
#[derive(Debug, Serialize)]
pub(crate) struct Item {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// What kind of page.
    pub kind_label: String,
}

/// Every page of the site in A–Ö groups.
pub(crate) fn groups(v: &Views<'_>) -> Vec<Group> {
    let s = v.site;
    let mut items: Vec<Item> = Vec::new();
    let mut labels: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut add = |title: &str, url: String, kind: &'static str| {
        let label = labels.entry(kind).or_insert_with(|| tr(v.t, kind));
        items.push(Item {
            title: title.to_string(),
            url,
            kind_label: label.clone(),
        })
    };
    for i in 0..s.target_areas.len() {
        add(
            &s.target_areas[i].meta.title,
            s.target_area_url(Id::new(i)),
            "kind_target_area",
        );
    }
    for i in 0..s.actors.len() {
        add(
            &s.actors[i].meta.title,
            s.actor_url(Id::new(i)),
            "kind_actor",
        );
    }
    for i in 0..s.counties.len() {
        add(
            &s.counties[i].row.name,
            s.county_url(Id::new(i)),
            "kind_county",
        );
    }
    for i in 0..s.documents.len() {
        add(
            &s.documents[i].meta.title,
            s.document_url(Id::new(i)),
            "kind_document",
        );
    }
    for i in 0..s.forums.len() {
        add(
            &s.forums[i].meta.title,
            s.forum_url(Id::new(i)),
            "kind_forum",
        );
    }
    for i in 0..s.parts.len() {
        add(&s.parts[i].meta.title, s.part_url(Id::new(i)), "kind_part");
    }
    // Pages for authors are reached from their own section, not from the readers' index.
    for p in s.pages.iter().filter(|p| p.audience == Audience::Readers) {
        add(&p.meta.title, s.page_url(p), "kind_page");
    }
    // Each title's letter and keys are worked out once (a site lists thousands).
    let mut keyed: Vec<(String, String, String, Item)> = items
        .into_iter()
        .map(|it| {
            let letter = letter_of(&it.title);
            (group_rank(&letter), collation_key(&it.title), letter, it)
        })
        .collect();
    keyed.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let mut groups: Vec<Group> = Vec::new();
    for (_, _, letter, it) in keyed {
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.items.push(it),
            _ => groups.push(Group {
                id: letter_id(&letter),
                letter,
                items: vec![it],
            }),
        }
    }
    groups
}

fn group_rank(letter: &str) -> String {
    match letter {
        "0–9" => "0".into(),
        "#" => "~".into(),
        l => format!("1{}", collation_key(l)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_sort_after_z() {
        let mut words = vec!["Örebro", "Ängelholm", "Åre", "Zon", "Alingsås", "Éva"];
        words.sort_by_key(|w| collation_key(w));
        assert_eq!(
            words,
            ["Alingsås", "Éva", "Zon", "Åre", "Ängelholm", "Örebro"]
        );
        assert_eq!(letter_of("Östra"), "Ö");
        assert_eq!(letter_of("Éva"), "E");
        assert_eq!(letter_of("2023 års forum"), "0–9");
    }
}

//! Version 2 of the content model: target areas identified by their number, "none" versus
//! "not known" for a county's declaration, documents' own dates, and pages for authors.
//! Each behaviour has a fixture site of its own under `tests/fixtures/`.

use crate::support::{assert_contains, assert_lacks, TestSite};

fn built(fixture: &str) -> TestSite {
    let site = TestSite::fixture(fixture);
    site.build().assert_ok();
    site
}

// --- 1. Target areas are identified by their number ---------------------------------

#[test]
fn renamed_target_areas_build_under_the_sites_names() {
    let site = built("renamed-target-areas");
    assert!(site.exists("malomraden/tidiga-livet/index.html"));
    assert!(site.exists("malomraden/kunskap/index.html"));
    assert!(site.exists("malomraden/motion/index.html"));
    // An official area without a file keeps its official slug; a renamed one has no
    // second page under its official slug.
    assert!(site.exists("malomraden/levnadsvanor/index.html"));
    assert!(!site.exists("malomraden/det-tidiga-livets-villkor/index.html"));
    assert!(!site.exists("malomraden/kunskaper-kompetenser-och-utbildning/index.html"));

    let page = site.main_html("malomraden/tidiga-livet/index.html");
    assert_contains(&page, "Det tidiga livets villkor");
    assert_contains(&page, "/aktorer/kommunen/");
    let declaration = site.main_html("lan/vasterbotten/avsiktsforklaring/index.html");
    assert_contains(&declaration, "href=\"/malomraden/kunskap/\"");
    assert_lacks(
        &declaration,
        "/malomraden/kunskaper-kompetenser-och-utbildning/",
    );
    // The list keeps the official order: 1 and 2 first, the site's own 9 last.
    let list = site.main_html("malomraden/index.html");
    let first = list
        .find("/malomraden/tidiga-livet/")
        .expect("area 1 listed");
    let second = list.find("/malomraden/kunskap/").expect("area 2 listed");
    let ninth = list.find("/malomraden/motion/").expect("area 9 listed");
    assert!(first < second && second < ninth, "{list}");
}

#[test]
fn a_reference_by_the_official_slug_of_a_renamed_area_names_the_sites_slug() {
    let site = TestSite::fixture("renamed-target-areas");
    site.write(
        "content/aktorer/kommunen.md",
        "---\ntitle: Kommunen\nlevel: local\ntarget_areas: [det-tidiga-livets-villkor]\n---\n",
    );
    site.build()
        .assert_code(1)
        .assert_stderr_contains(
            "content/aktorer/kommunen.md:4:16: target area `det-tidiga-livets-villkor` is called `tidiga-livet` on this site",
        )
        .assert_stderr_contains("help: use `tidiga-livet`");
}

#[test]
fn two_files_with_one_number_are_both_named() {
    let site = TestSite::fixture("renamed-target-areas");
    site.write(
        "content/malomraden/barn.md",
        "---\nnumber: 1\ntitle: Barn\n---\n",
    );
    site.build()
        .assert_code(1)
        .assert_stderr_contains(
            "content/malomraden/tidiga-livet.md:2:9: duplicate target-area number 1: `barn` has it already",
        )
        .assert_stderr_contains("content/malomraden/barn.md has `number: 1` too");
}

#[test]
fn a_file_may_not_take_the_official_slug_another_area_keeps() {
    let site = TestSite::fixture("renamed-target-areas");
    site.write(
        "content/malomraden/levnadsvanor.md",
        "---\nnumber: 3\ntitle: Fel nummer\n---\n",
    );
    site.build()
        .assert_code(1)
        .assert_stderr_contains(
            "content/malomraden/levnadsvanor.md:2:9: `levnadsvanor` is the official name of target area 6",
        )
        .assert_stderr_contains("use `number: 6`");
}

// --- 2. "Not known" is not "none" ---------------------------------------------------

#[test]
fn county_pages_tell_declared_none_and_not_known_apart() {
    let site = built("declaration-states");
    let adopted = site.main_html("lan/vasterbotten/index.html");
    assert_contains(
        &adopted,
        "<span class=\"badge status-adopted\">Antagen</span>",
    );

    let none = site.main_html("lan/dalarna/index.html");
    assert_contains(
        &none,
        "<span class=\"badge status-none\">Ingen avsiktsförklaring</span>",
    );
    assert_contains(&none, "href=\"https://example.org/kalla/dalarna\"");

    // A county with a page but nothing about a declaration, and a county without a page.
    for page in ["lan/gotland/index.html", "lan/uppsala/index.html"] {
        let unknown = site.main_html(page);
        assert_contains(
            &unknown,
            "<span class=\"badge status-unknown\">Uppgift saknas</span>",
        );
        assert_lacks(&unknown, "Ingen avsiktsförklaring");
    }
}

#[test]
fn overview_map_legend_and_table_show_three_states() {
    let site = built("declaration-states");
    let main = site.main_html("lan/index.html");
    // The map: each state its own class, and "none" its own pattern.
    assert_contains(&main, "<pattern id=\"map-pattern-none\"");
    assert_contains(
        &main,
        "aria-label=\"Dalarnas län, W: Ingen avsiktsförklaring\"",
    );
    assert_contains(&main, "aria-label=\"Gotlands län, I: Uppgift saknas\"");
    // The legend counts each state.
    assert_contains(&main, "<span class=\"legend-label\">Ingen avsiktsförklaring</span>: <span class=\"legend-count\">1&nbsp;län</span>");
    assert_contains(&main, "<span class=\"legend-label\">Uppgift saknas</span>: <span class=\"legend-count\">19&nbsp;län</span>");
    // The table has rows only for the counties with data and names the others.
    let body = &main[main.find("<tbody").expect("a table body")..];
    let body = &body[..body.find("</tbody>").expect("end of the table body")];
    assert_eq!(body.matches("<th scope=\"row\"").count(), 2, "{body}");
    assert_contains(body, "href=\"/lan/dalarna/\"");
    assert_contains(body, "href=\"/lan/vasterbotten/\"");
    assert_lacks(body, "href=\"/lan/gotland/\"");
    let after = &main[main.find("</table>").expect("a table")..];
    assert_contains(
        after,
        "inte har några uppgifter om deras avsiktsförklaringar",
    );
    assert_contains(after, "<a href=\"/lan/gotland/\">Gotland</a>");
}

#[test]
fn a_stated_none_contradicted_by_a_declaration_is_an_error() {
    let site = TestSite::fixture("declaration-states");
    site.write(
        "content/lan/dalarna/avsiktsforklaring.md",
        "---\nkind: declaration\ntitle: Avsiktsförklaring\nstatus: draft\n---\n",
    );
    site.write(
        "content/lan/gotland/_index.md",
        "---\ndeclaration_source: https://example.org/kalla/gotland\n---\n",
    );
    site.build()
        .assert_code(1)
        .assert_stderr_contains(
            "content/lan/dalarna/_index.md:3:14: `declaration: none`, but the county has a declaration document",
        )
        .assert_stderr_contains("content/lan/dalarna/avsiktsforklaring.md is a declaration")
        .assert_stderr_contains(
            "content/lan/gotland/_index.md:2:21: `declaration_source` without `declaration: none`",
        );
}

// --- 3. A document's date is its own ------------------------------------------------

#[test]
fn home_page_lists_documents_by_their_own_dates() {
    let site = built("document-dates");
    let main = site.main_html("index.html");
    let latest = &main[main.find("id=\"sec-latest\"").expect("a latest list")..];
    assert_contains(
        latest,
        "Rapport · <time datetime=\"2020\">2020</time></p>\n      <h3 class=\"card-title\"><a href=\"/lan/stockholm/mot-samma-mal/\">",
    );
    // Newest first: the forum (2023-11-30), the declaration (adopted 2021-06-15), the
    // report (2020), the plan (2018-05).
    let order: Vec<usize> = [
        "/forum/dialogforum-2023/",
        "/lan/vasterbotten/avsiktsforklaring/",
        "/lan/stockholm/mot-samma-mal/",
        "/lan/stockholm/rufs-2050/",
    ]
    .iter()
    .map(|u| {
        latest
            .find(u)
            .unwrap_or_else(|| panic!("{u} not in:\n{latest}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{latest}");
    // A document without a date of its own is not among the latest, and no file date is
    // shown as a document's date.
    assert_lacks(latest, "/lan/stockholm/odaterad/");
    assert_lacks(latest, "2024-01-02");
}

#[test]
fn a_documents_fact_box_shows_its_publication_and_the_file_change_apart() {
    let site = built("document-dates");
    let main = site.main_html("lan/stockholm/mot-samma-mal/index.html");
    let facts = &main[..main.find("</dl>").expect("a fact box")];
    assert_contains(
        facts,
        "<dt>Publicerad</dt><dd><time datetime=\"2020\">2020</time></dd>",
    );
    assert_contains(
        facts,
        "<dt>Utgivare</dt><dd>Länsstyrelsen i Stockholms län</dd>",
    );
    assert_contains(facts, "<dt>Serie och nummer</dt><dd>Rapport 2020:16</dd>");
    assert_contains(&main, "<p class=\"updated\">Senast ändrad");

    let undated = site.main_html("lan/stockholm/odaterad/index.html");
    assert_lacks(&undated, "Publicerad");
    let county = site.main_html("lan/stockholm/index.html");
    let item = &county[county.find("/lan/stockholm/odaterad/").expect("listed")..];
    let item = &item[..item.find("</li>").expect("end of item")];
    assert_lacks(item, "<time");
}

#[test]
fn the_feed_dates_entries_by_their_own_full_dates_only() {
    let site = built("document-dates");
    let atom = site.file("atom.xml");
    assert_contains(
        &atom,
        "<id>https://example.org/lan/vasterbotten/avsiktsforklaring/</id>\n    <link href=\"https://example.org/lan/vasterbotten/avsiktsforklaring/\"/>\n    <updated>2021-06-15T00:00:00Z</updated>",
    );
    assert_contains(&atom, "<updated>2023-11-30T00:00:00Z</updated>");
    // Without a full date of its own a document is not news with a date: left out rather
    // than dated by its file.
    assert_lacks(&atom, "/lan/stockholm/odaterad/");
    assert_lacks(&atom, "/lan/stockholm/mot-samma-mal/");
    assert_lacks(&atom, "2024-01-02");
}

#[test]
fn an_invalid_publication_date_is_located() {
    let site = TestSite::fixture("document-dates");
    site.write(
        "content/lan/stockholm/rufs-2050.md",
        "---\nkind: other\ntitle: RUFS 2050\npublished: 2018-13\n---\n",
    );
    site.build()
        .assert_code(1)
        .assert_stderr_contains("content/lan/stockholm/rufs-2050.md:4:12: invalid date `2018-13`");
}

// --- 4. Pages for authors stay out of the readers' way -------------------------------

/// The URLs and titles of every page in the search index's card files.
fn search_cards(site: &TestSite) -> String {
    site.output_files()
        .into_iter()
        .filter(|(f, _)| f.starts_with("sok/index/d/") && f.ends_with(".json"))
        .map(|(_, bytes)| String::from_utf8(bytes).expect("a UTF-8 card file"))
        .collect()
}

#[test]
fn pages_for_authors_are_built_and_linked_from_their_section() {
    let site = built("authors-pages");
    let guide = site.main_html("guide/index.html");
    assert_contains(&guide, "För dig som skriver webbplatsen");
    assert_contains(&guide, "href=\"/guide/falt/\"");
    assert!(site.exists("guide/falt/index.html"));
    assert_contains(
        &site.main_html("guide/falt/index.html"),
        "För dig som skriver webbplatsen",
    );
    assert_lacks(
        &site.main_html("guide/lasare/index.html"),
        "För dig som skriver webbplatsen",
    );
    assert_contains(&site.main_html("om/index.html"), "href=\"/guide/\"");
}

#[test]
fn pages_for_authors_are_left_out_of_search_and_the_a_o_index() {
    let site = built("authors-pages");
    let cards = search_cards(&site);
    assert_contains(&cards, "/om/");
    assert_contains(&cards, "/guide/lasare/");
    assert_lacks(&cards, "\"/guide/\"");
    assert_lacks(&cards, "/guide/falt/");

    let a_o = site.main_html("a-o/index.html");
    assert_contains(&a_o, "href=\"/om/\"");
    assert_contains(&a_o, "href=\"/guide/lasare/\"");
    assert_lacks(&a_o, "href=\"/guide/\"");
    assert_lacks(&a_o, "href=\"/guide/falt/\"");
}

#[test]
fn an_unknown_audience_is_an_error_naming_the_choices() {
    let site = TestSite::fixture("authors-pages");
    site.write(
        "content/guide/falt.md",
        "---\ntitle: Fälten\naudience: author\n---\n",
    );
    site.build()
        .assert_code(1)
        .assert_stderr_contains(
            "content/guide/falt.md:3:11: `author` is not an audience; use one of: readers, authors",
        )
        .assert_stderr_contains("did you mean `authors`?");
}

#[test]
fn the_home_page_cannot_be_for_authors() {
    let site = TestSite::fixture("authors-pages");
    site.write(
        "content/_index.md",
        "---\ntitle: Start\naudience: authors\n---\n",
    );
    site.build().assert_code(1).assert_stderr_contains(
        "content/_index.md:3:11: `audience: authors` is only for ordinary pages",
    );
}

#[test]
fn search_cards_of_ordinary_pages_carry_no_file_date() {
    let site = built("document-dates");
    let cards: String = std::fs::read_dir(site.output().join("sok/index/d"))
        .expect("card files")
        .map(|e| std::fs::read_to_string(e.expect("card file").path()).expect("read card"))
        .collect();
    // The forum keeps its own date; the ordinary page's last change is not shown as a
    // date of its own.
    assert_contains(&cards, "\"d\":\"2023-11-30\"");
    assert_contains(&cards, "\"t\":\"Om webbplatsen\"");
    assert_lacks(&cards, "2025-02-03");
    let page = site.main_html("om/index.html");
    assert_contains(&page, "Senast ändrad <time datetime=\"2025-02-03\">");
}

//! Version 2 of the content model: target areas identified by their number, "none" versus
//! "not known" for a county's declaration, documents' own dates, and pages for authors.
//! Each behaviour has a fixture site of its own under `tests/fixtures/`.

use crate::support::TestSite;

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

#[track_caller]
fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "did not expect {needle:?} in:\n{haystack}"
    );
}

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

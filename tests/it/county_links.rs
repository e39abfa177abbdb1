//! County pages that lead on (issue 14, point 6): every county page, with content or not,
//! links its länsstyrelse and region to the roles they hold, the forums and parts where
//! people from the county took part, the target areas its documents cover and, where
//! `site.toml` gives a pattern, Folkhälsomyndigheten's material on the county. The
//! fixture site is `tests/fixtures/county-links`.

use crate::support::{assert_contains, TestSite};

fn built() -> TestSite {
    let site = TestSite::fixture("county-links");
    site.build().assert_ok();
    site
}

#[test]
fn a_county_without_content_leads_to_roles_forums_and_county_material() {
    let site = built();
    let page = site.main_html("lan/gotland/index.html");
    // No organisations of its own: the role the other counties give their länsstyrelse,
    // and the role page with the conventional slug for the region.
    assert_contains(
        &page,
        "Länsstyrelsen i Gotlands län <span class=\"meta\">(roll: <a href=\"/aktorer/statens-lansforvaltning/\">",
    );
    assert_contains(&page, "(roll: <a href=\"/aktorer/region/\">Region</a>)");
    // A speaker from the county: the forum, the speaker and the part of the program.
    assert_contains(&page, "<a href=\"/forum/folkhalsotraff-2024/\">");
    assert_contains(&page, "Talare från länet: Anna Exempel");
    assert_contains(
        &page,
        "<a href=\"/forum/folkhalsotraff-2024/samtal/\">Samtal om samordning</a>",
    );
    // The configured pattern, filled from the official table.
    assert_contains(
        &page,
        "<a href=\"https://fohm.example/lan/gotland/?kod=09&amp;namn=Gotland\">Folkhälsomyndighetens material om Gotlands län</a>",
    );
}

#[test]
fn a_county_links_its_own_bodies_parts_and_its_documents_target_areas() {
    let site = built();
    let page = site.main_html("lan/jamtland/index.html");
    // Its own organisations entry gives the role and the body's own web site.
    assert_contains(
        &page,
        "<a href=\"https://www.lansstyrelsen.se/jamtland\">Länsstyrelsen i Jämtlands län</a> <span class=\"meta\">(roll: <a href=\"/aktorer/statens-lansforvaltning/\">",
    );
    // A part that names the county in `counties`.
    assert_contains(
        &page,
        "<a href=\"/forum/folkhalsotraff-2024/ovning/\">Övning i länsgrupper</a>",
    );
    // A report (not a declaration) names a target area: the county page lists it, and
    // the target area's page lists the county.
    assert_contains(&page, "<h2 id=\"sec-target-areas\">");
    assert_contains(&page, "href=\"/malomraden/levnadsvanor/\"");
    let area = site.main_html("malomraden/levnadsvanor/index.html");
    assert_contains(&area, "<a href=\"/lan/jamtland/\">Jämtlands län</a>");
    // The organiser's page links to what it organised.
    let fhm = site.main_html("aktorer/folkhalsomyndigheten/index.html");
    assert_contains(&fhm, "<a href=\"/forum/folkhalsotraff-2024/\">");
}

#[test]
fn roles_are_linked_only_where_the_site_has_them() {
    let site = built();
    site.remove("content/aktorer/region.md");
    site.build().assert_ok();
    let page = site.main_html("lan/uppsala/index.html");
    assert_contains(&page, "<dd>Region Uppsala</dd>");
    // The länsstyrelse still leads to the role Jämtland's organisations give theirs.
    assert_contains(
        &page,
        "(roll: <a href=\"/aktorer/statens-lansforvaltning/\">",
    );
}

#[test]
fn an_unknown_placeholder_in_county_info_url_is_located_in_site_toml() {
    let site = TestSite::fixture("county-links");
    site.write(
        "site.toml",
        "title = \"x\"\nbase_url = \"https://example.org/\"\n\n[extra]\ncounty_info_url = \"https://fohm.example/lan/{lan}/\"\n",
    );
    let run = site.build();
    run.assert_code(2)
        .assert_stderr_contains("site.toml:5:45: unknown placeholder `{lan}` in county_info_url")
        .assert_stderr_contains("{slug}, {code}, {letter_code}, {name}, {short_name}");
}

//! Issue 14, point 8: the order of a page (the author's text, generated facts, sources
//! last), introductions of the list pages, the county map's names, the flower's labels,
//! the programme table at narrow widths and the highlighting stylesheets only where there
//! is code. The geometry itself is checked in the browser (`tests/browser/layout.mjs`).
//! Each behaviour has a fixture site of its own under `tests/fixtures/`.

use crate::support::TestSite;

fn built(fixture: &str) -> TestSite {
    let site = TestSite::fixture(fixture);
    site.build().assert_ok();
    site
}

/// Byte offset of `needle` in `html`, failing with the page when it is missing.
#[track_caller]
fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("expected {needle:?} in:\n{html}"))
}

#[test]
fn county_sources_come_after_the_generated_facts() {
    let site = built("sources-last");
    let page = site.main_html("lan/vasterbotten/index.html");
    let text = at(&page, "Länet började samverka 2019.");
    let after = at(&page, "Text som författaren skrev efter källorna.");
    let structures = at(&page, "id=\"sec-structures\"");
    let sources = at(&page, "<h2 id=\"kallor\"");
    assert!(text < structures && after < structures, "{page}");
    assert!(structures < sources, "{page}");
    // The sources are there once, and nothing the author wrote is lost.
    assert_eq!(page.matches("Rapporten om samverkan, 2021.").count(), 1);
    assert_eq!(page.matches("Anna Andersson").count(), 1);
    // The table of contents lists the sources last too.
    let toc_start = at(&page, "class=\"toc\"");
    let toc = &page[toc_start..toc_start + at(&page[toc_start..], "</nav>")];
    assert!(at(toc, "#sec-structures") < at(toc, "#kallor"), "{toc}");
    assert!(at(toc, "#efterat") < at(toc, "#sec-structures"), "{toc}");
}

#[test]
fn forum_sources_come_after_the_programme() {
    let site = built("sources-last");
    let page = site.main_html("forum/dagen/index.html");
    let programme = at(&page, "id=\"sec-program\"");
    let sources = at(&page, "<h2 id=\"kallor\"");
    assert!(at(&page, "Forumet samlade många.") < programme);
    assert!(programme < sources, "{page}");
    assert_eq!(page.matches("Dokumentationen från dagen, 2024.").count(), 1);
}

#[test]
fn programme_speakers_carry_their_column_name_for_narrow_screens() {
    let site = built("sources-last");
    let page = site.main_html("forum/dagen/index.html");
    // Stacked rows at narrow widths show each speakers cell's column name in the cell.
    assert_eq!(
        page.matches("<span class=\"cell-label\" aria-hidden=\"true\">Medverkande</span>")
            .count(),
        1,
        "{page}"
    );
    assert!(page.contains("<td class=\"empty-cell\">"), "{page}");
}

#[test]
fn list_pages_have_an_introduction() {
    let site = built("list-intros");
    let areas = site.main_html("malomraden/index.html");
    assert!(areas.contains("Författarens egen inledning till målområdena."));
    assert!(!areas.contains("Arbetet är indelat i åtta målområden."));
    // Without an _index.md the forum list has the theme's introduction.
    let forums = site.main_html("forum/index.html");
    assert!(
        forums.contains("Här beskrivs forum och konferenser"),
        "{forums}"
    );
    // The list of target areas shows the flower above its numbered cards.
    assert!(at(&areas, "<svg") < at(&areas, "class=\"cards ta-cards\""));
}

#[test]
fn highlighting_stylesheets_load_only_on_pages_with_code() {
    let site = built("code-highlighting");
    let with_code = site.file("kod/index.html");
    assert!(with_code.contains("highlight-light.css"));
    assert!(with_code.contains("highlight-dark.css"));
    for page in ["text/index.html", "index.html"] {
        let html = site.file(page);
        assert!(!html.contains("highlight-"), "{page} loads highlighting");
    }
    // The stylesheets are still written for the pages that need them.
    assert!(site.exists("highlight-light.css"));
}

#[test]
fn county_map_names_every_county_and_flower_petals_carry_numbers() {
    let site = built("county-map-and-flower");
    let home = site.main_html("index.html");
    let map = &home[at(
        &home,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"county-map\"",
    )..];
    // A <title> (hover) and a name shown on focus for each of the 21 counties.
    assert_eq!(map.matches("\"><title>").count(), 21, "{map}");
    assert_eq!(map.matches("class=\"county-name\"").count(), 21);
    assert!(map.contains(">Västerbottens län</text></a>"));
    let flower = &home[at(&home, "class=\"flower\"")..];
    let flower = &flower[..at(flower, "</svg>")];
    // Eight numbered petals named by a <title>; no titles squeezed into the petals.
    assert_eq!(flower.matches("class=\"petal-number\"").count(), 8);
    assert!(!flower.contains("petal-title"));
    assert!(flower.contains("<title>4 Inkomster och försörjningsmöjligheter</title>"));
}

#[test]
fn a_theme_draws_the_county_map_with_its_own_template() {
    // Geometry is data (issue 15): the site's `templates/partials/county-map.svg`
    // replaces the default drawing and gets every county's label point, link and status.
    let site = built("county-map-theme");
    let home = site.main_html("index.html");
    let map = &home[at(
        &home,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"own-map\" viewBox=\"0 0 400 ",
    )..];
    let map = &map[..at(map, "</svg>")];
    assert_eq!(
        map.matches("<text class=\"own-county status-").count(),
        21,
        "{map}"
    );
    assert!(map.contains(">AC</text></a>"), "{map}");
    assert!(!home.contains("class=\"county-map\""), "{home}");
    assert!(!map.contains("<path"), "{map}");
}

#[test]
fn a_theme_draws_the_flower_with_its_own_template() {
    // The flower's markup is the theme's too (`templates/partials/flower.svg`).
    let site = built("county-map-theme");
    let home = site.main_html("index.html");
    let flower = &home[at(&home, "class=\"own-flower\" viewBox=\"0 0 600 600\"")..];
    let flower = &flower[..at(flower, "</svg>")];
    assert_eq!(
        flower.matches("<text class=\"own-petal\"").count(),
        8,
        "{flower}"
    );
    assert!(
        flower.contains(">4 Inkomster och försörjningsmöjligheter</text></a>"),
        "{flower}"
    );
    assert!(!home.contains("class=\"flower\""), "{home}");
}

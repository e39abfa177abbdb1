//! Snapshots of the `<main>` HTML of representative pages of the `full` fixture. Dates the
//! build takes from file times are fixed by the test support (2024-01-02).

use crate::support::TestSite;

/// Replaces the inline SVG map (thousands of path coordinates) with one line per county
/// link and its status class, so the snapshot shows what the map says, not how it is drawn.
fn summarise_map(html: &str) -> String {
    let (Some(start), Some(end)) = (html.find("<svg"), html.find("</svg>")) else {
        return html.to_string();
    };
    let svg = &html[start..end];
    let mut lines = vec!["[map]".to_string()];
    for part in svg.split("<a href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap_or(0)];
        let status = part
            .split("class=\"county ")
            .nth(1)
            .and_then(|c| c.split('"').next())
            .unwrap_or("?");
        lines.push(format!("[map] {href} {status}"));
    }
    format!(
        "{}{}{}",
        &html[..start],
        lines.join("\n"),
        &html[end + "</svg>".len()..]
    )
}

fn built() -> TestSite {
    let site = TestSite::fixture("full");
    site.build().assert_ok();
    site
}

#[test]
fn county_page() {
    let site = built();
    insta::assert_snapshot!(site.main_html("lan/vasterbotten/index.html"));
}

#[test]
fn county_page_without_content() {
    let site = built();
    insta::assert_snapshot!(site.main_html("lan/varmland/index.html"));
}

#[test]
fn declaration_page() {
    let site = built();
    insta::assert_snapshot!(site.main_html("lan/vasterbotten/avsiktsforklaring/index.html"));
}

#[test]
fn forum_page() {
    let site = built();
    insta::assert_snapshot!(site.main_html("forum/dialogforum-2023/index.html"));
}

#[test]
fn forum_part_page() {
    let site = built();
    insta::assert_snapshot!(site.main_html("forum/dialogforum-2023/samtal/index.html"));
}

#[test]
fn target_area_page() {
    let site = built();
    insta::assert_snapshot!(site.main_html("malomraden/levnadsvanor/index.html"));
}

#[test]
fn actor_page() {
    let site = built();
    insta::assert_snapshot!(site.main_html("aktorer/lansstyrelsen/index.html"));
}

#[test]
fn overview_page() {
    let site = built();
    insta::assert_snapshot!(summarise_map(&site.main_html("lan/index.html")));
}

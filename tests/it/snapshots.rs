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

/// One build, one named snapshot per page (`tests/it/snapshots/it__snapshots__<name>.snap`).
#[test]
fn main_html_of_representative_pages() {
    let site = TestSite::fixture("full");
    site.build().assert_ok();
    let pages = [
        ("county_page", "lan/vasterbotten/index.html"),
        ("county_page_without_content", "lan/varmland/index.html"),
        (
            "declaration_page",
            "lan/vasterbotten/avsiktsforklaring/index.html",
        ),
        ("forum_page", "forum/dialogforum-2023/index.html"),
        (
            "forum_part_page",
            "forum/dialogforum-2023/samtal/index.html",
        ),
        ("target_area_page", "malomraden/levnadsvanor/index.html"),
        ("actor_page", "aktorer/lansstyrelsen/index.html"),
        ("overview_page", "lan/index.html"),
    ];
    for (name, page) in pages {
        let html = summarise_map(&site.main_html(page));
        insta::with_settings!({ description => page }, {
            insta::assert_snapshot!(name, html);
        });
    }
}

//! Successful builds of the `full` fixture: which pages exist, the two-way cross-links of the
//! content model, drafts, base URLs with a path, feeds and the theme's rules for HTML.

use crate::support::{assert_contains, assert_lacks, links, TestSite};

fn full() -> TestSite {
    let site = TestSite::fixture("full");
    site.build().assert_ok();
    site
}

/// The `<section>` of a page's `<main>` whose heading has id `id`.
#[track_caller]
fn section(site: &TestSite, page: &str, id: &str) -> String {
    let main = site.main_html(page);
    let at = main
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("{page} has no #{id}:\n{main}"));
    let start = main[..at].rfind("<section").unwrap_or(at);
    let end = main[at..].find("</section>").map_or(main.len(), |i| at + i);
    main[start..end].to_string()
}

#[test]
fn every_page_kind_is_at_its_clean_url() {
    let site = full();
    for page in [
        "index.html",
        "malomraden/index.html",
        "malomraden/levnadsvanor/index.html",
        "malomraden/boende-och-narmiljo/index.html",
        // A target area of the official table without a content file still gets a page.
        "malomraden/det-tidiga-livets-villkor/index.html",
        "aktorer/index.html",
        "aktorer/lansstyrelsen/index.html",
        "aktorer/kommunen/index.html",
        "aktorer/folkhalsomyndigheten/index.html",
        "lan/index.html",
        "lan/vasterbotten/index.html",
        "lan/vasterbotten/avsiktsforklaring/index.html",
        "lan/vasterbotten/rapport/index.html",
        "forum/index.html",
        "forum/dialogforum-2023/index.html",
        "forum/dialogforum-2023/samtal/index.html",
        "forum/dialogforum-2023/gruppovning/index.html",
        "om/index.html",
        "guide/index.html",
        "guide/lankar/index.html",
        "sok/index.html",
        "a-o/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
    ] {
        assert!(site.exists(page), "missing {page}");
    }
    // Every one of the 21 counties has a page.
    let counties = site
        .output_files()
        .keys()
        .filter(|p| {
            p.starts_with("lan/") && p.ends_with("/index.html") && p.matches('/').count() == 2
        })
        .count();
    assert_eq!(counties, 21);
    // No page is written under its source name.
    assert!(!site.exists("om.html") && !site.exists("om.md"));
}

#[test]
fn at_links_resolve_to_clean_urls_with_fragments() {
    let site = full();
    let home = site.main_html("index.html");
    assert_contains(&home, "href=\"/lan/vasterbotten/\"");
    assert_contains(&home, "href=\"/lan/vasterbotten/#forum-for-folkhalsa\"");
    assert_contains(&home, "href=\"/om/#boende-och-narmiljo\"");
    let guide = site.main_html("guide/lankar/index.html");
    assert_contains(
        &guide,
        "href=\"/malomraden/levnadsvanor/#varfor-levnadsvanor\"",
    );
    assert_contains(&guide, "href=\"/aktorer/lansstyrelsen/\"");
    assert_contains(
        &guide,
        "href=\"/forum/dialogforum-2023/samtal/#vad-som-sades\"",
    );
    assert_lacks(&guide, "@/");
}

#[test]
fn target_area_lists_declarations_actors_and_parts_that_name_it() {
    let site = full();
    let page = "malomraden/levnadsvanor/index.html";
    assert_contains(
        &section(&site, page, "sec-declarations"),
        "href=\"/lan/vasterbotten/avsiktsforklaring/\"",
    );
    let actors = section(&site, page, "sec-actors");
    assert_contains(&actors, "href=\"/aktorer/lansstyrelsen/\"");
    assert_lacks(&actors, "/aktorer/kommunen/");
    let parts = section(&site, page, "sec-parts");
    assert_contains(&parts, "href=\"/forum/dialogforum-2023/samtal/\"");
    assert_lacks(&parts, "gruppovning");
    let focus = section(&site, page, "sec-focus");
    assert_contains(&focus, "Alkohol, narkotika, dopning, tobak och spel");

    let other = "malomraden/boende-och-narmiljo/index.html";
    assert_contains(
        &section(&site, other, "sec-declarations"),
        "/lan/vasterbotten/avsiktsforklaring/",
    );
    assert_contains(&section(&site, other, "sec-actors"), "/aktorer/kommunen/");
    assert_contains(
        &section(&site, other, "sec-parts"),
        "/forum/dialogforum-2023/gruppovning/",
    );

    // A target area nobody names says so.
    let empty = site.main_html("malomraden/det-tidiga-livets-villkor/index.html");
    assert_lacks(&empty, "/lan/vasterbotten/avsiktsforklaring/");
}

#[test]
fn actor_lists_organisations_per_county_and_their_commitments() {
    let site = full();
    let page = "aktorer/lansstyrelsen/index.html";
    let main = site.main_html(page);
    assert_contains(
        &main,
        "Initiera och stödja regionala utvecklingsinsatser för att främja folkhälsan",
    );
    let holders = section(&site, page, "sec-holders");
    let county = holders
        .find("href=\"/lan/vasterbotten/\"")
        .expect("the county holding the role");
    let org = holders
        .find("Länsstyrelsen Västerbotten")
        .expect("the organisation");
    let commitment = holders
        .find("Utgöra en länk mellan lokala aktörer och nationella myndigheter")
        .expect("the commitment");
    assert!(county < org && org < commitment, "{holders}");
    assert_contains(&holders, "href=\"/lan/vasterbotten/avsiktsforklaring/\"");
    // Kommunen's commitment belongs on Kommunen's page, not here.
    assert_lacks(&holders, "Medverka i regional samverkan");
    assert_contains(
        &section(&site, "aktorer/kommunen/index.html", "sec-holders"),
        "Medverka i regional samverkan inom folkhälsoområdet",
    );
    assert_contains(
        &section(&site, page, "sec-target-areas"),
        "/malomraden/levnadsvanor/",
    );
    assert_contains(
        &section(&site, page, "sec-parts"),
        "/forum/dialogforum-2023/samtal/",
    );
    // The organiser of a forum lists it.
    assert_contains(
        &site.main_html("aktorer/folkhalsomyndigheten/index.html"),
        "href=\"/forum/dialogforum-2023/\"",
    );
}

#[test]
fn county_lists_documents_forums_and_target_areas() {
    let site = full();
    let page = "lan/vasterbotten/index.html";
    assert_contains(
        &section(&site, page, "sec-declarations"),
        "href=\"/lan/vasterbotten/avsiktsforklaring/\"",
    );
    assert_contains(
        &section(&site, page, "sec-documents"),
        "href=\"/lan/vasterbotten/rapport/\"",
    );
    // Represented through a part's `counties`.
    assert_contains(
        &section(&site, page, "sec-forums"),
        "href=\"/forum/dialogforum-2023/\"",
    );
    let tas = section(&site, page, "sec-target-areas");
    assert_contains(&tas, "/malomraden/levnadsvanor/");
    assert_contains(&tas, "/malomraden/boende-och-narmiljo/");
    let orgs = section(&site, page, "sec-organisations");
    assert_contains(&orgs, "href=\"/aktorer/lansstyrelsen/\"");
    assert_contains(&orgs, "href=\"https://www.lansstyrelsen.se/vasterbotten\"");
    assert_contains(&orgs, "Umeå kommun");
    let structures = section(&site, page, "sec-structures");
    assert_contains(&structures, "Forum för folkhälsa i Västerbotten");
    assert_contains(&structures, "Ledningsgrupp");
    assert_contains(&structures, "Helene Hellmark Knutsson");

    // Represented through a speaker's `county`, without a content folder.
    assert_contains(
        &section(&site, "lan/varmland/index.html", "sec-forums"),
        "href=\"/forum/dialogforum-2023/\"",
    );
    // Represented through a part's `counties`, without a content folder.
    assert_contains(
        &section(&site, "lan/dalarna/index.html", "sec-forums"),
        "href=\"/forum/dialogforum-2023/\"",
    );
    // Not represented at all.
    assert_lacks(
        &site.main_html("lan/uppsala/index.html"),
        "/forum/dialogforum-2023/",
    );
}

#[test]
fn county_without_content_says_so_and_lists_its_municipalities() {
    let site = full();
    let main = site.main_html("lan/uppsala/index.html");
    assert_contains(&main, "<h1>Uppsala län</h1>");
    assert_contains(&main, "Ingen dokumentation om länet har skrivits ännu");
    for municipality in ["Enköping", "Håbo", "Östhammar", "Uppsala"] {
        assert_contains(&main, municipality);
    }
    assert_contains(&main, "0380");
    assert_lacks(
        &site.main_html("lan/vasterbotten/index.html"),
        "Ingen dokumentation om länet har skrivits ännu",
    );
}

#[test]
fn overview_table_has_a_row_per_county_with_data() {
    let site = full();
    let table = section(&site, "lan/index.html", "sec-table");
    let body = &table[table.find("<tbody").expect("a table body")..];
    // Only Västerbotten has a declaration; the 20 others are named below the table, not
    // shown as rows of dashes.
    assert_eq!(body.matches("<tr").count(), 1, "{body}");
    assert_eq!(body.matches("<th scope=\"row\"").count(), 1);
    let row_start = body
        .find("href=\"/lan/vasterbotten/\"")
        .expect("a Västerbotten row");
    let row = &body[row_start..row_start + body[row_start..].find("</tr>").expect("row end")];
    assert_eq!(row.matches("cell-yes").count(), 2, "{row}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = full();
    assert!(!site.exists("guide/utkast/index.html"));
    assert_lacks(&site.file("sitemap.xml"), "utkast");
    // Neither its card nor its words are in the search index.
    let index: Vec<String> = site
        .output_files()
        .into_keys()
        .filter(|f| f.starts_with("sok/index/"))
        .collect();
    assert!(index.len() > 2, "{index:?}");
    for file in index {
        assert_lacks(&site.file(&file), "utkast");
    }
    site.build_with(&["--drafts"]).assert_ok();
    assert_contains(
        &site.file("guide/utkast/index.html"),
        "Utkastets text syns bara med --drafts.",
    );
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = TestSite::fixture("full");
    site.build_with(&["--base-url", "https://host/some/path/"])
        .assert_ok();
    let mut checked = 0;
    for (path, bytes) in site.output_files() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("UTF-8");
        for link in links(&html) {
            checked += 1;
            if link.starts_with('/') {
                assert!(
                    link.starts_with("/some/path/"),
                    "{path}: {link} ignores the base path"
                );
            } else if let Some(rest) = link.strip_prefix("https://host") {
                assert!(
                    rest.starts_with("/some/path/"),
                    "{path}: {link} ignores the base path"
                );
            }
        }
    }
    assert!(checked > 500, "only {checked} links seen");
    assert_contains(
        &site.file("lan/vasterbotten/index.html"),
        "href=\"/some/path/lan/vasterbotten/avsiktsforklaring/\"",
    );

    let sitemap = site.file("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").expect("closed loc")])
        .collect();
    assert!(locs.len() > 40, "{sitemap}");
    for loc in &locs {
        assert!(loc.starts_with("https://host/some/path/"), "sitemap: {loc}");
    }
    assert!(locs.contains(&"https://host/some/path/lan/vasterbotten/"));

    let atom = site.file("atom.xml");
    for href in links(&atom) {
        assert!(href.starts_with("https://host/some/path/"), "atom: {href}");
    }
    for id in atom.split("<id>").skip(1) {
        assert!(id.starts_with("https://host/some/path/"), "atom id: {id}");
    }
    assert_contains(&atom, "https://host/some/path/forum/dialogforum-2023/");
    assert_contains(
        &site.file("robots.txt"),
        "https://host/some/path/sitemap.xml",
    );
    let cards = search_card_files(&site);
    assert!(!cards.is_empty(), "the search index has card files");
    for file in cards {
        let rec = site.file(&file);
        let urls: Vec<&str> = rec.split("\"u\":\"").skip(1).collect();
        assert!(!urls.is_empty(), "search index {file}: {rec}");
        for url in urls {
            assert!(url.starts_with("/some/path/"), "search index {file}: {rec}");
        }
    }
}

/// `--no-search-index` (for measuring what the index costs) leaves out the index and
/// nothing else.
#[test]
fn the_index_can_be_left_out() {
    let with = full();
    let without = TestSite::fixture("full");
    without.build_with(&["--no-search-index"]).assert_ok();
    let index = |site: &TestSite| -> Vec<String> {
        site.output_files()
            .into_keys()
            .filter(|f| f.starts_with("sok/index/"))
            .collect()
    };
    assert!(index(&with).iter().any(|f| f == "sok/index/meta.json"));
    assert_eq!(index(&without), Vec::<String>::new());
    let others = |site: &TestSite| -> Vec<String> {
        site.output_files()
            .into_keys()
            .filter(|f| !f.starts_with("sok/index/"))
            .collect()
    };
    assert_eq!(others(&with), others(&without));
}

/// The card files of the search index (`sok/index/d/*.json`: the URL, title and
/// date of the pages of each result).
fn search_card_files(site: &TestSite) -> Vec<String> {
    site.output_files()
        .into_keys()
        .filter(|f| f.starts_with("sok/index/d/") && f.ends_with(".json"))
        .collect()
}

#[test]
fn sitemap_feed_404_and_robots() {
    let site = full();
    let sitemap = site.file("sitemap.xml");
    assert!(sitemap.starts_with("<?xml"));
    assert_contains(&sitemap, "<loc>https://example.org/lan/vasterbotten/</loc>");
    assert_contains(&sitemap, "<loc>https://example.org/lan/uppsala/</loc>");
    assert_contains(&sitemap, "<loc>https://example.org/om/</loc>");
    assert_lacks(&sitemap, "404");

    let atom = site.file("atom.xml");
    assert_contains(&atom, "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    assert_contains(&atom, "https://example.org/forum/dialogforum-2023/");
    assert_contains(
        &atom,
        "https://example.org/lan/vasterbotten/avsiktsforklaring/",
    );
    // The report has only `updated` (the file's last change), no date of its own.
    assert_lacks(&atom, "https://example.org/lan/vasterbotten/rapport/");
    // Ordinary pages are not news.
    assert_lacks(&atom, "https://example.org/om/");

    let not_found = site.file("404.html");
    assert_contains(&not_found, "<main");
    assert_contains(&not_found, "href=\"/\"");

    assert_contains(
        &site.file("robots.txt"),
        "Sitemap: https://example.org/sitemap.xml",
    );
}

#[test]
fn heading_ids_are_ascii_folded() {
    let site = full();
    assert_contains(
        &site.main_html("om/index.html"),
        "<h2 id=\"boende-och-narmiljo\">Boende och närmiljö</h2>",
    );
    assert_contains(
        &site.main_html("lan/vasterbotten/avsiktsforklaring/index.html"),
        "id=\"om-avsiktsforklaringen\"",
    );
}

#[test]
fn markdown_tables_footnotes_and_code() {
    let site = full();
    let main = site.main_html("om/index.html");
    assert_contains(&main, "<table>");
    assert_contains(&main, "<td>Västerbotten</td>");
    assert_contains(&main, "footnote-definition");
    assert_contains(&main, "Fotnotens text.");
    assert_contains(&main, "<pre");
    assert_contains(&main, "println!");
    assert_contains(&main, "data-lang=\"rust\"");
    assert_contains(&main, "<time datetime=\"2024-03-01\">");
}

#[test]
fn no_inline_styles_or_scripts() {
    let site = full();
    let mut pages = 0;
    for (path, bytes) in site.output_files() {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).expect("UTF-8");
        assert_lacks_attr(&path, &html, " style=");
        assert!(!html.contains("<style"), "{path} has a <style> element");
        let mut rest = html.as_str();
        while let Some(i) = rest.find("<script") {
            rest = &rest[i..];
            let open_end = rest.find('>').expect("a closed <script> tag");
            let close = rest.find("</script>").expect("a </script>");
            let body = &rest[open_end + 1..close];
            assert!(
                body.trim().is_empty(),
                "{path} has an inline script: {body}"
            );
            assert!(
                rest[..open_end].contains(" src="),
                "{path} has a <script> without src"
            );
            rest = &rest[close..];
        }
        assert!(!html.contains(" onclick="), "{path} has an inline handler");
        assert!(
            !html.contains("javascript:"),
            "{path} has a javascript: URL"
        );
    }
    assert!(pages > 40);
}

#[track_caller]
fn assert_lacks_attr(path: &str, html: &str, attr: &str) {
    if let Some(line) = html.lines().find(|l| l.contains(attr)) {
        panic!("{path} has a {attr} attribute: {line}");
    }
}

#[test]
fn a_site_template_overrides_the_theme() {
    let site = TestSite::fixture("full");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}<p class=\"overridden\">Egen mall: {{ page.title }}</p>{% endblock content %}\n",
    );
    site.build().assert_ok();
    assert_contains(
        &site.main_html("om/index.html"),
        "<p class=\"overridden\">Egen mall: Om webbplatsen</p>",
    );
    // Other kinds keep the theme's templates.
    assert_lacks(&site.main_html("lan/vasterbotten/index.html"), "overridden");
    assert_contains(
        &site.main_html("lan/vasterbotten/index.html"),
        "id=\"sec-facts\"",
    );
}

#[test]
fn init_makes_a_site_that_builds_and_refuses_a_non_empty_folder() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "ny-webbplats"]).assert_ok();
    let created = tmp.root_files();
    assert!(
        created.contains_key("ny-webbplats/site.toml"),
        "{:?}",
        created.keys()
    );
    tmp.blomma([
        "build",
        "--root",
        "ny-webbplats",
        "--output",
        "ny-webbplats/public",
    ])
    .assert_ok();
    assert!(tmp.root().join("ny-webbplats/public/index.html").is_file());
    assert!(tmp
        .root()
        .join("ny-webbplats/public/lan/vasterbotten/index.html")
        .is_file());
    tmp.blomma(["check", "--root", "ny-webbplats"]).assert_ok();

    let before = tmp.root_files();
    tmp.blomma(["init", "ny-webbplats"])
        .assert_code(2)
        .assert_stderr_contains("not empty");
    assert_eq!(tmp.root_files(), before, "init changed a non-empty folder");

    // An empty folder that exists is fine.
    std::fs::create_dir(tmp.root().join("tom")).expect("mkdir");
    tmp.blomma(["init", "tom"]).assert_ok();
}

#[test]
fn minimal_site_builds_and_checks() {
    let site = TestSite::fixture("minimal");
    site.check().assert_ok();
    site.build().assert_ok();
    assert_contains(&site.main_html("index.html"), "Hej världen.");
    // A rebuild replaces the output and gives the same bytes.
    let first = site.output_files();
    site.build().assert_ok();
    assert_eq!(site.output_files(), first, "two builds differ");
}

#[test]
fn a_rebuild_removes_pages_whose_source_is_gone() {
    let site = full();
    assert!(site.exists("guide/lankar/index.html"));
    site.remove("content/guide/lankar.md");
    site.write(
        "content/guide/_index.md",
        "---\ntitle: Skrivguide\n---\n\n## Att skriva\n\nText.\n",
    );
    site.build().assert_ok();
    assert!(!site.exists("guide/lankar/index.html"));
}

/// A Markdown image from the site's root (`![Karta](/filer/karta.svg)`) gets the path of
/// `base_url` in front, like a link to a static file: on a project page its `src` would
/// otherwise point outside the site. Its alt text and title stay as written.
#[test]
fn a_markdown_image_from_the_site_root_gets_the_base_path() {
    let site = TestSite::fixture("minimal");
    site.write(
        "static/filer/karta.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    site.write(
        "content/om.md",
        "---\ntitle: Om\n---\n\n![Karta över *länet*](/filer/karta.svg \"Länet\")\n\n\
         ![Extern](https://example.org/bild.png)\n",
    );
    site.build_with(&["--base-url", "https://example.github.io/projekt/"])
        .assert_ok();
    let page = site.main_html("om/index.html");
    assert_contains(
        &page,
        "<img src=\"/projekt/filer/karta.svg\" alt=\"Karta över länet\" title=\"Länet\" />",
    );
    assert_contains(
        &page,
        "<img src=\"https://example.org/bild.png\" alt=\"Extern\" />",
    );
}

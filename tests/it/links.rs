//! A link checker run over the real example site at the repository root: every internal
//! link and `#fragment` of every HTML page must name a file of the output and an element
//! with that id — at the root of a host and under a base URL with a path.

use crate::support::{decode_entities, ids, tree};
use std::collections::{BTreeMap, BTreeSet};

/// The built example site: output path → bytes.
struct Built {
    _dir: tempfile::TempDir,
    files: BTreeMap<String, Vec<u8>>,
    /// `https://example.org/some/path/`.
    base_url: String,
    /// `/some/path/`.
    base_path: String,
}

fn build_example(base_url: Option<&str>) -> Built {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    let mut cmd = std::process::Command::new(crate::support::BIN);
    cmd.arg("build")
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--output")
        .arg(&out);
    if let Some(b) = base_url {
        cmd.args(["--base-url", b]);
    }
    let run = cmd.output().expect("run blomma");
    assert!(
        run.status.success(),
        "the example site does not build:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let base_url = base_url.unwrap_or("https://example.org/").to_string();
    let host_end = base_url[8..].find('/').map_or(base_url.len(), |i| i + 8);
    let base_path = base_url[host_end..].to_string();
    Built {
        files: tree(&out),
        _dir: dir,
        base_url,
        base_path,
    }
}

/// One `href`/`src`/`action` value and the tag it sits on.
struct Link {
    tag: String,
    url: String,
}

/// Every `href`, `src` and `action` of an HTML text, with the name of its tag.
fn scan(html: &str) -> Vec<Link> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\""] {
        for (i, _) in html.match_indices(attr) {
            let value_start = i + attr.len();
            let Some(len) = html[value_start..].find('"') else {
                continue;
            };
            let tag_start = html[..i].rfind('<').map_or(0, |t| t + 1);
            if html[tag_start..i].contains('>') {
                // Text, not an attribute: e.g. `<script src="…">` quoted in a code sample.
                continue;
            }
            let tag: String = html[tag_start..i]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            out.push(Link {
                tag: tag.to_ascii_lowercase(),
                url: decode_entities(&html[value_start..value_start + len]),
            });
        }
    }
    out
}

/// Decodes `%XX` escapes of a URL path.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|c| hex(*c)),
            b.get(i + 2).and_then(|c| hex(*c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks every link of every HTML page; returns the failures, each as `page: link: why`.
fn check(site: &Built, wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let origin = &site.base_url[..site.base_url.len() - site.base_path.len()];
    let mut ids_of: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    for (page, bytes) in site.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for link in scan(&html).into_iter().filter(|l| wanted(&l.tag)) {
            let url = link.url.as_str();
            let local = match url.strip_prefix(origin) {
                Some(rest) => rest,
                None if url.contains("://") || url.starts_with("//") => continue,
                None if url.starts_with("mailto:") || url.starts_with("tel:") => continue,
                None if url.starts_with("data:") => continue,
                None => url,
            };
            let (path, fragment) = local.split_once('#').unwrap_or((local, ""));
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(p) = path.strip_prefix(&site.base_path) {
                let p = percent_decode(p);
                if p.is_empty() || p.ends_with('/') {
                    format!("{p}index.html")
                } else if site.files.contains_key(&p) {
                    p
                } else {
                    format!("{p}/index.html")
                }
            } else {
                failures.push(format!(
                    "{page}: {url}: outside the base path {}",
                    site.base_path
                ));
                continue;
            };
            let Some(target_bytes) = site.files.get(&target) else {
                failures.push(format!("{page}: <{}> {url}: no file {target}", link.tag));
                continue;
            };
            if fragment.is_empty() {
                continue;
            }
            let known = ids_of
                .entry(
                    site.files
                        .get_key_value(&target)
                        .map_or("", |(k, _)| k.as_str()),
                )
                .or_insert_with(|| {
                    ids(&String::from_utf8_lossy(target_bytes))
                        .into_iter()
                        .collect()
                });
            if !known.contains(&percent_decode(fragment)) {
                failures.push(format!("{page}: {url}: {target} has no id `{fragment}`"));
            }
        }
    }
    failures
}

/// Every broken link (of any tag) of a site built into `out` under `base_url`, each as
/// `page: link: why`: for tests of sites other than the example site.
pub(crate) fn broken_links(out: &std::path::Path, base_url: &str) -> Vec<String> {
    let host_end = base_url[8..].find('/').map_or(base_url.len(), |i| i + 8);
    let site = Built {
        _dir: tempfile::tempdir().expect("temporary folder"),
        files: tree(out),
        base_url: base_url.to_string(),
        base_path: base_url[host_end..].to_string(),
    };
    check(&site, |_| true)
}

fn is_navigation(tag: &str) -> bool {
    matches!(tag, "a" | "area" | "form")
}

#[track_caller]
fn assert_none(what: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} broken {what}:\n{}",
        failures.len(),
        failures
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn assert_links_resolve(base_url: Option<&str>) {
    let site = build_example(base_url);
    let pages = site.files.keys().filter(|p| p.ends_with(".html")).count();
    assert!(pages > 50, "only {pages} pages");
    assert_none("links", &check(&site, is_navigation));
    // The sitemap names only pages that exist.
    let sitemap = String::from_utf8_lossy(&site.files["sitemap.xml"]).into_owned();
    for loc in sitemap.split("<loc>").skip(1) {
        let url = &loc[..loc.find("</loc>").expect("closed <loc>")];
        let rel = url
            .strip_prefix(site.base_url.as_str())
            .unwrap_or_else(|| panic!("sitemap URL {url} outside {}", site.base_url));
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        assert!(site.files.contains_key(&file), "sitemap: no file for {url}");
    }
}

#[test]
fn example_site_links_resolve() {
    assert_links_resolve(None);
}

#[test]
fn example_site_links_resolve_under_a_base_path() {
    assert_links_resolve(Some("https://example.org/some/path/"));
}

/// Stylesheets, icons, scripts and images the pages load.
#[test]
fn example_site_resources_exist() {
    for base in [None, Some("https://example.org/some/path/")] {
        let site = build_example(base);
        assert_none("resources", &check(&site, |tag| !is_navigation(tag)));
    }
}

#[test]
fn ids_are_unique_on_every_page() {
    let site = build_example(None);
    let mut failures = Vec::new();
    for (page, bytes) in site.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let mut seen = BTreeSet::new();
        for id in ids(&String::from_utf8_lossy(bytes)) {
            if !seen.insert(id.clone()) {
                failures.push(format!("{page}: id `{id}` appears twice"));
            }
        }
    }
    assert_none("ids", &failures);
}

#[test]
fn the_checker_finds_broken_links() {
    // The checker itself: a page with a missing page, a missing id and a good link.
    let html = "<a href=\"/finns/\">x</a><a href=\"/ok/#da\">y</a><a href=\"/ok/#nej\">z</a>\
                <a href=\"https://annan.example/\">e</a><a href=\"mailto:a@b\">m</a>";
    let files: BTreeMap<String, Vec<u8>> = [
        ("index.html".to_string(), html.as_bytes().to_vec()),
        (
            "ok/index.html".to_string(),
            b"<h2 id=\"da\">D</h2>".to_vec(),
        ),
    ]
    .into_iter()
    .collect();
    let site = Built {
        _dir: tempfile::tempdir().expect("tmp"),
        files,
        base_url: "https://example.org/".into(),
        base_path: "/".into(),
    };
    let failures = check(&site, is_navigation);
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(failures[0].contains("/finns/"));
    assert!(failures[1].contains("`nej`"));
    assert_eq!(percent_decode("/l%C3%A4n/"), "/län/");
}

/// The fixture sites that build as they are: every folder of `tests/fixtures/` with a
/// `site.toml`. A template has `site.toml.in` instead (its test fills in placeholders
/// such as the address of a server it starts, and writes `site.toml`); the failing
/// sites are under `invalid/`.
fn buildable_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(crate::support::fixtures_dir())
        .expect("tests/fixtures")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("site.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every fixture is either built by [`every_built_site`] or says it is a template
/// (`site.toml.in`), so a new fixture is covered without a list of names; a template's
/// placeholders are only in the template, never in a site that is built as it is.
#[test]
fn every_fixture_is_built_as_it_is_or_is_a_template() {
    let built = buildable_fixtures();
    for entry in std::fs::read_dir(crate::support::fixtures_dir()).expect("tests/fixtures") {
        let path = entry.expect("a fixture").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if !path.is_dir() || name == "invalid" {
            continue;
        }
        let template = path.join("site.toml.in").is_file();
        assert!(
            built.contains(&name) != template,
            "{name}: a fixture has either site.toml (built as it is) or site.toml.in (a template)"
        );
        if !template {
            let placeholders: Vec<String> = tree(&path)
                .into_iter()
                .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("{{BASE}}"))
                .map(|(rel, _)| rel)
                .collect();
            assert!(
                placeholders.is_empty(),
                "{name} is built as it is but has placeholders in {placeholders:?}; name its site.toml site.toml.in"
            );
        }
    }
}

/// The built fixture sites ([`buildable_fixtures`]) and the example site: name → output
/// files.
fn every_built_site() -> Vec<(String, BTreeMap<String, Vec<u8>>)> {
    let mut out = vec![("example".to_string(), build_example(None).files)];
    for name in buildable_fixtures() {
        let site = crate::support::TestSite::fixture(&name);
        site.build().assert_ok();
        out.push((name, tree(site.output())));
    }
    out
}

/// Ids that appear twice on a page, and `href="#x"` links to no id of their page.
fn in_page_problems(page: &str, html: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for id in ids(html) {
        if !seen.insert(id.clone()) {
            failures.push(format!("{page}: id `{id}` appears twice"));
        }
    }
    for link in scan(html) {
        if let Some(frag) = link.url.strip_prefix('#') {
            if !frag.is_empty() && !seen.contains(frag) {
                failures.push(format!("{page}: `#{frag}` names no id on the page"));
            }
        }
    }
    failures
}

#[test]
fn every_page_of_every_site_has_unique_ids_and_in_page_links_land() {
    let mut failures = Vec::new();
    for (site, files) in every_built_site() {
        for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
            failures.extend(in_page_problems(
                &format!("{site}/{page}"),
                &String::from_utf8_lossy(bytes),
            ));
        }
    }
    assert_none("ids", &failures);
}

#[test]
fn headings_and_footnotes_leave_the_themes_ids_alone() {
    let site = crate::support::TestSite::fixture("unique-ids");
    site.build().assert_ok();
    let page = site.file("om/index.html");
    assert_none("ids", &in_page_problems("om/index.html", &page));
    // The skip link still lands on <main>, the table of contents on the heading.
    assert!(page.contains("<main id=\"main\""), "{page}");
    assert!(page.contains("<h2 id=\"main-1\">Main</h2>"), "{page}");
    assert!(
        page.contains("<h2 id=\"toc-title-1\">Toc title</h2>"),
        "{page}"
    );
    // The heading keeps `kallor` (other pages link to it); the footnote gives way.
    assert!(page.contains("<h2 id=\"kallor\">Källor</h2>"), "{page}");
    assert!(page.contains("href=\"#kallor-1\""), "{page}");
    let home = site.file("index.html");
    assert!(home.contains("href=\"/om/#kallor\""), "{home}");
}

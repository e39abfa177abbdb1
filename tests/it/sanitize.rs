//! `[markdown] raw_html`: with `sanitize` (the default) no known XSS vector written in a
//! page reaches the built HTML, while harmless markup and blomma's own markup stay; with
//! `trusted` raw HTML passes as written.
//!
//! The output is parsed with an HTML parser (scraper, on html5ever) so the checks see the
//! document a browser would build, not the bytes.

use crate::support::{fixtures_dir, TestSite};
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeSet;

/// The vectors of `tests/fixtures/raw-html/xss-vectors.txt`: (name, Markdown body).
fn vectors() -> Vec<(String, String)> {
    let path = fixtures_dir().join("raw-html/xss-vectors.txt");
    let text = std::fs::read_to_string(&path).expect("read the XSS vectors");
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("=== ") {
            out.push((name.to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

/// Elements that must not come from content, by name.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "style",
    "meta", "link", "input", "button", "textarea", "select", "bgsound", "svg", "math",
];

/// Attributes that hold a URL a browser may load or navigate to.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "background",
    "dynsrc",
    "lowsrc",
    "poster",
    "cite",
    "ping",
];

/// A URL as a browser reads it: entities are already decoded by the parser; control
/// characters and spaces at the start, and tabs and line breaks anywhere, are ignored.
fn is_active_url(value: &str) -> bool {
    let url: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let raster = ["png", "jpeg", "gif", "webp", "avif"]
        .iter()
        .any(|t| url.starts_with(&format!("data:image/{t}")));
    ["javascript:", "vbscript:", "livescript:"]
        .iter()
        .any(|p| url.starts_with(p))
        || url.starts_with("data:") && !raster
}

/// Why an element is dangerous, if it is.
fn danger(el: ElementRef<'_>) -> Option<String> {
    let v = el.value();
    let name = v.name();
    // A task-list checkbox: disabled, nothing else to it.
    let checkbox = name == "input"
        && v.attr("type") == Some("checkbox")
        && v.attr("disabled").is_some()
        && v.attrs()
            .all(|(a, _)| matches!(a, "type" | "disabled" | "checked"));
    if ACTIVE_ELEMENTS.contains(&name) && !checkbox {
        return Some(format!("element <{name}>"));
    }
    for (attr, value) in v.attrs() {
        let attr_l = attr.to_ascii_lowercase();
        if attr_l.starts_with("on") {
            return Some(format!("event handler {attr}"));
        }
        if attr_l == "style" || attr_l == "srcdoc" || attr_l == "http-equiv" {
            return Some(format!("attribute {attr}"));
        }
        if URL_ATTRS.contains(&attr_l.as_str()) && is_active_url(value) {
            return Some(format!("active URL {attr}={value:?}"));
        }
    }
    None
}

/// The outer HTML of every dangerous element of a page.
fn dangerous(html: &str) -> BTreeSet<String> {
    let doc = Html::parse_document(html);
    doc.select(&selector("*"))
        .filter(|el| danger(*el).is_some())
        .map(|el| el.html())
        .collect()
}

/// Every vector of the corpus, each the body of its own page, is built with the default
/// policy; no page has a script, event handler, active URL, frame, object, form, `<meta>`,
/// `<base>` or `style` attribute that the same page without the vector lacks (the theme's
/// own `<meta>`, `<link>` and search form are in both).
#[test]
fn no_xss_vector_reaches_a_page() {
    let site = TestSite::fixture("raw-html");
    let vectors = vectors();
    assert!(vectors.len() >= 60, "only {} vectors", vectors.len());
    site.write(
        "content/xss/kontroll.md",
        "---\ntitle: Kontroll\n---\n\nVanlig text.\n",
    );
    for (i, (name, body)) in vectors.iter().enumerate() {
        site.write(
            &format!("content/xss/v{i:03}.md"),
            &format!(
                "---\ntitle: \"Vektor {i}: {}\"\n---\n\n{body}",
                name.replace('"', "")
            ),
        );
    }
    let run = site.build();
    run.assert_ok();
    let theme = dangerous(&site.file("xss/kontroll/index.html"));
    let mut failures = Vec::new();
    for (i, (name, body)) in vectors.iter().enumerate() {
        let page = site.file(&format!("xss/v{i:03}/index.html"));
        let doc = Html::parse_document(&page);
        for el in doc.select(&selector("*")) {
            if let Some(why) = danger(el) {
                // The theme's canonical link names the page itself.
                let own = el
                    .html()
                    .replace(&format!("/xss/v{i:03}/"), "/xss/kontroll/");
                if !theme.contains(&own) {
                    failures.push(format!("{name} ({why}):\n  {}\n  from {body}", el.html()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Sanitizing tells the author what it removed, located in the file.
#[test]
fn removed_markup_is_reported_with_its_place() {
    let site = TestSite::fixture("raw-html");
    site.write(
        "content/osaker.md",
        "---\ntitle: Osäker\n---\n\nText.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
    );
    site.build()
        .assert_ok()
        .assert_stderr_contains(
            "content/osaker.md:7:1: warning: raw HTML: element `<script>` removed",
        )
        .assert_stderr_contains(
            "content/osaker.md:9:1: warning: link to `javascript:alert(1)` removed",
        );
}

/// Harmless markup written as raw HTML stays, less only the dangerous attributes some of
/// it carries, and so does what blomma writes itself (heading ids and classes, `@/` links,
/// footnotes, aligned tables, task lists, highlighted code) on a page that goes through
/// the sanitizer.
#[test]
fn harmless_markup_survives() {
    let site = TestSite::fixture("raw-html");
    let run = site.build();
    run.assert_ok();
    let doc = Html::parse_document(&site.file("ofarlig/index.html"));
    let one = |css: &str| -> String {
        doc.select(&selector(css))
            .next()
            .map(|e| e.html())
            .unwrap_or_else(|| panic!("no {css} in the page"))
    };
    assert_eq!(
        one("abbr[title=Folkhälsomyndigheten]"),
        "<abbr title=\"Folkhälsomyndigheten\">FoHM</abbr>"
    );
    assert_eq!(one("sub"), "<sub>2</sub>");
    assert_eq!(
        one("figure > img"),
        // (scraper writes attributes in name order)
        "<img alt=\"Karta över länen\" height=\"100\" src=\"karta.png\" width=\"200\">"
    );
    assert_eq!(
        one("td[colspan]"),
        "<td colspan=\"2\">Västerbotten, AC</td>"
    );
    assert!(one("details").starts_with("<details open=\"\">"));
    assert_eq!(one("sup:not([class])"), "<sup>2</sup>");
    assert_eq!(one("kbd"), "<kbd>Ctrl</kbd>");
    one("mark");
    one("del");
    one("ins");
    one("details > summary");
    one("figure > figcaption");
    one("table > caption");
    one("th[scope=col]");
    one("dl > dt + dd");
    // blomma's own markup on the same page.
    one("h2#forkortningar.lead");
    one("h2#tabell");
    one("a[href='/']");
    one("a[href='https://www.folkhalsomyndigheten.se/'][title=Folkhälsomyndigheten]");
    one("a[href='#tabell']");
    one("a[href='mailto:info@example.org']");
    one("td.align-right");
    one("input[type=checkbox][disabled][checked]");
    one("sup.footnote-reference > a");
    one(".footnote-definition");
    one("pre.code[data-lang=yaml] code span[class]");
    one("img[src^='data:image/png;base64,'][alt=Punkt]");
}

/// With `raw_html = "trusted"` raw HTML and URLs pass as written.
#[test]
fn trusted_passes_raw_html_as_written() {
    let site = TestSite::fixture("raw-html");
    site.write(
        "site.toml",
        "title = \"Rå HTML\"\nbase_url = \"https://example.org/\"\n\n[markdown]\nraw_html = \"trusted\"\n",
    );
    site.write(
        "content/betrodd.md",
        "---\ntitle: Betrodd\n---\n\n<div class=\"widget\" data-id=\"7\" style=\"color: red\">\n<script src=\"/widget.js\"></script>\n</div>\n\n[kör](javascript:start())\n\n## Rubrik {data-x=1}\n",
    );
    let run = site.build();
    run.assert_ok();
    // Nothing is removed (other warnings, such as an orphan page, are not about raw HTML).
    assert!(!run.stderr.contains("removed"), "{}", run.stderr);
    let page = site.file("betrodd/index.html");
    for written in [
        "<div class=\"widget\" data-id=\"7\" style=\"color: red\">",
        "<script src=\"/widget.js\"></script>",
        "href=\"javascript:start()\"",
        "data-x=\"1\"",
    ] {
        assert!(page.contains(written), "{written} missing:\n{page}");
    }
}

/// An unknown `raw_html` value stops the build with a located error and the nearest value.
#[test]
fn unknown_raw_html_value_is_a_located_error() {
    let site = TestSite::fixture("raw-html");
    site.write(
        "site.toml",
        "title = \"Rå HTML\"\nbase_url = \"https://example.org/\"\n\n[markdown]\nraw_html = \"trust\"\n",
    );
    site.build()
        .assert_code(2)
        .assert_stderr_contains("site.toml:5:12: unknown raw_html value `trust`")
        .assert_stderr_contains("did you mean `trusted`?");
}

//! Warnings of `check` and `build` (`tests/fixtures/warnings/` has one of each kind,
//! `tests/fixtures/warnings-clean/` the near misses that must not warn): each is located
//! like an error, the run still succeeds, and `--deny-warnings` (or `[check]
//! deny_warnings`) fails it without writing anything.

use crate::support::{assert_contains, assert_lacks, TestSite};

/// `blomma check` of the fixture with one warning of each kind.
fn check_warnings() -> String {
    let site = TestSite::fixture("warnings");
    let run = site.blomma(["check", "--color", "never"]);
    run.assert_ok();
    run.stderr.clone()
}

#[test]
fn a_missing_image_is_located() {
    let err = check_warnings();
    assert_contains(
        &err,
        "content/stod/metod.md:7:21: warning: image `/bilder/saknas.png`: no such file in the site\n\
         7 | ![Karta över länet](/bilder/saknas.png)\n  |                     ^^^^^^^^^^^^^^^^^^\n",
    );
}

#[test]
fn links_to_missing_static_files_are_located_relative_ones_too() {
    let err = check_warnings();
    assert_contains(
        &err,
        "content/stod/metod.md:9:17: warning: link to `/filer/x.pdf`: no such file in the site\n",
    );
    assert_contains(
        &err,
        "content/stod/metod.md:9:45: warning: link to `bilaga.pdf`: no such file in the site (`/stod/metod/bilaga.pdf`)\n",
    );
}

#[test]
fn images_without_alt_text_are_located_markdown_and_raw_html() {
    let err = check_warnings();
    assert_contains(
        &err,
        "content/stod/metod.md:11:5: warning: image `/bilder/finns.png` has no alt text\n",
    );
    assert_contains(&err, "\"dekorativ\"");
    assert_contains(
        &err,
        "content/stod/metod.md:13:1: warning: image without alt text: `<img>` has no `alt` attribute\n",
    );
}

/// Raw HTML links and images to files the site does not have warn as Markdown ones do,
/// at the attribute's value; a raw link to a content file by its path gets the nearest
/// content files, and the Markdown link as the fix (`@/` is not resolved in raw HTML).
#[test]
fn raw_html_links_and_images_to_missing_files_are_located() {
    let err = check_warnings();
    assert_contains(
        &err,
        "content/stod/metod.md:19:19: warning: link to `/filer/saknas.pdf`: no such file in the site\n\
         19 | <p>Hämta <a href=\"/filer/saknas.pdf\">rapporten</a>",
    );
    assert_contains(
        &err,
        "   |                   ^^^^^^^^^^^^^^^^^\n  = help: put the file in static/filer/saknas.pdf (or under content/ at the same path), or correct the address\n",
    );
    assert_contains(
        &err,
        "content/stod/metod.md:19:66: warning: image `bilder/saknas.png`: no such file in the site (`/stod/metod/bilder/saknas.png`)\n",
    );
    assert_contains(
        &err,
        "content/stod/metod.md:19:112: warning: `../stod/metd.md` links to a content file by its path",
    );
    assert_contains(
        &err,
        "= help: write the link in Markdown, `[…](@/stod/metd.md)`: blomma checks an @/ link and gives it the page's address on the site (raw HTML is left as written) (there is no content/stod/metd.md; did you mean `@/stod/metod.md`",
    );
}

#[test]
fn a_skipped_heading_level_is_located() {
    let err = check_warnings();
    assert_contains(
        &err,
        "content/stod/metod.md:15:1: warning: heading level skipped: level 4 (`####`) follows the heading before it (level 2)\n\
         15 | #### Detaljer\n   | ^^^^\n  = help: use `###` here",
    );
}

#[test]
fn a_relative_md_link_gets_its_at_form_as_the_fix() {
    let err = check_warnings();
    assert_contains(
        &err,
        "content/stod/metod.md:17:13: warning: `../om.md#kontakt` links to a content file by its path",
    );
    assert_contains(&err, "= help: write `@/om.md#kontakt`");
}

#[test]
fn a_page_no_page_links_to_is_an_orphan() {
    let err = check_warnings();
    assert_contains(
        &err,
        "content/ensam.md:2:1: warning: no other page links to this page\n2 | title: Ensam sida\n",
    );
    // Linked by `@/`, listed by its section, or the home page: not orphans.
    for page in [
        "content/om.md",
        "content/stod/metod.md:2",
        "content/_index.md",
    ] {
        assert_lacks(&err, &format!("{page}:2:1: warning: no other page"));
    }
}

#[test]
fn a_data_table_no_template_reads_is_reported() {
    let err = check_warnings();
    assert_contains(
        &err,
        "data/kontakter.yaml:1:1: warning: no template reads the data table `kontakter`\n",
    );
    assert_contains(&err, "ok: 42 pages, no errors, 12 warnings\n");
}

/// The near misses warn about nothing: a decorative image, raw HTML with `alt=""`, a
/// file next to a section's `_index.md`, links to existing files and pages by address
/// (in raw HTML too, where a page linked only so is no orphan), raw HTML links to other
/// sites, `mailto:`, a `#fragment` or a `?query`, headings that go back up, and tags
/// inside HTML comments (commented out, not on the page).
#[test]
fn the_clean_fixture_has_no_warnings_even_when_denied() {
    let site = TestSite::fixture("warnings-clean");
    let run = site.blomma(["check", "--deny-warnings"]);
    run.assert_ok();
    assert_lacks(&run.stderr, "warning");
    let run = site.build_with(&["--deny-warnings"]);
    run.assert_ok();
    let html = std::fs::read_to_string(site.output().join("om/index.html")).expect("om");
    // The marking title is not shown to readers.
    assert_contains(&html, "<img src=\"/bilder/fris.png\" alt=\"\" />");
    // An id inside a comment is not the page's: the heading keeps its own.
    assert_contains(&html, "<h2 id=\"kontakt\">");
}

#[test]
fn build_reports_warnings_and_succeeds() {
    let site = TestSite::fixture("warnings");
    let run = site.build_with(&["--color", "never"]);
    run.assert_ok();
    assert_contains(
        &run.stderr,
        "content/ensam.md:2:1: warning: no other page links",
    );
    assert!(site.output().join("ensam/index.html").is_file());
}

#[test]
fn deny_warnings_fails_check_and_build_and_keeps_the_previous_output() {
    let site = TestSite::fixture("warnings");
    let run = site.blomma(["check", "--deny-warnings"]);
    run.assert_code(1);
    assert_contains(
        &run.stderr,
        "error: the site has 12 warnings, and --deny-warnings",
    );
    assert_lacks(&run.stderr, "ok:");

    site.build().assert_ok();
    let page = site.output().join("ensam/index.html");
    let before = std::fs::read_to_string(&page).expect("the first build's page");
    site.write(
        "content/ensam.md",
        "---\ntitle: Ändrad\n---\n\nIngen länkar hit.\n",
    );
    let run = site.build_with(&["--deny-warnings"]);
    run.assert_code(1);
    assert_contains(&run.stderr, "nothing was written");
    assert_eq!(std::fs::read_to_string(&page).expect("still there"), before);
}

#[test]
fn deny_warnings_in_site_toml() {
    let site = TestSite::fixture("warnings");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}\n[check]\ndeny_warnings = true\n"),
    );
    site.blomma(["check"]).assert_code(1);
    site.build().assert_code(1);
    assert!(!site.output().join("index.html").exists());
}

/// Past 20 warnings of one kind the rest are summed up in one line.
#[test]
fn many_warnings_of_a_kind_are_summed_up() {
    let site = TestSite::fixture("warnings-clean");
    for i in 0..25 {
        site.write(
            &format!("content/ensam-{i:02}.md"),
            "---\ntitle: Ensam\n---\n\nText.\n",
        );
    }
    let run = site.blomma(["check"]);
    run.assert_ok();
    assert_eq!(
        run.stderr.matches("warning: no other page links").count(),
        20
    );
    assert_contains(
        &run.stderr,
        "warning: … and 5 more pages no other page links to (not shown)\n",
    );
    assert_contains(&run.stderr, "25 warnings");
}

/// Images from the site's root get the path of `base_url`, as links do.
#[test]
fn images_from_the_site_root_get_the_base_path() {
    let site = TestSite::fixture("warnings-clean");
    site.write(
        "content/om.md",
        "---\ntitle: Om oss\n---\n\n![Årsbild](/bilder/fris.png \"Vår bild\") [pdf](/filer/arsrapport.pdf)\n",
    );
    site.build_with(&["--base-url", "https://x.github.io/proj/"])
        .assert_ok();
    let html = std::fs::read_to_string(site.output().join("om/index.html")).expect("om");
    assert_contains(
        &html,
        "<img src=\"/proj/bilder/fris.png\" alt=\"Årsbild\" title=\"Vår bild\" />",
    );
    assert_contains(&html, "href=\"/proj/filer/arsrapport.pdf\"");
}

/// A file next to a page's source is one level above the page's address; the help says
/// the address that works.
#[test]
fn a_relative_image_next_to_the_source_gets_the_address_that_works() {
    let site = TestSite::fixture("warnings-clean");
    site.write(
        "content/stod/metod.md",
        "---\ntitle: Metod\n---\n\n![Karta över stödet](karta.png)\n",
    );
    let run = site.blomma(["check", "--color", "never"]);
    run.assert_ok();
    assert_contains(
        &run.stderr,
        "content/stod/metod.md:5:22: warning: image `karta.png`: no such file in the site (`/stod/metod/karta.png`)\n",
    );
    assert_contains(
        &run.stderr,
        "= help: the file is next to the page's source file, at /stod/karta.png; a relative address starts from the page's own address, /stod/metod/, so write `/stod/karta.png`\n",
    );
}

/// Raw HTML is left as written, so `<img src="/…">` on a site under a base path points
/// outside the site once published: a warning says so, with the two ways to write it;
/// the same image at the site's root, or written with the base path, is fine.
#[test]
fn a_raw_html_image_from_the_site_root_under_a_base_path_is_a_warning() {
    let site = TestSite::fixture("warnings-clean");
    site.write(
        "content/om.md",
        "---\ntitle: Om oss\n---\n\n<img src=\"/bilder/fris.png\" alt=\"Fris\">\n\n<img src=\"/proj/bilder/fris.png\" alt=\"Fris\">\n",
    );
    let run = site.blomma([
        "build",
        "--color",
        "never",
        "--base-url",
        "https://x.github.io/proj/",
    ]);
    run.assert_ok();
    assert_contains(
        &run.stderr,
        "content/om.md:5:11: warning: `/bilder/fris.png` in raw HTML does not get the site's base path `/proj/`",
    );
    assert_contains(
        &run.stderr,
        "or write the whole path: `/proj/bilder/fris.png`",
    );
    assert_lacks(&run.stderr, "`/proj/bilder/fris.png` in raw HTML");
    let at_root = site.blomma(["build", "--color", "never"]);
    at_root.assert_ok();
    assert_lacks(&at_root.stderr, "in raw HTML does not get");
}

/// A raw HTML link from the site's root misses the base path as a raw image does; the
/// help offers the Markdown link. Written with the base path, as the help says, a raw
/// address finds its file (and one that is missing is reported at its place in static/).
#[test]
fn a_raw_html_link_from_the_site_root_under_a_base_path_is_a_warning() {
    let site = TestSite::fixture("warnings-clean");
    site.write(
        "content/om.md",
        "---\ntitle: Om oss\n---\n\n<a href=\"/filer/arsrapport.pdf\">Årsrapporten</a>\n\n\
         <a href=\"/proj/filer/arsrapport.pdf\">Samma</a> <img src=\"/proj/bilder/fris.png\" alt=\"Fris\">\n\n\
         <a href=\"/proj/filer/saknas.pdf\">Saknas</a>\n",
    );
    let run = site.blomma([
        "build",
        "--color",
        "never",
        "--base-url",
        "https://x.github.io/proj/",
    ]);
    run.assert_ok();
    assert_contains(
        &run.stderr,
        "content/om.md:5:10: warning: `/filer/arsrapport.pdf` in raw HTML does not get the site's base path `/proj/`",
    );
    assert_contains(
        &run.stderr,
        "= help: write the link in Markdown, `[…](/filer/arsrapport.pdf)`, which gets the base path, or write the whole path: `/proj/filer/arsrapport.pdf`",
    );
    assert_lacks(&run.stderr, "`/proj/filer/arsrapport.pdf`: no such file");
    assert_lacks(&run.stderr, "`/proj/bilder/fris.png`: no such file");
    assert_contains(
        &run.stderr,
        "content/om.md:9:10: warning: link to `/proj/filer/saknas.pdf`: no such file in the site\n",
    );
    assert_contains(
        &run.stderr,
        "= help: put the file in static/filer/saknas.pdf",
    );
}

//! Nothing an author wrote is silently ignored or replaced: unreadable files, old Mac line
//! ends, duplicate keys, symbolic links, output paths that collide, control characters in
//! messages and oversized files. Each bad case fails with exit status 1, a located error,
//! and leaves the previous output exactly as it was.

use crate::support::{assert_no_leftovers, Run, TestSite};

/// Builds the `minimal` site, lets `change` break it, builds again and checks that the
/// second build fails with exit status 1, leaves the previous output byte for byte and
/// no temporary folder behind.
fn fails_keeping_output(change: impl FnOnce(&TestSite)) -> Run {
    let site = TestSite::fixture("minimal");
    site.build().assert_ok();
    let before = site.output_files();
    change(&site);
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        site.output_files(),
        before,
        "a failed build changed the output"
    );
    assert_no_leftovers(&site);
    assert!(
        run.stderr.contains("error: the site has"),
        "expected located errors with a count:\n{}",
        run.stderr
    );
    run
}

/// Old Mac line ends (lone CR) end lines; CRLF and a UTF-8 byte order mark keep working.
#[test]
fn lone_cr_line_ends_are_line_ends() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/om.md",
        "---\rtitle: Om oss\rsummary: Kort.\r---\r\rBrödtext.\r",
    );
    site.write(
        "content/kontakt.md",
        "\u{feff}---\r\ntitle: Kontakta oss\r\n---\r\n\r\nBrödtext.\r\n",
    );
    site.build().assert_ok();
    assert!(site
        .main_html("kontakt/index.html")
        .contains("Kontakta oss"));
    let html = site.main_html("om/index.html");
    assert!(html.contains("<h1"), "{html}");
    assert!(html.contains("Om oss"), "{html}");
    assert!(
        !html.contains("title:"),
        "front matter published as body text:\n{html}"
    );
}

#[test]
fn lone_cr_errors_have_the_right_line() {
    fails_keeping_output(|site| {
        site.write("content/om.md", "---\rtitle: Om\rsumary: x\r---\r\rText.\r");
    })
    .assert_stderr_contains("content/om.md:3:1: unknown field `sumary`")
    .assert_stderr_contains("3 | sumary: x");
}

#[test]
fn duplicate_key_in_extra_is_located() {
    fails_keeping_output(|site| {
        site.write(
            "content/om.md",
            "---\ntitle: Om\nextra:\n  färg: röd\n  storlek: 2\n  färg: blå\n---\n\nText.\n",
        );
    })
    .assert_stderr_contains("content/om.md:6:3: duplicate key `färg`")
    .assert_stderr_contains("already set on line 4");
}

#[test]
fn duplicate_nested_key_and_field_are_located() {
    fails_keeping_output(|site| {
        site.write(
            "content/om.md",
            "---\ntitle: Om\nextra:\n  a:\n    b: 1\n    b: 2\n---\n\nText.\n",
        );
        site.write(
            "content/kontakt.md",
            "---\ntitle: Kontakt\nsummary: x\ntitle: Igen\n---\n\nText.\n",
        );
    })
    .assert_stderr_contains("content/om.md:6:5: duplicate key `b`")
    .assert_stderr_contains("already set on line 5")
    .assert_stderr_contains("content/kontakt.md:4:1: duplicate key `title`")
    .assert_stderr_contains("already set on line 2");
}

#[test]
fn duplicate_key_in_a_data_table_is_located() {
    fails_keeping_output(|site| {
        site.write("data/kontakter.yaml", "namn: A\nepost: a@x.se\nnamn: B\n");
    })
    .assert_stderr_contains("data/kontakter.yaml:3:")
    .assert_stderr_contains("duplicate key `namn`")
    .assert_stderr_contains("`namn` is already set on line 1; keep one of the two");
}

#[test]
fn control_characters_in_messages_are_escaped() {
    let run = fails_keeping_output(|site| {
        site.write(
            "content/om.md",
            "---\ntitle: Om\nsummary: \u{1b}[31mröd\n---\n\nText.\n",
        );
        site.write(
            "content/aktorer/kommunen.md",
            "---\ntitle: Kommunen\nlevel: local\ntarget_areas: [\"\\e[2Jlevnadsvanor\"]\n---\n",
        );
        site.write("content/Fel\u{1b}[31mnamn.md", "---\ntitle: X\n---\n");
    });
    assert!(
        !run.stderr.contains('\u{1b}'),
        "a raw ESC reached the terminal:\n{:?}",
        run.stderr
    );
    run.assert_stderr_contains(
        "content/om.md:3:10: invalid front matter: control character U+001B",
    )
    .assert_stderr_contains("3 | summary: \\u{1b}[31mröd")
    .assert_stderr_contains("unknown target area `\\u{1b}[2Jlevnadsvanor`")
    .assert_stderr_contains("content/Fel\\u{1b}[31mnamn.md:1:1:");
}

/// Makes a FIFO, which a naive reader would block on forever.
fn mkfifo(path: &std::path::Path) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
}

fn symlink(target: &str, link: &std::path::Path) {
    if let Some(parent) = link.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::os::unix::fs::symlink(target, link).expect("make a symbolic link");
}

#[test]
fn a_fifo_under_content_or_static_is_an_error() {
    fails_keeping_output(|site| {
        mkfifo(&site.root().join("content/om.md"));
        mkfifo(&site.root().join("static/bild.png"));
    })
    .assert_stderr_contains(
        "content/om.md:1:1: cannot use `content/om.md`: it is not a regular file",
    )
    .assert_stderr_contains(
        "static/bild.png:1:1: cannot use `static/bild.png`: it is not a regular file",
    )
    .assert_stderr_contains("error: the site has 2 errors");
}

#[test]
fn latin1_target_areas_table_is_an_error_not_the_built_in_table() {
    let table = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/target-areas.csv"),
    )
    .expect("the built-in table");
    let first_non_ascii = table
        .find(|c: char| !c.is_ascii())
        .expect("Swedish letters");
    let line = table[..first_non_ascii].matches('\n').count() + 1;
    // Latin-1: every character below U+0100 as one byte.
    let latin1: Vec<u8> = table.chars().map(|c| c as u32 as u8).collect();
    fails_keeping_output(|site| site.write_bytes("data/target-areas.csv", &latin1))
        .assert_stderr_contains(&format!("data/target-areas.csv:{line}:"))
        .assert_stderr_contains("the file is not valid UTF-8")
        .assert_stderr_contains("save the file as UTF-8");
}

#[test]
fn unreadable_data_and_template_files_are_errors() {
    fails_keeping_output(|site| {
        site.write(
            "data/kontakter.yaml/README",
            "a folder where a file is expected\n",
        );
        site.write_bytes("data/personer.csv", b"namn\nG\xf6ran\n");
        site.write_bytes("templates/page.html", b"<p>\xe5</p>\n");
    })
    .assert_stderr_contains(
        "data/kontakter.yaml:1:1: cannot read `data/kontakter.yaml`: it is a folder",
    )
    .assert_stderr_contains("data/personer.csv:2:2: the file is not valid UTF-8 (byte 0xf6)")
    .assert_stderr_contains("templates/page.html:1:4: the file is not valid UTF-8 (byte 0xe5)");
}

#[test]
fn a_symbolic_link_inside_the_site_is_followed() {
    let site = TestSite::fixture("minimal");
    site.write("delat/om.md", "---\ntitle: Om oss\n---\n\nDelad text.\n");
    site.write(
        "delat/logga.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    symlink("../delat/om.md", &site.root().join("content/om.md"));
    symlink("../../delat", &site.root().join("static/bilder/delat"));
    site.build().assert_ok();
    assert!(site.main_html("om/index.html").contains("Delad text."));
    assert!(site.exists("bilder/delat/logga.svg"));
}

#[test]
fn symbolic_links_out_of_the_site_dangling_or_in_a_loop_are_errors() {
    let outside = tempfile::tempdir().expect("a folder outside the site");
    std::fs::write(outside.path().join("hemlig.md"), "---\ntitle: X\n---\n").expect("write");
    let target = outside.path().join("hemlig.md").display().to_string();
    let run = fails_keeping_output(|site| {
        symlink(&target, &site.root().join("content/hemlig.md"));
        symlink("finns-inte.md", &site.root().join("content/borta.md"));
        symlink("..", &site.root().join("content/sektion/runt"));
        symlink(&target, &site.root().join("static/hemlig.txt"));
        let folder = outside.path().display().to_string();
        symlink(&folder, &site.root().join("templates"));
    });
    run.assert_stderr_contains("content/hemlig.md:1:1: cannot use `content/hemlig.md`: the symbolic link points to")
        .assert_stderr_contains("outside the site")
        .assert_stderr_contains("content/borta.md:1:1: cannot use `content/borta.md`: the symbolic link points to `finns-inte.md`, which does not exist")
        .assert_stderr_contains("content/sektion/runt:1:1: cannot use `content/sektion/runt`: the symbolic link leads back to a folder that holds it (a loop)")
        .assert_stderr_contains("static/hemlig.txt:1:1: cannot use `static/hemlig.txt`: the symbolic link points to")
        .assert_stderr_contains("templates:1:1: cannot use `templates`: the symbolic link points to")
        .assert_stderr_contains("error: the site has 5 errors");
}

#[test]
fn a_file_over_max_file_size_is_an_error_before_it_is_read() {
    let run = fails_keeping_output(|site| {
        site.write(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n\n[build]\nmax_file_size = \"1 kB\"\n",
        );
        let big = format!("---\ntitle: Stor\n---\n\n{}", "| a | b |\n".repeat(200));
        site.write("content/stor.md", &big);
    });
    run.assert_stderr_contains("content/stor.md:1:1: the file is 2 kB (2021 bytes), more than the limit of 1 kB (1000 bytes)")
        .assert_stderr_contains("max_file_size");
}

#[test]
fn the_default_limit_is_10_mb() {
    fails_keeping_output(|site| {
        let mut big = b"---\ntitle: Stor\n---\n\n".to_vec();
        big.resize(10_000_001, b'a');
        site.write_bytes("content/stor.md", &big);
    })
    .assert_stderr_contains("content/stor.md:1:1: the file is 10 MB (10000001 bytes), more than the limit of 10 MB (10000000 bytes)");
}

#[test]
fn content_and_static_files_never_replace_generated_files_or_pages() {
    let run = fails_keeping_output(|site| {
        site.write("content/index.html", "<p>Min egen startsida</p>\n");
        site.write("content/sitemap.xml", "<urlset/>\n");
        site.write("content/om.md", "---\ntitle: Om\n---\n\nText.\n");
        site.write("static/om/index.html", "<p>Om</p>\n");
        site.write("content/kontakt.md", "---\ntitle: Kontakt\n---\n\nText.\n");
        site.write("content/kontakt/index.html", "<p>Kontakt</p>\n");
        site.write("static/atom.xml", "<feed/>\n");
    });
    run.assert_stderr_contains(
        "content/index.html:1:1: `content/index.html` and the page of `content/_index.md` would both be written to `index.html`",
    )
    .assert_stderr_contains(
        "content/sitemap.xml:1:1: `content/sitemap.xml` and the file `sitemap.xml` that blomma generates would both be written to `sitemap.xml`",
    )
    .assert_stderr_contains(
        "static/om/index.html:1:1: `static/om/index.html` and the page of `content/om.md` would both be written to `om/index.html`",
    )
    .assert_stderr_contains(
        "content/kontakt/index.html:1:1: `content/kontakt/index.html` and the page of `content/kontakt.md` would both be written to `kontakt/index.html`",
    )
    .assert_stderr_contains("static/atom.xml:1:1: `static/atom.xml` and the file `atom.xml` that blomma generates")
    .assert_stderr_contains("error: the site has 5 errors");
}

#[test]
fn a_site_static_file_overrides_the_theme_file_and_says_so() {
    let site = TestSite::fixture("minimal");
    site.write("static/style.css", "body { color: black }\n");
    let run = site.build();
    run.assert_ok().assert_stderr_contains(
        "note: static/style.css replaces the theme's file of the same name",
    );
    assert_eq!(site.file("style.css"), "body { color: black }\n");
}

#[test]
fn a_latin1_site_toml_is_a_located_configuration_error() {
    let site = TestSite::fixture("minimal");
    site.write_bytes(
        "site.toml",
        b"title = \"T\"\nbase_url = \"https://example.org/\"\n# V\xe4sterbotten\n",
    );
    site.build()
        .assert_code(2)
        .assert_stderr_contains("site.toml:3:4: the file is not valid UTF-8 (byte 0xe4)");
    assert!(!site.output().exists(), "nothing is written");
}

#[test]
fn a_duplicate_column_in_a_data_table_is_an_error() {
    fails_keeping_output(|site| {
        site.write("data/personer.csv", "namn,roll,namn\nA,B,C\n");
    })
    .assert_stderr_contains(
        "data/personer.csv:1:1: cannot read data table: duplicate column `namn`: columns 1 and 3",
    );
}

/// Checks the `minimal` site with `front` as the front matter of `content/om.md` and
/// returns the run, which failed with a located error and none of the parser's grammar
/// words ("while parsing", "expected key", "scalar").
fn yaml_mistake(front: &str) -> Run {
    let site = TestSite::fixture("minimal");
    site.write("content/om.md", &format!("---\n{front}---\n\nText.\n"));
    let run = site.check();
    run.assert_code(1);
    for jargon in [
        "while parsing",
        "while scanning",
        "expected key",
        "scalar",
        "block mapping",
    ] {
        assert!(
            !run.stderr.contains(jargon),
            "the parser's word `{jargon}` reached the author:\n{}",
            run.stderr
        );
    }
    run
}

/// `title: {Dalarna}` and `summary: {{ x }}` (a template left in) are read as mappings:
/// the author learns why, at the `{`, and what to write.
#[test]
fn a_value_starting_with_a_brace_says_to_use_quotes() {
    yaml_mistake("title: {Dalarna}\n")
        .assert_stderr_contains(
            "content/om.md:2:8: `title` must be a text, but a value starting with `{` is read as a YAML mapping",
        )
        .assert_stderr_contains("put it in quotes: `title: \"{Dalarna}\"`");
    yaml_mistake("title: Om\nsummary: {{ namn }}\n")
        .assert_stderr_contains(
            "content/om.md:3:10: `summary` must be a text, but a value starting with `{` is read as a YAML mapping",
        )
        .assert_stderr_contains("`summary: \"{{ namn }}\"`");
}

/// Text after a `{ }` value is a syntax error; it is explained at the `{`.
#[test]
fn text_after_a_brace_value_is_explained_at_the_brace() {
    yaml_mistake("title: Om\nsummary: {Dalarna} och Gävleborg\n")
        .assert_stderr_contains(
            "content/om.md:3:10: invalid front matter: a value starting with `{` is read as a YAML mapping, and text after its closing `}` is not allowed",
        )
        .assert_stderr_contains("`summary: \"{Dalarna} och Gävleborg\"`");
}

/// A `{` never closed is located at the `{`, not at the end of the front matter.
#[test]
fn an_unclosed_brace_is_located_at_the_brace() {
    yaml_mistake("title: Om\nsummary: {Dalarna\n").assert_stderr_contains(
        "content/om.md:3:10: invalid front matter: a value starting with `{` is read as a YAML mapping, and this one is not closed with `}`",
    );
}

/// A tab in the indentation is located at the tab itself.
#[test]
fn a_tab_in_the_indentation_is_located_at_the_tab() {
    yaml_mistake("title: Om\n\tsummary: Kort.\n")
        .assert_stderr_contains(
            "content/om.md:3:1: invalid front matter: a tab is used for indentation; YAML allows only spaces there",
        )
        .assert_stderr_contains("replace the tab with spaces");
}

/// A quote opened and not closed is located at the quote.
#[test]
fn an_unclosed_quote_is_located_at_the_quote() {
    yaml_mistake("title: \"Om oss\nsummary: Kort.\n").assert_stderr_contains(
        "content/om.md:2:8: invalid front matter: the quote `\"` that starts this value is not closed",
    );
    yaml_mistake("title: Om\nsummary: 'Kort.\n").assert_stderr_contains(
        "content/om.md:3:10: invalid front matter: the quote `'` that starts this value is not closed",
    );
}

/// `: ` inside an unquoted value: said as such, with the value in quotes as the fix.
#[test]
fn a_colon_inside_a_value_says_to_use_quotes() {
    yaml_mistake("title: Agenda 2030: Dalarna\n")
        .assert_stderr_contains(
            "content/om.md:2:19: invalid front matter: `: ` inside a value is read as the start of a new `key: value`",
        )
        .assert_stderr_contains("put the value in quotes: `title: \"Agenda 2030: Dalarna\"`");
}

/// A list item indented differently from the items above it is located at its `-`.
#[test]
fn a_list_item_at_the_wrong_indentation_is_located() {
    yaml_mistake("title: Om\nextra:\n  orter:\n    - Falun\n   - Borlänge\n")
        .assert_stderr_contains(
            "content/om.md:6:4: invalid front matter: this list item `- ` is not at the indentation of a list",
        )
        .assert_stderr_contains("start every `- ` of one list in the same column");
}

/// Text after a closing quote is explained.
#[test]
fn text_after_a_closing_quote_is_explained() {
    yaml_mistake("title: \"Om\" oss\n")
        .assert_stderr_contains(
            "content/om.md:2:13: invalid front matter: text after the closing quote `\"` is not allowed",
        );
}

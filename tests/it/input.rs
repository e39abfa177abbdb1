//! Nothing an author wrote is silently ignored or replaced: unreadable files, old Mac line
//! ends, duplicate keys, symbolic links, output paths that collide, control characters in
//! messages and oversized files. Each bad case fails with exit status 1, a located error,
//! and leaves the previous output exactly as it was.

use crate::support::{Run, TestSite};

/// Builds the `minimal` site, lets `change` break it, builds again and checks that the
/// second build fails with exit status 1 and leaves the previous output byte for byte.
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
    assert!(
        run.stderr.contains("error: the site has"),
        "expected located errors with a count:\n{}",
        run.stderr
    );
    run
}

#[test]
fn lone_cr_line_ends_are_line_ends() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/om.md",
        "---\rtitle: Om oss\rsummary: Kort.\r---\r\rBrödtext.\r",
    );
    site.write(
        "content/kontakt.md",
        "---\r\ntitle: Kontakta oss\r\n---\r\n\r\nBrödtext.\r\n",
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
    .assert_stderr_contains("content/om.md:6:3: extra: duplicate key `färg`")
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
    .assert_stderr_contains("content/om.md:6:5: extra.a: duplicate key `b`")
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
    .assert_stderr_contains("duplicate key `namn`: it is already set on line 1");
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

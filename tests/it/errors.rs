//! Bad input: every invalid fixture fails with exit status 1, names the file, line and column
//! and what is wrong, and leaves the previous output exactly as it was. Configuration and
//! command-line mistakes exit with status 2.

use crate::support::{assert_no_leftovers, Run, TestSite};
use std::time::{Duration, Instant};

/// Builds the `minimal` site into the output, swaps in `tests/fixtures/invalid/<case>`, lets
/// `prepare` change it further, builds again into the same output and checks that the build
/// fails with `expected_status` and leaves the previous output byte for byte.
fn fails_keeping_output_with(
    case: &str,
    expected_status: i32,
    prepare: impl FnOnce(&TestSite),
) -> Run {
    let site = TestSite::fixture("minimal");
    site.build().assert_ok();
    let before = site.output_files();
    assert!(
        before.contains_key("index.html"),
        "the minimal site builds a home page"
    );

    site.replace_with_fixture(&format!("invalid/{case}"));
    prepare(&site);
    let run = site.build();
    run.assert_code(expected_status);

    let after = site.output_files();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "a failed build changed the list of output files"
    );
    for (path, bytes) in &before {
        assert!(
            after.get(path) == Some(bytes),
            "a failed build changed {path}"
        );
    }
    assert_no_leftovers(&site);
    assert!(
        run.stdout.is_empty(),
        "stdout of a failed build: {}",
        run.stdout
    );
    run
}

/// [`fails_keeping_output_with`] for a content error (exit 1), with the closing count.
fn fails_keeping_output(case: &str, errors: usize) -> Run {
    fails_with(case, errors, |_| {})
}

fn fails_with(case: &str, errors: usize, prepare: impl FnOnce(&TestSite)) -> Run {
    let run = fails_keeping_output_with(case, 1, prepare);
    let closing = format!(
        "error: the site has {errors} error{}; nothing was written\n",
        if errors == 1 { "" } else { "s" }
    );
    assert!(
        run.stderr.ends_with(&closing),
        "expected the closing line {closing:?}:\n{}",
        run.stderr
    );
    run
}

#[test]
fn malformed_yaml() {
    fails_keeping_output("malformed-yaml", 1)
        .assert_stderr_contains(
            "content/om.md:3:10: invalid front matter: a `key: value` is not allowed here",
        )
        .assert_stderr_contains("3 |   summary: Fel indrag");
}

#[test]
fn unknown_slug_suggests_the_nearest() {
    let run = fails_keeping_output("unknown-slug", 1);
    run.assert_stderr_contains(
        "content/aktorer/lansstyrelsen.md:4:16: unknown target area `levnadsvana`",
    )
    .assert_stderr_contains("= help: did you mean `levnadsvanor`?");
    insta::assert_snapshot!("unknown_slug_stderr", run.stderr);
}

#[test]
fn broken_at_link() {
    fails_keeping_output("broken-at-link", 1)
        .assert_stderr_contains("content/om.md:5:19: broken link: no content file `guide.md`")
        .assert_stderr_contains("`@/guiden.md`");
}

#[test]
fn broken_fragment_suggests_the_nearest_heading() {
    let run = fails_keeping_output("broken-fragment", 1);
    run.assert_stderr_contains(
        "content/om.md:5:28: broken link: `guide.md` has no heading with id `lankar-mellan-sidorna`",
    )
    .assert_stderr_contains("did you mean `#lankar-mellan-sidor`?");
    insta::assert_snapshot!("broken_fragment_stderr", run.stderr);
}

#[test]
fn duplicate_target_area_number() {
    fails_keeping_output("duplicate-target-area-number", 1)
        .assert_stderr_contains(
            "content/malomraden/motion.md:2:9: duplicate target-area number 9: `fysisk-aktivitet` has it already",
        );
}

#[test]
fn unknown_county_code_and_folder() {
    let run = fails_keeping_output("unknown-county-code", 2);
    run.assert_stderr_contains(
        "content/lan/vasterbotten/_index.md:2:8: county code `99` does not match Västerbottens län",
    )
    .assert_stderr_contains("SCB code \"24\"")
    .assert_stderr_contains(
        "content/lan/vasterbottn/_index.md:1:1: unknown county folder `vasterbottn`",
    )
    .assert_stderr_contains("did you mean `vasterbotten`");
    insta::assert_snapshot!("unknown_county_code_stderr", run.stderr);
}

#[test]
fn unknown_field_suggests_the_known_one() {
    fails_keeping_output("unknown-field", 1)
        .assert_stderr_contains("content/om.md:3:1: unknown field `sumary`")
        .assert_stderr_contains("3 | sumary: En sammanfattning")
        .assert_stderr_contains("= help: did you mean `summary`?");
}

#[test]
fn bad_file_names_suggest_a_slug() {
    fails_keeping_output("bad-file-name", 2)
        .assert_stderr_contains(
            "content/malomraden/Levnadsvanor.md:1:1: file name `Levnadsvanor` is not a valid slug",
        )
        .assert_stderr_contains("`levnadsvanor`")
        .assert_stderr_contains("content/Om Oss.md:1:1: file name `Om Oss` is not a valid slug")
        .assert_stderr_contains("`om-oss`");
}

#[test]
fn invalid_date() {
    fails_keeping_output("invalid-date", 1)
        .assert_stderr_contains("content/forum/dialogforum/_index.md:3:7:")
        .assert_stderr_contains("invalid date `2023-13-45`")
        .assert_stderr_contains("YYYY-MM-DD");
}

#[test]
fn unclosed_front_matter() {
    fails_keeping_output("unclosed-front-matter", 1)
        .assert_stderr_contains("content/om.md:1:1: unclosed front matter");
}

#[test]
fn non_utf8_file() {
    fails_with("non-utf8", 1, |site| {
        site.write_bytes(
            "content/om.md",
            b"---\ntitle: Om webbplatsen\n---\n\nTrasig byte: \xff h\xc3\xa4r.\n",
        );
    })
    .assert_stderr_contains("content/om.md:5:14: the file is not valid UTF-8 (byte 0xff)")
    .assert_stderr_contains("UTF-8");
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let start = Instant::now();
    let run = fails_keeping_output("yaml-alias-bomb", 1);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "the alias bomb took {:?}",
        start.elapsed()
    );
    // Located at the alias that would make the document too big, saying what it does.
    run.assert_stderr_contains("content/om.md:9:10: too many aliases (`*e`) expand here")
        .assert_stderr_contains("9 |   f: &f [*e,");
}

#[test]
fn missing_required_field() {
    fails_keeping_output("missing-required-field", 1)
        .assert_stderr_contains(
            "content/malomraden/levnadsvanor.md:1:1: missing required field `number`",
        )
        .assert_stderr_contains("add `number:`");
}

#[test]
fn two_errors_in_two_files_are_both_reported() {
    let run = fails_keeping_output("two-errors-in-two-files", 2);
    let first = run
        .stderr
        .find("content/aktorer/lansstyrelsen.md:4:30: unknown target area `boende`")
        .expect("the actor's error is reported");
    let second = run
        .stderr
        .find("content/om.md:3:1: unknown field `sumary`")
        .expect("the page's error is reported");
    assert!(first < second, "errors are sorted by file:\n{}", run.stderr);
    run.assert_stderr_contains("did you mean `boende-och-narmiljo`?");
    insta::assert_snapshot!("two_errors_stderr", run.stderr);
}

/// serde_yaml's own "at line N column M" counts lines of the front matter, not of the file,
/// so it contradicts the `path:line:column` the message starts with.
#[test]
fn yaml_syntax_error_has_only_the_file_location() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/om.md",
        "---\ntitle: Om\nextra: [a, b\nweight: 1\n---\n\nText.\n",
    );
    let run = site.build();
    run.assert_code(1);
    run.assert_stderr_contains("content/om.md:4:7: invalid front matter");
    assert!(
        !run.stderr.contains(" at line "),
        "a second, different location inside the message:\n{}",
        run.stderr
    );
}

#[test]
fn config_unknown_key_suggests_the_nearest_and_exits_2() {
    let run = fails_keeping_output_with("unknown-field", 2, |site| {
        site.write(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\nlangage = \"sv\"\n",
        );
    });
    run.assert_stderr_contains("site.toml:3:1: unknown key `langage`")
        .assert_stderr_contains("did you mean `language`?");
}

#[test]
fn config_unknown_collection_key_suggests_the_nearest() {
    let site = TestSite::fixture("minimal");
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n\n[collections]\nforum = \"x\"\n",
    );
    site.build()
        .assert_code(2)
        .assert_stderr_contains("site.toml:5:1: unknown key `forum`")
        .assert_stderr_contains("did you mean `forums`?");
    assert!(!site.output().exists(), "nothing is written");
}

#[test]
fn config_bad_base_url_exits_2() {
    let run = fails_keeping_output_with("unknown-field", 2, |site| {
        site.write("site.toml", "title = \"T\"\nbase_url = \"example.org\"\n");
    });
    run.assert_stderr_contains("site.toml:2:1: base_url `example.org` must start with https://");
}

#[test]
fn bad_base_url_on_the_command_line_exits_2() {
    let site = TestSite::fixture("minimal");
    site.build_with(&["--base-url", "ftp://example.org/"])
        .assert_code(2)
        .assert_stderr_contains("ftp://example.org/");
    assert!(!site.output().exists());
}

/// The bad value comes from the command line, so the message should say so instead of
/// pointing at (and quoting) the valid `base_url` line of `site.toml`.
#[test]
fn bad_base_url_on_the_command_line_blames_the_flag() {
    let site = TestSite::fixture("minimal");
    let run = site.build_with(&["--base-url", "ftp://example.org/"]);
    run.assert_code(2).assert_stderr_contains("--base-url");
    assert!(
        !run.stderr.contains("site.toml:"),
        "the error blames site.toml:\n{}",
        run.stderr
    );
}

#[test]
fn missing_site_toml_exits_2() {
    let site = TestSite::fixture("minimal");
    site.remove("site.toml");
    site.build()
        .assert_code(2)
        .assert_stderr_contains("site.toml");
}

#[test]
fn unknown_flag_exits_2() {
    let site = TestSite::fixture("minimal");
    site.blomma(["build", "--no-such-flag"]).assert_code(2);
}

#[test]
fn output_that_would_replace_the_site_is_refused() {
    // The site lives in `inner/` of the temporary folder, so that even a wrongly accepted
    // `--output` pointing at the site's parent stays inside the temporary folder.
    let tmp = TestSite::empty();
    tmp.write(
        "inner/site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    );
    tmp.write("inner/content/_index.md", "---\ntitle: T\n---\n\nText.\n");
    let before = tmp.root_files();
    let abs = tmp.root().join("inner").display().to_string();
    for (root, output) in [
        ("inner", "inner".to_string()),
        ("inner", "inner/".to_string()),
        ("inner", "inner/content".to_string()),
        ("inner", "inner/content/sub".to_string()),
        ("inner", ".".to_string()),
        ("inner", "inner/..".to_string()),
        (abs.as_str(), abs.clone()),
        (abs.as_str(), format!("{abs}/content")),
        (abs.as_str(), format!("{abs}/public/../content")),
    ] {
        let run = tmp.blomma(["build", "--root", root, "--output", output.as_str()]);
        run.assert_code(2)
            .assert_stderr_contains("error: the output folder");
        assert_eq!(
            tmp.root_files(),
            before,
            "--root {root} --output {output} changed files"
        );
    }
}

#[test]
fn failed_template_keeps_the_previous_output() {
    let site = TestSite::fixture("minimal");
    site.build().assert_ok();
    let before = site.output_files();
    site.write("templates/home.html", "{% extends \"base.html\" %}{% block content %}{{ page.title | no_such_filter }}{% endblock content %}\n");
    let run = site.build();
    run.assert_code(1);
    assert_eq!(site.output_files(), before);
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::fixture("full");
    let before = site.root_files();
    site.check().assert_ok().assert_stderr_contains("no errors");
    assert_eq!(site.root_files(), before, "check changed the site");
    assert!(!site.output().exists(), "check wrote an output folder");

    let bad = TestSite::fixture("invalid/two-errors-in-two-files");
    let before = bad.root_files();
    bad.check()
        .assert_code(1)
        .assert_stderr_contains("error: the site has 2 errors");
    assert_eq!(bad.root_files(), before, "a failing check changed the site");
}

#[test]
fn duplicate_ids_written_by_hand_are_located() {
    let run = fails_keeping_output("duplicate-id", 2);
    run.assert_stderr_contains(
        "content/om.md:8:15: duplicate id `bakgrund`: it is written earlier on this page",
    )
    .assert_stderr_contains(
        "content/om.md:10:8: id `main` is taken: the theme's page template has an element with id `main`",
    );
}

/// Four different mistakes in one declaration come out of one run, each at its place,
/// instead of one per build.
#[test]
fn every_mistake_of_a_file_is_reported_in_one_run() {
    let f = "content/lan/vasterbotten/avsiktsforklaring.md";
    fails_keeping_output("four-mistakes-in-one-file", 4)
        .assert_stderr_contains(&format!("{f}:1:1: missing required field `kind`"))
        .assert_stderr_contains(&format!(
            "{f}:3:9: `antagen` is not a status; use one of: draft, adopted, revised"
        ))
        .assert_stderr_contains(&format!("{f}:5:1: unknown field `signatorier`"))
        .assert_stderr_contains("did you mean `signatories`?")
        .assert_stderr_contains(&format!(
            "{f}:6:15: `target_areas` must be a list, not `levnadsvanor`"
        ));
}

/// A bad reference in a file whose front matter has other mistakes (an unknown field, a
/// wrong type) is reported in the same run, at the value and with the did-you-mean of a
/// reference error, instead of only after the author fixed the others.
#[test]
fn bad_reference_is_reported_with_the_other_mistakes_of_its_file() {
    let f = "content/lan/dalarna/_index.md";
    fails_keeping_output("bad-reference-with-other-mistakes", 3)
        .assert_stderr_contains(&format!("{f}:3:1: unknown field `kod`"))
        .assert_stderr_contains(&format!(
            "{f}:4:16: `organisations` must be a list, not `Region Dalarna`"
        ))
        .assert_stderr_contains(&format!("{f}:11:21: unknown county `dalarana`"))
        .assert_stderr_contains("did you mean `dalarna`?");
}

/// Messages name the field and say what to write in words an author knows, with no
/// serde terms ("unknown variant", "i64", "sequence").
#[test]
fn messages_are_in_the_authors_words() {
    let run = fails_keeping_output("author-words", 5);
    run.assert_stderr_contains(
        "content/aktorer/kommunen.md:3:8: `lokal` is not a level; use one of: national, regional, local",
    )
    .assert_stderr_contains("did you mean `local`?")
    .assert_stderr_contains(
        "content/lan/vasterbotten/rapport.md:3:7: `rapport` is not a kind; use one of: declaration, report, presentation, other",
    )
    .assert_stderr_contains("did you mean `report`?")
    .assert_stderr_contains(
        "content/malomraden/levnadsvanor.md:3:9: `number` must be a whole number, not `tre`",
    )
    .assert_stderr_contains("content/om.md:3:10: `summary` must be a text, not a list")
    .assert_stderr_contains("content/om.md:4:8: `draft` must be `true` or `false`, not `ja`");
    for jargon in [
        "variant",
        "i64",
        "u32",
        "sequence",
        "invalid type",
        "invalid value",
    ] {
        assert!(
            !run.stderr.contains(jargon),
            "serde's word `{jargon}` reached the author:\n{}",
            run.stderr
        );
    }
}

/// A file with an error of its own is not reported again where it is linked or named:
/// no "no content file `om.md`", no "unknown actor role `kommunen`".
#[test]
fn errors_caused_by_a_broken_file_are_not_reported() {
    let run = fails_keeping_output("follow-on-errors", 2);
    run.assert_stderr_contains("content/om.md:3:10: invalid front matter")
        .assert_stderr_contains("content/aktorer/kommunen.md:3:8: `lokal` is not a level");
    assert!(
        !run.stderr.contains("kontakt.md") && !run.stderr.contains("samtal.md"),
        "a follow-on error was reported:\n{}",
        run.stderr
    );
}

/// `--color always` colours the errors even into a pipe; by default (standard error is
/// a pipe here) and with `--color never` they are plain text.
#[test]
fn color_flag_controls_ansi_styles() {
    let site = TestSite::fixture("invalid/unknown-field");
    let plain = site.build();
    plain.assert_code(1);
    assert!(!plain.stderr.contains('\u{1b}'), "{:?}", plain.stderr);
    let never = site.build_with(&["--color", "never"]);
    assert_eq!(never.stderr, plain.stderr);
    let always = site.blomma(["--color", "always", "check"]);
    always.assert_code(1);
    assert!(
        always.stderr.contains("\u{1b}[1mcontent/om.md:3:1:"),
        "{:?}",
        always.stderr
    );
    site.blomma(["check", "--color", "sometimes"])
        .assert_code(2);
}

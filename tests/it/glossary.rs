//! The glossary of contract version 2 (`begrepp/<slug>.md`): a page per term, an A–Ö list,
//! and the first use of a term in body text marked `<abbr>` and linked to its page. The
//! fixture is `tests/fixtures/glossary/`.

use crate::support::{assert_contains, assert_lacks, TestSite};

fn built() -> TestSite {
    let site = TestSite::fixture("glossary");
    site.build().assert_ok();
    site
}

/// The marked use of a term as the build writes it.
fn marked(slug: &str, title: &str, written: &str) -> String {
    format!(
        "<a class=\"term\" href=\"/begrepp/{slug}/\"><abbr title=\"{title}\">{written}</abbr></a>"
    )
}

const ANDTS: &str = "alkohol, narkotika, dopning, tobak och spel om pengar";

#[test]
fn a_site_with_a_glossary_key_builds_with_a_page_per_term() {
    // `[collections] glossary = "begrepp"` was an unknown key before.
    let site = built();
    for slug in ["andts", "skr", "rufs", "rus", "lansstyrelse"] {
        assert!(site.exists(&format!("begrepp/{slug}/index.html")), "{slug}");
    }
    let page = site.main_html("begrepp/andts/index.html");
    assert_contains(&page, "<h1>ANDTS</h1>");
    assert_contains(&page, ANDTS);
    assert_contains(&page, "<dd>ANDT</dd>");
    assert_contains(
        &site.file("sitemap.xml"),
        "https://example.org/begrepp/andts/",
    );
}

#[test]
fn the_first_use_of_a_term_is_marked_and_linked_and_only_the_first() {
    let site = built();
    let home = site.main_html("index.html");
    assert_contains(
        &home,
        &format!(
            "nämns {} först här och ANDTS igen här",
            marked("andts", ANDTS, "ANDTS")
        ),
    );
    assert_eq!(
        home.matches("href=\"/begrepp/andts/\"").count(),
        1,
        "{home}"
    );
    assert_contains(
        &home,
        &format!(
            "samverkar i {}.",
            marked("skr", "Sveriges Kommuner och Regioner", "SKR")
        ),
    );
}

#[test]
fn terms_are_not_marked_in_headings_links_or_code() {
    let site = built();
    let home = site.main_html("index.html");
    assert_contains(&home, ">Om SKR och ANDTS</h2>");
    assert_contains(&home, "<a href=\"https://skr.se/\">SKR:s webbplats</a>");
    assert_contains(&home, "<code>RUFS</code>");
    assert_contains(&home, "<code>RUS i ett kodblock");
    // RUS appears on the home page only in code: it is not marked there at all.
    assert_lacks(&home, "/begrepp/rus/");
    // RUFS outside the code is its first use in text.
    assert_contains(
        &home,
        &format!(
            "och {}-arbetet",
            marked(
                "rufs",
                "Regional utvecklingsplan för Stockholmsregionen",
                "RUFS"
            )
        ),
    );
}

#[test]
fn capitals_match_only_in_capitals_whole_words_only_other_terms_in_any_case() {
    let site = built();
    let home = site.main_html("index.html");
    assert_contains(&home, "Ordet andts med små bokstäver");
    assert_contains(&home, "inte heller ANDTSarbete eller XSKR.");
    // A term not written in capitals matches in any case, but only as a whole word.
    assert_contains(
        &home,
        &format!(
            "En {} är",
            marked(
                "lansstyrelse",
                "Statens företrädare i länet.",
                "länsstyrelse"
            )
        ),
    );
    assert_contains(&home, "Ordet länsstyrelsen är ett annat ord.");
    let om = site.main_html("om/index.html");
    assert_contains(
        &om,
        &marked(
            "lansstyrelse",
            "Statens företrädare i länet.",
            "Länsstyrelse",
        ),
    );
}

#[test]
fn an_alias_is_a_use_of_its_term() {
    let site = built();
    let om = site.main_html("om/index.html");
    assert_contains(
        &om,
        &format!(
            "och {} är en annan stavning av ANDTS.",
            marked("andts", ANDTS, "ANDT")
        ),
    );
    assert_contains(&om, &marked("rus", "regional utvecklingsstrategi", "RUS"));
}

#[test]
fn a_terms_own_page_does_not_mark_the_term_but_marks_others() {
    let site = built();
    let page = site.main_html("begrepp/andts/index.html");
    assert_contains(&page, "<p>ANDTS är ett politikområde.");
    assert_contains(
        &page,
        &marked("skr", "Sveriges Kommuner och Regioner", "SKR"),
    );
}

#[test]
fn the_glossary_list_is_in_a_to_o_order_and_terms_are_searchable() {
    let site = built();
    let list = site.main_html("begrepp/index.html");
    let order: Vec<usize> = ["andts", "lansstyrelse", "rufs", "rus", "skr"]
        .iter()
        .map(|s| {
            list.find(&format!("href=\"/begrepp/{s}/\""))
                .unwrap_or_else(|| panic!("{s} listed in {list}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{list}");
    assert_contains(&list, "<h2 id=\"bokstav-r\">R</h2>");
    // The kind facet has a value of its own for terms.
    assert_contains(&site.file("sok/index/meta.json"), "[\"Begrepp\",\"");
}

#[test]
fn two_terms_spelt_alike_are_an_error_naming_both() {
    let site = TestSite::fixture("glossary");
    site.write(
        "content/begrepp/skr2.md",
        "---\ntitle: Sveriges Kommuner och Regioner\naliases: [SKR]\n---\n",
    );
    site.build().assert_code(1).assert_stderr_contains(
        "the glossary spelling `SKR` is also a term or alias in content/begrepp/skr",
    );
}

/// Writes a term `begrepp/<slug>.md` with a title, aliases and an expansion.
fn write_term(site: &TestSite, slug: &str, title: &str, aliases: &[&str], expansion: &str) {
    let aliases: Vec<String> = aliases.iter().map(|a| format!("\"{a}\"")).collect();
    site.write(
        &format!("content/begrepp/{slug}.md"),
        &format!(
            "---\ntitle: \"{title}\"\naliases: [{}]\nexpansion: {expansion}\n---\n\nText.\n",
            aliases.join(", ")
        ),
    );
}

/// Whole words are spellings not preceded or followed by a letter or digit, so terms and
/// aliases that start or end in another character (`.NET`, `§ 7`, `C++`, `S:t`,
/// `Agenda 2030:`) are marked; the longest spelling wins, so the term `C` is not marked
/// inside `C++`, and `.NET` is not marked inside `ASP.NET`.
#[test]
fn spellings_starting_or_ending_in_other_characters_match_as_whole_words() {
    let site = TestSite::fixture("glossary");
    write_term(&site, "dotnet", ".NET", &[], "ett ramverk");
    write_term(
        &site,
        "paragraf-7",
        "Paragraf 7",
        &["§ 7"],
        "sjunde paragrafen",
    );
    write_term(&site, "cpp", "C++", &[], "programspråket C++");
    write_term(&site, "c", "C", &[], "programspråket C");
    write_term(&site, "sankt", "Sankt", &["S:t"], "helgon");
    write_term(
        &site,
        "agenda",
        "Agenda 2030-målen",
        &["Agenda 2030:"],
        "FN:s mål",
    );
    site.write(
        "content/test.md",
        "---\ntitle: Test\n---\n\nI ASP.NET och sedan .NET gäller § 7. \
         Vi skriver C++. Kyrkan S:t Olof. Agenda 2030: mål.\n",
    );
    site.build().assert_ok();
    let page = site.main_html("test/index.html");
    assert_contains(
        &page,
        &format!(
            "I ASP.NET och sedan {} gäller {}.",
            marked("dotnet", "ett ramverk", ".NET"),
            marked("paragraf-7", "sjunde paragrafen", "§ 7")
        ),
    );
    assert_contains(
        &page,
        &format!(
            "Vi skriver {}. Kyrkan {} Olof. {} mål.",
            marked("cpp", "programspråket C++", "C++"),
            marked("sankt", "helgon", "S:t"),
            marked("agenda", "FN:s mål", "Agenda 2030:")
        ),
    );
    assert_lacks(&page, "/begrepp/c/");
}

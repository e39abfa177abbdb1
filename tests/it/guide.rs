//! The authoring guide (`content/guide/`): its sample outputs and its table of counties are
//! produced by the tool and the official table in these tests, so they cannot go stale.
//!
//! A page marks a sample with an HTML comment before a fenced block and one after it:
//!
//! - `<!-- blomma-input: PATH -->`: the block is written to `PATH` of the page's scratch
//!   site (a mistake an author makes); the test never changes it.
//! - `<!-- blomma-output: ARGS -->`: the block is `$ blomma ARGS` and what that command
//!   prints, run in the scratch site's folder.
//! - `<!-- blomma-file: PATH -->`: the block is the file `PATH` of the scratch site as the
//!   commands before it left it.
//! - `<!-- blomma-counties -->`: the table of the 21 counties from `data/counties.csv`.
//!
//! Each is closed by `<!-- /blomma-KIND -->`. Every page gets its own scratch site, an empty
//! folder in which the blocks run in the order of the page (a page without an `init` sample
//! starts from `blomma init .`). Today's date, which `blomma new` writes, is shown as
//! `ÅÅÅÅ-MM-DD` and the time a build took as `…`. After an intended change run `BLESS=1 cargo test --test it guide` to
//! rewrite the blocks, and review the diff.

use crate::support::{assert_contains, TestSite};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Serialises the tests that may rewrite the guide's files.
static GUIDE_FILES: Mutex<()> = Mutex::new(());

/// `content/guide/`.
fn guide_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content/guide")
}

/// What a marked block is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Input(String),
    Output(String),
    File(String),
    Counties,
}

/// One marked fenced block of a page.
#[derive(Debug)]
struct Block {
    kind: Kind,
    /// 1-based line of the opening marker.
    line: usize,
    /// The lines of the block's text: `lines[start..end]` of the page.
    start: usize,
    end: usize,
}

/// Parses `<!-- blomma-KIND[: ARG] -->`.
fn marker(line: &str) -> Option<(String, String)> {
    let inner = line
        .trim()
        .strip_prefix("<!-- blomma-")?
        .strip_suffix("-->")?;
    let inner = inner.trim();
    Some(match inner.split_once(':') {
        Some((k, arg)) => (k.trim().to_string(), arg.trim().to_string()),
        None => (inner.to_string(), String::new()),
    })
}

/// The marked blocks of a page; a malformed one fails the test at its line.
fn blocks(file: &str, lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((name, arg)) = marker(lines[i]) else {
            i += 1;
            continue;
        };
        let at = format!("{file}:{}", i + 1);
        let kind = match name.as_str() {
            "input" => Kind::Input(arg),
            "output" => Kind::Output(arg),
            "file" => Kind::File(arg),
            "counties" => Kind::Counties,
            other => panic!("{at}: unknown marker `blomma-{other}`"),
        };
        let fence = lines
            .get(i + 1)
            .map(|l| l.trim_end())
            .filter(|l| l.starts_with("```") || l.starts_with('|'))
            .unwrap_or_else(|| panic!("{at}: a fenced block or a table must follow the marker"));
        let (start, end) = if fence.starts_with('|') {
            // A table: its lines up to the closing marker.
            let end = (i + 1..lines.len())
                .find(|&j| !lines[j].starts_with('|'))
                .unwrap_or(lines.len());
            (i + 1, end)
        } else {
            let ticks: String = fence.chars().take_while(|c| *c == '`').collect();
            let close = (i + 2..lines.len())
                .find(|&j| lines[j].trim_end() == ticks)
                .unwrap_or_else(|| panic!("{at}: the fenced block is not closed"));
            (i + 2, close)
        };
        let after = if fence.starts_with('|') { end } else { end + 1 };
        assert_eq!(
            lines.get(after).map(|l| l.trim()),
            Some(format!("<!-- /blomma-{name} -->").as_str()),
            "{file}:{}: `<!-- /blomma-{name} -->` must follow the block",
            after + 1
        );
        out.push(Block {
            kind,
            line: i + 1,
            start,
            end,
        });
        i = after + 1;
    }
    out
}

/// Days since 1970-01-01 as `YYYY-MM-DD` (the civil calendar, as `blomma new` writes it).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Today and yesterday (UTC): a run across midnight sees either.
fn todays() -> [String; 2] {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs();
    let days = (secs / 86_400) as i64;
    [civil_date(days), civil_date(days - 1)]
}

/// `text` without what changes from run to run: today's date as `ÅÅÅÅ-MM-DD`, and the
/// duration at the end of a line (`… in 112 ms`) as `in … ms`.
fn steady(text: &str) -> String {
    let dated = todays()
        .iter()
        .fold(text.to_string(), |t, d| t.replace(d.as_str(), "ÅÅÅÅ-MM-DD"));
    dated
        .lines()
        .map(|line| match line.rsplitn(3, ' ').collect::<Vec<_>>()[..] {
            [unit @ ("ms" | "s"), n, rest] if rest.ends_with(" in") && n.parse::<f64>().is_ok() => {
                format!("{rest} … {unit}")
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The county table as the guide shows it, from the official `data/counties.csv`.
fn county_table() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/counties.csv");
    let mut reader = csv::Reader::from_path(&path).expect("read data/counties.csv");
    let headers = reader
        .headers()
        .expect("the header of counties.csv")
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in counties.csv"))
    };
    let (name, slug, code, letter) = (
        col("name"),
        col("slug"),
        col("scb_code"),
        col("letter_code"),
    );
    let mut rows = vec![
        "| Län | Slug (mappens namn) | Länskod (`code`) | Länsbokstav |".to_string(),
        "|:--|:--|:-:|:-:|".to_string(),
    ];
    for record in reader.records() {
        let r = record.expect("a row of counties.csv");
        rows.push(format!(
            "| {} | `{}` | {} | {} |",
            &r[name], &r[slug], &r[code], &r[letter]
        ));
    }
    rows
}

/// Runs the blocks of `kinds` of one page on a scratch site; returns the page's text with
/// each such block as the tool produces it.
fn produce(file: &str, text: &str, wanted: fn(&Kind) -> bool) -> (String, Vec<Block>) {
    let lines: Vec<&str> = text.lines().collect();
    let all = blocks(file, &lines);
    let site = TestSite::empty();
    // The scratch site is needed for the samples of commands and files only.
    let runs = all
        .iter()
        .any(|b| wanted(&b.kind) && b.kind != Kind::Counties);
    let has_init = all
        .iter()
        .any(|b| matches!(&b.kind, Kind::Output(a) if a.starts_with("init")));
    if runs && !has_init {
        site.blomma(["init", "."]).assert_ok();
    }
    let mut new_lines: Vec<String> = Vec::new();
    let mut copied = 0;
    let mut ran = Vec::new();
    for b in all {
        let body = &lines[b.start..b.end];
        let produced: Option<Vec<String>> = match &b.kind {
            Kind::Input(_) | Kind::Output(_) | Kind::File(_) if !runs => None,
            Kind::Input(path) => {
                site.write(path, &format!("{}\n", body.join("\n")));
                None
            }
            Kind::Output(args) => {
                let run = site.blomma(args.split_whitespace());
                let printed = format!("{}{}", run.stdout, run.stderr);
                assert!(
                    !printed.contains("[ROOT]"),
                    "{file}:{}: `blomma {args}` printed a temporary path:\n{printed}",
                    b.line
                );
                let mut out = vec![format!("$ blomma {args}")];
                out.extend(steady(printed.trim_end()).lines().map(str::to_string));
                Some(out)
            }
            Kind::File(path) => {
                let content = std::fs::read_to_string(site.root().join(path))
                    .unwrap_or_else(|e| panic!("{file}:{}: cannot read {path}: {e}", b.line));
                Some(steady(&content).lines().map(str::to_string).collect())
            }
            Kind::Counties => Some(county_table()),
        };
        if let Some(produced) = produced.filter(|_| wanted(&b.kind)) {
            new_lines.extend(lines[copied..b.start].iter().map(|l| l.to_string()));
            new_lines.extend(produced);
            copied = b.end;
            ran.push(b);
        } else if runs && matches!(b.kind, Kind::Input(_)) {
            ran.push(b);
        }
    }
    new_lines.extend(lines[copied..].iter().map(|l| l.to_string()));
    let mut out = new_lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    (out, ran)
}

/// Checks (or with `BLESS=1` rewrites) the blocks of `wanted` kinds on every guide page;
/// returns the blocks found.
fn check_guide(wanted: fn(&Kind) -> bool) -> Vec<Kind> {
    let _guard = GUIDE_FILES.lock().unwrap_or_else(|e| e.into_inner());
    let bless = std::env::var_os("BLESS").is_some_and(|v| v != "0");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(guide_dir())
        .expect("list content/guide")
        .map(|e| e.expect("a guide entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.sort();
    let mut found = Vec::new();
    let mut stale = Vec::new();
    for page in pages {
        let file = format!(
            "content/guide/{}",
            page.file_name().expect("a file name").to_string_lossy()
        );
        let text = std::fs::read_to_string(&page).expect("read a guide page");
        let (produced, ran) = produce(&file, &text, wanted);
        if produced != text {
            if bless {
                std::fs::write(&page, &produced).expect("rewrite a guide page");
            } else {
                let old: Vec<&str> = text.lines().collect();
                let new: Vec<&str> = produced.lines().collect();
                let first = old
                    .iter()
                    .zip(&new)
                    .position(|(a, b)| a != b)
                    .unwrap_or(old.len().min(new.len()));
                let block = ran.iter().rev().find(|b| b.line <= first + 1);
                stale.push(format!(
                    "{file}:{}: the sample {:?} is stale; from here blomma gives:\n{}",
                    first + 1,
                    block.map(|b| &b.kind),
                    new[first..new.len().min(first + 12)].join("\n")
                ));
            }
        }
        found.extend(ran.into_iter().map(|b| b.kind));
    }
    assert!(
        stale.is_empty(),
        "{}\n\nIf the change is intended, run `BLESS=1 cargo test --test it guide` and review \
         the diff of content/guide/.",
        stale.join("\n\n")
    );
    found
}

#[test]
fn guide_samples_are_what_blomma_prints_and_writes() {
    let found = check_guide(|k| !matches!(k, Kind::Counties));
    let outputs: Vec<&str> = found
        .iter()
        .filter_map(|k| match k {
            Kind::Output(a) => Some(a.as_str()),
            _ => None,
        })
        .collect();
    // The author's path is shown, not only described: a first site, new pages, a check.
    for command in [
        "init .",
        "new county",
        "new declaration",
        "new begrepp",
        "check",
    ] {
        assert!(
            outputs.iter().any(|a| a.starts_with(command)),
            "no sample of `blomma {command}` in the guide (samples: {outputs:?})"
        );
    }
    assert!(
        found.iter().any(|k| matches!(k, Kind::File(_))),
        "no sample of a file that blomma writes"
    );
    assert!(
        found.iter().any(|k| matches!(k, Kind::Input(_))),
        "no sample of a mistake"
    );
}

#[test]
fn guide_county_table_is_the_official_table() {
    let found = check_guide(|k| matches!(k, Kind::Counties));
    assert!(
        found.contains(&Kind::Counties),
        "the guide has no table of the counties"
    );
    // The table has every county: the header, its rule and 21 rows.
    assert_eq!(county_table().len(), 2 + 21);
}

#[test]
fn new_begrepp_writes_a_glossary_term_that_builds_and_is_marked_in_pages() {
    let site = TestSite::empty();
    site.blomma(["init", "."]).assert_ok();
    site.blomma(["new", "begrepp", "andts"])
        .assert_ok()
        .assert_stderr_contains("created content/begrepp/andts.md");
    let read = |rel: &str| {
        std::fs::read_to_string(site.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let term = read("content/begrepp/andts.md");
    assert_contains(&term, "title: Andts");
    assert_contains(&term, "# expansion:");
    // The English and the other Swedish names are the same kind.
    site.blomma(["new", "term", "who"]).assert_ok();
    site.blomma(["new", "glossary", "begrepp/skr"]).assert_ok();
    assert_contains(&read("content/begrepp/who.md"), "title: Who");
    assert_contains(&read("content/begrepp/skr.md"), "title: Skr");
    // Filled in as the guide says, the term is explained where a page uses it.
    site.write(
        "content/begrepp/andts.md",
        &term.replace("title: Andts", "title: ANDTS").replace(
            "# expansion: vad förkortningen står för",
            "expansion: alkohol, narkotika, dopning, tobak och spel om pengar",
        ),
    );
    site.write(
        "content/om.md",
        "---\ntitle: Om webbplatsen\n---\n\nVi arbetar med ANDTS i länet.\n",
    );
    site.build().assert_ok();
    assert!(site.exists("begrepp/andts/index.html"));
    assert_contains(
        &site.main_html("om/index.html"),
        "title=\"alkohol, narkotika, dopning, tobak och spel om pengar\"",
    );
    // The glossary folder is a collection, not a place for ordinary pages.
    site.blomma(["new", "page", "begrepp/annat"])
        .assert_code(2)
        .assert_stderr_contains("holds a collection");
}

#[test]
fn guide_installs_blomma_from_where_the_recipes_do() {
    let site = TestSite::empty();
    site.blomma(["init", "."]).assert_ok();
    let recipe = std::fs::read_to_string(site.root().join(".gitlab-ci.yml")).expect("the recipe");
    let url = recipe
        .lines()
        .find_map(|l| l.trim().strip_prefix("BLOMMA_GIT:"))
        .map(|v| v.trim().trim_matches('"').to_string())
        .expect("BLOMMA_GIT in the GitLab recipe");
    let page = std::fs::read_to_string(guide_dir().join("installera.md")).expect("installera.md");
    assert_contains(&page, &format!("cargo install --locked --git {url} blomma"));
}

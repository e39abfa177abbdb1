//! The command line as an author meets it: what `cargo install` installs, `--version`,
//! shell completions, `init`, `new`, finding `site.toml`, and the publishing recipes.

use crate::support::{assert_contains, TestSite, BIN};
use std::path::Path;
use std::process::Command;

/// `cargo install --path .` installs every binary target of the package: there must be
/// exactly one, `blomma` (the benchmark generator is an example).
#[test]
fn the_package_installs_only_blomma() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    let mut bins: Vec<String> = meta["packages"]
        .as_array()
        .expect("a list of packages")
        .iter()
        .flat_map(|p| p["targets"].as_array().cloned().unwrap_or_default())
        .filter(|t| {
            t["kind"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "bin"))
        })
        .filter_map(|t| t["name"].as_str().map(str::to_string))
        .collect();
    bins.sort();
    assert_eq!(bins, vec!["blomma".to_string()]);
}

/// The fuzz targets are linted and tested with the main crate: each is one call into
/// `blomma::fuzzing` (where `cargo clippy --all-targets` and the unit tests reach), and
/// the fuzz crate, a workspace of its own, carries the main crate's `[lints]` for what
/// is left.
#[test]
fn the_fuzz_targets_are_one_call_into_the_main_crate_with_its_lints() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lints = |rel: &str| {
        let text = std::fs::read_to_string(dir.join(rel)).expect("a Cargo.toml");
        let manifest: toml::Table = toml::from_str(&text).expect("Cargo.toml is TOML");
        manifest.get("lints").cloned()
    };
    let main = lints("Cargo.toml");
    assert!(main.is_some(), "the main crate has [lints]");
    assert_eq!(lints("fuzz/Cargo.toml"), main);
    let targets = std::fs::read_dir(dir.join("fuzz/fuzz_targets")).expect("fuzz targets");
    let mut seen = 0;
    for entry in targets.flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("a fuzz target");
        let code: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with("#!["))
            .collect();
        let name = entry.file_name().to_string_lossy().into_owned();
        assert_eq!(code.len(), 1, "{name}: one line of code, not {code:?}");
        assert_contains(code[0], "fuzz_target!(|data: &[u8]| blomma::fuzzing::");
        seen += 1;
    }
    assert!(seen >= 4, "the four fuzz targets are there ({seen})");
}

/// The text of a file under the temporary folder (not its output).
fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.root().join(rel))
        .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// True when a file or folder exists under the temporary folder.
fn exists(site: &TestSite, rel: &str) -> bool {
    site.root().join(rel).exists()
}

/// A folder as `git clone` of a repository created with a README, a licence and a
/// `.gitignore` leaves it.
fn fresh_clone(site: &TestSite, dir: &str) {
    site.write(&format!("{dir}/.git/HEAD"), "ref: refs/heads/main\n");
    site.write(&format!("{dir}/README.md"), "# Vår webbplats\n");
    site.write(&format!("{dir}/LICENSE"), "CC0\n");
    site.write(&format!("{dir}/.gitignore"), "/target\n");
}

#[test]
fn init_dot_works_in_a_fresh_clone_and_keeps_what_it_holds() {
    let tmp = TestSite::empty();
    fresh_clone(&tmp, "klon");
    let run = tmp.blomma_in("klon", ["init", "."]);
    run.assert_ok();
    let files = tmp.root_files();
    for f in [
        "klon/site.toml",
        "klon/content/_index.md",
        "klon/.vscode/settings.json",
        "klon/.github/workflows/pages.yml",
        "klon/.gitlab-ci.yml",
    ] {
        assert!(files.contains_key(f), "no {f} in {:?}", files.keys());
    }
    assert_eq!(read(&tmp, "klon/README.md"), "# Vår webbplats\n");
    assert_eq!(read(&tmp, "klon/LICENSE"), "CC0\n");
    // The author's .gitignore keeps its lines and gains the output folder and the cache.
    let ignore = read(&tmp, "klon/.gitignore");
    assert!(ignore.starts_with("/target\n"), "{ignore}");
    assert_contains(&ignore, "\n/public/\n");
    assert_contains(&ignore, "\n/.blomma-cache/\n");
    tmp.blomma_in("klon", ["build"]).assert_ok();
    assert!(exists(&tmp, "klon/public/index.html"));
}

#[test]
fn init_dot_refuses_a_folder_with_other_content_and_writes_nothing() {
    let tmp = TestSite::empty();
    fresh_clone(&tmp, "klon");
    tmp.write("klon/anteckningar.txt", "mina anteckningar\n");
    let before = tmp.root_files();
    tmp.blomma_in("klon", ["init", "."])
        .assert_code(2)
        .assert_stderr_contains("not empty")
        .assert_stderr_contains("anteckningar.txt");
    assert_eq!(tmp.root_files(), before, "init changed the folder");
}

#[test]
fn init_no_ci_leaves_out_the_publishing_recipes() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "--no-ci", "ny"]).assert_ok();
    assert!(exists(&tmp, "ny/site.toml"));
    assert!(exists(&tmp, "ny/.gitignore"));
    assert!(!exists(&tmp, "ny/.github"));
    assert!(!exists(&tmp, "ny/.gitlab-ci.yml"));
}

/// The `run:` (GitHub) or `script:` (GitLab) line of a recipe that runs `blomma build`.
fn build_command(yaml: &serde_json::Value) -> Option<String> {
    match yaml {
        serde_json::Value::String(s) if s.trim_start().starts_with("blomma build") => {
            Some(s.trim().to_string())
        }
        serde_json::Value::Array(items) => items.iter().find_map(build_command),
        serde_json::Value::Object(m) => m.values().find_map(build_command),
        _ => None,
    }
}

/// Runs a recipe's build command in `dir` with the `blomma` under test first on PATH.
fn run_recipe(dir: &Path, command: &str, env: &[(&str, &str)]) {
    let bin_dir = Path::new(BIN).parent().expect("the binary's folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("a PATH");
    let out = Command::new("sh")
        .args(["-c", command])
        .current_dir(dir)
        .env("PATH", path)
        .envs(env.iter().copied())
        .output()
        .expect("run sh");
    assert!(
        out.status.success(),
        "`{command}` failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Parses a YAML file of the site (with blomma's own YAML 1.2 reader).
fn yaml(site: &TestSite, rel: &str) -> serde_json::Value {
    blomma::yaml_to_json(&read(site, rel)).unwrap_or_else(|e| panic!("{rel} is not YAML: {e:?}"))
}

#[test]
fn publishing_recipes_parse_and_build_under_a_project_page_path() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "webb"]).assert_ok();
    let settings: serde_json::Value =
        serde_json::from_str(&read(&tmp, "webb/.vscode/settings.json")).expect("settings are JSON");
    assert!(settings["yaml.schemas"].is_object(), "{settings}");

    let github = yaml(&tmp, "webb/.github/workflows/pages.yml");
    let steps = &github["jobs"]["build"]["steps"];
    assert!(
        steps
            .as_array()
            .expect("steps")
            .iter()
            .any(|s| s["with"]["fetch-depth"].as_i64() == Some(0)),
        "the checkout must fetch the whole history: {steps:?}"
    );
    let gitlab = yaml(&tmp, "webb/.gitlab-ci.yml");
    assert_eq!(gitlab["pages"]["variables"]["GIT_DEPTH"].as_i64(), Some(0));
    assert_eq!(
        gitlab["pages"]["artifacts"]["paths"][0].as_str(),
        Some("public")
    );

    // A PDF under static/ and a Markdown link to it from the site's root.
    tmp.write_bytes("webb/static/filer/plan.pdf", b"%PDF-1.4\n");
    let about = read(&tmp, "webb/content/om.md");
    tmp.write(
        "webb/content/om.md",
        &format!("{about}\nLäs [planen](/filer/plan.pdf).\n"),
    );
    let root = tmp.root().join("webb");

    // GitHub: configure-pages gives the address without its final slash.
    let command = build_command(&github).expect("a blomma build step");
    assert_contains(&command, "${{ steps.pages.outputs.base_url }}");
    run_recipe(
        &root,
        &command.replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://example.org/repo",
        ),
        &[],
    );
    let failures = crate::links::broken_links(&root.join("public"), "https://example.org/repo/");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_contains(
        &read(&tmp, "webb/public/om/index.html"),
        "href=\"/repo/filer/plan.pdf\"",
    );

    // GitLab: $CI_PAGES_URL.
    let command = build_command(&gitlab["pages"]["script"]).expect("a blomma build line");
    std::fs::remove_dir_all(root.join("public")).expect("remove the first output");
    run_recipe(
        &root,
        &command,
        &[("CI_PAGES_URL", "https://example.org/repo")],
    );
    let failures = crate::links::broken_links(&root.join("public"), "https://example.org/repo/");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_contains(
        &read(&tmp, "webb/public/om/index.html"),
        "href=\"/repo/filer/plan.pdf\"",
    );
}

/// Runs git in `dir` (with an author, whatever the machine's configuration).
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_build_in_a_shallow_clone_warns_once_that_dates_are_unreliable() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "original"]).assert_ok();
    let original = tmp.root().join("original");
    git(&original, &["init", "-q"]);
    git(&original, &["add", "."]);
    git(&original, &["commit", "-q", "-m", "första"]);
    tmp.write("original/content/om.md", "---\ntitle: Om\n---\n\nÄndrad.\n");
    git(&original, &["commit", "-q", "-am", "andra"]);
    let url = format!("file://{}", original.display());
    git(tmp.root(), &["clone", "-q", "--depth", "1", &url, "grund"]);
    git(tmp.root(), &["clone", "-q", &url, "hel"]);

    let shallow = tmp.blomma_in("grund", ["build"]);
    shallow.assert_ok();
    assert_eq!(
        shallow.stderr.matches("shallow git clone").count(),
        1,
        "{}",
        shallow.stderr
    );
    assert_contains(&shallow.stderr, "senast ändrad");
    let full = tmp.blomma_in("hel", ["build"]);
    full.assert_ok();
    assert!(!full.stderr.contains("shallow"), "{}", full.stderr);
}

#[test]
fn build_and_check_find_site_toml_upward_from_a_subfolder() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "webb"]).assert_ok();
    let run = tmp.blomma_in("webb/content/lan", ["build"]);
    run.assert_ok();
    assert!(
        exists(&tmp, "webb/public/index.html"),
        "no output under the site: {}",
        run.stderr
    );
    assert!(!exists(&tmp, "webb/content/lan/public"));
    tmp.blomma_in("webb/content/lan/vasterbotten", ["check"])
        .assert_ok();
    // --root still wins, and with no site.toml anywhere above the error is as before.
    tmp.blomma_in("webb/content", ["build", "--root", "."])
        .assert_code(2);
    tmp.blomma(["build"]).assert_code(2);
}

#[test]
fn completions_are_printed_for_bash_zsh_and_fish() {
    let tmp = TestSite::empty();
    for (shell, marker) in [
        ("bash", "complete -F _blomma"),
        ("zsh", "#compdef blomma"),
        ("fish", "complete -c blomma"),
    ] {
        let run = tmp.blomma(["completions", shell]);
        run.assert_ok();
        assert_contains(&run.stdout, marker);
        // The subcommands and their flags are offered.
        for word in ["init", "serve", "base-url", "no-ci"] {
            assert_contains(&run.stdout, word);
        }
    }
    // The bash script is valid bash.
    let script = tmp.root().join("blomma.bash");
    std::fs::write(&script, tmp.blomma(["completions", "bash"]).stdout).expect("write");
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash -n");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// Every kind `new` knows, with a path for it in an `init` site.
const NEW_KINDS: &[(&str, &str, &str)] = &[
    (
        "declaration",
        "lan/dalarna/avsikt-2025",
        "lan/dalarna/avsikt-2025.md",
    ),
    (
        "avsiktsförklaring",
        "dalarna/avsikt-2026",
        "lan/dalarna/avsikt-2026.md",
    ),
    ("county", "dalarna", "lan/dalarna/_index.md"),
    (
        "målområde",
        "det-tidiga-livets-villkor",
        "malomraden/det-tidiga-livets-villkor.md",
    ),
    (
        "target-area",
        "malomraden/eget-omrade",
        "malomraden/eget-omrade.md",
    ),
    ("actor", "regionen", "aktorer/regionen.md"),
    (
        "document",
        "lan/dalarna/rapport-1",
        "lan/dalarna/rapport-1.md",
    ),
    (
        "forum",
        "dialogforum-2025",
        "forum/dialogforum-2025/_index.md",
    ),
    (
        "forum-part",
        "dialogforum-2025/samtal",
        "forum/dialogforum-2025/samtal.md",
    ),
    ("page", "om/kontakt", "om/kontakt.md"),
];

#[test]
fn new_writes_every_kind_into_an_init_site_and_the_site_builds() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "webb"]).assert_ok();
    for (kind, path, file) in NEW_KINDS {
        tmp.blomma_in("webb", ["new", kind, path])
            .assert_ok()
            .assert_stderr_contains(&format!("created content/{file}"));
        assert!(
            exists(&tmp, &format!("webb/content/{file}")),
            "{kind}: no {file}"
        );
    }
    let declaration = read(&tmp, "webb/content/lan/dalarna/avsikt-2025.md");
    assert_contains(&declaration, "kind: declaration");
    assert_contains(&declaration, "title: Avsikt 2025");
    // Optional fields are there, commented out.
    assert_contains(
        &declaration,
        "# signatories: [Länsstyrelsen Dalarna, Region Dalarna]",
    );
    assert_contains(
        &read(&tmp, "webb/content/lan/dalarna/_index.md"),
        "code: \"20\"",
    );
    // An official target area gets its number; one of the site's own the next free one.
    assert_contains(
        &read(&tmp, "webb/content/malomraden/det-tidiga-livets-villkor.md"),
        "number: 1 ",
    );
    assert_contains(
        &read(&tmp, "webb/content/malomraden/eget-omrade.md"),
        "number: 9 ",
    );
    tmp.blomma_in("webb", ["build"]).assert_ok();
    for page in [
        "lan/dalarna/avsikt-2025/index.html",
        "malomraden/eget-omrade/index.html",
        "forum/dialogforum-2025/samtal/index.html",
        "om/kontakt/index.html",
    ] {
        assert!(exists(&tmp, &format!("webb/public/{page}")), "no {page}");
    }
}

#[test]
fn new_refuses_to_overwrite_and_names_the_nearest_kind_and_county() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "webb"]).assert_ok();
    let about = read(&tmp, "webb/content/om.md");
    tmp.blomma_in("webb", ["new", "page", "om"])
        .assert_code(2)
        .assert_stderr_contains("already exists");
    assert_eq!(read(&tmp, "webb/content/om.md"), about);

    let before = tmp.root_files();
    tmp.blomma_in("webb", ["new", "declarasion", "lan/dalarna/x"])
        .assert_code(2)
        .assert_stderr_contains("did you mean `declaration`");
    tmp.blomma_in("webb", ["new", "county", "dalarn"])
        .assert_code(2)
        .assert_stderr_contains("did you mean `dalarna`");
    tmp.blomma_in("webb", ["new", "forum-part", "inget-forum/del"])
        .assert_code(2)
        .assert_stderr_contains("blomma new forum inget-forum");
    assert_eq!(tmp.root_files(), before, "a refused new wrote something");
}

#[test]
fn new_uses_the_sites_own_archetype() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "webb"]).assert_ok();
    tmp.write(
        "webb/archetypes/page.md",
        "---\ntitle: {{ title }}\nsummary: Från vår egen mall.\n---\n\nSkrivet {{ date }}.\n",
    );
    tmp.blomma_in("webb/content", ["new", "page", "kontakt"])
        .assert_ok();
    let page = read(&tmp, "webb/content/kontakt.md");
    assert!(
        page.starts_with("---\ntitle: Kontakt\nsummary: Från vår egen mall.\n"),
        "{page}"
    );
    tmp.blomma_in("webb", ["build"]).assert_ok();
}

/// The Front Matter CMS content type made from each JSON Schema file.
const CONTENT_TYPES: [(&str, &str); 8] = [
    ("page.json", "default"),
    ("target-area.json", "target-area"),
    ("actor.json", "actor"),
    ("county.json", "county"),
    ("document.json", "document"),
    ("forum.json", "forum"),
    ("forum-part.json", "forum-part"),
    ("glossary.json", "glossary"),
];

/// A fresh `init` site has what VS Code needs without a second command: the JSON Schemas
/// the settings point to, and Front Matter CMS content types with a field for every field
/// of every kind's schema and page folders that exist. The site still builds.
#[test]
fn init_writes_the_schemas_the_editor_settings_point_to_and_front_matter_cms_types() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "webb"]).assert_ok();
    let settings: serde_json::Value =
        serde_json::from_str(&read(&tmp, "webb/.vscode/settings.json")).expect("settings are JSON");
    let pointed = settings["yaml.schemas"].as_object().expect("yaml.schemas");
    assert_eq!(pointed.len(), CONTENT_TYPES.len(), "{pointed:?}");
    let cms: serde_json::Value =
        serde_json::from_str(&read(&tmp, "webb/frontmatter.json")).expect("frontmatter.json");
    let types = cms["frontMatter.taxonomy.contentTypes"]
        .as_array()
        .expect("content types");
    for rel in pointed.keys() {
        let file = rel.trim_start_matches("./schemas/");
        let schema: serde_json::Value =
            serde_json::from_str(&read(&tmp, &format!("webb/schemas/{file}")))
                .unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"));
        let (_, name) = CONTENT_TYPES
            .iter()
            .find(|(f, _)| *f == file)
            .unwrap_or_else(|| panic!("{rel} is not a known schema"));
        let fields: Vec<&str> = types
            .iter()
            .find(|t| t["name"] == *name)
            .and_then(|t| t["fields"].as_array())
            .unwrap_or_else(|| panic!("no content type {name}"))
            .iter()
            .filter_map(|f| f["name"].as_str())
            .collect();
        for property in schema["properties"].as_object().expect("properties").keys() {
            assert!(
                fields.contains(&property.as_str()),
                "{name} has no field `{property}`: {fields:?}"
            );
        }
    }
    for folder in cms["frontMatter.content.pageFolders"]
        .as_array()
        .expect("page folders")
    {
        let path = folder["path"].as_str().expect("a path");
        let rel = path
            .replace("[[workspace]]", "webb")
            .trim_end_matches("/*")
            .to_string();
        assert!(exists(&tmp, &rel), "the page folder {path} does not exist");
    }
    tmp.blomma_in("webb", ["build"]).assert_ok();
}

/// The content type Front Matter CMS gives the file `rel` (under the site's root `site`)
/// from the page folders of `cms`, as `ArticleHelper.getContentType` and
/// `Folders.getPageFolderByFilePath` do for a file without a `type` field: a `*` in a
/// folder's path stands for each existing subfolder; the folder with the longest path
/// that the file's path contains is the file's folder, and gives its type when it has
/// exactly one.
fn front_matter_cms_type(cms: &serde_json::Value, site: &Path, rel: &str) -> Option<String> {
    let file = site.join(rel).to_string_lossy().into_owned();
    let workspace = site.to_string_lossy().into_owned();
    let mut folders: Vec<(String, &serde_json::Value)> = Vec::new();
    for folder in cms["frontMatter.content.pageFolders"].as_array()? {
        let path = folder["path"]
            .as_str()?
            .replace("[[workspace]]", &workspace);
        match path.strip_suffix("/*") {
            Some(parent) => {
                for entry in std::fs::read_dir(parent).ok()?.flatten() {
                    if entry.path().is_dir() {
                        let sub = entry.path().to_string_lossy().into_owned();
                        folders.push((sub, folder));
                    }
                }
            }
            None => folders.push((path, folder)),
        }
    }
    let (_, folder) = folders
        .into_iter()
        .filter(|(path, _)| file.contains(path.as_str()))
        .max_by_key(|(path, _)| path.len())?;
    match folder["contentTypes"].as_array()?.as_slice() {
        [only] => only.as_str().map(str::to_string),
        _ => None,
    }
}

/// In Front Matter CMS a county's `_index.md` gets the county's form and the other files
/// in its folder the document's, also for a county started after `init` (`blomma
/// schema` adds it); the same for a forum and its parts.
#[test]
fn front_matter_cms_gives_a_countys_index_the_county_type_and_its_documents_the_document_type() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "webb"]).assert_ok();
    for (kind, path) in [
        ("document", "lan/vasterbotten/avsikt-2025"),
        ("county", "dalarna"),
        ("document", "lan/dalarna/rapport"),
        ("forum", "dialogforum-2025"),
        ("forum-part", "dialogforum-2025/samtal"),
    ] {
        tmp.blomma_in("webb", ["new", kind, path]).assert_ok();
    }
    tmp.blomma_in("webb", ["schema"]).assert_ok();
    let cms: serde_json::Value =
        serde_json::from_str(&read(&tmp, "webb/frontmatter.json")).expect("frontmatter.json");
    let site = tmp.root().join("webb");
    for (file, expected) in [
        ("content/lan/vasterbotten/_index.md", "county"),
        ("content/lan/vasterbotten/avsikt-2025.md", "document"),
        ("content/lan/dalarna/_index.md", "county"),
        ("content/lan/dalarna/rapport.md", "document"),
        ("content/forum/dialogforum-2025/_index.md", "forum"),
        ("content/forum/dialogforum-2025/samtal.md", "forum-part"),
        ("content/om.md", "default"),
    ] {
        assert_eq!(
            front_matter_cms_type(&cms, &site, file).as_deref(),
            Some(expected),
            "{file}"
        );
    }
}

/// `--no-editor` leaves out the VS Code settings, the schemas and frontmatter.json.
#[test]
fn init_no_editor_leaves_out_the_editor_set_up() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "--no-editor", "ny"]).assert_ok();
    assert!(exists(&tmp, "ny/site.toml"));
    for f in ["ny/.vscode", "ny/schemas", "ny/frontmatter.json"] {
        assert!(!exists(&tmp, f), "{f} was written");
    }
    tmp.blomma_in("ny", ["build"]).assert_ok();
}

/// `blomma schema` refreshes what `init` wrote: the schemas, and in frontmatter.json the
/// page folder of a collection started since (the glossary); a setting the author added
/// to frontmatter.json is kept.
#[test]
fn schema_refreshes_the_editor_files_and_keeps_the_authors_settings() {
    let tmp = TestSite::empty();
    tmp.blomma(["init", "webb"]).assert_ok();
    let mut cms: serde_json::Value =
        serde_json::from_str(&read(&tmp, "webb/frontmatter.json")).expect("frontmatter.json");
    cms["frontMatter.preview.host"] = "http://localhost:1111".into();
    tmp.write(
        "webb/frontmatter.json",
        &serde_json::to_string_pretty(&cms).expect("JSON"),
    );
    tmp.write("webb/schemas/page.json", "{}");
    tmp.blomma_in("webb", ["new", "term", "begrepp/andts"])
        .assert_ok();
    tmp.blomma_in("webb", ["schema"]).assert_ok();
    let page: serde_json::Value =
        serde_json::from_str(&read(&tmp, "webb/schemas/page.json")).expect("page.json");
    assert!(page["properties"]["title"].is_object(), "{page}");
    let cms: serde_json::Value =
        serde_json::from_str(&read(&tmp, "webb/frontmatter.json")).expect("frontmatter.json");
    assert_eq!(cms["frontMatter.preview.host"], "http://localhost:1111");
    let folders = cms["frontMatter.content.pageFolders"].to_string();
    assert_contains(&folders, "[[workspace]]/content/begrepp");
}

//! Test support: a fixture site copied to a temporary folder, built with the real `blomma`
//! binary, and helpers to read what it wrote.
//!
//! The site root is the temporary folder itself and the output is `<root>/public`, so every
//! path the binary prints can be shown as `[ROOT]/…` in snapshots.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// The binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_blomma");

/// Every copied file gets this modification time (2024-01-02), so that dates the build takes
/// from file times ("last updated") do not change from one run to the next.
const FIXED_MTIME_SECS: u64 = 1_704_153_600;

/// Fails unless `haystack` contains `needle`, showing the whole text.
#[track_caller]
pub(crate) fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

/// Fails if `haystack` contains `needle`, showing the whole text.
#[track_caller]
pub(crate) fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "did not expect {needle:?} in:\n{haystack}"
    );
}

/// Fails if a build left a temporary folder or file of its own (any name with `blomma` in
/// it) in the site root.
#[track_caller]
pub(crate) fn assert_no_leftovers(site: &TestSite) {
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .expect("list the root")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("blomma"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}

/// `tests/fixtures/`.
pub(crate) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The end of one run of the binary.
#[derive(Debug)]
pub(crate) struct Run {
    /// Exit status (`None` if killed by a signal).
    pub(crate) code: Option<i32>,
    /// Standard output, temporary paths replaced by `[ROOT]`.
    pub(crate) stdout: String,
    /// Standard error, temporary paths replaced by `[ROOT]`.
    pub(crate) stderr: String,
}

impl Run {
    /// Asserts the exit status, showing both streams when it differs.
    #[track_caller]
    pub(crate) fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts a successful run.
    #[track_caller]
    pub(crate) fn assert_ok(&self) -> &Self {
        self.assert_code(0)
    }

    /// Asserts that standard error contains `needle`.
    #[track_caller]
    pub(crate) fn assert_stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "standard error does not contain {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// A site in a temporary folder.
pub(crate) struct TestSite {
    // Kept for its Drop: the folder is removed with the site.
    _dir: tempfile::TempDir,
    root: PathBuf,
    output: PathBuf,
}

impl TestSite {
    /// An empty temporary folder (no `site.toml`).
    pub(crate) fn empty() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("blomma-it-")
            .tempdir()
            .expect("create a temporary folder");
        let root = dir.path().to_path_buf();
        let output = root.join("public");
        TestSite {
            _dir: dir,
            root,
            output,
        }
    }

    /// A copy of `tests/fixtures/<name>`; the fixture itself is never modified.
    pub(crate) fn fixture(name: &str) -> Self {
        let site = Self::empty();
        site.copy_fixture(name);
        site
    }

    /// Replaces the site's sources (everything but the output) with `tests/fixtures/<name>`,
    /// keeping the output folder as it is.
    pub(crate) fn replace_with_fixture(&self, name: &str) {
        for entry in std::fs::read_dir(&self.root).expect("list the site root") {
            let path = entry.expect("read a site entry").path();
            if path == self.output || is_build_leftover(&path) {
                continue;
            }
            if path.is_dir() {
                std::fs::remove_dir_all(&path).expect("remove a site folder");
            } else {
                std::fs::remove_file(&path).expect("remove a site file");
            }
        }
        self.copy_fixture(name);
    }

    fn copy_fixture(&self, name: &str) {
        let from = fixtures_dir().join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        copy_tree(&from, &self.root);
    }

    /// The site root.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The output folder (`<root>/public`).
    pub(crate) fn output(&self) -> &Path {
        &self.output
    }

    /// Runs `blomma` with `args` in the site root.
    pub(crate) fn blomma<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.blomma_in("", args)
    }

    /// Runs `blomma` with `args` in the folder `rel` under the site root.
    pub(crate) fn blomma_in<I, S>(&self, rel: &str, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let out = Command::new(BIN)
            .args(args)
            .current_dir(if rel.is_empty() {
                self.root.clone()
            } else {
                self.root.join(rel)
            })
            .env_remove("RUST_LOG")
            .output()
            .expect("run the blomma binary");
        Run {
            code: out.status.code(),
            stdout: self.redact(&String::from_utf8_lossy(&out.stdout)),
            stderr: self.redact(&String::from_utf8_lossy(&out.stderr)),
        }
    }

    /// `blomma build --root <root> --output <root>/public`.
    pub(crate) fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// `build` with more flags (`--drafts`, `--base-url …`).
    pub(crate) fn build_with(&self, extra: &[&str]) -> Run {
        let mut args: Vec<&OsStr> = vec![
            "build".as_ref(),
            "--root".as_ref(),
            self.root.as_os_str(),
            "--output".as_ref(),
            self.output.as_os_str(),
        ];
        args.extend(extra.iter().map(|a| OsStr::new(*a)));
        self.blomma(args)
    }

    /// `blomma check --root <root>`.
    pub(crate) fn check(&self) -> Run {
        self.blomma([
            OsStr::new("check"),
            "--root".as_ref(),
            self.root.as_os_str(),
        ])
    }

    /// Writes a file of the site (creating folders).
    pub(crate) fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    /// Writes raw bytes to a file of the site (creating folders).
    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, bytes).expect("write a site file");
        set_fixed_mtime(&path);
    }

    /// Removes a file of the site.
    pub(crate) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root.join(rel)).expect("remove a site file");
    }

    /// True when the output has this file.
    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.output.join(rel).is_file()
    }

    /// The bytes of an output file.
    #[track_caller]
    pub(crate) fn bytes(&self, rel: &str) -> Vec<u8> {
        match std::fs::read(self.output.join(rel)) {
            Ok(b) => b,
            Err(e) => panic!(
                "cannot read output file {rel}: {e}\noutput files:\n{}",
                self.output_files()
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    /// The text of an output file.
    #[track_caller]
    pub(crate) fn file(&self, rel: &str) -> String {
        String::from_utf8(self.bytes(rel)).expect("output file is UTF-8")
    }

    /// The `<main …>…</main>` element of an output HTML file.
    #[track_caller]
    pub(crate) fn main_html(&self, rel: &str) -> String {
        let html = self.file(rel);
        let start = html
            .find("<main")
            .unwrap_or_else(|| panic!("{rel} has no <main>"));
        let end = html[start..]
            .find("</main>")
            .map(|i| start + i + "</main>".len())
            .unwrap_or_else(|| panic!("{rel} has no </main>"));
        html[start..end].to_string()
    }

    /// Every file of the output: path relative to the output → bytes.
    pub(crate) fn output_files(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.output)
    }

    /// Every file under the site root (output included).
    pub(crate) fn root_files(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.root)
    }

    fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        let mut forms = vec![self.root.display().to_string()];
        if let Ok(c) = self.root.canonicalize() {
            forms.push(c.display().to_string());
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        for f in forms {
            out = out.replace(&f, "[ROOT]");
        }
        out
    }
}

/// The temporary folders `blomma build` may leave beside its output if killed.
fn is_build_leftover(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().contains(".blomma-"))
}

/// Every file under `dir` (recursively): `/`-separated relative path → bytes.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out
}

fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("list a folder") {
        let path = entry.expect("read a folder entry").path();
        if path.is_dir() {
            walk(base, &path, out);
        } else {
            let rel = path
                .strip_prefix(base)
                .expect("under the base")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(rel, std::fs::read(&path).expect("read a file"));
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("list a fixture folder") {
        let entry = entry.expect("read a fixture entry");
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy a fixture file");
            set_fixed_mtime(&dst);
        }
    }
}

fn set_fixed_mtime(path: &Path) {
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(FIXED_MTIME_SECS);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(time))
        .expect("set a file's modification time");
}

/// The `href`, `src` and `action` values of an HTML text, `&amp;` decoded.
pub(crate) fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            out.push(decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

/// Decodes the few entities an attribute value may hold.
pub(crate) fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The values of every `id="…"` attribute of an HTML text.
pub(crate) fn ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let Some(end) = rest.find('"') else { break };
        out.push(decode_entities(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

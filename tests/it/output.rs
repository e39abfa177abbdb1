//! The output folder: a build writes only into a folder that is missing, empty or a previous
//! blomma output (marked with `.blomma-output`), never follows a symbolic link into deleting
//! what it points to, never replaces a file, swaps the new site in without a moment where the
//! output is missing, cleans up after killed builds and waits for a concurrent build.

use crate::support::{tree, TestSite, BIN};
use blomma::{write_atomically, OutputFile};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The name of the file that marks a folder as blomma's output.
const MARKER: &str = ".blomma-output";

/// The names in `dir` that a build leaves beside its output while it runs
/// (`.public.blomma-new-PID`, `.public.blomma-old-PID`, `.public.blomma-lock`).
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list a folder")
        .map(|e| {
            e.expect("read an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.contains(".blomma-"))
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("create a symbolic link");
}

/// A web root that blomma did not make: a `.htaccess` and a page.
fn foreign_web_root(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join(".htaccess"), "Require all granted\n").expect("write");
    std::fs::write(dir.join("index.html"), "<p>hand made</p>\n").expect("write");
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_never_empties_a_folder_blomma_did_not_make() {
    let site = TestSite::fixture("minimal");
    let www = site.root().join("www");
    foreign_web_root(&www);
    symlink(Path::new("www"), site.output());
    let before = tree(&www);

    let run = site.build();
    run.assert_code(2)
        .assert_stderr_contains("error: the output folder")
        .assert_stderr_contains("--force");
    assert_eq!(tree(&www), before, "the linked folder was changed");
    assert!(site.output().is_symlink(), "the link itself was moved");
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_to_a_previous_output_is_replaced_through_the_link() {
    let site = TestSite::fixture("minimal");
    let www = site.root().join("www");
    site.blomma(["build", "--output", "www"]).assert_ok();
    symlink(Path::new("www"), site.output());

    site.build().assert_ok();
    assert!(site.output().is_symlink(), "the link is kept");
    assert!(www.join("index.html").is_file());
    assert!(www.join(MARKER).is_file());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn an_output_linked_to_content_is_refused_even_with_force() {
    let site = TestSite::fixture("minimal");
    symlink(Path::new("content"), &site.root().join("out"));
    let before = site.root_files();
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["build", "--output", "out"];
        args.extend_from_slice(extra);
        site.blomma(&args)
            .assert_code(2)
            .assert_stderr_contains("error: the output folder")
            .assert_stderr_contains("content/");
        assert_eq!(site.root_files(), before, "{args:?} changed the site");
    }
}

#[test]
fn a_folder_blomma_did_not_make_is_refused_with_a_way_out() {
    let site = TestSite::fixture("minimal");
    std::fs::create_dir_all(site.output()).expect("mkdir");
    std::fs::write(site.output().join("notes.txt"), "mine\n").expect("write");

    site.build()
        .assert_code(2)
        .assert_stderr_contains("error: the output folder")
        .assert_stderr_contains("notes.txt")
        .assert_stderr_contains("--force");
    assert_eq!(
        std::fs::read_to_string(site.output().join("notes.txt")).expect("kept"),
        "mine\n"
    );
    assert!(!site.output().join("index.html").exists());
}

#[test]
fn force_replaces_a_folder_blomma_did_not_make() {
    let site = TestSite::fixture("minimal");
    std::fs::create_dir_all(site.output()).expect("mkdir");
    std::fs::write(site.output().join("notes.txt"), "mine\n").expect("write");

    site.build_with(&["--force"]).assert_ok();
    assert!(site.exists("index.html"));
    assert!(site.exists(MARKER));
    assert!(!site.exists("notes.txt"));
    // From now on it is blomma's output: no --force needed.
    site.build().assert_ok();
}

#[test]
fn force_never_replaces_the_site_its_sources_or_a_parent() {
    let site = TestSite::fixture("minimal");
    for dir in ["static", "templates", "themes/egen", "data", ".git"] {
        site.write(&format!("{dir}/keep.txt"), "keep\n");
    }
    site.write(
        "inner/site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    );
    site.write("inner/content/_index.md", "---\ntitle: T\n---\n\nText.\n");
    let before = site.root_files();
    let root = site.root().display().to_string();
    let cases: &[(&str, &str)] = &[
        (".", "."),
        (".", "content"),
        (".", "static"),
        (".", "templates"),
        (".", "themes"),
        (".", "themes/egen"),
        (".", "data"),
        (".", ".git"),
        (".", root.as_str()),
        ("inner", "."),
        ("inner", "inner/content"),
    ];
    for (site_root, output) in cases {
        let run = site.blomma(["build", "--root", site_root, "--output", output, "--force"]);
        run.assert_code(2)
            .assert_stderr_contains("error: the output folder")
            .assert_stderr_contains("even with --force");
        assert_eq!(
            site.root_files(),
            before,
            "--root {site_root} --output {output} --force changed files"
        );
    }
}

#[test]
fn an_existing_file_is_never_taken_for_the_output() {
    let site = TestSite::fixture("minimal");
    let before = site.root_files();
    for args in [
        &["build", "--output", "site.toml"][..],
        &["build", "--output", "site.toml", "--force"][..],
        &["build", "--output", "site.toml/public"][..],
    ] {
        site.blomma(args)
            .assert_code(2)
            .assert_stderr_contains("error: the output folder")
            .assert_stderr_contains("site.toml");
        assert_eq!(site.root_files(), before, "{args:?} changed the site");
    }
    site.build().assert_ok();
}

#[test]
fn missing_and_empty_folders_become_marked_outputs() {
    let missing = TestSite::fixture("minimal");
    missing.build().assert_ok();
    assert!(missing.exists(MARKER), "a new output is marked");
    missing.build().assert_ok();

    let empty = TestSite::fixture("minimal");
    std::fs::create_dir_all(empty.output()).expect("mkdir");
    empty.build().assert_ok();
    assert!(empty.exists(MARKER));
}

#[test]
fn an_output_from_before_the_marker_is_recognised() {
    let site = TestSite::fixture("minimal");
    site.build().assert_ok();
    // What every earlier blomma left: the same site without the marker.
    let _ = std::fs::remove_file(site.output().join(MARKER));
    std::fs::write(site.output().join("stale.html"), "old page\n").expect("write");

    site.build().assert_ok();
    assert!(site.exists(MARKER));
    assert!(!site.exists("stale.html"));
}

/// The PID of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("run true");
    let pid = child.id();
    child.wait().expect("wait for true");
    pid
}

#[test]
fn leftovers_of_dead_builds_are_removed_and_of_running_builds_kept() {
    let site = TestSite::fixture("minimal");
    let dead = dead_pid();
    let mut alive = Command::new("sleep").arg("600").spawn().expect("run sleep");
    for name in [
        format!(".public.blomma-new-{dead}"),
        format!(".public.blomma-old-{dead}"),
        format!(".public.blomma-new-{}", alive.id()),
    ] {
        site.write(&format!("{name}/sok/index/d"), "x".repeat(4096).as_str());
    }
    // Another output's leftovers and a folder of the author's are not ours to judge.
    site.write(&format!(".other.blomma-new-{dead}/x"), "x");
    site.write("notes.blomma-new-1/x", "x");

    let run = site.build();
    let _ = alive.kill();
    let _ = alive.wait();
    run.assert_ok();
    assert_eq!(
        leftovers(site.root()),
        vec![
            format!(".other.blomma-new-{dead}"),
            format!(".public.blomma-new-{}", alive.id()),
            "notes.blomma-new-1".to_string(),
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_build_killed_midway_leaves_nothing_behind_after_the_next() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    crate::gen_site::generate(1500, &root, 42).expect("write the synthetic site");
    let output = root.join("public");

    let mut child = Command::new(BIN)
        .args(["build", "--root"])
        .arg(&root)
        .stderr(Stdio::null())
        .spawn()
        .expect("run blomma");
    let tmp = root.join(format!(".public.blomma-new-{}", child.id()));
    // Wait until the build is writing pages, then kill it.
    loop {
        if tree_has_a_page(&tmp) {
            break;
        }
        assert!(
            child.try_wait().expect("poll the build").is_none(),
            "the build ended before it could be killed"
        );
        std::thread::yield_now();
    }
    child.kill().expect("kill -9 the build");
    child.wait().expect("reap the build");
    assert!(tmp.is_dir(), "the killed build left its folder");

    let run = Command::new(BIN)
        .args(["build", "--root"])
        .arg(&root)
        .output()
        .expect("run blomma");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(output.join("index.html").is_file());
    assert_eq!(leftovers(&root), Vec::<String>::new());
}

/// True once `dir` holds at least one page of a site being written.
fn tree_has_a_page(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut entries| entries.any(|e| e.is_ok_and(|e| e.path().join("index.html").is_file())))
        .unwrap_or(false)
}

#[test]
fn a_second_build_waits_for_the_first() {
    let site = TestSite::fixture("minimal");
    site.build().assert_ok();
    std::fs::write(site.output().join("index.html"), "first\n").expect("write");
    // The test holds the lock a running build holds.
    let lock_path = site.root().join(".public.blomma-lock");
    let lock = std::fs::File::create(&lock_path).expect("create the lock file");
    lock.lock().expect("take the lock");

    let mut child = Command::new(BIN)
        .args(["build", "--root"])
        .arg(site.root())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run blomma");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("read stderr");
        let waiting = line.contains("waiting for");
        seen.push(line);
        if waiting {
            break;
        }
    }
    assert!(
        seen.iter()
            .any(|l| l.contains("waiting for") && l.contains("public")),
        "no message that the build waits: {seen:?}"
    );
    assert!(child.try_wait().expect("poll").is_none(), "it did not wait");
    assert_eq!(site.file("index.html"), "first\n", "it wrote while waiting");

    drop(lock);
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().expect("wait for the build");
    assert!(status.success(), "{seen:?} {rest:?}");
    assert_ne!(site.file("index.html"), "first\n");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn builds_started_together_all_succeed() {
    let site = TestSite::fixture("minimal");
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(BIN)
                .args(["build", "--root"])
                .arg(site.root())
                .stderr(Stdio::piped())
                .spawn()
                .expect("run blomma")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait for a build");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(site.exists("index.html"));
    assert!(site.exists(MARKER));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// A web server reading the output while builds replace it, many times over (through the
/// library, so that hundreds of replacements take a moment).
#[test]
fn a_reader_never_sees_the_output_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = dir.path().join("public");
    let files = [OutputFile::bytes(
        "index.html".into(),
        b"<p>hej</p>".to_vec(),
    )];
    write_atomically(&output, &files).expect("first build");
    let page: PathBuf = output.join("index.html");
    let stop = Arc::new(AtomicBool::new(false));
    let poller = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let (mut looks, mut missing) = (0u64, 0u64);
            while !stop.load(Ordering::Relaxed) {
                looks += 1;
                if std::fs::metadata(&page).is_err() {
                    missing += 1;
                }
            }
            (looks, missing)
        })
    };
    for _ in 0..300 {
        write_atomically(&output, &files).expect("a build");
    }
    stop.store(true, Ordering::Relaxed);
    let (looks, missing) = poller.join().expect("the poller");
    assert!(looks > 0);
    assert_eq!(
        missing, 0,
        "the output was missing {missing} of {looks} looks"
    );
}

#[test]
fn a_site_file_in_the_way_of_a_folder_is_located_like_a_content_error() {
    let site = TestSite::fixture("minimal");
    site.build().assert_ok();
    let before = site.output_files();
    // The counties are built to lan/…/index.html: a file copied to `lan` cannot be there.
    site.write("static/lan", "not a folder\n");

    site.build()
        .assert_code(1)
        .assert_stderr_contains("static/lan:1:1: this file would be copied to `lan`")
        .assert_stderr_contains("nothing was written");
    assert_eq!(site.output_files(), before);
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

//! The command line as an author meets it: what `cargo install` installs, `--version`,
//! shell completions, `init`, `new`, finding `site.toml`, and the publishing recipes.

use crate::support::{assert_contains, BIN};
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
    let _ = (assert_contains, BIN);
}

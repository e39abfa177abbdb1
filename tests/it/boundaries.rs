//! The module graph: shared pieces live in leaf modules, so an early pipeline stage never
//! reaches back into a later one. Reads the `crate::x` paths of the sources (code only: not
//! comments, not `#[cfg(test)]` modules).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which top-level modules each top-level module (or `serve` submodule, as `serve::x`)
/// names, with the first line naming each.
fn edges() -> BTreeMap<String, BTreeMap<String, String>> {
    module_graph(true)
}

/// The top-level modules each top-level module names, the `serve` submodules counted
/// as `serve`.
fn top_level_edges() -> BTreeMap<String, BTreeMap<String, String>> {
    module_graph(false)
}

/// The module graph read from the sources: `crate::x` paths (also inside `crate::{x, y::z}`
/// groups over several lines) and, in `serve`, `super::x`; code only, not comments, not
/// `#[cfg(test)]` modules. With `split_serve`, the `serve` submodules are nodes of their
/// own (`serve::live`); without, they count as `serve`.
fn module_graph(split_serve: bool) -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let rel = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let top = rel.split('/').next().unwrap_or("").trim_end_matches(".rs");
        if top == "lib" || top == "main" {
            continue;
        }
        let me = match rel.strip_prefix("serve/") {
            Some(sub) if split_serve => format!("serve::{}", sub.trim_end_matches(".rs")),
            _ => top.to_string(),
        };
        let text = std::fs::read_to_string(&file).expect("readable source");
        let code: Vec<&str> = text
            .lines()
            .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        for (n, line) in code.iter().enumerate() {
            // A group may run over the following lines.
            let rest = code[n..].join("\n");
            for target in named(line, &rest, &me, split_serve) {
                if target != top && target != me {
                    out.entry(me.clone())
                        .or_default()
                        .entry(target)
                        .or_insert_with(|| format!("{rel}: {}", line.trim()));
                }
            }
        }
    }
    out
}

/// The modules a line names (`rest` is the line and the code after it, for groups).
fn named(line: &str, rest: &str, me: &str, split_serve: bool) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in line.match_indices("crate::") {
        let after = &rest[i + "crate::".len()..];
        for name in top_names(after) {
            if name == "serve" && split_serve {
                let sub = after.trim_start().strip_prefix("serve::").unwrap_or("");
                let subs = top_names(sub);
                if subs.is_empty() {
                    found.push(name);
                }
                found.extend(subs.into_iter().map(|s| format!("serve::{s}")));
            } else {
                found.push(name);
            }
        }
    }
    if split_serve && me.starts_with("serve::") {
        for (i, _) in line.match_indices("super::") {
            let sub = top_names(&rest[i + "super::".len()..]);
            found.extend(sub.into_iter().map(|s| format!("serve::{s}")));
        }
    }
    found
}

/// The Rust files under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = all_files(dir);
    files.retain(|p| p.extension().is_some_and(|x| x == "rs"));
    files
}

/// Every file under `dir`, sorted.
fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("readable src").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Every module `from` reaches through the graph.
fn reach(graph: &BTreeMap<String, BTreeMap<String, String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(m) = todo.pop() {
        for next in graph.get(&m).into_iter().flat_map(|e| e.keys()) {
            if seen.insert(next.clone()) {
                todo.push(next.clone());
            }
        }
    }
    seen
}

#[test]
fn early_stages_do_not_reach_back_into_later_ones() {
    let graph = edges();
    let forbidden = [
        ("config", "load"),
        ("data", "load"),
        ("model", "data"),
        ("search", "render"),
        ("render", "load"),
        ("serve::live", "serve::server"),
        ("source", "markdown"),
    ];
    let found: Vec<String> = forbidden
        .iter()
        .filter_map(|(a, b)| {
            let line = graph.get(*a)?.get(*b)?;
            Some(format!("{a} -> {b} ({line})"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "edges that close a cycle:\n{}",
        found.join("\n")
    );
}

#[test]
fn leaf_modules_are_in_no_cycle() {
    let graph = edges();
    let leaves = [
        "slug",
        "yaml",
        "strings",
        "rows",
        "folder",
        "suggest",
        "source",
        "diagnostics",
        "read",
        "collate",
        "raw_html",
        "output",
        "serve::live",
    ];
    let mut problems = Vec::new();
    // The text of a source file is the bottom of everything: it names no other module.
    if let Some(named) = graph.get("source") {
        problems.push(format!("source names {:?}", named.keys()));
    }
    for leaf in leaves {
        assert!(
            graph.contains_key(leaf) || module_exists(leaf),
            "no module `{leaf}`"
        );
        let reached = reach(&graph, leaf);
        if reached.contains(leaf) {
            problems.push(format!("{leaf} reaches itself through {reached:?}"));
        }
        let pipeline = [
            "config", "load", "resolve", "markdown", "render", "search", "site",
        ];
        for stage in pipeline.iter().filter(|s| reached.contains(**s)) {
            problems.push(format!("leaf {leaf} depends on the stage {stage}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn module_exists(name: &str) -> bool {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rel = name.replace("::", "/");
    src.join(format!("{rel}.rs")).exists() || src.join(&rel).is_dir()
}

/// The first path segments after a `crate::`: one name, or each name of a `{…}` group.
fn top_names(after: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(group) = after.strip_prefix('{') else {
        return vec![ident(after)]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect();
    };
    let mut names = Vec::new();
    let mut depth = 0;
    let mut start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => start = true,
            c if start && !c.is_whitespace() => {
                start = false;
                let name = ident(&group[i..]);
                if !name.is_empty() && name != "self" {
                    names.push(name);
                }
            }
            _ => {}
        }
    }
    names
}

/// The strongly connected components of more than one module (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<BTreeSet<String>> {
    struct Walk<'g> {
        graph: &'g BTreeMap<String, BTreeMap<String, String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on_stack: BTreeSet<String>,
        found: Vec<BTreeSet<String>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, m: &str) {
            let i = self.index.len();
            self.index.insert(m.to_string(), i);
            self.low.insert(m.to_string(), i);
            self.stack.push(m.to_string());
            self.on_stack.insert(m.to_string());
            let graph = self.graph;
            for next in graph.get(m).into_iter().flat_map(|e| e.keys()) {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[m].min(self.low[next]);
                    self.low.insert(m.to_string(), low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[m].min(self.index[next]);
                    self.low.insert(m.to_string(), low);
                }
            }
            if self.low[m] == self.index[m] {
                let mut scc = BTreeSet::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(&top);
                    let done = top == m;
                    scc.insert(top);
                    if done {
                        break;
                    }
                }
                if scc.len() > 1 {
                    self.found.push(scc);
                }
            }
        }
    }
    let mut w = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for m in graph.keys() {
        if !w.index.contains_key(m) {
            w.visit(m);
        }
    }
    w.found
}

/// The edges inside a cycle, with the line that makes each.
fn describe(graph: &BTreeMap<String, BTreeMap<String, String>>, scc: &BTreeSet<String>) -> String {
    let mut out = String::new();
    for a in scc {
        for (b, line) in graph.get(a).into_iter().flatten() {
            if scc.contains(b) {
                out.push_str(&format!("  {a} -> {b} ({line})\n"));
            }
        }
    }
    out
}

#[test]
fn the_top_level_modules_have_no_cycle() {
    let graph = top_level_edges();
    assert!(
        graph
            .get("incremental")
            .is_some_and(|e| e.contains_key("search")),
        "grouped imports (`use crate::{{data, resolve, search}}`) are read"
    );
    let found: Vec<String> = cycles(&graph)
        .into_iter()
        .map(|scc| format!("{scc:?}:\n{}", describe(&graph, &scc)))
        .collect();
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

/// The content kinds are the layer under the stages: the stages call them generically,
/// and a kind names no stage. What a kind plugs into a stage is a type of the kinds' own
/// (`kinds::frontmatter`, `kinds::refs::Cx`, `kinds::view`, `kinds::Site`) or of a leaf
/// under both (`record::Record`, `config::Collection`, `collate`).
#[test]
fn the_kinds_name_no_stage() {
    let graph = top_level_edges();
    let named = graph.get("kinds").expect("the kinds name some modules");
    let stages = [
        "load",
        "resolve",
        "render",
        "search",
        "build",
        "incremental",
        "serve",
        "warnings",
        "commands",
        "output",
    ];
    let found: Vec<String> = stages
        .iter()
        .filter_map(|s| named.get(*s).map(|line| format!("kinds -> {s} ({line})")))
        .collect();
    assert!(
        found.is_empty(),
        "the kinds name stages:\n{}",
        found.join("\n")
    );
    for stage in ["load", "resolve", "render", "search"] {
        assert!(
            graph.get(stage).is_some_and(|e| e.contains_key("kinds")),
            "the stage {stage} calls the kinds"
        );
    }
}

/// True when a line of code names the glossary kind: its types (`Term`, `TermFm`), its
/// module (`glossary`), its collection (`Glossary`, the `glossary` key), its entities'
/// storage (`site.terms`) or its folder and search value (`"begrepp"`).
fn names_the_glossary(line: &str) -> bool {
    let words: Vec<&str> = line
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .collect();
    let kind = ["Term", "TermFm", "Glossary", "glossary"];
    let storage = ["site", "s", "entities", "kinds"];
    words.iter().any(|w| kind.contains(w))
        || line.contains("\"begrepp\"")
        || storage
            .iter()
            .any(|s| line.contains(&format!("{s}.terms")) && !line.contains("inv.terms"))
}

/// Issue 15's proof that a content kind is one module: the files under `src/` outside the
/// glossary's own (its module, its archetype; its template and strings are in the theme)
/// that name the glossary kind are at most three, the `entities!` list among them. On
/// the commit before the kinds declared their storage, resolution, links, schema and
/// archetype, there were twelve.
#[test]
fn a_new_kind_touches_at_most_three_files_outside_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let own = ["kinds/glossary.rs", "commands/archetypes/term.md"];
    let mut found = Vec::new();
    for file in all_files(&src) {
        let rel = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if own.contains(&rel.as_str()) {
            continue;
        }
        let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
        if code.into_iter().any(names_the_glossary) {
            found.push(rel);
        }
    }
    eprintln!("files outside the glossary's own that name it: {found:?}");
    assert!(
        found.len() <= 3,
        "{} files outside the glossary's own name it (at most 3): {found:?}",
        found.len()
    );
    assert!(
        found.iter().any(|f| f == "kinds/mod.rs"),
        "the entities! list in kinds/mod.rs names every kind: {found:?}"
    );
}

//! Writes a small synthetic site for the end-to-end search test:
//!
//! ```text
//! cargo run --example site -- /tmp/blomma-site /some/path/
//! node tests/quality/recall.mjs --site /tmp/blomma-site --base /some/path/ \
//!     --queries tests/quality/synthetic-queries.json
//! ```
//!
//! The site folder is served at the base path. It holds the index
//! (`sok/index/`), `search.js`, the search page `sok/index.html` rendered from
//! `templates/search.html` with the Swedish strings (a tiny stand-in for
//! Tera that knows only `{{ name.key }}` and the block tags), and a plain page
//! for every document so that the result links work.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use blomma::dev::{build_index, facets, FacetSpec, FacetTag, SearchDoc, SearchHeading};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out = Path::new(args.get(1).map_or("/tmp/blomma-site", String::as_str));
    let base = args.get(2).map_or("/some/path/", String::as_str);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let docs = parse(
        &fs::read_to_string(root.join("examples/site/pages.txt"))?,
        base,
    );
    let strings = read_strings(&fs::read_to_string(
        root.join("themes/default/strings/sv.toml"),
    )?);
    let label = |key: &str| {
        strings
            .iter()
            .find(|(k, _)| k == key)
            .map_or_else(String::new, |(_, v)| v.clone())
    };
    let specs = [
        FacetSpec {
            name: "kind",
            label: label("search_filter_kind"),
            on_card: true,
        },
        FacetSpec {
            name: "county",
            label: label("search_filter_county"),
            on_card: true,
        },
    ];
    let files = build_index(&docs, &facets(&specs, &docs), "sok/index");
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    for f in &files {
        write(&out.join(&f.path), f.in_memory().unwrap_or_default())?;
    }
    write(
        &out.join("search.js"),
        &fs::read(root.join("themes/default/static/search.js"))?,
    )?;
    // Its ES modules.
    for entry in fs::read_dir(root.join("themes/default/static/search"))? {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            write(&out.join("search").join(name), &fs::read(&path)?)?;
        }
    }
    write(&out.join("style.css"), STYLE.as_bytes())?;

    let mut vars: HashMap<String, String> = strings
        .into_iter()
        .map(|(k, v)| (format!("t.{k}"), v))
        .collect();
    vars.insert("page.title".into(), "Sök".into());
    vars.insert("page.index_url".into(), format!("{base}sok/index/"));
    vars.insert("page.script_url".into(), format!("{base}search.js"));
    vars.insert("page.url".into(), format!("{base}sok/"));
    vars.insert("site.base_path".into(), base.into());
    let content = render(
        &fs::read_to_string(root.join("themes/default/templates/search.html"))?,
        &vars,
    )?;
    write(
        &out.join("sok/index.html"),
        page(base, "Sök", &content).as_bytes(),
    )?;

    for d in &docs {
        let rel = d.url.strip_prefix(base).unwrap_or(&d.url);
        let mut body = format!("<h1>{}</h1>\n", esc(&d.title));
        let intro = d.intro.join("\n");
        body.push_str(&format!("<p>{}</p>\n", esc(intro.trim())));
        for h in &d.headings {
            body.push_str(&format!(
                "<h2 id=\"{}\">{}</h2>\n<p>{}</p>\n",
                h.id,
                esc(&h.title),
                esc(h.text.trim())
            ));
        }
        write(
            &out.join(rel).join("index.html"),
            page(base, &d.title, &body).as_bytes(),
        )?;
    }
    println!(
        "{} pages, {} index files written to {}",
        docs.len(),
        files.len(),
        out.display()
    );
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, bytes)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Parses `pages.txt` (see its header).
fn parse(src: &str, base: &str) -> Vec<SearchDoc<'static>> {
    let mut docs: Vec<SearchDoc<'static>> = Vec::new();
    for line in src.lines() {
        let line = line.trim();
        if line.starts_with('#') && !line.starts_with("##") || line.is_empty() {
            continue;
        }
        if let Some(head) = line.strip_prefix("== ") {
            let f: Vec<&str> = head.split('|').map(str::trim).collect();
            let opt = |s: &str| (s != "-").then(|| s.to_string());
            docs.push(SearchDoc {
                url: format!("{}{}", base.trim_end_matches('/'), f[0]),
                title: f[1].to_string().into(),
                kind: f[2].to_string().into(),
                facets: std::iter::once(FacetTag::new(
                    "kind",
                    f[2].to_string(),
                    f[3].to_string(),
                    0,
                ))
                .chain(opt(f[4]).map(|c| FacetTag::new("county", c.clone(), c, 0)))
                .collect(),
                date: opt(f[5]),
                intro: Vec::new(),
                headings: Vec::new(),
            });
        } else if let Some(d) = docs.last_mut() {
            if let Some(h) = line.strip_prefix("## ") {
                let (id, title) = h.split_once('|').unwrap_or((h, h));
                d.headings.push(SearchHeading {
                    id: id.trim().to_string().into(),
                    title: title.trim().to_string().into(),
                    text: String::new().into(),
                });
            } else if let Some(h) = d.headings.last_mut() {
                let text = h.text.to_mut();
                text.push('\n');
                text.push_str(line);
            } else {
                d.intro.push(line.to_string().into());
            }
        }
    }
    docs
}

/// `key = "value"` lines of a flat TOML file.
fn read_strings(src: &str) -> Vec<(String, String)> {
    src.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once('=')?;
            let v = v.trim().strip_prefix('"')?.strip_suffix('"')?;
            Some((k.trim().to_string(), v.to_string()))
        })
        .collect()
}

/// Renders the template: block tags are dropped, `{{ a.b }}` is replaced by
/// the HTML-escaped value; anything else is an error.
fn render(tpl: &str, vars: &HashMap<String, String>) -> Result<String, String> {
    let mut out = String::new();
    for line in tpl.lines() {
        let l = line.trim();
        if l.starts_with("{%") {
            if l.starts_with("{% extends")
                || l.starts_with("{% block")
                || l.starts_with("{% endblock")
            {
                continue;
            }
            return Err(format!("unsupported tag: {l}"));
        }
        let mut rest = line;
        while let Some(i) = rest.find("{{") {
            out.push_str(&rest[..i]);
            let j = rest[i..].find("}}").ok_or("unclosed {{")? + i;
            let name = rest[i + 2..j].trim();
            let value = vars
                .get(name)
                .ok_or_else(|| format!("unknown variable {name}"))?;
            out.push_str(&esc(value));
            rest = &rest[j + 2..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    Ok(out)
}

fn page(base: &str, title: &str, content: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} – Exempelsajt</title>\n<link rel=\"stylesheet\" href=\"{base}style.css\">\n</head>\n\
         <body>\n<nav><a href=\"{base}\">Start</a> · <a href=\"{base}sok/\">Sök</a> · <a href=\"{base}a-o/\">A–Ö</a></nav>\n\
         <main id=\"main\">\n{content}</main>\n</body>\n</html>\n",
        esc(title)
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem;line-height:1.5}
.search-form{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
.search-form input{flex:1;min-width:12rem;font-size:1.1rem;padding:.3rem}
.search-facets{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.search-facet{border:1px solid #ccc;padding:.3rem .8rem}
.search-results{padding-left:1.5rem}
.search-result-title{font-size:1.15rem;margin:1rem 0 .2rem}
.search-result-meta{margin:0;color:#555;font-size:.9rem}
.search-result-snippet{margin:.2rem 0 0}
mark{background:#fff0a0;color:inherit}
[hidden]{display:none!important}
";

//! Finding the external links of a site: every `http://` and `https://` link and image in
//! the Markdown bodies (inline, reference, autolink, and `href`/`src` in raw HTML) and
//! every front-matter value that is an address on its own (`source:`,
//! `declaration_source:`, an organisation's `url:`, an author's own `extra` field), each
//! with the file and byte offset where it is written.
//!
//! This is a pass of its own over the sources (pulldown-cmark with offsets), so that the
//! Markdown stage of a build does no work for a check that most builds never ask for.

use crate::load::frontmatter;
use crate::source::SourceFile;
use anyhow::Context as _;
use pulldown_cmark::{Event, LinkType, Parser, Tag};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Where an address is written.
#[derive(Debug, Clone)]
pub(crate) struct LinkUse {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Byte offset of the address in the file.
    pub offset: usize,
    /// Length of the address as written, in bytes.
    pub len: usize,
}

/// Every external address of the site (without its `#fragment`, which is never sent to
/// the server) with every place that uses it, in file order.
pub(crate) type Links = BTreeMap<String, Vec<LinkUse>>;

/// Reads every Markdown file under `root/content` and collects its external links. Drafts
/// (`draft: true`) count only when `drafts` is set, as in a build.
pub(crate) fn collect(root: &Path, drafts: bool) -> anyhow::Result<Links> {
    let entries = crate::load::walk::walk(&root.join("content"))?;
    let mut links = Links::new();
    for e in entries {
        if e.problem.is_some() || !e.rel.ends_with(".md") {
            continue;
        }
        let rel = format!("content/{}", e.rel);
        let text = crate::read::read_text(&rel, &e.abs, crate::read::NO_LIMIT)
            .map_err(|d| anyhow::anyhow!("{d}"))
            .with_context(|| format!("cannot read {rel} again to check its links"))?;
        let file = Arc::new(SourceFile::new(rel, e.abs.clone(), text));
        for (url, offset, len) in file_links(&file, drafts) {
            links.entry(url).or_default().push(LinkUse {
                file: Arc::clone(&file),
                offset,
                len,
            });
        }
    }
    Ok(links)
}

/// The external links of one file: (address without fragment, offset, length).
fn file_links(file: &SourceFile, drafts: bool) -> Vec<(String, usize, usize)> {
    let Ok(split) = frontmatter::split(file) else {
        return Vec::new();
    };
    if !drafts && is_draft(split.yaml) {
        return Vec::new();
    }
    let mut found = front_matter_links(split.yaml, split.yaml_offset);
    found.extend(body_links(split.body, split.body_offset));
    found
        .into_iter()
        .map(|(url, offset, len)| (without_fragment(&url).to_string(), offset, len))
        .collect()
}

/// The address without its `#fragment`.
fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(u, _)| u)
}

/// True for an address blomma checks: `http://` or `https://` (in any case).
pub(crate) fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// True when the front matter says `draft: true` at its top level. The build has already
/// parsed it, so only the spellings YAML reads as true can appear.
fn is_draft(yaml: &str) -> bool {
    yaml.lines().any(|line| {
        line.strip_prefix("draft:")
            .map(|v| matches!(strip_comment(v.trim()), "true" | "True" | "TRUE"))
            .unwrap_or(false)
    })
}

/// A plain YAML value without a trailing ` # comment`.
fn strip_comment(v: &str) -> &str {
    v.split_once(" #").map_or(v, |(v, _)| v).trim_end()
}

/// Values that are an address on their own: `key: URL`, `- URL`, `- key: URL`, quoted or
/// not. Addresses inside longer text (a summary that mentions one) are not links.
fn front_matter_links(yaml: &str, yaml_offset: usize) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = yaml_offset;
    for line in yaml.split_inclusive('\n') {
        if let Some((at, url)) = scalar_url(line) {
            out.push((url.to_string(), line_start + at, url.len()));
        }
        line_start += line.len();
    }
    out
}

/// The address a YAML line holds as its whole value, with its byte offset in the line.
fn scalar_url(line: &str) -> Option<(usize, &str)> {
    let mut rest = line.trim_end();
    let mut at = 0;
    let mut skip = |rest: &mut &str, n: usize| {
        at += n;
        *rest = &rest[n..];
    };
    let lead = rest.len() - rest.trim_start().len();
    skip(&mut rest, lead);
    while let Some(r) = rest.strip_prefix("- ") {
        let n = rest.len() - r.trim_start().len();
        skip(&mut rest, n);
    }
    if !is_external(rest) {
        let colon = rest.find(": ")?;
        let key = &rest[..colon];
        if key.is_empty() || key.contains(['"', '\'', '[', '{', '#']) {
            return None;
        }
        let n = colon + 2 + (rest[colon + 2..].len() - rest[colon + 2..].trim_start().len());
        skip(&mut rest, n);
    }
    let value = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let inner = &rest[1..];
            let end = inner.find(q)?;
            skip(&mut rest, 1);
            &inner[..end]
        }
        _ => strip_comment(rest),
    };
    (is_external(value) && !value.contains(char::is_whitespace)).then_some((at, value))
}

/// Links and images of a body. An inline link is located at its destination, a reference
/// link at the destination in its definition, an address in raw HTML at itself.
fn body_links(body: &str, body_offset: usize) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut events = Parser::new_ext(body, crate::markdown::options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) if is_external(&dest_url) => {
                let span = match link_type {
                    LinkType::Reference
                    | LinkType::Collapsed
                    | LinkType::Shortcut
                    | LinkType::ReferenceUnknown
                    | LinkType::CollapsedUnknown
                    | LinkType::ShortcutUnknown => events
                        .reference_definitions()
                        .get(&id)
                        .map_or(range.clone(), |d| d.span.clone()),
                    _ => range.clone(),
                };
                let (offset, len) = locate(body, span, &dest_url);
                out.push((dest_url.to_string(), body_offset + offset, len));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for (at, len, url) in html_urls(&html) {
                    out.push((url, body_offset + range.start + at, len));
                }
            }
            _ => {}
        }
    }
    out
}

/// The offset and length of `dest` as written inside `span` of `text` (the last
/// occurrence, since a link's text may repeat its address), else the whole span.
fn locate(text: &str, span: std::ops::Range<usize>, dest: &str) -> (usize, usize) {
    let written = text.get(span.clone()).unwrap_or("");
    match written.rfind(dest) {
        Some(i) => (span.start + i, dest.len()),
        None => (span.start, span.len().max(1)),
    }
}

/// Addresses in `href="…"` and `src="…"` attributes of raw HTML: (offset, length as
/// written, address with `&amp;` read as `&`).
fn html_urls(html: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    for attr in ["href=", "src="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attr).map(|i| i + from) {
            from = i + attr.len();
            let value_start = match html[from..].chars().next() {
                Some('"' | '\'') => from + 1,
                _ => from,
            };
            let rest = &html[value_start..];
            let end = rest
                .find(|c: char| c == '"' || c == '\'' || c == '>' || c.is_whitespace())
                .unwrap_or(rest.len());
            let url = &rest[..end];
            // The attribute must start a word: `data-href=` is not `href=`.
            let starts_word = i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric();
            if starts_word && is_external(url) {
                out.push((value_start, url.len(), url.replace("&amp;", "&")));
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn links_of(text: &str) -> Vec<(String, String)> {
        let f = SourceFile::new("content/a.md".into(), PathBuf::from("a.md"), text.into());
        file_links(&f, false)
            .into_iter()
            .map(|(url, offset, len)| (url, f.text()[offset..offset + len].to_string()))
            .collect()
    }

    #[test]
    fn front_matter_values_that_are_addresses_are_links_and_prose_is_not() {
        let found = links_of(
            "---\ntitle: A\nsource: https://a.example/x.pdf # the original\nsummary: Se https://b.example/ för mer\norganisations:\n  - name: L\n    url: \"https://c.example/l\"\nextra:\n  links:\n    - https://d.example/#top\n---\nText\n",
        );
        let urls: Vec<&str> = found.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example/x.pdf",
                "https://c.example/l",
                "https://d.example/"
            ]
        );
        assert_eq!(found[2].1, "https://d.example/#top");
    }

    #[test]
    fn body_links_images_references_autolinks_and_raw_html_are_found_where_written() {
        let found = links_of(
            "---\ntitle: A\n---\n[a](https://a.example/) ![b](http://b.example/b.png)\n\n[ref][r] <https://c.example/>\n\n<a href=\"https://d.example/?a=1&amp;b=2\">d</a>\n\n`https://code.example/` and [local](@/om.md)\n\n[r]: https://r.example/\n",
        );
        let urls: Vec<&str> = found.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example/",
                "http://b.example/b.png",
                "https://r.example/",
                "https://c.example/",
                "https://d.example/?a=1&b=2"
            ]
        );
        assert_eq!(found[2].1, "https://r.example/");
        assert_eq!(found[4].1, "https://d.example/?a=1&amp;b=2");
    }

    #[test]
    fn drafts_count_only_when_asked_for() {
        let text = "---\ntitle: A\ndraft: true\n---\n[a](https://a.example/)\n";
        let f = SourceFile::new("content/a.md".into(), PathBuf::from("a.md"), text.into());
        assert!(file_links(&f, false).is_empty());
        assert_eq!(file_links(&f, true).len(), 1);
    }
}

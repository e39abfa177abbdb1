//! The parts of a rendered body that a page template places apart: the author's
//! sources section (a heading named like `Källor`), which goes last on pages that add
//! generated facts after the body, and whether the body has highlighted code (the page
//! then loads the highlighting stylesheets).

/// A page body split around its sources section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct BodyParts {
    /// The body without its sources section (the whole body when it has none).
    pub main: String,
    /// The sources section: its heading and everything up to the next heading of the
    /// same or a higher level, or to the end. Empty when the body has none.
    pub sources: String,
    /// The `id` of the sources heading, if there is one.
    pub sources_id: Option<String>,
    /// True when the body has code highlighted with the `hl-…` classes.
    pub has_code: bool,
}

/// One heading of the body's table of contents, as in `page.toc`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TocEntry<'a> {
    /// 1–6.
    pub level: u64,
    /// The `id` attribute.
    pub id: &'a str,
    /// The heading's text.
    pub title: &'a str,
}

/// The names a sources heading may have, from the interface string `sources_headings`
/// (names separated by commas), compared without case.
pub(crate) fn source_heading_names(list: &str) -> Vec<String> {
    list.split(',')
        .map(|n| n.trim().to_lowercase())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Splits `html` at the last level-1 or level-2 heading of `toc` whose text is one of
/// `names` (lower-case, see [`source_heading_names`]).
pub(crate) fn split(html: &str, toc: &[TocEntry<'_>], names: &[String]) -> BodyParts {
    let has_code = html.contains("class=\"hl-");
    let whole = || BodyParts {
        main: html.to_string(),
        sources: String::new(),
        sources_id: None,
        has_code,
    };
    let Some(at) = toc
        .iter()
        .rposition(|h| h.level <= 2 && names.contains(&h.title.trim().to_lowercase()))
    else {
        return whole();
    };
    let heading = toc[at];
    let Some(start) = html.find(&open_tag(&heading)) else {
        return whole();
    };
    let end = toc[at + 1..]
        .iter()
        .find(|h| h.level <= heading.level)
        .and_then(|next| html[start..].find(&open_tag(next)).map(|i| start + i))
        .unwrap_or(html.len());
    let mut main = String::with_capacity(html.len());
    main.push_str(&html[..start]);
    main.push_str(&html[end..]);
    BodyParts {
        main,
        sources: html[start..end].to_string(),
        sources_id: Some(heading.id.to_string()),
        has_code,
    }
}

/// The start of a heading's tag as the Markdown stage writes it.
fn open_tag(h: &TocEntry<'_>) -> String {
    format!("<h{} id=\"{}\"", h.level, h.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        source_heading_names("Källor, Källa, Referenser")
    }

    #[test]
    fn sources_section_is_taken_out_up_to_the_next_heading() {
        let html = "<p>a</p>\n<h2 id=\"kallor\">Källor</h2>\n<ul><li>s</li></ul>\n<h2 id=\"mer\">Mer</h2>\n<p>b</p>\n";
        let toc = [
            TocEntry {
                level: 2,
                id: "kallor",
                title: "Källor",
            },
            TocEntry {
                level: 2,
                id: "mer",
                title: "Mer",
            },
        ];
        let parts = split(html, &toc, &names());
        assert_eq!(parts.main, "<p>a</p>\n<h2 id=\"mer\">Mer</h2>\n<p>b</p>\n");
        assert_eq!(
            parts.sources,
            "<h2 id=\"kallor\">Källor</h2>\n<ul><li>s</li></ul>\n"
        );
        assert_eq!(parts.sources_id.as_deref(), Some("kallor"));
        assert!(!parts.has_code);
    }

    #[test]
    fn a_body_without_sources_stays_whole() {
        let html = "<h2 id=\"kallorna\">Källorna</h2><pre class=\"code\"><code><span class=\"hl-x\">x</span></code></pre>";
        let toc = [TocEntry {
            level: 2,
            id: "kallorna",
            title: "Källorna",
        }];
        let parts = split(html, &toc, &names());
        assert_eq!(parts.main, html);
        assert!(parts.sources.is_empty());
        assert!(parts.has_code);
    }
}

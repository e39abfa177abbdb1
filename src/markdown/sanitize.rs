//! `raw_html = "sanitize"`: what an author writes cannot put active content on a page.
//!
//! Three things are checked, all in the Markdown event stream of one body:
//!
//! - the URL of every Markdown link and image ([`is_safe_url`]): a link or image with an
//!   active URL (`javascript:`, `vbscript:`, `data:text/html`, …) is dropped and its text
//!   (or alt text) kept as plain text;
//! - heading attributes (`{#id .class key=value}`): only the id and the classes are kept;
//! - raw HTML (`Event::Html`, `Event::InlineHtml`): in a body that has any, the rendered
//!   HTML of the top-level blocks from the first to the last with raw HTML is cleaned with
//!   ammonia ([`clean_marked`]), to an allowlist that keeps harmless markup and everything
//!   blomma itself writes (heading ids, classes of highlighted code, footnotes, table
//!   alignment classes, task-list checkboxes, link slots). Inline tags arrive as separate
//!   events (`<abbr title="x">`, text, `</abbr>`) and a block-level element may enclose
//!   Markdown blocks, so cleaning each event alone would break them. The blocks before and
//!   after, and a body without raw HTML, are left byte for byte as they were.
//!
//! Each removal is reported as a [`BodyWarning`] located in the source, so an author learns
//! what did not reach the page.

use super::BodyWarning;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

/// Elements raw HTML may use. Everything else is removed (its text stays, except the
/// content of `script` and `style`, which goes with it).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    // Task-list items; always a disabled checkbox (see `clean_html`).
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes allowed on every allowed element.
const GENERIC_ATTRS: &[&str] = &["class", "dir", "id", "lang", "title"];

/// Attributes allowed on one element only.
const TAG_ATTRS: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("blockquote", &["cite"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("img", &["alt", "height", "src", "width"]),
    ("input", &["checked", "disabled", "type"]),
    ("ins", &["cite", "datetime"]),
    ("li", &["value"]),
    ("ol", &["reversed", "start", "type"]),
    // blomma's highlighted code blocks.
    ("pre", &["data-lang", "tabindex"]),
    ("q", &["cite"]),
    ("td", &["colspan", "headers", "rowspan"]),
    ("th", &["abbr", "colspan", "headers", "rowspan", "scope"]),
    ("time", &["datetime"]),
];

/// Attributes whose value is a URL, checked with [`is_safe_url`].
const URL_ATTRS: &[&str] = &["cite", "href", "src"];

/// Schemes a URL may have (a URL without a scheme is relative and always allowed).
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Types of `data:` URLs allowed as an image source: raster images only. An SVG can carry
/// script, and any other `data:` URL (`data:text/html`) is a document of its own.
const DATA_IMAGE_TYPES: &[&str] = &[
    "image/avif",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/webp",
];

/// True when `url` may appear in a page: relative (including `#fragment` and `@/` links)
/// or with a scheme of `SCHEMES`; for an image source also a raster `data:image/…`.
///
/// The URL is read the way a browser reads it: leading spaces and control characters are
/// ignored, tabs and line breaks anywhere are removed, the scheme is case-insensitive.
/// (Character references are already decoded by the Markdown or HTML parser.)
pub(crate) fn is_safe_url(url: &str, image: bool) -> bool {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let url: Cow<'_, str> = if url.contains(['\t', '\n', '\r']) {
        Cow::Owned(url.replace(['\t', '\n', '\r'], ""))
    } else {
        Cow::Borrowed(url)
    };
    let Some(end) = url.find([':', '/', '?', '#']) else {
        return true;
    };
    if !url[end..].starts_with(':') {
        return true;
    }
    let scheme = url[..end].to_ascii_lowercase();
    if SCHEMES.contains(&scheme.as_str()) {
        return true;
    }
    image && scheme == "data" && is_raster_data(&url[end + 1..])
}

/// True when the part of a `data:` URL after `data:` starts with a raster image type.
fn is_raster_data(rest: &str) -> bool {
    let mime = rest.split([';', ',']).next().unwrap_or("").trim();
    DATA_IMAGE_TYPES.contains(&mime.to_ascii_lowercase().as_str())
}

/// The ammonia configuration, built once.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.add_tags(TAGS.iter().copied())
        .add_clean_content_tags(["script", "style"])
        .add_generic_attributes(GENERIC_ATTRS.iter().copied())
        .add_url_schemes(SCHEMES.iter().copied())
        .add_url_schemes(["data"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("input", "disabled", "")
        .attribute_filter(|element, attribute, value| {
            if URL_ATTRS.contains(&attribute)
                && !is_safe_url(value, element == "img" && attribute == "src")
            {
                None
            } else {
                Some(Cow::Borrowed(value))
            }
        });
    for (tag, attrs) in TAG_ATTRS {
        b.add_tag_attributes(tag, attrs.iter().copied());
    }
    b
});

/// Cleans HTML with the allowlist.
fn clean_html(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Marks, in a body's HTML, where the part to clean starts and ends (always at the start
/// of a top-level block). An author cannot write it: `SLOT` is taken out of every source
/// file, and blomma's own slots always have a number between two `SLOT`s.
pub(super) const MARK: &str = "\u{1}\u{1}\n";

/// Cleans the part of a body's HTML between the two [`MARK`]s and takes the marks out;
/// the blocks before and after, which have no raw HTML, stay as they are. Without two
/// marks the whole body is cleaned.
pub(super) fn clean_marked(html: &str) -> String {
    let mut parts = html.splitn(3, MARK);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(before), Some(raw), Some(after)) if !after.contains(MARK) => {
            let mut out = String::with_capacity(html.len());
            out.push_str(before);
            out.push_str(&clean_html(raw));
            out.push_str(after);
            out
        }
        _ => clean_html(&html.replace(MARK, "")),
    }
}

/// The first and the last top-level block (counted from 0) that have raw HTML, if any.
/// Blocks are counted as `Renderer::transform` counts them.
pub(super) fn raw_blocks(events: &[(Event<'_>, Range<usize>)]) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut blocks = 0usize;
    let mut found: Option<(usize, usize)> = None;
    for (ev, _) in events {
        if depth == 0 && !matches!(ev, Event::End(_)) {
            blocks += 1;
        }
        match ev {
            Event::Html(_) | Event::InlineHtml(_) => {
                let block = blocks.saturating_sub(1);
                found = Some((found.map_or(block, |(first, _)| first), block));
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    found
}

/// Prepares the events of one body for `sanitize`: drops links and images with an active
/// URL (keeping their text), keeps only the id and classes of headings, and reports both
/// and every part of the raw HTML that cleaning will remove. Returns whether the body has
/// raw HTML (and so must go through [`clean_marked`]).
pub(super) fn prepare<'a>(
    src: &str,
    body_offset: usize,
    events: &mut Vec<(Event<'a>, Range<usize>)>,
    warnings: &mut Vec<BodyWarning>,
) -> bool {
    if !events.iter().any(|(ev, _)| needs_care(ev)) {
        return false;
    }
    let mut has_raw_html = false;
    // One entry per open link or image: whether it was dropped.
    let mut open: Vec<bool> = Vec::new();
    // Consecutive raw HTML events, checked together (a tag may span lines).
    let mut run = String::new();
    let mut run_start = 0;
    let mut kept = Vec::with_capacity(events.len());
    for (ev, range) in events.drain(..) {
        if let Event::Html(h) | Event::InlineHtml(h) = &ev {
            if run.is_empty() {
                run_start = range.start;
            }
            run.push_str(h);
            has_raw_html = true;
            kept.push((ev, range));
            continue;
        }
        if !run.is_empty() {
            check_raw_html(&run, src, run_start, body_offset, warnings);
            run.clear();
        }
        match ev {
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                let image = matches!(ev, Event::Start(Tag::Image { .. }));
                let safe = is_safe_url(dest_url, image);
                open.push(!safe);
                if safe {
                    kept.push((ev, range));
                } else {
                    let offset = body_offset + range.start;
                    warnings.push(removed_url(offset, dest_url, image));
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !open.pop().unwrap_or(false) {
                    kept.push((ev, range));
                }
            }
            Event::Start(heading @ Tag::Heading { .. }) => {
                let heading = id_and_classes_only(heading, body_offset + range.start, warnings);
                kept.push((Event::Start(heading), range));
            }
            other => kept.push((other, range)),
        }
    }
    if !run.is_empty() {
        check_raw_html(&run, src, run_start, body_offset, warnings);
    }
    *events = kept;
    has_raw_html
}

/// The warning for a link or image whose active URL was removed.
fn removed_url(offset: usize, dest_url: &str, image: bool) -> BodyWarning {
    BodyWarning {
        offset,
        message: format!(
            "{} to `{}` removed: only http, https, mailto and tel URLs, \
             relative URLs and `@/` links are allowed",
            if image { "image" } else { "link" },
            shorten(dest_url)
        ),
    }
}

/// A heading with only its id and classes, and a warning at `offset` for each other
/// attribute removed.
fn id_and_classes_only<'a>(
    heading: Tag<'a>,
    offset: usize,
    warnings: &mut Vec<BodyWarning>,
) -> Tag<'a> {
    let Tag::Heading {
        level,
        id,
        classes,
        attrs,
    } = heading
    else {
        return heading;
    };
    for (name, _) in &attrs {
        warnings.push(BodyWarning {
            offset,
            message: format!(
                "heading attribute `{name}` removed: only `#id` and `.class` are kept"
            ),
        });
    }
    Tag::Heading {
        level,
        id,
        classes,
        attrs: Vec::new(),
    }
}

/// True for an event that `prepare` may change or must look at: most bodies have none and
/// are left as they are, without a copy of their events.
fn needs_care(ev: &Event<'_>) -> bool {
    match ev {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. }) => !is_safe_url(dest_url, false),
        Event::Start(Tag::Image { dest_url, .. }) => !is_safe_url(dest_url, true),
        Event::Start(Tag::Heading { attrs, .. }) => !attrs.is_empty(),
        _ => false,
    }
}

/// At most 60 characters of a URL, for a message.
fn shorten(url: &str) -> Cow<'_, str> {
    match url.char_indices().nth(60) {
        Some((i, _)) => Cow::Owned(format!("{}…", &url[..i])),
        None => Cow::Borrowed(url),
    }
}

/// Reports what cleaning removes from one run of raw HTML that starts at byte `start` of
/// the body: one warning per start tag, located on its line.
fn check_raw_html(
    html: &str,
    src: &str,
    start: usize,
    body_offset: usize,
    warnings: &mut Vec<BodyWarning>,
) {
    let sink = TagSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    for (line, what) in tokenizer.sink.found.take() {
        // The run's lines follow the body's lines from `start` on (closely enough for a
        // warning: block-quote markers and indentation are not in the run).
        let mut offset = start;
        for _ in 1..line {
            match src.get(offset..).and_then(|rest| rest.find('\n')) {
                Some(i) => offset += i + 1,
                None => break,
            }
        }
        warnings.push(BodyWarning {
            offset: body_offset + offset,
            message: format!("raw HTML: {what} removed"),
        });
    }
}

/// Collects, for each start tag that cleaning changes, its line and what goes.
#[derive(Default)]
struct TagSink {
    found: RefCell<Vec<(u64, String)>>,
}

impl TokenSink for TagSink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                let attrs: Vec<(&str, &str)> = tag
                    .attrs
                    .iter()
                    .map(|a| (&*a.name.local, &*a.value))
                    .collect();
                if let Some(what) = removed_parts(&tag.name, &attrs) {
                    self.found.borrow_mut().push((line, what));
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// What cleaning removes from one start tag, in words, or `None` when it stays as written.
fn removed_parts(tag: &str, attrs: &[(&str, &str)]) -> Option<String> {
    if !TAGS.contains(&tag) {
        return Some(format!("element `<{tag}>`"));
    }
    let mut parts = Vec::new();
    for &(name, value) in attrs {
        if !attr_allowed(tag, name) {
            parts.push(format!("attribute `{name}` of `<{tag}>`"));
        } else if URL_ATTRS.contains(&name) && !is_safe_url(value, tag == "img" && name == "src") {
            parts.push(format!("URL `{}` of `<{tag}>`", shorten(value)));
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// True when `attr` is allowed on `tag` (an allowed element).
fn attr_allowed(tag: &str, attr: &str) -> bool {
    GENERIC_ATTRS.contains(&attr)
        || TAG_ATTRS
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_like_a_browser_reads_them() {
        for safe in [
            "https://fhm.se/a?b#c",
            "http://x",
            "mailto:a@b.se",
            "tel:+4610",
            "/lan/",
            "../a.pdf",
            "#mal",
            "@/lan/vasterbotten/_index.md#forum",
            "kontakt",
            "a/b:c",
            "",
        ] {
            assert!(is_safe_url(safe, false), "{safe}");
        }
        for active in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "livescript:x",
        ] {
            assert!(!is_safe_url(active, false), "{active}");
            assert!(!is_safe_url(active, true), "{active}");
        }
        assert!(is_safe_url("data:image/png;base64,iVBORw0KGgo=", true));
        assert!(is_safe_url("DATA:Image/JPEG;base64,/9j/", true));
        assert!(!is_safe_url("data:image/png;base64,iVBORw0KGgo=", false));
    }

    #[test]
    fn removed_parts_name_what_goes() {
        assert_eq!(
            removed_parts("script", &[]).as_deref(),
            Some("element `<script>`")
        );
        assert_eq!(
            removed_parts("img", &[("src", "x"), ("onerror", "alert(1)")]).as_deref(),
            Some("attribute `onerror` of `<img>`")
        );
        assert_eq!(
            removed_parts("a", &[("href", "javascript:alert(1)")]).as_deref(),
            Some("URL `javascript:alert(1)` of `<a>`")
        );
        assert_eq!(
            removed_parts("abbr", &[("title", "Folkhälsomyndigheten")]),
            None
        );
    }
}

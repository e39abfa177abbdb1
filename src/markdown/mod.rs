//! Markdown → HTML in one pass per file: heading ids (ASCII-folded for Swedish, unique per
//! page), highlighted code blocks with CSS classes, the plain text for search, and `@/`
//! links left as numbered slots that `resolve` fills once it knows every page's URL.
//!
//! With `[markdown] raw_html = "sanitize"` (the default) raw HTML, link and image URLs and
//! heading attributes are cleaned on the way (`sanitize.rs`, [`is_safe_url`](sanitize::is_safe_url)).
//!
//! Nothing here knows about other pages; it never reads the file system.

pub(crate) mod facts;
mod highlight;
mod ids;
mod sanitize;

pub(crate) use highlight::{highlight_css, Highlighter};
pub(crate) use ids::{IdError, ReservedIds};

use crate::raw_html::RawHtml;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

// Marks a link slot in [`Body::html`]: `SLOT n SLOT`. Source texts never hold it
// ([`crate::source::normalise`] drops it).
use crate::source::SLOT;

/// A heading of a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Heading {
    /// 1–6.
    pub level: u8,
    /// The `id` attribute.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// An `@/` link written in the body, still unresolved, or a link from the site's root
/// (`/filer/x.pdf`) that gets the path of `base_url` in front.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyLink {
    /// The content path after `@/` (`lan/vasterbotten/_index.md`), or the whole
    /// destination of a link from the site's root (`/filer/x.pdf#sida-2`).
    pub target: String,
    /// True for a link from the site's root (`/filer/x.pdf`): not a content path.
    pub site_root: bool,
    /// The `#fragment`, if any.
    pub fragment: Option<String>,
    /// Byte offset of the destination in the body.
    pub offset: usize,
    /// Length of the whole destination in bytes.
    pub len: usize,
}

/// Something `raw_html = "sanitize"` removed from a body, for a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyWarning {
    /// Byte offset in the file (not the body) of what was removed, or of its line.
    pub offset: usize,
    /// What was removed and why, in one sentence.
    pub message: String,
}

/// A part of the body under one heading, for search.
#[derive(Debug, Clone, Default)]
pub(crate) struct Section {
    /// The heading's id (empty for the text before the first heading).
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Plain text of the section.
    pub text: String,
}

/// A rendered body whose `@/` links are still slots.
#[derive(Debug, Clone, Default)]
pub(crate) struct Body {
    /// HTML with link slots.
    pub html: String,
    /// The `@/` links, in slot order.
    pub links: Vec<BodyLink>,
    /// The headings.
    pub toc: Vec<Heading>,
    /// The sections' plain text.
    pub sections: Vec<Section>,
    /// The text of the first level-1 heading, if any.
    pub first_h1: Option<String>,
    /// What sanitizing removed (always empty with `raw_html = "trusted"`).
    pub warnings: Vec<BodyWarning>,
    /// Ids written by hand that cannot stay (duplicates, or taken by the theme).
    pub id_errors: Vec<IdError>,
    /// What the warnings of `check` look at (links to files, alt text, heading levels).
    pub facts: facts::Facts,
}

impl Body {
    /// True when the page has a heading with this id.
    pub(crate) fn has_anchor(&self, id: &str) -> bool {
        self.toc.iter().any(|h| h.id == id)
    }

    /// The HTML with every slot replaced by `urls[n]` (already HTML-escaped by the caller's needs).
    pub(crate) fn fill_links(&self, urls: &[String]) -> String {
        if self.links.is_empty() {
            return self.html.clone();
        }
        let mut out = String::with_capacity(self.html.len() + 64 * urls.len());
        let mut parts = self.html.split(SLOT);
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        while let (Some(num), Some(rest)) = (parts.next(), parts.next()) {
            let url = num.parse::<usize>().ok().and_then(|n| urls.get(n));
            out.push_str(&escape_attr(url.map_or("#", String::as_str)));
            out.push_str(rest);
        }
        out
    }

    /// The whole plain text.
    pub(crate) fn plain_text(&self) -> String {
        let mut s = String::new();
        for sec in &self.sections {
            if !sec.title.is_empty() {
                s.push_str(&sec.title);
                s.push('\n');
            }
            s.push_str(&sec.text);
        }
        s
    }
}

/// Options every body is parsed with (also by `check --external`, so that the same text
/// is a link there as on the page).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The id for a heading: ASCII-folded, lower-case, words joined by `-`.
pub(crate) fn heading_id(text: &str) -> String {
    let folded = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "avsnitt".to_string()
    } else {
        out
    }
}

/// Renders one body with the default raw-HTML policy (`sanitize`). `body_offset` is where
/// the body starts in its file.
pub(crate) fn render(markdown: &str, body_offset: usize, hl: &Highlighter) -> Body {
    render_with(
        markdown,
        body_offset,
        hl,
        RawHtml::Sanitize,
        &ReservedIds::default(),
    )
}

/// Renders one body under the raw-HTML policy `raw_html`, keeping the ids the theme
/// writes (`reserved`) free: heading and footnote ids avoid them, and an id written by
/// hand that the theme uses is an error. `body_offset` is where the body starts in its
/// file.
pub(crate) fn render_with(
    markdown: &str,
    body_offset: usize,
    hl: &Highlighter,
    raw_html: RawHtml,
    reserved: &ReservedIds,
) -> Body {
    let mut scratch = Scratch::take();
    let mut r = Renderer {
        text: std::mem::take(&mut scratch.text),
        body: Body::default(),
        ids: ids::PageIds::new(reserved),
        hl,
        body_offset,
        block_starts: Vec::new(),
        has_footnotes: false,
        level: 1,
        in_comment: false,
    };
    r.body.sections.push(Section::default());
    let mut events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    let has_raw_html = raw_html == RawHtml::Sanitize
        && sanitize::prepare(markdown, body_offset, &mut events, &mut r.body.warnings);
    // The top-level blocks from the first to the last with raw HTML in them.
    let raw_blocks = if has_raw_html {
        sanitize::raw_blocks(&events)
    } else {
        None
    };
    r.written_ids(markdown, &events);
    let mut out = r.transform(markdown, events);
    if let Some((first, last)) = raw_blocks {
        let end = r.block_starts.get(last + 1).copied().unwrap_or(out.len());
        let start = r.block_starts.get(first).copied().unwrap_or(0).min(end);
        out.insert(end, Event::Html(sanitize::MARK.into()));
        out.insert(start, Event::Html(sanitize::MARK.into()));
    }
    let out = if r.has_footnotes {
        r.footnotes(out)
    } else {
        out
    };
    r.end_section();
    let html = &mut scratch.html;
    pulldown_cmark::html::push_html(html, out.into_iter());
    r.body.html = if raw_blocks.is_some() {
        sanitize::clean_marked(html)
    } else {
        html.clone()
    };
    scratch.text = std::mem::take(&mut r.text);
    scratch.give_back();
    r.body
}

/// The buffers a thread writes a body's HTML and its sections' text into. The body keeps
/// exact-size copies: a `String` grown by doubling holds up to twice its length, and at
/// 10 000 pages the loaded bodies are most of a build's memory.
#[derive(Default)]
struct Scratch {
    html: String,
    text: String,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

impl Scratch {
    /// Buffers of no longer than this are kept for the thread's next body.
    const KEEP: usize = 1 << 20;

    /// This thread's buffers, empty.
    fn take() -> Self {
        SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()))
    }

    /// Returns the buffers for the next body on this thread.
    fn give_back(mut self) {
        for buf in [&mut self.html, &mut self.text] {
            buf.clear();
            if buf.capacity() > Self::KEEP {
                *buf = String::new();
            }
        }
        SCRATCH.with(|s| *s.borrow_mut() = self);
    }
}

/// Column alignment of tables as classes (`align-center`, `align-right`)
/// instead of the `style` attributes pulldown-cmark writes, which a Content
/// Security Policy without `'unsafe-inline'` blocks (and reports).
#[derive(Default)]
struct TableCells {
    /// Alignment of each column of the current table.
    aligns: Vec<Alignment>,
    in_head: bool,
    /// Column of the next cell.
    column: usize,
    /// Whether the open cell was written as HTML (it has a class).
    open_as_html: bool,
}

impl TableCells {
    fn event<'a>(&mut self, ev: Event<'a>) -> Event<'a> {
        match ev {
            Event::Start(Tag::Table(aligns)) => {
                let none = vec![Alignment::None; aligns.len()];
                self.aligns = aligns;
                Event::Start(Tag::Table(none))
            }
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
                ev
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                ev
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                ev
            }
            Event::Start(Tag::TableCell) => {
                let class = match self.aligns.get(self.column) {
                    Some(Alignment::Center) => "align-center",
                    Some(Alignment::Right) => "align-right",
                    _ => "",
                };
                self.column += 1;
                self.open_as_html = !class.is_empty();
                if class.is_empty() {
                    ev
                } else {
                    Event::Html(format!("<{} class=\"{class}\">", self.cell_tag()).into())
                }
            }
            Event::End(TagEnd::TableCell) if self.open_as_html => {
                self.open_as_html = false;
                Event::Html(format!("</{}>", self.cell_tag()).into())
            }
            other => other,
        }
    }

    fn cell_tag(&self) -> &'static str {
        if self.in_head {
            "th"
        } else {
            "td"
        }
    }
}

struct Renderer<'h> {
    body: Body,
    /// The text of the current section (see [`Scratch`]).
    text: String,
    ids: ids::PageIds<'h>,
    hl: &'h Highlighter,
    body_offset: usize,
    /// Where each top-level block starts in the transformed events.
    block_starts: Vec<usize>,
    /// Whether the body has footnotes (most have none, and skip [`Renderer::footnotes`]).
    has_footnotes: bool,
    /// The level of the last heading (1: the page's title, above the body).
    level: u8,
    /// True inside an HTML comment that began in an earlier piece of raw HTML.
    in_comment: bool,
}

impl Renderer<'_> {
    /// Takes the ids written by hand first, so generated ones avoid them; a duplicate or
    /// one the theme uses becomes an [`IdError`] at its place in the file.
    fn written_ids(&mut self, src: &str, events: &[(Event<'_>, std::ops::Range<usize>)]) {
        let mut in_comment = false;
        for (ev, range) in events {
            let written = src.get(range.clone()).unwrap_or("");
            let found: Vec<(String, usize)> = match ev {
                Event::Start(Tag::Heading { id: Some(id), .. }) => {
                    let at = written.rfind(&format!("#{id}")).map_or(0, |i| i + 1);
                    vec![(id.to_string(), at)]
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    let base = written.find(h.as_ref()).unwrap_or(0);
                    let h = facts::without_comments(h, &mut in_comment);
                    ids::attribute_values(&h, "id")
                        .into_iter()
                        .map(|(v, o)| (v.to_string(), base + o))
                        .collect()
                }
                _ => Vec::new(),
            };
            for (id, at) in found {
                let offset = self.body_offset + range.start + at;
                if let Some(e) = self.ids.written(&id, offset) {
                    self.body.id_errors.push(e);
                }
            }
        }
    }

    /// Writes footnote references and definitions with ids that no heading, hand-written
    /// or theme id has (the label, else the label with a number), numbered as
    /// pulldown-cmark numbers them: in order of first appearance.
    fn footnotes<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut notes: HashMap<String, (String, usize)> = HashMap::new();
        let mut note = |me: &mut Self, label: &str| -> (String, usize) {
            if let Some(n) = notes.get(label) {
                return n.clone();
            }
            let base = if label.is_empty() || label.contains(char::is_whitespace) {
                heading_id(label)
            } else {
                label.to_string()
            };
            let n = (me.ids.generate(&base), notes.len() + 1);
            notes.insert(label.to_string(), n.clone());
            n
        };
        let mut out = Vec::with_capacity(events.len());
        for ev in events {
            out.push(match ev {
                Event::FootnoteReference(label) => {
                    let (id, n) = note(self, &label);
                    Event::InlineHtml(
                        format!(
                            "<sup class=\"footnote-reference\"><a href=\"#{}\">{n}</a></sup>",
                            escape_attr(&id)
                        )
                        .into(),
                    )
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let (id, n) = note(self, &label);
                    Event::Html(
                        format!(
                            "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                            escape_attr(&id)
                        )
                        .into(),
                    )
                }
                Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
                other => other,
            });
        }
        out
    }

    fn transform<'a>(
        &mut self,
        src: &'a str,
        events: Vec<(Event<'a>, std::ops::Range<usize>)>,
    ) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len());
        let mut table = TableCells::default();
        let mut iter = events.into_iter();
        // Nesting depth in the source's events (headings and code blocks are taken whole).
        let mut depth = 0usize;
        while let Some((ev, range)) = iter.next() {
            if depth == 0 && !matches!(ev, Event::End(_)) {
                self.block_starts.push(out.len());
            }
            match &ev {
                Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Image { .. }) => {}
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            match ev {
                Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
                | Event::End(TagEnd::TableHead) => out.push(table.event(ev)),
                Event::End(TagEnd::TableCell) => {
                    self.add_text("\n");
                    out.push(table.event(ev));
                }
                Event::Start(Tag::Heading { .. }) => {
                    self.heading(src, &range, ev, &mut iter, &mut out);
                }
                Event::Start(Tag::CodeBlock(kind)) => self.code_block(&kind, &mut iter, &mut out),
                Event::Start(Tag::Link { .. }) => {
                    let e = self.link_event(src, ev, &range);
                    out.push(e);
                }
                Event::Start(Tag::Image { .. }) => {
                    let mut inner = iter.by_ref().map(|(e, _)| e);
                    self.image(src, &range, ev, &mut inner, true, &mut out);
                }
                Event::Text(ref t) | Event::Code(ref t) => {
                    self.add_text(t);
                    out.push(ev);
                }
                Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                    self.has_footnotes = true;
                    out.push(ev);
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.add_text(" ");
                    out.push(ev);
                }
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                    self.add_text("\n");
                    out.push(ev);
                }
                Event::Html(ref h) | Event::InlineHtml(ref h) if h.contains(SLOT) => {
                    self.raw_refs(src, h, &range);
                    out.push(Event::Html(h.replace(SLOT, "").into()));
                }
                Event::Html(ref h) | Event::InlineHtml(ref h) => {
                    self.raw_refs(src, h, &range);
                    out.push(ev);
                }
                other => out.push(other),
            }
        }
        out
    }

    /// A heading, from its start event through `iter` to its end: its id (written, or
    /// made from its text), its level noted, its links and images turned as elsewhere.
    fn heading<'a>(
        &mut self,
        src: &'a str,
        range: &std::ops::Range<usize>,
        start: Event<'a>,
        iter: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
        out: &mut Vec<Event<'a>>,
    ) {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = start
        else {
            out.push(start);
            return;
        };
        let mut inner = Vec::new();
        for (e, _) in iter.by_ref() {
            if matches!(e, Event::End(TagEnd::Heading(_))) {
                break;
            }
            inner.push(e);
        }
        let text = inline_text(&inner);
        // An id written by hand was taken (or reported) by `written_ids`.
        let id = match id {
            Some(written) => written.to_string(),
            None => self.ids.generate(&heading_id(&text)),
        };
        self.note_level(src, level, range);
        self.push_heading(level, &id, &text);
        out.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs,
        }));
        let mut inner = inner.into_iter();
        while let Some(e) = inner.next() {
            if matches!(e, Event::Start(Tag::Image { .. })) {
                self.image(src, range, e, &mut inner, false, out);
            } else {
                out.push(self.link_event(src, e, range));
            }
        }
        out.push(Event::End(TagEnd::Heading(level)));
    }

    /// A code block, from its start through `iter` to its end, highlighted.
    fn code_block<'a>(
        &mut self,
        kind: &CodeBlockKind<'a>,
        iter: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
        out: &mut Vec<Event<'a>>,
    ) {
        let mut code = String::new();
        for (e, _) in iter.by_ref() {
            match e {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let lang = match kind {
            CodeBlockKind::Fenced(info) => {
                info.split([' ', ',', '{']).next().unwrap_or("").to_string()
            }
            CodeBlockKind::Indented => String::new(),
        };
        self.add_text(&code);
        out.push(Event::Html(self.hl.code_block(&code, &lang).into()));
    }

    fn link_event<'a>(
        &mut self,
        src: &'a str,
        ev: Event<'a>,
        range: &std::ops::Range<usize>,
    ) -> Event<'a> {
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) = ev
        else {
            return ev;
        };
        let (target, fragment, site_root) = if let Some(path) = dest_url.strip_prefix("@/") {
            match path.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string()), false),
                None => (path.to_string(), None, false),
            }
        } else if dest_url.starts_with('/') && !dest_url.starts_with("//") {
            // From the site's root: the base path goes in front when links are resolved.
            self.note_local(src, range, &dest_url, false);
            (dest_url.to_string(), None, true)
        } else {
            if facts::is_local(&dest_url) {
                self.note_local(src, range, &dest_url, false);
            }
            return Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            });
        };
        let written = src.get(range.clone()).unwrap_or("");
        let rel = written.find(dest_url.as_ref()).unwrap_or(0);
        let n = self.body.links.len();
        self.body.links.push(BodyLink {
            target,
            site_root,
            fragment,
            offset: self.body_offset + range.start + rel,
            len: dest_url.len(),
        });
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape_attr(&title))
        };
        Event::Html(format!("<a href=\"{SLOT}{n}{SLOT}\"{title_attr}>").into())
    }

    /// Byte offset in the file of `dest` as written in the event at `range`.
    fn dest_offset(&self, src: &str, range: &std::ops::Range<usize>, dest: &str) -> usize {
        let written = src.get(range.clone()).unwrap_or("");
        self.body_offset + range.start + written.find(dest).unwrap_or(0)
    }

    /// Notes a link or image to a file or page of the site by address, for the warnings.
    fn note_local(&mut self, src: &str, range: &std::ops::Range<usize>, dest: &str, image: bool) {
        let offset = self.dest_offset(src, range, dest);
        self.body.facts.local.push(facts::LocalRef {
            dest: dest.to_string(),
            offset,
            len: dest.len(),
            image,
            raw: false,
        });
    }

    /// Notes a heading that skips a level below the one before it.
    fn note_level(&mut self, src: &str, level: HeadingLevel, range: &std::ops::Range<usize>) {
        let level = level as u8;
        if level > self.level + 1 {
            let written = src.get(range.clone()).unwrap_or("");
            let marks = written.len() - written.trim_start_matches('#').len();
            self.body.facts.skipped.push(facts::SkippedHeading {
                offset: self.body_offset + range.start,
                len: marks.max(1),
                level,
                previous: self.level,
            });
        }
        self.level = level;
    }

    /// An image, from its start event through `rest` to its end: notes a missing alt text
    /// and a file of the site; an image from the site's root (`/bilder/x.png`) becomes a
    /// slot, so the path of `base_url` goes in front as for links; a decorative image
    /// loses the marking title. `searchable`: its alt text goes into the search text.
    fn image<'a>(
        &mut self,
        src: &'a str,
        range: &std::ops::Range<usize>,
        start: Event<'a>,
        rest: &mut dyn Iterator<Item = Event<'a>>,
        searchable: bool,
        out: &mut Vec<Event<'a>>,
    ) {
        let Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) = start
        else {
            out.push(start);
            return;
        };
        let inner = image_inner(rest);
        if searchable {
            for e in &inner {
                if let Event::Text(t) | Event::Code(t) = e {
                    self.add_text(t);
                }
            }
        }
        let decorative = facts::is_decorative(&title);
        let offset = self.dest_offset(src, range, &dest_url);
        if inline_text(&inner).is_empty() && !decorative {
            self.body.facts.no_alt.push(facts::MissingAlt {
                offset,
                len: dest_url.len().max(1),
                src: dest_url.to_string(),
                raw: false,
            });
        }
        if facts::is_local(&dest_url) {
            self.note_local(src, range, &dest_url, true);
        }
        let title = if decorative { "".into() } else { title };
        if dest_url.starts_with('/') && !dest_url.starts_with("//") {
            let n = self.body.links.len();
            self.body.links.push(BodyLink {
                target: dest_url.to_string(),
                site_root: true,
                fragment: None,
                offset,
                len: dest_url.len(),
            });
            let alt = image_alt(&inner);
            let title_attr = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape_attr(&title))
            };
            out.push(Event::Html(
                format!(
                    "<img src=\"{SLOT}{n}{SLOT}\" alt=\"{}\"{title_attr} />",
                    escape_attr(&alt)
                )
                .into(),
            ));
            return;
        }
        out.push(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
        out.extend(inner);
        out.push(Event::End(TagEnd::Image));
    }

    /// Notes the `<img>` tags of raw HTML without `alt`, and the files of the site that
    /// its `<img src>` and `<a href>` name.
    fn raw_refs(&mut self, src: &str, html: &str, range: &std::ops::Range<usize>) {
        let written = src.get(range.clone()).unwrap_or("");
        let base = self.body_offset + range.start + written.find(html).unwrap_or(0);
        let html = &facts::without_comments(html, &mut self.in_comment);
        let lower = html.to_ascii_lowercase();
        let has_img = lower.contains("<img");
        if !has_img && !lower.contains("<a") {
            return;
        }
        let images = if has_img {
            facts::raw_images(html)
        } else {
            Vec::new()
        };
        for (at, img_src, has_alt) in images {
            if !has_alt {
                self.body.facts.no_alt.push(facts::MissingAlt {
                    offset: base + at,
                    len: 4,
                    src: img_src.map_or(String::new(), |(s, _)| s.to_string()),
                    raw: true,
                });
            }
            if let Some((s, o)) = img_src {
                self.note_raw_local(s, base + o, true);
            }
        }
        for (href, o) in facts::raw_links(html) {
            self.note_raw_local(href, base + o, false);
        }
    }

    /// Notes an address in raw HTML at `offset` in the file when it names a file or page
    /// of the site.
    fn note_raw_local(&mut self, dest: &str, offset: usize, image: bool) {
        if facts::is_local(dest) {
            self.body.facts.local.push(facts::LocalRef {
                dest: dest.to_string(),
                offset,
                len: dest.len(),
                image,
                raw: true,
            });
        }
    }

    fn push_heading(&mut self, level: HeadingLevel, id: &str, text: &str) {
        self.end_section();
        let level = level as u8;
        if level == 1 && self.body.first_h1.is_none() {
            self.body.first_h1 = Some(text.to_string());
        }
        self.body.toc.push(Heading {
            level,
            id: id.to_string(),
            title: text.to_string(),
        });
        self.body.sections.push(Section {
            id: id.to_string(),
            title: text.to_string(),
            text: String::new(),
        });
    }

    fn add_text(&mut self, t: &str) {
        self.text.push_str(t);
    }

    /// Gives the current section an exact-size copy of its text.
    fn end_section(&mut self) {
        if let Some(s) = self.body.sections.last_mut() {
            s.text.push_str(&self.text);
        }
        self.text.clear();
    }
}

fn inline_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Escapes text for an HTML attribute value or element content.
pub(crate) fn escape_attr(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 16);
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}

/// The events of an image's alt text, up to its end (nested images included).
fn image_inner<'a>(rest: &mut dyn Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut inner = Vec::new();
    let mut depth = 0usize;
    for e in rest {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) if depth == 0 => break,
            Event::End(TagEnd::Image) => depth -= 1,
            _ => {}
        }
        inner.push(e);
    }
    inner
}

/// An image's alt text as written (text, code and markup), for an `alt` attribute.
fn image_alt(inner: &[Event<'_>]) -> String {
    let mut alt = String::new();
    for e in inner {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                alt.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> Body {
        render(md, 0, &Highlighter::new())
    }

    #[test]
    fn swedish_heading_ids_are_folded_and_unique() {
        let b =
            r("## Boende och närmiljö\n\n## Boende och närmiljö\n\n## Åtgärder för ökad hälsa!\n");
        let ids: Vec<_> = b.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "boende-och-narmiljo",
                "boende-och-narmiljo-1",
                "atgarder-for-okad-halsa"
            ]
        );
        assert!(
            b.html.contains("<h2 id=\"boende-och-narmiljo\">"),
            "{}",
            b.html
        );
    }

    #[test]
    fn at_links_become_slots_with_offsets() {
        let md = "Se [länet](@/lan/vasterbotten/_index.md#forum) och [FHM](https://fhm.se).";
        let b = r(md);
        assert_eq!(b.links.len(), 1);
        assert_eq!(b.links[0].target, "lan/vasterbotten/_index.md");
        assert_eq!(b.links[0].fragment.as_deref(), Some("forum"));
        assert_eq!(
            &md[b.links[0].offset..b.links[0].offset + b.links[0].len],
            "@/lan/vasterbotten/_index.md#forum"
        );
        let html = b.fill_links(&["/lan/vasterbotten/#forum".into()]);
        assert!(
            html.contains("<a href=\"/lan/vasterbotten/#forum\">länet</a>"),
            "{html}"
        );
        assert!(html.contains("href=\"https://fhm.se\""));
    }

    #[test]
    fn extensions_and_plain_text() {
        let b = r(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] klar\n\n~~nej~~ text[^1]\n\n[^1]: fotnot\n",
        );
        assert!(b.html.contains("<table>"));
        assert!(b.html.contains("type=\"checkbox\""));
        assert!(b.html.contains("<del>nej</del>"));
        assert!(b.html.contains("footnote"));
        assert!(b.plain_text().contains("klar"));
    }

    /// Column alignment becomes a class: a `style` attribute would be blocked by
    /// the Content Security Policy `default-src 'self'`.
    #[test]
    fn table_alignment_is_a_class_not_a_style() {
        let b = r("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n");
        assert!(!b.html.contains("style="), "{}", b.html);
        assert_eq!(
            b.html,
            "<table><thead><tr><th>a</th><th class=\"align-center\">b</th>\
             <th class=\"align-right\">c</th></tr></thead><tbody>\n\
             <tr><td>1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td></tr>\n\
             <tr><td>4</td><td class=\"align-center\">5</td><td class=\"align-right\">6</td></tr>\n\
             </tbody></table>\n"
        );
        assert!(b.plain_text().contains('6'));
    }

    /// A rich body without raw HTML renders byte for byte the same in both modes.
    #[test]
    fn bodies_without_raw_html_are_not_touched_by_sanitize() {
        let md = "# Titel {#t .c}\n\nSe [länet](@/lan/x.md#a), [FHM](https://fhm.se \"FHM\"), \
                  ![bild](bild.png \"B\") och <https://fhm.se>.\n\n\
                  | a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] klar\n\n~~nej~~ text[^1]\n\n\
                  ```yaml\nmalomrade: 6\n```\n\n[^1]: fotnot\n";
        let hl = Highlighter::new();
        let safe = render_with(md, 0, &hl, RawHtml::Sanitize, &ReservedIds::default());
        let trusted = render_with(md, 0, &hl, RawHtml::Trusted, &ReservedIds::default());
        assert_eq!(safe.html, trusted.html);
        assert!(safe.warnings.is_empty(), "{:?}", safe.warnings);
    }

    /// A body with raw HTML is cleaned as a whole, keeping what blomma wrote: link slots,
    /// heading ids and classes, alignment classes, footnotes, checkboxes, code classes.
    #[test]
    fn raw_html_is_cleaned_and_blomma_markup_kept() {
        let md = "## Mål {.lead}\n\n<abbr title=\"Folkhälsomyndigheten\">FoHM</abbr> och \
                  [länet](@/lan/x.md) <script>alert(1)</script>\n\n\
                  | a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] klar\n\ntext[^1]\n\n\
                  ```yaml\nmalomrade: 6\n```\n\n[^1]: fotnot\n";
        let b = r(md);
        assert!(!b.html.contains("script"), "{}", b.html);
        assert!(b
            .html
            .contains("<abbr title=\"Folkhälsomyndigheten\">FoHM</abbr>"));
        let html = b.fill_links(&["/lan/x/".into()]);
        assert!(html.contains("<a href=\"/lan/x/\">länet</a>"), "{html}");
        for kept in [
            "<h2 id=\"mal\" class=\"lead\">",
            "class=\"align-center\"",
            "class=\"align-right\"",
            "class=\"footnote-reference\"",
            "class=\"footnote-definition\"",
            "type=\"checkbox\"",
            "<pre class=\"code\" data-lang=\"yaml\" tabindex=\"0\"><code><span class=",
        ] {
            assert!(html.contains(kept), "{kept} missing in {html}");
        }
        assert_eq!(b.warnings.len(), 1, "{:?}", b.warnings);
        assert_eq!(&md[b.warnings[0].offset..][..8], "<script>");
    }

    /// Only the blocks from the first to the last with raw HTML are cleaned: the blocks
    /// around them render as without `sanitize`, footnote numbers run on.
    #[test]
    fn blocks_around_raw_html_are_left_as_they_are() {
        // `<hr />` and the checkbox would come out of ammonia as `<hr>` and `<input …>`.
        let before = "Först[^a] med [länk](@/a.md).\n\n---\n\n| a |\n|--:|\n| 1 |\n\n";
        let raw = "<details>\n<summary>Mer</summary>\n\nInne i[^b].\n\n</details>\n\n";
        let after = "```yaml\nx: 1\n```\n\n- [x] klar\n\nSist[^c].\n\n[^a]: A\n[^b]: B\n[^c]: C\n";
        let md = format!("{before}{raw}{after}");
        let hl = Highlighter::new();
        let safe = render_with(&md, 0, &hl, RawHtml::Sanitize, &ReservedIds::default()).html;
        let trusted = render_with(&md, 0, &hl, RawHtml::Trusted, &ReservedIds::default()).html;
        assert!(!safe.contains(sanitize::MARK), "{safe}");
        assert_eq!(safe, trusted, "harmless raw HTML comes out as written");
        let bad = format!(
            "{before}{}{after}",
            raw.replace("<details>", "<details ontoggle=x>")
        );
        let safe = render_with(&bad, 0, &hl, RawHtml::Sanitize, &ReservedIds::default()).html;
        assert!(!safe.contains("ontoggle"), "{safe}");
        assert_eq!(safe, trusted);
    }

    /// Links and images with active URLs lose the link or image and keep their text;
    /// heading attributes other than id and classes go.
    #[test]
    fn active_urls_and_heading_attributes_are_dropped() {
        let md = "## Rubrik {#r .c onmouseover=alert(1)}\n\n[klicka](JavaScript:alert(1)) \
                  ![bild](data:text/html,x) [ok](https://fhm.se)\n";
        let b = r(md);
        assert!(
            b.html.contains("<h2 id=\"r\" class=\"c\">Rubrik</h2>"),
            "{}",
            b.html
        );
        assert!(
            b.html
                .contains("<p>klicka bild <a href=\"https://fhm.se\">ok</a></p>"),
            "{}",
            b.html
        );
        assert_eq!(b.warnings.len(), 3, "{:?}", b.warnings);
        let trusted = render_with(
            md,
            0,
            &Highlighter::new(),
            RawHtml::Trusted,
            &ReservedIds::default(),
        );
        assert!(trusted.html.contains("onmouseover"), "{}", trusted.html);
        assert!(
            trusted.html.contains("href=\"JavaScript:alert(1)\""),
            "{}",
            trusted.html
        );
    }

    #[test]
    fn code_is_highlighted_with_classes_not_styles() {
        let b = r("```yaml\nmalomrade: 6\n```\n");
        assert!(b.html.contains("class=\""), "{}", b.html);
        assert!(!b.html.contains("style="), "{}", b.html);
    }
}

//! Glossary terms (contract v2), `<glossary>/<slug>.md` (`begrepp/` by default): a term or
//! abbreviation with its `expansion`, `aliases` and `summary`, a page each and an A–Ö list
//! of the collection.
//!
//! In the body text of every other page, the first use of a term or one of its aliases is
//! marked `<abbr title="…">` (the expansion, else the summary) and linked to the term's
//! page ([`mark`]); never inside headings, links, code or an `<abbr>` already written, and
//! not on the term's own page. A spelling written in capitals (`ANDTS`, `RUFS 2050`)
//! matches only in capitals; any other matches in any case. Matches are whole words: not
//! preceded or followed by a word character (a letter or digit), so spellings that start
//! or end in other characters match too (`.NET`, `C++`, `S:t`, `Agenda 2030:`), and the
//! longest spelling wins (`C++` over `C`).
//!
//! The matcher is written here rather than taken from `aho-corasick`: that crate folds
//! case for ASCII only, and Swedish terms (`Länsstyrelse`) need Unicode case folding.

use crate::diagnostics::Diagnostic;
use crate::kinds::frontmatter::Common;
use crate::kinds::view::view;
use crate::kinds::view::*;
use crate::kinds::{LoadedFile, Site};
use crate::model::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Front matter of a term, `begrepp/<slug>.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermFm {
    /// The term or abbreviation as written (required).
    #[schemars(description = "Begreppet eller förkortningen som det skrivs (krävs).")]
    #[serde(default)]
    pub title: Option<String>,
    /// What an abbreviation stands for.
    #[schemars(description = "Vad en förkortning står för.")]
    #[serde(default)]
    pub expansion: Option<String>,
    /// Other spellings that count as the same term.
    #[schemars(description = "Andra stavningar som räknas som samma begrepp.")]
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A one-sentence definition.
    #[schemars(description = "En definition i en mening.")]
    #[serde(default)]
    pub summary: Option<String>,
    /// Left out of a build unless drafts are asked for.
    #[schemars(
        description = "true: begreppet är ett utkast och kommer bara med i bygget med --drafts."
    )]
    #[serde(default)]
    pub draft: bool,
    /// Last change.
    #[schemars(description = "Senast ändrad i sak, ÅÅÅÅ-MM-DD.")]
    #[serde(default)]
    pub updated: Option<Date>,
    /// Ordering weight (unused: terms are in A–Ö order).
    #[schemars(description = "Används inte: begreppen står i A–Ö-ordning.")]
    #[serde(default)]
    pub weight: Option<i64>,
    /// The author's own fields.
    #[schemars(description = "Egna fält för webbplatsens mallar, fritt innehåll.")]
    #[serde(default, deserialize_with = "crate::yaml::unique_json")]
    pub extra: Option<serde_json::Value>,
}

impl Common for TermFm {
    fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn draft(&self) -> bool {
        self.draft
    }
    fn updated(&self) -> Option<Date> {
        self.updated
    }
    fn weight(&self) -> Option<i64> {
        self.weight
    }
    fn extra(&self) -> Option<&serde_json::Value> {
        self.extra.as_ref()
    }
}

/// A resolved glossary term.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// Slug (file name).
    pub slug: String,
    /// What the abbreviation stands for.
    pub expansion: Option<String>,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Page fields (`title` is the term as written).
    pub meta: PageMeta,
}

impl Term {
    /// What a marked use shows on hover: the expansion, else the summary.
    pub(crate) fn explanation(&self) -> Option<&str> {
        self.expansion.as_deref().or(self.meta.summary.as_deref())
    }

    /// The term's title and aliases.
    fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.meta.title.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

impl super::ContentKind for Term {
    type Fm = TermFm;
    type Key = String;
    const PLACE: super::Place = super::Place::File(super::Collection::Glossary);
    const NOUN: &'static str = "term";
    const TITLED: bool = true;
    const SCHEMA: (&'static str, &'static str) = ("glossary.json", "Begrepp");
    const NEW: &'static [super::NewFile] = &[super::NewFile {
        names: &["term", "begrepp", "glossary", "forkortning"],
        archetype: include_str!("../commands/archetypes/term.md"),
        example: "andts",
    }];
    /// Resolves the loaded terms, in A–Ö order of their titles. Two terms spelt alike (by
    /// title or alias) would make a use ambiguous: that is an error naming both files.
    fn resolve(
        cx: &crate::kinds::refs::Cx<'_>,
        loaded: &[super::LoadedOf<Self>],
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Term> {
        let mut terms: Vec<(Term, &LoadedFile<TermFm>)> = loaded
            .iter()
            .map(|(slug, f)| {
                let term = Term {
                    slug: slug.clone(),
                    expansion: f.fm.expansion.clone(),
                    aliases: f.fm.aliases.clone(),
                    meta: cx.meta(f, slug, diags),
                };
                (term, &**f)
            })
            .collect();
        terms.sort_by(|a, b| {
            let key = |t: &Term| crate::collate::collation_key(&t.meta.title);
            (key(&a.0), &a.0.slug).cmp(&(key(&b.0), &b.0.slug))
        });
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (t, f) in &terms {
            for s in t.spellings() {
                match seen.get(s) {
                    Some(other) if *other != f.file.rel_path => diags.push(
                        Diagnostic::whole_file(
                            &f.file.rel_path,
                            format!(
                                "the glossary spelling `{s}` is also a term or alias in {other}"
                            ),
                        )
                        .with_help("give each spelling to one term only"),
                    ),
                    _ => {
                        seen.insert(s.to_string(), &f.file.rel_path);
                    }
                }
            }
        }
        terms.into_iter().map(|(t, _)| t).collect()
    }
}

impl super::PageKind for Term {
    fn list_view(v: &Views<'_>, _extras: &Extras) -> Option<serde_json::Value> {
        Some(list_view(v))
    }
    const LIST_WHEN_EMPTY: bool = false;
    const KIND_FACET: super::KindFacet = super::KindFacet {
        place: 70,
        values: &["begrepp"],
    };
    const TEMPLATE: &'static str = "term.html";
    fn count(site: &Site) -> usize {
        site.terms.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let t = &site.terms[id.index()];
        site.url(&format!(
            "{}/{}/",
            site.config
                .collections
                .get(super::Collection::Glossary.key()),
            t.slug
        ))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.terms[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, _: Id<Self>) -> Vec<Link> {
        vec![v.home_crumb(), v.list_crumb(super::Collection::Glossary)]
    }
    fn key(site: &Site, id: Id<Self>) -> String {
        format!("term:{}", site.terms[id.index()].slug)
    }
    fn shape(site: &Site, id: Id<Self>) -> String {
        super::without_body(&site.terms[id.index()], |t| &mut t.meta)
    }
    fn shown_on(site: &Site, _: Id<Self>) -> Vec<super::Entity> {
        // Any body may use the term: its marked uses show its spellings and explanation.
        super::Entity::all(site)
    }
    fn record<'a>(
        site: &'a Site,
        _: &crate::strings::Strings,
        id: Id<Self>,
    ) -> Option<crate::record::Record<'a>> {
        let t = &site.terms[id.index()];
        // The expansion and the other spellings are what readers type.
        let mut extra: Vec<&str> = t.expansion.iter().map(String::as_str).collect();
        extra.extend(t.aliases.iter().map(String::as_str));
        let mut r = crate::record::Record::new(&t.meta, "begrepp", "kind_term");
        r.extra = extra.join(". ");
        Some(r)
    }
    fn mark_body(site: &Site, html: String) -> String {
        if site.terms.is_empty() {
            return html;
        }
        mark(site, &html, None)
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        let s = v.site;
        let t = &s.terms[id.index()];
        let mut base = PageBase::new(s, "term", Term::url(s, id), &t.meta);
        base.content_html = mark(s, &t.meta.html(), Some(id));
        let v = TermView {
            expansion: t.expansion.as_deref(),
            aliases: &t.aliases,
        };
        view(base, v)
    }
}

/// One entry of the glossary's list page.
#[derive(Debug, Serialize)]
struct ListItem<'a> {
    title: &'a str,
    url: String,
    expansion: Option<&'a str>,
    summary: Option<&'a str>,
}

/// The terms under one initial letter.
#[derive(Debug, Serialize)]
struct LetterGroup<'a> {
    letter: String,
    id: String,
    items: Vec<ListItem<'a>>,
}

/// The list page's own fields.
#[derive(Debug, Serialize)]
struct GlossaryList<'a> {
    groups: Vec<LetterGroup<'a>>,
}

/// The extra fields of a term's page.
#[derive(Debug, Serialize)]
struct TermView<'a> {
    expansion: Option<&'a str>,
    aliases: &'a [String],
}

/// The list page's own fields: the terms in A–Ö order, grouped by initial letter.
pub(crate) fn list_view(v: &Views<'_>) -> serde_json::Value {
    use super::PageKind;
    let s = v.site;
    let mut groups: Vec<LetterGroup<'_>> = Vec::new();
    for (i, t) in s.terms.iter().enumerate() {
        let letter = crate::collate::letter_of(&t.meta.title);
        let item = ListItem {
            title: &t.meta.title,
            url: Term::url(s, Id::new(i)),
            expansion: t.expansion.as_deref(),
            summary: t.meta.summary.as_deref(),
        };
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.items.push(item),
            _ => groups.push(LetterGroup {
                id: crate::collate::letter_id(&letter),
                letter,
                items: vec![item],
            }),
        }
    }
    serde_json::to_value(GlossaryList { groups }).unwrap_or_default()
}

/// One way of writing a term, prepared for matching.
struct Spelling {
    /// The spelling as it appears in HTML text (escaped).
    text: String,
    /// Index of its term.
    term: usize,
    /// True when written in capitals: it then matches only as written.
    exact: bool,
}

/// True for a spelling written in capitals (`ANDTS`, `RUFS 2050`): at least one letter,
/// and no lower-case letter.
fn in_capitals(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// Every spelling of every term, longest first (so `RUFS 2050` wins over `RUFS`).
fn spellings(site: &Site) -> Vec<Spelling> {
    let mut v: Vec<Spelling> = site
        .terms
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            t.spellings()
                .filter(|s| !s.trim().is_empty())
                .map(move |s| Spelling {
                    text: crate::markdown::escape_attr(s),
                    term: i,
                    exact: in_capitals(s),
                })
        })
        .collect();
    v.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.term.cmp(&b.term)));
    v
}

/// Elements whose text is never marked: links, abbreviations already written, code,
/// headings, and (with `raw_html = "trusted"`) elements where a link is not allowed or
/// text is not prose.
const SKIP: [&str; 20] = [
    "a", "abbr", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "script",
    "style", "svg", "math", "button", "label", "select", "textarea",
];

/// The tag name of an HTML tag (`<h2 id="x">` → `h2`) and whether it closes (`</h2>`).
fn tag_name(tag: &str) -> (&str, bool) {
    let inner = tag.trim_start_matches('<');
    let (inner, closing) = match inner.strip_prefix('/') {
        Some(rest) => (rest, true),
        None => (inner, false),
    };
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(inner.len());
    (&inner[..end], closing)
}

/// Marks the first use of each term in a body's HTML (see the module's documentation);
/// `own` is the term whose page this is, never marked there.
pub(crate) fn mark(site: &Site, html: &str, own: Option<Id<Term>>) -> String {
    if site.terms.is_empty() {
        return html.to_string();
    }
    let spellings = spellings(site);
    let mut used = vec![false; site.terms.len()];
    if let Some(id) = own {
        used[id.index()] = true;
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut skip = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let (name, closing) = tag_name(&rest[..end]);
            if SKIP.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                skip = if closing {
                    skip.saturating_sub(1)
                } else {
                    skip + 1
                };
            }
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        if skip == 0 && used.iter().any(|u| !u) {
            mark_text(site, &rest[..end], &spellings, &mut used, &mut out);
        } else {
            out.push_str(&rest[..end]);
        }
        rest = &rest[end..];
    }
    out
}

/// True for a character that is part of a word: a letter or a digit, in any script.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Marks the first use of each unused term in one run of text. A use may start wherever
/// the character before is not a word character; [`match_at`] checks the end.
fn mark_text(site: &Site, text: &str, spellings: &[Spelling], used: &mut [bool], out: &mut String) {
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if !prev.is_some_and(is_word_char) {
            if let Some((len, term)) = match_at(&text[i..], spellings, used) {
                used[term] = true;
                push_marked(site, term, &text[i..i + len], out);
                prev = text[..i + len].chars().next_back();
                i += len;
                continue;
            }
        }
        // A character reference (`&amp;`) is one character, never part of a word.
        if c == '&' {
            let end = text[i..]
                .find(';')
                .filter(|e| *e <= 10)
                .map_or(i + 1, |e| i + e + 1);
            out.push_str(&text[i..end]);
            prev = Some('&');
            i = end;
            continue;
        }
        out.push(c);
        prev = Some(c);
        i += c.len_utf8();
    }
}

/// The length in `text` and the term of the longest unused spelling that `text` starts
/// with and that no word character follows.
fn match_at(text: &str, spellings: &[Spelling], used: &[bool]) -> Option<(usize, usize)> {
    spellings.iter().filter(|s| !used[s.term]).find_map(|s| {
        let len = if s.exact {
            text.starts_with(&s.text).then_some(s.text.len())?
        } else {
            prefix_ignoring_case(text, &s.text)?
        };
        let next = text[len..].chars().next();
        (!next.is_some_and(is_word_char)).then_some((len, s.term))
    })
}

/// The length of the prefix of `text` equal to `word` in any case, if there is one.
fn prefix_ignoring_case(text: &str, word: &str) -> Option<usize> {
    let mut t = text.char_indices();
    for w in word.chars() {
        let (_, c) = t.next()?;
        if !c.to_lowercase().eq(w.to_lowercase()) {
            return None;
        }
    }
    Some(t.next().map_or(text.len(), |(i, _)| i))
}

/// Writes one marked use: the text as written, in an `<abbr>` linked to the term's page.
fn push_marked(site: &Site, term: usize, written: &str, out: &mut String) {
    use super::PageKind;
    let t = &site.terms[term];
    let url = crate::markdown::escape_attr(&Term::url(site, Id::new(term)));
    out.push_str(&format!("<a class=\"term\" href=\"{url}\"><abbr"));
    if let Some(title) = t.explanation() {
        out.push_str(&format!(
            " title=\"{}\"",
            crate::markdown::escape_attr(title)
        ));
    }
    out.push('>');
    out.push_str(written);
    out.push_str("</abbr></a>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_are_abbreviations_and_case_folds_in_unicode() {
        assert!(in_capitals("ANDTS"));
        assert!(in_capitals("RUFS 2050"));
        assert!(!in_capitals("länsstyrelse"));
        assert!(!in_capitals("2050"));
        assert_eq!(
            prefix_ignoring_case("Länsstyrelse är", "länsstyrelse"),
            Some(13)
        );
        assert_eq!(
            prefix_ignoring_case("LÄNSSTYRELSE", "länsstyrelse"),
            Some(13)
        );
        assert_eq!(prefix_ignoring_case("Läns", "länsstyrelse"), None);
    }

    #[test]
    fn tag_names_are_read_from_opening_and_closing_tags() {
        assert_eq!(tag_name("<h2 id=\"x\">"), ("h2", false));
        assert_eq!(tag_name("</h2>"), ("h2", true));
        assert_eq!(tag_name("<a href=\"/\">"), ("a", false));
        assert_eq!(tag_name("<br/>"), ("br", false));
    }
}

//! What a body refers to and how its headings run, noted while it is rendered, for the
//! warnings of `check` and `build` ([`crate::warnings`] judges them once the whole site
//! is known): links and images to files of the site, images without alt text, headings
//! that skip a level.

/// The title that marks an image with empty alt text as decorative (`![](fris.png
/// "dekorativ")`); `decorative` is accepted too. The title is not written to the page.
pub(crate) const DECORATIVE: [&str; 2] = ["dekorativ", "decorative"];

/// A link or image to a file or page of the site by its address rather than by `@/`
/// (`/filer/x.pdf`, `bilder/karta.png`, `../aktorer/skolan.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocalRef {
    /// The destination as written, `#fragment` and `?query` included.
    pub dest: String,
    /// Byte offset of the destination in the file.
    pub offset: usize,
    /// Its length in bytes.
    pub len: usize,
    /// An image (Markdown or a raw `<img>`), not a link.
    pub image: bool,
    /// Written in raw HTML (`<img src>`), which blomma leaves as written: an address from
    /// the site's root does not get the base path.
    pub raw: bool,
}

/// An image without alt text that is not marked decorative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MissingAlt {
    /// Byte offset in the file of its source (Markdown) or of its `<img` (raw HTML).
    pub offset: usize,
    /// Length of the underlined part.
    pub len: usize,
    /// The image's source as written (may be empty).
    pub src: String,
    /// A raw HTML `<img>` (which has no `alt` attribute at all).
    pub raw: bool,
}

/// A heading more than one level below the one before it (the page's own title is the
/// level-1 heading before the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SkippedHeading {
    /// Byte offset of the heading in the file.
    pub offset: usize,
    /// Length of its `#` marks (1 for a setext heading).
    pub len: usize,
    /// Its level.
    pub level: u8,
    /// The level of the heading before it.
    pub previous: u8,
}

/// Everything [`crate::warnings`] needs to know of one body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    /// Links and images to files or pages of the site by address.
    pub local: Vec<LocalRef>,
    /// Images without alt text.
    pub no_alt: Vec<MissingAlt>,
    /// Headings that skip a level.
    pub skipped: Vec<SkippedHeading>,
}

/// True for a destination that names a file or page of this site by its address: not
/// `@/`, not another site (`https:`, `mailto:`, `//host`), not only a `#fragment`.
pub(crate) fn is_local(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with("@/")
        || dest.starts_with("//")
        || has_scheme(dest))
}

/// True when `dest` starts with a URL scheme (`https:`, `mailto:`, `data:`).
fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// True when an image's title marks it as decorative.
pub(crate) fn is_decorative(title: &str) -> bool {
    let t = title.trim();
    DECORATIVE.iter().any(|d| t.eq_ignore_ascii_case(d))
}

/// One `<img>` tag of raw HTML: the offset of `<img`, the `src` value and its offset,
/// and whether it has an `alt` attribute.
pub(crate) type RawImage<'h> = (usize, Option<(&'h str, usize)>, bool);

/// The `<img>` tags of a piece of raw HTML. A tag not closed in `html` is left out (its
/// attributes may be on a later line).
pub(crate) fn raw_images(html: &str) -> Vec<RawImage<'_>> {
    raw_tags(html, "img")
        .into_iter()
        .map(|(at, tag, tag_lower)| {
            let has_alt = !super::ids::attribute_values(&tag_lower, "alt").is_empty();
            (at, attribute(tag, &tag_lower, at, "src"), has_alt)
        })
        .collect()
}

/// The `href` values of the `<a>` tags of a piece of raw HTML, each with its offset in
/// `html`. A tag not closed in `html` is left out, as for [`raw_images`].
pub(crate) fn raw_links(html: &str) -> Vec<(&str, usize)> {
    raw_tags(html, "a")
        .into_iter()
        .filter_map(|(at, tag, tag_lower)| attribute(tag, &tag_lower, at, "href"))
        .collect()
}

/// The first value of the attribute `name` of `tag` (found in `tag_lower`, its lower-case
/// copy), as written, with its offset in the HTML whose offset `at` the tag starts at.
fn attribute<'h>(tag: &'h str, tag_lower: &str, at: usize, name: &str) -> Option<(&'h str, usize)> {
    super::ids::attribute_values(tag_lower, name)
        .first()
        .map(|(v, o)| (&tag[*o..*o + v.len()], at + o))
}

/// `html` with HTML comments (`<!-- … -->`) blanked to spaces, so that a tag written
/// inside one is not read as a tag; offsets are kept (every byte of a comment becomes a
/// space). `in_comment` carries a comment that runs over several pieces of raw HTML (the
/// lines of an HTML block) from one piece to the next.
pub(crate) fn without_comments(html: &str, in_comment: &mut bool) -> String {
    let blank = |out: &mut String, s: &str| out.extend(std::iter::repeat_n(' ', s.len()));
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        if *in_comment {
            let Some(end) = rest.find("-->") else {
                blank(&mut out, rest);
                return out;
            };
            blank(&mut out, &rest[..end + 3]);
            rest = &rest[end + 3..];
            *in_comment = false;
        } else {
            let Some(start) = rest.find("<!--") else {
                out.push_str(rest);
                return out;
            };
            out.push_str(&rest[..start]);
            blank(&mut out, "<!--");
            rest = &rest[start + 4..];
            *in_comment = true;
        }
    }
}

/// The tags `<name …>` of a piece of raw HTML (any case): the offset of each `<`, the
/// tag's text up to its `>` and the same in lower case. A tag not closed in `html` is
/// left out (its attributes may be on a later line).
fn raw_tags<'h>(html: &'h str, name: &str) -> Vec<(usize, &'h str, String)> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&open).map(|i| i + from) {
        from = i + open.len();
        let after = lower.as_bytes().get(from).copied();
        if !after.is_some_and(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/') {
            continue;
        }
        let Some(end) = html[from..].find('>').map(|e| e + from) else {
            break;
        };
        out.push((i, &html[i..end], lower[i..end].to_string()));
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_destinations() {
        for d in ["/filer/x.pdf", "bilder/a.png", "../a/b.md#x", "x.md"] {
            assert!(is_local(d), "{d}");
        }
        for d in [
            "https://fhm.se",
            "mailto:a@b.se",
            "//cdn.se/x.png",
            "#kallor",
            "@/om.md",
            "",
        ] {
            assert!(!is_local(d), "{d}");
        }
    }

    #[test]
    fn raw_image_tags() {
        let h = "<p><IMG src=\"/a.png\"> <img alt=\"\" src='b.png'/> <imgx> <img\n";
        let imgs = raw_images(h);
        assert_eq!(imgs.len(), 2, "{imgs:?}");
        assert_eq!(imgs[0].1, Some(("/a.png", 13)));
        assert!(!imgs[0].2);
        assert!(imgs[1].2);
    }

    #[test]
    fn comments_are_blanked_within_and_across_pieces() {
        let mut c = false;
        let a = without_comments("<a href=x><!-- <img src=y> --> <b>", &mut c);
        assert_eq!(a, format!("<a href=x>{} <b>", " ".repeat(20)));
        assert!(!c);
        let b = without_comments("text <!-- <img src=ö.png>", &mut c);
        assert_eq!(b.len(), "text <!-- <img src=ö.png>".len());
        assert_eq!(b.trim_end(), "text");
        assert!(c, "the comment goes on in the next piece");
        let d = without_comments("<a href=z> --> <img src=w>", &mut c);
        assert_eq!(d.trim_start(), "<img src=w>");
        assert!(!c);
        assert!(raw_images(&without_comments("<!-- <img src=a> -->", &mut c)).is_empty());
    }

    #[test]
    fn raw_link_tags() {
        let h = "<p><A HREF=\"/a.pdf\">a</A> <abbr title=\"x\">x</abbr> <a id=x href='b.pdf'>b</a> <a name=x>";
        assert_eq!(raw_links(h), vec![("/a.pdf", 12), ("b.pdf", 65)]);
    }
}

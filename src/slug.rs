//! Slugs: the names of content files and folders, and of counties and forums in
//! configuration. A leaf module: config and load both check names with it.

/// True for a valid slug: lower-case ASCII letters, digits and `-`, not empty.
pub(crate) fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The slug an invalid name probably meant (`Västerbotten` → `vasterbotten`).
pub(crate) fn suggest_slug(s: &str) -> String {
    let folded = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

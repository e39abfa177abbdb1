//! The raw-HTML policy of a site (`[markdown] raw_html` in `site.toml`), a leaf module:
//! [`crate::config`] reads it and [`crate::markdown`] applies it.

/// What happens to raw HTML written in Markdown (`[markdown] raw_html`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawHtml {
    /// Raw HTML is cleaned to a safe allowlist, and links and images with active URLs
    /// (`javascript:` and the like) are dropped (the default).
    #[default]
    Sanitize,
    /// The authors are trusted: raw HTML and URLs pass as written.
    Trusted,
}

impl RawHtml {
    /// The values `raw_html` accepts, as written in `site.toml`.
    pub(crate) const NAMES: &'static [&'static str] = &["sanitize", "trusted"];

    /// The value for its name in `site.toml`.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        match name {
            "sanitize" => Some(RawHtml::Sanitize),
            "trusted" => Some(RawHtml::Trusted),
            _ => None,
        }
    }
}

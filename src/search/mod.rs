//! The search index (interim: one JSON file; the chunked Swedish index replaces it).

pub mod records;

/// One page to index.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchDoc {
    /// URL.
    pub url: String,
    /// Title.
    pub title: String,
    /// Machine kind.
    pub kind: String,
    /// Kind label.
    pub kind_label: String,
    /// County name.
    pub county: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Plain text.
    pub text: String,
    /// Sections.
    pub headings: Vec<SearchHeading>,
}

/// A section of a page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchHeading {
    /// Heading id.
    pub id: String,
    /// Heading text.
    pub title: String,
    /// Section text.
    pub text: String,
}

/// A file of the index.
#[derive(Debug, Clone)]
pub struct IndexFile {
    /// Path under the output root.
    pub path: String,
    /// Bytes.
    pub bytes: Vec<u8>,
}

/// Builds the index files.
pub fn build_index(docs: &[SearchDoc], dir: &str) -> Vec<IndexFile> {
    vec![IndexFile {
        path: format!("{dir}/docs.json"),
        bytes: serde_json::to_vec(docs).unwrap_or_default(),
    }]
}

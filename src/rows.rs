//! The rows of the official tables (counties, municipalities, target areas): plain data,
//! a leaf module. `data` reads them from CSV; the model and the pages hold them.

use serde::Deserialize;

/// One county of the official table.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub(crate) struct CountyRow {
    /// SCB code (`24`).
    pub scb_code: String,
    /// Letter code (`AC`).
    pub letter_code: String,
    /// ISO 3166-2 code (`SE-AC`).
    pub iso_3166_2: String,
    /// Official name (`Västerbottens län`).
    pub name: String,
    /// Short name (`Västerbotten`).
    pub short_name: String,
    /// Slug (`vasterbotten`).
    pub slug: String,
    /// County seat.
    pub seat: String,
    /// Formal name of the county administrative board.
    pub lansstyrelse_name: String,
    /// Short label of the board.
    pub lansstyrelse_label: String,
    /// The region.
    pub region_name: String,
    /// A note on the region (Gotland).
    #[serde(default)]
    pub region_note: String,
    /// Number of municipalities.
    pub municipality_count: u32,
}

/// One municipality.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct MunicipalityRow {
    /// SCB code (`2480`).
    pub code: String,
    /// Name (`Umeå`).
    pub name: String,
    /// County SCB code.
    pub county_code: String,
    /// Slug. A column of the official table: read so that its shape is checked.
    #[allow(dead_code)]
    pub slug: String,
}

/// One official target area.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TargetAreaRow {
    /// Number 1–8.
    pub number: u32,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Where it is published. A column of the official table: read so that its shape is
    /// checked.
    #[allow(dead_code)]
    pub source_url: String,
}

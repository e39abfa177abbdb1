//! The official tables (counties, municipalities, target areas, county outlines) built
//! into the binary, each overridable by a file of the same name in the site's `data/`,
//! and the site's own data tables handed to templates.

use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

const COUNTIES: &str = include_str!("../data/counties.csv");
const MUNICIPALITIES: &str = include_str!("../data/municipalities.csv");
const TARGET_AREAS: &str = include_str!("../data/target-areas.csv");
const OUTLINES: &str = include_str!("../data/counties-sweref99tm.geojson");

use crate::rows::{CountyRow, MunicipalityRow, TargetAreaRow};

/// All tables of a build.
#[derive(Debug, Clone)]
pub(crate) struct Tables {
    /// Counties in table order.
    pub counties: Vec<CountyRow>,
    /// Municipalities in table order.
    pub municipalities: Vec<MunicipalityRow>,
    /// Target areas in number order.
    pub target_areas: Vec<TargetAreaRow>,
    /// County outlines (GeoJSON, SWEREF 99 TM).
    pub outlines: String,
    /// The site's own tables by file stem, for templates (`get_data(name=…)`).
    pub site_tables: BTreeMap<String, serde_json::Value>,
}

/// Loads the built-in tables, with any of the site's `data/` files taking their place.
pub(crate) fn load(root: &Path) -> Result<Tables, Vec<Diagnostic>> {
    let dir = root.join("data");
    let mut read_errors = Vec::new();
    let errors = &mut read_errors;
    let mut text = |name: &str, builtin: &'static str| -> (String, String) {
        let path = dir.join(name);
        let rel = format!("data/{name}");
        // Only a missing file falls back to the built-in table; a file that is there but
        // cannot be read (not UTF-8, a folder, a dangling link) is an error.
        if std::fs::symlink_metadata(&path).is_err() {
            return (format!("(built-in) {rel}"), builtin.to_string());
        }
        match crate::read::read_text(&rel, &path, crate::read::NO_LIMIT) {
            Ok(t) => (rel, t),
            Err(d) => {
                errors.push(d);
                (rel, String::new())
            }
        }
    };
    let (cn, ct) = text("counties.csv", COUNTIES);
    let (mn, mt) = text("municipalities.csv", MUNICIPALITIES);
    let (tn, tt) = text("target-areas.csv", TARGET_AREAS);
    let (_, outlines) = text("counties-sweref99tm.geojson", OUTLINES);
    let mut errors = Vec::new();
    let counties = parse_csv::<CountyRow>(&cn, &ct, &mut errors);
    let municipalities = parse_csv::<MunicipalityRow>(&mn, &mt, &mut errors);
    let mut target_areas = parse_csv::<TargetAreaRow>(&tn, &tt, &mut errors);
    target_areas.sort_by_key(|t| t.number);
    let site_tables = site_tables(&dir, &mut errors);
    errors.extend(read_errors);
    if errors.is_empty() {
        Ok(Tables {
            counties,
            municipalities,
            target_areas,
            outlines,
            site_tables,
        })
    } else {
        Err(errors)
    }
}

fn parse_csv<T: for<'de> Deserialize<'de>>(
    name: &str,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in rdr.deserialize::<T>() {
        match rec {
            Ok(r) => rows.push(r),
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                let mut d = Diagnostic::whole_file(name, format!("invalid row: {e}"));
                d.line = line;
                errors.push(d);
            }
        }
    }
    rows
}

fn site_tables(dir: &Path, errors: &mut Vec<Diagnostic>) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return out,
        Err(e) => {
            errors.push(Diagnostic::whole_file(
                "data",
                format!("cannot read the folder: {e}"),
            ));
            return out;
        }
    };
    let mut paths = Vec::new();
    for e in entries {
        match e {
            Ok(e) => paths.push(e.path()),
            Err(e) => errors.push(Diagnostic::whole_file(
                "data",
                format!("cannot read the folder: {e}"),
            )),
        }
    }
    paths.sort();
    for path in paths {
        let (Some(stem), Some(ext)) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        let rel = format!(
            "data/{}",
            path.file_name().and_then(|s| s.to_str()).unwrap_or(stem)
        );
        if !matches!(ext, "yaml" | "yml" | "json" | "geojson" | "csv") {
            continue;
        }
        let text = match crate::read::read_text(&rel, &path, crate::read::NO_LIMIT) {
            Ok(t) => t,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        let file = crate::source::SourceFile::new(rel.clone(), path.clone(), text);
        let value = match ext {
            "yaml" | "yml" => crate::yaml::to_json(file.text()).map_err(|es| {
                es.iter()
                    .map(|e| e.diagnostic(&file, 0, "data table"))
                    .collect()
            }),
            "json" | "geojson" => json_table(&file).map_err(|d| vec![d]),
            "csv" => csv_to_json(file.text()).map_err(|e| {
                let mut d = Diagnostic::whole_file(&rel, format!("cannot read data table: {e}"));
                d.line = 1;
                vec![d]
            }),
            _ => continue,
        };
        match value {
            Ok(v) => {
                out.insert(stem.to_string(), v);
            }
            Err(ds) => errors.extend(ds),
        }
    }
    out
}

/// Reads a JSON data table; a key written twice in one object is an error at the second
/// (plain `serde_json::Value` would keep the last one silently).
fn json_table(file: &crate::source::SourceFile) -> Result<serde_json::Value, Diagnostic> {
    serde_json::from_str::<UniqueJson>(file.text())
        .map(|v| v.0)
        .map_err(|e| {
            let offset = file.offset_of(e.line().max(1), e.column().max(1));
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg);
            Diagnostic::at(file, offset, 1, format!("cannot read data table: {msg}"))
        })
}

/// A JSON value whose objects have no key twice.
struct UniqueJson(serde_json::Value);

impl<'de> Deserialize<'de> for UniqueJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueVisitor).map(UniqueJson)
    }
}

struct UniqueVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(UniqueJson(v)) = a.next_element()? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = a.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate key `{key}`: keep one of the two"
                )));
            }
            let UniqueJson(v) = a.next_value()?;
            out.insert(key, v);
        }
        Ok(serde_json::Value::Object(out))
    }
}

fn csv_to_json(text: &str) -> Result<serde_json::Value, String> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    // Each row becomes a map by column name: a second column of one name would be lost.
    for (i, h) in headers.iter().enumerate() {
        if let Some(first) = headers.iter().position(|o| o == h).filter(|&f| f < i) {
            return Err(format!(
                "duplicate column `{h}`: columns {} and {} have the same name",
                first + 1,
                i + 1
            ));
        }
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let obj: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .zip(rec.iter())
            .map(|(h, v)| (h.to_string(), serde_json::Value::String(v.to_string())))
            .collect();
        rows.push(serde_json::Value::Object(obj));
    }
    Ok(serde_json::Value::Array(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_tables_are_complete() {
        let t = load(Path::new("/nonexistent")).expect("built-in tables parse");
        assert_eq!(t.counties.len(), 21);
        assert_eq!(t.municipalities.len(), 290);
        assert_eq!(t.target_areas.len(), 8);
        let vb = t
            .counties
            .iter()
            .find(|c| c.slug == "vasterbotten")
            .expect("Västerbotten");
        assert_eq!(vb.letter_code, "AC");
        assert_eq!(
            t.municipalities
                .iter()
                .filter(|m| m.county_code == vb.scb_code)
                .count(),
            15
        );
    }
}

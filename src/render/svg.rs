//! Inline SVG graphics: the county map and the flower of the public-health target areas
//! ([`flower_view`], drawn by the theme's `partials/flower.svg`, [`FLOWER_TEMPLATE`]).
//!
//! The county map's geometry is data: [`county_map_geometry`] projects and simplifies
//! the outlines and places the labels once, into `data/county-map.json` (made by
//! `cargo run --example county_map_data`); a build takes it from there
//! ([`map_geometry`]), adds the counties' links and statuses ([`county_map_view`]) and
//! draws it with the theme's template `partials/county-map.svg` ([`MAP_TEMPLATE`]), which
//! a site or theme may replace.
//!
//! Both graphics are one bare `<svg>` element (no XML prolog, no fixed
//! `width`/`height`, only a `viewBox`) that is meant to be inlined in HTML.
//! The output is deterministic: the same input always gives the same bytes.
//!
//! # No inline styles
//!
//! The site runs under the Content Security Policy `default-src 'self'`, so
//! neither function writes a `style` attribute or a `<style>` element. All
//! colours come from CSS classes that the theme styles. The only presentation
//! attributes written are the layout-critical `text-anchor` and `font-size`
//! on `<text>` (the text was measured and placed for that size); a theme may
//! still override them with CSS.
//!
//! # Classes and ids of the county map
//!
//! * `svg.county-map`, with `<title id="map-title">` and `<desc id="map-desc">`.
//! * `g.counties` holds one `<a>` per linked county, each with a `<title>` (the
//!   county's name and status, shown on hover), a `path.county.status-{status}`,
//!   a `text.county-label` (the county letter code, `aria-hidden="true"`) and a
//!   `text.county-name` (the name, `aria-hidden="true"`, for the theme to show
//!   on hover and keyboard focus). Counties that are not linked get the
//!   same path (class `county status-unknown`: nothing is known about them)
//!   and label, without the link.
//! * `<defs>` holds three fill patterns so that colour is never the only cue:
//!   `#map-pattern-draft` (diagonal stripes), `#map-pattern-revised` (dots)
//!   and `#map-pattern-none` (horizontal lines: a county that states it has no
//!   declaration, unlike the plain fill of `unknown`). Each tile is a `rect.map-pattern-bg.map-pattern-bg-{status}`
//!   plus shapes of class `map-pattern-fg`. The theme puts them on counties
//!   with e.g. `.county.status-draft { fill: url(#map-pattern-draft); }`.
//! * The outlines need `fill-rule: evenodd` from the `.county` class.
//!
//! # Classes and ids of the flower
//!
//! * `svg.flower`, with `<title id="flower-title">` and `<desc id="flower-desc">`.
//! * `g.petals` holds one `<a aria-label="{number} {title}">` per petal with
//!   a `<title>` of the same text (shown on hover), a `path.petal.petal-{number}`
//!   and a `text.petal-number`. The petals carry only their numbers, large
//!   enough to read at any width: the titles of eight target areas cannot be
//!   read inside a drawing 300 px wide, so the page lists them beside or
//!   below it.
//! * `g.flower-centre` holds a `<circle>` and a `<text>` with the overall
//!   goal, also wrapped into `<tspan>` lines.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::fmt::Write as _;

/// One county as the county map presents it: a link with a status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct MapCounty {
    /// The county's slug, matching the `slug` property in the GeoJSON
    /// (e.g. `vasterbotten`).
    pub slug: String,
    /// The county's full name, e.g. `Västerbottens län`.
    pub name: String,
    /// The link target of the county's page.
    pub url: String,
    /// A CSS-class-safe status token (`adopted`, `revised`, `draft` or
    /// `none`): only ASCII lower-case letters, digits, `-` and `_` are
    /// accepted. It becomes the class `status-{status}`.
    pub status: String,
    /// The human-readable status, e.g. `Avsiktsförklaring antagen`.
    pub status_label: String,
}

/// The accessible name and description of the county map.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct MapLabels {
    /// The map's title, e.g. `Karta över Sveriges 21 län`.
    pub title: String,
    /// A longer description of what the map shows.
    pub desc: String,
}

/// One petal of the flower: a target area of the public-health policy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Petal {
    /// The target area's number (1–8 in the national framework). It is
    /// shown large on the petal and becomes the class `petal-{number}`.
    pub number: u32,
    /// The target area's name, e.g. `Det tidiga livets villkor`.
    pub title: String,
    /// The link target of the target area's page.
    pub url: String,
}

/// The texts of the flower graphic.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct FlowerLabels {
    /// The graphic's title, e.g. `Folkhälsopolitikens åtta målområden`.
    pub title: String,
    /// A longer description of what the graphic shows.
    pub desc: String,
    /// The overall goal shown in the centre, e.g. `God och jämlik hälsa`.
    pub centre: String,
}

// ---------------------------------------------------------------------------
// County map
// ---------------------------------------------------------------------------

/// Width of the map's viewBox in user units; the height follows the data.
const MAP_WIDTH: f64 = 400.0;
/// Margin around the outlines, in user units.
const MAP_PAD: f64 = 4.0;
/// Font size of the county letter labels, in user units.
const MAP_LABEL_SIZE: f64 = 11.0;
/// Font size of a county's name shown on hover and focus, in user units (about
/// 13 px where the map is drawn 300 px wide).
const MAP_NAME_SIZE: f64 = 18.0;
/// Least distance of a county name's centre from the map's left and right
/// edges, so that a long name shown on focus stays inside the viewBox.
const MAP_NAME_MARGIN: f64 = 100.0;
/// A centroid closer than this to the outline is replaced by the pole of
/// inaccessibility, so that the label stays inside the county.
const MAP_LABEL_CLEARANCE: f64 = 7.0;

#[derive(Deserialize)]
struct GeoCollection {
    features: Vec<GeoFeature>,
}

#[derive(Deserialize)]
struct GeoFeature {
    properties: GeoProperties,
    geometry: GeoGeometry,
}

#[derive(Deserialize)]
struct GeoProperties {
    slug: String,
    letter: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum GeoGeometry {
    Polygon(Vec<Vec<Vec<f64>>>),
    MultiPolygon(Vec<Vec<Vec<Vec<f64>>>>),
}

/// A ring in tenths of a user unit (the output precision).
type TenthRing = Vec<(i64, i64)>;
/// A ring of (x, y) points.
type Ring = Vec<(f64, f64)>;
/// A polygon: the exterior ring, then its holes.
type Polygon = Vec<Ring>;

/// The county map's geometry: every county's outline as SVG path data and the point for
/// its letter label, in a viewBox 400 units wide. The outlines never change between
/// builds, so the built-in ones are made once, by `cargo run --example county_map_data`,
/// into `data/county-map.json` ([`map_geometry`] uses them); only a site with a GeoJSON
/// of its own has its geometry computed by [`county_map_geometry`] when it builds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapGeometry {
    /// The FNV-1a hash (64 bits, hex) of the GeoJSON text the geometry was made from.
    pub source_fnv1a64: String,
    /// The viewBox's height in tenths of a user unit.
    pub height_tenths: i64,
    /// The counties in the GeoJSON's order.
    pub counties: Vec<CountyShape>,
}

/// One county of a [`MapGeometry`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountyShape {
    /// The `slug` property of the GeoJSON feature.
    pub slug: String,
    /// The `letter` property (the county's letter code), as written.
    pub letter: String,
    /// The outline as SVG path data (absolute move, relative lines, one decimal).
    pub d: String,
    /// Where the letter label is centred, in user units (stored as the shortest
    /// decimals that read back as the same numbers).
    #[serde(with = "exact_pair")]
    pub label: (f64, f64),
}

/// A pair of numbers as two strings, so that they read back bit for bit (serde_json's
/// default float parser may be off by one unit in the last place).
mod exact_pair {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(p: &(f64, f64), s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq([p.0.to_string(), p.1.to_string()])
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<(f64, f64), D::Error> {
        let [x, y] = <[String; 2]>::deserialize(d)?;
        let num = |t: &str| t.parse::<f64>().map_err(serde::de::Error::custom);
        Ok((num(&x)?, num(&y)?))
    }
}

/// The FNV-1a hash of `text`, as [`MapGeometry::source_fnv1a64`] records it.
pub(crate) fn fnv1a64(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The theme's template that draws the county map from [`county_map_view`].
pub(crate) const MAP_TEMPLATE: &str = "partials/county-map.svg";

/// The built-in geometry, made from the built-in outlines (`data/county-map.json`).
const BUILT_IN_GEOMETRY: &str = include_str!("../../data/county-map.json");

/// `geometry` as `data/county-map.json` holds it: one county a line, so that a change
/// of the outlines shows county by county in a diff.
///
/// # Errors
///
/// Never in practice (the values are strings and finite numbers).
pub fn geometry_json(geometry: &MapGeometry) -> Result<String, String> {
    let err = |e: serde_json::Error| format!("county map: {e}");
    let mut out = String::from("{\n");
    let _ = write!(
        out,
        "  \"source_fnv1a64\": {},\n  \"height_tenths\": {},\n  \"counties\": [\n",
        serde_json::to_string(&geometry.source_fnv1a64).map_err(err)?,
        geometry.height_tenths
    );
    for (i, c) in geometry.counties.iter().enumerate() {
        let sep = if i + 1 < geometry.counties.len() {
            ","
        } else {
            ""
        };
        let line = serde_json::to_string(c).map_err(err)?;
        let _ = writeln!(out, "    {line}{sep}");
    }
    out.push_str("  ]\n}\n");
    Ok(out)
}

/// The geometry of the county map for the outlines `geojson`: the built-in, precomputed
/// one when `geojson` is the text it was made from, otherwise computed now.
///
/// # Errors
///
/// As [`county_map_geometry`].
pub(crate) fn map_geometry(geojson: &str) -> Result<MapGeometry, String> {
    if let Ok(built_in) = serde_json::from_str::<MapGeometry>(BUILT_IN_GEOMETRY) {
        if built_in.source_fnv1a64 == fnv1a64(geojson) {
            return Ok(built_in);
        }
    }
    county_map_geometry(geojson)
}

/// Projects, simplifies and places the labels of the county outlines `geojson`.
///
/// `geojson` is a FeatureCollection in a projected coordinate system with
/// x = easting and y = northing (the repository's
/// `counties-sweref99tm.geojson`); every feature needs the properties `slug`
/// and `letter` and a `Polygon` or `MultiPolygon` geometry. The bounding box
/// of all features is scaled to a viewBox 400 units wide, north up.
///
/// # Errors
///
/// Returns an error if the GeoJSON cannot be parsed, has no usable
/// coordinates or repeats a slug, or if an outline is too small to draw.
pub fn county_map_geometry(geojson: &str) -> Result<MapGeometry, String> {
    let collection: GeoCollection = serde_json::from_str(geojson)
        .map_err(|e| format!("county map: cannot read the GeoJSON: {e}"))?;
    let mut feature_slugs: HashSet<&str> = HashSet::with_capacity(collection.features.len());
    for feature in &collection.features {
        if !feature_slugs.insert(feature.properties.slug.as_str()) {
            return Err(format!(
                "county map: the GeoJSON has the slug {:?} twice",
                feature.properties.slug
            ));
        }
    }
    let shapes = feature_shapes(&collection)?;

    let (mut min_x, mut min_y) = (f64::INFINITY, f64::INFINITY);
    let (mut max_x, mut max_y) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(x, y) in shapes.iter().flatten().flatten().flatten() {
        min_x = min_x.min(x);
        max_x = max_x.max(x);
        min_y = min_y.min(y);
        max_y = max_y.max(y);
    }
    let (span_x, span_y) = (max_x - min_x, max_y - min_y);
    if !(span_x > 0.0 && span_y > 0.0 && span_x.is_finite() && span_y.is_finite()) {
        return Err("county map: the GeoJSON has no area to draw".to_string());
    }
    let scale = (MAP_WIDTH - 2.0 * MAP_PAD) / span_x;
    let height_tenths = ((span_y * scale + 2.0 * MAP_PAD) * 10.0).ceil() as i64;
    // To tenths of a user unit, y flipped so that north is up.
    let project = |(x, y): (f64, f64)| -> (i64, i64) {
        (
            (((x - min_x) * scale + MAP_PAD) * 10.0).round() as i64,
            (((max_y - y) * scale + MAP_PAD) * 10.0).round() as i64,
        )
    };
    let mut counties = Vec::with_capacity(shapes.len());
    for (feature, shape) in collection.features.iter().zip(&shapes) {
        let slug = feature.properties.slug.as_str();
        let (d, label_polygon) = outline(shape, &project)
            .ok_or_else(|| format!("county map: the outline of {slug:?} is too small to draw"))?;
        counties.push(CountyShape {
            slug: slug.to_string(),
            letter: feature.properties.letter.clone(),
            d,
            label: label_point(&label_polygon),
        });
    }
    Ok(MapGeometry {
        source_fnv1a64: fnv1a64(geojson),
        height_tenths,
        counties,
    })
}

/// Every feature as a list of polygons, each a list of rings of (x, y).
fn feature_shapes(collection: &GeoCollection) -> Result<Vec<Vec<Polygon>>, String> {
    let mut shapes: Vec<Vec<Polygon>> = Vec::with_capacity(collection.features.len());
    for feature in &collection.features {
        let polygons: Vec<&Vec<Vec<Vec<f64>>>> = match &feature.geometry {
            GeoGeometry::Polygon(p) => vec![p],
            GeoGeometry::MultiPolygon(ps) => ps.iter().collect(),
        };
        let mut shape = Vec::with_capacity(polygons.len());
        for polygon in polygons {
            let mut rings = Vec::with_capacity(polygon.len());
            for ring in polygon {
                let mut points = Vec::with_capacity(ring.len());
                for position in ring {
                    match position.as_slice() {
                        [x, y, ..] if x.is_finite() && y.is_finite() => points.push((*x, *y)),
                        _ => {
                            return Err(format!(
                                "county map: bad position {position:?} in {:?}",
                                feature.properties.slug
                            ))
                        }
                    }
                }
                rings.push(points);
            }
            shape.push(rings);
        }
        shapes.push(shape);
    }
    Ok(shapes)
}

/// The path data of a feature's polygons and its largest polygon (in user units, for
/// the label), or `None` when nothing of it is left at the map's precision.
fn outline(
    shape: &[Polygon],
    project: &dyn Fn((f64, f64)) -> (i64, i64),
) -> Option<(String, Polygon)> {
    let mut d = String::new();
    let mut largest: Option<(f64, Polygon)> = None;
    for polygon in shape {
        let mut kept: Vec<TenthRing> = Vec::with_capacity(polygon.len());
        for (i, ring) in polygon.iter().enumerate() {
            let tenths = simplify_ring(ring.iter().map(|&p| project(p)));
            if tenths.len() < 3 {
                if i == 0 {
                    break; // the exterior vanished: so does the polygon
                }
                continue;
            }
            push_ring(&mut d, &tenths);
            kept.push(tenths);
        }
        if let Some(exterior) = kept.first() {
            let area = ring_area(exterior).abs();
            if largest.as_ref().is_none_or(|(a, _)| area > *a) {
                let units = kept
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|&(x, y)| (x as f64 / 10.0, y as f64 / 10.0))
                            .collect()
                    })
                    .collect();
                largest = Some((area, units));
            }
        }
    }
    largest.map(|(_, polygon)| (d, polygon))
}

/// The values the county map's template (`partials/county-map.svg`) draws, for the
/// counties `counties` on the map `geometry`. Every text is XML-escaped already.
///
/// `map.width`, `map.height` (the viewBox), `map.title`, `map.desc`, and `map.counties`:
/// one entry per outline with `slug`, `letter`, `d`, `label_x`, `label_y`,
/// `label_size`, `linked`, and for a linked county `url`, `status`, `text` (name,
/// letter code and status: the link's accessible name), `name`, `name_x`, `name_y`,
/// `name_size`. Outlines without an entry in `counties` are drawn with class
/// `county status-unknown` and no link.
///
/// # Errors
///
/// Returns an error if a county's slug is repeated or not on the map, or if a status is
/// not a CSS-class-safe token.
pub(crate) fn county_map_view(
    geometry: &MapGeometry,
    counties: &[MapCounty],
    labels: &MapLabels,
) -> Result<serde_json::Value, String> {
    let mut by_slug: HashMap<&str, &MapCounty> = HashMap::with_capacity(counties.len());
    for county in counties {
        if !is_class_token(&county.status) {
            return Err(format!(
                "county map: status {:?} of county {:?} is not a CSS-class-safe token",
                county.status, county.slug
            ));
        }
        if by_slug.insert(county.slug.as_str(), county).is_some() {
            return Err(format!(
                "county map: county {:?} is given twice",
                county.slug
            ));
        }
    }
    let on_map: HashSet<&str> = geometry.counties.iter().map(|c| c.slug.as_str()).collect();
    let mut unknown: Vec<&str> = counties
        .iter()
        .map(|c| c.slug.as_str())
        .filter(|slug| !on_map.contains(slug))
        .collect();
    if !unknown.is_empty() {
        unknown.sort_unstable();
        return Err(format!(
            "county map: no outline in the GeoJSON for {}",
            unknown.join(", ")
        ));
    }
    let shapes: Vec<serde_json::Value> = geometry
        .counties
        .iter()
        .map(|shape| county_view(shape, by_slug.get(shape.slug.as_str()).copied()))
        .collect();
    let mut width = String::new();
    push_tenths(&mut width, (MAP_WIDTH * 10.0) as i64);
    let mut height = String::new();
    push_tenths(&mut height, geometry.height_tenths);
    Ok(serde_json::json!({
        "width": width,
        "height": height,
        "title": escape(&labels.title),
        "desc": escape(&labels.desc),
        "counties": shapes,
    }))
}

/// One outline's entry of [`county_map_view`].
fn county_view(shape: &CountyShape, county: Option<&MapCounty>) -> serde_json::Value {
    let f = |v: f64| {
        let mut s = String::new();
        push_f(&mut s, v);
        s
    };
    let (lx, ly) = shape.label;
    let mut v = serde_json::json!({
        "slug": shape.slug,
        "letter": escape(&shape.letter),
        "d": shape.d,
        "label_x": f(lx),
        // Shift the baseline so that the capital letters are centred.
        "label_y": f(ly + MAP_LABEL_SIZE * 0.36),
        "label_size": f(MAP_LABEL_SIZE),
        "linked": county.is_some(),
    });
    if let (Some(county), Some(obj)) = (county, v.as_object_mut()) {
        // The visible letter code is part of the name (WCAG 2.5.3 Label in Name).
        let text = format!("{}, {}: {}", county.name, shape.letter, county.status_label);
        let more = [
            ("url", escape(&county.url)),
            ("status", county.status.clone()),
            ("text", escape(&text)),
            ("name", escape(&county.name)),
            (
                "name_x",
                f(lx.clamp(MAP_NAME_MARGIN, MAP_WIDTH - MAP_NAME_MARGIN)),
            ),
            ("name_y", f(ly - MAP_LABEL_SIZE * 0.8)),
            ("name_size", f(MAP_NAME_SIZE)),
        ];
        for (k, val) in more {
            obj.insert(k.to_string(), val.into());
        }
    }
    v
}

/// Whether `s` can be used as (part of) a CSS class name as it is.
fn is_class_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Drops consecutive repeats and the closing repeat of the first point.
fn simplify_ring(points: impl Iterator<Item = (i64, i64)>) -> TenthRing {
    let mut ring: TenthRing = Vec::new();
    for p in points {
        if ring.last() != Some(&p) {
            ring.push(p);
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    ring
}

/// Appends one closed ring: an absolute move, relative lines, `Z`.
fn push_ring(d: &mut String, ring: &[(i64, i64)]) {
    let Some(&(x0, y0)) = ring.first() else {
        return;
    };
    d.push('M');
    push_pair(d, x0, y0);
    d.push('l');
    let (mut px, mut py) = (x0, y0);
    for (i, &(x, y)) in ring.iter().enumerate().skip(1) {
        if i > 1 && x - px >= 0 {
            d.push(' ');
        }
        push_pair(d, x - px, y - py);
        (px, py) = (x, y);
    }
    d.push('Z');
}

/// Appends `x y` in tenths, leaving out the space before a minus sign.
fn push_pair(d: &mut String, x: i64, y: i64) {
    push_tenths(d, x);
    if y >= 0 {
        d.push(' ');
    }
    push_tenths(d, y);
}

/// Appends a number given in tenths with at most one decimal, without a
/// leading zero (`-.3`, `12`, `4.5`).
fn push_tenths(out: &mut String, tenths: i64) {
    if tenths < 0 {
        out.push('-');
    }
    let abs = tenths.unsigned_abs();
    let (whole, frac) = (abs / 10, abs % 10);
    if whole > 0 || frac == 0 {
        let _ = write!(out, "{whole}");
    }
    if frac > 0 {
        let _ = write!(out, ".{frac}");
    }
}

/// Appends `v` rounded to one decimal.
fn push_f(out: &mut String, v: f64) {
    let tenths = (v * 10.0).round();
    let tenths = if tenths.is_finite() { tenths as i64 } else { 0 };
    if tenths < 0 {
        out.push('-');
    }
    let abs = tenths.unsigned_abs();
    let _ = write!(out, "{}", abs / 10);
    if abs % 10 > 0 {
        let _ = write!(out, ".{}", abs % 10);
    }
}

/// Twice the signed area of a ring (shoelace formula).
fn ring_area(ring: &[(i64, i64)]) -> f64 {
    let mut sum = 0.0;
    for (i, &(x1, y1)) in ring.iter().enumerate() {
        let (x2, y2) = ring[(i + 1) % ring.len()];
        sum += (x1 as f64) * (y2 as f64) - (x2 as f64) * (y1 as f64);
    }
    sum
}

/// The label position of a polygon (exterior ring first, then holes): the
/// centroid of the exterior if it lies well inside, otherwise the pole of
/// inaccessibility.
fn label_point(polygon: &[Ring]) -> (f64, f64) {
    let Some(exterior) = polygon.first() else {
        return (0.0, 0.0);
    };
    let centroid = ring_centroid(exterior);
    if signed_distance(centroid, polygon) >= MAP_LABEL_CLEARANCE {
        centroid
    } else {
        pole_of_inaccessibility(polygon, 0.5)
    }
}

/// The area centroid of a ring; the vertex mean for a degenerate ring.
fn ring_centroid(ring: &[(f64, f64)]) -> (f64, f64) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for (i, &(x1, y1)) in ring.iter().enumerate() {
        let (x2, y2) = ring[(i + 1) % ring.len()];
        let cross = x1 * y2 - x2 * y1;
        a += cross;
        cx += (x1 + x2) * cross;
        cy += (y1 + y2) * cross;
    }
    if a.abs() < 1e-9 {
        let n = ring.len().max(1) as f64;
        let (sx, sy) = ring
            .iter()
            .fold((0.0, 0.0), |(sx, sy), &(x, y)| (sx + x, sy + y));
        return (sx / n, sy / n);
    }
    (cx / (3.0 * a), cy / (3.0 * a))
}

/// Distance from `p` to the polygon's outline: positive inside (even-odd
/// rule over all rings), negative outside.
fn signed_distance(p: (f64, f64), rings: &[Ring]) -> f64 {
    let (px, py) = p;
    let mut inside = false;
    let mut min_sq = f64::INFINITY;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (ax, ay) = ring[i];
            let (bx, by) = ring[(i + 1) % n];
            if (ay > py) != (by > py) && px < (bx - ax) * (py - ay) / (by - ay) + ax {
                inside = !inside;
            }
            min_sq = min_sq.min(segment_distance_sq(px, py, ax, ay, bx, by));
        }
    }
    let d = min_sq.sqrt();
    if inside {
        d
    } else {
        -d
    }
}

/// Squared distance from (px, py) to the segment (a, b).
fn segment_distance_sq(px: f64, py: f64, ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    let (dx, dy) = (bx - ax, by - ay);
    let len_sq = dx * dx + dy * dy;
    let t = if len_sq > 0.0 {
        (((px - ax) * dx + (py - ay) * dy) / len_sq).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (ax + t * dx - px, ay + t * dy - py);
    ex * ex + ey * ey
}

/// A square search cell of [`pole_of_inaccessibility`].
struct Cell {
    x: f64,
    y: f64,
    half: f64,
    dist: f64,
    max: f64,
}

impl Cell {
    fn new(x: f64, y: f64, half: f64, polygon: &[Ring]) -> Self {
        let dist = signed_distance((x, y), polygon);
        Cell {
            x,
            y,
            half,
            dist,
            max: dist + half * std::f64::consts::SQRT_2,
        }
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Cell {}

impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cell {
    fn cmp(&self, other: &Self) -> Ordering {
        self.max.total_cmp(&other.max)
    }
}

/// The point inside the polygon farthest from its outline, to `precision`
/// (the "polylabel" quadtree search).
fn pole_of_inaccessibility(polygon: &[Ring], precision: f64) -> (f64, f64) {
    let Some(exterior) = polygon.first() else {
        return (0.0, 0.0);
    };
    let (mut min_x, mut min_y) = (f64::INFINITY, f64::INFINITY);
    let (mut max_x, mut max_y) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(x, y) in exterior {
        min_x = min_x.min(x);
        max_x = max_x.max(x);
        min_y = min_y.min(y);
        max_y = max_y.max(y);
    }
    let cell_size = (max_x - min_x).min(max_y - min_y);
    if cell_size.is_nan() || cell_size <= 0.0 {
        return ring_centroid(exterior);
    }
    let half = cell_size / 2.0;
    let mut queue = BinaryHeap::new();
    let mut x = min_x;
    while x < max_x {
        let mut y = min_y;
        while y < max_y {
            queue.push(Cell::new(x + half, y + half, half, polygon));
            y += cell_size;
        }
        x += cell_size;
    }
    let (cx, cy) = ring_centroid(exterior);
    let mut best = Cell::new(cx, cy, 0.0, polygon);
    let middle = Cell::new((min_x + max_x) / 2.0, (min_y + max_y) / 2.0, 0.0, polygon);
    if middle.dist > best.dist {
        best = middle;
    }
    let mut budget = 20_000;
    while let Some(cell) = queue.pop() {
        if cell.dist > best.dist {
            best = Cell { ..cell };
        }
        if cell.max - best.dist <= precision || budget == 0 {
            continue;
        }
        budget -= 1;
        let h = cell.half / 2.0;
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            queue.push(Cell::new(cell.x + dx, cell.y + dy, h, polygon));
        }
    }
    (best.x, best.y)
}

// ---------------------------------------------------------------------------
// Flower
// ---------------------------------------------------------------------------

/// Side of the flower's square viewBox.
const FLOWER_SIZE: f64 = 600.0;
/// Radius of the centre disc.
const CENTRE_R: f64 = 84.0;
/// Where a petal starts (hidden under the centre disc), from the centre.
const PETAL_BASE: f64 = 40.0;
/// Where a petal's tip is, from the centre.
const PETAL_TIP: f64 = 294.0;
/// Space between neighbouring petals.
const PETAL_GAP: f64 = 8.0;
/// Largest half-angle of a petal's sector (for flowers of few petals).
const PETAL_MAX_HALF_ANGLE: f64 = 0.55;
/// How far the round tip bulges, relative to the sector's half-width there.
const PETAL_SHOULDER: f64 = 0.95;
/// Font size of a petal's number, in viewBox units: about 30 px where the
/// flower is drawn 300 px wide.
const NUMBER_SIZE: f64 = 60.0;
/// Where a petal's number sits, from the centre: in the widest part of the petal.
const NUMBER_AT: f64 = PETAL_BASE + 0.62 * (PETAL_TIP - PETAL_BASE);
/// Line height relative to the font size.
const LINE_HEIGHT: f64 = 1.2;

/// The flattened outline and axis of one petal.
struct PetalShape {
    /// Unit vector of the petal's axis (from the centre outwards).
    axis: (f64, f64),
    /// The cubic Bézier outline: base, right side, tip, left side.
    curves: [(f64, f64); 7],
}

/// The theme's template that draws the flower from [`flower_view`].
pub(crate) const FLOWER_TEMPLATE: &str = "partials/flower.svg";

/// The values the flower's template (`partials/flower.svg`) draws: one linked petal per
/// entry of `petals` around a centre disc. Every text is XML-escaped already.
///
/// Petals are placed clockwise from the top in the order given. `flower.size` (the
/// square viewBox), `flower.title`, `flower.desc`, `flower.petals` (each with `url`,
/// `name`: number and title, `number`, `d`, and the number's `x`, `y` and `size`; the
/// titles are left to a list beside or below the drawing), `flower.centre` (`x`, `y`,
/// `r` of the disc) and `flower.centre_text` (`size` and `lines`, each with `x`, `y`,
/// `text`; no lines when the centre label is empty).
pub(crate) fn flower_view(petals: &[Petal], labels: &FlowerLabels) -> serde_json::Value {
    let f = |v: f64| {
        let mut s = String::new();
        push_f(&mut s, v);
        s
    };
    let c = FLOWER_SIZE / 2.0;
    let items: Vec<serde_json::Value> = petals
        .iter()
        .enumerate()
        .map(|(i, petal)| {
            let shape = petal_shape(i, petals.len());
            let mut d = String::from("M");
            let p = &shape.curves;
            push_point(&mut d, p[0]);
            for (i, point) in p.iter().enumerate().skip(1) {
                d.push(if i % 3 == 1 { 'C' } else { ' ' });
                push_point(&mut d, *point);
            }
            d.push('Z');
            let (x, y) = shape.at(NUMBER_AT);
            serde_json::json!({
                "url": escape(&petal.url),
                "name": escape(&format!("{} {}", petal.number, petal.title)),
                "number": petal.number,
                "d": d,
                "x": f(x),
                // Digits are about 0.72 em tall: centre them on the anchor.
                "y": f(y + NUMBER_SIZE * 0.36),
                "size": f(NUMBER_SIZE),
            })
        })
        .collect();
    let (centre_size, centre_lines) = layout_centre(&labels.centre);
    let n = centre_lines.len() as f64;
    // Cap height 0.72 em: centre the block of capitals vertically.
    let first = c - ((n - 1.0) * LINE_HEIGHT * centre_size) / 2.0 + 0.36 * centre_size;
    let lines: Vec<serde_json::Value> = centre_lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            serde_json::json!({
                "x": f(c),
                "y": f(first + i as f64 * LINE_HEIGHT * centre_size),
                "text": escape(line),
            })
        })
        .collect();
    serde_json::json!({
        "size": f(FLOWER_SIZE),
        "title": escape(&labels.title),
        "desc": escape(&labels.desc),
        "petals": items,
        "centre": { "x": f(c), "y": f(c), "r": f(CENTRE_R) },
        "centre_text": { "size": f(centre_size), "lines": lines },
    })
}

/// Appends `x y` rounded to one decimal.
fn push_point(out: &mut String, (x, y): (f64, f64)) {
    push_f(out, x);
    out.push(' ');
    push_f(out, y);
}

/// The outline of petal `index` of `count`, clockwise from the top.
fn petal_shape(index: usize, count: usize) -> PetalShape {
    let c = FLOWER_SIZE / 2.0;
    let angle =
        -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * index as f64 / count.max(1) as f64;
    let axis = (angle.cos(), angle.sin());
    // Half the angle between neighbouring petals, capped so that a flower of
    // few petals does not get fans for petals.
    let sector = (std::f64::consts::PI / count.max(1) as f64).min(PETAL_MAX_HALF_ANGLE);
    // Half-width, in petal coordinates (u along the axis, v across it), of
    // the line that keeps PETAL_GAP / 2 from the edge of the petal's sector.
    let edge = |u: f64| ((u * sector.sin() - PETAL_GAP / 2.0) / sector.cos()).max(0.0);
    let middle = PETAL_BASE + 0.55 * (PETAL_TIP - PETAL_BASE);
    // The right half: the base and the first control point lie on the edge
    // line, the second control point is straight across the axis from the
    // tip, so the tip is round and the curve stays inside its sector.
    let right = [
        (PETAL_BASE, edge(PETAL_BASE)),
        (middle, edge(middle)),
        (PETAL_TIP, PETAL_SHOULDER * edge(PETAL_TIP)),
        (PETAL_TIP, 0.0),
    ];
    let to_global = |(u, v): (f64, f64)| -> (f64, f64) {
        (c + u * axis.0 - v * axis.1, c + u * axis.1 + v * axis.0)
    };
    let curves = [
        to_global(right[0]),
        to_global(right[1]),
        to_global(right[2]),
        to_global(right[3]),
        to_global((right[2].0, -right[2].1)),
        to_global((right[1].0, -right[1].1)),
        to_global((right[0].0, -right[0].1)),
    ];
    PetalShape { axis, curves }
}

impl PetalShape {
    /// The point on the petal's axis at distance `u` from the centre.
    fn at(&self, u: f64) -> (f64, f64) {
        let c = FLOWER_SIZE / 2.0;
        (c + u * self.axis.0, c + u * self.axis.1)
    }
}

/// Font size and lines of the centre text, fitted inside the disc.
fn layout_centre(text: &str) -> (f64, Vec<String>) {
    let radius = CENTRE_R - 10.0;
    let mut size = 24.0;
    while size >= 10.0 {
        let mut previous = 0;
        for max_lines in 1..=4 {
            let lines = wrap_balanced(text, max_lines, size, 1.1, false);
            if lines.len() == previous {
                continue;
            }
            previous = lines.len();
            let width = lines
                .iter()
                .map(|l| text_width(l, size, 1.1))
                .fold(0.0, f64::max);
            let height = size * (0.94 + (lines.len() as f64 - 1.0).max(0.0) * LINE_HEIGHT);
            if (width / 2.0).hypot(height / 2.0) <= radius {
                return (size, lines);
            }
        }
        size -= 1.0;
    }
    (10.0, wrap_balanced(text, 4, 10.0, 1.1, true))
}

/// Splits `text` into at most `max_lines` lines (more only if even the
/// narrowest wrapping needs more) of balanced width: the smallest line width
/// limit that still gives `max_lines` lines. With `hyphenate`, words wider
/// than that limit are hyphenated (see [`hyphen_points`]).
fn wrap_balanced(
    text: &str,
    max_lines: usize,
    size: f64,
    weight: f64,
    hyphenate: bool,
) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let total = text_width(&words.join(" "), size, weight);
    // The narrowest limit: the widest piece between hyphenation points.
    let mut low: f64 = 0.0;
    for word in &words {
        let mut start = 0;
        let points = if hyphenate {
            hyphen_points(word)
        } else {
            Vec::new()
        };
        for point in points.into_iter().chain([word.len()]) {
            let piece = &word[start..point];
            let hyphen = if point < word.len() && !piece.ends_with('-') {
                "-"
            } else {
                ""
            };
            low = low.max(text_width(&format!("{piece}{hyphen}"), size, weight));
            start = point;
        }
    }
    let mut high = total.max(low);
    if wrap_greedy(&words, low, size, weight, hyphenate).len() <= max_lines {
        return wrap_greedy(&words, low, size, weight, hyphenate);
    }
    for _ in 0..30 {
        let mid = (low + high) / 2.0;
        if wrap_greedy(&words, mid, size, weight, hyphenate).len() <= max_lines {
            high = mid;
        } else {
            low = mid;
        }
    }
    wrap_greedy(&words, high, size, weight, hyphenate)
}

/// Greedy line breaking at spaces with a width limit; with `hyphenate`, a
/// word that is wider than the limit on a line of its own is hyphenated.
fn wrap_greedy(words: &[&str], limit: f64, size: f64, weight: f64, hyphenate: bool) -> Vec<String> {
    let fits = |s: &str| text_width(s, size, weight) <= limit + 1e-9;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in words {
        if !current.is_empty() {
            let candidate = format!("{current} {word}");
            if fits(&candidate) {
                current = candidate;
                continue;
            }
            lines.push(std::mem::take(&mut current));
        }
        let mut rest: &str = word;
        while hyphenate && !fits(rest) {
            let piece = |p: usize| {
                let head = &rest[..p];
                if head.ends_with('-') {
                    head.to_string()
                } else {
                    format!("{head}-")
                }
            };
            let points = hyphen_points(rest);
            // The longest head that fits, else the shortest one.
            let Some(point) = points
                .iter()
                .rev()
                .find(|&&p| fits(&piece(p)))
                .or(points.first())
                .copied()
            else {
                break;
            };
            lines.push(piece(point));
            rest = &rest[point..];
        }
        current = rest.to_string();
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Byte offsets at which `word` may be hyphenated, keeping at least three
/// characters on each side: after a hyphen already in the word, and, by the
/// basic Swedish rule, before the last of the consonants between two vowels
/// (`för-sörj-nings-möj-lig-he-ter`).
fn hyphen_points(word: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    // letters[i]: how many letters come before chars[i].
    let mut letters = Vec::with_capacity(chars.len() + 1);
    let mut count = 0;
    for &(_, ch) in &chars {
        letters.push(count);
        if ch.is_alphabetic() {
            count += 1;
        }
    }
    let room = |cut: usize| letters[cut] >= 3 && count - letters[cut] >= 3;
    let is_vowel = |c: char| "aeiouyåäöéüAEIOUYÅÄÖÉÜ".contains(c);
    let mut points = Vec::new();
    let mut last_vowel: Option<usize> = None;
    for (i, &(_, ch)) in chars.iter().enumerate() {
        if ch == '-' {
            if i + 1 < chars.len() && room(i + 1) {
                points.push(chars[i + 1].0);
            }
            last_vowel = None;
        } else if !ch.is_alphabetic() {
            last_vowel = None;
        } else if is_vowel(ch) {
            if let Some(v) = last_vowel {
                if i - v >= 2 && room(i - 1) {
                    points.push(chars[i - 1].0);
                }
            }
            last_vowel = Some(i);
        }
    }
    points
}

/// Estimated advance width of `text` in a common sans-serif at `size`,
/// with a safety margin for wider fonts; `weight` widens bold text.
fn text_width(text: &str, size: f64, weight: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|ch| match ch {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'í' | 'ì' => 0.24,
            'f' | 't' | 'r' | 'I' | ' ' | '-' | '(' | ')' | '/' => 0.32,
            'm' | 'M' => 0.84,
            'w' | 'W' => 0.8,
            '0'..='9' => 0.56,
            c if c.is_uppercase() => 0.68,
            _ => 0.56,
        })
        .sum();
    ems * size * weight * 1.08
}

/// Escapes text for XML content and attribute values, and drops characters
/// that XML 1.0 does not allow.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Result<String, String> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/counties-sweref99tm.geojson"
        );
        std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
    }

    /// The 21 slugs of the data file, in file order.
    fn slugs(geojson: &str) -> Result<Vec<String>, String> {
        let collection: GeoCollection = serde_json::from_str(geojson).map_err(|e| e.to_string())?;
        Ok(collection
            .features
            .into_iter()
            .map(|f| f.properties.slug)
            .collect())
    }

    fn all_counties(geojson: &str) -> Result<Vec<MapCounty>, String> {
        let statuses = ["adopted", "revised", "draft", "none", "unknown"];
        Ok(slugs(geojson)?
            .into_iter()
            .enumerate()
            .map(|(i, slug)| MapCounty {
                name: format!("{slug} län"),
                url: format!("/lan/{slug}/"),
                status: statuses[i % statuses.len()].to_string(),
                status_label: format!("Status {i}"),
                slug,
            })
            .collect())
    }

    /// The map as a build draws it: the geometry computed from `geojson`, drawn by the
    /// default theme's template.
    fn county_map_svg(
        geojson: &str,
        counties: &[MapCounty],
        labels: &MapLabels,
    ) -> Result<String, String> {
        let geometry = county_map_geometry(geojson)?;
        let map = county_map_view(&geometry, counties, labels)?;
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            MAP_TEMPLATE,
            include_str!("../../themes/default/templates/partials/county-map.svg"),
        )
        .map_err(|e| format!("{e:?}"))?;
        let ctx = tera::Context::from_value(serde_json::json!({ "map": map }))
            .map_err(|e| e.to_string())?;
        tera.render(MAP_TEMPLATE, &ctx)
            .map_err(|e| format!("{e:?}"))
    }

    /// The flower as a build draws it, with the default theme's template.
    fn flower_svg(petals: &[Petal], labels: &FlowerLabels) -> String {
        let mut tera = tera::Tera::default();
        let drawn = tera
            .add_raw_template(
                FLOWER_TEMPLATE,
                include_str!("../../themes/default/templates/partials/flower.svg"),
            )
            .and_then(|()| {
                let view = serde_json::json!({ "flower": flower_view(petals, labels) });
                tera.render(FLOWER_TEMPLATE, &tera::Context::from_value(view)?)
            });
        drawn.unwrap_or_else(|e| format!("{e:?}"))
    }

    #[test]
    fn built_in_geometry_is_made_from_the_built_in_outlines() -> Result<(), String> {
        let geojson = data()?;
        let computed = county_map_geometry(&geojson)?;
        assert_eq!(
            geometry_json(&computed)?,
            BUILT_IN_GEOMETRY,
            "data/county-map.json is out of date: run `cargo run --example county_map_data`"
        );
        // A build with the built-in outlines takes the stored geometry, not its own.
        assert_eq!(map_geometry(&geojson)?, computed);
        let stored: MapGeometry =
            serde_json::from_str(BUILT_IN_GEOMETRY).map_err(|e| e.to_string())?;
        assert_eq!(stored.source_fnv1a64, fnv1a64(&geojson));
        Ok(())
    }

    #[test]
    fn other_outlines_get_their_own_geometry() -> Result<(), String> {
        let geojson = concat!(
            r#"{"features":[{"properties":{"slug":"a","letter":"A"},"#,
            r#""geometry":{"type":"Polygon","coordinates":[[[0,0],[100,0],[100,50],[0,50],[0,0]]]}}]}"#
        );
        let g = map_geometry(geojson)?;
        assert_eq!(g.counties.len(), 1);
        assert_eq!(g.counties[0].slug, "a");
        assert_eq!(g.height_tenths, 2040);
        Ok(())
    }

    fn labels() -> MapLabels {
        MapLabels {
            title: "Karta över Sveriges 21 län".to_string(),
            desc: "Varje län är en länk.".to_string(),
        }
    }

    /// Checks that tags nest and balance; returns the number of elements.
    fn check_balanced(svg: &str) -> Result<usize, String> {
        let mut stack: Vec<String> = Vec::new();
        let mut elements = 0;
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let end = after.find('>').ok_or("unterminated tag")?;
            let tag = &after[..end];
            if tag.contains('<') {
                return Err(format!("'<' inside tag {tag:?}"));
            }
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().ok_or(format!("stray </{name}>"))?;
                if open != name {
                    return Err(format!("<{open}> closed by </{name}>"));
                }
            } else {
                elements += 1;
                let name: String = tag
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '/')
                    .collect();
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &after[end + 1..];
        }
        if stack.is_empty() {
            Ok(elements)
        } else {
            Err(format!("unclosed: {stack:?}"))
        }
    }

    fn view_box(svg: &str) -> Result<Vec<f64>, String> {
        let start = svg.find("viewBox=\"").ok_or("no viewBox")? + 9;
        let end = svg[start..].find('"').ok_or("open viewBox")? + start;
        svg[start..end]
            .split(' ')
            .map(|n| n.parse::<f64>().map_err(|e| e.to_string()))
            .collect()
    }

    fn eight_petals() -> Result<Vec<Petal>, String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/target-areas.csv");
        let csv = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        // number,name,slug,source_url; names may be quoted and hold commas.
        let mut petals = Vec::new();
        for line in csv.lines().skip(1) {
            let (number, rest) = line.split_once(',').ok_or("bad row")?;
            let title = match rest.strip_prefix('"') {
                Some(quoted) => quoted.split_once('"').ok_or("bad quote")?.0,
                None => rest.split_once(',').ok_or("bad row")?.0,
            };
            petals.push(Petal {
                number: number.parse().map_err(|_| "bad number")?,
                title: title.to_string(),
                url: format!("/malomraden/{number}/"),
            });
        }
        Ok(petals)
    }

    fn flower_labels() -> FlowerLabels {
        FlowerLabels {
            title: "Folkhälsopolitikens åtta målområden".to_string(),
            desc: "Blomman med de åtta målområdena.".to_string(),
            centre: "God och jämlik hälsa".to_string(),
        }
    }

    #[test]
    fn map_is_balanced_and_links_every_county_once() -> Result<(), String> {
        let geojson = data()?;
        let counties = all_counties(&geojson)?;
        assert_eq!(counties.len(), 21);
        let svg = county_map_svg(&geojson, &counties, &labels())?;
        assert!(svg.starts_with("<svg "), "{}", &svg[..80]);
        assert!(svg.ends_with("</svg>"));
        check_balanced(&svg)?;
        assert!(!svg.contains("style"));
        assert_eq!(svg.matches("<a ").count(), 21);
        assert_eq!(svg.matches("<path class=\"county ").count(), 21);
        assert_eq!(svg.matches("class=\"county-label\"").count(), 21);
        for county in &counties {
            let href = format!("<a href=\"{}\"", county.url);
            assert_eq!(svg.matches(&href).count(), 1, "{}", county.slug);
            assert!(svg.contains(&format!("<path class=\"county status-{}\"", county.status)));
        }
        assert!(svg.contains(">AC</text>"));
        assert!(svg.contains("aria-labelledby=\"map-title map-desc\""));
        assert!(svg.contains("<pattern id=\"map-pattern-draft\""));
        assert!(svg.contains("<pattern id=\"map-pattern-revised\""));
        assert!(svg.contains("<pattern id=\"map-pattern-none\""));
        assert!(svg.len() < 80 * 1024, "map is {} bytes", svg.len());
        Ok(())
    }

    #[test]
    fn every_linked_county_is_named_on_hover_and_focus() -> Result<(), String> {
        let geojson = data()?;
        let counties = all_counties(&geojson)?;
        let svg = county_map_svg(&geojson, &counties, &labels())?;
        for county in &counties {
            assert!(svg.contains(&format!("<title>{}, ", escape(&county.name))));
            assert!(svg.contains(&format!(">{}</text></a>", escape(&county.name))));
        }
        assert_eq!(svg.matches("class=\"county-name\"").count(), counties.len());
        Ok(())
    }

    #[test]
    fn unlisted_counties_are_plain_paths() -> Result<(), String> {
        let geojson = data()?;
        let counties: Vec<MapCounty> = all_counties(&geojson)?.into_iter().take(3).collect();
        let svg = county_map_svg(&geojson, &counties, &labels())?;
        check_balanced(&svg)?;
        assert_eq!(svg.matches("<a ").count(), 3);
        assert_eq!(svg.matches("<path class=\"county ").count(), 21);
        // Nothing is known about the counties left out: not "none".
        assert_eq!(
            svg.matches("<path class=\"county status-unknown\"").count(),
            18
        );
        Ok(())
    }

    #[test]
    fn map_view_box_is_sane_and_paths_closed() -> Result<(), String> {
        let geojson = data()?;
        let svg = county_map_svg(&geojson, &[], &labels())?;
        let vb = view_box(&svg)?;
        assert_eq!(vb.len(), 4);
        assert_eq!((vb[0], vb[1], vb[2]), (0.0, 0.0, 400.0));
        assert!(vb[3] > 850.0 && vb[3] < 1000.0, "height {}", vb[3]);
        for path in svg.split(" d=\"").skip(1) {
            let d = path.split('"').next().ok_or("open d")?;
            assert!(d.starts_with('M') && d.ends_with('Z'));
            assert_eq!(d.matches('M').count(), d.matches('Z').count());
        }
        Ok(())
    }

    #[test]
    fn map_label_positions_are_inside_the_view_box() -> Result<(), String> {
        let geojson = data()?;
        let svg = county_map_svg(&geojson, &[], &labels())?;
        let vb = view_box(&svg)?;
        for text in svg.split("<text ").skip(1) {
            let attr = |name: &str| -> Result<f64, String> {
                let start = text.find(&format!(" {name}=\"")).ok_or("no attr")? + name.len() + 3;
                let end = text[start..].find('"').ok_or("open attr")? + start;
                text[start..end].parse::<f64>().map_err(|e| e.to_string())
            };
            let (x, y) = (attr("x")?, attr("y")?);
            assert!(x > 0.0 && x < vb[2] && y > 0.0 && y < vb[3]);
        }
        Ok(())
    }

    #[test]
    fn map_is_deterministic() -> Result<(), String> {
        let geojson = data()?;
        let counties = all_counties(&geojson)?;
        let a = county_map_svg(&geojson, &counties, &labels())?;
        let b = county_map_svg(&geojson, &counties, &labels())?;
        assert_eq!(a, b);
        Ok(())
    }

    #[test]
    fn map_escapes_text() -> Result<(), String> {
        let geojson = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
            "properties":{"slug":"x","letter":"<X>"},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[1000,0],[1000,2000],[0,2000],[0,0]]]}}]}"#;
        let county = MapCounty {
            slug: "x".to_string(),
            name: "Ett <&\"län'".to_string(),
            url: "/a?b=1&c=2".to_string(),
            status: "draft".to_string(),
            status_label: "Utkast".to_string(),
        };
        let labels = MapLabels {
            title: "T & <t>".to_string(),
            desc: "\"d\"".to_string(),
        };
        let svg = county_map_svg(geojson, &[county], &labels)?;
        check_balanced(&svg)?;
        assert!(svg.contains("aria-label=\"Ett &lt;&amp;&quot;län&apos;, &lt;X&gt;: Utkast\""));
        assert!(svg.contains("href=\"/a?b=1&amp;c=2\""));
        assert!(svg.contains(">T &amp; &lt;t&gt;</title>"));
        assert!(svg.contains(">&quot;d&quot;</desc>"));
        assert!(svg.contains(">&lt;X&gt;</text>"));
        assert!(!svg.contains("<&"));
        Ok(())
    }

    #[test]
    fn map_rejects_bad_input() -> Result<(), String> {
        let geojson = data()?;
        let mut county = all_counties(&geojson)?.remove(0);
        county.status = "bad status\"".to_string();
        assert!(county_map_svg(&geojson, &[county.clone()], &labels()).is_err());
        county.status = "draft".to_string();
        let twice = [county.clone(), county.clone()];
        assert!(county_map_svg(&geojson, &twice, &labels()).is_err());
        county.slug = "atlantis".to_string();
        assert!(county_map_svg(&geojson, &[county], &labels()).is_err());
        assert!(county_map_svg("{", &[], &labels()).is_err());
        assert!(county_map_svg("{\"features\":[]}", &[], &labels()).is_err());
        Ok(())
    }

    #[test]
    fn map_drops_repeated_points() {
        let ring = simplify_ring([(0, 0), (0, 0), (10, 0), (10, 10), (0, 0)].into_iter());
        assert_eq!(ring, vec![(0, 0), (10, 0), (10, 10)]);
        let mut d = String::new();
        push_ring(&mut d, &[(5, 5), (15, 5), (15, -20)]);
        assert_eq!(d, "M.5 .5l1 0 0-2.5Z");
    }

    #[test]
    fn flower_has_eight_linked_petals_named_by_number_and_title() -> Result<(), String> {
        let petals = eight_petals()?;
        assert_eq!(petals.len(), 8);
        let svg = flower_svg(&petals, &flower_labels());
        check_balanced(&svg)?;
        assert!(!svg.contains("style"));
        assert_eq!(svg.matches("<a ").count(), 8);
        assert_eq!(svg.matches("class=\"petal-number\"").count(), 8);
        for petal in &petals {
            let name = format!("{} {}", petal.number, petal.title);
            assert!(svg.contains(&format!("aria-label=\"{name}\"><title>{name}</title>")));
            assert!(svg.contains(&format!("class=\"petal petal-{}\"", petal.number)));
            assert!(svg.contains(&format!(">{}</text>", petal.number)));
        }
        assert!(svg.contains("God och"));
        assert!(svg.contains("class=\"flower-centre\""));
        assert_eq!(view_box(&svg)?, vec![0.0, 0.0, 600.0, 600.0]);
        assert_eq!(svg, flower_svg(&petals, &flower_labels()));
        Ok(())
    }

    #[test]
    fn flower_numbers_are_large_and_do_not_overlap() -> Result<(), String> {
        let petals = eight_petals()?;
        let svg = flower_svg(&petals, &flower_labels());
        let anchors: Vec<(f64, f64)> = (0..8).map(|i| petal_shape(i, 8).at(NUMBER_AT)).collect();
        for (i, a) in anchors.iter().enumerate() {
            for b in &anchors[i + 1..] {
                assert!((a.0 - b.0).hypot(a.1 - b.1) > 2.0 * NUMBER_SIZE);
            }
            assert!((a.0 - 300.0).hypot(a.1 - 300.0) > CENTRE_R + NUMBER_SIZE / 2.0);
        }
        assert_eq!(svg.matches("font-size=\"60\"").count(), 8);
        Ok(())
    }

    #[test]
    fn flower_works_for_other_counts_and_escapes() -> Result<(), String> {
        for n in [0_u32, 1, 2, 3, 5, 12] {
            let petals: Vec<Petal> = (1..=n)
                .map(|i| Petal {
                    number: i,
                    title: format!("Område <{i}> & \"mer\""),
                    url: format!("/m/{i}?a=1&b=2"),
                })
                .collect();
            let svg = flower_svg(&petals, &flower_labels());
            check_balanced(&svg)?;
            assert_eq!(svg.matches("<a ").count(), n as usize);
            if n > 0 {
                assert!(svg.contains("&lt;1&gt;"));
                assert!(svg.contains("href=\"/m/1?a=1&amp;b=2\""));
                assert!(svg.contains("&quot;mer&quot;"));
            }
        }
        Ok(())
    }

    #[test]
    fn long_words_are_hyphenated_only_when_needed() {
        let split = |w: &str| -> Vec<String> {
            let mut parts = Vec::new();
            let mut start = 0;
            for p in hyphen_points(w) {
                parts.push(w[start..p].to_string());
                start = p;
            }
            parts.push(w[start..].to_string());
            parts
        };
        assert_eq!(
            split("försörjningsmöjligheter"),
            ["för", "sörj", "nings", "möj", "lig", "he", "ter"]
        );
        assert_eq!(split("hälso-"), ["hälso-"]);
        let wide = wrap_greedy(&["Inkomster", "och"], 1000.0, 16.0, 1.0, true);
        assert_eq!(wide, ["Inkomster och"]);
        let limit = text_width("försörjnings-", 16.0, 1.0);
        let lines = wrap_greedy(&["försörjningsmöjligheter"], limit, 16.0, 1.0, true);
        assert_eq!(lines, ["försörjnings-", "möjligheter"]);
    }

    #[test]
    fn escape_covers_xml_specials() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}

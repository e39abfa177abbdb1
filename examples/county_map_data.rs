//! Makes `data/county-map.json`, the county map's geometry that `blomma` builds with:
//! projects the built-in county outlines (`data/counties-sweref99tm.geojson`) to the
//! map's viewBox, drops the points that fall together at its precision (a tenth of a
//! unit) and places each county's letter label (the centroid, or the pole of
//! inaccessibility when the centroid is too near the outline), with
//! `blomma::dev::county_map_geometry`. Run it when the outlines or that code
//! change:
//!
//! ```sh
//! cargo run --example county_map_data            # writes data/county-map.json
//! cargo run --example county_map_data -- --check # fails if the file is out of date
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let root = env!("CARGO_MANIFEST_DIR");
    let source = format!("{root}/data/counties-sweref99tm.geojson");
    let target = format!("{root}/data/county-map.json");
    let check = std::env::args().any(|a| a == "--check");
    match run(&source, &target, check) {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(source: &str, target: &str, check: bool) -> Result<String, String> {
    let geojson = std::fs::read_to_string(source).map_err(|e| format!("{source}: {e}"))?;
    let geometry = blomma::dev::county_map_geometry(&geojson)?;
    let text = blomma::dev::geometry_json(&geometry)?;
    if check {
        let now = std::fs::read_to_string(target).map_err(|e| format!("{target}: {e}"))?;
        return if now == text {
            Ok(format!("{target} is up to date"))
        } else {
            Err(format!(
                "{target} is out of date: run `cargo run --example county_map_data`"
            ))
        };
    }
    std::fs::write(target, text).map_err(|e| format!("{target}: {e}"))?;
    Ok(format!(
        "wrote {target}: {} counties",
        geometry.counties.len()
    ))
}

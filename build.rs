//! Rebuild the crate when the embedded theme or the official tables change
//! (include_dir! and include_str! alone do not tell cargo about new files).
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=data");
}

//! blomma turns a folder of Markdown and YAML about Swedish public-health work into a
//! cross-linked static site.
//!
//! The pipeline runs one way, one module per stage: [`config`] reads `site.toml`;
//! [`load`] walks `content/`, parses front matter into typed structs and renders each
//! Markdown body once ([`markdown`]), leaving `@/` links as slots; [`resolve`] checks every
//! reference and link and freezes the result as a [`site::Site`] with two-way cross-links;
//! [`render`] turns the site into HTML pages and feeds (filling each body's link slots with
//! the URLs resolve found); [`search`] builds the search index
//! from the same resolved content; [`output`] writes everything atomically. Author errors
//! are collected as [`diagnostics::Diagnostic`]s along the way and reported together.
//!
//! [`build`] runs the stages once; [`incremental`] runs the same stages again after a
//! change, keeping what did not change; [`serve`] watches the files and serves the result.
//! [`linkcheck`] requests the site's external links for `check --external`.

pub mod build;
pub mod cli;
pub mod commands;
pub mod config;
pub mod data;
pub mod diagnostics;
#[doc(hidden)]
pub mod fuzzing;
pub mod incremental;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod suggest;

//! Rendering: the resolved [`Site`] → HTML pages (Tera templates, in parallel), feeds,
//! sitemap, robots.txt, the highlighting stylesheets and the theme's static files, all as
//! in-memory [`OutputFile`]s. Nothing here touches the output folder.

pub(crate) mod a_o;
pub(crate) mod body;
pub(crate) mod collisions;
pub(crate) mod feeds;
pub(crate) mod pages;
pub(crate) mod svg;
pub(crate) mod templates;

use crate::kinds::view::{self as context, Views};
use crate::kinds::Site;
use crate::output::{OutputFile, Sink};
use crate::strings::{tr, Strings};
use anyhow::Context as _;
use rayon::prelude::*;

/// Renders every page and generated file of the site.
pub(crate) fn render_site(
    site: &Site,
    theme: &templates::ThemeFiles,
    sink: &dyn Sink,
) -> anyhow::Result<()> {
    let r = Renderer::new(site, theme)?;
    let jobs = pages::jobs(site);
    r.render_jobs(&jobs, sink)?;
    let mut files = r.generated_files(&jobs);
    files.extend(theme_files(theme));
    files.extend(asset_files(site));
    files.into_par_iter().try_for_each(|f| sink.put(f))
}

/// Everything needed to render any page of one resolved site: the templates, the values
/// every page shares and the SVGs computed once. Rendering all pages or a few (the dev
/// server's incremental rebuilds) goes through the same code.
pub(crate) struct Renderer<'a> {
    site: &'a Site,
    tera: std::sync::Arc<tera::Tera>,
    t: &'a Strings,
    extras: std::sync::OnceLock<crate::kinds::view::Extras>,
    shared: Shared,
}

impl<'a> Renderer<'a> {
    /// Prepares the templates and shared values for `site`.
    pub(crate) fn new(site: &'a Site, theme: &'a templates::ThemeFiles) -> anyhow::Result<Self> {
        let tera = std::sync::Arc::new(templates_of(theme, site)?);
        Ok(Self::with_templates(site, theme, tera))
    }

    /// Like [`Renderer::new`], with templates parsed earlier by [`templates_of`] for a site
    /// with the same theme and data tables.
    pub(crate) fn with_templates(
        site: &'a Site,
        theme: &'a templates::ThemeFiles,
        tera: std::sync::Arc<tera::Tera>,
    ) -> Self {
        let t = &theme.strings;
        Renderer {
            site,
            tera,
            t,
            extras: std::sync::OnceLock::new(),
            shared: Shared::new(site, t),
        }
    }

    /// The SVGs of the home page, the county overview and the list of target areas,
    /// drawn when first needed.
    fn extras(&self) -> &crate::kinds::view::Extras {
        self.extras.get_or_init(|| {
            let views = Views {
                site: self.site,
                t: self.t,
            };
            crate::kinds::view::Extras {
                map_svg: map_svg(&views, &self.tera),
                flower_svg: flower_svg(&views, &self.tera),
            }
        })
    }

    /// Renders `jobs` in parallel, handing each page to `sink` as it is done.
    pub(crate) fn render_jobs(&self, jobs: &[pages::Job], sink: &dyn Sink) -> anyhow::Result<()> {
        let views = Views {
            site: self.site,
            t: self.t,
        };
        let no_extras = crate::kinds::view::Extras::default();
        let extras = if jobs.iter().any(|j| {
            matches!(
                j,
                pages::Job::Home
                    | pages::Job::List(
                        crate::kinds::Collection::Counties | crate::kinds::Collection::TargetAreas
                    )
            )
        }) {
            self.extras()
        } else {
            &no_extras
        };
        jobs.par_iter().try_for_each(|job| {
            let pv = views.build(*job, extras);
            let html = render_one(
                &self.tera,
                &self.shared,
                pv.template,
                pv.page,
                &pv.breadcrumbs,
            )
            .with_context(|| format!("cannot render {}", pv.out_path))?;
            sink.put(OutputFile::bytes(pv.out_path, html))
        })
    }

    /// The files generated from the whole site rather than one page: the highlighting
    /// stylesheets, the feeds, the sitemap and `robots.txt`. `jobs` are all pages.
    pub(crate) fn generated_files(&self, jobs: &[pages::Job]) -> Vec<OutputFile> {
        let mut files = vec![
            OutputFile::bytes(
                "highlight-light.css".into(),
                crate::markdown::highlight_css(false).into_bytes(),
            ),
            OutputFile::bytes(
                "highlight-dark.css".into(),
                crate::markdown::highlight_css(true).into_bytes(),
            ),
        ];
        files.extend(feeds::feeds(self.site, jobs, self.t));
        files
    }
}

/// The theme's static files.
pub(crate) fn theme_files(theme: &templates::ThemeFiles) -> Vec<OutputFile> {
    theme
        .statics
        .iter()
        .map(|(rel, src)| match src {
            templates::StaticSource::Embedded(b) => OutputFile::bytes(rel.clone(), b.to_vec()),
            templates::StaticSource::Disk(p) => OutputFile::copy(rel.clone(), p.clone()),
        })
        .collect()
}

/// The site's own files under `content/` that are copied as they are.
pub(crate) fn asset_files(site: &Site) -> Vec<OutputFile> {
    site.assets
        .iter()
        .map(|(rel, abs)| OutputFile::copy(rel.clone(), abs.clone()))
        .collect()
}

/// Values shared by every page's template context, serialised once.
struct Shared {
    site: serde_json::Value,
    t: serde_json::Value,
    css_url: String,
    /// Names of a sources heading (`Källor`, …), lower-case.
    source_headings: Vec<String>,
    /// URL of each navigation entry's section, in `site.nav` order.
    nav_sections: Vec<String>,
}

impl Shared {
    fn new(site: &Site, t: &Strings) -> Self {
        let c = &site.config.collections;
        let nav: Vec<(String, String)> = vec![
            (
                tr(t, "nav_target_areas"),
                site.collection_url(c.target_areas()),
            ),
            (tr(t, "nav_counties"), site.collection_url(c.counties())),
            (tr(t, "nav_actors"), site.collection_url(c.actors())),
            (tr(t, "nav_forums"), site.collection_url(c.forums())),
            (tr(t, "nav_search"), site.url("sok/")),
            (tr(t, "nav_a_o"), site.url("a-o/")),
        ];
        let site_v = serde_json::json!({
            "title": site.config.title, "base_url": site.config.base_url, "base_path": site.config.base_path,
            "language": site.config.language.code(), "extra": site.config.extra,
            "urls": {
                "target_areas": site.collection_url(c.target_areas()), "actors": site.collection_url(c.actors()),
                "counties": site.collection_url(c.counties()), "forums": site.collection_url(c.forums()),
                "search": site.url("sok/"), "a_o": site.url("a-o/"), "accessibility": site.url("tillganglighet/"),
                "feed": site.url("atom.xml"), "sitemap": site.url("sitemap.xml"),
            },
            "sources_url": sources_url(site),
            "nav": nav.iter().map(|(title, url)| serde_json::json!({"title": title, "url": url, "active": false})).collect::<Vec<_>>(),
        });
        Shared {
            site: site_v,
            t: serde_json::to_value(t).unwrap_or_default(),
            css_url: site.url("style.css"),
            source_headings: body::source_heading_names(&tr(t, "sources_headings")),
            nav_sections: nav.into_iter().map(|(_, url)| url).collect(),
        }
    }

    /// The `site` value with the navigation entry of the current section marked active.
    fn site_for(&self, url: &str) -> serde_json::Value {
        let mut v = self.site.clone();
        if let Some(serde_json::Value::Array(items)) = v.get_mut("nav") {
            for (item, section_url) in items.iter_mut().zip(&self.nav_sections) {
                if url.starts_with(section_url.as_str()) {
                    item["active"] = serde_json::Value::Bool(true);
                }
            }
        }
        v
    }
}

/// The page's HTML. Rendered into bytes (`render_to`): `render` would check the whole
/// page for valid UTF-8 once more, which Tera's output already is.
///
/// The context is made from values, not with `Context::insert`: that serializes each
/// value into a new one, key by key (the UI strings and the page's HTML for every page);
/// the page is moved in and the shared values are cloned whole.
fn render_one(
    tera: &tera::Tera,
    shared: &Shared,
    template: &str,
    page: serde_json::Value,
    breadcrumbs: &[context::Link],
) -> anyhow::Result<Vec<u8>> {
    let url = page.get("url").and_then(|u| u.as_str()).unwrap_or("");
    let site = shared.site_for(url);
    let parts = body_parts(shared, &page);
    let mut ctx = serde_json::Map::new();
    ctx.insert("site".into(), site);
    ctx.insert("t".into(), shared.t.clone());
    ctx.insert("breadcrumbs".into(), serde_json::to_value(breadcrumbs)?);
    ctx.insert("css_url".into(), shared.css_url.as_str().into());
    ctx.insert("body_html".into(), parts.main.into());
    ctx.insert("sources_html".into(), parts.sources.into());
    ctx.insert(
        "sources_id".into(),
        parts.sources_id.unwrap_or_default().into(),
    );
    ctx.insert("has_code".into(), parts.has_code.into());
    ctx.insert("page".into(), page);
    let ctx = tera::Context::from_value(serde_json::Value::Object(ctx))
        .map_err(|e| anyhow::anyhow!(tera_chain(&e)))?;
    let mut out = Vec::with_capacity(16 * 1024);
    tera.render_to(template, &ctx, &mut out)
        .map_err(|e| anyhow::anyhow!(tera_chain(&e)))?;
    Ok(out)
}

/// The page's body split around its sources section ([`body::split`]).
fn body_parts(shared: &Shared, page: &serde_json::Value) -> body::BodyParts {
    let html = page
        .get("content_html")
        .and_then(|h| h.as_str())
        .unwrap_or("");
    let toc: Vec<body::TocEntry<'_>> = page
        .get("toc")
        .and_then(|t| t.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|h| {
                    Some(body::TocEntry {
                        level: h.get("level")?.as_u64()?,
                        id: h.get("id")?.as_str()?,
                        title: h.get("title")?.as_str()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    body::split(html, &toc, &shared.source_headings)
}

fn tera_chain(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

/// The theme's templates, parsed, with the functions they may call (`get_data`).
pub(crate) fn templates_of(
    theme: &templates::ThemeFiles,
    site: &Site,
) -> anyhow::Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which makes every URL unreadable in the source.
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    )
    .map_err(|e| anyhow::anyhow!("the theme's templates have an error: {}", tera_chain(&e)))?;
    let tables = site.tables.site_tables.clone();
    tera.register_function(
        "get_data",
        move |args: &std::collections::HashMap<String, tera::Value>| {
            let name = args
                .get("name")
                .and_then(|v| v.as_str())
                .ok_or_else(|| tera::Error::msg("get_data needs name=\"…\""))?;
            tables
                .get(name)
                .cloned()
                .ok_or_else(|| tera::Error::msg(format!("no data table `{name}` in data/")))
        },
    );
    Ok(tera)
}

fn escape_html(s: &str) -> String {
    crate::markdown::escape_attr(s)
}

/// The county map: the outlines' geometry (built in, made once) drawn by the theme's
/// `partials/county-map.svg`.
fn map_svg(v: &Views<'_>, tera: &tera::Tera) -> String {
    let counties: Vec<svg::MapCounty> = (0..v.site.counties.len())
        .map(|i| {
            let id = crate::model::Id::new(i);
            let c = &v.site.counties[i].row;
            let (status, status_label) = v.county_status(id);
            svg::MapCounty {
                slug: c.slug.clone(),
                name: c.name.clone(),
                url: v.site.county_url(id),
                status: status.into(),
                status_label,
            }
        })
        .collect();
    let labels = svg::MapLabels {
        title: tr(v.t, "map_title"),
        desc: tr(v.t, "map_desc"),
    };
    let drawn = svg::map_geometry(&v.site.tables.outlines)
        .and_then(|g| svg::county_map_view(&g, &counties, &labels))
        .and_then(|map| {
            let ctx = tera::Context::from_value(serde_json::json!({ "map": map }))
                .map_err(|e| tera_chain(&e))?;
            tera.render(svg::MAP_TEMPLATE, &ctx)
                .map_err(|e| format!("county map: {}", tera_chain(&e)))
        });
    match drawn {
        Ok(svg) => svg,
        Err(e) => {
            eprintln!("warning: the county map was left out: {e}");
            String::new()
        }
    }
}

/// The flower of the target areas, drawn by the theme's `partials/flower.svg`.
fn flower_svg(v: &Views<'_>, tera: &tera::Tera) -> String {
    let petals: Vec<svg::Petal> = (0..v.site.target_areas.len())
        .map(|i| {
            let l = v.ta(crate::model::Id::new(i));
            svg::Petal {
                number: l.number,
                title: l.title,
                url: l.url,
            }
        })
        .collect();
    let labels = svg::FlowerLabels {
        title: tr(v.t, "flower_title"),
        desc: tr(v.t, "flower_desc"),
        centre: tr(v.t, "flower_centre"),
    };
    let view = serde_json::json!({ "flower": svg::flower_view(&petals, &labels) });
    let drawn = tera::Context::from_value(view)
        .and_then(|ctx| tera.render(svg::FLOWER_TEMPLATE, &ctx))
        .map_err(|e| tera_chain(&e));
    match drawn {
        Ok(svg) => svg,
        Err(e) => {
            eprintln!("warning: the flower of the target areas was left out: {e}");
            String::new()
        }
    }
}

/// The footer's link to the site's sources: `[extra] sources_url` of `site.toml`, either an
/// absolute URL, a content file (`@/om.md`) or a path under the base (`om/`).
fn sources_url(site: &Site) -> Option<String> {
    let v = site.config.extra.get("sources_url")?.as_str()?;
    if v.starts_with("http://") || v.starts_with("https://") {
        return Some(v.to_string());
    }
    let path = match v.strip_prefix("@/") {
        Some(p) => {
            let p = p.trim_end_matches(".md");
            let p = p.strip_suffix("_index").unwrap_or(p).trim_end_matches('/');
            if p.is_empty() {
                String::new()
            } else {
                format!("{p}/")
            }
        }
        None => v.trim_start_matches('/').to_string(),
    };
    Some(site.url(&path))
}

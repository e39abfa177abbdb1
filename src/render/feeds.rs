//! Machine-readable files: `sitemap.xml` (absolute URLs), an Atom feed of forums and county
//! documents by date, and `robots.txt`.
//!
//! The feed dates forums by their `date` and documents by their own date (`published`,
//! else `adopted`). A document without a full date of its own (none, or only a year or a
//! month) is left out of the feed: Atom needs a full date per entry, and neither the date
//! of the file's last change nor an invented day would be the document's (the sitemap's
//! `lastmod` is where the file's date belongs).

use super::pages::Job;
use crate::kinds::Site;
use crate::markdown::escape_attr as esc;
use crate::model::{Date, Id, PartialDate};
use crate::output::OutputFile;
use crate::strings::{tr, Strings};

/// URL and last change of a job's page; `None` for pages left out of the sitemap.
pub(crate) fn job_url(site: &Site, job: Job) -> Option<(String, Option<Date>)> {
    if job == Job::NotFound {
        return None;
    }
    let updated = job.source_meta(site).and_then(|m| m.updated);
    Some((job.url(site), updated))
}

/// `sitemap.xml`, `atom.xml` and `robots.txt`.
pub(crate) fn feeds(site: &Site, jobs: &[Job], t: &Strings) -> Vec<OutputFile> {
    vec![
        OutputFile::bytes("sitemap.xml".into(), sitemap(site, jobs).into_bytes()),
        OutputFile::bytes("atom.xml".into(), atom(site, t).into_bytes()),
        OutputFile::bytes(
            "robots.txt".into(),
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                site.permalink(&site.url("sitemap.xml"))
            )
            .into_bytes(),
        ),
    ]
}

fn sitemap(site: &Site, jobs: &[Job]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for job in jobs {
        let Some((url, updated)) = job_url(site, *job) else {
            continue;
        };
        s.push_str(&format!("  <url><loc>{}</loc>", esc(&site.permalink(&url))));
        if let Some(d) = updated {
            s.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

fn atom(site: &Site, t: &Strings) -> String {
    let mut entries: Vec<(Date, String, String, Option<String>, String)> = Vec::new();
    for i in 0..site.forums.len() {
        let f = &site.forums[i];
        entries.push((
            f.date,
            f.meta.title.clone(),
            site.forum_url(Id::new(i)),
            f.meta.summary.clone(),
            tr(t, "kind_forum"),
        ));
    }
    for i in 0..site.documents.len() {
        let d = &site.documents[i];
        // Atom needs a full date; a year alone is shown on the site but not put in the feed.
        if let Some(date) = d.own_date().and_then(PartialDate::full) {
            entries.push((
                date,
                d.meta.title.clone(),
                site.document_url(Id::new(i)),
                d.meta.summary.clone(),
                tr(t, &format!("doc_{}", d.kind.as_str())),
            ));
        }
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01".to_string(), |e| e.0.to_string());
    let feed_url = site.permalink(&site.url("atom.xml"));
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n",
        site.config.language.code(),
        esc(&site.config.title),
        esc(&feed_url),
        esc(&feed_url),
        esc(&site.config.base_url),
    );
    for (date, title, url, summary, kind) in entries {
        let link = site.permalink(&url);
        s.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <category term=\"{}\"/>\n    <author><name>{}</name></author>\n",
            esc(&title), esc(&link), esc(&link), esc(&kind), esc(&site.config.title)
        ));
        if let Some(sum) = summary {
            s.push_str(&format!("    <summary>{}</summary>\n", esc(&sum)));
        }
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

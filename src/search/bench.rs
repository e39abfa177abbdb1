//! Benchmark on 10 000 synthetic Swedish pages (ignored by default):
//!
//! ```text
//! cargo test --release --lib bench -- --ignored --nocapture
//! ```
//!
//! prints the build time of [`build_index`](super::build_index) and, for a
//! few queries, the gzip size of what the first query fetches (meta, the
//! term chunks it needs as planned by the same rules as `search.js`, ten card
//! files, the script, and the [`EAGER_PAGES`] result pages read at once for
//! their snippets, whose HTML is estimated as the page's text in plain markup
//! plus [`THEME_CHROME_GZ`]; the figure with all ten pages is printed too). The real figure is
//! measured in a browser on a built site: `tests/browser/recall.mjs
//! --transfer` (see `benches/README.md`). With `BLOMMA_BENCH_OUT=/some/dir`
//! the index is also written there (`<dir>/sok/index/…`).

use std::io::Write;
use std::time::Instant;

use flate2::write::GzEncoder;
use flate2::Compression;

use super::swedish::Swedish;
use super::tokenize::{fold, words};
use super::{build_index, FacetTag, SearchDoc, SearchHeading};

/// CPU time of all threads of this process, in ns (Linux; 0 elsewhere).
fn cpu_ns() -> u64 {
    let mut total = 0;
    if let Ok(dir) = std::fs::read_dir("/proc/self/task") {
        for e in dir.flatten() {
            if let Ok(s) = std::fs::read_to_string(e.path().join("schedstat")) {
                total += s
                    .split_whitespace()
                    .next()
                    .and_then(|x| x.parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
    }
    total
}

/// Deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const FUNCTION_WORDS: &str = "och i att det som en på är av för med till den har de inte om ett \
    men var sig från vi så kan man när år hon under också efter eller nu sin där vid mot ska \
    skulle kommer ut får finns vara hade alla andra mycket än här då sedan över bara in blir upp \
    även vad få två vill ha många hur mer går detta nya procent skall utan sina något allt första \
    fick måste mellan blev bli nästa sitt dem samt genom både dessa vilket enligt inom kring denna \
    varje olika flera stor stora viktigt arbetar tillsammans särskilt fortsatt ökad del delar";

const NOUNS: &str = "hälsa skola kvinna människa flicka gata kyrka satsning insats strategi \
    samverkan uppgift förmåga möjlighet ordning rutin vecka timme kultur miljö ekonomi politik \
    kunskap skillnad förändring utveckling planering uppföljning åtgärd tjänst grupp dialog \
    arbete område ansvar uppdrag beslut underlag resultat mål program \
    projekt samhälle inflytande boende villkor stöd förslag perspektiv nätverk avtal syfte \
    fokus värde intresse exempel behov kommun region län myndighet befolkning verksamhet forskning plan \
    insikt rapport utbildning levnadsvana vana barn ungdom familj förälder elev lärare \
    arbetsgivare vård hälsovård tandvård landsting styrelse nämnd förvaltning organisation \
    folk land stad by invånare medborgare individ faktor orsak risk tobak alkohol narkotika spel \
    kost motion sömn stress ensamhet trygghet jämlikhet jämställdhet delaktighet inkomst \
    försörjning bostad närmiljö trafik park idrott förening bibliotek";
const ADJECTIVES: &str = "god ny regional lokal nationell jämlik hållbar långsiktig tidig \
    social fysisk psykisk ekonomisk gemensam aktiv viktig stark svag hög låg";
const VERBS: &str = "arbeta samverka planera följa stärka främja minska öka utveckla \
    förebygga samla skapa bidra leda styra mäta beskriva";

fn inflect(out: &mut Vec<String>) {
    for w in NOUNS.split_whitespace() {
        if let Some(stem) = w.strip_suffix('a') {
            out.extend([
                w.to_string(),
                format!("{w}n"),
                format!("{w}ns"),
                format!("{stem}or"),
                format!("{stem}orna"),
                format!("{stem}ornas"),
            ]);
        } else if w.ends_with('e') {
            out.extend([
                w.to_string(),
                format!("{w}t"),
                format!("{w}n"),
                format!("{w}na"),
                format!("{w}ts"),
            ]);
        } else {
            out.extend([
                w.to_string(),
                format!("{w}en"),
                format!("{w}er"),
                format!("{w}erna"),
                format!("{w}ens"),
                format!("{w}ernas"),
            ]);
        }
    }
    for w in ADJECTIVES.split_whitespace() {
        for f in [
            w.to_string(),
            format!("{w}a"),
            format!("{w}t"),
            format!("{w}are"),
            format!("{w}aste"),
        ] {
            out.push(f);
        }
    }
    for w in VERBS.split_whitespace() {
        let stem = &w[..w.len() - 1];
        for f in [
            w.to_string(),
            format!("{stem}ar"),
            format!("{stem}ade"),
            format!("{stem}at"),
            format!("{stem}ande"),
        ] {
            out.push(f);
        }
    }
}

/// First part of a compound made of `noun`.
fn modifier(noun: &str, rng: &mut Rng) -> String {
    if let Some(stem) = noun.strip_suffix('a') {
        format!("{stem}o")
    } else if let Some(stem) = noun.strip_suffix('e') {
        format!("{stem}s")
    } else if rng.below(3) == 0 {
        format!("{noun}s")
    } else {
        noun.to_string()
    }
}

const SYLLABLES: &[&str] = &[
    "ber", "by", "dal", "ed", "fors", "holm", "lund", "sjö", "vik", "ås", "mark", "berg", "ö",
    "kil", "sala", "tor", "ny", "gran", "björk", "ek", "lind", "hem", "strand", "näs", "ryd",
    "ham", "sund", "torp", "skog", "å", "ängel", "ström", "vall", "bo", "hult", "stad",
];

/// A vocabulary of about `size` words, most frequent first.
fn vocabulary(size: usize, rng: &mut Rng) -> Vec<String> {
    let mut vocab: Vec<String> = FUNCTION_WORDS
        .split_whitespace()
        .map(String::from)
        .collect();
    let mut content = Vec::new();
    inflect(&mut content);
    // Shuffle the content words.
    for i in (1..content.len()).rev() {
        content.swap(i, rng.below(i + 1));
    }
    let nouns: Vec<&str> = NOUNS.split_whitespace().collect();
    let heads: Vec<String> = content.clone();
    vocab.extend(content);
    let mut seen = std::collections::HashSet::new();
    while vocab.len() < size {
        let w = if rng.below(2) == 0 {
            // Compound: modifier + inflected head.
            let m = modifier(nouns[rng.below(nouns.len())], rng);
            format!("{m}{}", heads[rng.below(heads.len())])
        } else {
            // Names and rare words.
            let n = 2 + rng.below(2);
            (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect::<String>()
        };
        if seen.insert(w.clone()) {
            vocab.push(w);
        }
    }
    vocab
}

const COUNTIES: &[&str] = &[
    "Stockholm",
    "Uppsala",
    "Södermanland",
    "Östergötland",
    "Jönköping",
    "Kronoberg",
    "Kalmar",
    "Gotland",
    "Blekinge",
    "Skåne",
    "Halland",
    "Västra Götaland",
    "Värmland",
    "Örebro",
    "Västmanland",
    "Dalarna",
    "Gävleborg",
    "Västernorrland",
    "Jämtland",
    "Västerbotten",
    "Norrbotten",
];
const KINDS: &[(&str, &str, &str)] = &[
    ("malomrade", "Målområde", "malomraden"),
    ("lan", "Län", "lan"),
    ("aktor", "Aktör", "aktorer"),
    ("forum", "Forum", "forum"),
    ("dokument", "Dokument", "dokument"),
    ("sida", "Sida", "sidor"),
];

struct Writer<'a> {
    vocab: &'a [String],
    ln_v: f64,
}

impl Writer<'_> {
    fn word(&self, rng: &mut Rng) -> &str {
        // Zipf-like: rank r with probability about 1/(r+1).
        let r = ((self.ln_v * rng.unit()).exp() - 1.0) as usize;
        &self.vocab[r.min(self.vocab.len() - 1)]
    }

    fn text(&self, words: usize, rng: &mut Rng) -> String {
        let mut s = String::with_capacity(words * 8);
        let mut left = 0;
        for i in 0..words {
            let w = self.word(rng);
            if left == 0 {
                if i > 0 {
                    s.push_str(". ");
                }
                let mut c = w.chars();
                if let Some(first) = c.next() {
                    s.extend(first.to_uppercase());
                    s.push_str(c.as_str());
                }
                left = 6 + rng.below(12);
            } else {
                s.push(' ');
                s.push_str(w);
            }
            left -= 1;
        }
        s.push('.');
        s
    }
}

/// `n` synthetic pages of about `words` words each.
pub(crate) fn synthetic(n: usize, words: usize) -> Vec<SearchDoc<'static>> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocab = vocabulary(200_000, &mut rng);
    let w = Writer {
        ln_v: (vocab.len() as f64 + 1.0).ln(),
        vocab: &vocab,
    };
    let sections = 4;
    let per_section = words / (sections + 2);
    (0..n)
        .map(|i| {
            // As on the real site, county pages and documents live below
            // /lan/<county>/, so that URL order groups kinds and counties.
            let (kind, label, folder) = KINDS[rng.below(KINDS.len())];
            let in_county = matches!(kind, "lan" | "dokument") || rng.below(10) < 2;
            let county_i = rng.below(COUNTIES.len());
            let county = in_county.then(|| COUNTIES[county_i].to_string());
            let folder = if in_county {
                format!(
                    "lan/{}/{folder}",
                    fold(&COUNTIES[county_i].to_lowercase()).replace(' ', "-")
                )
            } else {
                folder.to_string()
            };
            let title_words = 2 + rng.below(4);
            let title = {
                let t = w.text(title_words, &mut rng);
                t.trim_end_matches('.').to_string()
            };
            let text = w.text(per_section * 2, &mut rng);
            let mut headings = Vec::with_capacity(sections);
            for s in 0..sections {
                let h = w.text(2 + rng.below(3), &mut rng);
                let h = h.trim_end_matches('.').to_string();
                let body = w.text(per_section, &mut rng);
                headings.push(SearchHeading {
                    id: format!("avsnitt-{s}").into(),
                    title: h.into(),
                    text: body.into(),
                });
            }
            let mut facets = vec![FacetTag::new("kind", kind, label, 0)];
            facets.extend(county.map(|c| FacetTag::new("county", c.clone(), c, 0)));
            // Documents cover one to three of the eight target areas.
            if kind == "dokument" {
                for _ in 0..1 + rng.below(3) {
                    let ta = 1 + rng.below(8) as u32;
                    facets.push(FacetTag::new(
                        "target_area",
                        format!("{ta}"),
                        format!("{ta}"),
                        ta,
                    ));
                }
            }
            SearchDoc {
                url: format!("/{folder}/sida-{i}/"),
                title: title.into(),
                kind: kind.into(),
                facets,
                date: (rng.below(2) == 0).then(|| {
                    format!(
                        "20{:02}-{:02}-{:02}",
                        15 + rng.below(10),
                        1 + rng.below(12),
                        1 + rng.below(28)
                    )
                }),
                intro: vec![text.into()],
                headings,
            }
        })
        .collect()
}

/// The kind, county and target-area facets of `docs`.
fn all_facets(docs: &[SearchDoc<'_>]) -> Vec<super::Facet> {
    let spec = |name, on_card| super::FacetSpec {
        name,
        label: name.into(),
        on_card,
    };
    super::facets(
        &[
            spec("kind", true),
            spec("county", true),
            spec("target_area", false),
        ],
        docs,
    )
}

/// Gzip size of `bytes`.
pub(crate) fn gz(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    if e.write_all(bytes).is_err() {
        return bytes.len();
    }
    e.finish().map_or(bytes.len(), |v| v.len())
}

/// The chunk files `search.js` fetches for `query` (same rules: exact and
/// stem keys of every word, common words skipped when others remain, the
/// last word's prefix range up to [`PREFIX_CHUNKS`] chunks).
pub(crate) fn plan_chunks(meta: &serde_json::Value, query: &str) -> Vec<usize> {
    let bounds: Vec<&str> = meta["chunks"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let common: Vec<&str> = meta["common"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let chunk_for = |key: &str| bounds.partition_point(|b| *b <= key).saturating_sub(1);
    let sv = Swedish::new();
    let mut terms = words(query);
    let prefix_last = !query.ends_with(char::is_whitespace);
    if terms.iter().any(|t| !common.contains(&t.as_str())) {
        let last = terms.last().cloned();
        terms.retain(|t| !common.contains(&t.as_str()));
        if terms.last() != last.as_ref() {
            // The last word was common: no prefix search.
            return plan(&terms, false, &sv, &chunk_for, &bounds);
        }
    }
    plan(&terms, prefix_last, &sv, &chunk_for, &bounds)
}

/// Most chunks fetched for the prefix range of the last word.
pub(crate) const PREFIX_CHUNKS: usize = 2;
/// Shortest last word (in characters) that is also searched as a prefix.
pub(crate) const MIN_PREFIX: usize = 3;

fn plan(
    terms: &[String],
    prefix_last: bool,
    sv: &Swedish,
    chunk_for: &dyn Fn(&str) -> usize,
    bounds: &[&str],
) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, t) in terms.iter().enumerate() {
        let f = fold(t).into_owned();
        let s1 = fold(sv.stem(t)).into_owned();
        let s2 = sv.stem(&f).to_string();
        for k in [&s1, &s2] {
            out.push(chunk_for(k));
        }
        if prefix_last && i + 1 == terms.len() && t.chars().count() >= MIN_PREFIX {
            let first = chunk_for(&f);
            out.push(first);
            let mut c = first + 1;
            while c < bounds.len()
                && c <= first + PREFIX_CHUNKS
                && bounds[c].starts_with(f.as_str())
            {
                out.push(c);
                c += 1;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Gzip size of the search script and its ES modules (`search/*.js`), each
/// file compressed on its own as a server sends it.
fn script_gz() -> usize {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static");
    let mut files = vec![std::path::PathBuf::from(format!("{dir}/search.js"))];
    if let Ok(entries) = std::fs::read_dir(format!("{dir}/search")) {
        files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .map(|b| gz(&b))
        .sum()
}

#[test]
#[ignore = "benchmark: run with --release -- --ignored --nocapture"]
fn bench_10k_pages() {
    let docs = synthetic(10_000, 700);
    let words_total: usize = docs
        .iter()
        .flat_map(|d| d.intro.iter().chain(d.headings.iter().map(|h| &h.text)))
        .map(|t| t.split_whitespace().count())
        .sum();
    println!("{} pages, {} words", docs.len(), words_total);
    let files = timed_index(&docs);
    let meta = print_sizes(&files);
    check_first_queries(&docs, &files, &meta);
    write_bench_out(&files);
}

/// Builds the index of `docs` five times after a warm-up, printing wall and CPU times;
/// returns the last build's files.
fn timed_index(docs: &[SearchDoc<'_>]) -> Vec<crate::output::OutputFile> {
    // Warm up the thread pool and the allocator.
    let _ = build_index(&docs[..500], &all_facets(&docs[..500]), "sok/index");
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut files: Vec<crate::output::OutputFile> = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let c = cpu_ns();
        files = build_index(docs, &all_facets(docs), "sok/index");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        cpu.push((cpu_ns() - c) as f64 / 1e6);
    }
    cpu.sort_by(f64::total_cmp);
    println!(
        "build_index CPU time (all threads): min {:.0} ms, median {:.0} ms",
        cpu[0],
        cpu[cpu.len() / 2]
    );
    times.sort_by(f64::total_cmp);
    println!(
        "build_index: min {:.0} ms, median {:.0} ms, max {:.0} ms on {} threads",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1],
        rayon::current_num_threads()
    );
    files
}

/// Prints the number and sizes of the index files; returns the parsed `meta.json`.
fn print_sizes(files: &[crate::output::OutputFile]) -> serde_json::Value {
    let meta_file = files.iter().find(|f| f.path.ends_with("meta.json"));
    let Some(meta_file) = meta_file else {
        panic!("no meta.json");
    };
    let meta: serde_json::Value =
        serde_json::from_slice(meta_file.in_memory().unwrap_or_default()).unwrap_or_default();
    let chunk_sizes: Vec<usize> = files
        .iter()
        .filter(|f| f.path.contains("/t/"))
        .map(|f| f.in_memory().map_or(0, <[u8]>::len))
        .collect();
    let total_bytes: usize = files
        .iter()
        .map(|f| f.in_memory().map_or(0, <[u8]>::len))
        .sum();
    println!(
        "files: {} ({} chunks, largest chunk {} B), total {:.1} MB",
        files.len(),
        chunk_sizes.len(),
        chunk_sizes.iter().max().copied().unwrap_or(0),
        total_bytes as f64 / 1e6
    );
    meta
}

/// Checks that each sample query's first results load in at most 100 KiB gzipped:
/// `meta.json`, the script, the chunks the query plans, 10 cards and the eager pages.
fn check_first_queries(
    docs: &[SearchDoc<'_>],
    files: &[crate::output::OutputFile],
    meta: &serde_json::Value,
) {
    let Some(meta_file) = files.iter().find(|f| f.path.ends_with("meta.json")) else {
        panic!("no meta.json");
    };
    let chunk = |i: usize| {
        files
            .iter()
            .find(|f| f.path == format!("sok/index/t/{i}.json"))
    };
    let meta_gz = gz(meta_file.in_memory().unwrap_or_default());
    let script_gz = script_gz();
    let p90 = |mut v: Vec<usize>| {
        v.sort_unstable();
        v.get(v.len() * 9 / 10).copied().unwrap_or(0)
    };
    let card_p90 = p90(files
        .iter()
        .filter(|f| f.path.contains("/d/"))
        .map(|f| gz(f.in_memory().unwrap_or_default()))
        .collect());
    let page_p90 = p90(docs
        .iter()
        .step_by(37)
        .map(|d| gz(plain_html(d).as_bytes()) + THEME_CHROME_GZ)
        .collect());
    println!("meta.json {meta_gz} B gz, search.js and its modules {script_gz} B gz, card file p90 {card_p90} B gz, result page p90 {page_p90} B gz");
    for q in [
        "hälsa",
        "folkhalsa",
        "levnadsvana",
        "folkhälsa västerbotten",
        "samverkan mellan kommuner och region",
        "arbetsmiljö",
        "folkhäl",
        "tobak alkohol narkotika",
    ] {
        let planned = plan_chunks(meta, q);
        let chunks_gz: usize = planned
            .iter()
            .filter_map(|&i| chunk(i))
            .map(|f| gz(f.in_memory().unwrap_or_default()))
            .sum();
        let base = meta_gz + script_gz + chunks_gz + 10 * card_p90;
        let total = base + EAGER_PAGES * page_p90;
        let all = base + 10 * page_p90;
        println!(
            "first query {q:?}: chunks {planned:?} = {chunks_gz} B gz; with meta, script, 10 cards and {EAGER_PAGES} pages: {total} B gz (all 10 pages: {all} B gz)"
        );
        assert!(total <= 100 * 1024, "first query {q:?} loads {total} B gz");
    }
}

/// Writes the index files under `$BLOMMA_BENCH_OUT`, when set, for a look in a browser.
fn write_bench_out(files: &[crate::output::OutputFile]) {
    if let Ok(out) = std::env::var("BLOMMA_BENCH_OUT") {
        for f in files {
            let path = std::path::Path::new(&out).join(&f.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_default();
            }
            std::fs::write(&path, f.in_memory().unwrap_or_default()).unwrap_or_default();
        }
        println!("written to {out}");
    }
}

/// Result pages that `search.js` reads at once for their snippets (`EAGER`
/// there); the others are read when they come near the screen. In a 1280×720
/// browser window the first query reads just these (`tests/browser/recall.mjs
/// --transfer` counts them).
const EAGER_PAGES: usize = 4;

/// What the default theme adds to a page around its text (header, navigation,
/// footer), gzip-compressed: a generated 10 000-page site's pages are 3.5–4.1 KB
/// gzip, of which the text in plain markup is about 2 KB.
const THEME_CHROME_GZ: usize = 2_048;

/// The text of `d` in plain markup, as the theme would print it.
fn plain_html(d: &SearchDoc<'_>) -> String {
    let mut out = format!("<h1>{}</h1><p>{}</p>", d.title, d.intro.concat());
    for h in &d.headings {
        out.push_str(&format!(
            "<h2 id=\"{}\">{}</h2><p>{}</p>",
            h.id, h.title, h.text
        ));
    }
    out
}

/// Writes `tests/js/fixtures/words.json`, the Rust stems and folds of a word
/// list, which `tests/js/engine.test.mjs` compares with `search.js`:
///
/// ```text
/// cargo test --lib write_js_fixture -- --ignored
/// ```
#[test]
#[ignore = "writes the fixture of the JavaScript tests"]
fn write_js_fixture() {
    let sv = Swedish::new();
    let mut rng = Rng(7);
    let vocab = vocabulary(6_000, &mut rng);
    let extra = "hälsa hälsan hälsans levnadsvanor levnadsvana kommunerna upplöst fullt löst \
        arbetet arbetets heterna hetens lyckligt vänligheten vänligheterna sådd bygd anden \
        andes andet ädel ädelt ädla söderhamn östersund luleå örnsköldsvik umeå skellefteå \
        är år åt äta öl ö å i om på nytt nyttig skadlig rökfria ämne ämnena säkerhet ÅÄÖ";
    let mut list: Vec<String> = vocab
        .into_iter()
        .chain(extra.split_whitespace().map(str::to_lowercase))
        .collect();
    list.sort();
    list.dedup();
    let stems: Vec<[&str; 2]> = list.iter().map(|w| [w.as_str(), sv.stem(w)]).collect();
    let folds: Vec<[String; 2]> = list
        .iter()
        .filter(|w| !w.is_ascii())
        .map(|w| [w.clone(), fold(w).into_owned()])
        .collect();
    let json = serde_json::json!({ "stems": stems, "folds": folds });
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js/fixtures/words.json");
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js/fixtures"))
        .unwrap_or_default();
    std::fs::write(path, json.to_string()).unwrap_or_default();
}

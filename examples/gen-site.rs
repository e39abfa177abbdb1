//! Writes a synthetic blomma site of N pages for benchmarks: every page kind of the content
//! model (target areas, actor roles, counties with organisations and structures, declarations
//! and reports, forums with programs and parts, ordinary pages), cross-references in front
//! matter, `@/` links with `#fragments`, and Swedish text. Deterministic for a given N and seed.
//!
//! Usage: `cargo run --release --example gen-site -- --pages N --out DIR [--seed S]` (DIR is
//! replaced). An example rather than a binary of the package, so that `cargo install` installs
//! only `blomma`; the integration tests include this file as a module and call [`generate`].

use std::fmt::Write as _;
use std::path::Path;

const TARGET_AREAS: [&str; 8] = [
    "det-tidiga-livets-villkor",
    "kunskaper-kompetenser-och-utbildning",
    "arbete-arbetsforhallanden-och-arbetsmiljo",
    "inkomster-och-forsorjningsmojligheter",
    "boende-och-narmiljo",
    "levnadsvanor",
    "kontroll-inflytande-och-delaktighet",
    "en-jamlik-och-halsoframjande-halso-och-sjukvard",
];
const ACTORS: [(&str, &str, &str); 6] = [
    ("folkhalsomyndigheten", "Folkhälsomyndigheten", "national"),
    ("skr", "Sveriges Kommuner och Regioner", "national"),
    ("lansstyrelsen", "Länsstyrelsen", "regional"),
    ("regionen", "Regionen", "regional"),
    ("kommunen", "Kommunen", "local"),
    ("kommunforbund", "Kommunförbundet", "regional"),
];
const COUNTIES: [&str; 21] = [
    "stockholm",
    "uppsala",
    "sodermanland",
    "ostergotland",
    "jonkoping",
    "kronoberg",
    "kalmar",
    "gotland",
    "blekinge",
    "skane",
    "halland",
    "vastra-gotaland",
    "varmland",
    "orebro",
    "vastmanland",
    "dalarna",
    "gavleborg",
    "vasternorrland",
    "jamtland",
    "vasterbotten",
    "norrbotten",
];
const WORDS: &str = "folkhälsa hälsa länsstyrelse region kommun samverkan målområde levnadsvanor jämlikhet \
folkhälsoarbete hälsoläge välbefinnande livsvillkor förutsättningar uppföljning indikator insats åtgärd \
kunskapsunderlag elevhälsa förebyggande skolgång utbildning arbetsmiljö boendemiljö närmiljö fysisk aktivitet \
matvanor tobak alkohol spel narkotika psykisk ohälsa sömn ensamhet delaktighet inflytande trygghet \
barnhälsovård äldreomsorg socialtjänst handlingsplan strategi utvärdering statistik kartläggning analys \
målgrupp befolkning invånare barn ungdomar föräldrar äldre sysselsättning inkomst försörjning bostad \
grönområde friluftsliv civilsamhälle förening samordning ansvar finansiering verksamhet uppdrag rapport \
och i på för med av till att som det en ett är har kan ska inom mellan genom både även samt utifrån";
const HEADINGS: [&str; 8] = [
    "Bakgrund",
    "Nuläge och utmaningar",
    "Åtgärder för ökad hälsa",
    "Uppföljning och indikatorer",
    "Samverkan mellan aktörer",
    "Jämlik hälsa i länet",
    "Barn och unga",
    "Nästa steg",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn sentence(r: &mut Rng, words: &[&str]) -> String {
    let n = 8 + r.below(10);
    let mut s: String = (0..n)
        .map(|_| words[r.below(words.len())])
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(f) = s.get(..1) {
        s = f.to_uppercase() + &s[1..];
    }
    s + "."
}

fn paragraph(r: &mut Rng, words: &[&str]) -> String {
    (0..4 + r.below(3))
        .map(|_| sentence(r, words))
        .collect::<Vec<_>>()
        .join(" ")
}

fn heading_id(h: &str) -> String {
    h.to_lowercase()
        .replace(['å', 'ä'], "a")
        .replace('ö', "o")
        .replace(' ', "-")
}

/// A body of ~700 words with headings, a list, a table, a code block and `@/` links.
fn body(r: &mut Rng, words: &[&str], links: &[String]) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "{}\n", paragraph(r, words));
    // Every body opens with `## Bakgrund`, so `#bakgrund` links always resolve.
    let start = 1 + r.below(HEADINGS.len() - 4);
    for k in 0..4 {
        let h = if k == 0 {
            HEADINGS[0]
        } else {
            HEADINGS[start + k - 1]
        };
        let _ = writeln!(b, "## {h}\n\n{}\n", paragraph(r, words));
        if k == 1 {
            for _ in 0..4 {
                let _ = writeln!(b, "- {}", sentence(r, words));
            }
            b.push('\n');
        }
        if k == 2 {
            b.push_str("| Indikator | Andel (%) | Trend |\n|---|--:|---|\n");
            for _ in 0..4 {
                let _ = writeln!(
                    b,
                    "| {} | {}.{} | ökar |",
                    words[r.below(words.len())],
                    r.below(90),
                    r.below(10)
                );
            }
            b.push('\n');
        }
        if k == 3 {
            let _ = writeln!(
                b,
                "```yaml\nmalomrade: {}\nuppfoljning: {}\n```\n",
                1 + r.below(8),
                2020 + r.below(6)
            );
        }
        if let Some(l) = links.get(k) {
            let _ = writeln!(b, "Läs också [{}]({l}).\n", words[r.below(words.len())]);
        }
        let _ = writeln!(b, "{}\n", paragraph(r, words));
    }
    b
}

fn write(root: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    let p = root.join(rel);
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d)?;
    }
    std::fs::write(p, text)
}

#[allow(dead_code)] // unused where the integration tests include this file as a module
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let n: usize = arg("--pages").ok_or("--pages N is required")?.parse()?;
    let out = arg("--out").ok_or("--out DIR is required")?;
    let seed: u64 = arg("--seed").map_or(Ok(42), |s| s.parse())?;
    generate(n, Path::new(&out), seed)?;
    Ok(())
}

/// Writes a site of about `n` pages into `root` (replaced if it exists), deterministically
/// for a given `seed`.
pub(crate) fn generate(n: usize, root: &Path, seed: u64) -> std::io::Result<()> {
    let mut r = Rng(seed.max(1));
    if root.exists() {
        std::fs::remove_dir_all(root)?;
    }
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    write(
        root,
        "site.toml",
        "title = \"Syntetisk folkhälsa\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\n",
    )?;
    write(
        root,
        "content/_index.md",
        "---\ntitle: Start\n---\n\nSyntetisk webbplats.\n",
    )?;
    // Fixed parts: 8 target areas, 6 actor roles, 21 counties.
    for (i, slug) in TARGET_AREAS.iter().enumerate() {
        let b = body(&mut r, &words, &[]);
        write(
            root,
            &format!("content/malomraden/{slug}.md"),
            &format!(
                "---\nnumber: {}\ntitle: Målområde {}\nsummary: {}\n---\n\n{b}",
                i + 1,
                i + 1,
                sentence(&mut r, &words)
            ),
        )?;
    }
    for (slug, title, level) in ACTORS {
        let ta = TARGET_AREAS[r.below(8)];
        let b = body(&mut r, &words, &[]);
        write(root, &format!("content/aktorer/{slug}.md"), &format!("---\ntitle: {title}\nlevel: {level}\nresponsibilities:\n  - {}\ntarget_areas: [{ta}]\n---\n\n{b}", sentence(&mut r, &words)))?;
    }
    for c in COUNTIES {
        let b = body(&mut r, &words, &[]);
        write(root, &format!("content/lan/{c}/_index.md"), &format!(
            "---\norganisations:\n  - name: Länsstyrelsen {c}\n    role: lansstyrelsen\n  - name: Region {c}\n    role: regionen\nstructures:\n  - name: Folkhälsorådet\n    purpose: {}\n    groups:\n      - name: Ledningsgrupp\n        members:\n          - name: Anna Andersson\n            title: direktör\n            county: {c}\n---\n\n{b}",
            sentence(&mut r, &words)))?;
    }
    let fixed = 8 + 6 + 21;
    let rest = n.saturating_sub(fixed);
    // Of the rest: 30 % county documents, 2 % forums with 8 % parts, the others ordinary pages.
    let docs = rest * 30 / 100;
    let forums = (rest * 2 / 100).max(1);
    let parts = rest * 8 / 100;
    let pages = rest.saturating_sub(docs + forums + parts);
    let mut targets: Vec<String> = TARGET_AREAS
        .iter()
        .map(|t| format!("@/malomraden/{t}.md"))
        .collect();
    targets.extend(COUNTIES.iter().map(|c| format!("@/lan/{c}/_index.md")));
    let link = |r: &mut Rng, targets: &[String]| -> Vec<String> {
        (0..3)
            .map(|_| targets[r.below(targets.len())].clone())
            .collect()
    };
    for i in 0..docs {
        let c = COUNTIES[i % 21];
        let (kind, extra) = if i % 3 == 0 {
            let status = ["draft", "adopted", "revised"][r.below(3)];
            (
                "declaration",
                format!(
                    "status: {status}\nadopted: 20{:02}-0{}-1{}\nsignatories: [Länsstyrelsen {c}, Region {c}]\ntarget_areas: [{}, {}]\ncommitments:\n  - role: lansstyrelsen\n    items:\n      - {}\n  - role: kommunen\n    items:\n      - {}\n",
                    18 + r.below(7), 1 + r.below(9), r.below(9), TARGET_AREAS[r.below(8)], TARGET_AREAS[r.below(8)], sentence(&mut r, &words), sentence(&mut r, &words)
                ),
            )
        } else {
            (
                "report",
                format!("target_areas: [{}]\n", TARGET_AREAS[r.below(8)]),
            )
        };
        let l = link(&mut r, &targets);
        let b = body(&mut r, &words, &l);
        write(
            root,
            &format!("content/lan/{c}/dokument-{i}.md"),
            &format!(
                "---\nkind: {kind}\ntitle: Dokument {i} om {}\nsummary: {}\n{extra}---\n\n{b}",
                words[r.below(words.len())],
                sentence(&mut r, &words)
            ),
        )?;
        if i % 10 == 0 {
            targets.push(format!(
                "@/lan/{c}/dokument-{i}.md#{}",
                heading_id(HEADINGS[0])
            ));
        }
    }
    for f in 0..forums {
        let mut program = String::new();
        let my_parts: Vec<usize> = (0..parts).filter(|p| p % forums == f).collect();
        for (k, p) in my_parts.iter().enumerate() {
            let _ = write!(program, "  - time: \"{:02}:{:02}\"\n    title: {}\n    part: del-{p}\n    speakers:\n      - name: Talare {p}\n        county: {}\n", 9 + k / 4, (k % 4) * 15, sentence(&mut r, &words), COUNTIES[r.below(21)]);
        }
        let b = body(&mut r, &words, &[]);
        write(root, &format!("content/forum/forum-{f}/_index.md"), &format!("---\ntitle: Forum {f}\ndate: 20{:02}-1{}-0{}\nvenue: Stockholm\norganiser: folkhalsomyndigheten\nparticipants: {}\nprogram:\n{program}---\n\n{b}", 18 + r.below(7), r.below(3), 1 + r.below(9), 50 + r.below(200)))?;
        for (k, p) in my_parts.iter().enumerate() {
            let l = link(&mut r, &targets);
            let b = body(&mut r, &words, &l);
            write(root, &format!("content/forum/forum-{f}/del-{p}.md"), &format!("---\ntitle: Del {p}\nweight: {k}\ntarget_areas: [{}]\ncounties: [{}]\nactors: [kommunen]\n---\n\n{b}", TARGET_AREAS[r.below(8)], COUNTIES[r.below(21)]))?;
        }
    }
    for i in 0..pages {
        let section = format!("avsnitt-{}", i % 20);
        if i < 20 {
            write(
                root,
                &format!("content/{section}/_index.md"),
                &format!("---\ntitle: Avsnitt {}\n---\n\nÖversikt.\n", i % 20),
            )?;
        }
        let l = link(&mut r, &targets);
        let b = body(&mut r, &words, &l);
        write(
            root,
            &format!("content/{section}/sida-{i}.md"),
            &format!(
                "---\ntitle: Sida {i} om {}\nsummary: {}\nupdated: 2024-0{}-1{}\n---\n\n{b}",
                words[r.below(words.len())],
                sentence(&mut r, &words),
                1 + r.below(9),
                r.below(9)
            ),
        )?;
    }
    eprintln!(
        "wrote {} pages to {}",
        fixed + docs + forums + parts + pages,
        root.display()
    );
    Ok(())
}

//! A deterministic generator of large milnik sites for benchmarks: the bundled Ostrava content
//! plus K generated Markdown articles of realistic length and markup (headings, lists, tables,
//! links, emphasis, measure shortcodes), each linked to measures and areas of the plan.
//!
//! The same seed and size always give byte-identical files, so runs on different days and
//! machines measure the same work.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// A small, fast, deterministic pseudo-random sequence (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "bydlení",
    "sociální",
    "práce",
    "rodina",
    "dluhy",
    "domovník",
    "dostupnost",
    "podpora",
    "poradenství",
    "služba",
    "lokalita",
    "obyvatelé",
    "město",
    "obvod",
    "projekt",
    "klienti",
    "zaměstnanost",
    "prevence",
    "kriminalita",
    "zdraví",
    "participace",
    "spolupráce",
    "terénní",
    "program",
    "vzdělávání",
    "děti",
    "mládež",
    "senioři",
    "asistence",
    "komunita",
    "výzva",
    "financování",
    "hodnocení",
    "indikátor",
    "cíl",
    "opatření",
    "akční",
    "plán",
    "Ostrava",
    "Vítkovice",
    "Poruba",
    "Kunčičky",
    "Přívoz",
    "a",
    "v",
    "s",
    "k",
    "pro",
    "na",
    "do",
    "od",
    "při",
    "který",
    "jejich",
    "nové",
    "další",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(14);
    words(rng, n)
}

fn words(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(first) = c.next() {
                s.extend(first.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            match rng.below(40) {
                0 => write!(s, "**{w}**").unwrap(),
                1 => write!(s, "*{w}*").unwrap(),
                2 => write!(s, "{} {w}", 10 + rng.below(2000)).unwrap(),
                _ => s.push_str(w),
            }
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng) -> String {
    (0..3 + rng.below(4))
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the generated articles may refer to.
pub struct Refs {
    pub measures: Vec<String>,
    pub areas: Vec<String>,
}

impl Refs {
    /// Reads the measure and area IDs of the site at `root` through milnik itself.
    pub fn of_site(root: &Path) -> Refs {
        let checked = milnik::build::check(&milnik::build::BuildOptions::new(root));
        let site = checked
            .site
            .unwrap_or_else(|| panic!("the base site does not check:\n{}", checked.diagnostics));
        Refs {
            measures: site.measures.iter().map(|m| m.id.clone()).collect(),
            areas: site.areas.iter().map(|a| a.id.clone()).collect(),
        }
    }
}

/// The text of generated article number `n` (front matter and body).
pub fn article(n: usize, refs: &Refs, rng: &mut Rng) -> String {
    let n_words = 3 + rng.below(5);
    let title = format!("{} č. {}", words(rng, n_words).trim_end_matches('.'), n + 1);
    let year = 2022 + rng.below(4);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let measure = rng.pick(&refs.measures).clone();
    let area = rng.pick(&refs.areas).clone();
    let mut s = String::new();
    writeln!(s, "+++").unwrap();
    writeln!(s, "title = {title:?}").unwrap();
    writeln!(s, "date = {year}-{month:02}-{day:02}").unwrap();
    writeln!(s, "author = \"Redakce\"").unwrap();
    writeln!(s, "summary = {:?}", sentence(rng)).unwrap();
    writeln!(
        s,
        "tags = [\"{}\", \"{}\"]",
        rng.pick(WORDS),
        rng.pick(WORDS)
    )
    .unwrap();
    writeln!(s, "measures = [\"{measure}\"]").unwrap();
    writeln!(s, "areas = [\"{area}\"]").unwrap();
    writeln!(s, "+++").unwrap();
    writeln!(s).unwrap();
    writeln!(s, "{}", paragraph(rng)).unwrap();
    for section in 0..2 + rng.below(3) {
        let n_words = 2 + rng.below(5);
        writeln!(s, "\n## {}\n", words(rng, n_words).trim_end_matches('.')).unwrap();
        writeln!(s, "{}\n", paragraph(rng)).unwrap();
        match section % 3 {
            0 => {
                for _ in 0..3 + rng.below(4) {
                    writeln!(s, "- {}", sentence(rng)).unwrap();
                }
                writeln!(s).unwrap();
            }
            1 => {
                writeln!(s, "| Ukazatel | Hodnota | Stav k |").unwrap();
                writeln!(s, "|---|---:|---|").unwrap();
                for _ in 0..3 + rng.below(5) {
                    writeln!(
                        s,
                        "| {} | {} | {}. {}. {} |",
                        rng.pick(WORDS),
                        rng.below(5000),
                        1 + rng.below(28),
                        1 + rng.below(12),
                        2022 + rng.below(4)
                    )
                    .unwrap();
                }
                writeln!(s).unwrap();
            }
            _ => {
                writeln!(
                    s,
                    "Více o opatření {{{{< measure {measure} >}}}} najdete v [přehledu opatření](/opatreni/) a na [webu města](https://www.ostrava.cz/).\n"
                )
                .unwrap();
            }
        }
        writeln!(s, "{}", paragraph(rng)).unwrap();
    }
    s
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in WalkDir::new(from).sort_by_file_name() {
        let entry = entry?;
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Creates at `out` the site at `base` (its `milnik.toml` and `content/`) with `articles`
/// generated articles added under `content/articles/gen/`. Returns the generated files' paths.
pub fn site(base: &Path, out: &Path, articles: usize, seed: u64) -> std::io::Result<Vec<PathBuf>> {
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::create_dir_all(out)?;
    std::fs::copy(base.join("milnik.toml"), out.join("milnik.toml"))?;
    copy_tree(&base.join("content"), &out.join("content"))?;
    let refs = Refs::of_site(base);
    let dir = out.join("content/articles/gen");
    std::fs::create_dir_all(&dir)?;
    let mut rng = Rng::new(seed);
    let mut paths = Vec::with_capacity(articles);
    for n in 0..articles {
        let path = dir.join(format!("clanek-{:06}.md", n + 1));
        std::fs::write(&path, article(n, &refs, &mut rng))?;
        paths.push(path);
    }
    Ok(paths)
}

//! A deterministic generator of large milnik sites for benchmarks: the bundled Ostrava content,
//! or a synthetic plan of any size (areas, goals, measures with full cards, evaluation waves
//! that report every measure and every indicator), plus K generated Markdown articles of
//! realistic length and markup (headings, lists, captioned tables, links, emphasis, measure
//! shortcodes), each linked to measures and areas of the plan.
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

    /// A whole number from `lo` to `hi`, both included.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True once in `n` times on average.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
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
    let mut tables = 0;
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
                tables += 1;
                writeln!(
                    s,
                    "\n: Tabulka {tables} Vybrané ukazatele a jejich hodnoty\n"
                )
                .unwrap();
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

/// Copies the tree at `from` to `to`, leaving out the entries (relative to `from`) for which
/// `skip` is true; a skipped directory is left out with everything in it.
fn copy_tree(from: &Path, to: &Path, skip: impl Fn(&Path) -> bool) -> std::io::Result<()> {
    let walk = WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !skip(e.path().strip_prefix(from).expect("inside")));
    for entry in walk {
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

/// The size of a generated site.
pub struct Size {
    /// Measures of a synthetic plan. 0 keeps the bundled Ostrava plan and its waves.
    pub measures: usize,
    /// Evaluation waves of the synthetic plan (ignored when `measures` is 0).
    pub waves: usize,
    /// Generated articles under `content/articles/gen/`.
    pub articles: usize,
}

/// Creates at `out` the site at `base` (its `milnik.toml` and `content/`) with `articles`
/// generated articles added under `content/articles/gen/`. Returns the generated articles'
/// paths.
pub fn site(base: &Path, out: &Path, articles: usize, seed: u64) -> std::io::Result<Vec<PathBuf>> {
    let size = Size {
        measures: 0,
        waves: 0,
        articles,
    };
    site_sized(base, out, &size, seed)
}

/// Creates at `out` a site of the given size from the site at `base`, and returns the generated
/// articles' paths.
///
/// With `size.measures == 0` it is the site at `base` (its `milnik.toml` and `content/`) with
/// the generated articles added under `content/articles/gen/`. Otherwise the plan is
/// synthetic: `plan.toml` keeps the base plan's general fields, abbreviations, schedule and
/// risks, but states the generated number of measures and the generated allocation totals;
/// `content/areas/` holds six thematic areas with `size.measures` measures in all, and
/// `content/waves/` holds `size.waves` evaluation waves, each reporting every specific goal,
/// every measure, every impact indicator and every global indicator of `indicators.toml`.
/// The base site's own areas, waves and articles are left out (its articles are about the
/// base plan's measures); its pages and global indicators are kept. The generated articles
/// then refer to the synthetic plan's measures and areas.
pub fn site_sized(
    base: &Path,
    out: &Path,
    size: &Size,
    seed: u64,
) -> std::io::Result<Vec<PathBuf>> {
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::create_dir_all(out)?;
    std::fs::copy(base.join("milnik.toml"), out.join("milnik.toml"))?;
    // The site's own texts (Ostrava words some of the theme's texts its way).
    if base.join("i18n").is_dir() {
        copy_tree(&base.join("i18n"), &out.join("i18n"), |_| false)?;
    }
    let content = out.join("content");
    let refs = if size.measures == 0 {
        copy_tree(&base.join("content"), &content, |_| false)?;
        Refs::of_site(base)
    } else {
        copy_tree(&base.join("content"), &content, |rel| {
            rel == Path::new("plan.toml")
                || rel.starts_with("areas")
                || rel.starts_with("waves")
                || rel.starts_with("articles")
        })?;
        write_plan(base, &content, size, seed)?
    };
    let dir = content.join("articles/gen");
    std::fs::create_dir_all(&dir)?;
    let mut rng = Rng::new(seed);
    let mut paths = Vec::with_capacity(size.articles);
    for n in 0..size.articles {
        let path = dir.join(format!("clanek-{:06}.md", n + 1));
        std::fs::write(&path, article(n, &refs, &mut rng))?;
        paths.push(path);
    }
    Ok(paths)
}

// ---------------------------------------------------------------------------------------------
// The synthetic plan
// ---------------------------------------------------------------------------------------------

/// The six thematic areas, with the things their indicators count (genitive plural, so that
/// "Počet …" and "Podíl …" read well).
const AREAS: &[(&str, &[&str])] = &[
    (
        "Bydlení",
        &[
            "zabydlených domácností",
            "vyčleněných sociálních bytů",
            "domácností ohrožených ztrátou bydlení",
            "klientů kontaktního místa pro bydlení",
            "podaných žádostí o sociální bydlení",
        ],
    ),
    (
        "Prevence kriminality",
        &[
            "asistentů prevence kriminality",
            "uskutečněných preventivních akcí",
            "osob se změnou životních návyků",
            "podpořených domovníků-preventistů",
            "osob ohrožených závislostí v péči",
        ],
    ),
    (
        "Zaměstnanost a dluhová problematika",
        &[
            "osob, které získaly zaměstnání",
            "osob se sníženým dluhem",
            "podpořených uchazečů o zaměstnání",
            "osob se zmapovanou dluhovou situací",
            "vytvořených pracovních míst",
        ],
    ),
    (
        "Rodina",
        &[
            "podpořených rodin s dětmi",
            "dětí zapojených do volnočasových aktivit",
            "rodin se stabilizovanou situací",
            "dětí, které dokončily základní školu",
            "rodin bez zásahu orgánu sociálně-právní ochrany dětí",
        ],
    ),
    (
        "Participace",
        &[
            "uskutečněných setkání s obyvateli",
            "zveřejněných informačních sdělení",
            "zapojených obyvatel",
            "jednání odborných platforem",
            "podpořených komunitních aktivit",
        ],
    ),
    (
        "Zdraví",
        &[
            "osob registrovaných u praktického lékaře",
            "osob s lepší péčí o vlastní zdraví",
            "absolvovaných preventivních prohlídek",
            "osob podpořených zdravotní mediací",
            "osob se zprostředkovanou odbornou službou",
        ],
    ),
];

const TARGET_GROUPS: &[&str] = &[
    "Viz cílová skupina tematické oblasti",
    "Domácnosti v bytové nouzi",
    "Rodiny s dětmi",
    "Osoby bez přístřeší",
    "Senioři",
    "Děti a mládež ze sociálně vyloučených lokalit",
    "Osoby ohrožené dluhy",
    "Dlouhodobě nezaměstnaní",
    "Obyvatelé sociálně vyloučených lokalit",
    "Veřejnost, domácnosti v bytové nouzi",
    "Osoby se zdravotním postižením",
    "Osoby ohrožené závislostí",
    "Stakeholdeři, zprostředkovaně obyvatelé města",
];

const RESPONSIBLE: &[&str] = &[
    "Statutární město Ostrava",
    "Nestátní nezisková organizace",
    "Statutární město Ostrava, nestátní neziskové organizace",
    "MMO",
    "Městský obvod Ostrava-Jih",
    "Městský obvod Vítkovice",
    "Úřad práce ČR",
    "Agentura pro sociální začleňování",
];

const SCHEDULES: &[&str] = &[
    "2022–2025",
    "2023–2025",
    "01/2023–12/2025",
    "2024–2025",
    "Zahájení v roce 2024",
    "Průběžně",
];

const SERVICES: &[&str] = &[
    "Aktivita",
    "Aktivita",
    "Odborné sociální poradenství",
    "Terénní programy",
    "Sociálně aktivizační služby pro rodiny s dětmi",
    "Krizová pomoc",
    "Nízkoprahová zařízení pro děti a mládež",
    "Sociální rehabilitace",
];

/// Service types as the evaluations print them after the activity.
const SERVICE_ABBRS: &[&str] = &["OSP", "SAS", "TP", "SNP", "Krizová pomoc"];

const IMPLEMENTERS: &[&str] = &[
    "Statutární město Ostrava",
    "Armáda spásy v České republice, z. s.",
    "Slezská diakonie",
    "Renarkon, o. p. s.",
    "Centrum Anabell, z. ú.",
    "Spolu pro rodinu, z. s.",
    "CENTROM, z. s.",
    "Charita Ostrava",
    "Vzájemné soužití, o. p. s.",
    "Společnost Podané ruce, o. p. s.",
    "Statutární město Ostrava – Městský obvod Vítkovice",
    "Statutární město Ostrava – Mariánské Hory a Hulváky",
    "Agentura pro sociální začleňování",
];

const MEASURE_NOUNS: &[&str] = &[
    "Zajištění",
    "Rozšíření",
    "Podpora",
    "Vytvoření",
    "Posílení",
    "Rozvoj",
    "Organizace",
    "Zachování",
    "Zřízení",
];

const GOAL_VERBS: &[&str] = &[
    "Podporovat",
    "Rozvíjet",
    "Posilovat",
    "Zajistit",
    "Zlepšit",
    "Předcházet",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Programme {
    Opz,
    Irop,
}

impl Programme {
    fn name(self) -> &'static str {
        match self {
            Programme::Opz => "OPZ+",
            Programme::Irop => "IROP",
        }
    }
}

#[derive(Clone)]
enum Cost {
    /// In crowns, and whether it is printed with "Přibližně".
    Amount(u64, bool),
    SameAs(String),
}

struct Financing {
    service: &'static str,
    cost: Option<Cost>,
    period: Option<&'static str>,
    sources: Vec<&'static str>,
}

struct Allocation {
    amount: u64,
    programme: Programme,
    counted: bool,
}

struct Project {
    registration: String,
    /// In haléře.
    budget: u64,
    programme: Programme,
    /// As annex A prints it, when it differs from the measure's implementer.
    implementer: Option<&'static str>,
}

type Ymd = (u32, u32, u32);

enum Period {
    Range(Ymd, Ymd),
    Year(u32),
    Ongoing,
}

struct Measure {
    id: String,
    title: String,
    description: String,
    target_group: &'static str,
    output_indicators: Vec<String>,
    responsible: &'static str,
    schedule: &'static str,
    expected_cost: Option<Cost>,
    funding_sources: Vec<&'static str>,
    related: Vec<String>,
    related_note: Option<&'static str>,
    financing: Financing,
    allocation: Option<Allocation>,
    note: Option<String>,
    // What the evaluation waves report.
    implementer: &'static str,
    project: Option<Project>,
    service: Option<&'static str>,
    period: Period,
    /// The wave (0-based) in which the measure starts; `None`: never.
    start: Option<usize>,
    /// Project reports in total ("(2/6)" has 6) and the first report a wave can use.
    reports: u32,
    first_report: u32,
    /// Waves after its start when a non-project measure is done; `None`: it goes on.
    done_after: Option<usize>,
}

impl Measure {
    /// The status in wave `w` (0-based).
    fn status(&self, w: usize) -> String {
        let Some(age) = self.start.and_then(|s| w.checked_sub(s)) else {
            return "Nerealizováno".into();
        };
        if self.project.is_some() {
            let used = (age as u32 * 2 + self.first_report).min(self.reports);
            if used == self.reports && age >= 2 {
                "Dokončeno".into()
            } else {
                format!("V realizaci ({used}/{})", self.reports)
            }
        } else if self.done_after.is_some_and(|d| age >= d) {
            "Dokončeno".into()
        } else {
            "V realizaci".into()
        }
    }
}

struct ImpactIndicator {
    key: String,
    name: String,
    /// A count, or a share in per cent when `share` is set.
    target: u64,
    share: bool,
    /// The share at the start, in per cent.
    share_start: u64,
    /// Progress towards the target per wave, in per mille.
    pace: u64,
}

struct SpecificGoal {
    id: String,
    title: String,
    expected_impact: String,
    indicators: Vec<ImpactIndicator>,
    measures: Vec<Measure>,
}

struct StrategicGoal {
    id: String,
    title: String,
    goals: Vec<SpecificGoal>,
}

struct Area {
    id: usize,
    title: &'static str,
    target_group: String,
    goals_intro: Option<String>,
    goals: Vec<StrategicGoal>,
}

/// Splits `n` into groups of `lo..=hi` items (the last group takes what is left, never fewer
/// than `lo` unless `n` itself is smaller).
fn groups(rng: &mut Rng, n: usize, lo: usize, hi: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut left = n;
    while left > 0 {
        let take = if left <= hi {
            left
        } else {
            rng.range(lo, hi).min(left - lo)
        };
        out.push(take);
        left -= take;
    }
    out
}

/// `n` words of the word list, without markup, none twice in a row, the last one not a short
/// function word.
fn plain_words(rng: &mut Rng, n: usize) -> String {
    let mut out: Vec<&str> = Vec::with_capacity(n);
    while out.len() < n {
        let w = *rng.pick(WORDS);
        let last = out.len() + 1 == n;
        if out.last() != Some(&w) && (!last || w.chars().count() > 3) {
            out.push(w);
        }
    }
    out.join(" ")
}

fn pick_str(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len())]
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A Markdown bulleted list of `n` generated sentences.
fn bullets(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| format!("- {}", sentence(rng)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A three-year project period starting on the first of a month in 2022–2023.
fn project_period(rng: &mut Rng) -> Period {
    let (y, m) = (2022 + rng.below(2) as u32, 1 + rng.below(12) as u32);
    let to = if m == 1 {
        (y + 2, 12, 31)
    } else {
        (y + 3, m - 1, days_in_month(y + 3, m - 1))
    };
    Period::Range((y, m, 1), to)
}

/// A cost in crowns: 0,3–60 mil. Kč in round hundreds of thousands.
fn amount(rng: &mut Rng) -> u64 {
    match rng.below(10) {
        0..=4 => 300_000 + 100_000 * rng.below(48) as u64,
        5..=8 => 5_000_000 + 500_000 * rng.below(31) as u64,
        _ => 20_000_000 + 5_000_000 * rng.below(9) as u64,
    }
}

fn impact_indicators(rng: &mut Rng, things: &[&str]) -> Vec<ImpactIndicator> {
    let first = rng.below(things.len());
    let n = 1 + rng.below(2);
    (0..n)
        .map(|j| {
            let thing = things[(first + j) % things.len()];
            let share = rng.one_in(8);
            let (name, target) = if share {
                (format!("Podíl {thing}"), 40 + 5 * rng.below(11) as u64)
            } else {
                (format!("Počet {thing}"), 10 * rng.range(2, 60) as u64)
            };
            ImpactIndicator {
                key: milnik::slug::slugify(&name),
                name,
                target,
                share,
                share_start: 10 + rng.below(25) as u64,
                pace: 150 + 10 * rng.below(26) as u64,
            }
        })
        .collect()
}

fn measure(rng: &mut Rng, id: String, first_in_goal: Option<&Measure>, serial: usize) -> Measure {
    let noun = *rng.pick(MEASURE_NOUNS);
    let n_words = rng.range(2, 5);
    let title = format!("{noun} {}", plain_words(rng, n_words));
    let mut description = paragraph(rng);
    if rng.one_in(2) {
        let n = rng.range(2, 4);
        write!(description, "\n\n{}", bullets(rng, n)).unwrap();
    }
    description.push('\n');
    const OUTPUTS: &[&str] = &[
        "podpořených osob",
        "podpořených domácností",
        "uskutečněných setkání",
        "účastníků kurzů",
        "klientů služby",
        "bytových jednotek",
        "advokačních aktivit a podání",
    ];
    let first_output = rng.below(OUTPUTS.len());
    let output_indicators = (0..rng.range(1, 3))
        .map(|k| {
            format!(
                "Počet {} (cílová hodnota {})",
                OUTPUTS[(first_output + k) % OUTPUTS.len()],
                5 * rng.range(2, 80)
            )
        })
        .collect();
    // The programme of the KPSV+ call that funds it, if any.
    let programme = match rng.below(10) {
        0..=4 => Some(Programme::Opz),
        5 => Some(Programme::Irop),
        _ => None,
    };
    let own = amount(rng);
    let expected_cost = match rng.below(12) {
        0 => None,
        1 | 2 => match first_in_goal {
            Some(first) if matches!(first.expected_cost, Some(Cost::Amount(..))) => {
                Some(Cost::SameAs(first.id.clone()))
            }
            _ => Some(Cost::Amount(own, false)),
        },
        3 | 4 => Some(Cost::Amount(own, true)),
        _ => Some(Cost::Amount(own, false)),
    };
    let funding_sources: Vec<&'static str> = match programme {
        Some(Programme::Opz) if rng.one_in(2) => vec!["OPZ+", "rozpočet města"],
        Some(Programme::Opz) => vec!["OPZ+"],
        Some(Programme::Irop) => vec!["IROP", "rozpočet NNO"],
        None => vec![*rng.pick(&["rozpočet města", "MPSV", "státní rozpočet", "rozpočet NNO"])],
    };
    // Tabulka 5 sometimes states another cost than the card; the note says so.
    let mut note = None;
    let financing_cost = match &expected_cost {
        Some(Cost::Amount(a, _)) if rng.one_in(15) => {
            let other = amount(rng);
            note = Some(format!(
                "Karta opatření uvádí předpokládané náklady {} Kč, tabulka financování opatření {} Kč.",
                group_digits(*a),
                group_digits(other)
            ));
            Some(Cost::Amount(other, false))
        }
        Some(Cost::Amount(a, _)) => Some(Cost::Amount(*a, false)),
        other => other.clone(),
    };
    let financing = Financing {
        service: pick_str(rng, SERVICES),
        period: match &financing_cost {
            Some(Cost::Amount(..)) => {
                Some(*rng.pick(&["3 roky", "3 roky", "2 roky", "jednorázově"]))
            }
            _ => None,
        },
        cost: financing_cost,
        sources: funding_sources.clone(),
    };
    let allocation = match (&financing.cost, programme) {
        (Some(Cost::Amount(a, _)), Some(programme)) => Some(Allocation {
            amount: *a,
            programme,
            counted: !(programme == Programme::Irop && rng.one_in(5)),
        }),
        _ => None,
    };
    if allocation.as_ref().is_some_and(|a| !a.counted) {
        note = Some(
            "Alokace je v tabulce KPSV+ uvedena v závorce a není započtena do celkové alokace, protože opatření bude pravděpodobně realizováno z jiné výzvy."
                .into(),
        );
    }
    let implementer = *rng.pick(IMPLEMENTERS);
    let project = match programme {
        Some(programme) if !rng.one_in(5) => {
            let allocated = allocation.as_ref().map_or(own, |a| a.amount);
            // 60–100 % of the allocation, to the haléř.
            let budget =
                allocated * rng.range(60, 99) as u64 + rng.below(allocated as usize) as u64;
            Some(Project {
                registration: match programme {
                    Programme::Opz => format!("CZ.03.02.01/00/22_018/{:07}", serial),
                    Programme::Irop => format!("CZ.06.04.02/00/22_014/{:07}", serial),
                },
                budget,
                programme,
                implementer: rng
                    .one_in(10)
                    .then(|| *rng.pick(IMPLEMENTERS))
                    .filter(|i| *i != implementer),
            })
        }
        _ => None,
    };
    let service = (project.is_some() && rng.one_in(2)).then(|| *rng.pick(SERVICE_ABBRS));
    let period = if project.is_some() {
        project_period(rng)
    } else if rng.one_in(4) {
        Period::Year(2023 + rng.below(2) as u32)
    } else {
        Period::Ongoing
    };
    let start = match rng.below(100) {
        0..=69 => Some(0),
        70..=84 => Some(1),
        85..=91 => Some(2),
        92..=94 => Some(3),
        _ => None,
    };
    Measure {
        id,
        title,
        description,
        target_group: pick_str(rng, TARGET_GROUPS),
        output_indicators,
        responsible: pick_str(rng, RESPONSIBLE),
        schedule: pick_str(rng, SCHEDULES),
        expected_cost,
        funding_sources,
        related: Vec::new(),
        related_note: rng
            .one_in(25)
            .then(|| *rng.pick(&["Osoby bez přístřeší", "Koncepce sociálního bydlení"])),
        financing,
        allocation,
        note,
        implementer,
        project,
        service,
        period,
        start,
        reports: *rng.pick(&[6, 6, 6, 4, 8]),
        first_report: rng.below(3) as u32,
        done_after: rng.one_in(3).then(|| rng.range(1, 3)),
    }
}

/// A synthetic plan of `measures` measures in six areas.
fn plan(measures: usize, rng: &mut Rng) -> Vec<Area> {
    let mut serial = 1000;
    let mut areas: Vec<Area> = AREAS
        .iter()
        .enumerate()
        .map(|(a, (title, things))| {
            let in_area = measures / AREAS.len() + usize::from(a < measures % AREAS.len());
            // 3–6 measures per specific goal, 2–4 specific goals per strategic goal (more
            // when an area would otherwise need more than 999 strategic goals).
            let per_goal = groups(rng, in_area, 3, 6);
            let lo = per_goal.len().div_ceil(999).max(2);
            let per_strategic = groups(rng, per_goal.len(), lo, (2 * lo - 1).max(4));
            let mut sizes = per_goal.into_iter();
            let goals = per_strategic
                .into_iter()
                .enumerate()
                .map(|(s, n_goals)| {
                    let sid = format!("{}.{}", a + 1, s + 1);
                    let verb = *rng.pick(GOAL_VERBS);
                    let n_words = rng.range(3, 6);
                    let title = format!("{verb} {}", lower_first(&plain_words(rng, n_words)));
                    let goals = (0..n_goals)
                        .map(|g| {
                            let gid = format!("{sid}.{}", g + 1);
                            let indicators = impact_indicators(rng, things);
                            let head = &indicators[0];
                            let title = if head.share {
                                format!(
                                    "Do roku 2025 dosáhne {} {} %",
                                    lower_first(&head.name),
                                    head.target
                                )
                            } else {
                                format!(
                                    "Do roku 2025 dosáhne {} hodnoty {}",
                                    lower_first(&head.name),
                                    head.target
                                )
                            };
                            let mut expected_impact = paragraph(rng);
                            if rng.one_in(3) {
                                write!(expected_impact, "\n\n{}", paragraph(rng)).unwrap();
                            }
                            expected_impact.push('\n');
                            let mut measures: Vec<Measure> = Vec::new();
                            for m in 0..sizes.next().expect("a size per goal") {
                                serial += 1;
                                let made = measure(
                                    rng,
                                    format!("{gid}.{}", m + 1),
                                    measures.first(),
                                    serial,
                                );
                                measures.push(made);
                            }
                            SpecificGoal {
                                id: gid,
                                title,
                                expected_impact,
                                indicators,
                                measures,
                            }
                        })
                        .collect();
                    StrategicGoal {
                        id: sid,
                        title,
                        goals,
                    }
                })
                .collect();
            let mut target_group = paragraph(rng);
            write!(
                target_group,
                "\n\nZa prioritní považuje tyto skupiny obyvatel:\n\n"
            )
            .unwrap();
            let n = rng.range(3, 6);
            let first = rng.below(TARGET_GROUPS.len() - 1);
            for i in 0..n {
                let group = lower_first(TARGET_GROUPS[1 + (first + i) % (TARGET_GROUPS.len() - 1)]);
                let end = if i + 1 == n { "." } else { "," };
                writeln!(target_group, "- {group}{end}").unwrap();
            }
            let goals_intro = rng.one_in(2).then(|| format!("{}\n", paragraph(rng)));
            Area {
                id: a + 1,
                title,
                target_group,
                goals_intro,
                goals,
            }
        })
        .collect();
    // "Vazba na další cíle": goals of other strategic goals.
    let goal_ids: Vec<String> = areas
        .iter()
        .flat_map(|a| &a.goals)
        .flat_map(|s| std::iter::once(s.id.clone()).chain(s.goals.iter().map(|g| g.id.clone())))
        .collect();
    for m in areas
        .iter_mut()
        .flat_map(|a| &mut a.goals)
        .flat_map(|s| &mut s.goals)
        .flat_map(|g| &mut g.measures)
    {
        if rng.one_in(3) {
            for _ in 0..rng.range(1, 2) {
                let id = rng.pick(&goal_ids);
                let own = m.id.starts_with(&format!("{id}."));
                if !own && !m.related.contains(id) {
                    m.related.push(id.clone());
                }
            }
        }
    }
    areas
}

fn all_measures(areas: &[Area]) -> impl Iterator<Item = &Measure> {
    areas
        .iter()
        .flat_map(|a| &a.goals)
        .flat_map(|s| &s.goals)
        .flat_map(|g| &g.measures)
}

// ---------------------------------------------------------------------------------------------
// Writing TOML
// ---------------------------------------------------------------------------------------------

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => write!(out, "\\u{:04X}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string holding Markdown (which ends with a line break).
fn ml(s: &str) -> String {
    let body = s.replace('\\', "\\\\").replace("\"\"\"", "\"\"\\\"");
    let nl = if body.ends_with('\n') { "" } else { "\n" };
    format!("\"\"\"\n{body}{nl}\"\"\"")
}

fn list(items: &[impl AsRef<str>]) -> String {
    let items: Vec<String> = items.iter().map(|s| q(s.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// Digits grouped by thousands with spaces: "14 964 994".
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Haléře as a Czech money string: "14 964 994,80".
fn money(haler: u64) -> String {
    format!("\"{},{:02}\"", group_digits(haler / 100), haler % 100)
}

fn cost(c: &Cost) -> String {
    match c {
        Cost::Amount(a, true) => format!("{{ amount = {a}, approx = true }}"),
        Cost::Amount(a, false) => format!("{{ amount = {a} }}"),
        Cost::SameAs(id) => format!("{{ same_as = {} }}", q(id)),
    }
}

fn date((y, m, d): Ymd) -> String {
    format!("{y}-{m:02}-{d:02}")
}

/// A TOML value of the base site's files, written back inline.
fn inline(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => q(s),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) if f.fract() == 0.0 => format!("{f:.1}"),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        toml::Value::Table(t) => {
            let items: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{k} = {}", inline(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
    }
}

/// A top-level key of the base site's files: Markdown as a multi-line string.
fn key_value(s: &mut String, k: &str, v: &toml::Value) {
    match v {
        toml::Value::String(text) if text.contains('\n') => writeln!(s, "{k} = {}", ml(text)),
        v => writeln!(s, "{k} = {}", inline(v)),
    }
    .unwrap();
}

fn is_table_array(v: &toml::Value) -> bool {
    matches!(v, toml::Value::Array(items) if !items.is_empty() && items.iter().all(toml::Value::is_table))
}

fn read_toml(path: &Path) -> std::io::Result<toml::Table> {
    let text = std::fs::read_to_string(path)?;
    text.parse::<toml::Table>().map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {e}", path.display()),
        )
    })
}

/// Writes `plan.toml`, `areas/*.toml` and `waves/*.toml` of a synthetic plan into `content`
/// and returns what the articles may refer to.
fn write_plan(base: &Path, content: &Path, size: &Size, seed: u64) -> std::io::Result<Refs> {
    let mut rng = Rng::new(seed ^ 0x005e_ed0f_91a7);
    let areas = plan(size.measures, &mut rng);
    let base_plan = read_toml(&base.join("content/plan.toml"))?;
    std::fs::write(
        content.join("plan.toml"),
        plan_toml(&base_plan, &areas, size, seed, &mut rng),
    )?;
    std::fs::create_dir_all(content.join("areas"))?;
    for area in &areas {
        let name = format!("{}-{}.toml", area.id, milnik::slug::slugify(area.title));
        std::fs::write(content.join("areas").join(name), area_toml(area, seed))?;
    }
    std::fs::create_dir_all(content.join("waves"))?;
    let globals = read_toml(&content.join("indicators.toml"))?;
    let globals = global_values(&globals, size.waves, &mut rng);
    for w in 0..size.waves {
        let id = milnik::spreadsheet::roman(w + 1);
        let name = format!("{}-prubezne-vyhodnoceni-{}.toml", w + 1, id.to_lowercase());
        let mut rng = Rng::new(seed ^ (0x3a7e_u64 << 32) ^ w as u64);
        std::fs::write(
            content.join("waves").join(name),
            wave_toml(&areas, &globals, w, seed, &mut rng),
        )?;
    }
    Ok(Refs {
        measures: all_measures(&areas).map(|m| m.id.clone()).collect(),
        areas: areas.iter().map(|a| a.id.to_string()).collect(),
    })
}

fn plan_toml(base: &toml::Table, areas: &[Area], size: &Size, seed: u64, rng: &mut Rng) -> String {
    let mut s = String::new();
    let n_strategic: usize = areas.iter().map(|a| a.goals.len()).sum();
    let n_specific: usize = areas
        .iter()
        .flat_map(|a| &a.goals)
        .map(|s| s.goals.len())
        .sum();
    writeln!(
        s,
        "# Generated by bench/generate.rs (seed {seed}): a synthetic plan of {} measures. The general\n\
         # fields, abbreviations, schedule and risks are those of the bundled plan.toml.\n",
        size.measures
    )
    .unwrap();
    for k in ["title", "owner", "period"] {
        if let Some(v) = base.get(k) {
            key_value(&mut s, k, v);
        }
    }
    // The synthetic plan has one action plan, the bundled plan's latest, in the single form.
    let latest = base
        .get("action_plan")
        .and_then(|v| v.as_array())
        .and_then(|plans| plans.last());
    let (title, period) = match latest {
        Some(plan) => (plan.get("title"), plan.get("period")),
        None => (base.get("action_plan"), base.get("action_plan_period")),
    };
    for (k, v) in [("action_plan", title), ("action_plan_period", period)] {
        if let Some(v) = v {
            key_value(&mut s, k, v);
        }
    }
    writeln!(s, "stated_measures = {}", size.measures).unwrap();
    let action_plan = title.and_then(|v| v.as_str()).unwrap_or("Akční plán");
    let mut intro = format!(
        "{action_plan} rozpracovává strategické cíle plánu v {} tematických oblastech do {n_strategic} strategických a {n_specific} specifických cílů. Obsahuje celkem {} opatření.\n\n{}\n\n",
        areas.len(),
        size.measures,
        paragraph(rng)
    );
    intro.push_str("| Tematická oblast | Strategické cíle | Specifické cíle | Opatření |\n|---|---:|---:|---:|\n");
    for a in areas {
        writeln!(
            intro,
            "| {} {} | {} | {} | {} |",
            a.id,
            a.title,
            a.goals.len(),
            a.goals.iter().map(|s| s.goals.len()).sum::<usize>(),
            a.goals
                .iter()
                .flat_map(|s| &s.goals)
                .map(|g| g.measures.len())
                .sum::<usize>()
        )
        .unwrap();
    }
    write!(
        intro,
        "\n: Tabulka 1 Počet cílů a opatření v tematických oblastech\n\n{}\n",
        paragraph(rng)
    )
    .unwrap();
    writeln!(s, "intro = {}", ml(&intro)).unwrap();
    let first = [
        "title",
        "owner",
        "period",
        "action_plan",
        "action_plan_period",
    ];
    let own = ["intro", "stated_measures", "stated_total", "action_plan"];
    for (k, v) in base {
        if !first.contains(&k.as_str()) && !own.contains(&k.as_str()) && !is_table_array(v) {
            key_value(&mut s, k, v);
        }
    }
    for (k, v) in base {
        if own.contains(&k.as_str()) || !is_table_array(v) {
            continue;
        }
        for item in v.as_array().into_iter().flatten() {
            writeln!(s, "\n[[{k}]]").unwrap();
            for (ik, iv) in item.as_table().into_iter().flatten() {
                key_value(&mut s, ik, iv);
            }
        }
    }
    // The totals under the KPSV+ allocation table (declared as `alokace` in the base plan, as
    // Ostrava declares it), as the rows add up.
    let mut sums = [(Programme::Opz, 0u64), (Programme::Irop, 0u64)];
    for a in all_measures(areas).filter_map(|m| m.allocation.as_ref()) {
        if a.counted {
            for (p, sum) in &mut sums {
                if *p == a.programme {
                    *sum += a.amount;
                }
            }
        }
    }
    for (p, sum) in sums.iter().filter(|(_, sum)| *sum > 0) {
        writeln!(
            s,
            "\n[[stated_total]]\nlabel = {}\ntable = \"alokace\"\ngroup = {}\namount = {sum}",
            q(&format!("{} (KPSV+) celkem", p.name())),
            q(p.name())
        )
        .unwrap();
    }
    let total: u64 = sums.iter().map(|(_, sum)| sum).sum();
    if total > 0 {
        writeln!(
            s,
            "\n[[stated_total]]\nlabel = \"PSZ celkem\"\ntable = \"alokace\"\namount = {total}"
        )
        .unwrap();
    }
    s
}

fn area_toml(area: &Area, seed: u64) -> String {
    let mut s = String::new();
    writeln!(
        s,
        "# Generated by bench/generate.rs (seed {seed}): tematická oblast {} {}.\n",
        area.id, area.title
    )
    .unwrap();
    writeln!(s, "id = \"{}\"", area.id).unwrap();
    writeln!(s, "title = {}", q(area.title)).unwrap();
    writeln!(s, "target_group = {}", ml(&area.target_group)).unwrap();
    if let Some(intro) = &area.goals_intro {
        writeln!(s, "goals_intro = {}", ml(intro)).unwrap();
    }
    for sg in &area.goals {
        writeln!(
            s,
            "\n[[strategic_goal]]\nid = {}\ntitle = {}",
            q(&sg.id),
            q(&sg.title)
        )
        .unwrap();
        for g in &sg.goals {
            writeln!(
                s,
                "\n[[strategic_goal.specific_goal]]\nid = {}\nstated_measures = {}\ntitle = {}\nexpected_impact = {}",
                q(&g.id),
                g.measures.len(),
                q(&g.title),
                ml(&g.expected_impact)
            )
            .unwrap();
            for i in &g.indicators {
                writeln!(
                    s,
                    "\n[[strategic_goal.specific_goal.impact_indicator]]\nkey = {}\nname = {}\ntarget = {}",
                    q(&i.key),
                    q(&i.name),
                    i.target
                )
                .unwrap();
                if i.share {
                    writeln!(s, "unit = \"%\"").unwrap();
                }
            }
            for m in &g.measures {
                measure_toml(&mut s, m);
            }
        }
    }
    s
}

fn measure_toml(s: &mut String, m: &Measure) {
    writeln!(
        s,
        "\n[[strategic_goal.specific_goal.measure]]\nid = {}\ntitle = {}\ndescription = {}\ntarget_group = {}\noutput_indicators = {}\nresponsible = {}\nschedule = {}",
        q(&m.id),
        q(&m.title),
        ml(&m.description),
        q(m.target_group),
        list(&m.output_indicators),
        q(m.responsible),
        q(m.schedule)
    )
    .unwrap();
    if let Some(c) = &m.expected_cost {
        writeln!(s, "expected_cost = {}", cost(c)).unwrap();
    }
    writeln!(s, "funding_sources = {}", list(&m.funding_sources)).unwrap();
    if !m.related.is_empty() {
        writeln!(s, "related = {}", list(&m.related)).unwrap();
    }
    if let Some(note) = m.related_note {
        writeln!(s, "related_note = {}", q(note)).unwrap();
    }
    if let Some(note) = &m.note {
        writeln!(s, "note = {}", q(note)).unwrap();
    }
    let f = &m.financing;
    writeln!(
        s,
        "\n[strategic_goal.specific_goal.measure.funding.financovani]\nsluzba = {}",
        q(f.service)
    )
    .unwrap();
    if let Some(c) = &f.cost {
        writeln!(s, "naklady = {}", cost(c)).unwrap();
    }
    if let Some(period) = f.period {
        writeln!(s, "obdobi = {}", q(period)).unwrap();
    }
    writeln!(s, "zdroje = {}", list(&f.sources)).unwrap();
    if let Some(a) = &m.allocation {
        let (priority, goal) = match a.programme {
            Programme::Opz => ("2", "2.1"),
            Programme::Irop => ("4", "4.2"),
        };
        writeln!(
            s,
            "\n[strategic_goal.specific_goal.measure.funding.alokace]\ncastka = {}\nprogram = {}\npriorita = {}\ncil = {}",
            a.amount,
            q(a.programme.name()),
            q(priority),
            q(goal)
        )
        .unwrap();
        if !a.counted {
            writeln!(s, "counted = false").unwrap();
        }
    }
}

/// A number with `decimals` decimal places, kept as an integer of its smallest unit.
#[derive(Clone, Copy)]
struct Fixed {
    units: i64,
    decimals: u32,
}

impl Fixed {
    fn of(v: &toml::Value) -> Option<Fixed> {
        let text = match v {
            toml::Value::Integer(i) => {
                return Some(Fixed {
                    units: *i,
                    decimals: 0,
                })
            }
            toml::Value::Float(f) => f.to_string(),
            toml::Value::String(s) => s.replace([' ', '\u{a0}'], "").replace(',', "."),
            _ => return None,
        };
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let decimals = frac.len().min(3) as u32;
        let units = format!("{whole}{}", &frac[..decimals as usize])
            .parse()
            .ok()?;
        Some(Fixed { units, decimals })
    }

    /// Changed by `permille` per mille (at least by one unit when it changes at all).
    fn drift(self, permille: i64) -> Fixed {
        let delta = self.units * permille / 1000;
        let delta = if delta == 0 { permille.signum() } else { delta };
        Fixed {
            units: (self.units + delta).max(0),
            decimals: self.decimals,
        }
    }

    /// As TOML: a whole number, or a Czech decimal string that keeps its decimal places
    /// ("2,90"; a TOML float would lose the trailing zero).
    fn toml(self) -> String {
        if self.decimals == 0 {
            return self.units.to_string();
        }
        let scale = 10i64.pow(self.decimals);
        format!(
            "\"{},{:0width$}\"",
            self.units / scale,
            self.units % scale,
            width = self.decimals as usize
        )
    }
}

/// The values of one global indicator in one wave.
struct GlobalValue {
    value: Option<Fixed>,
    approx: bool,
    region: Option<Fixed>,
    rank: Option<(i64, Option<String>)>,
    period_like: String,
    territory: Option<String>,
    comment: bool,
}

/// Every global indicator's id and its value in every wave: a random walk from its baseline.
fn global_values(
    file: &toml::Table,
    waves: usize,
    rng: &mut Rng,
) -> Vec<(String, Vec<GlobalValue>)> {
    let empty = Vec::new();
    let indicators = file
        .get("indicator")
        .and_then(toml::Value::as_array)
        .unwrap_or(&empty);
    indicators
        .iter()
        .filter_map(toml::Value::as_table)
        .map(|ind| {
            let id = ind
                .get("id")
                .and_then(toml::Value::as_str)
                .unwrap_or_default();
            let baseline = ind.get("baseline").and_then(toml::Value::as_table);
            let get = |k: &str| baseline.and_then(|b| b.get(k));
            let mut value = get("value").and_then(Fixed::of);
            let mut region = ind.get("region").and(get("region").and_then(Fixed::of));
            let mut rank = get("rank").and_then(toml::Value::as_integer);
            let scope = get("rank_scope")
                .and_then(toml::Value::as_str)
                .map(String::from);
            let approx = get("approx")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false);
            let period = get("period").and_then(toml::Value::as_str).unwrap_or("");
            let territory = get("territory")
                .and_then(toml::Value::as_str)
                .map(String::from);
            let values = (0..waves)
                .map(|_| {
                    value = value.map(|v| v.drift(rng.below(181) as i64 - 100));
                    region = region.map(|v| v.drift(rng.below(61) as i64 - 30));
                    rank = rank.map(|r| (r + rng.below(3) as i64 - 1).clamp(1, 13));
                    GlobalValue {
                        value: value.filter(|_| !rng.one_in(15)),
                        approx,
                        region,
                        rank: rank.map(|r| (r, scope.clone())),
                        period_like: period.to_string(),
                        territory: territory.clone(),
                        comment: rng.one_in(5),
                    }
                })
                .collect();
            (id.to_string(), values)
        })
        .collect()
}

/// The period of a value covering `year`, written like the baseline's ("12/2021",
/// "1. pol. 2021", "školní rok 2020/21", "2021").
fn period_like(baseline: &str, year: u32) -> String {
    if baseline.starts_with("12/") {
        format!("12/{year}")
    } else if baseline.starts_with("1. pol.") {
        format!("1. pol. {year}")
    } else if baseline.starts_with("školní rok") {
        format!("školní rok {}/{:02}", year - 1, year % 100)
    } else {
        year.to_string()
    }
}

/// The value of an impact indicator in wave `w`, and whether it is printed with "cca".
fn impact_value(i: &ImpactIndicator, w: usize, rng: &mut Rng) -> (String, bool) {
    let progress = (i.pace * (w as u64 + 1)).min(1300);
    if w == 0 && rng.one_in(15) {
        return ("\"n. a.\"".into(), false);
    }
    if i.share {
        let start = i.share_start * 10;
        let target = i.target * 10;
        let tenths =
            (start + target.saturating_sub(start) * progress / 1000 + rng.below(15) as u64)
                .min(1000);
        (format!("{}.{}", tenths / 10, tenths % 10), false)
    } else {
        let noise = rng.below((i.target / 10).max(1) as usize) as u64;
        let value = i.target * progress / 1000 + noise;
        let approx = value >= 100 && rng.one_in(20);
        (value.to_string(), approx)
    }
}

fn wave_toml(
    areas: &[Area],
    globals: &[(String, Vec<GlobalValue>)],
    w: usize,
    seed: u64,
    rng: &mut Rng,
) -> String {
    let id = milnik::spreadsheet::roman(w + 1);
    let published = 2024 + w as u32;
    let year = published - 1;
    let mut s = String::new();
    writeln!(
        s,
        "# Generated by bench/generate.rs (seed {seed}): Průběžné vyhodnocení {id}, reporting every\n\
         # specific goal, measure, impact indicator and global indicator of the synthetic plan.\n"
    )
    .unwrap();
    writeln!(s, "id = {}", q(&id)).unwrap();
    writeln!(s, "title = {}", q(&format!("Průběžné vyhodnocení {id}."))).unwrap();
    writeln!(s, "published = \"{published}-06\"").unwrap();
    writeln!(s, "covers = \"rok {year}\"").unwrap();
    let n_bullets = rng.range(3, 5);
    let summary = format!(
        "{}\n\n### Co v dokumentu naleznete?\n\n{}\n\n{}\n\n### Hlavní zjištění\n\n{}\n",
        paragraph(rng),
        paragraph(rng),
        bullets(rng, n_bullets),
        paragraph(rng)
    );
    writeln!(s, "summary = {}", ml(&summary)).unwrap();
    writeln!(
        s,
        "programmes_intro = {}",
        ml(&format!("{}\n", paragraph(rng)))
    )
    .unwrap();
    writeln!(
        s,
        "notes = [{}]",
        q(&format!(
            "Hodnoty indikátorů dopadu za rok {year} poskytli realizátoři opatření."
        ))
    )
    .unwrap();

    let mut project_sums = [(Programme::Opz, 0u64), (Programme::Irop, 0u64)];
    for area in areas {
        writeln!(
            s,
            "\n# {0}\n# {1} {2}\n# {0}",
            "=".repeat(80),
            area.id,
            area.title
        )
        .unwrap();
        for g in area.goals.iter().flat_map(|sg| &sg.goals) {
            let (as_of, kind) = if rng.one_in(2) {
                ((published, 4, 30), "available")
            } else {
                ((year, 12, 31), "state")
            };
            writeln!(
                s,
                "\n[[goal]]\nid = {}\nas_of = {}\nas_of_kind = \"{kind}\"",
                q(&g.id),
                date(as_of)
            )
            .unwrap();
            writeln!(s, "summary = {}", ml(&format!("{}\n", paragraph(rng)))).unwrap();
            for i in &g.indicators {
                let (value, approx) = impact_value(i, w, rng);
                writeln!(
                    s,
                    "\n[[goal.value]]\nindicator = {}\nvalue = {value}",
                    q(&i.key)
                )
                .unwrap();
                if approx {
                    writeln!(s, "approx = true").unwrap();
                }
                if rng.one_in(10) {
                    // A value valid for another date than the rest of its goal.
                    writeln!(s, "as_of = {}", date((year, 9, 30))).unwrap();
                }
            }
            for m in &g.measures {
                let status = m.status(w);
                writeln!(
                    s,
                    "\n[[goal.measure]]\nid = {}\nstatus = {}",
                    q(&m.id),
                    q(&status)
                )
                .unwrap();
                let started = status != "Nerealizováno";
                if started {
                    writeln!(s, "implementer = {}", q(m.implementer)).unwrap();
                }
                let activity = if m.project.is_some() {
                    "Projektová aktivita"
                } else {
                    "Neprojektová aktivita"
                };
                writeln!(s, "activity = {}", q(activity)).unwrap();
                if !started {
                    continue;
                }
                if let Some(service) = m.service {
                    writeln!(s, "service = {}", q(service)).unwrap();
                }
                match m.period {
                    Period::Range(from, to) => {
                        writeln!(s, "period = {{ from = {}, to = {} }}", date(from), date(to))
                    }
                    Period::Year(y) => writeln!(s, "period = {y}"),
                    Period::Ongoing => writeln!(s, "period = \"průběžně\""),
                }
                .unwrap();
                if let Some(p) = &m.project {
                    // A row of the projects table the base plan declares (`projekty-kpsv`,
                    // as Ostrava declares its annex A).
                    writeln!(s, "\n[[goal.measure.funding.projekty-kpsv]]").unwrap();
                    let implementer = p.implementer.unwrap_or(m.implementer);
                    writeln!(s, "realizator = {}", q(implementer)).unwrap();
                    let call = match p.programme {
                        Programme::Opz => "018 OPZ+",
                        Programme::Irop => "14 IROP",
                    };
                    writeln!(
                        s,
                        "registrace = {}\nrozpocet = {}\nvyzva = {}\nprogram = {}",
                        q(&p.registration),
                        money(p.budget),
                        q(call),
                        q(p.programme.name())
                    )
                    .unwrap();
                    for (programme, sum) in &mut project_sums {
                        if *programme == p.programme {
                            *sum += p.budget;
                        }
                    }
                }
            }
        }
    }

    writeln!(s, "\n# {}\n# Global indicators\n# {0}", "=".repeat(80)).unwrap();
    for (id, values) in globals {
        let v = &values[w];
        writeln!(s, "\n[[indicator]]\nindicator = {}", q(id)).unwrap();
        match v.value {
            Some(value) => writeln!(s, "value = {}", value.toml()).unwrap(),
            None => writeln!(s, "value = \"n. a.\"").unwrap(),
        }
        if v.approx && v.value.is_some() {
            writeln!(s, "approx = true").unwrap();
        }
        if let Some(region) = v.region {
            writeln!(s, "region = {}", region.toml()).unwrap();
        }
        if let Some((rank, scope)) = &v.rank {
            writeln!(s, "rank = {rank}").unwrap();
            if let Some(scope) = scope {
                writeln!(s, "rank_scope = {}", q(scope)).unwrap();
            }
        }
        writeln!(s, "as_of = {}", date((year, 12, 31))).unwrap();
        writeln!(s, "period = {}", q(&period_like(&v.period_like, year))).unwrap();
        if let Some(territory) = &v.territory {
            writeln!(s, "territory = {}", q(territory)).unwrap();
        }
        if v.comment {
            writeln!(s, "comment = {}", ml(&format!("{}\n", paragraph(rng)))).unwrap();
        }
    }

    for month in 1..=12 {
        if rng.one_in(3) {
            continue;
        }
        writeln!(
            s,
            "\n[[month]]\nmonth = \"{year}-{month:02}\"\ntext = {}",
            ml(&format!("{}\n", paragraph(rng)))
        )
        .unwrap();
    }
    for _ in 0..rng.range(1, 2) {
        let n_words = rng.range(2, 4);
        let title = capitalized(&plain_words(rng, n_words));
        let n_bullets = rng.range(2, 4);
        writeln!(
            s,
            "\n[[programme]]\ntitle = {}\ntext = {}",
            q(&format!("Poradenský program: {title}")),
            ml(&format!(
                "{}\n\n{}\n",
                paragraph(rng),
                bullets(rng, n_bullets)
            ))
        )
        .unwrap();
    }

    // The totals under the wave's rows of the KPSV+ projects table, as the rows add up.
    for (p, sum) in project_sums.iter().filter(|(_, sum)| *sum > 0) {
        writeln!(
            s,
            "\n[[stated_total]]\nlabel = {}\ntable = \"projekty-kpsv\"\ngroup = {}\namount = {}",
            q(&format!("Celkem {}", p.name())),
            q(p.name()),
            money(*sum)
        )
        .unwrap();
    }
    let total: u64 = project_sums.iter().map(|(_, sum)| sum).sum();
    if total > 0 {
        writeln!(
            s,
            "\n[[stated_total]]\nlabel = \"Celkem KPSV+\"\ntable = \"projekty-kpsv\"\namount = {}",
            money(total)
        )
        .unwrap();
    }
    s
}

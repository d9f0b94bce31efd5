//! Views shared by the pages: the small serializable shapes in which lists show a measure,
//! an article, a wave, an area or a goal, and the helpers for breadcrumbs and descriptions.

use minijinja::{context, Value};
use serde::Serialize;

use crate::chart::{Chart, Charts};
use crate::i18n::Translations;
use crate::model::changes::{ValueChange, WaveChanges};
use crate::model::levels;
use crate::model::{
    ActionPlanIx, Area, Article, Badge, GoalReport, ImpactIndicator, Link, Measure, MeasureIx,
    MeasureReport, Site, SpecificGoal, SpecificGoalIx, StatusRow, StrategicGoalIx, Wave, WaveIx,
};
use crate::values::Decimal;

#[derive(Serialize)]
pub(crate) struct MeasureItem<'a> {
    id: &'a str,
    title: &'a str,
    href: &'a str,
    badge: Option<&'a Badge>,
    /// Why the badge is not a report of its own: `carried` (from an earlier wave),
    /// `cancelled` (by the action plan), or `ended` (no badge: the measure is in no later
    /// action plan); the theme words it (`in_wave.*`).
    note: Option<&'static str>,
}

/// A measure with its status in the latest wave.
pub(crate) fn measure_item(m: &Measure) -> MeasureItem<'_> {
    MeasureItem {
        id: &m.id,
        title: &m.title,
        href: &m.href,
        badge: m.latest_status.as_ref(),
        note: m
            .lifecycle
            .end
            .as_ref()
            .filter(|e| e.key == "ended" && m.latest_status.is_none())
            .map(|e| e.key),
    }
}

/// A measure with what wave `wave` says of it; `None` when the measure is not in the wave
/// (its action plan does not list it) and `all` is false.
fn measure_in_wave(site: &Site, m: MeasureIx, wave: WaveIx, all: bool) -> Option<MeasureItem<'_>> {
    let status = site.status(m, wave);
    let measure = &site.measures[m];
    if !status.in_force() {
        return all.then(|| measure_item(measure));
    }
    Some(MeasureItem {
        badge: status.badge(),
        note: status.source_key().filter(|k| *k != "not-reported"),
        ..measure_item(measure)
    })
}

#[derive(Serialize)]
pub(crate) struct ArticleItem<'a> {
    title: &'a str,
    href: &'a str,
    date: String,
    date_iso: &'a str,
    summary: Option<&'a str>,
    /// Only `serve` lists drafts.
    draft: bool,
}

pub(crate) fn article_item(a: &Article) -> ArticleItem<'_> {
    ArticleItem {
        title: &a.title,
        href: &a.href,
        date: a.date.shown(),
        date_iso: &a.date_iso,
        summary: a.summary.as_deref(),
        draft: a.draft,
    }
}

#[derive(Serialize)]
pub(crate) struct WaveItem<'a> {
    id: &'a str,
    title: &'a str,
    href: &'a str,
    published: String,
    covers: &'a str,
}

pub(crate) fn wave_item(w: &Wave) -> WaveItem<'_> {
    WaveItem {
        id: &w.id,
        title: &w.title,
        href: &w.href,
        published: w.published.shown(),
        covers: &w.covers,
    }
}

/// A measure's line in a wave's report: the measure and what the wave says of it.
#[derive(Serialize)]
pub(crate) struct ReportedMeasure<'a> {
    measure: MeasureItem<'a>,
    report: &'a MeasureReport,
    /// Its rows in the funding tables the waves give, each as a line of text, with the
    /// table's title (the printed report lists them under the measure).
    rows: Vec<RowLine<'a>>,
}

/// A measure's row in a declared table as one line: the table's title and the row's values.
#[derive(Serialize)]
pub(crate) struct RowLine<'a> {
    table: &'a str,
    text: String,
}

/// A specific goal with its report in one wave.
#[derive(Serialize)]
pub(crate) struct GoalView<'a> {
    goal: &'a SpecificGoal,
    report: Option<&'a GoalReport>,
    /// Its impact indicators and targets as the wave's action plan states them.
    indicators: &'a [ImpactIndicator],
    /// Targets earlier action plans set differently for these indicators.
    target_notes: Vec<TargetNote<'a>>,
    reported: Vec<ReportedMeasure<'a>>,
    /// Measures of the goal the wave did not report on.
    unreported: Vec<MeasureItem<'a>>,
    /// Progress towards the goal's targets in this wave, when any target is a number.
    progress_chart: Option<&'a Chart>,
}

pub(crate) fn goal_view<'a>(
    (site, tr): (&'a Site, &Translations),
    charts: &'a Charts,
    goal_ix: SpecificGoalIx,
    wave: Option<WaveIx>,
    scope: GoalScope,
) -> GoalView<'a> {
    let goal = &site.specific_goals[goal_ix];
    let report = wave.and_then(|w| site.goal_report(goal_ix, w));
    let reported: Vec<ReportedMeasure> = report
        .map(|r| {
            r.measures
                .iter()
                .map(|mr| ReportedMeasure {
                    measure: measure_item(&site.measures[mr.measure]),
                    report: mr,
                    rows: mr
                        .funding
                        .iter()
                        .flat_map(|r| {
                            let table = &site.funding_tables[r.table];
                            r.rows.iter().map(move |row| (table, row))
                        })
                        .map(|(table, row)| RowLine {
                            table: &table.title,
                            text: super::documents::row_line(site, tr, table, &row.cells),
                        })
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let unreported = goal
        .measures
        .iter()
        .filter(|&&m| report.is_none_or(|r| r.measures.iter().all(|mr| mr.measure != m)))
        .filter_map(|&m| match wave {
            Some(w) => measure_in_wave(site, m, w, scope == GoalScope::All),
            None => Some(measure_item(&site.measures[m])),
        })
        .collect();
    let progress_chart = wave.and_then(|w| charts.progress(goal_ix, w));
    let plan = match wave {
        Some(w) => site.waves[w].action_plan,
        None => goal
            .indicator_editions
            .last()
            .map_or(ActionPlanIx::new(0), |(p, _)| *p),
    };
    let indicators = goal.indicators_in(plan);
    GoalView {
        goal,
        report,
        indicators,
        target_notes: target_notes(site, goal, plan, indicators),
        reported,
        unreported,
        progress_chart,
    }
}

/// A target an earlier action plan set for an impact indicator: "Akční plán I.: 40".
#[derive(Serialize)]
pub(crate) struct TargetNote<'a> {
    key: &'a str,
    plan: &'a str,
    target: Decimal,
}

/// The targets earlier action plans than `plan` set for `indicators` that differ from theirs,
/// oldest first.
fn target_notes<'a>(
    site: &'a Site,
    goal: &'a SpecificGoal,
    plan: ActionPlanIx,
    indicators: &'a [ImpactIndicator],
) -> Vec<TargetNote<'a>> {
    let mut notes = Vec::new();
    for (earlier, list) in goal.indicator_editions.iter().filter(|(p, _)| *p < plan) {
        for ind in indicators {
            let Some(target) = list
                .iter()
                .find(|i| i.key == ind.key)
                .and_then(|i| i.target)
            else {
                continue;
            };
            if Some(target) != ind.target {
                notes.push(TargetNote {
                    key: &ind.key,
                    plan: &site.plan.action_plans[*earlier].title,
                    target,
                });
            }
        }
    }
    notes
}

/// A node of a grouping level with the nodes under it: the next grouping level's (`groups`)
/// or the goal level's (`goals`).
#[derive(Serialize)]
pub(crate) struct StrategicGoalView<'a> {
    id: &'a str,
    level: usize,
    title: &'a str,
    anchor: &'a str,
    groups: Vec<StrategicGoalView<'a>>,
    goals: Vec<GoalView<'a>>,
}

/// What an area's page or a wave's section of an area shows of its tree: the grouping nodes
/// under it, or its goals when the plan has no grouping level.
pub(crate) struct AreaTree<'a> {
    pub(crate) groups: Vec<StrategicGoalView<'a>>,
    pub(crate) goals: Vec<GoalView<'a>>,
}

/// Which goals and measures a view of an area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GoalScope {
    /// All of them (an area's page): measures no longer in force are listed as ended.
    All,
    /// Those in the wave (a wave's page): a goal the wave reports or with a measure in force
    /// in the wave's action plan, and only such measures.
    InWave,
}

pub(crate) fn strategic_views<'a>(
    (site, tr): (&'a Site, &Translations),
    charts: &'a Charts,
    area: &'a Area,
    wave: Option<WaveIx>,
    scope: GoalScope,
) -> AreaTree<'a> {
    let shown = |g: SpecificGoalIx| match (scope, wave) {
        (GoalScope::InWave, Some(w)) => {
            site.goal_report(g, w).is_some()
                || site.specific_goals[g]
                    .measures
                    .iter()
                    .any(|&m| site.status(m, w).in_force())
        }
        _ => true,
    };
    let goals = |list: &[SpecificGoalIx]| -> Vec<GoalView<'a>> {
        list.iter()
            .filter(|&&g| shown(g))
            .map(|&g| goal_view((site, tr), charts, g, wave, scope))
            .collect()
    };
    fn group<'a>(
        site: &'a Site,
        sg: StrategicGoalIx,
        goals: &dyn Fn(&[SpecificGoalIx]) -> Vec<GoalView<'a>>,
    ) -> Option<StrategicGoalView<'a>> {
        let sg = &site.strategic_goals[sg];
        let view = StrategicGoalView {
            id: &sg.id,
            level: sg.level,
            title: &sg.title,
            anchor: &sg.anchor,
            groups: sg
                .groups
                .iter()
                .filter_map(|&g| group(site, g, goals))
                .collect(),
            goals: goals(&sg.specific_goals),
        };
        // A group is shown when something under it is.
        (!view.groups.is_empty() || !view.goals.is_empty()).then_some(view)
    }
    AreaTree {
        groups: area
            .strategic_goals
            .iter()
            .filter_map(|&sg| group(site, sg, &goals))
            .collect(),
        goals: goals(&area.specific_goals),
    }
}

#[derive(Serialize)]
pub(crate) struct AreaItem<'a> {
    id: &'a str,
    title: &'a str,
    href: &'a str,
    measures: usize,
    status_rows: Vec<StatusRow>,
}

pub(crate) fn area_item<'a>(site: &Site, a: &'a Area) -> AreaItem<'a> {
    AreaItem {
        id: &a.id,
        title: &a.title,
        href: &a.href,
        measures: a.measures.len(),
        status_rows: a.status_counts.rows(&site.status_kinds),
    }
}

/// A wave's changes with the measures, goals and indicators they are about.
pub(crate) fn changes_view(site: &Site, tr: &Translations, changes: &WaveChanges) -> Value {
    let value_change = |c: &ValueChange| {
        let goal = c.goal.map(|g| {
            let g = &site.specific_goals[g];
            crumb(node_named(site, tr, site.levels.len() - 2, &g.id), &g.href)
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

pub(crate) fn crumb(label: impl Into<String>, href: impl Into<String>) -> Link {
    Link {
        label: label.into(),
        href: href.into(),
    }
}

/// A description of at most 200 characters, cut at a word.
pub(crate) fn truncate_description(text: &str) -> String {
    const MAX: usize = 200;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// The text of a change's movement ("posun vpřed", "vzrostla") in the site's language: the
/// movement's stable name (`forward`, `rose`) under `change.status` or `change.value`.
pub(crate) fn movement_text(tr: &Translations, group: &str, movement: impl Serialize) -> String {
    let name = serde_json::to_value(movement)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    tr.text(&format!("change.{group}.{name}")).to_string()
}

/// The first breadcrumb of every page: the home page.
pub(crate) fn home_crumb(site: &Site, tr: &Translations) -> Link {
    crumb(tr.text("nav.home"), site.base.link(""))
}

/// The breadcrumb of a section's index: `crumb_of(site, tr, "areas.title", route::AREAS)`.
pub(crate) fn section_crumb(
    site: &Site,
    tr: &Translations,
    label: &str,
    route: super::route::Route,
) -> Link {
    crumb(
        tr.text(label),
        site.base.link(&route.dir(&site.segments, "")),
    )
}

/// The breadcrumb of the index of the top level's nodes, named as its title is.
pub(crate) fn areas_crumb(site: &Site, tr: &Translations) -> Link {
    let route = super::route::AREAS;
    crumb(
        level_text(site, tr, 0, "areas.title", 2),
        site.base.link(&route.dir(&site.segments, "")),
    )
}

/// The plan as a tree for the pages that list all of it (areas, search): each area with its
/// grouping nodes (each with the nodes of the next grouping level, `groups`, or its goals) or,
/// in a plan without grouping levels, its goals; each goal as `goal` shows it.
pub(crate) fn plan_tree(site: &Site, goal: impl Fn(&SpecificGoal) -> Value) -> Vec<Value> {
    fn group(site: &Site, sg: StrategicGoalIx, goal: &dyn Fn(&SpecificGoal) -> Value) -> Value {
        let sg = &site.strategic_goals[sg];
        context! {
            id => &sg.id, level => sg.level, title => &sg.title, href => &sg.href,
            groups => sg.groups.iter().map(|&g| group(site, g, goal)).collect::<Vec<_>>(),
            goals => sg.specific_goals.iter().map(|&g| goal(&site.specific_goals[g])).collect::<Vec<_>>(),
        }
    }
    site.areas
        .iter()
        .map(|a| {
            context! {
                area => area_item(site, a),
                strategic_goals => a.strategic_goals.iter().map(|&sg| group(site, sg, &goal)).collect::<Vec<_>>(),
                goals => a.specific_goals.iter().map(|&g| goal(&site.specific_goals[g])).collect::<Vec<_>>(),
            }
        })
        .collect()
}

/// How templates name a level (`site.levels[0].one`): its singular and the plural a heading
/// uses.
#[derive(Serialize)]
pub(crate) struct LevelView {
    key: String,
    one: String,
    plural: String,
    /// The goal level of a plan of two levels: its nodes are the top nodes, shown as such.
    implicit: bool,
}

/// Every level's [`LevelView`], top first.
pub(crate) fn level_views(site: &Site, tr: &Translations) -> Vec<LevelView> {
    (0..site.levels.len())
        .map(|depth| LevelView {
            key: site.levels[depth].key.clone(),
            one: level_name(site, tr, depth, 1),
            plural: level_name(site, tr, depth, 2),
            implicit: site.levels[depth].implicit,
        })
        .collect()
}

/// The texts of the site's sections named after the top and the item level, as
/// [`level_text`] gives them: `site.level_texts.areas` ("Tematické oblasti").
pub(crate) fn level_texts(site: &Site, tr: &Translations) -> Value {
    let item = site.levels.len() - 1;
    context! {
        areas => level_text(site, tr, 0, "areas.title", 2),
        areas_heading => level_text(site, tr, 0, "home.areas_heading", 2),
        footer_areas => level_text(site, tr, 0, "site.footer_areas", 2),
        nav_areas => level_text(site, tr, 0, "nav.areas", 2),
        column_area => level_text(site, tr, 0, "column.area", 1),
        measures => level_text(site, tr, item, "measures.title", 2),
        nav_measures => level_text(site, tr, item, "nav.measures", 2),
        column_measure => level_text(site, tr, item, "column.measure", 1),
        // The funding page's sums by top-level node: the column's heading, and the levels'
        // names inside its sentences ("podle oblastí", "opatření s uvedenou částkou").
        funding_area => level_text(site, tr, 0, "funding.area", 1),
        funding_areas => levels::in_sentence(&level_text(site, tr, 0, "funding.areas_word", 5)),
        funding_items => levels::in_sentence(&level_text(site, tr, item, "funding.items_word", 5)),
    }
}

/// [`levels::level_name`] of the site's levels.
pub(crate) fn level_name(site: &Site, tr: &Translations, depth: usize, count: u64) -> String {
    levels::level_name(&site.levels, tr, depth, count)
}

/// [`levels::level_text`] of the site's levels.
pub(crate) fn level_text(
    site: &Site,
    tr: &Translations,
    depth: usize,
    key: &str,
    count: u64,
) -> String {
    levels::level_text(&site.levels, tr, depth, key, count)
}

/// [`levels::node_named`] of the site's levels.
pub(crate) fn node_named(site: &Site, tr: &Translations, depth: usize, id: &str) -> String {
    levels::node_named(&site.levels, tr, depth, id)
}

/// The template of the page that explains the statuses (the page about the plan): every status
/// badge links to its legend.
pub(crate) const LEGEND_TEMPLATE: &str = "about.html";
/// The anchor of the legend of statuses on that page.
pub(crate) const LEGEND_ANCHOR: &str = "stavy";

/// The page about the plan (the first page with the [`LEGEND_TEMPLATE`]): it shows the plan's
/// introduction and the legend of statuses.
pub(crate) fn about_page(site: &Site) -> Option<&crate::model::Page> {
    site.pages.iter().find(|p| p.template == LEGEND_TEMPLATE)
}

/// Where the status badges link: the legend on the page about the plan, when the site has one.
pub(crate) fn status_legend_href(site: &Site) -> Option<String> {
    about_page(site).map(|p| format!("{}#{LEGEND_ANCHOR}", p.href))
}

/// The legend of statuses: each status the plan has, with an example of its detail in brackets
/// ("V realizaci (2/6)") and what it means (the plan's words, else the theme's for its kind),
/// then the badge of a measure without a status.
pub(crate) fn status_legend(site: &Site, tr: &Translations) -> Vec<Value> {
    use crate::values::DetailKind;
    let mut legend: Vec<Value> = site
        .statuses
        .iter()
        .map(|s| {
            let meaning = s.meaning.clone().unwrap_or_else(|| {
                tr.text(&format!("status.meaning.{}", s.kind.key()))
                    .to_string()
            });
            let (example, detail) = match s.detail {
                None => (None, None),
                Some(DetailKind::Reports) => (
                    Some(tr.format(
                        "status.with_reports",
                        &[("status", &s.label), ("used", "2"), ("total", "6")],
                    )),
                    Some(tr.text("status.detail_meaning.reports")),
                ),
                Some(DetailKind::Percent) => (
                    Some(tr.format(
                        "status.with_percent",
                        &[("status", &s.label), ("percent", "60")],
                    )),
                    Some(tr.text("status.detail_meaning.percent")),
                ),
            };
            context! {
                key => s.kind.key(), label => &s.label, example => example,
                meaning => meaning, detail => detail,
            }
        })
        .collect();
    legend.push(context! {
        key => "not-reported",
        label => tr.text("status.not_reported"),
        example => None::<String>,
        meaning => tr.text("status.meaning.not-reported"),
        detail => None::<String>,
    });
    legend
}

/// The link to a wave's printable report with its size, when the report step made one.
pub(crate) fn report_link(cx: &super::Cx<'_>, wave: WaveIx) -> Option<Value> {
    let link = cx.reports.get(wave.get())?.as_ref()?;
    Some(context! {
        href => &link.href,
        name => &link.name,
        size => crate::open_data::file_size(link.bytes),
    })
}

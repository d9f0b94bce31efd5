//! The pages of the evaluation waves: their list, one page per wave with what changed since
//! the previous one, and the Atom feed of those changes; a plan not yet evaluated has none.

use minijinja::{context, Value};

use super::route;
use super::views::{
    area_item, changes_view, home_crumb, section_crumb, strategic_views, wave_item, GoalScope,
};
use super::{Cx, PageView};
use crate::model::{Site, WaveIx};

/// The list of waves and the changes feed exist once the plan has a wave.
pub(super) fn exist(site: &Site) -> bool {
    !site.waves.is_empty()
}

pub(super) fn waves<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    PageView {
        title: tr.text("waves.title").into(),
        description: tr.format("waves.description", &[("plan", &site.plan.title)]),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
            waves => site.waves.iter().rev().map(|w| context! {
                wave => wave_item(w),
                status_rows => w.status_counts.rows(&w.status_kinds),
            }).collect::<Vec<_>>(),
        },
    }
}

pub(super) fn wave<'a>(cx: &Cx<'a>, ix: usize, _path: &str) -> PageView<'a> {
    let Cx {
        site, charts, tr, ..
    } = *cx;
    let wi = WaveIx::new(ix);
    let wave = &site.waves[wi];
    let areas: Vec<Value> = site
        .areas
        .iter()
        .enumerate()
        .filter(|&(ix, a)| {
            a.measures.iter().any(|&m| site.reports_measure(m, wi))
                || site
                    .goals_in_area(crate::model::AreaIx::new(ix))
                    .iter()
                    .any(|&g| site.goal_report(g, wi).is_some())
        })
        .map(|(_, a)| {
            let tree = strategic_views((site, tr), charts, a, Some(wi), GoalScope::InWave);
            context! {
                area => area_item(site, a),
                strategic_goals => tree.groups,
                goals => tree.goals,
            }
        })
        .collect();
    PageView {
        title: wave.title.clone(),
        description: tr.format(
            "wave.description",
            &[("wave", &wave.title), ("covers", &wave.covers)],
        ),
        breadcrumbs: vec![
            home_crumb(site, tr),
            section_crumb(site, tr, "waves.title", route::WAVES),
        ],
        crumb: None,
        content: None,
        context: context! {
            wave => wave,
            published => wave.published.shown(),
            status_chart => charts.wave_status(wi),
            previous => wave.changes.previous.map(|p| wave_item(&site.waves[p])),
            report => super::views::report_link(cx, wi),
            changes => changes_view(site, tr, &wave.changes),
            areas => areas,
        },
    }
}

pub(super) fn feed<'a>(cx: &Cx<'a>, _ix: usize, path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    let feed_url = site.base.absolute(path);
    PageView {
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
                status_rows => w.status_counts.rows(&w.status_kinds),
            }).collect::<Vec<_>>(),
        },
    }
}

/// Everything a wave's printable report shows (`crate::report`), from the same views as the
/// pages: the wave's page (changes, the areas with their goals and measures), the global
/// indicators with their charts, the plan's abbreviations, the wave's months and programmes
/// (in `wave`), and the wave's rows of each declared table the waves give (the funded
/// projects, for one), with their sums computed beside the stated totals. Values are written
/// in the site's language; the narratives stay HTML (`*_html`) for the report to turn into its
/// own markup.
pub(crate) fn report_context(cx: &Cx<'_>, wi: WaveIx) -> Value {
    let Cx { site, tr, .. } = *cx;
    let page = wave(cx, wi.get(), "");
    let wave = &site.waves[wi];
    context! {
        title => page.title,
        description => page.description,
        action_plan => &site.plan.action_plans[wave.action_plan],
        abbreviations => &site.plan.abbreviations,
        indicators => site.indicators.iter().enumerate().map(|(ix, ind)| {
            let current = ind.values.iter().find(|&&(w, _)| w == wi).map(|&(w, v)| &site.waves[w].indicator_values[v]);
            context! {
                indicator => ind,
                current => current,
                // Whether this wave's value moves as the plan expects (`trend.meets`, …).
                trend => current.map(|c| crate::model::trend::assess(ind.expected_kind, &ind.baseline, c).key()),
                // As the indicator stood in this wave: a later wave leaves the report as it was.
                chart => crate::chart::indicator_until(site, crate::model::IndicatorIx::new(ix), tr, Some(wi)),
            }
        }).collect::<Vec<_>>(),
        indicator_notes_html => &site.indicator_notes_html,
        tables => wave_tables(site, tr, wi),
        ..page.context
    }
}

/// The wave's rows of each declared table whose rows the waves give (those with rows in this
/// wave), with this wave's sums and the totals it states: the report prints each as an annex.
fn wave_tables(site: &Site, tr: &crate::i18n::Translations, wi: WaveIx) -> Vec<Value> {
    use crate::model::funding_tables::{self as tables, RowsFrom};
    let wave = &site.waves[wi];
    // The rows of the action plan the wave evaluates, as the model gathered them.
    let Some(funding) = site
        .funding
        .iter()
        .find(|f| f.action_plan == wave.action_plan)
    else {
        return Vec::new();
    };
    funding
        .tables
        .iter()
        .filter(|rows| site.funding_tables[rows.table].rows_from == RowsFrom::Wave)
        .filter_map(|plan_rows| {
            let (t, table) = (plan_rows.table, &site.funding_tables[plan_rows.table]);
            let rows: Vec<_> = plan_rows
                .rows
                .iter()
                .filter(|r| r.wave == Some(wi))
                .collect();
            if rows.is_empty() {
                return None;
            }
            let sums = tables::sums(
                table,
                rows.iter()
                    .filter(|r| r.counted)
                    .map(|r| r.cells.as_slice()),
            );
            Some(context! {
                title => &table.title,
                description => &table.description,
                columns => &table.columns,
                rows => rows.iter().map(|r| context! {
                    measure => super::views::measure_item(&site.measures[r.measure]),
                    // The top-level node the row's measure is under: a printed table groups
                    // its rows by it, as the documents do.
                    area => {
                        let area = &site.areas[site.measures[r.measure].area];
                        context! { id => &area.id, title => &area.title }
                    },
                    cells => super::documents::cell_views(site, tr, table, &r.cells, r.counted),
                }).collect::<Vec<_>>(),
                group => table.group_by.map(|g| &table.columns[g].name),
                money => table.money_columns().map(|c| &table.columns[c].name).collect::<Vec<_>>(),
                sums => sums,
                stated_totals => super::documents::wave_totals(wave, t),
            })
        })
        .collect()
}

//! The pages of the plan's structure: the home page, the areas (their list and one page each)
//! and the measures (their list and one page each).

use minijinja::{context, Value};

use super::views::{
    area_item, areas_crumb, article_item, crumb, home_crumb, level_name, level_text, measure_item,
    movement_text, node_named, plan_tree, strategic_views, truncate_description, wave_item,
    GoalScope,
};
use super::{route, Cx, FactRef, PageView, Visit};
use crate::i18n::Translations;
use crate::model::{AreaIx, CardTexts, MeasureIx, Site, WaveIx};

pub(super) fn home_reads<'s>(site: &'s Site, _: usize, visit: Visit<'s, '_>) -> bool {
    // The page about the plan (where the plan's introduction is) is linked by its title.
    visit(FactRef::Plan)
        || visit(FactRef::LatestArticles)
        || visit(FactRef::Nav)
        || super::views::about_page(site).is_some_and(|p| visit(FactRef::Page(&p.slug)))
}

pub(super) fn area_reads<'s>(site: &'s Site, ix: usize, visit: Visit<'s, '_>) -> bool {
    visit(FactRef::Plan) || visit(FactRef::ArticlesOfArea(&site.areas[AreaIx::new(ix)].id))
}

pub(super) fn measure_reads<'s>(site: &'s Site, ix: usize, visit: Visit<'s, '_>) -> bool {
    visit(FactRef::Plan)
        || visit(FactRef::ArticlesOfMeasure(
            &site.measures[MeasureIx::new(ix)].id,
        ))
}

pub(super) fn home<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    // The plan's introduction is on the page about the plan when the site has one.
    let about = super::views::about_page(site);
    let total = site.status_counts.total;
    PageView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        breadcrumbs: vec![],
        crumb: None,
        content: None,
        context: context! {
            purpose => &site.config.description,
            intro_html => about.is_none().then_some(&site.plan.intro_html),
            about => about.map(|p| context! { title => &p.title, href => &p.href }),
            // The measures the latest wave counts (those in force in its action plan), by
            // status, with each status's share of the bar in per cent.
            measures_count => crate::model::levels::count_items(&site.levels, tr, total as u64),
            status_parts => site.status_counts.rows(&site.status_kinds).into_iter().filter(|r| r.count > 0).map(|r| context! {
                share => format!("{:.2}", r.count as f64 * 100.0 / total.max(1) as f64),
                row => r,
            }).collect::<Vec<_>>(),
            next_evaluation => site.next_evaluation().map(|s| &s.when),
            indicators_href => site.base.link(&route::INDICATORS.dir(&site.segments, "")),
            indicators => site.indicators.iter().map(|ind| {
                let current = ind.values.last().map(|&(w, v)| &site.waves[w].indicator_values[v]);
                context! { indicator => ind, current => current }
            }).collect::<Vec<_>>(),
            latest_wave => site.latest_wave().map(wave_item),
            latest_report => site.latest_wave_ix().and_then(|w| super::views::report_link(cx, w)),
            areas => site.areas.iter().map(|a| area_item(site, a)).collect::<Vec<_>>(),
            articles => site.articles.iter().take(site.config.latest_articles).map(article_item).collect::<Vec<_>>(),
        },
    }
}

pub(super) fn areas<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    let implicit = site.levels[site.levels.len() - 2].implicit;
    PageView {
        title: level_text(site, tr, 0, "areas.title", 2),
        description: tr.format(
            "areas.description",
            &[
                ("plan", &site.plan.title),
                ("areas", &level_name(site, tr, 0, 2)),
            ],
        ),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
            areas => plan_tree(site, |g| {
                // A two-level plan's goal is its area: the area lists its items instead.
                let items = implicit.then(|| {
                    g.measures.iter().map(|&m| measure_item(&site.measures[m])).collect::<Vec<_>>()
                });
                let status_rows: Vec<_> = g.status_counts.rows(&site.status_kinds).into_iter().filter(|r| r.count > 0).collect();
                context! { id => &g.id, title => &g.title, href => &g.href, measures => items, status_rows => status_rows }
            }),
        },
    }
}

pub(super) fn area<'a>(cx: &Cx<'a>, ix: usize, _path: &str) -> PageView<'a> {
    let Cx {
        site, charts, tr, ..
    } = *cx;
    let area_ix = AreaIx::new(ix);
    let latest = site.latest_wave_ix();
    let area = &site.areas[area_ix];
    let tree = strategic_views((site, tr), charts, area, latest, GoalScope::All);
    PageView {
        title: format!("{} {}", area.id, area.title),
        description: truncate_description(&tr.format(
            "area.description",
            &[
                ("name", &level_name(site, tr, 0, 1)),
                ("id", &area.id),
                ("title", &area.title),
                (
                    "measures",
                    &crate::model::levels::count_items(
                        &site.levels,
                        tr,
                        area.measures.len() as u64,
                    ),
                ),
            ],
        )),
        breadcrumbs: vec![home_crumb(site, tr), areas_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
            area => area,
            status_chart => charts.area_status(area_ix),
            wave => latest.map(|w| wave_item(&site.waves[w])),
            strategic_goals => tree.groups,
            goals => tree.goals,
            articles => area.articles.iter().map(|&a| article_item(&site.articles[a])).collect::<Vec<_>>(),
        },
    }
}

pub(super) fn measures<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    PageView {
        title: level_text(site, tr, site.levels.len() - 1, "measures.title", 2),
        description: tr.plural("measures.description", site.measures.len() as u64, &[]),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
            status_rows => site.status_counts.rows(&site.status_kinds),
            wave => site.latest_wave().map(wave_item),
            areas => site.areas.iter().map(|a| context! {
                area => area_item(site, a),
                measures => a.measures.iter().map(|&m| measure_item(&site.measures[m])).collect::<Vec<_>>(),
            }).collect::<Vec<_>>(),
        },
    }
}

/// The texts of an earlier edition of a measure's card that the current card words otherwise,
/// each with its label: what the measure page shows under "Znění karty podle …".
fn earlier_texts(then: &CardTexts, now: &CardTexts, tr: &Translations) -> Vec<Value> {
    let mut fields = Vec::new();
    let mut add = |key: &str, differs: bool, text: Value| {
        if differs {
            fields.push(context! { label => tr.text(key), value => text });
        }
    };
    add(
        "edition.title",
        then.title != now.title,
        Value::from(then.title.as_str()),
    );
    add(
        "measure.description",
        then.description_html != now.description_html,
        Value::from_safe_string(then.description_html.clone()),
    );
    add(
        "measure.target_group",
        then.target_group != now.target_group,
        Value::from(then.target_group.as_str()),
    );
    add(
        "measure.output_indicators",
        then.output_indicators != now.output_indicators,
        Value::from(then.output_indicators.join("; ")),
    );
    add(
        "measure.funding_sources",
        then.funding_sources != now.funding_sources,
        Value::from(then.funding_sources.join(", ")),
    );
    fields
}

pub(super) fn measure<'a>(cx: &Cx<'a>, ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    let mi = MeasureIx::new(ix);
    let m = &site.measures[mi];
    let area = &site.areas[m.area];
    let groups = site.groups_of(m.strategic_goal);
    let goal = &site.specific_goals[m.specific_goal];
    // One row per wave, oldest first, whether or not the wave reports the measure.
    let reports: Vec<Value> = WaveIx::enumerate(&site.waves)
        .map(|(w, wave)| match site.measure_report(mi, w) {
            Some((goal_report, report)) => {
                context! {
                    wave => wave_item(wave),
                    report => report,
                    as_of_label => tr.text(&format!("as_of.{}", goal_report.as_of_kind)),
                    as_of => goal_report.as_of,
                    summary_html => &goal_report.summary_html,
                }
            }
            None => {
                let h = &m.status_history[w.get()];
                context! {
                    wave => wave_item(wave),
                    report => None::<()>,
                    badge => &h.badge,
                    state => h.state,
                }
            }
        })
        .collect();
    // What happened, first: the latest status with the wave it comes from, and what the
    // latest wave that reports the measure says of it.
    let latest_report = WaveIx::enumerate(&site.waves)
        .rev()
        .find_map(|(w, _)| Some((w, site.measure_report(mi, w)?)));
    let status_wave = m
        .status_history
        .iter()
        .rev()
        .find(|h| h.badge.is_some() && h.state != Some("not-in-force"))
        .filter(|_| m.latest_status.is_some())
        .map(|h| wave_item(&site.waves[h.since.unwrap_or(h.wave)]));
    let summary = context! {
        item => measure_item(m),
        status_wave => status_wave,
        report => latest_report.map(|(_, (_, report))| report),
        project_budget => latest_report.and_then(|(_, (_, report))| project_budget(site, report)),
        finding => latest_report.filter(|(_, (g, _))| g.summary_html.is_some()).map(|(w, (g, _))| context! {
            wave => wave_item(&site.waves[w]),
            summary_html => &g.summary_html,
            as_of_label => tr.text(&format!("as_of.{}", g.as_of_kind)),
            as_of => &g.as_of,
        }),
    };
    let plans = &site.plan.action_plans;
    let plan_of = |ix: crate::model::ActionPlanIx| &plans[ix.get()];
    let card_plan = m
        .editions
        .last()
        .map_or(site.plan.action_plan.as_str(), |e| {
            plan_of(e.action_plan).title.as_str()
        });
    let life = m.lifecycle.shown(plans.len()).then(|| {
        context! {
            plans => m.lifecycle.action_plans.iter().map(|&p| plan_of(p).title.as_str()).collect::<Vec<_>>(),
            end => m.lifecycle.end.as_ref().map(|e| context! {
                key => e.key,
                plan => &plan_of(e.action_plan).title,
                period => &plan_of(e.action_plan).period,
                date => e.date.map(|d| d.shown()),
                reason_html => &e.reason_html,
            }),
            replaced_by => &m.lifecycle.replaced_by,
            // New in a later action plan: the first that lists it.
            new => m.lifecycle.action_plans.first().filter(|p| p.get() > 0).map(|&p| context! {
                title => &plan_of(p).title,
                period => &plan_of(p).period,
            }),
        }
    });
    let editions: Vec<Value> = if m.editions.len() > 1 {
        let current = CardTexts::of(m);
        m.editions
            .iter()
            .map(|e| context! {
                plan => &plan_of(e.action_plan).title,
                period => &plan_of(e.action_plan).period,
                edition => e,
                changed => e.changed.iter().map(|k| tr.text(&format!("edition.changed.{k}")).to_string()).collect::<Vec<_>>(),
                earlier => earlier_texts(&e.texts, &current, tr),
            })
            .collect()
    } else {
        Vec::new()
    };
    let item = site.levels.len() - 1;
    PageView {
        title: tr.format(
            "node.item_titled",
            &[
                ("name", &level_name(site, tr, item, 1)),
                ("id", &m.id),
                ("title", &m.title),
            ],
        ),
        description: truncate_description(&m.description_text),
        breadcrumbs: [
            home_crumb(site, tr),
            areas_crumb(site, tr),
            crumb(format!("{} {}", area.id, area.title), &area.href),
        ]
        .into_iter()
        // A two-level plan's goal is the area just named.
        .chain(
            (!site.levels[item - 1].implicit)
                .then(|| crumb(node_named(site, tr, item - 1, &goal.id), &goal.href)),
        )
        .collect(),
        crumb: Some(node_named(site, tr, item, &m.id)),
        content: None,
        context: context! {
            measure => m,
            summary => summary,
            latest_wave => latest_report.map(|(w, _)| w.get()),
            area => area_item(site, area),
            groups => groups,
            goal => goal,
            reports => reports,
            reported => !m.reports.is_empty(),
            history => m.status_history.iter().map(|h| context! {
                wave => wave_item(&site.waves[h.wave]),
                badge => &h.badge,
                movement => h.movement.map(|mv| movement_text(tr, "status", mv)),
                state => h.state,
                since => h.since.map(|w| &site.waves[w].title),
            }).collect::<Vec<_>>(),
            card_plan => card_plan,
            // Its rows in each action plan's funding tables; the captions name the plan when
            // there are several.
            funding_editions => m.editions.iter().filter(|e| !e.funding.is_empty()).map(|e| context! {
                suffix => crate::chart::PlanSuffix::of(site, e.action_plan).title,
                tables => e.funding.iter().map(|r| {
                    let table = &site.funding_tables[r.table];
                    context! {
                        title => &table.title,
                        columns => &table.columns,
                        rows => r.rows.iter().map(|row| context! { cells => super::documents::cell_views(site, tr, table, &row.cells, row.counted) }).collect::<Vec<_>>(),
                    }
                }).collect::<Vec<_>>(),
            }).collect::<Vec<_>>(),
            // Its rows in the tables whose rows the waves give, wave by wave.
            wave_tables => WaveIx::enumerate(&site.waves).filter_map(|(w, wave)| Some((wave, site.measure_report(mi, w)?.1))).flat_map(|(wave, report)| report.funding.iter().map(move |r| (wave, r))).map(|(wave, r)| {
                let table = &site.funding_tables[r.table];
                context! {
                    title => tr.format("funding.table_in_wave", &[("table", &table.title), ("wave", &wave.title)]),
                    columns => &table.columns,
                    rows => r.rows.iter().map(|row| context! { cells => super::documents::cell_views(site, tr, table, &row.cells, row.counted) }).collect::<Vec<_>>(),
                }
            }).collect::<Vec<_>>(),
            life => life,
            editions => editions,
            articles => m.articles.iter().map(|&a| article_item(&site.articles[a])).collect::<Vec<_>>(),
        },
    }
}

/// The budget of the measure's projects as a report gives it: the sum of the measure's counted
/// rows in the table with role `projects` (its first money column); `None` when the report
/// gives none.
fn project_budget(
    site: &Site,
    report: &crate::model::MeasureReport,
) -> Option<crate::values::Money> {
    use crate::model::{funding, funding_tables::TableRole};
    let t = site
        .funding_tables
        .iter()
        .position(|t| t.role == Some(TableRole::Projects))?;
    let table = &site.funding_tables[t];
    let mut amounts = report
        .funding
        .iter()
        .filter(|r| r.table == t)
        .flat_map(|r| &r.rows)
        .filter(|r| r.counted)
        .filter_map(|r| table.role_amount(&r.cells))
        .peekable();
    amounts.peek()?;
    Some(amounts.fold(funding::ZERO, funding::add))
}

//! The pages that present the plan's own tables: funding (the declared funding tables and
//! their sums by area and source), the risk analysis and the implementation schedule with the
//! waves' months; each only when the plan has such a table.

use minijinja::{context, Value};

use super::views::{area_item, home_crumb, wave_item};
use super::{Cx, PageView};
use crate::chart::PlanSuffix;
use crate::i18n::Translations;
use crate::model::funding::Funding;
use crate::model::funding_tables::{
    FundingCell, FundingColumn, FundingColumnKind, FundingTable, RowsFrom, TableRole, TableRow,
    TableRows,
};
use crate::model::{ActionPlanIx, Site, StatedTotalView, WaveIx};

/// The funding page shows the declared tables; a plan with none of their rows has no funding
/// page.
pub(super) fn funding_exists(site: &Site) -> bool {
    site.funding.iter().any(plan_has_money)
}

pub(super) fn risks_exist(site: &Site) -> bool {
    !site.plan.risks.is_empty()
}

/// The timeline shows the implementation schedule and the months of each wave that has them.
pub(super) fn timeline_exists(site: &Site) -> bool {
    !site.plan.schedule.is_empty() || site.waves.iter().any(|w| !w.months.is_empty())
}

pub(super) fn funding<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx {
        site, charts, tr, ..
    } = *cx;
    let several = site.funding.len() > 1;
    // With several action plans each has its sections, their headings and anchors marked
    // with the plan; with one, the page is as it always was.
    let plans: Vec<Value> = site
        .funding
        .iter()
        .filter(|f| !several || plan_has_money(f))
        .map(|f| {
            let suffix = PlanSuffix::of(site, f.action_plan);
            plan_funding((site, tr), charts, f, suffix.id, suffix.title)
        })
        .collect();
    PageView {
        title: tr.text("funding.title").into(),
        description: tr.text("funding.description").into(),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! { plans => plans },
    }
}

/// Whether an action plan has any money to show: rows of its declared tables.
fn plan_has_money(f: &Funding) -> bool {
    f.tables.iter().any(|t| !t.rows.is_empty())
}

/// A declared funding table's rows and sums in one action plan, as the funding page shows them:
/// a plan's table as one list, a table the waves give one list per wave with the totals the
/// wave states under it.
fn declared_table(site: &Site, tr: &Translations, rows: &TableRows, plan: ActionPlanIx) -> Value {
    let table = &site.funding_tables[rows.table];
    let money: Vec<usize> = table.money_columns().collect();
    let row_view = |r: &TableRow| {
        let m = &site.measures[r.measure];
        context! {
            measure => context! { id => &m.id, title => &m.title, href => &m.href },
            cells => cell_views(site, tr, table, &r.cells, r.counted),
        }
    };
    let waves = (table.rows_from == RowsFrom::Wave).then(|| {
        WaveIx::enumerate(&site.waves)
            .filter(|(wi, _)| rows.rows.iter().any(|r| r.wave == Some(*wi)))
            .map(|(wi, w)| {
                context! {
                    wave => wave_item(w),
                    rows => rows.rows.iter().filter(|r| r.wave == Some(wi)).map(row_view).collect::<Vec<_>>(),
                    stated_totals => wave_totals(w, rows.table),
                }
            })
            .collect::<Vec<_>>()
    });
    context! {
        key => &table.key,
        title => &table.title,
        description => &table.description,
        columns => &table.columns,
        rows => rows.rows.iter().map(row_view).collect::<Vec<_>>(),
        waves => waves,
        // The heading of the column that identifies a row across waves.
        unique => table.unique_by.map(|u| &table.columns[u].name),
        group => table.group_by.map(|g| &table.columns[g].name),
        money => money.iter().map(|&c| &table.columns[c].name).collect::<Vec<_>>(),
        // A planned table's sums are the page's summary and its section by source.
        sums => (table.role != Some(TableRole::Planned)).then_some(&rows.sums),
        // Per top-level node, when the rows span more than one and no role puts them in the
        // page's sums by area already.
        by_area => (rows.area_sums.len() > 1 && table.role.is_none()).then(|| rows.area_sums.iter().map(|a| context! {
            area => area_item(site, &site.areas[a.area]),
            count => a.count,
            amounts => &a.amounts,
        }).collect::<Vec<_>>()),
        areas_name => crate::model::levels::in_sentence(&crate::model::levels::level_name(&site.levels, tr, 0, 2)),
        stated_totals => table.stated_totals.iter().filter(|t| t.action_plan == Some(plan)).collect::<Vec<_>>(),
    }
}

/// The totals wave `w` states under its rows of declared table `table`.
pub(crate) fn wave_totals(w: &crate::model::Wave, table: usize) -> Vec<&StatedTotalView> {
    w.table_totals
        .iter()
        .filter(|(t, _)| *t == table)
        .map(|(_, total)| total)
        .collect()
}

/// A row's cells as shown: each one's text ("–" when empty; an amount as the column prints
/// it, an estimate worded `cost.approx`, another item's amount as a link worded `cost.see`),
/// whether it holds money (right-aligned) or is one long word (`token`, which may break
/// anywhere), the link, and for the amounts of a row outside the sums the note saying so.
pub(crate) fn cell_views(
    site: &Site,
    tr: &Translations,
    table: &FundingTable,
    cells: &[FundingCell],
    counted: bool,
) -> Vec<Value> {
    table
        .columns
        .iter()
        .zip(cells)
        .map(|(column, cell)| {
            let (text, href) = cell_text(site, tr, column, cell);
            let money = column.kind == FundingColumnKind::Money;
            // A long text without a space (a registration number) may break anywhere, so that
            // it does not widen the table beyond a narrow screen.
            let token = !money && text.chars().count() > 16 && !text.contains(char::is_whitespace);
            context! {
                text => text,
                money => money,
                token => token,
                href => href,
                note => (money && !counted && !matches!(cell, FundingCell::Empty)).then(|| tr.text("funding.row_not_counted")),
            }
        })
        .collect()
}

/// One value as shown ("–" when empty; an amount as its column prints it, an estimate worded
/// `cost.approx`, another item's amount worded `cost.see`) and, for the latter, the link.
pub(crate) fn cell_text<'s>(
    site: &'s Site,
    tr: &Translations,
    column: &FundingColumn,
    cell: &'s FundingCell,
) -> (String, Option<&'s String>) {
    let amount = |m: &crate::values::Money| {
        if column.rounded {
            crate::values::RoundedMoney(m.0).shown()
        } else {
            m.shown()
        }
    };
    match cell {
        FundingCell::Empty => ("–".to_string(), None),
        FundingCell::Text(t) => (t.clone(), None),
        FundingCell::Money(m) => (amount(m), None),
        FundingCell::Approx(m) => (tr.format("cost.approx", &[("amount", &amount(m))]), None),
        FundingCell::List(items) => (items.join(", "), None),
        FundingCell::SameAs(other) => {
            let named =
                crate::model::levels::node_in_sentence(&site.levels, tr, other.level, &other.id);
            (
                tr.format("cost.see", &[("measure", &named)]),
                Some(&other.href),
            )
        }
    }
}

/// A row of a declared table as one line of text: "Číslo projektu: P-1, Rozpočet: 1 200,00
/// Kč", its empty cells left out (the printed report lists a measure's rows so).
pub(crate) fn row_line(
    site: &Site,
    tr: &Translations,
    table: &FundingTable,
    cells: &[FundingCell],
) -> String {
    table
        .columns
        .iter()
        .zip(cells)
        .filter(|(_, cell)| !matches!(cell, FundingCell::Empty))
        .map(|(column, cell)| format!("{}: {}", column.name, cell_text(site, tr, column, cell).0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The funding page's sections for one action plan.
fn plan_funding<'a>(
    (site, tr): (&'a Site, &Translations),
    charts: &crate::chart::Charts,
    f: &'a Funding,
    suffix: String,
    title_suffix: String,
) -> Value {
    let plan = f.action_plan;
    // The overall sums (the last, unlabelled total) of the allocations and the projects.
    let overall =
        |sums: &'a [crate::model::funding::Sum]| sums.last().filter(|s| s.label.is_none());
    let allocation = overall(&f.allocation_totals);
    let projects = overall(&f.project_totals);
    let summary = (f.planned_count > 0 || allocation.is_some() || projects.is_some()).then(|| {
        context! {
            planned => (f.planned_count > 0).then_some(f.planned),
            planned_count => f.planned_count,
            allocation => allocation.map(|s| s.amount),
            projects => projects.map(|s| s.amount),
            project_count => projects.map(|s| s.count),
            // The projects' budgets as a share of the allocation, in whole per cent.
            share => allocation.zip(projects).and_then(|(a, p)| {
                let a = a.amount.0.to_f64();
                (a > 0.0).then(|| format!("{:.0}", p.amount.0.to_f64() * 100.0 / a))
            }),
        }
    });
    // The tables with a role feed the sums by area and by source; the by-area table has a
    // column for each role that has rows.
    let role_rows = |role: TableRole| {
        f.tables
            .iter()
            .any(|t| site.funding_tables[t.table].role == Some(role) && !t.rows.is_empty())
    };
    let area_columns = context! {
        planned => role_rows(TableRole::Planned),
        allocation => role_rows(TableRole::Allocation),
        projects => role_rows(TableRole::Projects),
    };
    let by_area = [
        TableRole::Planned,
        TableRole::Allocation,
        TableRole::Projects,
    ]
    .into_iter()
    .any(role_rows);
    context! {
        summary => summary,
        suffix => &suffix,
        title_suffix => title_suffix,
        by_area => by_area,
        area_columns => area_columns,
        by_source => !f.sources.is_empty(),
        tables => f.tables.iter().filter(|t| !t.rows.is_empty()).map(|t| declared_table(site, tr, t, plan)).collect::<Vec<_>>(),
        area_chart => charts.funding.iter().find(|c| c.id == format!("graf-financovani-oblasti{suffix}")),
        source_chart => charts.funding.iter().find(|c| c.id == format!("graf-financovani-zdroje{suffix}")),
        areas => f.areas.iter().map(|a| context! { funding => a, area => area_item(site, &site.areas[a.area]) }).collect::<Vec<_>>(),
        sources => &f.sources,
    }
}

pub(super) fn risks<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx {
        site, charts, tr, ..
    } = *cx;
    PageView {
        title: tr.text("risks.title").into(),
        description: tr.text("risks.description").into(),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! { risks => &site.plan.risks, matrix => &charts.risks },
    }
}

pub(super) fn timeline<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    PageView {
        title: tr.text("timeline.title").into(),
        description: tr.text("timeline.description").into(),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
            // Where the plan stands: the evaluation step the latest wave published and the
            // next one, by their order among the steps with `evaluation = true`.
            schedule => {
                let mut evaluations = 0;
                site.plan.schedule.iter().map(|step| {
                    let k = step.evaluation.then(|| { evaluations += 1; evaluations - 1 });
                    let latest = k.filter(|&k| k + 1 == site.waves.len());
                    context! {
                        when => &step.when,
                        items => &step.items,
                        evaluation => step.evaluation,
                        marker => match k {
                            Some(_) if latest.is_some() => Some("latest"),
                            Some(k) if k == site.waves.len() => Some("next"),
                            _ => None,
                        },
                        wave => latest.map(|k| wave_item(&site.waves[k])),
                    }
                }).collect::<Vec<_>>()
            },
            waves => site.waves.iter().filter(|w| !w.months.is_empty()).map(|w| context! {
                wave => wave_item(w),
                months => &w.months,
                months_intro_html => &w.months_intro_html,
            }).collect::<Vec<_>>(),
        },
    }
}

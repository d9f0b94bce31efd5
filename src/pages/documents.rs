//! The pages that present the plan's own tables: funding (the funded projects, allocations and
//! financing by area and source), the risk analysis and the implementation schedule with the
//! waves' months; each only when the plan has such a table.

use minijinja::{context, Value};

use super::views::{area_item, home_crumb, wave_item};
use super::{Cx, PageView};
use crate::chart::PlanSuffix;
use crate::model::funding::Funding;
use crate::model::{MeasureIx, Site, WaveIx};

/// The funding page shows funded projects, the financing table and the allocation table; a
/// plan with none of them has no funding page. (Expected costs alone stay on the measures'
/// pages: the funding page does not list them.)
pub(super) fn funding_exists(site: &Site) -> bool {
    site.funding.iter().any(|f| !f.projects.is_empty())
        || site
            .measures
            .iter()
            .flat_map(|m| &m.editions)
            .any(|e| e.financing.is_some() || e.allocation.is_some())
}

pub(super) fn risks_exist(site: &Site) -> bool {
    !site.plan.risks.is_empty()
}

/// The timeline shows the implementation schedule and the months of each wave that has them.
pub(super) fn timeline_exists(site: &Site) -> bool {
    !site.plan.schedule.is_empty() || site.waves.iter().any(|w| !w.months.is_empty())
}

pub(super) fn funding<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, charts, tr } = *cx;
    let several = site.funding.len() > 1;
    // With several action plans each has its sections, their headings and anchors marked
    // with the plan; with one, the page is as it always was.
    let plans: Vec<Value> = site
        .funding
        .iter()
        .filter(|f| !several || plan_has_money(site, f))
        .map(|f| {
            let suffix = PlanSuffix::of(site, f.action_plan);
            plan_funding(site, charts, f, suffix.id, suffix.title)
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

/// Whether an action plan has any money to show: projects, financing or allocation rows.
fn plan_has_money(site: &Site, f: &Funding) -> bool {
    !f.projects.is_empty()
        || site
            .measures
            .iter()
            .filter_map(|m| m.edition(f.action_plan))
            .any(|e| e.financing.is_some() || e.allocation.is_some())
}

/// The funding page's sections for one action plan.
fn plan_funding(
    site: &Site,
    charts: &crate::chart::Charts,
    f: &Funding,
    suffix: String,
    title_suffix: String,
) -> Value {
    let plan = f.action_plan;
    let measure_link = |m: MeasureIx| {
        let m = &site.measures[m];
        context! { id => &m.id, title => &m.title, href => &m.href }
    };
    let edition = |m: MeasureIx| site.measures[m].edition(plan);
    context! {
        suffix => &suffix,
        title_suffix => title_suffix,
        waves => WaveIx::enumerate(&site.waves).filter(|(wi, _)| f.projects.iter().any(|p| p.wave == *wi)).map(|(wi, w)| context! {
            wave => wave_item(w),
            projects => f.projects.iter().filter(|p| p.wave == wi).map(|p| context! {
                project => p,
                area => area_item(site, &site.areas[p.area]),
                measure => measure_link(p.measure),
            }).collect::<Vec<_>>(),
            stated_totals => &w.stated_totals,
        }).collect::<Vec<_>>(),
        project_totals => &f.project_totals,
        allocations => site.measure_ixs().filter_map(|i| Some((i, edition(i)?.allocation.as_ref()?))).map(|(i, a)| context! {
            measure => measure_link(i),
            allocation => a,
            area => area_item(site, &site.areas[site.measures[i].area]),
        }).collect::<Vec<_>>(),
        allocation_totals => &f.allocation_totals,
        area_chart => charts.funding.iter().find(|c| c.id == format!("graf-financovani-oblasti{suffix}")),
        source_chart => charts.funding.iter().find(|c| c.id == format!("graf-financovani-zdroje{suffix}")),
        stated_allocation_totals => site.plan.allocation_totals.iter().filter(|t| t.action_plan == Some(plan)).collect::<Vec<_>>(),
        areas => f.areas.iter().map(|a| context! { funding => a, area => area_item(site, &site.areas[a.area]) }).collect::<Vec<_>>(),
        sources => &f.sources,
        measures => site.areas.iter().map(|a| context! {
            area => area_item(site, a),
            measures => a.measures.iter().filter(|&&m| edition(m).is_some()).map(|&m| context! {
                measure => measure_link(m),
                financing => edition(m).and_then(|e| e.financing.as_ref()),
            }).collect::<Vec<_>>(),
        }).collect::<Vec<_>>(),
    }
}

pub(super) fn risks<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, charts, tr } = *cx;
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
            schedule => &site.plan.schedule,
            waves => site.waves.iter().filter(|w| !w.months.is_empty()).map(|w| context! {
                wave => wave_item(w),
                months => &w.months,
            }).collect::<Vec<_>>(),
        },
    }
}

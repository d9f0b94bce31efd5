//! The pages that present the plan's own tables: funding (the KPSV+ projects, allocations and
//! financing by area and source), the risk analysis and the implementation schedule with the
//! waves' months; each only when the plan has such a table.

use minijinja::context;

use super::views::{area_item, home_crumb, wave_item};
use super::{Cx, PageView};
use crate::model::{MeasureIx, Site, WaveIx};

/// The funding page shows funded projects, the financing table and the allocation table; a
/// plan with none of them has no funding page. (Expected costs alone stay on the measures'
/// pages: the funding page does not list them.)
pub(super) fn funding_exists(site: &Site) -> bool {
    !site.funding.projects.is_empty()
        || site
            .measures
            .iter()
            .any(|m| m.financing.is_some() || m.allocation.is_some())
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
    let f = &site.funding;
    let measure_link = |m: MeasureIx| {
        let m = &site.measures[m];
        context! { id => &m.id, title => &m.title, href => &m.href }
    };
    PageView {
        title: tr.text("funding.title").into(),
        description: tr.text("funding.description").into(),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
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
            allocations => MeasureIx::enumerate(&site.measures).filter(|(_, m)| m.allocation.is_some()).map(|(i, m)| context! {
                measure => measure_link(i),
                allocation => &m.allocation,
                area => area_item(site, &site.areas[m.area]),
            }).collect::<Vec<_>>(),
            allocation_totals => &f.allocation_totals,
            charts => &charts.funding,
            stated_allocation_totals => &site.plan.allocation_totals,
            areas => f.areas.iter().map(|a| context! { funding => a, area => area_item(site, &site.areas[a.area]) }).collect::<Vec<_>>(),
            sources => &f.sources,
            measures => site.areas.iter().map(|a| context! {
                area => area_item(site, a),
                measures => a.measures.iter().map(|&m| context! {
                    measure => measure_link(m),
                    financing => &site.measures[m].financing,
                }).collect::<Vec<_>>(),
            }).collect::<Vec<_>>(),
        },
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

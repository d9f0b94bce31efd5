//! The pages of the global indicators: their overview and one page per indicator with its
//! chart, its values in every wave and the evaluators' comments; a plan without global
//! indicators has none.

use minijinja::{context, Value};

use super::route;
use super::views::{home_crumb, movement_text, section_crumb, truncate_description, wave_item};
use super::{Cx, PageView};
use crate::chart;
use crate::model::{IndicatorIx, Site};

/// The overview exists when the plan has a global indicator.
pub(super) fn exist(site: &Site) -> bool {
    !site.indicators.is_empty()
}

pub(super) fn indicators<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
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
    PageView {
        title: tr.text("indicators.title").into(),
        description: tr.text("indicators.description").into(),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
            indicators => indicator_rows,
            notes_html => &site.indicator_notes_html,
            wave => site.latest_wave().map(wave_item),
        },
    }
}

pub(super) fn indicator<'a>(cx: &Cx<'a>, ix: usize, _path: &str) -> PageView<'a> {
    let Cx {
        site, charts, tr, ..
    } = *cx;
    let i = IndicatorIx::new(ix);
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
    PageView {
        title: ind.name.clone(),
        description: truncate_description(&tr.format(
            "indicator.description",
            &[
                ("name", &ind.name),
                ("baseline", &ind.baseline.text.shown()),
                ("expected", &ind.expected_text),
            ],
        )),
        breadcrumbs: vec![
            home_crumb(site, tr),
            section_crumb(site, tr, "indicators.title", route::INDICATORS),
        ],
        crumb: None,
        content: None,
        context: context! {
            indicator => ind,
            // The latest value that is a number, with the period it is for (else what its wave
            // evaluates); a wave's "n. a." is no news, so the baseline may be the latest known.
            latest => ind.history.iter().rev().find_map(|h| {
                let wave = &site.waves[h.wave];
                let o = &wave.indicator_values[h.value?];
                o.value.and_then(|c| c.number())?;
                Some(context! { text => o.text.shown(), period => o.period.as_deref().unwrap_or(&wave.covers) })
            }),
            indicator_chart => charts.indicator(i),
            target => chart::indicator_target(ind).map(|t| t.shown()),
            history => history,
            comments => comments,
        },
    }
}

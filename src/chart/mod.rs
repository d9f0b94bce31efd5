//! Charts of the plan, rendered at build time as inline SVG: the chart data model (what is drawn,
//! on which scale, with which target line, and the sentence that says it) built from the
//! resolved site model, and the finished [`Chart`] that templates show with its data table.
//! Titles, descriptions and column headings are the theme's translations (`chart.*` keys);
//! numbers stay in Czech format, like the content.
//!
//! Each kind of chart has its module: `status` (measures by status), `progress` (a specific
//! goal's progress), `indicator` (a global indicator over time), `funding` and `risks` (the risk
//! matrix); `spec` is what they hand to the drawing, `text` their Czech numbers and short
//! labels. The drawing itself (charts-rs and the clean-up of its SVG) is in [`svg`];
//! everything else is pure data and unit-tested. Every chart carries a title, a generated description and the same
//! data as a table, so nothing is said by the picture alone.

mod funding;
mod indicator;
mod over_time;
mod progress;
mod risks;
mod spec;
mod status;
mod svg;
mod text;
mod years;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::i18n::Translations;
use crate::model::{AreaIx, GoalReportIx, IndicatorIx, Site, SpecificGoalIx, WaveIx};
use crate::values::locale::{self, Locale};

pub use funding::{funding_by_area, funding_by_source, funding_charts, PlanSuffix};
pub use indicator::{indicator, indicator_target, indicator_until};
pub use progress::goal_progress;
pub use risks::risk_matrix;
pub use spec::{BarSpec, LineStyle, MatrixSpec, Scale, TimePoint, TimeSeries, TimeSpec, Tone};
pub use status::status;

/// A chart ready for a page: the SVG, what it says in words and as a table.
#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    /// Unique within the page it is on; used for the figure's anchor.
    pub id: String,
    pub title: String,
    /// One sentence (or a few) saying what the chart shows, from the data.
    pub desc: String,
    pub svg: String,
    /// The same chart drawn for a phone's width; empty when the wide one serves (the risk
    /// matrix, which scrolls).
    pub svg_narrow: String,
    /// Sentences shown under the chart that explain its marks (the target, a change of
    /// method, an expectation that cannot be drawn); empty for most charts.
    pub notes: Vec<String>,
    pub table: DataTable,
}

/// The chart's data as an HTML table: the first cell of each row is its header.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DataTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Every chart the default pages show, built once per build (in parallel) and looked up by the
/// pages that show it: a goal's progress in a wave appears on its area's page and on the wave's
/// page, an indicator's chart on its page and wherever an article embeds it.
#[derive(Debug, Default)]
pub struct Charts {
    /// Measures by status in the latest wave, per area ([`Charts::area_status`]).
    area_status: Vec<Option<Chart>>,
    /// Measures by status, per wave ([`Charts::wave_status`]).
    wave_status: Vec<Chart>,
    /// Progress of a specific goal in a wave ([`Charts::progress`]).
    progress: HashMap<(SpecificGoalIx, WaveIx), Chart>,
    /// Each global indicator's chart ([`Charts::indicator`]).
    indicators: Vec<Option<Chart>>,
    pub funding: Vec<Chart>,
    pub risks: Option<Chart>,
}

impl Charts {
    /// Measures of area `area` by status in the latest wave; `None` when there is no wave.
    pub fn area_status(&self, area: AreaIx) -> Option<&Chart> {
        self.area_status[area.get()].as_ref()
    }

    /// Measures of the whole plan by status in wave `wave`.
    pub fn wave_status(&self, wave: WaveIx) -> &Chart {
        &self.wave_status[wave.get()]
    }

    /// Progress of specific goal `goal` in wave `wave`, when the wave reports progress.
    pub fn progress(&self, goal: SpecificGoalIx, wave: WaveIx) -> Option<&Chart> {
        self.progress.get(&(goal, wave))
    }

    /// Global indicator `indicator`'s chart, when it has values to draw.
    pub fn indicator(&self, indicator: IndicatorIx) -> Option<&Chart> {
        self.indicators[indicator.get()].as_ref()
    }

    /// Every chart of the site, with its values written in the language of `tr`.
    pub fn build(site: &Site, tr: &Translations) -> Charts {
        let locale = Arc::new(Locale::of(tr, &site.statuses, site.config.currency));
        locale::scope(&locale, || Charts::build_in(site, tr, &locale))
    }

    fn build_in(site: &Site, tr: &Translations, locale: &Arc<Locale>) -> Charts {
        // Charts are drawn on several threads: each writes its values in the site's language.
        let in_locale = |f: &dyn Fn() -> Option<Chart>| locale::scope(locale, f);
        let latest = site.latest_wave();
        let kinds = &site.status_kinds;
        let plan_scope = tr.text("chart.status.plan");
        let goal_name =
            crate::model::levels::level_name(&site.levels, tr, site.levels.len() - 2, 1);
        let reports: Vec<(WaveIx, GoalReportIx)> = WaveIx::enumerate(&site.waves)
            .flat_map(|(w, wave)| GoalReportIx::all(&wave.goal_reports).map(move |r| (w, r)))
            .collect();
        let ((progress, indicators), (area_status, wave_status)) = rayon::join(
            || {
                rayon::join(
                    || {
                        reports
                            .par_iter()
                            .filter_map(|&(w, r)| {
                                let wave = &site.waves[w];
                                let report = &wave.goal_reports[r];
                                let goal = &site.specific_goals[report.specific_goal];
                                in_locale(&|| {
                                    let as_of = format!(
                                        "{} {}",
                                        tr.text(&format!("as_of.{}", report.as_of_kind))
                                            .to_lowercase(),
                                        report.as_of.shown()
                                    );
                                    goal_progress(
                                        goal,
                                        &goal_name,
                                        &report.progress,
                                        &as_of,
                                        &wave.title,
                                        tr,
                                    )
                                })
                                .map(|c| ((report.specific_goal, w), c))
                            })
                            .collect::<HashMap<_, _>>()
                    },
                    || {
                        (0..site.indicators.len())
                            .into_par_iter()
                            .map(|i| {
                                locale::scope(locale, || indicator(site, IndicatorIx::new(i), tr))
                            })
                            .collect::<Vec<_>>()
                    },
                )
            },
            || {
                let areas = site
                    .areas
                    .par_iter()
                    .map(|a| {
                        latest.map(|w| {
                            let scope = tr.format(
                                "chart.status.area",
                                &[
                                    (
                                        "name",
                                        &crate::model::levels::level_name(&site.levels, tr, 0, 1),
                                    ),
                                    ("id", &a.id),
                                    ("title", &a.title),
                                ],
                            );
                            locale::scope(locale, || {
                                status(
                                    STATUS_ID,
                                    &scope,
                                    &w.title,
                                    &a.status_counts,
                                    kinds,
                                    &site.levels,
                                    tr,
                                )
                            })
                        })
                    })
                    .collect();
                let waves = site
                    .waves
                    .par_iter()
                    .map(|w| {
                        locale::scope(locale, || {
                            status(
                                STATUS_ID,
                                plan_scope,
                                &w.title,
                                &w.status_counts,
                                &w.status_kinds,
                                &site.levels,
                                tr,
                            )
                        })
                    })
                    .collect();
                (areas, waves)
            },
        );
        Charts {
            area_status,
            wave_status,
            progress,
            indicators,
            funding: funding_charts(site, tr),
            risks: risk_matrix(&site.plan.risks, tr),
        }
    }
}

const STATUS_ID: &str = "graf-stav";

//! The dataset of every measure's status in every wave (`stavy-opatreni`): one row per wave
//! and measure in force in the action plan it evaluates, with what the wave said of it.

use super::ColumnType::{Date as DateCol, Integer, String as Str};
use super::{col, Column, Dataset, Value};
use crate::model::Site;
use crate::values::{Date, Period};

pub(super) const NAME: &str = "stavy-opatreni";

pub(super) const COLUMNS: &[Column] = &[
    col("wave_id", Str),
    col("measure_id", Str),
    col("action_plan_id", Str),
    col("status", Str),
    col("status_kind", Str),
    col("reports_used", Integer),
    col("reports_total", Integer),
    col("implementer", Str),
    col("period_from", DateCol),
    col("period_to", DateCol),
    col("as_of", DateCol),
];

/// The key of a measure a wave does not report.
const NOT_REPORTED: &str = "not-reported";

pub(super) fn statuses(site: &Site) -> Dataset {
    let mut rows = Vec::new();
    for (w, wave) in crate::model::WaveIx::enumerate(&site.waves) {
        let plan = &site.plan.action_plans[wave.action_plan];
        for m in site.measure_ixs() {
            let measure = &site.measures[m];
            let row = match site.measure_report(m, w) {
                Some((goal, report)) => {
                    let status = report.badge.status;
                    let reports = status.reports();
                    let (from, to) = report.period.map_or((None, None), period_days);
                    vec![
                        Value::text(&wave.id),
                        Value::text(&measure.id),
                        Value::text(&plan.id),
                        Value::text(status.shown()),
                        Value::text(status.kind.key()),
                        reports.map_or(Value::Empty, |r| Value::Integer(i64::from(r.used))),
                        reports.map_or(Value::Empty, |r| Value::Integer(i64::from(r.total))),
                        Value::opt_text(report.implementer.as_deref()),
                        from.map_or(Value::Empty, Value::Date),
                        to.map_or(Value::Empty, Value::Date),
                        Value::Date(goal.as_of),
                    ]
                }
                None => vec![
                    Value::text(&wave.id),
                    Value::text(&measure.id),
                    Value::text(&plan.id),
                    Value::Empty,
                    Value::text(NOT_REPORTED),
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                ],
            };
            rows.push(row);
        }
    }
    Dataset::new(NAME, COLUMNS, rows, site)
}

/// The first and last day of an implementation period; an ongoing one has neither.
fn period_days(period: Period) -> (Option<Date>, Option<Date>) {
    match period {
        Period::Range { from, to } => (Some(from), Some(to)),
        Period::Year(y) => (Date::new(y, 1, 1).ok(), Date::new(y, 12, 31).ok()),
        Period::Ongoing => (None, None),
    }
}

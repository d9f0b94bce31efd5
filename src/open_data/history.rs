//! The dataset of every measure's status in every wave (`stavy-opatreni`): one row per wave
//! and measure in force in the action plan it evaluates, with what the wave said of it, the
//! status it carries from an earlier wave (a completed measure stays completed), or its
//! cancellation.

use super::ColumnType::{Date as DateCol, Integer, String as Str};
use super::{col, Column, Dataset, Value};
use crate::model::{Site, StatusInWave, WaveIx};
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
    col("carried_from_wave_id", Str),
];

/// The key of a measure a wave does not report.
const NOT_REPORTED: &str = "not-reported";

pub(super) fn statuses(site: &Site) -> Dataset {
    let mut rows = Vec::new();
    for (w, wave) in WaveIx::enumerate(&site.waves) {
        let plan = &site.plan.action_plans[wave.action_plan];
        for m in site.measure_ixs() {
            let measure = &site.measures[m];
            let ids = [
                Value::text(&wave.id),
                Value::text(&measure.id),
                Value::text(&plan.id),
            ];
            let status = site.status(m, w);
            // What a wave reported: this one's report, or the earlier one whose status it carries.
            let from = match status {
                StatusInWave::NotInForce => continue,
                StatusInWave::Reported(_) => Some(w),
                StatusInWave::Carried { since, .. } => Some(since),
                StatusInWave::Cancelled(_) | StatusInWave::NotReported => None,
            };
            let carried_from = match status {
                StatusInWave::Carried { since, .. } => Value::text(&site.waves[since].id),
                _ => Value::Empty,
            };
            let row: Vec<Value> =
                match (from.and_then(|f| site.measure_report(m, f)), status.badge()) {
                    (Some((goal, report)), _) => {
                        let status = report.badge.status;
                        let reports = status.reports();
                        let (from, to) = report.period.map_or((None, None), period_days);
                        vec![
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
                    (None, Some(badge)) => {
                        let mut row = vec![
                            Value::text(badge.status.shown()),
                            Value::text(badge.kind.key()),
                        ];
                        row.resize(8, Value::Empty);
                        row
                    }
                    (None, None) => {
                        let mut row = vec![Value::Empty, Value::text(NOT_REPORTED)];
                        row.resize(8, Value::Empty);
                        row
                    }
                };
            rows.push(ids.into_iter().chain(row).chain([carried_from]).collect());
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

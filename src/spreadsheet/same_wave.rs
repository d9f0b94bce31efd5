//! Whether a filled-in spreadsheet only repeats a wave the site already has: the same measures
//! with the same statuses, implementers and periods (and rows in the funding tables the
//! spreadsheet has columns of), the same goal and indicator values. Run
//! twice on one spreadsheet, `milnik import wave` would otherwise add a second wave with the
//! same data, published this month, which the site would show as the latest evaluation.

use super::cells::Value;
use super::rows::{ValueRow, WaveRows};
use crate::model::{Observation, Site, Wave, WaveIx};

/// The site's wave whose data is exactly what `rows` report, if there is one.
pub fn already_imported(site: &Site, rows: &WaveRows) -> Option<WaveIx> {
    WaveIx::enumerate(&site.waves)
        .find(|(_, wave)| same_data(wave, rows))
        .map(|(ix, _)| ix)
}

/// Every measure, goal value and indicator value of `rows` is in `wave` as it is there, and
/// `wave` reports nothing more.
fn same_data(wave: &Wave, rows: &WaveRows) -> bool {
    let reported: usize = wave.goal_reports.iter().map(|r| r.measures.len()).sum();
    let values: usize = wave.goal_reports.iter().map(|r| r.values.len()).sum();
    if reported != rows.measures()
        || values != rows.goal_values()
        || wave.indicator_values.len() != rows.indicators.len()
        || rows.measures() + rows.goal_values() + rows.indicators.len() == 0
    {
        return false;
    }
    let goals_match = rows.goals.iter().all(|g| {
        let Some(report) = wave.goal_reports.iter().find(|r| r.specific_goal == g.goal) else {
            return false;
        };
        let measures_match = g.measures.iter().all(|m| {
            report.measures.iter().any(|r| {
                r.measure == m.measure
                    && r.badge.status == m.status
                    && r.implementer == m.implementer
                    && r.activity == m.activity
                    && r.period == m.period
                    && rows.tables.iter().all(|&t| {
                        let theirs = r
                            .funding
                            .iter()
                            .filter(|f| f.table == t)
                            .flat_map(|f| f.rows.iter().map(|row| &row.cells));
                        let ours = m.funding.iter().filter(|f| f.table == t).map(|f| &f.cells);
                        theirs.eq(ours)
                    })
            })
        });
        measures_match
            && report.as_of == g.as_of
            && g.values.iter().all(|v| same_value(&report.values, v))
    });
    goals_match
        && rows
            .indicators
            .iter()
            .all(|v| same_value(&wave.indicator_values, v))
}

/// `values` has the row's indicator with the row's value.
fn same_value(values: &[Observation], row: &ValueRow) -> bool {
    values.iter().any(|o| {
        o.indicator.as_deref() == Some(row.indicator.as_str())
            && o.region == row.region
            && match &row.value {
                Value::Single { cell, approx } => {
                    o.value == Some(*cell) && o.text.approx == *approx
                }
                Value::Parts(parts) => {
                    o.value.is_none()
                        && o.parts.len() == parts.len()
                        && o.parts.iter().zip(parts).all(|(p, c)| p.value == *c)
                }
            }
    })
}

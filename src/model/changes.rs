//! What moved between evaluation waves: measures whose status changed, impact-indicator and
//! global-indicator values that rose, fell, appeared or went missing; and, from the same
//! comparison, each measure's status history and each global indicator's history.
//!
//! Everything is computed from the resolved waves (oldest first); a wave is compared with the
//! one before it. The first wave has nothing to be compared with.

use std::collections::HashMap;

use serde::Serialize;

use super::trend::{self, Trend};
use super::{
    Badge, IndicatorIx, IndicatorValueIx, MeasureIx, Observation, ObservationText, Site,
    SpecificGoalIx, StatusInWave, TrendView, WaveIx,
};
use crate::values::Decimal;

/// How a measure's status moved from one wave to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusMove {
    /// A later stage ("Nerealizováno → V realizaci"), or a later report of the same stage
    /// ("V realizaci (1/6) → V realizaci (3/6)").
    Forward,
    /// An earlier stage than before.
    Back,
    /// Another label at the same stage that is not clearly later.
    Changed,
    NewlyReported,
    NoLongerReported,
    /// New in the action plan the wave evaluates (the previous wave's plan did not list it).
    Added,
    /// The action plan the wave evaluates no longer lists it.
    Ended,
}

impl StatusMove {
    /// Compares what two waves say of a measure; `None` when nothing changed or the measure is
    /// in neither wave. A status carried from an earlier wave is the same status.
    pub fn of(from: StatusInWave, to: StatusInWave) -> Option<StatusMove> {
        match (from.in_force(), to.in_force()) {
            (false, false) => None,
            (false, true) => Some(StatusMove::Added),
            (true, false) => Some(StatusMove::Ended),
            (true, true) => StatusMove::between(from.badge(), to.badge()),
        }
    }

    /// Compares two statuses; `None` when they are the same.
    pub fn between(from: Option<&Badge>, to: Option<&Badge>) -> Option<StatusMove> {
        match (from, to) {
            (None, None) => None,
            (None, Some(_)) => Some(StatusMove::NewlyReported),
            (Some(_), None) => Some(StatusMove::NoLongerReported),
            (Some(a), Some(b)) if a.status == b.status => None,
            (Some(a), Some(b)) => {
                let (a, b) = (a.status, b.status);
                let (Some(from), Some(to)) = (a.kind.stage(), b.kind.stage()) else {
                    // Postponed or cancelled: off the line from "not started" to "done".
                    return Some(StatusMove::Changed);
                };
                Some(match from.cmp(&to) {
                    std::cmp::Ordering::Less => StatusMove::Forward,
                    std::cmp::Ordering::Greater => StatusMove::Back,
                    std::cmp::Ordering::Equal => match (a.reports(), b.reports()) {
                        (Some(x), Some(y)) if x.total == y.total && y.used > x.used => {
                            StatusMove::Forward
                        }
                        (Some(x), Some(y)) if x.total == y.total && y.used < x.used => {
                            StatusMove::Back
                        }
                        _ => StatusMove::Changed,
                    },
                })
            }
        }
    }
}

/// How an indicator value moved from one wave to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueMove {
    Rose,
    Fell,
    /// Both waves give a value, but not one that is simply higher or lower (some parts rose and
    /// others fell, or the values are not numbers).
    Changed,
    /// A value where the previous wave had none or "n. a.".
    New,
    /// No value (or "n. a.") where the previous wave had one.
    Missing,
}

impl ValueMove {
    /// Compares two observations of one indicator; `None` when nothing changed.
    pub fn between(from: Option<&Observation>, to: Option<&Observation>) -> Option<ValueMove> {
        let a = from.map(numbers).unwrap_or_default();
        let b = to.map(numbers).unwrap_or_default();
        match (has_number(&a), has_number(&b)) {
            (false, false) => None,
            (false, true) => Some(ValueMove::New),
            (true, false) => Some(ValueMove::Missing),
            (true, true) if a.len() != b.len() => Some(ValueMove::Changed),
            (true, true) => {
                let (mut up, mut down, mut other) = (false, false, false);
                for (x, y) in a.iter().zip(&b) {
                    match (x, y) {
                        (Some(x), Some(y)) => {
                            up |= y > x;
                            down |= y < x;
                        }
                        (None, None) => {}
                        // A part that appeared or went missing while others stayed.
                        _ => other = true,
                    }
                }
                match (up, down, other) {
                    (true, false, false) => Some(ValueMove::Rose),
                    (false, true, false) => Some(ValueMove::Fell),
                    (false, false, false) => {
                        // Same numbers: a change of the region's value or of the rank still
                        // counts.
                        let (f, t) = (from?, to?);
                        (f.region != t.region || f.rank != t.rank).then_some(ValueMove::Changed)
                    }
                    _ => Some(ValueMove::Changed),
                }
            }
        }
    }
}

/// The numbers an observation gives: its value, or each of its parts; `None` where it says
/// "n. a." or "-".
fn numbers(o: &Observation) -> Vec<Option<Decimal>> {
    match o.value {
        Some(v) => vec![v.number()],
        None => o.parts.iter().map(|p| p.value.number()).collect(),
    }
}

fn has_number(values: &[Option<Decimal>]) -> bool {
    values.iter().any(Option::is_some)
}

/// Both observations give a number, and they are the same.
fn unchanged(from: Option<&Observation>, to: Option<&Observation>) -> bool {
    let given = |o: Option<&Observation>| o.is_some_and(|o| has_number(&numbers(o)));
    given(from) && given(to) && ValueMove::between(from, to).is_none()
}

#[derive(Clone, Debug, Serialize)]
pub struct StatusChange {
    pub measure: MeasureIx,
    pub from: Option<Badge>,
    pub to: Option<Badge>,
    pub movement: StatusMove,
}

#[derive(Clone, Debug, Serialize)]
pub struct ValueChange {
    /// The specific goal whose impact indicator this is; `None` for a global indicator.
    pub goal: Option<SpecificGoalIx>,
    /// The global indicator; `None` for an impact indicator.
    pub global: Option<IndicatorIx>,
    pub name: String,
    pub from: Option<ObservationText>,
    pub to: Option<ObservationText>,
    pub movement: ValueMove,
}

/// What a wave changed compared with the wave before it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct WaveChanges {
    /// The wave this one is compared with; `None` for the first wave.
    pub previous: Option<WaveIx>,
    /// Measures in plan order.
    pub statuses: Vec<StatusChange>,
    /// Measures reported by both waves with the same status.
    pub unchanged_statuses: usize,
    pub goal_values: Vec<ValueChange>,
    pub indicator_values: Vec<ValueChange>,
    /// Values given by both waves that did not change.
    pub unchanged_values: usize,
}

/// One wave in a measure's status history.
#[derive(Clone, Debug, Serialize)]
pub struct StatusHistoryEntry {
    pub wave: WaveIx,
    pub badge: Option<Badge>,
    /// How the status moved since the previous wave; `None` in the first wave or when it stayed.
    pub movement: Option<StatusMove>,
    /// Why the wave did not report it itself, when it did not: `carried`, `cancelled`,
    /// `not-reported`, or `not-in-force` (the wave's action plan does not list it); the theme
    /// words it (`in_wave.*`).
    pub state: Option<&'static str>,
    /// The wave a carried status comes from.
    pub since: Option<WaveIx>,
}

/// One wave in a global indicator's history.
#[derive(Clone, Debug, Serialize)]
pub struct IndicatorHistoryEntry {
    pub wave: WaveIx,
    /// The value's index in the wave's `indicator_values`, when the wave gives one.
    pub value: Option<IndicatorValueIx>,
    pub movement: Option<ValueMove>,
    /// The wave's value compared with the baseline in the direction the plan expects.
    pub trend: Option<TrendView>,
}

/// Impact-indicator values of a wave keyed by (specific goal, indicator key or name), in the
/// order the wave prints them.
fn goal_values(site: &Site, wave: WaveIx) -> Vec<((SpecificGoalIx, &str), &Observation)> {
    site.waves[wave]
        .goal_reports
        .iter()
        .flat_map(|r| {
            r.values.iter().map(move |o| {
                let key = o.indicator.as_deref().unwrap_or(&o.name);
                ((r.specific_goal, key), o)
            })
        })
        .collect()
}

fn global_value(site: &Site, indicator: IndicatorIx, wave: WaveIx) -> Option<&Observation> {
    site.indicators[indicator]
        .values
        .iter()
        .find(|(w, _)| *w == wave)
        .map(|&(w, v)| &site.waves[w].indicator_values[v])
}

fn value_change(
    goal: Option<SpecificGoalIx>,
    global: Option<IndicatorIx>,
    from: Option<&Observation>,
    to: Option<&Observation>,
) -> Option<ValueChange> {
    let movement = ValueMove::between(from, to)?;
    let name = to.or(from).map(|o| o.name.clone()).unwrap_or_default();
    Some(ValueChange {
        goal,
        global,
        name,
        from: from.map(|o| o.text.clone()),
        to: to.map(|o| o.text.clone()),
        movement,
    })
}

/// Compares wave `wave` with the wave before it.
pub fn compare(site: &Site, wave: WaveIx) -> WaveChanges {
    let Some(previous) = wave.previous() else {
        return WaveChanges::default();
    };
    let mut changes = WaveChanges {
        previous: Some(previous),
        ..WaveChanges::default()
    };
    for m in site.measure_ixs() {
        let (from, to) = (site.status(m, previous), site.status(m, wave));
        match StatusMove::of(from, to) {
            Some(movement) => changes.statuses.push(StatusChange {
                measure: m,
                from: from.badge().cloned(),
                to: to.badge().cloned(),
                movement,
            }),
            None if from.badge().is_some() => changes.unchanged_statuses += 1,
            None => {}
        }
    }

    let before = goal_values(site, previous);
    let now = goal_values(site, wave);
    let before_map: HashMap<(SpecificGoalIx, &str), &Observation> =
        before.iter().copied().collect();
    let now_map: HashMap<(SpecificGoalIx, &str), &Observation> = now.iter().copied().collect();
    let mut count = |from: Option<&Observation>, to: Option<&Observation>| {
        if unchanged(from, to) {
            changes.unchanged_values += 1;
        }
    };
    for (key, obs) in &now {
        let from = before_map.get(key).copied();
        count(from, Some(obs));
        changes
            .goal_values
            .extend(value_change(Some(key.0), None, from, Some(obs)));
    }
    for (key, obs) in &before {
        if !now_map.contains_key(key) {
            changes
                .goal_values
                .extend(value_change(Some(key.0), None, Some(obs), None));
        }
    }
    for i in IndicatorIx::all(&site.indicators) {
        let (from, to) = (global_value(site, i, previous), global_value(site, i, wave));
        count(from, to);
        changes
            .indicator_values
            .extend(value_change(None, Some(i), from, to));
    }
    changes
}

/// A measure's status in every wave, oldest first.
pub fn status_history(site: &Site, measure: MeasureIx) -> Vec<StatusHistoryEntry> {
    site.wave_ixs()
        .map(|w| {
            let status = site.status(measure, w);
            let movement = w
                .previous()
                .and_then(|p| StatusMove::of(site.status(measure, p), status));
            StatusHistoryEntry {
                wave: w,
                badge: status.badge().cloned(),
                movement,
                state: match status {
                    StatusInWave::NotInForce => Some("not-in-force"),
                    other => other.source_key(),
                },
                since: match status {
                    StatusInWave::Carried { since, .. } => Some(since),
                    _ => None,
                },
            }
        })
        .collect()
}

/// A global indicator's value in every wave, oldest first, with its trend against the baseline.
pub fn indicator_history(site: &Site, indicator: IndicatorIx) -> Vec<IndicatorHistoryEntry> {
    let ind = &site.indicators[indicator];
    site.wave_ixs()
        .map(|w| {
            let value = ind.values.iter().find(|(vw, _)| *vw == w).map(|&(_, v)| v);
            let current = value.map(|v| &site.waves[w].indicator_values[v]);
            let movement = w
                .previous()
                .and_then(|p| ValueMove::between(global_value(site, indicator, p), current));
            let trend = current.map(|c| {
                let t: Trend = trend::assess(ind.expected_kind, &ind.baseline, c);
                TrendView {
                    key: t.key(),
                    wave: w,
                }
            });
            IndicatorHistoryEntry {
                wave: w,
                value,
                movement,
                trend,
            }
        })
        .collect()
}

/// Fills in every wave's changes and every measure's and global indicator's history.
pub fn apply(site: &mut Site) {
    let waves: Vec<WaveChanges> = site.wave_ixs().map(|w| compare(site, w)).collect();
    let measures: Vec<_> = site
        .measure_ixs()
        .map(|m| status_history(site, m))
        .collect();
    let indicators: Vec<_> = IndicatorIx::all(&site.indicators)
        .map(|i| indicator_history(site, i))
        .collect();
    for (wave, c) in site.waves.iter_mut().zip(waves) {
        wave.changes = c;
    }
    for (m, h) in site.measures.iter_mut().zip(measures) {
        m.status_history = h;
    }
    for (i, h) in site.indicators.iter_mut().zip(indicators) {
        i.history = h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Cell, Status};

    fn badge(s: &str) -> Badge {
        Badge::of(Status::parse(s, &crate::values::status::czech_statuses()).unwrap())
    }

    fn obs(value: Option<&str>, parts: &[&str]) -> Observation {
        Observation::for_test(value, parts)
    }

    #[test]
    fn status_moves() {
        let m = |a: &str, b: &str| StatusMove::between(Some(&badge(a)), Some(&badge(b)));
        assert_eq!(m("Nerealizováno", "V realizaci"), Some(StatusMove::Forward));
        assert_eq!(
            m("V realizaci (1/6)", "V realizaci (3/6)"),
            Some(StatusMove::Forward)
        );
        assert_eq!(m("Dokončeno", "V realizaci"), Some(StatusMove::Back));
        assert_eq!(
            m("V realizaci", "V realizaci (2/6)"),
            Some(StatusMove::Changed)
        );
        assert_eq!(m("V realizaci (2/6)", "V realizaci (2/6)"), None);
        assert_eq!(
            StatusMove::between(None, Some(&badge("Dokončeno"))),
            Some(StatusMove::NewlyReported)
        );
        assert_eq!(
            StatusMove::between(Some(&badge("Dokončeno")), None),
            Some(StatusMove::NoLongerReported)
        );
    }

    #[test]
    fn value_moves() {
        let v = |a: &Observation, b: &Observation| ValueMove::between(Some(a), Some(b));
        assert_eq!(
            v(&obs(Some("39"), &[]), &obs(Some("53"), &[])),
            Some(ValueMove::Rose)
        );
        assert_eq!(
            v(&obs(Some("3,01"), &[]), &obs(Some("2,17"), &[])),
            Some(ValueMove::Fell)
        );
        assert_eq!(v(&obs(Some("7"), &[]), &obs(Some("7,0"), &[])), None);
        // "n. a." is never a zero: a value after it is new, and it after a value is missing.
        assert_eq!(
            v(&obs(Some("n. a."), &[]), &obs(Some("4"), &[])),
            Some(ValueMove::New)
        );
        assert_eq!(
            v(&obs(Some("4"), &[]), &obs(Some("n. a."), &[])),
            Some(ValueMove::Missing)
        );
        assert_eq!(v(&obs(Some("n. a."), &[]), &obs(Some("-"), &[])), None);
        assert_eq!(
            ValueMove::between(None, Some(&obs(Some("1"), &[]))),
            Some(ValueMove::New)
        );
        assert_eq!(
            ValueMove::between(Some(&obs(Some("1"), &[])), None),
            Some(ValueMove::Missing)
        );
        // Parts: all up is a rise, mixed is a change.
        assert_eq!(
            v(
                &obs(None, &["12", "12", "4", "22"]),
                &obs(None, &["13", "12", "5", "22"])
            ),
            Some(ValueMove::Rose)
        );
        assert_eq!(
            v(
                &obs(None, &["12", "12", "4", "22"]),
                &obs(None, &["13", "11", "4", "22"])
            ),
            Some(ValueMove::Changed)
        );
    }

    #[test]
    fn parts_that_are_not_available_are_not_zero() {
        let v = |a: &Observation, b: &Observation| ValueMove::between(Some(a), Some(b));
        // The available part rose.
        assert_eq!(
            v(&obs(None, &["12", "n. a."]), &obs(None, &["15", "n. a."])),
            Some(ValueMove::Rose)
        );
        // A part became available while the other stayed: a change, not a new value.
        assert_eq!(
            v(&obs(None, &["12", "n. a."]), &obs(None, &["12", "20"])),
            Some(ValueMove::Changed)
        );
        assert_eq!(
            v(&obs(None, &["n. a.", "n. a."]), &obs(None, &["1", "n. a."])),
            Some(ValueMove::New)
        );
        // Nothing available on either side is neither a change nor "unchanged".
        let na = obs(Some("n. a."), &[]);
        assert_eq!(v(&na, &na), None);
        assert!(!unchanged(Some(&na), Some(&na)));
        assert!(unchanged(
            Some(&obs(Some("3"), &[])),
            Some(&obs(Some("3,0"), &[]))
        ));
    }

    #[test]
    fn a_change_of_the_region_alone_is_a_change() {
        let mut a = obs(Some("3"), &[]);
        let mut b = obs(Some("3"), &[]);
        a.region = Some(Cell::Number(Decimal::from_int(2)));
        b.region = Some(Cell::Number(Decimal::from_int(1)));
        assert_eq!(
            ValueMove::between(Some(&a), Some(&b)),
            Some(ValueMove::Changed)
        );
    }
}

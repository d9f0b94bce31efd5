//! A measure's status in one wave: the one lookup that counts, charts, changes, pages, search,
//! open data and the spreadsheet go through. A wave evaluates one action plan, so a measure
//! that plan does not list is not in the wave at all; one it lists is reported by the wave,
//! carries a terminal status from an earlier wave ("Dokončeno" stays until a wave says
//! otherwise), shows its cancellation, or is not reported.

use super::{Badge, Measure, MeasureIx, Site, StatusCounts, Wave, WaveIx};
use crate::values::{Date, Status, StatusDef, StatusKind};

/// What one wave says of one measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusInWave<'a> {
    /// The wave reports the measure.
    Reported(&'a Badge),
    /// An earlier wave, `since`, gave it a terminal status that no later wave changed.
    Carried { badge: &'a Badge, since: WaveIx },
    /// The action plan cancelled it before the wave.
    Cancelled(&'a Badge),
    /// In force in the wave's action plan, but the wave says nothing of it.
    NotReported,
    /// The action plan the wave evaluates does not list it.
    NotInForce,
}

impl<'a> StatusInWave<'a> {
    /// The badge the wave shows for the measure, if any.
    pub fn badge(self) -> Option<&'a Badge> {
        match self {
            StatusInWave::Reported(b)
            | StatusInWave::Carried { badge: b, .. }
            | StatusInWave::Cancelled(b) => Some(b),
            StatusInWave::NotReported | StatusInWave::NotInForce => None,
        }
    }

    /// Whether the measure is part of the wave (its action plan lists it).
    pub fn in_force(self) -> bool {
        self != StatusInWave::NotInForce
    }

    /// The key templates and the open data name the state by when the wave did not report the
    /// measure itself: `carried`, `cancelled`, `not-reported`; `None` when it did, or when the
    /// measure is not in the wave.
    pub fn source_key(self) -> Option<&'static str> {
        match self {
            StatusInWave::Reported(_) | StatusInWave::NotInForce => None,
            StatusInWave::Carried { .. } => Some("carried"),
            StatusInWave::Cancelled(_) => Some("cancelled"),
            StatusInWave::NotReported => Some("not-reported"),
        }
    }
}

/// Whether a status stays in later waves that do not report the measure again: as the plan
/// declares it, else as its kind does by default.
pub fn is_terminal(status: Status, statuses: &[StatusDef]) -> bool {
    statuses
        .get(usize::from(status.def))
        .map_or(status.kind.terminal_by_default(), |d| d.terminal)
}

/// The badge of a cancellation the plan records (`cancelled = { … }`): the plan's first
/// status of kind `cancelled`, else the theme's word for the kind.
pub fn cancellation_badge(statuses: &[StatusDef]) -> Badge {
    let def = statuses
        .iter()
        .position(|d| d.kind == StatusKind::Cancelled)
        .map_or(u8::MAX, |i| u8::try_from(i).unwrap_or(u8::MAX));
    Badge::of(Status {
        def,
        kind: StatusKind::Cancelled,
        detail: None,
    })
}

/// A terminal status an earlier wave than `wave` gave `measure` (its latest report before
/// `wave`), with that wave. `waves` holds at least the waves before `wave`.
pub fn carried<'a>(
    measure: &Measure,
    wave: WaveIx,
    waves: &'a [Wave],
    statuses: &[StatusDef],
) -> Option<(&'a Badge, WaveIx)> {
    let &(w, g, mr) = measure.reports.iter().rev().find(|(w, _, _)| *w < wave)?;
    let badge = &waves[w].goal_reports[g].measures[mr].badge;
    is_terminal(badge.status, statuses).then_some((badge, w))
}

/// Where `measure` stands in `wave` before its reports are looked at: not in force (the
/// wave's action plan does not list it), cancelled by the wave's publication, or in force.
pub fn standing(measure: &Measure, wave: &Wave) -> Standing {
    if !measure.lifecycle.in_plan(wave.action_plan) {
        return Standing::NotInForce;
    }
    match measure.lifecycle.cancelled() {
        Some((plan, date)) if plan == wave.action_plan && date <= published_on(wave) => {
            Standing::Cancelled
        }
        _ => Standing::InForce,
    }
}

/// Where a measure stands in a wave before its reports are looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    InForce,
    Cancelled,
    NotInForce,
}

fn published_on(wave: &Wave) -> Date {
    wave.published.first_day()
}

impl Site {
    /// What wave `wave` says of measure `measure`.
    pub fn status(&self, measure: MeasureIx, wave: WaveIx) -> StatusInWave<'_> {
        let m = &self.measures[measure];
        if let Some((_, report)) = self.measure_report(measure, wave) {
            return StatusInWave::Reported(&report.badge);
        }
        match standing(m, &self.waves[wave]) {
            Standing::NotInForce => StatusInWave::NotInForce,
            Standing::Cancelled => m
                .lifecycle
                .cancelled_badge
                .as_ref()
                .map_or(StatusInWave::NotReported, StatusInWave::Cancelled),
            Standing::InForce => match carried(m, wave, &self.waves, &self.statuses) {
                Some((badge, since)) => StatusInWave::Carried { badge, since },
                None => StatusInWave::NotReported,
            },
        }
    }
}

/// Counts the statuses every wave shows: each wave's measures in force by their status in it,
/// each measure's status in the latest wave, and the latest counts per area and for the plan.
pub(crate) fn count(site: &mut Site) {
    let mut wave_counts = Vec::with_capacity(site.waves.len());
    for w in site.wave_ixs() {
        let mut counts = StatusCounts::default();
        for m in site.measure_ixs() {
            let status = site.status(m, w);
            if status.in_force() {
                counts.add(status.badge().map(|b| b.kind));
            }
        }
        wave_counts.push(counts);
    }
    let latest: Vec<(bool, Option<Badge>)> = match site.latest_wave_ix() {
        Some(w) => site
            .measure_ixs()
            .map(|m| {
                let status = site.status(m, w);
                // A measure cancelled in an earlier action plan stays cancelled in lists.
                let badge = status
                    .badge()
                    .or(site.measures[m].lifecycle.cancelled_badge.as_ref());
                (status.in_force(), badge.cloned())
            })
            .collect(),
        // Without waves every measure is counted as not reported.
        None => site.measures.iter().map(|_| (true, None)).collect(),
    };
    for (wave, counts) in site.waves.iter_mut().zip(wave_counts) {
        wave.status_counts = counts;
    }
    let mut plan_counts = StatusCounts::default();
    for area in &mut site.areas {
        for &m in &area.measures {
            let (in_force, badge) = &latest[m.get()];
            if *in_force {
                let kind = badge.as_ref().map(|b| b.kind);
                area.status_counts.add(kind);
                plan_counts.add(kind);
            }
        }
    }
    for goal in &mut site.specific_goals {
        for &m in &goal.measures {
            let (in_force, badge) = &latest[m.get()];
            if *in_force {
                goal.status_counts.add(badge.as_ref().map(|b| b.kind));
            }
        }
    }
    for (m, (_, badge)) in site.measures.iter_mut().zip(latest) {
        m.latest_status = badge;
    }
    site.status_counts = plan_counts;
}

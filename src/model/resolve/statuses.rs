//! The plan's statuses: the `[[status]]` tables of `plan.toml` checked (labels unique, at most
//! one status per label however it is accented or cased), or the theme's when there are none;
//! and a measure report's status read against them.

use crate::content::schema::PlanFile;
use crate::content::Loaded;
use crate::diagnostics::{suggest, Severity};
use crate::model::Wave;
use crate::values::{DetailKind, Status, StatusDef, StatusKind};
use toml::Spanned;

use super::resolver::Resolver;

/// The statuses measures can have: the plan's own, or `theme` (one per kind, in the site's
/// language) when it declares none.
pub(super) fn statuses(
    r: &mut Resolver,
    plan: Option<&Loaded<PlanFile>>,
    theme: &[StatusDef],
) -> Vec<StatusDef> {
    let Some(Loaded { source, data }) = plan.filter(|p| !p.data.status.is_empty()) else {
        return theme.to_vec();
    };
    let mut defs: Vec<StatusDef> = Vec::new();
    for s in &data.status {
        let label = s.label.get_ref().trim();
        if label.is_empty() {
            r.push(
                source
                    .error_at(s.label.span(), crate::msg!("resolve.statuses.no_label"))
                    .with_hint(crate::msg!("resolve.statuses.no_label_hint")),
            );
            continue;
        }
        if label.contains(['(', ')']) {
            r.push(
                source
                    .error_at(
                        s.label.span(),
                        crate::msg!("resolve.statuses.brackets", label),
                    )
                    .with_hint(crate::msg!("resolve.statuses.brackets_hint")),
            );
            continue;
        }
        let folded = crate::slug::fold(label);
        if let Some(first) = defs.iter().find(|d| crate::slug::fold(&d.label) == folded) {
            r.push(
                source
                    .error_at(
                        s.label.span(),
                        crate::msg!("resolve.statuses.twice", label, first = first.label),
                    )
                    .with_hint(crate::msg!("resolve.statuses.twice_hint")),
            );
            continue;
        }
        defs.push(StatusDef {
            label: label.to_string(),
            kind: s.kind,
            detail: s.detail,
            terminal: s.terminal.unwrap_or_else(|| s.kind.terminal_by_default()),
            meaning: s.meaning.clone(),
        });
    }
    if defs.is_empty() {
        return theme.to_vec();
    }
    defs
}

/// A measure report's status, or `None` (reported at the value) when the plan has no such
/// status.
pub(super) fn status_of(
    r: &mut Resolver,
    source: &crate::diagnostics::SourceFile,
    text: &Spanned<String>,
    defs: &[StatusDef],
) -> Option<Status> {
    match Status::parse(text.get_ref(), defs) {
        Ok(status) => Some(status),
        Err(message) => {
            // Only a label nobody declared gets a "did you mean": a wrong count in brackets
            // is explained by the message, and a suggested count would be a guess.
            let unknown = Status::is_unknown_label(text.get_ref(), defs);
            let mut d = source.diagnostic(Severity::Error, Some(text.span()), message);
            let written = text.get_ref().trim();
            let forms: Vec<String> = defs
                .iter()
                .flat_map(|def| {
                    let with = match def.detail {
                        Some(DetailKind::Reports) => Some(format!("{} (2/6)", def.label)),
                        Some(DetailKind::Percent) => Some(format!("{} (60 %)", def.label)),
                        None => None,
                    };
                    std::iter::once(def.label.clone()).chain(with)
                })
                .collect();
            let close = suggest(written, forms.iter().map(String::as_str)).filter(|_| unknown);
            if let Some(close) = close {
                d = d.with_hint(crate::msg!("hint.did_you_mean", name = close));
            }
            r.push(d);
            None
        }
    }
}

/// The kinds status tables and charts have a row for: the three every plan has, the kinds the
/// plan declares itself, and any other kind a wave uses (the theme's statuses offer all six,
/// but a plan that uses only three does not get three empty rows).
pub(super) fn kinds(
    plan: Option<&Loaded<PlanFile>>,
    statuses: &[StatusDef],
    waves: &[Wave],
) -> Vec<StatusKind> {
    kinds_through(plan, statuses, waves)
}

/// Gives each wave the kinds its tables and charts have a row for: those of [`kinds`] as of
/// that wave, so a later wave's new kind does not add a row to what was published before.
pub(super) fn wave_kinds(
    plan: Option<&Loaded<PlanFile>>,
    statuses: &[StatusDef],
    waves: &mut [Wave],
) {
    for w in 0..waves.len() {
        let kinds = kinds_through(plan, statuses, &waves[..=w]);
        waves[w].status_kinds = kinds;
    }
}

fn kinds_through(
    plan: Option<&Loaded<PlanFile>>,
    statuses: &[StatusDef],
    waves: &[Wave],
) -> Vec<StatusKind> {
    let declared = plan.is_some_and(|p| !p.data.status.is_empty());
    StatusKind::ALL
        .into_iter()
        .filter(|&kind| {
            StatusKind::CORE.contains(&kind)
                || (declared && statuses.iter().any(|s| s.kind == kind))
                || waves.iter().any(|w| w.status_counts.of(kind) > 0)
        })
        .collect()
}

//! The plan's action plans: the `[[action_plan]]` tables of `plan.toml` checked (IDs unique, a
//! period each), or the single action plan of a plan that names it by title; and which action
//! plan a wave evaluates.

use toml::Spanned;

use crate::content::schema::{ActionPlanToml, ActionPlansToml, PlanFile};
use crate::content::Loaded;
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::model::{ActionPlan, ActionPlanIx};
use crate::values::PartialDate;

use super::resolver::{did_you_mean, require_unique, Resolver, Seen};

/// The ID of the action plan of a plan that declares no `[[action_plan]]`.
pub(super) const SINGLE_ID: &str = "1";

/// The action plans, oldest first, each with the span of its stated number of measures; empty
/// (reported) when the plan file names none.
/// The number of measures an action plan's document states, and why the content keeps it when
/// it does not agree (`acknowledged`).
pub(super) type StatedMeasures = (Option<Spanned<u32>>, Option<Spanned<String>>);

pub(super) fn action_plans(
    r: &mut Resolver,
    file: Option<&Loaded<PlanFile>>,
) -> Vec<(ActionPlan, StatedMeasures)> {
    let Some(Loaded { source, data }) = file else {
        return Vec::new();
    };
    match &data.action_plan {
        ActionPlansToml::Missing => {
            r.push(
                Diagnostic::error(&source.path, crate::msg!("resolve.action_plans.none"))
                    .with_hint(crate::msg!("resolve.action_plans.none_hint")),
            );
            Vec::new()
        }
        ActionPlansToml::Single(title) => {
            let Some(period) = &data.action_plan_period else {
                r.push(
                    Diagnostic::error(&source.path, crate::msg!("resolve.action_plans.no_period"))
                        .with_hint(crate::msg!("resolve.action_plans.no_period_hint")),
                );
                return Vec::new();
            };
            let plan = ActionPlan {
                id: SINGLE_ID.to_string(),
                title: title.clone(),
                period: period.get_ref().clone(),
                approved: None,
                first_year: first_year(period.get_ref()),
            };
            vec![(
                plan,
                (data.stated_measures.clone(), data.acknowledged.clone()),
            )]
        }
        ActionPlansToml::Declared(plans) => declared(r, source, data, plans),
    }
}

fn declared(
    r: &mut Resolver,
    source: &SourceFile,
    data: &PlanFile,
    plans: &[ActionPlanToml],
) -> Vec<(ActionPlan, StatedMeasures)> {
    // The keys of the single action plan do not go with declared ones.
    for (key, span) in [
        (
            "action_plan_period",
            data.action_plan_period.as_ref().map(Spanned::span),
        ),
        (
            "stated_measures",
            data.stated_measures.as_ref().map(Spanned::span),
        ),
        (
            "acknowledged",
            data.acknowledged.as_ref().map(Spanned::span),
        ),
    ] {
        if let Some(span) = span {
            r.push(
                source
                    .error_at(span, crate::msg!("resolve.action_plans.key_of_table", key))
                    .with_hint(crate::msg!("resolve.action_plans.key_of_table_hint")),
            );
        }
    }
    let mut seen = Seen::new();
    let mut out = Vec::new();
    for p in plans {
        if !require_unique(
            r,
            &mut seen,
            source,
            &p.id,
            &crate::msg!("resolve.what.action_plan_id"),
        ) {
            continue;
        }
        out.push((
            ActionPlan {
                id: p.id.get_ref().clone(),
                title: p.title.clone(),
                period: p.period.get_ref().clone(),
                approved: p.approved,
                first_year: first_year(p.period.get_ref()),
            },
            (p.stated_measures.clone(), p.acknowledged.clone()),
        ));
    }
    out
}

/// The first year a printed period names: 2023 for "2023–2025".
fn first_year(period: &str) -> Option<u16> {
    period
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 4)
        .and_then(|year| year.parse().ok())
}

/// The action plan a wave evaluates: the one it names (`action_plan = "II"`), or else the
/// latest that had begun by the year the wave was published (the first when none had).
pub(super) fn evaluated(
    r: &mut Resolver,
    source: &SourceFile,
    named: Option<&Spanned<String>>,
    published: PartialDate,
    plans: &[ActionPlan],
) -> Option<ActionPlanIx> {
    if let Some(id) = named {
        let found = plans.iter().position(|p| p.id == *id.get_ref());
        if found.is_none() {
            let hint = did_you_mean(id.get_ref(), plans.iter().map(|p| p.id.as_str()))
                .unwrap_or_else(|| crate::msg!("resolve.action_plans.unknown_hint"));
            r.push(
                source
                    .diagnostic(
                        Severity::Error,
                        Some(id.span()),
                        crate::msg!("resolve.plan.no_action_plan", id = id.get_ref()),
                    )
                    .with_hint(hint),
            );
        }
        return found.map(ActionPlanIx::new);
    }
    ActionPlan::evaluated_by_default(plans, published)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_year_of_a_printed_period() {
        assert_eq!(first_year("2023–2025"), Some(2023));
        assert_eq!(first_year("2026-2027"), Some(2026));
        assert_eq!(first_year("od roku 2026"), Some(2026));
        assert_eq!(first_year("průběžně"), None);
    }
}

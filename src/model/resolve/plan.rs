//! The plan file (content/plan.toml): title, texts, abbreviations, schedule and risks, and the
//! figures it states about the areas (its number of measures, its allocation totals), checked
//! against them.

use crate::content::schema::{PlanFile, StatedTotal};
use crate::content::Loaded;
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::model::{Abbreviation, ActionPlan, ActionPlanIx, Plan, Risk, ScheduleStep};
use toml::Spanned;

use super::resolver::{did_you_mean, require_unique, warn_stated_count, Resolver, Seen};

/// The plan, or `None` (reported) when its file is missing.
pub(super) fn plan(
    r: &mut Resolver,
    file: Option<&Loaded<PlanFile>>,
    action_plans: &[ActionPlan],
) -> Option<Plan> {
    match file {
        Some(Loaded { source, data }) => resolve_plan(r, source, data, action_plans),
        None => {
            r.push(
                Diagnostic::error("content/plan.toml", crate::msg!("resolve.plan.missing"))
                    .with_hint(crate::msg!("resolve.plan.missing_hint")),
            );
            None
        }
    }
}

fn resolve_plan(
    r: &mut Resolver,
    source: &SourceFile,
    data: &PlanFile,
    action_plans: &[ActionPlan],
) -> Option<Plan> {
    let latest = action_plans.last()?;
    let mut seen = Seen::new();
    let mut abbreviations = Vec::new();
    for a in &data.abbreviation {
        if require_unique(
            r,
            &mut seen,
            source,
            &a.abbr,
            &crate::msg!("resolve.what.abbreviation"),
        ) {
            abbreviations.push(Abbreviation {
                abbr: a.abbr.get_ref().clone(),
                meaning: a.meaning.clone(),
            });
        }
    }
    let risks = data
        .risk
        .iter()
        .enumerate()
        .map(|(i, risk)| {
            let computed = risk.probability.0 * risk.impact.0;
            let stated = *risk.significance.get_ref();
            if stated != computed {
                r.push(
                    source
                        .diagnostic(
                            Severity::Warning,
                            Some(risk.significance.span()),
                            crate::msg!(
                                "resolve.plan.significance",
                                risk = risk.name,
                                stated,
                                probability = risk.probability.0,
                                impact = risk.impact.0,
                                computed
                            ),
                        )
                        .with_hint(crate::msg!("resolve.plan.significance_hint")),
                );
            }
            Risk {
                code: format!("R{}", i + 1),
                name: risk.name.clone(),
                probability: risk.probability.0,
                impact: risk.impact.0,
                significance: computed,
                mitigation: risk.mitigation.clone(),
            }
        })
        .collect();
    Some(Plan {
        title: data.title.clone(),
        owner: data.owner.clone(),
        period: data.period.clone(),
        action_plan: latest.title.clone(),
        action_plan_period: latest.period.clone(),
        action_plans: action_plans.to_vec(),
        intro_html: r.md(&data.intro),
        implementation_html: r.md_opt(&data.implementation),
        monitoring_html: r.md_opt(&data.monitoring),
        abbreviations,
        schedule: data
            .schedule
            .iter()
            .map(|s| ScheduleStep {
                when: s.when.clone(),
                items: s.items.clone(),
                evaluation: s.evaluation,
            })
            .collect(),
        risks,
    })
}

/// Warns when the plan states another number of measures than the areas list.
pub(super) fn check_measure_count(
    r: &mut Resolver,
    file: Option<&Loaded<PlanFile>>,
    stated: Option<&Spanned<u32>>,
    acknowledged: Option<&Spanned<String>>,
    measures: usize,
    several: Option<&str>,
) {
    let Some(Loaded { source, .. }) = file else {
        return;
    };
    if let Some(stated) = stated {
        warn_stated_count(
            r,
            source,
            stated,
            acknowledged,
            measures,
            |stated| match several {
                None => {
                    crate::msg!("resolve.plan.stated_count", stated, measures)
                }
                Some(title) => {
                    crate::msg!("resolve.plan.stated_count_of", title, stated, measures)
                }
            },
        );
    } else if acknowledged.is_some() {
        r.unacknowledged(source, acknowledged, false);
    }
}

/// The action plan whose table a stated total sums: its `action_plan` (reported when no such
/// plan exists), or the first.
pub(super) fn action_plan_of(
    r: &mut Resolver,
    source: &SourceFile,
    total: &StatedTotal,
    plans: &[ActionPlan],
) -> Option<ActionPlanIx> {
    match &total.action_plan {
        None => Some(ActionPlanIx::new(0)),
        Some(id) => match plans.iter().position(|p| p.id == *id.get_ref()) {
            Some(ix) => Some(ActionPlanIx::new(ix)),
            None => {
                let mut d = source.error_at(
                    id.span(),
                    crate::msg!("resolve.plan.no_action_plan", id = id.get_ref()),
                );
                let ids = plans
                    .iter()
                    .map(|p| format!("`{}`", p.id))
                    .collect::<Vec<_>>();
                let hint = did_you_mean(id.get_ref(), plans.iter().map(|p| p.id.as_str()))
                    .unwrap_or_else(|| match ids.as_slice() {
                        [only] => crate::msg!("resolve.plan.only_action_plan", only),
                        _ => crate::msg!("resolve.plan.action_plan_ids", ids = ids.join(", ")),
                    });
                d = d.with_hint(hint);
                r.push(d);
                None
            }
        },
    }
}

//! The action plan a wave spreadsheet follows: which one (`--action-plan`, else the one a wave
//! published in the given month evaluates, by the rule the resolve stage applies to wave
//! files), what of it the spreadsheet has rows for (its specific goals, the measures it lists
//! and does not cancel, each goal's impact indicators as it states them), and the hints for an
//! `--action-plan` nobody declared and for a row that belongs to another action plan.

use crate::diagnostics::Diagnostic;
use crate::model::{ActionPlan, ActionPlanIx, MeasureIx, Site, SpecificGoalIx};
use crate::values::PartialDate;

use super::plan_order;

/// The action plan `--action-plan` names (`given`), or by default the one a wave published in
/// `published` evaluates; an error naming the declared ones when `given` is none of them.
pub fn chosen(
    site: &Site,
    given: Option<&str>,
    published: PartialDate,
) -> Result<ActionPlanIx, Diagnostic> {
    let plans = &site.plan.action_plans;
    let found = match given.map(str::trim) {
        Some(id) => site.plan.action_plan_ix(id).ok_or(id),
        None => ActionPlan::evaluated_by_default(plans, published).ok_or(""),
    };
    found.map_err(|id| {
        let message = if plans.is_empty() {
            crate::msg!("import.plans.none")
        } else {
            crate::msg!("import.plans.unknown", id)
        };
        Diagnostic::error("--action-plan", message).with_hint(declared(plans))
    })
}

/// The hint that lists the declared action plans.
fn declared(plans: &[ActionPlan]) -> String {
    let named = |p: &ActionPlan| format!("`{}` ({})", p.id, p.title);
    match plans {
        [] => crate::msg!("import.plans.declare"),
        [only] => crate::msg!("import.plans.only", plan = named(only)),
        [first @ .., last] => crate::msg!(
            "import.plans.are",
            first = first.iter().map(named).collect::<Vec<_>>().join(", "),
            last = named(last),
            id = last.id
        ),
    }
}

/// Whether the spreadsheet for action plan `plan` has a row for measure `m`: the plan lists it
/// and does not cancel it.
pub(super) fn lists_measure(site: &Site, m: MeasureIx, plan: ActionPlanIx) -> bool {
    let life = &site.measures[m].lifecycle;
    life.in_plan(plan)
        && life
            .cancelled()
            .is_none_or(|(cancelled, _)| cancelled != plan)
}

/// Whether action plan `plan` has specific goal `goal`: it lists one of the goal's measures. A
/// goal without measures is in every action plan.
pub(super) fn has_goal(site: &Site, goal: SpecificGoalIx, plan: ActionPlanIx) -> bool {
    let measures = &site.specific_goals[goal].measures;
    measures.is_empty()
        || measures
            .iter()
            .any(|&m| site.measures[m].lifecycle.in_plan(plan))
}

/// The specific goals action plan `plan` has, in plan order.
pub(super) fn goals(site: &Site, plan: ActionPlanIx) -> Vec<SpecificGoalIx> {
    plan_order(site)
        .into_iter()
        .filter(|&g| has_goal(site, g, plan))
        .collect()
}

/// The action plans that have specific goal `goal`, oldest first.
pub(super) fn plans_with_goal(site: &Site, goal: SpecificGoalIx) -> Vec<ActionPlanIx> {
    ActionPlanIx::all(&site.plan.action_plans)
        .filter(|&p| has_goal(site, goal, p))
        .collect()
}

/// The action plans whose edition of specific goal `goal` has the impact indicator `key`,
/// oldest first.
pub(super) fn plans_with_indicator(
    site: &Site,
    goal: SpecificGoalIx,
    key: &str,
) -> Vec<ActionPlanIx> {
    let goal = &site.specific_goals[goal];
    ActionPlanIx::all(&site.plan.action_plans)
        .filter(|&p| goal.indicators_in(p).iter().any(|i| i.key == key))
        .collect()
}

/// The message for a row about something (`what`: "measure 1.3.1.2") that action plan `plan`
/// does not have.
pub(super) fn outside_message(site: &Site, what: &str, plan: ActionPlanIx) -> String {
    crate::msg!(
        "import.plans.outside",
        what,
        title = site.plan.action_plans[plan].title
    )
}

/// The hint for such a row, from the action plans that have it (`listed`, oldest first): the
/// plan it ended with or begins in, and the two ways out.
pub(super) fn outside_hint(site: &Site, listed: &[ActionPlanIx], plan: ActionPlanIx) -> String {
    let plans = &site.plan.action_plans;
    let earlier = listed.iter().rev().find(|&&p| p < plan);
    let later = listed.iter().find(|&&p| p > plan);
    match (earlier, later) {
        (Some(&p), None) => crate::msg!(
            "import.plans.ended",
            title = plans[p].title,
            id = plans[p].id
        ),
        (None, Some(&p)) => crate::msg!(
            "import.plans.new_in",
            title = plans[p].title,
            id = plans[p].id
        ),
        (None, None) => crate::msg!("import.plans.in_none"),
        (Some(_), Some(_)) => crate::msg!(
            "import.plans.in_several",
            ids = listed
                .iter()
                .map(|&p| plans[p].id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

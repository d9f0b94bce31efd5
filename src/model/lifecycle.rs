//! A measure's life across the action plans: which plans list it, how it ended (with a plan or
//! cancelled inside one) and what took over, and what each plan says of it (an edition of its
//! card's changing parts and of its rows in the plan's money tables).

use serde::Serialize;

use super::{ActionPlanIx, Badge, Cost, Reference};
use crate::values::Date;

/// A measure's life across the action plans.
#[derive(Debug, Default, Serialize)]
pub struct Lifecycle {
    /// The action plans that list the measure, oldest first.
    pub action_plans: Vec<ActionPlanIx>,
    /// How it ended, when it did.
    pub end: Option<MeasureEnd>,
    /// The measure that takes over from it.
    pub replaced_by: Option<Reference>,
    /// The badge of its cancellation, which waves after it show when they do not report the
    /// measure.
    #[serde(skip)]
    pub cancelled_badge: Option<Badge>,
}

impl Lifecycle {
    /// Whether a measure's page tells its life: when the plan has several action plans, or the
    /// measure ended or was replaced.
    pub fn shown(&self, action_plans: usize) -> bool {
        action_plans > 1 || self.end.is_some() || self.replaced_by.is_some()
    }

    /// Whether action plan `plan` lists the measure.
    pub fn in_plan(&self, plan: ActionPlanIx) -> bool {
        self.action_plans.contains(&plan)
    }

    /// The action plan the measure was cancelled in and the date, when it was.
    pub fn cancelled(&self) -> Option<(ActionPlanIx, Date)> {
        self.end
            .as_ref()
            .filter(|e| e.key == "cancelled")
            .and_then(|e| Some((e.action_plan, e.date?)))
    }
}

/// How a measure ended: `ended` with an action plan (the next one does not list it) or
/// `cancelled` inside one, with the date and the reason; the theme words the key
/// (`lifecycle.*`).
#[derive(Debug, Serialize)]
pub struct MeasureEnd {
    pub key: &'static str,
    pub action_plan: ActionPlanIx,
    pub date: Option<Date>,
    pub reason_html: Option<String>,
}

/// What one action plan says of a measure: the parts of its card that change between plans.
#[derive(Debug, Serialize)]
pub struct MeasureEdition {
    pub action_plan: ActionPlanIx,
    pub expected_cost: Option<Cost>,
    pub responsible: String,
    pub schedule: String,
    /// Its rows in this action plan's declared funding tables.
    pub funding: Vec<super::funding_tables::ItemRows>,
    /// The card's keys this edition sets to something new (`expected_cost`, `schedule`, …);
    /// empty for the first edition and for a measure carried over unchanged.
    pub changed: Vec<&'static str>,
    /// The card's texts as this action plan prints them, for the measure's history.
    pub texts: CardTexts,
}

/// The texts of a measure's card that an action plan may word anew.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CardTexts {
    pub title: String,
    pub description_html: String,
    pub target_group: String,
    pub output_indicators: Vec<String>,
    pub funding_sources: Vec<String>,
}

impl CardTexts {
    /// The card texts of `measure` as they stand.
    pub fn of(measure: &super::Measure) -> Self {
        CardTexts {
            title: measure.title.clone(),
            description_html: measure.description_html.clone(),
            target_group: measure.target_group.clone(),
            output_indicators: measure.output_indicators.clone(),
            funding_sources: measure.funding_sources.clone(),
        }
    }
}

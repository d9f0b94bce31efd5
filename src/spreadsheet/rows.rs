//! What a filled-in wave spreadsheet reports once its rows have passed [`super::validate`]:
//! plain data indexed into the resolved site, from which the wave file is written. A row that
//! failed a check is not here; its problem is a diagnostic instead.

use super::cells::Value;
use super::columns::Col;
use crate::content::schema::AsOfKind;
use crate::model::{MeasureIx, SpecificGoalIx};
use crate::values::{Cell, Date, Decimal, Period, Status};

/// A funded project, from the project columns of a measure row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectRow {
    pub implementer: Option<String>,
    pub registration: String,
    pub budget: Decimal,
    pub call: String,
    pub programme: String,
}

/// A measure row, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureRow {
    /// The measure in the site's `measures`.
    pub measure: MeasureIx,
    pub status: Status,
    pub implementer: Option<String>,
    pub activity: Option<String>,
    pub service: Option<String>,
    pub period: Option<Period>,
    pub project: Option<ProjectRow>,
    pub note: Option<String>,
}

/// A goal-value or indicator-value row, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueRow {
    /// The impact indicator's key or the global indicator's id.
    pub indicator: String,
    pub value: Value,
    pub region: Option<Cell>,
    pub rank: Option<(u32, Option<String>)>,
    pub period: Option<String>,
    pub territory: Option<String>,
    /// The value's own date (global indicators only; a goal's rows share the goal's date).
    pub as_of: Option<Date>,
    pub note: Option<String>,
}

/// One specific goal's report, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalRows {
    /// The specific goal in the site's `specific_goals`.
    pub goal: SpecificGoalIx,
    pub as_of: Date,
    pub as_of_kind: AsOfKind,
    /// In the order of the goal's impact indicators.
    pub values: Vec<ValueRow>,
    /// In plan order.
    pub measures: Vec<MeasureRow>,
}

/// Everything a spreadsheet reports, validated, in plan order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaveRows {
    pub goals: Vec<GoalRows>,
    /// In the order of content/indicators.toml.
    pub indicators: Vec<ValueRow>,
    /// Rows with nothing filled in.
    pub skipped: usize,
    /// The columns the spreadsheet has: what it can say. Rewriting a wave, the import changes
    /// only the keys these hold.
    pub columns: Vec<Col>,
}

impl WaveRows {
    /// The number of measures reported, for the command's summary.
    pub fn measures(&self) -> usize {
        self.goals.iter().map(|g| g.measures.len()).sum()
    }

    /// The number of impact indicator values reported, for the command's summary.
    pub fn goal_values(&self) -> usize {
        self.goals.iter().map(|g| g.values.len()).sum()
    }
}

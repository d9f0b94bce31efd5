//! What a filled-in wave spreadsheet reports once its rows have passed [`super::validate`]:
//! plain data indexed into the resolved site, from which the wave file is written. A row that
//! failed a check is not here; its problem is a diagnostic instead.

use super::cells::Value;
use super::columns::Col;
use crate::content::schema::AsOfKind;
use crate::model::funding_tables::FundingCell;
use crate::model::{MeasureIx, SpecificGoalIx};
use crate::values::{Cell, Date, Period, Status};

/// A row of a funding table the waves give, from a row of that table's type.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredRow {
    /// The table's index in the site's `funding_tables`.
    pub table: usize,
    /// In the table's column order: empty, text, an amount or a list.
    pub cells: Vec<FundingCell>,
}

/// A measure row, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureRow {
    /// The measure in the site's `measures`.
    pub measure: MeasureIx,
    pub status: Status,
    pub implementer: Option<String>,
    pub activity: Option<String>,
    pub service: Option<String>,
    pub period: Option<Period>,
    pub note: Option<String>,
    /// Its rows in the funding tables the waves give, in the order of the site's tables and,
    /// within one, of the spreadsheet's rows.
    pub funding: Vec<DeclaredRow>,
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WaveRows {
    pub goals: Vec<GoalRows>,
    /// In the order of content/indicators.toml.
    pub indicators: Vec<ValueRow>,
    /// Rows with nothing filled in.
    pub skipped: usize,
    /// The columns the spreadsheet has: what it can say. Rewriting a wave, the import changes
    /// only the keys these hold.
    pub columns: Vec<Col>,
    /// The funding tables (indices in the site's `funding_tables`) of which the spreadsheet
    /// has columns: rewriting a wave, the import owns a reported measure's rows in them.
    pub tables: Vec<usize>,
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

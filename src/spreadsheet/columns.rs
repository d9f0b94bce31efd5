//! The columns of a wave spreadsheet: which columns there are and in what order ([`COLUMNS`]),
//! which kinds of rows there are ([`RowKind`]) and which columns each kind uses, and the letters
//! a spreadsheet program names the columns by.

use crate::slug::fold;

/// A column of the wave spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    Type,
    Id,
    Indicator,
    Name,
    Previous,
    Status,
    Implementer,
    Activity,
    Service,
    Period,
    ProjectImplementer,
    Registration,
    Budget,
    Call,
    Programme,
    Value,
    Region,
    Rank,
    Territory,
    AsOf,
    AsOfKind,
    Note,
}

/// A column: its header text, and whether implementers fill it in (`false` for the columns
/// that say which row it is, which the template fills and the import only reads or ignores).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub col: Col,
    pub key: &'static str,
    pub fill: bool,
}

const fn column(col: Col, key: &'static str, fill: bool) -> Column {
    Column { col, key, fill }
}

/// Every column, in the template's order. docs/content-model.md explains each one.
pub const COLUMNS: [Column; 22] = [
    column(Col::Type, "type", false),
    column(Col::Id, "id", false),
    column(Col::Indicator, "indicator", false),
    column(Col::Name, "name", false),
    column(Col::Previous, "previous", false),
    column(Col::Status, "status", true),
    column(Col::Implementer, "implementer", true),
    column(Col::Activity, "activity", true),
    column(Col::Service, "service", true),
    column(Col::Period, "period", true),
    column(Col::ProjectImplementer, "project_implementer", true),
    column(Col::Registration, "registration", true),
    column(Col::Budget, "budget", true),
    column(Col::Call, "call", true),
    column(Col::Programme, "programme", true),
    column(Col::Value, "value", true),
    column(Col::Region, "region", true),
    column(Col::Rank, "rank", true),
    column(Col::Territory, "territory", true),
    column(Col::AsOf, "as_of", true),
    column(Col::AsOfKind, "as_of_kind", true),
    column(Col::Note, "note", true),
];

impl Col {
    /// The column's header text, which messages name it by.
    pub fn key(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|c| c.col == self)
            .map(|c| c.key)
            .unwrap_or_default()
    }
}

/// What a row reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// A measure's status and details (`[[goal.measure]]`); `id` is the measure's ID.
    Measure,
    /// An impact indicator's value (`[[goal.value]]`); `id` is the specific goal's ID and
    /// `indicator` the indicator's key.
    GoalValue,
    /// A global indicator's value (`[[indicator]]`); `id` is the indicator's id.
    IndicatorValue,
}

impl RowKind {
    /// Every kind, in the template's order, for listing them in messages.
    pub const ALL: [RowKind; 3] = [
        RowKind::Measure,
        RowKind::GoalValue,
        RowKind::IndicatorValue,
    ];

    /// The text of the `type` column in the template.
    pub fn key(self) -> &'static str {
        match self {
            RowKind::Measure => "measure",
            RowKind::GoalValue => "goal_value",
            RowKind::IndicatorValue => "indicator_value",
        }
    }

    /// The Czech name also accepted in the `type` column.
    pub fn czech(self) -> &'static str {
        match self {
            RowKind::Measure => "opatření",
            RowKind::GoalValue => "indikátor dopadu",
            RowKind::IndicatorValue => "globální indikátor",
        }
    }

    /// Reads the `type` column: the key or the Czech name, in any case, with or without
    /// diacritics, with `_`, `-` or a space between the words.
    pub fn parse(text: &str) -> Option<Self> {
        let norm = |t: &str| fold(t.trim()).replace(['-', ' '], "_");
        let wanted = norm(text);
        RowKind::ALL
            .into_iter()
            .find(|k| norm(k.key()) == wanted || norm(k.czech()) == wanted)
    }

    /// Whether rows of this kind use the column (the others must leave it empty).
    pub(super) fn takes(self, col: Col) -> bool {
        match col {
            Col::Type | Col::Id | Col::Name | Col::Previous | Col::Period | Col::AsOf => true,
            Col::Note => true,
            Col::Indicator => self == RowKind::GoalValue,
            Col::Status
            | Col::Implementer
            | Col::Activity
            | Col::Service
            | Col::ProjectImplementer
            | Col::Registration
            | Col::Budget
            | Col::Call
            | Col::Programme => self == RowKind::Measure,
            Col::Value | Col::Region | Col::Rank | Col::Territory => self != RowKind::Measure,
            Col::AsOfKind => self != RowKind::IndicatorValue,
        }
    }

    /// The fill-in columns this kind uses, for hints.
    pub(super) fn columns_taken(self) -> String {
        COLUMNS
            .iter()
            .filter(|c| c.fill && self.takes(c.col))
            .map(|c| format!("`{}`", c.key))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The spreadsheet's name of a column: A, B, …, Z, AA, AB, …
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_kinds_and_column_letters() {
        assert_eq!(RowKind::parse("measure"), Some(RowKind::Measure));
        assert_eq!(RowKind::parse("Opatření"), Some(RowKind::Measure));
        assert_eq!(RowKind::parse("goal value"), Some(RowKind::GoalValue));
        assert_eq!(RowKind::parse("indikator dopadu"), Some(RowKind::GoalValue));
        assert_eq!(
            RowKind::parse("Globální indikátor"),
            Some(RowKind::IndicatorValue)
        );
        assert_eq!(RowKind::parse("opatreni2"), None);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}

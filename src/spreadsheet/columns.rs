//! The columns of a wave spreadsheet: which columns there are and in what order ([`COLUMNS`]),
//! which kinds of rows there are ([`RowKind`]) and which columns each kind uses, and the letters
//! a spreadsheet program names the columns by; and the rows and columns of the site's funding
//! tables whose rows the waves give ([`SheetTable`]), which follow the fixed ones.

use crate::content::schema::RowsFrom;
use crate::model::Site;
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
    Value,
    Region,
    Rank,
    Territory,
    AsOf,
    AsOfKind,
    Note,
}

/// A column: its header text (`key`, and `czech` in the template of a Czech site), and whether
/// implementers fill it in (`false` for the columns that say which row it is, which the
/// template fills and the import only reads or ignores).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub col: Col,
    pub key: &'static str,
    pub czech: &'static str,
    pub fill: bool,
}

const fn column(col: Col, key: &'static str, czech: &'static str, fill: bool) -> Column {
    Column {
        col,
        key,
        czech,
        fill,
    }
}

/// Every column, in the template's order. docs/content-model.md explains each one.
pub const COLUMNS: [Column; 17] = [
    column(Col::Type, "type", "Typ", false),
    column(Col::Id, "id", "ID", false),
    column(Col::Indicator, "indicator", "Indikátor", false),
    column(Col::Name, "name", "Název", false),
    column(Col::Previous, "previous", "Minulé vyhodnocení", false),
    column(Col::Status, "status", "Stav", true),
    column(Col::Implementer, "implementer", "Realizátor", true),
    column(Col::Activity, "activity", "Aktivita", true),
    column(Col::Service, "service", "Typ služby", true),
    column(Col::Period, "period", "Období", true),
    column(Col::Value, "value", "Hodnota", true),
    column(Col::Region, "region", "Hodnota regionu", true),
    column(Col::Rank, "rank", "Pořadí", true),
    column(Col::Territory, "territory", "Území", true),
    column(Col::AsOf, "as_of", "Datum údajů", true),
    column(Col::AsOfKind, "as_of_kind", "Druh data", true),
    column(Col::Note, "note", "Poznámka", true),
];

/// A header or a `type` cell as it is compared: without case or diacritics, with `_` for the
/// spaces, hyphens, colons and dots between words ("Typ služby", "typ_sluzby" and
/// "TYP-SLUZBY" are alike, and so are "dotace: Rozpočet" and "dotace.rozpocet").
pub(super) fn normalized(text: &str) -> String {
    fold(text.trim())
        .split([' ', '-', '_', ':', '.'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

impl Column {
    /// The column a header cell names: its key ("implementer") or its Czech name
    /// ("Realizátor"), in any case, with or without diacritics.
    pub fn by_header(text: &str) -> Option<&'static Column> {
        let wanted = normalized(text);
        COLUMNS
            .iter()
            .find(|c| normalized(c.key) == wanted || normalized(c.czech) == wanted)
    }

    /// The header the template writes: the Czech name for a site in Czech, else the key.
    pub fn header(&self, czech: bool) -> &'static str {
        if czech {
            self.czech
        } else {
            self.key
        }
    }
}

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

/// Whether messages are in Czech, and so name columns and row types as a Czech template does.
pub(super) fn in_czech() -> bool {
    crate::messages::language() == crate::messages::Lang::Cs
}

/// Columns as messages list them: "`Typ`, `ID`, …" in Czech, "`type`, `id`, …" in English.
pub(super) fn listed<'c>(columns: impl Iterator<Item = &'c Column>) -> String {
    columns
        .map(|c| format!("`{}`", c.header(in_czech())))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Col {
    /// The column's header in the language of the messages ("Stav", "status").
    pub fn named(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|c| c.col == self)
            .map(|c| c.header(in_czech()))
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
        let wanted = normalized(text);
        RowKind::ALL
            .into_iter()
            .find(|k| normalized(k.key()) == wanted || normalized(k.czech()) == wanted)
    }

    /// The text of the `type` column in the template: the Czech name on a site in Czech, else
    /// the key.
    pub fn shown(self, czech: bool) -> &'static str {
        if czech {
            self.czech()
        } else {
            self.key()
        }
    }

    /// Whether rows of this kind use the column (the others must leave it empty).
    pub(super) fn takes(self, col: Col) -> bool {
        match col {
            Col::Type | Col::Id | Col::Name | Col::Previous | Col::Period | Col::AsOf => true,
            Col::Note => true,
            Col::Indicator => self == RowKind::GoalValue,
            Col::Status | Col::Implementer | Col::Activity | Col::Service => {
                self == RowKind::Measure
            }
            Col::Value | Col::Region | Col::Rank | Col::Territory => self != RowKind::Measure,
            Col::AsOfKind => self != RowKind::IndicatorValue,
        }
    }

    /// The fill-in columns this kind uses, for hints.
    pub(super) fn columns_taken(self) -> String {
        listed(COLUMNS.iter().filter(|c| c.fill && self.takes(c.col)))
    }

    /// The row type in the language of the messages ("opatření", "measure").
    pub(super) fn named(self) -> &'static str {
        self.shown(in_czech())
    }
}

/// A funding table whose rows the waves give (`rows_from = "wave"`), as the spreadsheet holds
/// it: a row per row of the table, whose `type` is the table's key and whose `id` is the
/// measure's, and a column per column of the table after the fixed ones, headed "<table key>:
/// <column name>" ("dotace: Rozpočet"; "dotace.rozpocet", with the column's key, reads too).
#[derive(Clone, Debug)]
pub struct SheetTable {
    /// Its index in the site's `funding_tables`.
    pub table: usize,
    /// Its key, the rows' `type`.
    pub key: String,
    /// Its columns' headers as the template writes them, in the table's column order.
    pub headers: Vec<String>,
    /// Each column's header and "<table key>.<column key>", as compared.
    names: Vec<[String; 2]>,
    /// The table's key and title, as a `type` cell is compared.
    types: [String; 2],
}

impl SheetTable {
    /// The site's tables whose rows the waves give, in the order the site declares them.
    pub fn of_site(site: &Site) -> Vec<SheetTable> {
        site.funding_tables
            .iter()
            .enumerate()
            .filter(|(_, t)| t.rows_from == RowsFrom::Wave)
            .map(|(table, t)| {
                let headers: Vec<String> = t
                    .columns
                    .iter()
                    .map(|c| format!("{}: {}", t.key, c.name))
                    .collect();
                let names = t
                    .columns
                    .iter()
                    .zip(&headers)
                    .map(|(c, h)| [normalized(h), normalized(&format!("{}.{}", t.key, c.key))])
                    .collect();
                SheetTable {
                    table,
                    key: t.key.clone(),
                    headers,
                    names,
                    types: [normalized(&t.key), normalized(&t.title)],
                }
            })
            .collect()
    }

    /// The column a header cell names, by its index in the table's columns.
    pub(super) fn column_by_header(&self, text: &str) -> Option<usize> {
        let wanted = normalized(text);
        self.names.iter().position(|n| n.contains(&wanted))
    }

    /// Whether a `type` cell names the table: its key or its title, compared as headers are.
    pub(super) fn is_type(&self, text: &str) -> bool {
        !text.trim().is_empty() && self.types.contains(&normalized(text))
    }

    /// Its columns as messages list them.
    pub(super) fn listed(&self) -> String {
        self.headers
            .iter()
            .map(|h| format!("`{h}`"))
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
        // Headers in English or Czech, in any case, with or without diacritics.
        for (text, key) in [
            ("type", "type"),
            ("Typ", "type"),
            ("ID", "id"),
            ("Typ služby", "service"),
            ("typ_sluzby", "service"),
            ("TYP-SLUŽBY", "service"),
            ("realizator", "implementer"),
            (" Datum údajů ", "as_of"),
            ("as-of-kind", "as_of_kind"),
            ("druh data", "as_of_kind"),
            ("Poznámka", "note"),
        ] {
            assert_eq!(Column::by_header(text).map(|c| c.key), Some(key), "{text}");
        }
        assert!(Column::by_header("stauts").is_none());
        // No two columns share a name once case and diacritics are gone.
        let mut names: Vec<String> = COLUMNS
            .iter()
            .flat_map(|c| [normalized(c.key), normalized(c.czech)])
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(
            names.len(),
            COLUMNS.len() * 2 - 1,
            "only `id` is the same in both"
        );
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}

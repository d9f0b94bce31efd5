//! Funding tables a plan declares (`[[funding_table]]` in `plan.toml`): the table with its
//! columns as the document prints them, each item's rows in it per action plan (from the
//! item's edition, or from the waves that evaluate the plan when the waves give its rows), and
//! the sums of its money columns, overall and per value of its `group_by` column. The built-in
//! tables of `funding.rs` (financing, allocation, projects) keep their own shapes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::funding::{add, ZERO};
use super::{
    ActionPlanIx, AreaIx, Measure, MeasureIx, Money, Reference, StatedTotalView, Wave, WaveIx,
};
pub use crate::content::schema::{FundingColumnKind, RowsFrom, TableRole};

/// A declared funding table.
#[derive(Debug, Serialize)]
pub struct FundingTable {
    /// Its key in item files, stated totals and the open data's file name.
    pub key: String,
    /// As printed.
    pub title: String,
    /// What the document says about the table, shown under its heading.
    pub description: Option<String>,
    pub columns: Vec<FundingColumn>,
    /// The index of the text or list column the money columns are also summed by.
    pub group_by: Option<usize>,
    /// For a list column's values: each grouping key ([`super::funding::source_key`]) to
    /// the name it is counted under (`[[funding_source]]`).
    #[serde(skip)]
    pub group_names: BTreeMap<String, String>,
    /// What the funding page's summary reads from it.
    pub role: Option<TableRole>,
    /// Where its rows are written: the items' editions or the waves.
    pub rows_from: RowsFrom,
    /// For rows the waves give: the text column that identifies a row across waves.
    pub unique_by: Option<usize>,
    /// Totals printed under it in `plan.toml` (`[[stated_total]] table = "<key>"`), with the
    /// sums they state; a wave's totals of its rows are the wave's (`Wave::table_totals`).
    pub stated_totals: Vec<StatedTotalView>,
}

#[derive(Debug, Serialize)]
pub struct FundingColumn {
    pub key: String,
    /// The heading as printed.
    pub name: String,
    pub kind: FundingColumnKind,
    /// A money column the document prints rounded ("25 mil. Kč"): shown so, summed exactly.
    pub rounded: bool,
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FundingCell {
    Empty,
    Text(String),
    Money(Money),
    List(Vec<String>),
    /// An amount the document gives as an estimate ("přibližně"); summed as it is.
    Approx(Money),
    /// The amount is another item's, given in that item's row: a link to the item, nothing
    /// summed here.
    SameAs(Reference),
}

/// One row of an item in a declared table.
#[derive(Clone, Debug, Serialize)]
pub struct FundingRow {
    /// Its cells, in the table's column order.
    pub cells: Vec<FundingCell>,
    /// `false`: the document prints the row but leaves it out of its totals (an amount in
    /// brackets); the sums and stated totals leave it out too.
    pub counted: bool,
}

/// An item's rows in one declared table, in one action plan's edition of the item.
#[derive(Clone, Debug, Serialize)]
pub struct ItemRows {
    /// The index of the table in [`super::Site::funding_tables`].
    pub table: usize,
    pub rows: Vec<FundingRow>,
}

/// A declared table's rows in one action plan, with their sums.
#[derive(Debug, Serialize)]
pub struct TableRows {
    pub table: usize,
    /// Every row of the plan's items, in item order; the waves' rows wave by wave, in the
    /// order each wave reports its items.
    pub rows: Vec<TableRow>,
    /// The indices of the rows the sums count ([`TableRows::summed`]).
    #[serde(skip)]
    summed: Vec<usize>,
    /// The sums of the money columns: per value of the `group_by` column (in text order; a
    /// row with several values of a list column counts under each),
    /// then over all rows (label `None`); empty without rows or money columns. A row a later
    /// wave gives again (the same `unique_by` value) is counted once, as the latest gives it.
    pub sums: Vec<TableSum>,
    /// The same sums per top-level node (thematic area, priority) whose items have counted
    /// rows, in plan order; empty without money columns.
    pub area_sums: Vec<AreaSum>,
}

/// A declared table's sums over one top-level node's items.
#[derive(Debug, Serialize)]
pub struct AreaSum {
    pub area: AreaIx,
    /// How many rows it adds up.
    pub count: usize,
    /// One sum per money column, in column order.
    pub amounts: Vec<Money>,
}

/// One row of a declared table.
#[derive(Debug, Serialize)]
pub struct TableRow {
    pub measure: MeasureIx,
    /// The wave that gives it, for a table whose rows the waves give.
    pub wave: Option<WaveIx>,
    pub cells: Vec<FundingCell>,
    /// See [`FundingRow::counted`].
    pub counted: bool,
}

#[derive(Debug, Serialize)]
pub struct TableSum {
    /// The group's value; `None` for the sum of all rows, which the theme words.
    pub label: Option<String>,
    /// How many rows it adds up.
    pub count: usize,
    /// One sum per money column, in column order.
    pub amounts: Vec<Money>,
}

impl FundingTable {
    /// The indices of its money columns.
    pub fn money_columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == FundingColumnKind::Money)
            .map(|(i, _)| i)
    }

    /// The groups a row belongs to: its `group_by` column's text, or each value of a list
    /// column, named as `[[funding_source]]` names it ("rozpočet města" and "Rozpočet města"
    /// are one), in text order, each once.
    pub fn groups_of(&self, row: &[FundingCell]) -> Vec<String> {
        match self.group_by.and_then(|g| row.get(g)) {
            Some(FundingCell::Text(text)) => vec![text.clone()],
            Some(FundingCell::List(items)) => {
                let mut groups: Vec<String> = items
                    .iter()
                    .map(|item| {
                        let key = super::funding::source_key(item);
                        self.group_names.get(&key).cloned().unwrap_or(key)
                    })
                    .collect();
                groups.sort();
                groups.dedup();
                groups
            }
            _ => Vec::new(),
        }
    }

    /// The amount a role reads from a row: its first money column's, `None` when the row
    /// gives none there (empty, or another item's amount).
    pub fn role_amount(&self, row: &[FundingCell]) -> Option<Money> {
        match row.get(self.money_columns().next()?) {
            Some(FundingCell::Money(m) | FundingCell::Approx(m)) => Some(*m),
            _ => None,
        }
    }
}

/// A row's amount in column `column`; zero when it has none (or it is another item's).
pub fn amount(row: &[FundingCell], column: usize) -> Money {
    match row.get(column) {
        Some(FundingCell::Money(m) | FundingCell::Approx(m)) => *m,
        _ => ZERO,
    }
}

/// Every declared table's rows in action plan `plan`, with their sums.
pub fn rows_in_plan(
    tables: &[FundingTable],
    measures: &[Measure],
    waves: &[Wave],
    plan: ActionPlanIx,
) -> Vec<TableRows> {
    tables
        .iter()
        .enumerate()
        .map(|(t, table)| {
            let rows = match table.rows_from {
                RowsFrom::Plan => plan_rows(measures, plan, t),
                RowsFrom::Wave => wave_rows(waves, plan, t),
            };
            let summed = summed_rows(table, &rows);
            let counted: Vec<&TableRow> = summed.iter().map(|&i| &rows[i]).collect();
            let sums = sums(table, counted.iter().map(|r| r.cells.as_slice()));
            let area_sums = area_sums(table, measures, &counted);
            TableRows {
                table: t,
                rows,
                summed,
                sums,
                area_sums,
            }
        })
        .collect()
}

/// Table `t`'s rows in the editions of the plan's items.
fn plan_rows(measures: &[Measure], plan: ActionPlanIx, t: usize) -> Vec<TableRow> {
    MeasureIx::enumerate(measures)
        .filter_map(|(mi, m)| Some((mi, m.edition(plan)?)))
        .flat_map(|(mi, e)| {
            e.funding
                .iter()
                .filter(|r| r.table == t)
                .flat_map(|r| r.rows.iter().cloned())
                .map(move |row| TableRow {
                    measure: mi,
                    wave: None,
                    cells: row.cells,
                    counted: row.counted,
                })
        })
        .collect()
}

/// Table `t`'s rows that the waves evaluating the plan give, wave by wave, each wave's in plan
/// order of their items (as a document lists them, whatever order the wave file reports its
/// items in), an item's rows as given.
fn wave_rows(waves: &[Wave], plan: ActionPlanIx, t: usize) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = WaveIx::enumerate(waves)
        .filter(|(_, w)| w.action_plan == plan)
        .flat_map(|(wi, w)| {
            w.goal_reports
                .iter()
                .flat_map(|g| &g.measures)
                .flat_map(move |mr| {
                    mr.funding
                        .iter()
                        .filter(move |r| r.table == t)
                        .flat_map(|r| r.rows.iter().cloned())
                        .map(move |row| TableRow {
                            measure: mr.measure,
                            wave: Some(wi),
                            cells: row.cells,
                            counted: row.counted,
                        })
                })
        })
        .collect();
    // A stable sort: an item's rows keep their order.
    rows.sort_by_key(|r| (r.wave, r.measure));
    rows
}

/// The indices of the rows the sums count: every counted row, except that of the rows with
/// the same `unique_by` value only the last (the latest wave's) counts. Rows without that
/// value all count.
fn summed_rows(table: &FundingTable, rows: &[TableRow]) -> Vec<usize> {
    let counted = (0..rows.len()).filter(|&i| rows[i].counted);
    let Some(unique) = table.unique_by else {
        return counted.collect();
    };
    let key = |i: usize| match rows[i].cells.get(unique) {
        Some(FundingCell::Text(text)) => Some(text.as_str()),
        _ => None,
    };
    let last: BTreeMap<&str, usize> = counted.clone().filter_map(|i| Some((key(i)?, i))).collect();
    counted
        .filter(|&i| key(i).is_none_or(|k| last[k] == i))
        .collect()
}

impl TableRows {
    /// The rows its sums count (see [`summed_rows`]), in row order.
    pub fn summed(&self) -> impl Iterator<Item = &TableRow> {
        self.summed.iter().map(|&i| &self.rows[i])
    }
}

/// The sums of a table's money columns over each top-level node's counted rows.
fn area_sums(table: &FundingTable, measures: &[Measure], counted: &[&TableRow]) -> Vec<AreaSum> {
    let money: Vec<usize> = table.money_columns().collect();
    if money.is_empty() {
        return Vec::new();
    }
    let mut per: BTreeMap<AreaIx, AreaSum> = BTreeMap::new();
    for row in counted {
        let area = measures[row.measure].area;
        let sum = per.entry(area).or_insert_with(|| AreaSum {
            area,
            count: 0,
            amounts: vec![ZERO; money.len()],
        });
        sum.count += 1;
        for (k, &c) in money.iter().enumerate() {
            sum.amounts[k] = add(sum.amounts[k], amount(&row.cells, c));
        }
    }
    per.into_values().collect()
}

/// The sums of a table's money columns per group and overall.
pub fn sums<'r>(
    table: &FundingTable,
    rows: impl Iterator<Item = &'r [FundingCell]>,
) -> Vec<TableSum> {
    let money: Vec<usize> = table.money_columns().collect();
    if money.is_empty() {
        return Vec::new();
    }
    let zero = || TableSum {
        label: None,
        count: 0,
        amounts: vec![ZERO; money.len()],
    };
    let mut groups: BTreeMap<String, TableSum> = BTreeMap::new();
    let mut all = zero();
    let add_row = |sum: &mut TableSum, row: &[FundingCell]| {
        sum.count += 1;
        for (k, &c) in money.iter().enumerate() {
            sum.amounts[k] = add(sum.amounts[k], amount(row, c));
        }
    };
    for row in rows {
        add_row(&mut all, row);
        for g in table.groups_of(row) {
            let sum = groups.entry(g.clone()).or_insert_with(|| TableSum {
                label: Some(g),
                ..zero()
            });
            add_row(sum, row);
        }
    }
    if all.count == 0 {
        return Vec::new();
    }
    let mut out: Vec<TableSum> = groups.into_values().collect();
    out.push(all);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Decimal;

    fn money(n: i64) -> FundingCell {
        FundingCell::Money(Money(Decimal::parse(&n.to_string()).unwrap()))
    }

    #[test]
    fn money_columns_are_summed_per_group_and_overall() {
        let column = |key: &str, kind| FundingColumn {
            key: key.into(),
            name: key.into(),
            kind,
            rounded: false,
        };
        let table = FundingTable {
            key: "rozpocet".into(),
            title: "Rozpočet".into(),
            description: None,
            columns: vec![
                column("zdroj", FundingColumnKind::Text),
                column("2025", FundingColumnKind::Money),
                column("2026", FundingColumnKind::Money),
            ],
            group_by: Some(0),
            group_names: BTreeMap::new(),
            role: None,
            rows_from: RowsFrom::Plan,
            unique_by: None,
            stated_totals: Vec::new(),
        };
        let text = |t: &str| FundingCell::Text(t.into());
        let rows = [
            vec![text("Obec"), money(100), money(50)],
            vec![text("Kraj"), money(10), FundingCell::Empty],
            vec![text("Obec"), money(1), money(2)],
        ];
        let sums = sums(&table, rows.iter().map(|r| r.as_slice()));
        let shown: Vec<(Option<&str>, usize, Vec<String>)> = sums
            .iter()
            .map(|s| {
                (
                    s.label.as_deref(),
                    s.count,
                    s.amounts.iter().map(|m| m.0.plain()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (Some("Kraj"), 1, vec!["10".to_string(), "0".to_string()]),
                (Some("Obec"), 2, vec!["101".to_string(), "52".to_string()]),
                (None, 3, vec!["111".to_string(), "52".to_string()]),
            ]
        );
    }
}

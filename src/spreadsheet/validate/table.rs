//! The checks of a row of a funding table the waves give (its `type` is the table's key): the
//! measure exists and is listed by the action plan the wave evaluates, the row fills in only
//! its table's columns, each cell reads as its column's kind says (text, an amount, a list), a
//! table whose rows are identified across waves (`unique_by`) has that value once; and, once
//! every row is read, the measure is reported by a measure row of the same spreadsheet, under
//! which the wave file writes its rows. A row as the template carried it forward goes with its
//! measure's report: given when the measure is reported, skipped when it is not.

use super::{no_id, outside_plan, unknown_id, Found, Ids};
use crate::content::schema::FundingColumnKind;
use crate::diagnostics::Diagnostics;
use crate::model::funding_tables::FundingCell;
use crate::model::{MeasureIx, Site};
use crate::spreadsheet::cells::parse_money;
use crate::spreadsheet::columns::{Col, RowKind, COLUMNS};
use crate::spreadsheet::read::{Sheet, SheetRow};
use crate::spreadsheet::rows::DeclaredRow;
use crate::spreadsheet::template::carried_rows;
use crate::values::Money;

/// A table row that passed its own checks, waiting for its measure's row.
pub(super) struct FoundTableRow {
    /// As the spreadsheet numbers it.
    pub row: usize,
    pub measure: MeasureIx,
    pub data: DeclaredRow,
    /// Whether it is as the template carried it forward.
    pub carried: bool,
}

/// The values of a list cell: separated by semicolons or line breaks (a value may hold a
/// comma: "rozpočet SMO, MOb").
pub(crate) fn list_values(text: &str) -> Vec<String> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// A row of table `t` (a position in `sheet.tables`): checked, and kept in `found` when it
/// passes; a row with nothing filled in is skipped.
pub(super) fn table_row(
    site: &Site,
    ids: &Ids,
    sheet: &Sheet,
    row: &SheetRow,
    t: usize,
    found: &mut Found,
) {
    let table = &sheet.tables[t];
    let declared = &site.funding_tables[table.table];
    let width = declared.columns.len();
    let cells: Vec<&str> = (0..width).map(|c| sheet.table_cell(row, t, c)).collect();
    let id = sheet.cell(row, Col::Id);
    let measure = ids.measures.get(id).copied();
    let as_carried = measure.is_some_and(|m| {
        carried_rows(site, m, table.table)
            .iter()
            .any(|carried| carried.iter().map(String::as_str).eq(cells.iter().copied()))
    });
    let other_filled = COLUMNS
        .iter()
        .any(|c| c.fill && !sheet.cell(row, c.col).is_empty())
        || other_tables_filled(sheet, row, t);
    if cells.iter().all(|c| c.is_empty()) && !other_filled {
        found.skipped += 1;
        return;
    }
    let errors = &mut found.errors;
    if id.is_empty() {
        let hint = crate::msg!("import.rows.no_id_measure");
        errors.push(no_id(sheet, row, &table.key, hint));
        return;
    }
    let mut row_ok = unused_columns_are_empty(sheet, row, t, errors);
    let Some(measure) = measure else {
        errors.push(unknown_id(site, sheet, row, RowKind::Measure, id));
        return;
    };
    if let Some(outside) = outside_plan(site, ids, sheet, row, measure) {
        errors.push(outside);
        return;
    }
    let mut out = Vec::with_capacity(width);
    for (c, column) in declared.columns.iter().enumerate() {
        let text = cells[c];
        out.push(match (column.kind, text) {
            (_, "") => FundingCell::Empty,
            (FundingColumnKind::Text, _) => FundingCell::Text(text.to_string()),
            (FundingColumnKind::List, _) => FundingCell::List(list_values(text)),
            (FundingColumnKind::Money, _) => match parse_money(text, site.config.currency) {
                Ok(amount) => FundingCell::Money(Money(amount)),
                Err(message) => {
                    row_ok = false;
                    let unit = site.config.currency.in_diagnostics();
                    errors.push(
                        sheet
                            .at(row, sheet.table_index(t, c), message)
                            .with_hint(crate::msg!("import.tables.money_hint", unit)),
                    );
                    FundingCell::Empty
                }
            },
        });
    }
    if let Some(u) = declared.unique_by {
        row_ok &= unique_value(sheet, row, t, u, cells[u], found);
    }
    if row_ok {
        found.table_rows.push(FoundTableRow {
            row: row.row,
            measure,
            data: DeclaredRow {
                table: table.table,
                cells: out,
            },
            carried: as_carried && !other_filled,
        });
    }
}

/// Whether the row fills in a column of another table than `t`.
fn other_tables_filled(sheet: &Sheet, row: &SheetRow, t: usize) -> bool {
    (0..sheet.tables.len()).filter(|&o| o != t).any(|o| {
        (0..sheet.tables[o].headers.len()).any(|c| !sheet.table_cell(row, o, c).is_empty())
    })
}

/// Reports each filled-in cell outside table `t`'s columns (the fixed columns to fill in, the
/// other tables'); false when there is one.
fn unused_columns_are_empty(
    sheet: &Sheet,
    row: &SheetRow,
    t: usize,
    errors: &mut Diagnostics,
) -> bool {
    let table = &sheet.tables[t];
    let mut cells: Vec<(Option<usize>, &str)> = COLUMNS
        .iter()
        .filter(|c| c.fill && !sheet.cell(row, c.col).is_empty())
        .map(|c| (sheet.index(c.col), sheet.name(c.col)))
        .collect();
    for o in (0..sheet.tables.len()).filter(|&o| o != t) {
        for c in 0..sheet.tables[o].headers.len() {
            if !sheet.table_cell(row, o, c).is_empty() {
                cells.push((sheet.table_index(o, c), sheet.table_name(o, c)));
            }
        }
    }
    for &(index, column) in &cells {
        errors.push(
            sheet
                .at(
                    row,
                    index,
                    crate::msg!("import.rows.unused_column", column, kind = table.key),
                )
                .with_hint(crate::msg!(
                    "import.rows.unused_column_hint",
                    kind = table.key,
                    columns = table.listed()
                )),
        );
    }
    cells.is_empty()
}

/// Checks the value that identifies the row across waves (column `u` of table `t`): it must
/// be there, and no earlier row of the spreadsheet may give it.
fn unique_value(
    sheet: &Sheet,
    row: &SheetRow,
    t: usize,
    u: usize,
    value: &str,
    found: &mut Found,
) -> bool {
    let key = &sheet.tables[t].key;
    let column = sheet.table_name(t, u);
    let at = sheet.table_index(t, u);
    if value.is_empty() {
        found.errors.push(
            sheet
                .at(row, at, crate::msg!("import.tables.no_unique", column, key))
                .with_hint(crate::msg!("import.tables.no_unique_hint", column)),
        );
        return false;
    }
    match found.table_seen.get(&(t, value.to_string())) {
        Some(&first) => {
            found.errors.push(
                sheet
                    .at(
                        row,
                        at,
                        crate::msg!("import.tables.twice", column, value, key, first),
                    )
                    .with_hint(crate::msg!("import.tables.twice_hint", column)),
            );
            false
        }
        None => {
            found.table_seen.insert((t, value.to_string()), row.row);
            true
        }
    }
}

/// Puts each table row under its measure's row. A row whose measure no measure row reports is
/// skipped when the template carried it forward unchanged, else an error (one whose measure
/// row has its own errors is left to those).
pub(super) fn attach_table_rows(site: &Site, sheet: &Sheet, found: &mut Found) {
    for table_row in std::mem::take(&mut found.table_rows) {
        let measure = &site.measures[table_row.measure];
        let reported = found.goals.get_mut(&measure.specific_goal).and_then(|acc| {
            acc.measures
                .iter_mut()
                .find(|m| m.measure == table_row.measure)
        });
        match reported {
            Some(m) => m.funding.push(table_row.data),
            None if table_row.carried => found.skipped += 1,
            None if found
                .seen
                .contains_key(&(RowKind::Measure, measure.id.clone())) => {}
            None => {
                let row = sheet
                    .rows
                    .iter()
                    .find(|r| r.row == table_row.row)
                    .expect("a row of the sheet");
                let key = &site.funding_tables[table_row.data.table].key;
                found.errors.push(
                    sheet
                        .at(
                            row,
                            sheet.index(Col::Id),
                            crate::msg!(
                                "import.tables.measure_not_reported",
                                key,
                                id = measure.id,
                                kind = RowKind::Measure.named()
                            ),
                        )
                        .with_hint(crate::msg!(
                            "import.tables.measure_not_reported_hint",
                            status = sheet.name(Col::Status),
                            kind = RowKind::Measure.named()
                        )),
                );
            }
        }
    }
    // Within a measure, in the order of the site's tables (a sort that keeps the sheet's
    // order within one).
    for acc in found.goals.values_mut() {
        for m in &mut acc.measures {
            m.funding.sort_by_key(|r| r.table);
        }
    }
}

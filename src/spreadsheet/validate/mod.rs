//! Checking a wave spreadsheet's rows against the resolved site and the action plan the wave
//! evaluates: every row's type, ID, cells and the columns its type does not use, a measure,
//! specific goal or impact indicator that action plan does not have, a second row for the same
//! measure or value, and each reported goal's date. Every problem becomes one diagnostic
//! pointing at its cell, so one run reports them all; what passes becomes [`WaveRows`].
//!
//! A row counts as filled in when a column to fill holds something other than what the
//! template carried forward into it (a measure's details from its last report): a row left as
//! the template wrote it is not reported in this wave.
//!
//! `validate` reads the rows in order: `row_head` checks what every filled-in row needs, then
//! one function per kind of row checks the rest (`measure.rs` for measures, `value.rs` for the
//! values of impact and global indicators, `table.rs` for the rows of the funding tables the
//! waves give); `attach_table_rows` puts the tables' rows under their measures, and
//! `goal_rows` finally checks each reported goal's date.

mod measure;
mod table;
mod value;

use std::collections::HashMap;

use self::measure::measure_row;
use self::table::{attach_table_rows, table_row, FoundTableRow};
use self::value::{goal_value_row, indicator_value_row};
use super::cells::{parse_as_of_kind, parse_date};
use super::columns::{Col, RowKind, COLUMNS};
use super::excel_id::intended_id;
use super::plan_order;
use super::read::{Sheet, SheetRow};
use super::rows::{GoalRows, MeasureRow, ValueRow, WaveRows};
use super::template::carried_forward;
use crate::content::schema::AsOfKind;
use crate::diagnostics::{suggest, Diagnostic, Diagnostics};
use crate::model::{ActionPlanIx, IndicatorIx, MeasureIx, Site, SpecificGoalIx};
use crate::values::Date;

/// What the rows of one specific goal said so far.
#[derive(Default)]
struct GoalAcc {
    first_row: Option<usize>,
    rows: Vec<usize>,
    as_of: Option<(Date, usize)>,
    as_of_bad: bool,
    kind: Option<(AsOfKind, usize)>,
    values: Vec<(usize, ValueRow)>,
    measures: Vec<MeasureRow>,
}

fn date_hint() -> String {
    crate::msg!("import.rows.date_hint")
}

/// The site's IDs, to find what a row's `id` names: the index of each measure, specific goal
/// and global indicator in the site's lists; and the action plan the wave evaluates.
struct Ids<'s> {
    measures: HashMap<&'s str, MeasureIx>,
    goals: HashMap<&'s str, SpecificGoalIx>,
    indicators: HashMap<&'s str, IndicatorIx>,
    plan: ActionPlanIx,
}

impl<'s> Ids<'s> {
    fn of(site: &'s Site, plan: ActionPlanIx) -> Self {
        Ids {
            plan,
            measures: MeasureIx::enumerate(&site.measures)
                .map(|(i, m)| (m.id.as_str(), i))
                .collect(),
            goals: SpecificGoalIx::enumerate(&site.specific_goals)
                .map(|(i, g)| (g.id.as_str(), i))
                .collect(),
            indicators: IndicatorIx::enumerate(&site.indicators)
                .map(|(i, ind)| (ind.id.as_str(), i))
                .collect(),
        }
    }
}

/// What the rows said so far: every problem, and what the rows that passed report.
#[derive(Default)]
struct Found {
    errors: Diagnostics,
    /// By specific goal.
    goals: HashMap<SpecificGoalIx, GoalAcc>,
    /// With each global indicator.
    indicators: Vec<(IndicatorIx, ValueRow)>,
    /// The row that reported each measure or value first.
    seen: HashMap<(RowKind, String), usize>,
    /// Rows with nothing filled in.
    skipped: usize,
    /// The funding tables' rows that passed, until they go under their measures.
    table_rows: Vec<FoundTableRow>,
    /// The row that gave each value identifying a table's row (table position, value).
    table_seen: HashMap<(usize, String), usize>,
}

/// What every filled-in row has: its type and `id`, and whether the columns its type does not
/// use are empty.
struct Head<'r> {
    kind: RowKind,
    id: &'r str,
    row_ok: bool,
}

/// Checks every row against the site and action plan `plan`, the one the wave evaluates;
/// returns what the rows report, or every problem found.
pub fn validate(site: &Site, plan: ActionPlanIx, sheet: &Sheet) -> Result<WaveRows, Diagnostics> {
    let ids = Ids::of(site, plan);
    let mut found = Found::default();
    for row in &sheet.rows {
        if let Some(t) = sheet
            .tables
            .iter()
            .position(|t| t.is_type(sheet.cell(row, Col::Type)))
        {
            if row_width_ok(sheet, row, &mut found.errors) {
                table_row(site, &ids, sheet, row, t, &mut found);
            }
            continue;
        }
        let carried = carried_into(site, &ids, sheet, row);
        let Some(head) = row_head(sheet, row, &carried, &mut found.errors, &mut found.skipped)
        else {
            continue;
        };
        match head.kind {
            RowKind::Measure => measure_row(site, &ids, sheet, row, head, &mut found),
            RowKind::GoalValue => goal_value_row(site, &ids, sheet, row, head, &mut found),
            RowKind::IndicatorValue => {
                indicator_value_row(site, &ids, sheet, row, head, &mut found)
            }
        }
    }
    attach_table_rows(site, sheet, &mut found);
    let Found {
        mut errors,
        goals,
        mut indicators,
        skipped,
        ..
    } = found;
    let mut out = WaveRows {
        goals: goal_rows(site, sheet, goals, &mut errors),
        skipped,
        columns: COLUMNS
            .iter()
            .map(|c| c.col)
            .filter(|&c| sheet.has(c))
            .collect(),
        tables: (0..sheet.tables.len())
            .filter(|&t| sheet.has_table(t))
            .map(|t| sheet.tables[t].table)
            .collect(),
        ..WaveRows::default()
    };
    indicators.sort_by_key(|(ix, _)| *ix);
    out.indicators = indicators.into_iter().map(|(_, v)| v).collect();
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(out)
    }
}

/// What the template carried forward into the row, when it is a measure row of a measure the
/// site has; nothing for other rows.
fn carried_into(site: &Site, ids: &Ids, sheet: &Sheet, row: &SheetRow) -> Vec<(Col, String)> {
    let measure = (RowKind::parse(sheet.cell(row, Col::Type)) == Some(RowKind::Measure))
        .then(|| ids.measures.get(sheet.cell(row, Col::Id)))
        .flatten();
    measure.map_or_else(Vec::new, |&m| carried_forward(site, m))
}

/// The row's type and `id`, when the row is filled in and has the header's number of cells, a
/// known type and an `id`; a row with nothing filled in but what the template carried forward
/// (`carried`) is counted in `skipped`. Reports a filled-in cell in a column that the row's
/// type does not use, but goes on.
fn row_head<'r>(
    sheet: &Sheet,
    row: &'r SheetRow,
    carried: &[(Col, String)],
    errors: &mut Diagnostics,
    skipped: &mut usize,
) -> Option<Head<'r>> {
    if !row_width_ok(sheet, row, errors) {
        return None;
    }
    let as_carried = |col: Col, text: &str| {
        carried
            .iter()
            .find(|(c, _)| *c == col)
            .is_some_and(|(_, t)| t == text)
    };
    let filled = COLUMNS.iter().any(|c| {
        let text = sheet.cell(row, c.col);
        c.fill && !text.is_empty() && !as_carried(c.col, text)
    }) || table_cells(sheet, row).next().is_some();
    if !filled {
        // Not reported in this wave (or a blank line, or a row as the template wrote it).
        *skipped += 1;
        return None;
    }
    let kind = row_kind(sheet, row, errors)?;
    let id = sheet.cell(row, Col::Id);
    if id.is_empty() {
        let hint = match kind {
            RowKind::Measure => crate::msg!("import.rows.no_id_measure"),
            RowKind::GoalValue => crate::msg!(
                "import.rows.no_id_goal",
                indicator = sheet.name(Col::Indicator)
            ),
            RowKind::IndicatorValue => crate::msg!("import.rows.no_id_indicator"),
        };
        errors.push(no_id(sheet, row, kind.named(), hint));
        return None;
    }
    let row_ok = unused_columns_are_empty(sheet, row, kind, errors);
    Some(Head { kind, id, row_ok })
}

/// Whether the row has the header's number of cells (or none filled in); reports it when not.
fn row_width_ok(sheet: &Sheet, row: &SheetRow, errors: &mut Diagnostics) -> bool {
    let width = sheet.header.len();
    let all_empty = row.cells.iter().all(|c| c.trim().is_empty());
    if row.cells.len() != width && !all_empty {
        errors.push(
            sheet
                .at(
                    row,
                    None,
                    crate::msg!("import.rows.width", cells = row.cells.len(), width),
                )
                .with_hint(crate::msg!(
                    "import.rows.width_hint",
                    separator = char::from(sheet.delimiter)
                )),
        );
        return false;
    }
    true
}

/// The filled-in cells of the funding tables' columns in a row: (index, header).
fn table_cells<'s>(
    sheet: &'s Sheet,
    row: &'s SheetRow,
) -> impl Iterator<Item = (Option<usize>, &'s str)> {
    (0..sheet.tables.len()).flat_map(move |t| {
        (0..sheet.tables[t].headers.len())
            .filter(move |&c| !sheet.table_cell(row, t, c).is_empty())
            .map(move |c| (sheet.table_index(t, c), sheet.table_name(t, c)))
    })
}

/// A row of type `kind` without its `id`, with `hint` saying what to write.
fn no_id(sheet: &Sheet, row: &SheetRow, kind: &str, hint: String) -> Diagnostic {
    sheet
        .at(
            row,
            sheet.index(Col::Id),
            crate::msg!("import.rows.no_id", kind, column = sheet.name(Col::Id)),
        )
        .with_hint(hint)
}

/// The error for a row of `measure` (its `id` cell) when the action plan the wave evaluates
/// does not list the measure.
fn outside_plan(
    site: &Site,
    ids: &Ids,
    sheet: &Sheet,
    row: &SheetRow,
    measure: MeasureIx,
) -> Option<Diagnostic> {
    let life = &site.measures[measure].lifecycle;
    if life.in_plan(ids.plan) {
        return None;
    }
    let id = &site.measures[measure].id;
    let message =
        super::plan::outside_message(site, &crate::msg!("import.what.measure_id", id), ids.plan);
    let hint = super::plan::outside_hint(site, &life.action_plans, ids.plan);
    Some(sheet.at(row, sheet.index(Col::Id), message).with_hint(hint))
}

/// The row's `type`, or a diagnostic when it is empty or unknown.
fn row_kind(sheet: &Sheet, row: &SheetRow, errors: &mut Diagnostics) -> Option<RowKind> {
    let at = |message: String| sheet.at(row, sheet.index(Col::Type), message);
    let type_text = sheet.cell(row, Col::Type);
    let names = |czech: bool| {
        RowKind::ALL
            .iter()
            .map(|k| format!("`{}`", k.shown(czech)))
            .chain(sheet.tables.iter().map(|t| format!("`{}`", t.key)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let kind_names = names(super::columns::in_czech());
    if type_text.is_empty() {
        errors.push(
            at(crate::msg!("import.rows.no_type")).with_hint(crate::msg!(
                "import.rows.no_type_hint",
                kinds = kind_names,
                id = sheet.name(Col::Id)
            )),
        );
        return None;
    }
    let kind = RowKind::parse(type_text);
    if kind.is_none() {
        let known: Vec<&str> = RowKind::ALL
            .iter()
            .flat_map(|k| [k.key(), k.czech()])
            .chain(sheet.tables.iter().map(|t| t.key.as_str()))
            .collect();
        let hint = match suggest(type_text, known.iter().copied()) {
            Some(close) => crate::msg!("hint.did_you_mean", name = close),
            None => crate::msg!(
                "import.rows.types_are",
                kinds = kind_names,
                others = names(!super::columns::in_czech())
            ),
        };
        errors.push(at(crate::msg!("import.rows.unknown_type", text = type_text)).with_hint(hint));
    }
    kind
}

/// Reports each filled-in cell in a column that rows of this kind do not use; false when
/// there is one.
fn unused_columns_are_empty(
    sheet: &Sheet,
    row: &SheetRow,
    kind: RowKind,
    errors: &mut Diagnostics,
) -> bool {
    let unused: Vec<(Option<usize>, &str)> = COLUMNS
        .iter()
        .filter(|c| !kind.takes(c.col) && !sheet.cell(row, c.col).is_empty())
        .map(|c| (sheet.index(c.col), sheet.name(c.col)))
        .chain(table_cells(sheet, row))
        .collect();
    for &(index, column) in &unused {
        errors.push(
            sheet
                .at(
                    row,
                    index,
                    crate::msg!("import.rows.unused_column", column, kind = kind.named()),
                )
                .with_hint(crate::msg!(
                    "import.rows.unused_column_hint",
                    kind = kind.named(),
                    columns = kind.columns_taken()
                )),
        );
    }
    unused.is_empty()
}

/// The trimmed text of a column in a row; `None` when it is empty.
fn text(sheet: &Sheet, row: &SheetRow, col: Col) -> Option<String> {
    let t = sheet.cell(row, col);
    (!t.is_empty()).then(|| t.to_string())
}

/// The row that already reported the measure or value `key`, or `None` after noting that this
/// row does.
fn already_reported(found: &mut Found, row: &SheetRow, key: (RowKind, String)) -> Option<usize> {
    match found.seen.get(&key) {
        Some(&first) => Some(first),
        None => {
            found.seen.insert(key, row.row);
            None
        }
    }
}

/// The index of the row's ID in `known` when it names something of the plan that no earlier
/// row reported; otherwise the error goes into `found` (an unknown ID, or the row `first`
/// reported it in: `repeated(first)` gives the message and the hint) and `None` comes back.
#[allow(clippy::too_many_arguments)]
fn known_once<I: Copy>(
    site: &Site,
    sheet: &Sheet,
    row: &SheetRow,
    kind: RowKind,
    id: &str,
    known: &HashMap<&str, I>,
    found: &mut Found,
    repeated: impl FnOnce(usize) -> (String, String),
) -> Option<I> {
    let Some(&ix) = known.get(id) else {
        found.errors.push(unknown_id(site, sheet, row, kind, id));
        return None;
    };
    if let Some(first) = already_reported(found, row, (kind, id.to_string())) {
        let (message, hint) = repeated(first);
        let d = sheet.at(row, sheet.index(Col::Id), message).with_hint(hint);
        found.errors.push(d);
        return None;
    }
    Some(ix)
}

/// An ID the site does not know, with the closest one or what the column takes; or a date
/// Excel made of an ID, with the ID it most likely was.
pub(super) fn unknown_id(
    site: &Site,
    sheet: &Sheet,
    row: &SheetRow,
    kind: RowKind,
    id: &str,
) -> Diagnostic {
    // A global indicator's id may be a number; a measure's or specific goal's never is.
    if let Some(intended) = intended_id(id, kind != RowKind::IndicatorValue) {
        return excel_date(site, sheet, row, kind, id, &intended);
    }
    let (message, known, fallback): (String, Vec<&str>, String) = match kind {
        RowKind::Measure => (
            crate::msg!("import.rows.no_measure", id),
            site.measures.iter().map(|m| m.id.as_str()).collect(),
            crate::msg!("import.rows.no_measure_hint"),
        ),
        RowKind::GoalValue => (
            crate::msg!("import.rows.no_goal", id),
            site.specific_goals.iter().map(|g| g.id.as_str()).collect(),
            crate::msg!(
                "import.rows.no_goal_hint",
                kind = kind.named(),
                indicator = sheet.name(Col::Indicator)
            ),
        ),
        RowKind::IndicatorValue => (
            crate::msg!("import.rows.no_indicator", id),
            site.indicators.iter().map(|i| i.id.as_str()).collect(),
            crate::msg!("import.rows.no_indicator_hint"),
        ),
    };
    let other_kind = if site.measures.iter().any(|m| m.id == id) {
        Some(RowKind::Measure)
    } else if site.specific_goals.iter().any(|g| g.id == id) {
        Some(RowKind::GoalValue)
    } else if site.indicators.iter().any(|i| i.id == id) {
        Some(RowKind::IndicatorValue)
    } else {
        None
    };
    let hint = match (other_kind, suggest(id, known.iter().copied())) {
        (Some(other), _) => crate::msg!(
            "import.rows.other_kind",
            id,
            what = what(other),
            kind = other.named()
        ),
        (None, Some(close)) => crate::msg!("hint.did_you_mean", name = close),
        (None, None) => fallback,
    };
    sheet.at(row, sheet.index(Col::Id), message).with_hint(hint)
}

/// The error for an `id` cell that holds a date Excel made of an ID (`intended`): the ID when
/// the site has it, and how to keep Excel from doing it again.
fn excel_date(
    site: &Site,
    sheet: &Sheet,
    row: &SheetRow,
    kind: RowKind,
    id: &str,
    intended: &str,
) -> Diagnostic {
    let known = match kind {
        RowKind::Measure => site.measures.iter().any(|m| m.id == intended),
        RowKind::GoalValue => site.specific_goals.iter().any(|g| g.id == intended),
        RowKind::IndicatorValue => site.indicators.iter().any(|i| i.id == intended),
    };
    let column = sheet.name(Col::Id);
    let hint = if known {
        crate::msg!("import.rows.excel_date_known", intended, column)
    } else {
        crate::msg!(
            "import.rows.excel_date_unknown",
            intended,
            column,
            what = what(kind)
        )
    };
    let what_of = match kind {
        RowKind::Measure => crate::msg!("import.what_of.measure"),
        RowKind::GoalValue => crate::msg!("import.what_of.goal"),
        RowKind::IndicatorValue => crate::msg!("import.what_of.indicator"),
    };
    sheet
        .at(
            row,
            sheet.index(Col::Id),
            crate::msg!("import.rows.excel_date", id, what = what_of),
        )
        .with_hint(hint)
}

/// What a row of this kind reports on, in a message: "measure", "specific goal", "global
/// indicator".
fn what(kind: RowKind) -> String {
    match kind {
        RowKind::Measure => crate::msg!("import.what.measure"),
        RowKind::GoalValue => crate::msg!("import.what.goal"),
        RowKind::IndicatorValue => crate::msg!("import.what.indicator"),
    }
}

/// Records the row's `as_of` and `as_of_kind` for its goal; the rows of a goal must agree.
fn note_goal_date(sheet: &Sheet, row: &SheetRow, acc: &mut GoalAcc, errors: &mut Diagnostics) {
    acc.first_row.get_or_insert(row.row);
    acc.rows.push(row.row);
    let as_of = sheet.cell(row, Col::AsOf);
    if !as_of.is_empty() {
        match parse_date(as_of) {
            Err(message) => {
                acc.as_of_bad = true;
                errors.push(
                    sheet
                        .at(row, sheet.index(Col::AsOf), message)
                        .with_hint(date_hint()),
                );
            }
            Ok(date) => match acc.as_of {
                Some((first, first_row)) if first != date => errors.push(
                    sheet
                        .at(
                            row,
                            sheet.index(Col::AsOf),
                            crate::msg!(
                                "import.rows.as_of_differs",
                                column = sheet.name(Col::AsOf),
                                date = date.czech(),
                                first = first.czech(),
                                first_row
                            ),
                        )
                        .with_hint(crate::msg!(
                            "import.rows.as_of_differs_hint",
                            column = sheet.name(Col::AsOf)
                        )),
                ),
                Some(_) => {}
                None => acc.as_of = Some((date, row.row)),
            },
        }
    }
    let kind = sheet.cell(row, Col::AsOfKind);
    if !kind.is_empty() {
        match parse_as_of_kind(kind) {
            Err(message) => errors.push(
                sheet
                    .at(row, sheet.index(Col::AsOfKind), message)
                    .with_hint(crate::msg!("import.rows.as_of_kind_hint")),
            ),
            Ok(k) => match acc.kind {
                Some((first, first_row)) if first != k => errors.push(
                    sheet
                        .at(
                            row,
                            sheet.index(Col::AsOfKind),
                            crate::msg!(
                                "import.rows.as_of_kind_differs",
                                column = sheet.name(Col::AsOfKind),
                                first_row
                            ),
                        )
                        .with_hint(crate::msg!(
                            "import.rows.as_of_kind_differs_hint",
                            column = sheet.name(Col::AsOfKind)
                        )),
                ),
                Some(_) => {}
                None => acc.kind = Some((k, row.row)),
            },
        }
    }
}

/// Each reported specific goal with its date, its values in the order of its impact indicators
/// and its measures in plan order; the goals in plan order. Reports a goal whose rows give no
/// date.
fn goal_rows(
    site: &Site,
    sheet: &Sheet,
    goals: HashMap<SpecificGoalIx, GoalAcc>,
    errors: &mut Diagnostics,
) -> Vec<GoalRows> {
    let mut reported: Vec<(SpecificGoalIx, GoalAcc)> = goals.into_iter().collect();
    reported.sort_by_key(|(goal, _)| *goal);
    let mut out = Vec::new();
    for (goal_ix, mut acc) in reported {
        let Some(first_row) = acc.first_row else {
            continue;
        };
        let goal = &site.specific_goals[goal_ix];
        let Some((as_of, _)) = acc.as_of else {
            if !acc.as_of_bad {
                errors.push(missing_goal_date(sheet, &goal.id, first_row, &acc.rows));
            }
            continue;
        };
        acc.values.sort_by_key(|(pos, _)| *pos);
        acc.measures.sort_by_key(|m| {
            goal.measures
                .iter()
                .position(|&ix| ix == m.measure)
                .unwrap_or(usize::MAX)
        });
        if acc.values.is_empty() && acc.measures.is_empty() {
            continue;
        }
        out.push(GoalRows {
            goal: goal_ix,
            as_of,
            as_of_kind: acc.kind.map_or(AsOfKind::Available, |(k, _)| k),
            values: acc.values.into_iter().map(|(_, v)| v).collect(),
            measures: acc.measures,
        });
    }
    // Plan order: by area, strategic goal and specific goal as the site lists them.
    let order = plan_order(site);
    out.sort_by_key(|g| {
        order
            .iter()
            .position(|&ix| ix == g.goal)
            .unwrap_or(usize::MAX)
    });
    out
}

/// A specific goal none of whose `rows` gives its date, pointing at the first of them.
fn missing_goal_date(sheet: &Sheet, goal_id: &str, first_row: usize, rows: &[usize]) -> Diagnostic {
    let row = sheet
        .rows
        .iter()
        .find(|r| r.row == first_row)
        .expect("a row of the sheet");
    let listed = rows
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    sheet
        .at(
            row,
            sheet.index(Col::AsOf),
            crate::msg!(
                "import.rows.no_as_of",
                goal = goal_id,
                column = sheet.name(Col::AsOf)
            ),
        )
        .with_hint(if rows.len() == 1 {
            crate::msg!(
                "import.rows.no_as_of_hint_row",
                column = sheet.name(Col::AsOf),
                row = listed
            )
        } else {
            crate::msg!(
                "import.rows.no_as_of_hint_rows",
                column = sheet.name(Col::AsOf),
                rows = listed
            )
        })
}

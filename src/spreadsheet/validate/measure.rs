//! The checks of a `measure` row: the measure exists, is listed by the action plan the wave
//! evaluates and is reported once, its status and its period.

use super::{known_once, note_goal_date, outside_plan, text, Found, Head, Ids};
use crate::diagnostics::{suggest, Diagnostics};
use crate::model::Site;
use crate::spreadsheet::cells::parse_period;
use crate::spreadsheet::columns::Col;
use crate::spreadsheet::read::{Sheet, SheetRow};
use crate::spreadsheet::rows::MeasureRow;
use crate::values::{Status, StatusDef};

/// A `measure` row: a known measure of the wave's action plan reported once, with a status,
/// and a period when it is given.
pub(super) fn measure_row(
    site: &Site,
    ids: &Ids,
    sheet: &Sheet,
    row: &SheetRow,
    head: Head,
    found: &mut Found,
) {
    let Head {
        kind,
        id,
        mut row_ok,
    } = head;
    let at = |c: Col, message: String| sheet.at(row, sheet.index(c), message);
    let repeated = |first| {
        (
            crate::msg!("import.measures.twice", id, first),
            crate::msg!("import.measures.twice_hint"),
        )
    };
    let Some(measure) = known_once(site, sheet, row, kind, id, &ids.measures, found, repeated)
    else {
        return;
    };
    if let Some(outside) = outside_plan(site, ids, sheet, row, measure) {
        found.errors.push(outside);
        return;
    }
    let errors = &mut found.errors;
    let status = measure_status(sheet, row, id, &site.statuses, errors);
    let period = match text(sheet, row, Col::Period) {
        None => None,
        Some(p) => match parse_period(&p) {
            Ok(period) => Some(period),
            Err(message) => {
                errors.push(
                    at(Col::Period, message).with_hint(crate::msg!("import.measures.period_hint")),
                );
                row_ok = false;
                None
            }
        },
    };
    let acc = found
        .goals
        .entry(site.measures[measure].specific_goal)
        .or_default();
    note_goal_date(sheet, row, acc, &mut found.errors);
    if let (Some(status), true) = (status, row_ok) {
        acc.measures.push(MeasureRow {
            measure,
            status,
            implementer: text(sheet, row, Col::Implementer),
            activity: text(sheet, row, Col::Activity),
            service: text(sheet, row, Col::Service),
            period,
            note: text(sheet, row, Col::Note),
            funding: Vec::new(),
        });
    }
}

/// The `status` of a measure row, which it must have.
fn measure_status(
    sheet: &Sheet,
    row: &SheetRow,
    id: &str,
    defs: &[StatusDef],
    errors: &mut Diagnostics,
) -> Option<Status> {
    let at = |message: String| sheet.at(row, sheet.index(Col::Status), message);
    let accepted = crate::values::status::expected(defs).replace('`', "");
    match sheet.cell(row, Col::Status) {
        "" => {
            errors.push(
                at(crate::msg!("import.measures.no_status", id)).with_hint(crate::msg!(
                    "import.measures.no_status_hint",
                    column = sheet.name(Col::Status),
                    accepted
                )),
            );
            None
        }
        s => match Status::parse(s, defs) {
            Ok(status) => Some(status),
            Err(message) => {
                let labels = defs.iter().map(|d| d.label.as_str());
                let unknown = crate::msg!(
                    "status.unknown",
                    text = s,
                    expected = crate::values::status::expected(defs)
                );
                let hint = match suggest(s, labels).filter(|_| message == unknown) {
                    Some(close) => crate::msg!("hint.did_you_mean", name = close),
                    None => crate::msg!("import.measures.status_hint", accepted),
                };
                errors.push(at(message).with_hint(hint));
                None
            }
        },
    }
}

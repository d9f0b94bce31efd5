//! The checks of the value rows: a `goal_value` row names a specific goal of the action plan
//! the wave evaluates and one of the impact indicators that plan states for it, an
//! `indicator_value` row a global indicator; each is reported once, with a value (a number, an
//! estimate, parts, "n. a." or "-"), and optionally the region's value and a rank.

use super::{
    already_reported, date_hint, known_once, note_goal_date, text, unknown_id, Found, Head, Ids,
};
use crate::diagnostics::{suggest, Diagnostics};
use crate::model::Site;
use crate::spreadsheet::cells::{parse_date, parse_rank, parse_value, Value};
use crate::spreadsheet::columns::Col;
use crate::spreadsheet::plan;
use crate::spreadsheet::read::{Sheet, SheetRow};
use crate::spreadsheet::rows::ValueRow;
use crate::values::Cell;

fn value_hint() -> String {
    crate::msg!("import.values.value_hint")
}

/// A `goal_value` row: a known specific goal of the wave's action plan and one of the impact
/// indicators that plan states for it, reported once, with a value.
pub(super) fn goal_value_row(
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
    let Some(&goal_ix) = ids.goals.get(id) else {
        found.errors.push(unknown_id(site, sheet, row, kind, id));
        return;
    };
    if !plan::has_goal(site, goal_ix, ids.plan) {
        let message =
            plan::outside_message(site, &crate::msg!("import.what.goal_id", id), ids.plan);
        let hint = plan::outside_hint(site, &plan::plans_with_goal(site, goal_ix), ids.plan);
        found.errors.push(at(Col::Id, message).with_hint(hint));
        return;
    }
    let goal = &site.specific_goals[goal_ix];
    let indicators = goal.indicators_in(ids.plan);
    let key = sheet.cell(row, Col::Indicator);
    let keys: Vec<&str> = indicators.iter().map(|i| i.key.as_str()).collect();
    if key.is_empty() {
        found.errors.push(
            at(
                Col::Indicator,
                crate::msg!(
                    "import.values.no_indicator",
                    id,
                    column = sheet.name(Col::Indicator)
                ),
            )
            .with_hint(crate::msg!(
                "import.values.no_indicator_hint",
                keys = keys.join(", ")
            )),
        );
        return;
    }
    let Some(ind_pos) = indicators.iter().position(|i| i.key == key) else {
        let elsewhere = plan::plans_with_indicator(site, goal_ix, key);
        if !elsewhere.is_empty() {
            let what = crate::msg!("import.what.goal_indicator", key, id);
            found.errors.push(
                at(Col::Indicator, plan::outside_message(site, &what, ids.plan))
                    .with_hint(plan::outside_hint(site, &elsewhere, ids.plan)),
            );
            return;
        }
        let hint = match suggest(key, keys.iter().copied()) {
            Some(close) => crate::msg!("hint.did_you_mean", name = close),
            None if keys.is_empty() => crate::msg!("import.values.goal_without_indicators", id),
            None => crate::msg!("import.values.indicators_are", keys = keys.join(", ")),
        };
        found.errors.push(
            at(
                Col::Indicator,
                crate::msg!("import.values.no_goal_indicator", id, key),
            )
            .with_hint(hint),
        );
        return;
    };
    if let Some(first) = already_reported(found, row, (kind, format!("{id}\u{0}{key}"))) {
        found.errors.push(
            at(
                Col::Id,
                crate::msg!("import.values.goal_value_twice", key, id, first),
            )
            .with_hint(crate::msg!("import.values.value_twice_hint")),
        );
        return;
    }
    let indicator = &indicators[ind_pos];
    let value = value_of(
        sheet,
        row,
        indicator.unit.as_deref(),
        Some(&indicator.parts),
        &mut found.errors,
        &mut row_ok,
    );
    let acc = found.goals.entry(goal_ix).or_default();
    note_goal_date(sheet, row, acc, &mut found.errors);
    if let (Some(value), true) = (value, row_ok) {
        acc.values.push((
            ind_pos,
            ValueRow {
                indicator: key.to_string(),
                value: value.value,
                region: value.region,
                rank: value.rank,
                period: text(sheet, row, Col::Period),
                territory: text(sheet, row, Col::Territory),
                as_of: None,
                note: text(sheet, row, Col::Note),
            },
        ));
    }
}

/// An `indicator_value` row: a known global indicator reported once, with a value and
/// optionally its own date.
pub(super) fn indicator_value_row(
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
            crate::msg!("import.values.indicator_value_twice", id, first),
            crate::msg!("import.values.value_twice_hint"),
        )
    };
    let Some(ix) = known_once(site, sheet, row, kind, id, &ids.indicators, found, repeated) else {
        return;
    };
    let errors = &mut found.errors;
    let unit = site.indicators[ix].unit.as_deref();
    let value = value_of(sheet, row, unit, None, errors, &mut row_ok);
    let as_of = match text(sheet, row, Col::AsOf) {
        None => None,
        Some(t) => match parse_date(&t) {
            Ok(d) => Some(d),
            Err(message) => {
                errors.push(at(Col::AsOf, message).with_hint(date_hint()));
                row_ok = false;
                None
            }
        },
    };
    if let (Some(value), true) = (value, row_ok) {
        found.indicators.push((
            ix,
            ValueRow {
                indicator: id.to_string(),
                value: value.value,
                region: value.region,
                rank: value.rank,
                period: text(sheet, row, Col::Period),
                territory: text(sheet, row, Col::Territory),
                as_of,
                note: text(sheet, row, Col::Note),
            },
        ));
    }
}

struct ParsedValue {
    value: Value,
    region: Option<Cell>,
    rank: Option<(u32, Option<String>)>,
}

/// The value columns of a goal-value or indicator-value row.
fn value_of(
    sheet: &Sheet,
    row: &SheetRow,
    unit: Option<&str>,
    part_labels: Option<&[String]>,
    errors: &mut Diagnostics,
    row_ok: &mut bool,
) -> Option<ParsedValue> {
    let at = |c: Col, message: String| sheet.at(row, sheet.index(c), message);
    let text = sheet.cell(row, Col::Value);
    let value = if text.is_empty() {
        errors.push(
            at(Col::Value, crate::msg!("import.values.missing")).with_hint(crate::msg!(
                "import.values.missing_hint",
                value_hint = value_hint()
            )),
        );
        None
    } else {
        match parse_value(text, unit) {
            Ok(value) => Some(value),
            Err(message) => {
                let hint = if text.contains("vs.") {
                    crate::msg!(
                        "import.values.versus_hint",
                        column = sheet.name(Col::Region)
                    )
                } else {
                    value_hint()
                };
                errors.push(at(Col::Value, message).with_hint(hint));
                None
            }
        }
    };
    if let (Some(Value::Parts(parts)), Some(labels)) = (&value, part_labels) {
        if parts.len() != labels.len() {
            *row_ok = false;
            let message = if labels.is_empty() {
                crate::msg_n!("import.values.parts_single", parts.len(), text)
            } else {
                crate::msg_n!(
                    "import.values.parts_count",
                    parts.len(),
                    text,
                    labels = labels.len(),
                    names = labels.join(" / ")
                )
            };
            errors.push(at(Col::Value, message).with_hint(crate::msg!("import.values.parts_hint")));
        }
    }
    let region = match sheet.cell(row, Col::Region) {
        "" => None,
        t => match parse_value(t, unit) {
            Ok(Value::Single {
                cell,
                approx: false,
            }) => Some(cell),
            _ => {
                *row_ok = false;
                errors.push(
                    at(Col::Region, crate::msg!("import.cell.not_number", text = t))
                        .with_hint(crate::msg!("import.values.region_hint")),
                );
                None
            }
        },
    };
    let rank = match sheet.cell(row, Col::Rank) {
        "" => None,
        t => match parse_rank(t) {
            Ok(rank) => Some(rank),
            Err(message) => {
                *row_ok = false;
                errors
                    .push(at(Col::Rank, message).with_hint(crate::msg!("import.values.rank_hint")));
                None
            }
        },
    };
    Some(ParsedValue {
        value: value?,
        region,
        rank,
    })
}

//! The checks of the value rows: a `goal_value` row names a specific goal of the action plan
//! the wave evaluates and one of the impact indicators that plan states for it, an
//! `indicator_value` row a global indicator; each is reported once, with a value (a number, an
//! estimate, parts, "n. a." or "-"), and optionally the region's value and a rank.

use super::{
    already_reported, known_once, note_goal_date, text, unknown_id, Found, Head, Ids, DATE_HINT,
};
use crate::diagnostics::{suggest, Diagnostics};
use crate::model::Site;
use crate::spreadsheet::cells::{parse_date, parse_rank, parse_value, Value};
use crate::spreadsheet::columns::Col;
use crate::spreadsheet::plan;
use crate::spreadsheet::read::{Sheet, SheetRow};
use crate::spreadsheet::rows::ValueRow;
use crate::values::Cell;

const VALUE_HINT: &str = "write the value in digits with a decimal comma, e.g. `12`, `3 100` or `6,88`; `n. a.` when it is not available, `-` when it is not reported, `cca 3 100` for an estimate, `12/12/4/22` for a value in parts";

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
        let message = plan::outside_message(site, &format!("specific goal {id}"), ids.plan);
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
                format!("the value for specific goal {id} names no indicator"),
            )
            .with_hint(format!(
                "write the key of one of its impact indicators: {}",
                keys.join(", ")
            )),
        );
        return;
    }
    let Some(ind_pos) = indicators.iter().position(|i| i.key == key) else {
        let elsewhere = plan::plans_with_indicator(site, goal_ix, key);
        if !elsewhere.is_empty() {
            let what = format!("impact indicator `{key}` of specific goal {id}");
            found.errors.push(
                at(Col::Indicator, plan::outside_message(site, &what, ids.plan))
                    .with_hint(plan::outside_hint(site, &elsewhere, ids.plan)),
            );
            return;
        }
        let hint = match suggest(key, keys.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if keys.is_empty() => format!(
                "specific goal {id} has no impact indicators; declare them in its area file first"
            ),
            None => format!("its impact indicators are: {}", keys.join(", ")),
        };
        found.errors.push(
            at(
                Col::Indicator,
                format!("specific goal {id} has no impact indicator `{key}`"),
            )
            .with_hint(hint),
        );
        return;
    };
    if let Some(first) = already_reported(found, row, (kind, format!("{id}\u{0}{key}"))) {
        found.errors.push(
            at(
                Col::Id,
                format!(
                    "indicator `{key}` of specific goal {id} is already reported in row {first}"
                ),
            )
            .with_hint("an indicator has one value per wave; keep one of the two rows"),
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
            format!("global indicator `{id}` is already reported in row {first}"),
            "an indicator has one value per wave; keep one of the two rows",
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
                errors.push(at(Col::AsOf, message).with_hint(DATE_HINT));
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
            at(Col::Value, "the value is missing".into()).with_hint(format!(
                "{VALUE_HINT}; or empty the whole row if the wave does not report the indicator"
            )),
        );
        None
    } else {
        match parse_value(text, unit) {
            Ok(value) => Some(value),
            Err(message) => {
                let hint = if text.contains("vs.") {
                    "write only this value here, and the region's value in column `region`"
                        .to_string()
                } else {
                    VALUE_HINT.to_string()
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
                format!(
                    "`{text}` has {} parts, but the indicator takes a single value",
                    parts.len()
                )
            } else {
                format!(
                    "`{text}` has {} parts, but the indicator has {} ({})",
                    parts.len(),
                    labels.len(),
                    labels.join(" / ")
                )
            };
            errors.push(
                at(Col::Value, message).with_hint("write one number per part, separated by `/`"),
            );
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
                    at(Col::Region, format!("`{t}` is not a number"))
                        .with_hint("write the region's value (e.g. MSK's) as a number with a decimal comma, e.g. 2,28"),
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
                errors.push(at(Col::Rank, message).with_hint("write the position as a number, optionally with where it holds, e.g. `2` or `2. v ČR`"));
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

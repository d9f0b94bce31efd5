//! Checking a wave spreadsheet's rows against the resolved site: every row's type, ID, cells
//! and the columns its type does not use, a second row for the same measure or value, and each
//! reported goal's date. Every problem becomes one diagnostic pointing at its cell, so one run
//! reports them all; what passes becomes [`WaveRows`].

use std::collections::HashMap;

use super::cells::{
    parse_as_of_kind, parse_date, parse_money, parse_period, parse_rank, parse_value, Value,
};
use super::columns::{Col, Column, RowKind, COLUMNS};
use super::plan_order;
use super::read::{Sheet, SheetRow};
use super::rows::{GoalRows, MeasureRow, ProjectRow, ValueRow, WaveRows};
use crate::content::schema::AsOfKind;
use crate::diagnostics::{suggest, Diagnostic, Diagnostics};
use crate::model::Site;
use crate::values::{Cell, Date, Status};

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

const VALUE_HINT: &str = "write the value in digits with a decimal comma, e.g. `12`, `3 100` or `6,88`; `n. a.` when it is not available, `-` when it is not reported, `cca 3 100` for an estimate, `12/12/4/22` for a value in parts";
const DATE_HINT: &str = "write the date as 30. 4. 2024 or 2024-04-30";

/// Checks every row against the site; returns what the rows report, or every problem found.
pub fn validate(site: &Site, sheet: &Sheet) -> Result<WaveRows, Diagnostics> {
    let mut errors = Diagnostics::default();
    let measure_ids: HashMap<&str, usize> = site
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let goal_ids: HashMap<&str, usize> = site
        .specific_goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let indicator_ids: HashMap<&str, usize> = site
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.id.as_str(), i))
        .collect();
    let mut goals: HashMap<usize, GoalAcc> = HashMap::new();
    let mut indicators: Vec<(usize, ValueRow)> = Vec::new();
    let mut seen: HashMap<(RowKind, String), usize> = HashMap::new();
    let mut skipped = 0;
    let width = sheet.header.len();

    for row in &sheet.rows {
        let col = |c: Col| sheet.cell(row, c);
        let at = |c: Col, message: String| sheet.at(row, sheet.index(c), message);
        let filled: Vec<&Column> = COLUMNS
            .iter()
            .filter(|c| c.fill && !col(c.col).is_empty())
            .collect();
        let all_empty = row.cells.iter().all(|c| c.trim().is_empty());
        if row.cells.len() != width && !all_empty {
            errors.push(
                sheet
                    .at(row, None, format!("the row has {} cells, but the header row has {width}", row.cells.len()))
                    .with_hint(format!(
                        "every row needs as many cells as the header row (separated by `{}`); a value that contains the separator must be in double quotes",
                        char::from(sheet.delimiter)
                    )),
            );
            continue;
        }
        if filled.is_empty() {
            // Not reported in this wave (or a blank line).
            skipped += 1;
            continue;
        }
        let type_text = col(Col::Type);
        let kind_names = RowKind::ALL
            .iter()
            .map(|k| format!("`{}`", k.key()))
            .collect::<Vec<_>>()
            .join(", ");
        if type_text.is_empty() {
            errors.push(
                at(Col::Type, "the row is filled in but has no type".into()).with_hint(
                    format!("write the row's type ({kind_names}) and its `id`, or copy the row from the template"),
                ),
            );
            continue;
        }
        let Some(kind) = RowKind::parse(type_text) else {
            let known: Vec<&str> = RowKind::ALL
                .iter()
                .flat_map(|k| [k.key(), k.czech()])
                .collect();
            let hint = match suggest(type_text, known.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the types are {kind_names} (or in Czech: `opatření`, `indikátor dopadu`, `globální indikátor`)"),
            };
            errors.push(at(Col::Type, format!("unknown row type `{type_text}`")).with_hint(hint));
            continue;
        };
        let id = col(Col::Id);
        if id.is_empty() {
            errors.push(
                at(Col::Id, format!("the {} row has no `id`", kind.key())).with_hint(match kind {
                    RowKind::Measure => "write the measure's ID, e.g. 1.1.1.1",
                    RowKind::GoalValue => "write the specific goal's ID, e.g. 1.1.1, and the indicator's key in `indicator`",
                    RowKind::IndicatorValue => "write the global indicator's id as in content/indicators.toml",
                }),
            );
            continue;
        }
        let mut row_ok = true;
        for c in COLUMNS.iter().filter(|c| !kind.takes(c.col)) {
            if !col(c.col).is_empty() {
                row_ok = false;
                errors.push(
                    at(
                        c.col,
                        format!("column `{}` is not used in {} rows", c.key, kind.key()),
                    )
                    .with_hint(format!(
                        "{} rows take {}; empty this cell, or check that the row's type is right",
                        kind.key(),
                        kind.columns_taken()
                    )),
                );
            }
        }
        let text = |c: Col| -> Option<String> {
            let t = col(c);
            (!t.is_empty()).then(|| t.to_string())
        };
        let dup_key = match kind {
            RowKind::GoalValue => (kind, format!("{id}\u{0}{}", col(Col::Indicator))),
            _ => (kind, id.to_string()),
        };
        let first_seen = seen.get(&dup_key).copied();

        match kind {
            RowKind::Measure => {
                let Some(&measure) = measure_ids.get(id) else {
                    errors.push(unknown_id(site, sheet, row, kind, id));
                    continue;
                };
                if let Some(first) = first_seen {
                    errors.push(
                        at(
                            Col::Id,
                            format!("measure {id} is already reported in row {first}"),
                        )
                        .with_hint("a measure has one row per wave; keep one of the two rows"),
                    );
                    continue;
                }
                seen.insert(dup_key.clone(), row.row);
                let status = match col(Col::Status) {
                    "" => {
                        errors.push(
                            at(Col::Status, format!("measure {id} has no status"))
                                .with_hint("fill in `status` (Nerealizováno, V realizaci, V realizaci (2/6) or Dokončeno), or empty the whole row if the wave does not report the measure"),
                        );
                        None
                    }
                    s => match Status::parse(s) {
                        Ok(status) => Some(status),
                        Err(message) => {
                            let labels = ["Nerealizováno", "V realizaci", "Dokončeno"];
                            let hint = match suggest(s, labels) {
                                Some(close) => format!("did you mean `{close}`?"),
                                None => "write one of Nerealizováno, V realizaci, V realizaci (2/6) (reports used/total) or Dokončeno".into(),
                            };
                            errors.push(at(Col::Status, message).with_hint(hint));
                            None
                        }
                    },
                };
                let period = match text(Col::Period) {
                    None => None,
                    Some(p) => match parse_period(&p) {
                        Ok(period) => Some(period),
                        Err(message) => {
                            errors.push(at(Col::Period, message).with_hint(
                                "write the period as 1. 11. 2022–31. 10. 2025, as a year (2023), or průběžně",
                            ));
                            row_ok = false;
                            None
                        }
                    },
                };
                let project = project_of(sheet, row, &mut errors, &mut row_ok);
                note_goal_date(
                    sheet,
                    row,
                    goals
                        .entry(site.measures[measure].specific_goal)
                        .or_default(),
                    &mut errors,
                );
                if let (Some(status), true) = (status, row_ok) {
                    goals
                        .entry(site.measures[measure].specific_goal)
                        .or_default()
                        .measures
                        .push(MeasureRow {
                            measure,
                            status,
                            implementer: text(Col::Implementer),
                            activity: text(Col::Activity),
                            service: text(Col::Service),
                            period,
                            project,
                            note: text(Col::Note),
                        });
                }
            }
            RowKind::GoalValue => {
                let Some(&goal_ix) = goal_ids.get(id) else {
                    errors.push(unknown_id(site, sheet, row, kind, id));
                    continue;
                };
                let goal = &site.specific_goals[goal_ix];
                let key = col(Col::Indicator);
                let keys: Vec<&str> = goal
                    .impact_indicators
                    .iter()
                    .map(|i| i.key.as_str())
                    .collect();
                if key.is_empty() {
                    errors.push(
                        at(
                            Col::Indicator,
                            format!("the value for specific goal {id} names no indicator"),
                        )
                        .with_hint(format!(
                            "write the key of one of its impact indicators: {}",
                            keys.join(", ")
                        )),
                    );
                    continue;
                }
                let Some(ind_pos) = goal.impact_indicators.iter().position(|i| i.key == key) else {
                    let hint = match suggest(key, keys.iter().copied()) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None if keys.is_empty() => format!("specific goal {id} has no impact indicators; declare them in its area file first"),
                        None => format!("its impact indicators are: {}", keys.join(", ")),
                    };
                    errors.push(
                        at(
                            Col::Indicator,
                            format!("specific goal {id} has no impact indicator `{key}`"),
                        )
                        .with_hint(hint),
                    );
                    continue;
                };
                if let Some(first) = first_seen {
                    errors.push(
                        at(Col::Id, format!("indicator `{key}` of specific goal {id} is already reported in row {first}"))
                            .with_hint("an indicator has one value per wave; keep one of the two rows"),
                    );
                    continue;
                }
                seen.insert(dup_key.clone(), row.row);
                let indicator = &goal.impact_indicators[ind_pos];
                let value = value_of(
                    sheet,
                    row,
                    indicator.unit.as_deref(),
                    Some(&indicator.parts),
                    &mut errors,
                    &mut row_ok,
                );
                let acc = goals.entry(goal_ix).or_default();
                note_goal_date(sheet, row, acc, &mut errors);
                if let (Some(value), true) = (value, row_ok) {
                    acc.values.push((
                        ind_pos,
                        ValueRow {
                            indicator: key.to_string(),
                            value: value.value,
                            region: value.region,
                            rank: value.rank,
                            period: text(Col::Period),
                            territory: text(Col::Territory),
                            as_of: None,
                            note: text(Col::Note),
                        },
                    ));
                }
            }
            RowKind::IndicatorValue => {
                let Some(&ix) = indicator_ids.get(id) else {
                    errors.push(unknown_id(site, sheet, row, kind, id));
                    continue;
                };
                if let Some(first) = first_seen {
                    errors.push(
                        at(
                            Col::Id,
                            format!("global indicator `{id}` is already reported in row {first}"),
                        )
                        .with_hint("an indicator has one value per wave; keep one of the two rows"),
                    );
                    continue;
                }
                seen.insert(dup_key.clone(), row.row);
                let unit = site.indicators[ix].unit.as_deref();
                let value = value_of(sheet, row, unit, None, &mut errors, &mut row_ok);
                let as_of = match text(Col::AsOf) {
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
                    indicators.push((
                        ix,
                        ValueRow {
                            indicator: id.to_string(),
                            value: value.value,
                            region: value.region,
                            rank: value.rank,
                            period: text(Col::Period),
                            territory: text(Col::Territory),
                            as_of,
                            note: text(Col::Note),
                        },
                    ));
                }
            }
        }
    }

    // Each reported goal needs its date.
    let mut reported: Vec<(usize, GoalAcc)> = goals.into_iter().collect();
    reported.sort_by_key(|(goal, _)| *goal);
    let mut out = WaveRows {
        skipped,
        ..WaveRows::default()
    };
    for (goal_ix, mut acc) in reported {
        let Some(first_row) = acc.first_row else {
            continue;
        };
        let goal = &site.specific_goals[goal_ix];
        let Some((as_of, _)) = acc.as_of else {
            if !acc.as_of_bad {
                let row = sheet
                    .rows
                    .iter()
                    .find(|r| r.row == first_row)
                    .expect("a row of the sheet");
                let rows = acc
                    .rows
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                errors.push(
                    sheet
                        .at(row, sheet.index(Col::AsOf), format!("specific goal {} has no `as_of` date", goal.id))
                        .with_hint(format!(
                            "fill in `as_of`, the date the goal's values are valid for (e.g. 30. 4. 2024), on at least one of its rows ({} {rows})",
                            if acc.rows.len() == 1 { "row" } else { "rows" }
                        )),
                );
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
        out.goals.push(GoalRows {
            goal: goal_ix,
            as_of,
            as_of_kind: acc.kind.map_or(AsOfKind::Available, |(k, _)| k),
            values: acc.values.into_iter().map(|(_, v)| v).collect(),
            measures: acc.measures,
        });
    }
    // Plan order: by area, strategic goal and specific goal as the site lists them.
    let order = plan_order(site);
    out.goals.sort_by_key(|g| {
        order
            .iter()
            .position(|&ix| ix == g.goal)
            .unwrap_or(usize::MAX)
    });
    indicators.sort_by_key(|(ix, _)| *ix);
    out.indicators = indicators.into_iter().map(|(_, v)| v).collect();
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(out)
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
                errors.push(sheet.at(row, sheet.index(Col::AsOf), message).with_hint(DATE_HINT));
            }
            Ok(date) => match acc.as_of {
                Some((first, first_row)) if first != date => errors.push(
                    sheet
                        .at(
                            row,
                            sheet.index(Col::AsOf),
                            format!("`as_of` {} differs from {} in row {first_row} of the same specific goal", date.czech(), first.czech()),
                        )
                        .with_hint("a specific goal's values share one date; make the rows agree, or leave `as_of` empty on all rows but one"),
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
                    .with_hint("write `Data dostupná k` (or `available`) or `Stav k` (or `state`); empty means Data dostupná k"),
            ),
            Ok(k) => match acc.kind {
                Some((first, first_row)) if first != k => errors.push(
                    sheet
                        .at(row, sheet.index(Col::AsOfKind), format!("`as_of_kind` differs from row {first_row} of the same specific goal"))
                        .with_hint("a specific goal's date is shown one way; make the rows agree, or leave `as_of_kind` empty on all rows but one"),
                ),
                Some(_) => {}
                None => acc.kind = Some((k, row.row)),
            },
        }
    }
}

/// The project columns of a measure row: all empty, or a whole project.
fn project_of(
    sheet: &Sheet,
    row: &SheetRow,
    errors: &mut Diagnostics,
    row_ok: &mut bool,
) -> Option<ProjectRow> {
    let cols = [
        Col::ProjectImplementer,
        Col::Registration,
        Col::Budget,
        Col::Call,
        Col::Programme,
    ];
    if cols.iter().all(|&c| sheet.cell(row, c).is_empty()) {
        return None;
    }
    let mut missing = false;
    for c in [Col::Registration, Col::Budget, Col::Call, Col::Programme] {
        if sheet.cell(row, c).is_empty() {
            missing = true;
            *row_ok = false;
            let at = sheet.index(c).or(sheet.index(Col::Registration));
            errors.push(
                sheet
                    .at(row, at, format!("the project has no `{}`", c.key()))
                    .with_hint("a funded project needs `registration`, `budget`, `call` and `programme`; leave all project columns empty when the measure has no project"),
            );
        }
    }
    let budget =
        match parse_money(sheet.cell(row, Col::Budget)) {
            Ok(b) => Some(b),
            Err(_) if sheet.cell(row, Col::Budget).is_empty() => None,
            Err(message) => {
                *row_ok = false;
                errors.push(sheet.at(row, sheet.index(Col::Budget), message).with_hint(
                    "write the budget in crowns with a decimal comma, e.g. 14 964 994,80",
                ));
                None
            }
        };
    if missing {
        return None;
    }
    let text = |c: Col| sheet.cell(row, c).to_string();
    Some(ProjectRow {
        implementer: Some(text(Col::ProjectImplementer)).filter(|t| !t.is_empty()),
        registration: text(Col::Registration),
        budget: budget?,
        call: text(Col::Call),
        programme: text(Col::Programme),
    })
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

/// An ID the site does not know, with the closest one or what the column takes.
fn unknown_id(site: &Site, sheet: &Sheet, row: &SheetRow, kind: RowKind, id: &str) -> Diagnostic {
    let (message, known, fallback): (String, Vec<&str>, &str) = match kind {
        RowKind::Measure => (
            format!("measure {id} does not exist in the plan"),
            site.measures.iter().map(|m| m.id.as_str()).collect(),
            "measure IDs have four numbers, like 1.1.1.1; the measures are in content/areas/*.toml and in the exported template",
        ),
        RowKind::GoalValue => (
            format!("specific goal {id} does not exist in the plan"),
            site.specific_goals.iter().map(|g| g.id.as_str()).collect(),
            "goal_value rows give the specific goal's ID (three numbers, like 1.1.1) and the indicator's key in `indicator`",
        ),
        RowKind::IndicatorValue => (
            format!("global indicator `{id}` does not exist"),
            site.indicators.iter().map(|i| i.id.as_str()).collect(),
            "the global indicators are in content/indicators.toml and in the exported template",
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
        (Some(other), _) => format!(
            "`{id}` is a {}; such rows have type `{}`",
            match other {
                RowKind::Measure => "measure",
                RowKind::GoalValue => "specific goal",
                RowKind::IndicatorValue => "global indicator",
            },
            other.key()
        ),
        (None, Some(close)) => format!("did you mean `{close}`?"),
        (None, None) => fallback.to_string(),
    };
    sheet.at(row, sheet.index(Col::Id), message).with_hint(hint)
}

//! The dataset of a funding table the plan declares: one row per row of an item in an action
//! plan's table, with the item, its area and the action plan first (and the wave that gives
//! the row, for a table whose rows the waves give) and then the declared columns under their
//! own keys (money as numbers, lists as lists). Its title is the table's as printed; the
//! columns' meanings are their printed headings.

use std::borrow::Cow;

use super::{col, Column, ColumnType, Dataset, Value};
use crate::i18n::Translations;
use crate::model::funding_tables::{FundingCell, FundingColumnKind, RowsFrom, TableRow};
use crate::model::Site;

/// The columns every declared table's dataset starts with.
const LEADING: [Column; 3] = [
    col("measure_id", ColumnType::String),
    col("area_id", ColumnType::String),
    col("action_plan_id", ColumnType::String),
];

/// The dataset of declared table `t` (its index in `site.funding_tables`). An amount another
/// item's row gives (`same_as`) is empty in its column, with that item's ID in a column
/// `<key>_same_as` beside it; a table with rows outside the sums has a `counted` column last.
/// Both only when some row needs them.
pub(super) fn dataset(site: &Site, tr: &Translations, t: usize) -> Dataset {
    let table = &site.funding_tables[t];
    let unit = crate::values::locale::with(|l| l.currency_unit().to_string());
    let rows: Vec<(&str, &TableRow)> = site
        .funding
        .iter()
        .flat_map(|f| {
            let plan = site.plan.action_plans[f.action_plan.get()].id.as_str();
            f.tables
                .iter()
                .filter(move |r| r.table == t)
                .flat_map(|r| &r.rows)
                .map(move |r| (plan, r))
        })
        .collect();
    let same_as: Vec<bool> = (0..table.columns.len())
        .map(|c| {
            rows.iter()
                .any(|(_, r)| matches!(r.cells.get(c), Some(FundingCell::SameAs(_))))
        })
        .collect();
    let uncounted = rows.iter().any(|(_, r)| !r.counted);
    let mut columns: Vec<Column> = LEADING.to_vec();
    columns[2].meaning = Some(tr.text("data.declared.action_plan_id").to_string());
    let from_waves = table.rows_from == RowsFrom::Wave;
    if from_waves {
        columns.push(col("wave_id", ColumnType::String));
    }
    for (c, linked) in table.columns.iter().zip(&same_as) {
        columns.push(Column {
            key: Cow::Owned(c.key.clone()),
            kind: match c.kind {
                FundingColumnKind::Text => ColumnType::String,
                FundingColumnKind::Money => ColumnType::Number,
                FundingColumnKind::List => ColumnType::Array,
            },
            meaning: Some(match c.kind {
                FundingColumnKind::Money => tr.format(
                    "data.declared.money",
                    &[("name", &c.name), ("currency", &unit)],
                ),
                _ => tr.format("data.declared.column", &[("name", &c.name)]),
            }),
        });
        if *linked {
            columns.push(Column {
                key: Cow::Owned(format!("{}_same_as", c.key)),
                kind: ColumnType::String,
                meaning: Some(tr.format("data.declared.same_as", &[("name", &c.name)])),
            });
        }
    }
    if uncounted {
        columns.push(Column {
            key: Cow::Borrowed("counted"),
            kind: ColumnType::Boolean,
            meaning: Some(tr.text("data.declared.counted").to_string()),
        });
    }
    let rows = rows
        .into_iter()
        .map(|(plan, r)| {
            let m = &site.measures[r.measure];
            let mut row = vec![
                Value::text(&m.id),
                Value::text(&site.areas[m.area].id),
                Value::text(plan),
            ];
            if from_waves {
                row.extend(r.wave.map(|w| Value::text(&site.waves[w].id)));
            }
            for (cell, linked) in r.cells.iter().zip(&same_as) {
                row.push(match cell {
                    FundingCell::Empty | FundingCell::SameAs(_) => Value::Empty,
                    FundingCell::Text(text) => Value::text(text),
                    FundingCell::Money(money) | FundingCell::Approx(money) => {
                        Value::Number(money.0)
                    }
                    FundingCell::List(items) => Value::List(items.clone()),
                });
                if *linked {
                    row.push(match cell {
                        FundingCell::SameAs(other) => Value::text(&other.id),
                        _ => Value::Empty,
                    });
                }
            }
            if uncounted {
                row.push(Value::Bool(r.counted));
            }
            row
        })
        .collect();
    let items = crate::pages::views::level_name(site, tr, site.levels.len() - 1, 2);
    Dataset {
        name: Cow::Owned(table.key.clone()),
        file: table.key.clone(),
        columns: Cow::Owned(columns),
        texts: Some((
            table.title.clone(),
            tr.format(
                match table.rows_from {
                    RowsFrom::Plan => "data.declared.description",
                    RowsFrom::Wave => "data.declared.description_waves",
                },
                &[("table", &table.title), ("items", &items)],
            ),
        )),
        rows,
        currency: site.config.currency,
    }
}

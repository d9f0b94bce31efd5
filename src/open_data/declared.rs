//! The dataset of a funding table the plan declares: one row per row of an item in an action
//! plan's table, with the item, its area and the action plan first (and the wave that gives
//! the row, for a table whose rows the waves give) and then the declared columns under their own keys (money as numbers, lists as lists). Its title is the table's
//! as printed; the columns' meanings are their printed headings.

use std::borrow::Cow;

use super::{col, Column, ColumnType, Dataset, Value};
use crate::i18n::Translations;
use crate::model::funding_tables::{FundingCell, FundingColumnKind, RowsFrom};
use crate::model::Site;

/// The columns every declared table's dataset starts with.
const LEADING: [Column; 3] = [
    col("measure_id", ColumnType::String),
    col("area_id", ColumnType::String),
    col("action_plan_id", ColumnType::String),
];

/// The dataset of declared table `t` (its index in `site.funding_tables`).
pub(super) fn dataset(site: &Site, tr: &Translations, t: usize) -> Dataset {
    let table = &site.funding_tables[t];
    let unit = crate::values::locale::with(|l| l.currency_unit().to_string());
    let mut columns: Vec<Column> = LEADING.to_vec();
    let from_waves = table.rows_from == RowsFrom::Wave;
    if from_waves {
        columns.push(col("wave_id", ColumnType::String));
    }
    columns.extend(table.columns.iter().map(|c| Column {
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
    }));
    let rows = site
        .funding
        .iter()
        .flat_map(|f| {
            let plan = &site.plan.action_plans[f.action_plan.get()].id;
            f.tables
                .iter()
                .filter(move |r| r.table == t)
                .flat_map(|r| &r.rows)
                .map(move |r| {
                    let m = &site.measures[r.measure];
                    let mut row = vec![
                        Value::text(&m.id),
                        Value::text(&site.areas[m.area].id),
                        Value::text(plan),
                    ];
                    if from_waves {
                        row.extend(r.wave.map(|w| Value::text(&site.waves[w].id)));
                    }
                    row.extend(r.cells.iter().map(|cell| match cell {
                        FundingCell::Empty => Value::Empty,
                        FundingCell::Text(text) => Value::text(text),
                        FundingCell::Money(money) => Value::Number(money.0),
                        FundingCell::List(items) => Value::List(items.clone()),
                    }));
                    row
                })
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
                "data.declared.description",
                &[("table", &table.title), ("items", &items)],
            ),
        )),
        rows,
        currency: site.config.currency,
    }
}

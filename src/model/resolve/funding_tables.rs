//! The funding tables `plan.toml` declares (`[[funding_table]]`), checked; each item's rows in
//! them (`[[<item>.funding.<key>]]`) read by the columns' kinds; and the totals the plan
//! states under them checked against the rows (see `model::funding_tables`).

use crate::config::DatasetNames;
use std::collections::BTreeMap;

use crate::content::schema::{
    FundingColumnKind, FundingToml, PlanFile, RowsFrom, StatedTotal, TableRole,
};
use crate::content::Loaded;
use crate::diagnostics::SourceFile;
use crate::model::funding_tables::{
    amount, FundingCell, FundingColumn, FundingRow, FundingTable, ItemRows,
};
use crate::model::{ActionPlan, Measure, Money, StatedTotalView};
use crate::slug::{is_valid_slug, slugify};

pub(super) use super::funding_cells::Items;
use super::funding_cells::{cell, counted, ROW_COUNTED};
use super::resolver::{did_you_mean, Resolver, Seen};

/// The names of the funding sources `plan.toml` declares (`[[funding_source]]`): each name's and
/// each other name's grouping key, to the name the source is counted under. A name given twice
/// is an error at its second place.
pub(super) fn source_names(
    r: &mut Resolver,
    plan: Option<&Loaded<PlanFile>>,
) -> BTreeMap<String, String> {
    use crate::model::funding::source_key;
    let mut names = BTreeMap::new();
    let Some(Loaded { source, data }) = plan else {
        return names;
    };
    for s in &data.funding_source {
        let name = source_key(s.name.get_ref());
        for written in std::iter::once(&s.name).chain(&s.also) {
            let key = source_key(written.get_ref());
            match names.get(&key) {
                Some(taken) => r.push(
                    source
                        .error_at(
                            written.span(),
                            crate::msg!(
                                "resolve.funding.source_twice",
                                name = written.get_ref(),
                                taken
                            ),
                        )
                        .with_hint(crate::msg!("resolve.funding.source_twice_hint")),
                ),
                None => {
                    names.insert(key, name.clone());
                }
            }
        }
    }
    names
}

/// The plan's declared funding tables; problems are reported and the table or column left out.
pub(super) fn declared(
    r: &mut Resolver,
    plan: Option<&Loaded<PlanFile>>,
    datasets: &DatasetNames,
    source_names: &BTreeMap<String, String>,
) -> Vec<FundingTable> {
    let Some(Loaded { source, data }) = plan else {
        return Vec::new();
    };
    let mut keys = Seen::new();
    let mut tables = Vec::new();
    let mut roles: BTreeMap<TableRole, &str> = BTreeMap::new();
    for t in &data.funding_table {
        let key = t.key.get_ref();
        if !is_valid_slug(key) {
            r.push(
                source
                    .error_at(t.key.span(), crate::msg!("resolve.funding.bad_key", key))
                    .with_hint(crate::msg!(
                        "resolve.funding.bad_key_hint",
                        example = slugify(key)
                    )),
            );
            continue;
        }
        let builtin = crate::open_data::DATASET_NAMES
            .iter()
            .find(|d| *d == key || datasets.file(d) == key);
        if let Some(dataset) = builtin {
            r.push(
                source
                    .error_at(
                        t.key.span(),
                        crate::msg!("resolve.funding.dataset_clash", key, dataset),
                    )
                    .with_hint(crate::msg!("resolve.funding.dataset_clash_hint")),
            );
            continue;
        }
        if !super::resolver::require_unique(
            r,
            &mut keys,
            source,
            &t.key,
            &crate::msg!("resolve.what.funding_table_key"),
        ) {
            continue;
        }
        let columns = columns(r, source, t);
        if columns.is_empty() {
            continue;
        }
        let group_by = t
            .group_by
            .as_ref()
            .and_then(|g| text_column(r, source, &columns, g, key, "group_by"));
        let group_names = match group_by.map(|g| columns[g].kind) {
            Some(FundingColumnKind::List) => source_names.clone(),
            _ => BTreeMap::new(),
        };
        let role = t.role.as_ref().and_then(|role| {
            let at = role.span();
            let role = *role.get_ref();
            if let Some(taken) = roles.get(&role) {
                r.push(
                    source
                        .error_at(
                            at,
                            crate::msg!("resolve.funding.role_twice", role = role.key(), taken),
                        )
                        .with_hint(crate::msg!("resolve.funding.role_twice_hint")),
                );
                return None;
            }
            if !columns.iter().any(|c| c.kind == FundingColumnKind::Money) {
                r.push(
                    source
                        .error_at(
                            at,
                            crate::msg!("resolve.funding.role_no_money", role = role.key(), key),
                        )
                        .with_hint(crate::msg!("resolve.funding.role_no_money_hint")),
                );
                return None;
            }
            roles.insert(role, key);
            Some(role)
        });
        let unique_by = t.unique_by.as_ref().and_then(|u| {
            if t.rows_from == RowsFrom::Plan {
                r.push(
                    source
                        .error_at(u.span(), crate::msg!("resolve.funding.unique_by_plan"))
                        .with_hint(crate::msg!("resolve.funding.unique_by_plan_hint")),
                );
                return None;
            }
            text_column(r, source, &columns, u, key, "unique_by")
        });
        tables.push(FundingTable {
            key: key.clone(),
            title: t.title.clone(),
            description: t.description.clone(),
            columns,
            group_by,
            group_names,
            role,
            rows_from: t.rows_from,
            unique_by,
            stated_totals: Vec::new(),
        });
    }
    tables
}

/// The index of text column `wanted` (the value of `setting`, `group_by` or `unique_by`, of
/// table `key`; `group_by` may also name a list column); an error naming the columns there
/// are when it is none.
fn text_column(
    r: &mut Resolver,
    source: &SourceFile,
    columns: &[FundingColumn],
    wanted: &toml::Spanned<String>,
    key: &str,
    setting: &str,
) -> Option<usize> {
    // A list column groups too: a row counts under each of its values.
    let fits = |kind: FundingColumnKind| {
        kind == FundingColumnKind::Text
            || (setting == "group_by" && kind == FundingColumnKind::List)
    };
    let at = columns.iter().position(|c| c.key == *wanted.get_ref());
    if let Some(i) = at.filter(|&i| fits(columns[i].kind)) {
        return Some(i);
    }
    let texts = columns
        .iter()
        .filter(|c| fits(c.kind))
        .map(|c| format!("`{}`", c.key))
        .collect::<Vec<_>>();
    let (message, hint) = if setting == "group_by" {
        (
            crate::msg!("resolve.funding.group_by", value = wanted.get_ref(), key),
            if texts.is_empty() {
                crate::msg!("resolve.funding.group_by_no_text")
            } else {
                crate::msg!("resolve.funding.group_by_hint", columns = texts.join(", "))
            },
        )
    } else {
        (
            crate::msg!("resolve.funding.unique_by", value = wanted.get_ref(), key),
            if texts.is_empty() {
                crate::msg!("resolve.funding.unique_by_no_text")
            } else {
                crate::msg!("resolve.funding.unique_by_hint", columns = texts.join(", "))
            },
        )
    };
    r.push(source.error_at(wanted.span(), message).with_hint(hint));
    None
}

/// A declared table's columns, leaving out (and reporting) keys that are not keys or are used
/// twice.
fn columns(
    r: &mut Resolver,
    source: &SourceFile,
    t: &crate::content::schema::FundingTableToml,
) -> Vec<FundingColumn> {
    if t.column.is_empty() {
        r.push(
            source
                .error_at(
                    t.key.span(),
                    crate::msg!("resolve.funding.no_columns", key = t.key.get_ref()),
                )
                .with_hint(crate::msg!("resolve.funding.no_columns_hint")),
        );
        return Vec::new();
    }
    let mut seen = Seen::new();
    let mut out = Vec::new();
    for c in &t.column {
        let key = c.key.get_ref();
        if !crate::model::levels::is_key(key) {
            r.push(super::resolver::not_a_key(
                source,
                c.key.span(),
                key,
                &crate::msg!("resolve.what.column_key"),
                &crate::msg!("resolve.what.column_key_names"),
            ));
            continue;
        }
        if key == ROW_COUNTED {
            r.push(
                source
                    .error_at(
                        c.key.span(),
                        crate::msg!("resolve.funding.column_reserved", key),
                    )
                    .with_hint(crate::msg!("resolve.funding.column_reserved_hint")),
            );
            continue;
        }
        if !super::resolver::require_unique(
            r,
            &mut seen,
            source,
            &c.key,
            &crate::msg!("resolve.what.column_key"),
        ) {
            continue;
        }
        let rounded = c.rounded.as_ref().is_some_and(|rounded| {
            if c.kind != FundingColumnKind::Money && *rounded.get_ref() {
                r.push(
                    source
                        .error_at(
                            rounded.span(),
                            crate::msg!("resolve.funding.rounded_not_money", key),
                        )
                        .with_hint(crate::msg!("resolve.funding.rounded_not_money_hint")),
                );
                return false;
            }
            *rounded.get_ref()
        });
        out.push(FundingColumn {
            key: key.clone(),
            name: c.name.clone(),
            kind: c.kind,
            rounded,
        });
    }
    out
}

/// An item's rows in the declared tables, each value read by its column's kind; problems are
/// reported and the value left empty. `place` is where they are written: an item file
/// (`Plan`) or a wave's report on the item (`Wave`); a table whose rows come from the other
/// place is an error.
pub(super) fn item_rows(
    r: &mut Resolver,
    source: &SourceFile,
    funding: &FundingToml,
    tables: &[FundingTable],
    (place, items): (RowsFrom, &Items),
) -> Vec<ItemRows> {
    let mut out = Vec::new();
    for (key, rows) in funding {
        let Some(t) = tables.iter().position(|t| t.key == *key) else {
            let keys: Vec<String> = tables.iter().map(|t| format!("`{}`", t.key)).collect();
            let hint =
                did_you_mean(key, tables.iter().map(|t| t.key.as_str())).unwrap_or_else(|| {
                    match keys.as_slice() {
                        [] => crate::msg!("resolve.funding.declare_table"),
                        _ => crate::msg!("resolve.funding.tables_are", keys = keys.join(", ")),
                    }
                });
            r.push(
                source
                    .error_at(rows.span(), crate::msg!("resolve.funding.undeclared", key))
                    .with_hint(hint),
            );
            continue;
        };
        let table = &tables[t];
        if table.rows_from != place {
            let (message, hint) = match table.rows_from {
                RowsFrom::Wave => (
                    crate::msg!("resolve.funding.rows_in_waves", key),
                    crate::msg!("resolve.funding.rows_in_waves_hint", key),
                ),
                RowsFrom::Plan => (
                    crate::msg!("resolve.funding.rows_in_plan", key),
                    crate::msg!("resolve.funding.rows_in_plan_hint", key),
                ),
            };
            r.push(source.error_at(rows.span(), message).with_hint(hint));
            continue;
        }
        let rows = rows
            .get_ref()
            .0
            .iter()
            .map(|row| {
                for (column, value) in row.get_ref() {
                    if column != ROW_COUNTED && !table.columns.iter().any(|c| c.key == *column) {
                        let hint =
                            did_you_mean(column, table.columns.iter().map(|c| c.key.as_str()))
                                .unwrap_or_else(|| {
                                    crate::msg!(
                                        "resolve.funding.columns_are",
                                        keys = table
                                            .columns
                                            .iter()
                                            .map(|c| format!("`{}`", c.key))
                                            .collect::<Vec<_>>()
                                            .join(", ")
                                    )
                                });
                        r.push(
                            source
                                .error_at(
                                    value.span(),
                                    crate::msg!("resolve.funding.no_column", key, column),
                                )
                                .with_hint(hint),
                        );
                    }
                }
                FundingRow {
                    cells: table
                        .columns
                        .iter()
                        .map(|c| match row.get_ref().get(&c.key) {
                            None => FundingCell::Empty,
                            Some(value) => cell(r, source, c, value, items),
                        })
                        .collect(),
                    counted: row
                        .get_ref()
                        .get(ROW_COUNTED)
                        .is_none_or(|v| counted(r, source, v)),
                }
            })
            .collect();
        out.push(ItemRows { table: t, rows });
    }
    // In the plan's order of tables, as the pages show them.
    out.sort_by_key(|rows| rows.table);
    out
}

/// Checks the totals `plan.toml` states under declared tables against the rows of the plan's
/// items, and keeps them with their table.
pub(super) fn stated_totals(
    r: &mut Resolver,
    plan: Option<&Loaded<PlanFile>>,
    tables: &mut [FundingTable],
    measures: &[Measure],
    plans: &[ActionPlan],
) {
    let Some(Loaded { source, data }) = plan else {
        return;
    };
    for total in &data.stated_total {
        let key = &total.table;
        let Some(t) = tables.iter().position(|t| t.key == *key) else {
            undeclared_total(r, source, total, key, tables.iter().map(|t| t.key.as_str()));
            continue;
        };
        if tables[t].rows_from == RowsFrom::Wave {
            r.push(
                source
                    .error_at(
                        total.amount.span(),
                        crate::msg!(
                            "resolve.funding.total_of_wave_rows",
                            label = total.label,
                            key
                        ),
                    )
                    .with_hint(crate::msg!("resolve.funding.total_of_wave_rows_hint", key)),
            );
            continue;
        }
        let Some(column) = money_column(r, source, total, &tables[t]) else {
            continue;
        };
        let Some(plan) = super::plan::action_plan_of(r, source, total, plans) else {
            continue;
        };
        let rows = total_rows(
            &tables[t],
            column,
            measures
                .iter()
                .filter_map(|m| m.edition(plan))
                .flat_map(|e| e.funding.iter().filter(|f| f.table == t)),
        );
        let mut view = r.check_total(source, total, &rows);
        view.action_plan = Some(plan);
        tables[t].stated_totals.push(view);
    }
}

/// A total a wave file states under its rows of declared table `key`, checked against the
/// rows its goal reports give: (the table's index, the total), or `None` (reported) when the
/// table is unknown, takes its rows from the plan, or has no such money column.
pub(super) fn wave_total<'a>(
    r: &mut Resolver,
    source: &SourceFile,
    total: &StatedTotal,
    key: &str,
    tables: &[FundingTable],
    rows: impl Iterator<Item = &'a ItemRows>,
) -> Option<(usize, StatedTotalView)> {
    let Some(t) = tables.iter().position(|t| t.key == *key) else {
        let candidates = tables
            .iter()
            .filter(|t| t.rows_from == RowsFrom::Wave)
            .map(|t| t.key.as_str());
        undeclared_total(r, source, total, key, candidates);
        return None;
    };
    let table = &tables[t];
    if table.rows_from == RowsFrom::Plan {
        r.error(
            source,
            total.amount.span(),
            crate::msg!("resolve.waves.table_total", key),
        );
        return None;
    }
    let column = money_column(r, source, total, table)?;
    let rows = total_rows(table, column, rows.filter(|f| f.table == t));
    Some((t, r.check_total(source, total, &rows)))
}

/// A stated total names table `key`, which the plan does not declare: the error, with the
/// nearest of the `candidates` it could name in its file.
fn undeclared_total<'a>(
    r: &mut Resolver,
    source: &SourceFile,
    total: &StatedTotal,
    key: &str,
    candidates: impl Iterator<Item = &'a str>,
) {
    // `projects`: the built-in table of funded projects earlier versions had.
    let hint = match did_you_mean(key, candidates) {
        _ if key == "projects" => crate::msg!("resolve.funding.projects_retired"),
        Some(close) => close,
        None => crate::msg!("resolve.funding.total_tables"),
    };
    r.push(
        source
            .error_at(
                total.amount.span(),
                crate::msg!("resolve.funding.total_undeclared", label = total.label, key),
            )
            .with_hint(hint),
    );
}

/// What a stated total of `table` adds up: each counted row's group and its amount in
/// `column`, from the items' rows given.
fn total_rows<'a>(
    table: &FundingTable,
    column: usize,
    rows: impl Iterator<Item = &'a ItemRows>,
) -> Vec<(Vec<String>, Money)> {
    rows.flat_map(|f| f.rows.iter().filter(|row| row.counted))
        .map(|row| {
            let cells = row.cells.as_slice();
            (table.groups_of(cells), amount(cells, column))
        })
        .collect()
}

/// The money column a stated total sums: its `column`, or the table's first money column.
fn money_column(
    r: &mut Resolver,
    source: &SourceFile,
    total: &StatedTotal,
    table: &FundingTable,
) -> Option<usize> {
    let money: Vec<usize> = table.money_columns().collect();
    let found = match &total.column {
        None => money.first().copied(),
        Some(c) => money
            .iter()
            .copied()
            .find(|&i| table.columns[i].key == *c.get_ref()),
    };
    if found.is_none() {
        let names: Vec<String> = money
            .iter()
            .map(|&i| format!("`{}`", table.columns[i].key))
            .collect();
        let at = total
            .column
            .as_ref()
            .map_or(total.amount.span(), |c| c.span());
        r.push(
            source
                .error_at(
                    at,
                    crate::msg!(
                        "resolve.funding.total_no_money",
                        label = total.label,
                        key = table.key
                    ),
                )
                .with_hint(if names.is_empty() {
                    crate::msg!("resolve.funding.total_no_money_none")
                } else {
                    crate::msg!(
                        "resolve.funding.total_no_money_hint",
                        names = crate::messages::or_list(&names)
                    )
                }),
        );
    }
    found
}

//! One value of a row in a declared funding table, read as its column's kind says: text, a
//! list of texts, or an amount, which a document may also print as an estimate (`{ amount =
//! …, approx = true }`) or as another item's (`{ same_as = "1.1.1.1" }`); and the row's own
//! `counted = false`, for a row the document prints outside its totals.

use std::collections::HashMap;

use crate::content::schema::FundingColumnKind;
use crate::diagnostics::SourceFile;
use crate::model::funding_tables::{FundingCell, FundingColumn};
use crate::model::{Measure, MeasureIx, Money, Reference};

use super::resolver::{did_you_mean, Resolver};

/// The key of a row that is not a column: whether the row counts in the sums.
pub(crate) const ROW_COUNTED: &str = "counted";

/// The plan's items, for an amount that names the item whose row gives it (`same_as`).
pub(in crate::model::resolve) struct Items<'a> {
    pub ids: &'a HashMap<String, MeasureIx>,
    pub measures: &'a [Measure],
    /// The depth of the item level, for the link's wording.
    pub level: usize,
}

/// One value read as its column's kind says; a problem is reported and the value left empty.
pub(super) fn cell(
    r: &mut Resolver,
    source: &SourceFile,
    column: &FundingColumn,
    value: &toml::Spanned<toml::Value>,
    items: &Items,
) -> FundingCell {
    let v = value.get_ref();
    let list_hint = || crate::msg!("resolve.funding.list_hint");
    let list = || crate::msg!("resolve.funding.expected_list");
    let read = match column.kind {
        FundingColumnKind::Text => match v {
            toml::Value::String(s) => Ok(FundingCell::Text(s.clone())),
            _ => Err((
                crate::msg!("resolve.funding.expected_text"),
                crate::msg!("resolve.funding.text_hint", name = column.name),
            )),
        },
        FundingColumnKind::List => match v {
            toml::Value::String(s) => Ok(FundingCell::List(vec![s.clone()])),
            toml::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .map(FundingCell::List)
                .ok_or_else(|| (list(), list_hint())),
            _ => Err((list(), list_hint())),
        },
        FundingColumnKind::Money => match v {
            toml::Value::Table(t) => return described_amount(r, source, column, value, t, items),
            _ => money(v).map(FundingCell::Money),
        },
    };
    read.unwrap_or_else(|(expected, hint)| {
        r.push(
            source
                .error_at(
                    value.span(),
                    crate::msg!(
                        "resolve.funding.column_takes",
                        column = column.key,
                        expected
                    ),
                )
                .with_hint(hint),
        );
        FundingCell::Empty
    })
}

/// An amount written as a number or as text ("25 000,50"), or why it is not one.
fn money(v: &toml::Value) -> Result<Money, (String, String)> {
    use serde::Deserialize;
    Money::deserialize(v.clone()).map_err(|e| {
        (
            crate::msg!(
                "resolve.funding.expected_money",
                reason = crate::diagnostics::unmarked(e.message())
            ),
            crate::msg!("resolve.funding.money_hint"),
        )
    })
}

/// An amount written as a table: `{ amount = …, approx = true }` or `{ same_as = "<item>" }`.
fn described_amount(
    r: &mut Resolver,
    source: &SourceFile,
    column: &FundingColumn,
    value: &toml::Spanned<toml::Value>,
    table: &toml::map::Map<String, toml::Value>,
    items: &Items,
) -> FundingCell {
    let mut fail = |message: String| {
        r.push(
            source
                .error_at(value.span(), message)
                .with_hint(crate::msg!("resolve.funding.amount_table_hint")),
        );
        FundingCell::Empty
    };
    if let Some(key) = table
        .keys()
        .find(|k| !["amount", "approx", "same_as"].contains(&k.as_str()))
    {
        return fail(crate::msg!(
            "resolve.funding.amount_key",
            column = column.key,
            key
        ));
    }
    let approx = match table.get("approx") {
        None => false,
        Some(toml::Value::Boolean(b)) => *b,
        Some(_) => {
            return fail(crate::msg!(
                "resolve.funding.approx_not_bool",
                column = column.key
            ))
        }
    };
    match (table.get("amount"), table.get("same_as")) {
        (Some(amount), None) => match money(amount) {
            Ok(m) if approx => FundingCell::Approx(m),
            Ok(m) => FundingCell::Money(m),
            Err((expected, _)) => fail(crate::msg!(
                "resolve.funding.column_takes",
                column = column.key,
                expected
            )),
        },
        (None, Some(toml::Value::String(id))) if !approx => match items.ids.get(id) {
            Some(&ix) => FundingCell::SameAs(Reference {
                key: "node.named",
                level: items.level,
                id: id.clone(),
                href: items.measures[ix].href.clone(),
            }),
            None => {
                let hint = did_you_mean(id, items.ids.keys().map(String::as_str))
                    .unwrap_or_else(|| crate::msg!("resolve.funding.same_as_unknown_hint"));
                r.push(
                    source
                        .error_at(
                            value.span(),
                            crate::msg!("resolve.funding.same_as_unknown", id),
                        )
                        .with_hint(hint),
                );
                FundingCell::Empty
            }
        },
        _ => fail(crate::msg!(
            "resolve.funding.amount_table",
            column = column.key
        )),
    }
}

/// A row's `counted`: `true` or `false`; anything else is reported and counts.
pub(super) fn counted(
    r: &mut Resolver,
    source: &SourceFile,
    value: &toml::Spanned<toml::Value>,
) -> bool {
    match value.get_ref() {
        toml::Value::Boolean(b) => *b,
        _ => {
            r.push(
                source
                    .error_at(
                        value.span(),
                        crate::msg!("resolve.funding.counted_not_bool"),
                    )
                    .with_hint(crate::msg!("resolve.funding.counted_hint")),
            );
            true
        }
    }
}

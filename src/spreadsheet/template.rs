//! The template for the next wave (`milnik export wave-template`): the CSV implementers fill in,
//! with a row for every impact indicator and measure of the action plan the wave evaluates and
//! for every global indicator, what the latest wave said about it, and each measure's details
//! from its last report carried forward, saved the way Czech Excel opens with a double click.
//! Under a measure come its rows in the funding tables the waves give and identify across
//! waves (`unique_by`), as the latest wave that gives each one gives it.

use std::collections::HashMap;

use super::cells::{money_text, period_text};
use super::columns::{Col, RowKind, SheetTable, COLUMNS};
use super::encoding::BOM;
use super::plan;
use crate::i18n::Translations;
use crate::model::funding_tables::FundingCell;
use crate::model::{ActionPlanIx, MeasureIx, Observation, Site};
use crate::values::locale::{self, Locale};

/// The separator of the template: what Czech Excel expects when a `.csv` file is opened with
/// a double click (its list separator is `;`, because the decimal separator is `,`).
pub const TEMPLATE_SEPARATOR: u8 = b';';

/// A value as the site shows it, with plain spaces, for the `previous` column.
fn shown(observation: &Observation) -> String {
    observation
        .text
        .shown()
        .replace(['\u{a0}', '\u{202f}'], " ")
}

/// The template CSV and the number of rows of each kind.
#[derive(Clone, Debug)]
pub struct Template {
    pub csv: String,
    pub measures: usize,
    pub goal_values: usize,
    pub indicators: usize,
}

/// The cells of measure `m` that the template fills in from its last report, so nobody types
/// them again: implementer, activity, service and period, written so that the import reads
/// them back as they were. Empty when no wave has reported the measure.
pub(super) fn carried_forward(site: &Site, m: MeasureIx) -> Vec<(Col, String)> {
    let Some((_, report)) = site.last_report(m) else {
        return Vec::new();
    };
    let mut cells = Vec::new();
    let mut text = |col: Col, value: Option<&String>| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            cells.push((col, value.trim().to_string()));
        }
    };
    text(Col::Implementer, report.implementer.as_ref());
    text(Col::Activity, report.activity.as_ref());
    text(Col::Service, report.service.as_ref());
    if let Some(period) = report.period {
        text(Col::Period, Some(&period_text(period)));
    }
    cells
}

/// A cell of a funding table's row as the template writes it, so that the import reads it
/// back as it was: a list's values separated by "; ", an amount in digits with a decimal
/// comma. An amount that is another item's (`same_as`) is not the spreadsheet's to carry.
pub(super) fn table_cell_text(cell: &FundingCell) -> String {
    match cell {
        FundingCell::Empty | FundingCell::SameAs(_) => String::new(),
        FundingCell::Text(text) => text.trim().to_string(),
        FundingCell::List(values) => values.join("; "),
        FundingCell::Money(m) | FundingCell::Approx(m) => money_text(m.0),
    }
}

/// Measure `m`'s rows in funding table `table` (an index in the site's `funding_tables`) that
/// the template carries forward, as it writes their cells: for a table whose rows the waves
/// identify (`unique_by`), each row as the latest wave that gives it gives it, in the order
/// the waves first gave them; none for another table, whose every wave's rows are new ones.
pub(super) fn carried_rows(site: &Site, m: MeasureIx, table: usize) -> Vec<Vec<String>> {
    let Some(unique) = site.funding_tables[table].unique_by else {
        return Vec::new();
    };
    let mut order: Vec<String> = Vec::new();
    let mut latest: HashMap<String, Vec<String>> = HashMap::new();
    for &(w, g, r) in &site.measures[m].reports {
        let report = &site.waves[w].goal_reports[g].measures[r];
        for rows in report.funding.iter().filter(|f| f.table == table) {
            for row in &rows.rows {
                let cells: Vec<String> = row.cells.iter().map(table_cell_text).collect();
                let key = cells[unique].clone();
                if key.is_empty() {
                    continue;
                }
                if latest.insert(key.clone(), cells).is_none() {
                    order.push(key);
                }
            }
        }
    }
    order
        .into_iter()
        .filter_map(|key| latest.remove(&key))
        .collect()
}

/// The template CSV for the next wave, which evaluates action plan `plan`: a BOM, the header
/// row, then for every specific goal of the plan in plan order a row per impact indicator as
/// the plan states them and per measure the plan lists and does not cancel, and a row per
/// global indicator, with `previous` from the latest wave that reports it, written in the
/// language of `tr`, and each measure's details carried forward from its last report.
/// Separated by `;`, lines end with CRLF.
pub fn template(site: &Site, plan: ActionPlanIx, tr: &Translations) -> Template {
    locale::scope(
        &std::sync::Arc::new(Locale::of(tr, &site.statuses, site.config.currency)),
        || template_rows(site, plan),
    )
}

/// One row of the template: what says which row it is, and the cells filled in for it.
struct Row<'a> {
    kind: RowKind,
    id: &'a str,
    indicator: &'a str,
    name: &'a str,
    previous: String,
    filled: Vec<(Col, String)>,
    /// For a row of a funding table: the table's position in the sheet's tables and its
    /// cells; the row's `type` is the table's key.
    table: Option<(usize, Vec<String>)>,
}

fn template_rows(site: &Site, plan: ActionPlanIx) -> Template {
    let tables = SheetTable::of_site(site);
    let mut rows = Vec::new();
    for goal_ix in plan::goals(site, plan) {
        let goal = &site.specific_goals[goal_ix];
        for indicator in goal.indicators_in(plan) {
            let previous = goal
                .reports
                .iter()
                .rev()
                .find_map(|&(wave, report)| {
                    site.waves[wave].goal_reports[report]
                        .values
                        .iter()
                        .find(|v| v.indicator.as_deref() == Some(indicator.key.as_str()))
                })
                .map(shown)
                .unwrap_or_default();
            rows.push(Row {
                kind: RowKind::GoalValue,
                id: &goal.id,
                indicator: &indicator.key,
                name: &indicator.name,
                previous,
                filled: Vec::new(),
                table: None,
            });
        }
        for &m in &goal.measures {
            if !plan::lists_measure(site, m, plan) {
                continue;
            }
            let measure = &site.measures[m];
            rows.push(Row {
                kind: RowKind::Measure,
                id: &measure.id,
                indicator: "",
                name: &measure.title,
                previous: site
                    .last_report(m)
                    .map(|(_, report)| report.badge.status.content_text(&site.statuses))
                    .unwrap_or_default(),
                filled: carried_forward(site, m),
                table: None,
            });
            for (t, table) in tables.iter().enumerate() {
                for cells in carried_rows(site, m, table.table) {
                    rows.push(Row {
                        kind: RowKind::Measure,
                        id: &measure.id,
                        indicator: "",
                        name: &measure.title,
                        previous: String::new(),
                        filled: Vec::new(),
                        table: Some((t, cells)),
                    });
                }
            }
        }
    }
    for indicator in &site.indicators {
        rows.push(Row {
            kind: RowKind::IndicatorValue,
            id: &indicator.id,
            indicator: "",
            name: &indicator.name,
            previous: indicator
                .values
                .last()
                .map(|&(wave, ix)| shown(&site.waves[wave].indicator_values[ix]))
                .unwrap_or_default(),
            filled: Vec::new(),
            table: None,
        });
    }
    let count = |kind: RowKind| {
        rows.iter()
            .filter(|r| r.kind == kind && r.table.is_none())
            .count()
    };
    Template {
        measures: count(RowKind::Measure),
        goal_values: count(RowKind::GoalValue),
        indicators: count(RowKind::IndicatorValue),
        csv: csv_of(&rows, &tables, site.config.language == "cs"),
    }
}

/// The header row and the rows written as the template's CSV: with the columns' Czech names
/// and the rows' Czech types when `czech` (a site in Czech), else with their keys; the funding
/// tables' columns after the fixed ones.
fn csv_of(rows: &[Row], tables: &[SheetTable], czech: bool) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(TEMPLATE_SEPARATOR)
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_string().into_bytes());
    let header: Vec<&str> = COLUMNS
        .iter()
        .map(|c| c.header(czech))
        .chain(
            tables
                .iter()
                .flat_map(|t| t.headers.iter().map(String::as_str)),
        )
        .collect();
    writer.write_record(&header).expect("writing to memory");
    for row in rows {
        let mut record: Vec<&str> = COLUMNS
            .iter()
            .map(|c| match c.col {
                Col::Type => match &row.table {
                    Some((t, _)) => tables[*t].key.as_str(),
                    None => row.kind.shown(czech),
                },
                Col::Previous if row.table.is_some() => "",
                Col::Id => row.id,
                Col::Indicator => row.indicator,
                Col::Name => row.name,
                Col::Previous => &row.previous,
                col => row
                    .filled
                    .iter()
                    .find(|(c, _)| *c == col)
                    .map_or("", |(_, text)| text.as_str()),
            })
            .collect();
        for (t, table) in tables.iter().enumerate() {
            for c in 0..table.headers.len() {
                record.push(match &row.table {
                    Some((rt, cells)) if *rt == t => cells[c].as_str(),
                    _ => "",
                });
            }
        }
        writer.write_record(&record).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("the template is UTF-8")
}

//! The template for the next wave (`milnik export wave-template`): the CSV implementers fill in,
//! with a row for every impact indicator, measure and global indicator of the site and what the
//! latest wave said about it, saved the way Czech Excel opens with a double click.

use super::columns::{Col, RowKind, COLUMNS};
use super::encoding::BOM;
use super::plan_order;
use crate::i18n::Translations;
use crate::model::{Observation, Site};
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

/// The template CSV for the next wave: a BOM, the header row, then a row per impact indicator
/// and measure of every specific goal in plan order, and a row per global indicator, with
/// `previous` from the latest wave that reports it, written in the language of `tr`.
/// Separated by `;`, lines end with CRLF.
pub fn template(site: &Site, tr: &Translations) -> String {
    locale::scope(
        &std::sync::Arc::new(Locale::of(tr, &site.statuses, site.config.currency)),
        || template_rows(site),
    )
}

fn template_rows(site: &Site) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(TEMPLATE_SEPARATOR)
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_string().into_bytes());
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.key).collect();
    writer.write_record(&header).expect("writing to memory");
    let position = |col: Col| COLUMNS.iter().position(|c| c.col == col).expect("a column");
    let mut write = |kind: RowKind, id: &str, indicator: &str, name: &str, previous: &str| {
        let mut record = vec![""; COLUMNS.len()];
        record[position(Col::Type)] = kind.key();
        record[position(Col::Id)] = id;
        record[position(Col::Indicator)] = indicator;
        record[position(Col::Name)] = name;
        record[position(Col::Previous)] = previous;
        writer.write_record(&record).expect("writing to memory");
    };
    for goal_ix in plan_order(site) {
        let goal = &site.specific_goals[goal_ix];
        for indicator in &goal.impact_indicators {
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
            write(
                RowKind::GoalValue,
                &goal.id,
                &indicator.key,
                &indicator.name,
                &previous,
            );
        }
        for &m in &goal.measures {
            let measure = &site.measures[m];
            let previous = site
                .last_report(m)
                .map(|(_, report)| report.badge.status.content_text(&site.statuses))
                .unwrap_or_default();
            write(RowKind::Measure, &measure.id, "", &measure.title, &previous);
        }
    }
    for indicator in &site.indicators {
        let previous = indicator
            .values
            .last()
            .map(|&(wave, ix)| shown(&site.waves[wave].indicator_values[ix]))
            .unwrap_or_default();
        write(
            RowKind::IndicatorValue,
            &indicator.id,
            "",
            &indicator.name,
            &previous,
        );
    }
    let bytes = writer.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("the template is UTF-8")
}

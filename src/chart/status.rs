//! Measures by status in one wave: for the whole plan, an area, or a wave.

use super::spec::{BarSpec, Scale, Tone};
use super::{svg, Chart, DataTable};
use crate::i18n::Translations;
use crate::model::levels::{count_items, level_text, Level};
use crate::model::StatusCounts;
use crate::values::locale;
use crate::values::StatusKind;

/// Measures by status in one wave: a bar per status, "Bez hodnocení" only when some measure
/// has no status.
pub fn status(
    id: &str,
    scope: &str,
    wave_title: &str,
    counts: &StatusCounts,
    kinds: &[StatusKind],
    levels: &[Level],
    tr: &Translations,
) -> Chart {
    let rows: Vec<(String, usize, Tone)> = counts
        .rows(kinds)
        .into_iter()
        .map(|r| match r.kind {
            Some(kind) => (
                locale::with(|l| l.status_kind(kind).to_string()),
                r.count,
                Tone::of(kind),
            ),
            None => (
                tr.text("status.not_reported").to_string(),
                r.count,
                Tone::NotReported,
            ),
        })
        .collect();
    let items = level_text(levels, tr, levels.len() - 1, "nav.measures", 2);
    let title = tr.format("chart.status.title", &[("items", &items), ("scope", scope)]);
    let parts: Vec<String> = rows
        .iter()
        .map(|(label, n, _)| format!("{} {n}", label.to_lowercase()))
        .collect();
    let desc = tr.format(
        "chart.status.description",
        &[
            ("measures", &count_items(levels, tr, counts.total as u64)),
            ("scope", scope),
            ("wave", wave_title),
            ("counts", &parts.join(", ")),
        ],
    );
    let spec = BarSpec {
        categories: rows.iter().map(|r| r.0.to_string()).collect(),
        values: rows.iter().map(|r| r.1 as f64).collect(),
        tones: rows.iter().map(|r| r.2).collect(),
        decimals: 0,
        suffix: String::new(),
        target_from: None,
        target_note: String::new(),
        scale: Scale::fitting(rows.iter().map(|r| r.1 as f64)),
    };
    let table = DataTable {
        caption: title.clone(),
        columns: vec![
            tr.text("column.status").into(),
            tr.text("column.measure_count").into(),
        ],
        rows: rows
            .iter()
            .map(|(label, n, _)| vec![label.to_string(), n.to_string()])
            .collect(),
    };
    let drawn = svg::bars(&spec, &title, &desc);
    Chart {
        id: id.to_string(),
        title,
        desc,
        svg: drawn.wide,
        svg_narrow: drawn.narrow,
        notes: Vec::new(),
        table,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_chart_says_every_count() {
        let _cs = crate::values::locale::entered("cs");
        let counts = StatusCounts {
            by_kind: [15, 31, 0, 1, 0, 0],
            not_reported: 2,
            total: 49,
        };
        let c = status(
            "graf",
            "oblast 1 Bydlení",
            "Průběžné vyhodnocení I.",
            &counts,
            &StatusKind::CORE,
            &crate::model::levels::default_levels(),
            &crate::render::theme::builtin_translations("cs"),
        );
        assert_eq!(
            c.desc,
            "Stav 49\u{a0}opatření (oblast 1 Bydlení) podle hodnocení Průběžné vyhodnocení I.: \
             nerealizováno 15, v realizaci 31, dokončeno 1, bez hodnocení 2."
        );
        let rows: Vec<&str> = c.table.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            rows,
            ["Nerealizováno", "V realizaci", "Dokončeno", "Bez hodnocení"]
        );
        assert!(c
            .svg
            .contains("<title>Opatření podle stavu realizace – oblast 1 Bydlení</title>"));
    }
}

//! The risk matrix: every risk of the plan by probability and impact.

use super::spec::MatrixSpec;
use super::{svg, Chart, DataTable};
use crate::i18n::Translations;
use crate::model::Risk;

/// The probability × impact matrix with each risk (by its code, R1…) in its cell.
pub fn risk_matrix(risks: &[Risk], tr: &Translations) -> Option<Chart> {
    if risks.is_empty() {
        return None;
    }
    let mut cells = vec![vec![Vec::new(); 5]; 5];
    for r in risks {
        let (p, i) = (usize::from(r.probability), usize::from(r.impact));
        if (1..=5).contains(&p) && (1..=5).contains(&i) {
            cells[i - 1][p - 1].push(r.code.clone());
        }
    }
    let title = tr.text("chart.risks.title").to_string();
    let items: Vec<String> = risks
        .iter()
        .map(|r| {
            tr.format(
                "chart.risks.risk",
                &[
                    ("code", &r.code),
                    ("name", &r.name),
                    ("probability", &r.probability.to_string()),
                    ("impact", &r.impact.to_string()),
                    ("significance", &r.significance.to_string()),
                ],
            )
        })
        .collect();
    let desc = tr.format("chart.risks.description", &[("risks", &items.join("; "))]);
    let table = DataTable {
        caption: tr.text("chart.risks.caption").into(),
        columns: vec![
            tr.text("risks.risk").into(),
            tr.text("chart.risks.probability").into(),
            tr.text("chart.risks.impact").into(),
            tr.text("chart.risks.significance").into(),
        ],
        rows: risks
            .iter()
            .map(|r| {
                vec![
                    format!("{} {}", r.code, r.name),
                    r.probability.to_string(),
                    r.impact.to_string(),
                    r.significance.to_string(),
                ]
            })
            .collect(),
    };
    let spec = MatrixSpec {
        cells,
        corner: tr.text("chart.risks.corner").into(),
    };
    let svg = svg::matrix(&spec, &title, &desc);
    Some(Chart {
        id: "graf-matice-rizik".into(),
        title,
        desc,
        svg,
        svg_narrow: String::new(),
        notes: Vec::new(),
        table,
    })
}

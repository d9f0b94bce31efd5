//! Progress of a specific goal's impact indicators towards their targets in one wave.

use super::spec::{BarSpec, Scale, Tone};
use super::text::{number, short_label};
use super::{svg, Chart, DataTable};
use crate::i18n::Translations;
use crate::model::{Progress, SpecificGoal};

/// Progress of each impact indicator of a specific goal towards its target, in per cent of the
/// target; over 100 % is drawn as such. `None` when no indicator has a numeric target and value.
pub fn goal_progress(
    goal: &SpecificGoal,
    goal_name: &str,
    progress: &[Progress],
    as_of: &str,
    wave_title: &str,
    tr: &Translations,
) -> Option<Chart> {
    if progress.is_empty() {
        return None;
    }
    let name = |key: &str| {
        goal.impact_indicators
            .iter()
            .find(|i| i.key == key)
            .map_or(key.to_string(), |i| i.name.clone())
    };
    let title = tr.format(
        "chart.progress.title",
        &[("name", goal_name), ("id", &goal.id)],
    );
    let items: Vec<String> = progress
        .iter()
        .map(|p| format!("{} {}", name(&p.indicator), progress_text(p, tr)))
        .collect();
    let desc = tr.format(
        "chart.progress.description",
        &[
            ("title", &title),
            ("wave", wave_title),
            ("as_of", as_of),
            ("items", &items.join("; ")),
        ],
    );
    let suffix = "\u{a0}%";
    let values: Vec<f64> = progress.iter().map(|p| f64::from(p.percent)).collect();
    let spec = BarSpec {
        categories: progress
            .iter()
            .map(|p| short_label(&name(&p.indicator)))
            .collect(),
        tones: progress
            .iter()
            .map(|p| {
                if p.reached {
                    Tone::Done
                } else {
                    Tone::InProgress
                }
            })
            .collect(),
        decimals: 0,
        suffix: suffix.into(),
        target_from: Some(100.0),
        target_note: tr.format(
            "chart.progress.zone",
            &[("value", &format!("{}{suffix}", number(100.0, 0)))],
        ),
        // Room past 100 % so that the shaded "met" zone is visible even when no bar reaches it.
        scale: Scale::fitting(values.iter().copied().chain([110.0])),
        values,
    };
    let table = DataTable {
        caption: title.clone(),
        columns: vec![
            tr.text("column.indicator").into(),
            tr.text("column.value").into(),
            tr.text("column.target").into(),
            tr.text("column.progress").into(),
        ],
        rows: progress
            .iter()
            .map(|p| {
                let text = progress_text(p, tr);
                let done = if p.reached {
                    tr.format("chart.progress.reached", &[("progress", &text)])
                } else {
                    text
                };
                vec![name(&p.indicator), p.value.shown(), p.target.shown(), done]
            })
            .collect(),
    };
    let drawn = svg::bars(&spec, &title, &desc);
    Some(Chart {
        id: format!("graf-plneni-{}", goal.anchor),
        title,
        desc,
        svg: drawn.wide,
        svg_narrow: drawn.narrow,
        notes: Vec::new(),
        table,
    })
}

/// How far a value has come towards its target, in the site's language: "39 z 40 (97 %)".
fn progress_text(p: &Progress, tr: &Translations) -> String {
    tr.format(
        "chart.progress.of",
        &[
            ("value", &p.value.shown()),
            ("target", &p.target.shown()),
            (
                "percent",
                &crate::values::Decimal::from_int(i64::from(p.percent)).shown(),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Decimal;

    #[test]
    fn progress_is_worded_by_the_theme() {
        let _cs = crate::values::locale::entered("cs");
        let tr = crate::render::theme::builtin_translations("cs");
        let d = |s: &str| Decimal::parse(s).unwrap();
        let text = |v, t| progress_text(&Progress::new("x", d(v), d(t)).unwrap(), &tr);
        assert_eq!(text("39", "40"), "39 z 40 (97\u{a0}%)");
        assert_eq!(text("1190", "300"), "1\u{a0}190 z 300 (396\u{a0}%)");
        let en = crate::render::theme::builtin_translations("en");
        let p = Progress::new("x", d("39"), d("40")).unwrap();
        assert_eq!(progress_text(&p, &en), "39 of 40 (97%)");
    }
}

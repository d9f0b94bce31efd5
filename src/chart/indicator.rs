//! A global indicator over time: its baseline and its value in every wave, the region's values
//! beside them, and the target the plan expects.

use super::spec::{LineSeries, LineSpec, Scale};
use super::text::number;
use super::{svg, Chart, DataTable};
use crate::content::schema::ExpectedKind;
use crate::i18n::Translations;
use crate::model::{GlobalIndicator, IndicatorIx, Site};
use crate::values::Decimal;

/// The number the plan expects by its final year, where the expectation gives one: "Minimálně
/// 700" and "Méně než 16" directly, "Pokles o 500" and "Zvýšit o 500" from the baseline.
pub fn indicator_target(ind: &GlobalIndicator) -> Option<Decimal> {
    let amount = ind.expected_amount?;
    let base = || ind.baseline.value.and_then(|c| c.number());
    match ind.expected_kind {
        ExpectedKind::AtLeast | ExpectedKind::Below => Some(amount),
        ExpectedKind::DecreaseBy => base()?.checked_add(amount.checked_neg()?),
        ExpectedKind::IncreaseBy => base()?.checked_add(amount),
        ExpectedKind::Decrease | ExpectedKind::BelowRegion | ExpectedKind::RankDecrease => None,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn observation_number(o: &crate::model::Observation) -> Option<f64> {
    o.value.and_then(|c| c.number()).map(Decimal::to_f64)
}

fn region_number(o: &crate::model::Observation) -> Option<f64> {
    o.region.and_then(|c| c.number()).map(Decimal::to_f64)
}

fn decimals_of(values: impl IntoIterator<Item = f64>) -> usize {
    values
        .into_iter()
        .map(|v| {
            let text = format!("{v:.3}");
            let frac = text.split('.').nth(1).unwrap_or("").trim_end_matches('0');
            frac.len()
        })
        .max()
        .unwrap_or(0)
}

/// A global indicator: its baseline and its value in every wave, the region's values as a
/// second line where the data has them, and the 2027 target where it is a number. `None` when
/// no value at all is a number.
pub fn indicator(site: &Site, index: IndicatorIx, tr: &Translations) -> Option<Chart> {
    let ind = &site.indicators[index];
    let points = Points::of(site, ind, tr);
    if points.own.iter().chain(&points.region).all(Option::is_none) {
        return None;
    }
    let target = indicator_target(ind);
    let territory = territory(ind, tr);
    let region_name = ind
        .region
        .clone()
        .unwrap_or_else(|| tr.text("chart.indicator.region").into());
    let spec = line_spec(
        &points,
        &territory,
        &region_name,
        target.map(Decimal::to_f64),
        tr,
    );
    let title = ind.name.clone();
    let desc = description(site, ind, target, &points, tr);
    let table = data_table(ind, &points, &spec, territory, region_name, tr);
    let drawn = svg::lines(&spec, &title, &desc);
    Some(Chart {
        id: format!("graf-{}", ind.id),
        title,
        desc,
        svg: drawn.wide,
        svg_narrow: drawn.narrow,
        table,
    })
}

/// An indicator's values, one per point of the chart: the baseline, then every wave.
struct Points {
    /// What each point is: "Výchozí hodnota (2021)", "Vlna I (1. 11. 2022)".
    categories: Vec<String>,
    /// The indicator's own values as numbers; `None` where there is none or it is no number.
    own: Vec<Option<f64>>,
    /// The region's values as numbers, where the data has them.
    region: Vec<Option<f64>>,
    /// The indicator's own values as printed ("–" for a wave without one).
    texts: Vec<String>,
}

impl Points {
    fn of(site: &Site, ind: &GlobalIndicator, tr: &Translations) -> Points {
        let base_label = match &ind.baseline.period {
            Some(p) => tr.format("chart.indicator.baseline_period", &[("period", p)]),
            None => tr.text("chart.indicator.baseline").to_string(),
        };
        let mut categories = vec![base_label];
        let mut own = vec![observation_number(&ind.baseline)];
        let mut region = vec![region_number(&ind.baseline)];
        let mut texts = vec![ind.baseline.text.shown()];
        for h in &ind.history {
            let wave = &site.waves[h.wave];
            let o = h.value.map(|v| &wave.indicator_values[v]);
            // The period the value is for, not when the wave was published: "2023 (Vlna I)".
            let period = o.and_then(|o| o.period.as_deref()).unwrap_or(&wave.covers);
            categories.push(tr.format(
                "chart.indicator.at_wave",
                &[("period", period), ("wave", &wave_short(&wave.id, tr))],
            ));
            own.push(o.and_then(observation_number));
            region.push(o.and_then(region_number));
            texts.push(o.map_or("–".to_string(), |o| o.text.shown()));
        }
        Points {
            categories,
            own,
            region,
            texts,
        }
    }
}

/// The territory the indicator's own values are of: the first one its baseline names
/// ("Ostrava vs. MSK" is Ostrava's), or the theme's word for the values when it names none.
fn territory(ind: &GlobalIndicator, tr: &Translations) -> String {
    ind.baseline
        .territory
        .as_deref()
        .and_then(|t| t.split(" vs. ").next())
        .unwrap_or_else(|| tr.text("chart.indicator.own"))
        .to_string()
}

/// The lines: the indicator's own values, the region's (dashed) when it has any, and the
/// target line, on a scale that holds them all.
fn line_spec(
    points: &Points,
    territory: &str,
    region_name: &str,
    target: Option<f64>,
    tr: &Translations,
) -> LineSpec {
    let mut series = vec![LineSeries {
        name: territory.to_string(),
        values: points.own.clone(),
        dashed: false,
    }];
    if points.region.iter().any(Option::is_some) {
        series.push(LineSeries {
            name: region_name.to_string(),
            values: points.region.clone(),
            dashed: true,
        });
    }
    let all = || {
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
    };
    let decimals = decimals_of(all().chain(target));
    let target_note = target.map_or_else(String::new, |t| {
        tr.format("chart.indicator.line", &[("value", &number(t, decimals))])
    });
    LineSpec {
        scale: Scale::fitting(all().chain(target)),
        categories: points.categories.clone(),
        decimals,
        target,
        target_note,
        series,
    }
}

/// What the chart says in words: the baseline, the latest value, what the plan expects (and
/// the target it gives), the trend, and whether some wave has no value.
fn description(
    site: &Site,
    ind: &GlobalIndicator,
    target: Option<Decimal>,
    points: &Points,
    tr: &Translations,
) -> String {
    let latest = ind.history.iter().rev().find_map(|h| {
        let wave = &site.waves[h.wave];
        h.value.map(|v| (wave, &wave.indicator_values[v]))
    });
    let baseline = match &ind.baseline.period {
        Some(p) => format!("{} ({p})", ind.baseline.text.shown()),
        None => ind.baseline.text.shown(),
    };
    let mut desc = tr.format(
        "chart.indicator.description",
        &[("name", &ind.name), ("baseline", &baseline)],
    );
    match latest {
        Some((wave, o)) => desc.push_str(&tr.format(
            "chart.indicator.current",
            &[
                ("value", &o.text.shown()),
                ("wave", &wave.title),
                ("period", o.period.as_ref().unwrap_or(&wave.covers)),
            ],
        )),
        None => desc.push_str(tr.text("chart.indicator.no_current")),
    }
    desc.push_str(&tr.format(
        "chart.indicator.expected",
        &[("expected", &lower_first(&ind.expected_text))],
    ));
    if let Some(t) = target {
        if !matches!(
            ind.expected_kind,
            ExpectedKind::AtLeast | ExpectedKind::Below
        ) {
            desc.push_str(&tr.format("chart.indicator.target", &[("target", &t.shown())]));
        }
    }
    match &ind.trend {
        Some(t) => desc.push_str(&format!(
            "; {}.",
            lower_first(tr.text(&format!("trend.{}", t.key)))
        )),
        None => desc.push('.'),
    }
    let gaps = points.own.iter().filter(|v| v.is_none()).count();
    if gaps > 0 {
        desc.push_str(tr.text("chart.indicator.gaps"));
    }
    desc
}

/// The same data as a table: a row per point (with the region's column when the chart has its
/// line) and a last row with what the plan expects.
fn data_table(
    ind: &GlobalIndicator,
    points: &Points,
    spec: &LineSpec,
    territory: String,
    region_name: String,
    tr: &Translations,
) -> DataTable {
    let with_region = spec.series.len() > 1;
    let mut columns = vec![tr.text("column.period").to_string(), territory];
    if with_region {
        columns.push(region_name);
    }
    let rows = points
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut row = vec![c.clone(), points.texts[i].clone()];
            if with_region {
                row.push(points.region[i].map_or("–".into(), |v| number(v, spec.decimals)));
            }
            row
        })
        .chain(std::iter::once({
            let mut row = vec![
                tr.text("chart.indicator.expected_row").to_string(),
                ind.expected_text.clone(),
            ];
            if with_region {
                row.push("–".into());
            }
            row
        }))
        .collect();
    DataTable {
        caption: tr.format("chart.indicator.caption", &[("name", &ind.name)]),
        columns,
        rows,
    }
}

/// "Vlna I" for a wave whose id is a roman numeral or number, else the id itself.
fn wave_short(id: &str, tr: &Translations) -> String {
    if id
        .chars()
        .all(|c| c.is_ascii_digit() || "IVXLC".contains(c))
    {
        tr.format("chart.indicator.wave", &[("id", id)])
    } else {
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator_with(kind: ExpectedKind, baseline: &str, amount: Option<&str>) -> GlobalIndicator {
        GlobalIndicator {
            id: "x".into(),
            href: "/indikatory/x/".into(),
            name: "X".into(),
            unit: None,
            region: None,
            baseline: crate::model::Observation::for_test(Some(baseline), &[]),
            expected_text: String::new(),
            expected_kind: kind,
            expected_amount: amount.map(|a| Decimal::parse(a).unwrap()),
            notes_html: vec![],
            values: vec![],
            trend: None,
            history: vec![],
        }
    }

    #[test]
    fn target_lines_come_from_the_expectation() {
        let t = |k, b, a| indicator_target(&indicator_with(k, b, a)).map(|d| d.czech());
        assert_eq!(
            t(ExpectedKind::AtLeast, "589", Some("700")),
            Some("700".into())
        );
        assert_eq!(t(ExpectedKind::Below, "21", Some("16")), Some("16".into()));
        // "Pokles o 500" from cca 3 100: 2 600.
        assert_eq!(
            t(ExpectedKind::DecreaseBy, "3100", Some("500")),
            Some("2\u{a0}600".into())
        );
        assert_eq!(
            t(ExpectedKind::IncreaseBy, "4667", Some("500")),
            Some("5\u{a0}167".into())
        );
        assert_eq!(t(ExpectedKind::Decrease, "199", None), None);
        assert_eq!(t(ExpectedKind::BelowRegion, "3,01", None), None);
    }

    #[test]
    fn decimals_follow_the_data() {
        assert_eq!(decimals_of([589.0, 310.0]), 0);
        assert_eq!(decimals_of([3.01, 2.2]), 2);
        assert_eq!(decimals_of([174.1]), 1);
    }
}

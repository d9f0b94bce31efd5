//! A global indicator over time: its baseline and its value in every wave, the region's values
//! beside them, and the target the plan expects.

use super::spec::{LineStyle, Scale, TimePoint, TimeSeries, TimeSpec, YearPosition};
use super::text::number;
use super::{over_time, years, Chart, DataTable};
use crate::content::schema::ExpectedKind;
use crate::i18n::Translations;
use crate::model::{GlobalIndicator, IndicatorIx, MethodChange, Site, WaveIx};
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

/// A global indicator: its baseline and its value in every wave on a year axis that runs to the
/// plan's final year, the region's values as a second line where the data has them, the target
/// in its year where it is a number, and each change of method. `None` when no value at all is a
/// number placed in time.
pub fn indicator(site: &Site, index: IndicatorIx, tr: &Translations) -> Option<Chart> {
    indicator_until(site, index, tr, None)
}

/// [`indicator`] as it stood when wave `until` was the latest (every wave when `None`): a
/// wave's printable report draws it so, and later waves never change it.
pub fn indicator_until(
    site: &Site,
    index: IndicatorIx,
    tr: &Translations,
    until: Option<WaveIx>,
) -> Option<Chart> {
    let ind = &site.indicators[index];
    let points = Points::of(site, ind, tr, until);
    let target = indicator_target(ind);
    let territory = territory(ind, tr);
    let region_name = ind
        .region
        .clone()
        .unwrap_or_else(|| tr.text("chart.indicator.region").into());
    let final_year = years::last_year(&site.plan.period);
    let spec = time_spec(
        &points,
        ind,
        &territory,
        &region_name,
        target.map(Decimal::to_f64),
        final_year,
        tr,
    )?;
    let title = ind.name.clone();
    let desc = description(site, ind, target, &points, tr, until);
    let by = final_year.map_or_else(|| site.plan.period.clone(), |y| y.to_string());
    let notes = notes(ind, &points, &spec, &by, tr);
    let table = data_table(ind, &points, &spec, territory, region_name, tr);
    let drawn = over_time::draw(&spec, &title, &desc);
    Some(Chart {
        id: format!("graf-{}", ind.id),
        title,
        desc,
        svg: drawn.wide,
        svg_narrow: drawn.narrow,
        notes,
        table,
    })
}

/// An indicator's history up to wave `until` (all of it when `None`).
fn history(
    ind: &GlobalIndicator,
    until: Option<WaveIx>,
) -> impl DoubleEndedIterator<Item = &crate::model::changes::IndicatorHistoryEntry> {
    ind.history
        .iter()
        .filter(move |h| until.is_none_or(|u| h.wave <= u))
}

/// One value of an indicator: the baseline or a wave's.
struct Point<'a> {
    /// What it is, for the table: "1. pol. 2021 (výchozí)", "2023 (Vlna I)".
    category: String,
    /// The period it is for, as printed.
    period: Option<String>,
    /// Where it lies on the year axis; `None` when neither it nor its wave names a year.
    at: Option<YearPosition>,
    /// The indicator's own value as a number; `None` where there is none or it is no number.
    own: Option<f64>,
    /// The region's value, where the data has it.
    region: Option<f64>,
    /// The indicator's own value as printed ("–" for a wave without one).
    text: String,
    /// The value comes with a rank ("2. v ČR").
    ranked: bool,
    /// From this value on the indicator is counted another way.
    method_change: Option<&'a MethodChange>,
}

/// An indicator's values, the baseline first.
struct Points<'a>(Vec<Point<'a>>);

impl<'a> Points<'a> {
    fn of(
        site: &'a Site,
        ind: &'a GlobalIndicator,
        tr: &Translations,
        until: Option<WaveIx>,
    ) -> Points<'a> {
        let base_label = match &ind.baseline.period {
            Some(p) => tr.format("chart.indicator.baseline_period", &[("period", p)]),
            None => tr.text("chart.indicator.baseline").to_string(),
        };
        let plan_start = years::first_year(&site.plan.period).map(|y| f64::from(y) + 0.5);
        let mut points = vec![Point {
            category: base_label,
            period: ind.baseline.period.clone(),
            at: ind
                .baseline
                .period
                .as_deref()
                .and_then(years::position)
                .or(plan_start),
            own: observation_number(&ind.baseline),
            region: region_number(&ind.baseline),
            text: ind.baseline.text.shown(),
            ranked: ind.baseline.rank.is_some(),
            method_change: None,
        }];
        for h in history(ind, until) {
            let wave = &site.waves[h.wave];
            let o = h.value.map(|v| &wave.indicator_values[v]);
            // The period the value is for, not when the wave was published: "2023 (Vlna I)".
            let period = o.and_then(|o| o.period.as_deref()).unwrap_or(&wave.covers);
            let published = wave.published.first_day();
            points.push(Point {
                category: tr.format(
                    "chart.indicator.at_wave",
                    &[("period", period), ("wave", &wave_short(&wave.id, tr))],
                ),
                period: Some(period.to_string()),
                at: years::position(period).or(Some(
                    f64::from(published.year) + (f64::from(published.month) - 0.5) / 12.0,
                )),
                own: o.and_then(observation_number),
                region: o.and_then(region_number),
                text: o.map_or("–".to_string(), |o| o.text.shown()),
                ranked: o.is_some_and(|o| o.rank.is_some()),
                method_change: o.and_then(|o| o.method_change.as_ref()),
            });
        }
        Points(points)
    }

    /// The points that have a place in time, with the value `pick` takes from them.
    fn placed(&self, pick: impl Fn(&Point) -> Option<f64>) -> Vec<TimePoint> {
        self.0
            .iter()
            .filter_map(|p| {
                Some(TimePoint {
                    at: p.at?,
                    value: pick(p)?,
                })
            })
            .collect()
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

/// The lines (the indicator's own values in runs broken by changes of method, the values by
/// the previous method dotted, the region's dashed), the target in the plan's final year, on
/// axes that hold them all. `None` when no own or region value has a place in time.
fn time_spec(
    points: &Points,
    ind: &GlobalIndicator,
    territory: &str,
    region_name: &str,
    target: Option<f64>,
    final_year: Option<i32>,
    tr: &Translations,
) -> Option<TimeSpec> {
    let mut runs: Vec<Vec<TimePoint>> = Vec::new();
    let mut previous_method: Vec<Vec<TimePoint>> = Vec::new();
    let mut breaks = Vec::new();
    // A wave without a value ("n. a.") ends a run: the line is not drawn across the gap.
    let mut gap = false;
    for p in &points.0 {
        let (Some(at), Some(value)) = (p.at, p.own) else {
            gap |= p.at.is_some();
            continue;
        };
        let at = TimePoint { at, value };
        let last = runs.last().and_then(|r| r.last()).copied();
        let after_gap = std::mem::take(&mut gap);
        match (p.method_change, last) {
            (Some(change), Some(last)) => {
                breaks.push((
                    (last.at + at.at) / 2.0,
                    tr.text("chart.indicator.break").to_string(),
                ));
                if let Some(old) = change.previous_value {
                    let old_at = change
                        .previous_period
                        .as_deref()
                        .and_then(years::position)
                        .unwrap_or(at.at);
                    previous_method.push(vec![
                        last,
                        TimePoint {
                            at: old_at,
                            value: old.to_f64(),
                        },
                    ]);
                }
                runs.push(vec![at]);
            }
            (None, Some(_)) if !after_gap => runs.last_mut().expect("a last run").push(at),
            _ => runs.push(vec![at]),
        }
    }
    let region = points.placed(|p| p.region);
    let mut series = Vec::new();
    if !runs.is_empty() {
        series.push(TimeSeries {
            name: territory.to_string(),
            runs,
            style: LineStyle::Solid,
            color: 0,
            labels_below: false,
        });
    }
    if !previous_method.is_empty() {
        series.push(TimeSeries {
            name: tr.format("chart.indicator.previous_method", &[("name", territory)]),
            runs: previous_method,
            style: LineStyle::Dotted,
            color: 0,
            labels_below: false,
        });
    }
    if !region.is_empty() {
        series.push(TimeSeries {
            name: region_name.to_string(),
            runs: vec![region],
            style: LineStyle::Dashed,
            color: 1,
            labels_below: true,
        });
    }
    let values = || series.iter().flat_map(|s| s.runs.iter().flatten());
    let first = values().map(|p| p.at).reduce(f64::min)?;
    let latest = values().map(|p| p.at).fold(f64::MIN, f64::max);
    let target_at = match final_year {
        Some(y) => f64::from(y) + 0.5,
        None => latest.floor() + 1.5,
    };
    let target = target.map(|value| TimePoint {
        at: target_at,
        value,
    });
    let last_year = ((latest + 0.001).ceil() as i32 - 1)
        .max(final_year.unwrap_or(i32::MIN))
        .max(target.map_or(i32::MIN, |t| t.at.floor() as i32));
    let numbers = || values().map(|p| p.value).chain(target.map(|t| t.value));
    Some(TimeSpec {
        first_year: (first - 0.001).floor() as i32,
        last_year,
        decimals: decimals_of(numbers()),
        scale: Scale::fitting(numbers()),
        series,
        target,
        breaks,
        axis_label: ind.axis_label.clone(),
    })
}

/// Sentences under the chart: what the target diamond is, or what the plan expects when it
/// cannot be drawn (a trend, a rank), and each change of method.
fn notes(
    ind: &GlobalIndicator,
    points: &Points,
    spec: &TimeSpec,
    by: &str,
    tr: &Translations,
) -> Vec<String> {
    let mut notes = Vec::new();
    let expected = lower_first(&ind.expected_text);
    match (spec.target, ind.expected_kind) {
        (Some(t), kind) => {
            let computed = if matches!(kind, ExpectedKind::AtLeast | ExpectedKind::Below) {
                String::new()
            } else {
                tr.format(
                    "chart.indicator.target",
                    &[("target", &number(t.value, spec.decimals))],
                )
            };
            notes.push(tr.format(
                "chart.indicator.target_note",
                &[("year", by), ("expected", &expected), ("target", &computed)],
            ));
        }
        (None, ExpectedKind::RankDecrease) => {
            // "174,1, 2. v ČR (2021), 278,7, 2. v ČR (2023)": the ranks as printed.
            let ranks: Vec<String> = points
                .0
                .iter()
                .filter(|p| p.ranked)
                .map(|p| match &p.period {
                    Some(period) => format!("{} ({period})", p.text),
                    None => p.text.clone(),
                })
                .collect();
            notes.push(tr.format(
                "chart.indicator.rank_note",
                &[
                    ("year", by),
                    ("expected", &expected),
                    ("ranks", &ranks.join("; ")),
                ],
            ));
        }
        (None, _) => notes.push(tr.format(
            "chart.indicator.expected_note",
            &[("year", by), ("expected", &expected)],
        )),
    }
    for p in &points.0 {
        let Some(change) = p.method_change else {
            continue;
        };
        let note = method_change_text(
            p,
            change,
            (
                "chart.indicator.break_note",
                "chart.indicator.previous_note",
            ),
            tr,
        );
        notes.push(note);
    }
    notes
}

/// What the chart says in words: the baseline, the latest value, what the plan expects (and
/// the target it gives), the trend, and whether some wave has no value.
fn description(
    site: &Site,
    ind: &GlobalIndicator,
    target: Option<Decimal>,
    points: &Points,
    tr: &Translations,
    until: Option<WaveIx>,
) -> String {
    let latest = history(ind, until).rev().find_map(|h| {
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
    let trend = match until {
        None => ind.trend.as_ref(),
        Some(_) => history(ind, until).rev().find_map(|h| h.trend.as_ref()),
    };
    match trend {
        Some(t) => desc.push_str(&format!(
            "; {}.",
            lower_first(tr.text(&format!("trend.{}", t.key)))
        )),
        None => desc.push('.'),
    }
    for p in &points.0 {
        if let Some(change) = p.method_change {
            desc.push(' ');
            desc.push_str(&method_change_text(
                p,
                change,
                (
                    "chart.indicator.break_description",
                    "indicator.previous_value",
                ),
                tr,
            ));
        }
    }
    if points.0.iter().any(|p| p.own.is_none()) {
        desc.push_str(tr.text("chart.indicator.gaps"));
    }
    desc
}

/// A change of method in words: `keys.0` says what changed from point `p` on, `keys.1` the value
/// by the previous method, where there is one.
fn method_change_text(
    p: &Point,
    change: &MethodChange,
    keys: (&str, &str),
    tr: &Translations,
) -> String {
    let mut text = tr.format(
        keys.0,
        &[
            ("period", p.period.as_deref().unwrap_or("")),
            ("note", &change.note),
        ],
    );
    if let Some(old) = change.previous_value {
        text.push(' ');
        text.push_str(&tr.format(
            keys.1,
            &[
                ("value", &old.shown()),
                ("period", change.previous_period.as_deref().unwrap_or("")),
            ],
        ));
    }
    text
}

/// The same data as a table: a row per point (with the region's column when the chart has its
/// line), a row for each value by a previous method, and a last row with what the plan expects.
fn data_table(
    ind: &GlobalIndicator,
    points: &Points,
    spec: &TimeSpec,
    territory: String,
    region_name: String,
    tr: &Translations,
) -> DataTable {
    let with_region = spec.series.iter().any(|s| s.style == LineStyle::Dashed);
    let mut columns = vec![tr.text("column.period").to_string(), territory.clone()];
    if with_region {
        columns.push(region_name);
    }
    let row = |first: String, own: String, region: Option<f64>| {
        let mut row = vec![first, own];
        if with_region {
            row.push(region.map_or("–".into(), |v| number(v, spec.decimals)));
        }
        row
    };
    let mut rows = Vec::new();
    for p in &points.0 {
        if let Some(old) = p.method_change.and_then(|c| Some((c, c.previous_value?))) {
            let (change, value) = old;
            rows.push(row(
                tr.format(
                    "chart.indicator.previous_row",
                    &[("period", change.previous_period.as_deref().unwrap_or(""))],
                ),
                value.shown(),
                None,
            ));
        }
        rows.push(row(p.category.clone(), p.text.clone(), p.region));
    }
    rows.push(row(
        tr.text("chart.indicator.expected_row").to_string(),
        ind.expected_text.clone(),
        None,
    ));
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
            axis_label: None,
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

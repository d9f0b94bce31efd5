//! Charts of the plan, rendered at build time as inline SVG: the chart data model (what is drawn,
//! on which scale, with which target line, and the sentence that says it) built from the
//! resolved site model, and the finished [`Chart`] that templates show with its data table.
//! Titles, descriptions and column headings are the theme's translations (`chart.*` keys);
//! numbers stay in Czech format, like the content.
//!
//! The drawing itself (charts-rs and the clean-up of its SVG) is in [`svg`]; everything here is
//! pure data and unit-tested. Every chart carries a title, a generated description and the same
//! data as a table, so nothing is said by the picture alone.

mod svg;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::schema::ExpectedKind;
use crate::i18n::Translations;
use crate::model::{Area, GlobalIndicator, Progress, Risk, Site, SpecificGoal, StatusCounts};
use crate::values::{Decimal, StatusKind};

/// A chart ready for a page: the SVG, what it says in words and as a table.
#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    /// Unique within the page it is on; used for the figure's anchor.
    pub id: String,
    pub title: String,
    /// One sentence (or a few) saying what the chart shows, from the data.
    pub desc: String,
    pub svg: String,
    pub table: DataTable,
}

/// The chart's data as an HTML table: the first cell of each row is its header.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DataTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A value axis from `min` to `max` in `splits` equal steps of a round size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub splits: usize,
}

impl Scale {
    const SPLITS: usize = 5;

    /// The smallest round axis that shows every value, starting at zero (or below it when a
    /// value is negative). Values are in the data's unit; an empty or all-zero list gives 0–5.
    pub fn fitting(values: impl IntoIterator<Item = f64>) -> Scale {
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if hi - lo <= 0.0 {
            return Scale {
                min: 0.0,
                max: Self::SPLITS as f64,
                splits: Self::SPLITS,
            };
        }
        let span = hi - lo;
        let step = Self::round_step(span / Self::SPLITS as f64);
        let min = (lo / step).floor() * step;
        let mut max = (hi / step).ceil() * step;
        if max <= min {
            max = min + step * Self::SPLITS as f64;
        }
        let splits = ((max - min) / step).round() as usize;
        Scale { min, max, splits }
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
    fn round_step(raw: f64) -> f64 {
        if raw <= 0.0 || !raw.is_finite() {
            return 1.0;
        }
        let magnitude = 10f64.powf(raw.log10().floor());
        [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw * (1.0 - 1e-9))
            .unwrap_or(10.0 * magnitude)
    }

    pub fn contains(&self, v: f64) -> bool {
        v >= self.min && v <= self.max
    }
}

/// How a bar is coloured. Colour is never the only carrier of meaning: every bar has a
/// category label and a value label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Neutral,
    NotStarted,
    InProgress,
    Completed,
    NotReported,
}

impl Tone {
    fn of(kind: StatusKind) -> Tone {
        match kind {
            StatusKind::NotStarted => Tone::NotStarted,
            StatusKind::InProgress => Tone::InProgress,
            StatusKind::Completed => Tone::Completed,
        }
    }
}

/// Horizontal bars, one per category, with the value printed at the end of each.
#[derive(Clone, Debug, PartialEq)]
pub struct BarSpec {
    pub categories: Vec<String>,
    pub values: Vec<f64>,
    pub tones: Vec<Tone>,
    /// Decimal places of the value labels.
    pub decimals: usize,
    /// Printed after each value label, e.g. " %".
    pub suffix: String,
    /// Where the target is met (e.g. 100 %): the plot is shaded from there to its end, and a
    /// note under the chart says so.
    pub target_from: Option<f64>,
    /// The note under the chart that explains the shading.
    pub target_note: String,
    pub scale: Scale,
}

/// One line of a line chart. `None` leaves a gap: a missing value is never drawn as zero.
#[derive(Clone, Debug, PartialEq)]
pub struct LineSeries {
    pub name: String,
    pub values: Vec<Option<f64>>,
    /// The second series is dashed so the two differ by more than colour.
    pub dashed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LineSpec {
    pub categories: Vec<String>,
    pub series: Vec<LineSeries>,
    pub decimals: usize,
    /// The value the plan expects by its final year, drawn as a dashed line.
    pub target: Option<f64>,
    /// The note under the chart that explains the target line.
    pub target_note: String,
    pub scale: Scale,
}

/// The risk matrix: impact (rows, 5 at the top) by probability (columns).
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixSpec {
    /// `cells[impact - 1][probability - 1]`: the codes of the risks in that cell.
    pub cells: Vec<Vec<Vec<String>>>,
    /// The top left cell, naming the axes ("Dopad \\ pravděp.").
    pub corner: String,
}

/// Every chart the default pages show, built once per build (in parallel) and looked up by the
/// pages that show it: a goal's progress in a wave appears on its area's page and on the wave's
/// page, an indicator's chart on its page and wherever an article embeds it.
#[derive(Debug, Default)]
pub struct Charts {
    /// Measures by status in the latest wave: the whole plan.
    pub plan_status: Option<Chart>,
    /// Measures by status in the latest wave, per area.
    pub area_status: Vec<Option<Chart>>,
    /// Measures by status, per wave.
    pub wave_status: Vec<Chart>,
    /// Progress of a specific goal in a wave, by (goal, wave).
    pub progress: HashMap<(usize, usize), Chart>,
    pub indicators: Vec<Option<Chart>>,
    pub funding: Vec<Chart>,
    pub risks: Option<Chart>,
}

impl Charts {
    pub fn build(site: &Site, tr: &Translations) -> Charts {
        let latest = site.latest_wave();
        let plan_scope = tr.text("chart.status.plan");
        let reports: Vec<(usize, usize)> = site
            .waves
            .iter()
            .enumerate()
            .flat_map(|(w, wave)| (0..wave.goal_reports.len()).map(move |r| (w, r)))
            .collect();
        let ((progress, indicators), (area_status, wave_status)) = rayon::join(
            || {
                rayon::join(
                    || {
                        reports
                            .par_iter()
                            .filter_map(|&(w, r)| {
                                let wave = &site.waves[w];
                                let report = &wave.goal_reports[r];
                                let as_of = format!(
                                    "{} {}",
                                    tr.text(&format!("as_of.{}", report.as_of_kind))
                                        .to_lowercase(),
                                    report.as_of.czech()
                                );
                                let goal = &site.specific_goals[report.specific_goal];
                                goal_progress(goal, &report.progress, &as_of, &wave.title, tr)
                                    .map(|c| ((report.specific_goal, w), c))
                            })
                            .collect::<HashMap<_, _>>()
                    },
                    || {
                        (0..site.indicators.len())
                            .into_par_iter()
                            .map(|i| indicator(site, i, tr))
                            .collect::<Vec<_>>()
                    },
                )
            },
            || {
                let areas = site
                    .areas
                    .par_iter()
                    .map(|a| {
                        latest.map(|w| {
                            let scope = tr
                                .format("chart.status.area", &[("id", &a.id), ("title", &a.title)]);
                            status(STATUS_ID, &scope, &w.title, &a.status_counts, tr)
                        })
                    })
                    .collect();
                let waves = site
                    .waves
                    .par_iter()
                    .map(|w| status(STATUS_ID, plan_scope, &w.title, &w.status_counts, tr))
                    .collect();
                (areas, waves)
            },
        );
        Charts {
            plan_status: latest
                .map(|w| status(STATUS_ID, plan_scope, &w.title, &site.status_counts, tr)),
            area_status,
            wave_status,
            progress,
            indicators,
            funding: [funding_by_area(site, tr), funding_by_source(site, tr)]
                .into_iter()
                .flatten()
                .collect(),
            risks: risk_matrix(&site.plan.risks, tr),
        }
    }
}

const STATUS_ID: &str = "graf-stav";

/// Czech number text with `decimals` places at most (trailing zeros dropped).
fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    Decimal::parse(&text.replace('.', ","))
        .map(|d| d.czech())
        .unwrap_or(text)
}

// ---------------------------------------------------------------------------------------------
// Measures by status
// ---------------------------------------------------------------------------------------------

/// Measures by status in one wave: a bar per status, "Bez hodnocení" only when some measure
/// has no status.
pub fn status(
    id: &str,
    scope: &str,
    wave_title: &str,
    counts: &StatusCounts,
    tr: &Translations,
) -> Chart {
    let rows: Vec<(&str, usize, Tone)> = counts
        .rows()
        .into_iter()
        .map(|r| match r.kind {
            Some(kind) => (r.label, r.count, Tone::of(kind)),
            None => (tr.text("status.not_reported"), r.count, Tone::NotReported),
        })
        .collect();
    let title = tr.format("chart.status.title", &[("scope", scope)]);
    let parts: Vec<String> = rows
        .iter()
        .map(|(label, n, _)| format!("{} {n}", label.to_lowercase()))
        .collect();
    let desc = tr.format(
        "chart.status.description",
        &[
            (
                "measures",
                &tr.plural("count.measures", counts.total as u64, &[]),
            ),
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
    let svg = svg::bars(&spec, &title, &desc);
    Chart {
        id: id.to_string(),
        title,
        desc,
        svg,
        table,
    }
}

// ---------------------------------------------------------------------------------------------
// Progress of a specific goal
// ---------------------------------------------------------------------------------------------

/// The longest category label drawn beside a bar; the full name is in the table and the
/// description.
const LABEL_CHARS: usize = 40;

/// The label cut after a whole word, with an ellipsis, when it is longer than a bar's label may be.
fn short_label(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(LABEL_CHARS - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',']))
}

/// Progress of each impact indicator of a specific goal towards its target, in per cent of the
/// target; over 100 % is drawn as such. `None` when no indicator has a numeric target and value.
pub fn goal_progress(
    goal: &SpecificGoal,
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
    let title = tr.format("chart.progress.title", &[("id", &goal.id)]);
    let items: Vec<String> = progress
        .iter()
        .map(|p| format!("{} {}", name(&p.indicator), p.text))
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
                    Tone::Completed
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
                let done = if p.reached {
                    tr.format("chart.progress.reached", &[("progress", &p.text)])
                } else {
                    p.text.clone()
                };
                vec![name(&p.indicator), p.value.czech(), p.target.czech(), done]
            })
            .collect(),
    };
    let svg = svg::bars(&spec, &title, &desc);
    Some(Chart {
        id: format!("graf-plneni-{}", goal.anchor),
        title,
        desc,
        svg,
        table,
    })
}

// ---------------------------------------------------------------------------------------------
// A global indicator over time
// ---------------------------------------------------------------------------------------------

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
pub fn indicator(site: &Site, index: usize, tr: &Translations) -> Option<Chart> {
    let ind = &site.indicators[index];
    let base_label = match &ind.baseline.period {
        Some(p) => tr.format("chart.indicator.baseline_period", &[("period", p)]),
        None => tr.text("chart.indicator.baseline").to_string(),
    };
    let mut categories = vec![base_label];
    let mut own = vec![observation_number(&ind.baseline)];
    let mut region = vec![region_number(&ind.baseline)];
    let mut texts = vec![ind.baseline.text.clone()];
    for h in &ind.history {
        let wave = &site.waves[h.wave];
        categories.push(format!(
            "{} ({})",
            wave_short(&wave.id, tr),
            wave.published.czech()
        ));
        let o = h.value.map(|v| &wave.indicator_values[v]);
        own.push(o.and_then(observation_number));
        region.push(o.and_then(region_number));
        texts.push(o.map_or("–".to_string(), |o| o.text.clone()));
    }
    if own.iter().chain(&region).all(Option::is_none) {
        return None;
    }
    let target_decimal = indicator_target(ind);
    let target = target_decimal.map(Decimal::to_f64);
    let territory = ind
        .baseline
        .territory
        .as_deref()
        .and_then(|t| t.split(" vs. ").next())
        .unwrap_or("Ostrava")
        .to_string();
    let mut series = vec![LineSeries {
        name: territory.clone(),
        values: own.clone(),
        dashed: false,
    }];
    let region_name = ind
        .region
        .clone()
        .unwrap_or_else(|| tr.text("chart.indicator.region").into());
    if region.iter().any(Option::is_some) {
        series.push(LineSeries {
            name: region_name.clone(),
            values: region.clone(),
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
    let spec = LineSpec {
        scale: Scale::fitting(all().chain(target)),
        categories: categories.clone(),
        decimals,
        target,
        target_note,
        series,
    };

    let title = ind.name.clone();
    let latest = ind.history.iter().rev().find_map(|h| {
        let wave = &site.waves[h.wave];
        h.value.map(|v| (wave, &wave.indicator_values[v]))
    });
    let baseline = match &ind.baseline.period {
        Some(p) => format!("{} ({p})", ind.baseline.text),
        None => ind.baseline.text.clone(),
    };
    let mut desc = tr.format(
        "chart.indicator.description",
        &[("name", &ind.name), ("baseline", &baseline)],
    );
    match latest {
        Some((wave, o)) => desc.push_str(&tr.format(
            "chart.indicator.current",
            &[
                ("value", &o.text),
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
    if let Some(t) = target_decimal {
        if !matches!(
            ind.expected_kind,
            ExpectedKind::AtLeast | ExpectedKind::Below
        ) {
            desc.push_str(&tr.format("chart.indicator.target", &[("target", &t.czech())]));
        }
    }
    match &ind.trend {
        Some(t) => desc.push_str(&format!(
            "; {}.",
            lower_first(tr.text(&format!("trend.{}", t.key)))
        )),
        None => desc.push('.'),
    }
    let gaps = own.iter().filter(|v| v.is_none()).count();
    if gaps > 0 {
        desc.push_str(tr.text("chart.indicator.gaps"));
    }

    let mut columns = vec![tr.text("column.period").to_string(), territory];
    if spec.series.len() > 1 {
        columns.push(region_name);
    }
    let rows = categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut row = vec![c.clone(), texts[i].clone()];
            if spec.series.len() > 1 {
                row.push(region[i].map_or("–".into(), |v| number(v, decimals)));
            }
            row
        })
        .chain(std::iter::once({
            let mut row = vec![
                tr.text("chart.indicator.expected_row").to_string(),
                ind.expected_text.clone(),
            ];
            if spec.series.len() > 1 {
                row.push("–".into());
            }
            row
        }))
        .collect();
    let table = DataTable {
        caption: tr.format("chart.indicator.caption", &[("name", &ind.name)]),
        columns,
        rows,
    };
    let svg = svg::lines(&spec, &title, &desc);
    Some(Chart {
        id: format!("graf-{}", ind.id),
        title,
        desc,
        svg,
        table,
    })
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

// ---------------------------------------------------------------------------------------------
// Funding
// ---------------------------------------------------------------------------------------------

const MILLION: f64 = 1_000_000.0;

fn money_bars(
    id: &str,
    title: String,
    desc_intro: &str,
    rows: Vec<(String, crate::values::Money)>,
    first_column: &str,
    note: Option<&str>,
    tr: &Translations,
) -> Option<Chart> {
    if rows.is_empty() {
        return None;
    }
    let values: Vec<f64> = rows.iter().map(|(_, m)| m.0.to_f64() / MILLION).collect();
    let items: Vec<String> = rows
        .iter()
        .zip(&values)
        .map(|((label, _), v)| {
            tr.format(
                "chart.funding.amount",
                &[("label", label), ("amount", &number(*v, 2))],
            )
        })
        .collect();
    let mut desc = tr.format(
        "chart.funding.description",
        &[("intro", desc_intro), ("items", &items.join("; "))],
    );
    if let Some(note) = note {
        desc.push(' ');
        desc.push_str(note);
    }
    let spec = BarSpec {
        categories: rows.iter().map(|(l, _)| short_label(l)).collect(),
        tones: vec![Tone::Neutral; rows.len()],
        decimals: 2,
        suffix: String::new(),
        target_from: None,
        target_note: String::new(),
        scale: Scale::fitting(values.iter().copied()),
        values,
    };
    let table = DataTable {
        caption: title.clone(),
        columns: vec![
            first_column.to_string(),
            tr.text("chart.funding.amount_column").into(),
        ],
        rows: rows
            .iter()
            .map(|(l, m)| vec![l.clone(), m.czech()])
            .collect(),
    };
    let svg = svg::bars(&spec, &title, &desc);
    Some(Chart {
        id: id.to_string(),
        title,
        desc,
        svg,
        table,
    })
}

/// Planned costs of the measures of each thematic area (the action plan's financing table).
pub fn funding_by_area(site: &Site, tr: &Translations) -> Option<Chart> {
    let rows = site
        .funding
        .areas
        .iter()
        .map(|a| {
            let area: &Area = &site.areas[a.area];
            (format!("{} {}", area.id, area.title), a.planned)
        })
        .collect();
    money_bars(
        "graf-financovani-oblasti",
        tr.text("chart.funding.by_area").into(),
        tr.text("chart.funding.by_area_intro"),
        rows,
        tr.text("column.area"),
        None,
        tr,
    )
}

/// Planned costs by the funding source named for them (OPZ+, IROP, city budget, …).
pub fn funding_by_source(site: &Site, tr: &Translations) -> Option<Chart> {
    let rows = site
        .funding
        .sources
        .iter()
        .map(|s| (s.source.clone(), s.planned))
        .collect();
    money_bars(
        "graf-financovani-zdroje",
        tr.text("chart.funding.by_source").into(),
        tr.text("chart.funding.by_source_intro"),
        rows,
        tr.text("chart.funding.source"),
        Some(tr.text("chart.funding.source_note")),
        tr,
    )
}

// ---------------------------------------------------------------------------------------------
// Risks
// ---------------------------------------------------------------------------------------------

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
        table,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_round_and_hold_every_value() {
        let s = Scale::fitting([39.0, 40.0]);
        assert_eq!((s.min, s.max, s.splits), (0.0, 40.0, 4));
        let s = Scale::fitting([589.0, 310.0, 700.0]);
        assert_eq!((s.min, s.max), (0.0, 800.0));
        assert!(s.contains(700.0));
        let s = Scale::fitting([3.01, 2.28, 2.17]);
        assert_eq!((s.min, s.max, s.splits), (0.0, 4.0, 4));
        let s = Scale::fitting([106.0, 100.0]);
        assert_eq!((s.min, s.max, s.splits), (0.0, 125.0, 5));
        let s = Scale::fitting([-3.0, 7.0]);
        assert!(s.min <= -3.0 && s.max >= 7.0 && s.min < 0.0);
        assert_eq!(Scale::fitting([]).max, 5.0);
        assert_eq!(Scale::fitting([0.0, 0.0]).max, 5.0);
    }

    #[test]
    fn status_chart_says_every_count() {
        let counts = StatusCounts {
            not_started: 15,
            in_progress: 31,
            completed: 1,
            not_reported: 2,
            total: 49,
        };
        let c = status(
            "graf",
            "oblast 1 Bydlení",
            "Průběžné vyhodnocení I.",
            &counts,
            &Translations::builtin("cs"),
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
    fn czech_numbers_in_chart_text() {
        assert_eq!(number(3.01, 2), "3,01");
        assert_eq!(number(165.0, 2), "165");
        assert_eq!(number(1190.0, 0), "1\u{a0}190");
        assert_eq!(number(0.03, 2), "0,03");
        assert_eq!(number(-2.5, 1), "-2,5");
    }

    #[test]
    fn long_labels_are_shortened() {
        assert_eq!(short_label("Počet bytů"), "Počet bytů");
        let long = "Počet osob, které využily služby kontaktního místa pro bydlení";
        let s = short_label(long);
        assert!(s.ends_with('…') && s.chars().count() <= LABEL_CHARS);
    }

    #[test]
    fn decimals_follow_the_data() {
        assert_eq!(decimals_of([589.0, 310.0]), 0);
        assert_eq!(decimals_of([3.01, 2.2]), 2);
        assert_eq!(decimals_of([174.1]), 1);
    }
}

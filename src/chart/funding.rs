//! Planned costs as bars in millions of the site's currency: by thematic area and by funding
//! source.

use super::spec::{BarSpec, Scale, Tone};
use super::text::{number, short_label};
use super::{svg, Chart, DataTable};
use crate::i18n::Translations;
use crate::model::funding::Funding;
use crate::model::{ActionPlanIx, Area, Site};
use crate::values::locale;

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
            let amount = locale::with(|l| l.money_in_millions(&number(*v, 2)));
            tr.format(
                "chart.funding.amount",
                &[("label", label), ("amount", &amount)],
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
            .map(|(l, m)| vec![l.clone(), m.shown()])
            .collect(),
    };
    let drawn = svg::bars(&spec, &title, &desc);
    Some(Chart {
        id: id.to_string(),
        title,
        desc,
        svg: drawn.wide,
        svg_narrow: drawn.narrow,
        notes: Vec::new(),
        table,
    })
}

/// A text naming the site's currency (`{currency}`, as headings name it).
fn in_currency(tr: &Translations, key: &str) -> String {
    locale::with(|l| tr.format(key, &[("currency", l.currency_unit())]))
}

/// Planned costs of the measures of each thematic area (an action plan's financing table).
/// `suffix` tells a later action plan's charts apart: their ids and titles carry it.
pub fn funding_by_area(
    site: &Site,
    f: &Funding,
    suffix: &PlanSuffix,
    tr: &Translations,
) -> Option<Chart> {
    // Without an amount planned there is nothing to draw.
    if f.planned_count == 0 {
        return None;
    }
    let rows = f
        .areas
        .iter()
        .map(|a| {
            let area: &Area = &site.areas[a.area];
            (format!("{} {}", area.id, area.title), a.planned)
        })
        .collect();
    money_bars(
        &format!("graf-financovani-oblasti{}", suffix.id),
        format!(
            "{}{}",
            in_currency(tr, "chart.funding.by_area"),
            suffix.title
        ),
        &in_currency(tr, "chart.funding.by_area_intro"),
        rows,
        crate::pages::views::level_text(site, tr, 0, "column.area", 1).as_str(),
        None,
        tr,
    )
}

/// Planned costs by the funding source named for them (OPZ+, IROP, city budget, …), each
/// measure once: a source's bar holds the measures it alone funds, one more bar the measures
/// that name several sources, so the bars add up to the plan's planned costs.
pub fn funding_by_source(f: &Funding, suffix: &PlanSuffix, tr: &Translations) -> Option<Chart> {
    let mut sole: Vec<&crate::model::funding::SourceFunding> =
        f.sources.iter().filter(|s| s.sole_count > 0).collect();
    sole.sort_by(|a, b| b.sole.cmp(&a.sole).then_with(|| a.source.cmp(&b.source)));
    let rows = sole
        .iter()
        .map(|s| (s.source.clone(), s.sole))
        .chain((f.shared.measures > 0).then(|| {
            (
                tr.text("chart.funding.several_sources").to_string(),
                f.shared.planned,
            )
        }))
        .collect();
    money_bars(
        &format!("graf-financovani-zdroje{}", suffix.id),
        format!(
            "{}{}",
            in_currency(tr, "chart.funding.by_source"),
            suffix.title
        ),
        &in_currency(tr, "chart.funding.by_source_intro"),
        rows,
        tr.text("chart.funding.source"),
        Some(tr.text("chart.funding.source_note")),
        tr,
    )
}

/// What marks one action plan's sections, anchors and charts when the plan has several: "-ii"
/// after an id, " – Akční plán II." after a title; nothing when it has one. The funding page,
/// its charts and a measure's funding tables mark their plan by it.
pub struct PlanSuffix {
    pub id: String,
    pub title: String,
}

impl PlanSuffix {
    pub fn of(site: &Site, plan: ActionPlanIx) -> Self {
        if site.plan.action_plans.len() < 2 {
            return PlanSuffix {
                id: String::new(),
                title: String::new(),
            };
        }
        let plan = &site.plan.action_plans[plan];
        PlanSuffix {
            id: format!("-{}", crate::slug::slugify(&plan.id)),
            title: format!(" – {}", plan.title),
        }
    }
}

/// The funding charts of every action plan.
pub fn funding_charts(site: &Site, tr: &Translations) -> Vec<Chart> {
    site.funding
        .iter()
        .flat_map(|f| {
            let suffix = PlanSuffix::of(site, f.action_plan);
            [
                funding_by_area(site, f, &suffix, tr),
                funding_by_source(f, &suffix, tr),
            ]
        })
        .flatten()
        .collect()
}

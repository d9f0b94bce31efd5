//! Global indicators from content/indicators.toml, and the value of any indicator (a global
//! indicator's or a specific goal's impact indicator's) as an [`Observation`] checked against
//! the indicator.

use crate::content::schema::{IndicatorsFile, ObservationToml};
use crate::content::Loaded;
use crate::diagnostics::{Severity, SourceFile};
use crate::model::{GlobalIndicator, MethodChange, Observation, ObservationText, Part};
use crate::pages::route;
use crate::slug::{is_valid_slug, slugify};

use super::resolver::{require_unique, Resolver, Seen};

/// The global indicators with their baselines (their values come with the waves), and the
/// footnotes of their table.
pub(super) fn global_indicators(
    r: &mut Resolver,
    file: Option<&Loaded<IndicatorsFile>>,
) -> (Vec<GlobalIndicator>, Vec<String>) {
    let mut indicators: Vec<GlobalIndicator> = Vec::new();
    let Some(Loaded { source, data }) = file else {
        return (indicators, Vec::new());
    };
    let notes_html = data.notes.iter().map(|n| r.md(n)).collect();
    let mut seen = Seen::new();
    for ind in &data.indicator {
        if !is_valid_slug(ind.id.get_ref()) {
            r.push(
                source
                    .error_at(
                        ind.id.span(),
                        crate::msg!("resolve.indicators.invalid_id", id = ind.id.get_ref()),
                    )
                    .with_hint(crate::msg!(
                        "resolve.indicators.invalid_id_hint",
                        example = slugify(&ind.name)
                    )),
            );
            continue;
        }
        if !require_unique(
            r,
            &mut seen,
            source,
            &ind.id,
            &crate::msg!("resolve.what.indicator_id"),
        ) {
            continue;
        }
        if let Some(i) = &ind.baseline.indicator {
            r.error(
                source,
                i.span(),
                crate::msg!("resolve.indicators.baseline_indicator"),
            );
        }
        let baseline = r.observation(
            source,
            &ind.baseline,
            ind.name.clone(),
            ind.unit.as_deref(),
            &[],
            SeriesBreaks::NotHere,
        );
        indicators.push(GlobalIndicator {
            id: ind.id.get_ref().clone(),
            href: r.href(route::INDICATOR, ind.id.get_ref()),
            name: ind.name.clone(),
            unit: ind.unit.clone(),
            axis_label: axis_label(r, source, ind),
            region: ind.region.clone(),
            baseline,
            expected_text: ind.expected.text.clone(),
            expected_kind: ind.expected.kind,
            expected_amount: ind.expected.amount,
            notes_html: ind.notes.iter().map(|n| r.md(n)).collect(),
            values: Vec::new(),
            trend: None,
            history: Vec::new(),
        });
    }
    (indicators, notes_html)
}

/// The indicator's value-axis label: its own, else its unit.
fn axis_label(
    r: &mut Resolver,
    source: &SourceFile,
    ind: &crate::content::schema::GlobalIndicatorToml,
) -> Option<String> {
    match &ind.axis_label {
        Some(label) if label.get_ref().trim().is_empty() => {
            r.error(
                source,
                label.span(),
                crate::msg!("resolve.indicators.empty_axis_label"),
            );
            ind.unit.clone()
        }
        Some(label) => Some(label.get_ref().trim().to_string()),
        None => ind.unit.clone(),
    }
}

impl Resolver<'_> {
    /// Builds an observation, checking it against the indicator's parts.
    pub(super) fn observation(
        &mut self,
        source: &SourceFile,
        raw: &ObservationToml,
        name: String,
        unit: Option<&str>,
        part_labels: &[String],
        breaks: SeriesBreaks,
    ) -> Observation {
        let value = raw.value.as_ref().map(|v| *v.get_ref());
        match (&raw.value, raw.parts.is_empty()) {
            (None, true) => {
                let span = raw.indicator.as_ref().map(|i| i.span());
                self.push(
                    source
                        .diagnostic(
                            Severity::Error,
                            span,
                            crate::msg!("resolve.indicators.no_value", name),
                        )
                        .with_hint(crate::msg!("resolve.indicators.no_value_hint")),
                );
            }
            (Some(v), false) => self.error(
                source,
                v.span(),
                crate::msg!("resolve.indicators.value_and_parts"),
            ),
            _ => {}
        }
        if !raw.parts.is_empty() && raw.parts.len() != part_labels.len() {
            let span = raw.indicator.as_ref().map(|i| i.span());
            self.push(source.diagnostic(
                Severity::Error,
                span,
                crate::msg!(
                    "resolve.indicators.parts_count",
                    name,
                    parts = raw.parts.len(),
                    labels = part_labels.len()
                ),
            ));
        }
        let text = ObservationText {
            value,
            approx: raw.approx,
            unit: unit.map(String::from),
            region: raw.region,
            rank: raw.rank.map(|r| (r, raw.rank_scope.clone())),
            parts: raw.parts.clone(),
        };
        Observation {
            indicator: raw.indicator.as_ref().map(|i| i.get_ref().clone()),
            name: raw.label.clone().unwrap_or(name),
            text,
            value,
            region: raw.region,
            rank: raw.rank,
            parts: raw
                .parts
                .iter()
                .zip(part_labels.iter().chain(std::iter::repeat(&String::new())))
                .map(|(v, label)| Part {
                    label: label.clone(),
                    value: *v,
                })
                .collect(),
            as_of: raw.as_of,
            period: raw.period.clone(),
            territory: raw.territory.clone(),
            note_html: self.md_opt(&raw.note),
            comment_html: self.md_opt(&raw.comment),
            method_change: self.method_change(source, raw, breaks),
        }
    }

    /// The value's `method_change`, where the value may have one.
    fn method_change(
        &mut self,
        source: &SourceFile,
        raw: &ObservationToml,
        breaks: SeriesBreaks,
    ) -> Option<MethodChange> {
        let change = raw.method_change.as_ref()?;
        if breaks == SeriesBreaks::NotHere {
            self.push(
                source
                    .error_at(
                        change.span(),
                        crate::msg!("resolve.indicators.method_change_here"),
                    )
                    .with_hint(crate::msg!("resolve.indicators.method_change_here_hint")),
            );
            return None;
        }
        let change = change.get_ref();
        let note = change.note.get_ref().trim();
        if note.is_empty() {
            self.error(
                source,
                change.note.span(),
                crate::msg!("resolve.indicators.empty_method_note"),
            );
            return None;
        }
        Some(MethodChange {
            note: note.to_string(),
            previous_value: change.previous_value,
            previous_period: change
                .previous_period
                .clone()
                .or_else(|| raw.period.clone()),
        })
    }
}

/// Whether a value may start a new series (`method_change`): a global indicator's value in a
/// wave may; a baseline (the series' start) and an impact indicator's value may not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SeriesBreaks {
    Allowed,
    NotHere,
}

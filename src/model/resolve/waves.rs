//! Evaluation waves from content/waves/*.toml, oldest first: each specific goal's report (its
//! impact indicator values, progress and measure reports), the global indicator values with
//! their trends, the stated project totals; and the warning for measures in force that a wave
//! leaves unreported. What a wave counts is [`crate::model::in_wave`]'s, once every wave is in.

use std::collections::HashMap;

use crate::content::schema::{AsOfKind, GoalReportToml, MeasureReportToml, RowsFrom, WaveFile};
use crate::content::Loaded;
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::model::funding_tables::{FundingTable, ItemRows};
use crate::model::in_wave::{self, Standing};
use crate::model::{
    trend, ActionPlan, ActionPlanIx, Badge, GlobalIndicator, GoalReport, GoalReportIx,
    ImpactIndicator, IndicatorIx, IndicatorValueIx, MeasureReport, MeasureReportIx, Month,
    Observation, Programme, Progress, SpecificGoal, StatedTotalView, StatusCounts, TrendView, Wave,
    WaveIx,
};
use crate::pages::route;
use crate::values::StatusDef;

use super::areas::{Hierarchy, HierarchyIds};
use super::indicators::SeriesBreaks;
use super::resolver::{claim_slug, did_you_mean, require_unique, Resolver, Seen};

/// What the plan declares that a wave is read against: the statuses its measures may have and
/// the action plans it may evaluate.
#[derive(Clone, Copy)]
pub(super) struct Declared<'a> {
    pub statuses: &'a [StatusDef],
    pub action_plans: &'a [ActionPlan],
    /// The declared funding tables: a wave gives the rows of those with `rows_from = "wave"`.
    pub funding_tables: &'a [FundingTable],
}

/// Resolves the waves oldest first, linking each specific goal and measure to its reports and
/// each global indicator to its values.
pub(super) fn waves(
    r: &mut Resolver,
    files: &[Loaded<WaveFile>],
    plan: &mut Hierarchy,
    ids: &HierarchyIds,
    indicators: &mut [GlobalIndicator],
    indicator_ids: &HashMap<String, IndicatorIx>,
    declared: Declared,
) -> Vec<Wave> {
    let mut files: Vec<&Loaded<WaveFile>> = files.iter().collect();
    files.sort_by_key(|w| (w.data.published.first_day(), w.data.id.get_ref().clone()));
    let mut waves: Vec<Wave> = Vec::new();
    let mut seen_ids = Seen::new();
    let mut seen_slugs = Seen::new();
    let mut subjects = Subjects {
        plan,
        ids,
        indicators,
        indicator_ids,
        statuses: declared.statuses,
        action_plans: declared.action_plans,
        funding_tables: declared.funding_tables,
    };
    for Loaded { source, data } in files {
        if !require_unique(
            r,
            &mut seen_ids,
            source,
            &data.id,
            &crate::msg!("resolve.what.wave_id"),
        ) {
            continue;
        }
        let Some(slug) = claim_slug(
            r,
            &mut seen_slugs,
            source,
            &data.slug,
            &data.title,
            data.id.span(),
            &crate::msg!("resolve.what.wave_slug"),
        ) else {
            continue;
        };
        let wave = subjects.wave(r, source, data, slug, &waves);
        waves.push(wave);
    }
    waves
}

/// What waves report on: the plan's goals and measures and the global indicators, which
/// learn of their reports and values as each wave is resolved.
struct Subjects<'a, 'c> {
    plan: &'a mut Hierarchy<'c>,
    ids: &'a HierarchyIds,
    indicators: &'a mut [GlobalIndicator],
    indicator_ids: &'a HashMap<String, IndicatorIx>,
    statuses: &'a [StatusDef],
    action_plans: &'a [ActionPlan],
    funding_tables: &'a [FundingTable],
}

/// What one wave has reported so far: each goal and measure is reported once.
#[derive(Default)]
struct Reported {
    goals: Seen,
    measures: Seen,
}

impl Subjects<'_, '_> {
    fn wave(
        &mut self,
        r: &mut Resolver,
        source: &SourceFile,
        data: &WaveFile,
        slug: String,
        earlier: &[Wave],
    ) -> Wave {
        let wave_ix = WaveIx::next(earlier);
        let action_plan = super::action_plans::evaluated(
            r,
            source,
            data.action_plan.as_ref(),
            data.published,
            self.action_plans,
        )
        .unwrap_or(ActionPlanIx::new(0));
        let mut reported = Reported::default();
        let errors_before = r.diagnostics.errors();
        let goal_reports: Vec<GoalReport> = data
            .goal
            .iter()
            .filter_map(|g| self.goal_report(r, source, g, action_plan, &mut reported))
            .collect();
        // A report dropped for an error leaves its rows out: the totals do not warn then.
        let rows = goal_reports
            .iter()
            .flat_map(|g| &g.measures)
            .flat_map(|m| &m.funding);
        r.rows_incomplete = r.diagnostics.errors() > errors_before;
        let table_totals = stated_totals(r, source, data, self.funding_tables, rows);
        r.rows_incomplete = false;
        let indicator_values = self.indicator_values(r, source, data, wave_ix);
        self.link_reports(wave_ix, &goal_reports);
        let wave = Wave {
            id: data.id.get_ref().clone(),
            action_plan,
            href: r.href(route::WAVE, &slug),
            slug,
            title: data.title.clone(),
            published: data.published,
            published_iso: data.published.iso(),
            covers: data.covers.clone(),
            summary_html: r.md_opt(&data.summary),
            goal_reports,
            indicator_values,
            months: data
                .month
                .iter()
                .map(|m| Month {
                    month: m.month,
                    text_html: r.md(&m.text),
                })
                .collect(),
            programmes: data
                .programme
                .iter()
                .map(|p| Programme {
                    title: p.title.clone(),
                    text_html: r.md(&p.text),
                })
                .collect(),
            months_intro_html: r.md_opt(&data.months_intro),
            programmes_intro_html: r.md_opt(&data.programmes_intro),
            notes_html: data.notes.iter().map(|n| r.md(n)).collect(),
            table_totals,
            status_counts: StatusCounts::default(),
            status_kinds: Vec::new(),
            changes: Default::default(),
            report_texts: report_texts(r, source, &data.report),
        };
        let unreported = self.unreported(data, &wave, wave_ix, earlier);
        // Without an action plan (reported already) nothing is in force.
        if let Some(plan) = self.action_plans.get(action_plan.get()) {
            warn_unreported(r, source, data, plan, &unreported);
        }
        wave
    }

    /// A specific goal's report, unless the goal does not exist or was reported already.
    fn goal_report(
        &self,
        r: &mut Resolver,
        source: &SourceFile,
        g: &GoalReportToml,
        action_plan: ActionPlanIx,
        reported: &mut Reported,
    ) -> Option<GoalReport> {
        let goal_ids = &self.ids.specific_goals;
        let Some(&goal_ix) = goal_ids.get(g.id.get_ref()) else {
            let hint = did_you_mean(g.id.get_ref(), goal_ids.keys().map(String::as_str));
            let mut d = source.error_at(
                g.id.span(),
                crate::msg!("resolve.waves.no_goal", goal = g.id.get_ref()),
            );
            d = d.with_hint(hint.unwrap_or_else(|| crate::msg!("resolve.waves.no_goal_hint")));
            r.push(d);
            return None;
        };
        if !require_unique(
            r,
            &mut reported.goals,
            source,
            &g.id,
            &crate::msg!("resolve.what.goal_report"),
        ) {
            return None;
        }
        let goal = &self.plan.specific_goals[goal_ix];
        {
            let copied = g.printed_title.as_ref().and_then(|printed| {
                self.plan
                    .specific_goals
                    .iter()
                    .find(|o| o.id != goal.id && o.title.trim() == printed.trim())
            });
            let report = r.unacknowledged(source, g.acknowledged.as_ref(), copied.is_some());
            if let Some(other) = copied.filter(|_| report) {
                r.push(
                    source
                        .diagnostic(
                            Severity::Warning,
                            Some(g.id.span()),
                            crate::msg!(
                                "resolve.waves.goal_title_copied",
                                goal = goal.id,
                                other = other.id
                            ),
                        )
                        .with_hint(crate::msg!("resolve.waves.title_copied_hint")),
                );
            }
        }
        let indicators = goal.indicators_in(action_plan);
        let values = goal_values(r, source, g, goal, indicators);
        let measures = g
            .measure
            .iter()
            .filter_map(|m| self.measure_report(r, source, m, goal, action_plan, reported))
            .collect();
        let progress = indicators
            .iter()
            .filter_map(|ind| {
                let target = ind.target?;
                let observed = values
                    .iter()
                    .find(|v| v.indicator.as_deref() == Some(&ind.key))?;
                Progress::new(&observed.name, observed.value?.number()?, target)
            })
            .collect();
        Some(GoalReport {
            specific_goal: goal_ix,
            printed_title: g.printed_title.clone(),
            as_of: g.as_of,
            as_of_kind: match g.as_of_kind {
                AsOfKind::Available => "available",
                AsOfKind::State => "state",
            },
            summary_html: r.md_opt(&g.summary),
            values,
            measures,
            notes_html: g.notes.iter().map(|n| r.md(n)).collect(),
            progress,
        })
    }

    /// A measure's report in a goal's report, unless the measure does not exist or was
    /// reported already in this wave.
    fn measure_report(
        &self,
        r: &mut Resolver,
        source: &SourceFile,
        m: &MeasureReportToml,
        goal: &SpecificGoal,
        action_plan: ActionPlanIx,
        reported: &mut Reported,
    ) -> Option<MeasureReport> {
        if !r.check_id(source, &m.id, r.levels.len(), Some(&goal.id)) {
            return None;
        }
        let measures = &self.plan.measures;
        let Some(&measure_ix) = self.ids.measures.get(m.id.get_ref()) else {
            let hint = did_you_mean(
                m.id.get_ref(),
                goal.measures.iter().map(|&i| measures[i].id.as_str()),
            );
            let mut d = source.error_at(
                m.id.span(),
                crate::msg!("resolve.waves.no_measure", measure = m.id.get_ref()),
            );
            d = d.with_hint(hint.unwrap_or_else(|| crate::msg!("resolve.waves.no_measure_hint")));
            r.push(d);
            return None;
        };
        if !require_unique(
            r,
            &mut reported.measures,
            source,
            &m.id,
            &crate::msg!("resolve.what.measure_report"),
        ) {
            return None;
        }
        let plan = self.action_plans.get(action_plan.get());
        if let Some(plan) = plan.filter(|_| !measures[measure_ix].lifecycle.in_plan(action_plan)) {
            r.push(
                source
                    .error_at(
                        m.id.span(),
                        crate::msg!(
                            "resolve.waves.measure_not_in_plan",
                            measure = m.id.get_ref(),
                            plan = plan.title
                        ),
                    )
                    .with_hint(crate::msg!(
                        "resolve.waves.measure_not_in_plan_hint",
                        plan = plan.id
                    )),
            );
            return None;
        }
        {
            let copied = m.printed_title.as_ref().and_then(|printed| {
                measures
                    .iter()
                    .find(|o| o.id != *m.id.get_ref() && o.title.trim() == printed.trim())
            });
            let report = r.unacknowledged(source, m.acknowledged.as_ref(), copied.is_some());
            if let Some(other) = copied.filter(|_| report) {
                r.push(
                    source
                        .diagnostic(
                            Severity::Warning,
                            Some(m.id.span()),
                            crate::msg!(
                                "resolve.waves.measure_title_copied",
                                measure = m.id.get_ref(),
                                other = other.id
                            ),
                        )
                        .with_hint(crate::msg!("resolve.waves.title_copied_hint")),
                );
            }
        }
        let funding = super::funding_tables::item_rows(
            r,
            source,
            &m.funding,
            self.funding_tables,
            (
                RowsFrom::Wave,
                &super::funding_tables::Items {
                    ids: &self.ids.measures,
                    measures: &self.plan.measures,
                    level: r.levels.len() - 1,
                },
            ),
        );
        let status = super::statuses::status_of(r, source, &m.status, self.statuses)?;
        Some(MeasureReport {
            measure: measure_ix,
            printed_title: m.printed_title.clone(),
            badge: Badge::of(status),
            implementer: m.implementer.clone(),
            activity: m.activity.clone(),
            service: m.service.clone(),
            period: m.period,
            funding,
            note_html: r.md_opt(&m.note),
        })
    }

    /// The wave's values of global indicators; each indicator learns of its value and of its
    /// trend (waves come oldest first, so the last assessment is the latest).
    fn indicator_values(
        &mut self,
        r: &mut Resolver,
        source: &SourceFile,
        data: &WaveFile,
        wave_ix: WaveIx,
    ) -> Vec<Observation> {
        let mut indicator_values = Vec::new();
        let mut seen_values = Seen::new();
        for v in &data.indicator {
            let Some(id) = &v.indicator else {
                r.push(
                    Diagnostic::error(
                        source.path.clone(),
                        crate::msg!("resolve.waves.global_value_no_indicator"),
                    )
                    .with_hint(crate::msg!("resolve.waves.global_value_no_indicator_hint")),
                );
                continue;
            };
            let Some(&ix) = self.indicator_ids.get(id.get_ref()) else {
                let hint =
                    did_you_mean(id.get_ref(), self.indicator_ids.keys().map(String::as_str));
                let mut d = source.error_at(
                    id.span(),
                    crate::msg!("resolve.waves.no_global_indicator", id = id.get_ref()),
                );
                d = d.with_hint(
                    hint.unwrap_or_else(|| crate::msg!("resolve.waves.no_global_indicator_hint")),
                );
                r.push(d);
                continue;
            };
            if !require_unique(
                r,
                &mut seen_values,
                source,
                id,
                &crate::msg!("resolve.what.global_value"),
            ) {
                continue;
            }
            let ind = &self.indicators[ix];
            let observation = r.observation(
                source,
                v,
                ind.name.clone(),
                ind.unit.as_deref(),
                &[],
                SeriesBreaks::Allowed,
            );
            let trend = trend::assess(ind.expected_kind, &ind.baseline, &observation);
            let ind = &mut self.indicators[ix];
            ind.values
                .push((wave_ix, IndicatorValueIx::next(&indicator_values)));
            ind.trend = Some(TrendView {
                key: trend.key(),
                wave: wave_ix,
            });
            indicator_values.push(observation);
        }
        indicator_values
    }

    /// Tells each reported specific goal and measure where its report is.
    fn link_reports(&mut self, wave_ix: WaveIx, goal_reports: &[GoalReport]) {
        for (report_ix, report) in GoalReportIx::enumerate(goal_reports) {
            self.plan.specific_goals[report.specific_goal]
                .reports
                .push((wave_ix, report_ix));
            for (mr_ix, mr) in MeasureReportIx::enumerate(&report.measures) {
                self.plan.measures[mr.measure]
                    .reports
                    .push((wave_ix, report_ix, mr_ix));
            }
        }
    }

    /// The measures in force in the wave's action plan that it neither reports nor carries a
    /// status for (a terminal one from an earlier wave, or their cancellation), in plan order.
    /// A measure the file names but that failed its checks has its own error already.
    fn unreported(
        &self,
        data: &WaveFile,
        wave: &Wave,
        wave_ix: WaveIx,
        earlier: &[Wave],
    ) -> Vec<&str> {
        let named: std::collections::HashSet<&str> = data
            .goal
            .iter()
            .flat_map(|g| g.measure.iter().map(|m| m.id.get_ref().as_str()))
            .collect();
        self.plan
            .measures
            .iter()
            .filter(|m| {
                !named.contains(m.id.as_str())
                    && in_wave::standing(m, wave) == Standing::InForce
                    && in_wave::carried(m, wave_ix, earlier, self.statuses).is_none()
            })
            .map(|m| m.id.as_str())
            .collect()
    }
}

/// Warns when a wave leaves measures of the plan unreported: each shows as "Bez hodnocení" in
/// that wave, which a partial wave entered by mistake would do without a word.
fn warn_unreported(
    r: &mut Resolver,
    source: &SourceFile,
    data: &WaveFile,
    plan: &ActionPlan,
    unreported: &[&str],
) {
    if unreported.is_empty() {
        return;
    }
    const LISTED: usize = 12;
    let mut listed = unreported
        .iter()
        .take(LISTED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if unreported.len() > LISTED {
        listed.push_str(&crate::msg_n!(
            "resolve.waves.and_more",
            unreported.len() - LISTED
        ));
    }
    r.push(
        source
            .diagnostic(
                Severity::Warning,
                Some(data.id.span()),
                crate::msg!(
                    "resolve.waves.unreported",
                    wave = data.id.get_ref(),
                    count = unreported.len(),
                    plan = plan.title,
                    listed
                ),
            )
            .with_hint(crate::msg!("resolve.waves.unreported_hint")),
    );
}

/// A goal report's values of the goal's impact indicators.
fn goal_values(
    r: &mut Resolver,
    source: &SourceFile,
    g: &GoalReportToml,
    goal: &SpecificGoal,
    indicators: &[ImpactIndicator],
) -> Vec<Observation> {
    let mut values = Vec::new();
    for v in &g.value {
        let Some(key) = &v.indicator else {
            r.push(
                Diagnostic::error(
                    source.path.clone(),
                    crate::msg!("resolve.waves.goal_value_no_indicator", goal = goal.id),
                )
                .with_hint(crate::msg!("resolve.waves.goal_value_no_indicator_hint")),
            );
            continue;
        };
        let Some(ind) = indicators.iter().find(|i| &i.key == key.get_ref()) else {
            let keys: Vec<&str> = indicators.iter().map(|i| i.key.as_str()).collect();
            let hint = did_you_mean(key.get_ref(), keys.iter().copied()).unwrap_or_else(|| {
                if keys.is_empty() {
                    crate::msg!("resolve.waves.declare_indicator", goal = goal.id)
                } else {
                    crate::msg!("resolve.waves.its_indicators", keys = keys.join(", "))
                }
            });
            r.push(
                source
                    .error_at(
                        key.span(),
                        crate::msg!(
                            "resolve.waves.no_goal_indicator",
                            goal = goal.id,
                            key = key.get_ref()
                        ),
                    )
                    .with_hint(hint),
            );
            continue;
        };
        values.push(r.observation(
            source,
            v,
            ind.name.clone(),
            ind.unit.as_deref(),
            &ind.parts,
            SeriesBreaks::NotHere,
        ));
    }
    values
}

/// The printed report's own wordings; an empty one is an error (the key is left out instead).
fn report_texts(
    r: &mut Resolver,
    source: &SourceFile,
    report: &crate::content::schema::WaveReportToml,
) -> crate::model::ReportTexts {
    let mut text = |key: &str, value: &Option<toml::Spanned<String>>| {
        let value = value.as_ref()?;
        if value.get_ref().trim().is_empty() {
            r.push(
                source
                    .error_at(
                        value.span(),
                        crate::msg!("resolve.waves.report_text_empty", key),
                    )
                    .with_hint(crate::msg!("resolve.waves.report_text_empty_hint", key)),
            );
            return None;
        }
        Some(value.get_ref().trim().to_string())
    };
    crate::model::ReportTexts {
        subtitle: text("subtitle", &report.subtitle),
        goal_summary: text("goal_summary", &report.goal_summary),
    }
}

/// The wave's stated totals, each beside the sum of the wave's `rows` of the declared table it
/// totals: (table index, total).
fn stated_totals<'a>(
    r: &mut Resolver,
    source: &SourceFile,
    data: &WaveFile,
    tables: &[FundingTable],
    rows: impl Iterator<Item = &'a ItemRows> + Clone,
) -> Vec<(usize, StatedTotalView)> {
    let mut table_totals = Vec::new();
    for total in &data.stated_total {
        if let Some(id) = &total.action_plan {
            r.push(
                source
                    .error_at(id.span(), crate::msg!("resolve.waves.total_action_plan"))
                    .with_hint(crate::msg!("resolve.waves.total_action_plan_hint")),
            );
        }
        table_totals.extend(super::funding_tables::wave_total(
            r,
            source,
            total,
            &total.table,
            tables,
            rows.clone(),
        ));
    }
    table_totals
}

//! What later action plans say about the plan's tree: `content/action-plans/<id>/*.toml`, one
//! file per thematic area, applied in the order `plan.toml` declares the action plans. The
//! first action plan's tree is `content/areas/`.
//!
//! A node whose ID an earlier plan has is the same node (one page, one URL) with a new
//! edition: the keys a file sets replace the earlier plan's, the rest is inherited. A measure is
//! in force in every action plan that lists it: a carried-over one says `continues = true`
//! (with only what changed), a new one gives its whole card; one the last action plan no longer
//! lists ended with the last plan that did.

use std::collections::BTreeMap;

use crate::content::schema::{
    AreaEditionFile, MeasureEdition, SpecificGoalEdition, StrategicGoalEdition,
};
use crate::content::Loaded;
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::markdown;
use crate::model::{
    ActionPlan, ActionPlanIx, AreaIx, CardTexts, MeasureEdition as Edition, MeasureEnd, MeasureIx,
    SpecificGoalIx, StrategicGoalIx,
};
use crate::slug::slugify;

use super::areas::{cancellation, impact_indicators, Card, Entry, Hierarchy, NewCard, Parent};
use super::resolver::{did_you_mean, id_order, require_unique, warn_stated_count};
use super::resolver::{Resolver, Seen};

static EMPTY: String = String::new();

/// Applies every later action plan's files to the hierarchy built from `content/areas/`, then
/// marks the measures that ended with an earlier plan.
pub(super) fn apply<'c>(
    r: &mut Resolver,
    h: &mut Hierarchy<'c>,
    files: &'c [Loaded<AreaEditionFile>],
    plans: &[ActionPlan],
) {
    let mut by_plan: BTreeMap<usize, Vec<&'c Loaded<AreaEditionFile>>> = BTreeMap::new();
    for file in files {
        if let Some(plan) = plan_of(r, &file.source, plans) {
            by_plan.entry(plan).or_default().push(file);
        }
    }
    for (ix, plan) in plans.iter().enumerate().skip(1) {
        if !by_plan.contains_key(&ix) {
            r.push(
                Diagnostic::warning(
                    format!("content/action-plans/{}", plan.id),
                    crate::msg!(
                        "resolve.editions.no_files",
                        title = plan.title,
                        id = plan.id
                    ),
                )
                .with_hint(crate::msg!("resolve.editions.no_files_hint")),
            );
        }
    }
    for (ix, mut files) in by_plan {
        files.sort_by_key(|f| id_order(r.levels, 0, f.data.id.get_ref()));
        let mut edition = Edit {
            h: &mut *h,
            plan: ActionPlanIx::new(ix),
            plans,
            seen: Seen::new(),
        };
        for Loaded { source, data } in files {
            edition.area(r, source, data);
        }
    }
    let last = ActionPlanIx::all(plans).next_back();
    for m in &mut h.measures {
        let listed_last = m.lifecycle.action_plans.last().copied();
        if m.lifecycle.end.is_none() && listed_last < last {
            if let Some(plan) = listed_last {
                m.lifecycle.end = Some(MeasureEnd {
                    key: "ended",
                    action_plan: plan,
                    date: None,
                    reason_html: None,
                });
            }
        }
    }
    // Lists stay in plan order with the new nodes among the old.
    let item = r.levels.len() - 1;
    let measure_ids: Vec<Vec<u32>> = h
        .measures
        .iter()
        .map(|m| id_order(r.levels, item, &m.id))
        .collect();
    for area in &mut h.areas {
        area.measures
            .sort_by(|a, b| measure_ids[a.get()].cmp(&measure_ids[b.get()]));
    }
}

/// The action plan a file under `content/action-plans/<id>/` belongs to, by the folder's name.
fn plan_of(r: &mut Resolver, source: &SourceFile, plans: &[ActionPlan]) -> Option<usize> {
    let id = source.path.iter().nth(2)?.to_str()?;
    match plans.iter().position(|p| p.id == id) {
        Some(0) => {
            r.push(
                Diagnostic::error(
                    source.path.clone(),
                    crate::msg!("resolve.editions.first_plan", title = plans[0].title),
                )
                .with_hint(crate::msg!("resolve.editions.first_plan_hint")),
            );
            None
        }
        Some(ix) => Some(ix),
        None => {
            let hint = did_you_mean(id, plans.iter().map(|p| p.id.as_str()))
                .unwrap_or_else(|| crate::msg!("resolve.editions.undeclared_hint", id));
            r.push(
                Diagnostic::error(
                    source.path.clone(),
                    crate::msg!("resolve.editions.undeclared", id),
                )
                .with_hint(hint),
            );
            None
        }
    }
}

/// One later action plan being applied to the hierarchy.
struct Edit<'h, 'c> {
    h: &'h mut Hierarchy<'c>,
    plan: ActionPlanIx,
    plans: &'h [ActionPlan],
    /// The IDs this action plan's files have listed.
    seen: Seen,
}

/// A new node needs the keys the first action plan's files require; reports those it lacks.
fn require_keys(
    r: &mut Resolver,
    source: &SourceFile,
    id: &crate::content::schema::Id,
    what: &str,
    plan: &ActionPlan,
    keys: &[(&str, bool)],
) -> bool {
    let missing: Vec<&str> = keys
        .iter()
        .filter(|(_, given)| !given)
        .map(|(k, _)| *k)
        .collect();
    if missing.is_empty() {
        return true;
    }
    r.push(
        source
            .error_at(
                id.span(),
                crate::msg!(
                    "resolve.editions.new_needs",
                    what,
                    id = id.get_ref(),
                    plan = plan.title,
                    keys = missing
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_hint(crate::msg!("resolve.editions.new_needs_hint", what)),
    );
    false
}

impl<'c> Edit<'_, 'c> {
    fn plan(&self) -> &ActionPlan {
        &self.plans[self.plan.get()]
    }

    fn area(&mut self, r: &mut Resolver, source: &'c SourceFile, data: &'c AreaEditionFile) {
        if !r.check_id(source, &data.id, 1, None)
            || !require_unique(
                r,
                &mut self.seen,
                source,
                &data.id,
                &crate::msg!("resolve.what.id"),
            )
        {
            return;
        }
        let existing = self.h.areas.iter().position(|a| a.id == *data.id.get_ref());
        let area_ix = match existing {
            Some(ix) => {
                let area = &mut self.h.areas[ix];
                if let Some(title) = &data.title {
                    area.title = title.clone();
                }
                if let Some(text) = &data.target_group {
                    area.target_group_html = r.md(text);
                }
                if data.goals_intro.is_some() {
                    area.goals_intro_html = r.md_opt(&data.goals_intro);
                }
                AreaIx::new(ix)
            }
            None => {
                let plan = self.plan().clone();
                let (Some(title), Some(target_group)) = (&data.title, &data.target_group) else {
                    require_keys(
                        r,
                        source,
                        &data.id,
                        &crate::msg!("resolve.what.area"),
                        &plan,
                        &[
                            ("title", data.title.is_some()),
                            ("target_group", data.target_group.is_some()),
                        ],
                    );
                    return;
                };
                let slug = slugify(title);
                if let Some(other) = self.h.areas.iter().find(|a| a.slug == slug) {
                    r.push(
                        source
                            .error_at(
                                data.id.span(),
                                crate::msg!(
                                    "resolve.editions.area_slug_taken",
                                    id = data.id.get_ref(),
                                    slug,
                                    other = other.id
                                ),
                            )
                            .with_hint(crate::msg!("resolve.editions.area_slug_taken_hint")),
                    );
                    return;
                }
                self.h.add_area(
                    r,
                    data.id.get_ref(),
                    title,
                    slug,
                    target_group,
                    &data.goals_intro,
                )
            }
        };
        for sg in &data.strategic_goal {
            self.strategic_goal(r, source, sg, Parent::Area(area_ix));
        }
        for goal in &data.specific_goal {
            self.specific_goal(r, source, goal, Parent::Area(area_ix));
        }
    }

    fn strategic_goal(
        &mut self,
        r: &mut Resolver,
        source: &'c SourceFile,
        sg: &'c StrategicGoalEdition,
        parent: Parent,
    ) {
        let (parent_id, depth) = self.h.parent(parent);
        if !r.check_id(source, &sg.id, depth + 2, Some(&parent_id))
            || !require_unique(
                r,
                &mut self.seen,
                source,
                &sg.id,
                &crate::msg!("resolve.what.id"),
            )
        {
            return;
        }
        let existing = self
            .h
            .strategic_goals
            .iter()
            .position(|g| g.id == *sg.id.get_ref());
        let sg_ix = match existing {
            Some(ix) => {
                if let Some(title) = &sg.title {
                    self.h.strategic_goals[ix].title = title.clone();
                }
                StrategicGoalIx::new(ix)
            }
            None => {
                let plan = self.plan().clone();
                let Some(title) = &sg.title else {
                    require_keys(
                        r,
                        source,
                        &sg.id,
                        &crate::msg!("resolve.what.strategic_goal"),
                        &plan,
                        &[("title", false)],
                    );
                    return;
                };
                self.h.add_strategic_goal(sg.id.get_ref(), title, parent)
            }
        };
        for group in &sg.strategic_goal {
            self.strategic_goal(r, source, group, Parent::Group(sg_ix));
        }
        for goal in &sg.specific_goal {
            self.specific_goal(r, source, goal, Parent::Group(sg_ix));
        }
    }

    fn specific_goal(
        &mut self,
        r: &mut Resolver,
        source: &'c SourceFile,
        goal: &'c SpecificGoalEdition,
        parent: Parent,
    ) {
        let (parent_id, depth) = self.h.parent(parent);
        // A two-level plan's goal node is its top node again, under the same ID.
        let implicit = r.levels[r.levels.len() - 2].implicit;
        if !r.check_id(source, &goal.id, depth + 2, Some(&parent_id))
            || !(implicit
                || require_unique(
                    r,
                    &mut self.seen,
                    source,
                    &goal.id,
                    &crate::msg!("resolve.what.id"),
                ))
        {
            return;
        }
        let indicators = goal
            .impact_indicator
            .as_ref()
            .map(|list| impact_indicators(r, source, goal.id.get_ref(), list));
        let existing = self
            .h
            .specific_goals
            .iter()
            .position(|g| g.id == *goal.id.get_ref());
        let goal_ix = match existing {
            Some(ix) => {
                let g = &mut self.h.specific_goals[ix];
                if let Some(title) = &goal.title {
                    g.title = title.clone();
                }
                if let Some(text) = &goal.expected_impact {
                    g.expected_impact_html = r.md(text);
                }
                if let Some(list) = indicators {
                    if g.indicator_editions.is_empty() {
                        g.indicator_editions
                            .push((ActionPlanIx::new(0), g.impact_indicators.clone()));
                    }
                    g.indicator_editions.push((self.plan, list.clone()));
                    g.impact_indicators = list;
                }
                SpecificGoalIx::new(ix)
            }
            None => {
                let plan = self.plan().clone();
                // A two-level plan's goal node states no expected impact of its own.
                let impact = goal.expected_impact.as_ref().or(implicit.then_some(&EMPTY));
                let (Some(title), Some(impact)) = (&goal.title, impact) else {
                    require_keys(
                        r,
                        source,
                        &goal.id,
                        &crate::msg!("resolve.what.specific_goal"),
                        &plan,
                        &[
                            ("title", goal.title.is_some()),
                            ("expected_impact", impact.is_some()),
                        ],
                    );
                    return;
                };
                self.h.add_specific_goal(
                    goal.id.get_ref(),
                    title,
                    r.md(impact),
                    indicators.unwrap_or_default(),
                    parent,
                )
            }
        };
        for m in &goal.measure {
            self.measure(r, source, m, goal_ix);
        }
        if let Some(stated) = &goal.stated_measures {
            let plan = self.plan;
            let actual = self.h.specific_goals[goal_ix]
                .measures
                .iter()
                .filter(|&&m| self.h.measures[m].lifecycle.in_plan(plan))
                .count();
            let title = &self.plans[plan.get()].title;
            let (goal_level, items) = (
                r.levels[r.levels.len() - 2].noun(),
                r.levels[r.levels.len() - 1].noun(),
            );
            let ack = goal.acknowledged.as_ref();
            warn_stated_count(r, source, stated, ack, actual, |stated| {
                crate::msg!(
                    "resolve.editions.stated_count",
                    goal_level,
                    goal = goal.id.get_ref(),
                    stated,
                    items,
                    title,
                    actual
                )
            });
        } else if goal.acknowledged.is_some() {
            // Nothing stated: an acknowledgement explains nothing.
            r.unacknowledged(source, goal.acknowledged.as_ref(), false);
        }
    }

    fn measure(
        &mut self,
        r: &mut Resolver,
        source: &'c SourceFile,
        m: &'c MeasureEdition,
        goal_ix: SpecificGoalIx,
    ) {
        let goal_id = self.h.specific_goals[goal_ix].id.clone();
        if !r.check_id(source, &m.id, r.levels.len(), Some(&goal_id))
            || !require_unique(
                r,
                &mut self.seen,
                source,
                &m.id,
                &crate::msg!("resolve.what.id"),
            )
        {
            return;
        }
        let continues = m.continues.as_ref().is_some_and(|c| *c.get_ref());
        let existing = self.h.measures.iter().position(|x| x.id == *m.id.get_ref());
        match existing {
            Some(ix) => self.carry_over(r, source, m, MeasureIx::new(ix), continues),
            None if continues => {
                let span = m.continues.as_ref().map_or(m.id.span(), |c| c.span());
                r.push(
                    source
                        .diagnostic(
                            Severity::Error,
                            Some(span),
                            crate::msg!("resolve.editions.cannot_continue", id = m.id.get_ref()),
                        )
                        .with_hint(crate::msg!("resolve.editions.cannot_continue_hint")),
                );
            }
            None => self.new_measure(r, source, m, goal_ix),
        }
    }

    /// A measure of an earlier action plan listed again: a new edition with what changed.
    fn carry_over(
        &mut self,
        r: &mut Resolver,
        source: &'c SourceFile,
        m: &'c MeasureEdition,
        ix: MeasureIx,
        continues: bool,
    ) {
        let plan = self.plans[self.plan.get()].title.clone();
        let measure = &mut self.h.measures[ix];
        let earlier = measure
            .lifecycle
            .action_plans
            .last()
            .copied()
            .unwrap_or(ActionPlanIx::new(0));
        let earlier_title = &self.plans[earlier.get()].title;
        if let Some(end) = measure
            .lifecycle
            .end
            .as_ref()
            .filter(|e| e.key == "cancelled")
        {
            let cancelled_in = &self.plans[end.action_plan.get()].title;
            r.push(
                source
                    .error_at(
                        m.id.span(),
                        crate::msg!(
                            "resolve.editions.cancelled",
                            id = m.id.get_ref(),
                            cancelled_in,
                            plan
                        ),
                    )
                    .with_hint(crate::msg!("resolve.editions.cancelled_hint")),
            );
            return;
        }
        if !continues {
            r.push(
                source
                    .error_at(
                        m.id.span(),
                        crate::msg!(
                            "resolve.editions.already_in",
                            id = m.id.get_ref(),
                            earlier = earlier_title
                        ),
                    )
                    .with_hint(crate::msg!("resolve.editions.already_in_hint", plan)),
            );
            return;
        }
        let mut changed: Vec<&'static str> = Vec::new();
        let mut set = |key: &'static str, field: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                if v != field {
                    changed.push(key);
                    *field = v.clone();
                }
            }
        };
        set("title", &mut measure.title, &m.title);
        set("target_group", &mut measure.target_group, &m.target_group);
        set("responsible", &mut measure.responsible, &m.responsible);
        set("schedule", &mut measure.schedule, &m.schedule);
        if let Some(text) = &m.description {
            let html = r.md(text);
            if html != measure.description_html {
                changed.push("description");
                measure.description_html = html;
                measure.description_text = markdown::to_plain_text(text);
            }
        }
        for (key, field, value) in [
            (
                "output_indicators",
                &mut measure.output_indicators,
                &m.output_indicators,
            ),
            (
                "funding_sources",
                &mut measure.funding_sources,
                &m.funding_sources,
            ),
        ] {
            if let Some(v) = value {
                if v != field {
                    changed.push(key);
                    field.clone_from(v);
                }
            }
        }
        if m.related_note.is_some() {
            measure.related_note.clone_from(&m.related_note);
        }
        if m.note.is_some() {
            measure.note_html = r.md_opt(&m.note);
        }
        if let Some(c) = &m.cancelled {
            measure.lifecycle.end = Some(cancellation(r, c, self.plan));
        }
        measure.lifecycle.action_plans.push(self.plan);
        measure.editions.push(Edition {
            action_plan: self.plan,
            expected_cost: None,
            responsible: measure.responsible.clone(),
            schedule: measure.schedule.clone(),
            funding: Vec::new(),
            changed,
            texts: CardTexts::of(measure),
        });
        let edition = measure.editions.len() - 1;
        self.h.entries.push(Entry {
            measure: ix,
            edition,
            source,
            card: Card::Later(m),
        });
    }

    fn new_measure(
        &mut self,
        r: &mut Resolver,
        source: &'c SourceFile,
        m: &'c MeasureEdition,
        goal_ix: SpecificGoalIx,
    ) {
        let plan = self.plan().clone();
        let (Some(title), Some(description), Some(target_group), Some(responsible), Some(schedule)) = (
            &m.title,
            &m.description,
            &m.target_group,
            &m.responsible,
            &m.schedule,
        ) else {
            require_keys(
                r,
                source,
                &m.id,
                &crate::msg!("resolve.what.measure"),
                &plan,
                &[
                    ("title", m.title.is_some()),
                    ("description", m.description.is_some()),
                    ("target_group", m.target_group.is_some()),
                    ("responsible", m.responsible.is_some()),
                    ("schedule", m.schedule.is_some()),
                ],
            );
            return;
        };
        let card = NewCard {
            id: &m.id,
            title,
            description,
            target_group,
            output_indicators: m.output_indicators.as_deref().unwrap_or_default(),
            responsible,
            schedule,
            funding_sources: m.funding_sources.as_deref().unwrap_or_default(),
            related_note: m.related_note.as_ref(),
            note: m.note.as_ref(),
            cancelled: m.cancelled.as_ref(),
        };
        self.h
            .add_measure(r, source, card, Card::Later(m), goal_ix, self.plan);
    }
}

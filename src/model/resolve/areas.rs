//! The plan's hierarchy from content/areas/*.toml — areas → strategic goals → specific goals →
//! measures, with their IDs checked against their parents — and then each measure's references
//! to the others (costs covered by another measure, related goals and measures).

use std::collections::HashMap;

use crate::content::schema::{
    AreaFile, CancelledToml, CostToml, Id, ImpactIndicatorToml, MeasureEdition, MeasureToml,
    SpecificGoalToml, StrategicGoalToml,
};
use crate::content::Loaded;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::markdown;
use crate::model::{
    ActionPlanIx, Area, AreaIx, Badge, CardTexts, Cost, ImpactIndicator, Lifecycle, Measure,
    MeasureEdition as Edition, MeasureEnd, MeasureIx, Reference, SpecificGoal, SpecificGoalIx,
    StatusCounts, StrategicGoal, StrategicGoalIx,
};
use crate::pages::route;
use crate::slug::{is_valid_slug, slugify};
use crate::values::RoundedMoney;

use super::resolver::{
    anchor, claim_slug, did_you_mean, id_order, index_by_id, require_unique, warn_stated_count,
    Resolver, Seen,
};

/// The four levels of the plan, as flat vectors linked by index.
pub(super) struct Hierarchy<'c> {
    pub(super) areas: Vec<Area>,
    pub(super) strategic_goals: Vec<StrategicGoal>,
    pub(super) specific_goals: Vec<SpecificGoal>,
    pub(super) measures: Vec<Measure>,
    /// Each action plan's entry for each measure, the first plan's first: their references
    /// can only be resolved once every measure exists.
    pub(super) entries: Vec<Entry<'c>>,
}

/// What one action plan's file says of one measure.
pub(super) struct Entry<'c> {
    pub(super) measure: MeasureIx,
    /// Its index in the measure's `editions`.
    pub(super) edition: usize,
    pub(super) source: &'c SourceFile,
    pub(super) card: Card<'c>,
}

/// A measure's card in the first action plan's area file, or what a later plan changes.
#[derive(Clone, Copy)]
pub(super) enum Card<'c> {
    First(&'c MeasureToml),
    Later(&'c MeasureEdition),
}

/// The text of a new measure's card, from whichever file introduces it.
pub(super) struct NewCard<'c> {
    pub(super) id: &'c Id,
    pub(super) title: &'c str,
    pub(super) description: &'c str,
    pub(super) target_group: &'c str,
    pub(super) output_indicators: &'c [String],
    pub(super) responsible: &'c str,
    pub(super) schedule: &'c str,
    pub(super) funding_sources: &'c [String],
    pub(super) related_note: Option<&'c String>,
    pub(super) note: Option<&'c String>,
    pub(super) cancelled: Option<&'c CancelledToml>,
}

/// Where a node of a grouping or the goal level is listed: directly under an area (the top
/// level) or under a node of a grouping level.
#[derive(Clone, Copy, Debug)]
pub(super) enum Parent {
    Area(AreaIx),
    Group(StrategicGoalIx),
}

/// The IDs of the hierarchy, each with its index.
pub(super) struct HierarchyIds {
    pub(super) areas: HashMap<String, AreaIx>,
    pub(super) strategic_goals: HashMap<String, StrategicGoalIx>,
    pub(super) specific_goals: HashMap<String, SpecificGoalIx>,
    pub(super) measures: HashMap<String, MeasureIx>,
}

/// Builds the hierarchy from the area files in ID order, leaving out (and reporting) every
/// entry whose ID is malformed, misplaced or taken.
pub(super) fn hierarchy<'c>(r: &mut Resolver, files: &'c [Loaded<AreaFile>]) -> Hierarchy<'c> {
    let mut files: Vec<&Loaded<AreaFile>> = files.iter().collect();
    files.sort_by_key(|a| id_order(r.levels, 0, a.data.id.get_ref()));
    let mut walk = Walk {
        h: Hierarchy {
            areas: Vec::new(),
            strategic_goals: Vec::new(),
            specific_goals: Vec::new(),
            measures: Vec::new(),
            entries: Vec::new(),
        },
        seen_ids: Seen::new(),
        seen_slugs: Seen::new(),
    };
    for Loaded { source, data } in files {
        walk.area(r, source, data);
    }
    walk.h
}

/// The hierarchy being built, with the IDs and area slugs taken so far.
struct Walk<'c> {
    h: Hierarchy<'c>,
    seen_ids: Seen,
    seen_slugs: Seen,
}

impl<'c> Walk<'c> {
    fn area(&mut self, r: &mut Resolver, source: &'c SourceFile, data: &'c AreaFile) {
        if !r.check_id(source, &data.id, 1, None)
            || !require_unique(
                r,
                &mut self.seen_ids,
                source,
                &data.id,
                &crate::msg!("resolve.what.id"),
            )
        {
            return;
        }
        let Some(slug) = claim_slug(
            r,
            &mut self.seen_slugs,
            source,
            &data.slug,
            &data.title,
            data.id.span(),
            &crate::msg!("resolve.what.area_slug"),
        ) else {
            return;
        };
        let area_ix = self.h.add_area(
            r,
            data.id.get_ref(),
            &data.title,
            slug,
            &data.target_group,
            &data.goals_intro,
        );
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
        sg: &'c StrategicGoalToml,
        parent: Parent,
    ) {
        let (parent_id, depth) = self.h.parent(parent);
        if !r.check_id(source, &sg.id, depth + 2, Some(&parent_id))
            || !require_unique(
                r,
                &mut self.seen_ids,
                source,
                &sg.id,
                &crate::msg!("resolve.what.id"),
            )
        {
            return;
        }
        let sg_ix = self
            .h
            .add_strategic_goal(sg.id.get_ref(), &sg.title, parent);
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
        goal: &'c SpecificGoalToml,
        parent: Parent,
    ) {
        let (parent_id, depth) = self.h.parent(parent);
        // A two-level plan's goal node is its top node again, under the same ID.
        let implicit = r.levels[r.levels.len() - 2].implicit;
        if !r.check_id(source, &goal.id, depth + 2, Some(&parent_id))
            || !(implicit
                || require_unique(
                    r,
                    &mut self.seen_ids,
                    source,
                    &goal.id,
                    &crate::msg!("resolve.what.id"),
                ))
        {
            return;
        }
        let impact_indicators =
            impact_indicators(r, source, goal.id.get_ref(), &goal.impact_indicator);
        let goal_ix = self.h.add_specific_goal(
            goal.id.get_ref(),
            &goal.title,
            r.md(&goal.expected_impact),
            impact_indicators,
            parent,
        );
        for m in &goal.measure {
            self.measure(r, source, m, goal_ix);
        }
        if let Some(stated) = &goal.stated_measures {
            let actual = self.h.specific_goals[goal_ix].measures.len();
            let (goal_level, items) = (
                r.levels[r.levels.len() - 2].noun(),
                r.levels[r.levels.len() - 1].noun(),
            );
            let ack = goal.acknowledged.as_ref();
            warn_stated_count(r, source, stated, ack, actual, |stated| {
                crate::msg!(
                    "resolve.areas.stated_count",
                    goal_level,
                    goal = goal.id.get_ref(),
                    stated,
                    items,
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
        m: &'c MeasureToml,
        goal_ix: SpecificGoalIx,
    ) {
        let goal = &self.h.specific_goals[goal_ix];
        if !r.check_id(source, &m.id, r.levels.len(), Some(&goal.id))
            || !require_unique(
                r,
                &mut self.seen_ids,
                source,
                &m.id,
                &crate::msg!("resolve.what.id"),
            )
        {
            return;
        }
        let card = NewCard {
            id: &m.id,
            title: &m.title,
            description: &m.description,
            target_group: &m.target_group,
            output_indicators: &m.output_indicators,
            responsible: &m.responsible,
            schedule: &m.schedule,
            funding_sources: &m.funding_sources,
            related_note: m.related_note.as_ref(),
            note: m.note.as_ref(),
            cancelled: m.cancelled.as_ref(),
        };
        self.h.add_measure(
            r,
            source,
            card,
            Card::First(m),
            goal_ix,
            ActionPlanIx::new(0),
        );
    }
}

impl<'c> Hierarchy<'c> {
    /// Adds a new thematic area, its page at `slug`.
    pub(super) fn add_area(
        &mut self,
        r: &Resolver,
        id: &str,
        title: &str,
        slug: String,
        target_group: &str,
        goals_intro: &Option<String>,
    ) -> AreaIx {
        let ix = AreaIx::next(&self.areas);
        self.areas.push(Area {
            id: id.to_string(),
            title: title.to_string(),
            href: r.href(route::AREA, &slug),
            slug,
            target_group_html: r.md(target_group),
            goals_intro_html: r.md_opt(goals_intro),
            strategic_goals: Vec::new(),
            specific_goals: Vec::new(),
            measures: Vec::new(),
            articles: Vec::new(),
            status_counts: StatusCounts::default(),
        });
        ix
    }

    /// The ID and depth (0 = the top) of a parent node.
    pub(super) fn parent(&self, parent: Parent) -> (String, usize) {
        match parent {
            Parent::Area(a) => (self.areas[a].id.clone(), 0),
            Parent::Group(g) => (
                self.strategic_goals[g].id.clone(),
                self.strategic_goals[g].level,
            ),
        }
    }

    /// The area a parent node is in.
    fn area_of(&self, parent: Parent) -> AreaIx {
        match parent {
            Parent::Area(a) => a,
            Parent::Group(g) => self.strategic_goals[g].area,
        }
    }

    /// Adds a new node of a grouping level (a strategic goal) under `parent`.
    pub(super) fn add_strategic_goal(
        &mut self,
        id: &str,
        title: &str,
        parent: Parent,
    ) -> StrategicGoalIx {
        let area_ix = self.area_of(parent);
        let ix = StrategicGoalIx::next(&self.strategic_goals);
        let sg_anchor = anchor(id);
        let (group, level) = match parent {
            Parent::Area(_) => (None, 1),
            Parent::Group(g) => (Some(g), self.strategic_goals[g].level + 1),
        };
        self.strategic_goals.push(StrategicGoal {
            id: id.to_string(),
            title: title.to_string(),
            level,
            href: format!("{}#{sg_anchor}", self.areas[area_ix].href),
            anchor: sg_anchor,
            area: area_ix,
            parent: group,
            groups: Vec::new(),
            specific_goals: Vec::new(),
        });
        match group {
            None => self.areas[area_ix].strategic_goals.push(ix),
            Some(g) => self.strategic_goals[g].groups.push(ix),
        }
        ix
    }

    /// Adds a new node of the goal level (a specific goal) under `parent`.
    pub(super) fn add_specific_goal(
        &mut self,
        id: &str,
        title: &str,
        expected_impact_html: String,
        impact_indicators: Vec<ImpactIndicator>,
        parent: Parent,
    ) -> SpecificGoalIx {
        let area_ix = self.area_of(parent);
        let sg_ix = match parent {
            Parent::Area(_) => None,
            Parent::Group(g) => Some(g),
        };
        let ix = SpecificGoalIx::next(&self.specific_goals);
        let goal_anchor = anchor(id);
        self.specific_goals.push(SpecificGoal {
            id: id.to_string(),
            title: title.to_string(),
            href: format!("{}#{goal_anchor}", self.areas[area_ix].href),
            anchor: goal_anchor,
            expected_impact_html,
            impact_indicators,
            indicator_editions: Vec::new(),
            area: area_ix,
            strategic_goal: sg_ix,
            measures: Vec::new(),
            reports: Vec::new(),
            status_counts: StatusCounts::default(),
        });
        match sg_ix {
            None => self.areas[area_ix].specific_goals.push(ix),
            Some(g) => self.strategic_goals[g].specific_goals.push(ix),
        }
        ix
    }

    /// Adds a new measure under specific goal `goal_ix`, first listed by action plan `plan`.
    pub(super) fn add_measure(
        &mut self,
        r: &Resolver,
        source: &'c SourceFile,
        new: NewCard<'c>,
        card: Card<'c>,
        goal_ix: SpecificGoalIx,
        plan: ActionPlanIx,
    ) {
        let goal = &self.specific_goals[goal_ix];
        let (area_ix, sg_ix) = (goal.area, goal.strategic_goal);
        let measure_ix = MeasureIx::next(&self.measures);
        let slug = slugify(new.id.get_ref());
        let end = new.cancelled.map(|c| cancellation(r, c, plan));
        self.measures.push(Measure {
            id: new.id.get_ref().clone(),
            href: r.href(route::MEASURE, &slug),
            slug,
            title: new.title.to_string(),
            description_html: r.md(new.description),
            description_text: markdown::to_plain_text(new.description),
            target_group: new.target_group.to_string(),
            output_indicators: new.output_indicators.to_vec(),
            responsible: new.responsible.to_string(),
            schedule: new.schedule.to_string(),
            expected_cost: None,
            funding_sources: new.funding_sources.to_vec(),
            related: Vec::new(),
            related_note: new.related_note.cloned(),
            note_html: new.note.map(|n| r.md(n)),
            area: area_ix,
            strategic_goal: sg_ix,
            specific_goal: goal_ix,
            reports: Vec::new(),
            lifecycle: Lifecycle {
                action_plans: vec![plan],
                end,
                replaced_by: None,
                cancelled_badge: None,
            },
            editions: vec![Edition {
                action_plan: plan,
                expected_cost: None,
                responsible: new.responsible.to_string(),
                schedule: new.schedule.to_string(),
                funding: Vec::new(),
                changed: Vec::new(),
                texts: CardTexts::default(),
            }],
            latest_status: None,
            status_history: Vec::new(),
            articles: Vec::new(),
        });
        let texts = CardTexts::of(&self.measures[measure_ix]);
        self.measures[measure_ix].editions[0].texts = texts;
        self.specific_goals[goal_ix].measures.push(measure_ix);
        self.areas[area_ix].measures.push(measure_ix);
        self.entries.push(Entry {
            measure: measure_ix,
            edition: 0,
            source,
            card,
        });
    }

    /// Gives each measure cancelled by its plan the badge its cancellation shows in waves.
    pub(super) fn cancellation_badges(&mut self, badge: &Badge) {
        for m in &mut self.measures {
            if m.lifecycle.cancelled().is_some() {
                m.lifecycle.cancelled_badge = Some(badge.clone());
            }
        }
    }
}

/// How a measure cancelled in action plan `plan` ended.
pub(super) fn cancellation(r: &Resolver, c: &CancelledToml, plan: ActionPlanIx) -> MeasureEnd {
    MeasureEnd {
        key: "cancelled",
        action_plan: plan,
        date: Some(*c.date.get_ref()),
        reason_html: Some(r.md(&c.reason)),
    }
}

/// A specific goal's impact indicators, leaving out (and reporting) keys used twice.
pub(super) fn impact_indicators(
    r: &mut Resolver,
    source: &SourceFile,
    goal_id: &str,
    list: &[ImpactIndicatorToml],
) -> Vec<ImpactIndicator> {
    let mut keys = Seen::new();
    let mut indicators = Vec::new();
    for ind in list {
        if !is_valid_slug(ind.key.get_ref()) {
            r.push(
                source
                    .error_at(
                        ind.key.span(),
                        crate::msg!(
                            "resolve.areas.invalid_indicator_key",
                            key = ind.key.get_ref()
                        ),
                    )
                    .with_hint(crate::msg!(
                        "resolve.areas.invalid_indicator_key_hint",
                        example = slugify(ind.key.get_ref())
                    )),
            );
        }
        if !require_unique(
            r,
            &mut keys,
            source,
            &ind.key,
            &crate::msg!("resolve.what.goal_indicator_key", goal = goal_id),
        ) {
            continue;
        }
        indicators.push(ImpactIndicator {
            key: ind.key.get_ref().clone(),
            name: ind.name.clone(),
            target: ind.target,
            unit: ind.unit.clone(),
            parts: ind.parts.clone(),
            in_plan: ind.in_plan,
        });
    }
    indicators
}

impl Hierarchy<'_> {
    pub(super) fn ids(&self) -> HierarchyIds {
        HierarchyIds {
            areas: index_by_id(self.areas.iter().map(|a| &a.id), AreaIx::new),
            strategic_goals: index_by_id(
                self.strategic_goals.iter().map(|g| &g.id),
                StrategicGoalIx::new,
            ),
            specific_goals: index_by_id(
                self.specific_goals.iter().map(|g| &g.id),
                SpecificGoalIx::new,
            ),
            measures: index_by_id(self.measures.iter().map(|m| &m.id), MeasureIx::new),
        }
    }

    /// Resolves every measure's costs, rows in the declared funding tables and related goals,
    /// each action plan's in turn, so the card shows the latest.
    pub(super) fn resolve_references(
        &mut self,
        r: &mut Resolver,
        ids: &HierarchyIds,
        funding_tables: &[crate::model::funding_tables::FundingTable],
    ) {
        for e in &self.entries {
            let source = e.source;
            let (cost_toml, related_ids, replaced_by, funding) = match e.card {
                Card::First(m) => (
                    m.expected_cost.as_ref(),
                    Some(&m.related),
                    m.replaced_by.as_ref(),
                    &m.funding,
                ),
                Card::Later(m) => (
                    m.expected_cost.as_ref(),
                    m.related.as_ref(),
                    m.replaced_by.as_ref(),
                    &m.funding,
                ),
            };
            let items = super::funding_tables::Items {
                ids: &ids.measures,
                measures: &self.measures,
                level: r.levels.len() - 1,
            };
            let funding = super::funding_tables::item_rows(
                r,
                source,
                funding,
                funding_tables,
                (crate::content::schema::RowsFrom::Plan, &items),
            );
            let expected_cost =
                cost_toml.map(|c| cost(r, source, c, &ids.measures, &self.measures));
            let related: Option<Vec<Reference>> = related_ids.map(|list| {
                list.iter()
                    .filter_map(|id| self.related(r, source, id, ids))
                    .collect()
            });
            let replaced_by = replaced_by.and_then(|id| self.replacement(r, source, id, ids));
            let measure = &mut self.measures[e.measure];
            // Each action plan's funding tables have their own rows: the measure's rows are
            // this plan's, never inherited.
            measure.editions[e.edition].funding = funding;
            if let Some(cost) = expected_cost {
                if e.edition > 0 && cost != measure.expected_cost {
                    measure.editions[e.edition].changed.push("expected_cost");
                }
                measure.expected_cost = cost;
            }
            measure.editions[e.edition].expected_cost = measure.expected_cost.clone();
            if let Some(related) = related {
                measure.related = related;
            }
            if replaced_by.is_some() {
                measure.lifecycle.replaced_by = replaced_by;
            }
        }
    }

    /// The link to a strategic goal, specific goal or measure a measure names as related.
    fn related(
        &self,
        r: &mut Resolver,
        source: &SourceFile,
        id: &Id,
        ids: &HierarchyIds,
    ) -> Option<Reference> {
        let text = id.get_ref();
        let link = if let Some(&i) = ids.strategic_goals.get(text) {
            Some(Reference {
                key: "node.named",
                level: self.strategic_goals[i].level,
                id: text.clone(),
                href: self.strategic_goals[i].href.clone(),
            })
        } else if let Some(&i) = ids.specific_goals.get(text) {
            Some(Reference {
                key: "node.named",
                level: r.levels.len() - 2,
                id: text.clone(),
                href: self.specific_goals[i].href.clone(),
            })
        } else {
            ids.measures.get(text).map(|&i| Reference {
                key: "node.named",
                level: r.levels.len() - 1,
                id: text.clone(),
                href: self.measures[i].href.clone(),
            })
        };
        if link.is_none() {
            let known = ids
                .strategic_goals
                .keys()
                .chain(ids.specific_goals.keys())
                .chain(ids.measures.keys())
                .map(String::as_str);
            let hint = did_you_mean(text, known);
            let mut d = source.error_at(
                id.span(),
                crate::msg!("resolve.areas.unknown_related", text),
            );
            if let Some(h) = hint {
                d = d.with_hint(h);
            }
            r.push(d);
        }
        link
    }
}

impl Hierarchy<'_> {
    /// The link to the measure `replaced_by` names.
    fn replacement(
        &self,
        r: &mut Resolver,
        source: &SourceFile,
        id: &Id,
        ids: &HierarchyIds,
    ) -> Option<Reference> {
        let text = id.get_ref();
        match ids.measures.get(text) {
            Some(&i) => Some(Reference {
                key: "node.named",
                level: r.levels.len() - 1,
                id: text.clone(),
                href: self.measures[i].href.clone(),
            }),
            None => {
                let mut d = source.error_at(
                    id.span(),
                    crate::msg!("resolve.areas.unknown_replacement", text),
                );
                if let Some(h) = did_you_mean(text, ids.measures.keys().map(String::as_str)) {
                    d = d.with_hint(h);
                } else {
                    d = d.with_hint(crate::msg!("resolve.areas.unknown_replacement_hint"));
                }
                r.push(d);
                None
            }
        }
    }
}

/// A planned cost: its amount as shown, or a link to the measure whose cost covers it.
fn cost(
    r: &mut Resolver,
    source: &SourceFile,
    cost: &CostToml,
    measure_ids: &HashMap<String, MeasureIx>,
    measures: &[Measure],
) -> Option<Cost> {
    match (&cost.amount, &cost.same_as) {
        (Some(amount), None) => Some(Cost {
            rounded: Some(RoundedMoney(amount.0)),
            approx: cost.approx,
            amount: Some(*amount),
            same_as: None,
        }),
        (None, Some(other)) => match measure_ids.get(other.get_ref()) {
            Some(&ix) => Some(Cost {
                rounded: None,
                approx: false,
                amount: None,
                same_as: Some(Reference {
                    key: "cost.measure",
                    level: r.levels.len() - 1,
                    id: other.get_ref().clone(),
                    href: measures[ix].href.clone(),
                }),
            }),
            None => {
                let hint = did_you_mean(other.get_ref(), measure_ids.keys().map(String::as_str));
                let mut d = source.error_at(
                    other.span(),
                    crate::msg!("resolve.areas.unknown_same_as", measure = other.get_ref()),
                );
                if let Some(h) = hint {
                    d = d.with_hint(h);
                }
                r.push(d);
                None
            }
        },
        (Some(_), Some(other)) => {
            r.error(source, other.span(), crate::msg!("resolve.areas.cost_both"));
            None
        }
        (None, None) => {
            let message = crate::msg!(
                "resolve.areas.cost_neither",
                currency = r.currency.in_diagnostics()
            );
            r.push(
                Diagnostic::error(source.path.clone(), message)
                    .with_hint(crate::msg!("resolve.areas.cost_neither_hint")),
            );
            None
        }
    }
}

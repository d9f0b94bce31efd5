//! Stage 2 output: the read-only, fully linked site model that templates receive.
//!
//! Entities live in flat vectors and point at each other by index (a measure knows its specific
//! goal, strategic goal and area; an area knows its measures; a measure knows its report in each
//! wave and the articles that name it); each index is typed (`ix.rs`: a [`MeasureIx`] indexes
//! `measures` and nothing else). Domain facts — badge labels, counts of measures by
//! status, progress towards targets, display text of messy values — are computed here, once,
//! and unit-tested; templates only show them.

pub mod changes;
pub mod funding;
pub mod funding_tables;
pub(crate) mod in_wave;
mod ix;
pub mod levels;
mod lifecycle;
pub mod listing;
mod observation;
mod resolve;
pub mod trend;

pub use in_wave::{cancellation_badge, StatusInWave};
pub use ix::{
    ActionPlanIx, AreaIx, ArticleIx, GoalReportIx, IndicatorIx, IndicatorValueIx, MeasureIx,
    MeasureReportIx, PageIx, SpecificGoalIx, StrategicGoalIx, TagIx, WaveIx,
};
pub use lifecycle::{CardTexts, Lifecycle, MeasureEdition, MeasureEnd};
pub use listing::{ListPage, Tag};
pub use observation::{MethodChange, Observation, ObservationText, Part};
pub use resolve::{
    only_in_bodies, reresolve_article, resolve, resolve_with_cache, MarkdownCache, ResolveOptions,
};

use serde::Serialize;

use crate::config::{BaseUrl, SiteConfig};
use crate::values::{
    Date, Decimal, KindLabel, Money, PartialDate, Period, RoundedMoney, Status, StatusDef,
    StatusKind,
};

#[derive(Debug, Serialize)]
pub struct Site {
    pub config: SiteConfig,
    pub base: BaseUrl,
    pub plan: Plan,
    pub areas: Vec<Area>,
    pub strategic_goals: Vec<StrategicGoal>,
    pub specific_goals: Vec<SpecificGoal>,
    pub measures: Vec<Measure>,
    /// Oldest first.
    pub waves: Vec<Wave>,
    pub indicators: Vec<GlobalIndicator>,
    /// Footnotes of the global indicator table as a whole.
    pub indicator_notes_html: Vec<String>,
    /// Newest first.
    pub articles: Vec<Article>,
    /// The pages the list of articles is split into (`[pagination]` in `milnik.toml`).
    pub article_pages: Vec<ListPage>,
    /// The articles' tags, alphabetically.
    pub tags: Vec<Tag>,
    /// The pages of every tag's list of articles, tag by tag.
    pub tag_pages: Vec<(TagIx, ListPage)>,
    /// By weight, then title.
    pub pages: Vec<Page>,
    /// All measures by their status in the latest wave.
    pub status_counts: StatusCounts,
    /// The money of each action plan, oldest first.
    pub funding: Vec<funding::Funding>,
    /// The funding tables the plan declares; their rows are in each plan's [`funding::Funding`].
    pub funding_tables: Vec<funding_tables::FundingTable>,
    /// The statuses a measure can have, the plan's own or the theme's; a [`Status`] names
    /// one by position.
    #[serde(skip)]
    pub statuses: Vec<StatusDef>,
    /// The kinds status tables and charts have a row for: not started, in progress and done
    /// always, and every other kind the plan declares or a wave uses.
    pub status_kinds: Vec<StatusKind>,
    /// The URL segments of the site's sections (the theme's `[route]` texts, with the
    /// segments the plan's levels declare).
    #[serde(skip)]
    pub segments: crate::pages::route::Segments,
    /// The plan's levels, top first.
    pub levels: Vec<levels::Level>,
    /// The photos the articles and pages show, with their variants: empty after resolve,
    /// filled by the photo step ([`crate::photos::prepare`]) once the static files are read.
    #[serde(skip)]
    pub photos: crate::photos::Photos,
}

impl Site {
    pub fn latest_wave(&self) -> Option<&Wave> {
        self.waves.last()
    }

    /// The index of the latest wave, if there is one.
    /// The schedule's next evaluation: the first step marked `evaluation` after as many such
    /// steps as there are published waves (the first wave is the first evaluation).
    pub fn next_evaluation(&self) -> Option<&ScheduleStep> {
        self.plan
            .schedule
            .iter()
            .filter(|s| s.evaluation)
            .nth(self.waves.len())
    }

    pub fn latest_wave_ix(&self) -> Option<WaveIx> {
        WaveIx::all(&self.waves).next_back()
    }

    /// Every measure's index, in plan order.
    pub fn measure_ixs(&self) -> impl DoubleEndedIterator<Item = MeasureIx> + ExactSizeIterator {
        MeasureIx::all(&self.measures)
    }

    /// Every wave's index, oldest first.
    pub fn wave_ixs(&self) -> impl DoubleEndedIterator<Item = WaveIx> + ExactSizeIterator {
        WaveIx::all(&self.waves)
    }

    /// What wave `wave` reports of measure `measure`, with the report of the specific goal it
    /// is part of; `None` when the wave does not report the measure. Every consumer asks this
    /// rather than walking [`Measure::reports`] itself.
    pub fn measure_report(
        &self,
        measure: MeasureIx,
        wave: WaveIx,
    ) -> Option<(&GoalReport, &MeasureReport)> {
        self.measures[measure]
            .reports
            .iter()
            .find(|(w, _, _)| *w == wave)
            .map(|&(w, g, mr)| {
                let goal_report = &self.waves[w].goal_reports[g];
                (goal_report, &goal_report.measures[mr])
            })
    }

    /// What wave `wave` reports of specific goal `goal`, if anything.
    pub fn goal_report(&self, goal: SpecificGoalIx, wave: WaveIx) -> Option<&GoalReport> {
        self.specific_goals[goal]
            .reports
            .iter()
            .find(|(w, _)| *w == wave)
            .map(|&(w, r)| &self.waves[w].goal_reports[r])
    }

    /// The latest report of specific goal `goal` by any wave.
    pub fn last_goal_report(&self, goal: SpecificGoalIx) -> Option<&GoalReport> {
        self.specific_goals[goal]
            .reports
            .last()
            .map(|&(w, r)| &self.waves[w].goal_reports[r])
    }

    /// The latest report of measure `measure` by any wave, with that wave's index: what the
    /// spreadsheet for the next wave shows as the previous status, and what search indexes.
    pub fn last_report(&self, measure: MeasureIx) -> Option<(WaveIx, &MeasureReport)> {
        self.measures[measure]
            .reports
            .last()
            .map(|&(w, g, mr)| (w, &self.waves[w].goal_reports[g].measures[mr]))
    }

    /// The goals of area `area` in plan order, through every grouping level.
    pub fn goals_in_area(&self, area: AreaIx) -> Vec<SpecificGoalIx> {
        let mut goals = self.areas[area].specific_goals.clone();
        for group in self.groups_in_area(area) {
            goals.extend(&self.strategic_goals[group].specific_goals);
        }
        goals
    }

    /// The grouping nodes of area `area` in plan order, each before the ones under it.
    pub fn groups_in_area(&self, area: AreaIx) -> Vec<StrategicGoalIx> {
        fn walk(site: &Site, group: StrategicGoalIx, out: &mut Vec<StrategicGoalIx>) {
            out.push(group);
            for &g in &site.strategic_goals[group].groups {
                walk(site, g, out);
            }
        }
        let mut out = Vec::new();
        for &g in &self.areas[area].strategic_goals {
            walk(self, g, &mut out);
        }
        out
    }

    /// The grouping node `group` and the ones it is part of, top first (a measure's or a
    /// goal's `strategic_goal`); empty for `None`.
    pub fn groups_of(&self, group: Option<StrategicGoalIx>) -> Vec<&StrategicGoal> {
        let mut chain: Vec<&StrategicGoal> =
            std::iter::successors(group.map(|g| &self.strategic_goals[g]), |g| {
                g.parent.map(|p| &self.strategic_goals[p])
            })
            .collect();
        chain.reverse();
        chain
    }

    /// Whether wave `wave` reports measure `measure`.
    pub fn reports_measure(&self, measure: MeasureIx, wave: WaveIx) -> bool {
        self.measures[measure]
            .reports
            .iter()
            .any(|(w, _, _)| *w == wave)
    }
}

#[derive(Debug, Serialize)]
pub struct Plan {
    pub title: String,
    pub owner: String,
    pub period: String,
    /// The title of the latest action plan: "Akční plán I.".
    pub action_plan: String,
    /// Its period: "2023–2025".
    pub action_plan_period: String,
    /// Every action plan, oldest first.
    pub action_plans: Vec<ActionPlan>,
    pub intro_html: String,
    pub implementation_html: Option<String>,
    pub monitoring_html: Option<String>,
    pub abbreviations: Vec<Abbreviation>,
    pub schedule: Vec<ScheduleStep>,
    pub risks: Vec<Risk>,
}

/// A period of the plan with its own document ("Akční plán I.", 2023–2025).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionPlan {
    /// What waves name it by: "I".
    pub id: String,
    pub title: String,
    /// As printed: "2023–2025".
    pub period: String,
    pub approved: Option<Date>,
    /// The first year its period names, which decides the plan a wave evaluates by default.
    #[serde(skip)]
    pub first_year: Option<u16>,
}

impl ActionPlan {
    /// The action plan a wave published on `published` evaluates when it names none: the
    /// latest of `plans` (oldest first) whose period had begun by the year it was published,
    /// else the first; `None` without action plans. The resolve stage applies this to wave
    /// files, and the spreadsheet commands to the next wave.
    pub fn evaluated_by_default(
        plans: &[ActionPlan],
        published: PartialDate,
    ) -> Option<ActionPlanIx> {
        let year = published.first_day().year;
        let begun = plans
            .iter()
            .rposition(|p| p.first_year.is_some_and(|first| first <= year));
        (!plans.is_empty()).then(|| ActionPlanIx::new(begun.unwrap_or(0)))
    }
}

impl Plan {
    /// The action plan whose ID is `id` ("II").
    pub fn action_plan_ix(&self, id: &str) -> Option<ActionPlanIx> {
        ActionPlanIx::enumerate(&self.action_plans)
            .find(|(_, p)| p.id == id)
            .map(|(ix, _)| ix)
    }
}

/// A total as a document prints it, next to the sum milnik computed from the rows.
#[derive(Clone, Debug, Serialize)]
pub struct StatedTotalView {
    pub label: String,
    pub programme: Option<String>,
    pub stated: Money,
    /// None only when the sum overflows.
    pub computed: Option<Money>,
    pub matches: bool,
    pub note_html: Option<String>,
    /// The action plan whose table it totals (allocation totals of `plan.toml`).
    pub action_plan: Option<ActionPlanIx>,
}

#[derive(Debug, Serialize)]
pub struct Abbreviation {
    pub abbr: String,
    pub meaning: String,
}

#[derive(Debug, Serialize)]
pub struct ScheduleStep {
    pub when: String,
    pub items: Vec<String>,
    /// An evaluation report is due then.
    pub evaluation: bool,
}

#[derive(Debug, Serialize)]
pub struct Risk {
    /// "R1", "R2", … in the order of the plan, naming the risk in the risk matrix.
    pub code: String,
    pub name: String,
    pub probability: u8,
    pub impact: u8,
    pub significance: u8,
    pub mitigation: String,
}

/// A link as templates need it: text and a ready-made href.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct Area {
    pub id: String,
    pub title: String,
    pub slug: String,
    pub href: String,
    pub target_group_html: String,
    pub goals_intro_html: Option<String>,
    /// The nodes of the grouping level under it, when the plan has one.
    pub strategic_goals: Vec<StrategicGoalIx>,
    /// Its goals directly under it, when the plan has no grouping level (three levels).
    pub specific_goals: Vec<SpecificGoalIx>,
    /// All measures of the area in plan order.
    pub measures: Vec<MeasureIx>,
    pub articles: Vec<ArticleIx>,
    pub status_counts: StatusCounts,
}

#[derive(Debug, Serialize)]
pub struct StrategicGoal {
    pub id: String,
    pub title: String,
    /// The depth of its level (1 = just under the top).
    pub level: usize,
    pub anchor: String,
    pub href: String,
    pub area: AreaIx,
    /// The grouping node it is part of, when it is not directly under the top.
    pub parent: Option<StrategicGoalIx>,
    /// The nodes of the next grouping level under it (plans of five or six levels).
    pub groups: Vec<StrategicGoalIx>,
    pub specific_goals: Vec<SpecificGoalIx>,
}

#[derive(Debug, Serialize)]
pub struct SpecificGoal {
    pub id: String,
    pub title: String,
    pub anchor: String,
    pub href: String,
    pub expected_impact_html: String,
    /// Its impact indicators and targets as the latest action plan states them.
    pub impact_indicators: Vec<ImpactIndicator>,
    /// Every action plan's impact indicators and targets, oldest first, when a later plan
    /// changed them; empty when the first plan's hold throughout.
    pub indicator_editions: Vec<(ActionPlanIx, Vec<ImpactIndicator>)>,
    pub area: AreaIx,
    /// The grouping node it is part of; `None` in a plan without grouping levels.
    pub strategic_goal: Option<StrategicGoalIx>,
    pub measures: Vec<MeasureIx>,
    /// This goal's report in each wave that has one: (wave, report in the wave).
    pub reports: Vec<(WaveIx, GoalReportIx)>,
    /// Its measures by their status in the latest wave, as the area's are counted.
    pub status_counts: StatusCounts,
}

impl SpecificGoal {
    /// Its impact indicators and targets as action plan `plan` states them.
    pub fn indicators_in(&self, plan: ActionPlanIx) -> &[ImpactIndicator] {
        self.indicator_editions
            .iter()
            .rev()
            .find(|(p, _)| *p <= plan)
            .map_or(&self.impact_indicators, |(_, list)| list)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ImpactIndicator {
    pub key: String,
    pub name: String,
    pub target: Option<Decimal>,
    pub unit: Option<String>,
    pub parts: Vec<String>,
    pub in_plan: bool,
}

#[derive(Debug, Serialize)]
pub struct Measure {
    pub id: String,
    pub slug: String,
    pub href: String,
    pub title: String,
    pub description_html: String,
    /// The description as plain text, for meta descriptions and previews.
    pub description_text: String,
    pub target_group: String,
    pub output_indicators: Vec<String>,
    pub responsible: String,
    pub schedule: String,
    pub expected_cost: Option<Cost>,
    pub funding_sources: Vec<String>,
    /// The goals and measures the card names as related.
    pub related: Vec<Reference>,
    pub related_note: Option<String>,
    pub note_html: Option<String>,
    pub area: AreaIx,
    /// The grouping node its goal is part of; `None` in a plan without grouping levels.
    pub strategic_goal: Option<StrategicGoalIx>,
    pub specific_goal: SpecificGoalIx,
    /// This measure's report in each wave that has one, oldest wave first:
    /// (wave, goal report in the wave, measure report in the goal report).
    pub reports: Vec<(WaveIx, GoalReportIx, MeasureReportIx)>,
    /// The action plans that list it and how it ended, if it did.
    pub lifecycle: Lifecycle,
    /// What each action plan that lists it says of it, oldest first; the card above is the
    /// latest.
    pub editions: Vec<MeasureEdition>,
    /// Its status in the latest wave: reported, carried from an earlier wave or its
    /// cancellation; `None` when the wave neither reports it nor carries a status.
    pub latest_status: Option<Badge>,
    /// Its status in every wave, oldest first.
    pub status_history: Vec<changes::StatusHistoryEntry>,
    pub articles: Vec<ArticleIx>,
}

/// A planned cost as shown: "25 mil. Kč", "Přibližně 100 mil. Kč", "Viz opatření 1.1.1.1".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cost {
    /// The amount as the action plan rounds it ("25 mil. Kč"); `None` when another measure's
    /// cost covers this one.
    pub rounded: Option<RoundedMoney>,
    /// The plan gives the amount as an estimate: the theme words it (`cost.approx`).
    pub approx: bool,
    pub amount: Option<Money>,
    /// Set when the cost is covered by another measure's: the theme words it (`cost.see`).
    pub same_as: Option<Reference>,
}

/// A link to another node of the plan by its ID; `key` is the translation that words it
/// (`node.named`: "{name} {id}", the name of the node's `level`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub key: &'static str,
    /// The depth of the node's level (0 = the top).
    pub level: usize,
    pub id: String,
    pub href: String,
}

impl Measure {
    /// What action plan `plan` says of the measure, when it lists it.
    pub fn edition(&self, plan: ActionPlanIx) -> Option<&MeasureEdition> {
        self.editions.iter().find(|e| e.action_plan == plan)
    }
}

/// A status badge: the status (its text, in the site's language, is the badge's `label`) and
/// the kind that styles it. Looks the same everywhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Badge {
    #[serde(rename = "label")]
    pub status: Status,
    pub kind: StatusKind,
    pub key: &'static str,
}

impl Badge {
    pub fn of(status: Status) -> Self {
        Badge {
            kind: status.kind,
            key: status.kind.key(),
            status,
        }
    }
}

/// How many measures are in each state, and how many the wave did not report on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// By kind, in the order of [`StatusKind::ALL`].
    pub by_kind: [usize; 6],
    pub not_reported: usize,
    pub total: usize,
}

impl StatusCounts {
    pub fn add(&mut self, status: Option<StatusKind>) {
        self.total += 1;
        match status {
            Some(kind) => self.by_kind[kind as usize] += 1,
            None => self.not_reported += 1,
        }
    }

    pub fn of(&self, kind: StatusKind) -> usize {
        self.by_kind[kind as usize]
    }

    /// The counts as rows for tables and charts: one per kind of `kinds` (the site's
    /// [`Site::status_kinds`], so every table of the site has the same rows), in the order of
    /// a measure's life; a `not-reported` row only when some measure has no status.
    pub fn rows(&self, kinds: &[StatusKind]) -> Vec<StatusRow> {
        let mut rows: Vec<StatusRow> = kinds
            .iter()
            .map(|&k| StatusRow {
                label: Some(KindLabel(k)),
                key: k.key(),
                kind: Some(k),
                count: self.of(k),
            })
            .collect();
        if self.not_reported > 0 {
            rows.push(StatusRow {
                label: None,
                key: "not-reported",
                kind: None,
                count: self.not_reported,
            });
        }
        rows
    }
}

/// One status and how many measures have it; `kind` is `None` for measures without a status.
/// `label` words the kind (the plan's first status of that kind); the theme words the
/// `not-reported` row (`status.not_reported`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusRow {
    pub label: Option<KindLabel>,
    pub key: &'static str,
    #[serde(skip)]
    pub kind: Option<StatusKind>,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Wave {
    pub id: String,
    pub slug: String,
    pub href: String,
    /// The action plan the wave evaluates.
    pub action_plan: ActionPlanIx,
    pub title: String,
    pub published: PartialDate,
    pub published_iso: String,
    pub covers: String,
    pub summary_html: Option<String>,
    pub goal_reports: Vec<GoalReport>,
    pub indicator_values: Vec<Observation>,
    /// The text before the year month by month ("Spolupráce v roce 2023").
    pub months_intro_html: Option<String>,
    pub months: Vec<Month>,
    pub programmes_intro_html: Option<String>,
    pub programmes: Vec<Programme>,
    /// Totals printed under the wave's rows of declared tables (`[[stated_total]] table =
    /// "<key>"`), with the sums of those rows: (table index, total).
    pub table_totals: Vec<(usize, StatedTotalView)>,
    pub notes_html: Vec<String>,
    /// The measures in force in its action plan by their status in this wave.
    pub status_counts: StatusCounts,
    /// The kinds its status tables and charts have a row for (see [`Site::status_kinds`]):
    /// those known as of this wave, so later waves do not change its page.
    pub status_kinds: Vec<StatusKind>,
    /// What changed since the previous wave.
    pub changes: changes::WaveChanges,
    /// The printed report's own wordings (`[report]` of the wave file).
    pub report_texts: ReportTexts,
}

/// How a wave's printed report words its title page and its goals' summaries when the city's
/// document does so otherwise than the theme; `None` leaves the theme's text.
#[derive(Debug, Default, Serialize)]
pub struct ReportTexts {
    pub subtitle: Option<String>,
    pub goal_summary: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Month {
    pub month: PartialDate,
    pub text_html: String,
}

#[derive(Debug, Serialize)]
pub struct Programme {
    pub title: String,
    pub text_html: String,
}

#[derive(Debug, Serialize)]
pub struct GoalReport {
    pub specific_goal: SpecificGoalIx,
    pub printed_title: Option<String>,
    pub as_of: Date,
    /// What the date is of: `available` (the data available on it) or `state` (the state
    /// on it); the theme words it (`as_of.*`: "Data dostupná k", "Stav k").
    pub as_of_kind: &'static str,
    pub summary_html: Option<String>,
    pub values: Vec<Observation>,
    pub measures: Vec<MeasureReport>,
    pub notes_html: Vec<String>,
    /// Progress towards each impact indicator's target that has one.
    pub progress: Vec<Progress>,
}

#[derive(Debug, Serialize)]
pub struct MeasureReport {
    pub measure: MeasureIx,
    pub printed_title: Option<String>,
    pub badge: Badge,
    pub implementer: Option<String>,
    pub activity: Option<String>,
    pub service: Option<String>,
    pub period: Option<Period>,
    /// Its rows in the declared tables whose rows the waves give.
    pub funding: Vec<funding_tables::ItemRows>,
    pub note_html: Option<String>,
}

/// How far an impact indicator has come towards its target (the charts word it: "39 z 40
/// (97 %)").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Progress {
    pub indicator: String,
    pub value: Decimal,
    pub target: Decimal,
    /// Rounded down, may exceed 100.
    pub percent: u32,
    /// The bar's width, capped at 100.
    pub bar_percent: u32,
    pub reached: bool,
}

impl Progress {
    pub fn new(indicator: &str, value: Decimal, target: Decimal) -> Option<Self> {
        if target <= Decimal::ZERO || value.is_negative() {
            return None;
        }
        let ratio = value.to_f64() / target.to_f64() * 100.0;
        let percent = ratio.floor().min(f64::from(u32::MAX)) as u32;
        Some(Progress {
            indicator: indicator.to_string(),
            value,
            target,
            percent,
            bar_percent: percent.min(100),
            reached: value >= target,
        })
    }
}

#[derive(Debug, Serialize)]
pub struct GlobalIndicator {
    pub id: String,
    pub href: String,
    pub name: String,
    pub unit: Option<String>,
    /// What the values count, for the chart's value axis ("počet bytů"); the unit by default.
    pub axis_label: Option<String>,
    pub region: Option<String>,
    pub baseline: Observation,
    pub expected_text: String,
    pub expected_kind: crate::content::schema::ExpectedKind,
    pub expected_amount: Option<Decimal>,
    pub notes_html: Vec<String>,
    /// The indicator's value in each wave that reports it: (wave, value in the wave's
    /// `indicator_values`).
    pub values: Vec<(WaveIx, IndicatorValueIx)>,
    /// How the latest reported value compares with the baseline.
    pub trend: Option<TrendView>,
    /// Its value in every wave, oldest first.
    pub history: Vec<changes::IndicatorHistoryEntry>,
}

/// A trend assessment as shown: "Neodpovídá očekávanému trendu".
#[derive(Clone, Debug, Serialize)]
pub struct TrendView {
    /// `meets`, `misses` or `unknown`: the theme words it (`trend.meets`).
    pub key: &'static str,
    pub wave: WaveIx,
}

#[derive(Debug, Serialize)]
pub struct Article {
    pub slug: String,
    pub href: String,
    pub title: String,
    pub date: Date,
    pub date_iso: String,
    pub author: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    /// Its tags' entries in `Site::tags`, in the order of `tags`.
    pub tag_ixs: Vec<TagIx>,
    pub measures: Vec<MeasureIx>,
    pub areas: Vec<AreaIx>,
    pub draft: bool,
    /// The photo at the top of the article and beside it in lists (`cover`, `cover_alt`).
    #[serde(skip)]
    pub cover: Option<ImageUse>,
    #[serde(skip)]
    pub content: RichHtml,
    /// Fingerprint of the source file ([`crate::content::MarkdownFile::hash`]).
    #[serde(skip)]
    pub source_hash: u64,
    /// The source file ("content/articles/x.md"), for messages.
    #[serde(skip)]
    pub source: std::path::PathBuf,
}

#[derive(Debug, Serialize)]
pub struct Page {
    /// The template that renders it (`page.html` unless the front matter names another).
    pub template: String,
    pub slug: String,
    pub href: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: i32,
    pub draft: bool,
    #[serde(skip)]
    pub content: RichHtml,
    /// Fingerprint of the source file ([`crate::content::MarkdownFile::hash`]).
    #[serde(skip)]
    pub source_hash: u64,
    /// The source file ("content/articles/x.md"), for messages.
    #[serde(skip)]
    pub source: std::path::PathBuf,
}

/// Rendered Markdown of an article or page, with the embeds its shortcodes asked for. The HTML
/// holds a marker ([`crate::markdown::embed_marker`]) for each embed; the renderer replaces
/// them with the theme's `shortcodes/*.html`, so templates get finished HTML as `content_html`.
#[derive(Debug, Default)]
pub struct RichHtml {
    /// Shared with the Markdown cache of [`resolve::MarkdownCache`], so unchanged bodies cost
    /// nothing to keep between rebuilds.
    pub html: std::sync::Arc<str>,
    /// One per shortcode, in order; `None` for one that was reported as an error.
    pub embeds: Vec<Option<Embed>>,
    /// Links and images that point into the site, checked once the output exists.
    pub links: std::sync::Arc<[crate::markdown::LocalLink]>,
    /// The images that point into the site, one per [`crate::markdown::photo_marker`] of
    /// `html`; the renderer puts their `<img>` there.
    pub images: Vec<ImageUse>,
}

/// An image of an article's or page's Markdown, or an article's cover, whose file is part of
/// the site.
#[derive(Clone, Debug)]
pub struct ImageUse {
    /// As written (a cover's `plain_html` is empty).
    pub image: crate::markdown::Image,
    /// The output path of its file ("obrazky/poradna.jpg"); `None` when the address climbs
    /// above the site's root (the link check reports it).
    pub path: Option<String>,
    /// Where it is written: a diagnostic whose message the photo step fills in.
    pub at: crate::diagnostics::Diagnostic,
}

/// What a shortcode embeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Embed {
    /// `{{< measure 1.1.1.1 >}}`: the measure's link and current status badge.
    Measure(MeasureIx),
    /// `{{< indicator id >}}`: a global indicator's chart with its data table.
    IndicatorChart(IndicatorIx),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn badge_labels_for_every_status() {
        let defs = crate::values::status::czech_statuses();
        let badge = |s: &str| Badge::of(Status::parse(s, &defs).unwrap());
        let label = |s: &str| {
            crate::values::locale::in_language("cs", || serde_json::to_value(badge(s)).unwrap())
                ["label"]
                .clone()
        };
        assert_eq!(label("Nerealizováno"), "Nerealizováno");
        assert_eq!(badge("Nerealizováno").key, "not-started");
        assert_eq!(label("V realizaci"), "V realizaci");
        assert_eq!(label("V realizaci (3/6)"), "V realizaci (3/6)");
        assert_eq!(badge("V realizaci (3/6)").key, "in-progress");
        assert_eq!(badge("Dokončeno").key, "done");
        assert_eq!(badge("Zrušeno").key, "cancelled");
    }

    #[test]
    fn progress_towards_target() {
        let p = Progress::new("byty", d("39"), d("40")).unwrap();
        assert_eq!((p.percent, p.bar_percent), (97, 97));
        assert!(!p.reached);
        let over = Progress::new("domácnosti", d("53"), d("50")).unwrap();
        assert_eq!(over.percent, 106);
        assert_eq!(over.bar_percent, 100);
        assert!(over.reached);
        assert_eq!(
            Progress::new("x", d("1190"), d("300")).unwrap().percent,
            396
        );
        assert!(Progress::new("x", d("5"), d("0")).is_none());
    }

    #[test]
    fn status_counts_add_up() {
        let mut counts = StatusCounts::default();
        for s in [
            Some(StatusKind::InProgress),
            Some(StatusKind::InProgress),
            Some(StatusKind::NotStarted),
            Some(StatusKind::Done),
            None,
        ] {
            counts.add(s);
        }
        assert_eq!(counts.of(StatusKind::InProgress), 2);
        assert_eq!(counts.of(StatusKind::NotStarted), 1);
        assert_eq!(counts.of(StatusKind::Done), 1);
        assert_eq!(counts.of(StatusKind::Cancelled), 0);
        let keys: Vec<&str> = counts
            .rows(&[
                StatusKind::NotStarted,
                StatusKind::InProgress,
                StatusKind::Done,
            ])
            .iter()
            .map(|r| r.key)
            .collect();
        assert_eq!(keys, ["not-started", "in-progress", "done", "not-reported"]);
        assert_eq!(counts.not_reported, 1);
        assert_eq!(counts.total, 5);
    }
}

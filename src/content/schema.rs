//! The TOML shapes editors write, one struct per table, exactly as documented in
//! `docs/content-model.md`. Every table rejects unknown keys. IDs and references keep their
//! source span (`Spanned`) so the resolver can point at them.
//!
//! Files: `content/plan.toml` ([`PlanFile`]), `content/areas/*.toml` ([`AreaFile`], one per
//! thematic area), `content/waves/*.toml` ([`WaveFile`], one per evaluation wave),
//! `content/indicators.toml` ([`IndicatorsFile`]), `content/action-plans/<id>/*.toml`
//! ([`AreaEditionFile`], what a later action plan says about an area); articles and pages carry
//! [`ArticleFrontMatter`] / [`PageFrontMatter`].

use serde::de::{self, Deserializer};
use serde::Deserialize;
use toml::Spanned;

use crate::values::{Cell, Date, Decimal, DetailKind, Money, PartialDate, Period, StatusKind};

pub type Id = Spanned<String>;

// ---------------------------------------------------------------------------------------------
// content/plan.toml
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// "Plán sociálního začleňování Ostrava 2022–2027".
    pub title: String,
    /// Who adopted the plan: "Statutární město Ostrava".
    pub owner: String,
    /// The plan's whole period, as printed: "2022–2027".
    pub period: String,
    /// The action plans: `[[action_plan]]` tables, oldest first, or (the form of a plan with a
    /// single action plan) its title, `action_plan = "Akční plán I."`, with
    /// `action_plan_period` and `stated_measures` beside it.
    #[serde(default)]
    pub action_plan: ActionPlansToml,
    /// The single action plan's period: "2023–2025".
    #[serde(default)]
    pub action_plan_period: Option<Spanned<String>>,
    /// The number of measures the single action plan says it has ("celkem 48 opatření");
    /// `check` warns when the areas list a different number.
    #[serde(default)]
    pub stated_measures: Option<Spanned<u32>>,
    /// Why the document's figure beside it does not agree with the content, when it is known
    /// to be the document's mistake: `check` then no longer warns about it.
    #[serde(default)]
    pub acknowledged: Option<Spanned<String>>,
    /// What the plan is, in Markdown (home page and about).
    pub intro: String,
    /// How the action plan was made and is implemented, in Markdown.
    #[serde(default)]
    pub implementation: Option<String>,
    /// What every evaluation must contain (the monitoring requirements), in Markdown.
    #[serde(default)]
    pub monitoring: Option<String>,
    #[serde(default)]
    pub abbreviation: Vec<Abbreviation>,
    #[serde(default)]
    pub schedule: Vec<ScheduleStep>,
    #[serde(default)]
    pub risk: Vec<Risk>,
    /// Totals printed under the plan's funding tables, checked against the rows.
    #[serde(default)]
    pub stated_total: Vec<StatedTotal>,
    /// The statuses a measure can have in a wave; none: the theme's, one per kind.
    #[serde(default)]
    pub status: Vec<StatusToml>,
    /// The plan's levels, top first; none: the four of `model::levels::DEFAULT_KEYS`.
    #[serde(default)]
    pub level: Vec<LevelToml>,
    /// Funding tables the plan's documents print, with their own columns; items give their
    /// rows as `[[<item>.funding.<key>]]`.
    #[serde(default)]
    pub funding_table: Vec<FundingTableToml>,
    /// Funding sources the documents name in more than one way; each is counted under one name.
    #[serde(default)]
    pub funding_source: Vec<FundingSourceToml>,
}

/// `[[funding_source]]` in `plan.toml`: one source of funding and the other names the
/// financing table prints for it ("rozpočty městských obvodů" for "Rozpočet městského obvodu").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingSourceToml {
    /// The name the site shows.
    pub name: Spanned<String>,
    /// The other names, counted as this source.
    pub also: Vec<Spanned<String>>,
}

/// `[[funding_table]]` in `plan.toml`: a table of money the plan prints, one or more rows per
/// item, with the columns the document has.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingTableToml {
    /// Names the table in item files (`funding.<key>`), in stated totals and as the open data's
    /// file name: "rozpocet".
    pub key: Id,
    /// As printed: "Rozpočet aktivit na roky 2025–2027".
    pub title: String,
    /// What the document says about the table, shown under its heading: "Tabulka obsahuje
    /// seznam projektů …".
    #[serde(default)]
    pub description: Option<String>,
    /// The table's columns, left to right (the item's name comes first by itself).
    pub column: Vec<FundingColumnToml>,
    /// The key of a text or list column whose values the money columns are also summed by
    /// ("zdroj"); a row with several values in a list column counts under each of them.
    #[serde(default)]
    pub group_by: Option<Id>,
    /// What the funding page's summary reads from it: the planned costs, the allocation or
    /// the funded projects' budgets (its first money column); at most one table each.
    #[serde(default)]
    pub role: Option<Spanned<TableRole>>,
    /// Where its rows are written: in the plan's item files (default) or by the evaluations.
    #[serde(default)]
    pub rows_from: RowsFrom,
    /// For rows the waves give: the key of a text column that identifies a row, so that a
    /// later wave giving the same value again gives the same row ("registrace").
    #[serde(default)]
    pub unique_by: Option<Id>,
}

/// What a declared funding table stands for in the funding page's summary, its sums per
/// top-level node and per source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TableRole {
    /// The costs the plan expects (its `group_by` list column names the sources).
    Planned,
    /// The money a programme sets aside for the plan.
    Allocation,
    /// The budgets of funded projects.
    Projects,
}

impl TableRole {
    pub fn key(self) -> &'static str {
        match self {
            TableRole::Planned => "planned",
            TableRole::Allocation => "allocation",
            TableRole::Projects => "projects",
        }
    }
}

/// Where a declared funding table's rows are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowsFrom {
    /// In the item files of each action plan: `[[<item>.funding.<key>]]`.
    #[default]
    Plan,
    /// In the wave files, per reported item: `[[goal.measure.funding.<key>]]`.
    Wave,
}

/// One column of a declared funding table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingColumnToml {
    /// The key rows use and the open data's column name: "castka_2025".
    pub key: Id,
    /// The column's heading as printed: "2025".
    pub name: String,
    #[serde(default)]
    pub kind: FundingColumnKind,
    /// A money column whose amounts the document prints rounded ("25 mil. Kč").
    #[serde(default)]
    pub rounded: Option<Spanned<bool>>,
}

/// What a funding table's column holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FundingColumnKind {
    /// Text as printed.
    #[default]
    Text,
    /// An amount in the site's currency, summed in the table's totals.
    Money,
    /// Several texts ("Rozpočet obce", "Dotace kraje").
    List,
}

/// One row of a declared funding table: column key → value.
pub type FundingRowToml = Spanned<std::collections::BTreeMap<String, Spanned<toml::Value>>>;

/// An item's rows in one declared funding table: `[[….funding.<key>]]`, or one row written as
/// `[….funding.<key>]`.
#[derive(Debug)]
pub struct FundingRows(pub Vec<FundingRowToml>);

impl<'de> Deserialize<'de> for FundingRows {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Rows;
        impl<'de> de::Visitor<'de> for Rows {
            type Value = FundingRows;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a row (a table of column values) or a list of rows")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<FundingRows, A::Error> {
                Vec::<FundingRowToml>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(FundingRows)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<FundingRows, A::Error> {
                let row = std::collections::BTreeMap::<String, Spanned<toml::Value>>::deserialize(
                    de::value::MapAccessDeserializer::new(map),
                )?;
                // The span of a single row is the whole table's; its first value stands in.
                let span = row.values().next().map_or(0..0, |v| v.span());
                Ok(FundingRows(vec![Spanned::new(span, row)]))
            }
        }
        d.deserialize_any(Rows)
    }
}

/// An item's rows in the plan's declared funding tables, by table key.
pub type FundingToml = std::collections::BTreeMap<String, Spanned<FundingRows>>;

/// `[[level]]` in `plan.toml`: one level of the plan's tree.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelToml {
    /// The table name of its nodes in content files: "strategic_goal", "aktivita".
    pub key: Id,
    /// Its name in the site's language: `{ one = "Priorita", few = "Priority", many = "Priorit" }`.
    pub name: LevelNameToml,
    /// The URL segment of its pages (the top and the item level have pages).
    #[serde(default)]
    pub segment: Option<Id>,
    /// How its own part of an ID is written: "number" (default), "letter", "LETTER", "P{number}".
    #[serde(default)]
    pub id: Option<Id>,
    /// What comes between the parent's ID and its own part: "." (default).
    #[serde(default)]
    pub separator: Option<Id>,
}

/// A level's name in the plural forms of the site's language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelNameToml {
    pub one: String,
    #[serde(default)]
    pub few: Option<String>,
    pub many: String,
}

/// `action_plan` in `plan.toml`: the title of the plan's only action plan, or a table for each.
#[derive(Debug, Default)]
pub enum ActionPlansToml {
    #[default]
    Missing,
    Single(String),
    Declared(Vec<ActionPlanToml>),
}

impl<'de> Deserialize<'de> for ActionPlansToml {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Plans;
        impl<'de> de::Visitor<'de> for Plans {
            type Value = ActionPlansToml;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "the action plan's title (action_plan = \"Akční plán I.\") or [[action_plan]] tables",
                )
            }
            fn visit_str<E: de::Error>(self, title: &str) -> Result<Self::Value, E> {
                Ok(ActionPlansToml::Single(title.to_string()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut plans = Vec::new();
                while let Some(plan) = seq.next_element()? {
                    plans.push(plan);
                }
                Ok(ActionPlansToml::Declared(plans))
            }
        }
        d.deserialize_any(Plans)
    }
}

/// One `[[action_plan]]`: a period of the plan with its own document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPlanToml {
    /// "I", "II": what waves name it by (`action_plan = "II"`).
    pub id: Id,
    /// As printed: "Akční plán I.".
    pub title: String,
    /// As printed: "2023–2025".
    pub period: Spanned<String>,
    /// When the city approved it.
    #[serde(default)]
    pub approved: Option<Date>,
    /// The number of measures it says it has ("celkem 48 opatření").
    #[serde(default)]
    pub stated_measures: Option<Spanned<u32>>,
    /// Why the document's figure beside it does not agree with the content, when it is known
    /// to be the document's mistake: `check` then no longer warns about it.
    #[serde(default)]
    pub acknowledged: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusToml {
    /// The exact printed text: "V realizaci".
    pub label: Spanned<String>,
    pub kind: StatusKind,
    /// What the label may carry in brackets: `reports` ("(2/6)") or `percent` ("(60 %)").
    #[serde(default)]
    pub detail: Option<DetailKind>,
    /// Stays in later waves that do not report the measure again; default: for `done` and
    /// `cancelled`.
    #[serde(default)]
    pub terminal: Option<bool>,
    /// What the status means, for the site's legend of statuses; default: the theme's words
    /// for its kind (`status.meaning.<kind>`).
    #[serde(default)]
    pub meaning: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviation {
    pub abbr: Id,
    pub meaning: String,
}

/// One row of the implementation schedule (Tabulka 4): a time and what happens then.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleStep {
    /// As printed: "Září 2022", "1. pol. 2023", "Podzim 2024".
    pub when: String,
    pub items: Vec<String>,
    /// An evaluation report is due then: the home page names the first such step after the
    /// published waves as the next evaluation.
    #[serde(default)]
    pub evaluation: bool,
}

/// A 1–5 rating on the risk scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Score(pub u8);

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = i64::deserialize(d)?;
        if (1..=5).contains(&v) {
            Ok(Score(v as u8))
        } else {
            Err(de::Error::custom(crate::diagnostics::own(crate::msg!(
                "risk.score",
                value = v
            ))))
        }
    }
}

/// One row of the risk analysis (Tabulka 7).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub name: String,
    pub probability: Score,
    pub impact: Score,
    /// As printed; checked against probability × impact.
    pub significance: Spanned<u8>,
    pub mitigation: String,
}

/// A total printed in a document, checked against the sum of the rows it totals.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedTotal {
    /// As printed: "Celkem OPZ+", "OPZ+ celkem".
    pub label: String,
    /// The key of the declared funding table whose rows it totals.
    pub table: String,
    /// A declared table's rows it sums: the value of the table's `group_by` column; absent:
    /// all rows.
    #[serde(default)]
    pub group: Option<String>,
    /// A declared table's money column it sums; absent: the table's first money column.
    #[serde(default)]
    pub column: Option<Id>,
    pub amount: Spanned<Money>,
    #[serde(default)]
    pub note: Option<String>,
    /// The action plan whose rows of a declared table it totals (in `plan.toml` only); absent:
    /// the first.
    #[serde(default)]
    pub action_plan: Option<Id>,
    /// Why the document's figure beside it does not agree with the content, when it is known
    /// to be the document's mistake: `check` then no longer warns about it.
    #[serde(default)]
    pub acknowledged: Option<Spanned<String>>,
}

// ---------------------------------------------------------------------------------------------
// content/areas/*.toml
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaFile {
    /// "1".
    pub id: Id,
    /// "Bydlení".
    pub title: String,
    /// URL segment; derived from the title when absent ("bydleni").
    #[serde(default)]
    pub slug: Option<Id>,
    /// The area's target group, in Markdown.
    #[serde(default)]
    pub target_group: String,
    /// The introduction to the area's goals ("Struktura strategických cílů"), in Markdown.
    #[serde(default)]
    pub goals_intro: Option<String>,
    /// The nodes of the level under the top when it is a grouping level (read from the
    /// tables named by that level's key; see `content::tree`).
    #[serde(default)]
    pub strategic_goal: Vec<StrategicGoalToml>,
    /// … when it is the goal level (a plan of three levels).
    #[serde(default)]
    pub specific_goal: Vec<SpecificGoalToml>,
}

/// A node of a grouping level (Ostrava's strategic goals).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategicGoalToml {
    /// "1.1".
    pub id: Id,
    pub title: String,
    /// The nodes of the next grouping level (plans of five or six levels).
    #[serde(default)]
    pub strategic_goal: Vec<StrategicGoalToml>,
    #[serde(default)]
    pub specific_goal: Vec<SpecificGoalToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecificGoalToml {
    /// "1.1.1".
    pub id: Id,
    /// The goal as the plan states it, target included.
    pub title: String,
    /// "Očekávaný dopad", in Markdown.
    #[serde(default)]
    pub expected_impact: String,
    /// The number of measures a document states for this goal (Tabulka 2: "(2 opatření)");
    /// `check` warns when the goal has a different number of measures.
    #[serde(default)]
    pub stated_measures: Option<Spanned<u32>>,
    /// Why the document's figure beside it does not agree with the content, when it is known
    /// to be the document's mistake: `check` then no longer warns about it.
    #[serde(default)]
    pub acknowledged: Option<Spanned<String>>,
    #[serde(default)]
    pub impact_indicator: Vec<ImpactIndicatorToml>,
    #[serde(default)]
    pub measure: Vec<MeasureToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactIndicatorToml {
    /// Short name, unique within the goal, used by waves: "zabydlene-domacnosti".
    pub key: Id,
    /// As printed in the action plan.
    pub name: String,
    /// The goal's numeric target for this indicator (40 flats), when it has one.
    #[serde(default)]
    pub target: Option<Decimal>,
    /// Unit shown after values: "%", "osob". Usually absent (counts).
    #[serde(default)]
    pub unit: Option<String>,
    /// Names of the parts of a composite value ("12/12/4/22" has four).
    #[serde(default)]
    pub parts: Vec<String>,
    /// `false` for indicators the evaluation measures that the action plan did not list.
    #[serde(default = "yes")]
    pub in_plan: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureToml {
    /// "1.1.1.1".
    pub id: Id,
    pub title: String,
    /// "Popis opatření", in Markdown (bullet lists included).
    pub description: String,
    /// "Cílová skupina".
    pub target_group: String,
    /// "Indikátory výstupu".
    #[serde(default)]
    pub output_indicators: Vec<String>,
    /// "Odpovědný subjekt".
    pub responsible: String,
    /// "Harmonogram", as printed: "2022–2025", "01/2023–12/2025", "Zahájení v roce 2024".
    pub schedule: String,
    /// "Předpokládané náklady"; absent when the plan prints "-".
    #[serde(default)]
    pub expected_cost: Option<CostToml>,
    /// "Zdroje financování".
    #[serde(default)]
    pub funding_sources: Vec<String>,
    /// "Vazba na další cíle": IDs of strategic goals, specific goals or measures.
    #[serde(default)]
    pub related: Vec<Id>,
    /// Any other text printed under "Vazba na další cíle".
    #[serde(default)]
    pub related_note: Option<String>,
    /// The measure's rows in the plan's declared funding tables (`[[funding_table]]`).
    #[serde(default)]
    pub funding: FundingToml,
    /// Editor's remark shown on the page, e.g. where the documents disagree.
    #[serde(default)]
    pub note: Option<String>,
    /// Ends the measure inside its action plan.
    #[serde(default)]
    pub cancelled: Option<CancelledToml>,
    /// The measure that takes over from this one: "1.1.1.5".
    #[serde(default)]
    pub replaced_by: Option<Id>,
}

/// `cancelled = { date = 2026-03-31, reason = "…" }`: when and why a measure was cancelled.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelledToml {
    pub date: Spanned<Date>,
    /// In Markdown.
    pub reason: String,
}

/// A planned cost: an amount, or a pointer to the measure whose cost covers this one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostToml {
    /// In the site's currency: 25000000 is shown as "25 mil. Kč" on a site in crowns.
    #[serde(default)]
    pub amount: Option<Money>,
    /// Printed with "Přibližně".
    #[serde(default)]
    pub approx: bool,
    /// "Viz opatření 1.1.1.1".
    #[serde(default)]
    pub same_as: Option<Id>,
}

// ---------------------------------------------------------------------------------------------
// content/action-plans/<id>/*.toml: what a later action plan says about the plan's tree
// ---------------------------------------------------------------------------------------------

/// One thematic area as a later action plan prints it. Every key but `id` is optional: what
/// the file leaves out, the area keeps from the action plan before. An area the plan did not
/// have before needs its title and target group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaEditionFile {
    pub id: Id,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub target_group: Option<String>,
    #[serde(default)]
    pub goals_intro: Option<String>,
    #[serde(default)]
    pub strategic_goal: Vec<StrategicGoalEdition>,
    /// Its goals directly under it, in a plan without grouping levels.
    #[serde(default)]
    pub specific_goal: Vec<SpecificGoalEdition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategicGoalEdition {
    pub id: Id,
    #[serde(default)]
    pub title: Option<String>,
    /// The nodes of the next grouping level (plans of five or six levels).
    #[serde(default)]
    pub strategic_goal: Vec<StrategicGoalEdition>,
    #[serde(default)]
    pub specific_goal: Vec<SpecificGoalEdition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecificGoalEdition {
    pub id: Id,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub expected_impact: Option<String>,
    #[serde(default)]
    pub stated_measures: Option<Spanned<u32>>,
    /// Why the document's figure beside it does not agree with the content, when it is known
    /// to be the document's mistake: `check` then no longer warns about it.
    #[serde(default)]
    pub acknowledged: Option<Spanned<String>>,
    /// The goal's impact indicators and targets in this action plan; absent: the previous
    /// plan's. An indicator of the previous plan left out of a given list is no longer the
    /// goal's in this plan.
    #[serde(default)]
    pub impact_indicator: Option<Vec<ImpactIndicatorToml>>,
    #[serde(default)]
    pub measure: Vec<MeasureEdition>,
}

/// A measure as a later action plan prints it: a new measure (every card key the first plan
/// requires), or one carried over (`continues = true`) with only what changed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureEdition {
    pub id: Id,
    /// The measure was in the action plan before and goes on in this one.
    #[serde(default)]
    pub continues: Option<Spanned<bool>>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub target_group: Option<String>,
    #[serde(default)]
    pub output_indicators: Option<Vec<String>>,
    #[serde(default)]
    pub responsible: Option<String>,
    #[serde(default)]
    pub schedule: Option<String>,
    #[serde(default)]
    pub expected_cost: Option<CostToml>,
    #[serde(default)]
    pub funding_sources: Option<Vec<String>>,
    #[serde(default)]
    pub related: Option<Vec<Id>>,
    #[serde(default)]
    pub related_note: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub cancelled: Option<CancelledToml>,
    #[serde(default)]
    pub replaced_by: Option<Id>,
    /// The measure's rows in this action plan's declared funding tables; not inherited: each
    /// plan's table has its own rows.
    #[serde(default)]
    pub funding: FundingToml,
}

// ---------------------------------------------------------------------------------------------
// content/waves/*.toml
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaveFile {
    /// "I".
    pub id: Id,
    /// "Průběžné vyhodnocení I.".
    pub title: String,
    #[serde(default)]
    pub slug: Option<Id>,
    /// When the evaluation was published: "2024-06".
    pub published: PartialDate,
    /// The action plan it evaluates: "II". Default: the latest that had begun by the year it
    /// was published.
    #[serde(default)]
    pub action_plan: Option<Id>,
    /// What period it covers, as a phrase: "rok 2023".
    pub covers: String,
    /// Management summary, in Markdown.
    #[serde(default)]
    pub summary: Option<String>,
    /// Per specific goal: indicator values, measure statuses and the narrative.
    #[serde(default)]
    pub goal: Vec<GoalReportToml>,
    /// Global indicator values in this wave.
    #[serde(default)]
    pub indicator: Vec<ObservationToml>,
    /// The text introducing the year month by month, in Markdown.
    #[serde(default)]
    pub months_intro: Option<String>,
    /// The year month by month.
    #[serde(default)]
    pub month: Vec<MonthToml>,
    /// The text introducing the advisory programmes, in Markdown.
    #[serde(default)]
    pub programmes_intro: Option<String>,
    /// Advisory programmes.
    #[serde(default)]
    pub programme: Vec<ProgrammeToml>,
    /// Totals printed under the wave's rows of declared funding tables whose rows the waves
    /// give (`table = "<key>"`).
    #[serde(default)]
    pub stated_total: Vec<StatedTotal>,
    /// Footnotes of the wave as a whole, in Markdown.
    #[serde(default)]
    pub notes: Vec<String>,
    /// `[report]`: how the wave's printed report words what the theme words otherwise.
    #[serde(default)]
    pub report: WaveReportToml,
}

/// `[report]` of a wave file: the printed report's own wordings, as the city's document has
/// them. Each is optional; without it the theme's text stands.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaveReportToml {
    /// A line on the title page above the plan's name: "Popis spolupráce".
    #[serde(default)]
    pub subtitle: Option<Spanned<String>>,
    /// The heading of each goal's summary: "Shrnutí za rok 2023 a příležitosti v roce 2024".
    #[serde(default)]
    pub goal_summary: Option<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AsOfKind {
    /// "Data dostupná k 30. 4. 2024".
    Available,
    /// "Stav k 31. 12. 2023".
    State,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalReportToml {
    /// The specific goal: "1.1.1".
    pub id: Id,
    /// The goal's title as this evaluation printed it, when it differs from the plan.
    #[serde(default)]
    pub printed_title: Option<String>,
    /// Why the document's figure beside it does not agree with the content, when it is known
    /// to be the document's mistake: `check` then no longer warns about it.
    #[serde(default)]
    pub acknowledged: Option<Spanned<String>>,

    /// The date the values are valid for.
    pub as_of: Date,
    pub as_of_kind: AsOfKind,
    /// "Shrnutí za rok … a příležitosti v roce …", in Markdown.
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub value: Vec<ObservationToml>,
    #[serde(default)]
    pub measure: Vec<MeasureReportToml>,
    /// Footnotes, in Markdown.
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureReportToml {
    /// The measure: "1.1.1.1".
    pub id: Id,
    /// The title as this evaluation printed it, when it differs from the plan.
    #[serde(default)]
    pub printed_title: Option<String>,
    /// Why the document's figure beside it does not agree with the content, when it is known
    /// to be the document's mistake: `check` then no longer warns about it.
    #[serde(default)]
    pub acknowledged: Option<Spanned<String>>,

    /// One of the plan's statuses, as printed: "V realizaci (2/6)"; checked when resolved.
    pub status: Spanned<String>,
    /// Who carries it out ("Realizátor"); absent when the evaluation prints "-".
    #[serde(default)]
    pub implementer: Option<String>,
    /// "Projektová aktivita" or "Neprojektová aktivita".
    #[serde(default)]
    pub activity: Option<String>,
    /// Abbreviation of the social service type: "OSP", "SAS", "TP".
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub period: Option<Period>,
    /// The measure's rows in the declared funding tables whose rows the waves give
    /// (`rows_from = "wave"`), by table key.
    #[serde(default)]
    pub funding: FundingToml,
    /// Editor's remark, e.g. where the document misprinted this row.
    #[serde(default)]
    pub note: Option<String>,
}

/// One value of an indicator, with everything that can be printed around it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservationToml {
    /// Which indicator: the impact indicator's `key` (in a goal) or the global indicator's `id`.
    #[serde(default)]
    pub indicator: Option<Id>,
    /// A number, "n. a." or "-". Absent only for composite values given by `parts`.
    #[serde(default)]
    pub value: Option<Spanned<Cell>>,
    /// Printed with "cca".
    #[serde(default)]
    pub approx: bool,
    /// The region's value printed after "vs." ("3,01 % vs. 2,28 %").
    #[serde(default)]
    pub region: Option<Cell>,
    /// Rank printed after the value ("174,1, 2. v ČR" has rank 2 …).
    #[serde(default)]
    pub rank: Option<u32>,
    /// … in scope "v ČR".
    #[serde(default)]
    pub rank_scope: Option<String>,
    /// The parts of a composite value ("12/12/4/22").
    #[serde(default)]
    pub parts: Vec<Cell>,
    /// The value's own date when it differs from its table's.
    #[serde(default)]
    pub as_of: Option<Date>,
    /// The period the value describes, as printed: "2021", "12/2023", "školní rok 2022/23".
    #[serde(default)]
    pub period: Option<String>,
    /// "Ostrava", "Ostrava vs. MSK".
    #[serde(default)]
    pub territory: Option<String>,
    /// The indicator's name as printed here, when it differs.
    #[serde(default)]
    pub label: Option<String>,
    /// Footnote, in Markdown.
    #[serde(default)]
    pub note: Option<String>,
    /// The evaluation's comment on this value, in Markdown.
    #[serde(default)]
    pub comment: Option<String>,
    /// The value is counted by a new method: the series breaks before it. Only on a global
    /// indicator's value in a wave file.
    #[serde(default)]
    pub method_change: Option<Spanned<MethodChangeToml>>,
}

/// A break in an indicator's series: from this value on it is counted another way.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodChangeToml {
    /// What changed, in a sentence: shown under the chart and beside the value.
    pub note: Spanned<String>,
    /// The same period counted by the previous method, where the source gives it (526 social
    /// flats by the original count): the chart continues the old line to it.
    #[serde(default)]
    pub previous_value: Option<Decimal>,
    /// The period `previous_value` is for, when it differs from the value's own.
    #[serde(default)]
    pub previous_period: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthToml {
    /// "2023-01".
    pub month: PartialDate,
    /// In Markdown.
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeToml {
    pub title: String,
    /// In Markdown.
    pub text: String,
}

// ---------------------------------------------------------------------------------------------
// content/indicators.toml
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsFile {
    #[serde(default)]
    pub indicator: Vec<GlobalIndicatorToml>,
    /// Footnotes of the indicator table, in Markdown.
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalIndicatorToml {
    /// URL slug: "pocet-socialnich-bytu".
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub unit: Option<String>,
    /// What the values count, written on the chart's value axis: "počet bytů", "% obyvatel
    /// 15–64 let". Defaults to `unit`.
    #[serde(default)]
    pub axis_label: Option<Spanned<String>>,
    /// The region compared with, when values come in pairs: "MSK".
    #[serde(default)]
    pub region: Option<String>,
    pub baseline: ObservationToml,
    pub expected: ExpectedToml,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The expected value or trend for the plan's final year.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedToml {
    /// As printed: "Méně než 16", "Pokles pod krajskou hodnotu".
    pub text: String,
    pub kind: ExpectedKind,
    /// The number in the text, for kinds that have one (16, 700, 500).
    #[serde(default)]
    pub amount: Option<Decimal>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpectedKind {
    /// "Méně než 16".
    Below,
    /// "Minimálně 700".
    AtLeast,
    /// "Pokles".
    Decrease,
    /// "Pokles o 500".
    DecreaseBy,
    /// "Zvýšit o 500".
    IncreaseBy,
    /// "Pokles pod krajskou hodnotu".
    BelowRegion,
    /// "Pokles v pořadí krajských měst".
    RankDecrease,
}

// ---------------------------------------------------------------------------------------------
// Articles and pages (TOML front matter between `+++` lines)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFrontMatter {
    pub title: String,
    pub date: Spanned<Date>,
    #[serde(default)]
    pub author: Option<String>,
    /// One or two sentences for lists and previews.
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Measures the article is about: "2.1.2.1".
    #[serde(default)]
    pub measures: Vec<Id>,
    /// Thematic areas the article is about: "1".
    #[serde(default)]
    pub areas: Vec<Id>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// URL segment; derived from the file name when absent.
    #[serde(default)]
    pub slug: Option<Id>,
    /// A photo in static/ shown at the top of the article, in lists and as `og:image`:
    /// "/obrazky/poradna.jpg".
    #[serde(default)]
    pub cover: Option<Spanned<String>>,
    /// What the cover photo shows; required with `cover`.
    #[serde(default)]
    pub cover_alt: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: String,
    /// URL segment; derived from the file name when absent.
    #[serde(default)]
    pub slug: Option<Id>,
    /// For the page's meta description.
    #[serde(default)]
    pub description: Option<String>,
    /// Order in the footer menu (smaller first).
    #[serde(default)]
    pub weight: i32,
    /// The template that renders the page, e.g. "about.html" (default "page.html").
    #[serde(default)]
    pub template: Option<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
}

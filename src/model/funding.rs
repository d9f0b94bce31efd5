//! Money across the plan, computed from the rows, one [`Funding`] per action plan: the funded
//! projects of the waves that evaluate it with totals per programme, the rows of the declared
//! funding tables, and the planned costs, allocations and project budgets the tables with a
//! role give, per top-level node and per funding source. Every sum here comes from the content;
//! stated totals are compared with them in the resolver.

use std::collections::BTreeMap;

use serde::Serialize;

use super::funding_tables::{FundingTable, TableRole, TableRows};
use super::{ActionPlanIx, Area, AreaIx, Measure, MeasureIx, Money, Wave};
use crate::values::Decimal;

#[derive(Debug, Serialize)]
pub struct Sum {
    /// The programme summed; `None` for the sum of all rows, which the theme words
    /// (`totals.all`).
    pub label: Option<String>,
    pub amount: Money,
    /// How many rows it adds up.
    pub count: usize,
}

/// What one thematic area plans and has secured.
#[derive(Debug, Serialize)]
pub struct AreaFunding {
    pub area: AreaIx,
    /// Sum of the planned costs in the financing table, for measures that state an amount.
    pub planned: Money,
    pub planned_count: usize,
    /// Sum of the counted allocations.
    pub allocation: Money,
    /// Sum of the budgets of funded projects (each counted once).
    pub projects: Money,
    pub project_count: usize,
}

/// A funding source named in the financing table, with the measures that name it.
#[derive(Debug, Serialize)]
pub struct SourceFunding {
    pub source: String,
    pub measures: usize,
    /// Planned costs of those measures (shared with the measures' other sources).
    pub planned: Money,
    /// Planned costs of the measures it is the only source of: these add up across sources
    /// without counting a measure twice.
    pub sole: Money,
    pub sole_count: usize,
}

/// Planned costs of the measures that name several sources (each measure once).
#[derive(Debug, Serialize)]
pub struct SharedFunding {
    pub planned: Money,
    pub measures: usize,
}

/// The money of one action plan.
#[derive(Debug, Serialize)]
pub struct Funding {
    pub action_plan: ActionPlanIx,
    /// The budgets of the projects table (role `projects`) per group, then the overall sum
    /// last; a row a later wave gives again counts once, as the latest gives it.
    pub project_totals: Vec<Sum>,
    /// Counted allocations per programme, then the overall sum last.
    pub allocation_totals: Vec<Sum>,
    pub areas: Vec<AreaFunding>,
    pub sources: Vec<SourceFunding>,
    /// The measures with an amount that name several sources.
    pub shared: SharedFunding,
    /// Planned costs over all measures with an amount (each once), and how many they are.
    pub planned: Money,
    pub planned_count: usize,
    /// The rows of the declared funding tables, one entry per table in declaration order.
    pub tables: Vec<super::funding_tables::TableRows>,
}

/// `a + b`, or `a` when the sum overflows (the sums here are shown, not checked).
pub(crate) fn add(a: Money, b: Money) -> Money {
    Money(a.0.checked_add(b.0).unwrap_or(a.0))
}

pub(crate) const ZERO: Money = Money(Decimal::ZERO);

/// Sums per key (in key order) and the overall sum (without a label); a row with several keys
/// counts under each and once overall.
pub(crate) fn totals<K: AsRef<str>>(rows: impl Iterator<Item = (Vec<K>, Money)>) -> Vec<Sum> {
    let mut per: BTreeMap<String, (Money, usize)> = BTreeMap::new();
    let mut all = (ZERO, 0);
    for (keys, amount) in rows {
        for key in keys {
            let e = per.entry(key.as_ref().to_string()).or_insert((ZERO, 0));
            *e = (add(e.0, amount), e.1 + 1);
        }
        all = (add(all.0, amount), all.1 + 1);
    }
    let mut sums: Vec<Sum> = per
        .into_iter()
        .map(|(k, (amount, count))| Sum {
            label: Some(k),
            amount,
            count,
        })
        .collect();
    if !sums.is_empty() || all.1 > 0 {
        sums.push(Sum {
            label: None,
            amount: all.0,
            count: all.1,
        });
    }
    sums
}

/// A funding source's name for grouping: "Rozpočet města" and "rozpočet města" are one source.
pub(crate) fn source_key(source: &str) -> String {
    let mut chars = source.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The money of every action plan, oldest first: the rows of its declared tables (its items'
/// and those the waves evaluating it give), summed by role.
/// Each plan's sums are its own, so adding a plan never changes an earlier plan's.
pub fn compute(
    areas: &[Area],
    measures: &[Measure],
    waves: &[Wave],
    plans: usize,
    tables: &[FundingTable],
) -> Vec<Funding> {
    (0..plans)
        .map(|k| {
            let plan = ActionPlanIx::new(k);
            let rows = super::funding_tables::rows_in_plan(tables, measures, waves, plan);
            let summed = Summed::of(tables, &rows);
            Funding {
                tables: rows,
                ..compute_plan(areas, measures, plan, summed)
            }
        })
        .collect()
}

/// What the funding summary adds up in one action plan: the rows of the declared tables with
/// a role.
struct Summed {
    /// Planned costs: the item, its amount (`None` when its row gives none) and its sources,
    /// named as counted, in text order.
    planned: Vec<(MeasureIx, Option<Money>, Vec<String>)>,
    /// Counted allocations: the item, its groups (programmes) and its amount.
    allocations: Vec<(MeasureIx, Vec<String>, Money)>,
    /// Projects' budgets, each project once at its latest: the item, its groups, its amount.
    budgets: Vec<(MeasureIx, Vec<String>, Money)>,
}

impl Summed {
    fn of(tables: &[FundingTable], rows: &[TableRows]) -> Summed {
        let mut budgets: Vec<(MeasureIx, Vec<String>, Money)> = Vec::new();
        let mut allocations: Vec<(MeasureIx, Vec<String>, Money)> = Vec::new();
        let mut planned: Vec<(MeasureIx, Option<Money>, Vec<String>)> = Vec::new();
        for (table, rows) in rows.iter().map(|r| (&tables[r.table], r)) {
            let Some(role) = table.role else { continue };
            for row in rows.summed() {
                let amount = table.role_amount(&row.cells);
                let groups = table.groups_of(&row.cells);
                match role {
                    TableRole::Planned => planned.push((row.measure, amount, groups)),
                    TableRole::Allocation => {
                        allocations.push((row.measure, groups, amount.unwrap_or(ZERO)))
                    }
                    TableRole::Projects => {
                        budgets.push((row.measure, groups, amount.unwrap_or(ZERO)))
                    }
                }
            }
        }
        Summed {
            planned,
            allocations,
            budgets,
        }
    }
}

fn compute_plan(
    areas: &[Area],
    measures: &[Measure],
    plan: ActionPlanIx,
    summed: Summed,
) -> Funding {
    let Summed {
        planned: planned_rows,
        allocations,
        budgets,
    } = summed;
    let project_totals = totals(budgets.iter().map(|(_, g, a)| (g.clone(), *a)));
    let allocation_totals = totals(allocations.iter().map(|(_, g, a)| (g.clone(), *a)));
    let area_of = |m: MeasureIx| measures[m].area;
    let areas: Vec<AreaFunding> = AreaIx::enumerate(areas)
        .map(|(ai, _)| {
            let mut f = AreaFunding {
                area: ai,
                planned: ZERO,
                planned_count: 0,
                allocation: ZERO,
                projects: ZERO,
                project_count: 0,
            };
            for (_, amount, _) in planned_rows.iter().filter(|p| area_of(p.0) == ai) {
                if let Some(amount) = amount {
                    f.planned = add(f.planned, *amount);
                    f.planned_count += 1;
                }
            }
            for (_, _, amount) in allocations.iter().filter(|a| area_of(a.0) == ai) {
                f.allocation = add(f.allocation, *amount);
            }
            for (_, _, amount) in budgets.iter().filter(|b| area_of(b.0) == ai) {
                f.projects = add(f.projects, *amount);
                f.project_count += 1;
            }
            f
        })
        .collect();

    let mut sources: BTreeMap<String, SourceFunding> = BTreeMap::new();
    let mut shared = SharedFunding {
        planned: ZERO,
        measures: 0,
    };
    for (_, amount, keys) in &planned_rows {
        for key in keys {
            let entry = sources.entry(key.clone()).or_insert(SourceFunding {
                source: key.clone(),
                measures: 0,
                planned: ZERO,
                sole: ZERO,
                sole_count: 0,
            });
            entry.measures += 1;
            if let Some(amount) = amount {
                entry.planned = add(entry.planned, *amount);
                if keys.len() == 1 {
                    entry.sole = add(entry.sole, *amount);
                    entry.sole_count += 1;
                }
            }
        }
        if let (Some(amount), true) = (amount, keys.len() > 1) {
            shared.planned = add(shared.planned, *amount);
            shared.measures += 1;
        }
    }
    let (planned, planned_count) = areas.iter().fold((ZERO, 0), |(sum, n), a| {
        (add(sum, a.planned), n + a.planned_count)
    });
    let mut sources: Vec<SourceFunding> = sources.into_values().collect();
    sources.sort_by(|a, b| {
        b.measures
            .cmp(&a.measures)
            .then_with(|| a.source.cmp(&b.source))
    });

    Funding {
        action_plan: plan,
        project_totals,
        allocation_totals,
        areas,
        sources,
        shared,
        planned,
        planned_count,
        tables: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        Money(Decimal::parse(text).unwrap())
    }

    #[test]
    fn totals_per_key_and_overall() {
        let rows = [
            (vec!["OPZ+"], money("14 964 994,80")),
            (vec!["IROP"], money("30 969 331,66")),
            (vec!["OPZ+"], money("14 999 040,00")),
        ];
        let sums = totals(rows.into_iter());
        assert_eq!(sums.len(), 3);
        assert_eq!(sums[0].label.as_deref(), Some("IROP"));
        assert_eq!(sums[1].label.as_deref(), Some("OPZ+"));
        assert_eq!(sums[1].amount, money("29 964 034,80"));
        assert_eq!(sums[1].count, 2);
        assert_eq!(sums[2].label, None);
        assert_eq!(sums[2].amount, money("60 933 366,46"));
        assert!(totals(std::iter::empty::<(Vec<&str>, Money)>()).is_empty());
    }

    #[test]
    fn sources_group_regardless_of_capitalisation() {
        assert_eq!(source_key("rozpočet města"), "Rozpočet města");
        assert_eq!(source_key(" OPZ+"), "OPZ+");
    }
}

//! Reading a plan's tree from an area file whose tables are named by the plan's own levels
//! (`[[opatreni]]`, `[[opatreni.aktivita]]`): before the file is deserialized, each level's
//! key is renamed to the schema's table for the level's role (`strategic_goal` for a grouping
//! level, `specific_goal` for the goal level, `measure` for the item level), so one schema
//! reads trees of two to six levels and diagnostics keep their file, line and column.
//! A role's table name written where the plan's levels do not put it is reported here.
//!
//! In a plan of two levels the top node is its own goal node (see `model::levels`): its items,
//! impact indicators, expected impact and stated count stand in the area file itself and are
//! moved here into one `specific_goal` table with the area's ID and title.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::levels::{role, Role, DEFAULT_KEYS};

/// The schema's table name of the level at `depth` of a plan with `count` levels.
fn table_of(depth: usize, count: usize) -> &'static str {
    match role(depth, count) {
        Role::Group => "strategic_goal",
        Role::Goal => "specific_goal",
        Role::Item | Role::Top => "measure",
    }
}

/// The schema's names of nested tables, which only the levels' own keys may produce.
const ROLE_TABLES: [&str; 3] = ["strategic_goal", "specific_goal", "measure"];

/// The level keys an area file is read with: the plan's `[[level]] key`s, top first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelKeys(pub Vec<String>);

impl Default for LevelKeys {
    fn default() -> Self {
        LevelKeys(DEFAULT_KEYS.iter().map(|k| k.to_string()).collect())
    }
}

impl LevelKeys {
    /// The keys `plan.toml` declares, when it declares a usable set (as many as a plan may
    /// have, each a key, none reserved or twice); else the default four, so that the plan's
    /// mistake is reported rather than every area file's tables.
    pub fn of(plan: Option<&super::schema::PlanFile>) -> LevelKeys {
        let declared: Vec<String> = plan
            .map(|p| p.level.iter().map(|l| l.key.get_ref().clone()).collect())
            .unwrap_or_default();
        use crate::model::levels::{is_key, DEPTHS, RESERVED};
        let usable = DEPTHS.contains(&declared.len())
            && declared.iter().enumerate().all(|(i, k)| {
                is_key(k) && !RESERVED.contains(&k.as_str()) && !declared[..i].contains(k)
            });
        if usable {
            LevelKeys(declared)
        } else {
            LevelKeys::default()
        }
    }
}

/// Parses an area file (or a later action plan's) read with the plan's level keys.
pub(super) fn parse_tree<T: DeserializeOwned>(
    source: &SourceFile,
    keys: &LevelKeys,
) -> Result<T, Diagnostic> {
    let mut root = DeTable::parse(&source.text).map_err(|e| source.toml_error(&e))?;
    if let Err((span, message)) = rename(root.get_mut(), 0, keys) {
        return Err(source.error_at(span, message.0).with_hint(message.1));
    }
    T::deserialize(toml::de::Deserializer::from(root)).map_err(|e| {
        status_belongs_in_waves(source.toml_error_worded(&e, |m| declared_names(m, keys)))
    })
}

/// A measure's status written in an area file, where it is an unknown key: says that statuses
/// are written per wave, in the wave files, instead of listing the keys an area takes.
fn status_belongs_in_waves(mut d: Diagnostic) -> Diagnostic {
    for key in ["status", "state", "stav"] {
        if d.message == crate::msg!("toml.unknown_key", key) {
            d.message = crate::msg!("content.status_in_area", key);
            d.hint = Some(crate::msg!("content.status_in_area_hint"));
        }
    }
    d
}

type Problem = (std::ops::Range<usize>, (String, String));

/// Renames the key of the level under `depth` in `table` to its role's table, and so on down.
fn rename(table: &mut DeTable<'_>, depth: usize, keys: &LevelKeys) -> Result<(), Problem> {
    let count = keys.0.len();
    let Some(child_key) = keys.0.get(depth + 1) else {
        return Ok(());
    };
    let table_name = table_of(depth + 1, count);
    for (key, _) in table.iter() {
        let name: &str = key.get_ref();
        if ROLE_TABLES.contains(&name) && name != child_key {
            return Err((
                key.span(),
                (
                    crate::msg!("content.unknown_table", name),
                    crate::msg!(
                        "content.unknown_table_hint",
                        levels = keys
                            .0
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(" → "),
                        level = keys.0[depth],
                        child = child_key
                    ),
                ),
            ));
        }
    }
    if child_key != table_name {
        if let Some((key, value)) = table.remove_entry(child_key.as_str()) {
            table.insert(Spanned::new(key.span(), Cow::Borrowed(table_name)), value);
        }
    }
    if count == 2 {
        wrap_goal(table);
        return Ok(());
    }
    if let Some(children) = table.get_mut(table_name) {
        if let DeValue::Array(items) = children.get_mut() {
            for item in items.iter_mut() {
                if let DeValue::Table(child) = item.get_mut() {
                    rename(child, depth + 1, keys)?;
                }
            }
        }
    }
    Ok(())
}

/// The keys of a goal node that a two-level plan's top node holds itself.
const GOAL_KEYS: [&str; 4] = [
    "expected_impact",
    "stated_measures",
    "impact_indicator",
    "measure",
];

/// Moves the goal's keys of a two-level plan's top node into one `specific_goal` table with
/// the node's ID and title.
fn wrap_goal(table: &mut DeTable<'_>) {
    let mut goal = DeTable::new();
    for key in GOAL_KEYS {
        if let Some((k, v)) = table.remove_entry(key) {
            goal.insert(k, v);
        }
    }
    let Some((id_key, id)) = table.get_key_value("id") else {
        return;
    };
    let span = id_key.span();
    goal.insert(id_key.clone(), id.clone());
    if let Some((k, v)) = table.get_key_value("title") {
        goal.insert(k.clone(), v.clone());
    }
    let mut goals = toml::de::DeArray::new();
    goals.push(Spanned::new(span.clone(), DeValue::Table(goal)));
    let goals = DeValue::Array(goals);
    table.insert(
        Spanned::new(span.clone(), Cow::Borrowed("specific_goal")),
        Spanned::new(span, goals),
    );
}

/// A serde message about an area file's tables with the schema's table names replaced by the
/// plan's level keys, and the names that cannot be children of the table left out.
fn declared_names(message: &str, keys: &LevelKeys) -> String {
    let count = keys.0.len();
    // The depths whose children the table that failed may hold, told by the keys only its
    // struct has: the top's `goals_intro`, the goal level's `expected_impact`.
    let depths: Vec<usize> = if message.contains("`goals_intro`") {
        vec![0]
    } else if message.contains("`expected_impact`") {
        vec![count.saturating_sub(2)]
    } else {
        (1..count.saturating_sub(2)).collect()
    };
    let mut out = message.to_string();
    if count == 2 {
        // The top node's struct lists both group and goal tables; it holds the goal's keys.
        let goal_keys = format!(
            ", `expected_impact`, `stated_measures`, `impact_indicator`, `{}`",
            keys.0[1]
        );
        return out.replace(", `strategic_goal`, `specific_goal`", &goal_keys);
    }
    for name in ROLE_TABLES {
        let quoted = format!("`{name}`");
        if !out.contains(&quoted) {
            continue;
        }
        let declared: Vec<String> = depths
            .iter()
            .filter(|&&d| d + 1 < count && table_of(d + 1, count) == name)
            .map(|&d| format!("`{}`", keys.0[d + 1]))
            .collect();
        out = if declared.is_empty() {
            out.replace(&format!(", {quoted}"), "")
        } else {
            out.replace(&quoted, &declared.join(", "))
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> LevelKeys {
        LevelKeys(k.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn a_misspelt_table_is_told_by_the_plans_own_name() {
        let keys = keys(&["priorita", "opatreni", "aktivita"]);
        let text = "id = \"1\"\ntitle = \"Senioři\"\n\n[[opatreni]]\nid = \"1.1\"\ntitle = \"T\"\n\n[[opatreni.aktivta]]\nid = \"1.1.a\"\n";
        let source = SourceFile::new("content/areas/1-seniori.toml", text.to_string());
        let Err(d) = parse_tree::<crate::content::schema::AreaFile>(&source, &keys) else {
            panic!("a misspelt table must be refused");
        };
        assert_eq!(d.message, "unknown key `aktivta`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `aktivita`?"));
        assert_eq!(d.location.map(|l| l.line), Some(8));
    }

    #[test]
    fn a_two_level_plans_top_node_holds_its_goal() {
        use crate::content::schema::{AreaEditionFile, AreaFile};
        let keys = keys(&["priorita", "opatreni"]);
        let text = "id = \"2\"\ntitle = \"Rodiny\"\nexpected_impact = \"Méně dětí v ústavech.\"\n\n[[impact_indicator]]\nkey = \"deti\"\nname = \"Počet dětí\"\n\n[[opatreni]]\nid = \"2.1\"\ntitle = \"Poradna\"\ndescription = \"D\"\ntarget_group = \"T\"\nresponsible = \"R\"\nschedule = \"2026\"\n";
        let source = SourceFile::new("content/areas/2-rodiny.toml", text.to_string());
        let area: AreaFile = parse_tree(&source, &keys).unwrap();
        assert_eq!(area.specific_goal.len(), 1);
        let goal = &area.specific_goal[0];
        assert_eq!(
            (goal.id.get_ref().as_str(), goal.title.as_str()),
            ("2", "Rodiny")
        );
        assert_eq!(goal.expected_impact, "Méně dětí v ústavech.");
        assert_eq!(goal.impact_indicator.len(), 1);
        assert_eq!(goal.measure[0].id.get_ref(), "2.1");
        // A later plan's file: only what changes, the area's goal included.
        let text = "id = \"2\"\n\n[[opatreni]]\nid = \"2.1\"\ncontinues = true\n";
        let source = SourceFile::new("content/action-plans/II/2-rodiny.toml", text.to_string());
        let edition: AreaEditionFile = parse_tree(&source, &keys).unwrap();
        assert_eq!(edition.specific_goal[0].id.get_ref(), "2");
        assert_eq!(edition.specific_goal[0].title, None);
        assert_eq!(edition.specific_goal[0].measure[0].id.get_ref(), "2.1");
    }

    #[test]
    fn messages_name_the_plans_own_tables() {
        let three = keys(&["priorita", "opatreni", "aktivita"]);
        assert_eq!(
            declared_names(
                "unknown field `x`, expected one of `id`, `title`, `slug`, `target_group`, `goals_intro`, `strategic_goal`, `specific_goal`",
                &three
            ),
            "unknown field `x`, expected one of `id`, `title`, `slug`, `target_group`, `goals_intro`, `opatreni`"
        );
        assert_eq!(
            declared_names(
                "unknown field `x`, expected one of `id`, `title`, `expected_impact`, `measure`",
                &three
            ),
            "unknown field `x`, expected one of `id`, `title`, `expected_impact`, `aktivita`"
        );
        assert_eq!(
            declared_names(
                "unknown field `x`, expected one of `id`, `title`, `strategic_goal`, `specific_goal`",
                &LevelKeys::default()
            ),
            "unknown field `x`, expected one of `id`, `title`, `specific_goal`"
        );
    }
}

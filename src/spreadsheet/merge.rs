//! Rewriting an existing wave from a spreadsheet (`milnik import wave --id II --force`): the
//! wave file the import would write is merged into the one the site has, with `toml_edit`, so
//! that only what the spreadsheet holds changes. The import owns, in each goal, measure and
//! value it reports, the keys its columns hold (a column the spreadsheet does not have is not
//! owned); they are set, added or removed as the spreadsheet says. Everything else stays as it
//! was written, in its place and with its comments: the summaries, printed titles, labels,
//! months, programmes, stated totals, notes and any key the spreadsheet has no column for. A
//! goal, measure or value the spreadsheet reports and the file does not have is added after
//! the others of its kind (a goal in plan order); one the file has and the spreadsheet does not
//! report is kept, and named, so the editor can delete it. A reported measure's rows in a
//! funding table whose columns the spreadsheet has are the import's alike: each row is matched
//! by the value that identifies it across waves (`unique_by`), or else by its place, its
//! columns set, and what else it holds (`counted = false`, comments) kept.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::columns::Col;

/// A measure's keys the import owns, by the column that holds each.
const MEASURE_KEYS: [(&str, Col); 6] = [
    ("status", Col::Status),
    ("implementer", Col::Implementer),
    ("activity", Col::Activity),
    ("service", Col::Service),
    ("period", Col::Period),
    ("note", Col::Note),
];

/// A funding table whose columns the spreadsheet has: the import owns a reported measure's
/// rows in it (`[[goal.measure.funding.<key>]]`), their `columns`.
#[derive(Clone, Debug)]
pub struct OwnedTable {
    pub key: String,
    pub columns: Vec<String>,
    /// The column whose value identifies a row across waves, when the table has one.
    pub unique_by: Option<String>,
}

/// An indicator value's keys the import owns (`[[goal.value]]` and `[[indicator]]`).
const VALUE_KEYS: [(&str, Col); 10] = [
    ("value", Col::Value),
    ("approx", Col::Value),
    ("parts", Col::Value),
    ("region", Col::Region),
    ("rank", Col::Rank),
    ("rank_scope", Col::Rank),
    ("as_of", Col::AsOf),
    ("period", Col::Period),
    ("territory", Col::Territory),
    ("note", Col::Note),
];

/// A goal's keys the import owns.
const GOAL_KEYS: [(&str, Col); 2] = [("as_of", Col::AsOf), ("as_of_kind", Col::AsOfKind)];

/// The merged wave file, and what it kept though the spreadsheet does not report it
/// ("measure 1.1.1.2", "specific goal 2.1.1", "impact indicator value `socialni-byty` of
/// specific goal 1.1.1"), in the language of the messages.
#[derive(Debug)]
pub struct Merged {
    pub text: String,
    pub not_reported: Vec<String>,
}

/// Merges `fresh` (the wave file the import made from the spreadsheet, whose columns are
/// `columns` and those of the funding tables `tables`) into `existing` (the wave file as the
/// site has it); `Err` when `existing` is not TOML.
pub fn merge(
    existing: &str,
    fresh: &str,
    columns: &[Col],
    owned_tables: &[OwnedTable],
) -> Result<Merged, String> {
    let mut doc: DocumentMut = existing.parse().map_err(|e| format!("{e}"))?;
    let fresh: DocumentMut = fresh.parse().expect("the import writes TOML");
    let owned = |keys: &[(&'static str, Col)]| -> Vec<&'static str> {
        keys.iter()
            .filter(|(_, col)| columns.contains(col))
            .map(|(key, _)| *key)
            .collect()
    };
    let mut not_reported = Vec::new();

    // The top-level keys the import writes (id, title, published, covers, action_plan) are
    // set; it writes none it would remove.
    for (key, item) in fresh.as_table().iter() {
        if item.is_value() {
            set(doc.as_table_mut(), key, Some(item));
        }
    }

    let goal_keys = owned(&GOAL_KEYS);
    let measure_keys = owned(&MEASURE_KEYS);
    let value_keys = owned(&VALUE_KEYS);
    let fresh_goals = tables(fresh.as_table(), "goal");
    let goals = tables_mut(doc.as_table_mut(), "goal");
    let mut matched = vec![false; goals.len()];
    // The fresh goals are in plan order: a new one goes after the goal before it.
    let mut after: Option<usize> = None;
    for fresh_goal in fresh_goals.iter() {
        let id = text_of(fresh_goal, "id");
        match find(goals, "id", id, &matched) {
            Some(i) => {
                matched[i] = true;
                after = Some(i);
                let goal = goals.get_mut(i).expect("found");
                update(goal, fresh_goal, &goal_keys);
                let goal_id = id.unwrap_or_default();
                merge_rows(
                    goal,
                    fresh_goal,
                    "value",
                    "indicator",
                    &value_keys,
                    &[],
                    &mut not_reported,
                    |key| crate::msg!("import.kept.goal_value", key, id = goal_id),
                );
                merge_rows(
                    goal,
                    fresh_goal,
                    "measure",
                    "id",
                    &measure_keys,
                    owned_tables,
                    &mut not_reported,
                    |id| crate::msg!("import.what.measure_id", id),
                );
            }
            None => {
                let at = after.map_or(0, |a| a + 1);
                goals.insert(at, unplaced(fresh_goal.clone()));
                matched.insert(at, true);
                after = Some(at);
            }
        }
    }
    for (i, goal) in goals.iter().enumerate() {
        if !matched[i] {
            let id = text_of(goal, "id").unwrap_or_default();
            not_reported.push(crate::msg!("import.what.goal_id", id));
        }
    }
    if goals.is_empty() {
        doc.as_table_mut().remove("goal");
    }
    let fresh_root = fresh.as_table().clone();
    merge_rows(
        doc.as_table_mut(),
        &fresh_root,
        "indicator",
        "indicator",
        &value_keys,
        &[],
        &mut not_reported,
        |key| crate::msg!("import.kept.indicator_value", key),
    );
    Ok(Merged {
        text: doc.to_string(),
        not_reported,
    })
}

/// The tables of the array `key` of `table` (none when it has no such array).
fn tables(table: &Table, key: &str) -> ArrayOfTables {
    table
        .get(key)
        .and_then(Item::as_array_of_tables)
        .cloned()
        .unwrap_or_default()
}

/// The array of tables `key` of `table`, made when it has none.
fn tables_mut<'t>(table: &'t mut Table, key: &str) -> &'t mut ArrayOfTables {
    if !table.contains_array_of_tables(key) {
        table.insert(key, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    table
        .get_mut(key)
        .and_then(Item::as_array_of_tables_mut)
        .expect("just made")
}

/// The string `key` of a table.
fn text_of<'t>(table: &'t Table, key: &str) -> Option<&'t str> {
    table.get(key).and_then(Item::as_str)
}

/// The first table of `array` not yet `matched` whose `key` is `id`.
fn find(array: &ArrayOfTables, key: &str, id: Option<&str>, matched: &[bool]) -> Option<usize> {
    id?;
    array
        .iter()
        .enumerate()
        .find(|(i, t)| !matched[*i] && text_of(t, key) == id)
        .map(|(i, _)| i)
}

/// Merges the array of tables `array` (values or measures, named by `key`) of the fresh table
/// into the existing one: each fresh row updates the existing row of the same `key` (its
/// `owned` keys, and a measure's rows in the funding tables `owned_tables`), or is added after the
/// others. Existing rows the fresh table does not have are kept and named by `describe`.
#[allow(clippy::too_many_arguments)]
fn merge_rows(
    existing: &mut Table,
    fresh: &Table,
    array: &str,
    key: &str,
    owned: &[&str],
    owned_tables: &[OwnedTable],
    not_reported: &mut Vec<String>,
    describe: impl Fn(&str) -> String,
) {
    let fresh_rows = tables(fresh, array);
    if fresh_rows.is_empty() && !existing.contains_array_of_tables(array) {
        return;
    }
    let rows = tables_mut(existing, array);
    let mut matched = vec![false; rows.len()];
    for fresh_row in fresh_rows.iter() {
        match find(rows, key, text_of(fresh_row, key), &matched) {
            Some(i) => {
                matched[i] = true;
                let row = rows.get_mut(i).expect("found");
                update(row, fresh_row, owned);
                for table in owned_tables {
                    merge_funding(row, fresh_row, table, not_reported);
                }
            }
            None => {
                rows.push(unplaced(fresh_row.clone()));
                matched.push(true);
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        if !matched[i] {
            not_reported.push(describe(text_of(row, key).unwrap_or_default()));
        }
    }
    if rows.is_empty() {
        existing.remove(array);
    }
}

/// A measure's rows in funding table `owned` (`[[goal.measure.funding.<key>]]`, or one row
/// written as `[goal.measure.funding.<key>]`) as the fresh measure has them: each fresh row
/// updates the existing row with the same identifying value (or, without one, in the same
/// place) in the table's columns, or is added; an existing row no fresh row matches is kept
/// and named in `not_reported`.
fn merge_funding(
    measure: &mut Table,
    fresh: &Table,
    owned: &OwnedTable,
    not_reported: &mut Vec<String>,
) {
    let fresh_rows = fresh
        .get("funding")
        .and_then(Item::as_table)
        .map(|f| rows_of(f, &owned.key))
        .unwrap_or_default();
    let has_rows = measure
        .get("funding")
        .and_then(Item::as_table)
        .is_some_and(|f| f.contains_key(&owned.key));
    if fresh_rows.is_empty() && !has_rows {
        return;
    }
    let measure_id = text_of(measure, "id").unwrap_or_default().to_string();
    let funding = measure
        .entry("funding")
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_mut();
    let Some(funding) = funding else {
        return;
    };
    let mut rows = rows_of(funding, &owned.key);
    let identity = |t: &Table, place: usize| -> String {
        match &owned.unique_by {
            Some(u) => text_of(t, u).unwrap_or_default().to_string(),
            None => place.to_string(),
        }
    };
    let mut matched = vec![false; rows.len()];
    for (place, fresh_row) in fresh_rows.iter().enumerate() {
        let wanted = identity(fresh_row, place);
        let found = (0..rows.len())
            .find(|&i| !matched[i] && identity(rows.get(i).expect("in range"), i) == wanted);
        match found {
            Some(i) => {
                matched[i] = true;
                let keys: Vec<&str> = owned.columns.iter().map(String::as_str).collect();
                update(rows.get_mut(i).expect("found"), fresh_row, &keys);
            }
            None => {
                rows.push(unplaced(fresh_row.clone()));
                matched.push(true);
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        if !matched[i] {
            let row_name = match &owned.unique_by {
                Some(u) => text_of(row, u).unwrap_or_default().to_string(),
                None => (i + 1).to_string(),
            };
            not_reported.push(crate::msg!(
                "import.kept.table_row",
                row = row_name,
                key = owned.key,
                id = measure_id
            ));
        }
    }
    if rows.is_empty() {
        funding.remove(&owned.key);
    } else {
        funding.insert(&owned.key, Item::ArrayOfTables(rows));
    }
    if funding.is_empty() {
        measure.remove("funding");
    }
}

/// The rows of `key` in a `funding` table: an array of tables, or one table.
fn rows_of(funding: &Table, key: &str) -> ArrayOfTables {
    match funding.get(key) {
        Some(Item::ArrayOfTables(array)) => array.clone(),
        Some(Item::Table(table)) => {
            let mut array = ArrayOfTables::new();
            array.push(table.clone());
            array
        }
        _ => ArrayOfTables::new(),
    }
}

/// Sets each `owned` key of `table` as `fresh` has it: changed, added, or removed when `fresh`
/// does not have it.
fn update(table: &mut Table, fresh: &Table, owned: &[&str]) {
    for key in owned {
        set(table, key, fresh.get(key));
    }
}

/// Sets `key` of `table` to `value` (removes it for `None`), keeping the comments and spacing
/// around it when it only changes.
fn set(table: &mut Table, key: &str, value: Option<&Item>) {
    let Some(new) = value.and_then(Item::as_value) else {
        table.remove(key);
        return;
    };
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if !same(old, new) {
                let decor = old.decor().clone();
                *old = new.clone();
                *old.decor_mut() = decor;
            }
        }
        _ => {
            let mut new = new.clone();
            new.decor_mut().clear();
            table.insert(key, Item::Value(new));
        }
    }
}

/// Whether two values are the same, however they are written (a multi-line string and a
/// basic one with `\n`, `{ from = …, to = … }` with other spaces).
fn same(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
        return x == y;
    }
    let plain = |v: &Value| {
        let mut v = v.clone();
        match &mut v {
            Value::Array(array) => array.fmt(),
            Value::InlineTable(table) => table.fmt(),
            _ => {}
        }
        v.decor_mut().clear();
        v.to_string()
    };
    plain(a) == plain(b)
}

/// A table taken from the fresh file, with no position of its own in the existing file (nor
/// have its tables): it is written after the table before it.
fn unplaced(mut table: Table) -> Table {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => *t = unplaced(std::mem::take(t)),
            Item::ArrayOfTables(array) => {
                for t in array.iter_mut() {
                    *t = unplaced(std::mem::take(t));
                }
            }
            _ => {}
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spreadsheet::COLUMNS;

    fn all_columns() -> Vec<Col> {
        COLUMNS.iter().map(|c| c.col).collect()
    }

    const EXISTING: &str = r#"# Průběžné vyhodnocení II., with the summaries added by hand.

id = "II"
title = "Průběžné vyhodnocení II."
published = "2025-06"
covers = "rok 2024"
summary = """
Shrnutí psané ručně.
"""

# 1.1.1 Goal
[[goal]]
id = "1.1.1"
as_of = 2025-04-30
as_of_kind = "available"
# The goal's summary, by hand.
summary = "Ručně."

[[goal.value]]
indicator = "a"
value = 39 # as printed
label = "Printed label"

# 1.1.1.1 Measure
[[goal.measure]]
id = "1.1.1.1"
status = "V realizaci (2/6)"
implementer = "Město"
printed_title = "Printed"

[goal.measure.funding.projekty]
cislo = "CZ.1"
rozpocet = "100,00"

[[goal.measure]]
id = "1.1.1.9"
status = "Dokončeno"

[[goal]]
id = "1.2.1"
as_of = 2025-04-30
as_of_kind = "available"

[[goal.measure]]
id = "1.2.1.1"
status = "Dokončeno"

[[indicator]]
indicator = "x"
value = 1
comment = "Ručně."
"#;

    const FRESH: &str = r#"# Průběžné vyhodnocení II. (imported by `milnik import wave` from b.csv).

id = "II"
title = "Průběžné vyhodnocení II."
published = "2025-06"
covers = "rok 2024"

# 1.1.1 Goal
[[goal]]
id = "1.1.1"
as_of = 2025-05-31
as_of_kind = "available"

[[goal.value]]
indicator = "a"
value = 40

[[goal.value]]
indicator = "b"
value = 2

# 1.1.1.1 Measure
[[goal.measure]]
id = "1.1.1.1"
status = "V realizaci (3/6)"
implementer = "Město"
note = "Nová poznámka"

# 1.1.2 New goal
[[goal]]
id = "1.1.2"
as_of = 2025-05-31
as_of_kind = "state"

# 1.1.2.1 New measure
[[goal.measure]]
id = "1.1.2.1"
status = "Nerealizováno"

[[indicator]]
indicator = "x"
value = 2
"#;

    #[test]
    fn the_spreadsheet_updates_its_keys_and_everything_written_by_hand_stays() {
        let merged = merge(EXISTING, FRESH, &all_columns(), &[]).unwrap();
        let expected = r#"# Průběžné vyhodnocení II., with the summaries added by hand.

id = "II"
title = "Průběžné vyhodnocení II."
published = "2025-06"
covers = "rok 2024"
summary = """
Shrnutí psané ručně.
"""

# 1.1.1 Goal
[[goal]]
id = "1.1.1"
as_of = 2025-05-31
as_of_kind = "available"
# The goal's summary, by hand.
summary = "Ručně."

[[goal.value]]
indicator = "a"
value = 40 # as printed
label = "Printed label"

[[goal.value]]
indicator = "b"
value = 2

# 1.1.1.1 Measure
[[goal.measure]]
id = "1.1.1.1"
status = "V realizaci (3/6)"
implementer = "Město"
printed_title = "Printed"
note = "Nová poznámka"

[goal.measure.funding.projekty]
cislo = "CZ.1"
rozpocet = "100,00"

[[goal.measure]]
id = "1.1.1.9"
status = "Dokončeno"

# 1.1.2 New goal
[[goal]]
id = "1.1.2"
as_of = 2025-05-31
as_of_kind = "state"

# 1.1.2.1 New measure
[[goal.measure]]
id = "1.1.2.1"
status = "Nerealizováno"

[[goal]]
id = "1.2.1"
as_of = 2025-04-30
as_of_kind = "available"

[[goal.measure]]
id = "1.2.1.1"
status = "Dokončeno"

[[indicator]]
indicator = "x"
value = 2
comment = "Ručně."
"#;
        assert_eq!(merged.text, expected);
        assert_eq!(
            merged.not_reported,
            ["measure 1.1.1.9", "specific goal 1.2.1"]
        );
    }

    #[test]
    fn a_column_the_spreadsheet_does_not_have_is_not_the_imports() {
        // Without `note`, the measure keeps its note; without the table's columns, its rows.
        let columns: Vec<Col> = all_columns()
            .into_iter()
            .filter(|c| *c != Col::Note)
            .collect();
        let merged = merge(EXISTING, FRESH, &columns, &[]).unwrap();
        assert!(merged
            .text
            .contains("[goal.measure.funding.projekty]\ncislo = \"CZ.1\""));
        assert!(!merged.text.contains("Nová poznámka"));
        assert!(merge("id = ", FRESH, &columns, &[]).is_err());
    }

    #[test]
    fn a_tables_rows_are_matched_by_their_identifying_value() {
        let projekty = OwnedTable {
            key: "projekty".into(),
            columns: vec!["cislo".into(), "rozpocet".into()],
            unique_by: Some("cislo".into()),
        };
        let existing = EXISTING.replace(
            "rozpocet = \"100,00\"\n",
            "rozpocet = \"100,00\" # as printed\ncounted = false\n",
        );
        let fresh = FRESH.replace(
            "note = \"Nová poznámka\"\n",
            "note = \"Nová poznámka\"\n\n[[goal.measure.funding.projekty]]\ncislo = \"CZ.2\"\nrozpocet = 5\n\n[[goal.measure.funding.projekty]]\ncislo = \"CZ.1\"\nrozpocet = \"120,00\"\n",
        );
        let merged = merge(
            &existing,
            &fresh,
            &all_columns(),
            std::slice::from_ref(&projekty),
        )
        .unwrap();
        // CZ.1 keeps its place, its `counted` and its comment, with the new amount; CZ.2 is
        // added after it.
        assert!(
            merged.text.contains(
                "[[goal.measure.funding.projekty]]\ncislo = \"CZ.1\"\nrozpocet = \"120,00\" # as printed\ncounted = false\n\n[[goal.measure.funding.projekty]]\ncislo = \"CZ.2\"\nrozpocet = 5\n"
            ),
            "{}",
            merged.text
        );
        assert!(merged.not_reported.iter().all(|n| !n.contains("CZ.")));
        // A row the spreadsheet does not give is kept and named.
        let fresh = fresh.replace(
            "cislo = \"CZ.1\"\nrozpocet = \"120,00\"\n",
            "cislo = \"CZ.3\"\nrozpocet = 3\n",
        );
        let merged = merge(&existing, &fresh, &all_columns(), &[projekty]).unwrap();
        assert!(merged.text.contains("cislo = \"CZ.1\""), "{}", merged.text);
        assert!(
            merged
                .not_reported
                .contains(&"row CZ.1 of table `projekty` of measure 1.1.1.1".to_string()),
            "{:?}",
            merged.not_reported
        );
    }
}

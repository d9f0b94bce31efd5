//! The plan's levels: how many there are, what each is called, how its IDs are written and
//! which role it plays. Declared by `[[level]]` in `content/plan.toml` (top level first);
//! without it, the four levels of the first site's plan (thematic area → strategic goal →
//! specific goal → measure), named by the theme.
//!
//! Roles follow from position: the first level is the **top** (one file and one page per
//! node), the last the **item** level (the card, statuses in waves), the one above it the
//! **goal** level (impact indicators, targets, a report per wave); levels between the top and
//! the goal level **group** (a heading and an anchor on the top node's page). A plan of two
//! levels has no goal level of its own: its top nodes carry the indicators and the reports, so
//! the model gives it an *implicit* goal level whose nodes are the top nodes again (same ID,
//! same title), which IDs skip and pages do not show as a level of their own.
//!
//! An ID is its parent's ID, the level's separator (`.` by default) and the level's own part
//! (the top level's ID is its part alone). A part is written as the level's pattern says: a
//! number (`number`, the default), a small or capital letter (`letter`, `LETTER`), with an
//! optional fixed prefix or suffix (`P{number}` gives `P1`, `P2`, …).

use serde::Serialize;

use crate::i18n::Translations;

/// The role of a level in the plan, by its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Top,
    Group,
    Goal,
    Item,
}

/// The kind of a level's own part of an ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PartKind {
    /// 1 to 999.
    Number,
    /// `a` to `z`.
    Letter,
    /// `A` to `Z`.
    CapitalLetter,
}

/// How a level writes its own part of an ID: `P{number}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IdPattern {
    pub prefix: String,
    pub kind: PartKind,
    pub suffix: String,
}

impl IdPattern {
    pub const NUMBER: IdPattern = IdPattern {
        prefix: String::new(),
        kind: PartKind::Number,
        suffix: String::new(),
    };

    /// Reads a pattern as `[[level]] id` writes it: `number`, `letter`, `LETTER`, or one of
    /// them in braces with a fixed prefix or suffix (`P{number}`).
    pub fn parse(text: &str) -> Result<IdPattern, String> {
        let kind_of = |name: &str| match name {
            "number" => Some(PartKind::Number),
            "letter" => Some(PartKind::Letter),
            "LETTER" => Some(PartKind::CapitalLetter),
            _ => None,
        };
        let (prefix, kind, suffix) = match text.split_once('{') {
            None => ("", text, ""),
            Some((prefix, rest)) => match rest.split_once('}') {
                Some((kind, suffix)) => (prefix, kind, suffix),
                None => return Err(crate::msg!("resolve.levels.pattern_unclosed", text)),
            },
        };
        let Some(kind) = kind_of(kind) else {
            return Err(crate::msg!("resolve.levels.pattern_unknown", text));
        };
        let fixed_ok = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric());
        if !fixed_ok(prefix) || !fixed_ok(suffix) {
            return Err(crate::msg!("resolve.levels.pattern_fixed", text));
        }
        Ok(IdPattern {
            prefix: prefix.to_string(),
            kind,
            suffix: suffix.to_string(),
        })
    }

    /// Reads this level's part at the start of `text`: its value (a number, or a letter's
    /// place in the alphabet) and the rest of the text.
    fn read<'t>(&self, text: &'t str) -> Option<(u32, &'t str)> {
        let text = text.strip_prefix(self.prefix.as_str())?;
        let (value, rest) = match self.kind {
            PartKind::Number => {
                let digits = text.bytes().take_while(u8::is_ascii_digit).count();
                if digits == 0 || digits > 3 {
                    return None;
                }
                (text[..digits].parse().ok()?, &text[digits..])
            }
            PartKind::Letter | PartKind::CapitalLetter => {
                let c = *text.as_bytes().first()?;
                let ok = match self.kind {
                    PartKind::Letter => c.is_ascii_lowercase(),
                    _ => c.is_ascii_uppercase(),
                };
                if !ok {
                    return None;
                }
                (u32::from(c.to_ascii_lowercase() - b'a' + 1), &text[1..])
            }
        };
        Some((value, rest.strip_prefix(self.suffix.as_str())?))
    }

    /// This level's first part: `1`, `a`, `A`, `P1`.
    pub fn first(&self) -> String {
        let part = match self.kind {
            PartKind::Number => "1",
            PartKind::Letter => "a",
            PartKind::CapitalLetter => "A",
        };
        format!("{}{part}{}", self.prefix, self.suffix)
    }

    /// The pattern as `[[level]] id` writes it.
    pub fn describe(&self) -> String {
        let kind = match self.kind {
            PartKind::Number => "number",
            PartKind::Letter => "letter",
            PartKind::CapitalLetter => "LETTER",
        };
        if self.prefix.is_empty() && self.suffix.is_empty() {
            kind.to_string()
        } else {
            format!("{}{{{kind}}}{}", self.prefix, self.suffix)
        }
    }
}

/// A level's name in the site's language, in the plural forms of the theme's texts: `one`,
/// `few` (Czech 2–4, also the plural a heading uses; `many` when absent) and `many`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LevelName {
    pub one: String,
    pub few: Option<String>,
    pub many: String,
}

/// One level of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Level {
    /// The table name of its nodes in content files ("strategic_goal"), which diagnostics also
    /// use (with spaces for underscores).
    pub key: String,
    /// Its name as the plan declares it; `None`: the theme's name of the level with this key
    /// (`[level.<key>]`).
    pub name: Option<LevelName>,
    pub id: IdPattern,
    /// What comes between the parent's ID and this level's part.
    pub separator: String,
    pub role: Role,
    /// The goal level of a plan of two levels, which the plan does not declare: each of its
    /// nodes is a top node again (same ID and title); an ID has no part of it.
    pub implicit: bool,
}

impl Level {
    /// The level's name in diagnostics: "strategic goal".
    pub fn noun(&self) -> String {
        self.key.replace('_', " ")
    }
}

/// Keys a level may not take: the keys its parent's table already has.
pub const RESERVED: [&str; 13] = [
    "id",
    "title",
    "slug",
    "target_group",
    "goals_intro",
    "expected_impact",
    "stated_measures",
    "acknowledged",
    "impact_indicator",
    "continues",
    "note",
    "description",
    "cancelled",
];

/// Whether `key` can name a level's tables: lower-case ASCII letters, digits and `_`, starting
/// with a letter.
pub fn is_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The keys of the four levels a plan has when it declares none.
pub const DEFAULT_KEYS: [&str; 4] = ["area", "strategic_goal", "specific_goal", "measure"];

/// The fewest and the most levels a plan may declare.
pub const DEPTHS: std::ops::RangeInclusive<usize> = 2..=6;

/// The goal level of a plan that declares two levels (`top` and an item level): its nodes
/// are the top level's, so it is named like the top and takes no part of an ID.
pub fn implicit_goal(top: &Level) -> Level {
    Level {
        role: Role::Goal,
        implicit: true,
        separator: String::new(),
        ..top.clone()
    }
}

/// The role of the level at `depth` (0 = the top) of a plan with `count` levels.
pub fn role(depth: usize, count: usize) -> Role {
    if depth == 0 {
        Role::Top
    } else if depth + 1 == count {
        Role::Item
    } else if depth + 2 == count {
        Role::Goal
    } else {
        Role::Group
    }
}

/// The four levels of a plan that declares none.
pub fn default_levels() -> Vec<Level> {
    DEFAULT_KEYS
        .iter()
        .enumerate()
        .map(|(depth, key)| Level {
            key: key.to_string(),
            name: None,
            id: IdPattern::NUMBER,
            separator: ".".to_string(),
            role: role(depth, DEFAULT_KEYS.len()),
            implicit: false,
        })
        .collect()
}

/// What is wrong with an ID at some level.
#[derive(Debug, PartialEq, Eq)]
pub enum IdProblem {
    /// It does not have the shape of the level's IDs.
    Malformed,
    /// A number part is 0.
    Zero,
    /// Its parent part is not the parent it is listed under: carries the parent its ID says.
    Misplaced(String),
}

/// The parts of `id` as an ID of the level at `depth` (each a number, or a letter's place in
/// the alphabet): the order nodes sort in. `None` when the ID does not have the level's shape.
pub fn parts(levels: &[Level], depth: usize, id: &str) -> Option<Vec<u32>> {
    let mut rest = id;
    let mut parts = Vec::with_capacity(depth + 1);
    for (i, level) in own_parts(levels, depth) {
        if i > 0 {
            rest = rest.strip_prefix(level.separator.as_str())?;
        }
        let (value, after) = level.id.read(rest)?;
        parts.push(value);
        rest = after;
    }
    (rest.is_empty() && parts.len() == own_parts(levels, depth).count()).then_some(parts)
}

/// The levels down to `depth` that give an ID a part of their own (all but an implicit goal
/// level), with their depths.
fn own_parts(levels: &[Level], depth: usize) -> impl Iterator<Item = (usize, &Level)> + Clone {
    levels
        .iter()
        .take(depth + 1)
        .enumerate()
        .filter(|(_, l)| !l.implicit)
}

/// The parent part of an ID of the level at `depth` ("1.1.2" → "1.1"); `""` at the top. The
/// parent of an implicit goal node is the top node of the same ID.
pub fn parent_of<'i>(levels: &[Level], depth: usize, id: &'i str) -> &'i str {
    if depth == 0 {
        return "";
    }
    if levels[depth].implicit {
        return id;
    }
    let separator = &levels[depth].separator;
    id.rfind(separator.as_str()).map_or("", |at| &id[..at])
}

/// Checks `id` as an ID of the level at `depth`, listed under `parent` (the parent node's ID).
pub fn check(
    levels: &[Level],
    depth: usize,
    id: &str,
    parent: Option<&str>,
) -> Result<Vec<u32>, IdProblem> {
    let parts = parts(levels, depth, id).ok_or(IdProblem::Malformed)?;
    let numbers = own_parts(levels, depth)
        .map(|(_, l)| l)
        .zip(&parts)
        .filter(|(l, _)| l.id.kind == PartKind::Number);
    if numbers.clone().any(|(_, &p)| p == 0) {
        return Err(IdProblem::Zero);
    }
    if let Some(parent) = parent {
        let own = parent_of(levels, depth, id);
        if own != parent {
            return Err(IdProblem::Misplaced(own.to_string()));
        }
    }
    Ok(parts)
}

/// An ID of the level at `depth` made of each level's first part: `1.1.1.1`, `A.1.a`.
pub fn example(levels: &[Level], depth: usize) -> String {
    let mut id = String::new();
    for (i, level) in own_parts(levels, depth) {
        if i > 0 {
            id.push_str(&level.separator);
        }
        id.push_str(&level.id.first());
    }
    id
}

/// The hint for a malformed ID of the level at `depth`.
pub fn shape_hint(levels: &[Level], depth: usize) -> String {
    let level = levels[depth].noun();
    let plain = own_parts(levels, depth)
        .all(|(i, l)| l.id == IdPattern::NUMBER && (i == 0 || l.separator == "."));
    let example = example(levels, depth);
    if plain {
        let count = own_parts(levels, depth).count();
        crate::msg_n!("resolve.levels.shape_numbers", count, level, example)
    } else {
        let patterns: Vec<String> = own_parts(levels, depth)
            .map(|(_, l)| l.id.describe())
            .collect();
        crate::msg!(
            "resolve.levels.shape_parts",
            level,
            example,
            parts = patterns.join(", ")
        )
    }
}

/// The name of the level at `depth` in the site's language, in the plural form for `count`:
/// the plan's `[[level]] name`, or the theme's `[level.<key>]` for a plan that declares none.
pub fn level_name(levels: &[Level], tr: &Translations, depth: usize, count: u64) -> String {
    let level = &levels[depth];
    match &level.name {
        Some(name) => match tr.rule().form(count) {
            "one" => name.one.clone(),
            "few" => name.few.clone().unwrap_or_else(|| name.many.clone()),
            _ => name.many.clone(),
        },
        None => tr
            .lookup(&format!("level.{}", level.key), Some(count))
            .unwrap_or(&level.key)
            .to_string(),
    }
}

/// Whether the level at `depth` has a name of its own rather than the theme's name of a level
/// with its key: then the theme's texts that name such nodes ("Tematické oblasti", "{count}
/// opatření") give way to the level's name.
fn named_by_plan(levels: &[Level], tr: &Translations, depth: usize) -> bool {
    let level = &levels[depth];
    let theme_name = tr.lookup(&format!("level.{}", level.key), Some(1)).ok();
    level
        .name
        .as_ref()
        .is_some_and(|name| theme_name != Some(name.one.as_str()))
}

/// A theme text that names a level's nodes (`areas.title`: "Tematické oblasti"), or, for a
/// level with a name of its own, that name in the plural form for `count`. The theme's wording
/// (short forms such as the menu's "Oblasti") stays for the levels it names.
pub fn level_text(
    levels: &[Level],
    tr: &Translations,
    depth: usize,
    key: &str,
    count: u64,
) -> String {
    if named_by_plan(levels, tr, depth) {
        level_name(levels, tr, depth, count)
    } else {
        tr.text(key).to_string()
    }
}

/// `count` nodes of the item level: the theme's `count.measures` ("12 opatření"), or the
/// count with the level's own name ("12 aktivit").
pub fn count_items(levels: &[Level], tr: &Translations, count: u64) -> String {
    let item = levels.len() - 1;
    if named_by_plan(levels, tr, item) {
        let group = tr.get("format.digit_group").unwrap_or("\u{a0}");
        let number = crate::format::group_thousands(&count.to_string(), group);
        format!(
            "{number}\u{a0}{}",
            in_sentence(&level_name(levels, tr, item, count))
        )
    } else {
        tr.plural("count.measures", count, &[])
    }
}

/// A level's name as a word inside a sentence: "Aktivity" → "aktivity"; a name that starts
/// with an abbreviation ("KPSS projekty") keeps its capitals.
pub fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second) if !second.is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}

/// A node's name with its ID inside a sentence: "opatření 1.1.1.1", "aktivita 1.1.a".
pub fn node_in_sentence(levels: &[Level], tr: &Translations, depth: usize, id: &str) -> String {
    tr.format(
        "node.named",
        &[
            ("name", &in_sentence(&level_name(levels, tr, depth, 1))),
            ("id", id),
        ],
    )
}

/// A node's name with its ID: "Specifický cíl 1.1.1".
pub fn node_named(levels: &[Level], tr: &Translations, depth: usize, id: &str) -> String {
    tr.format(
        "node.named",
        &[("name", &level_name(levels, tr, depth, 1)), ("id", id)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(patterns: &[&str]) -> Vec<Level> {
        patterns
            .iter()
            .enumerate()
            .map(|(depth, p)| Level {
                key: format!("level_{depth}"),
                name: None,
                id: IdPattern::parse(p).unwrap(),
                separator: ".".into(),
                role: role(depth, patterns.len()),
                implicit: false,
            })
            .collect()
    }

    #[test]
    fn the_default_levels_take_numbers_separated_by_dots() {
        let l = default_levels();
        assert_eq!(check(&l, 2, "1.1.2", Some("1.1")), Ok(vec![1, 1, 2]));
        assert_eq!(check(&l, 3, "3.2.1.1.", None), Err(IdProblem::Malformed));
        assert_eq!(check(&l, 1, "1.a", None), Err(IdProblem::Malformed));
        assert_eq!(check(&l, 2, "1.0.2", None), Err(IdProblem::Zero));
        assert_eq!(
            check(&l, 2, "1.2.1", Some("1.1")),
            Err(IdProblem::Misplaced("1.2".into()))
        );
        assert_eq!(
            shape_hint(&l, 3),
            "a measure ID has 4 numbers separated by dots, like `1.1.1.1`"
        );
        assert_eq!(
            l.iter().map(|l| l.role).collect::<Vec<_>>(),
            [Role::Top, Role::Group, Role::Goal, Role::Item]
        );
    }

    #[test]
    fn letters_and_prefixes_are_declared_per_level() {
        let l = levels(&["LETTER", "number", "letter"]);
        assert_eq!(check(&l, 2, "A.1.a", Some("A.1")), Ok(vec![1, 1, 1]));
        assert_eq!(check(&l, 2, "B.12.c", None), Ok(vec![2, 12, 3]));
        assert_eq!(check(&l, 2, "A.1.1", None), Err(IdProblem::Malformed));
        assert_eq!(check(&l, 0, "a", None), Err(IdProblem::Malformed));
        assert_eq!(example(&l, 2), "A.1.a");
        assert_eq!(
            shape_hint(&l, 2),
            "a level 2 ID is written like `A.1.a` (its parts: LETTER, number, letter)"
        );
        let p = levels(&["P{number}", "number", "number"]);
        assert_eq!(check(&p, 1, "P2.3", Some("P2")), Ok(vec![2, 3]));
        assert_eq!(check(&p, 0, "2", None), Err(IdProblem::Malformed));
        assert_eq!(parent_of(&p, 1, "P2.3"), "P2");
    }

    #[test]
    fn a_two_level_plans_goal_level_is_its_top_again() {
        let mut l = levels(&["number", "letter"]);
        l.insert(1, implicit_goal(&l[0]));
        assert_eq!(
            l.iter().map(|l| l.role).collect::<Vec<_>>(),
            [Role::Top, Role::Goal, Role::Item]
        );
        // The goal node has the top node's ID; the item's ID continues it.
        assert_eq!(check(&l, 1, "3", Some("3")), Ok(vec![3]));
        assert_eq!(check(&l, 2, "3.b", Some("3")), Ok(vec![3, 2]));
        assert_eq!(check(&l, 2, "3.b.a", Some("3")), Err(IdProblem::Malformed));
        assert_eq!(
            check(&l, 2, "4.a", Some("3")),
            Err(IdProblem::Misplaced("4".into()))
        );
        assert_eq!(parent_of(&l, 1, "3"), "3");
        assert_eq!(example(&l, 2), "1.a");
        assert_eq!(
            shape_hint(&l, 2),
            "a level 1 ID is written like `1.a` (its parts: number, letter)"
        );
    }

    #[test]
    fn names_inside_sentences_start_small_unless_abbreviated() {
        assert_eq!(in_sentence("Aktivity"), "aktivity");
        assert_eq!(in_sentence("Opatření"), "opatření");
        assert_eq!(in_sentence("KPSS projekty"), "KPSS projekty");
        assert_eq!(in_sentence("A"), "a");
    }

    #[test]
    fn patterns_are_read_or_refused_with_the_reason() {
        assert_eq!(IdPattern::parse("number"), Ok(IdPattern::NUMBER));
        assert_eq!(
            IdPattern::parse("P{number}").unwrap().describe(),
            "P{number}"
        );
        assert!(IdPattern::parse("digits")
            .unwrap_err()
            .contains("is not an ID pattern"));
        assert!(IdPattern::parse("P{number")
            .unwrap_err()
            .contains("does not close"));
        assert!(IdPattern::parse("P-{number}")
            .unwrap_err()
            .contains("ASCII letters"));
    }
}

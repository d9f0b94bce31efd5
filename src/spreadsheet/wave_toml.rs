//! The wave file written from a validated spreadsheet: TOML in the layout of the hand-written
//! wave files (docs/content-model.md §2.4), with comments naming each goal's area, strategic
//! goal and title, so an editor can add what a spreadsheet cannot hold.

use std::fmt::Write as _;

use super::cells::Value;
use super::rows::{MeasureRow, ValueRow, WaveRows};
use crate::content::schema::AsOfKind;
use crate::i18n::Translations;
use crate::model::funding_tables::FundingCell;
use crate::model::{ActionPlanIx, Site};
use crate::values::{Cell, Decimal, PartialDate, Period};

/// The top-level keys of the new wave.
#[derive(Clone, Debug)]
pub struct WaveMeta {
    pub id: String,
    pub title: String,
    pub published: PartialDate,
    pub covers: String,
    /// The ID of the action plan the wave evaluates, written only when the plan has several
    /// (with one, every wave evaluates it).
    pub action_plan: Option<String>,
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as TOML: an integer or a float when that reads back as the same decimal, else the
/// Czech text in quotes (which keeps trailing zeros: "2,10").
fn toml_decimal(value: Decimal) -> String {
    let text = value.czech().replace(['\u{a0}', ' '], "");
    let Some((int, frac)) = text.split_once(',') else {
        return text;
    };
    let digits = int.trim_start_matches('-').len() + frac.len();
    if frac.ends_with('0') || digits > 15 {
        toml_string(&text)
    } else {
        format!("{int}.{frac}")
    }
}

fn toml_cell(cell: Cell) -> String {
    match cell {
        Cell::Number(d) => toml_decimal(d),
        other => toml_string(&other.czech()),
    }
}

fn toml_period(period: Period) -> String {
    match period {
        Period::Range { from, to } => format!("{{ from = {}, to = {} }}", from.iso(), to.iso()),
        Period::Year(y) => y.to_string(),
        Period::Ongoing => toml_string("průběžně"),
    }
}

fn toml_partial_date(date: PartialDate) -> String {
    match date {
        PartialDate::Year(y) => y.to_string(),
        PartialDate::Month(..) => toml_string(&date.iso()),
        PartialDate::Day(d) => d.iso(),
    }
}

/// Ends `out` with exactly one empty line.
fn blank_line(out: &mut String) {
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.push('\n');
}

/// A comment line (line breaks in the text become spaces).
fn comment(out: &mut String, text: &str) {
    let _ = writeln!(out, "# {}", text.replace(['\r', '\n'], " ").trim_end());
}

/// Comment lines of at most [`WIDTH`] characters holding `text`, broken between words.
fn paragraph(out: &mut String, text: &str) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH - 2 {
            comment(out, &line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        comment(out, &line);
    }
}

/// The width of the header's comment lines.
const WIDTH: usize = 93;

fn write_value(out: &mut String, table: &str, v: &ValueRow) {
    let _ = writeln!(out, "[[{table}]]");
    let _ = writeln!(out, "indicator = {}", toml_string(&v.indicator));
    match &v.value {
        Value::Single { cell, approx } => {
            let _ = writeln!(out, "value = {}", toml_cell(*cell));
            if *approx {
                out.push_str("approx = true\n");
            }
        }
        Value::Parts(parts) => {
            let parts: Vec<String> = parts.iter().map(|c| toml_cell(*c)).collect();
            let _ = writeln!(out, "parts = [{}]", parts.join(", "));
        }
    }
    if let Some(region) = v.region {
        let _ = writeln!(out, "region = {}", toml_cell(region));
    }
    if let Some((rank, scope)) = &v.rank {
        let _ = writeln!(out, "rank = {rank}");
        if let Some(scope) = scope {
            let _ = writeln!(out, "rank_scope = {}", toml_string(scope));
        }
    }
    if let Some(as_of) = v.as_of {
        let _ = writeln!(out, "as_of = {}", as_of.iso());
    }
    if let Some(period) = &v.period {
        let _ = writeln!(out, "period = {}", toml_string(period));
    }
    if let Some(territory) = &v.territory {
        let _ = writeln!(out, "territory = {}", toml_string(territory));
    }
    if let Some(note) = &v.note {
        let _ = writeln!(out, "note = {}", toml_string(note));
    }
    out.push('\n');
}

/// A `[[goal.measure]]` table, with its rows in the funding tables the waves give (`[[goal.measure.funding.<key>]]`), under a comment naming the
/// measure.
fn write_measure(out: &mut String, site: &Site, m: &MeasureRow) {
    let measure = &site.measures[m.measure];
    comment(out, &format!("{} {}", measure.id, measure.title));
    out.push_str("[[goal.measure]]\n");
    let _ = writeln!(out, "id = {}", toml_string(&measure.id));
    let _ = writeln!(
        out,
        "status = {}",
        toml_string(&m.status.content_text(&site.statuses))
    );
    for (key, text) in [
        ("implementer", &m.implementer),
        ("activity", &m.activity),
        ("service", &m.service),
    ] {
        if let Some(text) = text {
            let _ = writeln!(out, "{key} = {}", toml_string(text));
        }
    }
    if let Some(period) = m.period {
        let _ = writeln!(out, "period = {}", toml_period(period));
    }
    if let Some(note) = &m.note {
        let _ = writeln!(out, "note = {}", toml_string(note));
    }
    for row in &m.funding {
        let table = &site.funding_tables[row.table];
        let _ = writeln!(out, "\n[[goal.measure.funding.{}]]", toml_key(&table.key));
        for (column, cell) in table.columns.iter().zip(&row.cells) {
            let value = match cell {
                FundingCell::Text(text) => toml_string(text),
                FundingCell::List(values) => {
                    let values: Vec<String> = values.iter().map(|v| toml_string(v)).collect();
                    format!("[{}]", values.join(", "))
                }
                FundingCell::Money(m) | FundingCell::Approx(m) => {
                    toml_string(&m.0.czech().replace('\u{a0}', " "))
                }
                FundingCell::Empty | FundingCell::SameAs(_) => continue,
            };
            let _ = writeln!(out, "{} = {value}", toml_key(&column.key));
        }
    }
    out.push('\n');
}

/// A TOML key: bare when it can be, else quoted.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        toml_string(key)
    }
}

/// The wave file: a header comment, the top-level keys, then one `[[goal]]` per reported
/// specific goal in plan order (under comments naming its area and strategic goal) with its
/// values (named as action plan `plan` names its indicators) and measures, then the global
/// indicator values.
pub fn wave_toml(
    site: &Site,
    rows: &WaveRows,
    meta: &WaveMeta,
    plan: ActionPlanIx,
    csv_name: &str,
    tr: &Translations,
) -> String {
    // The header is read by the editors who complete the file: in the language of the
    // messages, which is the site's unless the command line says otherwise.
    let mut out = String::new();
    comment(
        &mut out,
        &crate::msg!("import.file.imported", title = meta.title, file = csv_name),
    );
    paragraph(&mut out, &crate::msg!("import.file.by_hand"));
    out.push('\n');
    let _ = writeln!(out, "id = {}", toml_string(&meta.id));
    let _ = writeln!(out, "title = {}", toml_string(&meta.title));
    let _ = writeln!(out, "published = {}", toml_partial_date(meta.published));
    let _ = writeln!(out, "covers = {}", toml_string(&meta.covers));
    if let Some(id) = &meta.action_plan {
        let _ = writeln!(out, "action_plan = {}", toml_string(id));
    }
    let mut area_shown = None;
    let mut strategic_shown = None;
    for g in &rows.goals {
        let goal = &site.specific_goals[g.goal];
        if area_shown != Some(goal.area) {
            area_shown = Some(goal.area);
            let area = &site.areas[goal.area];
            blank_line(&mut out);
            out.push_str(&format!("# {}\n", "=".repeat(93)));
            comment(&mut out, &format!("{} {}", area.id, area.title));
            out.push_str(&format!("# {}\n", "=".repeat(93)));
        }
        if let Some(sg_ix) = goal.strategic_goal.filter(|&g| strategic_shown != Some(g)) {
            strategic_shown = Some(sg_ix);
            let sg = &site.strategic_goals[sg_ix];
            let label = format!(
                "{} ",
                crate::pages::views::node_named(site, tr, sg.level, &sg.id)
            );
            let _ = writeln!(
                out,
                "\n# {label}{}",
                "-".repeat(93usize.saturating_sub(label.chars().count()))
            );
        }
        out.push('\n');
        comment(&mut out, &format!("{} {}", goal.id, goal.title));
        out.push_str("[[goal]]\n");
        let _ = writeln!(out, "id = {}", toml_string(&goal.id));
        let _ = writeln!(out, "as_of = {}", g.as_of.iso());
        let kind = match g.as_of_kind {
            AsOfKind::Available => "available",
            AsOfKind::State => "state",
        };
        let _ = writeln!(out, "as_of_kind = {}", toml_string(kind));
        out.push('\n');
        for v in &g.values {
            if let Some(ind) = goal
                .indicators_in(plan)
                .iter()
                .find(|i| i.key == v.indicator)
            {
                comment(&mut out, &ind.name);
            }
            write_value(&mut out, "goal.value", v);
        }
        for m in &g.measures {
            write_measure(&mut out, site, m);
        }
    }
    if !rows.indicators.is_empty() {
        blank_line(&mut out);
        out.push_str(&format!("# {}\n", "=".repeat(93)));
        comment(&mut out, &crate::msg!("import.file.indicators"));
        out.push_str(&format!("# {}\n\n", "=".repeat(93)));
        for v in &rows.indicators {
            if let Some(ind) = site.indicators.iter().find(|i| i.id == v.indicator) {
                comment(&mut out, &ind.name);
            }
            write_value(&mut out, "indicator", v);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spreadsheet::cells::parse_period;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn toml_numbers_keep_what_was_written() {
        assert_eq!(toml_decimal(d("39")), "39");
        assert_eq!(toml_decimal(d("278.7")), "278.7");
        assert_eq!(toml_decimal(d("2.10")), "\"2,10\"");
        assert_eq!(toml_decimal(d("-0.5")), "-0.5");
        assert_eq!(toml_decimal(d("1190")), "1190");
        assert_eq!(toml_string("a \"b\"\n\\"), "\"a \\\"b\\\"\\n\\\\\"");
        assert_eq!(
            toml_period(parse_period("1. 11. 2022–31. 10. 2025").unwrap()),
            "{ from = 2022-11-01, to = 2025-10-31 }"
        );
        assert_eq!(toml_period(Period::Ongoing), "\"průběžně\"");
    }
}

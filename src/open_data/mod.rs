//! Open data: the numbers behind the site as downloads under `data/`, made from the same model
//! as the pages in the same build.
//!
//! This module owns the datasets (measures with their card and current status, every
//! measure's status in every wave (`history.rs`), specific-goal indicator values per wave,
//! global indicators per wave, and one per declared funding table, `declared.rs`), their
//! columns (a column of amounts is named after the site's currency: `expected_cost_czk`, `expected_cost_eur`),
//! and the files: each
//! dataset as CSV (UTF-8 with a byte order mark so spreadsheets
//! show Czech text, comma-separated, a header row, numbers with a decimal point and no
//! grouping, dates as ISO 8601, lists joined by "; ") and JSON (the same rows as objects with
//! real types), `datapackage.json` describing every column in the Frictionless Data Package
//! format, and one ZIP of everything. Titles and column descriptions come from the theme's
//! translations (`[data]`), so they follow the site's language.

mod declared;
mod history;

use std::io::Write;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use std::borrow::Cow;

use crate::i18n::Translations;
use crate::model::{Cost, Observation, Reference, Site};
use crate::values::{Cell, Currency, Date, Decimal};

/// Where the downloads and the download page live.
/// The folder of the open data, the same in every language (see [`crate::pages::route::SECTIONS`]).
pub const DIR: &str = "data";
/// The ZIP holding every file of [`DIR`].
pub const ZIP_NAME: &str = "data.zip";
/// The description of every dataset and column.
pub const PACKAGE_NAME: &str = "datapackage.json";

/// The datasets' names, which are also their file names, in the order of [`datasets`].
pub const DATASET_NAMES: [&str; 4] = [
    "opatreni",
    history::NAME,
    "hodnoty-cilu",
    "globalni-indikatory",
];

/// The type of a column, as Frictionless Table Schema names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    String,
    Number,
    Integer,
    Boolean,
    Date,
    /// Several texts; in CSV joined by "; ", in JSON an array.
    Array,
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(Decimal),
    Integer(i64),
    Bool(bool),
    Date(Date),
    List(Vec<String>),
}

impl Value {
    /// Text as a cell holds it: non-breaking spaces, which the site uses between a number and
    /// its unit, become plain spaces.
    fn text(text: impl Into<String>) -> Value {
        let mut text: String = text.into();
        if text.contains('\u{a0}') {
            text = text.replace('\u{a0}', " ");
        }
        if text.is_empty() {
            Value::Empty
        } else {
            Value::Text(text)
        }
    }

    fn opt_text(text: Option<&str>) -> Value {
        text.map_or(Value::Empty, Value::text)
    }

    fn opt_number(number: Option<Decimal>) -> Value {
        number.map_or(Value::Empty, Value::Number)
    }

    /// The value as one CSV cell.
    pub fn csv(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Number(d) => d.plain(),
            Value::Integer(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.iso(),
            Value::List(items) => items.join("; "),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Empty => s.serialize_none(),
            Value::Text(t) => s.serialize_str(t),
            Value::Number(d) => match d.plain().parse::<i64>() {
                Ok(i) => s.serialize_i64(i),
                Err(_) => s.serialize_f64(d.to_f64()),
            },
            Value::Integer(i) => s.serialize_i64(*i),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Date(d) => s.serialize_str(&d.iso()),
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

/// A column: its name in the files, its type and the key of its description.
#[derive(Clone, Debug)]
pub struct Column {
    /// The key of its description (`data.columns.<key>`), and its name in the files, except
    /// that a column of amounts, whose key ends in [`AMOUNT_SUFFIX`], is named after the
    /// site's currency ([`Column::name`]).
    pub key: Cow<'static, str>,
    pub kind: ColumnType,
    /// What it holds, for a column of a declared funding table (the built-in columns' meanings
    /// are the theme's texts).
    pub meaning: Option<String>,
}

/// How the key of a column of amounts ends; the files put the site's currency code there.
const AMOUNT_SUFFIX: &str = "_czk";

const fn col(key: &'static str, kind: ColumnType) -> Column {
    Column {
        key: Cow::Borrowed(key),
        kind,
        meaning: None,
    }
}

impl Column {
    /// The column's name in the files: `budget_czk`, or `budget_eur` on a site in euros.
    pub fn name(&self, currency: Currency) -> Cow<'static, str> {
        match self.key.strip_suffix(AMOUNT_SUFFIX) {
            Some(base) if currency != Currency::CZK && self.meaning.is_none() => {
                Cow::Owned(format!("{base}_{}", currency.code().to_ascii_lowercase()))
            }
            _ => self.key.clone(),
        }
    }

    /// What the column holds, in the site's language; `unit` names the site's currency.
    pub fn meaning(&self, tr: &Translations, unit: &str) -> String {
        match &self.meaning {
            Some(meaning) => meaning.clone(),
            None => tr.format(&format!("data.columns.{}", self.key), &[("currency", unit)]),
        }
    }
}

/// One table of the open data.
#[derive(Debug)]
pub struct Dataset {
    /// Its key, also the key of its texts (`data.sets.<name>`), or a declared funding table's
    /// key.
    pub name: Cow<'static, str>,
    /// The name of its files without the extension: the key, or the site's name for it
    /// (`[datasets]` in milnik.toml).
    pub file: String,
    pub columns: Cow<'static, [Column]>,
    /// The title and description of a declared funding table's dataset (the built-in
    /// datasets' are the theme's `data.sets.<name>` texts).
    pub texts: Option<(String, String)>,
    pub rows: Vec<Vec<Value>>,
    /// The site's currency, which names the columns of amounts.
    pub currency: Currency,
}

/// Rows as JSON objects, keys in column order.
struct JsonRows<'a>(&'a Dataset);

impl Serialize for JsonRows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let names = self.0.column_names();
        let mut seq = s.serialize_seq(Some(self.0.rows.len()))?;
        for row in &self.0.rows {
            seq.serialize_element(&JsonRow(&names, row))?;
        }
        seq.end()
    }
}

struct JsonRow<'a>(&'a [Cow<'static, str>], &'a [Value]);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0.iter().zip(self.1) {
            map.serialize_entry(name.as_ref(), value)?;
        }
        map.end()
    }
}

impl Dataset {
    fn new(
        name: &'static str,
        columns: &'static [Column],
        rows: Vec<Vec<Value>>,
        site: &Site,
    ) -> Self {
        Dataset {
            name: Cow::Borrowed(name),
            file: site.config.datasets.file(name).to_string(),
            columns: Cow::Borrowed(columns),
            texts: None,
            rows,
            currency: site.config.currency,
        }
    }

    /// Its title, in the site's language.
    pub fn title(&self, tr: &Translations) -> String {
        match &self.texts {
            Some((title, _)) => title.clone(),
            None => tr
                .text(&format!("data.sets.{}.title", self.name))
                .to_string(),
        }
    }

    /// What it holds, in the site's language.
    pub fn description(&self, tr: &Translations) -> String {
        match &self.texts {
            Some((_, description)) => description.clone(),
            None => tr
                .text(&format!("data.sets.{}.description", self.name))
                .to_string(),
        }
    }

    /// The columns' names in the files.
    pub fn column_names(&self) -> Vec<Cow<'static, str>> {
        self.columns.iter().map(|c| c.name(self.currency)).collect()
    }

    /// What a column means, in the site's language (`unit` names the site's currency): the
    /// dataset's own words for it (`data.sets.<name>.columns.<column>`) or the words every
    /// dataset shares (`data.columns.<column>`).
    pub fn column_description(&self, column: &Column, tr: &Translations, unit: &str) -> String {
        let own = format!("data.sets.{}.columns.{}", self.name, column.key);
        match tr.get(&own) {
            Some(_) => tr.format(&own, &[("currency", unit)]),
            None => column.meaning(tr, unit),
        }
    }

    pub fn csv_path(&self) -> String {
        format!("{DIR}/{}.csv", self.file)
    }

    pub fn json_path(&self) -> String {
        format!("{DIR}/{}.json", self.file)
    }

    /// The CSV file: a byte order mark, the header row, one line per row.
    pub fn csv(&self) -> Vec<u8> {
        let mut out = "\u{feff}".as_bytes().to_vec();
        {
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut out);
            writer
                .write_record(self.column_names().iter().map(|n| n.as_ref()))
                .expect("writing to memory");
            for row in &self.rows {
                writer
                    .write_record(row.iter().map(Value::csv))
                    .expect("writing to memory");
            }
            writer.flush().expect("writing to memory");
        }
        out
    }

    /// The JSON file: an array of objects.
    pub fn json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(&JsonRows(self)).expect("rows serialize");
        out.push(b'\n');
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The datasets
// ---------------------------------------------------------------------------------------------

use ColumnType::{Array, Boolean, Integer, Number, String as Str};

const MEASURES: &[Column] = &[
    col("id", Str),
    col("area_id", Str),
    col("strategic_goal_id", Str),
    col("specific_goal_id", Str),
    col("title", Str),
    col("description", Str),
    col("target_group", Str),
    col("output_indicators", Array),
    col("responsible", Str),
    col("schedule", Str),
    col("expected_cost", Str),
    col("expected_cost_czk", Number),
    col("funding_sources", Array),
    col("related", Array),
    col("status", Str),
    col("status_kind", Str),
    col("reports_used", Integer),
    col("reports_total", Integer),
    col("status_wave", Str),
    col("url", Str),
];

const GOAL_VALUES: &[Column] = &[
    col("wave_id", Str),
    col("specific_goal_id", Str),
    col("indicator", Str),
    col("name", Str),
    col("value", Number),
    col("approximate", Boolean),
    col("parts", Array),
    col("text", Str),
    col("unit", Str),
    col("target", Number),
    col("as_of", ColumnType::Date),
    col("note", Str),
];

const GLOBAL_INDICATORS: &[Column] = &[
    col("indicator_id", Str),
    col("name", Str),
    col("observation", Str),
    col("value", Number),
    col("approximate", Boolean),
    col("region_value", Number),
    col("rank", Integer),
    col("text", Str),
    col("unit", Str),
    col("as_of", ColumnType::Date),
    col("period", Str),
    col("territory", Str),
    col("expected", Str),
    col("expected_kind", Str),
    col("trend", Str),
    col("method_change", Str),
    col("previous_method_value", Number),
];

/// Every dataset of a site, in the order of the download page.
pub fn datasets(site: &Site, tr: &Translations) -> Vec<Dataset> {
    let mut sets = vec![
        measures(site, tr),
        history::statuses(site),
        goal_values(site),
        global_indicators(site, tr),
    ];
    sets.extend((0..site.funding_tables.len()).map(|t| declared::dataset(site, tr, t)));
    sets
}

fn measures(site: &Site, tr: &Translations) -> Dataset {
    let latest = site.latest_wave();
    let rows = site
        .measures
        .iter()
        .map(|m| {
            let [expected_cost, expected_amount] =
                expected_cost(site, m.expected_cost.as_ref(), tr);
            let badge = m.latest_status.as_ref();
            let reports = badge.and_then(|b| b.status.reports());
            vec![
                Value::text(&m.id),
                Value::text(&site.areas[m.area].id),
                Value::opt_text(
                    m.strategic_goal
                        .map(|g| site.strategic_goals[g].id.as_str()),
                ),
                Value::text(&site.specific_goals[m.specific_goal].id),
                Value::text(&m.title),
                Value::text(&m.description_text),
                Value::text(&m.target_group),
                Value::List(m.output_indicators.clone()),
                Value::text(&m.responsible),
                Value::text(&m.schedule),
                expected_cost,
                expected_amount,
                Value::List(m.funding_sources.clone()),
                Value::List(
                    m.related
                        .iter()
                        .map(|r| reference_text(site, r, tr))
                        .collect(),
                ),
                Value::opt_text(badge.map(|b| b.status.shown()).as_deref()),
                Value::opt_text(badge.map(|b| b.key)),
                reports.map_or(Value::Empty, |r| Value::Integer(i64::from(r.used))),
                reports.map_or(Value::Empty, |r| Value::Integer(i64::from(r.total))),
                Value::opt_text(badge.and(latest).map(|w| w.id.as_str())),
                Value::text(
                    site.base
                        .absolute(m.href.strip_prefix(&site.base.path).unwrap_or(&m.href)),
                ),
            ]
        })
        .collect();
    Dataset::new("opatreni", MEASURES, rows, site)
}

/// A measure's expected cost as the plan prints it, and its amount as a number.
fn expected_cost(site: &Site, cost: Option<&Cost>, tr: &Translations) -> [Value; 2] {
    [
        Value::opt_text(cost.map(|c| cost_text(site, c, tr)).as_deref()),
        Value::opt_number(cost.and_then(|c| c.amount).map(|a| a.0)),
    ]
}

/// The number of an observation, whether it was printed as approximate ("cca"), and its parts.
fn observation_values(o: &Observation) -> (Value, Value, Value) {
    let number = o.value.and_then(Cell::number);
    // Only a number can be approximate.
    let approximate = number.map_or(Value::Empty, |_| Value::Bool(o.text.approx));
    let parts = if o.parts.is_empty() {
        Value::Empty
    } else {
        Value::List(
            o.parts
                .iter()
                .map(|p| {
                    p.value
                        .number()
                        .map_or_else(|| p.value.czech(), Decimal::plain)
                })
                .collect(),
        )
    };
    (Value::opt_number(number), approximate, parts)
}

fn goal_values(site: &Site) -> Dataset {
    let mut rows = Vec::new();
    for wave in &site.waves {
        for report in &wave.goal_reports {
            let goal = &site.specific_goals[report.specific_goal];
            for o in &report.values {
                let indicator = o
                    .indicator
                    .as_deref()
                    .and_then(|k| goal.impact_indicators.iter().find(|i| i.key == k));
                let (value, approximate, parts) = observation_values(o);
                rows.push(vec![
                    Value::text(&wave.id),
                    Value::text(&goal.id),
                    Value::opt_text(o.indicator.as_deref()),
                    Value::text(&o.name),
                    value,
                    approximate,
                    parts,
                    Value::text(o.text.shown()),
                    Value::opt_text(indicator.and_then(|i| i.unit.as_deref())),
                    Value::opt_number(indicator.and_then(|i| i.target)),
                    Value::Date(o.as_of.unwrap_or(report.as_of)),
                    Value::opt_text(
                        o.note_html
                            .as_deref()
                            .map(crate::html::html_text)
                            .as_deref(),
                    ),
                ]);
            }
        }
    }
    Dataset::new("hodnoty-cilu", GOAL_VALUES, rows, site)
}

fn global_indicators(site: &Site, tr: &Translations) -> Dataset {
    let mut rows = Vec::new();
    for ind in &site.indicators {
        // The assessment in the site's language.
        let trend = ind
            .trend
            .as_ref()
            .map(|t| tr.text(&format!("trend.{}", t.key)).to_string());
        let observations = std::iter::once(("baseline".to_string(), &ind.baseline)).chain(
            ind.values
                .iter()
                .map(|&(w, v)| (site.waves[w].id.clone(), &site.waves[w].indicator_values[v])),
        );
        for (observation, o) in observations {
            let (value, approximate, _) = observation_values(o);
            rows.push(vec![
                Value::text(&ind.id),
                Value::text(&ind.name),
                Value::text(observation),
                value,
                approximate,
                Value::opt_number(o.region.and_then(Cell::number)),
                o.rank
                    .map_or(Value::Empty, |r| Value::Integer(i64::from(r))),
                Value::text(o.text.shown()),
                Value::opt_text(ind.unit.as_deref()),
                o.as_of.map_or(Value::Empty, Value::Date),
                Value::opt_text(o.period.as_deref()),
                Value::opt_text(o.territory.as_deref()),
                Value::text(&ind.expected_text),
                Value::text(
                    serde_json::to_value(ind.expected_kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                ),
                Value::opt_text(trend.as_deref()),
                Value::opt_text(o.method_change.as_ref().map(|c| c.note.as_str())),
                Value::opt_number(o.method_change.as_ref().and_then(|c| c.previous_value)),
            ]);
        }
    }
    Dataset::new("globalni-indikatory", GLOBAL_INDICATORS, rows, site)
}

/// A planned cost as the plan words it, in the site's language: "25 mil. Kč", "Přibližně
/// 25 mil. Kč", "Viz opatření 1.1.1.1".
fn cost_text(site: &Site, cost: &Cost, tr: &Translations) -> String {
    match (&cost.same_as, &cost.rounded) {
        (Some(other), _) => tr.format("cost.see", &[("measure", &reference_text(site, other, tr))]),
        (None, Some(rounded)) if cost.approx => {
            tr.format("cost.approx", &[("amount", &rounded.shown())])
        }
        (None, Some(rounded)) => rounded.shown(),
        (None, None) => String::new(),
    }
}

/// Another part of the plan as the theme names it: "Strategický cíl 2.1".
fn reference_text(site: &Site, reference: &Reference, tr: &Translations) -> String {
    let name = crate::pages::views::level_name(site, tr, reference.level, 1);
    tr.format(reference.key, &[("name", &name), ("id", &reference.id)])
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/// `datapackage.json`: every dataset with its files and the type and meaning of each column;
/// `unit` names the site's currency in the meanings.
fn package(site: &Site, tr: &Translations, sets: &[Dataset], unit: &str) -> Vec<u8> {
    let resources: Vec<serde_json::Value> = sets
        .iter()
        .flat_map(|d| {
            // In CSV a list is one cell with "; " between its items (Table Schema's `list`);
            // in JSON it is an array.
            let fields = |csv: bool| -> Vec<serde_json::Value> {
                d.columns
                    .iter()
                    .map(|c| {
                        let mut field = serde_json::json!({
                            "name": c.name(d.currency),
                            "type": c.kind,
                            "description": d.column_description(c, tr, unit),
                        });
                        if csv && c.kind == ColumnType::Array {
                            field["type"] = "list".into();
                            field["delimiter"] = "; ".into();
                            field["itemType"] = "string".into();
                        }
                        field
                    })
                    .collect()
            };
            let title = d.title(tr);
            let description = d.description(tr);
            [
                serde_json::json!({
                    "name": format!("{}-csv", d.file),
                    "path": format!("{}.csv", d.file),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8-sig",
                    "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
                    "title": title,
                    "description": description,
                    "schema": { "fields": fields(true) },
                }),
                serde_json::json!({
                    "name": format!("{}-json", d.file),
                    "path": format!("{}.json", d.file),
                    "format": "json",
                    "mediatype": "application/json",
                    "encoding": "utf-8",
                    "title": title,
                    "description": description,
                    "schema": { "fields": fields(false) },
                }),
            ]
        })
        .collect();
    let package = serde_json::json!({
        "profile": "data-package",
        "name": crate::slug::slugify(&site.plan.title),
        "title": site.plan.title,
        "description": tr.format("data.package_description", &[("plan", &site.plan.title)]),
        "homepage": site.base.absolute(&format!("{DIR}/")),
        "publisher": site.config.publisher,
        "resources": resources,
    });
    let mut package = package;
    if let Some(license) = &site.config.data_license {
        package["licenses"] = serde_json::json!([{
            "name": license.name,
            "path": license.url,
            "title": license.title,
        }]);
    }
    let mut out = serde_json::to_vec_pretty(&package).expect("the package serializes");
    out.push(b'\n');
    out
}

/// A ZIP of `files`, with fixed dates so that the same files give the same bytes.
fn zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (path, bytes) in files {
        let name = path.strip_prefix(&format!("{DIR}/")).unwrap_or(path);
        zip.start_file(name, options).expect("writing to memory");
        zip.write_all(bytes).expect("writing to memory");
    }
    zip.finish().expect("writing to memory").into_inner()
}

/// Every file under `data/`: `(output path, bytes)`, the ZIP last.
pub fn files(site: &Site, tr: &Translations) -> Vec<(String, Vec<u8>)> {
    let locale = std::sync::Arc::new(crate::values::Locale::of(
        tr,
        &site.statuses,
        site.config.currency,
    ));
    let sets = crate::values::locale::scope(&locale, || datasets(site, tr));
    let mut files = Vec::with_capacity(sets.len() * 2 + 2);
    for d in &sets {
        files.push((d.csv_path(), d.csv()));
        files.push((d.json_path(), d.json()));
    }
    let package = package(site, tr, &sets, locale.currency_unit());
    files.push((format!("{DIR}/{PACKAGE_NAME}"), package));
    let zip = zip(&files);
    files.push((format!("{DIR}/{ZIP_NAME}"), zip));
    files
}

/// Adds the files made by [`files`] to the rendered `output`. A file the output already has (a
/// static file at the same path) is an error.
pub fn add_files(
    files: Vec<(String, Vec<u8>)>,
    output: &mut crate::output::SiteOutput,
    root: &std::path::Path,
) -> crate::diagnostics::Diagnostics {
    let mut clashes = crate::diagnostics::Diagnostics::default();
    for (path, bytes) in files {
        if output.files.contains_key(&path) {
            clashes.push(
                crate::diagnostics::Diagnostic::error(
                    root.join("static").join(&path),
                    crate::msg!("open_data.static_clash", path),
                )
                .with_hint(crate::msg!("template.static_clash_hint")),
            );
            continue;
        }
        output.files.insert(path, bytes);
    }
    clashes
}

/// The paths of [`files`]: the built-in datasets' under the site's `[datasets]` names, and one
/// per declared funding table.
pub fn paths(site: &Site) -> Vec<String> {
    let names = &site.config.datasets;
    let mut paths: Vec<String> = DATASET_NAMES
        .iter()
        .map(|key| names.file(key))
        .chain(site.funding_tables.iter().map(|t| t.key.as_str()))
        .flat_map(|n| [format!("{DIR}/{n}.csv"), format!("{DIR}/{n}.json")])
        .collect();
    paths.push(format!("{DIR}/{PACKAGE_NAME}"));
    paths.push(format!("{DIR}/{ZIP_NAME}"));
    paths
}

/// A file size with one decimal in the language being written: "12,4 kB", "1,2 MB", "512 B".
pub fn file_size(bytes: usize) -> String {
    let one_decimal = |value: f64, unit: &str| {
        let tenths = (value * 10.0).round() as i64;
        let number = Decimal::parse(&format!("{}.{}", tenths / 10, tenths % 10))
            .expect("digits and a point make a number");
        format!("{}\u{a0}{unit}", number.shown())
    };
    match bytes {
        b if b < 1000 => format!("{b}\u{a0}B"),
        b if b < 1_000_000 => one_decimal(b as f64 / 1e3, "kB"),
        b => one_decimal(b as f64 / 1e6, "MB"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_for_machines() {
        let d = |t: &str| Decimal::parse(t).unwrap();
        assert_eq!(Value::Number(d("14 964 994,80")).csv(), "14964994.80");
        assert_eq!(Value::Number(d("3,01")).csv(), "3.01");
        assert_eq!(Value::Number(d("1 190")).csv(), "1190");
        assert_eq!(Value::Number(d("-0,5")).csv(), "-0.5");
        assert_eq!(
            serde_json::to_string(&Value::Number(d("1 190"))).unwrap(),
            "1190"
        );
        assert_eq!(
            serde_json::to_string(&Value::Number(d("6,88"))).unwrap(),
            "6.88"
        );
        assert_eq!(serde_json::to_string(&Value::Empty).unwrap(), "null");
        assert_eq!(
            serde_json::to_string(&Value::List(vec!["a".into(), "b".into()])).unwrap(),
            r#"["a","b"]"#
        );
    }

    #[test]
    fn csv_quotes_commas_quotes_and_line_breaks() {
        const COLUMNS: &[Column] = &[col("a", Str), col("b", Str)];
        let set = Dataset {
            name: "x".into(),
            file: "x".into(),
            columns: COLUMNS.into(),
            texts: None,
            rows: vec![vec![
                Value::text("Bydlení, „domovník“"),
                Value::text("řekl \"ano\"\nna dva řádky"),
            ]],
            currency: Currency::CZK,
        };
        let text = String::from_utf8(set.csv()).unwrap();
        assert_eq!(
            text,
            "\u{feff}a,b\r\n\"Bydlení, „domovník“\",\"řekl \"\"ano\"\"\nna dva řádky\"\r\n"
        );
    }

    #[test]
    fn columns_of_amounts_are_named_after_the_sites_currency() {
        let budget = col("budget_czk", Number);
        assert_eq!(budget.name(Currency::CZK), "budget_czk");
        assert_eq!(budget.name(Currency::parse("EUR").unwrap()), "budget_eur");
        assert_eq!(
            col("call", Str).name(Currency::parse("EUR").unwrap()),
            "call"
        );
    }

    #[test]
    fn file_sizes_are_czech() {
        let _cs = crate::values::locale::entered("cs");
        assert_eq!(file_size(512), "512\u{a0}B");
        assert_eq!(file_size(12_400), "12,4\u{a0}kB");
        assert_eq!(file_size(1_250_000), "1,3\u{a0}MB");
    }
}

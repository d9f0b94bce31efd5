//! Wave spreadsheets: the CSV in which implementers report an evaluation wave, one row per
//! measure or indicator value (docs/content-model.md §8). This folder owns the spreadsheet's
//! columns, the template for the next wave (`milnik export wave-template`) and the import of a
//! filled-in file (`milnik import wave`), one stage per file:
//!
//! - `columns.rs`: which columns and kinds of rows there are, and the rows and columns of the
//!   funding tables the waves give;
//! - `encoding.rs`: the file's bytes to text (UTF-8, UTF-16, windows-1250);
//! - `read.rs`: the text to rows and cells, with the header's columns found;
//! - `cells.rs`: a cell's text to a number, date, period, value…, and back for the cells the
//!   template carries forward;
//! - `excel_id.rs`: the ID a date in an `id` cell was before Excel turned it into one;
//! - `plan.rs`: the action plan the spreadsheet follows, and what of it has rows;
//! - `validate/`: the rows checked against the resolved site and the action plan the wave
//!   evaluates, into `rows.rs`' plain data;
//! - `wave_toml.rs`: the validated rows written as a wave file;
//! - `merge.rs`: that file merged into the wave it rewrites (`--id … --force`), keeping what
//!   was written by hand;
//! - `template.rs`: the site written as the template for the next wave, for the action plan it
//!   evaluates;
//! - `command.rs`: the two commands' IO, which runs the stages above.
//!
//! Rows are numbered as a spreadsheet shows them (the header is row 1); a diagnostic's line is
//! that row and its column the character column of the offending cell in the file, so the
//! usual `file:line:column` jumps to it in a text editor.

mod cells;
mod columns;
mod command;
mod encoding;
mod excel_id;
mod merge;
mod plan;
mod read;
mod rows;
mod same_wave;
mod template;
mod validate;
mod wave_toml;

pub use cells::{
    money_text, parse_as_of_kind, parse_cell, parse_date, parse_money, parse_number, parse_period,
    parse_rank, parse_value, period_text, Value,
};
pub use columns::{column_letter, Col, Column, RowKind, SheetTable, COLUMNS};
pub use command::{
    export_template, import_wave, load_site, roman, write_new, Exported, ImportOptions, Imported,
};
pub use encoding::BOM;
pub use read::{detect_separator, Sheet};
pub use rows::{DeclaredRow, GoalRows, MeasureRow, ValueRow, WaveRows};
pub use template::{template, Template, TEMPLATE_SEPARATOR};
pub use validate::validate;
pub use wave_toml::{wave_toml, WaveMeta};

use crate::model::{Site, SpecificGoalIx};

/// The specific goals in plan order (by area and strategic goal, as the site lists them): the
/// order of the template's rows and of the wave file's goals.
fn plan_order(site: &Site) -> Vec<SpecificGoalIx> {
    crate::model::AreaIx::all(&site.areas)
        .flat_map(|a| site.goals_in_area(a))
        .collect()
}

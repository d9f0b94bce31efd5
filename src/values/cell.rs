//! A cell of an indicator table: a number, or a marker that there is no value ("n. a.", "-").

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::decimal::{Decimal, DecimalVisitor};

/// One value cell of an indicator table: a number, "n. a." (not available) or "-" (not
/// reported). Written in TOML as a number, `"n. a."` or `"-"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Number(Decimal),
    NotAvailable,
    NotReported,
}

impl Cell {
    pub fn number(self) -> Option<Decimal> {
        match self {
            Cell::Number(d) => Some(d),
            _ => None,
        }
    }

    /// The cell for readers, in the language being written: "3,5", "n. a.".
    pub fn shown(self) -> String {
        super::locale::with(|l| l.cell(self))
    }

    /// The cell as content files and diagnostics write it: "3,5", "n. a.", "-".
    pub fn czech(self) -> String {
        match self {
            Cell::Number(d) => d.czech(),
            Cell::NotAvailable => "n. a.".to_string(),
            Cell::NotReported => "-".to_string(),
        }
    }
}

struct CellVisitor;

impl Visitor<'_> for CellVisitor {
    type Value = Cell;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, \"n. a.\" (not available) or \"-\" (not reported)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell, E> {
        DecimalVisitor.visit_i64(v).map(Cell::Number)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell, E> {
        DecimalVisitor.visit_u64(v).map(Cell::Number)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell, E> {
        DecimalVisitor.visit_f64(v).map(Cell::Number)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell, E> {
        match v.trim() {
            "n. a." | "n.a." | "n. a" => Ok(Cell::NotAvailable),
            "-" | "–" => Ok(Cell::NotReported),
            other => Decimal::parse(other).map(Cell::Number).map_err(|_| {
                E::custom(crate::diagnostics::own(crate::msg!(
                    "value.bad_cell",
                    text = other
                )))
            }),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CellVisitor)
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::tests::toml_value;

    #[test]
    fn cells_read_numbers_and_markers() {
        assert_eq!(toml_value::<Cell>("39").unwrap().czech(), "39");
        assert_eq!(toml_value::<Cell>("\"n. a.\"").unwrap(), Cell::NotAvailable);
        assert_eq!(toml_value::<Cell>("\"-\"").unwrap(), Cell::NotReported);
        assert!(toml_value::<Cell>("\"hodně\"")
            .unwrap_err()
            .contains("not a value"));
    }
}

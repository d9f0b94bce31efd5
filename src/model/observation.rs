//! One indicator value as the documents print it ([`Observation`]): the value with its
//! parts, region, rank, date and notes, and its display text ([`ObservationText`]), written in
//! the site's language when a page or chart is.

use serde::{Serialize, Serializer};

use crate::values::locale;
#[cfg(test)]
use crate::values::Decimal;
use crate::values::{Cell, Date};

/// One indicator value with everything printed around it, and its display text.
#[derive(Debug, Serialize)]
pub struct Observation {
    /// The impact indicator's key or the global indicator's id.
    pub indicator: Option<String>,
    /// The indicator's name as shown next to this value.
    pub name: String,
    /// "cca 3 100", "n. a.", "12/12/4/22", "174,1, 2. v ČR", "3,01 % vs. 2,28 %".
    pub text: ObservationText,
    pub value: Option<Cell>,
    /// The region's value printed after "vs.".
    pub region: Option<Cell>,
    /// The rank printed after the value ("2. v ČR").
    pub rank: Option<u32>,
    pub parts: Vec<Part>,
    pub as_of: Option<Date>,
    pub period: Option<String>,
    pub territory: Option<String>,
    pub note_html: Option<String>,
    pub comment_html: Option<String>,
    /// From this value on the indicator is counted another way.
    pub method_change: Option<MethodChange>,
}

/// A break in an indicator's series (content key `method_change` of a wave's value).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MethodChange {
    /// What changed, in a sentence, as the content writes it.
    pub note: String,
    /// The same period counted the old way, where known.
    pub previous_value: Option<crate::values::Decimal>,
    /// The period of `previous_value`: its own, or the value's.
    pub previous_period: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Part {
    pub label: String,
    pub value: Cell,
}

/// What an observation's text is made of: "cca 3 100", "174,1, 2. v ČR",
/// "3,01 % vs. 2,28 %", "12/12/4/22", "n. a."; [`ObservationText::shown`] writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservationText {
    pub value: Option<Cell>,
    /// The source gives the value as an estimate ("cca").
    pub approx: bool,
    pub unit: Option<String>,
    pub region: Option<Cell>,
    /// The rank and where it holds ("2. v ČR": `(2, Some("v ČR"))`).
    pub rank: Option<(u32, Option<String>)>,
    /// A value in parts ("12/12/4/22") when there is no single value.
    pub parts: Vec<Cell>,
}

impl ObservationText {
    /// The text in the language being written.
    pub fn shown(&self) -> String {
        locale::with(|l| {
            let unit = self.unit.as_deref();
            let mut text = match (self.value, self.approx) {
                (Some(v), true) => l.approx(&l.cell_with_unit(v, unit)),
                (Some(v), false) => l.cell_with_unit(v, unit),
                (None, _) => self
                    .parts
                    .iter()
                    .map(|&p| l.cell(p))
                    .collect::<Vec<_>>()
                    .join("/"),
            };
            if let Some((rank, scope)) = &self.rank {
                text = l.rank(&text, *rank);
                if let Some(scope) = scope {
                    text.push(' ');
                    text.push_str(scope);
                }
            }
            if let Some(r) = self.region {
                text = l.versus(&text, &l.cell_with_unit(r, unit));
            }
            text
        })
    }
}

impl Serialize for ObservationText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

#[cfg(test)]
impl Observation {
    /// A bare observation for unit tests; each text is a number, "n. a." or "-".
    pub fn for_test(value: Option<&str>, parts: &[&str]) -> Self {
        let cell = |t: &str| match t {
            "n. a." => Cell::NotAvailable,
            "-" => Cell::NotReported,
            t => Cell::Number(Decimal::parse(t).unwrap()),
        };
        Observation {
            indicator: Some("x".into()),
            name: "X".into(),
            text: ObservationText {
                value: value.map(cell),
                approx: false,
                unit: None,
                region: None,
                rank: None,
                parts: parts.iter().map(|p| cell(p)).collect(),
            },
            value: value.map(cell),
            region: None,
            rank: None,
            parts: parts
                .iter()
                .map(|p| Part {
                    label: String::new(),
                    value: cell(p),
                })
                .collect(),
            as_of: None,
            period: None,
            territory: None,
            note_html: None,
            comment_html: None,
            method_change: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::locale::in_language;

    fn n(t: &str) -> Cell {
        Cell::Number(Decimal::parse(t).unwrap())
    }

    fn text(
        value: Option<Cell>,
        approx: bool,
        unit: Option<&str>,
        region: Option<Cell>,
        rank: Option<(u32, Option<&str>)>,
        parts: &[Cell],
    ) -> String {
        let t = ObservationText {
            value,
            approx,
            unit: unit.map(String::from),
            region,
            rank: rank.map(|(r, s)| (r, s.map(String::from))),
            parts: parts.to_vec(),
        };
        in_language("cs", || t.shown())
    }

    #[test]
    fn messy_values_are_shown_faithfully() {
        assert_eq!(
            text(Some(n("3100")), true, None, None, None, &[]),
            "cca 3\u{a0}100"
        );
        assert_eq!(
            text(Some(Cell::NotAvailable), false, None, None, None, &[]),
            "n. a."
        );
        assert_eq!(
            text(Some(Cell::NotReported), false, None, None, None, &[]),
            "-"
        );
        let parts = [n("12"), n("12"), n("4"), n("22")];
        assert_eq!(text(None, false, None, None, None, &parts), "12/12/4/22");
        assert_eq!(
            text(
                Some(n("174,1")),
                false,
                None,
                None,
                Some((2, Some("v ČR"))),
                &[]
            ),
            "174,1, 2. v ČR"
        );
        assert_eq!(
            text(
                Some(n("3,01")),
                false,
                Some("%"),
                Some(n("2,28")),
                None,
                &[]
            ),
            "3,01\u{a0}% vs. 2,28\u{a0}%"
        );
    }
}

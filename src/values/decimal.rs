//! Exact decimals as printed in the plan ("3 100", "6,88"), kept with their number of decimal
//! places so that a value is shown as it was written.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::format::{group_thousands, NBSP};

/// An exact decimal number as printed in the documents ("174,1", "14 964 994,80", "1 190"),
/// keeping its number of decimal places so "9,20" is not shown as "9,2".
#[derive(Clone, Copy, Debug, Eq)]
pub struct Decimal {
    units: i64,
    scale: u8,
}

const MAX_SCALE: u8 = 6;

impl Decimal {
    pub const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    pub fn from_int(value: i64) -> Self {
        Decimal {
            units: value,
            scale: 0,
        }
    }

    /// Parses "1190", "1 190", "3,01", "6.88", "-2" (spaces, non-breaking spaces and one decimal
    /// separator, comma or dot). Returns a message fit for an editor on failure.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let mut units: i64 = 0;
        let mut scale: u8 = 0;
        let mut seen_separator = false;
        let mut seen_digit = false;
        let mut negative = false;
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '-' | '−' if i == 0 => negative = true,
                ' ' | NBSP | '\u{202f}' if seen_digit && !seen_separator => {}
                ',' | '.' if seen_digit && !seen_separator => seen_separator = true,
                '0'..='9' => {
                    seen_digit = true;
                    if seen_separator {
                        scale += 1;
                        if scale > MAX_SCALE {
                            return Err(crate::msg!(
                                "number.too_many_places",
                                text = trimmed,
                                places = MAX_SCALE
                            ));
                        }
                    }
                    units = units
                        .checked_mul(10)
                        .and_then(|u| u.checked_add(i64::from(c as u8 - b'0')))
                        .ok_or_else(|| crate::msg!("number.too_large", text = trimmed))?;
                }
                _ => return Err(crate::msg!("number.bad", text = trimmed)),
            }
        }
        if !seen_digit {
            return Err(crate::msg!("number.bad", text = trimmed));
        }
        Ok(Decimal {
            units: if negative { -units } else { units },
            scale,
        })
    }

    pub fn is_negative(self) -> bool {
        self.units < 0
    }

    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(i32::from(self.scale))
    }

    /// The same value with at least `scale` decimal places ("14 964 994,8" → "14 964 994,80").
    pub fn with_min_scale(self, scale: u8) -> Self {
        let mut d = self;
        while d.scale < scale {
            match d.units.checked_mul(10) {
                Some(units) => {
                    d.units = units;
                    d.scale += 1;
                }
                None => break,
            }
        }
        d
    }

    /// The digits before and after the decimal point, without sign or grouping.
    fn digits(self) -> (String, String) {
        let digits = self.units.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int_part, frac_part) = padded.split_at(padded.len() - scale);
        (int_part.to_string(), frac_part.to_string())
    }

    /// The number for machines, as CSV and JSON want it: "14964994.80", "-3.5", "1190".
    pub fn plain(self) -> String {
        self.written("", ".")
    }

    /// The number for readers, in the language being written ([`super::locale`]).
    pub fn shown(self) -> String {
        super::locale::with(|l| l.number(self))
    }

    /// Czech text for diagnostics: "14 964 994,80", "-3,5", "1 190".
    pub fn czech(self) -> String {
        self.written("\u{a0}", ",")
    }

    /// The number with `group` between groups of three digits and `point` before the decimals.
    pub(super) fn written(self, group: &str, point: &str) -> String {
        let (int_part, frac_part) = self.digits();
        let mut out = String::new();
        if self.units < 0 {
            out.push('-');
        }
        out.push_str(&group_thousands(&int_part, group));
        if !frac_part.is_empty() {
            out.push_str(point);
            out.push_str(&frac_part);
        }
        out
    }

    fn widened(self, scale: u8) -> i128 {
        i128::from(self.units) * 10i128.pow(u32::from(scale - self.scale))
    }

    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let sum = self.widened(scale) + other.widened(scale);
        Some(Decimal {
            units: i64::try_from(sum).ok()?,
            scale,
        })
    }

    pub fn checked_neg(self) -> Option<Decimal> {
        Some(Decimal {
            units: self.units.checked_neg()?,
            scale: self.scale,
        })
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.widened(scale).cmp(&other.widened(scale))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.czech())
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

pub(super) struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number (e.g. 1190, 6.88 or \"14 964 994,80\")")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from_int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        i64::try_from(v).map(Decimal::from_int).map_err(|_| {
            E::custom(crate::diagnostics::own(crate::msg!(
                "number.too_large",
                text = v
            )))
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::custom(crate::diagnostics::own(crate::msg!(
                "number.bad",
                text = v
            ))));
        }
        // Rust prints the shortest text that reads back as the same float: 6.88 → "6.88".
        Decimal::parse(&v.to_string()).map_err(|m| E::custom(crate::diagnostics::own(m)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        Decimal::parse(v).map_err(|m| E::custom(crate::diagnostics::own(m)))
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::tests::toml_value;

    #[test]
    fn decimals_keep_what_was_printed() {
        assert_eq!(
            Decimal::parse("14 964 994,80").unwrap().czech(),
            "14\u{a0}964\u{a0}994,80"
        );
        assert_eq!(Decimal::parse("6.88").unwrap().czech(), "6,88");
        assert_eq!(Decimal::parse("1190").unwrap().czech(), "1\u{a0}190");
        assert_eq!(Decimal::parse("-0,5").unwrap().czech(), "-0,5");
        assert_eq!(Decimal::parse("0,05").unwrap().czech(), "0,05");
        assert!(Decimal::parse("12a").is_err());
        assert!(Decimal::parse("").is_err());
        assert!(Decimal::parse("1,2,3").is_err());
        assert_eq!(toml_value::<Decimal>("174.1").unwrap().czech(), "174,1");
        assert_eq!(
            toml_value::<Decimal>("\"3 100\"").unwrap().czech(),
            "3\u{a0}100"
        );
    }

    #[test]
    fn decimals_compare_and_add_across_scales() {
        let a = Decimal::parse("9,2").unwrap();
        let b = Decimal::parse("9,20").unwrap();
        assert_eq!(a, b);
        assert!(Decimal::parse("39").unwrap() < Decimal::parse("40").unwrap());
        let sum = Decimal::parse("143 945 506,20")
            .unwrap()
            .checked_add(Decimal::parse("34 785 322,35").unwrap())
            .unwrap();
        assert_eq!(sum, Decimal::parse("178730828,55").unwrap());
    }
}

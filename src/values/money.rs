//! Amounts in Czech crowns: exact with hellers ("14 964 994,80 Kč"), or rounded the way the
//! action plan rounds planned costs ("25 mil. Kč").

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use super::decimal::Decimal;
use crate::format::NBSP;

/// An amount in Czech crowns, shown with two decimal places: "14 964 994,80 Kč".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub Decimal);

impl Money {
    pub fn czech(self) -> String {
        format!("{}{NBSP}Kč", self.0.with_min_scale(2).czech())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let amount = Decimal::deserialize(d)?;
        if amount.is_negative() {
            return Err(de::Error::custom(format!(
                "an amount of money cannot be negative (got {})",
                amount.czech()
            )));
        }
        Ok(Money(amount))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.czech())
    }
}

/// A planned amount as the action plan rounds it: "25 mil. Kč", "6,1 mil. Kč", "30 tis. Kč".
pub fn rounded_czk(amount: Decimal) -> String {
    let value = amount.to_f64();
    let (scaled, unit) = if value.abs() >= 1_000_000.0 {
        (value / 1_000_000.0, "mil.\u{a0}Kč")
    } else if value.abs() >= 1_000.0 {
        (value / 1_000.0, "tis.\u{a0}Kč")
    } else {
        (value, "Kč")
    };
    // At most two decimals, trailing zeros dropped: 6.1 → "6,1", 25.0 → "25".
    let text = format!("{scaled:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let shown = Decimal::parse(text)
        .map(Decimal::czech)
        .unwrap_or_else(|_| text.to_string());
    format!("{shown}{NBSP}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::tests::toml_value;

    #[test]
    fn money_always_shows_hellers() {
        assert_eq!(
            Money(Decimal::parse("14964994.8").unwrap()).czech(),
            "14\u{a0}964\u{a0}994,80\u{a0}Kč"
        );
        assert!(toml_value::<Money>("-5")
            .unwrap_err()
            .contains("cannot be negative"));
    }

    #[test]
    fn planned_costs_are_rounded_like_the_plan() {
        assert_eq!(
            rounded_czk(Decimal::from_int(25_000_000)),
            "25\u{a0}mil.\u{a0}Kč"
        );
        assert_eq!(
            rounded_czk(Decimal::from_int(6_100_000)),
            "6,1\u{a0}mil.\u{a0}Kč"
        );
        assert_eq!(
            rounded_czk(Decimal::from_int(30_000)),
            "30\u{a0}tis.\u{a0}Kč"
        );
        assert_eq!(rounded_czk(Decimal::from_int(500)), "500\u{a0}Kč");
    }
}

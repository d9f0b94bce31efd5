//! Amounts of money: exact with hellers ("14 964 994,80 Kč"), or rounded the way the action
//! plan rounds planned costs ("25 mil. Kč"); written in the site's language by
//! [`super::locale`].

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use super::decimal::Decimal;

/// An amount in the site's currency, shown with two decimal places: "14 964 994,80 Kč".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub Decimal);

impl Money {
    /// The amount for readers, in the language being written.
    pub fn shown(self) -> String {
        super::locale::with(|l| l.money(self))
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

/// A planned amount as the action plan rounds it: "25 mil. Kč", "6,1 mil. Kč", "30 tis. Kč".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoundedMoney(pub Decimal);

impl RoundedMoney {
    /// The amount for readers, in the language being written.
    pub fn shown(self) -> String {
        super::locale::with(|l| l.rounded_money(self.0))
    }
}

impl Serialize for RoundedMoney {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::locale::in_language;
    use crate::values::tests::toml_value;

    #[test]
    fn money_always_shows_hellers() {
        let amount = Money(Decimal::parse("14964994.8").unwrap());
        assert_eq!(
            in_language("cs", || amount.shown()),
            "14\u{a0}964\u{a0}994,80\u{a0}Kč"
        );
        assert!(toml_value::<Money>("-5")
            .unwrap_err()
            .contains("cannot be negative"));
    }

    #[test]
    fn planned_costs_are_rounded_like_the_plan() {
        let rounded = |amount| {
            in_language("cs", || {
                super::super::locale::with(|l| l.rounded_money(Decimal::from_int(amount)))
            })
        };
        assert_eq!(rounded(25_000_000), "25\u{a0}mil.\u{a0}Kč");
        assert_eq!(rounded(6_100_000), "6,1\u{a0}mil.\u{a0}Kč");
        assert_eq!(rounded(30_000), "30\u{a0}tis.\u{a0}Kč");
        assert_eq!(rounded(500), "500\u{a0}Kč");
    }
}

//! Amounts of money: exact with hellers ("14 964 994,80 Kč"), or rounded the way the action
//! plan rounds planned costs ("25 mil. Kč"); written in the site's language and currency by
//! [`super::locale`]. The site's [`Currency`] (`currency` in `milnik.toml`) is one ISO 4217
//! code for every amount; content writes amounts as plain numbers.

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
            return Err(de::Error::custom(crate::diagnostics::own(crate::msg!(
                "money.negative",
                amount = amount.czech()
            ))));
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

/// The currency every amount of a site is in, by its ISO 4217 code: `currency = "EUR"` in
/// `milnik.toml`, CZK when not given. The locale writes amounts with the patterns the site's
/// language has for the currency (`[format.currency.EUR]`), or with the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

/// What the message for a `currency` that is not a code says in every language (`money.
/// not_a_code`), which the configuration's diagnostic recognises to add its hint.
pub const NOT_A_CURRENCY_CODE: &str = "ISO 4217";

/// Symbols amounts are written with besides their codes, by code. The spreadsheet import reads
/// them after (or before) an amount, and a `currency` written as a symbol is pointed to its
/// code. Other currencies are read with their code only.
const SYMBOLS: [(&str, &[&str]); 6] = [
    ("CZK", &["Kč", "kč"]),
    ("EUR", &["€"]),
    ("USD", &["US$", "$"]),
    ("GBP", &["£"]),
    ("PLN", &["zł"]),
    ("HUF", &["Ft"]),
];

impl Currency {
    /// Czech crowns, the default.
    pub const CZK: Currency = Currency(*b"CZK");

    /// A code of three capital letters, the form of ISO 4217 codes. Whether the code is
    /// assigned is not checked, so a currency milnik has never heard of still works.
    pub fn parse(text: &str) -> Result<Currency, String> {
        match *text.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Currency([a, b, c])),
            _ => Err(crate::msg!("money.not_a_code", text)),
        }
    }

    /// "CZK", "EUR".
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("three ASCII letters")
    }

    /// The symbols amounts in this currency are written with besides the code ("Kč", "€").
    pub fn symbols(self) -> &'static [&'static str] {
        SYMBOLS
            .iter()
            .find(|(code, _)| *code == self.code())
            .map_or(&[], |(_, symbols)| symbols)
    }

    /// The currency as diagnostics name it after "in": "crowns" ("korunách"), else its code
    /// ("EUR").
    pub fn in_diagnostics(&self) -> String {
        match *self {
            Currency::CZK => crate::msg!("money.in_crowns"),
            _ => self.code().to_string(),
        }
    }

    /// The currency an editor most likely meant by a text that is not a code: "eur" or "€" is
    /// EUR, "Kč" is CZK.
    pub fn meant_by(text: &str) -> Option<Currency> {
        let text = text.trim();
        Currency::parse(&text.to_ascii_uppercase())
            .ok()
            .or_else(|| {
                let (code, _) = SYMBOLS.iter().find(|(_, s)| s.contains(&text))?;
                Currency::parse(code).ok()
            })
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::CZK
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Currency::parse(&text).map_err(|m| de::Error::custom(crate::diagnostics::own(m)))
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
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

    #[test]
    fn a_currency_is_three_capital_letters() {
        assert_eq!(toml_value::<Currency>("\"EUR\"").unwrap().code(), "EUR");
        assert_eq!(Currency::default(), Currency::CZK);
        for bad in ["\"eur\"", "\"€\"", "\"EURO\"", "\"\"", "\"Kč\""] {
            let message = toml_value::<Currency>(bad).unwrap_err();
            assert!(message.contains(NOT_A_CURRENCY_CODE), "{bad}: {message}");
        }
        assert_eq!(
            Currency::meant_by("eur").map(|c| c.to_string()).as_deref(),
            Some("EUR")
        );
        assert_eq!(
            Currency::meant_by("€").map(|c| c.to_string()).as_deref(),
            Some("EUR")
        );
        assert_eq!(Currency::meant_by("Kč"), Some(Currency::CZK));
        assert_eq!(Currency::meant_by("euro"), None);
        assert_eq!(Currency::CZK.symbols(), ["Kč", "kč"]);
        assert!(Currency::parse("CHF").unwrap().symbols().is_empty());
    }
}

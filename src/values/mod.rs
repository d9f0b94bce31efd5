//! Domain value types as editors write them in TOML and as the site shows them: exact decimals
//! ([`Decimal`]), money ([`Money`]) in the site's [`Currency`], calendar dates ([`Date`],
//! [`PartialDate`]), implementation periods ([`Period`]), measure statuses ([`Status`]) and
//! indicator cells ([`Cell`]), and the [`Locale`] they are written in for readers.
//!
//! Each type validates itself while it is deserialised, so a bad value ("31. 2. 2024", a report
//! count "7/6", a period that ends before it starts) is reported by the TOML layer with the exact
//! line and column of the value. Each type serialises to its display text in the site's language
//! (through [`locale::with`], inside the [`locale::scope`] the writers of pages, charts, the
//! search index and the open data open), so templates never format or compute anything.
//!
//! One module per family of values; this one is their API, re-exporting every type under
//! `crate::values`.

mod cell;
mod date;
mod decimal;
pub mod locale;
mod money;
pub mod status;

pub use cell::Cell;
pub use date::{Date, PartialDate, Period};
pub use decimal::Decimal;
pub use locale::Locale;
pub use money::{Currency, Money, RoundedMoney, NOT_A_CURRENCY_CODE};
pub use status::{
    default_statuses, Detail, DetailKind, KindLabel, ReportCount, Status, StatusDef, StatusKind,
};

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    /// A value of type `T` read from TOML as `v = <text>`, or the message of its error.
    pub(super) fn toml_value<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        #[derive(Deserialize)]
        struct Wrap<T> {
            v: T,
        }
        toml::from_str::<Wrap<T>>(&format!("v = {text}"))
            .map(|w| w.v)
            .map_err(|e| crate::diagnostics::unmarked(e.message()))
    }
}

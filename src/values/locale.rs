//! How values read in the site's language: numbers, dates, months, periods, money in the
//! site's currency, statuses and indicator values, written from the words and patterns of the
//! theme's i18n files (`[format]`, `[format.currency.<code>]` and `[status]`), so no display
//! word of any language lives in the code.
//!
//! The model holds typed values ([`Decimal`], [`Date`], [`Money`], [`Status`], …); they become
//! text only when a page, a chart, the search index or the open data is written. Those writers
//! run inside [`scope`] with the site's [`Locale`], and the values' `Serialize` impls (what the
//! templates see) and their `shown()` methods format through [`with`]. Formatting a value for
//! readers outside a scope is a bug of milnik and panics, so no page can silently fall back to
//! another language. Diagnostics do not go through here: they format with `czech()`.

use std::cell::RefCell;
use std::sync::Arc;

use super::{
    Cell, Currency, Date, Decimal, Detail, Money, PartialDate, Period, Status, StatusDef,
    StatusKind,
};
use crate::i18n::Translations;

fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    crate::i18n::fill_args(pattern, pattern, args)
}

/// The words and patterns values are written with, in one language.
#[derive(Clone, Debug)]
pub struct Locale {
    decimal_point: String,
    digit_group: String,
    date: String,
    month_year: String,
    months: [String; 12],
    range: String,
    ongoing: String,
    /// The site's currency's code, for `{currency}` in the money patterns.
    currency: String,
    /// The money patterns of the site's currency (`[format.currency.<code>]`), else the
    /// language's patterns for any currency (`[format]`).
    money: String,
    money_thousands: String,
    money_millions: String,
    /// How headings name the currency: "Kč" in "(mil. Kč)".
    currency_unit: String,
    approx: String,
    with_unit: String,
    rank: String,
    versus: String,
    not_available: String,
    not_reported: String,
    /// The plan's statuses by position ([`Status::def`]), then the theme's word for each kind.
    statuses: Vec<(String, StatusKind)>,
    kinds: [String; 6],
    with_reports: String,
    with_percent: String,
}

impl Locale {
    /// The locale of a language's translations, with the labels of the plan's statuses and the
    /// site's currency. Every key it reads is one milnik uses, so the default language has
    /// them all and every other language is checked to have them too; a currency's own table
    /// is optional.
    pub fn of(tr: &Translations, statuses: &[StatusDef], currency: Currency) -> Locale {
        let text = |key: &str| tr.text(key).to_string();
        let code = currency.code();
        let of_currency = |key: &str| {
            tr.get(&format!("{}{code}.{key}", crate::i18n::CURRENCY_TABLES))
                .map(str::to_string)
        };
        let money = |key: &str| of_currency(key).unwrap_or_else(|| text(&format!("format.{key}")));
        Locale {
            decimal_point: text("format.decimal_point"),
            digit_group: text("format.digit_group"),
            date: text("format.date"),
            month_year: text("format.month_year"),
            months: std::array::from_fn(|m| text(MONTH_KEYS[m])),
            range: text("format.range"),
            ongoing: text("format.ongoing"),
            currency: code.to_string(),
            money: money("money"),
            money_thousands: money("money_thousands"),
            money_millions: money("money_millions"),
            currency_unit: of_currency("unit").unwrap_or_else(|| code.to_string()),
            approx: text("format.approx"),
            with_unit: text("format.with_unit"),
            rank: text("format.rank"),
            versus: text("format.versus"),
            not_available: text("format.not_available"),
            not_reported: text("format.not_reported"),
            statuses: statuses.iter().map(|s| (s.label.clone(), s.kind)).collect(),
            kinds: StatusKind::ALL.map(|k| text(&format!("status.{}", k.key()))),
            with_reports: text("status.with_reports"),
            with_percent: text("status.with_percent"),
        }
    }

    /// "14 964 994,80", "-3,5", "1 190" in Czech; "14,964,994.80" in English.
    pub fn number(&self, value: Decimal) -> String {
        value.written(&self.digit_group, &self.decimal_point)
    }

    /// A whole number: "1 190".
    pub fn integer(&self, value: i64) -> String {
        self.number(Decimal::from_int(value))
    }

    /// "30. 4. 2024"; "30 April 2024" with `{month_name}` (`[format.month]`).
    pub fn date(&self, date: Date) -> String {
        let (day, month, year) = (
            date.day.to_string(),
            date.month.to_string(),
            date.year.to_string(),
        );
        fill(
            &self.date,
            &[
                ("day", &day),
                ("month", &month),
                ("month_name", self.month(date.month)),
                ("year", &year),
            ],
        )
    }

    fn month(&self, month: u8) -> &str {
        &self.months[usize::from(month.clamp(1, 12) - 1)]
    }

    /// "červen 2024", "2023", or a full date.
    pub fn partial_date(&self, date: PartialDate) -> String {
        match date {
            PartialDate::Year(y) => y.to_string(),
            PartialDate::Month(y, m) => fill(
                &self.month_year,
                &[("month", self.month(m)), ("year", &y.to_string())],
            ),
            PartialDate::Day(d) => self.date(d),
        }
    }

    /// "1. 11. 2022–31. 10. 2025", "2023", "Průběžně".
    pub fn period(&self, period: Period) -> String {
        match period {
            Period::Range { from, to } => fill(
                &self.range,
                &[("from", &self.date(from)), ("to", &self.date(to))],
            ),
            Period::Year(y) => y.to_string(),
            Period::Ongoing => self.ongoing.clone(),
        }
    }

    /// An exact amount with two decimal places: "14 964 994,80 Kč".
    pub fn money(&self, money: Money) -> String {
        let amount = self.number(money.0.with_min_scale(2));
        self.in_currency(&self.money, &amount)
    }

    /// An amount already written in millions, as a rounded cost in millions is: "12,5 mil. Kč".
    pub fn money_in_millions(&self, amount: &str) -> String {
        self.in_currency(&self.money_millions, amount)
    }

    /// How headings name the site's currency: "Kč", "€", "EUR"; its code when the language
    /// has no table for it.
    pub fn currency_unit(&self) -> &str {
        &self.currency_unit
    }

    fn in_currency(&self, pattern: &str, amount: &str) -> String {
        fill(pattern, &[("amount", amount), ("currency", &self.currency)])
    }

    /// A planned amount as the action plan rounds it: "25 mil. Kč", "6,1 mil. Kč", "30 tis. Kč".
    pub fn rounded_money(&self, amount: Decimal) -> String {
        let value = amount.to_f64();
        let (scaled, pattern) = if value.abs() >= 1_000_000.0 {
            (value / 1_000_000.0, &self.money_millions)
        } else if value.abs() >= 1_000.0 {
            (value / 1_000.0, &self.money_thousands)
        } else {
            (value, &self.money)
        };
        // At most two decimals, trailing zeros dropped: 6.1 → "6,1", 25.0 → "25".
        let text = format!("{scaled:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        let shown = Decimal::parse(text)
            .map(|d| self.number(d))
            .unwrap_or_else(|_| text.to_string());
        self.in_currency(pattern, &shown)
    }

    /// A table cell: a number, or the words for a value the source does not have.
    pub fn cell(&self, cell: Cell) -> String {
        match cell {
            Cell::Number(d) => self.number(d),
            Cell::NotAvailable => self.not_available.clone(),
            Cell::NotReported => self.not_reported.clone(),
        }
    }

    /// A cell with its unit after a number: "3,01 %".
    pub fn cell_with_unit(&self, cell: Cell, unit: Option<&str>) -> String {
        match (cell, unit) {
            (Cell::Number(_), Some(u)) if !u.is_empty() => {
                fill(&self.with_unit, &[("value", &self.cell(cell)), ("unit", u)])
            }
            _ => self.cell(cell),
        }
    }

    /// An approximate value: "cca 3 100".
    pub fn approx(&self, value: &str) -> String {
        fill(&self.approx, &[("value", value)])
    }

    /// A value and its rank: "174,1, 2." (the content's scope, "v ČR", follows).
    pub fn rank(&self, value: &str, rank: u32) -> String {
        fill(&self.rank, &[("value", value), ("rank", &rank.to_string())])
    }

    /// A value and the region's beside it: "3,01 % vs. 2,28 %".
    pub fn versus(&self, value: &str, region: &str) -> String {
        fill(&self.versus, &[("value", value), ("region", region)])
    }

    /// A status as the evaluation prints it: "V realizaci (2/6)".
    pub fn status(&self, status: Status) -> String {
        let label = self
            .statuses
            .get(usize::from(status.def))
            .map_or(&self.kinds[status.kind as usize], |(label, _)| label);
        match status.detail {
            Some(Detail::Reports(r)) => fill(
                &self.with_reports,
                &[
                    ("status", label),
                    ("used", &r.used.to_string()),
                    ("total", &r.total.to_string()),
                ],
            ),
            Some(Detail::Percent(p)) => fill(
                &self.with_percent,
                &[("status", label), ("percent", &p.to_string())],
            ),
            None => label.clone(),
        }
    }

    /// The words for a kind of status, in tables and charts that count by kind: the label of
    /// the plan's first status of that kind, else the theme's word for it.
    pub fn status_kind(&self, kind: StatusKind) -> &str {
        self.statuses
            .iter()
            .find(|(_, k)| *k == kind)
            .map_or(&self.kinds[kind as usize], |(label, _)| label)
    }
}

const MONTH_KEYS: [&str; 12] = [
    "format.month.1",
    "format.month.2",
    "format.month.3",
    "format.month.4",
    "format.month.5",
    "format.month.6",
    "format.month.7",
    "format.month.8",
    "format.month.9",
    "format.month.10",
    "format.month.11",
    "format.month.12",
];

thread_local! {
    static CURRENT: RefCell<Option<Arc<Locale>>> = const { RefCell::new(None) };
}

/// Runs `f` with `locale` as the one values are written in on this thread (the previous one
/// comes back afterwards, also when `f` panics).
pub fn scope<R>(locale: &Arc<Locale>, f: impl FnOnce() -> R) -> R {
    let _entered = enter(locale);
    f()
}

/// Makes `locale` the one values are written in on this thread until the guard is dropped
/// (then the previous one comes back): [`scope`] for a whole block, e.g. a test.
pub fn enter(locale: &Arc<Locale>) -> Entered {
    let previous = CURRENT.with(|c| c.borrow_mut().replace(Arc::clone(locale)));
    Entered(previous)
}

/// The guard of [`enter`].
#[must_use = "the locale is left again when this is dropped"]
pub struct Entered(Option<Arc<Locale>>);

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// Calls `f` with the locale of the enclosing [`scope`].
///
/// # Panics
/// Outside a scope: a value written for readers without knowing their language is a bug.
pub fn with<R>(f: impl FnOnce(&Locale) -> R) -> R {
    CURRENT.with(|c| {
        let current = c.borrow();
        let locale = current
            .as_deref()
            .expect("a value was written for readers outside `values::locale::scope`");
        f(locale)
    })
}

/// Runs `f` in the built-in theme's locale of `language`, for tests.
#[cfg(test)]
pub(crate) fn in_language<R>(language: &str, f: impl FnOnce() -> R) -> R {
    let _entered = entered(language);
    f()
}

/// Enters the built-in theme's locale of `language` until the guard is dropped, for tests.
#[cfg(test)]
pub(crate) fn entered(language: &str) -> Entered {
    let tr = crate::render::theme::builtin_translations(language);
    let locale = Locale::of(&tr, &super::status::default_statuses(&tr), Currency::CZK);
    enter(&Arc::new(locale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::status::{default_statuses, Detail};
    use crate::values::ReportCount;

    fn of(language: &str) -> Arc<Locale> {
        in_currency(language, "CZK")
    }

    fn in_currency(language: &str, code: &str) -> Arc<Locale> {
        let tr = crate::render::theme::builtin_translations(language);
        let currency = Currency::parse(code).unwrap();
        Arc::new(Locale::of(&tr, &default_statuses(&tr), currency))
    }

    fn czech() -> Arc<Locale> {
        of("cs")
    }

    fn english() -> Arc<Locale> {
        of("en")
    }

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(czech().number(d("14964994.8")), "14\u{a0}964\u{a0}994,8");
        assert_eq!(english().number(d("14964994.8")), "14,964,994.8");
        assert_eq!(czech().integer(-4667), "-4\u{a0}667");
    }

    #[test]
    fn dates_and_periods_follow_the_language() {
        let date = Date::new(2024, 4, 30).unwrap();
        assert_eq!(czech().date(date), "30. 4. 2024");
        assert_eq!(english().date(date), "30 April 2024");
        assert_eq!(
            english().partial_date(PartialDate::Month(2024, 6)),
            "June 2024"
        );
        assert_eq!(english().period(Period::Ongoing), "Ongoing");
        let range = Period::Range {
            from: Date::new(2022, 11, 1).unwrap(),
            to: date,
        };
        assert_eq!(czech().period(range), "1. 11. 2022–30. 4. 2024");
    }

    #[test]
    fn money_follows_the_language() {
        assert_eq!(
            english().money(Money(d("14964994.8"))),
            "CZK\u{a0}14,964,994.80"
        );
        assert_eq!(
            english().rounded_money(d("6100000")),
            "CZK\u{a0}6.1\u{a0}million"
        );
    }

    #[test]
    fn euros_are_written_the_way_each_language_writes_them() {
        let cs = in_currency("cs", "EUR");
        assert_eq!(cs.money(Money(d("25000"))), "25\u{a0}000,00\u{a0}€");
        assert_eq!(cs.rounded_money(d("25000")), "25\u{a0}tis.\u{a0}€");
        assert_eq!(cs.rounded_money(d("1500000")), "1,5\u{a0}mil.\u{a0}€");
        assert_eq!(cs.money_in_millions("12,5"), "12,5\u{a0}mil.\u{a0}€");
        assert_eq!(cs.currency_unit(), "€");
        let en = in_currency("en", "EUR");
        assert_eq!(en.money(Money(d("25000"))), "€25,000.00");
        assert_eq!(en.rounded_money(d("25000")), "€25\u{a0}thousand");
        assert_eq!(en.rounded_money(d("1500000")), "€1.5\u{a0}million");
        assert_eq!(en.currency_unit(), "EUR");
    }

    #[test]
    fn a_currency_without_patterns_is_written_with_its_code() {
        let cs = in_currency("cs", "CHF");
        assert_eq!(cs.money(Money(d("1500"))), "1\u{a0}500,00\u{a0}CHF");
        assert_eq!(cs.rounded_money(d("6100000")), "6,1\u{a0}mil.\u{a0}CHF");
        assert_eq!(cs.currency_unit(), "CHF");
        let en = in_currency("en", "CHF");
        assert_eq!(en.money(Money(d("1500"))), "CHF\u{a0}1,500.00");
        assert_eq!(en.rounded_money(d("30000")), "CHF\u{a0}30\u{a0}thousand");
        // Crowns keep the words they had before currencies were declared.
        assert_eq!(czech().rounded_money(d("30000")), "30\u{a0}tis.\u{a0}Kč");
        assert_eq!(czech().currency_unit(), "Kč");
    }

    #[test]
    fn statuses_follow_the_language() {
        let status = Status {
            def: 1,
            kind: StatusKind::InProgress,
            detail: Some(Detail::Reports(ReportCount { used: 2, total: 6 })),
        };
        assert_eq!(czech().status(status), "V realizaci (2/6)");
        assert_eq!(english().status(status), "In progress (2/6)");
        let partly = Status {
            def: 3,
            kind: StatusKind::Partial,
            detail: Some(Detail::Percent(60)),
        };
        assert_eq!(czech().status(partly), "Splněno částečně (60\u{a0}%)");
    }

    #[test]
    fn scopes_nest_and_restore() {
        let (cs, en) = (czech(), english());
        scope(&cs, || {
            scope(&en, || {
                assert_eq!(
                    with(|l| l.status_kind(StatusKind::Done).to_string()),
                    "Completed"
                )
            });
            assert_eq!(
                with(|l| l.status_kind(StatusKind::Done).to_string()),
                "Dokončeno"
            );
        });
        assert!(std::panic::catch_unwind(|| with(|_| ())).is_err());
    }
}

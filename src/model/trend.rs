//! Whether a global indicator moves the way the plan expects by its final year, computed from
//! the baseline and a wave's value (never typed in by hand).

use serde::Serialize;

use super::Observation;
use crate::content::schema::ExpectedKind;
use crate::values::Decimal;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    Meets,
    Misses,
    /// A value is missing ("n. a.") or not comparable.
    Unknown,
}

impl Trend {
    /// The trend's stable name; the theme words it (`trend.meets`).
    pub fn key(self) -> &'static str {
        match self {
            Trend::Meets => "meets",
            Trend::Misses => "misses",
            Trend::Unknown => "unknown",
        }
    }
}

fn number(o: &Observation) -> Option<Decimal> {
    o.value.and_then(|v| v.number())
}

fn signed_gap(o: &Observation) -> Option<f64> {
    Some(number(o)?.to_f64() - o.region?.number()?.to_f64())
}

/// Compares `current` with `baseline` in the direction `kind` expects:
/// - a decrease ("Pokles", "Méně než 16", "Pokles o 500") is met when the value went down;
/// - an increase ("Minimálně 700", "Zvýšit o 500") when it went up;
/// - "Pokles pod krajskou hodnotu" when the value is below the region's, or the gap to the
///   region narrowed;
/// - "Pokles v pořadí krajských měst" when the city moved down the ranking (a larger rank number).
pub fn assess(kind: ExpectedKind, baseline: &Observation, current: &Observation) -> Trend {
    let verdict = |ok: bool| if ok { Trend::Meets } else { Trend::Misses };
    match kind {
        ExpectedKind::Below | ExpectedKind::Decrease | ExpectedKind::DecreaseBy => {
            match (number(baseline), number(current)) {
                (Some(b), Some(c)) => verdict(c < b),
                _ => Trend::Unknown,
            }
        }
        ExpectedKind::AtLeast | ExpectedKind::IncreaseBy => {
            match (number(baseline), number(current)) {
                (Some(b), Some(c)) => verdict(c > b),
                _ => Trend::Unknown,
            }
        }
        ExpectedKind::BelowRegion => match (signed_gap(baseline), signed_gap(current)) {
            (Some(b), Some(c)) => verdict(c < 0.0 || c < b),
            _ => Trend::Unknown,
        },
        ExpectedKind::RankDecrease => match (baseline.rank, current.rank) {
            (Some(b), Some(c)) => verdict(c > b),
            _ => Trend::Unknown,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(value: &str, region: Option<&str>, rank: Option<u32>) -> Observation {
        let mut o = Observation::for_test(Some(value), &[]);
        o.region = region.map(|r| Observation::for_test(Some(r), &[]).value.unwrap());
        o.rank = rank;
        o
    }

    #[test]
    fn decreases_and_increases() {
        // Index sociálního vyloučení 21 → 20, expected "Méně než 16".
        assert_eq!(
            assess(
                ExpectedKind::Below,
                &obs("21", None, None),
                &obs("20", None, None)
            ),
            Trend::Meets
        );
        // Počet sociálních bytů 589 → 310, expected "Minimálně 700".
        assert_eq!(
            assess(
                ExpectedKind::AtLeast,
                &obs("589", None, None),
                &obs("310", None, None)
            ),
            Trend::Misses
        );
        // Počet osob v insolvenci 4 667 → 4 239, expected "Zvýšit o 500".
        assert_eq!(
            assess(
                ExpectedKind::IncreaseBy,
                &obs("4667", None, None),
                &obs("4239", None, None)
            ),
            Trend::Misses
        );
        // Počet dětí odebraných z péče 199 → 207, expected "Pokles".
        assert_eq!(
            assess(
                ExpectedKind::Decrease,
                &obs("199", None, None),
                &obs("207", None, None)
            ),
            Trend::Misses
        );
    }

    #[test]
    fn a_missing_value_cannot_be_assessed() {
        assert_eq!(
            assess(
                ExpectedKind::Decrease,
                &obs("11", None, None),
                &obs("n. a.", None, None)
            ),
            Trend::Unknown
        );
    }

    #[test]
    fn below_region_counts_a_narrowing_gap() {
        // 3,01 % vs. 2,28 % → 2,17 % vs. 2,07 %.
        assert_eq!(
            assess(
                ExpectedKind::BelowRegion,
                &obs("3,01", Some("2,28"), None),
                &obs("2,17", Some("2,07"), None)
            ),
            Trend::Meets
        );
        assert_eq!(
            assess(
                ExpectedKind::BelowRegion,
                &obs("3", Some("2"), None),
                &obs("3,5", Some("2"), None)
            ),
            Trend::Misses
        );
    }

    #[test]
    fn rank_decrease_needs_a_lower_position() {
        // Index kriminality: 2. v ČR → 2. v ČR.
        assert_eq!(
            assess(
                ExpectedKind::RankDecrease,
                &obs("174,1", None, Some(2)),
                &obs("278,7", None, Some(2))
            ),
            Trend::Misses
        );
        assert_eq!(
            assess(
                ExpectedKind::RankDecrease,
                &obs("174,1", None, Some(2)),
                &obs("150", None, Some(4))
            ),
            Trend::Meets
        );
    }
}

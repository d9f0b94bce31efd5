//! What a chart draws, before it is drawn: bars, lines or a matrix, on which scale, with which
//! tones and target. Plain data, built by the chart of each kind and drawn by [`super::svg`].

use crate::values::StatusKind;

/// A value axis from `min` to `max` in `splits` equal steps of a round size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub splits: usize,
}

impl Scale {
    const SPLITS: usize = 5;

    /// The smallest round axis that shows every value, starting at zero (or below it when a
    /// value is negative). Values are in the data's unit; an empty or all-zero list gives 0–5.
    pub fn fitting(values: impl IntoIterator<Item = f64>) -> Scale {
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if hi - lo <= 0.0 {
            return Scale {
                min: 0.0,
                max: Self::SPLITS as f64,
                splits: Self::SPLITS,
            };
        }
        let span = hi - lo;
        let step = Self::round_step(span / Self::SPLITS as f64);
        let min = (lo / step).floor() * step;
        let mut max = (hi / step).ceil() * step;
        if max <= min {
            max = min + step * Self::SPLITS as f64;
        }
        let splits = ((max - min) / step).round() as usize;
        Scale { min, max, splits }
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
    fn round_step(raw: f64) -> f64 {
        if raw <= 0.0 || !raw.is_finite() {
            return 1.0;
        }
        let magnitude = 10f64.powf(raw.log10().floor());
        [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw * (1.0 - 1e-9))
            .unwrap_or(10.0 * magnitude)
    }

    pub fn contains(&self, v: f64) -> bool {
        v >= self.min && v <= self.max
    }
}

/// How a bar is coloured. Colour is never the only carrier of meaning: every bar has a
/// category label and a value label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Neutral,
    NotStarted,
    InProgress,
    Partial,
    Done,
    Postponed,
    Cancelled,
    NotReported,
}

impl Tone {
    pub(super) fn of(kind: StatusKind) -> Tone {
        match kind {
            StatusKind::NotStarted => Tone::NotStarted,
            StatusKind::InProgress => Tone::InProgress,
            StatusKind::Partial => Tone::Partial,
            StatusKind::Done => Tone::Done,
            StatusKind::Postponed => Tone::Postponed,
            StatusKind::Cancelled => Tone::Cancelled,
        }
    }
}

/// Horizontal bars, one per category, with the value printed at the end of each.
#[derive(Clone, Debug, PartialEq)]
pub struct BarSpec {
    pub categories: Vec<String>,
    pub values: Vec<f64>,
    pub tones: Vec<Tone>,
    /// Decimal places of the value labels.
    pub decimals: usize,
    /// Printed after each value label, e.g. " %".
    pub suffix: String,
    /// Where the target is met (e.g. 100 %): the plot is shaded from there to its end, and a
    /// note under the chart says so.
    pub target_from: Option<f64>,
    /// The note under the chart that explains the shading.
    pub target_note: String,
    pub scale: Scale,
}

/// A moment on a year axis: 2021.5 is the middle of 2021, 2022.0 its end.
pub type YearPosition = f64;

/// One value of a series over time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimePoint {
    pub at: YearPosition,
    pub value: f64,
}

/// How a line is drawn, so that lines differ by more than colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle {
    /// The indicator's own values.
    Solid,
    /// The region's values, compared with.
    Dashed,
    /// The own values counted by a method no longer used.
    Dotted,
}

/// One line over time, in runs: a method change ends a run and starts another, so the values
/// either side of it are not joined.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeSeries {
    pub name: String,
    pub runs: Vec<Vec<TimePoint>>,
    pub style: LineStyle,
    /// Index into the line colours.
    pub color: usize,
    /// Value labels go under the points (for the second line, so labels of two lines close
    /// together do not overlap).
    pub labels_below: bool,
}

/// Values over a proportional year axis: whole years from `first_year` to `last_year`, with
/// the plan's target drawn in its year and each change of method marked.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeSpec {
    pub first_year: i32,
    pub last_year: i32,
    pub series: Vec<TimeSeries>,
    /// The value the plan expects, at its year (a diamond, with a thin line across at its
    /// level).
    pub target: Option<TimePoint>,
    /// Where the series break (a vertical line), each with its short label.
    pub breaks: Vec<(YearPosition, String)>,
    /// What the values count, written above the value axis.
    pub axis_label: Option<String>,
    pub decimals: usize,
    pub scale: Scale,
}

/// The risk matrix: impact (rows, 5 at the top) by probability (columns).
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixSpec {
    /// `cells[impact - 1][probability - 1]`: the codes of the risks in that cell.
    pub cells: Vec<Vec<Vec<String>>>,
    /// The top left cell, naming the axes ("Dopad \\ pravděp.").
    pub corner: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_round_and_hold_every_value() {
        let s = Scale::fitting([39.0, 40.0]);
        assert_eq!((s.min, s.max, s.splits), (0.0, 40.0, 4));
        let s = Scale::fitting([589.0, 310.0, 700.0]);
        assert_eq!((s.min, s.max), (0.0, 800.0));
        assert!(s.contains(700.0));
        let s = Scale::fitting([3.01, 2.28, 2.17]);
        assert_eq!((s.min, s.max, s.splits), (0.0, 4.0, 4));
        let s = Scale::fitting([106.0, 100.0]);
        assert_eq!((s.min, s.max, s.splits), (0.0, 125.0, 5));
        let s = Scale::fitting([-3.0, 7.0]);
        assert!(s.min <= -3.0 && s.max >= 7.0 && s.min < 0.0);
        assert_eq!(Scale::fitting([]).max, 5.0);
        assert_eq!(Scale::fitting([0.0, 0.0]).max, 5.0);
    }
}

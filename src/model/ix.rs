//! Typed indices into the model's flat vectors: a [`MeasureIx`] indexes `Site::measures` and
//! nothing else, so a wave's index can never be passed where a measure's is expected.
//!
//! Each index is a `usize` in a newtype (zero-cost, `Copy`, ordered, hashable), indexes the
//! vector or slice of its own items (`site.measures[m]`), and, where the model's serialized
//! structs hold it, serializes as the bare number it always was. `new`/`get` convert at the few places a plain position crosses in or out (the
//! page registry's `PageKey::ix`, positions in a list the model builds).

use std::ops::{Index, IndexMut};

use serde::Serialize;

use super::{
    ActionPlan, Area, Article, GlobalIndicator, GoalReport, Measure, MeasureReport, Observation,
    Page, SpecificGoal, StrategicGoal, Tag, Wave,
};

/// Declares each index type with the item type it indexes; `, Serialize` for one the model's
/// serialized structs hold (it serializes as the bare number).
macro_rules! indices {
    ($($(#[$doc:meta])* $ix:ident => $item:ty $(, $serialize:ident)?;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $(#[derive($serialize)] #[serde(transparent)])?
        pub struct $ix(usize);

        impl $ix {
            /// The index of position `i`.
            #[inline]
            pub const fn new(i: usize) -> Self {
                Self(i)
            }

            /// Its position in the vector it indexes.
            #[inline]
            pub const fn get(self) -> usize {
                self.0
            }

            /// The index of every item of `items`, in order.
            #[inline]
            pub fn all(
                items: &[$item],
            ) -> impl DoubleEndedIterator<Item = Self> + ExactSizeIterator + Clone {
                (0..items.len()).map(Self)
            }

            /// Every item of `items` with its index, in order.
            #[inline]
            pub fn enumerate(
                items: &[$item],
            ) -> impl DoubleEndedIterator<Item = (Self, &$item)> + ExactSizeIterator + Clone {
                items.iter().enumerate().map(|(i, item)| (Self(i), item))
            }

            /// The index the next item pushed onto `items` gets.
            #[inline]
            pub fn next(items: &[$item]) -> Self {
                Self(items.len())
            }
        }

        impl Index<$ix> for [$item] {
            type Output = $item;
            #[inline]
            fn index(&self, ix: $ix) -> &$item {
                &self[ix.0]
            }
        }

        impl IndexMut<$ix> for [$item] {
            #[inline]
            fn index_mut(&mut self, ix: $ix) -> &mut $item {
                &mut self[ix.0]
            }
        }

        impl Index<$ix> for Vec<$item> {
            type Output = $item;
            #[inline]
            fn index(&self, ix: $ix) -> &$item {
                &self[ix.0]
            }
        }

        impl IndexMut<$ix> for Vec<$item> {
            #[inline]
            fn index_mut(&mut self, ix: $ix) -> &mut $item {
                &mut self[ix.0]
            }
        }
    )*};
}

indices! {
    /// An action plan in `Plan::action_plans` (oldest first).
    ActionPlanIx => ActionPlan, Serialize;
    /// A thematic area in `Site::areas`.
    AreaIx => Area, Serialize;
    /// A strategic goal in `Site::strategic_goals`.
    StrategicGoalIx => StrategicGoal, Serialize;
    /// A specific goal in `Site::specific_goals`.
    SpecificGoalIx => SpecificGoal, Serialize;
    /// A measure in `Site::measures`.
    MeasureIx => Measure, Serialize;
    /// An evaluation wave in `Site::waves` (oldest first).
    WaveIx => Wave, Serialize;
    /// A global indicator in `Site::indicators`.
    IndicatorIx => GlobalIndicator, Serialize;
    /// An article in `Site::articles` (newest first).
    ArticleIx => Article, Serialize;
    /// A content page in `Site::pages`.
    PageIx => Page;
    /// A tag of the articles in `Site::tags`.
    TagIx => Tag, Serialize;
    /// A specific goal's report in one wave's `Wave::goal_reports`.
    GoalReportIx => GoalReport, Serialize;
    /// A measure's report in one goal report's `GoalReport::measures`.
    MeasureReportIx => MeasureReport, Serialize;
    /// A global indicator's value in one wave's `Wave::indicator_values`.
    IndicatorValueIx => Observation, Serialize;
}

impl WaveIx {
    /// The wave before this one, if any.
    #[inline]
    pub fn previous(self) -> Option<WaveIx> {
        self.0.checked_sub(1).map(WaveIx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_is_its_position_and_orders_as_it() {
        let ix = MeasureIx::new(3);
        assert_eq!(ix.get(), 3);
        assert!(MeasureIx::new(2) < ix);
        assert_eq!(serde_json::to_string(&ix).unwrap(), "3");
        assert_eq!(WaveIx::new(0).previous(), None);
        assert_eq!(WaveIx::new(2).previous(), Some(WaveIx::new(1)));
    }

    #[test]
    fn indices_enumerate_the_items_they_index() {
        let pages: Vec<Page> = Vec::new();
        assert_eq!(PageIx::all(&pages).len(), 0);
        assert_eq!(PageIx::next(&pages), PageIx::new(0));
        let values = vec![
            Observation::for_test(Some("1"), &[]),
            Observation::for_test(Some("2"), &[]),
        ];
        let ixs: Vec<IndicatorValueIx> = IndicatorValueIx::all(&values).collect();
        assert_eq!(ixs, [IndicatorValueIx::new(0), IndicatorValueIx::new(1)]);
        for (ix, value) in IndicatorValueIx::enumerate(&values) {
            assert!(std::ptr::eq(&values[ix], value));
        }
        assert_eq!(IndicatorValueIx::next(&values).get(), 2);
    }
}

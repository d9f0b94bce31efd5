//! The resolve stage's state (the base URL, the plan's abbreviations, the diagnostics found so
//! far) and the checks every part of the content shares: the form of hierarchical IDs, slugs,
//! uniqueness, "did you mean", and stated totals against the rows they sum.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::config::BaseUrl;
use crate::content::schema::{Id, StatedTotal};
use crate::diagnostics::{suggest, Diagnostic, Diagnostics, Severity, SourceFile};
use crate::markdown;
use crate::model::levels::Level;
use crate::model::{AreaIx, IndicatorIx, MeasureIx, Site, StatedTotalView};
use crate::pages::route::{Route, Segments};
use crate::slug::{is_valid_slug, slugify};
use crate::values::{Currency, Decimal, Money};
use toml::Spanned;

/// What the steps of the resolve stage share: every problem goes to `diagnostics`, so that an
/// editor sees all of them at once.
pub(super) struct Resolver<'a> {
    pub(super) base: &'a BaseUrl,
    /// The URL segments of the site's sections, which links are built with.
    pub(super) segments: &'a Segments,
    /// The site's currency, which diagnostics name amounts in.
    pub(super) currency: Currency,
    pub(super) abbreviations: markdown::Abbreviations,
    /// The plan's levels, which IDs are checked against.
    pub(super) levels: &'a [Level],
    pub(super) diagnostics: Diagnostics,
    /// Set while stated totals are checked against rows some of which an error left out (an
    /// amount that is not one, a report dropped for its status): the totals' warnings would
    /// only repeat that error, so they are not given.
    pub(super) rows_incomplete: bool,
}

/// Where each ID was first defined, to report a duplicate with the file of the first.
pub(super) type Seen = HashMap<String, PathBuf>;

pub(super) fn did_you_mean<'k>(
    wanted: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Option<String> {
    suggest(wanted, known).map(|k| crate::msg!("hint.did_you_mean", name = k))
}

pub(super) fn anchor(id: &str) -> String {
    format!("cil-{}", id.replace('.', "-"))
}

/// The sort key of an ID of the level at `depth` (its parts: "1.1.2" → [1, 1, 2]); IDs that
/// do not have the level's shape sort first.
pub(super) fn id_order(levels: &[Level], depth: usize, id: &str) -> Vec<u32> {
    crate::model::levels::parts(levels, depth, id).unwrap_or_default()
}

impl<'a> Resolver<'a> {
    pub(super) fn new(
        base: &'a BaseUrl,
        segments: &'a Segments,
        currency: Currency,
        abbreviations: markdown::Abbreviations,
        levels: &'a [Level],
    ) -> Self {
        Resolver {
            base,
            segments,
            currency,
            abbreviations,
            levels,
            diagnostics: Diagnostics::default(),
            rows_incomplete: false,
        }
    }

    /// The link to the page of `route` (an item's `slug`) under the site's base.
    pub(super) fn href(&self, route: Route, slug: &str) -> String {
        self.base.link(&route.dir(self.segments, slug))
    }

    pub(super) fn error(
        &mut self,
        source: &SourceFile,
        span: Range<usize>,
        msg: impl Into<String>,
    ) {
        self.diagnostics.push(source.error_at(span, msg));
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub(super) fn md(&self, text: &str) -> String {
        markdown::to_html(text, self.base, &self.abbreviations)
    }

    pub(super) fn md_opt(&self, text: &Option<String>) -> Option<String> {
        text.as_deref().map(|t| self.md(t))
    }

    /// Checks an ID's form and that it continues its parent's ID.
    /// Checks `id` as an ID of the level at `depth` (1 = the top) listed under the node
    /// `parent`, reporting what is wrong.
    pub(super) fn check_id(
        &mut self,
        source: &SourceFile,
        id: &Id,
        depth: usize,
        parent: Option<&str>,
    ) -> bool {
        use crate::model::levels::{check, shape_hint, IdProblem};
        let text = id.get_ref();
        let levels = self.levels;
        let depth = depth - 1;
        let level = levels[depth].noun();
        match check(levels, depth, text, parent) {
            Ok(_) => true,
            Err(IdProblem::Malformed) => {
                self.push(
                    source
                        .error_at(
                            id.span(),
                            crate::msg!("resolve.resolver.invalid_id", text, level),
                        )
                        .with_hint(shape_hint(levels, depth)),
                );
                false
            }
            Err(IdProblem::Zero) => {
                self.error(
                    source,
                    id.span(),
                    crate::msg!("resolve.resolver.id_zero", level, text),
                );
                false
            }
            Err(IdProblem::Misplaced(own_parent)) => {
                let parent = parent.unwrap_or_default();
                let parent_level = levels[depth - 1].noun();
                let separator = &levels[depth].separator;
                self.push(
                    source
                        .error_at(
                            id.span(),
                            crate::msg!(
                                "resolve.resolver.misplaced_id",
                                level,
                                text,
                                parent_level,
                                parent,
                                own_parent
                            ),
                        )
                        .with_hint(crate::msg!(
                            "resolve.resolver.misplaced_id_hint",
                            parent_level,
                            own_parent,
                            parent,
                            separator
                        )),
                );
                false
            }
        }
    }

    pub(super) fn slug_of(
        &mut self,
        source: &SourceFile,
        given: &Option<Id>,
        fallback: &str,
    ) -> String {
        match given {
            Some(slug) => {
                if is_valid_slug(slug.get_ref()) {
                    slug.get_ref().clone()
                } else {
                    self.push(
                        source
                            .error_at(
                                slug.span(),
                                crate::msg!("resolve.resolver.invalid_slug", slug = slug.get_ref()),
                            )
                            .with_hint(crate::msg!(
                                "resolve.resolver.invalid_slug_hint",
                                example = slugify(slug.get_ref())
                            )),
                    );
                    slugify(slug.get_ref())
                }
            }
            None => slugify(fallback),
        }
    }

    /// Whether a difference between a document's figure and the content is to be reported
    /// (`differs`, and no `acknowledged` explains it). An `acknowledged` with nothing to
    /// explain (the figures agree now) is reported instead: it would hide the next mistake.
    pub(super) fn unacknowledged(
        &mut self,
        source: &SourceFile,
        acknowledged: Option<&Spanned<String>>,
        differs: bool,
    ) -> bool {
        let Some(ack) = acknowledged else {
            return differs;
        };
        if ack.get_ref().trim().is_empty() {
            self.push(
                source
                    .error_at(
                        ack.span(),
                        crate::msg!("resolve.resolver.acknowledged_empty"),
                    )
                    .with_hint(crate::msg!("resolve.resolver.acknowledged_empty_hint")),
            );
        } else if !differs {
            self.push(
                source
                    .diagnostic(
                        Severity::Warning,
                        Some(ack.span()),
                        crate::msg!("resolve.resolver.acknowledged_needless"),
                    )
                    .with_hint(crate::msg!("resolve.resolver.acknowledged_needless_hint")),
            );
        }
        false
    }

    /// Sums the rows a stated total covers; warns when the document's figure differs.
    pub(super) fn check_total(
        &mut self,
        source: &SourceFile,
        total: &StatedTotal,
        rows: &[(Vec<String>, Money)],
    ) -> StatedTotalView {
        // The rows' group it sums; a row with several groups (a list column) counts in each.
        let part = total.group.as_ref();
        let computed = rows
            .iter()
            .filter(|(groups, _)| part.is_none_or(|p| groups.contains(p)))
            .try_fold(Decimal::ZERO, |acc, (_, m)| acc.checked_add(m.0))
            .map(Money);
        let stated = *total.amount.get_ref();
        let differs = computed.is_some_and(|sum| sum != stated);
        if let Some(sum) = computed.filter(|_| {
            !self.rows_incomplete
                && self.unacknowledged(source, total.acknowledged.as_ref(), differs)
        }) {
            self.push(
                source
                    .diagnostic(
                        Severity::Warning,
                        Some(total.amount.span()),
                        crate::msg!(
                            "resolve.resolver.total_differs",
                            label = total.label,
                            stated = diagnostic_money(stated, self.currency),
                            sum = diagnostic_money(sum, self.currency)
                        ),
                    )
                    .with_hint(crate::msg!("resolve.resolver.total_differs_hint")),
            );
        }
        StatedTotalView {
            label: total.label.clone(),
            programme: part.cloned(),
            stated,
            computed,
            matches: computed == Some(stated),
            note_html: self.md_opt(&total.note),
            action_plan: None,
        }
    }
}

/// The error for `key` (at `span`), which is not a key (lower-case ASCII letters, digits and
/// `_`, starting with a letter): `noun` names what it is ("level key"), `names` what it names.
pub(super) fn not_a_key(
    source: &SourceFile,
    span: Range<usize>,
    key: &str,
    noun: &str,
    names: &str,
) -> Diagnostic {
    source
        .error_at(span, crate::msg!("resolve.resolver.not_a_key", key, noun))
        .with_hint(crate::msg!(
            "resolve.resolver.not_a_key_hint",
            noun,
            names,
            example = crate::slug::slugify(key).replace('-', "_")
        ))
}

/// The URL slug of an area, wave, article or page: the one given (validated) or one derived
/// from `fallback`; reported when empty or already taken. `at` is where to point when no slug
/// was given.
pub(super) fn claim_slug(
    r: &mut Resolver,
    seen: &mut Seen,
    source: &SourceFile,
    given: &Option<Id>,
    fallback: &str,
    at: Range<usize>,
    what: &str,
) -> Option<String> {
    let slug = r.slug_of(source, given, fallback);
    let span = given.as_ref().map_or(at, |g| g.span());
    if slug.is_empty() {
        r.push(
            source
                .diagnostic(
                    Severity::Error,
                    Some(span),
                    crate::msg!("resolve.resolver.no_slug", what, fallback),
                )
                .with_hint(crate::msg!("resolve.resolver.no_slug_hint")),
        );
        return None;
    }
    unique(r, seen, source, &Id::new(span, slug.clone()), what, true).then_some(slug)
}

/// Whether `key` is the first of its kind in `seen` (and notes it); reports it otherwise.
/// `what` names it in the editor's words (a text of the catalogue's `resolve.what` table).
pub(super) fn require_unique(
    r: &mut Resolver,
    seen: &mut Seen,
    source: &SourceFile,
    key: &Id,
    what: &str,
) -> bool {
    unique(r, seen, source, key, what, false)
}

fn unique(
    r: &mut Resolver,
    seen: &mut Seen,
    source: &SourceFile,
    key: &Id,
    what: &str,
    is_slug: bool,
) -> bool {
    if let Some(first) = seen.get(key.get_ref()) {
        let msg = crate::msg!(
            "resolve.resolver.duplicate",
            what,
            key = key.get_ref(),
            file = first.display()
        );
        let mut d = source.error_at(key.span(), msg);
        if is_slug {
            d = d.with_hint(crate::msg!(
                "resolve.resolver.duplicate_slug_hint",
                file = source.path.display()
            ));
        }
        r.push(d);
        false
    } else {
        seen.insert(key.get_ref().clone(), source.path.clone());
        true
    }
}

/// Each ID with its index in the list it comes from.
pub(super) fn index_by_id<'s, I>(
    ids: impl Iterator<Item = &'s String>,
    ix: impl Fn(usize) -> I,
) -> HashMap<String, I> {
    ids.enumerate().map(|(i, id)| (id.clone(), ix(i))).collect()
}

/// The IDs articles and pages may refer to, with their index in the model.
pub(super) struct Ids {
    pub(super) measures: HashMap<String, MeasureIx>,
    pub(super) areas: HashMap<String, AreaIx>,
    pub(super) indicators: HashMap<String, IndicatorIx>,
}

impl Ids {
    pub(super) fn of(site: &Site) -> Self {
        Ids {
            measures: index_by_id(site.measures.iter().map(|m| &m.id), MeasureIx::new),
            areas: index_by_id(site.areas.iter().map(|a| &a.id), AreaIx::new),
            indicators: index_by_id(site.indicators.iter().map(|i| &i.id), IndicatorIx::new),
        }
    }
}

/// Warns when a document's stated count of measures differs from the `actual` number listed;
/// `message` words it from the stated count.
pub(super) fn warn_stated_count(
    r: &mut Resolver,
    source: &SourceFile,
    stated: &Spanned<u32>,
    acknowledged: Option<&Spanned<String>>,
    actual: usize,
    message: impl FnOnce(u32) -> String,
) {
    if !r.unacknowledged(source, acknowledged, *stated.get_ref() as usize != actual) {
        return;
    }
    r.push(
        source
            .diagnostic(
                Severity::Warning,
                Some(stated.span()),
                message(*stated.get_ref()),
            )
            .with_hint(crate::msg!("resolve.resolver.count_differs_hint")),
    );
}

/// An amount as diagnostics write it (they are Czech until issue 14 translates them): crowns
/// as "Kč", another currency by its code.
fn diagnostic_money(amount: Money, currency: Currency) -> String {
    let unit = match currency {
        Currency::CZK => "Kč",
        _ => currency.code(),
    };
    format!("{}\u{a0}{unit}", amount.0.with_min_scale(2).czech())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_diagnostics_name_the_sites_currency() {
        let amount = Money(Decimal::from_int(1500));
        assert_eq!(
            diagnostic_money(amount, Currency::CZK),
            "1\u{a0}500,00\u{a0}Kč"
        );
        let euro = Currency::parse("EUR").unwrap();
        assert_eq!(diagnostic_money(amount, euro), "1\u{a0}500,00\u{a0}EUR");
    }

    #[test]
    fn typos_get_suggestions() {
        assert_eq!(suggest("stauts", ["status", "title"]), Some("status"));
        assert_eq!(suggest("1.1.1.2", ["1.1.1.1", "2.1.1.1"]), Some("1.1.1.1"));
        assert_eq!(suggest("xyz", ["status"]), None);
    }

    #[test]
    fn anchors_are_made_of_the_id() {
        assert_eq!(anchor("1.1.1"), "cil-1-1-1");
    }
}

//! The body of an article or page as the model holds it: the cached HTML, with each shortcode
//! checked against the site and every problem of the body reported at its line.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::{Severity, SourceFile};
use crate::markdown;
use crate::model::{Embed, ImageUse, IndicatorIx, MeasureIx, RichHtml};

use super::markdown_cache::MarkdownCache;
use super::resolver::{did_you_mean, Resolver};

impl Resolver<'_> {
    /// An article's or page's body: Markdown with shortcodes, each checked against the site.
    /// `page` is the output path of the page it is on ("clanky/x/index.html"), which images
    /// written with a relative address are found from.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn rich_md(
        &mut self,
        path: &Path,
        page: &str,
        body: &str,
        line_offset: usize,
        cache: &MarkdownCache,
        measure_ids: &HashMap<String, MeasureIx>,
        indicator_ids: &HashMap<String, IndicatorIx>,
    ) -> RichHtml {
        let out = cache.get(path);
        if out.errors.is_empty()
            && out.shortcodes.is_empty()
            && out.uncaptioned_tables.is_empty()
            && out.images.is_empty()
        {
            return RichHtml {
                html: out.html.clone(),
                embeds: Vec::new(),
                links: out.links.clone(),
                images: Vec::new(),
            };
        }
        // Only a problem needs the source (a copy of the body) to point into.
        let source = std::cell::LazyCell::new(|| {
            let mut source = SourceFile::new(path, body);
            source.line_offset = line_offset;
            source
        });
        for e in &out.errors {
            let mut d = source.error_at(e.span.clone(), e.message.clone());
            if let Some(hint) = &e.hint {
                d = d.with_hint(hint.clone());
            }
            self.push(d);
        }
        for &at in &out.uncaptioned_tables {
            self.push(
                source
                    .diagnostic(
                        Severity::Warning,
                        Some(at..at + 1),
                        crate::msg!("resolve.body.no_caption"),
                    )
                    .with_hint(crate::msg!("resolve.body.no_caption_hint")),
            );
        }
        let mut embeds = Vec::new();
        for sc in &out.shortcodes {
            let found = match sc.name.as_str() {
                "measure" => find(measure_ids, &sc.argument)
                    .map(Embed::Measure)
                    .map_err(|hint| {
                        (
                            crate::msg!("resolve.body.no_measure", id = sc.argument),
                            hint,
                        )
                    }),
                "indicator" => find(indicator_ids, &sc.argument)
                    .map(Embed::IndicatorChart)
                    .map_err(|hint| {
                        (
                            crate::msg!("resolve.body.no_indicator", id = sc.argument),
                            hint,
                        )
                    }),
                other => {
                    let mut d = source.error_at(
                        sc.span.clone(),
                        crate::msg!(
                            "resolve.body.unknown_shortcode",
                            other,
                            names = markdown::SHORTCODES.map(|n| format!("`{n}`")).join(", ")
                        ),
                    );
                    if let Some(hint) = did_you_mean(other, markdown::SHORTCODES) {
                        d = d.with_hint(hint);
                    }
                    self.push(d);
                    embeds.push(None);
                    continue;
                }
            };
            let embed = match found {
                Ok(embed) => embed,
                Err((message, hint)) => {
                    let mut d = source.error_at(sc.span.clone(), message);
                    if let Some(hint) = hint {
                        d = d.with_hint(hint);
                    }
                    self.push(d);
                    embeds.push(None);
                    continue;
                }
            };
            if matches!(embed, Embed::IndicatorChart(_)) && !sc.block {
                self.push(
                    source
                        .error_at(sc.span.clone(), crate::msg!("resolve.body.chart_not_alone"))
                        .with_hint(crate::msg!("resolve.body.chart_not_alone_hint")),
                );
            }
            embeds.push(Some(embed));
        }
        let images = out
            .images
            .iter()
            .map(|image| ImageUse {
                image: image.clone(),
                path: crate::links::static_path(&image.target, page),
                at: source.error_at(image.span.clone(), String::new()),
            })
            .collect();
        RichHtml {
            html: out.html.clone(),
            embeds,
            links: out.links.clone(),
            images,
        }
    }
}

/// The index of the item `argument` names, or a "did you mean" hint for it.
fn find<I: Copy>(known: &HashMap<String, I>, argument: &str) -> Result<I, Option<String>> {
    known
        .get(argument)
        .copied()
        .ok_or_else(|| did_you_mean(argument, known.keys().map(String::as_str)))
}

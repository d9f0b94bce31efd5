//! Stage 2 of the build: linking the raw content into the [`Site`] model and validating it.
//! Owns every cross-file rule: ID format and hierarchy, duplicates, references between files,
//! wave values against the goal's indicators, and stated totals against their rows. All problems
//! are collected; the model is returned only when there are no errors.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{BaseUrl, SiteConfig};
use crate::content::schema::{
    self, AsOfKind, CostToml, Id, ObservationToml, StatedTotal, TotalTable,
};
use crate::content::{Content, Loaded, MarkdownFile};
use crate::diagnostics::{suggest, Diagnostic, Diagnostics, Severity, SourceFile};
use crate::markdown;
use crate::pages::route;
use crate::slug::{is_valid_slug, slugify};
use crate::values::{rounded_czk, Decimal, Money};

use super::*;

/// URL sections the generator owns; pages may not take these slugs.
/// The slugs a content page may not take: the first segment of every route the site
/// generates (from the page registry) and `static`, where the theme's files go.
pub fn reserved_slugs() -> Vec<&'static str> {
    let mut slugs: Vec<&'static str> = Vec::new();
    for section in crate::pages::reserved_sections().chain(["static"]) {
        if !slugs.contains(&section) {
            slugs.push(section);
        }
    }
    slugs
}

/// Options of the resolve stage.
#[derive(Clone, Copy, Debug, Default)]
pub struct ResolveOptions {
    /// Include articles and pages marked `draft = true`.
    pub drafts: bool,
}

/// Article and page bodies rendered by earlier builds. `serve` keeps one between rebuilds so
/// that only the bodies that changed are rendered again; a one-off build starts empty. An entry
/// holds while its file, the base URL and the abbreviations stay the same.
#[derive(Default)]
pub struct MarkdownCache {
    bodies: HashMap<PathBuf, Arc<RenderedBody>>,
}

/// A body's HTML with a marker per shortcode; the shortcodes are checked against the site on
/// every resolve, since the site may have changed around an unchanged body.
struct RenderedBody {
    key: u64,
    html: Arc<str>,
    shortcodes: Vec<markdown::Shortcode>,
    errors: Vec<markdown::ShortcodeError>,
    links: Arc<[markdown::LocalLink]>,
    uncaptioned_tables: Vec<usize>,
}

impl MarkdownCache {
    /// Renders (in parallel) every body whose file changed, and forgets files that are gone.
    fn refresh<'f>(
        &mut self,
        files: Vec<(&'f Path, &'f str, u64)>,
        base: &BaseUrl,
        abbreviations: &markdown::Abbreviations,
    ) {
        let live: std::collections::HashSet<&Path> = files.iter().map(|f| f.0).collect();
        self.bodies.retain(|path, _| live.contains(path.as_path()));
        let context = Self::context(base, abbreviations);
        let stale: Vec<(&Path, &str, u64)> = files
            .into_iter()
            .map(|(path, body, hash)| (path, body, Self::key(hash, context)))
            .filter(|(path, _, key)| self.bodies.get(*path).is_none_or(|b| b.key != *key))
            .collect();
        let rendered: Vec<(PathBuf, Arc<RenderedBody>)> = stale
            .into_par_iter()
            .map(|(path, body, key)| {
                let rendered = Self::render(body, key, base, abbreviations);
                (path.to_path_buf(), Arc::new(rendered))
            })
            .collect();
        self.bodies.extend(rendered);
    }

    /// Renders one body unless the cache has it, keeping the others.
    fn render_one(
        &mut self,
        path: &Path,
        body: &str,
        hash: u64,
        base: &BaseUrl,
        abbreviations: &markdown::Abbreviations,
    ) {
        let key = Self::key(hash, Self::context(base, abbreviations));
        if self.bodies.get(path).is_some_and(|b| b.key == key) {
            return;
        }
        self.bodies.insert(
            path.to_path_buf(),
            Arc::new(Self::render(body, key, base, abbreviations)),
        );
    }

    /// What a body's HTML depends on besides its text: worked out once per refresh, not per
    /// body (hashing every abbreviation for each of 10,000 articles was 1.5 % of a build).
    fn context(base: &BaseUrl, abbreviations: &markdown::Abbreviations) -> u64 {
        crate::content::fingerprint((base, abbreviations))
    }

    fn key(hash: u64, context: u64) -> u64 {
        crate::content::fingerprint((hash, context))
    }

    fn render(
        body: &str,
        key: u64,
        base: &BaseUrl,
        abbreviations: &markdown::Abbreviations,
    ) -> RenderedBody {
        let out = markdown::to_html_with_embeds(body, base, abbreviations);
        RenderedBody {
            key,
            html: out.html.into(),
            shortcodes: out.shortcodes,
            errors: out.errors,
            links: out.links.into(),
            uncaptioned_tables: out.uncaptioned_tables,
        }
    }

    fn get(&self, path: &Path) -> Arc<RenderedBody> {
        self.bodies
            .get(path)
            .cloned()
            .expect("every body is rendered by refresh() before it is resolved")
    }
}

struct Resolver<'a> {
    base: &'a BaseUrl,
    abbreviations: markdown::Abbreviations,
    diagnostics: Diagnostics,
}

fn did_you_mean<'k>(wanted: &str, known: impl IntoIterator<Item = &'k str>) -> Option<String> {
    suggest(wanted, known).map(|k| format!("did you mean `{k}`?"))
}

fn anchor(id: &str) -> String {
    format!("cil-{}", id.replace('.', "-"))
}

/// The parts of a hierarchical ID ("1.1.2" → [1, 1, 2]), or None when malformed.
fn id_parts(id: &str) -> Option<Vec<u32>> {
    id.split('.')
        .map(|p| {
            if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        })
        .collect()
}

const LEVELS: [&str; 4] = ["area", "strategic goal", "specific goal", "measure"];

impl Resolver<'_> {
    fn error(&mut self, source: &SourceFile, span: std::ops::Range<usize>, msg: impl Into<String>) {
        self.diagnostics.push(source.error_at(span, msg));
    }

    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn md(&self, text: &str) -> String {
        markdown::to_html(text, self.base, &self.abbreviations)
    }

    /// An article's or page's body: Markdown with shortcodes, each checked against the site.
    fn rich_md(
        &mut self,
        path: &std::path::Path,
        body: &str,
        line_offset: usize,
        cache: &MarkdownCache,
        measure_ids: &HashMap<String, usize>,
        indicator_ids: &HashMap<String, usize>,
    ) -> RichHtml {
        let out = cache.get(path);
        if out.errors.is_empty() && out.shortcodes.is_empty() && out.uncaptioned_tables.is_empty() {
            return RichHtml {
                html: out.html.clone(),
                embeds: Vec::new(),
                links: out.links.clone(),
            };
        }
        // Only a problem needs the source (a copy of the body) to point into.
        let source = std::cell::LazyCell::new(|| {
            let mut source = SourceFile::new(path, body);
            source.line_offset = line_offset;
            source
        });
        for e in &out.errors {
            self.error(&source, e.span.clone(), e.message.clone());
        }
        for &at in &out.uncaptioned_tables {
            self.push(
                source
                    .diagnostic(Severity::Warning, Some(at..at + 1), "this table has no caption")
                    .with_hint(
                        "write its caption as a paragraph starting with `:` on the line after the table, \
                         e.g. `: Počet klientů podle roku`; screen readers announce it with the table",
                    ),
            );
        }
        let mut embeds = Vec::new();
        for sc in &out.shortcodes {
            let (known, what) = match sc.name.as_str() {
                "measure" => (measure_ids, "measure"),
                "indicator" => (indicator_ids, "global indicator"),
                other => {
                    let mut d = source.error_at(
                        sc.span.clone(),
                        format!(
                            "unknown shortcode `{other}`; expected one of {}",
                            markdown::SHORTCODES.map(|n| format!("`{n}`")).join(", ")
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
            let Some(&ix) = known.get(&sc.argument) else {
                let mut d = source.error_at(
                    sc.span.clone(),
                    format!("the {what} `{}` does not exist", sc.argument),
                );
                if let Some(hint) = did_you_mean(&sc.argument, known.keys().map(String::as_str)) {
                    d = d.with_hint(hint);
                }
                self.push(d);
                embeds.push(None);
                continue;
            };
            embeds.push(Some(if sc.name == "measure" {
                Embed::Measure(ix)
            } else {
                if !sc.block {
                    self.push(
                        source
                            .error_at(
                                sc.span.clone(),
                                "an indicator chart must stand alone in its paragraph",
                            )
                            .with_hint("put the shortcode on its own line with an empty line before and after it"),
                    );
                }
                Embed::IndicatorChart(ix)
            }));
        }
        RichHtml {
            html: out.html.clone(),
            embeds,
            links: out.links.clone(),
        }
    }

    fn md_opt(&self, text: &Option<String>) -> Option<String> {
        text.as_deref().map(|t| self.md(t))
    }

    /// Checks an ID's form and that it continues its parent's ID.
    fn check_id(
        &mut self,
        source: &SourceFile,
        id: &Id,
        depth: usize,
        parent: Option<&str>,
    ) -> bool {
        let text = id.get_ref();
        let level = LEVELS[depth - 1];
        let Some(parts) = id_parts(text).filter(|p| p.len() == depth) else {
            let example = ["1", "1.1", "1.1.1", "1.1.1.1"][depth - 1];
            self.push(
                source
                    .error_at(id.span(), format!("`{text}` is not a valid {level} ID"))
                    .with_hint(format!(
                        "a {level} ID has {depth} number{} separated by dots, like `{example}`",
                        if depth == 1 { "" } else { "s" }
                    )),
            );
            return false;
        };
        if parts.contains(&0) {
            self.error(
                source,
                id.span(),
                format!("{level} ID `{text}` contains 0; numbering starts at 1"),
            );
            return false;
        }
        if let Some(parent) = parent {
            let own_parent = text.rsplit_once('.').map_or("", |(p, _)| p);
            if own_parent != parent {
                let parent_level = LEVELS[depth - 2];
                self.push(
                    source
                        .error_at(
                            id.span(),
                            format!("{level} {text} is listed under {parent_level} {parent} but its ID says {own_parent}"),
                        )
                        .with_hint(format!(
                            "move it under {parent_level} {own_parent}, or correct its ID to start with `{parent}.`"
                        )),
                );
                return false;
            }
        }
        true
    }

    fn slug_of(&mut self, source: &SourceFile, given: &Option<Id>, fallback: &str) -> String {
        match given {
            Some(slug) => {
                if is_valid_slug(slug.get_ref()) {
                    slug.get_ref().clone()
                } else {
                    self.push(
                        source
                            .error_at(slug.span(), format!("`{}` is not a valid slug", slug.get_ref()))
                            .with_hint(format!(
                                "use lower-case ASCII letters, digits and single hyphens, e.g. `{}`",
                                slugify(slug.get_ref())
                            )),
                    );
                    slugify(slug.get_ref())
                }
            }
            None => slugify(fallback),
        }
    }

    fn cost(
        &mut self,
        source: &SourceFile,
        cost: &CostToml,
        measure_ids: &HashMap<String, usize>,
        measures_href: &dyn Fn(usize) -> String,
    ) -> Option<Cost> {
        match (&cost.amount, &cost.same_as) {
            (Some(amount), None) => {
                let rounded = rounded_czk(amount.0);
                Some(Cost {
                    text: if cost.approx {
                        format!("Přibližně {rounded}")
                    } else {
                        rounded
                    },
                    amount: Some(*amount),
                    same_as: None,
                })
            }
            (None, Some(other)) => match measure_ids.get(other.get_ref()) {
                Some(&ix) => Some(Cost {
                    text: format!("Viz opatření {}", other.get_ref()),
                    amount: None,
                    same_as: Some(Link {
                        label: format!("opatření {}", other.get_ref()),
                        href: measures_href(ix),
                    }),
                }),
                None => {
                    let hint =
                        did_you_mean(other.get_ref(), measure_ids.keys().map(String::as_str));
                    let mut d = source.error_at(
                        other.span(),
                        format!(
                            "`same_as` names measure {} which does not exist",
                            other.get_ref()
                        ),
                    );
                    if let Some(h) = hint {
                        d = d.with_hint(h);
                    }
                    self.push(d);
                    None
                }
            },
            (Some(_), Some(other)) => {
                self.error(
                    source,
                    other.span(),
                    "a cost has either `amount` or `same_as`, not both",
                );
                None
            }
            (None, None) => {
                self.push(
                    Diagnostic::error(
                        source.path.clone(),
                        "a cost needs `amount` (in crowns) or `same_as` (a measure ID)",
                    )
                    .with_hint("when the plan prints \"-\", leave the whole cost out"),
                );
                None
            }
        }
    }

    /// Builds an observation, checking it against the indicator's parts.
    fn observation(
        &mut self,
        source: &SourceFile,
        raw: &ObservationToml,
        name: String,
        unit: Option<&str>,
        part_labels: &[String],
    ) -> Observation {
        let value = raw.value.as_ref().map(|v| *v.get_ref());
        match (&raw.value, raw.parts.is_empty()) {
            (None, true) => {
                let span = raw.indicator.as_ref().map(|i| i.span());
                self.push(
                    source
                        .diagnostic(Severity::Error, span, format!("the value of `{name}` is missing"))
                        .with_hint("add `value = …` (a number, \"n. a.\" or \"-\"), or `parts = [...]` for a composite value"),
                );
            }
            (Some(v), false) => {
                self.error(source, v.span(), "give either `value` or `parts`, not both")
            }
            _ => {}
        }
        if !raw.parts.is_empty() && raw.parts.len() != part_labels.len() {
            let span = raw.indicator.as_ref().map(|i| i.span());
            self.push(source.diagnostic(
                Severity::Error,
                span,
                format!(
                    "`{name}` has {} parts but its indicator names {} (`parts` labels on the indicator)",
                    raw.parts.len(),
                    part_labels.len()
                ),
            ));
        }
        let text = observation_text(
            value,
            raw.approx,
            unit,
            raw.region,
            raw.rank.map(|r| (r, raw.rank_scope.as_deref())),
            &raw.parts,
        );
        Observation {
            indicator: raw.indicator.as_ref().map(|i| i.get_ref().clone()),
            name: raw.label.clone().unwrap_or(name),
            text,
            value,
            region: raw.region,
            rank: raw.rank,
            parts: raw
                .parts
                .iter()
                .zip(part_labels.iter().chain(std::iter::repeat(&String::new())))
                .map(|(v, label)| Part {
                    label: label.clone(),
                    value: *v,
                })
                .collect(),
            as_of: raw.as_of,
            period: raw.period.clone(),
            territory: raw.territory.clone(),
            note_html: self.md_opt(&raw.note),
            comment_html: self.md_opt(&raw.comment),
        }
    }

    /// Sums the rows a stated total covers; warns when the document's figure differs.
    fn check_total(
        &mut self,
        source: &SourceFile,
        total: &StatedTotal,
        rows: &[(Option<String>, Money)],
    ) -> StatedTotalView {
        let computed = rows
            .iter()
            .filter(|(programme, _)| {
                total.programme.is_none() || programme.as_deref() == total.programme.as_deref()
            })
            .try_fold(Decimal::ZERO, |acc, (_, m)| acc.checked_add(m.0))
            .map(Money);
        let stated = *total.amount.get_ref();
        if let Some(sum) = computed.filter(|sum| *sum != stated) {
            self.push(
                source
                    .diagnostic(
                        Severity::Warning,
                        Some(total.amount.span()),
                        format!(
                            "stated total \"{}\" is {} but the rows add up to {}",
                            total.label,
                            stated.czech(),
                            sum.czech()
                        ),
                    )
                    .with_hint("check the rows and the total against the document; if the document is wrong, keep its figure and say so in a comment"),
            );
        }
        StatedTotalView {
            label: total.label.clone(),
            programme: total.programme.clone(),
            stated,
            computed,
            matches: computed == Some(stated),
            note_html: self.md_opt(&total.note),
        }
    }
}

/// The URL slug of an area, wave, article or page: the one given (validated) or one derived
/// from `fallback`; reported when empty or already taken. `at` is where to point when no slug
/// was given.
fn claim_slug(
    r: &mut Resolver,
    seen: &mut HashMap<String, std::path::PathBuf>,
    source: &SourceFile,
    given: &Option<Id>,
    fallback: &str,
    at: std::ops::Range<usize>,
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
                    format!("cannot derive a URL {what} from `{fallback}`"),
                )
                .with_hint("use letters or digits in the name, or set `slug = \"…\"`"),
        );
        return None;
    }
    require_unique(r, seen, source, &Id::new(span, slug.clone()), what).then_some(slug)
}

fn require_unique(
    r: &mut Resolver,
    seen: &mut HashMap<String, std::path::PathBuf>,
    source: &SourceFile,
    key: &Id,
    what: &str,
) -> bool {
    if let Some(first) = seen.get(key.get_ref()) {
        let msg = format!(
            "duplicate {what} `{}`; it is already defined in {}",
            key.get_ref(),
            first.display()
        );
        let mut d = source.error_at(key.span(), msg);
        if what.ends_with("slug") {
            d = d.with_hint(format!(
                "two files would be published at the same address; set another `slug = \"…\"` in one of them, or rename {}",
                source.path.display()
            ));
        }
        r.push(d);
        false
    } else {
        seen.insert(key.get_ref().clone(), source.path.clone());
        true
    }
}

/// Links and validates the content. Returns the model when there were no errors, and every
/// diagnostic (errors and warnings) found.
pub fn resolve(
    config: SiteConfig,
    base: BaseUrl,
    content: &Content,
    options: ResolveOptions,
) -> (Option<Site>, Diagnostics) {
    resolve_with_cache(
        config,
        base,
        content,
        options,
        &mut MarkdownCache::default(),
    )
}

/// [`resolve`] with the article and page bodies rendered by earlier builds.
pub fn resolve_with_cache(
    config: SiteConfig,
    base: BaseUrl,
    content: &Content,
    options: ResolveOptions,
    cache: &mut MarkdownCache,
) -> (Option<Site>, Diagnostics) {
    let mut r = Resolver {
        base: &base,
        abbreviations: markdown::Abbreviations::new(content.plan.iter().flat_map(|p| {
            p.data
                .abbreviation
                .iter()
                .map(|a| (a.abbr.get_ref().clone(), a.meaning.clone()))
        })),
        diagnostics: Diagnostics::default(),
    };
    let bodies = content
        .articles
        .iter()
        .map(|f| (&f.source.path, &f.body, f.hash, f.front_matter.draft))
        .chain(
            content
                .pages
                .iter()
                .map(|f| (&f.source.path, &f.body, f.hash, f.front_matter.draft)),
        )
        .filter(|f| options.drafts || !f.3)
        .map(|(path, body, hash, _)| (path.as_path(), body.as_str(), hash))
        .collect();
    cache.refresh(bodies, &base, &r.abbreviations);
    if !base.is_absolute() {
        r.push(
            Diagnostic::warning(
                crate::config::CONFIG_FILE,
                format!(
                    "base_url `{}` has no scheme and host, so sitemap.xml and the article feed are not \
                     generated and canonical links are not absolute",
                    base.path
                ),
            )
            .with_hint("write the address the site will be published at, e.g. base_url = \"https://example.cz/psz/\""),
        );
    }

    // ----- plan -----
    let plan = match &content.plan {
        Some(Loaded { source, data }) => resolve_plan(&mut r, source, data),
        None => {
            r.push(
                Diagnostic::error("content/plan.toml", "the plan file is missing")
                    .with_hint("create content/plan.toml with the plan's title, owner, period and intro; see docs/content-model.md"),
            );
            None
        }
    };

    // ----- areas, goals, measures -----
    let mut areas: Vec<Area> = Vec::new();
    let mut strategic_goals: Vec<StrategicGoal> = Vec::new();
    let mut specific_goals: Vec<SpecificGoal> = Vec::new();
    let mut measures: Vec<Measure> = Vec::new();
    let mut seen_ids: HashMap<String, std::path::PathBuf> = HashMap::new();
    let mut seen_area_slugs: HashMap<String, std::path::PathBuf> = HashMap::new();

    let mut area_files: Vec<&Loaded<schema::AreaFile>> = content.areas.iter().collect();
    area_files.sort_by_key(|a| id_parts(a.data.id.get_ref()).unwrap_or_default());

    // Measures are created before their references are resolved, so collect raw refs first.
    let mut pending_measures: Vec<(&SourceFile, &schema::MeasureToml)> = Vec::new();

    for Loaded { source, data } in &area_files {
        if !r.check_id(source, &data.id, 1, None)
            || !require_unique(&mut r, &mut seen_ids, source, &data.id, "ID")
        {
            continue;
        }
        let Some(slug) = claim_slug(
            &mut r,
            &mut seen_area_slugs,
            source,
            &data.slug,
            &data.title,
            data.id.span(),
            "area slug",
        ) else {
            continue;
        };
        let area_ix = areas.len();
        let href = base.link(&route::AREA.dir(&slug));
        areas.push(Area {
            id: data.id.get_ref().clone(),
            title: data.title.clone(),
            slug,
            href: href.clone(),
            target_group_html: r.md(&data.target_group),
            goals_intro_html: r.md_opt(&data.goals_intro),
            strategic_goals: Vec::new(),
            measures: Vec::new(),
            articles: Vec::new(),
            status_counts: StatusCounts::default(),
        });
        for sg in &data.strategic_goal {
            if !r.check_id(source, &sg.id, 2, Some(data.id.get_ref()))
                || !require_unique(&mut r, &mut seen_ids, source, &sg.id, "ID")
            {
                continue;
            }
            let sg_ix = strategic_goals.len();
            let sg_anchor = anchor(sg.id.get_ref());
            strategic_goals.push(StrategicGoal {
                id: sg.id.get_ref().clone(),
                title: sg.title.clone(),
                href: format!("{href}#{sg_anchor}"),
                anchor: sg_anchor,
                area: area_ix,
                specific_goals: Vec::new(),
            });
            areas[area_ix].strategic_goals.push(sg_ix);
            for goal in &sg.specific_goal {
                if !r.check_id(source, &goal.id, 3, Some(sg.id.get_ref()))
                    || !require_unique(&mut r, &mut seen_ids, source, &goal.id, "ID")
                {
                    continue;
                }
                let goal_ix = specific_goals.len();
                let mut keys: HashMap<String, std::path::PathBuf> = HashMap::new();
                let mut indicators = Vec::new();
                for ind in &goal.impact_indicator {
                    if !is_valid_slug(ind.key.get_ref()) {
                        r.push(
                            source
                                .error_at(
                                    ind.key.span(),
                                    format!("`{}` is not a valid indicator key", ind.key.get_ref()),
                                )
                                .with_hint(format!(
                                    "use lower-case ASCII letters, digits and hyphens, e.g. `{}`",
                                    slugify(ind.key.get_ref())
                                )),
                        );
                    }
                    if !require_unique(
                        &mut r,
                        &mut keys,
                        source,
                        &ind.key,
                        &format!("indicator key in specific goal {}", goal.id.get_ref()),
                    ) {
                        continue;
                    }
                    indicators.push(ImpactIndicator {
                        key: ind.key.get_ref().clone(),
                        name: ind.name.clone(),
                        target: ind.target,
                        unit: ind.unit.clone(),
                        parts: ind.parts.clone(),
                        in_plan: ind.in_plan,
                    });
                }
                let goal_anchor = anchor(goal.id.get_ref());
                specific_goals.push(SpecificGoal {
                    id: goal.id.get_ref().clone(),
                    title: goal.title.clone(),
                    href: format!("{href}#{goal_anchor}"),
                    anchor: goal_anchor,
                    expected_impact_html: r.md(&goal.expected_impact),
                    impact_indicators: indicators,
                    area: area_ix,
                    strategic_goal: sg_ix,
                    measures: Vec::new(),
                    reports: Vec::new(),
                });
                strategic_goals[sg_ix].specific_goals.push(goal_ix);
                for m in &goal.measure {
                    if !r.check_id(source, &m.id, 4, Some(goal.id.get_ref()))
                        || !require_unique(&mut r, &mut seen_ids, source, &m.id, "ID")
                    {
                        continue;
                    }
                    let measure_ix = measures.len();
                    let slug = slugify(m.id.get_ref());
                    measures.push(Measure {
                        id: m.id.get_ref().clone(),
                        href: base.link(&route::MEASURE.dir(&slug)),
                        slug,
                        title: m.title.clone(),
                        description_html: r.md(&m.description),
                        description_text: markdown::to_plain_text(&m.description),
                        target_group: m.target_group.clone(),
                        output_indicators: m.output_indicators.clone(),
                        responsible: m.responsible.clone(),
                        schedule: m.schedule.clone(),
                        expected_cost: None,
                        funding_sources: m.funding_sources.clone(),
                        related: Vec::new(),
                        related_note: m.related_note.clone(),
                        financing: None,
                        allocation: m.allocation.as_ref().map(|a| Allocation {
                            amount: *a.amount.get_ref(),
                            programme: a.programme.clone(),
                            priority: a.priority.clone(),
                            programme_goal: a.programme_goal.clone(),
                            counted: a.counted,
                        }),
                        note_html: r.md_opt(&m.note),
                        area: area_ix,
                        strategic_goal: sg_ix,
                        specific_goal: goal_ix,
                        reports: Vec::new(),
                        latest_status: None,
                        status_history: Vec::new(),
                        articles: Vec::new(),
                    });
                    specific_goals[goal_ix].measures.push(measure_ix);
                    areas[area_ix].measures.push(measure_ix);
                    pending_measures.push((source, m));
                }
                if let Some(stated) = &goal.stated_measures {
                    let actual = specific_goals[goal_ix].measures.len();
                    if *stated.get_ref() as usize != actual {
                        r.push(
                            source
                                .diagnostic(
                                    Severity::Warning,
                                    Some(stated.span()),
                                    format!(
                                        "specific goal {} is stated to have {} measures but {} are listed",
                                        goal.id.get_ref(),
                                        stated.get_ref(),
                                        actual
                                    ),
                                )
                                .with_hint("if the document's count is wrong, keep it and explain it in a comment"),
                        );
                    }
                }
            }
        }
    }

    if let Some(Loaded { source, data }) = &content.plan {
        if let Some(stated) = &data.stated_measures {
            if *stated.get_ref() as usize != measures.len() {
                r.push(
                    source
                        .diagnostic(
                            Severity::Warning,
                            Some(stated.span()),
                            format!(
                                "the plan is stated to have {} measures but the areas list {}",
                                stated.get_ref(),
                                measures.len()
                            ),
                        )
                        .with_hint(
                            "if the document's count is wrong, keep it and explain it in a comment",
                        ),
                );
            }
        }
    }

    let measure_ids: HashMap<String, usize> = measures
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), i))
        .collect();
    let goal_ids: HashMap<String, usize> = specific_goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    let strategic_ids: HashMap<String, usize> = strategic_goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    let area_ids: HashMap<String, usize> = areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    let measure_href: Vec<String> = measures.iter().map(|m| m.href.clone()).collect();
    let href_of = |ix: usize| measure_href[ix].clone();

    // ----- measure references: costs and related goals -----
    let mut allocation_rows: Vec<(Option<String>, Money)> = Vec::new();
    for (ix, (source, m)) in pending_measures.iter().enumerate() {
        let expected_cost = m
            .expected_cost
            .as_ref()
            .and_then(|c| r.cost(source, c, &measure_ids, &href_of));
        let financing = m.financing.as_ref().map(|f| Financing {
            service: f.service.clone(),
            cost: f
                .cost
                .as_ref()
                .and_then(|c| r.cost(source, c, &measure_ids, &href_of)),
            period: f.period.clone(),
            sources: f.sources.clone(),
        });
        let mut related = Vec::new();
        for id in &m.related {
            let text = id.get_ref();
            let link = match id_parts(text).map(|p| p.len()) {
                Some(2) => strategic_ids.get(text).map(|&i| Link {
                    label: format!("Strategický cíl {text}"),
                    href: strategic_goals[i].href.clone(),
                }),
                Some(3) => goal_ids.get(text).map(|&i| Link {
                    label: format!("Specifický cíl {text}"),
                    href: specific_goals[i].href.clone(),
                }),
                Some(4) => measure_ids.get(text).map(|&i| Link {
                    label: format!("Opatření {text}"),
                    href: measures[i].href.clone(),
                }),
                _ => None,
            };
            match link {
                Some(link) => related.push(link),
                None => {
                    let known = strategic_ids
                        .keys()
                        .chain(goal_ids.keys())
                        .chain(measure_ids.keys())
                        .map(String::as_str);
                    let hint = did_you_mean(text, known);
                    let mut d = source.error_at(id.span(), format!("`related` names {text}, which is not a strategic goal, specific goal or measure of the plan"));
                    if let Some(h) = hint {
                        d = d.with_hint(h);
                    }
                    r.push(d);
                }
            }
        }
        if let Some(a) = &m.allocation {
            if a.counted {
                allocation_rows.push((Some(a.programme.clone()), *a.amount.get_ref()));
            }
        }
        let measure = &mut measures[ix];
        measure.expected_cost = expected_cost;
        measure.financing = financing;
        measure.related = related;
    }
    let mut allocation_totals = Vec::new();
    if let Some(Loaded { source, data }) = &content.plan {
        for total in data
            .stated_total
            .iter()
            .filter(|t| t.table == TotalTable::Allocation)
        {
            let view = r.check_total(source, total, &allocation_rows);
            allocation_totals.push(view);
        }
        for total in data
            .stated_total
            .iter()
            .filter(|t| t.table == TotalTable::Projects)
        {
            r.error(source, total.amount.span(), "project totals belong in the wave file that lists the projects (table = \"projects\" is for waves)");
        }
    }

    // ----- global indicators -----
    let mut indicators: Vec<GlobalIndicator> = Vec::new();
    let mut indicator_notes_html = Vec::new();
    if let Some(Loaded { source, data }) = &content.indicators {
        indicator_notes_html = data.notes.iter().map(|n| r.md(n)).collect();
        let mut seen: HashMap<String, std::path::PathBuf> = HashMap::new();
        for ind in &data.indicator {
            if !is_valid_slug(ind.id.get_ref()) {
                r.push(
                    source
                        .error_at(
                            ind.id.span(),
                            format!("`{}` is not a valid indicator id", ind.id.get_ref()),
                        )
                        .with_hint(format!("use an ASCII slug, e.g. `{}`", slugify(&ind.name))),
                );
                continue;
            }
            if !require_unique(&mut r, &mut seen, source, &ind.id, "indicator id") {
                continue;
            }
            if let Some(i) = &ind.baseline.indicator {
                r.error(
                    source,
                    i.span(),
                    "a baseline belongs to its indicator; remove `indicator` here",
                );
            }
            let baseline = r.observation(
                source,
                &ind.baseline,
                ind.name.clone(),
                ind.unit.as_deref(),
                &[],
            );
            indicators.push(GlobalIndicator {
                id: ind.id.get_ref().clone(),
                href: base.link(&route::INDICATOR.dir(ind.id.get_ref())),
                name: ind.name.clone(),
                unit: ind.unit.clone(),
                region: ind.region.clone(),
                baseline,
                expected_text: ind.expected.text.clone(),
                expected_kind: ind.expected.kind,
                expected_amount: ind.expected.amount,
                notes_html: ind.notes.iter().map(|n| r.md(n)).collect(),
                values: Vec::new(),
                trend: None,
                history: Vec::new(),
            });
        }
    }
    let indicator_ids: HashMap<String, usize> = indicators
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();

    // ----- waves -----
    let mut wave_files: Vec<&Loaded<schema::WaveFile>> = content.waves.iter().collect();
    wave_files.sort_by_key(|w| (w.data.published.first_day(), w.data.id.get_ref().clone()));
    let mut waves: Vec<Wave> = Vec::new();
    let mut seen_wave_ids: HashMap<String, std::path::PathBuf> = HashMap::new();
    let mut seen_wave_slugs: HashMap<String, std::path::PathBuf> = HashMap::new();
    for Loaded { source, data } in wave_files {
        if !require_unique(&mut r, &mut seen_wave_ids, source, &data.id, "wave id") {
            continue;
        }
        let Some(slug) = claim_slug(
            &mut r,
            &mut seen_wave_slugs,
            source,
            &data.slug,
            &data.title,
            data.id.span(),
            "wave slug",
        ) else {
            continue;
        };
        let wave_ix = waves.len();
        let mut goal_reports = Vec::new();
        let mut reported_goals: HashMap<String, std::path::PathBuf> = HashMap::new();
        let mut reported_measures: HashMap<String, std::path::PathBuf> = HashMap::new();
        let mut project_rows: Vec<(Option<String>, Money)> = Vec::new();
        for g in &data.goal {
            let Some(&goal_ix) = goal_ids.get(g.id.get_ref()) else {
                let hint = did_you_mean(g.id.get_ref(), goal_ids.keys().map(String::as_str));
                let mut d = source.error_at(
                    g.id.span(),
                    format!(
                        "specific goal {} does not exist in the plan",
                        g.id.get_ref()
                    ),
                );
                d = d.with_hint(hint.unwrap_or_else(|| {
                    "a wave reports on specific goals defined in content/areas/*.toml".into()
                }));
                r.push(d);
                continue;
            };
            if !require_unique(
                &mut r,
                &mut reported_goals,
                source,
                &g.id,
                "report for specific goal",
            ) {
                continue;
            }
            let goal = &specific_goals[goal_ix];
            if let Some(printed) = &g.printed_title {
                if let Some(other) = specific_goals
                    .iter()
                    .find(|o| o.id != goal.id && o.title.trim() == printed.trim())
                {
                    r.push(
                        source
                            .diagnostic(
                                Severity::Warning,
                                Some(g.id.span()),
                                format!(
                                    "the title printed for specific goal {} is the title of specific goal {}",
                                    goal.id, other.id
                                ),
                            )
                            .with_hint("the document probably copied the title; keep `printed_title` only to show what it printed, and explain it in a comment"),
                    );
                }
            }
            let mut values = Vec::new();
            for v in &g.value {
                let Some(key) = &v.indicator else {
                    r.push(Diagnostic::error(source.path.clone(), format!("a value in the report for specific goal {} has no `indicator`", goal.id))
                        .with_hint("add `indicator = \"…\"` with the key of one of the goal's impact indicators"));
                    continue;
                };
                let Some(ind) = goal
                    .impact_indicators
                    .iter()
                    .find(|i| &i.key == key.get_ref())
                else {
                    let keys: Vec<&str> = goal
                        .impact_indicators
                        .iter()
                        .map(|i| i.key.as_str())
                        .collect();
                    let hint = did_you_mean(key.get_ref(), keys.iter().copied()).unwrap_or_else(|| {
                        if keys.is_empty() {
                            format!("declare the indicator in specific goal {} in its area file first", goal.id)
                        } else {
                            format!("its indicators are: {}", keys.join(", "))
                        }
                    });
                    r.push(
                        source
                            .error_at(
                                key.span(),
                                format!(
                                    "specific goal {} has no impact indicator `{}`",
                                    goal.id,
                                    key.get_ref()
                                ),
                            )
                            .with_hint(hint),
                    );
                    continue;
                };
                values.push(r.observation(
                    source,
                    v,
                    ind.name.clone(),
                    ind.unit.as_deref(),
                    &ind.parts,
                ));
            }
            let mut measure_reports = Vec::new();
            for m in &g.measure {
                if !r.check_id(source, &m.id, 4, Some(g.id.get_ref())) {
                    continue;
                }
                let Some(&measure_ix) = measure_ids.get(m.id.get_ref()) else {
                    let hint = did_you_mean(
                        m.id.get_ref(),
                        goal.measures.iter().map(|&i| measures[i].id.as_str()),
                    );
                    let mut d = source.error_at(
                        m.id.span(),
                        format!("measure {} does not exist in the plan", m.id.get_ref()),
                    );
                    d = d.with_hint(hint.unwrap_or_else(|| {
                        "a wave reports on measures defined in content/areas/*.toml".into()
                    }));
                    r.push(d);
                    continue;
                };
                if !require_unique(
                    &mut r,
                    &mut reported_measures,
                    source,
                    &m.id,
                    "report for measure",
                ) {
                    continue;
                }
                if let Some(p) = &m.project {
                    project_rows.push((Some(p.programme.clone()), *p.budget.get_ref()));
                }
                if let Some(printed) = &m.printed_title {
                    if let Some(other) = measures
                        .iter()
                        .find(|o| o.id != *m.id.get_ref() && o.title.trim() == printed.trim())
                    {
                        r.push(
                            source
                                .diagnostic(
                                    Severity::Warning,
                                    Some(m.id.span()),
                                    format!(
                                        "the title printed for measure {} is the title of measure {}",
                                        m.id.get_ref(),
                                        other.id
                                    ),
                                )
                                .with_hint("the document probably copied the title; keep `printed_title` only to show what it printed, and explain it in a comment"),
                        );
                    }
                }
                measure_reports.push(MeasureReport {
                    measure: measure_ix,
                    printed_title: m.printed_title.clone(),
                    badge: Badge::of(m.status),
                    implementer: m.implementer.clone(),
                    activity: m.activity.clone(),
                    service: m.service.clone(),
                    period: m.period,
                    project: m.project.as_ref().map(|p| Project {
                        implementer: p.implementer.clone(),
                        registration: p.registration.clone(),
                        budget: *p.budget.get_ref(),
                        call: p.call.clone(),
                        programme: p.programme.clone(),
                    }),
                    note_html: r.md_opt(&m.note),
                });
            }
            let progress = goal
                .impact_indicators
                .iter()
                .filter_map(|ind| {
                    let target = ind.target?;
                    let observed = values
                        .iter()
                        .find(|v| v.indicator.as_deref() == Some(&ind.key))?;
                    Progress::new(&observed.name, observed.value?.number()?, target)
                })
                .collect();
            goal_reports.push(GoalReport {
                specific_goal: goal_ix,
                printed_title: g.printed_title.clone(),
                as_of: g.as_of,
                as_of_label: match g.as_of_kind {
                    AsOfKind::Available => "Data dostupná k",
                    AsOfKind::State => "Stav k",
                },
                as_of_kind: match g.as_of_kind {
                    AsOfKind::Available => "available",
                    AsOfKind::State => "state",
                },
                summary_html: r.md_opt(&g.summary),
                values,
                measures: measure_reports,
                notes_html: g.notes.iter().map(|n| r.md(n)).collect(),
                progress,
            });
        }
        let mut stated_totals = Vec::new();
        for total in &data.stated_total {
            if total.table == TotalTable::Projects {
                let view = r.check_total(source, total, &project_rows);
                stated_totals.push(view);
            } else {
                r.error(source, total.amount.span(), "allocation totals belong in content/plan.toml (table = \"allocation\" is for the plan)");
            }
        }
        let mut indicator_values = Vec::new();
        let mut seen_values: HashMap<String, std::path::PathBuf> = HashMap::new();
        for v in &data.indicator {
            let Some(id) = &v.indicator else {
                r.push(Diagnostic::error(source.path.clone(), "a global indicator value has no `indicator`")
                    .with_hint("add `indicator = \"…\"` with the id of an indicator from content/indicators.toml"));
                continue;
            };
            let Some(&ix) = indicator_ids.get(id.get_ref()) else {
                let hint = did_you_mean(id.get_ref(), indicator_ids.keys().map(String::as_str));
                let mut d = source.error_at(
                    id.span(),
                    format!("global indicator `{}` does not exist", id.get_ref()),
                );
                d = d.with_hint(hint.unwrap_or_else(|| {
                    "global indicators are defined in content/indicators.toml".into()
                }));
                r.push(d);
                continue;
            };
            if !require_unique(
                &mut r,
                &mut seen_values,
                source,
                id,
                "value for global indicator",
            ) {
                continue;
            }
            let ind = &indicators[ix];
            let observation = r.observation(source, v, ind.name.clone(), ind.unit.as_deref(), &[]);
            let trend = trend::assess(ind.expected_kind, &ind.baseline, &observation);
            let ind = &mut indicators[ix];
            ind.values.push((wave_ix, indicator_values.len()));
            // Waves are processed oldest first, so the last assessment is the latest.
            ind.trend = Some(TrendView {
                key: trend.key(),
                wave: wave_ix,
            });
            indicator_values.push(observation);
        }
        for (report_ix, report) in goal_reports.iter().enumerate() {
            specific_goals[report.specific_goal]
                .reports
                .push((wave_ix, report_ix));
            for (mr_ix, mr) in report.measures.iter().enumerate() {
                measures[mr.measure]
                    .reports
                    .push((wave_ix, report_ix, mr_ix));
            }
        }
        let mut status_counts = StatusCounts::default();
        for (ix, _) in measures.iter().enumerate() {
            let status = goal_reports
                .iter()
                .flat_map(|g| g.measures.iter())
                .find(|m| m.measure == ix)
                .map(|m| m.badge.kind);
            status_counts.add(status);
        }
        waves.push(Wave {
            id: data.id.get_ref().clone(),
            href: base.link(&route::WAVE.dir(&slug)),
            slug,
            title: data.title.clone(),
            published: data.published,
            published_iso: data.published.iso(),
            covers: data.covers.clone(),
            summary_html: r.md_opt(&data.summary),
            goal_reports,
            indicator_values,
            months: data
                .month
                .iter()
                .map(|m| Month {
                    month: m.month,
                    text_html: r.md(&m.text),
                })
                .collect(),
            programmes: data
                .programme
                .iter()
                .map(|p| Programme {
                    title: p.title.clone(),
                    text_html: r.md(&p.text),
                })
                .collect(),
            programmes_intro_html: r.md_opt(&data.programmes_intro),
            notes_html: data.notes.iter().map(|n| r.md(n)).collect(),
            stated_totals,
            status_counts,
            changes: Default::default(),
        });
    }

    // Latest statuses and counts per area, from the latest wave.
    if let Some(latest) = waves.last() {
        let latest_ix = waves.len() - 1;
        for m in measures.iter_mut() {
            m.latest_status = m
                .reports
                .iter()
                .find(|(w, _, _)| *w == latest_ix)
                .map(|&(_, g, mr)| latest.goal_reports[g].measures[mr].badge.clone());
        }
    }
    let mut status_counts = StatusCounts::default();
    for area in areas.iter_mut() {
        for &m in &area.measures {
            let kind = measures[m].latest_status.as_ref().map(|b| b.kind);
            area.status_counts.add(kind);
            status_counts.add(kind);
        }
    }

    // ----- articles -----
    let ids = Ids {
        measures: measure_ids,
        areas: area_ids,
        indicators: indicator_ids,
    };
    let Ids {
        measures: measure_ids,
        areas: _,
        indicators: indicator_ids,
    } = &ids;
    let mut articles = Vec::new();
    let mut seen_article_slugs: HashMap<String, std::path::PathBuf> = HashMap::new();
    for file in &content.articles {
        let MarkdownFile {
            source,
            front_matter: fm,
            stem,
            ..
        } = file;
        if fm.draft && !options.drafts {
            continue;
        }
        let Some(slug) = claim_slug(
            &mut r,
            &mut seen_article_slugs,
            source,
            &fm.slug,
            stem,
            0..0,
            "article slug",
        ) else {
            continue;
        };
        articles.push(article(&mut r, file, slug, &ids, cache));
    }
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    for (ix, article) in articles.iter().enumerate() {
        let mut areas_named: BTreeSet<usize> = article.areas.iter().copied().collect();
        for &m in &article.measures {
            measures[m].articles.push(ix);
            areas_named.insert(measures[m].area);
        }
        for a in areas_named {
            areas[a].articles.push(ix);
        }
    }

    // ----- pages -----
    let mut pages = Vec::new();
    let mut seen_page_slugs: HashMap<String, std::path::PathBuf> = HashMap::new();
    let taken = reserved_slugs();
    for file in &content.pages {
        let MarkdownFile {
            source,
            front_matter: fm,
            body,
            body_line_offset,
            stem,
            hash,
        } = file;
        if fm.draft && !options.drafts {
            continue;
        }
        if let Some(reserved) = fm
            .slug
            .as_ref()
            .map(|g| g.get_ref().as_str())
            .or(Some(stem.as_str()))
            .map(slugify)
            .filter(|slug| taken.contains(&slug.as_str()))
        {
            r.push(
                source
                    .diagnostic(
                        Severity::Error,
                        fm.slug.as_ref().map(|g| g.span()),
                        format!("the page's slug `{reserved}` is not available"),
                    )
                    .with_hint(format!(
                        "the sections {} are generated by milnik; choose another slug",
                        taken.join(", ")
                    )),
            );
            continue;
        }
        let Some(slug) = claim_slug(
            &mut r,
            &mut seen_page_slugs,
            source,
            &fm.slug,
            stem,
            0..0,
            "page slug",
        ) else {
            continue;
        };
        let template = match &fm.template {
            Some(t)
                if t.get_ref().ends_with(".html") && crate::output::is_contained(t.get_ref()) =>
            {
                t.get_ref().clone()
            }
            Some(t) => {
                r.push(
                    source
                        .error_at(t.span(), format!("`{}` is not a template name", t.get_ref()))
                        .with_hint("name an .html template of the theme or of templates/, e.g. \"about.html\""),
                );
                continue;
            }
            None => "page.html".to_string(),
        };
        pages.push(Page {
            source_hash: *hash,
            source: source.path.clone(),
            template,
            href: base.link(&route::PAGE.dir(&slug)),
            slug,
            title: fm.title.clone(),
            description: fm.description.clone(),
            weight: fm.weight,
            content: r.rich_md(
                &source.path,
                body,
                *body_line_offset,
                cache,
                measure_ids,
                indicator_ids,
            ),
        });
    }
    pages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));

    let diagnostics = r.diagnostics;
    if diagnostics.has_errors() {
        return (None, diagnostics);
    }
    let Some(mut plan) = plan else {
        return (None, diagnostics);
    };
    plan.allocation_totals = allocation_totals;
    let funding = super::funding::compute(&areas, &measures, &waves);
    let mut site = Site {
        config,
        base,
        plan,
        areas,
        strategic_goals,
        specific_goals,
        measures,
        waves,
        indicators,
        indicator_notes_html,
        articles,
        pages,
        status_counts,
        funding,
    };
    super::changes::apply(&mut site);
    (Some(site), diagnostics)
}

/// The IDs other content may refer to, with their index in the model.
struct Ids {
    measures: HashMap<String, usize>,
    areas: HashMap<String, usize>,
    indicators: HashMap<String, usize>,
}

impl Ids {
    fn of(site: &Site) -> Self {
        let index = |ids: Vec<&String>| -> HashMap<String, usize> {
            ids.into_iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect()
        };
        Ids {
            measures: index(site.measures.iter().map(|m| &m.id).collect()),
            areas: index(site.areas.iter().map(|a| &a.id).collect()),
            indicators: index(site.indicators.iter().map(|i| &i.id).collect()),
        }
    }
}

/// An article from its file, once its slug is claimed; problems go to `r`.
fn article(
    r: &mut Resolver,
    file: &MarkdownFile<schema::ArticleFrontMatter>,
    slug: String,
    ids: &Ids,
    cache: &MarkdownCache,
) -> Article {
    let MarkdownFile {
        source,
        front_matter: fm,
        body,
        body_line_offset,
        hash,
        ..
    } = file;
    if fm.title.trim().is_empty() {
        r.push(
            source
                .diagnostic(
                    Severity::Error,
                    source.key_span("title"),
                    "the article has an empty `title`",
                )
                .with_hint(
                    "write the headline between the quotes: title = \"Kontaktní místo slaví rok\"",
                ),
        );
    }
    let today = crate::values::Date::today();
    if *fm.date.get_ref() > today {
        r.push(
            source
                .diagnostic(
                    Severity::Warning,
                    Some(fm.date.span()),
                    format!(
                        "the article is dated {}, which is in the future",
                        fm.date.get_ref().czech()
                    ),
                )
                .with_hint("it is published now with that date at the top of the list; check the year, or mark it `draft = true` until it is due"),
        );
    }
    Article {
        source_hash: *hash,
        source: source.path.clone(),
        href: r.base.link(&route::ARTICLE.dir(&slug)),
        slug,
        title: fm.title.clone(),
        date: *fm.date.get_ref(),
        date_iso: fm.date.get_ref().iso(),
        author: fm.author.clone(),
        summary: fm.summary.clone(),
        tags: fm.tags.clone(),
        measures: resolve_refs(r, source, &fm.measures, &ids.measures, "measure"),
        areas: resolve_refs(r, source, &fm.areas, &ids.areas, "thematic area"),
        draft: fm.draft,
        content: r.rich_md(
            &source.path,
            body,
            *body_line_offset,
            cache,
            &ids.measures,
            &ids.indicators,
        ),
    }
}

/// Resolves one edited article against the unchanged rest of `site` (for `serve`). Gives the
/// article and the index of the one it replaces when nothing else changes with it (same
/// slug, date, measures, areas and draft state, so no list changes its order or members),
/// `None` when the edit needs a full resolve, and the article's problems when it has errors.
pub fn reresolve_article(
    site: &Site,
    file: &MarkdownFile<schema::ArticleFrontMatter>,
    options: ResolveOptions,
    cache: &mut MarkdownCache,
) -> Result<Option<(usize, Article)>, Diagnostics> {
    if file.front_matter.draft && !options.drafts {
        return Ok(None);
    }
    let mut r = Resolver {
        base: &site.base,
        abbreviations: markdown::Abbreviations::new(
            site.plan
                .abbreviations
                .iter()
                .map(|a| (a.abbr.clone(), a.meaning.clone())),
        ),
        diagnostics: Diagnostics::default(),
    };
    let slug = r.slug_of(&file.source, &file.front_matter.slug, &file.stem);
    let Some(old) = site.articles.iter().position(|a| a.slug == slug) else {
        return Ok(None);
    };
    let previous = &site.articles[old];
    if r.diagnostics.has_errors() {
        return Ok(None);
    }
    cache.render_one(
        &file.source.path,
        &file.body,
        file.hash,
        &site.base,
        &r.abbreviations,
    );
    let article = article(&mut r, file, slug, &Ids::of(site), cache);
    if r.diagnostics.has_errors() {
        return Err(r.diagnostics.sorted());
    }
    let same_place = article.date == previous.date
        && article.measures == previous.measures
        && article.areas == previous.areas
        && article.draft == previous.draft;
    Ok(same_place.then_some((old, article)))
}

fn resolve_refs(
    r: &mut Resolver,
    source: &SourceFile,
    refs: &[Id],
    known: &HashMap<String, usize>,
    what: &str,
) -> Vec<usize> {
    let mut found = BTreeMap::new();
    for id in refs {
        match known.get(id.get_ref()) {
            Some(&ix) => {
                found.insert(ix, ());
            }
            None => {
                let hint = did_you_mean(id.get_ref(), known.keys().map(String::as_str))
                    .unwrap_or_else(|| {
                        format!("use the ID of a {what} defined in content/areas/*.toml")
                    });
                r.push(
                    source
                        .error_at(
                            id.span(),
                            format!("{what} `{}` does not exist", id.get_ref()),
                        )
                        .with_hint(hint),
                );
            }
        }
    }
    found.into_keys().collect()
}

fn resolve_plan(r: &mut Resolver, source: &SourceFile, data: &schema::PlanFile) -> Option<Plan> {
    let mut seen: HashMap<String, std::path::PathBuf> = HashMap::new();
    let mut abbreviations = Vec::new();
    for a in &data.abbreviation {
        if require_unique(r, &mut seen, source, &a.abbr, "abbreviation") {
            abbreviations.push(Abbreviation {
                abbr: a.abbr.get_ref().clone(),
                meaning: a.meaning.clone(),
            });
        }
    }
    let risks = data
        .risk
        .iter()
        .enumerate()
        .map(|(i, risk)| {
            let computed = risk.probability.0 * risk.impact.0;
            let stated = *risk.significance.get_ref();
            if stated != computed {
                r.push(
                    source
                        .diagnostic(
                            Severity::Warning,
                            Some(risk.significance.span()),
                            format!(
                                "the significance of risk \"{}\" is stated as {stated}, but probability × impact = {} × {} = {computed}",
                                risk.name, risk.probability.0, risk.impact.0
                            ),
                        )
                        .with_hint("significance is probability times impact"),
                );
            }
            Risk {
                code: format!("R{}", i + 1),
                name: risk.name.clone(),
                probability: risk.probability.0,
                impact: risk.impact.0,
                significance: computed,
                mitigation: risk.mitigation.clone(),
            }
        })
        .collect();
    Some(Plan {
        title: data.title.clone(),
        owner: data.owner.clone(),
        period: data.period.clone(),
        action_plan: data.action_plan.clone(),
        action_plan_period: data.action_plan_period.clone(),
        intro_html: r.md(&data.intro),
        implementation_html: r.md_opt(&data.implementation),
        monitoring_html: r.md_opt(&data.monitoring),
        abbreviations,
        schedule: data
            .schedule
            .iter()
            .map(|s| ScheduleStep {
                when: s.when.clone(),
                items: s.items.clone(),
            })
            .collect(),
        risks,
        allocation_totals: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_suggestions() {
        assert_eq!(suggest("stauts", ["status", "title"]), Some("status"));
        assert_eq!(suggest("1.1.1.2", ["1.1.1.1", "2.1.1.1"]), Some("1.1.1.1"));
        assert_eq!(suggest("xyz", ["status"]), None);
    }

    #[test]
    fn ids_are_numbers_separated_by_dots() {
        assert_eq!(id_parts("1.1.2"), Some(vec![1, 1, 2]));
        assert_eq!(id_parts("3.2.1.1."), None);
        assert_eq!(id_parts("1.a"), None);
        assert_eq!(anchor("1.1.1"), "cil-1-1-1");
    }
}

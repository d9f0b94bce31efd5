//! Stage 2 of the build: linking the raw content into the [`Site`] model and validating it.
//! Owns every cross-file rule: ID format and hierarchy, duplicates, references between files,
//! wave values against the goal's indicators, and stated totals against their rows. All problems
//! are collected; the model is returned only when there are no errors.
//!
//! [`resolve_with_cache`] is the sequence of steps, one module per part of the content: the
//! plan (`plan`), the hierarchy of areas, goals and measures (`areas`), the global indicators
//! (`indicators`), the waves (`waves`), the articles (`articles`) and the pages (`pages`). Each
//! step reports its problems to the shared `Resolver` and goes on, so an editor sees
//! every mistake at once.

mod action_plans;
mod areas;
mod articles;
mod body;
mod editions;
mod funding_cells;
mod funding_tables;
mod indicators;
mod levels;
mod markdown_cache;
mod pages;
mod plan;
mod resolver;
mod statuses;
mod waves;

use std::path::Path;

use crate::config::{BaseUrl, SiteConfig};
use crate::content::schema::ArticleFrontMatter;
use crate::content::{Content, MarkdownFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::model::{changes, funding, listing, Article, ArticleIx, IndicatorIx, Site, TagIx};
use crate::pages::route;
use crate::pages::route::Segments;
use crate::values::StatusDef;

pub use markdown_cache::MarkdownCache;
use resolver::{index_by_id, Ids, Resolver};

/// The slugs a content page may not take: the first segment of every route the site
/// generates (from the page registry and the site's segments) and `static`, where the theme's
/// files go.
pub fn reserved_slugs(segments: &Segments) -> Vec<&str> {
    let mut slugs: Vec<&str> = Vec::new();
    for section in crate::pages::reserved_sections(segments).chain(["static"]) {
        if !slugs.contains(&section) {
            slugs.push(section);
        }
    }
    slugs
}

/// Whether every error of `diagnostics` is in an article or a page: the rest of the site
/// resolved, and the model can be rendered to check their links.
pub fn only_in_bodies(diagnostics: &crate::diagnostics::Diagnostics) -> bool {
    diagnostics
        .0
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .all(|d| {
            ["content/articles", "content/pages"]
                .iter()
                .any(|dir| d.file.starts_with(dir))
        })
}

/// Options of the resolve stage.
#[derive(Clone, Copy, Debug, Default)]
pub struct ResolveOptions {
    /// Include articles and pages marked `draft = true`.
    pub drafts: bool,
    /// Return the model even when articles or pages have errors (and nothing else has), so
    /// that `check` and `build` can still check the links and images of what resolved and
    /// report every problem in one run. The caller must not publish such a model.
    pub despite_body_errors: bool,
}

/// Links and validates the content. Returns the model when there were no errors, and every
/// diagnostic (errors and warnings) found.
///
/// `theme_statuses` are the statuses of a plan that declares none: the theme's, one per kind
/// ([`crate::values::default_statuses`]); `segments` the URL segments of the site's sections
/// (the theme's `[route]` texts).
pub fn resolve(
    config: SiteConfig,
    base: BaseUrl,
    content: &Content,
    options: ResolveOptions,
    theme_statuses: &[StatusDef],
    segments: Segments,
) -> (Option<Site>, Diagnostics) {
    resolve_with_cache(
        config,
        base,
        content,
        options,
        theme_statuses,
        segments,
        &mut MarkdownCache::default(),
    )
}

/// [`resolve`] with the article and page bodies rendered by earlier builds.
pub fn resolve_with_cache(
    config: SiteConfig,
    base: BaseUrl,
    content: &Content,
    options: ResolveOptions,
    theme_statuses: &[StatusDef],
    mut segments: Segments,
    cache: &mut MarkdownCache,
) -> (Option<Site>, Diagnostics) {
    let abbreviations = markdown::Abbreviations::new(content.plan.iter().flat_map(|p| {
        p.data
            .abbreviation
            .iter()
            .map(|a| (a.abbr.get_ref().clone(), a.meaning.clone()))
    }));
    let mut level_problems = Diagnostics::default();
    let levels = levels::levels(content.plan.as_ref(), &mut segments, &mut level_problems);
    let mut r = Resolver::new(&base, &segments, config.currency, abbreviations, &levels);
    for d in level_problems.0 {
        r.push(d);
    }
    cache.refresh(bodies(content, options), &base, &r.abbreviations);
    check_base_url(&mut r, &base);
    check_segments(&mut r, &config.language);

    let (action_plans, stated_measures): (Vec<_>, Vec<_>) =
        action_plans::action_plans(&mut r, content.plan.as_ref())
            .into_iter()
            .unzip();
    let plan = plan::plan(&mut r, content.plan.as_ref(), &action_plans);
    let mut hierarchy = areas::hierarchy(&mut r, &content.areas);
    editions::apply(&mut r, &mut hierarchy, &content.editions, &action_plans);
    for (ix, stated) in stated_measures.iter().enumerate() {
        let plan = crate::model::ActionPlanIx::new(ix);
        let listed = hierarchy
            .measures
            .iter()
            .filter(|m| m.lifecycle.in_plan(plan))
            .count();
        let several = (action_plans.len() > 1).then(|| action_plans[ix].title.as_str());
        plan::check_measure_count(
            &mut r,
            content.plan.as_ref(),
            stated.0.as_ref(),
            stated.1.as_ref(),
            listed,
            several,
        );
    }
    let source_names = funding_tables::source_names(&mut r, content.plan.as_ref());
    let mut funding_tables = funding_tables::declared(
        &mut r,
        content.plan.as_ref(),
        &config.datasets,
        &source_names,
    );
    let plan_ids = hierarchy.ids();
    hierarchy.resolve_references(&mut r, &plan_ids, &funding_tables);
    r.rows_incomplete = r.diagnostics.has_errors();
    funding_tables::stated_totals(
        &mut r,
        content.plan.as_ref(),
        &mut funding_tables,
        &hierarchy.measures,
        &action_plans,
    );
    r.rows_incomplete = false;
    let (mut indicators, indicator_notes_html) =
        indicators::global_indicators(&mut r, content.indicators.as_ref());
    let indicator_ids = index_by_id(indicators.iter().map(|i| &i.id), IndicatorIx::new);
    let statuses = statuses::statuses(&mut r, content.plan.as_ref(), theme_statuses);
    hierarchy.cancellation_badges(&crate::model::cancellation_badge(&statuses));
    let waves = waves::waves(
        &mut r,
        &content.waves,
        &mut hierarchy,
        &plan_ids,
        &mut indicators,
        &indicator_ids,
        waves::Declared {
            statuses: &statuses,
            action_plans: &action_plans,
            funding_tables: &funding_tables,
        },
    );
    let ids = Ids {
        measures: plan_ids.measures,
        areas: plan_ids.areas,
        indicators: indicator_ids,
    };
    let mut articles = articles::articles(&mut r, &content.articles, &ids, cache, options);
    articles::link_articles(&articles, &mut hierarchy);
    let tags = listing::tags(&mut articles, |slug| r.href(route::TAG, slug));
    let per_page = config.articles_per_page;
    let page = segments.get("page");
    let article_pages = listing::paginate(articles.len(), per_page, "", page, |slug| {
        r.href(route::ARTICLES, slug)
    });
    let tag_pages = TagIx::enumerate(&tags)
        .flat_map(|(ix, tag)| {
            let pages = listing::paginate(tag.articles.len(), per_page, &tag.slug, page, |slug| {
                r.href(route::TAG, slug)
            });
            pages.into_iter().map(move |p| (ix, p))
        })
        .collect();
    let pages = pages::pages(&mut r, &content.pages, &ids, cache, options);

    let diagnostics = r.diagnostics;
    if diagnostics.has_errors() && !(options.despite_body_errors && only_in_bodies(&diagnostics)) {
        return (None, diagnostics);
    }
    let Some(plan) = plan else {
        return (None, diagnostics);
    };
    let funding = funding::compute(
        &hierarchy.areas,
        &hierarchy.measures,
        &waves,
        plan.action_plans.len(),
        &funding_tables,
    );
    let mut site = Site {
        config,
        base,
        plan,
        areas: hierarchy.areas,
        strategic_goals: hierarchy.strategic_goals,
        specific_goals: hierarchy.specific_goals,
        measures: hierarchy.measures,
        waves,
        indicators,
        indicator_notes_html,
        articles,
        article_pages,
        tags,
        tag_pages,
        pages,
        status_counts: Default::default(),
        funding,
        funding_tables,
        statuses,
        status_kinds: Vec::new(),
        segments: segments.clone(),
        levels,
        photos: Default::default(),
    };
    crate::model::in_wave::count(&mut site);
    site.status_kinds = statuses::kinds(content.plan.as_ref(), &site.statuses, &site.waves);
    statuses::wave_kinds(content.plan.as_ref(), &site.statuses, &mut site.waves);
    changes::apply(&mut site);
    (Some(site), diagnostics)
}

/// The article and page bodies this build publishes, for the Markdown cache to render.
fn bodies(content: &Content, options: ResolveOptions) -> Vec<(&Path, &str, u64)> {
    content
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
        .collect()
}

/// Checks the sections' URL segments (the `[route]` texts): each a valid URL segment, none
/// taken twice.
fn check_segments(r: &mut Resolver, language: &str) {
    let file = Path::new("i18n").join(format!("{language}.toml"));
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let mut problems = Vec::new();
    for (key, segment) in r.segments.iter() {
        if !crate::slug::is_valid_slug(segment) {
            problems.push(
                Diagnostic::error(
                    &file,
                    crate::msg!("resolve.routes.not_segment", key, segment),
                )
                .with_hint(crate::msg!(
                    "resolve.routes.not_segment_hint",
                    key,
                    example = crate::slug::slugify(segment)
                )),
            );
        } else if let Some((other, _)) = seen.iter().find(|(_, s)| *s == segment) {
            problems.push(
                Diagnostic::error(
                    &file,
                    crate::msg!("resolve.routes.twice", other, key, segment),
                )
                .with_hint(crate::msg!("resolve.routes.twice_hint")),
            );
        }
        seen.push((key, segment));
    }
    for d in problems {
        r.push(d);
    }
}

/// Warns when the base URL is only a path: the feed and sitemap need an absolute one.
fn check_base_url(r: &mut Resolver, base: &BaseUrl) {
    if !base.is_absolute() {
        r.push(
            Diagnostic::warning(
                crate::config::CONFIG_FILE,
                crate::msg!("resolve.routes.relative_base_url", path = base.path),
            )
            .with_hint(crate::msg!("resolve.routes.relative_base_url_hint")),
        );
    }
}

/// Resolves one edited article against the unchanged rest of `site` (for `serve`). Gives the
/// article and the index of the one it replaces when nothing else changes with it (same
/// slug, date, measures, areas, tags and draft state, so no list changes its order or members),
/// `None` when the edit needs a full resolve, and the article's problems when it has errors.
pub fn reresolve_article(
    site: &Site,
    file: &MarkdownFile<ArticleFrontMatter>,
    options: ResolveOptions,
    cache: &mut MarkdownCache,
) -> Result<Option<(ArticleIx, Article)>, Diagnostics> {
    if file.front_matter.draft && !options.drafts {
        return Ok(None);
    }
    let mut r = Resolver::new(
        &site.base,
        &site.segments,
        site.config.currency,
        markdown::Abbreviations::new(
            site.plan
                .abbreviations
                .iter()
                .map(|a| (a.abbr.clone(), a.meaning.clone())),
        ),
        &site.levels,
    );
    let slug = r.slug_of(&file.source, &file.front_matter.slug, &file.stem);
    // The article this file gave before: same slug and same file (another file taking this
    // slug is a duplicate, which only a full resolve reports).
    let Some(old) = ArticleIx::enumerate(&site.articles)
        .find(|(_, a)| a.slug == slug && a.source == file.source.path)
        .map(|(ix, _)| ix)
    else {
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
    let mut article = articles::article(&mut r, file, slug, &Ids::of(site), cache);
    if r.diagnostics.has_errors() {
        return Err(r.diagnostics.sorted());
    }
    let same_place = article.date == previous.date
        && article.measures == previous.measures
        && article.areas == previous.areas
        && article.tags == previous.tags
        && article.draft == previous.draft;
    article.tag_ixs = previous.tag_ixs.clone();
    Ok(same_place.then_some((old, article)))
}

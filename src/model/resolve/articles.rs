//! Articles from content/articles/*.md: their slugs, dates, the measures and areas they name,
//! and their bodies; then each measure and area learns which articles name it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::content::schema::{ArticleFrontMatter, Id};
use crate::content::MarkdownFile;
use crate::diagnostics::{Severity, SourceFile};
use crate::model::{AreaIx, Article, ArticleIx, ImageUse};
use crate::pages::route;

use super::areas::Hierarchy;
use super::markdown_cache::MarkdownCache;
use super::resolver::{claim_slug, did_you_mean, Ids, Resolver, Seen};
use super::ResolveOptions;

/// The published articles (drafts too when `options` asks for them), newest first.
pub(super) fn articles(
    r: &mut Resolver,
    files: &[MarkdownFile<ArticleFrontMatter>],
    ids: &Ids,
    cache: &MarkdownCache,
    options: ResolveOptions,
) -> Vec<Article> {
    let mut articles = Vec::new();
    let mut seen_slugs = Seen::new();
    for file in files {
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
            r,
            &mut seen_slugs,
            source,
            &fm.slug,
            stem,
            0..0,
            &crate::msg!("resolve.what.article_slug"),
        ) else {
            continue;
        };
        articles.push(article(r, file, slug, ids, cache));
    }
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    articles
}

/// Tells each measure the articles that name it, and each area the articles that name it or
/// one of its measures.
pub(super) fn link_articles(articles: &[Article], plan: &mut Hierarchy) {
    for (ix, article) in ArticleIx::enumerate(articles) {
        let mut areas_named: BTreeSet<AreaIx> = article.areas.iter().copied().collect();
        for &m in &article.measures {
            plan.measures[m].articles.push(ix);
            areas_named.insert(plan.measures[m].area);
        }
        for a in areas_named {
            plan.areas[a].articles.push(ix);
        }
    }
}

/// An article from its file, once its slug is claimed; problems go to `r`.
pub(super) fn article(
    r: &mut Resolver,
    file: &MarkdownFile<ArticleFrontMatter>,
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
                    crate::msg!("resolve.articles.empty_title"),
                )
                .with_hint(crate::msg!("resolve.articles.empty_title_hint")),
        );
    }
    let today = crate::values::Date::today();
    if *fm.date.get_ref() > today {
        r.push(
            source
                .diagnostic(
                    Severity::Warning,
                    Some(fm.date.span()),
                    crate::msg!("resolve.articles.future", date = fm.date.get_ref().czech()),
                )
                .with_hint(crate::msg!("resolve.articles.future_hint")),
        );
    }
    let page = route::ARTICLE.path(r.segments, &slug);
    let cover = cover(r, file, &page);
    Article {
        source_hash: *hash,
        source: source.path.clone(),
        href: r.href(route::ARTICLE, &slug),
        cover,
        slug,
        title: fm.title.clone(),
        date: *fm.date.get_ref(),
        date_iso: fm.date.get_ref().iso(),
        author: fm.author.clone(),
        summary: fm.summary.clone(),
        tags: fm.tags.clone(),
        // Set once every article is known (`listing::tags`).
        tag_ixs: Vec::new(),
        measures: resolve_refs(r, source, &fm.measures, &ids.measures, true),
        areas: resolve_refs(r, source, &fm.areas, &ids.areas, false),
        draft: fm.draft,
        content: r.rich_md(
            &source.path,
            &page,
            body,
            *body_line_offset,
            cache,
            &ids.measures,
            &ids.indicators,
        ),
    }
}

/// The article's cover photo (`cover` and `cover_alt`); one without a description is an error.
fn cover(
    r: &mut Resolver,
    file: &MarkdownFile<ArticleFrontMatter>,
    page: &str,
) -> Option<ImageUse> {
    let (source, fm) = (&file.source, &file.front_matter);
    let src = fm.cover.as_ref()?;
    let alt = fm.cover_alt.as_deref().unwrap_or("").trim();
    if alt.is_empty() {
        let span = source.key_span("cover_alt").unwrap_or(src.span());
        r.push(
            source
                .error_at(
                    span,
                    crate::msg!("resolve.articles.no_cover_alt", cover = src.get_ref()),
                )
                .with_hint(crate::msg!("resolve.articles.no_cover_alt_hint")),
        );
    }
    let target = src.get_ref().trim().to_string();
    if target.is_empty() {
        return None;
    }
    // A cover elsewhere on the web is shown as it is.
    let path = if crate::markdown::is_external(&target) {
        None
    } else {
        crate::links::static_path(&target, page)
    };
    Some(ImageUse {
        path,
        image: crate::markdown::Image {
            target,
            alt: alt.to_string(),
            title: String::new(),
            in_link: false,
            plain_html: String::new(),
            span: src.span(),
        },
        at: source.error_at(src.span(), String::new()),
    })
}

/// The indexes of the measures (`measures`) or areas an article names, in model order and
/// each once.
fn resolve_refs<I: Copy + Ord>(
    r: &mut Resolver,
    source: &SourceFile,
    refs: &[Id],
    known: &HashMap<String, I>,
    measures: bool,
) -> Vec<I> {
    let mut found = BTreeMap::new();
    for id in refs {
        match known.get(id.get_ref()) {
            Some(&ix) => {
                found.insert(ix, ());
            }
            None => {
                let span = id.span();
                let hint = did_you_mean(id.get_ref(), known.keys().map(String::as_str))
                    .unwrap_or_else(|| match measures {
                        true => crate::msg!("resolve.articles.no_measure_hint"),
                        false => crate::msg!("resolve.articles.no_area_hint"),
                    });
                let id = id.get_ref();
                let message = match measures {
                    true => crate::msg!("resolve.articles.no_measure", id),
                    false => crate::msg!("resolve.articles.no_area", id),
                };
                r.push(source.error_at(span, message).with_hint(hint));
            }
        }
    }
    found.into_keys().collect()
}

//! Content pages from content/pages/*.md: their slugs (none of a generated section), their
//! templates and their bodies.

use crate::content::schema::PageFrontMatter;
use crate::content::MarkdownFile;
use crate::diagnostics::Severity;
use crate::model::Page;
use crate::pages::route;
use crate::slug::slugify;

use super::markdown_cache::MarkdownCache;
use super::resolver::{claim_slug, Ids, Resolver, Seen};
use super::{reserved_slugs, ResolveOptions};

/// The published pages (drafts too when `options` asks for them), by weight, then title.
pub(super) fn pages(
    r: &mut Resolver,
    files: &[MarkdownFile<PageFrontMatter>],
    ids: &Ids,
    cache: &MarkdownCache,
    options: ResolveOptions,
) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut seen_slugs = Seen::new();
    let taken = reserved_slugs(r.segments);
    for file in files {
        if file.front_matter.draft && !options.drafts {
            continue;
        }
        if let Some(page) = page(r, file, &mut seen_slugs, &taken, ids, cache) {
            pages.push(page);
        }
    }
    pages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));
    pages
}

/// A page from its file, unless its slug or template is unusable (reported).
fn page(
    r: &mut Resolver,
    file: &MarkdownFile<PageFrontMatter>,
    seen_slugs: &mut Seen,
    taken: &[&str],
    ids: &Ids,
    cache: &MarkdownCache,
) -> Option<Page> {
    let MarkdownFile {
        source,
        front_matter: fm,
        body,
        body_line_offset,
        stem,
        hash,
    } = file;
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
                    crate::msg!("resolve.pages.reserved_slug", reserved),
                )
                .with_hint(crate::msg!(
                    "resolve.pages.reserved_slug_hint",
                    sections = taken.join(", ")
                )),
        );
        return None;
    }
    let slug = claim_slug(
        r,
        seen_slugs,
        source,
        &fm.slug,
        stem,
        0..0,
        &crate::msg!("resolve.what.page_slug"),
    )?;
    let template = match &fm.template {
        Some(t) if t.get_ref().ends_with(".html") && crate::output::is_contained(t.get_ref()) => {
            t.get_ref().clone()
        }
        Some(t) => {
            r.push(
                source
                    .error_at(
                        t.span(),
                        crate::msg!("resolve.pages.not_a_template", name = t.get_ref()),
                    )
                    .with_hint(crate::msg!("resolve.pages.not_a_template_hint")),
            );
            return None;
        }
        None => "page.html".to_string(),
    };
    Some(Page {
        source_hash: *hash,
        source: source.path.clone(),
        template,
        href: r.href(route::PAGE, &slug),
        slug: slug.clone(),
        title: fm.title.clone(),
        description: fm.description.clone(),
        weight: fm.weight,
        draft: fm.draft,
        content: r.rich_md(
            &source.path,
            &route::PAGE.path(r.segments, &slug),
            body,
            *body_line_offset,
            cache,
            &ids.measures,
            &ids.indicators,
        ),
    })
}

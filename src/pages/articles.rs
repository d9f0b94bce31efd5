//! The pages written in Markdown: the articles (their list in pages, one page each, their
//! tags, the Atom feed) and the content pages of `content/pages/`.

use minijinja::context;
use serde::Serialize;

use super::route;
use super::views::{
    area_item, article_item, home_crumb, measure_item, section_crumb, truncate_description,
};
use super::{Cx, FactRef, PageView, Visit};
use crate::i18n::Translations;
use crate::model::{ArticleIx, Embed, ListPage, PageIx, RichHtml, Site};

/// How many of the latest articles the Atom feed carries.
pub const FEED_ARTICLES: usize = 20;

/// The list of articles and the feed show every article as lists do.
pub(super) fn articles_reads<'s>(_: &'s Site, _: usize, visit: Visit<'s, '_>) -> bool {
    visit(FactRef::ArticleList)
}

pub(super) fn article_reads<'s>(site: &'s Site, ix: usize, visit: Visit<'s, '_>) -> bool {
    let article = &site.articles[ArticleIx::new(ix)];
    // Linked measures and areas show their titles and status.
    visit(FactRef::Article(&article.slug))
        || article
            .measures
            .iter()
            .any(|&m| visit(FactRef::Measure(&site.measures[m].id)))
        || article
            .areas
            .iter()
            .any(|&ar| visit(FactRef::Area(&site.areas[ar].id)))
        || embeds_read(site, &article.content, visit)
}

pub(super) fn page_reads<'s>(site: &'s Site, ix: usize, visit: Visit<'s, '_>) -> bool {
    let page = &site.pages[PageIx::new(ix)];
    visit(FactRef::Page(&page.slug))
        || visit(FactRef::Plan)
        || embeds_read(site, &page.content, visit)
}

/// What the embeds of Markdown content show: the embedded measure or indicator, rendered by
/// its shortcode template.
fn embeds_read<'s>(site: &'s Site, content: &'s RichHtml, visit: Visit<'s, '_>) -> bool {
    content.embeds.iter().flatten().any(|e| match *e {
        Embed::Measure(m) => {
            visit(FactRef::Measure(&site.measures[m].id))
                || visit(FactRef::Template("shortcodes/measure.html"))
        }
        Embed::IndicatorChart(i) => {
            visit(FactRef::Indicator(&site.indicators[i].id))
                || visit(FactRef::Template("shortcodes/indicator.html"))
        }
    })
}

/// A page of the list of articles shows the articles on it, as lists do.
pub(super) fn article_page_reads<'s>(_: &'s Site, ix: usize, visit: Visit<'s, '_>) -> bool {
    visit(FactRef::ArticlesPage(ix + 1))
}

/// The tags page shows every tag with its number of articles.
pub(super) fn tags_reads<'s>(_: &'s Site, _: usize, visit: Visit<'s, '_>) -> bool {
    visit(FactRef::Tags)
}

/// A page of a tag's articles shows them as lists do.
pub(super) fn tag_reads<'s>(site: &'s Site, ix: usize, visit: Visit<'s, '_>) -> bool {
    visit(FactRef::Tag(&site.tags[site.tag_pages[ix].0].slug))
}

pub(super) fn articles<'a>(cx: &Cx<'a>, ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    let page = &site.article_pages[ix];
    let title = tr.text("articles.title");
    PageView {
        title: page_title(tr, title, page),
        description: tr.format("articles.description", &[("plan", &site.plan.title)]),
        breadcrumbs: match page.number {
            1 => vec![home_crumb(site, tr)],
            _ => vec![
                home_crumb(site, tr),
                section_crumb(site, tr, "articles.title", route::ARTICLES),
            ],
        },
        crumb: (page.number > 1).then(|| page_crumb(tr, page)),
        content: None,
        context: context! {
            articles => site.articles[page.items.clone()].iter().map(article_item).collect::<Vec<_>>(),
            pager => pager(&site.article_pages, ix),
            tags_href => (!site.tags.is_empty()).then(|| site.base.link(&route::TAGS.dir(&site.segments, ""))),
        },
    }
}

pub(super) fn tags<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    PageView {
        title: tr.text("tags.title").into(),
        description: tr.text("tags.description").into(),
        breadcrumbs: vec![
            home_crumb(site, tr),
            section_crumb(site, tr, "articles.title", route::ARTICLES),
        ],
        crumb: None,
        content: None,
        context: context! {
            tags => site.tags.iter().map(|t| context! {
                name => &t.name,
                href => &t.href,
                count => t.articles.len(),
            }).collect::<Vec<_>>(),
        },
    }
}

pub(super) fn tag<'a>(cx: &Cx<'a>, ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    let (t, page) = &site.tag_pages[ix];
    let tag = &site.tags[*t];
    // The tag's pages are consecutive in `tag_pages`: its first is `ix - (number - 1)`.
    let first = ix + 1 - page.number;
    let pages: Vec<ListPage> = site.tag_pages[first..first + page.of]
        .iter()
        .map(|(_, p)| p.clone())
        .collect();
    let title = tr.format("tags.tag_title", &[("tag", &tag.name)]);
    let mut breadcrumbs = vec![
        home_crumb(site, tr),
        section_crumb(site, tr, "articles.title", route::ARTICLES),
        section_crumb(site, tr, "tags.title", route::TAGS),
    ];
    if page.number > 1 {
        breadcrumbs.push(super::views::crumb(title.clone(), tag.href.clone()));
    }
    PageView {
        title: page_title(tr, &title, page),
        description: tr.plural(
            "tags.tag_description",
            tag.articles.len() as u64,
            &[("tag", &tag.name)],
        ),
        breadcrumbs,
        crumb: Some(match page.number {
            1 => title,
            _ => page_crumb(tr, page),
        }),
        content: None,
        context: context! {
            tag => &tag.name,
            articles => tag.articles[page.items.clone()].iter().map(|&a| article_item(&site.articles[a])).collect::<Vec<_>>(),
            pager => pager(&pages, page.number - 1),
            tags_href => site.base.link(&route::TAGS.dir(&site.segments, "")),
        },
    }
}

/// The title of a page of a list: the list's own on its first page, "Články, strana 2 z 5"
/// on the others.
fn page_title(tr: &Translations, title: &str, page: &ListPage) -> String {
    match page.number {
        1 => title.to_string(),
        _ => tr.format(
            "list.page_title",
            &[
                ("title", title),
                ("number", &page.number.to_string()),
                ("of", &page.of.to_string()),
            ],
        ),
    }
}

/// The last breadcrumb of a later page of a list: "Strana 2".
fn page_crumb(tr: &Translations, page: &ListPage) -> String {
    tr.format("list.page", &[("number", &page.number.to_string())])
}

/// The links between the pages of a list, as its `pager` shows them: the previous and the
/// next page, the first and the last, and the two on either side of the current one; `None`
/// for a gap. No pager for a list of one page.
#[derive(Serialize)]
struct Pager<'a> {
    number: usize,
    of: usize,
    prev: Option<&'a str>,
    next: Option<&'a str>,
    links: Vec<Option<PagerLink<'a>>>,
}

#[derive(Serialize)]
struct PagerLink<'a> {
    number: usize,
    href: &'a str,
    current: bool,
}

/// The pager of page `ix` (0-based) of the list `pages`.
fn pager(pages: &[ListPage], ix: usize) -> Option<Pager<'_>> {
    if pages.len() < 2 {
        return None;
    }
    let near = |i: usize| i == 0 || i + 1 == pages.len() || i.abs_diff(ix) <= 2;
    let mut links = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if near(i) {
            links.push(Some(PagerLink {
                number: page.number,
                href: &page.href,
                current: i == ix,
            }));
        } else if links.last().is_some_and(Option::is_some) {
            links.push(None);
        }
    }
    Some(Pager {
        number: ix + 1,
        of: pages.len(),
        prev: ix.checked_sub(1).map(|i| pages[i].href.as_str()),
        next: pages.get(ix + 1).map(|p| p.href.as_str()),
        links,
    })
}

pub(super) fn article<'a>(cx: &Cx<'a>, ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    let a = &site.articles[ArticleIx::new(ix)];
    PageView {
        title: a.title.clone(),
        description: truncate_description(a.summary.as_deref().unwrap_or(&a.title)),
        breadcrumbs: vec![
            home_crumb(site, tr),
            section_crumb(site, tr, "articles.title", route::ARTICLES),
        ],
        crumb: None,
        content: Some(&a.content),
        context: context! {
            article => a,
            cover => a.cover.as_ref().map(|c| crate::photos::cover(&site.photos, c, &site.base)),
            date => a.date.shown(),
            tags => a.tag_ixs.iter().map(|&t| context! { name => &site.tags[t].name, href => &site.tags[t].href }).collect::<Vec<_>>(),
            measures => a.measures.iter().map(|&m| measure_item(&site.measures[m])).collect::<Vec<_>>(),
            areas => a.areas.iter().map(|&ar| area_item(site, &site.areas[ar])).collect::<Vec<_>>(),
        },
    }
}

pub(super) fn page<'a>(cx: &Cx<'a>, ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    let p = &site.pages[PageIx::new(ix)];
    PageView {
        title: p.title.clone(),
        description: truncate_description(p.description.as_deref().unwrap_or(&p.title)),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: Some(&p.content),
        context: context! {
            page_content => p,
            plan => &site.plan,
            latest_wave => site.latest_wave(),
            legend => (p.template == super::views::LEGEND_TEMPLATE).then(|| super::views::status_legend(site, tr)),
        },
    }
}

pub(super) fn feed<'a>(cx: &Cx<'a>, _ix: usize, path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    let latest = &site.articles[..site.articles.len().min(FEED_ARTICLES)];
    let feed_url = site.base.absolute(path);
    PageView {
        title: tr.format("site.feed_title", &[("site", &site.config.title)]),
        description: tr.format("feed.description", &[("plan", &site.plan.title)]),
        breadcrumbs: vec![],
        crumb: None,
        content: None,
        context: context! {
            feed_url => feed_url,
            html_url => site.base.absolute(&route::ARTICLES.dir(&site.segments, "")),
            // The newest article's date; articles are sorted newest first.
            updated => latest.iter().map(|a| &a.date_iso).max(),
            entries => latest.iter().map(|a| context! {
                title => &a.title,
                url => site.base.absolute(&route::ARTICLE.dir(&site.segments, &a.slug)),
                date_iso => &a.date_iso,
                author => &a.author,
                summary => &a.summary,
                tags => &a.tags,
            }).collect::<Vec<_>>(),
        },
    }
}

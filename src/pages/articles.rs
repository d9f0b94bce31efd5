//! The pages written in Markdown: the articles (their list, one page each, the Atom feed) and
//! the content pages of `content/pages/`.

use minijinja::context;

use super::route;
use super::views::{
    area_item, article_item, home_crumb, measure_item, section_crumb, truncate_description,
};
use super::{Cx, FactRef, PageView, Visit};
use crate::model::{ArticleIx, Embed, PageIx, RichHtml, Site};

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

pub(super) fn articles<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    PageView {
        title: tr.text("articles.title").into(),
        description: tr.format("articles.description", &[("plan", &site.plan.title)]),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
            articles => site.articles.iter().map(article_item).collect::<Vec<_>>(),
        },
    }
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
            html_url => site.base.absolute("clanky/"),
            // The newest article's date; articles are sorted newest first.
            updated => latest.iter().map(|a| &a.date_iso).max(),
            entries => latest.iter().map(|a| context! {
                title => &a.title,
                url => site.base.absolute(&format!("clanky/{}/", a.slug)),
                date_iso => &a.date_iso,
                author => &a.author,
                summary => &a.summary,
                tags => &a.tags,
            }).collect::<Vec<_>>(),
        },
    }
}

//! The pages that serve the whole site rather than a part of the plan: search, the open-data
//! downloads, the 404 page, robots.txt and the sitemap.

use std::collections::BTreeMap;

use minijinja::{context, Value};

use super::views::{home_crumb, level_name, measure_item, plan_tree};
use super::{page_keys, Cx, FactRef, PageView, Visit};
use crate::i18n::Translations;
use crate::model::Site;

/// The sitemap lists every page of the plan and every article's address and date.
pub(super) fn sitemap_reads<'s>(_: &'s Site, _: usize, visit: Visit<'s, '_>) -> bool {
    // The tags' pages are listed by their slugs; the pages of the lists follow from the
    // number of articles.
    visit(FactRef::Plan) || visit(FactRef::ArticleAddresses) || visit(FactRef::Tags)
}

pub(super) fn search<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    PageView {
        title: tr.text("search.title").into(),
        description: tr.format("search.description", &[("plan", &site.plan.title)]),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
            index_url => site.base.link(&format!("{}/", crate::search::index_dir(&site.segments))),
            strings => search_strings(site, tr),
            areas => plan_tree(site, |g| context! {
                id => &g.id, title => &g.title, href => &g.href,
                measures => g.measures.iter().map(|&m| measure_item(&site.measures[m])).collect::<Vec<_>>(),
            }),
        },
    }
}

pub(super) fn downloads<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    let files: BTreeMap<String, usize> = crate::open_data::files(site, tr)
        .into_iter()
        .map(|(path, bytes)| (path, bytes.len()))
        .collect();
    let file = |path: String| {
        let size = files.get(&path).copied().unwrap_or_default();
        context! {
            href => site.base.link(&path),
            name => path.rsplit('/').next().unwrap_or_default(),
            size => crate::open_data::file_size(size),
        }
    };
    let unit = crate::values::locale::with(|l| l.currency_unit().to_string());
    PageView {
        title: tr.text("data.title").into(),
        description: tr.format("data.description", &[("plan", &site.plan.title)]),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {
            license => &site.config.data_license,
            // The data is as of the latest evaluation (the content has no other date).
            updated => site.latest_wave().map(super::views::wave_item),
            // Each wave's printable report, the latest first.
            reports => crate::model::WaveIx::enumerate(&site.waves).rev().filter_map(|(wi, w)| {
                super::views::report_link(cx, wi).map(|file| context! { wave => super::views::wave_item(w), file => file })
            }).collect::<Vec<_>>(),
            zip => file(format!("{}/{}", crate::open_data::DIR, crate::open_data::ZIP_NAME)),
            package => file(format!("{}/{}", crate::open_data::DIR, crate::open_data::PACKAGE_NAME)),
            datasets => crate::open_data::datasets(site, tr).iter().map(|d| context! {
                name => &d.file,
                title => d.title(tr),
                description => d.description(tr),
                rows => tr.plural("data.rows", d.rows.len() as u64, &[]),
                csv => file(d.csv_path()),
                json => file(d.json_path()),
                columns => d.columns.iter().map(|c| context! {
                    name => c.name(d.currency),
                    kind => c.kind,
                    meaning => d.column_description(c, tr, &unit),
                }).collect::<Vec<_>>(),
            }).collect::<Vec<_>>(),
        },
    }
}

pub(super) fn not_found<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    PageView {
        title: tr.text("not_found.title").into(),
        description: site.config.description.clone(),
        breadcrumbs: vec![home_crumb(site, tr)],
        crumb: None,
        content: None,
        context: context! {},
    }
}

pub(super) fn sitemap<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, tr, .. } = *cx;
    PageView {
        title: tr.text("sitemap.title").into(),
        description: site.config.description.clone(),
        breadcrumbs: vec![],
        crumb: None,
        content: None,
        context: context! { urls => sitemap_urls(site) },
    }
}

pub(super) fn robots<'a>(cx: &Cx<'a>, _ix: usize, _path: &str) -> PageView<'a> {
    let Cx { site, .. } = *cx;
    PageView {
        title: String::new(),
        description: String::new(),
        breadcrumbs: vec![],
        crumb: None,
        content: None,
        context: context! {
            sitemap_url => site.base.is_absolute().then(|| site.base.absolute("sitemap.xml")),
        },
    }
}

/// The texts `search.js` shows, from the site's translations: the kinds of pages, and the
/// plural forms of the result count with `{count}` and `{query}` still to fill in. As JSON
/// ready to put inside `<script type="application/json">`.
fn search_strings(site: &Site, tr: &Translations) -> Value {
    let plural = |key: &str| {
        let form = |n| tr.lookup(key, Some(n)).unwrap_or_default();
        context! { one => form(1), few => form(2), many => form(5) }
    };
    let strings = context! {
        kinds => crate::search::DocKind::ALL
            .iter()
            .map(|k| {
                // The plan's nodes are named by their levels.
                let last = site.levels.len() - 1;
                let text = match k.name() {
                    "area" => level_name(site, tr, 0, 1),
                    "goal" => level_name(site, tr, last - 1, 1),
                    "measure" => level_name(site, tr, last, 1),
                    other => tr.text(&format!("search.kind.{other}")).to_string(),
                };
                (k.name(), text)
            })
            .collect::<BTreeMap<_, _>>(),
        found => plural("search.found"),
        none => tr.text("search.none"),
        short => tr.text("search.short"),
        error => tr.text("search.error"),
        more => tr.text("search.more"),
        loading => tr.text("search.loading"),
    };
    let json = serde_json::to_string(&strings).expect("texts serialize");
    // Nothing inside may end the script element.
    Value::from_safe_string(json.replace("</", "<\\/").replace("<!--", "<\\u0021--"))
}

/// The sitemap's entries: the absolute address of every public page, with the date of
/// articles (the only pages with one).
fn sitemap_urls(site: &Site) -> Vec<Value> {
    page_keys(site)
        .into_iter()
        .filter(|key| key.is_public())
        .map(|key| {
            let path = key.path(site);
            let lastmod = key.lastmod(site);
            context! {
                loc => site.base.absolute(path.trim_end_matches("index.html")),
                lastmod => lastmod,
            }
        })
        .collect()
}

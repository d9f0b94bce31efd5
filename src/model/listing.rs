//! The article lists readers browse: the articles' tags (each tag with its articles) and the
//! pages a long list is split into (`clanky/`, `clanky/strana/2/`, …; `stitky/bydleni/strana/2/`).
//! Which articles a page shows and what its address is are decided here, once, so the page
//! registry, the sitemap, the link check and `serve` all see the same pages.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Serialize;

use super::{Article, ArticleIx, TagIx};
use crate::slug::{fold, slugify};

/// A tag of the articles, as the editors write it in `tags = […]`.
#[derive(Debug, Serialize)]
pub struct Tag {
    /// As the newest article that uses the tag writes it.
    pub name: String,
    /// Its URL segment: `socialni-bydleni`.
    pub slug: String,
    /// The address of its first page.
    pub href: String,
    /// Its articles, newest first.
    pub articles: Vec<ArticleIx>,
}

/// One page of a list split into pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListPage {
    /// The page's slug in its route: for the articles `""` on the first page and `strana/2`
    /// on the second (the segment is the site's `[route] page`); for a tag `bydleni`, then
    /// `bydleni/strana/2`.
    pub slug: String,
    /// Its address.
    pub href: String,
    /// 1 for the first page.
    pub number: usize,
    /// How many pages the list has.
    pub of: usize,
    /// The positions of the list's items the page shows.
    pub items: Range<usize>,
}

/// The pages a list of `len` items is split into, `per_page` on each (at least one page, empty
/// when the list is). `first` is the first page's slug; `segment` names later pages (`strana`
/// gives `{first}/strana/2`); `href` gives a page's address from its slug.
pub fn paginate(
    len: usize,
    per_page: usize,
    first: &str,
    segment: &str,
    href: impl Fn(&str) -> String,
) -> Vec<ListPage> {
    let per_page = per_page.max(1);
    let of = len.div_ceil(per_page).max(1);
    (1..=of)
        .map(|number| {
            let slug = match (number, first) {
                (1, _) => first.to_string(),
                (n, "") => format!("{segment}/{n}"),
                (n, first) => format!("{first}/{segment}/{n}"),
            };
            ListPage {
                href: href(&slug),
                slug,
                number,
                of,
                items: (number - 1) * per_page..(number * per_page).min(len),
            }
        })
        .collect()
}

/// The tags of `articles` (newest first), in alphabetical order (by their letters without
/// diacritics, then as written); each article learns its tags (`Article::tag_ixs`, in its own
/// order). Tags whose slugs are the same are one tag ("Bydlení" and "bydlení"); a tag without a
/// letter or digit has no slug and no page. `href` gives a tag's address from its slug.
pub fn tags(articles: &mut [Article], href: impl Fn(&str) -> String) -> Vec<Tag> {
    let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
    for (ix, article) in ArticleIx::enumerate(articles) {
        for name in &article.tags {
            let slug = slugify(name);
            if slug.is_empty() {
                continue;
            }
            let tag = by_slug.entry(slug).or_insert_with_key(|slug| Tag {
                name: name.trim().to_string(),
                href: href(slug),
                slug: slug.clone(),
                articles: Vec::new(),
            });
            // An article naming a tag twice is listed once.
            if tag.articles.last() != Some(&ix) {
                tag.articles.push(ix);
            }
        }
    }
    let mut tags: Vec<Tag> = by_slug.into_values().collect();
    tags.sort_by_cached_key(|t| (fold(&t.name), t.name.clone()));
    let ix_of: HashMap<&str, TagIx> = TagIx::enumerate(&tags)
        .map(|(ix, t)| (t.slug.as_str(), ix))
        .collect();
    for article in articles.iter_mut() {
        let mut found: Vec<TagIx> = Vec::new();
        for name in &article.tags {
            if let Some(&ix) = ix_of.get(slugify(name).as_str()) {
                if !found.contains(&ix) {
                    found.push(ix);
                }
            }
        }
        article.tag_ixs = found;
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_split_into_pages_of_the_given_size() {
        let href = |slug: &str| format!("/clanky/{slug}");
        let pages = paginate(45, 20, "", "strana", href);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].slug, "");
        assert_eq!(pages[0].items, 0..20);
        assert_eq!(pages[1].slug, "strana/2");
        assert_eq!(pages[2].items, 40..45);
        assert_eq!(pages[2].href, "/clanky/strana/3");
        assert!(pages.iter().all(|p| p.of == 3));
        let tag = paginate(21, 20, "bydleni", "strana", href);
        assert_eq!(tag[0].slug, "bydleni");
        assert_eq!(tag[1].slug, "bydleni/strana/2");
        // An empty list still has its first page; a full last page makes no empty one.
        assert_eq!(paginate(0, 20, "", "strana", href)[0].items, 0..0);
        assert_eq!(paginate(40, 20, "", "page", href).len(), 2);
        assert_eq!(paginate(3, 0, "", "page", href).len(), 3);
    }
}

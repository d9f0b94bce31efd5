//! The articles as readers browse them: the list split into pages with links between them, the
//! tags with their counts and a page of articles per tag, in Czech and English addresses.

use crate::support::*;

/// The minimal site with `n` more articles, one a day from 1 January 2023, every third tagged
/// "Zaměstnanost", `per_page` on a page of a list.
fn site_with_articles(n: usize, per_page: usize) -> tempfile::TempDir {
    let site = site_copy("minimal");
    edit(
        site.path(),
        "milnik.toml",
        "publisher",
        &format!("articles_per_page = {per_page}\npublisher"),
    );
    for i in 0..n {
        let date = chrono_like_date(i);
        let tags = if i % 3 == 0 {
            r#"["Zaměstnanost", "bydlení"]"#
        } else {
            r#"["bydlení"]"#
        };
        let text = format!(
            "+++\ntitle = \"Zpráva číslo {i}\"\ndate = {date}\ntags = {tags}\n+++\n\nText zprávy {i}.\n"
        );
        std::fs::write(
            site.path()
                .join(format!("content/articles/zprava-{i:03}.md")),
            text,
        )
        .unwrap();
    }
    site
}

/// The `i`-th day of 2023 as an ISO date (every month taken as 28 days: enough for tests).
fn chrono_like_date(i: usize) -> String {
    format!("2023-{:02}-{:02}", i / 28 + 1, i % 28 + 1)
}

/// The article titles a list page shows, in order.
fn titles(html: &str) -> Vec<String> {
    let list = &html[html
        .find("<ul class=\"article-list\">")
        .expect("an article list")..];
    let list = &list[..list.find("</ul>").unwrap()];
    list.split("<li>")
        .skip(1)
        .map(|item| {
            let start = item.find("\">").unwrap() + 2;
            item[start..start + item[start..].find("</a>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn a_long_list_of_articles_is_split_into_pages_linked_to_each_other() {
    // 44 new articles and the fixture's own: 45, 20 on a page.
    let site = site_with_articles(44, 20);
    let built = build(site.path()).unwrap();
    let first = page(&built, "clanky/index.html");
    let second = page(&built, "clanky/strana/2/index.html");
    let third = page(&built, "clanky/strana/3/index.html");
    assert!(!built
        .output
        .files
        .contains_key("clanky/strana/4/index.html"));
    assert!(!built
        .output
        .files
        .contains_key("clanky/strana/1/index.html"));
    assert_eq!(titles(&first).len(), 20);
    assert_eq!(titles(&second).len(), 20);
    assert_eq!(titles(&third).len(), 5);
    // Newest first across the pages: the fixture's article (2024) opens the first page, the
    // oldest new one closes the last.
    assert_eq!(titles(&first)[0], "První sociální byty jsou obsazené");
    assert_eq!(titles(&third)[4], "Zpráva číslo 0");
    // Each page says where it is and links its neighbours, for people and for crawlers.
    assert!(second.contains("<title>Články, strana 2 z 3 – Plán pro zkoušky</title>"));
    assert!(second.contains("<p class=\"pager__where\">Strana 2 z 3</p>"));
    assert!(second.contains("<link rel=\"prev\" href=\"/clanky/\">"));
    assert!(second.contains("<link rel=\"next\" href=\"/clanky/strana/3/\">"));
    assert!(second.contains("<a href=\"/clanky/strana/2/\" aria-current=\"page\">2</a>"));
    assert!(first.contains("<a href=\"/clanky/strana/2/\" rel=\"next\">Další ›</a>"));
    assert!(!first.contains("rel=\"prev\""));
    assert!(!third.contains("rel=\"next\""));
    assert!(second.contains("<li aria-current=\"page\">Strana 2</li>"));
    // Every page of the list is in the sitemap.
    let sitemap = page(&built, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.cz/clanky/strana/3/</loc>"));
}

#[test]
fn tags_have_a_page_each_and_a_list_with_their_counts() {
    let site = site_with_articles(44, 20);
    let built = build(site.path()).unwrap();
    // 45 articles about housing, 15 about employment; alphabetical, diacritics aside.
    let tags = page(&built, "stitky/index.html");
    let housing = tags.find("<a href=\"/stitky/bydleni/\">bydlení</a> <span class=\"tag-list__count\">(45 článků)</span>");
    let employment = tags.find("<a href=\"/stitky/zamestnanost/\">Zaměstnanost</a> <span class=\"tag-list__count\">(15 článků)</span>");
    assert!(housing.is_some() && employment.is_some(), "{tags}");
    assert!(housing < employment);
    // A tag's articles are paginated like the list.
    let employment = page(&built, "stitky/zamestnanost/index.html");
    assert!(employment.contains("<h1>Články se štítkem „Zaměstnanost“</h1>"));
    assert_eq!(titles(&employment).len(), 15);
    assert!(!employment.contains("class=\"pager\""));
    assert_eq!(
        titles(&page(&built, "stitky/bydleni/strana/3/index.html")).len(),
        5
    );
    // An article links its tags.
    let article = page(&built, "clanky/zprava-000/index.html");
    assert!(
        article.contains(
            "<a class=\"tag\" href=\"/stitky/zamestnanost/\" rel=\"tag\">Zaměstnanost</a>"
        ),
        "{article}"
    );
    // The list of articles leads to the tags.
    assert!(page(&built, "clanky/index.html").contains("<a href=\"/stitky/\">"));
}

#[test]
fn an_english_site_pages_its_lists_under_english_addresses() {
    let site = site_with_articles(3, 2);
    english_links(site.path());
    edit(
        site.path(),
        "milnik.toml",
        "title =",
        "language = \"en\"\ntitle =",
    );
    let built = build(site.path()).unwrap();
    let second = page(&built, "articles/page/2/index.html");
    assert!(
        second.contains("<p class=\"pager__where\">Page 2 of 2</p>"),
        "{second}"
    );
    let tags = page(&built, "tags/index.html");
    assert!(tags.contains("(4 articles)"), "{tags}");
    assert!(built
        .output
        .files
        .contains_key("tags/bydleni/page/2/index.html"));
}

#[test]
fn a_site_without_tags_has_no_tags_page() {
    let site = site_copy("minimal");
    edit(
        site.path(),
        "content/articles/prvni-byty.md",
        "tags = [\"bydlení\"]\n",
        "",
    );
    let built = build(site.path()).unwrap();
    assert!(!built.output.files.contains_key("stitky/index.html"));
    assert!(!page(&built, "clanky/index.html").contains("/stitky/"));
}

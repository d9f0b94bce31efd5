//! Pages exist when the content has them: a plan without global indicators, risks, a schedule,
//! evaluation waves or funding tables has none of those pages, no menu or footer entry for
//! them, no sitemap entry and no link to them; adding the content brings each back.

use crate::support::*;
use milnik::build;

/// The sections that exist only when the content has something for them.
const OPTIONAL: [&str; 5] = [
    "indikatory/",
    "rizika/",
    "harmonogram/",
    "vlny/",
    "financovani/",
];

/// The links of the site's menu and footer (the header's `<nav>` and the footer), as hrefs.
fn menu_links(html: &str) -> Vec<String> {
    let header = html
        .split("<nav class=\"site-nav\"")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .expect("the page has a menu");
    let footer = html.split("<footer").nth(1).expect("the page has a footer");
    [header, footer]
        .iter()
        .flat_map(|part| part.split("href=\"").skip(1))
        .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
        .collect()
}

fn assert_checks_clean(root: &std::path::Path) {
    let checked = build::check(&options(root));
    assert!(
        checked.diagnostics.0.is_empty(),
        "check reports:\n{}",
        checked.diagnostics
    );
}

#[test]
fn a_plan_without_the_optional_content_has_none_of_its_pages_or_menu_entries() {
    let site = site_copy("minimal");
    let root = site.path();
    // No risk, no wave (and the fixture has no funding table, no global indicators and no
    // schedule).
    let plan = std::fs::read_to_string(root.join("content/plan.toml")).unwrap();
    let start = plan.find("[[risk]]").unwrap();
    let end = start + plan[start..].find("\n\n").unwrap();
    std::fs::write(
        root.join("content/plan.toml"),
        format!("{}{}", &plan[..start], &plan[end + 2..]),
    )
    .unwrap();
    std::fs::remove_file(root.join("content/waves/1-vyhodnoceni.toml")).unwrap();
    assert_checks_clean(root);

    let built = build(root).unwrap();
    let files = &built.output.files;
    for section in OPTIONAL {
        assert!(
            !files.keys().any(|p| p.starts_with(section)),
            "{section} is built without content for it"
        );
    }
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        if path.starts_with("data/") || !html.contains("<nav class=\"site-nav\"") {
            continue;
        }
        let links = menu_links(&html);
        for section in OPTIONAL {
            assert!(
                !links.iter().any(|l| l == &format!("/{section}")),
                "{path} links to /{section} in its menu: {links:?}"
            );
        }
        // The sections every plan has stay.
        for section in ["/oblasti/", "/opatreni/", "/clanky/", "/data/"] {
            assert!(links.iter().any(|l| l == section), "{path}: no {section}");
        }
        assert!(
            !html.contains("vlny/atom.xml"),
            "{path} announces a feed of changes"
        );
    }
    let sitemap = raw_page(&built, "sitemap.xml");
    for section in OPTIONAL {
        assert!(!sitemap.contains(&format!("https://example.cz/{section}")));
    }
    assert!(!files.contains_key("vlny/atom.xml"));
}

#[test]
fn each_optional_page_comes_with_its_content() {
    let site = site_copy("minimal");
    let root = site.path();
    let check_has = |built: &milnik::build::Built, sections: &[&str]| {
        let home = page(built, "index.html");
        let links = menu_links(&home);
        let sitemap = raw_page(built, "sitemap.xml");
        for section in sections {
            assert!(
                built
                    .output
                    .files
                    .contains_key(&format!("{section}index.html")),
                "no {section}"
            );
            assert!(
                links.iter().any(|l| l == &format!("/{section}")),
                "the menu has no /{section}: {links:?}"
            );
            assert!(sitemap.contains(&format!("<loc>https://example.cz/{section}</loc>")));
        }
    };
    // The fixture has a risk, a wave and funding tables, but no schedule, months or global
    // indicators.
    let built = build(root).unwrap();
    check_has(&built, &["rizika/", "vlny/", "financovani/"]);
    assert!(!built.output.files.contains_key("indikatory/index.html"));
    assert!(!built.output.files.contains_key("harmonogram/index.html"));
    assert!(built.output.files.contains_key("vlny/atom.xml"));

    // A month of a wave brings the timeline; a global indicator its overview and page.
    edit(
        root,
        "content/waves/1-vyhodnoceni.toml",
        "[[goal]]",
        "[[month]]\nmonth = \"2023-01\"\ntext = \"Začaly první projekty.\"\n\n[[goal]]",
    );
    std::fs::copy(
        fixture("three-waves").join("content/indicators.toml"),
        root.join("content/indicators.toml"),
    )
    .unwrap();
    assert_checks_clean(root);
    let built = build(root).unwrap();
    check_has(&built, &OPTIONAL);
    assert!(built
        .output
        .files
        .contains_key("indikatory/pocet-socialnich-bytu/index.html"));
    let timeline = visible_text(&page(&built, "harmonogram/index.html"));
    assert!(timeline.contains("Začaly první projekty."), "{timeline}");
}

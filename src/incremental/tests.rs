//! What serve's incremental rebuilds must keep true: after any edit, the output is exactly
//! what a full build of the same files gives, and only the pages that show the edit render.

use super::*;

const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/minimal");

fn copy_site(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

fn start(from: &str) -> (tempfile::TempDir, Session) {
    let dir = copy_site(Path::new(from));
    let mut session = Session::new(BuildOptions::new(dir.path()));
    let update = session.rebuild_all().expect("the fixture builds");
    assert!(update.full && update.rendered > 5);
    (dir, session)
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The incremental output must be exactly what a full build of the same files gives.
fn assert_same_as_full_build(dir: &Path, session: &mut Session) {
    session.refresh_search_index(false);
    session.refresh_reports_now();
    let full = crate::build::render_site(&BuildOptions::new(dir))
        .unwrap_or_else(|e| panic!("{e}"))
        .output;
    let output = session.output();
    let incremental = output.read().unwrap();
    let paths = |o: &SiteOutput| o.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(&incremental), paths(&full));
    for (path, bytes) in &full.files {
        assert!(
            incremental.files[path] == *bytes,
            "{path} differs from a full build"
        );
    }
}

fn content(path: &str) -> Vec<Change> {
    vec![Change::Content(path.into())]
}

/// The search index's shard of `term`, as the output holds it.
fn shard_of(session: &Session, term: &str) -> String {
    let path = format!(
        "{}/t/{}.json",
        search::index_dir(&Default::default()),
        search::shard_name(term)
    );
    let output = session.output();
    let output = output.read().unwrap();
    output.get(&path).unwrap_or_default().to_string()
}

#[test]
fn the_search_index_follows_content_edits_but_not_template_edits() {
    let (dir, mut session) = start(MINIMAL);
    assert!(!session.search_stale(), "a full build has its index");
    edit(
        dir.path(),
        "content/articles/prvni-byty.md",
        "39 domácností**.",
        "39 domácností** a zeleninových záhonů.",
    );
    session.apply(&content("articles/prvni-byty.md")).unwrap();
    assert!(session.search_stale());
    assert!(!shard_of(&session, "zelenin").contains("\"zelenin\""));
    session.refresh_search_index(false);
    assert!(!session.search_stale());
    assert!(shard_of(&session, "zelenin").contains("\"zelenin\""));
    assert_same_as_full_build(dir.path(), &mut session);

    // A template shows the same content differently: the index stays as it is.
    let theme = theme::load(dir.path(), "default", "cs").unwrap();
    let article = String::from_utf8(theme.templates["article.html"].bytes.clone()).unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/article.html"),
        article.replacen("</article>", "<p>x</p></article>", 1),
    )
    .unwrap();
    session
        .apply(&[Change::Template("article.html".into())])
        .unwrap();
    assert!(!session.search_stale());
}

#[test]
fn an_article_body_edit_renders_only_that_article() {
    let (dir, mut session) = start(MINIMAL);
    edit(
        dir.path(),
        "content/articles/prvni-byty.md",
        "39 domácností**.",
        "40 domácností**.",
    );
    let update = session.apply(&content("articles/prvni-byty.md")).unwrap();
    assert_eq!(update.rendered, 1);
    assert_eq!(update.changed, ["clanky/prvni-byty/index.html"]);
    assert!(update.removed.is_empty() && !update.full && !update.css_only());
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn an_article_title_edit_renders_the_lists_that_show_it() {
    let (dir, mut session) = start(MINIMAL);
    edit(
        dir.path(),
        "content/articles/prvni-byty.md",
        "První sociální byty jsou obsazené",
        "Sociální byty jsou obsazené",
    );
    let update = session.apply(&content("articles/prvni-byty.md")).unwrap();
    let site = session.site().unwrap();
    let measure = &site.measures[site.articles[0].measures[0]];
    let area = &site.areas[site.articles[0].areas[0]];
    let mut expected = vec![
        "clanky/atom.xml".to_string(),
        "clanky/index.html".into(),
        "clanky/prvni-byty/index.html".into(),
        "index.html".into(),
        format!("oblasti/{}/index.html", area.slug),
        format!("opatreni/{}/index.html", measure.slug),
        "stitky/bydleni/index.html".into(),
    ];
    expected.sort();
    assert_eq!(update.changed, expected);
    assert_eq!(update.rendered, expected.len(), "nothing else is rendered");
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn a_wave_edit_renders_the_pages_showing_the_plan_but_not_article_lists() {
    let (dir, mut session) = start(MINIMAL);
    edit(
        dir.path(),
        "content/waves/1-vyhodnoceni.toml",
        "V realizaci (3/6)",
        "Dokončeno",
    );
    let update = session.apply(&content("waves/1-vyhodnoceni.toml")).unwrap();
    assert!(update.changed.contains(&"index.html".to_string()));
    assert!(update
        .changed
        .iter()
        .any(|p| p.starts_with("vlny/") && p.ends_with("/index.html")));
    assert!(update
        .changed
        .iter()
        .any(|p| p.starts_with("opatreni/") && p != "opatreni/index.html"));
    // The article embeds the measure's badge, so its page shows the new status …
    assert!(update
        .changed
        .contains(&"clanky/prvni-byty/index.html".to_string()));
    // … but the article list shows no status and is left alone.
    assert!(update.rendered < session.output().read().unwrap().files.len());
    assert!(!update.changed.contains(&"clanky/index.html".to_string()));
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn a_wave_value_edit_leaves_articles_alone_when_they_show_nothing_of_it() {
    let (dir, mut session) = start(MINIMAL);
    edit(
        dir.path(),
        "content/waves/1-vyhodnoceni.toml",
        "value = 39",
        "value = 42",
    );
    let update = session.apply(&content("waves/1-vyhodnoceni.toml")).unwrap();
    assert!(update.changed.iter().any(|p| p.starts_with("vlny/")));
    assert!(
        !update.changed.iter().any(|p| p.starts_with("clanky/")),
        "{:?}",
        update.changed
    );
    let articles = session.site().unwrap().articles.len();
    let pages = crate::pages::page_keys(session.site().unwrap()).len();
    // All but the article pages, the article list, the feed, robots.txt, the 404 page, the
    // list of tags and the tag's page.
    assert_eq!(update.rendered, pages - articles - 6);
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn a_template_edit_renders_the_pages_using_it() {
    let (dir, mut session) = start(MINIMAL);
    let theme = theme::load(dir.path(), "default", "cs").unwrap();
    let mut article = String::from_utf8(theme.templates["article.html"].bytes.clone()).unwrap();
    article = article.replacen("</article>", "<p class=\"test-mark\">x</p></article>", 1);
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/article.html"), article).unwrap();
    let update = session
        .apply(&[Change::Template("article.html".into())])
        .unwrap();
    assert_eq!(update.rendered, session.site().unwrap().articles.len());
    assert_eq!(update.changed, ["clanky/prvni-byty/index.html"]);
    assert_same_as_full_build(dir.path(), &mut session);

    // The base template is used by every page.
    let base = String::from_utf8(theme.templates["base.html"].bytes.clone()).unwrap();
    std::fs::write(
        dir.path().join("templates/base.html"),
        base.replacen("</body>", "<!-- x --></body>", 1),
    )
    .unwrap();
    let update = session
        .apply(&[Change::Template("base.html".into())])
        .unwrap();
    let site = session.site().unwrap();
    let html_pages = crate::pages::page_keys(site)
        .into_iter()
        .filter(|k| k.path(site).ends_with(".html"))
        .count();
    assert_eq!(update.rendered, html_pages);
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn a_stylesheet_edit_is_copied_alone() {
    let (dir, mut session) = start(MINIMAL);
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(
        dir.path().join("static/style.css"),
        "body { color: #111 }\n",
    )
    .unwrap();
    let update = session
        .apply(&[Change::Static("style.css".into())])
        .unwrap();
    assert_eq!(update.rendered, 0);
    assert_eq!(update.changed, ["style.css"]);
    assert!(update.css_only());
    assert_same_as_full_build(dir.path(), &mut session);
    // Deleting the override brings the theme's stylesheet back.
    std::fs::remove_file(dir.path().join("static/style.css")).unwrap();
    let update = session
        .apply(&[Change::Static("style.css".into())])
        .unwrap();
    assert_eq!(update.changed, ["style.css"]);
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn a_broken_edit_keeps_the_last_good_output_until_it_is_fixed() {
    let (dir, mut session) = start(MINIMAL);
    let before = session.output().read().unwrap().clone();
    let wave = "content/waves/1-vyhodnoceni.toml";
    let good = std::fs::read_to_string(dir.path().join(wave)).unwrap();
    std::fs::write(dir.path().join(wave), format!("{good}\n[[broken\n")).unwrap();
    let err = session
        .apply(&content("waves/1-vyhodnoceni.toml"))
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("1-vyhodnoceni.toml"), "{text}");
    assert_eq!(*session.output().read().unwrap(), before);

    // Another edit while the wave is broken still reports the wave.
    edit(dir.path(), "content/articles/prvni-byty.md", "39", "41");
    let err = session
        .apply(&content("articles/prvni-byty.md"))
        .unwrap_err();
    assert!(err.to_string().contains("1-vyhodnoceni.toml"));

    std::fs::write(dir.path().join(wave), good).unwrap();
    let update = session.apply(&content("waves/1-vyhodnoceni.toml")).unwrap();
    assert!(update
        .changed
        .contains(&"clanky/prvni-byty/index.html".to_string()));
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn an_article_error_is_reported_until_fixed_even_when_other_articles_change() {
    let (dir, mut session) = start(MINIMAL);
    let article = "content/articles/prvni-byty.md";
    edit(
        dir.path(),
        article,
        "measures = [\"1.1.1.1\"]",
        "measures = [\"1.1.1.9\"]",
    );
    let err = session
        .apply(&content("articles/prvni-byty.md"))
        .unwrap_err();
    assert!(err.to_string().contains("1.1.1.9"), "{err}");
    std::fs::write(
        dir.path().join("content/articles/druhy.md"),
        "+++\ntitle = \"Druhý\"\ndate = 2024-01-01\n+++\n\nText.\n",
    )
    .unwrap();
    let err = session.apply(&content("articles/druhy.md")).unwrap_err();
    assert!(err.to_string().contains("1.1.1.9"), "{err}");
    edit(dir.path(), article, "1.1.1.9", "1.1.1.1");
    session.apply(&content("articles/prvni-byty.md")).unwrap();
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn a_broken_link_is_an_error_in_serve_as_in_build() {
    let (dir, mut session) = start(MINIMAL);
    let before = session.output().read().unwrap().clone();
    let article = "content/articles/prvni-byty.md";
    // Through the fast path for article edits.
    edit(
        dir.path(),
        article,
        "(/opatreni/1-1-1-1/)",
        "(/opatreni/1-1-1-7/)",
    );
    let err = session
        .apply(&content("articles/prvni-byty.md"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("prvni-byty.md:11:")
            && err.contains("`/opatreni/1-1-1-7/` points to a page that does not exist"),
        "{err}"
    );
    assert_eq!(*session.output().read().unwrap(), before);
    // Through a full rebuild: a page linked from the article goes away.
    edit(dir.path(), article, "(/opatreni/1-1-1-7/)", "(/o-planu/)");
    session.apply(&content("articles/prvni-byty.md")).unwrap();
    let page = "content/pages/o-planu.md";
    std::fs::rename(
        dir.path().join(page),
        dir.path().join("content/pages/o-plane.md"),
    )
    .unwrap();
    let err = session
        .apply(&[
            Change::Content("pages/o-planu.md".into()),
            Change::Content("pages/o-plane.md".into()),
        ])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`/o-planu/` points to a page that does not exist"),
        "{err}"
    );
    assert!(err.contains("did you mean `/o-plane/`?"), "{err}");
    edit(dir.path(), article, "(/o-planu/)", "(/o-plane/)");
    session.apply(&content("articles/prvni-byty.md")).unwrap();
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn added_and_deleted_articles_add_and_remove_pages() {
    let (dir, mut session) = start(MINIMAL);
    std::fs::write(
        dir.path().join("content/articles/novy.md"),
        "+++\ntitle = \"Nový článek\"\ndate = 2024-06-01\n+++\n\nText.\n",
    )
    .unwrap();
    let update = session.apply(&content("articles/novy.md")).unwrap();
    assert!(update
        .changed
        .contains(&"clanky/novy/index.html".to_string()));
    assert!(update.changed.contains(&"clanky/index.html".to_string()));
    assert_same_as_full_build(dir.path(), &mut session);

    std::fs::remove_file(dir.path().join("content/articles/novy.md")).unwrap();
    let update = session.apply(&content("articles/novy.md")).unwrap();
    assert_eq!(update.removed, ["clanky/novy/index.html"]);
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn a_page_title_edit_renders_every_page_since_the_footer_lists_pages() {
    let (dir, mut session) = start(MINIMAL);
    let page = "content/pages/o-planu.md";
    let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title"))
        .unwrap()
        .to_string();
    edit(dir.path(), page, &title_line, "title = \"O plánu města\"");
    let update = session.apply(&content("pages/o-planu.md")).unwrap();
    assert_eq!(
        update.rendered,
        crate::pages::page_keys(session.site().unwrap()).len()
    );
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn a_configuration_change_rebuilds_everything() {
    let (dir, mut session) = start(MINIMAL);
    let config = std::fs::read_to_string(dir.path().join("milnik.toml")).unwrap();
    let title_line = config
        .lines()
        .find(|l| l.starts_with("title"))
        .unwrap()
        .to_string();
    edit(
        dir.path(),
        "milnik.toml",
        &title_line,
        "title = \"Jiný název\"",
    );
    let update = session.apply(&[Change::Config]).unwrap();
    assert!(update.full);
    assert_same_as_full_build(dir.path(), &mut session);
}

#[test]
fn a_translation_edit_rebuilds_everything() {
    let (dir, mut session) = start(MINIMAL);
    std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
    std::fs::write(
        dir.path().join("i18n/cs.toml"),
        "[site]\nskip_link = \"Přejít na obsah\"\n",
    )
    .unwrap();
    let update = session.apply(&[Change::Translations]).unwrap();
    assert!(update.full);
    assert!(update.changed.contains(&"index.html".to_string()));
    let output = session.output();
    let home = String::from_utf8(output.read().unwrap().files["index.html"].clone()).unwrap();
    assert!(home.contains(">Přejít na obsah</a>"), "{home}");
    assert_same_as_full_build(dir.path(), &mut session);

    // A broken translation is reported, and the last good output stays.
    std::fs::write(dir.path().join("i18n/cs.toml"), "[site]\nskip_link = \"x\n").unwrap();
    let Err(d) = session.apply(&[Change::Translations]) else {
        panic!("a broken translation file built")
    };
    assert!(d.to_string().contains("i18n/cs.toml:2:"), "{d}");
    let home = String::from_utf8(output.read().unwrap().files["index.html"].clone()).unwrap();
    assert!(home.contains(">Přejít na obsah</a>"));
}

/// One edit of a fixture site: replace `from` by `to` in `file` and tell the session `change`.
struct Edit {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    change: Change,
}

fn content_edit(file: &'static str, from: &'static str, to: &'static str) -> Edit {
    let path = file.strip_prefix("content/").expect("a content file");
    Edit {
        file,
        from,
        to,
        change: Change::Content(path.into()),
    }
}

/// Applies each edit in turn and checks the output against a full build after each: a page
/// kind whose declared reads (in the page registry) miss something its context shows would
/// keep a stale page here. Returns the kinds of page the fixture has.
fn every_edit_keeps_every_page_current(
    fixture: &str,
    edits: Vec<Edit>,
) -> std::collections::BTreeSet<crate::pages::PageKind> {
    let (dir, mut session) = start(fixture);
    for e in edits {
        let file = dir.path().join(e.file);
        if !file.exists() {
            // A theme template the site overrides from now on.
            let name = e.file.strip_prefix("templates/").expect("a template");
            let theme = crate::render::theme::load(dir.path(), "default", "cs").unwrap();
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &theme.templates[name].bytes).unwrap();
        }
        edit(dir.path(), e.file, e.from, e.to);
        let update = session.apply(&[e.change]).unwrap();
        assert!(!update.full, "{} rebuilt everything", e.file);
        assert!(!update.changed.is_empty(), "{} changed nothing", e.file);
        assert_same_as_full_build(dir.path(), &mut session);
    }
    let site = session.site().unwrap();
    crate::pages::page_keys(site)
        .iter()
        .map(|k| k.kind)
        .collect()
}

#[test]
fn every_kind_of_page_stays_current_after_every_kind_of_edit() {
    let mut kinds = every_edit_keeps_every_page_current(
        MINIMAL,
        vec![
            // The plan: a measure's status (statuses, counts, badges, the changes feed).
            content_edit(
                "content/waves/1-vyhodnoceni.toml",
                "V realizaci (3/6)",
                "Dokončeno",
            ),
            // An article's body, then its title (the lists and feeds), then its date (the
            // sitemap's dates and the order of the lists).
            content_edit(
                "content/articles/prvni-byty.md",
                "39 domácností**",
                "40 domácností**",
            ),
            content_edit(
                "content/articles/prvni-byty.md",
                "První sociální byty jsou obsazené",
                "Sociální byty jsou obsazené",
            ),
            content_edit("content/articles/prvni-byty.md", "2024-05-02", "2024-05-03"),
            // Its tags: a new tag has a page and is on the list of tags.
            content_edit(
                "content/articles/prvni-byty.md",
                "tags = [\"bydlení\"]",
                "tags = [\"bydlení\", \"Sociální byty\"]",
            ),
            // A content page's body, then its title (every page's footer lists it).
            content_edit("content/pages/o-planu.md", "jednou ročně", "dvakrát ročně"),
            content_edit(
                "content/pages/o-planu.md",
                "\"O plánu\"",
                "\"O tomto plánu\"",
            ),
            // Pages that exist only when the plan has their content (and so the menu and the
            // sitemap that list them): the first step of a schedule brings the timeline, the
            // last risk gone takes the risks page away, the first risk brings it back.
            content_edit(
                "content/plan.toml",
                "[[abbreviation]]",
                "[[schedule]]\nwhen = \"Září 2022\"\nitems = [\"Projednání plánu.\"]\n\n[[abbreviation]]",
            ),
            content_edit(
                "content/plan.toml",
                "[[risk]]\nname = \"Nedostatek financí\"\nprobability = 3\nimpact = 5\nsignificance = 15\nmitigation = \"Hledat další zdroje.\"\n",
                "",
            ),
            content_edit(
                "content/plan.toml",
                "[[abbreviation]]",
                "[[risk]]\nname = \"Sociální vyloučení\"\nprobability = 2\nimpact = 3\nsignificance = 6\nmitigation = \"Spolupráce.\"\n\n[[abbreviation]]",
            ),
            // Templates of single pages.
            Edit {
                file: "templates/robots.txt",
                from: "Sitemap",
                to: "# milnik\nSitemap",
                change: Change::Template("robots.txt".into()),
            },
            Edit {
                file: "templates/404.html",
                from: "</h1>",
                to: "</h1><!-- x -->",
                change: Change::Template("404.html".into()),
            },
        ],
    );
    kinds.extend(every_edit_keeps_every_page_current(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/three-waves"),
        vec![
            // A global indicator's value in one wave, and its definition.
            content_edit("content/waves/1-vlna-i.toml", "value = 180", "value = 181"),
            content_edit("content/indicators.toml", "value = 589", "value = 590"),
        ],
    ));
    let all: std::collections::BTreeSet<_> =
        crate::pages::KINDS.iter().map(|spec| spec.kind).collect();
    assert_eq!(
        kinds, all,
        "every kind of page must have a page in the fixtures this test edits"
    );
}

#[test]
fn the_pages_of_a_long_list_of_articles_stay_current() {
    let (dir, mut session) = start(MINIMAL);
    edit(
        dir.path(),
        "milnik.toml",
        "publisher",
        "articles_per_page = 1\npublisher",
    );
    session.apply(&[Change::Config]).unwrap();
    // A second, older article with the same tag: the list and the tag have two pages.
    let first = std::fs::read_to_string(dir.path().join("content/articles/prvni-byty.md")).unwrap();
    let second = first
        .replacen("První sociální byty jsou obsazené", "Starší článek", 1)
        .replacen("2024-05-02", "2023-01-10", 1);
    std::fs::write(dir.path().join("content/articles/starsi.md"), &second).unwrap();
    session.apply(&content("articles/starsi.md")).unwrap();
    assert_same_as_full_build(dir.path(), &mut session);
    let has = |path: &str| session.output().read().unwrap().get(path).is_some();
    assert!(has("clanky/strana/2/index.html"));
    assert!(has("stitky/bydleni/strana/2/index.html"));
    // The older article's title: only the pages that show it are rendered again (its own, the
    // second page of the list and of its tag, the feed), not the first pages.
    edit(
        dir.path(),
        "content/articles/starsi.md",
        "Starší článek",
        "Ještě starší článek",
    );
    let update = session.apply(&content("articles/starsi.md")).unwrap();
    assert!(!update.full);
    assert!(update
        .changed
        .contains(&"clanky/strana/2/index.html".to_string()));
    assert!(
        !update.changed.contains(&"clanky/index.html".to_string()),
        "{:?}",
        update.changed
    );
    assert_same_as_full_build(dir.path(), &mut session);
    // Removing it takes the second pages away.
    std::fs::remove_file(dir.path().join("content/articles/starsi.md")).unwrap();
    session.apply(&content("articles/starsi.md")).unwrap();
    assert_same_as_full_build(dir.path(), &mut session);
    let has = |path: &str| session.output().read().unwrap().get(path).is_some();
    assert!(!has("clanky/strana/2/index.html"));
}

#[test]
fn an_article_that_takes_another_articles_slug_is_a_duplicate_not_a_replacement() {
    let (dir, mut session) = start(MINIMAL);
    // A second article that lists like the first (same date, measure and area).
    let first = std::fs::read_to_string(dir.path().join("content/articles/prvni-byty.md")).unwrap();
    let second = first
        .replacen("První sociální byty jsou obsazené", "Druhý článek", 1)
        .replacen("39 domácností", "jiný text", 1);
    std::fs::write(dir.path().join("content/articles/druhy.md"), &second).unwrap();
    session.apply(&content("articles/druhy.md")).unwrap();
    assert_same_as_full_build(dir.path(), &mut session);
    // Its slug changed to the first article's: a full build reports the duplicate, and so
    // must serve, rather than replacing the first article with it.
    edit(
        dir.path(),
        "content/articles/druhy.md",
        "title = \"Druhý článek\"",
        "title = \"Druhý článek\"\nslug = \"prvni-byty\"",
    );
    let full = crate::build::render_site(&BuildOptions::new(dir.path()));
    let Err(crate::build::BuildError::Invalid(expected)) = full else {
        panic!("a full build accepted two articles with one slug")
    };
    let Err(reported) = session.apply(&content("articles/druhy.md")) else {
        panic!("serve accepted two articles with one slug")
    };
    assert!(reported.to_string().contains("prvni-byty"), "{reported}");
    assert_eq!(reported.to_string(), expected.to_string());
}

#[test]
fn renaming_the_plans_levels_reads_the_area_files_again() {
    let (dir, mut session) = start(MINIMAL);
    let area = "content/areas/1-bydleni.toml";
    // The editor renames the tables in the area file first: the plan still names its levels
    // the default way, so the file is refused.
    let text = std::fs::read_to_string(dir.path().join(area)).unwrap();
    let renamed = text
        .replace(
            "strategic_goal.specific_goal.measure",
            "cil.podcil.opatreni",
        )
        .replace("strategic_goal.specific_goal", "cil.podcil")
        .replace("[[strategic_goal", "[[cil");
    std::fs::write(dir.path().join(area), renamed).unwrap();
    let Err(d) = session.apply(&content("areas/1-bydleni.toml")) else {
        panic!("an area file with tables the plan does not name must be refused");
    };
    assert!(
        d.0.iter()
            .any(|d| d.message.starts_with("unknown key `cil`")),
        "{d:?}"
    );
    // Then declares the levels in plan.toml: the area file is read again with the new keys.
    edit(
        dir.path(),
        "content/plan.toml",
        "label = \"Dokončeno\"\nkind = \"done\"\n",
        "label = \"Dokončeno\"\nkind = \"done\"\n\n[[level]]\nkey = \"oblast\"\nname = { one = \"Oblast\", many = \"Oblasti\" }\n\n[[level]]\nkey = \"cil\"\nname = { one = \"Cíl\", many = \"Cíle\" }\n\n[[level]]\nkey = \"podcil\"\nname = { one = \"Podcíl\", many = \"Podcíle\" }\n\n[[level]]\nkey = \"opatreni\"\nname = { one = \"Opatření\", many = \"Opatření\" }\n",
    );
    session
        .apply(&content("plan.toml"))
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_same_as_full_build(dir.path(), &mut session);
    let output = session.output();
    let output = output.read().unwrap();
    let area_page = output.get("oblasti/bydleni/index.html").unwrap_or_default();
    assert!(area_page.contains("Cíl 1.1: "), "{area_page}");
}

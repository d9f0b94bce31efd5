//! The theme's UI strings in the site's language: `language = "en"` in milnik.toml switches the
//! UI to the built-in English translation, a site's `i18n/<language>.toml` changes single texts
//! or adds a language, and `t(…)` escapes like any printed value. (Bad translation files are in
//! tests/fixtures/errors; serve's rebuild on a translation edit is a unit test of incremental.)

use milnik::build::BuildError;
use milnik::render::theme::builtin_translations;
use milnik::values::StatusKind;

use crate::support::*;

fn site_in(language: &str) -> tempfile::TempDir {
    let site = site_copy("minimal");
    edit(
        site.path(),
        "milnik.toml",
        "publisher = \"Zkušební město\"",
        &format!("publisher = \"Zkušební město\"\nlanguage = \"{language}\""),
    );
    // German and English sites take English URL segments from the English texts.
    english_links(site.path());
    site
}

/// Every generated HTML page as one text, with non-breaking spaces as spaces.
fn all_pages(built: &milnik::build::Built) -> Vec<(String, String)> {
    built
        .output
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| (p.clone(), page(built, p)))
        .collect()
}

/// The literal parts of a translation, without its `{placeholders}`.
fn literal_pieces(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .enumerate()
        .map(|(i, part)| match part.split_once('}') {
            Some((_, rest)) if i > 0 => rest,
            _ => part,
        })
}

#[test]
fn language_en_switches_the_ui_to_english() {
    let site = site_in("en");
    let built = build(site.path()).unwrap();
    assert!(built.warnings.0.is_empty(), "{}", built.warnings);

    let home = page(&built, "index.html");
    assert!(home.contains("<html lang=\"en\">"), "{home}");
    assert!(home.contains(r#"<meta property="og:locale" content="en_GB">"#));
    assert!(home.contains(r##"<a class="skip-link" href="#obsah">Skip to content</a>"##));
    assert!(home.contains(r#"<nav class="site-nav" aria-label="Main navigation">"#));
    for label in ["Areas", "Measures", "Evaluations", "Funding", "Articles"] {
        assert!(home.contains(&format!(">{label}</a></li>")), "{label}");
    }
    // The minimal plan has no global indicators, so no page and no menu entry for them.
    assert!(!home.contains(">Indicators</a></li>"));
    assert!(home.contains("<h2 id=\"stav\">How the plan is going</h2>"));
    assert!(home.contains("<h2 id=\"oblasti\">Thematic areas</h2>"));
    // A plural: the minimal plan has two measures.
    assert!(
        visible_text(&home).contains("Status of 2 measures:"),
        "{}",
        visible_text(&home)
    );
    assert!(visible_text(&home).contains("Latest evaluation: Průběžné vyhodnocení I."));
    // The chart's title, description and table come from the translation too.
    let wave = page(&built, "evaluations/prubezne-vyhodnoceni-i/index.html");
    assert!(wave.contains("Measures by implementation status – whole plan"));
    assert!(wave.contains("<summary>Chart data as a table</summary>"));
    assert!(wave.contains("<th scope=\"col\">Number of measures</th>"));
    assert!(home.contains("Published by Zkušební město"));

    // The row adding up a table of sums is the theme's word too.
    let funding = page(&built, "funding/index.html");
    assert!(funding.contains(">Total</th>"), "{funding}");
    // ("Celkem OPZ+" is the wave's own stated total: content.)
    assert!(!funding.contains(">Celkem</th>"), "{funding}");

    let measure = page(&built, "measures/1-1-1-1/index.html");
    assert!(measure.contains("<title>Measure 1.1.1.1 "), "{measure}");
    assert!(measure.contains(r#"<nav class="breadcrumbs wrap" aria-label="Breadcrumbs">"#));
    assert!(measure.contains(">Home</a></li>"));
    assert!(measure.contains(">Thematic areas</a></li>"));
    assert!(measure.contains(">Specific goal 1.1.1</a></li>"));
    assert!(measure.contains("<li aria-current=\"page\">Measure 1.1.1.1</li>"));
    assert!(measure.contains("<dt>Target group</dt>"));

    // The content stays as written: titles are Czech (statuses, amounts and dates are values,
    // written in English).
    assert!(page(&built, "areas/bydleni/index.html").contains("Bydlení"));

    // The sections' URLs are English too, in links and in the output's paths.
    assert!(home.contains(r#"href="/measures/""#), "{home}");
    assert!(home.contains(r#"href="/evaluations/""#), "{home}");
    for czech in [
        "oblasti",
        "opatreni",
        "vlny",
        "clanky",
        "indikatory",
        "financovani",
        "hledat",
    ] {
        assert!(
            !built
                .output
                .files
                .keys()
                .any(|p| p.starts_with(&format!("{czech}/"))),
            "a page under /{czech}/"
        );
        for (path, html) in all_pages(&built) {
            assert!(
                !html.contains(&format!("href=\"/{czech}/")),
                "a link to /{czech}/ on {path}"
            );
        }
    }

    // No Czech UI string is left on any page.
    let pages = all_pages(&built);
    for czech in [
        "Přeskočit na obsah",
        "Hlavní navigace",
        "Drobečková navigace",
        "Jak se plán plní",
        "Opatření podle stavu realizace",
        "Data grafu v tabulce",
        "Tematické oblasti",
        "Vydává:",
        "Strategický cíl",
        "Specifický cíl",
        "Počet opatření",
        "Stránka nenalezena",
    ] {
        for (path, html) in &pages {
            assert!(!html.contains(czech), "`{czech}` on {path}");
        }
    }
    // Nor any other text of cs.toml that English words differently (long enough not to be a
    // word of the content too) in what a reader sees.
    let texts: Vec<(String, String)> = pages
        .iter()
        .map(|(path, html)| (path.clone(), visible_text(html)))
        .collect();
    let cs = builtin_translations("cs");
    let en = builtin_translations("en");
    // The content's own Czech words may be the same as a label's ("Viz cílová skupina …").
    let content: String = walkdir::WalkDir::new(site.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    for key in cs.keys() {
        // What `import wave` writes into content (a wave's default title) is content's wording.
        if key.starts_with("import.") {
            continue;
        }
        // The plan declares its statuses, in Czech: content, whatever the interface's language.
        if StatusKind::ALL
            .iter()
            .any(|k| key == format!("status.{}", k.key()))
        {
            continue;
        }
        let text = cs.text(key).replace('\u{a0}', " ");
        if en.lookup(key, None).ok().map(|t| t.replace('\u{a0}', " ")) == Some(text.clone()) {
            continue;
        }
        for piece in literal_pieces(&text)
            .filter(|p| p.chars().count() >= 12)
            .filter(|p| !content.contains(p))
        {
            for (path, text) in &texts {
                assert!(!text.contains(piece), "`{piece}` ({key}) on {path}");
            }
        }
    }
}

#[test]
fn the_default_language_is_czech() {
    let site = site_copy("minimal");
    let built = build(site.path()).unwrap();
    let home = page(&built, "index.html");
    assert!(home.contains("<html lang=\"cs\">"));
    assert!(home.contains(r#"<meta property="og:locale" content="cs_CZ">"#));
    assert!(home.contains(r##"<a class="skip-link" href="#obsah">Přeskočit na obsah</a>"##));
    assert!(home.contains("Jak se plán plní"));
    let wave = page(&built, "vlny/prubezne-vyhodnoceni-i/index.html");
    assert!(wave.contains("Opatření podle stavu realizace – celý plán"));
}

#[test]
fn a_site_changes_one_text_of_the_theme() {
    let site = site_copy("minimal");
    let root = site.path();
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    std::fs::write(root.join("i18n/cs.toml"), "[nav]\nareas = \"Témata\"\n").unwrap();
    let built = build(root).unwrap();
    assert!(built.warnings.0.is_empty(), "{}", built.warnings);
    let home = page(&built, "index.html");
    assert!(home.contains(">Témata</a></li>"), "{home}");
    // Every other text is still the theme's.
    assert!(home.contains(">Opatření</a></li>"));
    assert!(home.contains(">Přeskočit na obsah</a>"));

    // The same for English: the site's file is merged over the theme's.
    edit(
        root,
        "milnik.toml",
        "publisher = \"Zkušební město\"",
        "publisher = \"Zkušební město\"\nlanguage = \"en\"",
    );
    std::fs::write(
        root.join("i18n/en.toml"),
        "[site]\nskip_link = \"Jump to the content\"\n",
    )
    .unwrap();
    english_links(root);
    let built = build(root).unwrap();
    let home = page(&built, "index.html");
    assert!(home.contains(">Jump to the content</a>"), "{home}");
    assert!(home.contains(">Areas</a></li>"));
}

#[test]
fn a_site_adds_a_language() {
    let site = site_in("de");
    let root = site.path();
    // A German file made from the English one, as a translator would start.
    let english = std::fs::read_to_string(repo_root().join("themes/default/i18n/en.toml")).unwrap();
    let german = english
        .replace("locale = \"en_GB\"", "locale = \"de_DE\"")
        .replace(
            "skip_link = \"Skip to content\"",
            "skip_link = \"Zum Inhalt springen\"",
        )
        .replace(
            "status_count = \"Status of {measures}:\"",
            "status_count = \"Stand von {measures}:\"",
        )
        .replace(
            "many = \"{count}\\u00A0measures\"",
            "many = \"{count}\\u00A0Maßnahmen\"",
        );
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    std::fs::write(root.join("i18n/de.toml"), german).unwrap();
    let built = build(root).unwrap();
    // German counts take `one` or `many`, like English: no `few` is missing.
    assert!(built.warnings.0.is_empty(), "{}", built.warnings);
    let home = page(&built, "index.html");
    assert!(home.contains("<html lang=\"de\">"));
    assert!(home.contains(r#"<meta property="og:locale" content="de_DE">"#));
    assert!(home.contains(">Zum Inhalt springen</a>"));
    assert!(
        visible_text(&home).contains("Stand von 2 Maßnahmen:"),
        "{}",
        visible_text(&home)
    );
}

#[test]
fn t_escapes_text_and_values_but_not_html_built_in_the_template() {
    let site = site_copy("minimal");
    let root = site.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/page.html"),
        concat!(
            "{% extends \"base.html\" %}{% block content %}",
            "<p id=\"plain\">{{ t(\"site.publisher\", publisher=\"A & <b>\") }}</p>",
            "{% set bold %}<b>{{ \"A & B\" }}</b>{% endset %}",
            "<p id=\"html\">{{ t(\"site.publisher\", publisher=bold) }}</p>",
            "<p id=\"count\">{{ t(\"count.measures\", count=1) }}|{{ t(\"count.measures\", count=3) }}</p>",
            "{% endblock %}",
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("templates/robots.txt"),
        "# {{ t(\"site.publisher\", publisher=\"A & <b>\") }}\n",
    )
    .unwrap();
    let built = build(root).unwrap();
    // (Czech typography puts non-breaking spaces in; `page` shows them as spaces.)
    let about = page(&built, "o-planu/index.html");
    assert!(
        about.contains("<p id=\"plain\">Vydává: A &amp; &lt;b&gt;</p>"),
        "{about}"
    );
    assert!(
        about.contains("<p id=\"html\">Vydává: <b>A &amp; B</b></p>"),
        "{about}"
    );
    assert!(
        about.contains("<p id=\"count\">1 opatření|3 opatření</p>"),
        "{about}"
    );
    // Templates that are not HTML are not escaped.
    assert_eq!(page(&built, "robots.txt"), "# Vydává: A & <b>");
}

#[test]
fn a_plural_text_without_a_count_is_a_template_error() {
    let site = site_copy("minimal");
    let root = site.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ t(\"count.measures\") }}\n{% endblock %}\n",
    )
    .unwrap();
    let Err(BuildError::Invalid(d)) = build(root) else {
        panic!("built")
    };
    let shown = d.to_string();
    assert!(shown.contains("templates/page.html:3:"), "{shown}");
    assert!(
        shown.contains("the translation `count.measures` has plural forms; give it `count=`"),
        "{shown}"
    );
}

#[test]
fn the_themes_texts_name_no_plan_of_their_own() {
    // A plan's programme, years and subject are its content: Ostrava says "KPSV+", "2027" and
    // "sociálního začleňování" in its own i18n/cs.toml, and the theme's texts stay generic.
    for language in ["cs", "en"] {
        let tr = builtin_translations(language);
        for key in tr.keys() {
            let text = tr.text(key);
            for word in ["KPSV", "2027", "začleňování", "social inclusion", "Ostrav"] {
                assert!(
                    !text.contains(word),
                    "`{word}` in {key} of the theme's {language}.toml: {text}"
                );
            }
        }
    }
    let ostrava = std::fs::read_to_string(repo_root().join("i18n/cs.toml")).unwrap();
    assert!(ostrava.contains("project_budgets = \"Rozpočty projektů KPSV+\""));
}

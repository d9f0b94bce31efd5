//! A site overrides any template or static file of the theme by putting its own at the same
//! relative path; templates are auto-escaped; template errors name the template and line.

use crate::support::*;
use milnik::build::{self, BuildError};

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = site_copy("minimal");
    let root = site.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/measure.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Vlastní šablona {{ measure.id }}</h1>{% endblock %}",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/style.css"), "body { color: black }").unwrap();
    std::fs::write(
        root.join("static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let built = build(root).unwrap();
    assert!(
        page(&built, "opatreni/1-1-1-1/index.html").contains("<h1>Vlastní šablona 1.1.1.1</h1>")
    );
    assert_eq!(page(&built, "style.css"), "body { color: black }");
    assert!(built.output.files.contains_key("logo.svg"));
    // Templates that are not overridden still come from the theme.
    assert!(page(&built, "oblasti/bydleni/index.html").contains("Strategický cíl 1.1"));
}

#[test]
fn a_site_without_a_themes_directory_uses_the_built_in_default_theme() {
    // The fixture has no themes/ directory: everything above came from the embedded theme.
    assert!(!fixture("minimal").join("themes").exists());
    let built = build::render_site(&options(&fixture("minimal"))).unwrap();
    assert!(page(&built, "style.css").contains(".badge"));
}

#[test]
fn content_is_escaped_in_html() {
    let site = site_copy("minimal");
    let root = site.path();
    let area = root.join("content/areas/1-bydleni.toml");
    let text = std::fs::read_to_string(&area).unwrap();
    std::fs::write(
        &area,
        text.replace(
            "title = \"Zajištění sociálních bytů\"",
            "title = \"Byty <script>alert(1)</script> & další\"",
        ),
    )
    .unwrap();
    let built = build(root).unwrap();
    let html = page(&built, "opatreni/1-1-1-1/index.html");
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("Byty &lt;script&gt;alert(1)&lt;/script&gt; &amp; další"),
        "{html}"
    );
}

#[test]
fn a_template_error_names_the_template_and_line_and_keeps_public() {
    let site = site_copy("minimal");
    let root = site.path();
    build(root).unwrap();
    let before = read_tree(&root.join("public"));
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/page.html"), "{% extends \"base.html\" %}\n{% block content %}\n{{ page_content.nonexistent.field }}\n{% endblock %}\n").unwrap();
    let Err(BuildError::Invalid(d)) = build(root) else {
        panic!("expected a template error")
    };
    let shown = d.to_string();
    assert!(shown.contains("templates/page.html:3:"), "{shown}");
    assert!(shown.contains("template error"), "{shown}");
    assert_eq!(read_tree(&root.join("public")), before);
}

//! The bundled Ostrava site: the pages and facts the plan's readers rely on.

use crate::support::*;
use milnik::build::{self, BuildOptions};

fn ostrava() -> milnik::build::Built {
    build::render_site(&options(&repo_root())).expect("the bundled site builds")
}

#[test]
fn area_one_has_every_measure_page() {
    let built = ostrava();
    for id in [
        "1-1-1-1", "1-1-2-1", "1-1-3-1", "1-2-1-1", "1-3-1-1", "1-3-1-2",
    ] {
        assert!(
            built
                .output
                .files
                .contains_key(&format!("opatreni/{id}/index.html")),
            "{id}"
        );
    }
    assert!(built
        .output
        .files
        .contains_key("oblasti/bydleni/index.html"));
    assert!(built.output.files.contains_key("index.html"));
}

#[test]
fn measure_1_1_1_1_shows_its_wave_one_status_implementer_and_period() {
    let text = visible_text(&page(&ostrava(), "opatreni/1-1-1-1/index.html"));
    for shown in [
        "V realizaci (3/6)",
        "Statutární město Ostrava",
        "1. 11. 2022–31. 10. 2025",
        "Průběžné vyhodnocení I.",
    ] {
        assert!(text.contains(shown), "`{shown}` missing:\n{text}");
    }
}

#[test]
fn area_page_shows_39_of_40_for_goal_1_1_1() {
    let text = visible_text(&page(&ostrava(), "oblasti/bydleni/index.html"));
    assert!(text.contains("39 z 40"), "{text}");
    assert!(text.contains("53 z 50 (106 %) – cíl splněn"), "{text}");
    assert!(text.contains("1 190"), "{text}");
}

#[test]
fn the_bundled_site_builds_byte_identically_twice() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for out in [a.path(), b.path()] {
        build::build(&BuildOptions {
            output: out.join("public"),
            ..options(&repo_root())
        })
        .unwrap();
    }
    assert_eq!(
        read_tree(&a.path().join("public")),
        read_tree(&b.path().join("public"))
    );
}

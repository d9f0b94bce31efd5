//! A plan's own levels (`[[level]]` in plan.toml): its area files name their tables by the
//! levels' keys, IDs follow each level's pattern, and pages name every node by its level.

use crate::support::*;

/// The minimal fixture with its four levels renamed (priorita → opatreni → podopatreni →
/// aktivita), measures numbered by letters (1.1.1.a), and its area file, wave and article
/// written that way.
fn site_with_own_levels() -> tempfile::TempDir {
    let site = site_copy("minimal");
    let root = site.path();
    edit(
        root,
        "content/plan.toml",
        "label = \"Dokončeno\"\nkind = \"done\"\n",
        r#"label = "Dokončeno"
kind = "done"

[[level]]
key = "priorita"
name = { one = "Priorita", few = "Priority", many = "Priorit" }
segment = "priority"

[[level]]
key = "opatreni"
name = { one = "Opatření", many = "Opatření" }

[[level]]
key = "podopatreni"
name = { one = "Podopatření", many = "Podopatření" }

[[level]]
key = "aktivita"
name = { one = "Aktivita", few = "Aktivity", many = "Aktivit" }
segment = "aktivity"
id = "letter"
"#,
    );
    let area = "content/areas/1-bydleni.toml";
    let text = std::fs::read_to_string(root.join(area)).unwrap();
    let text = text
        .replace(
            "strategic_goal.specific_goal.measure",
            "opatreni.podopatreni.aktivita",
        )
        .replace("strategic_goal.specific_goal", "opatreni.podopatreni")
        .replace("[[strategic_goal", "[[opatreni")
        .replace("1.1.1.1", "1.1.1.a")
        .replace("1.1.1.2", "1.1.1.b");
    std::fs::write(root.join(area), text).unwrap();
    for file in [
        "content/waves/1-vyhodnoceni.toml",
        "content/articles/prvni-byty.md",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let text = text
            .replace("1.1.1.1", "1.1.1.a")
            .replace("1.1.1.2", "1.1.1.b")
            .replace("/opatreni/1-1-1-1/", "/aktivity/1-1-1-a/");
        std::fs::write(root.join(file), text).unwrap();
    }
    site
}

#[test]
fn a_plan_names_its_levels_tables_and_ids_its_own_way() {
    let site = site_with_own_levels();
    let built = build(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let area = page(&built, "priority/bydleni/index.html");
    assert!(
        area.contains(">Opatření 1.1: Podporovat domácnosti"),
        "{area}"
    );
    assert!(area.contains("Podopatření 1.1.1: "), "{area}");
    let measure = page(&built, "aktivity/1-1-1-a/index.html");
    assert!(
        measure.contains("<title>Aktivita 1.1.1.a Zajištění sociálních bytů"),
        "{measure}"
    );
    assert!(measure.contains("Podopatření 1.1.1: "), "{measure}");
    for (path, bytes) in built
        .output
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && !p.starts_with("data/"))
    {
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        // The labels of nodes on pages; the theme's sentences (`area.description`, the open
        // data's column descriptions) are worded for the default levels and are the site's to
        // override in its i18n/ texts.
        for word in ["Strategický cíl", "Specifický cíl"] {
            assert!(
                !text.contains(word),
                "{path} names the default level `{word}`"
            );
        }
    }
}

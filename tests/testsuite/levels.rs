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

/// Every text file of a built site (file names included) that names one of `words`.
fn files_naming(built: &milnik::build::Built, words: &[&str]) -> Vec<String> {
    built
        .output
        .files
        .iter()
        .filter_map(|(path, bytes)| {
            let text = format!("{path}\n{}", std::str::from_utf8(bytes).ok()?);
            words
                .iter()
                .find(|w| text.contains(*w))
                .map(|w| format!("{path}: {w}"))
        })
        .collect()
}

/// The words of Ostrava's plan that no other plan's site may show.
const OSTRAVA_WORDS: [&str; 8] = [
    "KPSV",
    "kpsv",
    "Strategický cíl",
    "Specifický cíl",
    "Akční plán I.",
    "sociálního začleňování",
    "Kč",
    "CZK",
];

#[test]
fn a_community_plan_of_three_levels_in_euros_shows_nothing_of_ostrava() {
    // A copy: a build writes public/ into the site.
    let site = site_copy("komunitni-plan");
    let (ok, stdout, stderr) = run_cli(&["check", "--deny-warnings"], site.path());
    assert!(ok, "{stdout}{stderr}");
    let built = build(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    // Priorities have pages; their measures (the goal level) sit directly under them.
    let priority = page(&built, "priority/seniori/index.html");
    assert!(
        priority.contains("<h1><span class=\"area-id\">1</span> Senioři</h1>"),
        "{priority}"
    );
    assert!(
        priority
            .contains("<h2 id=\"cil-1-1\">Opatření 1.1: Rozšířit terénní služby pro seniory</h2>"),
        "{priority}"
    );
    assert!(priority.contains("Pečovatelská služba o víkendech"));
    // No target group or expected impact was given, so none is shown.
    assert!(!priority.contains("target-group") && !priority.contains("expected-impact"));
    let areas = page(&built, "priority/index.html");
    assert!(areas.contains("<h1>Priority</h1>"), "{areas}");
    assert!(areas.contains("Opatření 2.1: Podpořit rodiny v obtížné situaci"));
    // Activities are the items: lettered IDs, their own pages, their own statuses.
    let activity = page(&built, "aktivity/1-1-a/index.html");
    assert!(activity.contains("<title>Aktivita 1.1.a Pečovatelská služba o víkendech"));
    assert!(
        activity.contains("48 000 €") || activity.contains("48 tis. €"),
        "{activity}"
    );
    assert!(activity.contains("Probíhá (60 %)"), "{activity}");
    let wave = page(&built, "vlny/vyhodnoceni-2025/index.html");
    for status in [
        "Probíhá (60 %)",
        "Odloženo",
        "Zrušeno",
        "Splněno částečně",
        "Splněno",
    ] {
        assert!(wave.contains(status), "the wave page lacks {status}");
    }
    assert!(wave.contains("<h3 id=\"vlna-cil-2-1\">"), "{wave}");
    let index = page(&built, "index.html");
    assert!(
        index.contains(">Priority<") && index.contains(">Aktivity<"),
        "{index}"
    );
    // No global indicators or risks: no such pages.
    for missing in ["indikatory/index.html", "rizika/index.html"] {
        assert!(
            built.output.get(missing).is_none(),
            "{missing} was generated"
        );
    }
    // Its own budget table: the columns it declares, sums per source, its stated total
    // checked; none of the built-in tables' sections or downloads.
    let funding = page(&built, "financovani/index.html");
    for part in [
        "<h2 id=\"rozpocet\">Rozpočet aktivit na roky 2025–2026</h2>",
        "<th scope=\"col\">Zdroj financování</th><th scope=\"col\">2025</th><th scope=\"col\">2026</th><th scope=\"col\">Poskytovatelé</th>",
        "<td data-label=\"Zdroj financování\">Dotace kraje</td><td data-label=\"2025\" class=\"money\">6 000,00 €</td>",
        "<th scope=\"row\">Rozpočet obce</th><td data-label=\"Počet řádků\">2</td><td class=\"money\" data-label=\"2025\">27 200,00 €</td><td class=\"money\" data-label=\"2026\">12 000,00 €</td>",
        "<th scope=\"row\">Celkem</th><td data-label=\"Počet řádků\">3</td><td class=\"money\" data-label=\"2025\">33 200,00 €</td><td class=\"money\" data-label=\"2026\">18 000,00 €</td>",
        "data/rozpocet.csv",
    ] {
        assert!(funding.contains(part), "the funding page lacks {part}:\n{funding}");
    }
    assert!(!funding.contains("mismatch"), "{funding}");
    for absent in [
        "data/projekty.csv",
        "id=\"oblasti-financovani\"",
        "id=\"zdroje\"",
        "id=\"naklady\"",
    ] {
        assert!(!funding.contains(absent), "the funding page shows {absent}");
    }
    let activity_funding = page(&built, "aktivity/1-1-a/index.html");
    assert!(
        activity_funding.contains("<td data-label=\"Zdroj financování\">Rozpočet obce</td><td data-label=\"2025\" class=\"money\">24 000,00 €</td><td data-label=\"2026\" class=\"money\">12 000,00 €</td><td data-label=\"Poskytovatelé\">Pečovatelská služba obce</td>"),
        "{activity_funding}"
    );
    let rows = raw_page(&built, "data/rozpocet.csv");
    assert!(
        rows.contains("measure_id,area_id,action_plan_id,zdroj,rok_2025,rok_2026,poskytovatele\r\n1.1.a,1,2025,Rozpočet obce,24000,12000,Pečovatelská služba obce\r\n1.1.a,1,2025,Dotace kraje,6000,6000,\r\n1.2.a,1,2025,Rozpočet obce,3200,,\r\n"),
        "{rows}"
    );
    let package = raw_page(&built, "data/datapackage.json");
    assert!(package.contains("\"path\": \"rozpocet.csv\""), "{package}");
    // The open data: the measures' rows have no group (the plan has no grouping level).
    let rows = raw_page(&built, "data/opatreni.csv");
    assert!(rows.contains("\n1.1.a,1,,1.1,"), "{rows}");
    // The legend of its own statuses, on its page about the plan: the plan's words for a
    // status where it gives them, the theme's otherwise, and what "(60 %)" means.
    let about = page(&built, "o-planu/index.html");
    for part in [
        "<h2 id=\"stavy\">Co znamenají stavy</h2>",
        "<span class=\"badge badge--postponed\">Odloženo</span></dt>\n    <dd>Obec aktivitu přesunula do dalšího roku",
        "<span class=\"badge badge--in-progress\">Probíhá (60 %)</span>",
        "<span class=\"badge badge--cancelled\">Zrušeno</span></dt>\n    <dd>Opatření bylo zrušeno",
    ] {
        assert!(about.contains(part), "the legend lacks {part}:\n{about}");
    }
    // Every badge links to it.
    assert!(
        wave.contains(
            "<a class=\"badge badge--postponed\" href=\"/kpss/o-planu/#stavy\">Odloženo</a>"
        ),
        "{wave}"
    );
    let naming = files_naming(&built, &OSTRAVA_WORDS);
    assert!(naming.is_empty(), "{naming:#?}");
}

#[test]
fn a_plan_of_five_levels_nests_its_groups_on_every_page() {
    // A copy: a build writes public/ into the site.
    let site = site_copy("five-levels");
    let (ok, stdout, stderr) = run_cli(&["check", "--deny-warnings"], site.path());
    assert!(ok, "{stdout}{stderr}");
    let built = build(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let area = page(&built, "oblasti/bydleni/index.html");
    for heading in [
        "<h2 id=\"cil-A-1\">Cíl A.1: Dostupné bydlení</h2>",
        "<h3 id=\"cil-A-1-a\">Podcíl A.1.a: Obecní byty</h3>",
        "<h4 id=\"cil-A-1-a-1\">Opatření A.1.a.1: Opravit obecní byty</h4>",
        "<h3 id=\"cil-A-1-b\">Podcíl A.1.b: Startovací byty</h3>",
    ] {
        assert!(
            area.contains(heading),
            "the area page lacks {heading}:\n{area}"
        );
    }
    // The groups nest in order: A.1.b after everything under A.1.a.
    let a = area.find("Opatření A.1.a.1:").unwrap();
    let b = area.find("Podcíl A.1.b:").unwrap();
    assert!(a < b);
    let activity = page(&built, "aktivity/a-1-a-1-1/index.html");
    for line in ["Cíl A.1: <a", "Podcíl A.1.a: <a", "Opatření A.1.a.1: <a"] {
        assert!(
            activity.contains(line),
            "the activity's page lacks {line}:\n{activity}"
        );
    }
    let wave = page(&built, "vlny/vyhodnoceni-2026/index.html");
    assert!(
        wave.contains("<h3>Cíl A.1: Dostupné bydlení</h3>"),
        "{wave}"
    );
    assert!(
        wave.contains("<h4>Podcíl A.1.a: Obecní byty</h4>"),
        "{wave}"
    );
    assert!(wave.contains("<h5 id=\"vlna-cil-A-1-a-1\">"), "{wave}");
    let search = page(&built, "hledat/index.html");
    assert!(search.contains("Podcíl A.1.b: Startovací byty"), "{search}");
    let overview = page(&built, "oblasti/index.html");
    assert!(
        overview.contains("Opatření A.1.b.1: Vyčlenit startovací byty"),
        "{overview}"
    );
    let rows = raw_page(&built, "data/opatreni.csv");
    assert!(rows.contains("\nA.1.a.1.1,A,A.1.a,A.1.a.1,"), "{rows}");
}

#[test]
fn a_plan_of_two_levels_shows_each_priority_once_with_its_indicators_and_items() {
    // A copy: a build writes public/ into the site.
    let site = site_copy("two-levels");
    let (ok, stdout, stderr) = run_cli(&["check", "--deny-warnings"], site.path());
    assert!(ok, "{stdout}{stderr}");
    let built = build(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    // The priority's page: its expected impact, indicators, items and the wave's summary sit
    // under its own heading; no second heading names the priority again.
    let priority = page(&built, "priority/dostupne-bydleni/index.html");
    assert!(
        !priority.contains("Priorita 1: Dostupné bydlení"),
        "{priority}"
    );
    for part in [
        "<h2>Očekávaný dopad</h2>",
        "Počet zabydlených domácností",
        "<h2>Opatření</h2>",
        "Obecní byty pro lidi v bytové nouzi",
        "Obec zabydlela pět domácností.",
    ] {
        assert!(priority.contains(part), "the priority page lacks {part}");
    }
    // The goal's anchor is still there for links to it.
    assert!(priority.contains("id=\"cil-1\""), "{priority}");
    // The list of priorities lists their items.
    let areas = page(&built, "priority/index.html");
    assert!(
        areas.contains("<span class=\"measure-id\">1.2</span> Poradna pro bydlení"),
        "{areas}"
    );
    assert!(!areas.contains("Priorita 1:"), "{areas}");
    // An item's path: the priority, then the item, with no level between them.
    let item = page(&built, "opatreni/1-1/index.html");
    let crumbs = &item[item.find("class=\"breadcrumbs").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert!(crumbs.contains("1 Dostupné bydlení"), "{crumbs}");
    assert!(!crumbs.contains("Priorita 1"), "{crumbs}");
    // The wave reports per priority: values and statuses under the priority's heading.
    let wave = page(&built, "vlny/vyhodnoceni-2026/index.html");
    assert!(!wave.contains("Priorita 1</a>:"), "{wave}");
    for part in [
        "Počet zabydlených domácností",
        "V realizaci",
        "Dokončeno",
        "Nerealizováno",
    ] {
        assert!(wave.contains(part), "the wave page lacks {part}");
    }
    let search = page(&built, "hledat/index.html");
    assert!(!search.contains("Priorita 2:"), "{search}");
    assert!(search.contains("Dluhová poradna v obci"), "{search}");
    // The open data: an item's goal is its priority.
    let rows = raw_page(&built, "data/opatreni.csv");
    assert!(rows.contains("\n1.1,1,,1,"), "{rows}");
    let values = raw_page(&built, "data/hodnoty-cilu.csv");
    assert!(
        values.contains("\n2026,1,zabydlene-domacnosti,"),
        "{values}"
    );
}

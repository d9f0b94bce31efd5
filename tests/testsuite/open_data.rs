//! The open-data downloads, read back as a journalist's tools would read them (a CSV parser, a
//! JSON parser, an unzipper) and compared with the model the pages are built from.

use std::collections::BTreeMap;
use std::io::Read;

use crate::support::*;
use milnik::build::Built;
use milnik::model::Site;

fn ostrava() -> (Built, Site) {
    let built =
        milnik::build::render_site(&options(&repo_root())).expect("the bundled site builds");
    let site = milnik::build::check(&options(&repo_root()))
        .site
        .expect("the bundled site resolves");
    (built, site)
}

/// A CSV file as a spreadsheet reads it: the header and the rows as maps by column.
fn read_csv(built: &Built, path: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let bytes = built
        .output
        .files
        .get(path)
        .unwrap_or_else(|| panic!("the build has no {path}"));
    let text = std::str::from_utf8(bytes).expect("CSV is UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("{path} has no byte order mark, so Excel would garble Czech"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(
                r.len(),
                header.len(),
                "{path}: a row with another column count"
            );
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

/// The bundled site's datasets: the built-in ones, then its declared funding tables'.
const DATASETS: [&str; 7] = [
    "opatreni",
    "stavy-opatreni",
    "hodnoty-cilu",
    "globalni-indikatory",
    "projekty-kpsv",
    "financovani",
    "alokace",
];

#[test]
fn the_measures_csv_has_every_measure_with_its_status_as_the_model() {
    let _cs = crate::support::czech();
    let (built, site) = ostrava();
    let (header, rows) = read_csv(&built, "data/opatreni.csv");
    assert_eq!(&header[..2], ["id", "area_id"]);
    assert_eq!(rows.len(), site.measures.len());
    for (row, m) in rows.iter().zip(&site.measures) {
        assert_eq!(row["id"], m.id);
        assert_eq!(row["title"], m.title);
        assert_eq!(row["area_id"], site.areas[m.area].id);
        let status = m.latest_status.as_ref().map(|b| b.status.shown());
        assert_eq!(
            Some(row["status"].clone()).filter(|s| !s.is_empty()),
            status
        );
        // The measure's page shows the same title and status.
        let html = page(&built, &format!("opatreni/{}/index.html", m.slug));
        assert!(html.contains(&m.title), "{}", m.id);
        if let Some(s) = &status {
            assert!(html.contains(s.as_str()), "{} shows {s}", m.id);
        }
    }
    let first = &rows[0];
    assert_eq!(first["id"], "1.1.1.1");
    assert_eq!(first["status"], "V realizaci (3/6)");
    assert_eq!(first["reports_used"], "3");
    assert_eq!(first["reports_total"], "6");
    assert_eq!(first["expected_cost_czk"], "25000000");
    assert_eq!(first["url"], "https://psz.ostrava.cz/opatreni/1-1-1-1/");
}

#[test]
fn indicator_values_are_numbers_with_their_dates() {
    let (built, site) = ostrava();
    let (_, rows) = read_csv(&built, "data/hodnoty-cilu.csv");
    let housed = rows
        .iter()
        .find(|r| r["specific_goal_id"] == "1.1.1" && r["indicator"] == "zabydlene-domacnosti")
        .expect("1.1.1 zabydlene-domacnosti");
    assert_eq!(housed["wave_id"], "I");
    assert_eq!(housed["value"], "39");
    assert_eq!(housed["as_of"], "2024-04-30");
    assert_eq!(housed["target"], "40");
    let expected: usize = site
        .waves
        .iter()
        .flat_map(|w| &w.goal_reports)
        .map(|r| r.values.len())
        .sum();
    assert_eq!(rows.len(), expected);
    // Every number parses as a number, as a spreadsheet needs.
    for r in &rows {
        if !r["value"].is_empty() {
            r["value"]
                .parse::<f64>()
                .unwrap_or_else(|_| panic!("{r:?}"));
        }
    }
    let (_, global) = read_csv(&built, "data/globalni-indikatory.csv");
    let per_indicator: usize = site.indicators.iter().map(|i| 1 + i.values.len()).sum();
    assert_eq!(global.len(), per_indicator);
    assert!(global
        .iter()
        .all(|r| r["observation"] == "baseline"
            || site.waves.iter().any(|w| w.id == r["observation"])));
}

#[test]
fn project_budgets_add_up_to_the_funding_pages_total() {
    let (built, site) = ostrava();
    let (_, rows) = read_csv(&built, "data/projekty-kpsv.csv");
    assert_eq!(rows.len(), 20, "annex A's rows");
    let cents: i64 = rows
        .iter()
        .map(|r| {
            let (crowns, hellers) = r["rozpocet"]
                .split_once('.')
                .unwrap_or((&r["rozpocet"], "0"));
            crowns.parse::<i64>().unwrap() * 100 + format!("{hellers:0<2}").parse::<i64>().unwrap()
        })
        .sum();
    let total = site.funding[0]
        .project_totals
        .iter()
        .map(|s| s.amount.0.plain())
        .collect::<Vec<_>>();
    let all = format!("{}.{:02}", cents / 100, cents % 100);
    assert!(
        total
            .iter()
            .any(|t| t.trim_end_matches('0').trim_end_matches('.')
                == all.trim_end_matches('0').trim_end_matches('.')),
        "the rows sum to {all}; the funding page's totals are {total:?}"
    );
    assert!(page(&built, "financovani/index.html").contains("178 730 828,51"));
}

#[test]
fn json_has_the_same_rows_as_csv_and_the_zip_holds_every_file() {
    let (built, _) = ostrava();
    for name in DATASETS {
        let (header, rows) = read_csv(&built, &format!("data/{name}.csv"));
        let json: serde_json::Value =
            serde_json::from_slice(&built.output.files[&format!("data/{name}.json")]).unwrap();
        let objects = json.as_array().unwrap();
        assert_eq!(objects.len(), rows.len(), "{name}");
        for (object, row) in objects.iter().zip(&rows) {
            let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
            assert_eq!(keys.len(), header.len(), "{name}");
            for column in &header {
                let cell = &row[column];
                let shown = match &object[column] {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Array(items) => items
                        .iter()
                        .map(|i| i.as_str().unwrap().to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                    serde_json::Value::Number(n) => {
                        assert_eq!(
                            n.as_f64().unwrap(),
                            cell.parse::<f64>().unwrap(),
                            "{name}.{column}"
                        );
                        continue;
                    }
                    other => other.to_string(),
                };
                assert_eq!(&shown, cell, "{name}.{column}");
            }
        }
    }
    // The package describes every column of every file.
    let package: serde_json::Value =
        serde_json::from_slice(&built.output.files["data/datapackage.json"]).unwrap();
    for resource in package["resources"].as_array().unwrap() {
        let path = format!("data/{}", resource["path"].as_str().unwrap());
        let fields = resource["schema"]["fields"].as_array().unwrap();
        if path.ends_with(".csv") {
            let (header, _) = read_csv(&built, &path);
            let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
            assert_eq!(names, header, "{path}");
        }
        for f in fields {
            assert!(!f["description"].as_str().unwrap().is_empty());
        }
    }
    // The ZIP has every file with the same bytes.
    let zip_bytes = &built.output.files["data/data.zip"];
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes.as_slice())).unwrap();
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let path = format!("data/{}", entry.name());
        assert_eq!(bytes, built.output.files[&path], "{path} in the ZIP");
        names.push(entry.name().to_string());
    }
    assert_eq!(names.len(), DATASETS.len() * 2 + 1, "{names:?}");
    // The paths serve keeps between rebuilds are the files a build writes.
    let mut written: Vec<String> = built
        .output
        .files
        .keys()
        .filter(|p| p.starts_with("data/") && *p != "data/index.html")
        .cloned()
        .collect();
    let bundled = options(&repo_root());
    let pipeline = milnik::pipeline::Pipeline::new(&bundled);
    let (content, _) = pipeline.load();
    let (site, _) = pipeline.resolve(
        pipeline.config().unwrap(),
        &content,
        &mut Default::default(),
    );
    let mut known = milnik::open_data::paths(&site.unwrap());
    written.sort();
    known.sort();
    assert_eq!(written, known);
    // The same input gives the same bytes.
    let again = milnik::build::render_site(&options(&repo_root())).unwrap();
    for (path, bytes) in &built.output.files {
        if path.starts_with("data/") {
            assert_eq!(&again.output.files[path], bytes, "{path}");
        }
    }
}

#[test]
fn the_download_page_and_the_pages_that_show_the_data_link_it() {
    let (built, _) = ostrava();
    let downloads = page(&built, "data/index.html");
    assert!(downloads.contains("<h1>Data ke stažení</h1>"));
    for name in DATASETS {
        for ext in ["csv", "json"] {
            assert!(
                downloads.contains(&format!(r#"href="/data/{name}.{ext}""#)),
                "the download page links {name}.{ext}"
            );
        }
    }
    assert!(downloads.contains(r#"href="/data/data.zip""#));
    assert!(downloads.contains(r#"href="/data/datapackage.json""#));
    assert!(downloads.contains("<code>expected_cost_czk</code>"));
    for (page_path, name) in [
        ("opatreni/index.html", "opatreni"),
        ("indikatory/index.html", "globalni-indikatory"),
        ("financovani/index.html", "projekty-kpsv"),
        ("financovani/index.html", "financovani"),
        ("vlny/prubezne-vyhodnoceni-i/index.html", "hodnoty-cilu"),
    ] {
        assert!(
            page(&built, page_path).contains(&format!(r#"href="/data/{name}.csv""#)),
            "{page_path} links {name}.csv"
        );
    }
    assert!(page(&built, "index.html").contains(r#"href="/data/">Data ke stažení</a>"#));
}

#[test]
fn every_measures_status_in_every_wave_names_the_action_plan_the_wave_evaluates() {
    // The three-wave fixture with two action plans: waves I and II (2024, 2025) evaluate the
    // first by default, wave III (2026) the second, which began in 2026.
    let site = site_copy("three-waves");
    let root = site.path();
    edit(
        root,
        "content/plan.toml",
        "action_plan = \"Akční plán I.\"\naction_plan_period = \"2023–2025\"\n# 3 measures under specific goal 1.1.1 and 4 under 1.1.2.\nstated_measures = 7\n",
        "",
    );
    let plan = std::fs::read_to_string(root.join("content/plan.toml")).unwrap();
    std::fs::write(
        root.join("content/plan.toml"),
        format!(
            "{plan}\n[[action_plan]]\nid = \"I\"\ntitle = \"Akční plán I.\"\nperiod = \"2023–2025\"\nstated_measures = 7\n\n[[action_plan]]\nid = \"II\"\ntitle = \"Akční plán II.\"\nperiod = \"2026–2027\"\n"
        ),
    )
    .unwrap();
    // Action Plan II carries over every measure but 1.1.2.4.
    std::fs::create_dir_all(root.join("content/action-plans/II")).unwrap();
    let measure = |id: &str| {
        format!("\n[[strategic_goal.specific_goal.measure]]\nid = \"{id}\"\ncontinues = true\n")
    };
    let goal = |id: &str, measures: &[&str]| {
        let listed: String = measures.iter().map(|m| measure(m)).collect();
        format!("\n[[strategic_goal.specific_goal]]\nid = \"{id}\"\n{listed}")
    };
    std::fs::write(
        root.join("content/action-plans/II/1-bydleni.toml"),
        format!(
            "id = \"1\"\n\n[[strategic_goal]]\nid = \"1.1\"\n{}{}",
            goal("1.1.1", &["1.1.1.1", "1.1.1.2", "1.1.1.3"]),
            goal("1.1.2", &["1.1.2.1", "1.1.2.2", "1.1.2.3"]),
        ),
    )
    .unwrap();
    edit(
        root,
        "content/waves/3-vlna-iii.toml",
        "[[goal.measure]]\nid = \"1.1.2.4\"\nstatus = \"V realizaci (1/4)\"\n",
        "",
    );
    let built = milnik::build::render_site(&options(root)).expect("the site builds");
    let (header, rows) = read_csv(&built, "data/stavy-opatreni.csv");
    assert_eq!(
        header,
        [
            "wave_id",
            "measure_id",
            "action_plan_id",
            "status",
            "status_kind",
            "reports_used",
            "reports_total",
            "implementer",
            "period_from",
            "period_to",
            "as_of",
            "carried_from_wave_id"
        ]
    );
    // Waves I and II have a row for each of the seven measures of Action Plan I, reported or
    // not; wave III for the six Action Plan II carries over.
    assert_eq!(rows.len(), 7 + 7 + 6);
    assert!(!rows
        .iter()
        .any(|r| r["wave_id"] == "III" && r["measure_id"] == "1.1.2.4"));
    let plans: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["wave_id"].as_str(), r["action_plan_id"].as_str()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(plans, [("I", "I"), ("II", "I"), ("III", "II")]);
    let unreported: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["status_kind"] == "not-reported")
        .map(|r| (r["wave_id"].as_str(), r["measure_id"].as_str()))
        .collect();
    assert_eq!(unreported, [("I", "1.1.2.2"), ("III", "1.1.2.2")]);
    // Wave II does not report 1.1.2.3, done in wave I: its row carries that status.
    let carried = rows
        .iter()
        .find(|r| r["wave_id"] == "II" && r["measure_id"] == "1.1.2.3")
        .unwrap();
    assert_eq!(
        (
            carried["status"].as_str(),
            carried["status_kind"].as_str(),
            carried["carried_from_wave_id"].as_str()
        ),
        ("Dokončeno", "done", "I"),
        "{carried:?}"
    );
    for r in rows.iter().filter(|r| r["status_kind"] == "not-reported") {
        assert_eq!(r["status"], "", "{r:?}");
        assert_eq!(r["as_of"], "", "{r:?}");
    }
    // A reported measure's row carries what the wave said of it.
    let first = rows
        .iter()
        .find(|r| r["wave_id"] == "I" && r["measure_id"] == "1.1.1.1")
        .unwrap();
    assert!(
        !first["status"].is_empty() && !first["as_of"].is_empty(),
        "{first:?}"
    );
}

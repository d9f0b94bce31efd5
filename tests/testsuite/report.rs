//! The printable report of each wave: read back with poppler's tools as a reader's PDF viewer
//! and a screen reader would read it (text, tags, outline), compared with the site's own data.

use crate::support::*;
use milnik::build::{self, Built};

const REPORT: &str = "vlny/prubezne-vyhodnoceni-i/prubezne-vyhodnoceni-i.pdf";

fn ostrava() -> Built {
    build::render_site(&options(&repo_root())).expect("the bundled site builds")
}

/// The rows of one of the site's CSV downloads, by column name.
fn csv_rows(built: &Built, path: &str) -> Vec<std::collections::HashMap<String, String>> {
    let bytes = &built.output.files[path];
    let text = std::str::from_utf8(bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn the_wave_report_has_every_measure_with_its_status_every_indicator_and_the_totals() {
    let built = ostrava();
    let pdf = &built.output.files[REPORT];
    let text = words(pdf);
    // Every measure the wave reports, with the status it gives, as annex B prints it: the
    // measure's heading, then its status.
    let statuses = csv_rows(&built, "data/stavy-opatreni.csv");
    let labels: Vec<&String> = statuses.iter().map(|r| &r["status"]).collect();
    let mut checked = 0;
    for row in statuses
        .iter()
        .filter(|r| r["wave_id"] == "I" && !r["as_of"].is_empty())
    {
        let id = &row["measure_id"];
        let status = &row["status"];
        let after = |i: usize| text[i..].chars().take(400).collect::<String>();
        let card = text
            .match_indices(&format!("{id} "))
            .map(|(i, _)| after(i))
            .find(|card| card.contains("Stav"))
            .unwrap_or_else(|| panic!("measure {id} has no card in the report"));
        // The first status after the measure's heading is its own (poppler reads the card's
        // labels before its values).
        let first = labels
            .iter()
            .filter_map(|l| card.find(l.as_str()).map(|at| (at, l)))
            .min_by_key(|&(at, l)| (at, std::cmp::Reverse(l.len())))
            .map(|(_, l)| l.as_str());
        assert_eq!(first, Some(status.as_str()), "measure {id}: {card:?}");
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} measures reported");
    // Every global indicator with its baseline and its value in the wave.
    for row in csv_rows(&built, "data/globalni-indikatory.csv") {
        let name = dashes_as_hyphens(&row["name"]);
        assert!(text.contains(&name), "indicator `{name}` missing");
        let value = dashes_as_hyphens(&row["text"].replace('\u{a0}', " "));
        if !value.is_empty() {
            assert!(
                text.contains(&value),
                "`{}`: value `{value}` missing",
                row["name"]
            );
        }
    }
    // Each indicator's verdict in this wave, as the open data gives it ("Odpovídá očekávanému
    // trendu" …): the table has as many of each as the wave has.
    let rows = csv_rows(&built, "data/globalni-indikatory.csv");
    let in_wave: Vec<&String> = rows
        .iter()
        .filter(|r| r["observation"] == "I")
        .map(|r| &r["trend"])
        .collect();
    assert_eq!(in_wave.len(), 11);
    for verdict in [
        "Odpovídá očekávanému trendu",
        "Neodpovídá očekávanému trendu",
        "Nelze posoudit",
    ] {
        let expected = in_wave.iter().filter(|v| v.as_str() == verdict).count();
        assert!(expected > 0, "the wave has no `{verdict}`");
        assert_eq!(
            text.matches(verdict).count(),
            expected,
            "`{verdict}` in {text}"
        );
    }
    // The notes under the evaluation's table of global indicators, and its last paragraph
    // (goal 6.2.3's summary).
    for sentence in [
        "Některé hodnoty za rok 2021 jsou ovlivněny pandemií covid-19.",
        "Sčítání domácností v bytové nouzi plánuje MPSV na rok 2025.",
        "Aspoň o jednom z opatření vznikne mediální obsah.",
        "Jak vypadal rok spolupráce mezi Agenturou a Ostravou v uplynulém roce?",
    ] {
        assert!(text.contains(sentence), "`{sentence}` missing");
    }
    // Annex A: the projects' computed total beside the total the evaluation states.
    assert!(text.contains("Celkem 20 178 730 828,51 Kč"), "{text}");
    assert!(
        text.contains("178 730 828,50 Kč"),
        "the stated total is missing"
    );
    // The title page, with the document evaluated named above the plan as the evaluation
    // prints it (the wave's `[report] subtitle`), and the management summary.
    assert!(text.starts_with("STATUTÁRNÍ MĚSTO OSTRAVA Průběžné vyhodnocení I. Popis spolupráce Plán sociálního začleňování Ostrava 2022-2027"), "{text}");
    assert!(text.contains("Manažerské shrnutí Tento dokument slouží k vyhodnocení spolupráce"));
    // Each goal's summary under the evaluation's own heading (`[report] goal_summary`), once
    // per goal the wave sums up.
    let summed_up = page(&built, "vlny/prubezne-vyhodnoceni-i/index.html")
        .matches("class=\"wave-summary\"")
        .count();
    assert!(summed_up >= 10, "{summed_up}");
    assert_eq!(
        text.matches("Shrnutí za rok 2023 a příležitosti v roce 2024")
            .count(),
        summed_up
    );
}

#[test]
fn the_contents_fit_on_one_page_and_the_months_are_bookmarks() {
    let built = ostrava();
    let pdf = &built.output.files[REPORT];
    // Page 2 is the contents, page 3 opens the next chapter.
    let page = |n: &str| {
        let text = poppler("pdftotext", &["-f", n, "-l", n], pdf);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert!(page("2").contains("Obsah"), "{}", page("2"));
    assert!(page("2").contains("Strategický cíl 6.2"), "{}", page("2"));
    let third = page("3");
    assert!(
        third.contains("Seznam zkratek") && !third.contains("Obsah"),
        "{third}"
    );
    // The months are not contents lines but still bookmarks, under the year's chapter.
    assert!(!page("2").contains("leden 2023"), "{}", page("2"));
    let xml = poppler("pdftohtml", &["-xml", "-stdout", "-i", "-q"], pdf);
    let outline = &xml[xml.find("<outline>").expect("the PDF has an outline")..];
    // (The month is typeset with a non-breaking space.)
    assert!(
        outline
            .replace('\u{a0}', " ")
            .contains(">leden 2023</item>"),
        "{outline}"
    );
}

#[test]
fn the_report_is_tagged_titled_in_czech_and_has_an_outline() {
    let built = ostrava();
    let pdf = &built.output.files[REPORT];
    let info = poppler("pdfinfo", &[], pdf);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           Průběžné vyhodnocení I. – Plán sociálního začleňování Ostrava 2022–2027"),
        "{info}"
    );
    assert!(
        info.contains("Author:          Statutární město Ostrava"),
        "{info}"
    );
    // PDF/UA-1, with the document's language in its metadata.
    let meta = poppler("pdfinfo", &["-meta"], pdf);
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    assert!(meta.contains("cs"), "{meta}");
    // Bookmarks: the chapters, and annex B's areas under it.
    let xml = poppler("pdftohtml", &["-xml", "-stdout", "-i", "-q"], pdf);
    let outline = &xml[xml.find("<outline>").expect("the PDF has an outline")..];
    for chapter in [
        "Seznam zkratek",
        "Manažerské shrnutí",
        "Globální indikátory",
        "Příloha A: Čerpání z\u{a0}výzev KPSV+",
        "1 Bydlení",
        "6 Zdraví",
    ] {
        assert!(
            outline.contains(&format!(">{chapter}</item>")),
            "{chapter}: {outline}"
        );
    }
    // The structure tree has headings, tables with header cells and figures with alt text.
    let structure = poppler("pdfinfo", &["-struct"], pdf);
    for tag in ["H1", "Table", "TH", "Figure", "TOC"] {
        assert!(structure.contains(tag), "no {tag} in the structure tree");
    }
}

#[test]
fn two_builds_give_the_same_report_and_the_pages_link_it_with_its_size() {
    // Two copies of the site, so that neither build takes the report from the other's cache.
    let fresh = || {
        let dir = tempfile::tempdir().unwrap();
        let root = repo_root();
        std::fs::copy(root.join("milnik.toml"), dir.path().join("milnik.toml")).unwrap();
        for sub in ["content", "i18n"] {
            copy_tree(&root.join(sub), &dir.path().join(sub));
        }
        let built = build::render_site(&options(dir.path())).expect("the bundled site builds");
        assert!(
            dir.path().join(".milnik-cache/reports").is_dir(),
            "the report is kept"
        );
        built
    };
    let (a, b) = (fresh(), fresh());
    assert!(a.output.files[REPORT] == b.output.files[REPORT]);
    // Built again over its cache, the site gives the same report.
    assert!(ostrava().output.files[REPORT] == a.output.files[REPORT]);
    let _czech = czech();
    let size = milnik::open_data::file_size(a.output.files[REPORT].len()).replace('\u{a0}', " ");
    for page_path in [
        "vlny/prubezne-vyhodnoceni-i/index.html",
        "index.html",
        "data/index.html",
    ] {
        let html = page(&a, page_path);
        assert!(
            html.contains(&format!("href=\"/{REPORT}\" download")),
            "{page_path} does not link the report"
        );
        assert!(
            html.contains(&format!("PDF, {size})")),
            "{page_path}: no size {size}"
        );
    }
}

#[test]
fn the_report_cache_keeps_only_the_reports_of_the_last_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    std::fs::copy(root.join("milnik.toml"), dir.path().join("milnik.toml")).unwrap();
    for sub in ["content", "i18n"] {
        copy_tree(&root.join(sub), &dir.path().join(sub));
    }
    let kept = || -> Vec<std::path::PathBuf> {
        let mut files: Vec<_> = std::fs::read_dir(dir.path().join(".milnik-cache/reports"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    };
    let first = build::render_site(&options(dir.path())).expect("the site builds");
    let before = kept();
    assert_eq!(before.len(), 1, "{before:?}");
    // The wave's summary edited: its report is laid out again, and the old one goes.
    let wave = dir.path().join("content/waves/1-prubezne-vyhodnoceni.toml");
    let text = std::fs::read_to_string(&wave).unwrap();
    let edited = text.replacen("Tento dokument slouží", "Tento dokument nově slouží", 1);
    assert_ne!(text, edited);
    std::fs::write(&wave, edited).unwrap();
    let second = build::render_site(&options(dir.path())).expect("the site builds");
    let after = kept();
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(before, after, "the edited wave has a new report");
    assert!(first.output.files[REPORT] != second.output.files[REPORT]);
}

/// A copy of the bundled site whose own `report/report.typ` has a mistake on line 3.
fn site_with_broken_report() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    std::fs::copy(root.join("milnik.toml"), dir.path().join("milnik.toml")).unwrap();
    for sub in ["content", "i18n"] {
        copy_tree(&root.join(sub), &dir.path().join(sub));
    }
    let report = dir.path().join("report");
    std::fs::create_dir_all(&report).unwrap();
    std::fs::write(
        report.join("report.typ"),
        "#let data = json(\"/data.json\")\n= #data.title\n#text(size: data.missing)[x]\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_mistake_in_the_report_template_is_reported_at_its_line_and_serve_still_serves() {
    let dir = site_with_broken_report();
    let err = build::build(&options(dir.path()))
        .err()
        .expect("the build fails");
    let message = err.to_string();
    assert!(
        message.contains("report/report.typ:3:"),
        "no file and line in:\n{message}"
    );
    assert!(message.contains("missing"), "{message}");
    // `serve` builds and serves the site, and reports the report's mistake beside it.
    let mut session = milnik::incremental::Session::new(options(dir.path()));
    session.rebuild_all().expect("the site itself builds");
    let update = session
        .refresh_reports_now()
        .expect("the reports were laid out");
    let rendered: Vec<String> = update.warnings.0.iter().map(|d| d.to_string()).collect();
    assert!(
        rendered.iter().any(|d| d.contains("report/report.typ:3:")),
        "{rendered:?}"
    );
    let output = session.output();
    let output = output.read().unwrap();
    assert!(output
        .files
        .contains_key("vlny/prubezne-vyhodnoceni-i/index.html"));
    assert!(!output.files.contains_key(REPORT));
}

#[test]
fn a_site_without_waves_has_no_report_and_no_link() {
    let dir = site_copy("minimal");
    let waves = dir.path().join("content/waves");
    if waves.is_dir() {
        std::fs::remove_dir_all(&waves).unwrap();
    }
    let built = build::render_site(&options(dir.path())).expect("builds");
    assert!(!built.output.files.keys().any(|p| p.ends_with(".pdf")));
    assert!(!page(&built, "index.html").contains(".pdf"));
}

#[test]
fn an_english_site_gets_an_english_report_with_its_annexes_lettered_in_order() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("plan");
    let (ok, stdout, stderr) = run_cli(
        &["init", dir.to_str().unwrap(), "--language", "en"],
        parent.path(),
    );
    assert!(ok, "{stdout}{stderr}");
    let (ok, stdout, stderr) = run_cli(&["build"], &dir);
    assert!(ok, "{stdout}{stderr}");
    let pdf = std::fs::read(dir.join("public/evaluations/evaluation-2025/evaluation-2025.pdf"))
        .expect("the wave's report");
    let text = words(&pdf);
    assert!(text.contains("Contents"), "{text}");
    // The sample has no funded projects: the measures are annex A, and there is no annex B.
    assert!(
        text.contains("Annex A: Evaluation of the measures - Action Plan 2025-2026"),
        "{text}"
    );
    assert!(!text.contains("Annex B"), "{text}");
    let czech = "ěščřžýáíéůúňťďĚŠČŘŽÝÁÍÉŮÚŇŤĎ";
    assert!(
        !text.chars().any(|c| czech.contains(c)),
        "Czech in the English report: {text}"
    );
}

/// The three-wave fixture with `[reports] waves = "<waves>"` in its milnik.toml, built.
fn three_waves_reporting(waves: &str) -> Built {
    let dir = site_copy("three-waves");
    let config = dir.path().join("milnik.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!("\n[reports]\nwaves = \"{waves}\"\n"));
    std::fs::write(&config, text).unwrap();
    build::render_site(&options(dir.path())).expect("the site builds")
}

fn pdfs(built: &Built) -> Vec<&str> {
    let mut pdfs: Vec<&str> = built
        .output
        .files
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    pdfs.sort();
    pdfs
}

#[test]
fn a_site_chooses_which_waves_get_a_report() {
    let all = three_waves_reporting("all");
    assert_eq!(pdfs(&all).len(), 3, "{:?}", pdfs(&all));
    // Only the newest wave: its report, and the older waves' pages link none.
    let latest = three_waves_reporting("latest");
    let newest = "vlny/prubezne-vyhodnoceni-iii/prubezne-vyhodnoceni-iii.pdf";
    assert!(pdfs(&all).contains(&newest), "{:?}", pdfs(&all));
    assert_eq!(pdfs(&latest), [newest]);
    assert!(latest.output.files[newest] == all.output.files[newest]);
    assert!(page(&latest, "vlny/prubezne-vyhodnoceni-iii/index.html").contains(newest));
    assert!(!page(&latest, "vlny/prubezne-vyhodnoceni-i/index.html").contains(".pdf"));
    assert!(page(&all, "vlny/prubezne-vyhodnoceni-i/index.html").contains(".pdf"));
    // None: no PDF anywhere, and no page links one.
    let none = three_waves_reporting("none");
    assert!(pdfs(&none).is_empty());
    assert!(!none
        .output
        .files
        .iter()
        .any(|(p, b)| p.ends_with(".html") && String::from_utf8_lossy(b).contains(".pdf")));
}

/// A word as `pdftotext -bbox` places it: its text and its box in points.
struct PlacedWord {
    text: String,
    x: (f64, f64),
    y: (f64, f64),
}

/// Each page's size and words, as `pdftotext -bbox` reads them.
fn placed_words(pdf: &[u8]) -> Vec<((f64, f64), Vec<PlacedWord>)> {
    let xml = poppler("pdftotext", &["-bbox"], pdf);
    let number = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            let size = (number(page, "width"), number(page, "height"));
            let words = page
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let text = w.split('>').nth(1).unwrap().split('<').next().unwrap();
                    PlacedWord {
                        text: text.to_string(),
                        x: (number(w, "xMin"), number(w, "xMax")),
                        y: (number(w, "yMin"), number(w, "yMax")),
                    }
                })
                .collect();
            (size, words)
        })
        .collect()
}

#[test]
fn annex_a_is_printed_landscape_grouped_by_area_and_no_two_words_of_the_report_overlap() {
    let built = ostrava();
    let pdf = &built.output.files[REPORT];
    let pages = placed_words(pdf);
    // No word is printed over another (a registration number once ran over the budgets).
    for (n, (_, words)) in pages.iter().enumerate() {
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                let shared_y = a.y.1.min(b.y.1) - a.y.0.max(b.y.0);
                let shared_x = a.x.1.min(b.x.1) - a.x.0.max(b.x.0);
                let height = (a.y.1 - a.y.0).min(b.y.1 - b.y.0);
                assert!(
                    shared_y < height / 2.0 || shared_x < 0.5,
                    "page {}: `{}` and `{}` overlap",
                    n + 1,
                    a.text,
                    b.text
                );
            }
        }
    }
    // Annex A's pages are landscape, and only they: its table has six columns.
    let landscape: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, ((w, h), _))| w > h)
        .map(|(n, _)| n)
        .collect();
    assert!(!landscape.is_empty());
    for &n in &landscape {
        let text: Vec<&str> = pages[n].1.iter().map(|w| w.text.as_str()).collect();
        assert!(text.contains(&"Rozpočet"), "page {}: {text:?}", n + 1);
    }
    // Its rows under a row naming their area, each measure with its title, as the evaluation
    // prints them (read as laid out: poppler's reading order puts cells that span the table
    // after the columns).
    let layout = poppler("pdftotext", &["-layout"], pdf);
    let lines: Vec<&str> = layout
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (area, first) in [
        (
            "2 Prevence kriminality",
            "2.1.1.1 Zachování a rozšíření programu domovník-preventista",
        ),
        (
            "6 Zdraví",
            "6.2.1.1 Rozšíření služby zdravotně-sociální pomoci",
        ),
    ] {
        let at = lines.iter().position(|l| *l == area);
        let next = at
            .and_then(|i| lines.get(i + 1))
            .copied()
            .unwrap_or_default();
        assert!(
            next.starts_with(first),
            "`{area}` is not above `{first}`: {layout}"
        );
    }
}

#[test]
fn footnotes_stand_at_the_foot_of_their_page_and_addresses_keep_their_hyphens() {
    let built = ostrava();
    let pdf = &built.output.files[REPORT];
    let pages = placed_words(pdf);
    // The source of the crime figures (a Markdown footnote of the indicators' comments) and a
    // goal value's note (footnote 7 of the evaluation) each sit below the page's text, above
    // its page number.
    for opening in ["Zdroj:", "Započítán"] {
        // The footnote's number is set before its first word.
        let (n, word) = pages
            .iter()
            .enumerate()
            .find_map(|(n, (_, words))| {
                words
                    .iter()
                    .find(|w| w.text.trim_start_matches(|c: char| c.is_ascii_digit()) == opening)
                    .map(|w| (n, w))
            })
            .unwrap_or_else(|| panic!("`{opening}` is not in the report"));
        let height = pages[n].0 .1;
        assert!(
            word.y.0 > height * 0.7,
            "page {}: the note `{opening}` stands at {} of {height} pt",
            n + 1,
            word.y.0
        );
    }
    // An address broken at its hyphen is not given a second hyphen on the next line (Czech
    // repeats a hyphen that way in words, never in an address). Read as laid out: poppler
    // joins a word broken at a line's end without its hyphen.
    let layout = poppler("pdftotext", &["-layout"], pdf);
    let lines: Vec<&str> = layout.lines().map(str::trim).collect();
    assert!(
        !lines.iter().any(|l| l.starts_with("-zamestnanosti")),
        "{layout}"
    );
    assert!(
        lines
            .concat()
            .contains("podniky-polozily-zaklad-pro-lokalni-sit-zamestnanosti/"),
        "{layout}"
    );
    // Such an address is tagged as of no language ("und"), never as another one: a screen
    // reader keeps the document's Czech voice.
    let raw = String::from_utf8_lossy(pdf);
    let langs: std::collections::BTreeSet<&str> = raw
        .split("/Lang")
        .skip(1)
        .filter_map(|rest| rest.trim_start().strip_prefix('(')?.split(')').next())
        .collect();
    assert_eq!(langs, ["cs", "und"].into_iter().collect(), "{langs:?}");
}

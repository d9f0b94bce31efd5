//! What `import` and `build` say about their own work — the command line's options, the files
//! they would write, the system's errors — read in Czech on a Czech site, as its editors run
//! the binary (no `MILNIK_LANG`). The rows' mistakes are `import::a_file_with_mistakes_…`.

use std::path::Path;

use crate::bad_input::assert_snapshot;
use crate::import::{
    col, exported_template, filled_in_czech_excel, import_args, ostrava_copy, write_csv,
};
use crate::support::fixture;

/// Runs the binary in Czech, as on a Czech site: (success, stdout, stderr).
fn run_czech(args: &[&str], cwd: &Path) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_milnik"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("MILNIK_LANG")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every refusal of `import wave` on the command line's account, one run each: the snapshot
/// `import/prikazy.cs.snap` is what the editor reads; nothing is written by any of them.
#[test]
fn the_import_commands_own_messages_are_czech_on_a_czech_site() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    let mut rows = exported_template(root);
    filled_in_czech_excel(&mut rows);
    std::fs::write(root.join("vyplneno.csv"), write_csv(&rows, b';', true)).unwrap();
    let (ok, out, err) = run_czech(&import_args("vyplneno.csv", &[]), root);
    assert!(ok, "{err}");
    assert!(out.starts_with("Vytvořen content/waves/2-"), "{out}");
    let path = root.join("content/waves/2-prubezne-vyhodnoceni-ii.toml");
    let wave = std::fs::read_to_string(&path).unwrap();
    // The header the editors complete the file by is in their language.
    assert!(
        wave.starts_with("# Průběžné vyhodnocení II. (vytvořeno příkazem `milnik import wave` z tabulky vyplneno.csv).\n# Nevyplněné řádky tabulky v tomto souboru nejsou."),
        "{wave}"
    );
    assert!(wave.contains("\n# Globální indikátory\n"), "{wave}");
    let header = wave.split("\nid = ").next().unwrap();
    assert!(
        header.lines().skip(1).all(|l| l.chars().count() <= 93),
        "a header line is too long:\n{header}"
    );

    // A wave that no longer reports the crime index, for the rewrite below.
    let mut fewer = rows.clone();
    let row = fewer
        .iter_mut()
        .find(|r| r[1] == "index-kriminality")
        .unwrap();
    for key in ["value", "rank", "period"] {
        row[col(key)] = String::new();
    }
    std::fs::write(root.join("mene.csv"), write_csv(&fewer, b';', true)).unwrap();
    std::fs::write(root.join("nahled.toml"), "x").unwrap();
    let empty: Vec<Vec<String>> = exported_template(root);
    std::fs::write(root.join("prazdna.csv"), write_csv(&empty, b';', true)).unwrap();

    let other_wave = "content/waves/1-prubezne-vyhodnoceni.toml";
    let runs: [&[&str]; 10] = [
        &["import", "wave", "chybi.csv"],
        &["import", "wave", "vyplneno.csv"],
        &["import", "wave", "mene.csv", "--force"],
        &[
            "import",
            "wave",
            "mene.csv",
            "--id",
            "I",
            "--published",
            "2025-13",
        ],
        &["import", "wave", "mene.csv", "--id", " ", "--title", "!!!"],
        &["import", "wave", "mene.csv", "--output", "nahled.toml"],
        &[
            "import", "wave", "mene.csv", "--id", "II", "--force", "--output", other_wave,
        ],
        &[
            "import",
            "wave",
            "mene.csv",
            "--title",
            "Průběžné vyhodnocení II.",
        ],
        &["import", "wave", "prazdna.csv"],
        &["import", "wave", "mene.csv", "--id", "II", "--force"],
    ];
    let before = std::fs::read_to_string(&path).unwrap();
    let mut shown = String::new();
    for (i, args) in runs.iter().enumerate() {
        let (ok, _, err) = run_czech(args, root);
        // Only the last, the rewrite with --id and --force, succeeds (with a warning).
        assert_eq!(ok, i == runs.len() - 1, "{args:?}:\n{err}");
        if !ok {
            assert_eq!(std::fs::read_to_string(&path).unwrap(), before, "{args:?}");
        }
        let shown_args: Vec<String> = args
            .iter()
            .map(|a| match a.contains(' ') || a.trim().is_empty() {
                true => format!("\"{a}\""),
                false => a.to_string(),
            })
            .collect();
        shown.push_str(&format!("$ milnik {}\n{err}\n", shown_args.join(" ")));
    }
    assert_snapshot(&fixture("import").join("prikazy.cs.snap"), &shown);

    for expected in [
        "chyba: chybi.csv: soubor nelze přečíst: soubor nebo složka neexistuje",
        "chyba: vyplneno.csv: údaje této tabulky už jsou ve vlně II (Průběžné vyhodnocení II., content/waves/2-prubezne-vyhodnoceni-ii.toml): všechny stavy i hodnoty jsou stejné; nic nebylo zapsáno",
        "chyba: --force: --force přepíše existující vlnu, a proto je třeba ji určit pomocí --id; nic nebylo zapsáno",
        "chyba: --id: web už má vlnu s ID `I` (Průběžné vyhodnocení I., content/waves/1-prubezne-vyhodnoceni.toml)",
        "chyba: --id: ID vlny je prázdné",
        "chyba: --title: z názvu „!!!“ nelze vytvořit název souboru",
        "chyba: nahled.toml: soubor už existuje; nic nebylo zapsáno\n  = rada: zvolte jiný soubor pomocí --output, nebo ho nahraďte: přidejte --id III --force",
        "chyba: content/waves/1-prubezne-vyhodnoceni.toml: v tomto souboru je vlna I (Průběžné vyhodnocení I.); nic nebylo zapsáno",
        "chyba: prazdna.csv: v tabulce není vyplněný žádný řádek; nic nebylo zapsáno",
        "chyba: --title: vlna II už má adresu `prubezne-vyhodnoceni-ii`, která z tohoto názvu vznikne",
        "varování: content/waves/2-prubezne-vyhodnoceni-ii.toml: v souboru zůstalo, co tato tabulka neuvádí: hodnota globálního indikátoru `index-kriminality`",
    ] {
        assert!(shown.contains(expected), "`{expected}` missing:\n{shown}");
    }
    assert!(!shown.contains(" error"), "English in:\n{shown}");
}

/// A build whose output folder cannot be made (a file has its parent's name) says why in
/// Czech, not in the system's English.
#[test]
fn a_build_that_cannot_write_says_why_in_czech() {
    let site_dir = ostrava_copy();
    let root = site_dir.path();
    std::fs::write(root.join("soubor"), "x").unwrap();
    let (ok, _, err) = run_czech(&["build", "--output", "soubor/web"], root);
    assert!(!ok);
    assert!(
        err.starts_with("chyba: web nelze zapsat do složky ./soubor/web: soubor s tímto názvem už existuje\n  = rada: zkontrolujte, že je na disku místo"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

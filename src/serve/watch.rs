//! Watching a site's inputs for `serve`: which directories to watch, what a changed path means
//! for the build ([`classify`]), and which paths are editors' own temporary, swap and backup
//! files that must never trigger a rebuild ([`is_editor_noise`]).
//!
//! notify's debouncer (notify-debouncer-full) turns the several events of one save (write to a
//! temporary file, rename over the original, chmod, delete the backup) into one batch; the
//! serve loop turns each batch into one set of [`Change`]s and one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::config::CONFIG_FILE;
use crate::content::{self, CONTENT_DIR};
use crate::incremental::Change;

/// How long the debouncer waits after the last event of a path before reporting it. Editors'
/// save sequences take a few milliseconds; this is long enough to see them whole and short
/// enough to keep the preview well under 100 ms behind the save.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// Whether a file name is one an editor or the system writes beside the real file: swap, backup,
/// lock and temporary files (vim, emacs, JetBrains, VS Code, gedit/GNOME, Office, macOS,
/// Windows) and hidden files in general.
pub fn is_editor_noise(name: &str) -> bool {
    const SUFFIXES: [&str; 13] = [
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".swpx",
        ".tmp",
        ".temp",
        ".bak",
        ".orig",
        ".part",
        ".crdownload",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name.is_empty()
        || name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name == "4913" // vim's probe for whether it may create files in the directory
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || SUFFIXES.iter().any(|s| name.ends_with(s))
        // `article.md.sb-1a2b3c`: a temporary file named after the real one.
        || name.contains(".md.")
        || name.contains(".toml.")
}

/// What a change of `path` (absolute, or relative to `root`) means for the site at `root`
/// with theme `theme`; `None` when it does not concern the build.
pub fn classify(root: &Path, theme: &str, path: &Path) -> Option<Change> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<&str> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    let (name, dirs) = parts.split_last()?;
    if is_editor_noise(name) || dirs.iter().any(|d| d.starts_with('.')) {
        return None;
    }
    let rest = |n: usize| parts[n..].join("/");
    match parts.as_slice() {
        [CONFIG_FILE] => Some(Change::Config),
        [CONTENT_DIR] => Some(Change::Tree),
        [CONTENT_DIR, ..] => {
            let inside: PathBuf = parts[1..].iter().collect();
            match content::classify(&inside) {
                Some(_) => Some(Change::Content(inside)),
                // A directory added, removed or renamed: its files may have come or gone
                // without an event of their own.
                None if Path::new(name).extension().is_none() => Some(Change::Tree),
                None => None,
            }
        }
        ["templates"] | ["static"] => Some(Change::Tree),
        // Translations are used by every page: a change rebuilds everything.
        [crate::i18n::DIR, ..] => Some(Change::Translations),
        ["themes", t, crate::i18n::DIR, ..] if *t == theme => Some(Change::Translations),
        ["report", _, ..] => Some(Change::Report),
        ["themes", t, "report", _, ..] if *t == theme => Some(Change::Report),
        ["templates", _, ..] => Some(Change::Template(rest(1))),
        ["static", _, ..] => Some(Change::Static(rest(1))),
        ["themes", t, "templates", _, ..] if *t == theme => Some(Change::Template(rest(3))),
        ["themes", t, "static", _, ..] if *t == theme => Some(Change::Static(rest(3))),
        ["themes", t, ..] if *t == theme => Some(Change::Tree),
        _ => None,
    }
}

/// The changes of one debounced batch of file events, without duplicates.
pub fn changes(root: &Path, theme: &str, paths: impl IntoIterator<Item = PathBuf>) -> Vec<Change> {
    let set: BTreeSet<Change> = paths
        .into_iter()
        .filter_map(|p| classify(root, theme, &p))
        .collect();
    set.into_iter().collect()
}

/// Whether an event can change what a file holds. Reading files (the build itself does) and
/// changing their permissions or times does not.
fn changes_content(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
            | EventKind::Any
    )
}

/// A running watcher of a site's inputs; drop it to stop watching.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watches the site at `root` (canonical), handing each debounced batch of changed paths
    /// to `changed`.
    pub fn start(
        root: &Path,
        changed: impl Fn(Vec<PathBuf>) + Send + 'static,
    ) -> notify::Result<Watcher> {
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let paths: Vec<PathBuf> = match result {
                Ok(events) => events
                    .into_iter()
                    .filter(|e| changes_content(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .collect(),
                // Lost events (an overflowing queue): read everything again.
                Err(_) => vec![PathBuf::from(CONTENT_DIR)],
            };
            if !paths.is_empty() {
                changed(paths);
            }
        })?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        // The site directory itself, not recursively: milnik.toml, and `templates/`, `static/`
        // or `i18n/` appearing later.
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watcher.watch_new_directories();
        Ok(watcher)
    }

    /// Starts watching the input directories that exist now and were not watched yet (call
    /// after a rebuild, since `templates/`, `static/` or `i18n/` may have been created).
    pub fn watch_new_directories(&mut self) {
        for dir in [
            "content",
            "themes",
            "templates",
            "static",
            "report",
            crate::i18n::DIR,
        ] {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                if self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
                {
                    self.watched.insert(path);
                }
            } else if !path.is_dir() && self.watched.remove(&path) {
                let _ = self.debouncer.unwatch(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified_by_place() {
        let root = Path::new("/site");
        let c = |p: &str| classify(root, "default", &root.join(p));
        let cases: &[(&str, Option<Change>)] = &[
            ("milnik.toml", Some(Change::Config)),
            (
                "content/articles/novy.md",
                Some(Change::Content("articles/novy.md".into())),
            ),
            (
                "content/articles/2024/novy.md",
                Some(Change::Content("articles/2024/novy.md".into())),
            ),
            (
                "content/waves/1-vlna.toml",
                Some(Change::Content("waves/1-vlna.toml".into())),
            ),
            (
                "content/plan.toml",
                Some(Change::Content("plan.toml".into())),
            ),
            ("content/articles/2024", Some(Change::Tree)),
            ("content", Some(Change::Tree)),
            (
                "templates/article.html",
                Some(Change::Template("article.html".into())),
            ),
            (
                "templates/shortcodes/measure.html",
                Some(Change::Template("shortcodes/measure.html".into())),
            ),
            ("static/style.css", Some(Change::Static("style.css".into()))),
            (
                "static/img/logo.svg",
                Some(Change::Static("img/logo.svg".into())),
            ),
            (
                "themes/default/templates/base.html",
                Some(Change::Template("base.html".into())),
            ),
            (
                "themes/default/static/style.css",
                Some(Change::Static("style.css".into())),
            ),
            ("templates", Some(Change::Tree)),
            ("i18n/en.toml", Some(Change::Translations)),
            ("i18n", Some(Change::Translations)),
            ("themes/default/i18n/cs.toml", Some(Change::Translations)),
            ("i18n/.en.toml.swp", None),
            // Not inputs of this site's build.
            ("themes/other/templates/base.html", None),
            ("themes/other/i18n/cs.toml", None),
            ("public/index.html", None),
            ("target/debug/milnik", None),
            ("README.md", None),
            (".git/index", None),
            ("content/articles/notes.txt", None),
            ("content/.git/HEAD", None),
        ];
        for (path, expected) in cases {
            assert_eq!(&c(path), expected, "{path}");
        }
    }

    #[test]
    fn editors_temporary_swap_and_backup_files_are_ignored() {
        let noise = [
            ".novy.md.swp",        // vim swap
            ".novy.md.swx",        // vim swap, second
            "novy.md~",            // vim/emacs backup
            "4913",                // vim write probe
            "#novy.md#",           // emacs auto-save
            ".#novy.md",           // emacs lock
            "novy.md___jb_tmp___", // JetBrains safe write
            "novy.md___jb_old___",
            ".goutputstream-AB12CD", // gedit / GNOME
            "novy.md.tmp",
            "novy.md.tmp.1234.5678", // write-to-temp-then-rename (many tools)
            "novy.md.sb-1a2b3c-XyZ", // macOS safe save
            "~$novy.docx",           // Office lock
            ".DS_Store",
            "Thumbs.db",
            "novy.md.bak",
            "novy.md.orig",
            "style.css.crdownload",
        ];
        for name in noise {
            assert!(is_editor_noise(name), "{name} should be ignored");
            let path = format!("/site/content/articles/{name}");
            assert_eq!(
                classify(Path::new("/site"), "default", Path::new(&path)),
                None,
                "{path}"
            );
        }
        for real in ["novy.md", "1-vlna.toml", "style.css", "o-planu.md"] {
            assert!(!is_editor_noise(real), "{real} is a real file");
        }
    }

    #[test]
    fn one_save_gives_one_change() {
        // JetBrains-style safe write: temp file, rename over the original, delete the backup;
        // several events for the same file collapse into one change.
        let root = Path::new("/site");
        let events = [
            "/site/content/articles/novy.md___jb_tmp___",
            "/site/content/articles/novy.md___jb_old___",
            "/site/content/articles/novy.md",
            "/site/content/articles/novy.md",
            "/site/content/articles/.novy.md.swp",
        ];
        let changes = changes(root, "default", events.iter().map(PathBuf::from));
        assert_eq!(changes, [Change::Content("articles/novy.md".into())]);
    }
}

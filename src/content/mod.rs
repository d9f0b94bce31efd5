//! Stage 1 of the build: reading `content/` into the raw structs of [`schema`]. Owns the layout
//! of the content directory and the splitting of front matter from Markdown. Every file is read
//! and parsed even when others fail, so all syntax problems surface in one run.

pub mod schema;
mod tree;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use schema::{
    AreaEditionFile, AreaFile, ArticleFrontMatter, IndicatorsFile, PageFrontMatter, PlanFile,
    WaveFile,
};
pub use tree::LevelKeys;

pub const CONTENT_DIR: &str = "content";

/// A parsed file together with its source, kept for pointing at problems later.
#[derive(Debug)]
pub struct Loaded<T> {
    pub source: SourceFile,
    pub data: T,
}

/// A Markdown file with TOML front matter. `source` holds only the front matter (with the
/// right line offset), so spans from the TOML parser map to real lines.
#[derive(Debug)]
pub struct MarkdownFile<T> {
    /// The front matter, for messages about it.
    pub source: SourceFile,
    pub front_matter: T,
    pub body: String,
    /// Lines of the file before the body (the front matter and its `+++` lines), for messages
    /// about the body.
    pub body_line_offset: usize,
    /// The file's stem, the default slug.
    pub stem: String,
    /// A fingerprint of the whole file, to tell whether it changed between two builds.
    pub hash: u64,
}

/// A fingerprint of some text, stable within one run of milnik. XXH3 rather than the
/// standard library's SipHash: every content file is fingerprinted whole on each build, and
/// SipHash over 10,000 articles was 1.5 % of the build's instructions.
pub fn fingerprint(text: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    text.hash(&mut h);
    h.finish()
}

/// Everything under `content/`, parsed but not yet linked.
#[derive(Debug, Default)]
pub struct Content {
    pub plan: Option<Loaded<PlanFile>>,
    pub indicators: Option<Loaded<IndicatorsFile>>,
    pub areas: Vec<Loaded<AreaFile>>,
    /// What later action plans say about the areas: `content/action-plans/<id>/*.toml`, by
    /// path (so by action plan, then area).
    pub editions: Vec<Loaded<AreaEditionFile>>,
    pub waves: Vec<Loaded<WaveFile>>,
    pub articles: Vec<MarkdownFile<ArticleFrontMatter>>,
    pub pages: Vec<MarkdownFile<PageFrontMatter>>,
}

/// What a file under `content/` is, judged by its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentKind {
    Plan,
    Indicators,
    Area,
    /// An area as a later action plan prints it.
    AreaEdition,
    Wave,
    Article,
    Page,
}

/// Classifies a path relative to `content/`. Pure, so the watcher can use it too.
pub fn classify(relative: &Path) -> Option<ContentKind> {
    let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
    let ext = relative.extension().and_then(|e| e.to_str());
    match (parts.as_slice(), ext) {
        (["plan.toml"], _) => Some(ContentKind::Plan),
        (["indicators.toml"], _) => Some(ContentKind::Indicators),
        (["areas", _], Some("toml")) => Some(ContentKind::Area),
        (["action-plans", _, _], Some("toml")) => Some(ContentKind::AreaEdition),
        (["waves", _], Some("toml")) => Some(ContentKind::Wave),
        (["articles", ..], Some("md")) => Some(ContentKind::Article),
        (["pages", ..], Some("md")) => Some(ContentKind::Page),
        _ => None,
    }
}

/// Turns a file's bytes into text, reporting non-UTF-8 and empty files; drops a byte-order mark.
/// Checked with SIMD (simdutf8): the standard library's check goes a character at a time
/// through Czech text, and was 2 % of a 10,000-article build.
fn decode_text(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    let text = match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: simdutf8 has just checked that `bytes` are UTF-8.
        Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        // The standard library says where the first bad byte is.
        Err(_) => String::from_utf8(bytes),
    };
    let text = text.map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
        let (loc, line) = SourceFile::new(shown, text).locate(offset);
        let mut d = Diagnostic::error(shown, crate::msg!("content.not_utf8"))
            .with_hint(crate::msg!("content.not_utf8_windows"));
        d.location = Some(loc);
        d.source_line = Some(line);
        d
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::error(shown, crate::msg!("content.empty"))
            .with_hint(crate::msg!("content.empty_hint")));
    }
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

fn parse_toml<T: DeserializeOwned>(source: SourceFile) -> Result<Loaded<T>, Diagnostic> {
    match toml::from_str::<T>(&source.text) {
        Ok(data) => Ok(Loaded { source, data }),
        Err(err) => Err(source.toml_error(&err)),
    }
}

/// Splits `+++\n<toml>\n+++\n<markdown>`; returns the front matter, the body and the number of
/// the line the front matter starts on (0-based).
pub fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

fn parse_markdown<T: DeserializeOwned>(
    shown: &Path,
    text: String,
) -> Result<MarkdownFile<T>, Diagnostic> {
    let stem = shown
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let Some((front, body)) = split_front_matter(&text) else {
        let (loc, line) = SourceFile::new(shown, text.clone()).locate(0);
        let opened = text.starts_with("+++\n") || text.starts_with("+++\r\n");
        let mut d = if opened {
            Diagnostic::error(shown, crate::msg!("content.front_matter_unclosed"))
                .with_hint(crate::msg!("content.front_matter_unclosed_hint"))
        } else {
            Diagnostic::error(shown, crate::msg!("content.front_matter_missing")).with_hint(
                if text.starts_with("---") {
                    crate::msg!("content.front_matter_yaml")
                } else {
                    crate::msg!("content.front_matter_start")
                },
            )
        };
        d.location = Some(loc);
        d.source_line = Some(line);
        return Err(d);
    };
    let mut source = SourceFile::new(shown, front);
    source.line_offset = 1;
    let body_line_offset = text[..text.len() - body.len()].matches('\n').count();
    let hash = fingerprint(&text);
    match toml::from_str::<T>(front) {
        Ok(front_matter) => Ok(MarkdownFile {
            body: body.to_string(),
            body_line_offset,
            source,
            front_matter,
            stem,
            hash,
        }),
        Err(err) => Err(source.toml_error(&err)),
    }
}

fn parse_area<T: DeserializeOwned>(
    source: SourceFile,
    keys: &LevelKeys,
) -> Result<Loaded<T>, Diagnostic> {
    let data = tree::parse_tree(&source, keys)?;
    Ok(Loaded { source, data })
}

/// One parsed content file, of any kind.
pub enum Parsed {
    Plan(Loaded<PlanFile>),
    Indicators(Loaded<IndicatorsFile>),
    Area(Loaded<AreaFile>),
    AreaEdition(Loaded<AreaEditionFile>),
    Wave(Loaded<WaveFile>),
    Article(MarkdownFile<ArticleFrontMatter>),
    Page(MarkdownFile<PageFrontMatter>),
}

/// Reads and parses one content file, given by its path relative to `content/`; area files
/// are read with the plan's level keys.
pub fn parse_one(
    root: &Path,
    relative: &Path,
    kind: ContentKind,
    keys: &LevelKeys,
) -> Result<Parsed, Diagnostic> {
    parse_read(
        relative,
        kind,
        std::fs::read(root.join(CONTENT_DIR).join(relative)),
        keys,
    )
}

/// Parses what reading the content file at `relative` gave, reporting unreadable, non-UTF-8
/// and empty files.
fn parse_read(
    relative: &Path,
    kind: ContentKind,
    read: std::io::Result<Vec<u8>>,
    keys: &LevelKeys,
) -> Result<Parsed, Diagnostic> {
    let shown = Path::new(CONTENT_DIR).join(relative);
    let bytes = read.map_err(|e| {
        Diagnostic::error(
            &shown,
            crate::msg!(
                "content.unreadable",
                reason = crate::messages::io_reason(&e)
            ),
        )
    })?;
    parse_text(&shown, kind, decode_text(bytes, &shown)?, keys)
}

/// Parses the bytes of one content file that is not on disk (fuzzing, tests); `shown` is its
/// path for messages ("content/waves/1.toml").
/// Area files are read with the default level keys.
pub fn parse_bytes(shown: &Path, kind: ContentKind, bytes: Vec<u8>) -> Result<Parsed, Diagnostic> {
    parse_text(
        shown,
        kind,
        decode_text(bytes, shown)?,
        &LevelKeys::default(),
    )
}

fn parse_text(
    shown: &Path,
    kind: ContentKind,
    text: String,
    keys: &LevelKeys,
) -> Result<Parsed, Diagnostic> {
    let shown = shown.to_path_buf();
    let source = |text| SourceFile::new(shown.clone(), text);
    Ok(match kind {
        ContentKind::Plan => Parsed::Plan(parse_toml(source(text))?),
        ContentKind::Indicators => Parsed::Indicators(parse_toml(source(text))?),
        ContentKind::Area => Parsed::Area(parse_area(source(text), keys)?),
        ContentKind::AreaEdition => Parsed::AreaEdition(parse_area(source(text), keys)?),
        ContentKind::Wave => Parsed::Wave(parse_toml(source(text))?),
        ContentKind::Article => Parsed::Article(parse_markdown(&shown, text)?),
        ContentKind::Page => Parsed::Page(parse_markdown(&shown, text)?),
    })
}

/// Lists the content files in a stable order (sorted by path).
fn content_files(root: &Path) -> (Vec<(PathBuf, ContentKind)>, Diagnostics) {
    let dir = root.join(CONTENT_DIR);
    let mut files = Vec::new();
    let mut diagnostics = Diagnostics::default();
    if !dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(CONTENT_DIR, crate::msg!("content.no_dir"))
                .with_hint(crate::msg!("content.no_dir_hint")),
        );
        return (files, diagnostics);
    }
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                diagnostics.push(Diagnostic::error(
                    CONTENT_DIR,
                    crate::msg!(
                        "content.unlistable",
                        reason = crate::messages::walk_reason(&err)
                    ),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let name = relative.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Editors' swap, backup and hidden files are not content.
        if name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".bak")
        {
            continue;
        }
        match classify(relative) {
            Some(kind) => files.push((relative.to_path_buf(), kind)),
            None => diagnostics.push(
                Diagnostic::warning(
                    Path::new(CONTENT_DIR).join(relative),
                    crate::msg!("content.ignored"),
                )
                .with_hint(crate::msg!("content.ignored_hint")),
            ),
        }
    }
    (files, diagnostics)
}

/// Reads and parses every content file (in parallel); problems are returned with the content
/// that did parse.
pub fn load(root: &Path) -> (Content, Diagnostics) {
    let (files, mut diagnostics) = content_files(root);
    // plan.toml first: its levels say how the area files name their tables.
    let plan = files
        .iter()
        .find(|(_, kind)| *kind == ContentKind::Plan)
        .map(|(relative, kind)| parse_one(root, relative, *kind, &LevelKeys::default()));
    let keys = match &plan {
        Some(Ok(Parsed::Plan(p))) => LevelKeys::of(Some(&p.data)),
        _ => LevelKeys::default(),
    };
    // Read on the IO pool, many files at once, and each parsed as soon as it is read, so that
    // parsing goes on while other reads wait on the disk.
    let parsed: Vec<Result<Parsed, Diagnostic>> = crate::disk::run(|| {
        files
            .par_iter()
            .filter(|(_, kind)| *kind != ContentKind::Plan)
            .map(|(relative, kind)| parse_one(root, relative, *kind, &keys))
            .collect()
    });
    let mut content = Content::default();
    if let Some(plan) = plan {
        match plan {
            Ok(parsed) => content.insert(parsed),
            Err(d) => diagnostics.push(d),
        }
    }
    for result in parsed {
        match result {
            Ok(parsed) => content.insert(parsed),
            Err(d) => diagnostics.push(d),
        }
    }
    (content, diagnostics)
}

impl Content {
    /// Adds a parsed file, keeping every list sorted by path as a full load does.
    pub fn insert(&mut self, parsed: Parsed) {
        fn put<T>(list: &mut Vec<T>, item: T, path: impl Fn(&T) -> &Path) {
            let at = list.partition_point(|x| path(x) < path(&item));
            list.insert(at, item);
        }
        match parsed {
            Parsed::Plan(p) => self.plan = Some(p),
            Parsed::Indicators(i) => self.indicators = Some(i),
            Parsed::Area(a) => put(&mut self.areas, a, |x| &x.source.path),
            Parsed::AreaEdition(a) => put(&mut self.editions, a, |x| &x.source.path),
            Parsed::Wave(w) => put(&mut self.waves, w, |x| &x.source.path),
            Parsed::Article(a) => put(&mut self.articles, a, |x| &x.source.path),
            Parsed::Page(p) => put(&mut self.pages, p, |x| &x.source.path),
        }
    }

    /// Forgets the file at `path` ("content/articles/x.md").
    pub fn remove(&mut self, path: &Path) {
        if self.plan.as_ref().is_some_and(|p| p.source.path == path) {
            self.plan = None;
        }
        if self
            .indicators
            .as_ref()
            .is_some_and(|i| i.source.path == path)
        {
            self.indicators = None;
        }
        self.areas.retain(|a| a.source.path != path);
        self.editions.retain(|a| a.source.path != path);
        self.waves.retain(|w| w.source.path != path);
        self.articles.retain(|a| a.source.path != path);
        self.pages.retain(|p| p.source.path != path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_place() {
        let c = |p: &str| classify(Path::new(p));
        assert_eq!(c("plan.toml"), Some(ContentKind::Plan));
        assert_eq!(c("areas/1-bydleni.toml"), Some(ContentKind::Area));
        assert_eq!(
            c("action-plans/II/1-bydleni.toml"),
            Some(ContentKind::AreaEdition)
        );
        assert_eq!(c("action-plans/1-bydleni.toml"), None);
        assert_eq!(c("waves/2024-i.toml"), Some(ContentKind::Wave));
        assert_eq!(
            c("articles/2024/kontaktni-misto.md"),
            Some(ContentKind::Article)
        );
        assert_eq!(c("pages/o-planu.md"), Some(ContentKind::Page));
        assert_eq!(c("areas/readme.md"), None);
        assert_eq!(c("other.toml"), None);
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (front, body) = split_front_matter("+++\ntitle = \"A\"\n+++\n# Nadpis\n").unwrap();
        assert_eq!(front, "title = \"A\"\n");
        assert_eq!(body, "# Nadpis\n");
        assert!(split_front_matter("title = \"A\"\n").is_none());
        assert!(split_front_matter("+++\ntitle = \"A\"\n").is_none());
    }
}

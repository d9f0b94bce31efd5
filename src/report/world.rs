//! What Typst sees while it lays out a report: the theme's report files (`report.typ` and
//! whatever it imports), the wave's data as `/data.json`, the fonts, and the wave's date as
//! "today". Nothing is read from the disk or the network here: the files were read with the
//! theme, and the fonts are compiled into the binary (typst-assets) or come from the theme.

use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The standard library and the fonts every report may use, made once per process (parsing
/// the embedded fonts takes a few milliseconds; `serve` reuses them for every rebuild).
struct Shared {
    library: LazyHash<Library>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| Shared {
    library: LazyHash::new(Library::default()),
    fonts: typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect(),
});

/// One report's files and fonts.
pub(super) struct ReportWorld {
    book: LazyHash<FontBook>,
    /// The embedded fonts, then the theme's.
    fonts: Vec<Font>,
    main: FileId,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

/// The id of the file at `path` ("/report.typ") in the report's project.
pub(super) fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("report paths are plain relative paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl ReportWorld {
    /// A world whose main file is `/report.typ` of `files` (path → bytes, paths as in the
    /// theme's `report/` directory), with `today` as the date.
    pub(super) fn new(files: &[(String, Bytes)], today: Datetime) -> Self {
        let mut fonts = SHARED.fonts.clone();
        let mut map = HashMap::with_capacity(files.len());
        for (path, bytes) in files {
            if path.ends_with(".otf") || path.ends_with(".ttf") || path.ends_with(".ttc") {
                fonts.extend(Font::iter(bytes.clone()));
            }
            map.insert(file_id(&format!("/{path}")), bytes.clone());
        }
        ReportWorld {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: file_id("/report.typ"),
            files: map,
            today,
        }
    }

    /// The path of a file of this world, as the theme names it ("report.typ").
    pub(super) fn path_of(id: FileId) -> String {
        id.vpath().get_without_slash().to_string()
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(Self::path_of(id).into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

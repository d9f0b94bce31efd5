//! The finish, the last step before the files are published, the same for `build` and
//! `serve`: the theme's and the site's static files, the variants of the photos, the search
//! index and the open data are put beside the rendered pages (a file at the path of another file of the site is an
//! error), and the links and images of the articles and pages are checked against the whole.
//! A one-off build finishes every file; a rebuild in `serve` finishes only what an edit made
//! stale, over the output it serves.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use super::Pipeline;
use crate::content::Content;
use crate::diagnostics::Diagnostics;
use crate::links;
use crate::model::Site;
use crate::open_data;
use crate::output::{Batch, SiteOutput};
use crate::render::{self, theme::Theme, theme::ThemeFile};
use crate::search;

/// What a finish is to add to the rendered pages, and what it makes them from.
pub struct Finish<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub content: &'a Content,
    pub statics: Statics<'a>,
    pub index: Generated,
    pub data: Generated,
    pub links: Links<'a>,
    /// The output a rebuild finishes over; `None` for a one-off build, whose pages are all
    /// rendered.
    pub over: Option<Over<'a>>,
}

/// The static files a finish adds.
pub enum Statics<'a> {
    /// Every one of the theme's and the site's (a build, and a full rebuild in `serve`).
    All,
    /// The ones changed since the output finished over, by output path; `None` for one that
    /// is gone (it stays out of the output, and it is the caller's to take it out).
    Changed(&'a [(String, Option<ThemeFile>)]),
}

/// Files made from the model besides the pages (the search index, the open data), as the
/// finish gets them.
pub enum Generated {
    /// Made already: a build makes them beside rendering.
    Made(Batch),
    /// Out of date: the finish makes them.
    Stale,
    /// The output finished over has them as they are (or they are brought up to date later).
    Current,
}

impl Generated {
    /// Its files: those made already, else made by `make` when stale; `None` when current.
    fn files(self, make: impl FnOnce() -> Batch) -> Option<Batch> {
        match self {
            Generated::Made(files) => Some(files),
            Generated::Stale => Some(make()),
            Generated::Current => None,
        }
    }
}

/// Which links a finish checks.
pub enum Links<'a> {
    /// None: an article or page that did not parse would have every link to it reported too.
    Unchecked,
    /// Those of every article and page.
    All,
    /// Those of these articles only (`serve`, after an edit that changed no other page).
    Articles(&'a [crate::model::ArticleIx]),
}

/// The output a rebuild in `serve` finishes over.
pub struct Over<'a> {
    /// The last good output.
    pub output: &'a SiteOutput,
    /// The output paths of every page of the new build and of the open-data downloads: a
    /// file of `output` at another path is on its way out, and a static file at one of them is
    /// an error.
    pub pages: &'a HashSet<String>,
}

/// What a finish found.
pub struct Finished {
    /// Files at the path of another file of the site, else the problems of the links.
    pub diagnostics: Diagnostics,
    /// How long the links took to check; `None` when they were not.
    pub links_took: Option<Duration>,
}

impl Pipeline<'_> {
    /// Adds to `made` (the rendered pages) the static files, the search index and the open
    /// data that `finish` asks for, and checks the links; `made` is then what is to be
    /// published. The links are not checked when a file clashes with another.
    pub fn finish(&self, made: &mut SiteOutput, finish: Finish<'_>) -> Finished {
        let root = &self.options.root;
        let pages = finish.over.as_ref().map(|over| over.pages);
        let mut clashes = add_statics(made, &finish.statics, finish.theme, pages);
        let (site, theme) = (finish.site, finish.theme);
        clashes.extend(add_photos(made, site, theme));
        if let Some(files) = finish
            .index
            .files(|| search::index_files(site, &theme.translations))
        {
            clashes.extend(search::add_index(files, made, root));
        }
        if let Some(files) = finish
            .data
            .files(|| open_data::files(site, &theme.translations))
        {
            clashes.extend(open_data::add_files(files, made, root));
        }
        if clashes.has_errors() {
            return Finished {
                diagnostics: clashes,
                links_took: None,
            };
        }
        let start = Instant::now();
        let content = finish.content;
        let checked = match &finish.over {
            None => finish.links.check(site, content, made),
            Some(over) => {
                let pending = Pending { made, over, theme };
                finish.links.check(site, content, &pending)
            }
        };
        let links_took = checked.is_some().then(|| start.elapsed());
        clashes.extend(checked.unwrap_or_default());
        Finished {
            diagnostics: clashes,
            links_took,
        }
    }
}

impl Links<'_> {
    /// The problems of the links it names, against `files`; `None` when they are unchecked.
    fn check(
        &self,
        site: &Site,
        content: &Content,
        files: &dyn links::Files,
    ) -> Option<Diagnostics> {
        match self {
            Links::Unchecked => None,
            Links::All => Some(links::check(site, content, files)),
            Links::Articles(articles) => {
                Some(links::check_articles(site, content, files, articles))
            }
        }
    }
}

/// Adds the static files to the pages in `made`; one at the path of a page (of `made`, or of
/// `pages` when finishing over an earlier output) is an error and left out.
fn add_statics(
    made: &mut SiteOutput,
    statics: &Statics<'_>,
    theme: &Theme,
    pages: Option<&HashSet<String>>,
) -> Diagnostics {
    let files: Vec<(&String, &ThemeFile)> = match statics {
        Statics::All => theme.static_files.iter().collect(),
        Statics::Changed(changed) => changed
            .iter()
            .filter_map(|(name, file)| Some((name, file.as_ref()?)))
            .collect(),
    };
    let mut clashes = Diagnostics::default();
    for (name, file) in files {
        if made.files.contains_key(name) || pages.is_some_and(|pages| pages.contains(name)) {
            clashes.push(render::static_file_clash(name, file));
            continue;
        }
        made.files.insert(name.clone(), file.bytes.clone());
    }
    clashes
}

/// Adds the variants of the photos (every time: `serve` publishes only the bytes that
/// changed). A static file at a variant's path is an error.
fn add_photos(made: &mut SiteOutput, site: &Site, theme: &Theme) -> Diagnostics {
    let mut clashes = Diagnostics::default();
    for variant in site.photos.variants() {
        if let Some(file) = theme.static_files.get(&variant.path) {
            clashes.push(render::static_file_clash(&variant.path, file));
            continue;
        }
        made.files
            .insert(variant.path.clone(), variant.bytes.to_vec());
    }
    clashes
}

/// The output as it will be once a rebuild is published: the files it made over the last
/// output, without the pages that are gone. Links are checked against it before anything is
/// published.
struct Pending<'a> {
    made: &'a SiteOutput,
    over: &'a Over<'a>,
    theme: &'a Theme,
}

impl links::Files for Pending<'_> {
    fn file(&self, path: &str) -> Option<&[u8]> {
        if let Some(bytes) = self.made.files.get(path) {
            return Some(bytes);
        }
        if let Some(file) = self.theme.static_files.get(path) {
            return Some(&file.bytes);
        }
        self.over
            .pages
            .contains(path)
            .then(|| self.over.output.files.get(path).map(Vec::as_slice))
            .flatten()
    }

    fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.over.pages.iter().map(String::as_str).collect();
        paths.extend(self.theme.static_files.keys().map(String::as_str));
        paths.sort_unstable();
        paths
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MarkdownCache;
    use crate::pages::page_keys;
    use crate::pipeline::{BuildOptions, Renderer};

    const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/minimal");

    /// The fixture's model, its theme with a static file at the path of its article list, and
    /// its rendered pages.
    fn minimal_with_a_clash() -> (Site, Theme, Content, SiteOutput) {
        let options = BuildOptions::new(MINIMAL);
        let pipeline = Pipeline::new(&options);
        let (content, _) = pipeline.load();
        let config = pipeline.config().unwrap();
        let site = pipeline
            .resolve(config, &content, &mut MarkdownCache::default())
            .0
            .unwrap();
        let mut theme = pipeline.theme(&site.config).unwrap();
        let clash = ThemeFile {
            origin: "static/clanky/index.html".into(),
            bytes: b"static".to_vec(),
        };
        theme.static_files.insert("clanky/index.html".into(), clash);
        let pages = Renderer::new(&site, &theme)
            .unwrap()
            .render(&page_keys(&site))
            .unwrap();
        let made = SiteOutput {
            files: pages.into_iter().collect(),
        };
        (site, theme, content, made)
    }

    #[test]
    fn a_static_file_at_the_path_of_a_page_is_reported_by_a_build_and_a_rebuild_alike() {
        let options = BuildOptions::new(MINIMAL);
        let pipeline = Pipeline::new(&options);
        let (site, theme, content, pages) = minimal_with_a_clash();
        let finish = |statics, over| Finish {
            site: &site,
            theme: &theme,
            content: &content,
            statics,
            index: Generated::Stale,
            data: Generated::Stale,
            links: Links::All,
            over,
        };
        let mut made = pages.clone();
        let built = pipeline.finish(&mut made, finish(Statics::All, None));
        assert_eq!(
            made.get("clanky/index.html"),
            pages.get("clanky/index.html")
        );
        assert!(made.files.contains_key("style.css"), "the others are added");
        assert!(made.files.contains_key("data/opatreni.csv"));
        assert!(made
            .files
            .keys()
            .any(|p| p.starts_with(&search::index_dir(&Default::default()))));

        // A rebuild that rendered only the home page, with the static file changed.
        let page_paths: HashSet<String> = pages.files.keys().cloned().collect();
        let changed = [(
            "clanky/index.html".to_string(),
            theme.static_files.get("clanky/index.html").cloned(),
        )];
        let over = Over {
            output: &pages,
            pages: &page_paths,
        };
        let mut made = SiteOutput::default();
        made.files
            .insert("index.html".into(), pages.files["index.html"].clone());
        let rebuilt = pipeline.finish(&mut made, finish(Statics::Changed(&changed), Some(over)));
        assert_eq!(
            made.files.len(),
            1 + search::index_files(&site, &theme.translations).len()
                + open_data::paths(&site).len()
        );
        for finished in [built, rebuilt] {
            assert_eq!(finished.diagnostics.errors(), 1);
            let clash = &finished.diagnostics.0[0];
            assert_eq!(clash.file, std::path::Path::new("static/clanky/index.html"));
            assert!(clash.message.contains("the same path as a generated page"));
            assert!(finished.links_took.is_none(), "links are not checked then");
        }
    }

    #[test]
    fn without_a_clash_every_file_is_added_and_the_links_are_checked() {
        let options = BuildOptions::new(MINIMAL);
        let (site, mut theme, content, mut made) = minimal_with_a_clash();
        theme.static_files.remove("clanky/index.html");
        let pages = made.files.len();
        let meta = format!("{}/meta.json", search::index_dir(&Default::default()));
        let finish = Finish {
            site: &site,
            theme: &theme,
            content: &content,
            statics: Statics::All,
            index: Generated::Made(vec![(meta.clone(), b"{}".to_vec())]),
            data: Generated::Current,
            links: Links::All,
            over: None,
        };
        let finished = Pipeline::new(&options).finish(&mut made, finish);
        assert_eq!(finished.diagnostics.errors(), 0, "{}", finished.diagnostics);
        assert!(finished.links_took.is_some());
        assert_eq!(made.files.len(), pages + theme.static_files.len() + 1);
        assert_eq!(made.get(&meta), Some("{}"));
    }
}

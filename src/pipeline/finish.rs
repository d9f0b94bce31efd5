//! The finish, the last step before the files are published, the same for `build` and
//! `serve`: the theme's and the site's static files, the search index and the open data are
//! put beside the rendered pages (a file at the path of another file of the site is an
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

/// What a finish makes of the output: the rendered pages, and what it is to add to them.
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

/// Which links a finish checks.
pub enum Links<'a> {
    /// None: an article or page that did not parse would have every link to it reported too.
    Unchecked,
    /// Those of every article and page.
    All,
    /// Those of these articles only (`serve`, after an edit that changed no other page).
    Articles(&'a [usize]),
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
        let index = match finish.index {
            Generated::Made(files) => Some(files),
            Generated::Stale => Some(search::index_files(finish.site)),
            Generated::Current => None,
        };
        if let Some(files) = index {
            clashes.extend(search::add_index(files, made, root));
        }
        let data = match finish.data {
            Generated::Made(files) => Some(files),
            Generated::Stale => Some(open_data::files(finish.site, &finish.theme.translations)),
            Generated::Current => None,
        };
        if let Some(files) = data {
            clashes.extend(open_data::add_files(files, made, root));
        }
        if clashes.has_errors() {
            return Finished {
                diagnostics: clashes,
                links_took: None,
            };
        }
        let start = Instant::now();
        let (site, content) = (finish.site, finish.content);
        let checked = match &finish.over {
            None => finish.links.check(site, content, made),
            Some(over) => {
                let pending = Pending {
                    made,
                    over,
                    theme: finish.theme,
                };
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

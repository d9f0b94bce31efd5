//! The waves' printable reports in `serve`. Laying out a report takes hundreds of
//! milliseconds, longer than any edit's pages, so a rebuild never waits for it: pages are
//! rendered with the reports' last known links, and the reports are laid out again on another
//! thread once saving pauses ([`Session::refresh_reports`]). When they are done,
//! [`Session::apply_reports`] publishes the PDFs and renders again the pages that link them if
//! a size changed. A report whose template fails is reported; the site is still served.

use std::collections::BTreeMap;

use super::{Session, Update};
use crate::diagnostics::Diagnostics;
use crate::model::{Site, WaveIx};
use crate::pages::PageKey;
use crate::pipeline::Renderer;
use crate::render::RenderedPage;
use crate::report::{self, ReportLink};

/// Reports laid out by [`Session::refresh_reports`], for [`Session::apply_reports`].
pub struct ReportsMade {
    generation: u64,
    files: Vec<RenderedPage>,
    pub diagnostics: Diagnostics,
}

/// What the session knows of the reports between rebuilds.
#[derive(Default)]
pub(super) struct Reports {
    /// Whether the reports in the output are older than the last good build.
    pub(super) stale: bool,
    /// The last reports' links, by output path.
    pub(super) links: BTreeMap<String, ReportLink>,
    /// Counts layouts, so that an older one finishing later is not published.
    generation: u64,
}

impl Reports {
    /// The links of `site`'s waves' reports as far as known, by wave.
    pub(super) fn of(&self, site: &Site) -> Vec<Option<ReportLink>> {
        WaveIx::enumerate(&site.waves)
            .map(|(wi, _)| self.links.get(&report::path(site, wi)).cloned())
            .collect()
    }

    /// The output paths of the reports `site` keeps.
    pub(super) fn paths<'a>(&'a self, site: &'a Site) -> impl Iterator<Item = String> + 'a {
        WaveIx::enumerate(&site.waves)
            .map(|(wi, _)| report::path(site, wi))
            .filter(|p| self.links.contains_key(p))
    }
}

impl Session {
    /// Whether the reports are older than the last good build.
    pub fn reports_stale(&self) -> bool {
        self.reports.stale && self.good.is_some()
    }

    /// Lays out the reports of the last good build: the data is taken from the model here,
    /// the layout runs on another thread when `background` (which hands the result to `done`),
    /// else here. Nothing to do when the reports are current.
    pub fn refresh_reports(
        &mut self,
        background: bool,
        done: impl FnOnce(ReportsMade) + Send + 'static,
    ) {
        let (Some(good), Some(theme)) = (
            self.good.as_ref().filter(|_| self.reports.stale),
            &self.theme,
        ) else {
            return;
        };
        self.reports.stale = false;
        self.reports.generation += 1;
        let generation = self.reports.generation;
        let renderer = Renderer::with_parts(
            &good.site,
            theme,
            std::sync::Arc::clone(&good.env),
            std::sync::Arc::clone(&good.charts),
        );
        let jobs = report::jobs(&renderer);
        let report_files = theme.report_files.clone();
        let root = self.options.root.clone();
        let lay_out = move || {
            let (files, diagnostics) =
                report::compile_all(jobs, &report_files, Some(&root), report::Memo::KeepRecent);
            done(ReportsMade {
                generation,
                files,
                diagnostics,
            });
        };
        if background {
            std::thread::spawn(lay_out);
        } else {
            lay_out();
        }
    }

    /// Lays out the reports of the last good build here and publishes them (what `serve`
    /// does on its threads once idle), for tests and tools that wait for them.
    pub fn refresh_reports_now(&mut self) -> Option<Update> {
        let (send, receive) = std::sync::mpsc::channel();
        self.refresh_reports(false, move |made| {
            let _ = send.send(made);
        });
        let made = receive.try_recv().ok()?;
        self.apply_reports(made)
    }

    /// Publishes reports laid out by [`Session::refresh_reports`] and renders again the pages
    /// that link them when a link or size changed. `None` when a newer build came meanwhile
    /// (its own reports follow).
    pub fn apply_reports(&mut self, made: ReportsMade) -> Option<Update> {
        if made.generation != self.reports.generation || self.reports.stale {
            return None;
        }
        let (good, theme) = (self.good.as_ref()?, self.theme.as_ref()?);
        let site = &good.site;
        let before = self.reports.of(site);
        self.reports.links = made
            .files
            .iter()
            .map(|(path, pdf)| (path.clone(), report::link(site, path, pdf.len())))
            .collect();
        let after = self.reports.of(site);
        // A report that failed keeps no file: the pages stop linking it.
        let gone: Vec<String> = before
            .iter()
            .zip(&after)
            .enumerate()
            .filter(|(_, (b, a))| b.is_some() && a.is_none())
            .map(|(wi, _)| report::path(site, WaveIx::new(wi)))
            .collect();
        let mut files: Vec<RenderedPage> = made.files;
        if before != after {
            let renderer = Renderer::with_parts(
                site,
                theme,
                std::sync::Arc::clone(&good.env),
                std::sync::Arc::clone(&good.charts),
            );
            renderer.set_reports(after);
            let keys: Vec<PageKey> = crate::pages::page_keys(site)
                .into_iter()
                .filter(|k| k.kind.links_reports())
                .collect();
            match renderer.render(&keys) {
                Ok(pages) => files.extend(pages),
                // The same templates rendered these pages a moment ago.
                Err(d) => {
                    return Some(Update {
                        warnings: d,
                        ..Update::default()
                    })
                }
            }
        }
        if let Some(good) = self.good.as_mut() {
            good.pages.extend(self.reports.links.keys().cloned());
        }
        let mut update = Update::from(self.live.apply(
            std::borrow::Cow::Owned(crate::output::SiteOutput {
                files: files.into_iter().collect(),
            }),
            gone,
        ));
        update.warnings = made.diagnostics;
        Some(update)
    }
}

//! The rendered Markdown of article and page bodies, kept between rebuilds: only a body whose
//! file, base URL or abbreviations changed is rendered again, and those in parallel.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::BaseUrl;
use crate::markdown;

/// Article and page bodies rendered by earlier builds. `serve` keeps one between rebuilds so
/// that only the bodies that changed are rendered again; a one-off build starts empty. An entry
/// holds while its file, the base URL and the abbreviations stay the same.
#[derive(Default)]
pub struct MarkdownCache {
    bodies: HashMap<PathBuf, Arc<RenderedBody>>,
}

/// A body's HTML with a marker per shortcode; the shortcodes are checked against the site on
/// every resolve, since the site may have changed around an unchanged body.
pub(super) struct RenderedBody {
    key: u64,
    pub(super) html: Arc<str>,
    pub(super) shortcodes: Vec<markdown::Shortcode>,
    pub(super) errors: Vec<markdown::ShortcodeError>,
    pub(super) links: Arc<[markdown::LocalLink]>,
    pub(super) uncaptioned_tables: Vec<usize>,
    pub(super) images: Vec<markdown::Image>,
}

impl MarkdownCache {
    /// Renders (in parallel) every body whose file changed, and forgets files that are gone.
    pub(super) fn refresh<'f>(
        &mut self,
        files: Vec<(&'f Path, &'f str, u64)>,
        base: &BaseUrl,
        abbreviations: &markdown::Abbreviations,
    ) {
        let live: HashSet<&Path> = files.iter().map(|f| f.0).collect();
        self.bodies.retain(|path, _| live.contains(path.as_path()));
        let context = Self::context(base, abbreviations);
        let stale: Vec<(&Path, &str, u64)> = files
            .into_iter()
            .map(|(path, body, hash)| (path, body, Self::key(hash, context)))
            .filter(|(path, _, key)| self.bodies.get(*path).is_none_or(|b| b.key != *key))
            .collect();
        let rendered: Vec<(PathBuf, Arc<RenderedBody>)> = stale
            .into_par_iter()
            .map(|(path, body, key)| {
                let rendered = Self::render(body, key, base, abbreviations);
                (path.to_path_buf(), Arc::new(rendered))
            })
            .collect();
        self.bodies.extend(rendered);
    }

    /// Renders one body unless the cache has it, keeping the others.
    pub(super) fn render_one(
        &mut self,
        path: &Path,
        body: &str,
        hash: u64,
        base: &BaseUrl,
        abbreviations: &markdown::Abbreviations,
    ) {
        let key = Self::key(hash, Self::context(base, abbreviations));
        if self.bodies.get(path).is_some_and(|b| b.key == key) {
            return;
        }
        self.bodies.insert(
            path.to_path_buf(),
            Arc::new(Self::render(body, key, base, abbreviations)),
        );
    }

    /// What a body's HTML depends on besides its text: worked out once per refresh, not per
    /// body (hashing every abbreviation for each of 10,000 articles was 1.5 % of a build).
    fn context(base: &BaseUrl, abbreviations: &markdown::Abbreviations) -> u64 {
        crate::content::fingerprint((base, abbreviations))
    }

    fn key(hash: u64, context: u64) -> u64 {
        crate::content::fingerprint((hash, context))
    }

    fn render(
        body: &str,
        key: u64,
        base: &BaseUrl,
        abbreviations: &markdown::Abbreviations,
    ) -> RenderedBody {
        let out = markdown::to_html_with_embeds(body, base, abbreviations);
        RenderedBody {
            key,
            html: out.html.into(),
            shortcodes: out.shortcodes,
            errors: out.errors,
            links: out.links.into(),
            uncaptioned_tables: out.uncaptioned_tables,
            images: out.images,
        }
    }

    pub(super) fn get(&self, path: &Path) -> Arc<RenderedBody> {
        self.bodies
            .get(path)
            .cloned()
            .expect("every body is rendered by refresh() before it is resolved")
    }
}

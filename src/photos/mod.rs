//! Photos (issue 27, point 1): the JPEG, PNG and WebP files of `static/` that articles and
//! pages show — written in Markdown (`![Poradna](/obrazky/poradna.jpg)`) or as an article's
//! `cover` — made into a few narrower variants at build time, and the `<img>` that offers them.
//!
//! This module owns the photo step of the pipeline, between resolve and render
//! ([`prepare`]): it finds every photo the model uses, takes its bytes from the static files,
//! makes its variants ([`process`]: decoded, scaled to 480, 960 and 1600 pixels wide, never
//! up, encoded as JPEG) in parallel, and reports what cannot be used (too large, damaged, a
//! cover that does not exist) at the place that uses it. The result, [`Photos`], is put in
//! `Site::photos`; the renderer writes each image's `<img>` with [`markdown_html`] and the
//! cover's with [`cover`], and the finish adds the variants to the output
//! (`_obrazky/<key>/<name>-<width>w.jpg`, a directory no page can have: slugs have no `_`).
//! The original stays where it was, published as it is, and linked beside the photo.
//!
//! Work is kept twice: on disk by the photo's bytes ([`cache`], so a second build decodes
//! nothing) and, in `serve`, in [`Memory`] (so a rebuild reads nothing). GIFs are published as
//! they are (an animation would lose its frames), with their size from the header; SVGs and
//! images elsewhere on the web are left to Markdown. A site without photos pays one look at
//! each article's (empty) list of images.

pub mod cache;
pub mod process;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ImageUse, Site};
use crate::render::theme::ThemeFile;
use process::{Problem, Processed};

/// The output directory of the variants.
pub const DIR: &str = "_obrazky";

/// The `sizes` of a photo in the article column: the column is 44rem wide, less the page's
/// padding on a narrower screen.
pub const SIZES: &str = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";

/// The photos of a build, by the output path of their original ("obrazky/poradna.jpg").
#[derive(Debug, Default)]
pub struct Photos {
    by_path: BTreeMap<String, Photo>,
}

/// A photo ready to be shown.
#[derive(Clone, Debug)]
pub struct Photo {
    /// The size of the original, upright.
    pub width: u32,
    pub height: u32,
    /// Narrowest first; empty for a GIF, which is shown as it is.
    pub variants: Vec<Variant>,
    /// The key of its bytes ([`cache::key`]); changes whenever the file does.
    pub key: String,
}

/// One variant of a photo, at its output path.
#[derive(Clone, Debug)]
pub struct Variant {
    /// "_obrazky/0123456789abcdef/poradna-960w.jpg".
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Arc<[u8]>,
}

impl Photos {
    pub fn get(&self, path: &str) -> Option<&Photo> {
        self.by_path.get(path)
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// Every variant, for the finish to put in the output.
    pub fn variants(&self) -> impl Iterator<Item = &Variant> {
        self.by_path.values().flat_map(|p| p.variants.iter())
    }

    /// What pages showing `uses` depend on besides their own file: the keys of their photos.
    pub fn fingerprint<'u>(&self, uses: impl Iterator<Item = &'u ImageUse>) -> u64 {
        let keys: Vec<Option<&str>> = uses
            .map(|u| {
                u.path
                    .as_deref()
                    .and_then(|p| self.get(p))
                    .map(|p| p.key.as_str())
            })
            .collect();
        crate::content::fingerprint(keys)
    }
}

impl Photo {
    /// The variant a browser without `srcset` gets, and whose size `width` and `height` give:
    /// the widest that is at most 960 pixels wide.
    fn src(&self) -> Option<&Variant> {
        let fits = self.variants.iter().rfind(|v| v.width <= 960);
        fits.or(self.variants.first())
    }
}

/// A photo made ready, one shown as Markdown wrote it (`None`), or why it cannot be used.
type Made = Result<Option<Photo>, Problem>;

/// Processed photos kept by `serve` between rebuilds, by key: an edited photo gets a new key,
/// so an entry never goes stale.
#[derive(Default)]
pub struct Memory(Mutex<HashMap<String, Arc<Processed>>>);

/// Every image and cover of the site's articles and pages that points into the site.
pub fn uses(site: &Site) -> impl Iterator<Item = &ImageUse> {
    let articles = site
        .articles
        .iter()
        .flat_map(|a| a.cover.iter().chain(a.content.images.iter()));
    articles.chain(site.pages.iter().flat_map(|p| p.content.images.iter()))
}

/// What a file is, by its name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Photo,
    Gif,
}

fn kind(path: &str) -> Option<Kind> {
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "jpg" | "jpeg" | "png" | "webp" => Some(Kind::Photo),
        "gif" => Some(Kind::Gif),
        _ => None,
    }
}

/// The photo step: makes ready every photo of `site` from the static files `statics` (by
/// output path), using and filling the caches under `root` and in `memory`. Problems are
/// reported at the first place that uses the photo.
pub fn prepare(
    site: &Site,
    statics: &BTreeMap<String, ThemeFile>,
    root: &Path,
    memory: &Memory,
) -> (Photos, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let mut first_use: BTreeMap<&str, &ImageUse> = BTreeMap::new();
    for u in uses(site) {
        let Some(path) = u.path.as_deref() else {
            continue;
        };
        let is_cover = u.image.plain_html.is_empty();
        if is_cover && !statics.contains_key(path) {
            diagnostics.push(missing_cover(u, path));
            continue;
        }
        first_use.entry(path).or_insert(u);
    }
    let jobs: Vec<(&str, &ImageUse, &[u8], Kind)> = first_use
        .into_iter()
        .filter_map(|(path, u)| {
            let kind = kind(path)?;
            let file = statics.get(path)?;
            Some((path, u, file.bytes.as_slice(), kind))
        })
        .collect();
    let done: Vec<(&str, &ImageUse, Made)> = jobs
        .into_par_iter()
        .map(|(path, u, bytes, kind)| (path, u, photo(path, bytes, kind, root, memory)))
        .collect();
    let mut photos = Photos::default();
    for (path, u, result) in done {
        match result {
            Ok(Some(photo)) => {
                photos.by_path.insert(path.to_string(), photo);
            }
            Ok(None) => {}
            Err(problem) => diagnostics.push(problem_at(u, &problem)),
        }
    }
    (photos, diagnostics)
}

/// One photo, from the caches or made now; `None` for a GIF whose size cannot be read (it is
/// shown as Markdown wrote it).
fn photo(path: &str, bytes: &[u8], kind: Kind, root: &Path, memory: &Memory) -> Made {
    if kind == Kind::Gif {
        return Ok(process::gif_size(bytes).map(|(width, height)| Photo {
            width,
            height,
            variants: Vec::new(),
            key: cache::key(bytes),
        }));
    }
    if bytes.len() > process::MAX_BYTES {
        return Err(Problem::TooLarge { bytes: bytes.len() });
    }
    let key = cache::key(bytes);
    let known = memory
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned();
    let processed = match known.or_else(|| cache::read(root, &key).map(Arc::new)) {
        Some(p) => p,
        None => {
            let made = process::process(bytes)?;
            cache::write(root, &key, &made);
            Arc::new(made)
        }
    };
    memory
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key.clone(), Arc::clone(&processed));
    let name = Path::new(path)
        .file_stem()
        .map(|s| crate::slug::slugify(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "foto".into());
    let variants = processed
        .variants
        .iter()
        .map(|v| Variant {
            path: format!(
                "{DIR}/{}/{name}-{}w.{}",
                &key[..16],
                v.width,
                processed.format.extension()
            ),
            width: v.width,
            height: v.height,
            bytes: Arc::clone(&v.bytes),
        })
        .collect();
    Ok(Some(Photo {
        width: processed.width,
        height: processed.height,
        variants,
        key,
    }))
}

fn at(u: &ImageUse, message: String, hint: String) -> Diagnostic {
    let mut d = u.at.clone();
    d.message = message;
    d.with_hint(hint)
}

fn problem_at(u: &ImageUse, problem: &Problem) -> Diagnostic {
    let target = &u.image.target;
    match problem {
        Problem::TooLarge { bytes } => at(
            u,
            crate::msg!(
                "photos.too_large",
                target,
                size = megabytes(*bytes),
                max = process::MAX_BYTES / 1_000_000
            ),
            crate::msg!("photos.resize"),
        ),
        Problem::TooManyPixels { width, height } => at(
            u,
            crate::msg!(
                "photos.too_many_pixels",
                target,
                width,
                height,
                megapixels = (u64::from(*width) * u64::from(*height) + 500_000) / 1_000_000,
                max = process::MAX_PIXELS / 1_000_000
            ),
            crate::msg!("photos.resize"),
        ),
        Problem::Unreadable(why) => at(
            u,
            crate::msg!("photos.unreadable", target, why),
            crate::msg!("photos.unreadable_hint"),
        ),
    }
}

fn missing_cover(u: &ImageUse, path: &str) -> Diagnostic {
    at(
        u,
        crate::msg!("links.no_image", target = u.image.target),
        crate::msg!("links.put_in_static", file = path),
    )
}

/// A size in megabytes with one decimal place, with a decimal comma in Czech: "12,3".
fn megabytes(bytes: usize) -> String {
    let text = format!("{:.1}", bytes as f64 / 1e6);
    match crate::messages::language() {
        crate::messages::Lang::Cs => text.replace('.', ","),
        crate::messages::Lang::En => text,
    }
}

/// A site address as an `href`/`src` value: the base path, escapes for what a URL may not
/// hold, and HTML escapes.
fn address(base: &BaseUrl, path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let encoded = percent_encoding::utf8_percent_encode(path, KEEP).to_string();
    escaped(&base.link(&encoded))
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::html::escape_html(text, &mut out).expect("writing to a String cannot fail");
    out
}

/// `<img>` of a photo with its variants: `src` and the size of the 960-pixel one, `srcset` of
/// all; loaded lazily unless it is at the top of the page. `alt` is HTML-escaped already.
fn img(photo: &Photo, base: &BaseUrl, alt: &str, title: &str, lazy: bool) -> String {
    let mut out = String::from("<img");
    if let Some(src) = photo.src() {
        let srcset: Vec<String> = photo
            .variants
            .iter()
            .map(|v| format!("{} {}w", address(base, &v.path), v.width))
            .collect();
        out.push_str(&format!(
            " src=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\" width=\"{}\" height=\"{}\"",
            address(base, &src.path),
            srcset.join(", "),
            src.width,
            src.height
        ));
    }
    out.push_str(&format!(" alt=\"{alt}\""));
    if !title.is_empty() {
        out.push_str(&format!(" title=\"{}\"", escaped(title)));
    }
    out.push_str(if lazy {
        " loading=\"lazy\" decoding=\"async\">"
    } else {
        " decoding=\"async\">"
    });
    out
}

/// The HTML of an image of Markdown: a photo with its variants and, unless the image is a link
/// itself, a link to the original (a separate link, so that the image keeps its description
/// and the link says where it goes: "Původní velikost", `original` in the theme's words); a
/// GIF as it is with its size; anything else as Markdown wrote it.
pub fn markdown_html(
    photo: Option<&Photo>,
    u: &ImageUse,
    base: &BaseUrl,
    original: &str,
) -> String {
    let (Some(photo), Some(path)) = (photo, u.path.as_deref()) else {
        return u.image.plain_html.clone();
    };
    let alt = escaped(&u.image.alt);
    let original_href = address(base, path);
    if photo.variants.is_empty() {
        return format!(
            "<img src=\"{original_href}\" alt=\"{alt}\"{} width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\">",
            if u.image.title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escaped(&u.image.title))
            },
            photo.width,
            photo.height
        );
    }
    let img = img(photo, base, &alt, &u.image.title, true);
    if u.image.in_link {
        return img;
    }
    format!(
        "<span class=\"photo\">{img}<a class=\"photo-original\" href=\"{original_href}\">{}</a></span>",
        escaped(original)
    )
}

/// An article's cover as its page and head show it.
#[derive(Debug, Serialize)]
pub struct Cover {
    /// The `<img>` at the top of the article.
    pub html: String,
    /// The absolute address of the variant for `og:image`, with its size and the description.
    pub og_image: String,
    pub og_width: Option<u32>,
    pub og_height: Option<u32>,
    pub alt: String,
}

/// The cover of an article as its page shows it; the widest variant is the `og:image`. A
/// cover elsewhere on the web, or one that is no photo, is shown as it is.
pub fn cover(photos: &Photos, u: &ImageUse, base: &BaseUrl) -> Cover {
    let alt = escaped(&u.image.alt);
    let photo = u.path.as_deref().and_then(|p| photos.get(p));
    match photo.filter(|p| !p.variants.is_empty()) {
        Some(photo) => {
            let widest = photo.variants.last().expect("not empty");
            Cover {
                html: img(photo, base, &alt, "", false),
                og_image: base.absolute(&widest.path),
                og_width: Some(widest.width),
                og_height: Some(widest.height),
                alt: u.image.alt.clone(),
            }
        }
        None => {
            let src = match u.path.as_deref() {
                Some(path) => address(base, path),
                None => escaped(&u.image.target),
            };
            let size = photo
                .map(|p| format!(" width=\"{}\" height=\"{}\"", p.width, p.height))
                .unwrap_or_default();
            Cover {
                html: format!("<img src=\"{src}\" alt=\"{alt}\"{size} decoding=\"async\">"),
                og_image: match u.path.as_deref() {
                    Some(path) => base.absolute(path),
                    None => u.image.target.clone(),
                },
                og_width: photo.map(|p| p.width),
                og_height: photo.map(|p| p.height),
                alt: u.image.alt.clone(),
            }
        }
    }
}

#[cfg(test)]
mod tests;

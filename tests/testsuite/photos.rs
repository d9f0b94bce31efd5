//! Photos (issue 27, point 1): a camera-sized photo in an article is published as a few small
//! variants with `srcset`, the original linked; a second build takes them from the cache;
//! `serve` makes the variants of an edited photo; a photo that is too large or damaged is a
//! diagnostic, not a panic. The photos are made here, so none is committed.

use std::path::Path;
use std::time::Instant;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, Rgb, RgbImage};

use crate::support::*;
use milnik::build::BuildError;
use milnik::incremental::{Change, Session};

/// A JPEG `width` × `height` as busy as a photo (gradients with fine noise, so it does not
/// compress to nothing), at quality 92 as cameras save.
fn camera_jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        let noise = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ seed) >> 26;
        Rgb([
            ((x * 255 / width) as u8).wrapping_add(noise as u8),
            ((y * 255 / height) as u8).wrapping_add((noise >> 2) as u8),
            (((x + y) / 40) as u8).wrapping_add(seed as u8),
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 92)
        .write_image(
            image.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

const ARTICLE: &str = "content/articles/prvni-byty.md";
const PAGE: &str = "clanky/prvni-byty/index.html";

/// The minimal site with `photo` as static/obrazky/predani-klicu.jpg, shown in an article and
/// as its cover.
fn site_with_photo(photo: &[u8]) -> tempfile::TempDir {
    let site = site_copy("minimal");
    let root = site.path();
    std::fs::create_dir_all(root.join("static/obrazky")).unwrap();
    std::fs::write(root.join("static/obrazky/predani-klicu.jpg"), photo).unwrap();
    edit(
        root,
        ARTICLE,
        "title = \"První sociální byty jsou obsazené\"",
        "title = \"První sociální byty jsou obsazené\"\ncover = \"/obrazky/predani-klicu.jpg\"\ncover_alt = \"Nová nájemnice přebírá klíče\"",
    );
    edit(
        root,
        ARTICLE,
        "Více na stránce",
        "\n![Starosta předává klíče od bytu nové nájemnici](/obrazky/predani-klicu.jpg)\n\nVíce na stránce",
    );
    site
}

/// The value of `attribute` in the first `<img …>` of `html` after `from`.
fn attribute<'h>(html: &'h str, from: &str, attribute: &str) -> &'h str {
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("no {from} in\n{html}"));
    let img = &html[start..];
    let img = &img[..img.find('>').unwrap()];
    let at = img
        .find(&format!(" {attribute}=\""))
        .unwrap_or_else(|| panic!("no {attribute} in {img}"))
        + attribute.len()
        + 3;
    &img[at..at + img[at..].find('"').unwrap()]
}

fn cache_entries(root: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(root.join(".milnik-cache/photos"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[test]
fn a_camera_photo_is_published_small_with_srcset_and_built_again_from_the_cache() {
    let original = camera_jpeg(5000, 3400, 1);
    let site = site_with_photo(&original);
    let root = site.path();

    let start = Instant::now();
    let built = build(root).unwrap();
    let first = start.elapsed();
    let html = page(&built, PAGE);
    let body = &html[html.find("class=\"article-body\"").unwrap()..];
    let img = &body[body.find("<img").unwrap()..];
    let img = &img[..=img.find('>').unwrap()];
    eprintln!("{img}");
    for wanted in [
        "srcset=\"",
        " 480w, ",
        " 960w, ",
        " 1600w\"",
        "sizes=\"(min-width: 46rem) 44rem, calc(100vw - 2rem)\"",
        "width=\"960\"",
        "height=\"653\"",
        "alt=\"Starosta předává klíče od bytu nové nájemnici\"",
        "loading=\"lazy\"",
        "decoding=\"async\"",
    ] {
        assert!(img.contains(wanted), "{wanted} not in {img}");
    }
    // The file in `src` is the 960-pixel variant, far under 400 KB.
    let src = attribute(body, "<img", "src");
    assert!(src.starts_with("/_obrazky/") && src.ends_with("/predani-klicu-960w.jpg"));
    let src_bytes = &built.output.files[src.trim_start_matches('/')];
    eprintln!(
        "original {} KB, src {} KB, first build {first:?}",
        original.len() / 1024,
        src_bytes.len() / 1024
    );
    assert!(src_bytes.len() <= 400 * 1024, "{} bytes", src_bytes.len());
    let decoded = image::load_from_memory(src_bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (960, 653));
    // The original is linked beside it, published as it was, not inlined.
    assert!(body.contains(
        "<a class=\"photo-original\" href=\"/obrazky/predani-klicu.jpg\">Původní velikost</a>"
    ));
    assert_eq!(built.output.files["obrazky/predani-klicu.jpg"], original);
    assert!(!html.contains("base64"));
    // The cover at the top, not lazy, and as `og:image` (its widest variant, absolute).
    assert!(html.contains("<p class=\"cover\"><img src=\"/_obrazky/"));
    let og = attribute(&html, "<meta property=\"og:image\"", "content");
    assert!(
        og.starts_with("https://example.cz/_obrazky/") && og.ends_with("/predani-klicu-1600w.jpg"),
        "{og}"
    );
    assert!(html.contains("<meta property=\"og:image:width\" content=\"1600\">"));
    assert!(
        html.contains("<meta property=\"og:image:alt\" content=\"Nová nájemnice přebírá klíče\">")
    );

    // A second build decodes and encodes nothing: the cache entry is not written again.
    let entries = cache_entries(root);
    assert_eq!(entries.len(), 1, "{entries:?}");
    let stamp = |p: &Path| {
        std::fs::metadata(p.join("960w.jpg"))
            .unwrap()
            .modified()
            .unwrap()
    };
    let written = stamp(&entries[0]);
    let start = Instant::now();
    let again = build(root).unwrap();
    let second = start.elapsed();
    eprintln!("second build {second:?}");
    assert_eq!(stamp(&entries[0]), written);
    assert_eq!(again.output.files, built.output.files);
    assert!(second < first, "second {second:?}, first {first:?}");
}

#[test]
fn serve_makes_the_variants_of_an_edited_photo_and_drops_the_old_ones() {
    let site = site_with_photo(&camera_jpeg(1200, 800, 1));
    let root = site.path();
    let mut session = Session::new(options(root));
    session.rebuild_all().unwrap();
    let variants = |session: &Session| -> Vec<String> {
        let output = session.output();
        let output = output.read().unwrap();
        output
            .files
            .keys()
            .filter(|p| p.starts_with("_obrazky/"))
            .cloned()
            .collect()
    };
    let before = variants(&session);
    assert_eq!(before.len(), 3, "{before:?}");
    assert!(before.iter().any(|p| p.ends_with("-1200w.jpg")));

    std::fs::write(
        root.join("static/obrazky/predani-klicu.jpg"),
        camera_jpeg(800, 600, 2),
    )
    .unwrap();
    let update = session
        .apply(&[Change::Static("obrazky/predani-klicu.jpg".into())])
        .unwrap();
    let after = variants(&session);
    assert_eq!(after.len(), 2, "{after:?}");
    assert!(after.iter().all(|p| !before.contains(p)));
    assert!(update.changed.iter().any(|p| p == PAGE), "{update:?}");
    let output = session.output();
    let html = output.read().unwrap().get(PAGE).unwrap().to_string();
    assert!(html.contains("width=\"800\" height=\"600\""), "{html}");
}

/// The first diagnostics of a build that must fail.
fn failure(root: &Path) -> String {
    match build(root) {
        Err(BuildError::Invalid(d)) => d.render(false),
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("the build passed"),
    }
}

#[test]
fn a_photo_too_large_or_with_too_many_pixels_is_reported_with_how_to_fix_it() {
    // 30 MB: rejected by its size before anything is decoded.
    let mut huge = camera_jpeg(64, 64, 1);
    huge.resize(30 * 1000 * 1000, 0);
    let site = site_with_photo(&huge);
    let shown = failure(site.path());
    assert!(
        shown.contains(
            "the photo `/obrazky/predani-klicu.jpg` has 30.0 MB; a photo may have at most 25 MB"
        ),
        "{shown}"
    );
    assert!(shown.contains("hint: make it smaller"), "{shown}");

    // A small file whose header says 8000 × 7000: rejected by its pixels before decoding.
    let mut header = camera_jpeg(16, 16, 1);
    let sof = header
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline JPEG");
    header[sof + 5..sof + 9].copy_from_slice(&[0x1B, 0x58, 0x1F, 0x40]);
    let site = site_with_photo(&header);
    let shown = failure(site.path());
    assert!(
        shown.contains("the photo `/obrazky/predani-klicu.jpg` is 8000 × 7000 pixels (56 megapixels); a photo may have at most 50 megapixels"),
        "{shown}"
    );
}

#[test]
fn a_truncated_photo_is_a_diagnostic_not_a_panic() {
    let mut cut = camera_jpeg(640, 480, 1);
    cut.truncate(cut.len() / 3);
    let site = site_with_photo(&cut);
    let built = build(site.path());
    // A JPEG cut short may still decode (grey below the cut), or be refused: either way the
    // build ends without a panic, and a refusal names the photo.
    if let Err(BuildError::Invalid(d)) = built {
        let shown = d.render(false);
        assert!(
            shown.contains("the photo `/obrazky/predani-klicu.jpg` cannot be read"),
            "{shown}"
        );
    }
}

use super::*;
use crate::markdown::Image;

fn photo(widths: &[(u32, u32)]) -> Photo {
    Photo {
        width: 5000,
        height: 3400,
        variants: widths
            .iter()
            .map(|&(width, height)| Variant {
                path: format!("{DIR}/0123456789abcdef/poradna-{width}w.jpg"),
                width,
                height,
                bytes: Arc::from(&b""[..]),
            })
            .collect(),
        key: "0123456789abcdef0123456789abcdef".into(),
    }
}

fn used(target: &str, alt: &str, in_link: bool) -> ImageUse {
    ImageUse {
        image: Image {
            target: target.into(),
            alt: alt.into(),
            title: String::new(),
            in_link,
            plain_html: format!("<img src=\"{target}\" alt=\"{alt}\" />"),
            span: 0..1,
        },
        path: Some(target.trim_start_matches('/').into()),
        at: Diagnostic::error("content/articles/a.md", ""),
    }
}

fn base(path: &str) -> BaseUrl {
    BaseUrl::parse(path).unwrap()
}

#[test]
fn a_photo_offers_its_variants_at_the_size_of_the_960_pixel_one() {
    let p = photo(&[(480, 326), (960, 653), (1600, 1088)]);
    let html = markdown_html(
        Some(&p),
        &used("/obrazky/poradna.jpg", "Poradna \"U mostu\"", false),
        &base("/plan/"),
        "Původní velikost",
    );
    assert_eq!(
        html,
        "<span class=\"photo\"><img src=\"/plan/_obrazky/0123456789abcdef/poradna-960w.jpg\" \
         srcset=\"/plan/_obrazky/0123456789abcdef/poradna-480w.jpg 480w, /plan/_obrazky/0123456789abcdef/poradna-960w.jpg 960w, /plan/_obrazky/0123456789abcdef/poradna-1600w.jpg 1600w\" \
         sizes=\"(min-width: 46rem) 44rem, calc(100vw - 2rem)\" width=\"960\" height=\"653\" \
         alt=\"Poradna &quot;U mostu&quot;\" loading=\"lazy\" decoding=\"async\">\
         <a class=\"photo-original\" href=\"/plan/obrazky/poradna.jpg\">Původní velikost</a></span>"
    );
}

#[test]
fn a_photo_inside_a_link_is_not_linked_again_and_a_small_one_keeps_its_width() {
    let p = photo(&[(300, 200)]);
    let html = markdown_html(
        Some(&p),
        &used("/obrazky/mapa.png", "Mapa", true),
        &base("/"),
        "Původní velikost",
    );
    assert!(html.starts_with("<img src=\"/_obrazky/"), "{html}");
    assert!(html.contains("width=\"300\" height=\"200\""), "{html}");
    assert!(!html.contains("<a "), "{html}");
}

#[test]
fn a_gif_is_shown_as_it_is_with_its_size_and_anything_else_as_markdown_wrote_it() {
    let mut gif = photo(&[]);
    (gif.width, gif.height) = (320, 240);
    let html = markdown_html(
        Some(&gif),
        &used("/obrazky/anim.gif", "Animace", false),
        &base("/"),
        "x",
    );
    assert_eq!(
        html,
        "<img src=\"/obrazky/anim.gif\" alt=\"Animace\" width=\"320\" height=\"240\" loading=\"lazy\" decoding=\"async\">"
    );
    let svg = used("/obrazky/schema.svg", "Schéma", false);
    assert_eq!(
        markdown_html(None, &svg, &base("/"), "x"),
        svg.image.plain_html
    );
}

#[test]
fn addresses_with_spaces_and_diacritics_are_escaped() {
    assert_eq!(
        address(&base("/"), "obrázky/fotka poradny.jpg"),
        "/obr%C3%A1zky/fotka%20poradny.jpg"
    );
}

#[test]
fn a_cover_is_not_lazy_and_its_widest_variant_is_the_og_image() {
    let mut photos = Photos::default();
    photos.by_path.insert(
        "obrazky/poradna.jpg".into(),
        photo(&[(480, 326), (960, 653), (1600, 1088)]),
    );
    let u = used("/obrazky/poradna.jpg", "Poradna", false);
    let c = cover(&photos, &u, &base("https://plan.example.cz/"));
    assert!(!c.html.contains("loading"), "{}", c.html);
    assert!(c.html.contains("width=\"960\" height=\"653\""));
    assert_eq!(
        c.og_image,
        "https://plan.example.cz/_obrazky/0123456789abcdef/poradna-1600w.jpg"
    );
    assert_eq!((c.og_width, c.og_height), (Some(1600), Some(1088)));
}

#[test]
fn the_key_of_every_photo_a_page_shows_is_in_its_fingerprint() {
    let mut photos = Photos::default();
    let u = used("/obrazky/poradna.jpg", "Poradna", false);
    let before = photos.fingerprint(std::iter::once(&u));
    photos
        .by_path
        .insert("obrazky/poradna.jpg".into(), photo(&[(480, 326)]));
    assert_ne!(before, photos.fingerprint(std::iter::once(&u)));
}

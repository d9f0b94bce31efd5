//! One photo's bytes in, its variants out: decoded (JPEG, PNG, WebP), turned upright by its
//! EXIF orientation, scaled to [`WIDTHS`] (never up) and encoded again. Pure: no file is read
//! or written here, and no input makes it panic — what cannot be read comes back as a
//! [`Problem`].
//!
//! The variants are JPEG (quality [`QUALITY`]), or PNG for an image with transparency. Not
//! WebP: the `image` crate encodes WebP losslessly only, which makes a photo larger than the
//! JPEG it came from, and every browser shows JPEG.

use std::io::Cursor;
use std::sync::Arc;

use fast_image_resize::{images::Image as FirImage, FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};
use rayon::prelude::*;

/// The widths of the variants, in pixels: phones, the article column on a laptop, and the
/// column on a high-density screen. A photo narrower than one gets its own width instead.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// JPEG quality of the variants.
pub const QUALITY: u8 = 80;

/// The largest file taken, in bytes (25 MB): a camera's JPEG is under 15 MB.
pub const MAX_BYTES: usize = 25 * 1000 * 1000;

/// The most pixels taken (50 megapixels): decoding one takes 200 MB of memory.
pub const MAX_PIXELS: u64 = 50_000_000;

/// What the variants are encoded as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
}

/// A photo made ready: its size (upright) and its variants, narrowest first.
#[derive(Debug)]
pub struct Processed {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub variants: Vec<Encoded>,
}

/// One variant's size and bytes.
#[derive(Debug)]
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub bytes: Arc<[u8]>,
}

/// Why a photo cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The file has more than [`MAX_BYTES`].
    TooLarge { bytes: usize },
    /// The picture has more than [`MAX_PIXELS`].
    TooManyPixels { width: u32, height: u32 },
    /// Not a JPEG, PNG or WebP file, or a damaged one: the decoder's words.
    Unreadable(String),
}

/// The widths of the variants of a photo `width` pixels wide: those of [`WIDTHS`] below it and
/// the photo's own width when it is narrower than the widest (a photo is never scaled up).
pub fn variant_widths(width: u32) -> Vec<u32> {
    let widest = WIDTHS[WIDTHS.len() - 1];
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    widths.retain(|&w| w < widest);
    widths.push(width.min(widest));
    widths
}

/// The height of a variant `width` wide of a photo `original` (width, height), at least 1.
pub fn scaled_height(original: (u32, u32), width: u32) -> u32 {
    let (w, h) = (u64::from(original.0.max(1)), u64::from(original.1));
    u32::try_from((h * u64::from(width) + w / 2) / w)
        .unwrap_or(u32::MAX)
        .max(1)
}

/// Decodes a photo and makes its variants (in parallel).
pub fn process(bytes: &[u8]) -> Result<Processed, Problem> {
    if bytes.len() > MAX_BYTES {
        return Err(Problem::TooLarge { bytes: bytes.len() });
    }
    let unreadable = |e: image::ImageError| Problem::Unreadable(e.to_string());
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Problem::Unreadable(e.to_string()))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        _ => return Err(Problem::Unreadable(crate::msg!("photos.not_a_photo"))),
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(4 * MAX_PIXELS + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Problem::TooManyPixels { width, height });
    }
    if width == 0 || height == 0 {
        return Err(Problem::Unreadable(crate::msg!("photos.no_pixels")));
    }
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    let (format, image) = if image.color().has_alpha() {
        (Format::Png, DynamicImage::ImageRgba8(image.into_rgba8()))
    } else {
        (Format::Jpeg, DynamicImage::ImageRgb8(image.into_rgb8()))
    };
    let size = (image.width(), image.height());
    let variants = variant_widths(size.0)
        .into_par_iter()
        .map(|w| variant(&image, size, w, format))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Processed {
        width: size.0,
        height: size.1,
        format,
        variants,
    })
}

/// One variant `width` wide, scaled with Lanczos3 from the whole photo.
fn variant(
    image: &DynamicImage,
    size: (u32, u32),
    width: u32,
    format: Format,
) -> Result<Encoded, Problem> {
    let height = scaled_height(size, width);
    let failed = |e: &dyn std::fmt::Display| Problem::Unreadable(e.to_string());
    let scaled;
    let pixels: &[u8] = if width == size.0 {
        image.as_bytes()
    } else {
        let mut dst = FirImage::new(width, height, pixel_type(format));
        Resizer::new()
            .resize(
                image,
                &mut dst,
                &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
            )
            .map_err(|e| failed(&e))?;
        scaled = dst.into_vec();
        &scaled
    };
    let mut out = Vec::new();
    match format {
        Format::Jpeg => JpegEncoder::new_with_quality(&mut out, QUALITY).write_image(
            pixels,
            width,
            height,
            image::ExtendedColorType::Rgb8,
        ),
        Format::Png => PngEncoder::new(&mut out).write_image(
            pixels,
            width,
            height,
            image::ExtendedColorType::Rgba8,
        ),
    }
    .map_err(|e| failed(&e))?;
    Ok(Encoded {
        width,
        height,
        bytes: out.into(),
    })
}

fn pixel_type(format: Format) -> fast_image_resize::PixelType {
    match format {
        Format::Jpeg => fast_image_resize::PixelType::U8x3,
        Format::Png => fast_image_resize::PixelType::U8x4,
    }
}

/// The size of a GIF from its header (GIFs are published as they are, animations included).
pub fn gif_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if !(bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) || bytes.len() < 10 {
        return None;
    }
    let width = u16::from_le_bytes([bytes[6], bytes[7]]);
    let height = u16::from_le_bytes([bytes[8], bytes[9]]);
    (width > 0 && height > 0).then_some((u32::from(width), u32::from(height)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_never_scaled_up() {
        assert_eq!(variant_widths(5000), [480, 960, 1600]);
        assert_eq!(variant_widths(1600), [480, 960, 1600]);
        assert_eq!(variant_widths(1200), [480, 960, 1200]);
        assert_eq!(variant_widths(960), [480, 960]);
        assert_eq!(variant_widths(300), [300]);
        assert_eq!(scaled_height((5000, 3400), 960), 653);
        assert_eq!(scaled_height((5000, 1), 480), 1);
    }

    #[test]
    fn what_is_no_photo_is_a_problem_not_a_panic() {
        assert!(matches!(process(b""), Err(Problem::Unreadable(_))));
        assert!(matches!(process(b"%PDF-1.4"), Err(Problem::Unreadable(_))));
        // A JPEG's first bytes and nothing after them.
        assert!(matches!(
            process(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F']),
            Err(Problem::Unreadable(_))
        ));
        assert_eq!(
            process(&vec![0; MAX_BYTES + 1]).err(),
            Some(Problem::TooLarge {
                bytes: MAX_BYTES + 1
            })
        );
    }

    #[test]
    fn a_small_png_with_transparency_stays_png_and_its_width() {
        let mut png = Vec::new();
        let pixels = image::RgbaImage::from_pixel(300, 200, image::Rgba([10, 20, 30, 128]));
        DynamicImage::ImageRgba8(pixels)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let done = process(&png).unwrap();
        assert_eq!(
            (done.width, done.height, done.format),
            (300, 200, Format::Png)
        );
        assert_eq!(done.variants.len(), 1);
        assert_eq!(
            (done.variants[0].width, done.variants[0].height),
            (300, 200)
        );
    }

    #[test]
    fn gif_sizes_come_from_the_header() {
        assert_eq!(gif_size(b"GIF89a\x40\x01\xf0\x00rest"), Some((320, 240)));
        assert_eq!(gif_size(b"GIF89a"), None);
    }
}

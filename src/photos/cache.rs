//! Processed photos kept on disk under the site root (`.milnik-cache/photos/<key>/`), so that
//! a second build, and `serve` after a restart, decode nothing: a directory per photo's
//! [`key`] (its bytes and the processing settings) with `photo.json` (sizes and format) and
//! one file per variant. A directory is written under another name and renamed into place, so
//! a build that stops half-way leaves no half entry; an entry that cannot be read is made
//! again. The cache is never needed: deleting `.milnik-cache/` only makes the next build slower.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::process::{Encoded, Format, Processed, MAX_PIXELS, QUALITY, WIDTHS};

/// The directory of the cache, relative to the site root (`.gitignore`d as `/.milnik-*`).
pub const DIR: &str = ".milnik-cache/photos";

/// What a photo is processed into depends on its bytes and on these settings; changing one
/// changes every key, so old entries are never used for new settings.
fn settings() -> String {
    format!(
        "milnik photos 1; widths {WIDTHS:?}; quality {QUALITY}; max {MAX_PIXELS}; image 0.25; fast_image_resize 6 lanczos3"
    )
}

/// The key of a photo's bytes: 32 hex digits of XXH3-128 over the settings and the bytes.
pub fn key(bytes: &[u8]) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(settings().as_bytes());
    hasher.update(bytes);
    format!("{:032x}", hasher.digest128())
}

#[derive(Serialize, Deserialize)]
struct Entry {
    width: u32,
    height: u32,
    format: Format,
    variants: Vec<(u32, u32)>,
}

fn variant_file(dir: &Path, width: u32, format: Format) -> PathBuf {
    dir.join(format!("{width}w.{}", format.extension()))
}

/// The photo of `key` as an earlier build made it; `None` when the cache does not have it whole.
pub fn read(root: &Path, key: &str) -> Option<Processed> {
    let dir = root.join(DIR).join(key);
    let entry: Entry = serde_json::from_slice(&fs::read(dir.join("photo.json")).ok()?).ok()?;
    let variants = entry
        .variants
        .iter()
        .map(|&(width, height)| {
            let bytes = fs::read(variant_file(&dir, width, entry.format)).ok()?;
            Some(Encoded {
                width,
                height,
                bytes: Arc::from(bytes),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Processed {
        width: entry.width,
        height: entry.height,
        format: entry.format,
        variants,
    })
}

/// Keeps `photo` for the next build. A cache that cannot be written (a read-only site) only
/// costs time, so failures are ignored.
pub fn write(root: &Path, key: &str, photo: &Processed) {
    let parent = root.join(DIR);
    let dir = parent.join(key);
    if dir.exists() {
        let _ = fs::remove_dir_all(&dir);
    }
    let staging = parent.join(format!(".{key}.{}", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        fs::create_dir_all(&staging)?;
        for v in &photo.variants {
            fs::write(variant_file(&staging, v.width, photo.format), &v.bytes)?;
        }
        let entry = Entry {
            width: photo.width,
            height: photo.height,
            format: photo.format,
            variants: photo.variants.iter().map(|v| (v.width, v.height)).collect(),
        };
        fs::write(staging.join("photo.json"), serde_json::to_vec(&entry)?)?;
        fs::rename(&staging, &dir)
    })();
    if written.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_photo_is_read_back_and_a_broken_entry_is_not() {
        let root = tempfile::tempdir().unwrap();
        let photo = Processed {
            width: 600,
            height: 400,
            format: Format::Jpeg,
            variants: vec![
                Encoded {
                    width: 480,
                    height: 320,
                    bytes: Arc::from(&b"small"[..]),
                },
                Encoded {
                    width: 600,
                    height: 400,
                    bytes: Arc::from(&b"large"[..]),
                },
            ],
        };
        let k = key(b"photo");
        assert_eq!(k.len(), 32);
        assert_ne!(k, key(b"photo2"));
        assert!(read(root.path(), &k).is_none());
        write(root.path(), &k, &photo);
        let back = read(root.path(), &k).unwrap();
        assert_eq!(
            (back.width, back.height, back.format),
            (600, 400, Format::Jpeg)
        );
        assert_eq!(&*back.variants[1].bytes, b"large");
        fs::remove_file(root.path().join(DIR).join(&k).join("600w.jpg")).unwrap();
        assert!(read(root.path(), &k).is_none());
    }
}

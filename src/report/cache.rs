//! Reports kept on disk under the site root (`.milnik-cache/reports/<key>.pdf`), so that a
//! build whose wave data, report files and milnik version did not change lays no report out
//! again (an article edit, a new photo, a rebuild of the same site). The key covers every input
//! of the layout: the files Typst reads (the theme's report files and `data.json`), the date and
//! the output path. A file is written under another name and renamed into place; one that
//! cannot be read is made again. Only reports Typst had nothing to say about are kept, so a
//! warning is reported at every build. After each run only the reports of that run stay
//! ([`keep_only`]): editing a wave or the template day after day does not fill the disk.
//! Deleting `.milnik-cache/` only makes the next build slower.

use std::fs;
use std::path::{Path, PathBuf};

use super::Job;

/// The directory of the cache, relative to the site root (`.gitignore`d as `/.milnik-*`).
pub const DIR: &str = ".milnik-cache/reports";

/// The key of a job: 32 hex digits of XXH3-128 over milnik's version and the job's inputs.
pub fn key(job: &Job) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(
        concat!(
            "milnik report ",
            env!("CARGO_PKG_VERSION"),
            "; typst 0.15\n"
        )
        .as_bytes(),
    );
    hasher.update(job.path.as_bytes());
    hasher.update(format!("\n{:?}\n", job.today).as_bytes());
    for (name, bytes) in &job.files {
        hasher.update(name.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    format!("{:032x}", hasher.digest128())
}

fn file(root: &Path, key: &str) -> PathBuf {
    root.join(DIR).join(format!("{key}.pdf"))
}

/// The report of `key` as an earlier build made it.
pub fn read(root: &Path, key: &str) -> Option<Vec<u8>> {
    fs::read(file(root, key))
        .ok()
        .filter(|pdf| pdf.starts_with(b"%PDF-"))
}

/// Keeps a report for later builds; a failure to write only means it is made again.
pub fn write(root: &Path, key: &str, pdf: &[u8]) {
    let path = file(root, key);
    let Some(dir) = path.parent() else {
        return;
    };
    if fs::create_dir_all(dir).is_err() {
        return;
    }
    let partial = dir.join(format!(".{key}.{}.partial", std::process::id()));
    if fs::write(&partial, pdf).is_ok() && fs::rename(&partial, &path).is_err() {
        let _ = fs::remove_file(&partial);
    }
}

/// Removes every kept report but those of `keys` (the reports of the run that just ended).
/// Files being written by another process (`.<key>.<pid>.partial`) are left alone; a report
/// another `milnik` still wanted is only laid out again.
pub fn keep_only(root: &Path, keys: &[String]) {
    let Ok(entries) = fs::read_dir(root.join(DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(key) = name.to_str().and_then(|n| n.strip_suffix(".pdf")) else {
            continue;
        };
        if !key.starts_with('.') && !keys.iter().any(|k| k == key) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

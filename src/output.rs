//! Stage 4 of the build: the rendered site, held in memory, and putting it on disk atomically.
//!
//! Rendering produces a [`SiteOutput`] (path → bytes); tests can inspect it without touching the
//! disk. [`write_atomically`] writes it into a fresh directory beside the output directory and
//! swaps it into place only when everything was written, so a failed build leaves the previous
//! site exactly as it was.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Every output file by its path relative to the output directory ("opatreni/1-1-1-1/index.html").
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SiteOutput {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl SiteOutput {
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files
            .get(path)
            .and_then(|b| std::str::from_utf8(b).ok())
    }
}

/// Whether an output path stays inside the output directory: relative, no `..`, no root, no
/// Windows separators or drive prefixes.
pub fn is_contained(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.contains(':')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.milnik-{tag}-{}", std::process::id()))
}

fn write_tree(dir: &Path, site: &SiteOutput) -> io::Result<()> {
    for (path, bytes) in &site.files {
        if !is_contained(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write `{path}` outside the output directory"),
            ));
        }
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes)?;
    }
    Ok(())
}

/// Writes the site into `output`, replacing what was there only once everything is written.
pub fn write_atomically(output: &Path, site: &SiteOutput) -> io::Result<()> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let staging = sibling(output, "new");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(&staging)?;
    if let Err(err) = write_tree(&staging, site) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }
    if output.exists() {
        let old = sibling(output, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(output, &old)?;
        if let Err(err) = std::fs::rename(&staging, output) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&old, output);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(err);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&staging, output)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_cannot_escape() {
        assert!(is_contained("opatreni/1-1-1-1/index.html"));
        for bad in ["", "../x", "/etc/passwd", "a/../../b", "a\\b", "C:x", "./"] {
            assert!(!is_contained(bad), "{bad:?}");
        }
    }

    #[test]
    fn writing_replaces_the_previous_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("stale")).unwrap();
        std::fs::write(out.join("stale/index.html"), "old").unwrap();
        let mut site = SiteOutput::default();
        site.files.insert("index.html".into(), b"new".to_vec());
        write_atomically(&out, &site).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging directories left behind");
    }

    #[test]
    fn a_failed_write_keeps_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        let mut site = SiteOutput::default();
        site.files.insert("../escape.html".into(), b"x".to_vec());
        assert!(write_atomically(&out, &site).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!dir.path().join("escape.html").exists());
    }
}

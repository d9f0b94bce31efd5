//! Stage 4 of the build: the rendered site, held in memory, and putting it on disk atomically.
//!
//! Rendering produces a [`SiteOutput`] (path → bytes); tests can inspect it without touching the
//! disk. [`write_atomically`] writes it into a fresh directory beside the output directory and
//! swaps it into place only when everything was written, so a failed build leaves the previous
//! site exactly as it was. On Linux the swap is one atomic exchange of the two directories
//! (`renameat2` with `RENAME_EXCHANGE`): a build killed at any moment (Ctrl-C, a crash, the power
//! going out of the process) leaves the old site or the new one at the output path, never a mix
//! and never nothing. Elsewhere two renames are used, and a site left beside the output path by a
//! build killed between them is put back by the next build.

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

/// The name of a working directory beside the output: `.public.milnik-new-1234`.
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

/// Whether the process that made a working directory is still running (so its directory must
/// be left alone). Without a way to tell, it is assumed gone.
fn is_running(pid: u32) -> bool {
    pid == std::process::id()
        || (cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists())
}

/// Cleans up after builds that were killed: puts back a previous site that a build killed
/// between its two renames left beside the output path, and removes abandoned working
/// directories.
fn recover(output: &Path) -> io::Result<()> {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return Ok(());
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}.milnik-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<(String, u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name().into_string().ok()?;
            let rest = file_name.strip_prefix(&prefix)?;
            let (tag, pid) = rest.rsplit_once('-')?;
            Some((tag.to_string(), pid.parse().ok()?, e.path()))
        })
        .filter(|(_, pid, _)| !is_running(*pid))
        .collect();
    leftovers.sort();
    for (tag, _, path) in leftovers {
        if tag == "old" && !output.exists() {
            std::fs::rename(&path, output)?;
        } else {
            std::fs::remove_dir_all(&path)?;
        }
    }
    Ok(())
}

/// Swaps two directories in one step; `Ok(false)` when the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let status = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        // The kernel or the file system does not support exchanging.
        Some(libc::ENOSYS) | Some(libc::EINVAL) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Writes the site into `output`, replacing what was there only once everything is written.
pub fn write_atomically(output: &Path, site: &SiteOutput) -> io::Result<()> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    recover(output)?;
    let staging = sibling(output, "new");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(&staging)?;
    if let Err(err) = write_tree(&staging, site) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }
    if !output.exists() {
        return std::fs::rename(&staging, output);
    }
    if exchange(&staging, output)? {
        // `staging` now holds the previous site.
        return std::fs::remove_dir_all(&staging);
    }
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
    std::fs::remove_dir_all(&old)
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
    fn a_site_left_beside_the_output_by_a_killed_build_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A build killed between its two renames (pid 0 is never a build).
        let old = dir.path().join(".public.milnik-old-0");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "old").unwrap();
        let abandoned = dir.path().join(".public.milnik-new-0");
        std::fs::create_dir_all(&abandoned).unwrap();
        recover(&out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!abandoned.exists());
        assert!(!old.exists());
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

//! Stage 5 of the build: where the files go. The rendered site is held in memory as a
//! [`SiteOutput`] (path → bytes); a [`Destination`] takes the files as they are made and puts a
//! finished build in place: [`Memory`] keeps nothing of its own (`check` and tests read the
//! output), [`Staging`] writes a new site beside the output directory and swaps it in, and
//! [`Live`] is the output `serve` answers from, changed file by file.
//!
//! [`write_atomically`] writes a site into a fresh directory beside the output directory and
//! swaps it into place only when everything was written, so a failed build leaves the previous
//! site exactly as it was. On Linux the swap is one atomic exchange of the two directories
//! (`renameat2` with `RENAME_EXCHANGE`): a build killed at any moment (Ctrl-C, a crash, the power
//! going out of the process) leaves the old site or the new one at the output path, never a mix
//! and never nothing. Elsewhere two renames are used, and a site left beside the output path by a
//! build killed between them is put back by the next build.
//!
//! Writing uses every core. A file whose bytes the previous site already has is hard-linked from
//! it rather than written again, so rebuilding a site that barely changed creates few files; on
//! file systems that are slow to create many files after deleting many (ext4 without a journal
//! skips recently freed inodes one by one) that is most of a large build's time.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};

/// Where the files of a build go: kept in memory ([`Memory`], for `check` and tests), written
/// into a [`Staging`] directory beside the output directory, which replaces it only when the
/// whole build succeeded (`build`), or put into the [`Live`] output a server answers from
/// (`serve`). `build::stages` sends the pages into one as they are rendered; the build is put
/// in place with [`Destination::publish`] once every check passed.
pub trait Destination: Sync {
    /// Whether the files reach the disk (the build then times the writing as a stage).
    const WRITES: bool;

    /// Takes the batches sent on `batches` as they arrive, until every sender is gone, and
    /// gives them all back in the order received, tagged as they were sent, with the first
    /// failure to write them. Only a [`Staging`] writes them now; the others keep them until
    /// the build is published.
    fn take_as_sent<T: Send>(
        &self,
        batches: std::sync::mpsc::Receiver<(T, Batch)>,
    ) -> (Vec<(T, Batch)>, io::Result<()>) {
        (batches.into_iter().collect(), Ok(()))
    }

    /// Puts a build that passed every check in place: the files of `made` over what the
    /// destination holds, without the files at the paths `gone` (taken out first). `made` is
    /// every file of the site for a one-off build, and what a rebuild made again in `serve`.
    /// Says which paths now have other bytes than before and which went; a destination that
    /// starts empty every build ([`Memory`], [`Staging`]) says nothing.
    fn publish(&self, made: Cow<'_, SiteOutput>, gone: Vec<String>) -> io::Result<Published>;
}

/// What publishing a build changed in a destination that outlives builds ([`Live`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// Paths whose bytes changed or that are new, sorted.
    pub changed: Vec<String>,
    /// Paths that are gone, sorted.
    pub removed: Vec<String>,
}

/// Keeps the files in memory only: the build's [`SiteOutput`] is all there is.
pub struct Memory;

impl Destination for Memory {
    const WRITES: bool = false;

    fn publish(&self, _: Cow<'_, SiteOutput>, _: Vec<String>) -> io::Result<Published> {
        Ok(Published::default())
    }
}

impl Destination for Staging {
    const WRITES: bool = true;

    fn take_as_sent<T: Send>(
        &self,
        batches: std::sync::mpsc::Receiver<(T, Batch)>,
    ) -> (Vec<(T, Batch)>, io::Result<()>) {
        self.write_as_sent(batches)
    }

    /// Writes the files no batch wrote and swaps the new site in. `gone` needs nothing: the
    /// new site starts empty.
    fn publish(&self, made: Cow<'_, SiteOutput>, _: Vec<String>) -> io::Result<Published> {
        self.write_rest(&made)?;
        self.swap_in()?;
        Ok(Published::default())
    }
}

/// The output `serve` answers from, shared with its HTTP server. A rebuild's files go in only
/// once it passed every check, under one lock, so a request sees the site before the rebuild
/// or after it; only files whose bytes changed are touched, and they are reported so the
/// browser reloads only for them.
#[derive(Clone, Default)]
pub struct Live {
    output: Arc<RwLock<SiteOutput>>,
}

impl Live {
    /// The output the server reads.
    pub fn shared(&self) -> Arc<RwLock<SiteOutput>> {
        Arc::clone(&self.output)
    }

    /// The output as it is now; publishing waits while this is held.
    pub fn read(&self) -> RwLockReadGuard<'_, SiteOutput> {
        self.output.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// [`Destination::publish`], which cannot fail in memory.
    pub fn apply(&self, made: Cow<'_, SiteOutput>, mut gone: Vec<String>) -> Published {
        let mut output = self.output.write().unwrap_or_else(PoisonError::into_inner);
        gone.retain(|path| output.files.remove(path).is_some());
        let mut changed = Vec::new();
        match made {
            Cow::Owned(made) => {
                for (path, bytes) in made.files {
                    if output.files.get(&path) != Some(&bytes) {
                        changed.push(path.clone());
                        output.files.insert(path, bytes);
                    }
                }
            }
            Cow::Borrowed(made) => {
                for (path, bytes) in &made.files {
                    if output.files.get(path) != Some(bytes) {
                        changed.push(path.clone());
                        output.files.insert(path.clone(), bytes.clone());
                    }
                }
            }
        }
        changed.sort();
        gone.sort();
        Published {
            changed,
            removed: gone,
        }
    }

    /// Replaces every file under the directory `dir` by `files`, made on another thread,
    /// unless `superseded()`, asked under the lock, says a newer set was published meanwhile.
    pub fn replace_dir(&self, dir: &str, files: Batch, superseded: impl FnOnce() -> bool) {
        let mut output = self.output.write().unwrap_or_else(PoisonError::into_inner);
        if superseded() {
            return;
        }
        let prefix = format!("{dir}/");
        let new: std::collections::HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        output
            .files
            .retain(|path, _| !path.starts_with(&prefix) || new.contains(path.as_str()));
        for (path, bytes) in files {
            if output.files.get(&path) != Some(&bytes) {
                output.files.insert(path, bytes);
            }
        }
    }
}

impl Destination for Live {
    const WRITES: bool = false;

    fn publish(&self, made: Cow<'_, SiteOutput>, gone: Vec<String>) -> io::Result<Published> {
        Ok(self.apply(made, gone))
    }
}

/// Every output file by its path relative to the output directory ("opatreni/1-1-1-1/index.html").
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SiteOutput {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Output files made together, by their paths: the pages just rendered, the search index.
pub type Batch = Vec<(String, Vec<u8>)>;

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

/// The files of a group of batches, by path.
fn group_files<T>(group: &[(T, Batch)]) -> Vec<(&String, &Vec<u8>)> {
    group
        .iter()
        .flat_map(|(_, files)| files.iter().map(|(path, bytes)| (path, bytes)))
        .collect()
}

/// Whether `previous` holds exactly `bytes`.
fn unchanged(previous: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(previous).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(previous).is_ok_and(|old| old == bytes)
}

/// A new site being written beside the output directory, put in its place by
/// [`Staging::commit`]. Files can be written in several batches (the pages while the search
/// index is being computed, then the rest). Dropped without a commit, it is removed and the
/// output directory is left as it was.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// The site being replaced, whose unchanged files are linked rather than written.
    previous: Option<PathBuf>,
    /// Files written so far, relative to `dir`.
    written: std::sync::Mutex<std::collections::HashSet<String>>,
    /// Directories made so far, relative to `dir`.
    made_dirs: std::sync::Mutex<std::collections::HashSet<String>>,
    committed: AtomicBool,
}

impl Staging {
    /// Cleans up after killed builds and makes an empty working directory beside `output`.
    pub fn begin(output: &Path) -> io::Result<Staging> {
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        recover(output)?;
        let dir = sibling(output, "new");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            output: output.to_path_buf(),
            previous: output.is_dir().then(|| output.to_path_buf()),
            dir,
            written: Default::default(),
            made_dirs: Default::default(),
            committed: AtomicBool::new(false),
        })
    }

    /// Writes these files, on all cores. A file whose bytes are already in the previous site is
    /// hard-linked from it instead of written again: the disk gets no new file for it, and
    /// removing the previous site afterwards only drops a name.
    pub fn write<'a>(
        &self,
        files: impl Iterator<Item = (&'a String, &'a Vec<u8>)>,
    ) -> io::Result<()> {
        let files: Vec<(&String, &Vec<u8>)> = files.collect();
        self.prepare(files.iter().map(|(path, _)| path.as_str()))?;
        crate::disk::run(|| self.put_all(&files))
    }

    /// Everything before the files themselves, done on the calling thread: refuses paths that
    /// leave the output directory, records the files as written, and makes the directories
    /// they need.
    fn prepare<'a>(&self, paths: impl Iterator<Item = &'a str> + Clone) -> io::Result<()> {
        if let Some(path) = paths.clone().find(|p| !is_contained(p)) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                crate::msg!("build.outside_output", path),
            ));
        }
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(paths.clone().map(str::to_string));
        // The directories are made one after another on this thread: so no file is first
        // tried in a directory that is not there (a failed open costs the kernel a lookup),
        // and no IO thread spins on the lock of a parent directory, which ext4 holds while it
        // makes a directory in it (the 10,000 articles' directories share one parent).
        let mut made = self.made_dirs.lock().unwrap_or_else(|e| e.into_inner());
        for path in paths {
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            if !dir.is_empty() && !made.contains(dir) {
                std::fs::create_dir_all(self.dir.join(dir))?;
                made.insert(dir.to_string());
            }
        }
        Ok(())
    }

    /// Puts prepared files in place, in parallel on the current pool.
    fn put_all(&self, files: &[(&String, &Vec<u8>)]) -> io::Result<()> {
        use rayon::prelude::*;
        files
            .par_iter()
            .try_for_each(|(path, bytes)| self.put(path, bytes))
    }

    /// Writes one file into its directory, which [`Staging::write`] has made (and makes it
    /// again should it be missing).
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.dir.join(path);
        let same_as_before = self
            .previous
            .as_ref()
            .map(|previous| previous.join(path))
            .filter(|old| unchanged(old, bytes));
        let link_or_write = || match &same_as_before {
            Some(old) => std::fs::hard_link(old, &target),
            None => std::fs::write(&target, bytes),
        };
        match link_or_write() {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                // Another thread may be making the same parent: that counts as made.
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                link_or_write().or_else(|_| std::fs::write(&target, bytes))
            }
            // A file system without hard links, or the previous site on another device.
            Err(_) => std::fs::write(&target, bytes),
        }
    }

    /// Writes the batches sent on `batches` as they arrive, until every sender is gone, and
    /// gives them all back in the order received, tagged as they were sent. After a failed
    /// write nothing more is written, but the batches are still received and given back.
    ///
    /// This thread makes each group's directories and hands its files to the IO pool, then
    /// goes on to the next group: the directories, made one at a time, are not waited for by
    /// the files of the group before, and when rendering ends only files are left to write,
    /// on every core (making them in turn left a core idle for a sixth of a second at the
    /// end of a 10,000-article build).
    pub fn write_as_sent<T: Send>(
        &self,
        batches: std::sync::mpsc::Receiver<(T, Batch)>,
    ) -> (Vec<(T, Batch)>, io::Result<()>) {
        // Files are written a group at a time, on the IO pool. A group of a few files would
        // wake its sixteen threads for little work, and their spinning takes the cores from
        // rendering, so a group waits for this many files or for the last batch.
        const GROUP: usize = 512;
        /// A group handed to the pool, with its place in the order received.
        type Done<T> = (usize, Vec<(T, Batch)>, io::Result<()>);
        let failed = std::sync::atomic::AtomicBool::new(false);
        let (done_send, done) = std::sync::mpsc::channel::<Done<T>>();
        crate::disk::scope(|scope| {
            let mut open = true;
            let mut number = 0;
            while open {
                let mut group = Vec::new();
                let mut files = 0;
                while files < GROUP {
                    match batches.recv() {
                        Ok(batch) => {
                            files += batch.1.len();
                            group.push(batch);
                        }
                        Err(_) => {
                            open = false;
                            break;
                        }
                    }
                }
                if group.is_empty() {
                    break;
                }
                let prepared = if failed.load(std::sync::atomic::Ordering::Relaxed) {
                    None
                } else {
                    let paths = group.iter().flat_map(|(_, files)| files.iter());
                    Some(self.prepare(paths.map(|(path, _)| path.as_str())))
                };
                let done_send = done_send.clone();
                let failed = &failed;
                match prepared {
                    Some(Ok(())) => scope.spawn_fifo(move |_| {
                        let result = if failed.load(std::sync::atomic::Ordering::Relaxed) {
                            Ok(())
                        } else {
                            self.put_all(&group_files(&group))
                        };
                        if result.is_err() {
                            failed.store(true, std::sync::atomic::Ordering::Relaxed);
                        }
                        let _ = done_send.send((number, group, result));
                    }),
                    Some(Err(err)) => {
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                        let _ = done_send.send((number, group, Err(err)));
                    }
                    None => {
                        let _ = done_send.send((number, group, Ok(())));
                    }
                }
                number += 1;
            }
        });
        drop(done_send);
        let mut groups: Vec<Done<T>> = done.into_iter().collect();
        groups.sort_by_key(|(number, _, _)| *number);
        let mut written = Ok(());
        let mut received = Vec::new();
        for (_, group, result) in groups {
            if written.is_ok() {
                written = result;
            }
            received.extend(group);
        }
        (received, written)
    }

    /// Writes the files of `site` that no earlier batch wrote.
    pub fn write_rest(&self, site: &SiteOutput) -> io::Result<()> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        self.write(
            site.files
                .iter()
                .filter(|(p, _)| !written.contains(p.as_str())),
        )
    }

    /// Puts the written site in place of the output directory, in one step where the system
    /// allows, and removes the previous site.
    pub fn commit(self) -> io::Result<()> {
        self.swap_in()
    }

    /// What [`Staging::commit`] does, for [`Destination::publish`], which cannot take the
    /// staging away; nothing is written after it.
    fn swap_in(&self) -> io::Result<()> {
        let (staging, output) = (self.dir.clone(), self.output.clone());
        if !output.exists() {
            std::fs::rename(&staging, &output)?;
            self.committed.store(true, Ordering::SeqCst);
            return Ok(());
        }
        if exchange(&staging, &output)? {
            // `staging` now holds the previous site.
            self.committed.store(true, Ordering::SeqCst);
            return remove_tree(&staging);
        }
        let old = sibling(&output, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(&output, &old)?;
        if let Err(err) = std::fs::rename(&staging, &output) {
            // Put the previous site back before reporting (the new one goes when dropped).
            let _ = std::fs::rename(&old, &output);
            return Err(err);
        }
        self.committed.store(true, Ordering::SeqCst);
        remove_tree(&old)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed.load(Ordering::SeqCst) {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Removes a directory tree, deleting its files on all cores.
fn remove_tree(root: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.map_err(io::Error::from)?;
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(std::fs::remove_file)?;
    // Walked parents first: removed children first.
    for dir in dirs.iter().rev() {
        std::fs::remove_dir(dir)?;
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
    let staging = Staging::begin(output)?;
    staging.write(site.files.iter())?;
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site of `(path, text)` files.
    fn site_of(files: &[(&str, &str)]) -> SiteOutput {
        SiteOutput {
            files: files
                .iter()
                .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
                .collect(),
        }
    }

    #[test]
    fn the_live_output_touches_and_reports_only_files_whose_bytes_changed() {
        let live = Live::default();
        let first = site_of(&[("a.html", "a"), ("b.html", "b"), ("old.html", "x")]);
        let published = live.publish(Cow::Borrowed(&first), Vec::new()).unwrap();
        assert_eq!(published.changed, ["a.html", "b.html", "old.html"]);
        let again = site_of(&[("b.html", "B"), ("a.html", "a"), ("new.html", "n")]);
        let gone = vec!["old.html".to_string(), "never.html".to_string()];
        let published = live.publish(Cow::Owned(again), gone).unwrap();
        assert_eq!(published.changed, ["b.html", "new.html"]);
        assert_eq!(published.removed, ["old.html"], "only what was there went");
        let paths: Vec<String> = live.read().files.keys().cloned().collect();
        assert_eq!(paths, ["a.html", "b.html", "new.html"]);
        // Taken out first, then put in: a path both gone and made is there afterwards.
        let published = live.apply(
            Cow::Owned(site_of(&[("a.html", "a")])),
            vec!["a.html".into()],
        );
        assert_eq!(
            (published.changed, published.removed),
            (vec!["a.html".to_string()], vec!["a.html".to_string()])
        );
        assert_eq!(live.read().get("a.html"), Some("a"));
    }

    #[test]
    fn a_directory_replaced_from_another_thread_is_kept_when_a_newer_one_was_published() {
        let live = Live::default();
        live.apply(
            Cow::Owned(site_of(&[
                ("i/1.json", "1"),
                ("i/2.json", "2"),
                ("index.html", "h"),
            ])),
            Vec::new(),
        );
        let index = |text: &str| site_of(&[("i/2.json", text)]).files.into_iter().collect();
        live.replace_dir("i", index("old"), || true);
        assert_eq!(live.read().get("i/2.json"), Some("2"), "superseded");
        live.replace_dir("i", index("new"), || false);
        let paths: Vec<String> = live.read().files.keys().cloned().collect();
        assert_eq!(paths, ["i/2.json", "index.html"]);
        assert_eq!(live.read().get("i/2.json"), Some("new"));
    }

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

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_from_the_previous_site_and_changed_ones_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut site = SiteOutput::default();
        site.files.insert("a/index.html".into(), b"same".to_vec());
        site.files
            .insert("a/b/index.html".into(), b"before".to_vec());
        site.files.insert("gone.html".into(), b"x".to_vec());
        write_atomically(&out, &site).unwrap();
        let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let (same, changed) = (inode("a/index.html"), inode("a/b/index.html"));
        site.files
            .insert("a/b/index.html".into(), b"after".to_vec());
        site.files.remove("gone.html");
        write_atomically(&out, &site).unwrap();
        assert_eq!(inode("a/index.html"), same, "unchanged file reused");
        assert_ne!(
            inode("a/b/index.html"),
            changed,
            "changed file written anew"
        );
        assert_eq!(std::fs::read(out.join("a/b/index.html")).unwrap(), b"after");
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"same");
        assert!(!out.join("gone.html").exists());
        let meta = std::fs::metadata(out.join("a/index.html")).unwrap();
        assert_eq!(meta.nlink(), 1, "the previous site's names are gone");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// A staging directory for `public` in a fresh temporary directory.
    fn staging_beside_nothing() -> (tempfile::TempDir, Staging) {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&dir.path().join("public")).unwrap();
        (dir, staging)
    }

    #[test]
    fn batches_sent_while_rendering_are_written_and_given_back_in_order() {
        let (dir, staging) = staging_beside_nothing();
        let out = dir.path().join("public");
        let (send, batches) = std::sync::mpsc::channel();
        let file = |path: &str, text: &str| (path.to_string(), text.as_bytes().to_vec());
        let sender = std::thread::spawn(move || {
            send.send(("page", vec![file("clanky/a/index.html", "a")]))
                .unwrap();
            send.send(("page", vec![file("clanky/b/index.html", "b")]))
                .unwrap();
            send.send(("index", vec![file("hledat/index/d/0/0.json", "{}")]))
                .unwrap();
        });
        let (received, written) = staging.write_as_sent(batches);
        sender.join().unwrap();
        written.unwrap();
        let tags: Vec<&str> = received.iter().map(|(tag, _)| *tag).collect();
        assert_eq!(tags, ["page", "page", "index"]);
        let mut site = SiteOutput::default();
        site.files.insert("index.html".into(), b"home".to_vec());
        site.files.extend(received.into_iter().flat_map(|(_, f)| f));
        staging.write_rest(&site).unwrap();
        staging.commit().unwrap();
        for (path, text) in [
            ("clanky/a/index.html", "a"),
            ("clanky/b/index.html", "b"),
            ("hledat/index/d/0/0.json", "{}"),
            ("index.html", "home"),
        ] {
            assert_eq!(std::fs::read_to_string(out.join(path)).unwrap(), text);
        }
    }

    /// Sends each file as a batch of its own, tagged 1, 2, …, and writes them as sent.
    fn write_one_by_one(
        staging: &Staging,
        files: &[(&str, &str)],
    ) -> (Vec<(usize, Batch)>, io::Result<()>) {
        let (send, batches) = std::sync::mpsc::channel();
        for (n, (path, text)) in files.iter().enumerate() {
            let file = (path.to_string(), text.as_bytes().to_vec());
            send.send((n + 1, vec![file])).unwrap();
        }
        drop(send);
        staging.write_as_sent(batches)
    }

    #[test]
    fn a_batch_with_a_path_outside_the_output_is_refused_and_all_is_given_back() {
        let (dir, staging) = staging_beside_nothing();
        let (received, written) =
            write_one_by_one(&staging, &[("../escape.html", "x"), ("a/index.html", "a")]);
        let err = written.unwrap_err();
        assert!(
            err.to_string().contains("outside the output directory"),
            "{err}"
        );
        assert_eq!(received.len(), 2);
        assert!(!staging.dir.join("a/index.html").exists());
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn many_groups_written_at_once_come_back_in_the_order_sent() {
        let (_dir, staging) = staging_beside_nothing();
        let (send, batches) = std::sync::mpsc::channel();
        let sender = std::thread::spawn(move || {
            for i in 0..2000 {
                let page = (format!("clanky/{i}/index.html"), i.to_string().into_bytes());
                send.send((i, vec![page])).unwrap();
            }
        });
        let (received, written) = staging.write_as_sent(batches);
        sender.join().unwrap();
        written.unwrap();
        let tags: Vec<i32> = received.iter().map(|(tag, _)| *tag).collect();
        assert_eq!(tags, (0..2000).collect::<Vec<_>>());
        for i in [0, 511, 512, 1999] {
            let path = staging.dir.join(format!("clanky/{i}/index.html"));
            assert_eq!(std::fs::read_to_string(path).unwrap(), i.to_string());
        }
    }

    #[test]
    fn a_file_that_cannot_be_written_fails_the_write_and_all_is_given_back() {
        let (_dir, staging) = staging_beside_nothing();
        // `a` is made a directory for `a/index.html`, so the file `a` cannot be created.
        let (received, written) = write_one_by_one(&staging, &[("a/index.html", "a"), ("a", "x")]);
        assert!(written.is_err());
        let tags: Vec<usize> = received.iter().map(|(tag, _)| *tag).collect();
        assert_eq!(tags, [1, 2]);
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

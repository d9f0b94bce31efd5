//! Running a tool as a child process and measuring it: wall time, CPU time (user + system) and
//! peak resident memory, the last two from the kernel's accounting of the child (`wait4`).

use std::io::{Read, Seek};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use walkdir::WalkDir;

/// One run of a tool.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Seconds from spawning the child to reaping it.
    pub wall_s: f64,
    /// User + system CPU seconds of the child (and of its waited-for descendants).
    pub cpu_s: f64,
    /// Peak resident set size in bytes.
    pub peak_rss: u64,
}

/// Runs `cmd` to completion with its stdout discarded; fails with the tool's stderr when it
/// exits unsuccessfully.
pub fn run(cmd: &mut Command) -> anyhow::Result<Sample> {
    let mut stderr = tempfile::tempfile()?;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(stderr.try_clone()?));
    let start = Instant::now();
    let child = cmd
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot start {:?}: {e}", cmd.get_program()))?;
    let (success, cpu_s, peak_rss) = wait(child)?;
    let wall_s = start.elapsed().as_secs_f64();
    if !success {
        let mut text = String::new();
        stderr.rewind()?;
        stderr.read_to_string(&mut text)?;
        anyhow::bail!(
            "{:?} {:?} failed (in {:?}):\n{text}",
            cmd.get_program(),
            cmd.get_args().collect::<Vec<_>>(),
            cmd.get_current_dir().unwrap_or(Path::new("."))
        );
    }
    Ok(Sample {
        wall_s,
        cpu_s,
        peak_rss,
    })
}

/// Reaps the child with `wait4`, which also returns its resource usage.
#[cfg(target_os = "linux")]
fn wait(child: std::process::Child) -> anyhow::Result<(bool, f64, u64)> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; all-zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: the pointers are to live locals; pid is our own unreaped child.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err.into());
        }
    }
    // The child is reaped: dropping the handle only closes its (unused) pipes.
    drop(child);
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((
        success,
        secs(usage.ru_utime) + secs(usage.ru_stime),
        // ru_maxrss is in KiB on Linux.
        usage.ru_maxrss as u64 * 1024,
    ))
}

/// Elsewhere only the exit status is known.
#[cfg(not(target_os = "linux"))]
fn wait(mut child: std::process::Child) -> anyhow::Result<(bool, f64, u64)> {
    Ok((child.wait()?.success(), 0.0, 0))
}

/// The median (mean of the middle two for an even count).
pub fn median(mut xs: Vec<f64>) -> f64 {
    assert!(!xs.is_empty(), "median of nothing");
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Files and bytes under a directory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    pub files: usize,
    pub bytes: u64,
    /// Files ending in `.html`.
    pub html: usize,
}

pub fn tree(dir: &Path) -> Tree {
    let mut t = Tree::default();
    for entry in WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() {
            t.files += 1;
            t.bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
            if entry.path().extension().is_some_and(|e| e == "html") {
                t.html += 1;
            }
        }
    }
    t
}

/// "412 ms" or "3.97 s".
pub fn seconds(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else if s < 100.0 {
        format!("{s:.2} s")
    } else {
        format!("{s:.0} s")
    }
}

/// "1.2 GB", "57.2 MB", "153.7 kB" (decimal units).
pub fn bytes(b: u64) -> String {
    let b = b as f64;
    if b >= 1e9 {
        format!("{:.2} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.1} kB", b / 1e3)
    }
}

/// "10,077".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "0.18×", with two significant digits below 10.
pub fn ratio(a: f64, b: f64) -> String {
    if b <= 0.0 || !a.is_finite() || !b.is_finite() {
        return "—".to_string();
    }
    let r = a / b;
    if r < 0.1 {
        format!("{r:.3}×")
    } else if r < 10.0 {
        format!("{r:.2}×")
    } else {
        format!("{r:.0}×")
    }
}

//! The progress line `milnik build` and `milnik check` show on a terminal while a build takes
//! longer than a second: the stage being worked on, how many of the build's stages are done and
//! the time so far, redrawn in place and wiped when the build ends. Nothing is shown when standard
//! error is not a terminal (a pipe, a file, CI logs), so logs get no control characters.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The stages of a build in the order they run (see [`crate::build`]); "search" is the wait,
/// once the pages are rendered, for the search index and the open data (computed beside
/// rendering) and for the writing of what is already made.
pub const STAGES: [&str; 6] = ["load", "resolve", "render", "search", "links", "write"];

/// How long a build runs before the line appears.
pub const DELAY: Duration = Duration::from_secs(1);
const REDRAW: Duration = Duration::from_millis(100);

#[derive(Default)]
struct State {
    stage: Option<&'static str>,
    finished: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

/// Tells the progress line which stage a build is in. Cheap to clone; a build calls
/// [`Progress::stage`] as it enters each stage.
#[derive(Clone, Default)]
pub struct Progress {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

impl Progress {
    pub fn stage(&self, stage: &'static str) {
        if let Ok(mut state) = self.shared.state.lock() {
            state.stage = Some(stage);
        }
    }
}

/// Draws the line on another thread until dropped.
pub struct ProgressLine {
    progress: Progress,
    drawer: Option<JoinHandle<()>>,
}

impl ProgressLine {
    /// A line on standard error when it is a terminal; `None` otherwise.
    pub fn on_terminal() -> Option<ProgressLine> {
        std::io::stderr()
            .is_terminal()
            .then(|| ProgressLine::start(Box::new(std::io::stderr()), DELAY))
    }

    /// A line drawn into `out` once `delay` has passed.
    pub fn start(mut out: Box<dyn Write + Send>, delay: Duration) -> ProgressLine {
        let progress = Progress::default();
        let shared = Arc::clone(&progress.shared);
        let drawer = std::thread::spawn(move || {
            let started = Instant::now();
            let mut drawn = false;
            let mut state = match shared.state.lock() {
                Ok(state) => state,
                Err(_) => return,
            };
            loop {
                if state.finished {
                    break;
                }
                let elapsed = started.elapsed();
                if elapsed >= delay {
                    let _ = write!(out, "\r\x1b[2K{}", line(state.stage, elapsed));
                    let _ = out.flush();
                    drawn = true;
                }
                let wait = if elapsed >= delay {
                    REDRAW
                } else {
                    delay - elapsed
                };
                state = match shared.wake.wait_timeout(state, wait) {
                    Ok((state, _)) => state,
                    Err(_) => return,
                };
            }
            if drawn {
                let _ = write!(out, "\r\x1b[2K");
                let _ = out.flush();
            }
        });
        ProgressLine {
            progress,
            drawer: Some(drawer),
        }
    }

    pub fn progress(&self) -> Progress {
        self.progress.clone()
    }
}

impl Drop for ProgressLine {
    /// Wipes the line (the build's own messages follow) and stops the drawing thread.
    fn drop(&mut self) {
        if let Ok(mut state) = self.progress.shared.state.lock() {
            state.finished = true;
        }
        self.progress.shared.wake.notify_all();
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
    }
}

/// "Building: render (3/6), 2.4 s".
fn line(stage: Option<&str>, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    match stage {
        Some(stage) => {
            // "write 2" is the last part of "write".
            let n = STAGES
                .iter()
                .position(|s| stage.starts_with(s))
                .map_or(0, |i| i + 1);
            // The stage's name in the run's language, with its part ("write 2").
            let (name, part) = stage.split_once(' ').unwrap_or((stage, ""));
            let name = match name {
                "load" => crate::msg!("progress.load"),
                "resolve" => crate::msg!("progress.resolve"),
                "render" => crate::msg!("progress.render"),
                "search" => crate::msg!("progress.search"),
                "links" => crate::msg!("progress.links"),
                _ => crate::msg!("progress.write"),
            };
            let stage = format!("{name} {part}");
            crate::msg!(
                "progress.stage",
                stage = stage.trim_end(),
                n,
                total = STAGES.len(),
                seconds = format!("{seconds:.1}")
            )
        }
        None => crate::msg!("progress.building", seconds = format!("{seconds:.1}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn a_long_build_shows_its_stage_and_wipes_the_line_at_the_end() {
        let out = Captured::default();
        let line = ProgressLine::start(Box::new(out.clone()), Duration::ZERO);
        line.progress().stage("render");
        std::thread::sleep(Duration::from_millis(350));
        drop(line);
        let text = out.text();
        assert!(text.contains("Building: render (3/6)"), "{text:?}");
        assert!(text.ends_with("\r\x1b[2K"), "the line is wiped: {text:?}");
    }

    #[test]
    fn each_stage_a_build_enters_has_its_number() {
        assert_eq!(
            line(Some("load"), Duration::ZERO),
            "Building: load (1/6), 0.0 s"
        );
        assert_eq!(
            line(Some("write 2"), Duration::from_millis(2400)),
            "Building: write 2 (6/6), 2.4 s"
        );
    }

    #[test]
    fn a_short_build_shows_nothing() {
        let out = Captured::default();
        let line = ProgressLine::start(Box::new(out.clone()), Duration::from_secs(5));
        line.progress().stage("load");
        drop(line);
        assert_eq!(out.text(), "");
    }
}

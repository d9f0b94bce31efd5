//! `milnik serve`: build the site into memory, serve it on a local address, watch the inputs,
//! rebuild what a change affects and tell the open browser tabs to reload.
//!
//! The parts: [`server`] serves the last good output over HTTP, with [`target`] deciding which
//! file a request means and [`mime`] its type; [`live`] tells the open browser tabs about
//! rebuilds and errors; [`watch`] turns file events into changes; and [`run`] (this module)
//! ties them to an [`incremental::Session`]. A failed rebuild is printed, shown in the browser as an overlay,
//! and the last good site stays served; serve itself only stops when asked to.

pub mod live;
pub mod mime;
pub mod server;
pub mod target;
pub mod watch;

use std::collections::HashSet;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::mpsc;

use anyhow::Context as _;

use crate::build::BuildOptions;
use crate::incremental::{Session, Update};
use crate::pipeline::Pipeline;

/// The port serve tries first.
pub const DEFAULT_PORT: u16 = 1111;

#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The site (root); its output directory and base URL are not used: the site is held in
    /// memory and served at the root of the local address. Drafts are always shown.
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// What the serve loop reacts to.
pub enum Event {
    /// Paths that changed on disk (one debounced batch).
    Changed(Vec<PathBuf>),
    /// Stop serving (Ctrl-C).
    Stop,
    /// The waves' printable reports, laid out on another thread.
    Reports(crate::incremental::ReportsMade),
}

/// Prints what a rebuild did: the warnings it found that the previous rebuild did not (those
/// already printed are not repeated), then one line. `pages` is how many HTML pages the site
/// has now, counted as `build` counts them.
fn print_update(update: &Update, printed: &mut HashSet<String>, pages: usize) {
    let colour = crate::diagnostics::stderr_wants_colour();
    let now: HashSet<String> = update.warnings.0.iter().map(|w| w.to_string()).collect();
    for w in &update.warnings.0 {
        if !printed.contains(&w.to_string()) {
            eprintln!("{}\n", w.render(colour));
        }
    }
    *printed = now;
    let ms = update.took.as_secs_f64() * 1000.0;
    if update.full {
        let ms = format!("{ms:.0}");
        if update.warnings.0.is_empty() {
            println!("{}", crate::msg_n!("serve.built", pages, ms));
        } else {
            println!(
                "{}",
                crate::msg_n!(
                    "serve.built_with_warnings",
                    pages,
                    ms,
                    warnings = update.warnings.summary()
                )
            );
        }
    } else {
        println!(
            "{}",
            crate::msg!(
                "serve.rebuilt",
                ms = decimal(ms),
                rendered = crate::msg_n!("serve.rendered", update.rendered),
                changed = update.changed.len(),
                removed = update.removed.len()
            )
        );
    }
}

/// Milliseconds with one decimal place, with a decimal comma in Czech.
fn decimal(ms: f64) -> String {
    let text = format!("{ms:.1}");
    match crate::messages::language() {
        crate::messages::Lang::Cs => text.replace('.', ","),
        crate::messages::Lang::En => text,
    }
}

/// Publishes reports laid out in the background: reloads the browsers that show a page
/// linking them when a size changed, and prints what Typst reported (the site is served
/// either way).
fn apply_reports(session: &mut Session, live: &live::Live, made: crate::incremental::ReportsMade) {
    let colour = crate::diagnostics::stderr_wants_colour();
    let Some(update) = session.apply_reports(made) else {
        return;
    };
    for d in &update.warnings.0 {
        eprintln!("{}\n", d.render(colour));
    }
    let reload: Vec<String> = update
        .changed
        .iter()
        .chain(&update.removed)
        .filter(|p| !p.ends_with(".pdf"))
        .cloned()
        .collect();
    if !reload.is_empty() {
        live.reload(&reload, false);
    }
}

/// How many HTML pages the output has.
fn html_pages(session: &Session) -> usize {
    let output = session.output();
    let output = output.read().unwrap_or_else(|e| e.into_inner());
    output.files.keys().filter(|p| p.ends_with(".html")).count()
}

/// Serves the site until `events` delivers [`Event::Stop`] (or every sender is gone). The
/// sender is handed out through `ready` together with the served URL, for Ctrl-C handlers and
/// tests.
pub fn run(
    options: ServeOptions,
    ready: impl FnOnce(&str, mpsc::Sender<Event>),
) -> anyhow::Result<()> {
    let root = options
        .build
        .root
        .canonicalize()
        .with_context(|| crate::msg!("serve.no_dir", dir = options.build.root.display()))?;
    let live = live::Live::new();
    let mut build = options.build.clone();
    build.root = root.clone();
    // The preview shows the drafts, each marked as one, so an editor sees an article before it
    // is published without restarting anything; `build` never publishes them.
    build.drafts = true;
    let output = crate::output::Live::default();
    let (server, fell_back) =
        server::Server::bind(options.bind, options.port, output.shared(), live.clone())
            .with_context(|| crate::msg!("serve.cannot_listen", address = options.bind))?;
    let address = server.local_addr();
    let url = format!("http://{address}/");
    // Links and canonical addresses point at the local server.
    build.base_url = Some(url.clone());
    let mut session = Session::with_output(build, output);

    if fell_back {
        println!(
            "{}",
            crate::msg!(
                "serve.port_taken",
                port = options.port,
                instead = address.port()
            )
        );
    }
    if !options.bind.is_loopback() {
        println!(
            "{}",
            crate::msg!("serve.not_loopback", address = options.bind)
        );
    }
    // Watching starts before the first build reads anything, so no save is missed.
    let (tx, rx) = mpsc::channel();
    let theme = Pipeline::new(&options.build)
        .config()
        .map(|c| c.theme)
        .unwrap_or_else(|_| "default".into());
    let watch_tx = tx.clone();
    let mut watcher = watch::Watcher::start(&root, move |paths| {
        let _ = watch_tx.send(Event::Changed(paths));
    })
    .with_context(|| crate::msg!("serve.cannot_watch"))?;
    let mut warnings = HashSet::new();
    match session.rebuild_all() {
        Ok(update) => print_update(&update, &mut warnings, html_pages(&session)),
        Err(diagnostics) => {
            eprintln!(
                "{}\n",
                diagnostics.render(crate::diagnostics::stderr_wants_colour())
            );
            live.error(&diagnostics.to_string());
        }
    }
    std::thread::spawn(move || server.run());

    let reports_tx = tx.clone();
    // Only now is every save seen and Ctrl-C handled.
    ready(&url, tx);
    println!("{}", crate::msg!("serve.serving", url));
    if options.open {
        open_browser(&url);
    }

    let mut theme = theme;
    loop {
        // The search index and the printable reports catch up with the edits once saving
        // pauses, on other threads.
        let event = if session.search_stale() || session.reports_stale() {
            match rx.recv_timeout(SEARCH_INDEX_IDLE) {
                Ok(event) => event,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    session.refresh_search_index(true);
                    let tx = reports_tx.clone();
                    session.refresh_reports(true, move |made| {
                        let _ = tx.send(Event::Reports(made));
                    });
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(event) => event,
                Err(_) => break,
            }
        };
        let mut reports = Vec::new();
        let mut paths = match event {
            Event::Stop => break,
            Event::Changed(paths) => paths,
            Event::Reports(made) => {
                reports.push(made);
                Vec::new()
            }
        };
        // Batches that arrived while the last rebuild ran are handled together.
        let mut stop = false;
        while let Ok(more) = rx.try_recv() {
            match more {
                Event::Changed(p) => paths.extend(p),
                Event::Stop => stop = true,
                Event::Reports(made) => reports.push(made),
            }
        }
        if stop {
            break;
        }
        for made in reports {
            apply_reports(&mut session, &live, made);
        }
        if paths.is_empty() {
            continue;
        }
        let changes = watch::changes(&root, &theme, paths);
        if changes.is_empty() {
            continue;
        }
        // A new `static/` or `templates/` is watched before it is read, so that no file
        // written into it meanwhile is missed.
        watcher.watch_new_directories();
        match session.apply(&changes) {
            Ok(update) => {
                live.reload(
                    &update
                        .changed
                        .iter()
                        .chain(&update.removed)
                        .cloned()
                        .collect::<Vec<_>>(),
                    update.css_only(),
                );
                print_update(&update, &mut warnings, html_pages(&session));
            }
            Err(diagnostics) => {
                live.error(&diagnostics.to_string());
                eprintln!(
                    "{}\n\n{}",
                    diagnostics.render(crate::diagnostics::stderr_wants_colour()),
                    crate::msg!("serve.still_served")
                );
            }
        }
        if let Ok(config) = Pipeline::new(&options.build).config() {
            theme = config.theme;
        }
        watcher.watch_new_directories();
    }
    println!("{}", crate::msg!("serve.stopped"));
    Ok(())
}

/// How long no file must change before `serve` brings the search index up to date.
const SEARCH_INDEX_IDLE: std::time::Duration = std::time::Duration::from_millis(300);

/// Opens `url` in the desktop's browser; failing to is not an error.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(program)
        .arg(url)
        .spawn()
        .is_err()
    {
        println!("{}", crate::msg!("serve.open", url));
    }
}

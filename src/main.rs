//! The `milnik` command: parses the command line, runs one command, prints errors, sets the
//! exit status. Everything else lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use milnik::build::BuildOptions;
use milnik::cmd::{self, Colour, Format, Report};
use milnik::values::Date;

/// Builds allocate many small strings on every core. With glibc's allocator a 10,000-article
/// build spent about a fifth of its time in `malloc`, `realloc` and `free` (perf); with
/// mimalloc the build took 3.5 s instead of 4.7 s (median of 5, bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// milnik publishes a city's strategic plan and its evaluations as a static website.
#[derive(Parser)]
#[command(name = "milnik", version, about, long_about = None)]
struct Cli {
    /// The site directory, holding milnik.toml and content/.
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorArg,
    /// The language of milnik's messages: cs or en (default: MILNIK_LANG, else the site's
    /// `language`, else the system's LANG, else English).
    #[arg(long, global = true, value_name = "LANGUAGE")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// The options of the commands that build the site (`build`, `check`).
#[derive(clap::Args)]
struct SiteArgs {
    /// Public address of the site, overriding base_url in milnik.toml (e.g. https://example.cz/psz/).
    #[arg(long)]
    base_url: Option<String>,
    /// Treat warnings as errors: `build` writes nothing and both `build` and `check` exit with 1.
    #[arg(long)]
    deny_warnings: bool,
    /// Print how long each build stage took.
    #[arg(short, long)]
    verbose: bool,
    #[command(flatten)]
    report: ReportArgs,
}

/// How a command prints the problems it finds.
#[derive(clap::Args)]
struct ReportArgs {
    /// How to print problems: `human` (with the offending line) or `json` (for editors).
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Human,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ColorArg {
    /// When printing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory (replaced only if the build succeeds). Drafts
    /// are never published.
    Build {
        /// Where to write the site (default: public, relative to --root unless absolute).
        #[arg(long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Check the content for errors without writing anything; exits with 1 on errors.
    Check {
        /// Check the articles and pages marked as drafts too.
        #[arg(long)]
        drafts: bool,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Preview the site: build it, serve it locally, rebuild and reload the browser on every
    /// change. Drafts are shown, marked "Koncept". Nothing is written to disk.
    Serve {
        /// The port to listen on; the next free one is used when it is taken.
        #[arg(long, default_value_t = milnik::serve::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on. Anything but 127.0.0.1 or ::1 makes the preview
        /// reachable from other computers.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Start a new site: write a small working plan (one area, three measures, statuses, an
    /// evaluation, an indicator, an article and a page, every key explained) into DIR, which
    /// must be empty or new. Then `milnik serve --root DIR`.
    Init {
        /// The directory to create the site in.
        dir: PathBuf,
        /// The language of the site and of its sample content: cs or en.
        #[arg(long, default_value = "cs")]
        language: String,
    },
    /// Create new content from a template.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Turn a filled-in spreadsheet into content.
    Import {
        #[command(subcommand)]
        what: Import,
    },
    /// Write a spreadsheet to fill in.
    Export {
        #[command(subcommand)]
        what: Export,
    },
}

#[derive(Subcommand)]
enum Import {
    /// Turn a filled-in wave spreadsheet (CSV, `;` or `,` separated) into
    /// content/waves/<n>-<slug>.toml. Every row is checked against the site and every problem
    /// is reported with its row and column; when any row is wrong, nothing is written.
    Wave {
        /// The filled-in spreadsheet, e.g. vlna-2.csv (made from `milnik export wave-template`).
        file: PathBuf,
        /// The wave's number (default: the next Roman numeral, e.g. II).
        #[arg(long)]
        id: Option<String>,
        /// The wave's title (default: "Průběžné vyhodnocení <id>.").
        #[arg(long)]
        title: Option<String>,
        /// When the evaluation is published, e.g. 2025-06 (default: this month).
        #[arg(long)]
        published: Option<String>,
        /// The period it covers, e.g. "rok 2024" (default: the year before --published).
        #[arg(long)]
        covers: Option<String>,
        /// Which action plan the wave evaluates, e.g. II; every row is checked against it
        /// (default: the latest whose period has begun by the year of --published). Written
        /// into the wave file when the plan has several.
        #[arg(long, value_name = "ID")]
        action_plan: Option<String>,
        /// Write the wave file here instead of content/waves/ (relative to the current
        /// directory), e.g. to look at it first.
        #[arg(long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
        /// Rewrite the wave --id names from the spreadsheet (--id is required): its statuses,
        /// values and the other columns' keys change, and everything written by hand (the
        /// summaries, comments, other keys) stays. Also replaces an existing --output file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum Export {
    /// Write the spreadsheet for the next wave: a row for every measure and impact indicator of
    /// the action plan it evaluates and every global indicator, in plan order, with its value
    /// in the latest wave and each measure's details from its last report. To stdout unless
    /// --output names a file (never overwritten without --force).
    WaveTemplate {
        /// Which action plan the next wave evaluates, e.g. II; the template has its measures
        /// and impact indicators (default: the one a wave published this month evaluates, the
        /// latest whose period has begun; with one action plan, that one).
        #[arg(long, value_name = "ID")]
        action_plan: Option<String>,
        /// The file to write (relative to the current directory); stdout without it.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Replace the --output file if it already exists.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        report: ReportArgs,
    },
}

#[derive(Subcommand)]
enum New {
    /// Create content/articles/<slug>.md with front matter to fill in (never overwrites).
    Article {
        /// The article's title, e.g. "Kontaktní místo pro bydlení slaví rok".
        title: String,
        /// The article's date (default: today), e.g. 2024-06-20.
        #[arg(long)]
        date: Option<String>,
    },
}

/// An error when `root` has no milnik.toml: every command but `init` works on a site, and run
/// elsewhere it would build nothing useful, serve errors, or write content into a stray folder.
fn not_a_site(root: &std::path::Path) -> anyhow::Result<()> {
    if root.join(milnik::config::CONFIG_FILE).is_file() {
        return Ok(());
    }
    let file = milnik::config::CONFIG_FILE;
    if root.as_os_str().is_empty() || root == std::path::Path::new(".") {
        anyhow::bail!("{}", milnik::msg!("cli.not_a_site_here", file))
    }
    anyhow::bail!(
        "{}",
        milnik::msg!("cli.not_a_site", dir = root.display(), file)
    )
}

impl ColorArg {
    fn colour(self) -> Colour {
        match self {
            ColorArg::Auto => Colour::Auto,
            ColorArg::Always => Colour::Always,
            ColorArg::Never => Colour::Never,
        }
    }
}

impl ReportArgs {
    fn report(&self, color: ColorArg) -> Report {
        Report {
            format: match self.format {
                FormatArg::Human => Format::Human,
                FormatArg::Json => Format::Json,
            },
            colour: color.colour(),
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<bool> {
    // The site at --root with every option at its default; each command sets its own.
    let options = BuildOptions::new(&cli.root);
    let with = |site: &SiteArgs, output: Option<PathBuf>, drafts: bool| BuildOptions {
        output: output.unwrap_or_else(|| PathBuf::from("public")),
        base_url: site.base_url.clone(),
        drafts,
        deny_warnings: site.deny_warnings,
        ..BuildOptions::new(&cli.root)
    };
    if !matches!(cli.command, Command::Init { .. }) {
        not_a_site(&cli.root)?;
    }
    match cli.command {
        Command::Build { output, site } => cmd::build::run(
            &with(&site, output, false),
            site.report.report(cli.color),
            site.verbose,
        ),
        Command::Check { drafts, site } => cmd::check::run(
            &with(&site, None, drafts),
            site.report.report(cli.color),
            site.verbose,
        ),
        Command::Serve { port, bind, open } => cmd::serve::run(milnik::serve::ServeOptions {
            build: options,
            bind,
            port,
            open,
        })
        .map(|()| true),
        Command::Import {
            what:
                Import::Wave {
                    file,
                    id,
                    title,
                    published,
                    covers,
                    action_plan,
                    output,
                    report,
                    force,
                },
        } => cmd::import::wave(
            &milnik::spreadsheet::ImportOptions {
                build: options,
                csv: file,
                id,
                title,
                published,
                covers,
                action_plan,
                output,
                force,
            },
            report.report(cli.color),
        ),
        Command::Export {
            what:
                Export::WaveTemplate {
                    action_plan,
                    output,
                    force,
                    report,
                },
        } => cmd::export::wave_template(
            &options,
            action_plan.as_deref(),
            output.as_deref(),
            force,
            report.report(cli.color),
        ),
        Command::Init { dir, language } => {
            let written = cmd::init::init(&dir, &language)?;
            let files = milnik::msg_n!("cli.files", written.len());
            println!(
                "{}",
                milnik::msg!("cli.init_created", dir = dir.display(), files)
            );
            println!("{}", milnik::msg!("cli.init_next", dir = dir.display()));
            Ok(true)
        }
        Command::New {
            what: New::Article { title, date },
        } => {
            let date = match date {
                Some(text) => Date::parse(&text).map_err(anyhow::Error::msg)?,
                None => Date::today(),
            };
            let path = cmd::new::article(&cli.root, &title, date)?;
            println!("{}", milnik::msg!("cli.new_created", file = path.display()));
            println!("{}", milnik::msg!("cli.new_next"));
            Ok(true)
        }
    }
}

fn main() -> ExitCode {
    // Like other command-line tools, stop quietly when the reader of the output goes away
    // (`milnik check | head`) instead of panicking on a failed print.
    #[cfg(target_os = "linux")]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // No transparent huge pages: the allocator's fresh memory would be faulted in and zeroed
    // two megabytes at a time, much of it never used. On a 10,000-article `check`, zeroing
    // pages was a quarter of the samples (perf) and the peak memory 545 MB; without huge pages
    // the system time fell from 1.1–1.7 s to 0.5 s and the peak to 460 MB.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and changes only this
    // process's memory policy; a failure leaves the default, which is only slower.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let cli = Cli::parse();
    // The language of every message from here on (milnik::messages).
    let site_language = match &cli.command {
        Command::Init { language, .. } => Some(language.as_str()),
        _ => None,
    };
    milnik::messages::set_language(milnik::messages::choose(
        cli.lang.as_deref(),
        site_language,
        &cli.root,
    ));
    let success = match run(cli) {
        Ok(done) => done,
        Err(err) => {
            eprintln!("{}: {err}", milnik::msg!("summary.error_label"));
            for cause in err.chain().skip(1) {
                let cause = milnik::messages::cause_reason(cause);
                eprintln!("  {}: {cause}", milnik::msg!("cli.caused_by"));
            }
            false
        }
    };
    // Ending the process at once: the allocator's exit handler would otherwise hand every
    // free page back to the system one call at a time, 40 ms after a 10,000-article build
    // (strace), for memory the system takes back anyway. Nothing else is pending: the
    // commands have written and closed their files, and the standard streams are flushed here.
    #[cfg(target_os = "linux")]
    {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        // SAFETY: `_exit` takes a plain integer and does not return; no other thread is doing
        // anything the program still needs.
        unsafe { libc::_exit(if success { 0 } else { 1 }) }
    }
    #[allow(unreachable_code)]
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

//! Helpers shared by the integration tests: fixture copies, builds, output trees.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use milnik::build::{self, BuildError, BuildOptions, Built};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Copies a directory tree (files only; the `public/` output is skipped).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("public") || rel.starts_with("target") || rel.starts_with(".git") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A private copy of a fixture site in a temporary directory.
pub fn site_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), dir.path());
    dir
}

/// The bundled site (configuration, content, themes) with tests/fixtures/ostrava-ap2 laid over
/// it and Akční plán II. declared: two action plans and waves I–III.
pub fn ostrava_ap2() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    std::fs::copy(root.join("milnik.toml"), dir.path().join("milnik.toml")).unwrap();
    copy_tree(&root.join("content"), &dir.path().join("content"));
    copy_tree(&root.join("themes"), &dir.path().join("themes"));
    copy_tree(&root.join("i18n"), &dir.path().join("i18n"));
    copy_tree(
        &fixture("ostrava-ap2").join("content"),
        &dir.path().join("content"),
    );
    let plan = dir.path().join("content/plan.toml");
    let declared =
        std::fs::read_to_string(fixture("ostrava-ap2/plan-action-plan-ii.toml")).unwrap();
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, format!("{text}\n{declared}")).unwrap();
    dir
}

pub fn options(root: &Path) -> BuildOptions {
    BuildOptions::new(root)
}

pub fn build(root: &Path) -> Result<Built, BuildError> {
    build::build(&options(root))
}

/// Points the minimal fixture's one internal article link at the English URL of its measure,
/// as the editor of an English site writes it (sections have English segments there).
pub fn english_links(root: &Path) {
    edit(
        root,
        "content/articles/prvni-byty.md",
        "(/opatreni/1-1-1-1/)",
        "(/measures/1-1-1-1/)",
    );
}

/// Replaces the first `find` in a file of the site with `replace`, as an editor would.
pub fn edit(root: &Path, file: &str, find: &str, replace: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(find), "`{find}` not in {file}");
    std::fs::write(&path, text.replacen(find, replace, 1)).unwrap();
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// A generated page with its non-breaking spaces (Czech typography) written as plain spaces,
/// so assertions read like the templates; `typography` tests check the spaces themselves.
pub fn page(built: &Built, path: &str) -> String {
    raw_page(built, path).replace('\u{a0}', " ")
}

/// A generated page exactly as written.
pub fn raw_page(built: &Built, path: &str) -> String {
    built
        .output
        .get(path)
        .unwrap_or_else(|| {
            panic!(
                "{path} was not generated; have: {:?}",
                built.output.files.keys().collect::<Vec<_>>()
            )
        })
        .to_string()
}

/// Text content of HTML with tags removed and whitespace (including non-breaking spaces)
/// collapsed, for assertions on what a reader sees.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace('\u{a0}', " ");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs the milnik binary with its messages in English (`MILNIK_LANG=en`; the bad-input
/// fixtures read the site's own language); returns (success, stdout, stderr).
pub fn run_cli(args: &[&str], cwd: &Path) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_milnik"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("MILNIK_LANG", "en")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Serves the files under `root` over HTTP on 127.0.0.1:<free port>, under the URL path `mount`
/// (`/` or a sub-path such as `/psz/`), as a static web host would: `/x/` is `/x/index.html`, a
/// directory without its slash is redirected to it, and a missing file is the site's `404.html`
/// with status 404. One thread per connection (Chromium opens speculative connections that may
/// never send a request). Lives until the test process ends; returns the base URL
/// `http://127.0.0.1:<port>` (without the mount path).
pub fn serve_directory(root: &Path, mount: &str) -> String {
    assert!(
        mount.starts_with('/') && mount.ends_with('/'),
        "mount path {mount} must start and end with /"
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let port = listener.local_addr().unwrap().port();
    let root = root.to_path_buf();
    let mount = mount.to_owned();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, mount) = (root.clone(), mount.clone());
            std::thread::spawn(move || answer_static(stream, &root, &mount));
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// Answers the requests of one connection (keep-alive) until the client closes it or is idle.
fn answer_static(mut stream: std::net::TcpStream, root: &Path, mount: &str) {
    use std::io::{Read, Write};
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(10)));
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
            continue;
        };
        let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
        buffer.drain(..end + 4); // requests to a static host carry no body
        let mut words = head.split_whitespace();
        let method = words.next().unwrap_or("");
        let target = words.next().unwrap_or("/");
        let (status, content_type, extra, body) = static_response(root, mount, method, target);
        let mut response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}\r\n",
            body.len()
        )
        .into_bytes();
        if method != "HEAD" {
            response.extend_from_slice(&body);
        }
        if stream.write_all(&response).is_err() {
            return;
        }
    }
}

/// Status line, content type, extra header lines and body for one request.
fn static_response(
    root: &Path,
    mount: &str,
    method: &str,
    target: &str,
) -> (&'static str, &'static str, String, Vec<u8>) {
    let not_found =
        |body: Vec<u8>, content_type| ("404 Not Found", content_type, String::new(), body);
    if method != "GET" && method != "HEAD" {
        return (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            "Allow: GET, HEAD\r\n".into(),
            b"method not allowed".to_vec(),
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    // `/psz` (the mount without its slash) is the site's directory too, and gets redirected.
    let Some(site_path) = path
        .strip_prefix(mount)
        .or_else(|| (mount.strip_suffix('/') == Some(path)).then_some(""))
    else {
        // Outside the site: another application of the host would answer here.
        return not_found(
            b"not found (outside the site)".to_vec(),
            "text/plain; charset=utf-8",
        );
    };
    let site_path = percent_decode(site_path);
    let missing = || match std::fs::read(root.join("404.html")) {
        Ok(body) => not_found(body, "text/html; charset=utf-8"),
        Err(_) => not_found(b"not found".to_vec(), "text/plain; charset=utf-8"),
    };
    let Some(site_path) = site_path.filter(|p| {
        !p.split('/').any(|part| part == ".." || part == ".")
            && !p.contains('\\')
            && !p.contains('\0')
    }) else {
        return missing();
    };
    let mut file = root.join(&site_path);
    if file.is_dir() {
        if !path.ends_with('/') {
            let location = format!("Location: {path}/\r\n");
            return (
                "301 Moved Permanently",
                "text/plain; charset=utf-8",
                location,
                Vec::new(),
            );
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => ("200 OK", content_type(&file), String::new(), body),
        Err(_) => missing(),
    }
}

/// `%XX` escapes of a URL path decoded as UTF-8; `None` when they are not valid UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    String::from_utf8(milnik::links::percent_decode_bytes(text)).ok()
}

/// The Content-Type a static host sends for a file, by its extension.
fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The URL path the site is published under (`/`, or a sub-path such as `/psz/`): from
/// `options.base_url` when set, else from the site's `milnik.toml`.
pub fn site_base_path(options: &BuildOptions) -> String {
    let base_url = match &options.base_url {
        Some(base_url) => base_url.clone(),
        None => {
            let (config, _) = milnik::config::load(&options.root)
                .unwrap_or_else(|e| panic!("cannot read milnik.toml: {e:?}"));
            config.base_url
        }
    };
    milnik::config::BaseUrl::parse(&base_url)
        .unwrap_or_else(|e| panic!("bad base_url {base_url}: {e}"))
        .path
}

/// Writes the model's values for readers in Czech, as the bundled site's pages do, until the
/// guard is dropped: `let _cs = support::czech();` at the top of a test that reads badges,
/// amounts, dates or indicator texts from the model.
pub fn czech() -> milnik::values::locale::Entered {
    let translations = milnik::render::theme::builtin_translations("cs");
    let statuses = milnik::values::default_statuses(&translations);
    let locale = std::sync::Arc::new(milnik::values::Locale::of(
        &translations,
        &statuses,
        milnik::values::Currency::CZK,
    ));
    milnik::values::locale::enter(&locale)
}

/// Runs a poppler tool on `pdf` and gives its standard output. The tools come with
/// poppler-utils, which `scripts/test` installs.
pub fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(&file)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) cannot run: {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // pdfinfo writes some names in the PDF's own encoding.
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The report's text as one line of words: hyphenated words joined, every run of spaces
/// (non-breaking ones too) one space.
pub fn words(pdf: &[u8]) -> String {
    let text = poppler("pdftotext", &[], pdf)
        .replace("\u{ad}\n", "")
        .replace(['\u{ad}', '\u{2060}'], "");
    dashes_as_hyphens(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Czech typography writes the hyphen of a range as an en dash ("15–64"): compare both as
/// hyphens.
pub fn dashes_as_hyphens(text: &str) -> String {
    text.replace('\u{2013}', "-")
}

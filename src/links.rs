//! The check after rendering: every link and image that an article or page writes in Markdown
//! must point at a file the build produces, and every `#anchor` at an element of that page.
//! Only the rendered output knows every path (pages, the theme's and the site's static files),
//! so this runs on it, and reports each problem at the link in the Markdown source.

use std::cell::OnceCell;
use std::path::Path;

use crate::content::Content;
use crate::diagnostics::{suggest, Diagnostic, Diagnostics, Severity, SourceFile};
use crate::markdown::LocalLink;
use crate::model::{ArticleIx, PageIx, RichHtml, Site};
use crate::output::SiteOutput;
use crate::pages::{PageKey, PageKind};

/// Where a link leads, relative to the output directory.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    /// "opatreni/1-1-1-1/" or "soubory/zprava.pdf"; empty for the site's root.
    path: String,
    fragment: Option<String>,
}

/// Decodes `%20`-style escapes; a malformed escape stays as written.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The bytes `%XX` escapes of a URL path stand for; a malformed escape stays as written.
pub fn percent_decode_bytes(text: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(text).collect()
}

/// Resolves a link written on the page at `page` ("clanky/x/index.html"); `None` when it climbs
/// above the site's root.
fn resolve(link: &str, page: &str) -> Option<Target> {
    let (rest, fragment) = match link.split_once('#') {
        Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
        None => (link, None),
    };
    let rest = rest.split('?').next().unwrap_or_default();
    if rest.is_empty() {
        return Some(Target {
            path: page.to_string(),
            fragment,
        });
    }
    let (mut parts, relative): (Vec<&str>, &str) = match rest.strip_prefix('/') {
        Some(absolute) => (Vec::new(), absolute),
        None => (
            page.rsplit_once('/')
                .map_or(Vec::new(), |(dir, _)| dir.split('/').collect()),
            rest,
        ),
    };
    let decoded = percent_decode(relative);
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if !path.is_empty() && (decoded.ends_with('/') || decoded.ends_with("/.")) {
        path.push('/');
    }
    Some(Target { path, fragment })
}

/// The output path of the file an image written on the page at `page` shows
/// ("obrazky/poradna.jpg"); `None` when it climbs above the site's root.
pub(crate) fn static_path(link: &str, page: &str) -> Option<String> {
    resolve(link, page).map(|target| target.path)
}

/// The files links can point at: the output of a build, or in `serve` the last output with the
/// pages just rendered laid over it.
pub trait Files {
    /// The bytes of the file at an output path ("opatreni/1-1-1-1/index.html").
    fn file(&self, path: &str) -> Option<&[u8]>;
    /// Every output path, for suggestions.
    fn paths(&self) -> Vec<&str>;
}

impl Files for SiteOutput {
    fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    fn paths(&self) -> Vec<&str> {
        self.files.keys().map(String::as_str).collect()
    }
}

/// The output file a path names, as a static web server would find it.
fn find<'o>(files: &'o dyn Files, path: &str) -> Option<(String, &'o [u8])> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates
        .into_iter()
        .find_map(|c| files.file(&c).map(|bytes| (c, bytes)))
}

/// Whether an HTML page has an element with this `id` (or a named anchor).
fn has_anchor(html: &[u8], fragment: &str) -> bool {
    if fragment.is_empty() || fragment == "top" {
        return true;
    }
    let text = String::from_utf8_lossy(html);
    [
        format!("id=\"{fragment}\""),
        format!("id='{fragment}'"),
        format!("name=\"{fragment}\""),
    ]
    .iter()
    .any(|needle| text.contains(needle.as_str()))
}

/// The site URL of an output file, for suggestions ("/opatreni/1-1-1-1/").
fn url_of(file: &str) -> String {
    format!("/{}", file.strip_suffix("index.html").unwrap_or(file))
}

/// One article's or page's links.
struct Body<'a> {
    page: String,
    source: &'a Path,
    content: &'a RichHtml,
}

/// Checks every site-internal link and image of every article and page against the output.
pub fn check(site: &Site, content: &Content, files: &dyn Files) -> Diagnostics {
    let articles: Vec<ArticleIx> = ArticleIx::all(&site.articles).collect();
    check_bodies(site, content, files, &articles, true)
}

/// Checks the links of the given articles only (an edit in `serve` that changed no other page).
pub fn check_articles(
    site: &Site,
    content: &Content,
    files: &dyn Files,
    articles: &[ArticleIx],
) -> Diagnostics {
    check_bodies(site, content, files, articles, false)
}

fn check_bodies(
    site: &Site,
    content: &Content,
    files: &dyn Files,
    articles: &[ArticleIx],
    with_pages: bool,
) -> Diagnostics {
    let pages = if with_pages { site.pages.len() } else { 0 };
    let bodies = articles
        .iter()
        .map(|&i| (i, &site.articles[i]))
        .map(|(i, a)| Body {
            page: PageKey::item(PageKind::Article, i.get()).path(site),
            source: &a.source,
            content: &a.content,
        })
        .chain(PageIx::enumerate(&site.pages[..pages]).map(|(i, p)| Body {
            page: PageKey::item(PageKind::Page, i.get()).path(site),
            source: &p.source,
            content: &p.content,
        }));
    let urls: OnceCell<Vec<String>> = OnceCell::new();
    let mut diagnostics = Diagnostics::default();
    for body in bodies {
        if body.content.links.is_empty() {
            continue;
        }
        // The Markdown source is looked up only when there is something to point at.
        let source: OnceCell<Option<SourceFile>> = OnceCell::new();
        let source = || {
            source
                .get_or_init(|| markdown_source(content, body.source))
                .as_ref()
        };
        for link in body.content.links.iter() {
            let Some(problem) = problem(link, &body.page, files, &urls) else {
                continue;
            };
            let mut d = match source() {
                Some(file) => {
                    file.diagnostic(problem.severity, Some(link.span.clone()), problem.message)
                }
                None => {
                    let mut d = Diagnostic::error(body.source, problem.message);
                    d.severity = problem.severity;
                    d
                }
            };
            if let Some(hint) = problem.hint {
                d = d.with_hint(hint);
            }
            diagnostics.push(d);
        }
    }
    diagnostics
}

struct Problem {
    severity: Severity,
    message: String,
    hint: Option<String>,
}

fn problem(
    link: &LocalLink,
    page: &str,
    files: &dyn Files,
    urls: &OnceCell<Vec<String>>,
) -> Option<Problem> {
    let Some(target) = resolve(&link.target, page) else {
        let link_target = &link.target;
        return Some(Problem {
            severity: Severity::Error,
            message: if link.image {
                crate::msg!("links.image_above_root", target = link_target)
            } else {
                crate::msg!("links.above_root", target = link_target)
            },
            hint: Some(crate::msg!("links.above_root_hint")),
        });
    };
    let Some((file, bytes)) = find(files, &target.path) else {
        let is_file = target
            .path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.') && !name.ends_with(".html"));
        let urls = urls.get_or_init(|| {
            files
                .paths()
                .into_iter()
                .filter(|f| !f.ends_with(".css") && !f.ends_with(".js"))
                .map(url_of)
                .collect()
        });
        let wanted = format!("/{}", target.path);
        let relative = !link.target.starts_with(['/', '.']) || link.target.starts_with("./");
        let written = link.target.trim_start_matches("./");
        let written = written.split(['#', '?']).next().unwrap_or_default();
        let hint = match suggest(&wanted, urls.iter().map(String::as_str)) {
            // The file is there: only the leading `/` is missing.
            _ if relative && find(files, &percent_decode(written)).is_some() => {
                crate::msg!("links.relative_exists", file = written)
            }
            Some(url) => crate::msg!("hint.did_you_mean", name = url),
            None if (link.image || is_file) && relative => {
                crate::msg!("links.relative_missing", file = written)
            }
            None if link.image || is_file => {
                crate::msg!("links.put_in_static", file = target.path)
            }
            None => crate::msg!("links.page_hint"),
        };
        let link_target = &link.target;
        let message = if link.image {
            crate::msg!("links.no_image", target = link_target)
        } else if is_file {
            crate::msg!("links.no_file", target = link_target)
        } else {
            crate::msg!("links.no_page", target = link_target)
        };
        return Some(Problem {
            severity: Severity::Error,
            message,
            hint: Some(hint),
        });
    };
    let fragment = target.fragment.as_deref()?;
    if !file.ends_with(".html") || has_anchor(bytes, fragment) {
        return None;
    }
    Some(Problem {
        severity: Severity::Warning,
        message: crate::msg!(
            "links.no_anchor",
            target = link.target,
            fragment,
            page = url_of(&file)
        ),
        hint: Some(crate::msg!("links.no_anchor_hint")),
    })
}

/// The body of an article or page as a source file whose lines are those of the real file.
fn markdown_source(content: &Content, path: &Path) -> Option<SourceFile> {
    let (body, offset) = content
        .articles
        .iter()
        .find(|a| a.source.path == path)
        .map(|a| (&a.body, a.body_line_offset))
        .or_else(|| {
            content
                .pages
                .iter()
                .find(|p| p.source.path == path)
                .map(|p| (&p.body, p.body_line_offset))
        })?;
    let mut file = SourceFile::new(path, body.as_str());
    file.line_offset = offset;
    Some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(path: &str, fragment: Option<&str>) -> Option<Target> {
        Some(Target {
            path: path.into(),
            fragment: fragment.map(str::to_string),
        })
    }

    #[test]
    fn links_resolve_from_the_page_they_are_on() {
        let page = "clanky/prvni-byty/index.html";
        assert_eq!(
            resolve("/opatreni/1-1-1-1/", page),
            target("opatreni/1-1-1-1/", None)
        );
        assert_eq!(resolve("../druhy/", page), target("clanky/druhy/", None));
        assert_eq!(
            resolve("../../o-planu/#cile", page),
            target("o-planu/", Some("cile"))
        );
        assert_eq!(
            resolve("obrazek.png", page),
            target("clanky/prvni-byty/obrazek.png", None)
        );
        assert_eq!(resolve("#souhrn", page), target(page, Some("souhrn")));
        assert_eq!(resolve("/", page), target("", None));
        assert_eq!(
            resolve("/soubory/zpr%C3%A1va.pdf?v=2", page),
            target("soubory/zpráva.pdf", None)
        );
        assert_eq!(resolve("../../../etc/passwd", page), None);
    }

    #[test]
    fn pages_are_found_as_a_web_server_finds_them() {
        let mut output = SiteOutput::default();
        output
            .files
            .insert("index.html".into(), b"<h1 id=\"a\">".to_vec());
        output
            .files
            .insert("opatreni/1/index.html".into(), Vec::new());
        output.files.insert("soubory/a.pdf".into(), Vec::new());
        let files: &dyn Files = &output;
        assert!(find(files, "").is_some());
        assert_eq!(
            find(files, "opatreni/1").unwrap().0,
            "opatreni/1/index.html"
        );
        assert!(find(files, "opatreni/1/").is_some());
        assert!(find(files, "soubory/a.pdf").is_some());
        assert!(find(files, "soubory/b.pdf").is_none());
        assert!(find(files, "opatreni/2/").is_none());
        assert!(has_anchor(b"<h2 id=\"cile\">", "cile"));
        assert!(!has_anchor(b"<h2 id=\"cile-2\">", "cile"));
    }

    #[test]
    fn malformed_escapes_stay_as_written() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("a%zz"), "a%zz");
        assert_eq!(percent_decode("%C4%8D"), "č");
        assert_eq!(percent_decode("%%41%"), "%A%");
        assert_eq!(percent_decode("%c4%8d%2F"), "č/");
        assert_eq!(percent_decode_bytes("%ff%C4"), [0xff, 0xc4]);
    }
}

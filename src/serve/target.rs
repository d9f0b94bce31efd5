//! How a request target maps to a file of the site, and which targets are refused.
//!
//! [`resolve_target`] percent-decodes the path and refuses anything that could mean another
//! file than one of the site's (dot segments, backslashes, NUL, broken percent-encoding); the
//! server looks what remains up in the in-memory output only.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Why a request target is not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 403: a dot segment, NUL or another control character, a backslash, broken
    /// percent-encoding or a path that is not UTF-8 once decoded.
    Forbidden,
    /// 400: neither origin-form (`/path`) nor absolute-form (`http://host/path`).
    BadRequest,
}

/// A request target taken apart.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Target<'a> {
    /// The output path to look up ("index.html", "a/b/index.html", "a/b").
    pub(super) file: String,
    /// The decoded path without leading, trailing or repeated slashes ("a/b"; "" for "/").
    pub(super) path: String,
    /// Whether the path ended with a slash (so `file` is the directory's index.html).
    pub(super) dir: bool,
    /// The query without its `?`, kept for redirects.
    pub(super) query: Option<&'a str>,
}

/// How a request target maps to a file of the site: `/` → `index.html`, `/a/b/` →
/// `a/b/index.html`, `/a/b` → `a/b` (the server redirects to `/a/b/` when only
/// `a/b/index.html` exists). The query and fragment are dropped, the path is percent-decoded,
/// and repeated slashes count as one.
pub fn resolve_target(target: &str) -> Result<String, Refusal> {
    parse_target(target).map(|t| t.file)
}

pub(super) fn parse_target(target: &str) -> Result<Target<'_>, Refusal> {
    let target = target.split_once('#').map_or(target, |(t, _)| t);
    let target = origin_form(target).ok_or(Refusal::BadRequest)?;
    let (raw, query) = match target.split_once('?') {
        Some((raw, query)) => (raw, Some(query)),
        None => (target, None),
    };
    if !raw.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let decoded = String::from_utf8(percent_decode(raw)?).map_err(|_| Refusal::Forbidden)?;
    if decoded.contains(|c: char| c == '\\' || c.is_control()) {
        return Err(Refusal::Forbidden);
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Err(Refusal::Forbidden);
    }
    let path = segments.join("/");
    let dir = decoded.ends_with('/');
    let file = match (path.is_empty(), dir) {
        (true, _) => "index.html".to_owned(),
        (false, true) => format!("{path}/index.html"),
        (false, false) => path.clone(),
    };
    Ok(Target {
        file,
        path,
        dir,
        query,
    })
}

/// The origin-form part (`/path?query`) of a target; absolute-form (`http://host/path`) loses
/// its scheme and authority. `None` for anything else (`*`, authority-form).
fn origin_form(target: &str) -> Option<&str> {
    if target.starts_with('/') {
        return Some(target);
    }
    let scheme_end = target.find("://")?;
    let scheme = &target[..scheme_end];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = &target[scheme_end + 3..];
    match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => Some(&rest[i..]),
        // `http://host?q` or `http://host`: the path is "/"; the query is not worth keeping.
        _ => Some("/"),
    }
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits is refused. The crate keeps
/// such a `%` as written, so the escapes are checked first.
fn percent_decode(raw: &str) -> Result<Vec<u8>, Refusal> {
    let bytes = raw.as_bytes();
    let well_formed = memchr::memchr_iter(b'%', bytes).all(|i| {
        bytes
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return Err(Refusal::Forbidden);
    }
    Ok(percent_encoding::percent_decode(bytes).collect())
}

/// What [`percent_encode_path`] leaves as it is: unreserved characters, sub-delimiters, `:`,
/// `@` and `/`.
const PATH_ESCAPES: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

/// Percent-encodes a decoded path for a `Location` header: everything but unreserved
/// characters, sub-delimiters, `:`, `@` and `/`.
pub(super) fn percent_encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH_ESCAPES).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_map_to_site_paths_or_are_refused() {
        use Refusal::{BadRequest, Forbidden};
        let cases: &[(&str, Result<&str, Refusal>)] = &[
            ("/", Ok("index.html")),
            ("/style.css", Ok("style.css")),
            ("/clanky/x/", Ok("clanky/x/index.html")),
            ("/clanky/x", Ok("clanky/x")),
            ("/clanky/x/?a=1&b=%2e%2e", Ok("clanky/x/index.html")),
            ("/clanky/x#nahoru", Ok("clanky/x")),
            ("/?q=1#f", Ok("index.html")),
            ("/%C4%8Dl%C3%A1nky/", Ok("články/index.html")),
            ("/a%20b.pdf", Ok("a b.pdf")),
            ("/a+b", Ok("a+b")),
            ("//etc/passwd", Ok("etc/passwd")),
            ("/a//b/", Ok("a/b/index.html")),
            ("/a%2Fb", Ok("a/b")),
            ("/%252e%252e/", Ok("%2e%2e/index.html")),
            ("/..", Err(Forbidden)),
            ("/../etc/passwd", Err(Forbidden)),
            ("/a/../b", Err(Forbidden)),
            ("/./a", Err(Forbidden)),
            ("/a/.", Err(Forbidden)),
            ("/%2e%2e/", Err(Forbidden)),
            ("/%2E%2E%2Fetc%2Fpasswd", Err(Forbidden)),
            ("/a/..%2f..%2fb", Err(Forbidden)),
            ("/.%2e/x", Err(Forbidden)),
            ("/a\\b", Err(Forbidden)),
            ("/a%5cb", Err(Forbidden)),
            ("/a%5C..%5Cb", Err(Forbidden)),
            ("/%00", Err(Forbidden)),
            ("/a%0a", Err(Forbidden)),
            ("/%ff", Err(Forbidden)),
            ("/%C4", Err(Forbidden)),
            ("/%", Err(Forbidden)),
            ("/%2", Err(Forbidden)),
            ("/%zz", Err(Forbidden)),
            ("/%+1", Err(Forbidden)),
            ("/a%%41", Err(Forbidden)),
            ("/%41%62%2f%63", Ok("Ab/c")),
            ("http://127.0.0.1:1111/a/", Ok("a/index.html")),
            ("HTTP://localhost/a/b?x", Ok("a/b")),
            ("http://127.0.0.1:1111", Ok("index.html")),
            ("http://127.0.0.1:1111?x=1", Ok("index.html")),
            ("http://127.0.0.1:1111/../etc/passwd", Err(Forbidden)),
            ("a/b", Err(BadRequest)),
            ("*", Err(BadRequest)),
            ("127.0.0.1:1111", Err(BadRequest)),
            ("file:///etc/passwd", Err(BadRequest)),
            ("?x", Err(BadRequest)),
        ];
        for (target, expected) in cases {
            let got = resolve_target(target);
            assert_eq!(got.as_deref().map_err(|r| *r), *expected, "{target:?}");
        }
    }

    #[test]
    fn redirect_targets_keep_the_query() {
        let t = parse_target("/a/b?x=1").unwrap();
        assert_eq!(
            (t.path.as_str(), t.dir, t.query),
            ("a/b", false, Some("x=1"))
        );
        assert_eq!(percent_encode_path("články/a b"), "%C4%8Dl%C3%A1nky/a%20b");
        assert_eq!(
            percent_encode_path("a-._~!$&'()*+,;=:@/z \"<>?#%[]\\^`{|}"),
            "a-._~!$&'()*+,;=:@/z%20%22%3C%3E%3F%23%25%5B%5D%5C%5E%60%7B%7C%7D"
        );
    }
}

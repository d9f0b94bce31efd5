//! Every internal link and anchor in a built site points at something that exists.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::*;
use milnik::build;

/// Checks all `href`s starting with `/` against the generated files and their `id`s.
pub fn assert_links_resolve(files: &BTreeMap<String, Vec<u8>>) {
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        let set = html
            .split(" id=\"")
            .skip(1)
            .map(|p| p[..p.find('"').unwrap()].to_string())
            .collect();
        ids.insert(path.clone(), set);
    }
    let mut broken = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        for part in html.split("href=\"").skip(1) {
            let href = &part[..part.find('"').unwrap()];
            let (target, fragment) = match href.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (href, None),
            };
            let file = if target.is_empty() {
                path.clone()
            } else if let Some(site_path) = target.strip_prefix('/') {
                if site_path.is_empty() || site_path.ends_with('/') {
                    format!("{site_path}index.html")
                } else {
                    site_path.to_string()
                }
            } else {
                continue;
            };
            if !files.contains_key(&file) {
                broken.push(format!("{path}: {href} (no {file})"));
            } else if let Some(f) = fragment {
                if !ids.get(&file).is_some_and(|s| s.contains(f)) {
                    broken.push(format!("{path}: {href} (no id {f} in {file})"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn fixture_site_has_no_broken_internal_links() {
    let built = build::render_site(&options(&fixture("minimal"))).unwrap();
    assert_links_resolve(&built.output.files);
}

#[test]
fn bundled_site_has_no_broken_internal_links() {
    let built = build::render_site(&options(&repo_root())).unwrap();
    assert_links_resolve(&built.output.files);
}

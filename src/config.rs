//! The site configuration, `milnik.toml` at the site root: the site's name, its public address
//! (`base_url`, possibly with a sub-path), its language, currency and theme. Command-line
//! options override it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::values::{Currency, NOT_A_CURRENCY_CODE};

pub const CONFIG_FILE: &str = "milnik.toml";

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown in the header and in page titles.
    pub title: String,
    /// One sentence about the site, used where a page has no description of its own.
    pub description: String,
    /// Where the site will be published, e.g. `https://example.cz/psz/`. Internal links are
    /// built from its path, so a deploy under a sub-path works.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Who publishes the site (shown in the footer).
    pub publisher: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// The ISO 4217 code of the currency every amount of the content is in (CZK by default).
    #[serde(default)]
    pub currency: Currency,
    /// The theme directory under `themes/`; `default` is built into milnik when absent there.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// How many articles the home page lists.
    #[serde(default = "default_latest_articles")]
    pub latest_articles: usize,
    /// How many articles a page of the list of articles (and of a tag's articles) shows; a
    /// longer list continues on `clanky/strana/2/` ….
    #[serde(default = "default_articles_per_page", deserialize_with = "page_size")]
    pub articles_per_page: usize,
    /// The file names a site gives datasets of the open data instead of their keys:
    /// `[datasets] projekty = "projekty-2025"`.
    #[serde(default)]
    pub datasets: DatasetNames,
    /// The licence of the open data (`[data_license]`), named on the data page and in
    /// `datapackage.json`; without it the data page names none.
    #[serde(default)]
    pub data_license: Option<DataLicense>,
    /// Which waves get a printed report (`[reports] waves = "all"`).
    #[serde(default)]
    pub reports: ReportsConfig,
    /// `base_url` (or the command line's `--base-url`) parsed, once the configuration is
    /// settled by [`crate::pipeline::Pipeline::config`].
    #[serde(skip)]
    pub base: BaseUrl,
}

/// `[reports]`: which evaluation waves get a printed report (a PDF beside the wave's page).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsConfig {
    #[serde(default)]
    pub waves: ReportWaves,
}

/// The waves with a printed report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportWaves {
    /// Every wave: each evaluation stays downloadable as it was published.
    #[default]
    All,
    /// Only the newest wave (the last by publication): a build lays out one report.
    Latest,
    /// None: the site has no PDFs, and its pages link none.
    None,
}

/// `[data_license]`: the licence the publisher gives the open data.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataLicense {
    /// Its SPDX identifier: "CC-BY-4.0".
    pub name: String,
    /// As a reader knows it: "Creative Commons Uveďte původ 4.0 Mezinárodní".
    pub title: String,
    /// Where its text is, an `http(s)://` address.
    #[serde(deserialize_with = "web_address")]
    pub url: String,
}

fn web_address<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    let url = String::deserialize(d)?;
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(url)
    } else {
        Err(D::Error::custom(crate::diagnostics::own(crate::msg!(
            "config.licence_url",
            url
        ))))
    }
}

/// `[datasets]`: a file name (without extension) per dataset key, checked when read: every key
/// names a dataset, every name is a slug, no two datasets share one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DatasetNames(std::collections::BTreeMap<String, String>);

impl DatasetNames {
    /// The file name of the dataset `key`: the site's, else the key itself.
    pub fn file<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }
}

impl<'de> Deserialize<'de> for DatasetNames {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let names = std::collections::BTreeMap::<String, String>::deserialize(d)?;
        let keys = crate::open_data::DATASET_NAMES;
        for (key, name) in &names {
            if !keys.contains(&key.as_str()) {
                let hint = match crate::diagnostics::suggest(key, keys) {
                    Some(close) => crate::msg!("hint.did_you_mean", name = close),
                    None => crate::msg!(
                        "config.datasets",
                        names = keys.map(|k| format!("`{k}`")).join(", ")
                    ),
                };
                return Err(D::Error::custom(crate::diagnostics::own_with_hint(
                    crate::msg!("config.unknown_dataset", key),
                    hint,
                )));
            }
            if !crate::slug::is_valid_slug(name) {
                return Err(D::Error::custom(crate::diagnostics::own(crate::msg!(
                    "config.dataset_name",
                    name,
                    key,
                    slug = crate::slug::slugify(name)
                ))));
            }
        }
        let file = |k: &str| names.get(k).map_or(k, String::as_str).to_string();
        for (i, a) in keys.iter().enumerate() {
            if let Some(b) = keys[..i].iter().find(|b| file(b) == file(a)) {
                return Err(D::Error::custom(crate::diagnostics::own(crate::msg!(
                    "config.dataset_clash",
                    b,
                    a,
                    file = file(a)
                ))));
            }
        }
        Ok(DatasetNames(names))
    }
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_language() -> String {
    "cs".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_latest_articles() -> usize {
    3
}

fn default_articles_per_page() -> usize {
    20
}

fn page_size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    use serde::de::Error;
    let size = i64::deserialize(d)?;
    match usize::try_from(size) {
        Ok(size) if size > 0 => Ok(size),
        _ => Err(D::Error::custom(crate::diagnostics::own(crate::msg!(
            "config.page_size",
            size
        )))),
    }
}

/// The public address split into what links need.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct BaseUrl {
    /// Scheme and host without a trailing slash (`https://example.cz`), empty for a relative base.
    pub origin: String,
    /// The path every internal link starts with, always beginning and ending with `/`.
    pub path: String,
}

/// `/`: the default `base_url`.
impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl {
            origin: String::new(),
            path: "/".to_string(),
        }
    }
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (origin, path) = if let Some(rest) = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
        {
            let scheme_len = text.len() - rest.len();
            let host_end = rest.find('/').unwrap_or(rest.len());
            if host_end == 0 {
                return Err(crate::msg!("config.no_host", text));
            }
            (
                text[..scheme_len + host_end].to_string(),
                rest[host_end..].to_string(),
            )
        } else if text.starts_with('/') {
            (String::new(), text.to_string())
        } else {
            return Err(crate::msg!("config.not_base_url", text));
        };
        if path.contains("..") || path.contains('?') || path.contains('#') || path.contains('\\') {
            return Err(crate::msg!("config.plain_path", text));
        }
        let mut path = if path.is_empty() {
            "/".to_string()
        } else {
            path
        };
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// The link to a site path such as `opatreni/1-1-1-1/` (no leading slash needed).
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// Whether the base names a scheme and host, as sitemaps and feeds need.
    pub fn is_absolute(&self) -> bool {
        !self.origin.is_empty()
    }

    /// The absolute address of a site path, for canonical links and feeds.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.link(site_path))
    }
}

/// Reads `milnik.toml`; problems become diagnostics.
pub fn load(root: &Path) -> Result<(SiteConfig, SourceFile), Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                return Err(Diagnostics(vec![Diagnostic::error(
                    CONFIG_FILE,
                    crate::msg!("content.not_utf8"),
                )
                .with_hint(crate::msg!("content.not_utf8_hint"))]))
            }
        },
        Err(err) => {
            return Err(Diagnostics(vec![Diagnostic::error(
                CONFIG_FILE,
                crate::msg!(
                    "config.unreadable",
                    dir = root.display(),
                    reason = crate::messages::io_reason(&err)
                ),
            )
            .with_hint(crate::msg!("config.unreadable_hint"))]))
        }
    };
    let file = SourceFile::new(CONFIG_FILE, text);
    match toml::from_str::<SiteConfig>(&file.text) {
        Ok(config) => Ok((config, file)),
        Err(err) => {
            let d = file.toml_error(&err);
            let d = match err.message().contains(NOT_A_CURRENCY_CODE) {
                true => d.with_hint(currency_hint(&file, &err)),
                false => d,
            };
            Err(Diagnostics(vec![d]))
        }
    }
}

/// For a `currency` that is not a code: the code the editor probably meant, and what a code is.
fn currency_hint(file: &SourceFile, err: &toml::de::Error) -> String {
    let written = err
        .span()
        .and_then(|span| file.text.get(span))
        .map(|value| value.trim().trim_matches(['"', '\'']))
        .unwrap_or_default();
    match Currency::meant_by(written) {
        Some(code) => crate::msg!("config.currency_meant", code),
        None => crate::msg!("config.currency_code"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_with_sub_paths() {
        let b = BaseUrl::parse("https://example.cz/psz").unwrap();
        assert_eq!(b.origin, "https://example.cz");
        assert_eq!(b.path, "/psz/");
        assert_eq!(b.link("opatreni/1-1-1-1/"), "/psz/opatreni/1-1-1-1/");
        assert_eq!(b.absolute("/"), "https://example.cz/psz/");
        assert_eq!(BaseUrl::parse("/").unwrap().link(""), "/");
        assert_eq!(BaseUrl::parse("https://example.cz").unwrap().path, "/");
        assert!(BaseUrl::parse("example.cz").is_err());
        assert!(BaseUrl::parse("https://example.cz/../x").is_err());
    }

    #[test]
    fn the_currency_is_czk_unless_the_configuration_names_another() {
        let text =
            |extra: &str| format!("title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\n{extra}");
        let config = |extra: &str| toml::from_str::<SiteConfig>(&text(extra));
        assert_eq!(config("").unwrap().currency, Currency::CZK);
        assert_eq!(config("currency = \"EUR\"").unwrap().currency.code(), "EUR");
        let hint = |value: &str| {
            let extra = format!("currency = \"{value}\"");
            let err = config(&extra).unwrap_err();
            assert!(err.message().contains(NOT_A_CURRENCY_CODE), "{err}");
            currency_hint(&SourceFile::new(CONFIG_FILE, text(&extra)), &err)
        };
        assert_eq!(
            hint("€"),
            "write the currency's ISO 4217 code: currency = \"EUR\""
        );
        assert!(hint("czk").ends_with("currency = \"CZK\""));
        assert!(hint("Euro").contains("three capital letters, e.g. currency = \"EUR\""));
    }
}

//! A measure's status as printed in an evaluation ("V realizaci (2/6)"): its kind, the badge it
//! gets and the report count it may carry.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// The three states a measure can be in; badges are coloured by this.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusKind {
    NotStarted,
    InProgress,
    Completed,
}

impl StatusKind {
    pub const ALL: [StatusKind; 3] = [
        StatusKind::NotStarted,
        StatusKind::InProgress,
        StatusKind::Completed,
    ];

    /// The word content files use for this kind (the status vocabulary `Status::parse`
    /// reads); readers see the theme's words instead (`status.<key>`, see [`super::locale`]).
    pub fn content_word(self) -> &'static str {
        match self {
            StatusKind::NotStarted => "Nerealizováno",
            StatusKind::InProgress => "V realizaci",
            StatusKind::Completed => "Dokončeno",
        }
    }

    /// Stable key for CSS classes and data files.
    pub fn key(self) -> &'static str {
        match self {
            StatusKind::NotStarted => "not-started",
            StatusKind::InProgress => "in-progress",
            StatusKind::Completed => "completed",
        }
    }
}

/// How many of a project's implementation reports the evaluation drew on: "(2/6)" means the
/// second of six reports was the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReportCount {
    pub used: u8,
    pub total: u8,
}

/// A measure's status in one wave, exactly as the evaluation prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Status {
    pub kind: StatusKind,
    pub reports: Option<ReportCount>,
}

pub const STATUS_EXPECTED: &str =
    "`Nerealizováno`, `V realizaci`, `V realizaci (2/6)` (reports used/total) or `Dokončeno`";

impl Status {
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let folded = crate::slug::fold(t);
        let simple = |kind| {
            Ok(Status {
                kind,
                reports: None,
            })
        };
        match folded.as_str() {
            "nerealizovano" => return simple(StatusKind::NotStarted),
            "v realizaci" => return simple(StatusKind::InProgress),
            "dokonceno" => return simple(StatusKind::Completed),
            _ => {}
        }
        if let Some(rest) = folded.strip_prefix("v realizaci") {
            let inner = rest
                .trim()
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .and_then(|r| r.split_once('/'));
            if let Some((used, total)) = inner {
                let used: u8 = used.trim().parse().map_err(|_| bad_status(t))?;
                let total: u8 = total.trim().parse().map_err(|_| bad_status(t))?;
                if total == 0 || used > total {
                    return Err(format!(
                        "report count {used}/{total} in `{t}` is impossible: the number of reports used cannot exceed the total, which must be at least 1"
                    ));
                }
                return Ok(Status {
                    kind: StatusKind::InProgress,
                    reports: Some(ReportCount { used, total }),
                });
            }
        }
        Err(bad_status(t))
    }

    /// The status as a content file writes it: "V realizaci (3/6)" (what the spreadsheet
    /// import writes into a wave file).
    pub fn content_text(self) -> String {
        match self.reports {
            Some(r) => format!("{} ({}/{})", self.kind.content_word(), r.used, r.total),
            None => self.kind.content_word().to_string(),
        }
    }

    /// The badge text for readers, in the language being written: "V realizaci (3/6)".
    pub fn shown(self) -> String {
        super::locale::with(|l| l.status(self))
    }
}

fn bad_status(text: &str) -> String {
    format!("unknown status `{text}`; expected one of {STATUS_EXPECTED}")
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Status::parse(&text).map_err(de::Error::custom)
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_badges_read_as_printed() {
        let label = |s: &str| Status::parse(s).unwrap().content_text();
        assert_eq!(label("Nerealizováno"), "Nerealizováno");
        assert_eq!(label("V realizaci"), "V realizaci");
        assert_eq!(label("V realizaci (3/6)"), "V realizaci (3/6)");
        assert_eq!(label("v realizaci (0/6)"), "V realizaci (0/6)");
        assert_eq!(label("Dokončeno"), "Dokončeno");
        assert_eq!(
            Status::parse("V realizaci (2/6)").unwrap().kind,
            StatusKind::InProgress
        );
        assert!(Status::parse("V realizac")
            .unwrap_err()
            .contains("expected one of"));
        assert!(Status::parse("V realizaci (7/6)")
            .unwrap_err()
            .contains("7/6"));
        assert!(Status::parse("V realizaci (x/6)").is_err());
    }
}

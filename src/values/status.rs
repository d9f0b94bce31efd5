//! The statuses an item can be in, as a plan declares them ([`StatusDef`]: the printed label,
//! its [`StatusKind`], the detail it may carry), and an item's status in one wave ([`Status`]:
//! which declared status, with its detail, as in "V realizaci (2/6)").
//!
//! Everything computed (counts, charts, changes, feeds, badge colours, open data) goes by the
//! kind, never by the words; the words are the content's, or the theme's when the plan
//! declares none ([`default_statuses`]).

use serde::{Deserialize, Serialize, Serializer};

use crate::i18n::Translations;

/// What a status means, whatever a plan calls it; badges are coloured by it and everything
/// computed counts by it. In the order of a measure's life, which is also the order of the
/// rows of status tables and charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusKind {
    NotStarted,
    InProgress,
    Partial,
    Done,
    Postponed,
    Cancelled,
}

impl StatusKind {
    pub const ALL: [StatusKind; 6] = [
        StatusKind::NotStarted,
        StatusKind::InProgress,
        StatusKind::Partial,
        StatusKind::Done,
        StatusKind::Postponed,
        StatusKind::Cancelled,
    ];

    /// The kinds a status table shows even when no item has them.
    pub const CORE: [StatusKind; 3] = [
        StatusKind::NotStarted,
        StatusKind::InProgress,
        StatusKind::Done,
    ];

    /// Stable key for CSS classes, translation keys and data files.
    pub fn key(self) -> &'static str {
        match self {
            StatusKind::NotStarted => "not-started",
            StatusKind::InProgress => "in-progress",
            StatusKind::Partial => "partial",
            StatusKind::Done => "done",
            StatusKind::Postponed => "postponed",
            StatusKind::Cancelled => "cancelled",
        }
    }

    /// How far along the way from "not started" to "done" the kind is; `None` for postponed and
    /// cancelled, which are off that line (a move to or from them is a change, neither
    /// forward nor back).
    pub fn stage(self) -> Option<u8> {
        match self {
            StatusKind::NotStarted => Some(0),
            StatusKind::InProgress => Some(1),
            StatusKind::Partial => Some(2),
            StatusKind::Done => Some(3),
            StatusKind::Postponed | StatusKind::Cancelled => None,
        }
    }

    /// Whether an item in this state stays in it until a wave says otherwise.
    pub fn terminal_by_default(self) -> bool {
        matches!(self, StatusKind::Done | StatusKind::Cancelled)
    }
}

/// The words for a kind of status where statuses are counted by kind (a row of a status
/// table or chart): written by [`super::locale`] as the plan's first status of that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindLabel(pub StatusKind);

impl Serialize for KindLabel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::locale::with(|l| l.status_kind(self.0).to_string()))
    }
}

/// What a status's label may carry after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DetailKind {
    /// "V realizaci (2/6)": the project's implementation reports the evaluation drew on.
    Reports,
    /// "V realizaci (60 %)": how far the item is.
    Percent,
}

/// One status a plan declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusDef {
    /// The exact printed text, which wave files write: "V realizaci".
    pub label: String,
    pub kind: StatusKind,
    pub detail: Option<DetailKind>,
    /// Stays in later waves that do not report the item again.
    pub terminal: bool,
    /// What it means, as the plan words it; `None`: the theme's words for its kind.
    pub meaning: Option<String>,
}

/// The statuses of a plan that declares none: one per kind, worded by the theme's `[status]`
/// texts in the site's language; `in-progress` may carry report counts. The three every plan
/// has come first (not started, in progress, done), so a plan that declares just those in
/// that order numbers them as the theme does.
pub fn default_statuses(tr: &Translations) -> Vec<StatusDef> {
    let others = StatusKind::ALL
        .into_iter()
        .filter(|k| !StatusKind::CORE.contains(k));
    StatusKind::CORE
        .into_iter()
        .chain(others)
        .map(|kind| StatusDef {
            label: tr.text(&format!("status.{}", kind.key())).to_string(),
            kind,
            detail: (kind == StatusKind::InProgress).then_some(DetailKind::Reports),
            terminal: kind.terminal_by_default(),
            meaning: None,
        })
        .collect()
}

/// The theme's Czech statuses, for tests: the ones [`super::locale::in_language`]`("cs")`
/// words.
#[cfg(test)]
pub(crate) fn czech_statuses() -> Vec<StatusDef> {
    default_statuses(&crate::render::theme::builtin_translations("cs"))
}

/// How many of a project's implementation reports the evaluation drew on: "(2/6)" means the
/// second of six reports was the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReportCount {
    pub used: u8,
    pub total: u8,
}

/// What a status carries after its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Detail {
    Reports(ReportCount),
    Percent(u8),
}

/// An item's status in one wave: which of the plan's statuses ([`StatusDef`], by position),
/// its kind, and the detail printed after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Status {
    pub def: u8,
    pub kind: StatusKind,
    pub detail: Option<Detail>,
}

impl Status {
    /// A status by its label as a content file writes it, ignoring case and diacritics:
    /// "V realizaci (2/6)", "v realizaci". The error says what the plan accepts.
    pub fn parse(text: &str, defs: &[StatusDef]) -> Result<Self, String> {
        let t = text.trim();
        let folded = crate::slug::fold(t);
        // The longest label first, so that "V realizaci (2/6)" is not taken for a label
        // "V realizaci (" should a plan declare one.
        let mut by_length: Vec<(usize, &StatusDef)> = defs.iter().enumerate().collect();
        by_length.sort_by_key(|(_, d)| std::cmp::Reverse(d.label.len()));
        for (ix, def) in by_length {
            let Some(rest) = folded.strip_prefix(&crate::slug::fold(&def.label)) else {
                continue;
            };
            let rest = rest.trim();
            let status = |detail| Status {
                def: ix as u8,
                kind: def.kind,
                detail,
            };
            if rest.is_empty() {
                return Ok(status(None));
            }
            let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
                // "V realizaci (5/6": the bracket was opened and not closed.
                if rest.starts_with('(') && !rest.contains(')') && def.detail.is_some() {
                    return Err(crate::msg!("status.unclosed_bracket", text = t));
                }
                continue;
            };
            return match def.detail {
                Some(DetailKind::Reports) => {
                    parse_reports(inner, t).map(|r| status(Some(Detail::Reports(r))))
                }
                Some(DetailKind::Percent) => {
                    parse_percent(inner, t).map(|p| status(Some(Detail::Percent(p))))
                }
                None => Err(crate::msg!(
                    "status.no_detail",
                    label = def.label,
                    expected = expected(defs)
                )),
            };
        }
        Err(crate::msg!(
            "status.unknown",
            text = t,
            expected = expected(defs)
        ))
    }

    /// Whether `text` starts with no status label of `defs`: a status nobody declared, which
    /// may be a misspelt one (rather than a declared label with a wrong count in brackets).
    pub fn is_unknown_label(text: &str, defs: &[StatusDef]) -> bool {
        let folded = crate::slug::fold(text.trim());
        !defs
            .iter()
            .any(|d| folded.starts_with(&crate::slug::fold(&d.label)))
    }

    /// The report counts, when the status carries them.
    pub fn reports(self) -> Option<ReportCount> {
        match self.detail {
            Some(Detail::Reports(r)) => Some(r),
            _ => None,
        }
    }

    /// The status as a content file writes it, with the label `defs` give it: "V realizaci
    /// (3/6)" (what the spreadsheet import writes into a wave file).
    pub fn content_text(self, defs: &[StatusDef]) -> String {
        let label = defs
            .get(usize::from(self.def))
            .map_or(self.kind.key(), |d| d.label.as_str());
        match self.detail {
            Some(Detail::Reports(r)) => format!("{label} ({}/{})", r.used, r.total),
            Some(Detail::Percent(p)) => format!("{label} ({p} %)"),
            None => label.to_string(),
        }
    }

    /// The badge text for readers, in the language being written: "V realizaci (3/6)".
    pub fn shown(self) -> String {
        super::locale::with(|l| l.status(self))
    }
}

fn parse_reports(inner: &str, text: &str) -> Result<ReportCount, String> {
    let bad = || crate::msg!("status.bad_count", text);
    let (used, total) = inner.split_once('/').ok_or_else(bad)?;
    let used: u8 = used.trim().parse().map_err(|_| bad())?;
    let total: u8 = total.trim().parse().map_err(|_| bad())?;
    if total == 0 || used > total {
        return Err(crate::msg!("status.count_over_total", used, total, text));
    }
    Ok(ReportCount { used, total })
}

fn parse_percent(inner: &str, text: &str) -> Result<u8, String> {
    let number = inner.trim().trim_end_matches('%').trim();
    match number.parse::<u8>() {
        Ok(p) if p <= 100 => Ok(p),
        _ => Err(crate::msg!("status.bad_percent", text)),
    }
}

/// The statuses `defs` accept, for messages: "`Nerealizováno`, `V realizaci`, `V realizaci
/// (2/6)` (reports used/total) or `Dokončeno`".
pub fn expected(defs: &[StatusDef]) -> String {
    let mut forms: Vec<String> = Vec::new();
    for def in defs {
        forms.push(format!("`{}`", def.label));
        match def.detail {
            Some(DetailKind::Reports) => {
                forms.push(crate::msg!("status.form_reports", label = def.label))
            }
            Some(DetailKind::Percent) => forms.push(format!("`{} (60 %)`", def.label)),
            None => {}
        }
    }
    match forms.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            crate::msg!("list.or", items = rest.join(", "), last)
        }
        Some((last, _)) => last.clone(),
        None => crate::msg!("status.none_declared"),
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

    fn ostrava() -> Vec<StatusDef> {
        let def = |label: &str, kind, detail| StatusDef {
            label: label.into(),
            kind,
            detail,
            terminal: false,
            meaning: None,
        };
        vec![
            def("Nerealizováno", StatusKind::NotStarted, None),
            def(
                "V realizaci",
                StatusKind::InProgress,
                Some(DetailKind::Reports),
            ),
            def("Dokončeno", StatusKind::Done, None),
            def("Hotovo na", StatusKind::Partial, Some(DetailKind::Percent)),
        ]
    }

    #[test]
    fn status_badges_read_as_printed() {
        let defs = ostrava();
        let text = |s: &str| Status::parse(s, &defs).unwrap().content_text(&defs);
        assert_eq!(text("Nerealizováno"), "Nerealizováno");
        assert_eq!(text("V realizaci"), "V realizaci");
        assert_eq!(text("V realizaci (3/6)"), "V realizaci (3/6)");
        assert_eq!(text("v realizaci (0/6)"), "V realizaci (0/6)");
        assert_eq!(text("Dokončeno"), "Dokončeno");
        assert_eq!(text("hotovo na (60 %)"), "Hotovo na (60 %)");
        let parsed = Status::parse("V realizaci (2/6)", &defs).unwrap();
        assert_eq!(parsed.kind, StatusKind::InProgress);
        assert_eq!(parsed.reports(), Some(ReportCount { used: 2, total: 6 }));
    }

    #[test]
    fn wrong_statuses_say_what_the_plan_accepts() {
        let defs = ostrava();
        let err = |s: &str| Status::parse(s, &defs).unwrap_err();
        assert_eq!(
            err("V realizac"),
            "unknown status `V realizac`; expected one of `Nerealizováno`, `V realizaci`, `V realizaci (2/6)` (reports used/total), `Dokončeno`, `Hotovo na` or `Hotovo na (60 %)`"
        );
        assert!(err("V realizaci (7/6)").contains("7/6"));
        assert!(err("V realizaci (x/6)").contains("used/total"));
        assert!(err("Dokončeno (2/6)").contains("carries nothing"));
        assert!(err("Hotovo na (160 %)").contains("0 to 100"));
    }
}

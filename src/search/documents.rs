//! The searchable documents: one [`SearchDoc`] per area, specific goal, measure, global
//! indicator, wave, article and page of the model, with the text of each field it is scored on.

use rayon::prelude::*;
use serde::Serialize;

use crate::html::html_text;
use crate::i18n::Translations;
use crate::model::funding_tables::FundingCell;
use crate::model::{
    Area, AreaIx, Article, GlobalIndicator, MeasureIx, Page, Site, SpecificGoalIx, Wave,
};
use crate::values::locale::{self, Locale};

/// What kind of page a search result is, shown above its title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Area,
    Goal,
    Measure,
    Indicator,
    Wave,
    Article,
    Page,
}

impl DocKind {
    /// Every kind, for the search page's names of them in the site's language.
    pub const ALL: [DocKind; 7] = [
        DocKind::Area,
        DocKind::Goal,
        DocKind::Measure,
        DocKind::Indicator,
        DocKind::Wave,
        DocKind::Article,
        DocKind::Page,
    ];

    /// The stable name, also the last part of its translation key `search.kind.<name>` (the
    /// plan's nodes are named by their levels instead).
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Area => "area",
            DocKind::Goal => "goal",
            DocKind::Measure => "measure",
            DocKind::Indicator => "indicator",
            DocKind::Wave => "wave",
            DocKind::Article => "article",
            DocKind::Page => "page",
        }
    }
}

/// One searchable page (or, for a specific goal, the anchor of its section).
#[derive(Debug, PartialEq)]
pub struct SearchDoc {
    pub kind: DocKind,
    pub href: String,
    pub title: String,
    /// The measure's, goal's or area's ID ("2.1.3.4"), matched before anything else.
    pub id: Option<String>,
    pub badge: Option<DocBadge>,
    /// A summary or description, counted above the body.
    pub lead: String,
    pub body: String,
}

/// A measure's status as its result shows it: the text in the site's language and the key
/// that colours it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocBadge {
    pub label: String,
    pub key: &'static str,
}

/// The searchable documents of a site, in the order of the plan, then articles and pages;
/// statuses in the language of `tr`.
pub fn documents(site: &Site, tr: &Translations) -> Vec<SearchDoc> {
    let locale = std::sync::Arc::new(Locale::of(tr, &site.statuses, site.config.currency));
    let mut docs = Vec::new();
    for (ix, area) in AreaIx::enumerate(&site.areas) {
        docs.push(area_doc(site, ix, area));
        for g in site.goals_in_area(ix) {
            docs.push(goal_doc(site, g));
        }
    }
    locale::scope(&locale, || {
        docs.extend(site.measure_ixs().map(|m| measure_doc(site, m, tr)));
    });
    docs.extend(site.indicators.iter().map(indicator_doc));
    docs.extend(site.waves.iter().map(wave_doc));
    // Most of a large site: the one part worth spreading over the cores.
    docs.par_extend(site.articles.par_iter().map(article_doc));
    docs.extend(site.pages.iter().map(page_doc));
    docs
}

/// An area: its strategic goals are its body.
fn area_doc(site: &Site, ix: AreaIx, area: &Area) -> SearchDoc {
    let mut body = html_text(area.goals_intro_html.as_deref().unwrap_or_default());
    for sg in site.groups_in_area(ix) {
        let sg = &site.strategic_goals[sg];
        push_text(&mut body, &format!("{} {}", sg.id, sg.title));
    }
    SearchDoc {
        kind: DocKind::Area,
        href: area.href.clone(),
        title: format!("{} {}", area.id, area.title),
        id: Some(area.id.clone()),
        badge: None,
        lead: html_text(&area.target_group_html),
        body,
    }
}

/// A specific goal: its impact indicators and the latest wave's narrative are its body.
fn goal_doc(site: &Site, goal_ix: SpecificGoalIx) -> SearchDoc {
    let goal = &site.specific_goals[goal_ix];
    let mut body = String::new();
    for ind in &goal.impact_indicators {
        push_text(&mut body, &ind.name);
    }
    if let Some(report) = site.last_goal_report(goal_ix) {
        push_text(
            &mut body,
            &html_text(report.summary_html.as_deref().unwrap_or_default()),
        );
    }
    SearchDoc {
        kind: DocKind::Goal,
        href: goal.href.clone(),
        title: goal.title.clone(),
        id: Some(goal.id.clone()),
        badge: None,
        lead: html_text(&goal.expected_impact_html),
        body,
    }
}

/// A measure: its card and the latest wave's report on it are its body.
fn measure_doc(site: &Site, measure: MeasureIx, tr: &Translations) -> SearchDoc {
    let m = &site.measures[measure];
    let mut body = String::new();
    for text in [&m.target_group, &m.responsible, &m.schedule]
        .into_iter()
        .chain(&m.output_indicators)
        .chain(&m.funding_sources)
    {
        push_text(&mut body, text);
    }
    if let Some((_, report)) = site.last_report(measure) {
        for text in [&report.implementer, &report.activity, &report.service]
            .into_iter()
            .flatten()
        {
            push_text(&mut body, text);
        }
        if let Some(note) = &report.note_html {
            push_text(&mut body, &html_text(note));
        }
    }
    // Its rows in the funding tables the waves give, in every wave that gives them: project
    // numbers, implementers, calls.
    let rows = m.reports.iter().flat_map(|&(w, g, mr)| {
        site.waves[w].goal_reports[g].measures[mr]
            .funding
            .iter()
            .flat_map(|r| &r.rows)
    });
    for cell in rows.flat_map(|r| &r.cells) {
        match cell {
            FundingCell::Text(text) => push_text(&mut body, text),
            FundingCell::List(items) => items.iter().for_each(|t| push_text(&mut body, t)),
            _ => {}
        }
    }
    SearchDoc {
        kind: DocKind::Measure,
        href: m.href.clone(),
        title: m.title.clone(),
        id: Some(m.id.clone()),
        // Its latest status; one that ended with an earlier action plan says so.
        badge: match &m.latest_status {
            Some(b) => Some(DocBadge {
                label: b.status.shown(),
                key: b.key,
            }),
            None => m
                .lifecycle
                .end
                .as_ref()
                .filter(|e| e.key == "ended")
                .map(|_| DocBadge {
                    label: tr.text("in_wave.ended").to_string(),
                    key: "ended",
                }),
        },
        lead: m.description_text.clone(),
        body,
    }
}

fn indicator_doc(ind: &GlobalIndicator) -> SearchDoc {
    let mut body = String::new();
    for note in &ind.notes_html {
        push_text(&mut body, &html_text(note));
    }
    SearchDoc {
        kind: DocKind::Indicator,
        href: ind.href.clone(),
        title: ind.name.clone(),
        id: None,
        badge: None,
        lead: ind.expected_text.clone(),
        body,
    }
}

fn wave_doc(wave: &Wave) -> SearchDoc {
    let mut body = html_text(wave.summary_html.as_deref().unwrap_or_default());
    for p in &wave.programmes {
        push_text(&mut body, &p.title);
        push_text(&mut body, &html_text(&p.text_html));
    }
    for month in &wave.months {
        push_text(&mut body, &html_text(&month.text_html));
    }
    SearchDoc {
        kind: DocKind::Wave,
        href: wave.href.clone(),
        title: wave.title.clone(),
        id: None,
        badge: None,
        lead: wave.covers.clone(),
        body,
    }
}

fn article_doc(a: &Article) -> SearchDoc {
    let mut body = html_text(&a.content.html);
    for tag in &a.tags {
        push_text(&mut body, tag);
    }
    SearchDoc {
        kind: DocKind::Article,
        href: a.href.clone(),
        title: a.title.clone(),
        id: None,
        badge: None,
        lead: a.summary.clone().unwrap_or_default(),
        body,
    }
}

fn page_doc(p: &Page) -> SearchDoc {
    SearchDoc {
        kind: DocKind::Page,
        href: p.href.clone(),
        title: p.title.clone(),
        id: None,
        badge: None,
        lead: p.description.clone().unwrap_or_default(),
        body: html_text(&p.content.html),
    }
}

/// Appends `text` to `into` on a line of its own.
pub(super) fn push_text(into: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !into.is_empty() {
        into.push('\n');
    }
    into.push_str(text);
}

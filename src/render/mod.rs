//! Stage 3 of the build: the model and the theme in, every page in memory out (the finish,
//! `pipeline::Pipeline::finish`, puts the static files beside them).
//!
//! Each page is one job with a path, a template and a context built from the model; jobs render
//! in parallel (rayon) against one template environment compiled once. Contexts are small views
//! over the model: templates get ready-made text, links and badges and compute nothing.

mod contents;
pub mod theme;

use std::collections::BTreeMap;

use minijinja::value::{Kwargs, Value};
use minijinja::{context, AutoEscape, Environment, UndefinedBehavior};

use crate::chart::{Chart, Charts};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::html::escape_html;
use crate::i18n::{LookupError, Translations};
use crate::markdown::{self, Abbreviations};
use crate::model::{Embed, RichHtml, Site};
use crate::pages::views::{crumb, level_text, measure_item};
use crate::pages::{route, Cx, Job, PageKey, PageKind};
use theme::Theme;

/// Builds the template environment: every template compiled once, HTML auto-escaping for every
/// `.html`, `.xml` and `.svg` template, undefined variables are errors, and `t(…)` for the
/// theme's UI strings in the site's language.
pub fn environment(
    theme: &Theme,
    abbreviations: Abbreviations,
) -> Result<Environment<'static>, Diagnostics> {
    let mut env = Environment::new();
    // `{{ text|abbr }}`: plain text with the plan's abbreviations explained in `<abbr>`.
    env.add_filter("abbr", move |text: String| -> Value {
        match abbreviations.mark(&text) {
            Some(html) => Value::from_safe_string(html),
            None => Value::from(text),
        }
    });
    // `{% filter contents(t("contents.title"), t("contents.back")) %}…{% endfilter %}`: a
    // contents list before the sections, a link back to it after them.
    env.add_filter("contents", contents::filter);
    // `{{ t("nav.areas") }}`, `{{ t("wave.published", published=…, covers=…) }}`.
    let translations = std::sync::Arc::new(theme.translations.clone());
    env.add_function(
        "t",
        move |state: &minijinja::State, key: &str, args: Kwargs| {
            translate(&translations, state, key, &args)
        },
    );
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(html_formatter);
    env.set_debug(true);
    let mut diagnostics = Diagnostics::default();
    for (name, file) in &theme.templates {
        let source = match String::from_utf8(file.bytes.clone()) {
            Ok(s) => s,
            Err(_) => {
                diagnostics.push(
                    Diagnostic::error(file.origin.clone(), crate::msg!("content.not_utf8"))
                        .with_hint(crate::msg!("content.not_utf8_hint")),
                );
                continue;
            }
        };
        if let Err(err) = env.add_template_owned(name.clone(), source) {
            diagnostics.push(template_diagnostic(theme, &err));
        }
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(env)
    }
}

/// The template function `t(key, name=value, …)`: the key's text in the site's language with its
/// `{name}` placeholders filled in; `count=` also picks the plural form of a key that has them.
/// In an auto-escaped template the text and the values are escaped (values that are already
/// HTML, such as a macro's output or a `{% set %}` block, are not) and the result is HTML, so a
/// sentence may hold a link: `t("measures.status_by_wave", wave=link, published=…)`.
fn translate(
    translations: &Translations,
    state: &minijinja::State,
    key: &str,
    args: &Kwargs,
) -> Result<Value, minijinja::Error> {
    use minijinja::{Error, ErrorKind};
    let count: Option<Value> = args.peek("count")?;
    let count = count.and_then(|c| i64::try_from(c).ok());
    let text = match translations.lookup(key, count.map(i64::unsigned_abs)) {
        Ok(text) => text,
        Err(LookupError::NeedsCount) => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                crate::diagnostics::own(crate::msg!("template.needs_count", key)),
            ))
        }
        Err(LookupError::Unknown(close)) => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                crate::diagnostics::own(match close {
                    Some(close) => crate::msg!("template.unknown_key_close", key, close),
                    None => crate::msg!("template.unknown_key", key),
                }),
            ));
        }
    };
    let html = matches!(state.auto_escape(), AutoEscape::Html);
    let mut values = Vec::new();
    for name in args.args() {
        values.push((name, args.get::<Value>(name)?));
    }
    let mut out = String::with_capacity(text.len());
    crate::i18n::fill(
        text,
        |literal, out| {
            if html {
                let _ = escape_html(literal, out);
            } else {
                out.push_str(literal);
            }
        },
        |name, out| {
            let Some((_, value)) = values.iter().find(|(n, _)| *n == name) else {
                return false;
            };
            let shown = value.to_string();
            if html && !value.is_safe() {
                let _ = escape_html(&shown, out);
            } else {
                out.push_str(&shown);
            }
            true
        },
        &mut out,
    )
    .map_err(|name| {
        Error::new(
            ErrorKind::InvalidOperation,
            crate::diagnostics::own(crate::msg!("template.needs_arg", key, name)),
        )
    })?;
    Ok(if html {
        Value::from_safe_string(out)
    } else {
        Value::from(out)
    })
}

fn html_formatter(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (AutoEscape::Html, Some(text)) if !value.is_safe() => {
            escape_html(text, out).map_err(|_| {
                minijinja::Error::new(
                    minijinja::ErrorKind::WriteFailure,
                    crate::msg!("template.write_failed"),
                )
            })
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// A template error as a diagnostic naming the template file and line.
fn template_diagnostic(theme: &Theme, err: &minijinja::Error) -> Diagnostic {
    let name = err.name().unwrap_or("template");
    let file = theme
        .templates
        .get(name)
        .map(|f| f.origin.clone())
        .unwrap_or_else(|| name.into());
    let message = crate::msg!("template.error", what = template_problem(err));
    let mut d = Diagnostic::error(file, message);
    if let Some(line) = err.line() {
        let text = theme
            .templates
            .get(name)
            .and_then(|f| std::str::from_utf8(&f.bytes).ok())
            .and_then(|t| t.lines().nth(line - 1))
            .map(str::to_string);
        let column = err
            .range()
            .zip(theme.templates.get(name))
            .and_then(|(range, f)| {
                let t = std::str::from_utf8(&f.bytes).ok()?;
                let start = t.get(..range.start)?;
                Some(
                    start[start.rfind('\n').map_or(0, |i| i + 1)..]
                        .chars()
                        .count()
                        + 1,
                )
            })
            .unwrap_or(1);
        d.location = Some(crate::diagnostics::Location { line, column });
        d.source_line = text;
    }
    match template_hint(err) {
        Some(hint) => d.with_hint(hint),
        None => d,
    }
}

/// What went wrong in a template, in the editor's words rather than minijinja's (whose detail
/// is kept only where milnik wrote it, the `t(…)` errors, or where nothing better is known).
fn template_problem(err: &minijinja::Error) -> String {
    use crate::diagnostics::is_own;
    use minijinja::ErrorKind;
    let detail = err.detail().unwrap_or_default();
    // The first name in quotes or after "statement" in minijinja's detail.
    let quoted = detail.split('"').nth(1).filter(|n| !n.is_empty());
    match err.kind() {
        ErrorKind::UndefinedError => crate::msg!("template.undefined"),
        ErrorKind::TemplateNotFound => match quoted {
            Some(name) => crate::msg!("template.not_found", name),
            None => crate::msg!("template.not_found_unnamed"),
        },
        ErrorKind::InvalidOperation if is_own(detail) => crate::diagnostics::unmarked(detail),
        ErrorKind::SyntaxError => {
            if let Some(statement) = detail.strip_prefix("unknown statement ") {
                crate::msg!("template.unknown_statement", statement = statement.trim())
            } else if detail.contains("unexpected end of input") {
                crate::msg!("template.unexpected_end")
            } else {
                crate::msg!("template.syntax")
            }
        }
        kind => crate::msg!(
            "template.other",
            detail = err
                .detail()
                .map_or_else(|| kind.to_string(), str::to_string)
        ),
    }
}

fn template_hint(err: &minijinja::Error) -> Option<String> {
    use crate::diagnostics::is_own;
    use minijinja::ErrorKind;
    let detail = err.detail().unwrap_or_default();
    Some(match err.kind() {
        ErrorKind::UndefinedError => crate::msg!("template.undefined_hint"),
        ErrorKind::TemplateNotFound => crate::msg!("template.not_found_hint"),
        ErrorKind::InvalidOperation if is_own(detail) => {
            crate::msg!("template.keys_hint")
        }
        ErrorKind::SyntaxError
            if detail.contains("unknown statement end")
                || detail.contains("unexpected end of input") =>
        {
            crate::msg!("template.unclosed_hint")
        }
        ErrorKind::SyntaxError => crate::msg!("template.syntax_hint"),
        _ => return None,
    })
}

/// Says which pages a template error happened on; the same error on many pages is one
/// diagnostic.
pub(crate) fn group_page_errors(errors: Vec<(Diagnostic, String)>) -> Diagnostics {
    let mut grouped: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    for (d, path) in errors {
        match grouped.iter_mut().find(|(g, _)| *g == d) {
            Some((_, paths)) => paths.push(path),
            None => grouped.push((d, vec![path])),
        }
    }
    let mut out = Diagnostics::default();
    for (mut d, mut paths) in grouped {
        paths.sort();
        let first = format!(
            "/{}",
            paths[0].strip_suffix("index.html").unwrap_or(&paths[0])
        );
        d.message = match paths.len() {
            1 => crate::msg!("template.on_page", message = d.message, first),
            n => crate::msg_n!("template.on_pages", n - 1, message = d.message, first),
        };
        out.push(d);
    }
    out
}

/// The context every page shares: the site's name, navigation and base path.
pub fn site_context(site: &Site, tr: &Translations) -> Value {
    // A feed's absolute address, when the site has the feed.
    let feed_url = |kind: PageKind| {
        kind.exists(site)
            .then(|| site.base.absolute(&PageKey::one(kind).path(site)))
    };
    context! {
        title => &site.config.title,
        description => &site.config.description,
        publisher => &site.config.publisher,
        language => &site.config.language,
        locale => tr.text("locale"),
        base_path => &site.base.path,
        feed_url => feed_url(PageKind::ArticleFeed),
        feed_title => tr.format("site.feed_title", &[("site", &site.config.title)]),
        changes_feed_url => feed_url(PageKind::ChangesFeed),
        changes_feed_title => tr.format("changes_feed.title", &[("site", &site.config.title)]),
        search_url => site.base.link(&route::SEARCH.dir(&site.segments, "")),
        data_url => site.base.link(&format!("{}/", crate::open_data::DIR)),
        // Where every status badge links: the legend of statuses, when the site has a page
        // about the plan.
        status_legend_href => crate::pages::views::status_legend_href(site),
        // Each dataset's files, for the pages that show its data: `site.data["opatreni"].csv`.
        data => crate::open_data::DATASET_NAMES
            .iter()
            .map(|name| (*name, site.config.datasets.file(name)))
            .chain(site.funding_tables.iter().map(|t| (t.key.as_str(), t.key.as_str())))
            .map(|(name, file)| (name, context! {
                csv => site.base.link(&format!("{}/{file}.csv", crate::open_data::DIR)),
                json => site.base.link(&format!("{}/{file}.json", crate::open_data::DIR)),
            }))
            .collect::<BTreeMap<_, _>>(),
        plan_title => &site.plan.title,
        // Each level's name (`site.levels[1].one`; the item level is `site.levels[-1]`).
        levels => crate::pages::views::level_views(site, tr),
        // The names of the sections of the top and the item level's nodes.
        level_texts => crate::pages::views::level_texts(site, tr),
        action_plan => &site.plan.action_plan,
        // The menu and the footer list the sections the site has (a plan without risks has
        // no risks page to link to).
        nav => [
            (level_text(site, tr, 0, "nav.areas", 2), PageKind::Areas),
            (level_text(site, tr, site.levels.len() - 1, "nav.measures", 2), PageKind::Measures),
            (tr.text("nav.indicators").to_string(), PageKind::Indicators),
            (tr.text("nav.waves").to_string(), PageKind::Waves),
            (tr.text("nav.funding").to_string(), PageKind::Funding),
            (tr.text("nav.articles").to_string(), PageKind::Articles),
        ]
            .into_iter()
            .filter(|(_, kind)| kind.exists(site))
            .map(|(label, kind)| {
                let route = kind.spec().route;
                context! { label => label, section => route.section(&site.segments), href => site.base.link(&route.dir(&site.segments, "")) }
            })
            .collect::<Vec<_>>(),
        pages => site.pages.iter().map(|p| crumb(&p.title, &p.href))
            .chain(
                [
                    ("nav.timeline", PageKind::Timeline),
                    ("nav.risks", PageKind::Risks),
                    ("data.title", PageKind::Downloads),
                ]
                .into_iter()
                .filter(|(_, kind)| kind.exists(site))
                .map(|(label, kind)| crumb(tr.text(label), site.base.link(&kind.spec().route.dir(&site.segments, "")))),
            )
            .collect::<Vec<_>>(),
        areas => site.areas.iter().map(|a| crumb(format!("{} {}", a.id, a.title), &a.href)).collect::<Vec<_>>(),
    }
}

/// The finished HTML of Markdown content: each shortcode's marker replaced by its template
/// (`shortcodes/measure.html`, `shortcodes/indicator.html`), each image's by its `<img>`
/// (`crate::photos::markdown_html`).
fn embed(
    env: &Environment<'_>,
    theme: &Theme,
    site: &Site,
    charts: &Charts,
    rich: &RichHtml,
) -> Result<String, Diagnostic> {
    let mut embeds: Vec<Option<String>> = Vec::with_capacity(rich.embeds.len());
    for (i, e) in rich.embeds.iter().enumerate() {
        let Some(e) = e else {
            embeds.push(None);
            continue;
        };
        let (template, ctx) = match *e {
            Embed::Measure(m) => (
                "shortcodes/measure.html",
                context! { measure => measure_item(&site.measures[m]) },
            ),
            Embed::IndicatorChart(ix) => (
                "shortcodes/indicator.html",
                context! {
                    indicator => &site.indicators[ix],
                    indicator_chart => charts.indicator(ix).map(|c| Chart {
                        id: format!("{}-{}", c.id, i + 1),
                        ..c.clone()
                    }),
                },
            ),
        };
        let rendered = env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|err| template_diagnostic(theme, &err))?;
        embeds.push(Some(rendered.trim().to_string()));
    }
    let html = markdown::replace_markers(&rich.html, |i| embeds.get(i).and_then(Option::as_deref));
    if rich.images.is_empty() {
        return Ok(html);
    }
    let original = theme.translations.text("photo.original");
    let images: Vec<String> = rich
        .images
        .iter()
        .map(|u| {
            let photo = u.path.as_deref().and_then(|p| site.photos.get(p));
            crate::photos::markdown_html(photo, u, &site.base, original)
        })
        .collect();
    Ok(markdown::replace_photo_markers(&html, |i| {
        images.get(i).map(String::as_str)
    }))
}

/// The plan's abbreviations, for the `abbr` filter of [`environment`].
pub fn abbreviations(site: &Site) -> Abbreviations {
    Abbreviations::new(
        site.plan
            .abbreviations
            .iter()
            .map(|a| (a.abbr.clone(), a.meaning.clone())),
    )
}

/// An output path and the page's bytes.
pub type RenderedPage = (String, Vec<u8>);

/// One page, or its error with the path it would have had.
pub(crate) fn render_key(
    renderer: &crate::pipeline::Renderer,
    key: PageKey,
) -> Result<RenderedPage, (Diagnostic, String)> {
    let (site, theme, charts) = (renderer.site, renderer.theme, &*renderer.charts);
    let (site_value, env) = (renderer.site_value(), &*renderer.env);
    let cx = Cx {
        site,
        charts,
        tr: &theme.translations,
        reports: renderer.reports(),
    };
    let job = key.job(&cx);
    let path = job.path.clone();
    render_job(job, site, site_value, charts, env, theme).map_err(|d| (d, path))
}

fn render_job(
    job: Job<'_>,
    site: &Site,
    site_value: &Value,
    charts: &Charts,
    env: &Environment<'_>,
    theme: &Theme,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let template = env
        .get_template(&job.template)
        .map_err(|e| template_diagnostic(theme, &e))?;
    let canonical = site.base.absolute(job.path.trim_end_matches("index.html"));
    let view = job.view;
    let content_html = view
        .content
        .map(|rich| embed(env, theme, site, charts, rich))
        .transpose()?
        .map(Value::from_safe_string);
    let ctx = context! {
        site => site_value.clone(),
        page => context! {
            title => view.title,
            description => view.description,
            breadcrumbs => view.breadcrumbs,
            crumb => view.crumb,
            canonical => canonical,
            path => &job.path,
            draft => job.draft,
            section => job.path.split('/').next().filter(|_| job.path.contains('/')),
        },
        content_html => content_html,
        ..view.context
    };
    let html = template
        .render(ctx)
        .map_err(|e| template_diagnostic(theme, &e))?;
    // Czech typography (non-breaking spaces, „quotes“, dashes) on the text of Czech pages.
    let html = if site.config.language == "cs" && job.path.ends_with(".html") {
        match crate::typography::czech_html(&html) {
            std::borrow::Cow::Borrowed(_) => html,
            std::borrow::Cow::Owned(typeset) => typeset,
        }
    } else {
        html
    };
    Ok((job.path, html.into_bytes()))
}

/// An error for a static file whose path a generated page already has.
pub fn static_file_clash(name: &str, file: &theme::ThemeFile) -> Diagnostic {
    Diagnostic::error(
        file.origin.clone(),
        crate::msg!("template.static_clash", name),
    )
    .with_hint(crate::msg!("template.static_clash_hint"))
}

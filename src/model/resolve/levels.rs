//! The plan's levels from `[[level]]` in `plan.toml`, checked: how many, their keys, names,
//! ID patterns, separators and URL segments (see `model::levels` for what they mean).

use crate::content::schema::{LevelToml, PlanFile};
use crate::content::Loaded;
use crate::diagnostics::{Diagnostics, SourceFile};
use crate::model::levels::{self, IdPattern, Level, LevelName, Role, DEPTHS};
use crate::pages::route::Segments;
use crate::slug::{is_valid_slug, slugify};

/// The plan's levels (the default four when it declares none), with the URL segments the top
/// and item levels declare applied to `segments`; problems go to `diagnostics`.
pub(super) fn levels(
    plan: Option<&Loaded<PlanFile>>,
    segments: &mut Segments,
    diagnostics: &mut Diagnostics,
) -> Vec<Level> {
    let Some(Loaded { source, data }) = plan.filter(|p| !p.data.level.is_empty()) else {
        return levels::default_levels();
    };
    let declared = &data.level;
    let count = declared.len();
    if !DEPTHS.contains(&count) {
        diagnostics.push(
            source
                .error_at(
                    declared[0].key.span(),
                    crate::msg!(
                        "resolve.levels.depth",
                        count,
                        min = DEPTHS.start(),
                        max = DEPTHS.end()
                    ),
                )
                .with_hint(crate::msg!("resolve.levels.depth_hint")),
        );
        return levels::default_levels();
    }
    let mut out: Vec<Level> = Vec::with_capacity(count);
    for (depth, l) in declared.iter().enumerate() {
        let role = levels::role(depth, count);
        let key = l.key.get_ref();
        if !levels::is_key(key) {
            diagnostics.push(super::resolver::not_a_key(
                source,
                l.key.span(),
                key,
                &crate::msg!("resolve.what.level_key"),
                &crate::msg!("resolve.what.level_key_names"),
            ));
        } else if levels::RESERVED.contains(&key.as_str()) {
            diagnostics.push(
                source
                    .error_at(l.key.span(), crate::msg!("resolve.levels.reserved", key))
                    .with_hint(crate::msg!("resolve.levels.reserved_hint")),
            );
        } else if out.iter().any(|o| o.key == *key) {
            diagnostics.push(
                source
                    .error_at(l.key.span(), crate::msg!("resolve.levels.twice", key))
                    .with_hint(crate::msg!("resolve.levels.twice_hint")),
            );
        }
        let id = match &l.id {
            None => IdPattern::NUMBER,
            Some(pattern) => IdPattern::parse(pattern.get_ref()).unwrap_or_else(|message| {
                diagnostics.push(source.error_at(pattern.span(), message));
                IdPattern::NUMBER
            }),
        };
        let separator = match &l.separator {
            None => ".".to_string(),
            Some(s) => {
                let text = s.get_ref();
                let ok = !text.is_empty()
                    && text.chars().count() <= 2
                    && !text
                        .chars()
                        .any(|c| c.is_alphanumeric() || c.is_whitespace());
                if !ok {
                    // Checked against the default instead, so IDs are not reported too.
                    diagnostics.push(
                        source
                            .error_at(s.span(), crate::msg!("resolve.levels.separator", text))
                            .with_hint(crate::msg!("resolve.levels.separator_hint")),
                    );
                    ".".to_string()
                } else {
                    text.clone()
                }
            }
        };
        if let Some(segment) = &l.segment {
            segment_of(source, l, segment, role, segments, diagnostics);
        }
        for (form, text) in [("one", &l.name.one), ("many", &l.name.many)] {
            if text.trim().is_empty() {
                diagnostics.push(
                    source
                        .error_at(
                            l.key.span(),
                            crate::msg!("resolve.levels.empty_name", key, form),
                        )
                        .with_hint(crate::msg!("resolve.levels.empty_name_hint")),
                );
            }
        }
        out.push(Level {
            key: key.clone(),
            name: Some(LevelName {
                one: l.name.one.clone(),
                few: l.name.few.clone(),
                many: l.name.many.clone(),
            }),
            id,
            separator,
            role,
            implicit: false,
        });
    }
    if count == 2 {
        let goal = levels::implicit_goal(&out[0]);
        out.insert(1, goal);
    }
    out
}

/// Applies a level's `segment` to the section of its pages.
fn segment_of(
    source: &SourceFile,
    l: &LevelToml,
    segment: &crate::content::schema::Id,
    role: Role,
    segments: &mut Segments,
    diagnostics: &mut Diagnostics,
) {
    let text = segment.get_ref();
    let section = match role {
        Role::Top => "areas",
        Role::Item => "measures",
        Role::Group | Role::Goal => {
            diagnostics.push(
                source
                    .error_at(
                        segment.span(),
                        crate::msg!("resolve.levels.no_pages", key = l.key.get_ref()),
                    )
                    .with_hint(crate::msg!("resolve.levels.no_pages_hint")),
            );
            return;
        }
    };
    if !is_valid_slug(text) {
        diagnostics.push(
            source
                .error_at(segment.span(), crate::msg!("resolve.levels.segment", text))
                .with_hint(crate::msg!(
                    "resolve.levels.segment_hint",
                    example = slugify(text)
                )),
        );
        return;
    }
    segments.set(section, text);
}

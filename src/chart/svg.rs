//! Chart specs drawn with charts-rs, and the clean-up that makes its SVG fit a Czech public
//! page: `role="img"` with `<title>` and `<desc>`, numbers in Czech format, a font stack that
//! exists on readers' machines, and a size that follows the page width.
//!
//! charts-rs escapes every text it writes; the title and description go through its
//! `svg_with_accessibility`, which escapes them too. Numbers it prints itself (axis ticks, value
//! labels) come out in English format; [`czech_numbers`] rewrites them, and leaves alone every
//! text that is one of our own labels.

use charts_rs::{
    svg_with_accessibility, Align, ChartBase, Color, FontConfig, HorizontalBarChart, MarkArea,
    MarkLineCategory, Series, TableCellStyle, TableChart, TextConfig, YAxisConfig,
};

use super::spec::{BarSpec, MatrixSpec, Scale, Tone};
use crate::values::Decimal;

/// The width charts are drawn at for a page's column; a phone gets them drawn again at
/// [`NARROW`], so that their text stays at least 11 CSS px where the column is about 340 px.
pub(super) const WIDTH: f32 = 640.0;
pub(super) const NARROW: f32 = 360.0;
/// The longest category label of a narrow chart.
const NARROW_LABEL_CHARS: usize = 22;

/// A chart drawn twice: for a page's column and for a phone's.
pub(super) struct Drawn {
    pub wide: String,
    pub narrow: String,
}
/// Text and lines of the charts: at least 4.5:1 against white.
pub(super) const INK: &str = "#3D4149";
pub(super) const AXIS: &str = "#5F636B";
pub(super) const GRID: &str = "#DADDE3";
pub(super) const FONT_STACK: &str = "Roboto, 'Segoe UI', Arial, sans-serif";

/// Fill colours, each at least 3:1 against the white background.
fn tone_color(tone: Tone) -> Color {
    match tone {
        Tone::Neutral => "#2B5C8A",
        Tone::NotStarted => "#5A6270",
        Tone::InProgress => "#8A5A00",
        Tone::Partial => "#2E6B5E",
        Tone::Done => "#1E7A3C",
        Tone::Postponed => "#6B4C9A",
        Tone::Cancelled => "#8A1538",
        Tone::NotReported => "#7A6A00",
    }
    .into()
}

pub(super) const LINE_COLORS: [&str; 2] = ["#1D5FA8", "#A14D00"];
pub(super) const TARGET_COLOR: &str = "#B3261E";
const TARGET_ZONE: &str = "#9FD3AE";

/// The value axis on our round scale, and the colours of axes, labels and grid.
fn style_axes(base: &mut ChartBase, value_axes: &mut [YAxisConfig], scale: Scale) {
    for axis in value_axes {
        axis.min = Some(scale.min as f32);
        axis.max = Some(scale.max as f32);
        axis.split_number = scale.splits;
        axis.font.color = AXIS.into();
    }
    base.x_axis.font.color = INK.into();
    base.x_axis.stroke_color = AXIS.into();
    base.grid.stroke_color = GRID.into();
}

/// A line of explanation under the plot, with room kept for it.
fn note_text(text: &str) -> TextConfig {
    TextConfig {
        text: text.to_string(),
        left: Some(8.0),
        bottom: Some(6.0),
        reserve: true,
        font: FontConfig {
            size: 13.0,
            color: INK.into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn precision(decimals: usize) -> String {
    format!("{{:.{decimals}}}")
}

/// Horizontal bars with value labels, for the column and for a phone (labels cut shorter).
pub(super) fn bars(spec: &BarSpec, title: &str, desc: &str) -> Drawn {
    let narrow = BarSpec {
        categories: spec
            .categories
            .iter()
            .map(|c| super::text::short_label_to(c, NARROW_LABEL_CHARS))
            .collect(),
        ..spec.clone()
    };
    Drawn {
        wide: bars_at(spec, title, desc, WIDTH),
        narrow: bars_at(&narrow, title, desc, NARROW),
    }
}

/// Horizontal bars `width` wide with value labels; bars keep their order from top to bottom.
fn bars_at(spec: &BarSpec, title: &str, desc: &str, width: f32) -> String {
    // charts-rs draws the first category at the bottom; reverse so the list reads top-down.
    let categories: Vec<String> = spec.categories.iter().rev().cloned().collect();
    let values: Vec<f32> = spec.values.iter().rev().map(|v| *v as f32).collect();
    let colors: Vec<Option<Color>> = spec
        .tones
        .iter()
        .rev()
        .map(|t| Some(tone_color(*t)))
        .collect();
    let mut series = Series::new(String::new(), values);
    series.label_show = true;
    series.colors = Some(colors);
    let mut own = spec.categories.clone();
    let mut texts = Vec::new();
    if let Some(from) = spec.target_from {
        series.mark_areas = vec![MarkArea {
            from: MarkLineCategory::Value(from as f32),
            to: MarkLineCategory::Value(spec.scale.max as f32),
            color: Some(TARGET_ZONE.into()),
            opacity: Some(0.35),
        }];
        texts.push(note_text(&spec.target_note));
        own.push(spec.target_note.clone());
    }
    let mut chart = HorizontalBarChart::new(vec![series], categories);
    chart.width = width;
    chart.height = 40.0 + 44.0 * spec.categories.len() as f32 + 24.0 * texts.len() as f32;
    chart.texts = texts;
    chart.compact = true;
    chart.legend.show = Some(false);
    chart.series.label.formatter = if spec.suffix.is_empty() {
        precision(spec.decimals)
    } else {
        format!("{{c}}{}", spec.suffix)
    };
    chart.series.label.font.color = INK.into();
    style_axes(&mut chart.base, &mut chart.y_axis_configs, spec.scale);
    chart.margin.right = 48.0;
    let svg = chart.svg().unwrap_or_default();
    let svg = anchor_at_end(&svg, &spec.categories);
    let svg = behind_everything(&svg, &format!("fill=\"{TARGET_ZONE}\""));
    finish(&svg, &own, title, desc)
}

/// The risk matrix as a grid: impact 5 at the top, probability 1 on the left; each cell lists
/// the risks in it and is shaded by its significance (probability × impact), which is also
/// written in the cell.
///
/// A grid cannot be narrower and stay readable: phones get the same drawing, which they
/// scroll sideways inside its figure (two-dimensional content, which WCAG 1.4.10 exempts).
pub(super) fn matrix(spec: &MatrixSpec, title: &str, desc: &str) -> String {
    let mut data = vec![vec![
        spec.corner.clone(),
        "1".into(),
        "2".into(),
        "3".into(),
        "4".into(),
        "5".into(),
    ]];
    let mut styles = Vec::new();
    for impact in (1..=5usize).rev() {
        let row_index = data.len();
        let mut row = vec![impact.to_string()];
        for probability in 1..=5usize {
            let risks = &spec.cells[impact - 1][probability - 1];
            let significance = impact * probability;
            row.push(if risks.is_empty() {
                format!("({significance})")
            } else {
                format!("{} ({significance})", risks.join(", "))
            });
            let background: Color = match significance {
                0..=4 => "#E6F2E8",
                5..=9 => "#FFF3CC",
                _ => "#FBE0DE",
            }
            .into();
            styles.push(TableCellStyle {
                background_color: Some(background),
                font_weight: (!risks.is_empty()).then(|| "bold".to_string()),
                indexes: vec![row_index, probability],
                ..Default::default()
            });
        }
        data.push(row);
    }
    let mut chart = TableChart::new(data);
    chart.width = WIDTH;
    chart.compact = true;
    chart.text_aligns = vec![Align::Left; 1]
        .into_iter()
        .chain(vec![Align::Center; 5])
        .collect();
    // The corner label fits in a fifth; the cells get the rest, so "R2, R6 (15)" stays on one line.
    chart.spans = vec![0.22];
    chart.cell_styles = styles;
    chart.header.font.color = INK.into();
    chart.body.font.color = INK.into();
    chart.border_color = AXIS.into();
    chart.outlined = true;
    let svg = chart.svg().unwrap_or_default();
    let own: Vec<String> = spec
        .cells
        .iter()
        .flatten()
        .flatten()
        .cloned()
        .chain([spec.corner.clone()])
        .collect();
    finish(&svg, &own, title, desc)
}

/// Category labels are placed by their width in Roboto; a reader without Roboto gets another
/// font whose text may run into the bars. Anchoring each label at its right end (the same
/// point) keeps any font clear of the axis.
fn anchor_at_end(svg: &str, labels: &[String]) -> String {
    let mut out = svg.to_string();
    for label in labels {
        let content = format!(">{}</text>", escape_text(label));
        let Some(end) = out.find(&content) else {
            continue;
        };
        let Some(start) = out[..end].rfind("<text") else {
            continue;
        };
        let tag = &out[start..end];
        let x = tag_value(tag, "x");
        let size = tag_value(tag, "font-size").parse().unwrap_or(14.0);
        let (Ok(left), Ok(width)) = (
            x.parse::<f32>(),
            charts_rs::measure_text_width_family("Roboto", size, label),
        ) else {
            continue;
        };
        let new_tag = tag.replacen(
            &format!(" x=\"{x}\""),
            &format!(
                " x=\"{}\" text-anchor=\"end\"",
                round1(left + width.width())
            ),
            1,
        );
        out.replace_range(start..end, &new_tag);
    }
    out
}

/// Moves the self-closing element with `marker` (charts-rs draws the shaded zone last, over the
/// bars and their labels) to just after the background, so it lies behind them.
fn behind_everything(svg: &str, marker: &str) -> String {
    let Some(at) = svg.find(marker) else {
        return svg.to_string();
    };
    let (Some(start), Some(end)) = (svg[..at].rfind('<'), svg[at..].find("/>")) else {
        return svg.to_string();
    };
    let element = &svg[start..at + end + 2];
    let without = format!("{}{}", &svg[..start], &svg[at + end + 2..]);
    // The background is the first self-closing element after the opening tag.
    let Some(first) = without
        .find('>')
        .and_then(|open| Some(open + without[open..].find("/>")? + 2))
    else {
        return svg.to_string();
    };
    format!("{}{element}{}", &without[..first], &without[first..])
}

/// A coordinate with one decimal at most: "12.5", "3".
pub(super) fn round1(v: f32) -> String {
    let text = format!("{v:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

fn tag_value<'a>(tag: &'a str, name: &str) -> &'a str {
    tag.find(&format!(" {name}=\""))
        .and_then(|i| tag[i + name.len() + 3..].split('"').next())
        .unwrap_or("")
}

/// Adds the accessible name and description, a class for the stylesheet, readable fonts and
/// Czech numbers.
fn finish(svg: &str, own: &[String], title: &str, desc: &str) -> String {
    let svg = svg.replace(
        "font-family=\"Roboto\"",
        &format!("font-family=\"{FONT_STACK}\""),
    );
    let svg = czech_numbers(&svg, own);
    let svg = svg.replacen("<svg ", "<svg class=\"chart-svg\" focusable=\"false\" ", 1);
    svg_with_accessibility(&svg, title, desc)
}

/// Rewrites the numbers charts-rs printed ("1.5", "1190") in Czech format ("1,5", "1 190")
/// inside every `<text>` whose content is not one of `own` (our labels, which are already in
/// Czech and may contain digits that are not numbers, such as "1.1.1" or a year).
pub(super) fn czech_numbers(svg: &str, own: &[String]) -> String {
    let own: Vec<String> = own.iter().map(|o| escape_text(o)).collect();
    let mut out = String::with_capacity(svg.len() + 64);
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("</text>").map(|i| open_end + i) else {
            break;
        };
        out.push_str(&rest[..open_end]);
        let content = &rest[open_end..close];
        if own.iter().any(|o| o == content.trim()) {
            out.push_str(content);
        } else {
            out.push_str(&czech_tokens(content));
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Each run of `-?digits(.digits)?` in `text`, written the Czech way.
fn czech_tokens(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            let token = &text[start..i];
            match Decimal::parse(&token.replace('.', ",")) {
                Ok(d) => out.push_str(&d.shown()),
                Err(_) => out.push_str(token),
            }
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// `text` as charts-rs writes it in a `<text>` element.
pub(super) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::html::escape_text_node(text, &mut out).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_czech_but_own_labels_stay() {
        let _cs = crate::values::locale::entered("cs");
        let svg = "<svg><text x=\"1\">3.5</text><text>1190</text><text>12</text>\
                   <text>Výchozí (2021)</text><text>-0.6</text></svg>";
        let out = czech_numbers(svg, &["Výchozí (2021)".to_string()]);
        assert_eq!(
            out,
            "<svg><text x=\"1\">3,5</text><text>1\u{a0}190</text><text>12</text>\
             <text>Výchozí (2021)</text><text>-0,6</text></svg>"
        );
    }

    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast_on_white(hex: &str) -> f64 {
        1.05 / (luminance(hex) + 0.05)
    }

    #[test]
    fn every_mark_and_text_has_contrast_against_white() {
        let tones = [
            Tone::Neutral,
            Tone::NotStarted,
            Tone::InProgress,
            Tone::Partial,
            Tone::Done,
            Tone::Postponed,
            Tone::Cancelled,
            Tone::NotReported,
        ];
        let fills: Vec<String> = tones
            .iter()
            .map(|&t| {
                let c = tone_color(t);
                format!("#{:02X}{:02X}{:02X}", c.r, c.g, c.b)
            })
            .collect();
        for hex in fills
            .iter()
            .map(String::as_str)
            .chain(LINE_COLORS)
            .chain([TARGET_COLOR])
        {
            assert!(
                contrast_on_white(hex) >= 3.0,
                "{hex}: {}",
                contrast_on_white(hex)
            );
        }
        for hex in [INK, AXIS] {
            assert!(
                contrast_on_white(hex) >= 4.5,
                "{hex}: {}",
                contrast_on_white(hex)
            );
        }
    }

    #[test]
    fn the_shaded_zone_goes_behind_the_bars() {
        let svg = "<svg a=\"1\"><title>t</title><path d=\"bg\"/><path d=\"bar\"/><path d=\"zone\" fill=\"#9FD3AE\"/></svg>";
        assert_eq!(
            behind_everything(svg, "fill=\"#9FD3AE\""),
            "<svg a=\"1\"><title>t</title><path d=\"bg\"/><path d=\"zone\" fill=\"#9FD3AE\"/><path d=\"bar\"/></svg>"
        );
    }

    #[test]
    fn escaped_own_labels_are_recognised() {
        let svg = "<text>A &amp; B 1.5</text>";
        assert_eq!(czech_numbers(svg, &["A & B 1.5".to_string()]), svg);
    }
}

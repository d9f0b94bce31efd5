//! Values over time drawn on a proportional year axis, as inline SVG written here.
//!
//! charts-rs, which draws the other charts, has category axes only: its line chart spaces the
//! points evenly whatever their dates, so a baseline of 2021, a value of 2023 and a target of
//! 2027 would stand at equal distances. An indicator's chart must show time as it passed, the
//! target in its year and where the method of counting changed; nothing in the crate does
//! that, so this module draws it: years as bands, lines in runs, a diamond for the target,
//! a vertical mark for each change of method, and the unit above the value axis.

use std::fmt::Write;

use super::spec::{LineStyle, TimePoint, TimeSeries, TimeSpec};
use super::svg::{
    escape_text, round1, Drawn, AXIS, FONT_STACK, GRID, INK, LINE_COLORS, NARROW, TARGET_COLOR,
    WIDTH,
};
use super::text::number;

/// Text size of every label: at a phone's 340 CSS px the narrow drawing (360 wide) keeps it
/// above 12 px.
const FONT: f32 = 13.0;
const HEIGHT: f32 = 300.0;
const LINE_WIDTH: f32 = 3.0;
const LEGEND_SAMPLE: f32 = 24.0;

/// The chart drawn for a page's column and for a phone's.
pub(super) fn draw(spec: &TimeSpec, title: &str, desc: &str) -> Drawn {
    Drawn {
        wide: draw_at(spec, title, desc, WIDTH),
        narrow: draw_at(spec, title, desc, NARROW),
    }
}

/// Where things go in a drawing `width` wide.
struct Frame {
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    first_year: f32,
    years: f32,
    min: f32,
    max: f32,
}

impl Frame {
    fn x(&self, at: f64) -> f32 {
        self.left + (at as f32 - self.first_year) / self.years * (self.right - self.left)
    }

    fn y(&self, value: f64) -> f32 {
        let span = (self.max - self.min).max(f32::EPSILON);
        self.bottom - (value as f32 - self.min) / span * (self.bottom - self.top)
    }
}

fn text_width(text: &str) -> f32 {
    charts_rs::measure_text_width_family("Roboto", FONT, text)
        .map(|b| b.width())
        .unwrap_or(text.chars().count() as f32 * FONT * 0.6)
}

fn draw_at(spec: &TimeSpec, title: &str, desc: &str, width: f32) -> String {
    let mut body = String::new();
    let legend_bottom = legend(&mut body, &spec.series, width);
    let step = (spec.scale.max - spec.scale.min) / spec.scale.splits.max(1) as f64;
    let tick_values: Vec<f64> = (0..=spec.scale.splits)
        .map(|i| spec.scale.min + step * i as f64)
        .collect();
    // Ticks of 2,5 need a decimal place though the values have none.
    let tick_decimals = (0..=3)
        .find(|&d| {
            let scale = 10f64.powi(d);
            tick_values
                .iter()
                .all(|v| ((v * scale).round() - v * scale).abs() < 1e-6)
        })
        .unwrap_or(3) as usize;
    let ticks: Vec<(f64, String)> = tick_values
        .iter()
        .map(|&v| (v, number(v, tick_decimals)))
        .collect();
    let tick_width = ticks
        .iter()
        .map(|(_, t)| text_width(t))
        .fold(0.0f32, f32::max);
    let axis_label_y = legend_bottom + FONT + 4.0;
    let frame = Frame {
        left: (tick_width + 10.0).ceil(),
        right: width - 12.0,
        top: axis_label_y + 14.0,
        bottom: HEIGHT - 30.0,
        first_year: spec.first_year as f32,
        years: (spec.last_year - spec.first_year + 1) as f32,
        min: spec.scale.min as f32,
        max: spec.scale.max as f32,
    };
    if let Some(label) = &spec.axis_label {
        text(&mut body, 2.0, axis_label_y, "start", AXIS, label);
    }
    value_axis(&mut body, &frame, &ticks);
    year_axis(&mut body, &frame, spec);
    let mut labels = Labels::default();
    if let Some(target) = spec.target {
        target_mark(&mut body, &frame, target, spec.decimals, &mut labels);
    }
    for (at, label) in &spec.breaks {
        break_mark(&mut body, &frame, *at, label);
    }
    // Labels are placed first (each series' in turn, clear of those before), then each run is
    // drawn as one group: its line, and each point's marker with its label.
    let placed: Vec<Vec<Vec<Option<Label>>>> = spec
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| place_labels(&frame, s, &spec.series[..i], spec.decimals, &mut labels))
        .collect();
    for (i, series) in spec.series.iter().enumerate() {
        runs(&mut body, &frame, i, series, &placed[i]);
    }
    let svg = format!(
        "<svg class=\"chart-svg\" focusable=\"false\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"{FONT_STACK}\" font-size=\"{FONT}\">\n<path d=\"M0 0h{w}v{h}H0z\" fill=\"#FFF\"/>{body}</svg>",
        w = round1(width),
        h = round1(HEIGHT),
    );
    charts_rs::svg_with_accessibility(&svg, title, desc)
}

/// The legend: a sample of each line and its name, wrapping onto new rows. Returns the y of
/// its last row's bottom.
fn legend(out: &mut String, series: &[TimeSeries], width: f32) -> f32 {
    let (mut x, mut y) = (2.0f32, FONT + 2.0);
    for s in series {
        let item = LEGEND_SAMPLE + 6.0 + text_width(&s.name);
        if x > 2.0 && x + item > width - 2.0 {
            x = 2.0;
            y += FONT + 8.0;
        }
        let mid = y - FONT * 0.35;
        let _ = write!(
            out,
            "<path d=\"M{}{}h{LEGEND_SAMPLE}\"{}/>",
            round1(x),
            signed(mid),
            stroke(s)
        );
        text(out, x + LEGEND_SAMPLE + 6.0, y, "start", INK, &s.name);
        x += item + 16.0;
    }
    y + 4.0
}

/// Grid lines at the ticks and their values left of the plot.
fn value_axis(out: &mut String, f: &Frame, ticks: &[(f64, String)]) {
    let mut grid = String::new();
    for (v, label) in ticks {
        let y = f.y(*v);
        let _ = write!(grid, "M{}{}H{}", round1(f.left), signed(y), round1(f.right));
        text(out, f.left - 6.0, y + FONT * 0.35, "end", AXIS, label);
    }
    let _ = write!(out, "<path d=\"{grid}\" stroke=\"{GRID}\"/>");
}

/// The year axis: a band per year, its number under its middle (every other year when the
/// bands are narrow), a tick between years.
fn year_axis(out: &mut String, f: &Frame, spec: &TimeSpec) {
    let band = (f.right - f.left) / f.years;
    let every = if band < text_width("2000") + 6.0 {
        2
    } else {
        1
    };
    let mut ticks = format!(
        "M{}{}H{}",
        round1(f.left),
        signed(f.bottom),
        round1(f.right)
    );
    for (i, year) in (spec.first_year..=spec.last_year).enumerate() {
        let x = f.left + band * i as f32;
        let _ = write!(ticks, "M{}{}v5", round1(x), signed(f.bottom));
        if (spec.last_year - year) % every == 0 {
            text(
                out,
                x + band / 2.0,
                f.bottom + FONT + 6.0,
                "middle",
                INK,
                &year.to_string(),
            );
        }
    }
    let _ = write!(ticks, "M{}{}v5", round1(f.right), signed(f.bottom));
    let _ = write!(out, "<path d=\"{ticks}\" stroke=\"{AXIS}\"/>");
}

/// The target: a thin dashed line across the plot at its value, ending in a diamond in its year,
/// with the value beside the diamond.
fn target_mark(
    out: &mut String,
    f: &Frame,
    target: TimePoint,
    decimals: usize,
    labels: &mut Labels,
) {
    let (x, y) = (f.x(target.at), f.y(target.value));
    let _ = write!(
        out,
        "<path d=\"M{}{}H{}\" stroke=\"{TARGET_COLOR}\" stroke-width=\"1.5\" stroke-dasharray=\"4,4\"/>",
        round1(f.left),
        signed(y),
        round1(x)
    );
    let r = 7.0;
    let _ = write!(
        out,
        "<path d=\"M{}{}l{r} {r} -{r} {r} -{r} -{r}z\" fill=\"{TARGET_COLOR}\"/>",
        round1(x),
        signed(y - r)
    );
    let label = number(target.value, decimals);
    let w = text_width(&label);
    let (lx, anchor) = if x + r + 4.0 + w <= f.right + 10.0 {
        (x + r + 4.0, "start")
    } else {
        (x - r - 4.0, "end")
    };
    let ly = y - r - 2.0;
    labels.claim(lx, ly, w, anchor);
    text(out, lx, ly, anchor, TARGET_COLOR, &label);
}

/// A change of method: a vertical dashed line with its label at the top.
fn break_mark(out: &mut String, f: &Frame, at: f64, label: &str) {
    let x = f.x(at);
    let _ = write!(
        out,
        "<path d=\"M{}{}V{}\" stroke=\"{AXIS}\" stroke-width=\"1.5\" stroke-dasharray=\"5,4\"/>",
        round1(x),
        signed(f.top - 4.0),
        round1(f.bottom)
    );
    let w = text_width(label);
    let (lx, anchor) = if x + 4.0 + w <= f.right {
        (x + 4.0, "start")
    } else {
        (x - 4.0, "end")
    };
    text(out, lx, f.top + FONT, anchor, AXIS, label);
}

/// Whether `p` is a point of one of the `earlier` series (a line by the previous method starts at
/// the last value counted by it): its marker and label are drawn once.
fn drawn_before(earlier: &[TimeSeries], p: &TimePoint) -> bool {
    earlier
        .iter()
        .any(|s| s.runs.iter().flatten().any(|q| q == p))
}

/// A value label's place and text.
struct Label {
    x: f32,
    y: f32,
    text: String,
}

/// Each run of series `index` as a group: its line, then each point's marker and label. A point
/// an earlier series drew (`None` in `labels`) gets neither again.
fn runs(out: &mut String, f: &Frame, index: usize, s: &TimeSeries, labels: &[Vec<Option<Label>>]) {
    let color = LINE_COLORS[s.color % LINE_COLORS.len()];
    for (run, labels) in s.runs.iter().zip(labels) {
        let _ = write!(out, "<g class=\"run\" data-series=\"{index}\">");
        if run.len() > 1 {
            let mut d = String::new();
            for (i, p) in run.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{}{}",
                    if i == 0 { "M" } else { "L" },
                    round1(f.x(p.at)),
                    signed(f.y(p.value))
                );
            }
            let _ = write!(out, "<path d=\"{d}\" fill=\"none\"{}/>", stroke(s));
        }
        for (p, label) in run.iter().zip(labels) {
            let Some(label) = label else { continue };
            let fill = if s.style == LineStyle::Solid {
                color
            } else {
                "#FFF"
            };
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{fill}\" stroke=\"{color}\" stroke-width=\"2\"/>",
                round1(f.x(p.at)),
                round1(f.y(p.value))
            );
            text(out, label.x, label.y, "middle", INK, &label.text);
        }
        out.push_str("</g>");
    }
}

/// Where each value's label goes: above its marker (below for a second line), or on the other
/// side when another label is there; `None` for a point an earlier series drew.
fn place_labels(
    f: &Frame,
    s: &TimeSeries,
    earlier: &[TimeSeries],
    decimals: usize,
    labels: &mut Labels,
) -> Vec<Vec<Option<Label>>> {
    s.runs
        .iter()
        .map(|run| {
            run.iter()
                .map(|p| {
                    if drawn_before(earlier, p) {
                        return None;
                    }
                    let text = number(p.value, decimals);
                    let w = text_width(&text);
                    let (x, y) = (f.x(p.at), f.y(p.value));
                    let x = x.clamp(f.left + w / 2.0, f.right + 10.0 - w / 2.0);
                    let above = y - 10.0;
                    let below = y + FONT + 8.0;
                    let (first, second) = if s.labels_below {
                        (below, above)
                    } else {
                        (above, below)
                    };
                    let y = if labels.free(x, first, w, "middle") {
                        first
                    } else {
                        second
                    };
                    labels.claim(x, y, w, "middle");
                    Some(Label { x, y, text })
                })
                .collect()
        })
        .collect()
}

/// Boxes of the labels drawn so far, so that a value label can keep clear of them.
#[derive(Default)]
struct Labels(Vec<(f32, f32, f32, f32)>);

impl Labels {
    fn bounds(x: f32, baseline: f32, w: f32, anchor: &str) -> (f32, f32, f32, f32) {
        let left = match anchor {
            "end" => x - w,
            "middle" => x - w / 2.0,
            _ => x,
        };
        (left, baseline - FONT, left + w, baseline + 3.0)
    }

    fn free(&self, x: f32, baseline: f32, w: f32, anchor: &str) -> bool {
        let (l, t, r, b) = Self::bounds(x, baseline, w, anchor);
        self.0
            .iter()
            .all(|&(l2, t2, r2, b2)| r <= l2 || l >= r2 || b <= t2 || t >= b2)
    }

    fn claim(&mut self, x: f32, baseline: f32, w: f32, anchor: &str) {
        self.0.push(Self::bounds(x, baseline, w, anchor));
    }
}

/// The stroke attributes of a series' line.
fn stroke(s: &TimeSeries) -> String {
    let color = LINE_COLORS[s.color % LINE_COLORS.len()];
    match s.style {
        LineStyle::Solid => format!(" stroke=\"{color}\" stroke-width=\"{LINE_WIDTH}\""),
        LineStyle::Dashed => {
            format!(" stroke=\"{color}\" stroke-width=\"{LINE_WIDTH}\" stroke-dasharray=\"7,4\"")
        }
        LineStyle::Dotted => {
            format!(" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"2,4\"")
        }
    }
}

fn text(out: &mut String, x: f32, y: f32, anchor: &str, color: &str, content: &str) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{color}\">{}</text>",
        round1(x),
        round1(y),
        escape_text(content)
    );
}

/// A coordinate after another in a path: " 12.5", or "-3" with no space.
fn signed(v: f32) -> String {
    let r = round1(v);
    if r.starts_with('-') {
        r
    } else {
        format!(" {r}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::spec::Scale;

    fn spec() -> TimeSpec {
        TimeSpec {
            first_year: 2021,
            last_year: 2027,
            series: vec![TimeSeries {
                name: "Ostrava".into(),
                runs: vec![
                    vec![TimePoint {
                        at: 2021.25,
                        value: 589.0,
                    }],
                    vec![TimePoint {
                        at: 2023.5,
                        value: 310.0,
                    }],
                ],
                style: LineStyle::Solid,
                color: 0,
                labels_below: false,
            }],
            target: Some(TimePoint {
                at: 2027.5,
                value: 700.0,
            }),
            breaks: vec![(2022.5, "změna metodiky".into())],
            axis_label: Some("počet bytů".into()),
            decimals: 0,
            scale: Scale::fitting([589.0, 310.0, 700.0]),
        }
    }

    #[test]
    fn years_are_proportional_and_the_target_stands_in_its_year() {
        let _cs = crate::values::locale::entered("cs");
        let svg = draw_at(&spec(), "T", "D", WIDTH);
        for year in 2021..=2027 {
            assert!(svg.contains(&format!(">{year}</text>")), "{year}: {svg}");
        }
        // Seven bands between x = left and x = 628: the target's diamond is in the last.
        let left: f32 = 10.0 + text_width("800");
        let band = (628.0 - left.ceil()) / 7.0;
        let diamond = left.ceil() + band * 6.5;
        assert!(
            svg.contains(&format!("<path d=\"M{}", round1(diamond))),
            "{svg}"
        );
        assert!(svg.contains(">počet bytů</text>"));
        assert!(svg.contains(">změna metodiky</text>"));
        // Two runs of one point each: no line joins 589 and 310.
        assert!(!svg.contains("fill=\"none\""), "{svg}");
    }

    #[test]
    fn a_narrow_drawing_keeps_every_year_readable() {
        let _cs = crate::values::locale::entered("cs");
        let mut wide_span = spec();
        wide_span.first_year = 2010;
        let svg = draw_at(&wide_span, "T", "D", NARROW);
        // Eighteen years in 360 px: every other year is written, ending with the target's.
        assert!(svg.contains(">2027</text>") && svg.contains(">2025</text>"));
        assert!(!svg.contains(">2026</text>"));
    }

    #[test]
    fn ticks_keep_the_decimals_of_their_step() {
        let _cs = crate::values::locale::entered("cs");
        let mut small = spec();
        small.scale = Scale::fitting([11.0]);
        small.target = None;
        let svg = draw_at(&small, "T", "D", NARROW);
        assert!(
            svg.contains(">2,5</text>") && svg.contains(">12,5</text>"),
            "{svg}"
        );
    }
}

//! Glyphs on a page → text in reading order: lines top to bottom, words by gaps, right-to-left
//! lines through the Unicode bidi algorithm, NFC.

use unicode_bidi::{BidiInfo, Level};
use unicode_normalization::UnicodeNormalization;

use crate::interp::Glyph;

/// A line of glyphs sharing a baseline.
struct Line {
    y: f32,
    size: f32,
    glyphs: Vec<Glyph>,
}

fn is_rtl(c: char) -> bool {
    matches!(u32::from(c), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Lays out one page.
pub(crate) fn page_text(mut glyphs: Vec<Glyph>) -> String {
    glyphs.retain(|g| g.x.is_finite() && g.y.is_finite() && g.size.is_finite());
    // Top to bottom; content order is kept for glyphs on one baseline (stable sort).
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut lines: Vec<Line> = Vec::new();
    for g in glyphs {
        let size = g.size.max(1.0);
        match lines.last_mut() {
            Some(line) if (line.y - g.y).abs() < 0.45 * line.size.max(size) => {
                line.size = line.size.max(size);
                line.glyphs.push(g);
            }
            _ => lines.push(Line {
                y: g.y,
                size,
                glyphs: vec![g],
            }),
        }
    }
    let mut out = String::new();
    for line in lines {
        let text = line_text(line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(text);
    }
    normalize(&out)
}

fn line_text(mut line: Line) -> String {
    line.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut visual = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in &line.glyphs {
        if let Some(p) = prev {
            // A glyph drawn twice at the same place (fake bold, shadows).
            if p.text == g.text
                && (g.x - p.x).abs() < 0.1 * g.size
                && (g.y - p.y).abs() < 0.1 * g.size
            {
                continue;
            }
            let gap = g.x - (p.x + p.w);
            let spaced =
                p.text.ends_with(char::is_whitespace) || g.text.starts_with(char::is_whitespace);
            if !spaced && gap > 0.18 * g.size.max(p.size) {
                visual.push(' ');
            }
        }
        visual.push_str(&g.text);
        prev = Some(g);
    }
    if visual.chars().any(is_rtl) {
        visual_to_logical(&visual)
    } else {
        visual
    }
}

fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        other => other,
    }
}

/// Reorders a line given in visual (left-to-right on the page) order into logical order.
///
/// For a right-to-left line the reversed visual string is close to the logical one except inside
/// left-to-right runs (numbers, Latin), so the bidi algorithm resolves the levels on the reversed
/// string and the runs at even (left-to-right) levels are turned back. A left-to-right line with
/// embedded right-to-left runs is the mirror case.
fn visual_to_logical(visual: &str) -> String {
    let rtl = visual.chars().filter(|c| is_rtl(*c)).count();
    let ltr = visual
        .chars()
        .filter(|c| c.is_alphabetic() && !is_rtl(*c))
        .count();
    let rtl_base = rtl >= ltr;
    let (text, base) = if rtl_base {
        (visual.chars().rev().collect::<String>(), Level::rtl())
    } else {
        (visual.to_owned(), Level::ltr())
    };
    let info = BidiInfo::new(&text, Some(base));
    // (char, whether its run must be turned around)
    let chars: Vec<(char, bool, bool)> = text
        .char_indices()
        .map(|(i, c)| {
            let level = info.levels.get(i).copied().unwrap_or(base);
            let odd = level.is_rtl();
            let flip = if rtl_base { !odd } else { odd };
            (c, flip, odd)
        })
        .collect();
    let mut out = String::with_capacity(visual.len());
    let mut i = 0;
    while let Some(&(c, flip, odd)) = chars.get(i) {
        if !flip {
            out.push(if odd && !rtl_base {
                c
            } else if odd {
                mirror(c)
            } else {
                c
            });
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j).is_some_and(|x| x.1) {
            j += 1;
        }
        for &(c, _, odd) in chars.get(i..j).unwrap_or_default().iter().rev() {
            out.push(if odd { mirror(c) } else { c });
        }
        i = j;
    }
    out
}

/// NFC, with Arabic presentation forms and Latin ligatures (shaping artefacts) decomposed.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(u32::from(c), 0xFB00..=0xFB06 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF) {
            out.extend(std::iter::once(c).nfkc());
        } else {
            out.push(c);
        }
    }
    out.nfc().collect()
}

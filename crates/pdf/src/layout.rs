//! Glyphs on a page → text in reading order: lines top to bottom, words by gaps, right-to-left
//! lines through the Unicode bidi algorithm, NFC.

use std::collections::HashMap;

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
    for line in &mut lines {
        sort_line(&mut line.glyphs);
    }
    let base = paragraph_direction(&lines);
    let mut texts = Vec::new();
    reading_order(lines, 0, base, &mut texts);
    let mut out = String::new();
    for text in texts {
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

/// Sorts a line's glyphs left to right. A run of invisible text (an OCR layer) is one word placed
/// over its box in the scan, and neighbouring boxes may overlap: such a run stays whole, at the
/// place of its leftmost glyph, instead of being interleaved with the next word.
fn sort_line(glyphs: &mut [Glyph]) {
    if !glyphs.iter().any(|g| g.invisible) {
        glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        return;
    }
    let mut starts: HashMap<u32, f32> = HashMap::new();
    for g in glyphs.iter().filter(|g| g.invisible) {
        let x = starts.entry(g.run).or_insert(g.x);
        *x = x.min(g.x);
    }
    let key = |g: &Glyph| match g.invisible {
        true => (starts.get(&g.run).copied().unwrap_or(g.x), g.run),
        false => (g.x, 0),
    };
    glyphs.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        ka.0.total_cmp(&kb.0)
            .then(ka.1.cmp(&kb.1))
            .then(a.x.total_cmp(&b.x))
    });
}

/// Whether the invisible glyphs of a line were placed word by word (runs of two glyphs or more
/// on average), as OCR engines write their text layers, rather than glyph by glyph.
fn runs_are_words<'g>(glyphs: impl Iterator<Item = &'g Glyph>) -> bool {
    let (mut count, mut runs, mut last) = (0usize, 0usize, None);
    for g in glyphs.filter(|g| g.invisible) {
        count += 1;
        if last != Some(g.run) {
            runs += 1;
            last = Some(g.run);
        }
    }
    runs > 0 && count * 2 >= runs * 3
}

/// Whether a word space separates `p` and the glyph `g` drawn after it on the line: a gap wider
/// than a word space, or, in an OCR layer placed word by word (`words`), the start of another
/// placed run. OCR word boxes are tight and may even overlap, so their gaps are often narrower
/// than any space of a typeset line (and in right-to-left lines as much as in others). See: #20
fn word_break(p: &Glyph, g: &Glyph, size: f32, words: bool) -> bool {
    let gap = g.x - (p.x + p.w);
    gap > 0.18 * size || (words && p.invisible && g.invisible && p.run != g.run)
}

/// A run of glyphs on a line, separated from the next by more than any word space.
struct Segment {
    x0: f32,
    x1: f32,
}

/// Gaps wider than this many font sizes separate segments (word spaces are about 0.25).
const SEGMENT_GAP: f32 = 1.0;

fn segments(line: &Line) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for g in &line.glyphs {
        let (x0, x1) = (g.x, g.x + g.w.max(0.0));
        match out.last_mut() {
            Some(s) if x0 - s.x1 <= SEGMENT_GAP * line.size => s.x1 = s.x1.max(x1),
            _ => out.push(Segment { x0, x1 }),
        }
    }
    out
}

/// How deep column splits may nest (columns inside columns).
const MAX_COLUMN_DEPTH: usize = 6;

/// Appends the text lines of `lines` (top to bottom) in reading order: a band of lines that a
/// column gutter divides is read column by column, the rest line by line.
///
/// A gutter is an x position where at least three segments start (a left-aligned column edge)
/// with something else to its left on the page, crossed by no segment over a run of lines (the
/// band); both sides of the band must read like running text (on average three or more words per
/// line, at least two lines each), so that the cells of a table stay row by row.
fn reading_order(lines: Vec<Line>, depth: usize, base: Option<bool>, out: &mut Vec<String>) {
    let split = if depth < MAX_COLUMN_DEPTH {
        best_split(&lines)
    } else {
        None
    };
    let Some((x, first, last)) = split else {
        out.extend(lines.into_iter().map(|l| line_text(l, base)));
        return;
    };
    let mut before = lines;
    let mut band = before.split_off(first);
    let after = band.split_off(last + 1 - first);
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for line in band {
        let (l, r): (Vec<Glyph>, Vec<Glyph>) = line.glyphs.into_iter().partition(|g| g.x < x - 0.5);
        for (side, glyphs) in [(&mut left, l), (&mut right, r)] {
            if !glyphs.is_empty() {
                side.push(Line {
                    y: line.y,
                    size: line.size,
                    glyphs,
                });
            }
        }
    }
    for part in [before, left, right, after] {
        if !part.is_empty() {
            reading_order(part, depth + 1, base, out);
        }
    }
}

/// The gutter and band (x, first line, last line) with the most lines, if any.
fn best_split(lines: &[Line]) -> Option<(f32, usize, usize)> {
    if lines.len() < 4 {
        return None;
    }
    let segs: Vec<Vec<Segment>> = lines.iter().map(segments).collect();
    let min_x = segs
        .iter()
        .flatten()
        .map(|s| s.x0)
        .fold(f32::INFINITY, f32::min);
    // Candidate gutters: left edges shared by three or more segments, right of the leftmost text.
    let mut starts: Vec<f32> = segs
        .iter()
        .zip(lines)
        .flat_map(|(ss, line)| {
            ss.iter()
                .map(|s| s.x0)
                .filter(move |x0| *x0 > min_x + 2.0 * line.size)
        })
        .collect();
    starts.sort_by(f32::total_cmp);
    let mut candidates: Vec<f32> = Vec::new();
    let mut i = 0;
    while let Some(&x) = starts.get(i) {
        let n = starts
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|s| **s - x <= 2.0)
            .count();
        if n >= 3 {
            candidates.push(x);
        }
        i += n.max(1);
    }
    let mut best: Option<(f32, usize, usize)> = None;
    for x in candidates {
        let crosses = |ss: &Vec<Segment>| ss.iter().any(|s| s.x0 < x - 1.0 && s.x1 > x + 1.0);
        let mut first = 0;
        while first < lines.len() {
            if segs.get(first).is_none_or(crosses) {
                first += 1;
                continue;
            }
            let mut last = first;
            while segs.get(last + 1).is_some_and(|ss| !crosses(ss)) {
                last += 1;
            }
            if last + 1 - first > best.map_or(0, |(_, f, l)| l + 1 - f)
                && text_on_both_sides(lines.get(first..=last).unwrap_or_default(), x)
            {
                best = Some((x, first, last));
            }
            first = last + 1;
        }
    }
    best
}

/// Whether both sides of `x` in these lines read like running text, not table cells.
fn text_on_both_sides(lines: &[Line], x: f32) -> bool {
    let (mut rows, mut words) = ([0usize; 2], [0usize; 2]);
    for line in lines {
        for (side, keep) in [(0, true), (1, false)] {
            let part: Vec<&Glyph> = line
                .glyphs
                .iter()
                .filter(|g| (g.x < x - 0.5) == keep)
                .collect();
            if part.is_empty() {
                continue;
            }
            if let (Some(r), Some(w)) = (rows.get_mut(side), words.get_mut(side)) {
                *r += 1;
                *w += word_count(&part, line.size);
            }
        }
    }
    rows.iter().all(|r| *r >= 2) && rows.iter().zip(words).all(|(r, w)| w >= 3 * r)
}

fn word_count(glyphs: &[&Glyph], size: f32) -> usize {
    let by_runs = runs_are_words(glyphs.iter().copied());
    let mut words = 0;
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        let starts = match prev {
            None => true,
            Some(p) => word_break(p, g, size, by_runs) || p.text.ends_with(char::is_whitespace),
        };
        if starts && !g.text.trim().is_empty() {
            words += 1;
        }
        prev = Some(g);
    }
    words
}

/// The paragraph direction the lines with right-to-left text were laid out in (`Some(true)`:
/// right to left), when the page shows it.
///
/// A PDF stores lines in visual order, as laid out under the paragraph's base direction; undoing
/// that needs the same base direction, which is not always the majority script's: a careless export
/// sets Persian in left-to-right paragraphs, and the runs of a line then follow each other left to
/// right. The end of such a paragraph tells: its final punctuation, after right-to-left text, takes
/// the paragraph's direction and is drawn at the right end of the line under a left-to-right base,
/// where a right-to-left base never puts it (it puts sentence punctuation at the left end, as a line
/// break inside a paragraph also does under either base, so that proves nothing). Two such lines on
/// a page make it left-to-right; otherwise each line follows its majority script.
fn paragraph_direction(lines: &[Line]) -> Option<bool> {
    let punct = |c: char| matches!(c, '.' | ':' | '!' | '\u{060C}' | '\u{061B}' | '\u{061F}');
    let mut ltr = 0usize;
    for line in lines {
        let visual = visual(line);
        let mut chars = visual.chars().rev().filter(|c| *c != ' ');
        if let (Some(p), Some(c)) = (chars.next(), chars.next())
            && punct(p)
            && is_rtl(c)
        {
            ltr += 1;
        }
    }
    (ltr >= 2).then_some(false)
}

/// The line's text in visual order (left to right on the page).
fn visual(line: &Line) -> String {
    let by_runs = runs_are_words(line.glyphs.iter());
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
            let spaced =
                p.text.ends_with(char::is_whitespace) || g.text.starts_with(char::is_whitespace);
            if !spaced && word_break(p, g, g.size.max(p.size), by_runs) {
                visual.push(' ');
            }
        }
        visual.push_str(&g.text);
        prev = Some(g);
    }
    visual
}

fn line_text(line: Line, base: Option<bool>) -> String {
    let visual = visual(&line);
    if visual.chars().any(is_rtl) {
        visual_to_logical(&visual, base)
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
/// `base` is the paragraph direction when known (`Some(true)`: right to left), else the line's
/// majority script decides.
///
/// For a right-to-left base the reversed visual string is close to the logical one except inside
/// left-to-right runs (numbers, Latin), so the bidi algorithm resolves the levels on the reversed
/// string and the runs at even (left-to-right) levels are turned back. For a left-to-right base the
/// levels are resolved on the visual string itself and the runs are turned back by rule L2 (which
/// is its own inverse once the levels are known).
fn visual_to_logical(visual: &str, base: Option<bool>) -> String {
    let rtl = visual.chars().filter(|c| is_rtl(*c)).count();
    let ltr = visual
        .chars()
        .filter(|c| c.is_alphabetic() && !is_rtl(*c))
        .count();
    if base.unwrap_or(rtl >= ltr) {
        rtl_base_to_logical(visual)
    } else {
        ltr_base_to_logical(visual, rtl > ltr)
    }
}

fn rtl_base_to_logical(visual: &str) -> String {
    let text = visual.chars().rev().collect::<String>();
    let info = BidiInfo::new(&text, Some(Level::rtl()));
    // (char, whether its run must be turned around, odd level)
    let chars: Vec<(char, bool, bool)> = text
        .char_indices()
        .map(|(i, c)| {
            let odd = info.levels.get(i).is_none_or(|l| l.is_rtl());
            (c, !odd, odd)
        })
        .collect();
    let chars = join_number_to_latin_run(chars);
    let mut out = String::with_capacity(visual.len());
    let mut i = 0;
    while let Some(&(c, flip, odd)) = chars.get(i) {
        if !flip {
            out.push(if odd { mirror(c) } else { c });
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

/// In logical order a number right after Latin text joins its left-to-right run (bidi rule W7:
/// `HATRI 10` is one run). On the reversed visual string that number comes *before* the Latin
/// run, with a space between that the algorithm leaves at the right-to-left level, so the two
/// would be turned back separately (`10 HATRI`). A run of digits and number punctuation followed,
/// across spaces only, by a run that starts with a Latin letter is joined to it here.
fn join_number_to_latin_run(mut chars: Vec<(char, bool, bool)>) -> Vec<(char, bool, bool)> {
    let mut i = 0;
    while i < chars.len() {
        if !chars.get(i).is_some_and(|x| x.1) {
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j).is_some_and(|x| x.1) {
            j += 1;
        }
        let numeric = chars
            .get(i..j)
            .unwrap_or_default()
            .iter()
            .all(|&(c, _, _)| !c.is_alphabetic());
        let mut k = j;
        while chars.get(k).is_some_and(|&(c, flip, _)| c == ' ' && !flip) {
            k += 1;
        }
        let latin_next = chars
            .get(k)
            .is_some_and(|&(c, flip, _)| flip && c.is_alphabetic() && !is_rtl(c));
        if numeric && k > j && latin_next {
            for x in chars.get_mut(j..k).unwrap_or_default() {
                *x = (x.0, true, false);
            }
        }
        i = j.max(i + 1);
    }
    chars
}

/// A line laid out in a left-to-right paragraph. In a line that is mostly right-to-left text,
/// numbers and punctuation at the left end of the line, before right-to-left text, belong to its
/// run (they end it logically, as in `… شماره 57` or a line broken after `،`), although read in
/// visual order nothing on their left says so. Mirrored characters are kept as drawn: in the
/// left-to-right paragraphs seen, the text behind the glyphs is already the logical character.
fn ltr_base_to_logical(visual: &str, rtl_majority: bool) -> String {
    let info = BidiInfo::new(visual, Some(Level::ltr()));
    let mut chars: Vec<(char, u8)> = visual
        .char_indices()
        .map(|(i, c)| (c, info.levels.get(i).map_or(0, |l| l.number())))
        .collect();
    if rtl_majority {
        // What precedes the first letter of the line, when that letter is right-to-left.
        let lead = chars.iter().take_while(|(c, _)| !c.is_alphabetic()).count();
        if chars.get(lead).is_some_and(|(c, _)| is_rtl(*c)) {
            for k in 0..lead {
                let digit_around = chars
                    .get(k.wrapping_sub(1))
                    .is_some_and(|(c, _)| c.is_numeric())
                    && chars.get(k + 1).is_some_and(|(c, _)| c.is_numeric());
                if let Some((c, level)) = chars.get_mut(k)
                    && *level == 0
                {
                    *level = if c.is_numeric() || digit_around { 2 } else { 1 };
                }
            }
        }
    }
    // Rule L2: from the highest level down to 1, reverse every run at that level or above.
    let max = chars.iter().map(|(_, l)| *l).max().unwrap_or(0);
    for level in (1..=max).rev() {
        let mut i = 0;
        while i < chars.len() {
            if chars.get(i).is_none_or(|(_, l)| *l < level) {
                i += 1;
                continue;
            }
            let start = i;
            while chars.get(i).is_some_and(|(_, l)| *l >= level) {
                i += 1;
            }
            if let Some(run) = chars.get_mut(start..i) {
                run.reverse();
            }
        }
    }
    chars.iter().map(|&(c, _)| c).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` starting at `x` on baseline `y`, 6 units per character, size 10.
    fn run(text: &str, x: f32, y: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: x + 6.0 * i as f32,
                y,
                w: if c == ' ' { 3.0 } else { 5.5 },
                size: 10.0,
                run: 0,
                invisible: false,
            })
            .collect()
    }

    /// Invisible glyphs of `words` (logical order, right to left) placed word by word as an OCR
    /// layer places them: each word a run over its box, its glyphs left to right in visual
    /// order; `gaps` between the boxes, in font sizes (negative: the boxes overlap).
    fn ocr_line(words: &[&str], gaps: &[f32]) -> Vec<Glyph> {
        let mut glyphs = Vec::new();
        let mut right = 500.0;
        for (run, word) in words.iter().enumerate() {
            let n = word.chars().count() as f32;
            let x0 = right - 5.0 * n;
            for (i, c) in word.chars().rev().enumerate() {
                glyphs.push(Glyph {
                    text: c.to_string(),
                    x: x0 + 5.0 * i as f32,
                    y: 700.0,
                    w: 5.0,
                    size: 16.0,
                    run: run as u32,
                    invisible: true,
                });
            }
            right = x0 - gaps.get(run).copied().unwrap_or(0.0) * 16.0;
        }
        glyphs
    }

    #[test]
    fn an_ocr_layer_placed_word_by_word_keeps_its_word_spaces() {
        // Gaps of OCRmyPDF's Persian layer: far narrower than a typeset word space, and two
        // word boxes that overlap. See: #20
        let words = ["فناوری", "و", "استان", "اجرای", "جدی"];
        let text = page_text(ocr_line(&words, &[0.03, 0.08, -0.25, 0.12]));
        assert_eq!(text, "فناوری و استان اجرای جدی");
    }

    #[test]
    fn an_ocr_layer_placed_glyph_by_glyph_is_spaced_by_its_gaps() {
        // One run per glyph: run boundaries say nothing, the gaps do.
        let mut glyphs = run("ab", 0.0, 700.0);
        glyphs.extend(run("cd", 20.0, 700.0));
        for (i, g) in glyphs.iter_mut().enumerate() {
            g.invisible = true;
            g.run = i as u32;
        }
        assert_eq!(page_text(glyphs), "ab cd");
    }

    #[test]
    fn two_columns_are_read_column_by_column() {
        let mut glyphs = run("A heading that spans both of the columns here", 0.0, 200.0);
        let left = ["one two three four", "five six seven", "eight nine ten"];
        let right = [
            "alpha beta gamma delta",
            "epsilon zeta eta",
            "theta iota kappa",
        ];
        for (i, (l, r)) in left.iter().zip(right).enumerate() {
            glyphs.extend(run(l, 0.0, 180.0 - 12.0 * i as f32));
            // Baselines of the right column are a little lower.
            glyphs.extend(run(r, 150.0, 177.0 - 12.0 * i as f32));
        }
        let text = page_text(glyphs);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "A heading that spans both of the columns here",
                "one two three four",
                "five six seven",
                "eight nine ten",
                "alpha beta gamma delta",
                "epsilon zeta eta",
                "theta iota kappa",
            ]
        );
    }

    #[test]
    fn table_cells_stay_row_by_row() {
        let mut glyphs = Vec::new();
        for (i, (n, label, value)) in [
            ("1", "Thu tuc", "2.126"),
            ("2", "Ho so", "1.814"),
            ("3", "Nhiem vu", "416"),
            ("4", "Dich vu", "1.912"),
        ]
        .iter()
        .enumerate()
        {
            let y = 100.0 - 12.0 * i as f32;
            glyphs.extend(run(n, 0.0, y));
            glyphs.extend(run(label, 40.0, y));
            glyphs.extend(run(value, 200.0, y));
        }
        let text = page_text(glyphs);
        assert_eq!(text.lines().next(), Some("1 Thu tuc 2.126"));
        assert_eq!(text.lines().count(), 4);
    }

    #[test]
    fn left_to_right_paragraphs_of_persian() {
        // "سلام دنیا." set in a left-to-right paragraph: the final stop is drawn on the right.
        assert_eq!(visual_to_logical("ایند مالس.", Some(false)), "سلام دنیا.");
        // A number ending a right-to-left run is drawn at the left end of the line.
        assert_eq!(
            visual_to_logical("57 هرامش همانعطق", Some(false)),
            "قطعنامه شماره 57"
        );
        // Right-to-left paragraphs: the stop is drawn on the left.
        assert_eq!(visual_to_logical(".ایند مالس", Some(true)), "سلام دنیا.");
    }

    #[test]
    fn a_number_after_latin_text_stays_in_its_run() {
        // Logical "برنج HATRI 10 و HATRI 722 را", drawn right to left: each `HATRI n` is one
        // left-to-right run, shown left to right.
        assert_eq!(
            visual_to_logical("ار HATRI 722 و HATRI 10 جنرب", Some(true)),
            "برنج HATRI 10 و HATRI 722 را"
        );
        // Two numbers in a row stay two runs, in right-to-left order.
        assert_eq!(visual_to_logical("15 12 ددع", Some(true)), "عدد 12 15");
    }
}

use std::ops::Range;

use docfacts_types::Span;
use unicode_normalization::UnicodeNormalization;

use crate::fold::Tables;
use crate::map::{SourceMap, char_len, is_continuation};
use crate::{Folded, ocr};

/// What to fold beyond the always-on steps of the crate documentation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ViewOptions {
    /// Folds the confusions of an OCR engine without a Vietnamese model (`s6 03/NQ-CP` → `so 03/NQ-CP`,
    /// `S¢` → `Se`, `nim 2025` → `nam 2025`, `l.148` → `1.148`, `VPUBN[?` → `VPUBND`); for
    /// Vietnamese text detected as unaccented. See `docs/ocr.md`.
    pub ocr: bool,
}

impl ViewOptions {
    /// The options with OCR folding switched on or off.
    pub fn with_ocr(mut self, ocr: bool) -> ViewOptions {
        self.ocr = ocr;
        self
    }
}

/// A normalized copy of a source text in which every byte maps back to the source bytes it came from.
///
/// Invariants (checked by property tests): the map is monotone, covers only char boundaries of the
/// source, and `source_span` of any view range yields a slice of the source. The map costs about
/// one byte per view byte (see the `map` module).
#[derive(Clone, Debug, Default)]
pub struct View {
    text: String,
    /// For each character of `text`, the source bytes it came from.
    map: SourceMap,
}

impl View {
    /// Builds the matching view of `source` with the default options.
    pub fn new(source: &str) -> View {
        View::with_options(source, ViewOptions::default())
    }

    /// Builds the matching view of `source`.
    pub fn with_options(source: &str, options: ViewOptions) -> View {
        let bytes = source.as_bytes();
        let tables = Tables::get();
        let mut b = Builder::with_capacity(source.len());
        let mut cluster = String::new();
        let mut folds = Vec::new();
        let mut i = 0;
        while let Some(&byte) = bytes.get(i) {
            if is_ascii_space(byte) && !combining_at(source, i + 1) {
                b.push_space(i, i + 1, matches!(byte, b'\n' | b'\r' | 0x0C));
                i += 1;
                continue;
            }
            // Fast path: a run of characters that the fold keeps as they are (visible ASCII, and
            // two-byte characters such as Arabic-script letters) or folds to one ASCII character
            // (`é` → `e`, `ệ` → `e`, `–` → `-`), with the single spaces between its words. What is
            // kept is copied whole (each character mapped to itself), the folded characters are
            // listed in `folds`. Its last character stays out of the run when a combining mark
            // follows it (`o` + U+0302 composes to `ô`).
            folds.clear();
            let mut end = kept_run_end(bytes, i, tables, &mut folds);
            if end > i && combining_at(source, end) {
                end -= 1;
                while end > i && bytes.get(end).is_some_and(|&b| is_continuation(b)) {
                    end -= 1;
                }
                if folds.last().is_some_and(|f| f.at >= end) {
                    folds.pop();
                }
            }
            if end > i {
                b.push_kept_run(source, i..end, &folds);
                i = end;
                continue;
            }
            // One character and the combining marks after it. A mark is U+0300 or above, so a
            // lead byte below 0xCC ends the cluster without decoding.
            let Some((c, len)) = char_at(bytes, i) else {
                break;
            };
            let start = i;
            let mut end = start + len;
            let mut marks = false;
            while bytes.get(end).is_some_and(|&b| b >= 0xCC)
                && let Some((n, len)) = char_at(bytes, end)
                && tables.is_combining(n)
            {
                if !marks {
                    cluster.clear();
                    cluster.push(c);
                    marks = true;
                }
                cluster.push(n);
                end += len;
            }
            if marks {
                for composed in cluster.nfc() {
                    b.push_folded(tables.fold(composed), start, end, composed);
                }
            } else {
                b.push_folded(tables.fold(c), start, end, c);
            }
            i = end;
        }
        let view = b.finish();
        if options.ocr { view.ocr_folded() } else { view }
    }

    /// The same view with the OCR folds applied (see [`ViewOptions::ocr`]): what
    /// `View::with_options(source, ViewOptions::default().with_ocr(true))` builds, without
    /// building the base view again.
    pub fn ocr_folded(self) -> View {
        // Two rounds (see the `ocr` module): the character rules, then the token rules on their
        // output. Each only lists its rewrites; a round that finds none costs one scan and no copy,
        // and the second copy reuses the buffers of the first view.
        let mut spare = View::default();
        let mut view = self;
        for find in [ocr::char_folds, ocr::token_folds] {
            let edits = find(&view.text);
            if edits
                .iter()
                .all(|(range, with)| same_char_bounds(&view.text, range.clone(), with))
            {
                // Each rewrite as long as what it replaces, character for character (`s6` → `so`,
                // `l.148` → `1.148`): written in place, the map unchanged (what `edit_into` would
                // copy), no copy.
                for (range, with) in edits.iter() {
                    if view.text.is_char_boundary(range.start)
                        && view.text.is_char_boundary(range.end)
                    {
                        view.text.replace_range(range, with);
                    }
                }
            } else {
                view.edit_into(&edits, &mut spare);
                std::mem::swap(&mut view, &mut spare);
            }
        }
        view
    }

    /// Writes this view with `edits` applied into `out` (whose buffers are reused): untouched
    /// stretches are copied whole with their map, a replacement as long as what it replaces keeps
    /// its map byte for byte, and any other maps, as a whole, to the source of what it replaced.
    fn edit_into(&self, edits: &ocr::Edits, out: &mut View) {
        let mut b = Builder::reusing(std::mem::take(out), self.text.len() + 16);
        let mut pos = 0;
        // Rewrites that keep every character boundary keep the map too: copied over with the
        // stretch around them, their text written afterwards (where the copy put it).
        let mut in_place: Vec<(usize, &str)> = Vec::new();
        let mut cursor = 0;
        for (range, with) in edits.iter() {
            if same_char_bounds(&self.text, range.clone(), with) {
                in_place.push((b.text.len() + range.start - pos, with));
                continue;
            }
            // Where the map stands before the rewrite and after it: the ends of the copy before
            // and the start of the copy after (each found once, not again by the copies).
            let before = self.map.cursor_at(self.text.as_bytes(), range.start);
            b.push_from(self, pos..range.start, (cursor, before));
            cursor = b.push_over(with, self, range.clone(), before);
            pos = range.end;
        }
        b.push_from(self, pos..self.text.len(), (cursor, to_u32(self.map.end())));
        for (at, with) in in_place {
            let range = at..at + with.len();
            if b.text.is_char_boundary(range.start) && b.text.is_char_boundary(range.end) {
                b.text.replace_range(range, with);
            }
        }
        *out = b.finish();
    }

    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The source span of the view's byte range `start..end` (half-open). An empty or out-of-range
    /// request yields an empty span at the nearest mapped position.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let last = self.map.len();
        if last == 0 {
            return Span::default();
        }
        let start = start.min(last - 1);
        let s = self.char_source(start).0;
        if end <= start {
            return Span::new(s, s);
        }
        let e = self.char_source(end.min(last) - 1).1;
        Span::new(s, e.max(s))
    }

    /// The source offset where the character at view byte `pos` starts (or the end of the source
    /// text when `pos` is past the end).
    pub fn source_offset(&self, pos: usize) -> usize {
        if pos < self.map.len() {
            self.char_source(pos).0
        } else {
            self.map.end()
        }
    }

    /// The source range of the view character that holds byte `pos` (within the view).
    fn char_source(&self, pos: usize) -> (usize, usize) {
        let at = self.text.floor_char_boundary(pos);
        self.map.char_range(self.text.as_bytes(), at)
    }
}

/// Whether `with` has its character boundaries where `text`'s `range` has them (so a map kept
/// byte for byte keeps every character's source range).
fn same_char_bounds(text: &str, range: Range<usize>, with: &str) -> bool {
    range.len() == with.len()
        && text.get(range).is_some_and(|old| {
            old.bytes()
                .zip(with.bytes())
                .all(|(a, b)| is_continuation(a) == is_continuation(b))
        })
}

struct Builder {
    text: String,
    map: SourceMap,
    /// A run of whitespace waiting for the next visible character: (start, end, saw a line break).
    pending_space: Option<(usize, usize, bool)>,
}

impl Builder {
    fn with_capacity(n: usize) -> Builder {
        Builder {
            text: String::with_capacity(n),
            map: SourceMap::with_capacity(n),
            pending_space: None,
        }
    }

    #[inline]
    fn push_folded(&mut self, folded: Folded, start: usize, end: usize, original: char) {
        match folded {
            Folded::Drop => {}
            Folded::Space => {
                let newline =
                    matches!(original, '\n' | '\r' | '\u{000C}' | '\u{2028}' | '\u{2029}');
                self.push_space(start, end, newline);
            }
            Folded::Char(c) => {
                self.flush_space();
                self.push(c, start, end);
            }
        }
    }

    /// Whitespace at `start..end`: joins the pending run, written (as one space) before the next
    /// visible character.
    #[inline]
    fn push_space(&mut self, start: usize, end: usize, newline: bool) {
        self.pending_space = Some(match self.pending_space {
            Some((s, _, nl)) => (s, end, nl || newline),
            None => (start, end, newline),
        });
    }

    /// Writes the pending whitespace run as one space, unless it opens the view or follows a
    /// line-break joiner.
    #[inline]
    fn flush_space(&mut self) {
        if self.pending_space.is_some() {
            self.write_pending_space();
        }
    }

    /// The out-of-line part of [`Builder::flush_space`].
    fn write_pending_space(&mut self) {
        if let Some((s, e, newline)) = self.pending_space.take()
            && !(self.text.is_empty() || newline && self.ends_with_line_break_joiner())
        {
            self.push(' ', s, e);
        }
    }

    /// The run `range` of `source` ([`kept_run_end`]): its characters that the fold keeps as they
    /// are copied whole, each mapped to its own bytes, and those in `folds` written as their
    /// ASCII fold, mapped to their bytes.
    #[inline]
    fn push_kept_run(&mut self, source: &str, range: Range<usize>, folds: &[RunFold]) {
        self.flush_space();
        // The first character through the general push (its gap from what came before), the rest
        // with no gap: stretches copied whole and folded characters one byte each.
        let mut from = range.start;
        let mut folds = folds.iter().peekable();
        if let Some(fold) = folds.next_if(|f| f.at == from) {
            let end = from + usize::from(fold.len);
            self.text.push(char::from(fold.ascii));
            self.map.push_char(1, to_u32(from), to_u32(end));
            from = end;
        } else {
            let len = char_len(source.as_bytes(), from).min(range.len());
            let first = source.get(from..from + len).unwrap_or_default();
            self.text.push_str(first);
            self.map
                .push_char(len, to_u32(from), to_u32(from + first.len()));
            from += first.len();
        }
        for fold in folds {
            self.push_stretch(source.get(from..fold.at).unwrap_or_default(), from);
            self.text.push(char::from(fold.ascii));
            self.map.push_folded_byte(fold.len);
            from = fold.at + usize::from(fold.len);
        }
        self.push_stretch(source.get(from..range.end).unwrap_or_default(), from);
    }

    /// `stretch` copied as it is from source byte `start`, right after the last character pushed.
    #[inline]
    fn push_stretch(&mut self, stretch: &str, start: usize) {
        self.text.push_str(stretch);
        self.map.push_stretch(stretch.as_bytes(), to_u32(start));
    }

    /// A hyphen or slash right after a letter or digit, at the end of a line, joins the next line.
    fn ends_with_line_break_joiner(&self) -> bool {
        let mut rev = self.text.chars().rev();
        matches!(rev.next(), Some('-' | '/')) && rev.next().is_some_and(char::is_alphanumeric)
    }

    #[inline]
    fn push(&mut self, c: char, start: usize, end: usize) {
        let (s, e) = (to_u32(start), to_u32(end));
        self.map.push_char(c.len_utf8(), s, e);
        self.text.push(c);
    }

    fn finish(self) -> View {
        View {
            text: self.text,
            map: self.map,
        }
    }

    /// A builder that writes into the buffers of `view` (its content is dropped), with room for
    /// `n` bytes.
    fn reusing(view: View, n: usize) -> Builder {
        let View { mut text, mut map } = view;
        text.clear();
        text.reserve(n);
        map.reset(n);
        Builder {
            text,
            map,
            pending_space: None,
        }
    }

    /// Appends `view`'s bytes `range` (on char boundaries) with their map; `cursors`: where
    /// `view`'s map stands before the range and after it.
    fn push_from(&mut self, view: &View, range: Range<usize>, cursors: (u32, u32)) {
        let Some(text) = view.text.get(range.clone()) else {
            debug_assert!(false, "range off the view or off a char boundary");
            return;
        };
        self.text.push_str(text);
        self.map
            .append_from(&view.map, view.text.as_bytes(), range, cursors);
    }

    /// Appends `with` in place of `view`'s bytes `range` (not empty): byte for byte with their map
    /// when it is as long (each character from the source start of its first byte to the source
    /// end of its last), else all of it mapped to the source of the whole range.
    /// Returns where `view`'s map stands after the range; `before`: where it stands before it.
    fn push_over(&mut self, with: &str, view: &View, range: Range<usize>, before: u32) -> u32 {
        let Some(last) = range.end.checked_sub(1) else {
            return before;
        };
        let first_len = view
            .text
            .get(range.start..)
            .and_then(|t| t.chars().next())
            .map_or(1, char::len_utf8);
        let (first_start, first_end) = view.map.decode(range.start, first_len, before);
        let after = if range.start + first_len >= range.end {
            first_end
        } else {
            to_u32(view.char_source(last).1)
        };
        if with.len() == range.len() {
            for (offset, c) in with.char_indices() {
                let first = range.start + offset;
                let (s, _) = view.char_source(first);
                let (_, e) = view.char_source(first + c.len_utf8() - 1);
                self.push(c, s, e);
            }
        } else {
            for c in with.chars() {
                self.push(c, first_start as usize, after as usize);
            }
        }
        after
    }
}

/// A character of a run ([`kept_run_end`]) that the fold turns into one ASCII character.
#[derive(Clone, Copy, Debug)]
struct RunFold {
    /// Where it starts in the source.
    at: usize,
    /// Its length in bytes (2 to 4).
    len: u8,
    /// What it folds to.
    ascii: u8,
}

/// Where the run of characters starting at `from` ends: visible ASCII ([`ascii_run_end`]) and
/// other characters that the fold keeps as they are (two-byte ones) or turns into one visible
/// ASCII character (listed in `folds`), with single spaces between them. `from` itself when no
/// such character starts there.
#[inline]
fn kept_run_end(bytes: &[u8], mut end: usize, tables: &Tables, folds: &mut Vec<RunFold>) -> usize {
    loop {
        let at = match bytes.get(end) {
            Some(&b) if b >= 0xC0 => end,
            Some(b' ') if bytes.get(end + 1).is_some_and(|&n| n >= 0xC0) => end + 1,
            Some(&b) if b.is_ascii() => {
                let ascii = ascii_run_end(bytes, end);
                if ascii == end {
                    return end;
                }
                end = ascii;
                continue;
            }
            _ => return end,
        };
        let Some((c, len)) = char_at(bytes, at) else {
            return end;
        };
        match tables.fold(c) {
            Folded::Char(f) if f == c && len == 2 => {}
            Folded::Char(f) if f.is_ascii() && !is_ascii_space(f as u8) => folds.push(RunFold {
                at,
                len: len as u8,
                ascii: f as u8,
            }),
            _ => return end,
        }
        end = at + len;
    }
}

/// Where the ASCII run that goes on at `from` ends: the first position that holds neither a run
/// byte ([`is_run_byte`]) nor a single space before one. Eight bytes at a time (SWAR): a branch
/// per word would mispredict on every space.
fn ascii_run_end(bytes: &[u8], mut from: usize) -> usize {
    use crate::swar::repeat;
    // Lane masks (bit 7 of each byte, no gather): a byte is out of the run when it is not ASCII,
    // a blank other than the space (0x09..=0x0D), or a space whose next byte is not a run byte.
    let high = repeat(0x80);
    while let Some(word) = crate::swar::load(bytes, from) {
        let low = word & repeat(0x7F);
        let ascii = !word & high;
        let blank = low.wrapping_add(repeat(0x80 - 0x09)) & !low.wrapping_add(repeat(0x7F - 0x0D));
        let space = low.wrapping_add(repeat(0x80 - b' ')) & !low.wrapping_add(repeat(0x7F - b' '));
        let (blank, space) = (blank & ascii, space & ascii);
        let run = ascii & !(blank | space);
        let next_run = u64::from(bytes.get(from + 8).is_some_and(|&b| is_run_byte(b))) << 63;
        let run_after = (run >> 8) | next_run;
        let out = !ascii & high | blank | (space & !run_after);
        if out != 0 {
            return from + (out.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    ascii_run_end_bytewise(bytes, from)
}

/// [`ascii_run_end`] a byte at a time (for the last bytes, and the reference of its tests).
fn ascii_run_end_bytewise(bytes: &[u8], mut end: usize) -> usize {
    loop {
        match bytes.get(end) {
            Some(&n) if is_run_byte(n) => end += 1,
            Some(b' ') if bytes.get(end + 1).is_some_and(|&n| is_run_byte(n)) => end += 2,
            _ => return end,
        }
    }
}

/// Whether `b` may be copied as it is in an ASCII run: ASCII and not a space.
#[inline]
fn is_run_byte(b: u8) -> bool {
    RUN_BYTES.get(usize::from(b)).copied().unwrap_or(false)
}

/// [`is_run_byte`] as a table: one load per byte of the hottest loop.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an index out of range fails the build
static RUN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = !is_ascii_space(b as u8);
        b += 1;
    }
    table
};

/// ASCII whitespace as [`fold_char`] sees it (`Folded::Space`).
#[inline]
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// The character that starts at byte `i` of `bytes` (valid UTF-8) and its length in bytes.
#[inline]
fn char_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let lead = *bytes.get(i)?;
    let cont = |k: usize| bytes.get(i + k).map(|&b| u32::from(b & 0x3F));
    let (code, len) = match lead {
        0x00..=0x7F => (u32::from(lead), 1),
        0xC0..=0xDF => ((u32::from(lead & 0x1F) << 6) | cont(1)?, 2),
        0xE0..=0xEF => (
            (u32::from(lead & 0x0F) << 12) | (cont(1)? << 6) | cont(2)?,
            3,
        ),
        _ => (
            (u32::from(lead & 0x07) << 18) | (cont(1)? << 12) | (cont(2)? << 6) | cont(3)?,
            4,
        ),
    };
    Some((char::from_u32(code)?, len))
}

/// Whether the character at byte `i` of `source` is a combining mark.
#[inline]
fn combining_at(source: &str, i: usize) -> bool {
    source.as_bytes().get(i).is_some_and(|&b| !b.is_ascii())
        && source
            .get(i..)
            .and_then(|r| r.chars().next())
            .is_some_and(combining)
}

/// A combining mark.
#[inline]
fn combining(c: char) -> bool {
    crate::fold::is_combining(c)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold_char;

    fn check(source: &str, expect_view: &str) {
        let v = View::new(source);
        assert_eq!(v.text(), expect_view, "view of {source:?}");
    }

    #[test]
    fn folds_and_collapses() {
        check("Nghị  quyết\n\nsố 57-NQ/TW", "Nghi quyet so 57-NQ/TW");
        check("  leading and trailing \n", "leading and trailing");
        check("01-\nNQ/TU", "01-NQ/TU");
        check("15/2025/\nNQ-HĐND", "15/2025/NQ-HDND");
        check("a -\nb", "a - b");
        check("۷۱/NQ-CP", "71/NQ-CP");
        check("98,2\n%", "98,2 %");
    }

    #[test]
    fn nfd_input_composes_then_folds() {
        let nfd: String = "Nghị quyết".nfd().collect();
        check(&nfd, "Nghi quyet");
    }

    #[test]
    fn spans_map_back_exactly() {
        let source = "ngày 08 tháng 3 năm \n2025, QĐ";
        let v = View::new(source);
        let t = v.text();
        let a = t.find("08").unwrap();
        let b = t.find("2025").unwrap() + 4;
        assert_eq!(
            v.source_span(a, b).slice(source),
            Some("08 tháng 3 năm \n2025")
        );
        let q = t.find("QD").unwrap();
        assert_eq!(v.source_span(q, q + 2).slice(source), Some("QĐ"));
    }

    #[test]
    fn combining_marks_map_to_their_cluster() {
        let source = "so\u{0302}\u{0301} 5"; // "số" in NFD
        let v = View::new(source);
        assert_eq!(v.text(), "so 5");
        assert_eq!(
            v.source_span(0, 2).slice(source),
            Some("so\u{0302}\u{0301}")
        );
    }

    #[test]
    fn the_map_costs_under_one_and_a_third_bytes_per_source_byte() {
        let nfd: String = "Nghị quyết số 57-NQ/TW ngày 22/12/2024, ".nfd().collect();
        let texts = [
            "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị:\n  đạt 91,83%;  ".to_owned(),
            nfd,
            "Nghi quyét s6 57-NQ/TW ngay 22/12/2024, Qb-TTg 1.250 ty dòng\r\n".to_owned(),
            "قطعنامه شماره ۵۷ مورخ ۲۶ فروردین ۱۴۰۴ با ۹۴٬۴۴۷ مورد، ".to_owned(),
            "The province completed 25/25 tasks by July 29, 2025.\n\n".to_owned(),
        ];
        for text in texts {
            let source = text.repeat(4000);
            for view in [View::new(&source), View::new(&source).ocr_folded()] {
                let (map, len) = (view.map.heap_bytes(), source.len());
                assert!(
                    map <= len + len / 3,
                    "{map} bytes of map for {len} bytes: {text:?}"
                );
            }
        }
    }

    /// The source range of the character that holds each view byte.
    fn byte_map(view: &View) -> Vec<(usize, usize)> {
        (0..view.text.len()).map(|i| view.char_source(i)).collect()
    }

    /// The view built one character at a time through [`fold_char`], as the fast paths of
    /// [`View::with_options`] must reproduce it.
    fn reference_view(source: &str) -> View {
        let mut b = Builder::with_capacity(source.len());
        let mut iter = source.char_indices().peekable();
        while let Some((start, c)) = iter.next() {
            let mut end = start + c.len_utf8();
            let mut cluster = String::from(c);
            while let Some(&(i, n)) = iter.peek() {
                if !unicode_normalization::char::is_combining_mark(n) {
                    break;
                }
                cluster.push(n);
                end = i + n.len_utf8();
                iter.next();
            }
            if cluster.len() == c.len_utf8() {
                b.push_folded(fold_char(c), start, end, c);
            } else {
                for composed in cluster.nfc() {
                    b.push_folded(fold_char(composed), start, end, composed);
                }
            }
        }
        b.finish()
    }

    #[test]
    fn char_at_decodes_as_str_does() {
        let text: String = (0..0x11_0000)
            .step_by(7)
            .filter_map(char::from_u32)
            .collect();
        let mut decoded = Vec::new();
        let mut i = 0;
        while let Some((c, len)) = char_at(text.as_bytes(), i) {
            decoded.push(c);
            i += len;
        }
        assert_eq!(decoded, text.chars().collect::<Vec<_>>());
    }

    #[test]
    fn ascii_run_end_equals_the_bytewise_scan() {
        let texts: [&[u8]; 6] = [
            b"ab cd  ef\tgh i j k l m n o p q r s",
            b"abcdefghijklmnopqrstuvwxyz ABCDEFGH IJ",
            b"a b c d e f g h i j k l m n o p q r s t u v w x y z",
            b"12/2025 so 57-NQ/TW ngay 22/12/2024 cua Bo Chinh tri\n",
            b"x \xc3\xa9t\x01\x7fab  cd e\x0b f g h i j k l m",
            b"        a",
        ];
        for text in texts {
            for from in 0..text.len() {
                assert_eq!(
                    ascii_run_end(text, from),
                    ascii_run_end_bytewise(text, from),
                    "{:?} from {from}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    /// The fast view of `s` and the reference view, once their texts and byte maps agree.
    fn same_as_reference(s: &str) -> Result<(View, View), proptest::test_runner::TestCaseError> {
        let (fast, slow) = (View::new(s), reference_view(s));
        proptest::prop_assert_eq!(fast.text(), slow.text());
        proptest::prop_assert_eq!(byte_map(&fast), byte_map(&slow));
        Ok((fast, slow))
    }

    proptest::proptest! {
        #[test]
        fn ascii_run_end_equals_the_bytewise_scan_for_any_bytes(
            text in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'Z', b'1', b' ', b'\n', b'\t', 0x0B, 0x0D, 0x01, 0x7F, 0x80, 0xC3, 0xFF]),
                0..80,
            ),
            from in 0usize..80,
        ) {
            proptest::prop_assert_eq!(ascii_run_end(&text, from), ascii_run_end_bytewise(&text, from));
        }

        #[test]
        fn fast_paths_equal_the_reference(
            s in "([a-zA-Z0-9 .,/-]{0,6}|[ \t\r\n\u{0B}\u{0C}]|\u{0300}|\u{0302}\u{0301}|ệ|Đ|۷|ي|\u{200C}|[\u{00}-\u{1F}\u{7F}]|\\PC){0,40}"
        ) {
            same_as_reference(&s)?;
        }

        /// Long runs (across the map's 64-byte blocks) of what the run fast path copies or folds
        /// (`é`, `ệ`, `–`, Persian letters and digits) between what ends a run (CRLF, tabs,
        /// non-breaking and double spaces, NFD marks, dropped marks): the same view and the same
        /// source range for every byte as the reference.
        #[test]
        fn long_runs_equal_the_reference(
            s in "([a-z]{1,12}|[A-Z0-9/.-]{1,8}| |é|ệ|Nghị|quyết|số|–|ي|ب|۷|ک|×|\r\n|\n|\t|\u{00A0}|  |o\u{0302}\u{0301}|\u{200C}|\u{0640}|«){0,120}"
        ) {
            let (fast, slow) = same_as_reference(&s)?;
            for at in 0..=fast.text().len() {
                proptest::prop_assert_eq!(fast.source_offset(at), slow.source_offset(at));
            }
        }

        #[test]
        fn any_view_range_is_a_source_slice(s in "\\PC{0,60}", a in 0usize..80, b in 0usize..80) {
            let v = View::new(&s);
            let span = v.source_span(a.min(b), a.max(b));
            proptest::prop_assert!(span.slice(&s).is_some());
        }

        #[test]
        fn map_is_monotone(s in "\\PC{0,60}") {
            let v = View::new(&s);
            for w in byte_map(&v).windows(2) {
                proptest::prop_assert!(w[0].0 <= w[1].0);
            }
        }

        /// The compact map answers every character's source range as it was pushed, whatever
        /// the gaps, lengths and overlaps (exceptions), across checkpoints.
        #[test]
        fn compact_map_keeps_every_range(
            chars in proptest::collection::vec(
                (1usize..=4, 0u32..20, 0u32..12, proptest::bool::ANY, 1usize..100),
                0..200,
            )
        ) {
            let mut map = SourceMap::with_capacity(0);
            let mut text = Vec::new();
            let mut pushed = Vec::new();
            let mut cursor = 0u32;
            for (len, gap, src_len, back, run) in chars {
                if len == 1 && run > 80 {
                    // A run of characters copied as they are: ASCII, or mixed with two- and
                    // three-byte characters.
                    let n = run - 80;
                    let start = cursor + gap;
                    let pattern = ["a", "aé", "ب a", "ệé a"][src_len as usize % 4];
                    let copied: String = pattern.chars().cycle().take(n).collect();
                    map.push_verbatim(copied.as_bytes(), start);
                    for (k, c) in copied.char_indices() {
                        let s = start as usize + k;
                        pushed.push((text.len() + k, s, s + c.len_utf8()));
                    }
                    text.extend_from_slice(copied.as_bytes());
                    cursor = start + copied.len() as u32;
                    if src_len % 2 == 1 && !copied.is_empty() {
                        // A character folded to one byte right after it (`ệ` as `e`).
                        let n = 1 + (src_len as u8 / 2) % 4;
                        map.push_folded_byte(n);
                        pushed.push((text.len(), cursor as usize, (cursor + u32::from(n)) as usize));
                        text.push(b'e');
                        cursor += u32::from(n);
                    }
                    continue;
                }
                let start = if back { cursor.saturating_sub(gap) } else { cursor + gap };
                let end = start + src_len;
                map.push_char(len, start, end);
                pushed.push((text.len(), start as usize, end as usize));
                let lead = [b'a', 0xC3, 0xE1, 0xF0][len - 1];
                text.push(lead);
                text.extend(std::iter::repeat_n(0x80, len - 1));
                cursor = end;
            }
            for &(at, start, end) in &pushed {
                proptest::prop_assert_eq!(map.char_range(&text, at), (start, end), "at {}", at);
            }
            let walked: Vec<_> = map
                .chars(&text, 0..text.len())
                .map(|(at, _, s, e)| (at, s as usize, e as usize))
                .collect();
            proptest::prop_assert_eq!(walked, pushed.clone());
            // Copied in pieces (as the OCR folds copy untouched stretches), after a character of
            // its own: every range the same.
            let bounds: Vec<usize> = pushed.iter().map(|p| p.0).collect();
            for cut in [1, 3, 17, 40] {
                let mut copy = SourceMap::with_capacity(0);
                copy.push_char(1, 0, 1);
                let mut from = 0;
                for &to in bounds.iter().step_by(cut).skip(1).chain([&text.len()]) {
                    let cursors = (map.cursor_at(&text, from), map.cursor_at(&text, to));
                    copy.append_from(&map, &text, from..to, cursors);
                    from = to;
                }
                let mut copied_text = vec![b'x'];
                copied_text.extend_from_slice(&text);
                for &(at, start, end) in &pushed {
                    proptest::prop_assert_eq!(
                        copy.char_range(&copied_text, at + 1), (start, end), "cut {} at {}", cut, at
                    );
                }
            }
        }
    }
}

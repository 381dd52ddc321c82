//! The view's map back to the source, in about one byte per view byte.
//!
//! Each character of the view maps to the source bytes it came from (`start..end`). Almost always
//! the characters' source ranges follow each other with small gaps (dropped invisible marks) and
//! small differences in length (`ệ` is three bytes, its fold `e` one; a run of blanks becomes one
//! space). So the map stores, at the first byte of each view character, one code: the gap since
//! the previous character's source end and the difference of the two lengths, a nibble each.
//! Characters that do not fit (a long run of whitespace, several characters written in place of
//! one range) are kept whole in a sorted table of exceptions. Every 64 view bytes a checkpoint
//! holds the source position reached there, so a lookup reads at most one block.

use std::ops::Range;

use crate::swar;

/// View bytes per checkpoint (a lookup decodes at most this many bytes).
const BLOCK: usize = 64;
/// The code of a character kept in the exception table.
const EXCEPTION: u8 = 0xF0;
/// The largest gap a code holds (15 marks an exception).
const MAX_GAP: u32 = 14;
/// What is added to a length difference to store it in a nibble (so −8..=7).
const DELTA_BIAS: i64 = 8;

/// Source ranges of the characters of a view (see the module documentation).
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceMap {
    /// Per view byte: at a character's first byte its code, elsewhere 0.
    codes: Vec<u8>,
    /// Per block of [`BLOCK`] view bytes: the source position reached before the first
    /// character that starts in the block.
    checkpoints: Vec<u32>,
    /// Characters whose source range no code describes: (view position, start, end), sorted.
    exceptions: Vec<(u32, u32, u32)>,
    /// The source end of the last character pushed.
    cursor: u32,
}

impl SourceMap {
    /// An empty map with room for `n` view bytes.
    pub(crate) fn with_capacity(n: usize) -> SourceMap {
        SourceMap {
            codes: Vec::with_capacity(n),
            checkpoints: Vec::with_capacity(n / BLOCK + 1),
            ..SourceMap::default()
        }
    }

    /// Empties the map, keeping its buffers, with room for `n` view bytes.
    pub(crate) fn reset(&mut self, n: usize) {
        self.codes.clear();
        self.checkpoints.clear();
        self.exceptions.clear();
        self.cursor = 0;
        self.codes.reserve(n);
        self.checkpoints.reserve(n / BLOCK + 1);
    }

    /// The number of view bytes mapped.
    pub(crate) fn len(&self) -> usize {
        self.codes.len()
    }

    /// The heap bytes the map holds (its buffers' capacities).
    #[cfg(test)]
    pub(crate) fn heap_bytes(&self) -> usize {
        self.codes.capacity()
            + self.checkpoints.capacity() * 4
            + self.exceptions.capacity() * std::mem::size_of::<(u32, u32, u32)>()
    }

    /// The source end of the last character (0 when the map is empty).
    pub(crate) fn end(&self) -> usize {
        self.cursor as usize
    }

    /// Records the checkpoints of the blocks that start at or before view byte `at`, where the
    /// next character starts.
    #[inline]
    fn checkpoint_to(&mut self, at: usize) {
        while self.checkpoints.len() * BLOCK <= at {
            self.checkpoints.push(self.cursor);
        }
    }

    /// Appends one view character of `len` bytes that maps to source bytes `start..end`.
    #[inline]
    pub(crate) fn push_char(&mut self, len: usize, start: u32, end: u32) {
        let at = self.codes.len();
        self.checkpoint_to(at);
        let code = self.code(len, start, end, at);
        self.codes.push(code);
        if len > 1 {
            self.codes.resize(at + len, 0);
        }
        self.cursor = end;
    }

    /// Appends `run`, characters copied as they are from the source bytes from `start` (each maps
    /// to its own bytes, with no gap): every byte's code written at once, without a push per
    /// character.
    #[cfg(test)]
    pub(crate) fn push_verbatim(&mut self, run: &[u8], start: u32) {
        if run.is_empty() {
            return;
        }
        let first_len = char_len(run, 0).min(run.len());
        self.push_char(first_len, start, start + to_u32(first_len));
        self.push_stretch(
            run.get(first_len..).unwrap_or_default(),
            start + to_u32(first_len),
        );
    }

    /// Appends `stretch` (whole characters), copied as it is from source byte `start`, where the
    /// last character pushed ends (`start` is the cursor): each character maps to its own bytes.
    #[inline]
    pub(crate) fn push_stretch(&mut self, stretch: &[u8], start: u32) {
        debug_assert_eq!(start, self.cursor);
        let at = self.codes.len();
        // The checkpoints of the blocks whose first character starts in the stretch: the source
        // position of that character.
        let mut block = self.checkpoints.len() * BLOCK;
        while block < at + stretch.len() {
            let mut q = block.max(at) - at;
            while stretch.get(q).is_some_and(|&b| is_continuation(b)) {
                q += 1;
            }
            if q >= stretch.len() {
                break;
            }
            self.checkpoints.push(start + to_u32(q));
            block += BLOCK;
        }
        self.codes.extend(
            stretch
                .iter()
                .map(|&b| u8::from(!is_continuation(b)) * identity_code()),
        );
        self.cursor = start + to_u32(stretch.len());
    }

    /// Appends a one-byte view character made of the `len` source bytes (1 to 4) that follow the
    /// last character pushed (`é` written as `e`): what `push_char(1, cursor, cursor + len)`
    /// records, without its general case.
    #[inline]
    pub(crate) fn push_folded_byte(&mut self, len: u8) {
        debug_assert!((1..=4).contains(&len));
        let at = self.codes.len();
        self.checkpoint_to(at);
        // No gap, a delta of `len - 1`: a code of 9 to 11, never an exception.
        self.codes.push(identity_code() + len - 1);
        self.cursor += u32::from(len);
    }

    /// The code of a character at view byte `at`, or [`EXCEPTION`] after recording it.
    #[inline]
    fn code(&mut self, len: usize, start: u32, end: u32, at: usize) -> u8 {
        let gap = start.wrapping_sub(self.cursor);
        let delta = i64::from(end) - i64::from(start) - len as i64 + DELTA_BIAS;
        // A delta of 0 (a source range ending before it starts) is kept out of the codes: no
        // character's code is 0, the mark of the bytes after a character's first.
        if start >= self.cursor && gap <= MAX_GAP && (1..16).contains(&delta) {
            // Both fit a nibble: checked just above.
            ((gap as u8) << 4) | delta as u8
        } else {
            self.exceptions.push((to_u32(at), start, end));
            EXCEPTION
        }
    }

    /// Appends the characters of `other` (the map of `text`) from `range.start` to `range.end`
    /// (character boundaries) with their source ranges: the first re-encoded, the rest copied
    /// code for code (each code counts from the character before it, the same in both maps),
    /// with the checkpoints of the new blocks and the exceptions moved.
    ///
    /// `before` and `after`: the source positions `other` has reached before the range's first
    /// character and after its last ([`SourceMap::cursor_at`]), which the caller knows already.
    pub(crate) fn append_from(
        &mut self,
        other: &SourceMap,
        text: &[u8],
        range: Range<usize>,
        (before, after): (u32, u32),
    ) {
        if range.is_empty() {
            return;
        }
        let first_len = char_len(text, range.start);
        let (start, end) = other.decode(range.start, first_len, before);
        self.push_char(first_len, start, end);
        self.cursor = end;
        let rest = range.start + first_len..range.end;
        let Some(codes) = other.codes.get(rest.clone()) else {
            return;
        };
        if codes.is_empty() {
            return;
        }
        let at = self.codes.len();
        let moved = |pos: usize| pos + at - rest.start;
        // The checkpoints of the blocks whose first character is one of the copied: the source
        // end of the character before it, read from `other`.
        let last_start = floor_char_start(text, rest.end - 1);
        loop {
            let block = self.checkpoints.len() * BLOCK;
            let mut old = block.max(at) + rest.start - at;
            while old < rest.end && text.get(old).is_some_and(|&b| is_continuation(b)) {
                old += 1;
            }
            if old > last_start {
                break;
            }
            let cursor = if old == rest.start {
                end
            } else {
                other.cursor_at(text, old)
            };
            self.checkpoints.push(cursor);
        }
        let first = other
            .exceptions
            .partition_point(|e| (e.0 as usize) < rest.start);
        let last = other
            .exceptions
            .partition_point(|e| (e.0 as usize) < rest.end);
        if let Some(exceptions) = other.exceptions.get(first..last) {
            self.exceptions.extend(
                exceptions
                    .iter()
                    .map(|&(pos, s, e)| (to_u32(moved(pos as usize)), s, e)),
            );
        }
        self.codes.extend_from_slice(codes);
        self.cursor = after;
    }

    /// The source range `start..end` of the view character that starts at `at` (a character
    /// boundary of `text`, the view's text).
    pub(crate) fn char_range(&self, text: &[u8], at: usize) -> (usize, usize) {
        let (start, end) = self.decode(at, char_len(text, at), self.cursor_at(text, at));
        (start as usize, end as usize)
    }

    /// The source position reached before the view character that starts at `at` (the source
    /// end of the character before it; the map's end past the last).
    pub(crate) fn cursor_at(&self, text: &[u8], at: usize) -> u32 {
        if at >= self.codes.len() {
            return self.cursor;
        }
        let block = at / BLOCK;
        if at % BLOCK > BLOCK / 2 {
            // Nearer the next checkpoint: counted back from it, where no exception lies between.
            if let Some(cursor) = self.retreat(text, at, block + 1) {
                return cursor;
            }
        }
        self.cursor_forward(text, at, block)
    }

    /// [`SourceMap::cursor_at`] for `at` on the map (`at < self.len()`) in block `block`, walked
    /// forward from the block's checkpoint.
    fn cursor_forward(&self, text: &[u8], at: usize, block: usize) -> u32 {
        let cursor = self.checkpoints.get(block).copied().unwrap_or(self.cursor);
        let mut p = block * BLOCK;
        while p < at && text.get(p).is_some_and(|&b| is_continuation(b)) {
            p += 1;
        }
        self.advance(text, p, cursor, at)
    }

    /// The source position reached before the view character that starts at `at`, counted back
    /// from the checkpoint of block `next` (the map's end when it has none): that position less
    /// the move of the codes between (a sum per byte, see [`word_move`], so read in any order).
    /// `None` where an exception lies between, or the codes are too few to read eight at a time.
    fn retreat(&self, text: &[u8], at: usize, next: usize) -> Option<u32> {
        let (mut p, cursor) = match self.checkpoints.get(next) {
            Some(&cursor) => {
                let mut p = next * BLOCK;
                while text.get(p).is_some_and(|&b| is_continuation(b)) {
                    p += 1;
                }
                (p.min(self.codes.len()), cursor)
            }
            None => (self.codes.len(), self.cursor),
        };
        let mut moved = 0u32;
        while p > at {
            let n = (p - at).min(8);
            // The `n` codes before `p`, the word's top lanes moved down (zero above them).
            let codes = swar::load(&self.codes, p.checked_sub(8)?)? >> (8 * (8 - n));
            if has_exception(codes) {
                return None;
            }
            moved = moved.wrapping_add(word_move(codes, n));
            p -= n;
        }
        Some(cursor.wrapping_sub(moved))
    }

    /// The source position reached before the view character that starts at `at`, from
    /// `cursor`, the one reached before the character that starts at `p` (`p <= at`).
    ///
    /// Eight bytes at a time where no exception lies among them: each byte moves the cursor by
    /// one plus its code's two nibbles, less eight for a character's first byte (a character's
    /// source end is its start, `cursor + gap`, plus its length and its delta less the bias), so a
    /// word's move is a sum, whatever characters it holds or cuts.
    fn advance(&self, text: &[u8], mut p: usize, mut cursor: u32, at: usize) -> u32 {
        while p < at {
            let n = (at - p).min(8);
            if let Some(codes) = swar::load(&self.codes, p) {
                // The first `n` codes (1 ≤ n ≤ 8), zero after them.
                let codes = codes & (u64::MAX >> (64 - 8 * n));
                if !has_exception(codes) {
                    cursor = cursor.wrapping_add(word_move(codes, n));
                    p += n;
                    continue;
                }
            }
            let Some(&b) = text.get(p) else {
                break;
            };
            if is_continuation(b) {
                // The rest of a character whose first byte a word step counted: its code is 0.
                cursor = cursor.wrapping_add(1);
                p += 1;
                continue;
            }
            let len = char_len(text, p);
            cursor = self.decode(p, len, cursor).1;
            p += len;
        }
        cursor
    }

    /// The source range of the character at view byte `at`, its source range starting at
    /// `cursor` plus its gap.
    #[inline]
    pub(crate) fn decode(&self, at: usize, len: usize, cursor: u32) -> (u32, u32) {
        let code = self.codes.get(at).copied().unwrap_or(0);
        if code >= EXCEPTION {
            let i = self.exceptions.partition_point(|e| (e.0 as usize) < at);
            return self
                .exceptions
                .get(i)
                .map_or((cursor, cursor), |e| (e.1, e.2));
        }
        let start = cursor + u32::from(code >> 4);
        let end = i64::from(start) + len as i64 + i64::from(code & 0x0F) - DELTA_BIAS;
        (start, u32::try_from(end).unwrap_or(start))
    }

    #[cfg(test)]
    /// Every view character from `range.start` (a character boundary) to `range.end`, with its
    /// length and source range, in order: one walk, whatever the range's length.
    pub(crate) fn chars<'a>(
        &'a self,
        text: &'a [u8],
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (usize, usize, u32, u32)> + 'a {
        let first = (range.start < range.end).then(|| self.char_range(text, range.start));
        let mut cursor = first.map_or(0, |(_, end)| to_u32(end));
        let mut p = range.start;
        std::iter::from_fn(move || {
            if p >= range.end {
                return None;
            }
            let len = char_len(text, p);
            let (start, end) = if p == range.start {
                first.map_or((0, 0), |(s, e)| (to_u32(s), to_u32(e)))
            } else {
                let (s, e) = self.decode(p, len, cursor);
                cursor = e;
                (s, e)
            };
            let at = p;
            p += len;
            Some((at, len, start, end))
        })
    }
}

/// The start of the character that holds byte `at` of `text`.
fn floor_char_start(text: &[u8], mut at: usize) -> usize {
    while at > 0 && text.get(at).is_some_and(|&b| is_continuation(b)) {
        at -= 1;
    }
    at
}

/// Whether a word of codes holds an [`EXCEPTION`] (the only code whose high nibble is 15).
#[inline]
fn has_exception(codes: u64) -> bool {
    let high = (codes >> 4) & swar::repeat(0x0F);
    high.wrapping_add(swar::repeat(0x01)) & swar::repeat(0x10) != 0
}

/// How far `n` view bytes move the map's cursor, from their `codes` (none an exception, zero
/// past `n`): `n` plus the nibbles of the codes, less eight per character that starts among them
/// (see [`SourceMap::advance`]). A character starts where its code is not 0: a character's code is
/// at least 1 ([`SourceMap::code`]), the other bytes of a character have 0.
#[inline]
fn word_move(codes: u64, n: usize) -> u32 {
    let ones = swar::repeat(0x01);
    let nibbles = (codes & swar::repeat(0x0F)) + ((codes >> 4) & swar::repeat(0x0F));
    // Each lane is at most 30, so the eight sum to at most 240: no carry out of the top lane.
    let nibbles = (nibbles.wrapping_mul(ones) >> 56) as u32;
    let low = codes & swar::repeat(0x7F);
    let nonzero = ((low.wrapping_add(swar::repeat(0x7F)) | codes) & swar::repeat(0x80)) >> 7;
    let starts = (nonzero.wrapping_mul(ones) >> 56) as u32;
    // n + nibbles − 8 × starts
    (to_u32(n) + nibbles).wrapping_sub(8 * starts)
}

/// The code of a one-byte character that follows the previous one's source end at once.
const fn identity_code() -> u8 {
    DELTA_BIAS as u8
}

/// Whether `b` continues a UTF-8 sequence.
#[inline]
pub(crate) fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The length of the UTF-8 character whose lead byte is at `at` (1 past the end).
#[inline]
pub(crate) fn char_len(text: &[u8], at: usize) -> usize {
    match text.get(at).copied().unwrap_or(0) {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Counted back from the next checkpoint or forward from the block's own, every
        /// character's cursor is the same, whatever the characters, gaps and exceptions.
        #[test]
        fn cursor_back_equals_cursor_forward(
            chars in proptest::collection::vec(
                (1usize..=4, 0u32..30, 0u32..8, proptest::bool::weighted(0.03)),
                0..400,
            )
        ) {
            let mut map = SourceMap::with_capacity(0);
            let mut text = Vec::new();
            let mut starts = Vec::new();
            let mut cursor = 0u32;
            for (len, gap, extra, exception) in chars {
                // Mostly characters a code describes (a gap up to 14, a length difference of
                // −4..=7), now and then one the exception table holds (a range going back, a gap
                // too long or a range too long).
                let (start, end) = if exception {
                    match gap % 3 {
                        0 => (cursor.saturating_sub(gap), cursor.saturating_sub(gap) + extra),
                        1 => (cursor + 15 + gap, cursor + 15 + gap + extra),
                        _ => (cursor, cursor + len as u32 + 8 + extra),
                    }
                } else {
                    let start = cursor + gap % 15;
                    (start, start + len.saturating_sub(4) as u32 + extra)
                };
                starts.push(text.len());
                map.push_char(len, start, end);
                let lead = [b'a', 0xC3, 0xE1, 0xF0][len - 1];
                text.push(lead);
                text.extend(std::iter::repeat_n(0x80, len - 1));
                cursor = end;
            }
            for &at in &starts {
                let forward = map.cursor_forward(&text, at, at / BLOCK);
                proptest::prop_assert_eq!(map.cursor_at(&text, at), forward, "at {}", at);
                if let Some(c) = map.retreat(&text, at, at / BLOCK + 1) {
                    proptest::prop_assert_eq!(c, forward, "back at {}", at);
                }
            }
        }
    }

    /// Where no exception lies before the next checkpoint, the count back answers (so the
    /// property above compares it): an exception in a generated map may stand in the way of
    /// every count back, which made a coverage check there fail now and then.
    #[test]
    fn cursor_counts_back_over_plain_codes() {
        let mut map = SourceMap::with_capacity(0);
        let text: Vec<u8> = std::iter::repeat_n(b'a', 3 * BLOCK).collect();
        for (k, _) in text.iter().enumerate() {
            // A gap of one after every fifth character: the codes differ, none is an exception.
            let start = to_u32(k + k / 5);
            map.push_char(1, start, start + 1);
        }
        for at in [BLOCK - 1, BLOCK + 40, 2 * BLOCK + 50] {
            let forward = map.cursor_forward(&text, at, at / BLOCK);
            assert_eq!(
                map.retreat(&text, at, at / BLOCK + 1),
                Some(forward),
                "at {at}"
            );
            assert_eq!(
                forward,
                to_u32(at + at / 5 - usize::from(at % 5 == 0)),
                "at {at}"
            );
        }
    }
}

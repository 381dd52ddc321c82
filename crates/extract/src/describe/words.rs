//! The source text as words: each word's span, its folded form (as a pack writes words) and the
//! punctuation and line breaks around it. Headers and citations are read a word at a time, so
//! that every span found is the source's own.

use std::fmt;
use std::ops::{Deref, Range};

use arrayvec::ArrayString;
use docfacts_lang::{OcrRewrite, Pack};
use docfacts_normalize::{CharClasses, Folded, fold_char};

/// One word of the source (`'s`: the source text it borrows its punctuation, and where it can,
/// its folded form, from: no allocation for those).
#[derive(Clone, Debug, Default)]
pub(crate) struct Tok<'s> {
    /// The word's span in the source, punctuation around it excluded.
    pub(crate) start: usize,
    /// End of the span (exclusive).
    pub(crate) end: usize,
    /// Folded: diacritics removed, lowercase, OCR misreadings rewritten where the pack says.
    pub(crate) folded: FoldedWord<'s>,
    /// Punctuation printed right before the word (`(`, `"`).
    pub(crate) lead: &'s str,
    /// Punctuation printed right after the word (`;`, `,`, `:`, `.`).
    pub(crate) trail: &'s str,
    /// Line breaks between the previous word and this one (2: a blank line or more).
    pub(crate) breaks: u8,
    /// Whether the word's letters are all capitals (and it has one).
    pub(crate) upper: bool,
    /// Whether the word's first letter is a capital.
    pub(crate) capital: bool,
}

/// The longest folded word kept in place (in [`FoldedWord::Inline`]); almost every word is shorter.
const INLINE: usize = 22;

/// A word's folded form, borrowed where the source or a pack spells it so, else kept in place
/// when short: a word costs no allocation but a rare long one.
#[derive(Clone)]
pub(crate) enum FoldedWord<'s> {
    /// The text as the source or a pack writes it.
    Borrowed(&'s str),
    /// Up to [`INLINE`] bytes of text.
    Inline(ArrayString<INLINE>),
    /// A longer text.
    Owned(String),
}

impl FoldedWord<'_> {
    /// Room for a folded form of about `len` bytes.
    fn with_capacity(len: usize) -> Self {
        if len <= INLINE {
            FoldedWord::Inline(ArrayString::new())
        } else {
            FoldedWord::Owned(String::with_capacity(len))
        }
    }

    /// The folded text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            FoldedWord::Borrowed(s) => s,
            FoldedWord::Inline(s) => s,
            FoldedWord::Owned(s) => s,
        }
    }

    /// The folded text's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.as_str().as_bytes()
    }

    /// Whether the folded text is empty (markup and rules fold to nothing).
    pub(crate) fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }

    /// The folded text, owned.
    pub(crate) fn into_owned(self) -> String {
        match self {
            FoldedWord::Owned(s) => s,
            other => other.as_str().to_owned(),
        }
    }

    /// Appends `c`, moving the text to the heap when it outgrows [`INLINE`] bytes.
    #[inline]
    fn push(&mut self, c: char) {
        if let FoldedWord::Inline(s) = self
            && s.try_push(c).is_ok()
        {
            return;
        }
        match self {
            FoldedWord::Owned(s) => s.push(c),
            other => {
                let mut s = String::with_capacity(2 * INLINE);
                s.push_str(other.as_str());
                s.push(c);
                *other = FoldedWord::Owned(s);
            }
        }
    }
}

impl Default for FoldedWord<'_> {
    fn default() -> Self {
        FoldedWord::Borrowed("")
    }
}

impl Deref for FoldedWord<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for FoldedWord<'_> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq<&str> for FoldedWord<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl fmt::Debug for FoldedWord<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Tok<'_> {
    /// Whether the word ends a clause: `;`, `:`, or a sentence's `.` (not that of `No.`).
    pub(crate) fn ends_clause(&self) -> bool {
        self.trail.contains([';', ':', '؛'])
            || (self.trail.contains(['.', '!', '?']) && !self.folded.ends_with("no"))
    }

    /// Whether the word is in capitals or has no letter (a number, a rule): what a line in
    /// capitals is made of.
    pub(crate) fn upper_or_no_letter(&self) -> bool {
        let classes = CharClasses::get();
        self.upper || !self.folded.chars().any(|c| classes.alphabetic(c))
    }

    /// Whether the word starts a new paragraph.
    pub(crate) fn opens_paragraph(&self) -> bool {
        self.breaks >= 2
    }
}

/// Whether `c` is punctuation that may stick to a word's edge.
fn is_edge_punct(c: char) -> bool {
    if c.is_ascii() {
        return is_ascii_edge(c as u8);
    }
    !CharClasses::get().alphanumeric(c) && c != '’'
}

/// [`is_edge_punct`] of an ASCII byte.
const fn is_ascii_edge(b: u8) -> bool {
    !b.is_ascii_alphanumeric() && !matches!(b, b'/' | b'&' | b'\'')
}

/// Whether an ASCII byte is whitespace (`char::is_whitespace` of it).
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// [`ASCII_CLASSES`] bits: whitespace, edge punctuation ([`is_edge_punct`]), a capital.
const SPACE: u8 = 1;
const EDGE: u8 = 2;
const CAPITAL: u8 = 4;

/// What each ASCII byte is to [`chunk`]: one load instead of a test per class.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an index out of range fails the build
static ASCII_CLASSES: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0u8;
    while b < 128 {
        let space = is_ascii_space(b);
        let edge = !space && is_ascii_edge(b);
        table[b as usize] = if space { SPACE } else { 0 }
            | if edge { EDGE } else { 0 }
            | if b.is_ascii_uppercase() { CAPITAL } else { 0 };
        b += 1;
    }
    table
};

/// The word that opens `rest` (up to the next whitespace), read in one pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Chunk {
    /// Its length in bytes.
    len: usize,
    /// Where its core (the word less the punctuation at its edges) starts; an empty core is at
    /// the word's end.
    core_start: usize,
    /// Where its core ends.
    core_end: usize,
    /// Whether the core is plain lowercase ASCII (digits and punctuation allowed): its own
    /// folded form.
    plain: bool,
}

/// The word that opens `rest`: its length, its core, and whether the core folds to itself.
fn chunk(rest: &str) -> Chunk {
    let bytes = rest.as_bytes();
    let mut at = 0;
    // Where the core starts (`None` until a character that is no edge punctuation) and ends.
    let mut core_start = None;
    let mut core_end = 0;
    // A capital, or a wide character of the core; the first wide edge character after the
    // core started (inside the core unless the core ends before it).
    let mut capital = false;
    let mut wide = false;
    let mut wide_edge = None;
    while let Some(&b) = bytes.get(at) {
        if let Some(&class) = ASCII_CLASSES.get(usize::from(b)) {
            if class & SPACE != 0 {
                break;
            }
            if class & EDGE == 0 {
                core_start.get_or_insert(at);
                core_end = at + 1;
                capital |= class & CAPITAL != 0;
            }
            at += 1;
            continue;
        }
        let Some(c) = rest.get(at..).and_then(|r| r.chars().next()) else {
            break;
        };
        if c.is_whitespace() {
            break;
        }
        if !is_edge_punct(c) {
            core_start.get_or_insert(at);
            core_end = at + c.len_utf8();
            wide = true;
        } else if core_start.is_some() && wide_edge.is_none() {
            wide_edge = Some(at);
        }
        at += c.len_utf8();
    }
    let plain = !capital && !wide && wide_edge.is_none_or(|edge| edge >= core_end);
    match core_start {
        Some(start) => Chunk {
            len: at,
            core_start: start,
            core_end,
            plain,
        },
        None => Chunk {
            len: at,
            core_start: at,
            core_end: at,
            plain: true,
        },
    }
}

/// [`chunk`] as it was written before it read its word in one pass: its length and core, with
/// the plain test on the core afterwards (the reference of its tests).
#[cfg(test)]
fn chunk_reference(rest: &str) -> Chunk {
    let bytes = rest.as_bytes();
    let mut at = 0;
    let mut core_start = None;
    let mut core_end = 0;
    while let Some(&b) = bytes.get(at) {
        let (edge, len) = if b.is_ascii() {
            if is_ascii_space(b) {
                break;
            }
            (is_edge_punct(char::from(b)), 1)
        } else {
            let Some(c) = rest.get(at..).and_then(|r| r.chars().next()) else {
                break;
            };
            if c.is_whitespace() {
                break;
            }
            (is_edge_punct(c), c.len_utf8())
        };
        if !edge {
            core_start.get_or_insert(at);
            core_end = at + len;
        }
        at += len;
    }
    let (core_start, core_end) = match core_start {
        Some(start) => (start, core_end),
        None => (at, at),
    };
    let plain = rest[core_start..core_end]
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase());
    Chunk {
        len: at,
        core_start,
        core_end,
        plain,
    }
}

/// A word's core folded, with whether its letters are all capitals (and it has one) and whether
/// its first letter is a capital.
fn fold<'s>(core: &'s str, classes: &CharClasses) -> (FoldedWord<'s>, bool, bool) {
    let mut letters = 0;
    let mut lower = 0;
    let mut capital = None;
    if core.is_ascii() {
        for b in core.bytes().filter(u8::is_ascii_alphabetic) {
            letters += 1;
            lower += usize::from(b.is_ascii_lowercase());
            capital.get_or_insert(b.is_ascii_uppercase());
        }
        let folded = match ArrayString::from(core) {
            Ok(mut s) => {
                s.make_ascii_lowercase();
                FoldedWord::Inline(s)
            }
            Err(_) => FoldedWord::Owned(core.to_ascii_lowercase()),
        };
        return (folded, letters > 0 && lower == 0, capital.unwrap_or(false));
    }
    let mut folded = FoldedWord::with_capacity(core.len());
    for ch in core.chars() {
        if ch.is_ascii() {
            if ch.is_ascii_alphabetic() {
                letters += 1;
                lower += usize::from(ch.is_ascii_lowercase());
                capital.get_or_insert(ch.is_ascii_uppercase());
            }
            folded.push(ch.to_ascii_lowercase());
            continue;
        }
        if classes.alphabetic(ch) {
            letters += 1;
            lower += usize::from(classes.lowercase(ch));
            if capital.is_none() {
                capital = Some(classes.uppercase(ch));
            }
        }
        match fold_char(ch) {
            Folded::Char(f) if f.is_ascii() => folded.push(f.to_ascii_lowercase()),
            Folded::Char(f) if caseless(f) => folded.push(f),
            Folded::Char(f) => f.to_lowercase().for_each(|l| folded.push(l)),
            Folded::Space | Folded::Drop => {}
        }
    }
    (folded, letters > 0 && lower == 0, capital.unwrap_or(false))
}

/// Whether `c` is in a block without case (Arabic script, General Punctuation): its lowercase is
/// itself, found without the standard library's search of its case tables.
fn caseless(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{2000}'..='\u{206F}')
}

/// The words of `source[range]`; `ocr` rewrites the pack's OCR misreadings (`s6` → `so`).
pub(crate) fn words<'s>(
    source: &'s str,
    range: Range<usize>,
    pack: Option<&Pack>,
    ocr: bool,
) -> Vec<Tok<'s>> {
    let text = source.get(range.clone()).unwrap_or_default();
    let classes = CharClasses::get();
    // About a word in six bytes of prose: the vector is not grown by copies as it fills.
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 6);
    let mut breaks = 0u8;
    let mut at = 0;
    while let Some(&b) = text.as_bytes().get(at) {
        // An ASCII byte is tested as it is; a longer character is decoded.
        if b.is_ascii() {
            if is_ascii_space(b) {
                breaks = breaks.saturating_add(u8::from(b == b'\n'));
                at += 1;
                continue;
            }
        } else {
            let Some(c) = text.get(at..).and_then(|r| r.chars().next()) else {
                break;
            };
            if c.is_whitespace() {
                at += c.len_utf8();
                continue;
            }
        }
        let rest = text.get(at..).unwrap_or_default();
        let Chunk {
            len,
            core_start,
            core_end,
            plain,
        } = chunk(rest);
        let word = rest.get(..len).unwrap_or_default();
        let core = word.get(core_start..core_end).unwrap_or_default();
        // A word of plain lowercase ASCII (and digits, punctuation) is its own folded form.
        let (folded, upper, capital) = if plain {
            (FoldedWord::Borrowed(core), false, false)
        } else {
            fold(core, classes)
        };
        out.push(Tok {
            start: range.start + at + core_start,
            end: range.start + at + core_end,
            folded,
            lead: word.get(..core_start).unwrap_or_default(),
            trail: word.get(core_end..).unwrap_or_default(),
            breaks: std::mem::take(&mut breaks).min(2),
            upper,
            capital,
        });
        at += len;
    }
    if ocr && let Some(pack) = pack {
        rewrite_ocr(&mut out, pack);
    }
    out
}

/// Makes `toks`, the words of `source[start..e]` for some end `e`, the words of
/// `source[start..end]`: the words that end well before both ends are kept, and only the rest is
/// read again (the last word may be cut at `e`, and an OCR rewrite looks at the word after).
pub(crate) fn reread<'s>(
    toks: &mut Vec<Tok<'s>>,
    source: &'s str,
    start: usize,
    end: usize,
    pack: Option<&Pack>,
    ocr: bool,
) {
    let keep = toks
        .partition_point(|t| t.end + t.trail.len() <= end)
        .saturating_sub(2);
    // Words are split at whitespace: reading from the end of a word gives the same words after it.
    let from = keep
        .checked_sub(1)
        .and_then(|k| toks.get(k))
        .map_or(start, |t| t.end + t.trail.len());
    toks.truncate(keep);
    toks.extend(words(source, from..end, pack, ocr));
}

/// Rewrites the pack's OCR misreadings in place (`s6 31/…` → `so`, `ngdy` → `ngay`).
fn rewrite_ocr(toks: &mut [Tok], pack: &Pack) {
    // Most words open with a byte no misreading opens with: one look rules them out.
    let own;
    let opens = match OCR_OPENS.iter().find(|(p, _)| std::ptr::eq(*p, pack)) {
        Some((_, opens)) => opens,
        None => {
            own = ocr_opens(pack);
            &own
        }
    };
    for i in 0..toks.len() {
        let Some(tok) = toks.get(i) else { continue };
        if !opens
            .get(first_key(tok.folded.as_bytes()))
            .copied()
            .unwrap_or(true)
        {
            continue;
        }
        let next_digit = toks
            .get(i + 1)
            .is_some_and(|t| t.folded.starts_with(|c: char| c.is_ascii_digit()));
        let Some(tok) = toks.get_mut(i) else { continue };
        let hit = pack.ocr_confusions.iter().find(|(seen, _, when)| {
            tok.folded == *seen && (*when == OcrRewrite::Always || next_digit)
        });
        if let Some((_, word, _)) = hit {
            tok.folded = FoldedWord::Borrowed(word);
        }
    }
}

/// For each pack, whether an OCR misreading opens with each first byte ([`first_key`]), made once.
static OCR_OPENS: std::sync::LazyLock<Vec<(&'static Pack, [bool; 257])>> =
    std::sync::LazyLock::new(|| {
        docfacts_lang::PACKS
            .iter()
            .map(|&pack| (pack, ocr_opens(pack)))
            .collect()
    });

/// Whether an OCR misreading of `pack` opens with each first byte ([`first_key`]).
fn ocr_opens(pack: &Pack) -> [bool; 257] {
    let mut opens = [false; 257];
    for (seen, _, _) in pack.ocr_confusions {
        if let Some(o) = opens.get_mut(first_key(seen.as_bytes())) {
            *o = true;
        }
    }
    opens
}

/// A word's first byte as an index in 1..=256 (0: the empty word).
fn first_key(word: &[u8]) -> usize {
    word.first().map_or(0, |&b| usize::from(b) + 1)
}

/// Letters an OCR engine without the Vietnamese model prints for a letter of a folded word
/// (`ứ` → `tr`, `ir`, `w`…; `ị` → `j`, `1`): shared/data's confusion table, folded.
const OCR_READINGS: &[(char, &[&str])] = &[
    (
        'u',
        &[
            "u", "w", "ii", "ti", "ci", "tr", "ir", "y", "uy", "ru", "ie", "a",
        ],
    ),
    ('a', &["a", "i", "d", "e", "o", "4"]),
    ('o', &["o", "d", "e", "6", "0", "a", "b"]),
    ('e', &["e", "c", "g", "8", "&", "a"]),
    ('i', &["i", "j", "1", "l", "y"]),
    ('l', &["l", "1", "i"]),
    ('d', &["d", "b", "p"]),
    ('n', &["n", "m"]),
];

/// Whether the folded token `seen` may be an OCR reading of the folded word `word`.
#[cfg(test)]
fn ocr_reads_as(seen: &str, word: &str) -> bool {
    ocr_reads_as_bytes(seen.as_bytes(), word.as_bytes())
}

/// Whether an OCR reading of a word opening with `letter` may open with `seen` (the letter
/// itself, or the first letter of one of its misreadings).
#[inline]
fn may_begin(seen: Option<u8>, letter: Option<u8>) -> bool {
    let (Some(seen), Some(letter)) = (seen, letter) else {
        return seen == letter;
    };
    seen == letter
        || READING_FIRSTS
            .get(usize::from(letter))
            .is_some_and(|firsts| seen < 128 && firsts & (1 << seen) != 0)
}

/// For each ASCII letter, the first bytes of its [`OCR_READINGS`] as bits (`1 << b`): what
/// [`may_begin`] looks up, not searches.
#[allow(clippy::indexing_slicing)] // Compile-time evaluation: a bad index fails the build.
static READING_FIRSTS: [u128; 128] = {
    let mut firsts = [0u128; 128];
    let mut i = 0;
    while i < OCR_READINGS.len() {
        let (letter, readings) = OCR_READINGS[i];
        let mut k = 0;
        while k < readings.len() {
            let reading = readings[k].as_bytes();
            if !reading.is_empty() && reading[0] < 128 {
                firsts[letter as usize] |= 1 << reading[0];
            }
            k += 1;
        }
        i += 1;
    }
    firsts
};

/// [`ocr_reads_as`] on the words' bytes.
fn ocr_reads_as_bytes(seen: &[u8], word: &[u8]) -> bool {
    fn go(seen: &[u8], word: &[u8], budget: u8) -> bool {
        match word.split_first() {
            None => seen.is_empty(),
            Some((&w, rest)) => {
                if seen.first() == Some(&w) && go(seen.get(1..).unwrap_or_default(), rest, budget) {
                    return true;
                }
                if budget == 0 {
                    return false;
                }
                let readings = OCR_READINGS
                    .iter()
                    .find(|(c, _)| *c as u32 == u32::from(w))
                    .map_or(&[][..], |(_, r)| *r);
                readings.iter().any(|r| {
                    seen.starts_with(r.as_bytes())
                        && go(seen.get(r.len()..).unwrap_or_default(), rest, budget - 1)
                })
            }
        }
    }
    // Each reading takes one or two letters for one, at most two of them: a reading is as long
    // as the word, or up to two letters longer.
    seen == word
        || (word.len() >= 2
            && (word.len()..=word.len() + 2).contains(&seen.len())
            && go(seen, word, 2))
}

/// How words compare: exactly, or allowing OCR's misreadings (unaccented Vietnamese).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Matcher {
    /// Whether OCR misreadings count.
    pub(crate) ocr: bool,
}

impl Matcher {
    /// Whether the token reads as the pack word.
    pub(crate) fn same(self, tok: &(impl AsRef<[u8]> + ?Sized), word: &str) -> bool {
        self.same_bytes(tok.as_ref(), word.as_bytes())
    }

    /// [`Matcher::same`] on the words' bytes.
    #[inline]
    fn same_bytes(self, tok: &[u8], word: &[u8]) -> bool {
        // A reading opens with the word's first letter or one of its misreadings' (see
        // `may_begin`): most words are ruled out at that test.
        tok == word
            || (self.ocr
                && may_begin(tok.first().copied(), word.first().copied())
                && ocr_reads_as_bytes(tok, word))
    }

    /// How many tokens from `toks[i]` spell `phrase` (words compared without punctuation, not
    /// across a paragraph break), or `None`.
    #[inline]
    pub(crate) fn phrase_at(self, toks: &[Tok], i: usize, phrase: &str) -> Option<usize> {
        // A phrase whose first letter can't be the word's is ruled out before it is split into
        // words: most of a pack's phrases are (a test made where it is called).
        // With OCR's misreadings, the first letter may also be a misreading's first letter.
        let first = toks.get(i)?.folded.as_bytes().first().copied();
        let wanted = phrase.as_bytes().first().copied();
        if first != wanted && !(self.ocr && may_begin(first, wanted)) {
            return None;
        }
        self.spells_at(toks, i, phrase)
    }

    /// [`Matcher::phrase_at`] past its first-letter test.
    fn spells_at(self, toks: &[Tok], i: usize, phrase: &str) -> Option<usize> {
        let mut n = 0;
        // Split on the byte (a pack's phrases are single-spaced), without a string searcher.
        for part in phrase.as_bytes().split(|&b| b == b' ') {
            // A pack's phrase may carry a comma (`sua doi, bo sung`): words compare without it.
            let part = part.strip_suffix(b",").unwrap_or(part);
            let tok = toks.get(i + n)?;
            if n > 0 && tok.opens_paragraph() {
                return None;
            }
            if !self.same_bytes(tok.folded.as_bytes(), part) {
                return None;
            }
            n += 1;
        }
        (n > 0).then_some(n)
    }

    /// The longest of `phrases` at `toks[i]`: (its index, tokens it takes).
    pub(crate) fn longest_at<'p>(
        self,
        toks: &[Tok],
        i: usize,
        phrases: impl IntoIterator<Item = &'p str>,
    ) -> Option<(&'p str, usize)> {
        phrases
            .into_iter()
            .filter_map(|p| self.phrase_at(toks, i, p).map(|n| (p, n)))
            .max_by_key(|&(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_word_moves_to_the_heap_past_inline() {
        let text = "ab\u{1EA1}".repeat(6);
        let mut word = FoldedWord::with_capacity(0);
        for (i, c) in text.chars().enumerate() {
            word.push(c);
            let so_far: String = text.chars().take(i + 1).collect();
            assert_eq!(word.as_str(), so_far);
            assert_eq!(word.as_bytes(), so_far.as_bytes());
        }
        assert!(matches!(word, FoldedWord::Owned(_)));
        assert_eq!(word.into_owned(), text);
    }

    proptest::proptest! {
        #[test]
        fn chunk_reads_a_word_as_its_reference_does(
            text in "[ aZ0.,;:()/&'\\-\t\n\u{a0}\u{2013}\u{201c}\u{2019}ệĐâ\u{301}»]{0,12}"
        ) {
            let mut at = 0;
            while at < text.len() {
                let rest = &text[at..];
                proptest::prop_assert_eq!(chunk(rest), chunk_reference(rest), "{:?}", rest);
                at += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
    }

    #[test]
    fn chunk_knows_a_plain_word() {
        let plain = |w: &str| chunk(w).plain;
        assert!(plain("(luat,") && plain("63/2025/qh15;") && plain("\u{201c}a-b\u{201d}"));
        assert!(!plain("Luat") && !plain("lu\u{1ead}t") && !plain("a\u{2013}b"));
        assert_eq!(
            chunk("\u{201c}ab\u{201d}, x").len,
            "\u{201c}ab\u{201d},".len()
        );
    }

    #[test]
    fn caseless_characters_are_their_own_lowercase() {
        for c in ('\0'..=char::MAX).filter(|&c| caseless(c)) {
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    #[test]
    fn words_keep_spans_punctuation_and_breaks() {
        let src = "Căn cứ Luật số 63/2025/QH15;\n\nTHE GOVERNMENT";
        let toks = words(src, 0..src.len(), None, false);
        let folded: Vec<&str> = toks.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(
            folded,
            [
                "can",
                "cu",
                "luat",
                "so",
                "63/2025/qh15",
                "the",
                "government"
            ]
        );
        assert_eq!(&src[toks[4].start..toks[4].end], "63/2025/QH15");
        assert_eq!(toks[4].trail, ";");
        assert!(toks[4].ends_clause());
        assert_eq!(toks[5].breaks, 2);
        assert!(toks[5].upper && !toks[0].upper);
    }

    #[test]
    fn a_reading_begins_with_a_letter_the_words_first_may_be_read_as() {
        let words = [
            "can", "cu", "thuc", "hien", "quyet", "dinh", "nghi", "theo", "de", "uy",
        ];
        let seen = [
            "cin", "ctr", "thuyc", "hign", "quyét", "binh", "nghj", "tleo", "be", "wy",
        ];
        for w in words {
            for t in seen.iter().chain(&words) {
                if ocr_reads_as(t, w) {
                    assert!(may_begin(t.bytes().next(), w.bytes().next()), "{t} {w}");
                }
            }
        }
        assert!(may_begin(Some(b'b'), Some(b'd')) && !may_begin(Some(b'x'), Some(b'd')));
    }

    #[test]
    fn ocr_readings_of_vietnamese_words() {
        assert!(ocr_reads_as("ctr", "cu"));
        assert!(ocr_reads_as("cir", "cu"));
        assert!(ocr_reads_as("cin", "can"));
        assert!(ocr_reads_as("thuyc", "thuc"));
        assert!(ocr_reads_as("hign", "hien"));
        assert!(!ocr_reads_as("theo", "can"));
        assert!(!ocr_reads_as("x", "cu"));
    }
}

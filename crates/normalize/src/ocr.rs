//! OCR folding for Vietnamese read by an OCR engine without a Vietnamese model.
//!
//! Runs after the always-on folds (diacritics are already gone), on the view's text, and keeps the
//! byte map exact: a character or word that is rewritten maps, as a whole, to the source bytes of
//! what it replaced, so a span that covers it still slices the source cleanly.
//!
//! The confusions come from `data/vi_ocr_confusions.json` (observed in OCR'd reports and reproduced
//! with tesseract's English model). Every rule is local and conservative: it rewrites a token only
//! where its shape (and, for keywords, the token after it) says what was printed. Nothing here turns
//! letters into digits except inside digit runs (`l.148`, `3O/9/2025`), so OCR'd letters (`s6`,
//! `t6`, `x4`) never become figures.
//!
//! Speed: unaccented (OCR'd) Vietnamese is most of an archive's bytes, and almost nothing in it is
//! rewritten. So the rules only *read* the text and list their rewrites as [`Edits`] (sorted,
//! disjoint byte ranges with their new text), in two rounds: the character rules
//! ([`char_folds`]), then the token rules ([`token_folds`]) on their output. `View::ocr_folded`
//! copies the view once per round that found something, untouched stretches whole. A round looks
//! first for what can trigger it (a rare byte, or a token whose first two bytes can start a rule:
//! most tokens are ruled out from their first bytes, before their end is sought) and allocates
//! nothing per token. `ocr/reference.rs` keeps the first, plain implementation (three
//! passes over a `Vec` of characters); a property test checks that both build the same view.

use std::ops::Range;

#[cfg(test)]
mod reference;

use docfacts_lang::OcrRewrite as When;

/// OCR variants of keywords (folded, lowercase) → the folded keyword: the Vietnamese pack's OCR
/// confusions (from the keyword variants of `vi_ocr_confusions.json`).
///
/// All are ASCII, and no ASCII letter but `k` is the lowercase of a non-ASCII one (the Kelvin sign),
/// so comparing a token with them ASCII-case-insensitively is the same as lowercasing it first.
static WORDS: &[(&str, &str, When)] = docfacts_lang::vi::PACK.ocr_confusions;

/// The rewrites one pass found in a text: sorted, disjoint byte ranges, each with its new text.
///
/// How the map follows (see `View::ocr_folded`): a replacement as long as what it replaces keeps
/// the map byte for byte (every such rewrite here is ASCII for ASCII, one character for one); any
/// other maps, as a whole, to the source of the range it replaced.
#[derive(Debug, Default)]
pub(crate) struct Edits {
    /// (range in the text, range of its replacement in `with`), sorted by position.
    list: Vec<(Range<usize>, Range<usize>)>,
    /// The replacements one after the other: one buffer instead of a `String` per edit.
    with: String,
}

impl Edits {
    /// Whether the pass found nothing to rewrite.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Each rewrite in text order: the range it replaces and its new text.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (Range<usize>, &str)> {
        self.list
            .iter()
            .map(|(range, with)| (range.clone(), self.with.get(with.clone()).unwrap_or("")))
    }

    /// Rewrites `range` (after every range so far) as `with`.
    fn replace(&mut self, range: Range<usize>, with: impl IntoIterator<Item = char>) {
        debug_assert!(self.list.last().is_none_or(|(r, _)| r.end <= range.start));
        let start = self.with.len();
        self.with.extend(with);
        self.list.push((range, start..self.with.len()));
    }

    /// Adds the rewrites of `other`, found in the same text and disjoint from these.
    fn merge(&mut self, other: Edits) {
        if other.is_empty() {
            return;
        }
        let offset = self.with.len();
        self.with.push_str(&other.with);
        let moved = other.list.into_iter();
        self.list
            .extend(moved.map(|(r, w)| (r, w.start + offset..w.end + offset)));
        self.list.sort_unstable_by_key(|(r, _)| r.start);
    }

    /// The character of the rewritten text that ends at byte `pos` of `text`, and the byte of
    /// `text` where it starts. For [`char_folds`]: every rewrite so far ends at or before `pos`
    /// and replaces one or two characters by exactly one.
    fn char_before(&self, text: &str, pos: usize) -> Option<(char, usize)> {
        let last = self.list.iter().rev().find(|(r, _)| r.end <= pos);
        if let Some((r, with)) = last
            && r.end == pos
        {
            let c = self.with.get(with.clone())?.chars().next()?;
            return Some((c, r.start));
        }
        let c = text.get(..pos)?.chars().next_back()?;
        Some((c, pos - c.len_utf8()))
    }

    /// The character of the rewritten text that starts at byte `pos` of `text`, and the byte of
    /// `text` after it. For [`char_folds`]: no rewrite covers `pos` without starting there, and
    /// each is exactly one character.
    fn char_at(&self, text: &str, pos: usize) -> Option<(char, usize)> {
        let k = self.list.partition_point(|(r, _)| r.start < pos);
        if let Some((r, with)) = self.list.get(k)
            && r.start == pos
        {
            let c = self.with.get(with.clone())?.chars().next()?;
            return Some((c, r.end));
        }
        let c = text.get(pos..)?.chars().next()?;
        Some((c, pos + c.len_utf8()))
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// The character rules, as two passes that `View::ocr_folded` applies as one (they never touch
/// the same bytes, and the second reads the first's output through [`Edits::char_at`]):
///
/// 1. `[?` for `Đ` inside a capital code (`VPUBN[?-KGVX`); `¢`, `€`, `&` for `ê`/`ế` inside
///    words (`S¢`, `ti€u`, `K&`, `1&`, `¢6`). "Before" means the text as rewritten so far
///    (`a¢¢` → `aee`), "after" the text as it was.
/// 2. `605/ BTTTT`: a space OCR put after the slash of a document number.
pub(crate) fn char_folds(text: &str) -> Edits {
    let mut edits = Edits::default();
    // The triggers by their first byte (`¢` is C2 A2, `€` E2 82 AC), found by memchr (they are
    // rare), in text order; the few lead bytes that match are checked next.
    let bytes = text.as_bytes();
    let mut leads: Vec<usize> = memchr::memchr3_iter(b'[', b'&', 0xC2, bytes)
        .chain(memchr::memchr_iter(0xE2, bytes))
        .collect();
    leads.sort_unstable();
    let triggers = leads.into_iter().filter_map(|i| {
        let c = text.get(i..)?.chars().next()?;
        let found = text.get(i..i + c.len_utf8())?;
        matches!(c, '[' | '¢' | '€' | '&').then_some((i, found))
    });
    for (i, found) in triggers {
        let after = text.get(i + found.len()..).unwrap_or("");
        let mut next = after.chars();
        let (next, next2) = (next.next(), next.next());
        let prev = edits.char_before(text, i);
        let prev_c = prev.map(|(c, _)| c);
        if found == "[" {
            if next == Some('?')
                && prev_c.is_some_and(|p| p.is_ascii_uppercase())
                && next2.is_none_or(|n| n == '-' || n == '/' || n.is_ascii_uppercase())
            {
                edits.replace(i..i + 2, ['D']);
            }
            continue;
        }
        let after_letter = prev_c.is_some_and(char::is_alphabetic);
        // `1&` (lệ): a lone `1` opening a word.
        let after_word_one = prev.is_some_and(|(p, at)| {
            p == '1' && edits.char_before(text, at).is_none_or(|(c, _)| !is_word(c))
        });
        // `¢6` (có): a sign opening a word glued to what follows.
        let opens_word =
            !prev_c.is_some_and(is_word) && found == "¢" && next.is_some_and(char::is_alphanumeric);
        if after_letter || after_word_one || opens_word {
            edits.replace(i..i + found.len(), ['e']);
        }
    }
    // Pass 2 on the output of pass 1: the digit, slash and space are never rewritten by it, the
    // two capitals after the space may be (`5/ X[?-` → `5/ XD-`).
    let upper_at = |pos| {
        edits
            .char_at(text, pos)
            .filter(|(c, _)| c.is_ascii_uppercase())
            .map(|(_, after)| after)
    };
    let mut spaces = Edits::default();
    for (i, _) in text.match_indices('/') {
        let space = bytes.get(i + 1) == Some(&b' ');
        let digit = space
            && i.checked_sub(1)
                .and_then(|j| bytes.get(j))
                .is_some_and(u8::is_ascii_digit);
        if digit && upper_at(i + 2).and_then(upper_at).is_some() {
            spaces.replace(i + 1..i + 2, std::iter::empty());
        }
    }
    edits.merge(spaces);
    edits
}

/// The [`WORDS`] rule for `core` (compared ASCII-case-insensitively): its packed lowercase bytes
/// against the packed list, where comparing strings one by one cost more than the rest of the
/// token rules.
fn word_rule(core: &[u8]) -> Option<&'static (&'static str, &'static str, When)> {
    // Most cores have no variant of their first byte and length: no packing for them.
    let bytes = core;
    let shapes = WORD_SHAPES.get(usize::from(*bytes.first()?)).copied()?;
    if bytes.len() >= 16 || shapes & (1 << bytes.len()) == 0 {
        return None;
    }
    let key = pack_lowercase(core)?;
    let k = PACKED_WORDS.iter().position(|&w| w == key)?;
    WORDS.get(k)
}

/// [`WORDS`]' variants packed by [`pack_lowercase`], in the same order (built at compile time;
/// `u64::MAX`, which no word packs to, for a variant too long to pack).
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an index out of range fails the build
static PACKED_WORDS: [u64; WORDS.len()] = {
    let mut packed = [u64::MAX; WORDS.len()];
    let mut i = 0;
    while i < WORDS.len() {
        if let Some(key) = pack_lowercase(WORDS[i].0.as_bytes()) {
            packed[i] = key;
        }
        i += 1;
    }
    packed
};

/// For each byte, the lengths of the [`WORDS`] variants that start with it in either case (bit
/// `n` for `n` bytes; variants of 16 bytes or more, which never pack, left out). Built at compile
/// time.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an index out of range fails the build
static WORD_SHAPES: [u16; 256] = {
    let mut shapes = [0u16; 256];
    let mut i = 0;
    while i < WORDS.len() {
        let word = WORDS[i].0.as_bytes();
        if !word.is_empty() && word.len() < 16 {
            shapes[word[0].to_ascii_lowercase() as usize] |= 1 << word.len();
            shapes[word[0].to_ascii_uppercase() as usize] |= 1 << word.len();
        }
        i += 1;
    }
    shapes
};

/// `word` (up to 8 bytes) ASCII-lowercased into a `u64`, zero-padded; `None` when longer. Two
/// words pack alike only if they are equal up to ASCII case. (A `const fn`: [`PACKED_WORDS`] is
/// built from it at compile time.)
const fn pack_lowercase(word: &[u8]) -> Option<u64> {
    if word.len() > 8 {
        return None;
    }
    let mut buf = [0u8; 8];
    let mut k = 0;
    while k < word.len() {
        #[allow(clippy::indexing_slicing)] // k < word.len() <= 8
        {
            buf[k] = word[k].to_ascii_lowercase();
        }
        k += 1;
    }
    Some(u64::from_le_bytes(buf))
}

/// The letters a digit run may hold in place of digits: `l` and `I` for `1`, `O` for `0`.
const DIGIT_LETTERS: [u8; 3] = *b"lIO";

/// What `lệ` becomes after `ty` (tỷ lệ), lowercase.
const LE_VARIANTS: [&str; 5] = ["18", "1e", "le", "ie", "i8"];

/// For the first byte of a token, which rules of [`token_folds`] may apply to it: `u16::MAX`
/// where any may (punctuation and non-ASCII bytes: the core may start further on), else (an ASCII
/// letter or digit, where the core starts) the lengths of the cores that [`WORDS`] or
/// [`LE_VARIANTS`] hold with that first byte in either case, bit `n` for `n` bytes, and bit 0 for
/// the digits and digit letters, which may start digit runs, `1a` and the lone `6` (so never
/// `u16::MAX`: no word has 15 lengths). Built at compile time.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an index out of range fails the build
static TOKEN_SHAPES: [u16; 256] = {
    let mut shapes = WORD_SHAPES;
    let mut i = 0;
    while i < LE_VARIANTS.len() {
        let word = LE_VARIANTS[i].as_bytes();
        shapes[word[0].to_ascii_lowercase() as usize] |= 1 << word.len();
        shapes[word[0].to_ascii_uppercase() as usize] |= 1 << word.len();
        i += 1;
    }
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let is_digit_letter =
            byte == DIGIT_LETTERS[0] || byte == DIGIT_LETTERS[1] || byte == DIGIT_LETTERS[2];
        if !byte.is_ascii_alphanumeric() {
            shapes[b] = u16::MAX;
        } else if byte.is_ascii_digit() || is_digit_letter {
            shapes[b] |= 1;
        }
        b += 1;
    }
    shapes
};

/// For the first byte of a token that [`TOKEN_SHAPES`] gives lengths for, the second bytes (`[0]`)
/// and the third bytes (`[1]`) of the [`WORDS`] and [`LE_VARIANTS`] that start with it in either
/// case, as bit `(b | 0x20) % 64` for byte `b` (two bytes that are equal up to ASCII case set the
/// same bit). Built at compile time.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an index out of range fails the build
static TOKEN_FOLLOWERS: [[u64; 2]; 256] = {
    let mut followers = [[0u64; 2]; 256];
    let mut i = 0;
    while i < WORDS.len() + LE_VARIANTS.len() {
        let word = if i < WORDS.len() {
            WORDS[i].0.as_bytes()
        } else {
            LE_VARIANTS[i - WORDS.len()].as_bytes()
        };
        let mut k = 1;
        while k < word.len() && k <= 2 {
            let bit = 1 << ((word[k] | 0x20) % 64);
            followers[word[0].to_ascii_lowercase() as usize][k - 1] |= bit;
            followers[word[0].to_ascii_uppercase() as usize][k - 1] |= bit;
            k += 1;
        }
        i += 1;
    }
    followers
};

/// Whether a rule of [`token_folds`] may apply to the token that starts at `start`, from its first
/// three bytes: its first byte has [`TOKEN_SHAPES`] and [`may_fold_prefix`] holds. Computed
/// without a branch on the outcome (token starts are sorted by it a block at a time).
#[inline]
fn may_open_rule(bytes: &[u8], start: usize) -> bool {
    let first = bytes.get(start).copied().unwrap_or(b' ');
    let shapes = TOKEN_SHAPES.get(usize::from(first)).copied().unwrap_or(0);
    let followers = TOKEN_FOLLOWERS
        .get(usize::from(first))
        .copied()
        .unwrap_or([u64::MAX; 2]);
    // `may_fold_prefix` with `&` and `|` for `&&` and `||`: each next byte passes when it is no
    // ASCII letter or digit (the core may end there), else when a rule's core has it there.
    let [second, third] = [start + 1, start + 2].map(|i| bytes.get(i).copied().unwrap_or(b' '));
    let allowed = |b: u8, set: u64| set & (1 << ((b | 0x20) % 64)) != 0;
    let [a, b] = [second, third].map(|b| b.is_ascii_alphanumeric());
    let [fa, fb] = followers;
    let prefix = !a | (allowed(second, fa) & (!b | allowed(third, fb)));
    (shapes != 0) & ((shapes & 1 != 0) | (shapes == u16::MAX) | prefix)
}

/// The second test of [`token_folds`], before the token's end is sought: false for a token that
/// opens with an ASCII letter other than a digit letter (`shapes` has no bit 0 and is not
/// `u16::MAX`) and then ASCII letters or digits (`next`: the two bytes after the first) that no
/// rule's core has there. Such a token's core starts with these bytes, so only the [`WORDS`] and
/// [`LE_VARIANTS`] that start with them, up to ASCII case, may apply ([`TOKEN_FOLLOWERS`]).
/// The reference of [`may_open_rule`] in tests.
#[cfg(test)]
fn may_fold_prefix(first: u8, shapes: u16, next: [Option<u8>; 2]) -> bool {
    if shapes & 1 != 0 || shapes == u16::MAX {
        return true;
    }
    let followers = TOKEN_FOLLOWERS
        .get(usize::from(first))
        .copied()
        .unwrap_or([u64::MAX; 2]);
    for (b, allowed) in next.into_iter().zip(followers) {
        let Some(b) = b.filter(u8::is_ascii_alphanumeric) else {
            return true;
        };
        if allowed & (1 << ((b | 0x20) % 64)) == 0 {
            return false;
        }
    }
    true
}

/// Whether some rule of [`fold_token`] may apply to `token`, whose first byte has the nonzero
/// [`TOKEN_SHAPES`] entry `shapes`: the cheap test that skips the many plain words and numbers. A
/// token that opens with an ASCII letter or digit is its own core up to its trailing ASCII
/// punctuation. A digit run needs a digit letter and two digits, `1a` a `1` then a lowercase
/// letter, the lone `6` the whole token; short of these, only the `ty 18` variants
/// ([`LE_VARIANTS`], whatever the token before) and the [`WORDS`] may apply. A token of ASCII
/// punctuation alone has no core, so no rule.
fn may_fold(shapes: u16, token: &[u8]) -> bool {
    if shapes == u16::MAX {
        // Punctuation or a non-ASCII byte first: a core only if some byte may be part of one.
        return token
            .iter()
            .any(|b| !b.is_ascii() || b.is_ascii_alphanumeric());
    }
    if shapes & 1 != 0 {
        // A digit run's core holds only digits, digit letters and separators: after a digit, the
        // first other byte is a digit letter (or the core is no run); after a digit letter, the
        // second byte is one of them (a run has two digits).
        let is_run_byte = |b: &u8| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'/');
        let (first, rest) = token.split_first().unwrap_or((&b' ', &[]));
        let digit_rules = if first.is_ascii_digit() {
            *first == b'1' && rest.first().is_some_and(u8::is_ascii_lowercase)
                || token == b"6"
                || rest
                    .iter()
                    .find(|b| !is_run_byte(b))
                    .is_some_and(|b| DIGIT_LETTERS.contains(b))
        } else {
            rest.first()
                .is_some_and(|b| is_run_byte(b) || DIGIT_LETTERS.contains(b))
        };
        if digit_rules {
            return true;
        }
    }
    // The core ends at the last ASCII letter or digit, unless a non-ASCII byte comes first
    // from the end (then `fold_token` trims it by characters).
    let Some(end) = token
        .iter()
        .rposition(|b| !b.is_ascii() || b.is_ascii_alphanumeric())
    else {
        return true;
    };
    let core = token.get(..=end).unwrap_or_default();
    if !core.last().is_some_and(u8::is_ascii) {
        return true;
    }
    if core.len() >= 16 || shapes & (1 << core.len()) == 0 {
        return false;
    }
    let (Some(&first), Some(&second)) = (core.first(), core.get(1)) else {
        return word_rule(core).is_some();
    };
    let seconds = TOKEN_FOLLOWERS
        .get(usize::from(first))
        .map_or(u64::MAX, |f| f[0]);
    if seconds & (1 << ((second | 0x20) % 64)) == 0 {
        return false;
    }
    core.len() == 2
        && LE_VARIANTS
            .iter()
            .any(|w| w.as_bytes().eq_ignore_ascii_case(core))
        || word_rule(core).is_some()
}

/// Pass 3. Token-level folds: digit runs, `1a` (là), `ty 18` (tỷ lệ), keyword variants, a lone
/// `6` for `số` before a document number. A token is a maximal run of non-space characters; every
/// rule reads the text as passes 1 and 2 left it (a rewrite never feeds the next token's rule).
pub(crate) fn token_folds(text: &str) -> Edits {
    let mut edits = Edits::default();
    let bytes = text.as_bytes();
    // A block's token starts are first sorted without a branch on each: the few whose first three
    // bytes may open a rule ([`may_open_rule`]; about one token in six of OCR'd text) are listed,
    // and only those are looked at closely (a branch per token mispredicted on a third of them).
    let mut listed = [0u8; 64];
    crate::swar::for_each_block_of_run_starts(
        bytes,
        |word| crate::swar::not_equal(word, b' '),
        |b| b != b' ',
        |base, mut starts| {
            let mut n = 0;
            while starts != 0 {
                let k = starts.trailing_zeros();
                starts &= starts - 1;
                if let Some(slot) = listed.get_mut(n) {
                    *slot = k as u8;
                }
                n += usize::from(may_open_rule(bytes, base + k as usize));
            }
            for &k in listed.get(..n).unwrap_or_default() {
                let start = base + usize::from(k);
                let first = bytes.get(start).copied().unwrap_or(b' ');
                let shapes = TOKEN_SHAPES.get(usize::from(first)).copied().unwrap_or(0);
                let token = start..next_space(bytes, start + 1);
                if may_fold(shapes, bytes.get(token.clone()).unwrap_or_default()) {
                    fold_token(text, token, &mut edits);
                }
            }
        },
    );
    edits
}

/// Calls `each` with the first byte of every token of `text` ([`tokens`]), in order: what
/// [`token_folds`] visits a block at a time (its reference in tests).
#[cfg(test)]
fn for_each_token_start(bytes: &[u8], each: impl FnMut(usize)) {
    crate::swar::for_each_run_start(
        bytes,
        |word| crate::swar::not_equal(word, b' '),
        |b| b != b' ',
        each,
    );
}

/// The token before the one that starts at `start` (`0..0` if none): the last run of non-space
/// bytes before it, as [`token_folds`] would have found it.
fn token_before(bytes: &[u8], start: usize) -> Range<usize> {
    let before = bytes.get(..start).unwrap_or_default();
    let end = before.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
    let begin = before
        .get(..end)
        .unwrap_or_default()
        .iter()
        .rposition(|&b| b == b' ')
        .map_or(0, |i| i + 1);
    begin..end
}

/// The byte ranges of the tokens of `text`: non-empty runs of non-space characters.
#[cfg(test)]
fn tokens(text: &str) -> impl Iterator<Item = Range<usize>> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while bytes.get(pos) == Some(&b' ') {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        pos = next_space(bytes, start + 1);
        Some(start..pos)
    })
}

/// The position of the first space of `bytes` at or after `from` (or the length), tested eight
/// bytes at a time ([`crate::swar`]).
fn next_space(bytes: &[u8], mut from: usize) -> usize {
    while let Some(word) = crate::swar::load(bytes, from) {
        let spaces = crate::swar::equal(word, b' ');
        if spaces != 0 {
            return from + spaces.trailing_zeros() as usize;
        }
        from += 8;
    }
    let rest = bytes.get(from..).unwrap_or_default();
    rest.iter()
        .position(|&b| b == b' ')
        .map_or(bytes.len(), |p| from + p)
}

/// A token without its leading and trailing punctuation (anything not alphanumeric).
fn core_of(token: &str) -> &str {
    token.trim_matches(|c: char| !is_word(c))
}

/// How many bytes of punctuation open `token`, and its core ([`core_of`]). ASCII punctuation is
/// trimmed byte by byte (for ASCII, [`is_word`] is `is_ascii_alphanumeric`); a core that would
/// start or end with a non-ASCII byte, or be empty, is found by characters.
fn lead_and_core(token: &str) -> (usize, &str) {
    let bytes = token.as_bytes();
    let stop = |b: &u8| !b.is_ascii() || b.is_ascii_alphanumeric();
    let lead = bytes.iter().position(stop).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(stop).map_or(0, |e| e + 1);
    let ascii = |at: usize| bytes.get(at).is_some_and(u8::is_ascii);
    if lead < end
        && ascii(lead)
        && ascii(end - 1)
        && let Some(core) = token.get(lead..end)
    {
        return (lead, core);
    }
    let lead = token.len() - token.trim_start_matches(|c: char| !is_word(c)).len();
    (lead, core_of(token.get(lead..).unwrap_or("")))
}

/// The rules of [`token_folds`] for the token at `at` ([`token_before`] finds the one before it), in order:
/// the first that applies wins. Each starts with a cheap test on the core's length or bytes.
fn fold_token(text: &str, at: Range<usize>, edits: &mut Edits) {
    let token = text.get(at.clone()).unwrap_or("");
    let (lead, core) = lead_and_core(token);
    if core.is_empty() {
        return;
    }
    let range = at.start + lead..at.start + lead + core.len();
    // The next token, only read by the rules that need it.
    let next = || {
        let rest = text.get(at.end..).unwrap_or("");
        rest.trim_start_matches(' ').split(' ').next().unwrap_or("")
    };
    if is_digit_run(core) {
        let digits = core.chars().map(|c| match c {
            'l' | 'I' => '1',
            'O' => '0',
            c => c,
        });
        edits.replace(range, digits);
        return;
    }
    // `ty 18` (tỷ lệ): `lệ` read as `18`, `1e`, `ie`, `i8` (or with a capital).
    if core.len() == 2
        && LE_VARIANTS.iter().any(|w| core.eq_ignore_ascii_case(w))
        && core_of(
            text.get(token_before(text.as_bytes(), at.start))
                .unwrap_or(""),
        )
        .eq_ignore_ascii_case("ty")
    {
        edits.replace(range, "le".chars());
        return;
    }
    // `1a`, `1ap` (là, lập): `l` read as `1` before lowercase letters.
    if let Some(rest) = core.strip_prefix('1')
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_lowercase())
    {
        edits.replace(range.start..range.start + 1, ['l']);
        return;
    }
    // The core may end with `:` (`S6: 31/SKHCN`), which counts as "before a number".
    let before_number = || {
        let tail = token.get(lead + core.len()..).unwrap_or("");
        next().starts_with(|c: char| c.is_ascii_digit()) && tail.bytes().all(|b| b == b':')
    };
    if let Some(&(_, to, when)) = word_rule(core.as_bytes())
        && (when == When::Always || before_number())
    {
        if !core.eq_ignore_ascii_case(to) {
            edits.replace(range, keep_case(core, to));
        }
        return;
    }
    // `hành động 6 32-CTr-TU`: a lone `6` (số) before a document number.
    if token == "6" && looks_like_doc_number(next()) {
        edits.replace(range, "so".chars());
    }
}

/// `l.148` → `1.148`, `3O/9/2025` → `30/9/2025`: a run of digits and separators in which OCR read
/// `1` as `l`/`I` and `0` as `O`. Needs two real digits, so `I1.` (a heading) and `IOC` stay.
fn is_digit_run(core: &str) -> bool {
    let bytes = core.as_bytes();
    // One pass that counts the digits and digit letters and stops at the first other byte (the
    // first byte of almost every word).
    let (mut digits, mut letters) = (0usize, 0usize);
    for b in bytes {
        if b.is_ascii_digit() {
            digits += 1;
        } else if DIGIT_LETTERS.contains(b) {
            letters += 1;
        } else if !matches!(b, b'.' | b',' | b'/') {
            return false;
        }
    }
    (2..).contains(&digits) && (1..=2).contains(&letters) && letters_touch_digits(bytes)
}

/// Whether each digit letter of `bytes` touches a digit, or a separator next to a digit.
fn letters_touch_digits(bytes: &[u8]) -> bool {
    let at = |j: Option<usize>| j.and_then(|j| bytes.get(j)).copied();
    let d = |j: Option<usize>| at(j).is_some_and(|c| c.is_ascii_digit());
    let sep = |j: Option<usize>| at(j).is_some_and(|c| matches!(c, b'.' | b',' | b'/'));
    bytes.iter().enumerate().all(|(k, c)| {
        !DIGIT_LETTERS.contains(c)
            || d(k.checked_sub(1))
            || d(Some(k + 1))
            || sep(Some(k + 1)) && d(Some(k + 2))
            || sep(k.checked_sub(1)) && d(k.checked_sub(2))
    })
}

/// `32-CTr-TU`, `03/NQ-CP`, `15/2025/NQ-HDND`: a number then a separator then a capital letter.
fn looks_like_doc_number(token: &str) -> bool {
    let bytes = token.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    (1..=5).contains(&digits)
        && matches!(bytes.get(digits), Some(b'-' | b'/'))
        && bytes
            .iter()
            .skip(digits + 1)
            .find(|b| !b.is_ascii_digit() && **b != b'/')
            .is_some_and(u8::is_ascii_uppercase)
}

/// `to` with the case pattern of `like` (`S6` → `So`, `NIM` → `NAM`); both are ASCII.
fn keep_case<'a>(like: &str, to: &'a str) -> impl Iterator<Item = char> + 'a {
    let mut letters = like.chars().filter(|c| c.is_alphabetic());
    let upper_first = like.chars().next().is_some_and(char::is_uppercase);
    let all_upper = letters.clone().count() > 1 && letters.all(char::is_uppercase);
    to.chars().enumerate().map(move |(k, c)| {
        if all_upper || upper_first && k == 0 {
            c.to_ascii_uppercase()
        } else {
            c
        }
    })
}

#[cfg(test)]
mod tests {
    use docfacts_types::Span;

    use super::*;

    use crate::{View, ViewOptions};

    fn ocr_view(s: &str) -> View {
        View::with_options(s, ViewOptions::default().with_ocr(true))
    }

    fn run(s: &str) -> String {
        ocr_view(s).text().to_owned()
    }

    macro_rules! t {
        ($name:ident, $input:expr, $expect:expr) => {
            #[test]
            fn $name() {
                assert_eq!(run($input), $expect, "input: {:?}", $input);
            }
        };
    }

    t!(
        so_before_number,
        "Nghi quyet s6 03/NQ-CP",
        "Nghi quyet so 03/NQ-CP"
    );
    t!(
        so_variants,
        "sb 406, sd 12, so6 03, S6: 31/SK",
        "so 406, so 12, so 03, So: 31/SK"
    );
    t!(
        s_alone_before_number,
        "Nghi quyet s 03/NQ-CP",
        "Nghi quyet so 03/NQ-CP"
    );
    t!(se_not_before_number_stays, "se hoan thanh", "se hoan thanh");
    t!(t6_stays, "t6 chuc, x4 hoi, B9", "t6 chuc, x4 hoi, B9");
    t!(
        year_words,
        "den nim 2025, ndm 2030, niam 2050",
        "den nam 2025, nam 2030, nam 2050"
    );
    t!(nim_without_number_stays, "nim", "nim");
    t!(
        digit_runs,
        "l.148 ho so, ngay 3O/9/2025",
        "1.148 ho so, ngay 30/9/2025"
    );
    t!(
        heading_and_names_stay,
        "I1. Ket qua, I0C, IPv6, Iy do",
        "I1. Ket qua, I0C, IPv6, Iy do"
    );
    t!(la_read_as_1a, "1a co quan, 1ap", "la co quan, lap");
    t!(
        ty_le,
        "ty 18 99,77%; Ty 1& giai; Ty 1€ ho; ty I¢",
        "ty le 99,77%; Ty le giai; Ty le ho; ty le"
    );
    t!(ty_then_number_not_le, "2 ty 180 trieu", "2 ty 180 trieu");
    t!(
        cent_signs,
        "S¢ Khoa, ti€u, K& hoach, ¢6 khai",
        "Se Khoa, tieu, Ke hoach, e6 khai"
    );
    t!(ampersand_alone_stays, "R & D", "R & D");
    t!(garbled_d, "1192/VPUBN[?-KGVX", "1192/VPUBND-KGVX");
    t!(bracket_elsewhere_stays, "a [?] b", "a [?] b");
    t!(slash_space, "605/ BTTTT-CDSQG", "605/BTTTT-CDSQG");
    t!(slash_space_not_ratio, "25/ 30 ho", "25/ 30 ho");
    t!(
        lone_six_before_id,
        "hanh dong 6 32-CTr-TU",
        "hanh dong so 32-CTr-TU"
    );
    t!(lone_six_before_figure_stays, "dat 6 32 ho", "dat 6 32 ho");
    t!(dang, "cua Pang bo", "cua Dang bo");
    t!(signs_read_the_rewritten_text, "a¢¢ b¢1&", "aee be1&");
    t!(slash_space_before_garbled_d, "605/ X[?-CP", "605/XD-CP");

    #[test]
    fn replaced_word_maps_to_whole_source_word() {
        let v = ocr_view("niam 2050");
        assert_eq!(v.text(), "nam 2050");
        assert_eq!(v.source_span(0, 1), Span::new(0, 4));
        assert_eq!(v.source_span(2, 3), Span::new(0, 4));
        assert_eq!(v.source_span(4, 5), Span::new(5, 6));
    }

    #[test]
    fn same_length_rewrite_keeps_each_byte_map() {
        let v = ocr_view("ngay 3O/9");
        assert_eq!(v.text(), "ngay 30/9");
        assert_eq!(v.source_span(6, 7), Span::new(6, 7));
    }

    /// The view as the reference implementation folds it: text, and each byte's source range.
    fn reference(view: &View) -> (String, Vec<Span>) {
        let chars: Vec<reference::Ch> = view
            .text()
            .char_indices()
            .map(|(i, c)| {
                let span = view.source_span(i, i + 1);
                reference::Ch {
                    c,
                    s: span.start as u32,
                    e: span.end as u32,
                }
            })
            .collect();
        let folded = reference::fold(chars);
        let text = folded.iter().map(|c| c.c).collect();
        let map = folded
            .iter()
            .flat_map(|c| {
                std::iter::repeat_n(Span::new(c.s as usize, c.e as usize), c.c.len_utf8())
            })
            .collect();
        (text, map)
    }

    fn byte_map(view: &View) -> Vec<Span> {
        (0..view.text().len())
            .map(|i| view.source_span(i, i + 1))
            .collect()
    }

    /// Pieces that trigger (or nearly trigger) every rule, glued into random soups.
    const PIECES: &[&str] = &[
        "s6",
        "S6",
        "so6",
        "SB",
        "s",
        "se",
        "nim",
        "NIAM",
        "Ndm",
        "ngdy",
        "nghij",
        "QUYEET",
        "hogch",
        "Pang",
        "ty",
        "Ty",
        "18",
        "1E",
        "le",
        "i8",
        "1a",
        "1ap",
        "1",
        "6",
        "l.148",
        "3O/9/2025",
        "I1",
        "IOC",
        "0l",
        "32-CTr-TU",
        "03/NQ-CP",
        "605/",
        "2025",
        "/",
        ":",
        ",",
        ".",
        "-",
        "[?",
        "[",
        "?",
        "¢",
        "€",
        "&",
        "A",
        "B",
        "VPUBN",
        "BTTTT",
        "a",
        "e",
        "ệ",
        "Đ",
        "ti",
        "K",
        "(",
        ")",
        "\n",
        "\u{00A0}",
    ];

    #[test]
    fn word_rules_are_found_in_any_case() {
        for (from, to, _) in WORDS.iter() {
            assert_eq!(word_rule(from.as_bytes()).map(|r| r.1), Some(*to), "{from}");
            let upper = from.to_ascii_uppercase();
            assert_eq!(
                word_rule(upper.as_bytes()).map(|r| r.1),
                Some(*to),
                "{from}"
            );
        }
        for other in [
            "", "so", "nam", "s66", "ngdyy", "quyeetx", "séo", "\u{212A}",
        ] {
            assert!(word_rule(other.as_bytes()).is_none(), "{other}");
        }
    }

    /// The test of [`token_folds`] for one token: its first byte's shapes, then [`may_fold`].
    fn may_fold_token(token: &[u8]) -> bool {
        let Some(&first) = token.first() else {
            return false;
        };
        let shapes = TOKEN_SHAPES.get(usize::from(first)).copied().unwrap_or(0);
        shapes != 0
            && may_fold_prefix(
                first,
                shapes,
                [token.get(1).copied(), token.get(2).copied()],
            )
            && may_fold(shapes, token)
    }

    #[test]
    fn may_open_rule_is_the_shape_and_prefix_tests() {
        // Every first byte, then every ASCII byte, a lead byte and a continuation byte, or the
        // end of the text, in the next two places.
        let next: Vec<Option<u8>> = (0..0x80)
            .chain([0xC3, 0xA9, 0xE2])
            .map(Some)
            .chain([None])
            .collect();
        for first in 0..=255u8 {
            let shapes = TOKEN_SHAPES.get(usize::from(first)).copied().unwrap_or(0);
            for &second in &next {
                for &third in &next {
                    let mut token = vec![first];
                    token.extend(second);
                    if second.is_some() {
                        token.extend(third);
                    }
                    let got = [token.get(1).copied(), token.get(2).copied()];
                    let expect = shapes != 0 && may_fold_prefix(first, shapes, got);
                    assert_eq!(may_open_rule(&token, 0), expect, "{token:?}");
                }
            }
        }
    }

    #[test]
    fn every_rule_word_may_fold() {
        let words = WORDS.iter().map(|&(from, _, _)| from).chain(LE_VARIANTS);
        for word in words {
            for token in [
                word.to_owned(),
                word.to_ascii_uppercase(),
                format!("{word}:,"),
            ] {
                assert!(may_fold_token(token.as_bytes()), "{token}");
            }
        }
        for token in [
            "(s6", "6", "1a", "l.148", "3O/9", "“nim", "nim”", "O12", "18,", "1ap", "I1.",
        ] {
            assert!(may_fold_token(token.as_bytes()), "{token}");
        }
        for token in [
            "",
            "nam",
            "ngay,",
            "so",
            "hoach",
            "khoa",
            "nhan",
            "phat",
            "sau",
            "2025,",
            "09/01/2025",
            "lam",
            "Ong",
        ] {
            assert!(!may_fold_token(token.as_bytes()), "{token}");
        }
    }

    /// [`is_digit_run`] as first written: a pass to check the bytes, one to count the digits, one
    /// to count the digit letters.
    fn is_digit_run_reference(core: &str) -> bool {
        let bytes = core.as_bytes();
        if !bytes.iter().all(|b| {
            b.is_ascii_digit() || DIGIT_LETTERS.contains(b) || matches!(b, b'.' | b',' | b'/')
        }) {
            return false;
        }
        let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
        let letters = bytes.iter().filter(|b| DIGIT_LETTERS.contains(b)).count();
        if digits < 2 || letters == 0 || letters > 2 {
            return false;
        }
        letters_touch_digits(bytes)
    }

    /// [`lead_and_core`] as first written: trimmed by characters unless both ends are ASCII
    /// letters or digits.
    fn lead_and_core_reference(token: &str) -> (usize, &str) {
        let bytes = token.as_bytes();
        let edge = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
        if edge(bytes.first()) && edge(bytes.last()) {
            return (0, token);
        }
        let lead = token.len() - token.trim_start_matches(|c: char| !is_word(c)).len();
        (lead, core_of(token.get(lead..).unwrap_or("")))
    }

    /// Whether [`fold_token`] rewrites the token at `at` of `text`.
    fn folds(text: &str, at: Range<usize>) -> bool {
        let mut edits = Edits::default();
        fold_token(text, at, &mut edits);
        !edits.is_empty()
    }

    proptest::proptest! {
        /// The one-pass digit-run test answers as the three-pass one, on runs mostly made of
        /// digits, digit letters and separators.
        #[test]
        fn digit_run_test_equals_the_reference(core in "[0-9lIO.,/]{0,9}[0-9lIO.,/aé]?[0-9lIO]{0,3}") {
            proptest::prop_assert_eq!(is_digit_run(&core), is_digit_run_reference(&core), "{:?}", core);
        }

        /// The bytewise trim finds the same lead and core as the trim by characters.
        #[test]
        fn lead_and_core_equals_the_reference(token in "[a-zA-Z0-9.,:;()\"'/é¢“”\u{00A0}\u{2014}-]{0,8}") {
            proptest::prop_assert_eq!(lead_and_core(&token), lead_and_core_reference(&token), "{:?}", token);
        }

        /// A token that [`may_fold`] skips is one [`fold_token`] leaves alone, after any token.
        #[test]
        fn skipped_tokens_are_not_folded(
            prev in proptest::sample::select(&["ty", "Ty", "(ty,", "x"][..]),
            token in "\\(?(s6|SO6|sb|s|nim|NDM|ngdy|Nghij|quyeet|hogch|Pang|18|1E|ie|I8|Le|[a-zA-Z0-9lIO.,:;()/é¢-]{1,7})[:,.]?",
            next in proptest::sample::select(&["", "03/NQ-CP", "2025", "x"][..]),
        ) {
            let text = format!("{prev} {token} {next}");
            let at = prev.len() + 1..prev.len() + 1 + token.len();
            if !may_fold_token(token.as_bytes()) {
                proptest::prop_assert!(!folds(&text, at), "{:?}", text);
            }
        }

        /// Tokens are what splitting on spaces gives, without the empty pieces.
        #[test]
        fn tokens_are_the_split_pieces(text in "[a-z é ]{0,300}") {
            let found: Vec<&str> = tokens(&text).map(|r| &text[r]).collect();
            let split: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
            proptest::prop_assert_eq!(&found, &split);
            let mut each = Vec::new();
            let mut befores = Vec::new();
            for_each_token_start(text.as_bytes(), |start| {
                each.push(&text[start..next_space(text.as_bytes(), start + 1)]);
                befores.push(&text[token_before(text.as_bytes(), start)]);
            });
            let expect_befores: Vec<&str> = std::iter::once("").chain(split.iter().copied()).take(split.len()).collect();
            proptest::prop_assert_eq!(each, split);
            proptest::prop_assert_eq!(befores, expect_befores);
        }


        #[test]
        fn same_view_as_reference(
            soup in proptest::collection::vec(
                (proptest::sample::select(PIECES), proptest::sample::select(&["", "", " ", "  "][..])),
                0..40,
            )
        ) {
            let text: String = soup.iter().flat_map(|(p, sep)| [*p, *sep]).collect();
            let base = View::new(&text);
            let (expect_text, expect_map) = reference(&base);
            let folded = base.ocr_folded();
            proptest::prop_assert_eq!(folded.text(), expect_text.as_str(), "soup: {:?}", text);
            proptest::prop_assert_eq!(byte_map(&folded), expect_map, "soup: {:?}", text);
        }
    }
}

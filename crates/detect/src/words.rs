//! Function-word evidence, counted on the accent-folded view (so it survives lost diacritics).

use docfacts_normalize::{CharClasses, swar};

/// Hits of each language's function words.
pub(crate) struct WordCounts {
    pub(crate) vi: usize,
    pub(crate) en: usize,
}

/// Frequent Vietnamese syllables, without diacritics (the Vietnamese pack's function words).
const VI: &[&str] = docfacts_lang::vi::PACK.function_words;

/// Frequent English function words (the English pack's).
const EN: &[&str] = docfacts_lang::en::PACK.function_words;

/// Counts the function words among the words of `folded` (maximal runs of alphanumeric
/// characters) that are all ASCII.
///
/// One pass over bit masks of the ASCII letters and digits, 64 bytes at a time: each run start
/// gives a candidate word, whose length is read from the masks; a run longer than 8 bytes (no
/// listed word is) is dropped without a lookup; a run is a whole word unless a non-ASCII letter
/// or digit touches it, and only those neighbours are decoded. Each block is read through a
/// window of fixed size, so no read of a word's bytes or neighbours needs a bounds check.
/// Equivalent to looking up every word of [`for_each_ascii_word`] (a test checks it).
pub(crate) fn count(folded: &str) -> WordCounts {
    let table = &FUNCTION_WORDS;
    let classes = CharClasses::get();
    let bytes = folded.as_bytes();
    let mut counts = WordCounts { vi: 0, en: 0 };
    // Whether the byte before the current block is an ASCII letter or digit.
    let mut carry = 0u64;
    // The mask of the current block (from the window of the block before, past the first).
    let mut current = None;
    let mut base = 0;
    while base < bytes.len() {
        let padded;
        let window = match window_at(bytes, base) {
            Some(window) => window,
            None => {
                padded = padded_window(bytes, base);
                &padded
            }
        };
        let mask = current.unwrap_or_else(|| window_mask(window, WINDOW_BEFORE));
        let next = window_mask(window, WINDOW_BEFORE + 64);
        let mut starts = mask & !((mask << 1) | carry);
        // The last byte of each run that ends in the block, in order; a run begun in the block
        // before ends first, and is not this block's.
        let mut ends = mask & !((mask >> 1) | (next << 63));
        if carry & mask & 1 != 0 {
            ends &= ends.wrapping_sub(1);
        }
        carry = mask >> 63;
        // Hits of the block's words: Vietnamese in the low half, English in the high half (a
        // block has at most 32 words).
        let mut hits = 0u64;
        while starts != 0 {
            let k = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            // The run starting at `k` ends at the next end, or, the block's last run, goes on
            // into the next block.
            let len = if ends != 0 {
                let end = ends.trailing_zeros() as usize;
                ends &= ends - 1;
                end + 1 - k
            } else {
                64 - k + (!next).trailing_zeros() as usize
            };
            if len > 8 {
                continue;
            }
            let at = WINDOW_BEFORE + k;
            if (window_byte(window, at - 1) | window_byte(window, at + len)) >= 0x80
                && (wide_word_char_before(folded, base + k, classes)
                    || wide_word_char_at(folded, base + k + len, classes))
            {
                continue;
            }
            hits += table.hits(pack_loaded(window_eight(window, at), len));
        }
        counts.vi += (hits & u64::from(u32::MAX)) as usize;
        counts.en += (hits >> 32) as usize;
        current = Some(next);
        base += 64;
    }
    counts
}

/// Whether the character that ends at byte `i` of `text` is a non-ASCII letter or digit.
#[inline]
fn wide_word_char_before(text: &str, i: usize, classes: &CharClasses) -> bool {
    i.checked_sub(1)
        .and_then(|j| text.as_bytes().get(j))
        .is_some_and(|&b| b >= 0x80)
        && text
            .get(..i)
            .and_then(|head| head.chars().next_back())
            .is_some_and(|c| classes.alphanumeric(c))
}

/// Whether the character that starts at byte `i` of `text` is a non-ASCII letter or digit.
#[inline]
fn wide_word_char_at(text: &str, i: usize, classes: &CharClasses) -> bool {
    text.as_bytes().get(i).is_some_and(|&b| b >= 0x80)
        && text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| classes.alphanumeric(c))
}

/// Bytes of a window before its block.
const WINDOW_BEFORE: usize = 8;
/// Bytes of a window (a power of two: an index masked to it is in bounds; the block after is in
/// it too).
const WINDOW: usize = 256;

/// A window: the bytes of a text around a 64-byte block, [`WINDOW_BEFORE`] bytes before it, the
/// block, and the bytes after it (zeros, ASCII non-word bytes, before the text's start and past
/// its end).
type Window = [u8; WINDOW];

/// The window of the block at `base`, borrowed from `bytes` where they hold all of it.
#[inline]
fn window_at(bytes: &[u8], base: usize) -> Option<&Window> {
    let start = base.checked_sub(WINDOW_BEFORE)?;
    bytes.get(start..)?.first_chunk::<WINDOW>()
}

/// The window of the block at `base`, copied, with zeros where `bytes` do not reach.
#[cold]
fn padded_window(bytes: &[u8], base: usize) -> Window {
    let mut window = [0u8; WINDOW];
    let start = base.saturating_sub(WINDOW_BEFORE);
    let offset = start + WINDOW_BEFORE - base;
    let end = bytes.len().min(start + WINDOW - offset);
    if let (Some(from), Some(to)) = (
        bytes.get(start..end),
        window.get_mut(offset..offset + end.saturating_sub(start)),
    ) {
        to.copy_from_slice(from);
    }
    window
}

/// Byte `i` of a window (`i` below [`WINDOW`]).
#[inline]
fn window_byte(window: &Window, i: usize) -> u8 {
    window.get(i & (WINDOW - 1)).copied().unwrap_or(0)
}

/// The eight bytes of a window from `i` (at most `WINDOW - 8`), as a little-endian word.
#[inline]
fn window_eight(window: &Window, i: usize) -> u64 {
    window
        .get(i..)
        .and_then(|rest| rest.first_chunk::<8>())
        .map_or(0, |eight| u64::from_le_bytes(*eight))
}

/// One bit per byte of the 64 bytes of a window from `from` (at most `WINDOW - 64`): whether it
/// is an ASCII letter or digit.
#[inline]
fn window_mask(window: &Window, from: usize) -> u64 {
    let mut mask = 0u64;
    for k in 0..8 {
        let word = window_eight(window, from + 8 * k);
        mask |= u64::from(alnum_bits(word)) << (8 * k);
    }
    mask
}

/// [`pack`] of the word that is the first `len` (1 to 8) of the eight bytes loaded in `eight`.
#[inline]
fn pack_loaded(eight: u64, len: usize) -> u64 {
    let kept = KEPT.get(len & 15).copied().unwrap_or(0);
    (eight & kept) | SPACES
}

/// The bytes a word of each length keeps of eight loaded bytes (none for lengths over 8).
#[allow(clippy::indexing_slicing)] // Compile-time evaluation: a bad index fails the build.
const KEPT: [u64; 16] = {
    let mut kept = [0u64; 16];
    let mut len = 1;
    while len <= 8 {
        kept[len] = u64::MAX >> (64 - 8 * len);
        len += 1;
    }
    kept
};

/// [`pack`]'s padding (and lowercasing bits): a space in every byte.
const SPACES: u64 = 0x2020_2020_2020_2020;

/// [`PerfectHash`] bits of [`FunctionWords`]: the word is in [`VI`], in [`EN`].
const VI_WORD: u8 = 1;
const EN_WORD: u8 = 2;

/// Slots of the [`FunctionWords`] table (a power of two, about ten times the words it holds).
const SLOTS: usize = 1024;

/// [`VI`] and [`EN`] as a perfect hash table of packed words (see [`PerfectHash`]), narrowed to
/// `u64` keys: a lookup is one multiply, one load and one comparison, without a branch on the
/// outcome (a probe loop mispredicts on the short, frequent words of Vietnamese).
struct FunctionWords {
    /// The multiplier (odd) whose top bits place each word in its own slot.
    multiplier: u64,
    /// Packed word of each slot (0, never a packed word, where there is none).
    keys: [u64; SLOTS],
    /// Its hits as [`count`] adds them up: 1 for [`VI`] in the low half, 1 for [`EN`] in the high
    /// half.
    hits: [u64; SLOTS],
}

/// The table, built while compiling.
#[allow(clippy::panic)] // Compile-time evaluation: no table is a build error.
static FUNCTION_WORDS: FunctionWords =
    match PerfectHash::build(&[(VI, VI_WORD), (EN, EN_WORD)], Packing::Spaces8) {
        Some(table) => FunctionWords::narrowed(&table),
        None => panic!("no multiplier separates the function words"),
    };

impl FunctionWords {
    /// `table`'s keys as `u64`s (a [`Packing::Spaces8`] key fits), and its bits as hits.
    #[allow(clippy::indexing_slicing)] // Compile-time evaluation: a bad index fails the build.
    const fn narrowed(table: &PerfectHash<SLOTS>) -> FunctionWords {
        let mut narrowed = FunctionWords {
            multiplier: table.multiplier,
            keys: [0; SLOTS],
            hits: [0; SLOTS],
        };
        let mut slot = 0;
        while slot < SLOTS {
            let bits = table.bits[slot];
            narrowed.keys[slot] = table.keys[slot] as u64;
            narrowed.hits[slot] = (bits & VI_WORD) as u64 | (((bits & EN_WORD) as u64 >> 1) << 32);
            slot += 1;
        }
        narrowed
    }

    /// The bits of `word` (ASCII letters and digits, any case): [`VI_WORD`], [`EN_WORD`], or 0.
    #[cfg(test)]
    fn lookup(&self, word: &[u8]) -> u8 {
        pack(word).map_or(0, |key| {
            let hits = self.hits(key);
            ((hits & 1) as u8 * VI_WORD) | (((hits >> 32) & 1) as u8 * EN_WORD)
        })
    }

    /// The hits (see [`FunctionWords::hits`]) of a packed word (0 is no word: it matches only
    /// empty slots, whose hits are 0).
    #[inline]
    fn hits(&self, key: u64) -> u64 {
        let slot = slot::<SLOTS>(u128::from(key), self.multiplier);
        let (k, hits) = (
            self.keys.get(slot).copied().unwrap_or(0),
            self.hits.get(slot).copied().unwrap_or(0),
        );
        hits & 0u64.wrapping_sub(u64::from(k == key))
    }
}

/// `word` (at most 8 ASCII letters and digits) lowercased and packed into a `u64`, padded with
/// spaces; `None` for a longer word (no listed word is that long). Setting bit 5 of each byte
/// lowercases a letter and leaves a digit as it is, so two words pack alike only if they are the
/// same word up to case.
#[cfg(test)]
fn pack(word: &[u8]) -> Option<u64> {
    let mut buf = [0u8; 8];
    buf.get_mut(..word.len())?.copy_from_slice(word);
    Some(u64::from_le_bytes(buf) | SPACES)
}

/// Calls `f` on every word of `text` (a maximal run of alphanumeric characters) that is all ASCII,
/// in order: what [`count`] looks up, the straightforward way (its reference in tests).
#[cfg(test)]
fn for_each_ascii_word<'a>(text: &'a str, mut f: impl FnMut(&'a [u8])) {
    let classes = CharClasses::get();
    let bytes = text.as_bytes();
    let alnum = |b: u8| b.is_ascii_alphanumeric();
    swar::for_each_run(bytes, alnum_bits, alnum, |start, end| {
        if !wide_word_char_before(text, start, classes) && !wide_word_char_at(text, end, classes) {
            f(bytes.get(start..end).unwrap_or_default());
        }
    });
}

/// One bit per byte of `word` (eight bytes, little-endian: bit `i` for byte `i`): whether it is an
/// ASCII letter or digit. As [`swar::in_range`] for the letters (bit 5 set: lowercase) and the
/// digits, with one gather of the bits for both.
#[inline]
fn alnum_bits(word: u64) -> u8 {
    let low = word & swar::repeat(0x7F);
    let lower = low | swar::repeat(0x20);
    let letter = lower.wrapping_add(swar::repeat(0x80 - b'a'))
        & !lower.wrapping_add(swar::repeat(0x7F - b'z'));
    let digit =
        low.wrapping_add(swar::repeat(0x80 - b'0')) & !low.wrapping_add(swar::repeat(0x7F - b'9'));
    let high = (letter | digit) & !word & swar::repeat(0x80);
    // Byte i's bit lands on bit 56 + i of the product; no two partial products meet below it.
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// Hits of Persian and Arabic function words.
pub(crate) struct ScriptWordCounts {
    pub(crate) fa: usize,
    pub(crate) ar: usize,
}

/// Frequent Persian function words, in the view's spelling (Persian ی and ک); none is Arabic (the
/// Persian pack's).
const FA: &[&str] = docfacts_lang::fa::PACK.function_words;

/// Frequent Arabic function words, in the view's spelling (Arabic ي ك folded to ی ک).
const AR: &[&str] = &[
    "فی",
    "من",
    "التی",
    "الذی",
    "هذا",
    "هذه",
    "إلى",
    "الى",
    "عن",
    "مع",
    "کان",
    "قد",
    "وقد",
    "أن",
    "إن",
    "ذلک",
    "تلک",
    "التى",
    "الذین",
    "حیث",
    "لم",
    "لا",
    "أو",
    "ثم",
    "وفی",
];

/// The longest word of [`FA`] and [`AR`], in bytes (a test checks it).
const LONGEST_SCRIPT_WORD: usize = 10;

/// Counts the words of [`FA`] and of [`AR`] among the words of `folded` (maximal runs of
/// alphanumeric characters), decoding its characters in place and matching only the words short
/// enough to be listed.
pub(crate) fn count_arabic_script(folded: &str) -> ScriptWordCounts {
    let classes = CharClasses::get();
    let bytes = folded.as_bytes();
    let mut counts = ScriptWordCounts { fa: 0, ar: 0 };
    let table = &SCRIPT_WORDS;
    let mut check = |start: usize, end: usize| {
        let len = end - start;
        if len <= LONGEST_SCRIPT_WORD {
            // The word's sixteen bytes as one load where the text has them (the common case).
            let key = match bytes.get(start..).and_then(|rest| rest.first_chunk::<16>()) {
                Some(sixteen) => u128::from_le_bytes(*sixteen) & (u128::MAX >> (128 - 8 * len)),
                None => bytes.get(start..end).map_or(0, pack16),
            };
            let bits = table.bits(key);
            counts.fa += usize::from(bits & FA_WORD);
            counts.ar += usize::from(bits >> 1);
        }
    };
    // What a character is: whether it is a letter or digit, and its width in bytes.
    let class_at = |i: usize, lead: u8| {
        if lead < 0x80 {
            (lead.is_ascii_alphanumeric(), 1)
        } else {
            let (code, width) = crate::utf8::decode_wide(bytes, i, lead);
            (classes.alphanumeric_code(code), width)
        }
    };
    let mut i = 0;
    loop {
        // Past the characters between words, then along a word.
        while let Some(&lead) = bytes.get(i) {
            let (alphanumeric, width) = class_at(i, lead);
            if alphanumeric {
                break;
            }
            i += width;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        while let Some(&lead) = bytes.get(i) {
            let (alphanumeric, width) = class_at(i, lead);
            if !alphanumeric {
                break;
            }
            i += width;
        }
        check(start, i);
    }
    counts
}

/// [`PerfectHash`] bits of [`ScriptWords`]: the word is in [`FA`], in [`AR`].
const FA_WORD: u8 = 1;
const AR_WORD: u8 = 2;

/// Slots of the [`ScriptWords`] table (a power of two, about five times the words it holds).
const SCRIPT_SLOTS: usize = 256;

/// [`FA`] and [`AR`] as a perfect hash table of words packed into `u128`s (see [`pack16`]): a
/// lookup is a fold, a multiply, one load and one comparison.
type ScriptWords = PerfectHash<SCRIPT_SLOTS>;

/// The table, built while compiling.
#[allow(clippy::panic)] // Compile-time evaluation: no table is a build error.
static SCRIPT_WORDS: ScriptWords =
    match PerfectHash::build(&[(FA, FA_WORD), (AR, AR_WORD)], Packing::Zeros16) {
        Some(table) => table,
        None => panic!("no multiplier separates the Persian and Arabic function words"),
    };

impl ScriptWords {
    /// The bits of a packed word: [`FA_WORD`], [`AR_WORD`], or 0 (0 is no word: it matches only
    /// empty slots, whose bits are 0).
    #[inline]
    fn bits(&self, key: u128) -> u8 {
        let slot = slot::<SCRIPT_SLOTS>(key, self.multiplier);
        let (k, bits) = (
            self.keys.get(slot).copied().unwrap_or(0),
            self.bits.get(slot).copied().unwrap_or(0),
        );
        bits & 0u8.wrapping_sub(u8::from(k == key))
    }
}

/// A perfect hash table of listed words, built while compiling: a multiplier under which no two
/// words share one of `SLOTS` slots, each slot's packed word, and the bits of the lists that hold
/// it. [`FunctionWords`] (words of up to 8 bytes) and [`ScriptWords`] (up to 16) are built by it.
///
/// Its keys are `u128`s for both widths rather than a generic key type: a const fn cannot call a
/// trait's methods on stable Rust, so the build could not be generic over the key and stay
/// compile-time. A `u64` key widened keeps its slot (see [`slot`]), so [`FunctionWords`] narrows
/// the keys back for its lookups.
struct PerfectHash<const SLOTS: usize> {
    /// The multiplier (odd) whose top bits place each word in its own slot.
    multiplier: u64,
    /// Packed word of each slot (0, never a packed word, where there is none).
    keys: [u128; SLOTS],
    /// The bits of the lists that hold it.
    bits: [u8; SLOTS],
}

/// How [`PerfectHash::build`] packs a listed word into a key.
#[derive(Clone, Copy)]
enum Packing {
    /// As [`pack`]: at most 8 bytes, padded with spaces (so ASCII letters lowercased); a longer
    /// word is left out (no word that long is looked up).
    Spaces8,
    /// As [`pack16`]: 1 to 16 bytes, zero-padded; a word of any other length fails the build.
    Zeros16,
}

/// A listed word as [`Packing`] makes it.
enum Listed {
    /// Its key.
    Key(u128),
    /// Not in the table.
    LeftOut,
    /// No key: the table is not built.
    Invalid,
}

impl Packing {
    /// What `word` becomes in the table.
    #[allow(clippy::indexing_slicing)] // Compile-time evaluation: a bad index fails the build.
    const fn listed(self, word: &[u8]) -> Listed {
        let (width, padding) = match self {
            Packing::Spaces8 => (8, SPACES as u128),
            Packing::Zeros16 => (16, 0),
        };
        if word.len() > width {
            return match self {
                Packing::Spaces8 => Listed::LeftOut,
                Packing::Zeros16 => Listed::Invalid,
            };
        }
        if word.is_empty() && matches!(self, Packing::Zeros16) {
            return Listed::Invalid;
        }
        let mut key = 0u128;
        let mut j = 0;
        while j < word.len() {
            key |= (word[j] as u128) << (8 * j);
            j += 1;
        }
        Listed::Key(key | padding)
    }
}

impl<const SLOTS: usize> PerfectHash<SLOTS> {
    /// The table of `lists` (each with its bit) for the first multiplier, of odd multipliers in a
    /// fixed order, that separates every word (a few hundred tries at most for the tables here).
    /// Evaluated at compile time; `None` if no multiplier of the first 100 000 separates them, or
    /// a word is [`Listed::Invalid`].
    const fn build(lists: &[(&[&str], u8)], packing: Packing) -> Option<PerfectHash<SLOTS>> {
        let mut multiplier = 0x9E37_79B9_7F4A_7C15_u64;
        let mut tries = 0;
        while tries < 100_000 {
            let mut table = PerfectHash {
                multiplier,
                keys: [0; SLOTS],
                bits: [0; SLOTS],
            };
            if table.place_all(lists, packing) {
                return Some(table);
            }
            multiplier = multiplier.wrapping_add(0x2545_F491_4F6C_DD1E) | 1;
            tries += 1;
        }
        None
    }

    /// Places the words of every list with its bit; false if one cannot be placed.
    #[allow(clippy::indexing_slicing)] // Compile-time evaluation: a bad index fails the build.
    const fn place_all(&mut self, lists: &[(&[&str], u8)], packing: Packing) -> bool {
        let mut i = 0;
        while i < lists.len() {
            let (list, bit) = lists[i];
            if !self.place(list, bit, packing) {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Places the words of `list` with `bit`; false if one falls on another word's slot or is
    /// [`Listed::Invalid`].
    #[allow(clippy::indexing_slicing)] // Compile-time evaluation: a bad index fails the build.
    const fn place(&mut self, list: &[&str], bit: u8, packing: Packing) -> bool {
        let mut i = 0;
        while i < list.len() {
            let listed = packing.listed(list[i].as_bytes());
            i += 1;
            let key = match listed {
                Listed::Key(key) => key,
                Listed::LeftOut => continue,
                Listed::Invalid => return false,
            };
            let slot = slot::<SLOTS>(key, self.multiplier);
            if self.keys[slot] == 0 {
                self.keys[slot] = key;
            } else if self.keys[slot] != key {
                return false;
            }
            self.bits[slot] |= bit;
        }
        true
    }
}

/// The slot of a packed word among `SLOTS` (a power of two): its two 64-bit halves folded, then
/// the top bits of a multiply. A word of at most 8 bytes has no high half, so its slot is the top
/// bits of the multiply alone (and the fold compiles away where the key is a widened `u64`).
#[inline]
const fn slot<const SLOTS: usize>(key: u128, multiplier: u64) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    (folded.wrapping_mul(multiplier) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// `word` (at most 16 bytes; 0 for a longer one) packed into a `u128`, little-endian, zero-padded:
/// UTF-8 text has no zero byte, so two words pack alike only if they are the same.
fn pack16(word: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    match buf.get_mut(..word.len()) {
        Some(to) => {
            to.copy_from_slice(word);
            u128::from_le_bytes(buf)
        }
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `for_each_ascii_word` must give: `str::split` on non-alphanumeric characters.
    fn reference_words(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && w.is_ascii())
            .collect()
    }

    #[test]
    fn ascii_words_are_the_split_words() {
        let texts = [
            "",
            "the cua, va; 2025 — của x",
            "abcđef gh ۲۰۲۵ ab٬cd ab\u{200c}cd é é1 1é",
            "Nghi quyet so 57-NQ/TW ngay 22/12/2024",
            "را است این که and the",
            "trailing",
            "ending in é",
        ];
        for text in texts {
            let mut words = Vec::new();
            for_each_ascii_word(text, |w| words.push(std::str::from_utf8(w).unwrap()));
            assert_eq!(words, reference_words(text), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Any mix of ASCII words, separators, accented and Persian letters and digits, marks.
        #[test]
        fn ascii_words_are_the_split_words_for_any_text(
            text in "[a-zA-Z0-9 ,.\\-/é\u{1ec7}đ\u{0301}\u{06f2}\u{0627}\u{200c}\u{2014}]{0,300}"
        ) {
            let mut words = Vec::new();
            for_each_ascii_word(&text, |w| words.push(std::str::from_utf8(w).unwrap()));
            proptest::prop_assert_eq!(words, reference_words(&text));
        }
    }

    /// What [`count`] must give: every ASCII word of [`reference_words`] that is a listed word
    /// (of at most 8 bytes, the table's), up to ASCII case.
    fn reference_count(text: &str) -> (usize, usize) {
        let listed = |list: &[&str], w: &str| {
            list.iter()
                .any(|l| l.len() <= 8 && l.eq_ignore_ascii_case(w))
        };
        let words = reference_words(text);
        let vi = words.iter().filter(|w| listed(VI, w)).count();
        let en = words.iter().filter(|w| listed(EN, w)).count();
        (vi, en)
    }

    #[test]
    fn count_is_the_reference_count() {
        let mut texts = vec![
            String::new(),
            "cua".to_owned(),
            "The Cua, of  THE nghi xyz".to_owned(),
            "cuađ đcua écua cuaé cua1 1the the\u{0301} ۲the the۲ the\u{200c}of".to_owned(),
            "abcdefgh abcdefghi nghiemvu theo".to_owned(),
        ];
        // Words across the 64-byte blocks, at every offset, and one at the very end.
        for pad in 0..70 {
            texts.push(format!(
                "{}the cua va of nguoi and",
                "x ".repeat(pad / 2) + &" ".repeat(pad % 2)
            ));
            texts.push(format!("{}cua", "a".repeat(pad)));
            texts.push(format!("{} cua", "é".repeat(pad)));
            // Long enough for windows borrowed from the text, not only padded copies.
            let sentence = "The cua, of  THE nghi xyz đcua cuaé abcdefgh abcdefghi va—the ";
            texts.push(format!("{}{}", " ".repeat(pad), sentence.repeat(9)));
            // Runs over whole blocks, and words right after them.
            texts.push(format!(
                "{} the {}",
                "b".repeat(130 + pad),
                "of cua ".repeat(50)
            ));
            texts.push(format!("{}{}", "va ".repeat(pad), "c".repeat(300)));
        }
        for text in &texts {
            let c = count(text);
            assert_eq!((c.vi, c.en), reference_count(text), "{text:?}");
        }
        let c = count("The Cua, of  THE nghi xyz");
        assert!(c.vi > 0 && c.en > 0);
    }

    proptest::proptest! {
        /// Function words and other words among separators, accented and Persian letters and
        /// digits, and marks, across block boundaries.
        #[test]
        fn count_is_the_reference_count_for_any_text(
            text in "((cua|CAC|va|nguoi|duoc|the|of|And|with|x|2025|abcdefgh|nghiemvu|[a-z]{1,3})|[ ,.\\-/é\u{1ec7}đ\u{0301}\u{06f2}\u{0627}\u{200c}\u{2014}]){0,160}"
        ) {
            let c = count(&text);
            proptest::prop_assert_eq!((c.vi, c.en), reference_count(&text));
        }
    }

    /// [`count_arabic_script`] the straightforward way: `str::split` on non-alphanumeric
    /// characters, every word matched.
    fn reference_script_count(text: &str) -> (usize, usize) {
        let words = text.split(|c: char| !c.is_alphanumeric());
        words.fold((0, 0), |(fa, ar), w| {
            (
                fa + usize::from(FA.contains(&w)),
                ar + usize::from(AR.contains(&w)),
            )
        })
    }

    #[test]
    fn script_count_is_the_reference_count() {
        let texts = [
            "",
            "را",
            "این استان برنامه های زیادی را برای مردم اجرا کرده است و در سال ۱۴۰۴ به نتایج رسید",
            "وقد أكدت الحكومة فی هذا التقرير على أن الخطة التی تم",
            "می\u{200c}شود میشود را۱ ۱را راa aرا را\u{0301} x-را-x 𝐀را را😀",
        ];
        for text in texts {
            let c = count_arabic_script(text);
            assert_eq!((c.fa, c.ar), reference_script_count(text), "{text:?}");
        }
        let c = count_arabic_script(texts[2]);
        assert!(c.fa >= 5);
    }

    proptest::proptest! {
        /// Persian and Arabic function words among other words, separators, digits, marks and
        /// characters of three and four bytes.
        #[test]
        fn script_count_is_the_reference_count_for_any_text(
            text in "((را|است|این|که|میشود|های|فی|من|التی|الذین|وقد|x|[ابپتثجچ]{1,3})|[ ,.۱۲a1\u{200c}\u{0301}\u{064b}\u{2014}\u{1d400}\u{1f600}]){0,120}"
        ) {
            let c = count_arabic_script(&text);
            proptest::prop_assert_eq!((c.fa, c.ar), reference_script_count(&text));
        }
    }

    #[test]
    fn alnum_bits_are_is_ascii_alphanumeric() {
        for b in 0..=u8::MAX {
            for at in 0..8 {
                let mut eight = [b' '; 8];
                eight[at] = b;
                let expect = u8::from(b.is_ascii_alphanumeric()) << at;
                assert_eq!(
                    alnum_bits(u64::from_le_bytes(eight)),
                    expect,
                    "{b:#x} at {at}"
                );
            }
        }
        assert_eq!(alnum_bits(u64::from_le_bytes(*b"aZ09`{/:")), 0b1111);
        assert_eq!(
            alnum_bits(u64::from_le_bytes(*b"\xffAb\x80zZ@[")),
            0b11_0110
        );
    }

    #[test]
    fn matchers_agree_with_the_lists() {
        let table = &FUNCTION_WORDS;
        for w in VI {
            assert_eq!(table.lookup(w.as_bytes()) & VI_WORD, VI_WORD, "{w}");
            let upper = w.to_ascii_uppercase();
            assert_eq!(table.lookup(upper.as_bytes()) & VI_WORD, VI_WORD, "{w}");
            assert_eq!(
                table.lookup(w.as_bytes()) & EN_WORD != 0,
                EN.contains(w),
                "{w}"
            );
        }
        for w in EN {
            assert_eq!(table.lookup(w.as_bytes()) & EN_WORD, EN_WORD, "{w}");
            assert_eq!(
                table.lookup(w.as_bytes()) & VI_WORD != 0,
                VI.contains(w),
                "{w}"
            );
        }
        for w in ["va", "Nguoi", "THE", "abcdefgh", "x"] {
            let mut eight = *b"........";
            eight[..w.len()].copy_from_slice(w.as_bytes());
            let loaded = u64::from_le_bytes(eight);
            assert_eq!(
                Some(pack_loaded(loaded, w.len())),
                pack(w.as_bytes()),
                "{w}"
            );
        }
        for w in [
            "",
            "x",
            "cuaa",
            "thee",
            "ofthe",
            "tho",
            "2025",
            "nghiemvu",
            "abcdefghi",
        ] {
            assert_eq!(table.lookup(w.as_bytes()), 0, "{w}");
        }
        for w in FA.iter().chain(AR) {
            assert!(w.len() <= LONGEST_SCRIPT_WORD, "{w}");
        }
        let script = |w: &str| SCRIPT_WORDS.bits(pack16(w.as_bytes()));
        for w in FA {
            assert_eq!(script(w), FA_WORD, "{w}");
        }
        for w in AR {
            assert_eq!(script(w), AR_WORD, "{w}");
        }
        for w in ["", "ر", "راا", "اینها", "the", "میشودن", "الذینی"] {
            assert_eq!(script(w), 0, "{w}");
        }
        let c = count("The Cua, of  THE nghi xyz");
        assert_eq!((c.vi, c.en), (2, 3));
    }
}

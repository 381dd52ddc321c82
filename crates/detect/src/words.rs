//! Function-word evidence, counted on the accent-folded view (so it survives lost diacritics).

use std::sync::LazyLock;

use crate::classes::Classes;

/// Hits of each language's function words.
pub(crate) struct WordCounts {
    pub(crate) vi: usize,
    pub(crate) en: usize,
}

/// Frequent Vietnamese syllables, without diacritics (the Vietnamese pack's function words).
const VI: &[&str] = docfacts_lang::vi::PACK.function_words;

/// Frequent English function words (the English pack's).
const EN: &[&str] = docfacts_lang::en::PACK.function_words;

pub(crate) fn count(folded: &str) -> WordCounts {
    let table = FunctionWords::get();
    let mut counts = WordCounts { vi: 0, en: 0 };
    let bytes = folded.as_bytes();
    for_each_ascii_word(folded, |word| {
        // The word's eight bytes as one load where the text has them (the common case).
        let start = word.as_ptr() as usize - bytes.as_ptr() as usize;
        let eight = bytes
            .get(start..start + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok());
        let hit = match eight {
            Some(eight) => table.lookup_packed(pack_eight(eight, word.len())),
            None => table.lookup(word),
        };
        counts.vi += usize::from(hit & VI_WORD != 0);
        counts.en += usize::from(hit & EN_WORD != 0);
    });
    counts
}

/// [`FunctionWords::lookup`] bits: the word is in [`VI`], in [`EN`].
const VI_WORD: u8 = 1;
const EN_WORD: u8 = 2;

/// Slots of the [`FunctionWords`] table (a power of two, about ten times the words it holds).
const SLOTS: usize = 1024;

/// [`VI`] and [`EN`] as a perfect hash table of packed words: a multiplier under which no two
/// words share a slot, so a lookup is one multiply, one load and one comparison, without a branch
/// on the outcome (a probe loop mispredicts on the short, frequent words of Vietnamese).
struct FunctionWords {
    /// The multiplier (odd) whose top bits place each word in its own slot.
    multiplier: u64,
    /// Packed word of each slot (0, never a packed word, where there is none).
    keys: [u64; SLOTS],
    /// Its [`VI_WORD`] and [`EN_WORD`] bits.
    bits: [u8; SLOTS],
}

static FUNCTION_WORDS: LazyLock<FunctionWords> = LazyLock::new(|| {
    let mut words: Vec<(u64, u8)> = Vec::new();
    let listed = VI
        .iter()
        .map(|w| (w, VI_WORD))
        .chain(EN.iter().map(|w| (w, EN_WORD)));
    for (word, bit) in listed {
        let Some(key) = pack(word.as_bytes()) else {
            continue;
        };
        match words.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 |= bit,
            None => words.push((key, bit)),
        }
    }
    // Odd multipliers in a fixed order until one separates every word (a few hundred tries at
    // most for this many words in this many slots; the result is the same on every run).
    let mut multiplier = 0x9E37_79B9_7F4A_7C15_u64;
    loop {
        let mut table = FunctionWords {
            multiplier,
            keys: [0; SLOTS],
            bits: [0; SLOTS],
        };
        let placed = words.iter().all(|&(key, bit)| {
            let slot = table.slot_of(key);
            match (table.keys.get_mut(slot), table.bits.get_mut(slot)) {
                (Some(k), Some(b)) if *k == 0 => {
                    (*k, *b) = (key, bit);
                    true
                }
                _ => false,
            }
        });
        if placed {
            return table;
        }
        multiplier = multiplier.wrapping_add(0x2545_F491_4F6C_DD1E) | 1;
    }
});

impl FunctionWords {
    /// The table (built on first use); fetch it once per text, not per word.
    fn get() -> &'static FunctionWords {
        &FUNCTION_WORDS
    }

    /// The bits of `word` (ASCII letters and digits, any case): [`VI_WORD`], [`EN_WORD`], or 0.
    #[inline]
    fn lookup(&self, word: &[u8]) -> u8 {
        pack(word).map_or(0, |key| self.lookup_packed(key))
    }

    /// [`FunctionWords::lookup`] of a packed word (0 is no word: it matches only empty slots,
    /// whose bits are 0).
    #[inline]
    fn lookup_packed(&self, key: u64) -> u8 {
        let slot = self.slot_of(key);
        let (k, bits) = (
            self.keys.get(slot).copied().unwrap_or(0),
            self.bits.get(slot).copied().unwrap_or(0),
        );
        bits & 0u8.wrapping_sub(u8::from(k == key))
    }

    /// The slot of a packed word: the top bits of a multiply.
    #[inline]
    fn slot_of(&self, key: u64) -> usize {
        (key.wrapping_mul(self.multiplier) >> (64 - SLOTS.trailing_zeros())) as usize
    }
}

/// `word` (at most 8 ASCII letters and digits) lowercased and packed into a `u64`, padded with
/// spaces; `None` for a longer word (no listed word is that long). Setting bit 5 of each byte
/// lowercases a letter and leaves a digit as it is, so two words pack alike only if they are the
/// same word up to case.
#[inline]
fn pack(word: &[u8]) -> Option<u64> {
    let mut buf = [0u8; 8];
    buf.get_mut(..word.len())?.copy_from_slice(word);
    Some(u64::from_le_bytes(buf) | 0x2020_2020_2020_2020)
}

/// [`pack`] of the word that is the first `len` of `eight` bytes (0, no word, when `len` > 8).
#[inline]
fn pack_eight(eight: [u8; 8], len: usize) -> u64 {
    if len > 8 {
        return 0;
    }
    let kept = u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0);
    (u64::from_le_bytes(eight) & kept) | 0x2020_2020_2020_2020
}

/// Calls `f` on every word of `text` (a maximal run of alphanumeric characters) that is all ASCII,
/// in order.
///
/// The runs of ASCII letters and digits are found 64 bytes at a time from a bit mask (a branch per
/// run start and end would mispredict on every short word); a run is a whole word unless a
/// non-ASCII letter or digit touches it (the word then holds that character, so it is not all
/// ASCII), and only those neighbours are decoded.
fn for_each_ascii_word<'a>(text: &'a str, mut f: impl FnMut(&'a [u8])) {
    let classes = Classes::get();
    let bytes = text.as_bytes();
    let wide_word_char_before = |i: usize| {
        i.checked_sub(1)
            .and_then(|j| bytes.get(j))
            .is_some_and(|&b| b >= 0x80)
            && text
                .get(..i)
                .and_then(|head| head.chars().next_back())
                .is_some_and(|c| classes.alphanumeric(c))
    };
    let wide_word_char_at = |i: usize| {
        bytes.get(i).is_some_and(|&b| b >= 0x80)
            && text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| classes.alphanumeric(c))
    };
    let alnum = |b: u8| b.is_ascii_alphanumeric();
    docfacts_normalize::swar::for_each_run(bytes, alnum_bits, alnum, |start, end| {
        if !wide_word_char_before(start) && !wide_word_char_at(end) {
            f(bytes.get(start..end).unwrap_or_default());
        }
    });
}

/// One bit per byte of `word` (eight bytes, little-endian: bit `i` for byte `i`): whether it is an
/// ASCII letter or digit (setting bit 5 lowercases a letter and changes no digit).
#[inline]
fn alnum_bits(word: u64) -> u8 {
    use docfacts_normalize::swar;
    let letters = swar::in_range(word | swar::repeat(0x20), b'a', b'z');
    letters | swar::in_range(word, b'0', b'9')
}

/// Hits of Persian and Arabic function words.
pub(crate) struct ScriptWordCounts {
    pub(crate) fa: usize,
    pub(crate) ar: usize,
}

/// Frequent Persian function words, in the view's spelling (Persian ی and ک); none is Arabic (the
/// Persian pack's).
#[allow(dead_code)] // `is_fa` below matches these words; a test checks they agree.
const FA: &[&str] = docfacts_lang::fa::PACK.function_words;

/// Frequent Arabic function words, in the view's spelling (Arabic ي ك folded to ی ک).
#[allow(dead_code)] // `is_ar` below matches these words; a test checks they agree.
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

pub(crate) fn count_arabic_script(folded: &str) -> ScriptWordCounts {
    let classes = Classes::get();
    let mut counts = ScriptWordCounts { fa: 0, ar: 0 };
    for word in folded
        .split(|c: char| !classes.alphanumeric(c))
        .filter(|w| !w.is_empty())
    {
        counts.fa += usize::from(is_fa(word));
        counts.ar += usize::from(is_ar(word));
    }
    counts
}

/// Whether `word` is in [`FA`].
fn is_fa(word: &str) -> bool {
    matches!(
        word,
        "و" | "را"
            | "است"
            | "این"
            | "که"
            | "بین"
            | "بود"
            | "برای"
            | "با"
            | "از"
            | "به"
            | "در"
            | "شده"
            | "می"
            | "های"
            | "هایی"
            | "یک"
            | "آن"
            | "کرده"
            | "شود"
            | "میشود"
            | "نیز"
            | "ها"
            | "تا"
            | "اند"
            | "هم"
            | "خود"
            | "بر"
            | "کند"
    )
}

/// Whether `word` is in [`AR`].
fn is_ar(word: &str) -> bool {
    matches!(
        word,
        "فی" | "من"
            | "التی"
            | "الذی"
            | "هذا"
            | "هذه"
            | "إلى"
            | "الى"
            | "عن"
            | "مع"
            | "کان"
            | "قد"
            | "وقد"
            | "أن"
            | "إن"
            | "ذلک"
            | "تلک"
            | "التى"
            | "الذین"
            | "حیث"
            | "لم"
            | "لا"
            | "أو"
            | "ثم"
            | "وفی"
    )
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
        let table = FunctionWords::get();
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
            assert_eq!(Some(pack_eight(eight, w.len())), pack(w.as_bytes()), "{w}");
        }
        assert_eq!(pack_eight(*b"abcdefgh", 9), 0);
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
        for w in FA {
            assert!(is_fa(w), "{w}");
        }
        for w in AR {
            assert!(is_ar(w), "{w}");
        }
        assert!(!is_fa("فی") && !is_ar("از"));
        let c = count("The Cua, of  THE nghi xyz");
        assert_eq!((c.vi, c.en), (2, 3));
    }
}

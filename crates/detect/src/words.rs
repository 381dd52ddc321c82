//! Function-word evidence, counted on the accent-folded view (so it survives lost diacritics).

use std::sync::LazyLock;

use crate::classes::Classes;

/// Hits of each language's function words.
pub(crate) struct WordCounts {
    pub(crate) vi: usize,
    pub(crate) en: usize,
}

/// Frequent Vietnamese syllables, without diacritics; chosen not to be English words.
const VI: &[&str] = &[
    "cua", "cac", "va", "duoc", "nhung", "trong", "voi", "nguoi", "viec", "thuc", "hien", "tinh",
    "theo", "cong", "nghe", "khoa", "hoc", "chuyen", "doi", "nhiem", "vu", "ke", "hoach", "dang",
    "nay", "cho", "tai", "tren", "da", "la", "co", "ngay", "thang", "nam", "xa", "phuong", "dich",
    "ho", "tham", "gia", "quyet", "dinh", "nghi", "phat", "trien", "trung", "uong", "chinh", "phu",
    "nhan", "dan", "dia", "ban", "tu", "den", "mot", "nhieu", "cung", "khong", "duong", "quan",
    "ly", "thanh", "lap",
];

/// Frequent English function words.
const EN: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "for", "on", "with", "that", "by", "as", "are", "was",
    "have", "has", "be", "an", "at", "from", "this", "which", "were", "been", "their", "its", "it",
    "or", "not", "will", "also", "such", "into", "all", "other",
];

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

/// Slots of the [`FunctionWords`] table (a power of two, about four times the words it holds).
const SLOTS: usize = 512;

/// [`VI`] and [`EN`] as an open-addressing hash table of packed words: one multiply and (almost
/// always) one comparison per word, where a list or a `match` on byte strings compares many.
struct FunctionWords {
    /// (packed word, its bits); a packed word is never 0, so 0 marks an empty slot.
    slots: [(u64, u8); SLOTS],
}

static FUNCTION_WORDS: LazyLock<FunctionWords> = LazyLock::new(|| {
    let mut table = FunctionWords {
        slots: [(0, 0); SLOTS],
    };
    let words = VI
        .iter()
        .map(|w| (w, VI_WORD))
        .chain(EN.iter().map(|w| (w, EN_WORD)));
    for (word, bit) in words {
        let Some(key) = pack(word.as_bytes()) else {
            continue;
        };
        let mut slot = slot_of(key);
        while let Some(entry) = table.slots.get_mut(slot) {
            if entry.0 == 0 || entry.0 == key {
                *entry = (key, entry.1 | bit);
                break;
            }
            slot = (slot + 1) % SLOTS;
        }
    }
    table
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

    /// [`FunctionWords::lookup`] of a packed word.
    #[inline]
    fn lookup_packed(&self, key: u64) -> u8 {
        if key == 0 {
            return 0;
        }
        let mut slot = slot_of(key);
        // The table is never full, so an empty slot ends every probe.
        while let Some(&(k, bits)) = self.slots.get(slot) {
            if k == key {
                return bits;
            }
            if k == 0 {
                return 0;
            }
            slot = (slot + 1) % SLOTS;
        }
        0
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

/// The home slot of a packed word (Fibonacci hashing: the top bits of a multiply).
#[inline]
fn slot_of(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// Calls `f` on every word of `text` (a maximal run of alphanumeric characters) that is all ASCII,
/// in order. ASCII bytes are classed through a table in tight loops; only non-ASCII characters
/// are decoded (to know whether they continue a word, which is then not ASCII, or end it).
fn for_each_ascii_word<'a>(text: &'a str, mut f: impl FnMut(&'a [u8])) {
    let classes = Classes::get();
    let bytes = text.as_bytes();
    let class = |b: &u8| BYTE_CLASS.get(usize::from(*b)).copied().unwrap_or(WIDE);
    // The word being read: where it started, and whether it holds a non-ASCII character.
    let mut word: Option<(usize, bool)> = None;
    let mut pos = 0;
    loop {
        let rest = bytes.get(pos..).unwrap_or_default();
        if word.is_none() {
            // Between words: skip ASCII separators.
            let Some(skip) = rest.iter().position(|b| class(b) != SEPARATOR) else {
                return;
            };
            pos += skip;
        }
        let rest = bytes.get(pos..).unwrap_or_default();
        let run = rest
            .iter()
            .position(|b| class(b) != ALNUM)
            .unwrap_or(rest.len());
        if run > 0 && word.is_none() {
            word = Some((pos, false));
        }
        pos += run;
        let Some(&b) = bytes.get(pos) else {
            break;
        };
        let (inside, len) = if b.is_ascii() {
            (false, 1)
        } else {
            match text.get(pos..).and_then(|rest| rest.chars().next()) {
                Some(c) => (classes.alphanumeric(c), c.len_utf8()),
                None => break,
            }
        };
        if inside {
            word = Some(word.map_or((pos, true), |(start, _)| (start, true)));
        } else {
            if let Some((start, false)) = word {
                f(bytes.get(start..pos).unwrap_or_default());
            }
            word = None;
        }
        pos += len;
    }
    if let Some((start, false)) = word {
        f(bytes.get(start..).unwrap_or_default());
    }
}

/// [`BYTE_CLASS`] values: an ASCII byte that is not a letter or digit, one that is, and a byte of
/// a non-ASCII character.
const SEPARATOR: u8 = 0;
const ALNUM: u8 = 1;
const WIDE: u8 = 2;

/// The class of each byte value, for the word loops.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an index out of range fails the build
static BYTE_CLASS: [u8; 256] = {
    let mut table = [WIDE; 256];
    let mut b = 0u8;
    while b < 0x80 {
        table[b as usize] = if b.is_ascii_alphanumeric() {
            ALNUM
        } else {
            SEPARATOR
        };
        b += 1;
    }
    table
};

/// Hits of Persian and Arabic function words.
pub(crate) struct ScriptWordCounts {
    pub(crate) fa: usize,
    pub(crate) ar: usize,
}

/// Frequent Persian function words, in the view's spelling (Persian ی and ک); none is Arabic.
#[allow(dead_code)] // `is_fa` below matches these words; a test checks they agree.
const FA: &[&str] = &[
    "و",
    "را",
    "است",
    "این",
    "که",
    "بین",
    "بود",
    "برای",
    "با",
    "از",
    "به",
    "در",
    "شده",
    "می",
    "های",
    "هایی",
    "یک",
    "آن",
    "کرده",
    "شود",
    "میشود",
    "بود",
    "نیز",
    "ها",
    "تا",
    "اند",
    "هم",
    "خود",
    "بر",
    "کند",
];

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
            text in "[a-zA-Z0-9 ,.\\-/é\u{1ec7}đ\u{0301}\u{06f2}\u{0627}\u{200c}\u{2014}]{0,40}"
        ) {
            let mut words = Vec::new();
            for_each_ascii_word(&text, |w| words.push(std::str::from_utf8(w).unwrap()));
            proptest::prop_assert_eq!(words, reference_words(&text));
        }
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

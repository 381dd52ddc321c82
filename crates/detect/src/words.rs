//! Function-word evidence, counted on the accent-folded view (so it survives lost diacritics).

use crate::classes::Classes;

/// Hits of each language's function words.
pub(crate) struct WordCounts {
    pub(crate) vi: usize,
    pub(crate) en: usize,
}

/// Frequent Vietnamese syllables, without diacritics; chosen not to be English words.
#[allow(dead_code)] // `is_vi` below matches these words; a test checks they agree.
const VI: &[&str] = &[
    "cua", "cac", "va", "duoc", "nhung", "trong", "voi", "nguoi", "viec", "thuc", "hien", "tinh",
    "theo", "cong", "nghe", "khoa", "hoc", "chuyen", "doi", "nhiem", "vu", "ke", "hoach", "dang",
    "nay", "cho", "tai", "tren", "da", "la", "co", "ngay", "thang", "nam", "xa", "phuong", "dich",
    "ho", "tham", "gia", "quyet", "dinh", "nghi", "phat", "trien", "trung", "uong", "chinh", "phu",
    "nhan", "dan", "dia", "ban", "tu", "den", "mot", "nhieu", "cung", "khong", "duong", "quan",
    "ly", "thanh", "lap",
];

/// Frequent English function words.
#[allow(dead_code)] // `is_en` below matches these words; a test checks they agree.
const EN: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "for", "on", "with", "that", "by", "as", "are", "was",
    "have", "has", "be", "an", "at", "from", "this", "which", "were", "been", "their", "its", "it",
    "or", "not", "will", "also", "such", "into", "all", "other",
];

pub(crate) fn count(folded: &str) -> WordCounts {
    let mut counts = WordCounts { vi: 0, en: 0 };
    for_each_ascii_word(folded, |word| {
        if word.len() > 7 {
            return;
        }
        // Lowercased on the stack: no allocation per word (every listed word is ASCII).
        let mut buf = [0u8; 7];
        let Some(lower) = buf.get_mut(..word.len()) else {
            return;
        };
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        counts.vi += usize::from(is_vi(lower));
        counts.en += usize::from(is_en(lower));
    });
    counts
}

/// Calls `f` on every word of `text` (a maximal run of alphanumeric characters) that is all ASCII,
/// in order. Bytes go one at a time; only non-ASCII characters are decoded (to know whether they
/// continue a word, which is then not ASCII, or end it).
fn for_each_ascii_word<'a>(text: &'a str, mut f: impl FnMut(&'a [u8])) {
    let classes = Classes::get();
    let bytes = text.as_bytes();
    // Where the current word started, and whether it holds a non-ASCII character.
    let mut word: Option<(usize, bool)> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (inside, ascii, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), true, 1)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (classes.alphanumeric(c), false, c.len_utf8()),
                None => break,
            }
        };
        match (inside, word) {
            (true, None) => word = Some((i, !ascii)),
            (true, Some((start, wide))) => word = Some((start, wide || !ascii)),
            (false, Some((start, false))) => {
                f(bytes.get(start..i).unwrap_or_default());
                word = None;
            }
            (false, Some(_)) => word = None,
            (false, None) => {}
        }
        i += len;
    }
    if let Some((start, false)) = word {
        f(bytes.get(start..).unwrap_or_default());
    }
}

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

/// Whether `word` (lowercase) is in [`VI`] (a `match`: no linear search).
fn is_vi(word: &[u8]) -> bool {
    matches!(
        word,
        b"cua"
            | b"cac"
            | b"va"
            | b"duoc"
            | b"nhung"
            | b"trong"
            | b"voi"
            | b"nguoi"
            | b"viec"
            | b"thuc"
            | b"hien"
            | b"tinh"
            | b"theo"
            | b"cong"
            | b"nghe"
            | b"khoa"
            | b"hoc"
            | b"chuyen"
            | b"doi"
            | b"nhiem"
            | b"vu"
            | b"ke"
            | b"hoach"
            | b"dang"
            | b"nay"
            | b"cho"
            | b"tai"
            | b"tren"
            | b"da"
            | b"la"
            | b"co"
            | b"ngay"
            | b"thang"
            | b"nam"
            | b"xa"
            | b"phuong"
            | b"dich"
            | b"ho"
            | b"tham"
            | b"gia"
            | b"quyet"
            | b"dinh"
            | b"nghi"
            | b"phat"
            | b"trien"
            | b"trung"
            | b"uong"
            | b"chinh"
            | b"phu"
            | b"nhan"
            | b"dan"
            | b"dia"
            | b"ban"
            | b"tu"
            | b"den"
            | b"mot"
            | b"nhieu"
            | b"cung"
            | b"khong"
            | b"duong"
            | b"quan"
            | b"ly"
            | b"thanh"
            | b"lap"
    )
}

/// Whether `word` (lowercase) is in [`EN`].
fn is_en(word: &[u8]) -> bool {
    matches!(
        word,
        b"the"
            | b"of"
            | b"and"
            | b"to"
            | b"in"
            | b"is"
            | b"for"
            | b"on"
            | b"with"
            | b"that"
            | b"by"
            | b"as"
            | b"are"
            | b"was"
            | b"have"
            | b"has"
            | b"be"
            | b"an"
            | b"at"
            | b"from"
            | b"this"
            | b"which"
            | b"were"
            | b"been"
            | b"their"
            | b"its"
            | b"it"
            | b"or"
            | b"not"
            | b"will"
            | b"also"
            | b"such"
            | b"into"
            | b"all"
            | b"other"
    )
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

    #[test]
    fn matchers_agree_with_the_lists() {
        for w in VI {
            assert!(is_vi(w.as_bytes()), "{w}");
        }
        for w in EN {
            assert!(is_en(w.as_bytes()), "{w}");
        }
        for w in FA {
            assert!(is_fa(w), "{w}");
        }
        for w in AR {
            assert!(is_ar(w), "{w}");
        }
        assert!(!is_vi(b"the") && !is_en(b"cua") && !is_fa("فی") && !is_ar("از"));
        let c = count("The Cua, of  THE nghi xyz");
        assert_eq!((c.vi, c.en), (2, 3));
    }
}

//! Function-word evidence, counted on the accent-folded view (so it survives lost diacritics).

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
    let mut counts = WordCounts { vi: 0, en: 0 };
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= 7)
    {
        let lower = word.to_ascii_lowercase();
        counts.vi += usize::from(VI.contains(&lower.as_str()));
        counts.en += usize::from(EN.contains(&lower.as_str()));
    }
    counts
}

/// Hits of Persian and Arabic function words.
pub(crate) struct ScriptWordCounts {
    pub(crate) fa: usize,
    pub(crate) ar: usize,
}

/// Frequent Persian function words, in the view's spelling (Persian ی and ک); none is Arabic.
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
    let mut counts = ScriptWordCounts { fa: 0, ar: 0 };
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        counts.fa += usize::from(FA.contains(&word));
        counts.ar += usize::from(AR.contains(&word));
    }
    counts
}

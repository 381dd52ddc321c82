//! Stage 3 of docfacts: tells the language of a document, and for Vietnamese whether it kept its
//! diacritics (see `ARCHITECTURE.md`).
//!
//! General-purpose detectors confuse unaccented Vietnamese with other Latin-script languages, so
//! detection is limited to the allow list {vi, en, fa} and decided from evidence that survives OCR:
//! the script of the letters, the share of Vietnamese-only letters (`ă â đ ê ô ơ ư` and tone marks),
//! and function words counted on the accent-folded view (`cua`, `cac`, `duoc` versus `the`, `of`,
//! `and`). whatlang (restricted to the allow list) breaks ties. Infallible: doubt lowers
//! `confidence`, and text with no evidence is `und`.
//!
//! ```
//! use docfacts_detect::detect;
//! use docfacts_normalize::{CharClasses, View};
//! use docfacts_types::{Lang, Variant};
//! let text = "Tinh da hoan thanh cac nhiem vu cua nam 2025 theo ke hoach duoc giao.";
//! let d = detect(text, &View::new(text));
//! assert_eq!((d.lang, d.variant), (Lang::Vi, Some(Variant::Unaccented)));
//! ```
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod utf8;
mod words;

use docfacts_normalize::{CharClasses, View};
use docfacts_types::{Lang, Language, Variant};

/// The language of a document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    /// The language, or [`Lang::Und`].
    pub lang: Lang,
    /// For Vietnamese, whether diacritics are present.
    pub variant: Option<Variant>,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

impl Detection {
    /// The record's `language` object.
    pub fn to_language(self) -> Language {
        Language {
            code: self.lang,
            variant: self.variant,
            confidence: (self.confidence * 100.0).round() / 100.0,
        }
    }
}

/// How many bytes of a document (and of its view) detection reads; its cost stays flat for long
/// documents.
pub const SAMPLE_BYTES: usize = 32 * 1024;

/// Detects the language of `source`, using `view` (its matching view) for word evidence.
pub fn detect(source: &str, view: &View) -> Detection {
    let sample = prefix(source, SAMPLE_BYTES);
    let letters = LetterCounts::of(sample);
    if letters.total == 0 {
        return Detection {
            lang: Lang::Und,
            variant: None,
            confidence: 0.0,
        };
    }
    if letters.arabic * 10 > letters.total * 3 {
        // Persian function words (را، است، این، که …) against Arabic ones (في، التي، هذا …), backed by
        // the Persian-only letters پ چ ژ گ, tell Persian from Arabic and from Arabic-script noise
        // (mis-decoded bytes, a stray name); whatlang decides when neither kind of word is there.
        let script = words::count_arabic_script(prefix(view.text(), SAMPLE_BYTES));
        let persian = if script.fa + script.ar >= 2 {
            script.fa > script.ar * 2 && (script.fa >= 3 || letters.persian_only > 0)
        } else {
            letters.persian_only > 0
                && whatlang::detect(sample)
                    .is_some_and(|i| i.lang() == whatlang::Lang::Pes && i.is_reliable())
        };
        let share = letters.arabic as f64 / letters.total as f64;
        return if persian {
            Detection {
                lang: Lang::Fa,
                variant: None,
                confidence: share.clamp(0.5, 0.99),
            }
        } else {
            Detection {
                lang: Lang::Und,
                variant: None,
                confidence: 0.2,
            }
        };
    }
    let words = words::count(prefix(view.text(), SAMPLE_BYTES));
    let vi_letter_share = letters.vietnamese as f64 / letters.latin.max(1) as f64;
    // Vietnamese with diacritics: about one letter in five carries a Vietnamese-only mark.
    if vi_letter_share > 0.04 && words.vi >= words.en {
        let confidence = (0.7 + vi_letter_share * 2.0).min(0.99);
        return Detection {
            lang: Lang::Vi,
            variant: Some(variant_of(&letters)),
            confidence,
        };
    }
    let total = words.vi + words.en;
    if total >= 5 {
        let margin = (words.vi as f64 - words.en as f64).abs() / total as f64;
        let confidence = (0.5 + margin / 2.0).min(0.99);
        if words.vi > words.en {
            let variant = variant_of(&letters);
            return Detection {
                lang: Lang::Vi,
                variant: Some(variant),
                confidence,
            };
        }
        if words.en > words.vi {
            return Detection {
                lang: Lang::En,
                variant: None,
                confidence,
            };
        }
    }
    // Thin evidence: let whatlang decide among the allow list.
    let detector =
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Vie, whatlang::Lang::Eng]);
    match detector.detect(sample) {
        Some(info) if info.lang() == whatlang::Lang::Vie => {
            let variant = variant_of(&letters);
            Detection {
                lang: Lang::Vi,
                variant: Some(variant),
                confidence: info.confidence().min(0.6),
            }
        }
        Some(info) => Detection {
            lang: Lang::En,
            variant: None,
            confidence: info.confidence().min(0.6),
        },
        None => Detection {
            lang: Lang::Und,
            variant: None,
            confidence: 0.0,
        },
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or(s)
}

#[derive(Debug, Default, PartialEq)]
struct LetterCounts {
    total: usize,
    latin: usize,
    vietnamese: usize,
    arabic: usize,
    persian_only: usize,
    /// Letters an OCR engine without a Vietnamese model does not produce: `ă đ ơ ư ĩ ũ` and the
    /// Latin Extended Additional vowels (`ệ ộ ị ạ`). Latin-1 accents (`é è â í`) are OCR noise.
    vietnamese_strict: usize,
}

impl LetterCounts {
    fn of(text: &str) -> LetterCounts {
        let classes = CharClasses::get();
        let mut n = LetterCounts::default();
        let bytes = text.as_bytes();
        // ASCII letters are Latin letters (none is a combining mark): counted over the whole
        // text at once, in a loop the compiler vectorizes (no byte of a multi-byte character is
        // an ASCII letter). Then only the non-ASCII characters are decoded, and counted by
        // their effect (one increment each); the counts are summed from those at the end.
        let ascii_letters = count_ascii_letters(bytes);
        n.total += ascii_letters;
        n.latin += ascii_letters;
        let mut by_effect = [0usize; 64];
        let mut i = 0;
        while let Some(&lead) = bytes.get(i) {
            if lead < 0x80 {
                // The next non-ASCII byte, most often among the next eight (Vietnamese), else
                // further on, found a block at a time.
                let high =
                    docfacts_normalize::swar::load(bytes, i).map_or(0, |eight| eight & HIGH_BITS);
                i = if high != 0 {
                    i + high.trailing_zeros() as usize / 8
                } else {
                    match next_non_ascii(bytes, i) {
                        Some(at) => at,
                        None => break,
                    }
                };
                continue;
            }
            // `text` is UTF-8 and `i` a character boundary: `lead` starts a two-, three- or
            // four-byte character, whose code point is read from its bytes.
            let (code, width) = utf8::decode_wide(bytes, i, lead);
            let bits = match EFFECTS.get(code as usize) {
                Some(&bits) => bits,
                None => char::from_u32(code).map_or(0, |c| effect(c, classes)),
            };
            if let Some(count) = by_effect.get_mut(usize::from(bits & 63)) {
                *count += 1;
            }
            i += width;
        }
        for (bits, count) in (0u8..).zip(by_effect) {
            n.add(bits, count);
        }
        n
    }

    /// Counts what `count` characters of the same effect add.
    #[inline]
    fn add(&mut self, effect: u8, count: usize) {
        let has = |bit: u8| if effect & bit != 0 { count } else { 0 };
        self.total += has(TOTAL);
        self.latin += has(LATIN);
        self.arabic += has(ARABIC);
        self.persian_only += has(PERSIAN_ONLY);
        self.vietnamese += has(VIETNAMESE);
        self.vietnamese_strict += has(STRICT);
    }
}

/// [`effect`] bits: which counts of [`LetterCounts`] a character adds one to.
const TOTAL: u8 = 1;
const LATIN: u8 = 2;
const ARABIC: u8 = 4;
const PERSIAN_ONLY: u8 = 8;
const VIETNAMESE: u8 = 16;
const STRICT: u8 = 32;

/// Code points below this have their [`effect`] in a table.
const EFFECT_TABLE_SIZE: usize = CharClasses::TABLE_SIZE;

/// [`effect`] of the code points below [`EFFECT_TABLE_SIZE`] (Latin, combining marks, Arabic
/// script, the Vietnamese toned vowels), computed while compiling from [`effect_given`] itself.
static EFFECTS: [u8; EFFECT_TABLE_SIZE] = effects();

/// The [`EFFECTS`] table.
#[allow(clippy::indexing_slicing)] // Compile-time evaluation: a bad index fails the build.
const fn effects() -> [u8; EFFECT_TABLE_SIZE] {
    let mut table = [0u8; EFFECT_TABLE_SIZE];
    let mut code = 0;
    while code < EFFECT_TABLE_SIZE {
        if let Some(c) = char::from_u32(code as u32) {
            table[code] = effect_given(c, CharClasses::alphabetic_in_table(c));
        }
        code += 1;
    }
    table
}

/// What a non-ASCII character adds to the letter counts.
fn effect(c: char, classes: &CharClasses) -> u8 {
    effect_given(c, classes.alphabetic(c))
}

/// [`effect`] of `c`, given whether it is alphabetic.
const fn effect_given(c: char, alphabetic: bool) -> u8 {
    // NFD input: a Vietnamese combining mark (tones, circumflex, breve, horn, dot below) makes
    // the letter before it Vietnamese.
    if matches!(
        c,
        '\u{0300}'
            | '\u{0301}'
            | '\u{0303}'
            | '\u{0309}'
            | '\u{0323}'
            | '\u{0302}'
            | '\u{0306}'
            | '\u{031B}'
    ) {
        return VIETNAMESE | STRICT;
    }
    if !alphabetic {
        return 0;
    }
    match c {
        'a'..='z' | 'A'..='Z' => TOTAL | LATIN,
        '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => {
            let persian = if matches!(c, 'پ' | 'چ' | 'ژ' | 'گ') {
                PERSIAN_ONLY
            } else {
                0
            };
            TOTAL | ARABIC | persian
        }
        c if is_vietnamese_letter(c) => {
            let strict = if is_strict_vietnamese_letter(c) {
                STRICT
            } else {
                0
            };
            TOTAL | LATIN | VIETNAMESE | strict
        }
        c if (c as u32) < 0x0250 || matches!(c, '\u{1E00}'..='\u{1EFF}') => TOTAL | LATIN,
        _ => TOTAL,
    }
}

/// How many bytes of `bytes` are ASCII letters.
fn count_ascii_letters(bytes: &[u8]) -> usize {
    // Per block of at most 255 bytes the count fits a `u8`, which keeps the loop vectorized.
    bytes
        .chunks(255)
        .map(|block| {
            let letters = block
                .iter()
                .map(|&b| u8::from((b | 0x20).wrapping_sub(b'a') < 26))
                .fold(0u8, u8::wrapping_add);
            usize::from(letters)
        })
        .sum()
}

/// Bit 7 of every byte of a word: its non-ASCII bytes.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The position of the first non-ASCII byte of `bytes` at or after `from`, tested 16 bytes at a
/// time, then found eight bytes at a time.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut blocks = rest.chunks_exact(16);
    let mut at = 0;
    for block in blocks.by_ref() {
        let eight = |k: usize| docfacts_normalize::swar::load(block, k).unwrap_or(0);
        if (eight(0) | eight(8)) & HIGH_BITS != 0 {
            break;
        }
        at += 16;
    }
    while let Some(eight) = docfacts_normalize::swar::load(rest, at) {
        let high = eight & HIGH_BITS;
        if high != 0 {
            return Some(from + at + high.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = rest.get(at..)?;
    tail.iter().position(|&b| b >= 0x80).map(|p| from + at + p)
}

/// Vietnamese letters outside Latin-1: what OCR without a Vietnamese model never outputs.
const fn is_strict_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | '\u{1EA0}'
            ..='\u{1EF9}'
    )
}

/// The Vietnamese variant from letter counts: text with diacritics has about one letter in five
/// outside Latin-1; OCR'd or typed-unaccented text has (almost) none, whatever Latin-1 accents
/// (`é`, `â`) OCR noise left. A short passage needs two such letters, so one stray `ư` does not
/// make an unaccented line "diacritics".
fn variant_of(letters: &LetterCounts) -> Variant {
    let share = letters.vietnamese_strict as f64 / letters.latin.max(1) as f64;
    if letters.vietnamese_strict >= 2 && share > 0.02 {
        Variant::Diacritics
    } else {
        Variant::Unaccented
    }
}

/// Letters that occur in Vietnamese orthography and rarely elsewhere: ă â đ ê ô ơ ư and the
/// tone-marked vowels of the Latin Extended Additional block.
const fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă'
            | 'â'
            | 'Â'
            | 'đ'
            | 'Đ'
            | 'ê'
            | 'Ê'
            | 'ô'
            | 'Ô'
            | 'ơ'
            | 'Ơ'
            | 'ư'
            | 'Ư'
            | 'à'
            | 'á'
            | 'ã'
            | 'è'
            | 'é'
            | 'ì'
            | 'í'
            | 'ò'
            | 'ó'
            | 'õ'
            | 'ù'
            | 'ú'
            | 'ý'
            | 'ĩ'
            | 'ũ'
            | 'À'
            | 'Á'
            | 'Ã'
            | 'È'
            | 'É'
            | 'Ì'
            | 'Í'
            | 'Ò'
            | 'Ó'
            | 'Õ'
            | 'Ù'
            | 'Ú'
            | 'Ý'
            | 'Ĩ'
            | 'Ũ'
            | '\u{1EA0}'..='\u{1EF9}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> (Lang, Option<Variant>) {
        let r = detect(text, &View::new(text));
        (r.lang, r.variant)
    }

    #[test]
    fn letter_counts_by_kind() {
        let n = LetterCounts::of("Aé ệ ư پ ك \u{0301}x1");
        assert_eq!(
            (
                n.total,
                n.latin,
                n.arabic,
                n.persian_only,
                n.vietnamese,
                n.vietnamese_strict
            ),
            (7, 5, 2, 1, 4, 3)
        );
        let classes = CharClasses::get();
        for c in (0..EFFECT_TABLE_SIZE as u32).filter_map(char::from_u32) {
            assert_eq!(EFFECTS[c as usize], effect(c, classes), "{c:?}");
            assert_eq!(
                effect(c, classes),
                effect_given(c, c.is_alphabetic()),
                "{c:?}"
            );
        }
    }

    /// [`LetterCounts::of`] the straightforward way: every character's [`effect`] (an ASCII
    /// letter's is `TOTAL | LATIN`, other ASCII characters' 0).
    fn reference_counts(text: &str) -> LetterCounts {
        let mut n = LetterCounts::default();
        for c in text.chars() {
            n.add(effect_given(c, c.is_alphabetic()), 1);
        }
        n
    }

    #[test]
    fn letter_counts_are_the_reference_counts() {
        let texts = [
            "",
            "abc",
            "é",
            "Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học",
            "استان تا کنون ۲۵/۲۵ وظیفه را به پایان رسانده است که پیشرفت را تضمین می‌کند",
            "ﻻ ﷲ ﹰ 𝐀𝐁 😀 中文 ㄅ Ω ω ǅ \u{0301}\u{0323}",
            "ascii only text of more than sixteen bytes, then é at the end é",
        ];
        for text in texts {
            assert_eq!(LetterCounts::of(text), reference_counts(text), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Any mix of ASCII, Latin, Vietnamese (composed and decomposed), Arabic-script letters
        /// and presentation forms, and characters of three and four bytes beyond the table.
        #[test]
        fn letter_counts_are_the_reference_counts_for_any_text(
            text in "[a-zA-Z0-9 ,.é\u{00c0}-\u{024f}\u{0300}-\u{0330}\u{0600}-\u{06ff}\u{1e00}-\u{1eff}\u{2000}-\u{2100}\u{fb50}-\u{fb60}\u{fe70}-\u{fe80}\u{4e00}-\u{4e10}\u{1d400}-\u{1d410}\u{1f600}]{0,200}"
        ) {
            proptest::prop_assert_eq!(LetterCounts::of(&text), reference_counts(&text));
        }
    }

    #[test]
    fn languages() {
        assert_eq!(
            d("Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học"),
            (Lang::Vi, Some(Variant::Diacritics))
        );
        assert_eq!(
            d("Theo bao cao cua Cong an tinh, thong ke so bo ket qua thuc hien cac nhiem vu"),
            (Lang::Vi, Some(Variant::Unaccented))
        );
        assert_eq!(
            d("The province has completed 25/25 tasks, ensuring the progress of the plan."),
            (Lang::En, None)
        );
        assert_eq!(
            d("استان تا کنون ۲۵/۲۵ وظیفه را به پایان رسانده است که پیشرفت را تضمین می‌کند"),
            (Lang::Fa, None)
        );
        assert_eq!(d("12345 67 / 89"), (Lang::Und, None));
    }

    #[test]
    fn ocr_noise_is_unaccented() {
        // Latin-1 accents left by an OCR engine without a Vietnamese model are not diacritics.
        assert_eq!(
            d("Két qua thuc hién Nghi quyét s6 03/ND-CP ngay 09/01/2025 ciia Chinh phi thwc hién"),
            (Lang::Vi, Some(Variant::Unaccented))
        );
    }

    #[test]
    fn short_passages() {
        assert_eq!(
            d("Nghi quyet so 03/NQ-CP cua Chinh phu"),
            (Lang::Vi, Some(Variant::Unaccented))
        );
        assert_eq!(
            d("Nghị quyết số 03/NQ-CP của Chính phủ"),
            (Lang::Vi, Some(Variant::Diacritics))
        );
        assert_eq!(
            d("Ke hoach so 181/KH-UBND ngay 28/02/2025"),
            (Lang::Vi, Some(Variant::Unaccented))
        );
        // NFD input and the other tone placement are still "diacritics".
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(
            "Hoà bình, thuỷ lợi, số liệu của tỉnh",
        )
        .collect();
        assert_eq!(d(&nfd), (Lang::Vi, Some(Variant::Diacritics)));
    }

    #[test]
    fn persian_not_arabic_script_noise() {
        // Persian with Arabic letter forms (ي ك) is still Persian.
        assert_eq!(
            d("اين استان برنامه هاي زيادي را براي مردم اجرا كرده است و در سال ۱۴۰۴ به نتايج رسيد"),
            (Lang::Fa, None)
        );
        // Arabic, even with a Persian-looking letter in a name.
        assert_eq!(
            d(
                "وقد أكدت الحكومة في هذا التقرير على أن الخطة التي تم إعدادها من قبل الوزارة مع گروه"
            ),
            (Lang::Und, None)
        );
        // Mis-decoded bytes: Arabic-script letters and no words of either language.
        assert_eq!(
            d("ÙØ§Ø± ØªØ³Øª گچپژ ظطضص ثقفغ عهخح جچشس يبلا تنمك"),
            (Lang::Und, None)
        );
        assert_eq!(
            d("گچپژ ظطضص ثقفغ عهخح جچشس يبلا تنمك ورزد"),
            (Lang::Und, None)
        );
    }
}

//! When two document numbers are the same number as written on each side.
//!
//! The canonical ids of a document and its translation may differ in spelling only:
//!
//! - **Case** anywhere: `05/CT-TTG` is `05/CT-TTg` (an issuer typed in capitals).
//! - **`Đ` written `D`**, anywhere in the id (`34/2016/ND-CP` = `34/2016/NĐ-CP`,
//!   `NQ-HDND` = `NQ-HĐND`), when at least one side is *plain*: its record is not Vietnamese
//!   written with diacritics (English, Persian, unaccented Vietnamese, which cannot print `Đ`), or
//!   the extractor repaired the id. Two Vietnamese texts with diacritics that print `D` and `Đ`
//!   state different codes, and stay different.
//! - **An OCR reading of `Đ` in the type code** (the first part made of letters): a lowercase
//!   `b` always (no type code has one: `142/Qb-TTg` = `142/QĐ-TTg`); `P` and `B` only on OCR text
//!   (unaccented Vietnamese, or the printed text of a repaired id: `142/QP-TTg`), since `PA` and
//!   `BB` are valid codes elsewhere.
//! - **A repaired id** also stands for its printed text: `03/ND-CP` repaired to `03/NQ-CP` on one
//!   side matches `03/ND-CP` as the other side printed it.
//!
//! Nothing else folds: numbers, years and the other letters must be equal, so `142/QĐ-TTg` ≠
//! `143/QĐ-TTg` and `03/NQ-CP` ≠ `03/NĐ-CP`.

use docfacts_types::{DocRefFact, Lang, Language, Variant};

/// How a record writes the letters of its ids.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Writing {
    /// The text cannot print `Đ` (not Vietnamese with diacritics): its `D` may be a `Đ`.
    pub(crate) plain: bool,
    /// OCR text (unaccented Vietnamese): `P` and `B` in a type code may be a damaged `Đ`.
    pub(crate) ocr: bool,
}

impl Writing {
    /// The writing of a record in `language`.
    pub(crate) fn of(language: &Language) -> Writing {
        let vi = language.code == Lang::Vi;
        let unaccented = language.variant == Some(Variant::Unaccented);
        Writing {
            plain: !vi || unaccented,
            ocr: vi && unaccented,
        }
    }
}

/// One spelling of a document number, with what its side's writing allows.
#[derive(Clone, Debug, PartialEq)]
struct Form {
    /// The id: ASCII digits, no whitespace.
    id: String,
    /// This side's writing (a repaired id counts as plain; its printed text also as OCR).
    writing: Writing,
    /// The letters of `id`, and the range of its type code among them ([`type_code`]): read
    /// once, as every pair of ids of two lists is compared.
    chars: Vec<char>,
    type_code: std::ops::Range<usize>,
}

impl Form {
    fn new(id: &str, writing: Writing) -> Form {
        let id = normalize(id);
        let chars: Vec<char> = id.chars().collect();
        let type_code = type_code(&chars);
        Form {
            id,
            writing,
            chars,
            type_code,
        }
    }
}

/// A document number as compared: its canonical id and, when repaired, its printed text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct IdKey {
    forms: Vec<Form>,
}

impl IdKey {
    /// The key of `fact`, found in a record written as `writing`.
    pub(crate) fn new(fact: &DocRefFact, writing: Writing) -> IdKey {
        let mut forms = vec![Form::new(
            &fact.id,
            Writing {
                plain: writing.plain || fact.repaired,
                ocr: writing.ocr,
            },
        )];
        if fact.repaired {
            forms.push(Form::new(
                &fact.text,
                Writing {
                    plain: true,
                    ocr: true,
                },
            ));
        }
        IdKey { forms }
    }

    /// True when both keys spell the same document number (see the module documentation).
    pub(crate) fn same(&self, other: &IdKey) -> bool {
        self.forms
            .iter()
            .any(|x| other.forms.iter().any(|y| same_form(x, y)))
    }
}

/// ASCII digits, whitespace (a line break inside a printed id) removed.
fn normalize(id: &str) -> String {
    id.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10).unwrap_or(c),
            '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Two spellings of one id: same length, letter by letter equal or folded as the module says.
fn same_form(x: &Form, y: &Form) -> bool {
    if x.id == y.id {
        return true;
    }
    let (p, q) = (&x.chars, &y.chars);
    if p.len() != q.len() {
        return false;
    }
    let (tp, tq) = (&x.type_code, &y.type_code);
    let fold_d = x.writing.plain || y.writing.plain;
    p.iter().zip(q).enumerate().all(|(i, (&c, &d))| {
        same_letter(c, d, fold_d)
            || (tp.contains(&i) && d_bar(d) && ocr_reading(c, x.writing.ocr))
            || (tq.contains(&i) && d_bar(c) && ocr_reading(d, y.writing.ocr))
    })
}

/// Equal letters, any case; `Đ` and `D` when `fold_d`.
fn same_letter(c: char, d: char, fold_d: bool) -> bool {
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    lower(c) == lower(d) || (fold_d && (d_bar(c) || d_bar(d)) && lower(fold(c)) == lower(fold(d)))
}

/// `Đ`, `đ`, or the look-alike `Ð`.
fn d_bar(c: char) -> bool {
    matches!(c, 'Đ' | 'đ' | 'Ð')
}

/// `Đ` as `D`; other letters unchanged.
fn fold(c: char) -> char {
    if d_bar(c) { 'D' } else { c }
}

/// An OCR engine's reading of `Đ`: `b` always (never a letter of a type code), `P` and `B` on
/// OCR text.
fn ocr_reading(c: char, ocr: bool) -> bool {
    c == 'b' || (ocr && matches!(c, 'P' | 'B'))
}

/// The char range of the type code: the first `-`/`/`-separated part that starts with a letter
/// (`NĐ` in `34/2016/NĐ-CP`, `NQ` in `57-NQ/TW`).
fn type_code(id: &[char]) -> std::ops::Range<usize> {
    let mut start = 0;
    for (i, c) in id.iter().copied().enumerate().chain([(id.len(), '/')]) {
        if c == '-' || c == '/' {
            if id.get(start).is_some_and(|c| c.is_alphabetic()) {
                return start..i;
            }
            start = i + 1;
        }
    }
    0..0
}

/// A document number fact at `start` with only its text and id, for tests.
#[cfg(test)]
pub(crate) fn doc_ref_fact(start: usize, text: &str, id: &str, repaired: bool) -> DocRefFact {
    DocRefFact {
        text: text.to_owned(),
        start,
        end: start + text.len(),
        page: None,
        id: id.to_owned(),
        number: String::new(),
        year: None,
        doc_type: String::new(),
        type_name: String::new(),
        issuer: None,
        repaired,
        relation: docfacts_types::Relation::Cites,
        date: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: Writing = Writing {
        plain: false,
        ocr: false,
    };
    const PLAIN: Writing = Writing {
        plain: true,
        ocr: false,
    };
    const OCR: Writing = Writing {
        plain: true,
        ocr: true,
    };

    fn fact(text: &str, id: &str, repaired: bool) -> DocRefFact {
        doc_ref_fact(0, text, id, repaired)
    }

    fn key(id: &str, writing: Writing) -> IdKey {
        IdKey::new(&fact(id, id, false), writing)
    }

    fn same(x: (&str, Writing), y: (&str, Writing)) -> bool {
        let (kx, ky) = (key(x.0, x.1), key(y.0, y.1));
        assert_eq!(kx.same(&ky), ky.same(&kx), "symmetric: {x:?} {y:?}");
        kx.same(&ky)
    }

    #[test]
    fn d_folds_when_one_side_is_plain() {
        assert!(same(("34/2016/ND-CP", PLAIN), ("34/2016/NĐ-CP", CLEAN)));
        assert!(same(("15/2025/NQ-HDND", PLAIN), ("15/2025/NQ-HĐND", CLEAN)));
        assert!(same(("34/2016/ND-CP", OCR), ("34/2016/NĐ-CP", CLEAN)));
        // both printed with diacritics: `D` and `Đ` are different letters
        assert!(!same(("34/2016/ND-CP", CLEAN), ("34/2016/NĐ-CP", CLEAN)));
    }

    #[test]
    fn ocr_readings_of_d_in_the_type_code() {
        // `b` is never a type-code letter: any side
        assert!(same(("142/Qb-TTg", CLEAN), ("142/QĐ-TTg", CLEAN)));
        assert!(same(("142/Qb-TTg", PLAIN), ("142/QĐ-TTg", CLEAN)));
        // `P` only on OCR text (`PA` is a valid code)
        assert!(same(("142/QP-TTg", OCR), ("142/QĐ-TTg", CLEAN)));
        assert!(!same(("142/QP-TTg", PLAIN), ("142/QĐ-TTg", CLEAN)));
        assert!(!same(("12/PA-UBND", CLEAN), ("12/ĐA-UBND", CLEAN)));
        // only in the type code
        assert!(!same(("605/BTTTT-CbSQG", OCR), ("605/BTTTT-CĐSQG", CLEAN)));
        assert!(same(("605/BTTTT-CDSQG", OCR), ("605/BTTTT-CĐSQG", CLEAN)));
    }

    #[test]
    fn issuer_case() {
        assert!(same(("05/CT-TTG", CLEAN), ("05/CT-TTg", CLEAN)));
        assert!(same(("05/CT-TTG", PLAIN), ("05/CT-TTg", CLEAN)));
    }

    #[test]
    fn different_numbers_stay_different() {
        for w in [CLEAN, PLAIN, OCR] {
            assert!(!same(("142/QĐ-TTg", w), ("143/QĐ-TTg", CLEAN)));
            assert!(!same(("03/NQ-CP", w), ("03/NĐ-CP", CLEAN)));
            assert!(!same(("03/NQ-CP", w), ("03/ND-CP", PLAIN)));
            assert!(!same(("15/2025/NQ-HĐND", w), ("15/2024/NQ-HĐND", CLEAN)));
            assert!(!same(("57-NQ/TW", w), ("57-NQ/TU", CLEAN)));
            assert!(!same(("142/QĐ-TTg", w), ("142/QĐ-TT", CLEAN)));
        }
    }

    #[test]
    fn repaired_ids_stand_for_their_printed_text() {
        let repaired = IdKey::new(&fact("03/ND-CP", "03/NQ-CP", true), CLEAN);
        assert!(repaired.same(&key("03/ND-CP", PLAIN)));
        assert!(repaired.same(&key("03/NQ-CP", CLEAN)));
        assert!(!repaired.same(&key("04/NQ-CP", CLEAN)));
        // a repaired id is plain: its `Đ` may be the other side's `D` even in a marked text
        let repaired = IdKey::new(&fact("142/Qb-TTg", "142/QĐ-TTg", true), CLEAN);
        assert!(repaired.same(&key("142/QD-TTg", CLEAN)));
        // and its printed text is OCR text
        let repaired = IdKey::new(&fact("142/QP-TTg", "142/QĐ-TTg", true), CLEAN);
        assert!(repaired.same(&key("142/QĐ-TTg", CLEAN)));
        assert!(repaired.same(&key("142/QP-TTg", CLEAN)));
        // a line break and Persian digits in the printed text
        let repaired = IdKey::new(&fact("۰۱-\nNQ/TU", "01-NQ/TU", true), PLAIN);
        assert!(repaired.same(&key("01-NQ/TU", CLEAN)));
    }

    #[test]
    fn writing_of_records() {
        let lang = |code, variant| Language {
            code,
            variant,
            confidence: 1.0,
        };
        assert_eq!(
            Writing::of(&lang(Lang::Vi, Some(Variant::Diacritics))),
            CLEAN
        );
        assert_eq!(Writing::of(&lang(Lang::Vi, None)), CLEAN);
        assert_eq!(Writing::of(&lang(Lang::Vi, Some(Variant::Unaccented))), OCR);
        assert_eq!(Writing::of(&lang(Lang::En, None)), PLAIN);
        assert_eq!(Writing::of(&lang(Lang::Fa, None)), PLAIN);
    }

    #[test]
    fn type_code_is_the_first_part_of_letters() {
        let range = |id: &str| type_code(&id.chars().collect::<Vec<_>>());
        assert_eq!(range("34/2016/NĐ-CP"), 8..10);
        assert_eq!(range("57-NQ/TW"), 3..5);
        assert_eq!(range("142/Qb-TTg"), 4..6);
        assert_eq!(range("605/BTTTT"), 4..9);
        assert_eq!(range("12"), 0..0);
    }
}

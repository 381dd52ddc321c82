//! Repairs of OCR-damaged document numbers, and fuzzy matching of the context words that name a
//! document's type.
//!
//! An OCR engine without a Vietnamese model reads `Đ` as `D`, `b`, `P`, `B` or `[?`, and `Q` as
//! `D` or `b` (`03/NQ-CP` → `03/ND-CP`, `03/Nb-CP`; `142/QĐ-TTg` → `142/Qb-TTg`, `28/2018/QP-TTg`).
//! A type code is repaired only when the result is certain: the printed code is not a valid code
//! and exactly one valid code is reachable through these confusions, or the context word before
//! the number (`Nghị quyết` → `NQ`) names one of the reachable codes. A valid code is changed
//! (`ND` → `NQ`) only on OCR text (unaccented variant), only where the context word demands it,
//! and never where the source printed a real `Đ`. When not certain, the id is reported as printed.

use std::sync::LazyLock;

use regex::Regex;

use crate::Analyzed;
use crate::codes::TYPES as TYPE_CODES;

/// OCR readings of each letter of a type code (the true letter first, folded: `D` is `Đ`).
static CONFUSIONS: &[(char, &[char])] = &[('D', &['D', 'b', 'P', 'B']), ('Q', &['Q', 'D', 'b'])];

/// True when `printed` could be an OCR reading of the folded code `truth`, letter by letter.
fn could_be(printed: &str, truth: &str) -> bool {
    printed.chars().count() == truth.chars().count()
        && printed.chars().zip(truth.chars()).all(|(p, t)| {
            p == t
                || CONFUSIONS
                    .iter()
                    .find(|(c, _)| *c == t)
                    .is_some_and(|(_, readings)| readings.contains(&p))
        })
}

/// How a type code was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TypeReading {
    /// The canonical type code (`NQ`, `QĐ`).
    pub(crate) canonical: &'static str,
    /// Its folded spelling (`NQ`, `QD`), the spelling the view shows.
    pub(crate) folded: &'static str,
}

/// Reads a printed (folded) type code, repairing OCR damage when the result is certain.
///
/// - `printed`: the code as the view shows it (`ND`, `Nb`, `QP`);
/// - `context`: the canonical type the context word names (`Nghị quyết` → `NQ`), if any;
/// - `ocr`: the document is OCR text (unaccented Vietnamese), so valid codes may be damaged too;
/// - `printed_d`: the source printed a real `Đ` in this id (then `ND` is `NĐ`, not damage).
pub(crate) fn read_type(
    printed: &str,
    context: Option<&str>,
    ocr: bool,
    printed_d: bool,
) -> Option<TypeReading> {
    let exact = TYPE_CODES
        .iter()
        .find(|(f, c, _)| *f == printed || *c == printed)
        .map(|&(folded, canonical, _)| TypeReading { canonical, folded });
    // The codes `printed` could be an OCR reading of, in table order (walked only where the
    // answer needs them, and never collected).
    let reachable = || {
        TYPE_CODES
            .iter()
            .filter(|(f, _, _)| could_be(printed, f))
            .map(|&(folded, canonical, _)| TypeReading { canonical, folded })
    };
    let by_context = || context.and_then(|c| reachable().find(|r| r.canonical == c));
    match exact {
        Some(valid) if ocr && !printed_d => match by_context() {
            Some(ctx) if ctx != valid => Some(ctx),
            _ => Some(valid),
        },
        Some(valid) => Some(valid),
        None => by_context().or_else(|| {
            let mut all = reachable();
            let only = all.next()?;
            all.next().is_none().then_some(only)
        }),
    }
}

/// True when the printed `text` differs from the canonical `id` beyond `Đ`/`D` folding and digit
/// scripts (the gold format's `ocr_repaired`): a repaired code, a stray space or line break, `-`
/// for `/`.
pub(crate) fn differs(text: &str, id: &str) -> bool {
    let fold = |c: char| match c {
        'Đ' | 'đ' | 'Ð' => 'D',
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10).unwrap_or(c),
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10).unwrap_or(c),
        c => c,
    };
    !text.chars().map(fold).eq(id.chars().map(fold))
}

/// The type named by the last two words of `before` (folded, lowercase, `số` already trimmed),
/// allowing one OCR edit per word pair (`nghij quyet`, `quyeet dinh`, `kee hoach`, `cong vin`).
pub(crate) fn fuzzy_context_type(before: &str) -> Option<&'static str> {
    let mut words = before.split_whitespace().rev();
    let (last, second) = (words.next()?, words.next()?);
    // The two words joined by a space, built only when a keyword is near enough to compare.
    let mut last_two = String::new();
    let mut best: Option<(usize, &'static str)> = None;
    // Two-word keywords long enough that one edit cannot turn another word into them.
    let keywords = crate::codes::TYPE_WORDS
        .iter()
        .filter(|(w, _)| w.is_ascii() && w.contains(' ') && w.len() >= 7);
    let first = second.chars().next();
    let chars = second.chars().count() + 1 + last.chars().count();
    for &(word, code) in keywords {
        // The distance is at least the difference in length (the keywords are ASCII: bytes are
        // chars), so only keywords within one char of `last_two`, with its first letter, can pass.
        if word.chars().next() != first || word.len().abs_diff(chars) > 1 {
            continue;
        }
        if last_two.is_empty() {
            last_two = format!("{second} {last}");
        }
        let d = strsim::damerau_levenshtein(&last_two, word);
        // One edit in a two-word keyword, and the same first letter (so `chi thi` ≠ `thi thi`).
        if d <= 1
            && last_two.chars().next() == word.chars().next()
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, code));
        }
    }
    best.map(|(_, code)| code)
}

/// A document number somewhere in a line (`1096/STTTT-CNTT`, `32-CTr-TU`, `142/Qb-TTg`).
static CITES_DOCUMENT: LazyLock<Regex> =
    LazyLock::new(|| crate::built_in_regex(r"\d{1,5}(?:/\d{4})?[/-] ?[A-ZĐ][A-Za-zĐđ]"));

/// A footnote's leading number (`4 Công văn số 1096/STTTT-CNTT ngày …`): one or two digits that
/// open a line, followed by a capitalised word, on a line that cites a document number. Footnote
/// lines of OCR'd and extracted reports look like this; counts never open a line this way.
pub(crate) fn is_footnote_marker(doc: &Analyzed<'_>, start: usize, end: usize) -> bool {
    let token = doc.view.text().get(start..end).unwrap_or_default();
    if token.is_empty() || token.len() > 2 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let src_start = doc.view.source_offset(start);
    // Only blanks may stand between the line's start and the number: scan back over them alone,
    // never over the whole line (a long line holds many small numbers).
    let before = doc.source.get(..src_start).unwrap_or_default();
    let blank_len: usize = before
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace() && *c != '\n')
        .map(char::len_utf8)
        .sum();
    crate::work::read(blank_len + 1);
    let opens_line = before
        .get(..before.len() - blank_len)
        .is_none_or(|b| b.is_empty() || b.ends_with('\n'));
    if !opens_line {
        return false;
    }
    // Where the number ends, looked up only for a number that opens its line (most do not).
    let src_end = doc.view.source_offset(end);
    let rest = doc.source.get(src_end..).unwrap_or_default();
    let line = rest.split('\n').next().unwrap_or_default();
    crate::work::read(line.len());
    let capital_word = line
        .strip_prefix(' ')
        .and_then(|l| l.chars().next())
        .is_some_and(char::is_uppercase);
    capital_word && CITES_DOCUMENT.is_match(line)
}

/// The second number of a small range `03-05` (`ít nhất là 03-05 chuyên gia`): both sides are
/// standalone numbers of at most three digits, so the dash is not part of a code (`BCA-C06`,
/// `1096/STTTT-CNTT`) or an id (`57-NQ/TW`).
pub(crate) fn is_range_end(view: &str, start: usize, end: usize) -> bool {
    let Some(before) = view.get(..start).and_then(|b| b.strip_suffix('-')) else {
        return false;
    };
    let first_len = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    let opens = before
        .get(..before.len() - first_len)
        .and_then(|b| b.chars().next_back())
        .is_none_or(|c| c == ' ' || c == '(');
    let closes = view
        .get(end..)
        .and_then(|a| a.chars().next())
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '-' | '/' | '.' | ',')));
    (1..=3).contains(&first_len) && end - start <= 3 && opens && closes
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! t {
        ($name:ident, $printed:expr, $ctx:expr, $ocr:expr, $d:expr, $expect:expr) => {
            #[test]
            fn $name() {
                let ctx: Option<&str> = $ctx;
                let got = read_type($printed, ctx, $ocr, $d).map(|r| r.canonical);
                assert_eq!(got, $expect, "printed {:?} context {:?}", $printed, ctx);
            }
        };
    }

    t!(
        nd_after_resolution,
        "ND",
        Some("NQ"),
        true,
        false,
        Some("NQ")
    );
    t!(
        nd_after_decree_stays,
        "ND",
        Some("NĐ"),
        true,
        false,
        Some("NĐ")
    );
    t!(nd_printed_d_stays, "ND", Some("NQ"), true, true, Some("NĐ"));
    t!(
        nd_clean_text_stays,
        "ND",
        Some("NQ"),
        false,
        false,
        Some("NĐ")
    );
    t!(nd_no_context_stays, "ND", None, true, false, Some("NĐ"));
    t!(
        nb_after_resolution,
        "Nb",
        Some("NQ"),
        true,
        false,
        Some("NQ")
    );
    t!(nb_after_decree, "Nb", Some("NĐ"), true, false, Some("NĐ"));
    t!(nb_without_context_uncertain, "Nb", None, true, false, None);
    t!(qb_is_decision, "Qb", None, true, false, Some("QĐ"));
    t!(qp_is_decision, "QP", None, false, false, Some("QĐ"));
    t!(
        qp_context_other_type_still_decision,
        "QP",
        Some("KH"),
        true,
        false,
        Some("QĐ")
    );
    t!(kh_stays, "KH", Some("NQ"), true, false, Some("KH"));
    t!(unknown_stays_unknown, "XY", Some("NQ"), true, false, None);

    fn footnote(source: &str, token: &str) -> bool {
        let view = docfacts_normalize::View::new(source);
        let doc = Analyzed {
            source,
            view: &view,
            lang: docfacts_types::Lang::Vi,
            variant: None,
            deadline: None,
        };
        let at = view.text().find(token).unwrap_or(usize::MAX);
        is_footnote_marker(&doc, at, at + token.len())
    }

    #[test]
    fn footnote_markers() {
        assert!(footnote(
            "tinh.\n\n4 Cong vin s6 1096/STTTT-CNTT-BCVT ngay 16/7/2024.",
            "4"
        ));
        assert!(footnote(
            "x\n12 Quyết định số 142/QĐ-TTg ngày 2/2/2024",
            "12"
        ));
        // Counts: not at a line start, not before a capital, or no document cited.
        assert!(!footnote("dat 4 Cong van 1096/STTTT", "4"));
        assert!(!footnote("x\n4 co quan da hoan thanh", "4"));
        assert!(!footnote("x\n4 Co quan da hoan thanh", "4"));
        assert!(!footnote("x\n188 Co quan theo 1096/STTTT", "188"));
    }

    #[test]
    fn ranges() {
        let v = "it nhat la 03-05 chuyen gia";
        let at = v.find("05").unwrap_or(0);
        assert!(is_range_end(v, at, at + 2));
        let v = "Cong van 2760/BCA-C06 ngay";
        let at = v.find("06").unwrap_or(0);
        assert!(!is_range_end(v, at, at + 2));
        let v = "ma 12-34-56 x";
        let at = v.find("34").unwrap_or(0);
        assert!(!is_range_end(v, at, at + 2));
    }

    #[test]
    fn repaired_flag() {
        assert!(differs("03/ND-CP", "03/NQ-CP"));
        assert!(differs("605/ BTTTT-CDSQG", "605/BTTTT-CĐSQG"));
        assert!(differs("01-\nNQ/TU", "01-NQ/TU"));
        assert!(differs("32-CTr-TU", "32-CTr/TU"));
        assert!(!differs("34/2016/ND-CP", "34/2016/NĐ-CP"));
        assert!(!differs("15/2025/NQ-HĐND", "15/2025/NQ-HĐND"));
        assert!(!differs("۷۱/NQ-CP", "71/NQ-CP"));
    }

    #[test]
    fn fuzzy_context() {
        assert_eq!(fuzzy_context_type("da ban hanh nghij quyet"), Some("NQ"));
        assert_eq!(fuzzy_context_type("tai quyeet dinh"), Some("QĐ"));
        assert_eq!(fuzzy_context_type("theo kee hoach"), Some("KH"));
        assert_eq!(fuzzy_context_type("can cu cong vin"), Some("CV"));
        assert_eq!(fuzzy_context_type("ban hanh nghi dinh"), Some("NĐ"));
        assert_eq!(fuzzy_context_type("tong so ho"), None);
        assert_eq!(fuzzy_context_type("quyet"), None);
    }
}

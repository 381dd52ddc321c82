//! Official document numbers: Party style `57-NQ/TW`, state style `03/NQ-CP`, year-bearing
//! `15/2025/NQ-HĐND` and `193/2025/QH15`, letters without a type code `605/BTTTT-CĐSQG`, and
//! `Project 06/CP`.
//!
//! The grammar matches on the accent-folded view, so `ND-CP` (a translation's spelling), `NĐ-CP`
//! and OCR's lost diacritics read alike; the canonical id restores `Đ` from the source text where
//! it was printed and from the table of known codes where it was not.

use std::sync::LazyLock;

use docfacts_types::{DocRefFact, Lang, Relation, Variant};
use regex::Regex;

use crate::Analyzed;
use crate::codes::{TYPE_WORDS, type_name};
use crate::mask::Taken;
use crate::repair;
use crate::text::{LOOK, Lowered, head, tail};

/// A code part: a capital letter, then letters or digits (`NQ`, `TTg`, `QH15`, `CTr`).
const CODE: &str = r"[A-Z][A-Za-z0-9]{0,9}";

/// Party issuers (folded), for Party numbers whose `/` OCR read as `-` (`32-CTr-TU`).
const PARTY_ISSUERS: &str = "TW|TU|HU|QU|DU|DUK|TUQT|BCT|BBT|VPTW|BCDTW|BTGTW|BTCTW|UBKTTW|BDVTW";

static DOC_REF: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?x)
        (?P<num>(?-u:\b)\d{{1,5}})
        (?:
            -(?P<ptype>{CODE})/(?P<pissuer>{CODE}(?:-{CODE})*)      # Party: 57-NQ/TW
          | (?:/(?P<year>(?:19|20)\d{{2}}))?/(?P<codes>{CODE}(?:-{CODE})*)  # state: 03/NQ-CP, 15/2025/NQ-HDND
          | -(?P<dtype>{CODE})-(?P<dissuer>{PARTY_ISSUERS})              # OCR `-` for `/`: 32-CTr-TU
        )
        (?-u:\b)"
    );
    crate::built_in_regex(&pattern)
});

/// The numbers of [`DOC_REF`]'s named groups (a match is asked for several).
struct Groups {
    num: usize,
    year: usize,
    ptype: usize,
    pissuer: usize,
    dtype: usize,
    dissuer: usize,
    codes: usize,
}

static GROUPS: LazyLock<Groups> = LazyLock::new(|| {
    let index = |name: &str| {
        DOC_REF
            .capture_names()
            .position(|n| n == Some(name))
            .unwrap_or(usize::MAX)
    };
    Groups {
        num: index("num"),
        year: index("year"),
        ptype: index("ptype"),
        pissuer: index("pissuer"),
        dtype: index("dtype"),
        dissuer: index("dissuer"),
        codes: index("codes"),
    }
});

/// [`DOC_REF`]'s matches, as `captures_iter` gives them: a match is made of digits, code letters,
/// `-` and `/`, and starts at a run of at most 5 digits after no word byte, followed by `-` or `/`;
/// only the tokens such runs open are searched (see `windows::captures_in_tokens`).
fn doc_ref_matches<'h>(
    view: &'h str,
    digits: &crate::windows::Digits,
) -> crate::windows::Matches<'h> {
    let starts = |bytes: &[u8], run: &std::ops::Range<usize>| {
        let after_word = run
            .start
            .checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_some_and(|&b| crate::windows::is_word_byte(b));
        !after_word && run.len() <= 5 && matches!(bytes.get(run.end), Some(b'-' | b'/'))
    };
    crate::windows::captures_in_tokens(&DOC_REF, view, digits, b"-/", starts, doc_ref_at)
}

/// [`DOC_REF`] read by hand at `at` (a digit after no word byte), inside a token that ends at
/// `end`; its groups written into `slots` as the regex would.
///
/// A code (`[A-Z][A-Za-z0-9]{0,9}`) is always followed by `-`, `/` or a word boundary, which a
/// shorter code would leave between two letters: so a code is the whole run of letters and digits
/// from a capital, and is no code when that run is longer than ten. The number is the whole digit
/// run, as long as five digits. The alternatives are tried in the regex's order; in each, the list
/// of codes after the first takes as many `-code` as it can, and gives back the last ones while
/// the boundary after them fails (a `_` next).
fn doc_ref_at(bytes: &[u8], end: usize, at: usize, slots: &mut [Option<(usize, usize)>]) -> bool {
    use crate::windows::is_word_byte;
    let g = &*GROUPS;
    let byte = |i: usize| if i < end { bytes.get(i).copied() } else { None };
    // The end of the code at `i`, if one starts there.
    let code = |i: usize| {
        if !byte(i).is_some_and(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let e = (i..end)
            .find(|&k| !byte(k).is_some_and(|b| b.is_ascii_alphanumeric()))
            .unwrap_or(end);
        (e - i <= 10).then_some(e)
    };
    // `code(-code)*` then a boundary (the next byte no word byte), from a code's start: its end.
    let codes = |i: usize| {
        let (mut e, mut last) = (code(i)?, None);
        loop {
            if !byte(e).is_some_and(is_word_byte) {
                last = Some(e);
            }
            match code(e + 1) {
                Some(next) if byte(e) == Some(b'-') => e = next,
                _ => return last,
            }
        }
    };
    // The number: the whole digit run (the token ends before any byte that is not a digit).
    let n = crate::date_hand::digits_end(bytes, at);
    if n - at > 5 {
        return false;
    }
    // Each alternative in the regex's order: the end of its match and the groups it sets.
    type Groups = [Option<(usize, (usize, usize))>; 2];
    let party = || {
        // 57-NQ/TW
        let t = code(n + 1).filter(|_| byte(n) == Some(b'-'))?;
        let e = codes(t + 1).filter(|_| byte(t) == Some(b'/'))?;
        Some((
            e,
            [Some((g.ptype, (n + 1, t))), Some((g.pissuer, (t + 1, e)))],
        ))
    };
    let state_with_year = || {
        // 15/2025/NQ-HDND
        let year = bytes.get(n + 1..n + 5).filter(|_| byte(n) == Some(b'/'))?;
        let is_year = (year.starts_with(b"19") || year.starts_with(b"20"))
            && year.iter().all(u8::is_ascii_digit);
        let e = codes(n + 6).filter(|_| is_year && byte(n + 5) == Some(b'/'))?;
        Some((
            e,
            [Some((g.year, (n + 1, n + 5))), Some((g.codes, (n + 6, e)))],
        ))
    };
    let state = || {
        // 03/NQ-CP
        let e = codes(n + 1).filter(|_| byte(n) == Some(b'/'))?;
        Some((e, [Some((g.codes, (n + 1, e))), None]))
    };
    let dashed_party = || {
        // OCR's `-` for `/`: 32-CTr-TU
        let t = code(n + 1).filter(|_| byte(n) == Some(b'-'))?;
        (byte(t) == Some(b'-')).then_some(())?;
        let e = (t + 1..end)
            .find(|&k| !byte(k).is_some_and(is_word_byte))
            .unwrap_or(end);
        let issuer = bytes.get(t + 1..e).unwrap_or_default();
        PARTY_ISSUERS
            .split('|')
            .any(|p| p.as_bytes() == issuer)
            .then_some((
                e,
                [Some((g.dtype, (n + 1, t))), Some((g.dissuer, (t + 1, e)))],
            ))
    };
    let found: Option<(usize, Groups)> = party()
        .or_else(state_with_year)
        .or_else(state)
        .or_else(dashed_party);
    let Some((e, groups)) = found else {
        return false;
    };
    let spans = groups.into_iter().flatten();
    for (group, span) in spans.chain([(g.num, (at, n)), (0, (at, e))]) {
        if let Some(slot) = slots.get_mut(group) {
            *slot = Some(span);
        }
    }
    true
}

/// Issuer codes whose canonical spelling has `Đ`, by their folded spelling.
static ISSUERS_WITH_D: &[(&str, &str)] = &[
    ("HDND", "HĐND"),
    ("BCDTW", "BCĐTW"),
    ("BCD", "BCĐ"),
    ("CDSQG", "CĐSQG"),
    ("DU", "ĐU"),
    ("BGDDT", "BGDĐT"),
    ("DHQG", "ĐHQG"),
    ("VPDU", "VPĐU"),
    ("DTN", "ĐTN"),
];

fn canonical_issuer_part(folded: &str) -> Option<&'static str> {
    ISSUERS_WITH_D
        .iter()
        .chain(MIXED_CASE_ISSUERS)
        .find(|(f, _)| *f == folded)
        .map(|&(_, c)| c)
}

/// Issuer codes written in mixed case, by their spelling in an all-capital line (`05/CT-TTG`).
static MIXED_CASE_ISSUERS: &[(&str, &str)] = &[("TTG", "TTg")];

/// A project named by its bare number (`Đề án 06`, `Project 06`, `پروژه ۰۶`).
static BARE_PROJECT: LazyLock<Regex> = LazyLock::new(|| {
    crate::built_in_regex(
        r"(?i)(?:(?-u:\b)(?:de an|project)|پروژه)\s+(?P<num>\d{1,3})(?-u:\b)(?:[^/\d]|$)",
    )
});

/// Projects known by their bare number, and their full id (`Đề án 06` is `Đề án 06/CP`).
static KNOWN_PROJECTS: &[(&str, &str)] = &[("06", "06/CP")];

/// `digits`: the view's digit runs ([`crate::windows::Digits::of`], shared with the dates).
pub(crate) fn extract(
    doc: &Analyzed<'_>,
    taken: &mut Taken,
    digits: &crate::windows::Digits,
) -> Vec<DocRefFact> {
    let mut out = numbered(doc, taken, digits);
    bare_projects(doc, taken, &mut out);
    out.sort_by_key(|r| r.start);
    out
}

/// `Đề án 06`: reported with its full id where the project is known; otherwise its number is
/// claimed (it is a name, not a figure) without a fact.
fn bare_projects(doc: &Analyzed<'_>, taken: &mut Taken, out: &mut Vec<DocRefFact>) {
    let view = doc.view.text();
    // One set of capture slots for every match; a match is never empty (it holds a digit), so
    // searching on from its end finds what `captures_iter` finds.
    let mut caps = BARE_PROJECT.capture_locations();
    let num_group = BARE_PROJECT
        .capture_names()
        .position(|n| n == Some("num"))
        .unwrap_or(usize::MAX);
    let mut at = 0;
    while let Some(whole) = BARE_PROJECT.captures_read_at(&mut caps, view, at) {
        if whole.is_empty() {
            break; // never: a match holds a digit
        }
        at = whole.end();
        let Some((num_start, num_end)) = caps.get(num_group) else {
            continue;
        };
        let Some(num) = view.get(num_start..num_end) else {
            continue;
        };
        if taken.overlaps(num_start, num_end) {
            continue;
        }
        taken.add(num_start, num_end);
        let Some(&(_, id)) = KNOWN_PROJECTS.iter().find(|(n, _)| *n == num) else {
            continue;
        };
        let span = doc.view.source_span(whole.start(), num_end);
        let Some(text) = span.slice(doc.source) else {
            continue;
        };
        out.push(DocRefFact {
            text: text.to_owned(),
            start: span.start,
            end: span.end,
            page: None,
            id: id.to_owned(),
            number: num.to_owned(),
            year: None,
            doc_type: "ĐA".to_owned(),
            type_name: type_name("ĐA").to_owned(),
            issuer: id.split('/').nth(1).map(str::to_owned),
            repaired: false,
            relation: Relation::Cites,
            date: None,
        });
    }
}

fn numbered(
    doc: &Analyzed<'_>,
    taken: &mut Taken,
    digits: &crate::windows::Digits,
) -> Vec<DocRefFact> {
    let view = doc.view.text();
    let g = &*GROUPS;
    let mut out = Vec::new();
    let matches = doc_ref_matches(view, digits);
    for (i, caps) in matches.iter().enumerate() {
        if i % 256 == 255 && doc.out_of_time() {
            break;
        }
        let (Some(whole), Some(num)) = (caps.get(0), caps.get(g.num)) else {
            continue;
        };
        // A number glued to a preceding digit group or slash belongs to something else (`HATRI 10/722`),
        // unless the dot closes `No.` or `số.` (`Decree No.45/2019/ND-CP`).
        if preceded_by(view, whole.start(), |c| c == '/' || c == '.' || c == ',')
            && !after_number_word(view, whole.start())
        {
            continue;
        }
        // An issuer code after a dash and a stray space (`12/KH- UBND`, a break in a PDF line).
        let spaced = caps
            .get(g.codes)
            .and_then(|codes| spaced_code(view, codes.end()))
            .filter(|_| caps.get(g.codes).is_some_and(|c| !c.as_str().contains('-')));
        let codes_text: Option<std::borrow::Cow<'_, str>> = match (caps.get(g.codes), spaced) {
            (Some(c), Some(extra)) => Some(format!("{}-{extra}", c.as_str()).into()),
            (Some(c), None) => Some(c.as_str().into()),
            (None, _) => None,
        };
        let whole_end = whole.end() + spaced.map_or(0, |extra| 2 + extra.len());
        // A place another number claimed is left before any reading (nothing is built for it).
        if taken.overlaps(whole.start(), whole_end) {
            continue;
        }
        let span = doc.view.source_span(whole.start(), whole_end);
        let Some(text) = span.slice(doc.source) else {
            continue;
        };
        let year = caps
            .get(g.year)
            .and_then(|y| y.as_str().parse::<u16>().ok());
        let context = context_type(view, whole.start(), whole.end(), doc.lang);
        let ocr = doc.lang == Lang::Vi && doc.variant == Some(Variant::Unaccented);
        let printed_d = text.contains(['Đ', 'đ']);
        let read = |code: &str| repair::read_type(code, context, ocr, printed_d);
        let party = caps
            .get(g.ptype)
            .zip(caps.get(g.pissuer))
            .or_else(|| caps.get(g.dtype).zip(caps.get(g.dissuer)));
        let (doc_type, issuer, id) = if let Some((t, iss)) = party {
            let Some(reading) = read(t.as_str()) else {
                continue;
            };
            let issuer = canonical_codes(iss.as_str(), text);
            let id = [num.as_str(), "-", reading.canonical, "/", &issuer].concat();
            (reading.canonical, Some(issuer), id)
        } else if let Some(codes) = codes_text.as_deref() {
            // The year as printed: four digits, as the parsed year writes itself.
            let year_text = caps
                .get(g.year)
                .map(|y| y.as_str())
                .filter(|_| year.is_some());
            let (first, rest) = codes.split_once('-').unwrap_or((codes, ""));
            // Read only where a type code may stand (its reading weighs the OCR confusions).
            let typed = codes.contains('-') && first != "L";
            match typed.then(|| read(first)).flatten() {
                Some(reading) => {
                    let issuer = canonical_codes(rest, text);
                    let id = state_id(num.as_str(), year_text, &[reading.canonical, "-", &issuer]);
                    (reading.canonical, Some(issuer), id)
                }
                None => {
                    // No type code: a law or National Assembly resolution (`193/2025/QH15`), a letter
                    // (`605/BTTTT-CĐSQG`), or a project (`Project 06/CP`): the context word decides.
                    let issuer = canonical_codes(codes, text);
                    let doc_type = context.unwrap_or(if year.is_some() { "L" } else { "CV" });
                    let id = state_id(num.as_str(), year_text, &[&issuer]);
                    (doc_type, Some(issuer), id)
                }
            }
        } else {
            continue;
        };
        // A state-style number without a year and a single all-caps part is too weak alone
        // (`3/AB`): require a known type, a context word, or an issuer with two or more letters.
        taken.add(whole.start(), whole_end);
        out.push(DocRefFact {
            text: text.to_owned(),
            start: span.start,
            end: span.end,
            page: None,
            number: num.as_str().to_owned(),
            year,
            doc_type: doc_type.to_owned(),
            type_name: type_name(doc_type).to_owned(),
            issuer,
            repaired: repair::differs(text, &id),
            relation: Relation::Cites,
            date: None,
            id,
        });
    }
    out
}

/// A state-style id: the number, its year where one was printed, then the `rest` of it
/// (`15/2025/NQ-HĐND`), in one allocation.
fn state_id(num: &str, year: Option<&str>, rest: &[&str]) -> String {
    let len = num.len()
        + 1
        + year.map_or(0, |y| y.len() + 1)
        + rest.iter().map(|r| r.len()).sum::<usize>();
    let mut id = String::with_capacity(len);
    id.push_str(num);
    id.push('/');
    if let Some(y) = year {
        id.push_str(y);
        id.push('/');
    }
    rest.iter().for_each(|r| id.push_str(r));
    id
}

/// The letters and digits of a part of a printed id (source letters; used to keep a printed `Đ`).
fn printed_letters(part: &str) -> impl Iterator<Item = char> + Clone + '_ {
    part.chars().filter(|c| c.is_alphanumeric())
}

/// Canonical issuer codes: each `-`-separated part restored from the source `text` of the id (a
/// printed `Đ` kept) or the table.
fn canonical_codes(folded: &str, text: &str) -> String {
    let mut out = String::with_capacity(folded.len() + 4);
    for (i, part) in folded.split('-').enumerate() {
        if i > 0 {
            out.push('-');
        }
        if let Some(c) = canonical_issuer_part(part) {
            out.push_str(c);
            continue;
        }
        // Keep a `Đ` the source printed in this part (unknown issuers such as `SĐKT`).
        let printed = text.split(['-', '/']).map(printed_letters).find(|p| {
            p.clone()
                .map(|c| if matches!(c, 'Đ' | 'đ') { 'D' } else { c })
                .eq(part.chars())
        });
        match printed {
            Some(p) => out.extend(p.map(|c| if c == 'đ' { 'Đ' } else { c })),
            None => out.push_str(part),
        }
    }
    out
}

/// The type named by the words just before the number (`Nghị quyết số`, `Resolution No.`), or just
/// after it (`the 06/CP Project`).
fn context_type(view: &str, start: usize, end: usize, lang: Lang) -> Option<&'static str> {
    let before = Lowered::of(tail(view.get(..start).unwrap_or_default(), LOOK));
    let trimmed = before
        .as_str()
        .trim_end()
        .trim_end_matches(':')
        .trim_end()
        .trim_end_matches(['.']);
    let trimmed = [" so", " no", " number", " شماره"]
        .iter()
        .fold(trimmed, |t, word| crate::text::strip_all(t, word))
        .trim_end();
    for (word, code) in TYPE_WORDS.iter() {
        if crate::text::ends_with_word(trimmed, word) {
            return Some(code);
        }
    }
    if lang == Lang::Vi
        && let Some(code) = repair::fuzzy_context_type(trimmed)
    {
        return Some(code);
    }
    let after = Lowered::of(head(view.get(end..).unwrap_or_default(), LOOK));
    let after = after.as_str().trim_start();
    for (word, code) in TYPE_WORDS.iter() {
        if matches!(*code, "ĐA") && crate::text::starts_with_word(after, word) {
            return Some(code);
        }
    }
    None
}

/// Whether the text before `pos` ends with a number word and its dot (`No.`, `số.`, `Nr.`).
fn after_number_word(view: &str, pos: usize) -> bool {
    let before = tail(view.get(..pos).unwrap_or_default(), 8);
    let Some(word) = before.strip_suffix('.') else {
        return false;
    };
    let word = word
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    ["no", "so", "nr", "nos"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

/// The code after `- ` at view byte `at` (`KH- UBND`): a capital letter, then letters or digits,
/// the code ending at a word boundary.
fn spaced_code(view: &str, at: usize) -> Option<&str> {
    let rest = view.get(at..)?.strip_prefix("- ")?;
    let len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let code = rest.get(..len)?;
    let first_upper = code.starts_with(|c: char| c.is_ascii_uppercase());
    let letters = code.chars().filter(char::is_ascii_alphabetic).count();
    (first_upper && letters >= 2 && (2..=10).contains(&len)).then_some(code)
}

fn preceded_by(view: &str, pos: usize, pred: impl Fn(char) -> bool) -> bool {
    view.get(..pos)
        .and_then(|s| s.chars().next_back())
        .is_some_and(pred)
}

#[cfg(test)]
mod token_tests {
    use docfacts_normalize::View;
    use proptest::prelude::*;

    use super::*;

    fn spans(caps: &regex::Captures<'_>) -> Vec<Option<(usize, usize)>> {
        caps.iter()
            .map(|m| m.map(|m| (m.start(), m.end())))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Searching the tokens digit runs open finds what a whole-view scan finds.
        #[test]
        fn tokens_equal_whole_view(
            tokens in prop::collection::vec(prop::sample::select(vec![
                "1", "57", "123456", "2025", "1999", "-", "/", "/", "NQ", "TW", "CP", "TTg", "HDND",
                "CTr", "TU", "QH15", "a", "_", " ", " ", ".", ",", "ă", "x", "Đ", "\n", "۵",
                "DU", "K", "Q", "BCDTW", "UBKTTW", "19", "20", "0", "/2025/", "/1999/", "/2125/",
            ]), 0..60),
        ) {
            let source: String = tokens.concat();
            let view = View::new(&source);
            let view = view.text();
            let whole: Vec<_> = DOC_REF.captures_iter(view).map(|c| spans(&c)).collect();
            let near: Vec<_> = doc_ref_matches(view, &crate::windows::Digits::of(view))
                .iter()
                .map(|hit| {
                    (0..DOC_REF.captures_len())
                        .map(|i| hit.get(i).map(|g| (g.start(), g.end())))
                        .collect::<Vec<_>>()
                })
                .collect();
            prop_assert_eq!(whole, near, "on {:?}", view);
        }
    }
}

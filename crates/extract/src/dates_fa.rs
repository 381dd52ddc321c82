//! Persian dates: Gregorian months written in Persian (`۲۹ ژوئیه ۲۰۲۵`), Jalali (Solar Hijri)
//! months (`۲۶ فروردین ۱۴۰۴`), numeric dates in Persian order (`۱۴۰۴/۰۱/۲۶`, `۲۰۲۵/۹/۳۰`), years
//! (`سال ۲۰۲۵`) and periods (`۶ ماه نخست سال ۲۰۲۵`, `سه ماهه سوم سال ۱۴۰۴`).
//!
//! The grammars run on the matching view, where Persian and Arabic-Indic digits are ASCII, Arabic
//! `ي ك` are Persian `ی ک` and ZWNJ, bidi marks and kashida are gone. Jalali dates are converted
//! to Gregorian by ICU4X's `icu_calendar` (its `Persian` calendar, the same arithmetic as ICU and
//! CLDR), never by hand. A Jalali date that is less than a day (a month, a year, a period) becomes
//! the interval of Gregorian days it covers: `فروردین ۱۴۰۴` → `2025-03-21/2025-04-20`, precision
//! `day`. A Jalali day and month with no year is not reported: it cannot be converted.

use std::ops::Range;
use std::sync::LazyLock;

use docfacts_types::{Calendar, Precision};
use icu_calendar::Date;
use icu_calendar::cal::Gregorian;

use crate::date_match::{Caps, Found, valid_day};
use crate::windows::RunFilter;

/// A Persian date found in the view (view offsets).
type FaDate = Found;

/// The Persian pack's words, as the grammars below read them.
static FA: &crate::packs::Pack = &crate::packs::fa::PACK;

/// Gregorian month names as written in Iran and Afghanistan, with their number.
static GREGORIAN_MONTHS: LazyLock<Vec<(&'static str, u8)>> = LazyLock::new(|| words(FA.months));

/// Jalali month names and their number.
static JALALI_MONTHS: LazyLock<Vec<(&'static str, u8)>> =
    LazyLock::new(|| words(FA.calendar_months));

/// (word, number) of a pack's table, numbers 1–12 as `u8`.
fn words(table: &'static [(crate::packs::Word, u32)]) -> Vec<(&'static str, u8)> {
    table
        .iter()
        .filter_map(|(w, n)| Some((w.folded, u8::try_from(*n).ok()?)))
        .collect()
}

/// Every ordinal day word 1–31 in view spelling (spaces as single spaces), with its number.
static DAY_WORDS: LazyLock<Vec<(String, u32)>> = LazyLock::new(|| {
    let ordinals = FA.day_words;
    let mut out: Vec<(String, u32)> = ordinals.iter().map(|&(w, n)| (w.to_owned(), n)).collect();
    for &(w, n) in ordinals.iter().filter(|&&(_, n)| n <= 9) {
        if w == "نخست" {
            continue;
        }
        out.push((format!("بیست و {w}"), 20 + n));
    }
    out.push(("سی ام".to_owned(), 30));
    out.push(("سیام".to_owned(), 30));
    out.push(("سی و یکم".to_owned(), 31));
    out
});

/// Reads one match into a date, or refuses it.
type Read = fn(&Caps<'_, '_>) -> Option<FaDate>;

/// Words a digit-run filter looks for beside a run, with the keys ([`key`]) of the last and of the
/// first four bytes they can have: one look-up refuses most places before any word is compared.
struct Words {
    words: Vec<&'static [u8]>,
    /// Bit sets of 2^16 keys.
    ends: Vec<u64>,
    starts: Vec<u64>,
}

/// A key of four bytes: the low bits of two two-byte characters (most of a Persian letter pair).
fn key(four: &[u8]) -> Option<usize> {
    let &[a, b, c, d] = four else {
        return None;
    };
    Some(
        usize::from(a & 3) << 14
            | usize::from(b & 0x3F) << 8
            | usize::from(c & 3) << 6
            | usize::from(d & 0x3F),
    )
}

/// Whether key `k` is in `set` (`None`, no key: every place is kept).
fn has(set: &[u64], k: Option<usize>) -> bool {
    k.is_none_or(|k| set.get(k / 64).is_some_and(|w| w >> (k % 64) & 1 == 1))
}

impl Words {
    fn new(words: impl IntoIterator<Item = &'static str>) -> Words {
        let mut out = Words {
            words: Vec::new(),
            ends: vec![0; 1024],
            starts: vec![0; 1024],
        };
        for w in words.into_iter().map(str::as_bytes) {
            let first = w.get(..4).and_then(key);
            let last = w
                .len()
                .checked_sub(4)
                .and_then(|i| w.get(i..))
                .and_then(key);
            match (first, last) {
                (Some(f), Some(l)) => {
                    for (set, k) in [(&mut out.starts, f), (&mut out.ends, l)] {
                        if let Some(word) = set.get_mut(k / 64) {
                            *word |= 1 << (k % 64);
                        }
                    }
                }
                // A word shorter than a key (none in the packs today): the sets refuse nothing.
                _ => (out.starts, out.ends) = (vec![u64::MAX; 1024], vec![u64::MAX; 1024]),
            }
            out.words.push(w);
        }
        out
    }

    /// Whether `before` (the bytes before a place) may end with one of the words.
    fn may_end(&self, before: &[u8]) -> bool {
        let k = before
            .len()
            .checked_sub(4)
            .and_then(|i| before.get(i..))
            .and_then(key);
        has(&self.ends, k)
    }

    /// Whether one of the words ends at `end` of `bytes`, and (`bounded`) no letter comes before
    /// it: what a word boundary before the word, or a space or digit there, leaves.
    fn end_at(&self, bytes: &[u8], end: usize, bounded: bool) -> bool {
        let Some(before) = bytes.get(..end) else {
            return false;
        };
        self.may_end(before)
            && self
                .words
                .iter()
                .any(|w| ends(before, w) && !(bounded && letter_before(bytes, end - w.len())))
    }

    /// Whether one of the words starts at `at` of `bytes`.
    fn start_at(&self, bytes: &[u8], at: usize) -> bool {
        let Some(rest) = bytes.get(at..) else {
            return false;
        };
        has(&self.starts, rest.get(..4).and_then(key))
            && self.words.iter().any(|w| rest.starts_with(w))
    }
}

/// Whether the character before byte `at` (a character boundary) of `bytes` is alphabetic: a
/// word character, so no word boundary at `at` before a letter.
fn letter_before(bytes: &[u8], at: usize) -> bool {
    let Some(before) = bytes.get(..at) else {
        return false;
    };
    let start = before.iter().rposition(|&b| b & 0xC0 != 0x80).unwrap_or(0);
    before
        .get(start..)
        .and_then(|c| std::str::from_utf8(c).ok())
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphabetic)
}

/// The places a grammar's text before a digit run can end at, read backwards from the run: bit `k`
/// is byte `at - k`. Optional pieces add places; a required piece keeps only the places it ends
/// at, moved to its start.
#[derive(Clone, Copy)]
struct Back<'a> {
    bytes: &'a [u8],
    at: usize,
    set: u64,
}

impl<'a> Back<'a> {
    fn from(bytes: &'a [u8], at: usize) -> Back<'a> {
        Back { bytes, at, set: 1 }
    }

    /// Whether a month name of `months` (with no letter before it) ends before the places, read
    /// back over an optional space, `ماه`, a space and the ezafe.
    fn month(self, months: &Words) -> bool {
        self.opt(SPACE)
            .opt(MONTH_WORD)
            .opt(SPACE)
            .opt(EZAFE)
            .word(months, true)
    }

    /// The places before a year at `at`: an optional space, `سال`, and a space.
    fn before_year(bytes: &'a [u8], at: usize) -> Back<'a> {
        Back::from(bytes, at).opt(SPACE).opt(YEAR_WORD).opt(SPACE)
    }

    /// The places before `tok` where it ends at one of the places.
    fn then(self, tok: &[u8]) -> Back<'a> {
        self.then_any(&[tok])
    }

    /// The places, and those before `tok` where it ends at one of them.
    fn opt(self, tok: &[u8]) -> Back<'a> {
        self.or(self.then(tok))
    }

    /// The places before one of `toks` ending at one of the places.
    fn then_any(self, toks: &[&[u8]]) -> Back<'a> {
        self.step(|before| lengths(toks.iter().copied(), before))
    }

    /// The places, and those before one of `toks` ending at one of them.
    fn opt_any(self, toks: &[&[u8]]) -> Back<'a> {
        self.or(self.then_any(toks))
    }

    /// The places before one of `words` ending at one of the places.
    fn then_words(self, words: &Words) -> Back<'a> {
        self.step(|before| {
            if words.may_end(before) {
                lengths(words.words.iter().copied(), before)
            } else {
                0
            }
        })
    }

    /// The places, and those before one of `words` ending at one of them.
    fn opt_words(self, words: &Words) -> Back<'a> {
        self.or(self.then_words(words))
    }

    /// The places before a run of `min..=max` ASCII digits (a whole run) ending at one of them.
    fn then_digits(self, min: usize, max: usize) -> Back<'a> {
        self.step(|before| {
            let n = before
                .iter()
                .rev()
                .take(max + 1)
                .take_while(|b| b.is_ascii_digit())
                .count();
            if (min..=max).contains(&n) {
                1u64 << n
            } else {
                0
            }
        })
    }

    /// Whether one of `words` ends at one of the places (`bounded`: with no letter before it).
    fn word(self, words: &Words, bounded: bool) -> bool {
        self.places().any(|p| words.end_at(self.bytes, p, bounded))
    }

    fn or(self, other: Back<'a>) -> Back<'a> {
        Back {
            set: self.set | other.set,
            ..self
        }
    }

    /// Each place moved back by every length of `lengths` (bit `n`: a piece of `n` bytes ends
    /// there, given the bytes before the place).
    fn step(self, lengths: impl Fn(&[u8]) -> u64) -> Back<'a> {
        let mut set = 0;
        for p in self.places() {
            if let Some(before) = self.bytes.get(..p) {
                // Pieces are at most a few dozen bytes: no place moves past bit 63.
                set |= lengths(before) << (self.at - p);
            }
        }
        Back { set, ..self }
    }

    /// The places, nearest first.
    fn places(self) -> impl Iterator<Item = usize> {
        let mut set = self.set;
        std::iter::from_fn(move || {
            while set != 0 {
                let k = set.trailing_zeros() as usize;
                set &= set - 1;
                if let Some(p) = self.at.checked_sub(k) {
                    return Some(p);
                }
            }
            None
        })
    }
}

const SPACE: &[u8] = b" ";
const COMMAS: &[&[u8]] = &[b",", "،".as_bytes()];
const YEAR_WORD: &[u8] = "سال".as_bytes();
const MONTH_WORD: &[u8] = "ماه".as_bytes();
const EZAFE: &[u8] = "ی".as_bytes();
const DATE_SEPARATORS: &[&[u8]] = &[b"/", b".", b"-"];

/// Whether `before` ends with `tok`, its last byte compared first (most places differ there).
fn ends(before: &[u8], tok: &[u8]) -> bool {
    before.last() == tok.last() && before.ends_with(tok)
}

/// Bit `n` for each of `toks` (`n` bytes long) that `before` ends with.
fn lengths<'t>(toks: impl Iterator<Item = &'t [u8]>, before: &[u8]) -> u64 {
    toks.filter(|t| ends(before, t)).fold(0, |acc, t| {
        acc | u32::try_from(t.len()).map_or(0, |n| 1u64.checked_shl(n).unwrap_or(0))
    })
}

/// Every month name, Gregorian and Jalali.
static ALL_MONTHS: LazyLock<Words> = LazyLock::new(|| {
    Words::new(
        GREGORIAN_MONTHS
            .iter()
            .chain(JALALI_MONTHS.iter())
            .map(|&(w, _)| w),
    )
});
static GREGORIAN_WORDS: LazyLock<Words> =
    LazyLock::new(|| Words::new(GREGORIAN_MONTHS.iter().map(|&(w, _)| w)));
/// The Gregorian months that are never everyday words.
static GREGORIAN_STRICT: LazyLock<Words> = LazyLock::new(|| Words::new(greg_strict_names()));
static JALALI_WORDS: LazyLock<Words> =
    LazyLock::new(|| Words::new(JALALI_MONTHS.iter().map(|&(w, _)| w)));
/// The parts of a year (`نخست`, `سوم`, `پایانی`) of the period grammars.
static PART_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(PARTS.split('|')));
/// The units of `فصل سوم`, `نیمه اول`.
static UNIT_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(UNITS.split('|')));
/// `ماه`, `ماهه`.
static MONTHS_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(["ماه", "ماهه"]));
/// The words before a Jalali period (`سالهای ۱۴۰۰-۱۴۰۴`).
static PERIOD_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(PERIOD.split('|')));
static YEAR_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(["سال"]));

/// The year of `{month} {year}` (and of a day before the month): a run of four digits or more
/// after a month name, its ezafe, `ماه`, a comma, `سال` and spaces.
fn year_after_month(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() >= 4
        && Back::before_year(bytes, run.start)
            .opt_any(COMMAS)
            .month(&ALL_MONTHS)
}

/// The two-digit year of `۲۶ شهریور ۹۴`: after a Jalali month name, its ezafe, `ماه` and a space
/// (always a space: the word boundary before the year, after a letter).
fn short_year_after_jalali_month(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 2
        && run.start.checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b' ')
        && Back::from(bytes, run.start).month(&JALALI_WORDS)
}

/// The year of `ژانویه 8, 2015`: four digits after a comma, a day and a Gregorian month.
fn year_after_month_day_comma(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4
        && Back::from(bytes, run.start)
            .opt(SPACE)
            .then_any(COMMAS)
            .opt(SPACE)
            .then_digits(1, 2)
            .then(SPACE)
            .word(&GREGORIAN_WORDS, true)
}

/// The day of `29 ژوئیه`: one or two digits before a Gregorian month that is no everyday word.
fn day_before_gregorian_month(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() <= 2
        && GREGORIAN_STRICT.start_at(
            bytes,
            run.end + usize::from(bytes.get(run.end) == Some(&b' ')),
        )
}

/// The year of `۱۴۰۴/۰۱/۲۶`: four digits, a separator, one or two digits, a separator, a digit.
fn year_of_numeric_date(bytes: &[u8], run: &Range<usize>) -> bool {
    let sep = |i: usize| bytes.get(i).is_some_and(|b| b"/.-".contains(b));
    let month = bytes
        .get(run.end + 1..)
        .unwrap_or_default()
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit())
        .count();
    run.len() == 4
        && sep(run.end)
        && (1..=2).contains(&month)
        && sep(run.end + 1 + month)
        && bytes
            .get(run.end + 2 + month)
            .is_some_and(u8::is_ascii_digit)
}

/// The Jalali year of `۲۶/۰۱/۱۴۰۴`: `13xx` or `14xx` after a day, a month and two separators.
fn jalali_year_of_numeric_date(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4
        && bytes.get(run.start) == Some(&b'1')
        && bytes
            .get(run.start + 1)
            .is_some_and(|b| matches!(b, b'3' | b'4'))
        && Back::from(bytes, run.start)
            .then_any(DATE_SEPARATORS)
            .then_digits(1, 2)
            .then_any(DATE_SEPARATORS)
            .places()
            .any(|p| {
                p.checked_sub(1)
                    .and_then(|i| bytes.get(i))
                    .is_some_and(u8::is_ascii_digit)
            })
}

/// The year of `۶ ماه نخست سال ۲۰۲۵`: four digits or more after `ماه` or `ماهه`, a part of the
/// year, `سال` and spaces.
fn year_after_months(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() >= 4
        && Back::before_year(bytes, run.start)
            .opt_words(&PART_WORDS)
            .opt(SPACE)
            .word(&MONTHS_WORDS, false)
}

/// The year of `فصل سوم سال ۲۰۲۵`: four digits or more after a unit, a part of the year, `سال`
/// and spaces.
fn year_after_season_or_half(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() >= 4
        && Back::before_year(bytes, run.start)
            .then_words(&PART_WORDS)
            .then(SPACE)
            .word(&UNIT_WORDS, true)
}

/// The first year of `سالهای ۱۴۰۰-۱۴۰۴`: `13xx` or `14xx` after a space and a word of a period.
fn first_year_of_jalali_period(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4
        && bytes.get(run.start) == Some(&b'1')
        && bytes
            .get(run.start + 1)
            .is_some_and(|b| matches!(b, b'3' | b'4'))
        && Back::from(bytes, run.start)
            .then(SPACE)
            .word(&PERIOD_WORDS, false)
}

/// The year of `سال ۲۰۲۵`: four digits or more after `سال` and a space.
fn year_after_year_word(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() >= 4
        && Back::from(bytes, run.start)
            .opt(SPACE)
            .word(&YEAR_WORDS, true)
}

/// The parts of a year in `۶ ماه نخست سال ۲۰۲۵`, `فصل سوم سال ۲۰۲۵`.
const PARTS: &str = "نخست|اول|ابتدایی|ابتدای|آغازین|دوم|سوم|چهارم|پایانی|آخر";
/// The units of `فصل سوم`, `نیمه اول`.
const UNITS: &str = "فصل|نیمه|نیمهی";
/// The words before a Jalali period (`سالهای ۱۴۰۰-۱۴۰۴`).
const PERIOD: &str = "سالهای|سال|دوره|دورهی|برنامه";

/// The Gregorian month names that are never everyday words (a day and such a month is a date).
fn greg_strict_names() -> impl Iterator<Item = &'static str> {
    GREGORIAN_MONTHS
        .iter()
        .map(|&(w, _)| w)
        .filter(|w| !FA.ambiguous_months.contains(w))
}

/// The Persian grammars, searched by the engine of `dates` on Persian text: (pattern, reader,
/// the digit runs every match holds). The grammars write digits as `[0-9]`: the view has already
/// turned Persian, Arabic-Indic and full-width digits into ASCII.
pub(crate) fn grammars() -> Vec<(String, Read, RunFilter)> {
    let greg = crate::packs::alternation(GREGORIAN_MONTHS.iter().map(|&(w, _)| w));
    let greg_strict = crate::packs::alternation(greg_strict_names());
    let jal = crate::packs::alternation(JALALI_MONTHS.iter().map(|&(w, _)| w));
    let day_words = crate::packs::alternation(DAY_WORDS.iter().map(|(w, _)| w.as_str()));
    let cardinals = crate::packs::alternation(FA.number_words.iter().map(|&(w, _)| w));
    // A month name may carry the ezafe `ی` (`ژوئیهی`, ZWNJ removed) and be followed by `ماه`.
    let mon = format!(r"(?:(?P<gm>{greg})|(?P<jm>{jal}))(?:ی)?\b(?:\s*ماه\b)?");
    let day = format!(r"(?:\b(?P<d>[0-9]{{1,2}})(?:\s*ام\b)?|\b(?P<dw>{day_words})(?:ین)?\b)");
    // No `\b` after the year: `۱۳۸۷ساعت` is a year glued to a word; `dates` refuses a year glued
    // to a further digit.
    let year = r"(?:سال\s*)?(?P<y>[0-9]{4})";
    let part = PARTS;
    // Each grammar with a filter of the digit runs every match holds one of (see `windows`): its
    // year read with the words before it, or the day of `29 ژوئیه` with the month after it.
    vec![
        // ۲۶ فروردین ۱۴۰۴, 29 ژوئیه 2025, سوم شهریور ۱۳۹۴, ۲۶ فروردین ماه سال ۱۴۰۴
        (
            format!(r"{day}\s*{mon}\s*[,،]?\s*{year}"),
            read_day_month_year,
            year_after_month,
        ),
        // ۲۶ شهریور ۹۴ (a Jalali date with a two-digit year)
        (
            format!(r"{day}\s*(?P<jm>{jal})(?:ی)?\b(?:\s*ماه\b)?\s*(?P<y2>[0-9]{{2}})\b"),
            read_day_month_short_year,
            short_year_after_jalali_month,
        ),
        // ژانویه 8, 2015
        (
            format!(r"\b(?P<gm>{greg})\s+(?P<d>[0-9]{{1,2}})\s*[,،]\s*(?P<y>[0-9]{{4}})\b"),
            read_day_month_year,
            year_after_month_day_comma,
        ),
        // 29 ژوئیه (no year; Gregorian only, never an everyday word)
        (
            format!(r"\b(?P<d>[0-9]{{1,2}})\s*(?P<gm>{greg_strict})(?:ی)?\b"),
            read_day_month,
            day_before_gregorian_month,
        ),
        // فروردین ۱۴۰۴, ژوئیه ۲۰۲۵, مهر ماه ۱۴۰۳ (`pre`: a number before it is an invalid day)
        (
            format!(r"(?:\b(?P<pre>[0-9]{{1,3}})\s*)?\b{mon}\s*[,،]?\s*{year}"),
            read_month_year,
            year_after_month,
        ),
        // ۱۴۰۴/۰۱/۲۶ (Jalali), ۲۰۲۵/۹/۳۰ (Gregorian): year first
        (
            r"\b(?P<y>[0-9]{4})(?P<s1>[/.-])(?P<m>[0-9]{1,2})(?P<s2>[/.-])(?P<d>[0-9]{1,2})\b"
                .to_owned(),
            read_numeric,
            year_of_numeric_date,
        ),
        // ۲۶/۰۱/۱۴۰۴: day first with a Jalali year
        (
            r"\b(?P<d>[0-9]{1,2})(?P<s1>[/.-])(?P<m>[0-9]{1,2})(?P<s2>[/.-])(?P<y>1[34][0-9]{2})\b"
                .to_owned(),
            read_numeric,
            jalali_year_of_numeric_date,
        ),
        // ۶ ماه نخست سال ۲۰۲۵, شش ماهه دوم سال ۱۴۰۳, سه ماهه سوم سال ۲۰۲۵, ۷ ماه سال ۲۰۲۵
        (
            format!(
                r"(?:\b(?P<n>[0-9]{{1,2}})|\b(?P<nw>{cardinals}))\s*ماهه?\b(?:\s*(?P<part>{part})\b)?\s*(?:سال\s*)?(?P<y>[0-9]{{4}})"
            ),
            read_months_of_year,
            year_after_months,
        ),
        // فصل سوم سال ۲۰۲۵, نیمه اول سال ۱۴۰۴
        (
            format!(r"\b(?P<unit>{UNITS})\s+(?P<part>{part})\b\s*(?:سال\s*)?(?P<y>[0-9]{{4}})"),
            read_season_or_half,
            year_after_season_or_half,
        ),
        // سالهای ۱۴۰۰-۱۴۰۴ (a Jalali period; Gregorian `2021-2025` is a rule of `dates`)
        (
            format!(r"(?:{PERIOD})\s+(?P<a>1[34][0-9]{{2}})\s*-\s*(?P<b>1[34][0-9]{{2}})\b"),
            read_jalali_period,
            first_year_of_jalali_period,
        ),
        // سال ۲۰۲۵, سال ۱۴۰۴
        (
            r"\b(?P<w>سال)\s*(?P<y>[0-9]{4})".to_owned(),
            read_year,
            year_after_year_word,
        ),
    ]
}

/// Converts a Jalali (Solar Hijri) date to the Gregorian calendar with ICU4X.
///
/// Returns `(year, month, day)`, or `None` when the Jalali date does not exist (`1403/12/31`).
///
/// ```
/// assert_eq!(docfacts_extract::jalali_to_gregorian(1404, 1, 26), Some((2025, 4, 15)));
/// assert_eq!(docfacts_extract::jalali_to_gregorian(1404, 12, 30), None);
/// ```
pub fn jalali_to_gregorian(year: i32, month: u8, day: u8) -> Option<(i32, u8, u8)> {
    let jalali = Date::try_new_persian(year, month, day).ok()?;
    // ICU4X clamps out-of-range days instead of refusing some of them: check the round trip.
    if jalali.day_of_month().0 != day || jalali.month().ordinal != month {
        return None;
    }
    let g = jalali.to_calendar(Gregorian);
    Some((
        g.year().extended_year(),
        g.month().ordinal,
        g.day_of_month().0,
    ))
}

/// The number (1–12) of a Jalali month name (`فروردین` → 1); Arabic letter forms and ZWNJ are
/// tolerated.
pub fn jalali_month_number(name: &str) -> Option<u8> {
    let folded = fold_word(name);
    JALALI_MONTHS
        .iter()
        .find(|&&(w, _)| w == folded)
        .map(|&(_, n)| n)
}

/// The number (1–12) of a Gregorian month name written in Persian (`ژوئیه` or `جولای` → 7).
pub fn persian_gregorian_month_number(name: &str) -> Option<u8> {
    let folded = fold_word(name);
    GREGORIAN_MONTHS
        .iter()
        .find(|&&(w, _)| w == folded)
        .map(|&(_, n)| n)
}

fn fold_word(word: &str) -> String {
    let view = docfacts_normalize::View::new(word.trim());
    view.text().to_owned()
}

fn days_in_jalali_month(year: i32, month: u8) -> Option<u8> {
    Some(Date::try_new_persian(year, month, 1).ok()?.days_in_month())
}

fn iso_day((y, m, d): (i32, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// The Gregorian days covered by Jalali months `m1..=m2` of `year`, as an ISO interval.
fn jalali_months_interval(year: u32, m1: u8, m2: u8) -> Option<String> {
    let y = i32::try_from(year).ok()?;
    let first = jalali_to_gregorian(y, m1, 1)?;
    let last = jalali_to_gregorian(y, m2, days_in_jalali_month(y, m2)?)?;
    Some(format!("{}/{}", iso_day(first), iso_day(last)))
}

fn is_jalali_year(y: u32) -> bool {
    (1300..=1499).contains(&y)
}

fn is_gregorian_year(y: u32) -> bool {
    (1900..=2100).contains(&y)
}

fn num(c: &Caps<'_, '_>, name: &str) -> Option<u32> {
    c.name(name)?.as_str().parse().ok()
}

/// The day number: digits or an ordinal word.
fn day_of(c: &Caps<'_, '_>) -> Option<u32> {
    if let Some(d) = num(c, "d") {
        return Some(d);
    }
    let word = c.name("dw")?.as_str();
    let word: String = word.split_whitespace().collect::<Vec<_>>().join(" ");
    DAY_WORDS.iter().find(|(w, _)| *w == word).map(|&(_, n)| n)
}

fn month_of(c: &Caps<'_, '_>) -> Option<(Calendar, u8)> {
    if let Some(g) = c.name("gm") {
        let n = GREGORIAN_MONTHS.iter().find(|&&(w, _)| w == g.as_str())?.1;
        return Some((Calendar::Gregorian, n));
    }
    let j = c.name("jm")?;
    let n = JALALI_MONTHS.iter().find(|&&(w, _)| w == j.as_str())?.1;
    Some((Calendar::Jalali, n))
}

fn first_start(c: &Caps<'_, '_>, names: &[&str]) -> Option<usize> {
    names
        .iter()
        .filter_map(|n| c.name(n))
        .map(|m| m.start())
        .min()
}

/// `۲۶ شهریور ۹۴`: a Jalali day with the year's last two digits (`۹۴` → 1394, `۰۲` → 1402).
fn read_day_month_short_year(c: &Caps<'_, '_>) -> Option<FaDate> {
    let (calendar, m) = month_of(c)?;
    let (d, yy) = (day_of(c)?, num(c, "y2")?);
    if calendar != Calendar::Jalali {
        return None;
    }
    let y = if yy < 50 { 1400 + yy } else { 1300 + yy };
    Some(FaDate {
        start: first_start(c, &["d", "dw", "jm"])?,
        end: c.name("y2")?.end(),
        iso: iso_day(jalali_to_gregorian(
            i32::try_from(y).ok()?,
            m,
            u8::try_from(d).ok()?,
        )?),
        precision: Precision::Day,
        calendar,
        printed: None,
    })
}

fn read_day_month_year(c: &Caps<'_, '_>) -> Option<FaDate> {
    let (calendar, m) = month_of(c)?;
    let (d, y) = (day_of(c)?, num(c, "y")?);
    let start = first_start(c, &["d", "dw", "gm", "jm"])?;
    let end = c.name("y")?.end();
    let iso = match calendar {
        Calendar::Gregorian => {
            if !is_gregorian_year(y) || !valid_day(Some(y), u32::from(m), d) {
                return None;
            }
            format!("{y:04}-{m:02}-{d:02}")
        }
        Calendar::Jalali => {
            if !is_jalali_year(y) {
                return None;
            }
            iso_day(jalali_to_gregorian(
                i32::try_from(y).ok()?,
                m,
                u8::try_from(d).ok()?,
            )?)
        }
    };
    Some(FaDate {
        start,
        end,
        iso,
        precision: Precision::Day,
        calendar,
        printed: None,
    })
}

fn read_day_month(c: &Caps<'_, '_>) -> Option<FaDate> {
    let (_, m) = month_of(c)?;
    let d = num(c, "d")?;
    if !valid_day(None, u32::from(m), d) {
        return None;
    }
    Some(FaDate {
        start: c.name("d")?.start(),
        end: c.name("gm")?.end(),
        iso: format!("--{m:02}-{d:02}"),
        precision: Precision::Day,
        calendar: Calendar::Gregorian,
        printed: None,
    })
}

fn read_month_year(c: &Caps<'_, '_>) -> Option<FaDate> {
    if c.name("pre").is_some() {
        return None;
    }
    let (calendar, m) = month_of(c)?;
    let y = num(c, "y")?;
    let start = first_start(c, &["gm", "jm"])?;
    let end = c.name("y")?.end();
    let (iso, precision) = match calendar {
        Calendar::Gregorian if is_gregorian_year(y) => (format!("{y:04}-{m:02}"), Precision::Month),
        Calendar::Jalali if is_jalali_year(y) => (jalali_months_interval(y, m, m)?, Precision::Day),
        _ => return None,
    };
    Some(FaDate {
        start,
        end,
        iso,
        precision,
        calendar,
        printed: None,
    })
}

fn read_numeric(c: &Caps<'_, '_>) -> Option<FaDate> {
    if c.name("s1")?.as_str() != c.name("s2")?.as_str() {
        return None;
    }
    let (y, m, d) = (num(c, "y")?, num(c, "m")?, num(c, "d")?);
    let whole = c.get(0)?;
    let (iso, calendar) = if is_jalali_year(y) {
        let date = jalali_to_gregorian(
            i32::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        )?;
        (iso_day(date), Calendar::Jalali)
    } else if is_gregorian_year(y) && valid_day(Some(y), m, d) {
        (format!("{y:04}-{m:02}-{d:02}"), Calendar::Gregorian)
    } else {
        return None;
    };
    Some(FaDate {
        start: whole.start(),
        end: whole.end(),
        iso,
        precision: Precision::Day,
        calendar,
        printed: None,
    })
}

/// Months `m1..=m2` of year `y` in the calendar the year is written in.
fn months_of_year(start: usize, end: usize, y: u32, m1: u32, m2: u32) -> Option<FaDate> {
    if !(1..=12).contains(&m1) || !(m1..=12).contains(&m2) {
        return None;
    }
    let (iso, precision, calendar) = if is_gregorian_year(y) {
        (
            format!("{y:04}-{m1:02}/{y:04}-{m2:02}"),
            Precision::Month,
            Calendar::Gregorian,
        )
    } else if is_jalali_year(y) {
        let (a, b) = (u8::try_from(m1).ok()?, u8::try_from(m2).ok()?);
        (
            jalali_months_interval(y, a, b)?,
            Precision::Day,
            Calendar::Jalali,
        )
    } else {
        return None;
    };
    Some(FaDate {
        start,
        end,
        iso,
        precision,
        calendar,
        printed: None,
    })
}

fn part_ordinal(part: &str) -> Option<u32> {
    match part {
        "نخست" | "اول" | "ابتدایی" | "ابتدای" | "آغازین" => Some(1),
        "دوم" => Some(2),
        "سوم" => Some(3),
        "چهارم" => Some(4),
        _ => None,
    }
}

fn read_months_of_year(c: &Caps<'_, '_>) -> Option<FaDate> {
    let n = match num(c, "n") {
        Some(n) => n,
        None => {
            let w = c.name("nw")?.as_str();
            FA.number_words.iter().find(|&&(x, _)| x == w)?.1
        }
    };
    let y = num(c, "y")?;
    let (m1, m2) = match c.name("part").map(|p| p.as_str()) {
        None => (1, n),
        Some("پایانی" | "آخر") => (13u32.checked_sub(n)?, 12),
        Some(p) => {
            // `سه ماهه سوم`: the third quarter; `شش ماهه دوم`: the second half.
            let k = part_ordinal(p)?;
            if k == 1 {
                (1, n)
            } else if (n == 3 || n == 6) && n * k <= 12 {
                (n * (k - 1) + 1, n * k)
            } else {
                return None;
            }
        }
    };
    let start = first_start(c, &["n", "nw"])?;
    months_of_year(start, c.get(0)?.end(), y, m1, m2)
}

fn read_season_or_half(c: &Caps<'_, '_>) -> Option<FaDate> {
    let unit = c.name("unit")?;
    let size = if unit.as_str() == "فصل" { 3 } else { 6 };
    let k = match c.name("part")?.as_str() {
        "پایانی" | "آخر" => 12 / size,
        p => part_ordinal(p)?,
    };
    if size * k > 12 {
        return None;
    }
    months_of_year(
        unit.start(),
        c.get(0)?.end(),
        num(c, "y")?,
        size * (k - 1) + 1,
        size * k,
    )
}

fn read_jalali_period(c: &Caps<'_, '_>) -> Option<FaDate> {
    let (a, b) = (num(c, "a")?, num(c, "b")?);
    if !(a < b && b - a <= 50) {
        return None;
    }
    let first = jalali_to_gregorian(i32::try_from(a).ok()?, 1, 1)?;
    let yb = i32::try_from(b).ok()?;
    let last = jalali_to_gregorian(yb, 12, days_in_jalali_month(yb, 12)?)?;
    Some(FaDate {
        start: c.name("a")?.start(),
        end: c.name("b")?.end(),
        iso: format!("{}/{}", iso_day(first), iso_day(last)),
        precision: Precision::Day,
        calendar: Calendar::Jalali,
        printed: None,
    })
}

fn read_year(c: &Caps<'_, '_>) -> Option<FaDate> {
    let y = num(c, "y")?;
    let start = c.name("w")?.start();
    let end = c.name("y")?.end();
    if is_gregorian_year(y) {
        Some(FaDate {
            start,
            end,
            iso: format!("{y:04}"),
            precision: Precision::Year,
            calendar: Calendar::Gregorian,
            printed: None,
        })
    } else if is_jalali_year(y) {
        Some(FaDate {
            start,
            end,
            iso: jalali_months_interval(y, 1, 12)?,
            precision: Precision::Day,
            calendar: Calendar::Jalali,
            printed: None,
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use docfacts_normalize::View;

    use super::*;

    #[test]
    fn conversion_matches_known_dates() {
        // Nowruz of several years, and the leap-year end of 1403.
        assert_eq!(jalali_to_gregorian(1404, 1, 1), Some((2025, 3, 21)));
        assert_eq!(jalali_to_gregorian(1403, 1, 1), Some((2024, 3, 20)));
        assert_eq!(jalali_to_gregorian(1403, 12, 30), Some((2025, 3, 20)));
        assert_eq!(jalali_to_gregorian(1404, 12, 30), None);
        assert_eq!(jalali_to_gregorian(1404, 13, 1), None);
        assert_eq!(jalali_to_gregorian(1404, 7, 31), None);
    }

    #[test]
    fn month_names() {
        assert_eq!(jalali_month_number("فروردین"), Some(1));
        assert_eq!(jalali_month_number("شهريور"), Some(6));
        assert_eq!(jalali_month_number("ژوئیه"), None);
        assert_eq!(persian_gregorian_month_number("جولای"), Some(7));
        assert_eq!(persian_gregorian_month_number("ژوئیه"), Some(7));
    }

    /// (start, end, iso) of every candidate of the Persian grammars, searched near digits as
    /// `dates::extract` does or over the whole of `view`.
    fn candidates(view: &str, whole: bool) -> Vec<(usize, usize, String)> {
        crate::dates::persian_candidates(view, whole)
    }

    /// The tokens of the filters' proptest: digits of every length a grammar reads (Persian and
    /// ASCII), every month name with and without its ezafe, and the words and signs around them.
    fn fa_tokens() -> Vec<String> {
        let mut out: Vec<String> = [
            "۱",
            "۲۶",
            "۹۴",
            "۱۲۳",
            "۱۴۰۴",
            "۱۳۹۴",
            "۲۰۲۵",
            "۱۴۰۴۵",
            "1",
            "29",
            "123",
            "2025",
            "1404",
            "ماه",
            "ماهه",
            "سال",
            "سالهای",
            "امسال",
            "دوره",
            "دورهی",
            "برنامه",
            ",",
            "،",
            "ام",
            "ین",
            "ی",
            "سوم",
            "بیست و سوم",
            "نخست",
            "اول",
            "ابتدایی",
            "پایانی",
            "فصل",
            "نیمه",
            "نیمهی",
            "شش",
            "سه",
            "و",
            "در",
            "اقتصادی",
            "-",
            "/",
            ".",
        ]
        .iter()
        .map(|&t| t.to_owned())
        .collect();
        for &(w, _) in GREGORIAN_MONTHS.iter().chain(JALALI_MONTHS.iter()) {
            out.push(w.to_owned());
            out.push(format!("{w}ی"));
        }
        out
    }

    /// Phrases of the filters' proptest: slots of choices ("" for none), one phrase for each
    /// grammar's shape, and one of a single token of [`fa_tokens`] (the text around phrases).
    fn fa_phrases() -> Vec<Vec<Vec<String>>> {
        let s = |xs: &[&str]| xs.iter().map(|&x| x.to_owned()).collect::<Vec<_>>();
        let names =
            |table: &[(&'static str, u8)]| table.iter().map(|&(w, _)| w.to_owned()).collect();
        let (greg, jal): (Vec<String>, Vec<String>) =
            (names(&GREGORIAN_MONTHS), names(&JALALI_MONTHS));
        let months: Vec<String> = greg.iter().chain(jal.iter()).cloned().collect();
        let years = s(&["۱۴۰۴", "۲۰۲۵", "۱۳۹۴", "۱۴۰۴۵", "۹۴", "1234", "۲۶", "۱۲۳"]);
        let numbers = s(&["۱", "۲۶", "۱۲۳", "۱۴۰۴", "۲۰۲۵", "۱۳۰۰", "1499", "12345"]);
        let seps = s(&["/", ".", "-", ","]);
        let mut parts: Vec<String> = s(&PARTS.split('|').collect::<Vec<_>>());
        parts.push(String::new());
        vec![
            vec![
                s(&[
                    "۲۶",
                    "3",
                    "۱۲۳",
                    "سوم",
                    "بیست و سوم",
                    "نخست",
                    "یکم",
                    "سی ام",
                    "",
                ]),
                s(&["ام", "ین", ""]),
                months.clone(),
                s(&["ی", ""]),
                s(&["ماه", ""]),
                s(&[",", "،", ""]),
                s(&["سال", ""]),
                years.clone(),
            ],
            vec![
                s(&["۲۶", "8", "123", ""]),
                greg.clone(),
                s(&[",", "،", ""]),
                years.clone(),
            ],
            vec![jal, s(&["ی", ""]), s(&["ماه", ""]), years.clone()],
            vec![s(&["29", "۳", "123", "", "اقتصادی"]), greg, s(&["ی", ""])],
            vec![
                numbers.clone(),
                seps.clone(),
                numbers.clone(),
                seps,
                numbers,
            ],
            vec![
                s(&["۶", "3", "سه", "شش", "سهماهه", ""]),
                s(&["ماه", "ماهه"]),
                parts.clone(),
                s(&["سال", ""]),
                years.clone(),
            ],
            vec![
                s(&["فصل", "نیمه", "نیمهی", "برنامه"]),
                parts,
                s(&["سال", ""]),
                years.clone(),
            ],
            vec![
                s(&PERIOD.split('|').chain(["امسال", "و"]).collect::<Vec<_>>()),
                s(&["۱۴۰۰", "۱۳۹۹", "2021", "۱۴"]),
                s(&["-", "/", ""]),
                s(&["۱۴۰۴", "2025"]),
            ],
            vec![s(&["سال", "امسال", "درسال"]), years],
            vec![fa_tokens()],
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10000))]
        /// Windows around the runs the filters accept find every match of the Persian grammars
        /// (the same matches and dates as a whole-view scan), on single-spaced text dense in what
        /// the grammars read, words glued or apart: and each match holds a run its own filter
        /// accepts, whatever the runs around it.
        #[test]
        fn filters_keep_every_match(
            phrases in proptest::collection::vec(
                (
                    proptest::prelude::any::<usize>(),
                    proptest::collection::vec(proptest::prelude::any::<(usize, u8)>(), 8),
                ),
                1..6,
            ),
        ) {
            let table = fa_phrases();
            let mut text = String::new();
            for (phrase, choices) in &phrases {
                let slots = &table[phrase % table.len()];
                // Numeric dates mostly glued, words mostly apart.
                let numeric = slots.len() == 5 && slots[1].contains(&"/".to_owned());
                for (slot, &(choice, space)) in slots.iter().zip(choices) {
                    text.push_str(&slot[choice % slot.len()]);
                    if (space % 4 == 0) == numeric {
                        text.push(' ');
                    }
                }
            }
            let view = View::new(&text);
            let view = view.text();
            proptest::prop_assert_eq!(
                crate::dates::persian_matches_unkept(view),
                vec![],
                "{:?}",
                view
            );
            proptest::prop_assert_eq!(
                crate::dates::persian_matches(view, false),
                crate::dates::persian_matches(view, true),
                "{:?}",
                view
            );
            proptest::prop_assert_eq!(
                crate::dates::persian_candidates(view, false),
                crate::dates::persian_candidates(view, true),
                "{:?}",
                view
            );
        }
    }

    #[test]
    fn windows_find_what_a_whole_view_scan_finds() {
        let report = include_str!("../../../fixtures/docs/fa_jalali_sample.txt");
        let lines = [
            "۲۶ فروردین ۱۴۰۴ و ۲۹ ژوئیه ۲۰۲۵ و سوم شهریور ۱۳۹۴ و بیست و سوم اردیبهشت ۱۳۸۹",
            "ژانویه 8, 2015 و ۳۰ سپتامبر و ۱۲ ۲۶ فروردین ۱۴۰۴ و مهر ماه سال ۱۴۰۳",
            "۱۴۰۴/۰۱/۲۶ و ۲۰۲۵/۹/۳۰ و ۲۶/۰۱/۱۴۰۴ و ۱۴۰۴/۰۱-۲۶ و ۱۲۳۴۵۶۷/۱/۲",
            "۶ ماه نخست سال ۲۰۲۵ و سه ماهه سوم سال ۱۴۰۴ و فصل اول سال ۲۰۲۴ و نیمه اول سال ۱۴۰۴",
            "سالهای ۱۴۰۰-۱۴۰۴ و سال ۲۰۲۵ و سال۱۴۰۴ و اقتصادی ۱۴۰۴ و «دی ۱۴۰۳»",
            "۱۴۰۴ در ابتدا و در پایان ۲۹ ژوئیه",
        ];
        let mut texts: Vec<String> = lines.iter().map(|&l| l.to_owned()).collect();
        texts.push(lines.join(" "));
        texts.push(report.to_owned());
        // Digit runs at block edges (64 bytes), and text that is not single-spaced (the
        // whole-view path, which the view never needs but `find` still serves).
        for pad in 0..70 {
            texts.push(format!("{}{}", "x".repeat(pad), lines.join(" ")));
        }
        texts.push(lines.join("  "));
        texts.push(lines.join("\u{00A0} "));
        for text in &texts {
            let view = View::new(text);
            for v in [view.text(), text.as_str()] {
                let got = candidates(v, false);
                assert_eq!(got, candidates(v, true), "{v:?}");
            }
        }
        let view = View::new(&texts.concat());
        assert!(candidates(view.text(), false).len() > 20);
    }
}

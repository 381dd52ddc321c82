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

/// Every match holds a digit.
fn any_digits(_: &[u8], _: &std::ops::Range<usize>) -> bool {
    true
}

/// Every match holds a run of at least two digits (the year of `۲۶ شهریور ۹۴`).
fn two_digits(_: &[u8], run: &std::ops::Range<usize>) -> bool {
    run.len() >= 2
}

/// Every match holds a run of at least four digits (a year).
fn four_digits(_: &[u8], run: &std::ops::Range<usize>) -> bool {
    run.len() >= 4
}

/// The Persian grammars, searched by the engine of `dates` on Persian text: (pattern, reader,
/// the digit runs every match holds). The grammars write digits as `[0-9]`: the view has already
/// turned Persian, Arabic-Indic and full-width digits into ASCII.
pub(crate) fn grammars() -> Vec<(String, Read, RunFilter)> {
    let greg = crate::packs::alternation(GREGORIAN_MONTHS.iter().map(|&(w, _)| w));
    let greg_strict = crate::packs::alternation(
        GREGORIAN_MONTHS
            .iter()
            .map(|&(w, _)| w)
            .filter(|w| !FA.ambiguous_months.contains(w)),
    );
    let jal = crate::packs::alternation(JALALI_MONTHS.iter().map(|&(w, _)| w));
    let day_words = crate::packs::alternation(DAY_WORDS.iter().map(|(w, _)| w.as_str()));
    let cardinals = crate::packs::alternation(FA.number_words.iter().map(|&(w, _)| w));
    // A month name may carry the ezafe `ی` (`ژوئیهی`, ZWNJ removed) and be followed by `ماه`.
    let mon = format!(r"(?:(?P<gm>{greg})|(?P<jm>{jal}))(?:ی)?\b(?:\s*ماه\b)?");
    let day = format!(r"(?:\b(?P<d>[0-9]{{1,2}})(?:\s*ام\b)?|\b(?P<dw>{day_words})(?:ین)?\b)");
    // No `\b` after the year: `۱۳۸۷ساعت` is a year glued to a word; `dates` refuses a year glued
    // to a further digit.
    let year = r"(?:سال\s*)?(?P<y>[0-9]{4})";
    let part = "نخست|اول|ابتدایی|ابتدای|آغازین|دوم|سوم|چهارم|پایانی|آخر";
    // Each grammar with the length of a digit run every match contains: a year's four digits, or
    // the day of `29 ژوئیه`.
    vec![
        // ۲۶ فروردین ۱۴۰۴, 29 ژوئیه 2025, سوم شهریور ۱۳۹۴, ۲۶ فروردین ماه سال ۱۴۰۴
        (
            format!(r"{day}\s*{mon}\s*[,،]?\s*{year}"),
            read_day_month_year,
            four_digits,
        ),
        // ۲۶ شهریور ۹۴ (a Jalali date with a two-digit year)
        (
            format!(r"{day}\s*(?P<jm>{jal})(?:ی)?\b(?:\s*ماه\b)?\s*(?P<y2>[0-9]{{2}})\b"),
            read_day_month_short_year,
            two_digits,
        ),
        // ژانویه 8, 2015
        (
            format!(r"\b(?P<gm>{greg})\s+(?P<d>[0-9]{{1,2}})\s*[,،]\s*(?P<y>[0-9]{{4}})\b"),
            read_day_month_year,
            four_digits,
        ),
        // 29 ژوئیه (no year; Gregorian only, never an everyday word)
        (
            format!(r"\b(?P<d>[0-9]{{1,2}})\s*(?P<gm>{greg_strict})(?:ی)?\b"),
            read_day_month,
            any_digits,
        ),
        // فروردین ۱۴۰۴, ژوئیه ۲۰۲۵, مهر ماه ۱۴۰۳ (`pre`: a number before it is an invalid day)
        (
            format!(r"(?:\b(?P<pre>[0-9]{{1,3}})\s*)?\b{mon}\s*[,،]?\s*{year}"),
            read_month_year,
            four_digits,
        ),
        // ۱۴۰۴/۰۱/۲۶ (Jalali), ۲۰۲۵/۹/۳۰ (Gregorian): year first
        (
            r"\b(?P<y>[0-9]{4})(?P<s1>[/.-])(?P<m>[0-9]{1,2})(?P<s2>[/.-])(?P<d>[0-9]{1,2})\b"
                .to_owned(),
            read_numeric,
            four_digits,
        ),
        // ۲۶/۰۱/۱۴۰۴: day first with a Jalali year
        (
            r"\b(?P<d>[0-9]{1,2})(?P<s1>[/.-])(?P<m>[0-9]{1,2})(?P<s2>[/.-])(?P<y>1[34][0-9]{2})\b"
                .to_owned(),
            read_numeric,
            four_digits,
        ),
        // ۶ ماه نخست سال ۲۰۲۵, شش ماهه دوم سال ۱۴۰۳, سه ماهه سوم سال ۲۰۲۵, ۷ ماه سال ۲۰۲۵
        (
            format!(
                r"(?:\b(?P<n>[0-9]{{1,2}})|\b(?P<nw>{cardinals}))\s*ماهه?\b(?:\s*(?P<part>{part})\b)?\s*(?:سال\s*)?(?P<y>[0-9]{{4}})"
            ),
            read_months_of_year,
            four_digits,
        ),
        // فصل سوم سال ۲۰۲۵, نیمه اول سال ۱۴۰۴
        (
            format!(
                r"\b(?P<unit>فصل|نیمه|نیمهی)\s+(?P<part>{part})\b\s*(?:سال\s*)?(?P<y>[0-9]{{4}})"
            ),
            read_season_or_half,
            four_digits,
        ),
        // سالهای ۱۴۰۰-۱۴۰۴ (a Jalali period; Gregorian `2021-2025` is a rule of `dates`)
        (
            r"(?:سالهای|سال|دوره|دورهی|برنامه)\s+(?P<a>1[34][0-9]{2})\s*-\s*(?P<b>1[34][0-9]{2})\b"
                .to_owned(),
            read_jalali_period,
            four_digits,
        ),
        // سال ۲۰۲۵, سال ۱۴۰۴
        (
            r"\b(?P<w>سال)\s*(?P<y>[0-9]{4})".to_owned(),
            read_year,
            four_digits,
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

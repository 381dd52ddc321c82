//! Dates, months, years and periods, in Vietnamese (with or without diacritics) and English;
//! Persian grammars live in `dates_fa` and join the same pool.
//!
//! Every grammar runs on the accent-folded view; candidates from all grammars are pooled and the
//! earliest, then longest, wins, so `ngày 08 tháng 3 năm 2025` is one day rather than a month and
//! a year. Spans start at the day number (`ngày`, `on` stay outside); unit words that begin a
//! month or year expression are inside (`tháng 8/2025`, `năm 2025`, `quý III/2025`).

use std::ops::Range;
use std::sync::LazyLock;

use docfacts_types::{Calendar, DateFact, Lang, Precision};
use regex::{Captures, Regex};

use crate::Analyzed;
use crate::mask::Taken;
use crate::windows::{Digits, RunFilter, captures_each};

/// English month names and abbreviations (matched case-sensitively: `May` the month, not `may`).
const EN_MONTH: &str = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// One grammar: a regex and how to read its captures into (span start, end, iso, precision).
struct Rule {
    regex: Regex,
    /// The longest match on a single-spaced view, when the rule is searched only near digits (see
    /// `windows`); `None`: over the whole view.
    reach: Option<usize>,
    /// The digit runs whose windows can hold a match (every match holds one such run).
    runs: RunFilter,
    read: fn(&Captures<'_>) -> Option<Found>,
    langs: &'static [Lang],
}

/// Every digit run.
fn any_run(_: &[u8], _: &Range<usize>) -> bool {
    true
}

/// A run of four digits (the year of `... năm 2025`, `22/12/2024`).
fn four_digits(_: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4
}

/// Four digits then `-` (the year of `2025-07-29`).
fn four_digits_then_dash(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4 && bytes.get(run.end) == Some(&b'-')
}

/// One or two digits then `/` (the day of `ngày 30/7`).
fn day_then_slash(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() <= 2 && bytes.get(run.end) == Some(&b'/')
}

/// A year 1900–2099 (the year of `in 2025`).
fn year_19_or_20(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4 && matches!(bytes.get(run.start..run.start + 2), Some(b"19" | b"20"))
}

struct Found {
    start: usize,
    end: usize,
    iso: String,
    precision: Precision,
}

const ALL: &[Lang] = &[Lang::Vi, Lang::En, Lang::Fa, Lang::Und];
const VI: &[Lang] = &[Lang::Vi, Lang::Und];
const EN: &[Lang] = &[Lang::En, Lang::Und, Lang::Vi];

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rule =
        |pattern: &str, read: fn(&Captures<'_>) -> Option<Found>, langs: &'static [Lang]| Rule {
            regex: crate::built_in_regex(pattern),
            reach: None,
            runs: any_run,
            read,
            langs,
        };
    // Searched near digits only: rules the regex engine cannot skip through with a selective
    // literal, since they start with a digit (`22/12/2024`, `08 tháng 3`: in Vietnamese `tháng` is
    // everywhere) or with one of many short common words (`on`, `to`, `in`, `of`). The others
    // start with a rare literal the engine finds faster than a search per window.
    // `runs`: the digit runs of which every match holds one (windows around the others can
    // hold no match); the windows proptest below checks each rule with its filter.
    let near_digits = |pattern: &str,
                       runs: RunFilter,
                       read: fn(&Captures<'_>) -> Option<Found>,
                       langs: &'static [Lang]| Rule {
        reach: crate::windows::reach(pattern),
        runs,
        ..rule(pattern, read, langs)
    };
    [
        // ngày 08 tháng 3 năm 2025
        near_digits(r"(?i)(?-u:\b)(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*,?\s*nam\s*(?P<y>\d{4})(?-u:\b)", four_digits, read_dmy, VI),
        // 22/12/2024, 22-12-2024, 22.12.2024: day first in documents from Vietnam
        near_digits(r"(?-u:\b)(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})[/.-](?P<y>\d{4})(?-u:\b)", four_digits, read_numeric_dmy, ALL),
        // 2025-07-29
        near_digits(r"(?-u:\b)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?-u:\b)", four_digits_then_dash, read_dmy, ALL),
        // tháng 8/2025, tháng 8 năm 2025, tháng 08-2025
        rule(r"(?i)(?-u:\b)(?P<w>thang)\s*(?P<m>\d{1,2})\s*(?:[/-]|,?\s*nam)\s*(?P<y>\d{4})(?-u:\b)", read_month_year, VI),
        // quý III/2025, quý 3 năm 2025
        rule(r"(?i)(?-u:\b)(?P<w>quy)\s*(?P<q>IV|I{1,3}|[1-4])\s*(?:[/-]|,?\s*nam)\s*(?P<y>\d{4})(?-u:\b)", read_quarter, VI),
        // Q3 2025, Q3/2025
        rule(r"(?-u:\b)(?P<w>Q)(?P<q>[1-4])\s*[/-]?\s*(?P<y>\d{4})(?-u:\b)", read_quarter, ALL),
        // third quarter of 2025
        rule(r"(?i)(?-u:\b)(?P<w>(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)\s+(?:of\s+)?(?P<y>\d{4})(?-u:\b)", read_quarter, EN),
        // 6 tháng đầu năm 2025, 6 tháng cuối năm 2025, 7 tháng năm 2025
        near_digits(r"(?i)(?-u:\b)(?P<n>\d{1,2})\s*thang\s*(?P<part>dau|cuoi)?\s*nam\s*(?P<y>\d{4})(?-u:\b)", four_digits, read_months_of_year, VI),
        // first 6 months of 2025, the last six months of 2025
        rule(r"(?i)(?-u:\b)(?P<part>first|last)\s+(?P<n>\d{1,2}|three|six|nine)\s+months\s+(?:of\s+)?(?:the\s+year\s+)?(?P<y>\d{4})(?-u:\b)", read_months_of_year, EN),
        // the first half of 2025, H2 2025
        rule(r"(?i)(?-u:\b)(?P<part>first|second)\s+half\s+(?:of\s+)?(?:the\s+year\s+)?(?P<y>\d{4})(?-u:\b)", read_half, EN),
        rule(r"(?-u:\b)H(?P<h>[12])\s*[/-]?\s*(?P<y>\d{4})(?-u:\b)", read_half, EN),
        // tháng 8 (no year)
        rule(r"(?i)(?-u:\b)(?P<w>thang)\s*(?P<m>\d{1,2})(?-u:\b)", read_month_only, VI),
        // năm 2025
        rule(r"(?i)(?-u:\b)(?P<w>nam)\s*(?P<y>\d{4})(?-u:\b)", read_year_word, VI),
        // năm 2024 và 2025, in 2024 and 2025: the second year of a pair
        rule(r"(?i)(?-u:\b)(?:19|20)\d{2}\s*(?:,|and|or|va|hoac|&)\s*(?P<y>(?:19|20)\d{2})(?-u:\b)(?:[^/\d-]|$)", read_en_year, ALL),
        // 2021-2025, 2021 - 2025
        rule(r"(?-u:\b)(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})(?-u:\b)", read_year_period, ALL),
        // chiều 30/7, ngày 30/9 (day and month only after a word that announces a date)
        near_digits(r"(?i)(?-u:\b)(?:ngay|chieu|sang|toi|trua|dem|hom|tu|den|truoc|sau|vao|on|dated|from|until|to|by|since)\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})(?-u:\b)(?:[^/\d]|$)", day_then_slash, read_day_month, ALL),
        // July 29, 2025; July 29 2025; July 29
        rule(&format!(r"(?-u:\b){EN_MONTH}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s*(?P<y>\d{{4}})(?-u:\b))?"), read_en_mdy, EN),
        // 29 July 2025, 29th of July 2025
        rule(&format!(r"(?-u:\b)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{EN_MONTH}(?-u:\b)\.?(?:,?\s*(?P<y>\d{{4}})(?-u:\b))?"), read_en_mdy, EN),
        // July 2025
        rule(&format!(r"(?-u:\b){EN_MONTH}\.?,?\s+(?:of\s+)?(?P<y>\d{{4}})(?-u:\b)"), read_en_month_year, EN),
        // in 2025, by 2030 (the year alone is the text)
        near_digits(r"(?i)(?-u:\b)(?:in|by|since|until|till|from|to|of|during|before|after|through|year|end of|early|late|mid-?)\s+(?P<y>(?:19|20)\d{2})(?-u:\b)(?:[^/\d-]|$)", year_19_or_20, read_en_year, EN),
    ]
    .into_iter()
    .collect()
});

/// `digits`: the view's digit runs ([`Digits::of`], shared with the document numbers).
pub(crate) fn extract(doc: &Analyzed<'_>, taken: &mut Taken, digits: &Digits) -> Vec<DateFact> {
    let view = doc.view.text();
    let mut found: Vec<(Found, Calendar)> = Vec::new();
    for rule in RULES.iter().filter(|r| r.langs.contains(&doc.lang)) {
        let windows = digits.windows_where(view, rule.reach, rule.runs);
        captures_each(&rule.regex, view, windows.as_deref(), |caps| {
            if let Some(f) = (rule.read)(caps) {
                found.push((f, Calendar::Gregorian));
            }
        });
    }
    if matches!(doc.lang, Lang::Fa | Lang::Und) {
        found.extend(crate::dates_fa::find(view).into_iter().map(|d| {
            let f = Found {
                start: d.start,
                end: d.end,
                iso: d.iso,
                precision: d.precision,
            };
            (f, d.calendar)
        }));
    }
    // Earliest first, then longest: the most complete reading of each place wins (a stable sort:
    // on a tie the earlier grammar wins).
    found.sort_by(|(a, _), (b, _)| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = Vec::new();
    let mut last_end = 0;
    for (f, calendar) in found {
        if f.start < last_end || taken.overlaps(f.start, f.end) || glued(view, f.start, f.end) {
            continue;
        }
        let span = doc.view.source_span(f.start, f.end);
        let Some(text) = span.slice(doc.source) else {
            continue;
        };
        last_end = f.end;
        taken.add(f.start, f.end);
        out.push(DateFact {
            text: text.to_owned(),
            start: span.start,
            end: span.end,
            page: None,
            iso: f.iso,
            precision: f.precision,
            calendar,
            range_with: None,
        });
    }
    out
}

/// A date glued to a digit, slash or letter is part of something else (an id, a code).
fn glued(view: &str, start: usize, end: usize) -> bool {
    let before = view.get(..start).and_then(|s| s.chars().next_back());
    let after = view.get(end..).and_then(|s| s.chars().next());
    let after_next = view.get(end..).and_then(|s| s.chars().nth(1));
    before.is_some_and(|c| c.is_alphanumeric() || c == '/')
        || after.is_some_and(|c| c.is_ascii_digit())
        || after.is_some_and(|c| matches!(c, '/' | '.' | ',' | '-'))
            && after_next.is_some_and(|c| c.is_ascii_alphanumeric())
}

fn num(caps: &Captures<'_>, name: &str) -> Option<u32> {
    caps.name(name)?.as_str().parse().ok()
}

fn span_of(caps: &Captures<'_>, first: &str, last_end: usize) -> Option<(usize, usize)> {
    Some((caps.name(first)?.start(), last_end))
}

fn valid_day(y: Option<u32>, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match y {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn valid_year(y: u32) -> bool {
    (1900..=2100).contains(&y)
}

fn day(start: usize, end: usize, y: Option<u32>, m: u32, d: u32) -> Option<Found> {
    if !valid_day(y, m, d) || y.is_some_and(|y| !valid_year(y)) {
        return None;
    }
    let iso = match y {
        Some(y) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("--{m:02}-{d:02}"),
    };
    Some(Found {
        start,
        end,
        iso,
        precision: Precision::Day,
    })
}

fn read_dmy(c: &Captures<'_>) -> Option<Found> {
    let whole = c.get(0)?;
    let start = c.name("d")?.start().min(c.name("y")?.start());
    day(
        start,
        whole.end(),
        Some(num(c, "y")?),
        num(c, "m")?,
        num(c, "d")?,
    )
}

fn read_numeric_dmy(c: &Captures<'_>) -> Option<Found> {
    let whole = c.get(0)?;
    let (a, b, y) = (num(c, "d")?, num(c, "m")?, num(c, "y")?);
    // Day first; a month-first date is accepted only where day-first cannot be a date (`07/29/2025`).
    if valid_day(Some(y), b, a) {
        day(whole.start(), whole.end(), Some(y), b, a)
    } else if c.name("sep").is_some_and(|s| s.as_str() == "/") {
        day(whole.start(), whole.end(), Some(y), a, b)
    } else {
        None
    }
}

fn read_month_year(c: &Captures<'_>) -> Option<Found> {
    let (m, y) = (num(c, "m")?, num(c, "y")?);
    if !(1..=12).contains(&m) || !valid_year(y) {
        return None;
    }
    let (start, end) = span_of(c, "w", c.get(0)?.end())?;
    Some(Found {
        start,
        end,
        iso: format!("{y:04}-{m:02}"),
        precision: Precision::Month,
    })
}

fn read_month_only(c: &Captures<'_>) -> Option<Found> {
    let m = num(c, "m")?;
    if !(1..=12).contains(&m) {
        return None;
    }
    let (start, end) = span_of(c, "w", c.name("m")?.end())?;
    Some(Found {
        start,
        end,
        iso: format!("--{m:02}"),
        precision: Precision::Month,
    })
}

fn read_quarter(c: &Captures<'_>) -> Option<Found> {
    let q = match c.name("q")?.as_str().to_ascii_lowercase().as_str() {
        "i" | "1" | "first" | "1st" => 1,
        "ii" | "2" | "second" | "2nd" => 2,
        "iii" | "3" | "third" | "3rd" => 3,
        "iv" | "4" | "fourth" | "4th" => 4,
        _ => return None,
    };
    let (start, end) = span_of(c, "w", c.get(0)?.end())?;
    months_of(start, end, num(c, "y")?, q * 3 - 2, q * 3)
}

/// Months `m1` to `m2` of year `y`, as an interval of month precision.
fn months_of(start: usize, end: usize, y: u32, m1: u32, m2: u32) -> Option<Found> {
    if !valid_year(y) {
        return None;
    }
    Some(Found {
        start,
        end,
        iso: format!("{y:04}-{m1:02}/{y:04}-{m2:02}"),
        precision: Precision::Month,
    })
}

fn read_half(c: &Captures<'_>) -> Option<Found> {
    let second = c
        .name("part")
        .is_some_and(|p| p.as_str().eq_ignore_ascii_case("second"))
        || c.name("h").is_some_and(|h| h.as_str() == "2");
    let (m1, m2) = if second { (7, 12) } else { (1, 6) };
    let whole = c.get(0)?;
    months_of(whole.start(), whole.end(), num(c, "y")?, m1, m2)
}

fn read_months_of_year(c: &Captures<'_>) -> Option<Found> {
    let n = match c.name("n")?.as_str().to_ascii_lowercase().as_str() {
        "three" => 3,
        "six" => 6,
        "nine" => 9,
        digits => digits.parse::<u32>().ok()?,
    };
    if !(1..=12).contains(&n) {
        return None;
    }
    let last = c
        .name("part")
        .is_some_and(|p| matches!(p.as_str().to_ascii_lowercase().as_str(), "cuoi" | "last"));
    let (m1, m2) = if last { (13 - n, 12) } else { (1, n) };
    let whole = c.get(0)?;
    months_of(whole.start(), whole.end(), num(c, "y")?, m1, m2)
}

fn read_year_word(c: &Captures<'_>) -> Option<Found> {
    let y = num(c, "y")?;
    if !valid_year(y) {
        return None;
    }
    let (start, end) = span_of(c, "w", c.get(0)?.end())?;
    Some(Found {
        start,
        end,
        iso: format!("{y:04}"),
        precision: Precision::Year,
    })
}

fn read_year_period(c: &Captures<'_>) -> Option<Found> {
    let (a, b) = (num(c, "a")?, num(c, "b")?);
    if !(valid_year(a) && valid_year(b) && a < b && b - a <= 50) {
        return None;
    }
    let whole = c.get(0)?;
    Some(Found {
        start: whole.start(),
        end: whole.end(),
        iso: format!("{a:04}/{b:04}"),
        precision: Precision::Year,
    })
}

fn read_day_month(c: &Captures<'_>) -> Option<Found> {
    day(
        c.name("d")?.start(),
        c.name("m")?.end(),
        None,
        num(c, "m")?,
        num(c, "d")?,
    )
}

fn en_month(c: &Captures<'_>) -> Option<u32> {
    let name = c.name("mon")?.as_str();
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    months
        .iter()
        .position(|m| name.starts_with(m))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn read_en_mdy(c: &Captures<'_>) -> Option<Found> {
    let whole = c.get(0)?;
    let (mon, d) = (c.name("mon")?, c.name("d")?);
    // Without a year, the date ends at the day or the month name (no closing dot or suffix).
    let end = c.name("y").map_or(mon.end().max(d.end()), |y| y.end());
    day(whole.start(), end, num(c, "y"), en_month(c)?, num(c, "d")?)
}

fn read_en_month_year(c: &Captures<'_>) -> Option<Found> {
    let whole = c.get(0)?;
    let (m, y) = (en_month(c)?, num(c, "y")?);
    if !valid_year(y) {
        return None;
    }
    Some(Found {
        start: whole.start(),
        end: whole.end(),
        iso: format!("{y:04}-{m:02}"),
        precision: Precision::Month,
    })
}

fn read_en_year(c: &Captures<'_>) -> Option<Found> {
    let y = c.name("y")?;
    let n = num(c, "y")?;
    if !valid_year(n) {
        return None;
    }
    Some(Found {
        start: y.start(),
        end: y.end(),
        iso: format!("{n:04}"),
        precision: Precision::Year,
    })
}

#[cfg(test)]
mod tests {
    use docfacts_types::Variant;

    use super::*;

    fn dates(source: &str, lang: Lang) -> Vec<(String, String)> {
        crate::extract_alone(source, lang, Some(Variant::Diacritics), extract)
            .into_iter()
            .map(|d| {
                assert_eq!(&source[d.start..d.end], d.text);
                (d.text, d.iso)
            })
            .collect()
    }

    macro_rules! t {
        ($name:ident, $lang:expr, $input:expr, [$(($text:expr, $iso:expr)),* $(,)?]) => {
            #[test]
            fn $name() {
                let expect: Vec<(String, String)> = vec![$(($text.to_owned(), $iso.to_owned())),*];
                assert_eq!(dates($input, $lang), expect, "input: {:?}", $input);
            }
        };
    }

    t!(
        vi_long_form,
        Lang::Vi,
        "ngày 08 tháng 3 năm 2025",
        [("08 tháng 3 năm 2025", "2025-03-08")]
    );
    t!(
        vi_long_unaccented,
        Lang::Vi,
        "ngay 15 thang 10 nam 2025",
        [("15 thang 10 nam 2025", "2025-10-15")]
    );
    t!(
        vi_numeric,
        Lang::Vi,
        "ngày 22/12/2024 của",
        [("22/12/2024", "2024-12-22")]
    );
    t!(
        vi_numeric_short_day,
        Lang::Vi,
        "ngày 27/6/2025 quy định",
        [("27/6/2025", "2025-06-27")]
    );
    t!(
        vi_month_year,
        Lang::Vi,
        "trong tháng 8/2025 và tháng 9 năm 2025",
        [("tháng 8/2025", "2025-08"), ("tháng 9 năm 2025", "2025-09")]
    );
    t!(
        vi_month_only,
        Lang::Vi,
        "hoàn thành đầu tư trong tháng 8, bố trí",
        [("tháng 8", "--08")]
    );
    t!(
        vi_year,
        Lang::Vi,
        "đến cuối năm 2025, trong",
        [("năm 2025", "2025")]
    );
    t!(
        vi_day_month,
        Lang::Vi,
        "chiều 30/7. hoàn thành vào ngày 30/9;",
        [("30/7", "--07-30"), ("30/9", "--09-30")]
    );
    t!(
        vi_quarter,
        Lang::Vi,
        "trong quý III/2025",
        [("quý III/2025", "2025-07/2025-09")]
    );
    t!(
        vi_first_months,
        Lang::Vi,
        "6 tháng đầu năm 2025, 7 tháng năm \n\n2025",
        [
            ("6 tháng đầu năm 2025", "2025-01/2025-06"),
            ("7 tháng năm \n\n2025", "2025-01/2025-07"),
        ]
    );
    t!(
        vi_last_months,
        Lang::Vi,
        "6 tháng cuối năm 2025",
        [("6 tháng cuối năm 2025", "2025-07/2025-12")]
    );
    t!(
        vi_period,
        Lang::Vi,
        "giai đoạn 2021-2025",
        [("2021-2025", "2021/2025")]
    );
    t!(vi_not_ratio, Lang::Vi, "có 7/36 nhiệm vụ, 16/16 xã", []);
    t!(vi_invalid_date, Lang::Vi, "ngày 31/02/2025", []);
    t!(
        en_mdy,
        Lang::En,
        "as of July 29, 2025, the",
        [("July 29, 2025", "2025-07-29")]
    );
    t!(
        en_md,
        Lang::En,
        "On the morning of May 21, the committee",
        [("May 21", "--05-21")]
    );
    t!(
        en_dmy,
        Lang::En,
        "dated 1 April 2025",
        [("1 April 2025", "2025-04-01")]
    );
    t!(
        en_month_year,
        Lang::En,
        "in July 2025",
        [("July 2025", "2025-07")]
    );
    t!(
        en_year,
        Lang::En,
        "by 2030 and in 2025",
        [("2030", "2030"), ("2025", "2025")]
    );
    t!(
        en_first_months,
        Lang::En,
        "in the first 6 months of 2025",
        [("first 6 months of 2025", "2025-01/2025-06")]
    );
    t!(
        en_quarter,
        Lang::En,
        "in Q3 2025",
        [("Q3 2025", "2025-07/2025-09")]
    );
    t!(en_modal_may, Lang::En, "they may 21 times", []);
    t!(
        en_numeric_day_first,
        Lang::En,
        "dated 22/12/2024",
        [("22/12/2024", "2024-12-22")]
    );
    t!(
        year_pairs,
        Lang::En,
        "in 2024 and 2025, 1,250 tasks",
        [("2024", "2024"), ("2025", "2025")]
    );
    t!(
        vi_year_pairs,
        Lang::Vi,
        "năm 2024 và 2025",
        [("năm 2024", "2024"), ("2025", "2025")]
    );
    t!(
        en_halves,
        Lang::En,
        "in the first half of 2025 and H2 2024",
        [
            ("first half of 2025", "2025-01/2025-06"),
            ("H2 2024", "2024-07/2024-12"),
        ]
    );
}

#[cfg(test)]
mod near_digits_tests {
    use docfacts_normalize::View;
    use proptest::prelude::*;

    use super::*;
    use crate::windows::reach;

    /// Every capture group's span of every match, in order.
    fn spans(caps: &Captures<'_>) -> Vec<Option<(usize, usize)>> {
        caps.iter()
            .map(|m| m.map(|m| (m.start(), m.end())))
            .collect()
    }

    fn token() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "1", "08", "12", "2025", "1999", "31", "7", "2030", " ", " ", " ", "\n", "/", "-", ".",
            ",", "thang", "Tháng", "năm", "nam", "quy", "III", "Q", "H", "ngay", "on", "to", "in",
            "of", "va", "and", "first", "half", "months", "quarter", "the year", "July", "May",
            "Dec", "st", "dau", "cuoi", "x", "ă", "۱", "\u{a0}", "٬", "ſ",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// The near-digit search finds exactly what a whole-view scan finds, for every rule.
        #[test]
        fn windows_equal_whole_view(
            tokens in prop::collection::vec((token(), prop::bool::ANY), 0..80),
            gap in prop::sample::select(vec![0usize, 1, 48]),
        ) {
            let source: String = tokens
                .iter()
                .flat_map(|&(t, space)| [t, if space { " " } else { "" }])
                .collect();
            let view = View::new(&source);
            let view = view.text();
            let digits = crate::windows::Digits::of(view);
            for rule in RULES.iter() {
                let Some(pattern_reach) = rule.reach.or_else(|| reach(rule.regex.as_str())) else {
                    continue;
                };
                let whole: Vec<_> = rule.regex.captures_iter(view).map(|c| spans(&c)).collect();
                let windows = digits.windows_merged_where(view, Some(pattern_reach), gap, rule.runs);
                let mut near = Vec::new();
                captures_each(&rule.regex, view, windows.as_deref(), |c| near.push(spans(c)));
                prop_assert_eq!(whole, near, "rule {} on {:?}", rule.regex.as_str(), view);
            }
        }
    }
}

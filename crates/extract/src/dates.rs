//! Dates, months, years and periods, in Vietnamese (with or without diacritics) and English;
//! Persian grammars live in `dates_fa` and join the same pool.
//!
//! Every grammar runs on the accent-folded view; candidates from all grammars are pooled and the
//! earliest, then longest, wins, so `ngày 08 tháng 3 năm 2025` is one day rather than a month and
//! a year. Spans start at the day number (`ngày`, `on` stay outside); unit words that begin a
//! month or year expression are inside (`tháng 8/2025`, `năm 2025`, `quý III/2025`).

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use docfacts_types::{Calendar, DateFact, Lang, Precision};
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;

use crate::Analyzed;
use crate::date_hand::{self, Hand};
use crate::date_match::{Caps, Found, iso_day, iso_month, iso_year, valid_day};
use crate::mask::Taken;
use crate::windows::{Digits, RunFilter, ascii_classes, search_each};

/// The words of the packs as regex alternations (folded view, see `packs`).
struct Alternations {
    /// Month names (`(?P<mon>…)`), any case except those that are months only capitalised.
    month: String,
    /// Full month names (no abbreviation), for a month named alone.
    full_month: String,
    /// Month names in Title case only, matched case-sensitively (`July 29, 2025` quoted in a
    /// Vietnamese text, where English is rare and the search must stay cheap).
    capitalised_month: String,
    /// Weekday names.
    weekday: String,
    /// Day numbers written as words (`(?P<dw>…)`).
    day_word: String,
    /// Ordinal suffixes of a day number.
    ordinal: String,
    /// Words after which a bare day and month is a date.
    announcer: String,
    /// Month words that hold their announcing word (`tháng ba`: `(?P<vm>…)`).
    vi_month: String,
    /// Words that open a day of the month (`mồng`).
    day_before: String,
    /// Era markers after a year.
    era: String,
}

/// `october` → `October`.
fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

static WORDS: LazyLock<Alternations> = LazyLock::new(|| {
    let packs = crate::packs::PACKS;
    // The grammars here read Latin-script month and day names; Persian ones are `dates_fa`'s.
    let capitalised: Vec<&str> = packs
        .iter()
        .flat_map(|p| p.ambiguous_months.iter().copied())
        .filter(|w| w.is_ascii())
        .collect();
    let names = |spaced: bool| {
        packs
            .iter()
            .flat_map(|p| p.months.iter())
            .map(|(w, _)| w.folded)
            .filter(move |w| w.is_ascii() && w.contains(' ') == spaced)
    };
    let any_case = names(false).filter(|w| !capitalised.contains(w));
    let capitalised_forms: Vec<String> = capitalised
        .iter()
        .flat_map(|w| [title_case(w), w.to_uppercase()])
        .collect();
    let full: Vec<&str> = names(false)
        .filter(|w| w.len() > 4 || w.eq_ignore_ascii_case("june") || w.eq_ignore_ascii_case("july"))
        .filter(|w| !capitalised.contains(w))
        .collect();
    let alt = |words: Vec<&str>| crate::packs::alternation(words.into_iter());
    Alternations {
        // Any case is lowercase, Title case or capitals (`march`, `March`, `MARCH`): written out,
        // the alternation stays a small literal set the regex engine searches fast, which `(?i)`
        // (every mix of cases) is not.
        month: {
            let forms: Vec<String> = any_case
                .flat_map(|w| [w.to_owned(), title_case(w), w.to_uppercase()])
                .chain(capitalised_forms)
                .collect();
            format!(
                "(?P<mon>{})",
                alt(forms.iter().map(String::as_str).collect())
            )
        },
        capitalised_month: {
            let titles: Vec<String> = names(false).map(title_case).collect();
            format!(
                "(?P<mon>{})",
                alt(titles.iter().map(String::as_str).collect())
            )
        },
        full_month: format!(
            "(?P<mon>{})",
            full.iter()
                .flat_map(|w| [title_case(w), w.to_uppercase()])
                .collect::<Vec<_>>()
                .join("|")
        ),
        weekday: format!("(?i:{})", alt(crate::packs::all(|p| p.weekdays))),
        day_word: format!(
            "(?P<dw>(?i:{}))",
            alt(crate::packs::all(|p| p.day_words)
                .into_iter()
                .map(|(w, _)| w)
                .filter(|w| w.is_ascii())
                .collect())
        ),
        ordinal: format!("(?i:{})", alt(crate::packs::all(|p| p.ordinal_suffixes))),
        announcer: alt(crate::packs::all(|p| p.date_announcers)),
        vi_month: format!("(?P<vm>{})", alt(VI_MONTH_WORDS.clone())),
        day_before: alt(crate::packs::all(|p| p.day_words_before)),
        era: alt(crate::packs::all(|p| p.eras)),
    }
});

/// Month names of more than one word (`thang ba`), in the order of their alternation.
pub(crate) static VI_MONTH_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::packs::alternation_order(
        crate::packs::PACKS
            .iter()
            .flat_map(|p| p.months.iter())
            .map(|(w, _)| w.folded)
            .filter(|w| w.is_ascii() && w.contains(' ')),
    )
});

/// The words that announce a date (`ngày`, `chiều`, `on`), in the order of their alternation.
pub(crate) static ANNOUNCER_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::packs::alternation_order(crate::packs::all(|p| p.date_announcers).into_iter())
});

/// `ngay` then the words that open a day of the month (`mồng`), in the order of their
/// alternation.
pub(crate) static DAY_OPENER_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut words = vec!["ngay"];
    words.extend(crate::packs::alternation_order(
        crate::packs::all(|p| p.day_words_before).into_iter(),
    ));
    words
});

/// One grammar: a pattern and how to read its captures into (span start, end, iso, precision).
/// Its regex is compiled on first use, once per form (see [`Rule::engine`]), so a process pays only
/// for the grammars of the languages and views it meets.
struct Rule {
    pattern: String,
    /// Whether the rule is searched only near digits (see `windows`), within its engine's reach;
    /// otherwise over the whole view.
    windowed: bool,
    /// The digit runs whose windows can hold a match (every match holds one such run).
    runs: RunFilter,
    read: fn(&Caps<'_, '_>) -> Option<Found>,
    langs: &'static [Lang],
    /// Whether the rule has a loose form: the pattern without its `\b` assertions, for grammars
    /// with a Unicode `\b` (see [`search_each`]).
    loose: bool,
    /// The grammar read by hand, on views whose digit runs can be trusted (see `date_hand`).
    hand: Option<Hand>,
    /// The regex for views whose `\d` and `\s` can match only ASCII ([`ascii_classes`]).
    ascii: OnceLock<Engine>,
    /// The regex as written, for the other views.
    unicode: OnceLock<Engine>,
}

/// A rule's compiled form.
struct Engine {
    regex: Regex,
    loose: Option<Regex>,
    /// The longest match on a single-spaced view ([`crate::windows::hir_reach`] of the regex), for
    /// a windowed rule: `None` (unbounded) searches the whole view.
    reach: Option<usize>,
    /// The regex's named groups (see [`Caps`]).
    names: Vec<(Box<str>, usize)>,
    /// Captures for the regex, one per thread, reused by every document.
    caps: CapsPool,
}

/// A pool of captures for one regex (how the regex crate keeps its own search caches).
type CapsPool = Pool<
    Captures,
    Box<dyn Fn() -> Captures + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>,
>;

impl Rule {
    /// A grammar searched over the whole view.
    fn new(
        pattern: &str,
        read: fn(&Caps<'_, '_>) -> Option<Found>,
        langs: &'static [Lang],
    ) -> Rule {
        Rule {
            pattern: pattern.to_owned(),
            windowed: false,
            runs: any_run,
            read,
            langs,
            loose: false,
            hand: None,
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// The rule, read by `hand` where the view allows.
    fn by_hand(self, hand: Hand) -> Rule {
        Rule {
            hand: Some(hand),
            ..self
        }
    }

    /// The rule's regex for a view where `\d` and `\s` match only ASCII (`ascii`) or any view,
    /// compiled on first use.
    fn engine(&self, ascii: bool) -> &Engine {
        // A whole-view scan keeps the pattern as written: ASCII classes would become literal sets
        // the engine's prefilter stops at (every space), far slower than its own literals.
        let ascii = ascii && self.windowed;
        let cell = if ascii { &self.ascii } else { &self.unicode };
        cell.get_or_init(|| {
            let pattern = if ascii {
                ascii_classes(&self.pattern)
            } else {
                self.pattern.clone()
            };
            // A whole-view scan skips to the pattern's literals; a window search does not need to.
            // The reach comes from the parse the regex is built from.
            let (regex, reach) = crate::built_in_meta_with_reach(&pattern, !self.windowed, true);
            let loose = self.loose.then(|| {
                let loose = pattern.replace(r"\b", "");
                crate::built_in_meta(&loose, !self.windowed, false)
            });
            let info = regex.group_info().clone();
            Engine {
                names: group_names(&regex),
                caps: Pool::new(Box::new(move || Captures::all(info.clone()))),
                regex,
                loose,
                reach: reach.filter(|_| self.windowed),
            }
        })
    }
}

impl Engine {
    /// Calls `each` on every match of the regex in `view`, in `windows` or over the whole view
    /// ([`search_each`]).
    fn search(
        &self,
        caps: &mut Captures,
        view: &str,
        windows: Option<&[Range<usize>]>,
        deadline: Option<std::time::Instant>,
        each: impl FnMut(&Captures),
    ) {
        search_each(
            &self.regex,
            self.loose.as_ref(),
            caps,
            view,
            windows,
            deadline,
            each,
        );
    }

    /// Reads one match of the regex in `hay`.
    fn read(&self, rule: &Rule, caps: &Captures, hay: &str) -> Option<Found> {
        (rule.read)(&Caps {
            caps,
            hay,
            names: &self.names,
        })
    }
}

impl Found {
    /// A Gregorian date at view bytes `start..end`.
    pub(crate) fn new(start: usize, end: usize, iso: String, precision: Precision) -> Found {
        Found {
            start,
            end,
            iso,
            precision,
            calendar: Calendar::Gregorian,
            printed: None,
        }
    }
}

/// Every digit run.
fn any_run(_: &[u8], _: &Range<usize>) -> bool {
    true
}

/// A run of four digits (the year of `... năm 2025`, `22/12/2024`).
fn four_digits(_: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4
}

/// Four digits then `-`, `/` or `.` (the year of `2025-07-29`, `2015/08/12`).
fn four_digits_then_separator(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4 && matches!(bytes.get(run.end), Some(b'-' | b'/' | b'.'))
}

/// One or two digits then `/` (the day of `ngày 30/7`).
fn day_then_slash(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() <= 2 && bytes.get(run.end) == Some(&b'/')
}

/// The day of `22/12/2024`, `21-04-16`: one or two digits, a separator, one or two digits, a
/// separator and a digit.
fn day_month_year_shape(bytes: &[u8], run: &Range<usize>) -> bool {
    let sep = |b: Option<&u8>| matches!(b, Some(b'/' | b'.' | b'-' | b','));
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let m = run.end + 1;
    let month_len = if digit(m + 1) { 2 } else { 1 };
    run.len() <= 2
        && sep(bytes.get(run.end))
        && digit(m)
        && sep(bytes.get(m + month_len))
        && digit(m + month_len + 1)
}

/// One or two digits after a word that opens a day (`ngày 8`, `mồng 3`): a space, and before it
/// the letters of one of the words.
fn day_after_day_word(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() <= 2
        && run.start > 0
        && bytes.get(run.start - 1) == Some(&b' ')
        && date_hand::letters_before(bytes, run.start - 1, &DAY_OPENER_WORDS).is_some()
}

/// One or two digits then `/` or `-` (`on 4/22`).
fn short_then_slash_or_dash(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() <= 2 && matches!(bytes.get(run.end), Some(b'/' | b'-'))
}

/// One or two digits then `/`, `.` or `-` (`Friday 7.6`).
fn short_then_separator(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() <= 2 && matches!(bytes.get(run.end), Some(b'/' | b'.' | b'-'))
}

/// One or two digits then a letter (`21st`).
fn short_then_letter(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() <= 2 && bytes.get(run.end).is_some_and(u8::is_ascii_alphabetic)
}

/// One or two digits closing a sentence (`on 15.`, `for the 27!`, `for the 27`).
fn short_then_stop(bytes: &[u8], run: &Range<usize>) -> bool {
    let at = run.end + usize::from(bytes.get(run.end) == Some(&b' '));
    run.len() <= 2
        && bytes
            .get(at)
            .is_none_or(|b| matches!(b, b'.' | b'!' | b'?'))
}

/// A year of up to four digits then an era's first letter (`14 AD`, `14 c.e.`).
fn run_then_era_letter(bytes: &[u8], run: &Range<usize>) -> bool {
    let at = run.end + usize::from(bytes.get(run.end) == Some(&b' '));
    run.len() <= 4 && matches!(bytes.get(at), Some(b'a' | b'A' | b'c' | b'C'))
}

/// Four digits then a dash, after at most one space (the first year of `2021 - 2025`).
fn year_then_dash(bytes: &[u8], run: &Range<usize>) -> bool {
    let at = run.end + usize::from(bytes.get(run.end) == Some(&b' '));
    run.len() == 4 && bytes.get(at) == Some(&b'-')
}

/// A year 1900–2099 (the year of `in 2025`).
fn year_19_or_20(bytes: &[u8], run: &Range<usize>) -> bool {
    date_hand::is_year_19_20(bytes, run)
}

/// Month names of one word (`july`, `sept`) as the filters below look them up: the first eight
/// letters lowercased into an integer (the longer names share a key with anything that starts like
/// them, which a filter may let through), sorted.
static MONTH_KEYS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut keys: Vec<u64> = crate::packs::PACKS
        .iter()
        .flat_map(|p| p.months.iter())
        .map(|(w, _)| w.folded)
        .filter(|w| w.is_ascii() && !w.contains(' '))
        .map(|w| letters_key(w.as_bytes()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
});

/// The key of a word in [`MONTH_KEYS`].
fn letters_key(word: &[u8]) -> u64 {
    word.iter()
        .take(8)
        .fold(0, |key, b| key << 8 | u64::from(b.to_ascii_lowercase()))
}

/// Whether the letters `word` may be a month name (any case).
fn may_be_month(word: &[u8]) -> bool {
    (3..=9).contains(&word.len()) && MONTH_KEYS.binary_search(&letters_key(word)).is_ok()
}

/// Whether `word` (ASCII, without the `s` and `k` that case folding lets other letters stand
/// for) ends within `within` bytes before `at`, in any case.
fn word_shortly_before(bytes: &[u8], at: usize, word: &str, within: usize) -> bool {
    let from = at.saturating_sub(within + word.len());
    bytes
        .get(from..at)
        .unwrap_or_default()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// Whether the ASCII letters that end at `end` may be a month name.
fn month_name_ends_at(bytes: &[u8], end: usize) -> bool {
    let before = bytes.get(..end).unwrap_or_default();
    let start = before
        .iter()
        .rev()
        .take(10)
        .position(|b| !b.is_ascii_alphabetic())
        .map_or(end.saturating_sub(10), |n| end - n);
    may_be_month(before.get(start..).unwrap_or_default())
}

/// Whether the ASCII letters that start at `at` may be a month name.
fn month_name_starts_at(bytes: &[u8], at: usize) -> bool {
    let after = bytes.get(at..).unwrap_or_default();
    let len = after
        .iter()
        .take(10)
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(after.len().min(10));
    may_be_month(after.get(..len).unwrap_or_default())
}

/// `at` past `word` and a space where they follow, in any case.
fn skip_word_after(bytes: &[u8], at: usize, word: &str) -> usize {
    let end = at + word.len();
    match (bytes.get(at..end), bytes.get(end)) {
        (Some(w), Some(b' ')) if w.eq_ignore_ascii_case(word.as_bytes()) => end + 1,
        _ => at,
    }
}

/// A year after `quy` (`quý III/2025`, `quý 3 năm 2025`).
fn year_after_quy(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4 && word_shortly_before(bytes, run.start, "quy", 12)
}

/// The quarter of `Q3 2025`: a run right after `Q`.
fn run_after_q(bytes: &[u8], run: &Range<usize>) -> bool {
    run.start.checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b'Q')
}

/// The half of `H1 2025`: a run right after `H`.
fn run_after_h(bytes: &[u8], run: &Range<usize>) -> bool {
    run.start.checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b'H')
}

/// A year after `quarter` (`third quarter of 2025`).
fn year_after_quarter(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4 && word_shortly_before(bytes, run.start, "quarter", 6)
}

/// A year after `month(s)` (`first 6 months of the year 2025`).
fn year_after_months(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4 && word_shortly_before(bytes, run.start, "month", 18)
}

/// A year after `half` (`the first half of 2025`).
fn year_after_half(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4 && word_shortly_before(bytes, run.start, "half", 16)
}

/// The day of `July 29` (a month name, an optional dot, a space, one or two digits).
fn day_after_month(bytes: &[u8], run: &Range<usize>) -> bool {
    if run.len() > 2 || run.start == 0 || bytes.get(run.start - 1) != Some(&b' ') {
        return false;
    }
    let end = run.start - 1;
    month_name_ends_at(bytes, end)
        || end > 0 && bytes.get(end - 1) == Some(&b'.') && month_name_ends_at(bytes, end - 1)
}

/// The day of `29 July`, `29th of July` (one or two digits, an optional ordinal suffix, a
/// space, an optional `of`, a month name).
fn day_before_month(bytes: &[u8], run: &Range<usize>) -> bool {
    if run.len() > 2 {
        return false;
    }
    let mut at = run.end;
    if bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
        at += 2;
    }
    if bytes.get(at) != Some(&b' ') {
        return false;
    }
    month_name_starts_at(bytes, skip_word_after(bytes, at + 1, "of"))
}

/// The year of `July 2025`, `July, 2025`, `July of 2025` (a month name, an optional dot and
/// comma, a space, an optional `of `, four digits).
fn year_after_month(bytes: &[u8], run: &Range<usize>) -> bool {
    if run.len() != 4 || run.start == 0 || bytes.get(run.start - 1) != Some(&b' ') {
        return false;
    }
    let mut end = run.start - 1;
    if end >= 3
        && bytes
            .get(end - 3..end)
            .is_some_and(|w| w.eq_ignore_ascii_case(b" of"))
    {
        end -= 3;
    }
    if end > 0 && bytes.get(end - 1) == Some(&b',') {
        end -= 1;
    }
    if end > 0 && bytes.get(end - 1) == Some(&b'.') {
        end -= 1;
    }
    month_name_ends_at(bytes, end)
}

/// The day of `July 29`, `jul. 4`, `april22`, `jan-1`, `February the 15th` (a month name, at
/// most three of `.`, `,`, a space, `/`, `-`, an optional `the `, one or two digits).
fn day_after_month_any_case(bytes: &[u8], run: &Range<usize>) -> bool {
    if run.len() > 2 {
        return false;
    }
    let mut end = run.start;
    if end >= 4
        && bytes
            .get(end - 4..end)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"the "))
    {
        end -= 4;
    }
    for _ in 0..3 {
        if end > 0 && matches!(bytes.get(end - 1), Some(b'.' | b',' | b' ' | b'/' | b'-')) {
            end -= 1;
        }
    }
    month_name_ends_at(bytes, end)
}

/// The day of `29 July`, `29th of July`, `22april`, `1-jan`, `the 22nd of the June` (one or two
/// digits, an optional two-letter ordinal suffix, a space or dash, optional `of ` and `the `, a
/// month name).
fn day_before_month_any_case(bytes: &[u8], run: &Range<usize>) -> bool {
    if run.len() > 2 {
        return false;
    }
    let month_from = |mut at: usize| {
        if matches!(bytes.get(at), Some(b' ' | b'-')) {
            at += 1;
        }
        at = skip_word_after(bytes, at, "of");
        at = skip_word_after(bytes, at, "the");
        month_name_starts_at(bytes, at)
    };
    month_from(run.end)
        || bytes
            .get(run.end..run.end + 2)
            .is_some_and(|w| w.iter().all(u8::is_ascii_alphabetic))
            && month_from(run.end + 2)
}

/// Whether a month name (any case) ends within `within` bytes before `at`.
fn month_name_within(bytes: &[u8], at: usize, within: usize) -> bool {
    let mut end = at;
    let floor = at.saturating_sub(within);
    while end > floor {
        if bytes.get(end - 1).is_some_and(u8::is_ascii_alphabetic) {
            if month_name_ends_at(bytes, end) {
                return true;
            }
            while end > 0 && bytes.get(end - 1).is_some_and(u8::is_ascii_alphabetic) {
                end -= 1;
            }
        } else {
            end -= 1;
        }
    }
    false
}

/// The year of `jan twenty two, 2018`, `the twenty-second of June 2017` (four digits, a month
/// name shortly before).
fn year_after_month_and_day_word(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4 && month_name_within(bytes, run.start, 64)
}

/// The year of `in 2025`, `by 2030`, `mid-2025` (a year 1900–2099 after one of the words that
/// announce it, or after `mid-`).
fn year_after_announcing_word(bytes: &[u8], run: &Range<usize>) -> bool {
    const WORDS: &[&str] = &[
        "in", "by", "since", "until", "till", "from", "to", "of", "during", "before", "after",
        "through", "year", "early", "late", "mid",
    ];
    year_19_or_20(bytes, run)
        && run.start >= 2
        && bytes.get(run.start - 1) == Some(&b' ')
        && (bytes.get(run.start - 2) == Some(&b'-')
            || date_hand::letters_before(bytes, run.start - 1, WORDS).is_some())
}

/// The named groups of `regex` and their numbers.
fn group_names(regex: &Regex) -> Vec<(Box<str>, usize)> {
    regex
        .group_info()
        .pattern_names(regex_automata::PatternID::ZERO)
        .enumerate()
        .filter_map(|(i, n)| Some((n?.into(), i)))
        .collect()
}

const ALL: &[Lang] = &[Lang::Vi, Lang::En, Lang::Fa, Lang::Und];
const VI: &[Lang] = &[Lang::Vi, Lang::Und];
const VI_ONLY: &[Lang] = &[Lang::Vi];
const VI_FA: &[Lang] = &[Lang::Vi, Lang::Fa];
/// Persian grammars (`dates_fa`).
const FA: &[Lang] = &[Lang::Fa, Lang::Und];
/// English grammars that also read English dates quoted in Vietnamese text.
const EN_VI: &[Lang] = &[Lang::En, Lang::Und, Lang::Vi];
/// English grammars for English text (and text of unknown language) only.
const EN: &[Lang] = &[Lang::En, Lang::Und];

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rule = Rule::new;
    // Searched near digits only: rules the regex engine cannot skip through with a selective
    // literal, since they start with a digit (`22/12/2024`, `08 tháng 3`: in Vietnamese `tháng` is
    // everywhere) or with one of many short common words (`on`, `to`, `in`, `of`). The others
    // start with a rare literal the engine finds faster than a search per window.
    // `runs`: the digit runs of which every match holds one (windows around the others can
    // hold no match); the windows proptest below checks each rule with its filter.
    let near_digits = |pattern: &str,
                       runs: RunFilter,
                       read: fn(&Caps<'_, '_>) -> Option<Found>,
                       langs: &'static [Lang]| Rule {
        windowed: true,
        runs,
        ..rule(pattern, read, langs)
    };
    let w = &*WORDS;
    let (mon, full_month, weekday, dw, ord) =
        (&w.month, &w.full_month, &w.weekday, &w.day_word, &w.ordinal);
    let (ann, vm, day_before, era) = (&w.announcer, &w.vi_month, &w.day_before, &w.era);
    let capitalised_month = &w.capitalised_month;
    let (mon2, dw2) = (
        mon.replace("?P<mon>", "?P<mon2>"),
        dw.replace("?P<dw>", "?P<dw2>"),
    );
    [
        // ngày 08 tháng 3 năm 2025
        near_digits(r"(?i)(?-u:\b)(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*,?\s*nam\s*(?P<y>\d{4})(?-u:\b)", four_digits, read_dmy, VI).by_hand(date_hand::VI_DAY_MONTH_YEAR),
        // ngày 08 tháng 3, mồng 3 tháng ba (no year: after the word that announces a day), mồng 3
        near_digits(&format!(r"(?i)(?-u:\b)(?P<w>ngay|{day_before})\s+(?P<d>\d{{1,2}})(?:\s*thang\s*(?P<m>\d{{1,2}})|\s+{vm})?(?-u:\b)(?:[^/\d-]|$)"), day_after_day_word, read_vi_day, VI).by_hand(date_hand::VI_DAY),
        // 22/12/2024, 22-12-2024, 22.12.2024: day first in documents from Vietnam; 21/04/16
        near_digits(r"(?-u:\b)(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P<sep2>[/.,-])(?P<y>\d{4}|\d{2})(?-u:\b)", day_month_year_shape, read_numeric_dmy, VI_FA).by_hand(date_hand::DAY_MONTH_YEAR),
        near_digits(r"(?-u:\b)(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P<sep2>[/.,-])(?P<y>\d{4}|\d{2})(?-u:\b)", day_month_year_shape, read_numeric_dmy_or_mdy, EN).by_hand(date_hand::DAY_MONTH_YEAR),
        // 2025-07-29, 2015/08/12, 2015.5.13
        near_digits(r"(?-u:\b)(?P<y>\d{4})(?P<sep>[/.-])(?P<m>\d{1,2})(?P<sep2>[/.-])(?P<d>\d{1,2})(?-u:\b)", four_digits_then_separator, read_ymd, ALL).by_hand(date_hand::YEAR_MONTH_DAY),
        // 2019-sep-1, 2019/sep/01
        near_digits(&format!(r"(?-u:\b)(?P<y>\d{{4}})[/-]{mon}[/-](?P<d>\d{{1,2}})(?-u:\b)"), four_digits_then_separator, read_en_mdy, EN),
        // tháng 8/2025, tháng 8 năm 2025, tháng 08-2025, tháng 8; tháng ba, tháng mười năm 2017 (one
        // search for every form that opens with `tháng`)
        rule(&format!(r"(?i)(?-u:\b)(?:{vm}|(?P<w>thang)\s*(?P<m>\d{{1,2}}))(?-u:\b)(?:\s*(?:[/-]|,?\s*nam)\s*(?P<y>\d{{4}})(?-u:\b))?"), read_thang, VI),
        // quý III/2025, quý 3 năm 2025
        near_digits(r"(?i)(?-u:\b)(?P<w>quy)\s*(?P<q>IV|I{1,3}|[1-4])\s*(?:[/-]|,?\s*nam)\s*(?P<y>\d{4})(?-u:\b)", year_after_quy, read_quarter, VI),
        // Q3 2025, Q3/2025
        near_digits(r"(?-u:\b)(?P<w>Q)(?P<q>[1-4])\s*[/-]?\s*(?P<y>\d{4})(?-u:\b)", run_after_q, read_quarter, ALL),
        // third quarter of 2025
        near_digits(r"(?i)(?-u:\b)(?P<w>(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)\s+(?:of\s+)?(?P<y>\d{4})(?-u:\b)", year_after_quarter, read_quarter, EN_VI),
        // 6 tháng đầu năm 2025, 6 tháng cuối năm 2025, 7 tháng năm 2025
        near_digits(r"(?i)(?-u:\b)(?P<n>\d{1,2})\s*thang\s*(?P<part>dau|cuoi)?\s*nam\s*(?P<y>\d{4})(?-u:\b)", four_digits, read_months_of_year, VI).by_hand(date_hand::VI_MONTHS_OF_YEAR),
        // first 6 months of 2025, the last six months of 2025
        near_digits(r"(?i)(?-u:\b)(?P<part>first|last)\s+(?P<n>\d{1,2}|three|six|nine)\s+months\s+(?:of\s+)?(?:the\s+year\s+)?(?P<y>\d{4})(?-u:\b)", year_after_months, read_months_of_year, EN_VI),
        // the first half of 2025, H2 2025
        near_digits(r"(?i)(?-u:\b)(?P<part>first|second)\s+half\s+(?:of\s+)?(?:the\s+year\s+)?(?P<y>\d{4})(?-u:\b)", year_after_half, read_half, EN_VI),
        near_digits(r"(?-u:\b)H(?P<h>[12])\s*[/-]?\s*(?P<y>\d{4})(?-u:\b)", run_after_h, read_half, EN_VI),
        // năm 2025
        rule(r"(?i)(?-u:\b)(?P<w>nam)\s*(?P<y>\d{4})(?-u:\b)", read_year_word, VI).by_hand(date_hand::VI_YEAR),
        // năm 2021 - 2025, giai đoạn 2021-2025: the period, not the year `năm 2021`
        near_digits(r"(?i)(?-u:\b)(?:nam|giai\s+doan)\s*(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})(?-u:\b)", year_then_dash, read_year_period, VI).by_hand(date_hand::VI_YEAR_PERIOD),
        // năm 2024 và 2025, in 2024 and 2025: the second year of a pair
        rule(r"(?i)(?-u:\b)(?:19|20)\d{2}\s*(?:,|and|or|va|hoac|&)\s*(?P<y>(?:19|20)\d{2})(?-u:\b)(?:[^/\d-]|$)", read_en_year, ALL).by_hand(date_hand::YEAR_PAIR),
        // 2021-2025, 2021 - 2025
        rule(r"(?-u:\b)(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})(?-u:\b)", read_year_period, ALL).by_hand(date_hand::YEAR_PERIOD),
        // chiều 30/7, ngày 30/9, on 4/22 (day and month only after a word that announces a date)
        near_digits(&format!(r"(?i)(?-u:\b)(?:{ann})\s+(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?-u:\b)(?:[^/\d]|$)"), day_then_slash, read_day_month, ALL).by_hand(date_hand::ANNOUNCED_DAY_MONTH),
        // on 4-22
        near_digits(r"(?i)(?-u:\b)on\s+(?P<d>\d{1,2})[/-](?P<m>\d{1,2})(?-u:\b)(?:[^/\d-]|$)", short_then_slash_or_dash, read_day_or_month_first, EN),
        // Friday 7/6, Fri 7.6, friday 7-6 (a weekday announces the date)
        near_digits(&format!(r"(?-u:\b){weekday},?\s+(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})(?-u:\b)(?:[^/.\d-]|$|[/.-][^\d])"), short_then_separator, read_month_or_day_first, EN),
        // July 29, 2025; july 29 2025; July 29; april22; jan-1; February the 15th; jan twenty two
        near_digits(&format!(r"(?-u:\b){mon}(?:\.?,?\s*|[/-])(?:the\s+)?(?P<d>\d{{1,2}})(?:{ord})?(?-u:\b)(?:,?\s*(?P<y>\d{{4}})(?-u:\b))?"), day_after_month_any_case, read_en_mdy, EN),
        // 29 July 2025, 29th of July 2025, 22april, 1-jan, the twenty-second of June 2017
        near_digits(&format!(r"(?-u:\b)(?P<d>\d{{1,2}})(?:{ord})?(?:\s*|-)(?:of\s+)?(?:the\s+)?{mon}(?-u:\b)\.?(?:,?\s*(?P<y>\d{{4}})(?-u:\b))?"), day_before_month_any_case, read_en_mdy, EN),
        // jan twenty two, 2018; the twenty-second of June 2017 (a day in words, with its year)
        near_digits(&format!(r"(?-u:\b)(?:{mon}\.?,?\s+(?:the\s+)?{dw}|{dw2}\s+of\s+(?:the\s+)?{mon2}\.?)(?-u:\b),?\s*(?P<y>\d{{4}})(?-u:\b)"), year_after_month_and_day_word, read_en_mdy, EN),
        // July 2025
        near_digits(&format!(r"(?-u:\b){mon}\.?,?\s+(?:of\s+)?(?P<y>\d{{4}})(?-u:\b)"), year_after_month, read_en_month_year, EN),
        // July 29, 2025; 29 July 2025; July 2025 in Vietnamese text
        near_digits(&format!(r"(?-u:\b){capitalised_month}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s*(?P<y>\d{{4}})(?-u:\b))?"), day_after_month, read_en_mdy, VI_ONLY),
        near_digits(&format!(r"(?-u:\b)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{capitalised_month}(?-u:\b)\.?(?:,?\s*(?P<y>\d{{4}})(?-u:\b))?"), day_before_month, read_en_mdy, VI_ONLY),
        near_digits(&format!(r"(?-u:\b){capitalised_month}\.?,?\s+(?:of\s+)?(?P<y>\d{{4}})(?-u:\b)"), year_after_month, read_en_month_year, VI_ONLY),
        // third Tuesday of September 2014
        near_digits(&format!(r"(?i)(?-u:\b)(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+(?P<wd>{weekday})\s+(?:of\s+)?{mon}\s*,?\s*(?P<y>\d{{4}})(?-u:\b)"), four_digits, read_nth_weekday, EN),
        // Wednesday the 27th, on the 21st, for the 22nd (a day of this month)
        near_digits(&format!(r"(?i)(?-u:\b)(?:{weekday},?|on|for)\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:{ord})(?-u:\b)(?:\s*(?:$|[^\w\s])|\s+(?:with|at)(?-u:\b))"), short_then_letter, read_day_only, EN),
        // on 15., for the 27! (a bare day closing a sentence after `on` or `for the`)
        near_digits(r"(?i)(?-u:\b)(?:on|for\s+the)\s+(?P<d>\d{1,2})\s*(?:$|[.!?](?:\s|$))", short_then_stop, read_day_only, EN),
        // 2014/10 (a year and month, in English text)
        near_digits(r"(?-u:\b)(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])(?-u:\b)(?:[^/\d-]|$)", four_digits, read_numeric_month_year, &[Lang::En]),
        // 2/2013 (a month and year, in English text)
        near_digits(r"(?-u:\b)(?P<m>\d{1,2})/(?P<y>\d{4})(?-u:\b)(?:[^/\d-]|$)", four_digits, read_numeric_month_year, &[Lang::En]),
        // October, in May (a month of the report's year)
        rule(&format!(r"(?-u:\b){full_month}(?-u:\b)"), read_month_alone, EN),
        rule(r"(?-u:\b)(?:in|In|during|since|until|by|from|of|early|late|mid-?)\s+(?P<mon>May|MAY)(?-u:\b)", read_month_alone, EN),
        // in 14 AD
        near_digits(&format!(r"(?i)(?-u:\b)(?P<y>\d{{1,4}})\s*(?:{era})(?:\s|$|[^\w.])"), run_then_era_letter, read_era_year, EN),
        // in 2025, by 2030 (the year alone is the text)
        near_digits(r"(?i)(?-u:\b)(?:in|by|since|until|till|from|to|of|during|before|after|through|year|end of|early|late|mid-?)\s+(?P<y>(?:19|20)\d{2})(?-u:\b)(?:[^/\d-]|$)", year_after_announcing_word, read_en_year, EN_VI),
    ]
    .into_iter()
    .chain(crate::dates_fa::grammars().into_iter().map(|(pattern, read, runs)| Rule {
        windowed: true,
        runs,
        loose: true,
        ..Rule::new(&pattern, read, FA)
    }))
    .collect()
});

/// `digits`: the view's digit runs ([`Digits::of`], shared with the document numbers).
pub(crate) fn extract(doc: &Analyzed<'_>, taken: &mut Taken, digits: &Digits) -> Vec<DateFact> {
    let view = doc.view.text();
    let mut found: Vec<Found> = Vec::new();
    // One buffer for the windows of every grammar (there are at most as many as digit runs).
    let mut buffer = Vec::with_capacity(digits.runs().map_or(0, <[_]>::len));
    for rule in RULES.iter().filter(|r| r.langs.contains(&doc.lang)) {
        let engine = rule.engine(digits.ascii_digits_only());
        if let (Some(hand), Some(runs)) = (rule.hand, digits.runs()) {
            let mut caps = engine.caps.get();
            date_hand::each(
                hand,
                view,
                runs,
                &mut caps,
                &engine.names,
                doc.deadline,
                |caps| {
                    found.extend(engine.read(rule, caps, view));
                },
            );
            continue;
        }
        let windows = digits.windows_into(view, engine.reach, rule.runs, &mut buffer);
        if windows.is_some_and(<[_]>::is_empty) {
            continue; // no digit run this grammar needs
        }
        // The thread's captures for this grammar, reused by all its candidates.
        let mut caps = engine.caps.get();
        engine.search(&mut caps, view, windows, doc.deadline, |caps| {
            found.extend(engine.read(rule, caps, view));
        });
    }
    // Earliest first, then longest: the most complete reading of each place wins (a stable sort:
    // on a tie the earlier grammar wins).
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = Vec::new();
    let mut last_end = 0;
    for f in found {
        if f.start < last_end || taken.overlaps(f.start, f.end) || glued(view, f.start, f.end) {
            continue;
        }
        if let Some((a, b, forms)) = f.printed {
            let word = crate::packs::Word {
                folded: "",
                printed: forms,
            };
            let span = doc.view.source_span(a, b);
            if !span.slice(doc.source).is_some_and(|t| word.printed_as(t)) {
                continue;
            }
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
            calendar: f.calendar,
            range_with: None,
        });
    }
    out
}

/// Calls `each` with (the rule's number among the Persian grammars, the rule, its engine, the
/// captures) for every match of the Persian grammars in `view`, searched near digits or over the
/// whole view.
#[cfg(test)]
fn each_persian_match(
    view: &str,
    whole: bool,
    mut each: impl FnMut(usize, &Rule, &Engine, &Captures),
) {
    let digits = Digits::of(view);
    for (i, rule) in RULES.iter().filter(|r| r.langs == FA).enumerate() {
        let engine = rule.engine(digits.ascii_digits_only());
        let windows = if whole {
            None
        } else {
            digits.windows_where(view, engine.reach, rule.runs)
        };
        let mut caps = engine.regex.create_captures();
        engine.search(&mut caps, view, windows.as_deref(), None, |c| {
            each(i, rule, engine, c)
        });
    }
}

/// The candidates of the Persian grammars in `view` (start, end, iso), searched near digits or over
/// the whole view.
#[cfg(test)]
pub(crate) fn persian_candidates(view: &str, whole: bool) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    each_persian_match(view, whole, |_, rule, engine, c| {
        out.extend(engine.read(rule, c, view).map(|f| (f.start, f.end, f.iso)));
    });
    out
}

/// Every match of the Persian grammars in `view` (rule, start, end), read or not, searched near
/// digits or over the whole view.
#[cfg(test)]
pub(crate) fn persian_matches(view: &str, whole: bool) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    each_persian_match(view, whole, |i, _, _, c| {
        out.extend(c.get_match().map(|m| (i, m.start(), m.end())));
    });
    out
}

/// The matches of the Persian grammars over the whole of `view` (rule, start, end) that hold no
/// digit run their rule's filter accepts: windows need none (see `windows`).
#[cfg(test)]
pub(crate) fn persian_matches_unkept(view: &str) -> Vec<(usize, usize, usize)> {
    let digits = Digits::of(view);
    let Some(runs) = digits.runs() else {
        return Vec::new();
    };
    let rules: Vec<&Rule> = RULES.iter().filter(|r| r.langs == FA).collect();
    persian_matches(view, true)
        .into_iter()
        .filter(|&(i, start, end)| {
            !runs
                .iter()
                .any(|r| r.start < end && start < r.end && (rules[i].runs)(view.as_bytes(), r))
        })
        .collect()
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

fn num(caps: &Caps<'_, '_>, name: &str) -> Option<u32> {
    caps.name(name)?.as_str().parse().ok()
}

fn span_of(caps: &Caps<'_, '_>, first: &str, last_end: usize) -> Option<(usize, usize)> {
    Some((caps.name(first)?.start(), last_end))
}

fn valid_year(y: u32) -> bool {
    (1900..=2100).contains(&y)
}

fn day(start: usize, end: usize, y: Option<u32>, m: u32, d: u32) -> Option<Found> {
    if !valid_day(y, m, d) || y.is_some_and(|y| !valid_year(y)) {
        return None;
    }
    Some(Found::new(start, end, iso_day(y, m, d), Precision::Day))
}

fn read_dmy(c: &Caps<'_, '_>) -> Option<Found> {
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

fn read_numeric_dmy(c: &Caps<'_, '_>) -> Option<Found> {
    numeric_dmy(c, false)
}

/// A numeric date, day first; month first where day first cannot be a date, as
/// [`read_numeric_dmy`] says.
fn numeric_dmy(c: &Caps<'_, '_>, month_first: bool) -> Option<Found> {
    let whole = c.get(0)?;
    let (sep, sep2) = (c.name("sep")?.as_str(), c.name("sep2")?.as_str());
    let year = c.name("y")?.as_str();
    // One separator throughout (or `11/12,2016`); a two-digit year only with `/` or `-` (`1.2.15`
    // is a section).
    let comma_year = sep == "/" && sep2 == "," && year.len() == 4;
    if sep != sep2 && !comma_year || year.len() == 2 && sep == "." {
        return None;
    }
    let (a, b, y) = (num(c, "d")?, num(c, "m")?, full_year(year)?);
    // Day first; a month-first date is accepted only where day-first cannot be a date
    // (`07/29/2025`), and with a two-digit year only in English text (`9/18/15`; elsewhere
    // `12/15/20` is more likely a row of figures than a date).
    if valid_day(Some(y), b, a) {
        day(whole.start(), whole.end(), Some(y), b, a)
    } else if sep == "/" && (year.len() == 4 || month_first) || sep == "-" && month_first {
        day(whole.start(), whole.end(), Some(y), a, b)
    } else {
        None
    }
}

/// [`read_numeric_dmy`] for English text, where month first is an everyday form.
fn read_numeric_dmy_or_mdy(c: &Caps<'_, '_>) -> Option<Found> {
    numeric_dmy(c, true)
}

/// A year of four digits, or of two (`16` → 2016, `91` → 1991: 00–68 are this century, as
/// POSIX `strptime` reads them).
fn full_year(digits: &str) -> Option<u32> {
    let y: u32 = digits.parse().ok()?;
    Some(match digits.len() {
        2 if y <= 68 => 2000 + y,
        2 => 1900 + y,
        _ => y,
    })
}

/// `2/2013`: a month and a year.
fn read_numeric_month_year(c: &Caps<'_, '_>) -> Option<Found> {
    let (m, y) = (num(c, "m")?, num(c, "y")?);
    if !(1..=12).contains(&m) || !valid_year(y) {
        return None;
    }
    Some(Found::new(
        c.name("m")?.start(),
        c.name("y")?.end(),
        iso_month(y, m),
        Precision::Month,
    ))
}

fn read_ymd(c: &Caps<'_, '_>) -> Option<Found> {
    let whole = c.get(0)?;
    if c.name("sep")?.as_str() != c.name("sep2")?.as_str() {
        return None;
    }
    day(
        whole.start(),
        whole.end(),
        Some(num(c, "y")?),
        num(c, "m")?,
        num(c, "d")?,
    )
}

/// `tháng ba`, `7 tháng ba`, `tháng mười năm 2017`: a month named by its Vietnamese word.
fn read_vi_month_word(c: &Caps<'_, '_>) -> Option<Found> {
    let word = c.name("vm")?;
    // The view's blanks are single spaces already: only the case may differ from the pack's.
    let (w, m) = crate::packs::PACKS
        .iter()
        .flat_map(|p| p.months.iter())
        .find(|(w, _)| w.folded.eq_ignore_ascii_case(word.as_str()))?;
    let start = c.name("d").map_or(word.start(), |d| d.start());
    let end = c.name("y").map_or(word.end(), |y| y.end());
    let y = c
        .name("y")
        .map(|y| y.as_str().parse::<u32>())
        .transpose()
        .ok()?;
    let mut found = match (num(c, "d"), y) {
        (Some(d), _) => day(start, end, y, *m, d)?,
        (None, Some(y)) if valid_year(y) => {
            Found::new(start, end, iso_month(y, *m), Precision::Month)
        }
        (None, Some(_)) => return None,
        (None, None) => Found::new(start, end, format!("--{m:02}"), Precision::Month),
    };
    found.printed = (!w.printed.is_empty()).then_some((word.start(), word.end(), w.printed));
    Some(found)
}

/// `ngày 08 tháng 3`, `mồng 3 tháng ba`, `mồng 3`: a day with a month in digits or words, or a
/// day alone after `mồng` (never after `ngày` alone).
fn read_vi_day(c: &Caps<'_, '_>) -> Option<Found> {
    if c.name("vm").is_some() {
        return read_vi_month_word(c);
    }
    if c.name("m").is_some() {
        return read_day_month(c);
    }
    let word = c.name("w")?.as_str();
    if word.eq_ignore_ascii_case("ngay") {
        return None;
    }
    read_day_only(c)
}

/// A day of an unnamed month (`on the 21st`, `Wednesday the 27th`, `mồng 3`): ISO 8601 `---DD`.
fn read_day_only(c: &Caps<'_, '_>) -> Option<Found> {
    let d = c.name("d")?;
    let n = num(c, "d")?;
    if !(1..=31).contains(&n) {
        return None;
    }
    let end = c
        .get(0)?
        .as_str()
        .get(d.start() - c.get(0)?.start()..)
        .map_or(d.end(), |rest| {
            // The ordinal suffix (`21st`) is part of the day.
            d.start()
                + rest
                    .find(|ch: char| !ch.is_ascii_alphanumeric())
                    .unwrap_or(rest.len())
        });
    Some(Found::new(
        d.start(),
        end,
        format!("---{n:02}"),
        Precision::Day,
    ))
}

/// A day and month, day first, or month first where day first is not a date (`on 4/22`).
fn read_day_or_month_first(c: &Caps<'_, '_>) -> Option<Found> {
    let (a, b) = (num(c, "d")?, num(c, "m")?);
    let (start, end) = (c.name("d")?.start(), c.name("m")?.end());
    day(start, end, None, b, a).or_else(|| day(start, end, None, a, b))
}

/// A day and month after a weekday, month first as in American usage (`Friday 7/6` is July 6),
/// day first where month first is not a date.
fn read_month_or_day_first(c: &Caps<'_, '_>) -> Option<Found> {
    let (a, b) = (num(c, "d")?, num(c, "m")?);
    let (start, end) = (c.name("d")?.start(), c.name("m")?.end());
    day(start, end, None, a, b).or_else(|| day(start, end, None, b, a))
}

/// `third Tuesday of September 2014`: the date of the n-th (or last) weekday of a month.
fn read_nth_weekday(c: &Caps<'_, '_>) -> Option<Found> {
    let whole = c.get(0)?;
    let (m, y) = (en_month(c)?, num(c, "y")?);
    let weekday = weekday_number(c.name("wd")?.as_str())?;
    if !valid_year(y) {
        return None;
    }
    let first = day_of_week(y, m, 1);
    let first_match = 1 + (weekday + 7 - first) % 7;
    let nth = match c.name("nth")?.as_str().to_ascii_lowercase().as_str() {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        _ => 0,
    };
    let d = if nth == 0 {
        let mut d = first_match;
        while valid_day(Some(y), m, d + 7) {
            d += 7;
        }
        d
    } else {
        first_match + 7 * (nth - 1)
    };
    day(whole.start(), whole.end(), Some(y), m, d)
}

/// Monday 0 … Sunday 6, from an English weekday name or abbreviation.
fn weekday_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .position(|w| lower.starts_with(w))
        .and_then(|i| u32::try_from(i).ok())
}

/// Day of the week of a Gregorian date, Monday 0 … Sunday 6 (Sakamoto's method).
fn day_of_week(y: u32, m: u32, d: u32) -> u32 {
    const T: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    let t = T.get(m.wrapping_sub(1) as usize).copied().unwrap_or(0);
    // 0 = Sunday in the method; shifted to Monday 0.
    (y + y / 4 - y / 100 + y / 400 + t + d + 6) % 7
}

/// A month named alone (`October`, `in May`): `--MM`.
fn read_month_alone(c: &Caps<'_, '_>) -> Option<Found> {
    let mon = c.name("mon")?;
    let m = en_month(c)?;
    Some(Found::new(
        mon.start(),
        mon.end(),
        format!("--{m:02}"),
        Precision::Month,
    ))
}

/// `14 AD`, `in 14 a.d.`: a year of any size with its era (the year is the text).
fn read_era_year(c: &Caps<'_, '_>) -> Option<Found> {
    year_alone(c, |y| y != 0)
}

fn read_month_year(c: &Caps<'_, '_>) -> Option<Found> {
    let (m, y) = (num(c, "m")?, num(c, "y")?);
    if !(1..=12).contains(&m) || !valid_year(y) {
        return None;
    }
    let (start, end) = span_of(c, "w", c.get(0)?.end())?;
    Some(Found::new(start, end, iso_month(y, m), Precision::Month))
}

/// A month that opens with `tháng`: by its word (`tháng ba`), or by its number with a year
/// (`tháng 8/2025`) or without (`tháng 8`).
fn read_thang(c: &Caps<'_, '_>) -> Option<Found> {
    if c.name("vm").is_some() {
        read_vi_month_word(c)
    } else if c.name("y").is_some() {
        read_month_year(c)
    } else {
        read_month_only(c)
    }
}

fn read_month_only(c: &Caps<'_, '_>) -> Option<Found> {
    let m = num(c, "m")?;
    if !(1..=12).contains(&m) {
        return None;
    }
    let (start, end) = span_of(c, "w", c.name("m")?.end())?;
    Some(Found::new(
        start,
        end,
        format!("--{m:02}"),
        Precision::Month,
    ))
}

fn read_quarter(c: &Caps<'_, '_>) -> Option<Found> {
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
    Some(Found::new(
        start,
        end,
        format!("{y:04}-{m1:02}/{y:04}-{m2:02}"),
        Precision::Month,
    ))
}

fn read_half(c: &Caps<'_, '_>) -> Option<Found> {
    let second = c
        .name("part")
        .is_some_and(|p| p.as_str().eq_ignore_ascii_case("second"))
        || c.name("h").is_some_and(|h| h.as_str() == "2");
    let (m1, m2) = if second { (7, 12) } else { (1, 6) };
    let whole = c.get(0)?;
    months_of(whole.start(), whole.end(), num(c, "y")?, m1, m2)
}

fn read_months_of_year(c: &Caps<'_, '_>) -> Option<Found> {
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

fn read_year_word(c: &Caps<'_, '_>) -> Option<Found> {
    let y = num(c, "y")?;
    if !valid_year(y) {
        return None;
    }
    let (start, end) = span_of(c, "w", c.get(0)?.end())?;
    Some(Found::new(start, end, iso_year(y), Precision::Year))
}

fn read_year_period(c: &Caps<'_, '_>) -> Option<Found> {
    let (a, b) = (num(c, "a")?, num(c, "b")?);
    if !(valid_year(a) && valid_year(b) && a < b && b - a <= 50) {
        return None;
    }
    let whole = c.get(0)?;
    // `năm 2021 - 2025` opens with the year word, inside the span like `năm 2025`; other words
    // before a period (`giai đoạn`) stay outside.
    let year_word = whole
        .as_str()
        .get(..3)
        .is_some_and(|w| w.eq_ignore_ascii_case("nam"));
    Some(Found {
        start: if year_word {
            whole.start()
        } else {
            c.name("a")?.start()
        },
        end: whole.end(),
        iso: iso_year(a) + "/" + &iso_year(b),
        precision: Precision::Year,
        calendar: Calendar::Gregorian,
        printed: None,
    })
}

fn read_day_month(c: &Caps<'_, '_>) -> Option<Found> {
    day(
        c.name("d")?.start(),
        c.name("m")?.end(),
        None,
        num(c, "m")?,
        num(c, "d")?,
    )
}

fn en_month(c: &Caps<'_, '_>) -> Option<u32> {
    let name = c.name("mon").or_else(|| c.name("mon2"))?.as_str();
    crate::packs::PACKS
        .iter()
        .flat_map(|p| p.months.iter())
        .find(|(w, _)| w.folded.eq_ignore_ascii_case(name))
        .map(|(_, m)| *m)
}

/// A day written as a word (`twenty-second`).
fn day_word(c: &Caps<'_, '_>) -> Option<u32> {
    let word = c
        .name("dw")
        .or_else(|| c.name("dw2"))?
        .as_str()
        .to_lowercase();
    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::packs::PACKS
        .iter()
        .flat_map(|p| p.day_words.iter())
        .find(|(w, _)| *w == word)
        .map(|(_, d)| *d)
}

fn read_en_mdy(c: &Caps<'_, '_>) -> Option<Found> {
    let whole = c.get(0)?;
    let mon = c.name("mon").or_else(|| c.name("mon2"))?;
    let d = c
        .name("d")
        .or_else(|| c.name("dw"))
        .or_else(|| c.name("dw2"))?;
    let n = num(c, "d").or_else(|| day_word(c))?;
    let start = whole.start().min(d.start());
    // Without a year, the date ends at the day (with its ordinal suffix) or the month name.
    let day_end = if d.end() > mon.end() {
        let rest = whole
            .as_str()
            .get(d.end() - whole.start()..)
            .unwrap_or_default();
        d.end()
            + rest
                .find(|ch: char| !ch.is_ascii_alphabetic())
                .unwrap_or(rest.len())
    } else {
        mon.end()
    };
    let end = c.name("y").map_or(day_end, |y| y.end().max(day_end));
    let y = num(c, "y");
    // With a month name the year is certain, whatever its century (`5 December 1391`).
    if y.is_some_and(|y| !(1000..=2999).contains(&y)) {
        return None;
    }
    let mut found = day(start, end, None, en_month(c)?, n)?;
    if let Some(y) = y {
        if !valid_day(Some(y), en_month(c)?, n) {
            return None;
        }
        found.iso = format!("{y:04}{}", found.iso.get(1..).unwrap_or_default());
    }
    Some(found)
}

fn read_en_month_year(c: &Caps<'_, '_>) -> Option<Found> {
    let whole = c.get(0)?;
    let (m, y) = (en_month(c)?, num(c, "y")?);
    if !valid_year(y) {
        return None;
    }
    Some(Found::new(
        whole.start(),
        whole.end(),
        iso_month(y, m),
        Precision::Month,
    ))
}

fn read_en_year(c: &Caps<'_, '_>) -> Option<Found> {
    year_alone(c, valid_year)
}

/// The year of group `y` alone is the text (`in 2025`, `14 AD`), where `valid` accepts it.
fn year_alone(c: &Caps<'_, '_>, valid: fn(u32) -> bool) -> Option<Found> {
    let y = c.name("y")?;
    let n = num(c, "y")?;
    valid(n).then(|| Found::new(y.start(), y.end(), iso_year(n), Precision::Year))
}

#[cfg(test)]
mod near_digits_tests {
    use docfacts_normalize::View;
    use proptest::prelude::*;

    use super::*;
    use crate::windows::reach;

    /// Every capture group's span of a match.
    fn spans(caps: &Captures) -> Vec<Option<(usize, usize)>> {
        (0..caps.group_len())
            .map(|i| caps.get_group(i).map(|m| (m.start, m.end)))
            .collect()
    }

    /// Every rule's pattern on `regex`, compiled once for all the cases.
    static REFERENCE: LazyLock<Vec<regex::Regex>> = LazyLock::new(|| {
        RULES
            .iter()
            .map(|r| regex::Regex::new(&r.pattern).unwrap())
            .collect()
    });

    fn token() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "1",
            "08",
            "12",
            "2025",
            "1999",
            "31",
            "7",
            "2030",
            " ",
            " ",
            " ",
            "\n",
            "/",
            "-",
            ".",
            ",",
            "thang",
            "Tháng",
            "năm",
            "nam",
            "quy",
            "III",
            "Q",
            "H",
            "ngay",
            "on",
            "to",
            "in",
            "of",
            "va",
            "and",
            "first",
            "half",
            "months",
            "quarter",
            "the year",
            "July",
            "May",
            "Dec",
            "st",
            "dau",
            "cuoi",
            "x",
            "ă",
            "۱",
            "\u{a0}",
            "٬",
            "ſ",
            "ngay",
            "mong",
            "Friday",
            "the",
            "for",
            "AD",
            "ad",
            "th",
            "nd",
            "!",
            "?",
            "sep",
            "jan",
            "thang ba",
            "twenty two",
        ])
    }

    /// The run filters' month look-up knows every one-word month name the grammars spell.
    #[test]
    fn month_look_up_knows_every_name() {
        for (w, _) in crate::packs::PACKS.iter().flat_map(|p| p.months.iter()) {
            if w.folded.is_ascii() && !w.folded.contains(' ') {
                for form in [
                    w.folded.to_owned(),
                    title_case(w.folded),
                    w.folded.to_uppercase(),
                ] {
                    assert!(may_be_month(form.as_bytes()), "{form}");
                    let text = format!("on {form}. ");
                    assert!(
                        month_name_ends_at(text.as_bytes(), 3 + form.len()),
                        "{form}"
                    );
                    assert!(month_name_starts_at(text.as_bytes(), 3), "{form}");
                }
            }
        }
        assert!(!may_be_month(b"thang"));
    }

    /// Every windowed rule has a reach, read from its regex's parse, no longer than the pattern's
    /// (`\s` is one byte in the ASCII form).
    #[test]
    fn windowed_rules_have_a_reach() {
        for rule in RULES.iter().filter(|r| r.windowed) {
            let engine_reach = rule.engine(true).reach;
            assert!(engine_reach.is_some(), "{}", rule.pattern);
            assert!(engine_reach <= reach(&rule.pattern), "{}", rule.pattern);
        }
        assert_eq!(
            crate::built_in_meta_with_reach(r"(?i)[0-9]\s*x\s+[0-9]{2}", false, true).1,
            Some(10) // Unicode `\s`: 3 bytes
        );
        assert_eq!(
            crate::built_in_meta_with_reach(r"[0-9][\t-\r\x20]*x[\t-\r\x20]+[0-9]{2}", false, true)
                .1,
            Some(6)
        );
        assert_eq!(
            crate::built_in_meta_with_reach(r"[\s,]*\d", false, true).1,
            None
        );
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
            reads_alike(view, gap)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// On text dense in what the grammars read (their words, separators, years, whole
        /// phrases and near misses), every rule's windows (and its hand matcher, if it has one)
        /// find what its regex finds over the whole view: the run filters and the matchers are
        /// checked where they have something to reject.
        #[test]
        fn dense_text_reads_alike(
            tokens in prop::collection::vec((hand_token(), prop::sample::select(vec!["", " ", " ", " ", " ", "  "])), 0..24),
        ) {
            let source: String = tokens.iter().flat_map(|&(t, sep)| [t, sep]).collect();
            let view = View::new(&source);
            let view = view.text();
            reads_alike(view, crate::windows::MERGE_GAP)?;
        }
    }

    /// Every rule's windows (merged where closer than `gap` bytes), and its hand matcher where
    /// the view lets it run, find the matches and groups of the rule's regex iterated over the
    /// whole view (the pattern as written).
    fn reads_alike(view: &str, gap: usize) -> Result<(), TestCaseError> {
        let digits = crate::windows::Digits::of(view);
        for (i, rule) in RULES.iter().enumerate() {
            let engine = rule.engine(digits.ascii_digits_only());
            let whole: Vec<_> = REFERENCE[i]
                .captures_iter(view)
                .map(|c| {
                    c.iter()
                        .map(|m| m.map(|m| (m.start(), m.end())))
                        .collect::<Vec<_>>()
                })
                .collect();
            let windows = digits.windows_merged_where(view, engine.reach, gap, rule.runs);
            let mut near = Vec::new();
            let mut caps = engine.regex.create_captures();
            engine.search(&mut caps, view, windows.as_deref(), None, |c| {
                near.push(spans(c))
            });
            prop_assert_eq!(&whole, &near, "rule {} on {:?}", rule.pattern, view);
            if let (Some(hand), Some(runs)) = (rule.hand, digits.runs()) {
                let mut by_hand = Vec::new();
                date_hand::each(hand, view, runs, &mut caps, &engine.names, None, |c| {
                    by_hand.push(spans(c))
                });
                prop_assert_eq!(&whole, &by_hand, "hand rule {} on {:?}", rule.pattern, view);
            }
        }
        Ok(())
    }

    fn hand_token() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "1",
            "08",
            "12",
            "123",
            "2025",
            "1999",
            "2024",
            "2100",
            "20255",
            "/",
            "-",
            ".",
            ",",
            "&",
            "thang",
            "THANG",
            "nam",
            "Nam",
            "giai doan",
            "dau",
            "cuoi",
            "ngay",
            "mong",
            "mung",
            "chieu",
            "ſang",
            "tu",
            "to",
            "toi",
            "den",
            "sau",
            "dated",
            "ſince",
            "va",
            "and",
            "or",
            "hoac",
            "AND",
            "thang ba",
            "thang muoi",
            "thang muoi mot",
            "thang ſau",
            "x",
            "_",
            "ă",
            "\n",
            "\u{212a}",
            // Whole phrases and pieces of them, for the grammars' longer paths.
            "6 thang cuoi nam",
            "6 thang dau nam",
            "thang dau",
            "nam 2025",
            "giai doan 2021-2025",
            "ngay 5 thang 3",
            "mong 3 thang ba",
            "chieu 30/7",
            "22/12/2024",
            "1.2.15",
            "2025-07-29",
            "2015/8/12",
            "2024 va 2025",
            "2021 - 2025",
            "08 thang 3 nam 2025",
            "quy",
            "QUY",
            "III",
            "quy III/2025",
            "quy 3 nam 2025",
            "Q3 2025",
            "Q",
            "H",
            "H1/2025",
            "first",
            "third",
            "quarter",
            "Quarter",
            "of",
            "the year",
            "half",
            "months",
            "MONTHS",
            "first half of",
            "jan",
            "Jan.",
            "april",
            "april22",
            "1-jan",
            "22nd",
            "the",
            "twenty two",
            "twenty-second",
            "in",
            "by",
            "mid-",
            "since",
            "ſince",
            "end of",
            "during",
            "third quarter of the year",
            "first 6 months of the year",
            "July",
            "JULY",
            "Sept.",
            "May",
            "July 29, 2025",
            "29th of July",
            "July of",
            "July,",
            "st",
        ])
    }
}

//! Hand matchers for the date grammars most documents meet: each reads, at a place its digit runs
//! give, the very match its regex would find there (the same span, the same groups), with a few
//! byte comparisons instead of a regex search per window.
//!
//! A matcher runs only on a view whose digit runs can be trusted ([`crate::windows::Digits::runs`]:
//! ASCII digits and single spaces), where `\d` is `[0-9]` and `\s` a lone space. Why iterating the
//! runs finds the regex's own matches: every match of such a grammar starts at the place
//! [`Hand::start`] gives for one of the view's runs (its first digit, or the word before it), in the
//! runs' order; the regex's iteration takes, from the end of its last match, the leftmost place
//! where an anchored match exists, and [`Hand::matches`] answers exactly whether one exists at a
//! place (with the regex's leftmost-first choice among its alternatives). The proptests in `dates`
//! check each matcher against its regex on random text.

use std::ops::Range;
use std::time::Instant;

use regex_automata::PatternID;
use regex_automata::util::captures::Captures;
use regex_automata::util::primitives::NonMaxUsize;

use crate::windows::is_word_byte;

/// A grammar read by hand.
#[derive(Clone, Copy)]
pub(crate) struct Hand {
    /// The one place where a match holding the run as its first digit run can start (at the run,
    /// or at the word before it).
    pub(crate) start: fn(&[u8], &Range<usize>) -> Option<usize>,
    /// The regex's match anchored at the given place: its end, with its groups written.
    pub(crate) matches: fn(&[u8], usize, &mut Groups<'_>) -> Option<usize>,
}

/// The groups of a match being read, written by name into the regex's captures (cleared on the
/// first write: a matcher writes its groups only once it has its match).
pub(crate) struct Groups<'c> {
    caps: &'c mut Captures,
    names: &'c [(Box<str>, usize)],
    cleared: bool,
}

impl Groups<'_> {
    /// Group `name` spans `range` (a name the regex does not have is a bug the proptest finds).
    pub(crate) fn set(&mut self, name: &str, range: Range<usize>) {
        if !self.cleared {
            self.caps.clear();
            self.cleared = true;
        }
        if let Some(&(_, i)) = self
            .names
            .iter()
            .find(|(n, _)| crate::date_match::same_name(n, name))
        {
            set_group(self.caps, i, range);
        }
    }
}

fn set_group(caps: &mut Captures, i: usize, range: Range<usize>) {
    let slots = caps.slots_mut();
    if let Some([start, end]) = slots.get_mut(2 * i..2 * i + 2) {
        *start = NonMaxUsize::new(range.start);
        *end = NonMaxUsize::new(range.end);
    }
}

/// Calls `each` on every match of the grammar `hand` reads in `view` (whose digit runs are
/// `runs`), in order, each written into `caps` (the regex's captures, whose group `names` the
/// matcher writes by): the matches of the regex's own iteration over the view. The deadline is
/// asked every 64 runs.
pub(crate) fn each(
    hand: Hand,
    view: &str,
    runs: &[Range<usize>],
    caps: &mut Captures,
    names: &[(Box<str>, usize)],
    deadline: Option<Instant>,
    mut each: impl FnMut(&Captures),
) {
    let bytes = view.as_bytes();
    let mut next = 0;
    for (i, run) in runs.iter().enumerate() {
        if i % 64 == 63 && deadline.is_some_and(|d| Instant::now() >= d) {
            return;
        }
        let Some(at) = (hand.start)(bytes, run) else {
            continue;
        };
        if at < next {
            continue; // inside the last match: the regex's search goes on from its end
        }
        crate::work::read(run.end - at);
        let mut groups = Groups {
            caps,
            names,
            cleared: false,
        };
        let Some(end) = (hand.matches)(bytes, at, &mut groups) else {
            continue;
        };
        if !groups.cleared {
            caps.clear();
        }
        caps.set_pattern(Some(PatternID::ZERO));
        set_group(caps, 0, at..end);
        each(caps);
        next = end;
    }
}

/// `(?-u:\b)` at `i`.
pub(crate) fn boundary(bytes: &[u8], i: usize) -> bool {
    let before = i
        .checked_sub(1)
        .and_then(|j| bytes.get(j))
        .is_some_and(|&b| is_word_byte(b));
    before != bytes.get(i).is_some_and(|&b| is_word_byte(b))
}

/// The end of `\s*` from `i` (on a trusted view, at most one space).
pub(crate) fn spaces(bytes: &[u8], i: usize) -> usize {
    i + usize::from(bytes.get(i) == Some(&b' '))
}

/// The end of `\s+` from `i`.
pub(crate) fn space(bytes: &[u8], i: usize) -> Option<usize> {
    (bytes.get(i) == Some(&b' ')).then_some(i + 1)
}

/// The end of the digit run at `i` (`i` where none starts).
pub(crate) fn digits_end(bytes: &[u8], i: usize) -> usize {
    i + bytes
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// The end of `\d{1,2}` at `i` where what follows cannot be a digit: the whole run, of one or
/// two digits.
pub(crate) fn short_number(bytes: &[u8], i: usize) -> Option<usize> {
    let end = digits_end(bytes, i);
    (1..=2).contains(&(end - i)).then_some(end)
}

/// Whether digit run `run` is a year 1900–2099.
pub(crate) fn is_year_19_20(bytes: &[u8], run: &Range<usize>) -> bool {
    run.len() == 4 && matches!(bytes.get(run.start..run.start + 2), Some(b"19" | b"20"))
}

/// The end of `(?:19|20)\d{2}` then `(?-u:\b)` at `i`: a run of exactly four digits from 1900 to 2099.
pub(crate) fn year_19_20(bytes: &[u8], i: usize) -> Option<usize> {
    let end = digits_end(bytes, i);
    is_year_19_20(bytes, &(i..end)).then_some(end)
}

/// The end of `word` at `i` under `(?i)`: ASCII letters in any case, and the two non-ASCII
/// letters Unicode case folding joins to ASCII ones (`ſ` for `s`, the Kelvin sign for `k`); a
/// space in `word` is `\s+`.
pub(crate) fn word_ci(bytes: &[u8], mut i: usize, word: &str) -> Option<usize> {
    for &w in word.as_bytes() {
        let b = *bytes.get(i)?;
        if w == b' ' {
            i = space(bytes, i)?;
        } else if b.eq_ignore_ascii_case(&w) {
            i += 1;
        } else if w == b's' && bytes.get(i..i + 2) == Some("ſ".as_bytes()) {
            i += 2;
        } else if w == b'k' && bytes.get(i..i + 3) == Some("\u{212a}".as_bytes()) {
            i += 3;
        } else {
            return None;
        }
    }
    Some(i)
}

/// The first of `words` (in the regex alternation's order) that matches at `i` under `(?i)` and
/// after which `rest` holds: `rest`'s answer.
pub(crate) fn first_word<T>(
    bytes: &[u8],
    i: usize,
    words: &[&str],
    mut rest: impl FnMut(usize) -> Option<T>,
) -> Option<T> {
    words
        .iter()
        .find_map(|w| word_ci(bytes, i, w).and_then(&mut rest))
}

/// The start of the word of `words` that ends at `end` (under `(?i)`, with a boundary before it),
/// the earliest if several do: where a grammar that opens with one of them can start.
pub(crate) fn word_before(bytes: &[u8], end: usize, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .filter_map(|w| word_ci_before(bytes, end, w))
        .filter(|&s| boundary(bytes, s))
        .min()
}

/// [`word_before`] for `words` of ASCII letters only (a test checks the lists it is given): the
/// ASCII letters before `end` are, on most text, the only place such a word can start (a shorter
/// word has a letter before it, so no boundary), looked up by length and bytes; a letter outside
/// ASCII before them (`ſ`, the Kelvin sign) takes the long way.
pub(crate) fn letters_before(bytes: &[u8], end: usize, words: &[&str]) -> Option<usize> {
    let start = end
        - bytes
            .get(..end)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
    if start > 0 && bytes.get(start - 1).is_some_and(|&b| b >= 0x80) {
        return word_before(bytes, end, words);
    }
    let letters = bytes.get(start..end).unwrap_or_default();
    let known = words
        .iter()
        .any(|w| w.len() == letters.len() && w.as_bytes().eq_ignore_ascii_case(letters));
    (known && start < end && boundary(bytes, start)).then_some(start)
}

/// The start of `word` ending at `end` under `(?i)`, read backwards ([`word_ci`]'s forms: a
/// space is one space on the views this runs on).
fn word_ci_before(bytes: &[u8], mut end: usize, word: &str) -> Option<usize> {
    for &w in word.as_bytes().iter().rev() {
        let b = *bytes.get(end.checked_sub(1)?)?;
        if b.eq_ignore_ascii_case(&w) {
            end -= 1;
        } else if w == b's' && end >= 2 && bytes.get(end - 2..end) == Some("ſ".as_bytes()) {
            end -= 2;
        } else if w == b'k' && end >= 3 && bytes.get(end - 3..end) == Some("\u{212a}".as_bytes()) {
            end -= 3;
        } else {
            return None;
        }
    }
    Some(end)
}

/// The byte length of the character starting at `i` (none at the end).
pub(crate) fn char_len(bytes: &[u8], i: usize) -> Option<usize> {
    let b = *bytes.get(i)?;
    Some(match b {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    })
}

/// The end of `(?:[^/\d-]|$)` (or of `(?:[^/\d]|$)` when `dash` is allowed) at `i`.
pub(crate) fn not_slash_digit(bytes: &[u8], i: usize, dash_allowed: bool) -> Option<usize> {
    match bytes.get(i) {
        None => Some(i),
        Some(b'/') => None,
        Some(b) if b.is_ascii_digit() => None,
        Some(b'-') if !dash_allowed => None,
        Some(_) => Some(i + char_len(bytes, i)?),
    }
}

// The grammars read by hand, each beside its pattern (`\d` is `[0-9]` and `\s` a space on the
// views they run on).

/// A match starts at the run's first digit, a run of one or two digits then `/`, `.` or `-`.
fn at_short_run_then_separator(b: &[u8], run: &Range<usize>) -> Option<usize> {
    (run.len() <= 2 && matches!(b.get(run.end), Some(b'/' | b'.' | b'-'))).then_some(run.start)
}

/// A match starts at the run's first digit, a run of one or two digits then `t` or `T`, at
/// most one space between.
fn at_short_run_then_t(b: &[u8], run: &Range<usize>) -> Option<usize> {
    let next = spaces(b, run.end);
    (run.len() <= 2 && matches!(b.get(next), Some(b't' | b'T'))).then_some(run.start)
}

/// A match starts at the run's first digit, a year 1900–2099 then a separator other than a
/// letter or digit, or one of the letters that open `and`, `or`, `va`, `hoac`.
fn at_year_then_joiner(b: &[u8], run: &Range<usize>) -> Option<usize> {
    let next = spaces(b, run.end);
    (is_year_19_20(b, run)
        && matches!(
            b.get(next),
            Some(b',' | b'&' | b'-' | b'a' | b'A' | b'o' | b'O' | b'v' | b'V' | b'h' | b'H')
        ))
    .then_some(run.start)
}

/// A match starts at the run's first digit, a run of four digits then `/`, `.` or `-`.
fn at_year_then_separator(b: &[u8], run: &Range<usize>) -> Option<usize> {
    (run.len() == 4 && matches!(b.get(run.end), Some(b'/' | b'.' | b'-'))).then_some(run.start)
}

/// The end of `\s*(?P<y>\d{4})(?-u:\b)` from `i`, and the year's span.
fn spaced_year(bytes: &[u8], i: usize) -> Option<Range<usize>> {
    let start = spaces(bytes, i);
    let end = digits_end(bytes, start);
    (end - start == 4 && boundary(bytes, end)).then_some(start..end)
}

/// `(?i)(?-u:\b)(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*,?\s*nam\s*(?P<y>\d{4})(?-u:\b)`
pub(crate) const VI_DAY_MONTH_YEAR: Hand = Hand {
    start: at_short_run_then_t,
    matches: |b, at, g| {
        if !boundary(b, at) {
            return None;
        }
        let d = short_number(b, at)?;
        let m = spaces(b, word_ci(b, spaces(b, d), "thang")?);
        let m_end = short_number(b, m)?;
        let mut i = spaces(b, m_end);
        i += usize::from(b.get(i) == Some(&b','));
        let y = spaced_year(b, word_ci(b, spaces(b, i), "nam")?)?;
        g.set("d", at..d);
        g.set("m", m..m_end);
        g.set("y", y.clone());
        Some(y.end)
    },
};

/// `(?i)(?-u:\b)(?P<n>\d{1,2})\s*thang\s*(?P<part>dau|cuoi)?\s*nam\s*(?P<y>\d{4})(?-u:\b)`
pub(crate) const VI_MONTHS_OF_YEAR: Hand = Hand {
    start: at_short_run_then_t,
    matches: |b, at, g| {
        if !boundary(b, at) {
            return None;
        }
        let n = short_number(b, at)?;
        let after_month = spaces(b, word_ci(b, spaces(b, n), "thang")?);
        let part = ["dau", "cuoi"].iter().find_map(|w| {
            let end = word_ci(b, after_month, w)?;
            let y = spaced_year(b, word_ci(b, spaces(b, end), "nam")?)?;
            Some((after_month..end, y))
        });
        let (part, y) = match part {
            Some((part, y)) => (Some(part), y),
            None => (None, spaced_year(b, word_ci(b, after_month, "nam")?)?),
        };
        g.set("n", at..n);
        if let Some(part) = part {
            g.set("part", part);
        }
        g.set("y", y.clone());
        Some(y.end)
    },
};

/// `(?-u:\b)(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P<sep2>[/.,-])(?P<y>\d{4}|\d{2})(?-u:\b)`
pub(crate) const DAY_MONTH_YEAR: Hand = Hand {
    start: at_short_run_then_separator,
    matches: |b, at, g| {
        if !boundary(b, at) {
            return None;
        }
        let d = short_number(b, at)?;
        matches!(b.get(d), Some(b'/' | b'.' | b'-')).then_some(())?;
        let m_end = short_number(b, d + 1)?;
        matches!(b.get(m_end), Some(b'/' | b'.' | b',' | b'-')).then_some(())?;
        let y = m_end + 1;
        let y_end = digits_end(b, y);
        (matches!(y_end - y, 2 | 4) && boundary(b, y_end)).then_some(())?;
        g.set("d", at..d);
        g.set("sep", d..d + 1);
        g.set("m", d + 1..m_end);
        g.set("sep2", m_end..m_end + 1);
        g.set("y", y..y_end);
        Some(y_end)
    },
};

/// `(?-u:\b)(?P<y>\d{4})(?P<sep>[/.-])(?P<m>\d{1,2})(?P<sep2>[/.-])(?P<d>\d{1,2})(?-u:\b)`
pub(crate) const YEAR_MONTH_DAY: Hand = Hand {
    start: at_year_then_separator,
    matches: |b, at, g| {
        if !boundary(b, at) || digits_end(b, at) != at + 4 {
            return None;
        }
        let y = at + 4;
        matches!(b.get(y), Some(b'/' | b'.' | b'-')).then_some(())?;
        let m_end = short_number(b, y + 1)?;
        matches!(b.get(m_end), Some(b'/' | b'.' | b'-')).then_some(())?;
        let d_end = short_number(b, m_end + 1)?;
        boundary(b, d_end).then_some(())?;
        g.set("y", at..y);
        g.set("sep", y..y + 1);
        g.set("m", y + 1..m_end);
        g.set("sep2", m_end..m_end + 1);
        g.set("d", m_end + 1..d_end);
        Some(d_end)
    },
};

/// `(?-u:\b)(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})(?-u:\b)`
pub(crate) const YEAR_PERIOD: Hand = Hand {
    start: at_year_then_joiner,
    matches: |b, at, g| {
        if !boundary(b, at) {
            return None;
        }
        let (a, second) = year_period_from(b, at)?;
        g.set("a", at..a);
        g.set("b", second.clone());
        Some(second.end)
    },
};

/// The end of `(?:19|20)\d{2}\s*-\s*` at `i` and the span of the second year (with the
/// boundary after it).
fn year_period_from(b: &[u8], i: usize) -> Option<(usize, Range<usize>)> {
    let a = year_19_20(b, i)?;
    let dash = spaces(b, a);
    (b.get(dash) == Some(&b'-')).then_some(())?;
    let second = spaces(b, dash + 1);
    let second_end = year_19_20(b, second)?;
    boundary(b, second_end).then_some((a, second..second_end))
}

/// `(?i)(?-u:\b)(?:19|20)\d{2}\s*(?:,|and|or|va|hoac|&)\s*(?P<y>(?:19|20)\d{2})(?-u:\b)(?:[^/\d-]|$)`
pub(crate) const YEAR_PAIR: Hand = Hand {
    start: at_year_then_joiner,
    matches: |b, at, g| {
        if !boundary(b, at) {
            return None;
        }
        let after = spaces(b, year_19_20(b, at)?);
        let (y, end) = first_word(b, after, &[",", "and", "or", "va", "hoac", "&"], |i| {
            let y = spaces(b, i);
            let y_end = year_19_20(b, y)?;
            if !boundary(b, y_end) {
                return None;
            }
            Some((y..y_end, not_slash_digit(b, y_end, false)?))
        })?;
        g.set("y", y);
        Some(end)
    },
};

/// The place a grammar opening with one of `words` then `\s*` can start, for a run that it
/// holds first.
fn after_word(b: &[u8], run: &Range<usize>, words: &[&str]) -> Option<usize> {
    word_before(b, before_space(b, run.start), words)
}

/// `at` less the one space before it, if any (where a `\s*` that ends at `at` starts).
fn before_space(b: &[u8], at: usize) -> usize {
    at - usize::from(at > 0 && b.get(at - 1) == Some(&b' '))
}

/// `(?i)(?-u:\b)(?P<w>nam)\s*(?P<y>\d{4})(?-u:\b)`
pub(crate) const VI_YEAR: Hand = Hand {
    start: |b, run| {
        if run.len() != 4 {
            return None;
        }
        letters_before(b, before_space(b, run.start), &["nam"])
    },
    matches: |b, at, g| {
        if !boundary(b, at) {
            return None;
        }
        let w = word_ci(b, at, "nam")?;
        let y = spaced_year(b, w)?;
        g.set("w", at..w);
        g.set("y", y.clone());
        Some(y.end)
    },
};

/// `(?i)(?-u:\b)(?:nam|giai\s+doan)\s*(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})(?-u:\b)`
pub(crate) const VI_YEAR_PERIOD: Hand = Hand {
    start: |b, run| {
        if run.len() != 4 || b.get(spaces(b, run.end)) != Some(&b'-') {
            return None;
        }
        after_word(b, run, &["giai doan", "nam"])
    },
    matches: |b, at, g| {
        if !boundary(b, at) {
            return None;
        }
        let (a, (a_end, second)) = first_word(b, at, &["nam", "giai doan"], |i| {
            let a = spaces(b, i);
            Some((a, year_period_from(b, a)?))
        })?;
        g.set("a", a..a_end);
        g.set("b", second.clone());
        Some(second.end)
    },
};

/// The end of `(?-u:\b)(?:[^/\d-]|$)` at `i` (`[^/\d]` where `dash_allowed`).
fn bounded_tail(b: &[u8], i: usize, dash_allowed: bool) -> Option<usize> {
    if boundary(b, i) {
        not_slash_digit(b, i, dash_allowed)
    } else {
        None
    }
}

/// The place a grammar opening with one of `words` then `\s+` can start, for a run of one or
/// two digits it holds first.
fn after_word_and_space(b: &[u8], run: &Range<usize>, words: &[&str]) -> Option<usize> {
    if run.len() > 2 || run.start == 0 || b.get(run.start - 1) != Some(&b' ') {
        return None;
    }
    letters_before(b, run.start - 1, words)
}

/// How a day's month is written after it.
enum MonthAfterDay {
    Digits(Range<usize>),
    Word(Range<usize>),
    None,
}

/// `(?i)(?-u:\b)(?P<w>ngay|mong|mung)\s+(?P<d>\d{1,2})(?:\s*thang\s*(?P<m>\d{1,2})|\s+(?P<vm>…))?(?-u:\b)(?:[^/\d-]|$)`
/// (the words from the packs, see `dates`).
pub(crate) const VI_DAY: Hand = Hand {
    start: |b, run| after_word_and_space(b, run, &crate::dates::DAY_OPENER_WORDS),
    matches: |b, at, g| {
        if !boundary(b, at) {
            return None;
        }
        let (w, d, month, end) = first_word(b, at, &crate::dates::DAY_OPENER_WORDS, |w| {
            let d = space(b, w)?;
            let d_end = short_number(b, d)?;
            let in_digits = || {
                let m = spaces(b, word_ci(b, spaces(b, d_end), "thang")?);
                let m_end = short_number(b, m)?;
                Some((
                    MonthAfterDay::Digits(m..m_end),
                    bounded_tail(b, m_end, false)?,
                ))
            };
            let in_words = || {
                let v = space(b, d_end)?;
                crate::dates::VI_MONTH_WORDS.iter().find_map(|word| {
                    let e = word_ci(b, v, word)?;
                    Some((MonthAfterDay::Word(v..e), bounded_tail(b, e, false)?))
                })
            };
            let (month, end) = in_digits()
                .or_else(in_words)
                .or_else(|| Some((MonthAfterDay::None, bounded_tail(b, d_end, false)?)))?;
            Some((w, d..d_end, month, end))
        })?;
        g.set("w", at..w);
        g.set("d", d);
        match month {
            MonthAfterDay::Digits(m) => g.set("m", m),
            MonthAfterDay::Word(vm) => g.set("vm", vm),
            MonthAfterDay::None => {}
        }
        Some(end)
    },
};

/// `(?i)(?-u:\b)(?:…)\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})(?-u:\b)(?:[^/\d]|$)` (the words that
/// announce a date, from the packs).
pub(crate) const ANNOUNCED_DAY_MONTH: Hand = Hand {
    start: |b, run| {
        if b.get(run.end) != Some(&b'/') {
            return None;
        }
        after_word_and_space(b, run, &crate::dates::ANNOUNCER_WORDS)
    },
    matches: |b, at, g| {
        if !boundary(b, at) {
            return None;
        }
        let (d, m, end) = first_word(b, at, &crate::dates::ANNOUNCER_WORDS, |w| {
            let d = space(b, w)?;
            let d_end = short_number(b, d)?;
            (b.get(d_end) == Some(&b'/')).then_some(())?;
            let m_end = short_number(b, d_end + 1)?;
            Some((d..d_end, d_end + 1..m_end, bounded_tail(b, m_end, true)?))
        })?;
        g.set("d", d);
        g.set("m", m);
        Some(end)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_in_any_case_with_long_s() {
        assert_eq!(word_ci(b"Thang 3", 0, "thang"), Some(5));
        assert_eq!(word_ci("ſang".as_bytes(), 0, "sang"), Some(5));
        assert_eq!(word_ci(b"giai doan", 0, "giai doan"), Some(9));
        assert_eq!(word_ci(b"giaidoan", 0, "giai doan"), None);
        assert_eq!(word_before(b"x nam", 5, &["nam"]), Some(2));
        assert_eq!(word_before(b"xnam", 4, &["nam"]), None);
        assert_eq!(letters_before(b"x nam", 5, &["nam"]), Some(2));
        assert_eq!(letters_before("x aſb".as_bytes(), 6, &["asb"]), Some(2));
        assert_eq!(letters_before("x ſang".as_bytes(), 7, &["sang"]), None); // no ASCII boundary
        assert_eq!(letters_before(b"_nam", 4, &["nam"]), None);
        assert_eq!(letters_before(b"xnam", 4, &["nam"]), None);
    }

    /// The word lists read by [`letters_before`] hold ASCII letters only.
    #[test]
    fn letter_lists_are_letters() {
        for w in crate::dates::ANNOUNCER_WORDS
            .iter()
            .chain(crate::dates::DAY_OPENER_WORDS.iter())
        {
            assert!(w.bytes().all(|b| b.is_ascii_alphabetic()), "{w}");
        }
    }

    #[test]
    fn boundaries_are_ascii() {
        assert!(boundary(b"a 1", 2));
        assert!(!boundary(b"a1", 1));
        assert!(boundary("ă1".as_bytes(), 2));
        assert!(!boundary(b"", 0));
    }
}

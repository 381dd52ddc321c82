//! What the date grammars share: a match's named groups, the candidate date a reader makes of
//! it, and whether a day exists.

use docfacts_types::{Calendar, Precision};
use regex_automata::util::captures::Captures;

/// A match of a grammar whose groups are found by name in the rule's own short list of names
/// (a few string comparisons) instead of the regex's map: readers ask for several groups of
/// every match.
pub(crate) struct Caps<'c, 'h> {
    pub(crate) caps: &'c Captures,
    /// The haystack the match was found in (the view).
    pub(crate) hay: &'h str,
    pub(crate) names: &'c [(Box<str>, usize)],
}

/// Whether two group names are the same: names are a few letters, compared inline rather than
/// by a call to `memcmp` each (readers and matchers ask for several groups of every match).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// A group of a match: its view span and text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Group<'h> {
    hay: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Group<'h> {
    /// The view byte where the group starts.
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// The view byte where the group ends.
    pub(crate) fn end(&self) -> usize {
        self.end
    }

    /// The group's text.
    pub(crate) fn as_str(&self) -> &'h str {
        self.hay.get(self.start..self.end).unwrap_or_default()
    }
}

impl<'h> Caps<'_, 'h> {
    /// The group named `name`, if it took part in the match.
    pub(crate) fn name(&self, name: &str) -> Option<Group<'h>> {
        let &(_, i) = self.names.iter().find(|(n, _)| same_name(n, name))?;
        self.get(i)
    }

    /// The group numbered `i` (0: the whole match).
    pub(crate) fn get(&self, i: usize) -> Option<Group<'h>> {
        let span = self.caps.get_group(i)?;
        Some(Group {
            hay: self.hay,
            start: span.start,
            end: span.end,
        })
    }
}

/// A candidate date: its view span, ISO value, precision and calendar.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) iso: String,
    pub(crate) precision: Precision,
    /// The calendar the text is written in (the `iso` is Gregorian whatever it is).
    pub(crate) calendar: Calendar,
    /// A word that folding made ambiguous (`tháng sáu` and `tháng sau` both read `thang sau`): its
    /// view range, and the printed forms the source must show there.
    pub(crate) printed: Option<(usize, usize, &'static [&'static str])>,
}

/// Whether day `d` of month `m` exists (in year `y`; without a year, 29 February does), by ICU4X's
/// Gregorian calendar.
pub(crate) fn valid_day(y: Option<u32>, m: u32, d: u32) -> bool {
    let (Ok(y), Ok(m), Ok(d)) = (
        i32::try_from(y.unwrap_or(2000)),
        u8::try_from(m),
        u8::try_from(d),
    ) else {
        return false;
    };
    // Every month has its first 28 days; the others are the calendar's to say.
    if (1..=12).contains(&m) && (1..=28).contains(&d) {
        return true;
    }
    // ICU4X may clamp a day past the month's end: the date must read back as written.
    icu_calendar::Date::try_new_gregorian(y, m, d)
        .is_ok_and(|date| date.month().ordinal == m && date.day_of_month().0 == d)
}

/// A day's ISO 8601 form, `{y:04}-{m:02}-{d:02}` (`--{m:02}-{d:02}` without a year), written
/// digit by digit: the formatting machinery costs a thousand instructions a call, and every
/// date candidate makes one.
pub(crate) fn iso_day(y: Option<u32>, m: u32, d: u32) -> String {
    let mut out = String::with_capacity(10);
    match y {
        Some(y) => push_padded(&mut out, y, 4),
        None => out.push('-'),
    }
    out.push('-');
    push_padded(&mut out, m, 2);
    out.push('-');
    push_padded(&mut out, d, 2);
    out
}

/// A month's ISO 8601 form, `{y:04}-{m:02}`, written as [`iso_day`] writes a day.
pub(crate) fn iso_month(y: u32, m: u32) -> String {
    let mut out = String::with_capacity(7);
    push_padded(&mut out, y, 4);
    out.push('-');
    push_padded(&mut out, m, 2);
    out
}

/// A year's ISO 8601 form, `{y:04}`, written as [`iso_day`] writes a day.
pub(crate) fn iso_year(y: u32) -> String {
    let mut out = String::with_capacity(4);
    push_padded(&mut out, y, 4);
    out
}

/// `n` in decimal, zero-padded to `width` digits (longer numbers whole), as `{n:0width$}` writes it.
fn push_padded(out: &mut String, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut len = 0;
    let mut rest = n;
    loop {
        if let Some(slot) = digits.get_mut(len) {
            *slot = b'0' + (rest % 10) as u8;
        }
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in len..width {
        out.push('0');
    }
    for &digit in digits.get(..len).unwrap_or_default().iter().rev() {
        out.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_days_read_as_the_formatter_writes_them() {
        for y in [0, 7, 99, 1900, 2025, 12345, u32::MAX] {
            assert_eq!(iso_year(y), format!("{y:04}"));
            for (m, d) in [(1, 1), (12, 31), (0, 0), (123, 4567)] {
                assert_eq!(iso_day(Some(y), m, d), format!("{y:04}-{m:02}-{d:02}"));
                assert_eq!(iso_day(None, m, d), format!("--{m:02}-{d:02}"));
                assert_eq!(iso_month(y, m), format!("{y:04}-{m:02}"));
            }
        }
    }
}

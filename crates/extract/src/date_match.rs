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
        // Group names are a few letters: compared inline, not by a call to `memcmp` each.
        let &(_, i) = self.names.iter().find(|(n, _)| {
            n.len() == name.len() && n.bytes().zip(name.bytes()).all(|(a, b)| a == b)
        })?;
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

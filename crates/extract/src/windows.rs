//! Searching only near digits: every fact these grammars report holds a digit, and on a view
//! (whitespace collapsed to single spaces) every match of a grammar is short, so a grammar needs to
//! run only in windows around the view's digit runs, not over the whole text.
//!
//! Why a windowed search finds exactly the matches of a whole-view `captures_iter`, for a regex
//! whose every match holds a `\d` and is at most `reach` bytes long on the view:
//! - a match holding the digit at `d` lies in `d + 1 - reach .. d + reach`, inside the window of
//!   `d`'s run (`run.start - reach .. run.end + reach`); windows closer than a gap are merged, so
//!   every match lies inside one window and none spans two;
//! - each window is searched with `captures_at(&view[..window.end], window.start)`: the text before
//!   the window is there for look-behind (`\b`), and the cut end cannot create a match, since a
//!   match found there holds a digit of the window, so it ends before `last digit + reach`, before
//!   the cut, where the haystacks agree (look-ahead included);
//! - between windows there is no match, so the whole-view iteration enters each window searching
//!   from a point at or before its start, and inside it both iterations step from match end to
//!   match end alike.
//!
//! The bound `reach` holds only on a view whose whitespace is single spaces and whose `\d` digits
//! are ASCII (so `\s*` is at most one space and the runs found here are all of `\d`): [`Digits::of`]
//! checks both and otherwise answers "search the whole view". The reach of a pattern is its
//! maximum length in bytes with `\s*` read as `\s?` and `\s+` as `\s` ([`reach`]).

use std::time::Instant;

use std::ops::Range;

use regex::Regex;
use regex_automata::util::captures::Captures as MetaCaptures;
use regex_automata::{Input, meta};

/// Windows closer than this many bytes are searched as one (fewer regex calls).
pub(crate) const MERGE_GAP: usize = 48;

/// The digit runs of a view, or `None` when windows cannot be trusted on it (see the module docs).
#[derive(Clone, Debug, Default)]
pub(crate) struct Digits {
    runs: Option<Vec<Range<usize>>>,
    /// Whether `\d` can match only ASCII digits in the view (no non-ASCII digit, nor a non-ASCII
    /// space): what the figures' hand scan needs.
    ascii_digits_only: bool,
}

impl Digits {
    /// One pass over `view`.
    pub(crate) fn of(view: &str) -> Digits {
        let ascii_digits_only = !other_space_or_digit(view);
        Digits {
            runs: ascii_digits_only.then(|| runs(view)).flatten(),
            ascii_digits_only,
        }
    }

    /// Whether `\d` can match only ASCII digits in the view, and `\s` only ASCII whitespace.
    pub(crate) fn ascii_digits_only(&self) -> bool {
        self.ascii_digits_only
    }

    /// The view's ASCII digit runs, in order (`None` where windows cannot be trusted on it).
    pub(crate) fn runs(&self) -> Option<&[Range<usize>]> {
        self.runs.as_deref()
    }

    /// The windows for a grammar of `reach` bytes (`None`: search the whole view), around the runs
    /// `keep` accepts (given the view's bytes), written into `out` (cleared first, so that one
    /// buffer serves every grammar of a document): for a grammar every match of which holds a run
    /// that `keep` accepts, they still hold every match (the module's argument needs one such run
    /// per match, not all of them).
    pub(crate) fn windows_into<'w>(
        &self,
        view: &str,
        reach: Option<usize>,
        keep: RunFilter,
        out: &'w mut Vec<Range<usize>>,
    ) -> Option<&'w [Range<usize>]> {
        out.clear();
        self.merge_into(view, reach, MERGE_GAP, keep, out)?;
        Some(out)
    }

    /// [`Digits::windows_into`], in a vector of its own.
    #[cfg(test)]
    pub(crate) fn windows_where(
        &self,
        view: &str,
        reach: Option<usize>,
        keep: RunFilter,
    ) -> Option<Vec<Range<usize>>> {
        self.windows_merged_where(view, reach, MERGE_GAP, keep)
    }

    /// [`Digits::windows_where`], merging windows closer than `gap` bytes.
    #[cfg(test)]
    pub(crate) fn windows_merged_where(
        &self,
        view: &str,
        reach: Option<usize>,
        gap: usize,
        keep: RunFilter,
    ) -> Option<Vec<Range<usize>>> {
        let mut out = Vec::new();
        self.merge_into(view, reach, gap, keep, &mut out)?;
        Some(out)
    }

    /// The windows merged where closer than `gap` bytes, pushed onto `out`; `None` (and nothing
    /// pushed) where windows cannot be trusted.
    fn merge_into(
        &self,
        view: &str,
        reach: Option<usize>,
        gap: usize,
        keep: RunFilter,
        out: &mut Vec<Range<usize>>,
    ) -> Option<()> {
        let (runs, reach) = (self.runs.as_ref()?, reach?);
        let bytes = view.as_bytes();
        for run in runs {
            // A run that `keep` refuses still widens a window it starts inside: the window then
            // ends `reach` past every digit in it, so no match found in the cut haystack ends at
            // the cut (where the look-ahead would read differently).
            let inside = out.last().is_some_and(|last| run.start < last.end);
            if !inside && !keep(bytes, run) {
                continue;
            }
            let start = floor_boundary(view, run.start.saturating_sub(reach));
            let end = ceil_boundary(view, run.end.saturating_add(reach));
            match out.last_mut() {
                Some(last) if start <= last.end.saturating_add(gap) => last.end = last.end.max(end),
                _ => out.push(start..end),
            }
        }
        Some(())
    }
}

/// Which digit runs (byte ranges of the view's bytes) a grammar's windows are built around.
pub(crate) type RunFilter = fn(&[u8], &Range<usize>) -> bool;

/// Calls `each` on every match of `regex` (a [`crate::built_in_meta`] regex) in `view`, in order,
/// each read into `caps` (one allocation for all of them) by a single search from the point the
/// previous match ended: the same matches as a whole-view `captures_iter` when `windows` come from
/// [`Digits::windows_into`] with the regex's reach, or a whole-view scan when `windows` is `None`.
///
/// `loose`, when given, is `regex` without its `\b` assertions: it matches wherever `regex` does
/// (and more) but runs on the fast DFA (a Unicode `\b` sends the engine to a slow one on non-ASCII
/// text), so that the exact search starts only inside its matches: every match of `regex` starts
/// inside a loose match of the window scan. The deadline is asked every 64 windows.
#[allow(clippy::too_many_arguments)]
pub(crate) fn search_each(
    regex: &meta::Regex,
    loose: Option<&meta::Regex>,
    caps: &mut MetaCaptures,
    view: &str,
    windows: Option<&[Range<usize>]>,
    deadline: Option<Instant>,
    mut each: impl FnMut(&MetaCaptures),
) {
    let Some(windows) = windows else {
        search_span(regex, caps, view, 0, view.len(), &mut each);
        return;
    };
    for (i, window) in windows.iter().enumerate() {
        if i % 64 == 63 && deadline.is_some_and(|d| Instant::now() >= d) {
            return;
        }
        crate::work::read(window.len());
        let Some(hay) = view.get(..window.end) else {
            continue;
        };
        let mut at = window.start;
        match (loose, hay.get(window.start..window.end)) {
            (Some(loose), Some(text)) => {
                // Overlapping or touching loose matches make one span, searched once it closes.
                let mut open: Option<(usize, usize)> = None;
                for m in loose.find_iter(text) {
                    let (s, e) = (window.start + m.start(), window.start + m.end());
                    match open.as_mut() {
                        Some(last) if s <= last.1 => last.1 = last.1.max(e),
                        _ => {
                            if let Some((s, e)) = open.replace((s, e)) {
                                at = search_span(regex, caps, hay, at.max(s), e, &mut each);
                            }
                        }
                    }
                }
                if let Some((s, e)) = open {
                    search_span(regex, caps, hay, at.max(s), e, &mut each);
                }
            }
            _ => {
                search_span(regex, caps, hay, at, window.end, &mut each);
            }
        }
    }
}

/// Every match of `regex` in `hay` that starts searching before `last` (from `at`, then from the
/// end of each match), read into `caps` and given to `each`; the point the next search would start
/// from. A search from `last` on is left out: `last` ends a loose span or a window (a match starts
/// before the end of a loose match holding it, and inside its window), or the view.
fn search_span(
    regex: &meta::Regex,
    caps: &mut MetaCaptures,
    hay: &str,
    mut at: usize,
    last: usize,
    each: &mut impl FnMut(&MetaCaptures),
) -> usize {
    while at < last && at <= hay.len() {
        regex.search_captures(&Input::new(hay).span(at..hay.len()), caps);
        let Some(m) = caps.get_match() else {
            break;
        };
        each(caps);
        if m.end() == m.start() {
            // Never with a grammar that needs a digit; step over a char like `captures_iter`.
            if m.end() >= hay.len() {
                break;
            }
            at = ceil_boundary(hay, m.end() + 1);
        } else {
            at = m.end();
        }
    }
    at
}

/// `pattern` with `\d` read as `[0-9]` and `\s` as ASCII whitespace: on a view where `\d` and `\s`
/// can match only ASCII ([`Digits::ascii_digits_only`]) it has the same matches, from a much smaller
/// automaton that costs less to build.
pub(crate) fn ascii_classes(pattern: &str) -> String {
    rewrite_classes(pattern, true)
}

/// `pattern` with `\d` read as `[0-9]`, and with `spaces` `\s` as ASCII whitespace (the ranges
/// without brackets inside a class).
fn rewrite_classes(pattern: &str, spaces: bool) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut depth = 0usize;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('d') if depth > 0 => out.push_str("0-9"),
                Some('d') => out.push_str("[0-9]"),
                Some('s') if spaces && depth > 0 => out.push_str(r"\t-\r\x20"),
                Some('s') if spaces => out.push_str(r"[\t-\r\x20]"),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '[' => {
                depth += 1;
                out.push(c);
            }
            ']' => {
                depth = depth.saturating_sub(1);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The matches of `regex` in `view`, in order, as `regex.captures_iter(view)` gives them, for a
/// regex whose every match is made of ASCII word bytes and bytes of `extra` only, and starts at
/// the start of a digit run for which `starts` holds (a run that `\d` could start: the regex's
/// `\d` must be the only way to match a digit there).
///
/// Each such run opens a token (the run of word and `extra` bytes it is in, from there on), which
/// is read alone: a match lies inside one token, and the byte after a token is no word byte, so a
/// word boundary at the token's end reads the same at the token's end as in the whole view.
/// Inside a token, `anchored` reads the regex by hand: given the view's bytes, the end of the token
/// and a position where a digit run starts after no word byte, it writes the groups of the regex's
/// match starting there into its slots (one per group, the whole match first) and says whether
/// there is one. The first such position that matches is the regex's leftmost match, and the
/// reading goes on from its end. Whole-view search with `regex` (`digits` untrusted) otherwise.
///
/// The group spans of all the matches are kept in one vector (no allocation per match).
pub(crate) fn captures_in_tokens<'h>(
    regex: &Regex,
    view: &'h str,
    digits: &Digits,
    extra: &[u8],
    starts: impl Fn(&[u8], &Range<usize>) -> bool,
    anchored: impl Fn(&[u8], usize, usize, &mut [Option<(usize, usize)>]) -> bool,
) -> Matches<'h> {
    let groups = regex.captures_len();
    // Room for a few dozen matches before the vector grows.
    let mut spans = Vec::with_capacity(groups * 32);
    let Some(runs) = digits.runs.as_ref() else {
        for caps in regex.captures_iter(view) {
            spans.extend((0..groups).map(|i| caps.get(i).map(|m| (m.start(), m.end()))));
        }
        return Matches {
            view,
            groups,
            spans,
        };
    };
    let bytes = view.as_bytes();
    let in_token = |&b: &u8| is_word_byte(b) || extra.contains(&b);
    let mut slots = vec![None; groups];
    let mut searched_to = 0;
    for run in runs {
        if run.start < searched_to || !starts(bytes, run) {
            continue;
        }
        let end = run.start
            + bytes
                .get(run.start..)
                .and_then(|rest| rest.iter().position(|b| !in_token(b)))
                .unwrap_or(bytes.len() - run.start);
        // Every digit after no word byte may start a match: the first that does is the leftmost,
        // and the search goes on from its end.
        let mut at = run.start;
        while at < end {
            let opens = bytes.get(at).is_some_and(u8::is_ascii_digit)
                && (at == 0 || bytes.get(at - 1).is_some_and(|&b| !is_word_byte(b)));
            if !opens {
                at += 1;
                continue;
            }
            slots.fill(None);
            match anchored(bytes, end, at, &mut slots) {
                true => {
                    let match_end = slots.first().copied().flatten().map_or(end, |(_, e)| e);
                    spans.extend_from_slice(&slots);
                    // A match holds a digit: it is never empty.
                    at = match_end.max(at + 1);
                }
                false => at += 1,
            }
        }
        searched_to = end;
    }
    Matches {
        view,
        groups,
        spans,
    }
}

/// Whether `b` is a byte of an ASCII word (`(?-u:\b)`'s word bytes).
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The matches [`captures_in_tokens`] found: the byte span of each capture group of each match,
/// match after match.
pub(crate) struct Matches<'h> {
    view: &'h str,
    /// The number of groups of a match (the whole match included).
    groups: usize,
    spans: Vec<Option<(usize, usize)>>,
}

impl<'h> Matches<'h> {
    /// The matches, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Hit<'_, 'h>> {
        self.spans.chunks(self.groups.max(1)).map(|spans| Hit {
            view: self.view,
            spans,
        })
    }
}

/// One match of [`Matches`].
#[derive(Clone, Copy)]
pub(crate) struct Hit<'m, 'h> {
    view: &'h str,
    spans: &'m [Option<(usize, usize)>],
}

impl<'h> Hit<'_, 'h> {
    /// Group `i` where it took part in the match (group 0: the whole match).
    pub(crate) fn get(&self, i: usize) -> Option<Group<'h>> {
        let (start, end) = (*self.spans.get(i)?)?;
        Some(Group {
            text: self.view.get(start..end)?,
            start,
        })
    }
}

/// The text a capture group matched, and where.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Group<'h> {
    text: &'h str,
    start: usize,
}

impl<'h> Group<'h> {
    /// The byte offset of the group's start in the view.
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// The byte offset of the group's end in the view.
    pub(crate) fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// The group's text.
    pub(crate) fn as_str(&self) -> &'h str {
        self.text
    }
}

/// A bound on the byte length of `pattern`'s matches on a view of single spaces and ASCII digits,
/// or `None` when it is unbounded (or does not parse): the tests' check of [`hir_reach`].
#[cfg(test)]
pub(crate) fn reach(pattern: &str) -> Option<usize> {
    let single_spaced = ascii_digits(pattern)
        .replace(r"\s*", r"\s?")
        .replace(r"\s+", r"\s");
    let hir = regex_syntax::Parser::new().parse(&single_spaced).ok()?;
    hir.properties().maximum_len()
}

/// [`reach`] read from a parsed pattern (no second parse): the longest match in bytes on a view of
/// single spaces and ASCII digits, or `None` when unbounded. There a run of whitespace is one
/// character, so an unbounded repetition of a class of whitespace only (`\s*`, `\s+`) counts once;
/// any other unbounded repetition makes the bound `None`.
pub(crate) fn hir_reach(hir: &regex_syntax::hir::Hir) -> Option<usize> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(lit) => Some(lit.0.len()),
        HirKind::Class(class) => class.maximum_len(),
        HirKind::Capture(cap) => hir_reach(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = hir_reach(&rep.sub)?;
            let times = match rep.max {
                Some(max) => max,
                None if whitespace_only(&rep.sub) => rep.min.max(1),
                None => return None,
            };
            sub.checked_mul(usize::try_from(times).ok()?)
        }
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(0usize, |sum, sub| sum.checked_add(hir_reach(sub)?)),
        HirKind::Alternation(subs) => subs
            .iter()
            .try_fold(0usize, |most, sub| Some(most.max(hir_reach(sub)?))),
    }
}

/// Whether `hir` is a class of whitespace characters only (`\s`, ASCII or Unicode).
fn whitespace_only(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().all(|r| {
            // Whitespace comes in short ranges; a wide one holds other characters.
            u32::from(r.end()) - u32::from(r.start()) < 64
                && (r.start()..=r.end()).all(char::is_whitespace)
        }),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .all(|r| (r.start()..=r.end()).all(|b| b.is_ascii_whitespace() || b == 0x0B)),
        _ => false,
    }
}

/// `pattern` with `\d` read as `[0-9]` (`0-9` inside a class): the rewrite the tests' [`reach`]
/// reads a pattern through.
#[cfg(test)]
fn ascii_digits(pattern: &str) -> String {
    rewrite_classes(pattern, false)
}

/// The ASCII digit runs of `view`, or `None` when the view holds whitespace other than single
/// ASCII spaces (the caller has checked that no digit or space is non-ASCII: a character `\d` or
/// `\s` could match that this pass would not see).
fn runs(view: &str) -> Option<Vec<Range<usize>>> {
    let bytes = view.as_bytes();
    if memchr::memmem::find(bytes, b"  ").is_some()
        || memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_some()
        || memchr::memchr2(0x0B, 0x0C, bytes).is_some()
    {
        return None;
    }
    Some(digit_runs(bytes))
}

/// The runs of ASCII digits of `bytes`.
fn digit_runs(bytes: &[u8]) -> Vec<Range<usize>> {
    use docfacts_normalize::swar;
    // Reports hold about a digit run in every few dozen bytes: room for most without regrowth.
    let mut out: Vec<Range<usize>> = Vec::with_capacity(bytes.len() / 64);
    let digits = |word| swar::in_range(word, b'0', b'9');
    swar::for_each_run(
        bytes,
        digits,
        |b| b.is_ascii_digit(),
        |start, end| {
            out.push(start..end);
        },
    );
    out
}

/// Whether `view` holds a non-ASCII `\s` or `\d` character. Two-byte characters are checked by
/// their bytes in one branch-free pass (the only `\s` there are U+0085 and U+00A0, the only `\d`
/// the Arabic-Indic U+0660.., extended Arabic-Indic U+06F0.. and NKo U+07C0.. digits); longer
/// ones, rare in a view, one by one when there are any.
fn other_space_or_digit(view: &str) -> bool {
    let bytes = view.as_bytes();
    // Every such character starts with a byte from 0xC2 up: a text with none (most English and
    // unaccented Vietnamese views, tested a block at a time) has neither.
    if bytes
        .chunks(64)
        .all(|block| block.iter().fold(0u8, |acc, &b| acc.max(b)) < 0xC2)
    {
        return false;
    }
    // 64 pairs at a time, each test a byte of 0 or 1 (fixed-size blocks: branch-free, vectorized);
    // the last pairs one by one.
    let pair = |a: u8, b: u8| {
        u8::from(a == 0xC2) & (u8::from(b == 0x85) | u8::from(b == 0xA0))
            | u8::from(a == 0xD9) & u8::from(b.wrapping_sub(0xA0) < 10)
            | u8::from(a == 0xDB) & u8::from(b.wrapping_sub(0xB0) < 10)
            | u8::from(a == 0xDF) & u8::from(b.wrapping_sub(0x80) < 10)
    };
    // The lead of a longer character, other than a Vietnamese letter's (U+1E00..=U+1EFF, led by
    // `E1 B8..=BB`: neither a space nor a digit).
    let wide_lead = |a: u8, b: u8| {
        u8::from(a >= 0xE0) & !(u8::from(a == 0xE1) & u8::from(b.wrapping_sub(0xB8) < 4))
    };
    // A longer character (U+0800 and up) at `i`, read only where a block has one: a space or a
    // digit.
    let wide_at = |i: usize| {
        view.get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_whitespace() || c.is_numeric())
    };
    let mut at = 0;
    while let Some(block) = bytes.get(at..at + 65) {
        let (Some(a), Some(b)) = (
            block.first_chunk::<64>(),
            block.get(1..).and_then(<[u8]>::first_chunk::<64>),
        ) else {
            break;
        };
        let (mut found, mut wide) = (0u8, 0u8);
        for (&a, &b) in a.iter().zip(b) {
            found |= pair(a, b);
            wide |= wide_lead(a, b);
        }
        if found != 0 {
            return true;
        }
        if wide != 0
            && a.iter()
                .zip(b)
                .enumerate()
                .any(|(i, (&a, &b))| wide_lead(a, b) != 0 && wide_at(at + i))
        {
            return true;
        }
        at += 64;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    rest.iter()
        .zip(rest.get(1..).unwrap_or_default())
        .enumerate()
        .any(|(i, (&a, &b))| pair(a, b) != 0 || wide_lead(a, b) != 0 && wide_at(at + i))
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// `runs` trusts a text exactly when `\s` can only be a single ASCII space and `\d` only
        /// an ASCII digit there, and then lists the ASCII digit runs.
        #[test]
        fn runs_match_a_plain_reading(
            chars in prop::collection::vec(
                prop_oneof![
                    any::<char>(),
                    prop::sample::select(vec!['1', '2', ' ', 'a', '\u{a0}', '\u{85}', '\u{660}',
                        '\u{6f5}', '\u{7c9}', '\u{6cc}', '\u{b2}', '\u{2003}', '\u{e51}', '\n']),
                ],
                0..120, // several 64-byte blocks: pairs across a block's edge
            ),
        ) {
            let text: String = chars.iter().collect();
            let trusted = !text.contains("  ")
                && !text.chars().any(|c| {
                    c.is_whitespace() && c != ' '
                        || !c.is_ascii() && regex::Regex::new(r"^\d$").is_ok_and(|r| r.is_match(c.encode_utf8(&mut [0; 4])))
                        || c >= '\u{800}' && c.is_numeric()
                });
            let expect: Vec<Range<usize>> = regex::Regex::new("[0-9]+")
                .map(|r| r.find_iter(&text).map(|m| m.range()).collect())
                .unwrap_or_default();
            let exotic = text.chars().any(|c| {
                !c.is_ascii() && c.is_whitespace()
                    || !c.is_ascii() && regex::Regex::new(r"^\d$").is_ok_and(|r| r.is_match(c.encode_utf8(&mut [0; 4])))
                    || c >= '\u{800}' && c.is_numeric()
            });
            let digits = Digits::of(&text);
            prop_assert_eq!(digits.ascii_digits_only(), !exotic);
            prop_assert_eq!(digits.runs, trusted.then_some(expect));
        }
    }

    #[test]
    fn reach_of_patterns() {
        assert_eq!(reach(r"\d{1,2}/\d{4}"), Some(7));
        assert_eq!(reach(r"\d\s*x"), Some(5)); // `\s` up to 3 bytes
        assert_eq!(reach(r"\d+"), None);
        assert_eq!(reach(r"[^/\d-]\d"), Some(5));
        assert_eq!(ascii_digits(r"\d[^/\d-]\.\\d"), r"[0-9][^/0-9-]\.\\d");
        assert_eq!(
            ascii_classes(r"\d\s*[^\w\s]\\s"),
            r"[0-9][\t-\r\x20]*[^\w\t-\r\x20]\\s"
        );
    }

    proptest! {
        /// The digit runs are what `[0-9]+` finds, over several 64-byte blocks.
        #[test]
        fn digit_runs_are_the_regex_runs(text in "[0-9a /é]{0,300}") {
            let expect: Vec<Range<usize>> = regex::Regex::new("[0-9]+")
                .map(|r| r.find_iter(&text).map(|m| m.range()).collect())
                .unwrap_or_default();
            prop_assert_eq!(digit_runs(text.as_bytes()), expect);
        }
    }

    #[test]
    fn untrusted_views() {
        assert!(
            Digits::of("a 12 b3")
                .runs
                .is_some_and(|r| r == vec![2..4, 6..7])
        );
        assert!(
            Digits::of("12")
                .runs
                .is_some_and(|r| r.first() == Some(&(0..2)) && r.len() == 1)
        );
        assert!(Digits::of("").runs.is_some_and(|r| r.is_empty()));
        assert!(
            Digits::of("ă 1ſ2")
                .runs
                .is_some_and(|r| r == vec![3..4, 6..7])
        );
        assert!(Digits::of("a\x0b1").runs.is_none());
        assert!(Digits::of("a\u{3000}1").runs.is_none());
        assert!(Digits::of("a\u{85}1").runs.is_none());
        assert!(Digits::of("\u{07C1}").runs.is_none());
        assert!(Digits::of("\u{0E51}").runs.is_none()); // Thai one
        assert!(Digits::of("\u{1D7CF}").runs.is_none()); // mathematical bold one
        assert!(Digits::of("\u{2003}").runs.is_none());
        assert!(
            Digits::of("ی ه ، ۔ ‘x’ 1")
                .runs
                .is_some_and(|r| r.len() == 1)
        );
        assert!(Digits::of("a  1").runs.is_none());
        assert!(Digits::of("a\n1").runs.is_none());
        assert!(Digits::of("a\u{a0}1").runs.is_none());
        assert!(Digits::of("\u{0966}").runs.is_none()); // Devanagari zero
        assert!(Digits::of("\u{06F1}").runs.is_none());
        assert!(Digits::of("سال ۱").runs.is_none());
        assert!(Digits::of("سال 1 và năm").runs.is_some());
    }
}

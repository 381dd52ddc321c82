//! Figures: counts, percents, ratios, decimals and money, with qualifiers, signs and scale words.
//!
//! A digit token is read by the document's separators (see `numbers`), then the words around it
//! decide its kind: `%` or a percent word make a percent, `/` and a second number a ratio, a scale
//! word (`tỷ`, `billion`, `میلیون`) or letter (`10k`, `$3M`) multiplies, a currency makes money, a
//! sign (`-2,5%`, `âm 1.200`, `minus 5`) makes it negative, and a hedge before it (`hơn`, `over`,
//! `بیش از`) is the qualifier and part of the text. Every word comes from the language packs
//! (`packs`). Numbers inside dates and document numbers were claimed before this runs; numbers
//! in URLs, glued to letters (`5G`, `IPv6`), after an all-capital name (`HATRI 10`), versions
//! (`Industry 4.0`), structure numbers (`Điều 5`, `clause 3`, `ماده ۵`), clock times, footnote
//! markers and list numbering are not figures.

use std::sync::LazyLock;

use docfacts_types::{FigureFact, FigureKind, Lang, Qualifier};
use regex::Regex;

use crate::Analyzed;
use crate::mask::Taken;
use crate::numbers;
use crate::packs::{self, Word, WordTable};
use crate::text::{LOOK, Lowered, head, tail};

/// A digit token: digits with inner separators (`2.126`, `91,83`, `94٬447`). The Arabic comma `،`
/// joins only a following group of exactly three digits (`۹۴،۴۴۷`); otherwise it is a list comma
/// (`۱۲،۵` is two numbers).
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    crate::built_in_regex(
        r"\d(?:[\d.,\x{066B}\x{066C}]*\d)?(?:\x{060C}\d{3}(?-u:\b)(?:[.\x{066B}]\d+)?)*",
    )
});

/// Web addresses: an `http(s)://` or `www.` prefix.
const WEB: &str = r"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>()]+";

/// Web and e-mail addresses.
static URL: LazyLock<Regex> =
    LazyLock::new(|| crate::built_in_regex(&format!(r"{WEB}|(?-u:\b)[\w.+-]+@[\w-]+\.[\w.]+")));

/// [`URL`] on a view without `@`, where its e-mail branch cannot match: the same matches, found
/// through the prefix literals (the e-mail branch starts with a class, which defeats them).
static WEB_ONLY: LazyLock<Regex> = LazyLock::new(|| crate::built_in_regex(WEB));

/// The words of every pack, merged once (longest first where one may be a prefix of another).
struct Words {
    /// Every word read after a number, by its first word (see [`Words::may_follow`]).
    after_words: WordTable<()>,
    /// Every word read before a number, by its last word (see [`Words::may_precede`]).
    before_words: WordTable<()>,
    /// The starts of the keys of `after_words`.
    after_first: KeyEdge,
    /// The ends of the keys of `before_words`.
    before_last: KeyEdge,
    /// The ends of the keys of `currencies_before_table`.
    currencies_before_last: KeyEdge,
    qualifiers: Vec<(&'static str, Qualifier)>,
    scales: WordTable<(f64, &'static str)>,
    scale_suffixes: Vec<(&'static str, f64, &'static str)>,
    currencies_after: WordTable<(Word, &'static str)>,
    currencies_before: Vec<(&'static str, &'static str)>,
    /// The same, looked up by their last word.
    currencies_before_table: WordTable<&'static str>,
    damaged_currencies: WordTable<(Word, &'static str)>,
    minor_units: WordTable<()>,
    decimal_words: Vec<Word>,
    percent_words: Vec<&'static str>,
    sign_words: Vec<Word>,
    joiners: Vec<&'static str>,
    structure_words: WordTable<Word>,
    version_words: Vec<&'static str>,
}

impl Words {
    /// Whether the word after view byte `at` (after one space, or glued to it) is one that some
    /// table read after a number holds: one look-up spares the tables' own for most numbers.
    fn may_follow(&self, view: &str, at: usize) -> bool {
        let rest = view.get(at..).unwrap_or_default();
        let text = rest.strip_prefix(' ').unwrap_or(rest);
        self.after_first.may_start(text) && !self.after_words.starting(text).is_empty()
    }

    /// Whether the word before view byte `at` is one that some table read before a number holds
    /// (a structure word, a currency, a sign word or a hedge).
    fn may_precede(&self, view: &str, at: usize) -> bool {
        let before = view.get(..at).unwrap_or_default();
        let text = before.strip_suffix(' ').unwrap_or(before);
        self.before_last.may_end(text) && !self.before_words.ending(text).is_empty()
    }

    /// The percent words, where the word after a number may be one (`follows`).
    fn percent_words_if(&self, follows: bool) -> &[&'static str] {
        if follows { &self.percent_words } else { &[] }
    }
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let after: Vec<&'static str> = packs::all(|p| p.scales)
        .into_iter()
        .map(|(w, _, _)| w)
        .chain(
            packs::all(|p| p.scale_suffixes)
                .into_iter()
                .map(|(w, _, _)| w),
        )
        .chain(
            packs::all(|p| p.currencies_after)
                .into_iter()
                .map(|(w, _)| w.folded),
        )
        .chain(
            packs::all(|p| p.damaged_currencies)
                .into_iter()
                .map(|(w, _)| w.folded),
        )
        .chain(packs::all(|p| p.percent_words))
        .chain(packs::all(|p| p.minor_units))
        .collect();
    let before: Vec<&'static str> = packs::all(|p| p.structure_words)
        .into_iter()
        .map(|w| w.folded)
        .chain(
            packs::all(|p| p.currencies_before)
                .into_iter()
                .map(|(w, _)| w),
        )
        .chain(packs::all(|p| p.sign_words).into_iter().map(|w| w.folded))
        .chain(packs::all(|p| p.qualifiers).into_iter().map(|(w, _)| w))
        .collect();
    Words {
        after_first: KeyEdge::of(after.iter().copied(), false),
        before_last: KeyEdge::of(before.iter().copied(), true),
        currencies_before_last: KeyEdge::of(
            packs::all(|p| p.currencies_before)
                .into_iter()
                .map(|(w, _)| w),
            true,
        ),
        after_words: WordTable::new(after.into_iter().map(|w| (w, ())), false),
        before_words: WordTable::new(before.into_iter().map(|w| (w, ())), true),
        qualifiers: packs::all_longest_first(|p| p.qualifiers, |q| q.0),
        scales: WordTable::new(
            packs::all(|p| p.scales)
                .into_iter()
                .map(|(w, m, n)| (w, (m, n))),
            false,
        ),
        scale_suffixes: packs::all_longest_first(|p| p.scale_suffixes, |s| s.0),
        currencies_after: WordTable::new(
            packs::all(|p| p.currencies_after)
                .into_iter()
                .map(|c| (c.0.folded, c)),
            false,
        ),
        currencies_before: packs::all_longest_first(|p| p.currencies_before, |c| c.0),
        currencies_before_table: WordTable::new(packs::all(|p| p.currencies_before), true),
        damaged_currencies: WordTable::new(
            packs::all(|p| p.damaged_currencies)
                .into_iter()
                .map(|c| (c.0.folded, c)),
            false,
        ),
        minor_units: WordTable::new(
            packs::all(|p| p.minor_units).into_iter().map(|w| (w, ())),
            false,
        ),
        decimal_words: packs::all(|p| p.decimal_words),
        percent_words: packs::all_longest_first(|p| p.percent_words, |w| w),
        sign_words: packs::all(|p| p.sign_words),
        joiners: packs::all(|p| p.joiners),
        structure_words: WordTable::new(
            packs::all(|p| p.structure_words)
                .into_iter()
                .map(|w| (w.folded, w)),
            true,
        ),
        version_words: packs::all(|p| p.version_words),
    }
});

/// The first (or last) one or two bytes that the lookup keys of a [`WordTable`]'s words may have:
/// a text whose own do not match has no entry there, found without packing its key.
///
/// A key (`docfacts_lang`) is the text's run of letters and digits at that end, or the one
/// character there when it is neither, ASCII lowercased. A key of two bytes or more ends (or
/// starts) with the text's last (first) two bytes; a key of one byte is that byte alone.
struct KeyEdge {
    /// Keys of one byte.
    single: [bool; 256],
    /// Keys of two bytes or more, by their two bytes at that end (in text order), one bit each.
    pairs: Box<[u64; 1024]>,
}

impl KeyEdge {
    /// The edge of the keys of `words` at their start, or at their end (`at_end`).
    fn of<'a>(words: impl Iterator<Item = &'a str>, at_end: bool) -> KeyEdge {
        let mut edge = KeyEdge {
            single: [false; 256],
            pairs: Box::new([0; 1024]),
        };
        for word in words {
            let bytes = word.as_bytes();
            let (outer, inner) = if at_end {
                let n = bytes.len();
                (
                    n.checked_sub(1).and_then(|i| bytes.get(i)),
                    n.checked_sub(2).and_then(|i| bytes.get(i)),
                )
            } else {
                (bytes.first(), bytes.get(1))
            };
            let Some(&outer) = outer else {
                continue;
            };
            let outer = outer.to_ascii_lowercase();
            let inner = inner.map(u8::to_ascii_lowercase);
            let pair = |inner: u8| {
                if at_end {
                    (inner, outer)
                } else {
                    (outer, inner)
                }
            };
            if !outer.is_ascii() {
                // A byte of a character of two bytes or more, all in the key.
                if let Some(inner) = inner {
                    edge.add_pair(pair(inner));
                }
            } else if !outer.is_ascii_alphanumeric() {
                edge.add_single(outer);
            } else {
                match inner {
                    Some(inner) if inner.is_ascii_alphanumeric() => edge.add_pair(pair(inner)),
                    // A character that may or may not be a letter: the key may be either.
                    Some(inner) if !inner.is_ascii() => {
                        edge.add_pair(pair(inner));
                        edge.add_single(outer);
                    }
                    _ => edge.add_single(outer),
                }
            }
        }
        edge
    }

    fn add_single(&mut self, b: u8) {
        if let Some(slot) = self.single.get_mut(usize::from(b)) {
            *slot = true;
        }
    }

    fn add_pair(&mut self, (a, b): (u8, u8)) {
        let bit = usize::from(a) << 8 | usize::from(b);
        if let Some(word) = self.pairs.get_mut(bit / 64) {
            *word |= 1 << (bit % 64);
        }
    }

    fn has_pair(&self, a: u8, b: u8) -> bool {
        let bit = usize::from(a.to_ascii_lowercase()) << 8 | usize::from(b.to_ascii_lowercase());
        self.pairs
            .get(bit / 64)
            .is_some_and(|word| word >> (bit % 64) & 1 == 1)
    }

    fn has_single(&self, b: u8) -> bool {
        self.single
            .get(usize::from(b.to_ascii_lowercase()))
            .copied()
            .unwrap_or(false)
    }

    /// Whether the key at the start of `text` may be one of the words'.
    fn may_start(&self, text: &str) -> bool {
        match *text.as_bytes() {
            [a, b, ..] => self.has_single(a) || self.has_pair(a, b),
            [a] => self.has_single(a),
            [] => false,
        }
    }

    /// Whether the key at the end of `text` may be one of the words'.
    fn may_end(&self, text: &str) -> bool {
        match *text.as_bytes() {
            [.., a, b] => self.has_single(b) || self.has_pair(a, b),
            [b] => self.has_single(b),
            [] => false,
        }
    }
}

pub(crate) fn extract(
    doc: &Analyzed<'_>,
    taken: &mut Taken,
    digits: &crate::windows::Digits,
) -> Vec<FigureFact> {
    let view = doc.view.text();
    claim_addresses(view, taken);
    let words = &*WORDS;
    let lang = doc.lang;
    let mut out: Vec<FigureFact> = Vec::new();
    let tokens = number_tokens(view, digits);
    let mut next = 0;
    let mut consumed_until = 0;
    while let Some(&tok) = tokens.get(next) {
        next += 1;
        if next % 256 == 0 && doc.out_of_time() {
            break;
        }
        crate::work::read(tok.end() - tok.start());
        if tok.start() < consumed_until || taken.overlaps(tok.start(), tok.end()) {
            continue;
        }
        let (start, point_value) = leading_point(view, tok, lang);
        if point_value.is_none() && is_name_or_code(view, tok.start(), tok.end())
            || is_list_number(doc, tok.start(), tok.end())
            || crate::repair::is_footnote_marker(doc, tok.start(), tok.end())
            || is_clock_or_marker(view, tok.start(), tok.end())
        {
            continue;
        }
        let Some(mut value) = point_value.or_else(|| numbers::parse(tok.as_str(), lang)) else {
            continue;
        };
        if is_version(view, tok.start(), tok.as_str()) {
            continue;
        }
        let mut end = tok.end();
        // `1 414 021` (where the language groups thousands by spaces).
        if point_value.is_none() && space_grouping(lang) {
            while let Some(group) = tokens.get(next).filter(|g| {
                g.start() == end + 1
                    && view.as_bytes().get(end) == Some(&b' ')
                    && is_space_group(g.as_str(), tok.as_str())
            }) {
                let joined = format!("{}{}", digits_of(view, start, end), group.as_str());
                let Some(v) = numbers::parse(&joined, lang) else {
                    break;
                };
                value = v;
                end = group.end();
                next += 1;
            }
        }
        let mut fig = Draft {
            start,
            end,
            kind: FigureKind::Number,
            value,
            num: None,
            den: None,
            unit: None,
            qualifier: None,
            written_value: None,
            scale: None,
        };
        // `1.3e6`, `1.3x10^6`, `1.1^23`, `1 point 1`, `2 chấm 23`.
        if let Some((len, v)) = exponent(view.get(fig.end..).unwrap_or_default(), fig.value) {
            fig.value = v;
            fig.end += len;
        } else if let Some((len, v)) = spoken_decimal(doc, &tokens, next, fig.end, fig.value) {
            fig.value = v;
            fig.end += len;
        }
        // Whether the words next to the number may be any a table holds: one look-up each spares
        // the tables' own for most numbers.
        let tok_end = fig.end;
        let mut follows = words.may_follow(view, fig.end);
        let precedes = words.may_precede(view, fig.start);
        let rest = view.get(fig.end..).unwrap_or_default();

        // Ratio: a/b with a second integer token (`25/25`, `۱۷/۱۷`).
        if rest.starts_with('/') {
            let Some(den) = tokens.get(next).filter(|d| d.start() == fig.end + 1) else {
                continue;
            };
            let glued_after = view
                .get(den.end()..)
                .and_then(|s| s.chars().next())
                .is_some_and(|c| c.is_alphanumeric() || c == '/');
            if glued_after || taken.overlaps(den.start(), den.end()) {
                continue;
            }
            let (Some(n), Some(d)) = (
                numbers::parse(tok.as_str(), lang),
                numbers::parse(den.as_str(), lang),
            ) else {
                continue;
            };
            fig.kind = FigureKind::Ratio;
            fig.num = Some(n);
            fig.den = Some(d);
            fig.value = if d == 0.0 {
                0.0
            } else {
                (n / d * 1e8).round() / 1e8
            };
            fig.end = den.end();
            next += 1;
        } else if let Some(len) = percent_sign(rest, words.percent_words_if(follows)) {
            fig.kind = FigureKind::Percent;
            fig.end += len;
        } else {
            if let Some((len, mult, name)) = scale_suffix(rest, tok.as_str()) {
                fig.scale_by(mult, name);
                fig.end += len;
            } else if network_generation(rest, tok.as_str()) {
                // `5G`, `4G`: a network generation, not five billion.
                continue;
            } else if glued_to_letter_after(rest)
                && currency_after(doc, fig.end, &words.currencies_after, true).is_none()
            {
                continue;
            }
            // A footnote mark glued to the amount (`12.345,6² tỷ đồng`) stays inside the span.
            fig.end += superscripts(view.get(fig.end..).unwrap_or_default());
            let rest = view.get(fig.end..).unwrap_or_default();
            if fig.end != tok_end {
                follows = words.may_follow(view, fig.end);
            }
            if fig.scale.is_none() && follows {
                if let Some((len, (mult, name))) = word_after(rest, &words.scales) {
                    // `tỷ lệ` is "rate", not "billion".
                    let after = Lowered::of(head(rest.get(len..).unwrap_or_default(), LOOK));
                    if !(name == "billion" && after.as_str().trim_start().starts_with("le")) {
                        fig.scale_by(mult, name);
                        fig.end += len;
                        compound(doc, &tokens, &mut next, &mut fig);
                    }
                } else if let Some((len, mult, name)) = spaced_scale_letter(rest, tok.as_str()) {
                    fig.scale_by(mult, name);
                    fig.end += len;
                }
            }
            let rest = view.get(fig.end..).unwrap_or_default();
            let word_after_counts = if fig.end == tok_end {
                follows
            } else {
                words.may_follow(view, fig.end)
            };
            if let Some(len) = percent_sign(rest, words.percent_words_if(word_after_counts)) {
                fig.kind = FigureKind::Percent;
                fig.end += len;
            } else if let Some((len, code)) = word_after_counts
                .then(|| {
                    currency_after(
                        doc,
                        fig.end,
                        &words.currencies_after,
                        glued_to_letter_after(rest),
                    )
                })
                .flatten()
                .or_else(|| {
                    fig.scale.as_ref().and_then(|_| {
                        currency_after(doc, fig.end, &words.damaged_currencies, false)
                    })
                })
            {
                fig.kind = FigureKind::Money;
                fig.unit = Some(code.to_owned());
                fig.end += len;
                minor_amount(doc, &tokens, &mut next, &mut fig);
            } else if let Some((len, code)) =
                precedes.then(|| currency_before(view, fig.start)).flatten()
            {
                fig.kind = FigureKind::Money;
                fig.unit = Some(code.to_owned());
                fig.start -= len;
            }
            if fig.unit.as_deref() == Some("VND") && lang != Lang::Vi {
                fig.read_as_dong(tok.as_str());
            }
        }
        if fig.kind == FigureKind::Number
            && fig.scale.is_none()
            && tok.as_str().len() <= 8
            && (if fig.start == start {
                precedes
            } else {
                words.may_precede(view, fig.start)
            })
            && names_a_structure(doc, fig.start)
        {
            continue;
        }
        let mut precedes = if fig.start == start {
            precedes
        } else {
            words.may_precede(view, fig.start)
        };
        if let Some(len) = sign_before(doc, fig.start, fig.end, precedes) {
            fig.value = -fig.value;
            fig.written_value = fig.written_value.map(|v| -v);
            fig.num = fig.num.map(|v| -v);
            fig.start -= len;
            precedes = words.may_precede(view, fig.start);
        }
        if let Some((len, q)) = precedes
            .then(|| qualifier_before(view, fig.start))
            .flatten()
        {
            fig.qualifier = Some(q);
            fig.start -= len;
        }
        if taken.overlaps(fig.start, fig.end) {
            continue;
        }
        consumed_until = fig.end;
        let span = doc.view.source_span(fig.start, fig.end);
        let Some(text) = span.slice(doc.source) else {
            continue;
        };
        taken.add_in_order(fig.start, fig.end);
        out.push(FigureFact {
            text: text.to_owned(),
            start: span.start,
            end: span.end,
            page: None,
            kind: fig.kind,
            value: round(fig.value),
            num: fig.num,
            den: fig.den,
            unit: fig.unit,
            qualifier: fig.qualifier,
            written_value: fig.written_value,
            scale: fig.scale,
        });
    }
    out
}

/// Claims the web and e-mail addresses of `view` ([`URL`]'s matches, where they overlap nothing
/// claimed before), searching only the stretches between blanks that hold `@`, `://` or `www.`.
///
/// A match holds no blank (`\s`) and holds one of those (`@` for an e-mail address, `://` or
/// `www.` for a web one; `w` has no case variant but `W`), so it lies inside one such stretch, and
/// the whole-view search enters each stretch from at or before its start. A stretch is searched
/// from its start with the text before it as look-behind and cut at its end, where a blank stood
/// (no word byte, for the ASCII word boundaries).
fn claim_addresses(view: &str, taken: &mut Taken) {
    let bytes = view.as_bytes();
    let email = memchr::memchr(b'@', bytes).is_some();
    let urls = if email { &*URL } else { &*WEB_ONLY };
    let mut anchors: Vec<usize> = memchr::memmem::find_iter(bytes, b"://").collect();
    if email {
        anchors.extend(memchr::memchr_iter(b'@', bytes));
    }
    anchors.extend(memchr::memchr_iter(b'.', bytes).filter(|&dot| {
        dot.checked_sub(3)
            .and_then(|from| bytes.get(from..dot))
            .is_some_and(|w| w.eq_ignore_ascii_case(b"www"))
    }));
    if anchors.is_empty() {
        return;
    }
    anchors.sort_unstable();
    let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C);
    let mut searched_to = 0;
    for anchor in anchors {
        if anchor < searched_to {
            continue;
        }
        let (Some(before), Some(after)) = (bytes.get(..anchor), bytes.get(anchor..)) else {
            continue;
        };
        let start = before.iter().rposition(blank).map_or(0, |i| i + 1);
        let end = after
            .iter()
            .position(blank)
            .map_or(bytes.len(), |i| anchor + i);
        searched_to = end;
        let Some(hay) = view.get(..end) else {
            continue;
        };
        let mut at = start;
        while let Some(m) = urls.find_at(hay, at) {
            if !taken.overlaps(m.start(), m.end()) {
                taken.add(m.start(), m.end());
            }
            if m.end() <= at {
                // Never: an address is not empty.
                break;
            }
            at = m.end();
        }
    }
}

/// A match of [`NUMBER`].
#[derive(Clone, Copy)]
struct Token<'h> {
    start: usize,
    end: usize,
    text: &'h str,
}

impl<'h> Token<'h> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
    fn as_str(&self) -> &'h str {
        self.text
    }
}

/// [`NUMBER`]'s matches in `view`, as `find_iter` gives them. Where `\d` is ASCII (the view's
/// digits are), a match is read by hand from each next digit ([`token_end`]): the next digits come
/// from the view's digit runs (found once per document) where they are kept, else from a scan
/// (the regex has no literal to skip ahead with, and would search the whole view). Without the
/// Arabic separators (`٫`, `٬`, `،`), a token is the digit runs joined where only dots and
/// commas stand between two of them.
fn number_tokens<'h>(view: &'h str, digits: &crate::windows::Digits) -> Vec<Token<'h>> {
    if !digits.ascii_digits_only() {
        return NUMBER
            .find_iter(view)
            .map(|m| Token {
                start: m.start(),
                end: m.end(),
                text: m.as_str(),
            })
            .collect();
    }
    let bytes = view.as_bytes();
    let token = |start: usize, end: usize| Token {
        start,
        end,
        text: view.get(start..end).unwrap_or_default(),
    };
    // The three separators are two bytes starting with 0xD8 or 0xD9: a text with neither byte
    // (any text without Arabic script) holds none of them.
    let arabic = memchr::memchr2(0xD8, 0xD9, bytes).is_some()
        && ["\u{066B}", "\u{066C}", "\u{060C}"]
            .iter()
            .any(|sep| memchr::memmem::find(bytes, sep.as_bytes()).is_some());
    match digits.runs() {
        Some(runs) if !arabic => {
            let mut out = Vec::with_capacity(runs.len());
            let mut runs = runs.iter().peekable();
            while let Some(first) = runs.next() {
                let mut end = first.end;
                while let Some(next) = runs.next_if(|next| {
                    next.start > end
                        && bytes
                            .get(end..next.start)
                            .is_some_and(|gap| gap.iter().all(|&b| b == b'.' || b == b','))
                }) {
                    end = next.end;
                }
                out.push(token(first.start, end));
            }
            out
        }
        Some(runs) => {
            let mut out = Vec::with_capacity(runs.len());
            let mut end = 0;
            for run in runs {
                if run.start >= end {
                    end = token_end(bytes, run.start);
                    out.push(token(run.start, end));
                }
            }
            out
        }
        None => {
            let mut out = Vec::new();
            let mut i = 0;
            while let Some(step) = bytes
                .get(i..)
                .and_then(|r| r.iter().position(u8::is_ascii_digit))
            {
                let start = i + step;
                let end = token_end(bytes, start);
                out.push(token(start, end));
                i = end;
            }
            out
        }
    }
}

/// The end of [`NUMBER`]'s match that starts at the ASCII digit at `start`, on a view whose
/// digits are ASCII: greedy, as the regex reads it, `[\d.,٫٬]*` back to its last digit, then each
/// `،` that three digits and a word boundary follow, with the decimal part after them (`[.٫]\d+`).
fn token_end(bytes: &[u8], start: usize) -> usize {
    const POINT: [u8; 2] = [0xD9, 0xAB];
    const GROUPS: [u8; 2] = [0xD9, 0xAC];
    const COMMA: [u8; 2] = [0xD8, 0x8C];
    let at = |i: usize| bytes.get(i).copied();
    let digit = |i: usize| at(i).is_some_and(|b| b.is_ascii_digit());
    let pair = |i: usize, p: [u8; 2]| bytes.get(i..i + 2) == Some(&p[..]);
    let mut end = start + 1;
    let mut p = start;
    loop {
        match at(p) {
            Some(b) if b.is_ascii_digit() => {
                p += 1;
                end = p;
            }
            Some(b'.' | b',') => p += 1,
            Some(0xD9) if pair(p, POINT) || pair(p, GROUPS) => p += 2,
            _ => break,
        }
    }
    while pair(end, COMMA)
        && (end + 2..end + 5).all(digit)
        && at(end + 5).is_none_or(|b| !crate::windows::is_word_byte(b))
    {
        end += 5;
        let point = match at(end) {
            Some(b'.') => 1,
            _ if pair(end, POINT) => 2,
            _ => 0,
        };
        if point > 0 && digit(end + point) {
            end += point;
            while digit(end) {
                end += 1;
            }
        }
    }
    end
}

struct Draft {
    start: usize,
    end: usize,
    kind: FigureKind,
    value: f64,
    num: Option<f64>,
    den: Option<f64>,
    unit: Option<String>,
    qualifier: Option<Qualifier>,
    written_value: Option<f64>,
    scale: Option<String>,
}

impl Draft {
    /// An amount in dong written the Vietnamese way in another language's text (`VND 45.000.000`,
    /// `VND 2.500 billion`): dots group thousands there.
    fn read_as_dong(&mut self, token: &str) {
        if !token.contains('.') || token.contains(',') || self.num.is_some() {
            return;
        }
        let Some(dong) = numbers::parse(token, Lang::Vi) else {
            return;
        };
        match (self.written_value, self.scale.is_some()) {
            (Some(written), true) if written != 0.0 => {
                let mult = self.value / written;
                self.written_value = Some(dong);
                self.value = scaled(dong, (mult * 1e6).round() / 1e6);
            }
            _ => self.value = dong,
        }
    }

    /// Multiplies the value by a scale word or letter, keeping the written value.
    fn scale_by(&mut self, mult: f64, name: &str) {
        self.written_value = Some(self.value);
        self.scale = Some(name.to_owned());
        self.value = scaled(self.value, mult);
    }
}

/// `value × mult`, exact in decimal where `mult` is a power of ten (`123.457 tỷ` is
/// 123457000000000, not …000.06): the written value's shortest decimal form is shifted.
fn scaled(value: f64, mult: f64) -> f64 {
    let exp = mult.log10().round();
    if (10f64.powf(exp) - mult).abs() < 0.5 {
        format!("{value}e{exp}").parse().unwrap_or(value * mult)
    } else {
        value * mult
    }
}

/// Rounds away binary noise from arithmetic on small values (`2.5^-1`); large values are
/// exact integers already and are left as they are.
fn round(v: f64) -> f64 {
    if v.abs() >= 1e9 {
        v
    } else if v.abs() >= 1.0 {
        (v * 1e6).round() / 1e6
    } else {
        (v * 1e10).round() / 1e10
    }
}

/// Whether `lang` groups thousands by spaces.
fn space_grouping(lang: Lang) -> bool {
    packs::of(lang).is_some_and(|p| p.space_grouping)
}

/// A group of a space-grouped number after `first`: three digits (the last may carry a decimal
/// part), after a first group of one to three digits.
fn is_space_group(group: &str, first: &str) -> bool {
    let (int, frac) = group.split_once('.').unwrap_or((group, ""));
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && !first.starts_with('0')
        && int.len() == 3
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// The digits (and separators) of `view[start..end]` without the spaces between groups.
fn digits_of(view: &str, start: usize, end: usize) -> String {
    view.get(start..end)
        .unwrap_or_default()
        .chars()
        .filter(|c| *c != ' ')
        .collect()
}

/// A decimal written without its integer part (`.77`, `,77` in Vietnamese): the start of the
/// figure (at the point) and its value; otherwise the token's start and `None`.
fn leading_point(view: &str, tok: Token<'_>, lang: Lang) -> (usize, Option<f64>) {
    let point = if lang == Lang::Vi { ',' } else { '.' };
    let before = view.get(..tok.start()).unwrap_or_default();
    let Some(rest) = before.strip_suffix(point) else {
        return (tok.start(), None);
    };
    let opens = rest
        .chars()
        .next_back()
        .is_none_or(|c| c == ' ' || c == '-' || c == '(');
    if !opens || !tok.as_str().bytes().all(|b| b.is_ascii_digit()) {
        return (tok.start(), None);
    }
    let value = format!("0.{}", tok.as_str()).parse().ok();
    (tok.start() - 1, value)
}

/// A power of ten or an exponent after a number: `e6`, `E-4`, `x10^6`, `×10^-4`, `^23`; the
/// bytes it takes and the new value.
fn exponent(rest: &str, value: f64) -> Option<(usize, f64)> {
    if !rest.starts_with(['e', 'E', 'x', '×', '*', '^']) {
        return None;
    }
    let signed = |s: &str| -> Option<(usize, i32)> {
        let digits = s.trim_start_matches(['+', '-']);
        let signs = s.len() - digits.len();
        let n = digits.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 3 || signs > 1 {
            return None;
        }
        let after = digits.get(n..).unwrap_or_default();
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '.' && after.len() > 1) {
            return None;
        }
        let exp: i32 = digits.get(..n)?.parse().ok()?;
        Some((signs + n, if s.starts_with('-') { -exp } else { exp }))
    };
    if let Some(e) = rest.strip_prefix(['e', 'E']) {
        let (len, exp) = signed(e)?;
        return Some((1 + len, format!("{value}e{exp}").parse().ok()?));
    }
    for times in ["x10^", "×10^", "*10^", "x 10^", "× 10^"] {
        if let Some(e) = rest.strip_prefix(times) {
            let (len, exp) = signed(e)?;
            return Some((times.len() + len, format!("{value}e{exp}").parse().ok()?));
        }
    }
    let (len, exp) = signed(rest.strip_prefix('^')?)?;
    Some((1 + len, value.powi(exp)))
}

/// `1 point 1`, `2 chấm 23`: a spoken decimal point between this number and the next token.
fn spoken_decimal(
    doc: &Analyzed<'_>,
    tokens: &[Token<'_>],
    next: usize,
    end: usize,
    value: f64,
) -> Option<(usize, f64)> {
    let view = doc.view.text();
    let frac = tokens.get(next)?;
    if frac.start() > end + 12 {
        return None;
    }
    let between = view.get(end..frac.start())?;
    let word = between.strip_prefix(' ')?.strip_suffix(' ')?;
    let w = WORDS
        .decimal_words
        .iter()
        .find(|w| word.len() == w.folded.len() && word.eq_ignore_ascii_case(w.folded))?;
    if !w.printed_as(printed(doc, end + 1, frac.start() - 1))
        || value.fract() != 0.0
        || !frac.as_str().bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let v = format!("{value}.{}", frac.as_str()).parse().ok()?;
    Some((frac.end() - end, v))
}

/// The source text of the view range `start..end`.
fn printed<'a>(doc: &Analyzed<'a>, start: usize, end: usize) -> &'a str {
    doc.view
        .source_span(start, end)
        .slice(doc.source)
        .unwrap_or_default()
}

/// Length of a percent sign or word right after a number (a space or line break may come between).
fn percent_sign(rest: &str, words: &[&str]) -> Option<usize> {
    let trimmed = rest.trim_start_matches(' ');
    let gap = rest.len() - trimmed.len();
    if gap > 1 {
        return None;
    }
    for sign in ["%", "\u{066A}", "\u{FF05}"] {
        if trimmed.starts_with(sign) {
            return Some(gap + sign.len());
        }
    }
    if gap == 1 && !words.is_empty() {
        let lower = Lowered::of(head(trimmed, LOOK));
        let lower = lower.as_str();
        for word in words {
            if lower.starts_with(word)
                && !lower[word.len()..].starts_with(|c: char| c.is_alphanumeric())
            {
                return Some(gap + word.len());
            }
        }
    }
    None
}

/// A scale letter glued to the number (`10k`, `3M`, `1.2bn`): (bytes, multiplier, name). A lone
/// `b` needs a decimal number (`1.2b`; `3b` is a point of a clause).
fn scale_suffix(rest: &str, token: &str) -> Option<(usize, f64, &'static str)> {
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let letters = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    let word = rest.get(..letters)?;
    let &(w, mult, name) = WORDS.scale_suffixes.iter().find(|(w, _, _)| *w == word)?;
    if w == "b" && !token.contains(['.', ',']) {
        return None;
    }
    if w == "G" && network_generation(rest, token) {
        return None;
    }
    Some((w.len(), mult, name))
}

/// `2G` … `6G`: a mobile network generation.
fn network_generation(rest: &str, token: &str) -> bool {
    rest.strip_prefix('G')
        .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric()))
        && token.parse::<u8>().is_ok_and(|n| (2..=6).contains(&n))
}

/// A scale letter after one space (`2.33 k`, `1,674.5 G`), for a number written with a separator
/// only, and standing alone.
fn spaced_scale_letter(rest: &str, token: &str) -> Option<(usize, f64, &'static str)> {
    let letter = rest.strip_prefix(' ')?;
    let mut chars = letter.chars();
    let c = chars.next()?;
    let after = chars.next();
    if !token.contains(['.', ',']) || after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let &(w, mult, name) = WORDS
        .scale_suffixes
        .iter()
        .find(|(w, _, _)| w.len() == 1 && w.starts_with(c) && matches!(c, 'k' | 'K' | 'M' | 'G'))?;
    Some((1 + w.len(), mult, name))
}

/// Superscript digits right after a number (a footnote mark): their length in bytes.
fn superscripts(rest: &str) -> usize {
    rest.chars()
        .take_while(|c| {
            matches!(
                c,
                '\u{00B2}' | '\u{00B3}' | '\u{00B9}' | '\u{2070}'..='\u{2079}'
            )
        })
        .map(char::len_utf8)
        .sum()
}

/// The next parts of a compound number (`4 thousand 3 hundred and 21`, `2 tỷ 500 triệu`,
/// `۳ هزار و ۲۰۰`): each a number with a smaller scale, or after a joiner a plain number below a
/// scale of at most a thousand.
fn compound(doc: &Analyzed<'_>, tokens: &[Token<'_>], next: &mut usize, fig: &mut Draft) {
    let view = doc.view.text();
    // Only a whole count of its scale starts a compound (`۲٫۵ میلیارد و ۴۰ هزار` is two figures).
    let Some(mut last) = fig
        .scale
        .as_ref()
        .and_then(|_| fig.written_value.filter(|w| w.fract() == 0.0 && *w != 0.0))
        .map(|w| fig.value / w)
    else {
        return;
    };
    while let Some(tok) = tokens.get(*next) {
        let Some(between) = view.get(fig.end..tok.start()) else {
            return;
        };
        let joined = match between.strip_prefix(' ').and_then(|b| b.strip_suffix(' ')) {
            Some(word) if WORDS.joiners.iter().any(|j| word.eq_ignore_ascii_case(j)) => true,
            _ if between == " " => false,
            _ => return,
        };
        let Some(v) = numbers::parse(tok.as_str(), doc.lang) else {
            return;
        };
        let rest = view.get(tok.end()..).unwrap_or_default();
        let scale = word_after(rest, &WORDS.scales).map(|(len, (m, _))| (len, m));
        match scale {
            Some((len, mult)) if mult < last && v * mult < last => {
                fig.value += scaled(v, mult);
                fig.end = tok.end() + len;
                last = mult;
            }
            None if joined && last <= 1e3 && v < last && v.fract() == 0.0 => {
                fig.value += v;
                fig.end = tok.end();
                *next += 1;
                return;
            }
            _ => return,
        }
        *next += 1;
    }
}

/// The hundredths after an amount of money (`2 đô la và 23 xen`, `2 đô 23 xu`, `20 Rupees 43`).
fn minor_amount(doc: &Analyzed<'_>, tokens: &[Token<'_>], next: &mut usize, fig: &mut Draft) {
    let view = doc.view.text();
    let Some(tok) = tokens.get(*next) else {
        return;
    };
    let Some(between) = view.get(fig.end..tok.start()) else {
        return;
    };
    let joined = match between.strip_prefix(' ').and_then(|b| b.strip_suffix(' ')) {
        Some(word) => WORDS.joiners.iter().any(|j| word.eq_ignore_ascii_case(j)),
        None => between == " ",
    };
    if !joined || tok.as_str().len() != 2 || !tok.as_str().bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let rest = view.get(tok.end()..).unwrap_or_default();
    let unit = word_after(rest, &WORDS.minor_units);
    let stands_alone = rest.is_empty() || rest.starts_with(['.', ',', ';', ')']);
    if unit.is_none() && !stands_alone || fig.value.fract() != 0.0 {
        return;
    }
    let Ok(cents) = tok.as_str().parse::<f64>() else {
        return;
    };
    fig.value += cents / 100.0;
    fig.end = tok.end() + unit.map_or(0, |(len, ())| len);
    *next += 1;
}

/// A word from `words` right after one space, ending at a word boundary: (bytes consumed, payload).
fn word_after<T: Copy>(rest: &str, words: &WordTable<T>) -> Option<(usize, T)> {
    let trimmed = head(rest.strip_prefix(' ')?, LOOK);
    let candidates = words.starting(trimmed);
    if candidates.is_empty() {
        return None;
    }
    let lower = Lowered::of(trimmed);
    let lower = lower.as_str();
    for &(word, payload) in candidates {
        if lower.starts_with(word) && lower.len() >= word.len() {
            let after = lower.get(word.len()..).unwrap_or_default();
            if !after.starts_with(|c: char| c.is_alphanumeric())
                && trimmed.is_char_boundary(word.len())
            {
                return Some((1 + word.len(), payload));
            }
        }
    }
    None
}

/// A currency word after the number at view byte `at` (after one space, or glued when `glued`
/// or when it is a sign such as `$`), printed as the pack says: (bytes consumed, code).
fn currency_after(
    doc: &Analyzed<'_>,
    at: usize,
    words: &WordTable<(Word, &'static str)>,
    glued: bool,
) -> Option<(usize, &'static str)> {
    let view = doc.view.text();
    let rest = view.get(at..)?;
    let (gap, text) = match rest.strip_prefix(' ') {
        Some(t) if !glued => (1, t),
        _ => (0, rest),
    };
    let text = head(text, LOOK);
    let candidates = words.starting(text);
    if candidates.is_empty() {
        return None;
    }
    let lower = Lowered::of(text);
    let lower = lower.as_str();
    for &(_, (word, code)) in candidates {
        if !lower.starts_with(word.folded) || !text.is_char_boundary(word.folded.len()) {
            continue;
        }
        let sign = !word.folded.starts_with(char::is_alphanumeric);
        if gap == 0 && !glued && !sign {
            continue;
        }
        let after = lower.get(word.folded.len()..).unwrap_or_default();
        if after.starts_with(|c: char| c.is_alphanumeric())
            && !word.folded.ends_with(|c: char| !c.is_alphanumeric())
        {
            continue;
        }
        let end = at + gap + word.folded.len();
        if word.printed_as(printed(doc, at + gap, end)) {
            return Some((gap + word.folded.len(), code));
        }
    }
    None
}

/// A currency sign or code right before the number at `start` (one space may come between):
/// (bytes it takes, currency code).
fn currency_before(view: &str, start: usize) -> Option<(usize, &'static str)> {
    let before = tail(view.get(..start)?, LOOK);
    // Glued to the number, or one space before it (a byte test, not a string comparison).
    let spaced = before.strip_suffix(' ');
    for (text, gap) in [(Some(before), 0), (spaced, 1)] {
        let Some(text) = text else {
            continue;
        };
        if !WORDS.currencies_before_last.may_end(text) {
            continue;
        }
        for &(word, code) in WORDS.currencies_before_table.ending(text) {
            // `text` ends with `word`, ASCII case aside (the words are lowercase; the signs have
            // no case).
            let Some(at) = text.len().checked_sub(word.len()) else {
                continue;
            };
            if !text.get(at..).is_some_and(|c| c.eq_ignore_ascii_case(word)) {
                continue;
            }
            let prev = text.get(..at).and_then(|s| s.chars().next_back());
            if !word.starts_with(char::is_alphanumeric) || !prev.is_some_and(char::is_alphanumeric)
            {
                return Some((word.len() + gap, code));
            }
        }
    }
    None
}

fn qualifier_before(view: &str, start: usize) -> Option<(usize, Qualifier)> {
    let before = tail(view.get(..start)?, LOOK);
    let before = before.strip_suffix(' ')?;
    let lower = Lowered::of(before);
    let lower = lower.as_str();
    if lower.len() != before.len() {
        // Case folding changed byte lengths (rare scripts): compare char by char is not worth it.
        return None;
    }
    for &(word, q) in &WORDS.qualifiers {
        if crate::text::ends_with_word(lower, word) {
            let prev = lower
                .get(..lower.len() - word.len())
                .and_then(|s| s.chars().next_back());
            if !prev.is_some_and(char::is_alphanumeric) {
                return Some((word.len() + 1, q));
            }
        }
    }
    None
}

/// A sign right before the figure at `start`: `-` or `−` glued to it at the start of a word
/// (`-2,5%`; not the dash of a range or a code), or a sign word and a space (`minus 5`, `âm
/// 1.200`): the bytes it takes. `word_may`: whether the word before `start` may be any word a
/// table holds ([`Words::may_precede`]).
fn sign_before(doc: &Analyzed<'_>, start: usize, end: usize, word_may: bool) -> Option<usize> {
    let view = doc.view.text();
    let before = tail(view.get(..start)?, LOOK);
    // `- 1.200.000` alone on its line: a minus sign (a bullet introduces words).
    if let Some(rest) = before.strip_suffix("- ") {
        let (line_before, line_after) = line_around(doc, start - 2, end);
        let alone = line_before.trim().is_empty() && line_after.trim().is_empty();
        if alone && rest.chars().next_back().is_none_or(|c| c == ' ') {
            return Some(2);
        }
    }
    for dash in ["-", "\u{2212}"] {
        if let Some(rest) = before.strip_suffix(dash) {
            let opens = rest
                .chars()
                .next_back()
                .is_none_or(|c| c == ' ' || c == '(' || c == '[');
            // A dash that opens a line is a bullet (`-25 xã đạt chuẩn`), unless the number is
            // all the line holds (`-504`).
            let bullet = opens && {
                let (line_before, line_after) = line_around(doc, start - dash.len(), end);
                line_before.trim().is_empty() && !line_after.trim().is_empty()
            };
            return (opens && !bullet).then_some(dash.len());
        }
    }
    if !word_may {
        return None;
    }
    let word = last_word(before.strip_suffix(' ')?);
    let w = WORDS
        .sign_words
        .iter()
        .find(|w| word.len() == w.folded.len() && word.eq_ignore_ascii_case(w.folded))?;
    w.printed_as(printed(doc, start - 1 - word.len(), start - 1))
        .then_some(word.len() + 1)
}

/// The source text of the line before view byte `start` and after view byte `end` (at most
/// [`LOOK`] bytes each way).
fn line_around<'a>(doc: &Analyzed<'a>, start: usize, end: usize) -> (&'a str, &'a str) {
    let src_start = doc.view.source_offset(start);
    let src_end = doc.view.source_span(end, end).end;
    let before = tail(doc.source.get(..src_start).unwrap_or_default(), LOOK);
    let after = head(doc.source.get(src_end..).unwrap_or_default(), LOOK);
    crate::work::read(before.len() + after.len());
    (after_last(before, b'\n'), before_first(after, b'\n'))
}

/// The last word of `text` (after its last space).
fn last_word(text: &str) -> &str {
    after_last(text, b' ')
}

/// The part of `text` after its last `byte` (an ASCII byte), or all of it: `text.rsplit(byte)`'s
/// first item, found with one backward search.
fn after_last(text: &str, byte: u8) -> &str {
    let at = memchr::memrchr(byte, text.as_bytes()).map_or(0, |i| i + 1);
    text.get(at..).unwrap_or_default()
}

/// The part of `text` before its first `byte` (an ASCII byte), or all of it: `text.split(byte)`'s
/// first item.
fn before_first(text: &str, byte: u8) -> &str {
    let at = memchr::memchr(byte, text.as_bytes()).unwrap_or(text.len());
    text.get(..at).unwrap_or_default()
}

/// Whether the word (or two words) before the number at `start` names a structure, a place or a
/// time rather than a quantity (`Điều 5`, `khoản 3`, `Article 12`, `ماده ۵`, `Quận 3`, `Thứ 3`).
fn names_a_structure(doc: &Analyzed<'_>, start: usize) -> bool {
    let view = doc.view.text();
    let Some(before) = view.get(..start).and_then(|b| b.strip_suffix(' ')) else {
        return false;
    };
    WORDS.structure_words.ending(before).iter().any(|&(_, w)| {
        // The last bytes of the text, compared ASCII case aside (the words are lowercase; the
        // other scripts in the packs have no case).
        let Some(at) = before.len().checked_sub(w.folded.len()) else {
            return false;
        };
        before
            .get(at..)
            .is_some_and(|cand| cand.eq_ignore_ascii_case(w.folded))
            && before
                .get(..at)
                .and_then(|s| s.chars().next_back())
                .is_none_or(|c| !c.is_alphanumeric())
            && w.printed_as(printed(doc, start - 1 - w.folded.len(), start - 1))
    })
}

/// A clock time (`08:30`, `۹:۱۵`) or a bracketed reference mark (`[2]`).
fn is_clock_or_marker(view: &str, start: usize, end: usize) -> bool {
    let bytes = view.as_bytes();
    let (before, after) = (
        start.checked_sub(1).and_then(|i| bytes.get(i)),
        bytes.get(end),
    );
    let len = end - start;
    if before == Some(&b'[') && after == Some(&b']') && len <= 3 {
        return true;
    }
    let minutes = |at: usize| {
        bytes
            .get(at..at + 2)
            .is_some_and(|m| m.iter().all(u8::is_ascii_digit))
            && bytes.get(at + 2).is_none_or(|b| !b.is_ascii_digit())
    };
    if len <= 2 && after == Some(&b':') && minutes(end + 1) {
        return true;
    }
    before == Some(&b':')
        && len == 2
        && start >= 2
        && bytes.get(start - 2).is_some_and(u8::is_ascii_digit)
}

/// Glued to letters (`5G`, `IPv6`, `s6`, `x4`, `QH15`), after an all-capital name (`HATRI 10`), or
/// part of a dotted/slashed code (`1.2.3`, `3G/4G`). A currency code glued before the number
/// (`EUR29,99`, `Rs20`) is not a name.
fn is_name_or_code(view: &str, start: usize, end: usize) -> bool {
    let before = tail(view.get(..start).unwrap_or_default(), LOOK);
    let prev = before.chars().next_back();
    if prev.is_some_and(|c| c.is_alphabetic() || c == '_' || c == '\\') {
        return currency_before(view, start).is_none_or(|(len, _)| {
            before
                .get(..before.len().saturating_sub(len))
                .and_then(|s| s.chars().next_back())
                .is_some_and(char::is_alphanumeric)
        });
    }
    if prev == Some('-') && crate::repair::is_range_end(view, start, end) {
        return false;
    }
    if prev.is_some_and(|c| c == '.' || c == ',' || c == '/' || c == '-' || c == '#') {
        let prev2 = before
            .get(..before.len() - 1)
            .and_then(|s| s.chars().next_back());
        // `15-20` is a range of two figures; `COVID-19`, `1.2.3` and `3G/4G` are codes.
        let range = prev == Some('-') && prev2.is_some_and(|c| c.is_ascii_digit());
        if prev2.is_some_and(|c| c.is_alphanumeric()) && !range {
            return true;
        }
    }
    // After an all-capital word: a product or index name (`HATRI 10`), unless it is a currency.
    if let Some(word) = before.strip_suffix(' ').map(last_word)
        && all_capitals(word)
        && !WORDS
            .currencies_before
            .iter()
            .any(|(w, _)| word.eq_ignore_ascii_case(w))
        && !WORDS
            .sign_words
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w.folded))
    {
        return true;
    }
    let after = view.get(end..).unwrap_or_default();
    // `1.2.3`-like tails or a trailing dot-number: section numbers and versions.
    after.starts_with('_')
}

/// A word of letters, digits and dashes whose letters, two at least, are all capitals (`HATRI`,
/// `COVID-19`): one pass that stops at the first character that says no.
fn all_capitals(word: &str) -> bool {
    let mut letters = 0usize;
    for c in word.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        } else if !(c.is_alphanumeric() || c == '-') {
            return false;
        }
    }
    letters >= 2
}

fn glued_to_letter_after(rest: &str) -> bool {
    rest.starts_with(|c: char| c.is_alphabetic())
}

/// `4.0` after `Industry` or `công nghiệp`.
fn is_version(view: &str, start: usize, token: &str) -> bool {
    if !token.ends_with(".0") {
        return false;
    }
    let before = tail(view.get(..start).unwrap_or_default(), LOOK)
        .trim_end()
        .to_lowercase();
    WORDS.version_words.iter().any(|w| before.ends_with(w))
}

/// Characters that may open a list item before its number (`(1)`, `“3.`, `**2.`, `- 1.`).
fn opens_list_item(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '"' | '\'' | '“' | '‘' | '*' | '#' | '-' | '+' | '•' | '>' | '_'
    )
}

/// A number that opens a line (after nothing but spaces and opening marks such as `(`, `“`, `**`)
/// and is followed by `.` or `)`: list or section numbering. Also `(1)` after a colon or
/// semicolon mid-line (`gồm: (1) …; (2) …`).
fn is_list_number(doc: &Analyzed<'_>, start: usize, end: usize) -> bool {
    let view = doc.view.text();
    let after = view.get(end..).unwrap_or_default();
    let before_view = view.get(..start).unwrap_or_default();
    if after.starts_with(')') && before_view.ends_with('(') && end - start <= 2 {
        let prev = before_view
            .strip_suffix('(')
            .unwrap_or_default()
            .trim_end_matches(' ')
            .chars()
            .next_back();
        if prev.is_none_or(|c| matches!(c, ':' | ';' | '.' | ',')) {
            return true;
        }
    }
    if !(after.starts_with(". ")
        || after.starts_with(") ")
        || after.starts_with(".*")
        || after.starts_with('.') && after.len() == 1 && end - start <= 2)
    {
        return false;
    }
    let src_start = doc.view.source_offset(start);
    let line_before = tail(doc.source.get(..src_start).unwrap_or_default(), LOOK);
    crate::work::read(line_before.len());
    let line_before = after_last(line_before, b'\n');
    line_before
        .chars()
        .all(|c| c.is_whitespace() || opens_list_item(c))
}

#[cfg(test)]
mod token_tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// The hand scan finds [`NUMBER`]'s matches.
        #[test]
        fn number_tokens_equal_the_regex(
            parts in prop::collection::vec(prop::sample::select(vec![
                "1", "23", "4567", ".", ",", ",", " ", "a", "_", "x1", "ă", "%", "/", "-",
            ]), 0..40),
            exotic in prop::option::of((0..40usize, prop::sample::select(vec![
                "\u{066B}", "\u{066C}", "\u{060C}", "\u{060C}123", "\u{06F5}", "\u{0966}", "\u{a0}",
            ]))),
        ) {
            let mut parts = parts;
            if let Some((at, part)) = exotic {
                parts.insert(at.min(parts.len()), part);
            }
            let view: String = parts.concat();
            let regex: Vec<(usize, usize)> = NUMBER.find_iter(&view).map(|m| (m.start(), m.end())).collect();
            let hand: Vec<(usize, usize)> = number_tokens(&view, &crate::windows::Digits::of(&view)).iter().map(|t| (t.start, t.end)).collect();
            prop_assert_eq!(regex, hand, "on {:?}", view);
            for t in number_tokens(&view, &crate::windows::Digits::of(&view)) {
                prop_assert_eq!(view.get(t.start..t.end), Some(t.text));
            }
        }

        /// The addresses claimed stretch by stretch are the whole-view search's.
        #[test]
        fn addresses_equal_the_whole_view_search(
            parts in prop::collection::vec(prop::sample::select(vec![
                "www.", "WwW.", "ww.", "http://", "HTTPS://", "://", "@", "a", "b.c", " ", "\n",
                "x@y.z", "(", ")", "<", "\u{e9}", "1", "-", ".", "_", "\u{a0}", "+",
            ]), 0..30),
        ) {
            let view: String = parts.concat();
            let urls = if view.contains('@') { &*URL } else { &*WEB_ONLY };
            let expect: Vec<(usize, usize)> = urls.find_iter(&view).map(|m| (m.start(), m.end())).collect();
            let mut taken = Taken::default();
            claim_addresses(&view, &mut taken);
            let mut got = Vec::new();
            for i in 0..=view.len() {
                for j in i + 1..=view.len() {
                    if expect.iter().any(|&(s, e)| s < j && i < e) != taken.overlaps(i, j) {
                        got.push((i, j));
                    }
                }
            }
            prop_assert!(got.is_empty(), "on {:?}: {:?}", view, expect);
        }

        /// The same with the Arabic separators anywhere, many of them.
        #[test]
        fn number_tokens_equal_the_regex_with_arabic_separators(
            parts in prop::sample::subsequence(vec![
                "1", "23", "456", "7890", ".", ",", " ", "a", "_", "\u{066B}", "\u{066C}",
                "\u{060C}", "\u{060C}123", "\u{060C}12", "\u{060C}123\u{066B}4", "\u{060C}123.",
                "\u{060C}123a", "\u{0634}", "\u{060C}", "5", "\u{066B}", ".", "\u{060C}456",
                "  ",
            ], 0..24).prop_shuffle(),
        ) {
            let view: String = parts.concat();
            let regex: Vec<(usize, usize)> = NUMBER.find_iter(&view).map(|m| (m.start(), m.end())).collect();
            let hand: Vec<(usize, usize)> = number_tokens(&view, &crate::windows::Digits::of(&view)).iter().map(|t| (t.start, t.end)).collect();
            prop_assert_eq!(regex, hand, "on {:?}", view);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_of_text_are_the_split_ends() {
        for text in ["", " ", "a", "a b", "ab ", " ab", "x\ny z", "đ ă\n", "\n\n"] {
            for byte in [b' ', b'\n'] {
                let c = char::from(byte);
                assert_eq!(
                    after_last(text, byte),
                    text.rsplit(c).next().unwrap_or_default()
                );
                assert_eq!(
                    before_first(text, byte),
                    text.split(c).next().unwrap_or_default()
                );
            }
        }
    }

    /// Every text that a table has an entry for passes the table's key edge: the words themselves
    /// with any case and anything around them, and texts of stray bytes.
    #[test]
    fn key_edges_pass_every_text_a_table_holds() {
        let w = &*WORDS;
        let tables: [(&WordTable<()>, &KeyEdge, bool); 2] = [
            (&w.after_words, &w.after_first, false),
            (&w.before_words, &w.before_last, true),
        ];
        let around = [
            "", " ", "x", "X ", ".", "é", "1", "\u{645}", "$", "ab-", "(", "%",
        ];
        let words: Vec<&str> = packs::all(|p| p.scales)
            .iter()
            .map(|s| s.0)
            .chain(packs::all(|p| p.scale_suffixes).iter().map(|s| s.0))
            .chain(
                packs::all(|p| p.currencies_after)
                    .iter()
                    .map(|c| c.0.folded),
            )
            .chain(
                packs::all(|p| p.damaged_currencies)
                    .iter()
                    .map(|c| c.0.folded),
            )
            .chain(packs::all(|p| p.percent_words))
            .chain(packs::all(|p| p.minor_units))
            .chain(packs::all(|p| p.structure_words).iter().map(|w| w.folded))
            .chain(packs::all(|p| p.currencies_before).iter().map(|c| c.0))
            .chain(packs::all(|p| p.sign_words).iter().map(|w| w.folded))
            .chain(packs::all(|p| p.qualifiers).iter().map(|q| q.0))
            .chain(["a", "1", "ab", "é", "\u{645}\u{646}", "$", "-", "k"])
            .collect();
        let mut texts = Vec::new();
        for word in &words {
            for case in [word.to_string(), word.to_uppercase()] {
                for a in around {
                    for b in around {
                        texts.push(format!("{a}{case}{b}"));
                    }
                }
            }
        }
        for text in &texts {
            for &(table, edge, at_end) in &tables {
                if at_end {
                    assert!(
                        edge.may_end(text) || table.ending(text).is_empty(),
                        "{text:?}"
                    );
                } else {
                    assert!(
                        edge.may_start(text) || table.starting(text).is_empty(),
                        "{text:?}"
                    );
                }
            }
            assert!(
                w.currencies_before_last.may_end(text)
                    || w.currencies_before_table.ending(text).is_empty(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn currency_before_reads_any_case_and_one_space() {
        // What the byte comparison relies on: the words are lowercase and hold no `k`.
        for (word, _) in &WORDS.currencies_before {
            assert_eq!(word.to_lowercase(), *word);
            assert!(!word.contains('k'), "{word}");
        }
        assert_eq!(currency_before("USD 5", 4), Some((4, "USD")));
        assert_eq!(currency_before("x $5", 3), Some((1, "USD")));
        assert_eq!(currency_before("a Vnd5", 5), Some((3, "VND")));
        assert_eq!(
            currency_before("Vnd5", 3),
            Some((3, "VND")),
            "at the start of the text"
        );
        assert_eq!(currency_before("€ 5", 4), Some((4, "EUR")));
        assert_eq!(currency_before("abusd 5", 6), None, "inside a word");
        assert_eq!(currency_before("USD  5", 5), None, "two spaces");
    }
}

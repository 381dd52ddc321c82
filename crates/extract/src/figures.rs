//! Figures: counts, percents, ratios, decimals and money, with qualifiers and scale words.
//!
//! A digit token is read by the document's separators (see `numbers`), then the words around it
//! decide its kind: `%` or `phần trăm`/`percent`/`درصد` make a percent, `/` and a second number a
//! ratio, a scale word (`tỷ`, `triệu`, `billion`, `میلیون`) multiplies, a currency makes money, and
//! a hedge before it (`hơn`, `khoảng`, `over`, `more than`, `بیش از`) is the qualifier and part of
//! the text. Numbers inside dates and document numbers were claimed before this runs; numbers in
//! URLs, glued to letters (`5G`, `IPv6`), after an all-capital name (`HATRI 10`), versions
//! (`Industry 4.0`) and list numbering are not figures.

use std::sync::LazyLock;

use docfacts_types::{FigureFact, FigureKind, Qualifier};
use regex::Regex;

use crate::Analyzed;
use crate::mask::Taken;
use crate::numbers;
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

/// Hedges before a figure (folded view, lowercase), longest first where one is a prefix of another.
static QUALIFIERS: &[(&str, Qualifier)] = &[
    ("more than", Qualifier::Over),
    ("greater than", Qualifier::Over),
    ("over", Qualifier::Over),
    ("above", Qualifier::Over),
    ("exceeding", Qualifier::Over),
    ("less than", Qualifier::Under),
    ("fewer than", Qualifier::Under),
    ("under", Qualifier::Under),
    ("below", Qualifier::Under),
    ("approximately", Qualifier::About),
    ("about", Qualifier::About),
    ("around", Qualifier::About),
    ("roughly", Qualifier::About),
    ("nearly", Qualifier::Nearly),
    ("almost", Qualifier::Nearly),
    ("close to", Qualifier::Nearly),
    ("hon", Qualifier::Over),
    ("tren", Qualifier::Over),
    ("vuot", Qualifier::Over),
    ("duoi", Qualifier::Under),
    ("chua den", Qualifier::Under),
    ("khoang", Qualifier::About),
    ("xap xi", Qualifier::About),
    ("gan", Qualifier::Nearly),
    ("بیش از", Qualifier::Over),
    ("بیشتر از", Qualifier::Over),
    ("افزون بر", Qualifier::Over),
    ("فراتر از", Qualifier::Over),
    ("بالغ بر", Qualifier::Over),
    ("بالای", Qualifier::Over),
    ("کمتر از", Qualifier::Under),
    ("حدود", Qualifier::About),
    ("حدودا", Qualifier::About),
    ("تقریبا", Qualifier::About),
    ("نزدیک به", Qualifier::Nearly),
    ("قریب به", Qualifier::Nearly),
];

/// Scale words after a number (folded view, lowercase) and their multiplier and name.
static SCALES: &[(&str, f64, &str)] = &[
    ("trillion", 1e12, "trillion"),
    ("nghin ty", 1e12, "trillion"),
    ("ngan ty", 1e12, "trillion"),
    ("billion", 1e9, "billion"),
    ("bn", 1e9, "billion"),
    ("million", 1e6, "million"),
    ("mn", 1e6, "million"),
    ("thousand", 1e3, "thousand"),
    ("ty", 1e9, "billion"),
    ("trieu", 1e6, "million"),
    ("nghin", 1e3, "thousand"),
    ("ngan", 1e3, "thousand"),
    ("هزار میلیارد", 1e12, "trillion"),
    ("تریلیون", 1e12, "trillion"),
    ("میلیارد", 1e9, "billion"),
    ("میلیون", 1e6, "million"),
    ("هزار", 1e3, "thousand"),
];

/// Currencies written after a number (folded view, case-insensitive) and their ISO code.
static CURRENCIES_AFTER: &[(&str, &str)] = &[
    ("dong", "VND"),
    ("vnd", "VND"),
    ("vnd.", "VND"),
    ("usd", "USD"),
    ("us dollars", "USD"),
    ("dollars", "USD"),
    ("euro", "EUR"),
    ("eur", "EUR"),
    ("ریال", "IRR"),
    ("تومان", "IRT"),
    ("دلار آمریکا", "USD"),
    ("دلار", "USD"),
    ("یورو", "EUR"),
];

/// Currencies written before a number.
static CURRENCIES_BEFORE: &[(&str, &str)] =
    &[("$", "USD"), ("usd", "USD"), ("vnd", "VND"), ("€", "EUR")];

/// Words after which `N.0` is a version, not a figure (`Industry 4.0`, `công nghiệp 4.0`).
static VERSION_WORDS: &[&str] = &["industry", "nghiep", "web", "version", "phien ban", "cmcn"];

pub(crate) fn extract(
    doc: &Analyzed<'_>,
    taken: &mut Taken,
    digits: &crate::windows::Digits,
) -> Vec<FigureFact> {
    let view = doc.view.text();
    let urls = if memchr::memchr(b'@', view.as_bytes()).is_some() {
        &*URL
    } else {
        &*WEB_ONLY
    };
    for m in urls.find_iter(view) {
        if !taken.overlaps(m.start(), m.end()) {
            taken.add(m.start(), m.end());
        }
    }
    let lang = doc.lang;
    let mut out: Vec<FigureFact> = Vec::new();
    let mut tokens = number_tokens(view, digits.ascii_digits_only())
        .into_iter()
        .peekable();
    let mut consumed_until = 0;
    while let Some(tok) = tokens.next() {
        if tok.start() < consumed_until || taken.overlaps(tok.start(), tok.end()) {
            continue;
        }
        if is_name_or_code(view, tok.start(), tok.end())
            || is_list_number(doc, tok.start(), tok.end())
            || crate::repair::is_footnote_marker(doc, tok.start(), tok.end())
        {
            continue;
        }
        let Some(value) = numbers::parse(tok.as_str(), lang) else {
            continue;
        };
        if is_version(view, tok.start(), tok.as_str()) {
            continue;
        }
        let mut fig = Draft {
            start: tok.start(),
            end: tok.end(),
            kind: FigureKind::Number,
            value,
            num: None,
            den: None,
            unit: None,
            qualifier: None,
            written_value: None,
            scale: None,
        };
        let rest = view.get(tok.end()..).unwrap_or_default();

        // Ratio: a/b with a second integer token (`25/25`, `۱۷/۱۷`).
        if let Some(after_slash) = rest.strip_prefix('/') {
            if let Some(den) = tokens.peek().filter(|d| d.start() == tok.end() + 1) {
                let den_str = den.as_str();
                let glued_after = view
                    .get(den.end()..)
                    .and_then(|s| s.chars().next())
                    .is_some_and(|c| c.is_alphanumeric() || c == '/');
                if glued_after || taken.overlaps(den.start(), den.end()) {
                    continue;
                }
                let (Some(n), Some(d)) = (
                    numbers::parse(tok.as_str(), lang),
                    numbers::parse(den_str, lang),
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
                let _ = after_slash;
                tokens.next();
            } else {
                continue;
            }
        } else if let Some(len) = percent_sign(rest) {
            fig.kind = FigureKind::Percent;
            fig.end = tok.end() + len;
        } else {
            if glued_to_letter_after(rest) {
                continue;
            }
            if let Some((len, (mult, name))) =
                word_after(rest, SCALES.iter().map(|&(w, m, n)| (w, (m, n))))
            {
                // `tỷ lệ` is "rate", not "billion".
                let after = Lowered::of(head(rest.get(len..).unwrap_or_default(), LOOK));
                if !(name == "billion" && after.as_str().trim_start().starts_with("le")) {
                    fig.written_value = Some(fig.value);
                    fig.scale = Some(name.to_owned());
                    fig.value *= mult;
                    fig.end += len;
                }
            }
            let rest = view.get(fig.end..).unwrap_or_default();
            if let Some(len) = percent_sign(rest) {
                fig.kind = FigureKind::Percent;
                fig.end += len;
            } else if let Some((len, code)) =
                word_after(rest, CURRENCIES_AFTER.iter().map(|&(w, c)| (w, c)))
            {
                fig.kind = FigureKind::Money;
                fig.unit = Some(code.to_owned());
                fig.end += len;
            } else if let Some((len, code)) = currency_before(view, fig.start) {
                fig.kind = FigureKind::Money;
                fig.unit = Some(code.to_owned());
                fig.start -= len;
            }
        }
        if let Some((len, q)) = qualifier_before(view, fig.start) {
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
        taken.add(fig.start, fig.end);
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

/// [`NUMBER`]'s matches in `view`, as `find_iter` gives them. Where `\d` is ASCII and the view
/// holds none of the Arabic separators (`٫`, `٬`, `،`), the pattern reads `\d(?:[\d.,]*\d)?`: from
/// each next digit, the longest run of digits, dots and commas, back to its last digit; that is
/// scanned by hand instead of by the regex (which has no literal to skip ahead with).
fn number_tokens(view: &str, ascii_digits_only: bool) -> Vec<Token<'_>> {
    let bytes = view.as_bytes();
    let arabic = ["\u{066B}", "\u{066C}", "\u{060C}"]
        .iter()
        .any(|sep| memchr::memmem::find(bytes, sep.as_bytes()).is_some());
    if arabic || !ascii_digits_only {
        return NUMBER
            .find_iter(view)
            .map(|m| Token {
                start: m.start(),
                end: m.end(),
                text: m.as_str(),
            })
            .collect();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(step) = bytes
        .get(i..)
        .and_then(|r| r.iter().position(u8::is_ascii_digit))
    {
        let start = i + step;
        let rest = bytes.get(start..).unwrap_or_default();
        let run = rest
            .iter()
            .position(|&b| !(b.is_ascii_digit() || b == b'.' || b == b','))
            .unwrap_or(rest.len());
        let last_digit = rest
            .get(..run)
            .and_then(|r| r.iter().rposition(u8::is_ascii_digit))
            .unwrap_or(0);
        let end = start + last_digit + 1;
        out.push(Token {
            start,
            end,
            text: view.get(start..end).unwrap_or_default(),
        });
        i = end;
    }
    out
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

/// Rounds away binary noise from scaling (`186.4 * 1e9`).
fn round(v: f64) -> f64 {
    if v.abs() >= 1.0 {
        (v * 1e6).round() / 1e6
    } else {
        (v * 1e10).round() / 1e10
    }
}

/// Length of a percent sign or word right after a number (a space or line break may come between).
fn percent_sign(rest: &str) -> Option<usize> {
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
    if gap == 1 {
        let lower = Lowered::of(head(trimmed, LOOK));
        let lower = lower.as_str();
        for word in ["phan tram", "percent", "per cent", "درصد"] {
            if lower.starts_with(word)
                && !lower[word.len()..].starts_with(|c: char| c.is_alphanumeric())
            {
                return Some(gap + word.len());
            }
        }
    }
    None
}

/// A word from `words` right after one space, ending at a word boundary: (bytes consumed, payload).
fn word_after<T: Copy>(
    rest: &str,
    words: impl Iterator<Item = (&'static str, T)>,
) -> Option<(usize, T)> {
    let trimmed = head(rest.strip_prefix(' ')?, LOOK);
    let lower = Lowered::of(trimmed);
    let lower = lower.as_str();
    for (word, payload) in words {
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

/// A currency sign or code right before the number at `start` (one space may come between):
/// (bytes it takes, currency code).
fn currency_before(view: &str, start: usize) -> Option<(usize, &'static str)> {
    let before = tail(view.get(..start)?, LOOK);
    for &(word, code) in CURRENCIES_BEFORE {
        for gap in ["", " "] {
            let pat_len = word.len() + gap.len();
            // (A text shorter than this candidate may still end with a shorter one.)
            let Some(cand) = before
                .len()
                .checked_sub(pat_len)
                .and_then(|from| before.get(from..))
            else {
                continue;
            };
            // `cand` lowercased equals `word` + `gap`: compared byte by byte, ASCII case aside
            // (the words are lowercase and hold no `k`, the one ASCII letter a non-ASCII
            // character lowercases to, so no other text lowercases to them).
            let (head, space) = cand.as_bytes().split_at(word.len().min(cand.len()));
            if head.eq_ignore_ascii_case(word.as_bytes()) && space == gap.as_bytes() {
                let prev = before
                    .get(..before.len() - pat_len)
                    .and_then(|s| s.chars().next_back());
                if word == "$" || !prev.is_some_and(char::is_alphanumeric) {
                    return Some((pat_len, code));
                }
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
    for &(word, q) in QUALIFIERS {
        if lower.ends_with(word) {
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

/// Glued to letters (`5G`, `IPv6`, `s6`, `x4`, `QH15`), after an all-capital name (`HATRI 10`), or
/// part of a dotted/slashed code (`1.2.3`, `3G/4G`).
fn is_name_or_code(view: &str, start: usize, end: usize) -> bool {
    let before = tail(view.get(..start).unwrap_or_default(), LOOK);
    let prev = before.chars().next_back();
    if prev.is_some_and(|c| c.is_alphabetic() || c == '_' || c == '\\') {
        return true;
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
    if let Some(word) = before.strip_suffix(' ').and_then(|b| b.rsplit(' ').next()) {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = letters.len() >= 2
            && letters.iter().all(|c| c.is_uppercase())
            && word.chars().all(|c| c.is_alphanumeric() || c == '-');
        if all_caps
            && !CURRENCIES_BEFORE
                .iter()
                .any(|(w, _)| word.eq_ignore_ascii_case(w))
        {
            return true;
        }
    }
    let after = view.get(end..).unwrap_or_default();
    // `1.2.3`-like tails or a trailing dot-number: section numbers and versions.
    after.starts_with('_')
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
    VERSION_WORDS.iter().any(|w| before.ends_with(w))
}

/// A number that opens a line and is followed by `.` or `)`: list or section numbering.
fn is_list_number(doc: &Analyzed<'_>, start: usize, end: usize) -> bool {
    let view = doc.view.text();
    let after = view.get(end..).unwrap_or_default();
    if !(after.starts_with(". ")
        || after.starts_with(") ")
        || after.starts_with('.') && after.len() == 1)
    {
        return false;
    }
    let src_start = doc.view.source_offset(start);
    let line_before = tail(doc.source.get(..src_start).unwrap_or_default(), LOOK);
    let line_before = line_before.rsplit('\n').next().unwrap_or_default();
    line_before.trim().is_empty() || line_before.trim() == "("
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
            let hand: Vec<(usize, usize)> = number_tokens(&view, crate::windows::Digits::of(&view).ascii_digits_only()).iter().map(|t| (t.start, t.end)).collect();
            prop_assert_eq!(regex, hand, "on {:?}", view);
            for t in number_tokens(&view, crate::windows::Digits::of(&view).ascii_digits_only()) {
                prop_assert_eq!(view.get(t.start..t.end), Some(t.text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use docfacts_types::{Lang, Variant};

    use super::*;

    fn figs(source: &str, lang: Lang) -> Vec<(String, FigureKind, f64, Option<Qualifier>)> {
        crate::extract_alone(source, lang, Some(Variant::Diacritics), extract)
            .into_iter()
            .map(|f| {
                assert_eq!(&source[f.start..f.end], f.text);
                (f.text, f.kind, f.value, f.qualifier)
            })
            .collect()
    }

    use FigureKind::{Money, Number, Percent, Ratio};

    macro_rules! t {
        ($name:ident, $lang:expr, $input:expr, [$(($text:expr, $kind:expr, $value:expr, $q:expr)),* $(,)?]) => {
            #[test]
            fn $name() {
                let expect: Vec<(String, FigureKind, f64, Option<Qualifier>)> = vec![$(($text.to_owned(), $kind, $value as f64, $q)),*];
                assert_eq!(figs($input, $lang), expect, "input: {:?}", $input);
            }
        };
    }

    t!(
        vi_thousands,
        Lang::Vi,
        "công bố 2.126 thủ tục",
        [("2.126", Number, 2126, None)]
    );
    t!(
        vi_percent,
        Lang::Vi,
        "đạt 91,83%, đã tích hợp 89,85 %",
        [
            ("91,83%", Percent, 91.83, None),
            ("89,85 %", Percent, 89.85, None)
        ]
    );
    t!(
        vi_percent_after_break,
        Lang::Vi,
        "dat 98,2\n% ho so",
        [("98,2\n%", Percent, 98.2, None)]
    );
    t!(
        vi_ratio,
        Lang::Vi,
        "có 7/36 nhiệm vụ",
        [("7/36", Ratio, 0.19444444, None)]
    );
    t!(
        vi_money,
        Lang::Vi,
        "tổng kinh phí 1.250 tỷ đồng và 0 đồng phí",
        [
            ("1.250 tỷ đồng", Money, 1_250_000_000_000.0, None),
            ("0 đồng", Money, 0, None)
        ]
    );
    t!(
        vi_money_decimal,
        Lang::Vi,
        "186,4 tỷ đồng",
        [("186,4 tỷ đồng", Money, 186_400_000_000.0, None)]
    );
    t!(
        vi_scale_count,
        Lang::Vi,
        "3,2 triệu lượt",
        [("3,2 triệu", Number, 3_200_000, None)]
    );
    t!(
        vi_rate_not_billion,
        Lang::Vi,
        "đạt 95 tỷ lệ",
        [("95", Number, 95, None)]
    );
    t!(
        vi_qualifiers,
        Lang::Vi,
        "hơn 1.200 dịch vụ, trên 90% và khoảng 30 hồ sơ, gần 50",
        [
            ("hơn 1.200", Number, 1200, Some(Qualifier::Over)),
            ("trên 90%", Percent, 90, Some(Qualifier::Over)),
            ("khoảng 30", Number, 30, Some(Qualifier::About)),
            ("gần 50", Number, 50, Some(Qualifier::Nearly)),
        ]
    );
    t!(
        en_thousands,
        Lang::En,
        "is 94,447, reaching 5% and 12.5%",
        [
            ("94,447", Number, 94447, None),
            ("5%", Percent, 5, None),
            ("12.5%", Percent, 12.5, None)
        ]
    );
    t!(
        en_qualifiers,
        Lang::En,
        "over 20,000 accounts, more than 1,200 services, less than 3",
        [
            ("over 20,000", Number, 20000, Some(Qualifier::Over)),
            ("more than 1,200", Number, 1200, Some(Qualifier::Over)),
            ("less than 3", Number, 3, Some(Qualifier::Under)),
        ]
    );
    t!(
        en_leading_zero,
        Lang::En,
        "implemented 04 tasks and 02 rice varieties",
        [("04", Number, 4, None), ("02", Number, 2, None)]
    );
    t!(
        en_range_of_ratios,
        Lang::En,
        "from 12/16 to 15/16 tasks",
        [("12/16", Ratio, 0.75, None), ("15/16", Ratio, 0.9375, None)]
    );
    t!(
        en_money,
        Lang::En,
        "USD 5 million and $300 and 2 billion VND",
        [
            ("USD 5 million", Money, 5_000_000, None),
            ("$300", Money, 300, None),
            ("2 billion VND", Money, 2_000_000_000.0, None),
        ]
    );
    t!(
        names_are_not_figures,
        Lang::En,
        "HATRI 10, HATRI 722, 5G, 3G/4G, IPv6, Industry 4.0, PAR INDEX 2024",
        []
    );
    t!(
        urls_are_not_figures,
        Lang::En,
        "see https://mst.gov.vn/x-197251012214530875.htm now",
        []
    );
    t!(
        list_numbers,
        Lang::En,
        "intro\n1. First item has 3 parts\n2) second",
        [("3", Number, 3, None)]
    );
    t!(
        fa_digits,
        Lang::Fa,
        "۹۴،۴۴۷ و ۵٪ و ۱۷/۱۷",
        [
            ("۹۴،۴۴۷", Number, 94447, None),
            ("۵٪", Percent, 5, None),
            ("۱۷/۱۷", Ratio, 1, None)
        ]
    );
    t!(
        fa_qualifier,
        Lang::Fa,
        "بیش از ۷۱٪ و بیش از ۲۰۰۰۰",
        [
            ("بیش از ۷۱٪", Percent, 71, Some(Qualifier::Over)),
            ("بیش از ۲۰۰۰۰", Number, 20000, Some(Qualifier::Over))
        ]
    );
    t!(ocr_letters_are_not_figures, Lang::Vi, "s6 t6 x4 B9", []);
    t!(
        trillions,
        Lang::Vi,
        "2 nghìn tỷ đồng",
        [("2 nghìn tỷ đồng", Money, 2e12, None)]
    );
    t!(
        en_trillion_before,
        Lang::En,
        "VND 1.2 trillion",
        [("VND 1.2 trillion", Money, 1.2e12, None)]
    );
    t!(
        ranges_are_two_figures,
        Lang::Vi,
        "15-20 hồ sơ, 03-05 chuyên gia, COVID-19",
        [
            ("15", Number, 15, None),
            ("20", Number, 20, None),
            ("03", Number, 3, None),
            ("05", Number, 5, None),
        ]
    );

    #[test]
    fn currency_before_reads_any_case_and_one_space() {
        // What the byte comparison relies on: the words are lowercase and hold no `k`.
        for (word, _) in CURRENCIES_BEFORE {
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

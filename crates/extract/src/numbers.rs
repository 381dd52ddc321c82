//! Reading a digit token as a number, by each language's separators.
//!
//! The matching view has ASCII digits but keeps the separators as written, because they mean
//! different things per language: Vietnamese `2.126` is 2126 and `91,83` is 91.83; English `94,447`
//! is 94447 and `12.5` is 12.5; Persian `٬` groups thousands, `٫` is the decimal point and `،`
//! groups thousands only where the grouping says so (`۹۴،۴۴۷`).

use docfacts_types::Lang;

/// Separators that may occur inside a number token of the view.
pub(crate) fn is_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{066C}' | '\u{066B}' | '\u{060C}')
}

/// The most separators a token is read with on the stack (longer ones are rare: see [`parse`]).
const MAX_SEPS: usize = 8;

/// The most bytes of digits (and a point) a value is spelled with on the stack.
const MAX_DIGITS: usize = 48;

/// Parses a token of digits and separators (it starts and ends with a digit).
///
/// Returns `None` when the token is not one number in `lang` (`1.2.3`, `12,34,5`). Reads the token
/// in place (no allocation) unless it has more than [`MAX_SEPS`] separators or [`MAX_DIGITS`]
/// digits.
pub(crate) fn parse(token: &str, lang: Lang) -> Option<f64> {
    if token.bytes().all(|b| b.is_ascii_digit()) {
        return digits(token);
    }
    let mut seps = ['.'; MAX_SEPS];
    let mut groups = [""; MAX_SEPS + 1];
    let mut n = 0;
    let mut from = 0;
    for (i, c) in token.char_indices() {
        if is_separator(c) {
            let (Some(sep), Some(group)) = (seps.get_mut(n), groups.get_mut(n)) else {
                return parse_any(token, lang);
            };
            *sep = c;
            *group = token.get(from..i)?;
            n += 1;
            from = i + c.len_utf8();
        }
    }
    *groups.get_mut(n)? = token.get(from..)?;
    read(
        seps.get(..n)?,
        groups.get(..=n)?,
        lang,
        &mut [0; MAX_DIGITS],
    )
    .unwrap_or_else(|| parse_any(token, lang))
}

/// [`parse`] for any token, collecting its groups and separators on the heap.
fn parse_any(token: &str, lang: Lang) -> Option<f64> {
    let groups: Vec<&str> = token.split(is_separator).collect();
    let seps: Vec<char> = token.chars().filter(|&c| is_separator(c)).collect();
    read(&seps, &groups, lang, &mut Vec::new()).flatten()
}

/// A place to spell a value's digits in: a stack buffer of fixed size (`None` when they do not
/// fit), or a growing one.
trait Spelling {
    /// The bytes of `groups` one after the other, then a point and `frac` when given.
    fn spell<'b>(&'b mut self, groups: &[&str], frac: Option<&str>) -> Option<&'b str>;
}

impl Spelling for [u8; MAX_DIGITS] {
    fn spell<'b>(&'b mut self, groups: &[&str], frac: Option<&str>) -> Option<&'b str> {
        let mut len = 0;
        let tail = frac.map(|f| [".", f]);
        for part in groups.iter().chain(tail.iter().flatten()) {
            let end = len + part.len();
            self.get_mut(len..end)?.copy_from_slice(part.as_bytes());
            len = end;
        }
        std::str::from_utf8(self.get(..len)?).ok()
    }
}

impl Spelling for Vec<u8> {
    fn spell<'b>(&'b mut self, groups: &[&str], frac: Option<&str>) -> Option<&'b str> {
        self.clear();
        let tail = frac.map(|f| [".", f]);
        for part in groups.iter().chain(tail.iter().flatten()) {
            self.extend_from_slice(part.as_bytes());
        }
        std::str::from_utf8(self).ok()
    }
}

/// The value of a token split into `groups` by `seps` (at least one group): `Some(value)`, or
/// `None` when its digits do not fit `buf` (then `parse_any` reads it).
fn read(
    seps: &[char],
    groups: &[&str],
    lang: Lang,
    buf: &mut impl Spelling,
) -> Option<Option<f64>> {
    let Some((&first, _)) = groups.split_first() else {
        return Some(None);
    };
    if groups
        .iter()
        .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some(None);
    }
    if seps.is_empty() {
        return Some(digits(first));
    }
    let (thousands, decimal) = separators(lang, seps, groups);
    // The last separator may be the decimal point; every other one must be the thousands mark with
    // three-digit groups after a first group of one to three digits.
    let (int_groups, frac) = match seps.last() {
        Some(&last)
            if decimal.contains(&last) && (seps.len() == 1 || !thousands.contains(&last)) =>
        {
            (
                groups.get(..groups.len() - 1).unwrap_or_default(),
                groups.last().copied(),
            )
        }
        _ => (groups, None),
    };
    let int_seps = seps
        .get(..int_groups.len().saturating_sub(1))
        .unwrap_or_default();
    if !int_seps.iter().all(|c| thousands.contains(c)) {
        return Some(None);
    }
    if int_groups.len() > 1 {
        let Some((head, tail)) = int_groups.split_first() else {
            return Some(None);
        };
        if (head.len() > 3 || tail.iter().any(|g| g.len() != 3))
            && !(lang == Lang::En && indian_grouping(int_groups))
        {
            return Some(None);
        }
        if int_seps.windows(2).any(|w| w.first() != w.last()) {
            return Some(None);
        }
    }
    let value = match frac {
        Some(f) => buf.spell(int_groups, Some(f))?.parse::<f64>().ok(),
        None => digits(buf.spell(int_groups, None)?),
    };
    Some(value)
}

/// (thousands marks, decimal marks) for `lang`, looking at the token where a mark is ambiguous.
fn separators(lang: Lang, seps: &[char], groups: &[&str]) -> (&'static [char], &'static [char]) {
    const ARABIC_COMMA: char = '\u{060C}';
    match lang {
        Lang::Vi => {
            // A single comma is a decimal comma; a single dot before exactly three digits groups
            // thousands (`2.126`), before one, two or four+ digits it is a decimal point (`4.5`).
            let dots = seps.iter().filter(|&&c| c == '.').count();
            let last_group_len = groups.last().map_or(0, |g| g.len());
            if dots == 1 && seps.len() == 1 && last_group_len != 3 {
                (&[], &['.'])
            } else if seps.iter().all(|&c| c == ',') && seps.len() > 1 {
                (&[','], &['.'])
            } else {
                (&['.'], &[','])
            }
        }
        // `٬` and `،` group thousands (the grouping check below refuses `۱۲،۵`: a list comma, not a
        // number), `٫` is the decimal point; ASCII `,` and `.` as in English.
        Lang::Fa => (&['\u{066C}', ARABIC_COMMA, ','], &['\u{066B}', '.']),
        Lang::En | Lang::Und => {
            let last_group_len = groups.last().map_or(0, |g| g.len());
            if seps.len() == 1 && seps.first() == Some(&',') && last_group_len != 3 {
                (&[], &[','])
            } else if seps.len() > 1 && seps.iter().all(|&c| c == '.') {
                // `45.000.000`: only a thousands dot can repeat (amounts written the Vietnamese
                // way in translations).
                (&['.'], &[','])
            } else {
                (&[','], &['.'])
            }
        }
    }
}

/// Indian grouping (`12,34,567`): groups of two digits before the last three.
fn indian_grouping(groups: &[&str]) -> bool {
    let Some((last, rest)) = groups.split_last() else {
        return false;
    };
    let Some((first, middle)) = rest.split_first() else {
        return false;
    };
    last.len() == 3
        && (1..=2).contains(&first.len())
        && !middle.is_empty()
        && middle.iter().all(|g| g.len() == 2)
}

fn digits(s: &str) -> Option<f64> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    s.parse::<u64>().ok().map(|v| v as f64)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The reading of a token with its groups and separators collected and its digits formatted
    /// into a string: what [`parse`] must agree with.
    fn parse_by_strings(token: &str, lang: Lang) -> Option<f64> {
        let groups: Vec<&str> = token.split(is_separator).collect();
        let seps: Vec<char> = token.chars().filter(|&c| is_separator(c)).collect();
        let (&first, _) = groups.split_first()?;
        if groups
            .iter()
            .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        if seps.is_empty() {
            return digits(first);
        }
        let (thousands, decimal) = separators(lang, &seps, &groups);
        let (int_groups, frac) = match seps.last() {
            Some(&last)
                if decimal.contains(&last) && (seps.len() == 1 || !thousands.contains(&last)) =>
            {
                (&groups[..groups.len() - 1], groups.last().copied())
            }
            _ => (&groups[..], None),
        };
        let int_seps = &seps[..int_groups.len().saturating_sub(1)];
        if !int_seps.iter().all(|c| thousands.contains(c)) {
            return None;
        }
        if int_groups.len() > 1 {
            let (head, tail) = int_groups.split_first()?;
            if (head.len() > 3 || tail.iter().any(|g| g.len() != 3))
                && !(lang == Lang::En && indian_grouping(int_groups))
            {
                return None;
            }
            if int_seps.windows(2).any(|w| w.first() != w.last()) {
                return None;
            }
        }
        let int: String = int_groups.concat();
        match frac {
            Some(f) => format!("{int}.{f}").parse::<f64>().ok(),
            None => digits(&int),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The reading in place equals the reading by strings, for tokens with many groups and
        /// long digit runs too.
        #[test]
        fn parse_reads_as_by_strings(
            parts in prop::collection::vec(prop::sample::select(vec![
                "1", "23", "456", "7890", "12345678901234567890", "0", ".", ",", "\u{066B}",
                "\u{066C}", "\u{060C}", "a", "",
            ]), 0..24),
            lang in prop::sample::select(vec![Lang::Vi, Lang::En, Lang::Fa, Lang::Und]),
        ) {
            let token: String = parts.concat();
            let expect = parse_by_strings(&token, lang);
            let got = parse(&token, lang);
            prop_assert_eq!(got.map(f64::to_bits), expect.map(f64::to_bits), "{:?} in {:?}", token, lang);
        }
    }

    macro_rules! t {
        ($name:ident, $lang:expr, $input:expr, $expect:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse($input, $lang), $expect, "{:?} in {:?}", $input, $lang);
            }
        };
    }

    t!(vi_thousands, Lang::Vi, "2.126", Some(2126.0));
    t!(
        vi_thousands_many,
        Lang::Vi,
        "94.447.000.000",
        Some(94_447_000_000.0)
    );
    t!(vi_decimal_comma, Lang::Vi, "91,83", Some(91.83));
    t!(vi_thousands_and_decimal, Lang::Vi, "1.250,5", Some(1250.5));
    t!(vi_decimal_dot_short, Lang::Vi, "4.5", Some(4.5));
    t!(vi_plain, Lang::Vi, "04", Some(4.0));
    t!(vi_bad_grouping, Lang::Vi, "1.2.3", None);
    t!(en_thousands, Lang::En, "94,447", Some(94447.0));
    t!(
        en_thousands_decimal,
        Lang::En,
        "1,234,567.25",
        Some(1_234_567.25)
    );
    t!(en_decimal, Lang::En, "12.5", Some(12.5));
    t!(en_indian_grouping, Lang::En, "12,34,567", Some(1_234_567.0));
    t!(en_mixed_bad, Lang::En, "1,2,345", None);
    t!(vi_no_indian_grouping, Lang::Vi, "12.34.567", None);
    t!(fa_momayyez, Lang::Fa, "94\u{066C}447", Some(94447.0));
    t!(fa_decimal, Lang::Fa, "12\u{066B}5", Some(12.5));
    t!(
        fa_arabic_comma_group,
        Lang::Fa,
        "94\u{060C}447",
        Some(94447.0)
    );
    t!(fa_arabic_comma_is_no_decimal, Lang::Fa, "12\u{060C}5", None);
    t!(
        fa_arabic_comma_millions,
        Lang::Fa,
        "1\u{060C}234\u{060C}567",
        Some(1_234_567.0)
    );
    t!(
        fa_momayyez_and_decimal,
        Lang::Fa,
        "1\u{066C}250\u{066B}75",
        Some(1250.75)
    );
    t!(
        fa_ascii_separators,
        Lang::Fa,
        "30,000,000.02",
        Some(30_000_000.02)
    );
    t!(fa_bad_grouping, Lang::Fa, "12\u{066C}34", None);
    t!(too_long, Lang::En, "1234567890123456789", None);
}

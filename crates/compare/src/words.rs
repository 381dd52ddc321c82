//! Small numbers written as words (0–10) in the supported languages.
//!
//! A translation may write `2-level` as `دو سطحی` or `hai cấp`, `01 lần` as `once`: the digit side
//! has a figure, the word side has none. Such an unpaired small number is tolerated when the other
//! text has the word (or the bare digits) near the corresponding place, as a whole word that means
//! the number there: `tư` is four only in `thứ tư` (elsewhere it is a syllable of `Thông tư`,
//! `đầu tư`, `tư pháp`), `năm` is five only away from years (`năm 2025`, `hằng năm`), `single` is
//! one only in `a single`.

/// Where a number word means its number.
#[derive(Clone, Copy, Debug)]
enum When {
    /// Wherever it stands as a word.
    Always,
    /// Only right after one of these words (`a single`, `thứ tư`).
    After(&'static [&'static str]),
    /// Vietnamese `năm`, also "year": not next to a number (`năm 2025`, `hai năm`, `5 năm`) nor in
    /// the phrases of years ([`YEAR_BEFORE`], [`YEAR_AFTER`]).
    NotYear,
}

/// `(value, word, where it means the value)`: English, Vietnamese (with and without diacritics
/// where unambiguous), Persian.
static WORDS: &[(u8, &str, When)] = &[
    (0, "zero", When::Always),
    (0, "صفر", When::Always),
    (1, "one", When::Always),
    (1, "once", When::Always),
    (1, "single", When::After(&["a"])),
    (1, "một", When::Always),
    (1, "یک", When::Always),
    (1, "یکی", When::Always),
    (2, "two", When::Always),
    (2, "twice", When::Always),
    (2, "both", When::Always),
    (2, "double", When::Always),
    (2, "hai", When::Always),
    (2, "دو", When::Always),
    (3, "three", When::Always),
    (3, "thrice", When::Always),
    (3, "ba", When::Always),
    (3, "سه", When::Always),
    (4, "four", When::Always),
    (4, "bốn", When::Always),
    (4, "tư", When::After(&["thứ"])),
    (4, "چهار", When::Always),
    (5, "five", When::Always),
    (5, "năm", When::NotYear),
    (5, "پنج", When::Always),
    (6, "six", When::Always),
    (6, "sáu", When::Always),
    (6, "شش", When::Always),
    (7, "seven", When::Always),
    (7, "bảy", When::Always),
    (7, "bẩy", When::Always),
    (7, "هفت", When::Always),
    (8, "eight", When::Always),
    (8, "tám", When::Always),
    (8, "هشت", When::Always),
    (9, "nine", When::Always),
    (9, "chín", When::Always),
    (9, "نه", When::Always),
    (10, "ten", When::Always),
    (10, "mười", When::Always),
    (10, "ده", When::Always),
];

/// Words before `năm` that make it "year" (`hằng năm` yearly, `cuối năm` year-end, `các năm`).
static YEAR_BEFORE: &[&str] = &[
    "hằng", "hàng", "mỗi", "từng", "các", "những", "nhiều", "cả", "trong", "cuối", "đầu", "giữa",
    "qua", "sang",
];

/// Words after `năm` that make it "year" (`năm nay` this year, `năm học` school year).
static YEAR_AFTER: &[&str] = &[
    "nay", "qua", "ngoái", "trước", "sau", "tới", "đó", "học", "tài",
];

/// The largest value written as a word that is tolerated.
pub(crate) const MAX_WORD_VALUE: f64 = 10.0;

/// [`MAX_WORD_VALUE`] as an integer.
const MAX_VALUE: u8 = 10;

/// True when the `k`-th of `words` (see [`tokens`]) writes `value`: as a number word where it
/// means that number (see [`When`]), or as bare digits (ASCII, Persian or Arabic-Indic, leading
/// zeros allowed).
pub(crate) fn means(words: &[(usize, &str)], k: usize, value: u8) -> bool {
    let Some(&(_, token)) = words.get(k) else {
        return false;
    };
    if digits_mean(token, value) {
        return true;
    }
    let lower = |k: Option<usize>| {
        k.and_then(|k| words.get(k))
            .map(|(_, t)| t.to_lowercase())
            .unwrap_or_default()
    };
    let (prev, word, next) = (lower(k.checked_sub(1)), lower(Some(k)), lower(Some(k + 1)));
    WORDS
        .iter()
        .filter(|&&(v, w, _)| v == value && w == word)
        .any(|&(_, _, when)| match when {
            When::Always => true,
            When::After(before) => before.contains(&prev.as_str()),
            When::NotYear => {
                !is_number(&prev)
                    && !is_number(&next)
                    && !YEAR_BEFORE.contains(&prev.as_str())
                    && !YEAR_AFTER.contains(&next.as_str())
            }
        })
}

/// A word that writes a number: digits or a number word.
fn is_number(word: &str) -> bool {
    (!word.is_empty() && word.chars().all(|c| ascii_digit(c).is_some()))
        || WORDS.iter().any(|&(_, w, _)| w == word)
}

/// True when `token` is bare digits for `value`.
fn digits_mean(token: &str, value: u8) -> bool {
    let mut digits = String::new();
    for c in token.chars() {
        match ascii_digit(c) {
            Some(d) => digits.push(d),
            None => return false,
        }
    }
    !digits.is_empty() && digits.trim_start_matches('0') == value_str(value)
}

fn value_str(value: u8) -> String {
    if value == 0 {
        String::new()
    } else {
        value.to_string()
    }
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10),
        '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10),
        _ => None,
    }
}

/// Words of `text` with their byte offsets: runs of letters, marks and digits. ZWNJ and hyphens
/// split (`دو‌سطحی`, `two-level`). Lazy: one word at a time.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        // skip to the next word character, then take the run
        let (start, _) = *chars.by_ref().find(|&(_, c)| is_word(c)).as_ref()?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !is_word(c) {
                end = i;
                break;
            }
            chars.next();
        }
        text.get(start..end).map(|t| (start, t))
    })
}

/// Letters, digits and combining marks make words.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// `(offset, word)` of the words that write each value 0–10, by value (see [`number_words`]).
pub(crate) type NumberWords<'t> = Vec<Vec<(usize, &'t str)>>;

/// The words of `text` that write a value 0–10 where they stand ([`means`]), by value: entry `v`
/// lists `(offset, word)` of the words meaning `v`, in text order. One pass; memory for those
/// words only.
pub(crate) fn number_words(text: &str) -> NumberWords<'_> {
    let mut by_value: NumberWords<'_> = vec![Vec::new(); usize::from(MAX_VALUE) + 1];
    // each word is read with the words on either side of it
    let mut window: Vec<(usize, &str)> = Vec::with_capacity(3);
    let (mut prev, mut cur) = (None, None);
    for next in tokens(text).map(Some).chain([None]) {
        if let Some((at, word)) = cur
            && could_mean(word)
        {
            window.clear();
            window.extend(prev);
            window.push((at, word));
            window.extend(next);
            let k = usize::from(prev.is_some());
            for (value, list) in (0..=MAX_VALUE).zip(by_value.iter_mut()) {
                if means(&window, k, value) {
                    list.push((at, word));
                }
            }
        }
        (prev, cur) = (cur, next);
    }
    by_value
}

/// A cheap test before [`means`]: bare digits, or a listed number word.
fn could_mean(token: &str) -> bool {
    // no listed word is longer than six letters (lowercasing never shortens a word)
    token.chars().all(|c| ascii_digit(c).is_some())
        || token.chars().count() <= 6 && {
            let lower = token.to_lowercase();
            WORDS.iter().any(|&(_, w, _)| w == lower)
        }
}

/// Combining marks (Vietnamese written decomposed, Persian harakat) stay inside words.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_are_the_words_that_mean_a_value() {
        let text = "Hội đồng họp 01 lần, thứ tư, Thông tư 05; năm 2025, có năm đơn vị. \
                    The two-level model, a single once-only plan; دو‌سطحی و سه گروه";
        let words: Vec<(usize, &str)> = tokens(text).collect();
        let found = number_words(text);
        for value in 0..=MAX_VALUE {
            let expected: Vec<(usize, &str)> = (0..words.len())
                .filter(|&k| means(&words, k, value))
                .map(|k| words[k])
                .collect();
            assert_eq!(found[usize::from(value)], expected, "value {value}");
        }
        assert_eq!(
            found.iter().map(Vec::len).sum::<usize>(),
            9,
            "01, tư, the second năm, two, single, once, دو, سه and the 05 of the circular: {found:?}"
        );
    }

    /// Does the word at byte `at` of `text` mean `value`?
    fn means_at(text: &str, at: &str, value: u8) -> bool {
        let words: Vec<(usize, &str)> = tokens(text).collect();
        let k = words
            .iter()
            .position(|&(_, t)| t == at)
            .expect("the word is in the text");
        means(&words, k, value)
    }

    #[test]
    fn words_and_digits() {
        assert!(means_at("Two", "Two", 2));
        assert!(means_at("hai", "hai", 2));
        assert!(means_at("دو", "دو", 2));
        assert!(means_at("۰۲", "۰۲", 2));
        assert!(means_at("0", "0", 0));
        assert!(!means_at("three", "three", 2));
        assert!(!means_at("12", "12", 2));
        assert!(!means_at("2a", "2a", 2));
    }

    #[test]
    fn once_twice_thrice_and_a_single() {
        assert!(means_at("met once a year", "once", 1));
        assert!(means_at("twice", "twice", 2));
        assert!(means_at("thrice", "thrice", 3));
        assert!(!means_at("twice", "twice", 1));
        assert!(means_at("in a single session", "single", 1));
        assert!(!means_at("the single window", "single", 1));
    }

    #[test]
    fn vietnamese_words_that_are_also_syllables() {
        // `tư` is four only as an ordinal; elsewhere a syllable of another word
        assert!(means_at("lần thứ tư", "tư", 4));
        assert!(!means_at("theo Thông tư số", "tư", 4));
        assert!(!means_at("vốn đầu tư công", "tư", 4));
        assert!(!means_at("Bộ Tư pháp", "Tư", 4));
        assert!(means_at("bốn lần", "bốn", 4));
        // `năm` is five away from years
        assert!(means_at("năm đơn vị", "năm", 5));
        assert!(!means_at("trong năm 2025", "năm", 5));
        assert!(!means_at("hai năm liền", "năm", 5));
        assert!(!means_at("5 năm", "năm", 5));
        assert!(!means_at("kế hoạch hằng năm", "năm", 5));
        assert!(!means_at("năm nay", "năm", 5));
    }

    #[test]
    fn splits_on_zwnj_and_hyphen() {
        let t: Vec<&str> = tokens("two-level دو\u{200C}سطحی").map(|(_, t)| t).collect();
        assert_eq!(t, ["two", "level", "دو", "سطحی"]);
    }
}

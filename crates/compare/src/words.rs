//! Small numbers written as words (0–10) in the supported languages.
//!
//! A translation may write `2-level` as `دو سطحی` or `hai cấp`: the digit side has a figure, the
//! word side has none. Such an unpaired small number is tolerated when the other text has the word
//! (or the bare digits) near the corresponding place.

/// `(value, word)`: English, Vietnamese (with and without diacritics where unambiguous), Persian.
static WORDS: &[(u8, &str)] = &[
    (0, "zero"),
    (0, "صفر"),
    (1, "one"),
    (1, "single"),
    (1, "một"),
    (1, "یک"),
    (1, "یکی"),
    (2, "two"),
    (2, "both"),
    (2, "double"),
    (2, "hai"),
    (2, "دو"),
    (3, "three"),
    (3, "ba"),
    (3, "سه"),
    (4, "four"),
    (4, "bốn"),
    (4, "tư"),
    (4, "چهار"),
    (5, "five"),
    (5, "năm"),
    (5, "پنج"),
    (6, "six"),
    (6, "sáu"),
    (6, "شش"),
    (7, "seven"),
    (7, "bảy"),
    (7, "bẩy"),
    (7, "هفت"),
    (8, "eight"),
    (8, "tám"),
    (8, "هشت"),
    (9, "nine"),
    (9, "chín"),
    (9, "نه"),
    (10, "ten"),
    (10, "mười"),
    (10, "ده"),
];

/// The largest value written as a word that is tolerated.
pub(crate) const MAX_WORD_VALUE: f64 = 10.0;

/// True when `token` (a whole word, any case) writes `value` as a word or as bare digits
/// (ASCII, Persian or Arabic-Indic, leading zeros allowed).
pub(crate) fn token_means(token: &str, value: u8) -> bool {
    let lower = token.to_lowercase();
    if WORDS.iter().any(|&(v, w)| v == value && w == lower) {
        return true;
    }
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
/// split (`دو‌سطحی`, `two-level`).
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || is_mark(c);
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if let Some(t) = text.get(s..i) {
                    out.push((s, t));
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start
        && let Some(t) = text.get(s..)
    {
        out.push((s, t));
    }
    out.into_iter()
}

/// Combining marks (Vietnamese written decomposed, Persian harakat) stay inside words.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_digits() {
        assert!(token_means("Two", 2));
        assert!(token_means("hai", 2));
        assert!(token_means("دو", 2));
        assert!(token_means("۰۲", 2));
        assert!(token_means("0", 0));
        assert!(!token_means("three", 2));
        assert!(!token_means("12", 2));
        assert!(!token_means("2a", 2));
    }

    #[test]
    fn splits_on_zwnj_and_hyphen() {
        let t: Vec<&str> = tokens("two-level دو\u{200C}سطحی").map(|(_, t)| t).collect();
        assert_eq!(t, ["two", "level", "دو", "سطحی"]);
    }
}

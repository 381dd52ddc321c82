//! Bounded looks around a match: grammars inspect a few words of context, never the whole text,
//! so the cost per match stays constant however long the document is.

/// How far a grammar looks around a match, in bytes.
pub(crate) const LOOK: usize = 48;

/// At most the first `max` bytes of `s`, ending on a char boundary.
pub(crate) fn head(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

/// At most the last `max` bytes of `s`, starting on a char boundary.
pub(crate) fn tail(s: &str, max: usize) -> &str {
    let mut start = s.len().saturating_sub(max);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    s.get(start..).unwrap_or_default()
}

/// `text.ends_with(word)`, its last byte compared first: a grammar tries a list of words against
/// each match, and almost every word fails on that byte without a call to compare the rest.
#[inline]
pub(crate) fn ends_with_word(text: &str, word: &str) -> bool {
    match word.as_bytes().last() {
        Some(last) => text.as_bytes().last() == Some(last) && text.ends_with(word),
        None => true,
    }
}

/// `text.starts_with(word)`, its first byte compared first (see [`ends_with_word`]).
#[inline]
pub(crate) fn starts_with_word(text: &str, word: &str) -> bool {
    match word.as_bytes().first() {
        Some(first) => text.as_bytes().first() == Some(first) && text.starts_with(word),
        None => true,
    }
}

/// `text` without every `suffix` it ends with: `str::trim_end_matches` for a short suffix,
/// without building a substring searcher for it.
pub(crate) fn strip_all<'t>(mut text: &'t str, suffix: &str) -> &'t str {
    while let Some(rest) = text.strip_suffix(suffix) {
        text = rest;
    }
    text
}

/// A short text lowercased (`str::to_lowercase`), kept on the stack when it is ASCII of at most
/// [`LOOK`] bytes (the words around a number almost always are): no allocation per look.
pub(crate) enum Lowered {
    /// The ASCII-lowercased bytes and how many of them there are.
    Ascii([u8; LOOK], usize),
    /// Any other text, lowercased by the standard library.
    Other(String),
}

impl Lowered {
    /// `s` lowercased.
    pub(crate) fn of(s: &str) -> Lowered {
        let mut buf = [0u8; LOOK];
        match buf.get_mut(..s.len()) {
            Some(dst) if s.is_ascii() => {
                dst.copy_from_slice(s.as_bytes());
                dst.make_ascii_lowercase();
                Lowered::Ascii(buf, s.len())
            }
            _ => Lowered::Other(s.to_lowercase()),
        }
    }

    /// The lowercased text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Lowered::Ascii(buf, len) => buf
                .get(..*len)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
            Lowered::Other(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte-first tests answer as the standard library's.
        #[test]
        fn word_tests_equal_the_standard_ones(text in "[ab é]{0,6}", word in "[ab é]{0,3}") {
            proptest::prop_assert_eq!(ends_with_word(&text, &word), text.ends_with(word.as_str()));
            proptest::prop_assert_eq!(starts_with_word(&text, &word), text.starts_with(word.as_str()));
        }
    }

    #[test]
    fn lowered_equals_to_lowercase() {
        let long = "X".repeat(LOOK + 1);
        for s in [
            "",
            "Tỷ ĐỒNG",
            "USD 5",
            "Phan Tram",
            "درصد",
            "K\u{212A}",
            long.as_str(),
        ] {
            assert_eq!(Lowered::of(s).as_str(), s.to_lowercase(), "{s}");
        }
        assert!(matches!(Lowered::of("ABC"), Lowered::Ascii(_, 3)));
    }

    #[test]
    fn bounded_on_char_boundaries() {
        assert_eq!(head("số 57", 2), "s");
        assert_eq!(head("ab", 10), "ab");
        assert_eq!(tail("năm", 2), "m");
        assert_eq!(tail("ab", 10), "ab");
    }
}

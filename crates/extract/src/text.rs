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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_on_char_boundaries() {
        assert_eq!(head("số 57", 2), "s");
        assert_eq!(head("ab", 10), "ab");
        assert_eq!(tail("năm", 2), "m");
        assert_eq!(tail("ab", 10), "ab");
    }
}

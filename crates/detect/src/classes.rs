//! `char::is_alphabetic` and `char::is_alphanumeric` through a table for the first 8192 code
//! points (ASCII, Latin, Vietnamese combining marks, Arabic script, and the Latin Extended
//! Additional block of Vietnamese toned vowels): the standard library's lookup for a non-ASCII
//! character is a binary search, which dominated detection on Persian and Vietnamese.
//! The table is filled from the standard library's own answers, so the results are the same.

use std::sync::LazyLock;

/// Code points below this are in the table (every one- and two-byte UTF-8 character, and the
/// three-byte ones up to U+1FFF).
const TABLE_SIZE: usize = 0x2000;
const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 2;

/// The classes of the code points below [`TABLE_SIZE`].
pub(crate) struct Classes([u8; TABLE_SIZE]);

static CLASSES: LazyLock<Classes> = LazyLock::new(|| {
    let mut table = [0u8; TABLE_SIZE];
    for (code, entry) in (0u32..).zip(table.iter_mut()) {
        if let Some(c) = char::from_u32(code) {
            if c.is_alphabetic() {
                *entry |= ALPHABETIC;
            }
            if c.is_numeric() {
                *entry |= NUMERIC;
            }
        }
    }
    Classes(table)
});

impl Classes {
    /// The table (built on first use); fetch it once per text, not per character.
    pub(crate) fn get() -> &'static Classes {
        &CLASSES
    }

    /// `c.is_alphabetic()`.
    #[inline]
    pub(crate) fn alphabetic(&self, c: char) -> bool {
        match self.0.get(c as usize) {
            Some(&class) => class & ALPHABETIC != 0,
            None => c.is_alphabetic(),
        }
    }

    /// `c.is_alphanumeric()`.
    #[inline]
    pub(crate) fn alphanumeric(&self, c: char) -> bool {
        match self.0.get(c as usize) {
            Some(&class) => class != 0,
            None => c.is_alphanumeric(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_answers_as_the_standard_library() {
        let classes = Classes::get();
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(classes.alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(classes.alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}

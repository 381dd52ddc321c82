//! `char::is_alphabetic` and `char::is_alphanumeric` through a table for the first 8192 code
//! points (ASCII, Latin, Vietnamese combining marks, Arabic script, and the Latin Extended
//! Additional block of Vietnamese toned vowels): the standard library's lookup for a non-ASCII
//! character is a binary search, which dominated detection on Persian and Vietnamese.
//! The table is filled from the standard library's own answers (by the build script, with the
//! same toolchain), so the results are the same.

/// Code points below this are in the table (every one- and two-byte UTF-8 character, and the
/// three-byte ones up to U+1FFF).
pub(crate) const TABLE_SIZE: usize = 0x2000;
const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 2;

/// The classes of the code points below [`TABLE_SIZE`].
pub(crate) struct Classes([u8; TABLE_SIZE]);

/// The table, written by the build script from the standard library's answers.
const TABLE: Classes = Classes(*include_bytes!(concat!(env!("OUT_DIR"), "/classes.bin")));

static CLASSES: Classes = TABLE;

impl Classes {
    /// The table.
    pub(crate) fn get() -> &'static Classes {
        &CLASSES
    }

    /// `c.is_alphabetic()` for `c` below [`TABLE_SIZE`] (false above), for tables built at
    /// compile time.
    #[allow(clippy::indexing_slicing)] // Compile-time evaluation: a bad index fails the build.
    pub(crate) const fn alphabetic_in_table(c: char) -> bool {
        (c as usize) < TABLE_SIZE && TABLE.0[c as usize] & ALPHABETIC != 0
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
            Some(&class) => class & (ALPHABETIC | NUMERIC) != 0,
            None => c.is_alphanumeric(),
        }
    }

    /// [`Classes::alphanumeric`] of the character with code point `code` (false for a number
    /// that is no character).
    #[inline]
    pub(crate) fn alphanumeric_code(&self, code: u32) -> bool {
        match self.0.get(code as usize) {
            Some(&class) => class & (ALPHABETIC | NUMERIC) != 0,
            None => char::from_u32(code).is_some_and(char::is_alphanumeric),
        }
    }
}

/// The code point and the width in bytes of the character of `bytes` (UTF-8) that starts at
/// `at` with the byte `lead`, which is not ASCII.
#[inline]
pub(crate) fn decode_wide(bytes: &[u8], at: usize, lead: u8) -> (u32, usize) {
    let tail = |k: usize| u32::from(bytes.get(at + k).copied().unwrap_or(0) & 0x3F);
    if lead < 0xE0 {
        ((u32::from(lead & 0x1F) << 6) | tail(1), 2)
    } else if lead < 0xF0 {
        ((u32::from(lead & 0x0F) << 12) | (tail(1) << 6) | tail(2), 3)
    } else {
        (
            (u32::from(lead & 0x07) << 18) | (tail(1) << 12) | (tail(2) << 6) | tail(3),
            4,
        )
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
            assert_eq!(
                classes.alphanumeric_code(c as u32),
                c.is_alphanumeric(),
                "{c:?}"
            );
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if bytes[0] >= 0x80 {
                assert_eq!(decode_wide(bytes, 0, bytes[0]), (c as u32, c.len_utf8()));
            }
        }
    }
}

//! `char::is_alphabetic`, `is_alphanumeric`, `is_lowercase` and `is_uppercase` through a table for
//! the first 8320 code points (ASCII, Latin, Vietnamese combining marks, Arabic script, the Latin
//! Extended Additional block of Vietnamese toned vowels, and General Punctuation): the standard
//! library's lookup for a non-ASCII character is a binary search, which dominated detection on
//! Persian and Vietnamese and the reading of words in descriptions. The table is filled from the
//! standard library's own answers (by the build script, with the same toolchain), so the results
//! are the same.

/// [`CharClasses::TABLE_SIZE`].
const TABLE_SIZE: usize = 0x2080;
const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 2;
const LOWERCASE: u8 = 4;
const UPPERCASE: u8 = 8;

/// The Unicode classes of the code points below [`CharClasses::TABLE_SIZE`], one byte of flags each; the
/// standard library answers for the others.
pub struct CharClasses([u8; TABLE_SIZE]);

/// The table, written by the build script from the standard library's answers.
const TABLE: CharClasses = CharClasses(*include_bytes!(concat!(env!("OUT_DIR"), "/classes.bin")));

static CLASSES: CharClasses = TABLE;

impl CharClasses {
    /// Code points below this are in the table (every one- and two-byte UTF-8 character, and the
    /// three-byte ones up to U+207F).
    pub const TABLE_SIZE: usize = TABLE_SIZE;

    /// The table.
    pub fn get() -> &'static CharClasses {
        &CLASSES
    }

    /// `c.is_alphabetic()` for `c` below [`CharClasses::TABLE_SIZE`] (false above), for tables built at
    /// compile time.
    #[allow(clippy::indexing_slicing)] // Compile-time evaluation: a bad index fails the build.
    pub const fn alphabetic_in_table(c: char) -> bool {
        (c as usize) < TABLE_SIZE && TABLE.0[c as usize] & ALPHABETIC != 0
    }

    /// `c.is_alphabetic()`.
    #[inline]
    pub fn alphabetic(&self, c: char) -> bool {
        self.has(c, ALPHABETIC).unwrap_or_else(|| c.is_alphabetic())
    }

    /// `c.is_alphanumeric()`.
    #[inline]
    pub fn alphanumeric(&self, c: char) -> bool {
        self.has(c, ALPHABETIC | NUMERIC)
            .unwrap_or_else(|| c.is_alphanumeric())
    }

    /// `c.is_lowercase()`.
    #[inline]
    pub fn lowercase(&self, c: char) -> bool {
        self.has(c, LOWERCASE).unwrap_or_else(|| c.is_lowercase())
    }

    /// `c.is_uppercase()`.
    #[inline]
    pub fn uppercase(&self, c: char) -> bool {
        self.has(c, UPPERCASE).unwrap_or_else(|| c.is_uppercase())
    }

    /// [`CharClasses::alphanumeric`] of the character with code point `code` (false for a number
    /// that is no character).
    #[inline]
    pub fn alphanumeric_code(&self, code: u32) -> bool {
        match self.0.get(code as usize) {
            Some(&class) => class & (ALPHABETIC | NUMERIC) != 0,
            None => char::from_u32(code).is_some_and(char::is_alphanumeric),
        }
    }

    /// Whether the table gives `c` one of the classes of `flags`; `None` past the table.
    #[inline]
    fn has(&self, c: char, flags: u8) -> Option<bool> {
        self.0.get(c as usize).map(|&class| class & flags != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_answers_as_the_standard_library() {
        let classes = CharClasses::get();
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(classes.alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(classes.alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(classes.lowercase(c), c.is_lowercase(), "{c:?}");
            assert_eq!(classes.uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(
                classes.alphanumeric_code(c as u32),
                c.is_alphanumeric(),
                "{c:?}"
            );
            assert_eq!(
                CharClasses::alphabetic_in_table(c),
                (c as usize) < TABLE_SIZE && c.is_alphabetic(),
                "{c:?}"
            );
        }
    }
}

//! The per-character folding table of the matching view.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// What one source character becomes in the matching view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folded {
    /// Kept as this character (possibly changed).
    Char(char),
    /// Whitespace: collapsed with its neighbours into one space.
    Space,
    /// Removed (invisible marks, combining diacritics).
    Drop,
}

/// Folds one (NFC) character for matching.
///
/// Latin letters lose their diacritics (`ệ` → `e`, `Đ` → `D`); other scripts keep their letters.
/// This fold is lossy on purpose: it is used for matching, never for reported text.
#[inline]
pub fn fold_char(c: char) -> Folded {
    Tables::get().fold(c)
}

/// Whether `c` is a combining mark (what follows a base letter in NFD text).
#[inline]
pub(crate) fn is_combining(c: char) -> bool {
    Tables::get().is_combining(c)
}

impl Tables {
    /// The tables (built on first use); a loop over a text fetches them once.
    #[inline]
    pub(crate) fn get() -> &'static Tables {
        &TABLES
    }

    /// [`fold_char`].
    #[inline]
    pub(crate) fn fold(&self, c: char) -> Folded {
        let n = c as usize;
        if let Some(&folded) = self.low.get(n) {
            return folded;
        }
        if let Some(&folded) = n
            .checked_sub(LATIN_ADDITIONAL)
            .and_then(|k| self.latin_additional.get(k))
        {
            return folded;
        }
        fold_uncached(c)
    }

    /// [`is_combining`].
    #[inline]
    pub(crate) fn is_combining(&self, c: char) -> bool {
        let n = c as usize;
        if n < 0x300 {
            return false;
        }
        match self.low_combining.get(n / 64) {
            Some(bits) => bits & (1 << (n % 64)) != 0,
            None => {
                !(LATIN_ADDITIONAL..LATIN_ADDITIONAL + 0x100).contains(&n) && is_combining_mark(c)
            }
        }
    }
}

/// First code point of Latin Extended Additional (Vietnamese precomposed letters).
const LATIN_ADDITIONAL: usize = 0x1E00;
/// The characters below this are folded from a table (Latin, Greek, Cyrillic, Arabic, Persian).
const LOW: usize = 0x800;

/// [`fold_uncached`] and `is_combining_mark`, computed once for the scripts of the reports.
pub(crate) struct Tables {
    low: Vec<Folded>,
    latin_additional: Vec<Folded>,
    /// One bit per character below [`LOW`].
    low_combining: Vec<u64>,
}

static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(|| {
    let fold = |n: usize| char::from_u32(n as u32).map_or(Folded::Drop, fold_uncached);
    let mut low_combining = vec![0u64; LOW / 64];
    for n in 0..LOW {
        if char::from_u32(n as u32).is_some_and(is_combining_mark)
            && let Some(bits) = low_combining.get_mut(n / 64)
        {
            *bits |= 1 << (n % 64);
        }
    }
    Tables {
        low: (0..LOW).map(fold).collect(),
        latin_additional: (LATIN_ADDITIONAL..LATIN_ADDITIONAL + 0x100)
            .map(fold)
            .collect(),
        low_combining,
    }
});

/// [`fold_char`] without the tables.
fn fold_uncached(c: char) -> Folded {
    match c {
        c if c.is_ascii_alphanumeric() => Folded::Char(c),
        ' ' | '\t' | '\n' | '\r' | '\u{000B}' | '\u{000C}' => Folded::Space,
        c if c.is_ascii() => Folded::Char(c),
        // Persian and Arabic-Indic digits, full-width digits.
        '\u{06F0}'..='\u{06F9}' => Folded::Char(digit(c as u32 - 0x06F0)),
        '\u{0660}'..='\u{0669}' => Folded::Char(digit(c as u32 - 0x0660)),
        '\u{FF10}'..='\u{FF19}' => Folded::Char(digit(c as u32 - 0xFF10)),
        'đ' => Folded::Char('d'),
        'Đ' | 'Ð' => Folded::Char('D'),
        // Invisible: soft hyphen, zero-width space/joiners, bidi controls, BOM, kashida.
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{0640}' => Folded::Drop,
        // Dashes and minus signs.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => Folded::Char('-'),
        '\u{2044}' | '\u{2215}' | '\u{FF0F}' => Folded::Char('/'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Folded::Char('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => {
            Folded::Char('"')
        }
        '\u{2026}' => Folded::Char('.'),
        // Arabic letter forms to their Persian twins (heh with yeh above, heh doachashmee, swash
        // kaf, Arabic yeh and alef maksura).
        'ي' | 'ى' => Folded::Char('ی'),
        'ك' | 'ڪ' => Folded::Char('ک'),
        'ة' | 'ۀ' | 'ھ' => Folded::Char('ه'),
        // Arabic percent sign and small percent: the figure grammar sees `%`. The Arabic thousands
        // (`٬`) and decimal (`٫`) separators and the Arabic comma (`،`) are kept: their meaning
        // depends on the digits around them.
        '\u{066A}' | '\u{FE6A}' => Folded::Char('%'),
        c if c.is_whitespace() => Folded::Space,
        c if is_combining_mark(c) => Folded::Drop,
        c if is_latin(c) => {
            let mut base = None;
            decompose_canonical(c, |d| {
                if base.is_none() && !is_combining_mark(d) {
                    base = Some(d);
                }
            });
            Folded::Char(base.unwrap_or(c))
        }
        c => Folded::Char(c),
    }
}

fn digit(n: u32) -> char {
    char::from_digit(n, 10).unwrap_or('0')
}

fn is_latin(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_letters() {
        let folded: String = "Nghị quyết Đảng ưu tiên ờ ỹ"
            .chars()
            .map(|c| match fold_char(c) {
                Folded::Char(c) => c,
                Folded::Space => ' ',
                Folded::Drop => '_',
            })
            .collect();
        assert_eq!(folded, "Nghi quyet Dang uu tien o y");
    }

    #[test]
    fn persian_digits_and_marks() {
        assert_eq!(fold_char('۷'), Folded::Char('7'));
        assert_eq!(fold_char('٣'), Folded::Char('3'));
        assert_eq!(fold_char('\u{200C}'), Folded::Drop);
        assert_eq!(fold_char('ي'), Folded::Char('ی'));
        assert_eq!(
            fold_char('٬'),
            Folded::Char('٬'),
            "separators are kept for the figure grammar"
        );
    }

    #[test]
    fn persian_normalization_table() {
        let cases: &[(char, Folded)] = &[
            ('۰', Folded::Char('0')),
            ('۹', Folded::Char('9')),
            ('٠', Folded::Char('0')),
            ('٩', Folded::Char('9')),
            ('ك', Folded::Char('ک')),
            ('ى', Folded::Char('ی')),
            ('ة', Folded::Char('ه')),
            ('ۀ', Folded::Char('ه')),
            ('٪', Folded::Char('%')),
            ('٫', Folded::Char('٫')),
            ('،', Folded::Char('،')),
            ('\u{0640}', Folded::Drop),
            ('\u{200C}', Folded::Drop),
            ('\u{200E}', Folded::Drop),
            ('\u{200F}', Folded::Drop),
            ('\u{202B}', Folded::Drop),
            ('\u{2067}', Folded::Drop),
            ('\u{064E}', Folded::Drop),
            ('ی', Folded::Char('ی')),
            ('ک', Folded::Char('ک')),
        ];
        for &(c, want) in cases {
            assert_eq!(fold_char(c), want, "{c:?} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn tables_agree_with_the_rules() {
        for n in (0..0x3000).chain(0xFE00..0x10000) {
            if let Some(c) = char::from_u32(n) {
                assert_eq!(fold_char(c), fold_uncached(c), "U+{n:04X}");
                assert_eq!(is_combining(c), is_combining_mark(c), "U+{n:04X}");
            }
        }
    }

    #[test]
    fn dashes_and_spaces() {
        assert_eq!(fold_char('–'), Folded::Char('-'));
        assert_eq!(fold_char('\u{00A0}'), Folded::Space);
        assert_eq!(fold_char('\u{2044}'), Folded::Char('/'));
    }
}

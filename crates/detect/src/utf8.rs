//! Reading a UTF-8 character in place. The character classes detection asks about (alphabetic,
//! alphanumeric) come from [`docfacts_normalize::CharClasses`], the table it shares with
//! extraction.

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
    fn decodes_every_wide_character() {
        for c in (0x80..0x3_0000).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(decode_wide(bytes, 0, bytes[0]), (c as u32, c.len_utf8()));
        }
    }
}

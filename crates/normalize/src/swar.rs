//! Byte tests eight bytes at a time (SWAR: a `u64` as eight lanes), for the scans that would
//! otherwise take a data-dependent branch per byte: each test gives one bit per byte, bit `i` for
//! byte `i` of the little-endian word. Every lane is computed on its low seven bits, whose sums
//! with the bounds never carry into the next lane, so each answer is exact.

/// `b` in every byte of a word.
pub const fn repeat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The eight bytes of `bytes` at `at`, as a little-endian word, if there are eight.
#[inline]
pub fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let eight = bytes.get(at..at.checked_add(8)?)?;
    <[u8; 8]>::try_from(eight).ok().map(u64::from_le_bytes)
}

/// Bits of the bytes of `word` that are ASCII and lie in `lo..=hi` (both ASCII, `lo <= hi`).
#[inline]
pub fn in_range(word: u64, lo: u8, hi: u8) -> u8 {
    let low = word & repeat(0x7F);
    let ge_lo = low.wrapping_add(repeat(0x80 - (lo & 0x7F)));
    let gt_hi = low.wrapping_add(repeat(0x7F - (hi & 0x7F)));
    gather(ge_lo & !gt_hi & !word & repeat(0x80))
}

/// Bits of the bytes of `word` equal to `b` (ASCII).
#[inline]
pub fn equal(word: u64, b: u8) -> u8 {
    in_range(word, b, b)
}

/// Bits of the ASCII bytes of `word`.
#[inline]
pub fn ascii(word: u64) -> u8 {
    gather(!word & repeat(0x80))
}

/// Bit 7 of each byte of `high` gathered into eight bits, byte `i` to bit `i`.
#[inline]
fn gather(high: u64) -> u8 {
    // Byte i's bit lands on bit 56 + i of the product; no two partial products meet below it.
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_in_every_lane() {
        let ranges = [
            (b'0', b'9'),
            (b'a', b'z'),
            (b' ', b' '),
            (0x09, 0x0D),
            (0, 0x7F),
        ];
        for b in 0..=u8::MAX {
            for lane in 0..8 {
                let mut eight = [0x80u8; 8];
                eight[lane] = b;
                let word = u64::from_le_bytes(eight);
                for (lo, hi) in ranges {
                    let expect = u8::from(b.is_ascii() && (lo..=hi).contains(&b)) << lane;
                    assert_eq!(
                        in_range(word, lo, hi),
                        expect,
                        "{b:#x} in {lo:#x}..={hi:#x}"
                    );
                }
                assert_eq!(equal(word, b' '), u8::from(b == b' ') << lane);
                assert_eq!(ascii(word), u8::from(b.is_ascii()) << lane);
            }
        }
        assert_eq!(
            in_range(u64::from_le_bytes(*b"a1b2c3d4"), b'0', b'9'),
            0b1010_1010
        );
        assert_eq!(
            load(b"0123456789", 2),
            Some(u64::from_le_bytes(*b"23456789"))
        );
        assert_eq!(load(b"0123456789", 3), None);
    }
}

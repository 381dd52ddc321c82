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

/// Bits of the bytes of `word` other than `b` (any byte): fewer steps than negating [`equal`].
#[inline]
pub fn not_equal(word: u64, b: u8) -> u8 {
    let diff = word ^ repeat(b);
    // A lane's top bit: set by its low seven bits when they are not all zero (their sum with 0x7F
    // stays in the lane), or by the lane's own top bit.
    gather(((diff & repeat(0x7F)).wrapping_add(repeat(0x7F)) | diff) & repeat(0x80))
}

/// Bits of the ASCII bytes of `word`.
#[inline]
pub fn ascii(word: u64) -> u8 {
    gather(!word & repeat(0x80))
}

/// Calls `each(start, end)` for every maximal run of bytes of `bytes` that `test` marks, in
/// order. The runs are found 64 bytes at a time from bit masks (a branch per run start and end
/// would mispredict on short runs); `test_byte` is `test` for one byte, for the bytes past the
/// last whole eight.
pub fn for_each_run(
    bytes: &[u8],
    test: impl Fn(u64) -> u8,
    test_byte: impl Fn(u8) -> bool,
    mut each: impl FnMut(usize, usize),
) {
    let mut run_start = 0;
    // 1 when the byte before the block is in a run (the run goes on).
    let mut carry = 0u64;
    for (index, block) in bytes.chunks(64).enumerate() {
        let base = index * 64;
        let mask = block_mask(block, &test, &test_byte);
        // A run starts where a byte is in and the one before is not; it has ended where a byte
        // is out (or past the end of a short last block) and the one before was in.
        let before = (mask << 1) | carry;
        let starts = mask & !before;
        let ends = !mask & before;
        carry = if block.len() == 64 { mask >> 63 } else { 0 };
        let mut events = starts | ends;
        while events != 0 {
            let k = events.trailing_zeros();
            let pos = base + k as usize;
            if starts & (1 << k) != 0 {
                run_start = pos;
            } else {
                each(run_start, pos);
            }
            events &= events - 1;
        }
    }
    if carry == 1 {
        each(run_start, bytes.len());
    }
}

/// Calls `each(start)` for the first byte of every maximal run of bytes of `bytes` that `test`
/// marks, in order: [`for_each_run`] without the runs' ends, for a caller that seeks the end of
/// only a few runs.
pub fn for_each_run_start(
    bytes: &[u8],
    test: impl Fn(u64) -> u8,
    test_byte: impl Fn(u8) -> bool,
    mut each: impl FnMut(usize),
) {
    for_each_block_of_run_starts(bytes, test, test_byte, |base, mut starts| {
        while starts != 0 {
            each(base + starts.trailing_zeros() as usize);
            starts &= starts - 1;
        }
    });
}

/// [`for_each_run_start`] a block at a time: calls `each(base, starts)` for every 64-byte block
/// of `bytes` (from byte `base`), bit `k` of `starts` set where a run starts at `base + k`; for a
/// caller that sorts a block's run starts before it looks at any closely.
pub fn for_each_block_of_run_starts(
    bytes: &[u8],
    test: impl Fn(u64) -> u8,
    test_byte: impl Fn(u8) -> bool,
    mut each: impl FnMut(usize, u64),
) {
    // 1 when the byte before the block is in a run (the run goes on).
    let mut carry = 0u64;
    for (index, block) in bytes.chunks(64).enumerate() {
        let mask = block_mask(block, &test, &test_byte);
        let starts = mask & !((mask << 1) | carry);
        carry = mask >> 63;
        if starts != 0 {
            each(index * 64, starts);
        }
    }
}

/// The bits of the bytes of `block` (at most 64) that `test` marks, byte `i` to bit `i`;
/// `test_byte` tests the bytes past the last whole eight.
#[inline]
fn block_mask(block: &[u8], test: impl Fn(u64) -> u8, test_byte: impl Fn(u8) -> bool) -> u64 {
    let mut mask = 0u64;
    let mut eights = block.chunks_exact(8);
    for (k, eight) in eights.by_ref().enumerate() {
        mask |= u64::from(test(load(eight, 0).unwrap_or(0))) << (8 * k);
    }
    let done = block.len() - eights.remainder().len();
    for (k, &b) in eights.remainder().iter().enumerate() {
        mask |= u64::from(test_byte(b)) << (done + k);
    }
    mask
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
                for other in [b' ', 0, 0x80, 0xFF, b] {
                    let mut eight = [other; 8];
                    eight[lane] = b;
                    let word = u64::from_le_bytes(eight);
                    let expect = eight
                        .iter()
                        .enumerate()
                        .fold(0u8, |bits, (i, &x)| bits | u8::from(x != b' ') << i);
                    assert_eq!(not_equal(word, b' '), expect, "{eight:?}");
                }
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

    #[test]
    fn runs_across_blocks() {
        let text: Vec<u8> = (0..200)
            .map(|i| {
                if i % 7 < 3 || (60..70).contains(&i) {
                    b'1'
                } else {
                    b'x'
                }
            })
            .collect();
        let mut runs = Vec::new();
        for_each_run(
            &text,
            |w| in_range(w, b'0', b'9'),
            |b| b.is_ascii_digit(),
            |s, e| runs.push(s..e),
        );
        let mut expect = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if text[i] == b'1' {
                let start = i;
                while i < text.len() && text[i] == b'1' {
                    i += 1;
                }
                expect.push(start..i);
            } else {
                i += 1;
            }
        }
        assert_eq!(runs, expect);
        let mut all = Vec::new();
        for_each_run(
            &[b'7'; 128],
            |w| in_range(w, b'0', b'9'),
            |b| b.is_ascii_digit(),
            |s, e| all.push(s..e),
        );
        assert_eq!(all, vec![(0..128)]);
        let mut starts = Vec::new();
        for_each_run_start(
            &text,
            |w| in_range(w, b'0', b'9'),
            |b| b.is_ascii_digit(),
            |s| starts.push(s),
        );
        let expect_starts: Vec<usize> = expect.iter().map(|r| r.start).collect();
        assert_eq!(starts, expect_starts);
    }
}

//! A global sequence alignment (Needleman–Wunsch) with a caller-given pairing cost, in memory
//! linear in the two lengths.
//!
//! Why an alignment and not a bag of values: a translation keeps the order of its facts, so the
//! i-th `7/36` of the original is paired with the `7/36` at the same place in the translation, a
//! changed value lands on the same row as the value it replaced (one *mismatch*, not one fact
//! missing on each side), and a dropped sentence leaves a run of gaps.
//!
//! Why no table: the n × m table of costs and back pointers grows with the product of the two
//! lists (10,000 facts a side is 900 MB; a 20 MB pair asked for 82 GB). The alignment is found by
//! divide and conquer instead (after Hirschberg), keeping O(n + m) numbers: a sweep over a
//! rectangle of the table keeps two rows and, for every cell past the middle row, where the
//! traceback from that cell first meets the middle (a rectangle wider than high is swept transposed,
//! so split at its middle column the same way). The traceback from the rectangle's corner
//! thus crosses the middle at a known cell, which splits the rectangle in two smaller ones, each
//! solved the same way from the values on its edges. Time stays O(n · m): every level of the
//! recursion sweeps at most 1.5 times an area that halves from one level to the next.
//!
//! The path is *the same* as the full table's traceback, ties included: a cell's value and back
//! pointer depend only on the cells above and to its left, so recomputing them from a rectangle's
//! edges gives the same numbers, and the traceback is followed, never re-optimized (the unit tests
//! compare both on random lists full of ties).

use std::cell::Cell;
use std::ops::{Deref, DerefMut};

/// One row of an alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// `a[i]` is paired with `b[j]`.
    Pair(usize, usize),
    /// `a[i]` has no partner.
    OnlyA(usize),
    /// `b[j]` has no partner.
    OnlyB(usize),
}

/// The cost of leaving one fact unpaired. A pairing costs less than two gaps when it is plausible.
pub(crate) const GAP: f64 = 1.0;

/// Rectangles of at most this many cells are solved with a table of back pointers.
const SMALL: usize = 1 << 12;

/// Back pointers: pair `a[i-1]` with `b[j-1]`, leave `a[i-1]` unpaired, leave `b[j-1]` unpaired.
const DIAG: u8 = 0;
const UP: u8 = 1;
const LEFT: u8 = 2;

/// Aligns `n` facts of A with `m` facts of B. `cost(i, j)` is the cost of pairing `a[i]` with
/// `b[j]`, or `None` when they may never be paired. Deterministic: ties prefer a pair, then (reading
/// forward) a gap in A before a gap in B. Memory O(n + m), time O(n · m).
pub(crate) fn align(n: usize, m: usize, cost: impl Fn(usize, usize) -> Option<f64>) -> Vec<Step> {
    align_counted(n, m, &cost, &Tally::default())
}

/// [`align`], counting in `tally` the numbers it keeps (table cells, edges, rows).
pub(crate) fn align_counted(
    n: usize,
    m: usize,
    cost: &impl Fn(usize, usize) -> Option<f64>,
    tally: &Tally,
) -> Vec<Step> {
    let edge = |len: usize| {
        let mut v = Buf::new(tally, Vec::with_capacity(len + 1));
        let mut x = 0.0;
        v.push(x);
        for _ in 0..len {
            x += GAP;
            v.push(x);
        }
        v
    };
    let (top, left) = (edge(m), edge(n));
    let mut steps = Vec::with_capacity(n + m);
    let frame = Frame {
        p: (0, 0),
        q: (n, m),
    };
    solve(cost, frame, &top, &left, &mut steps, tally);
    steps.reverse();
    steps
}

/// Counts the numbers an alignment keeps at once (the test of linear memory reads `peak`).
#[derive(Debug, Default)]
pub(crate) struct Tally {
    live: Cell<usize>,
    peak: Cell<usize>,
}

impl Tally {
    /// The most numbers (`f64`, indices and back pointers alike) held at any one time.
    #[cfg(test)]
    pub(crate) fn peak(&self) -> usize {
        self.peak.get()
    }

    fn take(&self, k: usize) {
        let live = self.live.get() + k;
        self.live.set(live);
        self.peak.set(self.peak.get().max(live));
    }

    fn give(&self, k: usize) {
        self.live.set(self.live.get().saturating_sub(k));
    }
}

/// A vector whose length is counted in a [`Tally`] while it lives.
struct Buf<'t, T> {
    v: Vec<T>,
    counted: usize,
    tally: &'t Tally,
}

impl<'t, T> Buf<'t, T> {
    fn new(tally: &'t Tally, v: Vec<T>) -> Buf<'t, T> {
        let counted = v.capacity();
        tally.take(counted);
        Buf { v, counted, tally }
    }

    fn filled(tally: &'t Tally, x: T, len: usize) -> Buf<'t, T>
    where
        T: Clone,
    {
        Buf::new(tally, vec![x; len])
    }
}

impl<T> Deref for Buf<'_, T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.v
    }
}

impl<T> DerefMut for Buf<'_, T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.v
    }
}

impl<T> Drop for Buf<'_, T> {
    fn drop(&mut self) {
        self.tally.give(self.counted);
    }
}

/// A rectangle of the table, from cell `p` to cell `q` (cell `(i, j)`: the first `i` facts of A
/// against the first `j` of B). The traceback is known to pass through both corners.
#[derive(Clone, Copy, Debug)]
struct Frame {
    p: (usize, usize),
    q: (usize, usize),
}

impl Frame {
    /// The same rectangle of the table transposed (rows and columns swapped).
    fn transposed(self) -> Frame {
        Frame {
            p: (self.p.1, self.p.0),
            q: (self.q.1, self.q.0),
        }
    }
}

/// A cell's value and back pointer from its neighbours: `diag` is the cell up-left plus the
/// pairing cost (if the two may pair), `left` and `up` the neighbours' values. The comparisons are
/// the full table's, so ties fall the same way: a pair first, then the neighbour to the left in
/// the full table, then the one above. `TRANSPOSED`: the cell is of the table transposed (see
/// [`split`]), whose neighbour above is the full table's to the left, so it is weighed first.
#[inline]
fn cell<const TRANSPOSED: bool>(diag: Option<f64>, left: f64, up: f64) -> (f64, u8) {
    let gaps = if TRANSPOSED {
        [(up, UP), (left, LEFT)]
    } else {
        [(left, LEFT), (up, UP)]
    };
    let mut best = diag.unwrap_or(f64::INFINITY);
    let mut from = DIAG;
    for (neighbour, direction) in gaps {
        if neighbour + GAP < best - 1e-12 {
            best = neighbour + GAP;
            from = direction;
        }
    }
    (best, from)
}

/// Computes the rows `p.0 + 1 ..= last` of the rectangle whose top row (from column `p.1`) is
/// `top` and whose left column (from row `p.0`) is `left`, calling `on_row(i, values, moves)` for
/// each (the first column of a row is its `left` value, reached from above). `TRANSPOSED`: the
/// rectangle is of the table transposed, whose cell `(i, j)` pairs `b[i - 1]` with `a[j - 1]`.
fn sweep<const TRANSPOSED: bool>(
    cost: &impl Fn(usize, usize) -> Option<f64>,
    p: (usize, usize),
    top: &[f64],
    left: &[f64],
    last: usize,
    tally: &Tally,
    mut on_row: impl FnMut(usize, &[f64], &[u8]),
) {
    let w = top.len();
    let mut prev = Buf::new(tally, top.to_vec());
    let mut cur = Buf::filled(tally, 0.0f64, w);
    let mut moves = Buf::filled(tally, UP, w);
    for (i, &first) in (p.0 + 1..=last).zip(left.iter().skip(1)) {
        let (Some((c0, cells)), Some((_, mvs))) = (cur.split_first_mut(), moves.split_first_mut())
        else {
            return;
        };
        *c0 = first;
        let mut before = first;
        for ((k, pair), (c, mv)) in prev
            .windows(2)
            .enumerate()
            .zip(cells.iter_mut().zip(mvs.iter_mut()))
        {
            let &[diag, up] = pair else { continue };
            let pairing = if TRANSPOSED {
                cost(p.1 + k, i - 1)
            } else {
                cost(i - 1, p.1 + k)
            };
            let (v, from) = cell::<TRANSPOSED>(pairing.map(|x| diag + x), before, up);
            *c = v;
            *mv = from;
            before = v;
        }
        on_row(i, &cur, &moves);
        std::mem::swap(&mut prev.v, &mut cur.v);
    }
}

/// Pushes the steps of the traceback from `frame.q` back to `frame.p`, last step first. `top` and
/// `left` are the values of the frame's first row and first column.
fn solve(
    cost: &impl Fn(usize, usize) -> Option<f64>,
    frame: Frame,
    top: &[f64],
    left: &[f64],
    out: &mut Vec<Step>,
    tally: &Tally,
) {
    let Frame { p, q } = frame;
    let (h, w) = (q.0 - p.0, q.1 - p.1);
    if h == 0 {
        out.extend((p.1..q.1).rev().map(Step::OnlyB));
    } else if w == 0 {
        out.extend((p.0..q.0).rev().map(Step::OnlyA));
    } else if (h + 1).saturating_mul(w + 1) <= SMALL {
        solve_small(cost, frame, top, left, out, tally);
    } else if h >= w {
        split::<false>(cost, frame, top, left, out, tally);
    } else {
        split::<true>(cost, frame.transposed(), left, top, out, tally);
    }
}

/// A small frame: a table of back pointers, then the traceback.
fn solve_small(
    cost: &impl Fn(usize, usize) -> Option<f64>,
    Frame { p, q }: Frame,
    top: &[f64],
    left: &[f64],
    out: &mut Vec<Step>,
    tally: &Tally,
) {
    let w = q.1 - p.1 + 1;
    let mut table = Buf::filled(tally, LEFT, (q.0 - p.0 + 1) * w);
    sweep::<false>(cost, p, top, left, q.0, tally, |i, _, moves| {
        let row = (i - p.0) * w;
        if let Some(dst) = table.get_mut(row..row + w) {
            dst.copy_from_slice(moves);
        }
    });
    let (mut i, mut j) = q;
    while i > p.0 || j > p.1 {
        // the first row of a frame is reached from the left, its first column from above
        let from = if i == p.0 {
            LEFT
        } else if j == p.1 {
            UP
        } else {
            table.get((i - p.0) * w + j - p.1).copied().unwrap_or(UP)
        };
        match from {
            DIAG => {
                out.push(Step::Pair(i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            UP => {
                out.push(Step::OnlyA(i - 1));
                i -= 1;
            }
            _ => {
                out.push(Step::OnlyB(j - 1));
                j -= 1;
            }
        }
    }
}

/// Splits at the middle row: the cell where the traceback last leaves that row divides the frame
/// into an upper-left and a lower-right one, each solved in turn.
///
/// `TRANSPOSED`: the frame, its edges and its sweeps are of the table transposed (rows of B,
/// columns of A), so that a frame wider than high is split at its middle column in the same way
/// (see [`cell`] for why the ties still fall as in the full table); the two parts are solved in the
/// table's own orientation.
fn split<const TRANSPOSED: bool>(
    cost: &impl Fn(usize, usize) -> Option<f64>,
    Frame { p, q }: Frame,
    top: &[f64],
    left: &[f64],
    out: &mut Vec<Step>,
    tally: &Tally,
) {
    let mid = p.0 + (q.0 - p.0) / 2;
    let w = top.len();
    let mut mid_row = Buf::filled(tally, 0.0f64, 0);
    // for each cell of the current and the previous row below `mid`: the column at which its
    // traceback first reaches row `mid`
    let mut origin = Buf::filled(tally, p.1, w);
    let mut origin_prev = Buf::filled(tally, p.1, w);
    sweep::<TRANSPOSED>(cost, p, top, left, q.0, tally, |i, values, moves| {
        if i == mid {
            mid_row.extend_from_slice(values);
        }
        if i <= mid {
            return;
        }
        let mut before = p.1;
        for (k, (&mv, o)) in moves.iter().zip(origin.iter_mut()).enumerate() {
            let j = p.1 + k;
            *o = match mv {
                _ if k == 0 => p.1,
                DIAG if i - 1 == mid => j - 1,
                DIAG => origin_prev.get(k - 1).copied().unwrap_or(p.1),
                UP if i - 1 == mid => j,
                UP => origin_prev.get(k).copied().unwrap_or(p.1),
                _ => before,
            };
            before = *o;
        }
        std::mem::swap(&mut origin.v, &mut origin_prev.v);
    });
    let c = origin_prev.last().copied().unwrap_or(p.1);
    drop((origin, origin_prev));
    // the lower frame's left column: column `c` of the rows below `mid`
    let c_k = c - p.1;
    let mut column = Buf::new(tally, Vec::with_capacity(q.0 - mid + 1));
    column.push(mid_row.get(c_k).copied().unwrap_or(0.0));
    let mid_left = left.get(mid - p.0..).unwrap_or(&[]);
    sweep::<TRANSPOSED>(
        cost,
        (mid, p.1),
        mid_row.get(..=c_k).unwrap_or(&[]),
        mid_left,
        q.0,
        tally,
        |_, values, _| column.push(values.last().copied().unwrap_or(0.0)),
    );
    let lower = Frame { p: (mid, c), q };
    solve_part::<TRANSPOSED>(
        cost,
        lower,
        mid_row.get(c_k..).unwrap_or(&[]),
        &column,
        out,
        tally,
    );
    drop((mid_row, column));
    let upper = Frame { p, q: (mid, c) };
    let (top, left) = (top.get(..=c_k), left.get(..=mid - p.0));
    solve_part::<TRANSPOSED>(
        cost,
        upper,
        top.unwrap_or(&[]),
        left.unwrap_or(&[]),
        out,
        tally,
    );
}

/// [`solve`] of a part of a frame that [`split`] gives in its own orientation.
fn solve_part<const TRANSPOSED: bool>(
    cost: &impl Fn(usize, usize) -> Option<f64>,
    part: Frame,
    top: &[f64],
    left: &[f64],
    out: &mut Vec<Step>,
    tally: &Tally,
) {
    if TRANSPOSED {
        solve(cost, part.transposed(), left, top, out, tally);
    } else {
        solve(cost, part, top, left, out, tally);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full-table alignment this module replaced: the reference for the same path.
    fn align_table(n: usize, m: usize, cost: impl Fn(usize, usize) -> Option<f64>) -> Vec<Step> {
        let w = m + 1;
        let mut dp = vec![0.0f64; (n + 1) * w];
        let mut back = vec![0u8; (n + 1) * w];
        for i in 0..=n {
            for j in 0..=m {
                let k = i * w + j;
                if i == 0 && j == 0 {
                    continue;
                }
                let mut best = f64::INFINITY;
                let mut from = 0u8;
                if i > 0
                    && j > 0
                    && let Some(c) = cost(i - 1, j - 1)
                {
                    best = dp[k - w - 1] + c;
                }
                if j > 0 && dp[k - 1] + GAP < best - 1e-12 {
                    best = dp[k - 1] + GAP;
                    from = 2;
                }
                if i > 0 && dp[k - w] + GAP < best - 1e-12 {
                    best = dp[k - w] + GAP;
                    from = 1;
                }
                dp[k] = best;
                back[k] = from;
            }
        }
        let mut steps = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let from = if i == 0 {
                2
            } else if j == 0 {
                1
            } else {
                back[i * w + j]
            };
            match from {
                0 => {
                    steps.push(Step::Pair(i - 1, j - 1));
                    i -= 1;
                    j -= 1;
                }
                1 => {
                    steps.push(Step::OnlyA(i - 1));
                    i -= 1;
                }
                _ => {
                    steps.push(Step::OnlyB(j - 1));
                    j -= 1;
                }
            }
        }
        steps.reverse();
        steps
    }

    /// Equal letters pair for free, different lowercase letters may be substituted.
    fn run(a: &str, b: &str) -> Vec<Step> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        align(a.len(), b.len(), |i, j| {
            let (x, y) = (a[i], b[j]);
            if x == y {
                Some(0.0)
            } else if x.is_lowercase() == y.is_lowercase() {
                Some(0.9)
            } else {
                None
            }
        })
    }

    #[test]
    fn identical() {
        assert_eq!(
            run("abc", "abc"),
            vec![Step::Pair(0, 0), Step::Pair(1, 1), Step::Pair(2, 2)]
        );
    }

    #[test]
    fn deletion_and_insertion() {
        assert_eq!(
            run("abc", "ac"),
            vec![Step::Pair(0, 0), Step::OnlyA(1), Step::Pair(2, 1)]
        );
        assert_eq!(
            run("ac", "abc"),
            vec![Step::Pair(0, 0), Step::OnlyB(1), Step::Pair(1, 2)]
        );
    }

    #[test]
    fn substitution_is_one_row() {
        assert_eq!(
            run("abc", "axc"),
            vec![Step::Pair(0, 0), Step::Pair(1, 1), Step::Pair(2, 2)]
        );
    }

    #[test]
    fn never_pairs_what_may_not_pair() {
        assert_eq!(run("A", "b"), vec![Step::OnlyA(0), Step::OnlyB(0)]);
    }

    #[test]
    fn empty_sides() {
        assert_eq!(run("", ""), vec![]);
        assert_eq!(run("ab", ""), vec![Step::OnlyA(0), Step::OnlyA(1)]);
        assert_eq!(run("", "a"), vec![Step::OnlyB(0)]);
    }

    /// A small deterministic generator (xorshift), so the tests need no dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, k: u64) -> u64 {
            self.next() % k
        }
    }

    /// Lists of facts as the comparison builds them: a class, a value among few (many ties), a
    /// position; the cost is compare's (equal values cheap, more when far; others 0.9 + distance).
    fn facts(rng: &mut Rng, len: usize, values: u64) -> Vec<(u64, u64, f64)> {
        let mut pos = 0.0;
        (0..len)
            .map(|_| {
                pos += rng.below(4) as f64 / (4 * len.max(1)) as f64;
                (rng.below(3), rng.below(values), pos)
            })
            .collect()
    }

    fn fact_cost(a: &[(u64, u64, f64)], b: &[(u64, u64, f64)], i: usize, j: usize) -> Option<f64> {
        let ((ca, va, pa), (cb, vb, pb)) = (a[i], b[j]);
        if ca != cb {
            return None;
        }
        let d = (pa - pb).abs();
        Some(if va == vb {
            (3.0 * d).min(1.9)
        } else {
            0.9 + 4.0 * d
        })
    }

    #[test]
    fn same_path_as_the_full_table_on_random_lists() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..300 {
            // sizes around the small-frame threshold and well past it, some far from square
            let n = rng.below(if round % 3 == 0 { 300 } else { 90 }) as usize;
            let m = rng.below(if round % 4 == 0 { 250 } else { 90 }) as usize;
            let values = 1 + rng.below(6);
            let (a, b) = (facts(&mut rng, n, values), facts(&mut rng, m, values));
            let cost = |i: usize, j: usize| fact_cost(&a, &b, i, j);
            assert_eq!(
                align(n, m, cost),
                align_table(n, m, cost),
                "round {round}: {n} × {m} facts, {values} values; check the frame edges in \
                 split, both orientations"
            );
        }
        // integer costs: exact ties everywhere
        for round in 0..100 {
            let (n, m) = (rng.below(200) as usize, rng.below(200) as usize);
            let seed = rng.next();
            let cost = |i: usize, j: usize| {
                let h = (i as u64 * 31 + j as u64 * 17) ^ seed;
                match h % 5 {
                    0 => None,
                    1 => Some(2.0),
                    k => Some((k - 2) as f64),
                }
            };
            assert_eq!(
                align(n, m, cost),
                align_table(n, m, cost),
                "integer round {round}: {n} × {m}"
            );
        }
    }

    #[test]
    fn memory_is_linear_in_the_two_lengths() {
        // 3,000 × 2,000 facts: the full table held 6 million cells (twice: costs and pointers)
        let mut rng = Rng(42);
        for (n, m, values) in [
            (3000, 2000, 4),
            (2000, 3000, 1000),
            (1, 5000, 2),
            (4000, 7, 3),
        ] {
            let (a, b) = (facts(&mut rng, n, values), facts(&mut rng, m, values));
            let tally = Tally::default();
            let steps = align_counted(n, m, &|i, j| fact_cost(&a, &b, i, j), &tally);
            let paired = steps.iter().filter(|s| matches!(s, Step::Pair(..))).count();
            assert!(steps.len() >= n.max(m) && paired <= n.min(m));
            assert!(
                tally.peak() <= 12 * (n + m) + 4 * SMALL,
                "{n} × {m}: {} numbers held at once, more than linear in n + m",
                tally.peak()
            );
        }
    }
}

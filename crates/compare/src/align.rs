//! A global sequence alignment (Needleman–Wunsch) with a caller-given pairing cost.
//!
//! Why an alignment and not a bag of values: a translation keeps the order of its facts, so the
//! i-th `7/36` of the original is paired with the `7/36` at the same place in the translation, a
//! changed value lands on the same row as the value it replaced (one *mismatch*, not one fact
//! missing on each side), and a dropped sentence leaves a run of gaps.

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

/// Aligns `n` facts of A with `m` facts of B. `cost(i, j)` is the cost of pairing `a[i]` with
/// `b[j]`, or `None` when they may never be paired. Deterministic: ties prefer a pair, then (reading
/// forward) a gap in A before a gap in B.
pub(crate) fn align(n: usize, m: usize, cost: impl Fn(usize, usize) -> Option<f64>) -> Vec<Step> {
    let w = m + 1;
    let mut dp = vec![0.0f64; (n + 1) * w];
    // 0 = pair (diagonal), 1 = gap in A's row (up), 2 = gap in B's column (left)
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
                && let (Some(c), Some(prev)) = (cost(i - 1, j - 1), dp.get(k - w - 1))
            {
                best = prev + c;
            }
            if j > 0
                && let Some(prev) = dp.get(k - 1)
                && prev + GAP < best - 1e-12
            {
                best = prev + GAP;
                from = 2;
            }
            if i > 0
                && let Some(prev) = dp.get(k - w)
                && prev + GAP < best - 1e-12
            {
                best = prev + GAP;
                from = 1;
            }
            if let (Some(d), Some(b)) = (dp.get_mut(k), back.get_mut(k)) {
                *d = best;
                *b = from;
            }
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let from = if i == 0 {
            2
        } else if j == 0 {
            1
        } else {
            back.get(i * w + j).copied().unwrap_or(1)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

//! Where a place of one document lies in the other: linear interpolation between the facts that
//! the alignment paired with equal values.

/// Positions of facts paired with equal values, `(pos in A, pos in B)`, kept sorted by either
/// side so that mapping a position is a binary search.
#[derive(Clone, Debug, Default)]
pub(crate) struct Anchors {
    /// Sorted by A's position, then B's.
    by_a: Vec<(f64, f64)>,
    /// `(pos in B, pos in A)`, sorted by B's position (stable: ties keep `by_a`'s order).
    by_b: Vec<(f64, f64)>,
}

impl Anchors {
    /// Anchors from pairs `(pos in A, pos in B)` in any order.
    pub(crate) fn new(mut pairs: Vec<(f64, f64)>) -> Anchors {
        pairs.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
        let mut by_b: Vec<(f64, f64)> = pairs.iter().map(|&(x, y)| (y, x)).collect();
        by_b.sort_by(|p, q| p.0.total_cmp(&q.0));
        Anchors { by_a: pairs, by_b }
    }

    /// Maps a relative position from one document to the other by linear interpolation between
    /// the nearest anchors (the document's ends are anchors too). `from_a`: the position is in A.
    pub(crate) fn map(&self, p: f64, from_a: bool) -> f64 {
        let pts = if from_a { &self.by_a } else { &self.by_b };
        // the last anchor at or before `p`, and the first one after it
        let k = pts.partition_point(|&(x, _)| x <= p);
        let lo = k
            .checked_sub(1)
            .and_then(|k| pts.get(k))
            .copied()
            .unwrap_or((0.0, 0.0));
        let hi = pts.get(k).copied().unwrap_or((1.0, 1.0));
        if hi.0 - lo.0 <= f64::EPSILON {
            return lo.1;
        }
        lo.1 + (p - lo.0) * (hi.1 - lo.1) / (hi.0 - lo.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The linear scan this replaced, for comparison.
    fn map_scan(anchors: &[(f64, f64)], p: f64, from_a: bool) -> f64 {
        let pts: Vec<(f64, f64)> = if from_a {
            anchors.to_vec()
        } else {
            let mut v: Vec<(f64, f64)> = anchors.iter().map(|&(x, y)| (y, x)).collect();
            v.sort_by(|p, q| p.0.total_cmp(&q.0));
            v
        };
        let mut lo = (0.0, 0.0);
        let mut hi = (1.0, 1.0);
        for &(x, y) in &pts {
            if x <= p {
                lo = (x, y);
            } else {
                hi = (x, y);
                break;
            }
        }
        if hi.0 - lo.0 <= f64::EPSILON {
            return lo.1;
        }
        lo.1 + (p - lo.0) * (hi.1 - lo.1) / (hi.0 - lo.0)
    }

    #[test]
    fn binary_search_maps_as_the_scan_did() {
        let pairs = vec![
            (0.5, 0.4),
            (0.1, 0.2),
            (0.5, 0.3),
            (0.9, 0.95),
            (0.3, 0.3),
            (0.7, 0.3),
        ];
        let anchors = Anchors::new(pairs.clone());
        let mut sorted = pairs;
        sorted.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
        for k in 0..=100 {
            let p = f64::from(k) / 100.0;
            for from_a in [true, false] {
                assert_eq!(
                    anchors.map(p, from_a).to_bits(),
                    map_scan(&sorted, p, from_a).to_bits(),
                    "p = {p}, from_a = {from_a}"
                );
            }
        }
        assert_eq!(Anchors::default().map(0.25, true), 0.25);
    }
}

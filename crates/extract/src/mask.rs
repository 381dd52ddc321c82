//! View ranges already claimed by an earlier extractor (or excluded: URLs, names), so that a number
//! is reported once, by the most specific grammar.

/// A set of disjoint half-open view ranges, sorted by start (extractors claim in text order, so
/// an insert is almost always a push).
#[derive(Clone, Debug, Default)]
pub(crate) struct Taken {
    ranges: Vec<(usize, usize)>,
}

impl Taken {
    /// No range claimed yet, with room for `n` claims.
    pub(crate) fn with_capacity(n: usize) -> Taken {
        Taken {
            ranges: Vec::with_capacity(n),
        }
    }

    /// True when `start..end` shares a byte with a claimed range.
    pub(crate) fn overlaps(&self, start: usize, end: usize) -> bool {
        let before = self.ranges.partition_point(|&(s, _)| s < end);
        before
            .checked_sub(1)
            .and_then(|i| self.ranges.get(i))
            .is_some_and(|&(_, e)| e > start)
    }

    /// [`Taken::add`], at once where `start..end` comes after every claimed range (an extractor
    /// that claims in text order).
    pub(crate) fn add_in_order(&mut self, start: usize, end: usize) {
        if start < end && self.ranges.last().is_none_or(|&(s, _)| s < start) {
            self.ranges.push((start, end));
        } else {
            self.add(start, end);
        }
    }

    /// Claims `start..end` (callers check `overlaps` first, so ranges stay disjoint).
    pub(crate) fn add(&mut self, start: usize, end: usize) {
        if start < end {
            let at = self.ranges.partition_point(|&(s, _)| s < start);
            self.ranges.insert(at, (start, end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap() {
        let mut t = Taken::default();
        t.add(10, 20);
        t.add(30, 35);
        assert!(t.overlaps(15, 16));
        assert!(t.overlaps(5, 11));
        assert!(t.overlaps(19, 40));
        assert!(!t.overlaps(20, 30));
        assert!(!t.overlaps(0, 10));
        assert!(!t.overlaps(35, 50));
    }
}

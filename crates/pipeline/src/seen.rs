//! Duplicate claims: which in-flight input analyses a content first.

use std::collections::HashMap;

use crate::firsts::{ContentKey, Firsts};

/// What deduplication knows: the first occurrences emitted so far, and which in-flight input
/// claimed each content not yet emitted (the earliest seen), so that workers analyse each
/// content about once.
#[derive(Default)]
pub(crate) struct Seen {
    pub(crate) firsts: Firsts,
    /// Content → index of the earliest in-flight input claiming it (a few per thread).
    pub(crate) claims: HashMap<ContentKey, usize>,
}

impl Seen {
    /// Whether input `index` should analyse `key`: no `ok` first occurrence is known and no
    /// earlier input claimed it. An earlier claim found later wins at emit time.
    pub(crate) fn claim(&mut self, key: ContentKey, index: usize) -> bool {
        if self.firsts.first_ok(&key).is_some() {
            return false;
        }
        match self.claims.get_mut(&key) {
            Some(claimant) if *claimant < index => false,
            Some(claimant) => {
                *claimant = index;
                true
            }
            None => {
                self.claims.insert(key, index);
                true
            }
        }
    }

    /// Input `index` is emitted: its claim, if it still holds one, ends.
    pub(crate) fn release(&mut self, key: ContentKey, index: usize) {
        if self.claims.get(&key) == Some(&index) {
            self.claims.remove(&key);
        }
    }
}

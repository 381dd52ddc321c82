//! Indonesian, reduced to its month names (every other table empty, from `Pack::EMPTY`), registered in
//! `PACKS` with one line, compiled only with the `test-pack` feature (the integration tests turn
//! it on). Its month-name dates go through the whole pipeline (`tests/cases.rs`), with no other
//! change anywhere: that is all adding a language's dates takes.

use super::{Pack, Word};

/// Indonesian, months only (tests).
pub(crate) static PACK: Pack = Pack {
    months: &[
        (Word::plain("januari"), 1),
        (Word::plain("februari"), 2),
        (Word::plain("maret"), 3),
        (Word::plain("april"), 4),
        (Word::plain("mei"), 5),
        (Word::plain("juni"), 6),
        (Word::plain("juli"), 7),
        (Word::plain("agustus"), 8),
        (Word::plain("september"), 9),
        (Word::plain("oktober"), 10),
        (Word::plain("november"), 11),
        (Word::plain("desember"), 12),
    ],
    ..Pack::EMPTY
};

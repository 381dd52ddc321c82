//! A copy-me pack: copy this file to `xx.rs` (the language's ISO 639-1 code), fill in the tables
//! the language has, and register it in `PACKS` (`lib.rs`) with one line. Each table is described
//! on its field of [`Pack`]; those not written here stay empty ([`Pack::EMPTY`]). Words are written
//! as the matching view shows them: accent-folded, lowercase, single-spaced (the test in `lib.rs`
//! checks this for every registered pack).
//!
//! This file is compiled in tests only, so that it stays a valid pack as `Pack` grows.

use docfacts_types::{Lang, Qualifier};

use super::{Pack, Word};

/// The template (a pack of no language).
pub(crate) static PACK: Pack = Pack {
    lang: Lang::Und,
    // Month names and abbreviations → month. A word that folding makes ambiguous carries the
    // printed forms that make it the month: `Word { folded: "thang sau", printed: &["tháng sáu"] }`.
    months: &[(Word::plain("example month"), 1)],
    // Numbers in words: ("six", 6).
    number_words: &[("example six", 6)],
    // Hedges before a figure.
    qualifiers: &[("about", Qualifier::About)],
    // (word, multiplier, English name): ("million", 1e6, "million").
    scales: &[("example million", 1e6, "million")],
    // Words that name a document's type → its code: ("decree", "NĐ").
    type_words: &[("example decree", "NĐ")],
    // Frequent words that detection counts as evidence: "the", "of" …
    function_words: &["example the"],
    ..Pack::EMPTY
};

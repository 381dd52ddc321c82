//! Indonesian, reduced to its month names: a pack made from `template.rs` and registered in
//! `PACKS` with one line, compiled only with the `test-pack` feature (the integration tests turn
//! it on). Its month-name dates go through the whole pipeline (`tests/cases.rs`), with no other
//! change anywhere: that is all adding a language's dates takes.

use docfacts_types::Lang;

use super::{Pack, Word};

/// Indonesian, months only (tests).
pub(crate) static PACK: Pack = Pack {
    lang: Lang::Und,
    // Month names and abbreviations → month. A word that folding makes ambiguous carries the
    // printed forms that make it the month: `Word { folded: "thang sau", printed: &["tháng sáu"] }`.
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
    // Months of the language's own calendar (Jalali for Persian).
    calendar_months: &[],
    // Month names that are also everyday words (English `may`).
    ambiguous_months: &[],
    // Numbers in words: ("six", 6).
    number_words: &[],
    weekdays: &[],
    // Day numbers in words: ("first", 1) …
    day_words: &[],
    // `1st`, `2nd`: "st", "nd", "rd", "th".
    ordinal_suffixes: &[],
    // Words after which `30/9` is a date.
    date_announcers: &[],
    // Words that open a day of the month (Vietnamese `mồng`).
    day_words_before: &[],
    eras: &[],
    qualifiers: &[],
    sign_words: &[],
    // (word, multiplier, English name): ("million", 1e6, "million").
    scales: &[],
    // Letters glued to a number, case-sensitive: ("k", 1e3, "thousand").
    scale_suffixes: &[],
    joiners: &[],
    currencies_after: &[],
    currencies_before: &[],
    damaged_currencies: &[],
    minor_units: &[],
    decimal_words: &[],
    percent_words: &[],
    // Words before a number that name an article, clause, district … (never a quantity).
    structure_words: &[],
    // Words that name a document's type → its code: ("decree", "NĐ").
    type_words: &[],
    version_words: &[],
    space_grouping: false,
    function_words: &[],
    ocr_confusions: &[],
};

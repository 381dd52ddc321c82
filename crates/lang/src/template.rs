//! A copy-me pack: copy this file to `xx.rs` (the language's ISO 639-1 code), fill in the tables,
//! and register it in `PACKS` (`mod.rs`) with one line. Leave a table empty where the language has
//! no such words. Words are written as the matching view shows them: accent-folded, lowercase,
//! single-spaced (the test in `mod.rs` checks this for every registered pack).
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
    qualifiers: &[("about", Qualifier::About)],
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
    // Frequent words that detection counts as evidence: "the", "of" …
    function_words: &[],
    // OCR misreadings → the word: ("s6", "so", OcrRewrite::BeforeNumber).
    ocr_confusions: &[],
};

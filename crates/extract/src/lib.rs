//! Stage 4 of docfacts: finds dates, official document numbers and figures (see `ARCHITECTURE.md`).
//!
//! Every grammar matches on the document's matching [`View`] (accent-folded, whitespace-collapsed,
//! ASCII digits) and reports spans in the source text through the view's map, so the reported
//! `text` is always the source's own bytes. The extractors run in a fixed order: document numbers
//! first, then dates outside them, then figures outside both (and outside URLs and names), so that
//! no number is reported twice.
//!
//! Infallible: doubt is expressed by not reporting, never by an error.
//!
//! ```
//! use docfacts_extract::{extract, Analyzed};
//! use docfacts_normalize::View;
//! use docfacts_types::{Lang, Variant};
//! let source = "Nghị quyết số 57-NQ/TW, ngày 22/12/2024: đạt 91,83%.";
//! let view = View::new(source);
//! let facts = extract(&Analyzed { source, view: &view, lang: Lang::Vi, variant: Some(Variant::Diacritics), deadline: None });
//! assert_eq!(facts.doc_refs[0].id, "57-NQ/TW");
//! assert_eq!(facts.dates[0].iso, "2024-12-22");
//! assert_eq!(facts.figures[0].value, 91.83);
//! ```
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod codes;
mod date_hand;
mod date_match;
mod dates;
mod dates_fa;
mod describe;
mod doc_refs;
mod figures;
mod long;
mod mask;
mod numbers;
mod repair;

/// The language packs (`docfacts-lang`), under the name the grammars use.
pub(crate) use docfacts_lang as packs;
#[cfg(test)]
mod tests_fa;
mod text;
mod windows;
mod work;

use std::time::Instant;

pub use crate::describe::describe;
pub use crate::long::{MARGIN, Reading, extract_long};
use docfacts_normalize::View;
use docfacts_types::{DateFact, DocRefFact, DocumentMeta, FigureFact, Lang, Variant};

pub use crate::codes::{canonical_type, type_name};
pub use crate::dates_fa::{
    jalali_month_number, jalali_to_gregorian, persian_gregorian_month_number,
};

/// Compiles one of the crate's built-in patterns. They are constants exercised by the unit
/// tests, so a failure is a bug: it trips a `debug_assert!` in tests and degrades to a regex that
/// matches nothing, never to a panic in a user's batch.
pub(crate) fn built_in_regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).unwrap_or_else(|e| {
        debug_assert!(false, "invalid built-in regex: {e}");
        matches_nothing()
    })
}

/// Compiles one of the crate's built-in patterns on the engine under `regex`, configured for the
/// way the grammars search: never anchored (no one-pass DFA), and with a literal prefilter only
/// where the whole view is scanned (`prefilter`: in a short window the automaton is as fast, and
/// the prefilter costs more to build than it saves). `captures`: whether the groups are read (a
/// loose pre-search only needs the spans). Failure as [`built_in_regex`].
pub(crate) fn built_in_meta(
    pattern: &str,
    prefilter: bool,
    captures: bool,
) -> regex_automata::meta::Regex {
    regex_automata::meta::Builder::new()
        .configure(meta_config(prefilter, captures))
        .build(pattern)
        .unwrap_or_else(|e| {
            debug_assert!(false, "invalid built-in regex: {e}");
            meta_matches_nothing()
        })
}

/// [`built_in_meta`] (the same regex) with the pattern's [`windows::hir_reach`], read from the
/// syntax tree the regex is built from: one parse for both.
pub(crate) fn built_in_meta_with_reach(
    pattern: &str,
    prefilter: bool,
    captures: bool,
) -> (regex_automata::meta::Regex, Option<usize>) {
    use regex_automata::util::syntax;
    let Ok(hir) = syntax::parse_with(pattern, &syntax::Config::new()) else {
        return (built_in_meta(pattern, prefilter, captures), None);
    };
    let reach = windows::hir_reach(&hir);
    let regex = regex_automata::meta::Builder::new()
        .configure(meta_config(prefilter, captures))
        .build_from_hir(&hir)
        .unwrap_or_else(|e| {
            debug_assert!(false, "invalid built-in regex: {e}");
            meta_matches_nothing()
        });
    (regex, reach)
}

/// The engine configuration of [`built_in_meta`].
fn meta_config(prefilter: bool, captures: bool) -> regex_automata::meta::Config {
    use regex_automata::nfa::thompson::WhichCaptures;
    regex_automata::meta::Config::new()
        .auto_prefilter(prefilter)
        .onepass(false)
        .which_captures(if captures {
            WhichCaptures::All
        } else {
            WhichCaptures::Implicit
        })
}

/// A regex of no pattern, which matches nothing.
fn meta_matches_nothing() -> regex_automata::meta::Regex {
    regex_automata::meta::Regex::new_many::<&str>(&[]).unwrap_or_else(|_| meta_matches_nothing())
}

fn matches_nothing() -> regex::Regex {
    regex::Regex::new("$^").unwrap_or_else(|_| matches_nothing())
}

/// A document ready for extraction: its source text, matching view and language.
#[derive(Clone, Copy, Debug)]
pub struct Analyzed<'a> {
    /// The source text; every reported span points into it.
    pub source: &'a str,
    /// The matching view of `source`.
    pub view: &'a View,
    /// The detected (or forced) language.
    pub lang: Lang,
    /// The Vietnamese variant, when `lang` is Vietnamese.
    pub variant: Option<Variant>,
    /// When extraction must stop (see [`Analyzed::out_of_time`]); `None`: no limit.
    pub deadline: Option<Instant>,
}

impl Analyzed<'_> {
    /// Whether the deadline has passed. The extractors ask between candidates and stop when it
    /// has, so a document that takes too long returns early with part of its facts; the caller
    /// asks again afterwards and reports the document as over its limit.
    pub fn out_of_time(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

/// The facts of one document, each list in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Dates and periods.
    pub dates: Vec<DateFact>,
    /// Official document numbers.
    pub doc_refs: Vec<DocRefFact>,
    /// Counts, percents, ratios and money.
    pub figures: Vec<FigureFact>,
    /// What the document says it is (its header).
    pub document: DocumentMeta,
}

/// Runs every extractor on `doc`, then reads what the document is and how it relates to what it
/// cites ([`describe`]).
pub fn extract(doc: &Analyzed<'_>) -> Facts {
    let mut facts = extract_facts(doc);
    describe(doc.source, doc.lang, doc.variant, &mut facts);
    facts
}

/// The facts alone: every extractor, without the document's metadata and citation relations.
fn extract_facts(doc: &Analyzed<'_>) -> Facts {
    let mut stages = Stages::new(*doc);
    let doc_refs = stages.doc_refs();
    let dates = stages.dates();
    let figures = stages.figures();
    Facts {
        dates,
        doc_refs,
        figures,
        document: DocumentMeta::default(),
    }
}

/// The extractors one at a time, in [`extract`]'s order, each seeing the spans the ones before it
/// claimed (for benchmarks and profiling: `extract` is `doc_refs`, then `dates`, then `figures`).
#[derive(Clone, Debug)]
pub struct Stages<'a> {
    doc: Analyzed<'a>,
    taken: mask::Taken,
    /// The view's digit runs, found once for the document numbers and the dates (and whether its
    /// digits are all ASCII, for the figures).
    digits: windows::Digits,
}

impl<'a> Stages<'a> {
    /// Nothing extracted yet.
    pub fn new(doc: Analyzed<'a>) -> Stages<'a> {
        let digits = windows::Digits::of(doc.view.text());
        // Almost every claim holds a digit run: room for as many claims as there are runs.
        let runs = digits.runs().map_or(0, <[_]>::len);
        Stages {
            doc,
            taken: mask::Taken::with_capacity(runs),
            digits,
        }
    }

    /// Document numbers (first in `extract`).
    pub fn doc_refs(&mut self) -> Vec<DocRefFact> {
        doc_refs::extract(&self.doc, &mut self.taken, &self.digits)
    }

    /// Dates (after document numbers).
    pub fn dates(&mut self) -> Vec<DateFact> {
        dates::extract(&self.doc, &mut self.taken, &self.digits)
    }

    /// Figures (after dates).
    pub fn figures(&mut self) -> Vec<FigureFact> {
        figures::extract(&self.doc, &mut self.taken, &self.digits)
    }
}

#[cfg(test)]
mod packs_tests {
    use crate::packs::PACKS;

    #[test]
    fn words_are_folded_lowercase_and_single_spaced() {
        for pack in PACKS {
            let words = pack
                .months
                .iter()
                .map(|(w, _)| w.folded)
                .chain(pack.weekdays.iter().copied())
                .chain(pack.qualifiers.iter().map(|(w, _)| *w))
                .chain(pack.scales.iter().map(|(w, _, _)| *w))
                .chain(pack.currencies_after.iter().map(|(w, _)| w.folded))
                .chain(pack.structure_words.iter().map(|w| w.folded))
                .chain(pack.sign_words.iter().map(|w| w.folded));
            for w in words {
                let view = docfacts_normalize::View::new(w);
                assert_eq!(view.text().to_lowercase(), w, "{:?}: {w:?}", pack.lang);
                assert!(!w.contains("  ") && w.trim() == w, "{w:?}");
            }
        }
    }
}

#[cfg(test)]
mod linearity_tests {
    use docfacts_normalize::View;
    use docfacts_types::{Lang, Variant};
    use proptest::prelude::*;

    use crate::{Analyzed, extract, work};

    /// The bytes the extractors read for `unit` repeated `n` times on one line.
    fn work_on_one_line(unit: &str, n: usize, lang: Lang) -> usize {
        let source = unit.repeat(n);
        let view = View::new(&source);
        let variant = (lang == Lang::Vi).then_some(Variant::Diacritics);
        work::take();
        extract(&Analyzed {
            source: &source,
            view: &view,
            lang,
            variant,
            deadline: None,
        });
        work::take()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// A line twice as long costs at most about twice the work, whatever it holds (long lines
        /// of small numbers once cost numbers × line length).
        #[test]
        fn doubling_a_line_at_most_doubles_the_work(
            (unit, lang) in prop::sample::select(vec![
                ("Có 12 tỉnh và 7 huyện, ", Lang::Vi),
                ("4 Công văn số 1096/STTTT-CNTT ngày 3/5/2024 ", Lang::Vi),
                ("There are 12 provinces and 7 districts, ", Lang::En),
                ("۱۲ استان و ۷ شهرستان، ", Lang::Fa),
                ("۱،", Lang::Fa),
                ("1/", Lang::Vi),
                ("ngày 1 ", Lang::Vi),
                ("3. ", Lang::En),
            ]),
            n in 200usize..1500,
        ) {
            let once = work_on_one_line(unit, n, lang);
            let twice = work_on_one_line(unit, 2 * n, lang);
            prop_assert!(once > 0);
            prop_assert!(
                twice <= once * 2 + once / 10 + 64,
                "{unit:?} × {n}: {once} bytes read, × {}: {twice}", 2 * n
            );
        }
    }
}

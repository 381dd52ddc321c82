//! Long documents a window at a time, so that a document's memory is its text and its facts, not
//! also a view and a map of the whole (about two bytes more per byte).
//!
//! Each window is extracted with [`MARGIN`] bytes of the text on each side, and keeps the facts
//! that start inside it. Every grammar and check reads a few hundred bytes around a candidate at
//! most, and the view folds characters, blanks and OCR tokens locally, so a fact inside the window
//! sees what it sees in the whole document: the same facts, claimed in the same order.

use std::ops::Range;
use std::time::Instant;

use docfacts_normalize::{View, ViewOptions};
use docfacts_types::{DateFact, DocRefFact, FigureFact, Lang, Variant};

use crate::{Analyzed, Facts, describe, extract_facts};

/// The text read on each side of a window beyond it.
pub const MARGIN: usize = 16 * 1024;

/// What [`extract_long`] reads a document as: its language, and whether its view folds OCR
/// confusions (unaccented Vietnamese), as the whole document's [`Analyzed`] would say.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    /// The detected (or forced) language.
    pub lang: Lang,
    /// The Vietnamese variant, when `lang` is Vietnamese.
    pub variant: Option<Variant>,
    /// Whether the view folds OCR confusions ([`ViewOptions::ocr`]).
    pub ocr: bool,
    /// When extraction must stop (see [`Analyzed::out_of_time`]).
    pub deadline: Option<Instant>,
}

/// The facts of `source`, found a window of about `window` bytes at a time (see the module
/// documentation): what [`extract`](crate::extract) finds on the whole, for far less memory on a long text.
pub fn extract_long(source: &str, window: usize, reading: Reading) -> Facts {
    let mut facts = Facts::default();
    let mut at = 0;
    while at < source.len() {
        let end = cut_after(source, at.saturating_add(window.max(1)));
        let lo = source.floor_char_boundary(at.saturating_sub(MARGIN));
        let hi = cut_after(source, end.saturating_add(MARGIN));
        let part = source.get(lo..hi).unwrap_or_default();
        let view = View::with_options(part, ViewOptions::default().with_ocr(reading.ocr));
        let doc = Analyzed {
            source: part,
            view: &view,
            lang: reading.lang,
            variant: reading.variant,
            deadline: reading.deadline,
        };
        let found = extract_facts(&doc);
        let inside = at..end;
        keep(
            found.doc_refs,
            lo,
            &inside,
            &mut facts.doc_refs,
            |f: &mut DocRefFact| (&mut f.start, &mut f.end),
        );
        keep(
            found.dates,
            lo,
            &inside,
            &mut facts.dates,
            |f: &mut DateFact| (&mut f.start, &mut f.end),
        );
        keep(
            found.figures,
            lo,
            &inside,
            &mut facts.figures,
            |f: &mut FigureFact| (&mut f.start, &mut f.end),
        );
        if doc.out_of_time() {
            break;
        }
        at = end;
    }
    describe(source, reading.lang, reading.variant, &mut facts);
    facts
}

/// Appends the facts of a part that starts at `lo` whose start falls `inside` the window, their
/// spans moved from the part to the whole text.
fn keep<T>(
    found: Vec<T>,
    lo: usize,
    inside: &Range<usize>,
    out: &mut Vec<T>,
    span: impl Fn(&mut T) -> (&mut usize, &mut usize),
) {
    for mut fact in found {
        let (start, end) = span(&mut fact);
        *start += lo;
        *end += lo;
        if inside.contains(start) {
            out.push(fact);
        }
    }
}

/// The first cut at or after `at`: after a line break or a space within a few kilobytes if there
/// is one (a window ends where text does), else the next character boundary; the text's end at
/// the latest.
fn cut_after(source: &str, at: usize) -> usize {
    if at >= source.len() {
        return source.len();
    }
    let rest = source.as_bytes().get(at..).unwrap_or_default();
    let near = rest.get(..4096).unwrap_or(rest);
    let blank = memchr::memchr(b'\n', near).or_else(|| memchr::memchr(b' ', near));
    match blank {
        Some(i) => at + i + 1,
        None => source.ceil_char_boundary(at),
    }
}

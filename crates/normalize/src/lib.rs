//! Stage 2 of docfacts: builds the *matching view* of a source text (see `ARCHITECTURE.md`).
//!
//! Extractors never look at the source text directly: they match on a [`View`], a normalized copy
//! in which every byte remembers the source bytes it came from. A match in the view is turned back
//! into a source span with [`View::source_span`], so that reported offsets always satisfy
//! `source[start..end] == text`, whatever the view changed.
//!
//! What the view does, in one pass (each step is lossless for offsets, lossy for text):
//! - composes every character cluster to NFC, then folds Latin diacritics away (`Nghị quyết` →
//!   `Nghi quyet`, `Đ` → `D`), so that one grammar reads accented and unaccented Vietnamese;
//! - turns Persian and Arabic-Indic digits (and full-width ones) into ASCII digits;
//! - collapses each run of whitespace into one space, and removes it after a hyphen or slash that
//!   ends a line (`01-⏎NQ/TU` → `01-NQ/TU`), so that an item broken across lines still matches;
//! - maps dashes, the fraction slash and curly quotes to ASCII;
//! - removes invisible marks (soft hyphen, zero-width space, bidi controls, ZWNJ, kashida) and
//!   unifies Arabic letter forms with Persian ones (`ي` → `ی`, `ك` → `ک`).
//!
//! ```
//! use docfacts_normalize::View;
//! let source = "Nghị quyết số 03/NQ-\nCP";
//! let view = View::new(source);
//! assert_eq!(view.text(), "Nghi quyet so 03/NQ-CP");
//! let span = view.source_span(14, 22);
//! assert_eq!(span.slice(source), Some("03/NQ-\nCP"));
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

mod classes;
mod fold;
mod map;
mod ocr;
pub mod swar;
mod view;

pub use crate::classes::CharClasses;
pub use crate::fold::{Folded, fold_char};
pub use crate::view::{View, ViewOptions};

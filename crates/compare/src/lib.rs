//! Does a translation state the same facts as its original? Compares two docfacts records
//! (contract `docfacts-compare/1`, see `docs/CONTRACT.md` and `docs/compare.md`).
//!
//! Facts are compared by canonical value (ISO dates, canonical document ids, numbers at full
//! magnitude, ratios as `num/den`), so `۹۴،۴۴۷` equals `94,447` and a Jalali date equals its
//! Gregorian twin; a date without a year equals the dated one, a period `2016/2020` equals its two
//! ends stated as two dates, and a document number equals its spelling in a text without `Đ`
//! (`ND-CP` = `NĐ-CP`, see the `ids` module for exactly what folds). They are paired in document
//! order by a sequence alignment per fact list: a changed value is one *mismatch* with both spans,
//! a dropped sentence leaves facts *only in A*. Small numbers written as words on one side (`two` /
//! `hai` / `دو` / `once`) are *tolerated*, not reported.
//!
//! What the documents say they are (their headers' own number, date of issue and type) is compared
//! too, in the report's `document` section; a document number both sides cite with different
//! relations (`basis` ≠ `cites`) or cited dates is a mismatch.
//!
//! Depends on `docfacts-types` only: it works on records from any source (a pipeline run, or the
//! JSON Lines of an earlier `docfacts extract`). Total: any two records give a report.
//!
//! ```
//! use docfacts_compare::{CompareInput, CompareOptions, compare};
//! # fn record(json: &str) -> docfacts_types::Record { serde_json::from_str(json).unwrap() }
//! # let rec = |id: &str, lang: &str, text: &str, start: usize| record(&format!(r#"{{"schema":"docfacts/1","id":"{id}",
//! #   "source":{{"path":"x","format":"text","encoding":"utf-8","bytes":40,"sha256":null,"pages":null}},
//! #   "status":"ok","error":null,"language":{{"code":"{lang}","variant":null,"confidence":1.0}},"dates":[],"doc_refs":[],
//! #   "figures":[{{"text":"{text}","start":{start},"end":{},"kind":"number","value":94447,"unit":null,"qualifier":null}}]}}"#,
//! #   start + text.len()));
//! let en = rec("report.en", "en", "94,447", 10);
//! let fa = rec("report.fa", "fa", "۹۴،۴۴۷", 12);
//! let report = compare(
//!     CompareInput { record: &en, text: None },
//!     CompareInput { record: &fa, text: None },
//!     &CompareOptions::default(),
//! );
//! assert!(report.agree);
//! assert_eq!(report.matched.len(), 1);
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

mod align;
mod anchors;
mod compare;
mod context;
mod dates;
mod html;
mod ids;
mod meta;
/// The report's types live in `docfacts-types` (the sink stores them without this engine).
use docfacts_types::compare_report as report;
mod words;

pub use crate::compare::{CompareInput, CompareOptions, compare};
pub use crate::context::{Contexts, context};
pub use crate::html::render_html;
pub use crate::report::{
    COMPARE_SCHEMA, CompareReport, DocumentComparison, Fact, FactType, Matched, MetaEntry,
    MetaField, MetaType, MetaValue, Mismatched, OnlyInA, OnlyInB, Side, Tolerated,
};

//! The shared vocabulary of docfacts: the document record of contract `docfacts/1`
//! (see `docs/CONTRACT.md`), its facts and spans.
//!
//! This crate holds data and its JSON form only (`Record::write_json` writes a record's compact
//! JSON straight into a buffer, byte for byte what serde_json writes). Every other docfacts crate
//! depends on it, and it depends on none of them. Field names and meanings are fixed by the
//! contract: add fields, never rename or remove one; a field added to a fact is added to
//! `write_json` too (its tests build every field, so they fail to compile until it is).
//!
//! ```
//! use docfacts_types::Span;
//! let text = "Nghị quyết số 57-NQ/TW";
//! let start = text.find("57").unwrap_or(0);
//! let span = Span::new(start, start + "57-NQ/TW".len());
//! assert_eq!(span.slice(text), Some("57-NQ/TW"));
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

pub mod compare_report;
mod json;
mod lang;
mod record;
mod span;

pub use crate::lang::{Lang, Variant};
pub use crate::record::{
    Calendar, CitedDate, DateFact, DocRefFact, DocumentMeta, ErrorInfo, ErrorKind, FactRef,
    FigureFact, FigureKind, Language, MetaDate, MetaNumber, MetaText, Precision, Qualifier, Record,
    Relation, SCHEMA, Source, SourceFormat, Status,
};
pub use crate::span::Span;

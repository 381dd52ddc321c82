//! Loads docfacts records into a database: SQLite (embedded, the default) or PostgreSQL.
//!
//! Sits after the pipeline: the CLI hands each [`Record`](docfacts_types::Record) to a [`Sink`],
//! which writes one row per document in `documents` (with what the document says it is: its own
//! number, type, date of issue, title), one row per fact in `dates`, `doc_refs` and `figures`, and
//! one row per document it cites in `citations` (schema in `crates/sink/sql/`, documented in
//! `docs/database.md`). Reports of
//! `docfacts compare` go to `comparisons` and `disagreements` through a [`ComparisonStore`].
//!
//! Loads are repeatable: a document whose id, path and content hash (`sha256`) are already in the
//! database, written by the same docfacts version, with the same `duplicate_of`, is skipped; a
//! changed one has its rows replaced. Documents are written in batches, each batch one
//! transaction, so a killed run leaves every document fully present or absent, and running the
//! same command again finishes the load. [`Sink::stored`] tells the pipeline's duplicate check
//! what the database holds, so that such a load ends with the rows of a clean one.
//!
//! [`read_records`] reads the stored records back, read-only (`docfacts graph --db`).
//!
//! A database that is not docfacts' (another program's tables), read-only, or of a newer schema
//! is refused before anything is written to it.
//!
//! ```
//! use docfacts_sink::{Sink, SinkOptions, Target};
//! use docfacts_types::{ErrorInfo, ErrorKind, Record, Source};
//!
//! let dir = tempfile::tempdir()?;
//! let target = Target::Sqlite(dir.path().join("facts.db"));
//! let source = Source { path: "empty.txt".into(), sha256: Some("e3b0c442".into()), ..Source::default() };
//! let error = ErrorInfo { kind: ErrorKind::Empty, message: "empty document".into() };
//! let record = Record::error("empty".into(), source, error);
//!
//! let mut sink = Sink::open(&target, SinkOptions::default())?;
//! sink.add(record.clone())?;
//! assert_eq!(sink.finish()?.inserted, 1);
//!
//! // A second load of the same content skips it.
//! let mut sink = Sink::open(&target, SinkOptions::default())?;
//! sink.add(record)?;
//! assert_eq!(sink.finish()?.unchanged, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
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

mod backend;
mod comparison_rows;
mod comparisons;
mod error;
mod postgres;
mod rows;
mod sink;
mod sqlite;
mod stored;
mod target;

pub use crate::backend::{InterruptedLoad, LoadStats, PreparedRecord, Rejected, SCHEMA_VERSION};
pub use crate::comparison_rows::StoredComparison;
pub use crate::comparisons::ComparisonStore;
pub use crate::error::SinkError;
pub use crate::sink::{Sink, SinkOptions, Stored, StoredDocument};
pub use crate::stored::read_records;
pub use crate::target::Target;

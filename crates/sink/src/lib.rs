//! Loads docfacts records into a database: SQLite (embedded, the default) or PostgreSQL.
//!
//! Sits after the pipeline: the CLI hands each [`Record`](docfacts_types::Record) to a [`Sink`],
//! which writes one row per document in `documents` and one row per fact in `dates`, `doc_refs`
//! and `figures` (schema in `crates/sink/sql/`, documented in `docs/database.md`).
//!
//! Loads are repeatable: a document whose id, path and content hash (`sha256`) are already in the
//! database, written by the same docfacts version, is skipped; a changed one has its rows replaced.
//! Documents are written in batches, each batch one transaction, so a killed run leaves every
//! document fully present or absent, and running the same command again finishes the load.
//!
//! ```no_run
//! use docfacts_sink::{Sink, SinkOptions, Target};
//! let mut sink = Sink::open(&Target::Sqlite("facts.db".into()), SinkOptions::default())?;
//! # let record: docfacts_types::Record = unimplemented!();
//! sink.add(&record)?;
//! let stats = sink.finish()?;
//! eprintln!("{} inserted, {} unchanged", stats.inserted, stats.unchanged);
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

mod error;
mod postgres;
mod rows;
mod sink;
mod sqlite;

pub use crate::error::SinkError;
pub use crate::sink::{
    InterruptedLoad, LoadStats, PreparedRecord, Rejected, SCHEMA_VERSION, Sink, SinkOptions, Target,
};

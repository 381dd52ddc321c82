//! What every database back end implements, and the data they exchange with the loader.

use std::collections::HashMap;

use docfacts_types::Record;

use crate::SinkError;

/// The schema version this docfacts creates and understands (`schema_version` table).
pub const SCHEMA_VERSION: i64 = 3;

/// What a load did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Documents new to the database.
    pub inserted: u64,
    /// Documents whose rows were replaced (content, path or docfacts version changed).
    pub replaced: u64,
    /// Documents skipped because the database already holds them as they are.
    pub unchanged: u64,
    /// Facts written (dates + doc_refs + figures of inserted and replaced documents).
    pub facts: u64,
    /// Documents the database refused; the load went on without them.
    pub rejected: Vec<Rejected>,
}

/// A document the database refused to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// The record id.
    pub id: String,
    /// The database's message.
    pub message: String,
}

/// An earlier load that never finished (killed, or stopped by an error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterruptedLoad {
    /// Its row in the `loads` table.
    pub id: i64,
    /// When it started (as the database prints it).
    pub started_at: String,
    /// Documents it committed before it stopped (inserted + replaced).
    pub documents: i64,
}

/// A record ready for the database: the record and its JSON text. Build it on worker threads
/// ([`PreparedRecord::new`]) to keep serialization off the loading thread.
#[derive(Clone, Debug)]
pub struct PreparedRecord {
    pub(crate) record: Record,
    pub(crate) json: String,
}

impl PreparedRecord {
    /// Serializes `record` once, for the `record` column.
    pub fn new(record: Record) -> PreparedRecord {
        let json = serde_json::to_string(&record).unwrap_or_else(|e| {
            // Unreachable for this type (no maps with non-string keys); keep the row anyway.
            debug_assert!(false, "record does not serialize: {e}");
            "{}".to_owned()
        });
        PreparedRecord { record, json }
    }

    /// The record.
    pub fn record(&self) -> &Record {
        &self.record
    }
}

impl From<Record> for PreparedRecord {
    fn from(record: Record) -> Self {
        PreparedRecord::new(record)
    }
}

/// What the database already holds for a document id.
#[derive(Clone, Debug)]
pub(crate) struct Known {
    pub(crate) sha256: Option<String>,
    pub(crate) path: String,
    pub(crate) version: String,
    /// `status` is `ok`.
    pub(crate) ok: bool,
    /// The record's `duplicate_of`.
    pub(crate) duplicate_of: Option<String>,
}

impl Known {
    pub(crate) fn of(record: &Record, version: &str) -> Known {
        Known {
            sha256: record.source.sha256.clone(),
            path: record.source.path.clone(),
            version: version.to_owned(),
            ok: record.is_ok(),
            duplicate_of: record.duplicate_of.clone(),
        }
    }
}

/// Counter increments committed with a batch.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Counts {
    pub(crate) inserted: u64,
    pub(crate) replaced: u64,
    pub(crate) unchanged: u64,
}

/// What each database does; the [`Sink`] decides what to write and when.
pub(crate) trait Backend {
    /// Every document id in the database with its fingerprint.
    fn known(&mut self) -> Result<HashMap<String, Known>, SinkError>;
    /// The most recent load that has no `finished_at`.
    fn interrupted(&mut self) -> Result<Option<InterruptedLoad>, SinkError>;
    /// Adds a row to `loads`; returns its id.
    fn begin_load(&mut self, version: &str) -> Result<i64, SinkError>;
    /// Replaces the rows of every document of `batch`, adds `counts` to the load, in one transaction.
    fn write(
        &mut self,
        load: i64,
        batch: &[PreparedRecord],
        version: &str,
        counts: Counts,
    ) -> Result<(), SinkError>;
    /// Marks the load finished with its final totals.
    fn finish_load(&mut self, load: i64, stats: &LoadStats) -> Result<(), SinkError>;
}

//! The back-end-independent part: what to skip, what to replace, batching.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use docfacts_types::Record;

use crate::SinkError;
use crate::rows::fact_count;

/// The schema version this docfacts creates and understands (`schema_version` table).
pub const SCHEMA_VERSION: i64 = 2;

/// Where to load records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An SQLite database file, created when missing.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/db`) or key=value string.
    Postgres(String),
}

impl Target {
    /// A name for messages: the file path, or the URL with any password hidden.
    pub fn display(&self) -> String {
        match self {
            Target::Sqlite(path) => path.display().to_string(),
            Target::Postgres(url) => hide_password(url),
        }
    }
}

fn hide_password(url: &str) -> String {
    // postgres://user:secret@host/db → postgres://user:***@host/db
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// How a load behaves.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SinkOptions {
    /// Rewrite every document, even those whose content and docfacts version are unchanged.
    pub reload: bool,
    /// Commit after this many documents…
    pub batch_documents: usize,
    /// …or after this many facts, whichever comes first.
    pub batch_facts: usize,
    /// Stored with each document; a document extracted by another version is extracted again.
    pub docfacts_version: String,
}

impl Default for SinkOptions {
    fn default() -> Self {
        SinkOptions {
            reload: false,
            batch_documents: 256,
            batch_facts: 20_000,
            docfacts_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

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

/// A database being loaded. Call [`Sink::finish`] at the end: what is still buffered is written
/// then, and the load is marked finished. Dropping a sink without it loses only the buffered,
/// uncommitted batch (never part of a document), and leaves the load marked unfinished.
pub struct Sink {
    backend: Box<dyn Backend>,
    options: SinkOptions,
    known: HashMap<String, Known>,
    pending: Vec<PreparedRecord>,
    pending_ids: HashSet<String>,
    pending_facts: usize,
    unchanged_since_flush: u64,
    load: i64,
    stats: LoadStats,
    interrupted: Option<InterruptedLoad>,
    target: String,
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sink")
            .field("target", &self.target)
            .field("load", &self.load)
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl Sink {
    /// Opens (creating or migrating the schema when needed) and starts a load.
    ///
    /// # Errors
    /// When the database cannot be opened or reached, its schema is newer than this docfacts
    /// knows, or (PostgreSQL) its encoding is not UTF-8.
    pub fn open(target: &Target, options: SinkOptions) -> Result<Sink, SinkError> {
        let mut backend: Box<dyn Backend> = match target {
            Target::Sqlite(path) => Box::new(crate::sqlite::SqliteBackend::open(path)?),
            Target::Postgres(url) => {
                Box::new(crate::postgres::PgBackend::open(url, &target.display())?)
            }
        };
        let known = backend.known()?;
        let interrupted = backend.interrupted()?;
        let load = backend.begin_load(&options.docfacts_version)?;
        Ok(Sink {
            backend,
            options,
            known,
            pending: Vec::new(),
            pending_ids: HashSet::new(),
            pending_facts: 0,
            unchanged_since_flush: 0,
            load,
            stats: LoadStats::default(),
            interrupted,
            target: target.display(),
        })
    }

    /// The last load before this one, if it never finished: `--resume` reports it. Nothing else
    /// is needed to resume, since documents it committed are skipped as unchanged.
    pub fn interrupted_load(&self) -> Option<&InterruptedLoad> {
        self.interrupted.as_ref()
    }

    /// Number of documents in the database when the sink was opened, plus those written since.
    pub fn known_documents(&self) -> usize {
        self.known.len()
    }

    /// True when the database already holds document `id` from `path` with content `sha256`,
    /// extracted by this docfacts version: such a document need not even be extracted.
    pub fn is_current(&self, id: &str, path: &str, sha256: Option<&str>) -> bool {
        if self.options.reload {
            return false;
        }
        match (self.known.get(id), sha256) {
            (Some(known), Some(sha)) => {
                known.sha256.as_deref() == Some(sha)
                    && known.path == path
                    && known.version == self.options.docfacts_version
            }
            _ => false,
        }
    }

    /// Cheap first test before hashing a file for [`Sink::is_current`]: the id is known, from the
    /// same path, extracted by this docfacts version, and `reload` is off.
    pub fn may_be_current(&self, id: &str, path: &str) -> bool {
        !self.options.reload
            && self.known.get(id).is_some_and(|known| {
                known.sha256.is_some()
                    && known.path == path
                    && known.version == self.options.docfacts_version
            })
    }

    /// Counts a document the caller skipped because [`Sink::is_current`] said so.
    pub fn note_unchanged(&mut self) {
        self.stats.unchanged += 1;
        self.unchanged_since_flush += 1;
    }

    /// Adds a record: skipped when current, otherwise buffered and written with its batch.
    ///
    /// # Errors
    /// When a batch cannot be written for a reason other than its data (connection lost, disk full).
    pub fn add(&mut self, record: impl Into<PreparedRecord>) -> Result<(), SinkError> {
        let prepared = record.into();
        let rec = &prepared.record;
        if self.is_current(&rec.id, &rec.source.path, rec.source.sha256.as_deref()) {
            self.note_unchanged();
            return Ok(());
        }
        if self.pending_ids.contains(&rec.id) {
            // The same id twice in one batch: write the first before the second replaces it.
            self.flush()?;
        }
        self.pending_facts += fact_count(&prepared.record);
        self.pending_ids.insert(prepared.record.id.clone());
        self.pending.push(prepared);
        if self.pending.len() >= self.options.batch_documents.max(1)
            || self.pending_facts >= self.options.batch_facts
        {
            self.flush()?;
        }
        Ok(())
    }

    /// Commits the buffered documents now.
    ///
    /// # Errors
    /// As [`Sink::add`].
    pub fn flush(&mut self) -> Result<(), SinkError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.pending);
        self.pending_ids.clear();
        self.pending_facts = 0;
        let counts = self.counts(&batch);
        let version = self.options.docfacts_version.clone();
        match self.backend.write(self.load, &batch, &version, counts) {
            Ok(()) => {
                self.record_written(&batch, counts);
                Ok(())
            }
            Err(e) if e.is_data_rejection() => {
                // Find the document(s) the database refuses; store the others one by one.
                for one in batch.chunks(1) {
                    let counts = self.counts(one);
                    match self.backend.write(self.load, one, &version, counts) {
                        Ok(()) => self.record_written(one, counts),
                        Err(e) if e.is_data_rejection() => {
                            for p in one {
                                self.stats.rejected.push(Rejected {
                                    id: p.record.id.clone(),
                                    message: e.to_string(),
                                });
                            }
                        }
                        Err(e) => return Err(e),
                    }
                }
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    fn counts(&self, batch: &[PreparedRecord]) -> Counts {
        let replaced = batch
            .iter()
            .filter(|p| self.known.contains_key(&p.record.id))
            .count() as u64;
        Counts {
            inserted: batch.len() as u64 - replaced,
            replaced,
            unchanged: self.unchanged_since_flush,
        }
    }

    fn record_written(&mut self, batch: &[PreparedRecord], counts: Counts) {
        self.stats.inserted += counts.inserted;
        self.stats.replaced += counts.replaced;
        self.unchanged_since_flush = 0;
        for p in batch {
            self.stats.facts += fact_count(&p.record) as u64;
            self.known.insert(
                p.record.id.clone(),
                Known {
                    sha256: p.record.source.sha256.clone(),
                    path: p.record.source.path.clone(),
                    version: self.options.docfacts_version.clone(),
                },
            );
        }
    }

    /// Writes what is buffered and marks the load finished.
    ///
    /// # Errors
    /// As [`Sink::add`].
    pub fn finish(mut self) -> Result<LoadStats, SinkError> {
        self.flush()?;
        self.backend.finish_load(self.load, &self.stats)?;
        Ok(self.stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            hide_password("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(hide_password("postgres://u@h/db"), "postgres://u@h/db");
    }
}

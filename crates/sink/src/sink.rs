//! The back-end-independent part: what to skip, what to replace, batching.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use docfacts_types::Record;

use crate::SinkError;
use crate::backend::{
    Backend, Counts, InterruptedLoad, Known, LoadStats, PreparedRecord, Rejected,
};
use crate::rows::fact_count;
use crate::target::Target;

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

/// What a database held when its [`Sink`] opened ([`Sink::stored`]): which documents a load
/// may leave as they are, and which contents it already stores, for the duplicate check.
#[derive(Clone, Debug)]
pub struct Stored {
    known: Arc<HashMap<String, Known>>,
    version: String,
    reload: bool,
}

/// A stored document, as [`Stored::current`] finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredDocument<'a> {
    /// Its `status` is `ok`.
    pub ok: bool,
    /// Its record's `duplicate_of`.
    pub duplicate_of: Option<&'a str>,
}

impl Stored {
    /// Document `id` as stored, when the database holds it from `path` with content `sha256`,
    /// extracted by this docfacts version (never with [`SinkOptions::reload`]). Whether it is
    /// still right depends on its place among duplicates, which the caller settles.
    pub fn current(&self, id: &str, path: &str, sha256: &str) -> Option<StoredDocument<'_>> {
        if self.reload {
            return None;
        }
        let known = self.known.get(id)?;
        (known.sha256.as_deref() == Some(sha256)
            && known.path == path
            && known.version == self.version)
            .then_some(StoredDocument {
                ok: known.ok,
                duplicate_of: known.duplicate_of.as_deref(),
            })
    }

    /// The first occurrences the database stores outside the documents `keep` names, as
    /// `(sha256, id)`: `ok` records that are no copy, the first id of each content in id order.
    pub fn originals_outside(&self, keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
        let mut originals: Vec<(&str, &str)> = self
            .known
            .iter()
            .filter(|(id, known)| known.ok && known.duplicate_of.is_none() && !keep(id))
            .filter_map(|(id, known)| Some((known.sha256.as_deref()?, id.as_str())))
            .collect();
        originals.sort_unstable();
        originals.dedup_by(|b, a| a.0 == b.0);
        originals
            .into_iter()
            .map(|(sha, id)| (sha.to_owned(), id.to_owned()))
            .collect()
    }
}

/// A database being loaded. Call [`Sink::finish`] at the end: what is still buffered is written
/// then, and the load is marked finished. Dropping a sink without it loses only the buffered,
/// uncommitted batch (never part of a document), and leaves the load marked unfinished.
pub struct Sink {
    backend: Box<dyn Backend>,
    options: SinkOptions,
    /// What the database held when the sink opened (shared with [`Stored`] copies)…
    known: Arc<HashMap<String, Known>>,
    /// …and what this load wrote since.
    written: HashMap<String, Known>,
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
        let known = Arc::new(backend.known()?);
        let interrupted = backend.interrupted()?;
        let load = backend.begin_load(&options.docfacts_version)?;
        Ok(Sink {
            backend,
            options,
            known,
            written: HashMap::new(),
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
            + self
                .written
                .keys()
                .filter(|id| !self.known.contains_key(*id))
                .count()
    }

    /// What the database holds for `id`.
    fn known(&self, id: &str) -> Option<&Known> {
        self.written.get(id).or_else(|| self.known.get(id))
    }

    /// What the database held when the sink opened, for the threads that decide what to
    /// analyse (shared, not copied).
    pub fn stored(&self) -> Stored {
        Stored {
            known: Arc::clone(&self.known),
            version: self.options.docfacts_version.clone(),
            reload: self.options.reload,
        }
    }

    /// True when the database holds `record` as it is: same id, path and content, extracted by
    /// this docfacts version, with the same status and `duplicate_of`.
    fn holds(&self, record: &Record) -> bool {
        !self.options.reload
            && self.known(&record.id).is_some_and(|known| {
                record.source.sha256.is_some()
                    && known.sha256 == record.source.sha256
                    && known.path == record.source.path
                    && known.version == self.options.docfacts_version
                    && known.ok == record.is_ok()
                    && known.duplicate_of == record.duplicate_of
            })
    }

    /// Counts a document the caller skipped because the database holds it as it is
    /// ([`Stored::current`], its place among duplicates unchanged).
    pub fn note_unchanged(&mut self) {
        self.stats.unchanged += 1;
        self.unchanged_since_flush += 1;
    }

    /// Adds a record: skipped when the database holds it as it is (`duplicate_of` included),
    /// otherwise buffered and written with its batch.
    ///
    /// # Errors
    /// When a batch cannot be written for a reason other than its data (connection lost, disk full).
    pub fn add(&mut self, record: impl Into<PreparedRecord>) -> Result<(), SinkError> {
        let prepared = record.into();
        if self.holds(&prepared.record) {
            self.note_unchanged();
            return Ok(());
        }
        if self.pending_ids.contains(&prepared.record.id) {
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
            .filter(|p| self.known(&p.record.id).is_some())
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
            let known = Known::of(&p.record, &self.options.docfacts_version);
            self.written.insert(p.record.id.clone(), known);
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

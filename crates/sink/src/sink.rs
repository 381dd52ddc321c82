//! The back-end-independent part: what to skip, what to replace, batching.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use docfacts_types::Record;

use crate::SinkError;
use crate::rows::fact_count;

/// The schema version this docfacts creates and understands (`schema_version` table).
pub const SCHEMA_VERSION: i64 = 3;

/// Where to load records. Its `Debug` and [`Target::display`] hide a PostgreSQL password.
#[derive(Clone, PartialEq, Eq)]
pub enum Target {
    /// An SQLite database file, created when missing.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/db`) or key=value string.
    Postgres(String),
}

impl Target {
    /// A name for messages: the file path, or the connection string with any password hidden
    /// (URL or `key=value` form).
    pub fn display(&self) -> String {
        match self {
            Target::Sqlite(path) => path.display().to_string(),
            Target::Postgres(url) => hide_password(url),
        }
    }
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Target::Postgres(conn) => f
                .debug_tuple("Postgres")
                .field(&hide_password(conn))
                .finish(),
        }
    }
}

/// A connection string fit for messages: the password replaced by `***`, in each form libpq
/// reads: a URL (`postgres://user:secret@host/db`, `…?password=secret`) or `key=value` pairs
/// (`host=h password=secret`, `password='a b'`). Where the string cannot be read to its end,
/// everything from the first doubt on is hidden too.
fn hide_password(conn: &str) -> String {
    let conn_lower = conn.to_ascii_lowercase();
    if conn_lower.starts_with("postgres://") || conn_lower.starts_with("postgresql://") {
        hide_in_url(conn)
    } else {
        hide_in_key_values(conn)
    }
}

/// `scheme://user:secret@host/db?password=secret` → `scheme://user:***@host/db?password=***`.
fn hide_in_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    // The last `@` ends the user info (a password may hold an unescaped `@`); should it be in
    // the query instead, more than the password is hidden, never less.
    let (userinfo, after) = match rest.rfind('@') {
        Some(at) => (rest.get(..at), rest.get(at + 1..).unwrap_or_default()),
        None => (None, rest),
    };
    let mut out = format!("{scheme}://");
    if let Some(userinfo) = userinfo {
        match userinfo.split_once(':') {
            Some((user, _)) => out.push_str(&format!("{user}:***@")),
            None => out.push_str(&format!("{userinfo}@")),
        }
    }
    match after.split_once('?') {
        Some((place, query)) => {
            out.push_str(place);
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}=***")
                    }
                    _ => param.to_owned(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
        None => out.push_str(after),
    }
    out
}

/// `host=h password=secret` → `host=h password=***`, values quoted or not (libpq's rules:
/// `key = value` pairs separated by spaces, `'…'` quotes, `\` escapes).
fn hide_in_key_values(conn: &str) -> String {
    let bytes = conn.as_bytes();
    let mut out = String::with_capacity(conn.len());
    let mut i = 0;
    let skip_spaces = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    while i < bytes.len() {
        let key_start = skip_spaces(i);
        let mut key_end = key_start;
        while bytes
            .get(key_end)
            .is_some_and(|&b| b != b'=' && !b.is_ascii_whitespace())
        {
            key_end += 1;
        }
        let eq = skip_spaces(key_end);
        if key_end == bytes.len() && key_start == key_end {
            out.push_str(conn.get(i..).unwrap_or_default());
            return out;
        }
        if bytes.get(eq) != Some(&b'=') {
            return doubtful(out, conn, i);
        }
        let value_start = skip_spaces(eq + 1);
        let mut value_end = value_start;
        if bytes.get(value_start) == Some(&b'\'') {
            value_end += 1;
            loop {
                match bytes.get(value_end) {
                    Some(b'\\') => value_end += 2,
                    Some(b'\'') => {
                        value_end += 1;
                        break;
                    }
                    Some(_) => value_end += 1,
                    None => return doubtful(out, conn, i),
                }
            }
        } else {
            while let Some(&b) = bytes.get(value_end) {
                match b {
                    b'\\' => value_end += 2,
                    b if b.is_ascii_whitespace() => break,
                    _ => value_end += 1,
                }
            }
        }
        let value_end = value_end.min(bytes.len());
        let key = conn.get(key_start..key_end).unwrap_or_default();
        out.push_str(conn.get(i..value_start).unwrap_or_default());
        if key.eq_ignore_ascii_case("password") {
            out.push_str("***");
        } else {
            out.push_str(conn.get(value_start..value_end).unwrap_or_default());
        }
        i = value_end;
    }
    out
}

/// The part of a connection string read so far, and the rest hidden where it may hold a
/// password.
fn doubtful(mut out: String, conn: &str, from: usize) -> String {
    let rest = conn.get(from..).unwrap_or_default();
    if rest.to_ascii_lowercase().contains("password") {
        out.push_str(" ***");
    } else {
        out.push_str(rest);
    }
    out
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
    /// `status` is `ok`.
    pub(crate) ok: bool,
    /// The record's `duplicate_of`.
    pub(crate) duplicate_of: Option<String>,
}

impl Known {
    fn of(record: &Record, version: &str) -> Known {
        Known {
            sha256: record.source.sha256.clone(),
            path: record.source.path.clone(),
            version: version.to_owned(),
            ok: record.is_ok(),
            duplicate_of: record.duplicate_of.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden_in_urls() {
        for (url, shown) in [
            (
                "postgres://u:secret@h:5432/db",
                "postgres://u:***@h:5432/db",
            ),
            ("postgres://u@h/db", "postgres://u@h/db"),
            ("postgres://h/db", "postgres://h/db"),
            ("postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"),
            ("POSTGRES://u:secret@h/db", "POSTGRES://u:***@h/db"),
            (
                "postgres://h/db?user=u&password=secret&sslmode=disable",
                "postgres://h/db?user=u&password=***&sslmode=disable",
            ),
        ] {
            assert_eq!(hide_password(url), shown, "{url}");
        }
    }

    #[test]
    fn passwords_are_hidden_in_key_value_strings() {
        for (conn, shown) in [
            (
                "host=localhost port=1 password=secret dbname=x",
                "host=localhost port=1 password=*** dbname=x",
            ),
            (
                "host=h password = 'a b\\' secret' user=u",
                "host=h password = *** user=u",
            ),
            ("password=se\\ cret host=h", "password=*** host=h"),
            ("PASSWORD=secret", "PASSWORD=***"),
            ("host=h user=u", "host=h user=u"),
            ("  host=h  ", "  host=h  "),
            // Unreadable from some point on: the rest is hidden where it names a password.
            ("host=h password='secret", "host=h ***"),
            ("host=h oops password=secret", "host=h ***"),
            ("host=h oops", "host=h oops"),
        ] {
            assert_eq!(hide_password(conn), shown, "{conn}");
        }
    }
}

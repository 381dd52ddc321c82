//! Where records go: one trait, written by JSON Lines, SQLite and PostgreSQL.
//!
//! ```
//! use docfacts::sink::{JsonLines, RecordSink};
//! let mut out = JsonLines::new(Vec::new());
//! out.write(&docfacts::extract("ngày 08/3/2025", None))?;
//! let bytes = out.finish()?;
//! assert!(String::from_utf8_lossy(&bytes).contains("\"iso\":\"2025-03-08\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::Write;

use std::path::PathBuf;

use docfacts_sink::{LoadStats, Sink, SinkError, Target};
use docfacts_types::Record;

/// Takes records in order (a file, a database).
pub trait RecordSink {
    /// What the sink gives back when done.
    type Done;
    /// Why writing failed.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Takes one record.
    ///
    /// # Errors
    /// When the record cannot be written (the sink is then left as it is; a database load can be
    /// resumed by running again).
    fn write(&mut self, record: &Record) -> Result<(), Self::Error>;

    /// Ends the writing (flushes, commits).
    ///
    /// # Errors
    /// When the last writes fail.
    fn finish(self) -> Result<Self::Done, Self::Error>;
}

/// JSON Lines: one record per line, as `docfacts extract` writes them.
#[derive(Debug)]
pub struct JsonLines<W: Write> {
    out: std::io::BufWriter<W>,
    pretty: bool,
    /// The record being written (reused from record to record).
    line: Vec<u8>,
}

impl<W: Write> JsonLines<W> {
    /// Records written to `out`, one line each.
    pub fn new(out: W) -> JsonLines<W> {
        JsonLines {
            out: std::io::BufWriter::new(out),
            pretty: false,
            line: Vec::new(),
        }
    }

    /// Indented JSON, one record after another (not one per line).
    pub fn pretty(mut self) -> JsonLines<W> {
        self.pretty = true;
        self
    }
}

impl<W: Write> RecordSink for JsonLines<W> {
    type Done = W;
    type Error = std::io::Error;

    fn write(&mut self, record: &Record) -> Result<(), std::io::Error> {
        if self.pretty {
            serde_json::to_writer_pretty(&mut self.out, record)?;
        } else {
            self.line.clear();
            record.write_json(&mut self.line);
            self.out.write_all(&self.line)?;
        }
        self.out.write_all(b"\n")
    }

    fn finish(self) -> Result<W, std::io::Error> {
        self.out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
    }
}

/// SQLite and PostgreSQL (`docfacts_sink::Sink`): a load that skips unchanged documents and
/// replaces changed ones.
///
/// ```
/// use docfacts::sink::RecordSink;
/// use docfacts::{Sink, SinkOptions, Target};
/// let dir = tempfile::tempdir()?;
/// let mut db = Sink::open(&Target::Sqlite(dir.path().join("facts.db")), SinkOptions::default())?;
/// RecordSink::write(&mut db, &docfacts::extract("Số: 45/KH-UBND", None))?;
/// assert_eq!(RecordSink::finish(db)?.inserted, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl RecordSink for Sink {
    type Done = LoadStats;
    type Error = SinkError;

    fn write(&mut self, record: &Record) -> Result<(), SinkError> {
        self.add(record.clone())
    }

    fn finish(self) -> Result<LoadStats, SinkError> {
        Sink::finish(self)
    }
}

/// The database `--db URL_OR_PATH` names: PostgreSQL for a `postgres://` or `postgresql://` URL,
/// or libpq's `key=value` form (`host=… dbname=…`) where no such file exists; else an SQLite file.
pub fn target_of(url_or_path: &str) -> Target {
    let lower = url_or_path.to_ascii_lowercase();
    let url = lower.starts_with("postgres://") || lower.starts_with("postgresql://");
    let key_values = url_or_path
        .split_whitespace()
        .next()
        .and_then(|first| first.split_once('='))
        .is_some_and(|(key, _)| {
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if url || (key_values && !std::path::Path::new(url_or_path).exists()) {
        Target::Postgres(url_or_path.to_owned())
    } else {
        Target::Sqlite(PathBuf::from(url_or_path))
    }
}

/// What the databases of a load already hold (pass it to `Pipeline::run_ordered_into`), as the pipeline's duplicate check asks it: a
/// document is left as it is only where every database holds it so.
pub struct Stores {
    stored: Vec<docfacts_sink::Stored>,
    /// Whether stored documents may be left out of the run (not when records are printed too).
    skip: bool,
    earlier: Vec<(String, String)>,
}

impl Stores {
    /// No database: nothing stored.
    pub fn none() -> Stores {
        Stores {
            stored: Vec::new(),
            skip: false,
            earlier: Vec::new(),
        }
    }

    /// The databases of `sinks` as they are now; `in_run` tells the ids of the run's inputs
    /// (the other stored documents come before them, as first occurrences). With `skip`,
    /// documents every database holds as they are may be left out of the run.
    pub fn new(
        sinks: &[(String, docfacts_sink::Sink)],
        in_run: impl Fn(&str) -> bool,
        skip: bool,
    ) -> Stores {
        let stored: Vec<_> = sinks.iter().map(|(_, sink)| sink.stored()).collect();
        let mut earlier = Vec::new();
        let mut contents = std::collections::HashSet::new();
        for db in &stored {
            for (sha256, id) in db.originals_outside(&in_run) {
                if contents.insert(sha256.clone()) {
                    earlier.push((sha256, id));
                }
            }
        }
        Stores {
            stored,
            skip,
            earlier,
        }
    }
}

impl docfacts_pipeline::Store for Stores {
    fn stored(
        &self,
        input: &docfacts_ingest::Input,
        sha256: &str,
    ) -> Option<docfacts_pipeline::StoredRecord> {
        if !self.skip {
            return None;
        }
        let mut each = self
            .stored
            .iter()
            .map(|db| db.current(&input.id, &input.display, sha256));
        let first = each.next()??;
        each.all(|other| other == Some(first))
            .then(|| docfacts_pipeline::StoredRecord {
                ok: first.ok,
                duplicate_of: first.duplicate_of.map(str::to_owned),
            })
    }

    fn earlier_firsts(&self) -> Vec<(String, String)> {
        self.earlier.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_names_a_postgres_url_or_connection_string_else_an_sqlite_file() {
        for pg in [
            "postgres://u@h/db",
            "POSTGRESQL://u@h/db",
            "host=localhost dbname=facts",
        ] {
            assert_eq!(target_of(pg), Target::Postgres(pg.to_owned()), "{pg}");
        }
        for file in ["facts.db", "dir/facts.db", "a=b.db/x", "=x"] {
            let expected = if file == "a=b.db/x" {
                // key=value form where no such file exists
                Target::Postgres(file.to_owned())
            } else {
                Target::Sqlite(PathBuf::from(file))
            };
            assert_eq!(target_of(file), expected, "{file}");
        }
        // an existing file is a file, whatever its name
        let dir = tempfile::tempdir().unwrap();
        let odd = dir.path().join("k=v.db");
        std::fs::write(&odd, b"").unwrap();
        let odd = odd.to_str().unwrap();
        assert_eq!(target_of(odd), Target::Sqlite(PathBuf::from(odd)));
    }
}

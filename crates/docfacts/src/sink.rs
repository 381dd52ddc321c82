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

use docfacts_sink::{LoadStats, Sink, SinkError};
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
}

impl<W: Write> JsonLines<W> {
    /// Records written to `out`, one line each.
    pub fn new(out: W) -> JsonLines<W> {
        JsonLines {
            out: std::io::BufWriter::new(out),
            pretty: false,
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
            serde_json::to_writer(&mut self.out, record)?;
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

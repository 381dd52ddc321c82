//! Reading back: the records a docfacts database holds (`documents.record`), read without
//! writing anything, for programs that work on a whole database (`docfacts graph --db`).

use std::path::Path;

use docfacts_types::Record;
use postgres::fallible_iterator::FallibleIterator as _;
use rusqlite::{Connection, OpenFlags};

use crate::SinkError;
use crate::target::Target;

/// Reads every record stored in the database, in id order, and hands each to `each`; returns
/// how many there were. The database is opened read-only (SQLite) or read in a read-only
/// transaction (PostgreSQL): nothing is created, migrated or written.
///
/// ```
/// use docfacts_sink::{Sink, SinkOptions, Target, read_records};
/// use docfacts_types::{ErrorInfo, ErrorKind, Record, Source};
///
/// let dir = tempfile::tempdir()?;
/// let target = Target::Sqlite(dir.path().join("facts.db"));
/// let source = Source { path: "empty.txt".into(), sha256: Some("e3b0c442".into()), ..Source::default() };
/// let error = ErrorInfo { kind: ErrorKind::Empty, message: "empty document".into() };
/// let mut sink = Sink::open(&target, SinkOptions::default())?;
/// sink.add(Record::error("empty".into(), source, error))?;
/// sink.finish()?;
///
/// let mut ids = Vec::new();
/// assert_eq!(read_records(&target, |record| ids.push(record.id))?, 1);
/// assert_eq!(ids, ["empty"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When the database cannot be opened or reached (a missing SQLite file is not created), is not
/// a docfacts database (no `schema_version` and `documents` tables, or no `record` column), or
/// holds a record that is not a docfacts record.
pub fn read_records(target: &Target, each: impl FnMut(Record)) -> Result<usize, SinkError> {
    let name = target.display();
    match target {
        Target::Sqlite(path) => read_sqlite(path, &name, each),
        Target::Postgres(url) => read_postgres(url, &name, each),
    }
}

/// The refusal of a database that is not docfacts'.
fn not_docfacts(name: &str) -> SinkError {
    SinkError::message(
        name,
        "not a docfacts database (it has no docfacts `schema_version` and `documents` tables \
         with a `record` column); name a database written by `docfacts extract --sqlite` or \
         `--postgres`"
            .to_owned(),
    )
}

/// A stored record that does not read as one.
fn bad_record(name: &str, id: &str, e: &serde_json::Error) -> SinkError {
    SinkError::message(
        name,
        format!("document {id}: the stored record is not a docfacts record ({e})"),
    )
}

fn read_sqlite(path: &Path, name: &str, mut each: impl FnMut(Record)) -> Result<usize, SinkError> {
    let err = |e: rusqlite::Error| SinkError::new(name, e);
    if !path.is_file() {
        return Err(SinkError::message(
            name,
            "no such database file (a database is made by `docfacts extract --sqlite FILE`)"
                .to_owned(),
        ));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(err)?;
    // A loader may be writing: wait for it rather than fail.
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(err)?;
    let ours: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM sqlite_master
                     WHERE type = 'table' AND name IN ('schema_version', 'documents'))
                  + (SELECT count(*) FROM pragma_table_info('documents') WHERE name = 'record')",
            [],
            |r| r.get(0),
        )
        .map_err(err)?;
    if ours != 3 {
        return Err(not_docfacts(name));
    }
    let mut stmt = conn
        .prepare("SELECT id, record FROM documents ORDER BY id")
        .map_err(err)?;
    let mut rows = stmt.query([]).map_err(err)?;
    let mut count = 0;
    while let Some(row) = rows.next().map_err(err)? {
        let id: String = row.get(0).map_err(err)?;
        let json: String = row.get(1).map_err(err)?;
        let record = serde_json::from_str(&json).map_err(|e| bad_record(name, &id, &e))?;
        each(record);
        count += 1;
    }
    Ok(count)
}

fn read_postgres(url: &str, name: &str, mut each: impl FnMut(Record)) -> Result<usize, SinkError> {
    let err = |e: postgres::Error| SinkError::new(name, e);
    let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(err)?;
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(err)?;
    let ours: bool = tx
        .query_one(
            "SELECT to_regclass('schema_version') IS NOT NULL
                AND to_regclass('documents') IS NOT NULL
                AND EXISTS (SELECT 1 FROM pg_attribute
                            WHERE attrelid = to_regclass('documents') AND attname = 'record'
                              AND NOT attisdropped)",
            &[],
        )
        .and_then(|row| row.try_get(0))
        .map_err(err)?;
    if !ours {
        return Err(not_docfacts(name));
    }
    let mut count = 0;
    {
        let mut rows = tx
            .query_raw(
                "SELECT id, record::text FROM documents ORDER BY id",
                std::iter::empty::<&dyn postgres::types::ToSql>(),
            )
            .map_err(err)?;
        while let Some(row) = rows.next().map_err(err)? {
            let id: String = row.try_get(0).map_err(err)?;
            let json: String = row.try_get(1).map_err(err)?;
            let record = serde_json::from_str(&json).map_err(|e| bad_record(name, &id, &e))?;
            each(record);
            count += 1;
        }
    }
    tx.commit().map_err(err)?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Sink, SinkOptions};
    use docfacts_types::{ErrorInfo, ErrorKind, Source};

    fn record(id: &str) -> Record {
        let source = Source {
            path: format!("{id}.txt"),
            sha256: Some(format!("{id}00")),
            ..Source::default()
        };
        let error = ErrorInfo {
            kind: ErrorKind::Empty,
            message: "empty".to_owned(),
        };
        Record::error(id.to_owned(), source, error)
    }

    #[test]
    fn reads_back_what_a_load_stored_in_id_order_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facts.db");
        let target = Target::Sqlite(path.clone());
        let mut sink = Sink::open(&target, SinkOptions::default()).unwrap();
        for id in ["b", "a", "c"] {
            sink.add(record(id)).unwrap();
        }
        sink.finish().unwrap();
        let before = std::fs::read(&path).unwrap();
        let mut read = Vec::new();
        assert_eq!(read_records(&target, |r| read.push(r)).unwrap(), 3);
        assert_eq!(read, [record("a"), record("b"), record("c")]);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_missing_file_is_an_error_and_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.db");
        let e = read_records(&Target::Sqlite(path.clone()), |_| {}).unwrap_err();
        assert!(e.to_string().contains("no such database file"), "{e}");
        assert!(!path.exists());
    }

    #[test]
    fn refuses_a_database_that_is_not_docfacts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        let conn = Connection::open(&path).unwrap();
        // the same table names, without docfacts' `record` column
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER);
             CREATE TABLE documents (id TEXT, body TEXT);",
        )
        .unwrap();
        drop(conn);
        let e = read_records(&Target::Sqlite(path.clone()), |_| {}).unwrap_err();
        assert!(e.to_string().contains("not a docfacts database"), "{e}");
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        let e = read_records(&Target::Sqlite(empty), |_| {}).unwrap_err();
        assert!(e.to_string().contains("not a docfacts database"), "{e}");
    }

    #[test]
    fn a_stored_record_that_does_not_read_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facts.db");
        let target = Target::Sqlite(path.clone());
        let mut sink = Sink::open(&target, SinkOptions::default()).unwrap();
        sink.add(record("a")).unwrap();
        sink.finish().unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.execute("UPDATE documents SET record = '{\"id\": 1}'", [])
            .unwrap();
        drop(conn);
        let e = read_records(&target, |_| {}).unwrap_err();
        assert!(
            e.to_string().contains("document a: the stored record"),
            "{e}"
        );
    }
}

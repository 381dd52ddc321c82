//! SQLite: one file, WAL journal, prepared statements inside one transaction per batch.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{
    CachedStatement, Connection, OptionalExtension, ToSql, TransactionBehavior, params,
    params_from_iter,
};

use crate::SinkError;
use crate::backend::{
    Backend, Counts, InterruptedLoad, Known, LoadStats, PreparedRecord, SCHEMA_VERSION,
};
use crate::comparison_rows::{ComparisonRows, StoredComparison};
use crate::rows::{
    MetaColumns, calendar_name, citations, error_kind_name, format_name, iso_bounds, kind_name,
    precision_name, qualifier_name, status_name, variant_name, warnings_json,
};

/// Migrations, in order: (version, SQL). Version N's script moves a database from N-1 to N.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../sql/sqlite/001_init.sql")),
    (2, include_str!("../sql/sqlite/002_compare.sql")),
    (3, include_str!("../sql/sqlite/003_citations.sql")),
];

pub(crate) struct SqliteBackend {
    conn: Connection,
    target: String,
}

impl SqliteBackend {
    /// Opens `path`, creating it when missing. Nothing is written (no journal mode set, no
    /// table created) before the file is known to be writable and empty or docfacts' own: a
    /// foreign or read-only database is refused as it was found.
    pub(crate) fn open(path: &Path) -> Result<SqliteBackend, SinkError> {
        let target = path.display().to_string();
        let err = |e: rusqlite::Error| SinkError::new(&target, e);
        let mut conn = Connection::open(path).map_err(err)?;
        // busy_timeout lets a loader wait while another one writes.
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(err)?;
        // Before reading, too: reading a WAL database creates its `-wal` and `-shm` files.
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(err)? {
            return Err(SinkError::message(
                &target,
                "the database is read-only: docfacts needs to write to it (check the file's \
                 and its directory's permissions, or name another file)"
                    .to_owned(),
            ));
        }
        let found = inspect(&conn).map_err(err)?;
        if let Some(refusal) = found.refusal() {
            return Err(SinkError::message(&target, refusal));
        }
        // WAL + synchronous=NORMAL: a killed process never corrupts the file or loses a commit;
        // only a power cut may lose the last commits. Readers work during a load.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        )
        .map_err(err)?;
        migrate(&mut conn).map_err(|e| match e {
            Migrate::Sql(e) => err(e),
            Migrate::TooNew(v) => SinkError::message(&target, Found::Version(v).refusal_text()),
            Migrate::Script { from, to, error } => SinkError::message(
                &target,
                format!(
                    "the database has schema version {from}, and upgrading it to version {to} \
                     failed ({}); load into a new database file, or see docs/database.md",
                    short_message(&error)
                ),
            ),
        })?;
        Ok(SqliteBackend { conn, target })
    }

    fn err(&self, e: rusqlite::Error) -> SinkError {
        SinkError::new(&self.target, e)
    }
}

/// What an existing file holds, read before anything is written to it.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// No table: a new or empty database, docfacts creates its schema.
    Empty,
    /// docfacts' schema, at this version.
    Version(i64),
    /// Tables of another program (the first few names).
    Foreign(Vec<String>),
}

impl Found {
    /// Why a load must not touch this database, if it must not.
    fn refusal(&self) -> Option<String> {
        match self {
            Found::Version(v) if *v > SCHEMA_VERSION => Some(self.refusal_text()),
            Found::Foreign(_) => Some(self.refusal_text()),
            _ => None,
        }
    }

    fn refusal_text(&self) -> String {
        match self {
            Found::Version(v) => format!(
                "the database has schema version {v}, newer than this docfacts knows \
                 ({SCHEMA_VERSION}); upgrade docfacts"
            ),
            Found::Foreign(tables) => format!(
                "not a docfacts database (it holds other tables: {}); name a new file, or \
                 an empty one, for --sqlite",
                tables.join(", ")
            ),
            Found::Empty => String::new(),
        }
    }
}

/// Reads the schema: a read only, which changes nothing in the file.
fn inspect(conn: &Connection) -> rusqlite::Result<Found> {
    let tables: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    if tables.is_empty() {
        return Ok(Found::Empty);
    }
    let ours = ["schema_version", "documents"]
        .iter()
        .all(|t| tables.iter().any(|name| name == t));
    if !ours {
        return Ok(Found::Foreign(tables.into_iter().take(5).collect()));
    }
    let version = conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )?;
    Ok(Found::Version(version))
}

/// SQLite's message without the statement it was about (a migration is a whole script).
fn short_message(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(e, Some(msg)) => format!("{msg} ({e})"),
        e => e.to_string(),
    }
}

enum Migrate {
    Sql(rusqlite::Error),
    TooNew(i64),
    /// The script to version `to` failed on a database at version `from`.
    Script {
        from: i64,
        to: i64,
        error: rusqlite::Error,
    },
}

impl From<rusqlite::Error> for Migrate {
    fn from(e: rusqlite::Error) -> Self {
        Migrate::Sql(e)
    }
}

fn migrate(conn: &mut Connection) -> Result<(), Migrate> {
    // IMMEDIATE takes the write lock first, so two loaders starting together migrate once.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
             version    INTEGER PRIMARY KEY,
             applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
         );",
    )?;
    let current: i64 = tx.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )?;
    if current > SCHEMA_VERSION {
        return Err(Migrate::TooNew(current));
    }
    for (version, sql) in MIGRATIONS {
        if *version > current {
            tx.execute_batch(sql).map_err(|error| Migrate::Script {
                from: current,
                to: *version,
                error,
            })?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES (?1)",
                [version],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

impl Backend for SqliteBackend {
    fn known(&mut self) -> Result<HashMap<String, Known>, SinkError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, sha256, path, docfacts_version, status = 'ok',
                     json_extract(record, '$.duplicate_of')
                 FROM documents",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Known {
                        sha256: r.get(1)?,
                        path: r.get(2)?,
                        version: r.get(3)?,
                        ok: r.get(4)?,
                        duplicate_of: r.get(5)?,
                    },
                ))
            })
            .and_then(|rows| rows.collect::<Result<HashMap<_, _>, _>>());
        drop(stmt);
        rows.map_err(|e| self.err(e))
    }

    fn interrupted(&mut self) -> Result<Option<InterruptedLoad>, SinkError> {
        self.conn
            .query_row(
                "SELECT id, started_at, inserted + replaced FROM loads
                 WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(InterruptedLoad {
                        id: r.get(0)?,
                        started_at: r.get(1)?,
                        documents: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    fn begin_load(&mut self, version: &str) -> Result<i64, SinkError> {
        self.conn
            .execute(
                "INSERT INTO loads (docfacts_version) VALUES (?1)",
                [version],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    fn write(
        &mut self,
        load: i64,
        batch: &[PreparedRecord],
        version: &str,
        counts: Counts,
    ) -> Result<(), SinkError> {
        write_batch(&mut self.conn, load, batch, version, counts).map_err(|e| match e {
            WriteError::Sql(e) => SinkError::new(&self.target, e),
            WriteError::Json(e) => SinkError::new(&self.target, e),
        })
    }

    fn finish_load(&mut self, load: i64, stats: &LoadStats) -> Result<(), SinkError> {
        self.conn
            .execute(
                "UPDATE loads SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                     inserted = ?2, replaced = ?3, unchanged = ?4
                 WHERE id = ?1",
                params![
                    load,
                    to_i64(stats.inserted),
                    to_i64(stats.replaced),
                    to_i64(stats.unchanged)
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

enum WriteError {
    Sql(rusqlite::Error),
    Json(serde_json::Error),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Sql(e)
    }
}

impl From<serde_json::Error> for WriteError {
    fn from(e: serde_json::Error) -> Self {
        WriteError::Json(e)
    }
}

fn to_i64(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

/// The columns every fact table (`dates`, `doc_refs`, `citations`, `figures`) begins with:
/// `document_id, ordinal, text, start_byte, end_byte, page`.
struct FactHead<'a> {
    document_id: &'a str,
    ordinal: i64,
    text: &'a str,
    start_byte: i64,
    end_byte: i64,
    page: Option<u32>,
}

impl<'a> FactHead<'a> {
    /// The columns of the `ordinal`-th fact of a document, spanning `start..end` of its text.
    fn new(
        document_id: &'a str,
        ordinal: usize,
        text: &'a str,
        start: usize,
        end: usize,
        page: Option<u32>,
    ) -> FactHead<'a> {
        FactHead {
            document_id,
            ordinal: to_i64(ordinal),
            text,
            start_byte: to_i64(start),
            end_byte: to_i64(end),
            page,
        }
    }

    /// Inserts the fact's row with `stmt`: these columns, then the table's own `columns`, in the
    /// order of the statement's parameters.
    fn insert(
        &self,
        stmt: &mut CachedStatement<'_>,
        columns: &[&dyn ToSql],
    ) -> rusqlite::Result<()> {
        let head: [&dyn ToSql; 6] = [
            &self.document_id,
            &self.ordinal,
            &self.text,
            &self.start_byte,
            &self.end_byte,
            &self.page,
        ];
        stmt.execute(params_from_iter(head.iter().chain(columns)))?;
        Ok(())
    }
}

fn write_batch(
    conn: &mut Connection,
    load: i64,
    batch: &[PreparedRecord],
    version: &str,
    counts: Counts,
) -> Result<(), WriteError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut del_dates = tx.prepare_cached("DELETE FROM dates WHERE document_id = ?1")?;
        let mut del_refs = tx.prepare_cached("DELETE FROM doc_refs WHERE document_id = ?1")?;
        let mut del_figs = tx.prepare_cached("DELETE FROM figures WHERE document_id = ?1")?;
        let mut del_cites = tx.prepare_cached("DELETE FROM citations WHERE document_id = ?1")?;
        let mut del_doc = tx.prepare_cached("DELETE FROM documents WHERE id = ?1")?;
        let mut ins_doc = tx.prepare_cached(
            "INSERT INTO documents (id, path, sha256, format, encoding, bytes, pages, language,
                 variant, language_confidence, status, error_kind, error_message, warnings,
                 record_schema, docfacts_version, record, doc_number, doc_type, doc_type_name,
                 issued, place, issuer, title)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
        )?;
        let mut ins_date = tx.prepare_cached(
            "INSERT INTO dates (document_id, ordinal, text, start_byte, end_byte, page, iso,
                 iso_from, iso_to, precision, calendar, range_with)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut ins_ref = tx.prepare_cached(
            "INSERT INTO doc_refs (document_id, ordinal, text, start_byte, end_byte, page, ref_id,
                 number, year, doc_type, type_name, issuer, repaired)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        let mut ins_cite = tx.prepare_cached(
            "INSERT INTO citations (document_id, ordinal, text, start_byte, end_byte, page,
                 cited_id, relation, cited_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut ins_fig = tx.prepare_cached(
            "INSERT INTO figures (document_id, ordinal, text, start_byte, end_byte, page, kind,
                 value, num, den, unit, qualifier, written_value, scale)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for p in batch {
            let r = &p.record;
            let id = r.id.as_str();
            del_dates.execute([id])?;
            del_refs.execute([id])?;
            del_figs.execute([id])?;
            del_cites.execute([id])?;
            del_doc.execute([id])?;
            let meta = MetaColumns::of(r);
            ins_doc.execute(params![
                id,
                r.source.path,
                r.source.sha256,
                format_name(r.source.format),
                r.source.encoding,
                to_i64(r.source.bytes),
                r.source.pages,
                r.language.code.code(),
                variant_name(r.language.variant),
                r.language.confidence,
                status_name(r.status),
                error_kind_name(r),
                r.error.as_ref().map(|e| e.message.as_str()),
                warnings_json(r)?,
                r.schema,
                version,
                p.json,
                meta.doc_number,
                meta.doc_type,
                meta.doc_type_name,
                meta.issued,
                meta.place,
                meta.issuer,
                meta.title,
            ])?;
            for (i, d) in r.dates.iter().enumerate() {
                let (from, to) = iso_bounds(&d.iso);
                let head = FactHead::new(id, i, &d.text, d.start, d.end, d.page);
                head.insert(
                    &mut ins_date,
                    &[
                        &d.iso,
                        &from,
                        &to,
                        &precision_name(d.precision),
                        &calendar_name(d.calendar),
                        &d.range_with.map(to_i64),
                    ],
                )?;
            }
            for (i, d) in r.doc_refs.iter().enumerate() {
                let head = FactHead::new(id, i, &d.text, d.start, d.end, d.page);
                head.insert(
                    &mut ins_ref,
                    &[
                        &d.id,
                        &d.number,
                        &d.year,
                        &d.doc_type,
                        &d.type_name,
                        &d.issuer,
                        &d.repaired,
                    ],
                )?;
            }
            for (i, d) in citations(r) {
                let head = FactHead::new(id, i, &d.text, d.start, d.end, d.page);
                head.insert(
                    &mut ins_cite,
                    &[
                        &d.id,
                        &d.relation.as_str(),
                        &d.date.as_ref().map(|date| date.iso.as_str()),
                    ],
                )?;
            }
            for (i, f) in r.figures.iter().enumerate() {
                let head = FactHead::new(id, i, &f.text, f.start, f.end, f.page);
                head.insert(
                    &mut ins_fig,
                    &[
                        &kind_name(f.kind),
                        &f.value,
                        &f.num,
                        &f.den,
                        &f.unit,
                        &qualifier_name(f.qualifier),
                        &f.written_value,
                        &f.scale,
                    ],
                )?;
            }
        }
        tx.execute(
            "UPDATE loads SET inserted = inserted + ?2, replaced = replaced + ?3,
                 unchanged = unchanged + ?4
             WHERE id = ?1",
            params![
                load,
                to_i64(counts.inserted),
                to_i64(counts.replaced),
                to_i64(counts.unchanged)
            ],
        )?;
    }
    tx.commit()?;
    Ok(())
}

impl SqliteBackend {
    /// Replaces earlier comparisons of the pair and writes this one, in one transaction.
    pub(crate) fn store_comparison(
        &mut self,
        rows: &ComparisonRows<'_>,
    ) -> Result<StoredComparison, SinkError> {
        store_comparison(&mut self.conn, rows).map_err(|e| match e {
            WriteError::Sql(e) => SinkError::new(&self.target, e),
            WriteError::Json(e) => SinkError::new(&self.target, e),
        })
    }
}

fn store_comparison(
    conn: &mut Connection,
    rows: &ComparisonRows<'_>,
) -> Result<StoredComparison, WriteError> {
    let report = rows.report;
    let json = rows.json()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let earlier: Vec<i64> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id FROM comparisons
             WHERE (a_sha256 = ?1 AND b_sha256 = ?2) OR (a_path = ?3 AND b_path = ?4)",
        )?;
        stmt.query_map(
            params![rows.a.sha256, rows.b.sha256, rows.a.path, rows.b.path],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?
    };
    for id in &earlier {
        tx.execute("DELETE FROM disagreements WHERE comparison_id = ?1", [id])?;
        tx.execute(
            "DELETE FROM comparison_matches WHERE comparison_id = ?1",
            [id],
        )?;
        tx.execute("DELETE FROM comparisons WHERE id = ?1", [id])?;
    }
    tx.execute(
        "INSERT INTO comparisons (a_id, b_id, a_path, b_path, a_sha256, b_sha256, a_language,
             b_language, agree, score, matched, mismatched, only_in_a, only_in_b, tolerated,
             docfacts_version, report)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            report.a.id,
            report.b.id,
            rows.a.path,
            rows.b.path,
            rows.a.sha256,
            rows.b.sha256,
            report.a.language.code(),
            report.b.language.code(),
            report.agree,
            report.score,
            to_i64(report.matched.len()),
            to_i64(report.mismatched.len()),
            to_i64(report.only_in_a.len()),
            to_i64(report.only_in_b.len()),
            to_i64(report.tolerated.len()),
            rows.version,
            json,
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (table, note, pairs) in [
        ("disagreements", "reason", &rows.disagreements),
        ("comparison_matches", "note", &rows.matches),
    ] {
        let mut stmt = tx.prepare_cached(&format!(
            "INSERT INTO {table} (comparison_id, ordinal, category, fact_type, {note}, a_text,
                 a_start, a_end, a_value, b_text, b_start, b_end, b_value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
        ))?;
        for (i, p) in pairs.iter().enumerate() {
            let (a, b) = (p.a.as_ref(), p.b.as_ref());
            stmt.execute(params![
                id,
                to_i64(i),
                p.category,
                p.fact_type,
                p.note,
                a.map(|f| f.text),
                a.map(|f| to_i64(f.start)),
                a.map(|f| to_i64(f.end)),
                a.map(|f| f.value.as_str()),
                b.map(|f| f.text),
                b.map(|f| to_i64(f.start)),
                b.map(|f| to_i64(f.end)),
                b.map(|f| f.value.as_str()),
            ])?;
        }
    }
    tx.commit()?;
    Ok(StoredComparison {
        id,
        replaced: earlier.len() as u64,
    })
}

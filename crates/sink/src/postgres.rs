//! PostgreSQL: one transaction per batch; old rows deleted by id, new rows sent with text-format
//! `COPY … FROM STDIN` (one COPY per table per batch).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;

use postgres::{Client, NoTls, Transaction};

use crate::SinkError;
use crate::backend::{
    Backend, Counts, InterruptedLoad, Known, LoadStats, PreparedRecord, SCHEMA_VERSION,
};
use crate::comparison_rows::{ComparisonRows, FactPair, StoredComparison};
use crate::rows::{
    MetaColumns, calendar_name, citations, error_kind_name, format_name, iso_bounds, kind_name,
    pg_record_json, pg_text, precision_name, qualifier_name, status_name, variant_name,
    warnings_json,
};

/// Migrations, in order: (version, SQL). Version N's script moves a database from N-1 to N.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../sql/postgres/001_init.sql")),
    (2, include_str!("../sql/postgres/002_compare.sql")),
    (3, include_str!("../sql/postgres/003_citations.sql")),
];

/// Serializes schema creation between concurrent loaders (`pg_advisory_xact_lock` key).
const MIGRATION_LOCK: i64 = 0x646f_6366_6163_7473; // "docfacts"

pub(crate) struct PgBackend {
    client: Client,
    target: String,
}

impl PgBackend {
    pub(crate) fn open(url: &str, target: &str) -> Result<PgBackend, SinkError> {
        let err = |e: postgres::Error| SinkError::new(target, e);
        let mut client = Client::connect(url, NoTls).map_err(err)?;
        let encoding: String = client
            .query_one("SHOW server_encoding", &[])
            .and_then(|row| row.try_get(0))
            .map_err(err)?;
        if !encoding.eq_ignore_ascii_case("UTF8") {
            return Err(SinkError::message(
                target,
                format!(
                    "the database encoding is {encoding}; docfacts needs UTF8 (createdb -E UTF8)"
                ),
            ));
        }
        let mut tx = client.transaction().map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(err)?;
        // Another program's `documents` table: refused before anything is created beside it.
        let foreign: bool = tx
            .query_one(
                "SELECT to_regclass('documents') IS NOT NULL
                    AND to_regclass('schema_version') IS NULL",
                &[],
            )
            .and_then(|row| row.try_get(0))
            .map_err(err)?;
        if foreign {
            return Err(SinkError::message(
                target,
                "not a docfacts database: it has a `documents` table but no docfacts schema \
                 version; name another database (or schema, with `options=-csearch_path=…`)"
                    .to_owned(),
            ));
        }
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (
                 version    BIGINT PRIMARY KEY,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
             );",
        )
        .map_err(err)?;
        let current: i64 = tx
            .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])
            .and_then(|row| row.try_get(0))
            .map_err(err)?;
        if current > SCHEMA_VERSION {
            return Err(SinkError::message(
                target,
                format!(
                    "the database has schema version {current}, newer than this docfacts knows \
                     ({SCHEMA_VERSION}); upgrade docfacts"
                ),
            ));
        }
        for (version, sql) in MIGRATIONS {
            if *version > current {
                tx.batch_execute(sql).map_err(|e| {
                    let why = e
                        .as_db_error()
                        .map_or_else(|| e.to_string(), |db| db.to_string());
                    SinkError::message(
                        target,
                        format!(
                            "the database has schema version {current}, and upgrading it to \
                             version {version} failed ({why}); nothing was changed: load into \
                             a new database, or see docs/database.md"
                        ),
                    )
                })?;
                tx.execute(
                    "INSERT INTO schema_version (version) VALUES ($1)",
                    &[version],
                )
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(PgBackend {
            client,
            target: target.to_owned(),
        })
    }

    fn err(&self, e: impl Into<crate::error::KindSource>) -> SinkError {
        SinkError::new(&self.target, e)
    }
}

impl Backend for PgBackend {
    fn known(&mut self) -> Result<HashMap<String, Known>, SinkError> {
        let rows = self
            .client
            .query(
                "SELECT id, sha256, path, docfacts_version, status = 'ok',
                     record->>'duplicate_of'
                 FROM documents",
                &[],
            )
            .map_err(|e| self.err(e))?;
        let mut known = HashMap::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get(0).map_err(|e| self.err(e))?;
            let entry = Known {
                sha256: row.try_get(1).map_err(|e| self.err(e))?,
                path: row.try_get(2).map_err(|e| self.err(e))?,
                version: row.try_get(3).map_err(|e| self.err(e))?,
                ok: row.try_get(4).map_err(|e| self.err(e))?,
                duplicate_of: row.try_get(5).map_err(|e| self.err(e))?,
            };
            known.insert(id, entry);
        }
        Ok(known)
    }

    fn interrupted(&mut self) -> Result<Option<InterruptedLoad>, SinkError> {
        let row = self
            .client
            .query_opt(
                "SELECT id, started_at::text, inserted + replaced FROM loads
                 WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1",
                &[],
            )
            .map_err(|e| self.err(e))?;
        match row {
            None => Ok(None),
            Some(row) => Ok(Some(InterruptedLoad {
                id: row.try_get(0).map_err(|e| self.err(e))?,
                started_at: row.try_get(1).map_err(|e| self.err(e))?,
                documents: row.try_get(2).map_err(|e| self.err(e))?,
            })),
        }
    }

    fn begin_load(&mut self, version: &str) -> Result<i64, SinkError> {
        let row = self
            .client
            .query_one(
                "INSERT INTO loads (docfacts_version) VALUES ($1) RETURNING id",
                &[&version],
            )
            .map_err(|e| self.err(e))?;
        row.try_get(0).map_err(|e| self.err(e))
    }

    fn write(
        &mut self,
        load: i64,
        batch: &[PreparedRecord],
        version: &str,
        counts: Counts,
    ) -> Result<(), SinkError> {
        let tables = CopyTables::build(batch, version).map_err(|e| self.err(e))?;
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| SinkError::new(&self.target, e))?;
        write_batch(&mut tx, load, &tables, counts).map_err(|e| match e {
            WriteError::Pg(e) => SinkError::new(&self.target, e),
            WriteError::Io(e) => SinkError::message(&self.target, format!("COPY failed: {e}")),
        })?;
        tx.commit().map_err(|e| SinkError::new(&self.target, e))
    }

    fn finish_load(&mut self, load: i64, stats: &LoadStats) -> Result<(), SinkError> {
        self.client
            .execute(
                "UPDATE loads SET finished_at = now(), inserted = $2, replaced = $3, unchanged = $4
                 WHERE id = $1",
                &[
                    &load,
                    &to_i64(stats.inserted),
                    &to_i64(stats.replaced),
                    &to_i64(stats.unchanged),
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

fn to_i64(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

enum WriteError {
    Pg(postgres::Error),
    Io(std::io::Error),
}

impl From<postgres::Error> for WriteError {
    fn from(e: postgres::Error) -> Self {
        WriteError::Pg(e)
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

fn write_batch(
    tx: &mut Transaction<'_>,
    load: i64,
    tables: &CopyTables,
    counts: Counts,
) -> Result<(), WriteError> {
    for table in ["dates", "doc_refs", "figures", "citations"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE document_id = ANY($1)"),
            &[&tables.ids],
        )?;
    }
    tx.execute("DELETE FROM documents WHERE id = ANY($1)", &[&tables.ids])?;
    for (sql, data) in [
        (
            "COPY documents (id, path, sha256, format, encoding, bytes, pages, language, variant,
                 language_confidence, status, error_kind, error_message, warnings, record_schema,
                 docfacts_version, record, doc_number, doc_type, doc_type_name, issued, place,
                 issuer, title) FROM STDIN",
            &tables.documents,
        ),
        (
            "COPY dates (document_id, ordinal, text, start_byte, end_byte, page, iso, iso_from,
                 iso_to, precision, calendar, range_with) FROM STDIN",
            &tables.dates,
        ),
        (
            "COPY doc_refs (document_id, ordinal, text, start_byte, end_byte, page, ref_id, number,
                 year, doc_type, type_name, issuer, repaired) FROM STDIN",
            &tables.doc_refs,
        ),
        (
            "COPY citations (document_id, ordinal, text, start_byte, end_byte, page, cited_id,
                 relation, cited_date) FROM STDIN",
            &tables.citations,
        ),
        (
            "COPY figures (document_id, ordinal, text, start_byte, end_byte, page, kind, value, num,
                 den, unit, qualifier, written_value, scale) FROM STDIN",
            &tables.figures,
        ),
    ] {
        if data.is_empty() {
            continue;
        }
        let mut writer = tx.copy_in(sql)?;
        writer.write_all(data.as_bytes())?;
        writer.finish()?;
    }
    tx.execute(
        "UPDATE loads SET inserted = inserted + $2, replaced = replaced + $3,
             unchanged = unchanged + $4
         WHERE id = $1",
        &[
            &load,
            &to_i64(counts.inserted),
            &to_i64(counts.replaced),
            &to_i64(counts.unchanged),
        ],
    )?;
    Ok(())
}

impl PgBackend {
    /// Replaces earlier comparisons of the pair and writes this one, in one transaction
    /// (the fact pairs with COPY).
    pub(crate) fn store_comparison(
        &mut self,
        rows: &ComparisonRows<'_>,
    ) -> Result<StoredComparison, SinkError> {
        let json = rows
            .json()
            .and_then(pg_record_json)
            .map_err(|e| self.err(e))?;
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| SinkError::new(&self.target, e))?;
        let stored = store_comparison(&mut tx, rows, &json).map_err(|e| match e {
            WriteError::Pg(e) => SinkError::new(&self.target, e),
            WriteError::Io(e) => SinkError::message(&self.target, format!("COPY failed: {e}")),
        })?;
        tx.commit().map_err(|e| SinkError::new(&self.target, e))?;
        Ok(stored)
    }
}

fn store_comparison(
    tx: &mut Transaction<'_>,
    rows: &ComparisonRows<'_>,
    json: &str,
) -> Result<StoredComparison, WriteError> {
    let report = rows.report;
    let text = |s: &str| pg_text(s).into_owned();
    let (a_path, b_path) = (text(&rows.a.path), text(&rows.b.path));
    let (a_sha, b_sha) = (
        rows.a.sha256.as_deref().map(text),
        rows.b.sha256.as_deref().map(text),
    );
    let earlier: Vec<i64> = tx
        .query(
            "SELECT id FROM comparisons
             WHERE (a_sha256 = $1 AND b_sha256 = $2) OR (a_path = $3 AND b_path = $4)",
            &[&a_sha, &b_sha, &a_path, &b_path],
        )?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    if !earlier.is_empty() {
        tx.execute(
            "DELETE FROM disagreements WHERE comparison_id = ANY($1)",
            &[&earlier],
        )?;
        tx.execute(
            "DELETE FROM comparison_matches WHERE comparison_id = ANY($1)",
            &[&earlier],
        )?;
        tx.execute("DELETE FROM comparisons WHERE id = ANY($1)", &[&earlier])?;
    }
    let id: i64 = tx
        .query_one(
            "INSERT INTO comparisons (a_id, b_id, a_path, b_path, a_sha256, b_sha256, a_language,
                 b_language, agree, score, matched, mismatched, only_in_a, only_in_b, tolerated,
                 docfacts_version, report)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                 $17::text::jsonb)
             RETURNING id",
            &[
                &text(&report.a.id),
                &text(&report.b.id),
                &a_path,
                &b_path,
                &a_sha,
                &b_sha,
                &report.a.language.code(),
                &report.b.language.code(),
                &report.agree,
                &report.score,
                &to_i64(report.matched.len()),
                &to_i64(report.mismatched.len()),
                &to_i64(report.only_in_a.len()),
                &to_i64(report.only_in_b.len()),
                &to_i64(report.tolerated.len()),
                &rows.version,
                &json,
            ],
        )?
        .try_get(0)?;
    for (table, note, pairs) in [
        ("disagreements", "reason", &rows.disagreements),
        ("comparison_matches", "note", &rows.matches),
    ] {
        if pairs.is_empty() {
            continue;
        }
        let data = fact_pair_rows(id, pairs);
        let mut writer = tx.copy_in(&format!(
            "COPY {table} (comparison_id, ordinal, category, fact_type, {note}, a_text, a_start,
                 a_end, a_value, b_text, b_start, b_end, b_value) FROM STDIN"
        ))?;
        writer.write_all(data.as_bytes())?;
        writer.finish()?;
    }
    Ok(StoredComparison {
        id,
        replaced: earlier.len() as u64,
    })
}

/// `disagreements` / `comparison_matches` rows as COPY text data.
fn fact_pair_rows(id: i64, pairs: &[FactPair<'_>]) -> String {
    let mut out = String::new();
    for (i, p) in pairs.iter().enumerate() {
        let mut row = Row::new(&mut out);
        row.num(id)
            .num(i)
            .text(p.category)
            .text(p.fact_type)
            .opt_text(p.note);
        for side in [&p.a, &p.b] {
            row.opt_text(side.as_ref().map(|f| f.text))
                .opt_num(side.as_ref().map(|f| f.start))
                .opt_num(side.as_ref().map(|f| f.end))
                .opt_text(side.as_ref().map(|f| f.value.as_str()));
        }
        row.end();
    }
    out
}

/// One batch as COPY text data, one buffer per table.
struct CopyTables {
    ids: Vec<String>,
    documents: String,
    dates: String,
    doc_refs: String,
    citations: String,
    figures: String,
}

impl CopyTables {
    fn build(batch: &[PreparedRecord], version: &str) -> Result<CopyTables, serde_json::Error> {
        let mut t = CopyTables {
            ids: Vec::with_capacity(batch.len()),
            documents: String::new(),
            dates: String::new(),
            doc_refs: String::new(),
            citations: String::new(),
            figures: String::new(),
        };
        for p in batch {
            let r = &p.record;
            let id = pg_text(&r.id).into_owned();
            let json = pg_record_json(p.json.clone())?;
            let warnings = warnings_json(r)?.map(pg_record_json).transpose()?;
            let meta = MetaColumns::of(r);
            let mut row = Row::new(&mut t.documents);
            row.text(&id)
                .text(&r.source.path)
                .opt_text(r.source.sha256.as_deref())
                .text(format_name(r.source.format))
                .opt_text(r.source.encoding.as_deref())
                .num(r.source.bytes)
                .opt_num(r.source.pages)
                .text(r.language.code.code())
                .opt_text(variant_name(r.language.variant))
                .num(r.language.confidence)
                .text(status_name(r.status))
                .opt_text(error_kind_name(r).as_deref())
                .opt_text(r.error.as_ref().map(|e| e.message.as_str()))
                .opt_text(warnings.as_deref())
                .text(&r.schema)
                .text(version)
                .text(&json)
                .opt_text(meta.doc_number)
                .opt_text(meta.doc_type)
                .opt_text(meta.doc_type_name)
                .opt_text(meta.issued)
                .opt_text(meta.place)
                .opt_text(meta.issuer)
                .opt_text(meta.title)
                .end();
            for (i, d) in r.dates.iter().enumerate() {
                let (from, to) = iso_bounds(&d.iso);
                Row::new(&mut t.dates)
                    .fact(&id, i, (&d.text, d.start, d.end), d.page)
                    .text(&d.iso)
                    .text(from)
                    .text(to)
                    .text(precision_name(d.precision))
                    .text(calendar_name(d.calendar))
                    .opt_num(d.range_with)
                    .end();
            }
            for (i, d) in r.doc_refs.iter().enumerate() {
                Row::new(&mut t.doc_refs)
                    .fact(&id, i, (&d.text, d.start, d.end), d.page)
                    .text(&d.id)
                    .text(&d.number)
                    .opt_num(d.year)
                    .text(&d.doc_type)
                    .text(&d.type_name)
                    .opt_text(d.issuer.as_deref())
                    .text(if d.repaired { "t" } else { "f" })
                    .end();
            }
            for (i, d) in citations(r) {
                Row::new(&mut t.citations)
                    .fact(&id, i, (&d.text, d.start, d.end), d.page)
                    .text(&d.id)
                    .text(d.relation.as_str())
                    .opt_text(d.date.as_ref().map(|date| date.iso.as_str()))
                    .end();
            }
            for (i, f) in r.figures.iter().enumerate() {
                Row::new(&mut t.figures)
                    .fact(&id, i, (&f.text, f.start, f.end), f.page)
                    .text(kind_name(f.kind))
                    .num(f.value)
                    .opt_num(f.num)
                    .opt_num(f.den)
                    .opt_text(f.unit.as_deref())
                    .opt_text(qualifier_name(f.qualifier))
                    .opt_num(f.written_value)
                    .opt_text(f.scale.as_deref())
                    .end();
            }
            t.ids.push(id);
        }
        Ok(t)
    }
}

/// Writes one line of COPY text format: tab-separated, `\N` for NULL, backslash escapes.
struct Row<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Row<'a> {
    fn new(out: &'a mut String) -> Row<'a> {
        Row { out, first: true }
    }

    fn sep(&mut self) {
        if !self.first {
            self.out.push('\t');
        }
        self.first = false;
    }

    fn text(&mut self, s: &str) -> &mut Self {
        self.sep();
        for c in s.chars() {
            match c {
                '\\' => self.out.push_str("\\\\"),
                '\t' => self.out.push_str("\\t"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\0' => {} // PostgreSQL text cannot hold NUL
                c => self.out.push(c),
            }
        }
        self
    }

    fn opt_text(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.text(s),
            None => self.null(),
        }
    }

    fn num(&mut self, n: impl CopyNumber) -> &mut Self {
        self.sep();
        n.write_to(self.out);
        self
    }

    fn opt_num(&mut self, n: Option<impl CopyNumber>) -> &mut Self {
        match n {
            Some(n) => self.num(n),
            None => self.null(),
        }
    }

    /// The columns every fact table opens with: document id, ordinal, text, span, page.
    fn fact(
        &mut self,
        document: &str,
        ordinal: usize,
        span: (&str, usize, usize),
        page: Option<u32>,
    ) -> &mut Self {
        let (text, start, end) = span;
        self.text(document)
            .num(ordinal)
            .text(text)
            .num(start)
            .num(end)
            .opt_num(page)
    }

    fn null(&mut self) -> &mut Self {
        self.sep();
        self.out.push_str("\\N");
        self
    }

    fn end(&mut self) {
        self.out.push('\n');
    }
}

/// A number as PostgreSQL's text input reads it.
trait CopyNumber {
    fn write_to(self, out: &mut String);
}

macro_rules! int_copy {
    ($($t:ty),*) => {$(
        impl CopyNumber for $t {
            fn write_to(self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
int_copy!(usize, u64, u32, u16, i64);

impl CopyNumber for f64 {
    fn write_to(self, out: &mut String) {
        if self.is_nan() {
            out.push_str("NaN");
        } else if self.is_infinite() {
            out.push_str(if self > 0.0 { "Infinity" } else { "-Infinity" });
        } else {
            // Rust prints the shortest text that reads back as the same f64 (round-trip exact).
            let _ = write!(out, "{self}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_rows_escape_and_null() {
        let mut out = String::new();
        Row::new(&mut out)
            .text("a\tb\\c\nd\0e")
            .opt_text(None)
            .num(12usize)
            .num(0.5f64)
            .opt_num(None::<u32>)
            .end();
        assert_eq!(out, "a\\tb\\\\c\\nde\t\\N\t12\t0.5\t\\N\n");
    }
}

//! Database loads against real SQLite and a real PostgreSQL server (`--sqlite`, `--postgres`).
//!
//! PostgreSQL tests need `DOCFACTS_TEST_POSTGRES_URL` (`.ci/setup.d/20-postgres.sh` starts a server
//! and sets it). Without it they print "skipped: …" and pass, except under `CI=true`, where they fail.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use crate::cli::docfacts;

// ---------------------------------------------------------------------------------------------
// Databases under test

pub(crate) enum Db {
    Sqlite(PathBuf),
    Postgres(PgDb),
}

/// A database of its own on the test server, dropped at the end.
pub(crate) struct PgDb {
    admin_url: String,
    name: String,
    url: String,
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

#[allow(clippy::print_stderr)] // the skip must be visible in the test output
fn postgres_server() -> Option<String> {
    match std::env::var("DOCFACTS_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "DOCFACTS_TEST_POSTGRES_URL is not set under CI=true: \
                 .ci/setup.d/20-postgres.sh should have started PostgreSQL (see its output)"
            );
            eprintln!(
                "skipped: no PostgreSQL server (set DOCFACTS_TEST_POSTGRES_URL=postgres://…)"
            );
            None
        }
    }
}

impl Db {
    pub(crate) fn sqlite(dir: &Path) -> Db {
        Db::Sqlite(dir.join("facts.db"))
    }

    /// A fresh database on the test server, or `None` (skipped) without one.
    pub(crate) fn postgres(test: &str) -> Option<Db> {
        let admin_url = postgres_server()?;
        let name = format!("docfacts_{test}_{}", std::process::id());
        let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to {admin_url}: {e}"));
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"
            ))
            .unwrap();
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        Some(Db::Postgres(PgDb {
            admin_url,
            name,
            url,
        }))
    }

    pub(crate) fn args(&self) -> Vec<String> {
        match self {
            Db::Sqlite(path) => vec!["--sqlite".into(), path.display().to_string()],
            Db::Postgres(pg) => vec!["--postgres".into(), pg.url.clone()],
        }
    }

    /// Rows of `sql`, each value printed the same way for both databases.
    pub(crate) fn query(&self, sql: &str) -> Vec<Vec<String>> {
        match self {
            Db::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).unwrap();
                let mut stmt = conn
                    .prepare(sql)
                    .unwrap_or_else(|e| panic!("SQLite rejects {sql}: {e}"));
                let n = stmt.column_count();
                stmt.query_map([], |row| {
                    (0..n)
                        .map(|i| {
                            Ok(match row.get::<_, rusqlite::types::Value>(i)? {
                                rusqlite::types::Value::Null => "NULL".to_owned(),
                                rusqlite::types::Value::Integer(v) => v.to_string(),
                                rusqlite::types::Value::Real(v) => v.to_string(),
                                rusqlite::types::Value::Text(v) => v,
                                rusqlite::types::Value::Blob(v) => format!("{v:?}"),
                            })
                        })
                        .collect()
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
            }
            Db::Postgres(pg) => {
                let mut client = postgres::Client::connect(&pg.url, postgres::NoTls).unwrap();
                let rows = client
                    .query(sql, &[])
                    .unwrap_or_else(|e| panic!("PostgreSQL rejects {sql}: {e}"));
                rows.iter()
                    .map(|row| {
                        (0..row.len())
                            .map(|i| {
                                use postgres::types::Type;
                                let ty = row.columns()[i].type_().clone();
                                let text = if ty == Type::INT8 {
                                    row.get::<_, Option<i64>>(i).map(|v| v.to_string())
                                } else if ty == Type::INT4 {
                                    row.get::<_, Option<i32>>(i).map(|v| v.to_string())
                                } else if ty == Type::FLOAT8 {
                                    row.get::<_, Option<f64>>(i).map(|v| v.to_string())
                                } else if ty == Type::BOOL {
                                    row.get::<_, Option<bool>>(i)
                                        .map(|v| i32::from(v).to_string())
                                } else {
                                    row.get::<_, Option<String>>(i)
                                };
                                text.unwrap_or_else(|| "NULL".to_owned())
                            })
                            .collect()
                    })
                    .collect()
            }
        }
    }

    pub(crate) fn count(&self, table: &str) -> i64 {
        self.query(&format!("SELECT count(*) FROM {table}"))[0][0]
            .parse()
            .unwrap()
    }

    /// The database as the library opens it.
    pub(crate) fn target(&self) -> docfacts_sink::Target {
        match self {
            Db::Sqlite(path) => docfacts_sink::Target::Sqlite(path.clone()),
            Db::Postgres(pg) => docfacts_sink::Target::Postgres(pg.url.clone()),
        }
    }

    /// Every row of the five tables, as text, keyed by document id.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, Vec<String>> {
        let mut by_doc: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let row_text = match self {
            Db::Sqlite(_) => "*",
            Db::Postgres(_) => "t::text",
        };
        for (table, key) in [
            ("documents", "id"),
            ("dates", "document_id"),
            ("doc_refs", "document_id"),
            ("figures", "document_id"),
            ("citations", "document_id"),
        ] {
            let order = if table == "documents" {
                "id"
            } else {
                "document_id, ordinal"
            };
            let sql = format!("SELECT {key}, {row_text} FROM {table} t ORDER BY {order}");
            for row in self.query(&sql) {
                by_doc
                    .entry(row[0].clone())
                    .or_default()
                    .push(format!("{table}: {}", row[1..].join("|")));
            }
        }
        by_doc
    }

    /// Every document has exactly the fact rows its stored record lists, and a citation for each
    /// doc_ref but its own number: nothing half-written.
    pub(crate) fn assert_documents_whole(&self) {
        let sql = "SELECT d.id, CAST(d.record AS TEXT),
                (SELECT count(*) FROM dates x WHERE x.document_id = d.id),
                (SELECT count(*) FROM doc_refs x WHERE x.document_id = d.id),
                (SELECT count(*) FROM figures x WHERE x.document_id = d.id),
                (SELECT count(*) FROM citations x WHERE x.document_id = d.id)
            FROM documents d ORDER BY d.id";
        for row in self.query(sql) {
            let record: serde_json::Value = serde_json::from_str(&row[1]).unwrap();
            for (i, table) in ["dates", "doc_refs", "figures"].iter().enumerate() {
                let want = record[table].as_array().unwrap().len().to_string();
                let got = &row[i + 2];
                assert_eq!(
                    got, &want,
                    "document {} has {got} of its {want} {table} rows",
                    row[0]
                );
            }
            let citations = record["doc_refs"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["relation"] != "self")
                .count();
            assert_eq!(
                row[5],
                citations.to_string(),
                "document {} has {} of its {citations} citations rows",
                row[0],
                row[5]
            );
        }
    }
}

pub(crate) fn load(db: &Db, paths: &[&Path], extra: &[&str]) -> Output {
    let out = docfacts()
        .env_remove("DOCFACTS_DATABASE_URL")
        .arg("extract")
        .arg("--quiet")
        .args(paths)
        .args(db.args())
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "load failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub(crate) fn load_verbose(db: &Db, paths: &[&Path], extra: &[&str]) -> String {
    let out = docfacts()
        .env_remove("DOCFACTS_DATABASE_URL")
        .arg("extract")
        .args(paths)
        .args(db.args())
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "load failed: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "a database load without -o printed records on stdout"
    );
    stderr
}

/// The records `docfacts extract` prints for `paths`, by id.
fn jsonl(paths: &[&Path]) -> BTreeMap<String, serde_json::Value> {
    let out = docfacts()
        .env_remove("DOCFACTS_DATABASE_URL")
        .arg("extract")
        .arg("--quiet")
        .args(paths)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            (v["id"].as_str().unwrap().to_owned(), v)
        })
        .collect()
}

fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for entry in std::fs::read_dir("corpus").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, docs.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

// ---------------------------------------------------------------------------------------------
// Load twice: identical, and the rows say what the JSON Lines say

fn load_twice_is_identical(db: &Db, dir: &Path) {
    let docs = dir.join("docs");
    let stderr = load_verbose(db, &[&docs], &[]);
    assert!(stderr.contains("5 inserted"), "first load: {stderr}");
    let first = db.snapshot();
    let counts: Vec<i64> = ["documents", "dates", "doc_refs", "figures"]
        .iter()
        .map(|t| db.count(t))
        .collect();

    let stderr = load_verbose(db, &[&docs], &[]);
    assert!(
        stderr.contains("0 inserted, 0 replaced, 5 unchanged"),
        "second load: {stderr}"
    );
    assert_eq!(
        db.snapshot(),
        first,
        "a second load over the same files changed rows"
    );

    // Row counts and contents follow the records docfacts prints.
    let records = jsonl(&[&docs]);
    assert_eq!(counts[0], records.len() as i64);
    for (i, table) in ["dates", "doc_refs", "figures"].iter().enumerate() {
        let want: usize = records
            .values()
            .map(|r| r[table].as_array().unwrap().len())
            .sum();
        assert_eq!(counts[i + 1], want as i64, "{table} rows");
    }
    for (id, record) in &records {
        let sql = format!(
            "SELECT text, start_byte, end_byte FROM doc_refs WHERE document_id = '{id}' ORDER BY ordinal"
        );
        let rows = db.query(&sql);
        let want: Vec<Vec<String>> = record["doc_refs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                vec![
                    f["text"].as_str().unwrap().to_owned(),
                    f["start"].to_string(),
                    f["end"].to_string(),
                ]
            })
            .collect();
        assert_eq!(rows, want, "doc_refs rows of {id}");
    }
    db.assert_documents_whole();
}

#[test]
fn sqlite_load_twice_is_identical() {
    let dir = corpus_copy();
    load_twice_is_identical(&Db::sqlite(dir.path()), dir.path());
}

#[test]
fn postgres_load_twice_is_identical() {
    let Some(db) = Db::postgres("twice") else {
        return;
    };
    let dir = corpus_copy();
    load_twice_is_identical(&db, dir.path());
}

// ---------------------------------------------------------------------------------------------
// Change one file: only its rows change

fn change_one_file(db: &Db, dir: &Path) {
    let docs = dir.join("docs");
    load(db, &[&docs], &[]);
    let before = db.snapshot();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let changed = files[0].clone();
    let id = changed.file_stem().unwrap().to_string_lossy().into_owned();
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nThực hiện Nghị quyết số 99-NQ/TW, tỷ lệ đạt 12,5%.\n");
    std::fs::write(&changed, text).unwrap();

    let stderr = load_verbose(db, &[&docs], &[]);
    assert!(
        stderr.contains("0 inserted, 1 replaced, 4 unchanged"),
        "{stderr}"
    );
    let after = db.snapshot();
    assert_eq!(before.len(), after.len());
    for (doc, rows) in &before {
        if *doc == id {
            assert_ne!(
                &after[doc], rows,
                "the changed document's rows did not change"
            );
        } else {
            assert_eq!(
                &after[doc], rows,
                "rows of unchanged document {doc} changed"
            );
        }
    }
    let citing = db.query("SELECT document_id FROM documents_citing WHERE ref_id = '99-NQ/TW'");
    assert_eq!(citing, vec![vec![id.clone()]]);
    db.assert_documents_whole();
}

#[test]
fn sqlite_change_one_file() {
    let dir = corpus_copy();
    change_one_file(&Db::sqlite(dir.path()), dir.path());
}

#[test]
fn postgres_change_one_file() {
    let Some(db) = Db::postgres("change") else {
        return;
    };
    let dir = corpus_copy();
    change_one_file(&db, dir.path());
}

// ---------------------------------------------------------------------------------------------
// SIGKILL in the middle of a load, then a rerun

fn kill_and_resume(db: &Db, dir: &Path) {
    const COPIES: usize = 60; // × 5 corpus files = 300 documents
    let docs = dir.join("many");
    std::fs::create_dir(&docs).unwrap();
    for entry in std::fs::read_dir("corpus").unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for i in 0..COPIES {
            // Each copy differs by a trailing line, so none is a duplicate of another.
            let mut copy = bytes.clone();
            copy.extend_from_slice(format!("\ncopy {i}\n").as_bytes());
            std::fs::write(docs.join(format!("{i:03}_{name}")), copy).unwrap();
        }
    }
    let total = (COPIES * 5) as i64;
    // An empty schema first, so the test can watch the count while the load runs.
    let empty = dir.join("empty");
    std::fs::create_dir(&empty).unwrap();
    load(db, &[&empty], &[]);

    let mut child = docfacts()
        .env_remove("DOCFACTS_DATABASE_URL")
        .args(["extract", "--quiet", "-j", "1", "--batch-size", "4"])
        .arg(&docs)
        .args(db.args())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = 0;
    while Instant::now() < deadline {
        seen = db.count("documents");
        if seen >= 24 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let present = db.count("documents");
    assert!(seen >= 24, "the load did not commit anything in time");
    assert!(
        present < total,
        "the load finished before it could be killed ({present} documents); use more copies"
    );
    db.assert_documents_whole();
    let unfinished = db.query("SELECT count(*) FROM loads WHERE finished_at IS NULL");
    assert_eq!(
        unfinished,
        vec![vec!["1".to_owned()]],
        "the killed load is not marked unfinished"
    );

    let stderr = load_verbose(db, &[&docs], &["--resume"]);
    assert!(stderr.contains("resuming after load"), "{stderr}");
    assert!(
        stderr.contains(&format!("{} inserted", total - present)),
        "the rerun did not insert exactly the missing documents: {stderr}"
    );
    assert_eq!(db.count("documents"), total);
    db.assert_documents_whole();
    let per_doc: BTreeSet<String> = db
        .query("SELECT dates + doc_refs + figures FROM document_summary WHERE id LIKE '%000_3187%'")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        per_doc.len(),
        1,
        "copies of one file have different fact counts: {per_doc:?}"
    );
}

#[test]
fn sqlite_kill_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    kill_and_resume(&Db::sqlite(dir.path()), dir.path());
}

#[test]
fn postgres_kill_and_resume() {
    let Some(db) = Db::postgres("kill") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    kill_and_resume(&db, dir.path());
}

// ---------------------------------------------------------------------------------------------
// The example queries of docs/database.md, checked against the gold

/// `(title, sql)` of every ```sql block of docs/database.md that starts with `-- example:`.
fn example_queries() -> Vec<(String, String)> {
    examples_in("docs/database.md")
}

/// `(title, sql)` of every ```sql block of the Markdown file `path` that starts with
/// `-- example:`, without the closing `;`.
pub(crate) fn examples_in(path: &str) -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for block in doc.split("```sql\n").skip(1) {
        let body = block.split("```").next().unwrap();
        let Some(rest) = body.strip_prefix("-- example: ") else {
            continue;
        };
        let (title, sql) = rest.split_once('\n').unwrap();
        out.push((
            title.to_owned(),
            sql.trim().trim_end_matches(';').to_owned(),
        ));
    }
    out
}

/// Gold document ids (file stems) whose gold doc_refs include `ref_id`.
fn gold_citing(ref_id: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir("fixtures/gold").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let cites = gold["doc_refs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == ref_id && r["uncertain"] != true);
        if cites {
            let doc = gold["doc"].as_str().unwrap();
            ids.insert(
                doc.rsplit_once('.')
                    .map_or(doc, |(stem, _)| stem)
                    .to_owned(),
            );
        }
    }
    ids
}

fn run_examples(db: &Db, dir: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let docs = dir.join("docs");
    std::fs::write(docs.join("zz_empty.txt"), b"").unwrap();
    load(db, &[&docs], &[]);
    let examples = example_queries();
    assert!(
        examples.len() >= 5,
        "docs/database.md lost its example queries"
    );
    let results: Vec<(String, Vec<Vec<String>>)> = examples
        .iter()
        .map(|(title, sql)| (title.clone(), db.query(sql)))
        .collect();
    let records = jsonl(&[&docs]);
    for (title, rows) in &results {
        match title.as_str() {
            "documents citing a resolution" => {
                let got: BTreeSet<String> = rows.iter().map(|r| r[0].clone()).collect();
                let want = gold_citing("57-NQ/TW");
                assert!(
                    want.len() >= 2,
                    "the gold should cite 57-NQ/TW in several documents"
                );
                assert_eq!(
                    got, want,
                    "{title}: documents citing 57-NQ/TW differ from the gold"
                );
            }
            "the most cited document numbers" => {
                let row = rows
                    .iter()
                    .find(|r| r[0] == "57-NQ/TW")
                    .expect("57-NQ/TW is cited");
                assert_eq!(row[2], gold_citing("57-NQ/TW").len().to_string(), "{title}");
            }
            "every percentage, in document order" => {
                let want: Vec<(String, String)> = records
                    .iter()
                    .flat_map(|(id, r)| {
                        r["figures"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .filter(|f| f["kind"] == "percent")
                            .map(|f| (id.clone(), f["text"].as_str().unwrap().to_owned()))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                let got: Vec<(String, String)> =
                    rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
                assert!(!got.is_empty(), "{title}: no percentages");
                assert_eq!(got, want, "{title}");
            }
            "files that could not be read" => {
                assert_eq!(rows.len(), 1, "{title}: {rows:?}");
                assert_eq!(rows[0][0], "zz_empty");
                assert_eq!(rows[0][2], "empty");
            }
            "facts per document" => {
                assert_eq!(rows.len(), records.len(), "{title}");
                for row in rows {
                    let r = &records[&row[0]];
                    assert_eq!(row[4], r["dates"].as_array().unwrap().len().to_string());
                    assert_eq!(row[6], r["figures"].as_array().unwrap().len().to_string());
                }
            }
            _ => {}
        }
    }
    results
}

#[test]
fn example_queries_answer_what_the_gold_says() {
    let dir = corpus_copy();
    let sqlite = run_examples(&Db::sqlite(dir.path()), dir.path());
    // The same queries on PostgreSQL give the same rows.
    let Some(db) = Db::postgres("examples") else {
        return;
    };
    let postgres = run_examples(&db, dir.path());
    assert_eq!(
        sqlite, postgres,
        "SQLite and PostgreSQL answer the example queries differently"
    );
}

// ---------------------------------------------------------------------------------------------
// Output choice, and text PostgreSQL rejects

#[test]
fn database_load_prints_no_records_unless_asked() {
    let dir = corpus_copy();
    let db = Db::sqlite(dir.path());
    let docs = dir.path().join("docs");
    let out = load(&db, &[&docs], &["-o", "-"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5);
    let out = load(&db, &[&docs], &[]);
    assert!(out.stdout.is_empty());
}

/// A record with NUL in its texts (ingest refuses such files, but JSONL input or a PDF text layer
/// can carry one): PostgreSQL stores it without the NUL instead of failing the load.
fn record_with_nul() -> docfacts_types::Record {
    serde_json::from_value(serde_json::json!({
        "schema": "docfacts/1", "id": "nul\u{0}doc",
        "source": {"path": "in/nul\u{0}doc.txt", "format": "text", "encoding": "utf-8",
                   "bytes": 40, "sha256": "00", "pages": null},
        "status": "ok", "error": null,
        "language": {"code": "vi", "variant": "diacritics", "confidence": 0.9},
        "dates": [{"text": "22/12\u{0}/2024", "start": 0, "end": 11, "iso": "2024-12-22",
                   "precision": "day", "calendar": "gregorian"}],
        "doc_refs": [{"text": "57-NQ/TW\u{0}", "start": 12, "end": 21, "id": "57-NQ/TW",
                      "number": "57", "year": null, "type": "NQ", "type_name": "resolution",
                      "issuer": "TW", "repaired": false}],
        "figures": [{"text": "91,83%\t\\\u{0}", "start": 22, "end": 31, "kind": "percent",
                     "value": 91.83, "unit": "a\nb", "qualifier": null}],
        "warnings": ["page 2: \u{0}"]
    }))
    .unwrap()
}

fn store_record_with_nul(db: &Db) {
    let mut sink =
        docfacts_sink::Sink::open(&db.target(), docfacts_sink::SinkOptions::default()).unwrap();
    sink.add(record_with_nul()).unwrap();
    let stats = sink.finish().unwrap();
    assert_eq!(
        (stats.inserted, stats.facts, stats.rejected.len()),
        (1, 3, 0),
        "{stats:?}"
    );
    db.assert_documents_whole();
    let figure = db.query("SELECT text, unit FROM figures");
    let want_text = match db {
        Db::Sqlite(_) => "91,83%\t\\\u{0}",
        Db::Postgres(_) => "91,83%\t\\",
    };
    assert_eq!(figure, vec![vec![want_text.to_owned(), "a\nb".to_owned()]]);
    let refs = db.query("SELECT document_id FROM documents_citing WHERE ref_id = '57-NQ/TW'");
    assert_eq!(refs.len(), 1);
}

#[test]
fn sqlite_stores_text_with_nul() {
    let dir = tempfile::tempdir().unwrap();
    store_record_with_nul(&Db::sqlite(dir.path()));
}

#[test]
fn postgres_stores_text_with_nul() {
    let Some(db) = Db::postgres("nul") else {
        return;
    };
    store_record_with_nul(&db);
    let json = db.query("SELECT CAST(record AS TEXT) FROM documents");
    assert!(!json[0][0].contains("\\u0000"), "{json:?}");
    assert!(json[0][0].contains("57-NQ/TW"), "{json:?}");
}

// ---------------------------------------------------------------------------------------------
// Comparisons: `docfacts compare --sqlite/--postgres`

/// Pairs of fixtures/compare: three tampered translations, two faithful ones.
const COMPARE_PAIRS: &[(&str, &str)] = &[
    ("001.en.txt", "001.vi.tampered.txt"),
    ("002.fa.txt", "000.en.tampered.txt"),
    ("000.en.txt", "002.fa.tampered.txt"),
    ("001.en.txt", "001.vi.txt"),
    ("000.en.txt", "002.fa.txt"),
];

impl Db {
    pub(crate) fn exec(&self, sql: &str) {
        match self {
            Db::Sqlite(path) => rusqlite::Connection::open(path)
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
            Db::Postgres(pg) => postgres::Client::connect(&pg.url, postgres::NoTls)
                .unwrap()
                .batch_execute(sql)
                .unwrap(),
        }
    }
}

/// Copies fixtures/compare to `dir/pairs` and writes `dir/pairs/pairs.tsv` listing COMPARE_PAIRS.
fn compare_fixtures(dir: &Path) -> PathBuf {
    let pairs = dir.join("pairs");
    std::fs::create_dir_all(&pairs).unwrap();
    for entry in std::fs::read_dir("fixtures/compare").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, pairs.join(path.file_name().unwrap())).unwrap();
    }
    let list: String = COMPARE_PAIRS
        .iter()
        .map(|(a, b)| format!("{a}\t{b}\n"))
        .collect();
    let file = pairs.join("pairs.tsv");
    std::fs::write(&file, list).unwrap();
    file
}

/// Runs `docfacts compare ARGS` storing into `db` (through `--sqlite`/`--postgres`, or through
/// `DOCFACTS_DATABASE_URL` when `via_env`); returns the exit code, the reports and stderr.
fn compare_into(
    db: &Db,
    args: &[&std::ffi::OsStr],
    via_env: bool,
) -> (i32, Vec<serde_json::Value>, String) {
    let mut cmd = docfacts();
    cmd.env_remove("DOCFACTS_DATABASE_URL")
        .arg("compare")
        .args(args);
    match (db, via_env) {
        (Db::Postgres(pg), true) => {
            cmd.env("DOCFACTS_DATABASE_URL", &pg.url);
        }
        _ => {
            cmd.args(db.args());
        }
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let reports = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    (out.status.code().unwrap(), reports, stderr)
}

/// One side of a fact pair as the database columns `text, start, end, value`, or NULLs.
fn side_columns(fact: &serde_json::Value) -> Vec<String> {
    if !fact.is_object() {
        return vec!["NULL".to_owned(); 3];
    }
    vec![
        fact["text"].as_str().unwrap().to_owned(),
        fact["start"].to_string(),
        fact["end"].to_string(),
    ]
}

/// The stored rows of the comparison of `report`'s pair say what the report says.
fn assert_rows_match_report(db: &Db, report: &serde_json::Value) {
    let (a, b) = (
        report["a"]["id"].as_str().unwrap(),
        report["b"]["id"].as_str().unwrap(),
    );
    let rows = db.query(&format!(
        "SELECT id, agree, matched, mismatched, only_in_a, only_in_b, tolerated,
                a_language, b_language, CAST(report AS TEXT)
         FROM comparisons WHERE a_id = '{a}' AND b_id = '{b}'"
    ));
    assert_eq!(rows.len(), 1, "comparisons of {a} ↔ {b}: {rows:?}");
    let row = &rows[0];
    let len = |key: &str| report[key].as_array().unwrap().len();
    assert_eq!(
        row[1..7],
        [
            i32::from(report["agree"].as_bool().unwrap()).to_string(),
            len("matched").to_string(),
            len("mismatched").to_string(),
            len("only_in_a").to_string(),
            len("only_in_b").to_string(),
            len("tolerated").to_string(),
        ],
        "{a} ↔ {b}: agree and counts"
    );
    assert_eq!(row[7], report["a"]["language"].as_str().unwrap());
    assert_eq!(row[8], report["b"]["language"].as_str().unwrap());
    let stored: serde_json::Value = serde_json::from_str(&row[9]).unwrap();
    assert_eq!(&stored, report, "{a} ↔ {b}: the stored JSON report");

    let id = &row[0];
    let mut want = Vec::new();
    for category in ["mismatched", "only_in_a", "only_in_b"] {
        for d in report[category].as_array().unwrap() {
            let mut r = vec![
                category.to_owned(),
                d["type"].as_str().unwrap().to_owned(),
                d["reason"].as_str().unwrap_or("NULL").to_owned(),
            ];
            r.extend(side_columns(&d["a"]));
            r.extend(side_columns(&d["b"]));
            want.push(r);
        }
    }
    let got = db.query(&format!(
        "SELECT category, fact_type, COALESCE(reason, 'NULL'), a_text, a_start, a_end,
                b_text, b_start, b_end
         FROM disagreements WHERE comparison_id = {id} ORDER BY ordinal"
    ));
    assert_eq!(got, want, "{a} ↔ {b}: disagreements rows");
    // Every fact text is at its offsets in its source text.
    let matches = db.query(&format!(
        "SELECT category, a_text, a_start, b_text, b_start FROM comparison_matches
         WHERE comparison_id = {id} ORDER BY ordinal"
    ));
    assert_eq!(matches.len(), len("matched") + len("tolerated"));
    for (i, m) in report["matched"].as_array().unwrap().iter().enumerate() {
        assert_eq!(matches[i][0], "matched");
        assert_eq!(matches[i][1..3], side_columns(&m["a"])[..2]);
        assert_eq!(matches[i][3..5], side_columns(&m["b"])[..2]);
    }
}

fn counts(db: &Db) -> Vec<i64> {
    ["comparisons", "disagreements", "comparison_matches"]
        .iter()
        .map(|t| db.count(t))
        .collect()
}

fn compare_and_store(db: &Db, dir: &Path) {
    let pairs = compare_fixtures(dir);
    let (code, reports, stderr) =
        compare_into(db, &[OsStr::new("--pairs"), pairs.as_os_str()], false);
    assert_eq!(code, 1, "tampered pairs disagree: {stderr}");
    assert_eq!(reports.len(), COMPARE_PAIRS.len(), "{stderr}");
    assert!(
        stderr.contains("5 comparisons stored (0 earlier ones replaced)"),
        "{stderr}"
    );
    for report in &reports {
        assert_rows_match_report(db, report);
    }
    let sum = |key: &str| -> i64 {
        reports
            .iter()
            .map(|r| r[key].as_array().unwrap().len() as i64)
            .sum()
    };
    let first = counts(db);
    assert_eq!(
        first,
        [
            5,
            sum("mismatched") + sum("only_in_a") + sum("only_in_b"),
            sum("matched") + sum("tolerated")
        ]
    );
    let disagreeing: BTreeSet<(String, String)> = reports
        .iter()
        .filter(|r| r["agree"] == false)
        .map(|r| {
            (
                r["a"]["id"].as_str().unwrap().to_owned(),
                r["b"]["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(disagreeing.len(), 3, "the three tampered pairs disagree");

    // The same batch again: rows replaced, not doubled.
    let (code, rerun, stderr) =
        compare_into(db, &[OsStr::new("--pairs"), pairs.as_os_str()], false);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("5 comparisons stored (5 earlier ones replaced)"),
        "{stderr}"
    );
    assert_eq!(counts(db), first, "a second run changed the row counts");
    for report in &rerun {
        assert_rows_match_report(db, report);
    }

    // A single pair, given by other paths to the same files (the content key): replaced; stdout
    // is the report docfacts prints without a database.
    let a = dir.join("pairs/./001.en.txt");
    let b = dir.join("pairs/./001.vi.tampered.txt");
    let (code, single, _) = compare_into(db, &[a.as_os_str(), b.as_os_str()], true);
    assert_eq!(code, 1);
    let plain = docfacts()
        .env_remove("DOCFACTS_DATABASE_URL")
        .arg("compare")
        .args([&a, &b])
        .output()
        .unwrap();
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(single, vec![plain], "a database changed the printed report");
    assert_eq!(counts(db), first);
    let paths = db.query(
        "SELECT a_path, b_path FROM comparisons WHERE a_id = '001.en' AND b_id = '001.vi.tampered'",
    );
    assert_eq!(paths[0][0], a.display().to_string(), "{paths:?}");

    // The translation edited in place (same paths, new content): its comparison is replaced.
    let mut text = std::fs::read_to_string(&b).unwrap();
    text.push_str("\nHết.\n");
    std::fs::write(&b, text).unwrap();
    let (code, _, stderr) = compare_into(db, &[a.as_os_str(), b.as_os_str()], false);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        counts(db),
        first,
        "an edited translation doubled its comparison"
    );

    // The example queries of docs/database.md about comparisons.
    for (title, sql) in example_queries() {
        let rows = db.query(&sql);
        match title.as_str() {
            "documents whose translation disagrees" => {
                let got: BTreeSet<(String, String)> =
                    rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
                assert_eq!(got, disagreeing, "{title}");
                assert!(got.contains(&("001.en".to_owned(), "001.vi.tampered".to_owned())));
            }
            "what each translation changed" => {
                assert_eq!(rows.len() as i64, first[1], "{title}");
            }
            "document numbers changed in translation" => {
                let want: BTreeSet<Vec<String>> = reports
                    .iter()
                    .flat_map(|r| {
                        r["mismatched"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .filter(|m| m["type"] == "doc_refs")
                            .map(|m| {
                                vec![
                                    r["a"]["id"].as_str().unwrap().to_owned(),
                                    r["b"]["id"].as_str().unwrap().to_owned(),
                                    m["a"]["id"].as_str().unwrap().to_owned(),
                                    m["b"]["id"].as_str().unwrap().to_owned(),
                                ]
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect();
                assert!(!want.is_empty());
                assert_eq!(rows.into_iter().collect::<BTreeSet<_>>(), want, "{title}");
            }
            _ => {}
        }
    }
}

#[test]
fn sqlite_stores_comparisons() {
    let dir = tempfile::tempdir().unwrap();
    compare_and_store(&Db::sqlite(dir.path()), dir.path());
}

#[test]
fn postgres_stores_comparisons() {
    let Some(db) = Db::postgres("compare") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    compare_and_store(&db, dir.path());
}

/// A database created by the first docfacts with a database (schema version 1) is migrated to
/// the current version by `compare`, its rows kept.
fn migrates_version_1(db: &Db, init: &str, dir: &Path) {
    db.exec(&format!(
        "CREATE TABLE schema_version (version BIGINT PRIMARY KEY, applied_at TEXT);
         INSERT INTO schema_version (version) VALUES (1);
         {init}
         INSERT INTO loads (docfacts_version) VALUES ('0.0.1');"
    ));
    let pairs = compare_fixtures(dir);
    let (code, _, stderr) = compare_into(db, &[OsStr::new("--pairs"), pairs.as_os_str()], false);
    assert_eq!(code, 1, "{stderr}");
    let versions = db.query("SELECT version FROM schema_version ORDER BY version");
    let want: Vec<Vec<String>> = (1..=docfacts_sink::SCHEMA_VERSION)
        .map(|v| vec![v.to_string()])
        .collect();
    assert_eq!(versions, want);
    assert_eq!(db.count("loads"), 1);
    assert_eq!(db.count("comparisons"), 5);
}

#[test]
fn sqlite_migrates_version_1() {
    let dir = tempfile::tempdir().unwrap();
    migrates_version_1(
        &Db::sqlite(dir.path()),
        include_str!("../crates/sink/sql/sqlite/001_init.sql"),
        dir.path(),
    );
}

#[test]
fn postgres_migrates_version_1() {
    let Some(db) = Db::postgres("migrate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    migrates_version_1(
        &db,
        include_str!("../crates/sink/sql/postgres/001_init.sql"),
        dir.path(),
    );
}

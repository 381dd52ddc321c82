//! What each document is and what it cites, in the database (schema version 3): the metadata
//! columns of `documents`, the `citations` table, the views and the README's example queries,
//! repeatable loads, and the migration of a database written before version 3.

use docfacts_sink::{SCHEMA_VERSION, Sink, SinkOptions};
use docfacts_types::Record;
use serde_json::{Value, json};

use crate::sink::{Db, examples_in};

// ---------------------------------------------------------------------------------------------
// Hand-made records

/// The type code and name of a document id (enough for these records).
fn type_of(id: &str) -> (&'static str, &'static str) {
    if id.contains("KH") {
        ("KH", "plan")
    } else if id.contains("BC") {
        ("BC", "report")
    } else if id.contains("QĐ") {
        ("QĐ", "decision")
    } else {
        ("NQ", "resolution")
    }
}

/// A `document` object: own number (or none), date of issue and title; spans are made up.
fn meta(number: Option<&str>, issued: &str, title: &str) -> Value {
    let (doc_type, type_name) = number.map_or(("", ""), type_of);
    json!({
        "number": number.map(|id| json!({"text": id, "start": 0, "end": id.len(), "id": id})),
        "type": (!doc_type.is_empty()).then_some(doc_type),
        "type_name": (!type_name.is_empty()).then_some(type_name),
        "issued": {"text": issued, "start": 0, "end": issued.len(), "iso": issued},
        "place": {"text": "An Giang", "start": 0, "end": 8},
        "issuer": {"text": "ỦY BAN NHÂN DÂN", "start": 0, "end": 20},
        "title": {"text": title, "start": 0, "end": title.len()},
    })
}

/// A record of document `id` with `document` = `meta` and, in a text made of them, the doc_refs
/// `(id, relation, cited date)`.
fn record(id: &str, meta: Value, refs: &[(&str, &str, Option<&str>)]) -> Record {
    use std::hash::{Hash, Hasher};
    let mut text = String::new();
    let mut doc_refs = Vec::new();
    let mut dates = Vec::new();
    for (ref_id, relation, date) in refs {
        let start = text.len();
        text.push_str(ref_id);
        let end = text.len();
        let date = date.map(|iso| {
            text.push_str(" ngày ");
            let start = text.len();
            text.push_str(iso);
            dates.push(
                json!({"text": iso, "start": start, "end": text.len(), "iso": iso,
                              "precision": "day", "calendar": "gregorian"}),
            );
            json!({"iso": iso, "start": start, "end": text.len()})
        });
        text.push_str(";\n");
        let (doc_type, type_name) = type_of(ref_id);
        doc_refs.push(json!({
            "text": ref_id, "start": start, "end": end, "id": ref_id,
            "number": ref_id.split(['-', '/']).next().unwrap(), "year": null, "type": doc_type,
            "type_name": type_name, "issuer": null, "repaired": false, "relation": relation,
            "date": date,
        }));
    }
    let mut hasher = std::hash::DefaultHasher::new();
    (id, &text, meta.to_string()).hash(&mut hasher);
    serde_json::from_value(json!({
        "schema": "docfacts/1", "id": id,
        "source": {"path": format!("archive/{id}.txt"), "format": "text", "encoding": "utf-8",
                   "bytes": text.len(), "sha256": format!("{:016x}", hasher.finish()),
                   "pages": null},
        "status": "ok", "error": null,
        "language": {"code": "vi", "variant": "diacritics", "confidence": 0.95},
        "document": meta,
        "dates": dates, "doc_refs": doc_refs, "figures": [],
    }))
    .unwrap()
}

/// A resolution, two plans implementing it (one based on the other), a report, a news article
/// without a number of its own, and an unreadable file.
fn archive() -> Vec<Record> {
    let error: Record = serde_json::from_value(json!({
        "schema": "docfacts/1", "id": "empty",
        "source": {"path": "archive/empty.txt", "format": "text", "encoding": null, "bytes": 0,
                   "sha256": "e3b0c442", "pages": null},
        "status": "error", "error": {"kind": "empty", "message": "empty document"},
        "language": {"code": "und", "variant": null, "confidence": 0.0},
        "dates": [], "doc_refs": [], "figures": [],
    }))
    .unwrap();
    vec![
        record(
            "nq-57",
            meta(
                Some("57-NQ/TW"),
                "2024-12-22",
                "Về đột phá phát triển khoa học, công nghệ",
            ),
            &[("57-NQ/TW", "self", None)],
        ),
        record(
            "kh-45",
            meta(
                Some("45/KH-UBND"),
                "2025-03-10",
                "Thực hiện Nghị quyết số 57-NQ/TW",
            ),
            &[
                ("45/KH-UBND", "self", None),
                ("03/NQ-CP", "basis", Some("2025-01-09")),
                ("57-NQ/TW", "implements", Some("2024-12-22")),
                ("57-NQ/TW", "implements", None),
            ],
        ),
        record(
            "kh-12",
            meta(Some("12/KH-SKHCN"), "2025-04-01", "Chuyển đổi số năm 2025"),
            &[
                ("12/KH-SKHCN", "self", None),
                ("45/KH-UBND", "basis", Some("2025-03-10")),
                ("57-NQ/TW", "basis", None),
                ("57-NQ/TW", "implements", None),
            ],
        ),
        record(
            "bc-31",
            meta(
                Some("31/BC-UBND"),
                "2025-06-30",
                "Báo cáo 6 tháng đầu năm 2025",
            ),
            &[
                ("31/BC-UBND", "self", None),
                ("57-NQ/TW", "cites", None),
                ("99/QĐ-TTg", "cites", None),
                ("45/KH-UBND", "implements", None),
            ],
        ),
        record(
            "tin-moi",
            meta(None, "2025-05-05", "Tỉnh đẩy mạnh chuyển đổi số"),
            &[("57-NQ/TW", "cites", None)],
        ),
        error,
    ]
}

fn load_records(db: &Db, records: &[Record], options: SinkOptions) -> docfacts_sink::LoadStats {
    let mut sink = Sink::open(&db.target(), options).unwrap();
    for r in records {
        sink.add(r.clone()).unwrap();
    }
    sink.finish().unwrap()
}

fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
    cells
        .iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The README's example queries

/// The example queries of the README, which docs/database.md lists too.
fn readme_queries() -> Vec<(String, String)> {
    let readme = examples_in("README.md");
    let docs = examples_in("docs/database.md");
    for example in &readme {
        assert!(
            docs.contains(example),
            "docs/database.md lacks the README's example {:?}",
            example.0
        );
    }
    readme
}

/// What the README's queries answer for [`archive`].
fn readme_answers(db: &Db) {
    load_records(db, &archive(), SinkOptions::default());
    db.assert_documents_whole();
    let queries = readme_queries();
    let titles: Vec<&str> = queries.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "documents implementing 57-NQ/TW with their dates of issue",
            "what 12/KH-SKHCN is based on",
            "documents cited but not in the archive",
            "the most cited documents",
        ]
    );
    for (title, sql) in &queries {
        let want = match title.as_str() {
            "documents implementing 57-NQ/TW with their dates of issue" => rows(&[
                &["kh-45", "45/KH-UBND", "2025-03-10"],
                &["kh-12", "12/KH-SKHCN", "2025-04-01"],
            ]),
            "what 12/KH-SKHCN is based on" => rows(&[
                &["45/KH-UBND", "2025-03-10", "kh-45"],
                &["57-NQ/TW", "NULL", "nq-57"],
            ]),
            "documents cited but not in the archive" => {
                rows(&[&["03/NQ-CP", "1", "1"], &["99/QĐ-TTg", "1", "1"]])
            }
            "the most cited documents" => rows(&[
                &["57-NQ/TW", "4", "1"],
                &["45/KH-UBND", "2", "1"],
                &["03/NQ-CP", "1", "0"],
                &["99/QĐ-TTg", "1", "0"],
            ]),
            other => panic!("no expected answer for the README's example {other:?}"),
        };
        assert_eq!(db.query(sql), want, "{title}");
    }

    // The columns behind them.
    let docs = db.query(
        "SELECT id, doc_number, doc_type, doc_type_name, issued, place, title FROM documents
         ORDER BY id",
    );
    assert_eq!(docs.len(), 6);
    assert_eq!(
        docs[2],
        [
            "kh-12",
            "12/KH-SKHCN",
            "KH",
            "plan",
            "2025-04-01",
            "An Giang",
            "Chuyển đổi số năm 2025"
        ]
    );
    assert_eq!(
        docs[0][..5],
        ["bc-31", "31/BC-UBND", "BC", "report", "2025-06-30"]
    );
    assert_eq!(docs[1][1..5], ["NULL"; 4], "an error record states nothing");
    assert_eq!(
        docs[5][..5],
        ["tin-moi", "NULL", "NULL", "NULL", "2025-05-05"]
    );
    let cites = db.query(
        "SELECT ordinal, cited_id, relation, cited_date, text, start_byte, end_byte FROM citations
         WHERE document_id = 'kh-45' ORDER BY ordinal",
    );
    assert_eq!(
        cites,
        rows(&[
            &[
                "1",
                "03/NQ-CP",
                "basis",
                "2025-01-09",
                "03/NQ-CP",
                "12",
                "20"
            ],
            &[
                "2",
                "57-NQ/TW",
                "implements",
                "2024-12-22",
                "57-NQ/TW",
                "39",
                "47"
            ],
            &[
                "3",
                "57-NQ/TW",
                "implements",
                "NULL",
                "57-NQ/TW",
                "66",
                "74"
            ],
        ]),
        "every doc_ref but the own number, at its doc_refs ordinal"
    );
    assert_eq!(db.count("citations"), 10);
    let targets = db.query(
        "SELECT document_id, ordinal, cited_document_id, cited_issued FROM citation_targets
         WHERE cited_id = '57-NQ/TW' ORDER BY document_id, ordinal",
    );
    assert_eq!(targets.len(), 6);
    assert!(
        targets
            .iter()
            .all(|t| t[2..] == ["nq-57".to_owned(), "2024-12-22".to_owned()])
    );
}

#[test]
fn sqlite_readme_queries_answer() {
    let dir = tempfile::tempdir().unwrap();
    readme_answers(&Db::sqlite(dir.path()));
}

#[test]
fn postgres_readme_queries_answer() {
    let Some(db) = Db::postgres("readme") else {
        return;
    };
    readme_answers(&db);
}

// ---------------------------------------------------------------------------------------------
// Repeatable loads: one set of citations per document

fn citations_stay_one_set(db: &Db) {
    let records = archive();
    load_records(db, &records, SinkOptions::default());
    let first = db.snapshot();

    let stats = load_records(db, &records, SinkOptions::default());
    assert_eq!((stats.inserted, stats.unchanged), (0, 6));
    assert_eq!(db.snapshot(), first, "a second load changed rows");
    let mut reload = SinkOptions::default();
    reload.reload = true;
    let before = meta_and_citations(db);
    let stats = load_records(db, &records, reload);
    assert_eq!(stats.replaced, 6);
    assert_eq!(meta_and_citations(db), before, "a reload changed rows");
    let first = db.snapshot();

    // kh-45 changed: a citation fewer, another relation, another number and date of issue; the
    // same id twice in one load (the last one stays).
    let mut changed = vec![records[0].clone()];
    changed.push(record(
        "kh-45",
        meta(
            Some("45/KH-UBND"),
            "2025-03-10",
            "Thực hiện Nghị quyết số 57-NQ/TW",
        ),
        &[("45/KH-UBND", "self", None), ("57-NQ/TW", "basis", None)],
    ));
    changed.push(record(
        "kh-45",
        meta(
            Some("46/KH-UBND"),
            "2025-03-11",
            "Thực hiện Nghị quyết số 57-NQ/TW",
        ),
        &[
            ("46/KH-UBND", "self", None),
            ("57-NQ/TW", "amends", Some("2024-12-22")),
        ],
    ));
    let stats = load_records(db, &changed, SinkOptions::default());
    assert_eq!((stats.inserted, stats.replaced, stats.unchanged), (0, 2, 1));
    let after = db.snapshot();
    for (id, doc_rows) in &first {
        if id != "kh-45" {
            assert_eq!(&after[id], doc_rows, "rows of {id} changed");
        }
    }
    let cites = db.query(
        "SELECT ordinal, cited_id, relation, cited_date FROM citations WHERE document_id = 'kh-45'",
    );
    assert_eq!(cites, rows(&[&["1", "57-NQ/TW", "amends", "2024-12-22"]]));
    let number = db.query("SELECT doc_number, issued FROM documents WHERE id = 'kh-45'");
    assert_eq!(number, rows(&[&["46/KH-UBND", "2025-03-11"]]));
    assert_eq!(db.count("citations"), 8);
    db.assert_documents_whole();
    // The plan based on 45/KH-UBND now finds it nowhere in the archive.
    let bases = db.query(
        "SELECT cited_id, cited_document_id FROM bases WHERE document_id = 'kh-12' ORDER BY ordinal",
    );
    assert_eq!(
        bases,
        rows(&[&["45/KH-UBND", "NULL"], &["57-NQ/TW", "nq-57"]])
    );
}

#[test]
fn sqlite_citations_stay_one_set_per_document() {
    let dir = tempfile::tempdir().unwrap();
    citations_stay_one_set(&Db::sqlite(dir.path()));
}

#[test]
fn postgres_citations_stay_one_set_per_document() {
    let Some(db) = Db::postgres("citations") else {
        return;
    };
    citations_stay_one_set(&db);
}

// ---------------------------------------------------------------------------------------------
// Migration from schema version 2

/// Records of `fixtures/sink/v2/NAME`.
fn fixture_records(name: &str) -> Vec<Record> {
    std::fs::read_to_string(format!("fixtures/sink/v2/{name}"))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The metadata columns and citations of every document.
fn meta_and_citations(db: &Db) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let docs = db.query(
        "SELECT id, doc_number, doc_type, doc_type_name, issued, place, issuer, title
         FROM documents ORDER BY id",
    );
    let cites = db.query(
        "SELECT document_id, ordinal, text, start_byte, end_byte, page, cited_id, relation,
             cited_date
         FROM citations ORDER BY document_id, ordinal",
    );
    (docs, cites)
}

/// `dump` is a database written by docfacts before schema version 3 (`fixtures/sink/v2/make.sh`):
/// opened by this docfacts, it is at the current version, answers for its old documents, and
/// takes new ones.
fn migrates_version_2(db: &Db, dump: &str) {
    db.exec(dump);
    let version = db.query("SELECT max(version) FROM schema_version");
    assert_eq!(version, rows(&[&["2"]]));
    let old = fixture_records("records-9b69c77.jsonl");
    let current = fixture_records("records-af46c35.jsonl");

    let new = record(
        "kh-12",
        meta(Some("12/KH-SKHCN"), "2025-04-01", "Chuyển đổi số năm 2025"),
        &[
            ("12/KH-SKHCN", "self", None),
            ("45/KH-UBND", "basis", Some("2025-03-10")),
            ("57-NQ/TW", "implements", None),
        ],
    );
    let mut all: Vec<Record> = old.iter().chain(&current).cloned().collect();
    all.push(new);
    let stats = load_records(db, &all, SinkOptions::default());
    assert_eq!(
        (stats.inserted, stats.replaced, stats.unchanged),
        (1, 0, 4),
        "the stored documents are kept as they are"
    );
    let versions = db.query("SELECT version FROM schema_version ORDER BY version");
    let want: Vec<Vec<String>> = (1..=SCHEMA_VERSION).map(|v| vec![v.to_string()]).collect();
    assert_eq!(versions, want);
    assert_eq!(db.count("loads"), 3);
    db.assert_documents_whole();

    // The old documents answer: their metadata from their records, their doc_refs as citations
    // (`cites` where the record has no relation).
    let (docs, cites) = meta_and_citations(db);
    assert_eq!(
        docs.iter().map(|d| d[1].as_str()).collect::<Vec<_>>(),
        ["NULL", "NULL", "12/KH-SKHCN", "45/KH-UBND", "57-NQ/TW"],
        "doc_number of bc-2025-07, empty, kh-12, kh-45, nq-57"
    );
    assert_eq!(
        docs[3][2..],
        [
            "KH",
            "plan",
            "2025-03-10",
            "An Giang",
            "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
            "Thực hiện Nghị quyết số 57-NQ/TW"
        ]
    );
    let relations: Vec<[&str; 4]> = cites
        .iter()
        .map(|c| [c[0].as_str(), c[1].as_str(), c[7].as_str(), c[8].as_str()])
        .collect();
    assert_eq!(
        relations,
        [
            ["bc-2025-07", "0", "cites", "NULL"],
            ["bc-2025-07", "1", "cites", "NULL"],
            ["kh-12", "1", "basis", "2025-03-10"],
            ["kh-12", "2", "implements", "NULL"],
            ["kh-45", "1", "implements", "NULL"],
            ["kh-45", "2", "basis", "2025-01-09"],
            ["kh-45", "3", "implements", "2024-12-22"],
        ]
    );
    let (_, implementing) = readme_queries().swap_remove(0);
    assert_eq!(
        db.query(&implementing),
        rows(&[
            &["kh-45", "45/KH-UBND", "2025-03-10"],
            &["kh-12", "12/KH-SKHCN", "2025-04-01"],
        ])
    );
    let cited = db.query("SELECT cited_id, documents, archive_documents FROM most_cited");
    assert_eq!(
        cited,
        rows(&[
            &["57-NQ/TW", "3", "1"],
            &["03/NQ-CP", "2", "0"],
            &["45/KH-UBND", "1", "1"],
        ])
    );

    // What the migration wrote is what a load writes: the same records written again by this
    // docfacts leave the same rows.
    let before = meta_and_citations(db);
    let stored: Vec<Record> = db
        .query("SELECT CAST(record AS TEXT) FROM documents ORDER BY id")
        .iter()
        .map(|r| serde_json::from_str(&r[0]).unwrap())
        .collect();
    let mut reload = SinkOptions::default();
    reload.reload = true;
    assert_eq!(load_records(db, &stored, reload).replaced, 5);
    assert_eq!(meta_and_citations(db), before);
}

#[test]
fn sqlite_migrates_version_2() {
    let dir = tempfile::tempdir().unwrap();
    migrates_version_2(
        &Db::sqlite(dir.path()),
        include_str!("../fixtures/sink/v2/sqlite.sql"),
    );
}

#[test]
fn postgres_migrates_version_2() {
    let Some(db) = Db::postgres("migrate_v2") else {
        return;
    };
    migrates_version_2(&db, include_str!("../fixtures/sink/v2/postgres.sql"));
}

// ---------------------------------------------------------------------------------------------
// The README's query on real extraction, against the gold

/// Documents implementing 57-NQ/TW with their dates of issue, as the gold files of
/// `fixtures/meta/gold` and `fixtures/gold` say: (document id, own number, date of issue).
fn implementers_in_gold() -> Vec<Vec<String>> {
    let mut want = Vec::new();
    for dir in ["fixtures/meta/gold", "fixtures/gold"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let gold: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let implements = gold["doc_refs"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|r| r["id"] == "57-NQ/TW" && r["relation"] == "implements");
            if implements {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                let doc = &gold["document"];
                want.push(vec![
                    id,
                    doc["number"]["id"].as_str().unwrap_or("NULL").to_owned(),
                    doc["issued"]["iso"].as_str().unwrap_or("NULL").to_owned(),
                ]);
            }
        }
    }
    want.sort_by(|a, b| (&a[2], &a[0]).cmp(&(&b[2], &b[0])));
    want
}

/// Extracts the gold documents (`fixtures/meta/docs`, `corpus`) through the pipeline, loads them, and
/// runs the README's first example query.
fn readme_query_answers_the_gold(db: &Db) {
    let pipeline = docfacts_pipeline::Pipeline::builder().build();
    let mut records = Vec::new();
    for dir in ["fixtures/meta/docs", "corpus"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for path in paths {
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            let input = docfacts_ingest::Input::from_bytes(id, path.display().to_string(), bytes);
            records.push(pipeline.run(&input));
        }
    }
    load_records(db, &records, SinkOptions::default());
    let (_, sql) = readme_queries()
        .into_iter()
        .find(|(title, _)| title == "documents implementing 57-NQ/TW with their dates of issue")
        .unwrap();
    let want = implementers_in_gold();
    assert_eq!(
        want.len(),
        3,
        "the gold has three plans implementing 57-NQ/TW"
    );
    assert_eq!(db.query(&sql), want);
}

#[test]
fn sqlite_readme_query_answers_the_gold() {
    let dir = tempfile::tempdir().unwrap();
    readme_query_answers_the_gold(&Db::sqlite(dir.path()));
}

#[test]
fn postgres_readme_query_answers_the_gold() {
    let Some(db) = Db::postgres("readme_gold") else {
        return;
    };
    readme_query_answers_the_gold(&db);
}

//! Database loads equal a clean load of the same files, whatever the database held before:
//! resumed after a kill at any moment, with copies added later, with originals edited after
//! their copies were stored (issue 20). And a rerun reads no file past `--max-bytes`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::cli::docfacts;
use crate::sink::{Db, load, load_verbose};

/// `dir/in`: 40 documents made from the corpus; one in four is an exact copy of an earlier one
/// (of a copy, sometimes), and two are empty (error records: never `duplicate_of`).
fn archive(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let mut corpus: Vec<PathBuf> = std::fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    corpus.sort();
    let corpus: Vec<Vec<u8>> = corpus.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let src = dir.join("in");
    std::fs::create_dir(&src).unwrap();
    let mut made: Vec<Vec<u8>> = Vec::new();
    let mut files = Vec::new();
    for i in 0..40usize {
        let bytes = match i {
            9 | 27 => Vec::new(),
            i if i % 4 == 3 => made[(i * 7) % made.len()].clone(),
            i => {
                let mut bytes = corpus[i % corpus.len()].clone();
                bytes.extend_from_slice(format!("\nBản số {i}.\n").as_bytes());
                bytes
            }
        };
        let path = src.join(format!("d{i:02}.txt"));
        std::fs::write(&path, &bytes).unwrap();
        made.push(bytes);
        files.push(path);
    }
    (src, files)
}

/// What a clean load is compared on, by document id: the document row (its whole record:
/// `duplicate_of`, status, source; its metadata columns) and every fact and citation row.
fn rows(db: &Db) -> BTreeMap<String, Vec<String>> {
    let mut by_doc: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let sql = "SELECT id, path, sha256, status, docfacts_version, doc_number, doc_type,
                   doc_type_name, issued, place, issuer, title, CAST(record AS TEXT)
               FROM documents";
    for row in db.query(sql) {
        by_doc
            .entry(row[0].clone())
            .or_default()
            .push(row[1..].join("|"));
    }
    let row_text = match db {
        Db::Sqlite(_) => "*",
        Db::Postgres(_) => "t::text",
    };
    for table in ["dates", "doc_refs", "figures", "citations"] {
        let sql =
            format!("SELECT document_id, {row_text} FROM {table} t ORDER BY document_id, ordinal");
        for row in db.query(&sql) {
            by_doc
                .entry(row[0].clone())
                .or_default()
                .push(format!("{table}: {}", row[1..].join("|")));
        }
    }
    by_doc
}

/// `duplicate_of` and the number of fact rows of a document's rows, for messages.
fn summary(rows: Option<&Vec<String>>) -> String {
    let Some(rows) = rows else {
        return "absent".to_owned();
    };
    let record = rows[0].rsplit_once("|{").map(|(_, r)| format!("{{{r}"));
    let record: serde_json::Value = serde_json::from_str(&record.unwrap_or_default()).unwrap();
    format!(
        "duplicate_of {}, {} fact rows",
        record["duplicate_of"],
        rows.len() - 1
    )
}

fn assert_same_as_clean(
    got: &BTreeMap<String, Vec<String>>,
    clean: &BTreeMap<String, Vec<String>>,
    what: &str,
) {
    let mut ids: Vec<&String> = got.keys().chain(clean.keys()).collect();
    ids.sort();
    ids.dedup();
    let differ: Vec<String> = ids
        .into_iter()
        .filter(|id| got.get(*id) != clean.get(*id))
        .map(|id| {
            format!(
                "{id}: {} (clean load: {})",
                summary(got.get(id)),
                summary(clean.get(id))
            )
        })
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: {} documents differ from a clean load of the same files:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// A clean load of `src` into a new database.
fn clean_load(fresh: &mut dyn FnMut(&str) -> Option<Db>, name: &str, src: &Path) -> Db {
    let db = fresh(name).unwrap();
    load(&db, &[src], &[]);
    db
}

fn loads_equal_a_clean_load(fresh: &mut dyn FnMut(&str) -> Option<Db>, dir: &Path) {
    let (src, files) = archive(dir);
    let clean = rows(&clean_load(fresh, "clean", &src));
    let copies = clean
        .values()
        .filter(|r| summary(Some(r)).contains("\"d"))
        .count();
    assert!(copies >= 8, "the archive should hold copies ({copies})");

    // A load killed at any moment has committed the documents of a prefix of the inputs; the
    // same command then finishes it.
    let mut db = None;
    for killed_after in [1, 4, 13, 26, 39] {
        let killed = fresh(&format!("kill{killed_after}")).unwrap();
        let prefix: Vec<&Path> = files[..killed_after].iter().map(PathBuf::as_path).collect();
        load(&killed, &prefix, &["--batch-size", "4"]);
        let stderr = load_verbose(&killed, &[&src], &["--batch-size", "4"]);
        assert!(
            stderr.contains(&format!(
                "{} inserted, 0 replaced, {killed_after} unchanged",
                40 - killed_after
            )),
            "the documents committed before the kill are not extracted again: {stderr}"
        );
        assert_same_as_clean(
            &rows(&killed),
            &clean,
            &format!("killed after {killed_after} documents, then rerun"),
        );
        db = Some(killed);
    }
    let db = db.unwrap();

    // Copies of loaded files added: one before its original in input order (the original is
    // then its copy), one after, and a copy of an empty file.
    let d05 = std::fs::read(&files[5]).unwrap();
    std::fs::write(src.join("c05.txt"), &d05).unwrap();
    std::fs::write(src.join("e05.txt"), &d05).unwrap();
    std::fs::write(src.join("e09.txt"), b"").unwrap();
    load(&db, &[&src], &[]);
    let clean = rows(&clean_load(fresh, "clean-added", &src));
    assert_eq!(
        summary(clean.get("d05")),
        "duplicate_of \"c05\", 0 fact rows"
    );
    assert_same_as_clean(&rows(&db), &clean, "copies added");

    // Originals edited after their copies were stored: d00 (d03 was its copy), c05 (now d05's
    // original again), and d10 made a copy of d22, which comes later.
    let mut d00 = std::fs::read(&files[0]).unwrap();
    d00.extend_from_slice("\nĐã sửa ngày 02/03/2025.\n".as_bytes());
    std::fs::write(&files[0], d00).unwrap();
    std::fs::write(src.join("c05.txt"), "Bản khác, 12,5%.\n").unwrap();
    std::fs::copy(&files[22], &files[10]).unwrap();
    load(&db, &[&src], &[]);
    let clean = rows(&clean_load(fresh, "clean-edited", &src));
    assert_eq!(
        summary(clean.get("d22")),
        "duplicate_of \"d10\", 0 fact rows"
    );
    assert_same_as_clean(&rows(&db), &clean, "originals edited");
}

#[test]
fn sqlite_loads_equal_a_clean_load() {
    let dir = tempfile::tempdir().unwrap();
    let dbs = dir.path().join("db");
    std::fs::create_dir(&dbs).unwrap();
    let mut fresh = |name: &str| Some(Db::Sqlite(dbs.join(format!("{name}.db"))));
    loads_equal_a_clean_load(&mut fresh, dir.path());
}

#[test]
fn postgres_loads_equal_a_clean_load() {
    if Db::postgres("resume_probe").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = |name: &str| Db::postgres(&format!("resume_{}", name.replace('-', "_")));
    loads_equal_a_clean_load(&mut fresh, dir.path());
}

/// The peak resident memory of a command, in KiB, sampled from `/proc` while it runs.
#[cfg(target_os = "linux")]
fn peak_rss_kib(cmd: &mut std::process::Command) -> (std::process::ExitStatus, u64) {
    let mut child = cmd.spawn().unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kib) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            return (status, peak);
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_rerun_refuses_a_file_grown_past_max_bytes_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in");
    std::fs::create_dir(&src).unwrap();
    let mut corpus: Vec<PathBuf> = std::fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    corpus.sort();
    std::fs::copy(&corpus[0], src.join("stays.txt")).unwrap();
    std::fs::copy(&corpus[1], src.join("grows.txt")).unwrap();
    let db = Db::sqlite(dir.path());
    load(&db, &[&src], &["--max-bytes", "1000000"]);
    // Grown to 384 MiB (sparse: nothing is written), same path, same id.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(src.join("grows.txt"))
        .unwrap();
    file.set_len(384 << 20).unwrap();
    drop(file);
    let (status, peak_kib) = peak_rss_kib(
        docfacts()
            .args(["extract", "--quiet", "--max-bytes", "1000000"])
            .arg(&src)
            .args(db.args())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    assert_eq!(status.code(), Some(1), "the grown file is an error record");
    let kind = db.query("SELECT error_kind FROM documents WHERE id = 'grows'");
    assert_eq!(kind, vec![vec!["too_large".to_owned()]]);
    assert!(
        peak_kib < 128 << 10,
        "the rerun peaked at {} MiB: it read the grown file",
        peak_kib >> 10
    );
}

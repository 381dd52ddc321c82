//! Archives built here from `corpus/`: the same facts as the files on disk, and hostile or damaged
//! containers give error records quickly while the other members still come out.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use zip::write::SimpleFileOptions;

use crate::cli::docfacts;

const JUNK: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR not a report";

/// The corpus files as (name, bytes), sorted.
fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    assert!(files.len() >= 3, "corpus/ should hold reports");
    files
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)
}

fn zip_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in members {
        w.start_file(name.as_str(), deflated()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn tar_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, bytes) in members {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, bytes.as_slice()).unwrap();
    }
    b.into_inner().unwrap()
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// The corpus in folders, with a duplicate and a junk file: what a real download looks like.
fn report_members() -> Vec<(String, Vec<u8>)> {
    let files = corpus_files();
    let mut members: Vec<(String, Vec<u8>)> = files
        .iter()
        .enumerate()
        .map(|(i, (n, b))| (format!("q{}/{n}", i % 2 + 1), b.clone()))
        .collect();
    members.push(("copies/again.txt".to_owned(), files[0].1.clone()));
    members.push(("images/logo.png".to_owned(), JUNK.to_vec()));
    members
}

fn extract(args: &[&Path], extra: &[&str]) -> (Vec<Value>, String) {
    let out = docfacts()
        .arg("extract")
        .args(args)
        .args(extra)
        .output()
        .unwrap();
    let records = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (records, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A record without the fields that name where it came from.
fn content(r: &Value) -> Value {
    let mut r = r.clone();
    let obj = r.as_object_mut().unwrap();
    obj.remove("id");
    obj["source"].as_object_mut().unwrap().remove("path");
    r
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn zip_tar_targz_and_nested_give_the_same_facts_as_the_files() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (disk, _) = extract(&[&corpus], &[]);
    let by_hash: BTreeMap<String, Value> = disk
        .iter()
        .map(|r| {
            (
                r["source"]["sha256"].as_str().unwrap().to_owned(),
                content(r),
            )
        })
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let members = report_members();
    let tgz = gz(&tar_of(&members));
    // Named without extensions: containers are recognised by content.
    let zip = write(dir.path(), "reports.zip", &zip_of(&members));
    let tar = write(dir.path(), "reports.tar", &tar_of(&members));
    let targz = write(dir.path(), "reports-download", &tgz);
    let nested = write(
        dir.path(),
        "outer.zip",
        &zip_of(&[
            ("2025/inner.tgz".to_owned(), tgz.clone()),
            ("readme.txt".to_owned(), b"Outer notes, 12 items.".to_vec()),
        ]),
    );
    for (container, prefix) in [
        (&zip, "reports.zip!/"),
        (&tar, "reports.tar!/"),
        (&targz, "reports-download!/"),
        (&nested, "outer.zip!/2025/inner.tgz!/"),
    ] {
        let (recs, stderr) = extract(&[container], &[]);
        let recs: Vec<&Value> = recs
            .iter()
            .filter(|r| r["source"]["path"].as_str().unwrap().contains(prefix))
            .collect();
        assert_eq!(recs.len(), members.len(), "{prefix}: {stderr}");
        // Sorted by member path.
        let paths: Vec<&str> = recs
            .iter()
            .map(|r| r["source"]["path"].as_str().unwrap())
            .collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        assert_eq!(paths, sorted);
        let (mut same, mut dups, mut errors) = (0, 0, 0);
        for r in &recs {
            let path = r["source"]["path"].as_str().unwrap();
            assert!(path.ends_with(".txt") || path.ends_with(".png"), "{path}");
            if r["status"] == "error" {
                assert!(path.ends_with("logo.png"), "{path}");
                errors += 1;
            } else if let Some(first) = r.get("duplicate_of") {
                assert!(recs.iter().any(|o| o["id"] == *first), "{first}");
                assert!(r["figures"].as_array().unwrap().is_empty());
                dups += 1;
            } else {
                let hash = r["source"]["sha256"].as_str().unwrap();
                assert_eq!(content(r), by_hash[hash], "{path}");
                same += 1;
            }
        }
        assert_eq!((same, dups, errors), (disk.len(), 1, 1), "{prefix}");
        eprintln!("{prefix}: {same} same as disk, {dups} duplicate, {errors} error");
    }
}

#[test]
fn hostile_members_are_refused_by_name_and_the_rest_comes_out() {
    let dir = tempfile::tempdir().unwrap();
    let good = corpus_files().remove(0);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("bomb.txt", deflated()).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        w.write_all(&zeros).unwrap(); // 64 MiB of spaces: ~64 KiB compressed
    }
    w.start_file("../../etc/evil.txt", deflated()).unwrap();
    w.write_all(b"escape").unwrap();
    w.start_file("/abs/evil.txt", deflated()).unwrap();
    w.write_all(b"escape").unwrap();
    w.add_symlink("link.txt", "/etc/passwd", SimpleFileOptions::default())
        .unwrap();
    {
        use zip::unstable::write::FileOptionsExt;
        let locked = deflated().with_deprecated_encryption(b"secret").unwrap();
        w.start_file("locked.txt", locked).unwrap();
        w.write_all(b"Report 12/2025/BC: 45 units.").unwrap();
    }
    w.start_file("ok/report.txt", deflated()).unwrap();
    w.write_all(&good.1).unwrap();
    let path = write(dir.path(), "hostile.zip", &w.finish().unwrap().into_inner());

    let started = Instant::now();
    let (recs, stderr) = extract(&[&path], &["--max-bytes", "8000000"]);
    assert!(started.elapsed() < Duration::from_secs(20));
    let kind = |member: &str| {
        let r = recs
            .iter()
            .find(|r| r["source"]["path"] == format!("{}!/{member}", path.display()))
            .unwrap_or_else(|| panic!("no record for {member}: {stderr}"));
        (r["status"].clone(), r["error"]["kind"].clone())
    };
    assert_eq!(kind("bomb.txt").1, "too_large");
    assert_eq!(kind("../../etc/evil.txt").1, "malformed");
    assert_eq!(kind("/abs/evil.txt").1, "malformed");
    assert_eq!(kind("link.txt").1, "unsupported_format");
    assert_eq!(kind("locked.txt").1, "encrypted");
    assert_eq!(kind("ok/report.txt").0, "ok");
    assert_eq!(recs.len(), 6);
    assert!(stderr.contains("6 documents: 1 ok, 5 errors"), "{stderr}");

    // Under a generous size limit, the ratio limit still catches the bomb.
    let (recs, _) = extract(&[&path], &["--max-bytes", "100000000"]);
    let bomb = recs
        .iter()
        .find(|r| r["source"]["path"].as_str().unwrap().ends_with("bomb.txt"))
        .unwrap();
    assert_eq!(bomb["error"]["kind"], "limit_exceeded");
}

#[test]
fn truncated_containers_name_the_container_and_keep_what_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let members = report_members();
    let zip = zip_of(&members);
    let tar = tar_of(&members);
    for (name, bytes) in [("cut.zip", &zip), ("cut.tar", &tar), ("cut.tgz", &gz(&tar))] {
        let cut = &bytes[..bytes.len() * 2 / 3];
        let path = write(dir.path(), name, cut);
        let started = Instant::now();
        let (recs, stderr) = extract(&[&path], &[]);
        assert!(started.elapsed() < Duration::from_secs(20));
        let whole = path.display().to_string();
        let container = recs
            .iter()
            .find(|r| r["source"]["path"] == whole.as_str())
            .unwrap_or_else(|| panic!("{name}: no container error record: {stderr}"));
        assert_eq!(container["status"], "error");
        assert_eq!(container["error"]["kind"], "truncated", "{name}");
        let ok = recs.iter().filter(|r| r["status"] == "ok").count();
        assert!(ok >= 1, "{name}: nothing read before the damage: {stderr}");
        eprintln!("{name}: {} records, {ok} ok", recs.len());
    }
}

#[test]
fn filters_and_summary_account_for_every_member() {
    let dir = tempfile::tempdir().unwrap();
    let members = report_members();
    let zip = write(dir.path(), "r.zip", &zip_of(&members));
    let summary = dir.path().join("summary.json");
    let (recs, stderr) = extract(
        &[&zip],
        &[
            "--exclude",
            "*/q2/*",
            "--formats",
            "txt",
            "--summary",
            summary.to_str().unwrap(),
        ],
    );
    let s: Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    let q2 = members.iter().filter(|(n, _)| n.starts_with("q2/")).count();
    assert_eq!(s["skipped"], q2 + 1, "{s}"); // q2/ excluded, the png not txt
    assert!(
        s["skipped_inputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["path"].as_str().unwrap().ends_with("logo.png"))
    );
    assert_eq!(s["documents"], recs.len());
    assert_eq!(
        s["archive_members"].as_u64().unwrap() as usize,
        recs.len() + q2 + 1
    );
    assert_eq!(s["duplicate"], 1);
    assert_eq!(s["archives"], 1);
    assert!(stderr.contains(&format!(
        "{} documents: {} ok, 0 errors",
        recs.len(),
        recs.len()
    )));
    let figures: usize = recs
        .iter()
        .map(|r| r["figures"].as_array().unwrap().len())
        .sum();
    assert_eq!(s["facts"]["figures"], figures);
}

/// The corpus several times over: in folders, a zip and a tar.gz, with copies in and across them.
fn batch_with_duplicates(dir: &Path) -> Vec<PathBuf> {
    let files = corpus_files();
    let plain = dir.join("plain");
    std::fs::create_dir_all(plain.join("again")).unwrap();
    for (name, bytes) in &files {
        write(&plain, name, bytes);
        write(&plain.join("again"), &format!("copy-{name}"), bytes);
    }
    let members = report_members();
    let zip = write(dir, "reports.zip", &zip_of(&members));
    let tgz = write(dir, "reports.tgz", &gz(&tar_of(&members)));
    vec![plain, zip, tgz]
}

#[test]
fn output_is_the_same_for_any_thread_count_and_duplicates_are_not_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch_with_duplicates(dir.path());
    let mut outputs = Vec::new();
    for threads in ["1", "4"] {
        let summary = dir.path().join(format!("summary-{threads}.json"));
        let out = docfacts()
            .arg("extract")
            .args(&inputs)
            .args(["-j", threads, "--summary", summary.to_str().unwrap()])
            .output()
            .unwrap();
        let s: Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
        outputs.push((out.stdout, s));
    }
    let ((one, s1), (four, s4)) = (&outputs[0], &outputs[1]);
    assert!(one == four, "records differ between -j 1 and -j 4");
    let records: Vec<Value> = String::from_utf8(one.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let files = corpus_files().len();
    // Every content is analysed once; the junk file (an error record, in the zip and the tar.gz)
    // is not a duplicate, so both copies are analysed; the rest are duplicates.
    let dups = records
        .iter()
        .filter(|r| r.get("duplicate_of").is_some())
        .count();
    assert_eq!(s1["duplicate"], dups);
    assert_eq!(dups, records.len() - files - 2, "{s1}");
    assert_eq!(s1["analysed"], files + 2, "{s1}");
    assert_eq!(s4["analysed"], s1["analysed"]);
    // The first occurrence in output order holds the facts; every copy points back to it.
    let mut first_by_hash: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &records {
        let (Some(hash), "ok") = (
            r["source"]["sha256"].as_str(),
            r["status"].as_str().unwrap(),
        ) else {
            continue;
        };
        match first_by_hash.get(hash) {
            Some(first) => {
                assert_eq!(r["duplicate_of"], *first);
                for facts in ["dates", "doc_refs", "figures"] {
                    assert!(r[facts].as_array().unwrap().is_empty());
                }
                let original = records.iter().find(|o| o["id"] == *first).unwrap();
                assert_eq!(r["language"], original["language"]);
                assert_eq!(r["source"]["encoding"], original["source"]["encoding"]);
            }
            None => {
                assert!(r.get("duplicate_of").is_none(), "{}", r["id"]);
                first_by_hash.insert(hash, r["id"].as_str().unwrap());
            }
        }
    }
}

#[test]
fn archive_limits_are_settable() {
    let dir = tempfile::tempdir().unwrap();
    let members = report_members();
    let zip = write(dir.path(), "r.zip", &zip_of(&members));
    let smallest = members.iter().map(|(_, b)| b.len()).min().unwrap();
    let (recs, _) = extract(
        &[&zip],
        &["--max-archive-bytes", &(smallest - 1).to_string()],
    );
    assert_eq!(recs.len(), members.len());
    assert!(
        recs.iter().all(|r| r["error"]["kind"] == "limit_exceeded"),
        "every member is over a total smaller than the smallest member"
    );
}

#[test]
fn members_with_the_same_name_each_give_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let members = [
        (
            "a.txt".to_owned(),
            "Ngày 08/3/2025 có 25/25 xã.".as_bytes().to_vec(),
        ),
        ("b.txt".to_owned(), b"July 29, 2025: 40/102 tasks.".to_vec()),
        ("c.txt".to_owned(), b"The third: 12 reports.".to_vec()),
    ];
    // The writer refuses a repeated name: rename `b.txt` to `a.txt` in the written bytes
    // (local header and central directory alike; names are outside the checksums).
    let mut bytes = zip_of(&members);
    let (from, to) = (b"b.txt", b"a.txt");
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(from.len()).position(|w| w == from) {
        bytes[i + at..i + at + from.len()].copy_from_slice(to);
        i += at + from.len();
    }
    let zip = write(dir.path(), "same-names.zip", &bytes);
    let (recs, _) = extract(&[&zip], &[]);
    let texts: Vec<(&str, u64)> = recs
        .iter()
        .map(|r| {
            let path = r["source"]["path"].as_str().unwrap();
            (
                path.rsplit('/').next().unwrap(),
                r["source"]["bytes"].as_u64().unwrap(),
            )
        })
        .collect();
    let sizes: Vec<(&str, u64)> = members
        .iter()
        .map(|(name, b)| {
            (
                if name == "b.txt" {
                    "a.txt"
                } else {
                    name.as_str()
                },
                b.len() as u64,
            )
        })
        .collect();
    assert_eq!(texts, sizes, "one record per member, in archive order");
    let ids: std::collections::BTreeSet<&str> =
        recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3, "ids stay unique");
}

//! Runs the real `docfacts` binary: exit codes, stdin, bad inputs, determinism across threads.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub(crate) fn docfacts() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_docfacts"));
    cmd.env("DOCFACTS_NO_PROGRESS", "1");
    // `extract` and `compare` would write to the developer's database otherwise.
    cmd.env_remove("DOCFACTS_DATABASE_URL");
    cmd
}

pub(crate) fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}

/// The JSON records on a run's stdout, one a line.
pub(crate) fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = docfacts()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn schema_is_json_and_describes_the_record() {
    let out = docfacts().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    for field in [
        "schema", "id", "source", "status", "language", "dates", "doc_refs", "figures",
    ] {
        assert!(
            schema["properties"][field].is_object(),
            "schema lacks {field}"
        );
    }
}

#[test]
fn real_output_validates_against_the_schema_fields() {
    let schema: Value =
        serde_json::from_slice(&docfacts().arg("schema").output().unwrap().stdout).unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let out = docfacts()
        .args(["extract", "--quiet"])
        .arg(corpus())
        .output()
        .unwrap();
    for rec in records(&out) {
        for field in &required {
            assert!(
                rec.get(*field).is_some(),
                "record {} lacks required {field}",
                rec["id"]
            );
        }
        assert_eq!(rec["schema"], "docfacts/1");
    }
}

#[test]
fn corpus_extracts_with_exit_zero_and_summary() {
    let out = docfacts().arg("extract").arg(corpus()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 5);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "records come in input (sorted path) order");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("5 documents: 5 ok, 0 errors"),
        "summary missing: {stderr}"
    );
}

#[test]
fn one_thread_and_four_threads_give_the_same_bytes() {
    let one = docfacts()
        .args(["extract", "--quiet", "-j", "1"])
        .arg(corpus())
        .output()
        .unwrap();
    let four = docfacts()
        .args(["extract", "--quiet", "-j", "4"])
        .arg(corpus())
        .output()
        .unwrap();
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn stdin_is_read_with_dash_and_with_no_path() {
    let text = "Nghị quyết số 57-NQ/TW ngày 22/12/2024 đạt 91,83%.".as_bytes();
    for args in [&["extract", "-"][..], &["extract"][..]] {
        let out = run_with_stdin(args, text);
        assert_eq!(out.status.code(), Some(0));
        let recs = records(&out);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0]["source"]["path"], "-");
        assert_eq!(recs[0]["doc_refs"][0]["id"], "57-NQ/TW");
        assert_eq!(recs[0]["dates"][0]["iso"], "2024-12-22");
        assert_eq!(recs[0]["figures"][0]["value"], 91.83);
    }
}

#[test]
fn a_directory_of_good_and_bad_files_accounts_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("a_good.txt"),
        "The province completed 25/25 tasks by July 29, 2025.",
    )
    .unwrap();
    std::fs::write(p.join("b_empty.txt"), "").unwrap();
    std::fs::write(
        p.join("c_binary.bin"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00",
    )
    .unwrap();
    std::fs::write(p.join("d_invalid.txt"), b"abc \xC3\x28 def \xFF\xFE\xFD").unwrap();
    std::fs::write(p.join("e_big.txt"), "x".repeat(5000)).unwrap();
    std::fs::write(p.join("f_utf16.txt"), b"\xFF\xFE5\x00%\x00").unwrap();
    let out = docfacts()
        .args(["extract", "--max-bytes", "4096"])
        .arg(p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "some documents failed → exit 1");
    let recs = records(&out);
    let got: Vec<(String, String, String)> = recs
        .iter()
        .map(|r| {
            let kind = r["error"]["kind"].as_str().unwrap_or("-").to_owned();
            (
                r["id"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
                kind,
            )
        })
        .collect();
    let expect = [
        ("a_good", "ok", "-"),
        ("b_empty", "error", "empty"),
        ("c_binary", "error", "binary"),
        ("d_invalid", "error", "invalid_encoding"),
        ("e_big", "error", "too_large"),
        ("f_utf16", "ok", "-"),
    ];
    let expect: Vec<(String, String, String)> = expect
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(got, expect);
    for r in &recs {
        if r["status"] == "error" {
            assert!(!r["error"]["message"].as_str().unwrap().is_empty());
            assert_eq!(r["figures"].as_array().unwrap().len(), 0);
        }
    }
    assert_eq!(recs[5]["source"]["encoding"], "utf-16le");
    assert_eq!(recs[5]["figures"][0]["value"], 5);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("6 documents: 2 ok, 4 errors"), "{stderr}");
}

#[test]
fn a_missing_path_is_an_error_record_not_a_crash() {
    let out = docfacts()
        .args(["extract", "/nonexistent/docfacts/report.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["error"]["kind"], "io");
}

#[test]
fn usage_errors_and_unwritable_output_exit_two() {
    assert_eq!(
        docfacts()
            .args(["extract", "--no-such-flag"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        docfacts()
            .args(["extract", "--lang", "xx", "-"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let out = docfacts()
        .args(["extract", "-o", "/nonexistent/dir/out.jsonl"])
        .arg(corpus())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
}

#[test]
fn output_file_equals_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("facts.jsonl");
    let to_file = docfacts()
        .args(["extract", "--quiet", "-o"])
        .arg(&file)
        .arg(corpus())
        .output()
        .unwrap();
    assert_eq!(to_file.status.code(), Some(0));
    assert!(to_file.stdout.is_empty());
    let to_stdout = docfacts()
        .args(["extract", "--quiet"])
        .arg(corpus())
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), to_stdout.stdout);
}

#[test]
fn colliding_file_names_get_path_ids() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["q1", "q2"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("report.txt"), "25/25 tasks").unwrap();
    }
    let out = docfacts()
        .args(["extract", "--quiet"])
        .arg(dir.path())
        .output()
        .unwrap();
    let ids: Vec<String> = records(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["q1/report", "q2/report"]);
}

#[test]
fn text_prints_the_source_text_offsets_refer_to() {
    let path = corpus().join("003_61c3d8aa0fae0524.txt");
    let out = docfacts().arg("text").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, std::fs::read(&path).unwrap());
    let bom = run_with_stdin(&["text", "-"], b"\xEF\xBB\xBFabc");
    assert_eq!(bom.stdout, b"abc", "the BOM is not part of the source text");
    assert_eq!(
        docfacts()
            .args(["text", "/nonexistent.txt"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn pretty_output_is_indented_json() {
    let out = run_with_stdin(&["extract", "--pretty", "-"], b"over 20,000 accounts");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n  \"schema\": \"docfacts/1\""));
    let rec: Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(rec["figures"][0]["qualifier"], "over");
}

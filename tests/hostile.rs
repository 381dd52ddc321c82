//! The hostile-input harness's cases that once failed, as tests over generated inputs: pipes
//! named as inputs, a run's own outputs inside its input folder. (Long lines: the linearity
//! property test of the extract crate; the view's memory: the normalize crate's tests.)

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::cli::{corpus, docfacts, records};

/// How long a run may take before the test calls it a hang (a guard, not a timing: each run
/// here takes well under a second when it works).
const HANG: Duration = Duration::from_secs(120);

/// Waits for `child`, killing it (and failing) if it hangs.
fn finish(mut child: Child) -> Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > HANG {
            child.kill().unwrap();
            panic!("docfacts hung: killed after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn spawn(cmd: &mut Command) -> Child {
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

fn sample() -> Vec<u8> {
    std::fs::read(corpus().join("000_3187132911dab52c.txt")).unwrap()
}

fn by_id(recs: &[Value]) -> std::collections::BTreeMap<String, &Value> {
    recs.iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r))
        .collect()
}

#[test]
fn a_pipe_with_no_writer_is_a_record_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.txt"));
    std::fs::write(dir.path().join("a.txt"), sample()).unwrap();
    let out = finish(spawn(
        docfacts()
            .current_dir(dir.path())
            .args(["extract", "pipe.txt", "a.txt", "-j", "2"]),
    ));
    let recs = records(&out);
    assert_eq!(recs.len(), 2, "{}", String::from_utf8_lossy(&out.stderr));
    let recs = by_id(&recs);
    assert_eq!(recs["a"]["status"], "ok");
    assert_eq!(recs["pipe"]["status"], "error");
}

#[test]
fn a_pipe_named_as_an_input_is_read_once_and_whole() {
    // `docfacts extract <(zcat report.txt.gz)`: the container sniff once read its first 4 KiB.
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("stream.txt");
    mkfifo(&pipe);
    let data = sample().repeat(3);
    let child = spawn(docfacts().arg("extract").arg(&pipe).args(["-j", "2"]));
    let writer = {
        let (pipe, data) = (pipe.clone(), data.clone());
        std::thread::spawn(move || std::fs::File::create(pipe).unwrap().write_all(&data))
    };
    let out = finish(child);
    writer.join().unwrap().unwrap();
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["status"], "ok", "{}", recs[0]);
    assert_eq!(recs[0]["source"]["bytes"], data.len());
    let sha = recs[0]["source"]["sha256"].as_str().unwrap();
    let same_file = dir.path().join("same.txt");
    std::fs::write(&same_file, &data).unwrap();
    let file_out = docfacts().arg("extract").arg(&same_file).output().unwrap();
    assert_eq!(records(&file_out)[0]["source"]["sha256"], sha);
}

#[test]
fn a_pipe_inside_a_folder_is_an_error_record() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    mkfifo(&input.join("pipe.txt"));
    std::fs::write(input.join("a.txt"), sample()).unwrap();
    let out = finish(spawn(docfacts().arg("extract").arg(&input)));
    let recs = records(&out);
    assert_eq!(recs.len(), 2, "one record per entry, the pipe included");
    let recs = by_id(&recs);
    assert_eq!(recs["pipe"]["error"]["kind"], "io");
    let message = recs["pipe"]["error"]["message"].as_str().unwrap();
    assert!(message.contains("not a regular file"), "{message}");
}

#[test]
fn a_pipe_path_in_jsonl_input_does_not_stall_the_lines_after_it() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.txt"));
    let mut child = docfacts()
        .current_dir(dir.path())
        .args(["extract", "--jsonl-input"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = concat!(
        "{\"id\": \"before\", \"text\": \"ngày 08/3/2025\"}\n",
        "{\"id\": \"fifo\", \"path\": \"pipe.txt\"}\n",
        "{\"id\": \"after\", \"text\": \"July 29, 2025\"}\n",
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.as_bytes())
        .unwrap();
    let recs = records(&finish(child));
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["before", "fifo", "after"]);
    assert_eq!(recs[1]["status"], "error");
}

/// Ten small documents in `dir/in`.
fn many_docs(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    for i in 0..10 {
        std::fs::write(
            input.join(format!("doc{i:02}.txt")),
            format!(
                "Báo cáo số {i}/BC-UBND ngày 0{}/3/2025: 25/25 xã.",
                i % 9 + 1
            ),
        )
        .unwrap();
    }
    input
}

/// Runs `extract` on the ten documents of `input` with `outputs` (flags naming files inside
/// `input`) twice, the second run finding the first one's files there, and checks that each run
/// wrote ten records with ten ids (`read` reads them from the run).
fn twice(input: &Path, outputs: &[&std::ffi::OsStr], read: impl Fn(&Output) -> Vec<Value>) {
    for run in 0..2 {
        let out = docfacts()
            .arg("extract")
            .arg(input)
            .args(outputs)
            .args(["-j", "2"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "run {run}: {stderr}");
        let recs = read(&out);
        let ids: std::collections::BTreeSet<&str> =
            recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!((recs.len(), ids.len()), (10, 10), "run {run}: {ids:?}");
    }
}

#[test]
fn the_output_file_inside_the_input_folder_is_not_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_docs(dir.path());
    let output = input.join("zz_facts.jsonl");
    twice(&input, &["-o".as_ref(), output.as_os_str()], |_| {
        let text = std::fs::read_to_string(&output).unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    });
}

#[test]
fn the_database_inside_the_input_folder_is_not_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_docs(dir.path());
    let db = input.join("facts.db");
    let flags = [
        "--sqlite".as_ref(),
        db.as_os_str(),
        "-o".as_ref(),
        "-".as_ref(),
        "--reload".as_ref(),
    ];
    twice(&input, &flags, records);
}

//! `docfacts extract --jsonl-input`: requests on stdin, records on stdout in the same order.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Output, Stdio};

use serde_json::{Value, json};

use crate::cli::{corpus, docfacts, records};

fn corpus_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "corpus/ has too few texts");
    files
}

fn spawn(args: &[&str]) -> Child {
    docfacts()
        .args(["extract", "--jsonl-input"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn run(args: &[&str], input: &[u8]) -> Output {
    let mut child = spawn(args);
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from a thread: output comes while input is still being read.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

fn lines(values: &[Value]) -> Vec<u8> {
    let mut s = Vec::new();
    for v in values {
        serde_json::to_writer(&mut s, v).unwrap();
        s.push(b'\n');
    }
    s
}

#[test]
fn path_requests_give_the_records_of_extract_with_the_given_ids() {
    let files = corpus_files();
    // Reversed and with made-up ids: order and ids come from the requests.
    let requests: Vec<Value> = files
        .iter()
        .rev()
        .enumerate()
        .map(|(i, p)| json!({"id": format!("doc-{i}"), "path": p}))
        .collect();
    let out = run(&["-j", "2", "-q"], &lines(&requests));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "-q prints nothing");
    let got = records(&out);
    assert_eq!(got.len(), files.len());

    let cli = docfacts()
        .args(["extract", "-q"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(0));
    let mut want: Vec<Value> = String::from_utf8(cli.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    want.reverse();
    for (i, (mut g, mut w)) in got.into_iter().zip(want).enumerate() {
        assert_eq!(g["id"], format!("doc-{i}"));
        assert_eq!(g["source"]["path"], w["source"]["path"]);
        g["id"] = Value::Null;
        w["id"] = Value::Null;
        assert_eq!(g, w, "record {i} differs from `docfacts extract`");
    }
}

#[test]
fn inline_text_has_path_dash_and_offsets_into_the_text() {
    let files = corpus_files();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let requests: Vec<Value> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"id": i, "text": t}))
        .collect();
    let one = run(&["-j", "1", "-q"], &lines(&requests));
    let three = run(&["-j", "3", "-q"], &lines(&requests));
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(one.stdout, three.stdout, "same bytes whatever the threads");
    let got = records(&one);
    assert_eq!(got.len(), texts.len());
    let mut facts = 0;
    for (i, (r, text)) in got.iter().zip(&texts).enumerate() {
        assert_eq!(r["id"], i.to_string(), "integer ids are written as strings");
        assert_eq!(r["source"]["path"], "-");
        assert_eq!(r["status"], "ok");
        assert_eq!(r["source"]["bytes"], text.len());
        for kind in ["dates", "doc_refs", "figures"] {
            for f in r[kind].as_array().unwrap() {
                let (s, e) = (
                    f["start"].as_u64().unwrap() as usize,
                    f["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(&text[s..e], f["text"].as_str().unwrap());
                facts += 1;
            }
        }
    }
    assert!(facts > 50, "the corpus texts have facts ({facts})");
}

#[test]
fn bad_lines_become_error_records_and_the_batch_goes_on() {
    let input = [
        r#"{"id": "a", "text": "Ngày 22/12/2024 ban hành Nghị quyết 57-NQ/TW."}"#,
        r#"{"id": "b", "text": "unterminated"#,
        "",
        r#"not json at all"#,
        r#"{"id": "c"}"#,
        r#"{"id": "d", "text": "x", "path": "y"}"#,
        r#"{"text": "no id"}"#,
        r#"{"id": "e", "path": "/no/such/file.txt"}"#,
        r#"{"id": "f", "text": "On 3 March 2025, 91% of the 36 tasks were done."}"#,
    ]
    .join("\n");
    let out = run(&["-j", "2"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "error records give exit 1");
    let got = records(&out);
    let ids: Vec<&str> = got.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // Line numbers count every line, the blank one too; a line with a readable id keeps it.
    assert_eq!(ids, ["a", "2", "4", "c", "d", "7", "e", "f"]);
    let kinds: Vec<&str> = got
        .iter()
        .map(|r| r["error"]["kind"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        kinds,
        [
            "-",
            "malformed",
            "malformed",
            "malformed",
            "malformed",
            "malformed",
            "io",
            "-"
        ]
    );
    assert_eq!(got[0]["doc_refs"][0]["id"], "57-NQ/TW");
    assert_eq!(got[7]["dates"][0]["iso"], "2025-03-03");
    assert_eq!(got[6]["source"]["path"], "/no/such/file.txt");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("8 documents: 2 ok, 6 errors"), "{stderr}");
}

#[test]
fn records_come_out_while_input_is_still_open() {
    // One request at a time, each record read before the next request is sent, on several
    // workers: the ordered runner hands a record over without waiting for more input.
    let mut child = spawn(&["-q", "-j", "4"]);
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let requests = [
        (
            "first",
            r#"{"id": "first", "text": "Báo cáo ngày 01/02/2025."}"#.to_owned(),
        ),
        (
            "second",
            r#"{"id": "second", "text": "Báo cáo ngày 01/02/2025."}"#.to_owned(),
        ),
        ("3", "not json".to_owned()),
        (
            "fourth",
            json!({"id": "fourth", "path": corpus_files()[0]}).to_string(),
        ),
        (
            "fifth",
            r#"{"id": "fifth", "text": "Báo cáo ngày 01/02/2025."}"#.to_owned(),
        ),
    ];
    for (id, request) in requests {
        writeln!(stdin, "{request}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let record: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(record["id"], id);
        match id {
            "3" => assert_eq!(record["error"]["kind"], "malformed"),
            "fourth" => assert_eq!(record["status"], "ok"),
            _ => assert_eq!(record["dates"][0]["iso"], "2025-02-01"),
        }
    }
    drop(stdin);
    assert!(
        !child.wait().unwrap().success(),
        "a bad line makes the exit status 1"
    );
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let mut child = spawn(&["-j", "2"]);
    let mut stdin = child.stdin.take().unwrap();
    let text = "Ngày 22/12/2024, tỷ lệ đạt 91,83% (7/36 nhiệm vụ). ".repeat(50);
    let line = format!("{}\n", json!({"id": "x", "text": text}));
    // Far more input than the pipes hold; the writer stops when docfacts is gone.
    let writer = std::thread::spawn(move || {
        for _ in 0..20_000 {
            if stdin.write_all(line.as_bytes()).is_err() {
                return;
            }
        }
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with('{'));
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "no message on a closed pipe: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn jsonl_input_refuses_paths_and_databases() {
    for extra in [vec!["corpus"], vec!["--sqlite", "x.db"]] {
        let out = docfacts()
            .args(["extract", "--jsonl-input"])
            .args(&extra)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
    }
}

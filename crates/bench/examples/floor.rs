//! The floor under `docfacts extract`: what the contract asks of every document before any fact
//! is looked for. On one thread, each input of a folder is listed, read, hashed (SHA-256),
//! decoded (encoding found, UTF-8 checked) and written as a record with no language and no
//! facts, as `extract` writes one (JSON lines); an input that cannot be read, as its error record. No design of the analysis can run faster than
//! this; `bench/floor.sh` times it beside `cat`, `grep` and `extract` in the same run.
//!
//! `cargo run --release -p docfacts-bench --example floor DIR > /dev/null`
#![allow(clippy::print_stderr)] // a command-line report

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use docfacts_ingest::{IngestOptions, discover, read};
use docfacts_types::{Language, Record, SCHEMA, Status};

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: floor DIR");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let inputs = match discover(&[PathBuf::from(dir)]) {
        Ok(inputs) => inputs,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let options = IngestOptions::default();
    let (mut bytes, mut failed) = (0usize, 0usize);
    let mut out = Vec::with_capacity(1 << 16);
    let mut stdout = std::io::stdout().lock();
    for input in &inputs {
        // Every input yields a record, as in `extract`: a failure its error record.
        let record = match read(input, &options) {
            Ok(doc) => {
                bytes += doc.text.len();
                Record {
                    schema: SCHEMA.to_owned(),
                    id: input.id.clone(),
                    source: doc.source,
                    status: Status::Ok,
                    error: None,
                    language: Language::undetermined(),
                    document: Default::default(),
                    dates: Vec::new(),
                    doc_refs: Vec::new(),
                    figures: Vec::new(),
                    warnings: doc.warnings,
                    duplicate_of: None,
                }
            }
            Err(err) => {
                failed += 1;
                Record::error(input.id.clone(), err.source_info().clone(), err.to_info())
            }
        };
        record.write_json(&mut out);
        out.push(b'\n');
        if out.len() >= 1 << 16 {
            if stdout.write_all(&out).is_err() {
                return ExitCode::FAILURE;
            }
            out.clear();
        }
    }
    if stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} inputs ({failed} failed), {bytes} bytes of text in {secs:.3} s: {:.1} MB/s",
        inputs.len(),
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    ExitCode::SUCCESS
}

//! `docfacts extract --jsonl-input`: records `{"id": …, "text": …}` or `{"id": …, "path": …}` on
//! stdin, one per line, become the contract's records on stdout, one per line, in the same order.
//!
//! This is the mode for distributed engines (Spark, Beam, xargs-style fan-out): the caller owns the
//! ids, the input is read in bounded batches while output is written, and a closed pipe downstream
//! ends the run quietly. Each record stands alone (no duplicate detection across lines), so the
//! output does not depend on how a dataset was split into partitions. See docs/jsonl-input.md.

use std::io::{BufRead, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use docfacts_ingest::{Input, InputOrigin};
use docfacts_pipeline::Pipeline;
use docfacts_types::ErrorKind;
use serde::Deserialize;

/// `source.path` of a record whose text came inline.
const INLINE_PATH: &str = "-";

/// What the caller asked for, from one input line.
#[derive(Debug, Deserialize)]
struct Line {
    id: Option<Id>,
    text: Option<String>,
    path: Option<PathBuf>,
}

/// A caller's id: a string, or an integer (written as its decimal digits).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Int(i64),
}

impl Id {
    fn into_string(self) -> String {
        match self {
            Id::Text(s) => s,
            Id::Int(n) => n.to_string(),
        }
    }
}

/// Options from `docfacts extract` that this mode uses.
pub(crate) struct Options<'a> {
    pub(crate) pipeline: &'a Pipeline,
    pub(crate) threads: usize,
    pub(crate) output: Option<&'a std::path::Path>,
    pub(crate) pretty: bool,
    pub(crate) quiet: bool,
    pub(crate) max_bytes: u64,
}

/// Reads JSON Lines requests from stdin and writes one record per request line.
pub(crate) fn run(options: &Options<'_>) -> anyhow::Result<ExitCode> {
    let sink: Box<dyn Write> = match options.output {
        Some(path) if path.as_os_str() != "-" => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        ),
        _ => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    let (ok, errors) = stream(
        std::io::BufReader::with_capacity(1 << 16, std::io::stdin()),
        &mut out,
        options,
    )?;
    out.flush().context("cannot write output")?;
    if !options.quiet {
        eprintln!("{} documents: {ok} ok, {errors} errors", ok + errors);
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The loop. A reader thread parses lines into inputs and hands them over a bounded channel to the
/// pipeline's ordered runner, which writes each record (flushed) as soon as it and those before it
/// are done: a caller may send one request and read its record before sending the next.
/// Returns the numbers of ok and error records.
fn stream(
    input: impl BufRead + Send + 'static,
    out: &mut impl Write,
    options: &Options<'_>,
) -> anyhow::Result<(usize, usize)> {
    let threads = options.threads.max(1);
    // A line may hold a whole document, JSON-escaped (up to 6 bytes per source byte, `\u0000`).
    let line_limit = options.max_bytes.saturating_mul(6).saturating_add(1 << 16);
    // Lines waiting for the workers: enough to keep them busy, few enough to bound memory.
    let (send, inputs) = std::sync::mpsc::sync_channel::<Input>(threads * 8);
    let failure = std::sync::Arc::new(std::sync::Mutex::new(None));
    let failed = std::sync::Arc::clone(&failure);
    // Not joined: on a closed pipe the run ends while this thread may still wait for input.
    std::thread::spawn(move || read_jobs(input, line_limit, &send, &failed));
    let (mut ok, mut errors) = (0usize, 0usize);
    let mut written: anyhow::Result<()> = Ok(());
    let pretty = options.pretty;
    options.pipeline.run_ordered_stream(
        inputs,
        threads,
        |record| {
            let json = if pretty {
                serde_json::to_vec_pretty(&record)
            } else {
                let mut json = Vec::with_capacity(1024);
                record.write_json(&mut json);
                Ok(json)
            };
            let error = record
                .error
                .map(|e| format!("{}: {}", record.id, e.message));
            (error, json)
        },
        |(error, json)| {
            let step = (|| -> anyhow::Result<()> {
                let mut json = json.context("cannot serialize a record")?;
                json.push(b'\n');
                out.write_all(&json).context("cannot write output")?;
                out.flush().context("cannot write output")
            })();
            if let Err(e) = step {
                written = Err(e);
                return std::ops::ControlFlow::Break(());
            }
            match error {
                None => ok += 1,
                Some(message) => {
                    errors += 1;
                    if !options.quiet {
                        eprintln!("docfacts: {message}");
                    }
                }
            }
            std::ops::ControlFlow::Continue(())
        },
    );
    written?;
    if let Some(e) = failure.lock().ok().and_then(|mut f| f.take()) {
        return Err(anyhow::Error::new(e).context("cannot read stdin"));
    }
    Ok((ok, errors))
}

/// The reader thread: every request line, parsed, in order, until the input ends (or fails: the
/// error is left in `failure` and reading stops) or the receiver is gone.
fn read_jobs(
    mut input: impl BufRead,
    line_limit: u64,
    send: &std::sync::mpsc::SyncSender<Input>,
    failure: &std::sync::Mutex<Option<std::io::Error>>,
) {
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let complete = match read_line(&mut input, &mut buf, line_limit) {
            Ok(Some(complete)) => complete,
            Ok(None) => return,
            Err(e) => {
                if let Ok(mut slot) = failure.lock() {
                    *slot = Some(e);
                }
                return;
            }
        };
        line_no += 1;
        if complete && buf.iter().all(u8::is_ascii_whitespace) {
            continue; // blank lines (a trailing newline, CRLF) are not requests
        }
        let job = if complete {
            parse(&buf, line_no)
        } else {
            bad(
                line_id(&buf, line_no),
                ErrorKind::TooLarge,
                format!("input line {line_no} is longer than {line_limit} bytes"),
            )
        };
        if send.send(job).is_err() {
            return;
        }
    }
}

/// Reads one line into `buf` (without its `\n`), at most `limit` bytes of it; the rest of a longer
/// line is skipped. `None` at the end of input; `Some(false)` for a line that was cut.
fn read_line(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<Option<bool>> {
    let n = input.by_ref().take(limit).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        return Ok(Some(true));
    }
    if (n as u64) < limit {
        return Ok(Some(true)); // last line, no newline
    }
    // Cut: skip to the end of the line without holding it.
    loop {
        let (skip, found) = {
            let avail = input.fill_buf()?;
            if avail.is_empty() {
                break;
            }
            match memchr(avail) {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            }
        };
        input.consume(skip);
        if found {
            break;
        }
    }
    Ok(Some(false))
}

fn memchr(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// A request line → the input to read, or the error record that stands for it.
fn parse(line: &[u8], line_no: u64) -> Input {
    let line: Line = match serde_json::from_slice(line) {
        Ok(line) => line,
        Err(e) => {
            return bad(
                line_id(line, line_no),
                ErrorKind::Malformed,
                format!("input line {line_no}: {e}"),
            );
        }
    };
    let Some(id) = line.id.map(Id::into_string) else {
        return bad(
            line_no.to_string(),
            ErrorKind::Malformed,
            format!("input line {line_no}: no \"id\""),
        );
    };
    let (origin, display) = match (line.text, line.path) {
        (Some(text), None) => (
            InputOrigin::Memory(text.into_bytes().into()),
            INLINE_PATH.to_owned(),
        ),
        (None, Some(path)) => {
            let display = path.display().to_string();
            (InputOrigin::File(path), display)
        }
        (text, _) => {
            let what = if text.is_some() {
                "both \"text\" and \"path\""
            } else {
                "neither \"text\" nor \"path\""
            };
            return bad(
                id,
                ErrorKind::Malformed,
                format!("input line {line_no}: {what} (give one)"),
            );
        }
    };
    Input {
        origin,
        display,
        id,
        listing_error: None,
        listing_error_kind: None,
    }
}

/// The id of a line that could not be read as a request: its `"id"` where one can be found,
/// else the line number.
fn line_id(line: &[u8], line_no: u64) -> String {
    #[derive(Deserialize)]
    struct JustId {
        id: Id,
    }
    serde_json::from_slice::<JustId>(line)
        .map(|j| j.id.into_string())
        .unwrap_or_else(|_| line_no.to_string())
}

/// A line that is no request: an input whose reading fails with `kind`, so that its record (an
/// error record) keeps its place among the others.
fn bad(id: String, kind: ErrorKind, message: String) -> Input {
    Input::failed(id, INLINE_PATH.to_owned(), kind, message)
}

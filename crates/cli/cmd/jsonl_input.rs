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
use docfacts_types::{ErrorInfo, ErrorKind, Record, Source};
use serde::Deserialize;

/// `source.path` of a record whose text came inline.
const INLINE_PATH: &str = "-";
/// At most this many input bytes (JSON text) are held per batch, whatever the number of lines.
const BATCH_BYTES: usize = 32 << 20;

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

/// One line, ready for the workers.
enum Job {
    Run(Input),
    Bad(Box<Record>),
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

/// The loop. A reader thread parses lines into jobs and hands them over a bounded channel; this
/// thread takes the jobs waiting (at least one, at most a batch), runs them on the workers, and
/// writes their records (flushed, so that a reader downstream sees them while input still comes).
/// Returns the numbers of ok and error records.
fn stream(
    input: impl BufRead + Send + 'static,
    out: &mut impl Write,
    options: &Options<'_>,
) -> anyhow::Result<(usize, usize)> {
    let threads = options.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    let batch_lines = threads * 8;
    // A line may hold a whole document, JSON-escaped (up to 6 bytes per source byte, `\u0000`).
    let line_limit = options.max_bytes.saturating_mul(6).saturating_add(1 << 16);
    let (send, jobs_in) =
        std::sync::mpsc::sync_channel::<std::io::Result<(usize, Job)>>(batch_lines);
    // Not joined: on a closed pipe the run ends while this thread may still wait for input.
    std::thread::spawn(move || read_jobs(input, line_limit, &send));
    let (mut ok, mut errors) = (0usize, 0usize);
    let mut ended = false;
    while !ended {
        let mut jobs = Vec::with_capacity(batch_lines);
        let mut held = 0usize;
        // Block for the first job only; then take what is already there.
        let mut next = jobs_in.recv().ok();
        while let Some(item) = next {
            let (bytes, job) = item.context("cannot read stdin")?;
            held += bytes;
            jobs.push(job);
            if jobs.len() >= batch_lines || held >= BATCH_BYTES {
                break;
            }
            next = match jobs_in.try_recv() {
                Ok(item) => Some(item),
                Err(std::sync::mpsc::TryRecvError::Empty) => None,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    ended = true;
                    None
                }
            };
        }
        if jobs.is_empty() {
            break; // the reader is done
        }
        let records: Vec<anyhow::Result<(Option<String>, Vec<u8>)>> = {
            let work = |job: Job| -> anyhow::Result<(Option<String>, Vec<u8>)> {
                let record = match job {
                    Job::Run(input) => options.pipeline.run(&input),
                    Job::Bad(record) => *record,
                };
                let mut json = if options.pretty {
                    serde_json::to_vec_pretty(&record)?
                } else {
                    serde_json::to_vec(&record)?
                };
                json.push(b'\n');
                let error = record
                    .error
                    .map(|e| format!("{}: {}", record.id, e.message));
                Ok((error, json))
            };
            match &pool {
                Ok(pool) => {
                    use rayon::prelude::*;
                    pool.install(|| jobs.into_par_iter().map(work).collect())
                }
                Err(_) => jobs.into_iter().map(work).collect(),
            }
        };
        for record in records {
            let (error, json) = record?;
            match error {
                None => ok += 1,
                Some(message) => {
                    errors += 1;
                    if !options.quiet {
                        eprintln!("docfacts: {message}");
                    }
                }
            }
            out.write_all(&json).context("cannot write output")?;
        }
        out.flush().context("cannot write output")?;
    }
    Ok((ok, errors))
}

/// The reader thread: every request line, parsed, with its size, in order, until the input ends
/// (or fails: the error is passed on and reading stops) or the receiver is gone.
fn read_jobs(
    mut input: impl BufRead,
    line_limit: u64,
    send: &std::sync::mpsc::SyncSender<std::io::Result<(usize, Job)>>,
) {
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let complete = match read_line(&mut input, &mut buf, line_limit) {
            Ok(Some(complete)) => complete,
            Ok(None) => return,
            Err(e) => {
                let _ = send.send(Err(e));
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
        if send.send(Ok((buf.len(), job))).is_err() {
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
fn parse(line: &[u8], line_no: u64) -> Job {
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
    Job::Run(Input {
        origin,
        display,
        id,
        listing_error: None,
        listing_error_kind: None,
    })
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

fn bad(id: String, kind: ErrorKind, message: String) -> Job {
    Job::Bad(Box::new(Record::error(
        id,
        Source {
            path: INLINE_PATH.to_owned(),
            ..Source::default()
        },
        ErrorInfo { kind, message },
    )))
}

//! The native core of the `docfacts` Python package (`docfacts._native`): the docfacts pipeline
//! behind four calls that take and return JSON text. The Python package (`python/docfacts`) turns
//! that JSON into dicts and failures into its exception classes; see `python/README.md`.
//!
//! Records are made as `docfacts extract` makes them (same pipeline options, same ids and
//! `source.path`), so their JSON is the CLI's. Documents are analysed with the GIL released; a
//! batch runs on Rust threads and hands its records over in input order.

use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use docfacts_archive::{ArchiveLimits, expand};
use docfacts_compare::{CompareInput, CompareOptions, compare as compare_records};
use docfacts_ingest::{IngestOptions, Input, InputOrigin, Listing, PdfOptions, discover, read};
use docfacts_pipeline::Pipeline;
use docfacts_types::{ErrorKind, Lang, Record, SCHEMA, SourceFormat};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// `docfacts extract`'s `--max-bytes` default: larger inputs are refused (`too_large`).
const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// `docfacts extract`'s `--text-timeout` default.
const TEXT_TIMEOUT: Duration = Duration::from_secs(120);
/// How often a wait for the next record of a batch looks for Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

create_exception!(
    _native,
    Failure,
    PyException,
    "A document could not be used: args are (kind, message), kind one of the contract's error kinds."
);

/// Why a call gives no result: a contract error kind and a message for people.
#[derive(Debug)]
struct Problem {
    kind: ErrorKind,
    message: String,
}

impl Problem {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Problem {
        Problem {
            kind,
            message: message.into(),
        }
    }
}

impl From<Problem> for PyErr {
    fn from(problem: Problem) -> PyErr {
        let kind = serde_json::to_value(problem.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "internal".to_owned());
        Failure::new_err((kind, problem.message))
    }
}

/// The record as `docfacts extract` writes it (one JSON object).
fn to_json(record: &Record) -> Result<String, Problem> {
    serde_json::to_string(record)
        .map_err(|e| Problem::new(ErrorKind::Internal, format!("cannot write the record: {e}")))
}

/// `vi`, `en`, `fa` (or `und`) as `--lang` takes them.
fn parse_lang(lang: Option<&str>) -> PyResult<Option<Lang>> {
    lang.map(|code| {
        Lang::from_code(code).ok_or_else(|| {
            PyValueError::new_err(format!("unknown language {code:?} (expected vi, en or fa)"))
        })
    })
    .transpose()
}

/// The pipeline of `docfacts extract` with its default options; PDFs are read in this process
/// (a library has no worker executable to isolate them in), their pages on `page_threads`.
fn extract_pipeline(lang: Option<Lang>, page_threads: usize, dedup: bool) -> Pipeline {
    let mut pdf = PdfOptions::default();
    pdf.page_threads = page_threads.max(1);
    Pipeline::builder()
        .max_bytes(MAX_BYTES)
        .force_lang(lang)
        .pdf_options(pdf)
        .text_timeout(Some(TEXT_TIMEOUT))
        .dedup(dedup)
        .build()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The record of `data` (text as UTF-8, or a file's bytes) with this id and `source.path`.
#[pyfunction]
#[pyo3(signature = (data, lang, id, path))]
fn extract_bytes(
    py: Python<'_>,
    data: Vec<u8>,
    lang: Option<&str>,
    id: String,
    path: String,
) -> PyResult<String> {
    let lang = parse_lang(lang)?;
    let json = py.detach(move || {
        let input = Input::from_bytes(id, path, data);
        to_json(&extract_pipeline(lang, cores(), false).run(&input))
    })?;
    Ok(json)
}

/// The record of the file at `path` (id: its stem unless `id` is given; `source.path`: the path
/// as given), as `docfacts extract PATH` writes it.
#[pyfunction]
#[pyo3(signature = (path, lang, id))]
fn extract_path(
    py: Python<'_>,
    path: PathBuf,
    lang: Option<&str>,
    id: Option<String>,
) -> PyResult<String> {
    let lang = parse_lang(lang)?;
    let json = py.detach(move || {
        if path.is_dir() {
            return Err(Problem::new(
                ErrorKind::Io,
                format!(
                    "{}: a folder, not a file (extract_many reads folders)",
                    path.display()
                ),
            ));
        }
        let mut input = one_input(&path)?;
        if let Some(id) = id {
            input.id = id;
        }
        to_json(&extract_pipeline(lang, cores(), false).run(&input))
    })?;
    Ok(json)
}

/// The one input a file path names.
fn one_input(path: &Path) -> Result<Input, Problem> {
    let inputs = discover(&[path.to_path_buf()])
        .map_err(|e| Problem::new(e.kind(), format!("{}: {e}", path.display())))?;
    let count = inputs.len();
    match <[Input; 1]>::try_from(inputs) {
        Ok([input]) => Ok(input),
        Err(_) => Err(Problem::new(
            ErrorKind::Io,
            format!("{}: expected one document, found {count}", path.display()),
        )),
    }
}

/// The inputs of `paths` as `docfacts extract PATHS...` lists them: folders walked in sorted
/// order, ids from file stems (relative paths where stems collide), and archives (zip, tar,
/// tar.gz, found by their first bytes) opened into their members.
fn listing(paths: &[PathBuf]) -> Box<dyn Iterator<Item = Input>> {
    let mut any_container = false;
    let listing = Listing::inspecting(paths, docfacts_ingest::OwnOutputs::none(), |input| {
        if !any_container
            && input.listing_error.is_none()
            && let InputOrigin::File(path) = &input.origin
        {
            any_container = is_container(path);
        }
    });
    if any_container {
        let limits = ArchiveLimits {
            max_member_bytes: MAX_BYTES,
            ..ArchiveLimits::default()
        };
        Box::new(
            expand(listing.inputs().collect(), &limits)
                .inputs
                .into_iter(),
        )
    } else {
        Box::new(listing.into_inputs())
    }
}

/// Whether the regular file at `path` starts like a zip, tar or tar.gz file.
fn is_container(path: &Path) -> bool {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .is_ok()
        && docfacts_archive::sniff(&head).is_some()
}

/// A record's JSON, or why it could not be written.
type Item = Result<String, Problem>;

/// The records of a batch, in input order, as JSON; the batch runs on its own threads.
#[pyclass(module = "docfacts._native")]
struct Records {
    receiver: Mutex<Receiver<Item>>,
    runner: Mutex<Option<JoinHandle<()>>>,
}

/// Starts a batch over `paths` on `threads` worker threads (all cores when `None`).
#[pyfunction]
#[pyo3(signature = (paths, threads, lang))]
fn extract_many(
    paths: Vec<PathBuf>,
    threads: Option<usize>,
    lang: Option<&str>,
) -> PyResult<Records> {
    let lang = parse_lang(lang)?;
    let threads = match threads {
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => n,
        None => cores(),
    };
    let (sender, receiver) = sync_channel::<Item>(threads.saturating_mul(4).max(16));
    let runner = std::thread::Builder::new()
        .name("docfacts-batch".to_owned())
        .spawn(move || run_batch(&paths, threads, lang, &sender))
        .map_err(|e| Problem::new(ErrorKind::Internal, format!("cannot start a thread: {e}")))?;
    Ok(Records {
        receiver: Mutex::new(receiver),
        runner: Mutex::new(Some(runner)),
    })
}

/// Runs the batch, sending each record's JSON in input order; stops when nobody listens.
fn run_batch(paths: &[PathBuf], threads: usize, lang: Option<Lang>, sender: &SyncSender<Item>) {
    let pipeline = extract_pipeline(lang, 1, true);
    pipeline.run_ordered(
        listing(paths),
        threads,
        |record| to_json(&record),
        |json| match sender.send(json) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        },
    );
}

#[pymethods]
impl Records {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next record's JSON; waits with the GIL released, and lets Ctrl-C through.
    fn __next__(&self, py: Python<'_>) -> PyResult<Option<String>> {
        loop {
            let next = py.detach(|| {
                self.receiver
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .recv_timeout(SIGNAL_POLL)
            });
            match next {
                Ok(item) => return Ok(Some(item?)),
                Err(RecvTimeoutError::Timeout) => py.check_signals()?,
                Err(RecvTimeoutError::Disconnected) => return self.finish(py).map(|()| None),
            }
        }
    }
}

impl Records {
    /// After the last record: a batch thread that ended by a panic is an error, not an end.
    fn finish(&self, py: Python<'_>) -> PyResult<()> {
        let runner = self
            .runner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match runner.map(|r| py.detach(|| r.join())) {
            Some(Err(_)) => Err(Problem::new(
                ErrorKind::Internal,
                "the batch stopped on an internal error",
            )
            .into()),
            _ => Ok(()),
        }
    }
}

/// One side of a comparison with its source text, when found.
struct Side {
    record: Record,
    text: Option<String>,
}

/// The `docfacts-compare/1` report of `b` against `a`. Each side is a path (a document, or a
/// `.jsonl`/`.json` file of records, `FILE.jsonl#ID` to pick one) or a record dict.
#[pyfunction]
fn compare(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<String> {
    let (a, b) = (SideSpec::of(a)?, SideSpec::of(b)?);
    let json = py.detach(move || {
        let pipeline = Pipeline::builder().max_bytes(MAX_BYTES).build();
        let (a, b) = (a.load(&pipeline)?, b.load(&pipeline)?);
        let report = compare_records(
            CompareInput {
                record: &a.record,
                text: a.text.as_deref(),
            },
            CompareInput {
                record: &b.record,
                text: b.text.as_deref(),
            },
            &CompareOptions::default(),
        );
        serde_json::to_string(&report)
            .map_err(|e| Problem::new(ErrorKind::Internal, format!("cannot write the report: {e}")))
    })?;
    Ok(json)
}

/// What a side of `compare` was given as.
enum SideSpec {
    Path(PathBuf),
    /// A record dict, as JSON.
    Record(String),
}

impl SideSpec {
    fn of(value: &Bound<'_, PyAny>) -> PyResult<SideSpec> {
        if value.is_instance_of::<PyDict>() {
            let json = value.py().import("json")?.call_method1("dumps", (value,))?;
            return Ok(SideSpec::Record(json.extract()?));
        }
        Ok(SideSpec::Path(value.extract()?))
    }

    /// The side's record and text, as `docfacts compare` loads them.
    fn load(self, pipeline: &Pipeline) -> Result<Side, Problem> {
        match self {
            SideSpec::Record(json) => {
                let record: Record = serde_json::from_str(&json).map_err(|e| {
                    Problem::new(ErrorKind::Malformed, format!("not a docfacts record: {e}"))
                })?;
                checked(record, None)
            }
            SideSpec::Path(path) => load_path(&path, pipeline),
        }
    }
}

/// A record that can be compared (not an error record), with its source text when found.
fn checked(record: Record, beside: Option<&Path>) -> Result<Side, Problem> {
    if let Some(err) = &record.error {
        return Err(Problem::new(
            err.kind,
            format!("record {}: {}", record.id, err.message),
        ));
    }
    let text = source_text(&record, beside);
    Ok(Side { record, text })
}

/// A document, or a record of a JSON Lines file of records.
fn load_path(path: &Path, pipeline: &Pipeline) -> Result<Side, Problem> {
    let (file, wanted) = split_selector(path);
    if let Some(record) = read_record(&file, wanted.as_deref())? {
        return checked(record, file.parent());
    }
    if file.is_dir() {
        return Err(Problem::new(
            ErrorKind::Io,
            format!("{}: a folder, not a document", file.display()),
        ));
    }
    let input = one_input(&file)?;
    let doc = read(&input, pipeline.ingest_options())
        .map_err(|e| Problem::new(e.kind(), format!("{}: {e}", input.display)))?;
    if doc.source.format == SourceFormat::Pdf && doc.text.trim().is_empty() {
        return Err(Problem::new(
            ErrorKind::Empty,
            format!("{}: no text could be read from the PDF", input.display),
        ));
    }
    let text = doc.text.clone();
    let record = pipeline.analyze(&input.id, doc);
    if let Some(err) = &record.error {
        return Err(Problem::new(
            err.kind,
            format!("{}: {}", input.display, err.message),
        ));
    }
    Ok(Side {
        record,
        text: Some(text),
    })
}

/// `out.jsonl#003_61c3` → (`out.jsonl`, `003_61c3`) when the whole path does not exist.
fn split_selector(path: &Path) -> (PathBuf, Option<String>) {
    if !path.exists()
        && let Some((file, id)) = path.to_str().and_then(|s| s.rsplit_once('#'))
    {
        return (PathBuf::from(file), Some(id.to_owned()));
    }
    (path.to_path_buf(), None)
}

/// The record `wanted` (else the first) of a `.jsonl`/`.json` file whose first line is a
/// `docfacts/1` record; `None` for any other file (it is then read as a document).
fn read_record(file: &Path, wanted: Option<&str>) -> Result<Option<Record>, Problem> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("jsonl" | "json"))
        || !std::fs::metadata(file).is_ok_and(|m| m.is_file())
    {
        return Ok(None);
    }
    let Ok(opened) = std::fs::File::open(file) else {
        return Ok(None);
    };
    let io = |e: std::io::Error| {
        Problem::new(
            ErrorKind::Io,
            format!("cannot read {}: {e}", file.display()),
        )
    };
    let mut reader = BufReader::new(opened.take(MAX_BYTES + 1));
    let (mut line, mut number, mut total) = (Vec::new(), 0usize, 0u64);
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(io)?;
        total += n as u64;
        if total > MAX_BYTES {
            return Err(Problem::new(
                ErrorKind::TooLarge,
                format!("{}: larger than {MAX_BYTES} bytes", file.display()),
            ));
        }
        if n == 0 {
            break;
        }
        number += 1;
        if number == 1 {
            let is_record = serde_json::from_slice::<serde_json::Value>(&line)
                .is_ok_and(|v| v.get("schema").and_then(|s| s.as_str()) == Some(SCHEMA));
            if !is_record {
                return Ok(None);
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record: Record = serde_json::from_slice(&line).map_err(|e| {
            Problem::new(
                ErrorKind::Malformed,
                format!("{}:{number}: not a docfacts record: {e}", file.display()),
            )
        })?;
        if wanted.is_none_or(|id| record.id == id) {
            return Ok(Some(record));
        }
    }
    match number {
        0 => Ok(None),
        _ => Err(Problem::new(
            ErrorKind::Malformed,
            format!(
                "{}: no record {}",
                file.display(),
                wanted.unwrap_or_default()
            ),
        )),
    }
}

/// The source text of a record, when its `source.path` names a regular file that can still be
/// read (as given, or in `beside`) and every fact's `text` is found at its offsets.
fn source_text(record: &Record, beside: Option<&Path>) -> Option<String> {
    if record.source.path.is_empty() || record.source.path == "-" {
        return None;
    }
    let given = PathBuf::from(&record.source.path);
    let beside = beside.map(|d| d.join(&given));
    let mut options = IngestOptions::default();
    options.max_bytes = MAX_BYTES;
    std::iter::once(given).chain(beside).find_map(|path| {
        if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let input = discover(std::slice::from_ref(&path))
            .ok()?
            .into_iter()
            .next()?;
        let doc = read(&input, &options).ok()?;
        let fits = |t: &str, s: usize, e: usize| doc.text.get(s..e) == Some(t);
        let ok = record.dates.iter().all(|f| fits(&f.text, f.start, f.end))
            && record
                .doc_refs
                .iter()
                .all(|f| fits(&f.text, f.start, f.end))
            && record.figures.iter().all(|f| fits(&f.text, f.start, f.end));
        ok.then_some(doc.text)
    })
}

/// The native core of the `docfacts` package: records and compare reports as JSON text.
#[pymodule]
mod _native {
    #[pymodule_export]
    use super::{Failure, Records, compare, extract_bytes, extract_many, extract_path};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}

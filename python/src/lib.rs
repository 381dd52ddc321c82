//! The native core of the `docfacts` Python package (`docfacts._native`): the docfacts pipeline
//! behind four calls that take and return JSON text. The Python package (`python/docfacts`) turns
//! that JSON into dicts and failures into its exception classes; see `python/README.md`.
//!
//! Records are made as `docfacts extract` makes them (same pipeline options, same ids and
//! `source.path`), so their JSON is the CLI's. Documents are analysed with the GIL released; a
//! batch runs on Rust threads and hands its records over in input order.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use docfacts::batch::{Batch, BatchOptions};
use docfacts::compare_input::{Side, load_side, source_text};
use docfacts::{CompareOptions, Input, OwnOutputs, Pipeline, compare as compare_records};
use docfacts_ingest::{PdfOptions, discover};
use docfacts_types::{ErrorKind, Lang, Record};
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
    let mut json = Vec::with_capacity(1024);
    record.write_json(&mut json);
    String::from_utf8(json)
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

/// The inputs of `paths` as `docfacts extract PATHS...` lists them (the library's batch): folders
/// walked in sorted order, ids from file stems (relative paths where stems collide), and archives
/// (zip, tar, tar.gz, found by their first bytes) opened into their members.
fn listing(paths: &[PathBuf]) -> Box<dyn Iterator<Item = Input>> {
    match Batch::new(&BatchOptions::default()) {
        Ok(mut batch) => {
            batch
                .prepare_listing(paths, MAX_BYTES, cores(), OwnOutputs::none())
                .0
        }
        Err(_) => Box::new(std::iter::empty()), // default options always make a batch
    }
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

/// The `docfacts-compare/1` report of `b` against `a`. Each side is a path (a document, or a
/// `.jsonl`/`.json` file of records, `FILE.jsonl#ID` to pick one) or a record dict.
#[pyfunction]
fn compare(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<String> {
    let (a, b) = (SideSpec::of(a)?, SideSpec::of(b)?);
    let json = py.detach(move || {
        let pipeline = Pipeline::builder().max_bytes(MAX_BYTES).build();
        let (a, b) = (a.load(&pipeline)?, b.load(&pipeline)?);
        let report = compare_records(a.input(), b.input(), &CompareOptions::default());
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
                checked(record)
            }
            SideSpec::Path(path) => {
                load_side(&path, pipeline).map_err(|e| Problem::new(e.kind(), e.to_string()))
            }
        }
    }
}

/// A record that can be compared (not an error record), with its source text when found.
fn checked(record: Record) -> Result<Side, Problem> {
    if let Some(err) = &record.error {
        return Err(Problem::new(
            err.kind,
            format!("record {}: {}", record.id, err.message),
        ));
    }
    let text = source_text(&record, Path::new(""), MAX_BYTES);
    Ok(Side { record, text })
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

//! What `compare` compares: a side read from a document or from a JSON Lines file of records
//! (`FILE.jsonl#ID` picks one), and the pairs of a batch (a `--pairs` file of `A<TAB>B` lines, or
//! the files of a folder paired by language suffix).
//!
//! ```
//! use docfacts::compare_input::load_side;
//! let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/");
//! let pipeline = docfacts::Pipeline::builder().build();
//! let a = load_side(format!("{corpus}000_3187132911dab52c.txt").as_ref(), &pipeline)?;
//! let b = load_side(format!("{corpus}002_d7b4e3e46368bda5.txt").as_ref(), &pipeline)?;
//! let report = docfacts::compare(a.input(), b.input(), &Default::default());
//! assert!(!report.matched.is_empty());
//! # Ok::<(), docfacts::compare_input::InputError>(())
//! ```

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use docfacts_compare::CompareInput;
use docfacts_ingest::{IngestError, IngestOptions, discover, read};
use docfacts_pipeline::Pipeline;
use docfacts_types::{ErrorKind, Lang, Record, SCHEMA, SourceFormat};

/// A compared side: its record and, when found, its source text.
#[derive(Clone, Debug)]
pub struct Side {
    /// The record.
    pub record: Record,
    /// The source text its offsets point into, when it could be read.
    pub text: Option<String>,
}

impl Side {
    /// The side as [`crate::compare`] takes it.
    pub fn input(&self) -> CompareInput<'_> {
        CompareInput {
            record: &self.record,
            text: self.text.as_deref(),
        }
    }
}

/// Why an input of `compare` cannot be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum InputError {
    /// A file could not be read.
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A file (JSON Lines of records, a pairs file) holds more than the limit.
    TooLarge {
        /// The file.
        path: String,
        /// The limit in bytes (`--max-bytes`).
        limit: u64,
    },
    /// A line of a JSON Lines file of records is not a record.
    NotARecord {
        /// `file:line`.
        at: String,
        /// Why.
        source: serde_json::Error,
    },
    /// A JSON Lines file has no record of the id asked for.
    NoRecord {
        /// The file.
        path: String,
        /// The id.
        id: String,
    },
    /// The record read is an error record, or the document gave one.
    ErrorRecord {
        /// The file and, for a record file, the record's id.
        what: String,
        /// The record's error kind.
        kind: ErrorKind,
        /// The record's error message.
        message: String,
    },
    /// A path that holds several documents (a folder, an archive), or none.
    NotOneDocument {
        /// The path.
        path: String,
        /// How many documents it holds.
        found: usize,
    },
    /// A document that could not be read.
    Unreadable {
        /// The path.
        path: String,
        /// Why.
        source: IngestError,
    },
    /// A PDF without a readable word: nothing to compare is an unreadable input, not a
    /// translation that drops every fact.
    NoPdfText {
        /// The PDF.
        path: String,
        /// The reader's warnings.
        warnings: Vec<String>,
    },
    /// A line of a pairs file that is not `A<TAB>B` in UTF-8.
    BadPair {
        /// `file:line`.
        at: String,
        /// What is wrong.
        what: &'static str,
    },
    /// `--dir` names no folder.
    NotADirectory(String),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Io { path, source } => write!(f, "cannot read {path}: {source}"),
            InputError::TooLarge { path, limit } => {
                write!(f, "{path}: larger than --max-bytes ({limit} bytes)")
            }
            InputError::NotARecord { at, source } => {
                write!(f, "{at}: not a docfacts record: {source}")
            }
            InputError::NoRecord { path, id } => write!(f, "{path}: no record {id}"),
            InputError::ErrorRecord { what, message, .. } => write!(f, "{what}: {message}"),
            InputError::NotOneDocument { path, found } => {
                write!(f, "{path}: expected one document, found {found}")
            }
            InputError::Unreadable { path, source } => write!(f, "{path}: {source}"),
            InputError::NoPdfText { path, warnings } => {
                write!(f, "{path}: no text could be read from the PDF")?;
                if !warnings.is_empty() {
                    write!(f, " ({})", warnings.join("; "))?;
                }
                Ok(())
            }
            InputError::BadPair { at, what } => write!(f, "{at}: {what}"),
            InputError::NotADirectory(path) => write!(f, "{path}: not a directory"),
        }
    }
}

impl InputError {
    /// The contract's error kind that fits (`io`, `too_large`, `malformed`, `empty` for a PDF
    /// without text, the record's own kind for an error record).
    pub fn kind(&self) -> ErrorKind {
        match self {
            InputError::Io { .. }
            | InputError::NotOneDocument { .. }
            | InputError::NotADirectory(_) => ErrorKind::Io,
            InputError::TooLarge { .. } => ErrorKind::TooLarge,
            InputError::NotARecord { .. }
            | InputError::NoRecord { .. }
            | InputError::BadPair { .. } => ErrorKind::Malformed,
            InputError::ErrorRecord { kind, .. } => *kind,
            InputError::Unreadable { source, .. } => source.kind(),
            InputError::NoPdfText { .. } => ErrorKind::Empty,
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io { source, .. } => Some(source),
            InputError::NotARecord { source, .. } => Some(source),
            InputError::Unreadable { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Reads one side: a JSON Lines file of records (detected by its first line; `FILE#ID` picks a
/// record) or a document, read and extracted by `pipeline` (its `max_bytes` limits both).
///
/// # Errors
/// See [`InputError`]: an unreadable file, an error record, a path of several documents, a PDF
/// without text.
pub fn load_side(path: &Path, pipeline: &Pipeline) -> Result<Side, InputError> {
    let (file, wanted) = split_selector(path);
    let limit = pipeline.ingest_options().max_bytes;
    if let Some(record) = read_record(&file, wanted.as_deref(), limit)? {
        if let Some(err) = &record.error {
            return Err(InputError::ErrorRecord {
                what: format!("{}: record {}", file.display(), record.id),
                kind: err.kind,
                message: err.message.clone(),
            });
        }
        let text = source_text(&record, &file, limit);
        return Ok(Side { record, text });
    }
    let inputs =
        discover(std::slice::from_ref(&file)).map_err(|source| InputError::Unreadable {
            path: file.display().to_string(),
            source,
        })?;
    let [input] = inputs.as_slice() else {
        return Err(InputError::NotOneDocument {
            path: file.display().to_string(),
            found: inputs.len(),
        });
    };
    let doc = read(input, pipeline.ingest_options()).map_err(|source| InputError::Unreadable {
        path: input.display.clone(),
        source,
    })?;
    if doc.source.format == SourceFormat::Pdf && doc.text.trim().is_empty() {
        return Err(InputError::NoPdfText {
            path: input.display.clone(),
            warnings: doc.warnings,
        });
    }
    let text = doc.text.clone();
    let record = pipeline.analyze(&input.id, doc);
    if let Some(err) = &record.error {
        return Err(InputError::ErrorRecord {
            what: input.display.clone(),
            kind: err.kind,
            message: err.message.clone(),
        });
    }
    Ok(Side {
        record,
        text: Some(text),
    })
}

/// `out.jsonl#003_61c3` → (`out.jsonl`, `003_61c3`) when the whole path does not exist.
pub fn split_selector(path: &Path) -> (PathBuf, Option<String>) {
    if !path.exists()
        && let Some((file, id)) = path.to_str().and_then(|s| s.rsplit_once('#'))
    {
        return (PathBuf::from(file), Some(id.to_owned()));
    }
    (path.to_path_buf(), None)
}

/// Lines of a file or of standard input (`-`), read one at a time, at most `limit` bytes in all.
pub struct BoundedLines {
    reader: Box<dyn BufRead + Send>,
    path: String,
    limit: u64,
    left: u64,
    /// Lines read so far (the number of the last one).
    line: usize,
}

impl BoundedLines {
    /// Opens `path` (`-` is standard input).
    ///
    /// # Errors
    /// When the file cannot be opened.
    pub fn open(path: &Path, limit: u64) -> Result<BoundedLines, InputError> {
        let reader: Box<dyn BufRead + Send> = if path == Path::new("-") {
            Box::new(BufReader::new(std::io::stdin()))
        } else {
            Box::new(BufReader::new(File::open(path).map_err(|source| {
                InputError::Io {
                    path: path.display().to_string(),
                    source,
                }
            })?))
        };
        Ok(BoundedLines {
            reader,
            path: path.display().to_string(),
            limit,
            left: limit,
            line: 0,
        })
    }

    /// `file:line` of the last line read.
    pub fn at(&self) -> String {
        format!("{}:{}", self.path, self.line)
    }

    /// The next line without its line break, as bytes; `None` at the end.
    ///
    /// # Errors
    /// A read failure, or more than the limit.
    pub fn next_bytes(&mut self) -> Result<Option<Vec<u8>>, InputError> {
        let mut buf = Vec::new();
        let n = (&mut self.reader)
            .take(self.left.saturating_add(1))
            .read_until(b'\n', &mut buf)
            .map_err(|source| InputError::Io {
                path: self.path.clone(),
                source,
            })?;
        if n == 0 {
            return Ok(None);
        }
        if n as u64 > self.left {
            return Err(InputError::TooLarge {
                path: self.path.clone(),
                limit: self.limit,
            });
        }
        self.left -= n as u64;
        self.line += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        Ok(Some(buf))
    }
}

/// The record `wanted` (else the first) of a `.jsonl`/`.json` file whose first line is a
/// `docfacts/1` record, read a line at a time up to that record; `None` for anything else (then it
/// is read as a document).
///
/// # Errors
/// A line that is not a record, no record of that id, a file over `limit`.
pub fn read_record(
    file: &Path,
    wanted: Option<&str>,
    limit: u64,
) -> Result<Option<Record>, InputError> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("jsonl" | "json"))
        || !std::fs::metadata(file).is_ok_and(|m| m.is_file())
    {
        return Ok(None);
    }
    let Ok(mut lines) = BoundedLines::open(file, limit) else {
        return Ok(None);
    };
    let Some(first) = lines.next_bytes()? else {
        return Ok(None);
    };
    let is_record = serde_json::from_slice::<serde_json::Value>(&first)
        .is_ok_and(|v| v.get("schema").and_then(|s| s.as_str()) == Some(SCHEMA));
    if !is_record {
        return Ok(None);
    }
    let mut line = Some(first);
    while let Some(bytes) = line {
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            let r: Record =
                serde_json::from_slice(&bytes).map_err(|source| InputError::NotARecord {
                    at: format!("{}:{}", file.display(), lines.line),
                    source,
                })?;
            if wanted.is_none_or(|id| r.id == id) {
                return Ok(Some(r));
            }
        }
        line = lines.next_bytes()?;
    }
    Err(InputError::NoRecord {
        path: file.display().to_string(),
        id: wanted.unwrap_or_default().to_owned(),
    })
}

/// The source text of a record from JSON Lines, when its `source.path` names a regular file that
/// can still be read (as given, or beside the JSON Lines file) and every fact's `text` is found at
/// its offsets. A record read from standard input (`-`) has none here: compare's own standard
/// input is not that text, and reading it would wait for input that never comes.
pub fn source_text(record: &Record, jsonl: &Path, limit: u64) -> Option<String> {
    if record.source.path.is_empty() || record.source.path == "-" {
        return None;
    }
    let given = PathBuf::from(&record.source.path);
    let beside = jsonl.parent().map(|d| d.join(&given));
    let mut options = IngestOptions::default();
    options.max_bytes = limit;
    for path in std::iter::once(given.clone()).chain(beside) {
        // a FIFO or a device would block, or be another text than the one that was read
        if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let Ok(inputs) = discover(std::slice::from_ref(&path)) else {
            continue;
        };
        let Some(input) = inputs.first() else {
            continue;
        };
        let Ok(doc) = read(input, &options) else {
            continue;
        };
        let fits = |t: &str, s: usize, e: usize| doc.text.get(s..e) == Some(t);
        if record.facts().all(|f| fits(f.text(), f.start(), f.end())) {
            return Some(doc.text);
        }
    }
    None
}

/// The pairs of a `--pairs` file, read a line at a time: lines `A<TAB>B`; blank lines and `#`
/// comments skipped; relative paths from the file's directory (standard input: the current one).
pub struct PairsFile {
    lines: BoundedLines,
    base: PathBuf,
}

impl PairsFile {
    /// Opens a pairs file (`-`: standard input) of at most `limit` bytes.
    ///
    /// # Errors
    /// When it cannot be opened.
    pub fn open(file: &Path, limit: u64) -> Result<PairsFile, InputError> {
        let lines = BoundedLines::open(file, limit)?;
        let base = if file == Path::new("-") {
            PathBuf::from(".")
        } else {
            file.parent().unwrap_or(Path::new(".")).to_path_buf()
        };
        Ok(PairsFile { lines, base })
    }
}

impl Iterator for PairsFile {
    type Item = Result<(PathBuf, PathBuf), InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let bytes = match self.lines.next_bytes() {
                Ok(Some(bytes)) => bytes,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            let at = self.lines.at();
            let Ok(line) = String::from_utf8(bytes) else {
                return Some(Err(InputError::BadPair {
                    at,
                    what: "not UTF-8",
                }));
            };
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((a, b)) = line.split_once('\t') else {
                return Some(Err(InputError::BadPair {
                    at,
                    what: "expected A<TAB>B",
                }));
            };
            return Some(Ok((self.base.join(a.trim()), self.base.join(b.trim()))));
        }
    }
}

/// Groups the files under `dir` by name without the language suffix: `x/report.vi.txt` and
/// `x/report.en.txt` share `x/report`. Each group yields every two of its languages.
///
/// # Errors
/// When `dir` is no folder, or cannot be listed.
pub fn dir_pairs(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, InputError> {
    if !dir.is_dir() {
        return Err(InputError::NotADirectory(dir.display().to_string()));
    }
    let order = [Lang::Vi, Lang::En, Lang::Fa];
    let mut groups: BTreeMap<PathBuf, Vec<(usize, PathBuf)>> = BTreeMap::new();
    let inputs = discover(&[dir.to_path_buf()]).map_err(|source| InputError::Unreadable {
        path: dir.display().to_string(),
        source,
    })?;
    for input in inputs {
        let path = PathBuf::from(&input.display);
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let (base, lang) = match stem.rsplit_once('.') {
            Some((base, code)) => (base, Lang::from_code(code)),
            None => (stem, None),
        };
        let Some(rank) = lang.and_then(|l| order.iter().position(|o| *o == l)) else {
            continue;
        };
        let key = path.with_file_name(base);
        groups.entry(key).or_default().push((rank, path));
    }
    let mut pairs = Vec::new();
    for (_, mut members) in groups {
        members.sort();
        for (i, (_, a)) in members.iter().enumerate() {
            for (_, b) in members.iter().skip(i + 1) {
                pairs.push((a.clone(), b.clone()));
            }
        }
    }
    Ok(pairs)
}

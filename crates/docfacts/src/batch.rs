//! A batch of paths: listed (lazily where it can be), archives opened, filters applied, and the
//! summary of what came out.
//!
//! ```
//! use docfacts::batch::{Batch, BatchOptions};
//! use docfacts::{OwnOutputs, Pipeline};
//! let mut batch = Batch::new(&BatchOptions::default())?;
//! let corpus = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus"));
//! let (inputs, _count) = batch.prepare_listing(&[corpus], 64 << 20, 2, OwnOutputs::none());
//! let stats = Pipeline::builder().dedup(true).build().run_ordered(inputs, 2, |record| record, |record| {
//!     batch.observe(&docfacts::batch::Observed::of(&record));
//!     std::ops::ControlFlow::Continue(())
//! });
//! let summary = batch.finish(stats.analysed);
//! assert_eq!(summary.documents, 5);
//! assert!(summary.sentence().starts_with("5 documents: 5 ok"));
//! # Ok::<(), docfacts::batch::BatchError>(())
//! ```

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use docfacts_archive::{ArchiveLimits, expand};
use docfacts_ingest::{Input, InputOrigin, Listing, OwnOutputs};
use docfacts_types::Record;
use serde::Serialize;

/// What a batch reads and leaves out (the CLI's `--include`, `--exclude`, `--formats` and
/// archive limits).
#[derive(Clone, Debug)]
pub struct BatchOptions {
    /// Only inputs whose path matches one of these globs (archive members as
    /// `container!/member/path`; `*` crosses `/`); none: every input.
    pub include: Vec<String>,
    /// Inputs whose path matches one of these globs are left out (listed as skipped).
    pub exclude: Vec<String>,
    /// Only these formats, by content (`txt`, `pdf`); none: every format.
    pub formats: Vec<String>,
    /// The members of one archive may hold at most this many bytes together (uncompressed).
    pub max_archive_bytes: u64,
    /// A zip member over 1 MiB expanding more than this many times its compressed size is refused.
    pub max_archive_ratio: u64,
}

impl Default for BatchOptions {
    fn default() -> BatchOptions {
        let limits = ArchiveLimits::default();
        BatchOptions {
            include: Vec::new(),
            exclude: Vec::new(),
            formats: Vec::new(),
            max_archive_bytes: limits.max_total_bytes,
            max_archive_ratio: limits.max_ratio,
        }
    }
}

/// Why a batch cannot start.
#[derive(Debug)]
#[non_exhaustive]
pub enum BatchError {
    /// A glob of `include` or `exclude` does not parse.
    Glob {
        /// The pattern as given.
        pattern: String,
        /// What is wrong with it.
        source: globset::Error,
    },
    /// A format of `formats` is not `txt` or `pdf`.
    UnknownFormat(String),
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BatchError::Glob { pattern, source } => write!(f, "bad glob {pattern:?}: {source}"),
            BatchError::UnknownFormat(format) => {
                write!(
                    f,
                    "unknown format {format:?} in --formats (expected txt, pdf)"
                )
            }
        }
    }
}

impl std::error::Error for BatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BatchError::Glob { source, .. } => Some(source),
            BatchError::UnknownFormat(_) => None,
        }
    }
}

/// An input left out, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Skipped {
    /// Its path.
    pub path: String,
    /// Why (`not matched by --include`, `format pdf not in --formats`).
    pub reason: String,
}

/// What a batch read and gave: the CLI's `--summary FILE` (JSON) and closing sentence.
#[derive(Clone, Debug, Default, Serialize)]
#[allow(missing_docs)] // the counts are named for what they count
pub struct Summary {
    /// Paths found on disk or stdin, before archives are opened.
    pub inputs_seen: usize,
    /// Containers opened (nested ones included).
    pub archives: usize,
    /// Inputs that came out of archives (error members included).
    pub archive_members: usize,
    /// Records written.
    pub documents: usize,
    pub ok: usize,
    pub error: usize,
    /// `ok` records whose content repeats an earlier document (`duplicate_of`); counted in `ok` too.
    pub duplicate: usize,
    /// Documents decoded and analysed: duplicates are not (each content is analysed once).
    pub analysed: usize,
    pub skipped: usize,
    pub skipped_inputs: Vec<Skipped>,
    /// `vi/diacritics`, `vi/unaccented`, `en`, `fa`, … over `ok` records that are not duplicates.
    pub by_language: BTreeMap<String, usize>,
    /// Error records by `error.kind`.
    pub by_error_kind: BTreeMap<String, usize>,
    /// Facts by type, over all records (duplicates have none).
    pub facts: BTreeMap<&'static str, usize>,
    /// Bytes of the documents read (members' uncompressed bytes).
    pub bytes: u64,
    pub wall_seconds: f64,
    pub mb_per_s: f64,
}

/// The state of one batch: filters, archive limits, and the running summary.
pub struct Batch {
    filters: Filters,
    limits: ArchiveLimits,
    summary: Summary,
    /// Inputs the filters left out while a listing streamed ([`Batch::prepare_listing`]).
    streamed_skips: Rc<RefCell<Vec<Skipped>>>,
    started: std::time::Instant,
}

/// What the summary counts of one record, taken where the record is made (a worker thread), so
/// that the record itself need not travel to the thread that writes.
pub struct Observed {
    bytes: u64,
    ok: bool,
    duplicate: bool,
    /// `vi/unaccented`, for an `ok` record that is not a duplicate.
    language: Option<String>,
    /// The error kind's name, for an error record.
    error_kind: Option<String>,
    /// `path: message`, for an error record.
    pub error: Option<String>,
    /// Dates, document numbers, figures.
    facts: [usize; 3],
}

impl Observed {
    /// What the summary counts of `record` (take it where the record is made).
    pub fn of(record: &Record) -> Observed {
        let name =
            |value: Option<serde_json::Value>| value.and_then(|v| v.as_str().map(str::to_owned));
        let ok = record.is_ok();
        let language = (ok && record.duplicate_of.is_none()).then(|| {
            let code = record.language.code.code();
            match name(
                record
                    .language
                    .variant
                    .and_then(|v| serde_json::to_value(v).ok()),
            ) {
                Some(variant) => format!("{code}/{variant}"),
                None => code.to_owned(),
            }
        });
        let error_kind = match &record.error {
            Some(e) if !ok => Some(name(serde_json::to_value(e.kind).ok()).unwrap_or_default()),
            _ => None,
        };
        Observed {
            bytes: record.source.bytes,
            ok,
            duplicate: ok && record.duplicate_of.is_some(),
            language,
            error_kind,
            error: record
                .error
                .as_ref()
                .map(|e| format!("{}: {}", record.source.path, e.message)),
            facts: [
                record.dates.len(),
                record.doc_refs.len(),
                record.figures.len(),
            ],
        }
    }
}

/// `--include`, `--exclude` and `--formats`.
#[derive(Clone)]
struct Filters {
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
    formats: Vec<String>,
}

fn globs(patterns: &[String]) -> Result<Option<globset::GlobSet>, BatchError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let bad = |pattern: &str| {
        let pattern = pattern.to_owned();
        move |source| BatchError::Glob { pattern, source }
    };
    let mut set = globset::GlobSetBuilder::new();
    for p in patterns {
        set.add(globset::Glob::new(p).map_err(bad(p))?);
    }
    set.build().map(Some).map_err(bad(&patterns.join(" ")))
}

impl Batch {
    /// A batch with these options.
    ///
    /// # Errors
    /// A glob that does not parse, a format that is not `txt` or `pdf`.
    pub fn new(args: &BatchOptions) -> Result<Batch, BatchError> {
        if let Some(f) = args
            .formats
            .iter()
            .find(|f| !matches!(f.as_str(), "txt" | "pdf"))
        {
            return Err(BatchError::UnknownFormat(f.clone()));
        }
        Ok(Batch {
            filters: Filters {
                include: globs(&args.include)?,
                exclude: globs(&args.exclude)?,
                formats: args.formats.clone(),
            },
            streamed_skips: Rc::default(),
            limits: ArchiveLimits {
                max_total_bytes: args.max_archive_bytes,
                max_ratio: args.max_archive_ratio,
                ..ArchiveLimits::default()
            },
            summary: Summary::default(),
            started: std::time::Instant::now(),
        })
    }

    /// The inputs of `paths`, archives opened and filters applied, and how many there are
    /// (before the filters when they stream). Without a container among them (the usual archive
    /// of files) they stream: each is listed when the run takes it, so memory does not grow with
    /// the number of files. A container gives its members ids that depend on every other id, so
    /// then the whole listing is built first ([`Batch::prepare`]). The listing's first walk looks
    /// for containers: files' first bytes are read on `threads` threads, a chunk of files at a
    /// time, until one is a container.
    pub fn prepare_listing(
        &mut self,
        paths: &[PathBuf],
        max_bytes: u64,
        threads: usize,
        outputs: OwnOutputs,
    ) -> (Box<dyn Iterator<Item = Input>>, usize) {
        let mut sniffer = ContainerSniffer::new(threads);
        let listing = Listing::inspecting(paths, outputs, |input| sniffer.add(input));
        let any_container = sniffer.finish();
        if any_container {
            let inputs = self.prepare(listing.inputs().collect(), max_bytes);
            let count = inputs.len();
            return (Box::new(inputs.into_iter()), count);
        }
        self.summary.inputs_seen = listing.len();
        let filters = self.filters.clone();
        let skips = Rc::clone(&self.streamed_skips);
        let count = listing.len();
        let inputs =
            listing
                .into_inputs()
                .filter(move |input| match filters.reason_to_skip(input) {
                    Some(reason) => {
                        skips.borrow_mut().push(Skipped {
                            path: input.display.clone(),
                            reason,
                        });
                        false
                    }
                    None => true,
                });
        (Box::new(inputs), count)
    }

    /// Opens archives (members are limited by `max_bytes` each) and applies the filters.
    pub fn prepare(&mut self, inputs: Vec<Input>, max_bytes: u64) -> Vec<Input> {
        self.summary.inputs_seen = inputs.len();
        let limits = ArchiveLimits {
            max_member_bytes: max_bytes,
            ..self.limits.clone()
        };
        let expanded = expand(inputs, &limits);
        self.summary.archives = expanded.containers;
        self.summary.archive_members = expanded.members;
        let mut inputs = expanded.inputs;
        let mut skipped = Vec::new();
        inputs.retain(|input| match self.filters.reason_to_skip(input) {
            Some(reason) => {
                skipped.push(Skipped {
                    path: input.display.clone(),
                    reason,
                });
                false
            }
            None => true,
        });
        self.summary.skipped_inputs.extend(skipped);
        self.summary.skipped = self.summary.skipped_inputs.len();
        inputs
    }

    /// Counts a record (duplicates are marked by the pipeline, before analysis).
    pub fn observe(&mut self, record: &Observed) {
        let s = &mut self.summary;
        s.documents += 1;
        s.bytes += record.bytes;
        if record.ok {
            s.ok += 1;
            if record.duplicate {
                s.duplicate += 1;
            }
        } else {
            s.error += 1;
        }
        if let Some(lang) = &record.language {
            *s.by_language.entry(lang.clone()).or_default() += 1;
        }
        if let Some(kind) = &record.error_kind {
            *s.by_error_kind.entry(kind.clone()).or_default() += 1;
        }
        let [dates, doc_refs, figures] = record.facts;
        *s.facts.entry("dates").or_default() += dates;
        *s.facts.entry("doc_refs").or_default() += doc_refs;
        *s.facts.entry("figures").or_default() += figures;
    }

    /// The summary of the batch, `analysed` documents analysed (the run's count). The wall time
    /// runs from [`Batch::new`], so it includes opening archives.
    pub fn finish(&mut self, analysed: usize) -> Summary {
        let secs = self.started.elapsed().as_secs_f64();
        let s = &mut self.summary;
        s.skipped_inputs
            .extend(self.streamed_skips.borrow_mut().drain(..));
        s.skipped = s.skipped_inputs.len();
        s.analysed = analysed;
        s.wall_seconds = secs;
        s.mb_per_s = if secs > 0.0 {
            s.bytes as f64 / 1e6 / secs
        } else {
            0.0
        };
        s.clone()
    }
}

impl Summary {
    /// The closing sentence the CLI writes on stderr.
    pub fn sentence(&self) -> String {
        let s = self;
        let facts: usize = s.facts.values().sum();
        format!(
            "{} documents: {} ok, {} errors, {} duplicates, {} skipped; {facts} facts ({} dates, {} doc refs, {} figures) from {} inputs ({} archives, {} members) in {:.2} s, {:.1} MB/s",
            s.documents,
            s.ok,
            s.error,
            s.duplicate,
            s.skipped,
            s.facts.get("dates").copied().unwrap_or(0),
            s.facts.get("doc_refs").copied().unwrap_or(0),
            s.facts.get("figures").copied().unwrap_or(0),
            s.inputs_seen,
            s.archives,
            s.archive_members,
            s.wall_seconds,
            s.mb_per_s,
        )
    }
}

impl Filters {
    fn reason_to_skip(&self, input: &Input) -> Option<String> {
        let path = input.display.as_str();
        if let Some(set) = &self.include
            && !set.is_match(path)
        {
            return Some("not matched by --include".to_owned());
        }
        if let Some(set) = &self.exclude
            && set.is_match(path)
        {
            return Some("matched by --exclude".to_owned());
        }
        if self.formats.is_empty() || input.listing_error.is_some() {
            return None;
        }
        let format = match &input.origin {
            InputOrigin::File(p) => {
                let Ok(head) = read_head(p, 1024) else {
                    return None; // the read error becomes its record
                };
                sniff_format(&head)
            }
            InputOrigin::Memory(bytes) => sniff_format(bytes.get(..1024).unwrap_or(bytes)),
            InputOrigin::Member(member) => match member.head(1024) {
                Ok(head) => sniff_format(&head),
                Err(_) => return None, // the read error becomes its record
            },
            InputOrigin::Stdin => return None,
        };
        if self.formats.iter().any(|f| f == format) {
            None
        } else {
            Some(format!("format {format} not in --formats"))
        }
    }
}

/// Whether `input` is a file whose first bytes show a container (zip, tar, tar.gz).
/// Whether any listed file is a container (by its first bytes), found a chunk of files at a
/// time on a few threads: opening every file of a large archive one by one would hold up the run.
struct ContainerSniffer {
    threads: usize,
    chunk: Vec<PathBuf>,
    found: bool,
}

impl ContainerSniffer {
    /// Files read together: enough to keep the threads busy, few enough to stop soon after a find.
    const CHUNK: usize = 1024;

    fn new(threads: usize) -> ContainerSniffer {
        ContainerSniffer {
            threads: threads.max(1),
            chunk: Vec::with_capacity(ContainerSniffer::CHUNK),
            found: false,
        }
    }

    fn add(&mut self, input: &Input) {
        if self.found || input.listing_error.is_some() {
            return;
        }
        if let InputOrigin::File(path) = &input.origin {
            self.chunk.push(path.clone());
            if self.chunk.len() >= ContainerSniffer::CHUNK {
                self.sniff_chunk();
            }
        }
    }

    /// Whether a file of the chunk is a container: its files split among scoped threads.
    fn sniff_chunk(&mut self) {
        let per_thread = self.chunk.len().div_ceil(self.threads).max(1);
        let chunk = &self.chunk;
        self.found |= std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .chunks(per_thread)
                .map(|part| scope.spawn(move || part.iter().any(|path| is_container(path))))
                .collect();
            handles.into_iter().any(|h| h.join().unwrap_or(false))
        });
        self.chunk.clear();
    }

    fn finish(mut self) -> bool {
        if !self.found && !self.chunk.is_empty() {
            self.sniff_chunk();
        }
        self.found
    }
}

fn is_container(path: &Path) -> bool {
    read_head(path, 4096).is_ok_and(|head| docfacts_archive::sniff(&head).is_some())
}

/// The first `len` bytes of a regular file (fewer if it is shorter). A pipe is never sniffed:
/// its bytes can be read only once, by the worker that reads the document.
fn read_head(path: &Path, len: u64) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut head = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    std::fs::File::open(path)?
        .take(len)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// `pdf` for `%PDF-` in the first KiB, `other` for recognisable binary data, else `txt`.
fn sniff_format(head: &[u8]) -> &'static str {
    if head.windows(5).any(|w| w == b"%PDF-") {
        return "pdf";
    }
    let utf16_bom = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    let nuls = head.iter().filter(|&&b| b == 0).count();
    // UTF-16 text without a BOM is about half NULs; binary data has some, text none.
    if !utf16_bom && nuls > 0 && nuls * 4 < head.len() {
        return "other";
    }
    const MAGIC: [&[u8]; 6] = [
        b"\x89PNG",
        b"\xff\xd8\xff",
        b"GIF8",
        b"\x7fELF",
        b"\xd0\xcf\x11\xe0",
        b"\x1f\x8b",
    ];
    if MAGIC.iter().any(|m| head.starts_with(m)) {
        return "other";
    }
    "txt"
}

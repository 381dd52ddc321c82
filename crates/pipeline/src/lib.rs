//! The docfacts facade: runs ingest → normalize → detect → extract on one document
//! ([`Pipeline::run`]) or on many in parallel with records in input order ([`Pipeline::run_ordered`]).
//!
//! Every input yields exactly one [`Record`]: a document that cannot be read, or whose analysis
//! panics, becomes an error record, and the batch goes on.
//!
//! ```no_run
//! use docfacts_pipeline::Pipeline;
//! let pipeline = Pipeline::builder().build();
//! let inputs = docfacts_ingest::discover(&["corpus".into()])?;
//! pipeline.run_ordered(inputs, 2, |record| record, |record| {
//!     println!("{} {:?}", record.id, record.status);
//!     std::ops::ControlFlow::Continue(())
//! });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use docfacts_extract::{Analyzed, extract};
use docfacts_ingest::{Document, IngestError, IngestOptions, Input, Loaded, decode, load, read};
use docfacts_normalize::View;
use docfacts_types::{ErrorInfo, ErrorKind, Lang, Record, SCHEMA, Source, Variant};

/// A frozen, shareable configuration of the whole pipeline.
#[derive(Clone, Debug, Default)]
pub struct Pipeline {
    ingest: IngestOptions,
    forced_lang: Option<Lang>,
    dedup: bool,
}

/// What [`Pipeline::run_ordered`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Records emitted.
    pub documents: usize,
    /// Documents decoded and analysed (duplicates are not, when deduplicating).
    pub analysed: usize,
    /// Records marked `duplicate_of` an earlier document.
    pub duplicates: usize,
}

/// Bytes read ahead (for hashing) that a batch keeps for analysis; past this, bytes are dropped
/// after hashing and read again when analysed.
const READ_AHEAD_BYTES: u64 = 256 * 1024 * 1024;

/// Builds a [`Pipeline`].
#[derive(Clone, Debug, Default)]
pub struct PipelineBuilder {
    pipeline: Pipeline,
}

impl PipelineBuilder {
    /// Refuses inputs larger than `bytes`.
    pub fn max_bytes(mut self, bytes: u64) -> PipelineBuilder {
        self.pipeline.ingest.max_bytes = bytes;
        self
    }

    /// How PDF inputs are isolated (worker executable, time and memory limits).
    pub fn pdf_options(mut self, pdf: docfacts_ingest::PdfOptions) -> PipelineBuilder {
        self.pipeline.ingest.pdf = pdf;
        self
    }

    /// Skips detection and treats every document as `lang`.
    pub fn force_lang(mut self, lang: Option<Lang>) -> PipelineBuilder {
        self.pipeline.forced_lang = lang;
        self
    }

    /// Reports documents whose bytes (SHA-256) repeat an earlier input's once: later occurrences
    /// are not analysed; their record is the first one's with `duplicate_of` set and no facts.
    pub fn dedup(mut self, on: bool) -> PipelineBuilder {
        self.pipeline.dedup = on;
        self
    }

    /// Freezes the configuration.
    pub fn build(self) -> Pipeline {
        self.pipeline
    }
}

impl Pipeline {
    /// A builder with the default options.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The ingest options in force.
    pub fn ingest_options(&self) -> &IngestOptions {
        &self.ingest
    }

    /// Reads and analyses one input. Never fails and never panics: problems become error records.
    pub fn run(&self, input: &Input) -> Record {
        self.guarded(input, || match read(input, &self.ingest) {
            Ok(doc) => self.analyze(&input.id, doc),
            Err(err) => error_record(input, &err),
        })
    }

    /// Runs `f`, turning a panic into an internal error record for `input`.
    fn guarded(&self, input: &Input, f: impl FnOnce() -> Record) -> Record {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Record::error(
                input.id.clone(),
                Source {
                    path: input.display.clone(),
                    ..Source::default()
                },
                ErrorInfo {
                    kind: ErrorKind::Internal,
                    message: format!("internal error, contained: {what}"),
                },
            )
        })
    }

    /// Decodes and analyses bytes already loaded (or reads the input again when they were not
    /// kept), counting the analysis.
    fn run_loaded(&self, input: &Input, loaded: Option<Loaded>, analysed: &AtomicUsize) -> Record {
        analysed.fetch_add(1, Ordering::Relaxed);
        self.guarded(input, || {
            let doc = match loaded {
                Some(loaded) => decode(loaded, &self.ingest),
                None => read(input, &self.ingest),
            };
            match doc {
                Ok(doc) => self.analyze(&input.id, doc),
                Err(err) => error_record(input, &err),
            }
        })
    }

    /// The matching view of `text` and the language it was built for: the base view, then, for
    /// Vietnamese detected as unaccented (typically OCR without a Vietnamese model), the view that
    /// also folds that engine's confusions (see `docs/ocr.md`).
    fn view_for(&self, text: &str) -> (View, docfacts_detect::Detection, Lang, Option<Variant>) {
        let view = View::new(text);
        let detection = docfacts_detect::detect(text, &view);
        let (lang, variant) = match self.forced_lang {
            Some(lang) if lang != detection.lang => (lang, None),
            _ => (detection.lang, detection.variant),
        };
        let view = if lang == Lang::Vi && variant == Some(Variant::Unaccented) {
            view.ocr_folded()
        } else {
            view
        };
        (view, detection, lang, variant)
    }

    /// The matching view the extractors read for `text` (`docfacts text --normalized`): folded,
    /// whitespace-collapsed, OCR-repaired where the text is unaccented Vietnamese.
    pub fn normalized_text(&self, text: &str) -> String {
        self.view_for(text).0.text().to_owned()
    }

    /// Analyses a decoded document.
    pub fn analyze(&self, id: &str, doc: Document) -> Record {
        let (view, detection, lang, variant) = self.view_for(&doc.text);
        let facts = extract(&Analyzed {
            source: &doc.text,
            view: &view,
            lang,
            variant,
        });
        let mut language = detection.to_language();
        language.code = lang;
        language.variant = variant;
        let mut record = Record {
            schema: SCHEMA.to_owned(),
            id: id.to_owned(),
            source: doc.source,
            status: docfacts_types::Status::Ok,
            error: None,
            language,
            dates: facts.dates,
            doc_refs: facts.doc_refs,
            figures: facts.figures,
            warnings: doc.warnings,
            duplicate_of: None,
        };
        if let Some(starts) = &doc.page_starts {
            assign_pages(&mut record, starts);
        }
        record
    }

    /// Runs every input on `threads` worker threads and hands the results to `emit` in input order.
    ///
    /// `inputs` is consumed a batch at a time (a few inputs per thread), so it may be a lazy
    /// iterator. `map` runs on the workers (serialize there); `emit` runs on the calling thread
    /// and may stop the run early by returning `Break` (a closed pipe). Memory follows the
    /// documents in flight, not the size of the batch.
    ///
    /// With [`PipelineBuilder::dedup`], each batch is first read and hashed in parallel; inputs
    /// whose bytes repeat an earlier input (in input order, so the result does not depend on
    /// `threads`) are not analysed: their record is the first occurrence's, with `duplicate_of`
    /// naming it and no facts. Where the first occurrence is an error record, a later one is
    /// analysed after all.
    pub fn run_ordered<T: Send>(
        &self,
        inputs: impl IntoIterator<Item = Input>,
        threads: usize,
        map: impl Fn(Record) -> T + Sync,
        mut emit: impl FnMut(T) -> ControlFlow<()>,
    ) -> RunStats {
        let threads = threads.max(1);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
        let chunk = threads * 8;
        let analysed = AtomicUsize::new(0);
        let mut stats = RunStats::default();
        // First occurrence of each content: its record without facts, or `None` for an error.
        let mut firsts: HashMap<String, Option<Record>> = HashMap::new();
        let mut inputs = inputs.into_iter();
        loop {
            let batch: Vec<Input> = inputs.by_ref().take(chunk).collect();
            if batch.is_empty() {
                break;
            }
            // What to do with each input: analyse (with its bytes if kept), copy, or report.
            let mut plans: Vec<Plan> = if self.dedup {
                let budget = AtomicU64::new(0);
                let mut pre: Vec<Plan> = Vec::new();
                let loaded: Vec<Plan> = match &pool {
                    Ok(pool) => {
                        use rayon::prelude::*;
                        pool.install(|| {
                            batch.par_iter().map(|i| self.preload(i, &budget)).collect()
                        })
                    }
                    Err(_) => batch.iter().map(|i| self.preload(i, &budget)).collect(),
                };
                // Decide duplicates in input order.
                let mut in_batch: HashMap<String, ()> = HashMap::new();
                for plan in loaded {
                    let plan = match plan {
                        Plan::Analyse(Some(hash), loaded) => {
                            if firsts.contains_key(&hash) || in_batch.contains_key(&hash) {
                                Plan::Duplicate(hash)
                            } else {
                                in_batch.insert(hash.clone(), ());
                                Plan::Analyse(Some(hash), loaded)
                            }
                        }
                        other => other,
                    };
                    pre.push(plan);
                }
                pre
            } else {
                batch.iter().map(|_| Plan::Analyse(None, None)).collect()
            };
            let work = |(input, plan): (&Input, &mut Plan)| -> Option<(Option<Record>, T)> {
                match std::mem::replace(plan, Plan::Duplicate(String::new())) {
                    Plan::Analyse(hash, loaded) => {
                        let record = self.run_loaded(input, loaded, &analysed);
                        let template = hash.as_ref().map(|_| template_of(&record));
                        *plan = Plan::Analyse(hash, None);
                        Some((template.flatten(), map(record)))
                    }
                    Plan::Failed(record) => Some((None, map(*record))),
                    Plan::Duplicate(hash) => {
                        *plan = Plan::Duplicate(hash);
                        None
                    }
                }
            };
            let results: Vec<Option<(Option<Record>, T)>> = match &pool {
                Ok(pool) => {
                    use rayon::prelude::*;
                    pool.install(|| {
                        batch
                            .par_iter()
                            .zip(plans.par_iter_mut())
                            .map(work)
                            .collect()
                    })
                }
                Err(_) => batch.iter().zip(plans.iter_mut()).map(work).collect(),
            };
            for ((input, plan), result) in batch.iter().zip(plans).zip(results) {
                let item = match (plan, result) {
                    (Plan::Analyse(Some(hash), _), Some((template, item))) => {
                        firsts.insert(hash, template);
                        item
                    }
                    (_, Some((_, item))) => item,
                    (Plan::Duplicate(hash), None) => {
                        let first = firsts.get(&hash).cloned().flatten();
                        match first {
                            Some(first) => {
                                stats.duplicates += 1;
                                map(duplicate_of(first, input))
                            }
                            None => {
                                // The first occurrence failed: this one is analysed after all.
                                let record = self.run_loaded(input, None, &analysed);
                                if record.is_ok() {
                                    firsts.insert(hash, template_of(&record));
                                }
                                map(record)
                            }
                        }
                    }
                    (_, None) => continue,
                };
                stats.documents += 1;
                if emit(item).is_break() {
                    stats.analysed = analysed.load(Ordering::Relaxed);
                    return stats;
                }
            }
        }
        stats.analysed = analysed.load(Ordering::Relaxed);
        stats
    }

    /// Reads and hashes one input ahead of analysis; keeps its bytes while the batch is under
    /// [`READ_AHEAD_BYTES`].
    fn preload(&self, input: &Input, budget: &AtomicU64) -> Plan {
        let loaded = catch_unwind(AssertUnwindSafe(|| load(input, &self.ingest)));
        match loaded {
            Ok(Ok(loaded)) => {
                let hash = loaded.source.sha256.clone();
                let len = loaded.bytes.len() as u64;
                let kept = budget.fetch_add(len, Ordering::Relaxed).saturating_add(len)
                    <= READ_AHEAD_BYTES;
                Plan::Analyse(hash, kept.then_some(loaded))
            }
            Ok(Err(err)) => Plan::Failed(Box::new(error_record(input, &err))),
            Err(_) => Plan::Analyse(None, None), // analysed (and the panic contained) again
        }
    }
}

/// What the ordered run does with one input of a batch.
enum Plan {
    /// Analyse it (hash known when deduplicating; bytes when kept from hashing).
    Analyse(Option<String>, Option<Loaded>),
    /// Its content repeats an earlier input's (the hash).
    Duplicate(String),
    /// Reading failed: this is its record.
    Failed(Box<Record>),
}

/// The error record for an input that could not be read or decoded.
fn error_record(input: &Input, err: &IngestError) -> Record {
    Record::error(input.id.clone(), err.source_info().clone(), err.to_info())
}

/// What later copies of an `ok` record's content share with it: the record without facts.
fn template_of(record: &Record) -> Option<Record> {
    record.is_ok().then(|| Record {
        schema: record.schema.clone(),
        id: record.id.clone(),
        source: record.source.clone(),
        status: record.status,
        error: record.error.clone(),
        language: record.language.clone(),
        dates: Vec::new(),
        doc_refs: Vec::new(),
        figures: Vec::new(),
        warnings: record.warnings.clone(),
        duplicate_of: None,
    })
}

/// The record of a later copy of `first`'s content.
fn duplicate_of(first: Record, input: &Input) -> Record {
    let mut record = first;
    record.duplicate_of = Some(std::mem::replace(&mut record.id, input.id.clone()));
    record.source.path = input.display.clone();
    record
}

/// Sets each fact's 1-based page from the byte offsets where pages start.
fn assign_pages(record: &mut Record, starts: &[usize]) {
    let page_of =
        |offset: usize| u32::try_from(starts.partition_point(|&s| s <= offset).max(1)).ok();
    for d in &mut record.dates {
        d.page = page_of(d.start);
    }
    for r in &mut record.doc_refs {
        r.page = page_of(r.start);
    }
    for f in &mut record.figures {
        f.page = page_of(f.start);
    }
}

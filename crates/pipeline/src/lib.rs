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
        self.view_and_language(text, true)
    }

    /// [`Pipeline::view_for`], or with `ocr` false only the base view (enough for the language).
    fn view_and_language(
        &self,
        text: &str,
        ocr: bool,
    ) -> (View, docfacts_detect::Detection, Lang, Option<Variant>) {
        let view = View::new(text);
        let detection = docfacts_detect::detect(text, &view);
        let (lang, variant) = match self.forced_lang {
            Some(lang) if lang != detection.lang => (lang, None),
            _ => (detection.lang, detection.variant),
        };
        let view = if ocr && lang == Lang::Vi && variant == Some(Variant::Unaccented) {
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
        self.analyze_with(id, doc, true)
    }

    /// Analyses a decoded document, with or without its facts.
    fn analyze_with(&self, id: &str, doc: Document, with_facts: bool) -> Record {
        let (view, detection, lang, variant) = self.view_and_language(&doc.text, with_facts);
        let facts = if with_facts {
            extract(&Analyzed {
                source: &doc.text,
                view: &view,
                lang,
                variant,
            })
        } else {
            docfacts_extract::Facts::default()
        };
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
        let mut firsts = Firsts::default();
        let mut inputs = inputs.into_iter();
        loop {
            let batch: Vec<Input> = inputs.by_ref().take(chunk).collect();
            if batch.is_empty() {
                break;
            }
            // What to do with each input: analyse (with its bytes if kept), describe a copy, or
            // report.
            let mut plans: Vec<Plan> = if self.dedup {
                let budget = AtomicU64::new(0);
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
                let mut in_batch: std::collections::HashSet<ContentKey> = Default::default();
                loaded
                    .into_iter()
                    .map(|plan| match plan {
                        Plan::Analyse(Some(key), loaded)
                            if firsts.contains(&key) || !in_batch.insert(key) =>
                        {
                            Plan::Duplicate(key, loaded)
                        }
                        other => other,
                    })
                    .collect()
            } else {
                batch.iter().map(|_| Plan::Analyse(None, None)).collect()
            };
            let work = |(input, plan): (&Input, &mut Plan)| -> Done<T> {
                match std::mem::replace(plan, Plan::Taken) {
                    Plan::Analyse(key, loaded) => {
                        let record = self.run_loaded(input, loaded, &analysed);
                        *plan = Plan::Analyse(key, None);
                        Done::Analysed(record.is_ok(), map(record))
                    }
                    Plan::Failed(record) => Done::Analysed(false, map(*record)),
                    Plan::Duplicate(key, loaded) => {
                        *plan = Plan::Duplicate(key, None);
                        Done::Described(Box::new(self.describe_loaded(input, loaded)))
                    }
                    Plan::Taken => Done::Nothing,
                }
            };
            let results: Vec<Done<T>> = match &pool {
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
                    (Plan::Analyse(Some(key), _), Done::Analysed(ok, item)) => {
                        firsts.insert(key, ok.then_some(input.id.as_str()));
                        item
                    }
                    (_, Done::Analysed(_, item)) => item,
                    (Plan::Duplicate(key, _), Done::Described(described)) => {
                        match firsts.first_ok(&key) {
                            Some(first) if described.is_ok() => {
                                stats.duplicates += 1;
                                let mut record = *described;
                                record.duplicate_of = Some(first.to_owned());
                                map(record)
                            }
                            _ => {
                                // The first occurrence failed: this one is analysed after all.
                                let record = self.run_loaded(input, None, &analysed);
                                if record.is_ok() {
                                    firsts.insert(key, Some(input.id.as_str()));
                                }
                                map(record)
                            }
                        }
                    }
                    _ => continue,
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

    /// The record of a copy of an earlier input's content: decoded and its language detected
    /// (the same bytes give the same format, encoding, language and warnings as the first), not
    /// extracted; `duplicate_of` is set by the caller.
    fn describe_loaded(&self, input: &Input, loaded: Option<Loaded>) -> Record {
        self.guarded(input, || {
            let doc = match loaded {
                Some(loaded) => decode(loaded, &self.ingest),
                None => read(input, &self.ingest),
            };
            match doc {
                Ok(doc) => self.analyze_with(&input.id, doc, false),
                Err(err) => error_record(input, &err),
            }
        })
    }

    /// Reads and hashes one input ahead of analysis; keeps its bytes while the batch is under
    /// [`READ_AHEAD_BYTES`].
    fn preload(&self, input: &Input, budget: &AtomicU64) -> Plan {
        let loaded = catch_unwind(AssertUnwindSafe(|| load(input, &self.ingest)));
        match loaded {
            Ok(Ok(loaded)) => {
                let hash = loaded
                    .source
                    .sha256
                    .as_deref()
                    .and_then(ContentKey::from_hex);
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
    /// Analyse it (content key known when deduplicating; bytes when kept from hashing).
    Analyse(Option<ContentKey>, Option<Loaded>),
    /// Its content repeats an earlier input's: describe it without extracting.
    Duplicate(ContentKey, Option<Loaded>),
    /// Reading failed: this is its record.
    Failed(Box<Record>),
    /// Moved out to a worker.
    Taken,
}

/// What a worker did with one input.
enum Done<T> {
    /// Analysed (or failed to read): whether the record is `ok`, and the mapped record.
    Analysed(bool, T),
    /// A copy, described without extraction (not yet mapped: `duplicate_of` is set first).
    Described(Box<Record>),
    /// Nothing to emit.
    Nothing,
}

/// A document's content, as the first 128 bits of its SHA-256 (a chance collision among a
/// billion documents is about 10^-21).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct ContentKey([u8; 16]);

impl ContentKey {
    /// The key of a hex SHA-256 (`source.sha256`).
    fn from_hex(hex: &str) -> Option<ContentKey> {
        let mut key = [0u8; 16];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(ContentKey(key))
    }
}

/// The first occurrence of each content seen so far, in little memory (about 30 bytes a
/// document: the key, an index and the first's id), since it grows with the archive.
#[derive(Default)]
struct Firsts {
    /// Key → index of the first's id in `id_ends`, or [`Firsts::NO_ID`] when the first was an
    /// error record (a plain `u32`: 20 bytes a slot where an `Option` takes 24).
    slots: HashMap<ContentKey, u32>,
    /// The ids of `ok` first occurrences, end to end.
    ids: String,
    /// Where each id ends in `ids`.
    id_ends: Vec<u32>,
}

impl Firsts {
    /// The slot of a first occurrence that has no id to name (an error record, or ids past 4 GiB).
    const NO_ID: u32 = u32::MAX;

    fn contains(&self, key: &ContentKey) -> bool {
        self.slots.contains_key(key)
    }

    /// Records the first occurrence of `key`: its id when it is `ok`.
    fn insert(&mut self, key: ContentKey, ok_id: Option<&str>) {
        let slot = ok_id.and_then(|id| {
            let index = u32::try_from(self.id_ends.len())
                .ok()
                .filter(|&i| i != Firsts::NO_ID)?;
            let end = u32::try_from(self.ids.len() + id.len()).ok()?;
            self.ids.push_str(id);
            self.id_ends.push(end);
            Some(index)
        });
        self.slots.insert(key, slot.unwrap_or(Firsts::NO_ID));
    }

    /// The id of the `ok` first occurrence of `key`.
    fn first_ok(&self, key: &ContentKey) -> Option<&str> {
        let index = *self.slots.get(key)?;
        if index == Firsts::NO_ID {
            return None;
        }
        let index = usize::try_from(index).ok()?;
        let end = usize::try_from(*self.id_ends.get(index)?).ok()?;
        let start = match index.checked_sub(1) {
            Some(before) => usize::try_from(*self.id_ends.get(before)?).ok()?,
            None => 0,
        };
        self.ids.get(start..end)
    }
}

/// The error record for an input that could not be read or decoded.
fn error_record(input: &Input, err: &IngestError) -> Record {
    Record::error(input.id.clone(), err.source_info().clone(), err.to_info())
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

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn content_key_reads_the_first_half_of_a_hex_digest() {
        let key = ContentKey::from_hex(HEX).unwrap();
        assert_eq!(key.0[0], 0x9f);
        assert_eq!(key.0[15], 0x15);
        assert_eq!(ContentKey::from_hex("9f86"), None);
        assert_eq!(ContentKey::from_hex(&HEX.replace('9', "g")), None);
    }

    #[test]
    fn firsts_remember_ok_ids_and_failed_firsts() {
        let mut firsts = Firsts::default();
        let key = |n: u8| ContentKey([n; 16]);
        firsts.insert(key(1), Some("a"));
        firsts.insert(key(2), None);
        firsts.insert(key(3), Some("2024/report"));
        assert!(firsts.contains(&key(2)) && !firsts.contains(&key(4)));
        assert_eq!(firsts.first_ok(&key(1)), Some("a"));
        assert_eq!(firsts.first_ok(&key(2)), None);
        assert_eq!(firsts.first_ok(&key(3)), Some("2024/report"));
        assert_eq!(firsts.first_ok(&key(4)), None);
    }
}

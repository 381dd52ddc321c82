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

use std::collections::{HashMap, VecDeque};
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use docfacts_extract::{Analyzed, extract};
use docfacts_ingest::{
    Document, IngestError, IngestOptions, Input, InputOrigin, Loaded, decode, load, read,
};
use docfacts_normalize::View;
use docfacts_types::{ErrorInfo, ErrorKind, Lang, Record, SCHEMA, Source, Variant};

mod firsts;
mod store;
use firsts::{ContentKey, Firsts};
pub use store::{Emitted, Store, StoredRecord};

/// A frozen, shareable configuration of the whole pipeline.
#[derive(Clone, Debug, Default)]
pub struct Pipeline {
    ingest: IngestOptions,
    forced_lang: Option<Lang>,
    dedup: bool,
    text_timeout: Option<Duration>,
    /// Documents longer than this (and its margins) are extracted a window at a time; `None`:
    /// [`LONG_WINDOW`].
    long_window: Option<usize>,
}

/// The window of [`PipelineBuilder::long_window`] by default.
pub const LONG_WINDOW: usize = 4 * 1024 * 1024;

/// What [`Pipeline::run_ordered`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Records emitted.
    pub documents: usize,
    /// Documents decoded and analysed (duplicates are not, when deduplicating).
    pub analysed: usize,
    /// Records marked `duplicate_of` an earlier document.
    pub duplicates: usize,
    /// Inputs the [`Store`] already holds as this run would make them (not emitted as records).
    pub unchanged: usize,
}

/// Inputs an ordered run keeps started and not yet emitted, per worker thread.
pub const IN_FLIGHT_PER_THREAD: usize = 32;

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

    /// Stops the analysis of a document that takes longer than `limit` (from decoding on): its
    /// record becomes a `limit_exceeded` error. The extractors are linear in the text, so only a
    /// pathological input should meet a generous limit; it keeps one such input from holding up
    /// every record behind it.
    pub fn text_timeout(mut self, limit: Option<Duration>) -> PipelineBuilder {
        self.pipeline.text_timeout = limit;
        self
    }

    /// Extracts documents longer than `bytes` (and twice [`docfacts_extract::MARGIN`]) a window
    /// of `bytes` at a time ([`docfacts_extract::extract_long`]): the same facts, and a document's
    /// memory is its text and its facts, not also a view and a map of the whole. Default
    /// [`LONG_WINDOW`].
    pub fn long_window(mut self, bytes: usize) -> PipelineBuilder {
        self.pipeline.long_window = Some(bytes.max(1));
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
        self.run_loaded(input, None)
    }

    /// Runs `f`, turning a panic into an internal error record for `input`.
    fn guarded(&self, input: &Input, f: impl FnOnce() -> Record) -> Record {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| contained(input, &*panic))
    }

    /// Decodes and analyses bytes already loaded (or reads the input again when they were not).
    fn run_loaded(&self, input: &Input, loaded: Option<Loaded>) -> Record {
        self.decode_and(input, loaded, true)
    }

    /// The record of a copy of an earlier input's content: decoded and its language detected
    /// (the same bytes give the same format, encoding, language and warnings as the first), not
    /// extracted; `duplicate_of` is set by the caller.
    fn describe_loaded(&self, input: &Input, loaded: Option<Loaded>) -> Record {
        self.decode_and(input, loaded, false)
    }

    /// Decodes `loaded` (or reads `input`) and analyses it, with or without its facts; a
    /// problem becomes an error record, a panic an internal-error record.
    fn decode_and(&self, input: &Input, loaded: Option<Loaded>, with_facts: bool) -> Record {
        self.guarded(input, || {
            let doc = match loaded {
                Some(loaded) => decode(loaded, &self.ingest),
                None => read(input, &self.ingest),
            };
            match doc {
                Ok(doc) => self.analyze_with(&input.id, doc, with_facts),
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
        let (lang, variant) = self.language(&detection);
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
        let deadline = self.text_timeout.map(|limit| Instant::now() + limit);
        let window = self.long_window.unwrap_or(LONG_WINDOW);
        if doc.text.len() > window.saturating_add(2 * docfacts_extract::MARGIN) {
            return self.analyze_long(id, doc, with_facts, window, deadline);
        }
        let (view, detection, lang, variant) = self.view_and_language(&doc.text, with_facts);
        let facts = if with_facts {
            let analyzed = Analyzed {
                source: &doc.text,
                view: &view,
                lang,
                variant,
                deadline,
            };
            let facts = extract(&analyzed);
            if analyzed.out_of_time() {
                return over_time(id, doc.source, self.text_timeout.unwrap_or_default());
            }
            facts
        } else {
            docfacts_extract::Facts::default()
        };
        self.record(id, doc, detection, (lang, variant), facts)
    }

    /// [`Pipeline::analyze_with`] for a long document: the language from the view of its first
    /// part (all that detection reads), the facts a window at a time.
    fn analyze_long(
        &self,
        id: &str,
        doc: Document,
        with_facts: bool,
        window: usize,
        deadline: Option<Instant>,
    ) -> Record {
        let detection = detect_on_prefix(&doc.text);
        let (lang, variant) = self.language(&detection);
        let facts = if with_facts {
            let reading = docfacts_extract::Reading {
                lang,
                variant,
                ocr: lang == Lang::Vi && variant == Some(Variant::Unaccented),
                deadline,
            };
            let facts = docfacts_extract::extract_long(&doc.text, window, reading);
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return over_time(id, doc.source, self.text_timeout.unwrap_or_default());
            }
            facts
        } else {
            docfacts_extract::Facts::default()
        };
        self.record(id, doc, detection, (lang, variant), facts)
    }

    /// The language the extractors read a document as: the detected one, unless forced.
    fn language(&self, detection: &docfacts_detect::Detection) -> (Lang, Option<Variant>) {
        match self.forced_lang {
            Some(lang) if lang != detection.lang => (lang, None),
            _ => (detection.lang, detection.variant),
        }
    }

    /// The record of an analysed document.
    fn record(
        &self,
        id: &str,
        doc: Document,
        detection: docfacts_detect::Detection,
        (lang, variant): (Lang, Option<Variant>),
        facts: docfacts_extract::Facts,
    ) -> Record {
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
            document: facts.document,
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
    /// `inputs` is consumed as the run goes (it may be a lazy iterator): at most
    /// [`IN_FLIGHT_PER_THREAD`] inputs a thread are started and not yet emitted, so memory follows
    /// the documents in flight, not the size of the batch. Workers never wait for each other: a finished document waits only for those before
    /// it to be emitted. `map` runs on the workers (serialize there); `emit` runs on the calling
    /// thread, which also takes the inputs, and may stop the run early by returning `Break` (a
    /// closed pipe).
    ///
    /// With [`PipelineBuilder::dedup`], each input is read and hashed by its worker; inputs whose
    /// bytes repeat an earlier input (in input order, so the result does not depend on `threads`
    /// or timing) are not analysed: their record is the first occurrence's, with `duplicate_of`
    /// naming it and no facts. Where the first occurrence is an error record, a later one is
    /// analysed after all. What the run remembers of first occurrences stays small however many
    /// inputs come: the latest few thousand in memory, older ones in a temporary file (a private
    /// SQLite database, deleted when the run ends).
    pub fn run_ordered<T: Send>(
        &self,
        inputs: impl IntoIterator<Item = Input>,
        threads: usize,
        map: impl Fn(Record) -> T + Sync,
        mut emit: impl FnMut(T) -> ControlFlow<()>,
    ) -> RunStats {
        self.run_ordered_inner(inputs, threads, None, map, |emitted| match emitted {
            Emitted::Record(item) => emit(item),
            Emitted::Unchanged => ControlFlow::Continue(()),
        })
    }

    /// [`Pipeline::run_ordered`] for a run that loads `store`, deduplicating (whatever the
    /// builder said): an input the store already holds as this run would make it is read and
    /// hashed but not analysed, and handed over as [`Emitted::Unchanged`].
    ///
    /// Duplicates are settled as in a clean run over the same inputs, whatever the store held
    /// before: stored inputs take their place in input order among the first occurrences, the
    /// store's other documents ([`Store::earlier_firsts`]) count as first occurrences before
    /// every input, and a stored input whose place changed (a copy whose original was edited, a
    /// first occurrence now preceded by a new copy) is made again: re-pointed to its new first
    /// occurrence, or analysed in full.
    pub fn run_ordered_into<T: Send>(
        &self,
        inputs: impl IntoIterator<Item = Input>,
        threads: usize,
        store: &dyn Store,
        map: impl Fn(Record) -> T + Sync,
        emit: impl FnMut(Emitted<T>) -> ControlFlow<()>,
    ) -> RunStats {
        self.run_ordered_inner(inputs, threads, Some(store), map, emit)
    }

    fn run_ordered_inner<T: Send>(
        &self,
        inputs: impl IntoIterator<Item = Input>,
        threads: usize,
        store: Option<&dyn Store>,
        map: impl Fn(Record) -> T + Sync,
        mut emit: impl FnMut(Emitted<T>) -> ControlFlow<()>,
    ) -> RunStats {
        let threads = threads.max(1);
        let mut seen = Seen::default();
        if let Some(store) = store {
            for (sha256, id) in store.earlier_firsts() {
                if let Some(key) = ContentKey::from_hex(&sha256)
                    && seen.firsts.first_ok(&key).is_none()
                {
                    seen.firsts.insert(key, Some(&id));
                }
            }
        }
        let order = Order {
            pipeline: self,
            map: &map,
            dedup: self.dedup || store.is_some(),
            store,
            seen: Mutex::new(seen),
            stopped: AtomicBool::new(false),
        };
        let mut stats = RunStats::default();
        let mut inputs = inputs.into_iter();
        let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else {
            // No threads to be had: the same work, one input at a time on this thread.
            for (index, input) in inputs.enumerate() {
                let done = catch_unwind(AssertUnwindSafe(|| order.work(index, &input)))
                    .unwrap_or_else(Done::Panicked);
                if order
                    .emit(index, &input, done, &mut stats, &mut emit)
                    .is_break()
                {
                    break;
                }
            }
            return stats;
        };
        // Inputs started and not yet emitted: enough that workers never wait for this thread
        // (which may itself wait for a core), refilled a batch at a time.
        let in_flight = threads * IN_FLIGHT_PER_THREAD;
        let refill_at = in_flight - threads * IN_FLIGHT_PER_THREAD / 4;
        let finished = Finished::default();
        let (order, finished) = (&order, &finished);
        pool.in_place_scope(|scope| {
            // Slot `i` holds input `emitted + i` once it is done, until all before it are emitted.
            let mut waiting: VecDeque<Option<(Input, Done<T>)>> = VecDeque::new();
            let mut emitted = 0usize;
            let mut exhausted = false;
            loop {
                if waiting.len() <= refill_at {
                    while !exhausted && waiting.len() < in_flight {
                        let Some(input) = inputs.next() else {
                            exhausted = true;
                            break;
                        };
                        let index = emitted + waiting.len();
                        waiting.push_back(None);
                        scope.spawn(move |_| {
                            // A panic outside the guarded analysis (in `map`) must still hand a
                            // result over: this thread waits for every index in turn.
                            let done = catch_unwind(AssertUnwindSafe(|| order.work(index, &input)))
                                .unwrap_or_else(Done::Panicked);
                            finished.hand_over(index, input, done);
                        });
                    }
                }
                while let Some(Some(_)) = waiting.front() {
                    let Some(Some((input, done))) = waiting.pop_front() else {
                        break;
                    };
                    let index = emitted;
                    emitted += 1;
                    if order
                        .emit(index, &input, done, &mut stats, &mut emit)
                        .is_break()
                    {
                        order.stopped.store(true, Ordering::Relaxed);
                        return;
                    }
                }
                if waiting.is_empty() {
                    if exhausted {
                        return;
                    }
                    continue;
                }
                // Sleep until an input a few past the next one is done (one wake-up for several,
                // as they finish about in order): the furthest not yet handed over, so that its
                // hand-over is still to come (the next one, at least, is not in).
                let ahead = (threads * 4).min(waiting.len().saturating_sub(1));
                let awaited = emitted
                    + (0..=ahead)
                        .rev()
                        .find(|&at| waiting.get(at).is_some_and(Option::is_none))
                        .unwrap_or(0);
                for (index, input, done) in finished.take(awaited) {
                    if let Some(slot) = index
                        .checked_sub(emitted)
                        .and_then(|at| waiting.get_mut(at))
                    {
                        *slot = Some((input, done));
                    }
                }
            }
        });
        stats
    }
}

/// Where workers leave finished inputs for the calling thread. A worker wakes that thread only
/// when it finishes the input the thread waits for (the next to emit), so most hand-overs cost no
/// system call.
struct Finished<T> {
    state: Mutex<FinishedState<T>>,
    front_done: Condvar,
}

struct FinishedState<T> {
    /// Finished inputs not yet taken, in the order they finished.
    done: Vec<(usize, Input, Done<T>)>,
    /// The index the calling thread sleeps for, if it does.
    awaited: Option<usize>,
}

impl<T> Default for Finished<T> {
    fn default() -> Finished<T> {
        Finished {
            state: Mutex::new(FinishedState {
                done: Vec::new(),
                awaited: None,
            }),
            front_done: Condvar::new(),
        }
    }
}

impl<T> Finished<T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, FinishedState<T>> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A worker's finished input.
    fn hand_over(&self, index: usize, input: Input, done: Done<T>) {
        let mut state = self.lock();
        state.done.push((index, input, done));
        let awaited = state.awaited == Some(index);
        drop(state);
        if awaited {
            self.front_done.notify_one();
        }
    }

    /// Everything finished so far; when nothing is, sleeps until input `awaited` is (or a
    /// later call's awaited input).
    fn take(&self, awaited: usize) -> Vec<(usize, Input, Done<T>)> {
        let mut state = self.lock();
        while state.done.is_empty() {
            state.awaited = Some(awaited);
            state = self
                .front_done
                .wait(state)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        state.awaited = None;
        std::mem::take(&mut state.done)
    }
}

/// One ordered run: the work each input gets on a worker, and the decisions taken in input
/// order, which make the output independent of threads and timing.
struct Order<'a, M> {
    pipeline: &'a Pipeline,
    map: &'a M,
    /// Duplicates are settled (the builder's choice, or a store is loaded).
    dedup: bool,
    /// What the destination already holds, when loading one.
    store: Option<&'a dyn Store>,
    /// First occurrences (emitted) and claims (in flight) of each content, when deduplicating.
    seen: Mutex<Seen>,
    /// Set when `emit` stopped the run: inputs not yet started are skipped.
    stopped: AtomicBool,
}

impl<T, M: Fn(Record) -> T> Order<'_, M> {
    /// A worker's part for input `index`: read, hash, and analyse it, or only describe it when an
    /// earlier input has the same content.
    fn work(&self, index: usize, input: &Input) -> Done<T> {
        let pipeline = self.pipeline;
        if self.stopped.load(Ordering::Relaxed) {
            return Done::Skipped;
        }
        if !self.dedup {
            return self.analysed(input, None, pipeline.run_loaded(input, None));
        }
        match catch_unwind(AssertUnwindSafe(|| load(input, &pipeline.ingest))) {
            Ok(Ok(loaded)) => {
                let key = loaded
                    .source
                    .sha256
                    .as_deref()
                    .and_then(ContentKey::from_hex);
                // Standard input cannot be read again, should its stored record not do.
                let stored = match (self.store, &loaded.source.sha256, &input.origin) {
                    (_, _, InputOrigin::Stdin) => None,
                    (Some(store), Some(sha256), _) => store.stored(input, sha256),
                    _ => None,
                };
                let first = key.is_none_or(|key| self.lock_seen().claim(key, index));
                match (key, stored) {
                    (Some(key), Some(stored)) => Done::Stored(key, stored),
                    (Some(key), None) if !first => Done::Described(
                        key,
                        Box::new(pipeline.describe_loaded(input, Some(loaded))),
                    ),
                    _ => self.analysed(input, key, pipeline.run_loaded(input, Some(loaded))),
                }
            }
            Ok(Err(err)) => Done::Failed(self.map(input, error_record(input, &err)).0),
            // Analysed (and the panic contained) again.
            Err(_) => self.analysed(input, None, pipeline.run_loaded(input, None)),
        }
    }

    fn analysed(&self, input: &Input, key: Option<ContentKey>, record: Record) -> Done<T> {
        let ok = record.is_ok();
        let (item, mapped) = self.map(input, record);
        Done::Analysed {
            key,
            ok: ok && mapped,
            item,
        }
    }

    /// `map` on a record, a panic in it contained: then the input's internal-error record is
    /// mapped instead, and the flag is false.
    fn map(&self, input: &Input, record: Record) -> (T, bool) {
        match catch_unwind(AssertUnwindSafe(|| (self.map)(record))) {
            Ok(item) => (item, true),
            Err(panic) => ((self.map)(contained(input, &*panic)), false),
        }
    }

    /// The calling thread's part for input `index`, in input order: settles duplicates against
    /// the first occurrences emitted so far, counts, and emits.
    fn emit(
        &self,
        index: usize,
        input: &Input,
        done: Done<T>,
        stats: &mut RunStats,
        emit: &mut impl FnMut(Emitted<T>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let pipeline = self.pipeline;
        let item = match done {
            Done::Stored(key, stored) => match self.settle_stored(index, input, key, stored, stats)
            {
                Some(item) => item,
                None => {
                    stats.unchanged += 1;
                    return emit(Emitted::Unchanged);
                }
            },
            Done::Analysed {
                key: None, item, ..
            } => {
                stats.analysed += 1;
                item
            }
            Done::Analysed {
                key: Some(key),
                ok,
                item,
            } => {
                let mut seen = self.lock_seen();
                seen.release(key, index);
                match seen.firsts.first_ok(&key) {
                    // An earlier copy was in flight when this one was claimed; it came first.
                    Some(first) => {
                        drop(seen);
                        let described = pipeline.describe_loaded(input, None);
                        if described.is_ok() {
                            self.duplicate(input, described, first, stats)
                        } else {
                            stats.analysed += 1;
                            item
                        }
                    }
                    None => {
                        seen.firsts.insert(key, ok.then_some(input.id.as_str()));
                        stats.analysed += 1;
                        item
                    }
                }
            }
            Done::Described(key, described) => {
                let first = self.lock_seen().firsts.first_ok(&key);
                match first {
                    Some(first) if described.is_ok() => {
                        self.duplicate(input, *described, first, stats)
                    }
                    _ => {
                        // The first occurrence failed: this one is analysed after all.
                        let record = pipeline.run_loaded(input, None);
                        stats.analysed += 1;
                        if record.is_ok() {
                            self.lock_seen().firsts.insert(key, Some(input.id.as_str()));
                        }
                        self.map(input, record).0
                    }
                }
            }
            Done::Failed(item) => item,
            Done::Panicked(panic) => {
                // A claim it held stays: later copies are then analysed here, in input order.
                self.map(input, contained(input, &*panic)).0
            }
            Done::Skipped => return ControlFlow::Break(()),
        };
        stats.documents += 1;
        emit(Emitted::Record(item))
    }

    /// A stored input in its turn: `None` when the store holds it as this run makes it (its
    /// place among first occurrences is taken), otherwise its record, made again.
    fn settle_stored(
        &self,
        index: usize,
        input: &Input,
        key: ContentKey,
        stored: StoredRecord,
        stats: &mut RunStats,
    ) -> Option<T> {
        let pipeline = self.pipeline;
        let mut seen = self.lock_seen();
        seen.release(key, index);
        match seen.firsts.first_ok(&key) {
            Some(first) => {
                drop(seen);
                // A copy of an `ok` first occurrence: unchanged when stored as its copy.
                if stored.duplicate_of.as_deref() == Some(first.as_str()) {
                    return None;
                }
                let described = pipeline.describe_loaded(input, None);
                if described.is_ok() {
                    Some(self.duplicate(input, described, first, stats))
                } else {
                    stats.analysed += 1;
                    Some(self.map(input, described).0)
                }
            }
            None if stored.duplicate_of.is_none() => {
                seen.firsts
                    .insert(key, stored.ok.then_some(input.id.as_str()));
                None
            }
            None => {
                // Stored as a copy, but its first occurrence is gone or changed: the first
                // occurrence now.
                drop(seen);
                let record = pipeline.run_loaded(input, None);
                let ok = record.is_ok();
                stats.analysed += 1;
                let (item, mapped) = self.map(input, record);
                self.lock_seen()
                    .firsts
                    .insert(key, (ok && mapped).then_some(input.id.as_str()));
                Some(item)
            }
        }
    }

    fn duplicate(
        &self,
        input: &Input,
        mut record: Record,
        first: String,
        stats: &mut RunStats,
    ) -> T {
        record.duplicate_of = Some(first);
        let (item, mapped) = self.map(input, record);
        stats.duplicates += usize::from(mapped);
        item
    }

    /// The dedup tables (a worker that panicked holding them left them whole: every change is
    /// one insert or remove).
    fn lock_seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What a worker did with one input.
enum Done<T> {
    /// Analysed (or failed and contained): its content key when deduplicating, whether the record
    /// is `ok`, and the mapped record.
    Analysed {
        key: Option<ContentKey>,
        ok: bool,
        item: T,
    },
    /// An earlier input claimed the same content: described without extraction (not yet mapped:
    /// `duplicate_of` is set first).
    Described(ContentKey, Box<Record>),
    /// The store holds this input, read and hashed but not analysed: settled in its turn.
    Stored(ContentKey, StoredRecord),
    /// Reading failed: the mapped error record (not counted as analysed).
    Failed(T),
    /// The worker's part panicked outside the guarded analysis (in `map`): the payload.
    Panicked(Box<dyn std::any::Any + Send>),
    /// The run had stopped before this input's turn.
    Skipped,
}

/// What deduplication knows: the first occurrences emitted so far, and which in-flight input
/// claimed each content not yet emitted (the earliest seen), so that workers analyse each
/// content about once.
#[derive(Default)]
struct Seen {
    firsts: Firsts,
    /// Content → index of the earliest in-flight input claiming it (a few per thread).
    claims: HashMap<ContentKey, usize>,
}

impl Seen {
    /// Whether input `index` should analyse `key`: no `ok` first occurrence is known and no
    /// earlier input claimed it. An earlier claim found later wins at emit time.
    fn claim(&mut self, key: ContentKey, index: usize) -> bool {
        if self.firsts.first_ok(&key).is_some() {
            return false;
        }
        match self.claims.get_mut(&key) {
            Some(claimant) if *claimant < index => false,
            Some(claimant) => {
                *claimant = index;
                true
            }
            None => {
                self.claims.insert(key, index);
                true
            }
        }
    }

    /// Input `index` is emitted: its claim, if it still holds one, ends.
    fn release(&mut self, key: ContentKey, index: usize) {
        if self.claims.get(&key) == Some(&index) {
            self.claims.remove(&key);
        }
    }
}

/// The internal-error record of an input whose handling panicked (`panic` is the payload).
fn contained(input: &Input, panic: &(dyn std::any::Any + Send)) -> Record {
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
}

/// The error record for an input that could not be read or decoded.
/// The language of `text` as [`docfacts_detect::detect`] finds it with the whole text's view, from
/// the view of a prefix long enough that its first [`docfacts_detect::SAMPLE_BYTES`] (all that
/// detection reads) are those of the whole view.
fn detect_on_prefix(text: &str) -> docfacts_detect::Detection {
    let sample = docfacts_detect::SAMPLE_BYTES;
    let mut len = 4 * sample;
    loop {
        let end = text.ceil_char_boundary(len);
        let prefix = text.get(..end).unwrap_or(text);
        let view = View::new(prefix);
        if end == text.len() || view.text().len() >= sample + 64 {
            return docfacts_detect::detect(text, &view);
        }
        len = len.saturating_mul(2);
    }
}

fn error_record(input: &Input, err: &IngestError) -> Record {
    Record::error(input.id.clone(), err.source_info().clone(), err.to_info())
}

/// The record of a document whose analysis ran past the text time limit.
fn over_time(id: &str, source: Source, limit: Duration) -> Record {
    let message = format!(
        "analysis stopped after the text time limit of {} s (--text-timeout)",
        limit.as_secs_f64()
    );
    Record::error(
        id.to_owned(),
        source,
        ErrorInfo {
            kind: ErrorKind::LimitExceeded,
            message,
        },
    )
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

    #[test]
    fn a_document_over_its_time_limit_is_a_limit_exceeded_record() {
        let text = b"Ngay 08/3/2025 co 25/25 xa theo Quyet dinh 142/QD-TTg.".to_vec();
        let input = Input::from_bytes("a".to_owned(), "a.txt".to_owned(), text);
        let limited = Pipeline::builder()
            .text_timeout(Some(Duration::ZERO))
            .build()
            .run(&input);
        let error = limited.error.expect("an error record");
        assert_eq!(error.kind, ErrorKind::LimitExceeded);
        assert!(limited.figures.is_empty() && limited.dates.is_empty());
        let unlimited = Pipeline::builder()
            .text_timeout(Some(Duration::from_secs(3600)))
            .build()
            .run(&input);
        assert!(unlimited.error.is_none() && !unlimited.figures.is_empty());
    }

    #[test]
    fn the_earliest_claim_on_a_content_wins_and_ends_when_emitted() {
        let mut seen = Seen::default();
        let key = ContentKey([7; 16]);
        assert!(seen.claim(key, 5), "the first claim");
        assert!(
            seen.claim(key, 3),
            "an earlier input found later takes the claim over"
        );
        assert!(!seen.claim(key, 7), "a later input only describes");
        seen.release(key, 5);
        assert_eq!(seen.claims.get(&key), Some(&3), "5 no longer holds it");
        seen.release(key, 3);
        assert!(seen.claims.is_empty());
        seen.firsts.insert(key, None);
        assert!(
            seen.claim(key, 9),
            "a failed first occurrence: analysed again"
        );
        seen.firsts.insert(key, Some("first"));
        assert!(
            !seen.claim(key, 10),
            "an ok first occurrence: only described"
        );
    }

    /// Many copies of few contents, bad inputs among them, all in memory.
    fn copies() -> Vec<Input> {
        let contents: [&[u8]; 4] = [
            b"Ngay 08 thang 3 nam 2025, Nghi quyet s6 57-NQ/TW dat 91,83%.",
            b"On July 29, 2025 the ministry reported 94,447 records (40/102 provinces).",
            b"",
            b"\x00\x01\x02 binary",
        ];
        (0..300)
            .map(|i: usize| {
                let bytes = contents
                    .get((i * 7 + i / 5) % 4)
                    .copied()
                    .unwrap_or_default();
                Input::from_bytes(format!("d{i}"), format!("d{i}.txt"), bytes.to_vec())
            })
            .collect()
    }

    fn ordered_run(threads: usize, stop_after: usize) -> (Vec<String>, RunStats) {
        let pipeline = Pipeline::builder().dedup(true).build();
        let mut lines = Vec::new();
        let stats = pipeline.run_ordered(
            copies(),
            threads,
            |record| serde_json::to_string(&record).unwrap(),
            |line| {
                lines.push(line);
                if lines.len() == stop_after {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        (lines, stats)
    }

    #[test]
    fn ordered_runs_are_the_same_for_any_thread_count() {
        let (one, stats) = ordered_run(1, usize::MAX);
        assert_eq!(one.len(), 300);
        assert_eq!(stats.documents, 300);
        // Two contents are ok: analysed once each. The empty and binary ones are error records,
        // so each copy of them is tried again.
        let errors = one
            .iter()
            .filter(|l| l.contains(r#""status":"error""#))
            .count();
        assert!(errors > 100, "{errors}");
        assert_eq!(stats.analysed, 2 + errors, "{stats:?}");
        assert_eq!(stats.duplicates, 300 - 2 - errors);
        for (i, line) in one.iter().enumerate() {
            assert!(
                line.contains(&format!(r#""id":"d{i}""#)),
                "out of order at {i}"
            );
        }
        for threads in [2, 8, 64] {
            let (many, many_stats) = ordered_run(threads, usize::MAX);
            assert!(many == one, "records differ with {threads} threads");
            assert_eq!(many_stats, stats);
        }
    }

    #[test]
    fn a_panic_while_mapping_a_record_becomes_that_input_s_error_record() {
        let pipeline = Pipeline::builder().dedup(true).build();
        for threads in [1, 4] {
            let mut lines = Vec::new();
            let stats = pipeline.run_ordered(
                copies(),
                threads,
                |record| {
                    // d0 is its content's first occurrence (mapped on a worker), d5 a copy
                    // (mapped on the calling thread).
                    if ["d0", "d5"].contains(&record.id.as_str()) && record.is_ok() {
                        panic!("cannot map {}", record.id);
                    }
                    serde_json::to_string(&record).unwrap()
                },
                |line| {
                    lines.push(line);
                    ControlFlow::Continue(())
                },
            );
            assert_eq!(lines.len(), 300);
            assert_eq!(stats.documents, 300);
            let d5 = lines.get(5).unwrap();
            assert!(d5.contains(r#""id":"d5""#), "{d5}");
            assert!(
                d5.contains("internal error, contained: cannot map d5"),
                "{d5}"
            );
            let d0 = lines.first().unwrap();
            assert!(
                d0.contains("internal error, contained: cannot map d0"),
                "{d0}"
            );
            // A first occurrence that became an error record is nobody's original.
            assert!(!lines.iter().any(|l| l.contains(r#""duplicate_of":"d0""#)));
            assert!(lines.iter().any(|l| l.contains(r#""duplicate_of":"#)));
        }
    }

    #[test]
    fn an_ordered_run_stops_when_emit_says_so() {
        for threads in [1, 4] {
            let (lines, stats) = ordered_run(threads, 10);
            assert_eq!(lines.len(), 10);
            assert_eq!(stats.documents, 10);
        }
    }

    #[test]
    fn copies_of_contents_moved_to_disk_still_name_their_first() {
        // 150 contents, each first seen in order, then copied: past `firsts::IN_MEMORY` the
        // firsts are on disk when their copies come.
        let inputs = || {
            (0..400).map(|i: usize| {
                let text = format!(
                    "Báo cáo số {}/BC-UBND ngày 08 tháng 3 năm 2025: 25/25 xã.",
                    i % 150
                );
                Input::from_bytes(format!("d{i}"), format!("d{i}.txt"), text.into_bytes())
            })
        };
        let pipeline = Pipeline::builder().dedup(true).build();
        let run = |threads: usize| {
            let mut records: Vec<Record> = Vec::new();
            let stats = pipeline.run_ordered(
                inputs(),
                threads,
                |r| r,
                |r| {
                    records.push(r);
                    ControlFlow::Continue(())
                },
            );
            (records, stats)
        };
        let (one, stats) = run(1);
        assert_eq!(
            (stats.documents, stats.analysed, stats.duplicates),
            (400, 150, 250)
        );
        for (i, record) in one.iter().enumerate() {
            let expected = (i >= 150).then(|| format!("d{}", i % 150));
            assert_eq!(record.duplicate_of, expected, "d{i}");
            assert_eq!(record.doc_refs.is_empty(), i >= 150, "d{i}");
        }
        let (four, four_stats) = run(4);
        assert_eq!(four_stats, stats);
        assert!(four == one, "records differ with 4 threads");
    }

    /// A store that holds the records of an earlier run, by id.
    struct Held(HashMap<String, Record>);

    impl Store for Held {
        fn stored(&self, input: &Input, sha256: &str) -> Option<StoredRecord> {
            let record = self.0.get(&input.id)?;
            (record.source.sha256.as_deref() == Some(sha256) && record.source.path == input.display)
                .then(|| StoredRecord {
                    ok: record.is_ok(),
                    duplicate_of: record.duplicate_of.clone(),
                })
        }

        fn earlier_firsts(&self) -> Vec<(String, String)> {
            Vec::new()
        }
    }

    /// Inputs `d0`, `d1`, … whose contents are `texts[picks[i]]`.
    fn inputs_of(picks: &[usize]) -> Vec<Input> {
        let texts: [&[u8]; 6] = [
            b"Ngay 08 thang 3 nam 2025, Nghi quyet s6 57-NQ/TW dat 91,83%.",
            b"On July 29, 2025 the ministry reported 94,447 records (40/102 provinces).",
            b"",
            b"\x00\x01\x02 binary",
            b"Quyet dinh 142/QD-TTg ngay 01/02/2024: 12 tinh, 3,5 ty dong.",
            b"By 2030, 25% of 63 provinces (Resolution 03/NQ-CP).",
        ];
        picks
            .iter()
            .enumerate()
            .map(|(i, &pick)| {
                let bytes = texts.get(pick).copied().unwrap_or_default();
                Input::from_bytes(format!("d{i}"), format!("d{i}.txt"), bytes.to_vec())
            })
            .collect()
    }

    /// Records of a clean run, by id.
    fn clean_run(inputs: Vec<Input>) -> HashMap<String, Record> {
        let pipeline = Pipeline::builder().dedup(true).build();
        let mut records = HashMap::new();
        pipeline.run_ordered(
            inputs,
            2,
            |r| r,
            |r| {
                records.insert(r.id.clone(), r);
                ControlFlow::Continue(())
            },
        );
        records
    }

    /// What a database holding `held` holds after a run over `inputs` that writes what it
    /// emits and keeps what is unchanged; and how many were unchanged.
    fn load_over(
        held: HashMap<String, Record>,
        inputs: Vec<Input>,
        threads: usize,
    ) -> (HashMap<String, Record>, usize) {
        let pipeline = Pipeline::builder().build();
        let store = Held(held);
        let mut out = store.0.clone();
        let stats = pipeline.run_ordered_into(
            inputs,
            threads,
            &store,
            |r| r,
            |emitted| {
                if let Emitted::Record(r) = emitted {
                    out.insert(r.id.clone(), r);
                }
                ControlFlow::Continue(())
            },
        );
        (out, stats.unchanged)
    }

    fn assert_same(got: &HashMap<String, Record>, want: &HashMap<String, Record>, what: &str) {
        let mut ids: Vec<&String> = want.keys().chain(got.keys()).collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            let (g, w) = (got.get(id), want.get(id));
            assert!(
                g.map(|r| serde_json::to_string(r).unwrap())
                    == w.map(|r| serde_json::to_string(r).unwrap()),
                "{what}: {id} differs from a clean run: duplicate_of {:?}, {} facts; clean: \
                 duplicate_of {:?}, {} facts",
                g.and_then(|r| r.duplicate_of.clone()),
                g.map_or(0, |r| r.dates.len() + r.doc_refs.len() + r.figures.len()),
                w.and_then(|r| r.duplicate_of.clone()),
                w.map_or(0, |r| r.dates.len() + r.doc_refs.len() + r.figures.len()),
            );
        }
    }

    #[test]
    fn a_load_resumed_after_any_prefix_equals_a_clean_run() {
        // Copies of every kind: of ok contents, of error records (empty, binary), a copy
        // first in order.
        let picks = [1, 0, 2, 1, 4, 3, 0, 2, 5, 1, 3, 4, 0, 5, 5, 1];
        let clean = clean_run(inputs_of(&picks));
        for killed_after in [0, 1, 3, 6, 9, 12, 15] {
            // A killed load leaves the records of a prefix of the inputs committed.
            let held = clean_run(inputs_of(picks.get(..killed_after).unwrap()));
            for threads in [1, 4] {
                let (got, unchanged) = load_over(held.clone(), inputs_of(&picks), threads);
                assert_same(&got, &clean, &format!("resumed after {killed_after}"));
                assert_eq!(unchanged, killed_after, "stored records are not made again");
            }
        }
    }

    #[test]
    fn a_load_over_added_copies_and_edited_originals_equals_a_clean_run() {
        let before = [1, 0, 1, 4, 0, 1, 4, 5, 0];
        let held = clean_run(inputs_of(&before));
        for after in [
            // d0 (the first 1) edited: d2 is the first 1 now, d5 its copy.
            vec![5, 0, 1, 4, 0, 1, 4, 5, 0],
            // d1 (the first 0) edited into a copy of a later content (4).
            vec![1, 4, 1, 4, 0, 1, 4, 5, 0],
            // A copy of d7 (5) added first, and one of d3 (4) last.
            vec![5, 1, 0, 1, 4, 0, 1, 4, 5, 0, 4],
            // The copies' originals edited into error records.
            vec![2, 3, 1, 4, 0, 1, 4, 5, 0],
        ] {
            // Inputs keep their ids by position, so an added input shifts the ids after it
            // (each then reads as edited): both are what a rerun meets.
            let clean = clean_run(inputs_of(&after));
            for threads in [1, 4] {
                let (mut got, _) = load_over(held.clone(), inputs_of(&after), threads);
                got.retain(|id, _| clean.contains_key(id));
                assert_same(&got, &clean, &format!("{before:?} then {after:?}"));
            }
        }
    }

    #[test]
    fn stored_documents_outside_the_run_come_first() {
        struct Earlier;
        impl Store for Earlier {
            fn stored(&self, _: &Input, _: &str) -> Option<StoredRecord> {
                None
            }
            fn earlier_firsts(&self) -> Vec<(String, String)> {
                let sha = clean_run(inputs_of(&[0]))
                    .remove("d0")
                    .and_then(|r| r.source.sha256)
                    .unwrap();
                vec![(sha, "loaded-before".to_owned())]
            }
        }
        let pipeline = Pipeline::builder().build();
        let mut records = Vec::new();
        pipeline.run_ordered_into(
            inputs_of(&[1, 0]),
            2,
            &Earlier,
            |r| r,
            |emitted| {
                if let Emitted::Record(r) = emitted {
                    records.push(r);
                }
                ControlFlow::Continue(())
            },
        );
        let dups: Vec<Option<&str>> = records.iter().map(|r| r.duplicate_of.as_deref()).collect();
        assert_eq!(dups, [None, Some("loaded-before")]);
    }
}

//! The ordered runner: many inputs on worker threads, records handed over in input order, with
//! the documents in flight bounded and duplicates claimed once.

use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;

use docfacts_ingest::{Input, InputOrigin, load};
use docfacts_types::Record;

use crate::analyze::{contained, error_record};
use crate::firsts::ContentKey;
use crate::scheduler::{Arriving, Listed, Source, ordered_map};
use crate::seen::Seen;
use crate::{Emitted, IN_FLIGHT_PER_THREAD, Pipeline, RunStats, Store, StoredRecord};

impl Pipeline {
    /// Runs every input on `threads` worker threads and hands the results to `emit` in input order.
    ///
    /// `inputs` is consumed as the run goes (it may be a lazy iterator): at most
    /// [`IN_FLIGHT_PER_THREAD`] inputs a thread are started and not yet emitted, so memory follows
    /// the documents in flight, not the size of the batch. Workers never wait for each other: a finished document waits only for those before
    /// it to be emitted. `map` runs on the workers (serialize there); `emit` runs on the calling
    /// thread, which also takes the inputs, and may stop the run early by returning `Break` (a
    /// closed pipe).
    ///
    /// With [`PipelineBuilder::dedup`](crate::PipelineBuilder::dedup), each input is read and hashed by its worker; inputs whose
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
        let inputs = Listed(inputs.into_iter());
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
        let inputs = Listed(inputs.into_iter());
        self.run_ordered_inner(inputs, threads, Some(store), map, emit)
    }

    /// [`Pipeline::run_ordered`] over inputs that arrive while the run goes (requests on a pipe):
    /// every record is handed to `emit` as soon as it and those before it are done, without
    /// waiting for more inputs, so a caller may send one request, read its record, then send the
    /// next. The run ends when every sender of `inputs` is gone and all is emitted.
    ///
    /// ```
    /// use docfacts_ingest::Input;
    /// use docfacts_pipeline::Pipeline;
    /// let (send, inputs) = std::sync::mpsc::sync_channel(16);
    /// let text = "Nghị quyết số 57-NQ/TW".as_bytes().to_vec();
    /// send.send(Input::from_bytes("r1".into(), "-".into(), text))?;
    /// drop(send);
    /// let mut ids = Vec::new();
    /// Pipeline::builder().build().run_ordered_stream(inputs, 2, |r| r.id, |id| {
    ///     ids.push(id);
    ///     std::ops::ControlFlow::Continue(())
    /// });
    /// assert_eq!(ids, ["r1"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_ordered_stream<T: Send>(
        &self,
        inputs: Receiver<Input>,
        threads: usize,
        map: impl Fn(Record) -> T + Sync,
        mut emit: impl FnMut(T) -> ControlFlow<()>,
    ) -> RunStats {
        self.run_ordered_inner(
            Arriving(inputs),
            threads,
            None,
            map,
            |emitted| match emitted {
                Emitted::Record(item) => emit(item),
                Emitted::Unchanged => ControlFlow::Continue(()),
            },
        )
    }

    fn run_ordered_inner<T: Send>(
        &self,
        inputs: impl Source<Item = Input>,
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
        ordered_map(
            inputs,
            threads,
            IN_FLIGHT_PER_THREAD,
            |index, input| order.work(index, input),
            Done::Panicked,
            |index, input, done| {
                let flow = order.emit(index, &input, done, &mut stats, &mut emit);
                if flow.is_break() {
                    order.stopped.store(true, Ordering::Relaxed);
                }
                flow
            },
        );
        stats
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

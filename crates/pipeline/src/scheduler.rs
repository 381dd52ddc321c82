//! A generic ordered map: items taken from a source as the run goes, worked on by a pool of
//! threads, handed over in the source's order. The records of `extract`, the reports of `compare
//! --pairs` and the requests of `--jsonl-input` all run through it.

use std::any::Any;
use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Condvar, Mutex};

/// What a source of items has next.
#[derive(Debug)]
pub enum Next<I> {
    /// An item.
    Item(I),
    /// None yet (more may come).
    Pending,
    /// No more.
    End,
}

/// Where an ordered map takes its items from.
pub trait Source {
    /// The items.
    type Item;
    /// The next item; waits for one if `wait`, else may answer [`Next::Pending`].
    fn next(&mut self, wait: bool) -> Next<Self::Item>;
}

/// Items listed in advance (an iterator, perhaps lazy): never pending.
#[derive(Debug)]
pub struct Listed<It>(pub It);

impl<It: Iterator> Source for Listed<It> {
    type Item = It::Item;

    fn next(&mut self, _wait: bool) -> Next<It::Item> {
        self.0.next().map_or(Next::End, Next::Item)
    }
}

/// Items arriving on a channel while the run goes (requests on a pipe): a result done is handed
/// over without waiting for the next item.
#[derive(Debug)]
pub struct Arriving<I>(pub Receiver<I>);

impl<I> Source for Arriving<I> {
    type Item = I;

    fn next(&mut self, wait: bool) -> Next<I> {
        if wait {
            return self.0.recv().map_or(Next::End, Next::Item);
        }
        match self.0.try_recv() {
            Ok(item) => Next::Item(item),
            Err(TryRecvError::Empty) => Next::Pending,
            Err(TryRecvError::Disconnected) => Next::End,
        }
    }
}

/// Runs `work` on every item of `source` on `threads` worker threads and hands each item with its
/// result to `emit`, in the source's order, on the calling thread (which also takes the items).
///
/// At most `in_flight_per_thread` items a thread are started and not yet emitted, so memory
/// follows the items in flight. Workers never wait for each other: a finished item waits only for
/// those before it. A panic in `work` becomes `panicked(payload)`, the item's result. `emit` may
/// stop the run by returning `Break` (items not yet started are then not taken).
///
/// ```
/// use docfacts_pipeline::scheduler::{Listed, ordered_map};
/// let mut out = Vec::new();
/// ordered_map(Listed(1..=100u64), 4, 8, |_, n| n * n, |_| 0, |_, n, square| {
///     out.push((n, square));
///     std::ops::ControlFlow::Continue(())
/// });
/// assert_eq!(out.len(), 100);
/// assert!(out.iter().enumerate().all(|(i, &(n, sq))| n == i as u64 + 1 && sq == n * n));
/// ```
pub fn ordered_map<S, D>(
    mut source: S,
    threads: usize,
    in_flight_per_thread: usize,
    work: impl Fn(usize, &S::Item) -> D + Sync,
    panicked: impl Fn(Box<dyn Any + Send>) -> D + Sync,
    mut emit: impl FnMut(usize, S::Item, D) -> ControlFlow<()>,
) where
    S: Source,
    S::Item: Send,
    D: Send,
{
    let threads = threads.max(1);
    let guarded = |index: usize, item: &S::Item| {
        catch_unwind(AssertUnwindSafe(|| work(index, item))).unwrap_or_else(&panicked)
    };
    let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else {
        // No threads to be had: the same work, one item at a time on this thread.
        for index in 0.. {
            let Next::Item(item) = source.next(true) else {
                break;
            };
            let done = guarded(index, &item);
            if emit(index, item, done).is_break() {
                break;
            }
        }
        return;
    };
    // Items started and not yet emitted: enough that workers never wait for this thread (which
    // may itself wait for a core), refilled a batch at a time.
    let per_thread = in_flight_per_thread.max(1);
    let in_flight = threads * per_thread;
    let refill_at = in_flight - threads * per_thread / 4;
    let finished = Finished::default();
    let (guarded, finished) = (&guarded, &finished);
    pool.in_place_scope(|scope| {
        // Slot `i` holds item `emitted + i` once it is done, until all before it are emitted.
        let mut waiting: VecDeque<Option<(S::Item, D)>> = VecDeque::new();
        let mut emitted = 0usize;
        let mut exhausted = false;
        loop {
            if waiting.len() <= refill_at {
                while !exhausted && waiting.len() < in_flight {
                    // Wait for an item only when none is in flight: a result done must not wait
                    // for the next item.
                    let item = match source.next(waiting.is_empty()) {
                        Next::Item(item) => item,
                        Next::Pending => break,
                        Next::End => {
                            exhausted = true;
                            break;
                        }
                    };
                    let index = emitted + waiting.len();
                    waiting.push_back(None);
                    scope.spawn(move |_| {
                        let done = guarded(index, &item);
                        finished.hand_over(index, item, done);
                    });
                }
            }
            while let Some(Some(_)) = waiting.front() {
                let Some(Some((item, done))) = waiting.pop_front() else {
                    break;
                };
                let index = emitted;
                emitted += 1;
                if emit(index, item, done).is_break() {
                    return;
                }
            }
            if waiting.is_empty() {
                if exhausted {
                    return;
                }
                continue;
            }
            // Sleep until an item a few past the next one is done (one wake-up for several, as
            // they finish about in order): the furthest not yet handed over, so that its
            // hand-over is still to come (the next one, at least, is not in).
            let ahead = (threads * 4).min(waiting.len().saturating_sub(1));
            let awaited = emitted
                + (0..=ahead)
                    .rev()
                    .find(|&at| waiting.get(at).is_some_and(Option::is_none))
                    .unwrap_or(0);
            for (index, item, done) in finished.take(awaited) {
                if let Some(slot) = index
                    .checked_sub(emitted)
                    .and_then(|at| waiting.get_mut(at))
                {
                    *slot = Some((item, done));
                }
            }
        }
    });
}

/// Where workers leave finished items for the calling thread. A worker wakes that thread only
/// when it finishes the item the thread waits for (the next to emit), so most hand-overs cost no
/// system call.
struct Finished<I, D> {
    state: Mutex<FinishedState<I, D>>,
    front_done: Condvar,
}

struct FinishedState<I, D> {
    /// Finished items not yet taken, in the order they finished.
    done: Vec<(usize, I, D)>,
    /// The index the calling thread sleeps for, if it does.
    awaited: Option<usize>,
}

impl<I, D> Default for Finished<I, D> {
    fn default() -> Finished<I, D> {
        Finished {
            state: Mutex::new(FinishedState {
                done: Vec::new(),
                awaited: None,
            }),
            front_done: Condvar::new(),
        }
    }
}

impl<I, D> Finished<I, D> {
    fn lock(&self) -> std::sync::MutexGuard<'_, FinishedState<I, D>> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A worker's finished item.
    fn hand_over(&self, index: usize, item: I, done: D) {
        let mut state = self.lock();
        state.done.push((index, item, done));
        let awaited = state.awaited == Some(index);
        drop(state);
        if awaited {
            self.front_done.notify_one();
        }
    }

    /// Everything finished so far; when nothing is, sleeps until item `awaited` is (or a later
    /// call's awaited item).
    fn take(&self, awaited: usize) -> Vec<(usize, I, D)> {
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

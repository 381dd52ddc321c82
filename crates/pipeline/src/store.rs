//! What the destination of a run already holds: lets a database load skip the documents it
//! stores as they are, and settle duplicates as a clean load of the same inputs would.

use docfacts_ingest::Input;

/// The documents a destination (a database being loaded) already holds, as an ordered run
/// asks about them ([`Pipeline::run_ordered_into`](crate::Pipeline::run_ordered_into)). Shared
/// by the worker threads.
pub trait Store: Sync {
    /// How `input`, whose bytes hash to `sha256` (hex), is stored: `Some` only when the store
    /// holds this input's record made from exactly these bytes (same id, path and content, and
    /// whatever else the store requires, such as the docfacts version).
    fn stored(&self, input: &Input, sha256: &str) -> Option<StoredRecord>;

    /// Stored first occurrences that are not among the run's inputs, as `(sha256, id)`: they
    /// come before every input, so a copy among the inputs is `duplicate_of` them.
    fn earlier_firsts(&self) -> Vec<(String, String)>;
}

/// What deduplication needs of a stored record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    /// The stored record's `status` is `ok`.
    pub ok: bool,
    /// The stored record's `duplicate_of`.
    pub duplicate_of: Option<String>,
}

/// What an ordered run with a [`Store`] hands over for each input, in input order.
#[derive(Debug)]
pub enum Emitted<T> {
    /// The input's record (mapped), to write.
    Record(T),
    /// The store already holds the input's record as this run would make it: nothing to write.
    Unchanged,
}

//! The docfacts facade: runs ingest → normalize → detect → extract on one document
//! ([`Pipeline::run`]) or on many in parallel with records in input order ([`Pipeline::run_ordered`]).
//!
//! Every input yields exactly one [`Record`](docfacts_types::Record): a document that cannot be read, or whose analysis
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

use std::time::Duration;

use docfacts_ingest::IngestOptions;
use docfacts_types::Lang;

mod analyze;
mod firsts;
mod ordered;
pub mod scheduler;
mod seen;
mod store;
#[cfg(test)]
mod tests;

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
}

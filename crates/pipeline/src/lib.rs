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
//! pipeline.run_ordered(&inputs, 2, |record| record, |record| {
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

use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};

use docfacts_extract::{Analyzed, extract};
use docfacts_ingest::{Document, IngestOptions, Input, read};
use docfacts_normalize::View;
use docfacts_types::{ErrorInfo, ErrorKind, Lang, Record, SCHEMA, Source, Variant};

/// A frozen, shareable configuration of the whole pipeline.
#[derive(Clone, Debug, Default)]
pub struct Pipeline {
    ingest: IngestOptions,
    forced_lang: Option<Lang>,
}

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
        let outcome = catch_unwind(AssertUnwindSafe(|| match read(input, &self.ingest) {
            Ok(doc) => self.analyze(&input.id, doc),
            Err(err) => Record::error(input.id.clone(), err.source_info().clone(), err.to_info()),
        }));
        outcome.unwrap_or_else(|panic| {
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
    /// `map` runs on the workers (serialize there); `emit` runs on the calling thread and may stop
    /// the run early by returning `Break` (a closed pipe). At most a few inputs per thread are in
    /// flight at once, so memory follows the documents being read, not the size of the archive.
    pub fn run_ordered<T: Send>(
        &self,
        inputs: &[Input],
        threads: usize,
        map: impl Fn(Record) -> T + Sync,
        mut emit: impl FnMut(T) -> ControlFlow<()>,
    ) {
        let threads = threads.max(1);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
        let chunk = threads * 8;
        for batch in inputs.chunks(chunk) {
            let results: Vec<T> = match &pool {
                Ok(pool) => {
                    use rayon::prelude::*;
                    pool.install(|| batch.par_iter().map(|input| map(self.run(input))).collect())
                }
                Err(_) => batch.iter().map(|input| map(self.run(input))).collect(),
            };
            for item in results {
                if emit(item).is_break() {
                    return;
                }
            }
        }
    }
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

//! One document through the stages: read, decode, detect, extract, describe; problems (and
//! panics) become error records.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use docfacts_extract::{Analyzed, extract};
use docfacts_ingest::{Document, IngestError, Input, Loaded, decode, read};
use docfacts_normalize::View;
use docfacts_types::{ErrorInfo, ErrorKind, Lang, Record, SCHEMA, Source, Variant};

use crate::{LONG_WINDOW, Pipeline};

impl Pipeline {
    /// Reads and analyses one input. Never fails and never panics: problems become error records.
    pub fn run(&self, input: &Input) -> Record {
        self.run_loaded(input, None)
    }

    /// Runs `f`, turning a panic into an internal error record for `input`.
    fn guarded(&self, input: &Input, f: impl FnOnce() -> Record) -> Record {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| contained(input, &*panic))
    }

    /// Decodes and analyses bytes already loaded (or reads the input again when they were not).
    pub(crate) fn run_loaded(&self, input: &Input, loaded: Option<Loaded>) -> Record {
        self.decode_and(input, loaded, true)
    }

    /// The record of a copy of an earlier input's content: decoded and its language detected
    /// (the same bytes give the same format, encoding, language and warnings as the first), not
    /// extracted; `duplicate_of` is set by the caller.
    pub(crate) fn describe_loaded(&self, input: &Input, loaded: Option<Loaded>) -> Record {
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
}

/// The internal-error record of an input whose handling panicked (`panic` is the payload).
pub(crate) fn contained(input: &Input, panic: &(dyn std::any::Any + Send)) -> Record {
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

pub(crate) fn error_record(input: &Input, err: &IngestError) -> Record {
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
    for (start, page) in record.pages_mut() {
        *page = page_of(start);
    }
}

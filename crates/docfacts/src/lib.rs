//! docfacts as a library: the one crate a Rust user adds.
//!
//! - [`extract`] and [`extract_file`]: one document → its [`Record`] (contract `docfacts/1`:
//!   dates, document numbers with their citation relations, figures, the document's metadata).
//! - [`batch::Batch`]: paths, folders and archives → inputs in a fixed order, filtered, with the
//!   summary counts; [`Pipeline::run_ordered`] runs them on worker threads and hands the records
//!   over in input order ([`Pipeline::run_ordered_stream`] for inputs that arrive as it goes).
//! - [`sink::RecordSink`]: where records go: JSON Lines ([`sink::JsonLines`]), SQLite or
//!   PostgreSQL ([`Sink`]).
//! - [`compare`] and [`compare_texts`]: whether a translation states the facts of its original.
//!
//! ```
//! let record = docfacts::extract("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024;", None);
//! assert_eq!(record.doc_refs[0].id, "57-NQ/TW");
//! assert_eq!(record.dates[0].iso, "2024-12-22");
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

pub mod batch;
pub mod compare_input;
pub mod sink;

use std::path::Path;

pub use docfacts_compare::{CompareInput, CompareOptions, CompareReport, compare};
pub use docfacts_ingest::{Input, InputOrigin, OwnOutputs};
pub use docfacts_pipeline::{Pipeline, PipelineBuilder, RunStats};
pub use docfacts_sink::{Sink, SinkError, SinkOptions, Target};
pub use docfacts_types::{
    DateFact, DocRefFact, DocumentMeta, ErrorKind, FigureFact, Lang, Record, Relation, Status,
};

/// The record of one text: its language detected (or `lang`), its facts, its metadata.
///
/// ```
/// use docfacts::{Lang, Relation};
/// let text = "KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024\n";
/// let record = docfacts::extract(text, Some(Lang::Vi));
/// assert_eq!(record.document.doc_type.as_deref(), Some("KH"));
/// assert_eq!(record.doc_refs[0].relation, Relation::Implements);
/// ```
pub fn extract(text: &str, lang: Option<Lang>) -> Record {
    let pipeline = Pipeline::builder().force_lang(lang).build();
    let input = Input::from_bytes("text".to_owned(), "-".to_owned(), text.as_bytes().to_vec());
    pipeline.run(&input)
}

/// The record of one file (text or PDF), its id the file's stem, as `docfacts extract FILE`
/// gives it. A file that cannot be read gives an error record (`status: "error"`).
///
/// ```
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/004_ea245d8fbc8ad84a.txt");
/// let record = docfacts::extract_file(path);
/// assert_eq!(record.id, "004_ea245d8fbc8ad84a");
/// assert_eq!(record.document.number.map(|n| n.id).as_deref(), Some("31/SKHCN-KHTC"));
/// ```
pub fn extract_file(path: impl AsRef<Path>) -> Record {
    let path = path.as_ref();
    let mut inputs = docfacts_ingest::Listing::new(&[path.to_path_buf()]).into_inputs();
    let pipeline = Pipeline::builder().build();
    match inputs.next() {
        Some(input) => pipeline.run(&input),
        None => pipeline.run(&Input::failed(
            path.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
            path.display().to_string(),
            ErrorKind::Io,
            "cannot read: no such file".to_owned(),
        )),
    }
}

/// Whether text `b` (a translation) states the facts of text `a`: both extracted, then compared
/// with the default options ([`compare`] takes records and tuning).
///
/// ```
/// let a = "Kết quả: 94.447 hồ sơ, đạt 91,83% (ngày 29/7/2025).";
/// let b = "Results: 94,447 records, 91.83% (as of July 29, 2025).";
/// let report = docfacts::compare_texts(a, b);
/// assert!(report.agree, "{:?}", report.mismatched);
/// let changed = docfacts::compare_texts(a, "Results: 94,447 records, 81.83% (as of July 29, 2025).");
/// assert!(!changed.agree);
/// ```
pub fn compare_texts(a: &str, b: &str) -> CompareReport {
    let (ra, rb) = (extract(a, None), extract(b, None));
    compare(
        CompareInput {
            record: &ra,
            text: Some(a),
        },
        CompareInput {
            record: &rb,
            text: Some(b),
        },
        &CompareOptions::default(),
    )
}

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExamples;

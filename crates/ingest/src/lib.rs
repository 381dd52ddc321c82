//! Stage 1 of docfacts: turns paths into [`Document`]s (see `ARCHITECTURE.md`).
//!
//! [`discover`] expands paths (directories recursively, in sorted order) into [`Input`]s with their
//! ids, without reading them ([`Listing`] gives them one at a time, for archives too large to list
//! in memory); [`read`] reads and decodes one input when its turn comes, so memory
//! follows the documents in flight, not the archive. Decoding is the only fallible stage of the
//! pipeline: every failure is an [`IngestError`] that still carries what is known of the source, so
//! that the caller can write an error record and go on.
//!
//! ```no_run
//! use docfacts_ingest::{discover, read, IngestOptions};
//! let inputs = discover(&["corpus".into()])?;
//! for input in &inputs {
//!     match read(input, &IngestOptions::default()) {
//!         Ok(doc) => println!("{}: {} bytes of text", input.id, doc.text.len()),
//!         Err(err) => eprintln!("{}: {err}", input.display),
//!     }
//! }
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

mod decode;
mod discover;
mod error;
mod legacy;
mod ocr;
mod pdf;
mod read;

pub use crate::decode::{Decoded, decode_text};
pub use crate::discover::{Input, InputOrigin, Listing, MemberSource, OwnOutputs, discover};
pub use crate::error::IngestError;
pub use crate::ocr::OcrMode;
pub use crate::pdf::{PdfOptions, pdf_worker_main};
pub use crate::read::{Document, FileKind, IngestOptions, Loaded, decode, load, read, read_bytes};

//! The one integration-test binary (one link on 2 cores): CLI runs, gold scoring, properties.
#![allow(clippy::print_stderr, clippy::print_stdout)] // tests report scores and skips to people

mod archive;
mod cli;
mod compare;
mod conformance_fa;
mod golden;
mod jsonl_input;
mod ocr;
mod pdf;
mod persian;
mod properties;
mod sink;

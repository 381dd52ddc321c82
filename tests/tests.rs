//! The one integration-test binary (one link on 2 cores): CLI runs, gold scoring, properties,
//! the case files of `fixtures/cases/` and the conformance suites.
#![allow(clippy::print_stderr, clippy::print_stdout)] // tests report scores and skips to people

mod archive;
mod cases;
mod cli;
mod compare;
mod compare_meta;
mod conformance;
mod conformance_fa;
mod golden;
mod graph;
mod hostile;
mod jsonl_input;
mod ocr;
mod pdf;
mod persian;
mod properties;
mod sink;
mod sink_citations;
mod sink_refusals;
mod sink_resume;

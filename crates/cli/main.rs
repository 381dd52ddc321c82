//! `docfacts`: dates, document numbers and figures, with exact spans, from report archives.
//!
//! stdout carries data only (JSON Lines records, contract `docfacts/1`); messages for people go to
//! stderr. Exit status: 0 all documents ok, 1 finished with error records (or disagreements, for
//! `compare`), 2 could not run.
#![allow(clippy::print_stdout, clippy::print_stderr)] // the binary is where printing belongs

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: a document's analysis makes hundreds of short-lived allocations (tokens, candidate
/// lists, record strings) on each worker thread; its thread-local free lists serve them with less
/// work than the system allocator (see `BENCHMARKS.md`, seventh round).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns archives of government reports into trustworthy structured facts.
#[derive(Debug, Parser)]
#[command(name = "docfacts", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extracts facts from every file under each PATH (directories recursively; `-` = stdin).
    Extract(cmd::extract::ExtractArgs),
    /// Checks that translation B states the same facts as A (exit 0 agree, 1 disagree, 2 error).
    Compare(cmd::compare::CompareArgs),
    /// The citation graph of documents, records (--records) or a database (--db): JSON,
    /// GraphML, DOT or SVG (exit 0 written, 2 error).
    Graph(cmd::graph::GraphArgs),
    /// Prints the source text that offsets refer to.
    Text(cmd::text::TextArgs),
    /// Prints the JSON Schema of the document record.
    Schema,
    /// Internal: extracts one PDF read from stdin under limits, for `extract` and `text`.
    #[command(name = "__pdf-worker", hide = true)]
    PdfWorker(cmd::pdf_worker::PdfWorkerArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Extract(args) => cmd::extract::run(args),
        Command::Compare(args) => cmd::compare::run(args),
        Command::Graph(args) => cmd::graph::run(args),
        Command::Text(args) => cmd::text::run(args),
        Command::Schema => cmd::schema::run(),
        Command::PdfWorker(args) => cmd::pdf_worker::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("docfacts: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe downstream (`docfacts extract … | head`) ends the run quietly.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

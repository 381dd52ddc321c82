//! `docfacts __pdf-worker`: the isolated PDF extraction process (see `docs/pdf.md`).

use std::process::ExitCode;

/// Arguments of the worker (set by the parent process).
#[derive(Debug, clap::Args)]
pub(crate) struct PdfWorkerArgs {
    /// Address-space limit in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024 * 1024)]
    memory: u64,
    /// CPU-time limit in seconds.
    #[arg(long, default_value_t = 61)]
    cpu_seconds: u64,
}

pub(crate) fn run(args: PdfWorkerArgs) -> anyhow::Result<ExitCode> {
    docfacts_ingest::pdf_worker_main(args.memory, args.cpu_seconds)?;
    Ok(ExitCode::SUCCESS)
}

/// PDF options that run each PDF in a worker process of this executable, with `timeout_secs`.
pub(crate) fn options(timeout_secs: u64) -> docfacts_ingest::PdfOptions {
    let mut pdf = docfacts_ingest::PdfOptions::default();
    pdf.worker = std::env::current_exe().ok();
    pdf.timeout = std::time::Duration::from_secs(timeout_secs.max(1));
    pdf
}

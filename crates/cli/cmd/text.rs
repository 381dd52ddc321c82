//! `docfacts text PATH`: prints the source text that offsets refer to.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use docfacts_ingest::{IngestOptions, discover, read};

/// Arguments of `docfacts text`.
#[derive(Debug, clap::Args)]
pub(crate) struct TextArgs {
    /// The document (`-` for stdin).
    path: PathBuf,
}

pub(crate) fn run(args: TextArgs) -> anyhow::Result<ExitCode> {
    let inputs = discover(std::slice::from_ref(&args.path))?;
    let [input] = inputs.as_slice() else {
        anyhow::bail!(
            "{}: expected one document, found {}",
            args.path.display(),
            inputs.len()
        );
    };
    let doc = read(input, &IngestOptions::default()).with_context(|| input.display.clone())?;
    let mut out = std::io::stdout().lock();
    out.write_all(doc.text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

//! `docfacts text PATH`: prints the source text that offsets refer to, or with `--normalized` the
//! matching view the extractors read.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use docfacts_ingest::{IngestOptions, discover, read};
use docfacts_pipeline::Pipeline;

/// Arguments of `docfacts text`.
#[derive(Debug, clap::Args)]
pub(crate) struct TextArgs {
    /// The document (`-` for stdin).
    path: PathBuf,
    /// Prints the matching view instead: diacritics folded, whitespace collapsed, and for
    /// unaccented (OCR'd) Vietnamese the OCR confusions folded (`s6 03/ND-CP` → `so 03/ND-CP`).
    /// Its offsets are not source offsets.
    #[arg(long)]
    normalized: bool,
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
    if args.normalized {
        let view = Pipeline::builder().build().normalized_text(&doc.text);
        out.write_all(view.as_bytes())?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(doc.text.as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

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
    /// Only these pages of a PDF (`3`, `2-5`, `4-`); pages stay separated by form feeds.
    #[arg(long, value_name = "RANGE", value_parser = parse_pages)]
    pages: Option<(usize, usize)>,
    /// PDF reading: time limit and OCR.
    #[command(flatten)]
    pdf: super::pdf_worker::PdfArgs,
}

fn parse_pages(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("bad page range {s:?} (expected N, N-M or N-)");
    let num = |t: &str| t.trim().parse::<usize>().ok().filter(|n| *n >= 1);
    let (first, last) = match s.split_once('-') {
        Some((a, "")) => (num(a).ok_or_else(bad)?, usize::MAX),
        Some((a, b)) => (num(a).ok_or_else(bad)?, num(b).ok_or_else(bad)?),
        None => {
            let n = num(s).ok_or_else(bad)?;
            (n, n)
        }
    };
    if last < first {
        return Err(bad());
    }
    Ok((first, last))
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
    let mut options = IngestOptions::default();
    options.pdf = super::pdf_worker::options(&args.pdf);
    // One document: its pages may use every core.
    options.pdf.page_threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let doc = read(input, &options).with_context(|| input.display.clone())?;
    let text = match (args.pages, &doc.page_starts) {
        (Some((first, last)), Some(starts)) => {
            let start = starts.get(first - 1).copied().unwrap_or(doc.text.len());
            let end = starts
                .get(last)
                .map_or(doc.text.len(), |next| next.saturating_sub(1));
            doc.text.get(start..end.max(start)).unwrap_or_default()
        }
        (Some(_), None) => anyhow::bail!("{}: --pages needs a paged document (PDF)", input.display),
        (None, _) => doc.text.as_str(),
    };
    for warning in &doc.warnings {
        eprintln!("docfacts: {}: {warning}", input.display);
    }
    let mut out = std::io::stdout().lock();
    if args.normalized {
        let view = Pipeline::builder().build().normalized_text(text);
        out.write_all(view.as_bytes())?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(text.as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

//! `docfacts extract PATH...`: one JSON record per document, in input order.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use docfacts_ingest::discover;
use docfacts_pipeline::Pipeline;
use docfacts_types::{Lang, Record};

/// Arguments of `docfacts extract`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExtractArgs {
    /// Files or directories (walked recursively, sorted); `-` reads standard input. None = stdin.
    paths: Vec<PathBuf>,
    /// Write the records to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads (default: all cores). Output is the same whatever the number.
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,
    /// Indented JSON, one record after another (for people; not JSON Lines).
    #[arg(long)]
    pretty: bool,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,
    /// Wall-clock limit for reading one PDF (each PDF is read in a separate, memory-limited process).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pdf_timeout: u64,
    /// Treat every document as this language (vi, en, fa) instead of detecting it.
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Archives, filters, duplicates and the summary (see docs/archives.md).
    #[command(flatten)]
    batch: super::batch::BatchArgs,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("unknown language {s:?} (expected vi, en or fa)"))
}

pub(crate) fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let mut batch = super::batch::Batch::new(&args.batch)?;
    let inputs = batch.prepare(discover(&paths)?, args.max_bytes);
    let pipeline = Pipeline::builder()
        .max_bytes(args.max_bytes)
        .force_lang(args.lang)
        .pdf_options(super::pdf_worker::options(args.pdf_timeout))
        .build();
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    let progress = progress_bar(inputs.len() as u64, args.quiet);
    let (mut ok, mut errors) = (0usize, 0usize);
    let mut write_error: Option<std::io::Error> = None;
    let pretty = args.pretty;

    pipeline.run_ordered(
        &inputs,
        threads,
        |record| {
            let json = if pretty {
                serde_json::to_vec_pretty(&record)
            } else {
                serde_json::to_vec(&record)
            };
            (record, json)
        },
        |(mut record, mut json)| {
            if batch.observe(&mut record) {
                json = if pretty {
                    serde_json::to_vec_pretty(&record)
                } else {
                    serde_json::to_vec(&record)
                };
            }
            let summary = record_summary(&record);
            match summary {
                Ok(()) => ok += 1,
                Err(message) => {
                    errors += 1;
                    progress.suspend(|| eprintln!("docfacts: {message}"));
                }
            }
            progress.inc(1);
            let written = json.map_err(std::io::Error::other).and_then(|bytes| {
                out.write_all(&bytes)?;
                out.write_all(b"\n")
            });
            match written {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    write_error = Some(e);
                    ControlFlow::Break(())
                }
            }
        },
    );
    progress.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e).context("cannot write output");
    }
    out.flush().context("cannot write output")?;
    let closing = batch.finish()?;
    if !args.quiet {
        eprintln!("{closing}");
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `Ok` for a good record, or the stderr line for an error record.
fn record_summary(record: &Record) -> Result<(), String> {
    match &record.error {
        None => Ok(()),
        Some(e) => Err(format!("{}: {}", record.source.path, e.message)),
    }
}

fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    let wanted = !quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("DOCFACTS_NO_PROGRESS").is_none();
    if !wanted {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

//! `docfacts extract PATH...`: one JSON record per document, in input order, to JSON Lines and/or
//! databases (`--sqlite FILE`, `--postgres URL`).
//!
//! Output choice: without a database, records go to stdout (or `-o FILE`). With a database and no
//! `-o`, nothing is printed on stdout (the database is the output); `-o -` prints JSON Lines as well.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use docfacts_ingest::{Input, OwnOutputs};
use docfacts_pipeline::{Emitted, Pipeline};

use docfacts::batch::{Batch, Observed};
use docfacts_sink::{PreparedRecord, Sink, SinkOptions};
use docfacts_types::Lang;

/// Arguments of `docfacts extract`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExtractArgs {
    /// Files or directories (walked recursively, sorted); `-` reads standard input. None = stdin.
    paths: Vec<PathBuf>,
    /// Write the records to FILE instead of stdout (`-` = stdout, also when loading a database).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    database: super::database::DatabaseArgs,
    /// Continue a database load that was interrupted (documents already committed are skipped,
    /// as on every load; this also reports the interrupted run).
    #[arg(long)]
    resume: bool,
    /// Rewrite every document in the database, even those unchanged since the last load.
    #[arg(long, conflicts_with = "resume")]
    reload: bool,
    /// Documents per database transaction.
    #[arg(long, value_name = "N", default_value_t = 256)]
    batch_size: usize,
    /// Threads, limits, language, PDF reading, archives and filters.
    #[command(flatten)]
    read: ReadArgs,
    /// Indented JSON, one record after another (for people; not JSON Lines).
    #[arg(long)]
    pretty: bool,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Read requests `{"id": …, "text": …}` or `{"id": …, "path": …}`, one JSON object a line, on
    /// stdin; write their records in the same order (see docs/jsonl-input.md).
    #[arg(long, conflicts_with_all = ["paths", "sqlite", "postgres", "resume", "reload"])]
    jsonl_input: bool,
}

/// How documents are read and analysed: the options of `extract` that `graph` takes too, so that
/// both make the same records of the same inputs.
#[derive(Debug, clap::Args)]
pub(crate) struct ReadArgs {
    /// Worker threads (default: all cores). Output is the same whatever the number.
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,
    /// Wall-clock limit for analysing one document's text (0: none); a document over it becomes
    /// a `limit_exceeded` error record and the batch goes on.
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    text_timeout: u64,
    /// PDF reading: time limit and OCR.
    #[command(flatten)]
    pdf: super::pdf_worker::PdfArgs,
    /// Treat every document as this language (vi, en, fa) instead of detecting it.
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Archives, filters, duplicates and the summary (see docs/archives.md).
    #[command(flatten)]
    pub(crate) batch: super::batch::BatchArgs,
}

impl ReadArgs {
    /// `--threads`, or all cores.
    pub(crate) fn threads(&self) -> usize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// `--max-bytes`.
    pub(crate) fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// `--text-timeout` as the pipeline takes it.
    fn text_timeout(&self) -> Option<std::time::Duration> {
        (self.text_timeout > 0).then(|| std::time::Duration::from_secs(self.text_timeout))
    }

    /// The pipeline of a batch of `count` inputs, duplicates marked (`duplicate_of`): a document
    /// alone has its PDF pages read on the threads the batch would have used.
    pub(crate) fn batch_pipeline(&self, count: usize) -> Pipeline {
        let mut pdf = super::pdf_worker::options(&self.pdf);
        if count == 1 {
            pdf.page_threads = self.threads();
        }
        self.builder(pdf).dedup(true).build()
    }

    fn builder(&self, pdf: docfacts_ingest::PdfOptions) -> docfacts_pipeline::PipelineBuilder {
        Pipeline::builder()
            .max_bytes(self.max_bytes)
            .force_lang(self.lang)
            .pdf_options(pdf)
            .text_timeout(self.text_timeout())
    }
}

/// The files this run writes, which its listing leaves out (see [`OwnOutputs`]).
fn own_outputs(args: &ExtractArgs) -> OwnOutputs {
    let mut outputs = OwnOutputs::none();
    if let Some(path) = args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        outputs = outputs.file(path);
    }
    if let Some(db) = &args.database.sqlite {
        outputs = outputs.sqlite(db);
    }
    outputs
}

/// The paths given, or standard input (`-`) when none is.
pub(crate) fn paths_or_stdin(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        paths.to_vec()
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("unknown language {s:?} (expected vi, en or fa)"))
}

pub(crate) fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let read = &args.read;
    if args.jsonl_input {
        return super::jsonl_input::run(&super::jsonl_input::Options {
            pipeline: &read.builder(super::pdf_worker::options(&read.pdf)).build(),
            threads: read.threads(),
            output: args.output.as_deref(),
            pretty: args.pretty,
            quiet: args.quiet,
            max_bytes: read.max_bytes,
        });
    }
    let paths = paths_or_stdin(&args.paths);
    let mut batch = Batch::new(&read.batch.options())?;
    let threads = read.threads();
    let (inputs, count) =
        batch.prepare_listing(&paths, read.max_bytes, threads, own_outputs(&args));
    let pipeline = read.batch_pipeline(count);

    let mut sinks = open_sinks(&args)?;
    let jsonl: Option<Box<dyn Write>> = match &args.output {
        Some(path) if path.as_os_str() == "-" => Some(Box::new(std::io::stdout().lock())),
        Some(path) => {
            Some(Box::new(File::create(path).with_context(|| {
                format!("cannot write {}", path.display())
            })?))
        }
        None if sinks.is_empty() => Some(Box::new(std::io::stdout().lock())),
        None => None,
    };
    // Loading databases: the duplicate check knows what they hold, so that a rerun, `--resume`
    // or a load of added files gives the rows a clean load would; documents they hold as this
    // run would make them are read and hashed, not extracted (unless records are printed too).
    // (Listed in full here: which stored documents are not among the inputs is known first.)
    let (inputs, stores) = if sinks.is_empty() {
        (inputs, docfacts::sink::Stores::none())
    } else {
        let inputs: Vec<Input> = inputs.collect();
        let ids: std::collections::HashSet<&str> = inputs.iter().map(|i| i.id.as_str()).collect();
        let stores = docfacts::sink::Stores::new(&sinks, |id| ids.contains(id), jsonl.is_none());
        (
            Box::new(inputs.into_iter()) as Box<dyn Iterator<Item = Input>>,
            stores,
        )
    };
    let mut skipped = 0usize;
    let mut out = jsonl.map(|sink| BufWriter::with_capacity(1 << 16, sink));
    let progress = progress_bar(count as u64, args.quiet);
    let (mut ok, mut errors) = (0usize, 0usize);
    let mut write_error: Option<anyhow::Error> = None;
    let pretty = args.pretty;
    let want_json = out.is_some();
    let want_db = !sinks.is_empty();

    let stats = pipeline.run_ordered_into(
        inputs,
        threads,
        &stores,
        |record| {
            // Everything the writing thread needs is made here, on the worker: the record is
            // dropped where it was built.
            let observed = Observed::of(&record);
            let json = want_json.then(|| {
                // Sized for the record up front (a fact takes about 150 bytes), so that the
                // buffer is not grown and copied several times while it is written.
                let facts = record.dates.len() + record.doc_refs.len() + record.figures.len();
                let mut buf = Vec::with_capacity(1024 + 160 * facts);
                if pretty {
                    serde_json::to_writer_pretty(&mut buf, &record)
                } else {
                    record.write_json(&mut buf);
                    Ok(())
                }
                .map(|()| buf)
            });
            let prepared = want_db.then(|| PreparedRecord::new(record));
            (observed, json, prepared)
        },
        |emitted| {
            let Emitted::Record((observed, json, prepared)) = emitted else {
                // Every database holds this document as it is.
                skipped += 1;
                progress.inc(1);
                sinks.iter_mut().for_each(|(_, sink)| sink.note_unchanged());
                return ControlFlow::Continue(());
            };
            batch.observe(&observed);
            match &observed.error {
                None => ok += 1,
                Some(message) => {
                    errors += 1;
                    progress.suspend(|| eprintln!("docfacts: {message}"));
                }
            }
            progress.inc(1);
            if let (Some(out), Some(json)) = (out.as_mut(), json) {
                let written = json.map_err(std::io::Error::other).and_then(|bytes| {
                    out.write_all(&bytes)?;
                    out.write_all(b"\n")
                });
                if let Err(e) = written {
                    write_error = Some(anyhow::Error::new(e).context("cannot write output"));
                    return ControlFlow::Break(());
                }
            }
            if let Some(prepared) = prepared {
                let last = sinks.len().saturating_sub(1);
                let mut prepared = Some(prepared);
                for (i, (_, sink)) in sinks.iter_mut().enumerate() {
                    let record = if i == last {
                        prepared.take()
                    } else {
                        prepared.clone()
                    };
                    if let Some(record) = record
                        && let Err(e) = sink.add(record)
                    {
                        write_error = Some(anyhow::Error::new(e).context("cannot load database"));
                        return ControlFlow::Break(());
                    }
                }
            }
            ControlFlow::Continue(())
        },
    );
    progress.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e);
    }
    if let Some(out) = out.as_mut() {
        out.flush().context("cannot write output")?;
    }
    let mut reports = Vec::new();
    for (name, sink) in sinks {
        let stats = sink.finish().context("cannot load database")?;
        for rejected in &stats.rejected {
            errors += 1;
            eprintln!(
                "docfacts: {name}: document {} not stored: {}",
                rejected.id, rejected.message
            );
        }
        reports.push(format!(
            "{name}: {} inserted, {} replaced, {} unchanged, {} facts written",
            stats.inserted, stats.replaced, stats.unchanged, stats.facts
        ));
    }
    let summary = batch.finish(stats.analysed);
    if let Some(path) = read.batch.summary_path() {
        let json = serde_json::to_vec_pretty(&summary)?;
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut closing = summary.sentence();
    if !args.quiet {
        if skipped > 0 {
            closing.push_str(&format!(
                "; {skipped} unchanged in the database (not extracted)"
            ));
        }
        eprintln!("{closing}");
        for line in reports {
            eprintln!("{line}");
        }
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Opens the databases named on the command line, creating or migrating their schema.
fn open_sinks(args: &ExtractArgs) -> anyhow::Result<Vec<(String, Sink)>> {
    let targets = args.database.targets();
    if (args.resume || args.reload) && targets.is_empty() {
        anyhow::bail!("--resume and --reload need a database (--sqlite FILE or --postgres URL)");
    }
    let mut sinks = Vec::new();
    for (name, target) in targets {
        let mut options = SinkOptions::default();
        options.reload = args.reload;
        options.batch_documents = args.batch_size.max(1);
        let sink = Sink::open(&target, options).context("cannot open database")?;
        if let Some(load) = sink.interrupted_load() {
            if args.resume && !args.quiet {
                eprintln!(
                    "docfacts: {name}: resuming after load #{} (started {}, {} documents committed)",
                    load.id, load.started_at, load.documents
                );
            }
        } else if args.resume && !args.quiet {
            eprintln!("docfacts: {name}: no interrupted load; loading what changed");
        }
        sinks.push((name, sink));
    }
    Ok(sinks)
}

/// A progress bar on stderr when it is a terminal (hidden with `quiet` or `DOCFACTS_NO_PROGRESS`).
pub(crate) fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
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

//! `docfacts graph`: the citation graph of a set of documents (extracted as `extract` does), of
//! records already extracted (`--records`), or of a database (`--db`), as JSON
//! (`docfacts-graph/1`), GraphML, Graphviz DOT or SVG (see docs/graph.md). Exit status 0 when the
//! graph is written, 2 when it cannot be.

use std::io::{BufRead, BufReader, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use docfacts_graph::{Format, GraphBuilder, GraphError, graphviz_dot, render};
use docfacts_ingest::OwnOutputs;
use docfacts_types::{Record, SCHEMA};

use super::extract::ReadArgs;
use docfacts::batch::{Batch, Observed};

/// Arguments of `docfacts graph`.
#[derive(Debug, clap::Args)]
pub(crate) struct GraphArgs {
    /// Documents: files or directories (walked recursively, sorted), extracted as `docfacts
    /// extract` does; `-` reads standard input. None (and no --records or --db) = stdin.
    paths: Vec<PathBuf>,
    /// Read records already extracted instead: the JSON Lines of `docfacts extract` (`-` = stdin).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "db"])]
    records: Option<PathBuf>,
    /// Read the records stored in a docfacts database instead: an SQLite file, or a PostgreSQL
    /// URL (`postgres://…`, or libpq's `host=… dbname=…`). Opened read-only.
    #[arg(long, value_name = "URL_OR_PATH", conflicts_with = "paths")]
    db: Option<String>,
    /// Output format; `svg` renders the DOT form with Graphviz's `dot`, which must be installed.
    #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
    format: GraphFormat,
    /// Write the graph to FILE instead of stdout (`-` = stdout).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// No progress bar and no summary lines.
    #[arg(short, long)]
    quiet: bool,
    /// Threads, limits, language, PDF reading, archives and filters, as for `extract`.
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum GraphFormat {
    Json,
    Graphml,
    Dot,
    Svg,
}

impl GraphFormat {
    fn format(self) -> Format {
        match self {
            GraphFormat::Json => Format::Json,
            GraphFormat::Graphml => Format::Graphml,
            GraphFormat::Dot => Format::Dot,
            GraphFormat::Svg => Format::Svg,
        }
    }
}

pub(crate) fn run(args: GraphArgs) -> anyhow::Result<ExitCode> {
    // Before any work: without Graphviz there is no picture to make.
    if args.format == GraphFormat::Svg && graphviz_dot().is_none() {
        return Err(GraphError::NoGraphviz.into());
    }
    let mut builder = GraphBuilder::new();
    let read = if let Some(file) = &args.records {
        read_jsonl(file, &mut builder)?
    } else if let Some(db) = &args.db {
        let target = docfacts::sink::target_of(db);
        docfacts_sink::read_records(&target, |record| {
            builder.add(&record);
        })
        .context("cannot read database")?
    } else {
        extract(&args, &mut builder)?
    };
    let left_out = builder.left_out();
    let graph = builder.build();
    let bytes = render(&graph, args.format.format())?;
    match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes).context("cannot write output")?;
            out.flush().context("cannot write output")?;
        }
    }
    if !args.quiet {
        let documents = graph.documents();
        eprintln!(
            "graph: {documents} documents, {} cited documents outside them, {} edges, from {read} records ({left_out} left out: errors, duplicates, repeated ids)",
            graph.nodes.len() - documents,
            graph.edges.len(),
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Extracts the documents of `args.paths` as `extract` does (same listing, filters, pipeline)
/// and adds their records; returns how many there were.
fn extract(args: &GraphArgs, builder: &mut GraphBuilder) -> anyhow::Result<usize> {
    let read = &args.read;
    let paths = super::extract::paths_or_stdin(&args.paths);
    let mut batch = Batch::new(&read.batch.options())?;
    let threads = read.threads();
    let mut outputs = OwnOutputs::none();
    if let Some(path) = args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        outputs = outputs.file(path);
    }
    let (inputs, count) = batch.prepare_listing(&paths, read.max_bytes(), threads, outputs);
    let pipeline = read.batch_pipeline(count);
    let progress = super::extract::progress_bar(count as u64, args.quiet);
    let mut records = 0usize;
    let stats = pipeline.run_ordered(
        inputs,
        threads,
        |record| (Observed::of(&record), record),
        |(observed, record)| {
            batch.observe(&observed);
            if let Some(message) = &observed.error {
                progress.suspend(|| eprintln!("docfacts: {message}"));
            }
            builder.add(&record);
            records += 1;
            progress.inc(1);
            ControlFlow::Continue(())
        },
    );
    progress.finish_and_clear();
    let summary = batch.finish(stats.analysed);
    if let Some(path) = read.batch.summary_path() {
        let json = serde_json::to_vec_pretty(&summary)?;
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !args.quiet {
        eprintln!("{}", summary.sentence());
    }
    Ok(records)
}

/// Adds the records of a JSON Lines file (`-`: stdin), one a line (blank lines skipped); returns
/// how many there were.
fn read_jsonl(file: &Path, builder: &mut GraphBuilder) -> anyhow::Result<usize> {
    let name = file.display().to_string();
    let reader: Box<dyn BufRead> = if file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(BufReader::new(
            std::fs::File::open(file).with_context(|| format!("cannot read {name}"))?,
        ))
    };
    let mut count = 0;
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {name}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line)
            .with_context(|| format!("{name}:{}: not a docfacts record", n + 1))?;
        if record.schema != SCHEMA {
            bail!(
                "{name}:{}: schema {:?}, expected {SCHEMA:?}",
                n + 1,
                record.schema
            );
        }
        builder.add(&record);
        count += 1;
    }
    Ok(count)
}

//! `docfacts compare A B`: does translation B state the same facts as A? (contract
//! `docfacts-compare/1`). Exit status 0 agree, 1 disagreements found, 2 error.
//!
//! With `--sqlite FILE` / `--postgres URL` each comparison is also stored (`comparisons`,
//! `disagreements`, `comparison_matches`; one transaction per pair); stdout is unchanged.

use std::fmt::Write as _;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use docfacts::compare_input::{PairsFile, Side as Loaded, dir_pairs, load_side};
use docfacts_compare::{
    CompareInput, CompareOptions, CompareReport, Contexts, Fact, MetaValue, compare,
};
use docfacts_pipeline::Pipeline;
use docfacts_sink::ComparisonStore;

/// Arguments of `docfacts compare`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("batch").args(["pairs", "dir"])))]
pub(crate) struct CompareArgs {
    /// The original: a document, or the JSON Lines of `docfacts extract` (`FILE.jsonl#ID` picks a
    /// record; the first one otherwise).
    #[arg(required_unless_present_any = ["pairs", "dir"], conflicts_with = "batch")]
    a: Option<PathBuf>,
    /// The translation, likewise.
    #[arg(required_unless_present_any = ["pairs", "dir"], conflicts_with = "batch")]
    b: Option<PathBuf>,
    /// Output on stdout: the JSON report, or a summary for people with context for each disagreement.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Indented JSON.
    #[arg(long)]
    pretty: bool,
    /// Also write a self-contained side-by-side HTML page to FILE (single comparison only).
    #[arg(long, value_name = "FILE", conflicts_with = "batch")]
    html: Option<PathBuf>,
    /// Batch: compare the pairs listed in FILE (`-`: standard input), one `A<TAB>B` per line (`#`
    /// comments allowed), read as they come; relative paths are taken from the file's directory.
    #[arg(long, value_name = "FILE")]
    pairs: Option<PathBuf>,
    /// Batch: pair the files under DIR by language suffix (`report.vi.txt`, `report.en.txt`,
    /// `report.fa.txt`); every two languages of one report make a pair (A in the order vi, en, fa).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Worker threads for a batch (default: all cores). Output order does not depend on it.
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,
    /// Words of context on each side of a fact in `--format text`.
    #[arg(long, value_name = "N", default_value_t = 6)]
    context: usize,
    /// No summary line on stderr for a batch.
    #[arg(short, long)]
    quiet: bool,
    /// Refuse inputs larger than this many bytes: documents, JSON Lines files of records, the
    /// `--pairs` file.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    max_bytes: u64,
    #[command(flatten)]
    database: super::database::DatabaseArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Json,
    Text,
}

pub(crate) fn run(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::builder().max_bytes(args.max_bytes).build();
    let options = CompareOptions::default();
    let mut stores = open_stores(&args)?;
    if args.pairs.is_some() || args.dir.is_some() {
        return run_batch(&args, &pipeline, &options, &mut stores);
    }
    let (Some(a), Some(b)) = (&args.a, &args.b) else {
        bail!("give two documents A B, or --pairs FILE, or --dir DIR");
    };
    let la = load_side(a, &pipeline)?;
    let lb = load_side(b, &pipeline)?;
    let report = compare_loaded(&la, &lb, &options);
    if let Some(path) = &args.html {
        let page = docfacts_compare::render_html(&report, la.text.as_deref(), lb.text.as_deref());
        std::fs::write(path, page).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    out.write_all(render(&report, &la, &lb, &args)?.as_bytes())?;
    out.flush()?;
    for store in &mut stores {
        store.store(&report, &la.record.source, &lb.record.source)?;
    }
    Ok(if report.agree {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A database that comparisons are stored in, and what was stored there.
struct Store {
    name: String,
    store: ComparisonStore,
    stored: usize,
    replaced: u64,
}

impl Store {
    fn store(
        &mut self,
        report: &CompareReport,
        a: &docfacts_types::Source,
        b: &docfacts_types::Source,
    ) -> Result<(), docfacts_sink::SinkError> {
        let done = self.store.store(report, a, b)?;
        self.stored += 1;
        self.replaced += done.replaced;
        Ok(())
    }
}

/// Opens the databases named on the command line, creating or migrating their schema.
fn open_stores(args: &CompareArgs) -> anyhow::Result<Vec<Store>> {
    args.database
        .targets()
        .into_iter()
        .map(|(name, target)| {
            let store = ComparisonStore::open(&target).context("cannot open database")?;
            Ok(Store {
                name,
                store,
                stored: 0,
                replaced: 0,
            })
        })
        .collect()
}

fn compare_loaded(a: &Loaded, b: &Loaded, options: &CompareOptions) -> CompareReport {
    compare(
        CompareInput {
            record: &a.record,
            text: a.text.as_deref(),
        },
        CompareInput {
            record: &b.record,
            text: b.text.as_deref(),
        },
        options,
    )
}

fn render(
    report: &CompareReport,
    a: &Loaded,
    b: &Loaded,
    args: &CompareArgs,
) -> anyhow::Result<String> {
    Ok(match args.format {
        Format::Json => {
            let mut s = if args.pretty {
                serde_json::to_string_pretty(report)?
            } else {
                serde_json::to_string(report)?
            };
            s.push('\n');
            s
        }
        Format::Text => text_summary(report, a, b, args.context),
    })
}

/// The human summary: a verdict line, then each disagreement with context from both documents.
fn text_summary(report: &CompareReport, a: &Loaded, b: &Loaded, words: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "A {} ({}) ↔ B {} ({}): {} · score {:.4} · {} matched, {} mismatched, {} only in A, {} only in B, {} tolerated",
        report.a.id,
        report.a.language.code(),
        report.b.id,
        report.b.language.code(),
        if report.agree { "AGREE" } else { "DISAGREE" },
        report.score,
        report.matched.len(),
        report.mismatched.len(),
        report.only_in_a.len(),
        report.only_in_b.len(),
        report.tolerated.len()
    );
    // each text's words are indexed once, for all its facts
    let (ctx_a, ctx_b) = (
        a.text.as_deref().map(Contexts::new),
        b.text.as_deref().map(Contexts::new),
    );
    let line = |side: &str, fact: &Fact, text: Option<&Contexts<'_>>| {
        let (start, end) = fact.range();
        let ctx = text.map_or_else(
            || format!("[{}]", fact.text()),
            |t| t.snippet(start, end, words),
        );
        format!("    {side} @{start}-{end}: {ctx}\n")
    };
    let doc = &report.document;
    if !doc.is_empty() {
        let _ = writeln!(
            s,
            "  document (own number, date of issue, type): {} matched, {} mismatched, {} only in A, {} only in B",
            doc.matched.len(),
            doc.mismatched.len(),
            doc.only_in_a.len(),
            doc.only_in_b.len()
        );
    }
    // a metadata field's line: its span and context (a type has no span)
    let meta_line = |side: &str, value: &MetaValue, text: Option<&Contexts<'_>>| match value.span()
    {
        Some((start, end)) => {
            let ctx = text.map_or_else(
                || format!("[{}]", value.text()),
                |t| t.snippet(start, end, words),
            );
            format!("    {side} @{start}-{end}: {ctx}\n")
        }
        None => format!("    {side}: [{}]\n", value.text()),
    };
    for m in &doc.mismatched {
        if let (Some(x), Some(y)) = (&m.a, &m.b) {
            let _ = write!(
                s,
                "  mismatched document {} ({}): {} ≠ {}\n{}{}",
                m.field.name(),
                m.reason.as_deref().unwrap_or(m.field.reason()),
                x.canonical(),
                y.canonical(),
                meta_line("A", x, ctx_a.as_ref()),
                meta_line("B", y, ctx_b.as_ref())
            );
        }
    }
    for (side, entries, ctx) in [
        ("A", &doc.only_in_a, ctx_a.as_ref()),
        ("B", &doc.only_in_b, ctx_b.as_ref()),
    ] {
        for o in entries {
            if let Some(v) = o.a.as_ref().or(o.b.as_ref()) {
                let _ = write!(
                    s,
                    "  only in {side} document {}: {}\n{}",
                    o.field.name(),
                    v.canonical(),
                    meta_line(side, v, ctx)
                );
            }
        }
    }
    for m in &report.mismatched {
        let (va, vb) = m.differing();
        let _ = write!(
            s,
            "  mismatched {} ({}): {va} ≠ {vb}\n{}{}",
            m.fact_type.name(),
            m.reason,
            line("A", &m.a, ctx_a.as_ref()),
            line("B", &m.b, ctx_b.as_ref())
        );
    }
    for o in &report.only_in_a {
        let _ = write!(
            s,
            "  only in A {}: {}\n{}",
            o.fact_type.name(),
            o.a.canonical(),
            line("A", &o.a, ctx_a.as_ref())
        );
    }
    for o in &report.only_in_b {
        let _ = write!(
            s,
            "  only in B {}: {}\n{}",
            o.fact_type.name(),
            o.b.canonical(),
            line("B", &o.b, ctx_b.as_ref())
        );
    }
    s
}

/// A batch: pairs are read as they come (a `--pairs` file may be a pipe), compared by `-j`
/// workers, and each report is written as soon as those before it are, so the first report does
/// not wait for the last pair and memory holds a few reports, not all of them.
fn run_batch(
    args: &CompareArgs,
    pipeline: &Pipeline,
    options: &CompareOptions,
    stores: &mut [Store],
) -> anyhow::Result<ExitCode> {
    let keep_reports = !stores.is_empty();
    let pairs: Box<dyn Iterator<Item = anyhow::Result<(PathBuf, PathBuf)>> + Send> =
        match (&args.pairs, &args.dir) {
            (Some(file), _) => Box::new(
                PairsFile::open(file, args.max_bytes)?
                    .map(|pair| pair.map_err(anyhow::Error::from)),
            ),
            (None, Some(dir)) => Box::new(dir_pairs(dir)?.into_iter().map(Ok)),
            (None, None) => Box::new(std::iter::empty()),
        };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    // Pairs in flight per thread: bounds the reports held in memory. The pipeline's ordered map
    // reads the pairs as it goes and writes each report as soon as it and those before it are done.
    let mut tally = Tally::default();
    let mut read_error: Option<anyhow::Error> = None;
    let mut write_error: Option<anyhow::Error> = None;
    let mut out = std::io::stdout().lock();
    // A `--pairs` pipe is read on a thread of its own: a report done is written without waiting
    // for the next line. Not joined: the run may end while it still waits for input.
    let (send, arriving) = std::sync::mpsc::sync_channel(4 * threads);
    std::thread::spawn(move || {
        for pair in pairs {
            let failed = pair.is_err();
            if send.send(pair).is_err() || failed {
                break;
            }
        }
    });
    docfacts_pipeline::scheduler::ordered_map(
        docfacts_pipeline::scheduler::Arriving(arriving),
        threads,
        4,
        |_, pair| -> PairOutcome {
            let Ok((a, b)) = pair else {
                return Err(String::new()); // a pairs file that cannot be read: emit stops
            };
            compare_pair(a, b, pipeline, options, args, keep_reports).map_err(|e| format!("{e:#}"))
        },
        |_| Err("internal error (panic)".to_owned()),
        |_, pair, outcome| {
            let (a, b) = match pair {
                Ok(pair) => pair,
                Err(e) => {
                    read_error = Some(e);
                    return ControlFlow::Break(());
                }
            };
            let label = format!("{} ↔ {}", a.display(), b.display());
            let written = write_outcome(&mut out, args, stores, &mut tally, &label, outcome)
                .and_then(|()| out.flush().map_err(anyhow::Error::from));
            match written {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    write_error = Some(e);
                    ControlFlow::Break(())
                }
            }
        },
    );
    if let Some(e) = write_error {
        return Err(e);
    }
    if !args.quiet {
        let Tally {
            agree,
            disagree,
            errors,
        } = tally;
        eprintln!(
            "{} pairs: {agree} agree, {disagree} disagree, {errors} errors",
            agree + disagree + errors
        );
        for store in stores.iter() {
            eprintln!(
                "{}: {} comparisons stored ({} earlier ones replaced)",
                store.name, store.stored, store.replaced
            );
        }
    }
    if let Some(e) = read_error {
        return Err(e);
    }
    Ok(if tally.errors > 0 {
        ExitCode::from(2)
    } else if tally.disagree > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Pairs by verdict, for the summary and the exit status.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    agree: usize,
    disagree: usize,
    errors: usize,
}

/// Loads, compares and renders one pair of a batch.
fn compare_pair(
    a: &Path,
    b: &Path,
    pipeline: &Pipeline,
    options: &CompareOptions,
    args: &CompareArgs,
    keep_report: bool,
) -> anyhow::Result<Outcome> {
    let la = load_side(a, pipeline)?;
    let lb = load_side(b, pipeline)?;
    let report = compare_loaded(&la, &lb, options);
    Ok(Outcome {
        text: render(&report, &la, &lb, args)?,
        agree: report.agree,
        stored: keep_report.then_some((report, la.record.source, lb.record.source)),
    })
}

/// Writes one pair's report (or its error line) and stores it in the databases.
fn write_outcome(
    out: &mut impl Write,
    args: &CompareArgs,
    stores: &mut [Store],
    tally: &mut Tally,
    label: &str,
    outcome: PairOutcome,
) -> anyhow::Result<()> {
    match outcome {
        Ok(outcome) => {
            out.write_all(outcome.text.as_bytes())?;
            let mut stored = true;
            if let Some((report, a, b)) = &outcome.stored {
                for store in stores.iter_mut() {
                    match store.store(report, a, b) {
                        Ok(()) => {}
                        // The database refuses this pair's rows: say so and go on.
                        Err(e) if e.is_data_rejection() => {
                            eprintln!("docfacts: {}: {label}: not stored: {e}", store.name);
                            stored = false;
                        }
                        Err(e) => {
                            out.flush()?;
                            return Err(anyhow::Error::new(e).context("cannot store comparison"));
                        }
                    }
                }
            }
            if !stored {
                tally.errors += 1;
            } else if outcome.agree {
                tally.agree += 1;
            } else {
                tally.disagree += 1;
            }
        }
        Err(message) => {
            tally.errors += 1;
            eprintln!("docfacts: {label}: {message}");
            if args.format == Format::Json {
                let line = serde_json::json!({
                    "schema": docfacts_compare::COMPARE_SCHEMA,
                    "pair": label,
                    "error": message,
                });
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

/// A compared pair: its rendered report, whether it agrees, and (with a database) the report
/// and the two sources to store.
struct Outcome {
    text: String,
    agree: bool,
    stored: Option<(
        CompareReport,
        docfacts_types::Source,
        docfacts_types::Source,
    )>,
}

/// A compared pair, or the error message.
type PairOutcome = Result<Outcome, String>;

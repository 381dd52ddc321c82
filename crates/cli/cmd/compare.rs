//! `docfacts compare A B`: does translation B state the same facts as A? (contract
//! `docfacts-compare/1`). Exit status 0 agree, 1 disagreements found, 2 error.
//!
//! With `--sqlite FILE` / `--postgres URL` each comparison is also stored (`comparisons`,
//! `disagreements`, `comparison_matches`; one transaction per pair); stdout is unchanged.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use docfacts_compare::{CompareInput, CompareOptions, CompareReport, Contexts, Fact, compare};
use docfacts_ingest::{IngestOptions, discover, read};
use docfacts_pipeline::Pipeline;
use docfacts_sink::ComparisonStore;
use docfacts_types::{Lang, Record, SCHEMA};
use rayon::prelude::*;

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
    /// Batch: compare the pairs listed in FILE, one `A<TAB>B` per line (`#` comments allowed);
    /// relative paths are taken from the file's directory.
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
    #[command(flatten)]
    database: super::database::DatabaseArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Json,
    Text,
}

/// A compared side: its record and, when found, its source text.
struct Loaded {
    record: Record,
    text: Option<String>,
}

pub(crate) fn run(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::builder().build();
    let options = CompareOptions::default();
    let mut stores = open_stores(&args)?;
    if args.pairs.is_some() || args.dir.is_some() {
        return run_batch(&args, &pipeline, &options, &mut stores);
    }
    let (Some(a), Some(b)) = (&args.a, &args.b) else {
        bail!("give two documents A B, or --pairs FILE, or --dir DIR");
    };
    let la = load(a, &pipeline)?;
    let lb = load(b, &pipeline)?;
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
    for m in &report.mismatched {
        let _ = write!(
            s,
            "  mismatched {} ({}): {} ≠ {}\n{}{}",
            m.fact_type.name(),
            m.reason,
            m.a.canonical(),
            m.b.canonical(),
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

/// Reads one side: a JSON Lines file of records (detected by its first line) or a document.
fn load(path: &Path, pipeline: &Pipeline) -> anyhow::Result<Loaded> {
    let (file, wanted) = split_selector(path);
    if let Some(records) = read_records(&file)? {
        let record = match &wanted {
            Some(id) => records.into_iter().find(|r| &r.id == id),
            None => records.into_iter().next(),
        }
        .with_context(|| {
            format!(
                "{}: no record {}",
                file.display(),
                wanted.unwrap_or_default()
            )
        })?;
        if let Some(err) = &record.error {
            bail!("{}: record {}: {}", file.display(), record.id, err.message);
        }
        let text = source_text(&record, &file);
        return Ok(Loaded { record, text });
    }
    let inputs = discover(std::slice::from_ref(&file))?;
    let [input] = inputs.as_slice() else {
        bail!(
            "{}: expected one document, found {}",
            file.display(),
            inputs.len()
        );
    };
    let doc = read(input, pipeline.ingest_options()).with_context(|| input.display.clone())?;
    let text = doc.text.clone();
    let record = pipeline.analyze(&input.id, doc);
    if let Some(err) = &record.error {
        bail!("{}: {}", input.display, err.message);
    }
    Ok(Loaded {
        record,
        text: Some(text),
    })
}

/// `out.jsonl#003_61c3` → (`out.jsonl`, `003_61c3`) when the whole path does not exist.
fn split_selector(path: &Path) -> (PathBuf, Option<String>) {
    if !path.exists()
        && let Some((file, id)) = path.to_str().and_then(|s| s.rsplit_once('#'))
    {
        return (PathBuf::from(file), Some(id.to_owned()));
    }
    (path.to_path_buf(), None)
}

/// The records of a `.jsonl`/`.json` file whose first line is a `docfacts/1` record; `None` for
/// anything else (then it is read as a document).
fn read_records(file: &Path) -> anyhow::Result<Option<Vec<Record>>> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("jsonl" | "json")) {
        return Ok(None);
    }
    let Ok(data) = std::fs::read_to_string(file) else {
        return Ok(None);
    };
    let first = data.lines().next().unwrap_or("");
    let is_record = serde_json::from_str::<serde_json::Value>(first)
        .is_ok_and(|v| v.get("schema").and_then(|s| s.as_str()) == Some(SCHEMA));
    if !is_record {
        return Ok(None);
    }
    let mut records = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a docfacts record", file.display(), n + 1))?;
        records.push(r);
    }
    Ok(Some(records))
}

/// The source text of a record from JSON Lines, when its `source.path` can still be read (as
/// given, or beside the JSON Lines file) and every fact's `text` is found at its offsets.
fn source_text(record: &Record, jsonl: &Path) -> Option<String> {
    let given = PathBuf::from(&record.source.path);
    let beside = jsonl.parent().map(|d| d.join(&given));
    for path in std::iter::once(given.clone()).chain(beside) {
        let Ok(inputs) = discover(std::slice::from_ref(&path)) else {
            continue;
        };
        let Some(input) = inputs.first() else {
            continue;
        };
        let Ok(doc) = read(input, &IngestOptions::default()) else {
            continue;
        };
        let fits = |t: &str, s: usize, e: usize| doc.text.get(s..e) == Some(t);
        let ok = record.dates.iter().all(|f| fits(&f.text, f.start, f.end))
            && record
                .doc_refs
                .iter()
                .all(|f| fits(&f.text, f.start, f.end))
            && record.figures.iter().all(|f| fits(&f.text, f.start, f.end));
        if ok {
            return Some(doc.text);
        }
    }
    None
}

fn run_batch(
    args: &CompareArgs,
    pipeline: &Pipeline,
    options: &CompareOptions,
    stores: &mut [Store],
) -> anyhow::Result<ExitCode> {
    let keep_reports = !stores.is_empty();
    let pairs = match (&args.pairs, &args.dir) {
        (Some(file), _) => read_pairs(file)?,
        (None, Some(dir)) => dir_pairs(dir)?,
        (None, None) => Vec::new(),
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()?;
    let results: Vec<(String, PairOutcome)> = pool.install(|| {
        pairs
            .par_iter()
            .map(|(a, b)| {
                let label = format!("{} ↔ {}", a.display(), b.display());
                let result = (|| -> anyhow::Result<Outcome> {
                    let la = load(a, pipeline)?;
                    let lb = load(b, pipeline)?;
                    let report = compare_loaded(&la, &lb, options);
                    Ok(Outcome {
                        text: render(&report, &la, &lb, args)?,
                        agree: report.agree,
                        stored: keep_reports.then_some((
                            report,
                            la.record.source,
                            lb.record.source,
                        )),
                    })
                })()
                .map_err(|e| format!("{e:#}"));
                (label, result)
            })
            .collect()
    });
    let mut out = std::io::stdout().lock();
    let (mut agree, mut disagree, mut errors) = (0usize, 0usize, 0usize);
    for (label, result) in results {
        match result {
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
                                return Err(
                                    anyhow::Error::new(e).context("cannot store comparison")
                                );
                            }
                        }
                    }
                }
                if !stored {
                    errors += 1;
                } else if outcome.agree {
                    agree += 1;
                } else {
                    disagree += 1;
                }
            }
            Err(message) => {
                errors += 1;
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
    }
    out.flush()?;
    if !args.quiet {
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
    Ok(if errors > 0 {
        ExitCode::from(2)
    } else if disagree > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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

/// Lines `A<TAB>B`; blank lines and `#` comments skipped; relative paths from the file's directory.
fn read_pairs(file: &Path) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    let data =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let base = file.parent().unwrap_or(Path::new("."));
    let mut pairs = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((a, b)) = line.split_once('\t') else {
            bail!("{}:{}: expected A<TAB>B", file.display(), n + 1);
        };
        pairs.push((base.join(a.trim()), base.join(b.trim())));
    }
    Ok(pairs)
}

/// Groups the files under `dir` by name without the language suffix: `x/report.vi.txt` and
/// `x/report.en.txt` share `x/report`. Each group yields every two of its languages.
fn dir_pairs(dir: &Path) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    if !dir.is_dir() {
        bail!("{}: not a directory", dir.display());
    }
    let order = [Lang::Vi, Lang::En, Lang::Fa];
    let mut groups: BTreeMap<PathBuf, Vec<(usize, PathBuf)>> = BTreeMap::new();
    for input in discover(&[dir.to_path_buf()])? {
        let path = PathBuf::from(&input.display);
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let (base, lang) = match stem.rsplit_once('.') {
            Some((base, code)) => (base, Lang::from_code(code)),
            None => (stem, None),
        };
        let Some(rank) = lang.and_then(|l| order.iter().position(|o| *o == l)) else {
            continue;
        };
        let key = path.with_file_name(base);
        groups.entry(key).or_default().push((rank, path));
    }
    let mut pairs = Vec::new();
    for (_, mut members) in groups {
        members.sort();
        for (i, (_, a)) in members.iter().enumerate() {
            for (_, b) in members.iter().skip(i + 1) {
                pairs.push((a.clone(), b.clone()));
            }
        }
    }
    Ok(pairs)
}

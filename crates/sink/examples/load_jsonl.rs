//! Loads JSON Lines records (the output of `docfacts extract`) into a database and prints the
//! load throughput: the sink alone, without extraction. Used for the numbers in docs/database.md.
//!
//! ```sh
//! cargo run --release -p docfacts-sink --example load_jsonl -- records.jsonl sqlite facts.db
//! cargo run --release -p docfacts-sink --example load_jsonl -- records.jsonl postgres postgres://…
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool

use std::io::BufRead;

use docfacts_sink::{PreparedRecord, Sink, SinkOptions, Target};
use docfacts_types::Record;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, kind, target] = args.as_slice() else {
        eprintln!("usage: load_jsonl RECORDS.jsonl sqlite|postgres FILE|URL");
        std::process::exit(2);
    };
    let target = match kind.as_str() {
        "sqlite" => Target::Sqlite(target.into()),
        "postgres" => Target::Postgres(target.clone()),
        _ => return Err(format!("unknown database kind {kind}").into()),
    };
    // Parse and serialize first, so the timing below is the database work only.
    let file = std::io::BufReader::new(std::fs::File::open(input)?);
    let mut records = Vec::new();
    for line in file.lines() {
        let record: Record = serde_json::from_str(&line?)?;
        records.push(PreparedRecord::new(record));
    }
    let started = std::time::Instant::now();
    let mut sink = Sink::open(&target, SinkOptions::default())?;
    for record in records {
        sink.add(record)?;
    }
    let stats = sink.finish()?;
    let secs = started.elapsed().as_secs_f64();
    let docs = (stats.inserted + stats.replaced) as f64;
    println!(
        "{} inserted, {} replaced, {} unchanged, {} facts in {secs:.2} s: {:.0} documents/s, {:.0} facts/s",
        stats.inserted,
        stats.replaced,
        stats.unchanged,
        stats.facts,
        docs / secs,
        stats.facts as f64 / secs
    );
    Ok(())
}

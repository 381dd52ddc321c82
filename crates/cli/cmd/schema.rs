//! `docfacts schema`: the JSON Schema of the record, generated from the types.

use std::io::Write;
use std::process::ExitCode;

use docfacts_types::Record;

pub(crate) fn run() -> anyhow::Result<ExitCode> {
    let schema = schemars::schema_for!(Record);
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &schema)?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

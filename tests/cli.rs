//! Runs the real `docfacts` binary.

use std::process::Command;

pub(crate) fn docfacts() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docfacts"))
}

#[test]
fn schema_is_json() {
    let out = docfacts().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        schema["properties"]["doc_refs"].is_object(),
        "schema lacks doc_refs: {schema}"
    );
}

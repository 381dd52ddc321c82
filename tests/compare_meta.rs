//! `docfacts compare` on the documents' metadata: records of a faithful pair (fixtures/compare/
//! 001.en ↔ 001.vi) given a header by hand, then changed: a date of issue, a citation's relation
//! and cited date, a header dropped. Each is reported, in JSON, text and HTML, and the same
//! records without metadata give the report they always gave.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::cli::{docfacts, records};

/// The records `docfacts extract` makes of the faithful pair: (English, Vietnamese).
fn pair() -> (Value, Value) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/compare");
    let out = docfacts()
        .args(["extract", "-q"])
        .arg(fixtures.join("001.en.txt"))
        .arg(fixtures.join("001.vi.txt"))
        .output()
        .unwrap();
    let mut recs = records(&out).into_iter();
    (recs.next().unwrap(), recs.next().unwrap())
}

/// Gives `record` a header made of its own facts: the first date as the date of issue, the first
/// citation of `06/CP` as its own number (spans that are the source text's), type `BC`.
fn with_header(mut record: Value) -> Value {
    let date = record["dates"][0].clone();
    let number = record["doc_refs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "06/CP")
        .unwrap()
        .clone();
    record["document"] = json!({
        "number": {"text": number["text"], "start": number["start"], "end": number["end"],
                   "id": number["id"]},
        "type": "BC", "type_name": "report",
        "issued": {"text": date["text"], "start": date["start"], "end": date["end"],
                   "iso": date["iso"]},
        "place": null, "issuer": null, "title": null
    });
    record
}

/// Writes `record` as a one-line JSON Lines file in `dir`.
fn write(dir: &Path, name: &str, record: &Value) -> PathBuf {
    let path = dir.join(format!("{name}.jsonl"));
    std::fs::write(&path, format!("{record}\n")).unwrap();
    path
}

/// `docfacts compare A B [args]`: exit code and stdout.
fn compare(a: &Path, b: &Path, args: &[&str]) -> (i32, String) {
    let out = docfacts()
        .arg("compare")
        .arg(a)
        .arg(b)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn report(a: &Path, b: &Path) -> (i32, Value) {
    let (code, out) = compare(a, b, &[]);
    (code, serde_json::from_str(&out).unwrap())
}

#[test]
fn a_faithful_pair_with_the_same_header_agrees_and_its_facts_are_as_without() {
    let dir = tempfile::tempdir().unwrap();
    let (en, vi) = pair();
    let (plain_code, plain) = report(
        &write(dir.path(), "en0", &en),
        &write(dir.path(), "vi0", &vi),
    );
    assert_eq!(plain_code, 0);
    assert!(plain.get("document").is_none(), "{plain}");

    let (code, r) = report(
        &write(dir.path(), "en", &with_header(en)),
        &write(dir.path(), "vi", &with_header(vi)),
    );
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["agree"], true);
    let fields: Vec<&str> = r["document"]["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["number", "issued", "type"]);
    for list in ["mismatched", "only_in_a", "only_in_b"] {
        assert_eq!(r["document"][list], json!([]), "{list}");
    }
    // the fact lists are those of the records without metadata
    let mut facts = r.clone();
    facts.as_object_mut().unwrap().remove("document");
    assert_eq!(facts, plain);
}

#[test]
fn a_changed_date_of_issue_and_citation_are_reported_in_json_text_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let (en, vi) = pair();
    let en = with_header(en);
    let mut vi = with_header(vi);
    vi["document"]["issued"]["iso"] = "--05-22".into();
    // the translation cites 06/CP as its basis; A cites 57-NQ/TW dated 22/12/2024, B another day
    let mut en = en;
    for (record, relation, date) in [
        (&mut en, "cites", "2024-12-22"),
        (&mut vi, "basis", "2024-12-23"),
    ] {
        for r in record["doc_refs"].as_array_mut().unwrap() {
            if r["id"] == "06/CP" {
                r["relation"] = relation.into();
            }
            if r["id"] == "57-NQ/TW" {
                r["date"] = json!({"iso": date, "start": r["start"], "end": r["end"]});
            }
        }
    }
    let (a, b) = (write(dir.path(), "en", &en), write(dir.path(), "vi", &vi));
    let (code, r) = report(&a, &b);
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["agree"], false);
    let m = &r["document"]["mismatched"][0];
    assert_eq!(m["field"], "issued");
    assert_eq!(m["reason"], "date of issue differs");
    assert_eq!(m["a"]["iso"], "--05-21");
    assert_eq!(m["b"]["iso"], "--05-22");
    assert_eq!(m["a"]["start"], en["dates"][0]["start"]);
    let reasons: Vec<(&str, &str)> = r["mismatched"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "doc_refs")
        .map(|m| {
            (
                m["a"]["id"].as_str().unwrap(),
                m["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        reasons.contains(&("06/CP", "relation differs")),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&("57-NQ/TW", "cited date differs")),
        "{reasons:?}"
    );
    // every mismatch of a citation names what differs
    for m in r["mismatched"].as_array().unwrap() {
        if m["type"] == "doc_refs" && m["a"]["id"] == m["b"]["id"] {
            assert_ne!(m["reason"], "value differs");
        }
    }

    let (code, text) = compare(&a, &b, &["--format", "text"]);
    assert_eq!(code, 1);
    assert!(text.contains("DISAGREE"), "{text}");
    assert!(
        text.contains("  document (own number, date of issue, type): 2 matched, 1 mismatched, 0 only in A, 0 only in B"),
        "{text}"
    );
    assert!(
        text.contains("mismatched document issued (date of issue differs): --05-21 ≠ --05-22"),
        "{text}"
    );
    assert!(
        text.contains("mismatched doc_refs (relation differs): 06/CP cites ≠ 06/CP basis"),
        "{text}"
    );
    assert!(
        text.contains(
            "mismatched doc_refs (cited date differs): 57-NQ/TW cites dated 2024-12-22 ≠ 57-NQ/TW cites dated 2024-12-23"
        ),
        "{text}"
    );

    let html = dir.path().join("r.html");
    let (code, _) = compare(&a, &b, &["--html", html.to_str().unwrap()]);
    assert_eq!(code, 1);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("data-kind=\"mismatched\" data-type=\"document issued\""));
    assert!(
        page.contains("<p id=\"document\">Document (own number, date of issue, type): 2 matched")
    );
    assert!(page.contains("relation differs"));
    // the date of issue is highlighted in both texts, linked from its row
    assert!(
        page.contains("<mark class=\"bad\" id=\"a-d1\""),
        "no mark for row 1"
    );
    assert!(
        page.contains("<mark class=\"bad\" id=\"b-d1\""),
        "no mark for row 1"
    );
}

#[test]
fn a_translation_without_the_header_disagrees_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let (en, vi) = pair();
    let (code, r) = report(
        &write(dir.path(), "vi", &with_header(vi)),
        &write(dir.path(), "en", &en),
    );
    assert_eq!(code, 1, "{r}");
    let only: Vec<&str> = r["document"]["only_in_a"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["field"].as_str().unwrap())
        .collect();
    assert_eq!(only, ["number", "issued", "type"]);
    assert_eq!(r["document"]["only_in_a"][0]["a"]["id"], "06/CP");
    assert!(r["document"]["only_in_a"][0].get("b").is_none());
    assert_eq!(r["document"]["only_in_a"][2]["a"]["type"], "BC");
    // the facts themselves still agree
    for list in ["mismatched", "only_in_a", "only_in_b"] {
        assert_eq!(r[list], json!([]), "{list}");
    }
    let (_, text) = compare(
        &dir.path().join("vi.jsonl"),
        &dir.path().join("en.jsonl"),
        &["--format", "text"],
    );
    assert!(text.contains("only in A document number: 06/CP"), "{text}");
    assert!(
        text.contains("only in A document type: BC\n    A: [BC]"),
        "{text}"
    );
}

//! The extractors' tests as data: every case of `fixtures/cases/<kind>/<lang>.toml` (format:
//! `fixtures/cases/README.md`) runs alone through the whole pipeline with its language forced, and
//! the facts of the file's kind must be the expected ones, all of them, in order. Every failure is
//! reported (file, case, input, expected, got) before the test fails; a `pending` case is run and
//! reported but never fails it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use docfacts_ingest::Input;
use docfacts_pipeline::Pipeline;
use docfacts_types::Lang;
use serde::Deserialize;
use serde_json::Value as Json;
use toml::Value as Toml;

/// One case file: `[[case]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// The language the pipeline is forced to.
    lang: Lang,
    input: String,
    /// Every fact of the file's kind, in order: the fields to check, as in the JSON record.
    expect: Vec<toml::Table>,
    /// Why the case does not pass yet: it is run and reported, but does not fail the test.
    pending: Option<String>,
}

/// Per kind (the record's field), the fields an expectation must give, then those it may give.
/// Of figures, an absent `qualifier` or `unit` means none: the expectation is checked against null.
const KINDS: &[(&str, &[&str], &[&str])] = &[
    ("dates", &["text", "iso"], &["precision", "calendar"]),
    ("doc_refs", &["text", "id"], &["type", "repaired"]),
    (
        "figures",
        &["text", "kind", "value"],
        &["unit", "qualifier", "scale"],
    ),
    // Each doc_ref's relation and cited date (`date`: its ISO value; absent: none).
    ("citations", &["id", "relation"], &["text", "date"]),
    // The record's `document`, flattened: the own number's id, the type code, the date of issue's
    // ISO value, and the texts of place, issuer and title; absent fields must be null.
    (
        "document",
        &[],
        &["number", "type", "issued", "place", "issuer", "title"],
    ),
];

/// Fields absent from an expectation that must be null in the fact.
const NULL_WHEN_ABSENT: &[(&str, &str)] = &[
    ("figures", "qualifier"),
    ("figures", "unit"),
    ("citations", "date"),
    ("document", "number"),
    ("document", "type"),
    ("document", "issued"),
    ("document", "place"),
    ("document", "issuer"),
    ("document", "title"),
];

/// Does the fact's field `got` state `want`? Numbers agree to 1e-6, relative.
fn same(want: &Toml, got: &Json) -> bool {
    let near = |w: f64| {
        got.as_f64()
            .is_some_and(|g| (g - w).abs() < 1e-6 * w.abs().max(1.0))
    };
    match want {
        Toml::String(s) => got.as_str() == Some(s),
        Toml::Boolean(b) => got.as_bool() == Some(*b),
        Toml::Integer(i) => near(*i as f64),
        Toml::Float(f) => near(*f),
        _ => false,
    }
}

/// Checks that the expectations of `kind` name known fields, the required ones included.
fn check_fields(kind: &str, expect: &[toml::Table]) -> Result<(), String> {
    let &(_, required, optional) = KINDS.iter().find(|k| k.0 == kind).unwrap();
    for e in expect {
        if let Some(f) = required.iter().find(|f| !e.contains_key(**f)) {
            return Err(format!("an expectation lacks `{f}`"));
        }
        if let Some(f) = e
            .keys()
            .find(|f| !required.contains(&f.as_str()) && !optional.contains(&f.as_str()))
        {
            return Err(format!("unknown field `{f}` for {kind}"));
        }
    }
    Ok(())
}

/// Does fact `got` (as in the record) meet expectation `want`?
fn meets(kind: &str, want: &toml::Table, got: &Json) -> bool {
    let given = want.iter().all(|(k, w)| same(w, &got[k.as_str()]));
    let nulls = NULL_WHEN_ABSENT
        .iter()
        .filter(|(k, f)| *k == kind && !want.contains_key(*f))
        .all(|(_, f)| got[*f].is_null());
    given && nulls
}

/// The facts of `kind` that `case` gives, as JSON, after checking that each one's span holds its
/// text.
fn run(kind: &str, case: &Case) -> Result<Vec<Json>, String> {
    let pipeline = Pipeline::builder().force_lang(Some(case.lang)).build();
    let input = Input::from_bytes(
        case.name.clone(),
        case.name.clone(),
        case.input.as_bytes().into(),
    );
    let record = serde_json::to_value(pipeline.run(&input)).map_err(|e| e.to_string())?;
    if record["status"] != "ok" {
        return Err(format!("error record: {}", record["error"]));
    }
    let facts = match kind {
        "citations" => record["doc_refs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                serde_json::json!({
                    "id": r["id"], "text": r["text"], "relation": r["relation"],
                    "date": r["date"]["iso"], "start": r["start"], "end": r["end"],
                })
            })
            .collect(),
        "document" => {
            let doc = &record["document"];
            for field in ["number", "issued", "place", "issuer", "title"] {
                let f = &doc[field];
                if !f.is_null() {
                    check_span(&case.input, f)?;
                }
            }
            vec![serde_json::json!({
                "number": doc["number"]["id"], "type": doc["type"], "issued": doc["issued"]["iso"],
                "place": doc["place"]["text"], "issuer": doc["issuer"]["text"],
                "title": doc["title"]["text"],
            })]
        }
        _ => record[kind].as_array().cloned().unwrap_or_default(),
    };
    if kind == "document" {
        return Ok(facts);
    }
    for f in &facts {
        check_span(&case.input, f)?;
    }
    Ok(facts)
}

/// Checks that a fact's span holds its text.
fn check_span(input: &str, f: &Json) -> Result<(), String> {
    let span = f["start"].as_u64().zip(f["end"].as_u64());
    let text = span.and_then(|(s, e)| input.get(s as usize..e as usize));
    if text.is_none() || text != f["text"].as_str() {
        return Err(format!("span {span:?} does not hold the text of {f}"));
    }
    Ok(())
}

/// A fact as the report shows it: the fields an expectation can give, when set.
fn shown(kind: &str, fact: &Json) -> String {
    let &(_, required, optional) = KINDS.iter().find(|k| k.0 == kind).unwrap();
    let fields: Vec<String> = required
        .iter()
        .chain(optional)
        .filter(|f| !fact[**f].is_null())
        .map(|f| format!("{f} = {}", fact[*f]))
        .collect();
    format!("{{ {} }}", fields.join(", "))
}

/// Every case file, as (kind, path), sorted.
fn case_files() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cases");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let kind = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            KINDS.iter().any(|k| k.0 == kind),
            "{}: unknown kind",
            dir.display()
        );
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push((kind.clone(), path));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn case_files_pass() {
    let (mut total, mut pending, mut failures, mut report) = (0, 0, 0, String::new());
    for (kind, path) in case_files() {
        let shown_path = format!("{kind}/{}", path.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(&path).unwrap();
        let file: CaseFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{shown_path}: {e}"));
        for (i, case) in file.case.iter().enumerate() {
            assert!(
                file.case[..i].iter().all(|c| c.name != case.name),
                "{shown_path}: two cases named {}",
                case.name
            );
            check_fields(&kind, &case.expect)
                .unwrap_or_else(|e| panic!("{shown_path}: {}: {e}", case.name));
            total += 1;
            let got = run(&kind, case);
            let ok = got.as_ref().is_ok_and(|got| {
                got.len() == case.expect.len()
                    && case.expect.iter().zip(got).all(|(w, g)| meets(&kind, w, g))
            });
            pending += usize::from(case.pending.is_some());
            match (&case.pending, ok) {
                (Some(_), true) => println!("pending: {shown_path}: {}: passes now", case.name),
                (Some(why), false) => println!(
                    "pending: {shown_path}: {}: still pending ({why})",
                    case.name
                ),
                (None, true) => {}
                (None, false) => {
                    failures += 1;
                    let expected: Vec<String> = case
                        .expect
                        .iter()
                        .map(|e| shown(&kind, &serde_json::to_value(e).unwrap()))
                        .collect();
                    let got = got.map_or_else(
                        |e| e,
                        |g| {
                            g.iter()
                                .map(|f| shown(&kind, f))
                                .collect::<Vec<_>>()
                                .join("\n              ")
                        },
                    );
                    let _ = write!(
                        report,
                        "\n{shown_path}: {}\n    input:    {:?}\n    expected: {}\n    got:      {got}\n",
                        case.name,
                        case.input,
                        expected.join("\n              "),
                    );
                }
            }
        }
    }
    println!(
        "cases: {} of {total} pass, {pending} pending",
        total - failures - pending
    );
    assert!(total > 0, "no case in fixtures/cases");
    assert!(failures == 0, "{failures} of {total} cases fail:\n{report}");
}

/// A language added as a pack alone (`crates/extract/src/packs/id.rs`, registered for the tests by
/// the `test-pack` feature) reads its month-name dates through the whole pipeline: detection (the
/// text is of no language docfacts knows), the view, the shared date grammars and the record.
#[test]
fn a_pack_added_for_the_tests_reads_its_month_names() {
    let text = "Rapat diadakan pada 17 Agustus 2025 dan laporan selesai pada Desember 2025.";
    let input = Input::from_bytes("id".into(), "id".into(), text.as_bytes().to_vec());
    let record = Pipeline::builder().build().run(&input);
    let json = serde_json::to_value(&record).unwrap();
    let dates: Vec<(String, String)> = json["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["text"].as_str().unwrap().to_owned(),
                d["iso"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("17 Agustus 2025".to_owned(), "2025-08-17".to_owned()),
            ("Desember 2025".to_owned(), "2025-12".to_owned()),
        ],
        "language {}",
        json["language"]
    );
}

//! Runs the whole pipeline on `corpus/` and scores it against `fixtures/gold/` the way
//! `tools/score.py` does: multisets of canonical keys per fact type; gold entries marked
//! `uncertain` are neither misses nor false alarms.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::cli::docfacts;

/// The minimum F1 per (document, type). Raise these when the extractors improve.
const THRESHOLDS: &[(&str, f64, f64, f64)] = &[
    // (document, dates, doc_refs, figures)
    ("000_3187132911dab52c", 0.95, 0.95, 0.95),
    ("001_67b944c9da13c9ed", 0.95, 0.95, 0.95),
    ("003_61c3d8aa0fae0524", 0.95, 0.95, 0.95),
    ("002_d7b4e3e46368bda5", 0.95, 0.95, 0.95),
    ("004_ea245d8fbc8ad84a", 0.90, 0.90, 0.85),
];

const TYPES: [&str; 3] = ["dates", "doc_refs", "figures"];

fn key(kind: &str, fact: &Value) -> String {
    let num = |v: &Value| {
        v.as_f64()
            .map(|f| format!("{:.6}", (f * 1e6).round() / 1e6))
            .unwrap_or_default()
    };
    match kind {
        "dates" => fact["iso"].as_str().unwrap_or_default().to_owned(),
        "doc_refs" => fact["id"].as_str().unwrap_or_default().to_owned(),
        _ if fact["kind"] == "ratio" => {
            format!("ratio {}/{}", num(&fact["num"]), num(&fact["den"]))
        }
        _ => format!(
            "{} {}",
            fact["kind"].as_str().unwrap_or_default(),
            num(&fact["value"])
        ),
    }
}

fn counts<'a>(facts: impl Iterator<Item = &'a Value>, kind: &str) -> HashMap<String, i64> {
    let mut m = HashMap::new();
    for f in facts {
        *m.entry(key(kind, f)).or_insert(0) += 1;
    }
    m
}

/// (tp, fp, fn, misses, false alarms) for one document and type.
fn score(gold: &Value, pred: &Value, kind: &str) -> (i64, i64, i64, Vec<String>) {
    let empty = vec![];
    let g = gold[kind].as_array().unwrap_or(&empty);
    let sure = counts(g.iter().filter(|f| f["uncertain"] != true), kind);
    let unsure = counts(g.iter().filter(|f| f["uncertain"] == true), kind);
    let p = counts(pred[kind].as_array().unwrap_or(&empty).iter(), kind);
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    let mut notes = Vec::new();
    for (k, &n) in &sure {
        let hit = n.min(*p.get(k).unwrap_or(&0));
        tp += hit;
        if n > hit {
            fneg += n - hit;
            notes.push(format!("MISSED x{} {kind} {k}", n - hit));
        }
    }
    for (k, &n) in &p {
        let extra =
            (n - sure.get(k).copied().unwrap_or(0)).max(0) - unsure.get(k).copied().unwrap_or(0);
        if extra > 0 {
            fp += extra;
            notes.push(format!("FALSE  x{extra} {kind} {k}"));
        }
    }
    (tp, fp, fneg, notes)
}

fn f1(tp: i64, fp: i64, fneg: i64) -> f64 {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else if fneg == 0 {
        1.0
    } else {
        0.0
    };
    let r = if tp + fneg > 0 {
        tp as f64 / (tp + fneg) as f64
    } else {
        1.0
    };
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

#[test]
fn corpus_scores_against_gold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = docfacts()
        .arg("extract")
        .arg("--quiet")
        .arg(root.join("corpus"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: HashMap<String, Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r))
        .collect();
    let mut failures = Vec::new();
    for &(doc, t_dates, t_refs, t_figs) in THRESHOLDS {
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("fixtures/gold").join(format!("{doc}.json")))
                .unwrap(),
        )
        .unwrap();
        let rec = records
            .get(doc)
            .unwrap_or_else(|| panic!("no record for {doc}"));
        assert_eq!(rec["status"], "ok", "{doc}: {}", rec["error"]);
        let source = std::fs::read(root.join("corpus").join(format!("{doc}.txt"))).unwrap();
        for kind in TYPES {
            for f in rec[kind].as_array().unwrap() {
                let (s, e) = (
                    f["start"].as_u64().unwrap() as usize,
                    f["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(
                    std::str::from_utf8(&source[s..e]).ok(),
                    f["text"].as_str(),
                    "{doc}: span {s}..{e} is not the fact's text"
                );
            }
        }
        for (kind, min) in TYPES.iter().zip([t_dates, t_refs, t_figs]) {
            let (tp, fp, fneg, notes) = score(&gold, rec, kind);
            let f = f1(tp, fp, fneg);
            eprintln!("{doc} {kind:9} F1={f:.3} tp={tp} fp={fp} fn={fneg}");
            for n in &notes {
                eprintln!("    {n}");
            }
            if f + 1e-9 < min {
                failures.push(format!("{doc} {kind}: F1 {f:.3} < {min}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "below threshold:\n{}\nhelp: the misses and false alarms are listed above (run with --nocapture)",
        failures.join("\n")
    );
}

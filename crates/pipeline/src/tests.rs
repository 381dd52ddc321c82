//! The pipeline's unit tests: time limits, ordered runs, duplicates, resumed loads.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::time::Duration;

use docfacts_ingest::Input;
use docfacts_types::{ErrorKind, Record};

use crate::firsts::ContentKey;
use crate::seen::Seen;
use crate::*;

#[test]
fn a_document_over_its_time_limit_is_a_limit_exceeded_record() {
    let text = b"Ngay 08/3/2025 co 25/25 xa theo Quyet dinh 142/QD-TTg.".to_vec();
    let input = Input::from_bytes("a".to_owned(), "a.txt".to_owned(), text);
    let limited = Pipeline::builder()
        .text_timeout(Some(Duration::ZERO))
        .build()
        .run(&input);
    let error = limited.error.expect("an error record");
    assert_eq!(error.kind, ErrorKind::LimitExceeded);
    assert!(limited.figures.is_empty() && limited.dates.is_empty());
    let unlimited = Pipeline::builder()
        .text_timeout(Some(Duration::from_secs(3600)))
        .build()
        .run(&input);
    assert!(unlimited.error.is_none() && !unlimited.figures.is_empty());
}

#[test]
fn the_earliest_claim_on_a_content_wins_and_ends_when_emitted() {
    let mut seen = Seen::default();
    let key = ContentKey([7; 16]);
    assert!(seen.claim(key, 5), "the first claim");
    assert!(
        seen.claim(key, 3),
        "an earlier input found later takes the claim over"
    );
    assert!(!seen.claim(key, 7), "a later input only describes");
    seen.release(key, 5);
    assert_eq!(seen.claims.get(&key), Some(&3), "5 no longer holds it");
    seen.release(key, 3);
    assert!(seen.claims.is_empty());
    seen.firsts.insert(key, None);
    assert!(
        seen.claim(key, 9),
        "a failed first occurrence: analysed again"
    );
    seen.firsts.insert(key, Some("first"));
    assert!(
        !seen.claim(key, 10),
        "an ok first occurrence: only described"
    );
}

/// Many copies of few contents, bad inputs among them, all in memory.
fn copies() -> Vec<Input> {
    let contents: [&[u8]; 4] = [
        b"Ngay 08 thang 3 nam 2025, Nghi quyet s6 57-NQ/TW dat 91,83%.",
        b"On July 29, 2025 the ministry reported 94,447 records (40/102 provinces).",
        b"",
        b"\x00\x01\x02 binary",
    ];
    (0..300)
        .map(|i: usize| {
            let bytes = contents
                .get((i * 7 + i / 5) % 4)
                .copied()
                .unwrap_or_default();
            Input::from_bytes(format!("d{i}"), format!("d{i}.txt"), bytes.to_vec())
        })
        .collect()
}

fn ordered_run(threads: usize, stop_after: usize) -> (Vec<String>, RunStats) {
    let pipeline = Pipeline::builder().dedup(true).build();
    let mut lines = Vec::new();
    let stats = pipeline.run_ordered(
        copies(),
        threads,
        |record| serde_json::to_string(&record).unwrap(),
        |line| {
            lines.push(line);
            if lines.len() == stop_after {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    (lines, stats)
}

#[test]
fn ordered_runs_are_the_same_for_any_thread_count() {
    let (one, stats) = ordered_run(1, usize::MAX);
    assert_eq!(one.len(), 300);
    assert_eq!(stats.documents, 300);
    // Two contents are ok: analysed once each. The empty and binary ones are error records,
    // so each copy of them is tried again.
    let errors = one
        .iter()
        .filter(|l| l.contains(r#""status":"error""#))
        .count();
    assert!(errors > 100, "{errors}");
    assert_eq!(stats.analysed, 2 + errors, "{stats:?}");
    assert_eq!(stats.duplicates, 300 - 2 - errors);
    for (i, line) in one.iter().enumerate() {
        assert!(
            line.contains(&format!(r#""id":"d{i}""#)),
            "out of order at {i}"
        );
    }
    for threads in [2, 8, 64] {
        let (many, many_stats) = ordered_run(threads, usize::MAX);
        assert!(many == one, "records differ with {threads} threads");
        assert_eq!(many_stats, stats);
    }
}

#[test]
fn a_panic_while_mapping_a_record_becomes_that_input_s_error_record() {
    let pipeline = Pipeline::builder().dedup(true).build();
    for threads in [1, 4] {
        let mut lines = Vec::new();
        let stats = pipeline.run_ordered(
            copies(),
            threads,
            |record| {
                // d0 is its content's first occurrence (mapped on a worker), d5 a copy
                // (mapped on the calling thread).
                if ["d0", "d5"].contains(&record.id.as_str()) && record.is_ok() {
                    panic!("cannot map {}", record.id);
                }
                serde_json::to_string(&record).unwrap()
            },
            |line| {
                lines.push(line);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(lines.len(), 300);
        assert_eq!(stats.documents, 300);
        let d5 = lines.get(5).unwrap();
        assert!(d5.contains(r#""id":"d5""#), "{d5}");
        assert!(
            d5.contains("internal error, contained: cannot map d5"),
            "{d5}"
        );
        let d0 = lines.first().unwrap();
        assert!(
            d0.contains("internal error, contained: cannot map d0"),
            "{d0}"
        );
        // A first occurrence that became an error record is nobody's original.
        assert!(!lines.iter().any(|l| l.contains(r#""duplicate_of":"d0""#)));
        assert!(lines.iter().any(|l| l.contains(r#""duplicate_of":"#)));
    }
}

#[test]
fn an_ordered_run_stops_when_emit_says_so() {
    for threads in [1, 4] {
        let (lines, stats) = ordered_run(threads, 10);
        assert_eq!(lines.len(), 10);
        assert_eq!(stats.documents, 10);
    }
}

#[test]
fn copies_of_contents_moved_to_disk_still_name_their_first() {
    // 150 contents, each first seen in order, then copied: past `firsts::IN_MEMORY` the
    // firsts are on disk when their copies come.
    let inputs = || {
        (0..400).map(|i: usize| {
            let text = format!(
                "Báo cáo số {}/BC-UBND ngày 08 tháng 3 năm 2025: 25/25 xã.",
                i % 150
            );
            Input::from_bytes(format!("d{i}"), format!("d{i}.txt"), text.into_bytes())
        })
    };
    let pipeline = Pipeline::builder().dedup(true).build();
    let run = |threads: usize| {
        let mut records: Vec<Record> = Vec::new();
        let stats = pipeline.run_ordered(
            inputs(),
            threads,
            |r| r,
            |r| {
                records.push(r);
                ControlFlow::Continue(())
            },
        );
        (records, stats)
    };
    let (one, stats) = run(1);
    assert_eq!(
        (stats.documents, stats.analysed, stats.duplicates),
        (400, 150, 250)
    );
    for (i, record) in one.iter().enumerate() {
        let expected = (i >= 150).then(|| format!("d{}", i % 150));
        assert_eq!(record.duplicate_of, expected, "d{i}");
        assert_eq!(record.doc_refs.is_empty(), i >= 150, "d{i}");
    }
    let (four, four_stats) = run(4);
    assert_eq!(four_stats, stats);
    assert!(four == one, "records differ with 4 threads");
}

/// A store that holds the records of an earlier run, by id.
struct Held(HashMap<String, Record>);

impl Store for Held {
    fn stored(&self, input: &Input, sha256: &str) -> Option<StoredRecord> {
        let record = self.0.get(&input.id)?;
        (record.source.sha256.as_deref() == Some(sha256) && record.source.path == input.display)
            .then(|| StoredRecord {
                ok: record.is_ok(),
                duplicate_of: record.duplicate_of.clone(),
            })
    }

    fn earlier_firsts(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// Inputs `d0`, `d1`, … whose contents are `texts[picks[i]]`.
fn inputs_of(picks: &[usize]) -> Vec<Input> {
    let texts: [&[u8]; 6] = [
        b"Ngay 08 thang 3 nam 2025, Nghi quyet s6 57-NQ/TW dat 91,83%.",
        b"On July 29, 2025 the ministry reported 94,447 records (40/102 provinces).",
        b"",
        b"\x00\x01\x02 binary",
        b"Quyet dinh 142/QD-TTg ngay 01/02/2024: 12 tinh, 3,5 ty dong.",
        b"By 2030, 25% of 63 provinces (Resolution 03/NQ-CP).",
    ];
    picks
        .iter()
        .enumerate()
        .map(|(i, &pick)| {
            let bytes = texts.get(pick).copied().unwrap_or_default();
            Input::from_bytes(format!("d{i}"), format!("d{i}.txt"), bytes.to_vec())
        })
        .collect()
}

/// Records of a clean run, by id.
fn clean_run(inputs: Vec<Input>) -> HashMap<String, Record> {
    let pipeline = Pipeline::builder().dedup(true).build();
    let mut records = HashMap::new();
    pipeline.run_ordered(
        inputs,
        2,
        |r| r,
        |r| {
            records.insert(r.id.clone(), r);
            ControlFlow::Continue(())
        },
    );
    records
}

/// What a database holding `held` holds after a run over `inputs` that writes what it
/// emits and keeps what is unchanged; and how many were unchanged.
fn load_over(
    held: HashMap<String, Record>,
    inputs: Vec<Input>,
    threads: usize,
) -> (HashMap<String, Record>, usize) {
    let pipeline = Pipeline::builder().build();
    let store = Held(held);
    let mut out = store.0.clone();
    let stats = pipeline.run_ordered_into(
        inputs,
        threads,
        &store,
        |r| r,
        |emitted| {
            if let Emitted::Record(r) = emitted {
                out.insert(r.id.clone(), r);
            }
            ControlFlow::Continue(())
        },
    );
    (out, stats.unchanged)
}

fn assert_same(got: &HashMap<String, Record>, want: &HashMap<String, Record>, what: &str) {
    let mut ids: Vec<&String> = want.keys().chain(got.keys()).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let (g, w) = (got.get(id), want.get(id));
        assert!(
            g.map(|r| serde_json::to_string(r).unwrap())
                == w.map(|r| serde_json::to_string(r).unwrap()),
            "{what}: {id} differs from a clean run: duplicate_of {:?}, {} facts; clean: \
             duplicate_of {:?}, {} facts",
            g.and_then(|r| r.duplicate_of.clone()),
            g.map_or(0, |r| r.dates.len() + r.doc_refs.len() + r.figures.len()),
            w.and_then(|r| r.duplicate_of.clone()),
            w.map_or(0, |r| r.dates.len() + r.doc_refs.len() + r.figures.len()),
        );
    }
}

#[test]
fn a_load_resumed_after_any_prefix_equals_a_clean_run() {
    // Copies of every kind: of ok contents, of error records (empty, binary), a copy
    // first in order.
    let picks = [1, 0, 2, 1, 4, 3, 0, 2, 5, 1, 3, 4, 0, 5, 5, 1];
    let clean = clean_run(inputs_of(&picks));
    for killed_after in [0, 1, 3, 6, 9, 12, 15] {
        // A killed load leaves the records of a prefix of the inputs committed.
        let held = clean_run(inputs_of(picks.get(..killed_after).unwrap()));
        for threads in [1, 4] {
            let (got, unchanged) = load_over(held.clone(), inputs_of(&picks), threads);
            assert_same(&got, &clean, &format!("resumed after {killed_after}"));
            assert_eq!(unchanged, killed_after, "stored records are not made again");
        }
    }
}

#[test]
fn a_load_over_added_copies_and_edited_originals_equals_a_clean_run() {
    let before = [1, 0, 1, 4, 0, 1, 4, 5, 0];
    let held = clean_run(inputs_of(&before));
    for after in [
        // d0 (the first 1) edited: d2 is the first 1 now, d5 its copy.
        vec![5, 0, 1, 4, 0, 1, 4, 5, 0],
        // d1 (the first 0) edited into a copy of a later content (4).
        vec![1, 4, 1, 4, 0, 1, 4, 5, 0],
        // A copy of d7 (5) added first, and one of d3 (4) last.
        vec![5, 1, 0, 1, 4, 0, 1, 4, 5, 0, 4],
        // The copies' originals edited into error records.
        vec![2, 3, 1, 4, 0, 1, 4, 5, 0],
    ] {
        // Inputs keep their ids by position, so an added input shifts the ids after it
        // (each then reads as edited): both are what a rerun meets.
        let clean = clean_run(inputs_of(&after));
        for threads in [1, 4] {
            let (mut got, _) = load_over(held.clone(), inputs_of(&after), threads);
            got.retain(|id, _| clean.contains_key(id));
            assert_same(&got, &clean, &format!("{before:?} then {after:?}"));
        }
    }
}

#[test]
fn stored_documents_outside_the_run_come_first() {
    struct Earlier;
    impl Store for Earlier {
        fn stored(&self, _: &Input, _: &str) -> Option<StoredRecord> {
            None
        }
        fn earlier_firsts(&self) -> Vec<(String, String)> {
            let sha = clean_run(inputs_of(&[0]))
                .remove("d0")
                .and_then(|r| r.source.sha256)
                .unwrap();
            vec![(sha, "loaded-before".to_owned())]
        }
    }
    let pipeline = Pipeline::builder().build();
    let mut records = Vec::new();
    pipeline.run_ordered_into(
        inputs_of(&[1, 0]),
        2,
        &Earlier,
        |r| r,
        |emitted| {
            if let Emitted::Record(r) = emitted {
                records.push(r);
            }
            ControlFlow::Continue(())
        },
    );
    let dups: Vec<Option<&str>> = records.iter().map(|r| r.duplicate_of.as_deref()).collect();
    assert_eq!(dups, [None, Some("loaded-before")]);
}

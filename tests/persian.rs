//! A Persian report with Jalali-only dates and `٬ ٫ ،` separators, checked against a hand-made
//! expectation (`fixtures/docs/fa_jalali_sample.json`, in the gold format plus `calendar`).

use docfacts_ingest::Input;
use docfacts_pipeline::Pipeline;
use docfacts_types::{Calendar, Lang};
use serde_json::Value;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/docs")
        .join(name)
}

#[test]
fn jalali_sample_matches_hand_checked_expectation() {
    let text = std::fs::read_to_string(fixture("fa_jalali_sample.txt")).unwrap();
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("fa_jalali_sample.json")).unwrap())
            .unwrap();
    let input = Input::from_bytes(
        "fa_jalali_sample".into(),
        "sample".into(),
        text.clone().into_bytes(),
    );
    let record = Pipeline::builder().build().run(&input);
    assert_eq!(
        record.language.code,
        Lang::Fa,
        "detected {:?}",
        record.language
    );

    for (start, end, t) in record
        .dates
        .iter()
        .map(|d| (d.start, d.end, &d.text))
        .chain(record.figures.iter().map(|f| (f.start, f.end, &f.text)))
    {
        assert_eq!(&text[start..end], t.as_str());
    }

    let got_dates: Vec<(&str, &str)> = record
        .dates
        .iter()
        .map(|d| (d.text.as_str(), d.iso.as_str()))
        .collect();
    let want_dates: Vec<(&str, &str)> = gold["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["text"].as_str().unwrap(), d["iso"].as_str().unwrap()))
        .collect();
    assert_eq!(got_dates, want_dates);
    assert!(record.dates.iter().all(|d| d.calendar == Calendar::Jalali));

    let got_figures: Vec<(&str, f64)> = record
        .figures
        .iter()
        .map(|f| {
            (
                f.text.as_str(),
                f.num.map_or(f.value, |n| n * 1000.0 + f.den.unwrap_or(0.0)),
            )
        })
        .collect();
    let want_figures: Vec<(&str, f64)> = gold["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let v = match f["kind"].as_str().unwrap() {
                "ratio" => f["num"].as_f64().unwrap() * 1000.0 + f["den"].as_f64().unwrap(),
                _ => f["value"].as_f64().unwrap(),
            };
            (f["text"].as_str().unwrap(), v)
        })
        .collect();
    assert_eq!(got_figures, want_figures);
    assert!(record.doc_refs.is_empty(), "{:?}", record.doc_refs);
}

#[test]
fn translation_of_a_vietnamese_report_keeps_gregorian_dates() {
    let text = "طبق قطعنامه شماره ۷۱/NQ-CP مورخ ۱ آوریل ۲۰۲۵ دولت، تا تاریخ 29 ژوئیه 2025 \
                میزان بزرگسالان دارای امضای دیجیتال ۹۴،۴۴۷ نفر است که به ۵٪ از جمعیت می‌رسد.";
    let input = Input::from_bytes("t".into(), "t".into(), text.as_bytes().to_vec());
    let record = Pipeline::builder().build().run(&input);
    assert_eq!(record.language.code, Lang::Fa);
    let dates: Vec<(&str, &str, Calendar)> = record
        .dates
        .iter()
        .map(|d| (d.text.as_str(), d.iso.as_str(), d.calendar))
        .collect();
    assert_eq!(
        dates,
        [
            ("۱ آوریل ۲۰۲۵", "2025-04-01", Calendar::Gregorian),
            ("29 ژوئیه 2025", "2025-07-29", Calendar::Gregorian)
        ]
    );
    let ids: Vec<&str> = record.doc_refs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["71/NQ-CP"]);
    let figures: Vec<(&str, f64)> = record
        .figures
        .iter()
        .map(|f| (f.text.as_str(), f.value))
        .collect();
    assert_eq!(figures, [("۹۴،۴۴۷", 94447.0), ("۵٪", 5.0)]);
}

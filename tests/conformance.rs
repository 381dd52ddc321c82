//! The external conformance suites (`fixtures/conformance/*.json`, see its README.md), scored as
//! the project's shared conformance scorer (`tools/conformance.py`) scores them: the same in-scope cases, checks and pass counts.
//! Each case runs alone through the pipeline with the suite's language forced (the tool's
//! `extract --lang`). Prints `suite passed/total rate` per suite and fails below [`FLOORS`] or
//! [`OVERALL_FLOOR`]; `DOCFACTS_CONFORMANCE_VERBOSE=1` also prints every failing case.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use docfacts_ingest::Input;
use docfacts_pipeline::Pipeline;
use docfacts_types::Lang;
use regex::Regex;
use serde_json::Value;

/// The lowest pass rate (percent) each suite may have: what the code reached when it was set.
/// Raise them as the extractors improve; a suite with in-scope cases must be listed.
const FLOORS: &[(&str, f64)] = &[
    ("dateparser_fa_date.json", 100.0),
    ("dateparser_fa_jalali.json", 100.0),
    ("dateparser_vi_date.json", 100.0),
    ("duckling_en_numeral.json", 96.0),
    ("duckling_en_time_dates.json", 80.0),
    ("duckling_fa_numeral.json", 100.0),
    ("duckling_vi_amount_of_money.json", 86.0),
    ("duckling_vi_numeral.json", 100.0),
    ("duckling_vi_time.json", 77.0),
    ("persiantools_fa_commas.json", 100.0),
    ("recognizers_en_date_extractor.json", 91.0),
    ("recognizers_en_number.json", 92.0),
    ("recognizers_en_percent.json", 100.0),
];

/// The lowest pass rate (percent) over all in-scope cases.
const OVERALL_FLOOR: f64 = 90.0;

/// The tool's regexes: a digit (ASCII, Persian, Arabic-Indic), English relative words, clock times.
static DIGIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9\x{06f0}-\x{06f9}\x{0660}-\x{0669}]").unwrap());
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(ago|later|next|this|last|previous|coming|current|closest|tomorrow|yesterday|today|tonight|in \d+ (day|week|month|year)s?|\d+ (days?|weeks?) (from|before|after)|\d+ \w+s back)\b",
    )
    .unwrap()
});
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\d\s*(:|h\b|giờ|gio\b|am\b|pm\b|a\.m|p\.m)|\b(giờ|sáng nay|chiều nay|tối nay)\b",
    )
    .unwrap()
});

/// A check of one case's record (as JSON); `None` where the tool's check raises an exception,
/// which counts as a failure.
type Check = Box<dyn Fn(&Value) -> Option<bool>>;

/// Python's `int()` of an ASCII string.
fn int(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

/// Does our ISO value state the same date as (y, m, d)? Missing parts on our side are not
/// contradictions. `None`: the tool's `int()` raises (on a `--MM-DD` value only).
fn consistent(ours: Option<&str>, y: Option<i64>, m: Option<i64>, d: Option<i64>) -> Option<bool> {
    let Some(ours) = ours.filter(|o| !o.is_empty()) else {
        return Some(false);
    };
    let first = ours.split('/').next().unwrap_or_default();
    if let Some(md) = first.strip_prefix("--") {
        let p: Vec<&str> = md.split('-').collect();
        let Some(m) = m else { return Some(false) };
        if int(p[0])? != m {
            return Some(false);
        }
        return Some(p.len() < 2 || d.is_none() || Some(int(p[1])?) == d);
    }
    let p: Vec<&str> = first.split('-').collect();
    let part =
        |i: usize, want: Option<i64>| want.is_none_or(|w| p.get(i).and_then(|s| int(s)) == Some(w));
    Some(part(0, y) && part(1, m) && part(2, d))
}

/// (y, m, d) of a `YYYY-MM-DD…` value at `grain`; panics where the tool's `int()` would raise.
fn ymd(value: &str, grain: &str) -> (Option<i64>, Option<i64>, Option<i64>) {
    let at = |r: std::ops::Range<usize>| {
        int(value.get(r).unwrap_or_default()).unwrap_or_else(|| panic!("bad date {value:?}"))
    };
    let (y, m, d) = (at(0..4), at(5..7), at(8..10));
    match grain {
        "year" => (Some(y), None, None),
        "month" => (Some(y), Some(m), None),
        _ => (Some(y), Some(m), Some(d)),
    }
}

/// The record's facts of `kind` (`r.get(kind) or []`).
fn facts<'a>(record: &'a Value, kind: &str) -> &'a [Value] {
    record[kind].as_array().map_or(&[], Vec::as_slice)
}

/// Some date of the record is consistent with (y, m, d).
fn dates_check((y, m, d): (Option<i64>, Option<i64>, Option<i64>)) -> Check {
    Box::new(move |r| {
        for f in facts(r, "dates") {
            if consistent(f["iso"].as_str(), y, m, d)? {
                return Some(true);
            }
        }
        Some(false)
    })
}

/// Some figure of the record has value `v` (to 1e-6, relative).
fn figure_check(v: f64) -> Check {
    Box::new(move |r| {
        Some(facts(r, "figures").iter().any(|f| {
            f["value"]
                .as_f64()
                .is_some_and(|g| (g - v).abs() < 1e-6 * v.abs().max(1.0))
        }))
    })
}

/// Every expected span (characters) overlaps some date's span (bytes into `input`).
fn spans_check(input: String, spans: Vec<(i64, i64)>) -> Check {
    Box::new(move |r| {
        // Python's `len(bytes[:b].decode("utf-8", "ignore"))`: the characters wholly before `b`.
        let chars = |b: &Value| {
            let b = b.as_u64()? as usize;
            Some(
                input
                    .char_indices()
                    .take_while(|(i, c)| i + c.len_utf8() <= b)
                    .count() as i64,
            )
        };
        let got: Vec<(i64, i64)> = facts(r, "dates")
            .iter()
            .filter_map(|f| chars(&f["start"]).zip(chars(&f["end"])))
            .collect();
        Some(
            spans
                .iter()
                .all(|&(ss, se)| got.iter().any(|&(gs, ge)| gs < se && ss < ge)),
        )
    })
}

/// The grain a search_dates match's text shows: day, a year alone, or month.
fn grain_of(text: &str) -> &'static str {
    static DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\d{1,2}\D+\d{1,2}\D+\d{4}|\d{4}\D+\d{1,2}\D+\d{1,2}").unwrap()
    });
    static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\D*\d{4}\D*$").unwrap());
    if DAY.is_match(text) {
        "day"
    } else if YEAR.is_match(text) {
        "year"
    } else {
        "month"
    }
}

/// `v[k]` when it is a string (Python's `v.get(k)` where a string is needed).
fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// The in-scope check of case `c` of suite `name`, as the tool selects them.
fn select(name: &str, lang: &str, c: &Value) -> Option<Check> {
    let (input, exp) = (c["input"].as_str()?, &c["expected"]);
    if !DIGIT.is_match(input) {
        return None;
    }
    if name.starts_with("duckling_") && name.contains("time") {
        let grain = str_of(exp, "grain").filter(|g| ["day", "month", "year"].contains(g))?;
        let relative = lang == "en" && RELATIVE.is_match(input);
        (str_of(exp, "type") == Some("value") && !CLOCK.is_match(input) && !relative)
            .then(|| dates_check(ymd(str_of(exp, "value").unwrap(), grain)))
    } else if name.starts_with("duckling_") && (name.contains("numeral") || name.contains("money"))
    {
        exp.get("value").and_then(Value::as_f64).map(figure_check)
    } else if name == "recognizers_en_number.json" || name == "recognizers_en_percent.json" {
        let [e] = exp.as_array()?.as_slice() else {
            return None;
        };
        let res = e
            .get("resolution")
            .filter(|r| r.is_object())
            .cloned()
            .unwrap_or_default();
        if str_of(&res, "subtype") == Some("fraction") {
            return None;
        }
        let value = match res.get("value") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return None,
        };
        let value = value.trim_end_matches('%').replace(',', "");
        // Python's float(); it also reads `_` and non-ASCII digits, which these files never hold.
        value.trim().parse().ok().map(figure_check)
    } else if name == "recognizers_en_date_extractor.json" {
        let exp = exp.as_array().filter(|e| !e.is_empty())?;
        if !exp.iter().all(|e| str_of(e, "type") == Some("date")) || RELATIVE.is_match(input) {
            return None;
        }
        let spans = exp
            .iter()
            .map(|e| {
                let start = e["start"].as_i64().unwrap();
                let len = e.get("length").and_then(Value::as_i64);
                (
                    start,
                    start
                        + len.unwrap_or_else(|| {
                            str_of(e, "text").unwrap_or("").chars().count() as i64
                        }),
                )
            })
            .collect();
        Some(spans_check(input.to_owned(), spans))
    } else if name.starts_with("dateparser_") {
        let kind = str_of(c, "kind");
        if matches!(kind, Some("parse" | "parse_jalali")) && exp.is_object() {
            let datetime = str_of(exp, "datetime").filter(|d| !d.is_empty())?;
            if CLOCK.is_match(input) {
                return None;
            }
            let grain = str_of(exp, "period").filter(|p| ["day", "month", "year"].contains(p));
            Some(dates_check(ymd(datetime, grain.unwrap_or("day"))))
        } else if kind == Some("search_dates") {
            let exp = exp.as_array().filter(|e| !e.is_empty())?;
            let checks: Vec<Check> = exp
                .iter()
                .filter_map(|e| {
                    let datetime = str_of(e, "datetime").filter(|d| !d.is_empty())?;
                    Some(dates_check(ymd(
                        datetime,
                        grain_of(str_of(e, "text").unwrap_or("")),
                    )))
                })
                .collect();
            Some(Box::new(move |r| {
                for check in &checks {
                    if !check(r)? {
                        return Some(false);
                    }
                }
                Some(true)
            }))
        } else {
            None
        }
    } else if name == "persiantools_fa_commas.json" && str_of(c, "function") == Some("removeCommas")
    {
        exp.as_f64().map(figure_check)
    } else {
        None
    }
}

#[test]
fn conformance_suites() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/conformance");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let verbose = std::env::var("DOCFACTS_CONFORMANCE_VERBOSE").is_ok_and(|v| v == "1");
    let mut stats: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for name in &names {
        let data: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
        let lang = match data["language"].as_str() {
            _ if name == "persiantools_fa_commas.json" => "fa", // the tool's cases say so
            Some(l) if !l.is_empty() => l,
            _ if name.contains("_vi_") => "vi",
            _ if name.contains("_fa_") => "fa",
            _ => "en",
        };
        let pipeline = Pipeline::builder()
            .force_lang(Lang::from_code(lang))
            .build();
        for c in data["cases"].as_array().map_or(&[][..], Vec::as_slice) {
            let Some(check) = select(name, lang, c) else {
                continue;
            };
            let input = c["input"].as_str().unwrap();
            let record = pipeline.run(&Input::from_bytes(
                "case".into(),
                "case".into(),
                input.as_bytes().into(),
            ));
            let ok = check(&serde_json::to_value(record).unwrap()) == Some(true);
            let s = stats.entry(name.clone()).or_default();
            s.0 += usize::from(ok);
            s.1 += 1;
            if verbose && !ok {
                println!("FAILED {name}: {input:?}");
            }
        }
    }
    let (passed, total) = stats
        .values()
        .fold((0, 0), |(a, b), &(p, t)| (a + p, b + t));
    let rate = |p: usize, t: usize| 100.0 * p as f64 / t as f64;
    let mut low = Vec::new();
    for (suite, &(p, t)) in &stats {
        println!("{suite:45} {p:4}/{t:<4} {:5.1}%", rate(p, t));
        match FLOORS.iter().find(|f| f.0 == suite) {
            Some(&(_, floor)) if rate(p, t) < floor => {
                low.push(format!("{suite}: {:.1}% < {floor}%", rate(p, t)))
            }
            Some(_) => {}
            None => low.push(format!("{suite}: no floor in FLOORS")),
        }
    }
    println!(
        "conformance: {passed}/{total} in-scope cases pass ({:.1}%)",
        rate(passed, total)
    );
    low.extend(
        FLOORS
            .iter()
            .filter(|f| !stats.contains_key(f.0))
            .map(|f| format!("{}: no in-scope case", f.0)),
    );
    if rate(passed, total) < OVERALL_FLOOR {
        low.push(format!(
            "overall: {:.1}% < {OVERALL_FLOOR}%",
            rate(passed, total)
        ));
    }
    assert!(
        low.is_empty(),
        "conformance below its floors:\n{}",
        low.join("\n")
    );
}

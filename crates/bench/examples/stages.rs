//! Time of each stage per sample, in MB/s of source text: a quick profile between criterion runs.
//!
//! `cargo run --release -p docfacts-bench --example stages [ROUNDS]`
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line report

use std::time::Instant;

use docfacts_extract::{Analyzed, Stages};
use docfacts_normalize::View;
use docfacts_types::{Lang, Variant};

/// A decoded document of `text` with no known origin.
fn document(text: &str) -> docfacts_ingest::Document {
    docfacts_ingest::Document {
        text: text.to_owned(),
        source: Default::default(),
        page_starts: None,
        warnings: Vec::new(),
    }
}

fn mbps(bytes: usize, rounds: usize, secs: f64) -> f64 {
    (bytes * rounds) as f64 / 1e6 / secs.max(1e-9)
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    // `stages ROUNDS view|detect|ocr|extract SAMPLE` (extract: the whole analysis): only that
    // stage, for instruction counts under callgrind (steadier than time on a busy machine).
    if let (Some(stage), Some(name)) = (std::env::args().nth(2), std::env::args().nth(3)) {
        let Some(sample) = docfacts_bench::samples()
            .into_iter()
            .find(|s| s.name == name)
        else {
            eprintln!("no sample {name}");
            return;
        };
        let text = sample.text.as_str();
        let view = View::new(text);
        for _ in 0..rounds {
            match stage.as_str() {
                "view" => drop(std::hint::black_box(View::new(text))),
                "ocr" => drop(std::hint::black_box(View::new(text).ocr_folded())),
                "extract" => {
                    let pipeline = docfacts_pipeline::Pipeline::builder().build();
                    std::hint::black_box(pipeline.analyze("x", document(text)));
                }
                _ => {
                    std::hint::black_box(docfacts_detect::detect(text, &view));
                }
            }
        }
        return;
    }
    println!(
        "{:<28} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "sample", "view", "detect", "ocrfold", "doc_refs", "dates", "figures", "json", "total"
    );
    for sample in docfacts_bench::samples() {
        if !sample.name.ends_with("/long") {
            continue;
        }
        let text = sample.text.as_str();
        let n = text.len();
        let time = |f: &mut dyn FnMut()| {
            let t = Instant::now();
            for _ in 0..rounds {
                f();
            }
            t.elapsed().as_secs_f64()
        };
        let view = View::new(text);
        let det = docfacts_detect::detect(text, &view);
        let unaccented = det.lang == Lang::Vi && det.variant == Some(Variant::Unaccented);
        let t_view = time(&mut || {
            std::hint::black_box(View::new(text));
        });
        let t_detect = time(&mut || {
            std::hint::black_box(docfacts_detect::detect(text, &view));
        });
        let t_ocr = if unaccented {
            time(&mut || {
                std::hint::black_box(View::new(text).ocr_folded());
            }) - t_view
        } else {
            0.0
        };
        let view = if unaccented { view.ocr_folded() } else { view };
        let doc = Analyzed {
            source: text,
            view: &view,
            lang: det.lang,
            variant: det.variant,
            deadline: None,
        };
        let (mut t_refs, mut t_dates, mut t_figs) = (0.0, 0.0, 0.0);
        let mut facts = None;
        for _ in 0..rounds {
            let mut st = Stages::new(doc);
            let t = Instant::now();
            let r = st.doc_refs();
            t_refs += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let d = st.dates();
            t_dates += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let f = st.figures();
            t_figs += t.elapsed().as_secs_f64();
            facts = Some((r, d, f));
        }
        let pipeline = docfacts_pipeline::Pipeline::builder().build();
        let rec = pipeline.analyze("x", document(text));
        let t_json = time(&mut || {
            std::hint::black_box(serde_json::to_vec(&rec).ok());
        });
        let total = time(&mut || {
            std::hint::black_box(pipeline.analyze("x", document(text)));
        }) + t_json;
        let (r, d, f) = facts.unwrap_or_default();
        println!(
            "{:<28} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>8.1}   facts {}/{}/{}",
            sample.name,
            mbps(n, rounds, t_view),
            // Detection reads only a sample: its speed is over the bytes it reads.
            mbps(n.min(docfacts_detect::SAMPLE_BYTES), rounds, t_detect),
            if unaccented {
                mbps(n, rounds, t_ocr)
            } else {
                f64::NAN
            },
            mbps(n, rounds, t_refs),
            mbps(n, rounds, t_dates),
            mbps(n, rounds, t_figs),
            mbps(n, rounds, t_json),
            mbps(n, rounds, total),
            r.len(),
            d.len(),
            f.len()
        );
    }
}

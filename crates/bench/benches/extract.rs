//! Extract: each extractor on its own (`doc_refs`, then `dates` after the document numbers took
//! their spans, then `figures` after both, as in `extract`), and the three together; on the view
//! and language the pipeline would use.
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use docfacts_extract::{Analyzed, Stages, extract};
use docfacts_normalize::View;
use docfacts_types::{Lang, Variant};

fn extractors(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    for sample in docfacts_bench::samples() {
        let text = sample.text.as_str();
        let view = View::new(text);
        let detection = docfacts_detect::detect(text, &view);
        let view = if detection.lang == Lang::Vi && detection.variant == Some(Variant::Unaccented) {
            view.ocr_folded()
        } else {
            view
        };
        let doc = Analyzed {
            source: text,
            view: &view,
            lang: detection.lang,
            variant: detection.variant,
            deadline: None,
        };
        let fresh = Stages::new(doc);
        let mut after_refs = fresh.clone();
        after_refs.doc_refs();
        let mut after_dates = after_refs.clone();
        after_dates.dates();
        group.throughput(Throughput::Bytes(text.len() as u64));
        let name = sample.name.as_str();
        group.bench_function(BenchmarkId::new("doc_refs", name), |b| {
            b.iter_batched(
                || fresh.clone(),
                |mut s| s.doc_refs(),
                BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("dates", name), |b| {
            b.iter_batched(
                || after_refs.clone(),
                |mut s| s.dates(),
                BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("figures", name), |b| {
            b.iter_batched(
                || after_dates.clone(),
                |mut s| s.figures(),
                BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("all", name), |b| b.iter(|| extract(&doc)));
    }
    group.finish();
}

criterion_group!(benches, extractors);
criterion_main!(benches);

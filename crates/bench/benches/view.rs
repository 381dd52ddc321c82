//! Normalize: building the matching view (`View::new`), and the OCR-folded view built from it.
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use docfacts_normalize::View;

fn view(c: &mut Criterion) {
    let mut group = c.benchmark_group("view");
    for sample in docfacts_bench::samples() {
        let text = sample.text.as_str();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("new", &sample.name), text, |b, text| {
            b.iter(|| View::new(black_box(text)))
        });
        group.bench_with_input(
            BenchmarkId::new("ocr_folded", &sample.name),
            text,
            |b, text| {
                b.iter_batched(
                    || View::new(text),
                    View::ocr_folded,
                    criterion::BatchSize::SmallInput,
                )
            },
        );
    }
    group.finish();
}

criterion_group!(benches, view);
criterion_main!(benches);

//! Detect: language and Vietnamese variant, on a view already built.
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use docfacts_normalize::View;

fn detect(c: &mut Criterion) {
    let mut group = c.benchmark_group("detect");
    for sample in docfacts_bench::samples() {
        let text = sample.text.as_str();
        let view = View::new(text);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("detect", &sample.name),
            &(text, &view),
            |b, (text, view)| b.iter(|| docfacts_detect::detect(black_box(text), view)),
        );
    }
    group.finish();
}

criterion_group!(benches, detect);
criterion_main!(benches);

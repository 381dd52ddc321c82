//! The whole pipeline on one in-memory document: decode, view, detect, extract, record.
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use docfacts_ingest::{Input, InputOrigin};
use docfacts_pipeline::Pipeline;

fn pipeline(c: &mut Criterion) {
    let pipeline = Pipeline::builder().build();
    let mut group = c.benchmark_group("pipeline");
    for sample in docfacts_bench::samples() {
        let input = Input {
            origin: InputOrigin::Memory(Arc::from(sample.text.as_bytes())),
            display: "-".to_owned(),
            id: sample.name.clone(),
            listing_error: None,
            listing_error_kind: None,
        };
        group.throughput(Throughput::Bytes(sample.text.len() as u64));
        group.bench_with_input(BenchmarkId::new("run", &sample.name), &input, |b, input| {
            b.iter(|| pipeline.run(input))
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);

//! Ingest: decoding bytes to the source text (`decode_text`), and `read_bytes` (size, SHA-256,
//! format sniffing, decoding) as the pipeline does it for every input.
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use docfacts_ingest::{IngestOptions, decode_text, read_bytes};
use docfacts_types::Source;

fn ingest(c: &mut Criterion) {
    let options = IngestOptions::default();
    let mut group = c.benchmark_group("ingest");
    for sample in docfacts_bench::samples() {
        let bytes = sample.text.as_bytes().to_vec();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("decode_text", &sample.name),
            &bytes,
            |b, bytes| b.iter(|| decode_text(black_box(bytes))),
        );
        group.bench_with_input(
            BenchmarkId::new("read_bytes", &sample.name),
            &bytes,
            |b, bytes| {
                b.iter_batched(
                    || bytes.clone(),
                    |bytes| read_bytes(bytes, Source::default(), &options),
                    criterion::BatchSize::SmallInput,
                )
            },
        );
    }
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);

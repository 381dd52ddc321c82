#!/usr/bin/env bash
# A profile-guided (PGO) build of the `docfacts` binary, for deployments that run large archives.
# It builds an instrumented binary, runs it over the repository's own texts (corpus/ and the
# fixtures' texts and PDFs: every language and variant; `extract`, `compare` and `graph`; never the
# benchmark archives), merges the profile, and builds again with it. Records are the same as the
# plain build's; only speed differs (BENCHMARKS.md, "Ninth round").
#
# usage: bench/pgo.sh            -> prints the path of the built binary
# needs: rustup's llvm-tools component (its llvm-profdata matches rustc's LLVM); added when missing
# env:   CARGO_TARGET_DIR (default target); the builds go to $CARGO_TARGET_DIR/pgo/{gen,use}
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
work="$target/pgo"
host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  rustup component add llvm-tools >&2
fi
if [ ! -x "$profdata" ]; then
  echo "pgo.sh: no llvm-profdata at $profdata (rustup component add llvm-tools)" >&2
  exit 1
fi
rm -rf "$work/raw"
mkdir -p "$work/raw"

RUSTFLAGS="${RUSTFLAGS:-} -Cprofile-generate=$work/raw" CARGO_TARGET_DIR="$work/gen" \
  cargo build --release --locked -p docfacts-cli >&2
gen="$work/gen/release/docfacts"
# Training: what a batch does, on texts of every kind the repository holds. Exit codes are
# ignored (fixtures include disagreeing translations and inputs that are meant to fail).
texts=(corpus fixtures/docs fixtures/meta/docs fixtures/compare fixtures/pdf)
"$gen" extract -j 1 -q "${texts[@]}" >"$work/records.jsonl" 2>/dev/null || true
for lang in vi en fa; do
  "$gen" extract -j 1 -q --lang "$lang" corpus fixtures/compare >/dev/null 2>&1 || true
done
"$gen" compare -q --dir fixtures/compare >/dev/null 2>&1 || true
"$gen" graph --records "$work/records.jsonl" >/dev/null 2>&1 || true
"$profdata" merge -o "$work/docfacts.profdata" "$work/raw"

RUSTFLAGS="${RUSTFLAGS:-} -Cprofile-use=$work/docfacts.profdata" CARGO_TARGET_DIR="$work/use" \
  cargo build --release --locked -p docfacts-cli >&2
echo "$work/use/release/docfacts"

#!/usr/bin/env bash
# Installs the docfacts Python package from source (`pip install ./python`) into a fresh virtual
# environment and runs its tests (python/tests) against the CLI. usage: python/tests/run.sh [path/to/docfacts]
# Without a binary the tests use `cargo run`. Needs python3 (with venv), Rust and PyPI (pip,
# maturin, pytest). Also checks the binding crate's formatting and lints.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -ge 1 ]; then export DOCFACTS_BIN="$(realpath "$1")"; fi
# Missing python3 venv: skipped, except under CI=true where it is a failure.
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then echo "python test: python3-venv not found" >&2; exit 1; fi
  echo "skipped: python test needs python3-venv"; exit 0
fi
start=$(date +%s)
cargo fmt --manifest-path python/Cargo.toml -- --check
cargo clippy --manifest-path python/Cargo.toml --locked --all-targets -- -D warnings
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
pip=("$work/venv/bin/pip" --quiet --disable-pip-version-check)
# A pip that builds in the source tree (21.3+): the crate's path dependencies are ../crates.
"${pip[@]}" install --upgrade pip
"${pip[@]}" install ./python pytest
installed=$(date +%s)
# Outside the source tree, so that `import docfacts` is the installed package.
(cd "$work" && "$work/venv/bin/python" -c \
  "import docfacts; print(docfacts.extract('Nghị quyết số 57-NQ/TW ngày 22/12/2024')['doc_refs'][0]['id'])") \
  | grep -qx '57-NQ/TW'
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider python/tests
done_at=$(date +%s)
echo "python test: ok (lint and pip install ./python $((installed - start)) s, tests $((done_at - installed)) s)"

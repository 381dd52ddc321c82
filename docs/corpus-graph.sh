#!/usr/bin/env bash
# Renders docs/corpus-graph.svg, the citation graph of corpus/ shown in the README, with
# `docfacts graph` (needs Graphviz's `dot`). Run again when extraction changes.
# usage: docs/corpus-graph.sh    env: DOCFACTS=path/to/binary (default: cargo run)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${DOCFACTS:-}" ]; then
  "$DOCFACTS" graph corpus --format svg --quiet -o docs/corpus-graph.svg
else
  cargo run --quiet -- graph corpus --format svg --quiet -o docs/corpus-graph.svg
fi

#!/usr/bin/env bash
# Renders the citation graphs shown in the README with `docfacts graph` (needs Graphviz's `dot`):
# docs/corpus-graph.svg (corpus/) and docs/meta-graph.svg (fixtures/meta/docs/: plans, decisions and
# resolutions whose preambles relate them). Run again when extraction changes.
# usage: docs/corpus-graph.sh    env: DOCFACTS=path/to/binary (default: cargo run)
set -euo pipefail
cd "$(dirname "$0")/.."
run() {
  if [ -n "${DOCFACTS:-}" ]; then "$DOCFACTS" "$@"; else cargo run --quiet -- "$@"; fi
}
run graph corpus --format svg --quiet -o docs/corpus-graph.svg
run graph fixtures/meta/docs --format svg --quiet -o docs/meta-graph.svg

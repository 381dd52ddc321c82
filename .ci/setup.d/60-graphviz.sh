# Graphviz's `dot` for `docfacts graph --format svg` (tests/graph.rs) and docs/corpus-graph.svg.
# Debian's package; skipped when a `dot` is already on PATH. Sourced by .ci/run.
if command -v dot >/dev/null 2>&1; then
  echo "graphviz: present"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "graphviz: installing Debian's package"
  apt-get update -qq >/dev/null || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends graphviz >/dev/null \
    || echo "warning: graphviz could not be installed; the SVG test will fail under CI=true"
else
  echo "warning: graphviz missing and apt-get unavailable (not root?); the SVG test will fail under CI=true"
fi

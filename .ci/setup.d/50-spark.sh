# Sourced by .ci/run: what the Python package's test (python/tests/run.sh) and the Spark example's
# (examples/spark/test.sh) need beside PyPI and Rust: python3's venv module, and Java 17+ for Spark. Idempotent; skipped when both are there. A failure is
# reported, not fatal here: the test itself then fails under CI=true, saying why.
docfacts_spark_setup() {
  local need=()
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
  python3 -c "import ensurepip, venv" >/dev/null 2>&1 || need+=(python3-venv)
  [ ${#need[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "spark: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}
docfacts_spark_setup || echo "warning: Java or python3-venv could not be installed; the Python and Spark tests will fail under CI=true"
unset -f docfacts_spark_setup

# Sourced by bench scripts that take a folder: from the repository root (CARGO_TARGET_DIR set,
# default target/), `bin` is the docfacts binary to measure: DOCFACTS (a path taken from where the
# script was run), else the release build, built when missing.
[ -z "${DOCFACTS:-}" ] || DOCFACTS=$(realpath "$DOCFACTS")
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bin="${DOCFACTS:-$CARGO_TARGET_DIR/release/docfacts}"
[ -x "$bin" ] || cargo build --release --locked

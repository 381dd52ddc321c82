# poppler-utils: pdftotext is the reference extractor that tests/pdf.rs compares docfacts against.
# Idempotent; skipped when pdftotext is already on PATH.
if ! command -v pdftotext >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils \
            || echo "30-pdf-tools: could not install poppler-utils" >&2
    else
        echo "30-pdf-tools: no apt-get; poppler-utils not installed" >&2
    fi
fi

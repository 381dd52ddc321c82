# poppler-utils (pdftotext, the reference extractor in tests/pdf.rs) and, when available,
# tesseract with the Vietnamese and Persian models (OCR of scanned pages). Idempotent.
pdf_tools_missing=()
command -v pdftotext >/dev/null 2>&1 || pdf_tools_missing+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || pdf_tools_missing+=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-fas)
if ((${#pdf_tools_missing[@]})); then
    if command -v apt-get >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends "${pdf_tools_missing[@]}" \
            || echo "30-pdf-tools: could not install ${pdf_tools_missing[*]}" >&2
    else
        echo "30-pdf-tools: no apt-get; ${pdf_tools_missing[*]} not installed" >&2
    fi
fi
unset pdf_tools_missing

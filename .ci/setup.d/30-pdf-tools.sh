# PDF tools for tests/pdf.rs, from Debian's packages:
# - poppler-utils: pdftotext is the reference extractor docfacts is compared against, and pdftoppm
#   renders pages for OCR;
# - tesseract-ocr with the Vietnamese and Persian models (English comes with tesseract-ocr): OCR of
#   scanned and legacy-font pages.
# Idempotent: installs only what is missing; sourced by .ci/run (so no `exit`).
_pdf_tools_missing=()
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
    || _pdf_tools_missing+=(poppler-utils)
if command -v tesseract >/dev/null 2>&1; then
    _pdf_langs=$(tesseract --list-langs 2>/dev/null)
    for _l in vie fas eng; do
        grep -qx "$_l" <<<"$_pdf_langs" || _pdf_tools_missing+=("tesseract-ocr-$_l")
    done
else
    _pdf_tools_missing+=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie tesseract-ocr-fas)
fi
if [ ${#_pdf_tools_missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${_pdf_tools_missing[@]}"; } \
            || echo "30-pdf-tools: could not install ${_pdf_tools_missing[*]}" >&2
    else
        echo "30-pdf-tools: no apt-get; ${_pdf_tools_missing[*]} not installed" >&2
    fi
fi
unset _pdf_tools_missing _pdf_langs _l

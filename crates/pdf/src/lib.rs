//! PDF text layers for docfacts: loads a PDF with lopdf (repairing a damaged cross-reference
//! table, decrypting files that only have an owner password, with bounded decompression), walks the
//! page tree, interprets each page's content stream (and the Form XObjects it draws) to position
//! every glyph with proper font decoding (ToUnicode CMaps, simple encodings and `/Differences`,
//! Type 0 / Identity-H, Type 3, `/ActualText`), and lays the glyphs out into text in reading order
//! (right-to-left lines through the Unicode bidi algorithm, NFC).
//!
//! This crate does no isolation of its own; `docfacts-ingest` runs it in a worker process with time
//! and memory limits (see `docs/pdf.md`).
//!
//! ```no_run
//! let bytes = std::fs::read("report.pdf")?;
//! let pdf = docfacts_pdf::extract(&bytes, &docfacts_pdf::Limits::default())?;
//! println!("{} pages", pdf.pages.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod cmap;
mod font;
mod interp;
mod layout;
#[doc(hidden)]
pub mod testpdf;

use std::collections::HashSet;

use docfacts_types::ErrorKind;
use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::{Deserialize, Serialize};

/// Resource limits for one PDF.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Limits {
    /// Most bytes one stream (or one page's content) may decompress to.
    pub max_stream_bytes: usize,
    /// Most pages read.
    pub max_pages: usize,
    /// Most content-stream operators interpreted on one page (Form XObjects included).
    pub max_ops_per_page: usize,
    /// Most glyphs kept on one page.
    pub max_glyphs_per_page: usize,
    /// How deep Form XObjects may nest.
    pub max_form_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_stream_bytes: 64 * 1024 * 1024,
            max_pages: 10_000,
            max_ops_per_page: 5_000_000,
            max_glyphs_per_page: 1_000_000,
            max_form_depth: 12,
        }
    }
}

/// Why a PDF could not be read.
#[derive(Clone, Debug, thiserror::Error, Serialize, Deserialize)]
#[error("{message}")]
pub struct PdfError {
    /// The stable kind of the error record.
    pub kind: ErrorKind,
    /// A message for people.
    pub message: String,
}

impl PdfError {
    /// An error of `kind`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> PdfError {
        PdfError {
            kind,
            message: message.into(),
        }
    }

    fn limit_exceeded(bytes: usize) -> PdfError {
        PdfError::new(
            ErrorKind::LimitExceeded,
            format!("limit exceeded: a stream decompresses to more than {bytes} bytes"),
        )
    }
}

/// The text of a PDF, page by page.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PdfText {
    /// Text of each page in reading order (NFC, lines joined by `\n`).
    pub pages: Vec<String>,
    /// Problems that did not stop reading (pages without text, undecodable fonts), naming the page.
    pub warnings: Vec<String>,
    /// 1-based numbers of the pages whose text layer is missing or unusable (candidates for OCR).
    pub pages_without_text: Vec<u32>,
}

/// Loads `bytes` as a PDF and extracts the text of every page.
///
/// # Errors
/// A [`PdfError`] whose kind is `encrypted` (a user password is needed), `truncated`, `malformed`,
/// `unsupported_format` (not a PDF) or `limit_exceeded`.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<PdfText, PdfError> {
    extract_with_threads(bytes, limits, 1)
}

/// [`extract`], reading up to `threads` pages at once (each page's content is interpreted and
/// laid out on its own; the result is the same for any `threads`).
///
/// A file cut short (see [`truncation`]) is still read as far as lopdf can rebuild it: its
/// recovered text comes with a warning that says so, and a file that yields no text is a
/// `truncated` error rather than an empty document.
///
/// # Errors
/// As [`extract`]; when several pages exceed a limit, the first of them in page order is reported.
pub fn extract_with_threads(
    bytes: &[u8],
    limits: &Limits,
    threads: usize,
) -> Result<PdfText, PdfError> {
    // Looked at before lopdf's repair, which rebuilds a cut file without a word. See: #20
    let cut = truncation(bytes);
    let result = read(bytes, limits, threads);
    match cut {
        Some(why) => recovered(result, why),
        None => result,
    }
}

/// Why `bytes` look cut short, if they do: no `%%EOF` in the last 1024 bytes (where readers
/// look for it), no `startxref` before it, or a `startxref` beyond the end of the file.
fn truncation(bytes: &[u8]) -> Option<&'static str> {
    let tail = bytes
        .get(bytes.len().saturating_sub(1024)..)
        .unwrap_or_default();
    let Some(eof) = rfind(tail, b"%%EOF") else {
        return Some("the file ends without its %%EOF marker");
    };
    let before_eof = bytes
        .get(..bytes.len() - tail.len() + eof)
        .unwrap_or_default();
    let window = before_eof
        .get(before_eof.len().saturating_sub(1024)..)
        .unwrap_or_default();
    let Some(at) = rfind(window, b"startxref") else {
        return Some("no startxref before the final %%EOF");
    };
    let offset = window
        .get(at + b"startxref".len()..)
        .unwrap_or_default()
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .try_fold(0usize, |n, b| {
            n.checked_mul(10)?.checked_add(usize::from(b - b'0'))
        });
    match offset {
        Some(offset) if offset < bytes.len() => None,
        _ => Some("its startxref points past the end of the file"),
    }
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The outcome for a file that looks cut short (`why`): its recovered text with a warning, or a
/// `truncated` error when nothing was recovered or the rest of it could not be read.
fn recovered(result: Result<PdfText, PdfError>, why: &str) -> Result<PdfText, PdfError> {
    let truncated =
        |detail: &str| PdfError::new(ErrorKind::Truncated, format!("truncated: {why} ({detail})"));
    match result {
        Ok(mut pdf) if pdf.pages.iter().any(|p| !p.trim().is_empty()) => {
            pdf.warnings.insert(
                0,
                format!("truncated: {why}; the text is what could be recovered"),
            );
            Ok(pdf)
        }
        Ok(_) => Err(truncated("no text could be recovered")),
        Err(e) if e.kind == ErrorKind::Malformed => Err(truncated(&e.message)),
        Err(e) => Err(e),
    }
}

/// Loads and reads every page (see [`extract_with_threads`]).
fn read(bytes: &[u8], limits: &Limits, threads: usize) -> Result<PdfText, PdfError> {
    let doc = load(bytes, limits)?;
    let pages = page_tree(&doc, limits)?;
    let read = |(index, &(page_id, resources)): (usize, &(ObjectId, Option<ObjectId>))| {
        read_page(&doc, limits, index + 1, page_id, resources)
    };
    let pool = (threads > 1 && pages.len() > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok()
        })
        .flatten();
    let read_pages: Vec<Result<Page, PdfError>> = match pool {
        Some(pool) => {
            use rayon::prelude::*;
            pool.install(|| pages.par_iter().enumerate().map(read).collect())
        }
        None => {
            // In order, stopping at the first page over a limit.
            let mut out = Vec::with_capacity(pages.len());
            for page in pages.iter().enumerate() {
                let page = read(page);
                let stop = page.is_err();
                out.push(page);
                if stop {
                    break;
                }
            }
            out
        }
    };
    let mut out = PdfText::default();
    for (index, page) in read_pages.into_iter().enumerate() {
        let page = page?;
        out.warnings.extend(page.warnings);
        if page.without_text {
            out.pages_without_text
                .push(u32::try_from(index + 1).unwrap_or(u32::MAX));
        }
        out.pages.push(page.text);
    }
    Ok(out)
}

/// One page read: its text and what went wrong.
struct Page {
    text: String,
    warnings: Vec<String>,
    /// The page has no usable text layer (for OCR).
    without_text: bool,
}

/// Reads page `number`: content, interpretation, layout and a quality check.
///
/// # Errors
/// Only a limit exceeded (the whole document is refused); other problems are warnings.
fn read_page(
    doc: &lopdf::Document,
    limits: &Limits,
    number: usize,
    page_id: ObjectId,
    resources: Option<ObjectId>,
) -> Result<Page, PdfError> {
    let mut warnings = Vec::new();
    let content = match doc.get_page_content_with_limit(page_id, limits.max_stream_bytes) {
        Ok(c) => c,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(PdfError::limit_exceeded(limits.max_stream_bytes));
        }
        Err(e) => {
            warnings.push(format!("page {number}: content stream unreadable ({e})"));
            Vec::new()
        }
    };
    let inline = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|p| p.get(b"Resources").ok())
        .and_then(|o| o.as_dict().ok());
    let resources = inline.or_else(|| resources.and_then(|id| doc.get_dictionary(id).ok()));
    let glyphs = match interp::Interp::new(doc, limits).run_page(&content, resources) {
        Ok(g) => g,
        Err(e) if e.kind == ErrorKind::LimitExceeded => return Err(e),
        Err(e) => {
            warnings.push(format!("page {number}: {e}"));
            interp::PageGlyphs::default()
        }
    };
    let (unmapped, shown) = (glyphs.unmapped, glyphs.shown);
    let mut text = layout::page_text(glyphs.glyphs);
    let mut without_text = false;
    if let Some(problem) = quality(&text, unmapped, shown) {
        warnings.push(format!("page {number}: {problem}"));
        without_text = true;
        if problem.contains("garbage") || unmapped * 2 > shown {
            // Nothing in it can be trusted: no facts from it.
            text.clear();
        }
    }
    Ok(Page {
        text,
        warnings,
        without_text,
    })
}

/// Why a page's text is unusable, if it is.
fn quality(text: &str, unmapped: usize, shown: usize) -> Option<&'static str> {
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    if letters == 0 {
        return Some("no text layer (a scanned page?)");
    }
    let bad = text
        .chars()
        .filter(|c| {
            (c.is_control() && !c.is_whitespace())
                || *c == '\u{FFFD}'
                || matches!(u32::from(*c), 0xE000..=0xF8FF)
        })
        .count();
    if bad * 10 > letters {
        return Some("text layer looks like garbage (legacy fonts without a Unicode map)");
    }
    if looks_like_garbage(text) {
        return Some("text layer looks like garbage (legacy fonts without a Unicode map)");
    }
    if unmapped * 20 > shown {
        return Some("text layer partly cannot be decoded (fonts without a Unicode map)");
    }
    None
}

/// Text whose words mostly mix letters, digits and symbols in ways no supported language writes.
fn looks_like_garbage(text: &str) -> bool {
    let mut words = 0usize;
    let mut odd = 0usize;
    for word in text.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < 2 {
            continue;
        }
        words += 1;
        let letters = chars.iter().filter(|c| c.is_alphabetic()).count();
        let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
        let symbols = chars.len() - letters - digits;
        let inner_upper = chars.iter().skip(1).filter(|c| c.is_uppercase()).count();
        let vowel = chars
            .iter()
            .any(|c| "aeiouyAEIOUY".contains(*c) || !c.is_ascii() && c.is_alphabetic());
        let is_odd = (letters > 0 && symbols * 2 > chars.len())
            || (letters > 0 && digits > 0 && letters + digits == chars.len() && letters > 2)
            || (letters >= 3 && !vowel)
            || (inner_upper > 0
                && inner_upper < letters.saturating_sub(1)
                && chars.first().is_some_and(|c| c.is_lowercase()));
        if is_odd {
            odd += 1;
        }
    }
    words >= 5 && odd * 3 > words
}

fn load(bytes: &[u8], limits: &Limits) -> Result<Document, PdfError> {
    if !bytes
        .get(..1024.min(bytes.len()))
        .unwrap_or_default()
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(PdfError::new(ErrorKind::UnsupportedFormat, "not a PDF"));
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        ..lopdf::LoadOptions::default()
    };
    let doc = lopdf::Document::load_mem_with_options(bytes, options)
        .map_err(|e| load_error(bytes, &e))?;
    if doc.is_encrypted() {
        return Err(PdfError::new(
            ErrorKind::Encrypted,
            "encrypted: a user password is required",
        ));
    }
    Ok(doc)
}

fn load_error(bytes: &[u8], e: &lopdf::Error) -> PdfError {
    use lopdf::Error as E;
    let tail = bytes
        .get(bytes.len().saturating_sub(1024)..)
        .unwrap_or_default();
    let has_eof = tail.windows(5).any(|w| w == b"%%EOF");
    match e {
        E::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            PdfError::limit_exceeded(*limit)
        }
        E::ReferenceLimit | E::RecursionLimit => {
            PdfError::new(ErrorKind::LimitExceeded, format!("limit exceeded: {e}"))
        }
        E::InvalidPassword | E::Decryption(_) | E::UnsupportedSecurityHandler(_) => {
            PdfError::new(ErrorKind::Encrypted, format!("encrypted: {e}"))
        }
        _ if !has_eof => PdfError::new(
            ErrorKind::Truncated,
            format!("truncated: the file ends before its cross-reference table ({e})"),
        ),
        _ => PdfError::new(ErrorKind::Malformed, format!("malformed PDF: {e}")),
    }
}

/// The pages in order with the id of the `/Resources` dictionary each inherits. Cycles, excessive
/// depth and too many pages are errors, not hangs.
fn page_tree(
    doc: &Document,
    limits: &Limits,
) -> Result<Vec<(ObjectId, Option<ObjectId>)>, PdfError> {
    let malformed = |m: &str| PdfError::new(ErrorKind::Malformed, format!("malformed PDF: {m}"));
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .map_err(|_| malformed("no document catalog"))?;
    let pages_id = root
        .get(b"Pages")
        .and_then(Object::as_reference)
        .map_err(|_| malformed("no page tree"))?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    // (node, inherited resources id, depth)
    let mut stack: Vec<(ObjectId, Option<ObjectId>, usize)> = vec![(pages_id, None, 0)];
    while let Some((id, inherited, depth)) = stack.pop() {
        if !seen.insert(id) {
            return Err(malformed("the page tree has a cycle"));
        }
        if depth > 64 {
            return Err(PdfError::new(
                ErrorKind::LimitExceeded,
                "limit exceeded: page tree deeper than 64 levels",
            ));
        }
        let Ok(node) = doc.get_dictionary(id) else {
            continue;
        };
        let resources = match node.get(b"Resources") {
            Ok(Object::Reference(r)) => Some(*r),
            _ => inherited,
        };
        let is_pages = node.get(b"Kids").is_ok() && !node.has_type(b"Page");
        if is_pages {
            let kids = kids(doc, node);
            for kid in kids.iter().rev() {
                stack.push((*kid, resources, depth + 1));
            }
        } else {
            out.push((id, resources));
            if out.len() > limits.max_pages {
                return Err(PdfError::new(
                    ErrorKind::LimitExceeded,
                    format!("limit exceeded: more than {} pages", limits.max_pages),
                ));
            }
        }
    }
    if out.is_empty() {
        return Err(malformed("no pages"));
    }
    Ok(out)
}

fn kids(doc: &Document, node: &Dictionary) -> Vec<ObjectId> {
    let kids = match node.get(b"Kids") {
        Ok(Object::Reference(id)) => doc.get_object(*id).ok(),
        Ok(o) => Some(o),
        Err(_) => None,
    };
    kids.and_then(|k| k.as_array().ok())
        .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf");
        std::fs::read(dir.join(name)).unwrap()
    }

    #[test]
    fn pages_read_in_parallel_give_the_same_text_and_warnings() {
        for name in ["mixed_big.pdf", "vi_table.pdf", "vi_003_notounicode.pdf"] {
            let bytes = fixture(name);
            let one = extract(&bytes, &Limits::default()).unwrap();
            assert!(one.pages.len() > 1 || name != "mixed_big.pdf", "{name}");
            for threads in [2, 4] {
                let many = extract_with_threads(&bytes, &Limits::default(), threads).unwrap();
                assert_eq!(many.pages, one.pages, "{name}, {threads} threads");
                assert_eq!(many.warnings, one.warnings, "{name}, {threads} threads");
                assert_eq!(many.pages_without_text, one.pages_without_text, "{name}");
            }
        }
    }

    const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (Nghi quyet so 57-NQ/TW ngay 22/12/2024) Tj ET";

    #[test]
    fn a_complete_file_is_not_taken_for_a_truncated_one() {
        let pdf = testpdf::one_page(TEXT);
        assert_eq!(truncation(&pdf), None);
        let text = extract(&pdf, &Limits::default()).unwrap();
        assert!(text.pages[0].contains("57-NQ/TW"), "{text:?}");
        assert!(text.warnings.is_empty(), "{:?}", text.warnings);
    }

    #[test]
    fn truncation_is_seen_in_the_bytes_before_any_repair() {
        let pdf = testpdf::one_page(TEXT);
        let xref = testpdf::find(&pdf, b"xref\n");
        assert!(truncation(&pdf[..xref]).is_some_and(|w| w.contains("%%EOF")));
        assert!(truncation(&pdf[..pdf.len() - 3]).is_some());
        // A marker left without its startxref, or one that points past the end.
        let mut no_startxref = pdf[..xref].to_vec();
        no_startxref.extend_from_slice(b"%%EOF\n");
        assert!(truncation(&no_startxref).is_some_and(|w| w.contains("startxref")));
        let past = String::from_utf8_lossy(&pdf)
            .replace(&format!("startxref\n{xref}\n"), "startxref\n99999999\n");
        assert!(truncation(past.as_bytes()).is_some_and(|w| w.contains("past the end")));
    }

    #[test]
    fn a_file_cut_before_its_xref_gives_its_recovered_text_with_a_warning() {
        // lopdf rebuilds the table from the objects, all of which are there. See: #20
        let pdf = testpdf::one_page(TEXT);
        let cut = &pdf[..testpdf::find(&pdf, b"xref\n")];
        let text = extract(cut, &Limits::default()).unwrap();
        assert!(text.pages[0].contains("57-NQ/TW"), "{text:?}");
        assert!(
            text.warnings
                .first()
                .is_some_and(|w| w.starts_with("truncated:")),
            "{:?}",
            text.warnings
        );
    }

    #[test]
    fn a_file_cut_inside_its_page_content_is_truncated_not_an_empty_document() {
        // The page survives the repair, its text does not: `truncated`, not `ok` with no text.
        let pdf = testpdf::one_page(TEXT);
        let cut = &pdf[..testpdf::find(&pdf, b"(Nghi")];
        let err = extract(cut, &Limits::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Truncated, "{err:?}");
    }

    #[test]
    fn a_limit_exceeded_on_any_page_refuses_the_document_with_any_thread_count() {
        let bytes = fixture("mixed_big.pdf");
        let limits = Limits {
            max_glyphs_per_page: 10,
            ..Limits::default()
        };
        let one = extract(&bytes, &limits).map(|_| ()).unwrap_err();
        let many = extract_with_threads(&bytes, &limits, 4)
            .map(|_| ())
            .unwrap_err();
        assert_eq!(one.kind, ErrorKind::LimitExceeded);
        assert_eq!(many.kind, one.kind);
        assert_eq!(many.message, one.message);
    }
}

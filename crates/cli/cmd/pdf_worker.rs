//! `docfacts __pdf-worker`: the isolated PDF extraction process (see `docs/pdf.md`), and the PDF
//! options shared by `extract` and `text`.

use std::process::ExitCode;
use std::time::Duration;

use docfacts_ingest::OcrMode;

/// Arguments of the worker (set by the parent process).
#[derive(Debug, clap::Args)]
pub(crate) struct PdfWorkerArgs {
    /// Address-space limit in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024 * 1024)]
    memory: u64,
    /// CPU-time limit in seconds.
    #[arg(long, default_value_t = 61)]
    cpu_seconds: u64,
    /// Which pages go to OCR.
    #[arg(long, value_enum, default_value_t = Ocr::Auto)]
    ocr: Ocr,
    /// tesseract's languages.
    #[arg(long)]
    ocr_lang: Option<String>,
    /// Pages read at once.
    #[arg(long, default_value_t = 1)]
    page_threads: usize,
    /// Milliseconds the worker may spend, OCR included.
    #[arg(long, default_value_t = 59_000)]
    budget_ms: u64,
}

/// `--ocr` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Ocr {
    /// Pages without a text layer or with undecodable fonts.
    Auto,
    /// Every page (the OCR text replaces the text layer).
    Always,
    /// No OCR (such pages keep a warning and give no text).
    Never,
}

impl From<Ocr> for OcrMode {
    fn from(o: Ocr) -> OcrMode {
        match o {
            Ocr::Auto => OcrMode::Auto,
            Ocr::Always => OcrMode::Always,
            Ocr::Never => OcrMode::Never,
        }
    }
}

/// PDF options of `extract` and `text`.
#[derive(Debug, clap::Args)]
pub(crate) struct PdfArgs {
    /// Wall-clock limit for reading one PDF, OCR included (each PDF is read in a separate,
    /// memory-limited process).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pdf_timeout: u64,
    /// OCR of PDF pages with tesseract: `auto` reads pages without a text layer (scans) or with
    /// undecodable legacy fonts, `always` every page, `never` none (see docs/pdf.md).
    #[arg(long, value_enum, default_value_t = Ocr::Auto)]
    ocr: Ocr,
    /// tesseract languages (`vie`, `vie+eng`, `fas`); default: from the text of the other pages,
    /// else tesseract's script detection (Arabic → fas, else vie).
    #[arg(long, value_name = "LANGS", value_parser = parse_langs)]
    ocr_lang: Option<String>,
}

fn parse_langs(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.split('+').all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "bad OCR languages {s:?} (expected tesseract codes joined by +, like vie+eng)"
        ))
    }
}

pub(crate) fn run(args: PdfWorkerArgs) -> anyhow::Result<ExitCode> {
    let mut options = docfacts_ingest::PdfOptions::default();
    options.ocr = args.ocr.into();
    options.ocr_lang = args.ocr_lang;
    options.page_threads = args.page_threads.max(1);
    docfacts_ingest::pdf_worker_main(
        args.memory,
        args.cpu_seconds,
        &options,
        Duration::from_millis(args.budget_ms),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// PDF options that run each PDF in a worker process of this executable.
pub(crate) fn options(args: &PdfArgs) -> docfacts_ingest::PdfOptions {
    let mut pdf = docfacts_ingest::PdfOptions::default();
    pdf.worker = std::env::current_exe().ok();
    pdf.timeout = Duration::from_secs(args.pdf_timeout.max(1));
    pdf.ocr = args.ocr.into();
    pdf.ocr_lang = args.ocr_lang.clone();
    pdf
}

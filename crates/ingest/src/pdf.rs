//! PDF input, isolated: the text layer is extracted by `docfacts-pdf` in a worker process (the same
//! executable, `__pdf-worker`) that limits its own address space and CPU time, under a wall-clock
//! timeout kept by the parent. A hostile file can then at worst kill its worker: the parent turns
//! that into an error record and the batch goes on. Without a worker executable (library use) the
//! extraction runs in-process under `catch_unwind`, with lopdf's and docfacts-pdf's limits only.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use docfacts_pdf::{Limits, PdfError, PdfText};
use docfacts_types::{ErrorKind, Source, SourceFormat};
use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

use crate::ocr::{OcrMode, OcrSettings, ocr_pages};
use crate::{Document, IngestError, IngestOptions};

/// How PDF extraction is isolated.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PdfOptions {
    /// The executable to run as `EXE __pdf-worker`; `None` extracts in-process.
    pub worker: Option<PathBuf>,
    /// Wall-clock limit for one PDF.
    pub timeout: Duration,
    /// Address-space limit of the worker, in bytes.
    pub memory: u64,
    /// Which pages go to OCR (tesseract, when installed).
    pub ocr: OcrMode,
    /// tesseract's languages (`vie+eng`); `None` chooses them from the document.
    pub ocr_lang: Option<String>,
    /// Pages read at once within one PDF (more than 1 when a PDF is read alone, so that its
    /// pages use the cores a batch would have used).
    pub page_threads: usize,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions {
            worker: None,
            timeout: Duration::from_secs(60),
            memory: 2 * 1024 * 1024 * 1024,
            ocr: OcrMode::Auto,
            ocr_lang: None,
            page_threads: 1,
        }
    }
}

/// What the worker writes on its stdout.
#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Ok(PdfText),
    Err(PdfError),
}

/// Reads PDF bytes into a document (pages joined by `\f`, `page_starts` set).
pub(crate) fn read_pdf(
    bytes: &[u8],
    mut source: Source,
    options: &IngestOptions,
) -> Result<Document, IngestError> {
    source.format = SourceFormat::Pdf;
    let reply = match &options.pdf.worker {
        Some(exe) => run_worker(exe, bytes, &options.pdf),
        None => in_process(
            bytes,
            &ocr_settings(&options.pdf),
            options.pdf.timeout,
            options.pdf.page_threads,
        ),
    };
    let pdf = match reply {
        Reply::Ok(pdf) => pdf,
        Reply::Err(err) => return Err(IngestError::new(err.kind, err.message, source)),
    };
    let mut text = String::new();
    let mut page_starts = Vec::with_capacity(pdf.pages.len());
    for (i, page) in pdf.pages.iter().enumerate() {
        if i > 0 {
            text.push('\u{c}');
        }
        page_starts.push(text.len());
        text.push_str(page);
    }
    source.pages = Some(u32::try_from(pdf.pages.len()).unwrap_or(u32::MAX));
    Ok(Document {
        text,
        source,
        page_starts: Some(page_starts),
        warnings: pdf.warnings,
    })
}

fn ocr_settings(options: &PdfOptions) -> OcrSettings {
    OcrSettings {
        mode: options.ocr,
        langs: options.ocr_lang.clone(),
    }
}

/// Extraction, then OCR of the pages that need it within `budget`.
fn in_process(bytes: &[u8], ocr: &OcrSettings, budget: Duration, threads: usize) -> Reply {
    let started = std::time::Instant::now();
    let extracted = std::panic::catch_unwind(|| {
        docfacts_pdf::extract_with_threads(bytes, &Limits::default(), threads)
    });
    match extracted {
        Ok(Ok(mut pdf)) => {
            let left = budget.saturating_sub(started.elapsed());
            ocr_pages(bytes, &mut pdf, ocr, left);
            Reply::Ok(pdf)
        }
        Ok(Err(err)) => Reply::Err(err),
        Err(_) => Reply::Err(PdfError::new(
            ErrorKind::Internal,
            "internal error in PDF extraction, contained",
        )),
    }
}

fn worker_failed(kind: ErrorKind, message: impl Into<String>) -> Reply {
    Reply::Err(PdfError::new(kind, message))
}

fn run_worker(exe: &std::path::Path, bytes: &[u8], options: &PdfOptions) -> Reply {
    let child = Command::new(exe)
        .arg("__pdf-worker")
        .arg("--memory")
        .arg(options.memory.to_string())
        .arg("--cpu-seconds")
        .arg((options.timeout.as_secs() + 1).to_string())
        .arg("--ocr")
        .arg(options.ocr.name())
        .arg("--page-threads")
        .arg(options.page_threads.max(1).to_string())
        .args(
            options
                .ocr_lang
                .iter()
                .flat_map(|l| ["--ocr-lang".to_owned(), l.clone()]),
        )
        // OCR stops a little before the parent's limit, so that the text already read comes back.
        .arg("--budget-ms")
        .arg(
            u64::try_from(
                options
                    .timeout
                    .saturating_sub(Duration::from_secs(1))
                    .as_millis(),
            )
            .unwrap_or(u64::MAX)
            .to_string(),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return worker_failed(
                ErrorKind::Internal,
                format!("cannot start the PDF worker: {e}"),
            );
        }
    };
    let stdin = child.stdin.take();
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(&input);
        }
    });
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(mut stdout) = stdout {
            let _ = stdout.read_to_end(&mut out);
        }
        out
    });
    let status = match child.wait_timeout(options.timeout) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            let _ = writer.join();
            let _ = reader.join();
            return worker_failed(
                ErrorKind::LimitExceeded,
                format!(
                    "limit exceeded: PDF extraction took more than {} s",
                    options.timeout.as_secs()
                ),
            );
        }
        Err(e) => return worker_failed(ErrorKind::Internal, format!("PDF worker: {e}")),
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    if let Ok(reply) = serde_json::from_slice::<Reply>(&out) {
        return reply;
    }
    if status.success() {
        return worker_failed(ErrorKind::Internal, "the PDF worker gave no answer");
    }
    worker_failed(
        ErrorKind::LimitExceeded,
        format!(
            "limit exceeded: the PDF worker was stopped ({status}; memory limit {} MiB)",
            options.memory >> 20
        ),
    )
}

/// The worker side: limits this process, reads a PDF on stdin, extracts its text, OCRs the pages
/// that need it (`options.ocr`, `options.ocr_lang`) within `budget`, and writes the reply as JSON
/// on stdout.
///
/// `memory` bounds the address space and `cpu_seconds` the CPU time (both where the platform
/// allows; OCR programs inherit the limits).
///
/// # Errors
/// Only when stdout cannot be written.
pub fn pdf_worker_main(
    memory: u64,
    cpu_seconds: u64,
    options: &PdfOptions,
    budget: Duration,
) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let _ = rlimit::setrlimit(rlimit::Resource::AS, memory, memory);
        let _ = rlimit::setrlimit(rlimit::Resource::CPU, cpu_seconds, cpu_seconds);
    }
    #[cfg(not(unix))]
    let _ = (memory, cpu_seconds);
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    let reply = in_process(&bytes, &ocr_settings(options), budget, options.page_threads);
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &reply).map_err(std::io::Error::other)?;
    out.flush()
}

//! OCR of PDF pages that have no usable text layer: each page is rendered to a 300 dpi greyscale
//! PNG by poppler's `pdftoppm` and read by `tesseract` (both external programs, found on `PATH`).
//!
//! It runs inside the PDF worker (see `pdf.rs`) after the text layer is extracted, so that its time
//! counts against the same per-PDF limit: every external command gets at most the time left in the
//! budget and is killed when it overruns (it also inherits the worker's CPU and memory limits).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use docfacts_pdf::PdfText;
use unicode_normalization::UnicodeNormalization;
use wait_timeout::ChildExt;

/// When pages of a PDF are sent to OCR.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OcrMode {
    /// Pages without a text layer, or whose text layer cannot be decoded (legacy fonts).
    #[default]
    Auto,
    /// Every page; the OCR text replaces the text layer.
    Always,
    /// No OCR: such pages keep a warning and give no text.
    Never,
}

impl OcrMode {
    /// The mode named `auto`, `always` or `never`.
    pub fn from_name(name: &str) -> Option<OcrMode> {
        match name {
            "auto" => Some(OcrMode::Auto),
            "always" => Some(OcrMode::Always),
            "never" => Some(OcrMode::Never),
            _ => None,
        }
    }

    /// `auto`, `always` or `never`.
    pub fn name(self) -> &'static str {
        match self {
            OcrMode::Auto => "auto",
            OcrMode::Always => "always",
            OcrMode::Never => "never",
        }
    }
}

/// Where an executable named `name` is on `PATH`.
fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Letters counted by script, to choose tesseract's language from the text layer of other pages.
///
/// Arabic script → `fas`; Latin with Vietnamese letters (ă â đ ê ô ơ ư, tone-marked vowels) → `vie`;
/// other Latin → `eng`; too little text → `None`.
pub(crate) fn lang_from_text(text: &str) -> Option<&'static str> {
    let (mut arabic, mut latin, mut viet) = (0usize, 0usize, 0usize);
    for c in text.nfc() {
        let u = u32::from(c);
        if matches!(u, 0x0600..=0x06FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF) {
            arabic += 1;
        } else if c.is_alphabetic() && u < 0x0250 || (0x1E00..=0x1EFF).contains(&u) {
            latin += 1;
            if "ăâđêôơưĂÂĐÊÔƠƯ".contains(c) || (0x1EA0..=0x1EF9).contains(&u) {
                viet += 1;
            }
        }
    }
    if arabic + latin < 20 {
        None
    } else if arabic > latin {
        Some("fas")
    } else if viet * 50 >= latin {
        Some("vie")
    } else {
        Some("eng")
    }
}

/// Why one external command gave nothing.
enum RunError {
    Timeout,
    Failed(String),
}

/// Runs `cmd` with at most `limit` of wall-clock time; its stdout on success.
fn run_limited(cmd: &mut Command, limit: Duration) -> Result<Vec<u8>, RunError> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| RunError::Failed(e.to_string()))?;
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(mut s) = stdout {
            let _ = s.read_to_end(&mut out);
        }
        out
    });
    let stderr = child.stderr.take();
    let err_reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stderr {
            let _ = s.take(64 * 1024).read_to_end(&mut out);
        }
        out
    });
    let status = match child.wait_timeout(limit) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            let _ = reader.join();
            let _ = err_reader.join();
            return Err(RunError::Timeout);
        }
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(RunError::Failed(e.to_string()));
        }
    };
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if status.success() {
        Ok(out)
    } else {
        let err = String::from_utf8_lossy(&err);
        let last = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        Err(RunError::Failed(format!("{status}: {}", last.trim())))
    }
}

/// What OCR needs: the two programs and the time budget.
struct Ocr {
    pdftoppm: PathBuf,
    tesseract: PathBuf,
    deadline: Instant,
    dir: tempfile::TempDir,
    pdf: PathBuf,
}

impl Ocr {
    fn left(&self) -> Option<Duration> {
        self.deadline
            .checked_duration_since(Instant::now())
            .filter(|d| *d > Duration::from_millis(200))
    }

    fn tesseract(&self) -> Command {
        let mut cmd = Command::new(&self.tesseract);
        // One thread per page: the batch already runs one worker per core.
        cmd.env("OMP_THREAD_LIMIT", "1");
        cmd
    }

    /// Renders page `number` to a PNG; its path.
    fn render(&self, number: u32) -> Result<PathBuf, RunError> {
        let left = self.left().ok_or(RunError::Timeout)?;
        let root = self.dir.path().join(format!("p{number}"));
        let n = number.to_string();
        run_limited(
            Command::new(&self.pdftoppm)
                .args([
                    "-r",
                    "300",
                    "-gray",
                    "-png",
                    "-singlefile",
                    "-f",
                    &n,
                    "-l",
                    &n,
                ])
                .arg(&self.pdf)
                .arg(&root),
            left,
        )?;
        Ok(root.with_extension("png"))
    }

    /// The script tesseract's orientation and script detection sees on `image`, as a language.
    fn script_lang(&self, image: &Path) -> Option<&'static str> {
        let left = self.left()?;
        let out = run_limited(
            self.tesseract().arg(image).arg("-").args(["--psm", "0"]),
            left,
        )
        .ok()?;
        let out = String::from_utf8_lossy(&out);
        let script = out
            .lines()
            .find_map(|l| l.strip_prefix("Script:"))?
            .trim()
            .to_owned();
        Some(match script.as_str() {
            "Arabic" => "fas",
            _ => "vie",
        })
    }

    fn read(&self, image: &Path, langs: &str) -> Result<String, RunError> {
        let left = self.left().ok_or(RunError::Timeout)?;
        let out = run_limited(
            self.tesseract()
                .arg(image)
                .arg("-")
                .args(["-l", langs, "--psm", "3"]),
            left,
        )?;
        Ok(clean(&String::from_utf8_lossy(&out)))
    }
}

/// Tesseract's text: NFC, no form feeds or other controls, no trailing spaces, at most one empty
/// line in a row.
fn clean(text: &str) -> String {
    let text: String = text
        .nfc()
        .map(|c| if c == '\u{c}' || c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// The languages tesseract has models for (`tesseract --list-langs`).
fn installed_langs(tesseract: &Path, limit: Duration) -> Vec<String> {
    run_limited(Command::new(tesseract).arg("--list-langs"), limit)
        .map(|out| {
            String::from_utf8_lossy(&out)
                .lines()
                .skip(1)
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// OCR settings passed to the worker.
#[derive(Clone, Debug, Default)]
pub(crate) struct OcrSettings {
    pub(crate) mode: OcrMode,
    /// tesseract's `-l` value (`vie+eng`); `None` chooses from the document.
    pub(crate) langs: Option<String>,
}

/// OCRs the pages of `pdf` that need it (all of them with [`OcrMode::Always`]), replacing their
/// text and recording in `pdf.warnings` which pages were read by OCR, in which language, or why not.
pub(crate) fn ocr_pages(bytes: &[u8], pdf: &mut PdfText, settings: &OcrSettings, budget: Duration) {
    let pages: Vec<u32> = match settings.mode {
        OcrMode::Never => return,
        OcrMode::Auto => pdf.pages_without_text.clone(),
        OcrMode::Always => (1..=u32::try_from(pdf.pages.len()).unwrap_or(u32::MAX)).collect(),
    };
    if pages.is_empty() {
        return;
    }
    let first = pages.first().copied().unwrap_or(1);
    let (Some(tesseract), Some(pdftoppm)) = (find_program("tesseract"), find_program("pdftoppm"))
    else {
        let missing = if find_program("tesseract").is_none() {
            "tesseract"
        } else {
            "pdftoppm"
        };
        pdf.warnings.push(format!(
            "page {first}{}: not OCR'd: {missing} is not installed (install tesseract-ocr with \
             tesseract-ocr-vie/-fas and poppler-utils; see docs/pdf.md)",
            if pages.len() > 1 { " and others" } else { "" }
        ));
        return;
    };
    let deadline = Instant::now() + budget;
    let dir = match tempfile::Builder::new().prefix("docfacts-ocr-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            pdf.warnings
                .push(format!("page {first}: not OCR'd: temporary directory: {e}"));
            return;
        }
    };
    let input = dir.path().join("in.pdf");
    if let Err(e) = std::fs::write(&input, bytes) {
        pdf.warnings
            .push(format!("page {first}: not OCR'd: temporary file: {e}"));
        return;
    }
    let ocr = Ocr {
        pdftoppm,
        tesseract,
        deadline,
        dir,
        pdf: input,
    };
    // Languages: given, or from the text layer of the pages that are not OCR'd (all of them in
    // `always` mode), or from tesseract's script detection on the first page, keeping only the
    // installed models.
    let installed = installed_langs(&ocr.tesseract, budget.min(Duration::from_secs(10)));
    let mut langs: Option<String> = settings.langs.clone().or_else(|| {
        let rest: String = pdf
            .pages
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                settings.mode == OcrMode::Always
                    || !pdf.pages_without_text.contains(&(*i as u32 + 1))
            })
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        lang_from_text(&rest).map(str::to_owned)
    });
    for number in pages {
        let image = match ocr.render(number) {
            Ok(image) => image,
            Err(e) => {
                pdf.warnings.push(not_ocrd(number, &e, "rendering"));
                if matches!(e, RunError::Timeout) {
                    break;
                }
                continue;
            }
        };
        let langs = langs
            .get_or_insert_with(|| {
                let lang = ocr.script_lang(&image).unwrap_or("vie");
                if installed.iter().any(|l| l == lang) || installed.is_empty() {
                    lang.to_owned()
                } else if installed.iter().any(|l| l == "eng") {
                    "eng".to_owned()
                } else {
                    lang.to_owned()
                }
            })
            .clone();
        let result = ocr.read(&image, &langs);
        let _ = std::fs::remove_file(&image);
        match result {
            Ok(text) if text.chars().any(char::is_alphanumeric) => {
                if let Some(page) = pdf.pages.get_mut(number as usize - 1) {
                    *page = text;
                }
                pdf.warnings
                    .push(format!("page {number}: text from OCR (tesseract, {langs})"));
            }
            Ok(_) => pdf.warnings.push(format!(
                "page {number}: OCR found no text (tesseract, {langs})"
            )),
            Err(e) => {
                pdf.warnings.push(not_ocrd(number, &e, "tesseract"));
                if matches!(e, RunError::Timeout) {
                    break;
                }
            }
        }
    }
}

fn not_ocrd(number: u32, e: &RunError, step: &str) -> String {
    match e {
        RunError::Timeout => format!(
            "page {number}: not OCR'd: the PDF time limit was used up (raise --pdf-timeout); \
             later pages are not OCR'd either"
        ),
        RunError::Failed(why) => format!("page {number}: not OCR'd: {step} failed ({why})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_from_the_text_layer() {
        assert_eq!(
            lang_from_text("Chủ tịch Ủy ban nhân dân tỉnh ban hành quyết định số 12"),
            Some("vie")
        );
        assert_eq!(
            lang_from_text("The committee approved the budget for the year 2024."),
            Some("eng")
        );
        assert_eq!(
            lang_from_text("گزارش عملکرد سازمان برنامه و بودجه کشور در سال ۱۴۰۲"),
            Some("fas")
        );
        assert_eq!(lang_from_text("12 3"), None);
    }

    #[test]
    fn tesseract_text_is_cleaned() {
        assert_eq!(clean("a  \n\n\n b\n\u{c}"), "a\n\n b");
        assert_eq!(clean("Chu\u{309} ti\u{323}ch"), "Chủ tịch");
    }
}

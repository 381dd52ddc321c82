use std::io::Read;

use docfacts_types::{ErrorKind, Source, SourceFormat};
use sha2::{Digest, Sha256};

use crate::{IngestError, Input, InputOrigin, decode_text};

/// Limits and choices for reading inputs.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct IngestOptions {
    /// Inputs larger than this many bytes are refused with [`ErrorKind::TooLarge`].
    pub max_bytes: u64,
    /// How PDF inputs are isolated (worker process, limits).
    pub pdf: crate::PdfOptions,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            max_bytes: 64 * 1024 * 1024,
            pdf: crate::PdfOptions::default(),
        }
    }
}

/// A decoded document: the source text every offset refers to, and what is known of its origin.
#[derive(Clone, Debug)]
pub struct Document {
    /// The source text (UTF-8). Facts are reported as byte spans into it.
    pub text: String,
    /// Path, format, encoding, size and hash.
    pub source: Source,
    /// For paged formats, the byte offset where each page starts in `text` (pages are joined by `\f`).
    pub page_starts: Option<Vec<usize>>,
    /// Problems that did not stop reading.
    pub warnings: Vec<String>,
}

/// An input's bytes, read and hashed but not yet decoded (see [`load`] and [`decode`]).
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The raw bytes.
    pub bytes: Vec<u8>,
    /// Path, size and SHA-256 of `bytes` (format and encoding are set by [`decode`]).
    pub source: Source,
}

/// Reads and decodes one input: [`load`] then [`decode`].
///
/// # Errors
/// An [`IngestError`] for unreadable, empty, binary, oversized or undecodable input; it keeps the
/// path, size and hash where they are known.
pub fn read(input: &Input, options: &IngestOptions) -> Result<Document, IngestError> {
    decode(load(input, options)?, options)
}

/// Reads one input's bytes and hashes them, without decoding: enough to tell duplicates apart
/// before the costly analysis.
///
/// # Errors
/// As [`read`], for the reading part (missing, unreadable, oversized inputs).
pub fn load(input: &Input, options: &IngestOptions) -> Result<Loaded, IngestError> {
    if let Some(err) = input.listing_failure() {
        return Err(err);
    }
    let mut source = Source {
        path: input.display.clone(),
        ..Source::default()
    };
    let io_err = |e: std::io::Error, source: &Source| {
        IngestError::new(ErrorKind::Io, format!("cannot read: {e}"), source.clone())
    };
    let bytes: Vec<u8> = match &input.origin {
        InputOrigin::File(path) => {
            let meta = std::fs::metadata(path).map_err(|e| io_err(e, &source))?;
            if meta.is_dir() {
                return Err(IngestError::new(ErrorKind::Io, "is a directory", source));
            }
            match FileKind::of(&meta) {
                FileKind::Regular => {}
                FileKind::Stream => {
                    // A pipe or terminal named as an input (`<(zcat f)`, `/dev/stdin`): read once,
                    // like standard input, never waiting for a writer that is not there.
                    let stream = open_stream(path).map_err(|e| io_err(e, &source))?;
                    let bytes = read_limited(stream, 0, options).map_err(|e| io_err(e, &source))?;
                    return hashed(bytes, source, options);
                }
                FileKind::Other(what) => {
                    let message = format!("not a regular file ({what}): not read");
                    return Err(IngestError::new(ErrorKind::Io, message, source));
                }
            }
            source.bytes = meta.len();
            if meta.len() > options.max_bytes {
                return Err(too_large(meta.len(), options, source));
            }
            let file = std::fs::File::open(path).map_err(|e| io_err(e, &source))?;
            read_limited(file, meta.len(), options).map_err(|e| io_err(e, &source))?
        }
        InputOrigin::Stdin => {
            read_limited(std::io::stdin().lock(), 0, options).map_err(|e| io_err(e, &source))?
        }
        InputOrigin::Memory(bytes) => bytes.to_vec(),
        InputOrigin::Member(member) => member
            .open(options.max_bytes)
            .map_err(|(kind, message)| IngestError::new(kind, message, source.clone()))?,
    };
    hashed(bytes, source, options)
}

/// Decodes bytes already read; `source.path` should be set by the caller.
///
/// # Errors
/// As [`read`].
pub fn read_bytes(
    bytes: Vec<u8>,
    source: Source,
    options: &IngestOptions,
) -> Result<Document, IngestError> {
    decode(hashed(bytes, source, options)?, options)
}

/// Sets the size and hash, refusing bytes over the size limit.
fn hashed(
    bytes: Vec<u8>,
    mut source: Source,
    options: &IngestOptions,
) -> Result<Loaded, IngestError> {
    source.bytes = bytes.len() as u64;
    if source.bytes > options.max_bytes {
        return Err(too_large(source.bytes, options, source));
    }
    source.sha256 = Some(hex(&Sha256::digest(&bytes)));
    Ok(Loaded { bytes, source })
}

/// Decodes loaded bytes (PDF or text) into a [`Document`].
///
/// # Errors
/// As [`read`], for the decoding part (binary, undecodable, damaged PDF).
pub fn decode(loaded: Loaded, options: &IngestOptions) -> Result<Document, IngestError> {
    let Loaded { bytes, mut source } = loaded;
    if is_pdf(&bytes) {
        return crate::pdf::read_pdf(&bytes, source, options);
    }
    if has_pdf_extension(&source.path) && !bytes.is_empty() {
        return Err(IngestError::new(
            ErrorKind::UnsupportedFormat,
            "not a PDF: the file is named .pdf but its content has no %PDF- header",
            source,
        ));
    }
    match decode_text(&bytes) {
        Ok(decoded) => {
            source.format = SourceFormat::Text;
            source.encoding = Some(decoded.encoding.to_owned());
            Ok(Document {
                text: decoded.text,
                source,
                page_starts: None,
                warnings: Vec::new(),
            })
        }
        Err((kind, message)) => Err(IngestError::new(kind, message, source)),
    }
}

/// What a path names, as far as reading it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file: its size is known, it can be read twice (sniffed, then read).
    Regular,
    /// A pipe or a character device: read once, as it comes, like standard input.
    Stream,
    /// A socket or block device (named): never read.
    Other(&'static str),
}

impl FileKind {
    /// The kind of the file `meta` describes (links followed).
    pub fn of(meta: &std::fs::Metadata) -> FileKind {
        let kind = meta.file_type();
        if kind.is_file() {
            return FileKind::Regular;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() || kind.is_char_device() {
                return FileKind::Stream;
            }
            if kind.is_socket() {
                return FileKind::Other("a socket");
            }
            if kind.is_block_device() {
                return FileKind::Other("a block device");
            }
        }
        FileKind::Other("not a file")
    }
}

/// Opens a pipe or device for reading without blocking in `open` (a FIFO with no writer would
/// wait there forever), then reads it blocking: with no writer, the first read says end of file.
fn open_stream(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
        use std::os::unix::fs::OpenOptionsExt;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(OFlags::NONBLOCK.bits() as i32)
            .open(path)?;
        let flags = fcntl_getfl(&file)?;
        fcntl_setfl(&file, flags - OFlags::NONBLOCK)?;
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        std::fs::File::open(path)
    }
}

/// Reads at most `max_bytes + 1` bytes, so that a stream larger than the limit is caught without
/// reading it whole. `expected`: the size the file says it has (0 when unknown), so that a file is
/// read in one call into a buffer of the right size, not grown a step at a time.
fn read_limited(
    reader: impl Read,
    expected: u64,
    options: &IngestOptions,
) -> std::io::Result<Vec<u8>> {
    let room = expected.min(options.max_bytes).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(room).unwrap_or(0));
    reader
        .take(options.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn too_large(len: u64, options: &IngestOptions, source: Source) -> IngestError {
    IngestError::new(
        ErrorKind::TooLarge,
        format!(
            "{len} bytes is over the limit of {} bytes (raise it with --max-bytes)",
            options.max_bytes
        ),
        source,
    )
}

fn has_pdf_extension(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// PDF is recognised by content: `%PDF-` within the first KiB, as readers accept it.
fn is_pdf(bytes: &[u8]) -> bool {
    let head = crate::decode::head(bytes, 1024);
    head.windows(5).any(|w| w == b"%PDF-")
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write;
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

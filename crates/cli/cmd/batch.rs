//! `docfacts extract`'s batch options; the batch itself is the library's ([`docfacts::batch`]).

use std::path::PathBuf;

use docfacts::batch::BatchOptions;

/// Filters and summary options of `docfacts extract`.
#[derive(Debug, clap::Args)]
pub(crate) struct BatchArgs {
    /// Only inputs whose path matches GLOB (repeatable). Archive members match as
    /// `container!/member/path`; `*` crosses `/`.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Leave out inputs whose path matches GLOB (repeatable); listed as skipped in the summary.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Only these formats, by content (comma-separated: txt, pdf); others are skipped and listed.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    formats: Vec<String>,
    /// Members of one archive may hold at most this many bytes together (uncompressed).
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024 * 1024)]
    max_archive_bytes: u64,
    /// A zip member over 1 MiB expanding more than this many times its compressed size is refused.
    #[arg(long, value_name = "N", default_value_t = 200)]
    max_archive_ratio: u64,
    /// Write a JSON summary of the batch to FILE.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
}

impl BatchArgs {
    /// The library's options.
    pub(crate) fn options(&self) -> BatchOptions {
        BatchOptions {
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            formats: self.formats.clone(),
            max_archive_bytes: self.max_archive_bytes,
            max_archive_ratio: self.max_archive_ratio,
        }
    }

    /// `--summary FILE`.
    pub(crate) fn summary_path(&self) -> Option<&std::path::Path> {
        self.summary.as_deref()
    }
}
